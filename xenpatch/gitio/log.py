"""A range as ``git format-patch`` sees it: per commit its author, date, message, stat and diff.

A mail needs, per commit, git's own rendering of the author and date, the
message, the diffstat and the diff: one ``git log -p --stat`` over the stack
gives all of them (fields separated by NUL/SOH, which neither a message nor a
diff can hold), so the cost is one process for the series, not four per patch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from xenpatch.gitio.run import Git, ObjectId

_LOG_FORMAT = "%x00%H%x01%an%x01%ae%x01%aD%x01%at%x01%B%x00"

@dataclass(frozen=True)
class StackCommit:
    """One commit of a stack as ``git format-patch`` would see it."""

    oid: ObjectId
    author_name: str
    author_email: str
    date: str  # RFC 2822, as git prints it in a mail
    timestamp: int
    message: str
    stat: bytes  # diffstat + summary (stat width 72), ending in a newline; empty for no diff
    diff: bytes  # the diff, binary included

def stack_commits(git: Git, base: str, top: str) -> list[StackCommit]:
    """Every commit of ``base..top``, oldest first, with format-patch's diff options."""
    out = git.run([
        "log", "--reverse", "--no-color", "--no-textconv", "--no-ext-diff", "--no-notes",
        "--no-mailmap", f"--format={_LOG_FORMAT}", "-p", "--stat=72", "--summary", "--binary", "-M",
        f"{base}..{top}", "--",
    ])
    parts = out.split(b"\0")
    commits: list[StackCommit] = []
    for k in range(1, len(parts) - 1, 2):
        fields = parts[k].decode("utf-8", "surrogateescape").split("\x01", 5)
        oid, name, email, date, stamp, message = fields
        body = parts[k + 1]
        if body.startswith(b"\n"):
            body = body[1:]
        if body.startswith(b"---\n"):
            body = body[4:]
        stat, sep, diff = body.partition(b"\n\n")
        commits.append(StackCommit(ObjectId(oid), name, email, date, int(stamp), message,
                                   stat + b"\n" if sep else stat, diff))
    return commits

def stable_patch_ids(git: Git, commits: Sequence[StackCommit]) -> dict[str, str]:
    """commit id -> ``git patch-id --stable`` of its diff, for all commits in one process."""
    stream = b"".join(b"commit " + c.oid.encode() + b"\n" + c.diff for c in commits if c.diff)
    if not stream:
        return {}
    out = git.run(["patch-id", "--stable"], stdin=stream)
    ids: dict[str, str] = {}
    for line in out.decode().splitlines():
        pid, _, cid = line.partition(" ")
        ids[cid] = pid
    return ids
