"""rebase on small real repositories: every outcome, stop/resolve/continue, reuse, no cascade."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.clirun import run, snapshot
from tests.gitrepo import Repo

A = "".join(f"int a{i} = {i};\n" for i in range(1, 61))
B = "".join(f"int b{i} = {i};\n" for i in range(1, 31))


def _setup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Repo]:
    """base: a.c, b.c. Queue (4 patches). Upstream: drift, p3 taken verbatim, p4's line rewritten."""
    repo = Repo(tmp_path / "k")
    base = repo.commit("base", {"a.c": A, "b.c": B})
    repo.git("tag", "v1")
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit("a: tweak a10", {"a.c": A.replace("int a10 = 10;", "int a10 = 100;")})
    repo.commit("x: add x.c", {"x.c": "int x(void) { return 1; }\n"})
    p3 = repo.commit("b: tweak b5", {"b.c": B.replace("int b5 = 5;", "int b5 = 50;")})
    repo.commit("a: tweak a50", {"a.c": repo.git("show", "HEAD:a.c").replace("int a50 = 50;", "int a50 = 500;")})
    repo.git("checkout", "-q", "master")
    repo.commit("up: drift", {"a.c": "/* header */\n" + A})
    repo.git("cherry-pick", p3)
    culprit = repo.commit("up: rework a50", {"a.c": repo.git("show", "HEAD:a.c").replace("int a50 = 50;", "long a50 = 51;")})
    repo.git("tag", "v2")
    out = tmp_path / "fp"
    repo.git("format-patch", "-q", "-o", str(out), f"{base}..topic")
    (out / "series").write_text("".join(p.name + "\n" for p in sorted(out.glob("*.patch"))))
    assert run(capsys, tmp_path, "init", "q", "--repo", "k", "--upstream", "v2").code == 0
    assert run(capsys, tmp_path, "import", "q", "--quilt", str(out), "--base", "v1").code == 0
    return tmp_path, repo


def test_stop_resolve_continue_and_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws, repo = _setup(tmp_path, capsys)
    before = snapshot(ws / "queues/q")
    r = run(capsys, ws, "rebase", "q", "--onto", "v2", "--json")
    assert r.code == 1, r.err
    res = r.json
    outcomes = [p["outcome"] for p in res["patches"]]
    assert outcomes == ["clean", "clean", "dropped-upstream", "conflict"]
    assert res["patches"][2]["upstream_commit"] == repo.rev("v2~1")
    assert res["status"] == "stopped" and res["pending"]["conflicts"] == ["a.c"]
    # the queue folder is untouched while the rebase is stopped: its state and lock live in .xenpatch/
    assert snapshot(ws / "queues/q") == before
    assert (ws / ".xenpatch/queues/q/rebase-state.json").is_file()
    # a second rebase is refused while one is pending
    r2 = run(capsys, ws, "rebase", "q", "--onto", "v2")
    assert r2.code == 2 and "--continue" in r2.err
    # continue without a work tree says what to do
    r3 = run(capsys, ws, "rebase", "q", "--continue")
    assert r3.code == 2 and "resolve" in r3.err
    r4 = run(capsys, ws, "resolve", "q", "--json")
    assert r4.code == 0, r4.err
    wt = Path(r4.json["worktree"])
    text = (wt / "a.c").read_text()
    assert "<<<<<<<" in text
    # leftover markers are refused
    r5 = run(capsys, ws, "rebase", "q", "--continue")
    assert r5.code == 2 and "conflict markers" in r5.err
    fixed = []
    skip = False
    for line in text.splitlines(keepends=True):
        if line.startswith("<<<<<<<"):
            skip = True
            fixed.append("long a50 = 500;\n")
            continue
        if line.startswith(">>>>>>>"):
            skip = False
            continue
        if not skip:
            fixed.append(line)
    (wt / "a.c").write_text("".join(fixed))
    r6 = run(capsys, ws, "rebase", "q", "--continue", "--json")
    assert r6.code == 0, r6.err
    assert [p["outcome"] for p in r6.json["patches"]] == ["clean", "clean", "dropped-upstream", "resolved"]
    q = ws / "queues/q"
    assert not (ws / ".xenpatch/queues/q/rebase-state.json").exists() and not wt.exists()
    assert len(list((q / "resolutions").glob("*.resolution"))) == 1
    # dropped patch archived with upstream status headers; series and state updated
    archived = list((q / "archive/rev-0001").glob("*.patch"))
    assert len(archived) == 1
    text = archived[0].read_text()
    assert f"Git-commit: {repo.rev('v2~1')}" in text and "Patch-mainline: v2" in text
    series = (q / "patches/series").read_text().split()
    assert len(series) == 3 and archived[0].name not in series
    # the refreshed series applies to the new base and gives the resolved result
    assert repo.rev("v2") in (q / "state.json").read_text()
    log = run(capsys, ws, "log", "q", "--json").json
    assert [r["rev"] for r in log["revs"]] == [0, 1] and log["current"] == 1
    d = run(capsys, ws, "diff", "q", "0", "1", "--json").json
    statuses = {p["name"]: p["status"] for p in d["patches"]}
    assert sorted(statuses.values()) == ["changed", "dropped", "unchanged", "unchanged"]
    assert "refs/xenpatch/q/rev-1" in repo.git("for-each-ref", "refs/xenpatch/")


