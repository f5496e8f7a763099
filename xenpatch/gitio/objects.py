"""Batched object reads through one long-lived ``git cat-file --batch`` process.

Reading thousands of blobs (diff analysis, symbol extraction, scoring) with one
process per object would cost a fork+exec each; the batch protocol costs one
pipe round-trip per object.
"""

from __future__ import annotations

import subprocess
import weakref

from xenpatch.errors import GitError, UnknownRef
from xenpatch.gitio.run import Git, ObjectId


class ObjectReader:
    """``cat-file --batch`` wrapper; use as a context manager or call ``close()``."""

    def __init__(self, git: Git, shared: bool = False) -> None:
        self._git = git
        self._proc: subprocess.Popen[bytes] | None = None
        self._shared = shared  # the Git handle's own channel: callers' close() leaves it running

    def _start(self) -> subprocess.Popen[bytes]:
        if self._proc is None:
            self._proc = subprocess.Popen(
                self._git.command(["cat-file", "--batch"]),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=self._git.env(),
            )
            # a reader nobody stops (the Git handle's, when the handle goes away) still ends its process
            self._finalizer = weakref.finalize(self, _end, self._proc)
        return self._proc

    def read(self, name: str) -> tuple[str, bytes]:
        """Return (type, content) of an object named by id or ``rev:path``."""
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(name.encode() + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline()
        if not header:
            raise GitError(["cat-file", "--batch"], -1, b"cat-file exited")
        parts = header.split()
        if len(parts) == 2 and parts[1] == b"missing":
            raise UnknownRef(f"object {name} does not exist", "check the revision or path")
        if len(parts) == 2 and parts[1] == b"ambiguous":
            raise UnknownRef(f"object name {name} is ambiguous", "use a longer object id")
        size = int(parts[2])
        data = proc.stdout.read(size)
        proc.stdout.read(1)  # the LF after the content
        return parts[1].decode(), data

    def blob(self, name: str) -> bytes:
        kind, data = self.read(name)
        if kind != "blob":
            raise GitError(["cat-file"], 1, f"{name} is a {kind}, not a blob".encode())
        return data

    def blob_or_none(self, name: str) -> bytes | None:
        try:
            return self.blob(name)
        except UnknownRef:
            return None

    def close(self) -> None:
        if not self._shared:
            self.stop()

    def stop(self) -> None:
        if self._proc is not None:
            self._finalizer.detach()
            if self._proc.stdin:
                self._proc.stdin.close()
            self._proc.wait()
            if self._proc.stdout:
                self._proc.stdout.close()
            self._proc = None

    def __enter__(self) -> "ObjectReader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _end(proc: subprocess.Popen[bytes]) -> None:
    for stream in (proc.stdin, proc.stdout):
        if stream is not None:
            stream.close()
    proc.wait()


def short(oid: ObjectId | str, n: int = 12) -> str:
    return str(oid)[:n]
