#!/usr/bin/env bash
# make demo: generate the example kernel repository, then run the whole job on
# the bundled example queue (a copy of queues/, so the checkout stays clean).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
demo="${1:-build/demo}"
rm -rf "$demo"
mkdir -p "$demo"
# The example is demo and test data, not part of the installed package: run it
# from the checkout.
PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}" python -m example "$demo/kernel"
cp -r "$root/queues" "$demo/queues"
python "$root/scripts/demo_check.py" "$demo/queues/xen/queue.toml" "$root/example/buildcheck.py"
x() { echo; echo "\$ xenpatch $*"; xenpatch -C "$demo" "$@"; }
# Exit code 1 means "done, needs a human" (conflicts, failed checks): the demo
# shows those on purpose and carries on; anything else is a real failure.
x1() { x "$@" || { rc=$?; [ "$rc" -eq 1 ] || exit "$rc"; }; }

x init quickstart --repo kernel --upstream v6.1 --fork xen
x import xen --fork xen --base v6.0 --squash
x track xen
x split xen --explain
x track xen
# the daily flow: the series as a git branch; a review tag comes in for the last patch
x checkout xen
echo; echo "\$ git commit --amend --trailer 'Reviewed-by: ...'   # in $demo/.xenpatch/checkout/xen"
git -C "$demo/.xenpatch/checkout/xen" commit -q --amend --no-edit --trailer "Reviewed-by: Jane Doe <jane@example.org>"
x commit xen              # only that patch's message changes: rev 1
x1 score xen --onto v6.2
# v6.1: context drift and a file rename upstream; the series follows
x rebase xen --onto v6.1
# a fix from v6.2 is needed now: backported with Git-commit/Patch-mainline headers
fix=$(git -C "$demo/kernel" log --format=%H --grep='^x86/e820: Print the number of entries' v6.1..v6.2)
x add xen --upstream "$fix"
# v6.2: upstream reworks the lines one patch hooks into: the rebase stops there
x1 rebase xen --onto v6.2    # ... and the backport is dropped there: v6.2 has it
x resolve xen
python "$root/scripts/demo_resolve.py" "$demo/.xenpatch/resolve/xen"
x rebase xen --continue   # records the resolution in queues/xen/resolutions/
ls "$demo/queues/xen/resolutions"
# v6.3: upstream merged part of the queue (the first patch shrinks). The v6.2
# API rename (netif_napi_add) merged cleanly but broke one patch's build; the
# plain rebases ran no check, stabilize does: it bisects the series to the
# failing patch, finds the base where that prefix last passed (v6.1: the v6.2
# base fails too, but was never checked, so it proves nothing), bisects the
# upstream commits between with the prefix applied in memory, names the
# renaming commit, and writes reports for a bot
x1 stabilize xen --onto v6.3 --junit "$demo/report.xml" --markdown "$demo/report.md"
echo; echo "\$ grep culprit $demo/report.md"; grep culprit "$demo/report.md"
x log xen
x diff xen 2 5
x export xen --to "$demo/outgoing"
x1 lint xen
echo
echo "demo finished: workspace in $demo"
