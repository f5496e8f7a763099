"""The generated example repository and its fake build, on real git."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from example import buildcheck
from example.__main__ import main as example_main
from example.generator import (
    BROKEN_API,
    BROKEN_CALLER,
    CONFLICT_PATH,
    CULPRITS,
    FORK_CHANGED_FILES,
    FORK_NEW_FILES,
    RENAMED_FROM,
    RENAMED_TO,
    REVS,
    SUBJECT_API_RENAME,
    SUBJECT_BACKPORT,
    SUBJECT_IRQ_REWORK,
    SUBJECT_MERGED,
    SUBJECT_RENAME,
    Example,
    build_example,
)


def git(repo: Path, *args: str, ok: tuple[int, ...] = (0,)) -> str:
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True)
    assert proc.returncode in ok, (args, proc.returncode, proc.stderr.decode())
    return proc.stdout.decode()


def extract(repo: Path, treeish: str, dest: Path) -> Path:
    """Check a tree out the way the brief says: git archive | tar -x, never a work tree."""
    data = subprocess.run(["git", "-C", str(repo), "archive", treeish], check=True, capture_output=True).stdout
    dest.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=data, check=True)
    return dest


def merge_tree(repo: Path, upstream: str, fork: str = "xen") -> tuple[int, str, list[str]]:
    """git 2.39 semantics: exit 1 on conflicts; first line the tree, then conflicted paths."""
    proc = subprocess.run(["git", "-C", str(repo), "merge-tree", "--write-tree", "--name-only", upstream, fork],
                          capture_output=True)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    lines = proc.stdout.decode().split("\n")
    files = []
    for line in lines[1:]:
        if not line:
            break
        files.append(line)
    return proc.returncode, lines[0], files


def by_subject(repo: Path, subject: str) -> str:
    """The one commit reachable from any ref with exactly this subject."""
    hits = [line.split(" ", 1)[0] for line in git(repo, "log", "--all", "--format=%H %s").splitlines()
            if line.split(" ", 1)[1] == subject]
    assert len(hits) == 1, (subject, hits)
    return hits[0]


@pytest.fixture(scope="module")
def ex(tmp_path_factory: pytest.TempPathFactory) -> Example:
    t0 = time.monotonic()
    built = build_example(tmp_path_factory.mktemp("ex") / "kernel")
    assert time.monotonic() - t0 < 5, "the whole example should build in well under 2 s"
    return built


def test_two_builds_give_identical_ids(ex: Example, example_template: Path) -> None:
    refs = git(ex.path, "for-each-ref", "--format=%(objectname) %(refname)")
    assert refs == git(example_template, "for-each-ref", "--format=%(objectname) %(refname)")
    assert "refs/heads/master" in refs and "refs/heads/xen" in refs


def test_refs_tags_and_shape(ex: Example) -> None:
    p = ex.path
    assert ex.revs == REVS == ("v6.0", "v6.1", "v6.2", "v6.3")
    assert git(p, "tag", "--list").split() == list(REVS)
    assert ex.base == git(p, "rev-parse", "v6.0^{commit}").strip()
    assert ex.fork == git(p, "rev-parse", "refs/heads/xen").strip()
    assert git(p, "merge-base", "xen", "master").strip() == ex.base
    assert git(p, "rev-parse", "master").strip() == git(p, "rev-parse", "v6.3^{commit}").strip()
    assert git(p, "symbolic-ref", "HEAD").strip() == "refs/heads/master"
    # v6.0 has history of its own; every later rev has at least 40 commits
    assert int(git(p, "rev-list", "--count", "v6.0")) >= 10
    for a, b in zip(REVS, REVS[1:]):
        assert int(git(p, "rev-list", "--count", f"{a}..{b}")) >= 40
        assert git(p, "log", "-1", "--format=%s", b).strip() == f"Linux 6.{b[-1]}"
        assert f"PATCHLEVEL = {b[-1]}\n" in git(p, "show", f"{b}:Makefile")
    # the fork: several commits on v6.0, linear, 1,500-3,000 changed lines
    assert 5 <= int(git(p, "rev-list", "--count", "v6.0..xen")) <= 12
    numstat = [line.split("\t") for line in git(p, "diff", "--numstat", "v6.0", "xen").splitlines()]
    changed = {path for _, _, path in numstat}
    assert changed == set(FORK_NEW_FILES) | set(FORK_CHANGED_FILES)
    assert 1500 <= sum(int(a) + int(d) for a, d, _ in numstat) <= 3000
    # fixed identities and dates: nothing from the environment leaks in
    idents = set(git(p, "log", "--all", "--format=%an <%ae>%n%cn <%ce>").splitlines())
    assert all(i.endswith("example.org>") for i in idents), idents


def test_fork_content_and_dependencies(ex: Example) -> None:
    p = ex.path
    show = lambda spec: git(p, "show", spec)  # noqa: E731
    assert "xen_start_kernel();" in show("xen:arch/x86/kernel/setup.c")
    assert 'source "arch/x86/xen/Kconfig"' in show("xen:arch/x86/Kconfig")
    assert "obj-$(CONFIG_XEN)\t\t+= xen/" in show("xen:drivers/Makefile")
    assert "CONFIG_XEN_NETDEV_FRONTEND" in show("xen:drivers/net/Makefile")
    assert "config XEN_NETDEV_FRONTEND" in show("xen:drivers/net/Kconfig")
    assert "XEN HYPERVISOR INTERFACE\nM:\t" in show("xen:MAINTAINERS")
    assert "#define IRQ_XEN_EVTCHN" in show("xen:include/linux/irq.h")
    assert "IRQ_XEN_EVTCHN" in show("xen:kernel/irq/manage.c")
    netfront = show("xen:drivers/net/xen-netfront.c")
    assert "netif_napi_add(" in netfront and "gnttab_grant_foreign_access_ref(" in netfront
    assert "#include <xen/grant_table.h>" in netfront
    blkfront = show("xen:drivers/block/xen-blkfront.c")
    assert "blk_queue_make(" in blkfront and "blk_queue_virt_boundary(" in blkfront
    assert "void blk_queue_virt_boundary(" in show("xen:drivers/block/blkdev.c")
    assert "#include <xen/interface.h>" in show("xen:drivers/xen/events.c")
    # every file kernel-like: C files of 50-800 lines with exports and includes
    for path in ("drivers/xen/events.c", "drivers/xen/grant-table.c", "drivers/xen/xenbus.c", "arch/x86/xen/enlighten.c"):
        text = show(f"xen:{path}")
        assert "EXPORT_SYMBOL" in text or path.endswith("enlighten.c")
        assert 50 <= text.count("\n") <= 800


def test_rename_detected_and_followed(ex: Example) -> None:
    status = git(ex.path, "diff", "-M", "--name-status", "v6.0", "v6.1").splitlines()
    renames = [line.split("\t") for line in status if line.startswith("R")]
    assert [r[1:] for r in renames] == [[RENAMED_FROM, RENAMED_TO]]
    rc, tree, files = merge_tree(ex.path, "v6.1")
    assert rc == 0 and files == []
    merged = git(ex.path, "show", f"{tree}:{RENAMED_TO}")
    assert "void blk_queue_virt_boundary(" in merged
    assert git(ex.path, "ls-tree", tree, RENAMED_FROM) == ""
    # drift: the fork's hooks still apply, at other offsets
    setup = git(ex.path, "show", f"{tree}:arch/x86/kernel/setup.c")
    assert "x86_reserve_low_memory();" in setup and "xen_start_kernel();" in setup


def test_v62_merge_conflicts_in_manage_c_only(ex: Example) -> None:
    rc, tree, files = merge_tree(ex.path, "v6.2")
    assert rc == 1
    assert files == [CONFLICT_PATH]
    assert "<<<<<<<" in git(ex.path, "show", f"{tree}:{CONFLICT_PATH}")
    # the culprit: one upstream commit, touching that file only; just before it, no conflict
    culprit = by_subject(ex.path, SUBJECT_IRQ_REWORK)
    assert git(ex.path, "log", "-1", "--format=", "--name-only", culprit).split() == [CONFLICT_PATH]
    assert merge_tree(ex.path, f"{culprit}^")[2] == []
    assert merge_tree(ex.path, culprit)[2] == [CONFLICT_PATH]


def test_culprit_subjects_are_unique_and_in_their_rev(ex: Example) -> None:
    ranges = {SUBJECT_RENAME: "v6.0..v6.1", SUBJECT_API_RENAME: "v6.1..v6.2", SUBJECT_IRQ_REWORK: "v6.1..v6.2",
              SUBJECT_MERGED: "v6.2..v6.3", SUBJECT_BACKPORT: "v6.2..v6.3"}
    assert set(CULPRITS.values()) == set(ranges)
    everything = git(ex.path, "log", "--format=%s", "--all").splitlines()
    for subject, rng in ranges.items():
        assert everything.count(subject) == 1, subject
        assert subject in git(ex.path, "log", "--format=%s", rng).splitlines()
    api = git(ex.path, "log", "-1", "--format=", "--name-only", by_subject(ex.path, SUBJECT_API_RENAME)).split()
    assert "include/linux/netdevice.h" in api and BROKEN_CALLER not in api
    assert git(ex.path, "grep", "-h", f"{BROKEN_API}(", "v6.2", ok=(1,)) == ""  # no caller left upstream


def test_v63_merged_upstream_identically_and_in_another_form(ex: Example) -> None:
    p = ex.path
    assert git(p, "rev-parse", "v6.3:include/xen/interface.h") == git(p, "rev-parse", "xen:include/xen/interface.h")
    assert git(p, "cat-file", "-e", "v6.2:include/xen/interface.h", ok=(128,)) == ""
    upstream_irq = git(p, "show", "v6.3:include/linux/irq.h")
    fork_irq = git(p, "show", "xen:include/linux/irq.h")
    define = "#define IRQ_XEN_EVTCHN\t\t(1 << 22)\n"
    assert define in upstream_irq and define in fork_irq
    assert upstream_irq.index(define) < upstream_irq.index("#define IRQ_NO_BALANCING_MASK")
    assert fork_irq.index(define) > fork_irq.index("#define IRQ_NO_BALANCING_MASK")
    rc, tree, files = merge_tree(p, "v6.3")
    assert files == [CONFLICT_PATH]  # still only the v6.2 conflict
    assert git(p, "show", f"{tree}:include/linux/irq.h").count(define) == 2


def test_upstream_overlaps_the_fork(ex: Example) -> None:
    touched = set(git(ex.path, "log", "--format=", "--name-only", "--no-renames", "v6.0..v6.3").split())
    overlap = touched & set(FORK_CHANGED_FILES)
    assert {"MAINTAINERS", "arch/x86/kernel/setup.c", "drivers/net/Makefile", "drivers/net/Kconfig",
            "kernel/irq/manage.c", "include/linux/irq.h", "drivers/block/Kconfig", "arch/x86/Kconfig",
            "arch/x86/Makefile", RENAMED_FROM} <= overlap
    # and the filler is spread over the tree, not piled on one file
    assert len(touched) >= 30


def test_buildcheck_passes_on_every_tag_and_the_fork(ex: Example, tmp_path: Path) -> None:
    for rev in (*REVS, "xen"):
        root = extract(ex.path, rev, tmp_path / rev)
        assert buildcheck.check_tree(root) == [], rev
        assert buildcheck.main([str(root)]) == 0


def test_buildcheck_fails_on_the_fork_merged_into_v62(ex: Example, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    _, tree, _ = merge_tree(ex.path, "v6.2")
    raw = buildcheck.check_tree(extract(ex.path, tree, tmp_path / "raw"))
    assert {(d.path, "conflict marker" in d.message) for d in raw} >= {(CONFLICT_PATH, True)}
    # resolve the conflict by taking upstream's file: the build still breaks, on the renamed API
    root = extract(ex.path, tree, tmp_path / "resolved")
    (root / CONFLICT_PATH).write_text(git(ex.path, "show", f"v6.2:{CONFLICT_PATH}"))
    errors = buildcheck.check_tree(root)
    assert [(e.path, BROKEN_API in e.message) for e in errors] == [(BROKEN_CALLER, True)]
    assert f"'{BROKEN_API}'; did you mean '{BROKEN_API}_weight'?" in errors[0].message
    assert buildcheck.main([str(root)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{BROKEN_CALLER}:") and ": error: implicit declaration of function" in out[0]
    assert out[-1] == "buildcheck: 1 error"
    # the fix a human would make: use the new name
    fixed = (root / BROKEN_CALLER).read_text().replace(f"{BROKEN_API}(", f"{BROKEN_API}_weight(")
    (root / BROKEN_CALLER).write_text(fixed)
    assert buildcheck.check_tree(root) == []


def test_buildcheck_reports_like_gcc_and_make(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = {
        "Kconfig": 'source "arch/$(SRCARCH)/Kconfig"\nsource "drivers/Kconfig"\nconfig FOO\n\tbool "foo"\n',
        "arch/x86/Kconfig": "config X86\n\tdef_bool y\n",
        "Makefile": "core-y += kernel/\ndrivers-y := nowhere/\n",
        "kernel/Makefile": "obj-y += a.o b.o\nobj-$(CONFIG_FOO) += c.o\nobj-$(CONFIG_BAR) += sub/\nfoo-y := x.o\nobj-y += foo.o\n",
        "kernel/a.c": ('#include <linux/k.h>\n#include "local.h"\n#include <asm/thing.h>\n#include <linux/none.h>\n'
                       "static int helper(int x)\n{\n\treturn x;\n}\n\nint\nsplit_decl(void)\n{\n"
                       "\tvoid (*fp)(int) = 0;\n\tfp(1);\n\tops->call(2);\n\tif (helper(1))\n\t\treturn MACRO(3);\n"
                       "\t/* undefined_in_comment(4) */\n\tpr(\"undefined_in_string(5)\");\n"
                       "\treturn missing_fn(6) + kmalloc_arra(7);\n}\n"),
        "kernel/local.h": "",
        "kernel/x.c": "",
        "kernel/b.S": "",
        "include/linux/k.h": "#define MACRO(x) (x)\nvoid pr(const char *s);\nvoid *kmalloc_array(int n);\n",
        "arch/x86/include/asm/thing.h": "<<<<<<< ours\n=======\n>>>>>>> theirs\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    got = [str(d) for d in buildcheck.check_tree(tmp_path)]
    assert got == [
        "Kconfig:2: error: can't open file \"drivers/Kconfig\"",
        "Makefile:2: error: no such directory 'nowhere/' (listed in drivers-y)",
        "arch/x86/include/asm/thing.h:1: error: version control conflict marker in file",
        "kernel/Makefile:2: error: no rule to make target 'c.o' (no c.c or c.S)",
        "kernel/Makefile:3: error: CONFIG_BAR is not defined by any Kconfig",
        "kernel/Makefile:3: error: no such directory 'sub/' (listed in obj-$(CONFIG_BAR))",
        "kernel/a.c:4: error: linux/none.h: No such file or directory",
        "kernel/a.c:20: error: implicit declaration of function 'kmalloc_arra'; "
        "did you mean 'kmalloc_array'? [-Werror=implicit-function-declaration]",
        "kernel/a.c:20: error: implicit declaration of function 'missing_fn' [-Werror=implicit-function-declaration]",
    ]
    assert buildcheck.main([str(tmp_path)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "buildcheck: 9 errors"
    assert buildcheck.main([str(tmp_path / "nope")]) == 2
    assert buildcheck.main(["--help"]) == 2


def test_cli_builds_and_refuses_a_non_empty_dest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "k"
    assert example_main([str(dest)]) == 0
    out, err = capsys.readouterr()
    assert len(out.strip().splitlines()) == 1 and str(dest) in out and err == ""
    assert git(dest, "rev-parse", "--is-bare-repository").strip() == "true"
    assert example_main([str(dest)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "not empty" in err
    assert example_main([]) == 2
    capsys.readouterr()
    with pytest.raises(Exception, match="not empty"):
        build_example(dest)


def test_more_commits_per_rev_scale_the_filler(ex: Example, tmp_path: Path) -> None:
    big = build_example(tmp_path / "big", upstream_commits_per_rev=150)
    for a, b in zip(REVS, REVS[1:]):
        assert int(git(big.path, "rev-list", "--count", f"{a}..{b}")) >= 150
    # the scenario is the same: the very same base and fork, same conflict, clean build at v6.3
    assert (big.base, big.fork) == (ex.base, ex.fork)
    assert merge_tree(big.path, "v6.2")[2] == [CONFLICT_PATH]
    assert buildcheck.check_tree(extract(big.path, "v6.3", tmp_path / "v63")) == []
