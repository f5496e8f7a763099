"""Moved: writing a rev is the store's (``xenpatch.store.revwrite``). Names kept for merging."""

from xenpatch.store import load_resolutions
from xenpatch.store.revwrite import mark_upstream, refresh_patch, write_rev

__all__ = ["load_resolutions", "mark_upstream", "refresh_patch", "write_rev"]
