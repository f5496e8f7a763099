"""The demo's stand-in for a human fixing the v6.2 conflict in kernel/irq/manage.c:
keep the queue's Xen early return, then upstream's reworked condition."""

import re
import sys
from pathlib import Path

path = Path(sys.argv[1]) / "kernel/irq/manage.c"
text = path.read_text()
match = re.search(r"<<<<<<< [^\n]*\n(.*?)=======\n(.*?)>>>>>>> [^\n]*\n", text, re.S)
if not match:
    sys.exit("no conflict markers in " + str(path))
upstream, patch = match.group(1), match.group(2)
xen_part = patch[: patch.index("\n\n") + 2]  # the comment tail and the early return
resolution = xen_part + "\t/*\n" + upstream
path.write_text(text[: match.start()] + resolution + text[match.end():])
print(f"resolved {path}")
