#!/usr/bin/env bash
# make demo: generate the example kernel repository, then run the whole job on
# the bundled example queue (a copy of queues/, so the checkout stays clean).
set -euo pipefail
demo="${1:-build/demo}"
rm -rf "$demo"
mkdir -p "$demo"
python -m xenpatch.example "$demo/kernel"
cp -r queues "$demo/queues"
x() { echo; echo "\$ xenpatch $*"; xenpatch -C "$demo" "$@"; }
# Exit code 1 means "done, needs a human" (conflicts, failed checks): the demo
# shows those on purpose and carries on; anything else is a real failure.
x1() { x "$@" || { rc=$?; [ "$rc" -eq 1 ] || exit "$rc"; }; }

x init quickstart --repo kernel --upstream v6.1 --fork xen
x import xen --fork xen --base v6.0
x track xen
has() { xenpatch "$1" --help >/dev/null 2>&1; }
if has split; then x split xen --explain; x track xen; fi
if has score; then x1 score xen --onto v6.1; fi
if has rebase; then
  x1 rebase xen --onto v6.1
  x1 rebase xen --onto v6.2 --keep-going
  has log && x log xen
fi
if has stabilize; then x1 stabilize xen; fi
if has export; then x export xen --to "$demo/outgoing"; ls "$demo/outgoing"; fi
if has lint; then x1 lint xen; fi
echo
echo "demo finished: workspace in $demo"
