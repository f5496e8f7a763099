"""score on clean-but-wrong forward-ports: merges inside reworked definitions, subjects upstream
already has, and identifiers the code around a patch used that upstream removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scene import LINES, Scene, text

ZEN = """\
static void init_zen1(struct cpu *c)
{
\tinit_common(c);
\tif (!has_hv(c)) {
\t\tif (!has(c, CPB))
\t\t\tset_cap(c, CPB);

\t\tif (c->family == 0x19 && !has(c, BTC_NO))
\t\t\tset_cap(c, BTC_NO);
\t}

\tpr_notice_once("Zen1 FPDSS bug detected, enabling mitigation.\\n");
\tmsr_set_bit(FP_CFG, FP_CFG_DENORM_FIX);
}
"""


def test_merge_inside_a_function_upstream_reworked_needs_review(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The Zen1 FPDSS case: the patch edits the end of init_zen1(); upstream moved the Zen3
    check out of it, right above the patch's lines. The 3-way merge is clean."""
    top = text(LINES[:20])
    s = Scene(tmp_path, capsys, {"amd.c": top + ZEN + text(LINES[20:])})
    mine = ZEN.replace('\tpr_notice_once("Zen1 FPDSS bug detected, enabling mitigation.\\n");\n'
                       '\tmsr_set_bit(FP_CFG, FP_CFG_DENORM_FIX);\n',
                       '\tif (has_erratum(c, fpdss)) {\n'
                       '\t\tpr_notice_once("Zen1 FPDSS bug detected, enabling mitigation.\\n");\n'
                       '\t\tmsr_set_bit(FP_CFG, FP_CFG_DENORM_FIX);\n\t}\n')
    s.patch("x86/CPU: Only try to mitigate FPDSS on Zen1", {"amd.c": top + mine + text(LINES[20:])})
    reworked = ZEN.replace("\n\t\tif (c->family == 0x19 && !has(c, BTC_NO))\n\t\t\tset_cap(c, BTC_NO);\n", "\n")
    culprit = s.upstream("x86/CPU: Move the Zen3 BTC_NO check out of init_zen1()",
                         {"amd.c": top + reworked + text(LINES[20:])})
    s.load()
    p = s.score()["patches"][0]
    assert p["outcome"] == "merged"
    assert p["level"] in ("medium", "high"), p
    assert any("init_zen1()" in reason and culprit[:12] in reason for reason in p["reasons"]), p["reasons"]
    assert any(c["commit"] == culprit and c["role"] == "reworked-definition" for c in p["culprits"])


def test_exact_apply_in_a_reworked_function_is_not_flagged(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Upstream changed the same function far from the patch's lines: it still applies exactly."""
    top = text(LINES[:20])
    s = Scene(tmp_path, capsys, {"amd.c": top + ZEN + text(LINES[20:])})
    s.patch("x86: mitigate", {"amd.c": top + ZEN.replace("FP_CFG_DENORM_FIX);", "FP_CFG_DENORM_FIX2);")
                                       + text(LINES[20:])})
    s.upstream("x86: init first", {"amd.c": top + ZEN.replace("\tinit_common(c);\n", "\tinit_common(c, 1);\n")
                                   + text(LINES[20:])})
    s.load()
    p = s.score()["patches"][0]
    assert p["outcome"] == "clean"
    assert not any(r.startswith("rework:") for r in p["reasons"])


def test_clean_patch_with_an_upstream_subject_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = Scene(tmp_path, capsys, {"f.c": text(LINES)})
    s.patch("[PATCH] foo: add a fast path for bar", {"f.c": text(LINES).replace("int v40 = 40;", "int v40 = fast(40);")})
    same = s.upstream("foo: add a fast path for bar", {"f.c": text(LINES).replace("int v10 = 10;", "int v10 = fast(10);")})
    s.load()
    p = s.score()["patches"][0]
    assert s.rebase()["patches"][0]["outcome"] == "clean"  # it applies and adds real code: kept
    assert any(same[:12] in reason and "subject" in reason for reason in p["reasons"]), p["reasons"]
    assert any(c["commit"] == same and c["role"] == "same-subject" for c in p["culprits"])
    assert p["level"] != "clean"


def test_identifier_in_the_context_that_upstream_removed(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """The code around the patch's change called old_helper(); upstream renamed it everywhere.
    The patch's own lines do not use it, yet it was written against code that is gone."""
    body = LINES[:9] + ["\tret = old_helper(dev);\n", LINES[10], "\tret |= 1;\n"] + LINES[12:]
    s = Scene(tmp_path, capsys, {"f.c": '#include "h.h"\n' + text(body), "h.h": "int old_helper(int dev);\n"})
    mine = LINES[:9] + ["\tret = old_helper(dev);\n", LINES[10], "\tret |= 2;\n"] + LINES[12:]
    s.patch("f: set bit 2", {"f.c": '#include "h.h"\n' + text(mine)})
    theirs = LINES[:9] + ["\tret = new_helper(dev, 0);\n", LINES[10], "\tret |= 1;\n"] + LINES[12:]
    renamer = s.upstream("h: old_helper() becomes new_helper()",
                         {"f.c": '#include "h.h"\n' + text(theirs), "h.h": "int new_helper(int dev, int flags);\n"})
    s.load()
    p = s.score()["patches"][0]
    assert p["outcome"] == "merged"
    assert any(r.startswith("api: old_helper") and "the code this patch edits" in r for r in p["reasons"]), p
    assert any(c["commit"] == renamer for c in p["culprits"])
