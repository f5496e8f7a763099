"""The patch <-> commit mapping alone (no git): what a commit changed goes back where it came from."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.pqgen import STYLES, Spec, patch_text
from xenpatch.core.patch import Patch
from xenpatch.core.patchcommit import (
    Ident,
    apply_ident,
    apply_message,
    cleanup,
    ident_of,
    mail_date,
    message_of,
    raw_date,
    strip_trailers,
    with_trailer,
)
from xenpatch.errors import BadInput

FALLBACK = ("Queue Keeper <keeper@example.org>", "1600000000 +0000")
words = st.text(alphabet="abcdefghij klmnopqrstuvwxyzäé.,()", min_size=1, max_size=30).map(str.strip).filter(bool)
bodies = st.lists(st.lists(words, min_size=1, max_size=3).map("\n".join), max_size=3).map("\n\n".join)


def _patch(style: str, k: int = 3, body: bool = True) -> Patch:
    return Patch.parse(patch_text(k, Spec(style, 0, 0, False, "", False, body)).encode(), f"{k:02d}-{style}.patch")


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(STYLES), st.booleans(), words, bodies)
@example(style="dep3", body=False, subject="a", text=".")  # found by hypothesis
@example(style="dep3", body=True, subject="a b", text="x\n.\ny")
def test_a_new_message_goes_back_into_the_patch(style: str, body: bool, subject: str, text: str) -> None:
    patch = _patch(style, body=body)
    wanted = cleanup(subject.replace("#", "") + ("\n\n" + text if text else ""))
    if style == "dep3" and "." in wanted.split("\n")[1:]:
        # DEP-3 writes an empty line as " .": a line of only "." cannot be written, and is refused
        with pytest.raises(BadInput, match="only '.'"):
            apply_message(patch, wanted)
        return
    new = apply_message(patch, wanted)
    assert message_of(new) == wanted
    assert new.diff == patch.diff and new.notes == patch.notes and new.signature == patch.signature
    # the headers that are not the message stay byte for byte
    keep = [h.raw for h in patch.headers if h.name.lower() not in ("subject", "description")]
    if message_of(patch).split("\n")[0] in b"".join(keep).decode():
        keep = []  # a title that reads as a header is the message itself
    assert all(raw in new.to_bytes() for raw in keep)
    # and the same message again changes nothing
    assert apply_message(new, wanted).to_bytes() == new.to_bytes()
    assert apply_message(patch, message_of(patch)) is patch


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(STYLES), st.sampled_from(["Zoë Example", "A. N. Other", "dev"]),
       st.integers(1_000_000_000, 1_900_000_000), st.sampled_from(["+0000", "+0530", "-0800"]))
def test_a_new_author_and_date_go_back_into_the_patch(style: str, name: str, stamp: int, tz: str) -> None:
    patch = _patch(style)
    wanted = Ident(name.rstrip("."), "who@example.org", f"{stamp} {tz}")
    new = apply_ident(patch, wanted, *FALLBACK)
    got = ident_of(new, *FALLBACK)
    assert (got.name, got.email, got.when) == (wanted.name, wanted.email, wanted.when)
    assert new.diff == patch.diff and message_of(new) == message_of(patch)
    assert raw_date(mail_date(wanted.when)) == wanted.when


@given(bodies, st.from_regex(r"[0-9a-z][0-9a-z._-]{0,20}\.patch", fullmatch=True))
def test_the_trailer_is_removed_exactly(text: str, name: str) -> None:
    message = cleanup("subject\n\n" + text)
    names, back = strip_trailers(with_trailer(message, name))
    assert names == [name] and back == message


def test_trailer_joins_an_existing_trailer_block() -> None:
    assert with_trailer("s\n\nbody\n\nSigned-off-by: A <a@b>\n", "x.patch") == \
        "s\n\nbody\n\nSigned-off-by: A <a@b>\nXenpatch-Patch: x.patch\n"
    assert with_trailer("s\n\nbody\n", "x.patch") == "s\n\nbody\n\nXenpatch-Patch: x.patch\n"


def test_quilt_titles_that_read_as_headers_are_the_subject() -> None:
    patch = Patch.parse(b"xen/events: fix the race\n\nLonger text.\n\ndiff --git a/a b/a\n--- a/a\n+++ b/a\n"
                        b"@@ -1 +1 @@\n-a\n+b\n", "p")
    assert message_of(patch) == "xen/events: fix the race\n\nLonger text.\n"
    dep3 = Patch.parse(b"Description: fix it\n More text.\n .\n And more.\nAuthor: A <a@b>\n\n"
                       b"--- a/a\n+++ b/a\n@@ -1 +1 @@\n-a\n+b\n", "p")
    assert message_of(dep3) == "fix it\n\nMore text.\n\nAnd more.\n"
    new = apply_message(dep3, "fix it better\n\nMore text.\n")
    assert new.to_bytes().startswith(b"Description: fix it better\n More text.\nAuthor: A <a@b>\n\n--- a/a")
