"""The split plan: topics in dependency order, cut to reviewable size.

Why plan first and build later: everything that decides the series (which unit
goes where, in which order, how big each patch is, what each message says) is a
pure function of the canonical diff, the rules and MAINTAINERS, so it is computed
here without git and can be property-tested directly.  The pipeline then only
materialises the plan (trees, diffs, files) and verifies it.

Steps:
1. group units into topics (``splitgroup``);
2. derive unit dependencies (``splitorder.unit_edges``) and lift them to topics;
   order topics (interface headers first, rule order, diff order), merging
   topics that form a cycle of hard dependencies;
3. inside each topic, order its units (headers, code, Kconfig, Makefiles, each by
   dependency) and pack them into patches of at most ``max_lines`` changed lines
   and ``max_bytes`` of diff, cutting at file boundaries when a file fits whole in
   the next patch, else between hunks; a unit (or cycle of units) bigger than the
   limits stands alone and is reported;
4. record, for each patch, which earlier patches it depends on and through which
   symbols, for the messages and ``--explain``.
"""

from __future__ import annotations

from dataclasses import dataclass

from xenpatch.core.maintainers import MaintainersIndex
from xenpatch.core.splitgroup import Placement, Topic, group_units, patch_prefix
from xenpatch.core.splitorder import Cycle, Edges, lift, order, unit_edges
from xenpatch.core.splitrules import Rule
from xenpatch.core.splitunits import Unit
from xenpatch.core.symbols import Sym, file_kind

DEFAULT_MAX_LINES = 600  # queue.toml [split] max_lines overrides; see core.config
MAIL_LIMIT = 100_000  # bytes: the vger.kernel.org message size limit
DIFF_BUDGET = 90_000  # bytes of diff per patch, leaving room for headers, message and diffstat


@dataclass(frozen=True)
class PlannedPatch:
    index: int  # 0-based position in the series
    topic: str  # topic key (the first topic for merged cycles)
    topics: tuple[str, ...]  # every topic whose units are in it (several after a cycle merge)
    prefix: str
    part: int  # 1-based part within its topic group
    parts: int
    units: tuple[int, ...]
    insertions: int
    deletions: int
    size: int
    depends_on: tuple[tuple[int, tuple[Sym, ...]], ...]  # (earlier patch index, symbols)

    @property
    def lines(self) -> int:
        return self.insertions + self.deletions


@dataclass(frozen=True)
class Oversize:
    patch: int
    unit: str
    lines: int
    size: int
    reason: str


@dataclass(frozen=True)
class TopicCycle:
    """Topics merged into one group because they depend on each other."""

    topics: tuple[str, ...]
    symbols: tuple[Sym, ...]


@dataclass(frozen=True)
class Plan:
    patches: tuple[PlannedPatch, ...]
    topics: dict[str, Topic]
    placements: tuple[Placement, ...]
    cycles: tuple[TopicCycle, ...]
    unit_cycles: tuple[Cycle, ...]
    oversized: tuple[Oversize, ...]
    max_lines: int
    max_bytes: int


def _kind_rank(u: Unit) -> int:
    kind = file_kind(u.path)
    return {"header": 0, "c": 1, "asm": 1, "other": 1, "kconfig": 2, "makefile": 3, "maintainers": 4}[kind]


def _topic_rank(units: list[Unit]) -> int:
    """0: interface headers only; 2: glue/MAINTAINERS only; 1: anything else."""
    ranks = {_kind_rank(u) for u in units}
    if ranks == {0}:
        return 0
    if ranks and min(ranks) >= 2:
        return 2
    return 1


