"""File access confined to one directory tree, never through a symbolic link.

A queue is data from someone else: a ``revs`` that is a symlink to ``/etc`` or a
``patches/series`` that is a FIFO must not make xenpatch write there or hang.
Every access walks from the tree's root one component at a time with
``O_NOFOLLOW`` directory descriptors (``openat``), so a link anywhere below the
root is refused with a message naming it, and a check cannot race a swap of a
component by a link (there is no separate "check, then open by name").
The root itself is opened once as given: the user chose where it is.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

from xenpatch.errors import QueueError

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def parts_of(rel: str) -> list[str]:
    """The components of a relative path, or ValueError when it could leave its root."""
    parts = rel.split("/")
    if not rel or rel.startswith("/") or "\0" in rel or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"not a plain relative path: {rel!r}")
    return parts


def is_plain_relative(rel: object) -> bool:
    if not isinstance(rel, str):
        return False
    try:
        parts_of(rel)
    except ValueError:
        return False
    return True


def fsync_dir(fd: int) -> None:
    try:
        os.fsync(fd)
    except OSError:
        pass


class Confined:
    """Reads and writes below ``root`` (an absolute path), refusing symlinks and special files."""

    def __init__(self, root: Path, label: str) -> None:
        self.root = root
        self.label = label  # how messages name the root, e.g. "queues/xen"

    # ---------------------------------------------------------- walking

    def _refuse(self, rel: str, exc: OSError | None = None) -> QueueError:
        where = f"{self.label}/{rel}"
        try:
            st = os.lstat(self.root / rel)
        except OSError:
            st = None
        if st is not None and stat.S_ISLNK(st.st_mode):
            return QueueError(f"{where} is a symbolic link; xenpatch never follows links inside a queue "
                              "or .xenpatch/", "replace it with a real file or directory")
        if st is not None and not stat.S_ISDIR(st.st_mode) and not stat.S_ISREG(st.st_mode):
            return QueueError(f"{where} is not a regular file or directory", "remove it")
        detail = f" ({exc.strerror})" if exc is not None and exc.strerror else ""
        return QueueError(f"{where} cannot be used{detail}", "check that it is a plain directory or file")

    def _open_root(self, create: bool) -> int | None:
        try:
            return os.open(self.root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except FileNotFoundError:
            if not create:
                return None
            raise QueueError(f"{self.label} does not exist", "create it first") from None
        except NotADirectoryError:
            raise QueueError(f"{self.label} is not a directory", "remove it or pick another name") from None

    def open_dir(self, parts: list[str], create: bool = False) -> int | None:
        """A descriptor of the directory ``parts`` below the root (created with ``create``), or
        None when it does not exist. The caller closes it."""
        fd = self._open_root(create)
        if fd is None:
            return None
        for i, part in enumerate(parts):
            try:
                try:
                    nfd = os.open(part, _DIR_FLAGS, dir_fd=fd)
                except FileNotFoundError:
                    if not create:
                        os.close(fd)
                        return None
                    try:
                        os.mkdir(part, 0o777, dir_fd=fd)
                    except FileExistsError:
                        pass
                    nfd = os.open(part, _DIR_FLAGS, dir_fd=fd)
            except OSError as exc:
                os.close(fd)
                if isinstance(exc, FileNotFoundError):
                    raise
                raise self._refuse("/".join(parts[:i + 1]), exc) from None
            os.close(fd)
            fd = nfd
        return fd

    def _parent(self, rel: str, create: bool) -> tuple[int | None, str]:
        parts = parts_of(rel)
        return self.open_dir(parts[:-1], create), parts[-1]

    # ---------------------------------------------------------- reading

    def lstat(self, rel: str) -> os.stat_result | None:
        fd, name = self._parent(rel, False)
        if fd is None:
            return None
        try:
            return os.stat(name, dir_fd=fd, follow_symlinks=False)
        except FileNotFoundError:
            return None
        finally:
            os.close(fd)

    def exists(self, rel: str) -> bool:
        return self.lstat(rel) is not None

    def is_file(self, rel: str) -> bool:
        st = self.lstat(rel)
        return st is not None and stat.S_ISREG(st.st_mode)

    def read(self, rel: str) -> bytes | None:
        """The bytes of a regular file, None when it does not exist; a link or a special file is refused."""
        fd, name = self._parent(rel, False)
        if fd is None:
            return None
        try:
            try:
                ffd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=fd)
            except FileNotFoundError:
                return None
            except OSError as exc:
                raise self._refuse(rel, exc) from None
        finally:
            os.close(fd)
        try:
            if not stat.S_ISREG(os.fstat(ffd).st_mode):
                raise self._refuse(rel)
            chunks = []
            while True:
                chunk = os.read(ffd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
            return b"".join(chunks)
        finally:
            os.close(ffd)

    def listdir(self, rel: str = "") -> list[str]:
        """Names in a directory (sorted); [] when it does not exist."""
        fd = self.open_dir(parts_of(rel) if rel else [], False)
        if fd is None:
            return []
        try:
            return sorted(os.listdir(fd))
        finally:
            os.close(fd)

    # ---------------------------------------------------------- writing

    def check_writable(self, rel: str) -> None:
        """Refuse now, before anything is written, what a later write of ``rel`` would refuse."""
        parts = parts_of(rel)
        fd = self._open_root(False)
        if fd is None:
            return
        try:
            for i, part in enumerate(parts):
                try:
                    st = os.stat(part, dir_fd=fd, follow_symlinks=False)
                except FileNotFoundError:
                    return
                last = i == len(parts) - 1
                if stat.S_ISLNK(st.st_mode) or (not last and not stat.S_ISDIR(st.st_mode)):
                    raise self._refuse("/".join(parts[:i + 1]))
                if last:
                    if stat.S_ISDIR(st.st_mode):
                        raise QueueError(f"{self.label}/{rel} is a directory", "move it out of the way")
                    return
                nfd = os.open(part, _DIR_FLAGS, dir_fd=fd)
                os.close(fd)
                fd = nfd
        finally:
            os.close(fd)

    def write(self, rel: str, data: bytes, exclusive: bool = False) -> None:
        """Write one file atomically: a temporary file beside it, fsync, rename over it."""
        fd, name = self._parent(rel, True)
        assert fd is not None
        try:
            if exclusive:
                write_new(fd, name, data)
            else:
                tmp = f".{name}.xenpatch-tmp-{os.getpid()}"
                write_new(fd, tmp, data, replace_stale=True)
                os.replace(tmp, name, src_dir_fd=fd, dst_dir_fd=fd)
            fsync_dir(fd)
        finally:
            os.close(fd)

    def makedirs(self, rel: str) -> None:
        fd = self.open_dir(parts_of(rel), True)
        if fd is not None:
            os.close(fd)

    def rename(self, src: str, dst: str, dst_fs: "Confined | None" = None) -> None:
        """Move ``src`` to ``dst`` (in ``dst_fs``, default this tree), replacing ``dst``.

        Across file systems the bytes are copied to a temporary file beside ``dst``
        and renamed over it, then ``src`` is removed: still one atomic step for ``dst``.
        """
        target = dst_fs or self
        sfd, sname = self._parent(src, False)
        if sfd is None:
            raise FileNotFoundError(errno.ENOENT, "no such file", f"{self.label}/{src}")
        try:
            dfd, dname = target._parent(dst, True)
            assert dfd is not None
            try:
                try:
                    os.replace(sname, dname, src_dir_fd=sfd, dst_dir_fd=dfd)
                except OSError as exc:
                    if exc.errno != errno.EXDEV:
                        raise
                    data = self.read(src)
                    assert data is not None
                    tmp = f".{dname}.xenpatch-tmp-{os.getpid()}"
                    write_new(dfd, tmp, data, replace_stale=True)
                    os.replace(tmp, dname, src_dir_fd=dfd, dst_dir_fd=dfd)
                    os.unlink(sname, dir_fd=sfd)
                fsync_dir(dfd)
            finally:
                os.close(dfd)
        finally:
            os.close(sfd)

    def unlink(self, rel: str) -> None:
        fd, name = self._parent(rel, False)
        if fd is None:
            return
        try:
            os.unlink(name, dir_fd=fd)
        except FileNotFoundError:
            pass
        finally:
            os.close(fd)

    def rmtree(self, rel: str) -> None:
        """Remove a directory tree of xenpatch's own (links inside are removed, never followed)."""
        fd, name = self._parent(rel, False)
        if fd is None:
            return
        try:
            shutil.rmtree(name, dir_fd=fd, ignore_errors=True)
        finally:
            os.close(fd)


class Anchored(Confined):
    """A directory below a trusted one (the workspace), every component reached without
    following links: ``queues/NAME`` may come from someone else's repository, and a link
    there would carry every write of the queue out of the workspace."""

    def __init__(self, anchor: Path, rel: str, create_root: bool = True) -> None:
        super().__init__(anchor / rel, rel)
        self._anchor = Confined(anchor, str(anchor))
        self._rel = rel
        self._create_root = create_root  # may a write create the directory itself?

    def _open_root(self, create: bool) -> int | None:
        fd = self._anchor.open_dir(parts_of(self._rel), create and self._create_root)
        if fd is None and create:
            raise QueueError(f"{self.label} does not exist", "create it first")
        return fd


def write_new(dir_fd: int, name: str, data: bytes, replace_stale: bool = False) -> None:
    """Create ``name`` in the directory ``dir_fd`` (never through a link), write it whole, fsync it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(name, flags, 0o644, dir_fd=dir_fd)
    except FileExistsError:
        if not replace_stale:
            raise
        os.unlink(name, dir_fd=dir_fd)  # a temporary file of a killed run with our pid
        fd = os.open(name, flags, 0o644, dir_fd=dir_fd)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
