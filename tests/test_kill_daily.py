"""commit, add and import killed (SIGKILL) at their write steps: the queue is the old one or the new one.

Steps are found with the audit hook of ``killpoints``. Every step of the
transaction is killed, from the ref update (the rev refs, and for commit the
branch) through the journal's staging to just past its commit point (the
rename of its manifest); of the steps before (objects built in memory and in
temporary files) and after (the roll-forward, the store's own) a fixed random
sample, to keep the suite fast. After each kill
the next run of the same command (or any writing command, when the kill came
after the commit point) leaves exactly what an unkilled run leaves.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from tests import killpoints
from tests.clirun import run, snapshot
from tests.pqgen import Spec, write_queue
from tests.test_add import _scene
from tests.test_checkout_commit import rebase_todo, wt_git
from tests.test_import_fork import _fork
from xenpatch.store import QueueStore

SAMPLE, STAGING = 3, 12


def _view(ws: Path) -> dict[str, bytes]:
    return {k: v for k, v in QueueStore(ws, "q").snapshot().items() if not k.endswith(".timings.json")}


def _fresh(template: Path, dest: Path) -> Path:
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(template, dest, symlinks=True)
    return dest


def _kill_each(tmp_path: Path, capsys: pytest.CaptureFixture[str], template: Path, args: list[str], seed: int,
               again: list[str] | None = None) -> None:
    old = _view(template)
    done = _fresh(template, tmp_path / "done")
    assert killpoints.run_killed_at(done, args, None) == 0
    new = _view(done)
    assert new != old
    events = killpoints.step_events(_fresh(template, tmp_path / "count"), args)
    refs = [k for k, e in enumerate(events, 1) if e.startswith("subprocess.Popen")]
    point = events.index("os.rename manifest.pending") + 1  # the journal's commit point
    start = refs[-1] if refs else point - STAGING
    rng = random.Random(seed)
    steps = (rng.sample(range(1, start), min(SAMPLE, start - 1)) + list(range(start, point + 4))
             + rng.sample(range(point + 4, len(events) + 1), min(2, len(events) - point - 3)))
    seen: list[str] = []
    for step in sorted(steps):
        ws = _fresh(template, tmp_path / "trial")
        assert killpoints.run_killed_at(ws, args, step) is None, f"step {step} was never reached"
        view = _view(ws)
        assert view in (old, new), f"a kill at write step {step} of {args[0]} left a mix"
        seen.append("old" if view == old else "new")
        r = run(capsys, ws, *(args if view == old else (again or args)))
        assert r.code in ((0,) if view == old else (0, 2)), f"step {step}: {r.err}"
        on_disk = {k: v for k, v in snapshot(ws / "queues/q").items() if not k.endswith(".timings.json")}
        assert _view(ws) == new and on_disk == new, f"step {step}"
        assert not (ws / ".xenpatch/queues/q/journal").exists()
    assert "new" in seen and "old" in seen, seen


def test_commit_killed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "template"
    repo = write_queue(template, [Spec("suse", 0, 0, False, "", True, True), Spec("mail", 1, 1, True, "", False, True),
                                  Spec("debian", 2, 2, False, "", False, True)], guards=False)
    wt = Path(run(capsys, template, "checkout", "q", "--json").json["worktree"])
    p1, _, p3 = wt_git(wt, "log", "--reverse", "--format=%h", "master..HEAD").split()
    # reword the first patch, drop the second, add a new one
    rebase_todo(wt, f"pick {p1}\nexec git commit -q --amend -m 'sub1: reworded' -m 'Xenpatch-Patch: 01-suse.patch'\n"
                    f"pick {p3}\nexec echo 'int n;' > n.c && git add n.c && git commit -q -m 'n: new'\n", repo.rev("master"))
    # a copied work tree would still belong to the template's repository: commit reads the branch without it
    shutil.rmtree(wt)
    wt_git(repo.path, "worktree", "prune")
    _kill_each(tmp_path, capsys, template, ["commit", "q"], seed=1)


def test_add_killed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "template"
    _, c = _scene(template, capsys)
    _kill_each(tmp_path, capsys, template, ["add", "q", "--upstream", c["clean"], c["merged"]], seed=2,
               again=["rebase", "q", "--abort"])


def test_import_killed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "template"
    _fork(template, capsys)
    _kill_each(tmp_path, capsys, template, ["import", "q", "--fork", "fork"], seed=3, again=["rebase", "q", "--abort"])
