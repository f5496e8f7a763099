"""``xenpatch resolve NAME``: a work tree with the conflict to fix."""

from __future__ import annotations

import click

from xenpatch.cli import Context, cli
from xenpatch.cli.terminal import Terminal
from xenpatch.pipeline.resolve import prepare


@cli.command("resolve")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def resolve_command(obj: Context, name: str, as_json: bool) -> None:
    """Prepare a git worktree holding the conflict the rebase stopped at."""
    term = Terminal(as_json)
    r = prepare(obj.workspace, name)
    if as_json:
        term.json(r)
        return
    term.line(f"patch {r.patch} conflicts; fix these files in {r.worktree}:")
    for path in r.conflicts:
        term.line(f"  {path}")
    term.line(f"then run 'xenpatch rebase {r.queue} --continue'")
