"""A queue from someone else is data, never instructions (issue 14's probes, as written there).

Each test plants what a cloned queue (or a hostile queue.toml) can carry and
checks that xenpatch writes nothing outside the queue and .xenpatch/, runs
nothing, follows no link, and says what is wrong in one line with exit 2.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.clirun import run, snapshot
from tests.smallqueue import mono_queue, series_queue


def _victims(tmp_path: Path) -> Path:
    """Files outside the workspace that a hostile queue tries to overwrite, move and delete."""
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in ("victim", "moved", "deleted"):
        (outside / name).write_text(f"{name}: the user's own file\n")
    return outside


def _toml_set(ws: Path, section: str, line: str, name: str = "q") -> None:
    toml = ws / "queues" / name / "queue.toml"
    text = toml.read_text()
    header = f"[{section}]\n"
    assert header in text
    key = line.split("=")[0].strip()
    lines = [ln for ln in text.split("\n") if ln.split("=")[0].strip() != key]  # replace a template line
    toml.write_text("\n".join(lines).replace(header, header + line + "\n", 1))


# ---------------------------------------------------------------- 1. a planted journal

def test_planted_journal_in_the_queue_is_never_rolled_forward(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws"
    series_queue(ws, capsys)
    outside = _victims(tmp_path)
    before_outside = snapshot(outside)
    journal = ws / "queues/q/.xenpatch-txn"
    (journal / "files").mkdir(parents=True)
    (journal / "files/0").write_text("owned\n")
    manifest = {"format": 1,
                "writes": [{"staged": "0", "target": str(outside / "victim")},
                           {"staged": "0", "target": "../../../outside/victim"}],
                "archives": [{"source": str(outside / "moved"), "target": str(outside / "moved-away")}],
                "deletes": [str(outside / "deleted"), "../../../outside/deleted"]}
    (journal / "COMMIT").write_text(json.dumps(manifest))
    # a read-only command first (the issue: 'xenpatch log' rolled it forward)
    assert run(capsys, ws, "log", "q").code == 0
    assert snapshot(outside) == before_outside
    assert (journal / "COMMIT").exists()  # a reader deletes nothing either
    # a writing command ignores it too, and says so
    r = run(capsys, ws, "rebase", "q")
    assert r.code == 0, r.err
    assert ".xenpatch-txn" in r.err and "not read" in r.err
    assert snapshot(outside) == before_outside


def test_journal_naming_paths_outside_its_queue_is_set_aside(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Even where journals live (.xenpatch/), a manifest that names anything outside its queue is refused."""
    ws = tmp_path / "ws"
    series_queue(ws, capsys)
    outside = _victims(tmp_path)
    before_outside = snapshot(outside)
    before_queue = snapshot(ws / "queues/q")
    for k, (writes, moves) in enumerate([
        ([{"staged": "0", "root": "queue", "target": "../../../outside/victim"}], []),
        ([{"staged": "0", "root": "queue", "target": str(outside / "victim")}], []),
        ([], [{"source": "../../../outside/moved", "target": "archive/x"}]),
        ([{"staged": "0", "root": "private", "target": "lock"}], []),
    ]):
        journal = ws / ".xenpatch/queues/q/journal"
        (journal / "files").mkdir(parents=True)
        (journal / "files/0").write_text("owned\n")
        manifest = {"format": 2, "queue": "q", "writes": writes, "moves": moves, "deletes": []}
        (journal / "COMMIT").write_text(json.dumps(manifest))
        r = run(capsys, ws, "rebase", "q", "--abort")  # a writing command with nothing to do
        assert r.code == 2 and "no rebase" in r.err
        assert "ignored a journal" in r.err, r.err
        assert snapshot(outside) == before_outside
        assert snapshot(ws / "queues/q") == before_queue
        assert not journal.exists() and (ws / f".xenpatch/queues/q/journal.rejected-{k + 1}/COMMIT").exists()
    # a journal written for another queue is not this queue's either
    journal = ws / ".xenpatch/queues/q/journal"
    (journal / "files").mkdir(parents=True)
    (journal / "files/0").write_text("owned\n")
    (journal / "COMMIT").write_text(json.dumps({"format": 2, "queue": "other", "moves": [], "deletes": [],
                                                "writes": [{"staged": "0", "root": "queue",
                                                            "target": "patches/series"}]}))
    assert run(capsys, ws, "rebase", "q").code == 0
    assert b"owned" not in (ws / "queues/q/patches/series").read_bytes()


