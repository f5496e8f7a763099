"""Commits as the user's branch holds them: reading them raw, writing many at once, checking a range.

``checkout`` writes one commit per patch (``stack.write_stack``) and ``commit``
reads them back, so both sides deal in raw commit objects (exact author line and
message bytes, no pretty-format round trip through the user's config).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from xenpatch.errors import GitError
from xenpatch.gitio.run import Git, ObjectId


@dataclass(frozen=True)
class RawCommit:
    oid: ObjectId
    tree: ObjectId
    parents: tuple[ObjectId, ...]
    author: bytes  # "Name <email> <seconds> <tz>", as stored
    committer: bytes
    encoding: str | None
    message: bytes

    def text(self) -> str:
        """The message decoded as git would (its ``encoding`` header, UTF-8 by default)."""
        try:
            return self.message.decode(self.encoding or "utf-8")
        except (LookupError, UnicodeDecodeError):
            return self.message.decode("utf-8", "surrogateescape")


def parse_commit(oid: str, raw: bytes) -> RawCommit:
    head, _, message = raw.partition(b"\n\n")
    tree = ""
    parents: list[ObjectId] = []
    author = committer = b""
    encoding: str | None = None
    for line in head.split(b"\n"):
        key, _, value = line.partition(b" ")
        if key == b"tree":
            tree = value.decode()
        elif key == b"parent":
            parents.append(ObjectId(value.decode()))
        elif key == b"author":
            author = value
        elif key == b"committer":
            committer = value
        elif key == b"encoding":
            encoding = value.decode("ascii", "replace")
    return RawCommit(ObjectId(oid), ObjectId(tree), tuple(parents), author, committer, encoding, message)


def read_commits(git: Git, oids: Sequence[str]) -> list[RawCommit]:
    """The raw commit objects, through one ``cat-file --batch``."""
    out: list[RawCommit] = []
    with git.reader as reader:
        for oid in oids:
            kind, raw = reader.read(oid)
            if kind != "commit":
                raise GitError(["cat-file"], 1, f"{oid} is a {kind}, not a commit".encode())
            out.append(parse_commit(oid, raw))
    return out


def range_commits(git: Git, base: str, head: str) -> list[tuple[ObjectId, tuple[ObjectId, ...]]]:
    """``base..head`` oldest first, each with its parents."""
    out = git.run(["rev-list", "--reverse", "--topo-order", "--parents", head, f"^{base}", "--"])
    rows: list[tuple[ObjectId, tuple[ObjectId, ...]]] = []
    for line in out.decode().splitlines():
        oid, *parents = line.split()
        rows.append((ObjectId(oid), tuple(ObjectId(p) for p in parents)))
    return rows


def is_ancestor(git: Git, ancestor: str, descendant: str) -> bool:
    rc, _, err = git.run_status(["merge-base", "--is-ancestor", ancestor, descendant])
    if rc not in (0, 1):
        raise GitError(["merge-base", "--is-ancestor"], rc, err)
    return rc == 0


def commits_also_in(git: Git, base: str, head: str, everything: Sequence[ObjectId], others: Sequence[str],
                    tags: bool = True) -> list[ObjectId]:
    """The commits of ``base..head`` (``everything``: that range, as ``range_commits`` gives it) that
    ``others`` (and, with ``tags``, any tag) also reach, oldest first."""
    args = ["rev-list", head, "--not", base, *others]
    rc, out, _ = git.run_status(args + (["--tags"] if tags else []) + ["--"])
    if rc != 0:
        out = git.run(args + ["--"])
    own = set(out.decode().split())
    return [oid for oid in everything if oid not in own]




def refs_containing(git: Git, commit: str, patterns: Sequence[str]) -> list[str]:
    """Short names of the refs under ``patterns`` (``refs/tags`` ...) that contain ``commit``."""
    out = git.run(["for-each-ref", "--format=%(refname:short)", f"--contains={commit}", *patterns])
    return out.decode("utf-8", "replace").split()


def branch_ref(git: Git, name: str) -> str | None:
    """``refs/heads/NAME`` for a valid branch name (or a full ``refs/heads/`` ref), else None."""
    full = name if name.startswith("refs/heads/") else f"refs/heads/{name}"
    if not name or name.startswith("-"):
        return None
    rc, _, _ = git.run_status(["check-ref-format", full])
    return full if rc == 0 else None


def ref_value(git: Git, ref: str) -> ObjectId | None:
    """The commit a full ref points at, or None when it does not exist."""
    rc, out, _ = git.run_status(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"])
    return ObjectId(out.decode().strip()) if rc == 0 else None


def first_tags(git: Git, commits: Sequence[str]) -> dict[str, str | None]:
    """The first ``v*`` tag containing each commit (``v6.3-rc1`` from ``v6.3-rc1~12^2``), from one
    ``name-rev`` for all of them (what ``describe --contains`` does, once per commit)."""
    if not commits:
        return {}
    out = git.run(["name-rev", "--name-only", "--tags", "--refs=v*", *commits]).decode().split()
    found: dict[str, str | None] = {}
    for commit, name in zip(commits, out):
        name = name.removeprefix("tags/")
        for sep in ("~", "^"):
            name = name.split(sep)[0]
        found[commit] = None if name == "undefined" or not name else name
    return found
