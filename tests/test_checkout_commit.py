"""checkout and commit: the series as a git branch, edited with real git commands, and back."""

from __future__ import annotations

import email.utils
import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.clirun import run, snapshot
from tests.gitrepo import Repo
from tests.pqgen import AUTHORS, DATES, Spec, patch_text, queues, write_queue

# a fixed clock for the commits the tests make
LATER = {"GIT_COMMITTER_DATE": "1700000000 +0100", "GIT_AUTHOR_DATE": "1700000000 +0100"}


def wt_git(wt: Path, *args: str, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(["git", "-C", str(wt), *args], capture_output=True, env={**os.environ, **(env or {})})
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout.decode()


def rebase_todo(wt: Path, todo: str, onto: str) -> None:
    """``git rebase -i ONTO`` with this todo list (what a user writes in the editor)."""
    path = wt.parent / "todo.txt"
    path.write_text(todo)
    wt_git(wt, "rebase", "-q", "-i", onto, env={"GIT_SEQUENCE_EDITOR": f"cp {path}", "GIT_EDITOR": "true", **LATER})


def queue_files(ws: Path) -> dict[str, bytes]:
    return snapshot(ws / "queues/q")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(queues)
def test_round_trip_without_edits_is_the_identity(tmp_path_factory: pytest.TempPathFactory,
                                                  capsys: pytest.CaptureFixture[str],
                                                  queue: tuple[list[Spec], bool]) -> None:
    specs, guards = queue
    ws = tmp_path_factory.mktemp("rt")
    repo = write_queue(ws, specs, guards)
    before = queue_files(ws)
    r = run(capsys, ws, "checkout", "q", "--json")
    assert r.code == 0, r.err
    wt = Path(r.json["worktree"])
    assert r.json["branch"] == "xenpatch/q" and wt.is_dir()
    # with no guard active xenpatch applies every patch; with xen active, MQ's rule
    selected = [k for k, s in enumerate(specs, 1) if not guards or s.guard != "-xen"]
    assert len(r.json["patches"]) == len(selected) and len(r.json["left_out"]) == len(specs) - len(selected)
    # each commit carries the patch's author, date and subject
    log = wt_git(wt, "log", "--reverse", "--format=%an <%ae>%x00%ad%x00%s", "--date=rfc", "HEAD~%d..HEAD"
                 % len(selected) if selected else "HEAD..HEAD").splitlines()
    for line, k in zip(log, selected):
        spec = specs[k - 1]
        who, when, subject = line.split("\0")
        if spec.style != "bare" and spec.style != "quilt":
            name, addr = email.utils.parseaddr(AUTHORS[spec.author])
            assert who == f"{name.rstrip('.')} <{addr}>"
            if spec.style != "dep3":
                assert email.utils.parsedate_tz(when) == email.utils.parsedate_tz(DATES[spec.date])
        assert subject == (f"{k:02d}-bare.patch" if spec.style == "bare" else f"sub{k}: fix the frobnicator number {k}")
    # no edit at all: nothing written, no rev
    r = run(capsys, ws, "commit", "q", "--json")
    assert r.code == 0, r.err
    assert r.json["status"] == "unchanged" and r.json["rev"] is None
    assert queue_files(ws) == before
    # every commit rewritten by git with a new committer (and git's message cleanup): still no edit
    wt_git(wt, "rebase", "-q", "-f", repo.rev("master"), env=LATER)
    r = run(capsys, ws, "commit", "q", "--json")
    assert r.code == 0, r.err
    assert r.json["status"] == "unchanged" and r.json["rev"] is None
    assert [p["status"] for p in r.json["patches"]] == ["unchanged"] * len(selected)
    assert queue_files(ws) == before


def _eight(tmp_path: Path) -> tuple[Path, Repo, dict[str, bytes]]:
    """Eight patches (SUSE and Debian headers among them), one left out by a guard."""
    specs = [Spec("suse", 0, 0, False, "", True, True), Spec("debian", 1, 1, False, "", False, True),
             Spec("mail", 2, 2, True, "", False, True), Spec("quilt", 3, 0, False, "-xen", True, True),
             Spec("suse", 1, 1, True, "", False, True), Spec("mail", 0, 1, False, "", False, True),
             Spec("debian", 0, 2, False, "", False, True, both=True), Spec("mail", 1, 0, False, "", False, False)]
    repo = write_queue(tmp_path, specs, guards=True)
    return tmp_path, repo, queue_files(tmp_path)


def test_every_edit_kind_through_git(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws, repo, before = _eight(tmp_path)
    r = run(capsys, ws, "checkout", "q", "--json")
    assert r.code == 0, r.err
    wt = Path(r.json["worktree"])
    assert r.json["left_out"] == ["04-quilt.patch"]
    p1, p2, p3, p5, p6, p7, p8 = wt_git(wt, "log", "--reverse", "--format=%h", "master..HEAD").split()
    del p3  # dropped: not in the todo list
    rebase_todo(wt, "\n".join([
        f"pick {p1}",  # reword: the subject and the body; the SUSE headers stay
        "exec git log -1 --format=%B | sed -e '1s/.*/sub1: fix the frobnicator properly/' "
        "-e 's/was wrong/was badly wrong/' | git commit -q --amend -F -",
        f"pick {p5}",  # reorder: 05 before 02
        f"pick {p2}",  # amend: a change to the diff
        "exec sed -i 's/patched by 2/patched twice by 2/' a.c && git commit -q -a --amend --no-edit",
        f"pick {p6}",
        f"squash {p8}",  # squash 08 into 06
        f"pick {p7}",  # split 07: its a.c part keeps the patch, the new file becomes a patch
        "exec git reset -q HEAD^ && git add a.c && git commit -q -C ORIG_HEAD && git add -A && "
        "git commit -q -m 'split: the other half'",
        "exec echo 'int added;' > added.c && git add added.c && "  # a new patch
        "git commit -q -m 'add: a new patch' -m 'Written on the branch.' -m 'Signed-off-by: Q <q@example.org>'",
        "",
    ]), repo.rev("master"))
    r = run(capsys, ws, "commit", "q", "--json")
    assert r.code == 0, r.err
    res = r.json
    assert res["status"] == "committed" and res["rev"] == 1
    got = [(p["name"], p["status"], sorted(p["changes"])) for p in res["patches"]]
    assert got == [
        ("01-suse.patch", "changed", ["message"]),
        ("05-suse.patch", "changed", ["moved"]),
        ("02-debian.patch", "changed", ["diff"]),
        ("06-mail.patch", "changed", ["diff", "message"]),
        ("07-debian.patch", "changed", ["diff"]),
        ("0006-split-the-other-half.patch", "new", []),
        ("0007-add-a-new-patch.patch", "new", []),
    ]
    assert res["removed"] == ["03-mail.patch", "08-mail.patch"]
    q = ws / "queues/q"
    # comments and the guarded patch stay on their lines; the moved patch keeps its line
    assert (q / "patches/series").read_text() == (
        "# the example queue\n\n# suse patch 1\n01-suse.patch\n05-suse.patch\n02-debian.patch\n"
        "# quilt patch 4\n04-quilt.patch #-xen\n06-mail.patch\n07-debian.patch\n"
        "0006-split-the-other-half.patch\n0007-add-a-new-patch.patch\n\n# end\n")
    # removed patches are archived byte for byte, never deleted
    for gone in ("03-mail.patch", "08-mail.patch"):
        assert (q / "archive/rev-0001" / gone).read_bytes() == before[f"patches/{gone}"]
        assert not (q / "patches" / gone).exists()
    # reword: new subject and body, every other byte (SUSE headers, trailers, diff) kept
    assert (q / "patches/01-suse.patch").read_text() == before["patches/01-suse.patch"].decode().replace(
        "sub1: fix the frobnicator number 1", "sub1: fix the frobnicator properly").replace(
        "was wrong", "was badly wrong")
    # moved, unchanged: the same bytes (its diff still applies where it is now)
    assert (q / "patches/05-suse.patch").read_bytes() == before["patches/05-suse.patch"]
    # amend: the Debian headers and message stay, the diff is git's for the new change
    p2_text = (q / "patches/02-debian.patch").read_text()
    assert p2_text.startswith(before["patches/02-debian.patch"].decode().split("diff --git")[0])
    assert "+patched twice by 2" in p2_text
    # squash: 06 keeps its headers and gains 08's change and message (the trailers are gone)
    p6_text = (q / "patches/06-mail.patch").read_text()
    assert p6_text.startswith(before["patches/06-mail.patch"].decode().split("\n\n")[0])
    assert "sub8: fix the frobnicator number 8" in p6_text and "+patched by 8" in p6_text
    assert "Xenpatch-Patch" not in p6_text
    # split: 07 keeps the a.c half, the new patch holds the new file
    assert "drivers/f7.c" not in (q / "patches/07-debian.patch").read_text()
    assert "+int f7;" in (q / "patches/0006-split-the-other-half.patch").read_text()
    # a new patch: format-patch style, with the commit's author and date
    assert (q / "patches/0007-add-a-new-patch.patch").read_text().startswith(
        "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
        "From: Test Author <author@example.org>\nDate: Tue, 14 Nov 2023 23:13:20 +0100\n"
        "Subject: add: a new patch\n\nWritten on the branch.\n\nSigned-off-by: Q <q@example.org>\n---\n")
    assert (q / "patches/04-quilt.patch").read_bytes() == before["patches/04-quilt.patch"]
    # rev 1 recorded (rev 0 is the queue before), its stack is the branch's tree
    log = run(capsys, ws, "log", "q", "--json").json
    assert [(x["rev"], x["status"]) for x in log["revs"]] == [(0, "imported"), (1, "committed")]
    assert repo.git("rev-parse", "refs/xenpatch/q/rev-1^{tree}") == wt_git(wt, "rev-parse", "HEAD^{tree}")
    d = run(capsys, ws, "diff", "q", "0", "1", "--json").json
    # (diff compares diffs: the reworded and the moved patch are unchanged there)
    assert d["counts"] == {"added": 2, "changed": 3, "dropped": 2, "unchanged": 2}
    # the branch now carries every patch's trailer: committing again is the identity
    assert "Xenpatch-Patch: 0007-add-a-new-patch.patch" in wt_git(wt, "log", "-1", "--format=%B")
    assert wt_git(wt, "status", "--porcelain") == ""
    after = queue_files(ws)
    r = run(capsys, ws, "commit", "q", "--json")
    assert r.code == 0 and r.json["status"] == "unchanged"
    assert queue_files(ws) == after


def _refused(capsys: pytest.CaptureFixture[str], ws: Path, *args: str, says: str) -> None:
    before = queue_files(ws)
    r = run(capsys, ws, *args)
    assert r.code == 2, r.err
    assert len(r.err.strip().splitlines()) == 1 and says in r.err, r.err
    assert queue_files(ws) == before


def test_commit_refuses_what_is_not_the_series(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws, repo, _ = _eight(tmp_path)
    _refused(capsys, ws, "commit", "q", says="is not checked out")
    wt = Path(run(capsys, ws, "checkout", "q", "--json").json["worktree"])
    head = wt_git(wt, "rev-parse", "HEAD").strip()
    # uncommitted changes in the work tree
    (wt / "a.c").write_text("changed\n")
    _refused(capsys, ws, "commit", "q", says="has uncommitted changes")
    wt_git(wt, "checkout", "--", "a.c")
    # a merge commit
    wt_git(wt, "checkout", "-q", "-b", "side", "HEAD~2")
    wt_git(wt, "commit", "-q", "--allow-empty", "-m", "side work")
    wt_git(wt, "checkout", "-q", "xenpatch/q")
    wt_git(wt, "merge", "-q", "--no-edit", "side", env=LATER)
    _refused(capsys, ws, "commit", "q", says="has a merge commit")
    # rebased onto newer upstream commits
    wt_git(wt, "reset", "-q", "--hard", head)
    repo.commit("upstream moves on", {"up.c": "int up;\n"})
    wt_git(wt, "rebase", "-q", "master", env=LATER)
    _refused(capsys, ws, "commit", "q", says="holds 1 upstream commit")
    # on another base altogether
    wt_git(wt, "reset", "-q", "--hard", head)
    orphan = repo.git("commit-tree", "-m", "elsewhere", repo.rev("master^{tree}")).strip()
    wt_git(wt, "rebase", "-q", "--onto", orphan, repo.rev("master"), env=LATER)
    _refused(capsys, ws, "commit", "q", says="is not based on the queue's base")
    # a git operation left half-done
    wt_git(wt, "reset", "-q", "--hard", head)
    rebase = subprocess.run(["git", "-C", str(wt), "rebase", "-q", "-i", "HEAD~2"], capture_output=True,
                            env={**os.environ, "GIT_SEQUENCE_EDITOR": "sed -i 1s/^pick/edit/"})
    assert rebase.returncode == 0, rebase.stderr
    _refused(capsys, ws, "commit", "q", says="a rebase is in progress")
    wt_git(wt, "rebase", "--abort")
    # the queue changed since the checkout: refused, --force takes the branch anyway
    (ws / "queues/q/patches/02-debian.patch").write_text(
        (ws / "queues/q/patches/02-debian.patch").read_text().replace("Forwarded: not-needed", "Forwarded: yes"))
    wt_git(wt, "commit", "-q", "--amend", "-m", "sub1: reworded", env=LATER)
    _refused(capsys, ws, "commit", "q", says="changed since it was checked out")
    r = run(capsys, ws, "commit", "q", "--force", "--json")
    assert r.code == 0, r.err
    # the hand edit is kept (02's commit is unchanged); an amend -m that dropped the trailer is still
    # the same patch (the same diff), reworded, headers kept
    assert "Forwarded: yes" in (ws / "queues/q/patches/02-debian.patch").read_text()
    assert r.json["removed"] == [] and r.json["patches"][-1] == {
        "name": "08-mail.patch", "status": "changed", "changes": ["message"], "subject": "sub1: reworded",
        "commit": r.json["patches"][-1]["commit"]}
    assert (ws / "queues/q/patches/08-mail.patch").read_text().startswith(
        "From 0000000000000000000000000000000000000008 Mon Sep 17 00:00:00 2001\nFrom: Jörg Rödel <joro@example.de>\n"
        "Date: Mon, 3 Jun 2024 10:00:00 +0200\nSubject: [PATCH 8/9] sub1: reworded\n\n---\n a.c | 2 +-\n")
    # a second checkout refuses to overwrite a branch with uncommitted work, --force does
    wt_git(wt, "commit", "-q", "--allow-empty", "-m", "more work")
    _refused(capsys, ws, "checkout", "q", says="has commits not yet committed")
    r = run(capsys, ws, "checkout", "q", "--force", "--json")
    assert r.code == 0 and r.json["discarded"], r.err


def test_checkout_as_a_branch_of_the_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws, repo, before = _eight(tmp_path)
    r = run(capsys, ws, "checkout", "q", "--branch", "pq/q", "--json")
    assert r.code == 0, r.err
    assert r.json["branch"] == "pq/q" and r.json["worktree"] is None
    assert not (ws / ".xenpatch/checkout/q").exists()
    # the user's own checkout did not move
    assert repo.git("symbolic-ref", "HEAD").strip() == "refs/heads/master"
    assert repo.git("status", "--porcelain") == ""
    # the user works on it in their own checkout
    repo.git("switch", "-q", "pq/q")
    patch = patch_text(9, Spec("mail", 0, 0, True, "", False, True))
    (tmp_path / "new.patch").write_text(patch)
    repo.git("am", "-q", str(tmp_path / "new.patch"))
    r = run(capsys, ws, "commit", "q", "--json")
    assert r.code == 0, r.err
    assert [p["status"] for p in r.json["patches"]][-1] == "new"
    new = sorted((ws / "queues/q/patches").glob("0008-*"))  # the 8th patch on the branch
    assert len(new) == 1 and "Subject: sub9: fix the frobnicator number 9" in new[0].read_text()
    # the branch checked out in the user's tree was moved to the same tree, with trailers
    assert repo.git("status", "--porcelain") == ""
    assert f"Xenpatch-Patch: {new[0].name}" in repo.git("log", "-1", "--format=%B")
    assert run(capsys, ws, "commit", "q", "--json").json["status"] == "unchanged"
    files = queue_files(ws)
    assert sorted(k for k in files if k.startswith("revs/") and not k.endswith("timings.json")) == \
        ["revs/rev-0000.json", "revs/rev-0001.json"]
    assert {k: v for k, v in files.items() if k.startswith("patches/") and k != "patches/series"
            and k != f"patches/{new[0].name}"} == {k: v for k, v in before.items() if k.startswith("patches/")
                                                   and k != "patches/series"}
