"""Which definition (function, struct, macro) encloses given lines of a C file.

Score asks "did upstream rework the function this hunk edits?": a 3-way merge
inside a function that upstream just changed can be textually clean and still
wrong (the Zen1 FPDSS case: upstream moved a check out of ``init_amd_zen1()``,
which made the queue's own check redundant). Kernel style makes definitions
easy to find without a parser: a definition starts at column 0 and a function
or type body ends with ``}`` at column 0; a macro ends at its last
backslash-continued line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FUNC = re.compile(rb"^(?![ \t#{}/*])(?!(?:if|for|while|switch|return|else|do)\b)[^;=]*?\b([A-Za-z_]\w*)\s*\([^;]*$")
_TYPE = re.compile(rb"^(?:typedef\s+)?(?:static\s+|const\s+)*(struct|union|enum)\s+([A-Za-z_]\w*)\s*\{?\s*$")
_MACRO = re.compile(rb"^#\s*define\s+([A-Za-z_]\w*)")
_END = re.compile(rb"^\}")
SCAN_LIMIT = 2000  # lines searched above a hunk for its definition


@dataclass(frozen=True)
class Definition:
    name: str  # "init_amd_zen1()", "struct foo", "#define BAR"
    start: int  # 1-based first line
    end: int  # 1-based last line (inclusive)

    def contains(self, first: int, last: int) -> bool:
        return self.start <= first and last <= self.end or self.start <= last <= self.end \
            or self.start <= first <= self.end


def _macro_end(lines: list[bytes], start: int) -> int:
    end = start
    while end < len(lines) and lines[end - 1].rstrip().endswith(b"\\"):
        end += 1
    return end


def _body_end(lines: list[bytes], start: int) -> int | None:
    for n in range(start, len(lines) + 1):
        if _END.match(lines[n - 1]):
            return n
    return None


def _header(lines: list[bytes], n: int) -> tuple[str, int] | None:
    """The definition whose header line is ``n``, as (name, last line), or None."""
    line = lines[n - 1]
    m = _MACRO.match(line)
    if m:
        return f"#define {m.group(1).decode('utf-8', 'replace')}", _macro_end(lines, n)
    m = _TYPE.match(line)
    if m:
        end = _body_end(lines, n + 1)
        return (f"{m.group(1).decode()} {m.group(2).decode('utf-8', 'replace')}", end) if end else None
    m = _FUNC.match(line)
    if m:
        # a function's body opens on its header line or within the next few lines
        for k in range(n, min(len(lines), n + 6) + 1):
            text = lines[k - 1]
            if text.rstrip().endswith(b";"):
                return None  # a prototype
            if text.startswith(b"{") or text.rstrip().endswith(b"{"):
                end = _body_end(lines, k + 1) if not text.startswith(b"{}") else k
                return (f"{m.group(1).decode('utf-8', 'replace')}()", end) if end else None
    return None


def enclosing(text: bytes, first: int, last: int) -> Definition | None:
    """The definition containing lines ``first..last`` (1-based, inclusive), if any."""
    lines = text.split(b"\n")
    if not lines or first < 1:
        return None
    first = min(first, len(lines))
    last = max(first, min(last, len(lines)))
    for n in range(first, max(0, first - SCAN_LIMIT), -1):
        line = lines[n - 1]
        if n < first and _END.match(line):
            return None  # the end of an earlier definition: the hunk is between definitions
        found = _header(lines, n)
        if found is not None:
            name, end = found
            return Definition(name, n, end) if end >= first else None
    return None
