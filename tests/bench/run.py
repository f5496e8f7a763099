#!/usr/bin/env python3
"""``make bench``: every kernel-scale figure, side by side with today's tools, in one run.

Builds (once, cached under build/bench) the corpus from Debian's linux-source-6.1
and linux-source-6.12 packages, then runs each benchmark module and writes
tests/bench/RESULTS.md (and RESULTS.json with every raw figure). A target from
an issue is reported as met or not met, never hidden.

    python tests/bench/run.py [--cache DIR] [--only debian,rebase,split,score,checks]

``checks`` (stabilize --jobs on a generated 100-patch series with a fixed-time
check) needs no corpus; ``python tests/bench/bench_checks.py`` runs it alone.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from benchcorpus.build import DEFAULT_CACHE, ensure_corpus  # noqa: E402

SECTIONS = ("rebase", "split", "score", "checks", "debian", "thicket")
NO_CORPUS = {"debian", "thicket", "checks"}  # sections that bring their own data


def _machine() -> dict[str, Any]:
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    return {"cores": os.cpu_count(), "python": platform.python_version(), "git": git,
            "load_before": os.getloadavg()[0]}


def _s(x: Any) -> str:
    if not isinstance(x, (int, float)):
        return str(x)
    return f"{x:.2f} s" if x < 10 else f"{x:.1f} s"


def _met(ok: bool) -> str:
    return "**met**" if ok else "**NOT met**"


def render_debian(d: dict[str, Any]) -> list[str]:
    lines = ["## A real queue: Debian's kernel queue at a stable update (issues 10, 11)", ""]
    if "skipped" in d:
        return lines + [f"Skipped: {d['skipped']}", ""]
    lines += [
        "Each step imports the OLD package's `debian/patches` onto its upstream release (imported from the "
        "orig tarball), forward-ports it onto the NEW release, and compares every patch with the NEW package's "
        "own queue (what Debian's maintainers did at that step). Times are medians of 3 runs, whole process.",
        "",
        "| step | patches | xenpatch rebase --keep-going | git rebase + --skip | speed-up | score | "
        "score / git rebase |",
        "|---|---|---|---|---|---|---|",
    ]
    for st in d["steps"]:
        if "skipped" in st:
            lines.append(f"| {st['step']} | skipped: {st['skipped']} | | | | | |")
            continue
        gr = st["git_rebase"]
        n = sum(st["rebase_counts"].values())
        lines.append(f"| {st['step']} | {n} | {_s(st['rebase_seconds'])} {st['rebase_runs']} | "
                     f"{_s(gr['seconds'])} {gr['runs']} (+{_s(gr['setup_seconds'])} checkout) | "
                     f"{st['speedup']}x ({_met(st['speedup'] >= 6)}: 6x) | {_s(st['score_seconds'])} | "
                     f"{st['score_over_git_rebase']} ({_met(st['score_over_git_rebase'] <= 1)}) |")
    lines += ["", "| step | dropped by Debian: dropped and named | kept by Debian: applied, equal patch-id | "
                  "false drops | xenpatch conflicts | git rebase: conflicts, already-upstream seen |",
              "|---|---|---|---|---|---|"]
    for st in d["steps"]:
        if "skipped" in st:
            continue
        c = st["comparison"]
        lines.append(f"| {st['step']} | {c['dropped_and_named']}/{c['dropped_by_maintainers']} | "
                     f"{c['kept_applied']}/{c['kept_by_maintainers']}, {c['kept_equal_patch_id']}/"
                     f"{c['kept_applied']} | {len(c['false_drops'])} | {len(c['conflicts'])} | "
                     f"{len(c['git_conflicts'])}, {c['git_dropped_of_theirs']}/{c['dropped_by_maintainers']} |")
    lines.append("")
    for st in d["steps"]:
        if "skipped" in st:
            continue
        c = st["comparison"]
        notes = [f"{st['step']}: rebase outcomes {st['rebase_counts']}, phases {st['rebase_phases']}"]
        if c["conflicts"]:
            notes.append(f"conflicts: {', '.join(c['conflicts'])}")
        if c["kept_different"]:
            notes.append(f"kept but different from Debian's: {', '.join(c['kept_different'])}")
        for name, f in st.get("score_flagged", {}).items():
            notes.append(f"score flags {name} {f['level']}: {f['reasons'][0]}")
        ref = st.get("reference")
        if ref:
            notes.append(f"against the engine as the fidelity issue left it ({ref['reference']}): "
                         f"{ref['same_outcome']}/{ref['patches']} same outcome, {ref['same_tree']}/"
                         f"{ref['applied_compared']} same tree")
        lines.append("- " + "; ".join(notes))
    return lines + [""]


def render_thicket(t: dict[str, Any]) -> list[str]:
    lines = ["## A stacked thicket: runs of 20-30 patches on the same files (issue 11)", "",
             "232 patches (runs of 30, 20, 25, 22, 20, 20, 20, 20 consecutive patches on eight files of "
             "900-3,000 lines, the rest scattered), 1,040 upstream commits (a few on the run files, 5 conflicting, "
             "2 taking queue patches). Whole process, median of 3, beside `git rebase` + `--skip` in the same run. "
             "The second row is the same queue and range on a tree with 40,500 more files nobody touches: the cost "
             "follows the patches and the upstream changes under them, not the tree.", "",
             "| tree files | xenpatch rebase --keep-going | git rebase + --skip | speed-up | target | score | "
             "score / git rebase | phases |",
             "|---|---|---|---|---|---|---|---|"]
    for s in t["sizes"]:
        gr = s["git_rebase"]
        lines.append(f"| {s['files']} | {_s(s['rebase_seconds'])} {s['rebase_runs']} | {_s(gr['seconds'])} "
                     f"{gr['runs']} | {s['speedup']}x | {_met(s['speedup'] >= 3)} (3x) | {_s(s['score_seconds'])} | "
                     f"{s['score_over_git_rebase']} ({_met(s['score_over_git_rebase'] <= 1)}) | {s['rebase_phases']} |")
    first = t["sizes"][0]
    ref = first.get("reference")
    lines += ["", f"Outcomes: {first['rebase_counts']}; git rebase stopped {first['git_rebase']['conflicts']} times. "
              f"Score bisection probes per conflicting patch: {sorted(first['score_probes'].values())}."]
    if ref:
        lines += ["", f"Against the engine as the fidelity issue left it ({ref['reference']}): "
                      f"{ref['same_outcome']}/{ref['patches']} patches with the same outcome, "
                      f"{ref['same_tree']}/{ref['applied_compared']} applied patches with the same tree "
                      f"(differences: {ref['outcome_differs'] + ref['tree_differs'] or 'none'})."]
    return lines + [""]


def render(results: dict[str, Any], corpus: dict[str, Any] | None) -> str:
    m = results["machine"]
    corpus = corpus or {"stages": {}, "params": {"queue_patches": "?"}}
    stages = corpus.get("stages", {})
    up = stages.get("upstream", {})
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {time.strftime('%Y-%m-%d', time.gmtime(results['finished']))}: "
        f"{m['cores']} cores, {m['git']}, Python {m['python']}, load average {m['load_before']:.1f} at start.",
        "",
        f"Corpus: Debian linux-source-6.1 as commit v6.1 ({stages.get('import-6.1', {}).get('files', '?')} files); "
        f"upstream: {up.get('commits', '?')} commits ({up.get('mode', '?')}) to v6.12; "
        f"queue: {corpus['params']['queue_patches']} patches; fork: "
        f"{stages.get('fork', {}).get('xen', {}).get('shortstat', '?')}.",
        "",
    ]
    if results.get("debian"):
        lines += render_debian(results["debian"])
    if results.get("thicket"):
        lines += render_thicket(results["thicket"])
    r = results.get("rebase")
    if r:
        gr, am, qp = r["git_rebase"], r["git_am"], r["quilt_push"]
        lines += [
            "## Loading and forward-porting the 300-patch queue (issues 2, 4, 6)",
            "",
            "| operation | xenpatch | today's tool | tool |",
            "|---|---|---|---|",
            f"| load queue onto v6.1 | import {_s(r['import_seconds'])} | {_s(am['seconds'])} "
            f"(+{_s(am['setup_seconds'])} checkout) | git am -3 |",
        ]
        if qp:
            lines.append(f"| load queue onto v6.1 | import {_s(r['import_seconds'])} | {_s(qp['seconds'])} "
                         f"(+{_s(qp['setup_seconds'])} checkout) | quilt push -a |")
        lines += [
            f"| where do we stand | track {_s(r['track_seconds'])} ({r['behind']} behind, "
            f"{r['overlap_files']} overlapping files) | - | - |",
            f"| forward-port to v6.12 | rebase --keep-going {_s(r['rebase_seconds'])} | {_s(gr['seconds'])} "
            f"(+{_s(gr['setup_seconds'])} checkout) | git rebase + --skip |",
            "",
            f"Conflicts reported: xenpatch {r['rebase_counts'].get('conflict')} "
            f"(outcomes {r['rebase_counts']}); git rebase stopped {gr['conflicts']} times "
            f"(applied {gr['applied']}). Rebase phases: {r['rebase_phases']}.",
            "",
            f"Stabilize onto v6.12 (verdict {r['stabilize_verdict']}): {_s(r['stabilize_seconds'])}, phases "
            f"{r['stabilize_phases']}.",
            f"Stabilize onto its own base with a check (verdict {r['stabilize_check_verdict']}): "
            f"{_s(r['stabilize_check_seconds'])}, phases {r['stabilize_check_phases']} "
            "(the check's work tree is created on first use; later checks move it incrementally).",
            "",
        ]
    s = results.get("split")
    if s:
        lines += ["## split (issue 3)", "",
                  "Target: split with full verification in less than half the time of `git am` of its series.", "",
                  "| fork | files | changed lines | patches | split | git am -3 | ratio | target |",
                  "|---|---|---|---|---|---|---|---|"]
        for name, run in s["runs"].items():
            lines.append(f"| {name} | {run['files']} | {run['changed_lines']} | {run['patches']} | "
                         f"{_s(run['split_seconds'])} | {_s(run['git_am_seconds'])} | {run['split_over_git_am']} | "
                         f"{_met(run['split_under_half_of_git_am'])} |")
        sc = s["scaling"]
        lines += ["", f"Scaling on the same {s['tree_files']}-file tree: {sc['changed_lines_ratio']}x the changed "
                      f"lines took {sc['split_seconds_ratio']}x the time.", ""]
    sc = results.get("score")
    if sc:
        gr = sc["git_rebase"]
        lines += [
            "## score (issue 5)",
            "",
            "Target: scoring the 300-patch queue across the upstream range, culprits included, faster than "
            "`git rebase` of the same queue in the same run.",
            "",
            "| | seconds | detail |",
            "|---|---|---|",
            f"| xenpatch score | {_s(sc['score_seconds'])} | {sc['patches']} patches, "
            f"{sc['upstream_first_parent_commits']} first-parent commits, {sc['bisection_merges']} bisection merges, "
            f"levels {sc['levels']} |",
            f"| git rebase (--skip each conflict) | {_s(gr['seconds'])} | +{_s(gr['setup_seconds'])} checkout; "
            f"{gr['conflicts']} stops, {gr['applied']} applied |",
            "",
            f"Target {_met(sc['target_met'])}. Refs unchanged by score: {sc['refs_unchanged']}. "
            f"Prediction against the corpus plan: {json.dumps(sc['checks'], sort_keys=True)}.",
            "",
        ]
    ck = results.get("checks")
    if ck:
        from bench_checks import render as render_checks

        lines += render_checks(ck).splitlines()
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--only", default=",".join(SECTIONS))
    args = ap.parse_args(argv)
    only = args.only.split(",")
    corpus = ensure_corpus(args.cache) if set(only) - NO_CORPUS else None
    results: dict[str, Any] = {"machine": _machine()}
    for name in only:
        module = importlib.import_module(f"bench_{name}")
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        results[name] = module.run(None, args.cache) if name in ("debian", "thicket") else module.run(corpus)
        print(f"bench: {name} done in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    results["finished"] = time.time()
    (HERE / "RESULTS.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    (HERE / "RESULTS.md").write_text(render(results, corpus))
    print((HERE / "RESULTS.md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
