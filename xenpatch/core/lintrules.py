"""checkpatch-style rules for a queue's patches, as pure functions over the patch bytes.

Why not only run the kernel's ``scripts/checkpatch.pl``: it needs perl and the
tree's script, knows nothing of a queue's own header policy (SUSE-style
``Patch-mainline:``/``Git-commit:``), and reports line numbers of a temporary
file.  These rules cover what a maintainer rejects first (subject, empty body,
missing sign-off, whitespace, overlong lines, mails the list will bounce) with
line numbers of the queue's patch file, so the finding points at what to edit.
``checkpatch.pl`` output is parsed into the same findings when asked for.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from typing import Any, Iterator

from xenpatch.core.diff import split_file_diffs, split_lines
from xenpatch.core.hunks import header_fields
from xenpatch.core.patch import Patch
from xenpatch.core.words import article, type_name
from xenpatch.errors import QueueError

ERROR = "error"
WARNING = "warning"

CHECKS = ("author", "subject-format", "subject-length", "empty-body", "signed-off-by", "trailing-whitespace",
          "long-line", "patch-size", "header-policy", "whitespace", "does-not-apply", "build", "checkpatch")

_SUBJECT_RE = re.compile(r"^[\w.+/-]+(?:, ?[\w.+/-]+)*: +\S")
_REVERT_RE = re.compile(r'^(?:Revert|Reapply) "')
_SIGNOFF_RE = re.compile(r"^\s*signed-off-by:\s*\S", re.IGNORECASE | re.MULTILINE)
_TRAILER_LINE_RE = re.compile(r"^(?:[A-Za-z0-9][A-Za-z0-9-]*:\s|\(cherry picked from |\[.*\]$)")
_INBODY_RE = re.compile(r"^(?:from|date|subject)\s*:", re.IGNORECASE)
_VERSION_RE = re.compile(r"^\s*v?\d+\.\d+(?:\.\d+)*(?:-rc\d+)?\b")
_SHA_RE = re.compile(r"^[0-9a-f]{7,64}\b")
_STRING_ONLY_RE = re.compile(r'^\s*"(?:[^"\\]|\\.)*"\s*[,;)]*\s*$')
_APPLY_WARNING_RE = re.compile(r"^<stdin>:(\d+): (.*?)\.?$")
_SQUELCHED_RE = re.compile(r"^warning: squelched (\d+) whitespace errors?")
_CHECKPATCH_RE = re.compile(r"^(.+?):(\d+): (ERROR|WARNING|CHECK):(?:([A-Z0-9_]+):)? (.*)$")
_CHECKPATCH_HERE_RE = re.compile(r"^#\d+: FILE: (.+):(\d+):$")
C_SUFFIXES = (".c", ".h")


@dataclass(frozen=True)
class Finding:
    """One problem in one patch.  ``line`` counts lines of the queue's patch file."""

    patch: str
    check: str
    severity: str
    message: str
    line: int | None = None
    path: str | None = None  # the tree file the line belongs to


@dataclass(frozen=True)
class LintPolicy:
    """Limits and the queue's own rules (queue.toml ``[lint]``)."""

    max_subject: int = 75
    max_line: int = 100
    max_bytes: int = 100 * 1024
    require_headers: tuple[str, ...] = ()
    require_git_commit_when_mainline: bool = False
    disable: tuple[str, ...] = ()

    @staticmethod
    def from_config(table: dict[str, Any], where: str = "queue.toml [lint]") -> "LintPolicy":
        def want(key: str, kind: type, default: Any) -> Any:
            value = table.get(key, default)
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise QueueError(f"{where}: '{key}' must be {article(type_name(kind))}", "fix queue.toml")
            return value

        def names(key: str) -> tuple[str, ...]:
            value = want(key, list, [])
            if not all(isinstance(v, str) and v.strip() for v in value):
                raise QueueError(f"{where}: '{key}' must be an array of names", "fix queue.toml")
            return tuple(v.strip() for v in value)

        disable = names("disable")
        unknown = [d for d in disable if d not in CHECKS]
        if unknown:
            raise QueueError(f"{where}: unknown check {unknown[0]!r} in 'disable'",
                             "known checks: " + ", ".join(CHECKS))
        policy = LintPolicy(
            max_subject=want("max_subject_length", int, 75), max_line=want("max_line_length", int, 100),
            max_bytes=want("max_patch_bytes", int, 100 * 1024), require_headers=names("require_headers"),
            require_git_commit_when_mainline=want("require_git_commit_when_mainline", bool, False),
            disable=disable)
        if min(policy.max_subject, policy.max_line, policy.max_bytes) <= 0:
            raise QueueError(f"{where}: limits must be positive", "fix queue.toml")
        return policy

    def enabled(self, check: str) -> bool:
        return check not in self.disable


