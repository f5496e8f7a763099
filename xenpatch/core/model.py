"""Small value types shared by the pipelines."""

from __future__ import annotations

import enum


class Outcome(str, enum.Enum):
    """What happened to one patch when it was forward-ported."""

    CLEAN = "clean"  # applied exactly
    MERGED = "merged"  # 3-way merged without conflict
    RESOLVED = "resolved"  # conflict resolved by a recorded resolution
    DROPPED_UPSTREAM = "dropped-upstream"  # already in the new base
    CONFLICT = "conflict"  # needs a human

    @property
    def applied(self) -> bool:
        return self in (Outcome.CLEAN, Outcome.MERGED, Outcome.RESOLVED)
