"""git plumbing for ``split``: a whole stack of commits in one process, its diffs in another.

Why fast-import: a split of a kernel-sized change is hundreds of patches, and
each intermediate tree must exist (for the diffs, the checks and the recorded
stack).  Applying patch after patch to an index costs one process and one full
index read/write per patch (what ``git am`` pays); ``git fast-import`` instead
keeps the tree in memory and writes only the objects that change, so the cost is
proportional to the patches.  ``diff-tree --stdin`` then prints every patch of
the stack from one process.

Verification uses a *partial* index holding only the paths the series touches:
each generated patch is applied to it with ``git apply --cached -v`` (exactly,
and any "offset" or "fuzz" report counts as a failure), so checking N patches
costs N small processes instead of N reads and writes of an 80,000-entry index.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from xenpatch.errors import GitError
from xenpatch.gitio.index import PrivateIndex
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.scratch import scratch_dir

_CHUNK = 1000


@dataclass(frozen=True)
class FileWrite:
    """One path's new state in a step: content bytes, or an existing blob id, or deletion."""

    path: str
    mode: str | None = None  # None: delete
    data: bytes | None = None
    oid: str | None = None


@dataclass(frozen=True)
class StackStep:
    message: bytes
    writes: tuple[FileWrite, ...]


def existing_dirs(git: Git, tree: str, files: Sequence[str]) -> set[str]:
    """The ancestor directories of ``files`` that exist in ``tree``.

    ``ls-tree -r -t -d`` with the files as pathspecs walks only down the paths
    that lead to them, so the cost follows the number of files, not the tree.
    """
    found: set[str] = set()
    wanted = sorted(set(f for f in files if f))
    for k in range(0, len(wanted), _CHUNK):
        chunk = wanted[k:k + _CHUNK]
        out = git.run(["ls-tree", "-r", "-t", "-d", "-z", "--name-only", "--full-tree", tree, "--", *chunk])
        found.update(p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p)
    return found


def tree_entries(git: Git, tree: str, paths: Sequence[str]) -> dict[str, tuple[str, str]]:
    """path -> (mode, object id) for the given file paths in ``tree`` (missing paths absent)."""
    entries: dict[str, tuple[str, str]] = {}
    wanted = sorted(set(paths))
    for k in range(0, len(wanted), _CHUNK):
        chunk = wanted[k:k + _CHUNK]
        out = git.run(["ls-tree", "-r", "-z", "--full-tree", tree, "--", *chunk])
        for rec in out.split(b"\0"):
            if not rec:
                continue
            meta, _, path = rec.partition(b"\t")
            mode, _kind, oid = meta.decode().split()
            entries[path.decode("utf-8", "surrogateescape")] = (mode, oid)
    keep = set(wanted)
    return {p: e for p, e in entries.items() if p in keep}


def _fi_path(path: str) -> bytes:
    raw = path.encode("utf-8", "surrogateescape")
    if b"\n" in raw or raw.startswith(b'"'):
        esc = raw.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n")
        return b'"' + esc + b'"'
    return raw


def _ident_line(role: str, ident: str, when: str) -> bytes:
    clean = re.sub(r"[<>\n]", "", ident.split("<")[0]).strip()
    email = ident[ident.find("<") + 1:ident.rfind(">")] if "<" in ident and ">" in ident else ""
    return f"{role} {clean} <{email}> {when}\n".encode("utf-8", "surrogateescape")


