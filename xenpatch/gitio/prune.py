"""Dry-run merges at kernel scale: commits pruned to the paths that can matter.

A 3-way merge of a whole queue prefix into a new kernel costs seconds
(``merge-tree`` walks the whole upstream change and runs rename detection over
thousands of added and deleted files), and ``score``'s culprit bisection needs
a few of them per conflicting patch, at upstream commits all over the range.
But a merge can only conflict where the queue changes something, so the same
merge on trees that hold just those paths (plus where upstream renamed them
to, and the renames that decide a directory rename) gives the same per-path
results at the cost of the queue, not of the tree.

``Pruner.commit(X, parent)`` is such a commit: X's tree cut down to the paths.
Made children of one pruned base, any two of them merge with that base as the
merge base (``Prober``), so a probe costs one ``merge-tree`` on a few files.
"""

from __future__ import annotations

from typing import Iterable

from xenpatch.errors import GitError
from xenpatch.gitio.merge import MergeResult, _parse_merge_tree, merge_trees
from xenpatch.gitio.objects import commit_tree
from xenpatch.gitio.repo import EMPTY_TREE
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.trees import TreeEditor, TreeWalker

PRUNED_MESSAGE = b"xenpatch: pruned to the queue's paths (score)\n"


class Pruner:
    """Commits restricted to a fixed set of paths, built in process: the paths' entries looked
    up in the commit's tree and written as a tree of their own."""

    def __init__(self, git: Git, paths: Iterable[str]) -> None:
        self.git = git
        self.paths = sorted(set(paths))
        self._cache: dict[tuple[str, str], ObjectId] = {}
        self._walker = TreeWalker(git.reader)
        self._editor = TreeEditor(self._walker, git.writer)

    def tree(self, commit: str) -> ObjectId:
        """``commit``'s tree with only the paths."""
        entries = self._walker.entries(self._walker.root(commit), self.paths) if self.paths else {}
        if not entries:
            return EMPTY_TREE
        return ObjectId(self._editor.edit(EMPTY_TREE, dict(entries)))

    def commit(self, commit: str, parent: str | None = None) -> ObjectId:
        """``commit`` pruned, with ``parent`` (default: ``commit`` itself) as its parent.

        Pruned commits that are merged together must descend from the same
        pruned merge base, or git would take the full tree as the base.
        """
        key = (commit, parent or commit)
        found = self._cache.get(key)
        if found is None:
            found = commit_tree(self.git, self.tree(commit), [parent or commit], PRUNED_MESSAGE)
            self._cache[key] = found
        return found

    def merged(self, mainline: str, side: str, parent: str | None = None) -> ObjectId | None:
        """A pruned commit of a real merge of ``side`` into ``mainline`` (None if that
        merge conflicts): upstream as a merge commit would have made it had the side
        branch ended at ``side``."""
        rc, out, err = self.git.run_status(["merge-tree", "--write-tree", "-z", mainline, side])
        if rc == 1:
            return None
        if rc != 0:
            raise GitError(["merge-tree", mainline, side], rc, err)
        tree = ObjectId(out.split(b"\0", 1)[0].decode().strip())
        full = commit_tree(self.git, tree, [mainline, side], b"xenpatch: partial upstream merge (score)\n")
        return self.commit(full, parent)


class Prober:
    """``merge(ours, theirs)``: the 3-way merge with ``base`` as merge base, in memory.

    Both sides must be children of ``base`` (pruned commits made with it as
    parent), so git finds ``base`` as the merge base by itself, on 2.39 too: one
    ``merge-tree`` per question, no synthetic merge side.
    """

    def __init__(self, git: Git, base: str) -> None:
        self.git = git
        self.base = base
        self._modern = git.version() >= (2, 40)
        self.merges = 0

    def merge(self, ours: str, theirs: str) -> MergeResult:
        self.merges += 1
        if self._modern:
            return merge_trees(self.git, self.base, ours, theirs)
        args = ["merge-tree", "--write-tree", "-z", "--messages", ours, theirs]
        rc, out, err = self.git.run_status(args)
        if rc not in (0, 1):
            raise GitError(args, rc, err)
        return _parse_merge_tree(out, rc)
