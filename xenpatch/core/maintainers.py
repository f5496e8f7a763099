"""The kernel's MAINTAINERS file: who owns a path, with get_maintainer.pl's matching rules.

Why our own parser: ``split`` groups a monolithic patch by subsystem and ``export``
addresses mail to the right people, and both must agree with what kernel
developers get from ``scripts/get_maintainer.pl``.  The semantics kept from it:

- a section is a title line followed by ``X: value`` lines (``M:`` maintainer,
  ``R:`` reviewer, ``L:`` list, ``S:`` status, ``F:`` file pattern, ``X:``
  excluded pattern, ``N:`` file-name regex, ``K:`` content keyword regex); the
  preamble (indented tag descriptions, prose) forms no section;
- ``F: dir/`` matches every file below ``dir``; ``*`` and ``?`` are globs that do
  not cross ``/``; a pattern without a trailing slash and without globs also
  matches below it as a directory (get_maintainer adds the slash when the path is
  a directory on disk);
- an ``X:`` match removes the section for that file;
- specificity is the pattern's depth: the number of ``/`` in it, plus one when it
  does not end in ``/`` (so ``drivers/xen/events/`` = 3 beats ``drivers/xen/`` = 2
  and ``drivers/xen/*.c`` = 3); ``N:`` matches count 0.  Ties go to the longer
  pattern, then to the earlier section.

Matching is indexed by the literal directory prefix of each pattern, so a path is
tested only against patterns that could match it (the real file has ~20,000 F:
lines; testing each file against all of them would dominate ``split``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TAG_RE = re.compile(r"^([A-Z]):\s*(.*?)\s*$")
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class Section:
    """One MAINTAINERS entry."""

    name: str
    maintainers: tuple[str, ...] = ()
    reviewers: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    status: str = ""
    files: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    regexes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    line: int = 0  # line number of the title in the file

    @property
    def people(self) -> tuple[str, ...]:
        """Maintainers then reviewers, as get_maintainer lists them for To:/Cc:."""
        return self.maintainers + self.reviewers


@dataclass(frozen=True)
class Match:
    """A section that covers a path, with the pattern that matched and its specificity."""

    section: Section
    pattern: str  # the F: pattern, or "N: regex"
    specificity: int

    def describe(self) -> str:
        return f"MAINTAINERS: {self.section.name} ({self.pattern})"


def parse_maintainers(text: str) -> list[Section]:
    """Every section of a MAINTAINERS file, in file order."""
    sections: list[Section] = []
    title: str | None = None
    title_line = 0
    tags: dict[str, list[str]] = {}

    def flush() -> None:
        if title is not None and tags:
            sections.append(Section(
                name=title,
                maintainers=tuple(tags.get("M", ())),
                reviewers=tuple(tags.get("R", ())),
                lists=tuple(tags.get("L", ())),
                status=(tags.get("S") or [""])[0],
                files=tuple(tags.get("F", ())),
                excludes=tuple(tags.get("X", ())),
                regexes=tuple(tags.get("N", ())),
                keywords=tuple(tags.get("K", ())),
                line=title_line,
            ))

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.strip():
            continue
        m = _TAG_RE.match(line)
        if m and title is not None:
            tags.setdefault(m.group(1), []).append(m.group(2))
            continue
        if line[:1].isspace() or line.lstrip().startswith("#"):
            continue  # preamble description lines are indented
        flush()
        title, title_line, tags = line.strip(), number, {}
    flush()
    return sections


def _has_glob(component: str) -> bool:
    return any(c in _GLOB_CHARS for c in component)


def _glob_regex(pattern: str) -> str:
    """Translate a glob with ``*``/``?`` that never cross ``/`` (``[...]`` kept as a class)."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                out.append(re.escape(c))
            else:
                out.append("[" + pattern[i + 1:end].replace("\\", "\\\\") + "]")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


