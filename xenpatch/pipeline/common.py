"""Pieces every pipeline needs: opening a queue with its repository, applying a series."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Iterator

from xenpatch.core.patch import Patch
from xenpatch.core.queue import Queue
from xenpatch.errors import BadInput, QueueError
from xenpatch.store import Workspace, writing
from xenpatch.gitio.repo import resolve, tree_of
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.core.diff import parse_files
from xenpatch.gitio.sparse import SparseTrees
from xenpatch.gitio.writes import ApplyFailed
from xenpatch.pipeline.progress import NoProgress, Progress


@dataclass(frozen=True)
class Opened:
    queue: Queue
    git: Git


def open_queue(workspace: Workspace, name: str) -> Opened:
    """The queue and its repository, for reading (no lock, nothing recovered or written)."""
    return _with_repo(workspace.load(name))


@contextlib.contextmanager
def open_for_writing(workspace: Workspace, name: str, what: str) -> Iterator[Opened]:
    """The queue locked, recovered and loaded, in that order; what the body stages is
    committed in one transaction when it returns (nothing when it raises)."""
    if not workspace.store(name).exists():
        workspace.load(name)  # no such queue: say so before taking (and creating) its lock
    with writing(workspace.root, name, what):
        yield _with_repo(workspace.load(name))


def _with_repo(queue: Queue) -> Opened:
    name = queue.name
    if not queue.config.repo.exists():
        raise QueueError(
            f"queue '{name}' points at {queue.config.repo}, which does not exist",
            "fix 'repo' in queue.toml",
        )
    return Opened(queue, Git(queue.config.repo))


def require_base(queue: Queue) -> ObjectId:
    if not queue.state.base:
        raise QueueError(
            f"queue '{queue.name}' has no content yet",
            f"load it with 'xenpatch import {queue.name} --fork REF' (or --patch/--quilt/--mbox)",
        )
    return ObjectId(queue.state.base)


def patch_paths(patch: Patch, strip: int = 1) -> list[str]:
    """Every path a patch names (both sides of renames), as seen with ``-p<strip>``."""
    files = patch.files if strip == 1 else parse_files(patch.diff, strip, patch.name or "patch")
    return sorted({p for f in files for p in (f.old_path, f.new_path) if p})


def apply_series(
    git: Git,
    base: str,
    patches: list[tuple[str, Patch]],
    strips: dict[str, int] | None = None,
    progress: Progress | None = None,
    what: str = "",
) -> list[ObjectId]:
    """Apply patches in order on top of ``base`` (a commit or tree) exactly, without fuzz.

    Returns the tree after each patch; each step costs what the patch touches
    (``SparseTrees``), not the size of the tree.
    """
    progress = progress or NoProgress()
    trees: list[ObjectId] = []
    tree = tree_of(git, base)
    progress.start(what or "applying", len(patches))
    with SparseTrees(git) as sparse:
        for name, patch in patches:
            if patch.diff.strip():
                strip = (strips or {}).get(name, 1)
                try:
                    tree = sparse.apply(tree, patch.diff, patch_paths(patch, strip), strip=strip)
                except ApplyFailed as exc:
                    first = str(exc).splitlines()[0] if str(exc) else "rejected"
                    raise BadInput(
                        f"patch {name} does not apply to {what or 'its base'}: {first}",
                        "check the base (--base REF) or refresh the patch",
                    ) from None
            trees.append(tree)
            progress.advance()
    progress.done()
    return trees


def resolve_upstream(git: Git, queue: Queue, onto: str | None = None) -> ObjectId:
    return resolve(git, onto or queue.config.upstream)