def _resolve_a50(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wt = Path(run(capsys, ws, "resolve", "q", "--json").json["worktree"])
    text = (wt / "a.c").read_text()
    start, end = text.index("<<<<<<<"), text.index(">>>>>>>")
    end = text.index("\n", end) + 1
    (wt / "a.c").write_text(text[:start] + "long a50 = 500;\n" + text[end:])


def test_recorded_resolution_is_reused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws, repo = _setup(tmp_path, capsys)
    q = ws / "queues/q"
    pristine = tmp_path / "pristine"
    shutil.copytree(q, pristine)
    assert run(capsys, ws, "rebase", "q", "--onto", "v2").code == 1
    _resolve_a50(ws, capsys)
    assert run(capsys, ws, "rebase", "q", "--continue").code == 0
    by_hand = {p.name: p.read_bytes() for p in (q / "patches").iterdir()}
    saved = tmp_path / "saved-resolutions"
    shutil.copytree(q / "resolutions", saved)
    # the queue as it was, plus the recorded resolution (as on another machine)
    shutil.rmtree(q)
    shutil.copytree(pristine, q)
    shutil.rmtree(q / "resolutions")
    shutil.copytree(saved, q / "resolutions")
    r = run(capsys, ws, "rebase", "q", "--onto", "v2", "--json")
    assert r.code == 0, r.err
    last = r.json["patches"][-1]
    assert last["outcome"] == "resolved" and "recorded resolution" in last["detail"]
    assert {p.name: p.read_bytes() for p in (q / "patches").iterdir()} == by_hand


def test_abort_restores_exactly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws, repo = _setup(tmp_path, capsys)
    before = snapshot(ws / "queues/q")
    assert run(capsys, ws, "rebase", "q", "--onto", "v2").code == 1
    assert run(capsys, ws, "resolve", "q").code == 0
    r = run(capsys, ws, "rebase", "q", "--abort")
    assert r.code == 0, r.err
    assert snapshot(ws / "queues/q") == before
    assert "worktree" not in repo.git("worktree", "list").split("\n", 1)[-1]
    assert run(capsys, ws, "rebase", "q", "--abort").code == 2


def test_corrupt_state_and_unknown_ref(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws, _ = _setup(tmp_path, capsys)
    r = run(capsys, ws, "rebase", "q", "--onto", "v9")
    assert r.code == 2 and "unknown revision 'v9'" in r.err
    assert run(capsys, ws, "rebase", "q", "--onto", "v2").code == 1
    (ws / ".xenpatch/queues/q/rebase-state.json").write_text("{broken")
    r = run(capsys, ws, "rebase", "q", "--continue")
    assert r.code == 2 and "corrupt" in r.err and "--abort" in r.err
    assert run(capsys, ws, "rebase", "q", "--abort").code == 0


def test_keep_going_does_not_cascade(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """p1 conflicts with upstream; p2 edits the line p1 added; p3 is independent.

    Skipping p1 as git rebase --skip does makes p2 conflict too (its context is
    p1's line); xenpatch charges only p1.
    """
    repo = Repo(tmp_path / "k")
    base = repo.commit("base", {"a.c": A, "b.c": B})
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit("p1", {"a.c": A.replace("int a10 = 10;", "int a10 = 100;")})
    repo.commit("p2", {"a.c": repo.git("show", "HEAD:a.c").replace("int a10 = 100;", "int a10 = 1000;")})
    repo.commit("p3", {"b.c": B.replace("int b20 = 20;", "int b20 = 200;")})
    repo.git("checkout", "-q", "master")
    repo.commit("upstream", {"a.c": A.replace("int a10 = 10;", "int a10 = 11;")})
    out = tmp_path / "fp"
    repo.git("format-patch", "-q", "-o", str(out), f"{base}..topic")
    (out / "series").write_text("".join(p.name + "\n" for p in sorted(out.glob("*.patch"))))
    assert run(capsys, tmp_path, "init", "q", "--repo", "k", "--upstream", "master").code == 0
    assert run(capsys, tmp_path, "import", "q", "--quilt", str(out), "--base", base).code == 0
    before = snapshot(tmp_path / "queues/q/patches")
    r = run(capsys, tmp_path, "rebase", "q", "--keep-going", "--json")
    assert r.code == 1
    assert [p["outcome"] for p in r.json["patches"]] == ["conflict", "clean", "clean"]
    assert [p["name"] for p in r.json["patches"] if p["outcome"] == "conflict"] == [r.json["patches"][0]["name"]]
    assert r.json["status"] == "needs-attention"
    # triage leaves the queue's patches alone and records a candidate rev
    assert snapshot(tmp_path / "queues/q/patches") == before
    assert (tmp_path / "queues/q/revs/rev-0001.json").exists()
    # git rebase --skip on the same series, for comparison: two conflicts
    repo.git("checkout", "-q", "-b", "cmp", "topic")
    conflicts = 0
    import subprocess
    proc = subprocess.run(["git", "-C", str(repo.path), "rebase", "master"], capture_output=True)
    while proc.returncode != 0:
        conflicts += 1
        proc = subprocess.run(["git", "-C", str(repo.path), "rebase", "--skip"], capture_output=True)
    assert conflicts == 2
