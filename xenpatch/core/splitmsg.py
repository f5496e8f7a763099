"""Kernel-style subjects and commit messages for the patches of a split.

Why generated text at all: a series of 40 patches all called "xen: part N" is
useless to a reviewer.  Each patch gets ``subsystem: summary`` (the summary names
what it adds, updates, removes or renames, the way ``git log --oneline`` reads in
the kernel), and a body that says what the patch contains, what it provides for
later patches and which earlier patches it depends on (and through which
symbols), ending with the queue identity's ``Signed-off-by``.  The text is a pure
function of the plan, so the same input gives byte-identical messages.
"""

from __future__ import annotations

import posixpath
import textwrap
from dataclasses import dataclass

from xenpatch.core.splitplan import Plan, PlannedPatch
from xenpatch.core.splitunits import Unit
from xenpatch.core.symbols import (
    KIND_C,
    KIND_CONFIG,
    KIND_DIR,
    KIND_MEMBER,
    KIND_OBJ,
    display,
    is_glue,
)

SUBJECT_MAX = 72
_PROVIDE_KINDS = (KIND_C, KIND_CONFIG)


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


def _base(path: str) -> str:
    return posixpath.basename(path) or path


def _list(names: list[str], room: int) -> str:
    """``a``, ``a and b``, ``a, b and c``, or ``a, b and N more`` within ``room`` characters."""
    for shown in range(len(names), 0, -1):
        head = names[:shown]
        rest = len(names) - shown
        if rest:
            text = ", ".join(head) + f" and {rest} more"
        elif len(head) > 1:
            text = ", ".join(head[:-1]) + " and " + head[-1]
        else:
            text = head[0]
        if len(text) <= room or shown == 1:
            return text
    return ""


