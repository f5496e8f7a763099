"""Reading tree entries by path through the object channel, without a process per question.

``ls-tree`` costs a fork and exec per call; the forward-port asks "what is at
these paths in this tree" for every patch, so it walks tree objects read
through ``cat-file --batch`` instead, parsing git's tree format (stable and
simple) and caching parsed trees by id: consecutive trees of a stack share
almost every subtree, so most lookups never reach git at all.
"""

from __future__ import annotations

from collections import OrderedDict

from xenpatch.gitio.objects import ObjectReader

Entry = tuple[str, str]  # (mode, object id)
TREE_MODE = "40000"
_CACHE_SIZE = 4096


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


class TreeWalker:
    """Path lookups in trees, with parsed tree objects cached by id."""

    def __init__(self, reader: ObjectReader) -> None:
        self.reader = reader
        self._cache: OrderedDict[str, dict[bytes, Entry]] = OrderedDict()

    def tree(self, oid: str) -> dict[bytes, Entry]:
        found = self._cache.get(oid)
        if found is not None:
            self._cache.move_to_end(oid)
            return found
        kind, raw = self.reader.read(oid)
        if kind != "tree":
            raise ValueError(f"{oid} is a {kind}, not a tree")
        found = parse_tree(raw)
        self._cache[oid] = found
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
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
        return self.reader.blob(e[1])

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
