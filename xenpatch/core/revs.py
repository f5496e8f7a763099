"""Rev records: one versioned JSON file per forward-port, never overwritten.

``revs/rev-NNNN.json`` says what base the series moved from and to, what
happened to each patch, which ref holds the applied stack, and how long each
phase took. Sorted keys and a format number, checked on read, so records stay
diffable in the user's own version control and a corrupt file is named.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from xenpatch.core.model import Outcome
from xenpatch.errors import QueueError

REV_FORMAT = 1
_REV_FILE = re.compile(r"^rev-(\d{4,})\.json$")


@dataclass(frozen=True)
class PatchRecord:
    name: str
    outcome: Outcome
    subject: str = ""
    commit: str | None = None  # this patch's commit in the rev's stack
    upstream_commit: str | None = None  # for dropped-upstream: the commit that merged it
    conflict_files: tuple[str, ...] = ()
    detail: str = ""


@dataclass(frozen=True)
class RevRecord:
    rev: int
    queue: str
    base: str  # the base the series applied to before
    onto: str  # the new base
    onto_ref: str
    status: str  # "stabilized", "candidate", "needs-attention"
    patches: tuple[PatchRecord, ...]
    stack: str | None = None  # top commit of refs/xenpatch/<queue>/rev-N
    timings: dict[str, float] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return rev_ref(self.queue, self.rev)

    def to_bytes(self) -> bytes:
        """The record without timings: the same forward-port always writes the same bytes."""
        doc = asdict(self)
        doc.pop("timings")
        doc["format"] = REV_FORMAT
        for p in doc["patches"]:
            p["outcome"] = Outcome(p["outcome"]).value
            p["conflict_files"] = list(p["conflict_files"])
        return (json.dumps(doc, sort_keys=True, indent=2) + "\n").encode()

    @staticmethod
    def parse(data: bytes, where: str) -> "RevRecord":
        try:
            doc = json.loads(data)
            if doc.pop("format", None) != REV_FORMAT:
                raise ValueError("unknown format")
            patches = tuple(patch_record(p) for p in doc.pop("patches"))
            return RevRecord(patches=patches, **doc)
        except (ValueError, TypeError, KeyError) as exc:
            raise QueueError(f"rev record {where} is corrupt ({exc})", "restore it from version control") from None


def patch_record(doc: dict[str, Any]) -> PatchRecord:
    """A PatchRecord from its JSON form (records before conflict_files called it conflicts)."""
    fields = dict(doc)
    files = fields.pop("conflict_files", None)
    legacy = fields.pop("conflicts", ())
    return PatchRecord(**{**fields, "outcome": Outcome(fields["outcome"]),
                          "conflict_files": tuple(files if files is not None else legacy)})


def rev_ref(queue: str, rev: int) -> str:
    return f"refs/xenpatch/{queue}/rev-{rev}"


def rev_file(rev: int) -> str:
    return f"revs/rev-{rev:04d}.json"


def timings_file(rev: int) -> str:
    """Timings live beside the record: they differ run to run, the record must not."""
    return f"revs/rev-{rev:04d}.timings.json"


def timings_bytes(timings: dict[str, float]) -> bytes:
    return (json.dumps({k: round(v, 3) for k, v in timings.items()}, sort_keys=True, indent=2) + "\n").encode()


def list_revs(queue_root: Path) -> list[RevRecord]:
    revs_dir = queue_root / "revs"
    if not revs_dir.is_dir():
        return []
    records = []
    for path in sorted(revs_dir.iterdir()):
        if _REV_FILE.match(path.name):
            record = RevRecord.parse(path.read_bytes(), str(path))
            records.append(_with_timings(record, revs_dir))
    return sorted(records, key=lambda r: r.rev)


def next_rev_number(queue_root: Path) -> int:
    revs = list_revs(queue_root)
    return (revs[-1].rev + 1) if revs else 1


def load_rev(queue_root: Path, rev: int) -> RevRecord:
    path = queue_root / rev_file(rev)
    if not path.is_file():
        known = ", ".join(str(r.rev) for r in list_revs(queue_root)) or "none"
        raise QueueError(f"queue has no rev {rev}", f"see 'xenpatch log' (known revs: {known})")
    return _with_timings(RevRecord.parse(path.read_bytes(), str(path)), queue_root / "revs")


def _with_timings(record: RevRecord, revs_dir: Path) -> RevRecord:
    side = revs_dir / f"rev-{record.rev:04d}.timings.json"
    if not side.exists():
        return record
    try:
        timings = {str(k): float(v) for k, v in json.loads(side.read_bytes()).items()}
    except (ValueError, TypeError, AttributeError):
        return record  # timings are informative only; a damaged file is ignored
    return replace(record, timings=timings)
