"""``xenpatch stabilize NAME [--onto REF] [--check CMD | --no-check] [--jobs N]``."""

from __future__ import annotations

from pathlib import Path

import click

from xenpatch.cli import Context, cli
from xenpatch.cli.reports import check_state, culprit_text, junit, markdown
from xenpatch.cli.terminal import Terminal
from xenpatch.core.words import count
from xenpatch.pipeline.stabilize import StabilizeResult, stabilize
from xenpatch.store.userfiles import write_file_atomic


def render_stabilize(term: Terminal, r: StabilizeResult) -> None:
    style = "green" if r.ok else "bold red"
    where = f" onto {r.onto_ref} ({r.onto[:12]})" if r.onto else ""
    term.line(f"{r.queue}: {r.verdict}{where}" + (f", rev {r.rev}" if r.rev is not None else ""), style=style)
    if r.reason:
        term.line(f"  {r.reason}")
    if r.patches and r.verdict != "up-to-date":
        counts: dict[str, int] = {}
        for p in r.patches:
            counts[p.outcome.value] = counts.get(p.outcome.value, 0) + 1
        term.line("  patches: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    c = r.check
    if c is not None:
        ran = [count(c.runs, "check") + " run"] if c.runs else []
        if c.runs and c.jobs > 1:
            ran[0] += f" in {count(c.rounds, 'round')} of up to {c.jobs}"
        if c.cached:
            ran.append(f"{c.cached} answered by the cache")
        term.line(f"  check `{c.command}` on {count(c.checked, 'patch')}: {check_state(r)}"
                  + (f" ({c.seconds:.1f}s; {', '.join(ran)})" if ran else ""))
        for left in c.left_out:
            term.line(f"  not checked: {left.patch}: {left.reason}")
    b = r.bisect
    if b is not None:
        term.line(f"  first failing: {b.first_bad or 'the bare upstream base'} (cause: {b.cause})")
        term.line(f"  {b.explanation}")
        if b.upstream_range:
            term.line(f"  upstream bisection over {count(b.upstream_range, 'first-parent commit')}"
                      + (f", {count(b.upstream_checks, 'check')} run" if b.upstream_checks else ""))
    if r.actions:
        term.table("what needs a human", ["patch", "kind", "files", "culprit", "detail"], [
            [a.patch or "(base)", a.kind, ", ".join(a.files), culprit_text(a.culprit) if a.culprit else "",
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
@click.option("--no-check", is_flag=True, help="Forward-port without checking; the verdict is 'unchecked'.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Checks run at once, each in its own work tree (default: [check] jobs, else 1).")
@click.option("--no-score", is_flag=True, help="Skip the conflict-risk scoring step.")
@click.option("--junit", "junit_file", type=click.Path(dir_okay=False, path_type=Path), help="Write a JUnit XML report.")
@click.option("--markdown", "markdown_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a Markdown report.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
@click.pass_context
def stabilize_command(ctx: click.Context, obj: Context, name: str, onto: str | None, check: str | None,
                      no_check: bool, jobs: int | None, no_score: bool, junit_file: Path | None,
                      markdown_file: Path | None, as_json: bool) -> None:
    """Forward-port, check, bisect and report one upstream rev.

    Exit 0: stabilized (a check ran and passed), up to date, or nothing to do;
    1: needs a human (conflicts, a failing check) or unchecked; 2: bad input.
    """
    if check is not None and no_check:
        raise click.UsageError("--check and --no-check cannot be combined")
    term = Terminal(as_json)
    r = stabilize(obj.workspace, name, onto, check, term.progress, score=not no_score, no_check=no_check, jobs=jobs)
    write_reports(r, junit_file, markdown_file)
    if as_json:
        term.json(r)
    else:
        render_stabilize(term, r)
    if not r.ok:
        ctx.exit(1)
