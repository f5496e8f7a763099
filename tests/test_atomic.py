"""The queue journal: all-or-nothing across many files, even under kill -9."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from xenpatch.core.atomic import JOURNAL, Transaction, recover

WRITER = r"""
import sys
from pathlib import Path
from xenpatch.core.atomic import Transaction
root = Path(sys.argv[1])
gen = 0
while True:
    gen += 1
    txn = Transaction(root)
    for i in range(40):
        txn.write(f"patches/{i:04d}.patch", (f"generation {gen} file {i}\n" * 200).encode())
    txn.write("patches/series", "".join(f"{i:04d}.patch\n" for i in range(40)).encode())
    txn.commit()
    (root / "progress").write_text(str(gen))
"""


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and JOURNAL not in p.parts and p.name != "progress"
    }


def _generation(snap: dict[str, bytes]) -> set[str]:
    return {data.split(b" ")[1].decode() for name, data in snap.items() if name != "patches/series"}


def test_kill_at_random_points_leaves_one_whole_generation(tmp_path: Path) -> None:
    rng = random.Random(1234)
    root = tmp_path / "q"
    root.mkdir()
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    kills = 0
    for _ in range(12):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(root)], env=env)
        time.sleep(0.15 + rng.random() * 0.4)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
        recover(root)
        assert not (root / JOURNAL).exists()
        snap = _snapshot(root)
        if snap:
            gens = _generation(snap)
            assert len(gens) == 1, f"mixed generations after kill: {sorted(gens)}"
            assert len(snap) == 41
    assert kills == 12


def test_uncommitted_journal_is_discarded(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"old\n")
    journal = tmp_path / JOURNAL / "files"
    journal.mkdir(parents=True)
    (journal / "0").write_bytes(b"new\n")
    recover(tmp_path)
    assert (tmp_path / "a").read_bytes() == b"old\n"
    assert not (tmp_path / JOURNAL).exists()


def test_archive_moves_instead_of_deleting(tmp_path: Path) -> None:
    (tmp_path / "patches").mkdir()
    (tmp_path / "patches" / "x.patch").write_bytes(b"mine\n")
    txn = Transaction(tmp_path)
    txn.archive("patches/x.patch", "archive/rev-1/x.patch")
    txn.write("patches/series", b"")
    txn.commit()
    assert not (tmp_path / "patches" / "x.patch").exists()
    assert (tmp_path / "archive" / "rev-1" / "x.patch").read_bytes() == b"mine\n"


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z]{1,8}(/[a-z]{1,8})?", fullmatch=True), st.binary(max_size=200), max_size=8))
def test_commit_writes_exactly_the_staged_bytes(tmp_path_factory, files: dict[str, bytes]) -> None:
    root = tmp_path_factory.mktemp("txn")
    # a name cannot be both a file and a directory
    names = sorted(files)
    files = {n: d for n, d in files.items() if not any(o.startswith(n + "/") for o in names)}
    txn = Transaction(root)
    for name, data in files.items():
        txn.write(name, data)
    txn.commit()
    assert _snapshot(root) == files
