"""git's C-style quoting of path names, both ways (``core.quotepath=true``).

Diff headers, ``rename from``/``to`` lines and diffstats write a path with
control characters, quotes, backslashes or non-ASCII bytes as a C string
(``"sp\\303\\251ce"``); reading a queue must undo it and writing a diffstat must
redo it exactly as git does.
"""

from __future__ import annotations

import re

_C_ESCAPES = {ord("a"): 7, ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("v"): 11,
              ord("f"): 12, ord("r"): 13, ord('"'): 34, ord("\\"): 92}
_C_QUOTES = {v: chr(k) for k, v in _C_ESCAPES.items()}


def c_unquote(name: bytes) -> bytes:
    """Undo git's C-style path quoting (``"a/sp\\303\\251ce"``); unquoted names pass through."""
    if len(name) < 2 or name[:1] != b'"' or name[-1:] != b'"':
        return name

    def one(m: re.Match[bytes]) -> bytes:
        esc = m.group(1)
        return bytes([int(esc, 8) & 0xFF if len(esc) == 3 else _C_ESCAPES.get(esc[0], esc[0])])

    return re.sub(rb"\\([0-7]{3}|.)", one, name[1:-1], flags=re.DOTALL)


def c_quote(name: str) -> str:
    """Quote a path the way git does with core.quotepath=true (only when needed)."""
    raw = name.encode("utf-8", "surrogateescape")
    if not any(b < 0x20 or b >= 0x7F or b in (0x22, 0x5C) for b in raw):
        return name
    return '"' + "".join("\\" + _C_QUOTES[b] if b in _C_QUOTES else "\\%03o" % b
                         if b < 0x20 or b >= 0x7F else chr(b) for b in raw) + '"'
