"""``xenpatch lint NAME``: checkpatch-style findings; exit 1 when a patch needs work."""

from __future__ import annotations

import click

from xenpatch.cli import Context, cli
from xenpatch.cli.terminal import Terminal
from xenpatch.core.words import count
from xenpatch.pipeline.lint import LintOptions, lint


@cli.command("lint")
@click.argument("name")
@click.option("--checkpatch", is_flag=True, help="Also run the tree's scripts/checkpatch.pl (needs perl).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option("--no-build", is_flag=True, help="Do not run the [check] command at each patch's position.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.pass_context
def lint_command(ctx: click.Context, name: str, checkpatch: bool, strict: bool, no_build: bool,
                 as_json: bool) -> None:
    """Check every patch: subject, body, Signed-off-by, whitespace, long lines, size,
    the queue's header policy, that it applies and builds at its position."""
    obj: Context = ctx.obj
    term = Terminal(as_json)
    r = lint(obj.workspace, name, LintOptions(checkpatch=checkpatch, strict=strict, build=not no_build),
             progress=term.progress)
    if as_json:
        term.json(r)
    else:
        if r.findings:
            term.table(f"lint {r.queue}: {count(r.errors, 'error')}, {count(r.warnings, 'warning')} in {count(r.patches, 'patch')}",
                       ["patch", "line", "severity", "check", "message"],
                       [[f.patch, "" if f.line is None else str(f.line), f.severity, f.check, f.message]
                        for f in r.findings])
        else:
            term.line(f"lint {r.queue}: {count(r.patches, 'patch')}, no findings")
        for s in r.skipped:
            term.line(f"skipped {s.check}: {s.reason}")
    if r.needs_attention:
        ctx.exit(1)
