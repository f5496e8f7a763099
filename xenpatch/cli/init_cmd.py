"""``xenpatch init NAME --repo PATH --upstream REF [--fork REF]``."""

from __future__ import annotations

import click

from xenpatch.cli import Context, cli
from xenpatch.cli.terminal import Terminal
from xenpatch.pipeline.init import init_queue


@cli.command("init")
@click.argument("name")
@click.option("--repo", required=True, help="The kernel git repository (relative paths: to the workspace).")
@click.option("--upstream", required=True, help="Upstream ref to follow, e.g. refs/remotes/origin/master.")
@click.option("--fork", default=None, help="The out-of-tree branch, if there is one.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def init_command(obj: Context, name: str, repo: str, upstream: str, fork: str | None, as_json: bool) -> None:
    """Create queues/NAME/queue.toml."""
    term = Terminal(as_json)
    result = init_queue(obj.workspace, name, repo, upstream, fork)
    if as_json:
        term.json(result)
        return
    term.line(f"created queue {result.queue} in {result.path}")
    term.line(f"  repo      {result.repo}")
    term.line(f"  upstream  {result.upstream} ({result.upstream_commit[:12]})")
    if result.fork:
        term.line(f"  fork      {result.fork} ({(result.fork_commit or '')[:12]})")
