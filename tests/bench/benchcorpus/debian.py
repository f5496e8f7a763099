"""A real distro queue: Debian's ``linux`` source packages, upstream trees and patch queues.

Debian keeps its kernel changes as a quilt queue (``debian/patches``) on top of the
upstream stable release, and refreshes it at every stable update: what its
maintainers did between two package versions is the reference answer for a
forward-port. This module turns two (or more) ``linux`` source packages into:

- a bare repository with one commit per upstream stable release, imported from the
  ``.orig.tar.xz`` tarballs (``v6.1.176`` as a root commit, each later release a
  child of the previous one, so ``v6.1.176..v6.1.177`` is the stable update);
- each package's ``debian/patches`` directory, unpacked as is.

The packages are not fetched at test time (no network there); ``make bench``
looks for them in ``--debian-src`` (default ``build/bench/debsrc``) and, when they
are missing and apt has ``deb-src`` entries, runs ``apt-get source
--download-only`` there. See tests/bench/README.md.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .gitutil import FastImport, git, ls_tree, rev_parse
from .kernel import import_tarball

# Release dates of the stable tarballs do not matter to a forward-port; fixed
# ones keep the repository's commit ids the same on every machine.
_WHEN = {"6.1.174": 1760000000, "6.1.176": 1763000000, "6.1.177": 1764000000}


@dataclass(frozen=True)
class DebianRelease:
    version: str  # package version, e.g. "6.1.176-1"
    upstream: str  # "6.1.176"
    tag: str  # "v6.1.176"
    commit: str
    patches: str  # unpacked debian/patches directory
    series: int  # entries of debian/patches/series


class Unavailable(Exception):
    """The source packages are not here and cannot be fetched; the reason says why."""


def _upstream_of(version: str) -> str:
    return version.rsplit("-", 1)[0]


def _files(src: Path, version: str) -> tuple[Path, Path]:
    up = _upstream_of(version)
    return src / f"linux_{up}.orig.tar.xz", src / f"linux_{version}.debian.tar.xz"


def ensure_sources(src: Path, versions: list[str]) -> None:
    """Make sure the .orig and .debian tarballs of every version are in ``src``."""
    missing = [v for v in versions if not all(p.exists() for p in _files(src, v))]
    if not missing:
        return
    src.mkdir(parents=True, exist_ok=True)
    if shutil.which("apt-get") is None:
        raise Unavailable("apt-get is not available to fetch Debian's linux source packages")
    args = ["apt-get", "source", "--download-only", "-q"] + [f"linux={v}" for v in missing]
    proc = subprocess.run(args, cwd=src, capture_output=True, text=True)
    still = [v for v in missing if not all(p.exists() for p in _files(src, v))]
    if still:
        why = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise Unavailable(
            f"Debian source packages {', '.join('linux=' + v for v in still)} are not in {src} "
            f"and apt-get source could not fetch them ({why}); see tests/bench/README.md")


def _unpack_patches(debian_tar: Path, dest: Path) -> int:
    """Extract ``debian/patches`` of a ``.debian.tar.xz`` into ``dest``; return series length."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    with tarfile.open(debian_tar, "r:xz") as tf:
        members = [m for m in tf.getmembers()
                   if m.name.startswith("debian/patches/") and (m.isfile() or m.isdir())]
        for m in members:
            rel = m.name[len("debian/patches/"):]
            if not rel or ".." in Path(rel).parts:
                continue
            target = dest / rel
            if m.isdir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            fh = tf.extractfile(m)
            assert fh is not None
            target.write_bytes(fh.read())
    series = (dest / "series").read_text().splitlines()
    return sum(1 for line in series if line.strip() and not line.lstrip().startswith("#"))


def ensure_debian(cache: Path, src: Path, versions: list[str], log: Any = print) -> dict[str, DebianRelease]:
    """The repository and queues for ``versions`` (oldest first), built once into ``cache``."""
    versions = sorted(versions, key=lambda v: [int(x) for x in _upstream_of(v).split(".")])
    marker = cache / "debian.json"
    try:
        done = json.loads(marker.read_text())
    except (OSError, ValueError):
        done = None
    if isinstance(done, dict) and done.get("versions") == versions:
        return {v: DebianRelease(**r) for v, r in done["releases"].items()}
    ensure_sources(src, versions)
    repo = cache / "linux.git"
    if repo.exists():
        shutil.rmtree(repo)
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "--bare", str(repo)], check=True)
    for k, v in (("gc.auto", "0"), ("core.logAllRefUpdates", "false"),
                 ("user.name", "Bench User"), ("user.email", "bench@example.org")):
        git(repo, "config", k, v)
    releases: dict[str, DebianRelease] = {}
    parent: str | None = None
    known: set[str] = set()
    for version in versions:
        up = _upstream_of(version)
        tag = f"v{up}"
        orig, debian_tar = _files(src, version)
        if tag not in {r.tag for r in releases.values()}:
            log(f"[debian] importing {orig.name} ...")
            with FastImport(repo) as fi:
                import_tarball(fi, orig, ref=f"refs/tags/{tag}", when=_WHEN.get(up, 1760000000),
                               message=f"Linux {up}\n\nImported from Debian's {orig.name}.\n",
                               known_blobs=known, parent=parent)
            parent = rev_parse(repo, tag)
            known = {e.sha for e in ls_tree(repo, tag).values()}
        patches = cache / f"patches-{version}"
        count = _unpack_patches(debian_tar, patches)
        releases[version] = DebianRelease(version, up, tag, rev_parse(repo, tag), str(patches), count)
    tmp = marker.with_suffix(".tmp")
    tmp.write_text(json.dumps({"versions": versions, "releases": {v: asdict(r) for v, r in releases.items()}},
                              indent=2, sort_keys=True) + "\n")
    os.replace(tmp, marker)
    return releases
