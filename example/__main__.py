"""python -m example DEST (from the root of the xenpatch checkout): build the example kernel repository."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

from example.generator import FORK_BRANCH, UPSTREAM_BRANCH, ExampleError, build_example

USAGE = "usage: python -m example DEST [--commits-per-rev N]"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    per_rev = 40
    if "--commits-per-rev" in args:
        i = args.index("--commits-per-rev")
        try:
            per_rev = int(args[i + 1])
        except (IndexError, ValueError):
            print(f"example: --commits-per-rev needs a number ({USAGE})", file=sys.stderr)
            return 2
        del args[i:i + 2]
    if len(args) != 1 or args[0].startswith("-"):
        print(USAGE, file=sys.stderr)
        return 2
    dest = Path(args[0])
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        print(f"example: {dest} exists and is not empty (give a new or empty directory)", file=sys.stderr)
        return 2
    try:
        ex = build_example(dest, per_rev)
    except ExampleError as e:
        print(f"example: {e}", file=sys.stderr)
        return 2
    print(f"built example kernel repository {ex.path} (bare): {UPSTREAM_BRANCH.rsplit('/', 1)[-1]} "
          f"with tags {', '.join(ex.revs)}; fork branch {FORK_BRANCH.rsplit('/', 1)[-1]} = {ex.fork[:12]} "
          f"on {ex.revs[0]} = {ex.base[:12]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
