"""Patch files: byte-exact round trips (generated and real git output) and field extraction."""

from __future__ import annotations

import email.header
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import unidiff
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xenpatch.core.diff import FileChange, diffstat, hunks, parse_files, split_file_diffs
from xenpatch.core.patch import Patch
from xenpatch.errors import BadInput

from tests.gitrepo import Repo

SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# ---------------------------------------------------------------- strategies

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
WORD = st.text(alphabet=LETTERS + "0123456789_", min_size=1, max_size=8)
# Hunk contents that look like patch syntax once prefixed: the scanner must go by counts.
TRICKY = ["-- ", "- ", "From abc Mon Sep 17 00:00:00 2001", "--- a/x", "+++ b/x",
          "diff --git a/x b/x", "@@ -1 +1 @@", "Index: foo", "", "---", "\\ not a marker",
          "Signed-off-by: X <x@y>", "\tindented", "ünïcödé", "GIT binary patch"]
CONTENT = st.one_of(st.sampled_from(TRICKY),
                    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30))
BASE85 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~"


def _quote(path: str) -> str:
    """git's C quoting, written independently of the code under test."""
    raw = path.encode()
    if not any(b < 0x20 or b >= 0x7F or b in b'"\\' for b in raw):
        return path
    return '"' + "".join(chr(b) if 0x20 <= b < 0x7F and b not in b'"\\' else "\\%03o" % b
                         for b in raw) + '"'


@st.composite
def paths(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.text(alphabet=LETTERS + "_.-ü ", min_size=1, max_size=6)
                          .filter(lambda s: s.strip(" ") == s and s not in (".", "..")),
                          min_size=1, max_size=3))
    return "/".join(parts)


@st.composite
def hunk_list(draw: st.DrawFn, kind: str = "modify") -> tuple[str, int, int]:
    """Text of one file's hunks with consistent counts: (text, insertions, deletions)."""
    out: list[str] = []
    ins = dels = 0
    n_hunks = 1 if kind in ("add", "delete") else draw(st.integers(1, 3))
    old_line = new_line = 1
    for h in range(n_hunks):
        if kind == "add":
            ops = ["+"] * draw(st.integers(1, 5))
        elif kind == "delete":
            ops = ["-"] * draw(st.integers(1, 5))
        else:
            ops = draw(st.lists(st.sampled_from([" ", " ", "+", "-"]), min_size=1, max_size=8))
        body = []
        for op in ops:
            text = draw(CONTENT)
            if op == " " and text == "" and draw(st.booleans()):
                body.append("\n")  # whitespace-damaged empty context line
            else:
                body.append(op + text + "\n")
        old_len = sum(op in " -" for op in ops)
        new_len = sum(op in " +" for op in ops)
        ins += ops.count("+")
        dels += ops.count("-")
        o_start = 0 if old_len == 0 else old_line
        n_start = 0 if new_len == 0 else new_line
        o = f"{o_start}" if old_len == 1 else f"{o_start},{old_len}"
        n = f"{n_start}" if new_len == 1 else f"{n_start},{new_len}"
        section = draw(st.sampled_from(["", " static int foo(void)", " struct x {"]))
        out.append(f"@@ -{o} +{n} @@{section}\n" + "".join(body))
        if h == n_hunks - 1 and draw(st.booleans()):
            out.append("\\ No newline at end of file\n")
        old_line += old_len + 3
        new_line += new_len + 3
    return "".join(out), ins, dels


@dataclass
class Gen:
    text: str
    files: list[FileChange]


