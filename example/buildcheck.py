"""A fake "kernel build" for the example tree: a deterministic static check standing in for make.

The example repository has no C compiler to rely on (a clean Debian machine has none), so this
checks what a build of the example would trip over, and reports it the way gcc and make do:

1. Kbuild glue: every object a Makefile lists (``obj-$(CONFIG_FOO) += x.o``, ``obj-y += dir/``,
   ``core-y += arch/x86/kernel/``) exists as ``x.c``/``x.S`` or a directory, every ``CONFIG_FOO``
   a Makefile uses is defined by ``config FOO`` in some Kconfig, every Kconfig ``source "path"``
   exists;
2. every ``#include <x/y.h>`` resolves to ``include/x/y.h`` or ``arch/*/include/x/y.h``, and
   ``#include "z.h"`` relative to the including file (then the same include paths);
3. every function called in a ``.c`` file is defined or declared somewhere in the tree's ``.c``
   and ``.h`` files: a prototype or definition at the start of a line, or a ``#define``;
4. no version control conflict markers are left in a source file.

Usage: ``python PATH/TO/example/buildcheck.py [DIR]`` (default: the current directory). It needs
only the standard library, so a check command can run it by absolute path from any work tree.
Exit 0 when clean; otherwise ``file:line: error: ...`` lines on stdout and exit 1.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

# Words that look like calls but are not: C keywords, type names and compiler builtins.
C_KEYWORDS = frozenset(
    """
    auto break case char const continue default do double else enum extern float for goto if
    inline int long register restrict return short signed sizeof static struct switch typedef
    union unsigned void volatile while _Bool _Complex _Alignas _Alignof _Atomic _Generic
    _Noreturn _Static_assert _Thread_local typeof __typeof__ __typeof asm __asm__ __asm
    __volatile__ __attribute__ __attribute __extension__ __inline__ __inline __alignof__
    __builtin_expect __builtin_constant_p __builtin_offsetof __builtin_unreachable
    __builtin_return_address __builtin_memcpy __builtin_memset __label__ defined
    """.split()
)

# Kbuild variables whose entries are relative to the top of the tree (set in the top-level
# and arch Makefiles); every other "<name>-y" list is relative to its Makefile's directory.
ROOT_RELATIVE_VARS = frozenset({"core", "drivers", "libs", "net", "init", "head", "virt"})

ARCH_VARIABLES = ("$(SRCARCH)", "$(ARCH)", "$(HEADER_ARCH)")

_KBUILD_ASSIGN = re.compile(
    r"^\s*([A-Za-z0-9_.-]+?)-(y|m|objs|\$\(CONFIG_[A-Za-z0-9_]+\))\s*(?::=|\+=|\?=|=)(.*)$"
)
_CONFIG_USE = re.compile(r"\bCONFIG_([A-Za-z0-9_]+)")
_KCONFIG_SYMBOL = re.compile(r"^\s*(?:menu)?config\s+([A-Za-z0-9_]+)\s*$")
_KCONFIG_SOURCE = re.compile(r'^\s*(o|r)?source\s+"([^"]+)"')
_INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
_DEFINE = re.compile(r"^\s*#\s*define\s+([A-Za-z_]\w*)")
# A declaration or definition: at column 0, one or more type words, then the name and "(";
# or the name alone at column 0 right under a line of type words (``static int\nfoo(void)``).
_DECLARATION = re.compile(r"^((?:[A-Za-z_]\w*[\s*]+)+)\**\s*([A-Za-z_]\w*)\s*\(")
_TYPE_LINE = re.compile(r"^(?:[A-Za-z_]\w*[\s*]+)*[A-Za-z_]\w*[\s*]*$")
_NAME_LINE = re.compile(r"^([A-Za-z_]\w*)\s*\(")
# Words that do not make a type: "static DEFINE_SPINLOCK(lock);" uses a macro, declares nothing.
_STORAGE_WORDS = frozenset({"static", "extern", "inline", "const", "volatile", "register", "__always_inline"})
_CALL = re.compile(r"\b([A-Za-z_]\w*)\s*\(")
_FUNCTION_POINTER = re.compile(r"\(\s*\*\s*([A-Za-z_]\w*)\s*\)\s*\(")


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One error, printed the way gcc and make print theirs."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: error: {self.message}"


def _strip(text: str, strings: bool) -> str:
    """Blank out comments (and string/char literals if asked), keeping every newline in place."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if c == "/" and nxt == "*":
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:end]))
            i = end
        elif c == "/" and nxt == "/":
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            if strings:
                out.append(c + " " * max(j - i - 2, 0) + (c if j - i >= 2 else ""))
            else:
                out.append(text[i:j])
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Lines joined across backslash continuations, with the number of their first line."""
    start = 0
    parts: list[str] = []
    for number, line in enumerate(text.split("\n"), 1):
        if not parts:
            start = number
        if line.endswith("\\"):
            parts.append(line[:-1])
            continue
        parts.append(line)
        yield start, " ".join(parts)
        parts = []
    if parts:
        yield start, " ".join(parts)


def _preprocessor_lines(text: str) -> set[int]:
    """Line numbers that belong to a preprocessor directive (continuations included)."""
    lines: set[int] = set()
    continued = False
    for number, line in enumerate(text.split("\n"), 1):
        if continued or line.lstrip().startswith("#"):
            lines.add(number)
            continued = line.endswith("\\")
        else:
            continued = False
    return lines


class _Tree:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: list[str] = []
        self.dirs: set[str] = {""}
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != ".git")
            rel = Path(dirpath).relative_to(root).as_posix()
            rel = "" if rel == "." else rel
            self.dirs.add(rel)
            self.files.extend(f"{rel}/{f}" if rel else f for f in sorted(filenames))
        self.fileset = set(self.files)
        self.arches = sorted(d.split("/")[1] for d in self.dirs if d.count("/") == 1 and d.startswith("arch/"))
        self._text: dict[str, str] = {}

    def text(self, rel: str) -> str:
        if rel not in self._text:
            self._text[rel] = (self.root / rel).read_bytes().decode("utf-8", "replace")
        return self._text[rel]

    def is_dir(self, rel: str) -> bool:
        return rel.rstrip("/") in self.dirs

    def expand_arch(self, path: str) -> list[str]:
        if not any(v in path for v in ARCH_VARIABLES):
            return [path]
        out = []
        for arch in self.arches or ["x86"]:
            p = path
            for v in ARCH_VARIABLES:
                p = p.replace(v, arch)
            out.append(p)
        return out


def _normalize(path: str) -> str:
    return os.path.normpath(path).replace(os.sep, "/")


def _is_source(rel: str) -> bool:
    return rel.endswith((".c", ".h", ".S"))


def _is_makefile(rel: str) -> bool:
    return rel.rsplit("/", 1)[-1] in ("Makefile", "Kbuild")


def _is_kconfig(rel: str) -> bool:
    return rel.rsplit("/", 1)[-1].startswith("Kconfig")


def _check_conflict_markers(tree: _Tree) -> Iterator[Diagnostic]:
    for rel in tree.files:
        if not (_is_source(rel) or _is_makefile(rel) or _is_kconfig(rel)):
            continue
        for number, line in enumerate(tree.text(rel).split("\n"), 1):
            if line.startswith("<<<<<<<"):
                yield Diagnostic(rel, number, "version control conflict marker in file")


def _kconfig_symbols(tree: _Tree) -> set[str]:
    symbols: set[str] = set()
    for rel in tree.files:
        if _is_kconfig(rel):
            for line in tree.text(rel).split("\n"):
                m = _KCONFIG_SYMBOL.match(line)
                if m:
                    symbols.add(m.group(1))
    return symbols


def _check_kconfig(tree: _Tree) -> Iterator[Diagnostic]:
    for rel in tree.files:
        if not _is_kconfig(rel):
            continue
        for number, line in enumerate(tree.text(rel).split("\n"), 1):
            m = _KCONFIG_SOURCE.match(line)
            if not m or m.group(1) == "o":  # osource: optional by definition
                continue
            target = m.group(2)
            base = rel.rsplit("/", 1)[0] if m.group(1) == "r" and "/" in rel else ""
            candidates = [_normalize(f"{base}/{p}" if base else p) for p in tree.expand_arch(target)]
            if not any(c in tree.fileset for c in candidates):
                yield Diagnostic(rel, number, f'can\'t open file "{target}"')


def _check_makefiles(tree: _Tree, symbols: set[str]) -> Iterator[Diagnostic]:
    for rel in tree.files:
        if not _is_makefile(rel):
            continue
        here = rel.rsplit("/", 1)[0] if "/" in rel else ""
        lines = [(n, line.split("#", 1)[0]) for n, line in _logical_lines(tree.text(rel))]
        composite = set()
        for _, line in lines:
            m = _KBUILD_ASSIGN.match(line)
            if m and m.group(1) not in ROOT_RELATIVE_VARS and m.group(1) not in ("obj", "lib", "extra"):
                composite.add(m.group(1))
        for number, line in lines:
            for name in _CONFIG_USE.findall(line):
                if name not in symbols:
                    yield Diagnostic(rel, number, f"CONFIG_{name} is not defined by any Kconfig")
            m = _KBUILD_ASSIGN.match(line)
            if not m:
                continue
            base = "" if m.group(1) in ROOT_RELATIVE_VARS else here
            for token in m.group(3).split():
                if "$" in token:
                    continue
                path = _normalize(f"{base}/{token}" if base else token)
                if token.endswith("/"):
                    if not tree.is_dir(path):
                        yield Diagnostic(rel, number, f"no such directory '{token}' (listed in {m.group(1)}-{m.group(2)})")
                elif token.endswith(".o"):
                    stem = path[:-2]
                    if token[:-2] in composite or f"{stem}.c" in tree.fileset or f"{stem}.S" in tree.fileset:
                        continue
                    yield Diagnostic(
                        rel, number, f"no rule to make target '{token}' (no {token[:-2]}.c or {token[:-2]}.S)"
                    )


def _check_includes(tree: _Tree) -> Iterator[Diagnostic]:
    include_dirs = ["include"] + [f"arch/{a}/include" for a in tree.arches]
    for rel in tree.files:
        if not _is_source(rel):
            continue
        here = rel.rsplit("/", 1)[0] if "/" in rel else ""
        text = _strip(tree.text(rel), strings=False)
        for number, line in enumerate(text.split("\n"), 1):
            m = _INCLUDE.match(line)
            if not m:
                continue
            target = m.group(2).strip()
            candidates = [_normalize(f"{d}/{target}") for d in include_dirs]
            if m.group(1) == '"':
                candidates.insert(0, _normalize(f"{here}/{target}" if here else target))
            if not any(c in tree.fileset for c in candidates):
                yield Diagnostic(rel, number, f"{target}: No such file or directory")


def _declared_names(tree: _Tree) -> set[str]:
    names: set[str] = set()
    for rel in tree.files:
        if not rel.endswith((".c", ".h")):
            continue
        raw = tree.text(rel)
        for line in _strip(raw, strings=False).split("\n"):
            m = _DEFINE.match(line)
            if m:
                names.add(m.group(1))
        text = _strip(raw, strings=True)
        pp = _preprocessor_lines(text)
        previous = ""
        for number, line in enumerate(text.split("\n"), 1):
            if number in pp or not (line[:1].isalpha() or line[:1] == "_"):
                previous = ""
                continue
            m = _DECLARATION.match(line)
            if m:
                words, name = m.group(1).replace("*", " ").split(), m.group(2)
            else:
                m = _NAME_LINE.match(line)
                name = m.group(1) if m else ""
                words = previous.replace("*", " ").split() if m and _TYPE_LINE.match(previous) else []
            if words and name not in C_KEYWORDS and not all(w in _STORAGE_WORDS for w in words):
                names.add(name)
            previous = line.rstrip()
    return names


def _calls(text: str) -> Iterator[tuple[int, str]]:
    """(line, name) for each "name(" in code that is not a member call or a keyword."""
    pp = _preprocessor_lines(text)
    for number, line in enumerate(text.split("\n"), 1):
        if number in pp:
            continue
        for m in _CALL.finditer(line):
            name = m.group(1)
            if name in C_KEYWORDS or name.startswith("__builtin_"):
                continue
            before = line[: m.start()].rstrip()
            if before.endswith((".", "->")):
                continue
            yield number, name


def _did_you_mean(name: str, known: Sequence[str]) -> str | None:
    """The declared name most likely meant: a renamed API (a longer name starting with this
    one, e.g. foo -> foo_weight) first, then the closest spelling."""
    longer = [k for k in known if k.startswith(name + "_")]
    if longer:
        return min(longer, key=lambda k: (len(k), k))
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.8)
    return close[0] if close else None


def _check_calls(tree: _Tree) -> Iterator[Diagnostic]:
    declared = _declared_names(tree)
    known = sorted(declared)
    for rel in tree.files:
        if not rel.endswith(".c"):
            continue
        text = _strip(tree.text(rel), strings=True)
        # Function pointers in scope (parameters, locals): "void (*setup)(struct net_device *)".
        seen = set(_FUNCTION_POINTER.findall(text))
        for number, name in _calls(text):
            if name in declared or name in seen:
                continue
            seen.add(name)
            message = f"implicit declaration of function '{name}'"
            close = _did_you_mean(name, known)
            if close:
                message += f"; did you mean '{close}'?"
            yield Diagnostic(rel, number, message + " [-Werror=implicit-function-declaration]")


def check_tree(root: Path | str) -> list[Diagnostic]:
    """All errors a build of the tree at ``root`` would report, sorted by file and line."""
    tree = _Tree(Path(root))
    symbols = _kconfig_symbols(tree)
    found: Iterable[Diagnostic] = [
        *_check_conflict_markers(tree),
        *_check_kconfig(tree),
        *_check_makefiles(tree, symbols),
        *_check_includes(tree),
        *_check_calls(tree),
    ]
    return sorted(set(found))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or (args and args[0].startswith("-")):
        print("usage: python buildcheck.py [DIR]", file=sys.stderr)
        return 2
    root = Path(args[0]) if args else Path.cwd()
    if not root.is_dir():
        print(f"buildcheck: {root} is not a directory", file=sys.stderr)
        return 2
    errors = check_tree(root)
    for d in errors:
        print(d)
    if errors:
        print(f"buildcheck: {len(errors)} error{'s' if len(errors) != 1 else ''}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
