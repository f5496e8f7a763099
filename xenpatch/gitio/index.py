"""Private index files: xenpatch's own staging areas inside .git (``scratch``), never the user's index.

Every in-memory tree operation that needs git's index machinery (apply --cached,
write-tree, read-tree) gets one of these through GIT_INDEX_FILE. One class
owns creating, filling, reading back and removing them, so no caller can leave
one behind or touch the user's index by forgetting the environment.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Self

from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.scratch import scratch_dir

Entry = tuple[str, str]  # (mode, object id)
_ZERO = "0" * 40


class PrivateIndex:
    def __init__(self, git: Git, prefix: str = "xenpatch-index-") -> None:
        self.git = git
        fd, name = tempfile.mkstemp(prefix=prefix, dir=scratch_dir(git.git_dir))
        os.close(fd)
        os.unlink(name)  # git wants to create the file itself
        self.path = Path(name)
        self.env = {"GIT_INDEX_FILE": name}

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

    def read_tree(self, tree: str) -> None:
        self.git.run(["read-tree", tree], env=self.env)

    def update(self, entries: dict[str, Entry | None]) -> None:
        """Set each path to (mode, oid), or remove it for None."""
        if not entries:
            return
        info = b"".join(
            (f"{e[0]} {e[1]}" if e else f"0 {_ZERO}").encode() + b"\t" + p.encode("utf-8", "surrogateescape") + b"\0"
            for p, e in sorted(entries.items())
        )
        self.git.run(["update-index", "-z", "--add", "--index-info"], stdin=info, env=self.env)

    def entries(self) -> dict[str, Entry]:
        out = self.git.run(["ls-files", "-s", "-z"], env=self.env)
        found: dict[str, Entry] = {}
        for rec in out.split(b"\0"):
            if rec:
                meta, _, path = rec.partition(b"\t")
                mode, oid, _stage = meta.decode().split()
                found[path.decode("utf-8", "surrogateescape")] = (mode, oid)
        return found

    def write_tree(self) -> ObjectId:
        return ObjectId(self.git.run(["write-tree"], env=self.env).decode().strip())

    def close(self) -> None:
        for p in (self.path, Path(str(self.path) + ".lock")):
            p.unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
