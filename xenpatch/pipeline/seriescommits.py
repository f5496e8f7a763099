"""The series as commits, two ways: the user's branch and xenpatch's own stack.

One pass applies the patches (``apply_series``: each patch costs what it
touches); the trees then get two chains of commits written at once
(``write_commits``): the branch ``checkout`` gives the user (author, date and
message of each patch, plus the ``Xenpatch-Patch:`` trailer) and the
canonical stack a rev records (fixed identity, the same ids ``build_stack``
gives). Both are pure functions of the base and the patch bytes: the same
queue always checks out to the same commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from xenpatch.core.mbox import patch_file_name
from xenpatch.core.patch import Patch
from xenpatch.core.patchcommit import (
    Ident,
    ident_of,
    ident_of_raw,
    mail_date,
    message_of,
    raw_date,
    subject_and_body,
    with_trailer,
)
from xenpatch.core.progress import Progress
from xenpatch.core.queue import Queue
from xenpatch.engine import Stack
from xenpatch.engine.stack import apply_series, stack_on
from xenpatch.gitio.commits import RawCommit, read_commits
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.stack import StackStep, write_stack
from xenpatch.store import transaction
from xenpatch.store.paths import patch_file


@dataclass(frozen=True)
class Fallbacks:
    """Who and when, for patches that do not say (a plain diff, a quilt description)."""

    author: str
    date: str  # raw git date


def fallbacks(git: Git, queue: Queue, base: str) -> Fallbacks:
    """The queue identity; the import's recorded date, else the base commit's (never the epoch)."""
    date = raw_date(queue.state.date)
    if date is None:
        date = ident_of_raw(read_commits(git, [base])[0].committer).when
    return Fallbacks(str(queue.config.identity), date)


def branch_message(name: str, patch: Patch) -> bytes:
    """A patch's commit message on the user's branch (a bare diff is titled by its file name)."""
    return with_trailer(message_of(patch) or name, name).encode("utf-8", "surrogateescape")


def patch_ident(patch: Patch, fb: Fallbacks) -> Ident:
    return ident_of(patch, fb.author, fb.date)


@dataclass(frozen=True)
class SeriesCommits:
    trees: tuple[ObjectId, ...]
    stack: Stack  # the canonical stack (what rev records and refs/xenpatch hold)


def series_commits(git: Git, base: str, patches: list[tuple[str, Patch]], strips: dict[str, int],
                   progress: Progress | None = None, what: str = "") -> SeriesCommits:
    """Apply the series on ``base`` (BadInput naming the patch that does not apply) and stack it."""
    trees = apply_series(git, base, patches, strips, progress, what=what or f"base {base[:12]}")
    return SeriesCommits(tuple(trees), stack_on(git, base, patches, trees))


def branch_commits(git: Git, base: str, patches: list[tuple[str, Patch]], trees: tuple[ObjectId, ...],
                   fb: Fallbacks) -> list[ObjectId]:
    """The user's branch: one commit per patch with its author, date and message (committer = author)."""
    steps = []
    for (name, patch), tree in zip(patches, trees):
        who = patch_ident(patch, fb).line()
        steps.append(StackStep(branch_message(name, patch), tree=tree, author=who, committer=who))
    return write_stack(git, base, steps)


def commit_patch(raw: RawCommit, diff: bytes, stat: bytes, message: str | None = None,
                 from_sha: str = "0" * 40) -> Patch:
    """A commit as a ``git format-patch`` patch: its author, date and message (``message``: the
    message to use instead of the commit's own, e.g. without trailers)."""
    who = ident_of_raw(raw.author)
    subject, body = subject_and_body(raw.text() if message is None else message)
    return Patch.build(who.address, mail_date(who.when), subject, body, diff, diffstat=stat, from_sha=from_sha)


def first_merge(git: Git, rows: Sequence[tuple[str, Sequence[str]]]) -> tuple[int, str, str] | None:
    """Of a range's (commit, parents) rows: how many are merges, the first one and its subject;
    None when the range is linear."""
    merges = [c for c, parents in rows if len(parents) > 1]
    if not merges:
        return None
    return len(merges), merges[0], subject_and_body(read_commits(git, merges[:1])[0].text())[0]


def patch_file_exists(queue: Queue) -> Callable[[str], bool]:
    """Does the queue have a file of that name in patches/ (in the series or not)?"""
    store = transaction(queue.root).store
    return lambda n: store.has(patch_file(n))


def new_patch_name(patch: Patch, number: int, before: str | None, taken: set[str],
                   exists: Callable[[str], bool]) -> str:
    """A ``git format-patch`` style name for a new patch at position ``number`` (from 1).

    It goes into the folder of the patch before it (a Debian ``bugfix/all/``
    series stays grouped), and is made unique against ``taken`` names and files
    that ``exists`` (``-2``, ``-3`` ...).
    """
    folder = before.rsplit("/", 1)[0] + "/" if before and "/" in before else ""
    stem = patch_file_name(patch, number)
    if stem == f"{number:04d}-.patch":
        stem = f"{number:04d}-patch.patch"
    name = folder + stem
    k = 2
    while name in taken or exists(name):
        name = folder + stem[:-len(".patch")] + f"-{k}.patch"
        k += 1
    return name
