"""Which topic each unit of a monolithic patch belongs to, and why.

Why this order of evidence: an explicit rule is the user's decision and wins;
otherwise the kernel's own MAINTAINERS file says which subsystem owns a path (the
most specific entry, as get_maintainer.pl picks it), one topic per matching
pattern so that ``include/xen/`` interface headers and ``drivers/xen/`` code become
separate patches; paths nobody maintains fall back to their directory.

Build glue then moves to the code it builds, the way a maintainer splits by hand:
a Makefile hunk ``obj-$(CONFIG_FOO) += foo.o`` joins the topic that adds
``foo.c``; a Kconfig hunk defining ``config FOO`` joins the topic of the code FOO
enables; a MAINTAINERS hunk joins the topic of the files its ``F:`` lines name.
Every decision carries a one-line reason for ``split --explain``.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass

from xenpatch.core.maintainers import MaintainersIndex, Section
from xenpatch.core.maintainers import index as maint_index
from xenpatch.core.splitorder import unit_edges
from xenpatch.core.splitrules import Rule
from xenpatch.core.splitunits import Unit
from xenpatch.core.symbols import (
    KIND_CONFIG,
    KIND_DIR,
    KIND_FILE,
    KIND_OBJ,
    file_kind,
    is_glue,
)
from xenpatch.errors import BadInput

_CATCH_ALL = frozenset({"THE REST"})
_DROP = frozenset({"drivers", "include", "uapi", "linux", "asm", "asm-generic", "fs", "kernel", "generated"})
DIR_DEPTH = 3


@dataclass(frozen=True)
class Topic:
    """A group of units that becomes one or more patches."""

    key: str  # unique: "rule:NAME", "maint:SECTION|PATTERN", "dir:PATH"
    prefix: str  # subject prefix ("xen/events"); "" = derive from the files
    origin: str  # for messages and --explain
    rank: int  # rule order (rules first), then MAINTAINERS/directories
    section: Section | None = None
    pattern: str = ""  # the MAINTAINERS pattern ("F: drivers/xen/", "N: xen")

    @property
    def title(self) -> str:
        """A readable name: ``rule NAME``, ``SECTION (F: pattern)``, ``directory X``."""
        if self.section is not None:
            return f"{self.section.name} ({self.pattern})"
        return self.origin


@dataclass(frozen=True)
class Placement:
    """Where one unit went and why."""

    uid: int
    label: str
    topic: str
    reason: str


def prefix_for_dir(directory: str) -> str:
    """Kernel-style subject prefix for a directory: drivers/xen/events -> xen/events."""
    parts = [p for p in directory.split("/") if p]
    if not parts:
        return ""
    if parts[0] == "arch" and len(parts) > 1:
        rest = [p for p in parts[2:] if p not in _DROP]
        return "/".join([parts[1]] + rest[-1:])
    if parts[0] == "Documentation":
        return "docs" + ("/" + parts[-1] if len(parts) > 1 else "")
    if parts[0] in ("tools", "scripts", "samples") and len(parts) > 1:
        return "/".join(parts[:2])
    rest = [p for p in parts if p not in _DROP]
    return "/".join(rest[-2:]) or parts[-1]


def common_dir(paths: list[str]) -> str:
    dirs = [posixpath.dirname(p).split("/") if "/" in p else [] for p in paths]
    if not dirs:
        return ""
    common = dirs[0]
    for d in dirs[1:]:
        n = 0
        while n < len(common) and n < len(d) and common[n] == d[n]:
            n += 1
        common = common[:n]
    return "/".join(common)


def derive_prefix(paths: list[str]) -> str:
    """The prefix for a set of files: their common directory, else the top file's stem."""
    prefix = prefix_for_dir(common_dir(paths))
    if prefix:
        return prefix
    tops = sorted({p.split("/")[0] for p in paths})
    if len(tops) == 1:
        return posixpath.splitext(tops[0])[0] or "treewide"
    return "treewide"


def _stem(path: str) -> str:
    return posixpath.splitext(posixpath.basename(path))[0] or path


def _literal(pattern: str) -> bool:
    return not any(c in pattern for c in "*?[")


