"""Forward-porting one patch at a time: the strategy ladder.

Per patch, in order, the first that succeeds:
  patch-id of an upstream commit   -> dropped-upstream (that commit named)
  exact apply (no fuzz)            -> clean
  reverse applies on the new base  -> dropped-upstream (already there, maybe in another form)
  3-way merge with rename detection, clean
                                   -> merged (or dropped-upstream if it adds nothing)
  conflicts only in files already upstream, or with recorded resolutions
                                   -> merged / resolved (the patch shrinks to what is left)
  otherwise                        -> conflict

Every step works on trees through ``SparseTrees``: a patch is applied on a
temporary index holding only its own files and grafted into the tree, so a
step costs what the patch touches, never the 80,000 files of a kernel tree.
"""

from __future__ import annotations

from dataclasses import dataclass

from xenpatch.core.diff import split_file_diffs
from xenpatch.core.model import Outcome
from xenpatch.core.patch import Patch
from xenpatch.core.resolutions import Resolution, apply_recorded, conflict_hunks, take_theirs
from xenpatch.core.revs import PatchRecord
from xenpatch.gitio.objects import ObjectReader
from xenpatch.gitio.repo import ls_tree_paths, pickaxe, tree_of
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.sparse import SparseTrees
from xenpatch.gitio.writes import ApplyFailed, MergeResult, commit_tree, hash_blob, merge_trees
from xenpatch.pipeline.common import patch_paths
from xenpatch.pipeline.forward import Stack, stack_message


@dataclass(frozen=True)
class Step:
    record: PatchRecord
    commit: ObjectId | None  # the new stack commit (None when dropped or conflicting)
    merge: MergeResult | None = None  # the conflicted merge, for a conflict


def _distinctive_line(patch: Patch) -> str | None:
    """The longest added (else removed) line: a good pickaxe needle."""
    best = b""
    for line in patch.diff.splitlines():
        if line.startswith((b"+++", b"---")):
            continue
        if line.startswith(b"+") and len(line.strip()) > len(best):
            best = line[1:].strip()
    if not best:
        for line in patch.diff.splitlines():
            if line.startswith(b"-") and not line.startswith(b"---") and len(line.strip()) > len(best):
                best = line[1:].strip()
    try:
        return best.decode() if len(best) >= 8 else None
    except UnicodeDecodeError:
        return None


