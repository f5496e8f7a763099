"""init / import / track end to end on real repositories, and every bad input."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.clirun import run, snapshot
from tests.gitrepo import Repo


@pytest.fixture()
def ws(tmp_path: Path, example_template: Path) -> Path:
    shutil.copytree(example_template, tmp_path / "kernel")
    return tmp_path


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True).stdout.decode()


def test_init_import_fork_and_track(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, ws, "init", "xen", "--repo", "kernel", "--upstream", "v6.3", "--fork", "xen", "--json")
    assert r.code == 0, r.err
    assert (ws / "queues/xen/queue.toml").is_file()
    r = run(capsys, ws, "import", "xen", "--fork", "xen", "--squash", "--json")
    assert r.code == 0, r.err
    base = git(ws / "kernel", "merge-base", "xen", "v6.3").strip()
    assert r.json["base"] == base
    assert len(r.json["patches"]) == 1
    # the monolithic patch reproduces the fork tree exactly
    patch = ws / "queues/xen/patches" / r.json["patches"][0]
    idx = ws / "idx"
    env = {"GIT_INDEX_FILE": str(idx)}
    import os
    subprocess.run(["git", "-C", str(ws / "kernel"), "read-tree", base], check=True, env={**os.environ, **env})
    subprocess.run(["git", "-C", str(ws / "kernel"), "apply", "--cached", str(patch)], check=True, env={**os.environ, **env})
    tree = subprocess.run(["git", "-C", str(ws / "kernel"), "write-tree"], check=True, capture_output=True,
                          env={**os.environ, **env}).stdout.decode().strip()
    assert tree == git(ws / "kernel", "rev-parse", "xen^{tree}").strip()

    r = run(capsys, ws, "track", "xen", "--json")
    assert r.code == 0, r.err
    t = r.json
    assert t["base"] == base
    assert t["upstream"] == git(ws / "kernel", "rev-parse", "v6.3^{commit}").strip()
    assert t["behind"] == int(git(ws / "kernel", "rev-list", "--count", f"{base}..v6.3").strip())
    assert t["patches"] == 1
    numstat = [l.split("\t") for l in git(ws / "kernel", "diff", "--numstat", base, "xen").splitlines()]
    assert t["delta"] == {
        "files": len(numstat),
        "insertions": sum(int(a) for a, _, _ in numstat if a != "-"),
        "deletions": sum(int(d) for _, d, _ in numstat if d != "-"),
    }
    # overlap, computed independently: per touched file, upstream commits since base touching it
    touched = set(git(ws / "kernel", "diff", "--name-only", "--no-renames", base, "xen").split())
    expected = {}
    for path in sorted(touched):
        n = len(git(ws / "kernel", "rev-list", "--no-renames", f"{base}..v6.3", "--", path).split())
        if n:
            expected[path] = n
    assert {o["path"]: o["commits"] for o in t["overlap"]} == expected
    assert expected, "the example is built so that upstream touches files the fork touches"


def test_import_quilt_mbox_patch_round_trip(ws: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    k = ws / "kernel"
    base = git(k, "merge-base", "xen", "v6.3").strip()
    out = tmp_path / "fp"
    git(k, "format-patch", "-q", "-o", str(out), f"{base}..xen")
    files = sorted(p.name for p in out.glob("*.patch"))
    (out / "series").write_text("# exported\n" + "".join(f"{f}\n" for f in files))
    mbox = tmp_path / "series.mbox"
    mbox.write_bytes(subprocess.run(["git", "-C", str(k), "format-patch", "--stdout", f"{base}..xen"],
                                    check=True, capture_output=True).stdout)
    for name, opt, value in (("q1", "--quilt", str(out)), ("q2", "--mbox", str(mbox)), ("q3", "--patch", str(out / files[0]))):
        assert run(capsys, ws, "init", name, "--repo", "kernel", "--upstream", "v6.3").code == 0
        r = run(capsys, ws, "import", name, opt, value, "--base", base, "--json")
        assert r.code == 0, r.err
    # the quilt import keeps every byte of every patch and of the series
    for f in files + ["series"]:
        assert (ws / "queues/q1/patches" / f).read_bytes() == (out / f).read_bytes()
    # the mbox import yields the same patches (names as git format-patch gives them)
    assert sorted((ws / "queues/q2/patches").glob("*.patch")) and \
        sorted(p.name for p in (ws / "queues/q2/patches").glob("*.patch")) == files
    assert run(capsys, ws, "track", "q2", "--json").json["patches"] == len(files)


def _bad(capsys: pytest.CaptureFixture[str], ws: Path, *args: str, expect: str) -> None:
    before = snapshot(ws / "queues")
    r = run(capsys, ws, *args)
    assert r.code == 2, (r.code, r.out, r.err)
    assert expect in r.err, r.err
    assert len(r.err.strip().splitlines()) == 1, r.err
    assert "Traceback" not in r.err
    assert snapshot(ws / "queues") == before


def test_bad_input(ws: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _bad(capsys, ws, "track", "nosuch", expect="no queue named 'nosuch'")
    _bad(capsys, ws, "init", "q", "--repo", "kernel", "--upstream", "v9.9", expect="unknown revision 'v9.9'")
    (tmp_path / "plain").mkdir()
    _bad(capsys, ws, "init", "q", "--repo", str(tmp_path / "plain"), "--upstream", "v6.0", expect="not a git repository")
    _bad(capsys, ws, "init", "bad/name", "--repo", "kernel", "--upstream", "v6.0", expect="not a valid queue name")
    assert run(capsys, ws, "init", "q", "--repo", "kernel", "--upstream", "v6.3").code == 0
    _bad(capsys, ws, "init", "q", "--repo", "kernel", "--upstream", "v6.3", expect="already exists")
    _bad(capsys, ws, "import", "q", "--fork", "nope", expect="unknown revision 'nope'")
    garbage = tmp_path / "garbage.patch"
    garbage.write_bytes(b"this is not a patch\n")
    _bad(capsys, ws, "import", "q", "--patch", str(garbage), expect="garbage.patch")
    broken = tmp_path / "broken.patch"
    broken.write_bytes(b"--- a/Makefile\n+++ b/Makefile\n@@ -1,3 +1,4 @@\n context\n+added\n")
    _bad(capsys, ws, "import", "q", "--patch", str(broken), expect="broken.patch")
    wrong = tmp_path / "wrong.patch"
    wrong.write_bytes(b"--- a/Makefile\n+++ b/Makefile\n@@ -1,1 +1,2 @@\n no such line\n+added\n")
    _bad(capsys, ws, "import", "q", "--patch", str(wrong), expect="does not apply")
    notmbox = tmp_path / "x.mbox"
    notmbox.write_bytes(b"hello\n")
    _bad(capsys, ws, "import", "q", "--mbox", str(notmbox), expect="x.mbox")
    qd = tmp_path / "quilt"
    qd.mkdir()
    (qd / "a.patch").write_bytes(wrong.read_bytes())
    (qd / "series").write_bytes(b"a.patch\na.patch\n")
    _bad(capsys, ws, "import", "q", "--quilt", str(qd), expect="a.patch")
    (qd / "series").write_bytes(b"a.patch\nmissing.patch\n")
    _bad(capsys, ws, "import", "q", "--quilt", str(qd), expect="missing.patch")
    (qd / "series").write_bytes(b"a.patch -x\n")
    _bad(capsys, ws, "import", "q", "--quilt", str(qd), expect="series")
    _bad(capsys, ws, "import", "q", expect="exactly one of")
    _bad(capsys, ws, "track", "q", expect="has no content yet")
    # a queue whose series names a missing file, or whose state is corrupt
    assert run(capsys, ws, "import", "q", "--fork", "xen", "--squash").code == 0
    series = ws / "queues/q/patches/series"
    series.write_bytes(series.read_bytes() + b"gone.patch\n")
    _bad(capsys, ws, "track", "q", expect="gone.patch")
    series.write_bytes(series.read_bytes().replace(b"gone.patch\n", b""))
    (ws / "queues/q/state.json").write_bytes(b"{not json")
    _bad(capsys, ws, "track", "q", expect="state.json")


def test_unknown_option_is_one_line(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, ws, "track", "--frobnicate")
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1


def test_small_repo_duplicate_names_in_mbox(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path / "k")
    repo.commit("base", {"f.c": "a\n"})
    base = repo.rev("HEAD")
    repo.commit("same subject", {"f.c": "a\nb\n"})
    repo.commit("same subject", {"f.c": "a\nb\nc\n"})
    mbox = tmp_path / "m.mbox"
    mbox.write_text(repo.git("format-patch", "--stdout", "--no-numbered", "--zero-commit", f"{base}..HEAD"))
    assert run(capsys, tmp_path, "init", "q", "--repo", "k", "--upstream", "master").code == 0
    r = run(capsys, tmp_path, "import", "q", "--mbox", str(mbox), "--base", base, "--json")
    # git format-patch numbers files, so equal subjects still give distinct names
    assert r.code == 0, r.err
    assert len(set(r.json["patches"])) == 2
