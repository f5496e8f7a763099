"""Diffs git renders: between trees, for many commit pairs at once, stats, patch-ids, range-diffs.

The bytes a queue keeps (a refreshed patch, a diffstat under ``---``) are git's own
rendering, so they are asked of git; what is asked many times per run goes
through one ``diff-tree --stdin`` for all of it.
"""

from __future__ import annotations

from typing import Sequence

from xenpatch.errors import GitError
from xenpatch.gitio.run import Git


def diff_trees(git: Git, old: str, new: str, paths: list[str] | None = None, renames: bool = True,
               no_prefix: bool = False) -> bytes:
    """A format-patch style diff (binary included, full context of 3) from tree to tree.

    ``no_prefix`` drops the a/ b/ prefixes, for patches a series applies with -p0.
    """
    args = ["diff-tree", "-p", "--binary", "--no-color", "--no-ext-diff", "-r"]
    args += ["-M"] if renames else ["--no-renames"]
    args += ["--no-prefix"] if no_prefix else []
    args += [old, new, "--"] + (paths or [])
    return git.run(args)

_TOGETHER_FROM = 48  # pairs from which diff_pairs runs two diff-tree processes


def diff_pairs(git: Git, pairs: list[tuple[str, str]], no_prefix: bool = False, stat: bool = False) -> list[bytes]:
    """``diff_trees(old, new)`` (or, with ``stat``, ``diffstat(old, new)``) for many (old, new)
    commit pairs, from one ``diff-tree --stdin``."""
    if not pairs:
        return []
    args = ["diff-tree", "--stdin", "--always", "-r", "-M", "--no-color"]
    if stat:
        args += ["--stat=72", "--summary"]
    else:
        args += ["-p", "--binary", "--no-ext-diff"] + (["--no-prefix"] if no_prefix else [])
    # each line is "<commit> <parent>": the diff shown is parent -> commit, after the commit's id;
    # a long list is diffed in two halves by two processes at once (git diffs on one core)
    halves = [pairs] if len(pairs) < _TOGETHER_FROM else [pairs[: len(pairs) // 2], pairs[len(pairs) // 2:]]
    outs = git.run_together([(args, "".join(f"{new} {old}\n" for old, new in half).encode()) for half in halves])
    return [part for half, out in zip(halves, outs) for part in split_by_commit(out, [new for _, new in half], args)]

def diffstat(git: Git, old: str, new: str) -> bytes:
    """The diffstat git format-patch writes below '---' (stat width 72, with summary)."""
    return git.run(["diff-tree", "-r", "-M", "--stat=72", "--summary", "--no-color", old, new, "--"])

def numstat(git: Git, old: str, new: str) -> list[tuple[int, int, str]]:
    """(insertions, deletions, path) per changed file; binary files count 0/0."""
    out = git.run(["diff-tree", "-r", "-M", "--numstat", "-z", old, new, "--"])
    rows: list[tuple[int, int, str]] = []
    parts = out.split(b"\0")
    i = 0
    while i < len(parts):
        field = parts[i]
        if not field:
            i += 1
            continue
        ins, dels, path = field.split(b"\t", 2)
        if path == b"":  # rename: the next two fields are old and new path
            path = parts[i + 2]
            i += 3
        else:
            i += 1
        rows.append((int(ins) if ins != b"-" else 0, int(dels) if dels != b"-" else 0, path.decode("utf-8", "surrogateescape")))
    return rows

def commit_diff(git: Git, commit: str) -> bytes:
    """The diff a commit makes against its first parent (renames detected)."""
    return git.run(["diff-tree", "-p", "-M", "--no-color", f"{commit}^", commit, "--"])

def stack_diffs(git: Git, commits: Sequence[str], abbrev: int = 12) -> list[bytes]:
    """``diff-tree -p --binary -M`` of each commit against its parent, from one process."""
    if not commits:
        return []
    args = ["diff-tree", "--stdin", "-p", "--binary", "-M", "-r", "--no-color", "--no-ext-diff",
            f"--abbrev={abbrev}", "--always"]
    return split_by_commit(git.run(args, stdin=("\n".join(commits) + "\n").encode()), commits, args)

def changed_names(git: Git, old: str, new: str, diff_filter: str) -> list[str]:
    """Paths (new names) of the changes of the given ``--diff-filter`` classes, with renames."""
    out = git.run(["diff-tree", "-r", "-z", "-M", "--name-only", f"--diff-filter={diff_filter}", old, new, "--"])
    return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]

def patch_ids(git: Git, diff_text: bytes) -> list[tuple[str, str]]:
    """``git patch-id --stable`` over a stream of diffs: [(patch_id, commit_id)]."""
    if not diff_text.strip():
        return []
    out = git.run(["patch-id", "--stable"], stdin=diff_text)
    rows = []
    for line in out.decode().splitlines():
        pid, _, cid = line.partition(" ")
        rows.append((pid, cid))
    return rows

def patch_id(git: Git, diff_text: bytes) -> str | None:
    """patch-id of one diff (no commit header needed)."""
    rows = patch_ids(git, diff_text)
    return rows[0][0] if rows else None

def range_diff(git: Git, old_base: str, old_top: str, new_base: str, new_top: str) -> bytes:
    """``git range-diff --no-color`` between two stacks (what format-patch --range-diff shows)."""
    return git.run(["range-diff", "--no-color", f"{old_base}..{old_top}", f"{new_base}..{new_top}"])


def commit_diffs(git: Git, commits: Sequence[str], with_stat: bool = True) -> list[tuple[bytes, bytes]]:
    """``(diffstat, diff)`` of each commit against its parent, as ``git format-patch`` writes them
    (the diffstat empty without ``with_stat``); two processes for all of them."""
    if not commits:
        return []
    stdin = ("\n".join(commits) + "\n").encode()
    diff_args = ["diff-tree", "--stdin", "--always", "-r", "-M", "-p", "--binary", "--no-color", "--no-ext-diff"]
    stat_args = ["diff-tree", "--stdin", "--always", "-r", "-M", "--stat=72", "--summary", "--no-color"]
    diffs = split_by_commit(git.run(diff_args, stdin=stdin), commits, diff_args)
    if not with_stat:
        return [(b"", d) for d in diffs]
    stats = split_by_commit(git.run(stat_args, stdin=stdin), commits, stat_args)
    return list(zip(stats, diffs))


def split_by_commit(out: bytes, commits: Sequence[str], args: list[str]) -> list[bytes]:
    """Cut ``diff-tree --stdin --always`` output into one chunk per commit (each led by its id line;
    an empty chunk for a commit that changes nothing)."""
    parts: list[bytes] = []
    pos = 0
    for k, c in enumerate(commits):
        marker = c.encode() + b"\n"
        if not out.startswith(marker, pos):
            raise GitError(args, 0, f"unexpected diff-tree output at commit {c}".encode())
        start = pos + len(marker)
        end = len(out)
        if k + 1 < len(commits):
            found = out.find(b"\n" + commits[k + 1].encode() + b"\n", start - 1)
            if found < 0:
                raise GitError(args, 0, f"diff-tree output lacks commit {commits[k + 1]}".encode())
            end = found + 1
        parts.append(out[start:end])
        pos = end
    return parts
