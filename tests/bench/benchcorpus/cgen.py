"""Plausible kernel-style C, Kconfig and Makefile text, and where to put it in real files.

The generated code is not compiled; it only has to look like kernel code to diff,
merge and patch-id machinery (function-shaped hunks, unique-ish lines, includes
and calls that tie users to definitions).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

VERBS = ("init", "setup", "probe", "remove", "map", "unmap", "alloc", "free", "get", "put",
         "bind", "unbind", "start", "stop", "sync", "flush", "reset", "enable", "disable",
         "update", "check", "queue", "handle", "notify", "register", "unregister", "attach",
         "detach", "suspend", "resume", "scan", "poll", "grant", "revoke", "lookup", "prepare")
NOUNS = ("ring", "page", "event", "channel", "buffer", "queue", "domain", "vcpu", "irq", "grant",
         "frame", "mapping", "request", "response", "slot", "table", "entry", "device", "port",
         "watch", "node", "state", "region", "segment", "descriptor", "context", "handle", "pool")
FIELDS = ("count", "flags", "state", "nr_pages", "index", "gen", "pending", "limit", "order",
          "mask", "seq", "refcnt", "budget", "offset", "shift", "id")
WORDS = ("the", "ring", "is", "not", "yet", "mapped", "so", "we", "defer", "until", "backend",
         "reports", "ready", "avoid", "racing", "with", "teardown", "when", "domain", "dies",
         "grant", "table", "must", "be", "flushed", "before", "reuse", "keep", "order", "of",
         "updates", "visible", "to", "other", "side", "event", "channel", "can", "fire", "early")


def c_ident(rng: random.Random, prefix: str) -> str:
    return f"{prefix}_{rng.choice(VERBS)}_{rng.choice(NOUNS)}{rng.randrange(1000)}"


def comment(rng: random.Random, indent: str = "\t") -> list[str]:
    n = rng.randint(4, 12)
    return [f"{indent}/* {' '.join(rng.choice(WORDS) for _ in range(n))} */"]


@dataclass
class Api:
    """What generated code may use: a struct type, its fields, macros and helpers."""

    struct: str
    fields: list[str] = field(default_factory=list)
    macros: list[str] = field(default_factory=list)
    helpers: list[str] = field(default_factory=list)


DEFAULT_API = Api("struct device", ["id"], ["PAGE_SIZE"], [])


def _stmt_block(rng: random.Random, api: Api, var: str) -> list[str]:
    """One small statement group inside a function body (1-7 lines)."""
    fld = rng.choice(api.fields) if api.fields else "id"
    mac = rng.choice(api.macros) if api.macros else "PAGE_SIZE"
    n = rng.randrange(2, 4096)
    kind = rng.randrange(8)
    if kind == 0 and api.helpers:
        h = rng.choice(api.helpers)
        return [f"\tret = {h}({var}, {n});", "\tif (ret)", "\t\tgoto out;"]
    if kind == 1:
        return [f"\tfor (i = 0; i < {mac}; i++) {{",
                f"\t\tif ({var}->{fld} & BIT(i % {rng.randrange(2, 63)}))",
                "\t\t\tcontinue;",
                f"\t\t{var}->{fld} += i * {n};",
                "\t}"]
    if kind == 2:
        return [f"\tspin_lock(&{var}->lock);", f"\t{var}->{fld} = {n};",
                f"\tspin_unlock(&{var}->lock);"]
    if kind == 3:
        return [f"\tif (unlikely({var}->{fld} > {n})) {{",
                f"\t\tpr_warn(\"%s: {fld} %lu over {n}\\n\", __func__,",
                f"\t\t\t(unsigned long){var}->{fld});",
                "\t\tret = -EINVAL;", "\t\tgoto out;", "\t}"]
    if kind == 4:
        return comment(rng) + [f"\tsmp_wmb();", f"\tWRITE_ONCE({var}->{fld}, {n});"]
    if kind == 5:
        return [f"\tpr_debug(\"%s: {rng.choice(NOUNS)} {n} %d\\n\", __func__, ret);"]
    if kind == 6:
        return [f"\tswitch ({var}->{fld} & {rng.randrange(1, 16)}) {{",
                f"\tcase {rng.randrange(8)}:", f"\t\tret = -EAGAIN;", "\t\tbreak;",
                "\tdefault:", f"\t\t{var}->{fld}++;", "\t\tbreak;", "\t}"]
    return [f"\t{var}->{fld} = ({var}->{fld} << {rng.randrange(1, 8)}) ^ {n};"]


def function(rng: random.Random, name: str, api: Api, n_lines: int, static: bool = True) -> list[str]:
    """A function of about ``n_lines`` lines (at least 8) using ``api``."""
    var = "ctx"
    head = [f"{'static ' if static else ''}int {name}({api.struct} *{var}, unsigned long arg)",
            "{", "\tunsigned int i;", "\tint ret = 0;", "",
            f"\tif (!{var})", "\t\treturn -EINVAL;", ""]
    tail = ["out:", "\treturn ret;", "}"]
    body: list[str] = []
    while len(head) + len(body) + len(tail) < n_lines:
        body.extend(_stmt_block(rng, api, var))
    return head + body + tail


def hook_call(name: str) -> str:
    return f"\t{name}(__func__, 0);"


# --- where to insert into real kernel files -------------------------------------------------

_FUNC_OPEN = re.compile(rb"^\{\s*$")
_FUNC_CLOSE = re.compile(rb"^\}\s*$")
_DECL = re.compile(rb"^\t(?:const |static |unsigned |signed |struct |enum |union )*[A-Za-z_][\w ]*[\s*]+\**[A-Za-z_]\w*(?:\[[^\]]*\])?(?: = [^;]*)?;\s*$")
_INCLUDE = re.compile(rb"^#include [<\"]")


def include_point(lines: list[bytes]) -> int | None:
    """Index just after the last ``#include`` among the first 300 lines."""
    last = None
    for i, line in enumerate(lines[:300]):
        if _INCLUDE.match(line):
            last = i
    return None if last is None else last + 1


