"""Files the user names on the command line (reports): written whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path


def write_file_atomic(path: Path, data: bytes) -> None:
    """Write one file atomically (temporary file beside it, fsync, rename).

    The path is the user's own argument, so it is taken as given (links in it
    are the user's choice); only the temporary file is created exclusively.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.xenpatch-tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