class Forwarder:
    """Carries the new stack forward, one patch per ``step``."""

    def __init__(
        self,
        git: Git,
        reader: ObjectReader,
        stack: Stack,
        patches: list[tuple[str, Patch]],
        strips: dict[str, int],
        onto: str,
        new_head: str,
        upstream_pids: dict[str, ObjectId],
        pids: list[str | None],
        resolutions: dict[str, Resolution],
    ) -> None:
        self.git = git
        self.reader = reader
        self.stack = stack
        self.patches = patches
        self.strips = strips
        self.onto = onto
        self.upstream_pids = upstream_pids
        self.pids = pids
        self.resolutions = resolutions
        self.new_head = ObjectId(new_head)
        self.head_tree = tree_of(git, new_head)
        self.trees = SparseTrees(git, reader)

    def close(self) -> None:
        self.trees.close()

    def _take(self, i: int, tree: ObjectId) -> ObjectId:
        """Commit ``tree`` as patch i on top of the new stack and make it the head."""
        commit = self._commit(i, tree)
        self.new_head, self.head_tree = commit, tree
        return commit

    def _record(self, i: int, outcome: Outcome, **kw: object) -> PatchRecord:
        name, patch = self.patches[i]
        return PatchRecord(name=name, outcome=outcome, subject=patch.subject or name, **kw)  # type: ignore[arg-type]

    def _commit(self, i: int, tree: ObjectId) -> ObjectId:
        name, patch = self.patches[i]
        return commit_tree(self.git, tree, [self.new_head], stack_message(name, patch))

    def _find_upstream(self, patch: Patch) -> str | None:
        needle = _distinctive_line(patch)
        paths = sorted({f.path for f in patch.files if f.path})
        if not needle or not paths:
            return None
        return pickaxe(self.git, self.stack.base, self.onto, needle, paths)

    def step(self, i: int) -> Step:
        name, patch = self.patches[i]
        strip = self.strips.get(name, 1)
        pid = self.pids[i] if i < len(self.pids) else None
        if pid and pid in self.upstream_pids:
            return Step(self._record(i, Outcome.DROPPED_UPSTREAM, upstream_commit=self.upstream_pids[pid],
                                     detail="same patch-id as an upstream commit"), None)
        if not patch.diff.strip():
            commit = self._take(i, self.head_tree)
            return Step(self._record(i, Outcome.CLEAN, commit=commit, detail="no diff"), commit)
        paths = patch_paths(patch, strip)
        try:
            tree = self.trees.apply(self.head_tree, patch.diff, paths, strip=strip)
        except ApplyFailed:
            pass
        else:
            commit = self._take(i, tree)
            return Step(self._record(i, Outcome.CLEAN, commit=commit), commit)
        if self.trees.check(self.head_tree, patch.diff, paths, strip=strip, reverse=True):
            return Step(self._record(i, Outcome.DROPPED_UPSTREAM, upstream_commit=self._find_upstream(patch),
                                     detail="already in the new base (its reverse applies)"), None)
        merge = merge_trees(self.git, self.stack.parent(i), self.new_head, self.stack.commits[i])
        if merge.clean:
            if merge.tree == self.head_tree:
                return Step(self._record(i, Outcome.DROPPED_UPSTREAM, upstream_commit=self._find_upstream(patch),
                                         detail="the 3-way merge adds nothing"), None)
            commit = self._take(i, merge.tree)
            return Step(self._record(i, Outcome.MERGED, commit=commit), commit)
        return self._settle_conflicts(i, patch, strip, merge)

    def _settle_conflicts(self, i: int, patch: Patch, strip: int, merge: MergeResult) -> Step:
        upstream_files = {
            change.path for change, text in split_file_diffs(patch.diff, strip=strip)
            if self.trees.check(self.head_tree, text, [p for p in (change.old_path, change.new_path) if p],
                                strip=strip, reverse=True)
        }
        entries: dict[str, tuple[str, str] | None] = {}
        used: list[str] = []
        unresolved: list[str] = []
        for path in merge.conflicts:
            if path in upstream_files:
                entries[path] = ls_tree_paths(self.git, self.head_tree, [path]).get(path)
                continue
            blob = self.reader.blob_or_none(f"{merge.tree}:{path}")
            # a conflict without markers (modify/delete, add/add of binaries) has
            # nothing a recorded resolution could replace
            fixed = apply_recorded(blob, self.resolutions) if blob is not None and conflict_hunks(blob) else None
            if fixed is None:
                unresolved.append(path)
                continue
            mode = ls_tree_paths(self.git, merge.tree, [path])[path][0]
            entries[path] = (mode, hash_blob(self.git, fixed))
            used.append(path)
        if unresolved:
            return Step(self._record(i, Outcome.CONFLICT, conflicts=tuple(merge.conflicts),
                                     detail="conflicts in " + ", ".join(unresolved)), None, merge)
        tree = self.trees.edit(merge.tree, entries)
        if tree == self.head_tree:
            return Step(self._record(i, Outcome.DROPPED_UPSTREAM, upstream_commit=self._find_upstream(patch),
                                     detail="already in the new base in another form"), None)
        commit = self._take(i, tree)
        notes = []
        if upstream_files & set(merge.conflicts):
            notes.append("partly merged upstream: " + ", ".join(sorted(upstream_files & set(merge.conflicts))))
        if used:
            notes.append("recorded resolution for " + ", ".join(used))
        outcome = Outcome.RESOLVED if used else Outcome.MERGED
        return Step(self._record(i, outcome, commit=commit, detail="; ".join(notes)), commit)


    def provisional(self, i: int, merge: MergeResult) -> ObjectId:
        """Carry a conflicting patch forward as if it were resolved in its own favour.

        Each conflict region keeps the patch's side; a conflict without markers
        (modify/delete, add/add) keeps the patch's version of the file. Later
        patches then meet the context they were written against, so a conflict
        in this patch does not cascade into them, while upstream changes
        anywhere else still reach them: only conflicts the new upstream causes
        in a later patch itself are charged to it. The provisional commit is
        for triage only and never becomes a rev's patch.
        """
        entries: dict[str, tuple[str, str] | None] = {}
        theirs = {p: (mode, oid) for p, stage, mode, oid in merge.stages if stage == 3}
        for path in merge.conflicts:
            blob = self.reader.blob_or_none(f"{merge.tree}:{path}")
            if blob is not None and conflict_hunks(blob):
                mode = ls_tree_paths(self.git, merge.tree, [path])[path][0]
                entries[path] = (mode, hash_blob(self.git, take_theirs(blob)))
            else:
                entries[path] = theirs.get(path)
        tree = self.trees.edit(merge.tree, entries)
        commit = commit_tree(self.git, tree, [self.new_head],
                             stack_message(*self.patches[i]) + b"Xenpatch-Provisional: conflict kept on the patch side\n")
        self.new_head, self.head_tree = commit, tree
        return commit


