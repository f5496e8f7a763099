"""Temporary index and tree files: one directory per process inside the repository.

git needs real files for a private index (``GIT_INDEX_FILE``) or for the object
bodies ``hash-object --stdin-paths`` reads, and they must live where git can
rename its own lock files next to them, i.e. in the repository. A process that
is killed leaves them behind, so they all go into ``GIT_DIR/xenpatch-tmp/PID-X/``
whose ``owner`` file the process keeps ``flock``-ed while it lives. Any later run
removes the directories whose lock it can take: their owner is dead (the kernel
drops a lock with its process, even on kill -9), and a live one is never
touched, whatever its pid has become.
"""

from __future__ import annotations

import atexit
import fcntl
import os
import secrets
import shutil
import stat
import time
from pathlib import Path

from xenpatch.errors import XenpatchError

SCRATCH = "xenpatch-tmp"
_OWNER = "owner"
_STARTING = ".new-"
_STARTING_GRACE = 3600.0  # a directory still being set up is left alone this long


class _Scratch:
    def __init__(self, git_dir: Path) -> None:
        root = git_dir / SCRATCH
        try:
            root.mkdir(exist_ok=True)
        except FileExistsError:
            pass
        if stat.S_ISLNK(os.lstat(root).st_mode) or not root.is_dir():
            raise XenpatchError(f"{root} is not a directory", "remove it; xenpatch keeps temporary files there")
        sweep(root)
        token = f"{os.getpid()}-{secrets.token_hex(4)}"
        starting = root / f"{_STARTING}{token}"
        starting.mkdir()
        fd = os.open(starting / _OWNER, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.path = root / token
        os.rename(starting, self.path)
        self._fd: int | None = fd
        self._pid = os.getpid()
        atexit.register(self.close)

    def close(self) -> None:
        if self._fd is not None and os.getpid() == self._pid:
            shutil.rmtree(self.path, ignore_errors=True)
            os.close(self._fd)
            self._fd = None


def sweep(root: Path) -> list[str]:
    """Remove the scratch directories of dead processes; return their names."""
    removed: list[str] = []
    try:
        names = os.listdir(root)
    except FileNotFoundError:
        return removed
    for name in names:
        path = root / name
        if name.startswith(_STARTING):
            # not locked yet: its owner is named in it; gone, or too old to be still starting
            pid = name[len(_STARTING):].split("-", 1)[0]
            try:
                if not alive(int(pid)) or time.time() - os.lstat(path).st_mtime > _STARTING_GRACE:
                    shutil.rmtree(path, ignore_errors=True)
                    removed.append(name)
            except (FileNotFoundError, ValueError):
                pass
            continue
        try:
            fd = os.open(path / _OWNER, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except FileNotFoundError:
            shutil.rmtree(path, ignore_errors=True)  # its owner died while removing it
            removed.append(name)
            continue
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue  # alive
        shutil.rmtree(path, ignore_errors=True)
        os.close(fd)
        removed.append(name)
    return removed


def alive(pid: int) -> bool:
    """Is a process with this pid running (one we may not signal counts as running)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_BY_DIR: dict[tuple[int, str], _Scratch] = {}


def scratch_dir(git_dir: Path) -> Path:
    """This process's private directory for temporary files in the repository at ``git_dir``."""
    key = (os.getpid(), str(git_dir))
    found = _BY_DIR.get(key)
    if found is None or found._fd is None or not found.path.is_dir():
        found = _BY_DIR[key] = _Scratch(git_dir)
    return found.path
