"""Private index files: xenpatch's own staging areas inside .git (``scratch``), never the user's index.

Every tree operation that needs git's index machinery (``apply --cached`` for a
binary patch or an exact report, ``read-tree``, ``write-tree``) gets one of
these through GIT_INDEX_FILE. One class owns creating, filling, applying to,
reading back and removing them, so no caller can leave one behind or touch the
user's index by forgetting the environment. Seed it with a whole tree
(``of_tree``: what ``git am`` pays, a read and a write of every entry per
patch) only where a whole tree is wanted; ``of_entries`` holds just the paths a
patch names, so applying to it costs what the patch touches.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Self

from xenpatch.gitio.objects import Entry
from xenpatch.gitio.repo import EMPTY_TREE
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.scratch import scratch_dir

_ZERO = "0" * 40


class ApplyFailed(Exception):
    """A patch does not apply exactly; carries git apply's stderr."""

    def __init__(self, stderr: bytes) -> None:
        super().__init__(stderr.decode("utf-8", "replace").strip())
        self.stderr = stderr


class PrivateIndex:
    def __init__(self, git: Git, prefix: str = "xenpatch-index-") -> None:
        self.git = git
        fd, name = tempfile.mkstemp(prefix=prefix, dir=scratch_dir(git.git_dir))
        os.close(fd)
        os.unlink(name)  # git wants to create the file itself
        self.path = Path(name)
        self.env = {"GIT_INDEX_FILE": name}

    @classmethod
    def of_tree(cls, git: Git, tree: str) -> "PrivateIndex":
        index = cls(git)
        index.read_tree(tree)
        return index

    @classmethod
    def of_entries(cls, git: Git, entries: dict[str, Entry]) -> "PrivateIndex":
        index = cls(git, "xenpatch-pindex-")
        index.reset(entries)
        return index

    def reset(self, entries: dict[str, Entry]) -> None:
        """Hold exactly ``entries`` (an empty index is written too: git apply --cached reads one)."""
        self.clear()
        if entries:
            self.update(dict(entries))
        else:
            self.read_tree(EMPTY_TREE)

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

    # -- git apply --cached on it ---------------------------------------

    @staticmethod
    def _apply_args(strip: int, reverse: bool) -> list[str]:
        return ["apply", "--cached", f"-p{strip}", "--whitespace=nowarn", "--binary"] + (["--reverse"] if reverse else [])

    def apply(self, patch: bytes, strip: int = 1, reverse: bool = False, recount: bool = False) -> None:
        """Apply exactly (offsets allowed, no fuzz), or raise ApplyFailed and change nothing."""
        args = self._apply_args(strip, reverse) + (["--recount"] if recount else [])
        rc, _, err = self.git.run_status(args + ["-"], stdin=patch, env=self.env)
        if rc != 0:
            raise ApplyFailed(err)

    def check(self, patch: bytes, strip: int = 1, reverse: bool = False) -> bool:
        rc, _, _ = self.git.run_status(self._apply_args(strip, reverse) + ["--check", "-"], stdin=patch, env=self.env)
        return rc == 0

    def apply_report(self, patch: bytes, exact: bool = True, strip: int = 1) -> tuple[bool, str]:
        """Apply a patch: (ok, git's report).  With ``exact``, an offset or fuzz report is a failure."""
        rc, _, err = self.git.run_status(
            ["apply", "--cached", "-v", f"-p{strip}", "--whitespace=nowarn", "--binary", "-"],
            stdin=patch, env=self.env)
        text = err.decode("utf-8", "replace")
        if rc != 0:
            return False, next((ln for ln in text.splitlines() if ln.startswith("error:")), text.strip())
        inexact = [ln for ln in text.splitlines() if "succeeded at" in ln or "fuzz" in ln]
        if exact and inexact:
            return False, inexact[0]
        return True, ""

    def apply_whitespace_warnings(self, patch: bytes, strip: int = 1) -> tuple[bool, bytes]:
        """Apply with ``--whitespace=warn``: (applied, git's stderr).

        git reports exactly the whitespace errors ``--whitespace=error`` refuses
        (``<stdin>:LINE: trailing whitespace.``, counted in lines of ``patch``), and
        the index moves on to the next position, so a whole series is linted with
        one process per patch.  A patch that does not apply leaves the index as it was.
        """
        rc, _, err = self.git.run_status(
            ["apply", "--cached", "--whitespace=warn", "--binary", f"-p{strip}", "-"], stdin=patch, env=self.env)
        return rc == 0, err

    def close(self) -> None:
        for p in (self.path, Path(str(self.path) + ".lock")):
            p.unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
