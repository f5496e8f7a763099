"""``lint``: checkpatch-style findings for every patch of a queue, at its own position.

The patch-only rules (``core/lintrules.py``) need no git.  The positional ones
walk the series once on a private index: each patch is applied there with
``git apply --whitespace=warn`` (git's own whitespace verdict, the one
``--whitespace=error`` refuses, and whether it applies at all), and the tree
after it is what the configured check command builds, in the queue's check work
tree that moves incrementally between trees.  ``--checkpatch`` runs the tree's
own ``scripts/checkpatch.pl`` (taken from the base commit, not the user's
checkout) over all patch files in one perl process.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from xenpatch.core.lintrules import (
    ERROR,
    WARNING,
    Finding,
    LintPolicy,
    apply_findings,
    checkpatch_findings,
    lint_patch,
)
from xenpatch.core.patch import Patch, patch_paths
from xenpatch.core.progress import NoProgress, Progress
from xenpatch.core.queue import Queue
from xenpatch.core.words import count, plural
from xenpatch.gitio.apply import TreePatcher, entry_changes
from xenpatch.gitio.index import PrivateIndex
from xenpatch.gitio.repo import tree_of
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.pipeline.checkcache import CheckCache
from xenpatch.pipeline.checkrun import CheckRunner, worktree_dir
from xenpatch.pipeline.common import open_queue, require_base
from xenpatch.store import QueueLock, Workspace

CHECKPATCH_FILES = ("checkpatch.pl", "spelling.txt", "const_structs.checkpatch")


@dataclass(frozen=True)
class LintOptions:
    checkpatch: bool = False
    strict: bool = False  # warnings count as needing attention too
    build: bool = True  # run the configured check command at each position


@dataclass(frozen=True)
class Skipped:
    check: str
    reason: str


@dataclass(frozen=True)
class LintResult:
    queue: str
    patches: int
    findings: tuple[Finding, ...]
    errors: int
    warnings: int
    checks: tuple[str, ...]  # the groups of checks that ran
    skipped: tuple[Skipped, ...]
    strict: bool
    needs_attention: bool  # errors, or with --strict any finding


def lint(workspace: Workspace, name: str, opts: LintOptions = LintOptions(),
         progress: Progress | None = None) -> LintResult:
    progress = progress or NoProgress()
    opened = open_queue(workspace, name)
    queue, git = opened.queue, opened.git
    base = require_base(queue)
    policy = LintPolicy.from_config(queue.config.lint)
    ordered = queue.ordered()
    by_patch: dict[str, list[Finding]] = {n: lint_patch(n, p, policy) for n, p in ordered}
    checks = ["patch"]
    skipped: list[Skipped] = []

    command = queue.config.check_command
    building = bool(opts.build and command and policy.enabled("build"))
    trees, positional = _positions(git, queue, base, ordered, policy, by_patch, progress, building)
    checks.append("position")
    if positional:
        skipped.append(positional)

    if not opts.build:
        pass
    elif not command:
        skipped.append(Skipped("build", "no check command configured ([check] command in queue.toml)"))
    elif not policy.enabled("build"):
        skipped.append(Skipped("build", "disabled in queue.toml [lint]"))
    else:
        # the lock keeps the check work tree to one user; lint reads the queue, never writes it
        with QueueLock(workspace.root, name, "lint"):
            reason = _builds(git, workspace, queue, command, base, ordered, trees, by_patch, progress)
        checks.append("build")
        if reason:
            skipped.append(Skipped("build", reason))

    if opts.checkpatch:
        if not policy.enabled("checkpatch"):
            skipped.append(Skipped("checkpatch", "disabled in queue.toml [lint]"))
        else:
            reason = _checkpatch(git, base, ordered, by_patch, policy)
            if reason:
                skipped.append(Skipped("checkpatch", reason))
            else:
                checks.append("checkpatch")

    findings = tuple(f for n, _ in ordered for f in sorted(by_patch[n], key=_order))
    errors = sum(f.severity == ERROR for f in findings)
    warnings = sum(f.severity == WARNING for f in findings)
    return LintResult(name, len(ordered), findings, errors, warnings, tuple(checks), tuple(skipped),
                      opts.strict, bool(errors or (opts.strict and warnings)))


def _order(f: Finding) -> tuple[int, int, str, str]:
    return (0 if f.line is None else 1, f.line or 0, f.check, f.message)


def _positions(git: Git, queue: Queue, base: ObjectId, ordered: list[tuple[str, Patch]], policy: LintPolicy,
               by_patch: dict[str, list[Finding]], progress: Progress,
               want_trees: bool) -> tuple[list[ObjectId | None], Skipped | None]:
    """Apply each patch where it sits: whitespace and apply findings, and (for the build
    check) the tree after each patch, None once a patch does not apply."""
    trees: list[ObjectId | None] = []
    broken: str | None = None
    progress.start("checking each patch at its position", len(ordered))
    # each patch goes on a private index holding just its own files (git's whitespace report
    # needs git apply), and the series' tree moves on in process: the cost of the patches
    with TreePatcher(git) as patcher:
        tree = tree_of(git, base)
        for pname, patch in ordered:
            if broken is not None:
                trees.append(None)
                progress.advance()
                continue
            strip = queue.strip(pname)
            before = patcher.walker.entries(tree, patch_paths(patch, strip))
            with PrivateIndex.of_entries(git, before) as idx:
                applied, err = idx.apply_whitespace_warnings(patch.to_bytes(), strip)
                after = idx.entries() if applied else {}
            by_patch[pname] += apply_findings(pname, err, applied, policy, by_patch[pname])
            if applied:
                tree = patcher.edit(tree, entry_changes(before, after))
                trees.append(tree if want_trees else None)
            else:
                trees.append(None)
                broken = pname
            progress.advance()
    progress.done()
    if broken is None:
        return trees, None
    return trees, Skipped("position", f"patches after {broken} were not checked at their position "
                                      "because it does not apply")


def _builds(git: Git, workspace: Workspace, queue: Queue, command: str, base: ObjectId,
            ordered: list[tuple[str, Patch]], trees: list[ObjectId | None],
            by_patch: dict[str, list[Finding]], progress: Progress) -> str:
    """Run the check after each patch; the patch that turns a passing tree into a failing one is an error."""
    # the workspace's check cache: a position stabilize (or an earlier lint) checked is not built again
    runner = CheckRunner(git, worktree_dir(workspace.root, queue.name), command, queue.config.check_timeout,
                         {"XENPATCH_QUEUE": queue.name}, CheckCache(workspace.root, command))
    try:
        base_result = runner.run(tree_of(git, base), "")
        if not base_result.ok:
            return "the check command fails on the base itself, so no patch can be blamed"
        progress.start("building each position", len(ordered))
        results = []
        for (pname, _), tree in zip(ordered, trees):
            if tree is None:
                break
            results.append((pname, runner.run(tree, pname)))
            progress.advance()
        progress.done()
        previous_ok = True
        for k, (pname, result) in enumerate(results):
            if not result.ok and previous_ok:
                what = "timed out" if result.timed_out else f"exit code {result.exit_code}"
                tail = result.output_tail.strip().splitlines()[-1:]
                after = 0
                while k + 1 + after < len(results) and not results[k + 1 + after][1].ok:
                    after += 1
                message = f"does not build at its position ({what})" + (f": {tail[0].strip()}" if tail else "")
                if after:
                    message += f"; the {count(after, 'patch')} after it {plural(after, 'does')} not build either"
                by_patch[pname].append(Finding(pname, "build", ERROR, message))
            previous_ok = result.ok
        return ""
    finally:
        close = getattr(runner, "close", None)
        if callable(close):
            close()


def _checkpatch(git: Git, base: ObjectId, ordered: list[tuple[str, Patch]],
                by_patch: dict[str, list[Finding]], policy: LintPolicy) -> str:
    """Run the tree's scripts/checkpatch.pl over every patch file; '' when it ran, else why not."""
    perl = shutil.which("perl")
    if perl is None:
        return "perl is not installed"
    with git.reader as reader:
        scripts = {f: reader.blob_or_none(f"{base}:scripts/{f}") for f in CHECKPATCH_FILES}
    if scripts["checkpatch.pl"] is None:
        return "the tree has no scripts/checkpatch.pl"
    with tempfile.TemporaryDirectory(prefix="xenpatch-checkpatch-") as tmp:
        root = Path(tmp)
        (root / "scripts").mkdir()
        for fname, data in scripts.items():
            if data is not None:
                (root / "scripts" / fname).write_bytes(data)
        names: dict[str, str] = {}
        args = []
        for k, (pname, patch) in enumerate(ordered, 1):
            fname = f"{k:04d}.patch"
            (root / fname).write_bytes(patch.to_bytes())
            names[fname] = pname
            args.append(fname)
        proc = subprocess.run(
            [perl, "scripts/checkpatch.pl", "--no-tree", "-q", "--emacs", "--show-types", "--no-summary",
             f"--max-line-length={policy.max_line}", *args],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if proc.returncode not in (0, 1):
            first = proc.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
            return "scripts/checkpatch.pl failed" + (f": {first[0]}" if first else "")
    for f in checkpatch_findings(proc.stdout.decode("utf-8", "replace"), names):
        by_patch[f.patch].append(f)
    return ""
