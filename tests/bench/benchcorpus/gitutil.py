"""Thin, typed wrappers over git plumbing used by the corpus builders.

Everything goes through long-lived ``git fast-import`` / ``git cat-file --batch``
processes: at kernel scale, one git process per file or per commit would dominate
the build time.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Iterable, Sequence

#: Hermetic environment: no user/system config, C locale, fixed identity.
GIT_ENV: dict[str, str] = {
    **os.environ,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "LC_ALL": "C",
    "LANG": "C",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_EDITOR": "true",
    "GIT_PAGER": "cat",
    "GIT_AUTHOR_NAME": "Bench User",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench User",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}

NULL_SHA = "0" * 40


def git(git_dir: Path, *args: str, input: bytes | None = None, cwd: Path | None = None) -> bytes:
    """Run ``git --git-dir=GIT_DIR ARGS`` and return stdout; raise on failure."""
    cmd = ["git", f"--git-dir={git_dir}", *args]
    proc = subprocess.run(cmd, input=input, capture_output=True, env=GIT_ENV, cwd=cwd)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:6])}... failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
    return proc.stdout


def rev_parse(git_dir: Path, rev: str) -> str:
    return git(git_dir, "rev-parse", "--verify", "--quiet", rev + "^{commit}").decode().strip()


def ref_exists(git_dir: Path, ref: str) -> bool:
    cmd = ["git", f"--git-dir={git_dir}", "rev-parse", "--verify", "--quiet", ref]
    return subprocess.run(cmd, capture_output=True, env=GIT_ENV).returncode == 0


def blob_sha(data: bytes) -> str:
    """The git object id ``data`` has as a blob (so we can skip writing known blobs)."""
    h = hashlib.sha1(b"blob %d\0" % len(data))
    h.update(data)
    return h.hexdigest()


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    sha: str


def ls_tree(git_dir: Path, rev: str) -> dict[str, TreeEntry]:
    """All blobs (files and symlinks) of ``rev``'s tree, by path."""
    out = git(git_dir, "ls-tree", "-r", "-z", "--full-tree", rev)
    entries: dict[str, TreeEntry] = {}
    for rec in out.split(b"\0"):
        if not rec:
            continue
        meta, path = rec.split(b"\t", 1)
        mode, kind, sha = meta.decode().split(" ")
        if kind == "blob":
            entries[path.decode("utf-8", "surrogateescape")] = TreeEntry(mode, sha)
    return entries


@dataclass(frozen=True)
class Hunk:
    """One ``-U0`` hunk: old lines [old_start, old_start+old_len) (1-based) became ``new``."""

    old_start: int
    old_len: int
    new_start: int
    new_len: int


