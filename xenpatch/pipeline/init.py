"""``init``: create queues/NAME/queue.toml after checking repo and refs exist."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xenpatch.core.config import Identity, parse_config, render_config, valid_identity
from xenpatch.errors import QueueError
from xenpatch.gitio.repo import config_get, resolve
from xenpatch.gitio.run import Git
from xenpatch.store import Workspace, check_queue_name, writing
from xenpatch.store.confined import Confined
from xenpatch.store.paths import CONFIG, QUEUES_DIR, RESOLUTIONS, REVS


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
    """git's user.name and user.email when queue.toml would accept them, else the placeholder."""
    found = Identity(config_get(git, "user.name") or "xenpatch", config_get(git, "user.email") or "xenpatch@localhost")
    return found if valid_identity(found) else Identity("xenpatch", "xenpatch@localhost")


def init_queue(workspace: Workspace, name: str, repo: str, upstream: str, fork: str | None) -> InitResult:
    check_queue_name(name)
    qdir = workspace.queue_dir(name)
    # Like git -C: a relative repo path is taken relative to the workspace.
    repo_path = Path(repo) if Path(repo).is_absolute() else workspace.root / repo
    git = Git(repo_path)
    upstream_commit = resolve(git, upstream)
    fork_commit = resolve(git, fork) if fork else None
    with writing(workspace.root, name, "init") as session:
        if session.store.has(CONFIG):
            raise QueueError(f"queue '{name}' already exists at {qdir}", "pick another name or edit its queue.toml")
        config = render_config(repo, upstream, fork, _identity(git))
        parse_config(config, name, qdir / CONFIG, workspace.root)  # what init writes, the next command reads
        Confined(workspace.root, str(workspace.root)).makedirs(f"{QUEUES_DIR}/{name}")
        session.txn.write(CONFIG, config)
        session.txn.write(f"{RESOLUTIONS}/.keep", b"")
        session.txn.write(f"{REVS}/.keep", b"")
    return InitResult(name, str(qdir), str(git.path), upstream, upstream_commit, fork, fork_commit)
