"""The queue on disk: the one place that reads and writes a queue's files.

Modelled on StGit's ``lib/stack.py`` (the stack and where its parts live) with
``lib/transaction.py`` (plan everything, then write once): a writing command
opens a ``Session`` (the queue lock, then recovery of an interrupted
transaction, then the load), stages every change in the session's one
``StoreTransaction`` and commits it when the command succeeds: refs first (a
ref to a rev whose record never got written is harmless and is overwritten by
the next attempt), then every file through one journal. An exception walks
away and leaves nothing changed.

Reading never recovers, deletes or creates anything: a reader sees the queue
through a committed journal that a killed writer left (as it will be once
rolled forward) and waits for a live writer's roll-forward to finish.
"""

from __future__ import annotations

import contextlib
import json
import stat
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

from xenpatch.core.config import parse_config
from xenpatch.core.exportrec import ExportRecord
from xenpatch.core.patch import Patch
from xenpatch.core.queue import Queue, QueueState, digest_files
from xenpatch.core.rebasestate import RebaseState
from xenpatch.core.resolutions import Resolution
from xenpatch.core.resolutions import parse as parse_resolution
from xenpatch.core.revs import RevRecord
from xenpatch.core.series import Series
from xenpatch.errors import QueueError, XenpatchWarning
from xenpatch.gitio.refs import RefTransaction
from xenpatch.gitio.run import Git
from xenpatch.store import paths
from xenpatch.store.confined import Anchored, Confined
from xenpatch.store.journal import PRIVATE, QUEUE, Journal, Plan, Target
from xenpatch.store.lock import QueueLock, commit_lock, private_fs

_LEGACY = {
    ".xenpatch-txn": "a journal left by an older xenpatch is not read (journals live in .xenpatch/ now)",
    ".xenpatch-lock": "a lock file left by an older xenpatch (locks live in .xenpatch/ now)",
    "rebase-state.json": "a rebase stopped by an older xenpatch is not read; start the rebase again",
}


class _View:
    """The queue's files as they are once a committed journal (if any) is rolled forward."""

    def __init__(self, store: "QueueStore", plan: Plan | None) -> None:
        self.store = store
        self.fs = store.queue_fs
        self.written: dict[tuple[str, str], str] = {}
        self.moved_to: dict[str, str] = {}  # target -> source, inside the queue
        self.moved_away: set[str] = set()
        self.deleted: set[tuple[str, str]] = set()
        if plan is not None:
            self.written = {(t.root, t.path): staged for staged, t in plan.writes}
            self.moved_to = {dst: src for src, dst in plan.moves}
            self.moved_away = {src for src, _ in plan.moves}
            self.deleted = {(t.root, t.path) for t in plan.deletes}

    def _fs(self, root: str) -> Confined:
        return self.fs if root == QUEUE else self.store.private_fs

    def _read(self, root: str, rel: str) -> bytes | None:
        key = (root, rel)
        if key in self.deleted:
            return None
        if key in self.written:
            data = self.store.journal.staged(self.written[key])
            return data if data is not None else self._fs(root).read(rel)
        if root == QUEUE and rel in self.moved_to and not self.fs.exists(rel):
            return self.fs.read(self.moved_to[rel])
        if root == QUEUE and rel in self.moved_away:
            return None
        return self._fs(root).read(rel)

    def read(self, rel: str) -> bytes | None:
        return self._read(QUEUE, rel)

    def read_private(self, rel: str) -> bytes | None:
        return self._read(PRIVATE, rel)

    def exists(self, rel: str) -> bool:
        if (QUEUE, rel) in self.deleted:
            return False
        if (QUEUE, rel) in self.written or rel in self.moved_to:
            return True
        return rel not in self.moved_away and self.fs.exists(rel)

    def _arriving(self) -> list[str]:
        return [p for r, p in self.written if r == QUEUE] + list(self.moved_to)

    def is_dir(self, rel: str) -> bool:
        st = self.fs.lstat(rel)
        if st is not None and stat.S_ISDIR(st.st_mode):
            return True
        return any(p.startswith(rel + "/") for p in self._arriving())

    def listdir(self, rel: str) -> list[str]:
        prefix = rel + "/" if rel else ""

        def child(path: str) -> str | None:
            return path[len(prefix):].split("/", 1)[0] if path.startswith(prefix) else None

        names = set(self.fs.listdir(rel))
        leaving = [p for r, p in self.deleted if r == QUEUE] + [p for p in self.moved_away
                                                               if (QUEUE, p) not in self.written]
        names -= {p[len(prefix):] for p in leaving if p.startswith(prefix) and "/" not in p[len(prefix):]}
        names |= {c for c in map(child, self._arriving()) if c}
        return sorted(names)


