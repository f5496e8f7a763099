"""The one place that writes to the terminal (rich, with markup off).

``[PATCH v2 1/3]`` must print as written, so every Console has markup=False and
highlighting off. JSON goes to stdout alone; messages and progress to stderr.

Output that goes to a file or a pipe (a nightly log, ``| grep``) is never
wrapped: rich would otherwise fold every line at 80 columns there, splitting
diff lines, commit subjects and hints. Only a real terminal gets its width.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import sys
from typing import Any, Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table


def to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


class RichProgress:
    """Progress protocol on a terminal; silent when stderr is not a tty."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._progress: Progress | None = None
        self._task: Any = None

    def start(self, label: str, total: int) -> None:
        if not self._console.is_terminal or total < 2:
            return
        self.done()
        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=self._console, transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(label, total=total)

    def advance(self, n: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, n)

    def done(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


UNBOUNDED = 1 << 20  # columns: wide enough that nothing wraps, for files and pipes


def console(stderr: bool = False) -> Console:
    """A console that wraps at the terminal's width, and not at all when not writing to one."""
    probe = Console(stderr=stderr)
    width = None if probe.is_terminal else UNBOUNDED
    return Console(stderr=stderr, markup=False, highlight=False, emoji=False, width=width)


class Terminal:
    def __init__(self, json_mode: bool = False) -> None:
        self.json_mode = json_mode
        self.out = console()
        self.err = console(stderr=True)
        self.progress = RichProgress(self.err)

    def json(self, value: Any) -> None:
        sys.stdout.write(json.dumps(to_jsonable(value), sort_keys=True, indent=2) + "\n")

    def line(self, text: str = "", style: str | None = None) -> None:
        if not self.json_mode:
            self.out.print(text, style=style)

    def info(self, text: str) -> None:
        self.err.print(text)

    def error(self, message: str, hint: str = "") -> None:
        text = f"xenpatch: error: {message}" + (f"; {hint}" if hint else "")
        self.err.print(" ".join(text.split()), style="red", soft_wrap=True)

    def warning(self, message: str) -> None:
        self.err.print(" ".join(f"xenpatch: warning: {message}".split()), style="yellow", soft_wrap=True)

    def table(self, title: str | None, columns: list[str], rows: Iterator[list[str]] | list[list[str]]) -> None:
        if self.json_mode:
            return
        table = Table(title=title, show_lines=False)
        for c in columns:
            table.add_column(c, overflow="fold")
        for row in rows:
            table.add_row(*row)
        self.out.print(table)
