"""The object channel: reading objects through one ``cat-file --batch``, writing them from Python.

Reading thousands of blobs and trees (diff analysis, symbol extraction, every
forward-ported patch) with one process per object would cost a fork and exec
each; the batch protocol costs one pipe round trip per object, and the ``Git``
handle owns one such reader for the whole run (``git.reader``).

Writing: a forward-port creates a few objects per patch (a blob or two, the
trees on the path to them, a commit). Through ``hash-object``/``mktree``/
``commit-tree`` that is several processes per patch, more than all the real
work. Git's loose object format is simple and stable: the zlib-compressed
``"<type> <size>\\0<content>"``, stored under its SHA-1 in ``objects/xx/yyyy...``.
Writing it here (a temporary file linked into place, never over an existing
object) is what ``git hash-object -w`` does, and every git process reading the
repository sees the object at once (``git.writer``). Only SHA-1 repositories are
written this way. Commits carry xenpatch's fixed identity and date unless told
otherwise, so a commit written here has the id ``git commit-tree`` would give it.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import tempfile
import weakref
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from xenpatch.errors import GitError, UnknownRef
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.scratch import scratch_dir

Entry = tuple[str, str]  # (mode, object id)
TREE_MODE = "40000"
_PACK_TYPES = {"commit": 1, "tree": 2, "blob": 3, "tag": 4}
PLAIN_ID = re.compile(r"[0-9a-f]{40}")  # an object named by its full id, not a ref

INTERNAL_AUTHOR = b"xenpatch <xenpatch@localhost> 1700000000 +0000"

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
        writer = self._git.pending_writer()
        if writer is not None:
            found = writer.pending(name)
            if found is not None:
                return found
            if not PLAIN_ID.fullmatch(name):
                # a name git resolves (rev:path, ^{tree}) may walk through what this process wrote;
                # a plain id that is not pending is on disk already, or nowhere
                writer.flush()
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
            _end(self._proc)
            self._proc = None

    def __enter__(self) -> "ObjectReader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

def _end(proc: subprocess.Popen[bytes]) -> None:
    """End a ``cat-file --batch``: closing its input ends it, unless a forked child of this
    process still holds that pipe open, in which case it is killed rather than waited for
    (a finalizer that waits could block a process holding a lock the child needs)."""
    for stream in (proc.stdin, proc.stdout):
        if stream is not None:
            stream.close()
    try:
        proc.wait(timeout=0.2)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def short(oid: ObjectId | str, n: int = 12) -> str:
    return str(oid)[:n]

def object_id(kind: str, data: bytes) -> ObjectId:
    return ObjectId(hashlib.sha1(b"%s %d\0" % (kind.encode(), len(data)) + data).hexdigest())

def _sort_key(item: tuple[bytes, Entry]) -> bytes:
    name, (mode, _) = item
    return name + b"/" if mode == TREE_MODE else name

def tree_body(entries: Mapping[bytes, Entry]) -> bytes:
    """A tree object's content, entries in git's order (directories sort as ``name/``)."""
    return b"".join(mode.encode() + b" " + name + b"\0" + bytes.fromhex(oid)
                    for name, (mode, oid) in sorted(entries.items(), key=_sort_key))

def commit_body(tree: str, parents: Iterable[str], message: bytes, author: bytes | None = None,
                committer: bytes | None = None) -> bytes:
    head = f"tree {tree}\n".encode() + b"".join(f"parent {p}\n".encode() for p in parents)
    return (head + b"author " + (author or INTERNAL_AUTHOR) + b"\ncommitter " + (committer or INTERNAL_AUTHOR)
            + b"\n\n" + message)

class ObjectWriter:
    """Writes objects into a repository's object directory, in batches.

    Objects are kept in memory until something outside this process may need them
    (``flush``: before any git process runs, or a read through the object channel
    asks for one by a name it cannot serve itself), then written at once: a pack
    and its index when there are many (two files for a whole forward-port instead
    of a file per object, which on a VM's file system costs more than the work),
    loose objects when there are few.
    """

    PACK_FROM = 32  # pending objects from which a flush writes a pack
    DEFLATE_FROM = 8192  # objects this big are compressed in the background as they are written

    def __init__(self, git: Git) -> None:
        rc, out, _ = git.run_status(["config", "--get", "extensions.objectformat"])
        if rc == 0 and out.strip() not in (b"", b"sha1"):
            raise NotImplementedError("only SHA-1 repositories are written from Python")
        self.git = git
        self.objects = _objects_dir(git)
        self._known: set[str] = set()
        self._pending: dict[str, tuple[str, bytes]] = {}
        self._deflated: dict[str, Future[bytes]] = {}

    def write(self, kind: str, data: bytes) -> ObjectId:
        oid = object_id(kind, data)
        if oid not in self._known and oid not in self._pending:
            self._pending[oid] = (kind, data)
            if len(data) >= self.DEFLATE_FROM:
                # zlib lets go of the GIL: the blobs of a forward-port are compressed on the
                # second core while the first goes on applying patches
                self._deflated[oid] = _deflater().submit(zlib.compress, data, 1)
        return oid

    @property
    def has_pending(self) -> bool:
        return bool(self._pending)

    def pending(self, oid: str) -> tuple[str, bytes] | None:
        """An object written but not yet flushed (the object channel serves it from here)."""
        return self._pending.get(oid)

    def flush(self) -> None:
        """Put every pending object on disk."""
        if not self._pending:
            return
        objects = sorted(self._pending.items())
        if len(objects) >= self.PACK_FROM:
            self._write_pack(objects)
        else:
            for oid, (kind, data) in objects:
                self._write_loose(oid, kind, data)
        self._known.update(self._pending)
        self._pending.clear()
        self._deflated.clear()

    def _write_loose(self, oid: str, kind: str, data: bytes) -> None:
        folder = self.objects / oid[:2]
        path = folder / oid[2:]
        if path.exists():
            return
        folder.mkdir(exist_ok=True)
        raw = zlib.compress(b"%s %d\0" % (kind.encode(), len(data)) + data, 1)
        fd, tmp = tempfile.mkstemp(prefix="tmp_obj_", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(raw)
            os.chmod(tmp, 0o444)
            try:
                os.link(tmp, path)  # never replaces an object another process wrote first
            except FileExistsError:
                pass
            except OSError:  # a file system without hard links: git then renames too
                if not path.exists():
                    os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def _write_pack(self, objects: list[tuple[str, tuple[str, bytes]]]) -> None:
        """One pack (version 2, no deltas) and its version-2 index, renamed into ``objects/pack``
        from this process's scratch directory (the pack first: git only sees it with its index)."""
        pack = bytearray(b"PACK" + (2).to_bytes(4, "big") + len(objects).to_bytes(4, "big"))
        rows: list[tuple[bytes, int, int]] = []  # (binary id, crc32, offset)
        for oid, (kind, data) in objects:
            offset = len(pack)
            size = len(data)
            byte = (_PACK_TYPES[kind] << 4) | (size & 0x0F)
            size >>= 4
            head = bytearray()
            while size:
                head.append(byte | 0x80)
                byte = size & 0x7F
                size >>= 7
            head.append(byte)
            deflated = self._deflated.get(oid)
            entry = bytes(head) + (deflated.result() if deflated is not None else zlib.compress(data, 1))
            pack += entry
            rows.append((bytes.fromhex(oid), zlib.crc32(entry), offset))
        checksum = hashlib.sha1(pack).digest()
        pack += checksum
        if any(offset >= 1 << 31 for _, _, offset in rows):
            for oid, (kind, data) in objects:  # a pack this big needs 64-bit offsets: loose instead
                self._write_loose(oid, kind, data)
            return
        fanout = [0] * 256
        for binary, _, _ in rows:
            fanout[binary[0]] += 1
        total = 0
        idx = bytearray(b"\377tOc" + (2).to_bytes(4, "big"))
        for count in fanout:
            total += count
            idx += total.to_bytes(4, "big")
        idx += b"".join(binary for binary, _, _ in rows)
        idx += b"".join(crc.to_bytes(4, "big") for _, crc, _ in rows)
        idx += b"".join(offset.to_bytes(4, "big") for _, _, offset in rows)
        idx += checksum
        idx += hashlib.sha1(idx).digest()
        stem = f"pack-{checksum.hex()}"
        folder = self.objects / "pack"
        folder.mkdir(exist_ok=True)
        scratch = scratch_dir(self.git.git_dir)
        for suffix, content in ((".pack", bytes(pack)), (".idx", bytes(idx))):
            target = folder / (stem + suffix)
            if target.exists():
                continue
            fd, tmp = tempfile.mkstemp(prefix=f"tmp{suffix}-", dir=scratch)
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
            os.chmod(tmp, 0o444)
            os.replace(tmp, target)

    def blob(self, data: bytes) -> ObjectId:
        return self.write("blob", data)

    def tree(self, entries: Mapping[bytes, Entry]) -> ObjectId:
        return self.write("tree", tree_body(entries))

    def commit(self, tree: str, parents: Iterable[str], message: bytes, author: bytes | None = None,
               committer: bytes | None = None) -> ObjectId:
        """A commit; author and committer are git ident lines (``Name <email> <seconds> <+hhmm>``),
        xenpatch's fixed identity when not given."""
        return self.write("commit", commit_body(tree, parents, message, author, committer))

_DEFLATER: ThreadPoolExecutor | None = None


def _deflater() -> ThreadPoolExecutor:
    """One background thread for the process (a second would only compete with git for the cores)."""
    global _DEFLATER
    if _DEFLATER is None:
        _DEFLATER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xenpatch-deflate")
    return _DEFLATER


def _objects_dir(git: Git) -> Path:
    """The repository's object directory (a linked worktree shares its main repository's)."""
    env = os.environ.get("GIT_OBJECT_DIRECTORY")
    if env:
        return Path(env)
    common = git.git_dir / "commondir"
    if common.is_file():
        return (git.git_dir / common.read_text().strip()).resolve() / "objects"
    return git.git_dir / "objects"

def commit_tree(git: Git, tree: str, parents: Sequence[str], message: bytes) -> ObjectId:
    """A commit with xenpatch's own fixed identity and date, so that stacks recorded under
    refs/xenpatch are reproducible byte for byte (written from Python: the id commit-tree gives)."""
    return git.writer.commit(tree, parents, message)

def snapshot_tree(git: Git, files: dict[str, bytes]) -> ObjectId:
    """A tree holding ``files`` (relative paths), e.g. a queue's patch files at one rev (written from Python)."""
    root: dict[str, Any] = {}
    for path in sorted(files):
        *dirs, leaf = path.split("/")
        node = root
        for d in dirs:
            node = node.setdefault(d, {})
        node[leaf] = files[path]

    def write(node: dict[str, Any]) -> ObjectId:
        entries = {}
        for name, value in node.items():
            key = name.encode("utf-8", "surrogateescape")
            entries[key] = ("40000", write(value)) if isinstance(value, dict) else ("100644", git.writer.blob(value))
        return git.writer.tree(entries)

    return write(root)
