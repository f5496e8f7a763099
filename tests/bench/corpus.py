#!/usr/bin/env python3
"""Build (once) and cache the kernel-scale benchmark corpus used by ``make bench``.

    python tests/bench/corpus.py [--cache DIR] [--fork-files N] [--fork-lines N]

Why a generated corpus: benchmarks must run at Linux scale (80k files, ~1,500-commit
upstream range, 100k-line fork, 300-patch queue) on machines with no internet but
Debian's package archive, and must be reproducible. See tests/bench/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchcorpus.build import DEFAULT_CACHE, Params, ensure_corpus, main  # noqa: E402

__all__ = ["DEFAULT_CACHE", "Params", "ensure_corpus", "main"]

if __name__ == "__main__":
    sys.exit(main())
