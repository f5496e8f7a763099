"""Run an earlier xenpatch (a commit of this repository) beside the current one, and compare.

A faster forward-port must be the same forward-port. The speed work is checked
against the engine as the fidelity issue left it (``REFERENCE``): the same queue
is forward-ported by both, in the same run, and every patch must have the same
outcome and, when applied, the same tree in the candidate stack (so its
forward-ported diff is byte for byte the same).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
REFERENCE = "430134b"  # main after issue 10: the engine package, before the speed work


class Reference:
    """``python -m xenpatch`` of the package as it was at ``ref``."""

    def __init__(self, ref: str = REFERENCE) -> None:
        self.ref = ref
        self.dir = Path(tempfile.mkdtemp(prefix="xenpatch-reference-"))
        data = subprocess.run(["git", "-C", str(REPO), "archive", ref, "xenpatch"], check=True,
                              capture_output=True).stdout
        with tarfile.open(fileobj=BytesIO(data)) as tf:
            tf.extractall(self.dir, filter="data")
        self.commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short=12", ref], check=True,
                                     capture_output=True, text=True).stdout.strip()

    def run(self, ws: Path, *args: str) -> tuple[int, bytes]:
        env = {**os.environ, "PYTHONPATH": str(self.dir)}
        proc = subprocess.run([sys.executable, "-m", "xenpatch", "-C", str(ws), *args], capture_output=True,
                              env=env, cwd=self.dir)
        return proc.returncode, proc.stdout


def trees(repo: Path, commits: list[str]) -> dict[str, str]:
    """commit -> its tree, for many commits in one process."""
    if not commits:
        return {}
    out = subprocess.run(["git", f"--git-dir={repo}", "rev-parse", *[f"{c}^{{tree}}" for c in commits]],
                         check=True, capture_output=True, text=True).stdout.split()
    return dict(zip(commits, out))


def compare(mine: dict[str, Any], mine_repo: Path, theirs: dict[str, Any], theirs_repo: Path) -> dict[str, Any]:
    """Per patch: same outcome; for applied patches, the same tree in the candidate stack."""
    a = {p["name"]: p for p in mine["patches"]}
    b = {p["name"]: p for p in theirs["patches"]}
    ta = trees(mine_repo, [p["commit"] for p in a.values() if p.get("commit")])
    tb = trees(theirs_repo, [p["commit"] for p in b.values() if p.get("commit")])
    outcome_diff = sorted(n for n in a if n not in b or a[n]["outcome"] != b[n]["outcome"])
    applied = [n for n in a if a[n].get("commit") and n in b and b[n].get("commit")]
    tree_diff = sorted(n for n in applied if ta[a[n]["commit"]] != tb[b[n]["commit"]])
    return {"reference": None, "patches": len(a), "same_outcome": len(a) - len(outcome_diff),
            "outcome_differs": outcome_diff, "applied_compared": len(applied),
            "same_tree": len(applied) - len(tree_diff), "tree_differs": tree_diff}


def rebase_json(stdout: bytes) -> dict[str, Any]:
    return json.loads(stdout)  # type: ignore[no-any-return]
