"""Crash-safe multi-file writes for a queue directory.

A queue is many files (series, patches, state, rev records) that must change
together: a kill at any moment must leave either the old queue or the new one.
Single-file ``os.replace`` is atomic, a set of files is not, so writes go
through a small journal:

1. every new file is written and fsynced under ``.xenpatch-txn/`` together with
   a manifest saying where each goes and which files move to the archive;
2. the manifest is renamed to ``COMMIT``: this rename is the commit point;
3. the files are moved into place (each ``os.replace`` is idempotent to redo);
4. the journal directory is removed.

``recover()`` runs before any read: a journal without ``COMMIT`` is discarded
(the old queue stands), a journal with ``COMMIT`` is rolled forward (the new
queue stands). Nothing is ever deleted: a file that leaves the queue is moved
to ``archive/``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

JOURNAL = ".xenpatch-txn"
_MANIFEST_FORMAT = 1


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file_atomic(path: Path, data: bytes) -> None:
    """Write one file atomically (temp file in the same directory, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.xenpatch-tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


class Transaction:
    """Stage writes and archive-moves for one directory; ``commit()`` applies them all."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._writes: dict[str, bytes] = {}
        self._archives: dict[str, str] = {}
        self._deletes: set[str] = set()

    def write(self, relpath: str, data: bytes) -> None:
        _check_rel(relpath)
        self._writes[relpath] = data

    def archive(self, relpath: str, archive_relpath: str) -> None:
        """Move an existing file out of the way (never delete user data).

        ``archive_relpath`` must not exist yet: callers pick unique names (per rev).
        """
        _check_rel(relpath)
        _check_rel(archive_relpath)
        self._archives[relpath] = archive_relpath

    def delete_own(self, relpath: str) -> None:
        """Remove one of xenpatch's own bookkeeping files (never a user's patch)."""
        _check_rel(relpath)
        self._deletes.add(relpath)

    @property
    def empty(self) -> bool:
        return not self._writes and not self._archives and not self._deletes

    def commit(self) -> None:
        if self.empty:
            return
        recover(self.root)
        journal = self.root / JOURNAL
        if journal.exists():
            shutil.rmtree(journal)
        (journal / "files").mkdir(parents=True)
        entries = []
        for i, (rel, data) in enumerate(sorted(self._writes.items())):
            staged = journal / "files" / str(i)
            with open(staged, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            entries.append({"staged": str(i), "target": rel})
        manifest = {
            "format": _MANIFEST_FORMAT,
            "writes": entries,
            "archives": [{"source": s, "target": t} for s, t in sorted(self._archives.items())],
            "deletes": sorted(self._deletes),
        }
        pending = journal / "manifest.pending"
        with open(pending, "w") as fh:
            json.dump(manifest, fh, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        _fsync_dir(journal / "files")
        _fsync_dir(journal)
        os.replace(pending, journal / "COMMIT")  # the commit point
        _fsync_dir(journal)
        _roll_forward(self.root, journal)


def recover(root: Path) -> None:
    """Finish or discard an interrupted transaction so the directory is consistent."""
    journal = root / JOURNAL
    if not journal.exists():
        return
    if (journal / "COMMIT").exists():
        _roll_forward(root, journal)
    else:
        shutil.rmtree(journal, ignore_errors=True)


def _roll_forward(root: Path, journal: Path) -> None:
    manifest = json.loads((journal / "COMMIT").read_text())
    for item in manifest["archives"]:
        src = root / item["source"]
        dst = root / item["target"]
        # An existing target means this move already happened before a kill
        # (the source may since have been rewritten by this same transaction).
        if src.exists() and not dst.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dst)
    touched: set[Path] = set()
    for item in manifest["writes"]:
        staged = journal / "files" / item["staged"]
        target = root / item["target"]
        if staged.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
            touched.add(target.parent)
    for rel in manifest.get("deletes", []):
        try:
            os.unlink(root / rel)
        except FileNotFoundError:
            pass
    for d in touched:
        _fsync_dir(d)
    # Removing COMMIT first makes a kill during rmtree harmless: an empty
    # journal without COMMIT is simply discarded on the next recover().
    os.unlink(journal / "COMMIT")
    _fsync_dir(journal)
    shutil.rmtree(journal, ignore_errors=True)


def _check_rel(relpath: str) -> None:
    p = Path(relpath)
    if p.is_absolute() or ".." in p.parts or not p.parts:
        raise ValueError(f"transaction path escapes the queue: {relpath}")
