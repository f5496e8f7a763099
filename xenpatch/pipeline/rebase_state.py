"""Moved: the stopped-rebase record is ``xenpatch.core.rebasestate`` and the store keeps it
(``WORKSPACE/.xenpatch/queues/NAME/rebase-state.json``). Names kept for merging."""

from xenpatch.core.rebasestate import STATE_FORMAT, Pending, RebaseState
from xenpatch.store import STATE_NAME, load_state, queue_digest, save_state

__all__ = ["STATE_FORMAT", "STATE_NAME", "Pending", "RebaseState", "load_state", "queue_digest", "save_state"]
