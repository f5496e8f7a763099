"""Refs, written together: one ``update-ref --stdin`` transaction, all or nothing."""

from __future__ import annotations

from xenpatch.gitio.run import Git, ObjectId


class RefTransaction:
    """Collect ref updates and apply them in one ``update-ref --stdin`` transaction."""

    def __init__(self, git: Git) -> None:
        self._git = git
        self._lines: list[str] = []

    def update(self, ref: str, new: str, old: str | None = None) -> None:
        self._lines.append(f"update {ref} {new}" + (f" {old}" if old else ""))

    def delete(self, ref: str) -> None:
        self._lines.append(f"delete {ref}")

    def commit(self) -> None:
        if not self._lines:
            return
        script = "start\n" + "\n".join(self._lines) + "\nprepare\ncommit\n"
        self._git.run(["update-ref", "--stdin"], stdin=script.encode())
        self._lines = []

def list_refs(git: Git, prefix: str) -> dict[str, ObjectId]:
    out = git.run(["for-each-ref", "--format=%(refname) %(objectname)", prefix])
    refs: dict[str, ObjectId] = {}
    for line in out.decode().splitlines():
        name, oid = line.split()
        refs[name] = ObjectId(oid)
    return refs
