"""Crash safety step by step, and commands that run at the same time (issue 14).

Every write step of ``split`` and ``export`` is killed once (SIGKILL from an
audit hook, see ``killpoints``): the queue a reader sees is the old one or the
new one, the next run finishes the job, and nothing is left behind (no pending
split ref, no temporary files in .git, no half-built mail directory).
``rebase`` beside ``import --replace`` and beside a loop of reads: the lock
serializes the writers, and readers neither see a half-written queue nor
disturb a writer's journal.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from pathlib import Path

import pytest

from tests import killpoints
from tests.clirun import run, snapshot
from tests.smallqueue import mono_queue, series_queue
from xenpatch.gitio.scratch import SCRATCH
from xenpatch.store import QueueStore

TRIALS = 20


def _fresh(template: Path, dest: Path) -> Path:
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(template, dest, symlinks=True)
    return dest


def _view(ws: Path) -> dict[str, bytes]:
    """The queue as any reader sees it (through a journal a kill may have left)."""
    return {k: v for k, v in QueueStore(ws, "q").snapshot().items() if not k.endswith(".timings.json")}


def _dead_temporaries(ws: Path) -> list[str]:
    """Temporary files in the kernel repository that no live process owns."""
    git_dir = ws / "k/.git"
    stray = [p.name for p in git_dir.iterdir() if p.name.startswith("xenpatch-") and p.name != SCRATCH]
    stray += [p.name for p in git_dir.glob("fast_import_crash_*")]
    for d in (git_dir / SCRATCH).iterdir() if (git_dir / SCRATCH).is_dir() else []:
        fd = os.open(d / "owner", os.O_RDONLY) if (d / "owner").exists() else None
        if fd is None:
            stray.append(d.name)
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            stray.append(d.name)  # lockable: its owner is dead
        except BlockingIOError:
            pass
        finally:
            os.close(fd)
    return stray


def _recover(capsys: pytest.CaptureFixture[str], ws: Path) -> None:
    """Any writing command recovers first; this one then has nothing to do."""
    r = run(capsys, ws, "rebase", "q", "--abort")
    assert r.code == 2 and "no rebase" in r.err, r.err


def test_split_killed_at_every_write_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "template"
    mono_queue(template, capsys)
    args = ["split", "q", "--max-lines", "2"]
    old = _view(template)
    done = _fresh(template, tmp_path / "done")
    assert killpoints.run_killed_at(done, args, None) == 0
    new = _view(done)
    assert new != old and len([k for k in new if k.startswith("patches/0")]) >= 3
    steps = killpoints.count_steps(_fresh(template, tmp_path / "count"), args)
    assert steps > 10
    outcomes = {"old": 0, "new": 0}
    for step in range(1, steps + 1):
        ws = _fresh(template, tmp_path / "trial")
        assert killpoints.run_killed_at(ws, args, step) is None, f"step {step} was never reached"
        seen = _view(ws)
        assert seen in (old, new), f"a kill at write step {step} left a mix"
        outcomes["old" if seen == old else "new"] += 1
        if seen == old:
            r = run(capsys, ws, *args)  # the next split gets past what the killed one left
            assert r.code == 0, f"step {step}: {r.err}"
        else:
            _recover(capsys, ws)
        assert _view(ws) == new and snapshot(ws / "queues/q") == new
        assert "split-pending" not in (ws / "k/.git/packed-refs").read_text("utf-8", "replace") \
            if (ws / "k/.git/packed-refs").exists() else True
        assert not (ws / "k/.git/refs/xenpatch/q/split-pending").exists(), f"step {step}"
        assert _dead_temporaries(ws) == [], f"step {step}"
        assert not (ws / ".xenpatch/queues/q/journal").exists()
    assert outcomes["old"] >= 1 and outcomes["new"] >= 1, outcomes


def test_export_killed_at_every_write_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "template"
    series_queue(template, capsys)
    out = "mail"
    (template / "mail").mkdir()
    (template / "mail/notes.txt").write_text("mine\n")
    assert run(capsys, template, "export", "q", "--to", str(template / out)).code == 0
    # v2 of a changed series, into the same directory as v1 (the directory is exchanged whole)
    patch = sorted((template / "queues/q/patches").glob("0002-*.patch"))[0]
    patch.write_text(patch.read_text().replace("return 1;", "return 2;"))

    def args(ws: Path) -> list[str]:
        return ["export", "q", "--to", str(ws / out), "--version", "2"]

    old = (snapshot(template / out), _view(template))
    done = _fresh(template, tmp_path / "done")
    assert killpoints.run_killed_at(done, args(done), None) == 0
    new = (snapshot(done / out), _view(done))
    assert new[0] != old[0] and new[1] != old[1]
    assert any(k.startswith("v2-") for k in new[0]) and new[0]["notes.txt"] == b"mine\n"
    steps = killpoints.count_steps(_fresh(template, tmp_path / "count"), args(tmp_path / "count"))
    seen_states = set()
    for step in range(1, steps + 1):
        ws = _fresh(template, tmp_path / "trial")
        assert killpoints.run_killed_at(ws, args(ws), step) is None, f"step {step} was never reached"
        mails, queue = snapshot(ws / out), _view(ws)
        assert mails in (old[0], new[0]), f"a kill at write step {step} left a partial mail series"
        assert queue in (old[1], new[1])
        assert (mails, queue) != (old[0], new[1]), "a record of mails that were never written"
        seen_states.add((mails == new[0], queue == new[1]))
        r = run(capsys, ws, *args(ws))
        assert r.code == 0, f"step {step}: {r.err}"
        assert (snapshot(ws / out), _view(ws)) == new
        assert not [p for p in ws.iterdir() if "xenpatch-new" in p.name or "xenpatch-old" in p.name]
    assert (False, False) in seen_states and (True, True) in seen_states


def _consistent(capsys: pytest.CaptureFixture[str], ws: Path) -> None:
    """The queue loads, every series entry exists, none is in the archive, and the series applies."""
    queue = QueueStore(ws, "q").load()
    archived = {p.name for p in (ws / "queues/q/archive").rglob("*.patch")} if (ws / "queues/q/archive").exists() \
        else set()
    assert not set(queue.series.names()) & archived - set(queue.patches), "the series names an archived patch"
    r = run(capsys, ws, "track", "q", "--json")
    assert r.code == 0, r.err


def test_rebase_beside_import_replace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "template"
    series_queue(template, capsys)
    both_ran = 0
    for trial in range(TRIALS):
        ws = _fresh(template, tmp_path / "trial")
        errs = [tmp_path / "rebase.err", tmp_path / "import.err"]
        rebase = killpoints.start(ws, ["rebase", "q"], stderr=errs[0])
        replace = killpoints.start(ws, ["import", "q", "--replace", "--quilt", str(ws / "fp"), "--base", "v1"],
                                   stderr=errs[1], delay=trial * 0.008)
        codes = [killpoints.wait(rebase), killpoints.wait(replace)]
        for code, err in zip(codes, errs):
            assert code in (0, 2), err.read_text()
            if code == 2:
                assert "is busy" in err.read_text(), err.read_text()
        both_ran += codes == [0, 0]
        _consistent(capsys, ws)
        assert not (ws / ".xenpatch/queues/q/journal").exists()
    print("trials where both ran one after the other:", both_ran)


def _log(capsys: pytest.CaptureFixture[str], ws: Path) -> dict[str, object]:
    """``log --json`` without the timings (they differ run to run)."""
    r = run(capsys, ws, "log", "q", "--json")
    assert r.code == 0, r.err
    doc = r.json
    for rev in doc["revs"]:
        rev.pop("seconds")
    return doc


def test_rebase_beside_a_read_loop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "template"
    series_queue(template, capsys)
    before = _log(capsys, template)
    done = _fresh(template, tmp_path / "done")
    assert run(capsys, done, "rebase", "q").code == 0
    after = _log(capsys, done)
    assert before != after
    reads = 0
    for _ in range(TRIALS):
        ws = _fresh(template, tmp_path / "trial")
        err = tmp_path / "rebase.err"
        rebase = killpoints.start(ws, ["rebase", "q"], stderr=err)
        while True:
            finished = os.waitpid(rebase, os.WNOHANG)
            seen = _log(capsys, ws)
            reads += 1
            assert seen in (before, after), "a reader saw a half-written queue"
            if finished[0]:
                status = finished[1]
                break
            time.sleep(0.002)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, err.read_text()
        assert _log(capsys, ws) == after
        assert not (ws / ".xenpatch/queues/q/journal").exists()
    assert reads > TRIALS
