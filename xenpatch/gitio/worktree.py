"""Work trees xenpatch makes on request: the conflict to resolve, the series to edit with git.

Both live under the workspace's ``.xenpatch/`` (never the user's checkout).
The conflict work tree holds a real conflicted index (stages 1, 2 and 3 for
each conflicted path) so that ``git status``, ``git diff`` and ``git mergetool``
show the conflict as they do after a ``git merge``. Whether a work tree holds
a human's work is read without changing it: its index is copied before
anything is staged.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from xenpatch.gitio.repo import EMPTY_TREE
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.scratch import scratch_dir

_ZERO = "0" * 40
_IN_PROGRESS = (("rebase-merge", "a rebase"), ("rebase-apply", "a rebase or git am"), ("MERGE_HEAD", "a merge"),
                ("CHERRY_PICK_HEAD", "a cherry-pick"), ("REVERT_HEAD", "a revert"), ("BISECT_LOG", "a bisect"))


def add_with_tree(git: Git, path: Path, head: str, tree: str) -> None:
    """A detached worktree at ``head`` whose index and files hold ``tree``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    git.run(["worktree", "add", "--detach", "--no-checkout", str(path), head])
    Git(path).run(["read-tree", "--reset", "-u", tree])


def remove(git: Git, path: Path) -> None:
    if path.exists():
        git.run_status(["worktree", "remove", "--force", str(path)])
        shutil.rmtree(path, ignore_errors=True)
    git.run_status(["worktree", "prune"])


def move_detached(git: Git, index: Path, workdir: Path, current: str | None, tree: str) -> None:
    """Make a plain directory (with its own index file) hold exactly ``tree``.

    From a known ``current`` tree only the files that differ are written
    (``read-tree -m -u``); if the directory was disturbed, it is reset.  With
    ``current`` unknown but an index present, a move was cut short: the index
    (written atomically by git) holds one of the two trees, and a reset from it
    rewrites only what differs.  Tracked files a check modified are restored
    either way, so the directory holds the tree's content (plus untracked build
    outputs, which incremental builds want to keep).
    """
    env = {"GIT_INDEX_FILE": str(index), "GIT_WORK_TREE": str(workdir)}
    index.with_name(index.name + ".lock").unlink(missing_ok=True)  # left by a git killed mid-move
    if current is None and index.is_file():
        git.run(["update-index", "-q", "--refresh"], env=env, ok_codes=(0, 1))
        git.run(["read-tree", "--reset", "-u", tree], env=env)
    elif current != tree:
        if current is None:
            current = EMPTY_TREE
            git.run(["read-tree", current], env=env)
        rc, _, _ = git.run_status(["read-tree", "-m", "-u", current, tree], env=env)
        if rc != 0:
            git.run(["update-index", "-q", "--refresh"], env=env, ok_codes=(0, 1))
            git.run(["read-tree", "--reset", "-u", tree], env=env)
    restore_tracked(git, index, workdir)


def restore_tracked(git: Git, index: Path, workdir: Path) -> None:
    """Rewrite the tracked files of a detached directory that differ from its index."""
    env = {"GIT_INDEX_FILE": str(index), "GIT_WORK_TREE": str(workdir)}
    git.run(["update-index", "-q", "--refresh"], env=env, ok_codes=(0, 1))
    changed = git.run(["diff-files", "--name-only", "-z"], env=env)
    if changed.strip(b"\0"):
        git.run(["checkout-index", "-f", "-z", "--stdin"], stdin=changed, env=env)


# ---------------------------------------------------------------- conflicted work trees

def add_conflicted(git: Git, path: Path, head: str, tree: str, stages: list[tuple[str, int, str, str]],
                   files: dict[str, bytes]) -> None:
    """A detached worktree at ``head`` holding ``tree`` with ``stages`` as unmerged index entries.

    ``stages`` are ``(path, stage, mode, oid)`` as ``merge-tree`` reports them;
    ``files`` overrides what is written into the work tree for some paths (the
    conflicted files with their markers relabelled).
    """
    add_with_tree(git, path, head, tree)
    wt = Git(path)
    if stages:
        conflicted = sorted({p for p, _, _, _ in stages})
        info = b"".join(f"0 {_ZERO}\t".encode() + p.encode("utf-8", "surrogateescape") + b"\0" for p in conflicted)
        info += b"".join(f"{mode} {oid} {stage}\t".encode() + p.encode("utf-8", "surrogateescape") + b"\0"
                         for p, stage, mode, oid in sorted(stages, key=lambda s: (s[0], s[1])))
        wt.run(["update-index", "-z", "--index-info"], stdin=info)
    for rel, data in files.items():
        target = path / rel
        if target.is_file() and not target.is_symlink():
            target.write_bytes(data)


