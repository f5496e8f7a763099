"""Submission mail, written the way ``git format-patch`` writes it.

Why our own writer instead of running ``git format-patch``: the export adds what
format-patch cannot know (per-patch To/Cc from MAINTAINERS, a cover letter with
the changes since the last version), must be deterministic (format-patch puts
the current time and the local git version in the cover letter), and the core
stays pure.  Where git has a rule, this module follows it byte for byte so that
reviewers' tools (b4, patchwork, ``git am``) see nothing unusual:

- ``From <commit> Mon Sep 17 00:00:00 2001``, then From/Date/Subject, the MIME
  headers when the message is not ASCII, then To/Cc (log-tree.c, pretty.c);
- names and subjects that are not ASCII are RFC 2047 ``q``-encoded with git's
  character classes and its 76-column word splitting (pretty.c ``add_rfc2047``);
  names with RFC 822 specials are quoted; ASCII subjects are folded at 78
  columns like ``strbuf_add_wrapped_text``;
- subject numbering ``[PATCH v3 03/27]`` is zero-padded to the width of the
  total, file names are ``v3-0003-<sanitized title>.patch`` (``mbox.py``);
- ``---``, the diffstat, a blank line, the diff, then (cover letter, or the first
  patch when there is none) ``base-commit:``/``prerequisite-patch-id:`` after a
  blank line, then the ``-- `` signature (builtin/log.c ``print_bases``);
- the cover letter's shortlog is grouped by author, authors sorted, wrapped at
  72 columns with indents 2/4 (shortlog.c), followed by the overall diffstat.

Two deliberate differences from git: MIME headers are also written when only the
diff is not ASCII (git omits them, which makes ``git send-email`` stop and ask
for an encoding), and non-ASCII names in To/Cc are RFC 2047 encoded (git copies
them raw).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from xenpatch.core.hunks import without_line_numbers
from xenpatch.core.mbox import FORMAT_PATCH_NAME_MAX, sanitized_subject
from xenpatch.core.patch import Patch

MAIL_WRAP = 78
RFC2047_MAX = 76
SHORTLOG_WRAP = 72
FROM_LINE_DATE = "Mon Sep 17 00:00:00 2001"
PLACEHOLDER_SUBJECT = "*** SUBJECT HERE ***"
PLACEHOLDER_BLURB = "*** BLURB HERE ***"
_RFC822_SPECIALS = frozenset('()<>[]:;@,."\\')
_INBODY_RE = re.compile(r"^(from|date|subject)\s*:", re.IGNORECASE)
_STAT_LINE_RE = re.compile(
    r"^ (?:\S.*\|\s+(?:\d+ ?[+-]*|Bin.*)"
    r"|\d+ files? changed(?:, \d+ insertions?\(\+\))?(?:, \d+ deletions?\(-\))?"
    r"|(?:create|delete) mode \d+ .*|rename .*|copy .*|mode change .*)$")


# ---------------------------------------------------------------- header encoding

def _non_ascii(ch: str) -> bool:
    return ord(ch) > 0x7F or ch == "\x1b"


def needs_rfc2047(text: str) -> bool:
    """git's ``needs_rfc2047_encoding``: non-ASCII, a newline, or an ``=?`` that would read as encoded."""
    return any(_non_ascii(c) or c == "\n" for c in text) or "=?" in text


def _rfc2047_special(ch: str, address: bool) -> bool:
    if _non_ascii(ch) or not (0x20 <= ord(ch) <= 0x7E):
        return True
    if ch.isspace() or ch in "=?_":
        return True
    if not address:
        return False
    return not (ch.isalnum() or ch in "!*+-/")


def rfc2047(text: str, line_len: int, address: bool = False, charset: str = "UTF-8") -> str:
    """``=?UTF-8?q?...?=`` words for ``text`` starting at column ``line_len`` (pretty.c ``add_rfc2047``).

    A word is closed and a new one started on a continuation line (`` =?UTF-8?q?``)
    before it would pass column 76; a multi-byte character is never split.
    """
    opener = f"=?{charset}?q?"
    out = [opener]
    line_len += len(charset) + 5
    for ch in text:
        raw = ch.encode("utf-8", "surrogateescape")
        special = len(raw) > 1 or _rfc2047_special(ch, address)
        piece = "".join(f"={b:02X}" for b in raw) if special else ch
        if line_len + len(piece) + 2 > RFC2047_MAX:
            out.append(f"?=\n {opener}")
            line_len = len(charset) + 5 + 1
        out.append(piece)
        line_len += len(piece)
    out.append("?=")
    return "".join(out)


