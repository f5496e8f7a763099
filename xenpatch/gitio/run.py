"""Running git: one typed helper that deals in bytes and raises ``GitError``.

GitPython opens and validates the repository (its errors for "not a repository"
are precise); the hot path runs git through subprocess because it must pass raw
bytes both ways (GitPython strips the final newline of output by default, which
corrupts blobs and patches). A repository laid out the usual way (a work tree
with its ``.git`` directory, or a bare one) is recognised from its files first,
so the common case does not pay for importing GitPython (a tenth of a second of
a command that should take less than one).
"""

from __future__ import annotations

import atexit
import os
import subprocess
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, NewType, Sequence

from xenpatch.errors import GitError, XenpatchError

if TYPE_CHECKING:
    from xenpatch.gitio.objects import ObjectReader, ObjectWriter
from xenpatch.gitio.scratch import SCRATCH, sweep

ObjectId = NewType("ObjectId", str)

# Config that would change the bytes git prints is pinned, so output does not
# depend on the user's ~/.gitconfig (noprefix, mnemonicprefix, colour, rename limits).
_PINNED_CONFIG = (
    "-c", "diff.noprefix=false",
    "-c", "diff.mnemonicprefix=false",
    "-c", "diff.renames=true",
    "-c", "diff.algorithm=default",
    "-c", "color.ui=false",
    "-c", "core.quotepath=true",
    "-c", "diff.relative=false",
    "-c", "merge.conflictstyle=merge",
    "-c", "diff.suppressBlankEmpty=false",
    "-c", "format.signature=",
    "-c", "core.autocrlf=false",
)

_BASE_ENV = {
    "LC_ALL": "C",
    "LANG": "C",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_EDITOR": "true",
    "GIT_PAGER": "cat",
}


class Git:
    """A handle on one repository. Never touches the user's HEAD, index or work tree."""

    def __init__(self, path: Path | str) -> None:
        path = Path(path)
        if not path.exists():
            raise XenpatchError(f"{path} does not exist", "give the path of the kernel git repository")
        found = _plain_layout(path)
        if found is None:
            found = _open_with_gitpython(path)
        work_tree, git_dir = found
        self.path = (work_tree or git_dir).resolve()
        self.git_dir = git_dir.resolve()
        sweep(self.git_dir / SCRATCH)  # temporary files of runs that were killed
        self._env = dict(os.environ)
        self._env.update(_BASE_ENV)
        self._version: tuple[int, ...] | None = None
        self._reader: "ObjectReader | None" = None
        self._writer: "ObjectWriter | None" = None

    @property
    def reader(self) -> "ObjectReader":
        """The repository's one object channel for reading (``cat-file --batch``), started on first use."""
        if self._reader is None:
            from xenpatch.gitio.objects import ObjectReader

            self._reader = ObjectReader(self, shared=True)
        return self._reader

    @property
    def writer(self) -> "ObjectWriter":
        """Writes objects from Python (loose objects), for everything xenpatch creates."""
        if self._writer is None:
            from xenpatch.gitio.objects import ObjectWriter

            self._writer = ObjectWriter(self)
            atexit.register(_flush, weakref.ref(self._writer))  # nothing written is lost at exit
        return self._writer

    def pending_writer(self) -> "ObjectWriter | None":
        """The object writer, when it holds objects not yet on disk."""
        writer = self._writer
        return writer if writer is not None and writer.has_pending else None

    def close(self) -> None:
        """Stop the object channel (it is also stopped when the process exits)."""
        if self._writer is not None:
            self._writer.flush()
        if self._reader is not None:
            self._reader.stop()
            self._reader = None

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        env = dict(self._env)
        if extra:
            env.update(extra)
        return env

    def command(self, args: Sequence[str]) -> list[str]:
        return ["git", "-C", str(self.path), *_PINNED_CONFIG, *args]

    def run(
        self,
        args: Sequence[str],
        stdin: bytes | None = None,
        env: Mapping[str, str] | None = None,
        ok_codes: Sequence[int] = (0,),
    ) -> bytes:
        """Run git, return stdout bytes untouched; raise GitError on any other exit code."""
        rc, out, err = self.run_status(args, stdin=stdin, env=env)
        if rc not in ok_codes:
            raise GitError(list(args), rc, err)
        return out

    def run_status(
        self,
        args: Sequence[str],
        stdin: bytes | None = None,
        env: Mapping[str, str] | None = None,
    ) -> tuple[int, bytes, bytes]:
        """Run git and return (exit code, stdout, stderr) without judging the exit code."""
        if self._writer is not None:
            self._writer.flush()  # what this process wrote must be on disk before git looks
        proc = subprocess.run(
            self.command(args),
            input=stdin if stdin is not None else b"",
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=self.env(env),
        )
        return proc.returncode, proc.stdout, proc.stderr

    def run_together(self, calls: Sequence[tuple[Sequence[str], bytes]]) -> list[bytes]:
        """Run several git commands at once (each ``(args, stdin)``), for work that splits
        into independent halves on a machine with cores to spare; stdout of each, in order."""
        if self._writer is not None:
            self._writer.flush()
        if len(calls) < 2:
            return [self.run(args, stdin=stdin) for args, stdin in calls]
        from concurrent.futures import ThreadPoolExecutor

        def one(call: tuple[Sequence[str], bytes]) -> subprocess.CompletedProcess[bytes]:
            args, stdin = call
            return subprocess.run(self.command(args), input=stdin, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env=self.env())

        with ThreadPoolExecutor(max_workers=len(calls), thread_name_prefix="xenpatch-git") as pool:
            done = list(pool.map(one, calls))
        for (args, _), proc in zip(calls, done):
            if proc.returncode != 0:
                raise GitError(list(args), proc.returncode, proc.stderr)
        return [proc.stdout for proc in done]

    def version(self) -> tuple[int, ...]:
        if self._version is None:
            out = self.run(["version"]).decode().split()[2]
            self._version = tuple(int(p) for p in out.split(".")[:3] if p.isdigit())
        return self._version


