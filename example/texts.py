"""The example's file texts, read from the plain files under ``example/kernel/`` (see its README).

The texts are kept as files so that they can be read, grepped and edited as the C, Kconfig and
Makefile text they are; the history that uses them is in ``generator.py``. Files are read as
bytes and decoded as UTF-8, never with newline translation: a changed byte changes every commit
id after it.
"""

from __future__ import annotations

from pathlib import Path

from example.history import ExampleError

DATA = Path(__file__).resolve().parent / "kernel"

# A path component "dot-X" on disk is ".X" in the tree: a live ".gitignore" in this repository
# would make git ignore files of the example (the kernel's ignores "*.patch", "series", ...).
_DOT = "dot-"

Edit = tuple[str, str]  # (old, new): old must occur exactly once in the file it is applied to


class DataError(ExampleError):
    """A file under example/kernel/ is missing or malformed."""


def tree(name: str) -> dict[str, str]:
    """Every file under ``kernel/<name>/`` (path in the tree -> text), sorted by path."""
    root = DATA / name
    if not root.is_dir():
        raise DataError(f"{root} is missing")
    files = {}
    for file in (p for p in root.rglob("*") if p.is_file()):
        path = "/".join("." + part[len(_DOT):] if part.startswith(_DOT) else part
                        for part in file.relative_to(root).parts)
        files[path] = file.read_bytes().decode("utf-8")
    return dict(sorted(files.items()))


def text(name: str, path: str) -> str:
    """One file of ``kernel/<name>/``, by its path in the tree."""
    stored = "/".join(_DOT + part[1:] if part.startswith(".") else part for part in path.split("/"))
    file = DATA / name / stored
    if not file.is_file():
        raise DataError(f"{file} is missing")
    return file.read_bytes().decode("utf-8")


def edits(name: str) -> dict[str, list[Edit]]:
    """The replacements of ``kernel/edits/<name>.edit`` (path -> edits in file order)."""
    file = DATA / "edits" / f"{name}.edit"
    if not file.is_file():
        raise DataError(f"{file} is missing")
    return parse_edits(file.read_bytes().decode("utf-8"), str(file))


def parse_edits(content: str, where: str) -> dict[str, list[Edit]]:
    """Parse the text of an .edit file (``where`` names it in errors).

    The format, line by line: ``#`` comments and blank lines between blocks; ``@@ file PATH``
    starts the edits of one file; each edit is ``@@ old``, the old lines, ``@@ new``, the new
    lines, ``@@ end``. Every line between the markers is text, blank lines included, and each
    ends with a newline.
    """
    if content and not content.endswith("\n"):
        raise DataError(f"{where}: the last line has no newline")
    out: dict[str, list[Edit]] = {}
    path: str | None = None
    block: list[str] | None = None
    old: str | None = None
    for n, line in enumerate(content.split("\n")[:-1], 1):
        if block is not None and not line.startswith("@@"):
            block.append(line + "\n")
        elif line == "@@ old" and block is None and path is not None:
            block = []
        elif line == "@@ new" and block is not None and old is None:
            old, block = "".join(block), []
        elif line == "@@ end" and block is not None and old is not None and path is not None:
            out[path].append((old, "".join(block)))
            old, block = None, None
        elif line.startswith("@@ file ") and block is None:
            path = line[len("@@ file "):]
            if not path or path in out:
                raise DataError(f"{where}:{n}: {'an empty path' if not path else path + ' has a second block'}")
            out[path] = []
        elif block is None and (not line or line.startswith("#")):
            continue
        else:
            raise DataError(f"{where}:{n}: unexpected line {line!r}")
    if block is not None:
        raise DataError(f"{where}: the last edit has no '@@ end'")
    for path, pairs in out.items():
        if not pairs:
            raise DataError(f"{where}: no edits for {path}")
    return out
