"""``stabilize``: the whole per-rev job, for a human or a nightly bot.

fetch -> resolve upstream -> score -> forward-port with every automatic
strategy, past conflicts -> check the applied patches on the new base (the
conflicting ones, and what cannot apply without them, left out:
``checkseries``) -> when the check fails, bisect the series to the first bad
prefix and find out whose fault it is (``blame``: the same prefix on a base
where it was checked, then the upstream commit that broke it) -> verdict.

No green without a check: without a check command stabilize is refused, and
``--no-check`` gives ``unchecked``, never ``stabilized``.  A stabilized rev
becomes the queue's state; any other rev is written as a candidate (record +
refs) and leaves the queue on its last good state, so a bot can run this every
night without ever making the queue worse.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any, Sequence

from xenpatch.core.model import Outcome
from xenpatch.core.progress import NoProgress, Progress
from xenpatch.core.queue import Queue
from xenpatch.core.revs import PatchRecord
from xenpatch.engine import ForwardPort, port_queue
from xenpatch.errors import BadInput
from xenpatch.gitio.objects import short
from xenpatch.gitio.repo import fetch, resolve, tree_of
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.pipeline.blame import OldBases, blame
from xenpatch.pipeline.checkrun import (
    Checker,
    CheckReport,
    PrefixCheck,
    first_bad,
    make_checker,
)
from xenpatch.pipeline.checkseries import CheckSeries, LeftOut, build_check_series
from xenpatch.pipeline.common import open_for_writing
from xenpatch.pipeline.rebase import refuse_if_pending
from xenpatch.pipeline.score import Culprit, PatchScore, score_port
from xenpatch.store import (
    Workspace,
    list_revs,
    load_resolutions,
    next_rev_number,
    queue_digest,
)
from xenpatch.store.revwrite import write_rev
from xenpatch.store.stackcache import StackCache

EXCERPT_LINES = 20
VERDICTS = ("stabilized", "needs-attention", "unchecked", "up-to-date", "empty")


@dataclass(frozen=True)
class CheckSummary:
    command: str
    ok: bool  # every checked prefix passed
    exit_code: int | None  # of the failing check (0 when it passed)
    timed_out: bool
    seconds: float  # time spent in checks run now
    excerpt: str
    checked: int  # patches in the checked series
    left_out: tuple[LeftOut, ...]  # patches not checked (conflicts, and what needs them)
    jobs: int
    runs: int  # checks run now
    cached: int  # answers taken from the check cache
    rounds: int  # batches of at most `jobs` checks run at once


@dataclass(frozen=True)
class BisectReport:
    first_bad: str | None  # patch name; None when the bare new base already fails
    index: int  # 0 = bare base, k = after the k-th checked patch
    cause: str  # "patch", "upstream" (the prefix passed on an earlier base), "base"
    tested: tuple[tuple[int, bool], ...]  # (prefix, passed) in the order asked for
    rounds: int  # rounds of the search over the series
    compared_with: str | None  # the earlier base the prefix was compared on
    compared_rev: int | None  # the rev whose stack held that prefix
    compared: str  # that base, named for a human
    culprit: Culprit | None  # the upstream commit that broke it (cause upstream or base)
    upstream_range: int  # first-parent upstream commits bisected
    upstream_checks: int  # checks the upstream bisection ran now
    untestable: tuple[str, ...]  # upstream commits the prefix could not be applied to
    explanation: str


@dataclass(frozen=True)
class Action:
    """One thing a human must do."""

    patch: str
    kind: str  # "conflict", "check-failure"
    files: tuple[str, ...]
    culprit: Culprit | None
    detail: str


@dataclass(frozen=True)
class StabilizeResult:
    queue: str
    verdict: str  # one of VERDICTS
    rev: int | None
    base: str
    onto: str
    onto_ref: str
    patches: tuple[PatchRecord, ...]
    scores: tuple[PatchScore, ...]
    check: CheckSummary | None
    bisect: BisectReport | None
    actions: tuple[Action, ...]
    reason: str = ""  # why nothing was checked (unchecked, empty)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.verdict in ("stabilized", "up-to-date", "empty")


def stabilize(
    workspace: Workspace,
    name: str,
    onto: str | None = None,
    check: str | None = None,
    progress: Progress | None = None,
    score: bool = True,
    no_check: bool = False,
    jobs: int | None = None,
    require_check: bool = True,
) -> StabilizeResult:
    """Stabilize one queue onto ``onto``.  Without a check command this refuses
    (``require_check``), or, for nightly, forward-ports and says ``unchecked``."""
    if no_check and check is not None:
        raise BadInput("--check and --no-check contradict each other", "pass one of them")
    if jobs is not None and jobs < 1:
        raise BadInput(f"--jobs {jobs} is not a number of parallel checks", "give 1 or more")
    with open_for_writing(workspace, name, "stabilize") as opened:
        queue = opened.queue
        if not queue.state.base or not queue.series.entries:
            return _empty(queue, onto)
        command = None if no_check else (check if check is not None else queue.config.check_command)
        if command is not None and not command.strip():
            command = None
        if command is None and not no_check and require_check:
            raise BadInput(
                f"queue '{name}' has no check command, so stabilize cannot tell whether the rev builds",
                f"set [check] command in {queue.root / 'queue.toml'}, pass --check CMD, "
                "or --no-check to forward-port without checking (verdict 'unchecked')")
        unchecked = "" if command is not None else \
            "no check ran (--no-check)" if no_check else "no check command configured ([check] command in queue.toml)"
        return _stabilize(workspace, queue, opened.git, onto, command, progress or NoProgress(), score,
                          jobs or queue.config.check_jobs, unchecked)


def _empty(queue: Queue, onto: str | None) -> StabilizeResult:
    why = (f"queue '{queue.name}' has no content yet; load it with 'xenpatch import {queue.name} --fork REF'"
           if not queue.state.base else f"queue '{queue.name}' has no patches in its series")
    return StabilizeResult(queue.name, "empty", None, queue.state.base or "", "", onto or queue.config.upstream,
                           (), (), None, None, (), why)


def _stabilize(workspace: Workspace, queue: Queue, git: Git, onto: str | None, command: str | None,
               progress: Progress, score: bool, jobs: int, unchecked: str) -> StabilizeResult:
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    if queue.config.remote:
        fetch(git, queue.config.remote)
    onto_ref = onto or queue.config.upstream
    onto_commit = resolve(git, onto_ref)
    timings["fetch"] = time.perf_counter() - t0
    previous = _same_run(queue, onto_commit, command)
    if previous is not None:
        return previous
    digest_before = queue_digest(queue.root)

    refuse_if_pending(queue)
    base = queue.state.base
    assert base is not None  # an empty queue was answered before
    fwd = port_queue(queue, git, ObjectId(base), onto_commit, onto_ref, load_resolutions(queue.root), True, progress,
                     StackCache(workspace.root, queue.name))
    timings.update(fwd.timings)
    rev = next_rev_number(queue.root)
    scores: tuple[PatchScore, ...] = ()
    if score:
        t0 = time.perf_counter()
        scores = score_port(queue, git, fwd).patches
        timings["score"] = time.perf_counter() - t0
    actions = _conflict_actions(fwd, scores)
    summary: CheckSummary | None = None
    bisect: BisectReport | None = None
    check_log = b""
    if command is not None:
        t0 = time.perf_counter()
        series = build_check_series(git, queue, fwd)
        timings["check-series"] = time.perf_counter() - t0
        checker = make_checker(git, workspace.root, queue.name, command, queue.config.check_timeout, jobs)
        bases = OldBases(git, queue, fwd.onto, fwd.stack)
        t0 = time.perf_counter()
        found = first_bad(checker, tree_of(git, fwd.onto), series.prefixes(), mode="bisect", progress=progress,
                          lookahead=_Lookahead(git, bases, series, checker) if jobs > 1 else None)
        timings["check"] = time.perf_counter() - t0
        if not found.ok:
            t0 = time.perf_counter()
            bisect = _blame(git, queue, checker, series, found, progress, bases)
            timings["bisect"] = time.perf_counter() - t0
        summary = _summary(checker, series, found)
        if bisect is not None:
            actions.append(_check_action(queue, bisect, summary))
        check_log = _log(found)
    if command is None:
        verdict = "needs-attention" if actions else "unchecked"
    else:
        verdict = "needs-attention" if actions else "stabilized"
    t0 = time.perf_counter()
    extra: dict[str, Any] = {
        "check_command": command or "",
        "digest_before": digest_before,
        "actions": [asdict(a) for a in actions],
    }
    if summary is not None:
        extra["check"] = _record_of(summary)
    if bisect is not None:
        extra["bisect"] = _record_of(bisect)
    write_rev(git, queue, rev, fwd.stack, fwd.onto, fwd.onto_ref, fwd.records, fwd.head, verdict, timings,
              advance=verdict == "stabilized", extra=extra,
              logs={"check.log": check_log} if check_log else None)
    timings["write"] = time.perf_counter() - t0
    reason = f"{unchecked}; rev {rev} is a candidate, the queue is unchanged" if unchecked else ""
    return StabilizeResult(queue.name, verdict, rev, str(fwd.stack.base), str(fwd.onto), onto_ref, fwd.records,
                           scores, summary, bisect, tuple(actions), reason,
                           {k: round(v, 3) for k, v in timings.items()})


def _conflict_actions(fwd: ForwardPort, scores: Sequence[PatchScore]) -> list[Action]:
    """One action per conflicting patch, with score's culprit (the upstream commit it starts to conflict at)."""
    by_name = {s.name: s for s in scores}
    actions = []
    for rec in fwd.records:
        if rec.outcome is not Outcome.CONFLICT:
            continue
        culprits = by_name[rec.name].culprits if rec.name in by_name else ()
        first = next((c for c in culprits if c.role == "first-conflict"), culprits[0] if culprits else None)
        actions.append(Action(rec.name, "conflict", tuple(rec.conflict_files), first, rec.detail))
    return actions


