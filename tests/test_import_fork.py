"""Imports that keep what they are given: a fork's commits, an mbox's base, real dates for split."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.clirun import run, snapshot
from tests.gitrepo import Repo
from tests.smallqueue import A, B

PEOPLE = [("Ada Lovelace", "ada@example.org", "1500000000 +0100"), ("Ben Hutchings", "ben@example.org", "1510000000 -0500"),
          ("Cleo Dev", "cleo@example.org", "1520000000 +0000"), ("Dan Kernel", "dan@example.org", "1530000000 +0530"),
          ("Eve Maint", "eve@example.org", "1540000000 +0200")]


def _commit_as(repo: Repo, who: tuple[str, str, str], message: str, files: dict[str, str]) -> str:
    repo.write(files)  # type: ignore[arg-type]
    name, email, when = who
    subprocess.run(["git", "-C", str(repo.path), "commit", "-q", "-m", message], check=True, env={
        **os.environ, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": when})
    return repo.rev("HEAD")


def _fork(ws: Path, capsys: pytest.CaptureFixture[str]) -> Repo:
    repo = Repo(ws / "k")
    repo.commit("base", {"drivers/a.c": A, "include/b.h": B, "arch/c.c": "int c;\n"})
    repo.git("tag", "v1")
    repo.git("checkout", "-q", "-b", "fork")
    for k, who in enumerate(PEOPLE):
        _commit_as(repo, who, f"part{k}: change {k}\n\nBecause {k}.\n\nSigned-off-by: {who[0]} <{who[1]}>",
                   {f"drivers/f{k}.c": f"int f{k};\n", "arch/c.c": f"int c = {k};\n"})
    repo.git("checkout", "-q", "master")
    assert run(capsys, ws, "init", "q", "--repo", "k", "--upstream", "v1").code == 0
    return repo


def test_import_fork_keeps_every_commit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _fork(tmp_path, capsys)
    r = run(capsys, tmp_path, "import", "q", "--fork", "fork", "--json")
    assert r.code == 0, r.err
    assert r.json["patches"] == [f"{k + 1:04d}-part{k}-change-{k}.patch" for k in range(5)]
    dates = subprocess.run(["git", "-C", str(repo.path), "log", "--reverse", "--format=%aD", "v1..fork"],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    for k, (name, (who, email, _), date) in enumerate(zip(r.json["patches"], PEOPLE, dates)):
        text = (tmp_path / "queues/q/patches" / name).read_text()
        assert text.startswith(f"From {repo.rev(f'fork~{4 - k}')} Mon Sep 17 00:00:00 2001\nFrom: {who} <{email}>\n"
                               f"Date: {date}\nSubject: part{k}: change {k}\n\nBecause {k}.\n\n"
                               f"Signed-off-by: {who} <{email}>\n---\n")
    # the patches are what git format-patch writes, diff for diff
    out = tmp_path / "fp"
    repo.git("format-patch", "-q", "-k", "-o", str(out), "v1..fork")
    for name, mine in zip(sorted(p.name for p in out.glob("*.patch")), r.json["patches"]):
        ours = (tmp_path / "queues/q/patches" / mine).read_text().split("\n---\n", 1)[1]
        theirs = (out / name).read_text().split("\n---\n", 1)[1]
        assert ours == theirs.rsplit("-- \n", 1)[0]
    # no date had to be made up
    assert "date" not in json.loads((tmp_path / "queues/q/state.json").read_text())


def test_a_fork_with_merges_is_refused_unless_squashed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _fork(tmp_path, capsys)
    repo.git("checkout", "-q", "-b", "side", "v1")
    repo.commit("side", {"side.c": "int side;\n"})
    repo.git("checkout", "-q", "fork")
    repo.git("merge", "-q", "--no-edit", "side")
    repo.git("checkout", "-q", "master")
    before = snapshot(tmp_path / "queues/q")
    r = run(capsys, tmp_path, "import", "q", "--fork", "fork")
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1 and "has 1 merge commit" in r.err
    assert "--squash" in r.err and snapshot(tmp_path / "queues/q") == before
    r = run(capsys, tmp_path, "import", "q", "--fork", "fork", "--squash", "--json")
    assert r.code == 0 and len(r.json["patches"]) == 1, r.err
    # the monolithic patch is dated by the fork's tip, and so is what split makes of it
    tip = subprocess.run(["git", "-C", str(repo.path), "log", "-1", "--format=%aD", "fork"], capture_output=True,
                         text=True, check=True).stdout.strip()
    patch = (tmp_path / "queues/q/patches" / r.json["patches"][0]).read_text()
    assert f"\nDate: {tip}\n" in patch
    r = run(capsys, tmp_path, "split", "q", "--max-lines", "2", "--json")
    assert r.code == 0, r.err
    assert len(r.json["patches"]) >= 2
    for p in r.json["patches"]:
        assert f"\nDate: {tip}\n" in (tmp_path / "queues/q/patches" / p["name"]).read_text()


def test_a_plain_diff_is_split_with_the_import_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _fork(tmp_path, capsys)
    diff = tmp_path / "fork.diff"
    diff.write_text(repo.git("diff", "v1", "fork"))
    r = run(capsys, tmp_path, "import", "q", "--patch", str(diff), "--base", "v1")
    assert r.code == 0, r.err
    recorded = json.loads((tmp_path / "queues/q/state.json").read_text())["date"]
    assert recorded.endswith("+0000") and "1970" not in recorded
    again = tmp_path / "again"
    shutil.copytree(tmp_path, again, symlinks=True)
    first = run(capsys, tmp_path, "split", "q", "--max-lines", "2", "--json")
    assert first.code == 0, first.err
    for p in first.json["patches"]:
        text = (tmp_path / "queues/q/patches" / p["name"]).read_text()
        assert f"\nDate: {recorded}\n" in text and "1970" not in text
    # a second split of the same import (later, elsewhere) is byte for byte the same
    second = run(capsys, again, "split", "q", "--max-lines", "2", "--json")
    assert second.code == 0, second.err
    assert snapshot(again / "queues/q/patches") == snapshot(tmp_path / "queues/q/patches")


def test_import_mbox_takes_its_base_commit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path / "k")
    repo.commit("base", {"a.c": A})
    repo.git("branch", "stable")
    repo.git("checkout", "-q", "--track", "-b", "topic", "stable")
    repo.commit("a: tweak a10", {"a.c": A.replace("int a10 = 10;", "int a10 = 100;")})
    repo.commit("a: tweak a20", {"a.c": A.replace("int a10 = 10;", "int a10 = 100;").replace("a20 = 20", "a20 = 2")})
    mbox = tmp_path / "series.mbox"
    mbox.write_text(repo.git("format-patch", "--base=auto", "--stdout", "stable..topic"))
    assert "base-commit: " + repo.rev("stable") in mbox.read_text()
    repo.git("checkout", "-q", "master")
    repo.commit("upstream moved: a10 rewritten", {"a.c": A.replace("int a10 = 10;", "long a10 = 1;")})
    assert run(capsys, tmp_path, "init", "q", "--repo", "k", "--upstream", "master").code == 0
    r = run(capsys, tmp_path, "import", "q", "--mbox", str(mbox), "--json")
    assert r.code == 0, r.err
    assert r.json["base"] == repo.rev("stable") != repo.rev("master")
    # a base the repository does not have: named, nothing written
    other = tmp_path / "other.mbox"
    other.write_text(mbox.read_text().replace(repo.rev("stable"), "1234567890" * 4))
    before = snapshot(tmp_path / "queues/q")
    r = run(capsys, tmp_path, "import", "q", "--replace", "--mbox", str(other))
    assert r.code == 2 and "base-commit: line" in r.err and "1234567890" in r.err
    assert snapshot(tmp_path / "queues/q") == before
