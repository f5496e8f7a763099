"""``resolve``: a work tree in which a human fixes the conflict a rebase stopped at.

This is the one place xenpatch checks files out, because the user asked for
it: a ``git worktree`` outside the user's checkout, under the workspace's
``.xenpatch/resolve/NAME``, holding the new stack with the conflicted merge
(markers included). ``--continue`` reads the fixed tree back from it and
records each resolved conflict region in ``queues/NAME/resolutions/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xenpatch.core.queue import Queue
from xenpatch.core.rebasestate import Pending
from xenpatch.core.resolutions import extract, has_markers, render
from xenpatch.errors import QueueError
from xenpatch.gitio import worktree
from xenpatch.gitio.objects import ObjectReader
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.pipeline.common import open_for_writing
from xenpatch.store import Workspace, load_state, transaction
from xenpatch.store.paths import resolution_file


@dataclass(frozen=True)
class ResolveResult:
    queue: str
    patch: str
    worktree: str
    conflicts: tuple[str, ...]


def worktree_path(workspace: Workspace, name: str) -> Path:
    return workspace.private("resolve") / name


def remove_worktree(workspace: Workspace, git: Git, name: str) -> None:
    worktree.remove(git, worktree_path(workspace, name))


def prepare(workspace: Workspace, name: str) -> ResolveResult:
    # under the queue lock: a rebase --continue or --abort must not run while the work tree is made
    with open_for_writing(workspace, name, "resolve") as opened:
        state = load_state(opened.queue.root)
        if state is None or state.pending is None:
            raise QueueError(f"no rebase of '{name}' is stopped at a conflict", "there is nothing to resolve")
        git = opened.git
        path = worktree_path(workspace, name)
        remove_worktree(workspace, git, name)
        worktree.add_with_tree(git, path, state.new_head, state.pending.merged_tree)
        return ResolveResult(name, state.pending.name, str(path), state.pending.conflicts)


def take_resolution(workspace: Workspace, git: Git, queue: Queue, pending: Pending) -> ObjectId:
    """The tree the user fixed; records every resolved region. Refuses leftover markers."""
    path = worktree_path(workspace, queue.name)
    if not path.exists():
        raise QueueError(
            f"patch {pending.name} still conflicts and no resolution work tree exists",
            f"run 'xenpatch resolve {queue.name}', fix the files, then continue",
        )
    tree = worktree.snapshot(path)
    txn = transaction(queue.root)
    with git.reader as reader:
        for conflicted in pending.conflicts:
            before = reader.blob_or_none(f"{pending.merged_tree}:{conflicted}")
            after = reader.blob_or_none(f"{tree}:{conflicted}")
            if after is not None and has_markers(after):
                raise QueueError(
                    f"{conflicted} in {path} still has conflict markers",
                    "finish the resolution, then run 'xenpatch rebase NAME --continue' again",
                )
            if before is None or after is None:
                continue
            for res in extract(before, after, conflicted, pending.name):
                txn.write(resolution_file(res.file_name()), render(res))
    return tree