def patch_prefix(topic: Topic, paths: list[str]) -> str:
    """The ``subsystem`` of ``subsystem: summary`` for a patch of ``topic`` touching ``paths``.

    A rule's subject wins.  Under a MAINTAINERS directory pattern it is the pattern's
    directory (or the patch's deeper common directory): ``F: drivers/xen/`` gives
    ``xen``, files all below drivers/xen/events give ``xen/events``.  Under a single
    file pattern it is the section's first directory (``F: include/linux/irq.h`` in a
    section with ``F: kernel/irq/`` gives ``irq``); a glob pattern matching one file
    gives the file's name (``xen-blkfront``).  Otherwise the common directory.
    """
    if topic.prefix:
        return topic.prefix
    if topic.section is not None and topic.pattern.startswith("F: "):
        body = topic.pattern[3:]
        if body.endswith("/") and _literal(body):
            base = body.rstrip("/")
            common = common_dir(paths) if paths else base
            if common.startswith(base + "/"):
                return prefix_for_dir(common) or prefix_for_dir(base)
            return prefix_for_dir(base) or derive_prefix(paths)
        if _literal(body):
            dirs = [f for f in topic.section.files if f.endswith("/") and _literal(f)]
            return prefix_for_dir(dirs[0].rstrip("/")) if dirs else _stem(body)
    if len(set(paths)) == 1 and topic.section is not None:
        return _stem(paths[0])
    return derive_prefix(paths)


def _changed(u: Unit) -> str:
    return u.added + u.removed


def group_units(units: list[Unit], rules: list[Rule], maintainers: MaintainersIndex | None,
                rules_source: str = "rules") -> tuple[dict[str, Topic], list[Placement]]:
    """Assign every unit a topic (rules, then MAINTAINERS, then directories; glue follows code)."""
    topics: dict[str, Topic] = {}
    where: dict[int, tuple[str, str]] = {}
    pinned: set[int] = set()  # units a hunk-targeting rule placed on purpose
    used_rules: set[str] = set()
    for u in units:
        placed = False
        for rule in rules:
            why = rule.match(u.paths, _changed(u), u.section)
            if why is None:
                continue
            key = f"rule:{rule.name}"
            topics.setdefault(key, Topic(key, rule.subject, f"rule {rule.name}", rule.index))
            where[u.uid] = (key, why)
            used_rules.add(rule.name)
            if rule.targets_hunks:
                pinned.add(u.uid)
            placed = True
            break
        if placed:
            continue
        key, topic, why = _default_topic(u, maintainers, len(rules))
        topics.setdefault(key, topic)
        where[u.uid] = (key, why)
    unused = [r.name for r in rules if r.name not in used_rules]
    if unused:
        raise BadInput(f"{rules_source}: rule {unused[0]!r} matches nothing in the patch",
                       "fix its paths/content/context, or remove the rule")
    _attach_glue(units, where, pinned)
    _attach_maintainers_entries(units, where, pinned)
    placements = [Placement(u.uid, u.label(), where[u.uid][0], where[u.uid][1]) for u in units]
    used = {p.topic for p in placements}
    return {k: t for k, t in topics.items() if k in used}, placements


def _default_topic(u: Unit, maintainers: MaintainersIndex | None, rank: int) -> tuple[str, Topic, str]:
    if maintainers is not None:
        for m in maintainers.match(u.path):
            if m.section.name in _CATCH_ALL:
                continue
            key = f"maint:{m.section.name}|{m.pattern}"
            topic = Topic(key, "", f"MAINTAINERS: {m.section.name}", rank, m.section, m.pattern)
            return key, topic, m.describe()
    parts = u.path.split("/")[:-1][:DIR_DEPTH]
    directory = "/".join(parts)
    key = f"dir:{directory}"
    label = directory or "top-level files"
    return key, Topic(key, "", f"directory {label}", rank), f"directory {label}"


def _majority(topic_of: dict[int, str], uids: list[int],
              after: dict[str, set[str]] | None = None) -> tuple[str, int] | None:
    """The topic glue joins among the topics of ``uids``.

    Glue that builds several topics (one new Makefile listing three drivers) must
    come after all of them, so it joins the one that depends on most of the others
    (``after[t]``: the topics ``t`` must follow); then the one with most targets,
    then the earliest.
    """
    if not uids:
        return None
    counts = Counter(topic_of[u] for u in uids)
    first = {t: min(u for u in uids if topic_of[u] == t) for t in counts}
    later = {t: len((after or {}).get(t, set()) & set(counts)) for t in counts}
    best = min(counts, key=lambda t: (-later[t], -counts[t], first[t]))
    return best, counts[best]


def _topic_order(units: list[Unit], topic_of: dict[int, str]) -> dict[str, set[str]]:
    """For each topic, the topics it must follow (transitively) through hard dependencies."""
    hard, _ = unit_edges(units, topic_of)
    succ: dict[str, set[str]] = {}
    for (a, b) in hard:
        ta, tb = topic_of[a], topic_of[b]
        if ta != tb:
            succ.setdefault(ta, set()).add(tb)
    before: dict[str, set[str]] = {}
    for start in sorted(succ):
        seen: set[str] = set()
        todo = [start]
        while todo:
            t = todo.pop()
            for n in succ.get(t, ()):
                if n not in seen:
                    seen.add(n)
                    todo.append(n)
        for t in seen:
            before.setdefault(t, set()).add(start)
    return before


