"""One patch file, kept as the exact bytes it was read from.

Why slices and not a parsed-and-rendered model: the patch files are the user's
source of truth (quilt and ``git quiltimport`` read them unchanged, users commit
them), so xenpatch must never reformat a header, re-wrap a trailer or re-render a
hunk.  ``Patch`` cuts the file into consecutive byte ranges::

    from_line  headers  separator  message  notes_marker  notes  diff  signature

(any of them may be empty) so that ``to_bytes()`` is their concatenation and a
parse/write round trip is the identity.  Everything else (author, subject,
trailers, files, line counts) is computed from those ranges on demand, and the
``with_*`` editors replace one range and re-parse the result, leaving every other
byte alone.

Accepted layouts: ``git format-patch`` and b4/lore mail (``From <sha> <date>``,
RFC 822 headers, body, ``---``, diffstat, diff, ``-- `` signature), SUSE-style
quilt patches (headers such as ``Patch-mainline:`` then a body and a diff), quilt
patches with a free-form description before the diff, and bare diffs.
"""

from __future__ import annotations

import email.header
import email.utils
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from email.errors import HeaderParseError

from xenpatch.core.diff import (
    FileChange,
    is_signature,
    scan_diff,
    split_lines,
    starts_diff,
)
from xenpatch.core.diff import diffstat as _diffstat
from xenpatch.core.diff import parse_files as _parse_files
from xenpatch.errors import BadInput

_HEADER_RE = re.compile(rb"^[!-9;-~]+:")
_NOTES_RE = re.compile(rb"^---[ \t]*\r?\n?$")
_TRAILER_RE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:[ \t]*(.*)$")
SUBJECT_BRACKETS = re.compile(r"^\s*((?:\[[^\]]*\]\s*)+)")  # "[PATCH v2 3/7] " before a subject
_TAG_RE = re.compile(r"^(UPSTREAM|FROMLIST|BACKPORT|FROMGIT|ANDROID):")
INBODY_HEADERS = ("from", "date", "subject")  # headers a mail body may repeat (git am)
_GIT_TRAILERS = ("signed-off-by", "(cherry picked from commit")
_FIX_HINT = "check that the file is a patch (git format-patch mail, quilt patch or diff)"


def _blank(line: bytes) -> bool:
    return line.strip(b" \t\r\n") == b""


def _unfold(raw: str) -> str:
    return re.sub(r"\r?\n([ \t])", r"\1", raw).strip()


def decode_rfc2047(value: str) -> str:
    """Decode ``=?UTF-8?q?...?=`` words; values that are not encoded come back unchanged."""
    if "=?" not in value:
        return value
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except (HeaderParseError, LookupError, UnicodeError, ValueError):
        return value


@dataclass(frozen=True)
class Header:
    """One header field exactly as written: name, colon, value and continuation lines."""

    name: str
    raw: bytes

    @property
    def value(self) -> str:
        """The value unfolded (continuation lines joined) and RFC 2047 decoded."""
        text = self.raw.decode("utf-8", "replace")
        return decode_rfc2047(_unfold(text.split(":", 1)[1]))


