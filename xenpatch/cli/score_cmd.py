"""``xenpatch score NAME [--onto REF] [--fail-over N] [--json]``."""

from __future__ import annotations

import click

from xenpatch.cli import Context, cli
from xenpatch.cli.terminal import Terminal
from xenpatch.pipeline.score import ScoreResult, score


def render_score(term: Terminal, r: ScoreResult) -> None:
    """A ranked table (most expected effort first), then the reasons and culprits per patch."""
    counts = ", ".join(f"{n} {lvl}" for lvl, n in r.levels.items() if n) or "no patches"
    ranked = sorted(r.patches, key=lambda p: r.ranking.index(p.name))
    term.table(
        f"{r.queue}: {r.base[:12]} -> {r.onto_ref} ({r.onto[:12]}, {r.upstream_commits} first-parent commits)",
        ["#", "patch", "level", "score", "culprit"],
        [[str(p.position), p.name, p.level, str(p.score),
          f"{p.culprits[0].commit[:12]} {p.culprits[0].subject}" if p.culprits else ""] for p in ranked],
    )
    for p in ranked:
        if not p.reasons and not p.culprits:
            continue
        term.line(f"{p.position} {p.name}: {p.level} ({p.score})", style=_STYLE.get(p.level))
        for reason in p.reasons:
            term.line(f"    {reason}")
        for c in p.culprits:
            term.line(f"    {c.role}: {c.commit[:12]} {c.subject} ({c.author})")
    term.line(f"total {r.total}: {counts}")


_STYLE = {"conflict": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}


@cli.command("score")
@click.argument("name")
@click.option("--onto", default=None, metavar="REF", help="The upstream rev to predict for (default: the queue's upstream).")
@click.option("--fail-over", "fail_over", type=click.IntRange(min=0), default=None, metavar="N",
              help="Exit 1 when the total score is above N (for bots).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
@click.pass_context
def score_command(ctx: click.Context, obj: Context, name: str, onto: str | None, fail_over: int | None,
                  as_json: bool) -> None:
    """Predict, per patch, how the next forward-port will go, and name the upstream culprits (changes nothing)."""
    term = Terminal(as_json)
    result = score(obj.workspace, name, onto, progress=term.progress)
    if as_json:
        term.json(result)
    else:
        render_score(term, result)
    if fail_over is not None and result.total > fail_over:
        if not as_json:
            term.info(f"total score {result.total} is above {fail_over}")
        ctx.exit(1)