class QueueStore:
    """One queue's files (``queues/NAME``) and private state (``.xenpatch/queues/NAME``)."""

    def __init__(self, workspace: Path, name: str) -> None:
        self.name = paths.check_queue_name(name)
        self.workspace = workspace
        self.root = workspace / paths.QUEUES_DIR / name
        self.queue_fs = Anchored(workspace, f"{paths.QUEUES_DIR}/{name}", create_root=False)
        self.private_fs = private_fs(workspace, name)
        self.journal = Journal(self.queue_fs, self.private_fs, name)

    @staticmethod
    def at(root: Path) -> "QueueStore":
        """The store of a queue root (``WORKSPACE/queues/NAME``), as ``Queue.root`` holds it."""
        return QueueStore(root.parent.parent, root.name)

    def where(self, rel: str) -> str:
        return str(self.root / rel)

    # ---------------------------------------------------------- reading

    @contextlib.contextmanager
    def reading(self) -> Iterator[_View]:
        with commit_lock(self.private_fs, exclusive=False):
            yield _View(self, self.journal.pending())

    def exists(self) -> bool:
        with self.reading() as view:
            return view.exists(paths.CONFIG)

    def load(self) -> Queue:
        """The whole queue, checked: config, state, series, every patch of the series."""
        with self.reading() as view:
            return self._load(view)

    def _load(self, view: _View) -> Queue:
        config_data = view.read(paths.CONFIG)
        if config_data is None:
            raise QueueError(f"no queue named '{self.name}' in {self.root.parent}",
                             f"create it with 'xenpatch init {self.name} --repo PATH --upstream REF'")
        config = parse_config(config_data, self.name, self.root / paths.CONFIG, self.workspace)
        state_data = view.read(paths.STATE)
        state = QueueState.parse(state_data, self.where(paths.STATE)) if state_data is not None else QueueState()
        series_data = view.read(paths.SERIES)
        series = Series.parse(series_data, self.where(paths.SERIES)) if series_data is not None \
            else Series.parse(b"")
        patches: dict[str, Patch] = {}
        for entry in series.entries:
            data = view.read(paths.patch_file(entry.name))
            if data is None:
                raise QueueError(f"{self.where(paths.SERIES)} names {entry.name}, which does not exist",
                                 "restore the patch file or remove its line from the series")
            patches[entry.name] = Patch.parse(data, entry.name)
        return Queue(self.root, config, series, state, patches)

    def has(self, rel: str) -> bool:
        with self.reading() as view:
            return view.exists(rel)

    def read(self, rel: str) -> bytes | None:
        """One file of the queue (e.g. cover-letter.txt or a rules file), never through a link."""
        with self.reading() as view:
            return view.read(rel)

    def files(self) -> dict[str, bytes]:
        """The files that make up a queue's content: state, series and patches."""
        with self.reading() as view:
            return self._files(view)

    def _files(self, view: _View) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        # every file under patches/, in subdirectories too: Debian's queue keeps its patches
        # in bugfix/all/, features/x86/..., and a rev's snapshot and digest must cover them
        pending = [paths.PATCHES]
        while pending:
            folder = pending.pop()
            for name in view.listdir(folder):
                rel = f"{folder}/{name}"
                if view.is_dir(rel):
                    pending.append(rel)
                    continue
                data = view.read(rel)
                if data is not None:
                    files[rel] = data
        state = view.read(paths.STATE)
        if state is not None:
            files[paths.STATE] = state
        return files

    def snapshot(self) -> dict[str, bytes]:
        """Every regular file of the queue, by relative path, as a reader sees it."""
        with self.reading() as view:
            out: dict[str, bytes] = {}
            pending = [""]
            while pending:
                rel = pending.pop()
                for name in view.listdir(rel):
                    sub = f"{rel}/{name}" if rel else name
                    if view.is_dir(sub):
                        pending.append(sub)
                        continue
                    data = view.read(sub)
                    if data is not None:
                        out[sub] = data
            return dict(sorted(out.items()))

    def digest(self) -> str:
        """A digest of the series, patch files and state, to notice edits between two runs."""
        return digest_files(self.files())

    def revs(self) -> list[RevRecord]:
        with self.reading() as view:
            records = []
            for fname in view.listdir(paths.REVS):
                m = paths.REV_FILE_RE.match(fname)
                if m:
                    records.append(self._rev(view, int(m.group(1))))
        return sorted(records, key=lambda r: r.rev)

    def rev(self, rev: int) -> RevRecord:
        with self.reading() as view:
            if view.read(paths.rev_file(rev)) is None:
                known = ", ".join(str(r.rev) for r in self.revs()) or "none"
                raise QueueError(f"queue has no rev {rev}", f"see 'xenpatch log' (known revs: {known})")
            return self._rev(view, rev)

    def _rev(self, view: _View, rev: int) -> RevRecord:
        where = self.where(paths.rev_file(rev))
        data = view.read(paths.rev_file(rev))
        assert data is not None
        record = RevRecord.parse(data, where)
        if not isinstance(record.rev, int) or record.rev != rev:
            raise QueueError(f"rev record {where} says it is rev {record.rev!r}", "restore it from version control")
        side = view.read(paths.timings_file(rev))
        if side is None:
            return record
        try:
            timings = {str(k): float(v) for k, v in json.loads(side).items()}
        except (ValueError, TypeError, AttributeError):
            return record  # timings are informative only; a damaged file is ignored
        return replace(record, timings=timings)

    def next_rev(self) -> int:
        revs = self.revs()
        return (revs[-1].rev + 1) if revs else 1

    def exports(self) -> list[ExportRecord]:
        """Every export record of a queue, by version."""
        records = []
        with self.reading() as view:
            for fname in view.listdir(paths.EXPORTS):
                m = paths.EXPORT_FILE_RE.match(fname)
                if not m:
                    continue
                rel = f"{paths.EXPORTS}/{fname}"
                data = view.read(rel)
                assert data is not None
                rec = ExportRecord.parse(data, self.where(rel))
                if rec.version != int(m.group(1)):
                    raise QueueError(f"{self.where(rel)} records version {rec.version}",
                                     f"rename it to v{rec.version}.json or restore it")
                records.append(rec)
        return sorted(records, key=lambda r: r.version)

    def resolutions(self) -> dict[str, Resolution]:
        table: dict[str, Resolution] = {}
        with self.reading() as view:
            for fname in view.listdir(paths.RESOLUTIONS):
                if fname.endswith(".resolution"):
                    rel = paths.resolution_file(fname)
                    data = view.read(rel)
                    if data is not None:
                        res = parse_resolution(data, self.where(rel))
                        table[res.key] = res
        return table

    def rebase_state(self) -> RebaseState | None:
        data = self.rebase_state_bytes()
        if data is None:
            return None
        return RebaseState.parse(data, str(self.private_fs.root / paths.REBASE_STATE))

    def rebase_state_bytes(self) -> bytes | None:
        with self.reading() as view:
            return view.read_private(paths.REBASE_STATE)

    def free_name(self, stem: str, first: int = 1, sep: str = "-", suffix: str = "") -> str:
        """``stem-N`` (or ``stem.N.json`` ...) that exists neither on disk nor in a pending journal."""
        k = first
        with self.reading() as view:
            while view.exists(f"{stem}{sep}{k}{suffix}"):
                k += 1
        return f"{stem}{sep}{k}{suffix}"

    # ---------------------------------------------------------- writing

    def recover(self) -> None:
        """Finish or set aside an interrupted transaction. Writers only, under the queue lock."""
        with commit_lock(self.private_fs, exclusive=True):
            self.journal.recover()
        for name, why in _LEGACY.items():
            if self.queue_fs.exists(name):
                warnings.warn(f"{self.queue_fs.label}/{name}: {why}; remove it", XenpatchWarning, stacklevel=2)


