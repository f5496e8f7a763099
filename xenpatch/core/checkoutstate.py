"""The record of a checkout: which branch holds the series as commits, and what it held then.

``commit`` compares the branch with it: the same head and the same queue mean
nothing changed (the round trip is the identity without reading a commit);
a queue that changed since (a rebase, an add, a hand edit) is not silently
overwritten by an older branch. Versioned JSON, checked on read; where it is
kept is the store's business (``.xenpatch/queues/NAME/checkout.json``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from xenpatch.core.revs import object_id
from xenpatch.errors import QueueError

CHECKOUT_FORMAT = 1


@dataclass(frozen=True)
class CheckoutState:
    branch: str  # the full ref, refs/heads/...
    worktree: bool  # in the workspace's own work tree (.xenpatch/checkout/NAME), else a plain branch
    base: str  # the queue's base at checkout
    head: str  # the branch head xenpatch wrote last (checkout, or the commit that refreshed it)
    digest: str  # the queue's files (series, patches, state) then

    def to_bytes(self) -> bytes:
        doc = {**asdict(self), "format": CHECKOUT_FORMAT}
        return (json.dumps(doc, sort_keys=True, indent=2) + "\n").encode()

    @staticmethod
    def parse(data: bytes, where: str) -> "CheckoutState":
        try:
            doc = json.loads(data)
            if not isinstance(doc, dict) or doc.pop("format", None) != CHECKOUT_FORMAT:
                raise ValueError("unknown format")
            state = CheckoutState(**doc)
            if not isinstance(state.branch, str) or not state.branch.startswith("refs/heads/"):
                raise ValueError("branch is not a branch ref")
            object_id(state.base, "base")
            object_id(state.head, "head")
            return state
        except (ValueError, TypeError) as exc:
            raise QueueError(f"checkout record {where} is corrupt ({exc})",
                             "run 'xenpatch checkout NAME --force' to check the series out again") from None
