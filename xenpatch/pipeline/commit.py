"""``commit``: the checked-out branch back into the series, as one new rev.

Each commit of ``base..branch`` becomes one patch, in branch order. A commit
whose ``Xenpatch-Patch:`` trailer names a patch of the series is that patch:
what the user changed in it (the message, the author or date, the diff) is
written back into the patch file where it came from, and a patch nobody
changed keeps its exact bytes (its diff is kept as long as it still produces
the commit's tree at its new place, so a reordered patch is not rewritten).
A commit without a trailer whose change is exactly a patch no commit names
(``git commit --amend -m`` drops the trailer) is still that patch; any other
is a new patch, named ``git format-patch`` style from its subject. Patches no
commit names any more go to ``archive/`` (never
deleted). Series comments, blank lines, ``-pN`` and guards stay on their
lines; patches the guards leave out stay where they were.

Squash keeps both trailers: the first names the squashed patch and the
second patch leaves the series. Split (``git reset HEAD^``, then commits)
keeps the name for a part committed with ``-c ORIG_HEAD``; other parts are new.

What is refused (exit 2, nothing written): a branch not on the queue's base
(including one rebased onto newer upstream commits), a merge commit, a work
tree in the middle of a git operation or with uncommitted changes, and a
queue that changed since the checkout. The new patch files are applied to
the base before anything is written: they must give the branch's tree.
Afterwards the branch is moved to the commits a fresh checkout of the new
queue gives (same tree, every commit with its trailer), so the next commit
with no edit is the identity.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from xenpatch.core.checkoutstate import CheckoutState
from xenpatch.core.diff import without_index_lines
from xenpatch.core.model import Outcome
from xenpatch.core.patch import Patch, diff_paths, patch_paths
from xenpatch.core.patchcommit import (
    apply_ident,
    apply_message,
    cleanup,
    ident_of_raw,
    message_of,
    strip_trailers,
    subject_and_body,
)
from xenpatch.core.progress import NoProgress, Progress
from xenpatch.core.queue import Queue
from xenpatch.core.revs import PatchRecord
from xenpatch.core.series import Series, check_name
from xenpatch.engine import build_stack
from xenpatch.errors import BadInput, QueueError, XenpatchError
from xenpatch.gitio import worktree
from xenpatch.gitio.apply import TreePatcher
from xenpatch.gitio.commits import (
    RawCommit,
    commits_also_in,
    is_ancestor,
    range_commits,
    read_commits,
    ref_value,
)
from xenpatch.gitio.diffs import commit_diffs, diffstat
from xenpatch.gitio.index import ApplyFailed
from xenpatch.gitio.objects import short
from xenpatch.gitio.repo import merge_base, resolve, tree_of
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.pipeline.checkout import (
    full_branch,
    refuse_busy_worktree,
    short_branch,
    worktree_path,
)
from xenpatch.pipeline.common import open_for_writing, require_base
from xenpatch.pipeline.rebase import refuse_if_pending
from xenpatch.pipeline.seriescommits import (
    Fallbacks,
    branch_commits,
    commit_patch,
    fallbacks,
    first_merge,
    new_patch_name,
    patch_file_exists,
    patch_ident,
    series_commits,
)
from xenpatch.store import Workspace, next_rev_number, queue_digest, transaction
from xenpatch.store.checkouts import load_checkout, stage_checkout
from xenpatch.store.revwrite import refresh_patch, write_series_rev

_STRIP_OPTION = re.compile(rb"[ \t]+-p\d+(?=[ \t#\r\n]|$)")


@dataclass(frozen=True)
class CommittedPatch:
    name: str
    status: str  # "unchanged", "changed", "new"
    changes: tuple[str, ...]  # for a changed patch: "message", "author", "date", "diff", "moved"
    commit: str  # the branch commit it came from
    subject: str


@dataclass(frozen=True)
class CommitResult:
    queue: str
    branch: str
    status: str  # "unchanged" (the queue is as it was, no rev) or "committed"
    rev: int | None
    head: str  # the branch head afterwards
    patches: tuple[CommittedPatch, ...]
    removed: tuple[str, ...] = ()
    archived: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def commit(workspace: Workspace, name: str, branch: str | None = None, force: bool = False,
           progress: Progress | None = None) -> CommitResult:
    with open_for_writing(workspace, name, "commit") as opened:
        return _commit(workspace, opened.queue, opened.git, branch, force, progress or NoProgress())


def _commit(workspace: Workspace, queue: Queue, git: Git, branch: str | None, force: bool,
            progress: Progress) -> CommitResult:
    name = queue.name
    refuse_if_pending(queue)
    base = require_base(queue)
    state = load_checkout(queue.root)
    if branch is None and state is None:
        raise QueueError(f"queue '{name}' is not checked out",
                         f"run 'xenpatch checkout {name}', edit the branch with git, then commit it; "
                         f"or name a branch with --branch")
    ref = full_branch(git, branch) if branch else state.branch  # type: ignore[union-attr]
    head = ref_value(git, ref)
    if head is None:
        raise QueueError(f"branch {short_branch(ref)} does not exist",
                         f"check it out with 'xenpatch checkout {name}' or name another with --branch")
    tracked = state if state is not None and state.branch == ref else None
    _refuse_busy(git, workspace, name, ref, head, tracked)
    digest = queue_digest(queue.root)
    if tracked is not None and digest != tracked.digest and not force and head == tracked.head:
        raise QueueError(f"the queue '{name}' changed since it was checked out, and the branch has no edits",
                         f"run 'xenpatch checkout {name}' to check the queue out as it is now")
    if tracked is not None and digest != tracked.digest and not force:
        raise QueueError(
            f"the queue '{name}' changed since it was checked out (a rebase, an add or an edit of its files)",
            f"'xenpatch checkout {name} --force' checks the queue out again (the branch stays in the reflog); "
            f"'xenpatch commit {name} --force' replaces the queue's series by the branch")
    unchanged = CommitResult(name, short_branch(ref), "unchanged", None, head, ())
    if tracked is not None and head == tracked.head and digest == tracked.digest:
        return unchanged
    t0 = time.perf_counter()
    commits = _branch_range(git, queue, base, head, ref)
    plan = _Planner(git, queue, base, fallbacks(git, queue, base))
    plan.map(commits, progress)
    timings = {"read": time.perf_counter() - t0}
    series = plan.series()
    txn = transaction(queue.root)
    if not plan.written and not plan.removed and series.to_bytes() == queue.series.to_bytes():
        if tracked is not None and head != tracked.head:
            stage_checkout(txn, CheckoutState(ref, tracked.worktree, base, head, digest))
        return CommitResult(name, short_branch(ref), "unchanged", None, head, tuple(plan.results))
    t0 = time.perf_counter()
    patches = {**queue.patches, **{n: Patch.parse(d, n) for n, d in plan.written.items()}}
    ordered = [(n, patches[n]) for n in plan.order]
    strips = {n: series.strip(n) for n in plan.order}
    built = series_commits(git, base, ordered, strips, progress, what="the base (checking the new patch files)")
    base_tree = tree_of(git, base)
    if (built.trees[-1] if built.trees else base_tree) != (commits[-1].tree if commits else base_tree):
        raise XenpatchError(f"internal error: the new patch files of '{name}' do not give the tree of "
                            f"{short_branch(ref)}; nothing was written", "report it with the branch")
    rev = next_rev_number(queue.root)
    records = tuple(
        PatchRecord(p.name, Outcome.CLEAN, p.subject, commit=str(c), detail=_detail(p))
        for p, c in zip(plan.results, built.stack.commits))

    old = queue.ordered()
    old_strips = {n: queue.strip(n) for n, _ in old}
    record = write_series_rev(git, queue, rev, lambda: build_stack(git, base, old, old_strips), series, plan.written,
                              plan.removed, built.stack, short_branch(ref), "committed", records, timings, extra={"branch": short_branch(ref)})
    fresh = branch_commits(git, base, ordered, built.trees, plan.fb)
    new_head = fresh[-1] if fresh else ObjectId(base)
    txn.refs(git).update(ref, new_head, head)
    stage_checkout(txn, CheckoutState(ref, tracked.worktree if tracked else False, base, new_head,
                                      record.extra["digest_after"]))
    timings["write"] = time.perf_counter() - t0
    return CommitResult(name, short_branch(ref), "committed", rev, new_head, tuple(plan.results),
                        tuple(plan.removed), dict(record.extra["archived"]), timings)


def _detail(p: CommittedPatch) -> str:
    if p.status == "changed":
        return "changed: " + ", ".join(p.changes)
    return p.status


# ---------------------------------------------------------------- checks


def _refuse_busy(git: Git, workspace: Workspace, name: str, ref: str, head: str,
                 tracked: CheckoutState | None) -> None:
    hint = f"then run 'xenpatch commit {name}' again"
    ours = worktree_path(workspace, name) if tracked is not None and tracked.worktree else None
    for info in worktree.list_worktrees(git):
        if info.branch == ref:
            refuse_busy_worktree(info.path, hint)
    if ours is not None and ours.exists():
        refuse_busy_worktree(ours, hint)
        at = worktree.head_of(ours)
        if worktree.symbolic_head(ours) != ref and at != head:
            raise QueueError(f"the work tree {ours} is not on {short_branch(ref)} (HEAD is at {short(at or '?')})",
                             f"put your commits on the branch (git switch {short_branch(ref)}, git reset), {hint}")


def _branch_range(git: Git, queue: Queue, base: str, head: str, ref: str) -> list[RawCommit]:
    """The branch's own commits on the base, or BadInput saying why the branch is not one."""
    label = short_branch(ref)
    if not is_ancestor(git, base, head):
        fork = merge_base(git, base, head)
        where = f" (it forks from {short(fork)})" if fork else ""
        raise BadInput(f"branch {label} is not based on the queue's base {short(base)}{where}",
                       f"rebase it onto the base (git rebase --onto {short(base)} {short(fork or base)} {label}) "
                       f"or check the queue out again")
    rows = range_commits(git, base, head)
    merge = first_merge(git, rows)
    if merge is not None:
        _, first, subject = merge
        raise BadInput(f"branch {label} has a merge commit ({short(first)} '{subject}')",
                       "make the branch linear (git rebase -i) so that each commit is one patch")
    others = []
    try:
        others.append(str(resolve(git, queue.config.upstream)))
    except XenpatchError:
        pass
    foreign = commits_also_in(git, base, head, [c for c, _ in rows], others)
    if foreign:
        info = read_commits(git, foreign[:1])[0]
        raise BadInput(f"branch {label} is not based on the queue's base {short(base)}: it holds {len(foreign)} "
                       f"upstream commit{'s' if len(foreign) != 1 else ''} (first {short(foreign[0])} "
                       f"'{subject_and_body(info.text())[0]}')",
                       f"rebase the patches back onto {short(base)} (git rebase --onto), or forward-port the "
                       f"queue first (xenpatch rebase) and check it out again")
    return read_commits(git, [c for c, _ in rows])


