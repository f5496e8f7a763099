"""Culprit bisection for ``score``: the first upstream commit a patch stops merging at.

Why bisection over the first-parent line: "which upstream change broke my
patch" is the first commit X in base..onto at which the patch conflicts when
forward-ported onto X.  Testing every commit would cost a merge per commit per
patch; bisection costs about log2(range) probes per patch, and probes are
cached per (patch, upstream commit), so patches that share probe points share
work.  A probe attributes conflicts the way ``forward.py`` describes for a
whole prefix: patch j conflicts at X when merge(B, X, C_j) has conflict
regions that merge(B, X, C_{j-1}) has not, so an earlier conflicting patch
never makes a later one look broken.  Probes run on commits pruned to the
conflicting patches' paths (``gitio.probe``), so each costs milliseconds, not
the seconds of a kernel-tree merge.  When the answer is an upstream merge commit
(the usual case on a kernel mainline), its side branch is bisected the same
way, probing partial merges of the mainline with the side branch.
"""

from __future__ import annotations

from typing import Callable

from xenpatch.engine.conflicts import conflict_regions, new_conflicts
from xenpatch.gitio import history
from xenpatch.gitio.objects import ObjectReader
from xenpatch.gitio.prune import Prober, Pruner
from xenpatch.gitio.run import Git, ObjectId


class Bisector:
    def __init__(self, git: Git, reader: ObjectReader, base: str, stack: tuple[ObjectId, ...],
                 line: list[tuple[ObjectId, tuple[ObjectId, ...]]], patch_paths: list[set[str]],
                 wanted: set[int], extra_paths: set[str]) -> None:
        """``patch_paths[j]``: where patch j can conflict (its paths and their upstream
        renames); only patches in ``wanted`` (and their predecessors) are probed."""
        self.git = git
        self.reader = reader
        self.stack = stack
        self.line = line
        self.paths = patch_paths
        seen: set[str] = set()
        self._shares = []
        for p in patch_paths:
            self._shares.append(bool(p & seen))
            seen |= p
        keep = {p for j in wanted for p in patch_paths[j]} | extra_paths
        self.pruner = Pruner(git, keep)
        self.base = self.pruner.commit(base)
        self.prober = Prober(git, self.base)
        self._cache: dict[tuple[int, str], dict[str, int]] = {}
        self._trees: dict[tuple[int, str], ObjectId] = {}

    @property
    def merges(self) -> int:
        return self.prober.merges

    def regions(self, j: int, upstream: str) -> dict[str, int]:
        """Conflict regions per path of merge(B, upstream, C_j); ``upstream`` is pruned."""
        if j < 0:
            return {}
        key = (j, upstream)
        found = self._cache.get(key)
        if found is None:
            merge = self.prober.merge(upstream, self.pruner.commit(self.stack[j], self.base))
            found = conflict_regions(self.reader, merge)
            self._cache[key] = found
            self._trees[key] = merge.tree
        return found

    def tree(self, j: int, upstream: str) -> ObjectId:
        self.regions(j, upstream)
        return self._trees[(j, upstream)]

    def shares(self, j: int) -> bool:
        """Does an earlier patch touch any of patch j's paths?"""
        return self._shares[j]

    def fresh(self, j: int, upstream: str) -> dict[str, int]:
        """Conflict regions patch j adds at ``upstream`` (pruned), per path.

        C_j and C_{j-1} differ only in patch j's paths, so only those can gain
        regions; and when no earlier patch touches them, M_{j-1} has none there
        and need not be merged at all.
        """
        mine = self.paths[j]
        now = {p: n for p, n in self.regions(j, upstream).items() if p in mine}
        if not now:
            return {}
        before = {p: n for p, n in self.regions(j - 1, upstream).items() if p in mine} if self.shares(j) else {}
        return new_conflicts(before, now)

    def at(self, commit: str) -> ObjectId:
        """Upstream at ``commit``, pruned, as a child of the pruned base."""
        return self.pruner.commit(commit, self.base)

    def _first(self, j: int, n: int, point: Callable[[int], ObjectId | None]) -> int | None:
        """Index of the first of ``n`` points where patch j conflicts (it does at the last,
        and does not at the base)."""
        lo, hi = -1, n - 1
        while hi - lo > 1:
            mid = (lo + hi) // 2
            p = point(mid)
            if p is None:
                return None
            if self.fresh(j, p):
                hi = mid
            else:
                lo = mid
        return hi

    def culprit(self, j: int, candidates: list[int] | None = None) -> ObjectId | None:
        """The first-parent commit at which patch j starts to conflict (refined into merges),
        or None when the probe does not see the conflict at the end of the range.

        ``candidates`` (indexes into the line, ascending) are the only commits that
        can change the answer: those that touched the patch's files. Between two of
        them the merge of the patch's files is the same, so bisecting over them finds
        the same commit as bisecting over the whole line, in fewer probes.
        """
        if not self.line or not self.fresh(j, self.at(self.line[-1][0])):
            return None
        points = candidates if candidates else list(range(len(self.line)))
        i = self._first(j, len(points), lambda k: self.at(self.line[points[k]][0]))
        assert i is not None
        commit, parents = self.line[points[i]]
        if len(parents) > 1:
            return self._refine(j, parents[0], parents[1]) or commit
        return commit

    def _refine(self, j: int, mainline: str, tip: str) -> ObjectId | None:
        side = [c for c, _ in history.first_parent_line(self.git, mainline, tip)]
        if not side:
            return None
        partial: dict[int, ObjectId | None] = {}

        def point(k: int) -> ObjectId | None:
            if k not in partial:
                partial[k] = self.pruner.merged(mainline, side[k], self.base)
            return partial[k]

        last = point(len(side) - 1)
        if last is None or not self.fresh(j, last):
            return None  # only the merge itself (its resolution) makes the patch conflict
        i = self._first(j, len(side), point)
        return side[i] if i is not None else None
