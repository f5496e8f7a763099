"""Recorded conflict resolutions, as reviewable text files that travel with the queue.

Like git rerere, a conflict is recognised by a hash of its two sides (sorted,
so the same clash seen from either side matches) and its recorded resolution
is replayed when the same conflict comes back on the next rev. Unlike rerere,
the records live in ``queues/NAME/resolutions/`` as plain text, so they are
reviewed, committed and shared with the queue instead of hiding in .git/rr-cache.

File format (every content line is prefixed with one space, so no content can
be mistaken for a section marker; a line ``\\`` after a content line means that
line has no final newline)::

    # xenpatch recorded resolution
    # path: kernel/irq/manage.c
    # patch: 0003-genirq-hook.patch
    @@@ ours
     ...
    @@@ theirs
     ...
    @@@ resolution
     ...
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass

from xenpatch.errors import QueueError

OPEN, MID, BASE, CLOSE = b"<<<<<<<", b"=======", b"|||||||", b">>>>>>>"


@dataclass(frozen=True)
class ConflictHunk:
    start: int  # index of the <<<<<<< line
    end: int  # index one past the >>>>>>> line
    ours: bytes
    theirs: bytes

    @property
    def key(self) -> str:
        a, b = sorted((_normalize(self.ours), _normalize(self.theirs)))
        return hashlib.sha1(a + b"\0" + b).hexdigest()


@dataclass(frozen=True)
class Resolution:
    key: str
    path: str
    patch: str
    ours: bytes
    theirs: bytes
    resolution: bytes

    def file_name(self) -> str:
        return f"{self.key}.resolution"


def _normalize(side: bytes) -> bytes:
    return b"\n".join(line.rstrip() for line in side.splitlines())


def _is(line: bytes, marker: bytes) -> bool:
    return line.startswith(marker) and (len(line) == 7 or line[7:8] in (b" ", b"\n", b"\r"))


def conflict_hunks(text: bytes) -> list[ConflictHunk]:
    lines = text.splitlines(keepends=True)
    hunks: list[ConflictHunk] = []
    i = 0
    while i < len(lines):
        if not _is(lines[i], OPEN):
            i += 1
            continue
        start = i
        ours: list[bytes] = []
        theirs: list[bytes] = []
        section = "ours"
        i += 1
        while i < len(lines) and not _is(lines[i], CLOSE):
            line = lines[i]
            if _is(line, BASE) and section == "ours":
                section = "base"
            elif line.rstrip(b"\r\n") == MID:
                section = "theirs"
            elif section == "ours":
                ours.append(line)
            elif section == "theirs":
                theirs.append(line)
            i += 1
        if i >= len(lines):
            break  # an unterminated marker is not a conflict region
        hunks.append(ConflictHunk(start, i + 1, b"".join(ours), b"".join(theirs)))
        i += 1
    return hunks


def take_theirs(text: bytes) -> bytes:
    """Every conflict region replaced by its 'theirs' side (the patch's own lines)."""
    lines = text.splitlines(keepends=True)
    out: list[bytes] = []
    pos = 0
    for hunk in conflict_hunks(text):
        out.extend(lines[pos:hunk.start])
        out.append(hunk.theirs)
        pos = hunk.end
    out.extend(lines[pos:])
    return b"".join(out)


def has_markers(text: bytes) -> bool:
    return bool(conflict_hunks(text))


def apply_recorded(text: bytes, table: dict[str, Resolution]) -> bytes | None:
    """Replace every conflict region by its recorded resolution; None if one is unknown."""
    lines = text.splitlines(keepends=True)
    out: list[bytes] = []
    pos = 0
    for hunk in conflict_hunks(text):
        recorded = table.get(hunk.key)
        if recorded is None:
            return None
        out.extend(lines[pos:hunk.start])
        out.append(recorded.resolution)
        pos = hunk.end
    out.extend(lines[pos:])
    return b"".join(out)


def extract(conflicted: bytes, resolved: bytes, path: str, patch: str) -> list[Resolution]:
    """What the user put in place of each conflict region.

    The text outside the regions is aligned between the conflicted and the
    resolved file; whatever the resolved file has between the anchors around a
    region is that region's resolution.
    """
    old = conflicted.splitlines(keepends=True)
    new = resolved.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    # map each old line index that is part of an equal block to its new index
    mapping: dict[int, int] = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            mapping[a + k] = b + k
    found: list[Resolution] = []
    for hunk in conflict_hunks(conflicted):
        before = max((mapping[k] for k in range(hunk.start) if k in mapping), default=-1)
        after = min((mapping[k] for k in range(hunk.end, len(old)) if k in mapping), default=len(new))
        body = b"".join(new[before + 1:after])
        found.append(Resolution(hunk.key, path, patch, hunk.ours, hunk.theirs, body))
    return found


def _block(data: bytes) -> list[bytes]:
    out = []
    for line in data.splitlines(keepends=True):
        if line.endswith(b"\n"):
            out.append(b" " + line)
        else:
            out.append(b" " + line + b"\n\\\n")
    return out


def render(res: Resolution) -> bytes:
    lines = [
        b"# xenpatch recorded resolution\n",
        f"# path: {res.path}\n".encode(),
        f"# patch: {res.patch}\n".encode(),
        b"@@@ ours\n", *_block(res.ours),
        b"@@@ theirs\n", *_block(res.theirs),
        b"@@@ resolution\n", *_block(res.resolution),
    ]
    return b"".join(lines)


def parse(data: bytes, where: str) -> Resolution:
    meta: dict[str, str] = {}
    sections: dict[str, list[bytes]] = {}
    current: list[bytes] | None = None
    for line in data.splitlines(keepends=True):
        if current is None and line.startswith(b"# "):
            key, _, value = line[2:].decode("utf-8", "replace").partition(":")
            meta[key.strip()] = value.strip()
        elif line.startswith(b"@@@ "):
            current = sections.setdefault(line[4:].strip().decode(), [])
        elif line.startswith(b" ") and current is not None:
            current.append(line[1:])
        elif line.rstrip(b"\n") == b"\\" and current:
            current[-1] = current[-1].rstrip(b"\n")
        elif line.strip():
            raise QueueError(f"resolution file {where} is corrupt near {line[:40]!r}", "fix or delete that file")
    if set(sections) != {"ours", "theirs", "resolution"}:
        raise QueueError(f"resolution file {where} lacks a section", "fix or delete that file")
    ours, theirs = b"".join(sections["ours"]), b"".join(sections["theirs"])
    key = ConflictHunk(0, 0, ours, theirs).key
    return Resolution(key, meta.get("path", ""), meta.get("patch", ""), ours, theirs, b"".join(sections["resolution"]))
