"""The store by queue root: what commands read and stage, named as they always were.

Pipelines hold a ``Queue`` (whose ``root`` is ``WORKSPACE/queues/NAME``); these
functions find its store from that root. Every write stages into the writing
session that holds the queue's lock, and fails loudly when there is none: no
command can write a queue without the lock.
"""

from __future__ import annotations

from pathlib import Path

from xenpatch.core.exportrec import ExportRecord
from xenpatch.core.queue import QueueState
from xenpatch.core.rebasestate import RebaseState
from xenpatch.core.resolutions import Resolution
from xenpatch.core.revs import RevRecord, timings_bytes
from xenpatch.core.series import Series
from xenpatch.store import paths
from xenpatch.store.queue_store import QueueStore, StoreTransaction, session_of

STATE_NAME = paths.REBASE_STATE


def list_revs(queue_root: Path) -> list[RevRecord]:
    return QueueStore.at(queue_root).revs()


def load_rev(queue_root: Path, rev: int) -> RevRecord:
    return QueueStore.at(queue_root).rev(rev)


def next_rev_number(queue_root: Path) -> int:
    return QueueStore.at(queue_root).next_rev()


def list_exports(queue_root: Path) -> list[ExportRecord]:
    return QueueStore.at(queue_root).exports()


def queue_files(queue_root: Path) -> dict[str, bytes]:
    return QueueStore.at(queue_root).files()


def queue_digest(queue_root: Path) -> str:
    """A digest of the series, patch files and state, to notice edits during a stop."""
    return QueueStore.at(queue_root).digest()


def load_resolutions(queue_root: Path) -> dict[str, Resolution]:
    return QueueStore.at(queue_root).resolutions()


def load_state(queue_root: Path) -> RebaseState | None:
    """The stopped rebase of a queue, if any."""
    return QueueStore.at(queue_root).rebase_state()


def has_state(queue_root: Path) -> bool:
    return QueueStore.at(queue_root).rebase_state_bytes() is not None


def save_state(queue_root: Path, state: RebaseState) -> None:
    session_of(queue_root).txn.write_private(paths.REBASE_STATE, state.to_bytes())


def clear_state(queue_root: Path) -> None:
    session_of(queue_root).txn.delete_private(paths.REBASE_STATE)


def transaction(queue_root: Path) -> StoreTransaction:
    """The one transaction of the writing session that holds this queue."""
    return session_of(queue_root).txn


def stage_series(txn: StoreTransaction, series: Series, patches: dict[str, bytes], state: QueueState) -> None:
    """Stage a full new series: series file, every (changed) patch file, state."""
    for name, data in sorted(patches.items()):
        txn.write(paths.patch_file(name), data)
    txn.write(paths.SERIES, series.to_bytes())
    txn.write(paths.STATE, state.to_bytes())


def stage_rev(txn: StoreTransaction, record: RevRecord, timings: dict[str, float],
              logs: dict[str, bytes] | None = None) -> None:
    """A rev record, its timings beside it, and its logs (``check.log`` ...)."""
    txn.write(paths.rev_file(record.rev), record.to_bytes())
    txn.write(paths.timings_file(record.rev), timings_bytes(timings))
    for log_name, data in sorted((logs or {}).items()):
        txn.write(paths.rev_log_file(record.rev, log_name), data)


def stage_export_record(txn: StoreTransaction, record: ExportRecord, replaces: bool) -> str:
    """The record of an exported version; an earlier record of it moves to the archive first."""
    rel = paths.export_file(record.version)
    if replaces:
        txn.archive(rel, txn.store.free_name(f"{paths.ARCHIVE}/{paths.EXPORTS}/v{record.version}", sep=".",
                                             suffix=".json"))
    txn.write(rel, record.to_bytes())
    return rel
