"""``score``: predict the next forward-port patch by patch, changing nothing.

An engineer wants to know where the weeks will go before spending them, and a
bot whether to go ahead.  Every signal is measured, none guessed from file
names alone:

- the forward-port itself: the engine rebase uses (``xenpatch.engine``:
  exact apply, drops of patches and series already upstream, 3-way merge,
  recorded resolutions, triage past conflicts) run in memory, so a patch the rebase will report as a
  conflict is scored as one, by construction;
- upstream commits that changed the very lines (and context) each patch
  touches: one zero-context ``git log`` over the queue's paths, the patch line
  ranges carried through it (``gitio.history``);
- files the patch changes that upstream renamed or deleted;
- API breakage: identifiers the patch's added lines use that upstream removed
  from what the file can see (``score_api``): a clean merge that will not build;
- already upstream in another form: the patch's added lines or definitions are
  in the new base's version of the file (a clean merge that duplicates code).

Culprits: for a conflicting patch, the first commit on the first-parent line
of base..onto at which it starts to conflict, by bisection (``score_culprits``);
for an API break, the commit that removed the identifier; for a duplicate, the
commits that added the lines; for a dropped patch, the upstream commit that
merged it; plus the most recent commits that changed the same lines.

Nothing is written except unreferenced objects: no refs, files, index or work tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from xenpatch.core import identifiers, scoring
from xenpatch.core.diff import hunks as diff_hunks
from xenpatch.core.diff import split_file_diffs
from xenpatch.core.hunkplace import place
from xenpatch.core.hunks import Edit, map_back
from xenpatch.core.identifiers import Symbol
from xenpatch.core.model import Outcome
from xenpatch.core.patch import Patch
from xenpatch.core.progress import NoProgress, Progress
from xenpatch.core.queue import Queue
from xenpatch.core.revs import PatchRecord
from xenpatch.engine import ForwardPort, port_queue
from xenpatch.engine.upstream import Upstream
from xenpatch.gitio import history
from xenpatch.gitio.objects import ObjectReader, short
from xenpatch.gitio.repo import commit_infos, resolve
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.trees import TreeWalker
from xenpatch.pipeline.common import open_queue, require_base
from xenpatch.pipeline.score_api import QueueFile, find_breaks
from xenpatch.pipeline.score_culprits import Bisector
from xenpatch.pipeline.score_rework import reworked_definitions, same_subject
from xenpatch.store import Workspace, load_resolutions
from xenpatch.store.stackcache import StackCache

MAX_LINE_CULPRITS = 5
# Culprit roles, most telling first; a commit with several roles is listed once, under the first.
ROLES = ("first-conflict", "merged-upstream", "removed-api", "reworked-definition", "same-subject", "added-upstream",
         "changed-lines")


@dataclass(frozen=True)
class Culprit:
    commit: str
    subject: str
    author: str
    role: str  # one of ROLES


@dataclass(frozen=True)
class PatchScore:
    name: str
    position: int  # 1-based place in the series
    score: int
    level: str
    outcome: str  # what the forward-port (rebase) would do with it
    reasons: tuple[str, ...]
    culprits: tuple[Culprit, ...]
    probes: int = 0  # merges the culprit bisection ran for this patch (conflicts only)


@dataclass(frozen=True)
class ScoreResult:
    queue: str
    base: str
    onto: str
    onto_ref: str
    upstream_commits: int  # first-parent commits in base..onto
    total: int
    levels: dict[str, int]
    patches: tuple[PatchScore, ...]  # series order
    ranking: tuple[str, ...]  # patch names, most expected effort first
    bisection_merges: int  # probe merges the culprit bisection ran (about log2 of the range per conflict)


@dataclass
class _FileFacts:
    """One file of one patch: where it is at base and what the patch adds to it."""

    path: str  # the patch's name for it (new path, else old)
    before: str | None  # its path in the tree the patch applies to (None: the patch creates it)
    origin: str | None  # its path at base (None: the queue created it)
    added: list[bytes]
    spans: list[tuple[int, int]]  # changed line ranges (with context) in base coordinates
    hunk_ranges: list[tuple[int, int]] = field(default_factory=list)  # the same, half-open, in ``before``
    back: list[list[Edit]] = field(default_factory=list)  # earlier patches' hunks, newest first


@dataclass
class _Patch:
    name: str
    subject: str = ""
    files: list[_FileFacts] = field(default_factory=list)
    uses: dict[Symbol, str] = field(default_factory=dict)  # symbol -> first file using it
    # identifiers the patch's context and removed lines use: the code it was written against
    refers: dict[Symbol, str] = field(default_factory=dict)


@dataclass
class _Found:
    """What score learned about one patch, before it is turned into a score."""

    conflicts: list[scoring.Conflict] = field(default_factory=list)
    api: list[scoring.ApiBreak] = field(default_factory=list)
    duplicates: list[scoring.Duplicate] = field(default_factory=list)
    upstream_files: list[str] = field(default_factory=list)  # files whose change upstream already has
    culprits: list[tuple[str, str]] = field(default_factory=list)  # (commit, role)
    probes: int = 0


def score(workspace: Workspace, name: str, onto: str | None = None,
          progress: Progress | None = None) -> ScoreResult:
    """Score the queue against ``onto`` (default: its upstream), changing nothing."""
    opened = open_queue(workspace, name)
    queue, git = opened.queue, opened.git
    base = require_base(queue)
    onto_ref = onto or queue.config.upstream
    port = port_queue(queue, git, base, resolve(git, onto_ref), onto_ref, load_resolutions(queue.root), True,
                      progress, StackCache(workspace.root, name))
    return score_port(queue, git, port, progress)


def score_port(queue: Queue, git: Git, port: ForwardPort, progress: Progress | None = None) -> ScoreResult:
    """Score a forward-port the caller already ran (stabilize, score's own front door)."""
    progress = progress or NoProgress()
    base, onto_commit, onto_ref = port.base, port.onto, port.onto_ref
    ordered = queue.ordered()
    strips = {n: queue.strip(n) for n, _ in ordered}
    with git.reader as reader:
        patches, queue_defined = _analyse(
            ordered, strips, lambda j, path: reader.blob_or_none(f"{port.stack.parent(j)}:{path}"))
        scorer = _Scorer(git, reader, ObjectId(base), onto_commit, port, patches, queue_defined, progress)
        scored = scorer.run()
    levels = {lvl: 0 for lvl in scoring.LEVELS}
    for p in scored:
        levels[p.level] += 1
    ranking = tuple(p.name for p in sorted(scored, key=lambda p: (-p.score, p.position)))
    return ScoreResult(
        queue=queue.name, base=str(base), onto=str(onto_commit), onto_ref=onto_ref,
        upstream_commits=len(scorer.line), total=sum(p.score for p in scored), levels=levels,
        patches=tuple(scored), ranking=ranking, bisection_merges=scorer.bisection_merges,
    )


def _analyse(ordered: list[tuple[str, Patch]], strips: dict[str, int],
             applies_to: Callable[[int, str], bytes | None] | None = None) -> tuple[list[_Patch], set[Symbol]]:
    """Per patch and file: base path, added lines, line ranges mapped back to base, uses.

    ``applies_to(j, path)``, when given, is the file patch j applies to: each hunk is then
    placed where it really applies (``core.hunkplace``), not where its header says.
    """
    layers: dict[str, tuple[str | None, list[list[Edit]]]] = {}
    defined: set[Symbol] = set()
    out: list[_Patch] = []
    for j, (name, patch) in enumerate(ordered):
        facts = _Patch(name, patch.subject)
        changes = split_file_diffs(patch.diff, strip=strips.get(name, 1)) if patch.diff.strip() else []
        for change, text in changes:
            old, new = change.old_path, change.new_path
            hs = diff_hunks(text) if not change.binary else []
            starts = [h.old_start for h in hs]
            blob = applies_to(j, old) if applies_to is not None and old is not None and hs else None
            if blob is not None:
                starts = place(blob, hs)
            mine = [h.edit(at=a) for a, h in zip(starts, hs)]
            added = [line for h in hs for line in h.added]
            if old is not None and change.status != "copied":
                origin, earlier = layers.pop(old, (old, []))
            else:
                origin, earlier = None, []
            spans: list[tuple[int, int]] = []
            back: list[list[Edit]] = []
            if origin is not None:
                back = list(reversed(earlier))
                spans = [map_back(h.old_start, h.old_end, back) for h in mine]
            if new is not None:
                layers[new] = (origin, earlier + [mine])
            path = new if new is not None else (old or "")
            before = old if change.status != "added" else None
            facts.files.append(_FileFacts(path, before, origin, added, spans,
                                          [(h.old_start, h.old_end) for h in mine], back))
            for sym in identifiers.used(added, path):
                facts.uses.setdefault(sym, path)
            around = [line[1:] for h in hs for line in h.lines.split(b"\n") if line.startswith(b" ")]
            for sym in identifiers.used(around + [line for h in hs for line in h.removed], path):
                facts.refers.setdefault(sym, path)
            defined |= identifiers.defined(added, path)
        out.append(facts)
    return out, defined


class _Scorer:
    """Measures every signal for every patch; one instance per ``score`` call."""

    def __init__(self, git: Git, reader: ObjectReader, base: ObjectId, onto: ObjectId, forwarded: ForwardPort,
                 patches: list[_Patch], queue_defined: set[Symbol], progress: Progress) -> None:
        self.git = git
        self.reader = reader
        self.base = base
        self.onto = onto
        self.stack = forwarded.stack
        self.records = forwarded.records
        self.patches = patches
        self.queue_defined = queue_defined
        self.progress = progress
        self.line = history.first_parent_line(git, base, onto)
        self.walker = TreeWalker(reader)
        self.bisection_merges = 0

    def run(self) -> list[PatchScore]:
        git, base, onto = self.git, self.base, self.onto
        renamed, deleted = history.path_fates(git, base, onto)
        base_paths = {f.origin for p in self.patches for f in p.files if f.origin}
        queue_paths = {f.path for p in self.patches for f in p.files if f.origin is None}
        at_onto = {path: renamed.get(path, path) for path in base_paths if path not in deleted}
        commits = history.range_log(git, base, onto, base_paths | queue_paths | set(at_onto.values()))
        spans = [history.Span(j, f.origin, a, b) for j, p in enumerate(self.patches)
                 for f in p.files if f.origin for a, b in f.spans]
        history.track(commits, spans)
        order = {c.oid: i for i, c in enumerate(commits)}
        found = [_Found() for _ in self.patches]
        self._api(found, at_onto)
        self._conflicts(found, renamed, commits)
        reworked = reworked_definitions(self.reader, self.stack, self.patches, self.records, commits)
        upstream = Upstream(git, base, onto)
        subjects = upstream.commits(sorted(base_paths | queue_paths | set(at_onto.values())))
        self.progress.start("scoring", len(self.patches))
        results: list[tuple[scoring.Signals, list[tuple[str, str]]]] = []
        for j, patch in enumerate(self.patches):
            rec = self.records[j]
            f = found[j]
            upstream_note = None
            if rec.outcome is Outcome.DROPPED_UPSTREAM:
                upstream_note = rec.detail or "already upstream"
                if rec.upstream_commit:
                    upstream_note += f" ({short(rec.upstream_commit)})"
                upstream_note += "; drop it"
                if rec.upstream_commit:
                    f.culprits.append((rec.upstream_commit, "merged-upstream"))
            elif rec.outcome.applied and rec.commit:
                for ff in patch.files:
                    self._duplicate(j, ff, rec, at_onto, commits, f)
            per_file: dict[str, set[str]] = {}
            hits: list[str] = []
            for s in spans:
                if s.key == j:
                    per_file.setdefault(s.path, set()).update(s.hits)
                    hits += [h for h in s.hits if h not in hits]
            hits.sort(key=lambda c: order.get(ObjectId(c), 0))
            f.culprits += [(c, "changed-lines") for c in reversed(hits[-MAX_LINE_CULPRITS:])]
            rework = reworked.get(j)
            if rework:
                f.culprits += rework.culprits
            same = None
            if rec.outcome.applied:
                paths = sorted({x for ff in patch.files for x in (ff.before, ff.path) if x})
                same = same_subject(git, upstream, paths, patch.subject, subjects)
                if same:
                    f.culprits.append((same.oid, "same-subject"))
            signals = scoring.Signals(
                conflicts=tuple(f.conflicts),
                api=tuple(f.api),
                duplicates=tuple(f.duplicates),
                renamed=tuple(sorted((ff.origin, renamed[ff.origin]) for ff in patch.files
                                     if ff.origin in renamed)),
                deleted=tuple(sorted(ff.origin for ff in patch.files if ff.origin in deleted)),
                history=tuple(sorted((p, len(c)) for p, c in per_file.items() if c)),
                history_commits=len(hits),
                upstream=upstream_note,
                upstream_files=tuple(sorted(f.upstream_files)),
                merged=rec.outcome is Outcome.MERGED,
                resolved=rec.detail if rec.outcome is Outcome.RESOLVED else None,
                reworked=tuple(rework.reworks) if rework else (),
                same_subject=f"{short(same.oid)} '{same.subject}'" if same else None,
            )
            results.append((signals, f.culprits))
            self.progress.advance()
        self.progress.done()
        return self._assemble(results, [f.probes for f in found])

    # -------------------------------------------------------------- signals

    def _conflicts(self, found: list[_Found], renamed: dict[str, str],
                   commits: list[history.UpstreamCommit]) -> None:
        """Size each conflict the forward-port reports and bisect for its culprit."""
        bad = [j for j, r in enumerate(self.records) if r.outcome is Outcome.CONFLICT]
        if not bad:
            return
        patch_paths = []
        for p in self.patches:
            mine = {x for ff in p.files for x in (ff.before, ff.path) if x}
            patch_paths.append(mine | {renamed[x] for x in mine if x in renamed})
        evidence = _directory_evidence(renamed, {ff.path for j in bad for ff in self.patches[j].files
                                                 if ff.origin is None})
        bisector = Bisector(self.git, self.reader, self.base, self.stack.commits, self.line, patch_paths,
                            set(bad), evidence)
        position = {oid: i for i, (oid, _) in enumerate(self.line)}
        try:
            onto = bisector.at(self.onto)
            for j in bad:
                start = bisector.merges
                fresh = bisector.fresh(j, onto)
                for path in self.records[j].conflict_files:
                    regions, lines = self._size(bisector, j, onto, path)
                    found[j].conflicts.append(scoring.Conflict(path, max(fresh.get(path, regions), 1), max(lines, 1)))
                mine = patch_paths[j] | evidence
                touching = {position[c.oid] for c in commits if c.oid in position and any(
                    fd.old_path in mine or fd.new_path in mine for fd in c.files)}
                culprit = bisector.culprit(j, sorted(touching | {len(self.line) - 1}))
                if culprit:
                    found[j].culprits.append((culprit, "first-conflict"))
                found[j].probes = bisector.merges - start
        finally:
            self.bisection_merges = bisector.merges

    def _size(self, bisector: Bisector, j: int, onto: str, path: str) -> tuple[int, int]:
        """Conflict regions and lines in ``path`` that patch j adds to the merged prefix."""
        now = self.reader.blob_or_none(f"{bisector.tree(j, onto)}:{path}")
        regions, lines = scoring.conflict_size(now) if now is not None else (1, 0)
        if bisector.shares(j):  # else M_{j-1} has no conflict in patch j's files
            before = self.reader.blob_or_none(f"{bisector.tree(j - 1, onto)}:{path}")
            if before is not None:
                r0, l0 = scoring.conflict_size(before)
                regions, lines = regions - r0, lines - l0
        return regions, lines

    def _api(self, found: list[_Found], at_onto: dict[str, str]) -> None:
        """API breaks per patch, each with the commit that removed the identifier."""
        files: dict[str, QueueFile] = {}
        for p in self.patches:
            for ff in p.files:
                key = ff.origin or ff.path
                incs = tuple(identifiers.includes(b"".join(ff.added)))
                old = files.get(key)
                files[key] = QueueFile(ff.path, ff.origin, at_onto.get(ff.origin) if ff.origin else ff.path,
                                       (old.added_includes if old else ()) + incs)
        # context and removed lines matter where the patch no longer applies exactly: the
        # code it was written against changed, and may be gone altogether
        merged = {j for j, r in enumerate(self.records) if r.outcome in (Outcome.MERGED, Outcome.RESOLVED)}
        used = {s for p in self.patches for s in p.uses} | {s for j in merged for s in self.patches[j].refers}
        breaks = find_breaks(self.git, self.reader, self.base, self.onto, [files[k] for k in sorted(files)],
                             used, self.queue_defined)
        for j, p in enumerate(self.patches):
            refers = {sym: where for sym, where in p.refers.items() if sym not in p.uses} if j in merged else {}
            for sym, where in sorted(p.uses.items()) + sorted(refers.items()):
                removal = breaks.get(sym)
                if removal is None:
                    continue
                found[j].api.append(scoring.ApiBreak(
                    str(sym), where, short(removal.commit) if removal.commit else None, removal.replacement,
                    context=sym in refers))
                if removal.commit:
                    found[j].culprits.append((removal.commit, "removed-api"))

    def _duplicate(self, j: int, f: _FileFacts, rec: PatchRecord, at_onto: dict[str, str],
                   commits: list[history.UpstreamCommit], found: _Found) -> None:
        if not f.added or (f.origin is not None and f.origin not in at_onto):
            return
        target = at_onto[f.origin] if f.origin else f.path
        if f.before is not None and f.path != f.before:
            target = f.path  # the patch renames it: upstream's version is under the new name
        walk = self.walker
        assert rec.commit is not None
        mine = walk.entry(walk.root(rec.commit), target)
        if mine is None:
            return
        if mine == walk.entry(walk.root(f"{rec.commit}^"), target):
            # the forward-ported patch leaves this file as upstream has it: that part is upstream
            found.upstream_files.append(target)
            touched = [c.oid for c in commits if any(fd.new_path == target for fd in c.files)]
            found.culprits += [(c, "merged-upstream") for c in touched[-1:]]
            return
        before_e = walk.entry(walk.root(self.stack.parent(j)), f.before) if f.before else None
        after_e = walk.entry(walk.root(self.onto), target)
        if after_e is None or after_e == before_e:
            return  # upstream's file is the one the patch applied to: nothing of it can be upstream's
        before = walk.content(before_e[1]) if before_e else None
        dup = scoring.duplication(target, f.added, before, walk.content(after_e[1]))
        if dup is None:
            return
        found.duplicates.append(dup)
        lines = {scoring.normalize(x) for x in f.added if scoring.significant(x)}
        names = [n.encode() for n in dup.definitions]
        adders: list[str] = []
        for c in commits:
            for fd in c.files:
                if fd.new_path != target:
                    continue
                new_lines = [x for h in fd.hunks for x in h.added]
                if any(scoring.normalize(x) in lines for x in new_lines) or \
                        any(n in x for n in names for x in new_lines):
                    if c.oid not in adders:
                        adders.append(c.oid)
        found.culprits += [(c, "added-upstream") for c in adders[-MAX_LINE_CULPRITS:]]

    # -------------------------------------------------------------- output

    def _assemble(self, results: list[tuple[scoring.Signals, list[tuple[str, str]]]],
                  probes: list[int]) -> list[PatchScore]:
        infos = commit_infos(self.git, sorted({c for _, cs in results for c, _ in cs}))
        out: list[PatchScore] = []
        for j, (signals, culprits) in enumerate(results):
            a = scoring.assess(signals)
            seen: set[str] = set()
            named: list[Culprit] = []
            for commit, role in sorted(culprits, key=lambda c: ROLES.index(c[1])):
                if commit in seen:
                    continue
                seen.add(commit)
                info = infos.get(commit)
                named.append(Culprit(commit, info.subject if info else "", info.author if info else "", role))
            out.append(PatchScore(self.patches[j].name, j + 1, a.score, a.level, self.records[j].outcome.value,
                                  a.reasons, tuple(named), probes[j]))
        return out


def _directory_evidence(renamed: dict[str, str], added: set[str]) -> set[str]:
    """Renames out of the directories where the queue adds files: what git's directory
    rename detection looks at to decide where those new files belong."""
    dirs = {p.rsplit("/", 1)[0] + "/" for p in added if "/" in p}
    out: set[str] = set()
    for old, new in renamed.items():
        if any(old.startswith(d) for d in dirs):
            out |= {old, new}
    return out
