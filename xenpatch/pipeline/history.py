"""``log`` and ``diff``: the rev history and what changed in each patch between revs.

``diff`` is a range-diff matched by patch name rather than guessed from
content, because xenpatch knows which patch is which: every patch of either
rev is listed, and a patch without a counterpart is said to be dropped (with
the upstream commit that merged it, when known) or added, never hidden. As in
``git range-diff``, hunk line numbers are ignored, so a patch that only moved
because the new base moved shows as unchanged.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from xenpatch.core.hunks import without_line_numbers
from xenpatch.core.model import Outcome
from xenpatch.core.revs import RevRecord
from xenpatch.gitio.diffs import commit_diff
from xenpatch.gitio.run import Git
from xenpatch.pipeline.common import open_queue
from xenpatch.store import Workspace, list_revs, load_rev


@dataclass(frozen=True)
class RevSummary:
    rev: int
    status: str
    base: str
    onto: str
    onto_ref: str
    patches: int
    counts: dict[str, int]
    seconds: float


@dataclass(frozen=True)
class LogResult:
    queue: str
    current: int
    revs: tuple[RevSummary, ...]


def log(workspace: Workspace, name: str) -> LogResult:
    with workspace.store(name).reading():  # the state and the records of one moment
        queue = workspace.load(name)
        revs = list_revs(queue.root)
    summaries = []
    for r in revs:
        counts = {o.value: 0 for o in Outcome}
        for p in r.patches:
            counts[p.outcome.value] += 1
        summaries.append(RevSummary(r.rev, r.status, r.base, r.onto, r.onto_ref, len(r.patches), counts,
                                    round(sum(r.timings.values()), 3)))
    return LogResult(name, queue.state.rev, tuple(summaries))


@dataclass(frozen=True)
class PatchChange:
    name: str
    status: str  # "unchanged", "changed", "dropped", "added"
    subject: str
    detail: str = ""
    interdiff: str = ""


@dataclass(frozen=True)
class DiffResult:
    queue: str
    a: int
    b: int
    patches: tuple[PatchChange, ...]

    @property
    def counts(self) -> dict[str, int]:
        out = {"unchanged": 0, "changed": 0, "dropped": 0, "added": 0}
        for p in self.patches:
            out[p.status] += 1
        return out


def _normalized_patch(git: Git, commit: str) -> list[str]:
    text = commit_diff(git, commit)
    lines = []
    for line in text.splitlines():
        if line.startswith(b"index "):
            continue
        lines.append(without_line_numbers(line).decode("utf-8", "replace") + "\n")
    return lines


def diff(workspace: Workspace, name: str, a: int, b: int) -> DiffResult:
    opened = open_queue(workspace, name)
    rec_a, rec_b = load_rev(opened.queue.root, a), load_rev(opened.queue.root, b)
    return DiffResult(name, a, b, tuple(compare(opened.git, rec_a, rec_b)))


def compare(git: Git, rec_a: RevRecord, rec_b: RevRecord) -> list[PatchChange]:
    in_a = {p.name: p for p in rec_a.patches}
    in_b = {p.name: p for p in rec_b.patches}
    order = [p.name for p in rec_b.patches]
    for idx, p in enumerate(rec_a.patches):  # A-only patches keep their place
        if p.name not in in_b:
            prev = rec_a.patches[idx - 1].name if idx else None
            pos = order.index(prev) + 1 if prev in order else 0
            order.insert(pos, p.name)
    changes = []
    for pname in order:
        pa, pb = in_a.get(pname), in_b.get(pname)
        if pa is None and pb is not None:
            changes.append(PatchChange(pname, "added", pb.subject))
            continue
        assert pa is not None
        if pb is None or pb.commit is None or pa.commit is None:
            gone = pb or pa
            detail = gone.outcome.value
            if gone.upstream_commit:
                detail += f" as upstream commit {gone.upstream_commit[:12]}"
            elif pb is None:
                detail = f"not in rev {rec_b.rev}"
            changes.append(PatchChange(pname, "dropped", pa.subject, detail))
            continue
        old, new = _normalized_patch(git, pa.commit), _normalized_patch(git, pb.commit)
        if old == new:
            changes.append(PatchChange(pname, "unchanged", pb.subject))
            continue
        inter = "".join(difflib.unified_diff(old, new, f"rev-{rec_a.rev}/{pname}", f"rev-{rec_b.rev}/{pname}", n=2))
        changes.append(PatchChange(pname, "changed", pb.subject, pb.outcome.value, inter))
    return changes
