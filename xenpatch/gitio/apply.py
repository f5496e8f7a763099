"""Applying patches to trees at the cost of the patch, not of the tree.

Text patches are applied in Python (``core.apply``, git apply's exact algorithm)
to the blobs of the files they name, read through the object channel, and the
result is grafted into the tree by rewriting only the tree objects on the way
from the root to each changed path (``trees.TreeEditor``): no process at all.
What Python does not do the way git does (binary patches, submodules, unusual
headers) goes to ``git apply --cached`` on a private index holding only the
paths the patch names, so it still costs the patch, not the 80,000 entries of
a kernel index.
"""

from __future__ import annotations

from xenpatch.core.apply import DoesNotApply, Unsupported, apply_text
from xenpatch.core.diff import split_file_diffs
from xenpatch.errors import BadInput
from xenpatch.gitio.index import ApplyFailed, Entry, PrivateIndex
from xenpatch.gitio.objects import ObjectReader
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.trees import TREE_MODE, TreeEditor, TreeWalker


class TreePatcher:
    """Edits trees by path and applies patches to trees, touching only what changes."""

    def __init__(self, git: Git, reader: ObjectReader | None = None) -> None:
        self.git = git
        self.reader = reader or git.reader
        self.walker = TreeWalker(self.reader)
        self.writer = git.writer
        self.editor = TreeEditor(self.walker, self.writer)
        self._index = PrivateIndex(git, "xenpatch-sparse-")

    def close(self) -> None:
        self._index.close()

    def __enter__(self) -> "TreePatcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- editing trees -------------------------------------------------

    def edit(self, tree: str, changes: dict[str, Entry | None]) -> ObjectId:
        """``tree`` with each path set to (mode, oid), or removed for None."""
        return ObjectId(self.editor.edit(tree, changes))

    # -- applying patches ----------------------------------------------

    def _py_changes(self, tree: str, patch: bytes, strip: int, reverse: bool) -> dict[str, Entry | None]:
        """What applying ``patch`` to ``tree`` changes, computed in Python (``core.apply``).

        Raises DoesNotApply where git apply would refuse, Unsupported for what is left
        to git (binary patches, submodules, unusual headers).
        """
        try:
            sections = split_file_diffs(patch, strip=strip)
        except BadInput as exc:
            raise Unsupported(str(exc)) from None
        changes: dict[str, Entry | None] = {}
        seen: set[str] = set()
        for change, text in sections:
            if change.binary:
                raise Unsupported("binary patch")
            old, new, status = change.old_path, change.new_path, change.status
            old_mode, new_mode = change.old_mode, change.new_mode
            if reverse:
                old, new, old_mode, new_mode = new, old, new_mode, old_mode
                status = {"added": "deleted", "deleted": "added"}.get(status, status)
                if status == "copied":
                    raise Unsupported("reverse of a copy")
            for p in {old, new} - {None}:
                if p in seen:
                    raise Unsupported("a patch touching one file twice")
                seen.add(p)  # type: ignore[arg-type]
            current = self.walker.entry(tree, old) if old is not None else None
            if status == "added":
                if new is None or self._occupied(tree, new):
                    raise DoesNotApply(f"{new}: already exists")
                data = apply_text(b"", text, reverse)
                changes[new] = (new_mode or "100644", self._blob(data))
                continue
            if current is None or current[0] in (TREE_MODE, "160000"):
                if current is not None:
                    raise Unsupported(f"{old}: not a regular file")
                raise DoesNotApply(f"{old}: does not exist")
            data = apply_text(self.walker.content(current[1]), text, reverse)
            if status == "deleted":
                if data:
                    raise DoesNotApply(f"{old}: removal patch leaves file contents")
                assert old is not None
                changes[old] = None
                continue
            if new is None:
                raise Unsupported("a change without a new name")
            mode = (new_mode if new_mode and new_mode != old_mode else current[0]) if new_mode else current[0]
            if new != old and self._occupied(tree, new):
                raise DoesNotApply(f"{new}: already exists")
            if status == "renamed" and old is not None:
                changes[old] = None
            changes[new] = (mode, self._blob(data))
        return {p: e for p, e in changes.items() if self.walker.entry(tree, p) != e}

    def _blob(self, data: bytes) -> ObjectId:
        oid = self.writer.blob(data)
        self.walker.keep_blob(oid, data)
        return oid

    def _occupied(self, tree: str, path: str) -> bool:
        """Does ``path``, or a file on the way to it, exist in ``tree``?"""
        parts = path.split("/")
        for k in range(1, len(parts) + 1):
            e = self.walker.entry(tree, "/".join(parts[:k]))
            if e is None:
                return False
            if e[0] != TREE_MODE or k == len(parts):
                return True
        return False

    def _seed(self, tree: str, paths: list[str]) -> dict[str, Entry]:
        wanted = set(paths)
        existing = self.walker.entries(tree, wanted) if wanted else {}
        self._index.reset(existing)
        return existing

    def check(self, tree: str, patch: bytes, paths: list[str], strip: int = 1, reverse: bool = False) -> bool:
        try:
            self._py_changes(tree, patch, strip, reverse)
            return True
        except DoesNotApply:
            return False
        except Unsupported:
            pass
        self._seed(tree, paths)
        return self._index.check(patch, strip, reverse)

    def apply(self, tree: str, patch: bytes, paths: list[str], strip: int = 1, reverse: bool = False) -> ObjectId:
        """``tree`` with ``patch`` applied exactly (no fuzz); raises ApplyFailed."""
        return self.apply_changes(tree, patch, paths, strip, reverse)[0]

    def apply_changes(self, tree: str, patch: bytes, paths: list[str], strip: int = 1,
                      reverse: bool = False) -> tuple[ObjectId, dict[str, Entry | None]]:
        """Like ``apply``, also returning what changed: path -> new entry, None for removed."""
        try:
            computed = self._py_changes(tree, patch, strip, reverse)
            return self.edit(tree, computed), computed
        except DoesNotApply as exc:
            raise ApplyFailed(str(exc).encode()) from None
        except Unsupported:
            pass
        before = self._seed(tree, paths)
        self._index.apply(patch, strip, reverse)
        changes = entry_changes(before, after=self._index.entries())
        return self.edit(tree, changes), changes


def entry_changes(before: dict[str, Entry], after: dict[str, Entry]) -> dict[str, Entry | None]:
    """What turns index entries ``before`` into ``after``: path -> new entry, None for removed."""
    changes: dict[str, Entry | None] = {p: None for p in before if p not in after}
    changes.update({p: e for p, e in after.items() if before.get(p) != e})
    return changes


def apply_to_tree(git: Git, tree: str, patch: bytes, strip: int = 1, reverse: bool = False) -> ObjectId:
    """Apply one patch exactly (no fuzz) to a tree; raise ApplyFailed if it does not."""
    with PrivateIndex.of_tree(git, tree) as index:
        index.apply(patch, strip=strip, reverse=reverse)
        return index.write_tree()
