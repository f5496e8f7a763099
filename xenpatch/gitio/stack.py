"""Writing a stack: one commit per step on top of a base, from Python, in one pass.

Three commands build stacks of commits: the forward-port's old stack (the
queue's patches applied to its base), split's new series (file contents it
planned in memory) and export's mail stack (the patches with their authors
and dates). They differ only in where each step's tree comes from; the commits
are written here through the object writer, so a stack of 1,000 patches costs
no process, and the same steps always give the same commit ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.trees import TreeEditor, TreeWalker


@dataclass(frozen=True)
class FileWrite:
    """One path's new state in a step: content bytes, or an existing blob id, or deletion."""

    path: str
    mode: str | None = None  # None: delete
    data: bytes | None = None
    oid: str | None = None


@dataclass(frozen=True)
class StackStep:
    """One commit: its message, how its tree differs from the one before (or the whole tree),
    and who wrote it (git's ``Name <email> <seconds> <+hhmm>``; None: xenpatch's fixed identity)."""

    message: bytes
    writes: tuple[FileWrite, ...] = ()
    tree: str | None = None
    author: bytes | None = None
    committer: bytes | None = None


_CRUD = "".join(chr(c) for c in range(33)) + ".,:;<>\"\\'"


def ident(name_and_email: str, when: str) -> bytes:
    """``Name <email> when`` as git writes it into a commit: ``<``, ``>`` and newlines out of the
    name, and the "crud" git trims from both ends of a name and an address trimmed too."""
    clean = re.sub(r"[<>\n]", "", name_and_email.split("<")[0]).strip(_CRUD)
    email = name_and_email[name_and_email.find("<") + 1:name_and_email.rfind(">")] \
        if "<" in name_and_email and ">" in name_and_email else ""
    return f"{clean} <{email.strip(_CRUD)}> {when}".encode("utf-8", "surrogateescape")


def write_stack(git: Git, base_commit: str, steps: Sequence[StackStep]) -> list[ObjectId]:
    """Create one commit per step on top of ``base_commit``; return their ids (no ref is touched)."""
    walker = TreeWalker(git.reader)
    editor = TreeEditor(walker, git.writer)
    tree = walker.root(base_commit)
    parent = ObjectId(base_commit)
    commits: list[ObjectId] = []
    for step in steps:
        if step.tree is not None:
            tree = step.tree
        elif step.writes:
            changes: dict[str, tuple[str, str] | None] = {}
            for w in step.writes:
                changes[w.path] = None if w.mode is None else (w.mode, w.oid or git.writer.blob(w.data or b""))
            tree = editor.edit(tree, changes)
        parent = git.writer.commit(tree, [parent], step.message, step.author, step.committer)
        commits.append(parent)
    git.writer.flush()  # handed out: on disk for any process that reads them
    return commits
