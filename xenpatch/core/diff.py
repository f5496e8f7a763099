"""Diff analysis over the exact bytes of a patch.

Why our own scanner instead of unidiff's model: a queue must survive a read/write
round trip byte for byte, and unidiff re-renders hunk headers and drops
``GIT binary patch`` payloads.  So this module never re-renders anything: it walks
the lines once, validates every hunk against the counts in its ``@@`` header
(a hunk that is too short, too long or has garbage inside is ``BadInput``), and
hands back values plus the exact byte slices they came from.

It understands the diff dialects a kernel patch queue meets: git diffs (modes,
renames, copies, binary patches, quoted paths), quilt/svn ``Index:`` diffs with
``-p1`` or ``-p0`` paths, and ``diff -u`` output with timestamps.  The hunks it
hands back are ``core.hunks``' values; git's path quoting is ``core.pathquote``
and the stat drawing ``core.diffstat``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from xenpatch.core.diffstat import stat_text
from xenpatch.core.hunks import Hunk, header_fields
from xenpatch.core.pathquote import c_unquote
from xenpatch.errors import BadInput

_STAMP_RE = re.compile(rb"\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?: [+-]\d{4})?$")
_EPOCH_RE = re.compile(rb"^(1970-01-01 00:00:00|1969-12-31 \d\d:00:00)")
_BINARY_RE = re.compile(rb"^Binary files (.+) and (.+) differ\r?\n?$")
_DEV_NULL = b"/dev/null"
_QUOTED_RE = re.compile(rb'^"(?:[^"\\]|\\.)*"')
_HINT = "regenerate the patch with git format-patch or git diff, or fix the hunk header counts"

@dataclass(frozen=True)
class FileChange:
    """One file touched by a diff, as git would describe it in --numstat/--summary.

    ``status`` is one of added, deleted, modified, renamed, copied; paths are
    without the ``a/``/``b/`` (or ``-pN``) prefix; ``old_path`` is None for an
    added file and ``new_path`` for a deleted one.
    """

    old_path: str | None
    new_path: str | None
    status: str
    binary: bool = False
    old_mode: str | None = None
    new_mode: str | None = None
    insertions: int = 0
    deletions: int = 0
    similarity: int | None = None

    @property
    def path(self) -> str:
        """The file's name after the change (its old name when it is deleted)."""
        name = self.new_path if self.new_path is not None else self.old_path
        return name or ""


