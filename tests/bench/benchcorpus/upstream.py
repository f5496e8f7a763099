"""The upstream range: a first-parent line of ~1,500 commits after v6.1.

With Debian's 6.12 source available, the real v6.1→v6.12 diff is cut into commits
by directory subtree (a rename stays in one commit, so rename following can be
measured), in a seeded order that interleaves subsystems as merges do. Without it,
edits are synthesized over the 6.1 tree (line inserts/deletes, file renames,
tree-wide function renames).

A few commits take a small hunk of a later commit on its own, ahead of it: the
queue carries the same change verbatim, so a rebase must drop it as merged.
"""

from __future__ import annotations

import difflib
import math
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import cgen
from .gitutil import CatFile, Change, FastImport, Ident, TreeEntry, blob_sha, git, join_lines, split_lines
from .people import T_V61, T_V612, person, trailers


@dataclass
class PlannedCommit:
    subject: str
    body: str
    author: Ident
    changes: list[Change]

    def message(self) -> str:
        return f"{self.subject}\n\n{self.body}\n"


@dataclass
class Verbatim:
    """A change upstream takes verbatim from the queue (same diff, same message)."""

    path: str
    mode: str
    old_sha: str
    new_sha: str
    subject: str
    body: str
    author_name: str
    author_email: str
    changed_lines: int = 0
    upstream_index: int = 0


def subsystem(path: str) -> str:
    """A kernel-style subject prefix for ``path`` ("net: ice", "x86: kvm", "btrfs")."""
    parts = path.split("/")[:-1]
    if not parts:
        return "kbuild"
    top = parts[0]
    if top == "drivers" and len(parts) >= 2:
        return f"{parts[1]}: {parts[-1]}" if len(parts) >= 3 else parts[1]
    if top == "arch" and len(parts) >= 2:
        return f"{parts[1]}: {parts[-1]}" if len(parts) >= 3 else parts[1]
    if top in ("fs", "net", "sound", "tools") and len(parts) >= 2:
        return parts[1] if top == "fs" else f"{top}: {parts[1]}"
    if top == "Documentation":
        return "docs"
    return parts[-1]


# --- real range: v6.1 -> v6.12 cut into commits ---------------------------------------------

@dataclass
class _Item:
    key: str
    changes: list[Change]
    status: str


@dataclass
class _Node:
    files: list[_Item] = field(default_factory=list)
    children: dict[str, _Node] = field(default_factory=dict)
    total: int = 0


def _raw_diff(git_dir: Path, old: str, new: str) -> list[_Item]:
    out = git(git_dir, "diff-tree", "-r", "-z", "-M", "-l0", "--raw", old, new)
    toks = out.split(b"\0")
    items: list[_Item] = []
    i = 0
    while i < len(toks):
        meta = toks[i]
        if not meta.startswith(b":"):
            i += 1
            continue
        _, new_mode, _, new_sha, status = meta[1:].decode().split(" ")
        st = status[0]
        p1 = toks[i + 1].decode("utf-8", "surrogateescape")
        if st in "RC":
            p2 = toks[i + 2].decode("utf-8", "surrogateescape")
            i += 3
            chs = [Change(p2, new_mode, sha=new_sha)]
            if st == "R":
                chs.insert(0, Change(p1))
            items.append(_Item(p2, chs, st))
        else:
            i += 2
            if st == "D":
                items.append(_Item(p1, [Change(p1)], st))
            else:
                items.append(_Item(p1, [Change(p1, new_mode, sha=new_sha)], st))
    return items


def _tree_of(items: list[_Item]) -> _Node:
    root = _Node()
    for it in sorted(items, key=lambda x: x.key):
        node = root
        node.total += 1
        for part in it.key.split("/")[:-1]:
            node = node.children.setdefault(part, _Node())
            node.total += 1
        node.files.append(it)
    return root


def _all(node: _Node) -> list[_Item]:
    out = list(node.files)
    for name in sorted(node.children):
        out.extend(_all(node.children[name]))
    return out


def _partition(node: _Node, path: str, limit: int, out: list[tuple[str, list[_Item], int, int]]) -> None:
    if node.total <= limit:
        out.append((path, _all(node), 1, 1))
        return
    own = node.files
    if own:
        k = math.ceil(len(own) / limit)
        size = math.ceil(len(own) / k)
        for j in range(k):
            out.append((path, own[j * size:(j + 1) * size], j + 1, k))
    for name in sorted(node.children):
        _partition(node.children[name], f"{path}/{name}" if path else name, limit, out)


