"""score: signals, culprits and levels on real repositories, checked against rebase and git."""

from __future__ import annotations

import dataclasses
import math
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from tests.clirun import run, snapshot
from tests.gitrepo import Repo
from xenpatch.core import scoring
from xenpatch.core.hunks import Edit
from xenpatch.gitio import history
from xenpatch.gitio.objects import ObjectReader
from xenpatch.engine import ForwardPort
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.merge import merge_trees
from xenpatch.engine.conflicts import conflict_regions, new_conflicts


def body(name: str, n: int, change: dict[int, str] | None = None) -> str:
    """n small C functions; ``change`` replaces the return line of some of them."""
    out = []
    for i in range(n):
        ret = (change or {}).get(i, f"\treturn x + {i};\n")
        out.append(f"static int {name}_helper{i}(int x)\n{{\n{ret}}}\n\n")
    return "".join(out)


NETDEV = ("#ifndef NETDEV_H\n#define NETDEV_H\nvoid {f}(struct net_device *dev, struct napi_struct *napi, int w);\n"
          "void netif_napi_del(struct napi_struct *napi);\n#endif\n")
DEV_C = "void {f}(struct net_device *dev, struct napi_struct *napi, int w)\n{{\n\tnapi->weight = w;\n}}\n"
OTHER_C = "static void other_setup(struct net_device *dev)\n{{\n\t{f}(dev, &priv->napi, 64);\n}}\n"
IRQ_H = "#ifndef IRQ_H\n#define IRQ_H\n#define IRQ_TYPE_NONE 0\n#define IRQ_TYPE_EDGE 1\n{extra}#endif\n"
NET_INC = "#include <linux/netdevice.h>\n\n"
IFACE = "#ifndef XEN_IFACE_H\n#define XEN_IFACE_H\nstruct xen_iface {\n\tint version;\n};\n#endif\n"


def build_mini(root: Path) -> dict[str, str]:
    """A small kernel-like tree, a fork with six patches, and an upstream range that
    breaks five of them in five different ways. Returns the interesting upstream commits."""
    r = Repo(root / "kernel")
    manage = body("irq", 20)
    r.commit("v0", {
        "kernel/irq/manage.c": manage,
        "include/linux/netdevice.h": NETDEV.format(f="netif_napi_add"),
        "net/core/dev.c": DEV_C.format(f="netif_napi_add") + body("dev", 5),
        "drivers/net/other.c": NET_INC + body("other", 3) + OTHER_C.format(f="netif_napi_add"),
        "drivers/net/xen-netfront.c": NET_INC + body("xennet", 10),
        "include/linux/irq.h": IRQ_H.format(extra=""),
        "drivers/old/legacy.c": body("legacy", 4),
    })
    r.git("tag", "v0")
    r.git("checkout", "-q", "-b", "xen")
    r.commit("xen: interface header", {"include/xen/interface.h": IFACE})
    hooked = body("irq", 20, {7: "\txen_irq_hook(x);\n\treturn x + 7;\n"})
    r.commit("xen: hook irq manage", {"kernel/irq/manage.c": hooked})
    r.commit("xen-netfront: use napi", {"drivers/net/xen-netfront.c": NET_INC + body(
        "xennet", 10, {5: "\tnetif_napi_add(dev, &np->napi, 64);\n\treturn x + 5;\n"})})
    r.commit("irq: xen flag", {"include/linux/irq.h": IRQ_H.format(extra="#define IRQ_XEN_PERCPU (1 << 20)\n")})
    r.commit("legacy: tweak", {"drivers/old/legacy.c": body("legacy", 4, {1: "\treturn x + 100;\n"})})
    r.commit("xen: comment helper 3", {"kernel/irq/manage.c": hooked.replace(
        "\treturn x + 3;\n", "\t/* xen */\n\treturn x + 3;\n")})
    r.commit("xen: clean tweak", {"drivers/net/xen-netfront.c": r.git("show", "HEAD:drivers/net/xen-netfront.c")
                                  .replace("return x + 9;", "return x + 90;")})
    r.git("checkout", "-q", "master")
    facts: dict[str, str] = {}
    r.commit("unrelated", {"README": "hello\n"})
    facts["rename"] = r.commit("net: rename netif_napi_add to netif_napi_add_weight", {
        "include/linux/netdevice.h": NETDEV.format(f="netif_napi_add_weight"),
        "net/core/dev.c": DEV_C.format(f="netif_napi_add_weight") + body("dev", 5),
        "drivers/net/other.c": NET_INC + body("other", 3) + OTHER_C.format(f="netif_napi_add_weight"),
    })
    touched = body("irq", 20, {3: "\treturn x + 3; /* upstream */\n"})
    facts["helper3"] = r.commit("irq: touch helper 3", {"kernel/irq/manage.c": touched})
    r.git("tag", "v1")
    r.commit("more unrelated", {"README": "hello2\n"})
    facts["helper7"] = r.commit("irq: rewrite helper 7", {"kernel/irq/manage.c": body(
        "irq", 20, {3: "\treturn x + 3; /* upstream */\n", 7: "\treturn x * 7 + 1;\n"})})
    facts["iface"] = r.commit("xen: add interface header upstream", {"include/xen/interface.h": IFACE})
    facts["flag"] = r.commit("irq: percpu flag", {"include/linux/irq.h": IRQ_H.format(
        extra="") + "/* xen per-cpu */\n#define IRQ_XEN_PERCPU\tBIT(20)\n"})
    facts["legacy"] = r.commit("old: remove legacy", {"drivers/old/legacy.c": None})
    r.commit("yet more", {"README": "hello3\n"})
    r.git("tag", "v2")
    return facts


