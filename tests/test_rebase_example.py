"""The fork's own series, forward-ported through the example's upstream revs."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.clirun import run


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True).stdout.decode()


def _fix_manage_c(worktree: Path) -> None:
    """What the maintainer does: keep the Xen early return, then upstream's new condition."""
    path = worktree / "kernel/irq/manage.c"
    text = path.read_text()
    m = re.search(r"<<<<<<< [^\n]*\n(.*?)=======\n(.*?)>>>>>>> [^\n]*\n", text, re.S)
    assert m, "expected a conflict in kernel/irq/manage.c"
    upstream, ours = m.group(1), m.group(2)
    path.write_text(text[:m.start()] + ours[: ours.index("\n\n") + 2] + "\t/*\n" + upstream + text[m.end():])


def test_fork_series_through_three_upstream_revs(tmp_path: Path, example_template: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    kernel = tmp_path / "kernel"
    shutil.copytree(example_template, kernel)
    mbox = tmp_path / "xen.mbox"
    mbox.write_bytes(subprocess.run(["git", "-C", str(kernel), "format-patch", "--stdout", "v6.0..xen"],
                                    check=True, capture_output=True).stdout)
    assert run(capsys, tmp_path, "init", "xen", "--repo", "kernel", "--upstream", "v6.3").code == 0
    assert run(capsys, tmp_path, "import", "xen", "--mbox", str(mbox), "--base", "v6.0").code == 0
    patches = tmp_path / "queues/xen/patches"
    blk = next(p for p in patches.glob("*blk_queue_virt_boundary*"))
    assert b"drivers/block/blkdev.c" in blk.read_bytes()
    headers_and_message = blk.read_bytes().split(b"\n---\n", 1)[0]

    # v6.1: drift and a rename; every patch goes through, the block patch follows the rename
    r = run(capsys, tmp_path, "rebase", "xen", "--onto", "v6.1", "--json")
    assert r.code == 0, r.err
    assert {p["outcome"] for p in r.json["patches"]} <= {"clean", "merged"}
    text = blk.read_bytes()
    assert b"block/blk-core.c" in text and b"drivers/block/blkdev.c" not in text
    assert text.split(b"\n---\n", 1)[0] == headers_and_message  # headers and message untouched

    # v6.2: upstream reworked the lines the event-channel patch hooks into
    r = run(capsys, tmp_path, "rebase", "xen", "--onto", "v6.2", "--json")
    assert r.code == 1
    stopped = r.json["pending"]
    assert "event channel" in r.json["patches"][-1]["subject"] and stopped["conflicts"] == ["kernel/irq/manage.c"]
    wt = Path(run(capsys, tmp_path, "resolve", "xen", "--json").json["worktree"])
    _fix_manage_c(wt)
    r = run(capsys, tmp_path, "rebase", "xen", "--continue", "--json")
    assert r.code == 0, r.err
    assert [p["outcome"] for p in r.json["patches"]].count("resolved") == 1

    # v6.3: upstream took include/xen/interface.h verbatim: the patch that added it shrinks
    owner = next(p for p in sorted(patches.glob("*.patch")) if b"+++ b/include/xen/interface.h" in p.read_bytes())
    r = run(capsys, tmp_path, "rebase", "xen", "--onto", "v6.3", "--json")
    assert r.code == 0, r.err
    outcome = {p["name"]: p for p in r.json["patches"]}[owner.name]
    assert outcome["outcome"] == "merged"
    assert b"include/xen/interface.h" not in owner.read_bytes()
    # the refreshed series applies to v6.3 and reproduces the stack recorded for the rev
    tree = _git(kernel, "rev-parse", "refs/xenpatch/xen/rev-3^{tree}").strip()
    env_index = tmp_path / "idx"
    import os
    env = {**os.environ, "GIT_INDEX_FILE": str(env_index)}
    subprocess.run(["git", "-C", str(kernel), "read-tree", "v6.3"], check=True, env=env)
    for name in (tmp_path / "queues/xen/patches/series").read_text().split():
        subprocess.run(["git", "-C", str(kernel), "apply", "--cached", str(patches / name)], check=True, env=env)
    assert subprocess.run(["git", "-C", str(kernel), "write-tree"], check=True, env=env,
                          capture_output=True).stdout.decode().strip() == tree

    log = run(capsys, tmp_path, "log", "xen", "--json").json
    assert [(r["rev"], r["status"]) for r in log["revs"]] == [(0, "imported"), (1, "rebased"), (2, "rebased"),
                                                               (3, "rebased")]
    d = run(capsys, tmp_path, "diff", "xen", "0", "3", "--json").json
    assert len(d["patches"]) == 9 and d["counts"]["changed"] >= 2
