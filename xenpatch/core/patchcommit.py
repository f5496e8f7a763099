"""A patch file as a git commit and back: author, date, message, and the trailer that maps them.

``checkout`` turns each patch into a commit; ``commit`` turns each commit back
into a patch file. The round trip must be the identity for every patch the
user did not touch, whatever its layout (git format-patch mail, SUSE headers,
Debian headers, a quilt description), so nothing here renders a patch anew:
a commit is compared with what the patch would give, field by field, and only
a field that really changed is written back, into the byte range it came from
(a ``Subject:`` header, an in-body ``From:`` line, the message body). Every
other byte of the file (``Patch-mainline:``, ``Git-commit:``, ``References:``,
``Bug-Debian:``, the ``From <sha>`` line, notes after ``---``, the signature)
stays as it was.

Why a trailer and not git notes: the commit has to be recognised after
``git commit --amend``, ``git rebase -i`` (reword, squash, reorder) and
``git cherry-pick``. A message trailer travels with the message through all of
them (a squash keeps both, so the first names the squashed patch); notes are
dropped by amend and rebase unless the user configured ``notes.rewriteRef``.
The trailer (``Xenpatch-Patch: NAME``) is removed on the way back, so it never
reaches a patch file.

Messages are compared after git's own whitespace cleanup (what ``git commit``
does to a message it did not edit), so an ``--amend --no-edit`` that only
re-flowed blank lines is no edit.
"""

from __future__ import annotations

import calendar
import email.utils
import re
import time
from dataclasses import dataclass, replace

from xenpatch.core.patch import INBODY_HEADERS, SUBJECT_BRACKETS, Header, Patch
from xenpatch.errors import BadInput