def _attach_glue(units: list[Unit], where: dict[int, tuple[str, str]], pinned: set[int]) -> None:
    """Move Kconfig/Makefile units to the topic of the code they build."""
    code = [u for u in units if not is_glue(u.path)]
    provides: dict[tuple[str, str], list[int]] = {}
    for u in code:
        for sym in u.symbols.defines:
            if sym[0] in (KIND_OBJ, KIND_DIR, KIND_FILE):
                provides.setdefault(sym, []).append(u.uid)
    config_users: dict[str, list[int]] = {}
    for u in code:
        for kind, name in u.symbols.uses | u.symbols.soft_uses:
            if kind == KIND_CONFIG:
                config_users.setdefault(name, []).append(u.uid)
    # Hunks of existing build files move; a whole new Kconfig/Makefile stays with the
    # code of its own directory when that topic has code (a new driver's own Makefile).
    with_code = {where[u.uid][0] for u in code}
    glue = [u for u in units if is_glue(u.path) and u.uid not in pinned
            and not (u.whole and u.status == "added" and where[u.uid][0] in with_code)]
    makefile_targets: dict[int, list[int]] = {}
    config_targets: dict[str, list[int]] = {}
    for u in glue:
        if file_kind(u.path) != "makefile":
            continue
        targets: list[int] = []
        for sym in sorted(u.symbols.uses | u.symbols.defines):
            if sym[0] in (KIND_OBJ, KIND_DIR):
                targets.extend(provides.get(sym, ()))
        makefile_targets[u.uid] = targets
        for kind, name in u.symbols.uses:
            if kind == KIND_CONFIG:
                config_targets.setdefault(name, []).extend(targets)
    topic_of = {uid: t for uid, (t, _) in where.items()}
    by_uid = {u.uid: u for u in units}
    after = _topic_order(code, topic_of)
    # Makefiles first: they point at files directly.
    for uid, targets in makefile_targets.items():
        best = _majority(topic_of, sorted(set(targets)), after)
        if best and best[0] != topic_of[uid]:
            names = sorted({by_uid[t].path for t in targets if topic_of[t] == best[0]})
            where[uid] = (best[0], f"glue: builds {_names(names)}")
    topic_of = {uid: t for uid, (t, _) in where.items()}
    # Kconfig: a config goes with what it enables (objects in Makefiles, else its C users).
    pending: list[Unit] = []
    for u in glue:
        if file_kind(u.path) != "kconfig":
            continue
        configs = sorted(name for kind, name in u.symbols.defines if kind == KIND_CONFIG)
        targets = sorted({t for c in configs for t in config_targets.get(c, ())})
        how = "enables"
        if not targets:
            targets = sorted({t for c in configs for t in config_users.get(c, ())})
            how = "is used by"
        best = _majority(topic_of, targets, after)
        if best is None:
            pending.append(u)
            continue
        if best[0] != topic_of[u.uid]:
            names = sorted({by_uid[t].path for t in targets if topic_of[t] == best[0]})
            cfg = ", ".join(f"CONFIG_{c}" for c in configs[:3])
            where[u.uid] = (best[0], f"glue: {cfg} {how} {_names(names)}")
        topic_of[u.uid] = where[u.uid][0]
    # Kconfig hunks that only 'source' a new Kconfig file follow that file.
    for u in pending:
        sourced = [t for kind, name in sorted(u.symbols.uses) if kind == KIND_FILE
                   for t in [w.uid for w in units if w.path == name and w.status == "added"]]
        best = _majority(topic_of, sourced, after)
        if best and best[0] != topic_of[u.uid]:
            where[u.uid] = (best[0], f"glue: sources {_names(sorted({by_uid[t].path for t in sourced}))}")


def _attach_maintainers_entries(units: list[Unit], where: dict[int, tuple[str, str]], pinned: set[int]) -> None:
    """A hunk of MAINTAINERS that adds an entry goes with the files the entry covers."""
    topic_of = {uid: t for uid, (t, _) in where.items()}
    for u in units:
        if u.path != "MAINTAINERS" or u.uid in pinned or not u.added:
            continue
        patterns = [m.group(1).strip() for m in re.finditer(r"^F:\s*(\S.*)$", u.added, re.MULTILINE)]
        if not patterns:
            continue
        idx = maint_index([Section("entry", files=tuple(patterns))])
        covered = [w.uid for w in units if w.path != "MAINTAINERS" and idx.match(w.path)]
        best = _majority(topic_of, covered, _topic_order(
            [w for w in units if not is_glue(w.path)], topic_of))
        if best and best[0] != topic_of[u.uid]:
            where[u.uid] = (best[0], f"MAINTAINERS entry for {_names(patterns)}")


def _names(items: list[str], limit: int = 3) -> str:
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
