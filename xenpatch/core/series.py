"""The quilt ``series`` file, kept line for line.

Why raw lines: users edit the series by hand (comments explaining why a patch is
there, blank lines grouping subsystems, ``-p0`` for old patches, MQ-style guards
such as ``#+xen`` or ``#-rt``) and commit it next to the patches.  xenpatch only
ever adds, drops or reorders patch lines; every other byte stays as the user
wrote it, and ``Series.parse(data).to_bytes() == data``.

Line grammar (what quilt and Mercurial MQ accept)::

    blank line | '#' comment | name [-pN] [-R] [#+guard | #-guard ...] [# comment]

Guards follow MQ: a patch with positive guards is applied only when one of them
is active; an active negative guard excludes it; unguarded patches always apply.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from xenpatch.errors import BadInput

_GUARD_RE = re.compile(r"\s?#([-+][^-+# \t\r\n\f][^# \t\r\n\f]*)")
_STRIP_RE = re.compile(r"^-p(\d+)$")


@dataclass(frozen=True)
class SeriesEntry:
    """One patch line: its name, quilt options, MQ guards and the raw line."""

    name: str
    strip: int
    reverse: bool
    guards: tuple[str, ...]
    comment: str
    raw: bytes
    lineno: int

    def selected(self, active: frozenset[str]) -> bool:
        """MQ's rule: an active negative guard excludes; positive guards need one active."""
        if any(g[0] == "-" and g[1:] in active for g in self.guards):
            return False
        positive = [g[1:] for g in self.guards if g[0] == "+"]
        return not positive or any(g in active for g in positive)


def _parse_entry(text: str, raw: bytes, lineno: int, source: str) -> SeriesEntry:
    hash_at = text.find("#")
    words = (text if hash_at < 0 else text[:hash_at]).split()
    comment = "" if hash_at < 0 else text[hash_at:]
    name = words[0]
    check_name(name, f"{source}:{lineno}")
    strip, reverse = 1, False
    for word in words[1:]:
        m = _STRIP_RE.match(word)
        if m:
            strip = int(m.group(1))
        elif word == "-R":
            reverse = True
        else:
            raise BadInput(f"{source}:{lineno}: unknown option {word!r} for patch {name}",
                           "series options are -pN and -R; put remarks after a '#'")
    guards = tuple(_GUARD_RE.findall(comment))
    return SeriesEntry(name, strip, reverse, guards, comment, raw, lineno)


def check_name(name: str, where: str) -> None:
    """Reject patch names that are absolute or climb out of the patches directory."""
    if name.startswith("/") or ".." in name.split("/"):
        raise BadInput(f"{where}: patch name {name!r} points outside the patches directory",
                       "use a path relative to the patches directory, without '..'")


