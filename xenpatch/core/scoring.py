"""From measured signals to a conflict-risk score, a level and readable reasons.

Why a separate pure module: the score is a policy (what costs an engineer how
much time), and policies change; keeping it away from git makes it testable
with plain values and lets the bands be read in one place.

Bands (score -> level)::

    0          clean     nothing upstream touched what the patch touches
    1..29      low       upstream touched nearby lines or moved a file; merges cleanly
    30..59     medium    builds break, code is duplicated, or a clean 3-way merge edits a
                         definition upstream reworked
    60..79     high      several such problems
    80..100    conflict  the 3-way merge has conflicts (only then)

A clean merge that will not build (an upstream API the patch uses is gone) or
that silently duplicates code upstream now carries scores at least ``medium``:
those are the conflicts nobody sees until the build or the review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from xenpatch.core import identifiers
from xenpatch.core.resolutions import conflict_hunks

LEVELS = ("clean", "low", "medium", "high", "conflict")
_BANDS = ((80, "conflict"), (60, "high"), (30, "medium"), (1, "low"), (0, "clean"))

API_POINTS = 45
API_EXTRA = 10
DUP_POINTS = 40
DEF_DUP_POINTS = 50
MINOR_DUP_POINTS = 10  # some added lines are upstream already, most are not
RENAME_POINTS = 15
DELETE_POINTS = 40
HISTORY_POINTS = 5
HISTORY_CAP = 35
UPSTREAM_POINTS = 10
MERGED_POINTS = 5
PART_UPSTREAM_POINTS = 5
RESOLVED_POINTS = 10
CONTEXT_API_POINTS = 20  # the code around a merged patch lost an identifier it used
REWORK_POINTS = 30  # a clean 3-way merge inside a definition upstream changed needs review
REWORK_EXTRA = 5
SAME_SUBJECT_POINTS = 15
MAX_CLEAN = 79

_TRIVIAL = re.compile(rb"^[\s{}();,\\]*$|^(return\s*\w*;|break;|continue;|default:|else|\} else \{|#endif\b.*|#else)$")
_LETTER = re.compile(rb"[A-Za-z]")


@dataclass(frozen=True)
class Conflict:
    """Conflict regions this patch adds in one file, and the lines inside them."""

    path: str
    regions: int
    lines: int


@dataclass(frozen=True)
class ApiBreak:
    """An identifier the patch's added lines use that upstream removed in the range."""

    symbol: str
    path: str  # where the patch uses it
    commit: str | None = None  # short id of the commit that removed it
    replacement: str | None = None  # what it seems to have been renamed to
    context: bool = False  # used by the lines around the change (context, removed), not by added ones


@dataclass(frozen=True)
class Duplicate:
    """Added lines (or definitions) of the patch that upstream now has in its own form."""

    path: str
    lines: int  # added lines already present in the new base's version of the file
    of: int  # significant added lines in that file
    definitions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rework:
    """A definition the patch edits (needing a 3-way merge) that upstream changed."""

    definition: str  # "init_amd_zen1()", "struct foo", "#define BAR"
    path: str
    commit: str  # short id of the last upstream commit that changed it
    commits: int = 1  # upstream commits that changed it in the range


