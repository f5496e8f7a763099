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

from xenpatch.core.model import Outcome
from xenpatch.core.patch import Patch
from xenpatch.core.queue import Queue, QueueState, digest_files
from xenpatch.core.revs import PatchRecord, RevRecord
from xenpatch.core.series import Series
from xenpatch.gitio.repo import describe_contains, diff_trees, diffstat
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.writes import commit_tree, snapshot_tree
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


def _without_index_lines(diff: bytes) -> bytes:
    return b"".join(line for line in diff.splitlines(keepends=True) if not line.startswith(b"index "))


def _is_pure_diffstat(notes: bytes) -> bool:
    lines = [line for line in notes.splitlines() if line.strip()]
    return bool(lines) and all(_STAT_LINE.match(line) for line in lines)


def refresh_patch(git: Git, patch: Patch, old_commit: str, new_commit: str, strip: int) -> Patch:
    """The patch with its diff regenerated between two stack commits.

    Headers and message stay byte-identical; when the regenerated diff equals the
    old one (apart from blob ids) the old bytes are kept, so an unchanged patch
    does not churn in the user's history. A diffstat is regenerated only when
    the notes are nothing but a diffstat.
    """
    new_diff = diff_trees(git, old_commit, new_commit, no_prefix=strip == 0)
    if _without_index_lines(new_diff) == _without_index_lines(patch.diff):
        return patch
    notes = None
    if patch.notes and _is_pure_diffstat(patch.notes):
        notes = diffstat(git, old_commit, new_commit) + b"\n"
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
            refreshed = refresh_patch(git, patch, new_prev, rec.commit, queue.strip(name))
            if refreshed is not patch:
                txn.write(paths.patch_file(name), refreshed.to_bytes())
                files[paths.patch_file(name)] = refreshed.to_bytes()
            new_prev = ObjectId(rec.commit)
        state = QueueState(base=str(onto), rev=rev, source=queue.state.source)
        txn.write(paths.SERIES, series.to_bytes())
        txn.write(paths.STATE, state.to_bytes())
        files[paths.SERIES] = series.to_bytes()
        files[paths.STATE] = state.to_bytes()
    snapshot = commit_tree(git, snapshot_tree(git, files), [], f"xenpatch: {queue.name} rev {rev} files\n".encode())
    record = RevRecord(
        rev=rev, queue=queue.name, base=str(stack.base), onto=str(onto), onto_ref=onto_ref, status=status,
        patches=records, stack=str(head), timings={k: round(v, 3) for k, v in sorted(timings.items())},
        extra={**(extra or {}), "files": str(snapshot), "digest_after": digest_files(files)},
    )
    refs = txn.refs(git)
    refs.update(paths.rev_ref(queue.name, rev), head)
    refs.update(paths.rev_files_ref(queue.name, rev), snapshot)
    stage_rev(txn, record, timings, logs)
    txn.delete_private(paths.REBASE_STATE)
    return record


def _free_archive(store: QueueStore, rev: int, name: str) -> str:
    """``archive/rev-NNNN/NAME``; a second drop of the same name at the same rev gets its own folder."""
    rel = paths.rev_archive(rev, name)
    if not store.has(rel):
        return rel
    return store.free_name(f"{paths.ARCHIVE}/rev-{rev:04d}", first=2, sep=".") + f"/{name}"


def _record_initial(git: Git, queue: Queue, stack: StackLike, txn: StoreTransaction,
                    files: dict[str, bytes]) -> None:
    """Rev 0: the queue as it was before its first forward-port."""
    snapshot = commit_tree(git, snapshot_tree(git, files), [], f"xenpatch: {queue.name} rev 0 files\n".encode())
    records = tuple(
        PatchRecord(name, Outcome.CLEAN, queue.patches[name].subject or name, commit=str(commit))
        for name, commit in zip(stack.names, stack.commits)
    )
    record = RevRecord(rev=0, queue=queue.name, base=str(stack.base), onto=str(stack.base),
                       onto_ref=queue.state.source or "import", status="imported", patches=records,
                       stack=str(stack.head), extra={"files": str(snapshot)})
    refs = txn.refs(git)
    refs.update(paths.rev_ref(queue.name, 0), stack.head)
    refs.update(paths.rev_files_ref(queue.name, 0), snapshot)
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
        if "/" not in name:  # the queue's files are those directly in patches/ (QueueStore.files)
            files[paths.patch_file(name)] = data
    state = replace(queue.state, rev=rev)
    txn.write(paths.SERIES, series.to_bytes())
    txn.write(paths.STATE, state.to_bytes())
    files[paths.SERIES] = series.to_bytes()
    files[paths.STATE] = state.to_bytes()
    snapshot = commit_tree(git, snapshot_tree(git, files), [], f"xenpatch: {queue.name} rev {rev} files\n".encode())
    record = RevRecord(
        rev=rev, queue=queue.name, base=str(stack.base), onto=str(stack.base), onto_ref=onto_ref, status=status,
        patches=records, stack=str(stack.head), timings={k: round(v, 3) for k, v in sorted(timings.items())},
        extra={**(extra or {}), "archived": archived, "files": str(snapshot), "digest_after": digest_files(files)},
    )
    refs = txn.refs(git)
    refs.update(paths.rev_ref(queue.name, rev), stack.head)
    refs.update(paths.rev_files_ref(queue.name, rev), snapshot)
    stage_rev(txn, record, timings)
    txn.delete_private(paths.REBASE_STATE)
    return record
