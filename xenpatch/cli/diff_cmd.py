"""``xenpatch diff NAME A B``: per-patch changes between two revs."""

from __future__ import annotations

import click

from xenpatch.cli import Context, cli
from xenpatch.cli.terminal import Terminal
from xenpatch.pipeline.history import diff


@cli.command("diff")
@click.argument("name")
@click.argument("a", type=int)
@click.argument("b", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def diff_command(obj: Context, name: str, a: int, b: int, as_json: bool) -> None:
    """Show what changed in each patch between revs A and B (like git range-diff)."""
    term = Terminal(as_json)
    r = diff(obj.workspace, name, a, b)
    if as_json:
        term.json({"queue": r.queue, "a": r.a, "b": r.b, "counts": r.counts, "patches": r.patches})
        return
    marks = {"unchanged": "=", "changed": "!", "dropped": "<", "added": ">"}
    for p in r.patches:
        term.line(f"{marks[p.status]} {p.name}: {p.subject}" + (f" ({p.detail})" if p.detail else ""))
        if p.interdiff:
            for line in p.interdiff.splitlines():
                term.line("    " + line)
    term.line(", ".join(f"{v} {k}" for k, v in r.counts.items()))
