"""A queue as a value: its configuration, series, patches and state.

Reading and writing it on disk is the store's (``xenpatch.store``): loading
checks everything (config, series, every patch parses, no missing file) up
front, so a command either sees a consistent queue or stops with one clear
message before doing any work; saving goes through one transaction.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xenpatch.core.config import QueueConfig
from xenpatch.core.patch import Patch
from xenpatch.core.series import Series
from xenpatch.errors import QueueError

if TYPE_CHECKING:
    from xenpatch.store.workspace import Workspace as Workspace

STATE_FORMAT = 1


@dataclass(frozen=True)
class QueueState:
    """What xenpatch knows beyond the patch files: the base the series applies to."""

    base: str | None = None
    rev: int = 0
    source: str = ""
    # when the content was imported (RFC 2822), kept for patches that carry no date of
    # their own (a plain diff): what split and checkout date them with, the same every run
    date: str = ""

    def to_bytes(self) -> bytes:
        doc: dict[str, Any] = {"format": STATE_FORMAT, "base": self.base, "rev": self.rev, "source": self.source}
        if self.date:
            doc["date"] = self.date
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
            date = doc.get("date", "")
            if not isinstance(date, str) or "\n" in date:
                raise ValueError("date is not a one-line text")
            return QueueState(base=base, rev=int(doc.get("rev", 0)), source=str(doc.get("source", "")), date=date)
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


def digest_files(files: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for rel in sorted(files):
        h.update(rel.encode() + b"\0" + hashlib.sha256(files[rel]).digest())
    return h.hexdigest()


# The workspace and the queue's files on disk are the store's; these names stay
# importable from here so that code written before the store existed keeps working.
_MOVED = {"Workspace", "check_queue_name", "stage_series", "queue_files"}


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        import xenpatch.store as store
        return getattr(store, name)
    raise AttributeError(name)
