"""One exception family for everything the user can get wrong.

The CLI turns any ``XenpatchError`` into a one-line message plus a hint on stderr
and exit code 2; anything else is a bug and gets a traceback only with --debug.
"""

from __future__ import annotations


class XenpatchError(Exception):
    """A problem with the user's input or environment, reported without a traceback."""

    exit_code = 2

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class GitError(XenpatchError):
    """git refused a command; carries the command and git's own stderr."""

    def __init__(self, args: list[str], returncode: int, stderr: bytes, hint: str = "") -> None:
        first = stderr.decode("utf-8", "replace").strip().splitlines()
        detail = first[0] if first else f"exit code {returncode}"
        super().__init__(f"git {' '.join(args[:2])} failed: {detail}", hint)
        self.args_ = args
        self.returncode = returncode
        self.stderr = stderr


class BadInput(XenpatchError):
    """Malformed patch, series, mbox, rule file or option value."""


class UnknownRef(XenpatchError):
    """A ref or revision that does not resolve in the repository."""


class QueueError(XenpatchError):
    """Missing, corrupt or busy queue."""


class XenpatchWarning(UserWarning):
    """Something was ignored or set aside and the user should know (the CLI prints one line)."""
