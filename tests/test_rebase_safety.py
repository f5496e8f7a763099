"""Rebase invariants: onto the same base it is the identity; kill -9 never half-writes."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.clirun import run, snapshot
from tests.gitrepo import Repo

ROOT = Path(__file__).resolve().parents[1]
BASE = "".join(f"line {i}\n" for i in range(1, 81))


def _queue_files(q: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(q).items() if not k.endswith(".timings.json")}


def _view_files(ws: Path) -> dict[str, bytes]:
    """The queue as a reader sees it (through a committed journal a kill left behind)."""
    from xenpatch.store import QueueStore
    return {k: v for k, v in QueueStore(ws, "q").snapshot().items() if not k.endswith(".timings.json")}


edits = st.lists(
    st.tuples(st.sampled_from(["a.c", "b.c", "c.h"]), st.integers(1, 80), st.sampled_from(["replace", "insert", "delete"])),
    min_size=1, max_size=4,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(edits, min_size=1, max_size=5))
def test_rebase_onto_same_base_is_identity(tmp_path_factory: pytest.TempPathFactory,
                                           capsys: pytest.CaptureFixture[str], series: list) -> None:
    ws = tmp_path_factory.mktemp("ident")
    repo = Repo(ws / "k")
    files = {"a.c": BASE, "b.c": BASE, "c.h": BASE}
    base = repo.commit("base", dict(files))
    repo.git("checkout", "-q", "-b", "topic")
    for n, patch_edits in enumerate(series):
        for name, line, kind in patch_edits:
            lines = files[name].splitlines(keepends=True)
            k = min(line, len(lines)) - 1 if lines else 0
            if kind == "replace" and lines:
                lines[k] = f"patched {n} {lines[k]}"
            elif kind == "insert":
                lines.insert(k, f"inserted by {n}\n")
            elif lines:
                del lines[k]
            files[name] = "".join(lines)
        repo.commit(f"patch {n}", dict(files))
    out = ws / "fp"
    repo.git("format-patch", "-q", "-o", str(out), f"{base}..topic")
    (out / "series").write_text("".join(p.name + "\n" for p in sorted(out.glob("*.patch"))))
    assert run(capsys, ws, "init", "q", "--repo", "k", "--upstream", base).code == 0
    assert run(capsys, ws, "import", "q", "--quilt", str(out), "--base", base).code == 0
    before = snapshot(ws / "queues/q/patches")
    r = run(capsys, ws, "rebase", "q", "--onto", base, "--json")
    assert r.code == 0, r.err
    assert all(p["outcome"] == "clean" for p in r.json["patches"])
    assert snapshot(ws / "queues/q/patches") == before
    # and the stack recorded for the new rev has exactly the fork's tree
    stack = repo.git("rev-parse", "refs/xenpatch/q/rev-1^{tree}").strip()
    assert stack == repo.rev("topic^{tree}")


def _kill_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A 30-patch queue and an upstream that drifts, renames a file and takes two patches."""
    repo = Repo(tmp_path / "k")
    files = {f"f{i}.c": BASE for i in range(10)}
    base = repo.commit("base", dict(files))
    repo.git("checkout", "-q", "-b", "topic")
    picks = []
    for n in range(30):
        name = f"f{n % 10}.c"
        lines = files[name].splitlines(keepends=True)
        lines[(n * 7) % 70 + 2] = f"topic change {n}\n"
        files[name] = "".join(lines)
        picks.append(repo.commit(f"topic {n}", {name: files[name]}))
    repo.git("checkout", "-q", "master")
    for i in range(10):
        repo.commit(f"drift {i}", {f"f{i}.c": "/* upstream */\n" + BASE})
    repo.git("mv", "f3.c", "g3.c")
    repo.commit("rename f3")
    repo.git("cherry-pick", picks[0])
    repo.git("cherry-pick", picks[5])
    out = tmp_path / "fp"
    repo.git("format-patch", "-q", "-o", str(out), f"{base}..topic")
    (out / "series").write_text("".join(p.name + "\n" for p in sorted(out.glob("*.patch"))))
    assert run(capsys, tmp_path, "init", "q", "--repo", "k", "--upstream", "master").code == 0
    assert run(capsys, tmp_path, "import", "q", "--quilt", str(out), "--base", base).code == 0
    return tmp_path


def test_kill_during_rebase_leaves_old_or_new_queue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = _kill_scenario(tmp_path / "ws", capsys)
    pristine = tmp_path / "pristine"
    shutil.copytree(ws / "queues", pristine)
    old = _queue_files(ws / "queues/q")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "xenpatch", "-C", str(ws), "rebase", "q", "--json"]
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True)
    elapsed = time.perf_counter() - started
    assert done.returncode == 0, done.stderr.decode()
    new = _queue_files(ws / "queues/q")
    assert new != old
    outcomes = [p["outcome"] for p in __import__("json").loads(done.stdout)["patches"]]
    assert outcomes.count("dropped-upstream") == 2 and "conflict" not in outcomes
    rng = random.Random(7)
    seen = {"old": 0, "new": 0}
    for _ in range(10):
        shutil.rmtree(ws / "queues")
        shutil.rmtree(ws / ".xenpatch", ignore_errors=True)
        shutil.copytree(pristine, ws / "queues")
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, max(0.3, elapsed * 1.1)))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # a reader sees the old or the new queue (through a journal the kill left) and changes nothing
        private = snapshot(ws / ".xenpatch")
        on_disk = snapshot(ws / "queues")
        assert run(capsys, ws, "log", "q").code == 0
        assert snapshot(ws / ".xenpatch") == private and snapshot(ws / "queues") == on_disk
        seen_by_reader = _view_files(ws)
        assert seen_by_reader in (old, new), "a kill left a mix of the old and the new queue"
        # the next writing command (here one with nothing to do) finishes or discards the journal
        assert run(capsys, ws, "rebase", "q", "--abort").code == 2
        now = _queue_files(ws / "queues/q")
        assert now == seen_by_reader
        assert not (ws / ".xenpatch/queues/q/journal").exists()
        seen["old" if now == old else "new"] += 1
        # and a rebase after the kill finishes with the same result
        if now == old:
            assert subprocess.run(cmd, env=env, capture_output=True).returncode == 0
            assert _queue_files(ws / "queues/q") == new
    print("kill outcomes", seen)
    assert seen["old"] + seen["new"] == 10 and seen["old"] >= 1
