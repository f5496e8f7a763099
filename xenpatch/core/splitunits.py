"""The pieces a monolithic patch is split into, and how to rebuild a file from some of them.

Why units: a maintainer splitting a big change moves whole new files, whole
renames/deletions/binary or mode changes, and single hunks of modified files
between patches; nothing smaller (a hunk is the unit of review and of ``git
apply``).  So the canonical diff (git's own ``diff-tree -p --binary -M`` from the
base tree to the monolithic result) is cut into:

- one *whole-file* unit per added, deleted, renamed, copied, binary or
  mode-changed file (indivisible), and
- one *hunk* unit per hunk of every other (modified text) file.

``apply_hunks`` rebuilds a file's content from the base content plus any subset
of its hunks, at exact positions (no fuzz, no search): hunks of the canonical diff
do not overlap, so each one's old-side lines sit at ``old_start`` in the base
whatever other hunks are applied.  That is how each intermediate tree of the
split series is computed without running ``git apply`` once per patch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xenpatch.core.diff import FileChange, hunks, split_file_diffs, split_lines
from xenpatch.core.hunks import Hunk
from xenpatch.core.symbols import EMPTY, Symbols, file_symbols, hunk_symbols
from xenpatch.errors import BadInput


@dataclass(frozen=True)
class Unit:
    """One indivisible piece of the monolithic change."""

    uid: int  # position in the canonical diff: files in git's order, hunks in file order
    path: str  # the path after the change (the old path for a deletion)
    old_path: str | None  # for renames/copies/deletions: the path before
    status: str  # added, deleted, modified, renamed, copied
    whole: bool  # True: the whole file change; False: one hunk of a modified file
    hunk: int  # hunk index within the file (0 for whole units)
    hunks_in_file: int
    section: str  # the hunk's function context (git's text after the second @@)
    added: str  # added lines' text (for symbols and rules)
    removed: str
    insertions: int
    deletions: int
    size: int  # bytes of this unit's slice of the diff (for the mail size limit)
    binary: bool = False
    symbols: Symbols = field(default=EMPTY, compare=False)
    old_start: int = 0
    old_len: int = 0
    new_start: int = 0
    new_len: int = 0
    body: bytes = field(default=b"", repr=False, compare=False)  # hunk lines (hunk units)

    @property
    def lines(self) -> int:
        """Changed lines, as a reviewer counts them (insertions + deletions)."""
        return self.insertions + self.deletions

    @property
    def paths(self) -> tuple[str, ...]:
        if self.old_path and self.old_path != self.path:
            return (self.old_path, self.path)
        return (self.path,)

    def label(self) -> str:
        """``path`` for whole units, ``path#3`` (1-based hunk) for hunks of a split file."""
        if self.whole or self.hunks_in_file == 1:
            if self.old_path and self.old_path != self.path:
                return f"{self.old_path} => {self.path}"
            return self.path
        return f"{self.path}#{self.hunk + 1}"


def _text(lines: list[bytes]) -> str:
    return b"".join(lines).decode("utf-8", "replace")


def _section(h: Hunk) -> str:
    return h.section.decode("utf-8", "replace").strip()


def units_of_diff(diff: bytes, new_dirs: set[str] | frozenset[str] = frozenset(),
                  source: str = "diff") -> list[Unit]:
    """Cut a canonical git diff into units, with the symbols each defines and uses.

    ``new_dirs`` are the directories that do not exist in the base tree (an added
    file defines them).
    """
    units: list[Unit] = []
    for change, chunk in split_file_diffs(diff, source=source):
        file_hunks = hunks(chunk, source) if not change.binary else []
        mode_change = bool(change.old_mode and change.new_mode and change.old_mode != change.new_mode)
        whole = change.status != "modified" or change.binary or mode_change or not file_hunks
        if whole:
            units.append(_whole_unit(len(units), change, chunk, file_hunks, new_dirs))
            continue
        header_len = chunk.find(b"\n@@") + 1 if not chunk.startswith(b"@@") else 0
        share = header_len // max(len(file_hunks), 1)
        for k, h in enumerate(file_hunks):
            added, removed = _text(h.added), _text(h.removed)
            units.append(Unit(
                uid=len(units), path=change.path, old_path=None, status="modified", whole=False,
                hunk=k, hunks_in_file=len(file_hunks), section=_section(h), added=added,
                removed=removed, insertions=len(h.added), deletions=len(h.removed),
                size=len(h.header) + len(h.lines) + share,
                symbols=hunk_symbols(change.path, added, removed, _section(h)),
                old_start=h.old_start, old_len=h.old_len, new_start=h.new_start, new_len=h.new_len,
                body=h.lines))
    return units