@st.composite
def git_file(draw: st.DrawFn) -> Gen:
    kind = draw(st.sampled_from(["modify", "add", "delete", "rename", "pure-rename", "copy",
                                 "mode", "binary", "binary-text"]))
    p = draw(paths())
    q = draw(paths().filter(lambda x: x != p)) if kind in ("rename", "pure-rename", "copy") else p
    a, b = _quote("a/" + p), _quote("b/" + q)
    tab_a = "\t" if " " in p and a[0] != '"' else ""
    tab_b = "\t" if " " in q and b[0] != '"' else ""
    head = f"diff --git {a} {b}\n"
    ins = dels = 0
    binary = False
    old_mode: str | None = "100644"
    new_mode: str | None = "100644"
    sim = None
    status = {"add": "added", "delete": "deleted", "rename": "renamed", "copy": "copied",
              "pure-rename": "renamed"}.get(kind, "modified")
    if kind == "add":
        hunk, ins, dels = draw(hunk_list("add"))
        head += f"new file mode 100644\nindex 0000000..89abcde\n--- /dev/null\n+++ {b}{tab_b}\n"
        head += hunk
        old_mode = None
    elif kind == "delete":
        hunk, ins, dels = draw(hunk_list("delete"))
        head += f"deleted file mode 100644\nindex 89abcde..0000000\n--- {a}{tab_a}\n+++ /dev/null\n"
        head += hunk
        new_mode = None
    elif kind in ("rename", "pure-rename", "copy"):
        sim = draw(st.integers(50, 100))
        verb = "copy" if kind == "copy" else "rename"
        head += (f"similarity index {sim}%\n{verb} from {_quote(p)}\n{verb} to {_quote(q)}\n")
        if kind != "pure-rename":
            hunk, ins, dels = draw(hunk_list())
            head += f"index 1234567..89abcde 100644\n--- {a}{tab_a}\n+++ {b}{tab_b}\n{hunk}"
        else:
            old_mode = new_mode = None
    elif kind == "mode":
        head += "old mode 100644\nnew mode 100755\n"
        new_mode = "100755"
    elif kind == "binary":
        binary = True
        rows = draw(st.lists(st.text(alphabet=BASE85, min_size=5, max_size=65), min_size=1,
                             max_size=4))
        payload = "".join(draw(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
                          + r + "\n" for r in rows)
        head += (f"index 1234567..89abcde 100644\nGIT binary patch\nliteral 12\n{payload}\n"
                 f"literal 7\n{payload}\n")
    else:
        binary = True
        head += f"index 1234567..89abcde 100644\nBinary files {a} and {b} differ\n"
    if kind == "modify":
        hunk, ins, dels = draw(hunk_list())
        head += f"index 1234567..89abcde 100644\n--- {a}{tab_a}\n+++ {b}{tab_b}\n{hunk}"
    old = None if status == "added" else p
    new = None if status == "deleted" else q
    return Gen(head, [FileChange(old, new, status, binary, old_mode, new_mode, ins, dels, sim)])


def _join(gens: list[Gen]) -> Gen:
    return Gen("".join(g.text for g in gens), [f for g in gens for f in g.files])


git_diffs = st.lists(git_file(), min_size=1, max_size=5).map(_join)

BODY_LINE = st.text(alphabet=LETTERS + " ,.()ü'", min_size=1, max_size=40).map(lambda s: "W" + s)
PARAGRAPH = st.lists(BODY_LINE, min_size=1, max_size=3).map(lambda ls: "\n".join(ls) + "\n")
TRAILER = st.tuples(st.sampled_from(["Signed-off-by", "Acked-by", "Reviewed-by", "Cc", "Link",
                                     "Fixes", "Reported-and-tested-by"]),
                    st.text(alphabet=LETTERS + " <>@.", min_size=1, max_size=20)
                    .map(lambda s: "x" + s.strip()))
NAME = st.text(alphabet=LETTERS + " öéß", min_size=1, max_size=12).map(lambda s: "N" + s.strip())


@dataclass
class Mail:
    data: bytes
    files: list[FileChange]
    subject: str
    author: str
    trailers: list[tuple[str, str]]
    extra: dict[str, str]
    diff: str


@st.composite
def mails(draw: st.DrawFn) -> Mail:
    diff = draw(git_diffs)
    name = draw(NAME)
    author = f"{name} <dev@example.org>"
    raw_from = (author if name.isascii()
                else email.header.Header(name, "utf-8").encode() + " <dev@example.org>")
    prefix = draw(st.sampled_from(["", "[PATCH] ", "[PATCH v2 3/7] ", "[RFC][PATCH 01/10] "]))
    summary = draw(st.lists(WORD, min_size=1, max_size=12).map(" ".join))
    tag = draw(st.sampled_from(["", "UPSTREAM: ", "FROMLIST: ", "BACKPORT: "]))
    subject = prefix + tag + summary
    words = subject.split(" ")
    cut = draw(st.integers(1, len(words)))
    raw_subject = " ".join(words[:cut]) + ("\n " + " ".join(words[cut:]) if words[cut:] else "")
    extra: dict[str, str] = {}
    headers = [f"From: {raw_from}\n", "Date: Mon, 1 Jan 2024 10:00:00 +0100\n",
               f"Subject: {raw_subject}\n"]
    for key, value in draw(st.lists(st.sampled_from([
            ("Patch-mainline", "v6.8-rc1"), ("Git-commit", "0123456789abcdef0123456789abcdef01234567"),
            ("References", "bsc#1234567, CVE-2024-0001"), ("Message-Id", "<x@y>"),
            ("X-Mailer", "git-send-email 2.39.5")]), unique=True, max_size=5)):
        headers.append(f"{key}: {value}\n")
        extra[key] = value
    order = draw(st.permutations(headers))
    trailers = draw(st.lists(TRAILER, max_size=4))
    paragraphs = draw(st.lists(PARAGRAPH, max_size=3))
    body = "\n".join(paragraphs)
    if trailers:
        body += ("\n" if body else "") + "".join(f"{k}: {v}\n" for k, v in trailers)
    text = ""
    if draw(st.booleans()):
        text += "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
    text += "".join(order) + "\n" + body
    stat = draw(st.sampled_from(["computed", "none", "free"]))
    if stat == "computed":
        text += "---\n" + diffstat(diff.text.encode()).decode() + "\n"
    elif stat == "free":
        text += "---\nv2: reworked after review\n\n"
    text += diff.text
    text += draw(st.sampled_from(["", "-- \n2.39.5\n\n", "-- \nb4 0.13.0\n"]))
    return Mail(text.encode(), diff.files, subject, author, trailers, extra, diff.text)


@st.composite
def quilt_patches(draw: st.DrawFn) -> tuple[bytes, int, list[FileChange]]:
    """A quilt patch: free-form description, then Index:/===/--- +++ sections (-p1 or -p0)."""
    level = draw(st.sampled_from([0, 1]))
    desc = "".join(draw(st.lists(PARAGRAPH.map(lambda s: s.lower()), max_size=2)))
    text = desc + ("\n" if desc and draw(st.booleans()) else "")
    files: list[FileChange] = []
    for _ in range(draw(st.integers(1, 4))):
        p = draw(paths()).replace(" ", "_")
        kind = draw(st.sampled_from(["modify", "modify", "add", "delete"]))
        hunk, ins, dels = draw(hunk_list(kind))
        stamp = draw(st.sampled_from(["", "\t2020-01-01 12:00:00.000000000 +0100"]))
        old, new = (f"linux-6.1.orig/{p}", f"linux-6.1/{p}") if level else (f"{p}.orig", p)
        if kind == "add":
            old = "/dev/null"
        if kind == "delete":
            new = "/dev/null"
        index = draw(st.sampled_from(["", f"Index: {new if new != '/dev/null' else old}\n"
                                          + "=" * 67 + "\n"]))
        text += f"{index}--- {old}{stamp}\n+++ {new}{stamp}\n{hunk}"
        status = {"add": "added", "delete": "deleted"}.get(kind, "modified")
        files.append(FileChange(None if kind == "add" else p, None if kind == "delete" else p,
                                status, False, None, None, ins, dels, None))
    return text.encode(), level, files


@st.composite
def bare_diffs(draw: st.DrawFn) -> tuple[bytes, list[FileChange]]:
    """``diff -u``/``diff -Naur`` output with timestamps."""
    text = ""
    files: list[FileChange] = []
    for _ in range(draw(st.integers(1, 3))):
        p = draw(paths()).replace(" ", "_")
        hunk, ins, dels = draw(hunk_list())
        if draw(st.booleans()):
            text += f"diff -Naur a/{p} b/{p}\n"
        text += (f"--- a/{p}\t2020-01-01 00:00:00.000000000 +0000\n"
                 f"+++ b/{p}\t2020-01-02 00:00:00.000000000 +0000\n{hunk}")
        files.append(FileChange(p, p, "modified", False, None, None, ins, dels, None))
    return text.encode(), files


# ---------------------------------------------------------------- properties

@SETTINGS
@given(mails())
def test_mail_round_trip_and_fields(mail: Mail) -> None:
    p = Patch.parse(mail.data, "gen.patch")
    assert p.to_bytes() == mail.data
    assert list(p.files) == mail.files
    assert p.diff == mail.diff.encode()
    assert p.subject == mail.subject
    assert p.author == mail.author
    assert p.mainline == mail.extra.get("Patch-mainline")
    assert p.git_commit == mail.extra.get("Git-commit")
    assert p.references == mail.extra.get("References")
    assert list(p.trailers) == mail.trailers
    assert p.insertions == sum(f.insertions for f in mail.files)
    assert p.deletions == sum(f.deletions for f in mail.files)
    assert "[" not in p.summary
    # The exact per-file slices put the diff back together.
    assert b"".join(chunk for _, chunk in split_file_diffs(p.diff)) == p.diff


@SETTINGS
@given(mails(), st.sampled_from(["Subject", "subject", "Patch-mainline", "X-New", "From"]),
       st.text(alphabet=LETTERS + " ü:-", min_size=1, max_size=30).map(lambda s: "v" + s.strip()))
def test_with_header_changes_only_that_header(mail: Mail, name: str, value: str) -> None:
    p = Patch.parse(mail.data)
    q = p.with_header(name, value)
    assert q.header(name) == value
    new = f"{name}: {value}\n".encode()
    raws = [h.raw for h in p.headers]
    k = next((k for k, h in enumerate(p.headers) if h.name.lower() == name.lower()), None)
    if k is None:
        raws.append(new)
    else:
        raws[k] = new
    assert q.to_bytes() == p.from_line + b"".join(raws) + p.to_bytes()[
        len(p.from_line) + sum(len(h.raw) for h in p.headers):]
    assert (q.message, q.notes, q.diff, q.signature) == (p.message, p.notes, p.diff, p.signature)


@SETTINGS
@given(quilt_patches(), st.booleans())
def test_quilt_round_trip(quilt: tuple[bytes, int, list[FileChange]], add_header: bool) -> None:
    data, level, files = quilt
    p = Patch.parse(data, "quilt.patch")
    assert p.to_bytes() == data
    assert p.headers == ()
    assert list(parse_files(p.diff, strip=level)) == files
    if any(f.status == "modified" for f in files):
        assert list(p.files) == files  # the -p level is guessed from modified files
    assert data.startswith(p.description)
    if add_header:
        q = p.with_header("From", "Jan Beulich <jbeulich@suse.com>")
        assert q.to_bytes() == b"From: Jan Beulich <jbeulich@suse.com>\n\n" + data
        assert q.author == "Jan Beulich <jbeulich@suse.com>"


@SETTINGS
@given(bare_diffs())
def test_bare_diff_round_trip(bare: tuple[bytes, list[FileChange]]) -> None:
    data, files = bare
    p = Patch.parse(data)
    assert p.to_bytes() == data and p.diff == data
    assert list(p.files) == files
    # unidiff agrees on the line counts of these plain diffs.
    ps = unidiff.PatchSet(data.decode("utf-8", "surrogateescape"))
    assert [(f.added, f.removed) for f in ps] == [(f.insertions, f.deletions) for f in files]


@SETTINGS
@given(git_diffs)
def test_hunks_and_diffstat_agree(diff: Gen) -> None:
    data = diff.text.encode()
    all_hunks = hunks(data)
    assert sum(len(h.added) for h in all_hunks) == sum(f.insertions for f in diff.files)
    assert sum(len(h.removed) for h in all_hunks) == sum(f.deletions for f in diff.files)
    for h in all_hunks:
        assert h.header.startswith(b"@@ -") and h.header + h.lines in data
    stat = diffstat(data).decode()
    assert f" {len(diff.files)} file" in stat.splitlines()[len(diff.files)]


# ---------------------------------------------------------------- examples

SUSE = b"""From: Juergen Gross <jgross@suse.com>
Date: Tue, 2 Jan 2024 09:00:00 +0100
Subject: [PATCH] xen/events: fix
 a folded subject
Patch-mainline: v6.8-rc1
Git-commit: 0123456789abcdef0123456789abcdef01234567
References: bsc#1212345

Fix it.

Signed-off-by: Juergen Gross <jgross@suse.com>
Acked-by: Jan Beulich <jbeulich@suse.com>
---
 drivers/xen/events.c | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

--- a/drivers/xen/events.c
+++ b/drivers/xen/events.c
@@ -10,3 +10,3 @@ static int foo(void)
 a
-b
+c
 d
"""


def test_suse_patch_fields() -> None:
    p = Patch.parse(SUSE, "xen-events.patch")
    assert p.to_bytes() == SUSE
    assert p.subject == "[PATCH] xen/events: fix a folded subject"
    assert p.summary == "xen/events: fix a folded subject"
    assert p.subject_prefix == "PATCH"
    assert p.mainline == "v6.8-rc1" and p.references == "bsc#1212345"
    assert p.trailers == (("Signed-off-by", "Juergen Gross <jgross@suse.com>"),
                          ("Acked-by", "Jan Beulich <jbeulich@suse.com>"))
    assert p.notes.startswith(b" drivers/xen/events.c | 2 +-\n")
    assert p.files == (FileChange("drivers/xen/events.c", "drivers/xen/events.c", "modified",
                                  insertions=1, deletions=1),)
    assert [h.name for h in p.headers][:3] == ["From", "Date", "Subject"]
    (h,) = hunks(p.diff)
    assert (h.old_start, h.old_len, h.section) == (10, 3, b"static int foo(void)")
    assert h.removed == [b"b\n"] and h.added == [b"c\n"]


def test_crlf_and_no_final_newline_round_trip() -> None:
    data = SUSE.replace(b"\n", b"\r\n")[:-2]
    p = Patch.parse(data)
    assert p.to_bytes() == data and p.insertions == 1
    assert p.with_header("X-Test", "1").to_bytes().count(b"X-Test: 1\r\n") == 1


def test_upstream_tag_and_prefix() -> None:
    p = Patch.parse(SUSE).with_header("Subject", "[PATCH v2 3/7] ANDROID: xen: thing")
    assert (p.upstream_tag, p.subject_prefix, p.summary) == ("ANDROID", "PATCH v2 3/7",
                                                             "ANDROID: xen: thing")


def test_rfc2047_and_in_body_from() -> None:
    data = SUSE.replace(b"From: Juergen Gross <jgross@suse.com>",
                        b"From: =?UTF-8?q?J=C3=BCrgen?= <j@suse.com>")
    assert Patch.parse(data).author == "Jürgen <j@suse.com>"
    inbody = data.replace(b"\nFix it.\n", b"\nFrom: Real Author <ra@x.org>\n\nFix it.\n")
    assert Patch.parse(inbody).author == "Real Author <ra@x.org>"
    assert Patch.parse(inbody).header("From") == "Jürgen <j@suse.com>"


def test_signature_line_inside_hunk_is_diff() -> None:
    diff = b"diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +0,0 @@\n-- \n-x\n"
    data = b"Subject: s\n\nbody\n---\n" + diff + b"-- \n2.39.5\n\n"
    p = Patch.parse(data)
    assert p.diff == diff and p.signature == b"-- \n2.39.5\n\n" and p.deletions == 2


def test_with_diff_keeps_everything_else() -> None:
    p = Patch.parse(SUSE)
    new = b"--- a/x\n+++ b/x\n@@ -1 +1,2 @@\n x\n+y\n"
    q = p.with_diff(new, notes=diffstat(new) + b"\n")
    assert q.diff == new and q.headers == p.headers and q.message == p.message
    assert q.notes == b" x | 1 +\n 1 file changed, 1 insertion(+)\n\n"
    assert q.to_bytes().startswith(SUSE[:SUSE.index(b"---\n")])
    with pytest.raises(BadInput, match="does not start with a file header"):
        p.with_diff(b"not a diff\n")


def test_empty_diff_mail_allowed() -> None:
    data = (b"From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
            b"From: A <a@b>\nSubject: [PATCH 0/2] cover\n\nblurb\n-- \n2.39.5\n\n")
    p = Patch.parse(data)
    assert (p.has_diff, p.diff, p.signature, p.files) == (False, b"", b"-- \n2.39.5\n\n", ())
    assert p.to_bytes() == data


def test_build_is_format_patch_style_and_git_am_accepts_it(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "r")
    repo.commit("base", {"f.c": "one\ntwo\n"})
    diff = b"diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n@@ -1,2 +1,2 @@\n one\n-two\n+zwei\n"
    p = Patch.build("Jörg Dev <j@x.org>", "Mon, 1 Jan 2024 10:00:00 +0000",
                    "[PATCH] f: translate two", "Because.\n\nSigned-off-by: Jörg Dev <j@x.org>",
                    diff)
    data = p.to_bytes()
    assert data.startswith(b"From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n")
    assert b"---\n f.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\ndiff --git" in data
    assert (p.author, p.summary, p.diff) == ("Jörg Dev <j@x.org>", "f: translate two", diff)
    assert p.trailers == (("Signed-off-by", "Jörg Dev <j@x.org>"),)
    (tmp_path / "p.patch").write_bytes(data)
    repo.git("am", "-q", str(tmp_path / "p.patch"))
    assert repo.git("log", "-1", "--format=%an|%s|%b").strip() == \
        "Jörg Dev|f: translate two|Because.\n\nSigned-off-by: Jörg Dev <j@x.org>"


@pytest.mark.parametrize("data, match", [
    (b"just some text\n", "contains no diff"),
    (b"Subject-less: x\n\nno diff here\n", "contains no diff"),
    (b"--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n", "hunk ends early"),
    (b"--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n+c\n", "more lines than its @@ header"),
    (b"--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\nxyz\n", "garbage inside the hunk"),
    (b"--- a/x\n+++ b/x\n@@ -1,x +1 @@\n a\n", "malformed hunk header"),
    (b"diff --git a/x b/x\n@@ -1 +1 @@\n-a\n+b\n", "hunk without a '---'/'\\+\\+\\+' file header"),
])
def test_bad_patches(data: bytes, match: str) -> None:
    with pytest.raises(BadInput, match=match) as err:
        Patch.parse(data, "bad.patch")
    assert err.value.message.startswith("bad.patch") and err.value.hint


# ---------------------------------------------------------------- real git output

@pytest.fixture(scope="module")
def git_series(tmp_path_factory: pytest.TempPathFactory) -> tuple[Repo, list[Path]]:
    repo = Repo(tmp_path_factory.mktemp("git") / "r")
    lines = "".join(f"line {i}\n" for i in range(1, 31))
    repo.commit("base", {"a.c": lines, "dir/moved.c": lines.replace("line", "moved"),
                         "gone.txt": "bye\n", "run.sh": "#!/bin/sh\n", "img.bin": bytes(range(256))})
    repo.commit("x86/xen: change a.c and add a binary\n\nSigned-off-by: A <a@b>",
                {"a.c": lines.replace("line 5\n", "line five\n") + "tail\n",
                 "new.bin": b"\x00\x01\x02" * 50, "img.bin": bytes(range(255, -1, -1))})
    (repo.path / "sub dir").mkdir()
    repo.git("mv", "dir/moved.c", "sub dir/moved.c")
    repo.commit("rename, delete and chmod: all together now", {
        "sub dir/moved.c": lines.replace("line", "moved") + "more\n", "gone.txt": None,
        "ünï space.c": "x\n"})
    (repo.path / "run.sh").chmod(0o755)
    repo.git("add", "run.sh")
    repo.commit("mode only")
    out = repo.path.parent / "out"
    names = repo.git("format-patch", "-o", str(out), "HEAD~3").split()
    return repo, [Path(n) for n in names]


def test_format_patch_output_matches_git(git_series: tuple[Repo, list[Path]]) -> None:
    repo, files = git_series
    for k, path in enumerate(files):
        data = path.read_bytes()
        p = Patch.parse(data, path.name)
        assert p.to_bytes() == data
        rev = f"HEAD~{len(files) - 1 - k}"
        numstat = repo.git("diff", "--numstat", "-M", "-z", f"{rev}~1", rev).split("\0")
        status = repo.git("diff", "--name-status", "-M", "-z", f"{rev}~1", rev).split("\0")
        expected = _numstat(numstat)
        assert [(f.path, f.insertions, f.deletions, f.binary) for f in p.files] == expected
        assert [(f.status[0].upper(), f.similarity) for f in p.files] == _name_status(status)
        assert diffstat(p.diff) + b"\n" == p.notes  # same text as git's own --stat --summary
        assert p.summary == repo.git("log", "-1", "--format=%s", rev).strip()
        assert p.signature == b"-- \n" + repo.git("version").split()[-1].encode() + b"\n\n"


def _name_status(fields: list[str]) -> list[tuple[str, int | None]]:
    out: list[tuple[str, int | None]] = []
    k = 0
    while k < len(fields) and fields[k]:
        code = fields[k]
        out.append((code[0], int(code[1:]) if code[0] in "RC" else None))
        k += 3 if code[0] in "RC" else 2
    return out


def _numstat(fields: list[str]) -> list[tuple[str, int, int, bool]]:
    out = []
    k = 0
    while k < len(fields) and fields[k]:
        add, dele, name = fields[k].split("\t")
        if name == "":  # rename: old and new names follow
            name = fields[k + 2]
            k += 2
        binary = add == "-"
        out.append((name, 0 if binary else int(add), 0 if binary else int(dele), binary))
        k += 1
    return out


def test_git_statuses_modes_and_quoting(git_series: tuple[Repo, list[Path]]) -> None:
    _, files = git_series
    first = Patch.parse(files[0].read_bytes())
    assert {f.path: f.status for f in first.files} == {"a.c": "modified", "img.bin": "modified",
                                                       "new.bin": "added"}
    assert [f.binary for f in first.files if f.path.endswith(".bin")] == [True, True]
    second = Patch.parse(files[1].read_bytes())
    moved = next(f for f in second.files if f.status == "renamed")
    assert (moved.old_path, moved.new_path) == ("dir/moved.c", "sub dir/moved.c")
    assert any(f.path == "ünï space.c" and f.status == "added" for f in second.files)
    assert any(f.path == "gone.txt" and f.status == "deleted" for f in second.files)
    third = Patch.parse(files[2].read_bytes())
    assert third.files == (FileChange("run.sh", "run.sh", "modified", False, "100644", "100755"),)


def test_git_apply_accepts_file_slices(git_series: tuple[Repo, list[Path]], tmp_path: Path) -> None:
    repo, files = git_series
    p = Patch.parse(files[1].read_bytes())
    for change, chunk in split_file_diffs(p.diff):
        (tmp_path / "one.diff").write_bytes(chunk)
        subprocess.run(["git", "-C", str(repo.path), "apply", "--check", "-R",
                        str(tmp_path / "one.diff")], check=True)


@SETTINGS
@given(git_diffs, st.data())
def test_dropping_a_hunk_line_is_bad_input(diff: Gen, data: st.DataObject) -> None:
    lines = diff.text.encode().split(b"\n")
    in_hunk = [k for k, h in _hunk_body_lines(lines)]
    if not in_hunk:
        return
    k = data.draw(st.sampled_from(in_hunk))
    broken = b"\n".join(lines[:k] + lines[k + 1:])
    with pytest.raises(BadInput, match=r"^gen\.patch: line \d+: "):
        Patch.parse(b"Subject: x\n\n" + broken, "gen.patch")


def _hunk_body_lines(lines: list[bytes]) -> list[tuple[int, bytes]]:
    """Indexes of counted hunk lines (not '\\' markers), found by the generator's layout."""
    out = []
    remaining = 0
    for k, line in enumerate(lines):
        if remaining:
            if not line.startswith(b"\\"):
                out.append((k, line))
                remaining -= 1
            continue
        if line.startswith(b"@@ -"):
            old, new = line.split(b" ")[1:3]
            o = int(old.split(b",")[1]) if b"," in old else 1
            n = int(new.split(b",")[1]) if b"," in new else 1
            body = 0
            j = k + 1
            while o > 0 or n > 0:
                c = lines[j][:1]
                o -= c in (b" ", b"-", b"")
                n -= c in (b" ", b"+", b"")
                j += 1
                body += 1
            remaining = body
    return out


def test_prose_that_looks_like_diff_starts_stays_description() -> None:
    data = (b"From the beginning this was wrong.\n"
            b"diff -u shows the problem.\nIndex: the new index is faster.\n\n"
            b"Index: fs/x.c\n" + b"=" * 67 + b"\n--- fs/x.c.orig\n+++ fs/x.c\n@@ -1 +1 @@\n-a\n+b\n"
            b"_______________________________________________\nXen-devel mailing list\n")
    p = Patch.parse(data, "q.patch")
    assert p.to_bytes() == data and p.from_line == b"" and p.headers == ()
    assert p.description.endswith(b"is faster.\n\n") and p.diff.startswith(b"Index: fs/x.c\n")
    assert p.summary.startswith("From the beginning")
    assert p.files == (FileChange("fs/x.c", "fs/x.c", "modified", insertions=1, deletions=1),)


def test_cvs_no_prefix_and_binary_quilt_variants() -> None:
    cvs = (b"Index: src/x.c\n" + b"=" * 67 + b"\nRCS file: /cvs/src/x.c,v\nretrieving revision 1.1\n"
           b"diff -u -r1.1 x.c\n--- src/x.c\t1 Jan 2020 00:00:00 -0000\t1.1\n"
           b"+++ src/x.c\t2 Jan 2020 00:00:00 -0000\n@@ -1 +1 @@\n-a\n+b\n")
    assert [f.path for f in Patch.parse(cvs).files] == ["src/x.c"]
    noprefix = b"diff --git drivers/x.c drivers/x.c\nindex 1..2 100644\n--- drivers/x.c\n" \
               b"+++ drivers/x.c\n@@ -1 +1 @@\n-a\n+b\n"
    assert Patch.parse(noprefix).files[0].path == "drivers/x.c"
    binary = b"Index: img.png\n" + b"=" * 67 + b"\nBinary files a/img.png and b/img.png differ\n"
    (f,) = Patch.parse(binary).files
    assert (f.path, f.binary, f.status) == ("img.png", True, "modified")
    mixed = b"--- /dev/null\t1970-01-01 00:00:00.000000000 +0000\n+++ b/new.c\t2020-01-01\n" \
            b"@@ -0,0 +1 @@\n+x\n--- a/old.c\n+++ b/old.c\t1970-01-01 00:00:00.000000000 +0000\n" \
            b"@@ -1 +0,0 @@\n-y\n"
    assert [(f.path, f.status) for f in Patch.parse(mixed).files] == [("new.c", "added"),
                                                                       ("old.c", "deleted")]


def test_trailer_block_rules() -> None:
    def trailers(body: bytes) -> tuple[tuple[str, str], ...]:
        return Patch.parse(b"Subject: s\n\n" + body + b"---\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n"
                           ).trailers

    assert trailers(b"Text.\n\nSigned-off-by: A <a@b>\n[jb: fixed a typo]\n"
                    b"Signed-off-by: B <b@c>\n") == (("Signed-off-by", "A <a@b>"),
                                                     ("Signed-off-by", "B <b@c>"))
    assert trailers(b"Text.\n\nNote: this is prose\nand more prose here\n") == ()
    assert trailers(b"Text.\n\nLink: https://lore.kernel.org/r/1\n  continued\n") == (
        ("Link", "https://lore.kernel.org/r/1 continued"),)
    assert trailers(b"Fixes: 0123456789ab (\"x: y\")\n") == (("Fixes", "0123456789ab (\"x: y\")"),)
