#!/usr/bin/env python3
"""Benchmark ``score`` on the 300-patch queue at kernel scale, against ``git rebase``.

    python tests/bench/bench_score.py [--cache DIR]

The queue (corpus branch ``queue300``, as quilt files) applies to v6.1; upstream
is the v6.1 -> v6.12 change cut into ~1,500 commits. In the same run:

- ``xenpatch score`` onto the end of the range, culprits included, timed as a
  whole (it runs rebase's own forward-port engine in memory, then the line
  history, API, duplicate and bisection passes);
- ``git rebase`` of the same commits (``--skip`` at each conflict, as a script
  would), from ``baseline.py``.

The target from issue 5: score finishes in less time than git rebase. The
prediction is also checked against the corpus manifest (which patches were
built to conflict, to be merged upstream, to meet an upstream rename) and
every bisected culprit is checked to touch the file its patch conflicts in.

Everything runs in a ``git clone --bare --shared`` of the corpus, so nothing
lands in the corpus repository.
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

from baseline import git_rebase  # noqa: E402
from benchcorpus.build import DEFAULT_CACHE, ensure_corpus  # noqa: E402
from benchcorpus.gitutil import GIT_ENV  # noqa: E402

from xenpatch.store import Workspace  # noqa: E402
from xenpatch.pipeline.importer import import_queue  # noqa: E402
from xenpatch.pipeline.init import init_queue  # noqa: E402
from xenpatch.pipeline.score import ScoreResult, score  # noqa: E402

BASE, ONTO = "v6.1", "upstream-end"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", f"--git-dir={repo}", *args], env=GIT_ENV, check=True,
                          capture_output=True, text=True).stdout


def _check(result: ScoreResult, manifest: list[dict[str, Any]], repo: Path) -> dict[str, Any]:
    """The prediction against what the corpus was built to contain."""
    kinds = {m["n"]: m["kind"] for m in manifest}
    built_conflicts = {n for n, k in kinds.items() if k.startswith("conflict")}
    scored_conflicts = {p.position for p in result.patches if p.level == "conflict"}
    merged = {n for n, k in kinds.items() if k == "merged_upstream"}
    renamed = {n for n, k in kinds.items() if k == "renamed_clean"}
    by_pos = {p.position: p for p in result.patches}
    culprit_ok = culprit_total = 0
    for p in result.patches:
        first = [c.commit for c in p.culprits if c.role == "first-conflict"]
        if p.level != "conflict" or not first:
            continue
        culprit_total += 1
        files = {r.split(" in ", 1)[1] for r in p.reasons if r.startswith("conflict:")}
        touched = set(_git(repo, "show", "--name-only", "--no-renames", "--format=", first[0]).split())
        culprit_ok += bool(files & touched)
    return {
        "built_to_conflict": len(built_conflicts),
        "built_to_conflict_scored_conflict": len(built_conflicts & scored_conflicts),
        "scored_conflict_not_built_to": len(scored_conflicts - built_conflicts),
        "conflicts_with_first_conflict_culprit": sum(
            1 for p in result.patches if p.level == "conflict" and any(c.role == "first-conflict" for c in p.culprits)),
        "first_conflict_culprits_touching_the_conflicting_file": f"{culprit_ok}/{culprit_total}",
        "merged_upstream_scored_drop": sum(1 for n in merged if any(r.startswith("upstream:") for r in by_pos[n].reasons)),
        "merged_upstream": len(merged),
        "renamed_upstream_named": sum(1 for n in renamed if any(r.startswith("renamed:") for r in by_pos[n].reasons)),
        "renamed_upstream": len(renamed),
    }


def run(corpus: dict[str, Any]) -> dict[str, Any]:
    repo = Path(corpus["repo"])
    patches = Path(corpus["quilt_patches"])
    manifest = json.loads((patches.parent / "manifest.json").read_text())
    out: dict[str, Any] = {}
    (repo.parent / "tmp").mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-score-", dir=repo.parent / "tmp"))
    try:
        clone = work / "linux.git"
        subprocess.run(["git", "clone", "-q", "--bare", "--shared", str(repo), str(clone)], env=GIT_ENV, check=True)
        subprocess.run(["git", f"--git-dir={clone}", "fetch", "-q", str(repo), "+refs/tags/*:refs/tags/*"],
                       env=GIT_ENV, check=True)
        ws = Workspace(work)
        (work / "queues").mkdir()
        init_queue(ws, "q", str(clone), ONTO, None)
        import_queue(ws, "q", quilt_dir=str(patches), base=BASE)
        refs_before = _git(clone, "for-each-ref")
        t0 = time.perf_counter()
        result = score(ws, "q", ONTO)
        out["score_seconds"] = time.perf_counter() - t0
        out["refs_unchanged"] = _git(clone, "for-each-ref") == refs_before
        out["patches"] = len(result.patches)
        out["upstream_first_parent_commits"] = result.upstream_commits
        out["total"] = result.total
        out["levels"] = result.levels
        out["bisection_merges"] = result.bisection_merges
        out["api_breaks"] = sum(1 for p in result.patches for r in p.reasons if r.startswith("api:"))
        out["duplicates"] = sum(1 for p in result.patches for r in p.reasons if r.startswith("duplicate:"))
        out["checks"] = _check(result, manifest, clone)
        gr = git_rebase(repo, "queue300", ONTO, BASE)
        out["git_rebase"] = {"seconds": gr.seconds, "setup_seconds": gr.setup_seconds, "applied": gr.applied,
                             "conflicts": gr.conflicts}
        out["git_rebase_seconds"] = gr.seconds
        out["target_met"] = out["score_seconds"] < gr.seconds
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
