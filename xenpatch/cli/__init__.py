"""The ``xenpatch`` command: a click group; each command lives in its own module.

Errors: an ``XenpatchError`` (or a click usage error) prints one line on stderr
and exits 2; any other exception is a bug, shown with a traceback only under
--debug.  SIGTERM is handled like Ctrl-C (an exception, so every ``finally``
runs: a running check's process group is killed, locks are released) and
exits 128+15.

Shell completion is click's own: ``eval "$(_XENPATCH_COMPLETE=bash_source
xenpatch)"`` (zsh_source, fish_source for those shells) completes commands,
options and queue names (read from the workspace given with -C).
"""

from __future__ import annotations

import importlib
import signal
import sys
import warnings
from pathlib import Path
from types import FrameType
from typing import Any

import click
from click.shell_completion import CompletionItem

from xenpatch.errors import XenpatchError, XenpatchWarning
from xenpatch.store import Workspace

# command name -> the module that defines it; a module is imported only when its command
# runs (or help lists them all): every command pays for its own imports, not for all of them
COMMANDS = {
    "init": "init_cmd", "import": "import_cmd", "track": "track_cmd", "split": "split_cmd", "score": "score_cmd",
    "rebase": "rebase_cmd", "resolve": "resolve_cmd", "stabilize": "stabilize_cmd", "nightly": "nightly_cmd",
    "log": "log_cmd", "diff": "diff_cmd", "export": "export_cmd", "lint": "lint_cmd",
    "checkout": "checkout_cmd", "commit": "commit_cmd", "add": "add_cmd",
}


class Context:
    def __init__(self, workspace: Path, debug: bool) -> None:
        self.workspace_path = workspace
        self.debug = debug

    @property
    def workspace(self) -> Workspace:
        return Workspace(self.workspace_path)


class LazyGroup(click.Group):
    """A group whose commands' modules are imported when a command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"xenpatch.cli.{COMMANDS[cmd_name]}")
            command = self.commands.get(cmd_name)
            if command is not None:
                _queue_name_arguments(command)
        return self.commands.get(cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-C", "workspace", type=click.Path(file_okay=False, path_type=Path), default=".",
              help="Workspace directory (holds queues/). Default: current directory.")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.version_option(package_name="xenpatch")
@click.pass_context
def cli(ctx: click.Context, workspace: Path, debug: bool) -> None:
    """Manage an out-of-tree kernel patch queue against a moving upstream."""
    ctx.obj = Context(workspace, debug)



class QueueName(click.ParamType):
    """A queue's name: plain text, completed from the workspace's queues/."""

    name = "queue"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return value

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        root = ctx.find_root()
        workspace = root.params.get("workspace") or Path(".")
        try:
            names = Workspace(workspace).names()
        except Exception:  # completion must never fail loudly
            return []
        return [CompletionItem(n) for n in names if n.startswith(incomplete)]


def _queue_name_arguments(command: click.Command) -> None:
    """Every command's NAME argument is a queue's name (commands keep declaring it as plain "name")."""
    for param in command.params:
        if isinstance(param, click.Argument) and param.name == "name":
            param.type = QueueName()


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so cleanup runs as for Ctrl-C."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


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
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        rc = cli.main(args=argv, prog_name="xenpatch", standalone_mode=False)
    except XenpatchError as exc:
        if debug:
            raise
        Terminal().error(exc.message, exc.hint)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except (click.Abort, KeyboardInterrupt) as exc:  # click turns KeyboardInterrupt into Abort
        again = "nothing was left half-written; run the command again"
        if isinstance(exc, Terminated) or isinstance(exc.__cause__, Terminated):
            Terminal().error("terminated (SIGTERM)", again)
            sys.exit(128 + signal.SIGTERM)
        Terminal().error("interrupted", again)
        sys.exit(130)
    except click.ClickException as exc:
        hint = "see 'xenpatch --help'"
        ctx = getattr(exc, "ctx", None)  # UsageError knows the command it came from
        if ctx is not None:
            hint = f"see '{ctx.command_path} --help'"
        Terminal().error(exc.format_message(), hint)
        sys.exit(2)
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
    finally:
        signal.signal(signal.SIGTERM, previous)
    sys.exit(rc if isinstance(rc, int) else 0)
