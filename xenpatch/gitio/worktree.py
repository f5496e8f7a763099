"""The one work tree xenpatch creates on request: for a human resolving a conflict."""

from __future__ import annotations

import shutil
from pathlib import Path

from xenpatch.gitio.repo import EMPTY_TREE
from xenpatch.gitio.run import Git, ObjectId


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


def snapshot(path: Path) -> ObjectId:
    """Everything in the worktree (edits, additions, removals) as a tree."""
    wt = Git(path)
    wt.run(["add", "-A", "."])
    return ObjectId(wt.run(["write-tree"]).decode().strip())


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
