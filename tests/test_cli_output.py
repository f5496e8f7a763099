"""How the CLI talks: counted nouns, no wrapping into files and pipes, shell completion."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_stabilize_verdict import SIMPLE, _kernel, _queue
from xenpatch.core.words import article, count, plural, type_name

ROOT = Path(__file__).resolve().parents[1]


def test_counted_nouns() -> None:
    assert count(1, "patch") == "1 patch" and count(2, "patch") == "2 patches" and count(0, "patch") == "0 patches"
    assert count(1, "error") == "1 error" and count(3, "error") == "3 errors"
    assert count(2, "earlier patch", "earlier patches") == "2 earlier patches"
    assert plural(1, "does") == "does" and plural(2, "does") == "do"
    assert article("integer") == "an integer" and article("string") == "a string"
    assert type_name(int) == "integer" and type_name(dict) == "table"


def test_no_hard_wrap_when_stdout_is_a_pipe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _kernel(tmp_path, upstream=3, rename_at=1)
    long_check = "true " + "x" * 150 + "; " + \
        "if grep -q 'foo()' *.c && ! grep -q '^int foo(void)' lib.c; then echo 'use.c:1: error: " + \
        "implicit declaration of function foo; did you mean foo2? " + "y" * 80 + "' >&2; exit 1; fi"
    _queue(tmp_path, repo, capsys, SIMPLE, check=long_check)
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="80")
    proc = subprocess.run([sys.executable, "-m", "xenpatch", "-C", str(tmp_path), "stabilize", "q", "--no-score"],
                          env=env, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert any(len(line) > 200 for line in lines)
    # the command and the hint each stay on one line, whatever their length
    assert any(long_check in line for line in lines)
    assert any("did you mean foo2? " + "y" * 80 in line for line in lines)
    bad = subprocess.run([sys.executable, "-m", "xenpatch", "-C", str(tmp_path / "nope" / ("z" * 120)), "log", "q"],
                         env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


def _complete(ws: Path, words: list[str]) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), _XENPATCH_COMPLETE="bash_complete",
               COMP_WORDS=" ".join(["xenpatch", *words]), COMP_CWORD=str(len(words)))
    proc = subprocess.run([sys.executable, "-c", "from xenpatch.cli import main; main()"], env=env,
                          capture_output=True, text=True, cwd=ws)
    assert proc.returncode == 0, proc.stderr
    return [line.split(",", 1)[1] for line in proc.stdout.splitlines() if "," in line]


def test_shell_completion_of_commands_and_queue_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "queues").mkdir()
    for name in ("xen", "xen-rt", "other"):
        (tmp_path / "queues" / name).mkdir()
        (tmp_path / "queues" / name / "queue.toml").write_text("repo = '.'\nupstream = 'HEAD'\n")
    assert "stabilize" in _complete(tmp_path, ["sta"])
    assert _complete(tmp_path, ["stabilize", "x"]) == ["xen", "xen-rt"]
    assert _complete(tmp_path, ["rebase", ""]) == ["other", "xen", "xen-rt"]
    # -C names the workspace, wherever the shell is
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert _complete(elsewhere, ["-C", str(tmp_path), "export", "o"]) == ["other"]
    assert _complete(elsewhere, ["log", ""]) == []
