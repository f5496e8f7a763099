"""Where a queue's checkout record lives: xenpatch's own state, beside the rebase state."""

from __future__ import annotations

from pathlib import Path

from xenpatch.core.checkoutstate import CheckoutState
from xenpatch.store import paths
from xenpatch.store.queue_store import QueueStore, StoreTransaction


def load_checkout(queue_root: Path) -> CheckoutState | None:
    store = QueueStore.at(queue_root)
    with store.reading() as view:
        data = view.read_private(paths.CHECKOUT_STATE)
    if data is None:
        return None
    return CheckoutState.parse(data, str(store.private_fs.root / paths.CHECKOUT_STATE))


def stage_checkout(txn: StoreTransaction, state: CheckoutState) -> None:
    txn.write_private(paths.CHECKOUT_STATE, state.to_bytes())


def clear_checkout(txn: StoreTransaction) -> None:
    txn.delete_private(paths.CHECKOUT_STATE)
