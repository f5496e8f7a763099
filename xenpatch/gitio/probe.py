"""Dry-run prefix merges at many upstream points, for culprit bisection.

``writes.merge_trees(git, B, X, C)`` is the merge rebase and score agree on.
Bisection asks it about the same few upstream commits X for every conflicting
patch, so this keeps, per X, the merge side git 2.39 needs (a synthetic commit
with X's tree and parent B, the same object ``merge_trees`` builds: same tree,
parent, identity and message give the same id) and runs one ``merge-tree`` per
question instead of three processes.
"""

from __future__ import annotations

from xenpatch.errors import GitError
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.writes import MergeResult, _parse_merge_tree, commit_tree, merge_trees

SYNTHETIC_MESSAGE = b"xenpatch: synthetic merge side\n"


class Prober:
    """``merge(ours, theirs)`` == ``merge_trees(git, base, ours, theirs)``, cheaper when repeated."""

    def __init__(self, git: Git, base: str) -> None:
        self.git = git
        self.base = base
        self._modern = git.version() >= (2, 40)
        self._sides: dict[str, ObjectId] = {}
        self.merges = 0

    def _side(self, ours: str) -> ObjectId:
        side = self._sides.get(ours)
        if side is None:
            side = commit_tree(self.git, f"{ours}^{{tree}}", [self.base], SYNTHETIC_MESSAGE)
            self._sides[ours] = side
        return side

    def merge(self, ours: str, theirs: str) -> MergeResult:
        self.merges += 1
        if self._modern:
            return merge_trees(self.git, self.base, ours, theirs)
        args = ["merge-tree", "--write-tree", "-z", "--messages", self._side(ours), theirs]
        rc, out, err = self.git.run_status(args)
        if rc not in (0, 1):
            raise GitError(args, rc, err)
        return _parse_merge_tree(out, rc)

    def merge_upstream(self, mainline: str, side: str) -> ObjectId | None:
        """The tree of a real merge of ``side`` into ``mainline`` (None if it conflicts):
        what upstream would look like had a merge commit taken ``side`` only so far."""
        rc, out, err = self.git.run_status(["merge-tree", "--write-tree", "-z", mainline, side])
        if rc == 1:
            return None
        if rc != 0:
            raise GitError(["merge-tree", mainline, side], rc, err)
        tree = ObjectId(out.split(b"\0", 1)[0].decode().strip())
        return commit_tree(self.git, tree, [mainline, side], b"xenpatch: partial upstream merge\n")
