"""``stabilize``: the whole per-rev job, for a human or a nightly bot.

fetch -> resolve upstream -> score -> forward-port with every automatic
strategy, past conflicts -> check the result -> when the check fails, bisect
the new stack to the first bad prefix and re-run that prefix on the old base
to tell a patch's own bug from one that came with the new upstream -> verdict.

A stabilized rev becomes the queue's state. A needs-attention rev is written
as a candidate (record + refs) and leaves the queue on its last good state,
so a bot can run this every night without ever making the queue worse.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from xenpatch.core.model import Outcome
from xenpatch.core.queue import Queue
from xenpatch.core.revs import PatchRecord
from xenpatch.gitio.repo import fetch, resolve, tree_of
from xenpatch.gitio.run import Git
from xenpatch.pipeline.checkrun import CheckRunner, PrefixCheck, first_bad, worktree_dir
from xenpatch.pipeline.common import open_for_writing, require_base
from xenpatch.engine import build_stack, port_queue
from xenpatch.pipeline.progress import NoProgress, Progress
from xenpatch.pipeline.rebase import refuse_if_pending
from xenpatch.pipeline.score import score_port
from xenpatch.store import Workspace, list_revs, load_resolutions, next_rev_number, queue_digest
from xenpatch.store.revwrite import write_rev

EXCERPT_LINES = 20


@dataclass(frozen=True)
class CheckSummary:
    command: str
    ok: bool
    exit_code: int | None
    timed_out: bool
    seconds: float
    excerpt: str


@dataclass(frozen=True)
class BisectReport:
    first_bad: str | None  # patch name; None when the bare new base already fails
    index: int  # 0 = bare base, k = after patch k
    cause: str  # "patch", "upstream" (the same prefix passes on the old base), "base"
    tested: tuple[tuple[int, bool], ...]


@dataclass(frozen=True)
class Action:
    """One thing a human must do."""

    patch: str
    kind: str  # "conflict", "check-failure"
    files: tuple[str, ...]
    culprit: dict[str, str] | None
    detail: str


@dataclass(frozen=True)
class StabilizeResult:
    queue: str
    verdict: str  # "stabilized", "needs-attention", "up-to-date"
    rev: int | None
    base: str
    onto: str
    onto_ref: str
    patches: tuple[PatchRecord, ...]
    scores: tuple[dict[str, Any], ...]
    check: CheckSummary | None
    bisect: BisectReport | None
    actions: tuple[Action, ...]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.verdict in ("stabilized", "up-to-date")


def _excerpt(result: PrefixCheck) -> str:
    lines = result.output_tail.splitlines()
    return "\n".join(lines[-EXCERPT_LINES:])


def _fingerprint(onto: str, check: str | None, digest: str) -> str:
    """What a stabilize run depends on: the upstream commit, the check, the queue's files."""
    return hashlib.sha256(f"{onto}\0{check or ''}\0{digest}".encode()).hexdigest()


def stabilize(
    workspace: Workspace,
    name: str,
    onto: str | None = None,
    check: str | None = None,
    progress: Progress | None = None,
    score: bool = True,
) -> StabilizeResult:
    with open_for_writing(workspace, name, "stabilize") as opened:
        return _stabilize(workspace, opened.queue, opened.git, onto, check, progress or NoProgress(), score)


