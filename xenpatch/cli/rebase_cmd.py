"""``xenpatch rebase NAME [--onto REF] [--keep-going] | --continue | --abort``."""

from __future__ import annotations

import click

from xenpatch.cli import Context, cli
from xenpatch.cli.terminal import Terminal
from xenpatch.core.model import Outcome
from xenpatch.core.words import count, plural
from xenpatch.errors import BadInput
from xenpatch.pipeline.rebase import RebaseResult, abort, continue_rebase, rebase

_STYLE = {
    Outcome.CLEAN: "green", Outcome.MERGED: "green", Outcome.RESOLVED: "cyan",
    Outcome.DROPPED_UPSTREAM: "blue", Outcome.CONFLICT: "bold red",
}


def render_rebase(term: Terminal, r: RebaseResult) -> None:
    term.table(
        f"{r.queue}: rev {r.rev}, {r.base[:12]} -> {r.onto_ref} ({r.onto[:12]})",
        ["#", "patch", "outcome", "detail"],
        [[str(i + 1), p.name, p.outcome.value,
          (p.detail + (f" [{p.upstream_commit[:12]}]" if p.upstream_commit else "")).strip()]
         for i, p in enumerate(r.patches)],
    )
    counts = ", ".join(f"{v} {k}" for k, v in r.counts.items() if v)
    term.line(f"{r.status}: {counts}")
    if r.status == "stopped" and r.pending:
        term.line(f"patch {r.pending.name} conflicts in: {', '.join(r.pending.conflicts)}", style="bold red")
        term.line(f"next: 'xenpatch resolve {r.queue}', fix the files, 'xenpatch rebase {r.queue} --continue' "
                  f"(or --abort)")
    elif r.status == "needs-attention":
        term.line(f"{count(len(r.conflicts), 'patch')} {plural(len(r.conflicts), 'conflicts', 'conflict')} with the new upstream; the queue is unchanged "
                  f"(candidate recorded as rev {r.rev})", style="bold red")


@cli.command("rebase")
@click.argument("name")
@click.option("--onto", default=None, help="The new upstream rev (default: the queue's upstream).")
@click.option("--keep-going", is_flag=True, help="Record every conflicting patch instead of stopping at the first.")
@click.option("--continue", "cont", is_flag=True, help="Go on after resolving a conflict.")
@click.option("--abort", "abort_", is_flag=True, help="Discard the stopped rebase; the queue stays as it was.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
@click.pass_context
def rebase_command(ctx: click.Context, obj: Context, name: str, onto: str | None, keep_going: bool, cont: bool,
                   abort_: bool, as_json: bool) -> None:
    """Forward-port the series onto a new upstream rev (one new rev)."""
    term = Terminal(as_json)
    if cont and abort_:
        raise BadInput("--continue and --abort exclude each other", "pick one")
    if abort_:
        state = abort(obj.workspace, name)
        what = "add to" if state is not None and state.kind == "add" else "rebase of"
        if as_json:
            term.json({"queue": name, "status": "aborted"})
        else:
            term.line(f"{what} {name} aborted; the queue is as it was")
        return
    if cont:
        result = continue_rebase(obj.workspace, name, keep_going, progress=term.progress)
    else:
        result = rebase(obj.workspace, name, onto, keep_going, progress=term.progress)
    if as_json:
        term.json(result)
    else:
        render_rebase(term, result)
    if result.status != "rebased":
        ctx.exit(1)
