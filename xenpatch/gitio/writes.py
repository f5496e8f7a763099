"""Building new objects in memory: trees from patches, commits, cherry-picks, refs.

Nothing here reads or writes the user's index, HEAD or work tree. Patches are
applied to a private index file (GIT_INDEX_FILE) seeded from a tree; merges use
``merge-tree --write-tree`` which only writes objects.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from xenpatch.errors import GitError
from xenpatch.gitio.index import PrivateIndex
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.scratch import scratch_dir

# Fixed identity and dates for internal commits, so stacks recorded under
# refs/xenpatch are reproducible byte for byte.
INTERNAL_IDENT = {
    "GIT_AUTHOR_NAME": "xenpatch",
    "GIT_AUTHOR_EMAIL": "xenpatch@localhost",
    "GIT_AUTHOR_DATE": "1700000000 +0000",
    "GIT_COMMITTER_NAME": "xenpatch",
    "GIT_COMMITTER_EMAIL": "xenpatch@localhost",
    "GIT_COMMITTER_DATE": "1700000000 +0000",
}


class ApplyFailed(Exception):
    """A patch does not apply exactly; carries git apply's stderr."""

    def __init__(self, stderr: bytes) -> None:
        super().__init__(stderr.decode("utf-8", "replace").strip())
        self.stderr = stderr


class TempIndex(PrivateIndex):
    """A private index seeded from a whole tree: apply patches to it, write trees from it.

    Seeding costs one ``read-tree`` of the whole tree and every apply rewrites
    the whole index; ``SparseTrees`` avoids both for large trees.
    """

    def __init__(self, git: Git, tree: str) -> None:
        super().__init__(git)
        self.read_tree(tree)

    def _apply_args(self, strip: int, reverse: bool) -> list[str]:
        return ["apply", "--cached", f"-p{strip}", "--whitespace=nowarn", "--binary"] + (["--reverse"] if reverse else [])

    def apply(self, patch: bytes, strip: int = 1, reverse: bool = False, recount: bool = False) -> None:
        args = self._apply_args(strip, reverse) + (["--recount"] if recount else [])
        rc, _, err = self.git.run_status(args + ["-"], stdin=patch, env=self.env)
        if rc != 0:
            raise ApplyFailed(err)

    def check(self, patch: bytes, strip: int = 1, reverse: bool = False) -> bool:
        rc, _, _ = self.git.run_status(self._apply_args(strip, reverse) + ["--check", "-"], stdin=patch, env=self.env)
        return rc == 0


def apply_to_tree(git: Git, tree: str, patch: bytes, strip: int = 1, reverse: bool = False) -> ObjectId:
    """Apply one patch exactly (no fuzz) to a tree; raise ApplyFailed if it does not."""
    with TempIndex(git, tree) as index:
        index.apply(patch, strip=strip, reverse=reverse)
        return index.write_tree()


def commit_tree(
    git: Git,
    tree: str,
    parents: Sequence[str],
    message: bytes,
    ident: dict[str, str] | None = None,
) -> ObjectId:
    if ident is None:  # xenpatch's own fixed identity: written from Python, same id as commit-tree's
        return git.writer.commit(tree, parents, message)
    args = ["commit-tree", tree]
    for p in parents:
        args += ["-p", p]
    out = git.run(args, stdin=message, env=ident or INTERNAL_IDENT)
    return ObjectId(out.decode().strip())


def hash_blob(git: Git, data: bytes) -> ObjectId:
    return ObjectId(git.run(["hash-object", "-w", "--stdin"], stdin=data).decode().strip())


def hash_blobs(git: Git, blobs: list[bytes]) -> list[ObjectId]:
    """Write many blobs with one ``hash-object --stdin-paths`` process."""
    if not blobs:
        return []
    with tempfile.TemporaryDirectory(prefix="xenpatch-blobs-", dir=scratch_dir(git.git_dir)) as tmp:
        paths = []
        for i, data in enumerate(blobs):
            path = Path(tmp) / str(i)
            path.write_bytes(data)
            paths.append(str(path))
        out = git.run(["hash-object", "-w", "--no-filters", "--stdin-paths"], stdin=("\n".join(paths) + "\n").encode())
    return [ObjectId(line) for line in out.decode().split()]


def snapshot_tree(git: Git, files: dict[str, bytes]) -> ObjectId:
    """A tree holding ``files`` (relative paths), e.g. a queue's patch files at one rev (written from Python)."""
    root: dict[str, Any] = {}
    for path in sorted(files):
        *dirs, leaf = path.split("/")
        node = root
        for d in dirs:
            node = node.setdefault(d, {})
        node[leaf] = files[path]

    def write(node: dict[str, Any]) -> ObjectId:
        entries = {}
        for name, value in node.items():
            key = name.encode("utf-8", "surrogateescape")
            entries[key] = ("40000", write(value)) if isinstance(value, dict) else ("100644", git.writer.blob(value))
        return git.writer.tree(entries)

    return write(root)


