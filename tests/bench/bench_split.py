#!/usr/bin/env python3
"""Benchmark ``xenpatch split`` at kernel scale against ``git am`` of the series it produces.

    python tests/bench/bench_split.py [--cache DIR]

For the corpus branches ``xen-small`` (~300 files, ~30k lines) and ``xen`` (~1,200
files, ~120k lines) on Debian's linux-source-6.1 tree (~80,000 files):

1. a workspace with a queue imports the fork as one monolithic patch (timed apart);
2. ``split`` runs through the pipeline with its full verification (the series
   reproduces the fork tree; every patch file applies exactly to its predecessor)
   and writes the queue: that is ``split_seconds``;
3. the resulting series, concatenated as an mbox, is applied with ``git am -3``
   onto v6.1 in a scratch checkout (tests/bench/baseline.py; checkout time is
   reported apart), in the same run: ``git_am_seconds``.

The split works in a ``git clone --bare --shared`` of the corpus, so the objects
and refs it writes never land in the corpus repository.  Nothing is written to
RESULTS.md here; ``run(corpus)`` returns the figures for the lead's runner.
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

from baseline import git_am  # noqa: E402
from benchcorpus.build import DEFAULT_CACHE, ensure_corpus  # noqa: E402
from benchcorpus.gitutil import GIT_ENV  # noqa: E402

from xenpatch.store import Workspace  # noqa: E402
from xenpatch.pipeline.importer import import_queue  # noqa: E402
from xenpatch.pipeline.init import init_queue  # noqa: E402
from xenpatch.pipeline.split import split  # noqa: E402

BASE = "v6.1"
BRANCHES = ("xen-small", "xen")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", f"--git-dir={repo}", *args], env=GIT_ENV, capture_output=True,
                          check=True).stdout.decode()


def _one(work: Path, repo: Path, branch: str) -> dict[str, Any]:
    ws_root = work / f"ws-{branch}"
    (ws_root / "queues").mkdir(parents=True)
    ws = Workspace(ws_root)
    name = branch.replace("/", "-")
    init_queue(ws, name, str(repo), BASE, branch)
    t0 = time.perf_counter()
    imported = import_queue(ws, name, fork=branch, squash=True)
    import_seconds = time.perf_counter() - t0

    t0 = time.perf_counter()
    result = split(ws, name)
    split_seconds = time.perf_counter() - t0

    patches_dir = ws_root / "queues" / name / "patches"
    mbox = work / f"{name}.mbox"
    with open(mbox, "wb") as out:
        for p in result.patches:
            out.write((patches_dir / p.name).read_bytes())
    am = git_am(repo, BASE, mbox)
    lines = imported.insertions + imported.deletions
    over = [o for o in result.oversized]
    return {
        "branch": branch,
        "files": imported.files,
        "changed_lines": lines,
        "patches": len(result.patches),
        "max_lines": result.max_lines,
        "largest_patch_lines": max(p.insertions + p.deletions for p in result.patches),
        "largest_patch_bytes": max(p.bytes for p in result.patches),
        "oversized": len(over),
        "cycles_merged": len(result.cycles),
        "verified": result.verified,
        "import_seconds": round(import_seconds, 3),
        "split_seconds": round(split_seconds, 3),
        "split_ms_per_1k_lines": round(1000 * split_seconds / max(lines / 1000, 1e-9), 1),
        "git_am_seconds": round(am.seconds, 3),
        "git_am_checkout_seconds": round(am.setup_seconds, 3),
        "git_am_applied": am.applied,
        "git_am_conflicts": am.conflicts,
        "split_over_git_am": round(split_seconds / am.seconds, 3) if am.seconds else None,
        "split_under_half_of_git_am": bool(am.seconds) and split_seconds < 0.5 * am.seconds,
    }


def run(corpus: dict[str, Any] | Path | str) -> dict[str, Any]:
    """Time split on both fork sizes and git am of each result; return the figures."""
    source = Path(corpus["repo"] if isinstance(corpus, dict) else corpus).resolve()
    tmp_root = source.parent / "tmp"
    tmp_root.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-split-", dir=tmp_root))
    try:
        repo = work / "linux.git"
        subprocess.run(["git", "clone", "-q", "--bare", "--shared", str(source), str(repo)], env=GIT_ENV,
                       check=True)
        _git(repo, "config", "gc.auto", "0")
        tree_files = len(_git(repo, "ls-tree", "-r", "--name-only", BASE).splitlines())
        runs = {b: _one(work, repo, b) for b in BRANCHES}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    small, big = runs[BRANCHES[0]], runs[BRANCHES[1]]
    return {
        "tree_files": tree_files,
        "runs": runs,
        "scaling": {
            "changed_lines_ratio": round(big["changed_lines"] / small["changed_lines"], 2),
            "split_seconds_ratio": round(big["split_seconds"] / small["split_seconds"], 2),
        },
        "split_under_half_of_git_am": all(r["split_under_half_of_git_am"] for r in runs.values()),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="corpus cache (default: %(default)s)")
    args = ap.parse_args(argv)
    figures = run(ensure_corpus(args.cache.resolve()))
    print(json.dumps(figures, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