@dataclass(frozen=True)
class Patch:
    """A patch file as consecutive byte ranges; see the module docstring."""

    name: str
    from_line: bytes
    headers: tuple[Header, ...]
    separator: bytes
    message: bytes
    notes_marker: bytes
    notes: bytes
    diff: bytes
    signature: bytes
    files: tuple[FileChange, ...] = field(repr=False, compare=False)

    # ------------------------------------------------------------ parsing

    @classmethod
    def parse(cls, data: bytes, name: str = "") -> Patch:
        """Cut ``data`` into its ranges; BadInput when there is no diff or a hunk is broken."""
        label = name or "patch"
        lines = split_lines(data)
        n = len(lines)
        i = 1 if n and is_from_line(lines[0]) else 0
        headers, j = _parse_headers(lines, i)
        separator = b""
        if headers and j < n and _blank(lines[j]):
            separator = lines[j]
            j += 1
        start = next((k for k in range(j, n) if starts_diff(lines, k)), n)
        diff_end = n
        sig_start = n
        files: tuple[FileChange, ...] = ()
        if start == n:
            names = {h.name.lower() for h in headers}
            if not (headers and (i == 1 or "subject" in names or "from" in names)):
                raise BadInput(f"{label} contains no diff", _FIX_HINT)
            sig_start = next((k for k in range(n - 1, j - 1, -1) if is_signature(lines[k])), n)
            diff_end = sig_start
            start = sig_start
        else:
            offset = sum(len(line) for line in lines[:start])
            used, files = scan_diff(data[offset:], label, start + 1, stop_at_signature=True)
            diff_end = start + used
            if any(starts_diff(lines, k) for k in range(diff_end, n)):
                # A "-- " line with more diff after it is not a signature: scan it all.
                used, files = scan_diff(data[offset:], label, start + 1)
                diff_end = n
            sig_start = diff_end
        marker = start
        if headers:
            marker = next((k for k in range(j, start) if _NOTES_RE.match(lines[k])), start)
        parts = [b"".join(lines[a:b]) for a, b in (
            (0, i), (j - (1 if separator else 0), j), (j, marker),
            (marker, min(marker + 1, start)), (marker + 1, start), (start, diff_end),
            (sig_start, n))]
        from_line, sep, message, mark, notes, diff, signature = parts
        if not mark:
            notes = b""
        patch = cls(name, from_line, headers, sep, message, mark, notes, diff, signature, files)
        assert patch.to_bytes() == data, "patch ranges must cover the file"
        return patch

    def to_bytes(self) -> bytes:
        """The file's exact bytes."""
        return b"".join((self.from_line, *(h.raw for h in self.headers), self.separator,
                         self.message, self.notes_marker, self.notes, self.diff, self.signature))

    # ------------------------------------------------------------ headers

    def header(self, name: str) -> str | None:
        """The first header called ``name`` (any case), unfolded and decoded, or None."""
        key = name.lower()
        for h in self.headers:
            if h.name.lower() == key:
                return h.value
        return None

    def header_all(self, name: str) -> list[str]:
        """Every header called ``name``, in file order."""
        key = name.lower()
        return [h.value for h in self.headers if h.name.lower() == key]

    def with_header(self, name: str, value: str) -> Patch:
        """Set a header, changing nothing else.

        The first header with that name (any case) is replaced in place, keeping its
        position; otherwise ``Name: value`` is appended after the last header.  A
        patch without headers (a quilt description or bare diff) gets the header as
        its first line followed by one blank line, the layout quilt and
        ``git mailinfo`` both read as mail headers.  Non-ASCII values are written as
        raw UTF-8 (as in SUSE/quilt patches), not RFC 2047 encoded.
        """
        if not _HEADER_RE.match(f"{name}:".encode()) or " " in name:
            raise BadInput(f"{self._label}: invalid header name {name!r}",
                           "header names are letters, digits and dashes")
        if "\n" in value or "\r" in value:
            raise BadInput(f"{self._label}: header {name} value contains a newline",
                           "pass a single-line value")
        eol = b"\r\n" if (self.headers and self.headers[0].raw.endswith(b"\r\n")) else b"\n"
        raw = f"{name}: {value}".encode("utf-8", "surrogateescape") + eol
        new = Header(name, raw)
        key = name.lower()
        headers = list(self.headers)
        k = next((k for k, h in enumerate(headers) if h.name.lower() == key), -1)
        separator = self.separator
        if k >= 0:
            headers[k] = new
        else:
            headers.append(new)
            if not self.headers:
                separator = eol
        return self._reparse(replace(self, headers=tuple(headers), separator=separator))

    def without_header(self, name: str) -> Patch:
        """Drop every header called ``name``; the rest stays byte-identical."""
        key = name.lower()
        headers = tuple(h for h in self.headers if h.name.lower() != key)
        if not headers and self.headers:
            raise BadInput(f"{self._label}: cannot remove the last header {name}",
                           "a mail patch needs at least one header")
        return self._reparse(replace(self, headers=headers))

    # ------------------------------------------------------------ the diff

    @property
    def has_diff(self) -> bool:
        return bool(self.diff)

    @property
    def insertions(self) -> int:
        return sum(f.insertions for f in self.files)

    @property
    def deletions(self) -> int:
        return sum(f.deletions for f in self.files)

    def with_diff(self, diff: bytes, notes: bytes | None = None) -> Patch:
        """Replace the diff (and the notes/diffstat after ``---`` when given).

        ``notes`` are written exactly as given, so include the blank line that
        separates a diffstat from the diff.  A patch without a ``---`` line gets one
        when notes are given.  Headers, message and signature stay byte-identical.
        """
        marker = self.notes_marker
        if notes is not None and not marker and notes:
            marker = b"---\n"
        if diff and not diff.endswith(b"\n") and self.signature:
            raise BadInput(f"{self._label}: new diff does not end with a newline",
                           "end the diff with a newline before the signature")
        updated = replace(self, diff=diff, notes_marker=marker,
                          notes=self.notes if notes is None else notes)
        patch = self._reparse(updated)
        if patch.diff != diff:
            raise BadInput(f"{self._label}: the new diff does not start with a file header",
                           "pass diff text starting with 'diff --git', 'Index:' or '---'")
        return patch

    # ------------------------------------------------------------ message fields

    @property
    def author(self) -> str | None:
        """The author: an in-body ``From:`` (as git am reads it) wins over the From header."""
        return self._inbody().get("from") or self.header("From")

    @property
    def date(self) -> str | None:
        return self._inbody().get("date") or self.header("Date")

    @property
    def subject(self) -> str:
        """The full subject; for a patch without one, the first line of its description."""
        subject = self._inbody().get("subject") or self.header("Subject")
        if subject is not None:
            return subject
        return self._title_line()

    @property
    def summary(self) -> str:
        """The subject without leading ``[PATCH ...]`` bracket groups."""
        subject = self.subject
        m = SUBJECT_BRACKETS.match(subject)
        return subject[m.end():].strip() if m else subject.strip()

    @property
    def subject_prefix(self) -> str:
        """The text of the leading bracket groups, e.g. ``PATCH v2 3/7`` (groups joined by a space)."""
        m = SUBJECT_BRACKETS.match(self.subject)
        if not m:
            return ""
        return " ".join(g.strip() for g in re.findall(r"\[([^\]]*)\]", m.group(1)))

    @property
    def upstream_tag(self) -> str | None:
        """``UPSTREAM``, ``FROMLIST``, ``BACKPORT``, ``FROMGIT`` or ``ANDROID`` leading the summary."""
        m = _TAG_RE.match(self.summary)
        return m.group(1) if m else None

    @property
    def mainline(self) -> str | None:
        return self.header("Patch-mainline")

    @property
    def git_commit(self) -> str | None:
        return self.header("Git-commit")

    @property
    def references(self) -> str | None:
        return self.header("References")

    @property
    def description(self) -> bytes:
        """The free-form text before the diff: the mail body, or a quilt patch's description."""
        return self.message

    @property
    def trailers(self) -> tuple[tuple[str, str], ...]:
        """``(key, value)`` pairs of the message's last paragraph, by git interpret-trailers' rule.

        The paragraph counts as a trailer block when every line is a trailer, or when
        it holds a ``Signed-off-by`` and at least a quarter of its lines are trailers
        (kernel ``[fix: ...]`` notes between sign-offs are allowed).  A title line
        (the first paragraph of a headerless description) is never a trailer block.
        """
        text = self.message.decode("utf-8", "replace").replace("\r\n", "\n")
        paragraphs = [p for p in re.split(r"\n[ \t]*\n", text.strip("\n")) if p.strip()]
        if not paragraphs or (len(paragraphs) == 1 and not self._has_subject()):
            return ()
        found: list[tuple[str, str]] = []
        others = 0
        known = False
        for line in paragraphs[-1].split("\n"):
            if line[:1] in (" ", "\t") and found:
                key, value = found[-1]
                found[-1] = (key, f"{value} {line.strip()}".strip())
                continue
            m = _TRAILER_RE.match(line)
            if m and not m.group(2).startswith("//"):
                found.append((m.group(1), m.group(2).strip()))
                known = known or m.group(1).lower() in _GIT_TRAILERS
            else:
                others += 1
                known = known or line.lower().startswith(_GIT_TRAILERS[1])
        if not found or (others and not (known and len(found) * 3 >= others)):
            return ()
        return tuple(found)

    # ------------------------------------------------------------ building

    @classmethod
    def build(cls, author: str, date: str, subject: str, body: str, diff: bytes,
              diffstat: bytes | None = None, from_sha: str = "0" * 40, name: str = "") -> Patch:
        """A new ``git format-patch``-style patch.

        Layout: ``From <sha> Mon Sep 17 00:00:00 2001``, From/Date/Subject headers
        (RFC 2047 encoded when not ASCII, plus git's MIME headers when the body or
        diff is not ASCII), a blank line, the body, ``---``, the diffstat, a blank
        line and the diff.  ``diffstat=None`` computes it like git
        (``diffstat(diff)``); pass ``b""`` for none.
        """
        if diffstat is None:
            diffstat = _diffstat(diff) if diff else b""
        head = [f"From {from_sha} Mon Sep 17 00:00:00 2001\n",
                f"From: {_encode_address(author)}\n", f"Date: {date}\n",
                f"Subject: {_encode_words(subject)}\n"]
        if not (body.isascii() and diff.isascii()):
            head += ["MIME-Version: 1.0\n", "Content-Type: text/plain; charset=UTF-8\n",
                     "Content-Transfer-Encoding: 8bit\n"]
        text = body if not body or body.endswith("\n") else body + "\n"
        if diffstat and not diffstat.endswith(b"\n"):
            diffstat += b"\n"
        data = ("".join(head) + "\n" + text + "---\n").encode("utf-8", "surrogateescape")
        data += diffstat + (b"\n" if diffstat or diff else b"") + diff
        return cls.parse(data, name)

    # ------------------------------------------------------------ helpers

    @property
    def _label(self) -> str:
        return self.name or "patch"

    def _reparse(self, updated: Patch) -> Patch:
        return Patch.parse(updated.to_bytes(), self.name)

    def _has_subject(self) -> bool:
        return self.header("Subject") is not None or "subject" in self._inbody()

    def _title_line(self) -> str:
        paragraphs = self.message.decode("utf-8", "replace").strip().split("\n\n")
        if self._inbody():
            paragraphs = paragraphs[1:]
        return paragraphs[0].strip().split("\n")[0].strip() if paragraphs else ""

    def _inbody(self) -> dict[str, str]:
        """In-body From:/Date:/Subject: lines heading the message, as git mailinfo honours them."""
        found: dict[str, str] = {}
        for line in self.message.decode("utf-8", "replace").splitlines():
            if not line.strip():
                break
            key, sep, value = line.partition(":")
            if not sep or key.lower() not in INBODY_HEADERS:
                return {}
            found[key.lower()] = decode_rfc2047(value.strip())
        return found


