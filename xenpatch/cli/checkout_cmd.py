"""``xenpatch checkout NAME [--branch BRANCH] [--force]``."""

from __future__ import annotations

import click

from xenpatch.cli import Context, cli
from xenpatch.cli.terminal import Terminal
from xenpatch.core.words import count
from xenpatch.pipeline.checkout import checkout


@cli.command("checkout")
@click.argument("name")
@click.option("--branch", default=None, metavar="BRANCH",
              help="Make a plain branch of the repository (no work tree) instead of xenpatch/NAME in "
                   "the workspace's own work tree.")
@click.option("--force", is_flag=True, help="Overwrite a branch with commits not yet committed to the queue "
                                            "(its old head stays in the reflog).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def checkout_command(obj: Context, name: str, branch: str | None, force: bool, as_json: bool) -> None:
    """Put the series on a git branch, one commit per patch, to edit with git."""
    term = Terminal(as_json)
    r = checkout(obj.workspace, name, branch=branch, force=force, progress=term.progress)
    if as_json:
        term.json(r)
        return
    where = f" in {r.worktree}" if r.worktree else ""
    term.line(f"{count(len(r.patches), 'patch')} of {r.queue} on branch {r.branch}{where} "
              f"(base {r.base[:12]}, head {r.head[:12]})")
    if r.left_out:
        term.line(f"  not on the branch (left out by the queue's guards): {', '.join(r.left_out)}")
    if r.discarded:
        term.line(f"  discarded the branch's earlier head {r.discarded[:12]} (git reflog {r.branch})")
    term.line(f"edit it with git (rebase -i, commit --amend, add -p ...), then run 'xenpatch commit {r.queue}'")
