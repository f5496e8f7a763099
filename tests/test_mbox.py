"""mbox splitting (git format-patch --stdout, mboxrd, b4) and git-compatible patch file names."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xenpatch.core.mbox import (is_cover_letter, is_from_line, patch_file_name, read_mbox,
                                sanitized_subject, split_mbox)
from xenpatch.core.patch import Patch
from xenpatch.errors import BadInput

from tests.gitrepo import Repo

SUBJECTS = [
    "xen/events: fix the thing",
    "A very long subject line that goes on and on and on beyond the fifty two char limit",
    "x86/xen: ünïcode — dashes... and ..dots..",
    "UPSTREAM: net: foo_bar.baz()",
    "Fix  the thing that is exactly long enough to land at the cut point-",
    "....",
]
BODY = "Explain.\n\nFrom the start this was wrong.\n>From a quoted mail\n\nSigned-off-by: A <a@b>"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    r = Repo(tmp_path_factory.mktemp("mbox") / "r")
    r.commit("base", {"f.c": "0\n"})
    for k, subject in enumerate(SUBJECTS, 1):
        r.commit(f"{subject}\n\n{BODY}", {"f.c": "".join(f"{i}\n" for i in range(k + 1))})
    return r


def test_format_patch_stdout_splits_into_the_patch_files(repo: Repo, tmp_path: Path) -> None:
    names = repo.git("format-patch", "-o", str(tmp_path), f"HEAD~{len(SUBJECTS)}").split()
    files = [Path(n).read_bytes() for n in names]
    plain = repo.git("format-patch", "--stdout", f"HEAD~{len(SUBJECTS)}").encode()
    assert split_mbox(plain, "plain.mbox", mboxrd=False) == files
    rd = repo.git("format-patch", "--pretty=mboxrd", "--stdout", f"HEAD~{len(SUBJECTS)}").encode()
    assert b"\n>>From a quoted mail\n" in rd
    assert split_mbox(rd, "rd.mbox") == files
    for k, (name, patch) in enumerate(zip(names, read_mbox(rd, "rd.mbox")), 1):
        assert patch_file_name(patch, k) == Path(name).name
        assert patch.name == f"rd.mbox#{k}" and patch.has_diff and not is_cover_letter(patch)


def test_reroll_names_and_cover_letter(repo: Repo, tmp_path: Path) -> None:
    names = repo.git("format-patch", "-v3", "--cover-letter", "-o", str(tmp_path),
                     "HEAD~2").split()
    cover, *rest = [Patch.parse(Path(n).read_bytes(), n) for n in names]
    assert is_cover_letter(cover) and not cover.has_diff
    assert cover.subject_prefix == "PATCH v3 0/2"
    for k, (name, patch) in enumerate(zip(names[1:], rest), 1):
        assert patch_file_name(patch, k, reroll=3) == Path(name).name
        assert patch.subject_prefix == f"PATCH v3 {k}/2" and not is_cover_letter(patch)
    mbox = repo.git("format-patch", "--cover-letter", "--stdout", "HEAD~2").encode()
    messages = read_mbox(mbox, "series.mbox")
    assert [is_cover_letter(m) for m in messages] == [True, False, False]


def test_b4_mboxrd() -> None:
    msg = (b"From git@z Thu Jan  1 00:00:00 1970\n"
           b"Subject: [PATCH v2 1/2] xen: one\nFrom: A <a@b>\n\n"
           b">From here\n>>From there\n> >From not quoted\n---\n"
           b"--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n\n")
    out = split_mbox(msg + msg.replace(b"1/2] xen: one", b"2/2] xen: two"), "b4.mbx")
    assert len(out) == 2
    assert b"\nFrom here\n>From there\n> >From not quoted\n" in out[0]
    assert Patch.parse(out[1]).summary == "xen: two"


@pytest.mark.parametrize("data, match", [
    (b"", r"^x\.mbox is empty"),
    (b"\n \n", r"^x\.mbox is empty"),
    (b"Subject: hi\n\nbody\n", r"^x\.mbox is not an mbox: line 1 is not a 'From ' separator"),
    (b"From nobody\nSubject: x\n", "is not an mbox"),
])
def test_not_an_mbox(data: bytes, match: str) -> None:
    with pytest.raises(BadInput, match=match) as err:
        split_mbox(data, "x.mbox")
    assert err.value.hint


def test_from_line_rule_matches_git_mailsplit() -> None:
    assert is_from_line(b"From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n")
    assert is_from_line(b"From git@z Thu Jan  1 00:00:00 1970\n")
    assert not is_from_line(b"From the start this was wrong.\n")
    assert not is_from_line(b"From: A <a@b>\n")
    assert not is_from_line(b"From x Mon Sep 17 00:00:00 0042\n")  # git wants a year > 90


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_sanitized_subject_shape(subject: str) -> None:
    out = sanitized_subject(subject)
    assert all(c.isascii() and (c.isalnum() or c in "._-") for c in out)
    assert "--" not in out and ".." not in out
    assert not out.startswith("-") and not out.endswith(("-", "."))
