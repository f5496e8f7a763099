"""The forward-port engine on the shapes real queues have: series merged upstream, reverts,
changes merged in another form, provisional resolutions that must not resurrect upstream
code, and patch-ids that upstream reverted later in the range."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scene import LINES, Scene, edit, outcomes, text


def test_stacked_series_merged_upstream_as_one_commit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Four patches, each editing what the one before added; upstream took them as one commit."""
    s = Scene(tmp_path, capsys, {"f.c": text(LINES), "g.c": text(LINES)})
    s.patch("g: before", {"g.c": text(edit(LINES, {5: "int v5 = 500;\n"}))})
    block = ["static int check(int off)\n", "{\n", "\treturn off < 0;\n", "}\n"]
    s.patch("f: check offsets", {"f.c": text(edit(LINES, {10: [LINES[9]] + block}))})
    step2 = s.show("topic", "f.c").replace("\treturn off < 0;\n", "\treturn off < 0 || off > 64;\n")
    s.patch("f: bound offsets", {"f.c": step2})
    step3 = s.show("topic", "f.c").replace("int v30 = 30;\n", "int v30 = check(30);\n")
    s.patch("f: use the check", {"f.c": step3})
    step4 = s.show("topic", "f.c").replace("off > 64;", "off >= 64;")
    s.patch("f: fix the bound", {"f.c": step4})
    s.patch("g: after", {"g.c": text(edit(LINES, {5: "int v5 = 500;\n", 50: "int v50 = 5000;\n"}))})
    s.upstream("up: drift", {"f.c": text(edit(LINES, {58: "int v58 = 0;\n"}))})
    merged = s.upstream("up: take the offset series",
                        {"f.c": step4.replace("int v58 = 58;\n", "int v58 = 0;\n")})
    s.load()
    r = s.rebase()
    assert outcomes(r) == ["clean"] + ["dropped-upstream"] * 4 + ["clean"]
    assert r["counts"]["conflict"] == 0
    for p in r["patches"][1:5]:
        assert p["upstream_commit"] == merged
        assert "series" in p["detail"]
        assert p["conflict_files"] == []
    # every applied patch has its commit, whose diff is the forward-ported patch
    for p in (r["patches"][0], r["patches"][5]):
        diff = s.repo.git("diff", f"{p['commit']}^", p["commit"], "--", "g.c")
        assert "int v5 = 500" in diff or "int v50 = 5000" in diff
    assert r["status"] == "rebased"


