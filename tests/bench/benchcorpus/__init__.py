"""Builders for the kernel-scale benchmark corpus (see ``tests/bench/README.md``).

The corpus is generated, not downloaded as a ready-made git history: Debian's
``linux-source-*`` packages give real kernel trees, and everything on top of them
(the upstream range, the out-of-tree fork, the patch queue) is produced
deterministically from fixed seeds, so two machines build byte-identical refs.
"""
