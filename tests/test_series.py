"""quilt series files: byte-exact round trip, options, MQ guards and edits that keep user lines."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xenpatch.core.series import Series
from xenpatch.errors import BadInput

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GUARDS = ["xen", "rt", "arm64", "debug"]
NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.", min_size=1, max_size=10).map(
    lambda s: f"patches.xen/{s}.patch")
SPACE = st.sampled_from([" ", "  ", "\t", " \t"])


@dataclass
class Gen:
    data: bytes
    names: list[str]
    strips: dict[str, int]
    guards: dict[str, list[str]]


@st.composite
def series_files(draw: st.DrawFn) -> Gen:
    names = draw(st.lists(NAME, unique=True, max_size=8))
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    lines: list[tuple[str, str | None]] = []
    strips: dict[str, int] = {}
    guards: dict[str, list[str]] = {}
    for name in names:
        for _ in range(draw(st.integers(0, 2))):
            lines.append((draw(st.sampled_from(["", "  ", "# xen: the hypervisor interface",
                                                "#+xen looks like a guard but is a comment",
                                                "\t# indented comment"])), None))
        words = [name]
        strip = draw(st.sampled_from([None, 0, 1, 2]))
        opts = ([f"-p{strip}"] if strip is not None else []) + (["-R"] if draw(st.booleans()) else [])
        words += draw(st.permutations(opts))
        gs = draw(st.lists(st.sampled_from(["+", "-"]).flatmap(
            lambda sign: st.sampled_from(GUARDS).map(lambda g: sign + g)), unique=True, max_size=3))
        line = draw(st.sampled_from(["", " "])) + draw(SPACE).join(words)
        if gs:
            line += draw(SPACE) + " ".join("#" + g for g in gs)
        if draw(st.booleans()):
            line += " # bsc#123 upstream in v6.8"
        lines.append((line, name))
        strips[name] = 1 if strip is None else strip
        guards[name] = gs
    if draw(st.booleans()):
        lines.append(("# trailing comment", None))
    text = "".join(line + eol for line, _ in lines)
    if text and draw(st.booleans()):
        text = text[:-len(eol)]  # no final newline
    return Gen(text.encode(), names, strips, guards)


def _mq_selected(guards: list[str], active: frozenset[str]) -> bool:
    """Mercurial MQ's pushable(), restated for the test."""
    if any(g.startswith("-") and g[1:] in active for g in guards):
        return False
    pos = [g[1:] for g in guards if g.startswith("+")]
    return not pos or bool(set(pos) & active)


@SETTINGS
@given(series_files(), st.sets(st.sampled_from(GUARDS)).map(frozenset))
def test_round_trip_options_and_guards(gen: Gen, active: frozenset[str]) -> None:
    s = Series.parse(gen.data)
    assert s.to_bytes() == gen.data
    assert s.names() == gen.names
    assert {n: s.strip(n) for n in gen.names} == gen.strips
    assert {e.name: [g for g in e.guards] for e in s.entries} == gen.guards
    assert s.names(active) == [n for n in gen.names if _mq_selected(gen.guards[n], active)]


@SETTINGS
@given(series_files(), st.data())
def test_with_names_keeps_comments_and_raw_lines(gen: Gen, data: st.DataObject) -> None:
    s = Series.parse(gen.data)
    kept = data.draw(st.lists(st.sampled_from(gen.names), unique=True) if gen.names
                     else st.just([]))
    new = data.draw(st.lists(NAME.filter(lambda n: n not in gen.names), unique=True, max_size=3))
    names = data.draw(st.permutations(kept + new))
    t = s.with_names(list(names))
    assert t.names() == list(names)
    out = t.to_bytes()
    assert Series.parse(out).to_bytes() == out
    # comments and blank lines survive in their order
    assert _other_lines(t) == _other_lines(s)
    # surviving entries keep their options, guards and comments
    for e in s.entries:
        if e.name in names:
            assert t.entry(e.name).raw.rstrip(b"\r\n") == e.raw.rstrip(b"\r\n")
    for n in new:
        assert t.entry(n).raw.rstrip(b"\r\n") == n.encode()
    # the identity edit is byte-identical; dropping names only removes their lines
    assert s.with_names(s.names()).to_bytes() == gen.data
    if not new and list(names) == [n for n in gen.names if n in names] and names:
        dropped = {e.lineno for e in s.entries if e.name not in names}
        expect = b"".join(ln for k, ln in enumerate(s.lines, 1) if k not in dropped)
        assert out.rstrip(b"\r\n") == expect.rstrip(b"\r\n")


def _other_lines(s: Series) -> list[bytes]:
    entry_lines = {e.lineno for e in s.entries}
    return [ln.rstrip(b"\r\n") for k, ln in enumerate(s.lines, 1) if k not in entry_lines]


def test_with_names_insertion_rule() -> None:
    s = Series.parse(b"# base\na.patch -p0 #+xen\n\n# rt\nb.patch\nc.patch\n")
    t = s.with_names(["new0.patch", "a.patch", "new1.patch", "c.patch", "b.patch", "z.patch"])
    assert t.to_bytes() == (b"# base\nnew0.patch\na.patch -p0 #+xen\nnew1.patch\n\n# rt\n"
                            b"c.patch\nb.patch\nz.patch\n")
    assert s.without("b.patch").to_bytes() == b"# base\na.patch -p0 #+xen\n\n# rt\nc.patch\n"
    assert Series.parse(b"a.patch").append("b.patch").to_bytes() == b"a.patch\nb.patch\n"
    assert Series.parse(b"").append("x.patch").to_bytes() == b"x.patch\n"


def test_entry_fields() -> None:
    s = Series.parse(b"  xen/a.patch\t-p0 -R #+xen #-rt # why: bsc#1\n")
    (e,) = s.entries
    assert (e.name, e.strip, e.reverse, e.guards, e.lineno) == ("xen/a.patch", 0, True,
                                                                ("+xen", "-rt"), 1)
    assert s.names(frozenset({"xen"})) == ["xen/a.patch"]
    assert s.names(frozenset({"xen", "rt"})) == []
    assert s.names(frozenset()) == []


@pytest.mark.parametrize("data, match", [
    (b"a.patch\n# c\na.patch\n", r"^series:3: patch a\.patch is listed twice \(first on line 1\)"),
    (b"a.patch -x\n", r"^series:1: unknown option '-x' for patch a\.patch"),
    (b"ok.patch\n../evil.patch\n", r"^series:2: patch name '\.\./evil\.patch' points outside"),
    (b"/etc/passwd\n", r"^series:1: patch name '/etc/passwd' points outside"),
    (b"a/../../b.patch\n", r"^series:1: .* points outside"),
    (b"\xff.patch\n", r"^series:1: line is not valid UTF-8"),
])
def test_bad_series(data: bytes, match: str) -> None:
    with pytest.raises(BadInput, match=match) as err:
        Series.parse(data)
    assert err.value.hint


def test_bad_edits() -> None:
    s = Series.parse(b"a.patch\n")
    with pytest.raises(BadInput, match="listed twice"):
        s.with_names(["b.patch", "b.patch"])
    with pytest.raises(BadInput, match="points outside"):
        s.append("../x.patch")
    with pytest.raises(BadInput, match="no patch named nope"):
        s.strip("nope")
    with pytest.raises(BadInput, match="invalid patch name"):
        s.append("has space.patch")
