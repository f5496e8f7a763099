"""``xenpatch export NAME --to DIR``: the series as mail files for ``git send-email``."""

from __future__ import annotations

from pathlib import Path

import click

from xenpatch.cli import Context, cli
from xenpatch.cli.terminal import Terminal
from xenpatch.core.mailout import PLACEHOLDER_SUBJECT
from xenpatch.core.words import count
from xenpatch.pipeline.export import ExportOptions, export


@cli.command("export")
@click.argument("name")
@click.option("--to", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory to write the mail files to (created if missing).")
@click.option("--version", "-v", "version", type=int, default=None,
              help="Version of the series (v2, v3...). Default: the last exported version + 1.")
@click.option("--subject-prefix", default=None, help="Subject prefix, e.g. 'PATCH RFC'. Default: [export] "
              "subject_prefix in queue.toml, else PATCH.")
@click.option("--rfc", is_flag=True, help="Shorthand for --subject-prefix 'RFC PATCH'.")
@click.option("--cover", "cover_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Cover letter text: first line the subject, then the blurb. "
              "Default: queues/NAME/cover-letter.txt when it exists.")
@click.option("--cover-letter/--no-cover-letter", default=True, help="Write the 0000 cover letter (default: yes).")
@click.option("--range-diff", is_flag=True, help="Append git range-diff against the previous version "
              "to the cover letter.")
@click.option("--no-maintainers", is_flag=True, help="Do not look up To/Cc in MAINTAINERS.")
@click.option("--force", is_flag=True, help="Replace an existing record of this version with different content.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def export_command(obj: Context, name: str, out_dir: Path, version: int | None, subject_prefix: str | None,
                   rfc: bool, cover_file: Path | None, cover_letter: bool, range_diff: bool,
                   no_maintainers: bool, force: bool, as_json: bool) -> None:
    """Write the series as numbered mails with a cover letter, To/Cc from MAINTAINERS,
    and for v2+ the changes since the previous version."""
    if rfc and subject_prefix:
        raise click.UsageError("--rfc and --subject-prefix cannot be combined")
    term = Terminal(as_json)
    opts = ExportOptions(out_dir=out_dir.resolve(), version=version,
                         subject_prefix="RFC PATCH" if rfc else subject_prefix, cover_file=cover_file,
                         cover_letter=cover_letter, range_diff=range_diff, maintainers=not no_maintainers,
                         force=force)
    r = export(obj.workspace, name, opts, progress=term.progress)
    if as_json:
        term.json(r)
        return
    term.line(f"{r.queue} v{r.version}: {count(len(r.patches), 'patch')} on {r.base[:12]} -> {r.out_dir}")
    if r.cover_letter:
        term.line(f"  {r.cover_letter}")
    for p in r.patches:
        mark = f" ({p.change})" if p.change else ""
        term.line(f"  {p.file}{mark}")
    if r.to or r.cc:
        term.line(f"To: {', '.join(r.to) or '-'}")
        term.line(f"Cc: {', '.join(r.cc) or '-'}")
    if r.since is not None:
        counts: dict[str, int] = {}
        for c in r.changes:
            counts[c.kind] = counts.get(c.kind, 0) + 1
        term.line(f"since v{r.since}: " + ", ".join(f"{counts.get(k, 0)} {k}"
                                                    for k in ("changed", "added", "dropped", "unchanged")))
    cover_news = {True: "with the new cover letter", False: "identically", None: ""}[r.cover_changed]
    if r.reexported:
        term.line(f"the patches are the same as in v{r.version}: v{r.version} written again {cover_news}".rstrip()
                  + f" (for a v{r.version + 1}, change the series or pass --version {r.version + 1})")
    elif r.unchanged_record:
        term.line(f"v{r.version} had been exported with the same patches; written again {cover_news}".rstrip())
    if r.cover_subject == PLACEHOLDER_SUBJECT:
        term.line(f"the cover letter has git's placeholder subject and blurb, which git send-email refuses: write "
                  f"queues/{r.queue}/cover-letter.txt (subject line, blank line, blurb) and run "
                  f"'xenpatch export {r.queue} --to {r.out_dir}' again; with the same patches that rewrites "
                  f"v{r.version} with the new cover letter (no new version)")
    for a in r.archived:
        term.line(f"moved stale file aside: {a}")
    glob = f"v{r.version}-*.patch" if r.version > 1 else "[0-9]*.patch"
    term.line(f"send with: git send-email {r.out_dir}/{glob}")
