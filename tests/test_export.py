"""export: mails that git am applies back to the same tree, git's mail format byte for byte,
MAINTAINERS recipients, versions and the "Changes since vN-1" section."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from tests.clirun import Result, run, snapshot
from tests.gitrepo import Repo
from xenpatch.core import mailout
from xenpatch.core.mailout import Change, Recipients, SentPatch

MAINTAINERS = """\
List of maintainers
===================

Descriptions of section entries and preferred order
\tM: *Mail* patches to: FullName <address@domain>
\tF: *Files* and directories wildcard patterns.

XEN HYPERVISOR INTERFACE
M:\tJürgen Groß <jgross@suse.example>
M:\tStefano Stabellini <sstabellini@kernel.example>
R:\tOleksandr Tyshchenko <oleksandr@epam.example>
L:\txen-devel@lists.xenproject.example (moderated for non-subscribers)
S:\tSupported
F:\tdrivers/xen/
F:\tinclude/xen/
X:\tdrivers/xen/xenbus/
K:\t\\bxen_hypercall_\\w+

XEN BUS
M:\tBus Person <bus@example.org>
S:\tMaintained
F:\tdrivers/xen/xenbus/

XEN HEADERS BY NAME
R:\tHeader Watcher <headers@example.org>
S:\tOdd Fixes
N:\txen.*\\.h$

X86 XEN
M:\tBoris Ostrovsky <boris@example.org>
L:\tx86@kernel.example
S:\tSupported
F:\tarch/x86/xen/

