"""``export``: the queue as a versioned mail series, ready for ``git send-email``.

Plan, build, then write once.  The series is applied on a private index and
committed as a stack (each commit carries the patch's own author, date and
message, with a fixed committer, so the same queue always gives the same
commits); one ``git log -p --stat`` over that stack gives git's rendering of
every mail's author, date, diffstat and diff.  Then recipients come from the
top tree's MAINTAINERS, the "Changes since vN-1" section from the previous
export's record and stack, and only then is anything written: the mail files
(one transaction in the output directory), the stack ref, and the record.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from pathlib import Path

from xenpatch import __version__
from xenpatch.core.config import Identity
from xenpatch.core.diff import parse_files
from xenpatch.core.exportrec import ExportedEntry, ExportRecord, export_ref
from xenpatch.core.mailout import (
    Change,
    Cover,
    MailPatch,
    Recipients,
    SentPatch,
    base_trailer,
    changes_section,
    commit_message,
    cover_file_name,
    cover_letter,
    file_name,
    interdiff,
    message_parts,
    pair_patches,
    parse_cover_text,
    patch_mail,
    subject_tag,
    user_notes,
)
from xenpatch.core.maintainers import (
    MaintainersIndex,
    Section,
    index,
    parse_maintainers,
)
from xenpatch.core.model import Outcome
from xenpatch.core.patch import Patch, patch_paths
from xenpatch.core.patchcommit import ident_of_raw, raw_of_parsed
from xenpatch.core.progress import NoProgress, Progress
from xenpatch.core.queue import Queue
from xenpatch.errors import BadInput, QueueError
from xenpatch.gitio.apply import TreePatcher
from xenpatch.gitio.commits import read_commits
from xenpatch.gitio.diffs import diffstat, range_diff
from xenpatch.gitio.index import ApplyFailed
from xenpatch.gitio.log import StackCommit, stable_patch_ids, stack_commits
from xenpatch.gitio.repo import commit_exists, committer_ident, tree_of
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.stack import StackStep, ident, write_stack
from xenpatch.pipeline.common import Opened, open_for_writing, require_base
from xenpatch.store import (
    QueueStore,
    Workspace,
    list_exports,
    list_revs,
    stage_export_record,
    transaction,
)
from xenpatch.store.exportdir import ARCHIVED, put_in_place
from xenpatch.store.paths import COVER_LETTER

DEFAULT_SIGNATURE = f"xenpatch {__version__}"
DEFAULT_IDENTITY = Identity("xenpatch", "xenpatch@localhost")
_LIST_COMMENT = re.compile(r"\s*\(.*\)\s*$")
_CATCH_ALL = re.compile(r"F: [*?/]+")


@dataclass(frozen=True)
class ExportOptions:
    out_dir: Path
    version: int | None = None
    subject_prefix: str | None = None
    cover_file: Path | None = None
    cover_letter: bool = True
    range_diff: bool = False
    maintainers: bool = True
    force: bool = False


@dataclass(frozen=True)
class ExportedPatch:
    number: int
    name: str
    file: str
    subject: str  # the Subject line as mailed, tag included
    author: str
    commit: str
    patch_id: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    change: str  # "unchanged", "changed", "added", or "" for a first version


@dataclass(frozen=True)
class ExportResult:
    queue: str
    version: int
    base: str
    stack: str
    ref: str
    record: str
    out_dir: str
    cover_letter: str | None
    cover_subject: str | None  # "*** SUBJECT HERE ***" until queues/NAME/cover-letter.txt says otherwise
    files: tuple[str, ...]
    patches: tuple[ExportedPatch, ...]
    to: tuple[str, ...]
    cc: tuple[str, ...]
    since: int | None
    changes: tuple[Change, ...]
    unchanged_record: bool  # the same version with the same content had been exported before
    archived: tuple[str, ...]  # stale files of this version moved aside in the output directory
    reexported: bool = False  # no --version, same patches as the last version: that version written again
    cover_changed: bool | None = None  # the cover letter differs from the one in --to (None: there was none)


def export(workspace: Workspace, name: str, opts: ExportOptions, progress: Progress | None = None) -> ExportResult:
    with open_for_writing(workspace, name, "export") as opened:
        return _export(opened, name, opts, progress or NoProgress())


def _export(opened: Opened, name: str, opts: ExportOptions, progress: Progress) -> ExportResult:
    queue, git = opened.queue, opened.git
    base = require_base(queue)
    ordered = queue.ordered()
    if not ordered:
        raise BadInput(f"queue '{name}' has no patches to export", "import or split the queue first")
    records = list_exports(queue.root)
    # without --version: the last version again when its patches are the same (a new cover letter
    # is no new version), else the next one
    version = opts.version if opts.version is not None else (records[-1].version if records else 1)
    if version < 1:
        raise BadInput(f"--version {version} is not a version number", "versions start at 1")
    prefix = (opts.subject_prefix or str(queue.config.export.get("subject_prefix") or "PATCH")).strip()
    if not prefix or "\n" in prefix or "[" in prefix or "]" in prefix:
        raise BadInput(f"subject prefix {prefix!r} is not usable", "pass words such as 'PATCH RFC'")
    signature = str(queue.config.export.get("signature", DEFAULT_SIGNATURE))

    top = _build_stack(git, queue, base, ordered, progress)
    stack = stack_commits(git, base, top)
    if len(stack) != len(ordered):
        raise QueueError(f"the export stack of '{name}' has {len(stack)} commits for {len(ordered)} patches",
                         "report this; the stack ref is " + top)
    ids = stable_patch_ids(git, stack)
    total = len(stack)
    numbered = opts.cover_letter or total > 1
    titles = [message_parts(p)[0] for _, p in ordered]

    def entries_for(v: int) -> tuple[ExportedEntry, ...]:
        files = [file_name(k, t, v) for k, t in enumerate(titles, 1)]
        return tuple(ExportedEntry(n, titles[k], ids.get(c.oid, ""), c.oid, f"{c.author_name} <{c.author_email}>",
                                   files[k]) for k, ((n, _), c) in enumerate(zip(ordered, stack)))

    rcpts = _recipients(git, queue, top, stack, opts.maintainers)
    union = Recipients.merge(rcpts)
    entries = entries_for(version)
    record = ExportRecord(name, version, base, top, prefix, opts.cover_letter, entries, union.to, union.cc)
    reexported = False
    if opts.version is None and records:
        reexported = records[-1].same_content(record)
        if not reexported:
            version += 1
            entries = entries_for(version)
            record = ExportRecord(name, version, base, top, prefix, opts.cover_letter, entries, union.to, union.cc)
    existing = next((r for r in records if r.version == version), None)
    if existing is not None and not existing.same_content(record) and not opts.force:
        raise QueueError(
            f"v{version} of '{name}' was already exported with different content",
            f"export the next version (omit --version), or pass --force to replace the v{version} record")

    prev = next((r for r in reversed(records) if r.version < version), None)
    changes = _changes(git, queue, prev, entries, stack) if prev else ()
    kinds = {c.name: c.kind for c in changes if c.kind != "dropped"}

    mails: dict[str, bytes] = {}
    exported: list[ExportedPatch] = []
    for k, (c, entry) in enumerate(zip(stack, entries), 1):
        tag = subject_tag(prefix, version, k if numbered else None, total)
        notes = user_notes(ordered[k - 1][1])
        if prev and not opts.cover_letter:
            notes = _patch_change_note(prev.version, changes, entry.name) + notes
        mail = MailPatch(c.oid, c.author_name, c.author_email, c.date, entry.subject,
                         message_parts(ordered[k - 1][1])[1], c.stat, c.diff, notes)
        trailer = base_trailer(base) if (k == 1 and not opts.cover_letter) else ""
        mails[entry.file] = patch_mail(mail, tag, rcpts[k - 1], trailer, signature)
        exported.append(ExportedPatch(k, entry.name, entry.file, f"{tag} {entry.subject}", entry.author,
                                      c.oid, entry.patch_id, rcpts[k - 1].to, rcpts[k - 1].cc,
                                      kinds.get(entry.name, "")))
    cover_name = cover_subject = None
    if opts.cover_letter:
        cover_name = cover_file_name(version)
        mails[cover_name], cover_subject = _cover(git, queue, opts, version, prefix, base, stack, prev,
                                                  changes, union, signature, total)

    out_dir = opts.out_dir
    if out_dir.exists() and not out_dir.is_dir():
        raise BadInput(f"{out_dir} is not a directory", "give a directory for the mail files with --to")
    cover_changed = None
    cover_path = out_dir / cover_name if cover_name is not None else None
    if cover_name is not None and cover_path is not None and cover_path.is_file():
        # a link is never read: it counts as changed (export replaces it with the mail)
        cover_changed = cover_path.is_symlink() or cover_path.read_bytes() != mails[cover_name]
    stale = _stale(out_dir, version, set(mails))
    folder = _free_name(out_dir, f"{ARCHIVED}/v{version}", "") if stale else ""
    put_in_place(out_dir, mails, set(stale), folder)
    archived = tuple(f"{folder}/{f}" for f in stale)

    # the mails are in place; the record and its ref follow when the session commits
    txn = transaction(queue.root)
    txn.refs(git).update(export_ref(name, version), top)
    rel = stage_export_record(txn, record, replaces=existing is not None and not existing.same_content(record))
    return ExportResult(
        queue=name, version=version, base=base, stack=top, ref=export_ref(name, version),
        record=str(queue.root / rel), out_dir=str(out_dir), cover_letter=cover_name, cover_subject=cover_subject,
        files=tuple(sorted(mails)), patches=tuple(exported), to=union.to, cc=union.cc,
        since=prev.version if prev else None, changes=tuple(changes),
        unchanged_record=existing is not None and existing.same_content(record), archived=archived,
        reexported=reexported, cover_changed=cover_changed)


# ---------------------------------------------------------------- the stack

def _author(queue: Queue, patch: Patch) -> tuple[str, str]:
    name, addr = email.utils.parseaddr(patch.author or "")
    if not addr or "@" not in addr:
        return queue.config.identity.name, queue.config.identity.email
    return (name or addr.split("@")[0]), addr


def _build_stack(git: Git, queue: Queue, base: ObjectId, ordered: list[tuple[str, Patch]],
                 progress: Progress) -> ObjectId:
    """Commit every patch on top of the previous one, with its author and date; the same
    queue gives the same commits."""
    base_date = ident_of_raw(read_commits(git, [base])[0].committer).when
    steps: list[StackStep] = []
    progress.start("building the export stack", len(ordered))
    with TreePatcher(git) as patcher:
        tree = tree_of(git, base)
        for pname, patch in ordered:
            if not patch.diff.strip():
                raise BadInput(f"patch {pname} has no diff", "drop it from the series before exporting")
            strip = queue.strip(pname)
            try:
                tree = patcher.apply(tree, patch.diff, patch_paths(patch, strip), strip=strip)
            except ApplyFailed as exc:
                first = str(exc).splitlines()[0] if str(exc) else "rejected"
                raise BadInput(f"patch {pname} does not apply at its position: {first}",
                               f"refresh the series (xenpatch rebase {queue.name}) before exporting") from None
            if not message_parts(patch)[0].strip():
                raise BadInput(f"patch {pname} has no subject", "add a 'Subject: subsystem: summary' header")
            date = patch.date
            parsed = email.utils.parsedate_tz(date) if date else None
            if date and parsed is None:
                raise BadInput(f"patch {pname} has an unreadable Date: {date!r}",
                               "write it as in a mail, e.g. 'Thu, 6 Apr 2023 10:00:00 +0200'")
            aname, aemail = _author(queue, patch)
            title, body = message_parts(patch)
            steps.append(StackStep(commit_message(title, body), tree=tree,
                                   author=ident(f"{aname} <{aemail}>", raw_of_parsed(parsed) if parsed else base_date)))
            progress.advance()
    progress.done()
    commits = write_stack(git, base, steps)
    return commits[-1] if commits else base


# ---------------------------------------------------------------- recipients

def _configured(queue: Queue, key: str) -> tuple[str, ...]:
    value = queue.config.export.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise QueueError(f"queue.toml [export] {key} must be a list of addresses", "fix queue.toml")
    return tuple(value)


def _recipients(git: Git, queue: Queue, top: str, stack: list[StackCommit], lookup: bool) -> list[Recipients]:
    """Per patch: the M: of every MAINTAINERS section whose F:/X:/N: cover its files or whose
    K: occurs in it (To), their R: and L: (Cc), plus queue.toml's [export] to/cc."""
    fixed = Recipients(_configured(queue, "to"), _configured(queue, "cc"))
    sections: list[Section] = []
    if lookup:
        with git.reader as reader:
            text = reader.blob_or_none(f"{top}:MAINTAINERS")
        if text is not None:
            sections = parse_maintainers(text.decode("utf-8", "replace"))
    idx = index(sections)
    keywords = _keyword_regexes(sections)
    return [Recipients.merge([_patch_recipients(idx, keywords, c), fixed]) for c in stack]


