"""The Python-side patch application against git apply itself (git is the oracle, never mocked)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from xenpatch.core.apply import DoesNotApply, Unsupported, apply_text, fragments

LINE = st.sampled_from([f"l{i}\n" for i in range(6)] + ["\n", "\tx = 1;\n", "l1 \n"])


def _repo(tmp: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp)], check=True)
    return tmp


def _diff(repo: Path, old: str, new: str) -> bytes:
    (repo / "f").write_text(old)
    subprocess.run(["git", "-C", str(repo), "add", "f"], check=True)
    (repo / "f").write_text(new)
    out = subprocess.run(["git", "-C", str(repo), "diff", "--no-color"], check=True, capture_output=True).stdout
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "f"], check=True)
    return out


def _git_apply(repo: Path, target: str, diff: bytes) -> bytes | None:
    (repo / "f").write_text(target)
    r = subprocess.run(["git", "-C", str(repo), "apply", "--whitespace=nowarn", "-"], input=diff,
                       capture_output=True)
    return (repo / "f").read_bytes() if r.returncode == 0 else None


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, str, str]:
    old = draw(st.lists(LINE, max_size=25))
    if old and draw(st.booleans()):
        old[-1] = old[-1].rstrip("\n") or "x"
    new = list(old)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(new)))
        op = draw(st.sampled_from(["add", "del", "chg"]))
        if op == "add" or not new:
            new.insert(i, draw(st.sampled_from(["n1\n", "n2\n", "\n"])))
        elif op == "del":
            new.pop(min(i, len(new) - 1))
        else:
            new[min(i, len(new) - 1)] = "c\n"
    if new and draw(st.booleans()):
        new[-1] = new[-1].rstrip("\n") or "y"
    target = [x if x.endswith("\n") or k == len(old) - 1 else x + "\n" for k, x in enumerate(old)]
    for _ in range(draw(st.integers(0, 3))):
        target.insert(draw(st.integers(0, len(target))), draw(st.sampled_from(["d1\n", "l2\n", "\n"])))
    if target and not target[-1].endswith("\n") and draw(st.booleans()):
        target[-1] += "\n"
    return "".join(old), "".join(new), "".join(x if x.endswith("\n") or k == len(target) - 1 else x + "\n"
                                               for k, x in enumerate(target))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_applies_exactly_where_git_apply_does(tmp_path_factory: pytest.TempPathFactory,
                                               case: tuple[str, str, str]) -> None:
    """Same result, or the same refusal, as git apply (offsets, no fuzz, end-of-file newlines)."""
    old, new, target = case
    repo = _repo(tmp_path_factory.mktemp("apply"))
    diff = _diff(repo, old, new)
    if not diff:
        return
    expected = _git_apply(repo, target, diff)
    try:
        mine: bytes | None = apply_text(target.encode(), diff)
    except DoesNotApply:
        mine = None
    assert mine == expected


def test_binary_and_unreadable_hunks_are_left_to_git() -> None:
    with pytest.raises(Unsupported):
        fragments(b"diff --git a/x b/x\nindex 1..2\nGIT binary patch\nliteral 3\nabc\n")
    with pytest.raises(Unsupported):
        fragments(b"@@ -1,2 +1,2 @@\n a\n")  # fewer lines than the header counts