def build_stack(git: Git, ref: str, base_commit: str, steps: Sequence[StackStep], author: str,
                when: str = "0 +0000") -> list[ObjectId]:
    """Create one commit per step on top of ``base_commit`` with ``git fast-import``; return their ids.

    ``ref`` is updated (forced) to the last commit; ``when`` is a raw git date
    (``<seconds> <tz>``) used for author and committer, so the stack is
    reproducible byte for byte.
    """
    if not steps:
        return []
    fd, marks = tempfile.mkstemp(prefix="xenpatch-marks-", dir=scratch_dir(git.git_dir))
    os.close(fd)
    parts: list[bytes] = [b"feature done\n"]
    for k, step in enumerate(steps, 1):
        parts.append(f"commit {ref}\nmark :{k}\n".encode())
        parts.append(_ident_line("author", author, when))
        parts.append(_ident_line("committer", author, when))
        parts.append(b"data %d\n" % len(step.message) + step.message + b"\n")
        parts.append(f"from {base_commit}\n".encode() if k == 1 else f"from :{k - 1}\n".encode())
        for w in step.writes:
            path = _fi_path(w.path)
            if w.mode is None:
                parts.append(b"D " + path + b"\n")
            elif w.oid is not None:
                parts.append(f"M {w.mode} {w.oid} ".encode() + path + b"\n")
            else:
                data = w.data or b""
                parts.append(f"M {w.mode} inline ".encode() + path + b"\n")
                parts.append(b"data %d\n" % len(data) + data + b"\n")
        parts.append(b"\n")
    parts.append(b"done\n")
    try:
        git.run(["fast-import", "--quiet", "--force", "--date-format=raw", f"--export-marks={marks}"],
                stdin=b"".join(parts))
        found: dict[int, ObjectId] = {}
        for line in Path(marks).read_text().splitlines():
            mark, _, oid = line.partition(" ")
            found[int(mark.lstrip(":"))] = ObjectId(oid.strip())
    finally:
        Path(marks).unlink(missing_ok=True)
    return [found[k] for k in range(1, len(steps) + 1)]


def stack_diffs(git: Git, commits: Sequence[str], abbrev: int = 12) -> list[bytes]:
    """``diff-tree -p --binary -M`` of each commit against its parent, from one process."""
    if not commits:
        return []
    args = ["diff-tree", "--stdin", "-p", "--binary", "-M", "-r", "--no-color", "--no-ext-diff",
            f"--abbrev={abbrev}", "--always"]
    out = git.run(args, stdin=("\n".join(commits) + "\n").encode())
    diffs: list[bytes] = []
    pos = 0
    for k, c in enumerate(commits):
        marker = c.encode() + b"\n"
        if not out.startswith(marker, pos):
            raise GitError(args, 0, f"unexpected diff-tree output at commit {c}".encode())
        start = pos + len(marker)
        if k + 1 < len(commits):
            nxt = b"\n" + commits[k + 1].encode() + b"\n"
            end = out.find(nxt, start)
            if end < 0:
                raise GitError(args, 0, f"diff-tree output lacks commit {commits[k + 1]}".encode())
            end += 1
        else:
            end = len(out)
        diffs.append(out[start:end])
        pos = end
    return diffs


def commit_tree_id(git: Git, commit: str) -> ObjectId:
    return ObjectId(git.run(["rev-parse", f"{commit}^{{tree}}"]).decode().strip())


class PartialIndex(PrivateIndex):
    """A private index holding only some paths: patches touching only those apply in O(patch)."""

    def __init__(self, git: Git, entries: dict[str, tuple[str, str]]) -> None:
        super().__init__(git, "xenpatch-pindex-")
        self.update(dict(entries))

    def apply(self, patch: bytes, exact: bool = True, strip: int = 1) -> tuple[bool, str]:
        """Apply a patch: (ok, git's report).  With ``exact``, an offset or fuzz report is a failure."""
        rc, _, err = self.git.run_status(
            ["apply", "--cached", "-v", f"-p{strip}", "--whitespace=nowarn", "--binary", "-"],
            stdin=patch, env=self.env)
        text = err.decode("utf-8", "replace")
        if rc != 0:
            return False, next((ln for ln in text.splitlines() if ln.startswith("error:")), text.strip())
        inexact = [ln for ln in text.splitlines() if "succeeded at" in ln or "fuzz" in ln]
        if exact and inexact:
            return False, inexact[0]
        return True, ""


def trees_of(git: Git, commits: Sequence[str]) -> list[ObjectId]:
    """The tree of each commit, from one ``rev-parse`` per 1,000 commits."""
    out: list[ObjectId] = []
    for k in range(0, len(commits), _CHUNK):
        chunk = commits[k:k + _CHUNK]
        text = git.run(["rev-parse", *[f"{c}^{{tree}}" for c in chunk]]).decode()
        out.extend(ObjectId(t) for t in text.split())
    return out


def changed_names(git: Git, old: str, new: str, diff_filter: str) -> list[str]:
    """Paths (new names) of the changes of the given ``--diff-filter`` classes, with renames."""
    out = git.run(["diff-tree", "-r", "-z", "-M", "--name-only", f"--diff-filter={diff_filter}", old, new, "--"])
    return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]
