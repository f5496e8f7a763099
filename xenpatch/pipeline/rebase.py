"""``rebase``: forward-port the series onto a new upstream rev, as one transaction.

Nothing in the queue changes until the whole series is through. A conflict
stops the rebase with its state in one file (``rebase-state.json``); a
``--keep-going`` run triages every conflict without stopping and records a
needs-attention rev instead of changing the queue. See ``forward.py`` for how
conflicts are attributed without cascading and ``forward_step.py`` for the
per-patch strategies.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from xenpatch.core.model import Outcome
from xenpatch.core.queue import Queue
from xenpatch.core.rebasestate import Pending, RebaseState
from xenpatch.core.revs import PatchRecord
from xenpatch.errors import QueueError
from xenpatch.gitio.objects import ObjectReader
from xenpatch.gitio.repo import resolve
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.writes import commit_tree
from xenpatch.pipeline.common import open_for_writing, require_base
from xenpatch.pipeline.forward import Stack, build_stack, stack_message, stack_patch_ids, upstream_patch_ids
from xenpatch.pipeline.forward_step import Forwarder
from xenpatch.pipeline.progress import NoProgress, Progress
from xenpatch.pipeline.resolve import remove_worktree, take_resolution
from xenpatch.store import (Workspace, clear_state, has_state, load_resolutions, load_state, next_rev_number,
                            queue_digest, save_state)
from xenpatch.store.revwrite import write_rev


@dataclass(frozen=True)
class RebaseResult:
    queue: str
    rev: int
    base: str
    onto: str
    onto_ref: str
    status: str  # "rebased", "stopped" (a conflict waits), "needs-attention" (--keep-going)
    patches: tuple[PatchRecord, ...]
    pending: Pending | None = None
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def conflicts(self) -> list[PatchRecord]:
        return [p for p in self.patches if p.outcome is Outcome.CONFLICT]


def _counts(records: tuple[PatchRecord, ...]) -> dict[str, int]:
    counts = {o.value: 0 for o in Outcome}
    for r in records:
        counts[r.outcome.value] += 1
    return counts


def _refuse_if_pending(queue: Queue) -> None:
    state = load_state(queue.root)
    if state is not None:
        name = queue.name
        raise QueueError(
            f"a rebase of '{name}' onto {state.onto_ref} is stopped at a conflict",
            f"fix it ('xenpatch resolve {name}', then 'xenpatch rebase {name} --continue') or 'xenpatch rebase {name} --abort'",
        )


@dataclass
class _Run:
    """Everything a rebase needs, whether it starts now or continues a stopped one."""

    queue: Queue
    git: Git
    reader: ObjectReader
    stack: Stack
    onto: ObjectId
    onto_ref: str
    rev: int
    done: list[PatchRecord]
    timings: dict[str, float]
    progress: Progress


def rebase(
    workspace: Workspace,
    name: str,
    onto: str | None = None,
    keep_going: bool = False,
    progress: Progress | None = None,
) -> RebaseResult:
    with open_for_writing(workspace, name, "rebase") as opened:
        return _start(opened.queue, opened.git, onto, keep_going, progress)


def _prepare(queue: Queue, git: Git, onto: str | None, progress: Progress | None,
             timings: dict[str, float]) -> _Run:
    base = require_base(queue)
    onto_ref = onto or queue.config.upstream
    onto_commit = resolve(git, onto_ref)
    progress = progress or NoProgress()
    t0 = time.perf_counter()
    ordered = queue.ordered()
    stack = build_stack(git, base, ordered, {n: queue.strip(n) for n, _ in ordered}, progress)
    timings["stack"] = time.perf_counter() - t0
    return _Run(queue, git, ObjectReader(git), stack, onto_commit, onto_ref, next_rev_number(queue.root), [],
                timings, progress)


def _start(queue: Queue, git: Git, onto: str | None, keep_going: bool, progress: Progress | None) -> RebaseResult:
    _refuse_if_pending(queue)
    run = _prepare(queue, git, onto, progress, {})
    try:
        return _write(run, _forward(run, start=0, new_head=run.onto, keep_going=keep_going))
    finally:
        run.reader.close()


@dataclass(frozen=True)
class Forwarded:
    """A forward-port computed in memory, not yet written as a rev."""

    stack: Stack
    onto: ObjectId
    onto_ref: str
    rev: int
    records: tuple[PatchRecord, ...]
    head: ObjectId  # the new stack (a triage candidate when something conflicts)

    @property
    def conflicted(self) -> bool:
        return any(r.outcome is Outcome.CONFLICT for r in self.records)


def _forward(run: _Run, start: int, new_head: str, keep_going: bool) -> RebaseResult | Forwarded:
    """Carry patches start.. onto new_head; stop at a conflict unless keep_going."""
    queue, git = run.queue, run.git
    ordered = queue.ordered()
    strips = {n: queue.strip(n) for n, _ in ordered}
    t0 = time.perf_counter()
    paths = sorted({p for _, patch in ordered for f in patch.files for p in (f.old_path, f.new_path) if p})
    upstream = upstream_patch_ids(git, run.stack.base, run.onto, paths)
    pids = stack_patch_ids(git, run.stack)
    run.timings["upstream-index"] = run.timings.get("upstream-index", 0.0) + time.perf_counter() - t0
    t0 = time.perf_counter()
    fwd = Forwarder(git, run.reader, run.stack, ordered, strips, run.onto, new_head, upstream, pids,
                    load_resolutions(queue.root))
    run.progress.start(f"forward-porting onto {run.onto_ref}", len(ordered) - start)
    try:
        for i in range(start, len(ordered)):
            step = fwd.step(i)
            run.progress.advance()
            if step.record.outcome is not Outcome.CONFLICT:
                run.done.append(step.record)
                continue
            if not keep_going:
                run.timings["forward"] = run.timings.get("forward", 0.0) + time.perf_counter() - t0
                assert step.merge is not None
                pending = Pending(i, step.record.name, step.merge.tree, tuple(step.merge.conflicts))
                state = RebaseState(
                    rev=run.rev, base=run.stack.base, onto=run.onto, onto_ref=run.onto_ref,
                    stack=run.stack.commits, names=run.stack.names, done=tuple(run.done),
                    new_head=fwd.new_head, pending=pending, queue_digest=queue_digest(queue.root),
                    timings=run.timings,
                )
                save_state(queue.root, state)
                records = tuple(run.done) + (step.record,)
                return RebaseResult(queue.name, run.rev, run.stack.base, run.onto, run.onto_ref, "stopped",
                                    records, pending, _counts(records), dict(run.timings))
            assert step.merge is not None
            run.done.append(step.record)
            fwd.provisional(i, step.merge)
    finally:
        run.progress.done()
        fwd.close()
    run.timings["forward"] = run.timings.get("forward", 0.0) + time.perf_counter() - t0
    records = tuple(run.done)
    return Forwarded(run.stack, run.onto, run.onto_ref, run.rev, records, fwd.new_head)


def _write(run: _Run, fwd: RebaseResult | Forwarded) -> RebaseResult:
    """Write a finished forward-port as the queue's next rev (or a triage candidate)."""
    if isinstance(fwd, RebaseResult):
        return fwd
    status = "needs-attention" if fwd.conflicted else "rebased"
    t0 = time.perf_counter()
    write_rev(run.git, run.queue, fwd.rev, fwd.stack, fwd.onto, fwd.onto_ref, fwd.records, fwd.head, status,
              run.timings, advance=not fwd.conflicted)
    run.timings["write"] = time.perf_counter() - t0
    return RebaseResult(run.queue.name, fwd.rev, fwd.stack.base, fwd.onto, fwd.onto_ref, status, fwd.records, None,
                        _counts(fwd.records), dict(run.timings))


