"""The search for the first failing point of a monotone sequence, N probes at a time.

Why one pure module: stabilize bisects two different things, the prefixes of
the patch series and the upstream commits between a base that passed and one
that fails, and both run checks that take minutes.  With N work trees, N checks
run at once; placing the N probes evenly in the open interval (lo, hi) cuts it
into N+1 parts per round, so a range of n points costs about
log(n)/log(N+1) rounds instead of log2(n) (an N-ary search).  The caller
evaluates a round's points however it likes (in parallel, from a cache) and
may answer ``None`` for a point it cannot test (an upstream commit the prefix
does not apply to); the search then probes the nearest testable point instead,
and names the untestable range when nothing else is left, like ``git bisect
skip``.

Points are 0..n.  Point 0 is the reference (the bare base, or the base that
passed) and point n the full series (or the upstream commit that fails); both
are probed first unless already known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

Evaluate = Callable[[Sequence[int], int, int], dict[int, bool | None]]


@dataclass(frozen=True)
class SearchResult:
    first_bad: int | None  # None: point n passes; 0: the reference itself fails
    good: int | None  # the last passing point before first_bad (None when first_bad is 0 or None)
    rounds: int  # rounds that probed at least one point
    probes: tuple[tuple[int, bool | None], ...]  # (point, result) in the order probed
    untestable: tuple[int, ...]  # points between good and first_bad that could not be tested


def spread(lo: int, hi: int, k: int) -> list[int]:
    """Up to ``k`` distinct points strictly inside (lo, hi), evenly spaced."""
    inside = hi - lo - 1
    if inside <= 0 or k <= 0:
        return []
    if inside <= k:
        return list(range(lo + 1, hi))
    points: list[int] = []
    for i in range(1, k + 1):
        p = lo + (i * (hi - lo) + (k + 1) // 2) // (k + 1)
        p = min(max(p, lo + 1), hi - 1)
        if p not in points:
            points.append(p)
    return points


def _replace_untestable(points: list[int], lo: int, hi: int, known: dict[int, bool | None]) -> list[int]:
    """Each untestable point swapped for the nearest untested one in (lo, hi)."""
    chosen: list[int] = []
    for p in points:
        if p not in known:
            chosen.append(p)
            continue
        nearest = (q for d in range(1, hi - lo) for q in (p - d, p + d)
                   if lo < q < hi and q not in known and q not in chosen)
        q = next(nearest, None)
        if q is not None:
            chosen.append(q)
    return sorted(set(chosen))


def search(n: int, evaluate: Evaluate, jobs: int = 1, known: dict[int, bool] | None = None) -> SearchResult:
    """The first failing point in 0..n, assuming a point stays failing once one fails.

    ``evaluate(points, lo, hi)`` returns the result of every point it was given
    (True passes, False fails, None untestable); (lo, hi) is the interval being
    narrowed, for callers that use spare capacity to look ahead.
    """
    jobs = max(1, jobs)
    results: dict[int, bool | None] = dict(known or {})
    probes: list[tuple[int, bool | None]] = []
    rounds = 0

    def run(points: list[int], lo: int, hi: int) -> None:
        nonlocal rounds
        if not points:
            return
        answers = evaluate(points, lo, hi)
        rounds += 1
        for p in points:
            results[p] = answers.get(p)
            probes.append((p, results[p]))

    while True:
        ends = [p for p in (0, n) if p not in results]
        if ends:
            # the reference first when only one check fits: if it fails, nothing else is needed
            batch = ends[:jobs]
            batch += [p for p in spread(0, n, jobs - len(batch)) if p not in results and p not in batch]
            run(sorted(batch), 0, n)
            continue
        if results[0] is not True:
            return SearchResult(0, None, rounds, tuple(probes), ())
        if results[n] is not False:
            return SearchResult(None, None, rounds, tuple(probes), ())
        hi = min(p for p, v in results.items() if v is False)
        lo = max(p for p, v in results.items() if v is True and p < hi)
        if hi - lo == 1 or all(p in results for p in range(lo + 1, hi)):
            untestable = tuple(p for p in range(lo + 1, hi) if results.get(p) is None)
            return SearchResult(hi, lo, rounds, tuple(probes), untestable)
        run(_replace_untestable(spread(lo, hi, jobs), lo, hi, results), lo, hi)
