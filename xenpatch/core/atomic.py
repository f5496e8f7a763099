"""Moved: crash-safe writes are the store's (``xenpatch.store``; reports: ``xenpatch.store.userfiles``).

This alias keeps ``from xenpatch.core.atomic import write_file_atomic`` working
for code written before the store existed; new code imports from the store.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "write_file_atomic":
        from xenpatch.store.userfiles import write_file_atomic
        return write_file_atomic
    raise AttributeError(name)