def make_queue(ws: Path, capsys: pytest.CaptureFixture[str], base: str = "v0", fork: str = "xen",
               upstream: str = "v2") -> None:
    mbox = ws / "fork.mbox"
    mbox.write_bytes(subprocess.run(["git", "-C", str(ws / "kernel"), "format-patch", "--stdout", f"{base}..{fork}"],
                                    check=True, capture_output=True).stdout)
    assert run(capsys, ws, "init", "q", "--repo", "kernel", "--upstream", upstream).code == 0
    r = run(capsys, ws, "import", "q", "--mbox", str(mbox), "--base", base)
    assert r.code == 0, r.err


@pytest.fixture(scope="module")
def mini_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    ws = tmp_path_factory.mktemp("mini")
    facts = build_mini(ws)
    return ws, facts


@pytest.fixture()
def mini(tmp_path: Path, mini_template: tuple[Path, dict[str, str]],
         capsys: pytest.CaptureFixture[str]) -> tuple[Path, dict[str, str]]:
    ws = tmp_path / "ws"
    shutil.copytree(mini_template[0], ws)
    make_queue(ws, capsys)
    return ws, mini_template[1]


def by_name(result: dict) -> dict[str, dict]:
    return {p["name"].split("-", 1)[1].rsplit(".", 1)[0]: p for p in result["patches"]}


def refs_and_head(repo: Path) -> str:
    g = ["git", "-C", str(repo)]
    out = subprocess.run(g + ["for-each-ref"], capture_output=True, check=True).stdout.decode()
    out += subprocess.run(g + ["rev-parse", "HEAD"], capture_output=True, check=True).stdout.decode()
    if (repo / ".git").exists():  # a repository with a work tree: it and the index stay as they are
        out += subprocess.run(g + ["status", "--porcelain", "--ignored"], capture_output=True,
                              check=True).stdout.decode()
        out += (repo / ".git" / "index").read_bytes().hex() if (repo / ".git" / "index").exists() else ""
    return out


# ------------------------------------------------------------------ end to end on the mini tree