class StoreTransaction:
    """Every change one command makes to a queue, applied at once by ``commit``."""

    def __init__(self, store: QueueStore) -> None:
        self.store = store
        self._writes: dict[Target, bytes] = {}
        self._moves: dict[str, str] = {}
        self._deletes: set[Target] = set()
        self._refs: list[tuple[Git, RefTransaction]] = []

    @property
    def empty(self) -> bool:
        return not (self._writes or self._moves or self._deletes or self._refs)

    def write(self, rel: str, data: bytes) -> None:
        self._writes[Target(QUEUE, rel)] = data

    def archive(self, rel: str, archive_rel: str) -> None:
        """Move a file of the queue into ``archive/`` (never delete what the user wrote)."""
        if not archive_rel.startswith(paths.ARCHIVE + "/"):
            raise ValueError(f"not an archive path: {archive_rel}")
        self._moves[rel] = archive_rel

    def write_private(self, rel: str, data: bytes) -> None:
        self._deletes.discard(Target(PRIVATE, rel))
        self._writes[Target(PRIVATE, rel)] = data

    def delete_private(self, rel: str) -> None:
        """Remove one of xenpatch's own files (never a file of the queue)."""
        self._writes.pop(Target(PRIVATE, rel), None)
        self._deletes.add(Target(PRIVATE, rel))

    def refs(self, git: Git) -> RefTransaction:
        """The ref updates of this transaction in ``git``'s repository (applied before the files)."""
        for g, refs in self._refs:
            if g is git:
                return refs
        refs = RefTransaction(git)
        self._refs.append((git, refs))
        return refs

    def commit(self) -> None:
        if self.empty:
            return
        self.store.journal.preflight(self._writes, self._moves, self._deletes)
        for _, refs in self._refs:
            refs.commit()
        self._refs = []
        if self._writes or self._moves or self._deletes:
            with commit_lock(self.store.private_fs, exclusive=True):
                self.store.journal.commit(self._writes, self._moves, self._deletes)
        self._writes, self._moves, self._deletes = {}, {}, set()


@dataclass
class Session:
    """A writing command's hold on a queue: its lock is held and recovery has run."""

    store: QueueStore
    lock: QueueLock
    txn: StoreTransaction

    def load(self) -> Queue:
        return self.store.load()


_SESSIONS: dict[str, Session] = {}


@contextlib.contextmanager
def writing(workspace: Path, name: str, what: str) -> Iterator[Session]:
    """Lock, recover, then the body stages its changes; they are committed when it returns.

    A second session on the same queue, from this process or another, finds it busy:
    ``flock`` locks belong to an open file, not to a process.
    """
    store = QueueStore(workspace, name)
    lock = QueueLock(workspace, name, what)
    lock.acquire()
    key = str(store.root)
    try:
        store.recover()
        session = Session(store, lock, StoreTransaction(store))
        _SESSIONS[key] = session
        yield session
        session.txn.commit()
    finally:
        _SESSIONS.pop(key, None)
        lock.release()


def session_of(root: Path) -> Session:
    """The writing session that holds the queue at ``root``: every write goes through it."""
    session = _SESSIONS.get(str(root))
    if session is None:
        raise RuntimeError(f"internal error: a write to {root} outside a writing session (no queue lock)")
    return session
