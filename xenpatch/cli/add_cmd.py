"""``xenpatch add NAME --upstream COMMIT... | --patch FILE... [--after PATCH]``, ``--continue``, ``--abort``."""

from __future__ import annotations

import click

from xenpatch.cli import Context, cli
from xenpatch.cli.terminal import Terminal
from xenpatch.core.words import count
from xenpatch.errors import BadInput
from xenpatch.pipeline.add import AddResult, abort_add, add, continue_add


def render_add(term: Terminal, r: AddResult) -> None:
    term.table(f"{r.queue}: add{' after ' + r.after if r.after else ''}", ["patch", "outcome", "upstream", "subject"],
               [[p.name, p.outcome, (p.upstream_commit or "")[:12], p.subject] for p in r.patches])
    if r.status == "stopped":
        last = r.patches[-1]
        term.line(f"{last.name} conflicts in: {', '.join(last.conflict_files)}", style="bold red")
        term.line(f"next: 'xenpatch resolve {r.queue}', fix the files, 'xenpatch add {r.queue} --continue' "
                  f"(or --abort); the queue is unchanged until then")
    else:
        term.line(f"added {count(len(r.patches), 'patch')} as rev {r.rev}")


@cli.command("add")
@click.argument("name")
@click.argument("commits", nargs=-1, metavar="[COMMIT|A..B]...")
@click.option("--upstream", "upstream", is_flag=True,
              help="Add the COMMITs (any ref of the repository, or ranges A..B) as backports.")
@click.option("--patch", "patch_files", multiple=True, metavar="FILE", help="Add a patch file (repeatable).")
@click.option("--after", default=None, metavar="PATCH", help="Insert after this patch (default: at the end).")
@click.option("--continue", "cont", is_flag=True, help="Go on after resolving a conflict.")
@click.option("--abort", "abort_", is_flag=True, help="Forget the stopped add; the queue stays as it was.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
@click.pass_context
def add_command(ctx: click.Context, obj: Context, name: str, commits: tuple[str, ...], upstream: bool,
                patch_files: tuple[str, ...], after: str | None, cont: bool, abort_: bool, as_json: bool) -> None:
    """Add backports of upstream commits, or patch files, to the queue (one new rev)."""
    term = Terminal(as_json)
    if cont and abort_:
        raise BadInput("--continue and --abort exclude each other", "pick one")
    if cont or abort_:
        if commits or patch_files or upstream or after:
            raise BadInput(f"--{'continue' if cont else 'abort'} takes no commits, files or --after",
                           f"run 'xenpatch add {name} --{'continue' if cont else 'abort'}' alone")
        if abort_:
            abort_add(obj.workspace, name)
            if as_json:
                term.json({"queue": name, "status": "aborted"})
            else:
                term.line(f"add to {name} aborted; the queue is as it was")
            return
        result = continue_add(obj.workspace, name, progress=term.progress)
    else:
        if commits and not upstream:
            raise BadInput(f"'{commits[0]}' is not an option of add", "backports need --upstream: "
                           f"'xenpatch add {name} --upstream {commits[0]}'")
        if upstream and not commits:
            raise BadInput("--upstream needs at least one commit", f"e.g. 'xenpatch add {name} --upstream v6.2~3'")
        result = add(obj.workspace, name, commits, patch_files, after, progress=term.progress)
    if as_json:
        term.json(result)
    else:
        render_add(term, result)
    if result.status == "stopped":
        ctx.exit(1)
