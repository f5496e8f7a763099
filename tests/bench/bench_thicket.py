#!/usr/bin/env python3
"""A stacked thicket: 232 patches in runs of 20-30 on the same files, 1,040 upstream commits.

    python tests/bench/bench_thicket.py [--cache DIR]

The queue (``benchcorpus.thicket``) is imported onto its base and forward-ported
onto upstream with ``xenpatch rebase --keep-going`` (whole process, median of 3),
beside ``git rebase`` + ``--skip`` of the same commits in the same run, then scored.
The same queue and range on a tree ten times the size (40,500 files nobody
touches) shows that the cost follows the patches and the upstream changes under
them, not the tree. Every patch's outcome and forward-ported tree is compared
with the engine as the fidelity issue left it (``reference.REFERENCE``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from bench_debian import git_rebase  # noqa: E402
from benchcorpus.build import DEFAULT_CACHE  # noqa: E402
from benchcorpus.gitutil import GIT_ENV  # noqa: E402
from xcli import compile_package, xenpatch  # noqa: E402
from benchcorpus.thicket import FILES, ensure  # noqa: E402
from reference import Reference, compare  # noqa: E402

REPEAT = 3


def _workspace(work: Path, repo: Path, label: str) -> tuple[Path, Path]:
    ws = work / label
    (ws / "queues").mkdir(parents=True)
    clone = ws / "k.git"
    subprocess.run(["git", "clone", "-q", "--bare", "--shared", str(repo), str(clone)], env=GIT_ENV, check=True)
    return ws, clone


def _fresh(ws: Path, clone: Path, pristine: Path, private: Path | None, keep: Path | None = None) -> None:
    """The queue as import left it, in a repository holding none of a previous run's objects or refs
    (a new shared clone; ``keep``: the clone holding the import's objects, fetched again)."""
    for d in (ws / "queues" / "t", ws / ".xenpatch"):
        shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(pristine, ws / "queues" / "t")
    if private is not None and private.exists():
        shutil.copytree(private, ws / ".xenpatch")
    if keep is not None:
        shutil.rmtree(clone, ignore_errors=True)
        subprocess.run(["git", "clone", "-q", "--bare", "--shared", str(keep), str(clone)], env=GIT_ENV, check=True)
    refs = subprocess.run(["git", f"--git-dir={clone}", "for-each-ref", "--format=%(refname)", "refs/xenpatch/"],
                          capture_output=True, text=True, env=GIT_ENV).stdout.split()
    for ref in refs:
        subprocess.run(["git", f"--git-dir={clone}", "update-ref", "-d", ref], env=GIT_ENV, check=True)


def measure(cache: Path, files: int, reference: Reference | None) -> dict[str, Any]:
    corpus = ensure(cache, files)
    repo = Path(corpus["dir"]) / "thicket.git"
    patches = Path(corpus["dir"]) / "patches"
    work = Path(tempfile.mkdtemp(prefix="bench-thicket-", dir=cache))
    out: dict[str, Any] = {"files": corpus["files"], "patches": len(corpus["patches"]),
                           "upstream_commits": int(subprocess.run(
                               ["git", f"--git-dir={repo}", "rev-list", "--count", "base..upstream"],
                               capture_output=True, text=True, check=True).stdout)}
    try:
        ws, clone = _workspace(work, repo, "ws")
        rc, err, _ = xenpatch(ws, "init", "t", "--repo", "k.git", "--upstream", "upstream")
        assert rc == 0, err
        rc, err, out["import_seconds"] = xenpatch(ws, "import", "t", "--quilt", str(patches), "--base", "base")
        assert rc == 0, err
        pristine, private = work / "pristine", work / "pristine-private"
        shutil.copytree(ws / "queues" / "t", pristine)
        if (ws / ".xenpatch").exists():
            shutil.copytree(ws / ".xenpatch", private)
        imported = work / "imported.git"  # the clone as import left it: its objects, the remembered stack's
        clone.rename(imported)

        times, result = [], None
        for _ in range(REPEAT):
            _fresh(ws, clone, pristine, private, keep=imported)
            rc, stdout, seconds = xenpatch(ws, "rebase", "t", "--onto", "upstream", "--keep-going", "--json")
            assert rc in (0, 1), stdout
            times.append(seconds)
            result = json.loads(stdout)
        assert result is not None
        out["rebase_seconds"] = round(statistics.median(times), 2)
        out["rebase_runs"] = [round(t, 2) for t in times]
        out["rebase_counts"] = result["counts"]
        out["rebase_phases"] = {k: round(v, 3) for k, v in result.get("timings", {}).items()}

        git_runs = [git_rebase(clone, "refs/xenpatch/t/rev-0", "base", "upstream") for _ in range(REPEAT)]
        gr = git_runs[0]
        gr["seconds"] = round(statistics.median(r["seconds"] for r in git_runs), 2)
        gr["runs"] = [r["seconds"] for r in git_runs]
        gr["conflicts"] = len(gr["conflicts"])
        gr["dropped"] = len(gr["dropped"])
        out["git_rebase"] = gr

        _fresh(ws, clone, pristine, private)
        rc, stdout, out["score_seconds"] = xenpatch(ws, "score", "t", "--onto", "upstream", "--json")
        assert rc in (0, 1), stdout
        scored = json.loads(stdout)
        out["score_levels"] = scored["levels"]
        out["score_probes"] = {p["name"]: p["probes"] for p in scored["patches"] if p["probes"]}

        if reference is not None:
            rws, rclone = _workspace(work, repo, "reference")
            _fresh(rws, rclone, pristine, None)
            rc, stdout = reference.run(rws, "rebase", "t", "--onto", "upstream", "--keep-going", "--json")
            assert rc in (0, 1), stdout
            out["reference"] = {**compare(result, clone, json.loads(stdout), rclone), "reference": reference.commit}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out["speedup"] = round(out["git_rebase"]["seconds"] / out["rebase_seconds"], 2)
    out["score_over_git_rebase"] = round(out["score_seconds"] / out["git_rebase"]["seconds"], 2)
    return out


def run(corpus: dict[str, Any] | None = None, cache: Path = DEFAULT_CACHE) -> dict[str, Any]:
    compile_package()
    reference = Reference()
    try:
        return {"sizes": [measure(cache, FILES, reference), measure(cache, FILES * 10, None)],
                "reference": reference.commit}
    finally:
        shutil.rmtree(reference.dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = ap.parse_args(argv)
    print(json.dumps(run(None, args.cache), indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