_HUNK_RE = re.compile(rb"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def diff_hunks(git_dir: Path, old: str, new: str, paths: Sequence[str]) -> dict[str, list[Hunk]]:
    """Zero-context hunks of ``old..new`` for ``paths`` (one git call)."""
    result: dict[str, list[Hunk]] = {p: [] for p in paths}
    if not paths:
        return result
    out = git(git_dir, "diff", "-U0", "--histogram", "--no-renames", "--no-color", "--no-ext-diff",
              old, new, "--", *paths)
    current: str | None = None
    for line in out.split(b"\n"):
        if line.startswith(b"diff --git "):
            current = None
        elif line.startswith(b"+++ b/"):
            current = line[6:].decode("utf-8", "surrogateescape")
        elif line.startswith(b"@@") and current is not None:
            m = _HUNK_RE.match(line)
            if m:
                ol = int(m.group(2)) if m.group(2) is not None else 1
                nl = int(m.group(4)) if m.group(4) is not None else 1
                result.setdefault(current, []).append(Hunk(int(m.group(1)), ol, int(m.group(3)), nl))
    return result


class CatFile:
    """A persistent ``git cat-file --batch`` reader."""

    def __init__(self, git_dir: Path) -> None:
        self._proc = subprocess.Popen(
            ["git", f"--git-dir={git_dir}", "cat-file", "--batch"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=GIT_ENV,
        )
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._in: IO[bytes] = self._proc.stdin
        self._out: IO[bytes] = self._proc.stdout

    def read(self, obj: str) -> bytes:
        self._in.write(obj.encode() + b"\n")
        self._in.flush()
        header = self._out.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            raise KeyError(obj)
        size = int(header[2])
        data = self._out.read(size)
        self._out.read(1)
        return data

    def close(self) -> None:
        self._in.close()
        self._proc.wait()

    def __enter__(self) -> CatFile:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


@dataclass(frozen=True)
class Ident:
    name: str
    email: str

    def at(self, when: int) -> bytes:
        return f"{self.name} <{self.email}> {when} +0000".encode()


@dataclass
class Change:
    """One file operation of a commit: set ``path`` to blob ``sha`` or to ``data``, or delete it."""

    path: str
    mode: str = "100644"
    sha: str | None = None
    data: bytes | None = None

    @property
    def is_delete(self) -> bool:
        return self.sha is None and self.data is None


def _quote_path(path: str) -> bytes:
    raw = path.encode("utf-8", "surrogateescape")
    if raw.startswith(b'"') or b"\n" in raw or b"\\" in raw:
        return b'"' + raw.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n") + b'"'
    return raw


class FastImport:
    """Writes one ``git fast-import`` stream; marks are allocated here."""

    def __init__(self, git_dir: Path) -> None:
        self._proc = subprocess.Popen(
            ["git", f"--git-dir={git_dir}", "fast-import", "--quiet", "--force", "--done"],
            stdin=subprocess.PIPE, env=GIT_ENV, bufsize=1 << 20,
        )
        assert self._proc.stdin is not None
        self._w: IO[bytes] = self._proc.stdin
        self._mark = 0
        self._written: set[str] = set()

    def _next_mark(self) -> str:
        self._mark += 1
        return f":{self._mark}"

    def _data(self, data: bytes) -> None:
        self._w.write(b"data %d\n" % len(data))
        self._w.write(data)
        self._w.write(b"\n")

    def blob(self, data: bytes) -> str:
        mark = self._next_mark()
        self._w.write(b"blob\nmark " + mark.encode() + b"\n")
        self._data(data)
        return mark

    def blob_with_id(self, data: bytes, sha: str) -> None:
        """Write a blob that later commands reference by its id ``sha`` (deduplicated)."""
        if sha in self._written:
            return
        self._written.add(sha)
        self._w.write(b"blob\n")
        self._data(data)

    def commit(self, ref: str, *, author: Ident, when: int, message: str,
               parent: str | None, changes: Iterable[Change], deleteall: bool = False) -> str:
        """Write a commit; ``parent`` is a mark or a sha (None: root commit). Returns its mark."""
        mark = self._next_mark()
        w = self._w
        w.write(b"commit " + ref.encode() + b"\nmark " + mark.encode() + b"\n")
        w.write(b"author " + author.at(when) + b"\ncommitter " + author.at(when) + b"\n")
        self._data(message.encode())
        if parent is not None:
            w.write(b"from " + parent.encode() + b"\n")
        if deleteall:
            w.write(b"deleteall\n")
        for ch in changes:
            if ch.is_delete:
                w.write(b"D " + _quote_path(ch.path) + b"\n")
            elif ch.data is not None:
                w.write(f"M {ch.mode} inline ".encode() + _quote_path(ch.path) + b"\n")
                self._data(ch.data)
            else:
                assert ch.sha is not None
                w.write(f"M {ch.mode} {ch.sha} ".encode() + _quote_path(ch.path) + b"\n")
        w.write(b"\n")
        return mark

    def reset(self, ref: str, target: str) -> None:
        self._w.write(f"reset {ref}\nfrom {target}\n\n".encode())

    def close(self) -> None:
        self._w.write(b"done\n")
        self._w.close()
        if self._proc.wait() != 0:
            raise RuntimeError("git fast-import failed")

    def abort(self) -> None:
        self._proc.kill()
        self._proc.wait()

    def __enter__(self) -> FastImport:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        if et is None:
            self.close()
        else:
            self.abort()


def split_lines(data: bytes) -> list[bytes]:
    """Lossless line split: ``b"\\n".join(split_lines(d)) == d``."""
    return data.split(b"\n")


def join_lines(lines: Sequence[bytes]) -> bytes:
    return b"\n".join(lines)
