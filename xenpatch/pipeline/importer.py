"""``import``: load the out-of-tree change into a queue, verified against its base.

Every source ends the same way: a list of (file name, patch bytes), a base
commit, and a check that the patches apply to that base in order, exactly,
before anything is written.

Imports keep what they are given: a fork is one patch per commit (author,
date and message of each), ``--squash`` makes it one monolithic patch for
``split``; an mbox from ``git format-patch --base`` or b4 names its own base
(``base-commit:``); and when a patch carries no date of its own (a plain
diff), the import's date is recorded in ``state.json`` so that what is made
from it later (``split``, ``checkout``) has a real date, the same every time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from xenpatch.core.mbox import is_cover_letter, patch_file_name, split_mbox
from xenpatch.core.patch import Patch
from xenpatch.core.patchcommit import (
    mail_date,
    now_raw,
    raw_date,
)
from xenpatch.core.progress import Progress
from xenpatch.core.queue import Queue, QueueState
from xenpatch.core.series import Series
from xenpatch.engine.stack import remembered_stack
from xenpatch.errors import BadInput, QueueError, UnknownRef
from xenpatch.gitio.commits import is_ancestor, range_commits, read_commits
from xenpatch.gitio.diffs import commit_diffs, diff_trees, diffstat, numstat
from xenpatch.gitio.objects import short
from xenpatch.gitio.repo import commit_date, merge_base, resolve, tree_of
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.pipeline.common import open_for_writing
from xenpatch.pipeline.seriescommits import commit_patch, first_merge
from xenpatch.store import Workspace, stage_series, transaction
from xenpatch.store.paths import ARCHIVE, SERIES
from xenpatch.store.paths import patch_file as patch_path
from xenpatch.store.stackcache import StackCache


@dataclass(frozen=True)
class ImportResult:
    queue: str
    source: str
    base: str
    patches: tuple[str, ...]
    archived: tuple[str, ...]
    files: int
    insertions: int
    deletions: int


def _read(path: str, what: str) -> bytes:
    p = Path(path)
    if not p.is_file():
        raise BadInput(f"{what} {path} does not exist or is not a file", f"give the path of the {what}")
    return p.read_bytes()


def import_queue(
    workspace: Workspace,
    name: str,
    *,
    fork: str | None = None,
    patch_file: str | None = None,
    quilt_dir: str | None = None,
    mbox_file: str | None = None,
    base: str | None = None,
    replace: bool = False,
    squash: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    sources = [s for s in (fork, patch_file, quilt_dir, mbox_file) if s]
    if len(sources) != 1:
        raise BadInput("import needs exactly one of --fork, --patch, --quilt, --mbox", "pick the one source to load")
    if squash and not fork:
        raise BadInput("--squash is for --fork", "import a fork's change as one patch with --fork REF --squash")
    with open_for_writing(workspace, name, "import") as opened:
        return _import(opened.queue, opened.git, name, fork=fork, patch_file=patch_file, quilt_dir=quilt_dir,
                       mbox_file=mbox_file, base=base, replace=replace, squash=squash, progress=progress)


def _import(queue: Queue, git: Git, name: str, *, fork: str | None, patch_file: str | None, quilt_dir: str | None,
            mbox_file: str | None, base: str | None, replace: bool, squash: bool,
            progress: Progress | None) -> ImportResult:
    if queue.series.entries and not replace:
        raise QueueError(
            f"queue '{name}' already has {len(queue.series.entries)} patches",
            "pass --replace to archive them and import anew",
        )

    strips: dict[str, int] = {}
    parsed: dict[str, Patch] = {}  # quilt and mbox patches, parsed once while loading
    series: Series
    files: dict[str, bytes]
    if fork:
        fork_commit = resolve(git, fork)
        upstream_commit = resolve(git, queue.config.upstream)
        base_commit = resolve(git, base) if base else merge_base(git, fork_commit, upstream_commit)
        if base_commit is None:
            raise BadInput(f"{fork} shares no history with {queue.config.upstream}", "give the base with --base REF")
        if not squash:
            files, series = _fork_commits(git, fork, fork_commit, base_commit, parsed)
            source = f"fork {fork} ({fork_commit})"
        else:
            files, series = _fork_squashed(git, queue, name, fork, fork_commit, base_commit)
            source = f"fork {fork} ({fork_commit}), squashed"
    elif patch_file:
        data = _read(patch_file, "patch file")
        patch = Patch.parse(data, patch_file)
        fname = Path(patch_file).name
        if not fname.endswith((".patch", ".diff")):
            fname += ".patch"
        files = {fname: data}
        series = Series.parse(b"").append(fname)
        base_commit = _base(git, queue, base, [data], patch_file)
        source = f"patch {patch_file}"
    elif quilt_dir:
        qdir = Path(quilt_dir)
        series_path = qdir / "series"
        if not series_path.is_file():
            raise BadInput(f"{quilt_dir} has no series file", "give a quilt patches directory (with 'series')")
        series = Series.parse(series_path.read_bytes(), str(series_path))
        files = {}
        for entry in series.entries:
            path = qdir / entry.name
            if not path.is_file():
                raise BadInput(f"{series_path} names {entry.name}, which does not exist", "add the file or fix the series")
            data = path.read_bytes()
            parsed[entry.name] = Patch.parse(data, entry.name)
            files[entry.name] = data
            strips[entry.name] = series.strip(entry.name)
        base_commit = resolve(git, base or queue.config.upstream)
        source = f"quilt {quilt_dir}"
    else:
        assert mbox_file
        messages = split_mbox(_read(mbox_file, "mbox"), mbox_file)
        files = {}
        series = Series.parse(b"")
        index = 0
        for number, raw in enumerate(messages, 1):
            patch = Patch.parse(raw, mbox_file)
            if is_cover_letter(patch):
                continue
            if not patch.diff.strip():
                raise BadInput(f"{mbox_file}: message {number} ({patch.subject or 'no subject'!r}) has no diff",
                               "give an mbox of patches (git format-patch --stdout, b4 am); "
                               "replies and plain mails cannot be imported")
            index += 1
            fname = patch_file_name(patch, index)
            if fname in files:
                raise BadInput(f"{mbox_file} yields two patches named {fname}", "rename one of the subjects")
            files[fname] = raw
            parsed[fname] = patch
            series = series.append(fname)
        if not files:
            raise BadInput(f"{mbox_file} holds no patches (only a cover letter)", "give the mbox with the patches")
        base_commit = _base(git, queue, base, messages, mbox_file)
        source = f"mbox {mbox_file}"

    patches = [(n, parsed.get(n) or Patch.parse(files[n], n)) for n in series.names()]
    for n, p in patches:
        check_headers(n, p)
    # applying every patch verifies the import; the stack it gives is remembered for the
    # first forward-port (a pure function of the base and the patches' bytes)
    stack = remembered_stack(git, base_commit, patches, strips, StackCache(queue.root.parent.parent, name), progress)
    final_tree = tree_of(git, stack.head)

    archived: list[str] = []
    txn = transaction(queue.root)
    if queue.series.entries:
        # every old patch file is kept, also one that a new patch of the same name replaces
        stamp = txn.store.free_name(f"{ARCHIVE}/replaced-rev{queue.state.rev}", first=0)
        for old in queue.series.entries:
            txn.archive(patch_path(old.name), f"{stamp}/{old.name}")
            if old.name not in files:
                archived.append(old.name)
        txn.write(f"{stamp}/series", queue.series.to_bytes())
    elif txn.store.has(SERIES) or any(txn.store.has(patch_path(n)) for n in files):
        # an empty series, or files not named by it: keep whatever is about to be overwritten
        stamp = txn.store.free_name(f"{ARCHIVE}/replaced-rev{queue.state.rev}", first=0)
        for rel in [SERIES] + [patch_path(n) for n in sorted(files)]:
            if txn.store.has(rel):
                txn.archive(rel, f"{stamp}/{rel.rpartition('/')[2]}")
    undated = [n for n, p in patches if raw_date(p.date) is None]
    state = QueueState(base=str(base_commit), rev=queue.state.rev, source=source,
                       date=mail_date(now_raw()) if undated else "")
    stage_series(txn, series, files, state)

    stats = numstat(git, base_commit, final_tree)
    return ImportResult(
        queue=name,
        source=source,
        base=str(ObjectId(base_commit)),
        patches=tuple(series.names()),
        archived=tuple(archived),
        files=len(stats),
        insertions=sum(s[0] for s in stats),
        deletions=sum(s[1] for s in stats),
    )


def check_headers(name: str, patch: Patch) -> None:
    """Header values go into file names, mails and commits: a NUL byte there is refused."""
    for h in patch.headers:
        if b"\0" in h.raw:
            raise BadInput(f"patch {name}: its {h.name} header contains a NUL byte",
                           "fix the patch file (headers are one line of text each)")


_BASE_COMMIT = re.compile(rb"^base-commit:[ \t]*([0-9a-f]{40}|[0-9a-f]{64})[ \t]*\r?$", re.MULTILINE)


def _base(git: Git, queue: Queue, base: str | None, messages: list[bytes], source: str) -> ObjectId:
    """``--base``, else the ``base-commit:`` line git format-patch --base and b4 write, else upstream."""
    if base:
        return resolve(git, base)
    for message in messages:
        m = _BASE_COMMIT.search(message)
        if m:
            named = m.group(1).decode()
            try:
                return resolve(git, named)
            except UnknownRef:
                raise BadInput(f"{source} is based on {named[:12]} (its base-commit: line), which {git.path} "
                               f"does not have", "fetch that commit, or give the base with --base REF") from None
    return resolve(git, queue.config.upstream)


def _fork_commits(git: Git, fork: str, fork_commit: str, base_commit: str,
                  parsed: dict[str, Patch]) -> tuple[dict[str, bytes], Series]:
    """One patch per commit of a linear fork, with the commit's author, date and message."""
    if not is_ancestor(git, base_commit, fork_commit):
        raise BadInput(f"{fork} is not built on the base {base_commit[:12]}",
                       "give --base a commit the fork is built on, or import its difference as one patch (--squash)")
    rows = range_commits(git, base_commit, fork_commit)
    if not rows:
        raise BadInput(f"{fork} has no commits on top of its base {base_commit[:12]}", "check the fork ref")
    merge = first_merge(git, rows)
    if merge is not None:
        n, first, subject = merge
        raise BadInput(f"{fork} has {n} merge commit{'s' if n != 1 else ''} (first {short(first)} '{subject}')",
                       "import it as one patch with --squash (then split it), or make the fork linear (git rebase)")
    commits = [c for c, _ in rows]
    files: dict[str, bytes] = {}
    names: list[str] = []
    for k, (raw, (stat, diff)) in enumerate(zip(read_commits(git, commits), commit_diffs(git, commits)), 1):
        patch = commit_patch(raw, diff, stat, from_sha=raw.oid)
        fname = patch_file_name(patch, k)
        files[fname] = patch.to_bytes()
        parsed[fname] = patch
        names.append(fname)
    return files, Series.parse(b"").with_names(names)


def _fork_squashed(git: Git, queue: Queue, name: str, fork: str, fork_commit: str,
                   base_commit: str) -> tuple[dict[str, bytes], Series]:
    """The fork's whole change as one patch (what ``split`` cuts into a series), dated by the fork."""
    diff = diff_trees(git, base_commit, fork_commit)
    if not diff.strip():
        raise BadInput(f"{fork} has no changes against its base {base_commit[:12]}", "check the fork ref")
    ident = queue.config.identity
    patch = Patch.build(
        author=str(ident),
        date=commit_date(git, fork_commit),
        subject=f"{name}: out-of-tree changes from {fork}",
        body=(
            f"The out-of-tree change carried by {fork} ({fork_commit[:12]}) against\n"
            f"{base_commit[:12]}, as one patch. 'xenpatch split {name}' turns it into a\n"
            "reviewable series.\n\n"
            f"Signed-off-by: {ident}\n"
        ),
        diff=diff,
        diffstat=diffstat(git, base_commit, fork_commit),
    )
    fname = patch_file_name(patch, 1)
    return {fname: patch.to_bytes()}, Series.parse(b"").append(fname)
