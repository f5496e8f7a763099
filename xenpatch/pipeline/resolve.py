"""``resolve``: a work tree in which a human fixes the conflict a rebase (or an add) stopped at.

This is the one place xenpatch checks files out for a conflict, because the
user asked for it: a ``git worktree`` outside the user's checkout, under the
workspace's ``.xenpatch/resolve/NAME``, at the new stack's head. Its index is a
real conflicted one (stages 1, 2 and 3 of each conflicted path, as ``git
merge`` leaves them), so ``git status`` lists the file as unmerged and ``git
diff`` and ``git mergetool`` work; the markers say whose side is whose
(``upstream <ref>`` and the patch's name) instead of raw commit ids.

A second ``resolve`` never throws away work: a work tree prepared for the same
conflict is kept as it is (``--restart`` starts over). ``--continue`` reads the
fixed tree back from it and records each resolved conflict region in
``queues/NAME/resolutions/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from xenpatch.core.queue import Queue
from xenpatch.core.rebasestate import Pending, RebaseState
from xenpatch.core.resolutions import conflict_hunks, extract, has_markers, render
from xenpatch.core.revs import object_id
from xenpatch.errors import QueueError
from xenpatch.gitio import worktree
from xenpatch.gitio.apply import TreePatcher
from xenpatch.gitio.merge import merge_trees
from xenpatch.gitio.objects import short
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.trees import Entry
from xenpatch.pipeline.common import open_for_writing
from xenpatch.store import Workspace, load_state, transaction
from xenpatch.store.paths import resolution_file

_MARKER = re.compile(rb"^(<{7}|>{7})(?: [^\r\n]*)?(\r?\n)?$")


@dataclass(frozen=True)
class ResolveResult:
    queue: str
    patch: str
    worktree: str
    conflicts: tuple[str, ...]
    kept: bool = False  # a work tree for this conflict was there already and is left as it was
    edited: bool = False  # ... and it holds changes made since it was prepared
    continue_with: str = ""  # the command that goes on once the files are fixed


def worktree_path(workspace: Workspace, name: str) -> Path:
    return workspace.private("resolve") / name


def remove_worktree(workspace: Workspace, git: Git, name: str) -> None:
    worktree.remove(git, worktree_path(workspace, name))


@dataclass(frozen=True)
class _Prepared:
    stages: list[tuple[str, int, str, str]]
    files: dict[str, bytes]  # conflicted files with their markers relabelled
    tree: ObjectId  # what the work tree holds when untouched


def _sides(git: Git, state: RebaseState) -> tuple[str, str, str, str, str] | None:
    """(base, ours, theirs, our label, their label) of the stopped 3-way merge."""
    pending = state.pending
    assert pending is not None
    if state.kind == "add":
        commits = state.plan.get("commits", [])
        if not isinstance(commits, list) or not 0 <= pending.index < len(commits):
            return None
        commit = object_id(commits[pending.index], "commit")
        parent = git.run(["rev-parse", f"{commit}^"]).decode().strip()
        queue = state.plan.get("queue", "the queue")
        return parent, state.new_head, commit, f"queue {queue}", f"{pending.name} (upstream {short(commit)})"
    if not 0 <= pending.index < len(state.stack):
        return None
    parent = state.stack[pending.index - 1] if pending.index else state.base
    return parent, state.new_head, state.stack[pending.index], f"upstream {state.onto_ref}", pending.name


def relabel(text: bytes, ours: str, theirs: str) -> bytes:
    """The conflict markers of ``text`` labelled ``ours`` and ``theirs`` (other lines untouched)."""
    lines = text.splitlines(keepends=True)
    for hunk in conflict_hunks(text):
        for k, label in ((hunk.start, ours), (hunk.end - 1, theirs)):
            m = _MARKER.match(lines[k])
            if m:
                lines[k] = m.group(1) + b" " + label.encode("utf-8", "replace") + (m.group(2) or b"")
    return b"".join(lines)


def _prepare(git: Git, state: RebaseState) -> _Prepared:
    """The conflicted index and files for the stopped merge, recomputed (the same merge gives the same result)."""
    pending = state.pending
    assert pending is not None
    sides = _sides(git, state)
    stages: list[tuple[str, int, str, str]] = []
    ours_label, theirs_label = "upstream", pending.name
    if sides is not None:
        base, ours, theirs, ours_label, theirs_label = sides
        merge = merge_trees(git, base, ours, theirs)
        if merge.tree == pending.merged_tree:
            stages = list(merge.stages)
    files: dict[str, bytes] = {}
    edits: dict[str, Entry | None] = {}
    with TreePatcher(git) as trees:
        for path in pending.conflicts:
            entry = trees.walker.entry(pending.merged_tree, path)
            blob = trees.walker.blob(pending.merged_tree, path)
            if entry is None or blob is None or not has_markers(blob):
                continue
            text = relabel(blob, ours_label, theirs_label)
            if text != blob:
                files[path] = text
                edits[path] = (entry[0], git.writer.blob(text))
        tree = trees.edit(pending.merged_tree, edits) if edits else ObjectId(pending.merged_tree)
    return _Prepared(stages, files, tree)


def prepare(workspace: Workspace, name: str, restart: bool = False) -> ResolveResult:
    # under the queue lock: a rebase --continue or --abort must not run while the work tree is made
    with open_for_writing(workspace, name, "resolve") as opened:
        state = load_state(opened.queue.root)
        if state is None or state.pending is None:
            raise QueueError(f"no rebase of '{name}' is stopped at a conflict", "there is nothing to resolve")
        git = opened.git
        path = worktree_path(workspace, name)
        pending = state.pending
        prepared = _prepare(git, state)
        after = f"xenpatch {'add' if state.kind == 'add' else 'rebase'} {name} --continue"
        if path.exists() and not restart and worktree.head_of(path) == state.new_head:
            edited = worktree.snapshot_unstaged(path) != prepared.tree
            return ResolveResult(name, pending.name, str(path), pending.conflicts, True, edited, after)
        remove_worktree(workspace, git, name)
        worktree.add_conflicted(git, path, state.new_head, pending.merged_tree, prepared.stages, prepared.files)
        return ResolveResult(name, pending.name, str(path), pending.conflicts, False, False, after)


def take_resolution(workspace: Workspace, git: Git, queue: Queue, pending: Pending,
                    head: str | None = None) -> ObjectId:
    """The tree the user fixed; records every resolved region. Refuses leftover markers.

    The work tree is read without staging anything in it, so a refused
    ``--continue`` leaves its conflicted index as it was.
    """
    path = worktree_path(workspace, queue.name)
    if not path.exists() or (head is not None and worktree.head_of(path) != head):
        raise QueueError(
            f"patch {pending.name} still conflicts and no resolution work tree holds that conflict",
            f"run 'xenpatch resolve {queue.name}', fix the files, then continue",
        )
    tree = worktree.snapshot_unstaged(path)
    txn = transaction(queue.root)
    with git.reader as reader:
        for conflicted in pending.conflicts:
            before = reader.blob_or_none(f"{pending.merged_tree}:{conflicted}")
            after = reader.blob_or_none(f"{tree}:{conflicted}")
            if after is not None and has_markers(after):
                raise QueueError(
                    f"{conflicted} in {path} still has conflict markers",
                    "remove the markers (finish the resolution), then run --continue again",
                )
            if before is None or after is None:
                continue
            for res in extract(before, after, conflicted, pending.name):
                txn.write(resolution_file(res.file_name()), render(res))
    return tree
