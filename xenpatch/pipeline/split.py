"""``split``: one monolithic patch of a queue -> a reviewable, bisectable series, verified.

Flow (costs grow with the patch, not with the tree):

1. validate everything the user gave (rules, the patch choice, the check mode)
   before any work, so bad input leaves the queue untouched;
2. compute the tree the patch produces: apply it to a *partial* index holding
   only the paths it touches, then let fast-import turn the result into a full
   tree; a patch that does not apply is a one-line error;
3. take git's canonical diff from the base tree to that tree, cut it into units,
   read MAINTAINERS from the result, and plan the series (``core.splitplan``);
4. build every intermediate tree in one ``git fast-import`` run (the stack is
   recorded at ``refs/xenpatch/<queue>/split``), print all patch diffs from one
   ``diff-tree --stdin``, and build format-patch style files;
5. verify, always: the last tree equals the monolithic result, and the patch
   files themselves, applied in order to the base (exactly: no offset, no fuzz),
   reproduce it; optionally run ``--check CMD`` over the prefixes;
6. write the queue in one transaction: the monolithic patch and the old series
   are archived under ``archive/split-<n>/``, the new patch files and series
   written; ``state.json`` (the base) is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from xenpatch.core.maintainers import index as maint_index
from xenpatch.core.maintainers import parse_maintainers
from xenpatch.core.mbox import patch_file_name
from xenpatch.core.patch import Patch, patch_paths
from xenpatch.core.patchcommit import mail_date, raw_date
from xenpatch.core.progress import NoProgress, Progress
from xenpatch.core.queue import Queue
from xenpatch.core.splitmsg import Message, messages
from xenpatch.core.splitplan import DIFF_BUDGET, MAIL_LIMIT, Plan, plan_split
from xenpatch.core.splitrules import Rule, parse_rules, parse_rules_text
from xenpatch.core.splitunits import Unit, apply_hunks, new_file_dirs, units_of_diff
from xenpatch.core.symbols import display
from xenpatch.engine.stack import apply_series
from xenpatch.errors import BadInput, QueueError, XenpatchError
from xenpatch.gitio.apply import TreePatcher
from xenpatch.gitio.diffs import changed_names, diff_trees, stack_diffs
from xenpatch.gitio.index import ApplyFailed, PrivateIndex
from xenpatch.gitio.objects import ObjectReader, commit_tree
from xenpatch.gitio.refs import RefTransaction
from xenpatch.gitio.repo import resolve, tree_of
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.stack import FileWrite, StackStep, write_stack
from xenpatch.gitio.stack import ident as stack_ident
from xenpatch.gitio.trees import TreeWalker
from xenpatch.pipeline.checkrun import CheckReport, CheckRunner, first_bad, worktree_dir
from xenpatch.pipeline.common import open_for_writing, require_base
from xenpatch.pipeline.seriescommits import fallbacks
from xenpatch.store import QueueStore, Workspace, transaction
from xenpatch.store.paths import (
    ARCHIVE,
    SERIES,
    patch_file,
    split_pending_ref,
    split_ref,
)


@dataclass(frozen=True)
class SplitPatch:
    name: str
    subject: str
    files: tuple[str, ...]
    insertions: int
    deletions: int
    depends_on: tuple[str, ...]
    bytes: int = 0
    topic: str = ""


@dataclass(frozen=True)
class SplitPlacement:
    unit: str
    patch: str
    topic: str
    reason: str


@dataclass(frozen=True)
class SplitEdge:
    patch: str  # the later patch
    depends_on: str  # the earlier patch it needs
    symbols: tuple[str, ...]


@dataclass(frozen=True)
class SplitCycle:
    """Topics (merged into one group) or units (kept in one patch) that need each other."""

    kind: str  # "topics" or "units"
    members: tuple[str, ...]
    symbols: tuple[str, ...]
    patch: str  # the (first) patch that holds them


@dataclass(frozen=True)
class SplitOversize:
    patch: str
    unit: str
    lines: int
    bytes: int
    reason: str


@dataclass(frozen=True)
class Explain:
    placements: tuple[SplitPlacement, ...]
    edges: tuple[SplitEdge, ...]


@dataclass(frozen=True)
class SplitResult:
    queue: str
    source: str  # the patch that was split
    base: str  # the tree the series applies to
    tree: str  # the tree the series (and the monolithic patch) produce
    patches: tuple[SplitPatch, ...]
    verified: bool
    verify_error: str
    written: bool
    archived: tuple[str, ...]
    stack: str  # ref recording the series as commits ("" when not written)
    max_lines: int
    oversized: tuple[SplitOversize, ...]
    cycles: tuple[SplitCycle, ...]
    check: CheckReport | None
    explain: Explain | None


# ---------------------------------------------------------------- inputs

def load_rules(queue: Queue, rules_file: str | None) -> tuple[list[Rule], str]:
    """Rules from ``--rules FILE``, else queue.toml (inline or a file next to it), else none."""
    if rules_file:
        path = Path(rules_file)
        if not path.is_file():
            raise BadInput(f"rules file {rules_file} does not exist", "give the path of a TOML rules file")
        return parse_rules_text(path.read_bytes(), str(path)), str(path)
    if queue.config.rules_file:
        # a file of the queue: read inside it, never through a link (the name was checked with the config)
        path = queue.root / queue.config.rules_file
        data = QueueStore.at(queue.root).read(queue.config.rules_file)
        if data is None:
            raise BadInput(f"{queue.root / 'queue.toml'} names rules file {queue.config.rules_file}, which does not exist",
                           "fix [split] rules in queue.toml")
        return parse_rules_text(data, str(path)), str(path)
    if queue.config.rules:
        where = f"{queue.root / 'queue.toml'} [split]"
        return parse_rules(list(queue.config.rules), where), where
    return [], ""


def _choose(queue: Queue, patch: str | None) -> str:
    names = queue.selected()
    if patch:
        if patch not in queue.patches:
            raise BadInput(f"queue '{queue.name}' has no patch named {patch}",
                           "give a name from the series file (xenpatch log or patches/series)")
        if patch not in names:
            raise BadInput(f"patch {patch} is not selected by the queue's guards", "choose an active patch")
        return patch
    if not names:
        raise QueueError(f"queue '{queue.name}' has no patches",
                         f"import the out-of-tree change first: xenpatch import {queue.name} --fork REF")
    if len(names) > 1:
        raise BadInput(f"queue '{queue.name}' has {len(names)} patches; which one to split?",
                       "name it with --patch NAME")
    return names[0]


def split_date(git: Git, queue: Queue, mono: Patch, base: str) -> tuple[str, str]:
    """The date of the split patches (mail form, raw form): the monolithic patch's own (a fork's
    author date when it was imported with --squash); for a patch without one (a plain diff), the
    date its import recorded, else the base commit's. Never the epoch, and the same every run."""
    raw = raw_date(mono.date)
    if raw is not None and mono.date:
        return mono.date, raw
    raw = fallbacks(git, queue, base).date
    return mail_date(raw), raw


