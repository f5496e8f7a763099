"""3-way merges in memory: ``merge-tree --write-tree`` writes objects, never a work tree.

git 2.39 has ``merge-tree --write-tree`` but not ``--merge-base``: a cherry-pick of
commit C onto tree T is still done in memory by making a commit with tree T
whose parent is C's parent, so the merge base git computes is exactly that
parent. ``--merge-base`` is used on git 2.40 and newer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xenpatch.errors import GitError
from xenpatch.gitio.objects import commit_tree
from xenpatch.gitio.run import Git, ObjectId


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
