"""Kill a command at its N-th write step, for every N: crash safety tested step by step.

The command runs in a forked child (no interpreter start-up per trial) with an
audit hook (PEP 578) that counts the steps that change something on disk (a
rename, an unlink, a mkdir, an open for writing, a git process that moves refs)
and sends itself SIGKILL at the chosen one. Running N = 1, 2, ... until the
command finishes unkilled covers every step, without guessing sleep times.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from pathlib import Path
from typing import Any

_WRITE_EVENTS = {"os.rename", "os.remove", "os.rmdir", "os.mkdir", "os.link", "os.symlink", "os.truncate",
                 "shutil.rmtree", "os.chmod"}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_REF_WRITERS = {"update-ref", "fast-import"}


def is_write_step(event: str, args: tuple[Any, ...]) -> bool:
    if event in _WRITE_EVENTS:
        return True
    if event == "open":
        if isinstance(args[0], int):
            return False  # wrapping a descriptor (a pipe to git) opens nothing
        flags = args[2] if len(args) > 2 else 0
        return isinstance(flags, int) and bool(flags & _WRITE_FLAGS)
    if event == "subprocess.Popen":
        argv = args[1] if len(args) > 1 else ()
        return isinstance(argv, (list, tuple)) and any(str(a) in _REF_WRITERS for a in argv)
    return False


def _fork() -> int:
    """os.fork(), after finalizing the unreachable objects of earlier commands first.

    A Git handle left in a reference cycle still owns a running ``cat-file --batch``; the child
    inherits the write end of its stdin. If a later collection finalized that handle in the parent
    while the child runs, the parent would close its end and wait for a cat-file that never sees
    end of input (the child holds the pipe), while the child waits for a lock the parent holds.
    """
    gc.collect()
    return os.fork()


def start(workspace: Path, args: list[str], step: int | None = None, stderr: Path | None = None,
          delay: float = 0.0) -> int:
    """Fork ``xenpatch -C workspace ARGS`` (killed at its ``step``-th write step); return the pid."""
    pid = _fork()
    if pid == 0:  # the child: never returns into pytest
        code = 99
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC) if stderr else devnull, 2)
            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__  # not pytest's capture
            if delay:
                import time
                time.sleep(delay)
            counter = [0]

            def hook(event: str, hook_args: tuple[Any, ...]) -> None:
                if step is not None and is_write_step(event, hook_args):
                    counter[0] += 1
                    if counter[0] == step:
                        os.kill(os.getpid(), signal.SIGKILL)

            sys.addaudithook(hook)
            from xenpatch.cli import main
            try:
                main(["-C", str(workspace), *args])
                code = 0
            except SystemExit as exc:
                code = int(exc.code or 0)
        finally:
            os._exit(code)
    return pid


def wait(pid: int) -> int | None:
    """The child's exit code, or None when it was killed."""
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return None
    return os.WEXITSTATUS(status)


def run_killed_at(workspace: Path, args: list[str], step: int | None) -> int | None:
    """Run ``xenpatch -C workspace ARGS`` in a child killed at its ``step``-th write step.

    Returns the exit code, or None when the kill landed (the step was reached)."""
    return wait(start(workspace, args, step))


def count_steps(workspace: Path, args: list[str]) -> int:
    """How many write steps the command takes (run once, counting, in a child)."""
    return len(step_events(workspace, args))


def step_events(workspace: Path, args: list[str]) -> list[str]:
    """Each write step of the command as ``"<audit event> <file name>"`` (``os.rename manifest.pending``,
    ``subprocess.Popen`` ...), from one run in a child: where the ref updates and the commit point are."""
    import json
    import tempfile
    fd, out = tempfile.mkstemp()
    os.close(fd)
    pid = _fork()
    if pid == 0:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            events: list[str] = []

            def hook(event: str, hook_args: tuple[Any, ...]) -> None:
                if is_write_step(event, hook_args):
                    what = hook_args[0] if hook_args and isinstance(hook_args[0], (str, bytes, os.PathLike)) else ""
                    events.append(f"{event} {os.path.basename(os.fsdecode(what))}".rstrip())

            sys.addaudithook(hook)
            from xenpatch.cli import main
            try:
                main(["-C", str(workspace), *args])
            except SystemExit:
                pass
            Path(out).write_text(json.dumps(events))
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    found: list[str] = json.loads(Path(out).read_text())
    os.unlink(out)
    return found
