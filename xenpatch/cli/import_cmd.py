"""``xenpatch import NAME (--fork REF [--squash] | --patch FILE | --quilt DIR | --mbox FILE) [--base REF]``."""

from __future__ import annotations

import click

from xenpatch.cli import Context, cli
from xenpatch.cli.terminal import Terminal
from xenpatch.core.words import count
from xenpatch.pipeline.importer import import_queue


@cli.command("import")
@click.argument("name")
@click.option("--fork", default=None,
              help="A linear branch: one patch per commit on its base (authors, dates, messages kept).")
@click.option("--squash", is_flag=True, help="With --fork: the whole delta as one patch (for split); merges allowed.")
@click.option("--patch", "patch_file", default=None, help="One patch file.")
@click.option("--quilt", "quilt_dir", default=None, help="A quilt patches directory (series + patches).")
@click.option("--mbox", "mbox_file", default=None, help="An mbox (git format-patch --stdout, b4 am).")
@click.option("--base", default=None, help="The commit the patches apply to (default: the fork's merge-base, an mbox's "
                   "base-commit: line, else upstream).")
@click.option("--replace", is_flag=True, help="Archive the queue's current patches and import anew.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def import_command(obj: Context, name: str, fork: str | None, patch_file: str | None, quilt_dir: str | None,
                   mbox_file: str | None, base: str | None, replace: bool, squash: bool, as_json: bool) -> None:
    """Load the out-of-tree change as the queue's content."""
    term = Terminal(as_json)
    result = import_queue(obj.workspace, name, fork=fork, patch_file=patch_file, quilt_dir=quilt_dir,
                          mbox_file=mbox_file, base=base, replace=replace, squash=squash,
                          progress=term.progress)
    if as_json:
        term.json(result)
        return
    term.line(f"imported {count(len(result.patches), 'patch')} into {result.queue} from {result.source}")
    term.line(f"  base {result.base[:12]}: {count(result.files, 'file')}, +{result.insertions} -{result.deletions}")
    if result.archived:
        term.line(f"  archived {count(len(result.archived), 'earlier patch', 'earlier patches')}")
