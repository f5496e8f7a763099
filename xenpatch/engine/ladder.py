"""Forward-porting one patch at a time: the strategy ladder, over two heads.

Per patch, in order, the first that succeeds:

  exact apply (no fuzz)                      -> clean
  its reverse applies on the real new base   -> dropped-upstream
  a run starting here is already upstream    -> dropped-upstream, every member (``runs``)
  3-way merge (rename detection), clean      -> merged, or dropped-upstream if it adds nothing
                                                (or only noise, under an upstream commit of
                                                the same subject)
  conflicts only in files already upstream,
  or with recorded resolutions               -> merged / resolved
  an upstream commit has its subject and
  touches its files                          -> dropped-upstream (merged in another form)
  otherwise                                  -> conflict

Two heads move forward together. The *candidate* head carries every patch,
conflicting ones as provisional stand-ins that keep the patch's side of each
conflict region, so that a conflict does not cascade into the patches after
it. The *real* head carries only what truly forward-ported: the series without
the conflicting patches and the patches that cannot apply without them (what
stabilize checks). They differ only in the paths a provisional stand-in
touched (``diverged``). A patch that touches none of those paths is decided
once, on the candidate head, and the same change is spliced into the real
head. A patch that does touch them is also tried on the real head: if the new
base already holds its change there, it is dropped, whatever the provisional
content under it would let it do. That is what keeps a provisional
resolution from resurrecting code upstream already has.

Every step works on trees through ``TreePatcher`` and ``TreeWalker``: a patch
costs what it touches, never the 80,000 files of a kernel tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xenpatch.core.diff import hunks as diff_hunks
from xenpatch.core.diff import split_file_diffs
from xenpatch.core.model import Outcome
from xenpatch.core.patch import Patch, patch_paths
from xenpatch.core.resolutions import (
    Resolution,
    apply_recorded,
    conflict_hunks,
    take_theirs,
)
from xenpatch.core.revs import PatchRecord
from xenpatch.core.scoring import normalize, significant
from xenpatch.core.words import count
from xenpatch.engine.runs import RunFinder
from xenpatch.engine.stack import Stack, provisional_message, stack_message
from xenpatch.engine.upstream import Upstream
from xenpatch.gitio.apply import TreePatcher
from xenpatch.gitio.index import ApplyFailed
from xenpatch.gitio.merge import MergeResult, merge_into_tree, merge_trees
from xenpatch.gitio.objects import commit_tree, short
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.trees import Entry


@dataclass(frozen=True)
class Step:
    record: PatchRecord
    commit: ObjectId | None  # the new stack commit (None when dropped or conflicting)
    merge: MergeResult | None = None  # the conflicted merge, for a conflict


@dataclass
class _Facts:
    paths: list[str]
    added: dict[str, set[bytes]] = field(default_factory=dict)  # new path -> significant added lines


class Forwarder:
    """Carries the candidate and real heads forward, one patch per ``step``."""

    def __init__(
        self,
        git: Git,
        stack: Stack,
        patches: list[tuple[str, Patch]],
        strips: dict[str, int],
        onto: str,
        new_head: str,
        resolutions: dict[str, Resolution],
    ) -> None:
        self.git = git
        self.reader = git.reader
        self.stack = stack
        self.patches = patches
        self.strips = strips
        self.onto = ObjectId(onto)
        self.resolutions = resolutions
        self.new_head = ObjectId(new_head)
        self.real: list[tuple[str, ObjectId]] = []  # (patch, real tree after it) for every truly applied patch
        self.diverged: dict[str, set[str]] = {}  # path -> conflicting patches whose stand-ins changed it
        # path -> upstream lines (normalized) that a provisional stand-in replaced by the patch's side
        self.hidden: dict[str, set[bytes]] = {}
        self.trees = TreePatcher(git)
        self.walker = self.trees.walker
        self.head_tree = self.tree_of(new_head)
        self.real_tree = self.head_tree
        self.upstream = Upstream(git, stack.base, onto)
        self.runs = RunFinder(self)
        self._decided: dict[int, PatchRecord] = {}
        self._facts: dict[int, _Facts] = {}
        self._real_attempts: dict[int, ObjectId | None] = {}  # patch -> its result on the real head, once tried

    def close(self) -> None:
        self.trees.close()

    # -- facts about patches and commits --------------------------------

    def _fact(self, i: int) -> _Facts:
        found = self._facts.get(i)
        if found is None:
            name, patch = self.patches[i]
            strip = self.strips.get(name, 1)
            found = _Facts(patch_paths(patch, strip) if patch.diff.strip() else [])
            if patch.diff.strip():
                for change, text in split_file_diffs(patch.diff, strip=strip):
                    if change.binary or change.new_path is None:
                        continue
                    lines = {normalize(x) for h in diff_hunks(text) for x in h.added if significant(x)}
                    found.added.setdefault(change.new_path, set()).update(lines)
            self._facts[i] = found
        return found

    def paths(self, i: int) -> list[str]:
        return self._fact(i).paths

    def added_lines(self, i: int) -> dict[str, set[bytes]]:
        return self._fact(i).added

    def decided_at(self, i: int) -> bool:
        return i in self._decided

    def tree_of(self, commit: str) -> ObjectId:
        return ObjectId(self.walker.root(commit))

    # -- recording -------------------------------------------------------

    def _record(self, i: int, outcome: Outcome, **kw: object) -> PatchRecord:
        name, patch = self.patches[i]
        return PatchRecord(name=name, outcome=outcome, subject=patch.subject or name, **kw)  # type: ignore[arg-type]

    def _take(self, i: int, tree: ObjectId, changes: dict[str, Entry | None], dependent: bool) -> ObjectId:
        """Commit ``tree`` as patch i on the candidate head and carry the change to the real head."""
        name, patch = self.patches[i]
        before = self.head_tree
        commit = commit_tree(self.git, tree, [self.new_head], stack_message(name, patch))
        self.new_head, self.head_tree = commit, tree
        touched = set(changes) | set(self.paths(i))
        if not dependent and not touched & set(self.diverged):
            self.real_tree = self.trees.edit(self.real_tree, changes)
            self.real.append((name, self.real_tree))
            return commit
        real = self._real_attempts.pop(i) if i in self._real_attempts else self._on_real(i)
        if real is not None:
            self.real_tree = real
            self.real.append((name, real))
        else:
            blockers = set().union(*(self.diverged.get(p, set()) for p in touched)) if touched else set()
            for p in touched:
                self.diverged.setdefault(p, set()).update(blockers or {name})
        self._settle_divergence(touched | set(self.walker.diff(before, tree)))
        return commit

    def _settle_divergence(self, paths: set[str]) -> None:
        for p in paths:
            if self.walker.entry(self.head_tree, p) == self.walker.entry(self.real_tree, p):
                self.diverged.pop(p, None)

    def _on_real(self, i: int) -> ObjectId | None:
        """Patch i forward-ported onto the real head (exact, else a clean 3-way merge), or None."""
        return self._exact_on_real(i) or self._merged_on_real(i)

    def _exact_on_real(self, i: int) -> ObjectId | None:
        name, patch = self.patches[i]
        try:
            return self.trees.apply(self.real_tree, patch.diff, self.paths(i), strip=self.strips.get(name, 1))
        except ApplyFailed:
            return None

    def _merged_on_real(self, i: int) -> ObjectId | None:
        merge = merge_into_tree(self.git, self.stack.parent(i), self.real_tree, self.stack.commits[i])
        return merge.tree if merge.clean else None

    def _in_real_base(self, i: int) -> bool:
        """Does the real new base already hold patch i's change (reverse applies, or merging adds nothing)?

        A patch that applies exactly there does not: its pre-image is still in it. The
        attempt is kept for carrying the patch to the real head afterwards.
        """
        name, patch = self.patches[i]
        exact = self._exact_on_real(i)
        if exact is not None:
            self._real_attempts[i] = exact
            return False
        if self.trees.check(self.real_tree, patch.diff, self.paths(i), strip=self.strips.get(name, 1), reverse=True):
            return True  # dropped: no attempt to keep, and no merge needed to know it
        merged = self._real_attempts[i] = self._merged_on_real(i)
        return merged == self.real_tree

    def _dropped(self, i: int, detail: str, commit: ObjectId | None = None, how: str = "") -> Step:
        name, patch = self.patches[i]
        if commit is None:
            commit, how = self.upstream.name(patch, self.paths(i))
        if commit and how:
            detail += f"; upstream commit found by {how}"
        return Step(self._record(i, Outcome.DROPPED_UPSTREAM, upstream_commit=commit, detail=detail), None)

    def _blockers(self, i: int) -> list[str]:
        return sorted(set().union(*(self.diverged.get(p, set()) for p in self.paths(i))))

    # -- the ladder --------------------------------------------------------

    def step(self, i: int) -> Step:
        decided = self._decided.pop(i, None)
        if decided is not None:
            return Step(decided, None)
        name, patch = self.patches[i]
        strip = self.strips.get(name, 1)
        if not patch.diff.strip():
            commit = self._take(i, self.head_tree, {}, False)
            return Step(self._record(i, Outcome.CLEAN, commit=commit, detail="no diff"), commit)
        paths = self.paths(i)
        dependent = bool(set(paths) & set(self.diverged))
        blockers = self._blockers(i) if dependent else []
        on_conflicts = f"applies on top of conflicting {', '.join(blockers)}" if blockers else ""
        try:
            tree, changes = self.trees.apply_changes(self.head_tree, patch.diff, paths, strip=strip)
        except ApplyFailed:
            pass
        else:
            if dependent:
                refused = self._refuse_resurrection(i, tree, changes, blockers)
                if refused is not None:
                    return refused
            commit = self._take(i, tree, changes, dependent)
            return Step(self._record(i, Outcome.CLEAN, commit=commit, detail=on_conflicts), commit)
        if self.trees.check(self.real_tree, patch.diff, paths, strip=strip, reverse=True):
            return self._dropped(i, "already in the new base (its reverse applies)")
        run = self.runs.find(i)
        if run is not None:
            return self._drop_run(i, run.members, run.nil)
        merge = merge_trees(self.git, self.stack.parent(i), self.new_head, self.stack.commits[i])
        if merge.clean:
            return self._merged(i, merge.tree, dependent, "", on_conflicts)
        return self._settle_conflicts(i, patch, strip, merge, dependent, on_conflicts)

    def _merged(self, i: int, tree: ObjectId, dependent: bool, note: str, on_conflicts: str,
                outcome: Outcome = Outcome.MERGED) -> Step:
        if tree == self.head_tree:
            return self._dropped(i, "already in the new base in another form (the 3-way merge adds nothing)")
        changes = self.walker.diff(self.head_tree, tree)
        if dependent:
            refused = self._refuse_resurrection(i, tree, changes, self._blockers(i))
            if refused is not None:
                return refused
        if not self._adds_code(changes):
            same = self.upstream.same_subject(self.patches[i][1].subject, self.paths(i))
            if same is not None:
                return self._dropped(
                    i, f"merged upstream in another form as {short(same.oid)} ('{same.subject}', same subject, "
                       f"same files); what is left of it adds no new code", same.oid, "")
        commit = self._take(i, tree, changes, dependent)
        detail = "; ".join(x for x in (note, on_conflicts) if x)
        return Step(self._record(i, outcome, commit=commit, detail=detail), commit)

    def _refuse_resurrection(self, i: int, tree: ObjectId, changes: dict[str, Entry | None],
                             blockers: list[str]) -> Step | None:
        """Patch i sits on provisional stand-ins: does it only bring back what upstream has?

        Either the real new base already holds its change (its reverse applies there, or
        merging it there adds nothing), or the lines it adds are upstream lines that a
        stand-in replaced by its patch's side: the patch then re-adds upstream code
        (dropped when that is all it adds, a conflict when it adds more).
        """
        hidden_by = ", ".join(blockers) or "an earlier conflicting patch"
        if self._in_real_base(i):
            return self._dropped(i, f"already in the new base (the provisional resolution of {hidden_by} hid it)")
        added = self.added_lines(i)
        back = {p: lines & self.hidden.get(p, set()) for p, lines in added.items()}
        back = {p: lines for p, lines in back.items() if lines}
        if not back:
            return None
        if all(lines <= self.hidden.get(p, set()) for p, lines in added.items()):
            return self._dropped(i, f"already in the new base: the lines it adds are upstream's, which the "
                                    f"provisional resolution of {hidden_by} replaced")
        n = sum(len(v) for v in back.values())
        detail = (f"would re-add {count(n, 'upstream line')} in {', '.join(sorted(back))} that the "
                  f"provisional resolution of {hidden_by} replaced; resolve {hidden_by} first")
        return Step(self._record(i, Outcome.CONFLICT, conflict_files=tuple(sorted(back)), detail=detail), None,
                    MergeResult(tree))

    def _added(self, changes: dict[str, Entry | None]) -> dict[str, set[bytes]]:
        """Significant lines (normalized) each changed file gains over the candidate head."""
        out: dict[str, set[bytes]] = {}
        for path, entry in changes.items():
            if entry is None:
                continue
            new = self.reader.blob_or_none(entry[1]) or b""
            old = self.walker.blob(self.head_tree, path) or b""
            have = {normalize(x) for x in old.split(b"\n")}
            lines = {normalize(x) for x in new.split(b"\n") if significant(x)} - have
            if lines:
                out[path] = lines
        return out

    def _adds_code(self, changes: dict[str, Entry | None]) -> bool:
        """Does the change add a significant line the candidate head does not already have?"""
        return bool(self._added(changes))

    def _drop_run(self, i: int, members: tuple[int, ...], nil: bool) -> Step:
        names = [self.patches[m][0] for m in members]
        span = f"{names[0]} .. {names[-1]}"
        if nil:
            reason = f"one of a series of {len(names)} patches ({span}) whose net change is nil"
        else:
            reason = (f"merged upstream as a series: the combined change of {len(names)} patches "
                      f"({span}) is already in the new base")
        first: Step | None = None
        for m in members:
            step = self._dropped(m, reason)
            if m == i:
                first = step
            else:
                self._decided[m] = step.record
        assert first is not None
        return first

    def _settle_conflicts(self, i: int, patch: Patch, strip: int, merge: MergeResult, dependent: bool,
                          on_conflicts: str) -> Step:
        upstream_files = {
            change.path for change, text in split_file_diffs(patch.diff, strip=strip)
            if self.trees.check(self.head_tree, text, [p for p in (change.old_path, change.new_path) if p],
                                strip=strip, reverse=True)
        }
        entries: dict[str, Entry | None] = {}
        used: list[str] = []
        unresolved: list[str] = []
        for path in merge.conflicts:
            if path in upstream_files:
                entries[path] = self.walker.entry(self.head_tree, path)
                continue
            blob = self.reader.blob_or_none(f"{merge.tree}:{path}")
            # a conflict without markers (modify/delete, add/add of binaries) has
            # nothing a recorded resolution could replace
            fixed = apply_recorded(blob, self.resolutions) if blob is not None and conflict_hunks(blob) else None
            if fixed is None:
                unresolved.append(path)
                continue
            mode = (self.walker.entry(merge.tree, path) or ("100644", ""))[0]
            entries[path] = (mode, self.git.writer.blob(fixed))
            used.append(path)
        if unresolved:
            same = self.upstream.same_subject(patch.subject, self.paths(i))
            if same is not None:
                return self._dropped(
                    i, f"merged upstream in another form as {short(same.oid)} ('{same.subject}'): same subject, "
                       f"same files, and the patch conflicts with it", same.oid, "")
            detail = "conflicts in " + ", ".join(unresolved)
            if on_conflicts:
                detail += f"; {on_conflicts}"
            return Step(self._record(i, Outcome.CONFLICT, conflict_files=tuple(merge.conflicts), detail=detail),
                        None, merge)
        tree = self.trees.edit(merge.tree, entries)
        notes = []
        if upstream_files & set(merge.conflicts):
            notes.append("partly merged upstream: " + ", ".join(sorted(upstream_files & set(merge.conflicts))))
        if used:
            notes.append("recorded resolution for " + ", ".join(used))
        outcome = Outcome.RESOLVED if used else Outcome.MERGED
        return self._merged(i, tree, dependent, "; ".join(notes), on_conflicts, outcome)

    def _hide(self, path: str, ours: bytes, theirs: bytes) -> None:
        """Remember the upstream lines a stand-in replaced by its patch's side."""
        kept = {normalize(x) for x in theirs.split(b"\n")}
        gone = {normalize(x) for x in ours.split(b"\n") if significant(x)} - kept
        if gone:
            self.hidden.setdefault(path, set()).update(gone)

    def provisional(self, i: int, merge: MergeResult) -> ObjectId:
        """Carry a conflicting patch forward on the candidate head as if resolved in its own favour.

        Each conflict region keeps the patch's side; a conflict without markers
        (modify/delete, add/add) keeps the patch's version of the file. Later
        patches then meet the context they were written against, so a conflict
        here does not cascade into them. The stand-in is never a rev's patch:
        its message says PROVISIONAL, and the real head does not carry it.
        """
        name, patch = self.patches[i]
        entries: dict[str, Entry | None] = {}
        theirs = {p: (mode, oid) for p, stage, mode, oid in merge.stages if stage == 3}
        for path in merge.conflicts:
            blob = self.reader.blob_or_none(f"{merge.tree}:{path}")
            hunks = conflict_hunks(blob) if blob is not None else []
            if blob is not None and hunks:
                mode = (self.walker.entry(merge.tree, path) or ("100644", ""))[0]
                entries[path] = (mode, self.git.writer.blob(take_theirs(blob)))
                for h in hunks:
                    self._hide(path, h.ours, h.theirs)
            else:
                entries[path] = theirs.get(path)
                ours = self.walker.blob(self.head_tree, path)
                kept = theirs.get(path)
                self._hide(path, ours or b"", self.reader.blob(kept[1]) if kept else b"")
        before = self.head_tree
        tree = self.trees.edit(merge.tree, entries)
        commit = commit_tree(self.git, tree, [self.new_head], provisional_message(name, patch))
        self.new_head, self.head_tree = commit, tree
        for p in set(self.walker.diff(before, tree)) | set(self.paths(i)):
            self.diverged.setdefault(p, set()).add(name)
        self._settle_divergence(set(self.diverged))
        return commit
