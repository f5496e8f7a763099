"""Stabilize reports for machines and people: JUnit XML for CI dashboards, Markdown
for a mail or a merge request. Pure renderers: result in, bytes out.

Both carry everything the verdict says: conflicts (with the upstream commit each
starts at) and check failures (first failing patch, cause, the upstream commit
that broke it) side by side, and the patches left out of the check."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from xenpatch.core.model import Outcome
from xenpatch.core.words import count
from xenpatch.pipeline.score import Culprit
from xenpatch.pipeline.stabilize import StabilizeResult


def check_state(r: StabilizeResult) -> str:
    """How the check of a stabilize run ended, in words ("" when none ran)."""
    c = r.check
    if c is None:
        return ""
    if c.ok:
        return "passed"
    return "timed out" if c.timed_out else f"failed (exit {c.exit_code})"


def culprit_text(c: Culprit) -> str:
    """``abcdef123456 "subject" (Author <mail>)``."""
    who = f" ({c.author})" if c.author else ""
    return f'{c.commit[:12]} "{c.subject}"{who}'


def _check_failure(r: StabilizeResult) -> str:
    """One line: where the check fails first, whose fault it is and who broke it."""
    if r.check is None or r.check.ok:
        return ""
    parts = ["timed out" if r.check.timed_out else f"exit {r.check.exit_code}"]
    b = r.bisect
    if b is not None:
        parts.append(f"first failing patch {b.first_bad}" if b.first_bad else "the bare upstream base fails")
        parts.append(f"cause {b.cause}")
        if b.culprit is not None:
            parts.append(f"upstream culprit {culprit_text(b.culprit)}")
    return "; ".join(parts)


def junit(r: StabilizeResult) -> bytes:
    """One test case per patch (its forward-port), one for the check, one per patch left out of it."""
    cases: list[str] = []
    failures = skipped = 0
    suite = f"xenpatch.{r.queue}"
    culprits = {a.patch: a.culprit for a in r.actions if a.kind == "conflict" and a.culprit}
    for p in r.patches:
        name = quoteattr(p.name)
        if p.outcome is Outcome.CONFLICT:
            failures += 1
            msg = f"conflict in {', '.join(p.conflict_files)}"
            if p.name in culprits:
                msg += f"; starts at upstream {culprit_text(culprits[p.name])}"
            cases.append(f'  <testcase classname="{suite}.forward-port" name={name}>\n'
                         f'    <failure message={quoteattr(msg)}>{escape(p.detail)}</failure>\n  </testcase>')
        elif p.outcome is Outcome.DROPPED_UPSTREAM:
            skipped += 1
            why = quoteattr(f"merged upstream{' as ' + p.upstream_commit if p.upstream_commit else ''}")
            cases.append(f'  <testcase classname="{suite}.forward-port" name={name}>\n'
                         f'    <skipped message={why}/>\n  </testcase>')
        else:
            cases.append(f'  <testcase classname="{suite}.forward-port" name={name}/>')
    if r.check is not None:
        command = quoteattr(r.check.command)
        if r.check.ok:
            cases.append(f'  <testcase classname="{suite}.check" name={command}/>')
        else:
            failures += 1
            detail = (r.bisect.explanation + "\n" if r.bisect else "") + r.check.excerpt
            cases.append(f'  <testcase classname="{suite}.check" name={command}>\n'
                         f'    <failure message={quoteattr(_check_failure(r))}>{escape(detail)}</failure>\n'
                         f'  </testcase>')
        for left in r.check.left_out:
            skipped += 1
            cases.append(f'  <testcase classname="{suite}.check" name={quoteattr(left.patch)}>\n'
                         f'    <skipped message={quoteattr("not checked: " + left.reason)}/>\n  </testcase>')
    elif r.verdict in ("unchecked", "needs-attention"):
        skipped += 1
        cases.append(f'  <testcase classname="{suite}.check" name="check">\n'
                     f'    <skipped message={quoteattr(r.reason or "no check ran")}/>\n  </testcase>')
    head = (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuite name={quoteattr("xenpatch " + r.queue + " onto " + r.onto_ref)} '
            f'tests="{len(cases)}" failures="{failures}" errors="0" skipped="{skipped}">\n')
    return (head + "\n".join(cases) + "\n</testsuite>\n").encode()


def markdown(r: StabilizeResult) -> bytes:
    counts: dict[str, int] = {}
    for p in r.patches:
        counts[p.outcome.value] = counts.get(p.outcome.value, 0) + 1
    onto = f" onto {r.onto_ref} ({r.onto[:12]})" if r.onto else ""
    lines = [f"# {r.queue}{onto}: {r.verdict}", ""]
    if r.base:
        lines.append(f"- base: `{r.base[:12]}`" + (f", rev {r.rev}" if r.rev is not None else ""))
    if counts:
        lines.append("- patches: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    if r.reason:
        lines.append(f"- {r.reason}")
    c = r.check
    if c is not None:
        lines.append(f"- check `{c.command}` on {count(c.checked, 'patch')}: {check_state(r)}")
        if c.left_out:
            lines.append(f"- not checked ({count(len(c.left_out), 'patch')}): " +
                         "; ".join(f"{x.patch} ({x.reason})" for x in c.left_out))
    b = r.bisect
    if b is not None:
        lines.append(f"- first failing: {b.first_bad or 'the bare upstream base'}; cause: **{b.cause}**")
        if b.culprit is not None:
            lines.append(f"- upstream culprit: `{b.culprit.commit[:12]}` {b.culprit.subject} ({b.culprit.author})"
                         + (f", bisected over {count(b.upstream_range, 'upstream commit')}"
                            if b.upstream_range else ""))
    if r.actions:
        lines += ["", "## What needs a human", ""]
        for a in r.actions:
            culprit = ""
            if a.culprit:
                culprit = f"; upstream culprit `{a.culprit.commit[:12]}` {a.culprit.subject} ({a.culprit.author})"
            files = ", ".join(f"`{f}`" for f in a.files)
            first, _, excerpt = a.detail.partition("\n")
            lines.append(f"- **{a.patch or '(upstream base)'}** ({a.kind}) {files}: {first}{culprit}")
            if excerpt.strip():
                lines += ["", "  ```", *("  " + x for x in excerpt.splitlines()), "  ```"]
    if r.patches:
        lines += ["", "| # | patch | outcome | detail |", "|---|---|---|---|"]
        for i, p in enumerate(r.patches, 1):
            detail = p.detail.replace("|", "\\|")
            if p.upstream_commit:
                detail += f" `{p.upstream_commit[:12]}`"
            lines.append(f"| {i} | {p.name} | {p.outcome.value} | {detail} |")
    return ("\n".join(lines) + "\n").encode()
