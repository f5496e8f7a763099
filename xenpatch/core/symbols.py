"""What a piece of a patch defines and what it uses: the facts behind "definitions first".

Why heuristics and not a compiler: ``split`` must order a 100,000-line change in
seconds, on trees that are not configured or buildable here.  A maintainer
splitting by hand looks at the same surface facts this module extracts from the
added (and removed) lines of each hunk or new file:

- C and headers: ``#define`` macros, function definitions and prototypes (at
  column 0, as kernel style writes them), ``struct``/``union``/``enum`` tags,
  typedef names, enumerators, global variables (including ``DEFINE_*(name)``),
  ``EXPORT_SYMBOL*(name)``, struct members (in a struct body, or a hunk whose
  function context is ``struct x {``); uses are every identifier in code (comments
  and strings removed), ``struct x`` tags, ``->member``/``.member``, ``CONFIG_X``
  and ``#include`` targets.  Macros, types and ``static`` names defined in a
  ``.c`` file are local to that file.
- Kconfig: ``config X`` defines X; ``source "path"`` is a use; symbols in
  ``depends on``/``select``/``imply``/``if``/``default``/``range`` are soft uses
  (Kconfig takes an undefined symbol as 'n', it is no error).
- Makefiles/Kbuild: ``obj-$(CONFIG_X) += foo.o bar/`` uses config X, the object
  (built from ``foo.c`` or ``foo.S``) and the directory; ``foo-y := a.o b.o``
  defines the composite object ``foo.o`` and uses its parts.
- Files: a new file defines its path (and its ``#include`` name for headers
  under ``include/`` or ``arch/*/include/``, and its ``.o`` for ``.c``/``.S``, and
  every directory above it); a deleted file undefines them.

Removed lines matter too: a change that deletes a definition must come after
every change that removes the last uses of it.  Symbols are ``(kind, name)``
tuples; ``kind`` is one of the ``KIND_*`` constants below, or ``"c@<path>"`` for a
name local to one C file.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Iterable

Sym = tuple[str, str]

KIND_C = "c"  # functions, macros, types, variables, enumerators, "struct x" tags
KIND_MEMBER = "member"
KIND_CONFIG = "config"
KIND_FILE = "file"
KIND_INCLUDE = "include"
KIND_OBJ = "obj"
KIND_DIR = "dir"
KIND_EXPORT = "export"

C_KEYWORDS = frozenset(
    """
    auto break case char const continue default do double else enum extern float for goto if
    inline int long register restrict return short signed sizeof static struct switch typedef
    union unsigned void volatile while _Bool _Complex _Alignas _Alignof _Atomic _Generic
    _Noreturn _Static_assert _Thread_local typeof __typeof__ __typeof asm __asm__ __asm
    __volatile__ __attribute__ __attribute __extension__ __inline__ __inline __alignof__
    __label__ defined bool true false NULL u8 u16 u32 u64 s8 s16 s32 s64 size_t ssize_t
    include ifdef ifndef endif elif define undef pragma error warning line
    """.split()
)
# Kbuild variables whose entries are relative to the top of the tree.
ROOT_RELATIVE_VARS = frozenset({"core", "drivers", "libs", "net", "init", "head", "virt"})
_NON_COMPOSITE = frozenset({"obj", "lib", "extra", "subdir", "always", "targets", "hostprogs",
                            "userprogs", "ccflags", "asflags", "ldflags", "subdir-ccflags",
                            "CFLAGS", "AFLAGS", "KASAN_SANITIZE", "UBSAN_SANITIZE", "OBJECT_FILES_NON_STANDARD",
                            "GCOV_PROFILE", "KCOV_INSTRUMENT", "KCSAN_SANITIZE"})

_IDENT = re.compile(r"[A-Za-z_]\w*")
_DEFINE = re.compile(r"^\s*#\s*define\s+([A-Za-z_]\w*)")
_UNDEF = re.compile(r"^\s*#\s*undef\s+([A-Za-z_]\w*)")
_INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
_FUNC = re.compile(r"^(?:[A-Za-z_]\w*[\s*]+)+\**\s*([A-Za-z_]\w*)\s*\(")
_TAG_DEF = re.compile(r"^\s*(?:typedef\s+)?(?:static\s+)?(?:const\s+)?(struct|union|enum)\s+([A-Za-z_]\w*)\s*(?:__\w+(?:\(\([^)]*\)\))?\s*)*\{")
_ANON_BODY = re.compile(r"^\s*(?:typedef\s+)?(struct|union|enum)\s*\{")
_TYPEDEF_END = re.compile(r"^\}\s*([A-Za-z_]\w*)\s*;")
_TYPEDEF = re.compile(r"^\s*typedef\b(?!.*\{).*?\(?\s*\**\s*([A-Za-z_]\w*)\s*\)?\s*(?:\[[^\]]*\]\s*)?(?:\([^;]*\))?\s*;")
_VAR = re.compile(r"^(?:static\s+|extern\s+)?(?:const\s+|volatile\s+|unsigned\s+|signed\s+)*"
                  r"(?:(?:struct|union|enum)\s+)?[A-Za-z_]\w*(?:\s+const)?[\s*]+([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*(?:__\w+\s*)*(?:=|;)")
_DEFINE_MACRO_VAR = re.compile(r"^(?:static\s+)?(?:DEFINE|DECLARE)_[A-Z0-9_]+\(\s*(?:[^()]*,\s*)?([A-Za-z_]\w*)\s*\)")
_EXPORT = re.compile(r"\bEXPORT_(?:SYMBOL|SYMBOL_GPL|SYMBOL_NS|SYMBOL_NS_GPL|PER_CPU_SYMBOL|PER_CPU_SYMBOL_GPL)\s*\(\s*([A-Za-z_]\w*)")
_ENUMERATOR = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?:=[^,]*)?,?\s*$")
_MEMBER = re.compile(r"([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*(?::\s*\d+\s*)?(?:__\w+(?:\([^)]*\))?\s*)*;\s*$")
_FUNC_PTR_MEMBER = re.compile(r"\(\s*\*\s*([A-Za-z_]\w*)\s*\)\s*\(")
_MEMBER_USE = re.compile(r"(?:->|\.)\s*([A-Za-z_]\w*)")
_TAG_USE = re.compile(r"\b(struct|union|enum)\s+([A-Za-z_]\w*)")
_CONFIG = re.compile(r"\bCONFIG_([A-Za-z0-9_]+)")
_KCONFIG_DEF = re.compile(r"^\s*(?:menu)?config\s+([A-Za-z0-9_]+)\s*$")
_KCONFIG_EXPR = re.compile(r"^\s*(?:depends\s+on|select|imply|if|visible\s+if|default|def_bool|def_tristate|range)\b(.*)$")
_KCONFIG_SOURCE = re.compile(r'^\s*(o|r)?source\s+"([^"]+)"')
_KCONFIG_WORD = re.compile(r"\b([A-Z][A-Z0-9_]*)\b")
_KBUILD = re.compile(r"^\s*([A-Za-z0-9_.-]+?)-(y|m|objs|\$\(CONFIG_[A-Za-z0-9_]+\))\s*(?::=|\+=|\?=|=)(.*)$")


@dataclass(frozen=True)
class Symbols:
    """Facts about one unit of change (a hunk, or a whole added/deleted/renamed file)."""

    defines: frozenset[Sym] = frozenset()
    uses: frozenset[Sym] = frozenset()
    soft_uses: frozenset[Sym] = frozenset()  # ordering hints that may be dropped to break a cycle
    undefines: frozenset[Sym] = frozenset()  # definitions the change removes
    unuses: frozenset[Sym] = frozenset()  # uses the change removes

    def __or__(self, other: Symbols) -> Symbols:
        return Symbols(self.defines | other.defines, self.uses | other.uses,
                       self.soft_uses | other.soft_uses, self.undefines | other.undefines,
                       self.unuses | other.unuses)


EMPTY = Symbols()


def display(sym: Sym) -> str:
    """How a symbol reads in an explanation: ``foo``, ``CONFIG_FOO``, ``<xen/x.h>``, ``.member``."""
    kind, name = sym
    if kind == KIND_CONFIG:
        return f"CONFIG_{name}"
    if kind == KIND_INCLUDE:
        return f"<{name}>"
    if kind == KIND_MEMBER:
        return f".{name}"
    if kind == KIND_DIR:
        return f"{name}/"
    if kind == KIND_EXPORT:
        return f"EXPORT_SYMBOL({name})"
    return name


def file_kind(path: str) -> str:
    """``c``, ``header``, ``asm``, ``kconfig``, ``makefile``, ``maintainers`` or ``other``."""
    base = path.rsplit("/", 1)[-1]
    if base.endswith(".c"):
        return "c"
    if base.endswith(".h"):
        return "header"
    if base.endswith(".S"):
        return "asm"
    if base.startswith("Kconfig"):
        return "kconfig"
    if base in ("Makefile", "Kbuild") or base.startswith("Makefile.") or base == "Kbuild.include":
        return "makefile"
    if path == "MAINTAINERS":
        return "maintainers"
    return "other"


def is_glue(path: str) -> bool:
    """Kconfig and Makefile files: build glue that goes with the code it builds."""
    return file_kind(path) in ("kconfig", "makefile")


# ---------------------------------------------------------------- C

_STRIP_RX = re.compile(
    r"//[^\n]*"  # line comment
    r"|/\*.*?(?:\*/|\Z)"  # block comment (maybe unterminated)
    r"|\"(?:\\.|[^\"\\\n])*(?:\"|$)"  # string literal
    r"|'(?:\\.|[^'\\\n])*(?:'|$)"  # char literal
    r"|^[ \t]*\*(?:[ \t][^\n]*|/[^\n]*|$)",  # a block comment's continuation line in a hunk
    re.DOTALL | re.MULTILINE)


def _blank(m: re.Match[str]) -> str:
    text = m.group(0)
    if text[:1] in "\"'":
        return text[0] + " " * max(len(text) - 2, 0) + (text[-1] if len(text) > 1 else "")
    return re.sub(r"[^\n]", " ", text)


def strip_c(text: str) -> str:
    """Blank out comments and string/char literals, keeping every newline.

    Lines of a hunk need not start outside a comment, so a line that begins with
    ``* `` or ``*/`` (a block comment's continuation) is treated as comment too.
    """
    return _STRIP_RX.sub(_blank, text)


def _body_kind(section: str) -> str | None:
    """``struct``/``union``/``enum`` when a hunk's function context opens such a body."""
    s = section.strip()
    m = re.match(r"^(?:typedef\s+)?(?:static\s+)?(?:const\s+)?(struct|union|enum)\b[^;(]*\{\s*$", s)
    if m:
        return m.group(1)
    return None


def _c_facts(path: str, text: str, section: str = "") -> tuple[set[Sym], set[Sym], set[Sym]]:
    """(defines, uses, soft uses) of C/header text."""
    local = file_kind(path) in ("c", "asm")
    scope = f"c@{path}" if local else KIND_C
    defines: set[Sym] = set()
    uses: set[Sym] = set()
    soft: set[Sym] = set()
    raw_lines = text.split("\n")
    lines = strip_c(text).split("\n")
    body: list[str] = []  # open struct/union/enum bodies, innermost last
    start_kind = _body_kind(section)
    if start_kind:
        body.append(start_kind)
    continued = False
    code: list[str] = []  # lines outside preprocessor directives, for the uses
    members: set[str] = set()
    for raw, line in zip(raw_lines, lines):
        in_pp = continued
        continued = line.rstrip().endswith("\\")
        if in_pp or line.lstrip().startswith("#"):
            _preprocessor(path, raw, line, in_pp, scope, defines, uses, soft)
            continue
        stripped = line.strip()
        if not stripped:
            continue
        tag = _TAG_DEF.match(line)
        anon = None if tag else _ANON_BODY.match(line)
        opens_body = (tag or anon) is not None and line.count("{") > line.count("}")
        if tag:
            defines.add((scope, f"{tag.group(1)} {tag.group(2)}"))
        if body:
            if stripped.startswith("}"):
                body.pop()
                tm = _TYPEDEF_END.match(stripped)
                if tm:
                    defines.add((scope, tm.group(1)))
                continue
            if opens_body:
                body.append((tag or anon).group(1))  # type: ignore[union-attr]
                if body[-1] == "enum":
                    tail = line[line.index("{") + 1:]
                    defines |= {(scope, name) for name in _body_names("enum", tail)}
                continue
            names = _body_names(body[-1], line)
            for name in names:
                defines.add((scope if body[-1] == "enum" else KIND_MEMBER, name))
            members.update(names)
            code.append(line)
            continue
        if opens_body:
            body.append((tag or anon).group(1))  # type: ignore[union-attr]
            if body[-1] == "enum":
                tail = line[line.index("{") + 1:]
                defines |= {(scope, name) for name in _body_names("enum", tail)}
        elif line[:1].isalpha() or line[:1] == "_":
            _file_scope(line, scope, local, defines)
        if "EXPORT_" in line:
            for em in _EXPORT.finditer(line):
                defines.add((KIND_C, em.group(1)))
                defines.add((KIND_EXPORT, em.group(1)))
        code.append(line)
    _uses_of_code("\n".join(code), uses, soft)
    own = {name for _, name in defines} | members
    uses = {u for u in uses if not (u[0] == KIND_C and u[1] in own)}
    soft = {u for u in soft if u not in defines}
    return defines, uses, soft


def _preprocessor(path: str, raw: str, line: str, continuation: bool, scope: str,
                  defines: set[Sym], uses: set[Sym], soft: set[Sym]) -> None:
    rest = line
    if not continuation:
        m = _DEFINE.match(raw)
        if m:
            defines.add((scope, m.group(1)))
            rest = line[_DEFINE.match(line).end():] if _DEFINE.match(line) else ""  # type: ignore[union-attr]
        inc = _INCLUDE.match(raw)
        if inc:
            _include_uses(path, inc.group(1), inc.group(2).strip(), uses)
            return
        if re.match(r"^\s*#\s*(?:undef|error|warning|pragma)\b", line):
            return
    for name in _CONFIG.findall(rest):
        soft.add((KIND_CONFIG, name))
    for ident in _IDENT.findall(_CONFIG.sub(" ", rest)):
        if ident not in C_KEYWORDS:
            uses.add((KIND_C, ident))


def _body_names(kind: str, line: str) -> set[str]:
    """Enumerators of an enum body line, or the member a struct/union body line declares."""
    if kind == "enum":
        out = set()
        for piece in line.split(","):
            m = re.match(r"^\s*([A-Za-z_]\w*)\s*(?:=.*)?$", piece)
            if m and m.group(1) not in C_KEYWORDS:
                out.add(m.group(1))
        return out
    fp = _FUNC_PTR_MEMBER.search(line)
    if fp:
        return {fp.group(1)}
    mm = _MEMBER.search(line)
    if mm and "(" not in line[: mm.start()] and mm.group(1) not in C_KEYWORDS:
        return {mm.group(1)}
    return set()


def _file_scope(line: str, scope: str, local: bool, defines: set[Sym]) -> None:
    """Definitions and declarations that start at column 0 (kernel style)."""
    is_static = re.match(r"^\s*static\b", line) is not None
    fm = _FUNC.match(line)
    if fm and fm.group(1) not in C_KEYWORDS:
        name = fm.group(1)
        # FOO(bar); at file scope is a macro use, not a declaration of FOO
        if not (name.isupper() and line.rstrip().endswith(";")):
            defines.add((scope if is_static and local else KIND_C, name))
            return
    vm = _DEFINE_MACRO_VAR.match(line) or _VAR.match(line)
    if vm and vm.group(1) not in C_KEYWORDS:
        defines.add((scope if is_static and local else KIND_C, vm.group(1)))
    tdm = _TYPEDEF.match(line)
    if tdm and tdm.group(1) not in C_KEYWORDS:
        defines.add((scope, tdm.group(1)))


def _uses_of_code(line: str, uses: set[Sym], soft: set[Sym]) -> None:
    masked = line
    for m in _MEMBER_USE.finditer(line):
        soft.add((KIND_MEMBER, m.group(1)))
    if "->" in line or "." in line:
        masked = _MEMBER_USE.sub(" ", line)
    for m in _TAG_USE.finditer(masked):
        uses.add((KIND_C, f"{m.group(1)} {m.group(2)}"))
    masked = _TAG_USE.sub(" ", masked)
    for name in _CONFIG.findall(masked):
        soft.add((KIND_CONFIG, name))
    for ident in _IDENT.findall(masked):
        if ident not in C_KEYWORDS and not ident.startswith("CONFIG_"):
            uses.add((KIND_C, ident))


def _include_uses(path: str, delim: str, target: str, uses: set[Sym]) -> None:
    uses.add((KIND_INCLUDE, target))
    if delim == '"':
        here = posixpath.dirname(path)
        uses.add((KIND_FILE, posixpath.normpath(posixpath.join(here, target)) if here else target))


# ---------------------------------------------------------------- Kconfig and Makefiles

def _kconfig_facts(path: str, text: str) -> tuple[set[Sym], set[Sym], set[Sym]]:
    """(defines, uses, soft uses): a missing ``source`` file is an error, an undefined
    symbol in ``depends on``/``select`` is only 'n' to Kconfig, so those are soft."""
    defines: set[Sym] = set()
    uses: set[Sym] = set()
    soft: set[Sym] = set()
    for line in text.split("\n"):
        line = line.split("#", 1)[0] if '"' not in line else line
        m = _KCONFIG_DEF.match(line)
        if m:
            defines.add((KIND_CONFIG, m.group(1)))
            continue
        m = _KCONFIG_SOURCE.match(line)
        if m:
            target = m.group(2)
            if "$" not in target:
                if m.group(1) == "r":
                    target = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
                if m.group(1) != "o":
                    uses.add((KIND_FILE, target))
            continue
        m = _KCONFIG_EXPR.match(line)
        if m:
            expr = re.sub(r'"[^"]*"', " ", m.group(1))
            for word in _KCONFIG_WORD.findall(expr):
                if word not in ("y", "n", "m"):
                    soft.add((KIND_CONFIG, word))
    return defines, uses - defines, soft - defines


def _logical_lines(text: str) -> list[str]:
    out: list[str] = []
    parts: list[str] = []
    for line in text.split("\n"):
        if line.endswith("\\"):
            parts.append(line[:-1])
            continue
        parts.append(line)
        out.append(" ".join(parts))
        parts = []
    if parts:
        out.append(" ".join(parts))
    return out


def _makefile_facts(path: str, text: str) -> tuple[set[Sym], set[Sym]]:
    here = posixpath.dirname(path)
    defines: set[Sym] = set()
    uses: set[Sym] = set()
    for line in _logical_lines(text):
        line = line.split("#", 1)[0]
        for name in _CONFIG.findall(line):
            uses.add((KIND_CONFIG, name))
        m = _KBUILD.match(line)
        if not m:
            continue
        var = m.group(1)
        base = "" if var in ROOT_RELATIVE_VARS else here
        if var not in _NON_COMPOSITE and var not in ROOT_RELATIVE_VARS and "$" not in var:
            defines.add((KIND_OBJ, _join(base, var + ".o")))
        for token in m.group(3).split():
            if "$" in token:
                continue
            target = _join(base, token)
            if token.endswith("/"):
                uses.add((KIND_DIR, target.rstrip("/")))
            elif token.endswith(".o"):
                uses.add((KIND_OBJ, target))
    uses -= defines
    return defines, uses


def _join(base: str, rel: str) -> str:
    joined = posixpath.normpath(posixpath.join(base, rel)) if base else posixpath.normpath(rel)
    return joined + ("/" if rel.endswith("/") else "")


# ---------------------------------------------------------------- public API

def text_facts(path: str, text: str, section: str = "") -> tuple[set[Sym], set[Sym], set[Sym]]:
    """(defines, uses, soft uses) of some lines of ``path`` (added or removed text)."""
    kind = file_kind(path)
    if kind in ("c", "header", "asm"):
        return _c_facts(path, text, section)
    if kind == "kconfig":
        return _kconfig_facts(path, text)
    if kind == "makefile":
        d, u = _makefile_facts(path, text)
        return d, u, set()
    return set(), set(), set()


def file_defines(path: str, new_dirs: Iterable[str] = ()) -> set[Sym]:
    """What the existence of a file provides: its path, include name, object and new directories."""
    out: set[Sym] = {(KIND_FILE, path)}
    m = re.match(r"^(?:include|arch/[^/]+/include)/(.+\.h)$", path)
    if m:
        out.add((KIND_INCLUDE, m.group(1)))
    if path.endswith((".c", ".S")):
        out.add((KIND_OBJ, path[:-2] + ".o"))
    for d in new_dirs:
        out.add((KIND_DIR, d))
    return out


def hunk_symbols(path: str, added: str, removed: str, section: str = "") -> Symbols:
    """Facts about one hunk of a modified file, from its added and removed lines."""
    add_d, add_u, add_s = text_facts(path, added, section) if added else (set(), set(), set())
    rem_d, rem_u, _ = text_facts(path, removed, section) if removed else (set(), set(), set())
    return Symbols(
        defines=frozenset(add_d),
        uses=frozenset(add_u),
        soft_uses=frozenset(add_s - add_u),
        undefines=frozenset(rem_d - add_d),
        unuses=frozenset(rem_u - add_u),
    )


def file_symbols(path: str, old_path: str | None, new_text: str | None, old_text: str | None,
                 new_dirs: Iterable[str] = (), gone_dirs: Iterable[str] = ()) -> Symbols:
    """Facts about a whole-file change: added (``old_text`` None), deleted (``new_text`` None),
    renamed, or a binary/mode change (both texts possibly empty)."""
    defines: set[Sym] = set()
    uses: set[Sym] = set()
    soft: set[Sym] = set()
    undefines: set[Sym] = set()
    unuses: set[Sym] = set()
    if new_text is not None:
        d, u, s = text_facts(path, new_text)
        defines |= d
        uses |= u
        soft |= s
    if old_text is not None:
        d, u, _ = text_facts(old_path or path, old_text)
        undefines |= d - defines
        unuses |= u - uses
    if old_path is None and new_text is not None or old_path is not None and old_path != path:
        defines |= file_defines(path, new_dirs)
    if old_path is not None and (new_text is None or old_path != path):
        gone = file_defines(old_path, gone_dirs)
        undefines |= gone - defines
    own = {name for kind, name in defines if kind == KIND_C or kind.startswith("c@")}
    uses = {u for u in uses if not (u[0] == KIND_C and u[1] in own)}
    return Symbols(frozenset(defines), frozenset(uses), frozenset(soft - uses),
                   frozenset(undefines), frozenset(unuses))
