"""``score``: predict the next forward-port patch by patch, changing nothing.

An engineer wants to know where the weeks will go before spending them, and a
bot whether to go ahead.  Every signal is measured, none guessed from file
names alone:

- the dry-run merge, by exactly the prefix-merge attribution ``rebase`` uses
  (``pipeline.forward``), so a patch the rebase will report as a conflict is
  scored as one;
- upstream commits that changed the very lines (and context) each patch
  touches: one zero-context ``git log`` over the queue's paths, the patch line
  ranges carried through it (``gitio.history``);
- files the patch changes that upstream renamed or deleted;
- API breakage: identifiers the patch's added lines use that upstream removed
  everywhere (a clean merge that will not build);
- already upstream in another form: the patch's added lines or definitions are
  in the new base's version of the file (a clean merge that duplicates code),
  or the patch adds nothing any more.

Culprits: for a conflicting patch, the first commit on the first-parent line
of base..onto at which it stops merging, by bisection (about log2 of the range
in merges per patch, each merge shared by every patch that asks about the same
upstream commit); an upstream merge commit is refined into its side branch. For
an API break, the commit that removed the last use of the identifier; for a
duplicate, the commits that added the lines; plus the commits that changed the
same lines.

Nothing is written except objects in the object store (the old stack and the
merge results, unreferenced): no refs, no files, no index, no work tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xenpatch.core import identifiers, scoring
from xenpatch.core.diff import hunks as diff_hunks, split_file_diffs
from xenpatch.core.identifiers import Symbol
from xenpatch.core.patch import Patch
from xenpatch.core.queue import Workspace
from xenpatch.gitio import history
from xenpatch.gitio.objects import ObjectReader, short
from xenpatch.gitio.repo import commit_infos, resolve, tree_of
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.writes import MergeResult
from xenpatch.pipeline.common import open_queue, require_base
from xenpatch.pipeline.forward import (
    Stack,
    build_stack,
    conflict_regions,
    new_conflicts,
    prefix_merges,
    stack_patch_ids,
    upstream_patch_ids,
)
from xenpatch.pipeline.progress import NoProgress, Progress
from xenpatch.pipeline.score_culprits import Bisector

MAX_LINE_CULPRITS = 5


@dataclass(frozen=True)
class Culprit:
    commit: str
    subject: str
    author: str
    role: str  # first-conflict | removed-api | added-upstream | merged-upstream | changed-lines


@dataclass(frozen=True)
class PatchScore:
    name: str
    position: int  # 1-based place in the series
    score: int
    level: str
    reasons: tuple[str, ...]
    culprits: tuple[Culprit, ...]


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
    bisection_merges: int  # merges the culprit bisection ran (about log2 of the range per conflict)


@dataclass
class _FileFacts:
    """One file of one patch: where it is at base, at onto, and what the patch adds."""

    path: str  # the patch's name for it (new path, else old)
    before: str | None  # its path in the tree the patch applies to (None: the patch creates it)
    origin: str | None  # its path at base (None: the queue created it)
    added: list[bytes]
    spans: list[tuple[int, int]]  # changed line ranges (with context) in base coordinates


@dataclass
class _Patch:
    name: str
    files: list[_FileFacts] = field(default_factory=list)
    uses: dict[Symbol, str] = field(default_factory=dict)  # symbol -> first file using it


def score(
    workspace: Workspace,
    name: str,
    onto: str | None = None,
    progress: Progress | None = None,
) -> ScoreResult:
    opened = open_queue(workspace, name)
    queue, git = opened.queue, opened.git
    base = require_base(queue)
    onto_ref = onto or queue.config.upstream
    onto_commit = resolve(git, onto_ref)
    progress = progress or NoProgress()
    ordered = queue.ordered()
    strips = {n: queue.strip(n) for n, _ in ordered}
    stack = build_stack(git, base, ordered, strips, progress)
    patches, queue_defined = _analyse(ordered, strips)
    with ObjectReader(git) as reader:
        scorer = _Scorer(git, reader, stack, onto_commit, patches, queue_defined, progress)
        scored = scorer.run([p.diff.strip() != b"" for _, p in ordered])
    levels = {lvl: 0 for lvl in scoring.LEVELS}
    for p in scored:
        levels[p.level] += 1
    ranking = tuple(p.name for p in sorted(scored, key=lambda p: (-p.score, p.position)))
    return ScoreResult(
        queue=name, base=str(base), onto=str(onto_commit), onto_ref=onto_ref,
        upstream_commits=len(scorer.line), total=sum(p.score for p in scored), levels=levels,
        patches=tuple(scored), ranking=ranking, bisection_merges=scorer.bisection_merges,
    )


def _analyse(ordered: list[tuple[str, Patch]], strips: dict[str, int]) -> tuple[list[_Patch], set[Symbol]]:
    """Per patch and file: base path, added lines, line ranges mapped back to base, uses."""
    layers: dict[str, tuple[str | None, list[list[history.Hunk]]]] = {}
    defined: set[Symbol] = set()
    out: list[_Patch] = []
    for name, patch in ordered:
        facts = _Patch(name)
        for change, text in split_file_diffs(patch.diff, strip=strips.get(name, 1)) if patch.diff.strip() else []:
            old, new = change.old_path, change.new_path
            hs = diff_hunks(text) if not change.binary else []
            mine = [history.Hunk.from_header(h.old_start, h.old_len, h.new_start, h.new_len) for h in hs]
            added = [line for h in hs for line in h.added]
            if old is not None and change.status != "copied":
                origin, earlier = layers.pop(old, (old, []))
            else:
                origin, earlier = None, []
            spans: list[tuple[int, int]] = []
            if origin is not None:
                back = list(reversed(earlier))
                spans = [history.map_back(h.old_start, h.old_end, back) for h in mine]
            if new is not None:
                layers[new] = (origin, earlier + [mine])
            path = new if new is not None else (old or "")
            before = old if change.status != "added" else None
            facts.files.append(_FileFacts(path, before, origin, added, spans))
            for sym in identifiers.used(added, path):
                facts.uses.setdefault(sym, path)
            defined |= identifiers.defined(added, path)
        out.append(facts)
    return out, defined


class _Scorer:
    """Measures every signal for every patch; one instance per ``score`` call."""

    def __init__(self, git: Git, reader: ObjectReader, stack: Stack, onto: ObjectId, patches: list[_Patch],
                 queue_defined: set[Symbol], progress: Progress) -> None:
        self.git = git
        self.reader = reader
        self.stack = stack
        self.base = stack.base
        self.onto = onto
        self.patches = patches
        self.queue_defined = queue_defined
        self.progress = progress
        self.line = history.first_parent_line(git, self.base, onto)
        self.bisection_merges = 0

    def run(self, has_diff: list[bool]) -> list[PatchScore]:
        git, stack, base, onto = self.git, self.stack, self.base, self.onto
        n = len(self.patches)
        merges = prefix_merges(git, base, onto, stack, progress=self.progress)
        regions = [conflict_regions(self.reader, m) for m in merges]
        onto_tree = tree_of(git, onto)

        renamed, deleted = history.path_fates(git, base, onto)
        base_paths = {f.origin for p in self.patches for f in p.files if f.origin}
        queue_paths = {f.path for p in self.patches for f in p.files if f.origin is None}
        at_onto = {path: renamed.get(path, path) for path in base_paths}
        commits = history.range_log(git, base, onto, base_paths | queue_paths | set(at_onto.values()))
        spans = [history.Span(j, f.origin, a, b) for j, p in enumerate(self.patches)
                 for f in p.files if f.origin for a, b in f.spans]
        history.track(commits, spans)

        paths = sorted({f.before or f.path for p in self.patches for f in p.files} | {f.path for p in self.patches for f in p.files})
        pids = stack_patch_ids(git, stack)
        upstream_pids = upstream_patch_ids(git, base, onto, paths)
        api = self._api_breaks()

        bisector = Bisector(git, self.reader, base, onto, stack, self.line, regions)
        self.progress.start("scoring", n)
        results: list[tuple[scoring.Signals, list[tuple[str, str]]]] = []
        for j, patch in enumerate(self.patches):
            prev_regions = regions[j - 1] if j else {}
            prev_tree = merges[j - 1].tree if j else onto_tree
            fresh = new_conflicts(prev_regions, regions[j])
            culprits: list[tuple[str, str]] = []
            conflicts = tuple(self._conflict(path, k, merges[j], merges[j - 1] if j else None)
                              for path, k in sorted(fresh.items()))
            if fresh:
                culprit = bisector.culprit(j)
                if culprit:
                    culprits.append((culprit, "first-conflict"))
            upstream_note = None
            pid = pids[j] if j < len(pids) else None
            if pid and pid in upstream_pids:
                upstream_note = f"same patch-id as upstream commit {short(upstream_pids[pid])}; drop it"
                culprits.append((upstream_pids[pid], "merged-upstream"))
            elif has_diff[j] and not fresh and merges[j].tree == prev_tree:
                upstream_note = "adds nothing to the new base (already upstream); drop it"
            breaks = []
            for sym, where in sorted(patch.uses.items()):
                removal = api.get(sym)
                if removal is None:
                    continue
                breaks.append(scoring.ApiBreak(str(sym), where, short(removal.commit) if removal.commit else None,
                                               removal.replacement))
                if removal.commit:
                    culprits.append((removal.commit, "removed-api"))
            dups = []
            if upstream_note is None:
                for f in patch.files:
                    dup, adders = self._duplicate(j, f, merges, onto_tree, at_onto, renamed, deleted, commits)
                    if dup:
                        dups.append(dup)
                        culprits += [(c, "added-upstream") for c in adders]
            per_file: dict[str, set[str]] = {}
            hits: list[str] = []
            for s in spans:
                if s.key == j:
                    per_file.setdefault(s.path, set()).update(s.hits)
                    hits += [h for h in s.hits if h not in hits]
            order = {c.oid: i for i, c in enumerate(commits)}
            hits.sort(key=lambda c: order.get(ObjectId(c), 0))
            culprits += [(c, "changed-lines") for c in hits[-MAX_LINE_CULPRITS:]]
            signals = scoring.Signals(
                conflicts=conflicts,
                api=tuple(breaks),
                duplicates=tuple(dups),
                renamed=tuple(sorted((f.origin, renamed[f.origin]) for f in patch.files
                                     if f.origin in renamed)),
                deleted=tuple(sorted(f.origin for f in patch.files if f.origin in deleted)),
                history=tuple(sorted((p, len(c)) for p, c in per_file.items() if c)),
                history_commits=len(hits),
                upstream=upstream_note,
            )
            results.append((signals, culprits))
            self.progress.advance()
        self.progress.done()
        self.bisection_merges = bisector.merges
        return self._assemble(results)

    # -------------------------------------------------------------- signals

    def _conflict(self, path: str, regions: int, merged: MergeResult, before: MergeResult | None) -> scoring.Conflict:
        now = self.reader.blob_or_none(f"{merged.tree}:{path}")
        lines = scoring.conflict_size(now)[1] if now is not None else 0
        if before is not None and path in before.conflicts:
            old = self.reader.blob_or_none(f"{before.tree}:{path}")
            lines -= scoring.conflict_size(old)[1] if old is not None else 0
        return scoring.Conflict(path, regions, max(lines, 1))

    def _api_breaks(self) -> dict[Symbol, history.Removal]:
        """Symbols the queue uses (and does not define) that upstream removed everywhere."""
        defined = {s.name for s in self.queue_defined if s.kind == identifiers.C}
        kdefined = {s.name for s in self.queue_defined if s.kind == identifiers.KCONFIG}
        uses = {s for p in self.patches for s in p.uses}
        wanted = {s.name for s in uses if s.kind == identifiers.C} - defined
        kwanted = {s.name for s in uses if s.kind == identifiers.KCONFIG} - kdefined
        if not wanted and not kwanted:
            return {}
        c_rem, k_rem = history.removed_identifiers(self.git, self.base, self.onto, wanted, kwanted)
        found: dict[Symbol, history.Removal] = {}
        if c_rem.files:
            still = history.occurrences(self.git, self.onto, c_rem.files, history.C_PATHSPEC)
            gone = sorted(n for n in c_rem.files if not still.get(n))
            for n, rem in history.removal_commits(self.git, self.base, self.onto, c_rem, gone).items():
                found[Symbol(identifiers.C, n)] = rem
        if k_rem.files:
            still = history.occurrences(self.git, self.onto, k_rem.files, history.KCONFIG_PATHSPEC)
            gone = sorted(n for n in k_rem.files if not still.get(n))
            for n, rem in history.removal_commits(self.git, self.base, self.onto, k_rem, gone).items():
                found[Symbol(identifiers.KCONFIG, n)] = rem
        return found

    def _duplicate(self, j: int, f: _FileFacts, merges: list[MergeResult], onto_tree: str,
                   at_onto: dict[str, str], renamed: dict[str, str], deleted: set[str],
                   commits: list[history.UpstreamCommit]) -> tuple[scoring.Duplicate | None, list[str]]:
        if not f.added or (f.origin is not None and f.origin in deleted):
            return None, []
        target = at_onto.get(f.origin, f.origin) if f.origin else f.path
        if f.path != f.before and f.before is not None:
            target = f.path  # the patch renames it: upstream's version is under the new name
        target = target or f.path
        mine = self.reader.blob_or_none(f"{merges[j].tree}:{target}")
        prev_tree = merges[j - 1].tree if j else onto_tree
        if mine is not None and mine == self.reader.blob_or_none(f"{prev_tree}:{target}"):
            return None, []  # the merge leaves this file as upstream has it
        before = self.reader.blob_or_none(f"{self.stack.parent(j)}:{f.before}") if f.before else None
        after = self.reader.blob_or_none(f"{self.onto}:{target}")
        dup = scoring.duplication(target, f.added, before, after)
        if dup is None:
            return None, []
        lines = {scoring.normalize(x) for x in f.added if scoring.significant(x)}
        names = set(dup.definitions)
        adders: list[str] = []
        for c in commits:
            for fd in c.files:
                if fd.new_path != target:
                    continue
                new_lines = [x for h in fd.hunks for x in h.added]
                if any(scoring.normalize(x) in lines for x in new_lines) or \
                        any(n.encode() in x for n in names for x in new_lines):
                    if c.oid not in adders:
                        adders.append(c.oid)
        return dup, adders[-MAX_LINE_CULPRITS:]

    # -------------------------------------------------------------- output

    def _assemble(self, results: list[tuple[scoring.Signals, list[tuple[str, str]]]]) -> list[PatchScore]:
        oids = sorted({c for _, cs in results for c, _ in cs})
        infos = commit_infos(self.git, oids)
        out: list[PatchScore] = []
        for j, (signals, culprits) in enumerate(results):
            a = scoring.assess(signals)
            seen: set[str] = set()
            named: list[Culprit] = []
            for commit, role in culprits:
                if commit in seen:
                    continue
                seen.add(commit)
                info = infos.get(commit)
                named.append(Culprit(commit, info.subject if info else "", info.author if info else "", role))
            out.append(PatchScore(self.patches[j].name, j + 1, a.score, a.level, a.reasons, tuple(named)))
        return out