TRAILER = "Xenpatch-Patch"
_TRAILER_LINE = re.compile(rf"^{TRAILER}:[ \t]*(\S+)[ \t]*$")
_ANY_TRAILER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*:[ \t]*\S|^\(cherry picked from commit ")
_CRUD = set(range(0, 33)) | set(map(ord, ".,:;<>\"\\'"))
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Ident:
    """An author as git stores it: name, email and the raw date ``<seconds> <+hhmm>``."""

    name: str
    email: str
    when: str

    def env(self, role: str = "AUTHOR") -> dict[str, str]:
        return {f"GIT_{role}_NAME": self.name, f"GIT_{role}_EMAIL": self.email, f"GIT_{role}_DATE": self.when}

    @property
    def address(self) -> str:
        return f"{self.name} <{self.email}>"

    def line(self) -> bytes:
        """As a commit object's ``author``/``committer`` line holds it: ``Name <email> <when>``."""
        return f"{self.address} {self.when}".encode("utf-8", "surrogateescape")


# ---------------------------------------------------------------- dates and names

def raw_date(text: str | None) -> str | None:
    """A mail ``Date:`` value as git's raw ``<seconds> <+hhmm>``, or None when it is no date."""
    if not text:
        return None
    parsed = email.utils.parsedate_tz(text)
    if parsed is None or parsed[0] < 1971:
        return None
    try:
        return raw_of_parsed(parsed)
    except (OverflowError, ValueError):
        return None


def raw_of_parsed(parsed: tuple[int, int, int, int, int, int, int, int, int, int | None]) -> str:
    """A date parsed by ``email.utils.parsedate_tz`` as git's raw ``<seconds> <+hhmm>``."""
    stamp = email.utils.mktime_tz(parsed)
    off = parsed[9] or 0
    sign = "+" if off >= 0 else "-"
    off = abs(off)
    return f"{stamp} {sign}{off // 3600:02d}{off % 3600 // 60:02d}"


def mail_date(raw: str) -> str:
    """git's ``%aD`` for a raw date: ``Thu, 17 Sep 2020 14:26:40 +0200`` (day not zero-padded)."""
    stamp_text, tz = raw.split()
    sign = -1 if tz.startswith("-") else 1
    offset = sign * (int(tz[1:3]) * 3600 + int(tz[3:5]) * 60)
    t = time.gmtime(int(stamp_text) + offset)
    return (f"{_DAYS[t.tm_wday]}, {t.tm_mday} {_MONTHS[t.tm_mon - 1]} {t.tm_year} "
            f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} {tz}")


def now_raw() -> str:
    """The current time as a raw git date (UTC), or ``SOURCE_DATE_EPOCH`` when set (reproducible runs)."""
    import os
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    stamp = int(epoch) if epoch.isdigit() else calendar.timegm(time.gmtime())
    return f"{stamp} +0000"


def _without_crud(text: str) -> str:
    """What git keeps of a name or email (ident.c ``strbuf_addstr_without_crud``)."""
    start, end = 0, len(text)
    while start < end and ord(text[start]) in _CRUD:
        start += 1
    while end > start and ord(text[end - 1]) in _CRUD:
        end -= 1
    return "".join(c for c in text[start:end] if c not in "<>\n")


def parse_address(text: str | None) -> tuple[str, str] | None:
    """``(name, email)`` of ``Name <email>`` as git would store it, or None without an email."""
    if not text:
        return None
    name, addr = email.utils.parseaddr(text)
    if not addr or ("@" not in addr and "<" not in text):
        return None
    name, addr = _without_crud(name), _without_crud(addr)
    if not addr:
        return None
    return (name or addr.split("@")[0] or addr), addr


def ident_of_raw(line: bytes) -> Ident:
    """An ``author``/``committer`` line of a commit object (without the keyword)."""
    text = line.decode("utf-8", "surrogateescape")
    lt, gt = text.rfind("<"), text.rfind(">")
    if lt < 0 or gt < lt:
        return Ident(text.strip(), "", "0 +0000")
    return Ident(text[:lt].strip(), text[lt + 1:gt], text[gt + 1:].strip())


# ---------------------------------------------------------------- messages

def cleanup(text: str) -> str:
    """git's whitespace cleanup: trailing blanks and blank runs go, one final newline."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""


def with_trailer(message: str, name: str) -> str:
    """The commit message with ``Xenpatch-Patch: NAME`` in its trailer block (a new one if none)."""
    text = cleanup(message).rstrip("\n")
    paragraphs = text.split("\n\n")
    line = f"{TRAILER}: {name}"
    if len(paragraphs) > 1 and all(_ANY_TRAILER.match(x) or x[:1] in " \t" for x in paragraphs[-1].split("\n")):
        return f"{text}\n{line}\n"
    return f"{text}\n\n{line}\n" if text else f"{line}\n"


def strip_trailers(message: str) -> tuple[list[str], str]:
    """The patch names the message's trailers give (in order), and the message without them."""
    names: list[str] = []
    kept: list[str] = []
    for line in message.replace("\r\n", "\n").split("\n"):
        m = _TRAILER_LINE.match(line)
        if m:
            names.append(m.group(1))
        else:
            kept.append(line)
    return names, cleanup("\n".join(kept))


def subject_and_body(message: str) -> tuple[str, str]:
    """git's reading of a message: the first paragraph (lines joined) and the rest."""
    text = cleanup(message)
    head, _, rest = text.partition("\n\n")
    return " ".join(x.strip() for x in head.split("\n") if x.strip()), cleanup(rest)


def _split_inbody(message: bytes) -> tuple[bytes, bytes]:
    """In-body ``From:``/``Date:``/``Subject:`` lines (with the blank line after them) and the rest."""
    lines = message.splitlines(keepends=True)
    k = 0
    while k < len(lines) and lines[k].strip():
        key, sep, _ = lines[k].decode("utf-8", "replace").partition(":")
        if not sep or key.strip().lower() not in INBODY_HEADERS:
            return b"", message
        k += 1
    if k == 0 or k == len(lines):
        return b"", message
    return b"".join(lines[:k + 1]), b"".join(lines[k + 1:])


def _has_subject(patch: Patch) -> bool:
    return patch.header("Subject") is not None or b"subject:" in _split_inbody(patch.message)[0].lower()


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


_MAIL_HEADERS = {"from", "date", "subject", "description", "author"}


def _title_as_header(patch: Patch) -> bool:
    """A quilt description whose title reads as a header: ``xen: fix foo`` then a blank line.

    Kernel subjects are ``subsystem: summary``, which the patch model (like any
    mail parser) takes for a header called ``xen``; real header names are
    capitalised (``Patch-mainline``, ``Bug-Debian``) and a mail has From or Subject.
    """
    if not patch.headers or patch.from_line:
        return False
    names = [h.name for h in patch.headers]
    if any(n.lower() in _MAIL_HEADERS for n in names):
        return False
    return any(not n[:1].isupper() or "/" in n for n in names)


def _dep3_description(patch: Patch) -> tuple[str, str] | None:
    """DEP-3's ``Description:`` (when there is no Subject): its first line and its continuation lines."""
    if _has_subject(patch):
        return None
    header = _header(patch, "Description")
    if header is None:
        return None
    lines = _text(header.raw).replace("\r\n", "\n").split("\n")
    first = lines[0].split(":", 1)[1].strip()
    rest = [x[1:] if x.startswith((" ", "\t")) else x for x in lines[1:] if x != ""]
    return first, cleanup("\n".join("" if x.strip() == "." else x for x in rest))


def message_of(patch: Patch) -> str:
    """The commit message a patch gives (without the trailer), cleaned up as git would."""
    if _has_subject(patch):
        body = cleanup(_text(_split_inbody(patch.message)[1]))
        return cleanup(patch.summary + ("\n\n" + body if body else ""))
    dep3 = _dep3_description(patch)
    if dep3 is not None:
        first, rest = dep3
        body = cleanup(rest + "\n\n" + _text(patch.message))
        return cleanup(first + ("\n\n" + body if body else ""))
    if _title_as_header(patch):
        return cleanup(_text(b"".join(h.raw for h in patch.headers) + patch.separator + patch.message))
    return cleanup(_text(patch.message))


# ---------------------------------------------------------------- patch -> commit

def author_of(patch: Patch, fallback: str) -> tuple[str, str]:
    """The patch's author (an in-body or header ``From:``, or DEP-3's ``Author:``), else ``fallback``."""
    found = parse_address(patch.author) or parse_address(patch.header("Author"))
    if found is not None:
        return found
    default = parse_address(fallback)
    return default if default is not None else ("xenpatch", "xenpatch@localhost")


def ident_of(patch: Patch, fallback_author: str, fallback_date: str) -> Ident:
    name, addr = author_of(patch, fallback_author)
    return Ident(name, addr, raw_date(patch.date) or fallback_date)


# ---------------------------------------------------------------- commit -> patch

def _replace(patch: Patch, **ranges: object) -> Patch:
    return Patch.parse(replace(patch, **ranges).to_bytes(), patch.name)  # type: ignore[arg-type]


def _encoded_like(original: Header | None, value: str) -> str:
    """A header value written the way the header it replaces was (RFC 2047 words or raw UTF-8)."""
    if original is None or b"=?" not in original.raw or value.isascii():
        return value
    import email.header
    if "<" in value and "@" in value:
        name, addr = email.utils.parseaddr(value)
        return email.utils.formataddr((name, addr), charset="utf-8")
    return email.header.Header(value, "utf-8", maxlinelen=10_000).encode()


def _header(patch: Patch, name: str) -> Header | None:
    return next((h for h in patch.headers if h.name.lower() == name.lower()), None)


def _set_inbody(patch: Patch, key: str, value: str) -> Patch | None:
    """Rewrite an in-body ``Key:`` line; None when the message has none."""
    block, rest = _split_inbody(patch.message)
    if not block:
        return None
    lines = block.splitlines(keepends=True)
    for k, line in enumerate(lines):
        if line.decode("utf-8", "replace").partition(":")[0].strip().lower() == key:
            eol = b"\r\n" if line.endswith(b"\r\n") else b"\n"
            label = line.split(b":", 1)[0]
            lines[k] = label + b": " + value.encode("utf-8", "surrogateescape") + eol
            return _replace(patch, message=b"".join(lines) + rest)
    return None


def _set_field(patch: Patch, key: str, value: str, header: str) -> Patch:
    """Set the author/date/subject where the patch keeps it: in-body line, else header."""
    if key in _inbody_keys(patch):
        changed = _set_inbody(patch, key, value)
        if changed is not None:
            return changed
    return patch.with_header(header, _encoded_like(_header(patch, header), value))


def _inbody_keys(patch: Patch) -> list[str]:
    block, _ = _split_inbody(patch.message)
    return [line.decode("utf-8", "replace").partition(":")[0].strip().lower()
            for line in block.splitlines() if line.strip()]


def _with_body(patch: Patch, body: str) -> Patch:
    """The message's body replaced, keeping in-body headers and the blank lines around it."""
    block, rest = _split_inbody(patch.message)
    text = _text(rest)
    lead = text[:len(text) - len(text.lstrip("\r\n"))]
    stripped = text.rstrip(" \t\r\n")
    tail = text[len(stripped):]
    tail = tail[tail.find("\n") + 1:] if "\n" in tail else ""
    eol = "\r\n" if b"\r\n" in patch.message else "\n"
    new = body.rstrip("\n").replace("\n", eol) + eol if body.strip() else ""
    if not stripped and new:
        tail = eol if not patch.notes_marker and patch.diff else ""
        lead = ""
    data = block + (lead + new + tail).encode("utf-8", "surrogateescape")
    separator = patch.separator
    if data and patch.headers and not separator:
        separator = eol.encode()
    return _replace(patch, message=data, separator=separator)


def apply_message(patch: Patch, message: str) -> Patch:
    """The patch with the commit message ``message`` (no trailer) written back into it."""
    wanted = cleanup(message)
    if wanted == message_of(patch):
        return patch
    if _has_subject(patch):
        subject, body = subject_and_body(wanted)
        new = patch
        if subject != patch.summary:
            m = SUBJECT_BRACKETS.match(patch.subject)
            prefix = m.group(1) if m else ""
            new = _set_field(new, "subject", prefix + subject, "Subject")
        if body != cleanup(_text(_split_inbody(new.message)[1])):
            new = _with_body(new, body)
    elif _dep3_description(patch) is not None:
        subject, body = subject_and_body(wanted)
        if any(line.strip() == "." for line in body.split("\n")):
            # " ." is how a DEP-3 field writes an empty line; a "." of the text has no spelling there
            raise BadInput(f"the new message of {patch.name} has a line that is only '.', which its DEP-3 "
                           f"Description cannot hold (it would read back as an empty line)",
                           "reword that line (git commit --amend)")
        eol = "\r\n" if patch.headers[0].raw.endswith(b"\r\n") else "\n"
        raw = f"Description: {subject}{eol}" + "".join(f" {x}{eol}" if x.strip() else f" .{eol}"
                                                       for x in body.rstrip("\n").split("\n") if body)
        headers = tuple(Header(h.name, raw.encode("utf-8", "surrogateescape")) if h.name.lower() == "description"
                        else h for h in patch.headers)
        new = _replace(patch, headers=headers, message=b"")
    else:
        pseudo = _title_as_header(patch)
        text = _text(patch.message)
        stripped = text.rstrip(" \t\r\n")
        tail = text[len(stripped):]
        tail = tail[tail.find("\n") + 1:] if "\n" in tail else ""
        data = (wanted + tail).encode("utf-8", "surrogateescape")
        new = _replace(patch, headers=(), separator=b"", message=data) if pseudo else _replace(patch, message=data)
    if message_of(new) != wanted:
        raise BadInput(f"the new message of {patch.name} cannot be written into its patch file as it is "
                       f"(a line that reads as a header, '---' or a diff)",
                       "reword it (git commit --amend) so that it reads as a commit message")
    return new


def apply_ident(patch: Patch, wanted: Ident, fallback_author: str, fallback_date: str) -> Patch:
    """The patch with the commit's author and date written back where they changed."""
    now = ident_of(patch, fallback_author, fallback_date)
    new = patch
    if _title_as_header(patch):
        # a header block goes in front of the title, which then reads as the description it is
        lines = ([f"From: {wanted.address}"] if (now.name, now.email) != (wanted.name, wanted.email) else []) + \
                ([f"Date: {mail_date(wanted.when)}"] if now.when != wanted.when else [])
        if lines:
            block = ("\n".join(lines) + "\n\n").encode("utf-8", "surrogateescape")
            new = Patch.parse(block + patch.to_bytes(), patch.name)
    elif (now.name, now.email) != (wanted.name, wanted.email):
        source = "From"
        if parse_address(patch.author) is None and parse_address(patch.header("Author")) is not None:
            source = "Author"
        key = "from" if source == "From" else "author"
        new = _set_field(new, key, wanted.address, source)
    if now.when != wanted.when and not _title_as_header(patch):
        new = _set_field(new, "date", mail_date(wanted.when), "Date")
    check = ident_of(new, fallback_author, fallback_date)
    if (check.name, check.email, check.when) != (wanted.name, wanted.email, wanted.when):
        raise BadInput(f"the author of {patch.name} ({wanted.address}) cannot be written into its patch file",
                       "give the commit a plain 'Name <email>' author (git commit --amend --author)")
    return new
