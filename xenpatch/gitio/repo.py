"""Read-only questions about history: refs, merge bases, ranges, diffs, patch-ids."""

from __future__ import annotations

from dataclasses import dataclass

from xenpatch.errors import GitError, UnknownRef
from xenpatch.gitio.run import Git, ObjectId

EMPTY_TREE = ObjectId("4b825dc642cb6eb9a060e54bf8d69288fbee4904")


def resolve(git: Git, rev: str, kind: str = "commit") -> ObjectId:
    """Resolve a revision to a full object id of the given kind, or raise UnknownRef."""
    if not rev or rev.startswith("-"):
        raise UnknownRef(f"'{rev}' is not a valid revision", "give a branch, tag or commit id")
    rc, out, _ = git.run_status(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{{kind}}}"])
    if rc != 0:
        raise UnknownRef(
            f"unknown revision '{rev}' in {git.path}",
            "check the name with 'git -C REPO rev-parse REF' or fetch it first",
        )
    return ObjectId(out.decode().strip())


def tree_of(git: Git, commit: str) -> ObjectId:
    return resolve(git, commit, "tree")


def merge_base(git: Git, a: str, b: str) -> ObjectId | None:
    rc, out, err = git.run_status(["merge-base", a, b])
    if rc == 1:
        return None
    if rc != 0:
        raise GitError(["merge-base", a, b], rc, err)
    return ObjectId(out.decode().strip())


def count(git: Git, range_: str) -> int:
    return int(git.run(["rev-list", "--count", range_, "--"]).decode().strip())


@dataclass(frozen=True)
class CommitInfo:
    oid: ObjectId
    subject: str
    author: str
    date: str


def commit_infos(git: Git, oids: list[str]) -> dict[str, CommitInfo]:
    """Subject, author and date of many commits in one process."""
    if not oids:
        return {}
    out = git.run(
        ["log", "--no-walk=unsorted", "-z", "--format=%H%x00%s%x00%an <%ae>%x00%aI", "--stdin"],
        stdin=("\n".join(oids) + "\n").encode(),
    )
    infos: dict[str, CommitInfo] = {}
    fields = out.decode("utf-8", "replace").split("\0")
    for i in range(0, len(fields) - 3, 4):
        oid = fields[i].strip()
        infos[oid] = CommitInfo(ObjectId(oid), fields[i + 1], fields[i + 2], fields[i + 3])
    return infos


def describe_contains(git: Git, commit: str) -> str | None:
    """The first tag that contains ``commit`` (``v6.3`` from ``v6.3~5^2``), or None."""
    rc, out, _ = git.run_status(["describe", "--contains", "--match", "v*", commit])
    if rc != 0 or not out.strip():
        return None
    name = out.decode().strip()
    for sep in ("~", "^"):
        name = name.split(sep)[0]
    return name


def pickaxe(git: Git, base: str, onto: str, needle: str, paths: list[str]) -> ObjectId | None:
    """The most recent commit in base..onto that added or removed ``needle`` in ``paths``."""
    out = git.run(["log", "-1", "--format=%H", f"-S{needle}", f"{base}..{onto}", "--"] + paths)
    text = out.decode().strip()
    return ObjectId(text) if text else None


def commit_date(git: Git, commit: str, author: bool = True) -> str:
    """RFC 2822 author (or committer) date of a commit, as a mail Date: header wants it."""
    return git.run(["log", "-1", "--format=%aD" if author else "--format=%cD", commit]).decode().strip()


def config_get(git: Git, key: str) -> str | None:
    rc, out, _ = git.run_status(["config", "--get", key])
    return out.decode().strip() if rc == 0 and out.strip() else None


def remotes(git: Git) -> list[str]:
    return git.run(["remote"]).decode("utf-8", "replace").split()


def fetch(git: Git, remote: str) -> None:
    """Fetch a configured remote, by name: never a URL, a path or an option from the queue's config."""
    known = remotes(git)
    if remote not in known:
        raise UnknownRef(f"'{remote}' is not a remote of {git.path}",
                         f"set 'remote' in queue.toml to one of: {', '.join(known) or '(none configured)'}")
    git.run(["fetch", "--quiet", "--end-of-options", remote])



def log_touched_paths(git: Git, range_: str) -> bytes:
    """NUL-separated file names per commit of a range, each commit led by an empty field."""
    return git.run(["log", "--no-renames", "--format=%x00", "--name-only", "-z", range_, "--"])

def committer_ident(git: Git) -> tuple[str, str] | None:
    """(name, email) of whoever runs git here (``git var GIT_COMMITTER_IDENT``), as format-patch
    signs a cover letter; None when git has no usable identity."""
    rc, out, _ = git.run_status(["var", "GIT_COMMITTER_IDENT"])
    if rc != 0:
        return None
    ident = out.decode("utf-8", "replace").strip()
    name, sep, rest = ident.partition(" <")
    email = rest.split(">", 1)[0]
    return (name.strip(), email) if sep and email else None

def commit_exists(git: Git, oid: str) -> bool:
    rc, _, _ = git.run_status(["cat-file", "-e", f"{oid}^{{commit}}"])
    return rc == 0
