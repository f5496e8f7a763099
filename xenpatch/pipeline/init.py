"""``init``: create queues/NAME/queue.toml after checking repo and refs exist."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xenpatch.core.atomic import Transaction
from xenpatch.core.config import Identity, render_config
from xenpatch.core.queue import Workspace
from xenpatch.errors import QueueError
from xenpatch.gitio.repo import config_get, resolve
from xenpatch.gitio.run import Git


@dataclass(frozen=True)
class InitResult:
    queue: str
    path: str
    repo: str
    upstream: str
    upstream_commit: str
    fork: str | None
    fork_commit: str | None


def _identity(git: Git) -> Identity:
    return Identity(config_get(git, "user.name") or "xenpatch", config_get(git, "user.email") or "xenpatch@localhost")


def init_queue(workspace: Workspace, name: str, repo: str, upstream: str, fork: str | None) -> InitResult:
    qdir = workspace.queue_dir(name)
    if (qdir / "queue.toml").exists():
        raise QueueError(f"queue '{name}' already exists at {qdir}", "pick another name or edit its queue.toml")
    # Like git -C: a relative repo path is taken relative to the workspace.
    repo_path = Path(repo) if Path(repo).is_absolute() else workspace.root / repo
    git = Git(repo_path)
    upstream_commit = resolve(git, upstream)
    fork_commit = resolve(git, fork) if fork else None
    txn = Transaction(qdir)
    qdir.mkdir(parents=True, exist_ok=True)
    txn.write("queue.toml", render_config(repo, upstream, fork, _identity(git)))
    txn.write("resolutions/.keep", b"")
    txn.write("revs/.keep", b"")
    txn.commit()
    return InitResult(name, str(qdir), str(git.path), upstream, upstream_commit, fork, fork_commit)
