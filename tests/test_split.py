"""``xenpatch split`` end to end on real repositories: the series, its files, bad input, checks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.clirun import run
from tests.test_split_kit import (apply_independently, default_modules, definition_order_violations,
                                  git, make_workspace, queue_files, series_names)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("split") / "ws", default_modules())


@pytest.fixture()
def ws(tmp_path: Path, template: Path) -> Path:
    dest = tmp_path / "ws"
    shutil.copytree(template, dest)
    return dest


def patch_paths(ws: Path) -> list[Path]:
    return [ws / "queues/xen/patches" / n for n in series_names(ws)]


def test_split_reproduces_the_fork_and_orders_definitions_first(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kernel = ws / "kernel"
    before_state = (ws / "queues/xen/state.json").read_bytes()
    mono = series_names(ws)[0]
    mono_bytes = (ws / "queues/xen/patches" / mono).read_bytes()
    r = run(capsys, ws, "split", "xen", "--max-lines", "40", "--json")
    assert r.code == 0, r.err
    out = r.json
    assert out["verified"] is True
    names = series_names(ws)
    assert [p["name"] for p in out["patches"]] == names
    assert len(names) >= 6
    for p in out["patches"]:
        assert set(p) >= {"name", "subject", "files", "insertions", "deletions", "depends_on"}
        assert ": " in p["subject"] and p["subject"] == p["subject"].strip()
        assert all(d in names[:names.index(p["name"])] for d in p["depends_on"])
    # the monolithic patch is archived, never deleted; state (the base) unchanged
    assert (ws / "queues/xen" / out["archived"][0]).read_bytes() == mono_bytes
    assert not (ws / "queues/xen/patches" / mono).exists() or mono in names
    assert (ws / "queues/xen/state.json").read_bytes() == before_state
    # independently: plain git applies every file exactly and reproduces the fork tree
    base = git(kernel, "rev-parse", "master").strip()
    trees = apply_independently(kernel, base, patch_paths(ws))
    assert trees[-1] == git(kernel, "rev-parse", "xen^{tree}").strip() == out["tree"]
    assert len(set(trees)) == len(trees)  # every patch changes something
    texts = [p.read_text() for p in patch_paths(ws)]
    assert definition_order_violations(texts) == []
    # interface headers first: the first patch only adds headers
    first_files = out["patches"][0]["files"]
    assert first_files and all(f.startswith("include/") for f in first_files)
    # size: no patch over the limit unless listed as oversized
    over = {o["patch"] for o in out["oversized"]}
    for p in out["patches"]:
        assert p["insertions"] + p["deletions"] <= 40 or p["name"] in over
    # the stack is recorded and its last tree is the fork's
    stack = git(kernel, "rev-parse", "refs/xenpatch/xen/split^{tree}").strip()
    assert stack == out["tree"]
    assert "split-pending" not in git(kernel, "for-each-ref", "refs/xenpatch/")
    # identity and messages
    first = texts[0]
    assert "Signed-off-by: " in first and first.startswith("From ")
    assert "It depends on" in texts[-1]


def test_binary_rename_delete_mode_survive(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, ws, "split", "xen", "--json")
    assert r.code == 0, r.err
    texts = "".join(p.read_text(errors="replace") for p in patch_paths(ws))
    assert "GIT binary patch" in texts
    assert "rename from scripts/xen-tool.sh" in texts and "rename to scripts/xen-helper.sh" in texts
    assert "deleted file mode 100644" in texts and "drivers/xen/old.c" in texts
    assert "new mode 100755" in texts or "new file mode 100755" in texts
    kernel = ws / "kernel"
    trees = apply_independently(kernel, git(kernel, "rev-parse", "master").strip(), patch_paths(ws))
    assert trees[-1] == git(kernel, "rev-parse", "xen^{tree}").strip()


def test_git_am_applies_the_series(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, ws, "split", "xen", "--max-lines", "30", "--json")
    assert r.code == 0, r.err
    clone = ws / "clone"
    git(ws, "clone", "-q", "-b", "master", str(ws / "kernel"), str(clone))
    git(clone, "am", "-q", *[str(p) for p in patch_paths(ws)])
    assert git(clone, "rev-parse", "HEAD^{tree}").strip() == r.json["tree"]
    log = git(clone, "log", "--format=%an <%ae>%n%s", "origin/master..HEAD").splitlines()
    assert len(log) == 2 * len(r.json["patches"])


def test_deterministic(tmp_path: Path, template: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outs = []
    for k in range(2):
        dest = tmp_path / f"ws{k}"
        shutil.copytree(template, dest)
        r = run(capsys, dest, "split", "xen", "--max-lines", "25", "--explain", "--json")
        assert r.code == 0, r.err
        outs.append((queue_files(dest), r.out))
    assert outs[0] == outs[1]


def test_explain(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, ws, "split", "xen", "--explain", "--json", "--dry-run")
    assert r.code == 0, r.err
    ex = r.json["explain"]
    reasons = {p["unit"]: p["reason"] for p in ex["placements"]}
    assert reasons["drivers/xen/events/evtchn.c"] == "MAINTAINERS: XEN EVENTS (F: drivers/xen/events/)"
    assert reasons["include/xen/grant.h"] == "MAINTAINERS: XEN HYPERVISOR INTERFACE (F: include/xen/)"
    assert reasons["drivers/xen/events/Makefile"].startswith("MAINTAINERS: XEN EVENTS")
    assert reasons["Documentation/xen/notes.txt#1"] == "directory Documentation/xen"
    glue = [u for u, why in reasons.items() if why.startswith("glue:")]
    assert any(u.startswith("drivers/xen/Kconfig") for u in glue)
    assert any(u.startswith("drivers/xen/Makefile") for u in glue)
    names = [p["name"] for p in r.json["patches"]]
    pvh = next(p for p in r.json["patches"] if "arch/x86/xen/pvh.c" in p["files"])
    edges = [e for e in ex["edges"] if e["patch"] == pvh["name"]]
    assert any("grant_fn0" in e["symbols"] for e in edges)
    assert all(names.index(e["depends_on"]) < names.index(e["patch"]) for e in ex["edges"])
    # a dry run writes nothing
    assert len(series_names(ws)) == 1
    # the human rendering names reasons and edges too
    r = run(capsys, ws, "split", "xen", "--explain", "--dry-run")
    assert r.code == 0 and "MAINTAINERS: XEN EVENTS" in r.out and "needs" in r.out and "dry run" in r.out


def test_rules_split_one_file_by_hunk(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = ws / "rules.toml"
    rules.write_text(
        '[[rules]]\nname = "grant-core"\nsubject = "xen/grant"\npaths = ["drivers/xen/core.c"]\n'
        'content = "grant"\n\n'
        '[[rules]]\nname = "interfaces"\nsubject = "xen/interface"\npaths = ["include/xen/*.h"]\n')
    r = run(capsys, ws, "split", "xen", "--rules", str(rules), "--explain", "--json")
    assert r.code == 0, r.err
    out = r.json
    core_patches = [p for p in out["patches"] if "drivers/xen/core.c" in p["files"]]
    assert len(core_patches) >= 2  # core.c's hunks went to different patches
    assert any(p["subject"].startswith("xen/grant: ") for p in core_patches)
    reasons = {p["unit"]: p["reason"] for p in out["explain"]["placements"]}
    assert any(why.startswith("rule grant-core: path drivers/xen/core.c, content /grant/")
               for u, why in reasons.items() if u.startswith("drivers/xen/core.c"))
    assert out["patches"][0]["subject"].startswith("xen/interface: ")
    kernel = ws / "kernel"
    trees = apply_independently(kernel, git(kernel, "rev-parse", "master").strip(), patch_paths(ws))
    assert trees[-1] == git(kernel, "rev-parse", "xen^{tree}").strip()


@pytest.mark.parametrize("content, message", [
    ("[[rules]\nname = 'x'\n", "is not valid TOML"),
    ("[[rules]]\nname = 'x'\npaths = ['nowhere/']\n", "rule 'x' matches nothing"),
    ("[[rules]]\nname = 'x'\npaths = ['drivers/']\ncontent = '(['\n", "not a valid regular expression"),
    ("[[rules]]\nname = 'x'\npath = ['drivers/']\n", "unknown key(s) path"),
    ("[[rules]]\npaths = ['drivers/']\n", "has no name"),
    ("title = 'no rules'\n", "has no [[rules]] tables"),
])
def test_bad_rules_leave_queue_untouched(ws: Path, capsys: pytest.CaptureFixture[str], content: str,
                                         message: str) -> None:
    rules = ws / "rules.toml"
    rules.write_text(content)
    before = queue_files(ws)
    r = run(capsys, ws, "split", "xen", "--rules", str(rules))
    assert r.code == 2
    assert message in r.err and "rules.toml" in r.err
    assert len(r.err.strip().splitlines()) == 1 or "Traceback" not in r.err
    assert queue_files(ws) == before


def test_other_bad_input(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = queue_files(ws)
    for args, message in [
        (["--max-lines", "0"], "--max-lines must be positive"),
        (["--patch", "nope.patch"], "has no patch named nope.patch"),
        (["--rules", str(ws / "missing.toml")], "does not exist"),
        (["--check", " "], "--check needs a command"),
    ]:
        r = run(capsys, ws, "split", "xen", *args)
        assert r.code == 2, (args, r.err)
        assert message in r.err
    r = run(capsys, ws, "split", "nosuchqueue")
    assert r.code == 2 and "no queue named" in r.err
    assert queue_files(ws) == before


def test_patch_that_does_not_apply(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = series_names(ws)[0]
    path = ws / "queues/xen/patches" / name
    path.write_bytes(path.read_bytes().replace(b" note line 4\n", b" note line FOUR\n", 1))
    before = queue_files(ws)
    refs_before = git(ws / "kernel", "for-each-ref", "refs/xenpatch/")
    r = run(capsys, ws, "split", "xen")
    assert r.code == 2
    assert "does not apply" in r.err and name in r.err
    assert queue_files(ws) == before
    assert git(ws / "kernel", "for-each-ref", "refs/xenpatch/") == refs_before


def test_oversized_units_are_listed(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, ws, "split", "xen", "--max-lines", "8", "--json")
    assert r.code == 0, r.err
    over = r.json["oversized"]
    assert over, "single new files bigger than 8 lines must be reported"
    by_name = {p["name"]: p for p in r.json["patches"]}
    for o in over:
        assert o["lines"] > 8
        assert o["reason"].startswith(("a single new file", "a single hunk", "a single file change"))
        p = by_name[o["patch"]]
        assert p["insertions"] + p["deletions"] == o["lines"]  # it stands alone
    for p in r.json["patches"]:
        if p["name"] not in {o["patch"] for o in over}:
            assert p["insertions"] + p["deletions"] <= 8


def test_check_finds_first_bad_prefix(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # "the build" breaks with the patch that adds grant.c, and stays broken
    cmd = "test ! -f drivers/xen/grant.c"
    r = run(capsys, ws, "split", "xen", "--check", cmd, "--json")
    assert r.code == 1, r.err
    c = r.json["check"]
    names = [p["name"] for p in r.json["patches"]]
    grant = next(p["name"] for p in r.json["patches"] if "drivers/xen/grant.c" in p["files"])
    assert c["first_bad"] == grant and c["first_bad_prefix"] == names.index(grant) + 1
    assert c["base_ok"] is True and c["ok"] is False
    assert [run_["prefix"] for run_ in c["runs"]] == list(range(0, names.index(grant) + 2))
    assert r.json["verified"] is True  # the series itself is exact, it is written
    assert series_names(ws) == names
    # a patch of the new series can be split again (here a header-only one, checked by bisection)
    r2 = run(capsys, ws, "split", "xen", "--patch", names[0], "--dry-run", "--check", "true",
             "--check-mode", "bisect", "--json")
    assert r2.code == 0, r2.err
    assert r2.json["check"]["mode"] == "bisect" and r2.json["check"]["ok"] is True


def test_check_bisect_mode(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cmd = 'test "$XENPATCH_QUEUE" = xen && test -n "$XENPATCH_TREE" && test ! -f drivers/xen/grant.c'
    r = run(capsys, ws, "split", "xen", "--max-lines", "20", "--check", cmd, "--check-mode", "bisect", "--json",
            "--dry-run")
    assert r.code == 1, r.err
    c = r.json["check"]
    names = [p["name"] for p in r.json["patches"]]
    grant = next(p["name"] for p in r.json["patches"] if "drivers/xen/grant.c" in p["files"])
    assert c["first_bad"] == grant
    ran = [x["prefix"] for x in c["runs"]]
    assert len(ran) < len(names) + 1  # fewer runs than every prefix
    assert c["first_bad_prefix"] - 1 in ran and c["first_bad_prefix"] in ran
    assert all(x["ok"] for x in c["runs"] if x["prefix"] < c["first_bad_prefix"])
    assert len(series_names(ws)) == 1  # dry run


def test_check_failing_on_base(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, ws, "split", "xen", "--check", "false", "--dry-run")
    assert r.code == 1
    assert "fails on the base already" in r.out


def test_split_a_middle_patch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = make_workspace(tmp_path / "ws", default_modules())
    kernel = ws / "kernel"
    # a queue of three patches: before, the big one, after
    first = tmp_path / "q"
    first.mkdir()
    git(kernel, "checkout", "-q", "-b", "pre", "master")
    (kernel / "README.pre").write_text("pre\n")
    git(kernel, "add", "README.pre")
    git(kernel, "commit", "-qm", "pre")
    git(kernel, "checkout", "-q", "-b", "mid", "xen")
    (kernel / "README.pre").write_text("pre\n")
    git(kernel, "add", "README.pre")
    git(kernel, "commit", "-qm", "pre again")
    (kernel / "README.post").write_text("post\n")
    git(kernel, "add", "README.post")
    git(kernel, "commit", "-qm", "post")
    git(kernel, "checkout", "-q", "master")
    out = git(kernel, "format-patch", "-o", str(first), "master..pre")
    names = [Path(p).name for p in out.split()]
    mono = git(kernel, "diff", "--binary", "pre", "mid~1")
    mid_patch = first / "0002-big.patch"
    mid_patch.write_text("From: A <a@b>\nSubject: [PATCH] xen: everything\n\nbig\n---\n" + mono)
    post = git(kernel, "format-patch", "--start-number", "3", "-o", str(first), "mid~1..mid").split()
    (first / "series").write_text("# my queue\n" + "\n".join([names[0], "0002-big.patch", Path(post[0]).name]) + "\n")
    r = run(capsys, ws, "import", "xen", "--quilt", str(first), "--replace")
    assert r.code == 0, r.err
    r = run(capsys, ws, "split", "xen", "--json")
    assert r.code == 2 and "--patch" in r.err
    r = run(capsys, ws, "split", "xen", "--patch", "0002-big.patch", "--json")
    assert r.code == 0, r.err
    got = series_names(ws)
    assert got[0] == names[0] and got[-1] == Path(post[0]).name
    assert got[1:-1] == [p["name"] for p in r.json["patches"]]
    assert (ws / "queues/xen/patches/series").read_text().startswith("# my queue\n")
    assert all(p["name"].startswith(("0002-", "0003-", "0004-", "0005-", "0006-", "0007-", "0008-", "0009-", "001"))
               for p in r.json["patches"])
    trees = apply_independently(kernel, git(kernel, "rev-parse", "master").strip(), patch_paths(ws))
    assert trees[-1] == git(kernel, "rev-parse", "mid^{tree}").strip()


def test_json_only_on_stdout(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, ws, "split", "xen", "--json", "--dry-run")
    assert r.code == 0
    doc = json.loads(r.out)
    assert doc["verified"] is True and doc["written"] is False and doc["stack"] == ""


def test_queue_split_rules_file_example(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # rules inline in queue.toml are used without --rules
    toml = ws / "queues/xen/queue.toml"
    text = toml.read_text().replace(
        "[split]\n", '[split]\nrules = [{ name = "docs", subject = "docs/xen", paths = ["Documentation/"] }]\n', 1)
    toml.write_text(text)
    r = run(capsys, ws, "split", "xen", "--json", "--dry-run")
    assert r.code == 0, r.err
    assert any(p["subject"].startswith("docs/xen: ") for p in r.json["patches"])
