"""Writing a rev: refreshed patches, archived drops, series, state, record, refs.

Refs go first (a ref to a rev whose record never got written is harmless and
is overwritten by the next attempt), then every queue file in one journaled
transaction. Each rev also stores a snapshot of the queue's files as a git
tree under ``refs/xenpatch/NAME/rev-N-files``, so any earlier rev's exact patch
files can be recovered even when the queue folder is not under version control.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from xenpatch.core.atomic import Transaction
from xenpatch.core.model import Outcome
from xenpatch.core.patch import Patch
from xenpatch.core.queue import Queue, QueueState, digest_files, queue_files
from xenpatch.core.resolutions import Resolution, parse as parse_resolution
from xenpatch.core.revs import PatchRecord, RevRecord, rev_file, rev_ref, timings_bytes, timings_file
from xenpatch.gitio.repo import describe_contains, diff_trees, diffstat
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.writes import RefTransaction, commit_tree, snapshot_tree
from xenpatch.engine.stack import Stack
from xenpatch.pipeline.rebase_state import STATE_NAME

_STAT_LINE = re.compile(rb"^( .+ \| +(\d+ ?[+-]*|Bin .*)| \d+ files? changed.*| (create|delete|rename|mode|copy) .*)$")


def load_resolutions(queue_root: Path) -> dict[str, Resolution]:
    table: dict[str, Resolution] = {}
    rdir = queue_root / "resolutions"
    if rdir.is_dir():
        for path in sorted(rdir.glob("*.resolution")):
            res = parse_resolution(path.read_bytes(), str(path))
            table[res.key] = res
    return table


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
    stack: Stack,
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
    """Record rev ``rev``; with ``advance`` the queue's files move to the new base."""
    txn = Transaction(queue.root)
    files = queue_files(queue.root)
    refs = RefTransaction(git)
    if not (queue.root / rev_file(0)).exists():
        _record_initial(git, queue, stack, txn, refs, files)
    if advance:
        series = queue.series
        new_prev = ObjectId(onto)
        by_name = {rec.name: rec for rec in records}
        for i, name in enumerate(stack.names):
            rec = by_name[name]
            patch = queue.patches[name]
            if rec.outcome is Outcome.DROPPED_UPSTREAM:
                marked = mark_upstream(git, patch, rec.upstream_commit, onto_ref)
                txn.archive(f"patches/{name}", f"archive/rev-{rev:04d}/{name}")
                txn.write(f"archive/rev-{rev:04d}/{name}", marked.to_bytes())
                series = series.without(name)
                files.pop(f"patches/{name}", None)
                continue
            assert rec.commit is not None
            refreshed = refresh_patch(git, patch, new_prev, rec.commit, queue.strip(name))
            if refreshed is not patch:
                txn.write(f"patches/{name}", refreshed.to_bytes())
                files[f"patches/{name}"] = refreshed.to_bytes()
            new_prev = ObjectId(rec.commit)
        state = QueueState(base=str(onto), rev=rev, source=queue.state.source)
        txn.write("patches/series", series.to_bytes())
        txn.write("state.json", state.to_bytes())
        files["patches/series"] = series.to_bytes()
        files["state.json"] = state.to_bytes()
    snapshot = commit_tree(git, snapshot_tree(git, files), [], f"xenpatch: {queue.name} rev {rev} files\n".encode())
    record = RevRecord(
        rev=rev, queue=queue.name, base=str(stack.base), onto=str(onto), onto_ref=onto_ref, status=status,
        patches=records, stack=str(head), timings={k: round(v, 3) for k, v in sorted(timings.items())},
        extra={**(extra or {}), "files": str(snapshot), "digest_after": digest_files(files)},
    )
    refs.update(rev_ref(queue.name, rev), head)
    refs.update(rev_ref(queue.name, rev) + "-files", snapshot)
    refs.commit()
    txn.write(rev_file(rev), record.to_bytes())
    txn.write(timings_file(rev), timings_bytes(timings))
    for log_name, data in sorted((logs or {}).items()):
        txn.write(f"revs/rev-{rev:04d}.{log_name}", data)
    if (queue.root / STATE_NAME).exists():
        txn.delete_own(STATE_NAME)
    txn.commit()
    return record


def _record_initial(git: Git, queue: Queue, stack: Stack, txn: Transaction, refs: RefTransaction,
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
    refs.update(rev_ref(queue.name, 0), stack.head)
    refs.update(rev_ref(queue.name, 0) + "-files", snapshot)
    txn.write(rev_file(0), record.to_bytes())
