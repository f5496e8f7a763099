"""The hunk model (core.hunks) against hunks git itself writes: header reading, and line
ranges carried forward and back through them, judged by every line's content."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from xenpatch.core.hunks import Edit, map_back, map_position, parse_header, touches, without_line_numbers

# few distinct lines, so git's diffs are ambiguous and hunks sit next to each other;
# letters first, so git's default function context gives sections
LINE = st.sampled_from(["a\n", "b\n", "c\n", "fn(x)\n", "\tcall();\n", "\n"])
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _git_diff(tmp: Path, old: list[str], new: list[str], context: int = 0) -> list[bytes]:
    """The ``@@`` lines of ``git diff --no-index -U<context>`` from old to new, and their bodies."""
    (tmp / "old").write_text("".join(old))
    (tmp / "new").write_text("".join(new))
    r = subprocess.run(["git", "diff", "--no-index", "--no-color", f"-U{context}", "old", "new"],
                       cwd=tmp, capture_output=True)
    assert r.returncode in (0, 1), r.stderr
    return r.stdout.split(b"\n")


def _edits(lines: list[bytes]) -> list[Edit]:
    out = []
    for line in lines:
        header = parse_header(line)
        if header is not None:
            out.append(header.edit())
    return out


def _render(old_start: int, old_len: int, new_start: int, new_len: int, section: bytes) -> bytes:
    """A header the way git's diff.c writes it (a count of 1 left out)."""
    def side(start: int, n: int) -> bytes:
        return b"%d" % start if n == 1 else b"%d,%d" % (start, n)
    return b"@@ -" + side(old_start, old_len) + b" +" + side(new_start, new_len) + b" @@" + \
        (b" " + section if section else b"")


@SETTINGS
@given(old=st.lists(LINE, max_size=20), new=st.lists(LINE, max_size=20), context=st.sampled_from([0, 1, 3]))
def test_git_headers_read_back_exactly(tmp_path_factory: pytest.TempPathFactory, old: list[str], new: list[str],
                                       context: int) -> None:
    """Every header git writes parses, renders back to its own bytes, and counts its body."""
    lines = _git_diff(tmp_path_factory.mktemp("h"), old, new, context)
    at = [k for k, line in enumerate(lines) if line.startswith(b"@@ ")]
    for n, k in enumerate(at):
        header = parse_header(lines[k] + b"\n")
        assert header is not None
        assert _render(*header.counts, header.section) == lines[k]
        assert parse_header(lines[k] + b"\r\n") == header  # a CRLF patch has the same header
        body = lines[k + 1:at[n + 1] if n + 1 < len(at) else len(lines)]
        assert header.old_len == sum(1 for x in body if x[:1] in (b" ", b"-"))
        assert header.new_len == sum(1 for x in body if x[:1] in (b" ", b"+"))
        assert without_line_numbers(lines[k]) == b"@@" + (b" " + header.section if header.section else b"")


@pytest.mark.parametrize("line", [b"@@ -1 +1", b"@@ -a +1 @@", b"@@ -1,2  +1,2 @@", b"@@@ ours", b" @@ -1 +1 @@",
                                  b"@@ +1 -1 @@", b"@@ -1,x +1 @@"])
def test_what_is_not_a_header(line: bytes) -> None:
    assert parse_header(line) is None
    assert without_line_numbers(line) == line


