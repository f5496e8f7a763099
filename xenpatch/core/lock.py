"""Moved: the queue lock is the store's (``xenpatch.store.QueueLock``, in ``.xenpatch/``).

This alias keeps ``QueueLock(queue.root, what)`` working for code written before
the store existed; new code uses ``xenpatch.store.QueueLock(workspace, name, what)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def QueueLock(root: Path, what: str = "") -> Any:  # noqa: N802 - the old class name
    from xenpatch.store.lock import QueueLock as StoreLock
    return StoreLock(root.parent.parent, root.name, what)
