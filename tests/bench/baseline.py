#!/usr/bin/env python3
"""Time the tools users use today (git am -3, git rebase, quilt push) on the corpus.

xenpatch's benchmarks are only meaningful next to these figures, measured in the same
run on the same machine. Each tool runs in a throw-away ``git clone --shared`` under
the cache (never in /work/main or the corpus repository's own HEAD); the checkout of
the kernel tree is setup and is timed separately from the operation itself.

Conflicts are handled the way a user scripting around the tool would: ``git am
--skip`` / ``git rebase --skip`` / ``quilt push -f``, counting each stop, so the total
time covers the whole series and the time to the first stop is recorded too.

    python tests/bench/baseline.py [--cache DIR] [--skip-fork]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchcorpus.build import DEFAULT_CACHE, ensure_corpus  # noqa: E402
from benchcorpus.gitutil import GIT_ENV, git, rev_parse  # noqa: E402


@dataclass
class Timing:
    """One measured run of a tool over a patch series."""

    tool: str
    seconds: float
    patches: int
    applied: int
    conflicts: int
    dropped: int
    first_stop_seconds: float | None
    setup_seconds: float


def _run(cwd: Path, args: Sequence[str], env: dict[str, str] | None = None) -> int:
    return subprocess.run(list(args), cwd=cwd, env=env or GIT_ENV, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode


@contextmanager
def scratch_checkout(repo: Path, rev: str) -> Iterator[tuple[Path, float]]:
    """A temporary shared clone of ``repo`` with ``rev`` checked out; yields (dir, setup seconds)."""
    tmp_root = repo.parent / "tmp"
    tmp_root.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="baseline-", dir=tmp_root))
    try:
        t0 = time.perf_counter()
        sha = rev_parse(repo, rev)
        subprocess.run(["git", "clone", "-q", "--shared", "--no-checkout", str(repo), str(work)],
                       env=GIT_ENV, check=True)
        subprocess.run(["git", "-C", str(work), "config", "gc.auto", "0"], env=GIT_ENV, check=True)
        subprocess.run(["git", "-C", str(work), "checkout", "-q", "--detach", sha], env=GIT_ENV, check=True)
        yield work, time.perf_counter() - t0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _count(work: Path, base: str) -> int:
    out = subprocess.run(["git", "rev-list", "--count", f"{base}..HEAD"], cwd=work, env=GIT_ENV,
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def _series(patches: Path) -> list[Path]:
    """Patch files in order: a quilt directory's ``series``, a directory, or one mbox file."""
    if patches.is_file():
        return [patches]
    series = patches / "series"
    if series.exists():
        names = [ln.split()[0] for ln in series.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
        return [patches / n for n in names]
    return sorted(patches.glob("*.patch"))


def git_am(repo: Path, base: str, patches: Path) -> Timing:
    """``git am -3`` of a series onto ``base``; ``git am --skip`` past each conflict."""
    files = _series(patches)
    with scratch_checkout(repo, base) as (work, setup):
        base_sha = rev_parse(repo, base)
        conflicts, first = 0, None
        t0 = time.perf_counter()
        rc = _run(work, ["git", "am", "-3", "--quiet", *map(str, files)])
        while rc != 0 and (work / ".git" / "rebase-apply").exists():
            conflicts += 1
            first = first if first is not None else time.perf_counter() - t0
            rc = _run(work, ["git", "am", "--skip"])
        seconds = time.perf_counter() - t0
        applied = _count(work, base_sha)
    n = sum(f.read_bytes().count(b"\nFrom ") + 1 for f in files) if len(files) == 1 else len(files)
    return Timing("git am -3", seconds, n, applied, conflicts, n - applied - conflicts, first, setup)


def git_rebase(repo: Path, branch: str, onto: str, upstream: str | None = None) -> Timing:
    """``git rebase --onto ONTO UPSTREAM`` of ``branch`` (checked out); ``--skip`` each conflict."""
    upstream = upstream or git(repo, "merge-base", branch, onto).decode().strip()
    n = int(git(repo, "rev-list", "--count", f"{upstream}..{branch}").decode())
    onto_sha = rev_parse(repo, onto)
    with scratch_checkout(repo, branch) as (work, setup):
        conflicts, first = 0, None
        t0 = time.perf_counter()
        rc = _run(work, ["git", "rebase", "--quiet", "--onto", onto_sha, upstream])
        while rc != 0 and (work / ".git" / "rebase-merge").exists():
            conflicts += 1
            first = first if first is not None else time.perf_counter() - t0
            rc = _run(work, ["git", "rebase", "--skip"])
        seconds = time.perf_counter() - t0
        applied = _count(work, onto_sha)
    return Timing("git rebase", seconds, n, applied, conflicts, n - applied - conflicts, first, setup)


def ensure_quilt() -> bool:
    """Install quilt with apt if it is missing; False if that is not possible."""
    if shutil.which("quilt"):
        return True
    proc = subprocess.run(["apt-get", "install", "-y", "-qq", "quilt"], capture_output=True,
                          env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return proc.returncode == 0 and shutil.which("quilt") is not None


def quilt_push(repo: Path, base: str, patches: Path) -> Timing | None:
    """``quilt push -a`` of a quilt directory onto ``base``.

    On a failing patch: ``quilt push -f`` (apply what applies, leave .rej files) and
    ``quilt refresh`` (what a user does after fixing it up), then carry on. The patches
    are copied into the scratch tree first, as refresh rewrites them.
    """
    if not ensure_quilt():
        return None
    files = _series(patches)
    with scratch_checkout(repo, base) as (work, setup):
        qdir = work / ".bench-patches"
        shutil.copytree(patches, qdir)
        env = {**GIT_ENV, "QUILT_PATCHES": str(qdir), "QUILTRC": os.devnull}
        conflicts, first = 0, None
        t0 = time.perf_counter()
        for _ in range(len(files) + 1):
            if _run(work, ["quilt", "push", "-a", "-q"], env) == 0:
                break
            if _run(work, ["quilt", "next"], env) != 0:
                break  # nothing left to push
            conflicts += 1
            first = first if first is not None else time.perf_counter() - t0
            _run(work, ["quilt", "push", "-f", "-q"], env)
            _run(work, ["quilt", "refresh"], env)
        seconds = time.perf_counter() - t0
        out = subprocess.run(["quilt", "applied"], cwd=work, env=env, capture_output=True, text=True)
        pushed = len(out.stdout.split())
    return Timing("quilt push", seconds, len(files), pushed - conflicts, conflicts,
                  len(files) - pushed, first, setup)


def split_by_file(repo: Path, base: str, ref: str, out: Path) -> Path:
    """Write ``base..ref``'s diff as one mail-formatted patch per file (+ a quilt ``series``)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    diff = git(repo, "diff", "--no-color", "--no-ext-diff", "--full-index", base, ref)
    starts = [m.start() for m in re.finditer(rb"^diff --git ", diff, re.M)] + [len(diff)]
    chunks = [diff[a:b] for a, b in zip(starts, starts[1:])]
    names = []
    for i, chunk in enumerate(chunks, start=1):
        path = chunk.split(b"\n", 1)[0].split(b" b/", 1)[-1].decode("utf-8", "surrogateescape")
        name = f"{i:04d}-{path.replace('/', '-')[:60]}.patch"
        head = (f"From {'0' * 40} Mon Sep 17 00:00:00 2001\nFrom: Bench User <bench@example.org>\n"
                f"Date: Mon, 12 Dec 2022 00:00:00 +0000\nSubject: [PATCH {i}/{len(chunks)}] {ref}: {path}\n\n"
                f"Split of {ref} by file.\n---\n").encode()
        (out / name).write_bytes(head + chunk.rstrip(b"\n") + b"\n")
        names.append(name)
    (out / "series").write_text("".join(n + "\n" for n in names))
    return out


def git_am_seconds(repo: Path, base: str, patches: Path) -> float:
    return git_am(repo, base, patches).seconds


def git_rebase_seconds(repo: Path, branch: str, onto: str) -> float:
    return git_rebase(repo, branch, onto).seconds


def quilt_push_seconds(repo: Path, base: str, patches: Path) -> float | None:
    t = quilt_push(repo, base, patches)
    return None if t is None else t.seconds


def _show(label: str, t: Timing | None) -> str:
    if t is None:
        return f"{label:<44} skipped (quilt not installable)"
    first = "-" if t.first_stop_seconds is None else f"{t.first_stop_seconds:.1f}s"
    return (f"{label:<44} {t.seconds:8.1f}s  patches {t.patches:5d}  applied {t.applied:5d}  "
            f"conflicts {t.conflicts:3d}  dropped {t.dropped:3d}  first stop {first:>7}  "
            f"(checkout {t.setup_seconds:.1f}s)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Baseline timings of git am/rebase/quilt on the corpus.")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--skip-fork", action="store_true", help="skip git am of the fork split by file")
    args = ap.parse_args(argv)
    cache = args.cache.resolve()
    ensure_corpus(cache)
    os.nice(max(0, 10 - os.nice(0)))
    repo = cache / "linux.git"
    quilt_dir = cache / "queue300" / "patches"
    results: dict[str, Timing | None] = {}
    runs: list[tuple[str, Callable[[], Timing | None]]] = [
        ("queue300 onto upstream-end: git am -3", lambda: git_am(repo, "upstream-end", quilt_dir)),
        ("queue300 onto upstream-end: git rebase", lambda: git_rebase(repo, "queue300", "upstream-end")),
        ("queue300 onto upstream-end: quilt push -a", lambda: quilt_push(repo, "upstream-end", quilt_dir)),
    ]
    if not args.skip_fork:
        for ref in ("xen-small", "xen"):
            split = split_by_file(repo, "v6.1", ref, cache / "tmp" / f"{ref}-by-file")
            runs.append((f"{ref} split by file onto v6.1: git am -3", functools.partial(git_am, repo, "v6.1", split)))
    for label, fn in runs:
        t = fn()
        results[label] = t
        print(_show(label, t), flush=True)
    (cache / "baseline.json").write_text(json.dumps(
        {k: (asdict(v) if v else None) for k, v in results.items()}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
