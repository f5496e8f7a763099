"""``xenpatch log NAME``: the rev history."""

from __future__ import annotations

import click

from xenpatch.cli import Context, cli
from xenpatch.cli.terminal import Terminal
from xenpatch.pipeline.history import log


@cli.command("log")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def log_command(obj: Context, name: str, as_json: bool) -> None:
    """List the queue's revs."""
    term = Terminal(as_json)
    r = log(obj.workspace, name)
    if as_json:
        term.json(r)
        return
    term.table(f"{r.queue} (current rev {r.current})", ["rev", "status", "onto", "patches", "outcomes", "seconds"], [
        [str(s.rev), s.status, f"{s.onto_ref} {s.onto[:12]}", str(s.patches),
         ", ".join(f"{v} {k}" for k, v in s.counts.items() if v), f"{s.seconds:.2f}"]
        for s in r.revs
    ])
