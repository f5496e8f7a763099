"""All-or-nothing writes across many files of a queue, even under kill -9.

Single-file ``rename`` is atomic, a set of files is not, so a transaction goes
through a journal kept in the queue's private directory
(``WORKSPACE/.xenpatch/queues/NAME/journal``), never in the queue itself:

1. every new file is written and fsynced under ``journal/files/`` together with a
   manifest saying where each goes, which files move to the archive and which of
   xenpatch's own files go away;
2. the manifest is renamed to ``COMMIT``: this rename is the commit point;
3. the files are moved into place (each step is idempotent to redo);
4. the journal is removed.

A journal without ``COMMIT`` is discarded (the old queue stands); one with
``COMMIT`` is rolled forward (the new queue stands) by the next *writing*
command, under the queue lock. Readers never touch a journal: they see the
queue through it (``Pending``), as it will be once rolled forward.

Because a queue is someone else's data, a manifest is checked before it is
obeyed: it must name this queue, and only plain relative paths inside the queue
(or the one private file a transaction may write). Anything else is set aside
untouched, with a warning, and nothing it names is written. Nothing is ever
deleted: a file that leaves the queue moves to ``archive/``.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from typing import Any

from xenpatch.errors import XenpatchWarning
from xenpatch.store import paths
from xenpatch.store.confined import Confined, is_plain_relative

FORMAT = 2
QUEUE = "queue"
PRIVATE = "private"
# the private files a transaction may write or remove (never the lock or the journal itself)
PRIVATE_FILES = frozenset({paths.REBASE_STATE, paths.CHECKOUT_STATE})
_FILES = f"{paths.JOURNAL}/files"
_COMMIT = f"{paths.JOURNAL}/COMMIT"
_PENDING = f"{paths.JOURNAL}/manifest.pending"


@dataclass(frozen=True)
class Target:
    root: str  # QUEUE or PRIVATE
    path: str


@dataclass(frozen=True)
class Plan:
    """A committed journal: what the queue becomes once it is rolled forward."""

    writes: tuple[tuple[str, Target], ...]  # (staged file name, target)
    moves: tuple[tuple[str, str], ...]  # (source, target) inside the queue
    deletes: tuple[Target, ...]


def _valid_target(root: Any, path: Any) -> bool:
    if root == QUEUE:
        return is_plain_relative(path)
    return root == PRIVATE and path in PRIVATE_FILES


def parse_manifest(data: bytes, queue: str) -> Plan | None:
    """The plan of a manifest, or None when it is not one xenpatch wrote for this queue."""
    try:
        doc = json.loads(data)
        if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("queue") != queue:
            return None
        writes = []
        for w in doc["writes"]:
            staged, target = w["staged"], Target(w["root"], w["target"])
            if not (isinstance(staged, str) and staged.isdigit() and _valid_target(target.root, target.path)):
                return None
            writes.append((staged, target))
        moves = []
        for m in doc["moves"]:
            if not (is_plain_relative(m["source"]) and is_plain_relative(m["target"])):
                return None
            moves.append((m["source"], m["target"]))
        deletes = []
        for d in doc["deletes"]:
            if not _valid_target(d["root"], d["path"]):
                return None
            deletes.append(Target(d["root"], d["path"]))
        return Plan(tuple(writes), tuple(moves), tuple(deletes))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


class Journal:
    def __init__(self, queue_fs: Confined, private_fs: Confined, queue: str) -> None:
        self.queue_fs = queue_fs
        self.private_fs = private_fs
        self.queue = queue

    def _fs(self, root: str) -> Confined:
        return self.queue_fs if root == QUEUE else self.private_fs

    # ---------------------------------------------------------- reading

    def pending(self) -> Plan | None:
        """A committed, valid journal not yet rolled forward (readers see the queue through it)."""
        data = self.private_fs.read(_COMMIT)
        return parse_manifest(data, self.queue) if data is not None else None

    def staged(self, name: str) -> bytes | None:
        return self.private_fs.read(f"{_FILES}/{name}")

    # ---------------------------------------------------------- writing

    def preflight(self, writes: dict[Target, bytes], moves: dict[str, str], deletes: set[Target]) -> None:
        """Refuse, before the commit point, every target a roll-forward could not write."""
        for t in writes:
            self._fs(t.root).check_writable(t.path)
        for src, dst in moves.items():
            self.queue_fs.check_writable(src)
            self.queue_fs.check_writable(dst)
        for t in deletes:
            self._fs(t.root).check_writable(t.path)

    def commit(self, writes: dict[Target, bytes], moves: dict[str, str], deletes: set[Target]) -> None:
        """Stage, commit, roll forward. The caller holds the queue lock and the commit lock."""
        for t in list(writes) + list(deletes):
            if not _valid_target(t.root, t.path):
                raise ValueError(f"transaction target outside the queue: {t}")
        for src, dst in moves.items():
            if not (is_plain_relative(src) and is_plain_relative(dst)):
                raise ValueError(f"transaction move outside the queue: {src} -> {dst}")
        self.preflight(writes, moves, deletes)
        if self.private_fs.exists(paths.JOURNAL):
            self.recover()
        self.private_fs.rmtree(paths.JOURNAL)
        entries = []
        for i, (target, data) in enumerate(sorted(writes.items(), key=lambda kv: (kv[0].root, kv[0].path))):
            self.private_fs.write(f"{_FILES}/{i}", data, exclusive=True)
            entries.append({"staged": str(i), "root": target.root, "target": target.path})
        manifest = {
            "format": FORMAT,
            "queue": self.queue,
            "writes": entries,
            "moves": [{"source": s, "target": t} for s, t in sorted(moves.items())],
            "deletes": [{"root": t.root, "path": t.path} for t in sorted(deletes, key=lambda t: (t.root, t.path))],
        }
        self.private_fs.write(_PENDING, json.dumps(manifest, sort_keys=True).encode(), exclusive=True)
        self.private_fs.rename(_PENDING, _COMMIT)  # the commit point
        plan = parse_manifest(json.dumps(manifest).encode(), self.queue)
        assert plan is not None
        self._roll_forward(plan)

    def recover(self) -> None:
        """Finish or discard an interrupted transaction. Only for a writer holding the queue lock."""
        if not self.private_fs.exists(paths.JOURNAL):
            return
        data = self.private_fs.read(_COMMIT)
        if data is None:
            self.private_fs.rmtree(paths.JOURNAL)  # never committed: the old queue stands
            return
        plan = parse_manifest(data, self.queue)
        if plan is None:
            aside = self._set_aside()
            warnings.warn(f"ignored a journal that is not one xenpatch wrote for queue '{self.queue}' "
                          f"(moved to {self.private_fs.label}/{aside}); nothing it names was written",
                          XenpatchWarning, stacklevel=2)
            return
        self._roll_forward(plan)

    def _set_aside(self) -> str:
        k = 1
        while self.private_fs.exists(f"{paths.JOURNAL}.rejected-{k}"):
            k += 1
        name = f"{paths.JOURNAL}.rejected-{k}"
        self.private_fs.rename(paths.JOURNAL, name)
        return name

    def _roll_forward(self, plan: Plan) -> None:
        q = self.queue_fs
        for src, dst in plan.moves:
            # An existing target means this move already happened before a kill
            # (the source may since have been rewritten by this same transaction).
            if q.exists(src) and not q.exists(dst):
                q.rename(src, dst)
        for staged, target in plan.writes:
            if self.private_fs.exists(f"{_FILES}/{staged}"):
                self.private_fs.rename(f"{_FILES}/{staged}", target.path, self._fs(target.root))
        for t in plan.deletes:
            self._fs(t.root).unlink(t.path)
        # Removing COMMIT first makes a kill during the clean-up harmless: a journal
        # without COMMIT is simply discarded by the next writer.
        self.private_fs.unlink(_COMMIT)
        self.private_fs.rmtree(paths.JOURNAL)