def _target_tree(git: Git, base_tree: str, patch: Patch, strip: int, label: str) -> ObjectId:
    """The tree ``patch`` produces on the base, at a cost proportional to the patch."""
    with TreePatcher(git) as patcher:
        try:
            return patcher.apply(base_tree, patch.diff, patch_paths(patch, strip), strip=strip)
        except ApplyFailed:
            pass
    # git's own words for why it does not apply
    trees = apply_series(git, base_tree, [(label, patch)], {label: strip}, what=f"its base {base_tree[:12]}")
    return trees[-1]


# ---------------------------------------------------------------- building

def _steps(plan: Plan, units: dict[int, Unit], msgs: list[bytes], reader: ObjectReader, base_tree: str,
           base_entries: dict[str, tuple[str, str]], target_entries: dict[str, tuple[str, str]]) -> list[StackStep]:
    hunks_total: dict[str, int] = {}
    for u in units.values():
        if not u.whole:
            hunks_total[u.path] = hunks_total.get(u.path, 0) + 1
    applied: dict[str, list[Unit]] = {}
    steps: list[StackStep] = []
    for p, msg in zip(plan.patches, msgs):
        writes: dict[str, FileWrite] = {}
        for uid in p.units:
            u = units[uid]
            if u.whole:
                if u.old_path and u.old_path != u.path and u.status == "renamed" or u.status == "deleted":
                    gone = u.old_path or u.path
                    writes.setdefault(gone, FileWrite(gone))
                if u.status != "deleted":
                    mode, oid = target_entries[u.path]
                    writes[u.path] = FileWrite(u.path, mode, oid=oid)
                continue
            applied.setdefault(u.path, []).append(u)
        for path in sorted({units[uid].path for uid in p.units if not units[uid].whole}):
            done = applied[path]
            if len(done) == hunks_total[path]:
                mode, oid = target_entries[path]
                writes[path] = FileWrite(path, mode, oid=oid)
            else:
                mode, oid = base_entries[path]
                data = apply_hunks(reader.blob(oid), done, path)
                writes[path] = FileWrite(path, mode, data=data)
        steps.append(StackStep(msg, tuple(writes[k] for k in sorted(writes))))
    return steps


