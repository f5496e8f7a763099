"""The one work tree xenpatch creates on request: for a human resolving a conflict."""

from __future__ import annotations

import shutil
from pathlib import Path

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