class _Lookahead:
    """Spare work trees during the series search check candidates on the earlier base,
    so the comparison blame needs is usually done by the time the search ends."""

    def __init__(self, git: Git, bases: OldBases, series: CheckSeries, checker: Checker) -> None:
        self.git, self.bases, self.series, self.checker = git, bases, series, checker
        self._trees: dict[int, str | None] = {}

    def _old_tree(self, k: int) -> str | None:
        if k not in self._trees:
            found = self.bases.prefixes(self.series.names[k - 1])
            self._trees[k] = str(tree_of(self.git, found[0].commit)) if found else None
        return self._trees[k]

    def __call__(self, lo: int, hi: int, spare: int) -> list[tuple[str, str]]:
        offers: list[tuple[str, str]] = []
        for k in range(hi, lo, -1):
            if len(offers) >= spare:
                break
            tree = self._old_tree(k)
            if tree is not None and self.checker.known(tree) is None and all(t != tree for t, _ in offers):
                offers.append((tree, self.series.names[k - 1]))
        return offers


def _blame(git: Git, queue: Queue, checker: Checker, series: CheckSeries, found: CheckReport,
           progress: Progress, bases: OldBases) -> BisectReport:
    k = found.first_bad_prefix or 0
    b = blame(git, queue, checker, series, k, progress, bases)
    explanation = b.explanation
    if found.first_bad is not None:
        # a patch checked without an earlier left-out one may only fail for lack of it
        order = [n for n, _ in queue.ordered()]
        before = [x.patch for x in series.left_out if order.index(x.patch) < order.index(found.first_bad)]
        if before:
            explanation += f"; note: checked without {', '.join(before)} (left out), which it may need"
    return BisectReport(found.first_bad, k, b.cause, tuple((r.prefix, r.ok) for r in found.runs), found.rounds,
                        b.compared_with, b.compared_rev, b.compared, b.culprit, b.upstream_range, b.upstream_checks,
                        b.untestable, explanation)


