"""``xenpatch resolve NAME [--restart]``: a work tree with the conflict to fix."""

from __future__ import annotations

import click

from xenpatch.cli import Context, cli
from xenpatch.cli.terminal import Terminal
from xenpatch.pipeline.resolve import prepare


@cli.command("resolve")
@click.argument("name")
@click.option("--restart", is_flag=True, help="Throw away the work tree's edits and prepare the conflict anew.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def resolve_command(obj: Context, name: str, restart: bool, as_json: bool) -> None:
    """Prepare a git worktree holding the conflict the rebase (or add) stopped at."""
    term = Terminal(as_json)
    r = prepare(obj.workspace, name, restart=restart)
    if as_json:
        term.json(r)
        return
    if r.kept:
        state = "with your edits" if r.edited else "as prepared, no edits yet"
        term.line(f"the work tree {r.worktree} already holds this conflict ({state}); kept it as it is "
                  f"('xenpatch resolve {r.queue} --restart' starts over)")
    term.line(f"patch {r.patch} conflicts; fix these files in {r.worktree} "
              f"(git status, git diff and git mergetool work there):")
    for path in r.conflicts:
        term.line(f"  {path}")
    term.line(f"then run '{r.continue_with}'")
