"""A stacked thicket: the shape of a downstream queue that spreads-out corpora hide.

Long-lived downstream queues grow runs of patches on the same few files (30 patches
on one 3,000-line driver core, 20 on its netdev file): each patch edits lines the
one before it added, so per-patch costs that are cheap on a spread-out queue (a
3-way merge, a full-file apply) are paid thirty times on the same file. This
builds such a queue, deterministically from a seed, on a synthetic tree of a few
thousand C files, with an upstream range of 1,000+ first-parent commits that
mostly touches other files, drifts the thicket files' other functions, takes two
queue patches verbatim and conflicts with a handful of them.

Refs in the bare repository ``thicket.git``:

- ``base``: the tree (``FILES`` files; ``drivers/thk/core.c`` ~3,000 lines,
  ``drivers/thk/netdev.c`` ~2,000 lines, six more run files);
- ``queue``: ``PATCHES`` commits on ``base`` (runs of 20-30 on each run file, the
  rest scattered); also exported as a quilt directory ``patches/``;
- ``upstream``: ``UPSTREAM`` first-parent commits on ``base``.

``manifest.json`` says which queue patches upstream conflicts with or took.
"""

from __future__ import annotations

import json
import os
from collections import Counter
import random
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import cgen
from .gitutil import Change, FastImport, GIT_ENV, Ident, git, rev_parse

SEED = 4242
FILES = 4500
PATCHES = 232
UPSTREAM = 1040
RUNS = (("drivers/thk/core.c", 3000, 30), ("drivers/thk/netdev.c", 2000, 20), ("drivers/thk/ring.c", 1500, 25),
        ("drivers/thk/irq.c", 1200, 22), ("drivers/thk/dma.c", 1200, 20), ("drivers/thk/ethtool.c", 900, 20),
        ("drivers/thk/debugfs.c", 900, 20), ("drivers/thk/sysfs.c", 900, 20))
CONFLICTS = 5  # queue patches upstream edits the same lines of, differently
TAKEN = 2  # queue patches upstream takes verbatim
FORMAT = 3

AUTHOR = Ident("Queue Maintainer", "maint@example.org")
UPSTREAM_AUTHOR = Ident("Upstream Dev", "dev@example.org")
T0 = 1_700_000_000


@dataclass
class Tree:
    files: dict[str, list[str]] = field(default_factory=dict)

    def text(self, path: str) -> bytes:
        return ("\n".join(self.files[path]) + "\n").encode()


def _c_file(rng: random.Random, path: str, n_lines: int) -> list[str]:
    stem = path.rsplit("/", 1)[-1].removesuffix(".c").replace("-", "_")
    api = cgen.Api("struct thk_dev", ["count", "flags", "state", "index", "limit", "mask", "seq"],
                   ["THK_MAX", "PAGE_SIZE"], [f"thk_{stem}_helper"])
    lines = [cgen.spdx("c"), f"/* {path}: generated for the thicket benchmark */", "",
             '#include <linux/kernel.h>', '#include "thk.h"', ""]
    k = 0
    while len(lines) < n_lines:
        size = rng.randint(18, 60)
        lines += cgen.function(rng, f"thk_{stem}_{rng.choice(cgen.VERBS)}{k}", api, size) + [""]
        k += 1
    return lines


def _statements(lines: list[str]) -> list[int]:
    return [i for i, s in enumerate(lines) if s.startswith("\t") and s.endswith(";") and "/*" not in s
            and len(s) < 90 and "return" not in s]


