"""stabilize and nightly on a small real repository with a real check command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.clirun import run, snapshot
from tests.gitrepo import Repo
from xenpatch.store import QueueLock

ROOT = Path(__file__).resolve().parents[1]
LIB = "".join(f"int helper{i}(void) {{ return {i}; }}\n" for i in range(20)) + "int foo(void) { return 0; }\n"
# The "build": every foo() call needs a definition of foo.
CHECK = "if grep -q 'foo()' *.c && ! grep -q '^int foo(void)' lib.c; then echo 'use.c:1: error: implicit declaration of foo' >&2; exit 1; fi"


def _workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str = "q") -> tuple[Path, Repo]:
    repo = Repo(tmp_path / "k")
    base = repo.commit("base", {"lib.c": LIB, "main.c": "int main(void) { return 0; }\n"})
    repo.git("tag", "v1")
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit("lib: tweak helper3", {"lib.c": LIB.replace("return 3;", "return 33;")})
    repo.commit("use: call foo", {"use.c": "int use(void) { return foo(); }\n"})
    repo.commit("main: comment", {"main.c": "/* xen */\nint main(void) { return 0; }\n"})
    repo.git("checkout", "-q", "master")
    repo.commit("up: unrelated", {"other.c": "int other;\n"})
    repo.git("tag", "v2")
    repo.commit("up: rename foo to foo2", {"lib.c": LIB.replace("int foo(void)", "int foo2(void)")})
    repo.git("tag", "v3")
    out = tmp_path / f"fp-{name}"
    repo.git("format-patch", "-q", "-o", str(out), f"{base}..topic")
    (out / "series").write_text("".join(p.name + "\n" for p in sorted(out.glob("*.patch"))))
    assert run(capsys, tmp_path, "init", name, "--repo", "k", "--upstream", "v3").code == 0
    assert run(capsys, tmp_path, "import", name, "--quilt", str(out), "--base", "v1").code == 0
    toml = tmp_path / "queues" / name / "queue.toml"
    toml.write_text(toml.read_text().replace("[check]\n", f"[check]\ncommand = {json.dumps(CHECK)}\n"))
    return tmp_path, repo


def test_check_failure_bisected_to_patch_and_blamed_on_upstream(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    ws, repo = _workspace(tmp_path, capsys)
    before = snapshot(ws / "queues/q/patches")
    junit, md = tmp_path / "r.xml", tmp_path / "r.md"
    r = run(capsys, ws, "stabilize", "q", "--onto", "v3", "--junit", str(junit), "--markdown", str(md), "--json")
    assert r.code == 1, r.err
    res = r.json
    assert res["verdict"] == "needs-attention"
    assert [p["outcome"] for p in res["patches"]] == ["clean", "clean", "clean"]
    use_patch = res["patches"][1]["name"]
    assert res["bisect"]["first_bad"] == use_patch and res["bisect"]["cause"] == "upstream"
    assert len(res["bisect"]["tested"]) < 5  # bisection, not a scan of every prefix... plus the old-base run
    assert res["actions"][0]["patch"] == use_patch and "implicit declaration of foo" in res["actions"][0]["detail"]
    # a needs-attention rev is a candidate: the queue stays on its last good state
    assert snapshot(ws / "queues/q/patches") == before
    assert (ws / "queues/q/revs/rev-0001.json").exists()
    assert "implicit declaration" in (ws / "queues/q/revs/rev-0001.check.log").read_text()
    xml = junit.read_text()
    assert xml.count("<testcase") == 4 and 'failures="1"' in xml and use_patch in xml
    assert "needs-attention" in md.read_text() and use_patch in md.read_text()
    # idempotent: nothing changed, nothing redone, same verdict
    r2 = run(capsys, ws, "stabilize", "q", "--onto", "v3", "--json")
    assert r2.code == 1 and r2.json["verdict"] == "needs-attention" and r2.json["rev"] == 1
    assert not (ws / "queues/q/revs/rev-0002.json").exists()


def test_stabilized_rev_becomes_the_state_and_rerun_is_a_noop(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    ws, repo = _workspace(tmp_path, capsys)
    r = run(capsys, ws, "stabilize", "q", "--onto", "v2", "--json")
    assert r.code == 0, r.err
    assert r.json["verdict"] == "stabilized" and r.json["check"]["ok"] is True
    assert repo.rev("v2") in (ws / "queues/q/state.json").read_text()
    files = snapshot(ws / "queues/q")
    started = time.perf_counter()
    r2 = run(capsys, ws, "stabilize", "q", "--onto", "v2", "--json")
    assert r2.code == 0 and r2.json["verdict"] == "up-to-date"
    assert time.perf_counter() - started < 2
    assert {k: v for k, v in snapshot(ws / "queues/q").items() if "lock" not in k} == \
        {k: v for k, v in files.items() if "lock" not in k}


def test_hanging_check_is_killed_and_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws, _ = _workspace(tmp_path, capsys)
    toml = ws / "queues/q/queue.toml"
    toml.write_text(toml.read_text().replace("timeout = 1800", "timeout = 1"))
    started = time.perf_counter()
    r = run(capsys, ws, "stabilize", "q", "--onto", "v2", "--check", "sleep 30", "--json", "--no-score")
    assert r.code == 1
    assert r.json["check"]["timed_out"] is True
    assert time.perf_counter() - started < 20


def test_nightly_runs_every_queue_and_survives_one_failing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws, repo = _workspace(tmp_path, capsys, "a")
    out = tmp_path / "fp-a"
    assert run(capsys, ws, "init", "b", "--repo", "k", "--upstream", "v2").code == 0
    assert run(capsys, ws, "import", "b", "--quilt", str(out), "--base", "v1").code == 0
    toml = ws / "queues/b/queue.toml"
    toml.write_text(toml.read_text().replace("[check]\n", f"[check]\ncommand = {json.dumps(CHECK)}\n"))
    assert run(capsys, ws, "init", "c", "--repo", "k", "--upstream", "nonexistent-branch").code == 2
    assert run(capsys, ws, "init", "c", "--repo", "k", "--upstream", "v2").code == 0  # no content: empty
    assert run(capsys, ws, "init", "d", "--repo", "k", "--upstream", "v2").code == 0
    (ws / "queues/d/queue.toml").write_text("repo = 'k'\nupstream = \n")  # broken: an error of its own
    reports = tmp_path / "reports"
    r = run(capsys, ws, "nightly", "--reports", str(reports), "--json")
    verdicts = {q["queue"]: q["verdict"] for q in r.json["queues"]}
    assert verdicts == {"a": "needs-attention", "b": "stabilized", "c": "empty", "d": "error"}
    assert r.code == 2 and r.json["exit_code"] == 2
    assert (reports / "a.junit.xml").exists() and (reports / "b.md").exists()
    # again: idempotent
    r2 = run(capsys, ws, "nightly", "--json")
    assert {q["queue"]: q["verdict"] for q in r2.json["queues"]} == {"a": "needs-attention", "b": "up-to-date",
                                                                       "c": "empty", "d": "error"}
    # a queue held by another run is not touched, and that is an error for the bot
    with QueueLock(ws, "b", "test"):
        r3 = run(capsys, ws, "nightly", "--json")
    busy = [q for q in r3.json["queues"] if q["queue"] == "b"][0]
    assert busy["verdict"] == "error" and "busy" in busy["detail"] and r3.code == 2


def test_nightly_killed_then_rerun(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws, repo = _workspace(tmp_path, capsys, "a")
    toml = ws / "queues/a/queue.toml"
    # a slow check, so the kill lands while the queue is locked and half-way through
    toml.write_text(toml.read_text().replace(json.dumps(CHECK), json.dumps("sleep 0.5; " + CHECK)))
    before = snapshot(ws / "queues/a/patches")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "xenpatch", "-C", str(ws), "nightly"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    lock = ws / ".xenpatch/queues/a/lock"
    assert lock.exists() and json.loads(lock.read_text())["running"] is True  # died holding it
    assert snapshot(ws / "queues/a/patches") == before
    r = run(capsys, ws, "nightly", "--json")
    assert r.json["queues"][0]["verdict"] == "needs-attention", r.out
    assert r.code == 1
    assert json.loads(lock.read_text())["running"] is False


def test_two_nightly_runs_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two bots started together: no queue is worked on twice, nothing is half-written."""
    ws, repo = _workspace(tmp_path, capsys, "a")
    out = tmp_path / "fp-a"
    assert run(capsys, ws, "init", "b", "--repo", "k", "--upstream", "v2").code == 0
    assert run(capsys, ws, "import", "b", "--quilt", str(out), "--base", "v1").code == 0
    for q in ("a", "b"):
        toml = ws / "queues" / q / "queue.toml"
        text = toml.read_text()
        if "\ncommand =" in text:  # (the template's '# command = ...' is a comment)
            text = text.replace(json.dumps(CHECK), json.dumps("sleep 1; " + CHECK))
        else:
            text = text.replace("[check]\n", "[check]\ncommand = \"sleep 1\"\n")
        toml.write_text(text)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "xenpatch", "-C", str(ws), "nightly", "--json"]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    results = [json.loads(p.communicate(timeout=120)[0]) for p in procs]
    for q in ("a", "b"):
        worked = [r for res in results for r in res["queues"] if r["queue"] == q and r["verdict"] != "error"]
        busy = [r for res in results for r in res["queues"] if r["queue"] == q and r["verdict"] == "error"]
        # each queue was stabilized by one run; the other run either found it busy or found it done
        assert len(worked) + len(busy) == 2
        assert all("busy" in r["detail"] for r in busy)
        revs = sorted(p.name for p in (ws / "queues" / q / "revs").glob("rev-[0-9][0-9][0-9][0-9].json"))
        assert revs == ["rev-0000.json", "rev-0001.json"], revs
        assert not (ws / ".xenpatch/queues" / q / "journal").exists()
    verdicts = {r["queue"]: r["verdict"] for res in results for r in res["queues"] if r["verdict"] != "error"}
    assert verdicts.get("a") == "needs-attention" and verdicts.get("b") in ("stabilized", "up-to-date")
