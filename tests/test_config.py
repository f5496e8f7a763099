"""queue.toml: every key checked, unknown names caught with file, line and the nearest name."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.clirun import run
from tests.smallqueue import mono_queue
from xenpatch.core.config import SCHEMA, locate, parse_config, render_config, Identity
from xenpatch.errors import QueueError

TEMPLATE = render_config("kernel", "master", None, Identity("A U Thor", "author@example.org")).decode()


def _parse(text: str) -> object:
    return parse_config(text.encode(), "q", Path("/ws/queues/q/queue.toml"), Path("/ws"))


def _error(text: str) -> str:
    with pytest.raises(QueueError) as info:
        _parse(text)
    return str(info.value)


def _with(section: str, line: str) -> str:
    header = f"[{section}]\n"
    key = line.split("=")[0].strip()
    lines = [ln for ln in TEMPLATE.split("\n") if ln.split("=")[0].strip() != key]
    return "\n".join(lines).replace(header, header + line + "\n", 1)


def _line_of(text: str, needle: str) -> int:
    return next(k for k, ln in enumerate(text.split("\n"), 1) if ln.startswith(needle))


def test_the_template_init_writes_is_valid() -> None:
    config = _parse(TEMPLATE)
    assert getattr(config, "check_jobs") == 1 and getattr(config, "max_lines") == 600


def test_a_misspelt_section_names_file_line_and_the_right_name() -> None:
    text = TEMPLATE.replace("[check]", "[chek]")
    msg = _error(text)
    assert msg.startswith(f"/ws/queues/q/queue.toml:{_line_of(text, '[chek]')}: unknown section [chek]")
    assert "did you mean [check]?" in msg


def test_a_misspelt_key_names_file_line_and_the_right_name() -> None:
    text = TEMPLATE.replace("max_lines = 600", "max_line = 600")
    msg = _error(text)
    assert msg.startswith(f"/ws/queues/q/queue.toml:{_line_of(text, 'max_line =')}: unknown key 'max_line' in [split]")
    assert "did you mean 'max_lines'?" in msg
    top = TEMPLATE.replace('upstream = "master"', 'upstrem = "master"')
    msg = _error(top)
    assert f"queue.toml:{_line_of(top, 'upstrem')}: unknown key 'upstrem'" in msg and "'upstream'" in msg
    dotted = "lint.max_line_lenght = 80\n" + TEMPLATE.split("[lint]")[0]
    msg = _error(dotted)
    assert f"queue.toml:{_line_of(dotted, 'lint.max_line_lenght')}: unknown key 'max_line_lenght' in [lint]" in msg
    assert "did you mean 'max_line_length'?" in msg


def test_cli_reports_a_typo_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mono_queue(tmp_path, capsys)
    toml = tmp_path / "queues/q/queue.toml"
    toml.write_text(toml.read_text().replace("[check]", "[chek]"))
    r = run(capsys, tmp_path, "track", "q")
    assert r.code == 2 and "unknown section [chek]" in r.err and "[check]" in r.err
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err


@pytest.mark.parametrize("section,line,expect", [
    ("check", "timeout = 0", "[check] timeout must be a whole number of seconds from 1"),
    ("check", "timeout = -5", "[check] timeout must be a whole number of seconds from 1"),
    ("check", "timeout = true", "[check] timeout must be a whole number"),
    ("check", 'timeout = "60"', "[check] timeout must be a whole number"),
    ("check", "jobs = 0", "[check] jobs must be a whole number of checks run at once from 1"),
    ("check", 'command = "  "', "[check] command must be a shell command"),
    ("split", "max_lines = 0", "[split] max_lines must be a whole number"),
    ("split", "max_lines = 1.5", "[split] max_lines must be a whole number"),
    ("split", 'rules = "../../etc/rules.toml"', "[split] rules must name a file inside the queue folder"),
    ("split", 'rules = "/etc/rules.toml"', "[split] rules must name a file inside the queue folder"),
    ("split", "rules = 3", "[split] rules must be a file name"),
    ("identity", 'email = "not an address"', "[identity] email must be a mail address"),
    ("identity", 'name = "Evil <x@y>"', "[identity] name must be a name without"),
    ("export", 'to = ["a@example.org", 3]', "[export] to must be a list of mail addresses"),
    ("export", 'cc = "no-at-sign"', "[export] cc must be a mail address"),
    ("export", 'signature = "a\\u0007b"', "[export] signature must be a signature without control"),
    ("lint", 'disable = ["no-such"]', "[lint] disable must be a list of check names"),
    ("lint", 'require_git_commit_when_mainline = "yes"',
     "[lint] require_git_commit_when_mainline must be true or false"),
])
def test_wrong_values_name_the_key(section: str, line: str, expect: str) -> None:
    text = _with(section, line)
    msg = _error(text)
    assert f"queue.toml:{_line_of(text, line.split(' ')[0] + ' ')}: {expect}" in msg, msg


@pytest.mark.parametrize("line,expect", [
    ("guards = [1, 2]", "guards must be a list of guard names"),
    ('guards = ["+xen"]', "guards must be a list of guard names"),
    ('remote = "--upload-pack=touch PWNED"', "remote must be the name of one of the repository's remotes"),
    ('remote = "origin; rm -rf /"', "remote must be the name"),
    ('fork = "--output=/tmp/x"', "fork must be a branch, tag or commit name"),
    ('upstream = "-x"', "upstream must be a branch, tag or commit name"),
])
def test_wrong_top_level_values(line: str, expect: str) -> None:
    key = line.split(" ")[0]
    lines = [ln for ln in TEMPLATE.split("\n") if not ln.startswith(key + " ")]
    text = "\n".join(lines).replace("[identity]", f"{line}\n\n[identity]", 1)
    msg = _error(text)
    assert f"queue.toml:{_line_of(text, key + ' ')}: {expect}" in msg, msg


def test_a_section_that_is_not_a_table() -> None:
    msg = _error('repo = "k"\nupstream = "m"\nidentity = "me"\n')
    assert "queue.toml:3: 'identity' must be a table" in msg


def test_missing_required_keys() -> None:
    msg = _error(TEMPLATE.replace('upstream = "master"\n', ""))
    assert "'upstream' is missing" in msg


def test_documented_forms_are_accepted() -> None:
    config = _parse(_with("split", 'rules = "split-rules.toml"'))
    assert getattr(config, "rules_file") == "split-rules.toml"
    inline = TEMPLATE.replace("[check]", '[[split.rules]]\nname = "xen"\npaths = ["drivers/xen/"]\n\n[check]')
    config = _parse(inline)
    assert getattr(config, "rules") == ({"name": "xen", "paths": ["drivers/xen/"]},)
    config = _parse(_with("export", 'to = "List <list@example.org>"'))
    assert getattr(config, "export")["to"] == ["List <list@example.org>"]
    config = _parse(_with("check", "jobs = 4"))
    assert getattr(config, "check_jobs") == 4
    config = _parse(TEMPLATE.replace('# guards = ["xen"]', 'guards = ["xen", "rt"]'))
    assert getattr(config, "guards") == ("xen", "rt")


def test_split_rules_file_from_queue_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The form README and init's template document: a rules file next to queue.toml."""
    mono_queue(tmp_path, capsys)
    (tmp_path / "queues/q/split-rules.toml").write_text(
        '[[rules]]\nname = "drivers"\npaths = ["drivers/"]\n')
    toml = tmp_path / "queues/q/queue.toml"
    toml.write_text(toml.read_text().replace('# rules = "split-rules.toml"', 'rules = "split-rules.toml"'))
    r = run(capsys, tmp_path, "split", "q", "--dry-run", "--json")
    assert r.code == 0, r.err
    # a rules file that is a link out of the queue is refused, not read
    rules = tmp_path / "queues/q/split-rules.toml"
    (tmp_path / "elsewhere.toml").write_bytes(rules.read_bytes())
    rules.unlink()
    rules.symlink_to(tmp_path / "elsewhere.toml")
    r = run(capsys, tmp_path, "split", "q", "--dry-run")
    assert r.code == 2 and "split-rules.toml is a symbolic link" in r.err


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted((t, k) for t, keys in SCHEMA.items() for k in keys)),
       st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=3))
def test_any_unknown_key_is_caught_and_located(known: tuple[str, str], suffix: str) -> None:
    """Property: a misspelling of any known key, in its own section, is an error naming it and its line."""
    table, key = known
    bogus = key + suffix
    if bogus in SCHEMA[table] or (not table and bogus in SCHEMA):
        return
    anchor = f"[{table}]\n" if table else "repo ="
    text = TEMPLATE.replace(anchor, anchor + f"{bogus} = 1\n" if table else f"{bogus} = 1\n{anchor}", 1)
    msg = _error(text)
    where = f" in [{table}]" if table else ""
    assert msg.startswith(f"/ws/queues/q/queue.toml:{_line_of(text, bogus + ' =')}: unknown key '{bogus}'{where}")
    assert locate(text, table, bogus) == _line_of(text, bogus + " =")
