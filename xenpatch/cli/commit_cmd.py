"""``xenpatch commit NAME [--branch BRANCH] [--force]``."""

from __future__ import annotations

import click

from xenpatch.cli import Context, cli
from xenpatch.cli.terminal import Terminal
from xenpatch.core.words import count
from xenpatch.pipeline.commit import CommitResult, commit


def render_commit(term: Terminal, r: CommitResult) -> None:
    if r.status == "unchanged":
        term.line(f"{r.queue}: branch {r.branch} holds the series as it is; nothing to commit")
        return
    rows = [[p.name, p.status + (f" ({', '.join(p.changes)})" if p.changes else ""), p.commit[:12], p.subject]
            for p in r.patches if p.status != "unchanged"]
    rows += [[n, "removed", "", f"archived as {r.archived.get(n, '')}"] for n in r.removed]
    term.table(f"{r.queue}: rev {r.rev} from branch {r.branch}", ["patch", "status", "commit", "subject"], rows)
    same = sum(1 for p in r.patches if p.status == "unchanged")
    term.line(f"committed as rev {r.rev} ({count(same, 'patch')} unchanged); branch {r.branch} now at {r.head[:12]}")


@cli.command("commit")
@click.argument("name")
@click.option("--branch", default=None, metavar="BRANCH",
              help="The branch to read (default: the one 'xenpatch checkout' made).")
@click.option("--force", is_flag=True, help="Commit even though the queue changed since it was checked out.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def commit_command(obj: Context, name: str, branch: str | None, force: bool, as_json: bool) -> None:
    """Turn the checked-out branch back into the series (one new rev)."""
    term = Terminal(as_json)
    r = commit(obj.workspace, name, branch=branch, force=force, progress=term.progress)
    if as_json:
        term.json(r)
    else:
        render_commit(term, r)
