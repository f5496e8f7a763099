#!/usr/bin/env python3
"""Benchmark import, track, rebase and stabilize of the 300-patch queue at kernel scale.

    python tests/bench/bench_rebase.py [--cache DIR]

The queue (corpus branch ``queue300``, as quilt files) applies to v6.1; upstream
is the real v6.1 -> v6.12 change cut into ~1,500 commits. In the same run:

- ``xenpatch import`` + ``track`` against ``git am -3`` and ``quilt push -a`` of the
  same files onto v6.1 (what a user does to load a queue today);
- ``xenpatch rebase --keep-going`` onto v6.12 against ``git rebase`` of the same
  commits, skipping each conflict as a script would (``--skip``), with both
  tools' conflict counts (git's include the cascades that skipping causes);
- ``xenpatch stabilize`` split into its phases, onto v6.12 (conflicts: no
  check) and onto its own base with a check (work tree set-up and one check).

Everything runs in a ``git clone --bare --shared`` of the corpus so nothing lands
in the corpus repository.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from baseline import git_am, git_rebase, quilt_push  # noqa: E402
from benchcorpus.build import DEFAULT_CACHE, ensure_corpus  # noqa: E402
from benchcorpus.gitutil import GIT_ENV  # noqa: E402

from xenpatch.store import Workspace  # noqa: E402
from xenpatch.pipeline.importer import import_queue  # noqa: E402
from xenpatch.pipeline.init import init_queue  # noqa: E402
from xenpatch.pipeline.rebase import rebase  # noqa: E402
from xenpatch.pipeline.stabilize import stabilize  # noqa: E402
from xenpatch.pipeline.track import track  # noqa: E402

BASE, ONTO = "v6.1", "v6.12"


def _timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    t0 = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - t0


def run(corpus: dict[str, Any]) -> dict[str, Any]:
    repo = Path(corpus["repo"])
    patches = Path(corpus["quilt_patches"])
    out: dict[str, Any] = {}
    (repo.parent / "tmp").mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-rebase-", dir=repo.parent / "tmp"))
    try:
        clone = work / "linux.git"
        subprocess.run(["git", "clone", "-q", "--bare", "--shared", str(repo), str(clone)], env=GIT_ENV, check=True)
        subprocess.run(["git", f"--git-dir={clone}", "fetch", "-q", str(repo), "+refs/tags/*:refs/tags/*"],
                       env=GIT_ENV, check=True)
        ws = Workspace(work)
        (work / "queues").mkdir()
        init_queue(ws, "q", str(clone), ONTO, None)
        imported, out["import_seconds"] = _timed(import_queue, ws, "q", quilt_dir=str(patches), base=BASE)
        out["patches"] = len(imported.patches)
        tracked, out["track_seconds"] = _timed(track, ws, "q")
        out["behind"] = tracked.behind
        out["overlap_files"] = len(tracked.overlap)
        am = git_am(repo, BASE, patches)
        out["git_am"] = {"seconds": am.seconds, "setup_seconds": am.setup_seconds, "applied": am.applied,
                         "conflicts": am.conflicts}
        qp = quilt_push(repo, BASE, patches)
        out["quilt_push"] = None if qp is None else {"seconds": qp.seconds, "setup_seconds": qp.setup_seconds,
                                                     "applied": qp.applied}
        pristine = work / "pristine-queue"
        shutil.copytree(work / "queues" / "q", pristine)

        result, out["rebase_seconds"] = _timed(rebase, ws, "q", ONTO, keep_going=True)
        out["rebase_counts"] = result.counts
        out["rebase_phases"] = {k: round(v, 3) for k, v in result.timings.items()}
        gr = git_rebase(repo, "queue300", ONTO, BASE)
        out["git_rebase"] = {"seconds": gr.seconds, "setup_seconds": gr.setup_seconds, "applied": gr.applied,
                             "conflicts": gr.conflicts, "first_stop_seconds": gr.first_stop_seconds}

        shutil.rmtree(work / "queues" / "q")
        shutil.copytree(pristine, work / "queues" / "q")
        st, out["stabilize_seconds"] = _timed(stabilize, ws, "q", ONTO, "true")
        out["stabilize_verdict"] = st.verdict
        out["stabilize_phases"] = st.timings
        shutil.rmtree(work / "queues" / "q")
        shutil.copytree(pristine, work / "queues" / "q")
        st2, out["stabilize_check_seconds"] = _timed(stabilize, ws, "q", BASE, "test -f Makefile", score=False)
        out["stabilize_check_verdict"] = st2.verdict
        out["stabilize_check_phases"] = st2.timings
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = ap.parse_args(argv)
    print(json.dumps(run(ensure_corpus(args.cache)), indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
