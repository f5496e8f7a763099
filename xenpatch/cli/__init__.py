"""The ``xenpatch`` command: a click group; each command lives in its own module.

Errors: an ``XenpatchError`` (or a click usage error) prints one line on stderr
and exits 2; any other exception is a bug, shown with a traceback only under
--debug.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from pathlib import Path
from typing import Any

import click

from xenpatch.store import Workspace
from xenpatch.errors import XenpatchError, XenpatchWarning

COMMAND_MODULES = [
    "init_cmd", "import_cmd", "track_cmd", "rebase_cmd", "resolve_cmd",
    "log_cmd", "diff_cmd", "score_cmd", "stabilize_cmd", "nightly_cmd", "export_cmd", "lint_cmd", "split_cmd",
]


class Context:
    def __init__(self, workspace: Path, debug: bool) -> None:
        self.workspace_path = workspace
        self.debug = debug

    @property
    def workspace(self) -> Workspace:
        return Workspace(self.workspace_path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-C", "workspace", type=click.Path(file_okay=False, path_type=Path), default=".",
              help="Workspace directory (holds queues/). Default: current directory.")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.version_option(package_name="xenpatch")
@click.pass_context
def cli(ctx: click.Context, workspace: Path, debug: bool) -> None:
    """Manage an out-of-tree kernel patch queue against a moving upstream."""
    ctx.obj = Context(workspace, debug)


for _module in COMMAND_MODULES:
    importlib.import_module(f"xenpatch.cli.{_module}")


def _show_warning(message: Any, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    from xenpatch.cli.terminal import Terminal

    if issubclass(category, XenpatchWarning):
        Terminal().warning(str(message))
    else:
        _python_showwarning(message, category, *args, **kwargs)


_python_showwarning = warnings.showwarning


def main(argv: list[str] | None = None) -> None:
    from xenpatch.cli.terminal import Terminal

    warnings.simplefilter("always", XenpatchWarning)
    warnings.showwarning = _show_warning
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        rc = cli.main(args=argv, prog_name="xenpatch", standalone_mode=False)
    except XenpatchError as exc:
        if debug:
            raise
        Terminal().error(exc.message, exc.hint)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        Terminal().error("interrupted")
        sys.exit(130)
    except click.ClickException as exc:
        hint = "see 'xenpatch --help'"
        ctx = getattr(exc, "ctx", None)  # UsageError knows the command it came from
        if ctx is not None:
            hint = f"see '{ctx.command_path} --help'"
        Terminal().error(exc.format_message(), hint)
        sys.exit(2)
    except KeyboardInterrupt:
        Terminal().error("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except OSError as exc:
        if debug:
            raise
        Terminal().error(f"{exc.strerror or exc}: {exc.filename or ''}".strip(": "), "check the path and permissions")
        sys.exit(2)
    except Exception as exc:  # a bug: one line, details with --debug
        if debug:
            raise
        Terminal().error(f"internal error: {type(exc).__name__}: {exc}", "rerun with --debug and report it")
        sys.exit(2)
    sys.exit(rc if isinstance(rc, int) else 0)
