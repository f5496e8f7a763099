"""A 300-patch queue on v6.1 whose rebase onto the upstream end is realistic.

Kinds of patch (recorded in ``manifest.json`` so benchmarks can check outcomes):
- ``clean``: edits files upstream never touches (plus sometimes a new file + Makefile line);
- ``followup``: edits a file an earlier queue patch added (a dependency inside the queue);
- ``touched_clean``: edits a file upstream modifies, ≥ 12 lines away from any upstream hunk;
- ``renamed_clean``: edits a file upstream renames unchanged (rename following);
- ``conflict``: changes lines that upstream changes too;
- ``conflict_delete``: edits a file upstream deletes;
- ``merged_upstream``: the exact change upstream takes as one of its commits (to be dropped).
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from . import cgen
from .gitutil import CatFile, Change, FastImport, Hunk, Ident, TreeEntry, diff_hunks, join_lines, split_lines
from .people import T_V61, person, trailers
from .upstream import PlannedCommit, Verbatim, subsystem

SOURCE_TOPS = ("drivers/", "fs/", "net/", "kernel/", "mm/", "arch/x86/", "arch/arm64/", "sound/",
               "block/", "lib/", "crypto/", "security/", "virt/", "io_uring/")
MARGIN = 12


@dataclass
class PatchInfo:
    n: int
    kind: str
    subject: str
    files: list[str]
    changed_lines: int
    upstream_commit_index: int | None = None


@dataclass
class _State:
    rng: random.Random
    base: dict[str, TreeEntry]
    cat: CatFile
    current: dict[str, bytes] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    added_by_queue: list[str] = field(default_factory=list)

    def lines(self, path: str) -> list[bytes]:
        data = self.current.get(path)
        return split_lines(data if data is not None else self.cat.read(self.base[path].sha))


def _far(i: int, hunks: list[Hunk]) -> bool:
    """Is an insertion before 0-based line ``i`` at least MARGIN lines from every hunk?"""
    pos = i + 1
    return all(not (h.old_start - MARGIN <= pos <= h.old_start + h.old_len + MARGIN) for h in hunks)


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(cgen.WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random, author: Ident) -> str:
    para = "\n".join(_sentence(rng, rng.randint(6, 11)) for _ in range(rng.randint(1, 3)))
    link = f"Link: https://lore.kernel.org/r/{rng.randrange(16**12):012x}@example.org"
    return f"{para}\n\n{link}\n{trailers(rng, author)}"


class _QueueBuilder:
    def __init__(self, st: _State, unchanged: list[str], touched: dict[str, list[Hunk]],
                 deleted: list[str], renamed: list[str]) -> None:
        self.st = st
        self.rng = st.rng
        self.unchanged = unchanged
        self.unchanged_set = set(unchanged)
        self.touched = touched
        self.touched_paths = sorted(touched)
        self.deleted = deleted
        self.renamed = renamed
        self.api = cgen.Api("struct device", ["id"], ["PAGE_SIZE"], [])

    def _pick(self, pool: list[str], ok: Callable[[str], bool] | None = None) -> str | None:
        for _ in range(200):
            if not pool:
                return None
            p = pool[self.rng.randrange(len(pool))]
            if p in self.st.used:
                continue
            if ok is None or ok(p):
                self.st.used.add(p)
                return p
        return None

    def _has_room(self, path: str) -> bool:
        return bool(cgen.function_ends(self.st.lines(path)))

    def _add_function(self, path: str, lines: list[bytes], n: int,
                      hunks: list[Hunk] | None = None) -> int:
        ends = cgen.function_ends(lines)
        if hunks is not None:
            ends = [i for i in ends if _far(i, hunks)]
        if not ends:
            return 0
        at = self.rng.choice(ends)
        prefix = path.rsplit("/", 1)[-1].split(".")[0].replace("-", "_")[:20]
        fn = cgen.function(self.rng, cgen.c_ident(self.rng, prefix), self.api, max(20, n))
        lines[at:at] = [s.encode() for s in fn] + [b""]
        return len(fn) + 1

    def _tweak(self, lines: list[bytes], lo: int, hi: int, count: int, tag: str,
               hunks: list[Hunk] | None = None) -> int:
        stmts = cgen.statement_lines(lines, lo, hi)
        if hunks is not None:
            stmts = [i for i in stmts if _far(i, hunks) and _far(i + 1, hunks)]
        done = 0
        for i in self.rng.sample(stmts, k=min(count, len(stmts))):
            lines[i] = cgen.tweak_line(self.rng, lines[i], tag)
            done += 2
        return done

    def _set(self, changes: dict[str, bytes], path: str, lines: list[bytes]) -> None:
        data = join_lines(lines)
        changes[path] = data
        self.st.current[path] = data

    def clean(self, size: int, allow_new: bool = True) -> tuple[dict[str, bytes], int] | None:
        p = self._pick(self.unchanged, lambda q: q.endswith(".c") and self._has_room(q))
        if p is None:
            return None
        changes: dict[str, bytes] = {}
        lines = self.st.lines(p)
        n = self._tweak(lines, 0, len(lines), self.rng.randint(0, 2), "fix")
        want_new = allow_new and self.rng.random() < 0.3
        n += self._add_function(p, lines, int(size * (0.4 if want_new else 0.9)))
        if n == 0:
            return None
        self._set(changes, p, lines)
        if want_new:
            d = p.rsplit("/", 1)[0]
            new = f"{d}/{cgen.c_ident(self.rng, 'q').replace('_', '-')}.c"
            body = [cgen.spdx("c"), "#include <linux/kernel.h>", "#include <linux/module.h>", ""]
            while len(body) < max(size - n, 5):
                body += cgen.function(self.rng, cgen.c_ident(self.rng, "q"), self.api,
                                      self.rng.randint(10, 50)) + [""]
            self._set(changes, new, [s.encode() for s in body] + [b""])
            self.st.added_by_queue.append(new)
            n += len(body)
            mk = f"{d}/Makefile"
            if mk in self.st.base and mk in self.unchanged_set and mk not in self.st.used:
                self.st.used.add(mk)
                mlines = self.st.lines(mk)
                at = len(mlines) - 1 if mlines and not mlines[-1] else len(mlines)
                mlines[at:at] = [f"obj-y\t+= {new.rsplit('/', 1)[1][:-2]}.o".encode()]
                self._set(changes, mk, mlines)
                n += 1
        return changes, n

    def followup(self, size: int) -> tuple[dict[str, bytes], int] | None:
        free = [p for p in self.st.added_by_queue if p not in self.st.used and self._has_room(p)]
        if not free:
            return None
        p = self.rng.choice(free)
        self.st.used.add(p)
        lines = self.st.lines(p)
        n = self._tweak(lines, 0, len(lines), 1, "followup") + self._add_function(p, lines, size)
        changes: dict[str, bytes] = {}
        self._set(changes, p, lines)
        return changes, n

    def touched_clean(self, size: int) -> tuple[dict[str, bytes], int] | None:
        for _ in range(20):
            p = self._pick(self.touched_paths)
            if p is None:
                return None
            hunks = self.touched[p]
            lines = self.st.lines(p)
            # Tweak first: it keeps line numbers, so ``hunks`` still index ``lines``.
            tweaked = self._tweak(lines, 0, len(lines), self.rng.randint(0, 2), "fix", hunks)
            n = self._add_function(p, lines, size, hunks)
            if n:
                n += tweaked
                changes: dict[str, bytes] = {}
                self._set(changes, p, lines)
                return changes, n
        return None

    def renamed_clean(self, size: int) -> tuple[dict[str, bytes], int] | None:
        p = self._pick(self.renamed, lambda q: q.endswith((".c", ".h")) and self._has_room(q))
        if p is None:
            return None
        lines = self.st.lines(p)
        n = self._tweak(lines, 0, len(lines), 2, "fix") + self._add_function(p, lines, size)
        if not n:
            return None
        changes: dict[str, bytes] = {}
        self._set(changes, p, lines)
        return changes, n

    def conflict(self, size: int) -> tuple[dict[str, bytes], int] | None:
        for _ in range(40):
            p = self._pick(self.touched_paths)
            if p is None:
                return None
            lines = self.st.lines(p)
            cands = [i for h in self.touched[p] if h.old_len > 0
                     for i in cgen.statement_lines(lines, h.old_start - 1, h.old_start - 1 + h.old_len)]
            if not cands:
                continue
            i = self.rng.choice(cands)
            lines[i] = cgen.tweak_line(self.rng, lines[i], "queue")
            changes: dict[str, bytes] = {}
            self._set(changes, p, lines)
            n = 2
            if size > 10:
                extra = self.clean(size - 2, allow_new=False)
                if extra:
                    changes.update(extra[0])
                    n += extra[1]
            return changes, n
        return None

    def conflict_delete(self, size: int) -> tuple[dict[str, bytes], int] | None:
        p = self._pick(self.deleted, lambda q: q.endswith(".c") and self._has_room(q))
        if p is None:
            return None
        lines = self.st.lines(p)
        n = self._tweak(lines, 0, len(lines), 2, "fix") + self._add_function(p, lines, size)
        if not n:
            return None
        changes: dict[str, bytes] = {}
        self._set(changes, p, lines)
        return changes, n


def plan_queue(git_dir: Path, base_rev: str, end_rev: str, base: dict[str, TreeEntry],
               end: dict[str, TreeEntry], cat: CatFile, verbatims: list[Verbatim],
               n: int, seed: int) -> tuple[list[PlannedCommit], list[PatchInfo]]:
    """``n`` patches on ``base_rev``; conflicts and drops are defined against ``end_rev``."""
    rng = random.Random(seed)
    verbatim_paths = {v.path for v in verbatims}
    end_shas: dict[str, list[str]] = {}
    for p, e in end.items():
        end_shas.setdefault(e.sha, []).append(p)
    src = sorted(p for p, e in base.items() if e.mode == "100644" and p.startswith(SOURCE_TOPS)
                 and p not in verbatim_paths)
    unchanged = [p for p in src if p in end and end[p].sha == base[p].sha]
    seen = set(unchanged)
    unchanged += sorted(p for p, e in base.items() if p.endswith("/Makefile") and p in end
                        and end[p].sha == e.sha and p not in seen)
    modified = [p for p in src if p in end and end[p].sha != base[p].sha and p.endswith((".c", ".h"))
                and end[p].mode == "100644"]
    gone = [p for p in src if p not in end]
    renamed = [p for p in gone if len(end_shas.get(base[p].sha, [])) == 1]
    end_names = {p.rsplit("/", 1)[-1] for p in end}
    deleted = [p for p in gone if base[p].sha not in end_shas and p.rsplit("/", 1)[-1] not in end_names]
    sample = sorted(rng.sample(modified, k=min(600, len(modified))))
    touched = {p: h for p, h in diff_hunks(git_dir, base_rev, end_rev, sample).items() if h}

    n_conflict = max(1, round(n * 0.08))
    n_delete = max(1, round(n * 0.01))
    kinds = (["merged_upstream"] * len(verbatims) + ["conflict"] * n_conflict
             + ["conflict_delete"] * n_delete + ["renamed_clean"] * max(1, round(n * 0.02))
             + ["touched_clean"] * round(n * 0.15) + ["followup"] * round(n * 0.07))
    kinds += ["clean"] * (n - len(kinds))
    rng.shuffle(kinds)

    st = _State(rng, base, cat)
    qb = _QueueBuilder(st, unchanged, touched, deleted, renamed)
    plan: list[PlannedCommit] = []
    infos: list[PatchInfo] = []
    vq = list(verbatims)
    for i, kind in enumerate(kinds, start=1):
        size = int(20 + 350 * rng.random() ** 2.2)
        if kind == "merged_upstream":
            v = vq.pop(0)
            author = Ident(v.author_name, v.author_email)
            plan.append(PlannedCommit(v.subject, v.body, author, [Change(v.path, v.mode, sha=v.new_sha)]))
            infos.append(PatchInfo(i, kind, v.subject, [v.path], v.changed_lines, v.upstream_index))
            st.used.add(v.path)
            continue
        made = getattr(qb, kind)(size)
        if made is None:
            kind, made = "clean", qb.clean(size)
        while made is None:
            made = qb.clean(size)
        changes, lines = made
        first = sorted(changes)[0]
        subject = (f"{subsystem(first)}: {rng.choice(cgen.VERBS)} {rng.choice(cgen.NOUNS)}"
                   f" {rng.choice(('on teardown', 'under lock', 'before use', 'for xpv', 'early', 'once'))}")
        author = person(rng)
        plan.append(PlannedCommit(subject, _body(rng, author), author,
                                  [Change(p, base[p].mode if p in base else "100644", data=d)
                                   for p, d in sorted(changes.items())]))
        infos.append(PatchInfo(i, kind, subject, sorted(changes), lines))
    return plan, infos


def write_queue(fi: FastImport, plan: list[PlannedCommit], base: str, ref: str) -> str:
    parent = base
    for i, pc in enumerate(plan, start=1):
        parent = fi.commit(ref, author=pc.author, when=T_V61 + 2 * 86400 + i * 3600,
                           message=pc.message(), parent=parent, changes=pc.changes)
    return parent


def manifest(infos: list[PatchInfo]) -> list[dict[str, object]]:
    return [asdict(i) for i in infos]