def split_lines(data: bytes) -> list[bytes]:
    """Split on ``\\n`` only (``bytes.splitlines`` would also split on a lone ``\\r``)."""
    parts = data.split(b"\n")
    lines = [p + b"\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def without_index_lines(diff: bytes) -> bytes:
    """A diff without its ``index`` lines: the same change whatever blob ids it was made between."""
    return b"".join(line for line in diff.splitlines(keepends=True) if not line.startswith(b"index "))


def _chomp(line: bytes) -> bytes:
    if line.endswith(b"\n"):
        line = line[:-1]
    if line.endswith(b"\r"):
        line = line[:-1]
    return line


def _header_file(rest: bytes) -> tuple[bytes, bytes]:
    """Name and timestamp of a ``---``/``+++`` line: the name ends at a tab (or a
    trailing ``diff -u`` date when there is no tab) and may be C-quoted."""
    rest = _chomp(rest)
    quoted = _QUOTED_RE.match(rest)
    if quoted:
        return c_unquote(quoted.group(0)), rest[quoted.end():].strip()
    if b"\t" in rest:
        name, stamp = rest.split(b"\t", 1)
        return name, stamp
    m = _STAMP_RE.search(rest)
    return (rest[:m.start()], m.group(0).strip()) if m else (rest.rstrip(b" "), b"")


def _strip_components(name: bytes, n: int) -> bytes:
    for _ in range(n):
        if b"/" not in name:
            break
        name = name.split(b"/", 1)[1]
    return name


def _git_line_names(rest: bytes) -> tuple[bytes, bytes] | None:
    """Split ``a/x b/y`` of a ``diff --git`` line into its two (unquoted) names."""
    rest = _chomp(rest)
    quoted = _QUOTED_RE.match(rest)
    if quoted:
        return c_unquote(quoted.group(0)), c_unquote(rest[quoted.end():].lstrip(b" "))
    if rest.endswith(b'"') and b' "' in rest:
        k = rest.rindex(b' "')
        return rest[:k], c_unquote(rest[k + 1:])
    # Unquoted: unless renamed, both names are equal after their prefix; else split at " b/".
    spaces = [k for k, c in enumerate(rest) if c == 0x20]
    same = [k for k in spaces if _strip_components(rest[:k], 1) == _strip_components(rest[k + 1:], 1)]
    if not same and not spaces:
        return None
    k = same[0] if same else rest.index(b" b/") if b" b/" in rest else spaces[0]
    return rest[:k], rest[k + 1:]


@dataclass
class _HunkPos:
    start: int
    end: int
    head: tuple[int, int, int, int, bytes]  # core.hunks.header_fields


@dataclass
class _Section:
    """Mutable scan state for one file's diff (private)."""

    start: int
    kind: str
    git_names: tuple[bytes, bytes] | None = None
    old_name: bytes | None = None
    new_name: bytes | None = None
    old_stamp: bytes = b""
    new_stamp: bytes = b""
    index_name: bytes | None = None
    bin_names: tuple[bytes, bytes] | None = None
    modes: dict[str, str] = field(default_factory=dict)
    renames: dict[str, bytes] = field(default_factory=dict)
    similarity: int | None = None
    binary: bool = False
    bin_blocks: list[tuple[bytes, int]] = field(default_factory=list)
    seen_minus: bool = False
    hunks: list[_HunkPos] = field(default_factory=list)
    insertions: int = 0
    deletions: int = 0
    end: int = 0


@dataclass
class _Scan:
    lines: list[bytes]
    offsets: list[int]
    sections: list[_Section]
    end: int  # line index where the diff stopped (a signature starts there)


def is_signature(line: bytes) -> bool:
    """The ``-- `` line that starts a mail signature (format-patch's git version)."""
    return line in (b"-- \n", b"-- \r\n", b"-- ")


def starts_diff(lines: list[bytes], i: int) -> bool:
    """True if line i begins a diff (where git mailinfo would see the patch start).

    ``diff --git``, or ``---`` followed by ``+++``; ``diff -`` and ``Index:`` only
    when the next line continues a diff header (``---``, ``===``, ``Binary files``,
    ``diff``), so prose such as "diff -u shows ..." in a description is not a diff.
    """
    line = lines[i]
    nxt = lines[i + 1] if i + 1 < len(lines) else b""
    if line.startswith(b"diff --git "):
        return True
    if line.startswith(b"diff -"):
        return nxt.startswith((b"--- ", b"Binary files ", b"Only in ", b"Files "))
    if line.startswith(b"Index: "):
        return nxt.startswith((b"===", b"--- ", b"diff ", b"Binary files ", b"Cannot display"))
    return line.startswith(b"--- ") and nxt.startswith(b"+++ ")


def _scan(data: bytes, source: str = "diff", line_base: int = 1,
          stop_at_signature: bool = False) -> _Scan:
    """Walk the diff once; raise BadInput naming ``source`` and the line number on bad hunks."""
    lines = split_lines(data)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    sections: list[_Section] = []
    cur: _Section | None = None
    after_hunks = False
    n = len(lines)
    i = 0

    def fail(at: int, what: str) -> BadInput:
        return BadInput(f"{source}: line {at + line_base}: {what}", _HINT)

    while i < n:
        line = lines[i]
        if stop_at_signature and is_signature(line):
            break
        new_kind = ""
        if line.startswith(b"diff --git "):
            new_kind = "git"
        elif line.startswith(b"Index: "):
            new_kind = "index"
        elif line.startswith(b"diff -"):
            in_cvs_header = (cur is not None and cur.kind == "index" and not after_hunks
                             and not cur.seen_minus)
            new_kind = "" if in_cvs_header else "diff"
        elif (line.startswith(b"--- ") and i + 1 < n and lines[i + 1].startswith(b"+++ ")
              and (cur is None or after_hunks or cur.seen_minus)):
            new_kind = "unified"
        if new_kind:
            cur = _Section(start=i if sections else 0, kind=new_kind)
            sections.append(cur)
            after_hunks = False
            if new_kind == "git":
                cur.git_names = _git_line_names(line[len(b"diff --git "):])
            elif new_kind == "index":
                cur.index_name = _chomp(line[len(b"Index: "):]).strip()
            if new_kind != "unified":
                i += 1
                continue
        if cur is None:
            # Leading text before any file header (only reachable when called directly).
            i += 1
            continue
        if line.startswith(b"@@ "):
            i = _scan_hunk(lines, i, cur, fail, line_base)
            after_hunks = True
            continue
        if after_hunks:
            if line[:1] in (b"+", b"-", b" "):
                raise fail(i, f"hunk at line {cur.hunks[-1].start + line_base} has more lines "
                              "than its @@ header counts (or a stray diff line follows it)")
            i += 1
            continue
        i = _header_line(lines, i, cur)
    if not sections and any(_chomp(line).strip() for line in lines[:i]):
        raise BadInput(f"{source}: contains no diff",
                       "a diff starts with 'diff --git', 'Index:', 'diff -' or '---'/'+++' lines")
    for k, sec in enumerate(sections):
        sec.end = sections[k + 1].start if k + 1 < len(sections) else i
        if sec.kind == "unified" and not sec.hunks:
            raise fail(sec.start, "'---'/'+++' file header without any hunk")
    return _Scan(lines, offsets, sections, i)


def _scan_hunk(lines: list[bytes], i: int, cur: _Section, fail: Callable[[int, str], BadInput],
               base: int) -> int:
    head = header_fields(lines[i])
    if head is None:
        raise fail(i, f"malformed hunk header {_chomp(lines[i])[:60]!r}")
    if cur.old_name is None and cur.new_name is None:
        raise fail(i, "hunk without a '---'/'+++' file header")
    old, new = head[1], head[3]
    j = i + 1
    n = len(lines)
    while old > 0 or new > 0:
        if j >= n:
            raise fail(i, f"hunk ends early: its header expects {old} more old and "
                          f"{new} more new lines")
        c = lines[j][:1]
        if c == b" " or lines[j] in (b"\n", b"\r\n"):
            old -= 1
            new -= 1
        elif c == b"-":
            old -= 1
            cur.deletions += 1
        elif c == b"+":
            new -= 1
            cur.insertions += 1
        elif c != b"\\":
            raise fail(j, f"garbage inside the hunk that starts at line {i + base}: "
                          f"{_chomp(lines[j])[:60]!r}")
        if old < 0 or new < 0:
            raise fail(j, f"hunk that starts at line {i + base} has more lines than "
                          "its header counts")
        j += 1
    while j < n and lines[j].startswith(b"\\"):
        j += 1
    cur.hunks.append(_HunkPos(i, j, head))
    return j


def _header_line(lines: list[bytes], i: int, cur: _Section) -> int:
    """Consume one extended-header line of the current file; return the next line index."""
    line = lines[i]
    text = _chomp(line)
    if line.startswith(b"--- ") and i + 1 < len(lines) and lines[i + 1].startswith(b"+++ "):
        cur.old_name, cur.old_stamp = _header_file(line[4:])
        cur.new_name, cur.new_stamp = _header_file(lines[i + 1][4:])
        cur.seen_minus = True
        return i + 2
    for key in ("old mode ", "new mode ", "deleted file mode ", "new file mode "):
        if text.startswith(key.encode()):
            cur.modes[key.strip()] = text[len(key):].decode("ascii", "replace").strip()
            return i + 1
    for key in ("rename from ", "rename to ", "copy from ", "copy to "):
        if text.startswith(key.encode()):
            cur.renames[key.strip()] = c_unquote(text[len(key):])
            return i + 1
    if text.startswith((b"similarity index ", b"dissimilarity index ")):
        digits = re.match(rb"\d+", text.split(b"index ", 1)[1])
        if digits and text.startswith(b"similarity"):
            cur.similarity = int(digits.group(0))
    elif text.startswith(b"index "):
        parts = text.split()
        if len(parts) == 3:
            cur.modes.setdefault("index", parts[2].decode("ascii", "replace"))
    elif text == b"GIT binary patch":
        cur.binary = True
    elif cur.binary and re.match(rb"^(literal|delta) \d+$", text):
        kind, size = text.split()
        cur.bin_blocks.append((kind, int(size)))
    else:
        m = _BINARY_RE.match(line)
        if m:
            cur.binary = True
            cur.bin_names = (c_unquote(m.group(1)), c_unquote(m.group(2)))
    return i + 1


def _decode(name: bytes) -> str:
    return name.decode("utf-8", "surrogateescape")


def _guess_strip(sections: list[_Section]) -> int:
    """The -p level of the non-git parts of a diff, guessed the way a human reads the names.

    ``a/x`` vs ``b/x`` or ``linux.orig/x`` vs ``linux/x`` mean 1; ``x.orig`` vs ``x`` or
    equal names mean 0; ``/dev/null`` vs ``b/x`` is a weak vote for 1.  Without any
    vote: 1 when every name has a directory part.
    """
    strong: list[int] = []
    weak: list[int] = []
    for sec in sections:
        old, new = (sec.old_name, sec.new_name) if sec.old_name else sec.bin_names or (None, None)
        if sec.kind == "git" or old is None or new is None:
            continue
        if _DEV_NULL in (old, new):
            weak += [1] if re.match(rb"^[ab]/", new if old == _DEV_NULL else old) else []
        elif b"/" in old and b"/" in new and old.split(b"/", 1)[0] != new.split(b"/", 1)[0]:
            strong.append(1)
        else:
            strong.append(0)
    votes = strong or weak
    if votes:
        return max(set(votes), key=votes.count)
    real = [nm for s in sections if s.kind != "git"
            for nm in (s.old_name, s.new_name) + (s.bin_names or (None, None))
            if nm is not None and nm != _DEV_NULL]
    return 1 if real and all(b"/" in nm for nm in real) else 0


def _git_prefixed(sec: _Section) -> bool:
    """Whether a git diff carries a/ b/ (or mnemonic i/ w/ c/ o/) prefixes to drop."""
    pair = sec.git_names
    if pair is None:
        pair = (sec.old_name or _DEV_NULL, sec.new_name or _DEV_NULL)
    firsts = [nm.split(b"/", 1)[0] for nm in pair if nm != _DEV_NULL and b"/" in nm]
    if not firsts or not all(len(f) == 1 for f in firsts):
        return False
    return len(firsts) == 1 or firsts[0] != firsts[1]


def _file_change(sec: _Section, strip: int, source: str, line_base: int) -> FileChange:
    if sec.kind == "git":
        p = 1 if _git_prefixed(sec) else 0
        a, b = sec.git_names or (None, None)
        if sec.old_name is not None and sec.old_name != _DEV_NULL:
            a = sec.old_name
        if sec.new_name is not None and sec.new_name != _DEV_NULL:
            b = sec.new_name
        old = _strip_components(a, p) if a is not None else None
        new = _strip_components(b, p) if b is not None else None
        old = sec.renames.get("rename from", sec.renames.get("copy from", old))
        new = sec.renames.get("rename to", sec.renames.get("copy to", new))
        if "new file mode" in sec.modes:
            status, old = "added", None
        elif "deleted file mode" in sec.modes:
            status, new = "deleted", None
        elif "copy from" in sec.renames:
            status = "copied"
        elif "rename from" in sec.renames:
            status = "renamed"
        else:
            status = "modified"
            old = new if new is not None else old
        if old is None and new is None:
            raise BadInput(f"{source}: line {sec.start + line_base}: cannot read the file names "
                           "of this 'diff --git' header", _HINT)
        index_mode = sec.modes.get("index")
        old_mode = sec.modes.get("old mode", sec.modes.get("deleted file mode"))
        new_mode = sec.modes.get("new mode", sec.modes.get("new file mode"))
        if status == "modified" or status in ("renamed", "copied"):
            old_mode = old_mode or index_mode
            new_mode = new_mode or index_mode
        return FileChange(
            None if old is None else _decode(old), None if new is None else _decode(new),
            status, sec.binary, old_mode, new_mode, sec.insertions, sec.deletions,
            sec.similarity if status in ("renamed", "copied") else None)
    old_raw, new_raw = (sec.old_name, sec.new_name) if sec.old_name is not None \
        else sec.bin_names or (sec.index_name, sec.index_name)
    if old_raw is None or new_raw is None:
        raise BadInput(f"{source}: line {sec.start + line_base}: file section without "
                       "file names", _HINT)
    one = sec.hunks[0].head[:4] if len(sec.hunks) == 1 else (1, 1, 1, 1)
    added = old_raw == _DEV_NULL or (one[:2] == (0, 0) and bool(_EPOCH_RE.match(sec.old_stamp)))
    gone = new_raw == _DEV_NULL or (one[2:] == (0, 0) and bool(_EPOCH_RE.match(sec.new_stamp)))
    old_s = _decode(_strip_components(old_raw, strip))
    if strip == 0 and old_s.endswith(".orig"):
        old_s = old_s[:-5]  # quilt -p0 names the old side file.orig
    new_s = _decode(_strip_components(new_raw, strip))
    status = "added" if added and not gone else "deleted" if gone and not added else "modified"
    return FileChange(None if status == "added" else new_s if status == "modified" else old_s,
                      None if status == "deleted" else new_s, status, sec.binary,
                      insertions=sec.insertions, deletions=sec.deletions)


def _changes(scan: _Scan, strip: int | None, source: str, line_base: int) -> list[FileChange]:
    level = _guess_strip(scan.sections) if strip is None else strip
    return [_file_change(sec, level, source, line_base) for sec in scan.sections]


def scan_diff(data: bytes, source: str = "diff", line_base: int = 1,
              stop_at_signature: bool = False) -> tuple[int, tuple[FileChange, ...]]:
    """Validate a diff; return how many of its lines are diff and the files it touches.

    With ``stop_at_signature`` the diff ends at a ``-- `` line outside any hunk
    (inside a hunk that line is the removal of a line ``- ``).  Errors name
    ``source`` and the line number counted from ``line_base``.
    """
    scan = _scan(data, source, line_base, stop_at_signature)
    return scan.end, tuple(_changes(scan, None, source, line_base))


def parse_files(diff: bytes, strip: int | None = None, source: str = "diff") -> tuple[FileChange, ...]:
    """The files a diff touches, in order.

    ``strip`` is the -p level for non-git diffs (quilt's series option); ``None``
    guesses it from the names (``a/x`` vs ``b/x`` means 1, ``x.orig`` vs ``x`` means 0).
    git diffs always drop their ``a/``/``b/`` prefixes.
    """
    return tuple(_changes(_scan(diff, source), strip, source, 1))


def split_file_diffs(diff: bytes, strip: int | None = None,
                     source: str = "diff") -> list[tuple[FileChange, bytes]]:
    """Each file's exact slice of the diff; the slices concatenate back to ``diff``.

    Text before the first file header (if any) goes with the first file, text after
    the last hunk (blank lines, a signature) with the last file.
    """
    scan = _scan(diff, source)
    changes = _changes(scan, strip, source, 1)
    out: list[tuple[FileChange, bytes]] = []
    for k, (sec, change) in enumerate(zip(scan.sections, changes)):
        start = scan.offsets[sec.start]
        end = len(diff) if k == len(scan.sections) - 1 else scan.offsets[sec.end]
        out.append((change, diff[start:end]))
    return out


def hunks(file_bytes: bytes, source: str = "diff") -> list[Hunk]:
    """The hunks of one file's diff (or of every file, in order, for a whole diff)."""
    scan = _scan(file_bytes, source)
    out: list[Hunk] = []
    for sec in scan.sections:
        for pos in sec.hunks:
            body = scan.lines[pos.start + 1:pos.end]
            out.append(Hunk(
                *pos.head, header=scan.lines[pos.start],
                lines=b"".join(body),
                added=[ln[1:] for ln in body if ln.startswith(b"+")],
                removed=[ln[1:] for ln in body if ln.startswith(b"-")]))
    return out


def diffstat(diff: bytes, width: int = 72, summary: bool = True) -> bytes:
    """``git diff --stat=72 --summary`` text for ``diff``, as format-patch puts after ``---``.

    Binary files show ``Bin OLD -> NEW bytes`` when the ``GIT binary patch`` carries
    literal sizes, else ``Bin``.  The trailing blank line that separates the stat
    from the diff in a mail is not included.
    """
    scan = _scan(diff, "diff")
    changes = _changes(scan, None, "diff", 1)
    return stat_text([(ch, sec.bin_blocks) for sec, ch in zip(scan.sections, changes)], width, summary)