# ---------------------------------------------------------------- 2. commands through config values

def test_remote_that_is_an_option_runs_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws"
    repo = series_queue(ws, capsys)
    upstream = tmp_path / "upstream.git"
    repo.git("clone", "-q", "--bare", str(repo.path), str(upstream))
    repo.git("remote", "add", "origin", str(upstream))
    _toml_set(ws, "check", 'command = "true"')
    toml = ws / "queues/q/queue.toml"
    good = toml.read_text()
    toml.write_text(good.replace("[identity]", 'remote = "--upload-pack=touch PWNED; git-upload-pack"\n\n[identity]'))
    for command in (["stabilize", "q"], ["nightly"]):
        r = run(capsys, ws, *command)
        assert r.code == 2, r.err
        assert "remote" in r.err + r.out  # nightly reports it in its table, per queue
        assert not list(tmp_path.rglob("PWNED")), "the remote's value ran as a command"
    # a well-formed name that is not a remote of the repository is refused, by name
    toml.write_text(good.replace("[identity]", 'remote = "elsewhere"\n\n[identity]'))
    r = run(capsys, ws, "stabilize", "q")
    assert r.code == 2 and "'elsewhere' is not a remote" in r.err and "origin" in r.err
    # and a configured remote is fetched
    toml.write_text(good.replace("[identity]", 'remote = "origin"\n\n[identity]'))
    r = run(capsys, ws, "stabilize", "q", "--json")
    assert r.code == 0, r.err
    assert repo.git("for-each-ref", "refs/remotes/origin").strip()


# ---------------------------------------------------------------- 3. symlinks inside a queue

def test_lock_symlink_is_never_written_through(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws"
    series_queue(ws, capsys)
    outside = _victims(tmp_path)
    before = snapshot(outside)
    (ws / "queues/q/.xenpatch-lock").symlink_to(outside / "victim")
    _toml_set(ws, "check", 'command = "true"')
    for command in (["export", "q", "--to", str(tmp_path / "mail")], ["rebase", "q"], ["stabilize", "q"]):
        r = run(capsys, ws, *command)
        assert r.code == 0, (command, r.err)
        assert snapshot(outside) == before, command
    # the lock in .xenpatch/ is no link either: a planted one is refused, not followed
    lock = ws / ".xenpatch/queues/q/lock"
    lock.unlink()
    lock.symlink_to(outside / "victim")
    r = run(capsys, ws, "rebase", "q")
    assert r.code == 2 and "symbolic link" in r.err
    assert snapshot(outside) == before


def test_split_with_a_lock_symlink(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws"
    mono_queue(ws, capsys)
    outside = _victims(tmp_path)
    before = snapshot(outside)
    (ws / "queues/q/.xenpatch-lock").symlink_to(outside / "victim")
    r = run(capsys, ws, "split", "q", "--max-lines", "2")
    assert r.code == 0, r.err
    assert snapshot(outside) == before


@pytest.mark.parametrize("link", ["revs", "archive", "patches"])
def test_directory_symlinks_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], link: str) -> None:
    ws = tmp_path / "ws"
    series_queue(ws, capsys)
    outside = tmp_path / "outside"
    queue = ws / "queues/q"
    if (queue / link).exists():
        (queue / link).rename(outside)
    else:
        outside.mkdir()
    (queue / link).symlink_to(outside)
    before_outside = snapshot(outside)
    before_queue = snapshot(queue)
    r = run(capsys, ws, "rebase", "q")
    assert r.code == 2, r.err
    assert f"queues/q/{link} is a symbolic link" in r.err
    assert snapshot(outside) == before_outside and snapshot(queue) == before_queue


