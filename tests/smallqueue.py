"""Small deterministic workspaces for the store's safety tests (fast: a few files, a few commits)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirun import run
from tests.gitrepo import Repo

A = "".join(f"int a{i} = {i};\n" for i in range(1, 41))
B = "".join(f"int b{i} = {i};\n" for i in range(1, 21))


def series_queue(ws: Path, capsys: pytest.CaptureFixture[str], name: str = "q") -> Repo:
    """A 3-patch queue on v1; upstream v2 drifts and takes the third patch verbatim.

    ``rebase q`` onto v2 gives clean, clean and dropped-upstream: a new rev that
    rewrites the series and state and moves one patch to archive/.
    """
    repo = Repo(ws / "k")
    base = repo.commit("base", {"a.c": A, "b.c": B, "MAINTAINERS": "X\nM:\tMaint <m@example.org>\nF:\t*\n"})
    repo.git("tag", "v1")
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit("a: tweak a10\n\nSigned-off-by: A U Thor <author@example.org>",
                {"a.c": A.replace("int a10 = 10;", "int a10 = 100;")})
    repo.commit("x: add x.c\n\nSigned-off-by: A U Thor <author@example.org>", {"x.c": "int x(void) { return 1; }\n"})
    p3 = repo.commit("b: tweak b5\n\nSigned-off-by: A U Thor <author@example.org>",
                     {"b.c": B.replace("int b5 = 5;", "int b5 = 50;")})
    repo.git("checkout", "-q", "master")
    repo.commit("up: drift", {"a.c": "/* header */\n" + A})
    repo.git("cherry-pick", p3)
    repo.git("tag", "v2")
    out = ws / "fp"
    repo.git("format-patch", "-q", "-o", str(out), f"{base}..topic")
    (out / "series").write_text("".join(p.name + "\n" for p in sorted(out.glob("*.patch"))))
    r = run(capsys, ws, "init", name, "--repo", "k", "--upstream", "v2")
    assert r.code == 0, r.err
    r = run(capsys, ws, "import", name, "--quilt", str(out), "--base", "v1")
    assert r.code == 0, r.err
    return repo


def mono_queue(ws: Path, capsys: pytest.CaptureFixture[str], name: str = "q") -> Repo:
    """One monolithic patch touching three directories: ``split q`` makes a short series of it."""
    repo = Repo(ws / "k")
    repo.commit("base", {"drivers/a.c": A, "include/b.h": B, "arch/c.c": "int c;\n"})
    repo.git("tag", "v1")
    repo.git("checkout", "-q", "-b", "fork")
    repo.commit("the fork", {"drivers/a.c": A.replace("int a10 = 10;", "int a10 = 100;"),
                             "include/b.h": B + "int b_new;\n", "arch/c.c": "int c = 1;\n",
                             "drivers/new.c": "int new_driver;\n"})
    repo.git("checkout", "-q", "master")
    r = run(capsys, ws, "init", name, "--repo", "k", "--upstream", "v1")
    assert r.code == 0, r.err
    r = run(capsys, ws, "import", name, "--fork", "fork", "--squash")
    assert r.code == 0, r.err
    return repo
