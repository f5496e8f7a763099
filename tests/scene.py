"""A small queue scene on a real repository: base, queue branch, upstream branch, workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.clirun import run
from tests.gitrepo import Repo

LINES = [f"int v{i} = {i};\n" for i in range(1, 61)]


def text(lines: list[str]) -> str:
    return "".join(lines)


def edit(lines: list[str], changes: dict[int, str | list[str] | None]) -> list[str]:
    """Replace (str), expand (list) or delete (None) 1-based lines."""
    out: list[str] = []
    for n, line in enumerate(lines, 1):
        if n not in changes:
            out.append(line)
            continue
        new = changes[n]
        if new is None:
            continue
        out.extend([new] if isinstance(new, str) else new)
    return out


class Scene:
    """A kernel repository with a base, a queue branch and an upstream branch, and a workspace."""

    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
        self.ws = tmp_path
        self.capsys = capsys
        self.repo = Repo(tmp_path / "k")
        self.base = self.repo.commit("base", files)
        self.repo.git("tag", "v1")
        self.repo.git("checkout", "-q", "-b", "topic")

    def patch(self, subject: str, files: dict[str, str | None]) -> str:
        self.repo.git("checkout", "-q", "topic")
        return self.repo.commit(subject, files)  # type: ignore[arg-type]

    def upstream(self, subject: str, files: dict[str, str | None]) -> str:
        self.repo.git("checkout", "-q", "master")
        return self.repo.commit(subject, files)  # type: ignore[arg-type]

    def show(self, ref: str, path: str) -> str:
        return self.repo.git("show", f"{ref}:{path}")

    def load(self) -> None:
        self.repo.git("tag", "v2", "master")
        out = self.ws / "fp"
        self.repo.git("format-patch", "-q", "-o", str(out), f"{self.base}..topic")
        (out / "series").write_text("".join(p.name + "\n" for p in sorted(out.glob("*.patch"))))
        assert run(self.capsys, self.ws, "init", "q", "--repo", "k", "--upstream", "v2").code == 0
        r = run(self.capsys, self.ws, "import", "q", "--quilt", str(out), "--base", "v1")
        assert r.code == 0, r.err

    def rebase(self, *extra: str) -> dict[str, Any]:
        r = run(self.capsys, self.ws, "rebase", "q", "--onto", "v2", "--keep-going", "--json", *extra)
        assert r.code in (0, 1), r.err
        return r.json  # type: ignore[no-any-return]

    def score(self) -> dict[str, Any]:
        r = run(self.capsys, self.ws, "score", "q", "--onto", "v2", "--json")
        assert r.code in (0, 1), r.err
        return r.json  # type: ignore[no-any-return]


def outcomes(result: dict[str, Any]) -> list[str]:
    return [p["outcome"] for p in result["patches"]]