def test_a_queue_directory_that_is_a_link_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a workspace cloned from someone else's repository may hold queues/NAME as a link out of it
    ws = tmp_path / "ws"
    series_queue(ws, capsys)
    outside = tmp_path / "outside"
    (ws / "queues/q").rename(outside)
    (ws / "queues/q").symlink_to(outside)
    before = snapshot(outside)
    for args in (("rebase", "q"), ("log", "q"), ("import", "q", "--replace", "--fork", "HEAD")):
        r = run(capsys, ws, *args)
        assert r.code == 2 and len(r.err.strip().splitlines()) == 1, (args, r.err)
        assert "queues/q is a symbolic link" in r.err, (args, r.err)
        assert snapshot(outside) == before, args


def test_file_symlinks_and_special_files_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws"
    series_queue(ws, capsys)
    outside = _victims(tmp_path)
    queue = ws / "queues/q"
    # a rev record that is a link to a file of the user's: rebase must not write through it
    (queue / "revs/rev-0001.json").symlink_to(outside / "victim")
    r = run(capsys, ws, "rebase", "q")
    assert r.code == 2 and "revs/rev-0001.json is a symbolic link" in r.err
    assert (outside / "victim").read_text() == "victim: the user's own file\n"
    (queue / "revs/rev-0001.json").unlink()
    # a series that is a FIFO would hang a reader; it is refused
    series = queue / "patches/series"
    saved = series.read_bytes()
    series.unlink()
    os.mkfifo(series)
    r = run(capsys, ws, "log", "q")
    assert r.code == 2 and "patches/series is not a regular file" in r.err
    series.unlink()
    series.write_bytes(saved)
    # the workspace's .xenpatch itself may not be a link out
    (ws / ".xenpatch").rename(tmp_path / "private-moved")
    (ws / ".xenpatch").symlink_to(outside)
    r = run(capsys, ws, "rebase", "q")
    assert r.code == 2 and ".xenpatch is a symbolic link" in r.err
    assert sorted(p.name for p in outside.iterdir()) == ["deleted", "moved", "victim"]


# ---------------------------------------------------------------- 5. header injection

@pytest.mark.parametrize("line", [
    'to = "list@example.org\\nBcc: spy@evil.example"',
    'cc = ["a@example.org", "b@example.org\\r\\nBcc: spy@evil.example"]',
    'from = "Me <me@example.org>\\nBcc: spy@evil.example"',
    'subject_prefix = "PATCH\\nBcc: spy@evil.example"',
])
def test_export_addresses_cannot_inject_headers(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                line: str) -> None:
    ws = tmp_path / "ws"
    series_queue(ws, capsys)
    _toml_set(ws, "export", line)
    out = tmp_path / "mail"
    r = run(capsys, ws, "export", "q", "--to", str(out))
    assert r.code == 2, r.err
    key = line.split(" ", 1)[0]
    assert f"[export] {key} must be" in r.err and "queue.toml:" in r.err
    assert not out.exists()


# ---------------------------------------------------------------- 6. input that must be refused

@pytest.mark.parametrize("name", ["x..y", "foo.lock", "foo\n", "-x", ".hidden", "a/b", "q.", "a b"])
def test_queue_names_must_be_git_ref_components(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                name: str) -> None:
    ws = tmp_path / "ws"
    series_queue(ws, capsys)
    before = snapshot(ws)
    r = run(capsys, ws, "init", "--repo", "k", "--upstream", "v1", "--", name)
    assert r.code == 2 and "not a valid queue name" in r.err
    assert snapshot(ws) == before