def plan_real_range(git_dir: Path, base: str, target: str, n_commits: int, seed: int,
                    version: str) -> list[PlannedCommit]:
    """Cut ``base..target``'s diff into at least ``n_commits`` subtree commits."""
    items = _raw_diff(git_dir, base, target)
    root = _tree_of(items)
    lo, hi = 1, max(1, len(items))
    while lo < hi:  # largest group size that still yields n_commits groups
        mid = (lo + hi + 1) // 2
        parts: list[tuple[str, list[_Item], int, int]] = []
        _partition(root, "", mid, parts)
        if len(parts) >= n_commits:
            lo = mid
        else:
            hi = mid - 1
    groups: list[tuple[str, list[_Item], int, int]] = []
    _partition(root, "", lo, groups)
    rng = random.Random(seed)
    rng.shuffle(groups)
    plan = []
    for path, its, part, nparts in groups:
        counts = {s: sum(1 for it in its if it.status == s) for s in "AMDR"}
        author = person(rng)
        where = f"{path}/" if path else "the top level"
        subject = f"{subsystem(path + '/x')}: sync {where} with {version}"
        if nparts > 1:
            subject += f" (part {part}/{nparts})"
        body = (f"Bring {len(its)} files under {where} to their state in Linux {version}:"
                f" {counts['A']} added, {counts['M']} modified, {counts['D']} deleted,"
                f" {counts['R']} renamed.\n\n{trailers(rng, author)}")
        changes = [ch for it in its for ch in it.changes]
        plan.append(PlannedCommit(subject, body, author, changes))
    return plan


# --- synthetic range (no 6.12 source available) ---------------------------------------------

_INLINE_DEF = re.compile(rb"^static inline [\w\s\*]+?\b([a-z_][a-z0-9_]{5,})\(", re.M)
_SYNTH_TOPS = ("drivers/", "fs/", "net/", "kernel/", "mm/", "arch/x86/", "sound/", "block/",
               "lib/", "crypto/", "security/")