def function_ends(lines: list[bytes]) -> list[int]:
    """Indices where a new top-level function can be inserted (after ``}`` + blank line)."""
    return [i + 2 for i in range(len(lines) - 2)
            if _FUNC_CLOSE.match(lines[i]) and lines[i + 1].strip() == b""]


def body_starts(lines: list[bytes]) -> list[int]:
    """Indices inside function bodies, after the local declarations, for a hook call."""
    points = []
    n = len(lines)
    for i in range(1, n - 1):
        if _FUNC_OPEN.match(lines[i]) and lines[i - 1].rstrip().endswith(b")") \
                and not lines[i - 1].startswith((b"\t", b" ", b"#")):
            j = i + 1
            while j < n and _DECL.match(lines[j]):
                j += 1
            if j < n and lines[j].strip() == b"" and j > i + 1:
                j += 1
            if j < n and lines[j].startswith(b"\t") and not _FUNC_CLOSE.match(lines[j]):
                points.append(j)
    return points


def statement_lines(lines: list[bytes], lo: int, hi: int) -> list[int]:
    """Indices in [lo, hi) of simple one-line statements (safe to tweak in place)."""
    out = []
    for i in range(max(lo, 0), min(hi, len(lines))):
        s = lines[i]
        if s.startswith(b"\t") and s.rstrip().endswith(b";") and b"/*" not in s and len(s) < 90:
            out.append(i)
    return out


def tweak_line(rng: random.Random, line: bytes, tag: str) -> bytes:
    """Change a statement line the way a fix would (still one line)."""
    s = line.rstrip()
    if s.endswith(b";"):
        return s[:-1] + f"; /* {tag}: {rng.choice(WORDS)} {rng.choice(WORDS)} */".encode()
    return s + f" /* {tag} */".encode()


# --- build glue -----------------------------------------------------------------------------

def kconfig_entry(symbol: str, prompt: str, depends: str | None, help_words: list[str]) -> list[str]:
    lines = [f"config {symbol}", f"\ttristate \"{prompt}\""]
    if depends:
        lines.append(f"\tdepends on {depends}")
    lines.append("\thelp")
    text = " ".join(help_words)
    while text:
        cut = text[:60].rfind(" ") if len(text) > 60 else len(text)
        cut = cut if cut > 0 else len(text)
        lines.append(f"\t  {text[:cut].strip()}")
        text = text[cut:].strip()
    lines.append("")
    return lines


def spdx(kind: str) -> str:
    return "/* SPDX-License-Identifier: GPL-2.0 */" if kind == "h" else "// SPDX-License-Identifier: GPL-2.0"