def _keyword_regexes(sections: list[Section]) -> list[tuple[Section, list[re.Pattern[str]]]]:
    out = []
    for sec in sections:
        rx = []
        for k in sec.keywords:
            try:
                rx.append(re.compile(k, re.VERBOSE | re.MULTILINE))
            except re.error:
                continue
        if rx:
            out.append((sec, rx))
    return out


def _patch_recipients(idx: MaintainersIndex, keywords: list[tuple[Section, list[re.Pattern[str]]]],
                      c: StackCommit) -> Recipients:
    chosen: list[Section] = []
    catch_all: list[Section] = []
    seen: set[int] = set()
    for change in parse_files(c.diff) if c.diff else ():
        for path in dict.fromkeys(p for p in (change.old_path, change.new_path) if p):
            for m in idx.match(path):
                if id(m.section) not in seen:
                    seen.add(id(m.section))
                    (catch_all if _CATCH_ALL.fullmatch(m.pattern) else chosen).append(m.section)
    if keywords:
        # get_maintainer matches K: against the patch's lines, file headers excepted
        text = c.message + "\n" + "\n".join(
            line for line in c.diff.decode("utf-8", "replace").split("\n")
            if not line.startswith(("--- ", "+++ ", "@@ ")))
        for sec, rxs in keywords:
            if id(sec) not in seen and any(rx.search(text) for rx in rxs):
                seen.add(id(sec))
                chosen.append(sec)
    # A catch-all section (THE REST: F: * and F: */) adds its lists to every patch, but its
    # maintainers only to patches nobody else maintains, as get_maintainer's output shows.
    owned = any(sec.maintainers for sec in chosen)
    to = [m for sec in chosen for m in sec.maintainers]
    to += [m for sec in catch_all if not owned for m in sec.maintainers]
    chosen += catch_all
    cc = [r for sec in chosen for r in sec.reviewers] + [_LIST_COMMENT.sub("", lst) for sec in chosen
                                                         for lst in sec.lists]
    return Recipients.merge([Recipients(tuple(to), tuple(cc))])


