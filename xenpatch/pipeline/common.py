"""Pieces every pipeline needs: opening a queue with its repository, applying a series."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Iterator

from xenpatch.core.queue import Queue
from xenpatch.errors import QueueError
from xenpatch.gitio.repo import resolve
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.store import Workspace, writing


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




def resolve_upstream(git: Git, queue: Queue, onto: str | None = None) -> ObjectId:
    return resolve(git, onto or queue.config.upstream)
