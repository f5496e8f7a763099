"""API breakage for ``score``: what the queue's added lines use that the new base no longer has.

Why the include graph and not a tree-wide search: the question a compiler
asks is whether the identifiers a file uses are visible through the headers
it includes.  A whole-tree ``git grep`` for every identifier a queue uses
reads all of the tree (seconds per pattern set on a kernel, and minutes with
hundreds of patterns), and a diff of the whole range is hundreds of megabytes
when upstream moved by a release.  The headers the queue's files include,
transitively, resolved along kbuild's include path, are a few thousand small
blobs read through one ``cat-file --batch``: an identifier the queue uses (and
does not define) that those headers or the files themselves mention at base
and no longer mention at the new base is an API that upstream removed or
renamed, whatever the textual merge says.  Kconfig symbols are checked against
the Kconfig files (``config NAME``), which are small enough to search.

The commit that removed an identifier is found by ``history.removal_commits``
over just the files that had it, with a guess at its new name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xenpatch.core import identifiers
from xenpatch.core.identifiers import Symbol
from xenpatch.gitio import history
from xenpatch.gitio.objects import ObjectReader
from xenpatch.gitio.run import Git
from xenpatch.gitio.trees import TreeWalker


@dataclass(frozen=True)
class QueueFile:
    """A file the queue changes: its path at base and at the new base (None where absent)."""

    path: str  # the queue's name for it
    base_path: str | None
    onto_path: str | None
    added_includes: tuple[tuple[str, str], ...]  # #include lines the queue adds to it


class IncludeView:
    """The headers reachable from some files at one revision, with the wanted words in each.

    Paths are looked up in the revision's tree in process (``TreeWalker``), and a header's
    words and includes are read once per blob: between two kernel releases most headers
    are the same blob at both ends, so the second view costs little.
    """

    def __init__(self, walker: TreeWalker, rev: str, wanted: frozenset[bytes],
                 blobs: dict[str, tuple[set[bytes], list[tuple[str, str]]]]) -> None:
        self.walker = walker
        self.tree = walker.root(rev)
        self.wanted = wanted
        self._blobs = blobs  # blob id -> (wanted words, includes), shared between views
        self.words: dict[str, set[bytes]] = {}  # loaded file -> wanted words in it
        self._includes: dict[str, list[tuple[str, str]]] = {}
        self._missing: set[str] = set()
        self._visited: set[str] = set()
        self._resolved: dict[tuple[str, str, str, str], str | None] = {}

    def _load(self, path: str) -> bool:
        if path in self.words:
            return True
        if path in self._missing:
            return False
        entry = self.walker.entry(self.tree, path)
        if entry is None or entry[0] in ("40000", "160000"):
            self._missing.add(path)
            return False
        facts = self._blobs.get(entry[1])
        if facts is None:
            blob = self.walker.content(entry[1])
            facts = (identifiers.words(blob, self.wanted), identifiers.includes(blob))
            self._blobs[entry[1]] = facts
        self.words[path], self._includes[path] = facts
        return True

    def _resolve(self, source: str, delim: str, target: str) -> str | None:
        arch = identifiers.arch_of(source)
        key = (source.rsplit("/", 1)[0] if delim == '"' else "", arch, delim, target)
        if key not in self._resolved:
            self._resolved[key] = next(
                (c for c in identifiers.include_candidates(source, delim, target, arch) if self._load(c)), None)
        return self._resolved[key]

    def visit(self, path: str, extra: tuple[tuple[str, str], ...] = ()) -> None:
        """Load ``path`` (if it exists at this revision) and every header it reaches,
        following ``extra`` include lines as if ``path`` had them too."""
        self._load(path)
        todo = [(path, list(extra))]
        while todo:
            src, more = todo.pop()
            for delim, target in self._includes.get(src, []) + more:
                found = self._resolve(src, delim, target)
                if found is not None and found not in self._visited:
                    self._visited.add(found)
                    todo.append((found, []))

    def visible(self) -> set[bytes]:
        out: set[bytes] = set()
        for ws in self.words.values():
            out |= ws
        return out


def find_breaks(git: Git, reader: ObjectReader, base: str, onto: str, files: list[QueueFile],
                used: set[Symbol], defined: set[Symbol]) -> dict[Symbol, history.Removal]:
    """Symbols in ``used`` (and not in ``defined``) that base provides to the queue's files
    and onto does not, each with the commit that removed it."""
    own = {s.name for s in defined}
    wanted_c = sorted({s.name for s in used if s.kind == identifiers.C} - own)
    wanted_k = sorted({s.name for s in used if s.kind == identifiers.KCONFIG} - own)
    found: dict[Symbol, history.Removal] = {}
    if wanted_c:
        wanted = frozenset(n.encode() for n in wanted_c)
        walker = TreeWalker(reader)
        blobs: dict[str, tuple[set[bytes], list[tuple[str, str]]]] = {}
        before = IncludeView(walker, base, wanted, blobs)
        after = IncludeView(walker, onto, wanted, blobs)
        roots: set[str] = set()
        for f in files:
            if not f.onto_path:
                continue  # upstream deleted it: that is a conflict, not an API question
            before.visit(f.base_path or f.path, f.added_includes)
            after.visit(f.onto_path, f.added_includes)
            if f.base_path:
                roots.add(f.base_path)
        gone: list[str] = []
        for name in sorted(n.decode() for n in before.visible() - after.visible()):
            had = [p for p, ws in before.words.items() if name.encode() in ws]
            # Seen only in the queue's own files: an API only if one of them defines it
            # at file scope (a goto label or a local variable is not upstream's API).
            if all(p in roots for p in had) and not any(
                    identifiers.defines_in(reader.blob_or_none(f"{base}:{p}") or b"", p, name) for p in had):
                continue
            gone.append(name)
        for name, removal in _removals(git, reader, base, onto, before.words, gone).items():
            found[Symbol(identifiers.C, name)] = removal
    if wanted_k:
        at_base = history.kconfig_defined(git, base, wanted_k)
        at_onto = history.kconfig_defined(git, onto, wanted_k)
        dropped = sorted(set(at_base) - set(at_onto))
        kfiles = {p: {n.encode() for n in dropped if p in at_base[n]} for n in dropped for p in at_base[n]}
        for name, removal in _removals(git, reader, base, onto, kfiles, dropped).items():
            found[Symbol(identifiers.KCONFIG, name)] = removal
    return found


def _removals(git: Git, reader: ObjectReader, base: str, onto: str, words: dict[str, set[bytes]],
              gone: list[str]) -> dict[str, history.Removal]:
    """The commit that removed each of ``gone`` from the files (``words``: path -> words) that had it."""
    if not gone:
        return {}
    where: dict[str, tuple[str, ...]] = {}
    count: dict[str, int] = {}
    for name in gone:
        paths = tuple(sorted(p for p, ws in words.items() if name.encode() in ws))
        word = re.compile(rb"\b" + re.escape(name.encode()) + rb"\b")
        where[name] = paths
        count[name] = sum(len(word.findall(reader.blob_or_none(f"{base}:{p}") or b"")) for p in paths)
    return history.removal_commits(git, base, onto, history.RangeRemovals(where, count), gone)