def test_mbox_without_a_diff_and_nul_in_a_subject(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws"
    series_queue(ws, capsys, "other")
    assert run(capsys, ws, "init", "q", "--repo", "k", "--upstream", "v1").code == 0
    before = snapshot(ws / "queues/q")
    plain = tmp_path / "plain.mbox"
    plain.write_text("From 1234 Mon Sep 17 00:00:00 2001\nFrom: A <a@example.org>\nSubject: Re: hello\n\n"
                     "Just a reply.\n\nFrom 1234 Mon Sep 17 00:00:00 2001\nFrom: B <b@example.org>\n"
                     "Subject: another mail\n\nNo diff here either.\n")
    r = run(capsys, ws, "import", "q", "--mbox", str(plain))
    assert r.code == 2 and "has no diff" in r.err
    patch = next((ws / "fp").glob("0001-*.patch")).read_bytes()
    nul = tmp_path / "nul.mbox"
    nul.write_bytes(patch.replace(b"Subject: [PATCH 1/3] a", b"Subject: [PATCH 1/3] a\0evil", 1))
    assert b"\0" in nul.read_bytes()
    r = run(capsys, ws, "import", "q", "--mbox", str(nul), "--base", "v1")
    assert r.code == 2 and "NUL" in r.err
    assert snapshot(ws / "queues/q") == before


@pytest.mark.parametrize("section,line,expect", [
    ("check", "timeout = 0", "[check] timeout must be"),
    ("check", "timeout = -1", "[check] timeout must be"),
    ("", "guards = [1, 2]", "guards must be a list of guard names"),
    ("chek", 'command = "make"', "unknown section [chek]"),
    ("split", "max_line = 10", "unknown key 'max_line' in [split]"),
])
def test_wrong_config_values_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], section: str,
                                         line: str, expect: str) -> None:
    ws = tmp_path / "ws"
    series_queue(ws, capsys)
    toml = ws / "queues/q/queue.toml"
    key = line.split("=")[0].strip()
    text = "\n".join(ln for ln in toml.read_text().split("\n") if ln.split("=")[0].strip() != key)
    if section == "":
        text = text.replace("[identity]", f"{line}\n\n[identity]")
    elif f"[{section}]" in text:
        text = text.replace(f"[{section}]\n", f"[{section}]\n{line}\n")
    else:
        text += f"\n[{section}]\n{line}\n"
    toml.write_text(text)
    r = run(capsys, ws, "track", "q")
    assert r.code == 2 and expect in r.err, r.err
    assert "queue.toml:" in r.err


def test_documented_rules_file_form_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws"
    mono_queue(ws, capsys)
    (ws / "queues/q/split-rules.toml").write_text('[[rules]]\nname = "drivers"\npaths = ["drivers/"]\n')
    toml = ws / "queues/q/queue.toml"
    toml.write_text(toml.read_text().replace('# rules = "split-rules.toml"', 'rules = "split-rules.toml"'))
    r = run(capsys, ws, "split", "q", "--dry-run", "--json")
    assert r.code == 0, r.err


def test_export_directory_holds_mail_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The output directory is swapped whole, so xenpatch refuses one it would have to rebuild."""
    ws = tmp_path / "ws"
    series_queue(ws, capsys)
    r = run(capsys, ws, "export", "q", "--to", str(ws))  # the workspace itself: queues/, k/, ...
    assert r.code == 2 and "export into a directory of its own" in r.err
    out = tmp_path / "mail"
    (out / "sub").mkdir(parents=True)
    (out / "notes.txt").write_text("mine\n")
    before = snapshot(tmp_path)
    r = run(capsys, ws, "export", "q", "--to", str(out))
    assert r.code == 2 and "sub, a directory" in r.err
    assert snapshot(tmp_path) == before
    (out / "sub").rmdir()
    r = run(capsys, ws, "export", "q", "--to", str(out))
    assert r.code == 0, r.err
    assert (out / "notes.txt").read_text() == "mine\n" and len(list(out.glob("*.patch"))) == 4
    assert not [p for p in tmp_path.iterdir() if "xenpatch" in p.name]
