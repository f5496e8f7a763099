"""Reading tree entries by path through the object channel, without a process per question.

``ls-tree`` costs a fork and exec per call; the forward-port asks "what is at
these paths in this tree" for every patch, so it walks tree objects read
through ``cat-file --batch`` instead, parsing git's tree format (stable and
simple) and caching parsed trees by id: consecutive trees of a stack share
almost every subtree, so most lookups never reach git at all.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from typing import Any

from xenpatch.gitio.objects import (
    PLAIN_ID,
    TREE_MODE,
    Entry,
    ObjectReader,
    ObjectWriter,
)

_CACHE_SIZE = 4096
_BLOBS = 64


Rows = tuple[list[bytes], list[bytes]]  # a tree as git sorts it: sort keys, and each entry's bytes


def rows_of(raw: bytes) -> Rows:
    """A tree body as rows (sort key: the name, with "/" after a directory's; entry bytes)."""
    keys: list[bytes] = []
    raws: list[bytes] = []
    i = 0
    while i < len(raw):
        space = raw.index(b" ", i)
        nul = raw.index(b"\0", space)
        name = raw[space + 1:nul]
        keys.append(name + b"/" if raw[i:space] == b"40000" else name)
        raws.append(raw[i:nul + 21])
        i = nul + 21
    return keys, raws


def entry_bytes(name: bytes, entry: Entry) -> bytes:
    return entry[0].encode() + b" " + name + b"\0" + bytes.fromhex(entry[1])


def parse_tree(raw: bytes) -> dict[bytes, Entry]:
    entries: dict[bytes, Entry] = {}
    i = 0
    while i < len(raw):
        space = raw.index(b" ", i)
        nul = raw.index(b"\0", space)
        mode = raw[i:space].decode()
        name = raw[space + 1:nul]
        entries[name] = (mode, raw[nul + 1:nul + 21].hex())
        i = nul + 21
    return entries


def _put(cache: OrderedDict[str, Any], oid: str, value: Any) -> None:
    """Keep ``value`` in a bounded cache, dropping the least recently added entry."""
    cache[oid] = value
    if len(cache) > _CACHE_SIZE:
        cache.popitem(last=False)


class TreeWalker:
    """Path lookups in trees, with parsed tree objects cached by id."""

    def __init__(self, reader: ObjectReader) -> None:
        self.reader = reader
        self._cache: OrderedDict[str, dict[bytes, Entry]] = OrderedDict()
        self._blobs: OrderedDict[str, bytes] = OrderedDict()
        self._rows: OrderedDict[str, Rows] = OrderedDict()
        self._roots: dict[str, str] = {}

    def remember(self, oid: str, entries: dict[bytes, Entry], rows: Rows) -> None:
        """A tree this process just wrote: later lookups need not read it back."""
        _put(self._cache, oid, entries)
        _put(self._rows, oid, rows)

    def _read(self, oid: str) -> bytes:
        kind, raw = self.reader.read(oid)
        if kind != "tree":
            raise ValueError(f"{oid} is a {kind}, not a tree")
        return raw

    def tree(self, oid: str) -> dict[bytes, Entry]:
        found = self._cache.get(oid)
        if found is not None:
            self._cache.move_to_end(oid)
            return found
        found = parse_tree(self._read(oid))
        _put(self._cache, oid, found)
        return found

    def tree_and_rows(self, oid: str) -> tuple[dict[bytes, Entry], Rows]:
        """The entries of a tree and its sorted rows (what the editor needs), from one read."""
        entries, rows = self._cache.get(oid), self._rows.get(oid)
        if entries is None or rows is None:
            raw = self._read(oid)
            if entries is None:
                entries = parse_tree(raw)
                _put(self._cache, oid, entries)
            if rows is None:
                rows = rows_of(raw)
                _put(self._rows, oid, rows)
        return entries, rows

    def root(self, rev: str) -> str:
        """The tree of a commit (named by id or ref); commits named by id are remembered."""
        found = self._roots.get(rev)
        if found is None:
            # a plain id is read as it is (it may be a commit this process has not flushed yet)
            kind, raw = self.reader.read(rev if PLAIN_ID.fullmatch(rev) else f"{rev}^{{commit}}")
            if kind == "tag":  # an annotated tag named by its id: peel it as git would
                kind, raw = self.reader.read(f"{rev}^{{commit}}")
            if kind != "commit":
                raise ValueError(f"{rev} is a {kind}, not a commit")
            found = raw[5:45].decode()  # a commit starts with "tree <id>"
            if PLAIN_ID.fullmatch(rev):
                self._roots[rev] = found
        return found

    def entry(self, tree: str, path: str) -> Entry | None:
        """(mode, oid) of ``path`` in ``tree``: a file, symlink, submodule or subtree; None if absent."""
        current: Entry = (TREE_MODE, tree)
        for part in path.encode("utf-8", "surrogateescape").split(b"/"):
            if current[0] != TREE_MODE:
                return None
            found = self.tree(current[1]).get(part)
            if found is None:
                return None
            current = found
        return current

    def existing_dirs(self, tree: str, files: list[str] | set[str]) -> set[str]:
        """The ancestor directories of ``files`` that exist in ``tree`` (as directories)."""
        found: set[str] = set()
        for f in files:
            parts = f.split("/")[:-1]
            for k in range(1, len(parts) + 1):
                d = "/".join(parts[:k])
                if d in found:
                    continue
                e = self.entry(tree, d)
                if e is None or e[0] != TREE_MODE:
                    break
                found.add(d)
        return found

    def entries(self, tree: str, paths: list[str] | set[str]) -> dict[str, Entry]:
        """path -> (mode, oid) for the given paths that name non-tree entries in ``tree``."""
        out: dict[str, Entry] = {}
        for path in paths:
            e = self.entry(tree, path)
            if e is not None and e[0] != TREE_MODE:
                out[path] = e
        return out

    def blob(self, tree: str, path: str) -> bytes | None:
        e = self.entry(tree, path)
        if e is None or e[0] == TREE_MODE:
            return None
        return self.content(e[1])

    def content(self, oid: str) -> bytes:
        """A blob's bytes; the last few blobs read or written are kept (a run of patches on one
        file reads what the patch before it wrote)."""
        found = self._blobs.get(oid)
        if found is None:
            found = self.reader.blob(oid)
            self.keep_blob(oid, found)
        return found

    def keep_blob(self, oid: str, data: bytes) -> None:
        self._blobs[oid] = data
        self._blobs.move_to_end(oid)
        while len(self._blobs) > _BLOBS:
            self._blobs.popitem(last=False)

    def diff(self, old: str, new: str) -> dict[str, Entry | None]:
        """Every non-tree path whose entry differs between two trees: path -> new entry (None: gone).

        Equal subtrees are skipped by id, so the cost follows what changed.
        """
        out: dict[str, Entry | None] = {}
        self._diff(old, new, b"", out)
        return out

    def _diff(self, old: str | None, new: str | None, prefix: bytes, out: dict[str, Entry | None]) -> None:
        if old == new:
            return
        a = self.tree(old) if old else {}
        b = self.tree(new) if new else {}
        for name in sorted(set(a) | set(b)):
            ea, eb = a.get(name), b.get(name)
            if ea == eb:
                continue
            path = prefix + name
            sub_a = ea[1] if ea and ea[0] == TREE_MODE else None
            sub_b = eb[1] if eb and eb[0] == TREE_MODE else None
            if sub_a or sub_b:
                self._diff(sub_a, sub_b, path + b"/", out)
            key = path.decode("utf-8", "surrogateescape")
            if eb is not None and eb[0] != TREE_MODE:
                out[key] = eb
            elif ea is not None and ea[0] != TREE_MODE:
                out[key] = None


class TreeEditor:
    """New trees from old ones with some paths changed, written through the object writer.

    A directory is kept as rows in git's order with each entry's bytes, so changing one
    entry of a 2,000-entry kernel directory is a bisect and a join, not a re-sort and a
    re-encoding of every entry; only the directories on the way to a change are written.
    """

    def __init__(self, walker: TreeWalker, writer: "ObjectWriter") -> None:
        self.walker = walker
        self.writer = writer

    def edit(self, tree: str, changes: dict[str, Entry | None]) -> str:
        """``tree`` with each path set to (mode, oid), or removed for None."""
        if not changes:
            return tree
        nested = {p.encode("utf-8", "surrogateescape"): v for p, v in changes.items()}
        new = self._edit_dir(tree, nested)
        return new if new is not None else self.writer.write("tree", b"")

    def _edit_dir(self, tree: str | None, changes: dict[bytes, Entry | None]) -> str | None:
        if tree is not None:
            found, (found_keys, found_raws) = self.walker.tree_and_rows(tree)
            entries, keys, raws = dict(found), list(found_keys), list(found_raws)
        else:
            entries, keys, raws = {}, [], []
        below: dict[bytes, dict[bytes, Entry | None]] = {}
        direct: dict[bytes, Entry | None] = {}
        for path, value in changes.items():
            head, sep, rest = path.partition(b"/")
            if sep:
                below.setdefault(head, {})[rest] = value
            else:
                direct[head] = value
        # direct changes first, so a file that replaces a directory survives the removal
        # of that directory's contents (and vice versa)
        for name, value in direct.items():
            self._set(entries, keys, raws, name, value)
        for head, sub in below.items():
            current = entries.get(head)
            child = current[1] if current and current[0] == TREE_MODE else None
            new_child = self._edit_dir(child, sub)
            if new_child is not None:
                self._set(entries, keys, raws, head, (TREE_MODE, new_child))
            elif child is not None:
                self._set(entries, keys, raws, head, None)
        if not entries:
            return None
        oid = self.writer.write("tree", b"".join(raws))
        self.walker.remember(oid, entries, (keys, raws))
        return oid

    @staticmethod
    def _set(entries: dict[bytes, Entry], keys: list[bytes], raws: list[bytes], name: bytes,
             value: Entry | None) -> None:
        old = entries.get(name)
        if old is not None:
            key = name + b"/" if old[0] == TREE_MODE else name
            k = bisect.bisect_left(keys, key)
            if k < len(keys) and keys[k] == key:
                del keys[k]
                del raws[k]
            del entries[name]
        if value is None:
            return
        key = name + b"/" if value[0] == TREE_MODE else name
        k = bisect.bisect_left(keys, key)
        keys.insert(k, key)
        raws.insert(k, entry_bytes(name, value))
        entries[name] = value
