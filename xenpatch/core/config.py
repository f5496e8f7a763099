"""queue.toml: what the user configures about a queue.

Read with tomllib and validated into a frozen value; written only once, by
``init``, from a template, so that the user's later edits and comments are never
rewritten by xenpatch.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xenpatch.core.words import article, type_name
from xenpatch.errors import QueueError

DEFAULT_MAX_LINES = 600
DEFAULT_CHECK_TIMEOUT = 1800


@dataclass(frozen=True)
class Identity:
    name: str
    email: str

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


@dataclass(frozen=True)
class QueueConfig:
    name: str
    repo: Path
    upstream: str
    fork: str | None = None
    remote: str | None = None
    identity: Identity = Identity("xenpatch", "xenpatch@localhost")
    guards: tuple[str, ...] = ()
    max_lines: int = DEFAULT_MAX_LINES
    rules: tuple[dict[str, Any], ...] = ()
    rules_file: str | None = None
    check_command: str | None = None
    check_timeout: int = DEFAULT_CHECK_TIMEOUT
    check_jobs: int = 1  # [check] jobs: checks run at once, each in its own work tree
    export: dict[str, Any] = field(default_factory=dict)
    lint: dict[str, Any] = field(default_factory=dict)


def _want(table: dict[str, Any], key: str, kind: type, where: str, default: Any = None) -> Any:
    value = table.get(key, default)
    if value is not None and not isinstance(value, kind):
        raise QueueError(
            f"{where}: '{key}' must be {article(type_name(kind))}, not {article(type_name(type(value)))}",
            "fix queue.toml",
        )
    return value


def parse_config(data: bytes, name: str, path: Path, workspace: Path) -> QueueConfig:
    where = str(path)
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise QueueError(f"{where} is not valid TOML: {exc}", "fix the syntax of queue.toml") from None
    repo = _want(doc, "repo", str, where)
    upstream = _want(doc, "upstream", str, where)
    if not repo or not upstream:
        raise QueueError(f"{where} needs 'repo' and 'upstream'", "add them, or recreate it with 'xenpatch init'")
    repo_path = Path(repo)
    if not repo_path.is_absolute():
        repo_path = (workspace / repo_path).resolve()
    ident = _want(doc, "identity", dict, where, {})
    split = _want(doc, "split", dict, where, {})
    check = _want(doc, "check", dict, where, {})
    max_lines = _want(split, "max_lines", int, where + " [split]", DEFAULT_MAX_LINES)
    if max_lines <= 0:
        raise QueueError(f"{where}: [split] max_lines must be positive", "fix queue.toml")
    rules = _want(split, "rules", list, where + " [split]", [])
    rules_file = None
    if isinstance(split.get("rules"), str):
        rules_file, rules = split["rules"], []
    return QueueConfig(
        name=name,
        repo=repo_path,
        upstream=upstream,
        fork=_want(doc, "fork", str, where),
        remote=_want(doc, "remote", str, where),
        identity=Identity(
            _want(ident, "name", str, where + " [identity]", "xenpatch"),
            _want(ident, "email", str, where + " [identity]", "xenpatch@localhost"),
        ),
        guards=tuple(_want(doc, "guards", list, where, [])),
        max_lines=max_lines,
        rules=tuple(rules),
        rules_file=rules_file,
        check_command=_want(check, "command", str, where + " [check]"),
        check_timeout=_want(check, "timeout", int, where + " [check]", DEFAULT_CHECK_TIMEOUT),
        check_jobs=max(1, _want(check, "jobs", int, where + " [check]", 1)),
        export=dict(_want(doc, "export", dict, where, {})),
        lint=dict(_want(doc, "lint", dict, where, {})),
    )


def _toml_str(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def render_config(repo: str, upstream: str, fork: str | None, identity: Identity) -> bytes:
    """The queue.toml that ``init`` writes: every section present, commented."""
    lines = [
        "# xenpatch queue configuration. Paths are relative to the workspace.",
        f"repo = {_toml_str(repo)}",
        f"upstream = {_toml_str(upstream)}",
    ]
    lines.append(f"fork = {_toml_str(fork)}" if fork else "# fork = \"refs/heads/my-fork\"")
    lines += [
        "# remote = \"origin\"          # fetched by 'stabilize' before resolving upstream",
        "# guards = [\"xen\"]            # MQ-style series guards (#+xen) that are active",
        "",
        "[identity]",
        f"name = {_toml_str(identity.name)}",
        f"email = {_toml_str(identity.email)}",
        "",
        "[split]",
        f"max_lines = {DEFAULT_MAX_LINES}",
        "# rules = \"split-rules.toml\"  # or an inline array of [[split.rules]] tables",
        "",
        "[check]",
        "# command = \"make -j2 olddefconfig all\"",
        f"timeout = {DEFAULT_CHECK_TIMEOUT}",
        "",
        "[export]",
        "subject_prefix = \"PATCH\"",
        "",
        "[lint]",
        "# require_headers = [\"Patch-mainline\"]",
        "",
    ]
    return "\n".join(lines).encode()
