"""The series stabilize checks: the applied patches on the new base, conflicts left out.

Why not check the forward-port's own stack: past a conflict, a keep-going
forward-port carries the conflicting patch provisionally (its side of every
conflict kept, ``Xenpatch-Provisional:`` in the message) so that later patches
are judged against the context they were written for.  That commit is a
triage device, not code anyone wrote, and a build of it proves nothing.  So
the check series is rebuilt from the applied patches only: up to the first
conflict it is the forward-port's stack itself; after it, each applied patch's
forward-ported change (its commit against its parent in the candidate stack)
is re-applied in order on a stack without the left-out patches, exactly where
it can be (``TreePatcher``: the cost of the patch, not of the tree), else by an
in-memory 3-way merge.  A patch that does not go on either way needed a
left-out one and is left out too, with the reason.  A conflict in patch 5 then
no longer hides a build break in patch 8.
"""

from __future__ import annotations

from dataclasses import dataclass

from xenpatch.core.model import Outcome
from xenpatch.core.patch import diff_paths, patch_paths
from xenpatch.core.queue import Queue
from xenpatch.engine import ForwardPort, stack_message
from xenpatch.errors import BadInput
from xenpatch.gitio.apply import TreePatcher
from xenpatch.gitio.diffs import diff_trees
from xenpatch.gitio.index import ApplyFailed
from xenpatch.gitio.merge import merge_trees
from xenpatch.gitio.objects import commit_tree
from xenpatch.gitio.repo import resolve, tree_of
from xenpatch.gitio.run import Git, ObjectId


@dataclass(frozen=True)
class LeftOut:
    patch: str
    reason: str


@dataclass(frozen=True)
class CheckSeries:
    """Commits on the new base, one per checked patch, in series order."""

    base: ObjectId
    names: tuple[str, ...]
    commits: tuple[ObjectId, ...]
    trees: tuple[ObjectId, ...]
    left_out: tuple[LeftOut, ...]

    def prefixes(self) -> list[tuple[str, str]]:
        return list(zip(self.names, self.trees))

    def head(self, k: int) -> ObjectId:
        """The commit after the first ``k`` checked patches (the base for 0)."""
        return self.commits[k - 1] if k > 0 else self.base


@dataclass(frozen=True)
class _Entry:
    name: str
    commit: ObjectId | None  # its commit in the forward-port's candidate stack
    conflicts: tuple[str, ...]  # the files it conflicts in (empty when it applied)


def _entries(fwd: ForwardPort) -> list[_Entry]:
    """What the check series needs from the forward-port result: every patch still in
    the series, with its candidate commit, or the files it conflicts in.  (The one
    place that reads the engine's records; re-point it when the engine's result changes.)"""
    entries = []
    for rec in fwd.records:
        if rec.outcome is Outcome.CONFLICT:
            entries.append(_Entry(rec.name, None, tuple(rec.conflict_files)))
        elif rec.outcome is not Outcome.DROPPED_UPSTREAM and rec.commit:
            entries.append(_Entry(rec.name, ObjectId(rec.commit), ()))
    return entries


def build_check_series(git: Git, queue: Queue, fwd: ForwardPort) -> CheckSeries:
    entries = _entries(fwd)
    base = ObjectId(fwd.onto)
    names: list[str] = []
    commits: list[ObjectId] = []
    trees: list[ObjectId] = []
    left_out: list[LeftOut] = []
    left_paths: dict[str, set[str]] = {}  # left-out patch -> paths it touches
    head, head_tree = base, tree_of(git, base)
    with TreePatcher(git) as sparse:
        for entry in entries:
            if entry.commit is None:
                left_out.append(LeftOut(entry.name, "conflicts with the new upstream in " + ", ".join(entry.conflicts)))
                left_paths[entry.name] = set(entry.conflicts) | _patch_paths(queue, entry.name)
                continue
            if not left_out:
                head, head_tree = entry.commit, ObjectId(sparse.walker.root(entry.commit))
            else:
                parent = resolve(git, f"{entry.commit}^")
                moved = _carry(git, sparse, parent, entry.commit, head, head_tree)
                if moved is None:
                    mine = _patch_paths(queue, entry.name)
                    needs = [n for n, paths in left_paths.items() if paths & mine] or list(left_paths)
                    left_out.append(LeftOut(entry.name, "does not apply without " + ", ".join(needs)))
                    left_paths[entry.name] = mine
                    continue
                head_tree = moved
                head = commit_tree(git, head_tree, [head], stack_message(entry.name, queue.patches[entry.name]))
            names.append(entry.name)
            commits.append(head)
            trees.append(head_tree)
    return CheckSeries(base, tuple(names), tuple(commits), tuple(trees), tuple(left_out))


def _carry(git: Git, sparse: TreePatcher, parent: ObjectId, commit: ObjectId, head: ObjectId,
           head_tree: ObjectId) -> ObjectId | None:
    """The tree of ``head`` with the change parent..commit on it, or None when it does not go on."""
    diff = diff_trees(git, parent, commit, renames=False)
    if not diff.strip():
        return head_tree
    try:
        return sparse.apply(head_tree, diff, diff_paths(diff, 1, "forward-ported patch"))
    except (ApplyFailed, BadInput):
        pass
    merge = merge_trees(git, parent, head, commit)
    return merge.tree if merge.clean else None


def _patch_paths(queue: Queue, name: str) -> set[str]:
    patch = queue.patches.get(name)
    return set(patch_paths(patch)) if patch is not None else set()