@dataclass(frozen=True)
class Series:
    """The series file as raw lines; ``entries`` are the patch lines among them."""

    source: str
    lines: tuple[bytes, ...]
    entries: tuple[SeriesEntry, ...]

    @classmethod
    def parse(cls, data: bytes, source: str = "series") -> Series:
        """Read a series file; BadInput (with the line number) on duplicates, bad options or names."""
        parts = data.split(b"\n")
        lines = [p + b"\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
        return cls._from_lines(lines, source)

    @classmethod
    def _from_lines(cls, lines: list[bytes], source: str) -> Series:
        entries: list[SeriesEntry] = []
        seen: dict[str, int] = {}
        for k, raw in enumerate(lines, 1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise BadInput(f"{source}:{k}: line is not valid UTF-8",
                               "save the series file as UTF-8") from None
            stripped = text.strip()
            if not stripped or stripped.startswith("#"):
                continue
            entry = _parse_entry(stripped, raw, k, source)
            if entry.name in seen:
                raise BadInput(f"{source}:{k}: patch {entry.name} is listed twice "
                               f"(first on line {seen[entry.name]})",
                               "remove one of the two lines")
            seen[entry.name] = k
            entries.append(entry)
        return cls(source, tuple(lines), tuple(entries))

    def to_bytes(self) -> bytes:
        return b"".join(self.lines)

    # ------------------------------------------------------------ queries

    def names(self, guards: frozenset[str] | None = None) -> list[str]:
        """Patch names in order; with ``guards`` (the active set) only the selected ones."""
        if guards is None:
            return [e.name for e in self.entries]
        return [e.name for e in self.entries if e.selected(guards)]

    def entry(self, name: str) -> SeriesEntry:
        for e in self.entries:
            if e.name == name:
                return e
        raise BadInput(f"{self.source}: no patch named {name}",
                       "check the name against the series file")

    def strip(self, name: str) -> int:
        """The ``-pN`` level quilt applies the patch with (1 unless the line says otherwise)."""
        return self.entry(name).strip

    def __contains__(self, name: object) -> bool:
        return any(e.name == name for e in self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    # ------------------------------------------------------------ edits

    def without(self, name: str) -> Series:
        """Drop that patch's line; comments and every other line stay."""
        target = self.entry(name)
        lines = [ln for k, ln in enumerate(self.lines, 1) if k != target.lineno]
        return self._from_lines(lines, self.source)

    def append(self, name: str) -> Series:
        """Add ``name`` as the last line."""
        return self.with_names(self.names() + [name])

    def with_names(self, names: list[str]) -> Series:
        """The series with exactly ``names`` as its patches, in that order.

        Rule: comments and blank lines stay where they are.  Patches no longer in
        ``names`` lose their line.  The largest set of surviving patches that are
        already in the right relative order keep their lines in place; every other
        name (new, or moved) is written right after the line of the name before it
        in ``names`` (a first name goes before the first kept patch line, or at the
        end when none is kept).  Moved patches keep their raw line (options, guards,
        comment); new ones are written as a bare ``name`` line.
        """
        where = f"{self.source} (new series)"
        if len(set(names)) != len(names):
            dup = next(nm for nm in names if names.count(nm) > 1)
            raise BadInput(f"{where}: patch {dup} is listed twice", "pass each name once")
        for nm in names:
            if not nm or nm != nm.strip() or any(c.isspace() or c == "#" for c in nm):
                raise BadInput(f"{where}: invalid patch name {nm!r}",
                               "patch names cannot be empty or contain spaces or '#'")
            check_name(nm, where)
        order = {nm: k for k, nm in enumerate(names)}
        by_line = {e.lineno: e for e in self.entries}
        survivors = [e for e in self.entries if e.name in order]
        keep = _longest_increasing([order[e.name] for e in survivors])
        anchored = {survivors[k].name for k in keep}
        eol = b"\r\n" if sum(ln.endswith(b"\r\n") for ln in self.lines) * 2 > len(self.lines) \
            else b"\n"
        out: list[tuple[str | None, bytes]] = []
        for k, raw in enumerate(self.lines, 1):
            e = by_line.get(k)
            if e is None:
                out.append((None, raw))
            elif e.name in anchored:
                out.append((e.name, raw))
        raws = {e.name: e.raw for e in self.entries}
        pos = {nm: k for k, (nm, _) in enumerate(out) if nm is not None}
        prev: str | None = None
        for nm in names:
            if nm not in anchored:
                raw = raws.get(nm, nm.encode("utf-8") + eol)
                if prev is not None:
                    at = pos[prev] + 1
                else:
                    at = min(pos.values(), default=len(out))
                if at > 0 and not out[at - 1][1].endswith(b"\n"):
                    out[at - 1] = (out[at - 1][0], out[at - 1][1] + eol)
                if at < len(out) and not raw.endswith(b"\n"):
                    raw += eol
                out.insert(at, (nm, raw))
                pos = {name: k for k, (name, _) in enumerate(out) if name is not None}
            prev = nm
        return self._from_lines([raw for _, raw in out], self.source)

    def with_entry_line(self, name: str, raw: bytes) -> Series:
        """Replace one patch's raw line (to change its options or guards)."""
        target = self.entry(name)
        lines = list(self.lines)
        lines[target.lineno - 1] = raw
        return self if raw == target.raw else self._from_lines(lines, self.source)


def _longest_increasing(values: list[int]) -> list[int]:
    """Indexes of one longest strictly increasing subsequence of ``values``."""
    tails: list[int] = []
    tail_idx: list[int] = []
    parent = [-1] * len(values)
    for k, v in enumerate(values):
        at = bisect.bisect_left(tails, v)
        if at == len(tails):
            tails.append(v)
            tail_idx.append(k)
        else:
            tails[at] = v
            tail_idx[at] = k
        parent[k] = tail_idx[at - 1] if at > 0 else -1
    out: list[int] = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        out.append(k)
        k = parent[k]
    return out[::-1]
