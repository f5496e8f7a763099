"""queue.toml: what the user configures about a queue, checked key by key.

A queue.toml is someone else's data as often as the user's own (a cloned queue,
a source package), so nothing in it is taken on trust: every key is declared
once in ``SCHEMA`` with its kind, range and default; an unknown section or key
is an error naming the file, the line and the nearest known name (a typo such
as ``[chek]`` must not silently switch a check off); values that reach git or a
mail header are checked for what they are (a revision, a remote's name, an
address without line breaks), never passed on as options or raw text.

New keys are declared, not hand-parsed: a line in ``SCHEMA``. They say what they
choose with words (``Choice``), not true/false flags that need a second flag
the day a third behaviour appears.

Read with tomllib and validated into a frozen value; written only once, by
``init``, from a template, so that the user's later edits and comments are never
rewritten by xenpatch.
"""

from __future__ import annotations

import difflib
import email.utils
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from xenpatch.core.lintrules import CHECKS as LINT_CHECKS
from xenpatch.errors import QueueError

DEFAULT_MAX_LINES = 600
DEFAULT_CHECK_TIMEOUT = 1800
DEFAULT_CHECK_JOBS = 1
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_EMAIL = re.compile(r"[^\s<>()\[\]\\,;:\"@]+@[^\s<>()\[\]\\,;:\"@]+")


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
    check_jobs: int = DEFAULT_CHECK_JOBS
    export: dict[str, Any] = field(default_factory=dict)
    lint: dict[str, Any] = field(default_factory=dict)


class Invalid(ValueError):
    """A value of the wrong kind; the message says what it must be."""


# ---------------------------------------------------------------- kinds of values

Check = Callable[[Any], Any]


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def Text(what: str = "a string", lines: bool = False, forbid: str = "") -> Check:  # noqa: N802
    """A non-empty string without control characters (``lines``: newlines and tabs allowed)."""
    control = _CONTROL_BUT_LINES if lines else _CONTROL

    def check(value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise Invalid(f"must be {what}, not {_shown(value)}")
        if control.search(value) or any(c in value for c in forbid):
            bad = "control characters" + (f" or any of {forbid!r}" if forbid else "")
            raise Invalid(f"must be {what} without {bad}, not {_shown(value)}")
        return value
    return check


def Revision() -> Check:  # noqa: N802
    """A ref or commit name: never something git could take for an option."""
    text = Text("a branch, tag or commit name")

    def check(value: Any) -> str:
        value = text(value)
        if value.startswith("-") or any(c.isspace() for c in value):
            raise Invalid(f"must be a branch, tag or commit name, not {_shown(value)}")
        return value
    return check


def RemoteName() -> Check:  # noqa: N802
    """The name of a remote (that it is configured in the repository is checked when it is fetched)."""
    def check(value: Any) -> str:
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._/-]*", value):
            raise Invalid(f"must be the name of one of the repository's remotes (see 'git remote'), "
                          f"not {_shown(value)}")
        return value
    return check


def Integer(low: int, high: int, unit: str = "") -> Check:  # noqa: N802
    def check(value: Any) -> int:
        if not _is_int(value) or not low <= value <= high:
            raise Invalid(f"must be a whole number{unit} from {low} to {high}, not {_shown(value)}")
        return int(value)
    return check


def Boolean() -> Check:  # noqa: N802
    def check(value: Any) -> bool:
        if not isinstance(value, bool):
            raise Invalid(f"must be true or false, not {_shown(value)}")
        return value
    return check


def Choice(*words: str) -> Check:  # noqa: N802
    def check(value: Any) -> str:
        if value not in words:
            raise Invalid(f"must be one of {', '.join(repr(w) for w in words)}, not {_shown(value)}")
        return str(value)
    return check


