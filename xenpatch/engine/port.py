"""The forward-port of a whole series, as one typed value.

``forward_port`` builds (or is given) the old stack, carries every patch onto
the new upstream through the ladder (``ladder.Forwarder``) and returns a
``ForwardPort``: what happened to each patch, the candidate stack, and the
real series (without conflicting patches and those that need them). It writes
no refs and no files; rebase, score and stabilize all take this one value.

With ``keep_going`` a conflict is carried provisionally and the port goes on;
without it the port stops at the first conflict and says where (``Pending``), so
that rebase can hand the conflict to a human and continue later from there.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Sequence

from xenpatch.core.model import Outcome
from xenpatch.core.patch import Patch
from xenpatch.core.progress import NoProgress, Progress
from xenpatch.core.queue import Queue
from xenpatch.core.rebasestate import Pending
from xenpatch.core.resolutions import Resolution
from xenpatch.core.revs import PatchRecord
from xenpatch.engine.ladder import Forwarder
from xenpatch.engine.stack import Stack, StackStore, remembered_stack
from xenpatch.gitio.run import Git, ObjectId


@dataclass(frozen=True)
class ForwardPort:
    stack: Stack  # the series on its old base
    onto: ObjectId
    onto_ref: str
    records: tuple[PatchRecord, ...]  # one per patch ported so far, series order
    head: ObjectId  # the candidate stack: applied patches and provisional stand-ins of conflicting ones
    real: tuple[tuple[str, ObjectId], ...]  # (patch, tree) for each patch that truly forward-ported
    stop: Pending | None = None  # the conflict a port without keep_going stopped at
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def base(self) -> ObjectId:
        return self.stack.base

    @property
    def conflicted(self) -> bool:
        return any(r.outcome is Outcome.CONFLICT for r in self.records)

    @property
    def counts(self) -> dict[str, int]:
        counts = {o.value: 0 for o in Outcome}
        for r in self.records:
            counts[r.outcome.value] += 1
        return counts


def forward_port(
    git: Git,
    patches: list[tuple[str, Patch]],
    strips: dict[str, int],
    stack: Stack,
    onto: ObjectId,
    onto_ref: str,
    resolutions: dict[str, Resolution],
    keep_going: bool = True,
    progress: Progress | None = None,
    start: int = 0,
    head: str | None = None,
    done: Sequence[PatchRecord] = (),
    timings: dict[str, float] | None = None,
) -> ForwardPort:
    """Carry patches ``start..`` onto ``head`` (default: ``onto``), after the records in ``done``."""
    progress = progress or NoProgress()
    timings = dict(timings or {})
    records = list(done)
    t0 = time.perf_counter()
    fwd = Forwarder(git, stack, patches, strips, onto, head or onto, resolutions)
    stop: Pending | None = None  # the conflict a port without keep_going stopped at
    progress.start(f"forward-porting onto {onto_ref}", len(patches) - start)
    try:
        for i in range(start, len(patches)):
            step = fwd.step(i)
            progress.advance()
            records.append(step.record)
            if step.record.outcome is not Outcome.CONFLICT:
                continue
            assert step.merge is not None
            if not keep_going:
                stop = Pending(i, step.record.name, step.merge.tree, tuple(step.merge.conflicts))
                break
            fwd.provisional(i, step.merge)
    finally:
        progress.done()
        fwd.close()
        git.writer.flush()  # the result names commits: they are on disk before anyone else looks
    timings["forward"] = timings.get("forward", 0.0) + time.perf_counter() - t0
    return ForwardPort(stack, onto, onto_ref, tuple(records), fwd.new_head, tuple(fwd.real), stop, timings)


def port_queue(
    queue: Queue,
    git: Git,
    base: ObjectId,
    onto: ObjectId,
    onto_ref: str,
    resolutions: dict[str, Resolution],
    keep_going: bool = True,
    progress: Progress | None = None,
    stacks: StackStore | None = None,
) -> ForwardPort:
    """The queue's whole selected series from ``base`` onto ``onto`` (``stacks``: where the
    old stack is remembered between runs)."""
    ordered = queue.ordered()
    strips = {n: queue.strip(n) for n, _ in ordered}
    t0 = time.perf_counter()
    stack = remembered_stack(git, base, ordered, strips, stacks, progress)
    timings = {"stack": time.perf_counter() - t0}
    return forward_port(git, ordered, strips, stack, onto, onto_ref, resolutions, keep_going, progress,
                        timings=timings)
