"""Definitions before users: the dependency graph between units and a stable order over it.

Why two strengths of edge: some orderings are required for every prefix of the
series to be self-consistent (a call needs a declaration of the function, a
Makefile line needs the file it builds, a config used in a Makefile needs its
Kconfig entry, a deleted definition needs its last users gone first); others
only make the series read better (a struct member before the code using
``->member``, a ``.c`` definition before its callers when a header already
declares it).  *Hard* edges are always kept; strongly connected sets of them are
cycles, merged into one block and reported with the symbols that form them.
*Soft* edges are added one by one, in a fixed order, only when they do not close a
cycle.

The order itself is Kahn's algorithm with a priority key, so that among
independent blocks interface headers come first and otherwise the canonical diff
order is kept: the same input always gives the same order.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Callable, Hashable, Iterable, TypeVar

from xenpatch.core.splitunits import Unit
from xenpatch.core.symbols import KIND_C, KIND_CONFIG, Sym, file_kind

N = TypeVar("N", bound=Hashable)
Edges = dict[tuple[int, int], set[Sym]]


@dataclass(frozen=True)
class Cycle:
    """Nodes that depend on each other through hard edges, with the symbols involved."""

    nodes: tuple[int, ...]
    symbols: tuple[Sym, ...]


@dataclass(frozen=True)
class Ordered:
    blocks: tuple[tuple[int, ...], ...]  # in order; a block of several nodes is a cycle
    cycles: tuple[Cycle, ...]
    kept_soft: frozenset[tuple[int, int]]


def strongly_connected(nodes: list[int], succ: dict[int, set[int]]) -> list[list[int]]:
    """Tarjan's SCCs, iteratively (queues can have thousands of units)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[int, Iterable[int]]] = [(root, iter(sorted(succ.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(succ.get(nxt, ())))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp: list[int] = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                out.append(sorted(comp))
    return out


def _reaches(succ: dict[int, set[int]], start: int, goal: int) -> bool:
    seen = {start}
    todo = [start]
    while todo:
        n = todo.pop()
        if n == goal:
            return True
        for m in succ.get(n, ()):
            if m not in seen:
                seen.add(m)
                todo.append(m)
    return False


def _topo(comps: list[int], succ: dict[int, set[int]], key: Callable[[int], tuple[object, ...]]) -> list[int]:
    indeg = {c: 0 for c in comps}
    for c in comps:
        for d in succ.get(c, ()):
            indeg[d] += 1
    heap = [(key(c), c) for c in comps if indeg[c] == 0]
    heapq.heapify(heap)
    out: list[int] = []
    while heap:
        _, c = heapq.heappop(heap)
        out.append(c)
        for d in succ.get(c, ()):
            indeg[d] -= 1
            if indeg[d] == 0:
                heapq.heappush(heap, (key(d), d))
    assert len(out) == len(comps), "the condensed graph must be acyclic"
    return out


def order(nodes: list[int], hard: Edges, soft: Edges, key: Callable[[int], tuple[object, ...]]) -> Ordered:
    """Blocks of ``nodes`` in an order that respects every hard edge and as many soft ones as fit."""
    succ: dict[int, set[int]] = {}
    for (a, b) in hard:
        succ.setdefault(a, set()).add(b)
    comps = strongly_connected(sorted(nodes, key=key), succ)
    comp_of = {n: k for k, comp in enumerate(comps) for n in comp}
    cycles: list[Cycle] = []
    for comp in comps:
        if len(comp) > 1:
            members = set(comp)
            syms = sorted({s for (a, b), ss in hard.items() if a in members and b in members for s in ss})
            cycles.append(Cycle(tuple(comp), tuple(syms)))
    csucc: dict[int, set[int]] = {}
    for (a, b) in hard:
        ca, cb = comp_of[a], comp_of[b]
        if ca != cb:
            csucc.setdefault(ca, set()).add(cb)
    ckey: dict[int, tuple[object, ...]] = {k: min(key(n) for n in comp) for k, comp in enumerate(comps)}
    ids = list(range(len(comps)))
    topo = _topo(ids, csucc, lambda c: ckey[c])
    pos = {c: i for i, c in enumerate(topo)}
    kept: set[tuple[int, int]] = set()
    for (a, b) in sorted(soft, key=lambda e: (key(e[0]), key(e[1]))):
        if a not in comp_of or b not in comp_of or comp_of[a] == comp_of[b]:
            continue
        ca, cb = comp_of[a], comp_of[b]
        if cb in csucc.get(ca, ()):
            kept.add((a, b))
            continue
        if pos[ca] < pos[cb]:
            csucc.setdefault(ca, set()).add(cb)
            kept.add((a, b))
        elif not _reaches(csucc, cb, ca):
            csucc.setdefault(ca, set()).add(cb)
            kept.add((a, b))
            topo = _topo(ids, csucc, lambda c: ckey[c])
            pos = {c: i for i, c in enumerate(topo)}
    final = _topo(ids, csucc, lambda c: ckey[c])
    blocks = tuple(tuple(sorted(comps[c], key=key)) for c in final)
    return Ordered(blocks, tuple(cycles), frozenset(kept))


