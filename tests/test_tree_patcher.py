"""Sparse tree edits and patch application give exactly git's own trees."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.gitrepo import Repo
from xenpatch.core.diff import parse_files
from xenpatch.gitio.run import Git
from xenpatch.gitio.apply import TreePatcher
from xenpatch.gitio.index import ApplyFailed
from xenpatch.gitio.index import PrivateIndex

names = st.sampled_from(["a", "b", "a.c", "a-b", "a[1].c", "z", "dir", "x y"])
paths = st.lists(names, min_size=1, max_size=3).map("/".join)


def _git_tree(repo: Path, files: dict[str, bytes]) -> str:
    """The tree git itself builds from these files (through a real index)."""
    env = dict(os.environ, GIT_INDEX_FILE=str(repo / "scratch-index"))
    for f in (repo / "scratch-index",):
        if f.exists():
            f.unlink()
    info = b""
    for path, data in sorted(files.items()):
        oid = subprocess.run(["git", "-C", str(repo), "hash-object", "-w", "--stdin"], input=data,
                             capture_output=True, check=True).stdout.decode().strip()
        info += f"100644 {oid}\t{path}\0".encode()
    subprocess.run(["git", "-C", str(repo), "update-index", "-z", "--add", "--index-info"], input=info, env=env,
                   check=True)
    return subprocess.run(["git", "-C", str(repo), "write-tree"], env=env, capture_output=True,
                          check=True).stdout.decode().strip()


def _consistent(files: dict[str, bytes]) -> dict[str, bytes]:
    """Drop paths that would need a name to be both a file and a directory."""
    out: dict[str, bytes] = {}
    for p in sorted(files):
        if any(p.startswith(q + "/") or q.startswith(p + "/") for q in out):
            continue
        out[p] = files[p]
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(paths, st.binary(max_size=20), min_size=1, max_size=8),
       st.dictionaries(paths, st.one_of(st.none(), st.binary(max_size=20)), max_size=6))
def test_edit_matches_git(tmp_path_factory: pytest.TempPathFactory, before: dict[str, bytes],
                          changes: dict[str, bytes | None]) -> None:
    repo = Repo(tmp_path_factory.mktemp("sparse") / "r").path
    before = _consistent(before)
    after = dict(before)
    for p, v in changes.items():
        if v is None:
            after.pop(p, None)
        else:
            after[p] = v
    after = _consistent(after)
    edits = {p: v for p, v in after.items() if before.get(p) != v}
    edits_removed = [p for p in before if p not in after]
    git = Git(repo)
    base = _git_tree(repo, before)
    with TreePatcher(git) as sparse:
        entries: dict[str, tuple[str, str] | None] = {p: None for p in edits_removed}
        for p, data in edits.items():
            oid = git.run(["hash-object", "-w", "--stdin"], stdin=data).decode().strip()
            entries[p] = ("100644", oid)
        assert sparse.edit(base, entries) == _git_tree(repo, after)


def test_apply_matches_full_index_on_example(example_template: Path) -> None:
    git = Git(example_template)
    commits = git.run(["rev-list", "--reverse", "v6.0..xen"]).decode().split()
    tree = git.run(["rev-parse", "v6.0^{tree}"]).decode().strip()
    with TreePatcher(git) as sparse, PrivateIndex.of_tree(git, tree) as index:
        for c in commits:
            diff = git.run(["diff-tree", "-p", "--binary", "-M", f"{c}^", c])
            files = parse_files(diff)
            touched = sorted({p for f in files for p in (f.old_path, f.new_path) if p})
            tree = sparse.apply(tree, diff, touched)
            index.apply(diff)
            assert tree == index.write_tree() == git.run(["rev-parse", f"{c}^{{tree}}"]).decode().strip()
        # a patch that does not apply fails the same way, and its reverse is detected
        diff = git.run(["diff-tree", "-p", "--binary", f"{commits[0]}^", commits[0]])
        touched = sorted({p for f in parse_files(diff) for p in (f.old_path, f.new_path) if p})
        with pytest.raises(ApplyFailed):
            sparse.apply(tree, diff, touched)
        assert not sparse.check(tree, diff, touched)
