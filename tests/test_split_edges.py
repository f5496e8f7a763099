"""Edge cases of ``split``: dependency cycles, the mail size limit, the check work tree."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.clirun import run
from tests.gitrepo import Repo
from tests.test_split_kit import MAINTAINERS, apply_independently, git, series_names
from xenpatch.gitio.run import Git
from xenpatch.pipeline.checkrun import CheckRunner, first_bad


def workspace(root: Path, base: dict[str, str | bytes | None], fork: dict[str, str | bytes | None],
              capsys: pytest.CaptureFixture[str]) -> Path:
    repo = Repo(root / "kernel")
    repo.commit("base", {"MAINTAINERS": MAINTAINERS, **base})
    repo.git("checkout", "-q", "-b", "xen")
    repo.commit("xen", fork)
    repo.git("checkout", "-q", "master")
    assert run(capsys, root, "init", "xen", "--repo", "kernel", "--upstream", "master", "--fork", "xen").code == 0
    assert run(capsys, root, "import", "xen", "--fork", "xen", "--squash").code == 0
    return root


def test_cycle_between_topics_is_merged_and_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = "#ifndef A_H\n#define A_H\n#include <asm/xen/b.h>\nstruct a_ring { struct b_page *p; };\nint a_fn(void);\n#endif\n"
    b = "#ifndef B_H\n#define B_H\n#include <xen/a.h>\nstruct b_page { struct a_ring *r; };\nint b_fn(void);\n#endif\n"
    ws = workspace(tmp_path, {"README": "r\n"}, {"include/xen/a.h": a, "arch/x86/include/asm/xen/b.h": b}, capsys)
    r = run(capsys, ws, "split", "xen", "--json", "--max-lines", "100")
    assert r.code == 0, r.err
    out = r.json
    assert len(out["patches"]) == 1  # the two headers need each other: one patch
    (cycle,) = [c for c in out["cycles"] if c["kind"] == "topics"]
    assert set(cycle["symbols"]) >= {"<xen/a.h>", "<asm/xen/b.h>"}
    assert cycle["patch"] == out["patches"][0]["name"]


def test_cycle_kept_together_when_over_the_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = "".join(f"\tx += {i};\n" for i in range(30))
    a = "#include <xen/b.h>\nint a_fn(int x)\n{\n" + body + "\treturn b_fn(x);\n}\n"
    b = "#include <xen/a.h>\nint b_fn(int x)\n{\n" + body + "\treturn a_fn(x);\n}\n"
    ha = "int a_fn(int x);\n#include <xen/b.h>\n"
    hb = "int b_fn(int x);\n#include <xen/a.h>\n"
    ws = workspace(tmp_path, {"README": "r\n"},
                   {"include/xen/a.h": ha, "include/xen/b.h": hb, "drivers/xen/a.c": a, "drivers/xen/b.c": b},
                   capsys)
    r = run(capsys, ws, "split", "xen", "--json", "--max-lines", "10")
    assert r.code == 0, r.err
    out = r.json
    header_patch = next(p for p in out["patches"] if "include/xen/a.h" in p["files"])
    assert "include/xen/b.h" in header_patch["files"]  # mutual includes: one patch
    assert any(c["kind"] == "units" and set(c["members"]) == {"include/xen/a.h", "include/xen/b.h"}
               for c in out["cycles"])
    assert any(o["reason"].startswith("a dependency cycle") for o in out["oversized"]) or \
        header_patch["insertions"] <= 10
    kernel = ws / "kernel"
    trees = apply_independently(kernel, git(kernel, "rev-parse", "master").strip(),
                                [ws / "queues/xen/patches" / n for n in series_names(ws)])
    assert trees[-1] == git(kernel, "rev-parse", "xen^{tree}").strip()


def test_mail_size_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = "x" * 60
    big = "".join(f"{line} {i}\n" for i in range(2000))  # ~130 KB, one indivisible new file
    mid = "".join(f"{line} {i}\n" for i in range(800))  # ~52 KB each: two of them exceed one mail
    ws = workspace(tmp_path, {"README": "r\n"},
                   {"docs/big.txt": big, "docs/m1.txt": mid, "docs/m2.txt": mid, "docs/small.txt": "s\n"}, capsys)
    r = run(capsys, ws, "split", "xen", "--json", "--max-lines", "100000")
    assert r.code == 0, r.err
    out = r.json
    sizes = {p["name"]: p["bytes"] for p in out["patches"]}
    (over,) = out["oversized"]
    assert over["unit"] == "docs/big.txt" and "bytes limit" in over["reason"]
    assert sizes[over["patch"]] > 100_000
    assert all(size < 100_000 for name, size in sizes.items() if name != over["patch"])
    m1 = next(p for p in out["patches"] if "docs/m1.txt" in p["files"])
    assert "docs/m2.txt" not in m1["files"]


# ---------------------------------------------------------------- the check work tree

def test_check_runner_moves_incrementally(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "r")
    repo.commit("one", {"a.txt": "a\n", "b.txt": "b\n", "dir/c.txt": "c\n"})
    t1 = repo.rev("HEAD^{tree}")
    repo.commit("two", {"b.txt": "B\n", "dir/c.txt": None, "d.txt": "d\n"})
    t2 = repo.rev("HEAD^{tree}")
    work = tmp_path / "ws/.xenpatch/worktrees/q"
    runner = CheckRunner(Git(repo.path), work, 'test "$XENPATCH_QUEUE" = q && echo "$XENPATCH_PATCH $XENPATCH_TREE" '
                         '&& cat b.txt', timeout=30, env={"XENPATCH_QUEUE": "q"})
    r = runner.run(t1, "p1")
    assert r.ok and r.exit_code == 0 and not r.timed_out
    assert r.output_tail == f"p1 {t1}\nb"
    old = os.stat(work / "a.txt").st_mtime_ns
    (work / "build.o").write_text("output of the previous build\n")
    time.sleep(0.01)
    r = runner.run(t2, "p2")
    assert r.ok and r.output_tail.endswith("B")
    assert sorted(p.name for p in work.iterdir()) == ["a.txt", "b.txt", "build.o", "d.txt"]
    assert os.stat(work / "a.txt").st_mtime_ns == old  # unchanged files are not rewritten
    # the user's repository is untouched: its index and HEAD
    assert repo.git("status", "--porcelain") == ""
    # a check that edits tracked files does not block the next move
    (work / "b.txt").write_text("dirty\n")
    assert runner.run(t1, "p1").output_tail.endswith("b")


def test_check_runner_timeout_and_bisect(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "r")
    trees = []
    for k in range(6):
        repo.commit(f"c{k}", {"n.txt": f"{k}\n"})
        trees.append(repo.rev("HEAD^{tree}"))
    runner = CheckRunner(Git(repo.path), tmp_path / "wt", "test $(cat n.txt) -lt 3", timeout=30)
    prefixes = [(f"p{k}", trees[k]) for k in range(1, 6)]
    report = first_bad(runner, trees[0], prefixes, "bisect")
    assert report.first_bad == "p3" and report.first_bad_prefix == 3 and not report.ok
    assert {r.prefix for r in report.runs} >= {0, 2, 3, 5} and len(report.runs) < 6
    report = first_bad(runner, trees[0], prefixes, "all")
    assert [r.prefix for r in report.runs] == [0, 1, 2, 3] and report.first_bad == "p3"
    slow = CheckRunner(Git(repo.path), tmp_path / "wt2", "sleep 5", timeout=0.3)
    t0 = time.monotonic()
    r = slow.run(trees[0], "")
    assert r.timed_out and not r.ok and r.exit_code is None and time.monotonic() - t0 < 4


def test_hunks_of_one_file_split_apart_without_final_newline(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    old = "".join(f"line {i}\n" for i in range(40)) + "last line"
    new = old.replace("line 2\n", "line 2 alpha\n").replace("line 20\n", "line 20 beta\n") + " changed"
    ws = workspace(tmp_path, {"docs/notes.txt": old, "docs/crlf.txt": "a\r\nb\r\n" * 20},
                   {"docs/notes.txt": new, "docs/crlf.txt": ("a\r\nb\r\n" * 20).replace("b\r\n", "B\r\n", 1)},
                   capsys)
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rules]]\nname = "alpha"\ncontent = "alpha"\n\n[[rules]]\nname = "rest"\npaths = ["docs/"]\n')
    r = run(capsys, ws, "split", "xen", "--rules", str(rules), "--json")
    assert r.code == 0, r.err
    notes = [p for p in r.json["patches"] if "docs/notes.txt" in p["files"]]
    assert len(notes) == 2 and notes[0]["subject"].startswith("alpha: ")
    kernel = ws / "kernel"
    files = [ws / "queues/xen/patches" / n for n in series_names(ws)]
    trees = apply_independently(kernel, git(kernel, "rev-parse", "master").strip(), files)
    assert trees[-1] == git(kernel, "rev-parse", "xen^{tree}").strip()
    assert "\\ No newline at end of file" in files[-1].read_text()
