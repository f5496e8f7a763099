"""Hermetic git for every test: no user or system config, fixed identities."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI (.ci/run) draws the same examples on every run, so a verdict there is reproducible;
# a developer's `make test` draws new ones each time and keeps finding what CI has not seen
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
os.environ["GIT_CONFIG_GLOBAL"] = os.devnull
for _k, _v in {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.org",
    "GIT_COMMITTER_NAME": "Test Committer",
    "GIT_COMMITTER_EMAIL": "committer@example.org",
    "GIT_AUTHOR_DATE": "1600000000 +0000",
    "GIT_COMMITTER_DATE": "1600000000 +0000",
}.items():
    os.environ[_k] = _v


@pytest.fixture(scope="session")
def example_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated kernel-like example, built once per session (copy it to modify)."""
    from example.generator import build_example

    dest = tmp_path_factory.mktemp("example") / "kernel"
    build_example(dest)
    return dest