def plan_split(units: list[Unit], rules: list[Rule] | None = None, maintainers: MaintainersIndex | None = None,
               max_lines: int = DEFAULT_MAX_LINES, max_bytes: int = DIFF_BUDGET,
               rules_source: str = "rules") -> Plan:
    """Plan the series for ``units`` (see the module docstring)."""
    rules = rules or []
    topics, placements = group_units(units, rules, maintainers, rules_source)
    by_uid = {u.uid: u for u in units}
    topic_of = {p.uid: p.topic for p in placements}
    hard, soft = unit_edges(units, topic_of)

    members: dict[str, list[Unit]] = {}
    for u in units:
        members.setdefault(topic_of[u.uid], []).append(u)
    keys = sorted(members, key=lambda k: members[k][0].uid)
    gid = {k: i for i, k in enumerate(keys)}
    group_of = {u.uid: gid[topic_of[u.uid]] for u in units}
    gkey = {gid[k]: (_topic_rank(members[k]), topics[k].rank, members[k][0].uid) for k in keys}
    gorder = order(list(gid.values()), lift(hard, group_of), lift(soft, group_of), lambda g: gkey[g])
    cycles = tuple(TopicCycle(tuple(keys[g] for g in c.nodes), c.symbols) for c in gorder.cycles)

    patches: list[PlannedPatch] = []
    oversized: list[Oversize] = []
    unit_cycles: list[Cycle] = []
    part_of: dict[int, int] = {}
    block_of = {g: k for k, block in enumerate(gorder.blocks) for g in block}
    inner: dict[int, tuple[Edges, Edges]] = {k: ({}, {}) for k in range(len(gorder.blocks))}
    for which, edges in ((0, hard), (1, soft)):
        for (a, b), syms in edges.items():
            ka, kb = block_of[group_of[a]], block_of[group_of[b]]
            if ka == kb:
                inner[ka][which][(a, b)] = syms
    for bk, block in enumerate(gorder.blocks):
        block_topics = [keys[g] for g in block]
        block_units = sorted((u for k in block_topics for u in members[k]), key=lambda u: u.uid)
        inner_hard, inner_soft = inner[bk]
        uorder = order([u.uid for u in block_units], inner_hard, inner_soft,
                       lambda n: (_kind_rank(by_uid[n]), n))
        unit_cycles.extend(uorder.cycles)
        blocks = [[by_uid[n] for n in b] for b in uorder.blocks]
        parts, big = pack(blocks, max_lines, max_bytes)
        main = max(block_topics, key=lambda k: (sum(u.lines for u in members[k]), -members[k][0].uid))
        for k, part in enumerate(parts, 1):
            code = [u.path for u in part if _kind_rank(u) < 2] or [u.path for u in part]
            prefix = patch_prefix(topics[main], sorted(set(code)))
            index = len(patches)
            for u in part:
                part_of[u.uid] = index
            patches.append(PlannedPatch(
                index=index, topic=main, topics=tuple(t for t in block_topics if any(topic_of[u.uid] == t for u in part)),
                prefix=prefix, part=k, parts=len(parts), units=tuple(u.uid for u in part),
                insertions=sum(u.insertions for u in part), deletions=sum(u.deletions for u in part),
                size=sum(u.size for u in part), depends_on=()))
        for part_index, unit_labels, lines, size, reason in big:
            oversized.append(Oversize(len(patches) - len(parts) + part_index, unit_labels, lines, size, reason))

    _check_order(hard, part_of)
    deps = _dependencies(hard, soft, part_of)
    patches = [PlannedPatch(**{**p.__dict__, "depends_on": deps.get(p.index, ())}) for p in patches]
    return Plan(tuple(patches), topics, tuple(placements), cycles, tuple(unit_cycles), tuple(oversized),
                max_lines, max_bytes)


def pack(blocks: list[list[Unit]], max_lines: int, max_bytes: int
         ) -> tuple[list[list[Unit]], list[tuple[int, str, int, int, str]]]:
    """Cut ordered blocks into parts within the limits, preferring file boundaries.

    Returns the parts and the oversize ones as (part index, unit label, lines,
    bytes, reason).
    """
    def fits(lines: int, size: int) -> bool:
        return lines <= max_lines and size <= max_bytes

    runs: list[list[list[Unit]]] = []
    for b in blocks:
        if runs and len(b) == 1 and len(runs[-1][-1]) == 1 and runs[-1][-1][0].path == b[0].path:
            runs[-1].append(b)
        else:
            runs.append([b])
    parts: list[list[Unit]] = []
    cur: list[Unit] = []
    cur_lines = cur_size = 0
    big: list[tuple[int, str, int, int, str]] = []

    def flush() -> None:
        nonlocal cur, cur_lines, cur_size
        if cur:
            parts.append(cur)
        cur, cur_lines, cur_size = [], 0, 0

    for run in runs:
        run_lines = sum(u.lines for b in run for u in b)
        run_size = sum(u.size for b in run for u in b)
        if fits(cur_lines + run_lines, cur_size + run_size):
            cur.extend(u for b in run for u in b)
            cur_lines += run_lines
            cur_size += run_size
            continue
        if cur and fits(run_lines, run_size):
            flush()
            cur.extend(u for b in run for u in b)
            cur_lines, cur_size = run_lines, run_size
            continue
        for b in run:
            b_lines = sum(u.lines for u in b)
            b_size = sum(u.size for u in b)
            if not fits(cur_lines + b_lines, cur_size + b_size):
                flush()
            if not fits(b_lines, b_size):
                flush()
                parts.append(list(b))
                what = b[0].label() if len(b) == 1 else f"{b[0].label()} and {len(b) - 1} more (a dependency cycle)"
                reason = ("a dependency cycle" if len(b) > 1 else
                          "a single new file" if b[0].status == "added" else
                          "a single file change" if b[0].whole else "a single hunk")
                limit = "lines" if b_lines > max_lines else "bytes"
                big.append((len(parts) - 1, what, b_lines, b_size, f"{reason} over the {limit} limit"))
                continue
            cur.extend(b)
            cur_lines += b_lines
            cur_size += b_size
    flush()
    return parts, big


def _check_order(hard: Edges, part_of: dict[int, int]) -> None:
    for (a, b), syms in hard.items():
        if part_of[a] > part_of[b]:
            raise AssertionError(f"split plan puts a definer after its user: {sorted(syms)[:3]}")


def _dependencies(hard: Edges, soft: Edges, part_of: dict[int, int]) -> dict[int, tuple[tuple[int, tuple[Sym, ...]], ...]]:
    found: dict[int, dict[int, set[Sym]]] = {}
    for edges in (hard, soft):
        for (a, b), syms in edges.items():
            pa, pb = part_of[a], part_of[b]
            if pa < pb:
                found.setdefault(pb, {}).setdefault(pa, set()).update(syms)
    return {p: tuple((q, tuple(sorted(s))) for q, s in sorted(d.items())) for p, d in found.items()}
