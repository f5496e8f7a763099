"""Files the user names on the command line (reports): written whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

from xenpatch.store.confined import write_new


def write_file_atomic(path: Path, data: bytes) -> None:
    """Write one file atomically (temporary file beside it, fsync, rename).

    The path is the user's own argument, so it is taken as given (links in it
    are the user's choice); only the temporary file is created exclusively.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = f".{path.name}.xenpatch-tmp-{os.getpid()}"
    dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        write_new(dir_fd, tmp, data, replace_stale=True)  # a leftover of a killed run with our pid
        os.replace(tmp, path.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    finally:
        os.close(dir_fd)