def _stabilize(workspace: Workspace, queue: Queue, git: Git, onto: str | None, check: str | None,
               progress: Progress, score: bool) -> StabilizeResult:
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    if queue.config.remote:
        fetch(git, queue.config.remote)
    onto_ref = onto or queue.config.upstream
    onto_commit = resolve(git, onto_ref)
    base = require_base(queue)
    command = check or queue.config.check_command
    timings["fetch"] = time.perf_counter() - t0
    previous = _same_run(queue, onto_commit, command)
    if previous is not None:
        return previous
    digest_before = queue_digest(queue.root)

    refuse_if_pending(queue)
    fwd = port_queue(queue, git, base, onto_commit, onto_ref, load_resolutions(queue.root), True, progress)
    timings.update(fwd.timings)
    rev = next_rev_number(queue.root)
    scores: tuple[dict[str, Any], ...] = ()
    if score:
        t0 = time.perf_counter()
        scores = tuple(asdict(p) for p in score_port(queue, git, fwd).patches)
        timings["score"] = time.perf_counter() - t0
    actions: list[Action] = []
    conflicts = [r for r in fwd.records if r.outcome is Outcome.CONFLICT]
    culprits = {s["name"]: list(s.get("culprits", ())) for s in scores}
    for rec in conflicts:
        first = (culprits.get(rec.name) or [None])[0]
        actions.append(Action(rec.name, "conflict", rec.conflict_files, first, rec.detail))
    check_report: CheckSummary | None = None
    check_log = b""
    bisect: BisectReport | None = None
    if command and not conflicts:
        t0 = time.perf_counter()
        runner = CheckRunner(git, worktree_dir(workspace.root, queue.name), command,
                             queue.config.check_timeout, {"XENPATCH_QUEUE": queue.name})
        applied = [r for r in fwd.records if r.commit]
        prefixes = [(r.name, str(tree_of(git, str(r.commit)))) for r in applied]
        found = first_bad(runner, tree_of(git, fwd.onto), prefixes, mode="bisect", progress=progress)
        shown = next((r for r in found.runs if not r.ok), found.runs[-1])
        check_report = CheckSummary(command, found.ok, shown.exit_code, shown.timed_out,
                                    round(sum(r.seconds for r in found.runs), 3), _excerpt(shown))
        check_log = "".join(
            f"=== prefix {r.prefix} ({r.patch or 'base'}): {'ok' if r.ok else 'FAILED'}\n{r.output_tail}\n"
            for r in found.runs).encode("utf-8", "replace")
        timings["check"] = time.perf_counter() - t0
        if not found.ok:
            t0 = time.perf_counter()
            bisect = _cause(git, queue, runner, base, found.first_bad, found.first_bad_prefix,
                            tuple((r.prefix, r.ok) for r in found.runs))
            timings["bisect"] = time.perf_counter() - t0
            actions.append(_check_action(queue, bisect, check_report))
    verdict = "stabilized" if not actions else "needs-attention"
    t0 = time.perf_counter()
    extra: dict[str, Any] = {
        "check_command": command or "",
        "digest_before": digest_before,
        "actions": [asdict(a) for a in actions],
    }
    if check_report:
        extra["check"] = {"command": command, "ok": check_report.ok, "exit_code": check_report.exit_code,
                          "timed_out": check_report.timed_out}
    write_rev(git, queue, rev, fwd.stack, fwd.onto, fwd.onto_ref, fwd.records, fwd.head, verdict, timings,
              advance=verdict == "stabilized", extra=extra,
              logs={"check.log": check_log} if check_log else None)
    timings["write"] = time.perf_counter() - t0
    return StabilizeResult(queue.name, verdict, rev, str(base), str(fwd.onto), onto_ref, fwd.records, scores,
                           check_report, bisect, tuple(actions), {k: round(v, 3) for k, v in timings.items()})


def _same_run(queue: Queue, onto: str, command: str | None) -> StabilizeResult | None:
    """Idempotence: nothing changed since the last run, so nothing is redone.

    The last rev either left the queue alone (needs-attention: the queue's files
    are what they were) or produced it (stabilized: the files are its output);
    either way, same upstream commit + same check + same files = same answer.
    """
    revs = list_revs(queue.root)
    if not revs:
        return None
    last = revs[-1]
    if last.onto != onto or last.extra.get("check_command", None) != (command or ""):
        return None
    digest = queue_digest(queue.root)
    if last.status == "stabilized" and last.extra.get("digest_after") == digest:
        verdict = "up-to-date"
    elif last.status == "needs-attention" and last.extra.get("digest_before") == digest:
        verdict = "needs-attention"
    else:
        return None
    return StabilizeResult(queue.name, verdict, last.rev, last.base, last.onto, last.onto_ref, last.patches, (),
                           None, None, tuple(Action(**a) for a in last.extra.get("actions", [])), {})


def _cause(git: Git, queue: Queue, runner: CheckRunner, old_base: str, patch: str | None, prefix: int | None,
           tested: tuple[tuple[int, bool], ...]) -> BisectReport:
    """Whose fault is the first failing prefix? Run the same prefix on the old base."""
    if patch is None or prefix is None:
        return BisectReport(None, 0, "base", tested)
    ordered = queue.ordered()
    upto = ordered[: [n for n, _ in ordered].index(patch) + 1]
    old_stack = build_stack(git, old_base, upto, {n: queue.strip(n) for n, _ in upto})
    old_ok = runner.run(tree_of(git, old_stack.head), patch).ok
    return BisectReport(patch, prefix, "upstream" if old_ok else "patch", tested)


def _check_action(queue: Queue, bisect: BisectReport, check: CheckSummary) -> Action:
    if bisect.first_bad is None:
        return Action("", "check-failure", (), None, f"the new upstream base alone fails the check\n{check.excerpt}")
    patch = queue.patches[bisect.first_bad]
    files = tuple(sorted(f.path for f in patch.files))
    why = ("passes on the old base: the new upstream broke it" if bisect.cause == "upstream"
           else "fails on the old base too: the patch's own bug")
    return Action(bisect.first_bad, "check-failure", files, None, f"first failing patch; {why}\n{check.excerpt}")
