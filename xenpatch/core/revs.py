"""Rev records: one versioned JSON file per forward-port, never overwritten.

``revs/rev-NNNN.json`` says what base the series moved from and to, what
happened to each patch, which ref holds the applied stack, and how long each
phase took. Sorted keys and a format number, checked on read, so records stay
diffable in the user's own version control and a corrupt file is named.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from xenpatch.core.model import Outcome
from xenpatch.errors import QueueError

REV_FORMAT = 1
_OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def object_id(value: Any, what: str) -> str:
    """A commit id read from a record: the record is queue data, and its ids go to git as arguments."""
    if not isinstance(value, str) or not _OBJECT_ID.fullmatch(value):
        raise ValueError(f"{what} is not an object id: {str(value)[:40]!r}")
    return value


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
            for p in patches:
                for what, oid in (("commit", p.commit), ("upstream_commit", p.upstream_commit)):
                    if oid is not None:
                        object_id(oid, f"{p.name}: {what}")
            record = RevRecord(patches=patches, **doc)
            for what in ("base", "onto"):
                object_id(getattr(record, what), what)
            if record.stack is not None:
                object_id(record.stack, "stack")
            if not isinstance(record.rev, int) or isinstance(record.rev, bool) or not isinstance(record.extra, dict):
                raise ValueError("rev or extra has the wrong type")
            return record
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


def timings_bytes(timings: dict[str, float]) -> bytes:
    return (json.dumps({k: round(v, 3) for k, v in timings.items()}, sort_keys=True, indent=2) + "\n").encode()


# Reading and listing records is the store's (xenpatch.store); these names stay
# importable from here so that code written before the store existed keeps working.
_MOVED = {"list_revs", "load_rev", "next_rev_number", "rev_file", "timings_file"}


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        import xenpatch.store as store
        return getattr(store, name)
    raise AttributeError(name)