def _verify(git: Git, base_tree: str, target: str, last_tree: str, files: list[Patch], names: list[str],
            progress: Progress) -> str:
    """'' when the series reproduces ``target`` exactly, else what went wrong."""
    if last_tree != target:
        return f"the last patch's tree {last_tree[:12]} differs from the monolithic result {target[:12]}"
    paths = sorted({p for f in files for ch in f.files for p in (ch.old_path, ch.new_path) if p})
    walker = TreeWalker(git.reader)
    base_entries = walker.entries(base_tree, paths)
    target_entries = walker.entries(target, paths)
    progress.start("verifying", len(files))
    # git apply itself is the judge: every patch must apply exactly (no offset) to its predecessor
    with PrivateIndex.of_entries(git, base_entries) as index:
        for f, fname in zip(files, names):
            ok, why = index.apply_report(f.diff)
            if not ok:
                progress.done()
                return f"{fname} does not apply exactly to its predecessor: {why}"
            progress.advance()
        progress.done()
        after = index.entries()
    if after != target_entries:
        wrong = sorted(set(after.items()) ^ set(target_entries.items()))
        return f"applying the series does not reproduce {wrong[0][0]}"
    return ""


# ---------------------------------------------------------------- the use case

def split(workspace: Workspace, name: str, *, patch: str | None = None, max_lines: int | None = None,
          rules_file: str | None = None, check: str | None = None, check_mode: str = "all",
          explain: bool = False, dry_run: bool = False, progress: Progress | None = None) -> SplitResult:
    progress = progress or NoProgress()
    if max_lines is not None and max_lines <= 0:
        raise BadInput(f"--max-lines must be positive, not {max_lines}", "give a number of changed lines, e.g. 600")
    if check_mode not in ("all", "bisect"):
        raise BadInput(f"unknown check mode {check_mode!r}", "use --check-mode all or bisect")
    if check is not None and not check.strip():
        raise BadInput("--check needs a command", "e.g. --check 'make -j8'")
    with open_for_writing(workspace, name, "split") as opened:
        # The stack is written as unreferenced objects until the session commits its ref; a
        # pending ref left by a split of an earlier xenpatch that was killed is dropped here.
        _drop_ref(opened.git, split_pending_ref(name))
        return _split(workspace, opened.queue, opened.git, patch=patch, max_lines=max_lines,
                      rules_file=rules_file, check=check, check_mode=check_mode, explain=explain,
                      dry_run=dry_run, progress=progress)


def _split(workspace: Workspace, queue: Queue, git: Git, *, patch: str | None, max_lines: int | None,
           rules_file: str | None, check: str | None, check_mode: str, explain: bool, dry_run: bool,
           progress: Progress) -> SplitResult:
    name = queue.name
    base = require_base(queue)
    rules, rules_source = load_rules(queue, rules_file)
    target_name = _choose(queue, patch)
    mono = queue.patches[target_name]
    if not mono.diff.strip():
        raise BadInput(f"patch {target_name} has no diff", "nothing to split")
    limit = max_lines or queue.config.max_lines
    final_ref = split_ref(name)

    ordered = queue.ordered()
    position = [n for n, _ in ordered].index(target_name)
    if position == 0:
        base_commit = resolve(git, base)
    else:
        before = ordered[:position]
        trees = apply_series(git, base, before, {n: queue.strip(n) for n, _ in before}, progress,
                             what=f"base {base[:12]}")
        base_commit = commit_tree(git, trees[-1], [base], b"xenpatch: base of the split patch\n")
    base_tree = tree_of(git, base_commit)
    refs = transaction(queue.root).refs(git)
    walker = TreeWalker(git.reader)
    target = _target_tree(git, base_tree, mono, queue.strip(target_name), target_name)
    diff = diff_trees(git, base_tree, target)
    if not diff.strip():
        raise BadInput(f"patch {target_name} changes nothing", "nothing to split")
    added = changed_names(git, base_tree, target, "AR")
    new_dirs = set(new_file_dirs(added)) - walker.existing_dirs(base_tree, added)
    units = units_of_diff(diff, frozenset(new_dirs), source=target_name)
    with git.reader as reader:
        text = reader.blob_or_none(f"{target}:MAINTAINERS")
        maint = maint_index(parse_maintainers(text.decode("utf-8", "replace"))) if text else None
        plan = plan_split(units, rules, maint, limit, DIFF_BUDGET, rules_source or "rules")
        by_uid = {u.uid: u for u in units}
        ident = str(queue.config.identity)
        msgs = messages(plan, by_uid, f"{target_name} ({mono.summary})", ident)
        raw = [f"{m.subject}\n\n{m.body}".encode("utf-8", "surrogateescape") for m in msgs]
        paths = sorted({p for u in units for p in u.paths})
        base_entries = walker.entries(base_tree, paths)
        target_entries = walker.entries(target, paths)
        steps = _steps(plan, by_uid, raw, reader, base_tree, base_entries, target_entries)
    date, when = split_date(git, queue, mono, base)
    who = stack_ident(ident, when)
    commits = write_stack(git, base_commit, [replace(s, author=who, committer=who) for s in steps])
    trees = [ObjectId(walker.root(c)) for c in commits]
    diffs = stack_diffs(git, commits)
    first = [e.name for e in queue.series.entries].index(target_name) + 1
    taken = {n for n in queue.patches if n != target_name}
    files: list[Patch] = []
    names: list[str] = []
    for k, (m, d, c) in enumerate(zip(msgs, diffs, commits)):
        built = Patch.build(ident, date, m.subject, m.body, d, from_sha=c)
        fname = patch_file_name(built, first + k)
        while fname in taken:
            fname = fname[:-len(".patch")] + "-split.patch"
        taken.add(fname)
        names.append(fname)
        files.append(built)
    error = _verify(git, base_tree, target, trees[-1], files, names, progress)
    result = _result(queue, target_name, base_tree, target, plan, by_uid, msgs, names, files, error, limit,
                     explain)
    report: CheckReport | None = None
    if check is not None and not error:
        runner = CheckRunner(git, worktree_dir(workspace.root, name), check,
                             timeout=queue.config.check_timeout, env={"XENPATCH_QUEUE": name})
        report = first_bad(runner, base_tree, list(zip(names, trees)), check_mode, progress)
    written = False
    archived: tuple[str, ...] = ()
    if not error and not dry_run:
        archived = _write(queue, target_name, names, files)
        refs.update(final_ref, commits[-1])
        written = True
    return SplitResult(**{**result.__dict__, "written": written, "archived": archived, "check": report,
                          "stack": final_ref if written else ""})


