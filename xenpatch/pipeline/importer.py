"""``import``: load the out-of-tree change into a queue, verified against its base.

Every source ends the same way: a list of (file name, patch bytes), a base
commit, and a check that the patches apply to that base in order, exactly,
before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xenpatch.core.mbox import is_cover_letter, patch_file_name, split_mbox
from xenpatch.core.patch import Patch
from xenpatch.core.queue import Queue, QueueState
from xenpatch.core.series import Series
from xenpatch.errors import BadInput, QueueError
from xenpatch.gitio.repo import commit_date, diff_trees, diffstat, merge_base, numstat, resolve
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.pipeline.common import apply_series, open_for_writing
from xenpatch.pipeline.progress import Progress
from xenpatch.store import Workspace, stage_series, transaction
from xenpatch.store.paths import ARCHIVE, SERIES, patch_file as patch_path


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
    progress: Progress | None = None,
) -> ImportResult:
    sources = [s for s in (fork, patch_file, quilt_dir, mbox_file) if s]
    if len(sources) != 1:
        raise BadInput("import needs exactly one of --fork, --patch, --quilt, --mbox", "pick the one source to load")
    with open_for_writing(workspace, name, "import") as opened:
        return _import(opened.queue, opened.git, name, fork=fork, patch_file=patch_file, quilt_dir=quilt_dir,
                       mbox_file=mbox_file, base=base, replace=replace, progress=progress)


def _import(queue: Queue, git: Git, name: str, *, fork: str | None, patch_file: str | None, quilt_dir: str | None,
            mbox_file: str | None, base: str | None, replace: bool, progress: Progress | None) -> ImportResult:
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
        files = {fname: patch.to_bytes()}
        series = Series.parse(b"").append(fname)
        source = f"fork {fork} ({fork_commit})"
    elif patch_file:
        data = _read(patch_file, "patch file")
        patch = Patch.parse(data, patch_file)
        fname = Path(patch_file).name
        if not fname.endswith((".patch", ".diff")):
            fname += ".patch"
        files = {fname: data}
        series = Series.parse(b"").append(fname)
        base_commit = resolve(git, base or queue.config.upstream)
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
        base_commit = resolve(git, base or queue.config.upstream)
        source = f"mbox {mbox_file}"

    patches = [(n, parsed.get(n) or Patch.parse(files[n], n)) for n in series.names()]
    for n, p in patches:
        check_headers(n, p)
    trees = apply_series(git, base_commit, patches, strips, progress, what=f"base {base_commit[:12]}")
    final_tree = trees[-1] if trees else base_commit

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
    state = QueueState(base=str(base_commit), rev=queue.state.rev, source=source)
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
