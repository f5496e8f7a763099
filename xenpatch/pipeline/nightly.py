"""``nightly``: stabilize every queue in the workspace, unattended.

Each queue runs under its own lock (a busy queue is reported, not waited for),
one queue's failure never stops the others, and a re-run with nothing new is a
no-op (stabilize's idempotence). A run killed half-way is simply run again:
stabilize writes nothing until a rev is complete.

A queue without a check command is still forward-ported (a bot should learn of
conflicts) but reported ``unchecked``, which needs a human (exit 1): nobody may
read green where nothing was checked.  A queue with nothing in it yet is
``empty``, which is not an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from xenpatch.core.progress import Progress
from xenpatch.errors import XenpatchError
from xenpatch.pipeline.stabilize import StabilizeResult, stabilize
from xenpatch.store import Workspace


@dataclass(frozen=True)
class QueueRun:
    queue: str
    verdict: str  # stabilized, up-to-date, empty, unchecked, needs-attention, error
    rev: int | None
    detail: str
    result: StabilizeResult | None


@dataclass(frozen=True)
class NightlyResult:
    runs: tuple[QueueRun, ...]

    @property
    def exit_code(self) -> int:
        verdicts = {r.verdict for r in self.runs}
        if "error" in verdicts:
            return 2
        if verdicts & {"needs-attention", "unchecked"}:
            return 1
        return 0


def nightly(workspace: Workspace, progress: Progress | None = None, jobs: int | None = None) -> NightlyResult:
    runs: list[QueueRun] = []
    for name in workspace.names():
        try:
            r = stabilize(workspace, name, progress=progress, jobs=jobs, require_check=False)
        except XenpatchError as exc:
            detail = exc.message + (f"; {exc.hint}" if exc.hint else "")
            runs.append(QueueRun(name, "error", None, detail, None))
            continue
        first = r.actions[0].detail.split("\n", 1)[0] if r.actions else r.reason
        runs.append(QueueRun(name, r.verdict, r.rev, first, r))
    return NightlyResult(tuple(runs))