def head_of(path: Path) -> str | None:
    rc, out, _ = Git(path).run_status(["rev-parse", "--verify", "--quiet", "HEAD"])
    return out.decode().strip() if rc == 0 else None


def snapshot_unstaged(path: Path) -> ObjectId:
    """What ``snapshot`` would give, computed on a copy of the index: the work tree is left as it is
    (unmerged entries stay unmerged, nothing the user staged or not changes)."""
    wt = Git(path)
    index = Path(wt.run(["rev-parse", "--path-format=absolute", "--git-path", "index"]).decode().strip())
    with tempfile.TemporaryDirectory(prefix="xenpatch-wtindex-", dir=scratch_dir(wt.git_dir)) as tmp:
        copy = Path(tmp) / "index"
        if index.is_file():
            shutil.copyfile(index, copy)
        env = {"GIT_INDEX_FILE": str(copy)}
        wt.run(["add", "-A", "."], env=env)
        return ObjectId(wt.run(["write-tree"], env=env).decode().strip())


# ---------------------------------------------------------------- the checkout work tree

@dataclass(frozen=True)
class WorktreeInfo:
    path: Path
    head: str | None
    branch: str | None  # full ref, None when detached


def list_worktrees(git: Git) -> list[WorktreeInfo]:
    """The work trees of the repository that exist (a deleted one, still registered, is left out)."""
    out = git.run(["worktree", "list", "--porcelain", "-z"])
    found: list[WorktreeInfo] = []
    fields: dict[str, str] = {}
    for item in out.decode("utf-8", "surrogateescape").split("\0") + [""]:
        if item:
            key, _, value = item.partition(" ")
            fields[key] = value
            continue
        if "worktree" in fields and "prunable" not in fields and Path(fields["worktree"]).is_dir():
            found.append(WorktreeInfo(Path(fields["worktree"]), fields.get("HEAD"), fields.get("branch")))
        fields = {}
    return found


def add_on_branch(git: Git, path: Path, branch: str) -> None:
    """A worktree with ``branch`` (a short name under refs/heads) checked out."""
    path.parent.mkdir(parents=True, exist_ok=True)
    git.run(["worktree", "add", "--quiet", str(path), branch])


def operation_in_progress(path: Path) -> str | None:
    """What git is in the middle of in this work tree (a rebase, a merge ...), or None."""
    args = ["rev-parse", "--path-format=absolute"]
    for name, _ in _IN_PROGRESS:
        args += ["--git-path", name]
    wheres = Git(path).run(args).decode().splitlines()  # one path per name, in order
    return next((what for (_, what), where in zip(_IN_PROGRESS, wheres) if Path(where).exists()), None)


def tracked_changes(path: Path) -> list[str]:
    """Paths of tracked files with changes not committed (staged or not)."""
    out = Git(path).run(["status", "--porcelain=v1", "-z", "--untracked-files=no"])
    return [rec[3:].decode("utf-8", "surrogateescape") for rec in out.split(b"\0") if len(rec) > 3 and rec[2:3] == b" "]


def symbolic_head(path: Path) -> str | None:
    rc, out, _ = Git(path).run_status(["symbolic-ref", "-q", "HEAD"])
    return out.decode().strip() if rc == 0 else None


def move_files(path: Path, old: str, new: str) -> None:
    """Bring a clean work tree (and its index) from commit ``old`` to ``new``, writing only what differs."""
    wt = Git(path)
    wt.run(["update-index", "-q", "--refresh"], ok_codes=(0, 1))
    wt.run(["read-tree", "-m", "-u", old, new])