def wrap_text(text: str, indent1: int, indent2: int, width: int) -> str:
    """git's ``strbuf_add_wrapped_text`` for one line of text (no tabs, no newlines).

    A negative ``indent1`` means the text continues a line that already holds
    ``-indent1`` columns (so no indent is written before it); continuation lines
    get ``indent2`` spaces.  Words longer than the width are not broken.
    """
    out: list[str] = []
    n = len(text)
    i = bol = 0
    w = indent = indent1
    space: int | None = None
    if indent < 0:
        w = -indent
        space = 0
    while True:
        c = text[i] if i < n else ""
        if c == "" or c.isspace():
            if w <= width or space is None:
                start = bol
                if c == "" and i == start:
                    return "".join(out)
                if space is not None:
                    start = space
                else:
                    out.append(" " * indent)
                out.append(text[start:i])
                if c == "":
                    return "".join(out)
                space = i
                w += 1
                i += 1
            else:
                out.append("\n")
                i = bol = space + (1 if text[space].isspace() else 0)
                space = None
                w = indent = indent2
            continue
        w += 1
        i += 1


def _last_line_length(text: str) -> int:
    return len(text) - (text.rfind("\n") + 1)


def from_header(name: str, email: str, field_name: str = "From") -> str:
    """``From: Name <email>`` as pretty.c ``pp_user_info`` writes it (encoded, quoted or folded)."""
    head = f"{field_name}: "
    max_length = MAIL_WRAP
    if needs_rfc2047(name):
        head += rfc2047(name, len(head), address=True)
        max_length = RFC2047_MAX
    elif any(c in _RFC822_SPECIALS for c in name):
        quoted = '"' + "".join("\\" + c if c in '"\\' else c for c in name) + '"'
        head += wrap_text(quoted, -len(head), 1, max_length)
    else:
        head += wrap_text(name, -len(head), 1, max_length)
    if max_length < _last_line_length(head) + 2 + len(email) + 1:
        head += "\n"
    return f"{head} <{email}>\n"


def split_address(address: str) -> tuple[str, str]:
    """``Name <email>`` (or a bare ``email``, or ``email (comment)``) as (name, email)."""
    text = address.strip()
    m = re.match(r"^(.*?)\s*<([^<>]+)>\s*$", text)
    if m:
        return m.group(1).strip().strip('"'), m.group(2).strip()
    m = re.match(r"^(\S+@\S+)\s*(?:\((.*)\))?$", text)
    if m:
        return "", m.group(1)
    return "", text


def encode_address(address: str) -> str:
    """One recipient for a To/Cc header: a non-ASCII or special name is encoded or quoted."""
    name, email = split_address(address)
    if not name:
        return email
    if needs_rfc2047(name):
        return f"{rfc2047(name, 0, address=True).replace(chr(10) + ' ', ' ')} <{email}>"
    if any(c in _RFC822_SPECIALS for c in name):
        return '"' + "".join("\\" + c if c in '"\\' else c for c in name) + f'" <{email}>'
    return f"{name} <{email}>"


def address_header(field_name: str, addresses: Sequence[str]) -> str:
    """``To: a,\\n    b\\n`` the way format-patch writes several ``--to``/``--cc``; empty when none."""
    if not addresses:
        return ""
    return f"{field_name}: " + ",\n    ".join(encode_address(a) for a in addresses) + "\n"


def email_key(address: str) -> str:
    """The part of an address that identifies a recipient (the email, lower case)."""
    return split_address(address)[1].lower()


# ---------------------------------------------------------------- subjects and names

def subject_tag(prefix: str, version: int, number: int | None, total: int) -> str:
    """``[PATCH v3 03/27]``: the number is padded to the width of the total; none when unnumbered."""
    words = prefix.strip() or "PATCH"
    if version > 1:
        words += f" v{version}"
    if number is not None:
        words += f" {number:0{len(str(total))}d}/{total}"
    return f"[{words}]"