def test_every_signal_with_its_culprit(mini: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    ws, facts = mini
    r = run(capsys, ws, "score", "q", "--onto", "v2", "--json")
    assert r.code == 0, r.err
    res = r.json
    p = by_name(res)
    levels = {k: v["level"] for k, v in p.items()}
    assert levels == {
        "xen-interface-header": "low",  # upstream took it verbatim: drop
        "xen-hook-irq-manage": "conflict",
        "xen-netfront-use-napi": "medium",  # clean merge, will not build
        "irq-xen-flag": "medium",  # clean merge, duplicates upstream's macro
        "legacy-tweak": "conflict",  # file deleted upstream
        "xen-comment-helper-3": "conflict",
        "xen-clean-tweak": "clean",
    }

    def culprit(name: str, role: str) -> str:
        return next(c["commit"] for c in p[name]["culprits"] if c["role"] == role)

    assert culprit("xen-hook-irq-manage", "first-conflict") == facts["helper7"]
    assert culprit("xen-comment-helper-3", "first-conflict") == facts["helper3"]
    assert culprit("legacy-tweak", "first-conflict") == facts["legacy"]
    assert culprit("xen-netfront-use-napi", "removed-api") == facts["rename"]
    assert culprit("irq-xen-flag", "added-upstream") == facts["flag"]
    assert culprit("xen-interface-header", "merged-upstream") == facts["iface"]
    # the renamed symbol and its successor are named
    api = [x for x in p["xen-netfront-use-napi"]["reasons"] if x.startswith("api:")]
    assert api == [f"api: netif_napi_add removed upstream (renamed to netif_napi_add_weight?) by "
                   f"{facts['rename'][:12]}; used in drivers/net/xen-netfront.c"]
    assert any("IRQ_XEN_PERCPU" in x for x in p["irq-xen-flag"]["reasons"])
    assert any(x.startswith("deleted: drivers/old/legacy.c") for x in p["legacy-tweak"]["reasons"])
    assert p["xen-clean-tweak"]["score"] == 0 and p["xen-clean-tweak"]["culprits"] == []
    # each culprit carries subject and author from git
    c = p["xen-hook-irq-manage"]["culprits"][0]
    assert (c["subject"], c["author"]) == ("irq: rewrite helper 7", "Test Author <author@example.org>")
    # line history: helper 7's rewrite touched the hook's lines, helper 3's did not
    assert any("history: 1 upstream commit" in x for x in p["xen-hook-irq-manage"]["reasons"])
    # queue level
    assert res["total"] == sum(x["score"] for x in res["patches"])
    assert res["levels"] == {"clean": 1, "low": 1, "medium": 2, "high": 0, "conflict": 3}
    scores = [p2["score"] for p2 in sorted(res["patches"], key=lambda x: res["ranking"].index(x["name"]))]
    assert scores == sorted(scores, reverse=True)
    assert res["upstream_commits"] == 9


def test_conflicts_agree_with_rebase(mini: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    ws, _ = mini
    for onto in ("v1", "v2"):
        s = run(capsys, ws, "score", "q", "--onto", onto, "--json").json
        scored = {p["name"]: p["level"] for p in s["patches"]}
        rb = run(capsys, ws, "rebase", "q", "--onto", onto, "--keep-going", "--json")
        assert rb.code in (0, 1), rb.err
        for rec in rb.json["patches"]:
            if rec["outcome"] == "conflict":
                assert scored[rec["name"]] == "conflict", (onto, rec)
            if rec["outcome"] == "dropped-upstream":
                assert scored[rec["name"]] != "clean", (onto, rec)
        assert sum(1 for v in scored.values() if v == "conflict") == \
            sum(1 for rec in rb.json["patches"] if rec["outcome"] == "conflict")


def test_culprits_are_where_the_conflict_starts(mini: tuple[Path, dict[str, str]],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Independently of the bisection: the patch merges before its culprit and not at it."""
    ws, _ = mini
    res = run(capsys, ws, "score", "q", "--onto", "v2", "--json").json
    git = Git(ws / "kernel")
    base = res["base"]
    stack = _stack(git, base, ws)
    with ObjectReader(git) as reader:
        def fresh(j: int, upstream: str) -> dict[str, int]:
            prev = conflict_regions(reader, merge_trees(git, base, upstream, stack[j - 1])) if j else {}
            return new_conflicts(prev, conflict_regions(reader, merge_trees(git, base, upstream, stack[j])))

        checked = 0
        for j, p in enumerate(res["patches"]):
            if p["level"] != "conflict":
                continue
            first = next(c["commit"] for c in p["culprits"] if c["role"] == "first-conflict")
            assert fresh(j, first), p["name"]
            assert not fresh(j, first + "^"), p["name"]
            checked += 1
        assert checked == 3


def _stack(git: Git, base: str, ws: Path) -> list[str]:
    from xenpatch.core.queue import Workspace
    from xenpatch.engine import build_stack

    q = Workspace(ws).load("q")
    return list(build_stack(git, base, q.ordered(), {n: q.strip(n) for n, _ in q.ordered()}).commits)


def test_score_changes_nothing_and_is_deterministic(mini: tuple[Path, dict[str, str]],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    ws, _ = mini
    before_q = snapshot(ws / "queues")
    before_r = refs_and_head(ws / "kernel")
    first = run(capsys, ws, "score", "q", "--onto", "v2", "--json")
    second = run(capsys, ws, "score", "q", "--onto", "v2", "--json")
    assert first.out == second.out
    assert snapshot(ws / "queues") == before_q
    assert refs_and_head(ws / "kernel") == before_r
    assert not list((ws / "kernel" / ".git").glob("xenpatch-index-*"))
    # the table names every patch, its level and its culprit
    text = run(capsys, ws, "score", "q", "--onto", "v2")
    assert text.code == 0
    assert "irq: rewrite helper 7" in text.out and "conflict" in text.out
    assert f"total {first.json['total']}" in text.out


def test_fail_over_for_bots(mini: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    ws, _ = mini
    total = run(capsys, ws, "score", "q", "--json").json["total"]
    assert total > 0
    assert run(capsys, ws, "score", "q", "--fail-over", str(total)).code == 0
    over = run(capsys, ws, "score", "q", "--fail-over", str(total - 1), "--json")
    assert over.code == 1 and over.json["total"] == total
    # nothing to forward-port: onto == base scores zero
    zero = run(capsys, ws, "score", "q", "--onto", "v0", "--fail-over", "0", "--json")
    assert zero.code == 0, zero.err
    assert zero.json["total"] == 0 and zero.json["levels"]["clean"] == 7


def test_bad_input(mini: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    ws, _ = mini
    r = run(capsys, ws, "score", "q", "--onto", "no-such-ref")
    assert r.code == 2 and "no-such-ref" in r.err and "Traceback" not in r.err
    r = run(capsys, ws, "score", "nope")
    assert r.code == 2 and "no queue named 'nope'" in r.err
    r = run(capsys, ws, "score", "q", "--fail-over", "-3")
    assert r.code == 2
    assert run(capsys, ws, "init", "empty", "--repo", "kernel", "--upstream", "v2").code == 0
    r = run(capsys, ws, "score", "empty")
    assert r.code == 2 and "import" in r.err


# ------------------------------------------------------------------ bisection cost and merges upstream


def test_bisection_is_logarithmic_and_refines_merges(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every upstream commit touches the patch's file (far from its lines), so no commit
    can be ruled out by its paths: the bisection has to probe, about log2 of the range."""

    def a(tail: int, change: dict[int, str] | None = None) -> str:
        return body("a", 30, change) + f"/* rev {tail} */\n"

    r = Repo(tmp_path / "kernel")
    r.commit("v0", {"a.c": a(0)})
    r.git("tag", "v0")
    r.git("checkout", "-q", "-b", "xen")
    r.commit("a: tweak 12", {"a.c": a(0, {12: "\treturn x - 12;\n"})})
    r.git("checkout", "-q", "master")
    rework = {12: "\treturn 12 * x;\n"}
    for i in range(1, 41):
        r.commit(f"a: rev {i}", {"a.c": a(i)})
    culprit = r.commit("a: rework 12", {"a.c": a(40, rework)})
    for i in range(41, 100):
        r.commit(f"a: rev {i}", {"a.c": a(i, rework)})
    r.git("tag", "v1")
    n = int(r.git("rev-list", "--count", "--first-parent", "v0..v1").strip())
    # a side branch merged with --no-ff: the culprit is inside it, not the merge
    r.git("checkout", "-q", "-b", "side", "v1")
    r.commit("side 1", {"b.c": "int b1;\n"})
    both = {12: "\treturn 12 * x;\n", 13: "\treturn x;\n"}
    side_culprit = r.commit("side 2", {"a.c": a(99, both)})
    r.commit("side 3", {"b.c": "int b3;\n"})
    r.git("checkout", "-q", "master")
    for i in range(100, 104):
        r.commit(f"readme {i}", {"README": f"{i}\n"})
    r.git("merge", "-q", "--no-ff", "-m", "Merge branch side", "side")
    r.git("tag", "v2")
    ws = tmp_path
    make_queue(ws, capsys, upstream="v1")
    res = run(capsys, ws, "score", "q", "--onto", "v1", "--json").json
    [p] = res["patches"]
    assert p["level"] == "conflict"
    assert p["culprits"][0] == {"commit": culprit, "subject": "a: rework 12", "role": "first-conflict",
                                "author": "Test Author <author@example.org>"}
    assert res["upstream_commits"] == n == 100
    assert 3 <= res["bisection_merges"] <= math.ceil(math.log2(n)) + 1
    assert p["probes"] == res["bisection_merges"]  # counted per conflicting patch

    # a queue that only conflicts with the side branch's change to function 13
    r.git("checkout", "-q", "-b", "xen2", "v1")
    r.commit("a: tweak 13", {"a.c": a(99, {12: "\treturn 12 * x;\n", 13: "\treturn x - 13;\n"})})
    ws2 = tmp_path / "ws2"
    ws2.mkdir()
    (ws2 / "kernel").symlink_to(tmp_path / "kernel")
    make_queue(ws2, capsys, base="v1", fork="xen2", upstream="v2")
    res2 = run(capsys, ws2, "score", "q", "--onto", "v2", "--json").json
    [p2] = res2["patches"]
    assert p2["level"] == "conflict"
    assert p2["culprits"][0]["commit"] == side_culprit


# ------------------------------------------------------------------ pure parts


def test_assess_bands_and_reasons() -> None:
    assert scoring.assess(scoring.Signals()) == scoring.Assessment(0, "clean", ())
    api = scoring.Signals(api=(scoring.ApiBreak("foo", "x.c", "abc", "foo2"),))
    a = scoring.assess(api)
    assert a.level == "medium" and a.reasons == ("api: foo removed upstream (renamed to foo2?) by abc; used in x.c",)
    c = scoring.assess(scoring.Signals(conflicts=(scoring.Conflict("x.c", 2, 10),)))
    assert c.level == "conflict" and 80 <= c.score <= 100
    hist = scoring.assess(scoring.Signals(history=(("x.c", 1),), history_commits=1))
    assert hist.level == "low"
    assert scoring.conflict_size(b"a\n<<<<<<< ours\nx\n=======\ny\nz\n>>>>>>> theirs\nb\n") == (1, 3)


signals = st.builds(
    scoring.Signals,
    conflicts=st.lists(st.builds(scoring.Conflict, st.sampled_from(["a.c", "b.h"]), st.integers(1, 9),
                                 st.integers(1, 400)), max_size=2).map(tuple),
    api=st.lists(st.builds(scoring.ApiBreak, st.sampled_from(["f", "g"]), st.just("a.c")), max_size=3).map(tuple),
    duplicates=st.lists(
        st.tuples(st.integers(1, 5), st.integers(0, 5), st.sampled_from([(), ("M",)]))
        .filter(lambda t: t[1] <= t[0] and (t[1] > 0 or t[2] != ()))
        .map(lambda t: scoring.Duplicate("a.h", t[1], t[0], t[2])), max_size=2).map(tuple),
    renamed=st.lists(st.tuples(st.just("a"), st.just("b")), max_size=3).map(tuple),
    deleted=st.lists(st.just("d.c"), max_size=2).map(tuple),
    history_commits=st.integers(0, 50),
    upstream=st.sampled_from([None, "dropped"]),
)


@settings(max_examples=200, deadline=None)
@given(signals, signals)
def test_assess_invariants(s: scoring.Signals, extra: scoring.Signals) -> None:
    a = scoring.assess(s)
    assert 0 <= a.score <= 100
    assert (a.level == "conflict") == bool(s.conflicts)
    assert a.level == scoring.level_of(a.score, bool(s.conflicts))
    if s.api and not s.conflicts:
        assert a.level in ("medium", "high")
    if a.score == 0:
        assert a.level == "clean" and not a.reasons
    # more evidence never lowers the score
    more = dataclasses.replace(s, api=s.api + extra.api, renamed=s.renamed + extra.renamed,
                               history_commits=s.history_commits + extra.history_commits)
    assert scoring.assess(more).score >= a.score


def test_duplication_lines_and_definitions() -> None:
    before = b"#define A 1\n"
    after = b"#define A 1\n/* upstream */\n#define XEN_FLAG BIT(3)\nint xen_helper_thing(void);\n"
    d = scoring.duplication("include/x.h", [b"#define XEN_FLAG (1 << 3)\n", b"int xen_helper_thing(void);\n"],
                            before, after)
    assert d == scoring.Duplicate("include/x.h", 1, 2, ("XEN_FLAG", "xen_helper_thing"))
    assert scoring.duplication("include/x.h", [b"int other(void);\n"], before, after) is None
    assert scoring.duplication("include/x.h", [b"int other(void);\n"], before, None) is None


@st.composite
def edit_scripts(draw: st.DrawFn) -> tuple[int, int, int, list[tuple[int, int, int]]]:
    n = draw(st.integers(3, 30))
    a = draw(st.integers(1, n))
    b = draw(st.integers(a + 1, n + 1))
    ops = []
    length = n
    for _ in range(draw(st.integers(1, 8))):
        c = draw(st.integers(1, length + 1))
        d = draw(st.integers(c, min(length + 1, c + 4)))
        k = draw(st.integers(0 if d > c else 1, 4))
        ops.append((c, d, k))
        length += k - (d - c)
    return n, a, b, ops


@settings(max_examples=300, deadline=None)
@given(edit_scripts())
def test_track_matches_line_identity(script: tuple[int, int, int, list[tuple[int, int, int]]]) -> None:
    """Carrying a range through hunks finds exactly the commits that replaced its lines
    or inserted inside it, judged by following every line's identity."""
    n, a, b, ops = script
    lines = list(range(n))  # line identities, position i+1 holds lines[i]
    inside = set(lines[a - 1:b - 1])
    fresh = n
    expected: list[str] = []
    commits = []
    for k, (c, d, add) in enumerate(ops):
        oid = f"{k:040d}"
        gone = lines[c - 1:d - 1]
        new = list(range(fresh, fresh + add))
        fresh += add
        between = d == c and 1 < c <= len(lines) and lines[c - 2] in inside and lines[c - 1] in inside
        hit = any(x in inside for x in gone) or between
        if hit:
            expected.append(oid)
            inside |= set(new)
        inside -= set(gone)
        lines[c - 1:d - 1] = new
        hunk = Edit(c, d, c, c + add)
        commits.append(history.UpstreamCommit(history.ObjectId(oid), (), (history.FileDiff("f", "f", (hunk,)),)))
        if not inside:
            break  # an emptied range has no identity left to follow
    span = history.Span(0, "f", a, b)
    history.track(commits, [span])
    assert span.hits == expected
    if inside:
        pos = sorted(lines.index(x) + 1 for x in inside)
        assert (span.start, span.end) == (pos[0], pos[-1] + 1)


# ------------------------------------------------------------------ the generated example, against reality


@pytest.fixture(scope="module")
def example_queue(tmp_path_factory: pytest.TempPathFactory, example_template: Path) -> Path:
    """The example fork imported at v6.0 and split into a series (built once, copied per test)."""
    from xenpatch.core.queue import Workspace
    from xenpatch.pipeline.importer import import_queue
    from xenpatch.pipeline.init import init_queue
    from xenpatch.pipeline.split import split

    ws = tmp_path_factory.mktemp("exq")
    shutil.copytree(example_template, ws / "kernel")
    w = Workspace(ws)
    init_queue(w, "q", "kernel", "v6.3", "xen")
    import_queue(w, "q", fork="xen", base="v6.0", squash=True)
    split(w, "q")
    return ws


@pytest.fixture()
def ex(tmp_path: Path, example_queue: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(example_queue, ws, symlinks=True)
    return ws


def _files(ws: Path) -> dict[str, set[str]]:
    from xenpatch.core.queue import Workspace

    q = Workspace(ws).load("q")
    return {n: {p for f in p_.files for p in (f.old_path, f.new_path) if p} for n, p_ in q.ordered()}


def _patch_with(ws: Path, result: dict, path: str) -> dict:
    files = _files(ws)
    [p] = [p for p in result["patches"] if path in files[p["name"]]]
    return p


def test_example_prediction_matches_rebase_and_git(ex: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from example import generator as G

    git = Git(ex / "kernel")
    before_q, before_r = snapshot(ex / "queues"), refs_and_head(ex / "kernel")
    scores = {}
    for onto in ("v6.1", "v6.2", "v6.3"):
        r = run(capsys, ex, "score", "q", "--onto", onto, "--json")
        assert r.code == 0, r.err
        scores[onto] = r.json
    assert snapshot(ex / "queues") == before_q and refs_and_head(ex / "kernel") == before_r

    def subjects(p: dict, role: str) -> list[str]:
        return [c["subject"] for c in p["culprits"] if c["role"] == role]

    # v6.1: the file rename merges cleanly but is named, with the commit that moved it
    blk = _patch_with(ex, scores["v6.1"], G.RENAMED_FROM)
    assert blk["level"] == "low", blk["reasons"]
    assert f"renamed: {G.RENAMED_FROM} -> {G.RENAMED_TO} upstream" in blk["reasons"]
    assert G.CULPRITS["rename"] in subjects(blk, "changed-lines")
    # v6.2: the API rename merges cleanly and is at least medium, naming both symbols and the culprit
    net = _patch_with(ex, scores["v6.2"], G.BROKEN_CALLER)
    assert net["level"] in ("medium", "high") and net["outcome"] in ("clean", "merged")
    assert any(G.BROKEN_API in x and f"{G.BROKEN_API}_weight" in x for x in net["reasons"])
    assert subjects(net, "removed-api") == [G.CULPRITS["build"]]
    # v6.2: the irq rework is a conflict, and the bisection names the rework
    irq = _patch_with(ex, scores["v6.2"], G.CONFLICT_PATH)
    assert irq["level"] == "conflict"
    assert subjects(irq, "first-conflict") == [G.CULPRITS["conflict"]]
    # v6.3: the header taken verbatim and the flag taken in another form
    iface = _patch_with(ex, scores["v6.3"], "include/xen/interface.h")
    assert iface["level"] != "clean" and G.CULPRITS["merged"] in subjects(iface, "merged-upstream")
    flag = _patch_with(ex, scores["v6.3"], "include/linux/irq.h")
    assert flag["level"] in ("medium", "high")
    assert any("IRQ_XEN_EVTCHN" in x for x in flag["reasons"])
    assert G.CULPRITS["backported"] in subjects(flag, "added-upstream")

    # reality 1: what rebase then reports (each onto on its own copy of the workspace)
    for onto, res in scores.items():
        ws = ex.parent / f"rb-{onto}"
        shutil.copytree(ex, ws, symlinks=True)
        shutil.rmtree(ws / "kernel")
        shutil.copytree(ex / "kernel", ws / "kernel")
        rb = run(capsys, ws, "rebase", "q", "--onto", onto, "--keep-going", "--json")
        assert rb.code in (0, 1), rb.err
        levels = {p["name"]: p["level"] for p in res["patches"]}
        conflicts = [rec["name"] for rec in rb.json["patches"] if rec["outcome"] == "conflict"]
        assert all(levels[n] == "conflict" for n in conflicts), (onto, conflicts, levels)
        assert sorted(conflicts) == sorted(n for n, lvl in levels.items() if lvl == "conflict")
    # reality 2: every first-conflict culprit is where the conflict starts (full-tree merges)
    stack = _stack(git, scores["v6.3"]["base"], ex)
    with ObjectReader(git) as reader:
        for res in scores.values():
            for j, p in enumerate(res["patches"]):
                for c in p["culprits"]:
                    if c["role"] != "first-conflict":
                        continue
                    at = conflict_regions(reader, merge_trees(git, res["base"], c["commit"], stack[j]))
                    before = conflict_regions(reader, merge_trees(git, res["base"], c["commit"] + "^", stack[j]))
                    prev = conflict_regions(reader, merge_trees(git, res["base"], c["commit"], stack[j - 1])) if j else {}
                    assert new_conflicts(prev, at), p["name"]
                    assert not new_conflicts({}, before), p["name"]
    # reality 3: the clean merge scored for an API break does not build; one rev earlier it does
    assert _buildcheck(ex, "v6.2", G.BROKEN_CALLER) and not _buildcheck(ex, "v6.1", G.BROKEN_CALLER)


def _buildcheck(ws: Path, onto: str, path: str) -> list[str]:
    """Errors the example's fake make reports in ``path`` on the forward-ported tree."""
    import sys
    import tarfile
    import io

    git = Git(ws / "kernel")
    head = _port(ws, onto).head
    tree = ws / f"tree-{onto}"
    tree.mkdir()
    data = subprocess.run(["git", "-C", str(ws / "kernel"), "archive", head], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tf:
        tf.extractall(tree)
    script = Path(__file__).resolve().parents[1] / "example" / "buildcheck.py"
    out = subprocess.run([sys.executable, str(script), str(tree)], capture_output=True, text=True, cwd=tree)
    return [line for line in out.stdout.splitlines() if line.startswith(path)]


def _port(ws: Path, onto: str) -> "ForwardPort":
    from xenpatch.core.queue import Workspace
    from xenpatch.engine import port_queue
    from xenpatch.gitio.repo import resolve

    q = Workspace(ws).load("q")
    git = Git(ws / "kernel")
    assert q.state.base
    return port_queue(q, git, ObjectId(q.state.base), resolve(git, onto), onto, {})


def test_scores_a_forward_port_it_is_given(mini: tuple[Path, dict[str, str]]) -> None:
    from xenpatch.core.queue import Workspace
    from xenpatch.pipeline.score import score, score_port

    ws, _ = mini
    q = Workspace(ws).load("q")
    assert score_port(q, Git(ws / "kernel"), _port(ws, "v2")) == score(Workspace(ws), "q", "v2")
    assert score_port(q, Git(ws / "kernel"), _port(ws, "v1")) != score(Workspace(ws), "q", "v2")
