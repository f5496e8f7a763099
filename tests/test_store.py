"""The store's pieces: queue names as git sees them, confinement, and reading through a journal."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xenpatch.errors import BadInput, QueueError
from xenpatch.store import QueueStore, check_queue_name, writing
from xenpatch.store.confined import Confined
from xenpatch.store.journal import QUEUE, Target


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab9.-_/ @{~^:?*[\\\n\t", min_size=1, max_size=12))
def test_every_accepted_queue_name_is_a_ref_component_git_accepts(name: str) -> None:
    try:
        check_queue_name(name)
    except BadInput:
        return
    proc = subprocess.run(["git", "check-ref-format", f"refs/xenpatch/{name}/rev-1"], capture_output=True)
    assert proc.returncode == 0, f"git refuses refs/xenpatch/{name!r}/rev-1"
    assert "/" not in name and not name.startswith((".", "-"))


def test_confined_refuses_links_on_the_way_and_at_the_end(tmp_path: Path) -> None:
    root = tmp_path / "q"
    (root / "revs").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "f").write_text("theirs\n")
    (root / "link").symlink_to(outside)
    (root / "revs/file-link").symlink_to(outside / "f")
    fs = Confined(root, "queues/q")
    for op in (lambda: fs.read("link/f"), lambda: fs.write("link/new", b"x"), lambda: fs.listdir("link"),
               lambda: fs.read("revs/file-link"), lambda: fs.check_writable("revs/file-link"),
               lambda: fs.check_writable("link/f")):
        with pytest.raises(QueueError, match="is a symbolic link"):
            op()
    # replacing a link renames over the link itself, never writes through it
    fs.write("revs/file-link", b"ours\n")
    assert (outside / "f").read_text() == "theirs\n"
    assert (root / "revs/file-link").read_bytes() == b"ours\n" and not (root / "revs/file-link").is_symlink()
    assert sorted(os.listdir(outside)) == ["f"]
    with pytest.raises(ValueError):
        fs.read("../outside/f")


files = st.dictionaries(st.sampled_from(["patches/a", "patches/b", "patches/series", "state.json", "revs/r1"]),
                        st.binary(max_size=20), max_size=5)


class _Crash(Exception):
    pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=files, writes=files, archive=st.sets(st.sampled_from(["patches/a", "patches/b"])),
       crash_after=st.integers(0, 12))
def test_a_reader_sees_exactly_what_recovery_will_make(tmp_path_factory: pytest.TempPathFactory,
                                                       before: dict[str, bytes], writes: dict[str, bytes],
                                                       archive: set[str], crash_after: int) -> None:
    """Property: killed anywhere in a roll-forward, the queue a reader sees is the one recovery leaves."""
    ws = tmp_path_factory.mktemp("ws")
    root = ws / "queues/q"
    root.mkdir(parents=True)
    for rel, data in before.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    moves = {src: f"archive/{src.split('/')[1]}" for src in archive if src in before}
    expected = dict(before)
    for src, dst in moves.items():
        expected[dst] = expected.pop(src)
    expected.update(writes)

    store = QueueStore(ws, "q")
    calls = [0]
    real_rename = Confined.rename

    def crashing_rename(self: Confined, src: str, dst: str, dst_fs: Confined | None = None) -> None:
        if "journal/" not in dst:  # the steps of the roll-forward (not staging the commit)
            calls[0] += 1
            if calls[0] > crash_after:
                raise _Crash()
        real_rename(self, src, dst, dst_fs)

    (ws / ".xenpatch/queues/q").mkdir(parents=True)
    Confined.rename = crashing_rename  # type: ignore[method-assign]
    try:
        store.journal.commit({Target(QUEUE, k): v for k, v in writes.items()}, moves, set())
        crashed = False
    except _Crash:
        crashed = True
    finally:
        Confined.rename = real_rename  # type: ignore[method-assign]
    assert store.snapshot() == expected
    assert crashed == (crash_after < len(moves) + len(writes))
    with writing(ws, "q", "test"):
        pass
    on_disk = {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert on_disk == expected
