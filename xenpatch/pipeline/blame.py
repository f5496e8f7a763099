"""Whose fault is a failing check: the patch's, or the new upstream's, and which commit.

Why compare against a base where the prefix was *checked*: after ``rebase``
(which runs no check) the queue's base is already the new upstream, so "the
same prefix on the old base" there is the same failing tree, and a build break
the new upstream caused looks like the patch's own bug.  The old prefixes come
from the rev records instead: each rev that moved the queue keeps its applied
stack (``refs/xenpatch/NAME/rev-N``), so the failing prefix as it was on each
earlier base is one commit away, newest base first.  A base whose result is in
the check cache was checked; one that never was is checked now (once).  A
fresh failure there proves nothing about the newer upstream, so the search
goes one base further back; a failure known from before means the prefix was
already failing when it was last checked: the patch's own bug.

When the prefix passes on an earlier base G and fails on the new base, the
first-parent upstream line G..onto is bisected (N-ary with N work trees), the
prefix applied in memory at each probe by a 3-way merge of its change (as on G,
else as on the new base) into that upstream commit; a commit where neither
version merges cleanly cannot be tested and is skipped, like ``git bisect
skip``.  The first failing commit is named with its subject and author.
The same search names the upstream commit that broke a bare base.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from xenpatch.core.bisect import Evaluate, search
from xenpatch.core.progress import NoProgress, Progress
from xenpatch.core.queue import Queue
from xenpatch.core.revs import list_revs
from xenpatch.core.words import count
from xenpatch.engine import Stack, build_stack
from xenpatch.errors import XenpatchError
from xenpatch.gitio import history
from xenpatch.gitio.merge import merge_trees
from xenpatch.gitio.objects import commit_tree, short
from xenpatch.gitio.repo import commit_exists, commit_infos, merge_base, tree_of
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.pipeline.checkrun import Checker
from xenpatch.pipeline.checkseries import CheckSeries
from xenpatch.pipeline.score import Culprit

# rev statuses whose stack became the queue's content (a candidate's stack may hold provisional commits)
MOVED_QUEUE = ("imported", "rebased", "stabilized")
CULPRIT_ROLE = "broke-check"


@dataclass(frozen=True)
class OldPrefix:
    """The failing prefix as it was on an earlier base."""

    base: ObjectId
    commit: ObjectId  # base + the prefix (the base itself for the bare base)
    rev: int | None  # the rev whose stack holds it (None: built from the queue's patches)
    label: str = ""  # how to name the base to a human

    def where(self) -> str:
        return self.label or short(self.base)


@dataclass(frozen=True)
class Blame:
    cause: str  # "patch", "upstream", "base"
    compared_with: str | None  # the earlier base the prefix passed on (or last failed on)
    compared_rev: int | None  # the rev whose stack gave that prefix
    compared: str  # that base, named for a human ("v6.1 (21bc7e82ff77, rev 1)")
    culprit: Culprit | None  # the upstream commit that broke it
    upstream_range: int  # first-parent commits between the passing base and the new one
    upstream_checks: int  # checks the upstream bisection ran (cached answers excluded)
    untestable: tuple[str, ...]  # upstream commits the prefix could not be applied to
    explanation: str


class OldBases:
    """Every earlier base of a queue and the applied stack it had there, newest first.

    Read once per run (the rev records, and at most one stack built from the
    queue's patches when no rev holds one), so asking for many prefixes (the
    look-ahead during the series search asks for several) costs nothing more.
    """

    def __init__(self, git: Git, queue: Queue, onto: str, current: Stack | None = None) -> None:
        """``current``: the queue's patches applied on its own base, when the caller has them
        (the forward-port starts from that stack)."""
        self.git = git
        self.queue = queue
        self.current = current
        self._stacks: list[tuple[OldPrefix, dict[str, str]]] | None = None
        self.onto = str(onto)

    def _load(self) -> list[tuple[OldPrefix, dict[str, str]]]:
        if self._stacks is not None:
            return self._stacks
        stacks: list[tuple[OldPrefix, dict[str, str]]] = []
        seen = {self.onto}
        for rev in reversed(list_revs(self.queue.root)):
            if rev.status not in MOVED_QUEUE or rev.onto in seen or not commit_exists(self.git, rev.onto):
                continue
            commits = {p.name: p.commit for p in rev.patches if p.commit}
            last = next(reversed(commits.values()), None)
            if last is not None and not commit_exists(self.git, last):
                continue  # its stack is gone (refs deleted and garbage-collected)
            seen.add(rev.onto)
            name = "the import base" if rev.status == "imported" else rev.onto_ref
            where = f"{name} ({short(rev.onto)}, rev {rev.rev})"
            stacks.append((OldPrefix(ObjectId(rev.onto), ObjectId(rev.onto), rev.rev, where), commits))
        base = self.queue.state.base
        if not stacks and base and base not in seen:
            # no rev yet (nothing forward-ported): the queue's patches on its own base
            stack = self.current if self.current is not None and self.current.base == base else None
            if stack is None:
                ordered = self.queue.ordered()
                try:
                    stack = build_stack(self.git, base, ordered, {n: self.queue.strip(n) for n, _ in ordered})
                except XenpatchError:
                    pass
            commits = dict(zip(stack.names, (str(c) for c in stack.commits))) if stack is not None else {}
            stacks.append((OldPrefix(ObjectId(base), ObjectId(base), None, f"the queue's base ({short(base)})"),
                           commits))
        self._stacks = stacks
        return stacks

    def prefixes(self, patch: str | None) -> list[OldPrefix]:
        """The prefix ending at ``patch`` (the bare base for None) on each earlier base that has it."""
        found = []
        for base, commits in self._load():
            commit = base.base if patch is None else commits.get(patch)
            if commit is not None:
                found.append(OldPrefix(base.base, ObjectId(commit), base.rev, base.label))
        return found


def blame(git: Git, queue: Queue, checker: Checker, series: CheckSeries, k: int,
          progress: Progress | None = None, bases: OldBases | None = None) -> Blame:
    """Blame the first failing point ``k`` of ``series`` (0: the bare new base)."""
    progress = progress or NoProgress()
    patch = series.names[k - 1] if k else None
    label = patch or ""
    last_failed: OldPrefix | None = None
    good: OldPrefix | None = None
    for cand in (bases or OldBases(git, queue, series.base)).prefixes(patch):
        tree = tree_of(git, cand.commit)
        result = checker.known(tree)
        known_before = tree in checker.known_before
        if result is None:
            result = checker.run(tree, label)
        if result.ok:
            good = cand
            break
        last_failed = cand
        if known_before:
            break  # it already failed when it was checked there
    own = "patch" if patch else "base"
    if good is None:
        where = f" {last_failed.where()}" if last_failed else ""
        if last_failed is None:
            why = "no earlier base to compare with"
        elif patch:
            why = f"fails on the earlier base{where} too: the patch's own bug"
        else:
            why = f"the earlier base{where} fails the check too: the check itself or its environment"
        return Blame(own, str(last_failed.base) if last_failed else None, last_failed.rev if last_failed else None,
                     last_failed.where() if last_failed else "", None, 0, 0, (), why)
    return _bisect_upstream(git, checker, series, k, good, progress)


def _bisect_upstream(git: Git, checker: Checker, series: CheckSeries, k: int, good: OldPrefix,
                     progress: Progress) -> Blame:
    line = history.first_parent_line(git, good.base, series.base)
    versions = [(good.base, good.commit), (series.base, series.head(k))] if k else []
    probe = _Prober(git, checker, versions, series.names[k - 1] if k else "", progress)
    n = len(line)
    before = checker.executed
    progress.start("bisecting upstream", max(2, n.bit_length()))
    found = search(n, probe.evaluator([c for c, _ in line]), checker.jobs, known={0: True, n: False}) if n else None
    passed = f"passes on {good.where()}"
    cause = "upstream" if k else "base"
    if found is None or not found.first_bad:
        progress.done()
        return Blame(cause, str(good.base), good.rev, good.where(), None, n, checker.executed - before, (),
                     f"{passed}; the new upstream broke it")
    commit, parents = line[found.first_bad - 1]
    untestable = tuple(str(line[i - 1][0]) for i in found.untestable)
    if len(parents) > 1 and not untestable:
        commit = _refine_merge(git, probe, parents[0], parents[1]) or commit
    progress.done()
    info = commit_infos(git, [commit]).get(commit)
    culprit = Culprit(str(commit), info.subject if info else "", info.author if info else "", CULPRIT_ROLE)
    what = f"the new upstream broke it at {short(commit)} \"{culprit.subject}\" ({culprit.author})"
    if untestable:
        what += f", or at one of the {count(len(untestable), 'commit')} before it that could not be tested"
    return Blame(cause, str(good.base), good.rev, good.where(), culprit, n, checker.executed - before, untestable,
                 f"{passed}; {what}")


class _Prober:
    """Upstream commits with the failing prefix merged in, checked in rounds."""

    def __init__(self, git: Git, checker: Checker, versions: list[tuple[ObjectId, ObjectId]], label: str,
                 progress: Progress) -> None:
        self.git, self.checker, self.versions, self.label, self.progress = git, checker, versions, label, progress
        self._trees: dict[str, str | None] = {}

    def tree(self, commit: str | None) -> str | None:
        """``commit`` with the prefix applied (its change as on the passing base, else as on the
        new one); None when it goes on neither way and the commit cannot be tested."""
        if commit is None:
            return None
        if commit not in self._trees:
            if not self.versions:
                self._trees[commit] = tree_of(self.git, commit)
            else:
                self._trees[commit] = None
                for base, prefix in self.versions:
                    merge = merge_trees(self.git, base, commit, prefix)
                    if merge.clean:
                        self._trees[commit] = merge.tree
                        break
        return self._trees[commit]

    def evaluator(self, commits: Sequence[str | None] | Callable[[int], str | None]) -> Evaluate:
        def commit_at(i: int) -> str | None:
            return commits(i) if callable(commits) else commits[i - 1]

        def evaluate(points: Sequence[int], lo: int, hi: int) -> dict[int, bool | None]:
            wanted = {i: self.tree(commit_at(i)) for i in points}
            results = self.checker.run_many([(t, self.label) for t in wanted.values() if t is not None])
            self.progress.advance(len(points))
            return {i: (results[t].ok if t is not None else None) for i, t in wanted.items()}

        return evaluate


def _refine_merge(git: Git, probe: _Prober, mainline: ObjectId, tip: ObjectId) -> ObjectId | None:
    """The commit of a merged branch that broke the check, when the first-parent culprit is a merge.

    Each probe is the mainline merged (in memory) with the branch up to one of its
    commits, as ``git bisect`` would see the branch land commit by commit; None
    when even the whole branch merged in passes (the merge's own resolution broke it).
    """
    fork = merge_base(git, mainline, tip)
    if fork is None:
        return None
    side = [c for c, _ in history.first_parent_line(git, fork, tip)]
    partial: dict[int, str | None] = {}

    def landed(j: int) -> str | None:
        if j not in partial:
            commit = side[j - 1]
            merge = merge_trees(git, merge_base(git, mainline, commit) or fork, mainline, commit)
            partial[j] = commit_tree(git, merge.tree, [mainline, commit], b"xenpatch: bisection probe\n") \
                if merge.clean else None
        return partial[j]

    found = search(len(side), probe.evaluator(landed), probe.checker.jobs, known={0: True}) if side else None
    if found is None or not found.first_bad or found.untestable:
        return None
    return side[found.first_bad - 1]