@dataclass(frozen=True)
class AddedLine:
    path: str
    line: int  # in the patch file
    new_line: int  # in the changed file
    text: bytes  # without the '+' and the line ending


def added_lines(patch: Patch) -> Iterator[AddedLine]:
    """Every ``+`` line of the patch's diff with its place in the patch file and in the file."""
    if not patch.diff:
        return
    first = len(split_lines(patch.to_bytes()[:_diff_offset(patch)])) + 1
    lineno = first
    for change, chunk in split_file_diffs(patch.diff):
        lines = split_lines(chunk)
        k = 0
        while k < len(lines):
            head = header_fields(lines[k])
            if head is None:
                k += 1
                continue
            _, old_left, new_no, new_left, _ = head
            k += 1
            while k < len(lines) and (old_left > 0 or new_left > 0):
                line = lines[k]
                tag = line[:1]
                if tag == b"+":
                    yield AddedLine(change.path, lineno + k, new_no, line[1:].rstrip(b"\n").rstrip(b"\r"))
                    new_no += 1
                    new_left -= 1
                elif tag == b"-":
                    old_left -= 1
                elif tag == b"\\":
                    pass
                else:
                    new_no += 1
                    old_left -= 1
                    new_left -= 1
                k += 1
        lineno += len(lines)


def _diff_offset(patch: Patch) -> int:
    data = patch.to_bytes()
    return len(data) - len(patch.diff) - len(patch.signature)


def _body_without_trailers(patch: Patch) -> str:
    text = patch.message.decode("utf-8", "replace").replace("\r\n", "\n")
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", text.strip("\n")) if p.strip()]
    if paragraphs and all(_INBODY_RE.match(ln) for ln in paragraphs[0].split("\n") if ln.strip()):
        paragraphs.pop(0)
    if paragraphs and patch.header("Subject") is None:
        first = paragraphs[0].split("\n", 1)
        paragraphs[0] = first[1] if len(first) > 1 else ""
    paragraphs = [p for p in paragraphs if p.strip()]
    if paragraphs and all(_TRAILER_LINE_RE.match(ln.strip()) or ln[:1] in " \t"
                          for ln in paragraphs[-1].split("\n") if ln.strip()):
        paragraphs.pop()
    return "\n\n".join(paragraphs).strip()


