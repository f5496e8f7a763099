"""``xenpatch split NAME [--max-lines N] [--rules FILE] [--check CMD]``."""

from __future__ import annotations

import click

from xenpatch.cli import Context, cli
from xenpatch.cli.terminal import Terminal
from xenpatch.core.words import count
from xenpatch.pipeline.split import SplitResult, split


@cli.command("split")
@click.argument("name")
@click.option("--patch", "patch", default=None, metavar="PATCH",
              help="The patch of the queue to split (default: the queue's only patch).")
@click.option("--max-lines", type=int, default=None, metavar="N",
              help="Most changed lines per patch (default: [split] max_lines in queue.toml, 600).")
@click.option("--rules", "rules_file", default=None, metavar="FILE",
              help="A TOML file of [[rules]] topics (default: [split] rules in queue.toml, else MAINTAINERS).")
@click.option("--check", "check", default=None, metavar="CMD",
              help="Run CMD at every prefix of the new series, in xenpatch's own work tree.")
@click.option("--check-mode", type=click.Choice(["all", "bisect"]), default="all", show_default=True,
              help="all: every prefix (proof of bisectability); bisect: binary search for the first bad one.")
@click.option("--explain", is_flag=True, help="Show why each file or hunk went where, and the dependencies.")
@click.option("--dry-run", is_flag=True, help="Plan, build and verify the series, but write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def split_command(obj: Context, name: str, patch: str | None, max_lines: int | None, rules_file: str | None,
                  check: str | None, check_mode: str, explain: bool, dry_run: bool, as_json: bool) -> None:
    """Turn the queue's monolithic patch into a reviewable, bisectable series."""
    term = Terminal(as_json)
    r = split(obj.workspace, name, patch=patch, max_lines=max_lines, rules_file=rules_file, check=check,
              check_mode=check_mode, explain=explain, dry_run=dry_run, progress=term.progress)
    if as_json:
        term.json(r)
    else:
        _render(term, r)
    if not r.verified or (r.check is not None and not r.check.ok):
        click.get_current_context().exit(1)


def _render(term: Terminal, r: SplitResult) -> None:
    index = {p.name: k for k, p in enumerate(r.patches, 1)}
    term.table(
        f"{r.source} -> {count(len(r.patches), 'patch')} (at most {count(r.max_lines, 'changed line')} each)",
        ["#", "subject", "files", "+", "-", "needs"],
        [[str(k), p.subject, str(len(p.files)), str(p.insertions), str(p.deletions),
          ",".join(str(index[d]) for d in p.depends_on) or "-"] for k, p in enumerate(r.patches, 1)],
    )
    if r.oversized:
        term.line("over the size limits (indivisible):")
        for o in r.oversized:
            term.line(f"  {index[o.patch]}: {o.unit}: {count(o.lines, 'line')}, {count(o.bytes, 'byte')} ({o.reason})")
    for cyc in r.cycles:
        what = "merged topics" if cyc.kind == "topics" else "kept together"
        term.line(f"dependency cycle ({what}, from patch {index[cyc.patch]}): {' <-> '.join(cyc.members[:4])}"
                  f" via {', '.join(cyc.symbols[:6])}")
    if r.explain is not None:
        term.line("")
        term.line("placement:")
        for pl in r.explain.placements:
            term.line(f"  {pl.unit} -> {index[pl.patch]} ({pl.reason})")
        term.line("dependencies:")
        for e in r.explain.edges:
            more = f" and {len(e.symbols) - 5} more" if len(e.symbols) > 5 else ""
            term.line(f"  {index[e.patch]} needs {index[e.depends_on]}: {', '.join(e.symbols[:5])}{more}")
    if r.verified:
        term.line(f"verified: the series reproduces tree {r.tree[:12]} exactly, every patch applies without fuzz")
    else:
        term.line(f"NOT verified: {r.verify_error}; the queue was not changed", style="red")
    if r.check is not None:
        c = r.check
        ran = ", ".join(str(run.prefix) for run in c.runs)
        if c.ok:
            term.line(f"check passed on prefixes {ran} ({c.mode}): '{c.command}'")
        elif not c.base_ok:
            term.line(f"check fails on the base already: '{c.command}'", style="red")
        else:
            term.line(f"check fails first at patch {c.first_bad_prefix}: {c.first_bad} (ran prefixes {ran})",
                      style="red")
            bad = next((run for run in c.runs if run.prefix == c.first_bad_prefix), None)
            if bad is not None and bad.output_tail:
                for line in bad.output_tail.splitlines()[-10:]:
                    term.line(f"  {line}")
    if r.written:
        term.line(f"wrote {count(len(r.patches), 'patch')}; archived {', '.join(r.archived)}; stack at {r.stack}")
    elif r.verified:
        term.line("dry run: nothing written")
