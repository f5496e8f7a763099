"""Hunks: the one reading of ``@@ -a,b +c,d @@`` and the line arithmetic over it.

Why one module: the diff scanner (byte-exact round trip), the Python-side apply,
lint (line numbers of added lines), the range-diff views of ``diff`` and mail
(which ignore line numbers) and the upstream history walk all read hunk
headers, and they must agree on what a header means: an omitted count is 1,
and a side with a zero count names the line *before* its gap, not the gap.

A hunk has three views, each for its own readers:

- ``HunkHeader``: the counts and the section text after the second ``@@``
  (``parse_header``, or ``header_fields`` as a tuple); the base of the text views.
- ``Hunk``: a header with the exact bytes it came from (header line, body) and
  its added and removed lines, as ``core.diff``'s scanner validated them;
  ``core.apply`` reads the same header into the pre- and post-image that git
  apply matches (its ``Fragment``).
- ``Edit``: the half-open line ranges a hunk replaces, old ``[old_start,
  old_end)`` by new ``[new_start, new_end)``, which is what carrying a line
  range through other patches' or upstream's hunks needs (``map_position``,
  ``touches``, ``map_back``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

_HEADER_RE = re.compile(rb"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True)
class HunkHeader:
    """The counts of one ``@@`` line; ``section`` is the text after the second ``@@``
    (git's function context), without the space before it or the line end."""

    old_start: int
    old_len: int
    new_start: int
    new_len: int
    section: bytes

    @property
    def counts(self) -> tuple[int, int, int, int]:
        return self.old_start, self.old_len, self.new_start, self.new_len

    def edit(self, at: int | None = None) -> Edit:
        """The half-open ranges this hunk replaces; ``at`` moves it to the old line where
        it really applies (``core.hunkplace``), its new side by the same offset."""
        if at is None:
            return Edit.from_header(*self.counts)
        return Edit.from_header(at, self.old_len, self.new_start + at - self.old_start, self.new_len)


def header_fields(line: bytes) -> tuple[int, int, int, int, bytes] | None:
    """Old start and count, new start and count, and section of the header ``line`` starts
    with (``@@ -a[,b] +c[,d] @@``), or None when it is not one; an omitted count is 1.

    A plain tuple for the readers that build their own value per hunk on a hot path
    (the diff scanner, apply, the history walk, lint); ``parse_header`` gives a ``HunkHeader``.
    """
    m = _HEADER_RE.match(line)
    if m is None:
        return None
    old_start, old_len, new_start, new_len = m.groups()
    section = line[m.end():]
    if section[:1] == b" ":
        section = section[1:]
    if section[-1:] == b"\n":
        section = section[:-1]
    if section[-1:] == b"\r":
        section = section[:-1]
    return (int(old_start), 1 if old_len is None else int(old_len),
            int(new_start), 1 if new_len is None else int(new_len), section)


def parse_header(line: bytes) -> HunkHeader | None:
    """The header ``line`` starts with, or None when it is not one (see ``header_fields``)."""
    fields = header_fields(line)
    return None if fields is None else HunkHeader(*fields)


def without_line_numbers(line: bytes) -> bytes:
    """A hunk header line as ``git range-diff`` compares it: ``@@`` and its section only,
    so that a patch that only moved with its base compares equal; other lines unchanged."""
    m = _HEADER_RE.match(line)
    return b"@@" + line[m.end():] if m else line


@dataclass(frozen=True)
class Hunk(HunkHeader):
    """One ``@@`` hunk of a diff: ``header + lines`` are its exact bytes.

    ``added``/``removed`` hold the line contents without the ``+``/``-`` marker but
    with their line ending, exactly as in the patch.
    """

    header: bytes
    lines: bytes
    added: list[bytes]
    removed: list[bytes]


# ------------------------------------------------------------------ half-open line ranges


@dataclass(frozen=True)
class Edit:
    """One hunk as half-open line ranges: old [old_start, old_end) became new
    [new_start, new_end); zero context, so every line in them changed."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int
    removed: tuple[bytes, ...] = ()
    added: tuple[bytes, ...] = ()

    @staticmethod
    def from_header(os_: int, ol: int, ns: int, nl: int) -> Edit:
        # In unified diffs a zero-length side names the line *before* the gap.
        a = os_ if ol else os_ + 1
        b = ns if nl else ns + 1
        return Edit(a, a + ol, b, b + nl)

    def inverse(self) -> Edit:
        return Edit(self.new_start, self.new_end, self.old_start, self.old_end, self.added, self.removed)


def map_position(pos: int, edits: Iterable[Edit], end: bool) -> int:
    """Carry a boundary ("just before line ``pos``") through sorted edits.

    A boundary inside a changed block moves to the block's start (``end=False``,
    for the start of a range) or end (``end=True``), so a range grows to cover
    whatever replaced its edges; lines inserted exactly at a boundary stay
    outside the range.
    """
    shift = 0
    for h in edits:
        if h.old_start == h.old_end == pos:  # an insertion right at the boundary
            if end:
                return pos + shift
            shift += h.new_end - h.new_start
            continue
        if h.old_end <= pos:
            shift += (h.new_end - h.new_start) - (h.old_end - h.old_start)
            continue
        if h.old_start < pos:  # strictly inside a changed block
            return h.new_end if end else h.new_start
        break
    return pos + shift


def touches(start: int, end: int, h: Edit) -> bool:
    """Does edit ``h`` change lines in [start, end) (or insert strictly inside it)?"""
    if h.old_start == h.old_end:  # pure insertion before line old_start
        return start < h.old_start < end or (start == end == h.old_start)
    if start == end:  # an empty range: an insertion point
        return h.old_start < start < h.old_end
    return h.old_start < end and start < h.old_end


def map_back(start: int, end: int, later: Sequence[Sequence[Edit]]) -> tuple[int, int]:
    """Map a range through earlier patches' edits backwards (newest patch first)."""
    for edits in later:
        inv = sorted((h.inverse() for h in edits), key=lambda h: (h.old_start, h.old_end))
        start, end = map_position(start, inv, end=False), map_position(end, inv, end=True)
        end = max(start, end)
    return start, end
