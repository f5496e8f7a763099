#!/usr/bin/env python3
"""A real queue: Debian's kernel queue forward-ported the way its maintainers did it.

    python tests/bench/bench_debian.py [--cache DIR] [--debian-src DIR] [--step OLD:NEW]

For each step (default: ``6.1.176-1:6.1.177-1``, and ``6.1.174-1:6.1.176-1`` when
those packages are present too) the OLD package's ``debian/patches`` queue is
imported onto its upstream stable release and forward-ported onto the NEW one with
``xenpatch rebase --keep-going`` (the whole process, as a user runs it), beside
``git rebase`` of the same commits (``--skip`` at each stop) in the same run. Then
every patch is compared with what Debian's maintainers did at that step, read from
the NEW package's own queue:

- a patch the maintainers dropped should be dropped as merged upstream, naming a commit;
- a patch they kept should be applied, and its forward-ported diff should have the
  same ``git patch-id --stable`` as their refreshed patch;
- conflicts should be no more than git rebase's, and no kept patch may be dropped.

``score`` with culprits runs on the same queue and is timed beside the same
``git rebase``. The packages are looked for in ``--debian-src`` (default
``build/bench/debsrc``), fetched with ``apt-get source --download-only`` when apt
has deb-src entries; without them the section is skipped with the reason.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from benchcorpus.build import DEFAULT_CACHE  # noqa: E402
from benchcorpus.debian import DebianRelease, Unavailable, ensure_debian  # noqa: E402
from benchcorpus.gitutil import GIT_ENV  # noqa: E402
from xcli import compile_package, xenpatch  # noqa: E402
from reference import Reference, compare as compare_engines  # noqa: E402

DEFAULT_SRC = DEFAULT_CACHE / "debsrc"
STEPS = (("6.1.176-1", "6.1.177-1"), ("6.1.174-1", "6.1.176-1"))
REPEAT = 3


def _series(patches: Path) -> list[str]:
    return [line.split()[0] for line in (patches / "series").read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _patch_id(diff: bytes) -> str | None:
    out = subprocess.run(["git", "patch-id", "--stable"], input=diff, capture_output=True, env=GIT_ENV).stdout
    return out.split()[0].decode() if out.split() else None


def _git(repo: Path, *args: str, cwd: Path | None = None) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd or repo, capture_output=True, env=GIT_ENV)
    if proc.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {proc.stderr.decode(errors='replace')}")
    return proc.stdout.decode("utf-8", "replace")


def git_rebase(repo: Path, branch: str, base: str, onto: str) -> dict[str, Any]:
    """``git rebase --onto ONTO BASE`` of ``branch`` in a scratch clone, ``--skip`` at each stop;
    which patch stopped (conflict), which git dropped (already upstream or empty), which applied."""
    base = _git(repo, "rev-parse", f"{base}^{{commit}}").strip()
    onto = _git(repo, "rev-parse", f"{onto}^{{commit}}").strip()
    work = Path(tempfile.mkdtemp(prefix="bench-debian-git-", dir=repo.parent))
    try:
        t0 = time.perf_counter()
        _git(repo, "clone", "-q", "--shared", "--no-checkout", str(repo), str(work))
        _git(work, "fetch", "-q", str(repo), f"+{branch}:refs/heads/queue", "+refs/tags/*:refs/tags/*")
        _git(work, "checkout", "-q", "queue")
        setup = time.perf_counter() - t0
        names = {}
        for line in _git(work, "log", "--format=%H%x00%(trailers:key=Xenpatch-Patch,valueonly)", f"{base}..queue").splitlines():
            oid, _, name = line.partition("\0")
            if name.strip():
                names[oid] = name.strip()
        conflicts: list[str] = []
        t0 = time.perf_counter()
        rc = subprocess.run(["git", "rebase", "--quiet", "--onto", onto, base], cwd=work, env=GIT_ENV,
                            capture_output=True).returncode
        while rc != 0 and (work / ".git" / "rebase-merge").exists():
            stopped = _git(work, "rev-parse", "REBASE_HEAD").strip()
            conflicts.append(names.get(stopped, stopped))
            rc = subprocess.run(["git", "rebase", "--skip"], cwd=work, env=GIT_ENV, capture_output=True).returncode
        seconds = time.perf_counter() - t0
        applied = {line.strip() for line in
                   _git(work, "log", "--format=%(trailers:key=Xenpatch-Patch,valueonly)", f"{onto}..HEAD").splitlines()
                   if line.strip()}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    dropped = sorted(set(names.values()) - applied - set(conflicts))
    return {"seconds": round(seconds, 2), "setup_seconds": round(setup, 2), "applied": len(applied),
            "conflicts": conflicts, "dropped": dropped}


def _step(cache: Path, old: DebianRelease, new: DebianRelease, reference: Reference | None = None) -> dict[str, Any]:
    repo = cache / "linux.git"
    work = Path(tempfile.mkdtemp(prefix="bench-debian-", dir=cache))
    out: dict[str, Any] = {"step": f"{old.version} -> {new.version}", "range": f"{old.tag}..{new.tag}"}
    try:
        clone = work / "linux.git"
        _git(work, "clone", "-q", "--bare", "--shared", str(repo), str(clone))
        _git(clone, "fetch", "-q", str(repo), "+refs/tags/*:refs/tags/*")
        ws = work / "ws"
        (ws / "queues").mkdir(parents=True)
        (ws / "linux.git").symlink_to(clone)
        rc, _, _ = xenpatch(ws, "init", "deb", "--repo", "linux.git", "--upstream", new.tag)
        assert rc == 0
        rc, err, out["import_seconds"] = xenpatch(ws, "import", "deb", "--quilt", old.patches, "--base", old.tag)
        assert rc == 0, err
        pristine = work / "pristine"
        shutil.copytree(ws / "queues" / "deb", pristine)

        private = work / "pristine-private"
        shutil.copytree(ws / ".xenpatch", private)
        imported = work / "imported.git"  # the repository as import left it (the remembered stack's objects)
        clone.rename(imported)
        (ws / "linux.git").unlink()
        (ws / "linux.git").symlink_to(clone)

        times, result = [], None
        for _ in range(REPEAT):
            # each run in a repository holding none of an earlier run's objects or refs
            shutil.rmtree(ws / "queues" / "deb")
            shutil.copytree(pristine, ws / "queues" / "deb")
            shutil.rmtree(ws / ".xenpatch")
            shutil.copytree(private, ws / ".xenpatch")
            shutil.rmtree(clone, ignore_errors=True)
            _git(work, "clone", "-q", "--bare", "--shared", str(imported), str(clone))
            _git(clone, "fetch", "-q", str(repo), "+refs/tags/*:refs/tags/*")
            rc, stdout, seconds = xenpatch(ws, "rebase", "deb", "--onto", new.tag, "--keep-going", "--json")
            assert rc in (0, 1), stdout
            times.append(seconds)
            result = json.loads(stdout)
        assert result is not None
        out["rebase_seconds"] = round(statistics.median(times), 2)
        out["rebase_runs"] = [round(t, 2) for t in times]
        out["rebase_counts"] = result["counts"]
        out["rebase_phases"] = {k: round(v, 3) for k, v in result.get("timings", {}).items()}
        refreshed = {p["name"]: (ws / "queues" / "deb" / "patches" / p["name"]) for p in result["patches"]}

        git_runs = [git_rebase(clone, "refs/xenpatch/deb/rev-0", old.tag, new.tag) for _ in range(REPEAT)]
        gr = git_runs[0]
        gr["seconds"] = round(statistics.median(r["seconds"] for r in git_runs), 2)
        gr["runs"] = [r["seconds"] for r in git_runs]
        out["git_rebase"] = gr

        shutil.rmtree(ws / "queues" / "deb")
        shutil.copytree(pristine, ws / "queues" / "deb")
        rc, stdout, out["score_seconds"] = xenpatch(ws, "score", "deb", "--onto", new.tag, "--json")
        assert rc in (0, 1), stdout
        scored = json.loads(stdout)
        out["score_levels"] = scored["levels"]
        out["score_flagged"] = {p["name"]: {"level": p["level"], "reasons": p["reasons"][:2]}
                                for p in scored["patches"] if p["level"] in ("medium", "high")}

        out["comparison"] = compare(result, refreshed, Path(old.patches), Path(new.patches), gr)
        if reference is not None:
            rws = work / "reference"
            (rws / "queues").mkdir(parents=True)
            rclone = rws / "linux.git"
            _git(work, "clone", "-q", "--bare", "--shared", str(repo), str(rclone))
            _git(rclone, "fetch", "-q", str(repo), "+refs/tags/*:refs/tags/*")
            shutil.copytree(pristine, rws / "queues" / "deb")
            rc, stdout = reference.run(rws, "rebase", "deb", "--onto", new.tag, "--keep-going", "--json")
            assert rc in (0, 1), stdout
            out["reference"] = {**compare_engines(result, clone, json.loads(stdout), rclone),
                                "reference": reference.commit}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out["speedup"] = round(out["git_rebase"]["seconds"] / out["rebase_seconds"], 2)
    out["score_over_git_rebase"] = round(out["score_seconds"] / out["git_rebase"]["seconds"], 2)
    return out


def compare(result: dict[str, Any], refreshed: dict[str, Path], old: Path, new: Path,
            gr: dict[str, Any]) -> dict[str, Any]:
    """xenpatch's outcome for each patch against what the maintainers did at the same step."""
    kept_by_them = set(_series(new))
    outcomes = {p["name"]: p for p in result["patches"]}
    dropped_by_them = [n for n in _series(old) if n not in kept_by_them]
    kept = [n for n in _series(old) if n in kept_by_them]
    dropped_named = [n for n in dropped_by_them if outcomes[n]["outcome"] == "dropped-upstream"
                     and outcomes[n]["upstream_commit"]]
    applied = [n for n in kept if outcomes[n]["outcome"] in ("clean", "merged", "resolved")]
    equal, different = [], []
    for n in applied:
        mine, theirs = _patch_id(refreshed[n].read_bytes()), _patch_id((new / n).read_bytes())
        (equal if mine == theirs else different).append(n)
    false_drops = [n for n in kept if outcomes[n]["outcome"] == "dropped-upstream"]
    conflicts = [n for n in outcomes if outcomes[n]["outcome"] == "conflict"]
    return {
        "dropped_by_maintainers": len(dropped_by_them),
        "dropped_and_named": len(dropped_named),
        "kept_by_maintainers": len(kept),
        "kept_applied": len(applied),
        "kept_equal_patch_id": len(equal),
        "kept_different": different,
        "false_drops": false_drops,
        "conflicts": conflicts,
        "git_conflicts": gr["conflicts"],
        "git_dropped_of_theirs": len([n for n in dropped_by_them if n in gr["dropped"]]),
        "git_dropped_kept": [n for n in gr["dropped"] if n in kept_by_them],
    }


def run(corpus: dict[str, Any] | None = None, cache: Path = DEFAULT_CACHE, src: Path = DEFAULT_SRC,
        steps: tuple[tuple[str, str], ...] = STEPS) -> dict[str, Any]:
    out: dict[str, Any] = {"steps": []}
    compile_package()
    reference = Reference()
    for i, (old, new) in enumerate(steps):
        try:
            releases = ensure_debian(cache / "debian", src, sorted({v for s in steps for v in s}))
        except Unavailable as exc:
            if i == 0:
                return {"skipped": str(exc)}
            out["steps"].append({"step": f"{old} -> {new}", "skipped": str(exc)})
            continue
        out["steps"].append(_step(cache / "debian", releases[old], releases[new], reference))
    shutil.rmtree(reference.dir, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--debian-src", type=Path, default=Path(os.environ.get("XENPATCH_DEBIAN_SRC", DEFAULT_SRC)))
    ap.add_argument("--step", action="append", help="OLD:NEW package versions (repeatable)")
    args = ap.parse_args(argv)
    steps = tuple(tuple(s.split(":", 1)) for s in args.step) if args.step else STEPS
    print(json.dumps(run(None, args.cache, args.debian_src, steps), indent=2, sort_keys=True))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
