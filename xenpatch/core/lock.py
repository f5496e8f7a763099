"""One process at a time per queue, with locks of dead processes cleared.

``flock`` on ``queues/NAME/.xenpatch-lock``: the kernel drops the lock when its
owner dies (even by kill -9), so a stale lock can never block a later run and
two runs that find it stale cannot both take it. The file itself stays and
records the last owner, so a run can tell it took over from a dead process
(``stale_owner``). The file is never unlinked: unlinking a flocked file lets a
third process lock a fresh inode while the second still holds the old one.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from pathlib import Path
from types import TracebackType
from typing import Any

from xenpatch.errors import QueueError

LOCK_NAME = ".xenpatch-lock"


class QueueLock:
    def __init__(self, root: Path, what: str = "") -> None:
        self.path = root / LOCK_NAME
        self.what = what
        self._fd: int | None = None
        self.stale_owner: dict[str, Any] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = _read_owner(fd)
            os.close(fd)
            raise QueueError(
                f"queue {self.path.parent.name} is busy: {owner.get('what') or 'a command'} "
                f"(pid {owner.get('pid', '?')}) is running on it",
                "wait for it to finish, or run again later",
            ) from None
        previous = _read_owner(fd)
        if previous.get("running"):
            self.stale_owner = previous  # its owner died without releasing
        record = {"pid": os.getpid(), "host": socket.gethostname(), "what": self.what, "running": True}
        _write_owner(fd, record)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            _write_owner(self._fd, {"running": False})
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "QueueLock":
        self.acquire()
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.release()


def _read_owner(fd: int) -> dict[str, Any]:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = os.read(fd, 4096)
        value = json.loads(data) if data.strip() else {}
        return value if isinstance(value, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_owner(fd: int, record: dict[str, Any]) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, (json.dumps(record, sort_keys=True) + "\n").encode())
