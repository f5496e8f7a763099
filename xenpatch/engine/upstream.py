"""Which upstream commit in base..onto took a patch: evidence, asked only when it matters.

A forward-port decides from trees whether the new base already holds a patch
(its reverse applies, or merging it adds nothing); the upstream history only
*names* the commit that did it. So nothing here is computed up front for the
whole queue: each question is one path-limited ``git log`` over the patch's own
files, asked for the few patches that drop out or conflict. That also keeps a
patch-id match from ever deciding a drop by itself: upstream may have reverted
the commit later in the same range.

Naming, most telling first: an upstream commit with the same patch-id; one with
the same subject (``core.subjects``) touching the patch's files; the latest
commit that added or removed the patch's most distinctive line (pickaxe); the
latest commit that touched its files.
"""

from __future__ import annotations

from dataclasses import dataclass

from xenpatch.core.patch import Patch
from xenpatch.core.subjects import distinctive, normalize_subject
from xenpatch.gitio.diffs import patch_id, patch_ids
from xenpatch.gitio.repo import pickaxe
from xenpatch.gitio.run import Git, ObjectId


@dataclass(frozen=True)
class UpstreamCommit:
    oid: ObjectId
    subject: str
    files: frozenset[str]


def distinctive_line(patch: Patch) -> str | None:
    """The longest added (else removed) line: a good pickaxe needle."""
    best = b""
    for line in patch.diff.splitlines():
        if line.startswith((b"+++", b"---")):
            continue
        if line.startswith(b"+") and len(line.strip()) > len(best):
            best = line[1:].strip()
    if not best:
        for line in patch.diff.splitlines():
            if line.startswith(b"-") and not line.startswith(b"---") and len(line.strip()) > len(best):
                best = line[1:].strip()
    try:
        return best.decode() if len(best) >= 8 else None
    except UnicodeDecodeError:
        return None


def shares_files(commit_files: frozenset[str], paths: list[str]) -> bool:
    """Does an upstream commit touch "the same files" as a patch?

    At least half of the patch's files, and at least one: a series reworked
    upstream keeps most of its files even when a hunk moves elsewhere.
    """
    mine = set(paths)
    common = len(mine & commit_files)
    return common > 0 and 2 * common >= len(mine)


class Upstream:
    """Lazy, cached questions about the upstream range ``base..onto``."""

    def __init__(self, git: Git, base: str, onto: str) -> None:
        self.git = git
        self.base = base
        self.onto = onto
        self._commits: dict[frozenset[str], list[UpstreamCommit]] = {}
        self._pids: dict[frozenset[str], dict[str, ObjectId]] = {}

    @property
    def range(self) -> str:
        return f"{self.base}..{self.onto}"

    def commits(self, paths: list[str]) -> list[UpstreamCommit]:
        """Non-merge commits of the range touching ``paths``, newest first, with all their files."""
        key = frozenset(paths)
        found = self._commits.get(key)
        if found is None:
            found = []
            if paths:
                out = self.git.run(["log", "--no-merges", "--no-renames", "-z", "--format=%x01%H%x02%s",
                                    "--name-only", "--full-diff", self.range, "--", *sorted(key)],
                                   env={"GIT_LITERAL_PATHSPECS": "1"})
                for record in out.split(b"\x01")[1:]:
                    head, _, rest = record.partition(b"\0")
                    oid, _, subject = head.partition(b"\x02")
                    files = frozenset(f.strip(b"\n").decode("utf-8", "surrogateescape")
                                      for f in rest.split(b"\0") if f.strip(b"\n"))
                    found.append(UpstreamCommit(ObjectId(oid.decode()), subject.decode("utf-8", "replace"), files))
            self._commits[key] = found
        return found

    def same_subject(self, subject: str, paths: list[str]) -> UpstreamCommit | None:
        """The newest upstream commit with this subject (normalized) touching the same files."""
        wanted = normalize_subject(subject)
        if not distinctive(wanted):
            return None
        for c in self.commits(paths):
            if normalize_subject(c.subject) == wanted and shares_files(c.files, paths):
                return c
        return None

    def same_patch_id(self, diff: bytes, paths: list[str]) -> ObjectId | None:
        """An upstream commit whose whole diff has the patch's patch-id (evidence only).

        Only commits touching exactly the patch's files can have its patch-id, so only
        their diffs are read (a stable release imported as one huge commit is never).
        """
        if not paths:
            return None
        key = frozenset(paths)
        ids = self._pids.get(key)
        if ids is None:
            ids = {}
            same = [c.oid for c in self.commits(paths) if c.files == key]
            if same:
                shown = self.git.run(["show", "--no-renames", "--no-color", "--format=commit %H", "-p", *same, "--"])
                for pid, commit in patch_ids(self.git, shown):
                    ids.setdefault(pid, ObjectId(commit))
            self._pids[key] = ids
        if not ids:
            return None
        mine = patch_id(self.git, diff)
        return ids.get(mine) if mine else None

    def name(self, patch: Patch, paths: list[str]) -> tuple[ObjectId | None, str]:
        """The upstream commit that most likely took ``patch``, and how it was found."""
        if not paths:
            return None, ""
        found = self.same_patch_id(patch.diff, paths)
        if found:
            return found, "same patch-id"
        same = self.same_subject(patch.subject, paths)
        if same:
            return same.oid, "same subject"
        needle = distinctive_line(patch)
        if needle:
            hit = pickaxe(self.git, self.base, self.onto, needle, sorted(paths))
            if hit:
                return hit, "added its lines"
        commits = self.commits(paths)
        if commits:
            return commits[0].oid, "last changed its files"
        return None, ""