def _columns(text: bytes) -> int:
    col = 0
    for ch in text.decode("utf-8", "replace"):
        col = (col // 8 + 1) * 8 if ch == "\t" else col + 1
    return col


def lint_patch(name: str, patch: Patch, policy: LintPolicy) -> list[Finding]:
    """The checks that need nothing but the patch itself, in a fixed order."""
    found: list[Finding] = []

    def add(check: str, severity: str, message: str, line: int | None = None, path: str | None = None) -> None:
        if policy.enabled(check):
            found.append(Finding(name, check, severity, message, line, path))

    author = patch.author
    if author is not None:
        addr = email.utils.parseaddr(author)[1]
        domain = addr.rpartition("@")[2]
        if "@" not in addr or "." not in domain:
            add("author", ERROR, f"author {author!r} has no mail address git send-email accepts; set [identity] "
                                 "in queue.toml or fix the From: header")
    summary = patch.summary
    if not (_SUBJECT_RE.match(summary) or _REVERT_RE.match(summary)):
        add("subject-format", WARNING, f"subject {summary!r} is not 'subsystem: summary'")
    if len(summary) > policy.max_subject:
        add("subject-length", WARNING, f"subject is {len(summary)} characters (limit {policy.max_subject})")
    if not _body_without_trailers(patch):
        add("empty-body", WARNING, "missing commit description: say what the patch does and why")
    if not _SIGNOFF_RE.search(patch.message.decode("utf-8", "replace")):
        add("signed-off-by", ERROR, "missing Signed-off-by: line")
    size = len(patch.to_bytes())
    if size > policy.max_bytes:
        add("patch-size", ERROR, f"patch is {size} bytes, over the mailing-list limit of {policy.max_bytes}; "
                                 "split it")
    for header in policy.require_headers:
        if patch.header(header) is None:
            add("header-policy", ERROR, f"missing {header}: header (required by queue.toml [lint])")
    if policy.require_git_commit_when_mainline:
        mainline = patch.header("Patch-mainline")
        if mainline is not None and _VERSION_RE.match(mainline):
            commit = patch.header("Git-commit")
            if commit is None:
                add("header-policy", ERROR, f"Patch-mainline: {mainline} names a version but there is no "
                                            "Git-commit: header")
            elif not _SHA_RE.match(commit.strip()):
                add("header-policy", ERROR, f"Git-commit: {commit!r} is not a commit id")
    for a in added_lines(patch):
        if a.text.endswith((b" ", b"\t")):
            add("trailing-whitespace", ERROR, f"{a.path}:{a.new_line}: trailing whitespace", a.line, a.path)
        if a.path.endswith(C_SUFFIXES):
            width = _columns(a.text)
            if width > policy.max_line and not _STRING_ONLY_RE.match(a.text.decode("utf-8", "replace")):
                add("long-line", WARNING, f"{a.path}:{a.new_line}: line is {width} columns "
                                          f"(limit {policy.max_line})", a.line, a.path)
    return found


def apply_findings(name: str, stderr: bytes, applied: bool, policy: LintPolicy,
                   already: list[Finding]) -> list[Finding]:
    """git apply's whitespace warnings (and a failure to apply) as findings.

    A trailing-whitespace warning on a line the patch's own check already reported
    is not repeated.
    """
    found: list[Finding] = []
    seen = {(f.line, "trailing whitespace") for f in already if f.check == "trailing-whitespace"}
    for raw in stderr.decode("utf-8", "replace").splitlines():
        m = _APPLY_WARNING_RE.match(raw)
        if m and policy.enabled("whitespace"):
            line, what = int(m.group(1)), m.group(2)
            if (line, what) not in seen:
                found.append(Finding(name, "whitespace", ERROR, f"{what} (git apply --whitespace=error)", line))
            continue
        s = _SQUELCHED_RE.match(raw)
        if s and policy.enabled("whitespace"):
            found.append(Finding(name, "whitespace", ERROR, f"{s.group(1)} more whitespace errors "
                                                            "(git apply shows the first 5)"))
    if not applied and policy.enabled("does-not-apply"):
        errors = [ln[len("error: "):] for ln in stderr.decode("utf-8", "replace").splitlines()
                  if ln.startswith("error: ")]
        found.append(Finding(name, "does-not-apply", ERROR,
                             "does not apply at its position: " + (errors[0] if errors else "rejected")))
    return found


def checkpatch_findings(output: str, names: dict[str, str]) -> list[Finding]:
    """``checkpatch.pl --emacs --show-types`` output as findings; ``names`` maps the
    file names given to checkpatch back to patch names."""
    found: list[Finding] = []
    for raw in output.splitlines():
        m = _CHECKPATCH_RE.match(raw)
        if m and m.group(1) in names:
            level = m.group(3)
            kind = f" [{m.group(4)}]" if m.group(4) else ""
            found.append(Finding(names[m.group(1)], "checkpatch", ERROR if level == "ERROR" else WARNING,
                                 f"{m.group(5)}{kind}", int(m.group(2))))
            continue
        h = _CHECKPATCH_HERE_RE.match(raw)
        if h and found and found[-1].path is None:
            last = found[-1]
            found[-1] = Finding(last.patch, last.check, last.severity, f"{h.group(1)}:{h.group(2)}: {last.message}",
                                last.line, h.group(1))
    return found

