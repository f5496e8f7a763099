"""The bundled example: a deterministic, kernel-like git repository with a Xen-like fork.

Demo and test data, not part of the installed xenpatch package (it needs only Python and git).
From the root of the xenpatch checkout: ``python -m example DEST`` writes the repository,
``python example/buildcheck.py [DIR]`` is the example tree's stand-in for ``make`` (a static check
of includes, Kconfig/Makefile glue and called functions). The file texts are plain files under
``example/kernel/``; ``generator.py`` is the history made of them.
"""

from example.generator import (
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
    ExampleError,
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
    "ExampleError",
    "build_example",
]
