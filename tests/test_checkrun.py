"""The check machinery: the N-ary search, the result cache, parallel work trees,
and what an interrupted check leaves behind (real signals, real processes)."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from tests.clirun import run, snapshot
from tests.gitrepo import Repo
from tests.test_stabilize_verdict import SIMPLE, _kernel, _queue
from xenpatch.core.bisect import search, spread
from xenpatch.gitio.run import Git
from xenpatch.pipeline.checkcache import CheckCache, CheckResult
from xenpatch.pipeline.checkrun import Checker, CheckRunner, first_bad

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- the search

@settings(max_examples=300, deadline=None)
@given(n=st.integers(1, 300), data=st.data(), jobs=st.integers(1, 6))
def test_search_finds_the_first_bad_point_in_log_rounds(n: int, data: st.DataObject, jobs: int) -> None:
    bad = data.draw(st.one_of(st.none(), st.integers(1, n)))
    asked: list[int] = []

    def evaluate(points: list[int], lo: int, hi: int) -> dict[int, bool | None]:
        assert 0 < len(points) <= jobs and len(set(points)) == len(points)
        asked.extend(points)
        return {p: (bad is None or p < bad) for p in points}

    found = search(n, evaluate, jobs)
    assert found.first_bad == bad
    assert len(asked) == len(set(asked))  # no point is checked twice
    if bad is not None:
        assert found.good == bad - 1 and bad - 1 in asked or bad == 1  # the predecessor is proven good
        ends = 2 if jobs == 1 else 1
        assert found.rounds <= ends + math.ceil(math.log(n) / math.log(jobs + 1)) + 1


@settings(max_examples=200, deadline=None)
@given(n=st.integers(2, 120), data=st.data(), jobs=st.integers(1, 4))
def test_search_skips_untestable_points(n: int, data: st.DataObject, jobs: int) -> None:
    bad = data.draw(st.integers(1, n))
    untestable = data.draw(st.sets(st.integers(1, n - 1)))

    def evaluate(points: list[int], lo: int, hi: int) -> dict[int, bool | None]:
        return {p: None if p in untestable else p < bad for p in points}

    found = search(n, evaluate, jobs)
    assert found.first_bad is not None and found.good is not None
    assert found.good < bad <= found.first_bad  # the answer brackets the truth
    assert all(p in untestable for p in range(found.good + 1, found.first_bad))
    assert set(found.untestable) == set(range(found.good + 1, found.first_bad))


def test_spread_is_even_and_inside() -> None:
    assert spread(0, 12, 1) == [6]
    assert spread(0, 12, 2) == [4, 8]
    assert spread(0, 3, 5) == [1, 2]
    assert spread(4, 5, 3) == []


# ---------------------------------------------------------------- the cache

def test_cache_round_trip_and_refusals(tmp_path: Path) -> None:
    tree = "a" * 40
    cache = CheckCache(tmp_path, "make")
    assert cache.get(tree) is None
    cache.put(tree, CheckResult(False, 2, "error: x", 1.5, False))
    hit = cache.get(tree)
    assert hit is not None and hit.cached and not hit.ok and hit.exit_code == 2 and hit.output_tail == "error: x"
    assert CheckCache(tmp_path, "make V=1").get(tree) is None  # another command, another question
    cache.put("b" * 40, CheckResult(False, None, "", 9.0, True))  # a timeout says nothing about the tree
    assert cache.get("b" * 40) is None
    cache.put("../../etc", CheckResult(True, 0, "", 0.1, False))  # not a tree id: never a path
    assert not any(p.name.startswith("..") for p in tmp_path.rglob("*"))
    path = next(tmp_path.rglob(f"{tree}.json"))
    path.write_text("{not json")
    assert cache.get(tree) is None
    doc = {"format": 1, "command": "other", "tree": tree, "ok": True, "exit_code": 0, "output_tail": "",
           "seconds": 0}
    path.write_text(json.dumps(doc))
    assert cache.get(tree) is None  # a file for another command is a miss, not a pass


def _trees(tmp_path: Path, n: int) -> tuple[Repo, list[str]]:
    repo = Repo(tmp_path / "r")
    trees = []
    for k in range(n):
        repo.commit(f"c{k}", {"n.txt": f"{k}\n", "keep.txt": "same\n"})
        trees.append(repo.rev("HEAD^{tree}"))
    return repo, trees


def test_checker_runs_in_parallel_work_trees_and_caches(tmp_path: Path) -> None:
    repo, trees = _trees(tmp_path, 9)
    cache = CheckCache(tmp_path / "ws", "sleep 0.5; test $(cat n.txt) -lt 5")
    runners = [CheckRunner(Git(repo.path), tmp_path / f"wt{k}", cache.command, 30, cache=cache) for k in range(3)]
    checker = Checker(runners)
    prefixes = [(f"p{k}", trees[k]) for k in range(1, 9)]
    started = time.monotonic()
    report = first_bad(checker, trees[0], prefixes, "bisect")
    assert report.first_bad == "p5" and report.rounds == checker.rounds and report.jobs == 3
    assert report.rounds < len(report.runs)  # several checks per round
    assert time.monotonic() - started < 0.5 * len(report.runs)  # ... and they overlapped
    assert all((tmp_path / f"wt{k}" / "keep.txt").exists() for k in range(3))
    # a second search asks the cache only
    again = Checker([CheckRunner(Git(repo.path), tmp_path / "wt0", cache.command, 30, cache=cache)])
    report2 = first_bad(again, trees[0], prefixes, "bisect")
    assert report2.first_bad == "p5" and again.executed == 0 and all(r.cached for r in report2.runs)


def test_interrupted_move_is_finished_by_the_next_run(tmp_path: Path) -> None:
    repo, trees = _trees(tmp_path, 3)
    runner = CheckRunner(Git(repo.path), tmp_path / "wt", "cat n.txt", 30)
    assert runner.run(trees[0], "").output_tail == "0"
    # as if killed half-way through a move: the recorded tree gone, git's lock left, files half-written
    runner.state.unlink()
    runner.index.with_name(runner.index.name + ".lock").write_text("")
    (tmp_path / "wt/n.txt").write_text("garbage\n")
    (tmp_path / "wt/keep.txt").unlink()
    result = runner.run(trees[2], "")
    assert result.output_tail == "2"
    assert (tmp_path / "wt/keep.txt").read_text() == "same\n"
    assert not runner.index.with_name(runner.index.name + ".lock").exists()
    # a check that edits a tracked file does not leak into the next check of the same tree
    (tmp_path / "wt/keep.txt").write_text("edited by a check\n")
    assert CheckRunner(Git(repo.path), tmp_path / "wt", "cat keep.txt", 30).run(trees[2], "").output_tail == "same"


# ---------------------------------------------------------------- real signals

@pytest.mark.parametrize("sig,jobs", [(signal.SIGTERM, 1), (signal.SIGINT, 2)])
def test_signal_during_a_check_kills_its_process_group(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       sig: int, jobs: int) -> None:
    repo = _kernel(tmp_path, upstream=2, rename_at=99)
    marks = tmp_path / "marks"
    marks.mkdir()
    # the check starts a child of its own (sleep), then touches a file and edits a tracked one
    check = f"echo $$ >> {marks}/pids; sleep 2; touch {marks}/late; echo edit >> lib.c"
    _queue(tmp_path, repo, capsys, SIMPLE, check=check)
    before = snapshot(tmp_path / "queues/q")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "xenpatch", "-C", str(tmp_path), "stabilize", "q", "--no-score",
                             "--jobs", str(jobs)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    pids: list[int] = []
    while time.monotonic() < deadline and len(pids) < jobs:
        time.sleep(0.05)
        if (marks / "pids").exists():
            pids = [int(x) for x in (marks / "pids").read_text().split()]
    assert len(pids) == jobs, "the check never started"
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == (128 + signal.SIGTERM if sig == signal.SIGTERM else 130), err
    assert b"Traceback" not in err and (b"terminated" in err or b"interrupted" in err)
    time.sleep(2.5)
    assert not (marks / "late").exists(), "the check kept running after xenpatch stopped"
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    # the queue is as it was, and nothing was cached for the interrupted check
    after = {k: v for k, v in snapshot(tmp_path / "queues/q").items() if "lock" not in k}
    assert after == {k: v for k, v in before.items() if "lock" not in k}
    assert not list((tmp_path / ".xenpatch").glob("checks/*/*/*.json"))
    # every work tree holds exactly its recorded tree: index = recorded tree, no tracked file modified
    for wt in [tmp_path / ".xenpatch/worktrees/q"] + list((tmp_path / ".xenpatch/worktrees/.jobs/q").glob("[0-9]")):
        state = wt.with_name(wt.name + ".tree")
        index = wt.with_name(wt.name + ".index")
        assert not index.with_name(index.name + ".lock").exists()
        if not state.exists():
            continue  # recorded as unknown: the next run resets it
        genv = dict(os.environ, GIT_INDEX_FILE=str(index), GIT_WORK_TREE=str(wt))
        written = subprocess.run(["git", "-C", str(repo.path), "write-tree"], env=genv, capture_output=True,
                                 text=True, check=True).stdout.strip()
        assert written == state.read_text().strip()
        assert "edit" not in (wt / "lib.c").read_text()
    # and the next run works
    toml = tmp_path / "queues/q/queue.toml"
    toml.write_text(toml.read_text().replace(json.dumps(check), json.dumps("true")))
    r = run(capsys, tmp_path, "stabilize", "q", "--no-score", "--json")
    assert r.code == 0 and r.json["verdict"] == "stabilized"
