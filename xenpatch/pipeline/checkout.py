"""``checkout``: the series as a git branch, to edit with git (the ``gbp pq`` model).

One commit per patch on the queue's base: author, date and message from the
patch, and a ``Xenpatch-Patch: NAME`` trailer so that ``commit`` knows which
patch each commit was. By default the branch (``xenpatch/NAME``) is checked
out in a work tree of the workspace's own (``.xenpatch/checkout/NAME``), so
the user's checkout is never touched; ``--branch`` makes a plain branch of
the repository instead, for the user to check out where they like.

A branch holding commits that were not committed back to the queue is never
overwritten without ``--force`` (and then its old head stays in the reflog).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xenpatch.core.checkoutstate import CheckoutState
from xenpatch.core.progress import Progress
from xenpatch.engine.stack import apply_series
from xenpatch.errors import BadInput, QueueError
from xenpatch.gitio import worktree
from xenpatch.gitio.commits import branch_ref, ref_value
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.pipeline.common import open_for_writing, require_base
from xenpatch.pipeline.rebase import refuse_if_pending
from xenpatch.pipeline.seriescommits import branch_commits, fallbacks
from xenpatch.store import Workspace, queue_digest, transaction
from xenpatch.store.checkouts import load_checkout, stage_checkout
from xenpatch.store.paths import checkout_branch

_ZERO = "0" * 40


@dataclass(frozen=True)
class CheckoutResult:
    queue: str
    branch: str  # short name (xenpatch/NAME)
    worktree: str | None  # None for a plain branch (--branch)
    base: str
    head: str
    patches: tuple[str, ...]
    left_out: tuple[str, ...]  # patches of the series its guards do not select
    discarded: str | None  # the head a --force overwrote (still in the reflog)


def worktree_path(workspace: Workspace, name: str) -> Path:
    return workspace.private("checkout") / name


def short_branch(ref: str) -> str:
    return ref[len("refs/heads/"):] if ref.startswith("refs/heads/") else ref


def full_branch(git: Git, name: str) -> str:
    ref = branch_ref(git, name)
    if ref is None:
        raise BadInput(f"'{name}' is not a valid branch name", "see 'git check-ref-format --branch'")
    return ref


def checked_out_elsewhere(git: Git, ref: str, ours: Path | None) -> worktree.WorktreeInfo | None:
    for info in worktree.list_worktrees(git):
        if info.branch == ref and (ours is None or info.path.resolve() != ours.resolve()):
            return info
    return None


def refuse_busy_worktree(path: Path, hint: str) -> None:
    """A work tree in the middle of a git operation, or with uncommitted changes, is the user's work."""
    doing = worktree.operation_in_progress(path)
    if doing is not None:
        raise QueueError(f"{doing} is in progress in {path}", f"finish or abort it first; {hint}")
    changed = worktree.tracked_changes(path)
    if changed:
        raise QueueError(f"{path} has uncommitted changes ({changed[0]}{' ...' if len(changed) > 1 else ''})",
                         f"commit them (git commit, git commit --amend) or stash them; {hint}")


def checkout(workspace: Workspace, name: str, branch: str | None = None, force: bool = False,
             progress: Progress | None = None) -> CheckoutResult:
    with open_for_writing(workspace, name, "checkout") as opened:
        queue, git = opened.queue, opened.git
        refuse_if_pending(queue)
        base = require_base(queue)
        in_worktree = branch is None
        ref = full_branch(git, branch) if branch else checkout_branch(name)
        path = worktree_path(workspace, name) if in_worktree else None
        previous = load_checkout(queue.root)
        current = ref_value(git, ref)
        hint = f"or pass --force to check '{name}' out again and discard them (they stay in the reflog)"
        if current is not None and not force:
            if previous is None or previous.branch != ref:
                raise QueueError(f"branch {short_branch(ref)} already exists and is not a checkout of '{name}'",
                                 "pick another name with --branch, or pass --force to overwrite it")
            if current != previous.head:
                raise QueueError(f"branch {short_branch(ref)} has commits not yet committed to '{name}'",
                                 f"run 'xenpatch commit {name}' first, {hint}")
        elsewhere = checked_out_elsewhere(git, ref, path)
        if elsewhere is not None:
            raise QueueError(f"branch {short_branch(ref)} is checked out in {elsewhere.path}",
                             "switch that work tree to another branch first (git switch)")
        if path is not None and path.exists() and not force:
            refuse_busy_worktree(path, hint)
        ordered = queue.ordered()
        strips = {n: queue.strip(n) for n, _ in ordered}
        trees = apply_series(git, base, ordered, strips, progress, what=f"base {base[:12]}")
        commits = branch_commits(git, base, ordered, tuple(trees), fallbacks(git, queue, base))
        head = commits[-1] if commits else ObjectId(base)
        txn = transaction(queue.root)
        txn.refs(git).update(ref, head, current or _ZERO)
        stage_checkout(txn, CheckoutState(ref, in_worktree, base, head, queue_digest(queue.root)))
        txn.commit()  # the branch and its record first; the work tree is made from the branch
        if path is not None:
            _place_worktree(git, path, ref, current, head, force)
        if previous is not None and previous.worktree and previous.branch != ref:
            old = worktree_path(workspace, name)
            if old.exists() and (path is None or old != path):
                worktree.remove(git, old)
        chosen = {n for n, _ in ordered}
        return CheckoutResult(name, short_branch(ref), str(path) if path else None, base, head,
                              tuple(n for n, _ in ordered),
                              tuple(n for n in queue.series.names() if n not in chosen),
                              current if current is not None and current != head and force else None)


def _place_worktree(git: Git, path: Path, ref: str, old: str | None, new: str, force: bool) -> None:
    """Our work tree on the branch: moved from the old head when it is there and clean, else made anew."""
    if path.exists() and old is not None and worktree.symbolic_head(path) == ref and not force:
        worktree.move_files(path, old, new)
        return
    worktree.remove(git, path)
    worktree.add_on_branch(git, path, short_branch(ref))