def subject_header(tag: str, title: str) -> str:
    """``Subject: [PATCH ...] title``: the title RFC 2047 encoded or folded at 78 columns."""
    head = f"Subject: {tag} "
    if needs_rfc2047(title):
        return head + rfc2047(title, len(head)) + "\n"
    return head + wrap_text(title, -len(head), 1, MAIL_WRAP) + "\n"


def file_name(number: int, title: str, version: int, suffix: str = ".patch") -> str:
    """``v3-0003-<sanitized title>.patch`` (no ``vN-`` for version 1), cut like format-patch."""
    name = (f"v{version}-" if version > 1 else "") + f"{number:04d}-{sanitized_subject(title)}"
    return name[:FORMAT_PATCH_NAME_MAX - (len(suffix) + 1)] + suffix


def cover_file_name(version: int) -> str:
    return file_name(0, "cover-letter", version)


# ---------------------------------------------------------------- message parts

def message_parts(patch: Patch) -> tuple[str, str]:
    """(title, body) of a queue patch as a commit message: the summary without
    ``[PATCH]`` tags, and the description without in-body From/Date/Subject lines
    (or, for a headerless quilt patch, without its title line), leading blank
    lines and trailing white space."""
    title = patch.summary
    lines = patch.message.decode("utf-8", "replace").replace("\r\n", "\n").split("\n")
    k = 0
    while k < len(lines) and not lines[k].strip():
        k += 1
    head = k
    while head < len(lines) and lines[head].strip() and _INBODY_RE.match(lines[head]):
        head += 1
    if head > k and (head == len(lines) or not lines[head].strip()):
        k = head
    elif patch.header("Subject") is None and k < len(lines):
        k += 1  # a quilt description: its first line is the title
    rest = lines[k:]
    while rest and not rest[0].strip():
        rest.pop(0)
    body = "\n".join(rest).rstrip()
    return title, (body + "\n" if body else "")


def commit_message(title: str, body: str) -> bytes:
    """The stack commit's message: title, blank line, body (what format-patch turns back into the mail)."""
    return (title + "\n" + ("\n" + body if body else "")).encode("utf-8", "surrogateescape")


def user_notes(patch: Patch) -> str:
    """Text a patch carries below ``---`` besides its diffstat (b4-style per-patch changelogs)."""
    lines = patch.notes.decode("utf-8", "replace").replace("\r\n", "\n").split("\n")
    while lines and (not lines[-1].strip() or _STAT_LINE_RE.match(lines[-1])):
        lines.pop()
    text = "\n".join(lines).strip("\n")
    return text + "\n" if text.strip() else ""


# ---------------------------------------------------------------- mails

@dataclass(frozen=True)
class Recipients:
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()

    @staticmethod
    def merge(groups: Iterable["Recipients"]) -> "Recipients":
        """Union in first-seen order; an address in To is not repeated in Cc."""
        to: dict[str, str] = {}
        cc: dict[str, str] = {}
        groups = list(groups)
        for g in groups:
            for a in g.to:
                to.setdefault(email_key(a), a)
        for g in groups:
            for a in g.cc:
                if email_key(a) not in to:
                    cc.setdefault(email_key(a), a)
        return Recipients(tuple(to.values()), tuple(cc.values()))


@dataclass(frozen=True)
class MailPatch:
    """One patch as a mail needs it; author and date as git renders them from the commit."""

    commit: str
    author_name: str
    author_email: str
    date: str
    title: str
    body: str
    stat: bytes  # diffstat and summary, ending in a newline
    diff: bytes
    notes: str = ""


def base_trailer(base: str | None, prerequisites: Sequence[str] = ()) -> str:
    """``base-commit:`` then ``prerequisite-patch-id:`` lines, after a blank line (print_bases)."""
    if not base:
        return ""
    return f"\nbase-commit: {base}\n" + "".join(f"prerequisite-patch-id: {p}\n" for p in prerequisites)


