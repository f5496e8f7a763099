"""One writer at a time per queue; readers never see a half-finished commit.

The queue lock is ``flock`` on ``WORKSPACE/.xenpatch/queues/NAME/lock``, outside
the versioned queue folder (it never shows in ``git status``, and a queue cannot
ship a lock that is a link to some file of the user's). The kernel drops the
lock when its owner dies (even by kill -9), so a stale lock never blocks a later
run and two runs that find it stale cannot both take it. The file records the
last owner, so a run can tell it took over from a dead process (``stale_owner``).
It is never unlinked: unlinking a flocked file lets a third process lock a fresh
inode while the second still holds the old one.

The commit lock (``commit.lock`` beside it) is held exclusively by a writer only
while it moves a committed journal into place, and shared by a reader while it
reads the queue's files, so a read never sees the middle of a roll-forward.
Readers wait for it (a roll-forward takes milliseconds); they never wait for the
queue lock, which a rebase or a nightly stabilize may hold for an hour.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
from pathlib import Path
from types import TracebackType
from typing import Any, Iterator

from xenpatch.errors import QueueError
from xenpatch.store import paths
from xenpatch.store.confined import Anchored, Confined

_FILE_FLAGS = os.O_NOFOLLOW | os.O_CLOEXEC


def private_fs(workspace: Path, name: str) -> Confined:
    """The queue's private directory, reached from the workspace without following links."""
    rel = paths.private_dir(name)
    return Anchored(workspace, rel)


def _open_file(fs: Confined, rel: str, create: bool) -> int | None:
    parts = rel.split("/")
    dfd = fs.open_dir(parts[:-1], create)
    if dfd is None:
        return None
    try:
        flags = _FILE_FLAGS | (os.O_RDWR | os.O_CREAT if create else os.O_RDONLY)
        try:
            return os.open(parts[-1], flags, 0o644, dir_fd=dfd)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise fs._refuse(rel, exc) from None
    finally:
        os.close(dfd)


class QueueLock:
    def __init__(self, workspace: Path, name: str, what: str = "") -> None:
        self.name = name
        self.what = what
        self.fs = private_fs(workspace, name)
        self._fd: int | None = None
        self.stale_owner: dict[str, Any] | None = None

    @property
    def path(self) -> Path:
        return self.fs.root / paths.LOCK

    def acquire(self) -> None:
        fd = _open_file(self.fs, paths.LOCK, True)
        assert fd is not None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = _read_owner(fd)
            os.close(fd)
            raise QueueError(
                f"queue {self.name} is busy: {owner.get('what') or 'a command'} "
                f"(pid {owner.get('pid', '?')}) is running on it",
                "wait for it to finish, or run again later",
            ) from None
        previous = _read_owner(fd)
        if previous.get("running"):
            self.stale_owner = previous  # its owner died without releasing
        _write_owner(fd, {"pid": os.getpid(), "host": socket.gethostname(), "what": self.what, "running": True})
        self._fd = fd
        # created now, so that a reader finds it before this writer ever commits
        cfd = _open_file(self.fs, paths.COMMIT_LOCK, True)
        if cfd is not None:
            os.close(cfd)

    def release(self) -> None:
        if self._fd is not None:
            _write_owner(self._fd, {"running": False})
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> "QueueLock":
        self.acquire()
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.release()


@contextlib.contextmanager
def commit_lock(fs: Confined, exclusive: bool) -> Iterator[None]:
    """The commit lock; a reader of a queue no writer ever touched needs none (and creates nothing)."""
    try:
        fd = _open_file(fs, paths.COMMIT_LOCK, create=exclusive)
    except FileNotFoundError:
        fd = None
    if fd is None:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # closing the last descriptor releases the flock


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
