"""Export records: what each version of a submission contained, so vN+1 can say what changed.

``exports/vN.json`` is written once per version (re-exporting identical content
rewrites the same bytes; different content needs ``--force`` and archives the
old record).  Versioned JSON with sorted keys, checked on read, like rev records.
The applied stack itself is kept alive by ``refs/xenpatch/<queue>/export-vN``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from xenpatch.core.revs import object_id
from xenpatch.errors import QueueError

EXPORT_FORMAT = 1


@dataclass(frozen=True)
class ExportedEntry:
    name: str  # the queue's patch file name
    subject: str  # the title, without [PATCH] tags
    patch_id: str  # git patch-id --stable
    commit: str  # the patch's commit in the export stack
    author: str
    file: str  # the mail file written


@dataclass(frozen=True)
class ExportRecord:
    queue: str
    version: int
    base: str
    stack: str  # top commit of refs/xenpatch/<queue>/export-vN
    subject_prefix: str
    cover_letter: bool
    patches: tuple[ExportedEntry, ...]
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        return export_ref(self.queue, self.version)

    def same_content(self, other: "ExportRecord") -> bool:
        """Same base, same commits (message, author, date, diff) and same subjects: the same series."""
        return (self.base, self.stack, self.subject_prefix, self.patches) == \
            (other.base, other.stack, other.subject_prefix, other.patches)

    def to_bytes(self) -> bytes:
        doc: dict[str, Any] = {
            "format": EXPORT_FORMAT, "queue": self.queue, "version": self.version,
            "base": self.base, "stack": self.stack, "ref": self.ref,
            "subject_prefix": self.subject_prefix, "cover_letter": self.cover_letter,
            "to": list(self.to), "cc": list(self.cc),
            "patches": [{"name": p.name, "subject": p.subject, "patch_id": p.patch_id,
                         "commit": p.commit, "author": p.author, "file": p.file}
                        for p in self.patches],
        }
        return (json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()

    @staticmethod
    def parse(data: bytes, where: str) -> "ExportRecord":
        try:
            doc = json.loads(data)
            if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT:
                raise ValueError("unknown format")
            patches = tuple(ExportedEntry(str(p["name"]), str(p["subject"]), str(p["patch_id"]),
                                          object_id(p["commit"], "commit"), str(p["author"]), str(p["file"]))
                            for p in doc["patches"])
            return ExportRecord(str(doc["queue"]), int(doc["version"]), object_id(doc["base"], "base"),
                                object_id(doc["stack"], "stack"), str(doc["subject_prefix"]),
                                bool(doc["cover_letter"]), patches,
                                tuple(doc.get("to", ())), tuple(doc.get("cc", ())))
        except (ValueError, TypeError, KeyError) as exc:
            raise QueueError(f"export record {where} is corrupt ({exc})",
                             "restore it from version control, or re-export that version with --force") from None


def export_ref(queue: str, version: int) -> str:
    return f"refs/xenpatch/{queue}/export-v{version}"


# Reading records is the store's (xenpatch.store); these names stay importable from here.
_MOVED = {"list_exports", "export_file"}


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        import xenpatch.store as store
        return getattr(store, name)
    raise AttributeError(name)
