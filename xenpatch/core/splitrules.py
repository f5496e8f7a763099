"""Split rules: the user's own topics, checked strictly before any work is done.

Why a rules file at all: MAINTAINERS groups by who reviews, but a maintainer
preparing a submission often wants topics that cut across files ("the FIFO event
channel ABI", "the grant-table v2 hunks of gnttab.c").  A rule is a topic with a
name, a subject prefix, path globs and optional regular expressions over a
hunk's changed lines (``content``) or its function context (``context``), so one
file's hunks can go to different patches.  Rules are tried in order; the first
that matches a unit takes it; units no rule takes fall back to MAINTAINERS.

Format (``queue.toml`` ``[[split.rules]]``, or a file with ``[[rules]]`` or
``[[split.rules]]``)::

    [[rules]]
    name = "xen-fifo"                   # required, unique
    subject = "xen/events"              # subject prefix (default: name)
    paths = ["drivers/xen/events/", "include/xen/interface/event_channel.h"]
    content = "fifo|FIFO"               # optional regex over the changed lines
    context = "^static .*fifo"          # optional regex over the hunk's function context

Globs: ``dir/`` matches everything below, ``*`` and ``?`` stay within one path
component, ``**`` crosses components.  Errors name the file, the rule and what is
wrong, and are raised before the queue is touched.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from xenpatch.errors import BadInput

_KEYS = {"name", "subject", "paths", "content", "context", "description"}
_HINT = "fix the rule (keys: name, subject, paths, content, context)"


@dataclass(frozen=True)
class Rule:
    name: str
    subject: str
    paths: tuple[str, ...]
    content: str | None
    context: str | None
    description: str = ""
    index: int = 0
    paths_rx: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)
    content_rx: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    context_rx: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def make(cls, name: str, subject: str, paths: tuple[str, ...], content: str | None,
             context: str | None, description: str = "", index: int = 0) -> Rule:
        return cls(name, subject, paths, content, context, description, index,
                   tuple(re.compile(glob_regex(p), re.DOTALL) for p in paths),
                   re.compile(content, re.MULTILINE) if content else None,
                   re.compile(context) if context else None)

    def match(self, paths: tuple[str, ...], changed: str, context: str) -> str | None:
        """Why this rule takes a unit with these paths/changed lines/context, or None."""
        why: list[str] = []
        if self.paths:
            hit = next((p for p, rx in zip(self.paths, self.paths_rx)
                        if any(rx.fullmatch(x) for x in paths)), None)
            if hit is None:
                return None
            why.append(f"path {hit}")
        if self.content_rx is not None:
            if not self.content_rx.search(changed):
                return None
            why.append(f"content /{self.content}/")
        if self.context_rx is not None:
            if not self.context_rx.search(context):
                return None
            why.append(f"context /{self.context}/")
        return f"rule {self.name}: " + ", ".join(why)

    @property
    def targets_hunks(self) -> bool:
        """A rule with content/context regexes picks hunks on purpose (glue stays where it put it)."""
        return bool(self.content or self.context)


def glob_regex(pattern: str) -> str:
    """Path glob to regex: ``dir/`` is a prefix, ``**`` crosses ``/``, ``*``/``?`` do not."""
    text = pattern.strip()
    if text.startswith("./"):
        text = text[2:]
    is_dir = text.endswith("/")
    body = text.rstrip("/")
    out: list[str] = []
    i = 0
    while i < len(body):
        if body.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        c = body[i]
        out.append("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c))
        i += 1
    rx = "".join(out)
    if is_dir:
        return rx + "/.*"
    if not any(c in body for c in "*?"):
        return rx + "(?:/.*)?"
    return rx


def parse_rules_text(data: bytes, source: str) -> list[Rule]:
    """Rules from a TOML file (``[[rules]]`` or ``[[split.rules]]``)."""
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadInput(f"rules file {source} is not UTF-8", "save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(f"rules file {source} is not valid TOML: {exc}", "fix the TOML syntax") from None
    table: Any = doc.get("rules")
    if table is None and isinstance(doc.get("split"), dict):
        table = doc["split"].get("rules")
    if table is None:
        raise BadInput(f"rules file {source} has no [[rules]] tables", "add at least one [[rules]] table")
    return parse_rules(table, source)


def parse_rules(table: Any, source: str) -> list[Rule]:
    """Validate a list of rule tables (from queue.toml or a rules file)."""
    if not isinstance(table, list) or not table:
        raise BadInput(f"{source}: rules must be a non-empty array of tables", "write them as [[rules]] tables")
    rules: list[Rule] = []
    seen: set[str] = set()
    for k, raw in enumerate(table, 1):
        where = f"{source}: rule {k}"
        if not isinstance(raw, dict):
            raise BadInput(f"{where} is not a table", "write each rule as a [[rules]] table")
        unknown = sorted(set(raw) - _KEYS)
        if unknown:
            raise BadInput(f"{where} has unknown key(s) {', '.join(unknown)}", _HINT)
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            raise BadInput(f"{where} has no name", "give every rule a unique name = \"...\"")
        where = f"{source}: rule {name!r}"
        if name in seen:
            raise BadInput(f"{where} is defined twice", "give every rule a unique name")
        seen.add(name)
        subject = raw.get("subject", name)
        if not isinstance(subject, str) or not subject.strip() or "\n" in subject:
            raise BadInput(f"{where}: subject must be a one-line string", _HINT)
        paths = raw.get("paths", [])
        if isinstance(paths, str):
            paths = [paths]
        if not isinstance(paths, list) or not all(isinstance(p, str) and p.strip() for p in paths):
            raise BadInput(f"{where}: paths must be a list of glob strings", _HINT)
        regexes: dict[str, str | None] = {}
        for key in ("content", "context"):
            value = raw.get(key)
            if value is not None:
                if not isinstance(value, str) or not value:
                    raise BadInput(f"{where}: {key} must be a regular expression string", _HINT)
                try:
                    re.compile(value)
                except re.error as exc:
                    raise BadInput(f"{where}: {key} /{value}/ is not a valid regular expression ({exc})",
                                   "fix the regular expression (Python re syntax)") from None
            regexes[key] = value
        if not paths and not regexes["content"] and not regexes["context"]:
            raise BadInput(f"{where} matches everything (no paths, content or context)", _HINT)
        description = raw.get("description", "")
        if not isinstance(description, str):
            raise BadInput(f"{where}: description must be a string", _HINT)
        rules.append(Rule.make(name.strip(), subject.strip().rstrip(":"), tuple(p.strip() for p in paths),
                          regexes["content"], regexes["context"], description, k - 1))
    return rules
