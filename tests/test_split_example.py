"""``split`` on the bundled kernel-like example: bisectable by its "build" at every prefix."""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

import pytest

from tests.clirun import run
from tests.test_split_kit import apply_independently, git, queue_files, series_names

REPO_ROOT = Path(__file__).resolve().parents[1]
# as make demo runs it: the check runs in a work tree under .xenpatch/, so by absolute path
BUILDCHECK = f"{shlex.quote(sys.executable)} {shlex.quote(str(REPO_ROOT / 'example' / 'buildcheck.py'))}"


@pytest.fixture()
def ws(tmp_path: Path, example_template: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    shutil.copytree(example_template, tmp_path / "kernel")
    shutil.copytree(REPO_ROOT / "queues", tmp_path / "queues")
    r = run(capsys, tmp_path, "import", "xen", "--fork", "xen", "--squash")
    assert r.code == 0, r.err
    return tmp_path


def test_example_split_is_bisectable(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, ws, "split", "xen", "--check", BUILDCHECK, "--json")
    assert r.code == 0, r.err + r.out
    out = r.json
    assert out["verified"] and out["written"]
    check = out["check"]
    assert check["ok"] and check["base_ok"] and check["first_bad"] is None
    assert [x["prefix"] for x in check["runs"]] == list(range(len(out["patches"]) + 1))
    assert all(x["ok"] for x in check["runs"])
    # interface headers first; every Makefile/Kconfig change after the code it builds
    assert all(f.startswith(("include/", "arch/x86/include/")) for f in out["patches"][0]["files"])
    kernel = ws / "kernel"
    trees = apply_independently(kernel, git(kernel, "rev-parse", "v6.0").strip(),
                                [ws / "queues/xen/patches" / n for n in series_names(ws)])
    assert trees[-1] == git(kernel, "rev-parse", "xen^{tree}").strip()
    # the limit comes from queue.toml ([split] max_lines = 400); bigger ones are single new files
    assert out["max_lines"] == 400
    over = {o["patch"] for o in out["oversized"]}
    assert all(p["insertions"] + p["deletions"] <= 400 or p["name"] in over for p in out["patches"])
    assert all(o["reason"].startswith("a single new file") for o in out["oversized"])
    subjects = [p["subject"] for p in out["patches"]]
    assert any(s.startswith("xen-netfront: ") for s in subjects)
    assert any(s.startswith("x86/xen: ") for s in subjects)


def test_example_rules_file(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = ws / "queues/xen/split-rules.toml"
    r = run(capsys, ws, "split", "xen", "--rules", str(rules), "--check", BUILDCHECK, "--check-mode", "bisect",
            "--explain", "--json")
    assert r.code == 0, r.err + r.out
    out = r.json
    subjects = [p["subject"].split(":")[0] for p in out["patches"]]
    # every rule's topic is there, the ABI first, the drivers last
    assert subjects[0] == "xen"
    for prefix in ("genirq", "xen/events", "xen/grant-table", "xen/xenbus", "x86/xen", "xen-blkfront",
                   "xen-netfront"):
        assert prefix in subjects
    assert subjects.index("xen/events") < subjects.index("xen/xenbus") < subjects.index("xen-netfront")
    assert out["cycles"] == []
    assert out["check"]["ok"] and len(out["check"]["runs"]) == 2  # base and the full series
    reasons = {p["unit"]: p["reason"] for p in out["explain"]["placements"]}
    assert reasons["kernel/irq/manage.c"] == "rule genirq: path kernel/irq/, content /IRQ_XEN_EVTCHN/"
    assert reasons["drivers/net/Kconfig"].startswith("glue: CONFIG_XEN_NETDEV_FRONTEND enables")


def test_example_bad_rules_leave_queue_untouched(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = ws / "rules.toml"
    rules.write_text((ws / "queues/xen/split-rules.toml").read_text()
                     + '\n[[rules]]\nname = "backend"\npaths = ["drivers/xen/xen-netback/"]\n')
    before = queue_files(ws)
    r = run(capsys, ws, "split", "xen", "--rules", str(rules))
    assert r.code == 2
    assert "rule 'backend' matches nothing" in r.err
    assert queue_files(ws) == before
