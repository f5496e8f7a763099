"""The example's texts as plain files: what is on disk is what the generator writes."""

from __future__ import annotations

import fnmatch
import hashlib
import re
import shutil
import subprocess
import sys
import tomllib
from configparser import ConfigParser
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from example import generator, texts
from example.generator import FORK_NEW_FILES
from example.texts import DataError, parse_edits

ROOT = Path(__file__).resolve().parents[1]


def _blobs(repo: Path, rev: str) -> dict[str, str]:
    out = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "-z", rev], check=True,
                         capture_output=True).stdout.decode()
    return {entry.split("\t", 1)[1]: entry.split()[2] for entry in out.split("\0") if entry}


def _blob_id(text: str) -> str:
    data = text.encode("utf-8")
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def test_data_trees_are_the_generated_trees(example_template: Path) -> None:
    v60 = texts.tree("v6.0")
    assert {p: _blob_id(t) for p, t in v60.items()} == _blobs(example_template, "v6.0")
    assert ".gitignore" in v60 and "EXTRAVERSION =\n" in v60["Makefile"]
    fork = _blobs(example_template, "xen")
    xen = texts.tree("xen")
    assert sorted(xen) == sorted(FORK_NEW_FILES)
    assert {p: _blob_id(t) for p, t in xen.items()} == {p: fork[p] for p in xen}
    v61 = _blobs(example_template, "v6.1")
    assert {p: _blob_id(t) for p, t in texts.tree("v6.1").items()} == {"drivers/net/vrf.c": v61["drivers/net/vrf.c"]}


def test_every_data_file_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    read: set[str] = set()

    def recorded(fn: Callable[..., Any], key: Callable[..., str]) -> Callable[..., Any]:
        def call(*args: str) -> Any:
            read.add(key(*args))
            return fn(*args)
        return call

    monkeypatch.setattr(texts, "tree", recorded(texts.tree, lambda name: f"{name}/"))
    monkeypatch.setattr(texts, "text", recorded(texts.text, lambda name, path: f"{name}/{path}"))
    monkeypatch.setattr(texts, "edits", recorded(texts.edits, lambda name: f"edits/{name}.edit"))
    generator._build_history(1)
    on_disk = {str(p.relative_to(texts.DATA)) for p in texts.DATA.rglob("*")
               if p.is_file() and p.parent != texts.DATA}
    used = {f for f in on_disk if f in read or any(f.startswith(d) for d in read if d.endswith("/"))}
    assert on_disk - used == set()
    assert len(on_disk) >= 120


# any line but a marker (the parser splits on "\n" only: "\r" and the like are text)
_TEXT_LINE = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\n"),
                     max_size=12).filter(lambda line: not line.startswith("@@"))
_PIECE = st.lists(_TEXT_LINE, max_size=4).map(lambda lines: "".join(line + "\n" for line in lines))
_PATH = st.from_regex(r"[a-z][a-z0-9_/.-]{0,15}", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_PATH, st.lists(st.tuples(_PIECE, _PIECE), min_size=1, max_size=3), max_size=4))
def test_edit_files_round_trip(blocks: dict[str, list[tuple[str, str]]]) -> None:
    out = ["# a comment", ""]
    for path, pairs in blocks.items():
        out += [f"@@ file {path}"]
        for old, new in pairs:
            out += ["@@ old", old + "@@ new", new + "@@ end"]
        out += ["", "# between blocks"]
    content = "\n".join(out) + "\n"
    assert parse_edits(content, "t.edit") == blocks


@pytest.mark.parametrize("content, message", [
    ("@@ old\nx\n@@ new\n@@ end\n", "t.edit:1: unexpected line '@@ old'"),
    ("@@ file a.c\nstray\n", "t.edit:2: unexpected line 'stray'"),
    ("@@ file a.c\n@@ old\nx\n@@ end\n", "t.edit:4: unexpected line '@@ end'"),
    ("@@ file a.c\n@@ old\nx\n@@ new\ny\n", "t.edit: the last edit has no '@@ end'"),
    ("@@ file a.c\n@@ old\nx\n@@ new\n@@ file b.c\n", "t.edit:5: unexpected line '@@ file b.c'"),
    ("@@ file a.c\n@@ old\n@@ new\n@@ end\n@@ file a.c\n", "t.edit:5: a.c has a second block"),
    ("@@ file a.c\n", "t.edit: no edits for a.c"),
    ("@@ file \n", "t.edit:1: an empty path"),
    ("# no newline", "t.edit: the last line has no newline"),
])
def test_malformed_edit_files_say_where(content: str, message: str) -> None:
    with pytest.raises(DataError) as e:
        parse_edits(content, "t.edit")
    assert str(e.value) == message


def test_the_example_is_not_installed() -> None:
    cfg = ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    assert cfg["options"]["packages"].strip() == "find:"
    include = re.split(r"[\s,]+", cfg["options.packages.find"]["include"].strip())
    assert any(fnmatch.fnmatch("xenpatch.cli", pattern) for pattern in include)
    assert not any(fnmatch.fnmatch(name, pattern) for pattern in include
                   for name in ("example", "example.generator", "example.buildcheck"))
    importers = [str(p) for p in (ROOT / "xenpatch").rglob("*.py")
                 if re.search(r"^\s*(from|import)\s+example\b", p.read_text(), re.M)]
    assert importers == []


def test_demo_check_command_runs_from_any_directory(tmp_path: Path) -> None:
    """The demo names buildcheck.py by absolute path; the check runs in another directory."""
    odd = tmp_path / "a dir's \"name\""
    odd.mkdir()
    shutil.copy(ROOT / "example" / "buildcheck.py", odd / "buildcheck.py")
    queue_toml = tmp_path / "queue.toml"
    shutil.copy(ROOT / "queues" / "xen" / "queue.toml", queue_toml)
    subprocess.run([sys.executable, str(ROOT / "scripts" / "demo_check.py"), str(queue_toml),
                    str(odd / "buildcheck.py")], check=True, capture_output=True)
    config = tomllib.loads(queue_toml.read_text())
    bundled = tomllib.loads((ROOT / "queues" / "xen" / "queue.toml").read_text())
    assert {k: v for k, v in config.items() if k != "check"} == {k: v for k, v in bundled.items() if k != "check"}
    command = config["check"]["command"]
    assert command.startswith("python ") and str(odd / "buildcheck.py") not in command  # quoted for the shell
    tree = tmp_path / "tree"
    (tree / "lib").mkdir(parents=True)
    (tree / "lib" / "a.c").write_text("int f(void)\n{\n\treturn g();\n}\n")
    bin_dir = Path(sys.executable).parent
    proc = subprocess.run(command, shell=True, cwd=tree, capture_output=True, text=True,
                          env={"PATH": f"{bin_dir}:/usr/bin:/bin"})
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines()[0] == "lib/a.c:3: error: implicit declaration of function 'g' " \
                                          "[-Werror=implicit-function-declaration]"
