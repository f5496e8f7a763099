"""Line-level upstream history: which commits in base..onto changed given lines.

Why one ``git log -p -U0`` pass and not ``git log -L`` or ``git blame``: ``-L``
costs one history walk per range and ``blame --reverse`` one per file, so both
grow with the queue times the range.  One zero-context log over the range,
restricted to the queue's paths, costs what upstream changed in those files;
the patch line ranges are then carried forward through every upstream hunk in
Python (``track``, with ``core.hunks``' line arithmetic), which is exact on a
first-parent line (a merge's diff is taken against its first parent, so
coordinates compose).

Also here, because they read the same range: which commit removed the last
occurrence of an identifier (``removal_commits``, one ``log -G`` over the few
files it was in), which Kconfig symbols a tree defines (``kconfig_defined``),
the first-parent line itself and the renames and deletions between two trees.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Iterable

from xenpatch.core.hunks import Edit, header_fields, map_position, touches
from xenpatch.core.pathquote import c_unquote
from xenpatch.gitio.run import Git, ObjectId

_IDENT = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
KCONFIG_PATHSPEC = [":(glob)**/Kconfig*"]


@dataclass(frozen=True)
class FileDiff:
    """What one commit did to one file (paths without prefixes; None for /dev/null)."""

    old_path: str | None
    new_path: str | None
    hunks: tuple[Edit, ...]


@dataclass(frozen=True)
class UpstreamCommit:
    oid: ObjectId
    parents: tuple[ObjectId, ...]
    files: tuple[FileDiff, ...]


# ------------------------------------------------------------------ parsing


def _path(raw: bytes) -> str | None:
    raw = raw.rstrip(b"\n").split(b"\t", 1)[0]
    if raw == b"/dev/null":
        return None
    name = c_unquote(raw)
    if name[:2] in (b"a/", b"b/"):
        name = name[2:]
    return name.decode("utf-8", "surrogateescape")


def parse_log(out: bytes) -> list[UpstreamCommit]:
    """Parse ``log -p -U0 --format=%x00%H %P`` output."""
    commits: list[UpstreamCommit] = []
    for record in out.split(b"\0")[1:]:
        lines = record.split(b"\n")
        head = lines[0].split()
        oid, parents = ObjectId(head[0].decode()), tuple(ObjectId(p.decode()) for p in head[1:])
        files: list[FileDiff] = []
        old: str | None = None
        new: str | None = None
        hunks: list[Edit] = []
        removed: list[bytes] = []
        added: list[bytes] = []
        cur: Edit | None = None
        in_file = False

        def close_hunk() -> None:
            nonlocal cur, removed, added
            if cur is not None:
                hunks.append(Edit(cur.old_start, cur.old_end, cur.new_start, cur.new_end,
                                  tuple(removed), tuple(added)))
            cur, removed, added = None, [], []

        def close_file() -> None:
            nonlocal hunks, in_file
            close_hunk()
            if in_file:
                files.append(FileDiff(old, new, tuple(hunks)))
            hunks, in_file = [], False

        for line in lines[1:]:
            if line.startswith(b"diff --git "):
                close_file()
                in_file, old, new = True, None, None
            elif cur is None and line.startswith(b"--- "):
                old = _path(line[4:])
            elif cur is None and line.startswith(b"+++ "):
                new = _path(line[4:])
            elif line.startswith(b"@@ "):
                close_hunk()
                header = header_fields(line)
                if header is not None:
                    cur = Edit.from_header(*header[:4])
            elif cur is not None and line.startswith(b"-"):
                removed.append(line[1:])
            elif cur is not None and line.startswith(b"+"):
                added.append(line[1:])
        close_file()
        commits.append(UpstreamCommit(oid, parents, tuple(files)))
    return commits


def range_log(git: Git, base: str, onto: str, paths: Iterable[str]) -> list[UpstreamCommit]:
    """Every first-parent commit in base..onto that changed ``paths``, oldest first, -U0 diffs."""
    paths = sorted(set(paths))
    if not paths:
        return []
    args = ["log", "-p", "-U0", "--no-renames", "--no-color", "--no-ext-diff", "--first-parent",
            "--diff-merges=first-parent", "--reverse", "--format=%x00%H %P", f"{base}..{onto}", "--"]
    return parse_log(git.run(args + paths))


# ------------------------------------------------------------------ tracking line ranges


@dataclass
class Span:
    """A tracked line range of one file, in the current coordinates of the walk."""

    key: int
    path: str
    start: int
    end: int
    hits: list[ObjectId] = field(default_factory=list)
    gone: ObjectId | None = None  # the commit that deleted (or renamed away) the file


def track(commits: list[UpstreamCommit], spans: list[Span]) -> list[Span]:
    """Walk the commits oldest first; record in each span the commits that changed it."""
    by_path: dict[str, list[Span]] = {}
    for s in spans:
        by_path.setdefault(s.path, []).append(s)
    for commit in commits:
        for fd in commit.files:
            if fd.old_path is None or fd.old_path not in by_path:
                continue
            live = [s for s in by_path[fd.old_path] if s.gone is None]
            hunks = sorted(fd.hunks, key=lambda h: (h.old_start, h.old_end))
            for s in live:
                if fd.new_path is None:
                    s.gone = commit.oid
                    s.hits.append(commit.oid)
                    continue
                if any(touches(s.start, s.end, h) for h in hunks):
                    if not s.hits or s.hits[-1] != commit.oid:
                        s.hits.append(commit.oid)
                new_start = map_position(s.start, hunks, end=False)
                new_end = map_position(s.end, hunks, end=True)
                s.start, s.end = new_start, max(new_start, new_end)
    return spans


# ------------------------------------------------------------------ identifiers upstream removed


@dataclass(frozen=True)
class RangeRemovals:
    """Where identifiers were at base (``files``) and how often (``count``), for
    identifiers that upstream removed in the range."""

    files: dict[str, tuple[str, ...]]
    count: dict[str, int]


def kconfig_defined(git: Git, rev: str, names: Iterable[str]) -> dict[str, set[str]]:
    """Kconfig symbols among ``names`` that ``rev`` defines, with the Kconfig files defining
    them (one ``git grep`` over the Kconfig files only)."""
    names = sorted(set(names))
    if not names:
        return {}
    pattern = r"^[[:space:]]*(menu)?config[[:space:]]+(" + "|".join(re.escape(n) for n in names) + r")[[:space:]]*$"
    out = git.run(["grep", "-I", "-E", "--no-color", "-e", pattern, rev, "--", *KCONFIG_PATHSPEC], ok_codes=(0, 1))
    found: dict[str, set[str]] = {}
    prefix = f"{rev}:".encode()
    for line in out.split(b"\n"):
        if not line.startswith(prefix):
            continue
        path, _, text = line[len(prefix):].partition(b":")
        name = text.split()[-1].decode("utf-8", "replace") if text.split() else ""
        if name in names:
            found.setdefault(name, set()).add(path.decode("utf-8", "surrogateescape"))
    return found


@dataclass(frozen=True)
class Removal:
    name: str
    commit: ObjectId | None
    replacement: str | None


def removal_commits(git: Git, base: str, onto: str, removals: RangeRemovals,
                    names: Iterable[str]) -> dict[str, Removal]:
    """For identifiers upstream removed everywhere: the commit that removed the last
    occurrence (one ``log -G`` over the files they were removed from), and the
    identifier that replaced it in that commit's hunks, when one looks like a rename."""
    names = sorted(set(names))
    if not names:
        return {}
    paths = sorted({p for n in names for p in removals.files.get(n, ())})
    regex = r"\b(" + "|".join(re.escape(n) for n in names) + r")\b"
    out = git.run(["log", "-p", "-U0", "--no-renames", "--no-color", "--no-ext-diff", "--reverse",
                   "--topo-order", f"-G{regex}", "--format=%x00%H %P", f"{base}..{onto}", "--"] + paths)
    commits = parse_log(out)
    left = {n: removals.count.get(n, 0) for n in names}
    found: dict[str, Removal] = {}
    best: dict[str, tuple[int, ObjectId, list[Edit]]] = {}
    words = {n: re.compile(rb"\b" + re.escape(n.encode()) + rb"\b") for n in names}
    for commit in commits:
        hunks = [h for fd in commit.files for h in fd.hunks]
        for n in names:
            if n in found:
                continue
            word = words[n]
            gone = sum(len(word.findall(line)) for h in hunks for line in h.removed)
            came = sum(len(word.findall(line)) for h in hunks for line in h.added)
            if gone <= came:
                left[n] += came - gone
                continue
            left[n] -= gone - came
            mine = [h for h in hunks if any(word.search(line) for line in h.removed)]
            if gone - came > best.get(n, (0, ObjectId(""), []))[0]:
                best[n] = (gone - came, commit.oid, mine)
            if left[n] <= 0:
                found[n] = Removal(n, commit.oid, _replacement(n, mine))
    for n in names:
        if n not in found:
            if n in best:
                found[n] = Removal(n, best[n][1], _replacement(n, best[n][2]))
            else:
                found[n] = Removal(n, None, None)
    return found


