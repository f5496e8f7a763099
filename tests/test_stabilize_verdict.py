"""A verdict a bot can trust (issue 13): no green without a check, checks past
conflicts, the upstream commit that broke the build, the check cache, --jobs.

Real repositories, real shell checks; the "build" is a grep: every foo() call
needs a definition of foo in lib.c.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tests.clirun import run, snapshot
from tests.gitrepo import Repo

LIB = "".join(f"int helper{i}(void) {{ return {i}; }}\n" for i in range(20)) + "int foo(void) { return 0; }\n"
A_C = "".join(f"int a{i} = {i};\n" for i in range(12))
CHECK = ("if grep -q 'foo()' *.c && ! grep -q '^int foo(void)' lib.c; then "
         "echo 'use.c:1: error: implicit declaration of foo' >&2; exit 1; fi")
RENAME_SUBJECT = "lib: rename foo() to foo2()"
RENAMER = "Rena Mer <rena@example.org>"


def _commit_as(repo: Repo, author: str, message: str, files: dict[str, str | bytes | None]) -> str:
    repo.write(files)
    repo.git("commit", "-q", f"--author={author}", "-m", message)
    return repo.rev("HEAD")


def _kernel(tmp_path: Path, upstream: int = 15, rename_at: int = 9, conflict_at: int | None = None) -> Repo:
    """v1: the base; v3: ``upstream`` commits later, one renaming foo, maybe one reworking a.c."""
    repo = Repo(tmp_path / "k")
    repo.commit("base", {"lib.c": LIB, "a.c": A_C, "main.c": "int main(void) { return 0; }\n"})
    repo.git("tag", "v1")
    for i in range(upstream):
        if i == rename_at:
            _commit_as(repo, RENAMER, RENAME_SUBJECT, {"lib.c": LIB.replace("int foo(void)", "int foo2(void)")})
        elif i == conflict_at:
            _commit_as(repo, "Con Flict <cf@example.org>", "a: rework a5",
                       {"a.c": A_C.replace("int a5 = 5;", "long a5 = 50;")})
        else:
            repo.commit(f"up: unrelated {i}", {f"other{i}.c": f"int other{i};\n"})
    repo.git("tag", "v3")
    return repo


def _queue(ws: Path, repo: Repo, capsys: pytest.CaptureFixture[str], patches: list[tuple[str, dict[str, str]]],
           name: str = "q", check: str | None = CHECK, repo_arg: str = "k") -> None:
    """A queue of ``patches`` (subject, files) on v1, imported from a quilt directory."""
    base = repo.rev("v1")
    repo.git("checkout", "-q", "-b", f"topic-{name}", "v1")
    for subject, files in patches:
        repo.commit(subject, dict(files))
    repo.git("checkout", "-q", "master")
    out = ws.parent / f"fp-{name}-{ws.name}"
    repo.git("format-patch", "-q", "-o", str(out), f"{base}..topic-{name}")
    (out / "series").write_text("".join(p.name + "\n" for p in sorted(out.glob("*.patch"))))
    assert run(capsys, ws, "init", name, "--repo", repo_arg, "--upstream", "v3").code == 0
    assert run(capsys, ws, "import", name, "--quilt", str(out), "--base", "v1").code == 0
    if check is not None:
        toml = ws / "queues" / name / "queue.toml"
        toml.write_text(toml.read_text().replace("[check]\n", f"[check]\ncommand = {json.dumps(check)}\n"))


SIMPLE = [
    ("lib: tweak helper3", {"lib.c": LIB.replace("return 3;", "return 33;")}),
    ("use: call foo", {"use.c": "int use(void) { return foo(); }\n"}),
    ("main: comment", {"main.c": "/* xen */\nint main(void) { return 0; }\n"}),
]


# ---------------------------------------------------------------- no green without a check

def test_stabilize_without_a_check_is_refused_and_no_check_is_unchecked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _kernel(tmp_path, upstream=2, rename_at=99)
    _queue(tmp_path, repo, capsys, SIMPLE, check=None)
    before = snapshot(tmp_path / "queues/q")
    r = run(capsys, tmp_path, "stabilize", "q")
    assert r.code == 2 and r.out == ""
    assert "no check command" in r.err and "--no-check" in r.err and "[check] command" in r.err
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    assert snapshot(tmp_path / "queues/q") == before  # nothing written
    r = run(capsys, tmp_path, "stabilize", "q", "--check", "true", "--no-check")
    assert r.code == 2 and "cannot be combined" in r.err
    r = run(capsys, tmp_path, "stabilize", "q", "--no-check", "--json")
    assert r.code == 1, r.err
    assert r.json["verdict"] == "unchecked" and r.json["check"] is None and "--no-check" in r.json["reason"]
    # an unchecked rev is a candidate: the queue stays where it was
    assert json.loads((tmp_path / "queues/q/state.json").read_text())["base"] == repo.rev("v1")
    assert json.loads((tmp_path / "queues/q/revs/rev-0001.json").read_text())["status"] == "unchecked"
    r2 = run(capsys, tmp_path, "stabilize", "q", "--no-check", "--json")
    assert r2.code == 1 and r2.json["verdict"] == "unchecked" and r2.json["rev"] == 1
    # an empty check command is no check either
    r3 = run(capsys, tmp_path, "stabilize", "q", "--check", "  ")
    assert r3.code == 2 and "no check command" in r3.err


def test_nightly_empty_queue_is_empty_and_queue_without_check_is_unchecked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _kernel(tmp_path, upstream=2, rename_at=99)
    assert run(capsys, tmp_path, "init", "e", "--repo", "k", "--upstream", "v3").code == 0
    r = run(capsys, tmp_path, "nightly", "--json")
    assert r.code == 0, r.err
    assert [(q["queue"], q["verdict"]) for q in r.json["queues"]] == [("e", "empty")]
    assert "import" in r.json["queues"][0]["detail"]
    r = run(capsys, tmp_path, "nightly")
    assert r.code == 0 and "empty" in r.out
    _queue(tmp_path, repo, capsys, SIMPLE, name="n", check=None)
    r = run(capsys, tmp_path, "nightly", "--json")
    assert r.code == 1, r.err
    assert {q["queue"]: q["verdict"] for q in r.json["queues"]} == {"e": "empty", "n": "unchecked"}
    assert "no check command" in [q for q in r.json["queues"] if q["queue"] == "n"][0]["detail"]
    # stabilize itself on an empty queue: nothing to do, not an error
    r = run(capsys, tmp_path, "stabilize", "e", "--json")
    assert r.code == 0 and r.json["verdict"] == "empty"


# ---------------------------------------------------------------- checks past conflicts

def test_conflict_and_later_build_break_are_both_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _kernel(tmp_path, upstream=6, rename_at=4, conflict_at=1)
    patches = [
        ("a: a5 is 6", {"a.c": A_C.replace("int a5 = 5;", "int a5 = 6;")}),  # conflicts with 'a: rework a5'
        ("a: a5 is 7", {"a.c": A_C.replace("int a5 = 5;", "int a5 = 7;")}),  # needs the one before
        ("main: comment", {"main.c": "/* xen */\nint main(void) { return 0; }\n"}),
        ("use: call foo", {"use.c": "int use(void) { return foo(); }\n"}),  # broken by the rename
        ("doc: readme", {"README": "xen\n"}),
    ]
    _queue(tmp_path, repo, capsys, patches)
    names = sorted(p.name for p in (tmp_path / "queues/q/patches").glob("*.patch"))
    junit, md = tmp_path / "r.xml", tmp_path / "r.md"
    r = run(capsys, tmp_path, "stabilize", "q", "--json", "--junit", str(junit), "--markdown", str(md))
    assert r.code == 1, r.err
    res = r.json
    assert res["verdict"] == "needs-attention"
    kinds = {a["kind"]: a for a in res["actions"]}
    assert set(kinds) == {"conflict", "check-failure"}
    conflict, failure = kinds["conflict"], kinds["check-failure"]
    assert conflict["patch"] == names[0] and conflict["files"] == ["a.c"]
    assert conflict["culprit"]["subject"] == "a: rework a5"  # score's culprit for the conflict
    assert failure["patch"] == names[3] and res["bisect"]["first_bad"] == names[3]
    assert res["bisect"]["cause"] == "upstream"
    assert f"checked without {names[0]}, {names[1]} (left out)" in res["bisect"]["explanation"]
    assert "checked without" in failure["detail"].splitlines()[0]
    assert failure["culprit"]["subject"] == RENAME_SUBJECT and failure["culprit"]["author"] == RENAMER
    left = {x["patch"]: x["reason"] for x in res["check"]["left_out"]}
    assert set(left) == {names[0], names[1]}
    assert "conflicts" in left[names[0]] and names[0] in left[names[1]]
    assert res["check"]["checked"] == 3
    # the check ran on the applied patches only: never on a provisional commit
    log = (tmp_path / "queues/q/revs/rev-0001.check.log").read_text()
    assert "implicit declaration" in log
    xml = junit.read_text()
    assert 'failures="2"' in xml
    assert f'name="{names[0]}"' in xml and "conflict in a.c" in xml and "a: rework a5" in xml
    assert f"first failing patch {names[3]}" in xml and RENAME_SUBJECT in xml and "cause upstream" in xml
    assert f"not checked: does not apply without {names[0]}" in xml
    text = md.read_text()
    assert "(conflict)" in text and "(check-failure)" in text and RENAME_SUBJECT in text and RENAMER in text


def test_every_patch_conflicting_still_checks_the_base(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _kernel(tmp_path, upstream=3, rename_at=99, conflict_at=1)
    _queue(tmp_path, repo, capsys, [("a: a5 is 6", {"a.c": A_C.replace("int a5 = 5;", "int a5 = 6;")})])
    r = run(capsys, tmp_path, "stabilize", "q", "--json", "--no-score")
    assert r.code == 1
    assert r.json["check"]["ok"] is True and r.json["check"]["checked"] == 0
    assert [a["kind"] for a in r.json["actions"]] == ["conflict"]


# ---------------------------------------------------------------- right blame, named culprit

def test_rebase_then_stabilize_blames_the_upstream_rename(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _kernel(tmp_path, upstream=15, rename_at=9)
    _queue(tmp_path, repo, capsys, SIMPLE)
    # the README's flow: rebase (no check) moves the queue to the new base, then stabilize
    r = run(capsys, tmp_path, "rebase", "q", "--onto", "v3", "--json")
    assert r.code == 0 and r.json["status"] == "rebased"
    assert json.loads((tmp_path / "queues/q/state.json").read_text())["base"] == repo.rev("v3")
    md = tmp_path / "r.md"
    r = run(capsys, tmp_path, "stabilize", "q", "--json", "--no-score", "--markdown", str(md))
    assert r.code == 1, r.err
    b = r.json["bisect"]
    use_patch = r.json["patches"][1]["name"]
    assert b["first_bad"] == use_patch and b["cause"] == "upstream"
    rename = repo.git("log", "--format=%H", "--grep=rename foo", "v3").strip()
    assert b["culprit"]["commit"] == rename and b["culprit"]["subject"] == RENAME_SUBJECT
    assert b["culprit"]["author"] == RENAMER
    assert b["compared_with"] == repo.rev("v1") and b["compared_rev"] == 0
    span = b["upstream_range"]
    assert span == 15
    # the old base was never checked: one check there, then the bisection
    assert b["upstream_checks"] + 1 < 2 * math.log2(span) + 2
    assert "passes on the import base" in b["explanation"] and "broke it at" in b["explanation"]
    assert r.json["actions"][0]["culprit"]["commit"] == rename
    assert RENAME_SUBJECT in md.read_text()
    human = run(capsys, tmp_path, "stabilize", "q", "--no-score")
    assert human.code == 1 and f'broke it at {rename[:12]} "{RENAME_SUBJECT}" ({RENAMER})' in human.out
    assert "(cause: upstream)" in human.out


def test_own_bug_is_the_patchs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _kernel(tmp_path, upstream=4, rename_at=99)
    _queue(tmp_path, repo, capsys, [("use: call bar", {"use.c": "int use(void) { return foo(); }\n",
                                                       "lib.c": LIB.replace("int foo(void)", "int bar(void)")})])
    r = run(capsys, tmp_path, "stabilize", "q", "--json", "--no-score")
    assert r.code == 1
    assert r.json["bisect"]["cause"] == "patch" and r.json["bisect"]["culprit"] is None
    assert "the patch's own bug" in r.json["bisect"]["explanation"]


def test_broken_upstream_base_is_bisected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _kernel(tmp_path, upstream=8, rename_at=99)
    repo.commit("up: break the build", {"broken.c": "BROKEN\n"})
    repo.commit("up: more", {"more.c": "int more;\n"})
    repo.git("tag", "-f", "v3")
    _queue(tmp_path, repo, capsys, SIMPLE[:1], check="! grep -q BROKEN *.c")
    r = run(capsys, tmp_path, "stabilize", "q", "--json", "--no-score")
    assert r.code == 1
    b = r.json["bisect"]
    assert b["first_bad"] is None and b["cause"] == "base"
    assert b["culprit"]["subject"] == "up: break the build"
    assert r.json["actions"][0]["patch"] == "" and "alone fails" in r.json["actions"][0]["detail"]


# ---------------------------------------------------------------- never the same check twice

def test_rerun_with_unchanged_trees_runs_no_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _kernel(tmp_path, upstream=6, rename_at=3)
    _queue(tmp_path, repo, capsys, SIMPLE)
    r = run(capsys, tmp_path, "stabilize", "q", "--json", "--no-score")
    assert r.code == 1 and r.json["check"]["runs"] > 0 and r.json["check"]["cached"] == 0
    first = r.json["bisect"]
    # an unrelated change (a patch's description): the queue differs, every tree is the same
    patch = sorted((tmp_path / "queues/q/patches").glob("*main-comment.patch"))[0]
    patch.write_bytes(patch.read_bytes().replace(b"\n---\n", b"\nA better description.\n---\n", 1))
    r = run(capsys, tmp_path, "stabilize", "q", "--json", "--no-score")
    assert r.code == 1 and r.json["rev"] == 2
    assert r.json["check"]["runs"] == 0 and r.json["check"]["cached"] > 0
    assert r.json["bisect"]["first_bad"] == first["first_bad"] and r.json["bisect"]["culprit"] == first["culprit"]
    # a different command is a different question
    r = run(capsys, tmp_path, "stabilize", "q", "--json", "--no-score", "--check", CHECK + " # v2")
    assert r.json["check"]["runs"] > 0


# ---------------------------------------------------------------- parallel checks

def test_jobs_2_finds_the_same_first_bad_patch_in_fewer_rounds(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    repo = _kernel(tmp_path, upstream=1, rename_at=99)
    patches = [(f"f{i}: add", {f"f{i}.c": ("BROKEN\n" if i == 9 else f"int f{i};\n")}) for i in range(1, 15)]
    results = {}
    for jobs in (1, 2):
        ws = tmp_path / f"ws{jobs}"
        ws.mkdir()
        _queue(ws, repo, capsys, patches, name=f"j{jobs}", check="! grep -q BROKEN *.c", repo_arg=str(repo.path))
        r = run(capsys, ws, "stabilize", f"j{jobs}", "--json", "--no-score", "--jobs", str(jobs))
        assert r.code == 1, r.err
        results[jobs] = r.json
    one, two = results[1], results[2]
    assert one["bisect"]["first_bad"].endswith("f9-add.patch") and one["bisect"]["index"] == 9
    assert two["bisect"]["first_bad"] == one["bisect"]["first_bad"]
    assert two["bisect"]["rounds"] < one["bisect"]["rounds"]
    assert two["check"]["jobs"] == 2 and one["check"]["jobs"] == 1
    # both work trees exist and hold real files, each moved incrementally
    assert (tmp_path / "ws2/.xenpatch/worktrees/j2/f1.c").exists()
    assert (tmp_path / "ws2/.xenpatch/worktrees/.jobs/j2/1/f1.c").exists()


def test_jobs_from_queue_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _kernel(tmp_path, upstream=1, rename_at=99)
    _queue(tmp_path, repo, capsys, SIMPLE, check="true")
    toml = tmp_path / "queues/q/queue.toml"
    toml.write_text(toml.read_text().replace("[check]\n", "[check]\njobs = 3\n"))
    r = run(capsys, tmp_path, "stabilize", "q", "--json", "--no-score")
    assert r.code == 0 and r.json["verdict"] == "stabilized" and r.json["check"]["jobs"] == 3
    r = run(capsys, tmp_path, "stabilize", "q", "--json", "--jobs", "0")
    assert r.code == 2


def test_lint_and_stabilize_share_check_results(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _kernel(tmp_path, upstream=2, rename_at=99)
    _queue(tmp_path, repo, capsys, SIMPLE, check="sleep 0.1; " + CHECK)
    r = run(capsys, tmp_path, "lint", "q", "--json")
    assert "build" in r.json["checks"]
    # stabilize onto the queue's own base checks the trees lint built at each position
    r = run(capsys, tmp_path, "stabilize", "q", "--onto", "v1", "--json", "--no-score")
    assert r.code == 0 and r.json["verdict"] == "stabilized"
    assert r.json["check"]["runs"] == 0 and r.json["check"]["cached"] >= 2


def test_culprit_inside_a_merged_branch_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Kernel mainline is merges: the first-parent culprit is refined into the merged branch."""
    repo = _kernel(tmp_path, upstream=3, rename_at=99)
    repo.git("tag", "-d", "v3")
    repo.git("checkout", "-q", "-b", "net", "v1")
    for i in range(6):
        if i == 4:
            rename = _commit_as(repo, RENAMER, RENAME_SUBJECT, {"lib.c": LIB.replace("int foo(void)", "int foo2(void)")})
        else:
            repo.commit(f"net: step {i}", {f"net{i}.c": f"int net{i};\n"})
    repo.git("checkout", "-q", "master")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge branch 'net'", "net")
    repo.commit("up: after the merge", {"after.c": "int after;\n"})
    repo.git("tag", "v3")
    _queue(tmp_path, repo, capsys, SIMPLE)
    r = run(capsys, tmp_path, "stabilize", "q", "--json", "--no-score")
    assert r.code == 1, r.err
    b = r.json["bisect"]
    assert b["cause"] == "upstream" and b["upstream_range"] == 5  # 3 + the merge + 1 on the first-parent line
    assert b["culprit"]["commit"] == rename and b["culprit"]["author"] == RENAMER