# ---------------------------------------------------------------- changes since the last version

def _changes(git: Git, queue: Queue, prev: ExportRecord, entries: tuple[ExportedEntry, ...],
             stack: list[StackCommit]) -> list[Change]:
    old = [SentPatch(p.name, p.subject, p.patch_id, p.commit) for p in prev.patches]
    new = [SentPatch(e.name, e.subject, e.patch_id, e.commit) for e in entries]
    pairs = pair_patches(old, new)
    old_commits: dict[str, StackCommit] = {}
    if commit_exists(git, prev.stack) and commit_exists(git, prev.base):
        old_commits = {c.oid: c for c in stack_commits(git, prev.base, prev.stack)}
    changes: list[Change] = []
    for i, (e, c) in enumerate(zip(entries, stack)):
        if i not in pairs:
            changes.append(Change("added", e.name, e.subject, i + 1))
            continue
        o = prev.patches[pairs[i]]
        oc = old_commits.get(o.commit)
        if oc is not None:
            d = interdiff(oc.message, oc.diff, c.message, c.diff)
            same, detail = d.same, d.describe()
        else:
            same = o.patch_id == e.patch_id and o.subject == e.subject
            detail = "" if same else ("code" if o.patch_id != e.patch_id else "subject")
        changes.append(Change("unchanged" if same else "changed", e.name, e.subject, i + 1, pairs[i] + 1,
                              "" if same else detail))
    used = set(pairs.values())
    merged = {p.name: p.upstream_commit for r in list_revs(queue.root) for p in r.patches
              if p.outcome == Outcome.DROPPED_UPSTREAM and p.upstream_commit}
    for j, o in enumerate(prev.patches):
        if j not in used:
            up = merged.get(o.name)
            detail = f"merged upstream as {up[:12]}" if up else "removed from the series"
            changes.append(Change("dropped", o.name, o.subject, None, j + 1, detail, up))
    return changes


