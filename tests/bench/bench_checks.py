#!/usr/bin/env python3
"""Benchmark ``stabilize --jobs N``: bisecting a 100-patch series with a check that takes a fixed time.

    python tests/bench/bench_checks.py [--sleep 2] [--jobs 1,2,4]

No kernel corpus needed: the point is how many rounds of checks the searches
take, not the size of the tree.  A generated repository (``lib.c`` with 200
functions, ``check.py`` in the tree: every called function must be defined)
gets a 100-patch queue on v1 and 63 upstream commits to v2, one of which
renames a function patch 73 calls.  So stabilize onto v2 must

- bisect the series to patch 73 (101 points: the bare base and 100 prefixes),
- check that prefix on the import base (it passes there),
- bisect the 63 first-parent upstream commits with the prefix applied in
  memory at each probe, to the renaming commit.

The check is ``sleep S; python check.py`` (S = 2 by default): a fixed cost per
check, like a build, plus a real test of the tree.  Each jobs value runs in a
fresh workspace (empty check cache).  Reported: wall time, checks run, rounds
of the series search and in total, and the log2(n)/log2(N+1) rounds an N-ary
search should approach.
"""

from __future__ import annotations

import argparse
import json
import math
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

from benchcorpus.gitutil import GIT_ENV  # noqa: E402

from xenpatch.core.queue import Workspace  # noqa: E402
from xenpatch.pipeline.importer import import_queue  # noqa: E402
from xenpatch.pipeline.init import init_queue  # noqa: E402
from xenpatch.pipeline.stabilize import stabilize  # noqa: E402

PATCHES = 100
BROKEN_PATCH = 73
UPSTREAM = 63
RENAME_AT = 40
FUNCS = 200
RENAMED = 150

CHECK_PY = r'''import pathlib, re, sys
defined = set(re.findall(r"^int (\w+)\(void\)", pathlib.Path("lib.c").read_text(), re.M))
missing = []
for path in sorted(pathlib.Path(".").glob("*.c")):
    for name in re.findall(r"\b(f\w+)\(\)", path.read_text()):
        if path.name != "lib.c" and name not in defined:
            missing.append(f"{path}: error: implicit declaration of function {name}")
print("\n".join(missing) or "ok")
sys.exit(1 if missing else 0)
'''


def _git(repo: Path, *args: str, stdin: str | None = None) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], env=GIT_ENV, check=True, capture_output=True,
                          text=True, input=stdin).stdout


def _commit(repo: Path, message: str, files: dict[str, str]) -> None:
    for name, text in files.items():
        (repo / name).write_text(text)
    _git(repo, "add", *files)
    _git(repo, "commit", "-q", "-m", message)


def build(root: Path) -> tuple[Path, Path]:
    """The repository and a quilt directory of the queue."""
    repo = root / "kernel"
    repo.mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "master")
    lib = "".join(f"int f{i}(void) {{ return {i}; }}\n" for i in range(FUNCS))
    _commit(repo, "base", {"lib.c": lib, "check.py": CHECK_PY, "main.c": "int main(void) { return f0(); }\n"})
    _git(repo, "tag", "v1")
    _git(repo, "checkout", "-q", "-b", "queue")
    for k in range(1, PATCHES + 1):
        called = RENAMED if k == BROKEN_PATCH else k
        _commit(repo, f"x{k}: add x{k}", {f"x{k}.c": f"int x{k}(void) {{ return f{called}(); }}\n"})
    _git(repo, "checkout", "-q", "master")
    for i in range(UPSTREAM):
        if i == RENAME_AT:
            _commit(repo, f"lib: rename f{RENAMED}() to f{RENAMED}_new()",
                    {"lib.c": lib.replace(f"int f{RENAMED}(void)", f"int f{RENAMED}_new(void)")})
        else:
            _commit(repo, f"up: unrelated {i}", {f"up{i}.c": f"int up{i};\n"})
    _git(repo, "tag", "v2")
    quilt = root / "quilt"
    _git(repo, "format-patch", "-q", "-o", str(quilt), "v1..queue")
    (quilt / "series").write_text("".join(p.name + "\n" for p in sorted(quilt.glob("*.patch"))))
    return repo, quilt


