"""``xenpatch stabilize NAME [--onto REF] [--check CMD]``."""

from __future__ import annotations

from pathlib import Path

import click

from xenpatch.cli import Context, cli
from xenpatch.cli.reports import junit, markdown
from xenpatch.cli.terminal import Terminal
from xenpatch.store.userfiles import write_file_atomic
from xenpatch.pipeline.stabilize import StabilizeResult, stabilize


def render_stabilize(term: Terminal, r: StabilizeResult) -> None:
    style = "green" if r.ok else "bold red"
    term.line(f"{r.queue}: {r.verdict} onto {r.onto_ref} ({r.onto[:12]})" +
              (f", rev {r.rev}" if r.rev is not None else ""), style=style)
    if r.patches and r.verdict != "up-to-date":
        counts: dict[str, int] = {}
        for p in r.patches:
            counts[p.outcome.value] = counts.get(p.outcome.value, 0) + 1
        term.line("  patches: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    if r.check is not None:
        state = "passed" if r.check.ok else ("timed out" if r.check.timed_out else f"failed (exit {r.check.exit_code})")
        term.line(f"  check: {state} in {r.check.seconds:.1f}s")
    if r.bisect is not None:
        term.line(f"  bisect: first failing prefix ends at {r.bisect.first_bad or '(the bare base)'}; "
                  f"cause: {r.bisect.cause}; tested prefixes {[k for k, _ in r.bisect.tested]}")
    if r.actions:
        term.table("what needs a human", ["patch", "kind", "files", "culprit", "detail"], [
            [a.patch or "(base)", a.kind, ", ".join(a.files),
             (a.culprit or {}).get("commit", "")[:12] + " " + (a.culprit or {}).get("subject", ""),
             a.detail.split("\n", 1)[0]]
            for a in r.actions
        ])
    if r.timings:
        term.line("  timings: " + ", ".join(f"{k} {v:.2f}s" for k, v in r.timings.items()))


def write_reports(r: StabilizeResult, junit_file: Path | None, markdown_file: Path | None) -> None:
    if junit_file:
        write_file_atomic(junit_file, junit(r))
    if markdown_file:
        write_file_atomic(markdown_file, markdown(r))


@cli.command("stabilize")
@click.argument("name")
@click.option("--onto", default=None, help="The upstream rev (default: the queue's upstream).")
@click.option("--check", default=None, help="Check command (default: [check] command in queue.toml).")
@click.option("--no-score", is_flag=True, help="Skip the conflict-risk scoring step.")
@click.option("--junit", "junit_file", type=click.Path(dir_okay=False, path_type=Path), help="Write a JUnit XML report.")
@click.option("--markdown", "markdown_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a Markdown report.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
@click.pass_context
def stabilize_command(ctx: click.Context, obj: Context, name: str, onto: str | None, check: str | None,
                      no_score: bool, junit_file: Path | None, markdown_file: Path | None, as_json: bool) -> None:
    """Forward-port, check, bisect and report one upstream rev."""
    term = Terminal(as_json)
    r = stabilize(obj.workspace, name, onto, check, term.progress, score=not no_score)
    write_reports(r, junit_file, markdown_file)
    if as_json:
        term.json(r)
    else:
        render_stabilize(term, r)
    if not r.ok:
        ctx.exit(1)
