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


def rev_list(git: Git, *args: str, first_parent: bool = False, reverse: bool = False) -> list[ObjectId]:
    opts = ["rev-list"] + (["--first-parent"] if first_parent else []) + (["--reverse"] if reverse else [])
    out = git.run(opts + list(args) + ["--"])
    return [ObjectId(line) for line in out.decode().split()]


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


def diff_trees(git: Git, old: str, new: str, paths: list[str] | None = None, renames: bool = True,
               no_prefix: bool = False) -> bytes:
    """A format-patch style diff (binary included, full context of 3) from tree to tree.

    ``no_prefix`` drops the a/ b/ prefixes, for patches a series applies with -p0.
    """
    args = ["diff-tree", "-p", "--binary", "--no-color", "--no-ext-diff", "-r"]
    args += ["-M"] if renames else ["--no-renames"]
    args += ["--no-prefix"] if no_prefix else []
    args += [old, new, "--"] + (paths or [])
    return git.run(args)


def diff_pairs(git: Git, pairs: list[tuple[str, str]], no_prefix: bool = False, stat: bool = False) -> list[bytes]:
    """``diff_trees(old, new)`` (or, with ``stat``, ``diffstat(old, new)``) for many (old, new)
    commit pairs, from one ``diff-tree --stdin``."""
    if not pairs:
        return []
    args = ["diff-tree", "--stdin", "--always", "-r", "-M", "--no-color"]
    if stat:
        args += ["--stat=72", "--summary"]
    else:
        args += ["-p", "--binary", "--no-ext-diff"] + (["--no-prefix"] if no_prefix else [])
    # each line is "<commit> <parent>": the diff shown is parent -> commit, after the commit's id
    out = git.run(args, stdin="".join(f"{new} {old}\n" for old, new in pairs).encode())
    diffs: list[bytes] = []
    pos = 0
    for k, (_, new) in enumerate(pairs):
        marker = new.encode() + b"\n"
        if not out.startswith(marker, pos):
            raise GitError(args, 0, f"unexpected diff-tree output at {new}".encode())
        start = pos + len(marker)
        end = len(out)
        if k + 1 < len(pairs):
            end = out.find(b"\n" + pairs[k + 1][1].encode() + b"\n", start - 1)
            if end < 0:
                raise GitError(args, 0, f"diff-tree output lacks {pairs[k + 1][1]}".encode())
            end += 1
        diffs.append(out[start:end])
        pos = end
    return diffs


def diffstat(git: Git, old: str, new: str) -> bytes:
    """The diffstat git format-patch writes below '---' (stat width 72, with summary)."""
    return git.run(["diff-tree", "-r", "-M", "--stat=72", "--summary", "--no-color", old, new, "--"])


def numstat(git: Git, old: str, new: str) -> list[tuple[int, int, str]]:
    """(insertions, deletions, path) per changed file; binary files count 0/0."""
    out = git.run(["diff-tree", "-r", "-M", "--numstat", "-z", old, new, "--"])
    rows: list[tuple[int, int, str]] = []
    parts = out.split(b"\0")
    i = 0
    while i < len(parts):
        field = parts[i]
        if not field:
            i += 1
            continue
        ins, dels, path = field.split(b"\t", 2)
        if path == b"":  # rename: the next two fields are old and new path
            path = parts[i + 2]
            i += 3
        else:
            i += 1
        rows.append((int(ins) if ins != b"-" else 0, int(dels) if dels != b"-" else 0, path.decode("utf-8", "surrogateescape")))
    return rows


def patch_ids(git: Git, diff_text: bytes) -> list[tuple[str, str]]:
    """``git patch-id --stable`` over a stream of diffs: [(patch_id, commit_id)]."""
    if not diff_text.strip():
        return []
    out = git.run(["patch-id", "--stable"], stdin=diff_text)
    rows = []
    for line in out.decode().splitlines():
        pid, _, cid = line.partition(" ")
        rows.append((pid, cid))
    return rows


def patch_id(git: Git, diff_text: bytes) -> str | None:
    """patch-id of one diff (no commit header needed)."""
    rows = patch_ids(git, diff_text)
    return rows[0][0] if rows else None


def ls_tree_paths(git: Git, tree: str, paths: list[str] | None = None) -> dict[str, tuple[str, str]]:
    """path -> (mode, blob id) for files in tree (restricted to paths when given)."""
    # literal pathspecs: a file named "a[1].c" is a name, not a glob
    out = git.run(["ls-tree", "-r", "-z", "--full-tree", tree, "--"] + (paths or []), env={"GIT_LITERAL_PATHSPECS": "1"})
    entries: dict[str, tuple[str, str]] = {}
    for rec in out.split(b"\0"):
        if not rec:
            continue
        meta, _, path = rec.partition(b"\t")
        mode, _kind, oid = meta.decode().split()
        entries[path.decode("utf-8", "surrogateescape")] = (mode, oid)
    return entries


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


def commit_diff(git: Git, commit: str) -> bytes:
    """The diff a commit makes against its first parent (renames detected)."""
    return git.run(["diff-tree", "-p", "-M", "--no-color", f"{commit}^", commit, "--"])


def log_patches(git: Git, range_: str, paths: list[str] | None = None, full_diff: bool = False) -> bytes:
    """``git log -p`` of a range as ``commit <id>`` + diff records, the input patch-id wants."""
    args = ["log", "-p", "--no-renames", "--no-merges", "--format=commit %H"]
    if full_diff:
        args.append("--full-diff")
    return git.run(args + [range_, "--"] + (paths or []))


def log_touched_paths(git: Git, range_: str) -> bytes:
    """NUL-separated file names per commit of a range, each commit led by an empty field."""
    return git.run(["log", "--no-renames", "--format=%x00", "--name-only", "-z", range_, "--"])
