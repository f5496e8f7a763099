"""resolve: a real conflicted index, labelled markers, and no lost work on a second resolve."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.clirun import run
from tests.test_rebase import _setup


def git(wt: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(wt), *args], capture_output=True, text=True)


def test_conflict_worktree_is_a_real_conflict_and_keeps_hand_edits(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    ws, repo = _setup(tmp_path, capsys)
    assert run(capsys, ws, "rebase", "q", "--onto", "v2").code == 1
    r = run(capsys, ws, "resolve", "q", "--json")
    assert r.code == 0, r.err
    assert r.json["kept"] is False and r.json["continue_with"] == "xenpatch rebase q --continue"
    wt = Path(r.json["worktree"])
    patch = r.json["patch"]
    # git sees a conflict: unmerged in status, stages 1, 2 and 3 in the index, a combined diff
    assert git(wt, "status", "--porcelain").stdout == "UU a.c\n"
    stages = sorted(line.split()[2] for line in git(wt, "ls-files", "-u").stdout.splitlines())
    assert stages == ["1", "2", "3"]
    assert "++<<<<<<< upstream v2" in git(wt, "diff").stdout
    tool = git(wt, "mergetool", "--tool-help")
    assert tool.returncode == 0 and "git mergetool --tool=<tool>" in tool.stdout, tool.stderr
    # markers say whose side is whose
    text = (wt / "a.c").read_text()
    assert "<<<<<<< upstream v2\nlong a50 = 51;\n=======\nint a50 = 500;\n" in text
    assert f">>>>>>> {patch}\n" in text
    # a --continue refused for markers leaves the index conflicted
    assert run(capsys, ws, "rebase", "q", "--continue").code == 2
    assert git(wt, "status", "--porcelain").stdout == "UU a.c\n"
    # a hand edit survives a second resolve, which says so
    start, end = text.index("<<<<<<<"), text.index("\n", text.index(">>>>>>>")) + 1
    (wt / "a.c").write_text(text[:start] + "long a50 = 500;\n" + text[end:])
    r = run(capsys, ws, "resolve", "q", "--json")
    assert r.code == 0 and r.json["kept"] is True and r.json["edited"] is True, r.err
    assert "long a50 = 500;" in (wt / "a.c").read_text()
    r = run(capsys, ws, "resolve", "q")
    assert "with your edits" in r.out and "--restart" in r.out
    # --restart starts over
    r = run(capsys, ws, "resolve", "q", "--restart", "--json")
    assert r.code == 0 and r.json["kept"] is False
    assert (wt / "a.c").read_text() == text
    r = run(capsys, ws, "resolve", "q", "--json")
    assert r.json["kept"] is True and r.json["edited"] is False
    # git mergetool works on it (a scripted tool: keep the patch's side of each region)
    take = "sed -i -e '/^<<<<<<< /,/^=======$/d' -e '/^>>>>>>> /d' \"$MERGED\""
    done = git(wt, "-c", f"mergetool.take.cmd={take}", "-c", "mergetool.take.trustExitCode=true",
               "-c", "mergetool.keepBackup=false", "mergetool", "--no-prompt", "--tool=take")
    assert done.returncode == 0, done.stderr
    assert git(wt, "status", "--porcelain").stdout == "M  a.c\n"
    r = run(capsys, ws, "rebase", "q", "--continue", "--json")
    assert r.code == 0, r.err
    resolved = repo.git("show", "refs/xenpatch/q/rev-1:a.c")
    assert "int a50 = 500;" in resolved and "long a50 = 51;" not in resolved and "/* header */" in resolved