def forward_port(queue: Queue, git: Git, onto: str, progress: Progress | None = None,
                 timings: dict[str, float] | None = None) -> Forwarded:
    """The whole series onto ``onto`` with every automatic strategy, past conflicts, writing nothing."""
    _refuse_if_pending(queue)
    run = _prepare(queue, git, onto, progress, timings if timings is not None else {})
    try:
        result = _forward(run, start=0, new_head=run.onto, keep_going=True)
    finally:
        run.reader.close()
    assert isinstance(result, Forwarded)
    return result


def abort(workspace: Workspace, name: str) -> RebaseState | None:
    with open_for_writing(workspace, name, "rebase --abort") as opened:
        if not has_state(opened.queue.root):
            raise QueueError(f"no rebase of '{name}' is in progress", "nothing to abort")
        try:
            state = load_state(opened.queue.root)
        except QueueError:
            state = None  # a corrupt state is exactly what --abort is for
        remove_worktree(workspace, opened.git, name)
        clear_state(opened.queue.root)
        return state


def continue_rebase(workspace: Workspace, name: str, keep_going: bool = False,
                    progress: Progress | None = None) -> RebaseResult:
    with open_for_writing(workspace, name, "rebase --continue") as opened:
        return _continue(workspace, opened.queue, opened.git, keep_going, progress)


def _continue(workspace: Workspace, queue: Queue, git: Git, keep_going: bool,
              progress: Progress | None) -> RebaseResult:
    name = queue.name
    state = load_state(queue.root)
    if state is None or state.pending is None:
        raise QueueError(f"no rebase of '{name}' is stopped at a conflict", f"start one with 'xenpatch rebase {name}'")
    if queue_digest(queue.root) != state.queue_digest:
        raise QueueError(
            f"the patches of '{name}' changed while the rebase was stopped",
            f"undo those edits, or 'xenpatch rebase {name} --abort' and start again",
        )
    ordered = queue.ordered()
    stack = Stack(ObjectId(state.base), tuple(ObjectId(c) for c in state.stack), state.names)
    pending = state.pending
    resolved_tree = take_resolution(workspace, git, queue, pending)
    pname, patch = ordered[pending.index]
    commit = commit_tree(git, resolved_tree, [state.new_head], stack_message(pname, patch))
    record = PatchRecord(pname, Outcome.RESOLVED, patch.subject or pname, commit=commit,
                         conflicts=pending.conflicts, detail="resolved by hand; resolution recorded")
    run = _Run(queue, git, ObjectReader(git), stack, ObjectId(state.onto), state.onto_ref, state.rev,
               list(state.done) + [record], dict(state.timings), progress or NoProgress())
    try:
        result = _write(run, _forward(run, start=pending.index + 1, new_head=commit, keep_going=keep_going))
    finally:
        run.reader.close()
    if result.status != "stopped":
        remove_worktree(workspace, git, name)
    return result

