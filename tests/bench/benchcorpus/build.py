"""Build the benchmark corpus once, in resumable stages, into a cache directory.

Each stage writes ``stages/<name>.json`` (atomically) when it has finished; the
whole cache is complete when ``COMPLETE.json`` exists, which is written last. A run
that was killed leaves some stage markers missing: the next run redoes those stages
and every later one. Stage parameters are part of the markers, so changing e.g.
``--fork-files`` rebuilds only the fork and what follows it.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

from . import fork as fork_mod
from . import kernel, queue, upstream
from .gitutil import CatFile, FastImport, git, ls_tree, rev_parse
from .people import T_V61, T_V612

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_CACHE = REPO_ROOT / "build" / "bench"
COMPLETE = "COMPLETE.json"
FORMAT_VERSION = 1
STAGES = ("debs", "import-6.1", "import-6.12", "upstream", "fork", "queue300", "quilt")


@dataclass(frozen=True)
class Params:
    seed: int = 61
    upstream_commits: int = 1500
    upstream_mode: str = "auto"  # auto | real | synthetic
    fork_files: int = 1200
    fork_lines: int = 120_000
    queue_patches: int = 300
    merged_upstream: int = 6
    tag_every: int = 500


@dataclass
class Layout:
    cache: Path

    @property
    def repo(self) -> Path:
        return self.cache / "linux.git"

    @property
    def debs(self) -> Path:
        return self.cache / "debs"

    @property
    def stages(self) -> Path:
        return self.cache / "stages"

    @property
    def queue_dir(self) -> Path:
        return self.cache / "queue300"


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    os.replace(tmp, path)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def disk_usage(path: Path) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(root, f)).st_size
            except OSError:
                pass
    return total


def is_complete(cache: Path, params: Params) -> dict[str, Any] | None:
    """The COMPLETE marker if the cache is complete for these parameters (fast check)."""
    done = _read_json(cache / COMPLETE)
    if isinstance(done, dict) and done.get("params") == asdict(params) \
            and done.get("format") == FORMAT_VERSION:
        return done
    return None


class Builder:
    def __init__(self, layout: Layout, params: Params, log: Callable[[str], None]) -> None:
        self.l = layout
        self.p = params
        self.log = log
        self.dirty = False  # an earlier stage was (re)built in this run
        self.results: dict[str, dict[str, Any]] = {}

    def stage(self, name: str, key: dict[str, Any], fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        marker = self.l.stages / f"{name}.json"
        old = _read_json(marker)
        if not self.dirty and isinstance(old, dict) and old.get("key") == key:
            self.log(f"[{name}] cached ({old['seconds']:.1f} s when built)")
            self.results[name] = old
            return old
        self.dirty = True
        for later in STAGES[STAGES.index(name):]:  # they may depend on what this stage rewrites
            (self.l.stages / f"{later}.json").unlink(missing_ok=True)
        for tmp in (self.l.repo / "objects" / "pack").glob("tmp_*"):
            tmp.unlink(missing_ok=True)
        self.log(f"[{name}] building ...")
        t0 = time.perf_counter()
        info = fn()
        seconds = time.perf_counter() - t0
        rec = {"key": key, "seconds": seconds, **info}
        _write_json(marker, rec)
        self.log(f"[{name}] done in {seconds:.1f} s {json.dumps(info, sort_keys=True)[:300]}")
        self.results[name] = rec
        return rec

    # -- stages ---------------------------------------------------------------------------
    def debs(self) -> dict[str, Any]:
        kernel.ensure_apt_index("linux-source-6.1")
        deb61 = kernel.download_deb("linux-source-6.1", self.l.debs)
        info: dict[str, Any] = {"deb_6_1": deb61.name, "version_6_1": kernel.deb_version(deb61)}
        want_real = self.p.upstream_mode != "synthetic"
        cand = kernel.apt_candidate("linux-source-6.12") if want_real else None
        info["apt_candidate_6_12"] = cand
        if cand:
            deb612 = kernel.download_deb("linux-source-6.12", self.l.debs)
            info.update(deb_6_12=deb612.name, version_6_12=kernel.deb_version(deb612))
        elif self.p.upstream_mode == "real":
            raise RuntimeError("linux-source-6.12 is not available from the configured apt sources")
        return info

    def import_61(self, deb: str) -> dict[str, Any]:
        if self.l.repo.exists():
            shutil.rmtree(self.l.repo)
        subprocess.run(["git", "init", "-q", "--bare", str(self.l.repo)], check=True)
        for k, v in (("gc.auto", "0"), ("core.logAllRefUpdates", "false"),
                     ("user.name", "Bench User"), ("user.email", "bench@example.org")):
            git(self.l.repo, "config", k, v)
        unpack = self.l.cache / "unpack-6.1"
        tarball = kernel.unpack_source_tarball(self.l.debs / deb, unpack)
        with FastImport(self.l.repo) as fi:
            _, stats = kernel.import_tarball(fi, tarball, ref="refs/tags/v6.1", when=T_V61,
                                             message="Linux 6.1\n\nImported from Debian linux-source-6.1.\n")
        shutil.rmtree(unpack)
        return {"commit": rev_parse(self.l.repo, "v6.1"), **asdict(stats)}

    def import_612(self, deb: str) -> dict[str, Any]:
        unpack = self.l.cache / "unpack-6.12"
        tarball = kernel.unpack_source_tarball(self.l.debs / deb, unpack)
        known = {e.sha for e in ls_tree(self.l.repo, "v6.1").values()}
        with FastImport(self.l.repo) as fi:
            _, stats = kernel.import_tarball(fi, tarball, ref="refs/corpus/tree-6.12", when=T_V612,
                                             message="Linux 6.12\n\nImported from Debian linux-source-6.12.\n",
                                             known_blobs=known)
        shutil.rmtree(unpack)
        return {"commit": rev_parse(self.l.repo, "refs/corpus/tree-6.12"), **asdict(stats)}

    def upstream(self, real: bool) -> dict[str, Any]:
        repo, p = self.l.repo, self.p
        base_tree = ls_tree(repo, "v6.1")
        t0 = time.perf_counter()
        with CatFile(repo) as cat:
            if real:
                plan = upstream.plan_real_range(repo, "v6.1", "refs/corpus/tree-6.12",
                                                p.upstream_commits, p.seed, "v6.12")
            else:
                plan = upstream.plan_synthetic_range(repo, "v6.1", base_tree, cat,
                                                     p.upstream_commits, p.seed)
            verbatims = upstream.insert_verbatim(plan, base_tree, cat, p.merged_upstream, p.seed + 1)
        planned = time.perf_counter() - t0
        end_tags = ["upstream-end"] + (["v6.12"] if real else [])
        with FastImport(repo) as fi:
            upstream.write_range(fi, plan, rev_parse(repo, "v6.1"), "refs/heads/upstream",
                                 p.tag_every, end_tags)
        git(repo, "symbolic-ref", "HEAD", "refs/heads/upstream")
        if real and ls_tree(repo, "upstream-end") != ls_tree(repo, "refs/corpus/tree-6.12"):
            raise RuntimeError("upstream range does not end on the 6.12 tree")
        _write_json(self.l.cache / "upstream.json", [asdict(v) for v in verbatims])
        return {"mode": "real-6.12" if real else "synthetic", "commits": len(plan),
                "files_changed": sum(len(pc.changes) for pc in plan), "plan_seconds": planned,
                "merged_upstream": len(verbatims), "end": rev_parse(repo, "upstream-end")}

    def fork(self) -> dict[str, Any]:
        repo, p = self.l.repo, self.p
        base_tree = ls_tree(repo, "v6.1")
        base = rev_parse(repo, "v6.1")
        out: dict[str, Any] = {}
        with CatFile(repo) as cat, FastImport(repo) as fi:
            for ref, files, lines, seed in (("xen", p.fork_files, p.fork_lines, p.seed + 2),
                                            ("xen-small", p.fork_files // 4, p.fork_lines // 4, p.seed + 3)):
                changes, stats = fork_mod.generate_fork(base_tree, cat, files=files, lines=lines, seed=seed)
                fork_mod.write_fork(fi, base, f"refs/heads/{ref}", changes, stats, seed, ref)
                out[ref] = asdict(stats)
        for ref in ("xen", "xen-small"):
            short = git(repo, "diff", "--shortstat", "v6.1", ref).decode().strip()
            out[ref]["shortstat"] = short
        return out

    def queue(self) -> dict[str, Any]:
        repo, p = self.l.repo, self.p
        verbatims = [upstream.Verbatim(**v) for v in _read_json(self.l.cache / "upstream.json")]
        base_tree = ls_tree(repo, "v6.1")
        end_tree = ls_tree(repo, "upstream-end")
        with CatFile(repo) as cat:
            plan, infos = queue.plan_queue(repo, "v6.1", "upstream-end", base_tree, end_tree, cat,
                                           verbatims, p.queue_patches, p.seed + 4)
        with FastImport(repo) as fi:
            queue.write_queue(fi, plan, rev_parse(repo, "v6.1"), "refs/heads/queue300")
        _write_json(self.l.queue_dir / "manifest.json", queue.manifest(infos))
        kinds: dict[str, int] = {}
        for i in infos:
            kinds[i.kind] = kinds.get(i.kind, 0) + 1
        lines = sorted(i.changed_lines for i in infos if i.kind != "merged_upstream")
        return {"patches": len(infos), "kinds": kinds, "tip": rev_parse(repo, "queue300"),
                "lines_min_median_max": [lines[0], lines[len(lines) // 2], lines[-1]]}

    def quilt(self) -> dict[str, Any]:
        pdir = self.l.queue_dir / "patches"
        if pdir.exists():
            shutil.rmtree(pdir)
        pdir.mkdir(parents=True)
        git(self.l.repo, "format-patch", "--no-signature", "--quiet", "-o", str(pdir), "v6.1..queue300")
        names = sorted(f.name for f in pdir.glob("*.patch"))
        (pdir / "series").write_text("".join(n + "\n" for n in names))
        return {"patches": len(names), "dir": str(pdir)}

    def run(self) -> dict[str, Any]:
        p = self.p
        base_key = {"format": FORMAT_VERSION}
        debs = self.stage("debs", {**base_key, "mode": p.upstream_mode}, self.debs)
        deb61 = str(debs["deb_6_1"])
        self.stage("import-6.1", {**base_key, "deb": deb61}, lambda: self.import_61(deb61))
        real = bool(debs.get("deb_6_12"))
        if real:
            deb612 = str(debs["deb_6_12"])
            self.stage("import-6.12", {**base_key, "deb": deb612}, lambda: self.import_612(deb612))
        up_key = {**base_key, "real": real, "seed": p.seed, "n": p.upstream_commits,
                  "merged": p.merged_upstream, "tag_every": p.tag_every}
        self.stage("upstream", up_key, lambda: self.upstream(real))
        self.stage("fork", {**base_key, "seed": p.seed, "files": p.fork_files, "lines": p.fork_lines},
                   self.fork)
        self.stage("queue300", {**base_key, "seed": p.seed, "n": p.queue_patches}, self.queue)
        self.stage("quilt", base_key, self.quilt)
        summary = {
            "format": FORMAT_VERSION,
            "params": asdict(p),
            "repo": str(self.l.repo),
            "quilt_patches": str(self.l.queue_dir / "patches"),
            "upstream_mode": "real-6.12" if real else "synthetic",
            "stages": {k: {kk: vv for kk, vv in v.items() if kk != "key"} for k, v in self.results.items()},
            "disk_bytes": disk_usage(self.l.cache),
        }
        _write_json(self.l.cache / COMPLETE, summary)
        return summary


def ensure_corpus(cache: Path = DEFAULT_CACHE, params: Params = Params(),
                  log: Callable[[str], None] = lambda s: print(s, file=sys.stderr, flush=True)) -> dict[str, Any]:
    """Return the corpus summary, building whatever is missing first."""
    done = is_complete(cache, params)
    if done is not None:
        return done
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one builder at a time; others wait, then reuse
        done = is_complete(cache, params)
        if done is not None:
            return done
        (cache / COMPLETE).unlink(missing_ok=True)
        if os.nice(0) < 10:
            os.nice(10 - os.nice(0))  # heavy and long: let other people's tests run first
        return Builder(Layout(cache), params, log).run()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="cache directory (default: %(default)s)")
    ap.add_argument("--fork-files", type=int, default=Params.fork_files)
    ap.add_argument("--fork-lines", type=int, default=Params.fork_lines)
    ap.add_argument("--upstream", choices=("auto", "real", "synthetic"), default="auto",
                    help="upstream range from the real 6.12 tree, or synthesized from 6.1")
    ap.add_argument("--seed", type=int, default=Params.seed)
    args = ap.parse_args(argv)
    params = Params(seed=args.seed, upstream_mode=args.upstream, fork_files=args.fork_files,
                    fork_lines=args.fork_lines)
    t0 = time.perf_counter()
    summary = ensure_corpus(args.cache.resolve(), params)
    print(json.dumps(summary, indent=2, sort_keys=True))
    print(f"corpus ready in {args.cache} ({time.perf_counter() - t0:.2f} s this run)", file=sys.stderr)
    return 0
