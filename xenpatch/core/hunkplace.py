"""Where a hunk really applies: its header's line number is only a hint.

Distro queues carry patches whose hunk headers were written against another
tree: ``quilt push`` and ``git apply`` find each hunk's pre-image near the
line the header names, at an offset. Anything that reasons about line ranges
(which upstream commits changed the lines a patch edits, which function a hunk
sits in) must use the place the hunk actually applies, found the same way git
apply finds it: the nearest exact match of the hunk's pre-image (its context
and removed lines) to the header's line.
"""

from __future__ import annotations

from typing import Sequence

from xenpatch.core.hunks import Hunk


def preimage(body: bytes) -> list[bytes]:
    """The lines a hunk expects (context and removed), without their markers or line ends."""
    out: list[bytes] = []
    for line in body.split(b"\n"):
        if line.startswith((b" ", b"-")):
            out.append(line[1:].rstrip(b"\r"))
        elif line == b"":
            continue
    return out


def locate(lines: Sequence[bytes], pre: Sequence[bytes], hint: int) -> int | None:
    """1-based line where ``pre`` matches ``lines`` exactly, nearest to ``hint``; None if nowhere.

    An empty pre-image (a hunk that creates a file) is placed at its hint.
    """
    if not pre:
        return hint
    n, m = len(lines), len(pre)
    first = pre[0]

    def matches(start: int) -> bool:
        return start + m <= n and lines[start] == first and all(lines[start + k] == pre[k] for k in range(1, m))

    start = max(0, min(hint - 1, n - 1))
    for d in range(0, n + 1):
        for pos in ((start - d, start + d) if d else (start,)):
            if 0 <= pos < n and matches(pos):
                return pos + 1
        if start - d < 0 and start + d >= n:
            break
    return None


def place(blob: bytes, hunks: Sequence[Hunk]) -> list[int]:
    """The real old start of each hunk of one file, in order.

    A hunk that cannot be found keeps its header's line (the caller's numbers
    are then as good as the patch's).
    """
    lines = [x.rstrip(b"\r") for x in blob.split(b"\n")]
    out: list[int] = []
    offset = 0  # hunks of one file usually share an offset: look where the last one was found first
    for h in hunks:
        hint = h.old_start
        found = locate(lines, preimage(h.lines), hint + offset)
        if found is None:
            found = locate(lines, preimage(h.lines), hint)
        out.append(found if found is not None else hint)
        offset = out[-1] - hint
    return out