@dataclass(frozen=True)
class Signals:
    conflicts: tuple[Conflict, ...] = ()
    api: tuple[ApiBreak, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()  # (old path, new path) renamed upstream
    deleted: tuple[str, ...] = ()  # paths the patch changes that upstream deleted
    history: tuple[tuple[str, int], ...] = ()  # (path, upstream commits that changed the patch's lines)
    history_commits: int = 0  # distinct upstream commits over all files
    upstream: str | None = None  # already upstream: why (None when it is not)
    upstream_files: tuple[str, ...] = ()  # files whose part of the patch upstream already has
    merged: bool = False  # no longer applies exactly; the 3-way merge is clean
    resolved: str | None = None  # a conflict settled by a recorded resolution: which
    reworked: tuple[Rework, ...] = ()  # definitions the merged patch edits that upstream changed
    same_subject: str | None = None  # "abc123 'subject'": an upstream commit with this patch's subject


@dataclass(frozen=True)
class Assessment:
    score: int
    level: str
    reasons: tuple[str, ...]


def level_of(score: int, conflict: bool) -> str:
    if conflict:
        return "conflict"
    for floor, name in _BANDS:
        if score >= floor and name != "conflict":
            return name
    return "clean"


def assess(s: Signals) -> Assessment:
    """The score, level and reasons for one patch (deterministic, order fixed)."""
    reasons: list[str] = []
    for c in s.conflicts:
        reasons.append(f"conflict: {c.regions} region{_s(c.regions)} ({c.lines} line{_s(c.lines)}) in {c.path}")
    for a in s.api:
        how = f" (renamed to {a.replacement}?)" if a.replacement else ""
        by = f" by {a.commit}" if a.commit else ""
        where = f"the code this patch edits in {a.path} used it" if a.context else f"used in {a.path}"
        reasons.append(f"api: {a.symbol} removed upstream{how}{by}; {where}")
    for d in s.duplicates:
        if d.lines:
            reasons.append(f"duplicate: {d.lines} of {d.of} added lines already in {d.path} upstream")
        for name in d.definitions:
            reasons.append(f"duplicate: defines {name}, which upstream now defines in {d.path}")
    for r in s.reworked:
        more = f" and {r.commits - 1} more" if r.commits > 1 else ""
        reasons.append(f"rework: upstream changed {r.definition} in {r.path} ({r.commit}{more}), which this patch "
                       f"edits; the 3-way merge is clean but needs review")
    if s.upstream:
        reasons.append(f"upstream: {s.upstream}")
    if s.same_subject:
        reasons.append(f"upstream: {s.same_subject} has this patch's subject and touches its files; "
                       f"maybe merged upstream in another form")
    for path in s.upstream_files:
        reasons.append(f"upstream: the change to {path} is already in the new base (that part drops out)")
    if s.resolved is not None:
        reasons.append(f"resolved: {s.resolved or 'a recorded resolution applies'}")
    elif s.merged:
        reasons.append("merge: no longer applies exactly; the 3-way merge is clean")
    for path in s.deleted:
        reasons.append(f"deleted: {path} was deleted upstream")
    for old, new in s.renamed:
        reasons.append(f"renamed: {old} -> {new} upstream")
    if s.history_commits:
        where = ", ".join(f"{p}: {n}" for p, n in s.history)
        n = s.history_commits
        reasons.append(f"history: {n} upstream commit{_s(n)} changed lines this patch touches ({where})")

    if s.conflicts:
        regions = sum(c.regions for c in s.conflicts)
        lines = sum(c.lines for c in s.conflicts)
        score = 80 + min(20, 3 * (regions - 1) + lines // 8 + 2 * (len(s.conflicts) - 1))
        return Assessment(score, "conflict", tuple(reasons))
    points = 0
    direct = [a for a in s.api if not a.context]
    if direct:
        points += API_POINTS + API_EXTRA * (len(direct) - 1)
    if len(direct) < len(s.api):
        points += CONTEXT_API_POINTS
    dup = [d for d in s.duplicates if d.definitions or 2 * d.lines >= d.of]
    if dup:
        points += DEF_DUP_POINTS if any(d.definitions for d in dup) else DUP_POINTS
        points += 5 * (len(dup) - 1)
    minor = len(s.duplicates) - len(dup)
    points += min(2 * MINOR_DUP_POINTS, MINOR_DUP_POINTS * minor)
    points += DELETE_POINTS * len(s.deleted)
    points += min(2 * RENAME_POINTS, RENAME_POINTS * len(s.renamed))
    points += min(HISTORY_CAP, HISTORY_POINTS * s.history_commits)
    points += RESOLVED_POINTS if s.resolved is not None else MERGED_POINTS if s.merged else 0
    points += min(2 * PART_UPSTREAM_POINTS, PART_UPSTREAM_POINTS * len(s.upstream_files))
    if s.reworked:
        points += REWORK_POINTS + REWORK_EXTRA * (len(s.reworked) - 1)
    if s.same_subject:
        points += SAME_SUBJECT_POINTS
    if s.upstream:
        points = max(points, UPSTREAM_POINTS)
    score = min(MAX_CLEAN, points)
    return Assessment(score, level_of(score, False), tuple(reasons))


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def conflict_size(blob: bytes) -> tuple[int, int]:
    """(conflict regions, lines inside them, both sides) of a file with conflict markers."""
    hunks = conflict_hunks(blob)
    return len(hunks), sum(len(h.ours.splitlines()) + len(h.theirs.splitlines()) for h in hunks)


def normalize(line: bytes) -> bytes:
    return b" ".join(line.split())


def significant(line: bytes) -> bool:
    """A line worth comparing: has words, and is not a brace, break or bare return."""
    norm = normalize(line)
    return len(norm) >= 6 and bool(_LETTER.search(norm)) and not _TRIVIAL.match(norm)


def duplication(path: str, added: Iterable[bytes], before: bytes | None, after: bytes | None) -> Duplicate | None:
    """Added lines and definitions of a patch that the new base already has in this file.

    ``before`` is the file the patch applies to, ``after`` the new base's version.
    Lines the file already had before the patch do not count either way.
    """
    if after is None:
        return None
    before_lines = {normalize(x) for x in (before or b"").split(b"\n")}
    after_lines = {normalize(x) for x in after.split(b"\n")}
    mine = [x for x in added if significant(x) and normalize(x) not in before_lines]
    dup = sum(1 for x in mine if normalize(x) in after_lines)
    # Definitions the patch adds that the new base now has too (in its own form or
    # in the same words): the forward-ported file would define them twice.
    redefined = [str(sym) for sym in sorted(identifiers.defined(mine, path, members=False))
                 if identifiers.defines_in(after, path, sym.name)
                 and not identifiers.defines_in(before or b"", path, sym.name)]
    if not dup and not redefined:
        return None
    return Duplicate(path, dup, len(mine), tuple(redefined))