def _failing_run(found: CheckReport) -> PrefixCheck | None:
    k = found.first_bad_prefix or 0
    return next((r for r in found.runs if r.prefix == k and not r.ok),
                next((r for r in found.runs if not r.ok), None))


def _summary(checker: Checker, series: CheckSeries, found: CheckReport) -> CheckSummary:
    failing = _failing_run(found)
    lines = failing.output_tail.splitlines() if failing else []
    seconds = round(sum(r.seconds for r in checker.fresh.values() if not r.cached), 3)
    return CheckSummary(checker.command, found.ok, failing.exit_code if failing else 0,
                        bool(failing and failing.timed_out), seconds, "\n".join(lines[-EXCERPT_LINES:]),
                        len(series.names), series.left_out, checker.jobs, checker.executed, checker.hits,
                        checker.rounds)


def _log(found: CheckReport) -> bytes:
    return "".join(
        f"=== prefix {r.prefix} ({r.patch or 'base'}): {'ok' if r.ok else 'FAILED'}"
        f"{' (cached)' if r.cached else ''}\n{r.output_tail}\n"
        for r in found.runs).encode("utf-8", "replace")


def _check_action(queue: Queue, bisect: BisectReport, check: CheckSummary) -> Action:
    """The failing check as a thing to do; the culprit has its own column, so the first line is the why."""
    if bisect.cause == "upstream":
        why = f"passes on {bisect.compared}: the new upstream broke it"
    elif bisect.cause == "base" and bisect.culprit is not None:
        why = f"passes on {bisect.compared}: the new upstream broke the base"
    else:
        why = bisect.explanation
    note = bisect.explanation.partition("; note: ")[2]
    if note and note not in why:
        why += f"; note: {note}"
    if bisect.first_bad is None:
        return Action("", "check-failure", (), bisect.culprit,
                      f"the new upstream base alone fails the check; {why}\n{check.excerpt}")
    patch = queue.patches[bisect.first_bad]
    files = tuple(sorted(f.path for f in patch.files))
    return Action(bisect.first_bad, "check-failure", files, bisect.culprit,
                  f"first failing patch; {why}\n{check.excerpt}")


