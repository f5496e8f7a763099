"""``add``: backports of upstream commits (or patch files) into the queue, as one new rev.

The distro engineer's daily job: a fix landed upstream (or in a newer stable
branch) and the queue needs it. Each commit becomes a patch in ``git
format-patch`` form with its author, date and message, and the headers SUSE's
and Debian's queues use to track where a patch came from: ``Git-commit:`` (the
full id) and ``Patch-mainline:`` (the first ``v*`` tag holding it, else
``Queued``). Patches go at the end of the series, or after ``--after PATCH``.

A commit whose diff applies exactly on the queue (at the insertion point) is
taken as it is. Otherwise it is 3-way merged in memory (base: the commit's
parent; ours: the queue's stack; theirs: the commit), as ``git cherry-pick``
would, and the patch is what the merge changes on the queue. A conflict stops
the add the way a rebase stops: the state is kept in ``.xenpatch/``, the queue
is untouched, ``xenpatch resolve`` prepares a conflicted work tree, ``xenpatch
add --continue`` takes the fixed tree (and records the resolution) and goes
on; ``--abort`` forgets it. Every run recomputes the whole add from the same
inputs, so ``--continue`` gives what an add without the conflict would have.

Nothing is written unless every patch of the new series applies, the ones
after the insertion point included.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from xenpatch.core.model import Outcome
from xenpatch.core.patch import Patch, patch_paths
from xenpatch.core.patchcommit import subject_and_body
from xenpatch.core.progress import NoProgress, Progress
from xenpatch.core.queue import Queue
from xenpatch.core.rebasestate import Pending, RebaseState
from xenpatch.core.revs import PatchRecord, object_id
from xenpatch.engine import Stack, stack_message
from xenpatch.errors import BadInput, QueueError
from xenpatch.gitio.apply import TreePatcher
from xenpatch.gitio.commits import (
    RawCommit,
    first_tags,
    is_ancestor,
    range_commits,
    read_commits,
    refs_containing,
)
from xenpatch.gitio.diffs import commit_diffs, diff_trees, diffstat
from xenpatch.gitio.index import ApplyFailed
from xenpatch.gitio.merge import MergeResult, merge_trees
from xenpatch.gitio.objects import commit_tree, short
from xenpatch.gitio.repo import resolve, tree_of
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.pipeline.common import open_for_writing, require_base
from xenpatch.pipeline.importer import check_headers
from xenpatch.pipeline.rebase import refuse_if_pending
from xenpatch.pipeline.resolve import remove_worktree, take_resolution
from xenpatch.pipeline.seriescommits import (
    commit_patch,
    new_patch_name,
    patch_file_exists,
    series_commits,
)
from xenpatch.store import (
    Workspace,
    clear_state,
    load_state,
    next_rev_number,
    queue_digest,
    save_state,
)
from xenpatch.store.revwrite import write_series_rev

_OUTCOME = {"clean": Outcome.CLEAN, "merged": Outcome.MERGED, "resolved": Outcome.RESOLVED}


@dataclass(frozen=True)
class AddedPatch:
    name: str
    outcome: str  # "clean" (applies as it is), "merged" (3-way), "resolved" (by hand), "conflict"
    subject: str
    upstream_commit: str | None = None
    conflict_files: tuple[str, ...] = ()


@dataclass(frozen=True)
class AddResult:
    queue: str
    status: str  # "added", or "stopped" at a conflict
    rev: int
    after: str | None
    patches: tuple[AddedPatch, ...]
    timings: dict[str, float]


@dataclass
class _New:
    name: str
    patch: Patch
    outcome: str
    commit: str | None  # the upstream commit


@dataclass
class _Stop:
    index: int
    name: str
    merge: MergeResult
    head: ObjectId  # the stack the conflicting commit was merged onto


def add(workspace: Workspace, name: str, commits: Sequence[str] = (), patch_files: Sequence[str] = (),
        after: str | None = None, progress: Progress | None = None) -> AddResult:
    if bool(commits) == bool(patch_files):
        raise BadInput("add needs upstream commits (--upstream COMMIT...) or patch files (--patch FILE)",
                       "give one kind per add")
    with open_for_writing(workspace, name, "add") as opened:
        queue, git = opened.queue, opened.git
        refuse_if_pending(queue)
        base = require_base(queue)
        _check_after(queue, after)
        if commits:
            upstream = _upstream_commits(git, queue, base, commits)
            return _run(queue, git, upstream, [], after, {}, progress or NoProgress())
        files = [_patch_file(queue, f) for f in patch_files]
        return _run(queue, git, [], files, after, {}, progress or NoProgress())


def continue_add(workspace: Workspace, name: str, progress: Progress | None = None) -> AddResult:
    with open_for_writing(workspace, name, "add --continue") as opened:
        queue, git = opened.queue, opened.git
        state = _stopped(queue)
        if queue_digest(queue.root) != state.queue_digest:
            raise QueueError(f"the patches of '{name}' changed while the add was stopped",
                             f"undo those edits, or 'xenpatch add {name} --abort' and add again")
        assert state.pending is not None
        plan = state.plan
        commits = [ObjectId(object_id(c, "commit")) for c in plan.get("commits", [])]
        resolved = {int(k): ObjectId(object_id(v, "resolved tree")) for k, v in plan.get("resolved", {}).items()}
        after = plan.get("after")
        if after is not None and not isinstance(after, str):
            raise QueueError("the stopped add's state is corrupt", f"run 'xenpatch add {name} --abort'")
        resolved[state.pending.index] = take_resolution(workspace, git, queue, state.pending, state.new_head)
        _check_after(queue, after)
        result = _run(queue, git, read_commits(git, commits), [], after, resolved, progress or NoProgress())
        if result.status != "stopped":
            remove_worktree(workspace, git, name)
        return result


def abort_add(workspace: Workspace, name: str) -> RebaseState:
    with open_for_writing(workspace, name, "add --abort") as opened:
        state = _stopped(opened.queue)
        remove_worktree(workspace, opened.git, name)
        clear_state(opened.queue.root)
        return state


def _stopped(queue: Queue) -> RebaseState:
    state = load_state(queue.root)
    if state is None or state.kind != "add" or state.pending is None:
        if state is not None:
            raise QueueError(f"what is stopped in '{queue.name}' is a rebase, not an add",
                             f"use 'xenpatch rebase {queue.name} --continue' or --abort")
        raise QueueError(f"no add to '{queue.name}' is stopped at a conflict", "there is nothing to continue")
    return state


# ---------------------------------------------------------------- inputs


def _check_after(queue: Queue, after: str | None) -> None:
    if after is None:
        return
    if after not in queue.patches:
        raise BadInput(f"queue '{queue.name}' has no patch named {after}", "give --after a name from patches/series")
    if after not in queue.selected():
        raise BadInput(f"patch {after} is left out by the queue's guards", "add after a patch the guards select")


def _upstream_commits(git: Git, queue: Queue, base: str, specs: Sequence[str]) -> list[RawCommit]:
    wanted: list[ObjectId] = []
    for spec in specs:
        if ".." in spec and not spec.startswith("-"):
            left, _, right = spec.partition("..")
            if right.startswith("."):
                raise BadInput(f"'{spec}' is a symmetric range", "give A..B (the commits of B not in A)")
            rows = range_commits(git, resolve(git, left or "HEAD"), resolve(git, right or "HEAD"))
            if not rows:
                raise BadInput(f"the range {spec} holds no commits", "check the two ends")
            wanted += [c for c, _ in rows]
        else:
            wanted.append(resolve(git, spec))
    seen: set[str] = set()
    raws = read_commits(git, wanted)
    known = {p.git_commit.strip().lower(): n for n, p in queue.patches.items() if p.git_commit}
    for raw in raws:
        subject = subject_and_body(raw.text())[0]
        label = f"{short(raw.oid)} ('{subject}')"
        if raw.oid in seen:
            raise BadInput(f"commit {label} is given twice", "name each commit once")
        seen.add(raw.oid)
        holder = next((n for value, n in known.items() if len(value) >= 7 and raw.oid.startswith(value)), None)
        if holder is not None:
            raise BadInput(f"commit {label} is already in the queue as {holder} (its Git-commit header)",
                           "nothing to add; 'xenpatch checkout' and git edit it if it needs changing")
        if is_ancestor(git, raw.oid, base):
            raise BadInput(f"commit {label} is already in the queue's base {short(base)}",
                           "nothing to add; a backport is for a commit the base does not have")
        if not raw.parents:
            raise BadInput(f"commit {label} is a root commit", "a backport is a change on top of a parent commit")
        if len(raw.parents) > 1:
            raise BadInput(f"commit {label} is a merge commit", "add the commits it brings in, one by one (A..B)")
    return raws


def _patch_file(queue: Queue, path: str) -> tuple[str, Patch]:
    p = Path(path)
    if not p.is_file():
        raise BadInput(f"patch file {path} does not exist or is not a file", "give the path of the patch file")
    data = p.read_bytes()
    fname = p.name if p.name.endswith((".patch", ".diff")) else p.name + ".patch"
    patch = Patch.parse(data, fname)
    if not patch.diff.strip():
        raise BadInput(f"{path} contains no diff", "give a patch file (git format-patch mail, quilt patch or diff)")
    check_headers(fname, patch)
    if fname in queue.series or patch_file_exists(queue)(fname):
        raise BadInput(f"the queue already has a patch named {fname}", "rename the file, then add it")
    return fname, patch


def _mainline(git: Git, queue: Queue, commits: list[RawCommit]) -> dict[str, str]:
    tags = first_tags(git, [c.oid for c in commits])
    out: dict[str, str] = {}
    for c in commits:
        tag = tags.get(c.oid)
        if tag:
            out[c.oid] = tag
            continue
        holders = refs_containing(git, c.oid, ["refs/heads", "refs/remotes"])
        upstream = queue.config.upstream
        where = upstream if upstream in holders else (holders[0] if holders else "")
        out[c.oid] = f"Queued in {where}" if where else "Queued"
    return out


# ---------------------------------------------------------------- the add


def _run(queue: Queue, git: Git, upstream: list[RawCommit], files: list[tuple[str, Patch]], after: str | None,
         resolved: dict[int, ObjectId], progress: Progress) -> AddResult:
    t0 = time.perf_counter()
    base = require_base(queue)
    ordered = queue.ordered()
    strips = {n: queue.strip(n) for n, _ in ordered}
    old = series_commits(git, base, ordered, strips, progress)
    names = [n for n, _ in ordered]
    at = names.index(after) + 1 if after else len(names)
    head = old.stack.commits[at - 1] if at else ObjectId(base)
    tree = old.trees[at - 1] if at else tree_of(git, base)
    taken = set(queue.series.names())
    exists = patch_file_exists(queue)
    before = names[at - 1] if at else None
    added: list[_New] = []
    stop: _Stop | None = None
    mainline = _mainline(git, queue, upstream)
    diffs = commit_diffs(git, [c.oid for c in upstream])
    with TreePatcher(git) as sparse:
        for i, raw in enumerate(upstream):
            stat, diff = diffs[i]

            def build(d: bytes, s: bytes) -> Patch:
                p = commit_patch(raw, d, s, from_sha=raw.oid)
                return p.with_header("Patch-mainline", mainline[raw.oid]).with_header("Git-commit", raw.oid)

            patch = build(diff, stat)
            name = new_patch_name(patch, at + i + 1, before, taken, exists)
            outcome = "clean"
            try:
                new_tree = sparse.apply(tree, diff, patch_paths(patch), strip=1)
            except ApplyFailed:
                if i in resolved:
                    new_tree, outcome = resolved[i], "resolved"
                else:
                    merge = merge_trees(git, raw.parents[0], head, raw.oid)
                    if not merge.clean:
                        stop = _Stop(i, name, merge, head)
                        break
                    new_tree, outcome = merge.tree, "merged"
                if new_tree == tree:
                    subject = subject_and_body(raw.text())[0]
                    raise BadInput(f"commit {short(raw.oid)} ('{subject}') changes nothing on top of the queue",
                                   "it is in the queue already in another form; nothing to add")
                patch = build(diff_trees(git, tree, new_tree), diffstat(git, tree, new_tree))
            taken.add(name)
            head = commit_tree(git, new_tree, [head], stack_message(name, patch))
            tree, before = new_tree, name
            added.append(_New(name, patch, outcome, raw.oid))
        for fname, patch in files:
            try:
                sparse.apply(tree, patch.diff, patch_paths(patch), strip=1)
            except ApplyFailed as exc:
                first = str(exc).splitlines()[0] if str(exc) else "rejected"
                raise BadInput(f"{fname} does not apply {'after ' + before if before else 'to the base'}: {first}",
                               "refresh it on the queue (xenpatch checkout, git am -3, xenpatch commit), "
                               "or add the upstream commit with --upstream") from None
            added.append(_New(fname, patch, "clean", None))
            before = fname
    timings = {"add": time.perf_counter() - t0}
    rev = next_rev_number(queue.root)
    if stop is not None:
        return _stop(queue, git, upstream, after, resolved, added, stop, rev, timings)
    return _write(queue, git, old.stack, after, added, rev, timings, progress)


def _stop(queue: Queue, git: Git, upstream: list[RawCommit], after: str | None, resolved: dict[int, ObjectId],
          added: list[_New], stop: _Stop, rev: int, timings: dict[str, float]) -> AddResult:
    base = require_base(queue)
    pending = Pending(stop.index, stop.name, stop.merge.tree, stop.merge.conflicts)
    plan = {"queue": queue.name, "commits": [c.oid for c in upstream], "after": after,
            "resolved": {str(k): str(v) for k, v in sorted(resolved.items())}}
    save_state(queue.root, RebaseState(
        rev=rev, base=base, onto=base, onto_ref="add", stack=(), names=(), done=(), new_head=stop.head,
        pending=pending, queue_digest=queue_digest(queue.root), timings=timings, kind="add", plan=plan))
    raw = upstream[stop.index]
    patches = [AddedPatch(a.name, a.outcome, a.patch.summary, a.commit) for a in added]
    patches.append(AddedPatch(stop.name, "conflict", subject_and_body(raw.text())[0], raw.oid, stop.merge.conflicts))
    return AddResult(queue.name, "stopped", rev, after, tuple(patches), timings)


def _write(queue: Queue, git: Git, old_stack: Stack, after: str | None, added: list[_New], rev: int,
           timings: dict[str, float], progress: Progress) -> AddResult:
    t0 = time.perf_counter()
    base = require_base(queue)
    all_names = queue.series.names()
    at = all_names.index(after) + 1 if after else len(all_names)
    new_names = [a.name for a in added]
    series = queue.series.with_names(all_names[:at] + new_names + all_names[at:])
    patches = {**queue.patches, **{a.name: a.patch for a in added}}
    guards = frozenset(queue.config.guards) if queue.config.guards else None
    ordered = [(n, patches[n]) for n in series.names(guards)]
    try:
        built = series_commits(git, base, ordered, {n: series.strip(n) for n, _ in ordered}, progress,
                               what="the queue with the new patches")
    except BadInput as exc:
        raise BadInput(exc.message, "add the new patches at the end of the series (without --after), "
                                    "or after the patch they need") from None
    new = {a.name: a for a in added}
    records = []
    for (n, p), commit in zip(ordered, built.stack.commits):
        a = new.get(n)
        if a is None:
            records.append(PatchRecord(n, Outcome.CLEAN, p.subject or n, commit=str(commit), detail="unchanged"))
            continue
        how = {"clean": "applies as it is", "merged": "3-way merged onto the queue",
               "resolved": "conflict resolved by hand"}[a.outcome]
        detail = f"added: backport of {short(a.commit)}, {how}" if a.commit else "added: patch file"
        records.append(PatchRecord(n, _OUTCOME[a.outcome], p.subject or n, commit=str(commit),
                                   upstream_commit=a.commit, detail=detail))
    write_series_rev(git, queue, rev, lambda: old_stack, series, {a.name: a.patch.to_bytes() for a in added}, [],
                     built.stack, "add", "added", tuple(records), timings,
                     extra={"added": [a.name for a in added]})
    timings["write"] = time.perf_counter() - t0
    return AddResult(queue.name, "added", rev, after,
                     tuple(AddedPatch(a.name, a.outcome, a.patch.summary, a.commit) for a in added), timings)