# ---------------------------------------------------------------- unit dependencies

def _is_header(u: Unit) -> bool:
    return file_kind(u.path) == "header"


def unit_edges(units: list[Unit], topic_of: dict[int, str]) -> tuple[Edges, Edges]:
    """(hard, soft) edges ``definer -> user`` between units, each with the symbols behind it.

    A use needs one definition before it: the definer in the user's own topic if
    there is one, else a header declaring it, else the first in diff order; that
    edge is hard, edges to the other definers soft.  A name a ``.c`` file defines
    for itself (static functions, its macros and types) resolves there first.
    """
    definers: dict[Sym, list[int]] = {}
    undefiners: dict[Sym, list[int]] = {}
    for u in units:
        for s in u.symbols.defines:
            definers.setdefault(s, []).append(u.uid)
        for s in u.symbols.undefines:
            undefiners.setdefault(s, []).append(u.uid)
    by_uid = {u.uid: u for u in units}
    hard: Edges = {}
    soft: Edges = {}

    def add(edges: Edges, a: int, b: int, s: Sym) -> None:
        if a != b:
            edges.setdefault((a, b), set()).add(s)

    for v in units:
        local_kind = f"c@{v.path}"
        for s in v.symbols.uses:
            cands: list[int] = []
            if s[0] == KIND_C:
                cands = [d for d in definers.get((local_kind, s[1]), ()) if d != v.uid]
            if not cands:
                cands = [d for d in definers.get(s, ()) if d != v.uid]
            if not cands:
                continue
            chosen = min(cands, key=lambda d: (topic_of[d] != topic_of[v.uid], not _is_header(by_uid[d]), d))
            add(hard, chosen, v.uid, s)
            for d in cands:
                if d != chosen:
                    add(soft, d, v.uid, s)
        for s in v.symbols.soft_uses:
            cands = [d for d in definers.get(s, ()) if d != v.uid]
            if s[0] == KIND_CONFIG and file_kind(v.path) == "makefile":
                for d in cands:
                    add(hard, d, v.uid, s)
                continue
            for d in cands:
                add(soft, d, v.uid, s)
        for s in v.symbols.unuses:
            # v removes a use of s; a unit removing the definition of s must come later
            gone = [d for d in undefiners.get(s, ()) if d != v.uid]
            still_defined = bool(definers.get(s))
            for d in gone:
                add(soft if still_defined else hard, v.uid, d, s)
        for s in v.symbols.undefines:
            # a definition moved elsewhere: the new one first, so the name never vanishes
            for d in definers.get(s, ()):
                add(soft, d, v.uid, s)
    for key in list(soft):
        if key in hard:
            hard[key] |= soft.pop(key)
    return hard, soft


def lift(edges: Edges, group_of: dict[int, int]) -> Edges:
    """Unit edges as edges between groups (edges inside a group dropped)."""
    out: Edges = {}
    for (a, b), syms in edges.items():
        ga, gb = group_of[a], group_of[b]
        if ga != gb:
            out.setdefault((ga, gb), set()).update(syms)
    return out
