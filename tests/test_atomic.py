"""The queue journal: all-or-nothing across many files, even under kill -9."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xenpatch.store import QueueStore, writing

WRITER = r"""
import sys
from pathlib import Path
from xenpatch.store import writing
ws = Path(sys.argv[1])
gen = 0
while True:
    gen += 1
    with writing(ws, "q", "test") as session:
        for i in range(40):
            session.txn.write(f"patches/{i:04d}.patch", (f"generation {gen} file {i}\n" * 200).encode())
        session.txn.write("patches/series", "".join(f"{i:04d}.patch\n" for i in range(40)).encode())
    (ws / "progress").write_text(str(gen))
"""


def _disk(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _generation(snap: dict[str, bytes]) -> set[str]:
    return {data.split(b" ")[1].decode() for name, data in snap.items() if name != "patches/series"}


def _workspace(tmp_path: Path) -> Path:
    (tmp_path / "queues/q").mkdir(parents=True)
    return tmp_path


def test_kill_at_random_points_leaves_one_whole_generation(tmp_path: Path) -> None:
    rng = random.Random(1234)
    ws = _workspace(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    kills = 0
    for _ in range(12):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(ws)], env=env)
        time.sleep(0.15 + rng.random() * 0.4)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
        # a reader sees one whole generation through whatever journal the kill left
        seen = QueueStore(ws, "q").snapshot()
        if seen:
            assert len(_generation(seen)) == 1 and len(seen) == 41
        # the next writer finishes it on disk
        with writing(ws, "q", "check"):
            pass
        assert not (ws / ".xenpatch/queues/q/journal").exists()
        snap = _disk(ws / "queues/q")
        assert snap == seen
    assert kills == 12


def test_uncommitted_journal_is_discarded(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    (ws / "queues/q/a").write_bytes(b"old\n")
    staged = ws / ".xenpatch/queues/q/journal/files"
    staged.mkdir(parents=True)
    (staged / "0").write_bytes(b"new\n")
    assert QueueStore(ws, "q").read("a") == b"old\n"
    with writing(ws, "q", "test"):
        pass
    assert (ws / "queues/q/a").read_bytes() == b"old\n"
    assert not (ws / ".xenpatch/queues/q/journal").exists()


def test_archive_moves_instead_of_deleting(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    (ws / "queues/q/patches").mkdir()
    (ws / "queues/q/patches/x.patch").write_bytes(b"mine\n")
    with writing(ws, "q", "test") as session:
        session.txn.archive("patches/x.patch", "archive/rev-0001/x.patch")
        session.txn.write("patches/series", b"")
    assert not (ws / "queues/q/patches/x.patch").exists()
    assert (ws / "queues/q/archive/rev-0001/x.patch").read_bytes() == b"mine\n"


def test_an_exception_writes_nothing(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    with pytest.raises(RuntimeError):
        with writing(ws, "q", "test") as session:
            session.txn.write("patches/series", b"x.patch\n")
            raise RuntimeError("walk away")
    assert _disk(ws / "queues/q") == {}


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z]{1,8}(/[a-z]{1,8})?", fullmatch=True), st.binary(max_size=200), max_size=8))
def test_commit_writes_exactly_the_staged_bytes(tmp_path_factory: pytest.TempPathFactory,
                                                files: dict[str, bytes]) -> None:
    ws = _workspace(tmp_path_factory.mktemp("txn"))
    # a name cannot be both a file and a directory
    names = sorted(files)
    files = {n: d for n, d in files.items() if not any(o.startswith(n + "/") for o in names)}
    with writing(ws, "q", "test") as session:
        for name, data in files.items():
            session.txn.write(name, data)
    assert _disk(ws / "queues/q") == files
    assert QueueStore(ws, "q").snapshot() == files
