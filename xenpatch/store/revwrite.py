"""Writing a rev: refreshed patches, archived drops, series, state, record, refs.

All of it is staged in the writing session's one transaction: the refs go first
when it commits, then every queue file through the journal. Each rev also stores
a snapshot of the queue's files as a git tree under ``refs/xenpatch/NAME/rev-N-files``,
so any earlier rev's exact patch files can be recovered even when the queue
folder is not under version control.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Callable, Protocol, Sequence

from xenpatch.core.diff import diffstat as stat_of
from xenpatch.core.diff import without_index_lines
from xenpatch.core.model import Outcome
from xenpatch.core.patch import Patch
from xenpatch.core.queue import Queue, QueueState, digest_files
from xenpatch.core.revs import PatchRecord, RevRecord
from xenpatch.core.series import Series
from xenpatch.gitio.diffs import diff_pairs, diff_trees, diffstat
from xenpatch.gitio.objects import commit_tree, snapshot_tree
from xenpatch.gitio.repo import describe_contains
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.store import paths
from xenpatch.store.queue_store import QueueStore, StoreTransaction, session_of
from xenpatch.store.records import stage_rev

_STAT_LINE = re.compile(rb"^( .+ \| +(\d+ ?[+-]*|Bin .*)| \d+ files? changed.*| (create|delete|rename|mode|copy) .*)$")


class StackLike(Protocol):
    """What a rev needs of a forward-ported stack (the engine's ``Stack``)."""

    @property
    def base(self) -> ObjectId: ...

    @property
    def commits(self) -> Sequence[ObjectId]: ...

    @property
    def names(self) -> Sequence[str]: ...

    @property
    def head(self) -> ObjectId: ...


def _is_pure_diffstat(notes: bytes) -> bool:
    lines = [line for line in notes.splitlines() if line.strip()]
    return bool(lines) and all(_STAT_LINE.match(line) for line in lines)


def refresh_patch(git: Git, patch: Patch, old_commit: str, new_commit: str, strip: int,
                  new_diff: bytes | None = None, new_stat: bytes | None = None) -> Patch:
    """The patch with its diff regenerated between two stack commits (``new_diff``: already computed).

    Headers and message stay byte-identical; when the regenerated diff equals the
    old one (apart from blob ids) the old bytes are kept, so an unchanged patch
    does not churn in the user's history. A diffstat is regenerated only when
    the notes are nothing but a diffstat.
    """
    if new_diff is None:
        new_diff = diff_trees(git, old_commit, new_commit, no_prefix=strip == 0)
    if without_index_lines(new_diff) == without_index_lines(patch.diff):
        return patch
    notes = None
    if patch.notes and _is_pure_diffstat(patch.notes):
        notes = (new_stat if new_stat is not None else diffstat(git, old_commit, new_commit)) + b"\n"
    return patch.with_diff(new_diff, notes)


def mark_upstream(git: Git, patch: Patch, commit: str | None, onto_ref: str) -> Patch:
    version = (describe_contains(git, commit) if commit else None) or onto_ref
    marked = patch.with_header("Patch-mainline", version)
    if commit:
        marked = marked.with_header("Git-commit", commit)
    return marked


def write_rev(
    git: Git,
    queue: Queue,
    rev: int,
    stack: StackLike,
    onto: str,
    onto_ref: str,
    records: tuple[PatchRecord, ...],
    head: str,
    status: str,
    timings: dict[str, float],
    advance: bool = True,
    extra: dict[str, Any] | None = None,
    logs: dict[str, bytes] | None = None,
) -> RevRecord:
    """Stage rev ``rev``; with ``advance`` the queue's files move to the new base.

    The caller holds the queue's writing session; the rev is written when it commits.
    """
    session = session_of(queue.root)
    store, txn = session.store, session.txn
    files = store.files()
    if not store.has(paths.rev_file(0)):
        _record_initial(git, queue, stack, txn, files)
    if advance:
        series = queue.series
        new_prev = ObjectId(onto)
        by_name = {rec.name: rec for rec in records}
        regenerated, stats = _regenerated_diffs(git, queue, stack.names, by_name, ObjectId(onto))
        for name in stack.names:
            rec = by_name[name]
            patch = queue.patches[name]
            if rec.outcome is Outcome.DROPPED_UPSTREAM:
                marked = mark_upstream(git, patch, rec.upstream_commit, onto_ref)
                archived = _free_archive(store, rev, name)
                txn.archive(paths.patch_file(name), archived)
                txn.write(archived, marked.to_bytes())
                series = series.without(name)
                files.pop(paths.patch_file(name), None)
                continue
            assert rec.commit is not None
            refreshed = refresh_patch(git, patch, new_prev, rec.commit, queue.strip(name), regenerated.get(name),
                                      stats.get(name))
            if refreshed is not patch:
                txn.write(paths.patch_file(name), refreshed.to_bytes())
                files[paths.patch_file(name)] = refreshed.to_bytes()
            new_prev = ObjectId(rec.commit)
        _stage_series(txn, files, series, QueueState(base=str(onto), rev=rev, source=queue.state.source))
    record = RevRecord(
        rev=rev, queue=queue.name, base=str(stack.base), onto=str(onto), onto_ref=onto_ref, status=status,
        patches=records, stack=str(head), timings={k: round(v, 3) for k, v in sorted(timings.items())},
        extra=dict(extra or {}),
    )
    return _stage_record(git, queue, txn, files, record, timings, logs)


def _stage_series(txn: StoreTransaction, files: dict[str, bytes], series: Series, state: QueueState) -> None:
    """The new series and state, in the transaction and in the files the rev's snapshot holds."""
    for rel, data in ((paths.SERIES, series.to_bytes()), (paths.STATE, state.to_bytes())):
        txn.write(rel, data)
        files[rel] = data


def _stage_record(git: Git, queue: Queue, txn: StoreTransaction, files: dict[str, bytes], record: RevRecord,
                  timings: dict[str, float], logs: dict[str, bytes] | None = None) -> RevRecord:
    """The rev's snapshot of the queue's files, its refs and its record, staged; a stopped rebase's
    state goes with it."""
    snapshot = _stage_refs(git, queue, txn, files, record.rev, record.stack or "")
    record = replace(record, extra={**record.extra, "files": str(snapshot), "digest_after": digest_files(files)})
    stage_rev(txn, record, timings, logs)
    txn.delete_private(paths.REBASE_STATE)
    return record


def _stage_refs(git: Git, queue: Queue, txn: StoreTransaction, files: dict[str, bytes], rev: int,
               stack: str) -> ObjectId:
    """Rev ``rev``'s refs staged: its stack, and a snapshot commit of the queue's files (returned)."""
    snapshot = commit_tree(git, snapshot_tree(git, files), [], f"xenpatch: {queue.name} rev {rev} files\n".encode())
    refs = txn.refs(git)
    refs.update(paths.rev_ref(queue.name, rev), stack)
    refs.update(paths.rev_files_ref(queue.name, rev), snapshot)
    return snapshot


def _regenerated_diffs(git: Git, queue: Queue, names: Sequence[str], by_name: dict[str, PatchRecord],
                       onto: ObjectId) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Every applied patch's diff on the new stack, from one ``diff-tree`` per strip level, and the
    diffstat of each patch whose diff changed and whose notes are a diffstat (one more)."""
    pairs: dict[bool, list[tuple[str, str, str]]] = {}
    prev = str(onto)
    for name in names:
        rec = by_name[name]
        if rec.outcome is Outcome.DROPPED_UPSTREAM or rec.commit is None:
            continue
        pairs.setdefault(queue.strip(name) == 0, []).append((name, prev, rec.commit))
        prev = rec.commit
    out: dict[str, bytes] = {}
    for no_prefix, group in pairs.items():
        diffs = diff_pairs(git, [(old, new) for _, old, new in group], no_prefix=no_prefix)
        out.update({name: diff for (name, _, _), diff in zip(group, diffs)})
    restat = [(name, old, new) for group in pairs.values() for name, old, new in group
              if queue.patches[name].notes and _is_pure_diffstat(queue.patches[name].notes)
              and without_index_lines(out[name]) != without_index_lines(queue.patches[name].diff)]
    # the diffstat of a text diff is computed from it (core.diff.diffstat writes git's --stat=72
    # --summary); a binary one needs git (its sizes are not in a delta)
    stats = {name: stat_of(out[name]) for name, _, _ in restat if b"GIT binary patch" not in out[name]}
    binary = [(name, old, new) for name, old, new in restat if name not in stats]
    stats.update(zip([n for n, _, _ in binary], diff_pairs(git, [(old, new) for _, old, new in binary], stat=True)))
    return out, stats


def _free_archive(store: QueueStore, rev: int, name: str) -> str:
    """``archive/rev-NNNN/NAME``; a second drop of the same name at the same rev gets its own folder."""
    rel = paths.rev_archive(rev, name)
    if not store.has(rel):
        return rel
    return store.free_name(f"{paths.ARCHIVE}/rev-{rev:04d}", first=2, sep=".") + f"/{name}"


def _record_initial(git: Git, queue: Queue, stack: StackLike, txn: StoreTransaction,
                    files: dict[str, bytes]) -> None:
    """Rev 0: the queue as it was before its first forward-port."""
    snapshot = _stage_refs(git, queue, txn, files, 0, stack.head)
    records = tuple(
        PatchRecord(name, Outcome.CLEAN, queue.patches[name].subject or name, commit=str(commit))
        for name, commit in zip(stack.names, stack.commits)
    )
    record = RevRecord(rev=0, queue=queue.name, base=str(stack.base), onto=str(stack.base),
                       onto_ref=queue.state.source or "import", status="imported", patches=records,
                       stack=str(stack.head), extra={"files": str(snapshot)})
    txn.write(paths.rev_file(0), record.to_bytes())


def write_series_rev(
    git: Git,
    queue: Queue,
    rev: int,
    old_stack: Callable[[], StackLike],
    series: Series,
    written: dict[str, bytes],
    removed: Sequence[str],
    stack: StackLike,
    onto_ref: str,
    status: str,
    records: tuple[PatchRecord, ...],
    timings: dict[str, float],
    extra: dict[str, Any] | None = None,
) -> RevRecord:
    """Stage a rev that edits the series on the same base (``commit``, ``add``).

    ``written`` are the patch files that are new or changed, ``removed`` the
    patches that leave the series (moved to ``archive/rev-NNNN/``, never
    deleted), ``stack`` the new series as commits and ``old_stack`` gives the
    series before (recorded as rev 0 when the queue has no rev yet).
    """
    session = session_of(queue.root)
    store, txn = session.store, session.txn
    files = store.files()
    if not store.has(paths.rev_file(0)):
        _record_initial(git, queue, old_stack(), txn, files)
    archived: dict[str, str] = {}
    for name in removed:
        archived[name] = _free_archive(store, rev, name)
        txn.archive(paths.patch_file(name), archived[name])
        files.pop(paths.patch_file(name), None)
    for name, data in sorted(written.items()):
        txn.write(paths.patch_file(name), data)
        files[paths.patch_file(name)] = data  # in subdirectories too (QueueStore.files)
    _stage_series(txn, files, series, replace(queue.state, rev=rev))
    record = RevRecord(
        rev=rev, queue=queue.name, base=str(stack.base), onto=str(stack.base), onto_ref=onto_ref, status=status,
        patches=records, stack=str(stack.head), timings={k: round(v, 3) for k, v in sorted(timings.items())},
        extra={**(extra or {}), "archived": archived},
    )
    return _stage_record(git, queue, txn, files, record, timings)
