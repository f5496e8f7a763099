"""Apply patches to trees at the cost of the patch, not of the tree.

``git apply --cached`` on a full index reads and rewrites every entry of it:
80,000 entries, about 0.1-0.2 s per patch on a kernel tree, whatever the patch.
Here the temporary index holds only the paths the patch names (looked up in
the tree with one pathspec-limited ``ls-tree``), ``git apply`` runs on that, and
the result is grafted into the full tree by rewriting just the tree objects on
the way from the root to each changed path. Tree objects are built and hashed
here (git's format is simple and stable) and written with one ``hash-object``
process per patch, whose answers are checked against ours.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from xenpatch.gitio.index import Entry, PrivateIndex
from xenpatch.gitio.objects import ObjectReader
from xenpatch.gitio.repo import EMPTY_TREE
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.scratch import scratch_dir
from xenpatch.gitio.trees import TreeWalker
from xenpatch.gitio.writes import ApplyFailed

TREE_MODE = "40000"


def _sort_key(item: tuple[bytes, Entry]) -> bytes:
    name, (mode, _) = item
    return name + b"/" if mode == TREE_MODE else name


def _serialize(entries: dict[bytes, Entry]) -> bytes:
    return b"".join(
        mode.encode() + b" " + name + b"\0" + bytes.fromhex(oid)
        for name, (mode, oid) in sorted(entries.items(), key=_sort_key)
    )


def tree_id(body: bytes) -> str:
    return hashlib.sha1(b"tree %d\0" % len(body) + body).hexdigest()


class SparseTrees:
    """Edits trees by path and applies patches to trees, touching only what changes."""

    def __init__(self, git: Git, reader: ObjectReader | None = None) -> None:
        self.git = git
        self._own_reader = reader is None
        self.reader = reader or ObjectReader(git)
        self.walker = TreeWalker(self.reader)
        self._index = PrivateIndex(git, "xenpatch-sparse-")

    def close(self) -> None:
        self._index.close()
        if self._own_reader:
            self.reader.close()

    def __enter__(self) -> "SparseTrees":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- editing trees -------------------------------------------------

    def edit(self, tree: str, changes: dict[str, Entry | None]) -> ObjectId:
        """``tree`` with each path set to (mode, oid), or removed for None."""
        if not changes:
            return ObjectId(tree)
        pending: dict[str, bytes] = {}
        nested = {p.encode("utf-8", "surrogateescape"): v for p, v in changes.items()}
        new = self._edit_dir(tree, nested, pending)
        if new is None:
            new = EMPTY_TREE
            pending[new] = b""
        self._write_trees(pending)
        return ObjectId(new)

    def _edit_dir(self, tree: str | None, changes: dict[bytes, Entry | None], pending: dict[str, bytes]) -> str | None:
        entries: dict[bytes, Entry] = {}
        if tree is not None:
            entries = dict(self.walker.tree(tree))
        below: dict[bytes, dict[bytes, Entry | None]] = {}
        for path, value in changes.items():
            head, sep, rest = path.partition(b"/")
            if sep:
                below.setdefault(head, {})[rest] = value
            elif value is None:
                entries.pop(head, None)
            else:
                entries[head] = value
        # after the direct changes, so a file that replaces a directory survives
        # the removal of that directory's contents (and vice versa)
        for head, sub in below.items():
            current = entries.get(head)
            child = current[1] if current and current[0] == TREE_MODE else None
            new_child = self._edit_dir(child, sub, pending)
            if new_child is not None:
                entries[head] = (TREE_MODE, new_child)
            elif child is not None:
                entries.pop(head, None)
        if not entries:
            return None
        body = _serialize(entries)
        oid = tree_id(body)
        pending[oid] = body
        return oid

    def _write_trees(self, pending: dict[str, bytes]) -> None:
        if not pending:
            return
        with tempfile.TemporaryDirectory(prefix="xenpatch-trees-", dir=scratch_dir(self.git.git_dir)) as tmp:
            oids = sorted(pending)
            paths = []
            for i, oid in enumerate(oids):
                path = Path(tmp) / str(i)
                path.write_bytes(pending[oid])
                paths.append(str(path))
            out = self.git.run(["hash-object", "-w", "-t", "tree", "--stdin-paths"],
                               stdin=("\n".join(paths) + "\n").encode())
        written = out.decode().split()
        if written != oids:
            raise RuntimeError("tree objects hashed differently by git; refusing to continue")

    # -- applying patches ----------------------------------------------

    def _seed(self, tree: str, paths: list[str]) -> dict[str, Entry]:
        self._index.clear()
        wanted = set(paths)
        existing = self.walker.entries(tree, wanted) if wanted else {}
        # an empty index must exist too: git apply --cached reads it
        self._index.update(dict(existing)) if existing else self._index.read_tree(EMPTY_TREE)
        return existing

    def _apply_args(self, strip: int, reverse: bool, check: bool) -> list[str]:
        args = ["apply", "--cached", f"-p{strip}", "--whitespace=nowarn", "--binary"]
        if reverse:
            args.append("--reverse")
        if check:
            args.append("--check")
        return args + ["-"]

    def check(self, tree: str, patch: bytes, paths: list[str], strip: int = 1, reverse: bool = False) -> bool:
        self._seed(tree, paths)
        rc, _, _ = self.git.run_status(self._apply_args(strip, reverse, True), stdin=patch, env=self._index.env)
        return rc == 0

    def apply(self, tree: str, patch: bytes, paths: list[str], strip: int = 1, reverse: bool = False) -> ObjectId:
        """``tree`` with ``patch`` applied exactly (no fuzz); raises ApplyFailed."""
        return self.apply_changes(tree, patch, paths, strip, reverse)[0]

    def apply_changes(self, tree: str, patch: bytes, paths: list[str], strip: int = 1,
                      reverse: bool = False) -> tuple[ObjectId, dict[str, Entry | None]]:
        """Like ``apply``, also returning what changed: path -> new entry, None for removed."""
        before = self._seed(tree, paths)
        rc, _, err = self.git.run_status(self._apply_args(strip, reverse, False), stdin=patch, env=self._index.env)
        if rc != 0:
            raise ApplyFailed(err)
        after = self._index.entries()
        changes: dict[str, Entry | None] = {p: None for p in before if p not in after}
        changes.update({p: e for p, e in after.items() if before.get(p) != e})
        return self.edit(tree, changes), changes
