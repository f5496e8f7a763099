"""Splitting mboxes into patch mails, and naming patch files the way git does.

Why here and not via ``git mailsplit``: the core stays pure (bytes in, values
out) and importing a series must not depend on a work tree.  The splitting rule
is git's own (``mailsplit``'s ``is_from_line``: a ``From `` line ending in a
``hh:mm:ss year`` date), which accepts both ``git format-patch --stdout``
(``From <sha> Mon Sep 17 00:00:00 2001``) and b4/lore mboxrd files
(``From git@z Thu Jan  1 00:00:00 1970``).  mboxrd quoting is undone: a body line
``>From `` was ``From `` and ``>>From `` was ``>From ``.

File names follow ``git format-patch``: ``0001-`` plus the sanitized summary
(pretty.c ``format_sanitized_subject``), cut so that the name without the
``.patch`` suffix is at most 64 - 7 = 57 characters (log-tree.c
``fmt_output_subject`` with the default ``--filename-max-length=64``).
"""

from __future__ import annotations

import re

from xenpatch.core.diff import split_lines
from xenpatch.core.patch import Patch, is_from_line
from xenpatch.errors import BadInput

_MBOXRD_RE = re.compile(rb"^>(>*From )")
_COVER_RE = re.compile(r"(?:^|\s)0+/\d+$")
FORMAT_PATCH_NAME_MAX = 64
__all__ = ["is_cover_letter", "is_from_line", "patch_file_name", "read_mbox", "sanitized_subject",
           "split_mbox"]


def split_mbox(data: bytes, source: str, mboxrd: bool = True) -> list[bytes]:
    """The messages of an mbox, each starting with its ``From `` line.

    The blank line that mbox framing puts before each ``From `` separator is not
    part of the message before it, so the messages of ``git format-patch --stdout``
    come back byte-identical to the files ``git format-patch -o`` writes.  Cover
    letters are returned too (see ``is_cover_letter``).  ``mboxrd=False`` keeps
    ``>From `` lines as they are (for mboxes known not to be quoted).
    """
    lines = split_lines(data)
    first = next((k for k, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        raise BadInput(f"{source} is empty", "pass an mbox written by git format-patch --stdout "
                                             "or b4 am")
    if not is_from_line(lines[first]):
        raise BadInput(f"{source} is not an mbox: line {first + 1} is not a 'From ' separator",
                       "pass an mbox written by git format-patch --stdout or b4 am, "
                       "or import a single patch file with --patch")
    messages: list[list[bytes]] = []
    for line in lines[first:]:
        if is_from_line(line):
            messages.append([line])
            continue
        if mboxrd:
            line = _MBOXRD_RE.sub(rb"\1", line, count=1)
        messages[-1].append(line)
    for m in messages[:-1]:
        if len(m) > 1 and m[-1] in (b"\n", b"\r\n"):
            m.pop()
    return [b"".join(m) for m in messages]


def read_mbox(data: bytes, source: str, mboxrd: bool = True) -> list[Patch]:
    """``split_mbox`` then ``Patch.parse`` each message (named ``source#N``, from 1)."""
    return [Patch.parse(msg, f"{source}#{k}")
            for k, msg in enumerate(split_mbox(data, source, mboxrd), 1)]


def is_cover_letter(patch: Patch) -> bool:
    """A ``[PATCH 0/N]`` (or ``00/NN``) message: the series' cover letter."""
    return bool(_COVER_RE.search(patch.subject_prefix))


def sanitized_subject(subject: str) -> str:
    """git's ``%f``: keep ``[A-Za-z0-9._]``, runs of anything else become one ``-``,
    runs of ``.`` become one ``.``, leading separators dropped, trailing ``.``/``-`` trimmed."""
    out: list[str] = []
    space = 2  # 2: at start, 1: pending separator, 0: inside a word
    raw = subject.split("\n", 1)[0].encode("utf-8", "surrogateescape")
    k = 0
    while k < len(raw):
        c = chr(raw[k])
        if c.isascii() and (c.isalnum() or c in "._"):
            if space == 1:
                out.append("-")
            space = 0
            out.append(c)
            if c == ".":
                while k + 1 < len(raw) and raw[k + 1] == 0x2E:
                    k += 1
        else:
            space |= 1
        k += 1
    return "".join(out).rstrip(".-")


def patch_file_name(patch: Patch, index: int, reroll: int = 0, suffix: str = ".patch",
                    max_length: int = FORMAT_PATCH_NAME_MAX) -> str:
    """``git format-patch``'s file name for ``patch`` as number ``index`` (``v2-0001-...`` when rerolled)."""
    name = (f"v{reroll}-" if reroll > 0 else "") + f"{index:04d}-{sanitized_subject(patch.summary)}"
    return name[:max_length - (len(suffix) + 1)] + suffix
