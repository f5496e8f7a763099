"""``track``: where the queue stands against upstream head.

Costs grow with the queue and the upstream range, not with the tree: the delta
comes from applying the queue once on a private index, the overlap from one
``git log --name-only`` over base..upstream.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from xenpatch.core.progress import Progress
from xenpatch.engine.stack import apply_series
from xenpatch.gitio.diffs import numstat
from xenpatch.gitio.repo import count, log_touched_paths
from xenpatch.gitio.run import Git
from xenpatch.pipeline.common import open_queue, require_base, resolve_upstream
from xenpatch.store import Workspace


@dataclass(frozen=True)
class Delta:
    files: int
    insertions: int
    deletions: int


@dataclass(frozen=True)
class Overlap:
    path: str
    commits: int


@dataclass(frozen=True)
class TrackResult:
    queue: str
    base: str
    upstream: str
    upstream_ref: str
    behind: int
    patches: int
    delta: Delta
    overlap: tuple[Overlap, ...]


def upstream_touch_counts(git: Git, base: str, upstream: str) -> Counter[str]:
    """How many commits in base..upstream touched each path (renames count on both sides)."""
    out = log_touched_paths(git, f"{base}..{upstream}")
    counts: Counter[str] = Counter()
    seen_in_commit: set[str] = set()
    for field in out.split(b"\0"):
        name = field.strip(b"\n")
        if not name:
            seen_in_commit = set()
            continue
        path = name.decode("utf-8", "surrogateescape")
        if path not in seen_in_commit:
            counts[path] += 1
            seen_in_commit.add(path)
    return counts


def track(workspace: Workspace, name: str, progress: Progress | None = None) -> TrackResult:
    opened = open_queue(workspace, name)
    queue, git = opened.queue, opened.git
    base = require_base(queue)
    upstream = resolve_upstream(git, queue)
    ordered = queue.ordered()
    strips = {n: queue.strip(n) for n, _ in ordered}
    trees = apply_series(git, base, ordered, strips, progress, what=f"base {base[:12]}")
    final = trees[-1] if trees else base
    stats = numstat(git, base, final)
    touched: set[str] = set()
    for _, patch in ordered:
        for change in patch.files:
            touched.update(p for p in (change.old_path, change.new_path) if p)
    counts = upstream_touch_counts(git, base, upstream)
    overlap = tuple(Overlap(p, counts[p]) for p in sorted(touched) if counts.get(p))
    return TrackResult(
        queue=name,
        base=str(base),
        upstream=str(upstream),
        upstream_ref=queue.config.upstream,
        behind=count(git, f"{base}..{upstream}"),
        patches=len(ordered),
        delta=Delta(len(stats), sum(s[0] for s in stats), sum(s[1] for s in stats)),
        overlap=overlap,
    )