def _patch_change_note(since: int, changes: tuple[Change, ...] | list[Change], pname: str) -> str:
    for c in changes:
        if c.name == pname and c.kind != "dropped":
            what = {"unchanged": "none", "added": "new patch"}.get(c.kind, c.detail or "changed")
            return f"Changes since v{since}: {what}\n\n"
    return ""


# ---------------------------------------------------------------- cover letter and files

def _cover(git: Git, queue: Queue, opts: ExportOptions, version: int, prefix: str, base: str,
           stack: list[StackCommit], prev: ExportRecord | None, changes: list[Change] | tuple[Change, ...],
           union: Recipients, signature: str, total: int) -> tuple[bytes, str]:
    if opts.cover_file is not None:
        if not opts.cover_file.is_file():
            raise BadInput(f"cover letter text {opts.cover_file} does not exist",
                           "give a file whose first line is the subject and the rest the blurb")
        text: bytes | None = opts.cover_file.read_bytes()
    else:
        text = QueueStore.at(queue.root).read(COVER_LETTER)  # the queue's own, never through a link
    subject, blurb = parse_cover_text((text or b"").decode("utf-8", "replace"))
    latest = max(range(len(stack)), key=lambda k: (stack[k].timestamp, k))
    section = ""
    rdiff = ""
    if prev is not None:
        section = changes_section(prev.version, changes, total, prev.base, base)
        if opts.range_diff and commit_exists(git, prev.stack):
            out = range_diff(git, prev.base, prev.stack, base, stack[-1].oid)
            rdiff = f"Range-diff against v{prev.version}:\n" + out.decode("utf-8", "replace")
    sender = _sender(git, queue)
    cover = Cover(stack[-1].oid, sender[0], sender[1], stack[latest].date, subject, blurb, section, rdiff,
                  tuple((c.author_name, message_parts_title(c)) for c in stack))
    return cover_letter(cover, subject_tag(prefix, version, 0, total), diffstat(git, base, stack[-1].oid),
                        union, base_trailer(base), signature), subject


