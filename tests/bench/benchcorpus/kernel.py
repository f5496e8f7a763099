"""Real kernel trees from Debian's ``linux-source-*`` packages, imported into git.

The tarball is streamed (``xz -dc -T2`` → ``tarfile`` in stream mode → ``git
fast-import``) instead of extracted and ``git add``-ed: nothing of the 1.3 GB tree
touches the disk except the pack that fast-import writes.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .gitutil import Change, FastImport, Ident, blob_sha

KERNEL_AUTHOR = Ident("Linus Torvalds", "torvalds@linux-foundation.org")


def apt_candidate(package: str) -> str | None:
    """The version apt would install for ``package`` from the configured repositories."""
    proc = subprocess.run(["apt-cache", "policy", package], capture_output=True, text=True)
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line.startswith("Candidate:"):
            version = line.split(":", 1)[1].strip()
            return None if version == "(none)" else version
    return None


def ensure_apt_index(package: str) -> None:
    """Run ``apt-get update`` once if apt does not know ``package`` yet."""
    if apt_candidate(package) is None:
        subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True)


def download_deb(package: str, dest: Path) -> Path:
    """``apt-get download`` the package into ``dest`` (reusing a .deb already there)."""
    dest.mkdir(parents=True, exist_ok=True)
    existing = sorted(dest.glob(f"{package}_*.deb"))
    if existing:
        return existing[-1]
    for attempt in range(2):
        proc = subprocess.run(["apt-get", "download", "-q", package], cwd=dest,
                              capture_output=True, text=True)
        if proc.returncode == 0:
            break
        if attempt == 0:
            subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True)
        else:
            raise RuntimeError(f"apt-get download {package} failed: {proc.stderr}")
    debs = sorted(dest.glob(f"{package}_*.deb"))
    if not debs:
        raise RuntimeError(f"apt-get download {package} produced no .deb in {dest}")
    return debs[-1]


def deb_version(deb: Path) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(deb), "Version"], capture_output=True,
                          text=True, check=True).stdout.strip()


def unpack_source_tarball(deb: Path, dest: Path) -> Path:
    """``dpkg-deb -x`` the package and return its ``/usr/src/linux-source-*.tar.xz``."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    subprocess.run(["dpkg-deb", "-x", str(deb), str(dest)], check=True)
    tarballs = sorted((dest / "usr" / "src").glob("linux-source-*.tar.xz"))
    if len(tarballs) != 1:
        raise RuntimeError(f"expected one linux-source tarball in {deb}, found {tarballs}")
    return tarballs[0]


@dataclass
class ImportStats:
    files: int = 0
    symlinks: int = 0
    bytes: int = 0
    blobs_written: int = 0


def _open_xz(path: Path) -> tuple[IO[bytes], subprocess.Popen[bytes] | None]:
    if shutil.which("xz"):
        proc = subprocess.Popen(["xz", "-dc", "-T2", str(path)], stdout=subprocess.PIPE,
                                bufsize=1 << 20)
        assert proc.stdout is not None
        return proc.stdout, proc
    import lzma

    return lzma.open(path, "rb"), None


def import_tarball(fi: FastImport, tarball: Path, *, ref: str, when: int, message: str,
                   known_blobs: set[str] | None = None, parent: str | None = None) -> tuple[str, ImportStats]:
    """Stream ``tarball`` into one commit on ``ref`` (a root commit unless ``parent``
    is given); return its mark and stats.

    Blobs whose id is in ``known_blobs`` are referenced by id instead of being
    written again (the second kernel tree shares most of its files with the first).
    """
    stats = ImportStats()
    changes: list[Change] = []
    stream, proc = _open_xz(tarball)
    try:
        with tarfile.open(fileobj=stream, mode="r|") as tf:
            for member in tf:
                if member.isdir():
                    continue
                parts = member.name.split("/", 1)
                if len(parts) != 2 or not parts[1]:
                    continue
                path = parts[1]
                if member.issym():
                    data = member.linkname.encode("utf-8", "surrogateescape")
                    mode = "120000"
                    stats.symlinks += 1
                elif member.isfile():
                    fobj = tf.extractfile(member)
                    assert fobj is not None
                    data = fobj.read()
                    mode = "100755" if member.mode & 0o111 else "100644"
                    stats.files += 1
                else:
                    raise RuntimeError(f"unsupported tar member type in {tarball}: {member.name}")
                stats.bytes += len(data)
                sha = blob_sha(data)
                if known_blobs is not None and sha in known_blobs:
                    changes.append(Change(path, mode, sha=sha))
                else:
                    fi.blob_with_id(data, sha)
                    stats.blobs_written += 1
                    changes.append(Change(path, mode, sha=sha))
    finally:
        stream.close()
        if proc is not None and proc.wait() not in (0, -13):
            raise RuntimeError(f"xz failed on {tarball}")
    changes.sort(key=lambda c: c.path)
    mark = fi.commit(ref, author=KERNEL_AUTHOR, when=when, message=message, parent=parent,
                     changes=changes, deleteall=True)
    return mark, stats
