"""The git layer against real git: in-memory apply and cherry-pick match git's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from xenpatch.errors import UnknownRef, XenpatchError
from xenpatch.gitio import diffs as gd, repo as gr
from xenpatch.gitio.objects import ObjectReader
from xenpatch.gitio.run import Git
from xenpatch.gitio.apply import apply_to_tree
from xenpatch.gitio.index import ApplyFailed
from xenpatch.gitio.merge import cherry_pick, merge_trees
from xenpatch.gitio.refs import RefTransaction, list_refs

from tests.gitrepo import Repo

LINES = "".join(f"line {i}\n" for i in range(1, 41))


@pytest.fixture()
def repo(tmp_path: Path) -> Repo:
    r = Repo(tmp_path / "r")
    r.commit("base", {"a.c": LINES, "b.c": "b\n", "bin.dat": bytes(range(256))})
    return r


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(XenpatchError, match="not a git repository"):
        Git(tmp_path)


def test_resolve_unknown_ref(repo: Repo) -> None:
    git = Git(repo.path)
    assert gr.resolve(git, "master") == repo.rev("master")
    with pytest.raises(UnknownRef, match="nope"):
        gr.resolve(git, "nope")


def test_apply_to_tree_matches_git(repo: Repo) -> None:
    base = repo.rev("HEAD")
    repo.commit("change", {"a.c": LINES.replace("line 20\n", "line 20 changed\n"), "new.c": "n\n", "b.c": None})
    git = Git(repo.path)
    diff = gd.diff_trees(git, base, "HEAD")
    assert apply_to_tree(git, gr.tree_of(git, base), diff) == repo.rev("HEAD^{tree}")
    with pytest.raises(ApplyFailed):
        apply_to_tree(git, gr.tree_of(git, "HEAD"), diff)
    # the user's index and work tree are untouched
    assert repo.git("status", "--porcelain") == ""


def test_cherry_pick_in_memory_equals_git_cherry_pick(repo: Repo) -> None:
    base = repo.rev("HEAD")
    repo.git("checkout", "-q", "-b", "topic")
    pick = repo.commit("topic change", {"a.c": LINES.replace("line 30\n", "line 30 topic\n")})
    repo.git("checkout", "-q", "master")
    repo.commit("upstream drift", {"a.c": "header\n" + LINES.replace("line 5\n", "line 5 up\n")})
    git = Git(repo.path)
    result = cherry_pick(git, pick, "master")
    assert result.clean
    repo.git("cherry-pick", pick)
    assert result.tree == repo.rev("HEAD^{tree}")
    assert base  # base stays in history


def test_cherry_pick_conflict_reports_paths(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "topic")
    pick = repo.commit("topic", {"a.c": LINES.replace("line 10\n", "line 10 topic\n")})
    repo.git("checkout", "-q", "master")
    repo.commit("upstream", {"a.c": LINES.replace("line 10\n", "line 10 upstream\n")})
    git = Git(repo.path)
    result = cherry_pick(git, pick, "master")
    assert result.conflicts == ("a.c",)
    with ObjectReader(git) as reader:
        merged = reader.blob(f"{result.tree}:a.c")
    assert b"<<<<<<<" in merged and b"line 10 topic" in merged and b"line 10 upstream" in merged


def test_cherry_pick_follows_rename(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "topic")
    pick = repo.commit("topic", {"a.c": LINES.replace("line 30\n", "line 30 topic\n")})
    repo.git("checkout", "-q", "master")
    repo.git("mv", "a.c", "moved.c")
    repo.commit("rename")
    git = Git(repo.path)
    result = cherry_pick(git, pick, "master")
    assert result.clean
    with ObjectReader(git) as reader:
        assert b"line 30 topic" in reader.blob(f"{result.tree}:moved.c")
        assert reader.blob_or_none(f"{result.tree}:a.c") is None


def test_merge_trees_explicit_base(repo: Repo) -> None:
    git = Git(repo.path)
    base = repo.rev("HEAD")
    ours = repo.commit("ours", {"b.c": "b\nours\n"})
    repo.git("checkout", "-q", "-b", "other", base)
    theirs = repo.commit("theirs", {"a.c": LINES + "end\n"})
    result = merge_trees(git, base, ours, theirs)
    assert result.clean
    with ObjectReader(git) as reader:
        assert reader.blob(f"{result.tree}:b.c") == b"b\nours\n"
        assert reader.blob(f"{result.tree}:a.c").endswith(b"end\n")


def test_ref_transaction_and_patch_id(repo: Repo) -> None:
    git = Git(repo.path)
    head = repo.rev("HEAD")
    txn = RefTransaction(git)
    txn.update("refs/xenpatch/q/rev-1", head)
    txn.update("refs/xenpatch/q/rev-2", head)
    txn.commit()
    assert list_refs(git, "refs/xenpatch/q/") == {"refs/xenpatch/q/rev-1": head, "refs/xenpatch/q/rev-2": head}
    one = repo.commit("x", {"b.c": "b\nx\n"})
    diff = gd.diff_trees(git, f"{one}^", one)
    pid_show = git.run(["patch-id", "--stable"], stdin=git.run(["show", one])).split()[0].decode()
    assert gd.patch_id(git, diff) == pid_show


def test_object_reader_batches(repo: Repo) -> None:
    git = Git(repo.path)
    with ObjectReader(git) as reader:
        assert reader.blob("HEAD:b.c") == b"b\n"
        assert reader.blob("HEAD:bin.dat") == bytes(range(256))
        assert reader.blob_or_none("HEAD:missing") is None


def test_opening_repositories_of_every_layout(tmp_path: Path, repo: Repo) -> None:
    """A work tree, a bare repository, a linked work tree, a .git directory, and not a repository."""
    import subprocess

    from xenpatch.errors import XenpatchError

    git = Git(repo.path)
    assert git.path == repo.path.resolve() and git.git_dir == (repo.path / ".git").resolve()
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo.path), str(bare)], check=True)
    assert Git(bare).git_dir == bare.resolve() and Git(bare).path == bare.resolve()
    linked = tmp_path / "linked"
    repo.git("worktree", "add", "-q", "--detach", str(linked))
    opened = Git(linked)
    assert opened.path == linked.resolve()
    assert opened.run(["rev-parse", "HEAD"]).strip() == repo.rev("HEAD").encode()
    assert Git(repo.path / ".git").run(["rev-parse", "HEAD"]).strip() == repo.rev("HEAD").encode()
    (tmp_path / "plain").mkdir()
    with pytest.raises(XenpatchError, match="is not a git repository"):
        Git(tmp_path / "plain")


def test_diff_pairs_in_two_processes_equal_one_diff_each(repo: Repo) -> None:
    # enough pairs that diff_pairs splits them between two diff-tree processes, with a
    # commit that changes nothing and a binary change among them
    commits = [repo.rev("HEAD")]
    for i in range(gd._TOGETHER_FROM + 3):
        if i == 7:
            repo.git("commit", "-q", "--allow-empty", "-m", "nothing")
        elif i == 30:
            repo.commit("binary", {"bin.dat": bytes(range(255, -1, -1))})
        else:
            repo.commit(f"c{i}", {"a.c": LINES.replace(f"line {i % 40 + 1}\n", f"line {i} changed\n")})
        commits.append(repo.rev("HEAD"))
    git = Git(repo.path)
    pairs = list(zip(commits, commits[1:]))
    together = gd.diff_pairs(git, pairs)
    assert len(together) == len(pairs) >= gd._TOGETHER_FROM
    assert together == [gd.diff_trees(git, old, new) for old, new in pairs]
    assert together[7] == b"" and b"GIT binary patch" in together[30]
    stats = gd.diff_pairs(git, pairs, stat=True)
    assert stats == [gd.diffstat(git, old, new) for old, new in pairs]