def _sender(git: Git, queue: Queue) -> tuple[str, str]:
    """Who signs the cover letter: [export] from, else the queue's identity, else (when that is
    still the placeholder xenpatch@localhost, which git send-email refuses) git's committer."""
    configured = queue.config.export.get("from")
    if configured is not None:
        if not isinstance(configured, str) or "@" not in configured:
            raise QueueError("queue.toml [export] from must be an address like 'Name <you@example.org>'",
                             "fix queue.toml")
        name, addr = email.utils.parseaddr(configured)
        return (name or addr), addr
    ident = queue.config.identity
    if ident.email != DEFAULT_IDENTITY.email:
        return ident.name, ident.email
    return committer_ident(git) or (ident.name, ident.email)


def message_parts_title(c: StackCommit) -> str:
    return c.message.split("\n", 1)[0]


def _stale(out_dir: Path, version: int, keep: set[str]) -> list[str]:
    """Mail files of this version that this export does not write (they move to archived/, never deleted)."""
    if not out_dir.is_dir():
        return []
    pattern = re.compile(rf"^v{version}-\d{{4}}-.*\.patch$" if version > 1 else r"^\d{4}-.*\.patch$")
    return sorted(p.name for p in out_dir.iterdir() if p.is_file() and pattern.match(p.name) and p.name not in keep)


def _free_name(root: Path, stem: str, suffix: str) -> str:
    k = 1
    while (root / f"{stem}.{k}{suffix}").exists():
        k += 1
    return f"{stem}.{k}{suffix}"
