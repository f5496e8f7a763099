"""Running the user's check command on a tree, in a work tree that moves incrementally.

Why a private work tree: a check (a kernel build, a test script) needs real files,
but xenpatch must never touch the user's checkout.  One work tree per queue lives
under ``<workspace>/.xenpatch/worktrees/<queue>`` with its own index file
(``GIT_INDEX_FILE``, ``GIT_WORK_TREE``); moving it from one tree to the next is
``git read-tree -m -u OLD NEW``, which writes only the files that differ, so
build outputs left by the previous run stay valid and an incremental ``make``
does little work.  If the command left tracked files modified, the move falls
back to ``read-tree --reset -u NEW`` (still only rewriting what differs).

``first_bad`` runs the check over the prefixes of a series: every prefix (proof
of bisectability), or a binary search that assumes a prefix stays broken once
broken, confirmed by checking that the first bad prefix's predecessor passes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from xenpatch.errors import BadInput
from xenpatch.gitio import worktree
from xenpatch.gitio.run import Git
from xenpatch.pipeline.progress import NoProgress, Progress

TAIL_LINES = 20


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    exit_code: int | None  # None when it timed out
    output_tail: str  # the last lines of stdout+stderr
    seconds: float  # timing
    timed_out: bool


@dataclass(frozen=True)
class PrefixCheck:
    """One run over the prefix ending at ``patch`` (``""`` = the bare base)."""

    prefix: int  # number of patches applied
    patch: str
    tree: str
    ok: bool
    exit_code: int | None
    timed_out: bool
    seconds: float  # timing
    output_tail: str


@dataclass(frozen=True)
class CheckReport:
    command: str
    mode: str  # "all" or "bisect"
    runs: tuple[PrefixCheck, ...]  # in the order they ran
    first_bad: str | None  # the first patch whose prefix fails
    first_bad_prefix: int | None
    base_ok: bool
    ok: bool  # every prefix that ran passed (and, for bisect, the last one)


class CheckRunner:
    """Run ``command`` in a work tree holding exactly a given tree."""

    def __init__(self, git: Git, workdir: Path, command: str, timeout: float | None = None,
                 env: dict[str, str] | None = None) -> None:
        if not command.strip():
            raise BadInput("the check command is empty", "pass --check CMD or set [check] command")
        self.git = git
        self.workdir = Path(workdir).resolve()
        self.index = self.workdir.with_name(self.workdir.name + ".index")
        self.state = self.workdir.with_name(self.workdir.name + ".tree")
        self.command = command
        self.timeout = timeout
        self.env = dict(env or {})

    def current_tree(self) -> str | None:
        if self.state.is_file() and self.index.is_file():
            text = self.state.read_text().strip()
            return text or None
        return None

    def move_to(self, tree: str) -> None:
        """Make the work tree hold exactly ``tree``, writing only files that differ."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        current = self.current_tree()
        if current == tree:
            return
        worktree.move_detached(self.git, self.index, self.workdir, current, tree)
        self.state.write_text(tree + "\n")

    def run(self, tree: str, patch_name: str) -> CheckResult:
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
        proc = subprocess.Popen(self.command, shell=True, cwd=self.workdir, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        timed_out = False
        try:
            out, _ = proc.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            out, _ = proc.communicate()
        seconds = round(time.monotonic() - start, 3)
        text = out.decode("utf-8", "replace").rstrip("\n")
        tail = "\n".join(text.splitlines()[-TAIL_LINES:])
        code = None if timed_out else proc.returncode
        return CheckResult(ok=code == 0, exit_code=code, output_tail=tail, seconds=seconds, timed_out=timed_out)


def first_bad(runner: CheckRunner, base_tree: str, prefixes: Sequence[tuple[str, str]], mode: str = "all",
              progress: Progress | None = None) -> CheckReport:
    """Check the base and the prefixes ``[(patch name, tree after it), ...]`` of a series.

    ``all`` runs every prefix in order and stops at the first failure; ``bisect``
    checks the full series, then binary-searches the first failing prefix and
    confirms that its predecessor passes.
    """
    if mode not in ("all", "bisect"):
        raise BadInput(f"unknown check mode {mode!r}", "use 'all' or 'bisect'")
    progress = progress or NoProgress()
    runs: list[PrefixCheck] = []
    cache: dict[int, PrefixCheck] = {}

    def check(k: int) -> PrefixCheck:
        if k in cache:
            return cache[k]
        name, tree = ("", base_tree) if k == 0 else prefixes[k - 1]
        r = runner.run(tree, name)
        pc = PrefixCheck(k, name, tree, r.ok, r.exit_code, r.timed_out, r.seconds, r.output_tail)
        runs.append(pc)
        cache[k] = pc
        progress.advance()
        return pc

    n = len(prefixes)
    progress.start("checking prefixes", n + 1 if mode == "all" else max(2, n.bit_length() + 2))

    def report(bad: int | None) -> CheckReport:
        progress.done()
        base_ok = cache[0].ok if 0 in cache else True
        name = prefixes[bad - 1][0] if bad else None
        return CheckReport(runner.command, mode, tuple(runs), name, bad, base_ok,
                           bad is None and base_ok and all(r.ok for r in runs))

    if not check(0).ok:
        return report(None)
    if mode == "all":
        for k in range(1, n + 1):
            if not check(k).ok:
                return report(k)
        return report(None)
    if n == 0 or check(n).ok:
        return report(None)
    lo, hi = 0, n  # lo passes, hi fails
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if check(mid).ok:
            lo = mid
        else:
            hi = mid
    check(hi - 1)  # the predecessor of the first bad prefix must pass (already known here)
    return report(hi)


def worktree_dir(workspace_root: Path, queue: str) -> Path:
    return workspace_root / ".xenpatch" / "worktrees" / queue

