"""The queue's old stack, remembered between runs (``.xenpatch/queues/NAME/stack.json``).

A forward-port starts from the series applied on its base, one commit per
patch. That stack is a pure function of the base and the patches' bytes, so
it is built once (by import, or by the first run that needs it) and found
again by that key. The file is a cache: xenpatch's own, never versioned, safe
to delete; the engine checks every commit it names before using it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from xenpatch.store.lock import private_fs

CACHE = "stack.json"
FORMAT = 1


class StackCache:
    def __init__(self, workspace: Path, name: str) -> None:
        self.fs = private_fs(workspace, name)

    def get(self, key: str) -> list[str] | None:
        try:
            data = self.fs.read(CACHE)
            doc = json.loads(data) if data else None
        except (OSError, ValueError):
            return None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("key") != key:
            return None
        commits = doc.get("commits")
        if not isinstance(commits, list) or not all(isinstance(c, str) and _is_id(c) for c in commits):
            return None
        return commits

    def put(self, key: str, commits: list[str]) -> None:
        doc = {"format": FORMAT, "key": key, "commits": commits}
        try:
            self.fs.write(CACHE, (json.dumps(doc, sort_keys=True) + "\n").encode())
        except OSError:
            pass  # a cache that cannot be written is only slower next time


_ID = re.compile(r"[0-9a-f]{40}")


def _is_id(value: str) -> bool:
    return bool(_ID.fullmatch(value))
