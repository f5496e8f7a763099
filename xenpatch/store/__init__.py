"""The queue store: the one write path for a queue and everything xenpatch keeps beside it.

``paths`` names every file, directory and ref; ``confined`` reads and writes
without ever following a link out of a queue or ``.xenpatch/``; ``lock`` is the
queue lock (in ``.xenpatch/``) and the commit lock; ``journal`` makes a set of
file changes atomic; ``queue_store`` loads a queue and runs the writing session
(lock, then recovery, then load, then one transaction); ``records`` and
``revwrite`` stage what commands write; ``exportdir`` puts a mail series in place
as one directory rename.
"""

from xenpatch.store.lock import QueueLock
from xenpatch.store.paths import check_queue_name, export_file, rev_file, timings_file
from xenpatch.store.queue_store import (
    QueueStore,
    Session,
    StoreTransaction,
    session_of,
    writing,
)
from xenpatch.store.records import (
    STATE_NAME,
    clear_state,
    has_state,
    list_exports,
    list_revs,
    load_resolutions,
    load_rev,
    load_state,
    next_rev_number,
    queue_digest,
    queue_files,
    save_state,
    stage_export_record,
    stage_rev,
    stage_series,
    transaction,
)
from xenpatch.store.workspace import Workspace

__all__ = [
    "QueueLock", "QueueStore", "STATE_NAME", "Session", "StoreTransaction", "Workspace", "check_queue_name",
    "clear_state", "export_file", "has_state", "list_exports", "list_revs", "load_resolutions", "load_rev",
    "load_state", "next_rev_number", "queue_digest", "queue_files", "rev_file", "save_state", "session_of",
    "stage_export_record", "stage_rev", "stage_series", "timings_file", "transaction", "writing",
]