@SETTINGS
@given(old=st.lists(LINE, max_size=20), new=st.lists(LINE, max_size=20))
def test_edits_name_the_lines_git_changed(tmp_path_factory: pytest.TempPathFactory, old: list[str],
                                          new: list[str]) -> None:
    """Zero-context edits hold exactly the removed and added lines; every other line is carried
    forward to its own copy in the new file and back again, and no edit touches it."""
    edits = _edits(_git_diff(tmp_path_factory.mktemp("e"), old, new))
    changed_old: set[int] = set()
    changed_new: set[int] = set()
    for e in edits:
        assert e.old_start <= e.old_end and e.new_start <= e.new_end
        assert e.inverse().inverse() == e
        changed_old |= set(range(e.old_start, e.old_end))
        changed_new |= set(range(e.new_start, e.new_end))
    kept_old = [p for p in range(1, len(old) + 1) if p not in changed_old]
    kept_new = [q for q in range(1, len(new) + 1) if q not in changed_new]
    assert len(kept_old) == len(kept_new)
    for p, q in zip(kept_old, kept_new):
        assert old[p - 1] == new[q - 1]
        assert (map_position(p, edits, end=False), map_position(p + 1, edits, end=True)) == (q, q + 1)
        assert map_back(q, q + 1, [edits]) == (p, p + 1)
        assert not any(touches(p, p + 1, e) for e in edits)
    for p in changed_old:
        assert any(touches(p, p + 1, e) for e in edits)


@SETTINGS
@given(old=st.lists(LINE, min_size=1, max_size=20), new=st.lists(LINE, max_size=20), data=st.data())
def test_a_range_grows_to_cover_what_replaced_its_edges(tmp_path_factory: pytest.TempPathFactory,
                                                        old: list[str], new: list[str], data: st.DataObject) -> None:
    """Carried forward, a range holds the copies of its own kept lines and no other kept line,
    and all the new lines of every edit that touches it and none of the others'."""
    edits = _edits(_git_diff(tmp_path_factory.mktemp("r"), old, new))
    a = data.draw(st.integers(1, len(old)))
    b = data.draw(st.integers(a + 1, len(old) + 1))
    start, end = map_position(a, edits, end=False), map_position(b, edits, end=True)
    changed_old = {p for e in edits for p in range(e.old_start, e.old_end)}
    changed_new = {q for e in edits for q in range(e.new_start, e.new_end)}
    kept = zip([p for p in range(1, len(old) + 1) if p not in changed_old],
               [q for q in range(1, len(new) + 1) if q not in changed_new])
    for p, q in kept:
        assert (a <= p < b) == (start <= q < end)
    for e in edits:
        if e.new_start == e.new_end:
            continue
        if touches(a, b, e):
            assert start <= e.new_start and e.new_end <= end
        else:
            assert e.new_end <= start or end <= e.new_start


@SETTINGS
@given(first=st.lists(LINE, max_size=15), second=st.lists(LINE, max_size=15), third=st.lists(LINE, max_size=15))
def test_map_back_through_two_patches(tmp_path_factory: pytest.TempPathFactory, first: list[str],
                                      second: list[str], third: list[str]) -> None:
    """A line neither patch changed maps back from the last file to the first, newest patch first."""
    tmp = tmp_path_factory.mktemp("m")
    one, two = _edits(_git_diff(tmp, first, second)), _edits(_git_diff(tmp, second, third))

    def kept(edits: list[Edit], n: int, old_side: bool) -> list[int]:
        gone = {x for e in edits for x in (range(e.old_start, e.old_end) if old_side
                                            else range(e.new_start, e.new_end))}
        return [p for p in range(1, n + 1) if p not in gone]

    # line identity: position in first -> position in second -> position in third
    to_second = dict(zip(kept(one, len(first), True), kept(one, len(second), False)))
    to_third = dict(zip(kept(two, len(second), True), kept(two, len(third), False)))
    for p, mid in to_second.items():
        if mid in to_third:
            q = to_third[mid]
            assert first[p - 1] == third[q - 1]
            assert map_back(q, q + 1, [two, one]) == (p, p + 1)


def test_zero_length_sides_name_the_line_before() -> None:
    """``-5,0`` is an insertion after line 5; ``+7,0`` a deletion that leaves line 7 before the gap."""
    insertion = parse_header(b"@@ -5,0 +6,2 @@ f\n")
    deletion = parse_header(b"@@ -8,3 +7,0 @@\n")
    assert insertion is not None and deletion is not None
    assert insertion.edit() == Edit(6, 6, 6, 8)
    assert deletion.edit() == Edit(8, 11, 8, 8)
    assert insertion.edit(at=10) == Edit(11, 11, 11, 13)  # placed 5 lines further down: both sides move
