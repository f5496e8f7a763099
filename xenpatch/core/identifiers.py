"""The identifiers a patch's added lines use and define, as scoring needs them.

Why: a forward-port that merges cleanly can still fail to build, because the
patch calls a function, macro, type or struct member (or depends on a Kconfig
symbol) that upstream removed or renamed in the range.  Scoring finds those by
asking, for every identifier the queue *uses*, whether upstream removed it
everywhere; identifiers the queue *defines* itself are not upstream's to break.

The lexing is ``core.symbols`` (written for ``split``: comments and strings
stripped, kernel-style definitions, struct members, Kconfig and Kbuild); this
module only folds its symbol kinds into the two namespaces that can be searched
in a tree: C words (functions, macros, types, tags, members, exports) and
Kconfig symbols.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Iterable

from xenpatch.core import symbols

C = "c"
KCONFIG = "kconfig"
MIN_LENGTH = 3

_C_KINDS = (symbols.KIND_C, symbols.KIND_MEMBER, symbols.KIND_EXPORT)


@dataclass(frozen=True, order=True)
class Symbol:
    """An identifier and its namespace: ``c`` (a word in C code) or ``kconfig``."""

    kind: str
    name: str

    def __str__(self) -> str:
        return f"CONFIG_{self.name}" if self.kind == KCONFIG else self.name


def _fold(syms: Iterable[symbols.Sym], local: bool, members: bool = True) -> set[Symbol]:
    out: set[Symbol] = set()
    for kind, name in syms:
        if kind == symbols.KIND_CONFIG:
            out.add(Symbol(KCONFIG, name))
            continue
        if kind == symbols.KIND_MEMBER and not members:
            continue
        if kind in _C_KINDS or (local and kind.startswith("c@")):
            word = name.split(" ", 1)[-1]  # "struct foo" -> foo
            if len(word) >= MIN_LENGTH and word not in symbols.C_KEYWORDS:
                out.add(Symbol(C, word))
    return out


def _text(lines: Iterable[bytes]) -> str:
    return b"\n".join(line.rstrip(b"\r\n") for line in lines).decode("utf-8", "replace")


def used(lines: Iterable[bytes], path: str) -> set[Symbol]:
    """Identifiers that ``lines`` (added lines of ``path``, without ``+``) use."""
    text = _text(lines)
    if not text.strip():
        return set()
    _defines, uses, soft = symbols.text_facts(path, text)
    return _fold(uses | soft, local=False)


def defined(lines: Iterable[bytes], path: str, members: bool = True) -> set[Symbol]:
    """Identifiers that ``lines`` define or declare (``members=False``: not struct members)."""
    text = _text(lines)
    if not text.strip():
        return set()
    defines, _uses, _soft = symbols.text_facts(path, text)
    return _fold(defines, local=True, members=members)


def defines_in(content: bytes, path: str, name: str) -> bool:
    """Does ``content`` (a whole file) define ``name``?  Only lines mentioning it are lexed,
    so this stays cheap on large files."""
    word = name.encode()
    if word not in content:
        return False
    lines = [line for line in content.split(b"\n") if word in line]
    return any(s.name == name for s in defined(lines, path, members=False))


# ---------------------------------------------------------------- what a file can see


_INCLUDE = re.compile(rb'^[ \t]*#[ \t]*include[ \t]*([<"])([^>"\n]+)[>"]', re.M)
_WORD = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")


def includes(content: bytes) -> list[tuple[str, str]]:
    """``(delimiter, target)`` of every ``#include`` line, in order."""
    return [(m.group(1).decode(), m.group(2).decode("utf-8", "replace").strip()) for m in _INCLUDE.finditer(content)]


def arch_of(path: str) -> str:
    """The architecture whose headers ``<asm/...>`` means for a file (x86 outside arch/)."""
    parts = path.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "arch" else "x86"


def include_candidates(source: str, delim: str, target: str, arch: str) -> list[str]:
    """Where kbuild's include path would look for ``target`` included from ``source``, in order."""
    out: list[str] = []
    if delim == '"':
        here = posixpath.dirname(source)
        out.append(posixpath.normpath(posixpath.join(here, target)) if here else posixpath.normpath(target))
    for root in (f"arch/{arch}/include", "include", f"arch/{arch}/include/uapi", "include/uapi"):
        out.append(f"{root}/{target}")
    if target.startswith("asm/"):
        out.append("include/asm-generic/" + target[4:])
    return [p for p in out if not p.startswith("../")]


def words(content: bytes, wanted: set[bytes] | frozenset[bytes]) -> set[bytes]:
    """The words of ``wanted`` that occur in ``content`` as whole identifiers."""
    return set(_WORD.findall(content)) & wanted
