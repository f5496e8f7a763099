"""Clean but wrong: what a textually clean forward-port can still get wrong.

Two signals the merge itself cannot see:

- a patch that no longer applies exactly and whose hunk sits inside a
  definition (function, struct, macro) that upstream changed in the range: the
  3-way merge may be clean, but the patch was written against a body that is
  gone (Debian reverted its Zen1 FPDSS patch "as redundant" after the stable
  release reworked ``init_amd_zen1()``, the function the patch edits);
- an upstream commit in the range with the patch's subject, touching its files,
  while the patch still applies and adds code of its own: most likely merged
  upstream in another form, which only a human can confirm.

Definitions are found in the file the patch applies to (its old stack
parent), mapped back to base coordinates through the earlier patches on that
file, and carried through the upstream range with the same line tracking as
the changed-lines signal (``gitio.history.track``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, Sequence

from xenpatch.core.definitions import enclosing
from xenpatch.core.hunks import Edit, map_back
from xenpatch.core.model import Outcome
from xenpatch.core.revs import PatchRecord
from xenpatch.core.scoring import Rework
from xenpatch.core.subjects import distinctive, normalize_subject
from xenpatch.engine.stack import Stack
from xenpatch.engine.upstream import Upstream, UpstreamCommit, shares_files
from xenpatch.gitio import history
from xenpatch.gitio.objects import ObjectReader, short
from xenpatch.gitio.run import Git


class FileFacts(Protocol):
    @property
    def before(self) -> str | None: ...
    @property
    def origin(self) -> str | None: ...
    @property
    def hunk_ranges(self) -> list[tuple[int, int]]: ...
    @property
    def back(self) -> list[list[Edit]]: ...


class PatchFacts(Protocol):
    @property
    def files(self) -> Sequence[FileFacts]: ...


@dataclass
class ReworkFound:
    reworks: list[Rework] = field(default_factory=list)
    culprits: list[tuple[str, str]] = field(default_factory=list)  # (commit, role)


NOT_EXACT = (Outcome.MERGED, Outcome.RESOLVED)


def reworked_definitions(reader: ObjectReader, stack: Stack, patches: Sequence[PatchFacts],
                         records: tuple[PatchRecord, ...],
                         commits: list[history.UpstreamCommit]) -> dict[int, ReworkFound]:
    """Per patch that needed a 3-way merge: the definitions it edits that upstream changed."""
    spans: list[history.Span] = []
    names: list[str] = []
    for j, p in enumerate(patches):
        if records[j].outcome not in NOT_EXACT:
            continue
        for ff in p.files:
            if ff.origin is None or ff.before is None:
                continue
            text = reader.blob_or_none(f"{stack.parent(j)}:{ff.before}")
            if text is None:
                continue
            seen: set[str] = set()
            for first, end in ff.hunk_ranges:
                d = enclosing(text, first, max(first, end - 1))
                if d is None or d.name in seen:
                    continue
                seen.add(d.name)
                start, stop = map_back(d.start, d.end + 1, ff.back)
                spans.append(history.Span(j, ff.origin, start, stop))
                names.append(d.name)
    history.track(commits, spans)
    found: dict[int, ReworkFound] = {}
    for span, name in zip(spans, names):
        # a commit that deleted or renamed the file moved the definition, it did not rework it
        hits = [h for h in span.hits if h != span.gone]
        if not hits:
            continue
        f = found.setdefault(span.key, ReworkFound())
        last = hits[-1]
        f.reworks.append(Rework(name, span.path, short(last), len(hits)))
        f.culprits.append((last, "reworked-definition"))
    return found


def same_subject(git: Git, upstream: Upstream, paths: list[str], subject: str,
                 commits: list[UpstreamCommit]) -> UpstreamCommit | None:
    """An upstream commit (from ``commits``, newest first) with this subject on the same files."""
    wanted = normalize_subject(subject)
    if not distinctive(wanted):
        return None
    for c in commits:
        if normalize_subject(c.subject) == wanted and shares_files(c.files, paths):
            return c
    return None