def signature_block(signature: str) -> str:
    """``-- \\n<signature>\\n\\n`` as format-patch ends a mail; nothing for an empty signature."""
    if not signature:
        return ""
    return "-- \n" + signature + ("" if signature.endswith("\n") else "\n") + "\n"


def _mime(needed: bool) -> str:
    if not needed:
        return ""
    return ("MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
            "Content-Transfer-Encoding: 8bit\n")


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def patch_mail(p: MailPatch, tag: str, rcpt: Recipients, trailer: str = "", signature: str = "") -> bytes:
    """One ``git format-patch`` mail (see the module docstring for the layout)."""
    eight_bit = not (p.title.isascii() and p.body.isascii() and p.notes.isascii()
                     and p.diff.isascii() and p.stat.isascii())
    head = (f"From {p.commit} {FROM_LINE_DATE}\n" + from_header(p.author_name, p.author_email)
            + f"Date: {p.date}\n" + subject_header(tag, p.title) + _mime(eight_bit)
            + address_header("To", rcpt.to) + address_header("Cc", rcpt.cc) + "\n")
    notes = p.notes if not p.notes or p.notes.endswith("\n\n") else p.notes + "\n"
    out = _utf8(head + p.body + "---\n" + notes) + p.stat
    if p.diff:
        out += b"\n" + p.diff
    return out + _utf8(trailer + signature_block(signature))


def shortlog(entries: Sequence[tuple[str, str]]) -> str:
    """``git shortlog`` as the cover letter shows it: (author, title) pairs grouped by
    author (authors sorted, titles in series order), wrapped at 72 with indents 2/4."""
    groups: dict[str, list[str]] = {}
    for author, title in entries:
        groups.setdefault(author, []).append(title)
    out: list[str] = []
    for author in sorted(groups, key=lambda a: a.encode("utf-8", "surrogateescape")):
        titles = groups[author]
        out.append(f"{author} ({len(titles)}):\n")
        for t in titles:
            out.append(wrap_text(t, 2, 4, SHORTLOG_WRAP) + "\n")
        out.append("\n")
    return "".join(out)


@dataclass(frozen=True)
class Cover:
    """What a cover letter says beyond the patches."""

    top_commit: str
    sender_name: str
    sender_email: str
    date: str
    subject: str = PLACEHOLDER_SUBJECT
    blurb: str = PLACEHOLDER_BLURB
    changes: str = ""  # the "Changes since vN-1" section
    range_diff: str = ""  # "Range-diff against vN-1:" and git's output
    entries: tuple[tuple[str, str], ...] = field(default=())  # (author, title) per patch


def cover_letter(c: Cover, tag: str, stat: bytes, rcpt: Recipients, trailer: str, signature: str) -> bytes:
    """The ``0000`` mail: blurb, changes since the last version, shortlog, diffstat, base."""
    blurb = c.blurb.strip("\n")
    text = "\n" + (blurb + "\n" if blurb else "") + "\n"
    if c.changes:
        text += c.changes.rstrip("\n") + "\n\n"
    text += shortlog(c.entries)
    tail = "\n" + (c.range_diff.rstrip("\n") + "\n" if c.range_diff else "")
    eight_bit = not (c.subject.isascii() and text.isascii() and stat.isascii() and tail.isascii())
    head = (f"From {c.top_commit} {FROM_LINE_DATE}\n" + from_header(c.sender_name, c.sender_email)
            + f"Date: {c.date}\n" + subject_header(tag, c.subject) + _mime(eight_bit)
            + address_header("To", rcpt.to) + address_header("Cc", rcpt.cc))
    return _utf8(head + text) + stat + _utf8(tail + trailer + signature_block(signature))


def parse_cover_text(text: str) -> tuple[str, str]:
    """A user's cover text: the first non-blank line is the subject, the rest the blurb."""
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return PLACEHOLDER_SUBJECT, PLACEHOLDER_BLURB
    subject = lines[0].strip()
    blurb = "\n".join(lines[1:]).strip("\n")
    return subject, (blurb.rstrip() + "\n" if blurb.strip() else "")


# ---------------------------------------------------------------- changes since the last version

@dataclass(frozen=True)
class SentPatch:
    """One patch of an export, as its record keeps it."""

    name: str
    subject: str
    patch_id: str
    commit: str | None = None


