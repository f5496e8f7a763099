"""Subjects compared the way a maintainer compares them: "is this the same change?".

A patch mailed as ``[PATCH v3 2/7] net: foo: Fix the bar.`` and the commit
upstream applied as ``net: foo: fix the bar`` are the same change by name:
bracketed prefixes, case, surrounding whitespace and trailing punctuation are
noise. Very short subjects ("Fix typo", "Update") name nothing in particular,
so they never match.
"""

from __future__ import annotations

import re

_BRACKETS = re.compile(r"^\s*(?:\[[^\]]*\]\s*)+")
_TRAILING = re.compile(r"[\s.!;:,]+$")
_SPACES = re.compile(r"\s+")
MIN_WORDS = 3


def normalize_subject(subject: str) -> str:
    """``[PATCH 3/7] net: Fix  the bar.`` -> ``net: fix the bar``."""
    text = _BRACKETS.sub("", subject)
    text = _SPACES.sub(" ", text).strip().lower()
    return _TRAILING.sub("", text)


def distinctive(normalized: str) -> bool:
    """Long enough to name one change (at least three words)."""
    return len(normalized.split()) >= MIN_WORDS
