"""Series merged upstream: runs of patches whose combined change the new base already has.

Upstream often takes a queue's patches as a series (a stable release picking
up four fixes to one file, a subsystem tree merging a reworked version). Each
patch of such a run can fail on its own in both directions, because the later
ones edit lines the earlier ones added: patch 1's reverse does not apply (its
lines were changed by patch 3) and patch 1 itself does not apply (upstream has
all four). Only the run as a whole is recognisably upstream.

A run starts at a patch that did not apply exactly and grows over the later
patches that share its files (transitively: a patch touching any file of the
run joins it and brings its own files). Patches in between that touch other
files are not part of it and are forward-ported as usual. The run ends at the
first member j for which the members' net change, the old stack's files at
patch j against those at the run's parent, is already in the new base:

- the net change is nil (a revert and its re-apply), or
- its reverse applies on the new base, or
- merging it into the new base is clean and changes nothing.

Every check is against the *real* new base (the series so far without
provisional stand-ins for conflicting patches), so a run is never "found" in
code that only a provisional resolution put there. A cheap necessary
condition filters candidates first: every significant line patch j adds must
already be in the new base's version of its file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from xenpatch.core.scoring import normalize, significant
from xenpatch.gitio.diffs import diff_trees
from xenpatch.gitio.merge import merge_into_tree
from xenpatch.gitio.objects import commit_tree
from xenpatch.gitio.run import ObjectId

if TYPE_CHECKING:
    from xenpatch.engine.ladder import Forwarder

WINDOW = 40  # how far after the run's first patch its members may be


@dataclass(frozen=True)
class Run:
    members: tuple[int, ...]  # indexes into the series, ascending; the first is the run's start
    nil: bool  # the members' net change is nothing at all (e.g. a revert and its re-apply)


class RunFinder:
    def __init__(self, fwd: "Forwarder") -> None:
        self.fwd = fwd

    def find(self, i: int) -> Run | None:
        """The shortest run starting at patch i that the real new base already holds."""
        fwd = self.fwd
        n = len(fwd.patches)
        files = set(fwd.paths(i))
        if not files:
            return None
        candidates: list[int] = [i]
        lines: dict[str, set[bytes] | None] = {}
        for k in range(i + 1, min(n, i + 1 + WINDOW)):
            if fwd.decided_at(k) or not fwd.paths(k):
                continue
            if not set(fwd.paths(k)) & files:
                continue
            candidates.append(k)
            files |= set(fwd.paths(k))
            members = self._close(candidates, files, i, k)
            if self._nil(i, k, files):
                return Run(tuple(members), True)
            if self._plausible(k, lines) and self._contained(i, k, files):
                return Run(tuple(members), False)
        return None

    def _close(self, candidates: list[int], files: set[str], i: int, k: int) -> list[int]:
        """Members of the run i..k: every patch in between touching a run file (to a fixpoint)."""
        fwd = self.fwd
        while True:
            members = [m for m in range(i, k + 1) if not fwd.decided_at(m) and set(fwd.paths(m)) & files]
            grown = set(files)
            for m in members:
                grown |= set(fwd.paths(m))
            if grown == files:
                candidates[:] = members
                return members
            files |= grown

    def _plausible(self, k: int, lines: dict[str, set[bytes] | None]) -> bool:
        """Every significant line patch k adds is in the real new base's version of its file."""
        fwd = self.fwd
        for path, added in fwd.added_lines(k).items():
            have = lines.get(path, None) if path in lines else self._lines(path, lines)
            if have is None:
                return False
            if any(line not in have for line in added):
                return False
        return True

    def _lines(self, path: str, cache: dict[str, set[bytes] | None]) -> set[bytes] | None:
        blob = self.fwd.walker.blob(self.fwd.real_tree, path)
        found = None if blob is None else {normalize(x) for x in blob.split(b"\n") if significant(x)}
        cache[path] = found
        return found

    def _nil(self, i: int, k: int, files: set[str]) -> bool:
        """Do the run's files at patch k equal those at patch i's parent (a revert and its re-apply)?"""
        fwd = self.fwd
        before, after = fwd.tree_of(fwd.stack.parent(i)), fwd.tree_of(fwd.stack.commits[k])
        return fwd.walker.entries(before, files) == fwd.walker.entries(after, files)

    def _contained(self, i: int, k: int, files: set[str]) -> bool:
        """Is the net change of the run's files, patch i's parent to patch k, in the real base?"""
        fwd = self.fwd
        before, after = fwd.stack.parent(i), fwd.stack.commits[k]
        paths = sorted(files)
        net = diff_trees(fwd.git, before, after, paths)
        if fwd.trees.check(fwd.real_tree, net, paths, reverse=True):
            return True
        new = fwd.walker.entries(fwd.tree_of(after), files)
        theirs_tree = fwd.trees.edit(fwd.tree_of(before), {p: new.get(p) for p in files})
        theirs = commit_tree(fwd.git, theirs_tree, [before], b"xenpatch: net change of a run\n")
        merge = merge_into_tree(fwd.git, before, fwd.real_tree, theirs)
        return merge.clean and merge.tree == ObjectId(fwd.real_tree)
