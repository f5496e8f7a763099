"""The workspace: the directory holding ``queues/`` and xenpatch's private ``.xenpatch/``."""

from __future__ import annotations

from pathlib import Path

from xenpatch.core.queue import Queue
from xenpatch.errors import QueueError, XenpatchError
from xenpatch.store import paths
from xenpatch.store.confined import Confined
from xenpatch.store.queue_store import QueueStore


class Workspace:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise XenpatchError(f"workspace {self.root} does not exist", "pass an existing directory with -C")
        self.queues = self.root / paths.QUEUES_DIR

    def queue_dir(self, name: str) -> Path:
        return self.queues / paths.check_queue_name(name)

    def store(self, name: str) -> QueueStore:
        return QueueStore(self.root, name)

    def names(self) -> list[str]:
        """The queues: directories of ``queues/`` with a queue.toml (a bad name is reported
        by the command that opens it, never skipped in silence)."""
        return [name for name in Confined(self.root, str(self.root)).listdir(paths.QUEUES_DIR)
                if (self.queues / name / paths.CONFIG).is_file()]

    def load(self, name: str) -> Queue:
        """Read and check a queue (no lock, no recovery: see ``xenpatch.store.writing``)."""
        store = self.store(name)
        if not store.exists():
            known = ", ".join(self.names()) or "none"
            raise QueueError(
                f"no queue named '{name}' in {self.queues}",
                f"create it with 'xenpatch init {name} --repo PATH --upstream REF' (known queues: {known})",
            )
        return store.load()

    def private(self, *parts: str) -> Path:
        """A directory of xenpatch's own under ``.xenpatch/``, created without following links."""
        fs = Confined(self.root, str(self.root))
        rel = "/".join((paths.PRIVATE_DIR,) + parts)
        fs.makedirs(rel)
        return self.root / rel