def test_revert_and_reapply_whose_net_effect_upstream_has(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = edit(LINES, {20: ["int x = compute(1);\n", "int y = x + 1;\n"]})
    s = Scene(tmp_path, capsys, {"f.c": text(base)})
    reverted = [line for line in base if not line.startswith(("int x =", "int y ="))]
    s.patch('Revert "f: compute x"', {"f.c": text(reverted)})
    s.patch("f: compute x, fixed", {"f.c": text(base).replace("compute(1)", "compute(2)")})
    fix = s.upstream("up: f: compute x with 2", {"f.c": text(base).replace("compute(1)", "compute(2)")})
    s.upstream("up: unrelated", {"f.c": s.show("master", "f.c").replace("int v50 = 50;", "long v50 = 50;")})
    s.load()
    r = s.rebase()
    assert outcomes(r) == ["dropped-upstream", "dropped-upstream"]
    assert [p["upstream_commit"] for p in r["patches"]] == [fix, fix]


def test_revert_and_reapply_with_nil_net_effect(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Upstream reworked X; the queue reverts X and re-applies it unchanged: together, nothing."""
    base = edit(LINES, {20: ["int x = compute(1);\n"]})
    s = Scene(tmp_path, capsys, {"f.c": text(base)})
    s.patch('Revert "f: compute x"', {"f.c": text([line for line in base if "compute" not in line])})
    s.patch("f: compute x", {"f.c": text(base)})
    s.upstream("up: compute x differently", {"f.c": text(base).replace("compute(1)", "compute_v2(1)")})
    s.load()
    r = s.rebase()
    assert outcomes(r) == ["dropped-upstream", "dropped-upstream"]
    assert all("net change is nil" in p["detail"] for p in r["patches"])
    # the queue is what upstream has: the rework survives, nothing resurrected
    assert "compute_v2(1)" in s.show(r["patches"][0]["upstream_commit"] or "v2", "f.c")


def test_series_merged_upstream_in_another_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Upstream took the queue's series under the same subjects, reworked: each conflicts on its own."""
    s = Scene(tmp_path, capsys, {"f.c": text(LINES)})
    s.patch("[PATCH 1/3] foo: add the frob helper", {"f.c": text(edit(LINES, {10: "int frob(int a) { return a; }\n"}))})
    s.patch("[PATCH 2/3] foo: use frob in v20",
            {"f.c": s.show("topic", "f.c").replace("int v20 = 20;", "int v20 = frob(20);")})
    s.patch("[PATCH 3/3] foo: use frob in v21",
            {"f.c": s.show("topic", "f.c").replace("int v21 = 21;", "int v21 = frob(21);")})
    c1 = s.upstream("foo: Add the frob helper.", {"f.c": text(edit(LINES, {10: "static inline int frob(int a) { return a + 0; }\n"}))})
    c2 = s.upstream("foo: use frob in v20", {"f.c": s.show("master", "f.c").replace("int v20 = 20;", "int v20 = frob(20) + 0;")})
    c3 = s.upstream("FOO: use frob in v21", {"f.c": s.show("master", "f.c").replace("int v21 = 21;", "int v21 = frob(21) + 0;")})
    s.load()
    r = s.rebase()
    assert outcomes(r) == ["dropped-upstream"] * 3
    assert [p["upstream_commit"] for p in r["patches"]] == [c1, c2, c3]
    assert all("same subject" in p["detail"] for p in r["patches"])


def test_provisional_resolution_cannot_resurrect_upstream_code(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A conflicts with upstream in a region that also holds B's lines; upstream has B.

    A's provisional stand-in keeps A's side of the region, which restores B's old
    lines, so B applies cleanly on it; the real new base already has B."""
    s = Scene(tmp_path, capsys, {"f.c": text(LINES)})
    s.patch("f: a", {"f.c": text(edit(LINES, {5: "int v5 = 2;\n", 6: "int v6 = 2;\n"}))})
    s.patch("f: b", {"f.c": s.show("topic", "f.c").replace("int v7 = 7;", "int v7 = 9;")})
    s.upstream("up: v5", {"f.c": text(edit(LINES, {5: "int v5 = 3;\n"}))})
    took_b = s.upstream("up: take b", {"f.c": s.show("master", "f.c").replace("int v7 = 7;", "int v7 = 9;")})
    s.load()
    r = s.rebase()
    assert outcomes(r) == ["conflict", "dropped-upstream"]
    assert r["patches"][0]["conflict_files"] == ["f.c"] and r["patches"][0]["commit"] is None
    assert r["patches"][1]["upstream_commit"] == took_b
    # the candidate stack says which commit is a provisional stand-in
    log = s.repo.git("log", "--format=%s", f"refs/xenpatch/q/rev-1", "-1")
    assert log.startswith("PROVISIONAL: ")


def test_patch_id_match_reverted_later_upstream_is_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = Scene(tmp_path, capsys, {"compat/bswap.h": text(LINES)})
    change = text(edit(LINES, {30: "#define bswap16(x) __builtin_bswap16(x)\n"}))
    s.patch("compat: bswap16 builtin", {"compat/bswap.h": change})
    added = s.upstream("compat: bswap16 builtin", {"compat/bswap.h": change})
    s.upstream('Revert "compat: bswap16 builtin"', {"compat/bswap.h": text(LINES)})
    s.load()
    r = s.rebase()
    assert outcomes(r) == ["clean"], r["patches"]
    assert r["patches"][0]["upstream_commit"] is None
    assert added  # the patch-id match exists in the range; it is not proof
    assert "__builtin_bswap16" in s.show(r["patches"][0]["commit"], "compat/bswap.h")


def test_merged_in_another_form_only_with_the_same_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A subject match in other files is not evidence: the conflicting patch stays a conflict."""
    s = Scene(tmp_path, capsys, {"f.c": text(LINES), "other.c": text(LINES)})
    s.patch("foo: rework the v5 setting", {"f.c": text(edit(LINES, {5: "int v5 = 2;\n"}))})
    s.upstream("foo: rework the v5 setting", {"other.c": text(edit(LINES, {5: "int v5 = 2;\n"}))})
    s.upstream("up: v5", {"f.c": text(edit(LINES, {5: "int v5 = 3;\n"}))})
    s.load()
    r = s.rebase()
    assert outcomes(r) == ["conflict"]
    assert r["patches"][0]["conflict_files"] == ["f.c"]


def test_patches_in_subdirectories_are_part_of_the_queue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Debian keeps its patches in bugfix/all/...: rev snapshots and the queue digest cover them."""
    import subprocess

    from tests.clirun import run

    s = Scene(tmp_path, capsys, {"f.c": text(LINES)})
    s.patch("f: one", {"f.c": text(edit(LINES, {5: "int v5 = 50;\n"}))})
    s.upstream("up: drift", {"f.c": text(edit(LINES, {40: "int v40 = 400;\n"}))})
    s.repo.git("tag", "v2", "master")
    out = tmp_path / "fp"
    (out / "bugfix" / "all").mkdir(parents=True)
    patch = s.repo.git("format-patch", "-q", "--stdout", f"{s.base}..topic")
    (out / "bugfix" / "all" / "one.patch").write_text(patch)
    (out / "series").write_text("bugfix/all/one.patch\n")
    assert run(capsys, tmp_path, "init", "q", "--repo", "k", "--upstream", "v2").code == 0
    assert run(capsys, tmp_path, "import", "q", "--quilt", str(out), "--base", "v1").code == 0
    r = run(capsys, tmp_path, "rebase", "q", "--onto", "v2", "--json")
    assert r.code == 0, r.err
    listed = subprocess.run(["git", "-C", str(tmp_path / "k"), "ls-tree", "-r", "--name-only",
                             "refs/xenpatch/q/rev-0-files"], capture_output=True, text=True).stdout.split()
    assert "patches/bugfix/all/one.patch" in listed
    listed = subprocess.run(["git", "-C", str(tmp_path / "k"), "ls-tree", "-r", "--name-only",
                             "refs/xenpatch/q/rev-1-files"], capture_output=True, text=True).stdout.split()
    assert "patches/bugfix/all/one.patch" in listed
