"""Where everything of a queue lives: its files, its refs, its archive, its private state.

One module names every path and ref so that no command invents its own (a rev
file name spelled twice is how records end up in two places). A queue's files
live in ``queues/NAME/`` and are the user's, meant to be versioned; what only
xenpatch needs (the lock, a journal in flight, a stopped rebase) lives in
``WORKSPACE/.xenpatch/queues/NAME/`` so it never shows in the user's
``git status`` and a cloned queue cannot ship any of it.
"""

from __future__ import annotations

import re

# the record models define these two ref names; they are part of the layout
from xenpatch.core.exportrec import export_ref as export_ref
from xenpatch.core.revs import rev_ref as rev_ref
from xenpatch.errors import BadInput

PRIVATE_DIR = ".xenpatch"  # under the workspace
QUEUES_DIR = "queues"

# files of a queue, relative to queues/NAME
CONFIG = "queue.toml"
PATCHES = "patches"
SERIES = "patches/series"
STATE = "state.json"
REVS = "revs"
ARCHIVE = "archive"
EXPORTS = "exports"
RESOLUTIONS = "resolutions"
COVER_LETTER = "cover-letter.txt"

# xenpatch's own files, relative to WORKSPACE/.xenpatch/queues/NAME
LOCK = "lock"
COMMIT_LOCK = "commit.lock"
JOURNAL = "journal"
REBASE_STATE = "rebase-state.json"
CHECKOUT_STATE = "checkout.json"

REF_ROOT = "refs/xenpatch"

# A queue name is a directory name and one component of refs/xenpatch/NAME/...:
# git check-ref-format's rules on top of a conservative character set.
_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
REV_FILE_RE = re.compile(r"^rev-(\d{4,})\.json$")
EXPORT_FILE_RE = re.compile(r"^v(\d+)\.json$")


def check_queue_name(name: str) -> str:
    """The name unchanged, or BadInput: it must work as a directory and as a git ref component."""
    why = ""
    if not _NAME_RE.fullmatch(name):
        why = "use 1 to 100 letters, digits, '.', '_' and '-', starting with a letter or digit"
    elif ".." in name:
        why = "'..' is not allowed in a git ref"
    elif name.endswith(".lock") or name.endswith("."):
        why = "git refs cannot end with '.lock' or '.'"
    if why:
        raise BadInput(f"{name!r} is not a valid queue name", why)
    return name


def private_dir(name: str) -> str:
    """The queue's private state directory, relative to the workspace."""
    return f"{PRIVATE_DIR}/{QUEUES_DIR}/{check_queue_name(name)}"


def patch_file(name: str) -> str:
    return f"{PATCHES}/{name}"


def rev_file(rev: int) -> str:
    return f"{REVS}/rev-{rev:04d}.json"


def timings_file(rev: int) -> str:
    """Timings live beside the record: they differ run to run, the record must not."""
    return f"{REVS}/rev-{rev:04d}.timings.json"


def rev_log_file(rev: int, log: str) -> str:
    if not re.fullmatch(r"[a-z]+\.log", log):
        raise ValueError(f"not a rev log name: {log!r}")
    return f"{REVS}/rev-{rev:04d}.{log}"


def rev_archive(rev: int, patch: str) -> str:
    """Where a patch that left the series at rev ``rev`` is kept."""
    return f"{ARCHIVE}/rev-{rev:04d}/{patch}"


def export_file(version: int) -> str:
    return f"{EXPORTS}/v{version}.json"


def resolution_file(file_name: str) -> str:
    return f"{RESOLUTIONS}/{file_name}"


def rev_files_ref(queue: str, rev: int) -> str:
    """A tree holding the queue's exact files at rev ``rev``."""
    return f"{REF_ROOT}/{queue}/rev-{rev}-files"


def checkout_branch(queue: str) -> str:
    """The branch ``checkout`` puts the series on by default (in the kernel repository)."""
    return f"refs/heads/xenpatch/{queue}"


def split_ref(queue: str) -> str:
    return f"{REF_ROOT}/{queue}/split"


def split_pending_ref(queue: str) -> str:
    """Where split builds its stack before the queue is written; never outlives a split."""
    return f"{REF_ROOT}/{queue}/split-pending"