def measure(repo: Path, quilt: Path, work: Path, jobs: int, sleep: float) -> dict[str, Any]:
    work.mkdir()
    (work / "queues").mkdir()
    ws = Workspace(work)
    init_queue(ws, "q", str(repo), "v2", None)
    import_queue(ws, "q", quilt_dir=str(quilt), base="v1")
    command = f"sleep {sleep}; python check.py"
    t0 = time.perf_counter()
    r = stabilize(ws, "q", "v2", command, score=False, jobs=jobs)
    seconds = time.perf_counter() - t0
    assert r.check is not None and r.bisect is not None
    b = r.bisect
    n = PATCHES + 1
    return {
        "jobs": jobs,
        "seconds": round(seconds, 1),
        "checks": r.check.runs,
        "rounds": r.check.rounds,
        "series_rounds": b.rounds,
        "series_rounds_ideal": round(math.log2(n) / math.log2(jobs + 1), 1),
        "upstream_checks": b.upstream_checks,
        "upstream_range": b.upstream_range,
        "first_bad": b.first_bad,
        "cause": b.cause,
        "culprit": b.culprit.subject if b.culprit else None,
        "verdict": r.verdict,
    }


def run(corpus: dict[str, Any] | None = None, sleep: float = 2.0, jobs: tuple[int, ...] = (1, 2, 4)) -> dict[str, Any]:
    root = Path(tempfile.mkdtemp(prefix="bench-checks-"))
    try:
        repo, quilt = build(root)
        runs = [measure(repo, quilt, root / f"ws-{j}", j, sleep) for j in jobs]
    finally:
        shutil.rmtree(root, ignore_errors=True)
    expected_first = f"{BROKEN_PATCH:04d}-x{BROKEN_PATCH}-add-x{BROKEN_PATCH}.patch"
    ok = all(x["first_bad"] == expected_first and x["cause"] == "upstream"
             and x["culprit"] == f"lib: rename f{RENAMED}() to f{RENAMED}_new()" for x in runs)
    return {"sleep": sleep, "patches": PATCHES, "upstream_commits": UPSTREAM, "runs": runs, "answers_right": ok}


def render(result: dict[str, Any]) -> str:
    lines = [
        "## stabilize --jobs (issue 13)", "",
        f"A {result['patches']}-patch series whose patch {BROKEN_PATCH} is broken by an upstream rename among "
        f"{result['upstream_commits']} first-parent commits; check `sleep {result['sleep']:g}; python check.py`. "
        "Each run starts with an empty check cache.", "",
        "| jobs | wall time | checks run | rounds (all) | series rounds | ideal log2(101)/log2(N+1) | upstream checks |",
        "|---|---|---|---|---|---|---|",
    ]
    for x in result["runs"]:
        lines.append(f"| {x['jobs']} | {x['seconds']:.1f} s | {x['checks']} | {x['rounds']} | {x['series_rounds']} | "
                     f"{x['series_rounds_ideal']} | {x['upstream_checks']} of {x['upstream_range']} |")
    lines += ["", f"Same first bad patch, cause and upstream culprit at every N: "
                  f"{'**yes**' if result['answers_right'] else '**NO**'}.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    ap.add_argument("--sleep", type=float, default=2.0)
    ap.add_argument("--jobs", default="1,2,4")
    args = ap.parse_args(argv)
    result = run(None, args.sleep, tuple(int(j) for j in args.jobs.split(",")))
    print(json.dumps(result, indent=2, sort_keys=True))
    print(render(result))
    return 0 if result["answers_right"] else 1


if __name__ == "__main__":
    sys.exit(main())