def ListOf(item: Check, what: str) -> Check:  # noqa: N802
    def check(value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise Invalid(f"must be a list of {what}, not {_shown(value)}")
        try:
            return [item(v) for v in value]
        except Invalid as exc:
            raise Invalid(f"must be a list of {what}: an entry {exc}") from None
    return check


def Word(pattern: str, what: str) -> Check:  # noqa: N802
    def check(value: Any) -> str:
        if not isinstance(value, str) or not re.fullmatch(pattern, value):
            raise Invalid(f"must be {what}, not {_shown(value)}")
        return value
    return check


def Address() -> Check:  # noqa: N802
    """One mail address, 'Name <user@host>' or 'user@host', on one line."""
    def check(value: Any) -> str:
        if not isinstance(value, str) or _CONTROL.search(value):
            raise Invalid(f"must be one mail address on one line, like 'Name <you@example.org>', "
                          f"not {_shown(value)}")
        _, addr = email.utils.parseaddr(value)
        if not _EMAIL.fullmatch(addr):
            raise Invalid(f"must be a mail address like 'Name <you@example.org>', not {_shown(value)}")
        return value
    return check


def Addresses() -> Check:  # noqa: N802
    one = Address()

    def check(value: Any) -> list[str]:
        if isinstance(value, str):
            return [one(value)]
        return ListOf(one, "mail addresses")(value)
    return check


def RulesSetting() -> Check:  # noqa: N802
    """A rules file inside the queue folder, or inline ``[[split.rules]]`` tables."""
    def check(value: Any) -> str | list[dict[str, Any]]:
        if isinstance(value, str):
            parts = value.split("/")
            if value.startswith("/") or any(p in ("", ".", "..") for p in parts) or _CONTROL.search(value):
                raise Invalid(f"must name a file inside the queue folder (like \"split-rules.toml\"), "
                              f"not {_shown(value)}")
            return value
        if isinstance(value, list) and all(isinstance(r, dict) for r in value):
            return value
        raise Invalid(f"must be a file name (\"split-rules.toml\") or [[split.rules]] tables, not {_shown(value)}")
    return check


@dataclass(frozen=True)
class Key:
    check: Check
    default: Any = None
    required: bool = False


SCHEMA: dict[str, dict[str, Key]] = {
    "": {
        "repo": Key(Text("the path of the kernel repository"), required=True),
        "upstream": Key(Revision(), required=True),
        "fork": Key(Revision()),
        "remote": Key(RemoteName()),
        "guards": Key(ListOf(Word(r"[^-+#\s][^#\s]*", "a guard name (as in '#+xen')"), "guard names"), []),
    },
    "identity": {
        "name": Key(Text("a name", forbid="<>"), "xenpatch"),
        "email": Key(Word(_EMAIL.pattern, "a mail address like you@example.org"), "xenpatch@localhost"),
    },
    "split": {
        "max_lines": Key(Integer(1, 10_000_000, " of changed lines"), DEFAULT_MAX_LINES),
        "rules": Key(RulesSetting()),
    },
    "check": {
        "command": Key(Text("a shell command", lines=True)),
        "timeout": Key(Integer(1, 7 * 24 * 3600, " of seconds"), DEFAULT_CHECK_TIMEOUT),
        "jobs": Key(Integer(1, 1024, " of checks run at once"), DEFAULT_CHECK_JOBS),
    },
    "export": {
        "subject_prefix": Key(Text("words such as 'PATCH' or 'RFC PATCH'", forbid="[]")),
        "from": Key(Address()),
        "to": Key(Addresses()),
        "cc": Key(Addresses()),
        "signature": Key(Text("a signature", lines=True)),
    },
    "lint": {
        "require_headers": Key(ListOf(Word(r"[A-Za-z0-9][A-Za-z0-9-]*", "a header name"), "header names")),
        "require_git_commit_when_mainline": Key(Boolean()),
        "max_line_length": Key(Integer(1, 1_000_000)),
        "max_subject_length": Key(Integer(1, 1_000_000)),
        "max_patch_bytes": Key(Integer(1, 1 << 40)),
        "disable": Key(ListOf(Choice(*LINT_CHECKS), "check names")),
    },
}


# ---------------------------------------------------------------- reading

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]*?)\s*\]\]?\s*(#.*)?$")
_ASSIGN = re.compile(r"^\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*=")


def _dotted(text: str) -> str:
    return ".".join(p.strip().strip("\"'") for p in text.split("."))


def locate(text: str, table: str, key: str | None = None) -> int | None:
    """The line defining ``[table]`` (key None) or ``key`` in it, dotted keys included."""
    current = ""
    want = f"{table}.{key}" if table and key else (key or table)
    for lineno, line in enumerate(text.splitlines(), 1):
        m = _HEADER.match(line)
        if m:
            current = _dotted(m.group(1))
            if current == want:
                return lineno
            continue
        if key is None:
            continue
        a = _ASSIGN.match(line)
        if a:
            name = _dotted(a.group(1))
            if (f"{current}.{name}" if current else name) == want:
                return lineno
    if key is None:  # a table written as a dotted key or an inline table
        return locate(text, "", table.split(".")[0]) if "." not in table else None
    return locate(text, table) if table else None


class _Reader:
    def __init__(self, text: str, path: Path) -> None:
        self.text = text
        self.path = path

    def error(self, table: str, key: str | None, message: str, hint: str = "fix queue.toml") -> QueueError:
        line = locate(self.text, table, key)
        where = f"{self.path}:{line}" if line else str(self.path)
        return QueueError(f"{where}: {message}", hint)

    def unknown(self, table: str, key: str | None, known: list[str]) -> QueueError:
        name = key if key is not None else table
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        if key is None:
            shown = ", ".join(f"[{k}]" for k in known)
            guess = f"did you mean [{close[0]}]? " if close else ""
            return self.error(table, None, f"unknown section [{table}]",
                              f"{guess}(sections: {shown}); fix queue.toml")
        place = f" in [{table}]" if table else ""
        guess = f"did you mean '{close[0]}'? " if close else ""
        return self.error(table, key, f"unknown key '{key}'{place}",
                          f"{guess}(known keys{place}: {', '.join(known)}); fix queue.toml")

    def table(self, doc: dict[str, Any], table: str) -> dict[str, Any]:
        """The checked values of one table, defaults filled in."""
        schema = SCHEMA[table]
        raw = doc if not table else doc.get(table, {})
        if not isinstance(raw, dict):
            raise self.error("", table, f"'{table}' must be a table ([{table}]), not {_shown(raw)}")
        out: dict[str, Any] = {}
        for key, value in raw.items():
            if not table and key in SCHEMA and key:
                continue  # a section, checked on its own
            spec = schema.get(key)
            if spec is None:
                if not table and isinstance(value, dict):
                    raise self.unknown(key, None, [t for t in SCHEMA if t])
                raise self.unknown(table, key, sorted(schema))
            try:
                out[key] = spec.check(value)
            except Invalid as exc:
                place = f"[{table}] " if table else ""
                raise self.error(table, key, f"{place}{key} {exc}") from None
        for key, spec in schema.items():
            if key not in out:
                if spec.required:
                    raise self.error(table, None, f"'{key}' is missing",
                                     f"add {key} = ... to queue.toml, or recreate it with 'xenpatch init'")
                out[key] = spec.default
        return out


def parse_config(data: bytes, name: str, path: Path, workspace: Path) -> QueueConfig:
    try:
        text = data.decode("utf-8")
        doc = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise QueueError(f"{path} is not valid TOML: {exc}", "fix the syntax of queue.toml") from None
    reader = _Reader(text, path)
    top = reader.table(doc, "")
    ident = reader.table(doc, "identity")
    split = reader.table(doc, "split")
    check = reader.table(doc, "check")
    export = {k: v for k, v in reader.table(doc, "export").items() if v is not None}
    lint = {k: v for k, v in reader.table(doc, "lint").items() if v is not None}
    repo_path = Path(top["repo"])
    if not repo_path.is_absolute():
        repo_path = (workspace / repo_path).resolve()
    rules = split["rules"]
    return QueueConfig(
        name=name,
        repo=repo_path,
        upstream=top["upstream"],
        fork=top["fork"],
        remote=top["remote"],
        identity=Identity(ident["name"], ident["email"]),
        guards=tuple(top["guards"]),
        max_lines=split["max_lines"],
        rules=tuple(rules) if isinstance(rules, list) else (),
        rules_file=rules if isinstance(rules, str) else None,
        check_command=check["command"],
        check_timeout=check["timeout"],
        check_jobs=check["jobs"],
        export=export,
        lint=lint,
    )


def valid_identity(identity: Identity) -> bool:
    """Whether ``identity`` would pass [identity] as queue.toml checks it (init uses git's)."""
    try:
        SCHEMA["identity"]["name"].check(identity.name)
        SCHEMA["identity"]["email"].check(identity.email)
    except Invalid:
        return False
    return True


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
        f"# jobs = {DEFAULT_CHECK_JOBS}                  # checks run at once",
        "",
        "[export]",
        "subject_prefix = \"PATCH\"",
        "",
        "[lint]",
        "# require_headers = [\"Patch-mainline\"]",
        "",
    ]
    return "\n".join(lines).encode()