def _whole_unit(uid: int, change: FileChange, chunk: bytes, file_hunks: list[Hunk],
                new_dirs: set[str] | frozenset[str]) -> Unit:
    added = "".join(_text(h.added) for h in file_hunks)
    removed = "".join(_text(h.removed) for h in file_hunks)
    path = change.path
    old_path = change.old_path if change.status != "added" else None
    dirs = [d for d in _ancestors(path) if d in new_dirs] if change.status != "deleted" else []
    if change.status == "added":
        syms = file_symbols(path, None, added, None, dirs)
    elif change.status == "deleted":
        syms = file_symbols(path, path, None, removed)
    elif change.status in ("renamed", "copied"):
        syms = file_symbols(path, old_path, added, removed, dirs)
        if change.status == "copied":
            syms = Symbols(syms.defines, syms.uses, syms.soft_uses, frozenset(), syms.unuses)
    else:
        syms = hunk_symbols(path, added, removed)
    return Unit(
        uid=uid, path=path, old_path=old_path if change.status != "modified" else None,
        status=change.status, whole=True, hunk=0, hunks_in_file=1,
        section="", added=added, removed=removed, insertions=change.insertions,
        deletions=change.deletions, size=len(chunk), binary=change.binary, symbols=syms)


def _ancestors(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[:k]) for k in range(1, len(parts) + 1)]


def new_file_dirs(diff_paths: list[str]) -> list[str]:
    """Every ancestor directory of the given paths (to ask the base tree which exist)."""
    out: set[str] = set()
    for p in diff_paths:
        out.update(_ancestors(p))
    return sorted(out)


# ---------------------------------------------------------------- rebuilding files

def _sides(body: bytes) -> tuple[list[bytes], list[bytes]]:
    """(old lines, new lines) of a hunk body, honouring ``\\ No newline at end of file``."""
    old: list[bytes] = []
    new: list[bytes] = []
    last = ""
    for line in split_lines(body):
        tag = line[:1]
        content = line[1:]
        if tag == b"\\":
            if last in (" ", "-") and old:
                old[-1] = old[-1].rstrip(b"\n")
            if last in (" ", "+") and new:
                new[-1] = new[-1].rstrip(b"\n")
            continue
        if tag == b" " or line in (b"\n", b"\r\n"):
            if line in (b"\n", b"\r\n"):  # an empty context line whose space was stripped
                content = line
            old.append(content)
            new.append(content)
            last = " "
        elif tag == b"-":
            old.append(content)
            last = "-"
        elif tag == b"+":
            new.append(content)
            last = "+"
    return old, new


def apply_hunks(base: bytes, chosen: list[Unit], path: str) -> bytes:
    """``base`` with the given hunk units of one file applied at their exact positions.

    Raises BadInput when a hunk's old side does not match the base (the units do
    not come from a diff of this base).
    """
    lines = split_lines(base)
    out: list[bytes] = []
    pos = 0  # next base line (0-based) not yet copied
    for u in sorted(chosen, key=lambda u: u.old_start):
        old, new = _sides(u.body)
        start = u.old_start - 1 if u.old_len else u.old_start
        if start < pos or start + len(old) > len(lines) or lines[start:start + len(old)] != old:
            raise BadInput(f"hunk {u.hunk + 1} of {path} does not match its base",
                           "this is a bug in the split plan; rerun with --debug and report it")
        out.extend(lines[pos:start])
        out.extend(new)
        pos = start + len(old)
    out.extend(lines[pos:])
    return b"".join(out)
