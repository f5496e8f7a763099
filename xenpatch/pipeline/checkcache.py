"""Check results remembered by (tree id, check command).

Why: a check is a kernel build, minutes each, and the same tree comes back all
the time: the nightly rerun after an unrelated change, lint's build at each
position, the probes of a bisection, the old base that stabilize compares
against.  A tree id names the exact content under test, so a result recorded
for (tree, command) is the answer for that pair whoever asked.  A check that
timed out or was interrupted says nothing about the tree and is not recorded.

Layout: ``WORKSPACE/.xenpatch/checks/<sha256(command)[:16]>/<tree[:2]>/<tree>.json``,
each file written atomically and holding its own command and tree, so a damaged
or foreign file is a miss, never a wrong answer.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from xenpatch.store.userfiles import write_file_atomic

CACHE_FORMAT = 1
_TREE = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    exit_code: int | None  # None when it timed out
    output_tail: str  # the last lines of stdout+stderr
    seconds: float  # timing
    timed_out: bool
    cached: bool = False  # answered from the cache, not run now


def cache_dir(workspace_root: Path) -> Path:
    return workspace_root / ".xenpatch" / "checks"


class CheckCache:
    def __init__(self, workspace_root: Path, command: str) -> None:
        self.command = command
        key = hashlib.sha256(command.encode("utf-8", "surrogateescape")).hexdigest()[:16]
        self.root = cache_dir(workspace_root) / key

    def _path(self, tree: str) -> Path | None:
        if not _TREE.match(tree):
            return None
        return self.root / tree[:2] / f"{tree}.json"

    def get(self, tree: str) -> CheckResult | None:
        path = self._path(tree)
        if path is None or path.is_symlink() or not path.is_file():
            return None
        try:
            doc = json.loads(path.read_bytes())
            if doc.get("format") != CACHE_FORMAT or doc.get("command") != self.command or doc.get("tree") != tree:
                return None
            code = doc["exit_code"]
            return CheckResult(ok=bool(doc["ok"]) and code == 0, exit_code=None if code is None else int(code),
                               output_tail=str(doc["output_tail"]), seconds=float(doc["seconds"]),
                               timed_out=False, cached=True)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def put(self, tree: str, result: CheckResult) -> None:
        path = self._path(tree)
        if path is None or result.timed_out or result.exit_code is None:
            return
        doc = {"format": CACHE_FORMAT, "command": self.command, "tree": tree, "ok": result.ok,
               "exit_code": result.exit_code, "output_tail": result.output_tail, "seconds": result.seconds}
        write_file_atomic(path, (json.dumps(doc, sort_keys=True, indent=1) + "\n").encode())
