"""Conflicts as counted and carried by the forward-port: regions per file, provisional sides."""

from __future__ import annotations

from xenpatch.gitio.merge import MergeResult
from xenpatch.gitio.objects import ObjectReader

MARKER = b"<<<<<<< "


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