THE REST
M:\tLinus Torvalds <torvalds@linux-foundation.example>
L:\tlinux-kernel@vger.kernel.example
S:\tBuried alive in reporters
F:\t*
F:\t*/
"""

BASE_FILES = {
    "MAINTAINERS": MAINTAINERS,
    "Makefile": "obj-y += drivers/ arch/\n",
    "include/xen/interface.h": "#ifndef XEN_INTERFACE_H\n#define XEN_INTERFACE_H\nint xen_version(void);\n#endif\n",
    "drivers/xen/events.c": "".join(f"static int event_{i}(void) {{ return {i}; }}\n" for i in range(30)),
    "drivers/xen/xenbus/xenbus.c": "int xenbus_probe(void)\n{\n\treturn 0;\n}\n",
    "arch/x86/kernel/setup.c": "void setup_arch(void)\n{\n}\n",
    "arch/x86/xen/enlighten.c": "void xen_start_kernel(void)\n{\n}\n",
}

AUTHOR_ENV = {"GIT_AUTHOR_NAME": "Jörg Müller", "GIT_AUTHOR_EMAIL": "joerg@example.org"}


def git(repo: Path, *args: str, env: dict[str, str] | None = None, input: bytes | None = None) -> str:
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, input=input,
                          env={**os.environ, **(env or {})})
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr.decode()}"
    return proc.stdout.decode()


def commit(r: Repo, message: str, files: dict[str, str | bytes | None], env: dict[str, str] | None = None) -> None:
    r.write(files)
    git(r.path, "commit", "-q", "-m", message, env=env)


def make_series(r: Repo) -> None:
    """Four patches on branch 'fork', each hitting a different MAINTAINERS rule."""
    git(r.path, "checkout", "-q", "-b", "fork")
    commit(r, "xen: interface: add xen_feature()\n\nDeclare the feature query.\n\n"
              "Signed-off-by: Jörg Müller <joerg@example.org>",
           {"include/xen/interface.h": BASE_FILES["include/xen/interface.h"].replace(
               "#endif", "int xen_feature(int flag);\n#endif")}, env=AUTHOR_ENV)
    commit(r, "xen/xenbus: probe the backend later in the boot, after the console is up and "
              "running\n\nThe subject above is long on purpose.\n\nSigned-off-by: A U Thor <author@example.org>",
           {"drivers/xen/xenbus/xenbus.c": "int xenbus_probe(void)\n{\n\treturn 1;\n}\n"})
    commit(r, "x86/setup: call the hypervisor early\n\nSigned-off-by: A U Thor <author@example.org>",
           {"arch/x86/kernel/setup.c": "void setup_arch(void)\n{\n\txen_hypercall_early();\n}\n"})
    commit(r, "x86/xen: start: say hello\n\nSigned-off-by: A U Thor <author@example.org>",
           {"arch/x86/xen/enlighten.c": "void xen_start_kernel(void)\n{\n\tpr_info(\"hello\");\n}\n",
            "arch/x86/xen/logo.bin": bytes(range(256)) * 4,
            "drivers/xen/events.c": BASE_FILES["drivers/xen/events.c"].replace("return 29;", "return -29;")})
    git(r.path, "checkout", "-q", "master")


@pytest.fixture()
def ws(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    r = Repo(tmp_path / "kernel")
    r.commit("base", dict(BASE_FILES))
    git(r.path, "tag", "v1.0")
    make_series(r)
    quilt = tmp_path / "quilt"
    git(r.path, "format-patch", "-q", "-o", str(quilt), "v1.0..fork")
    (quilt / "series").write_text("".join(f"{p.name}\n" for p in sorted(quilt.glob("*.patch"))))
    res = run(capsys, tmp_path, "init", "q", "--repo", "kernel", "--upstream", "v1.0")
    assert res.code == 0, res.err
    res = run(capsys, tmp_path, "import", "q", "--quilt", str(quilt), "--base", "v1.0")
    assert res.code == 0, res.err
    return tmp_path


def export(capsys: pytest.CaptureFixture[str], ws: Path, *args: str) -> Result:
    return run(capsys, ws, "export", "q", "--json", *args)


def git_am(ws: Path, files: list[Path], base: str) -> str:
    """Apply mails with git am in a fresh clone; return the resulting tree."""
    clone = ws / f"am-{len(list(ws.glob('am-*')))}"
    git(ws, "clone", "-q", "--no-checkout", str(ws / "kernel"), str(clone))
    git(clone, "checkout", "-q", "--detach", base)
    git(clone, "am", "-q", *[str(f) for f in files])
    return git(clone, "rev-parse", "HEAD^{tree}").strip()


def test_export_then_git_am_reproduces_the_tree(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = ws / "mail"
    r = export(capsys, ws, "--to", str(out))
    assert r.code == 0, r.err
    j = r.json
    assert j["version"] == 1 and j["since"] is None
    assert j["files"] == sorted(p.name for p in out.glob("*.patch"))
    assert j["cover_letter"] == "0000-cover-letter.patch"
    names = [p["file"] for p in j["patches"]]
    assert names == ["0001-xen-interface-add-xen_feature.patch",
                     "0002-xen-xenbus-probe-the-backend-later-in-the-boot-after.patch",
                     "0003-x86-setup-call-the-hypervisor-early.patch",
                     "0004-x86-xen-start-say-hello.patch"]
    base = git(ws / "kernel", "rev-parse", "v1.0").strip()
    assert git_am(ws, [out / n for n in names], base) == git(ws / "kernel", "rev-parse", "fork^{tree}").strip()
    # the stack ref records exactly what was sent
    assert git(ws / "kernel", "rev-parse", "refs/xenpatch/q/export-v1").strip() == j["stack"]
    assert git(ws / "kernel", "rev-parse", j["stack"] + "^{tree}").strip() == \
        git(ws / "kernel", "rev-parse", "fork^{tree}").strip()
    # git am keeps the authors and the non-ASCII name survives the RFC 2047 round trip
    clone = sorted(ws.glob("am-*"))[-1]
    authors = git(clone, "log", "--reverse", "--format=%an <%ae>|%s", f"{base}..HEAD").splitlines()
    assert authors == [
        "Jörg Müller <joerg@example.org>|xen: interface: add xen_feature()",
        "Test Author <author@example.org>|xen/xenbus: probe the backend later in the boot, after the console "
        "is up and running",
        "Test Author <author@example.org>|x86/setup: call the hypervisor early",
        "Test Author <author@example.org>|x86/xen: start: say hello"]
    # the cover letter: numbered 0/4, shortlog by author, overall diffstat, base-commit
    cover = (out / "0000-cover-letter.patch").read_text()
    assert "Subject: [PATCH 0/4] *** SUBJECT HERE ***\n" in cover
    # signed by whoever runs git (the queue identity is still the placeholder), dated like the newest patch
    assert cover.split("\n")[1:3] == ["From: Test Committer <committer@example.org>",
                                      "Date: Sun, 13 Sep 2020 12:26:40 +0000"]
    assert "\n\nJörg Müller (1):\n  xen: interface: add xen_feature()\n\n" \
           "Test Author (3):\n  xen/xenbus: probe the backend later in the boot, after the console is\n" \
           "    up and running\n  x86/setup: call the hypervisor early\n  x86/xen: start: say hello\n\n" in cover
    assert " 6 files changed, 5 insertions(+), 2 deletions(-)\n create mode 100644 arch/x86/xen/logo.bin\n\n\nbase-commit: " + base + "\n-- \n" in cover
    # base-commit is in the cover letter only, as git format-patch --cover-letter --base writes it
    assert all("base-commit:" not in (out / n).read_text() for n in names)


def test_patch_mails_match_git_format_patch_byte_for_byte(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = ws / "mail"
    r = export(capsys, ws, "--to", str(out), "--no-cover-letter", "--no-maintainers", "--version", "2")
    assert r.code == 0, r.err
    gitout = ws / "gitout"
    base = r.json["base"]
    git(ws / "kernel", "format-patch", "-q", "-o", str(gitout), "-v2", f"--base={base}",
        "--signature=xenpatch 0.1.0", f"{base}..refs/xenpatch/q/export-v2",
        env={"GIT_CONFIG_GLOBAL": os.devnull})
    ours = {p.name: p.read_bytes() for p in out.glob("*.patch")}
    theirs = {p.name: p.read_bytes() for p in gitout.glob("*.patch")}
    assert sorted(ours) == sorted(theirs)
    for name in theirs:
        assert ours[name] == theirs[name], name
    assert b"base-commit: " + base.encode() in ours[sorted(ours)[0]]


def test_recipients_from_maintainers(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = ws / "mail"
    r = export(capsys, ws, "--to", str(out))
    assert r.code == 0, r.err
    p = {x["number"]: x for x in r.json["patches"]}
    lkml = "linux-kernel@vger.kernel.example"
    xen_to = ["Jürgen Groß <jgross@suse.example>", "Stefano Stabellini <sstabellini@kernel.example>"]
    xen_cc = ["Oleksandr Tyshchenko <oleksandr@epam.example>", "xen-devel@lists.xenproject.example"]
    # F: include/xen/ and N: xen.*\.h$ (a reviewer-only section); THE REST adds only its list.
    # Cc: the reviewers, then the lists, in section order
    assert p[1]["to"] == xen_to
    assert p[1]["cc"] == [xen_cc[0], "Header Watcher <headers@example.org>", xen_cc[1], lkml]
    # X: drivers/xen/xenbus/ removes the hypervisor section; the XEN BUS section owns it
    assert p[2]["to"] == ["Bus Person <bus@example.org>"]
    assert p[2]["cc"] == [lkml]
    # no F: covers arch/x86/kernel/: the K: keyword pulls the hypervisor section in
    assert p[3]["to"] == xen_to
    assert p[3]["cc"] == xen_cc + [lkml]
    # two files, two sections
    assert p[4]["to"] == ["Boris Ostrovsky <boris@example.org>"] + xen_to
    assert p[4]["cc"] == [xen_cc[0], "x86@kernel.example", xen_cc[1], lkml]
    # headers: non-ASCII names RFC 2047 encoded, several addresses folded like format-patch
    mail = (out / p[1]["file"]).read_text()
    assert "To: =?UTF-8?q?J=C3=BCrgen=20Gro=C3=9F?= <jgross@suse.example>,\n" \
           "    Stefano Stabellini <sstabellini@kernel.example>\nCc: Oleksandr" in mail
    # the cover letter goes to everyone: the union, To before Cc, no one twice
    cover = r.json["to"], r.json["cc"]
    assert cover[0] == xen_to + ["Bus Person <bus@example.org>", "Boris Ostrovsky <boris@example.org>"]
    assert cover[1] == [xen_cc[0], "Header Watcher <headers@example.org>", xen_cc[1], lkml, "x86@kernel.example"]
    text = (out / "0000-cover-letter.patch").read_text()
    assert "\nCc: Oleksandr Tyshchenko <oleksandr@epam.example>,\n    Header Watcher" in text


def test_catch_all_maintainer_only_for_unowned_files(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    k = ws / "kernel"
    git(k, "checkout", "-q", "fork")
    commit(Repo.__new__(Repo), "", {}) if False else None
    (k / "Makefile").write_text("obj-y += drivers/ arch/ kernel/\n")
    git(k, "commit", "-q", "-am", "kbuild: add kernel/\n\nSigned-off-by: A U Thor <author@example.org>")
    git(k, "checkout", "-q", "master")
    quilt = ws / "quilt2"
    git(k, "format-patch", "-q", "-o", str(quilt), "v1.0..fork")
    (quilt / "series").write_text("".join(f"{p.name}\n" for p in sorted(quilt.glob("*.patch"))))
    assert run(capsys, ws, "import", "q", "--quilt", str(quilt), "--base", "v1.0", "--replace").code == 0
    r = export(capsys, ws, "--to", str(ws / "m"), "--no-cover-letter")
    assert r.code == 0, r.err
    last = r.json["patches"][-1]
    assert last["to"] == ["Linus Torvalds <torvalds@linux-foundation.example>"]
    assert last["cc"] == ["linux-kernel@vger.kernel.example"]


def test_versions_idempotence_and_force(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = ws / "mail"
    assert export(capsys, ws, "--to", str(out)).code == 0
    first = snapshot(out)
    record = (ws / "queues/q/exports/v1.json").read_bytes()
    # the same version again: byte-identical files and record
    r = export(capsys, ws, "--to", str(out), "--version", "1")
    assert r.code == 0, r.err
    assert r.json["unchanged_record"] is True
    assert snapshot(out) == first
    assert (ws / "queues/q/exports/v1.json").read_bytes() == record
    # default version with the same patches: v1 again, not a v2
    r = export(capsys, ws, "--to", str(out))
    assert r.code == 0 and r.json["version"] == 1 and r.json["reexported"] is True
    assert r.json["cover_changed"] is False and snapshot(out) == first
    # --version 2 (a resend): written next to v1
    r = export(capsys, ws, "--to", str(out), "--version", "2")
    assert r.code == 0 and r.json["version"] == 2
    assert (out / "v2-0000-cover-letter.patch").is_file()
    assert "Subject: [PATCH v2 3/4] x86/setup" in (out / "v2-0003-x86-setup-call-the-hypervisor-early.patch").read_text()
    assert {k: v for k, v in snapshot(out).items() if not k.startswith("v2-")} == first
    # change the queue, then try to overwrite v1: refused without --force, nothing written
    _edit_patch(ws, 3, "xen_hypercall_early();", "xen_hypercall_early(0);")
    before = snapshot(ws / "queues") | snapshot(out)
    r = export(capsys, ws, "--to", str(out), "--version", "1")
    assert r.code == 2 and "already exported with different content" in r.err
    assert snapshot(ws / "queues") | snapshot(out) == before
    r = export(capsys, ws, "--to", str(out), "--version", "1", "--force")
    assert r.code == 0, r.err
    assert (ws / "queues/q/archive/exports/v1.1.json").read_bytes() == record
    assert (ws / "queues/q/exports/v1.json").read_bytes() != record


def test_forced_shorter_version_moves_stale_mails_aside(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = ws / "mail"
    (out).mkdir()
    (out / "notes.txt").write_text("mine\n")
    first = export(capsys, ws, "--to", str(out))
    assert first.code == 0, first.err
    last = first.json["patches"][-1]["file"]
    old_last = (out / last).read_bytes()
    series = ws / "queues/q/patches/series"
    series.write_text("\n".join(series.read_text().splitlines()[:-1]) + "\n")
    r = export(capsys, ws, "--to", str(out), "--version", "1", "--force")
    assert r.code == 0, r.err
    assert r.json["archived"] == [f"archived/v1.1/{last}"]
    assert not (out / last).exists() and (out / "archived/v1.1" / last).read_bytes() == old_last
    assert (out / "notes.txt").read_text() == "mine\n"  # not ours: untouched
    assert "Subject: [PATCH 0/3]" in (out / "0000-cover-letter.patch").read_text()


def _edit_patch(ws: Path, number: int, old: str, new: str, subject: tuple[str, str] | None = None) -> None:
    pdir = ws / "queues/q/patches"
    path = sorted(pdir.glob(f"{number:04d}-*.patch"))[0]
    text = path.read_text()
    assert old in text
    text = text.replace(old, new)
    if subject:
        text = text.replace(*subject)
    path.write_text(text)


def test_v2_cover_letter_lists_exactly_what_changed(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = ws / "mail"
    assert export(capsys, ws, "--to", str(out)).code == 0
    # v2: patch 3 changes code, patch 2 changes its message only, patch 4 is dropped, a new one is added
    _edit_patch(ws, 3, "xen_hypercall_early();", "xen_hypercall_early(0);")
    _edit_patch(ws, 2, "The subject above is long on purpose.", "The subject above is long.")
    series = ws / "queues/q/patches/series"
    lines = series.read_text().splitlines()
    dropped = lines.pop()
    new = ws / "queues/q/patches/0005-new.patch"
    new.write_text("From: New Person <new@example.org>\nDate: Mon, 2 Jan 2023 10:00:00 +0100\n"
                   "Subject: [PATCH] xen: events: return 0 from event_0\n\nSigned-off-by: New Person "
                   "<new@example.org>\n---\ndiff --git a/drivers/xen/events.c b/drivers/xen/events.c\n"
                   "--- a/drivers/xen/events.c\n+++ b/drivers/xen/events.c\n@@ -1,2 +1,2 @@\n"
                   "-static int event_0(void) { return 0; }\n+static int event_0(void) { return 00; }\n"
                   " static int event_1(void) { return 1; }\n")
    series.write_text("\n".join(lines + ["0005-new.patch"]) + "\n")
    r = export(capsys, ws, "--to", str(out), "--range-diff")
    assert r.code == 0, r.err
    j = r.json
    assert j["version"] == 2 and j["since"] == 1
    kinds = {c["name"]: (c["kind"], c["detail"]) for c in j["changes"]}
    assert kinds[dropped] == ("dropped", "removed from the series")
    assert [p["change"] for p in j["patches"]] == ["unchanged", "changed", "changed", "added"]
    cover = (out / "v2-0000-cover-letter.patch").read_text()
    section = cover.split("Changes since v1:\n", 1)[1].split("\n\n", 1)[0]
    assert section == (
        "- [2/4] xen/xenbus: probe the backend later in the boot, after the console is up and running\n"
        "  changed: commit message\n"
        "- [3/4] x86/setup: call the hypervisor early\n"
        "  changed: code +1/-1 lines\n"
        "- [4/4] xen: events: return 0 from event_0\n"
        "  new patch\n"
        "- x86/xen: start: say hello\n"
        "  dropped: removed from the series\n"
        "- Unchanged: 1/4.")
    assert "Range-diff against v1:\n" in cover and "3:  " in cover
    # the v2 mails still apply with git am and give the queue's tree
    base = j["base"]
    files = [out / p["file"] for p in j["patches"]]
    assert git_am(ws, files, base) == git(ws / "kernel", "rev-parse", j["stack"] + "^{tree}").strip()


def test_changes_from_the_record_alone_when_the_old_stack_is_gone(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = ws / "mail"
    assert export(capsys, ws, "--to", str(out)).code == 0
    rec = ws / "queues/q/exports/v1.json"
    rec.write_text(rec.read_text().replace(export_stack(rec), "f" * 40))
    _edit_patch(ws, 3, "xen_hypercall_early();", "xen_hypercall_early(0);")
    r = export(capsys, ws, "--to", str(out))
    assert r.code == 0, r.err
    assert [(c["kind"], c["detail"]) for c in r.json["changes"]] == [
        ("unchanged", ""), ("unchanged", ""), ("changed", "code"), ("unchanged", "")]


def export_stack(record: Path) -> str:
    import json
    return str(json.loads(record.read_text())["stack"])


def test_dropped_upstream_named_from_rev_records(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from xenpatch.core.model import Outcome
    from xenpatch.core.revs import PatchRecord, RevRecord, rev_file

    out = ws / "mail"
    assert export(capsys, ws, "--to", str(out)).code == 0
    series = ws / "queues/q/patches/series"
    lines = series.read_text().splitlines()
    gone = lines.pop(0)
    series.write_text("\n".join(lines) + "\n")
    sha = "ab" * 20
    rec = RevRecord(1, "q", "0" * 40, "1" * 40, "v1.1", "stabilized",
                    (PatchRecord(gone, Outcome.DROPPED_UPSTREAM, upstream_commit=sha),))
    (ws / "queues/q" / rev_file(1)).parent.mkdir(parents=True, exist_ok=True)
    (ws / "queues/q" / rev_file(1)).write_bytes(rec.to_bytes())
    # the first patch is gone, so the rest must apply without it: drop only a leaf-independent one
    r = export(capsys, ws, "--to", str(out))
    assert r.code == 0, r.err
    dropped = [c for c in r.json["changes"] if c["kind"] == "dropped"]
    assert dropped == [{"kind": "dropped", "name": gone, "subject": "xen: interface: add xen_feature()",
                        "number": None, "old_number": 1, "detail": f"merged upstream as {sha[:12]}",
                        "upstream_commit": sha}]
    assert f"  dropped: merged upstream as {sha[:12]}\n" in (out / "v2-0000-cover-letter.patch").read_text()


def test_bad_input(ws: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    r = export(capsys, ws, "--to", str(afile))
    assert r.code == 2 and "is a file" in r.err
    r = export(capsys, ws, "--to", str(ws / "m"), "--version", "0")
    assert r.code == 2 and "not a version number" in r.err
    r = export(capsys, ws, "--to", str(ws / "m"), "--subject-prefix", "PATCH]")
    assert r.code == 2 and "subject prefix" in r.err
    r = export(capsys, ws, "--to", str(ws / "m"), "--cover", str(ws / "nope.txt"))
    assert r.code == 2 and "does not exist" in r.err
    r = run(capsys, ws, "export", "nosuch", "--to", str(ws / "m"))
    assert r.code == 2 and "no queue named" in r.err
    assert not (ws / "m").exists()


def test_cover_text_rfc_prefix_and_git_send_email(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (ws / "queues/q/cover-letter.txt").write_text("xen: early hypercalls\n\nThis series makes Xen\nboot.\n")
    out = ws / "mail"
    r = export(capsys, ws, "--to", str(out), "--rfc")
    assert r.code == 0, r.err
    cover = (out / "0000-cover-letter.patch").read_text()
    assert "Subject: [RFC PATCH 0/4] xen: early hypercalls\n" in cover
    assert "\n\nThis series makes Xen\nboot.\n\nJörg Müller (1):\n" in cover
    assert "Subject: [RFC PATCH 1/4] xen: interface" in (out / r.json["patches"][0]["file"]).read_text()
    # what git send-email's validation refuses: a line over 998 characters (RFC 5322)
    assert all(len(line) <= 998 for p in out.glob("*.patch") for line in p.read_bytes().split(b"\n"))
    probe = subprocess.run(["git", "send-email", "-h"], capture_output=True, stdin=subprocess.DEVNULL)
    if b"is not a git command" in probe.stderr:
        pytest.skip("git send-email is not installed (Debian package git-email); mail format checked above")
    proc = subprocess.run(["git", "-C", str(ws / "kernel"), "send-email", "--dry-run", "--confirm=never",
                           "--from=Me <me@example.org>", "--to=list@example.org", "--smtp-server=/bin/true",
                           *map(str, sorted(out.glob("*.patch")))],
                          capture_output=True, stdin=subprocess.DEVNULL, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.count(b"Dry-OK") == 5, proc.stdout.decode()


# ---------------------------------------------------------------- pure parts

def test_subject_tags_and_file_names() -> None:
    assert mailout.subject_tag("PATCH", 3, 3, 27) == "[PATCH v3 03/27]"
    assert mailout.subject_tag("PATCH RFC", 1, 0, 5) == "[PATCH RFC 0/5]"
    assert mailout.subject_tag("PATCH", 2, None, 1) == "[PATCH v2]"
    assert mailout.file_name(3, "xen/grant: fix it.", 3) == "v3-0003-xen-grant-fix-it.patch"
    assert mailout.cover_file_name(1) == "0000-cover-letter.patch"


def test_changes_section_format() -> None:
    changes = [Change("unchanged", "a", "a: one", 1, 1), Change("changed", "b", "b: two", 2, 2, "code +1/-0 lines"),
               Change("dropped", "c", "c: three", None, 3, "merged upstream as 0123456789ab", "0123456789ab" * 3)]
    text = mailout.changes_section(1, changes, 12, "a" * 40, "b" * 40)
    assert text == ("Changes since v1:\n- Rebased onto bbbbbbbbbbbb (v1 was based on aaaaaaaaaaaa).\n"
                    "- [02/12] b: two\n  changed: code +1/-0 lines\n- c: three\n"
                    "  dropped: merged upstream as 0123456789ab\n- Unchanged: 01/12.\n")


def test_pairing_by_name_then_patch_id_then_subject() -> None:
    old = [SentPatch("a.patch", "s1", "p1"), SentPatch("b.patch", "s2", "p2"), SentPatch("c.patch", "s3", "p3")]
    new = [SentPatch("x.patch", "other", "p2"), SentPatch("a.patch", "s1b", "pz"), SentPatch("y.patch", "s3", "p9"),
           SentPatch("z.patch", "nope", "p8")]
    assert mailout.pair_patches(old, new) == {1: 0, 0: 1, 2: 2}


def test_interdiff_ignores_moved_hunks() -> None:
    a = b"diff --git a/f b/f\nindex 1..2 100644\n--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@ ctx\n x\n+y\n z\n"
    moved = a.replace(b"@@ -1,2 +1,3 @@", b"@@ -10,2 +10,3 @@").replace(b"index 1..2", b"index 3..4")
    assert mailout.interdiff("m", a, "m", moved).same
    d = mailout.interdiff("m", a, "m2", a.replace(b"+y\n", b"+y\n+w\n"))
    assert (d.code_added, d.code_removed, d.message) == (1, 0, True)
    assert d.describe() == "code +1/-0 lines, commit message"
    c = mailout.interdiff("m", a, "m", a.replace(b" z\n", b" q\n"))
    assert c.describe() == "context lines only"


def test_recipients_merge_dedups_case_insensitively() -> None:
    r = Recipients.merge([Recipients(("A <a@x>",), ("B <b@x>", "a@X")), Recipients(("b@x",), ("C <c@x>",))])
    assert r == Recipients(("A <a@x>", "b@x"), ("C <c@x>",))


_name_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="<>\n\r")


@settings(max_examples=150, deadline=None)
@given(name=st.text(_name_chars, min_size=1, max_size=60).filter(lambda s: s.strip() == s and s),
       title=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=140)
       .filter(lambda s: s.strip() == s and s))
def test_headers_decode_back(name: str, title: str) -> None:
    """Whatever the name and subject, the headers unfold and decode back to them, and
    every RFC 2047 line stays within 76 columns (git's rule)."""
    from email.header import decode_header, make_header

    def unfold(header: str, field: str) -> str:
        assert header.startswith(field + ": ") and header.endswith("\n")
        return header[len(field) + 2:-1].replace("\n ", " ")

    def decode(value: str) -> str:
        return str(make_header(decode_header(value))) if "=?UTF-8?q?" in value else value

    frm = mailout.from_header(name, "x@example.org")
    shown = unfold(frm, "From")
    assert shown.endswith(" <x@example.org>")
    shown = shown[:-len(" <x@example.org>")]
    if shown.startswith('"'):
        shown = re.sub(r'\\(.)', r"\1", shown[1:-1])
    assert decode(shown) == name
    subj = mailout.subject_header("[PATCH 1/2]", title)
    assert decode(unfold(subj, "Subject")) == "[PATCH 1/2] " + title
    for line in (frm + subj).splitlines():
        if "=?UTF-8?q?" in line:
            assert len(line) <= 76, line


def test_new_cover_letter_alone_rewrites_the_same_version(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Following export's own hint (write a cover letter, export again) is no new version."""
    out = ws / "mail"
    r = run(capsys, ws, "export", "q", "--to", str(out), "--no-maintainers")
    assert r.code == 0
    assert "placeholder" in r.out and "cover-letter.txt" in r.out and "rewrites v1 with the new cover letter" in r.out
    patches = {k: v for k, v in snapshot(out).items() if k != "0000-cover-letter.patch"}
    (ws / "queues/q/cover-letter.txt").write_text("xen: early hypercalls\n\nThis series makes Xen boot.\n")
    r = run(capsys, ws, "export", "q", "--to", str(out), "--no-maintainers")
    assert r.code == 0, r.err
    assert "v1 written again with the new cover letter" in r.out
    assert not list(out.glob("v2-*")) and not (ws / "queues/q/exports/v2.json").exists()
    assert "Subject: [PATCH 0/4] xen: early hypercalls" in (out / "0000-cover-letter.patch").read_text()
    assert {k: v for k, v in snapshot(out).items() if k != "0000-cover-letter.patch"} == patches
    # forcing -v 1 with yet another cover letter says what happened, not "the same content"
    (ws / "queues/q/cover-letter.txt").write_text("xen: early hypercalls, take two\n\nBlurb.\n")
    r = run(capsys, ws, "export", "q", "--to", str(out), "--no-maintainers", "-v", "1", "--json")
    assert r.code == 0 and r.json["cover_changed"] is True and r.json["unchanged_record"] is True
    r = run(capsys, ws, "export", "q", "--to", str(out), "--no-maintainers", "-v", "1")
    assert "same patches; written again identically" in r.out
