"""``xenpatch nightly``: stabilize every queue, for bots."""

from __future__ import annotations

from pathlib import Path

import click

from xenpatch.cli import Context, cli
from xenpatch.cli.stabilize_cmd import write_reports
from xenpatch.cli.terminal import Terminal
from xenpatch.pipeline.nightly import nightly


@cli.command("nightly")
@click.option("--reports", "reports_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write NAME.junit.xml and NAME.md for every queue into this directory.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Checks run at once per queue (default: each queue's [check] jobs, else 1).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
@click.pass_context
def nightly_command(ctx: click.Context, obj: Context, reports_dir: Path | None, jobs: int | None,
                    as_json: bool) -> None:
    """Stabilize every queue in the workspace, unattended.

    Exit 0: every queue stabilized, up to date or empty; 1: a queue needs a human
    (conflicts, a failing check) or has no check command (unchecked); 2: a queue
    could not be processed (error).
    """
    term = Terminal(as_json)
    result = nightly(obj.workspace, term.progress, jobs)
    for run in result.runs:
        if reports_dir and run.result is not None:
            write_reports(run.result, reports_dir / f"{run.queue}.junit.xml", reports_dir / f"{run.queue}.md")
    if as_json:
        term.json({"exit_code": result.exit_code, "queues": [
            {"queue": r.queue, "verdict": r.verdict, "rev": r.rev, "detail": r.detail} for r in result.runs]})
    elif not result.runs:
        term.line(f"no queues in {obj.workspace.queues}: nothing to do")
    else:
        term.table("nightly", ["queue", "verdict", "rev", "detail"],
                   [[r.queue, r.verdict, "" if r.rev is None else str(r.rev), r.detail] for r in result.runs])
    ctx.exit(result.exit_code)
