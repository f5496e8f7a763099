"""The series as commits: the old stack a forward-port starts from, and stack commit messages.

A stack is a pure function of (base, patch bytes): commits use a fixed identity
and date, so the same series on the same base always gives the same commit ids
and refs under refs/xenpatch stay reproducible.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol, Sequence

from xenpatch.core.patch import Patch, patch_paths
from xenpatch.core.progress import NoProgress, Progress
from xenpatch.errors import BadInput, UnknownRef
from xenpatch.gitio.apply import TreePatcher
from xenpatch.gitio.commits import parse_commit
from xenpatch.gitio.index import ApplyFailed
from xenpatch.gitio.repo import tree_of
from xenpatch.gitio.run import Git, ObjectId
from xenpatch.gitio.stack import StackStep, write_stack

PROVISIONAL_TRAILER = b"Xenpatch-Provisional: conflict kept on the patch side\n"


@dataclass(frozen=True)
class Stack:
    """A series applied on a base as a chain of commits (one per patch)."""

    base: ObjectId
    commits: tuple[ObjectId, ...]
    names: tuple[str, ...]

    def parent(self, i: int) -> ObjectId:
        return self.commits[i - 1] if i > 0 else self.base

    @property
    def head(self) -> ObjectId:
        return self.commits[-1] if self.commits else self.base


def stack_message(name: str, patch: Patch) -> bytes:
    subject = patch.subject or name
    return f"{subject}\n\nXenpatch-Patch: {name}\n".encode()


def provisional_message(name: str, patch: Patch) -> bytes:
    """The message of a conflicting patch's stand-in: never mistaken for a forward-ported patch.

    ``git log --oneline`` of a candidate rev shows the word PROVISIONAL first; the
    body says what the commit holds and the trailer lets tools recognise it.
    """
    subject = patch.subject or name
    return (
        f"PROVISIONAL: {subject}\n\n"
        f"Not a forward-ported patch: {name} conflicts with the new upstream. Each conflict\n"
        f"region keeps the patch's side so that the patches after it can be triaged; resolve\n"
        f"the conflict before using this stack.\n\n"
        f"Xenpatch-Patch: {name}\n"
    ).encode() + PROVISIONAL_TRAILER


def apply_series(
    git: Git,
    base: str,
    patches: list[tuple[str, Patch]],
    strips: dict[str, int] | None = None,
    progress: Progress | None = None,
    what: str = "",
) -> list[ObjectId]:
    """Apply patches in order on top of ``base`` (a commit or tree) exactly, without fuzz.

    Returns the tree after each patch; each step costs what the patch touches
    (``TreePatcher``), not the size of the tree.
    """
    progress = progress or NoProgress()
    trees: list[ObjectId] = []
    tree = tree_of(git, base)
    progress.start(what or "applying", len(patches))
    with TreePatcher(git) as patcher:
        for name, patch in patches:
            if patch.diff.strip():
                strip = (strips or {}).get(name, 1)
                try:
                    tree = patcher.apply(tree, patch.diff, patch_paths(patch, strip), strip=strip)
                except ApplyFailed as exc:
                    first = str(exc).splitlines()[0] if str(exc) else "rejected"
                    raise BadInput(
                        f"patch {name} does not apply to {what or 'its base'}: {first}",
                        "check the base (--base REF) or refresh the patch",
                    ) from None
            trees.append(tree)
            progress.advance()
    progress.done()
    return trees



def build_stack(
    git: Git,
    base: str,
    patches: list[tuple[str, Patch]],
    strips: dict[str, int] | None = None,
    progress: Progress | None = None,
) -> Stack:
    """Commit every patch on top of the previous one, starting at ``base``."""
    return stack_on(git, base, patches, apply_series(git, base, patches, strips, progress, what=f"base {base[:12]}"))


def stack_on(git: Git, base: str, patches: list[tuple[str, Patch]], trees: Sequence[ObjectId]) -> Stack:
    """The stack commits of ``patches`` on ``base``, given the tree after each (``apply_series``)."""
    steps = [StackStep(stack_message(name, patch), tree=tree) for (name, patch), tree in zip(patches, trees)]
    return Stack(ObjectId(base), tuple(write_stack(git, base, steps)), tuple(n for n, _ in patches))



class StackStore(Protocol):
    """Where an old stack is remembered between runs (the store's ``StackCache``)."""

    def get(self, key: str) -> list[str] | None: ...

    def put(self, key: str, commits: list[str]) -> None: ...


def stack_key(base: str, patches: list[tuple[str, Patch]], strips: dict[str, int]) -> str:
    """What a stack is a function of: the base, and each patch's name, message and diff."""
    h = hashlib.sha256(f"xenpatch stack 1\0{base}\0".encode())
    for name, patch in patches:
        h.update(name.encode() + b"\0" + str(strips.get(name, 1)).encode() + b"\0")
        h.update(hashlib.sha256(stack_message(name, patch)).digest())
        h.update(hashlib.sha256(patch.diff).digest())
    return h.hexdigest()


def remembered_stack(git: Git, base: str, patches: list[tuple[str, Patch]], strips: dict[str, int],
                     store: StackStore | None, progress: Progress | None = None) -> Stack:
    """The series as commits on ``base``: the remembered stack when it checks out, else built
    (and remembered)."""
    key = stack_key(base, patches, strips)
    commits = store.get(key) if store is not None else None
    if commits is not None and _chain(git, base, patches, commits):
        return Stack(ObjectId(base), tuple(ObjectId(c) for c in commits), tuple(n for n, _ in patches))
    stack = build_stack(git, base, patches, strips, progress)
    if store is not None:
        git.writer.flush()  # the remembered commits are on disk before anything names them
        store.put(key, list(stack.commits))
    return stack


def _chain(git: Git, base: str, patches: list[tuple[str, Patch]], commits: list[str]) -> bool:
    """Do ``commits`` exist and form the stack of ``patches`` on ``base`` (parents and messages)?"""
    if len(commits) != len(patches):
        return False
    parent = base
    for (name, patch), commit in zip(patches, commits):
        try:
            kind, raw = git.reader.read(commit)
        except UnknownRef:
            return False
        if kind != "commit":
            return False
        c = parse_commit(commit, raw)
        if c.parents != (parent,) or c.message != stack_message(name, patch):
            return False
        parent = commit
    return True