def build(dest: Path, files: int = FILES) -> dict[str, Any]:
    """Create ``dest/thicket.git``, ``dest/patches`` and ``dest/manifest.json``; return the manifest.

    ``files`` sets the size of the tree; every file beyond the default count is one neither
    the queue nor upstream touches (the same queue and range on a bigger tree).
    """
    rng = random.Random(SEED)
    repo = dest / "thicket.git"
    if repo.exists():
        shutil.rmtree(repo)
    dest.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "--bare", str(repo)], check=True, env=GIT_ENV)
    git(repo, "config", "gc.auto", "0")

    tree = Tree()
    run_paths = {p for p, _, _ in RUNS}
    for path, n, _ in RUNS:
        tree.files[path] = _c_file(rng, path, n)
    dirs = [f"drivers/thk/d{d:02d}" for d in range(45)]
    while len(tree.files) < FILES:
        d = rng.choice(dirs)
        path = f"{d}/f{len(tree.files):04d}.c"
        tree.files[path] = _c_file(rng, path, rng.randint(40, 160))
    tree.files["drivers/thk/thk.h"] = ["/* thicket */", "struct thk_dev;", "#define THK_MAX 64"]
    # ballast: files nobody touches, in directories of their own, drawn from a separate
    # generator so the queue and the upstream range are the same whatever the size
    ballast_rng = random.Random(SEED + 1)
    ballast: dict[str, bytes] = {}
    for k in range(max(0, files - FILES)):
        path = f"ballast/b{k // 500:03d}/f{k:06d}.c"
        ballast[path] = ("\n".join(_c_file(ballast_rng, path, 60)) + "\n").encode()

    manifest: dict[str, Any] = {"format": FORMAT, "seed": SEED, "files": len(tree.files) + len(ballast), "patches": [],
                                "conflicts": [], "taken": []}
    with FastImport(repo) as fi:
        base_mark = fi.commit("refs/heads/base", author=UPSTREAM_AUTHOR, when=T0, message="thicket base\n",
                              parent=None, changes=[Change(p, data=tree.text(p)) for p in sorted(tree.files)]
                              + [Change(p, data=d) for p, d in sorted(ballast.items())])
        queue_tree = Tree({p: list(v) for p, v in tree.files.items()})
        others = sorted(p for p in tree.files if p not in run_paths and p.endswith(".c"))
        plan = _queue_plan(rng, others)
        edits: list[Edit] = []
        parent = base_mark
        for k, (path, subject) in enumerate(plan):
            edit = _edit(rng, queue_tree.files[path], k, run=path in run_paths)
            edits.append(edit)
            parent = fi.commit("refs/heads/queue", author=AUTHOR, when=T0 + 100 + k,
                               message=f"{subject}\n\nQueue change {k}.\n\nSigned-off-by: {AUTHOR.name} "
                                       f"<{AUTHOR.email}>\n",
                               parent=parent, changes=[Change(path, data=queue_tree.text(path))])
            manifest["patches"].append({"index": k, "path": path, "subject": subject, "kind": edit.kind})

        # upstream: mostly elsewhere; drift at the end of the run files; a few conflicts and takes
        up_tree = Tree({p: list(v) for p, v in tree.files.items()})
        once = {p: {x for x, n in Counter(v).items() if n == 1} for p, v in tree.files.items() if p in run_paths}
        # a tweak of a base line, not touched again by a later queue patch, in a run file
        later: dict[tuple[str, str], int] = {}
        for k, (path, _) in enumerate(plan):
            if edits[k].kind == "tweak":
                later[(path, edits[k].old)] = later.get((path, edits[k].old), 0) + 1
        pickable = [k for k, (path, _) in enumerate(plan) if path in run_paths and edits[k].kind == "tweak"
                    and edits[k].old in once[path] and later[(path, edits[k].old)] == 1
                    and all(e.old != edits[k].new for e in edits[k + 1:])]
        chosen = rng.sample(pickable, CONFLICTS + TAKEN)
        positions = sorted(rng.sample(range(50, UPSTREAM - 10), CONFLICTS + TAKEN))
        special: dict[int, tuple[str, int]] = {}
        for n, (k, at) in enumerate(zip(chosen, positions)):
            special[at] = ("take" if n < TAKEN else "conflict", k)
        parent = base_mark
        for u in range(UPSTREAM):
            changes: list[Change] = []
            what = special.get(u)
            if what is not None:
                kind, k = what
                path, e = plan[k][0], edits[k]
                lines = up_tree.files[path]
                i = lines.index(e.old)
                if kind == "conflict":
                    lines[i] = e.old[:-1] + "; /* upstream rework */"
                    subject = f"thk: rework {path.rsplit('/', 1)[-1]} around a queue change"
                    manifest["conflicts"].append({"upstream": u, "patch": k})
                else:
                    lines[i] = e.new
                    if e.added is not None:
                        lines.insert(i + e.gap, e.added)
                    subject = plan[k][1]
                    manifest["taken"].append({"upstream": u, "patch": k})
                changes.append(Change(path, data=up_tree.text(path)))
            else:
                touched = set()
                for _ in range(rng.choice((1, 1, 1, 2, 3))):
                    if rng.random() < 0.03:
                        path = rng.choice(sorted(run_paths))
                        up_tree.files[path] += cgen.function(rng, f"thk_up_{u}", cgen.DEFAULT_API,
                                                             rng.randint(10, 20)) + [""]
                    else:
                        path = rng.choice(others)
                        lines = up_tree.files[path]
                        st = _statements(lines)
                        if st:
                            i = rng.choice(st)
                            lines[i] = lines[i][:-1] + f"; /* up {u} */"
                    touched.add(path)
                changes = [Change(p, data=up_tree.text(p)) for p in sorted(touched)]
                subject = f"thk: upstream change {u}"
            parent = fi.commit("refs/heads/upstream", author=UPSTREAM_AUTHOR, when=T0 + 10_000 + u,
                               message=f"{subject}\n", parent=parent, changes=changes)
    patches = dest / "patches"
    if patches.exists():
        shutil.rmtree(patches)
    work = dest / "tmp-format"
    if work.exists():
        shutil.rmtree(work)
    subprocess.run(["git", f"--git-dir={repo}", "format-patch", "-q", "-o", str(patches), "base..queue"],
                   check=True, env=GIT_ENV)
    (patches / "series").write_text("".join(p.name + "\n" for p in sorted(patches.glob("*.patch"))))
    manifest["base"] = rev_parse(repo, "base")
    manifest["queue"] = rev_parse(repo, "queue")
    manifest["upstream"] = rev_parse(repo, "upstream")
    (dest / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def _queue_plan(rng: random.Random, others: list[str]) -> list[tuple[str, str]]:
    """Runs of consecutive patches on each run file, scattered single fixes between the runs."""
    scattered = PATCHES - sum(n for _, _, n in RUNS)
    per_gap = scattered // len(RUNS)
    plan: list[tuple[str, str]] = []
    fix = 0
    for r, (path, _, n) in enumerate(RUNS):
        stem = path.rsplit("/", 1)[-1].removesuffix(".c")
        plan += [(path, f"thk: {stem}: {rng.choice(cgen.VERBS)} step {i} of the {stem} rework") for i in range(n)]
        count = per_gap if r < len(RUNS) - 1 else scattered - per_gap * (len(RUNS) - 1)
        for _ in range(count):
            plan.append((rng.choice(others), f"thk: scattered fix {fix}"))
            fix += 1
    return plan


@dataclass(frozen=True)
class Edit:
    kind: str  # "tweak" (a base or earlier line changed, one line added near it), "re-edit" (a queue line changed)
    old: str
    new: str
    added: str | None = None
    gap: int = 0  # the added line goes this many lines after the changed one


def _edit(rng: random.Random, lines: list[str], k: int, run: bool) -> Edit:
    """One queue patch's edit of ``lines`` (in place)."""
    st = _statements(lines)
    if run and k % 3 == 1:
        # edit a line a recent patch of the run added: the thicket's defining shape
        mine = [i for i in range(len(lines)) if lines[i].startswith("\tctx->seq += ") and "queue" in lines[i]]
        if mine:
            i = mine[-1]
            old = lines[i]
            lines[i] = old.replace(" /* queue", f" + {k} /* queue")
            return Edit("re-edit", old, lines[i])
    i = rng.choice(st)
    old = lines[i]
    lines[i] = old[:-1] + f"; /* queue {k} */"
    added = f"\tctx->seq += {k}; /* queue {k} adds */"
    lines.insert(i + 3, added)
    return Edit("tweak", old, lines[i], added, 3)


def ensure(cache: Path, files: int = FILES) -> dict[str, Any]:
    """The thicket under ``cache/thicket`` (``cache/thicket-N`` for another size), built once
    (``manifest.json`` marks it complete)."""
    dest = cache / ("thicket" if files == FILES else f"thicket-{files}")
    try:
        done = json.loads((dest / "manifest.json").read_text())
        if done.get("format") == FORMAT and done.get("seed") == SEED and (dest / "thicket.git").exists() \
                and done.get("files") == files + 1:
            done["dir"] = str(dest)
            return done  # type: ignore[no-any-return]
    except (OSError, ValueError):
        pass
    (dest / "manifest.json").unlink(missing_ok=True)
    built = build(dest, files)
    built["dir"] = str(dest)
    return built


if __name__ == "__main__":
    import sys

    print(json.dumps(ensure(Path(sys.argv[1] if len(sys.argv) > 1 else "build/bench")), indent=2)[:2000])
    os._exit(0)
