"""Running the user's check command on a tree, in work trees that move incrementally.

Why private work trees: a check (a kernel build, a test script) needs real files,
but xenpatch must never touch the user's checkout.  Each queue has one work tree
under ``<workspace>/.xenpatch/worktrees/<queue>`` (and, with ``--jobs N``, N-1
more under ``worktrees/.jobs/<queue>/<k>``) with its own index file; moving it
from one tree to the next is ``git read-tree -m -u OLD NEW``, which writes only
the files that differ, so build outputs left by the previous run stay valid and
an incremental ``make`` does little work.

Results are cached by (tree, command) (``checkcache``): a tree checked once,
by any command of any run, is never checked again.

Interruptions: the check runs in a process group of its own (so a terminal's
Ctrl-C does not reach it half-way through a write), which makes killing that
group our job: on any exception while a check runs (KeyboardInterrupt,
SIGTERM turned into one by the CLI, a timeout) the whole group is terminated,
then killed.  The work tree's recorded tree is cleared before a move and
written after it, so a move cut short is finished properly by the next run.

``first_bad`` runs the check over the prefixes of a series: every prefix
(proof of bisectability), or an N-ary search (``core.bisect``) with as many
checks at once as there are work trees.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from xenpatch.core.bisect import search
from xenpatch.core.progress import NoProgress, Progress
from xenpatch.errors import BadInput
from xenpatch.gitio import worktree
from xenpatch.gitio.run import Git
from xenpatch.pipeline.checkcache import CheckCache, CheckResult
from xenpatch.store.userfiles import write_file_atomic

TAIL_LINES = 20
KILL_GRACE = 3.0  # seconds between SIGTERM and SIGKILL for an interrupted check

__all__ = ["CheckResult", "CheckRunner", "Checker", "CheckInterrupted", "PrefixCheck", "CheckReport",
           "first_bad", "worktree_dir", "slot_dir"]


class CheckInterrupted(Exception):
    """The check was killed because the run is being interrupted; it says nothing about the tree."""


@dataclass(frozen=True)
class PrefixCheck:
    """One check of the prefix ending at ``patch`` (``""`` = the bare base)."""

    prefix: int  # number of patches applied
    patch: str
    tree: str
    ok: bool
    exit_code: int | None
    timed_out: bool
    seconds: float  # timing
    output_tail: str
    cached: bool = False  # the result came from the check cache


@dataclass(frozen=True)
class CheckReport:
    command: str
    mode: str  # "all" or "bisect"
    runs: tuple[PrefixCheck, ...]  # in the order they were asked for
    first_bad: str | None  # the first patch whose prefix fails
    first_bad_prefix: int | None
    base_ok: bool
    ok: bool  # every prefix that ran passed (and, for bisect, the last one)
    rounds: int = 0  # batches of checks run at once (at most `jobs` checks each)
    jobs: int = 1


def worktree_dir(workspace_root: Path, queue: str) -> Path:
    return workspace_root / ".xenpatch" / "worktrees" / queue


def slot_dir(workspace_root: Path, queue: str, slot: int) -> Path:
    """Work tree number ``slot`` of a queue (0 is the one every command shares)."""
    if slot == 0:
        return worktree_dir(workspace_root, queue)
    # queue names start with a letter or digit, so '.jobs' cannot be a queue's
    return workspace_root / ".xenpatch" / "worktrees" / ".jobs" / queue / str(slot)


class CheckRunner:
    """Run ``command`` in one work tree holding exactly a given tree."""

    def __init__(self, git: Git, workdir: Path, command: str, timeout: float | None = None,
                 env: dict[str, str] | None = None, cache: CheckCache | None = None) -> None:
        if not command.strip():
            raise BadInput("the check command is empty", "pass --check CMD or set [check] command")
        self.git = git
        self.workdir = Path(workdir).resolve()
        self.index = self.workdir.with_name(self.workdir.name + ".index")
        self.state = self.workdir.with_name(self.workdir.name + ".tree")
        self.command = command
        self.timeout = timeout
        self.env = dict(env or {})
        self.cache = cache
        self.executed = 0  # checks actually run (not answered by the cache)
        self._proc: subprocess.Popen[bytes] | None = None
        self._killed = False
        self._guard = threading.Lock()

    def current_tree(self) -> str | None:
        if self.state.is_file() and self.index.is_file():
            text = self.state.read_text().strip()
            return text or None
        return None

    def move_to(self, tree: str) -> None:
        """Make the work tree hold exactly ``tree``, writing only files that differ."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        current = self.current_tree()
        if current != tree:
            # unknown while the move runs: a move cut short is redone from scratch
            self.state.unlink(missing_ok=True)
        worktree.move_detached(self.git, self.index, self.workdir, current, tree)
        if current != tree:
            write_file_atomic(self.state, (tree + "\n").encode())

    def run(self, tree: str, patch_name: str) -> CheckResult:
        if self.cache is not None:
            hit = self.cache.get(tree)
            if hit is not None:
                return hit
        self.move_to(tree)
        env = dict(os.environ)
        for k in ("GIT_INDEX_FILE", "GIT_WORK_TREE", "GIT_DIR"):
            env.pop(k, None)
        env.update(self.env)
        env.update({"XENPATCH_PATCH": patch_name, "XENPATCH_TREE": tree})
        # 'python' in a check means the interpreter xenpatch runs on (its venv),
        # so checks written as 'python -m ...' find the same packages
        env["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), env.get("PATH", "")])
        start = time.monotonic()
        with self._guard:
            if self._killed:
                raise CheckInterrupted()
            proc = subprocess.Popen(self.command, shell=True, cwd=self.workdir, env=env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
            self._proc = proc
        timed_out = False
        try:
            try:
                out, _ = proc.communicate(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                _signal_group(proc, signal.SIGKILL)
                out, _ = proc.communicate()
        except BaseException:
            self.kill()
            raise
        finally:
            with self._guard:
                self._proc = None
        if self._killed:
            raise CheckInterrupted()
        self.executed += 1
        seconds = round(time.monotonic() - start, 3)
        text = out.decode("utf-8", "replace").rstrip("\n")
        tail = "\n".join(text.splitlines()[-TAIL_LINES:])
        code = None if timed_out else proc.returncode
        result = CheckResult(ok=code == 0, exit_code=code, output_tail=tail, seconds=seconds, timed_out=timed_out)
        if self.cache is not None:
            self.cache.put(tree, result)
        return result

    def kill(self) -> None:
        """Stop the running check and every process it started; later runs refuse to start."""
        with self._guard:
            self._killed = True
            proc = self._proc
        if proc is None:
            return
        _signal_group(proc, signal.SIGTERM)
        try:
            proc.wait(timeout=KILL_GRACE)
        except subprocess.TimeoutExpired:
            pass
        # the leader may be gone while its children (make's jobs, a sleep) live on
        _signal_group(proc, signal.SIGKILL)
        try:
            proc.wait(timeout=KILL_GRACE)
        except subprocess.TimeoutExpired:
            pass


def _signal_group(proc: subprocess.Popen[bytes], sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


class Checker:
    """Checks with up to ``len(runners)`` running at once, each in its own work tree.

    ``fresh`` holds what this run learned (results run now or taken from the
    cache), so callers can tell a result known before the run from one just made.
    """

    def __init__(self, runners: Sequence[CheckRunner]) -> None:
        if not runners:
            raise ValueError("a Checker needs at least one work tree")
        self.runners = list(runners)
        self.command = runners[0].command
        self.cache = runners[0].cache
        self.rounds = 0
        self.hits = 0
        self.known_before: dict[str, CheckResult] = {}  # tree -> result cached before this run
        self.fresh: dict[str, CheckResult] = {}  # tree -> result run by this Checker

    @property
    def jobs(self) -> int:
        return len(self.runners)

    @property
    def executed(self) -> int:
        return sum(r.executed for r in self.runners)

    def known(self, tree: str) -> CheckResult | None:
        """A result without running anything: from this run, else from the cache."""
        if tree in self.fresh:
            return self.fresh[tree]
        if self.cache is not None:
            hit = self.cache.get(tree)
            if hit is not None:
                self.known_before[tree] = hit
                return hit
        return None

    def run_many(self, items: Sequence[tuple[str, str]]) -> dict[str, CheckResult]:
        """Check every (tree, label) of ``items``, at most ``jobs`` at once; results by tree.

        Counts as one round when anything had to run (the caller passes at most
        ``jobs`` new trees per call to keep rounds meaningful).
        """
        results: dict[str, CheckResult] = {}
        todo: dict[str, str] = {}  # tree -> label, in the order asked
        for tree, label in items:
            if tree in results or tree in todo:
                continue
            hit = self.known(tree)
            if hit is not None:
                self.hits += 1
                results[tree] = hit
            else:
                todo[tree] = label
        if not todo:
            return results
        self.rounds += (len(todo) + self.jobs - 1) // self.jobs
        pending = list(todo.items())
        for start in range(0, len(pending), self.jobs):
            free = list(self.runners)
            assigned = []
            for tree, label in pending[start:start + self.jobs]:
                runner = self._closest(tree, free)
                free.remove(runner)
                assigned.append((runner, tree, label))
            if len(assigned) == 1:  # one check: in this thread, no pool
                runner, tree, label = assigned[0]
                results[tree] = self.fresh[tree] = runner.run(tree, label)
                continue
            for tree, result in self._parallel(assigned).items():
                results[tree] = self.fresh[tree] = result
        return results

    def run(self, tree: str, label: str) -> CheckResult:
        return self.run_many([(tree, label)])[tree]

    def _closest(self, tree: str, free: list[CheckRunner]) -> CheckRunner:
        """A work tree already holding ``tree`` if there is one, else the first free one."""
        return next((r for r in free if r.current_tree() == tree), free[0])

    def _parallel(self, assigned: list[tuple[CheckRunner, str, str]]) -> dict[str, CheckResult]:
        pool = ThreadPoolExecutor(max_workers=len(assigned), thread_name_prefix="xenpatch-check")
        futures: dict[Future[CheckResult], str] = {}
        try:
            for runner, tree, label in assigned:
                futures[pool.submit(runner.run, tree, label)] = tree
            pending = set(futures)
            while pending:
                # short waits keep the main thread responsive to signals
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_EXCEPTION)
                for f in done:
                    if f.exception() is not None:
                        raise f.exception()  # type: ignore[misc]
            return {futures[f]: f.result() for f in futures}
        except BaseException:
            for runner, _, _ in assigned:
                runner.kill()
            raise
        finally:
            pool.shutdown(wait=True)


def make_checker(git: Git, workspace_root: Path, queue: str, command: str, timeout: float | None,
                 jobs: int = 1, cache: bool = True) -> Checker:
    """The checker a queue's commands share: its work trees and the workspace's check cache."""
    if jobs < 1:
        raise BadInput(f"--jobs {jobs} is not a number of parallel checks", "give 1 or more")
    store = CheckCache(workspace_root, command) if cache else None
    runners = [CheckRunner(git, slot_dir(workspace_root, queue, k), command, timeout,
                           {"XENPATCH_QUEUE": queue}, store) for k in range(jobs)]
    return Checker(runners)


Lookahead = Callable[[int, int, int], Sequence[tuple[str, str]]]


def first_bad(checker: Checker | CheckRunner, base_tree: str, prefixes: Sequence[tuple[str, str]],
              mode: str = "all", progress: Progress | None = None,
              lookahead: Lookahead | None = None) -> CheckReport:
    """Check the base and the prefixes ``[(patch name, tree after it), ...]`` of a series.

    ``all`` runs every prefix in order and stops at the first failure; ``bisect``
    checks the base and the full series, then narrows down the first failing
    prefix with as many probes per round as there are work trees, and always
    ends with the first failing prefix's predecessor checked.  ``lookahead(lo,
    hi, spare)`` may offer extra (tree, label) checks to fill a round's idle work
    trees (stabilize uses it to check candidates on the old base meanwhile).
    """
    if mode not in ("all", "bisect"):
        raise BadInput(f"unknown check mode {mode!r}", "use 'all' or 'bisect'")
    if isinstance(checker, CheckRunner):
        checker = Checker([checker])
    progress = progress or NoProgress()
    runs: list[PrefixCheck] = []
    seen: dict[int, PrefixCheck] = {}
    rounds_before = checker.rounds

    def point(k: int) -> tuple[str, str]:
        return ("", base_tree) if k == 0 else prefixes[k - 1]

    def record(k: int, result: CheckResult) -> PrefixCheck:
        name, tree = point(k)
        pc = PrefixCheck(k, name, tree, result.ok, result.exit_code, result.timed_out, result.seconds,
                         result.output_tail, result.cached)
        if k not in seen:
            runs.append(pc)
            seen[k] = pc
            progress.advance()
        return pc

    def evaluate(points: Sequence[int], lo: int, hi: int) -> dict[int, bool | None]:
        items = [(point(k)[1], point(k)[0]) for k in points]
        spare = checker.jobs - len({t for t, _ in items})
        if lookahead is not None and spare > 0 and lo < hi and hi not in points:  # hi is known to fail
            items += list(lookahead(lo, hi, spare))[:spare]
        results = checker.run_many(items)
        return {k: record(k, results[point(k)[1]]).ok for k in points}

    n = len(prefixes)

    def report(bad: int | None) -> CheckReport:
        progress.done()
        base_ok = seen[0].ok if 0 in seen else True
        name = prefixes[bad - 1][0] if bad else None
        return CheckReport(checker.command, mode, tuple(runs), name, bad, base_ok,
                           bad is None and base_ok and all(r.ok for r in runs),
                           checker.rounds - rounds_before, checker.jobs)

    if mode == "all":
        progress.start("checking prefixes", n + 1)
        for k in range(0, n + 1):
            if not evaluate([k], k, k)[k]:
                return report(None if k == 0 else k)
        return report(None)
    progress.start("checking prefixes", max(2, n.bit_length() + 2))
    found = search(n, evaluate, checker.jobs)
    if found.first_bad == 0:
        return report(None)
    return report(found.first_bad)
