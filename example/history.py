"""The machinery of the example's history: changes to files, commits, one fast-import stream.

Commits are built in memory with fixed identities and dates and written by one ``git
fast-import`` into a new bare repository, so the same history always gets the same commit ids.
The example runs git itself (it is test and demo data, not part of xenpatch, and must not
depend on xenpatch's git layer).
"""

from __future__ import annotations

import os
import subprocess
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Mapping, Sequence, Union


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    tz: str

    def ident(self) -> str:
        return f"{self.name} <{self.email}>"


# A change to one file: its new text, None to delete it, or a function of the old text.
Change = Union[str, None, Callable[[str], str]]


def replace(*edits: tuple[str, str]) -> Callable[[str], str]:
    """Apply (old, new) replacements in order; each old text must occur exactly once."""

    def apply(text: str) -> str:
        for old, new in edits:
            if text.count(old) != 1:
                raise AssertionError(f"edit anchor found {text.count(old)} times: {old[:60]!r}")
            text = text.replace(old, new)
        return text

    return apply


def ts(year: int, month: int, day: int) -> int:
    return int(datetime(year, month, day, 12, tzinfo=timezone.utc).timestamp())


@dataclass
class _Commit:
    ref: str
    mark: int
    parent: int | None  # set only on a branch's first commit
    author: Person
    committer: Person
    when: int
    message: str
    changes: list[tuple[str, str | None]]


class History:
    """Commits built in memory, branch by branch, then written as one fast-import stream."""

    def __init__(self, first_branch: str) -> None:
        self.commits: list[_Commit] = []
        self.tags: list[tuple[str, int]] = []
        self.trees: dict[str, dict[str, str]] = {first_branch: {}}
        self.heads: dict[str, int | None] = {first_branch: None}
        self.starts: dict[str, int | None] = {}

    def branch(self, ref: str, at_mark: int, tree: Mapping[str, str]) -> None:
        self.trees[ref] = dict(tree)
        self.heads[ref] = None
        self.starts[ref] = at_mark

    def commit(
        self,
        ref: str,
        when: int,
        author: Person,
        committer: Person,
        message: str,
        changes: Mapping[str, Change],
    ) -> int:
        tree = self.trees[ref]
        resolved: list[tuple[str, str | None]] = []
        for path, change in changes.items():
            if change is None:
                if path not in tree:
                    raise AssertionError(f"deleting missing {path}")
                del tree[path]
                resolved.append((path, None))
                continue
            new = change(tree[path]) if callable(change) else change
            if tree.get(path) == new:
                raise AssertionError(f"no-op change to {path}")
            tree[path] = new
            resolved.append((path, new))
        if not resolved:
            raise AssertionError("empty commit")
        mark = len(self.commits) + 1
        parent = self.starts.pop(ref, None) if self.heads[ref] is None else None
        self.commits.append(_Commit(ref, mark, parent, author, committer, when, message, resolved))
        self.heads[ref] = mark
        return mark

    def tag(self, name: str, mark: int) -> None:
        self.tags.append((name, mark))

    def stream(self) -> bytes:
        out: list[bytes] = []

        def data(text: str) -> None:
            raw = text.encode("utf-8")
            out.append(b"data %d\n" % len(raw))
            out.append(raw)
            out.append(b"\n")

        for c in self.commits:
            out.append(f"commit {c.ref}\nmark :{c.mark}\n".encode())
            out.append(f"author {c.author.ident()} {c.when} {c.author.tz}\n".encode("utf-8"))
            out.append(f"committer {c.committer.ident()} {c.when} {c.committer.tz}\n".encode("utf-8"))
            data(c.message)
            if c.parent is not None:
                out.append(f"from :{c.parent}\n".encode())
            for path, text in c.changes:
                if text is None:
                    out.append(f"D {path}\n".encode())
                else:
                    mode = "100755" if path.endswith(".sh") or path == "scripts/setlocalversion" else "100644"
                    out.append(f"M {mode} inline {path}\n".encode())
                    data(text)
            out.append(b"\n")
        for name, mark in self.tags:
            out.append(f"reset refs/tags/{name}\nfrom :{mark}\n\n".encode())
        out.append(b"done\n")
        return b"".join(out)


def message(subject: str, body: str, author: Person, when: int, extra: Sequence[str] = (),
            committer: Person | None = None) -> str:
    """A kernel-style commit message: subject, wrapped body, trailers (the committing
    maintainer signs off after the Link, as maintainers' tools do)."""
    msgid = f"{datetime.fromtimestamp(when, timezone.utc):%Y%m%d%H%M%S}.{zlib.crc32(subject.encode()):08x}"
    trailers = [f"Signed-off-by: {author.ident()}", *extra,
                f"Link: https://lore.kernel.org/r/{msgid}@{author.email.split('@')[1]}"]
    if committer is not None and committer != author:
        trailers.append(f"Signed-off-by: {committer.ident()}")
    return f"{subject}\n\n{_wrap(body)}\n\n" + "\n".join(trailers) + "\n"


def _wrap(body: str, width: int = 72) -> str:
    paragraphs = []
    for para in body.strip().split("\n\n"):
        words, line, lines = para.split(), "", []
        for w in words:
            if line and len(line) + 1 + len(w) > width:
                lines.append(line)
                line = w
            else:
                line = f"{line} {w}" if line else w
        lines.append(line)
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


@dataclass(frozen=True)
class Work:
    """An upstream commit to make: the committer and date come from where it lands."""

    subject: str
    body: str
    author: Person
    changes: Mapping[str, Change]
    extra: tuple[str, ...] = ()  # trailers above Signed-off-by



class ExampleError(Exception):
    """The example cannot be built where or as asked (the message says why)."""


class GitFailed(ExampleError):
    """git refused to create, fill or read the example repository."""


# Only the stream decides the commit ids; this keeps git's messages parseable.
_GIT_ENV = {"LC_ALL": "C", "LANG": "C", "GIT_TERMINAL_PROMPT": "0"}


def _git(args: Sequence[str], stdin: bytes = b"") -> bytes:
    proc = subprocess.run(["git", *args], input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env={**os.environ, **_GIT_ENV})
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        what = args[2] if args[0] == "-C" else args[0]
        raise GitFailed(f"git {what} failed: {lines[0] if lines else f'exit code {proc.returncode}'}")
    return proc.stdout


def write_bare(dest: Path, stream: bytes) -> Path:
    """Create a bare repository at ``dest`` (HEAD on master), import ``stream``; its absolute path."""
    _git(["init", "-q", "-b", "master", "--bare", str(dest)])
    _git(["-C", str(dest), "fast-import", "--quiet", "--done", "--date-format=raw"], stream)
    return dest.resolve()


def rev_parse(repo: Path, *revs: str) -> list[str]:
    return _git(["-C", str(repo), "rev-parse", *revs]).decode().split()