def _replacement(name: str, hunks: list[Edit]) -> str | None:
    """The new identifier most like ``name`` in the hunks that removed it (a rename)."""
    before = {t.decode() for h in hunks for line in h.removed for t in _IDENT.findall(line)}
    after = {t.decode() for h in hunks for line in h.added for t in _IDENT.findall(line)}
    scored = sorted(((difflib.SequenceMatcher(None, name, c).ratio(), c) for c in after - before),
                    key=lambda x: (-x[0], x[1]))
    return scored[0][1] if scored and scored[0][0] >= 0.6 else None


# ------------------------------------------------------------------ the range itself


def first_parent_line(git: Git, base: str, onto: str) -> list[tuple[ObjectId, tuple[ObjectId, ...]]]:
    """(commit, parents) along the first-parent line of base..onto, oldest first."""
    out = git.run(["rev-list", "--first-parent", "--reverse", "--parents", f"{base}..{onto}", "--"])
    line: list[tuple[ObjectId, tuple[ObjectId, ...]]] = []
    for row in out.decode().splitlines():
        ids = [ObjectId(x) for x in row.split()]
        if ids:
            line.append((ids[0], tuple(ids[1:])))
    return line


def path_fates(git: Git, base: str, onto: str) -> tuple[dict[str, str], set[str]]:
    """(renamed old -> new, deleted) between two trees, with git's rename detection.

    Rename detection needs the whole tree's additions as candidates, so this is
    one whole-tree ``diff-tree -M``; it compares trees, reading blobs only for
    the added/deleted pairs it scores.
    """
    out = git.run(["diff-tree", "-r", "-M", "--name-status", "-z", base, onto, "--"])
    fields = out.split(b"\0")
    renamed: dict[str, str] = {}
    deleted: set[str] = set()
    i = 0
    while i < len(fields):
        status = fields[i].decode("ascii", "replace")
        if not status:
            i += 1
            continue
        if status[0] in "RC":
            old = fields[i + 1].decode("utf-8", "surrogateescape")
            new = fields[i + 2].decode("utf-8", "surrogateescape")
            if status[0] == "R":
                renamed[old] = new
            i += 3
            continue
        if status[0] == "D":
            deleted.add(fields[i + 1].decode("utf-8", "surrogateescape"))
        i += 2
    return renamed, deleted