def _drop_ref(git: Git, ref: str) -> None:
    txn = RefTransaction(git)
    txn.delete(ref)
    try:
        txn.commit()
    except XenpatchError:
        pass


def _write(queue: Queue, target_name: str, names: list[str], files: list[Patch]) -> tuple[str, ...]:
    txn = transaction(queue.root)
    stamp = txn.store.free_name(f"{ARCHIVE}/split")
    txn.archive(patch_file(target_name), f"{stamp}/{target_name}")
    txn.write(f"{stamp}/series", queue.series.to_bytes())
    all_names = [e.name for e in queue.series.entries]
    at = all_names.index(target_name)
    series = queue.series.with_names(all_names[:at] + names + all_names[at + 1:])
    for fname, f in zip(names, files):
        txn.write(patch_file(fname), f.to_bytes())
    txn.write(SERIES, series.to_bytes())
    return (f"{stamp}/{target_name}",)


def _result(queue: Queue, source: str, base_tree: str, target: str, plan: Plan, units: dict[int, Unit],
            msgs: list[Message], names: list[str], files: list[Patch], error: str, limit: int,
            explain: bool) -> SplitResult:
    patches: list[SplitPatch] = []
    for p, m, fname, f in zip(plan.patches, msgs, names, files):
        paths = sorted({ch.path for ch in f.files})
        patches.append(SplitPatch(fname, m.subject, tuple(paths), f.insertions, f.deletions,
                                  tuple(names[q] for q, _ in p.depends_on), len(f.to_bytes()),
                                  plan.topics[p.topic].title))
    oversized = [SplitOversize(names[o.patch], o.unit, o.lines, o.size, o.reason) for o in plan.oversized]
    for sp in patches:
        if sp.bytes > MAIL_LIMIT and not any(o.patch == sp.name for o in oversized):
            oversized.append(SplitOversize(sp.name, ", ".join(sp.files[:2]), sp.insertions + sp.deletions,
                                           sp.bytes, "patch over the mailing-list size limit"))
    part_of = {uid: k for k, p in enumerate(plan.patches) for uid in p.units}
    first_of = {t: min(k for k, p in enumerate(plan.patches) if t in p.topics) for c in plan.cycles for t in c.topics}
    cycles = tuple(
        [SplitCycle("topics", tuple(plan.topics[t].title for t in c.topics), tuple(display(s) for s in c.symbols),
                    names[min(first_of[t] for t in c.topics)]) for c in plan.cycles]
        + [SplitCycle("units", tuple(units[n].label() for n in c.nodes), tuple(display(s) for s in c.symbols),
                      names[part_of[c.nodes[0]]]) for c in plan.unit_cycles])
    ex: Explain | None = None
    if explain:
        placements = tuple(SplitPlacement(pl.label, names[part_of[pl.uid]], plan.topics[pl.topic].title, pl.reason)
                           for pl in plan.placements)
        edges = tuple(SplitEdge(names[p.index], names[q], tuple(display(s) for s in syms))
                      for p in plan.patches for q, syms in p.depends_on)
        ex = Explain(placements, edges)
    return SplitResult(queue=queue.name, source=source, base=str(base_tree), tree=str(target),
                       patches=tuple(patches), verified=not error, verify_error=error, written=False,
                       archived=(), stack="", max_lines=limit, oversized=tuple(oversized), cycles=cycles,
                       check=None, explain=ex)