def pair_patches(old: Sequence[SentPatch], new: Sequence[SentPatch]) -> dict[int, int]:
    """new index -> old index: matched by file name, then by patch-id, then by subject."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for key in (lambda p: p.name, lambda p: p.patch_id, lambda p: p.subject):
        by_key: dict[str, list[int]] = {}
        for j, o in enumerate(old):
            if j not in used and key(o):
                by_key.setdefault(key(o), []).append(j)
        for i, n in enumerate(new):
            if i in pairs or not key(n) or not by_key.get(key(n)):
                continue
            j = by_key[key(n)].pop(0)
            pairs[i] = j
            used.add(j)
    return pairs


def normalize_for_range_diff(diff: bytes) -> list[str]:
    """A diff as ``git range-diff`` compares it: without ``index`` lines and without
    hunk line numbers (so a patch that only moved with its base is unchanged)."""
    out = []
    for raw in diff.split(b"\n"):
        if raw.startswith(b"index "):
            continue
        out.append(without_line_numbers(raw).decode("utf-8", "replace") + "\n")
    while out and out[-1] == "\n":
        out.pop()
    return out


@dataclass(frozen=True)
class Interdiff:
    """What differs between two versions of a patch, counted on range-diff's view."""

    code_added: int = 0
    code_removed: int = 0
    context: int = 0
    message: bool = False

    @property
    def same(self) -> bool:
        return not (self.code_added or self.code_removed or self.context or self.message)

    def describe(self) -> str:
        parts = []
        if self.code_added or self.code_removed:
            parts.append(f"code +{self.code_added}/-{self.code_removed} lines")
        elif self.context:
            parts.append("context lines only")
        if self.message:
            parts.append("commit message")
        return ", ".join(parts)


def interdiff(old_message: str, old_diff: bytes, new_message: str, new_diff: bytes) -> Interdiff:
    """Compare two versions of a patch: changed diff lines (+/-), changed context, message."""
    old = normalize_for_range_diff(old_diff)
    new = normalize_for_range_diff(new_diff)
    added = removed = context = 0
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        for side, lines in ((0, old[a1:a2]), (1, new[b1:b2])):
            for line in lines:
                if line[:1] in "+-" and not line.startswith(("+++ ", "--- ")):
                    if side:
                        added += 1
                    else:
                        removed += 1
                else:
                    context += 1
    message = old_message.rstrip() != new_message.rstrip()
    return Interdiff(added, removed, context, message)


@dataclass(frozen=True)
class Change:
    """One line of "Changes since vN": a patch that is unchanged, changed, added or dropped."""

    kind: str  # "unchanged", "changed", "added", "dropped"
    name: str
    subject: str
    number: int | None = None  # its number in the new version
    old_number: int | None = None  # its number in the old version
    detail: str = ""
    upstream_commit: str | None = None  # dropped because upstream merged it


def _num(n: int | None, total: int) -> str:
    return f"{n:0{len(str(total))}d}/{total}" if n is not None else ""


def changes_section(since: int, changes: Sequence[Change], total: int,
                    old_base: str = "", new_base: str = "") -> str:
    """The cover letter's ``Changes since vN:`` list, in new-series order, dropped patches last."""
    lines = [f"Changes since v{since}:"]
    if old_base and new_base and old_base != new_base:
        lines.append(f"- Rebased onto {new_base[:12]} (v{since} was based on {old_base[:12]}).")
    for c in changes:
        if c.kind == "changed":
            lines += [f"- [{_num(c.number, total)}] {c.subject}", f"  changed: {c.detail or 'content'}"]
        elif c.kind == "added":
            lines += [f"- [{_num(c.number, total)}] {c.subject}", "  new patch"]
    for c in changes:
        if c.kind == "dropped":
            lines += [f"- {c.subject}", f"  dropped: {c.detail or 'no longer in the series'}"]
    same = [_num(c.number, total) for c in changes if c.kind == "unchanged"]
    if same and len(same) == total:
        lines.append("- No patch changed.")
    elif same:
        lines.append(wrap_text("- Unchanged: " + ", ".join(same) + ".", 0, 2, SHORTLOG_WRAP))
    return "\n".join(lines) + "\n"
