"""A queue on disk: queue.toml + patches/series + patches/*.patch + state.

Loading checks everything (config, series, every patch parses, no missing
file) up front, so a command either sees a consistent queue or stops with one
clear message before doing any work. Saving goes through one ``Transaction``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from xenpatch.core.atomic import Transaction, recover
from xenpatch.core.config import QueueConfig, parse_config
from xenpatch.core.patch import Patch
from xenpatch.core.series import Series
from xenpatch.errors import BadInput, QueueError, XenpatchError

STATE_FORMAT = 1
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def check_queue_name(name: str) -> str:
    if not _NAME_RE.match(name):
        raise BadInput(
            f"'{name}' is not a valid queue name",
            "use letters, digits, '.', '_' and '-', starting with a letter or digit",
        )
    return name


@dataclass(frozen=True)
class QueueState:
    """What xenpatch knows beyond the patch files: the base the series applies to."""

    base: str | None = None
    rev: int = 0
    source: str = ""

    def to_bytes(self) -> bytes:
        doc = {"format": STATE_FORMAT, "base": self.base, "rev": self.rev, "source": self.source}
        return (json.dumps(doc, sort_keys=True, indent=2) + "\n").encode()

    @staticmethod
    def parse(data: bytes, where: str) -> "QueueState":
        try:
            doc = json.loads(data)
            if not isinstance(doc, dict) or doc.get("format") != STATE_FORMAT:
                raise ValueError("unknown format")
            base = doc.get("base")
            if base is not None and not re.fullmatch(r"[0-9a-f]{40}", base):
                raise ValueError("base is not a commit id")
            return QueueState(base=base, rev=int(doc.get("rev", 0)), source=str(doc.get("source", "")))
        except (ValueError, TypeError) as exc:
            raise QueueError(f"{where} is corrupt ({exc})", "restore it from version control or re-import the queue") from None


@dataclass(frozen=True)
class Queue:
    root: Path
    config: QueueConfig
    series: Series
    state: QueueState
    patches: dict[str, Patch] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def patches_dir(self) -> Path:
        return self.root / "patches"

    def selected(self) -> list[str]:
        """Patch names in series order, filtered by the queue's active guards."""
        guards = frozenset(self.config.guards) if self.config.guards else None
        return self.series.names(guards)

    def ordered(self) -> list[tuple[str, Patch]]:
        return [(n, self.patches[n]) for n in self.selected()]

    def strip(self, name: str) -> int:
        return self.series.strip(name)

    def with_state(self, **changes: Any) -> "Queue":
        return replace(self, state=replace(self.state, **changes))


class Workspace:
    """The directory holding ``queues/``."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise XenpatchError(f"workspace {self.root} does not exist", "pass an existing directory with -C")
        self.queues = self.root / "queues"

    def queue_dir(self, name: str) -> Path:
        return self.queues / check_queue_name(name)

    def names(self) -> list[str]:
        if not self.queues.is_dir():
            return []
        return sorted(p.name for p in self.queues.iterdir() if (p / "queue.toml").is_file())

    def load(self, name: str) -> Queue:
        root = self.queue_dir(name)
        config_path = root / "queue.toml"
        if not config_path.is_file():
            known = ", ".join(self.names()) or "none"
            raise QueueError(
                f"no queue named '{name}' in {self.queues}",
                f"create it with 'xenpatch init {name} --repo PATH --upstream REF' (known queues: {known})",
            )
        recover(root)
        config = parse_config(config_path.read_bytes(), name, config_path, self.root)
        state_path = root / "state.json"
        state = QueueState.parse(state_path.read_bytes(), str(state_path)) if state_path.exists() else QueueState()
        series_path = root / "patches" / "series"
        series = Series.parse(series_path.read_bytes(), str(series_path)) if series_path.exists() else Series.parse(b"")
        patches: dict[str, Patch] = {}
        for entry in series.entries:
            path = root / "patches" / entry.name
            if not path.is_file():
                raise QueueError(
                    f"{series_path} names {entry.name}, which does not exist",
                    "restore the patch file or remove its line from the series",
                )
            patches[entry.name] = Patch.parse(path.read_bytes(), entry.name)
        return Queue(root, config, series, state, patches)


def stage_series(txn: Transaction, series: Series, patches: dict[str, bytes], state: QueueState) -> None:
    """Stage a full new series: series file, every (changed) patch file, state."""
    for name, data in sorted(patches.items()):
        txn.write(f"patches/{name}", data)
    txn.write("patches/series", series.to_bytes())
    txn.write("state.json", state.to_bytes())


def queue_files(root: Path) -> dict[str, bytes]:
    """The files that make up a queue's content: state, series and patches."""
    files: dict[str, bytes] = {}
    pdir = root / "patches"
    if pdir.is_dir():
        files = {f"patches/{p.name}": p.read_bytes() for p in sorted(pdir.iterdir()) if p.is_file()}
    if (root / "state.json").exists():
        files["state.json"] = (root / "state.json").read_bytes()
    return files


def digest_files(files: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for rel in sorted(files):
        h.update(rel.encode() + b"\0" + hashlib.sha256(files[rel]).digest())
    return h.hexdigest()