# ---------------------------------------------------------------- mapping commits to patches


class _Planner:
    def __init__(self, git: Git, queue: Queue, base: str, fb: Fallbacks) -> None:
        self.git = git
        self.queue = queue
        self.base = base
        self.fb = fb
        self.selected = queue.selected()
        self.results: list[CommittedPatch] = []
        self.order: list[str] = []  # the new selected series
        self.written: dict[str, bytes] = {}
        self.removed: list[str] = []
        self.strip_fixed: set[str] = set()

    def map(self, commits: list[RawCommit], progress: Progress) -> None:
        selected = set(self.selected)
        git_diffs = [d for _, d in commit_diffs(self.git, [c.oid for c in commits], with_stat=False)]
        messages: list[tuple[list[str], str]] = [strip_trailers(raw.text()) for raw in commits]
        # first the trailers, then commits without one whose diff is exactly a patch nobody named
        # (git commit --amend -m drops the trailer; the patch is still that patch)
        targets: list[str | None] = []
        claimed: set[str] = set()
        for names, _ in messages:
            target = next((n for n in names if n in selected and n not in claimed), None)
            targets.append(target)
            if target is not None:
                claimed.add(target)
        pending_new: list[tuple[int, RawCommit, bytes, str, list[str]]] = []
        progress.start("reading the branch", len(commits))
        with TreePatcher(self.git) as sparse:
            parent_tree = tree_of(self.git, self.base)
            parent = self.base
            for k, (raw, git_diff, (names, message)) in enumerate(zip(commits, git_diffs, messages)):
                target = targets[k]
                if target is None:
                    target = self._same_diff(sparse, [n for n in self.selected if n not in claimed], git_diff,
                                             parent_tree, raw.tree)
                    if target is not None:
                        claimed.add(target)
                if target is None:
                    pending_new.append((len(self.order), raw, git_diff, message, names))
                    self.order.append("")
                    self.results.append(CommittedPatch("", "new", (), raw.oid, subject_and_body(message)[0]))
                else:
                    self.order.append(target)
                    self.results.append(self._existing(sparse, target, raw, parent, parent_tree, message, git_diff))
                parent, parent_tree = raw.oid, raw.tree
                progress.advance()
        progress.done()
        kept = [n for n in self.order if n]
        moved = _moved(kept, [n for n in self.selected if n in claimed])
        for k, res in enumerate(self.results):
            if res.name in moved:
                changes = res.changes + ("moved",)
                self.results[k] = CommittedPatch(res.name, "changed", changes, res.commit, res.subject)
        taken = set(self.queue.series.names()) | set(kept)
        for at, raw, git_diff, message, names in pending_new:
            parent = commits[at - 1].oid if at else self.base
            fname, data = self._new(raw, parent, git_diff, message, names, at, taken)
            taken.add(fname)
            self.order[at] = fname
            self.written[fname] = data
            old = self.results[at]
            self.results[at] = CommittedPatch(fname, "new", (), old.commit, old.subject)
        self.removed = [n for n in self.selected if n not in claimed]

    def _same_diff(self, sparse: TreePatcher, candidates: list[str], git_diff: bytes, before: str,
                   after: str) -> str | None:
        """The first of ``candidates`` whose patch makes exactly this commit's change."""
        text = without_index_lines(git_diff)
        if not text.strip():
            return None
        touched = set(diff_paths(git_diff, 1, "commit"))
        for name in candidates:
            patch = self.queue.patches[name]
            strip = self.queue.strip(name)
            if strip == 1 and without_index_lines(patch.diff) == text:
                return name
            if set(patch_paths(patch, strip)) == touched and _produces(sparse, patch, strip, before, after):
                return name
        return None

    def _existing(self, sparse: TreePatcher, name: str, raw: RawCommit, parent: str, parent_tree: str,
                  message: str, git_diff: bytes) -> CommittedPatch:
        patch = self.queue.patches[name]
        strip = self.queue.strip(name)
        changes: list[str] = []
        new = patch
        same_text = strip == 1 and without_index_lines(patch.diff) == without_index_lines(git_diff)
        if not same_text and not _produces(sparse, patch, strip, parent_tree, raw.tree):
            changes.append("diff")
            new = refresh_patch(self.git, patch, parent, raw.oid, 0 if strip == 0 else 1)
            if strip > 1:
                self.strip_fixed.add(name)
        if message == cleanup(name) and not message_of(patch):
            message = ""  # a bare diff was titled by its file name on the branch
        if message != message_of(new):
            changes.append("message")
            new = apply_message(new, message)
        wanted = ident_of_raw(raw.author)
        now = patch_ident(patch, self.fb)
        if (wanted.name, wanted.email) != (now.name, now.email):
            changes.append("author")
        if wanted.when != now.when:
            changes.append("date")
        if "author" in changes or "date" in changes:
            new = apply_ident(new, wanted, self.fb.author, self.fb.date)
        if new.to_bytes() != patch.to_bytes():
            self.written[name] = new.to_bytes()
        return CommittedPatch(name, "changed" if changes else "unchanged", tuple(changes), raw.oid,
                              new.summary or name)

    def _new(self, raw: RawCommit, parent: str, diff: bytes, message: str, names: list[str], at: int,
             taken: set[str]) -> tuple[str, bytes]:
        """A patch file for a commit no patch made (``diff``: its diff, as ``map`` read it)."""
        stat = diffstat(self.git, parent, raw.oid) if diff.strip() else b""
        patch = commit_patch(raw, diff, stat, message)
        exists = patch_file_exists(self.queue)
        suggested = next((n for n in names if n not in taken and _valid_name(n) and not exists(n)), None)
        if suggested is not None:
            return suggested, patch.to_bytes()
        before = next((self.order[k] for k in range(at - 1, -1, -1) if self.order[k]), None)
        return new_patch_name(patch, at + 1, before, taken, exists), patch.to_bytes()

    def series(self) -> Series:
        """The new series file: the branch's order, with the patches its guards leave out where they were."""
        old_all = self.queue.series.names()
        chosen = set(self.selected)
        result = [n for n in self.order]
        for i, n in enumerate(old_all):
            if n in chosen:
                continue
            anchor = next((old_all[j] for j in range(i - 1, -1, -1) if old_all[j] in result), None)
            result.insert(result.index(anchor) + 1 if anchor is not None else 0, n)
        series = self.queue.series.with_names(result)
        for n in sorted(self.strip_fixed):
            entry = series.entry(n)
            series = series.with_entry_line(n, _STRIP_OPTION.sub(b"", entry.raw, count=1))
        return series


def _produces(sparse: TreePatcher, patch: Patch, strip: int, before: str, after: str) -> bool:
    """Does the patch file, applied exactly (no fuzz) to ``before``, give ``after``?"""
    if not patch.diff.strip():
        return before == after
    try:
        return sparse.apply(before, patch.diff, patch_paths(patch, strip), strip=strip) == after
    except ApplyFailed:
        return False


def _moved(new: list[str], old: list[str]) -> set[str]:
    """Patches not in the longest run kept in order (what a reorder moved)."""
    from xenpatch.core.series import _longest_increasing
    pos = {n: k for k, n in enumerate(old)}
    seq = [n for n in new if n in pos]
    keep = {seq[k] for k in _longest_increasing([pos[n] for n in seq])}
    return {n for n in seq if n not in keep}


def _valid_name(name: str) -> bool:
    if not name or any(c.isspace() or c == "#" for c in name) or name.startswith("-"):
        return False
    try:
        check_name(name, "trailer")
    except BadInput:
        return False
    return not Path(name).name.startswith(".") and name != "series"
