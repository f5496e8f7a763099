"""Stabilize reports for machines and people: JUnit XML for CI dashboards, Markdown
for a mail or a merge request. Pure renderers: result in, bytes out."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from xenpatch.core.model import Outcome
from xenpatch.pipeline.stabilize import StabilizeResult


def junit(r: StabilizeResult) -> bytes:
    """One test case per patch plus one for the check."""
    cases: list[str] = []
    failures = 0
    for p in r.patches:
        name = quoteattr(p.name)
        if p.outcome is Outcome.CONFLICT:
            failures += 1
            msg = quoteattr(f"conflict in {', '.join(p.conflict_files)}")
            cases.append(f'  <testcase classname="xenpatch.{r.queue}.forward-port" name={name}>\n'
                         f'    <failure message={msg}>{escape(p.detail)}</failure>\n  </testcase>')
        elif p.outcome is Outcome.DROPPED_UPSTREAM:
            why = quoteattr(f"merged upstream{' as ' + p.upstream_commit if p.upstream_commit else ''}")
            cases.append(f'  <testcase classname="xenpatch.{r.queue}.forward-port" name={name}>\n'
                         f'    <skipped message={why}/>\n  </testcase>')
        else:
            cases.append(f'  <testcase classname="xenpatch.{r.queue}.forward-port" name={name}/>')
    if r.check is not None:
        if r.check.ok:
            cases.append(f'  <testcase classname="xenpatch.{r.queue}.check" name={quoteattr(r.check.command)}/>')
        else:
            failures += 1
            where = ""
            if r.bisect and r.bisect.first_bad:
                where = f"first failing patch {r.bisect.first_bad} ({r.bisect.cause})"
            msg = quoteattr(("timed out; " if r.check.timed_out else "") + where)
            cases.append(f'  <testcase classname="xenpatch.{r.queue}.check" name={quoteattr(r.check.command)}>\n'
                         f'    <failure message={msg}>{escape(r.check.excerpt)}</failure>\n  </testcase>')
    total = len(cases)
    head = (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuite name={quoteattr("xenpatch " + r.queue + " onto " + r.onto_ref)} '
            f'tests="{total}" failures="{failures}" errors="0">\n')
    return (head + "\n".join(cases) + "\n</testsuite>\n").encode()


def markdown(r: StabilizeResult) -> bytes:
    counts: dict[str, int] = {}
    for p in r.patches:
        counts[p.outcome.value] = counts.get(p.outcome.value, 0) + 1
    lines = [
        f"# {r.queue} onto {r.onto_ref} ({r.onto[:12]}): {r.verdict}",
        "",
        f"- base: `{r.base[:12]}`" + (f", rev {r.rev}" if r.rev is not None else ""),
        "- patches: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())),
    ]
    if r.check is not None:
        state = "passed" if r.check.ok else ("timed out" if r.check.timed_out else f"failed (exit {r.check.exit_code})")
        lines.append(f"- check `{r.check.command}`: {state} in {r.check.seconds:.1f}s")
    if r.actions:
        lines += ["", "## What needs a human", ""]
        for a in r.actions:
            culprit = ""
            if a.culprit:
                culprit = f"; upstream culprit `{a.culprit.get('commit', '')[:12]}` {a.culprit.get('subject', '')}"
            files = ", ".join(f"`{f}`" for f in a.files)
            first, _, excerpt = a.detail.partition("\n")
            lines.append(f"- **{a.patch or '(upstream base)'}** ({a.kind}) {files}: {first}{culprit}")
            if excerpt.strip():
                lines += ["", "  ```", *("  " + x for x in excerpt.splitlines()), "  ```"]
    lines += ["", "| # | patch | outcome | detail |", "|---|---|---|---|"]
    for i, p in enumerate(r.patches, 1):
        detail = p.detail.replace("|", "\\|")
        if p.upstream_commit:
            detail += f" `{p.upstream_commit[:12]}`"
        lines.append(f"| {i} | {p.name} | {p.outcome.value} | {detail} |")
    return ("\n".join(lines) + "\n").encode()
