"""Culprit bisection for ``score``: the first upstream commit a patch stops merging at.

Why bisection over the first-parent line: "which upstream change broke my
patch" is the first commit X in base..onto such that the prefix merge at X
(``merge(B, X, C_j)`` against ``merge(B, X, C_{j-1})``, the attribution rebase
uses) has conflict regions the previous prefix had not.  Testing every commit
would cost a merge per commit per patch; bisection costs about log2(range)
merges per patch, and the merges are cached per (patch, upstream commit), so
patches that share probe points share work.  When the answer is an upstream
merge commit (the usual case on a kernel mainline), its side branch is bisected
the same way, probing partial merges of the mainline with the side branch.
"""

from __future__ import annotations

from xenpatch.gitio import history
from xenpatch.gitio.objects import ObjectReader
from xenpatch.gitio.probe import Prober
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.pipeline.forward import Stack, conflict_regions, new_conflicts


class Bisector:
    def __init__(self, git: Git, reader: ObjectReader, base: str, onto: str, stack: Stack,
                 line: list[tuple[ObjectId, tuple[ObjectId, ...]]], onto_regions: list[dict[str, int]]) -> None:
        self.git = git
        self.reader = reader
        self.stack = stack
        self.line = line
        self.onto = onto
        self.prober = Prober(git, base)
        self._cache: dict[tuple[int, str], dict[str, int]] = {
            (j, str(onto)): r for j, r in enumerate(onto_regions)}

    @property
    def merges(self) -> int:
        return self.prober.merges

    def _regions(self, j: int, upstream: str) -> dict[str, int]:
        if j < 0:
            return {}
        key = (j, upstream)
        found = self._cache.get(key)
        if found is None:
            found = conflict_regions(self.reader, self.prober.merge(upstream, self.stack.commits[j]))
            self._cache[key] = found
        return found

    def conflicts(self, j: int, upstream: str) -> bool:
        """Does patch j conflict (by prefix-merge attribution) when upstream is at ``upstream``?"""
        return bool(new_conflicts(self._regions(j - 1, upstream), self._regions(j, upstream)))

    def _first(self, j: int, points: list[str]) -> int:
        """Index of the first point where patch j conflicts (it does at the last one)."""
        lo, hi = -1, len(points) - 1
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.conflicts(j, points[mid]):
                hi = mid
            else:
                lo = mid
        return hi

    def culprit(self, j: int) -> ObjectId | None:
        """The first-parent commit at which patch j starts to conflict (refined into merges)."""
        if not self.line or self.line[-1][0] != self.onto:
            return None
        i = self._first(j, [c for c, _ in self.line])
        commit, parents = self.line[i]
        if len(parents) > 1:
            return self._refine(j, parents[0], parents[1]) or commit
        return commit

    def _refine(self, j: int, mainline: str, tip: str) -> ObjectId | None:
        side = [c for c, _ in history.first_parent_line(self.git, mainline, tip)]
        if not side:
            return None
        points: dict[int, ObjectId | None] = {}

        def point(k: int) -> ObjectId | None:
            if k not in points:
                points[k] = self.prober.merge_upstream(mainline, side[k])
            return points[k]

        last = point(len(side) - 1)
        if last is None or not self.conflicts(j, last):
            return None  # only the merge itself (its resolution) makes the patch conflict
        lo, hi = -1, len(side) - 1
        while hi - lo > 1:
            mid = (lo + hi) // 2
            p = point(mid)
            if p is None:
                return None
            if self.conflicts(j, p):
                hi = mid
            else:
                lo = mid
        return side[hi]
