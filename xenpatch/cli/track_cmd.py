"""``xenpatch track NAME``."""

from __future__ import annotations

import click

from xenpatch.cli import Context, cli
from xenpatch.cli.terminal import Terminal
from xenpatch.core.words import count
from xenpatch.pipeline.track import track


@cli.command("track")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def track_command(obj: Context, name: str, as_json: bool) -> None:
    """Show the queue against upstream head: base, behind, delta, overlap."""
    term = Terminal(as_json)
    r = track(obj.workspace, name, progress=term.progress)
    if as_json:
        term.json(r)
        return
    term.table(
        f"queue {r.queue}",
        ["", ""],
        [
            ["base", r.base[:12]],
            ["upstream", f"{r.upstream_ref} {r.upstream[:12]}"],
            ["behind", count(r.behind, "commit")],
            ["patches", str(r.patches)],
            ["delta", f"{count(r.delta.files, 'file')}, +{r.delta.insertions} -{r.delta.deletions}"],
            ["overlap", f"{count(len(r.overlap), 'file')} changed upstream since base"],
        ],
    )
    if r.overlap:
        rows = sorted(r.overlap, key=lambda o: (-o.commits, o.path))
        term.table("files the queue touches that upstream changed", ["file", "upstream commits"],
                   [[o.path, str(o.commits)] for o in rows])
