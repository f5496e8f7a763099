"""Shared forward-port machinery: old stacks, upstream patch-ids, prefix merges.

Both ``rebase`` and ``score`` need the same answers (does patch i conflict on
the new base, and is that the new upstream's doing?), so both use these
functions and cannot disagree.

Conflict attribution without cascading (``rebase --keep-going``): a conflicting
patch is carried forward provisionally, resolved in its own favour region by
region (``Forwarder.provisional``), so later patches meet the context they were
written against and are charged only with conflicts the new upstream causes
in them. That keeps triage at the cost of one cheap pick per patch; merging
each whole old prefix into the new base answers the same question but costs
seconds per patch on a kernel tree (score does it only on pruned trees).
"""

from __future__ import annotations

from dataclasses import dataclass

from xenpatch.core.patch import Patch
from xenpatch.gitio.objects import ObjectReader
from xenpatch.gitio.repo import log_patches, patch_ids
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.writes import MergeResult, commit_tree
from xenpatch.pipeline.common import apply_series
from xenpatch.pipeline.progress import Progress

MARKER = b"<<<<<<< "


@dataclass(frozen=True)
class Stack:
    """A series applied on a base as a chain of commits (one per patch)."""

    base: ObjectId
    commits: tuple[ObjectId, ...]
    names: tuple[str, ...]

    def parent(self, i: int) -> ObjectId:
        return self.commits[i - 1] if i > 0 else self.base

    @property
    def head(self) -> ObjectId:
        return self.commits[-1] if self.commits else self.base


def stack_message(name: str, patch: Patch) -> bytes:
    subject = patch.subject or name
    return f"{subject}\n\nXenpatch-Patch: {name}\n".encode()


def build_stack(
    git: Git,
    base: str,
    patches: list[tuple[str, Patch]],
    strips: dict[str, int] | None = None,
    progress: Progress | None = None,
) -> Stack:
    """Commit every patch on top of the previous one, starting at ``base``.

    Commits use a fixed identity and date, so the same series on the same base
    always gives the same commit ids (refs/xenpatch stay reproducible).
    """
    trees = apply_series(git, base, patches, strips, progress, what=f"base {base[:12]}")
    commits: list[ObjectId] = []
    parent = ObjectId(base)
    for (name, patch), tree in zip(patches, trees):
        parent = commit_tree(git, tree, [parent], stack_message(name, patch))
        commits.append(parent)
    return Stack(ObjectId(base), tuple(commits), tuple(n for n, _ in patches))


def stack_patch_ids(git: Git, stack: Stack) -> list[str | None]:
    """patch-id of every stack commit, in one ``log -p | patch-id`` pipeline."""
    if not stack.commits:
        return []
    log = log_patches(git, f"{stack.base}..{stack.head}")
    ids = dict((c, p) for p, c in patch_ids(git, log))
    return [ids.get(c) for c in stack.commits]


def upstream_patch_ids(git: Git, base: str, onto: str, paths: list[str]) -> dict[str, ObjectId]:
    """patch-id -> upstream commit for commits in base..onto touching ``paths``.

    Restricting the log to the queue's paths (with --full-diff so each commit's
    whole diff is hashed) keeps this proportional to the relevant part of the
    upstream range, like ``git rebase``'s cherry detection but cheaper.
    """
    if not paths:
        return {}
    log = log_patches(git, f"{base}..{onto}", sorted(set(paths)), full_diff=True)
    result: dict[str, ObjectId] = {}
    for pid, commit in patch_ids(git, log):
        result.setdefault(pid, ObjectId(commit))
    return result


def conflict_regions(reader: ObjectReader, merge: MergeResult) -> dict[str, int]:
    """Number of conflict regions per conflicted path (1 for marker-less conflicts)."""
    regions: dict[str, int] = {}
    for path in merge.conflicts:
        blob = reader.blob_or_none(f"{merge.tree}:{path}")
        count = 0
        if blob is not None:
            count = sum(1 for line in blob.splitlines() if line.startswith(MARKER))
        regions[path] = max(count, 1)
    return regions


def new_conflicts(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    """Conflict regions in ``after`` that ``before`` did not have, per path."""
    return {p: n - before.get(p, 0) for p, n in after.items() if n > before.get(p, 0)}
