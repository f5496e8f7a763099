"""Putting a mail series in place as one step: a directory built aside, then renamed.

A killed export must leave either the old ``--to`` directory or the new one,
never half a series that ``git send-email DIR/*.patch`` would mail. The new
directory is built beside the old one (``.DIR.xenpatch-new-PID``): the files the
old one holds are hard-linked into it (copied where links are refused), stale
mails of the version being written go to ``archived/vN.K/``, the new mails are
written, and the two directories are exchanged with one ``renameat2
(RENAME_EXCHANGE)``. Where the file system cannot exchange, the old directory
is renamed aside first and the next export puts it back if a kill came between
the two renames.

The output directory is a directory of its own for mail series: regular files
and xenpatch's ``archived/`` folder. Anything else in it (other directories,
links) is refused before anything is written, so ``--to ~`` cannot make xenpatch
rebuild a home directory.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import stat
from pathlib import Path

from xenpatch.errors import BadInput
from xenpatch.gitio.scratch import alive

ARCHIVED = "archived"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_TMP_RE = re.compile(r"^\.(?P<name>.+)\.xenpatch-(?P<kind>new|old)-(?P<pid>\d+)$")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically; False when the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(a))



def _fsync_path(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def recover(out_dir: Path) -> None:
    """Undo what a killed export left beside ``out_dir``: put an old directory back, drop temporaries."""
    parent = out_dir.parent
    if not parent.is_dir():
        return
    for entry in sorted(os.listdir(parent)):
        m = _TMP_RE.match(entry)
        if not m or m.group("name") != out_dir.name or alive(int(m.group("pid"))):
            continue
        path = parent / entry
        if m.group("kind") == "old" and not out_dir.exists():
            os.rename(path, out_dir)  # killed between the two renames of the fallback
        elif m.group("kind") == "new" or out_dir.exists():
            shutil.rmtree(path, ignore_errors=True)


def _check_tree(root: Path, rel: str = "") -> list[str]:
    """Every file below root (relative names), or BadInput for what xenpatch would not carry over."""
    files: list[str] = []
    for name in sorted(os.listdir(root / rel if rel else root)):
        sub = f"{rel}/{name}" if rel else name
        st = os.lstat(root / sub)
        if stat.S_ISREG(st.st_mode):
            files.append(sub)
        elif stat.S_ISDIR(st.st_mode) and (rel or name == ARCHIVED):
            files.extend(_check_tree(root, sub))
        else:
            kind = "directory" if stat.S_ISDIR(st.st_mode) else "link or special file"
            raise BadInput(f"{root} holds {sub}, a {kind} that is not a mail file",
                           "export into a directory of its own (mail files and archived/ only)")
    return files


def _carry(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def put_in_place(out_dir: Path, mails: dict[str, bytes], stale: set[str], archive_as: str) -> None:
    """Make ``out_dir`` hold its current files plus ``mails``, with ``stale`` moved to ``archive_as``."""
    if out_dir.exists() and not out_dir.is_dir():
        raise BadInput(f"{out_dir} is a file, not a directory", "give a directory for the mail files with --to")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    recover(out_dir)
    existing = _check_tree(out_dir) if out_dir.is_dir() else []
    new = out_dir.parent / f".{out_dir.name}.xenpatch-new-{os.getpid()}"
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir()
    try:
        for rel in existing:
            target = f"{archive_as}/{rel}" if rel in stale else rel
            if target not in mails:
                _carry(out_dir / rel, new / target)
        for fname, data in sorted(mails.items()):
            path = new / fname
            with open(path, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        if stale:
            _fsync_path(new / archive_as, directory=True)
        _fsync_path(new, directory=True)
        if not out_dir.exists():
            os.rename(new, out_dir)
        elif not existing and not os.listdir(out_dir):
            os.rename(new, out_dir)  # replaces an empty directory in one step
        elif _exchange(new, out_dir):
            _drop_old(new, out_dir, set(existing))
        else:
            old = out_dir.parent / f".{out_dir.name}.xenpatch-old-{os.getpid()}"
            os.rename(out_dir, old)
            os.rename(new, out_dir)
            _drop_old(old, out_dir, set(existing))
        _fsync_path(out_dir.parent, directory=True)
    finally:
        shutil.rmtree(new, ignore_errors=True)


def _drop_old(old: Path, out_dir: Path, carried: set[str]) -> None:
    """Remove the old directory, whose files all live on in the new one; a file that
    appeared in it after it was read is moved over, never deleted."""
    for dirpath, _, names in os.walk(old):
        for name in names:
            rel = os.path.relpath(os.path.join(dirpath, name), old)
            if rel not in carried and not (out_dir / rel).exists():
                (out_dir / rel).parent.mkdir(parents=True, exist_ok=True)
                os.rename(os.path.join(dirpath, name), out_dir / rel)
    shutil.rmtree(old)
