"""Running the xenpatch command as a user does (a whole process), timed, for the benchmarks."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def compile_package() -> None:
    """Byte-compile xenpatch first, as an installation does: a timed run must not be the one
    that compiles the modules it imports."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "xenpatch")], check=True)


def xenpatch(ws: Path, *args: str) -> tuple[int, bytes, float]:
    """``xenpatch -C WS ARGS``: (exit code, stdout, seconds)."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "xenpatch", "-C", str(ws), *args], capture_output=True, cwd=REPO)
    return proc.returncode, proc.stdout, time.perf_counter() - t0