@dataclass(frozen=True)
class MergeResult:
    """Outcome of an in-memory 3-way merge: the tree (with conflict markers when
    ``conflicts`` is non-empty) and the conflicted paths."""

    tree: ObjectId
    conflicts: tuple[str, ...] = ()
    messages: str = ""
    stages: tuple[tuple[str, int, str, str], ...] = field(default=())  # (path, stage, mode, oid)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge_trees(git: Git, base_commit: str, ours: str, theirs: str) -> MergeResult:
    """3-way merge of two commits with an explicit merge base, in memory.

    git 2.40+ takes ``--merge-base``. git 2.39 computes the base itself, so we
    give it a synthetic 'ours' commit whose parent is the wanted base: the merge
    base of (synthetic, theirs) is then exactly ``base_commit`` as long as
    ``theirs`` descends from it, which is what a cherry-pick needs.
    """
    if git.version() >= (2, 40):
        args = ["merge-tree", "--write-tree", "-z", "--messages", f"--merge-base={base_commit}", ours, theirs]
    else:
        ours_tree = git.run(["rev-parse", f"{ours}^{{tree}}"]).decode().strip()
        synthetic = commit_tree(git, ours_tree, [base_commit], b"xenpatch: synthetic merge side\n")
        args = ["merge-tree", "--write-tree", "-z", "--messages", synthetic, theirs]
    rc, out, err = git.run_status(args)
    if rc not in (0, 1):
        raise GitError(args, rc, err)
    return _parse_merge_tree(out, rc)


def merge_into_tree(git: Git, base_commit: str, ours_tree: str, theirs: str) -> MergeResult:
    """3-way merge of commit ``theirs`` into a bare tree, with ``base_commit`` as the base.

    The forward-port keeps some heads as trees only (the series without its
    conflicting patches); a commit is made for them here, parented on the base
    so that git 2.39 finds exactly that base.
    """
    synthetic = commit_tree(git, ours_tree, [base_commit], b"xenpatch: synthetic merge side\n")
    if git.version() >= (2, 40):
        args = ["merge-tree", "--write-tree", "-z", "--messages", f"--merge-base={base_commit}", synthetic, theirs]
    else:
        args = ["merge-tree", "--write-tree", "-z", "--messages", synthetic, theirs]
    rc, out, err = git.run_status(args)
    if rc not in (0, 1):
        raise GitError(args, rc, err)
    return _parse_merge_tree(out, rc)


def _parse_merge_tree(out: bytes, rc: int) -> MergeResult:
    # -z output: "<tree>\0" then, on conflict, "<mode> <oid> <stage>\t<path>\0"...
    # then "\0" then informational messages (each "<n>\0<path>...\0<type>\0<msg>\0").
    head, sep, rest = out.partition(b"\0")
    tree = ObjectId(head.decode().strip())
    stages: list[tuple[str, int, str, str]] = []
    conflicts: list[str] = []
    messages = ""
    if rc == 1:
        parts = rest.split(b"\0")
        i = 0
        while i < len(parts) and parts[i]:
            meta, _, path = parts[i].partition(b"\t")
            mode, oid, stage = meta.decode().split()
            p = path.decode("utf-8", "surrogateescape")
            stages.append((p, int(stage), mode, oid))
            if p not in conflicts:
                conflicts.append(p)
            i += 1
        messages = _format_messages(parts[i + 1:])
    return MergeResult(tree, tuple(conflicts), messages, tuple(stages))


def _format_messages(parts: list[bytes]) -> str:
    lines: list[str] = []
    i = 0
    while i < len(parts):
        if not parts[i]:
            i += 1
            continue
        try:
            n = int(parts[i])
        except ValueError:
            i += 1
            continue
        # n paths, then a type and a message
        msg_index = i + 1 + n + 1
        if msg_index < len(parts):
            lines.append(parts[msg_index].decode("utf-8", "replace").strip())
        i = msg_index + 1
    return "\n".join(lines)


def cherry_pick(git: Git, commit: str, onto_commit: str) -> MergeResult:
    """Cherry-pick ``commit`` onto ``onto_commit`` in memory: merge base = commit's parent."""
    parent = git.run(["rev-parse", f"{commit}^"]).decode().strip()
    return merge_trees(git, parent, onto_commit, commit)


class RefTransaction:
    """Collect ref updates and apply them in one ``update-ref --stdin`` transaction."""

    def __init__(self, git: Git) -> None:
        self._git = git
        self._lines: list[str] = []

    def update(self, ref: str, new: str, old: str | None = None) -> None:
        self._lines.append(f"update {ref} {new}" + (f" {old}" if old else ""))

    def delete(self, ref: str) -> None:
        self._lines.append(f"delete {ref}")

    def commit(self) -> None:
        if not self._lines:
            return
        script = "start\n" + "\n".join(self._lines) + "\nprepare\ncommit\n"
        self._git.run(["update-ref", "--stdin"], stdin=script.encode())
        self._lines = []


def list_refs(git: Git, prefix: str) -> dict[str, ObjectId]:
    out = git.run(["for-each-ref", "--format=%(refname) %(objectname)", prefix])
    refs: dict[str, ObjectId] = {}
    for line in out.decode().splitlines():
        name, oid = line.split()
        refs[name] = ObjectId(oid)
    return refs
