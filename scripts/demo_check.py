"""Point the demo's copy of the bundled queue at this checkout's fake make, by absolute path.

A check runs in the queue's check work tree (under WORKSPACE/.xenpatch/), not in the checkout,
and the example is not installed: neither a relative path nor ``python -m example.buildcheck``
would be found there. buildcheck.py needs only the standard library, so its absolute path is all
the check needs, and the demo workspace keeps working after the demo.

usage: python scripts/demo_check.py QUEUE_TOML BUILDCHECK_PY
"""

import json
import re
import shlex
import sys
import tomllib
from pathlib import Path

queue_toml, script = Path(sys.argv[1]), Path(sys.argv[2]).resolve()
command = "python " + shlex.quote(str(script))
text = queue_toml.read_text(encoding="utf-8")
text, n = re.subn(r"(?m)^command = .*$", lambda _: "command = " + json.dumps(command, ensure_ascii=False), text)
if n != 1 or tomllib.loads(text)["check"]["command"] != command:
    sys.exit(f"demo_check: cannot write the check command for {script} into {queue_toml}")
queue_toml.write_text(text, encoding="utf-8")
print(f"check command of {queue_toml}: {command}")
