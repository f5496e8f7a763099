"""The bundled example: a deterministic, kernel-like git repository with a Xen-like fork.

``build_example(dest)`` writes it; ``python -m xenpatch.example DEST`` does the same from the
shell; ``python -m xenpatch.example.buildcheck [DIR]`` is the example tree's stand-in for
``make`` (a static check of includes, Kconfig/Makefile glue and called functions).
"""

from xenpatch.example.generator import (
    CULPRITS,
    FORK_BRANCH,
    FORK_CHANGED_FILES,
    FORK_NEW_FILES,
    REVS,
    SUBJECT_API_RENAME,
    SUBJECT_BACKPORT,
    SUBJECT_IRQ_REWORK,
    SUBJECT_MERGED,
    SUBJECT_RENAME,
    UPSTREAM_BRANCH,
    Example,
    build_example,
)

__all__ = [
    "CULPRITS",
    "FORK_BRANCH",
    "FORK_CHANGED_FILES",
    "FORK_NEW_FILES",
    "REVS",
    "SUBJECT_API_RENAME",
    "SUBJECT_BACKPORT",
    "SUBJECT_IRQ_REWORK",
    "SUBJECT_MERGED",
    "SUBJECT_RENAME",
    "UPSTREAM_BRANCH",
    "Example",
    "build_example",
]
