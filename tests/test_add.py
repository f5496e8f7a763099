"""add: backports from a newer branch (exact, 3-way, conflict stop), patch files, and bad input."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.clirun import run, snapshot
from tests.gitrepo import Repo

A = "".join(f"int a{i} = {i};\n" for i in range(1, 61))
B = "".join(f"int b{i} = {i};\n" for i in range(1, 31))


def _scene(ws: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Repo, dict[str, str]]:
    """Queue q (2 patches on v1); branch stable (tagged v1.1) has fixes to backport."""
    repo = Repo(ws / "k")
    base = repo.commit("base", {"a.c": A, "b.c": B})
    repo.git("tag", "v1")
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit("a: tweak a10", {"a.c": A.replace("int a10 = 10;", "int a10 = 100;")})
    repo.commit("b: tweak b20", {"b.c": B.replace("int b20 = 20;", "int b20 = 200;")})
    out = ws / "fp"
    repo.git("format-patch", "-q", "-o", str(out), f"{base}..topic")
    (out / "series").write_text("".join(p.name + "\n" for p in sorted(out.glob("*.patch"))))
    repo.git("checkout", "-q", "-b", "stable", "v1")
    env = {"GIT_AUTHOR_NAME": "Stable Fixer", "GIT_AUTHOR_EMAIL": "fixer@kernel.org",
           "GIT_AUTHOR_DATE": "1650000000 +0200"}
    c: dict[str, str] = {}

    def upstream(key: str, message: str, path: str, old: str, new: str) -> None:
        text = repo.git("show", f"HEAD:{path}").replace(old, new)
        (repo.path / path).write_text(text)
        repo.git("add", path)
        subprocess.run(["git", "-C", str(repo.path), "commit", "-q", "-m", message], check=True,
                       env={**os.environ, **env})
        c[key] = repo.rev("HEAD")

    upstream("clean", "b: fix b5\n\nb5 was off by one.\n\nSigned-off-by: Stable Fixer <fixer@kernel.org>",
             "b.c", "int b5 = 5;", "int b5 = 6;")
    upstream("merged", "a: fix a13", "a.c", "int a13 = 13;", "int a13 = 130;")  # a10 is in its context
    repo.git("tag", "v1.1")
    upstream("conflict", "a: widen a10", "a.c", "int a10 = 10;", "long a10 = 10;")
    repo.git("checkout", "-q", "-b", "side", "v1")
    repo.commit("side work", {"c.c": "int c;\n"})
    repo.git("checkout", "-q", "stable")
    repo.git("merge", "-q", "--no-edit", "side")
    c["merge"] = repo.rev("HEAD")
    repo.git("checkout", "-q", "master")
    assert run(capsys, ws, "init", "q", "--repo", "k", "--upstream", "master").code == 0
    assert run(capsys, ws, "import", "q", "--quilt", str(out), "--base", "v1").code == 0
    return repo, c


def _refused(capsys: pytest.CaptureFixture[str], ws: Path, *args: str, says: str) -> None:
    before = snapshot(ws / "queues/q")
    r = run(capsys, ws, *args)
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1 and says in r.err, r.err
    assert snapshot(ws / "queues/q") == before


def test_backports_keep_author_and_get_mainline_headers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, c = _scene(tmp_path, capsys)
    r = run(capsys, tmp_path, "add", "q", "--upstream", c["clean"], "stable~2", "--json")
    assert r.code == 0, r.err
    assert [(p["outcome"], p["upstream_commit"]) for p in r.json["patches"]] == \
        [("clean", c["clean"]), ("merged", c["merged"])]
    assert r.json["rev"] == 1 and r.json["status"] == "added"
    q = tmp_path / "queues/q"
    names = (q / "patches/series").read_text().split()
    assert names[2:] == ["0003-b-fix-b5.patch", "0004-a-fix-a13.patch"]
    clean = (q / "patches/0003-b-fix-b5.patch").read_text()
    assert clean.startswith(
        f"From {c['clean']} Mon Sep 17 00:00:00 2001\nFrom: Stable Fixer <fixer@kernel.org>\n"
        f"Date: Fri, 15 Apr 2022 07:20:00 +0200\nSubject: b: fix b5\nPatch-mainline: v1.1\n"
        f"Git-commit: {c['clean']}\n\nb5 was off by one.\n\nSigned-off-by: Stable Fixer <fixer@kernel.org>\n---\n")
    # the exact case is the commit's own diff
    assert clean.split("\ndiff --git", 1)[1] == repo.git("show", "--format=", c["clean"]).split("diff --git", 1)[1]
    # the 3-way case: what the merge changes on top of the queue (a10 is the queue's 100 in its context)
    merged = (q / "patches/0004-a-fix-a13.patch").read_text()
    assert " int a10 = 100;\n" in merged and "+int a13 = 130;\n" in merged and "Patch-mainline: v1.1" in merged
    # the rev's stack holds the queue plus both fixes
    a_c = repo.git("show", "refs/xenpatch/q/rev-1:a.c")
    assert "int a10 = 100;" in a_c and "int a13 = 130;" in a_c
    assert "int b5 = 6;" in repo.git("show", "refs/xenpatch/q/rev-1:b.c")
    log = run(capsys, tmp_path, "log", "q", "--json").json
    assert [(x["rev"], x["status"], x["counts"]["merged"]) for x in log["revs"]] == \
        [(0, "imported", 0), (1, "added", 1)]
    # bad input: nothing written, one line
    _refused(capsys, tmp_path, "add", "q", "--upstream", c["clean"], says="already in the queue as 0003-b-fix-b5")
    _refused(capsys, tmp_path, "add", "q", "--upstream", "no-such-ref", says="unknown revision 'no-such-ref'")
    _refused(capsys, tmp_path, "add", "q", "--upstream", c["merge"], says="is a merge commit")
    _refused(capsys, tmp_path, "add", "q", "--upstream", "v1", says="already in the queue's base")
    _refused(capsys, tmp_path, "add", "q", "--upstream", c["conflict"], c["conflict"], says="is given twice")
    _refused(capsys, tmp_path, "add", "q", c["conflict"], says="backports need --upstream")


def test_a_conflicting_backport_stops_for_resolve(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, c = _scene(tmp_path, capsys)
    q = tmp_path / "queues/q"
    before = snapshot(q)
    r = run(capsys, tmp_path, "add", "q", "--upstream", c["conflict"], "--json")
    assert r.code == 1, r.err
    assert r.json["status"] == "stopped" and r.json["patches"][-1]["conflict_files"] == ["a.c"]
    assert snapshot(q) == before
    _refused(capsys, tmp_path, "add", "q", "--upstream", c["clean"], says="'xenpatch add q --continue'")
    _refused(capsys, tmp_path, "rebase", "q", "--continue", says="is an add, not a rebase")
    r = run(capsys, tmp_path, "resolve", "q", "--json")
    assert r.code == 0 and r.json["continue_with"] == "xenpatch add q --continue", r.err
    wt = Path(r.json["worktree"])
    text = (wt / "a.c").read_text()
    assert "<<<<<<< queue q\nint a10 = 100;\n=======\nlong a10 = 10;\n" in text
    assert f">>>>>>> 0003-a-widen-a10.patch (upstream {c['conflict'][:12]})\n" in text
    (wt / "a.c").write_text(text[:text.index("<<<<<<<")] + "long a10 = 100;\n"
                            + text[text.index("\n", text.index(">>>>>>>")) + 1:])
    r = run(capsys, tmp_path, "add", "q", "--continue", "--json")
    assert r.code == 0, r.err
    assert [(p["name"], p["outcome"]) for p in r.json["patches"]] == [("0003-a-widen-a10.patch", "resolved")]
    patch = (q / "patches/0003-a-widen-a10.patch").read_text()
    assert "-int a10 = 100;\n+long a10 = 100;\n" in patch and f"Git-commit: {c['conflict']}" in patch
    assert len(list((q / "resolutions").glob("*.resolution"))) == 1
    assert not wt.exists() and not (tmp_path / ".xenpatch/queues/q/rebase-state.json").exists()


def test_add_patch_files_after_a_patch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, c = _scene(tmp_path, capsys)
    q = tmp_path / "queues/q"
    fix = tmp_path / "b-fix.diff"
    fix.write_text(repo.git("show", "--format=", c["clean"]))  # a plain git diff, no headers
    first = (q / "patches/series").read_text().split()[0]
    r = run(capsys, tmp_path, "add", "q", "--patch", str(fix), "--after", first, "--json")
    assert r.code == 0, r.err
    assert (q / "patches/series").read_text().split() == [first, "b-fix.diff", "0002-b-tweak-b20.patch"]
    assert (q / "patches/b-fix.diff").read_bytes() == fix.read_bytes()
    _refused(capsys, tmp_path, "add", "q", "--patch", str(fix), says="already has a patch named b-fix.diff")
    _refused(capsys, tmp_path, "add", "q", "--patch", str(fix), "--after", "nope.patch", says="no patch named nope")
    stale = tmp_path / "stale.patch"
    stale.write_text(repo.git("show", "--format=", c["conflict"]))
    _refused(capsys, tmp_path, "add", "q", "--patch", str(stale), says="stale.patch does not apply")


def test_a_stopped_backport_aborted_through_rebase_says_add(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    repo, c = _scene(tmp_path, capsys)
    q = tmp_path / "queues/q"
    before = snapshot(q)
    assert run(capsys, tmp_path, "add", "q", "--upstream", c["conflict"]).code == 1
    r = run(capsys, tmp_path, "rebase", "q", "--abort")
    assert r.code == 0 and r.out.strip() == "add to q aborted; the queue is as it was", r.out
    assert snapshot(q) == before
    assert not (tmp_path / ".xenpatch/queues/q/rebase-state.json").exists()
