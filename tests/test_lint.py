"""lint: every seeded problem is found once, by the right check, and a clean series has no finding."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from tests.clirun import run, snapshot
from tests.gitrepo import Repo
from xenpatch.core.lintrules import LintPolicy, added_lines, lint_patch
from xenpatch.core.patch import Patch

SOB = "Signed-off-by: Test Author <author@example.org>"
FAKE_CHECKPATCH = r"""#!/usr/bin/perl
# a stand-in for the kernel's checkpatch.pl: flags added lines with FIXME, emacs format
my %opt;
my @files = grep { !/^--?/ } @ARGV;
foreach my $f (@files) {
    open(my $fh, '<', $f) or die "$f: $!";
    my $n = 0;
    while (my $line = <$fh>) {
        $n++;
        if ($line =~ /^\+.*FIXME/) {
            print "$f:$n: WARNING:FIXME_COMMENT: FIXME comment added\n#$n: FILE: src/a.c:1:\n$line\n";
        }
    }
}
exit(0);
"""

BASE = {
    "src/a.c": "int a(void)\n{\n\treturn 0;\n}\n",
    "src/b.c": "int b(void)\n{\n\treturn 1;\n}\n",
    "src/c.h": "int a(void);\nint b(void);\n",
    "scripts/checkpatch.pl": FAKE_CHECKPATCH,
}


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout.decode()


class Series:
    """Build a queue from commits: each ``add`` is one patch, formatted by git format-patch."""

    def __init__(self, ws: Path, base: dict[str, str] = BASE) -> None:
        self.ws = ws
        self.repo = Repo(ws / "kernel")
        self.repo.commit("base", dict(base))
        git(self.repo.path, "tag", "v1.0")
        git(self.repo.path, "checkout", "-q", "-b", "fork")
        self.headers: dict[int, str] = {}
        self.count = 0

    def add(self, message: str, changes: dict[str, str], headers: str = "") -> int:
        self.repo.commit(message, changes)
        self.count += 1
        self.headers[self.count] = headers
        return self.count

    def queue(self, capsys: pytest.CaptureFixture[str], lint: str = "", check: str = "") -> list[str]:
        quilt = self.ws / "quilt"
        git(self.repo.path, "format-patch", "-q", "-o", str(quilt), "v1.0..fork")
        names = sorted(p.name for p in quilt.glob("*.patch"))
        for k, name in enumerate(names, 1):
            if self.headers.get(k):
                path = quilt / name
                text = path.read_text()
                head, sep, rest = text.partition("\n\n")
                path.write_text(head + "\n" + self.headers[k].rstrip("\n") + sep + rest)
        (quilt / "series").write_text("".join(f"{n}\n" for n in names))
        assert run(capsys, self.ws, "init", "q", "--repo", "kernel", "--upstream", "v1.0").code == 0
        toml = self.ws / "queues/q/queue.toml"
        text = toml.read_text()
        if lint:
            text = text.replace('# require_headers = ["Patch-mainline"]', lint)
        if check:
            text = text.replace('# command = "make -j2 olddefconfig all"', f"command = {check!r}".replace("'", '"'))
        toml.write_text(text)
        r = run(capsys, self.ws, "import", "q", "--quilt", str(quilt), "--base", "v1.0")
        assert r.code == 0, r.err
        return names


MAINLINE = "Patch-mainline: Submitted, https://lore.example.org/x"
GOOD_C = "int a(void)\n{\n\treturn 0;\n}\n\nint helper(int x)\n{\n\treturn x + 1;\n}\n"


def seeded(ws: Path) -> tuple[Series, dict[int, set[str]]]:
    s = Series(ws)
    want: dict[int, set[str]] = {}
    s.add(f"xen: a: add a helper\n\nThe helper adds one.\n\n{SOB}", {"src/a.c": GOOD_C}, MAINLINE)
    want[s.add(f"fix the helper\n\nNo subsystem prefix.\n\n{SOB}",
               {"src/a.c": GOOD_C.replace("x + 1", "x + 2")}, MAINLINE)] = {"subject-format"}
    want[s.add("xen: a: " + "make the helper return a value that is two more than its argument, always"
               + f"\n\nLong subject.\n\n{SOB}", {"src/a.c": GOOD_C}, MAINLINE)] = {"subject-length"}
    want[s.add(f"xen: b: return 2\n\n{SOB}", {"src/b.c": BASE["src/b.c"].replace("1;", "2;")},
               MAINLINE)] = {"empty-body"}
    want[s.add("xen: b: return 3\n\nNo sign-off below.",
               {"src/b.c": BASE["src/b.c"].replace("1;", "3;")}, MAINLINE)] = {"signed-off-by"}
    want[s.add(f"xen: b: add x\n\nTrailing blank.\n\n{SOB}",
               {"src/b.c": BASE["src/b.c"].replace("1;", "3;") + "int x; \n"}, MAINLINE)] = {"trailing-whitespace"}
    want[s.add(f"xen: c: declare a long one\n\nA long line.\n\n{SOB}",
               {"src/c.h": BASE["src/c.h"] + "int a_function_with_a_very_long_name(int first_argument, "
                "int second_argument, int third_argument, int fourth);\n"}, MAINLINE)] = {"long-line"}
    want[s.add(f"xen: a: indent badly\n\nSpace before tab.\n\n{SOB}",
               {"src/a.c": GOOD_C.replace("\treturn x + 1;", " \treturn x + 1;")}, MAINLINE)] = {"whitespace"}
    want[s.add(f"docs: add a big file\n\nToo big to mail.\n\n{SOB}",
               {"docs/big.txt": "".join(f"line {i:06d} of a big document\n" for i in range(4000))},
               MAINLINE)] = {"patch-size"}
    want[s.add(f"xen: a: no mainline header\n\nPolicy.\n\n{SOB}",
               {"src/a.c": GOOD_C.replace("x + 1", "x + 3")})] = {"header-policy"}
    want[s.add(f"xen: a: mainline without commit\n\nPolicy.\n\n{SOB}",
               {"src/a.c": GOOD_C.replace("x + 1", "x + 4")}, "Patch-mainline: v6.3-rc1")] = {"header-policy"}
    s.add(f"xen: a: mainline with commit\n\nPolicy.\n\n{SOB}", {"src/a.c": GOOD_C.replace("x + 1", "x + 5")},
          "Patch-mainline: v6.3-rc1\nGit-commit: 0123456789abcdef0123456789abcdef01234567")
    want[s.add(f"xen: b: break the build\n\nBROKEN marker.\n\n{SOB}",
               {"src/b.c": BASE["src/b.c"] + "BROKEN\n"}, MAINLINE)] = {"build"}
    s.add(f"xen: b: still broken\n\nAnother change while broken.\n\n{SOB}",
          {"src/c.h": BASE["src/c.h"] + "int c(void);\n"}, MAINLINE)
    s.add(f"xen: b: fix the build\n\nRemove the marker.\n\n{SOB}", {"src/b.c": BASE["src/b.c"]}, MAINLINE)
    want[s.add(f"xen: a: leave a note\n\nFor checkpatch.\n\n{SOB}",
               {"src/a.c": GOOD_C + "/* FIXME later */\n"}, MAINLINE)] = {"checkpatch"}
    return s, want


LINT_POLICY = 'require_headers = ["Patch-mainline"]\nrequire_git_commit_when_mainline = true'
CHECK = "! grep -q BROKEN src/b.c"


def test_lint_finds_each_seeded_problem_and_nothing_else(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s, want = seeded(tmp_path)
    names = s.queue(capsys, lint=LINT_POLICY, check=CHECK)
    before = snapshot(tmp_path / "queues")
    r = run(capsys, tmp_path, "lint", "q", "--checkpatch", "--json")
    assert r.code == 1, r.err
    j = r.json
    got: dict[int, set[str]] = {}
    for f in j["findings"]:
        got.setdefault(names.index(f["patch"]) + 1, set()).add(f["check"])
    assert got == want
    assert j["checks"] == ["patch", "position", "build", "checkpatch"]
    assert j["skipped"] == []
    assert j["errors"] + j["warnings"] == len(j["findings"])
    # one finding per seeded problem, with line numbers of the queue's patch file
    by = {(names.index(f["patch"]) + 1, f["check"]): f for f in j["findings"]}
    assert len(by) == len(j["findings"])
    tw = by[(6, "trailing-whitespace")]
    lines = (tmp_path / "queues/q/patches" / names[5]).read_text().split("\n")
    assert lines[tw["line"] - 1] == "+int x; " and tw["path"] == "src/b.c" and tw["severity"] == "error"
    ws_ = by[(8, "whitespace")]
    lines = (tmp_path / "queues/q/patches" / names[7]).read_text().split("\n")
    assert lines[ws_["line"] - 1] == "+ \treturn x + 1;" and "space before tab" in ws_["message"]
    assert by[(7, "long-line")]["severity"] == "warning" and "limit 100" in by[(7, "long-line")]["message"]
    assert "the 1 patch after it does not build either" in by[(13, "build")]["message"]
    assert by[(11, "header-policy")]["message"].startswith("Patch-mainline: v6.3-rc1 names a version")
    cp = by[(16, "checkpatch")]
    assert cp["severity"] == "warning" and cp["message"] == "src/a.c:1: FIXME comment added [FIXME_COMMENT]"
    lines = (tmp_path / "queues/q/patches" / names[15]).read_text().split("\n")
    assert lines[cp["line"] - 1] == "+/* FIXME later */"
    # lint changes nothing in the queue (the queue lock it held while building lives in .xenpatch/)
    assert snapshot(tmp_path / "queues") == before
    assert (tmp_path / ".xenpatch/queues/q/lock").read_bytes() == b'{"running": false}\n'
    # the human form lists the same findings
    r = run(capsys, tmp_path, "lint", "q", "--no-build")
    assert r.code == 1 and "subject-format" in r.out and "build" not in r.out.replace("build either", "")


def test_clean_series_has_no_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = Series(tmp_path)
    s.add(f"xen: a: add a helper\n\nThe helper adds one.\n\n{SOB}", {"src/a.c": GOOD_C}, MAINLINE)
    s.add(f"xen: b: return two\n\nTwo is better.\n\n{SOB}", {"src/b.c": BASE["src/b.c"].replace("1;", "2;")},
          MAINLINE)
    s.add(f"mm, xen: c: declare the helper\n\nFor users.\n\n{SOB}",
          {"src/c.h": BASE["src/c.h"] + "int helper(int x);\n"}, "Patch-mainline: v6.3\nGit-commit: 0123456789ab")
    s.queue(capsys, lint=LINT_POLICY, check=CHECK)
    r = run(capsys, tmp_path, "lint", "q", "--checkpatch", "--strict", "--json")
    assert r.code == 0, r.out + r.err
    assert r.json["findings"] == [] and r.json["needs_attention"] is False
    assert r.json["checks"] == ["patch", "position", "build", "checkpatch"]
    r = run(capsys, tmp_path, "lint", "q")
    assert r.code == 0 and "3 patches, no findings" in r.out


def test_exit_codes_strict_skips_and_not_applying(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = Series(tmp_path)
    s.add(f"xen: a: add a helper\n\n{SOB}", {"src/a.c": GOOD_C})  # empty body: a warning only
    s.add(f"xen: b: return two\n\nTwo.\n\n{SOB}", {"src/b.c": BASE["src/b.c"].replace("1;", "2;")})
    s.add(f"xen: b: return three\n\nThree.\n\n{SOB}", {"src/b.c": BASE["src/b.c"].replace("1;", "3;")})
    names = s.queue(capsys)
    r = run(capsys, tmp_path, "lint", "q", "--json")
    assert r.code == 0, r.err  # warnings only
    assert [(f["check"], f["severity"]) for f in r.json["findings"]] == [("empty-body", "warning")]
    assert r.json["skipped"] == [{"check": "build", "reason": "no check command configured ([check] command "
                                                              "in queue.toml)"}]
    assert run(capsys, tmp_path, "lint", "q", "--strict").code == 1
    # make patch 2 not apply at its position: its context no longer matches
    p2 = tmp_path / "queues/q/patches" / names[1]
    p2.write_text(p2.read_text().replace("-\treturn 1;", "-\treturn 9;"))
    r = run(capsys, tmp_path, "lint", "q", "--json", "--no-build")
    assert r.code == 1
    bad = [f for f in r.json["findings"] if f["check"] == "does-not-apply"]
    assert [f["patch"] for f in bad] == [names[1]] and "patch failed" in bad[0]["message"]
    assert {"check": "position", "reason": f"patches after {names[1]} were not checked at their position "
                                          "because it does not apply"} in r.json["skipped"]


def test_checkpatch_absent_is_a_visible_skip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = Series(tmp_path, {k: v for k, v in BASE.items() if k != "scripts/checkpatch.pl"})
    s.add(f"xen: a: add a helper\n\nAdd it.\n\n/* FIXME */\n\n{SOB}", {"src/a.c": GOOD_C + "/* FIXME */\n"})
    s.queue(capsys)
    r = run(capsys, tmp_path, "lint", "q", "--checkpatch", "--json")
    assert r.code == 0, r.err
    assert r.json["findings"] == []
    assert r.json["checks"] == ["patch", "position"]
    assert {"check": "checkpatch", "reason": "the tree has no scripts/checkpatch.pl"} in r.json["skipped"]


def test_bad_lint_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = Series(tmp_path)
    s.add(f"xen: a: add a helper\n\nAdd it.\n\n{SOB}", {"src/a.c": GOOD_C})
    s.queue(capsys)
    toml = tmp_path / "queues/q/queue.toml"
    toml.write_text(toml.read_text().replace('# require_headers = ["Patch-mainline"]',
                                             'require_headers = "Patch-mainline"'))
    line = toml.read_text().splitlines().index('require_headers = "Patch-mainline"') + 1
    r = run(capsys, tmp_path, "lint", "q")
    assert r.code == 2 and f"queue.toml:{line}: [lint] require_headers must be a list of header names" in r.err
    toml.write_text(toml.read_text().replace('require_headers = "Patch-mainline"', 'disable = ["no-such"]'))
    r = run(capsys, tmp_path, "lint", "q")
    assert r.code == 2 and f"queue.toml:{line}: [lint] disable must be a list of check names" in r.err
    assert "'no-such'" in r.err
    toml.write_text(toml.read_text().replace('disable = ["no-such"]', 'disable = ["empty-body"]'))
    assert run(capsys, tmp_path, "lint", "q", "--strict").code == 0


# ---------------------------------------------------------------- pure rules

def _patch(diff: str, message: str = f"Body.\n\n{SOB}\n", subject: str = "xen: a: change") -> Patch:
    return Patch.parse((f"From: A <a@example.org>\nSubject: [PATCH] {subject}\n\n{message}---\n{diff}").encode(), "p")


@settings(max_examples=100, deadline=None)
@given(lines=st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30), min_size=1,
                      max_size=8),
       start=st.integers(min_value=1, max_value=50))
def test_added_lines_point_at_the_patch_file(lines: list[str], start: int) -> None:
    """Every added line is found, at the right line of the patch file and of the new file."""
    diff = (f"diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n@@ -{start},1 +{start},{len(lines) + 1} @@\n ctx\n"
            + "".join(f"+{ln}\n" for ln in lines))
    patch = _patch(diff)
    text = patch.to_bytes().split(b"\n")
    found = list(added_lines(patch))
    assert [a.text.decode() for a in found] == lines
    for k, a in enumerate(found):
        assert text[a.line - 1] == b"+" + lines[k].encode()
        assert a.new_line == start + 1 + k and a.path == "f.c"


def test_subject_rules() -> None:
    policy = LintPolicy()
    ok = ["xen: fix it", "x86/xen: fix it", "mm, slab: fix it", "Revert \"xen: fix it\"", "drivers: xen: fix"]
    bad = ["fix it", "xen:fix it", ": fix", "xen fix: now"]
    placeholder = Patch.parse(_patch("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n").to_bytes()
                              .replace(b"A <a@example.org>", b"xenpatch <xenpatch@localhost>"), "p")
    assert [f.check for f in lint_patch("p", placeholder, policy)] == ["author"]
    diff = "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n"
    for s in ok:
        assert [f.check for f in lint_patch("p", _patch(diff, subject=s), policy)] == [], s
    for s in bad:
        assert [f.check for f in lint_patch("p", _patch(diff, subject=s), policy)] == ["subject-format"], s