def is_from_line(line: bytes) -> bool:
    """git mailsplit's test for an mbox separator: ``From <who> ... hh:mm:ss <year>``."""
    if not line.startswith(b"From ") or len(line) < 20:
        return False
    body = line[5:].rstrip(b"\r\n")
    colon = body.rfind(b":")
    if colon < 4 or colon + 3 > len(body):
        return False
    if not all(body[k:k + 1].isdigit() for k in (colon - 4, colon - 2, colon - 1,
                                                   colon + 1, colon + 2)):
        return False
    year = re.match(rb"\s*(\d+)", body[colon + 3:])
    return year is not None and int(year.group(1)) > 90


def _parse_headers(lines: list[bytes], i: int) -> tuple[tuple[Header, ...], int]:
    """RFC 822 header fields from line i, or ``((), i)`` when the text there is not a header block."""
    entries: list[list[bytes]] = []
    j = i
    n = len(lines)
    while j < n:
        line = lines[j]
        if _blank(line):
            break
        if line[:1] in (b" ", b"\t") and entries:
            entries[-1].append(line)
        elif _HEADER_RE.match(line) and not starts_diff(lines, j):
            entries.append([line])
        else:
            break
        j += 1
    if not entries or not (j == n or _blank(lines[j]) or starts_diff(lines, j)):
        return (), i
    headers = tuple(Header(e[0].split(b":", 1)[0].decode("utf-8", "replace"), b"".join(e))
                    for e in entries)
    return headers, j


def _encode_words(text: str) -> str:
    if text.isascii():
        return text
    return email.header.Header(text, "utf-8", maxlinelen=10_000).encode()


def _encode_address(author: str) -> str:
    if author.isascii():
        return author
    display, addr = email.utils.parseaddr(author)
    if not addr:
        return _encode_words(author)
    return email.utils.formataddr((display, addr), charset="utf-8")


def patch_paths(patch: Patch, strip: int = 1) -> list[str]:
    """Every path a patch names (both sides of renames), as seen with ``-p<strip>``."""
    if strip != 1:
        return diff_paths(patch.diff, strip, patch.name or "patch")
    return _paths(patch.files)


def diff_paths(diff: bytes, strip: int = 1, source: str = "diff") -> list[str]:
    """``patch_paths`` of a bare diff (BadInput naming ``source`` when it does not parse)."""
    return _paths(_parse_files(diff, strip, source))


def _paths(files: Sequence[FileChange]) -> list[str]:
    return sorted({p for f in files for p in (f.old_path, f.new_path) if p})
