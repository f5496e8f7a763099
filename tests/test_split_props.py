"""Properties of ``split`` on generated monolithic patches (hypothesis).

For any generated out-of-tree change: the series reproduces the fork tree exactly
(checked with plain git, patch by patch, no offsets), no patch uses a function,
header, config or object that only a later patch provides, and no patch is over
the size limit unless it is a single indivisible unit reported as such.
"""

from __future__ import annotations

import difflib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from tests.test_split_kit import (Module, apply_independently, definition_order_violations, git,
                                  make_workspace, series_names)
from xenpatch.core.queue import Workspace
from xenpatch.core.splitunits import apply_hunks, units_of_diff
from xenpatch.pipeline.split import split

DIRS = ["drivers/xen", "drivers/xen/events", "drivers/xen/blkback", "arch/x86/xen", "drivers/net/xen-netfront"]
NAMES = ["evtchn", "grant", "pvh", "balloon", "xenbus"]


@st.composite
def module_sets(draw: st.DrawFn) -> list[Module]:
    n = draw(st.integers(1, 4))
    modules = [Module(NAMES[k], draw(st.sampled_from(DIRS)), functions=draw(st.integers(1, 3)),
                      lines=draw(st.integers(1, 12))) for k in range(n)]
    for m in modules:
        others = [f"{o.name}_fn{j}" for o in modules if o is not m for j in range(o.functions)]
        if others:
            m.calls = draw(st.lists(st.sampled_from(others), max_size=3, unique=True))
    return modules


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(module_sets(), st.sampled_from([6, 12, 30, 600]), st.booleans(), st.booleans())
def test_split_properties(modules: list[Module], max_lines: int, touch_core: bool, extras: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = make_workspace(Path(tmp) / "ws", modules, touch_core=touch_core, extras=extras)
        kernel = ws / "kernel"
        r = split(Workspace(ws), "xen", max_lines=max_lines)
        assert r.verified and r.written
        names = series_names(ws)
        assert names == [p.name for p in r.patches]
        files = [ws / "queues/xen/patches" / n for n in names]
        trees = apply_independently(kernel, git(kernel, "rev-parse", "master").strip(), files)
        assert trees[-1] == git(kernel, "rev-parse", "xen^{tree}").strip()
        texts = [f.read_text(errors="replace") for f in files]
        assert definition_order_violations(texts) == []
        over = {o.patch: o for o in r.oversized}
        for p, f in zip(r.patches, files):
            assert f.stat().st_size == p.bytes < 100_000
            if p.insertions + p.deletions > max_lines:
                assert p.name in over and over[p.name].lines == p.insertions + p.deletions
        for k, p in enumerate(r.patches):
            assert all(names.index(d) < k for d in p.depends_on)


# ---------------------------------------------------------------- rebuilding files from hunk subsets

lines_st = st.lists(st.sampled_from(["a\n", "b\n", "c\n", "d\n", "e\n", "f\n", "g\n"]), max_size=40)


@settings(max_examples=200, deadline=None)
@given(lines_st, lines_st, st.data())
def test_apply_hunks_subsets(old: list[str], new: list[str], data: st.DataObject) -> None:
    body = "".join(difflib.unified_diff(old, new, "a/f", "b/f", n=data.draw(st.integers(0, 3))))
    if not body:
        return
    diff = ("diff --git a/f b/f\n" + body).encode()
    units = units_of_diff(diff)
    base = "".join(old).encode()
    assert apply_hunks(base, units, "f") == "".join(new).encode()
    subset = data.draw(st.lists(st.sampled_from(units), unique_by=lambda u: u.uid)) if units else []
    partial = apply_hunks(base, subset, "f")
    rest = [u for u in units if u not in subset]
    # applying the rest on top (by recomputing from base with all) is consistent in size
    want = len(old) + sum(u.insertions - u.deletions for u in subset)
    assert partial.count(b"\n") == want
    assert apply_hunks(base, subset + rest, "f") == "".join(new).encode()