class _Pattern:
    """One F:/X: pattern; literal patterns compare strings, globs compile a regex on first use."""

    __slots__ = ("text", "depth", "key", "_body", "_is_dir", "_glob", "_rx")

    def __init__(self, text: str, body: str, is_dir: bool, depth: int, key: str) -> None:
        self.text = text
        self.depth = depth
        self.key = key
        self._body = body
        self._is_dir = is_dir
        self._glob = any(c in _GLOB_CHARS for c in body)
        self._rx: re.Pattern[str] | None = None

    def matches(self, path: str) -> bool:
        body = self._body
        if not body:
            return True
        if not self._glob:
            if path.startswith(body + "/"):
                return True
            return not self._is_dir and path == body
        if self._rx is None:
            rx = _glob_regex(body) + ("/.*" if self._is_dir else "")
            self._rx = re.compile(rx, re.DOTALL)
        return self._rx.fullmatch(path) is not None


def _compile(pattern: str) -> _Pattern | None:
    text = pattern.strip()
    if text.startswith("./"):
        text = text[2:]
    if not text:
        return None
    is_dir = text.endswith("/")
    body = text.rstrip("/")
    parts = body.split("/") if body else []
    literal: list[str] = []
    for part in parts if is_dir else parts[:-1]:
        if _has_glob(part):
            break
        literal.append(part)
    depth = text.count("/") + (0 if is_dir else 1)
    return _Pattern(text, body, is_dir, depth if body else 0, "/".join(literal))


@dataclass
class MaintainersIndex:
    """Sections plus a lookup index; build once with ``index(sections)``, query many paths."""

    sections: list[Section]
    _by_key: dict[str, list[tuple[int, _Pattern]]] = field(default_factory=dict)
    _excludes: dict[int, list[_Pattern]] = field(default_factory=dict)
    _regexes: list[tuple[int, str, re.Pattern[str]]] = field(default_factory=list)

    def match(self, path: str) -> list[Match]:
        """Sections covering ``path``, most specific first (see the module docstring)."""
        parts = path.split("/")
        keys = ["/".join(parts[:k]) for k in range(len(parts))]
        best: dict[int, tuple[int, int, str]] = {}
        for key in keys:
            for sec_idx, pat in self._by_key.get(key, ()):
                if pat.matches(path):
                    rank = (pat.depth, len(pat.text), pat.text)
                    if sec_idx not in best or rank[:2] > best[sec_idx][:2]:
                        best[sec_idx] = rank
        for sec_idx, text, rx in self._regexes:
            if sec_idx not in best and rx.search(path):
                best[sec_idx] = (0, 0, f"N: {text}")
        found: list[Match] = []
        for sec_idx, (depth, _, text) in best.items():
            if any(x.matches(path) for x in self._excludes.get(sec_idx, ())):
                continue
            found.append(Match(self.sections[sec_idx], text if text.startswith("N: ") else f"F: {text}", depth))
        found.sort(key=lambda m: (-m.specificity, -len(m.pattern), m.section.line, m.section.name))
        return found


def index(sections: list[Section]) -> MaintainersIndex:
    """Compile every pattern once; invalid N:/K: regexes are skipped (get_maintainer warns)."""
    idx = MaintainersIndex(list(sections))
    for k, sec in enumerate(idx.sections):
        for f in sec.files:
            pat = _compile(f)
            if pat is not None:
                idx._by_key.setdefault(pat.key, []).append((k, pat))
        for x in sec.excludes:
            pat = _compile(x)
            if pat is not None:
                idx._excludes.setdefault(k, []).append(pat)
        for n in sec.regexes:
            try:
                idx._regexes.append((k, n, re.compile(n, re.VERBOSE)))
            except re.error:
                continue
    return idx


_INDEX_CACHE: dict[int, tuple[list[Section], MaintainersIndex]] = {}


def match(sections: list[Section], path: str) -> list[Match]:
    """Sections covering ``path``, most specific first.

    Convenience form; for many paths build ``index(sections)`` once (this caches
    the index of the last list it saw).
    """
    cached = _INDEX_CACHE.get(id(sections))
    if cached is None or cached[0] is not sections:
        _INDEX_CACHE.clear()
        cached = (sections, index(sections))
        _INDEX_CACHE[id(sections)] = cached
    return cached[1].match(path)


def keyword_match(sections: list[Section], text: str) -> list[Section]:
    """Sections whose ``K:`` keyword regexes occur in ``text`` (patch content)."""
    found: list[Section] = []
    for sec in sections:
        for k in sec.keywords:
            try:
                if re.search(k, text, re.VERBOSE):
                    found.append(sec)
                    break
            except re.error:
                continue
    return found