def _is_git_dir(d: Path) -> bool:
    """A directory with what every repository has: HEAD, objects/ and refs/ (no commondir)."""
    return (d / "HEAD").is_file() and (d / "objects").is_dir() and (d / "refs").is_dir() \
        and not (d / "commondir").exists()


def _plain_layout(path: Path) -> tuple[Path | None, Path] | None:
    """(work tree, git dir) of a work tree with a ``.git`` directory or of a bare repository;
    None for anything else (a linked work tree, a ``gitdir:`` file), which GitPython opens."""
    dotgit = path / ".git"
    if dotgit.is_dir() and not dotgit.is_symlink() and _is_git_dir(dotgit):
        return path, dotgit
    if not dotgit.exists() and path.name != ".git" and _is_git_dir(path):
        return None, path
    return None


def _open_with_gitpython(path: Path) -> tuple[Path | None, Path]:
    import git as gitpython

    try:
        repo = gitpython.Repo(path, search_parent_directories=False)
    except (gitpython.InvalidGitRepositoryError, gitpython.NoSuchPathError):
        raise XenpatchError(
            f"{path} is not a git repository", "give the path of the kernel git repository"
        ) from None
    try:
        return (Path(repo.working_tree_dir) if repo.working_tree_dir else None), Path(repo.git_dir)
    finally:
        repo.close()


def _flush(ref: "weakref.ref[ObjectWriter]") -> None:
    writer = ref()
    if writer is not None:
        writer.flush()


def init_repo(path: Path | str, bare: bool = False) -> Git:
    """Create a new repository (used by the example generator and tests) and open it."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    args = ["git", "init", "-q", "-b", "master"] + (["--bare"] if bare else []) + [str(path)]
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **_BASE_ENV})
    if proc.returncode != 0:
        raise GitError(args[1:], proc.returncode, proc.stderr)
    return Git(path)