# ---------------------------------------------------------------- the rev record and idempotence

# run-dependent counts stay out of the rev record, so the same input writes the same bytes
_RUN_COUNTS = ("seconds", "runs", "cached", "rounds", "upstream_checks")


def _record_of(value: CheckSummary | BisectReport) -> dict[str, Any]:
    doc = asdict(value)
    for key in _RUN_COUNTS:
        doc.pop(key, None)
    return doc


def _culprit(doc: Any) -> Culprit | None:
    if not isinstance(doc, dict):
        return None
    return Culprit(str(doc.get("commit", "")), str(doc.get("subject", "")), str(doc.get("author", "")),
                   str(doc.get("role", "")))


def _summary_from(doc: Any) -> CheckSummary | None:
    if not isinstance(doc, dict) or "ok" not in doc:
        return None
    left = tuple(LeftOut(str(x["patch"]), str(x["reason"])) for x in doc.get("left_out", ()))
    return CheckSummary(str(doc.get("command", "")), bool(doc["ok"]), doc.get("exit_code"),
                        bool(doc.get("timed_out")), 0.0, str(doc.get("excerpt", "")), int(doc.get("checked", 0)),
                        left, int(doc.get("jobs", 1)), 0, 0, 0)


def _bisect_from(doc: Any) -> BisectReport | None:
    if not isinstance(doc, dict) or "cause" not in doc:
        return None
    return BisectReport(doc.get("first_bad"), int(doc.get("index", 0)), str(doc["cause"]),
                        tuple((int(k), bool(ok)) for k, ok in doc.get("tested", ())), int(doc.get("rounds", 0)),
                        doc.get("compared_with"), doc.get("compared_rev"), str(doc.get("compared", "")),
                        _culprit(doc.get("culprit")),
                        int(doc.get("upstream_range", 0)), 0, tuple(doc.get("untestable", ())),
                        str(doc.get("explanation", "")))


def _action_from(doc: dict[str, Any]) -> Action:
    return Action(str(doc["patch"]), str(doc["kind"]), tuple(doc.get("files", ())), _culprit(doc.get("culprit")),
                  str(doc.get("detail", "")))


def _same_run(queue: Queue, onto: str, command: str | None) -> StabilizeResult | None:
    """Idempotence: nothing changed since the last run, so nothing is redone.

    The last rev either left the queue alone (a candidate: the queue's files
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
    elif last.status in ("needs-attention", "unchecked") and last.extra.get("digest_before") == digest:
        verdict = last.status
    else:
        return None
    reason = f"nothing changed since rev {last.rev} ({short(onto)}, same check, same patches)"
    return StabilizeResult(queue.name, verdict, last.rev, last.base, last.onto, last.onto_ref, last.patches, (),
                           _summary_from(last.extra.get("check")), _bisect_from(last.extra.get("bisect")),
                           tuple(_action_from(a) for a in last.extra.get("actions", [])), reason, {})