def summary(units: list[Unit], room: int) -> str:
    """What a patch does, from its units: ``add foo.c and foo.h``, ``update bar.c``, ..."""
    code = [u for u in units if not is_glue(u.path) and u.path != "MAINTAINERS"]
    if not code:
        return _glue_summary(units, room)
    units = code
    added: list[str] = []
    removed: list[str] = []
    renamed: list[str] = []
    changed: list[str] = []
    for u in units:
        if u.status == "added":
            bucket = added
        elif u.status == "deleted":
            bucket = removed
        elif u.status in ("renamed", "copied"):
            bucket = renamed
        else:
            bucket = changed
        name = _base(u.path)
        if u.status in ("renamed", "copied") and u.old_path:
            name = f"{_base(u.old_path)} to {name}"
        if name not in bucket:
            bucket.append(name)
    phrases = [(verb, names) for verb, names in (("add", added), ("update", changed),
                                                  ("remove", removed), ("rename", renamed)) if names]
    if len(phrases) > 2:
        n = len({u.path for u in units})
        return f"add, update and remove {n} files"
    if len(phrases) == 2:
        (v1, n1), (v2, n2) = phrases
        half = max(room // 2 - 6, 12)
        return f"{v1} {_list(n1, half)} and {v2} {_list(n2, half)}"
    verb, names = phrases[0]
    return f"{verb} {_list(names, room - len(verb) - 1)}"


def _glue_summary(units: list[Unit], room: int) -> str:
    """Kconfig/Makefile-only patches say what they configure and build."""
    configs = sorted({f"CONFIG_{n}" for u in units for k, n in u.symbols.defines if k == KIND_CONFIG})
    built = sorted({posixpath.basename(n.rstrip("/")) + ("/" if k == KIND_DIR else "")
                    for u in units for k, n in u.symbols.uses if k in (KIND_OBJ, KIND_DIR)})
    options = f"{len(configs)} Kconfig option{'s' if len(configs) != 1 else ''}"
    objects = f"{len(built)} object{'s' if len(built) != 1 else ''}"
    if configs and built:
        half = max(room // 2 - 6, 16)
        candidates = [f"add {_list(configs, half)} and build {_list(built, half)}",
                      f"add {options} and build {_list(built, room - len(options) - 15)}",
                      f"add {options} and build {objects}"]
    elif configs:
        candidates = [f"add {_list(configs, room - 4)}", f"add {options}"]
    elif built:
        candidates = [f"build {_list(built, room - 6)}", f"build {objects}"]
    else:
        candidates = [f"update {_list(sorted({_base(u.path) for u in units}), room - 7)}"]
    return next((c for c in candidates if len(c) <= room), candidates[-1])


def subjects(plan: Plan, units: dict[int, Unit]) -> list[str]:
    """One subject per planned patch; parts of one topic that would read alike get ``(part k/n)``."""
    out: list[str] = []
    for p in plan.patches:
        prefix = f"{p.prefix}: " if p.prefix else ""
        room = SUBJECT_MAX - len(prefix) - (12 if p.parts > 1 else 0)
        out.append(prefix + summary([units[u] for u in p.units], max(room, 20)))
    groups: dict[tuple[str, int], list[int]] = {}
    for p in plan.patches:
        if p.parts > 1:
            groups.setdefault((p.topic, p.index - p.part + 1), []).append(p.index)
    for members in groups.values():
        texts = [out[i] for i in members]
        if len(set(texts)) < len(texts):
            for i in members:
                p = plan.patches[i]
                out[i] = f"{out[i]} (part {p.part}/{p.parts})"
    seen: dict[str, int] = {}
    for i, s in enumerate(out):
        if s in seen:
            seen[s] += 1
            out[i] = f"{s} ({seen[s]})"
        else:
            seen[s] = 1
    return out


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, 72, initial_indent=indent, subsequent_indent=indent or "",
                         break_long_words=False, break_on_hyphens=False) or [indent.rstrip()]


def body(plan: Plan, p: PlannedPatch, units: dict[int, Unit], all_subjects: list[str],
         source: str, signoff: str) -> str:
    """The commit message body (everything after the subject line)."""
    mine = [units[u] for u in p.units]
    files: dict[str, list[Unit]] = {}
    for u in mine:
        files.setdefault(u.label() if u.whole else u.path, []).append(u)
    new = sum(1 for u in mine if u.whole and u.status == "added")
    changed = len(files) - new
    bits = []
    if new:
        bits.append(f"{new} new file{'s' if new != 1 else ''}")
    if changed:
        bits.append(f"{changed} changed file{'s' if changed != 1 else ''}")
    origin = "; ".join(plan.topics[t].origin for t in p.topics)
    lines: list[str] = []
    lines += _wrap(f"This patch carries the {p.prefix or 'tree'} part of the out-of-tree change "
                   f"({', '.join(bits)}, +{p.insertions} -{p.deletions}), grouped by {origin}.")
    if p.parts > 1:
        lines += _wrap(f"It is part {p.part} of {p.parts} of that group, cut to stay reviewable.")
    lines.append("")
    lines.append("Contents:")
    for name, us in sorted(files.items()):
        u0 = us[0]
        if u0.whole:
            what = {"added": "new file", "deleted": "removed", "renamed": "renamed",
                    "copied": "copied"}.get(u0.status, "binary change" if u0.binary else "changed")
        else:
            what = (f"hunk{'s' if len(us) > 1 else ''} {', '.join(str(u.hunk + 1) for u in us)} of {u0.hunks_in_file}"
                    if len(us) < u0.hunks_in_file else "all changes")
        lines.append(f"  {name}: {what}")
    provided = sorted({s for u in mine for s in u.symbols.defines if s[0] in _PROVIDE_KINDS})
    if provided:
        names = [display(s) for s in provided]
        shown = names[:12]
        more = f" and {len(names) - 12} more" if len(names) > 12 else ""
        lines.append("")
        lines += _wrap("It provides " + ", ".join(shown) + more + ".")
    if p.depends_on:
        lines.append("")
        lines.append("It depends on:")
        for q, syms in p.depends_on:
            dep_names = [display(s) for s in syms if s[0] != KIND_MEMBER] or [display(s) for s in syms]
            why = ", ".join(dep_names[:6]) + (f" and {len(dep_names) - 6} more" if len(dep_names) > 6 else "")
            lines += _wrap(f'patch {q + 1} ("{all_subjects[q]}") for {why}', "  ")
    else:
        lines.append("")
        lines.append("It depends on no earlier patch of this series.")
    lines.append("")
    lines += _wrap(f"Split out of {source} by 'xenpatch split'.")
    lines.append("")
    lines.append(f"Signed-off-by: {signoff}")
    return "\n".join(lines) + "\n"


def messages(plan: Plan, units: dict[int, Unit], source: str, signoff: str) -> list[Message]:
    subs = subjects(plan, units)
    return [Message(subs[p.index], body(plan, p, units, subs, source, signoff)) for p in plan.patches]
