"""``rebase``: forward-port the series onto a new upstream rev, as one transaction.

The forward-port itself is the engine's (``xenpatch.engine``); this module only
decides what a rebase does with it: stop at a conflict (its state in one file,
``rebase-state.json``), continue after a human resolved it, abort, or, with
``--keep-going``, record a needs-attention rev that triages every conflict
without changing the queue. Nothing in the queue changes until the whole
series is through.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from xenpatch.core.model import Outcome
from xenpatch.core.progress import NoProgress, Progress
from xenpatch.core.queue import Queue
from xenpatch.core.rebasestate import Pending, RebaseState
from xenpatch.core.revs import PatchRecord
from xenpatch.engine import ForwardPort, Stack, forward_port, port_queue, stack_message
from xenpatch.errors import QueueError
from xenpatch.gitio.objects import commit_tree
from xenpatch.gitio.repo import resolve
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.pipeline.common import open_for_writing, require_base
from xenpatch.pipeline.resolve import remove_worktree, take_resolution
from xenpatch.store import (
    Workspace,
    clear_state,
    has_state,
    load_resolutions,
    load_state,
    next_rev_number,
    queue_digest,
    save_state,
)
from xenpatch.store.revwrite import write_rev
from xenpatch.store.stackcache import StackCache


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


def refuse_if_pending(queue: Queue) -> None:
    state = load_state(queue.root)
    if state is not None:
        name = queue.name
        if state.kind == "add":
            raise QueueError(
                f"adding {state.pending.name if state.pending else 'a patch'} to '{name}' is stopped at a conflict",
                f"fix it ('xenpatch resolve {name}', then 'xenpatch add {name} --continue') or "
                f"'xenpatch add {name} --abort'",
            )
        raise QueueError(
            f"a rebase of '{name}' onto {state.onto_ref} is stopped at a conflict",
            f"fix it ('xenpatch resolve {name}', then 'xenpatch rebase {name} --continue') or 'xenpatch rebase {name} --abort'",
        )


def rebase(
    workspace: Workspace,
    name: str,
    onto: str | None = None,
    keep_going: bool = False,
    progress: Progress | None = None,
) -> RebaseResult:
    with open_for_writing(workspace, name, "rebase") as opened:
        queue, git = opened.queue, opened.git
        refuse_if_pending(queue)
        base = require_base(queue)
        onto_ref = onto or queue.config.upstream
        port = port_queue(queue, git, base, resolve(git, onto_ref), onto_ref, load_resolutions(queue.root),
                          keep_going, progress or NoProgress(), StackCache(workspace.root, name))
        return _finish(queue, git, next_rev_number(queue.root), port)


def _finish(queue: Queue, git: Git, rev: int, port: ForwardPort) -> RebaseResult:
    """Stop at the port's conflict, or write it as the queue's next rev (or a triage candidate)."""
    timings = dict(port.timings)
    if port.stop is not None:
        pending = port.stop
        done = tuple(port.records[:-1])
        save_state(queue.root, RebaseState(
            rev=rev, base=port.base, onto=port.onto, onto_ref=port.onto_ref, stack=port.stack.commits,
            names=port.stack.names, done=done, new_head=port.head, pending=pending,
            queue_digest=queue_digest(queue.root), timings=timings,
        ))
        return RebaseResult(queue.name, rev, port.base, port.onto, port.onto_ref, "stopped", port.records, pending,
                            port.counts, timings)
    status = "needs-attention" if port.conflicted else "rebased"
    t0 = time.perf_counter()
    write_rev(git, queue, rev, port.stack, port.onto, port.onto_ref, port.records, port.head, status, timings,
              advance=not port.conflicted)
    timings["write"] = time.perf_counter() - t0
    return RebaseResult(queue.name, rev, port.base, port.onto, port.onto_ref, status, port.records, None,
                        port.counts, timings)


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
    if state.kind != "rebase":
        raise QueueError(f"what is stopped at a conflict in '{name}' is an add, not a rebase",
                         f"continue it with 'xenpatch add {name} --continue'")
    if queue_digest(queue.root) != state.queue_digest:
        raise QueueError(
            f"the patches of '{name}' changed while the rebase was stopped",
            f"undo those edits, or 'xenpatch rebase {name} --abort' and start again",
        )
    ordered = queue.ordered()
    strips = {n: queue.strip(n) for n, _ in ordered}
    stack = Stack(ObjectId(state.base), tuple(ObjectId(c) for c in state.stack), state.names)
    pending = state.pending
    resolved_tree = take_resolution(workspace, git, queue, pending, state.new_head)
    pname, patch = ordered[pending.index]
    commit = commit_tree(git, resolved_tree, [state.new_head], stack_message(pname, patch))
    record = PatchRecord(pname, Outcome.RESOLVED, patch.subject or pname, commit=commit,
                         conflict_files=pending.conflicts, detail="resolved by hand; resolution recorded")
    port = forward_port(git, ordered, strips, stack, ObjectId(state.onto), state.onto_ref,
                        load_resolutions(queue.root), keep_going, progress or NoProgress(),
                        start=pending.index + 1, head=commit, done=list(state.done) + [record],
                        timings=dict(state.timings))
    result = _finish(queue, git, state.rev, port)
    if result.status != "stopped":
        remove_worktree(workspace, git, name)
    return result
