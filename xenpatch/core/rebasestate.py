"""The in-progress state of a rebase stopped at a conflict, as a value.

The queue's own files are not touched until a rebase finishes, so a stopped
rebase is entirely described by this one record: the old stack, what happened
to each patch so far, the new stack's head, and the pending conflict. Versioned
JSON with sorted keys, checked on read. Where it is kept is the store's business.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from xenpatch.core.model import Outcome
from xenpatch.core.revs import PatchRecord, object_id, patch_record
from xenpatch.errors import QueueError

STATE_FORMAT = 1


@dataclass(frozen=True)
class Pending:
    index: int
    name: str
    merged_tree: str  # the 3-way merge result, with conflict markers
    conflicts: tuple[str, ...]


@dataclass(frozen=True)
class RebaseState:
    rev: int
    base: str
    onto: str
    onto_ref: str
    stack: tuple[str, ...]
    names: tuple[str, ...]
    done: tuple[PatchRecord, ...]
    new_head: str
    pending: Pending | None
    queue_digest: str  # the queue's files when the rebase started
    timings: dict[str, float] = field(default_factory=dict)
    # what stopped: "rebase", or "add" (a backport that conflicts; ``plan`` holds what add needs)
    kind: str = "rebase"
    plan: dict[str, Any] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        doc: dict[str, Any] = asdict(self)
        doc["format"] = STATE_FORMAT
        for rec in doc["done"]:
            rec["outcome"] = Outcome(rec["outcome"]).value
        return (json.dumps(doc, sort_keys=True, indent=2) + "\n").encode()

    @staticmethod
    def parse(data: bytes, where: str) -> "RebaseState":
        try:
            doc = json.loads(data)
            if doc.pop("format") != STATE_FORMAT:
                raise ValueError("unknown format")
            done = tuple(patch_record(r) for r in doc.pop("done"))
            if doc.get("kind", "rebase") not in ("rebase", "add") or not isinstance(doc.get("plan", {}), dict):
                raise ValueError("unknown kind of stopped operation")
            pending = doc.pop("pending")
            state = RebaseState(
                done=done,
                pending=Pending(**{**pending, "conflicts": tuple(pending["conflicts"])}) if pending else None,
                stack=tuple(doc.pop("stack")),
                names=tuple(doc.pop("names")),
                **doc,
            )
            for what, oid in [("base", state.base), ("onto", state.onto), ("new_head", state.new_head)] + \
                    [("stack", c) for c in state.stack] + \
                    ([("merged_tree", state.pending.merged_tree)] if state.pending else []):
                object_id(oid, what)
            return state
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise QueueError(
                f"rebase state {where} is corrupt ({exc})",
                "run 'xenpatch rebase NAME --abort' to discard it (the queue itself is unchanged)",
            ) from None
