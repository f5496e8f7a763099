"""Applying a text patch to a file's bytes in Python, exactly as ``git apply`` does without fuzz.

The forward-port applies hundreds of patches per run; one ``git apply`` process
per patch (plus an index to hold its files) costs more than everything else a
patch needs. A queue's patches apply to their own base without fuzz by
construction (import verified that), so the part of ``git apply`` they need is
small: find each hunk's pre-image at, or near, the line it names, and replace
it. This module reproduces that part line for line (apply.c's
``apply_one_fragment`` and ``find_pos`` with the default options: no context
reduction, no whitespace fixing, offsets allowed) and refuses everything else
(``Unsupported``) so that the caller falls back to git itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from xenpatch.core.diff import split_lines
from xenpatch.core.hunks import HunkHeader, header_fields


class Unsupported(Exception):
    """Something this module does not do the way git does; let git apply it."""


class DoesNotApply(Exception):
    """The pre-image is not in the file: git apply would refuse the patch too."""


@dataclass(frozen=True)
class Fragment(HunkHeader):
    """A hunk as git apply reads it: its pre- and post-image."""

    old: tuple[bytes, ...]  # pre-image lines, with their line ends (the last may lack one)
    new: tuple[bytes, ...]  # post-image lines
    trailing: int  # context lines after the last change


_HEADER = b"@@ -"


def fragments(file_diff: bytes) -> list[Fragment]:
    """The hunks of one file's diff (headers before the first ``@@`` are skipped)."""
    out: list[Fragment] = []
    lines = file_diff.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    i = 0
    while i < len(lines) and not lines[i].startswith(_HEADER):
        if lines[i].startswith(b"GIT binary patch") or lines[i].startswith(b"Binary files "):
            raise Unsupported("binary patch")
        i += 1
    while i < len(lines):
        if not lines[i].startswith(_HEADER):
            # what a diff may carry after its last hunk: blank lines, then a mail signature
            rest = list(lines[i:])
            while rest and not rest[0].strip():
                rest.pop(0)
            if out and (not rest or rest[0] == b"-- " or rest[0] == b"--"):
                break
            raise Unsupported(f"unexpected line after a hunk: {lines[i][:40]!r}")
        head = header_fields(lines[i])
        if head is None:
            raise Unsupported(f"unreadable hunk header {lines[i][:40]!r}")
        ol, nl = head[1], head[3]
        i += 1
        old: list[bytes] = []
        new: list[bytes] = []
        kinds: list[bytes] = []
        seen_old = seen_new = 0
        while i < len(lines) and (seen_old < ol or seen_new < nl or lines[i].startswith(b"\\")):
            line = lines[i]
            tag, text = line[:1], line[1:] + b"\n"
            if tag == b"\\":
                # "\ No newline at end of file": the line before it has no line end
                if not kinds:
                    raise Unsupported("a no-newline marker before any line")
                last = kinds[-1]
                if last in (b" ", b"-"):
                    old[-1] = old[-1][:-1]
                if last in (b" ", b"+"):
                    new[-1] = new[-1][:-1]
                i += 1
                continue
            if tag == b" " or (tag == b"" and line == b""):
                old.append(text if tag else b"\n")
                new.append(text if tag else b"\n")
                seen_old += 1
                seen_new += 1
            elif tag == b"-":
                old.append(text)
                seen_old += 1
            elif tag == b"+":
                new.append(text)
                seen_new += 1
            else:
                raise Unsupported(f"unexpected line in a hunk: {line[:40]!r}")
            kinds.append(tag or b" ")
            i += 1
        if seen_old != ol or seen_new != nl:
            raise Unsupported("hunk line counts do not match its header")
        trailing = next((k for k, t in enumerate(reversed(kinds)) if t != b" "), len(kinds))
        out.append(Fragment(*head, tuple(old), tuple(new), trailing))
    return out



def _find(image: list[bytes], pre: tuple[bytes, ...], line: int, beginning: bool, end: bool) -> int:
    """apply.c's find_pos: try ``line``, then line+1, line-1, line+2, ... (exact matches only)."""
    n, m = len(image), len(pre)
    if m > n:
        return -1
    if beginning:
        line = 0
    elif end:
        line = n - m
    line = max(0, min(line, n))

    if not m:
        return 0 if not end or n == 0 else -1  # an empty pre-image: an addition to an empty file
    last = pre[-1]
    head = list(pre[:-1])
    loose_end = not last.endswith(b"\n")

    def match(at: int) -> bool:
        if beginning and at != 0:
            return False
        if end and at + m != n:
            return False
        if at + m > n or image[at:at + m - 1] != head:
            return False
        line = image[at + m - 1]
        if line == last:
            return True
        # git compares the pre-image as one buffer of bytes: away from the end of the
        # file, a last line without its line end matches the file's line with one
        # (git's line hash ignores whitespace); at the end (``end``) the bytes must
        # end exactly where the file does
        return not end and loose_end and line.startswith(last) and not line[len(last):].strip()

    if beginning or end:
        return line if match(line) else -1  # anchored: there is only the one place to look
    back = fwd = line
    i = 0
    current = line
    while True:
        if match(current):
            return current
        while True:
            if back == 0 and fwd == n:
                return -1
            if i & 1:
                if back == 0:
                    i += 1
                    continue
                back -= 1
                current = back
            else:
                if fwd == n:
                    i += 1
                    continue
                fwd += 1
                current = fwd
            i += 1
            break


def reversed_fragment(f: Fragment) -> Fragment:
    """The hunk as ``git apply --reverse`` reads it: old and new swapped."""
    return Fragment(f.new_start, f.new_len, f.old_start, f.old_len, f.section, f.new, f.old, f.trailing)


def apply_text(old: bytes, file_diff: bytes, reverse: bool = False) -> bytes:
    """``old`` with every hunk of ``file_diff`` applied the way ``git apply`` (no fuzz) would."""
    image = split_lines(old)
    frags = fragments(file_diff)
    for frag in (reversed_fragment(f) for f in frags) if reverse else frags:
        # apply.c: a hunk at line 0 or 1 must match at the beginning, one without
        # trailing context at the end (git apply without --unidiff-zero)
        beginning = frag.old_start <= 1
        end = frag.trailing == 0
        pos = _find(image, frag.old, frag.new_start - 1 if frag.new_start else 0, beginning, end)
        if pos < 0:
            raise DoesNotApply(f"hunk @@ -{frag.old_start},{frag.old_len} does not match")
        image[pos:pos + len(frag.old)] = list(frag.new)
    return b"".join(image)