def plan_synthetic_range(git_dir: Path, base: str, base_tree: dict[str, TreeEntry], cat: CatFile,
                         n_commits: int, seed: int) -> list[PlannedCommit]:
    """≥ ``n_commits`` seeded edits over the base tree, as full-content changes."""
    rng = random.Random(seed)
    current: dict[str, bytes | None] = {}  # changed so far; None = deleted

    def read(p: str) -> bytes:
        got = current.get(p)
        return got if got is not None else cat.read(base_tree[p].sha)

    def live(p: str) -> bool:
        return (p in current and current[p] is not None) or (p in base_tree and p not in current)

    by_dir: dict[str, list[str]] = {}
    for p, e in sorted(base_tree.items()):
        if p.endswith(".c") and e.mode == "100644" and p.startswith(_SYNTH_TOPS):
            by_dir.setdefault(p.rsplit("/", 1)[0], []).append(p)
    dirs = sorted(by_dir)
    api = cgen.Api("struct device", ["id"], ["PAGE_SIZE"], [])
    plan: list[PlannedCommit] = []
    renames = _widely_used(git_dir, base, base_tree, cat, rng, n_commits // 300 + 1)

    def commit(subject: str, body: str, updates: dict[str, bytes | None]) -> None:
        author = person(rng)
        changes = []
        for p in sorted(updates):
            data = updates[p]
            current[p] = data
            changes.append(Change(p) if data is None else Change(p, "100644", data=data))
        plan.append(PlannedCommit(subject, f"{body}\n\n{trailers(rng, author)}", author, changes))

    def edit(p: str) -> bytes:
        lines = split_lines(read(p))
        for _ in range(rng.randint(1, 4)):
            op = rng.randrange(4)
            if op == 0 and (ends := cgen.function_ends(lines)):
                at = rng.choice(ends)
                fn = cgen.function(rng, cgen.c_ident(rng, "upd"), api, rng.randint(8, 40))
                lines[at:at] = [s.encode() for s in fn] + [b""]
            elif op == 1 and (starts := cgen.body_starts(lines)):
                at = rng.choice(starts)
                lines[at:at] = [s.encode() for s in cgen.comment(rng)]
            elif (stmts := cgen.statement_lines(lines, 0, len(lines))):
                at = rng.choice(stmts)
                if op == 2:
                    del lines[at:at + 1]
                else:
                    lines[at] = cgen.tweak_line(rng, lines[at], "upstream")
        return join_lines(lines)

    while len(plan) < n_commits:
        i = len(plan)
        r = rng.random()
        d = rng.choice(dirs)
        files = [p for p in by_dir[d] if live(p)]
        if i % 300 == 150 and renames:
            name, users = renames.pop()
            pat = re.compile(rb"\b" + name.encode() + rb"\b")
            paths = users | {p for p, data in current.items() if data is not None and pat.search(data)}
            ups = {p: pat.sub((name + "_v2").encode(), read(p)) for p in sorted(paths) if live(p)}
            commit(f"treewide: rename {name}() to {name}_v2()",
                   f"Rename {name}() in all {len(ups)} files that use it.", dict(ups))
            continue
        if not files:
            continue
        if r < 0.05:
            p = rng.choice(files)
            stem = p.rsplit("/", 1)[1][:-2]
            new = f"{d}/{stem}_core.c"
            mk = f"{d}/Makefile"
            if live(new) or not live(mk) or f"{stem}.o".encode() not in read(mk):
                continue
            ups2: dict[str, bytes | None] = {p: None, new: read(p)}
            ups2[mk] = re.sub(rb"\b" + re.escape(stem.encode()) + rb"\.o\b", f"{stem}_core.o".encode(), read(mk))
            by_dir[d] = sorted([q for q in by_dir[d] if q != p] + [new])
            commit(f"{subsystem(p)}: rename {stem}.c to {stem}_core.c", "No functional change.", ups2)
        elif r < 0.12:
            new = f"{d}/{cgen.c_ident(rng, 'up').replace('_', '-')}.c"
            fn = [cgen.spdx("c"), "#include <linux/kernel.h>", ""]
            for _ in range(rng.randint(1, 5)):
                fn += cgen.function(rng, cgen.c_ident(rng, "up"), api, rng.randint(10, 50)) + [""]
            by_dir[d].append(new)
            commit(f"{subsystem(new)}: add {new.rsplit('/', 1)[1]}", "Add a helper file.",
                   {new: "\n".join(fn).encode()})
        else:
            chosen = rng.sample(files, k=min(len(files), rng.randint(1, 6)))
            commit(f"{subsystem(chosen[0])}: {rng.choice(cgen.VERBS)} {rng.choice(cgen.NOUNS)} handling",
                   f"Rework {len(chosen)} files.", {p: edit(p) for p in chosen})
    return plan


def _widely_used(git_dir: Path, base: str, base_tree: dict[str, TreeEntry], cat: CatFile,
                 rng: random.Random, count: int) -> list[tuple[str, set[str]]]:
    """Up to ``count`` inline helpers from include/linux used by 20-300 files, with those files.

    One ``git grep`` for all candidate names: at kernel scale each grep costs seconds.
    """
    headers = sorted(p for p in base_tree if p.startswith("include/linux/") and p.endswith(".h"))
    names: list[str] = []
    for h in rng.sample(headers, k=min(150, len(headers))):
        names += [m.group(1).decode() for m in _INLINE_DEF.finditer(cat.read(base_tree[h].sha))][:3]
    names = sorted(set(names))
    if not names:
        return []
    args = [x for n in names for x in ("-e", n)]
    out = git(git_dir, "grep", "-o", "-w", "-F", "-I", *args, base)
    users: dict[str, set[str]] = {}
    for line in out.split(b"\n"):
        parts = line.split(b":")
        if len(parts) >= 3:
            users.setdefault(parts[-1].decode(), set()).add(b":".join(parts[1:-1]).decode("utf-8", "surrogateescape"))
    good = [(n, users[n]) for n in names if n in users and 20 <= len(users[n]) <= 300]
    rng.shuffle(good)
    return good[:count]


# --- verbatim takes -------------------------------------------------------------------------

def insert_verbatim(plan: list[PlannedCommit], base_tree: dict[str, TreeEntry], cat: CatFile,
                    count: int, seed: int) -> list[Verbatim]:
    """Insert ``count`` one-hunk commits ahead of the commits that contain those hunks."""
    rng = random.Random(seed)
    first: dict[str, tuple[int, Change]] = {}
    for idx, pc in enumerate(plan):
        for ch in pc.changes:
            if ch.path not in first:
                first[ch.path] = (idx, ch)
    cands = sorted(p for p, (_, ch) in first.items()
                   if not ch.is_delete and p.endswith((".c", ".h")) and p in base_tree
                   and base_tree[p].mode == "100644" and ch.mode == "100644"
                   and p.startswith(("drivers/", "fs/", "net/", "kernel/", "mm/")))
    rng.shuffle(cands)
    chosen: list[tuple[int, Verbatim, Change]] = []
    for p in cands:
        if len(chosen) >= count:
            break
        old = cat.read(base_tree[p].sha)
        if len(old) > 40000:
            continue
        idx, ch = first[p]
        new = ch.data if ch.data is not None else cat.read(ch.sha or "")
        hunk = _one_hunk(split_lines(old), split_lines(new))
        if hunk is None:
            continue
        mid, nchanged = hunk
        data = join_lines(mid)
        author = person(rng)
        what = ("remove dead code" if not any(x.startswith(b"+") for x in _ndiff(old, data))
                else "add a missing check" if not any(x.startswith(b"-") for x in _ndiff(old, data))
                else f"fix {rng.choice(cgen.NOUNS)} {rng.choice(cgen.VERBS)} ordering")
        subject = f"{subsystem(p)}: {what} in {p.rsplit('/', 1)[1]}"
        body = (f"The {rng.choice(cgen.VERBS)} path can see the {rng.choice(cgen.NOUNS)} before it is"
                f" ready;\nreorder the two so that it cannot.\n\n{trailers(rng, author)}")
        v = Verbatim(p, "100644", base_tree[p].sha, blob_sha(data), subject, body,
                     author.name, author.email, nchanged)
        chosen.append((idx, v, Change(p, "100644", data=data)))
    for idx, v, ch in sorted(chosen, key=lambda x: -x[0]):
        plan.insert(idx, PlannedCommit(v.subject, v.body, Ident(v.author_name, v.author_email), [ch]))
    index_of = {id(pc.changes[0]): i for i, pc in enumerate(plan) if pc.changes}
    for _, v, ch in chosen:
        v.upstream_index = index_of[id(ch)] + 1
    return sorted((v for _, v, _ in chosen), key=lambda v: v.upstream_index)


def _ndiff(a: bytes, b: bytes) -> list[bytes]:
    """Changed lines of a one-hunk change, as ``-``/``+`` prefixed lines."""
    return [x for x in difflib.diff_bytes(difflib.unified_diff, split_lines(a), split_lines(b), n=0)
            if x[:1] in (b"+", b"-") and x[:3] not in (b"+++", b"---")]


def _one_hunk(a: list[bytes], b: list[bytes]) -> tuple[list[bytes], int] | None:
    """``a`` with one small, isolated hunk of ``a→b`` applied, and the hunk's size in lines."""
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    changed = [k for k, op in enumerate(ops) if op[0] != "equal"]
    if len(changed) < 2:
        return None
    best: tuple[int, int] | None = None  # (size, opcode index): the largest isolated hunk
    for k in changed:
        tag, i1, i2, j1, j2 = ops[k]
        size = (i2 - i1) + (j2 - j1)
        if not 1 <= max(i2 - i1, j2 - j1) <= 40 or k in (0, len(ops) - 1):
            continue
        before, after = ops[k - 1], ops[k + 1]
        if before[0] != "equal" or after[0] != "equal" or before[2] - before[1] < 4 or after[2] - after[1] < 4:
            continue
        if not any(line.strip() for line in b[j1:j2] + a[i1:i2]):
            continue
        if best is None or size > best[0]:
            best = (size, k)
    if best is None:
        return None
    _, i1, i2, j1, j2 = ops[best[1]]
    return a[:i1] + b[j1:j2] + a[i2:], best[0]


# --- writing ---------------------------------------------------------------------------------

def write_range(fi: FastImport, plan: list[PlannedCommit], base: str, ref: str,
                tag_every: int, end_tags: list[str]) -> str:
    """Emit ``plan`` as a first-parent line on ``ref``; tag every ``tag_every`` commits."""
    step = max(1, (T_V612 - T_V61) // max(1, len(plan) + 1))
    parent = base
    for n, pc in enumerate(plan, start=1):
        parent = fi.commit(ref, author=pc.author, when=T_V61 + n * step, message=pc.message(),
                           parent=parent, changes=pc.changes)
        if n % tag_every == 0 and n < len(plan):
            fi.reset(f"refs/tags/up-{n}", parent)
    for tag in end_tags:
        fi.reset(f"refs/tags/{tag}", parent)
    return parent
