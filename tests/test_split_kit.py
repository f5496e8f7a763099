"""Helpers shared by the split tests: kernel-like repositories and independent checks.

The checks here use plain git (``git apply --cached -v`` in a private index), not
xenpatch's own code, so they can catch what the split's own verification misses.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tests.gitrepo import Repo
from xenpatch.core.queue import Workspace
from xenpatch.pipeline.importer import import_queue
from xenpatch.pipeline.init import init_queue

MAINTAINERS = """\
List of maintainers

XEN HYPERVISOR INTERFACE
M:\tJuergen Gross <jgross@suse.com>
L:\txen-devel@lists.xenproject.org
S:\tSupported
F:\tarch/x86/xen/
F:\tdrivers/xen/
F:\tinclude/xen/

XEN EVENTS
M:\tEvents Person <events@example.org>
S:\tMaintained
F:\tdrivers/xen/events/

THE REST
M:\tLinus Torvalds <torvalds@linux-foundation.org>
F:\t*
F:\t*/
"""


def git(repo: Path, *args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(["git", "-C", str(repo), *args], input=input, capture_output=True,
                          env={**os.environ, **(env or {})})
    if proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr.decode()}")
    return proc.stdout.decode()


def c_function(name: str, calls: list[str], lines: int) -> str:
    body = [f"\tint v{i} = x + {i};" for i in range(lines)]
    body += [f"\tx += {c}(x);" for c in calls]
    return f"int {name}(int x)\n{{\n" + "\n".join(body) + "\n\treturn x;\n}\n"


def base_files() -> dict[str, str | bytes | None]:
    core = "#include <xen/core.h>\n\n" + "\n".join(
        c_function(f"xen_core_fn{i}", [], 6) for i in range(4))
    return {
        "MAINTAINERS": MAINTAINERS,
        "Makefile": "obj-y += drivers/\n",
        "drivers/Makefile": "obj-y += xen/\n",
        "drivers/xen/Kconfig": "config XEN\n\tbool \"Xen\"\n",
        "drivers/xen/Makefile": "obj-y += core.o\n",
        "drivers/xen/core.c": core,
        "drivers/xen/old.c": "#include <xen/core.h>\n" + c_function("xen_old_fn", [], 5),
        "include/xen/core.h": "#ifndef XEN_CORE_H\n#define XEN_CORE_H\n"
                              + "".join(f"int xen_core_fn{i}(int x);\n" for i in range(4)) + "#endif\n",
        "Documentation/xen/notes.txt": "".join(f"note line {i}\n" for i in range(60)),
        "firmware/xen.bin": bytes(range(256)) * 4,
        "scripts/xen-tool.sh": "#!/bin/sh\necho tool\n",
    }


@dataclass
class Module:
    """A new Xen component: a header, its code, Kconfig and Makefile glue, callers."""

    name: str
    directory: str
    functions: int = 2
    lines: int = 4
    calls: list[str] = field(default_factory=list)  # functions of other modules it calls

    @property
    def header(self) -> str:
        return f"include/xen/{self.name}.h"

    @property
    def source(self) -> str:
        return f"{self.directory}/{self.name}.c"

    def fn(self, j: int) -> str:
        return f"{self.name}_fn{j}"

    def header_text(self) -> str:
        guard = self.name.upper() + "_H"
        return (f"#ifndef {guard}\n#define {guard}\n\n"
                + "".join(f"int {self.fn(j)}(int x);\n" for j in range(self.functions)) + "\n#endif\n")

    def source_text(self, others: dict[str, "Module"]) -> str:
        includes = [f"#include <xen/{self.name}.h>"]
        for call in self.calls:
            owner = call.split("_fn")[0]
            inc = f"#include <xen/{owner}.h>"
            if inc not in includes:
                includes.append(inc)
        funcs = [c_function(self.fn(j), self.calls if j == 0 else [], self.lines) for j in range(self.functions)]
        return "\n".join(includes) + "\n\n" + "\n".join(funcs)


def fork_changes(modules: list[Module], *, touch_core: bool = True, extras: bool = True
                 ) -> dict[str, str | bytes | None]:
    """The fork's files: every module plus glue, callers in core.c, a rename, a deletion, binaries."""
    base = base_files()
    files: dict[str, str | bytes | None] = {}
    kconfig = str(base["drivers/xen/Kconfig"])
    xen_make = str(base["drivers/xen/Makefile"])
    core = str(base["drivers/xen/core.c"])
    sub_makefiles: dict[str, list[str]] = {}
    by_name = {m.name: m for m in modules}
    for m in modules:
        files[m.header] = m.header_text()
        files[m.source] = m.source_text(by_name)
        kconfig += f"\nconfig XEN_{m.name.upper()}\n\ttristate \"{m.name}\"\n\tdepends on XEN\n"
        if m.directory == "drivers/xen":
            xen_make += f"obj-$(CONFIG_XEN_{m.name.upper()}) += {m.name}.o\n"
        else:
            sub = m.directory.split("/")[-1]
            line = f"obj-y += {sub}/\n"
            if m.directory.startswith("drivers/xen/") and line not in xen_make:
                xen_make += line
            sub_makefiles.setdefault(m.directory, []).append(f"obj-$(CONFIG_XEN_{m.name.upper()}) += {m.name}.o\n")
        if touch_core:
            core = core.replace("#include <xen/core.h>\n", f"#include <xen/core.h>\n#include <xen/{m.name}.h>\n", 1)
            core = core.replace(f"int xen_core_fn{len(files) % 4}(int x)\n{{\n",
                                f"int xen_core_fn{len(files) % 4}(int x)\n{{\n\tx += {m.fn(0)}(x);\n", 1)
    for d, lines in sub_makefiles.items():
        files[f"{d}/Makefile"] = "".join(lines)
    files["drivers/xen/Kconfig"] = kconfig
    files["drivers/xen/Makefile"] = xen_make
    files["drivers/xen/core.c"] = core
    if extras:
        notes = str(base["Documentation/xen/notes.txt"]).replace("note line 5\n", "note line five\n")
        files["Documentation/xen/notes.txt"] = notes.replace("note line 50\n", "note line fifty\n")
        files["drivers/xen/old.c"] = None  # deletion
        files["firmware/xen.bin"] = bytes(range(255, -1, -1)) * 4  # binary change
        files["firmware/xen-new.bin"] = b"\x00\x01\x02NEW\xff" * 10  # new binary
    return files


def make_repo(path: Path, modules: list[Module], **kw: bool) -> tuple[str, str]:
    """A repository with 'master' (base) and 'xen' (fork); returns (base, fork) commit ids."""
    repo = Repo(path)
    base = repo.commit("base", base_files())
    git(path, "checkout", "-q", "-b", "xen")
    changes = fork_changes(modules, **kw)
    repo.write(changes)
    if kw.get("extras", True):
        git(path, "mv", "scripts/xen-tool.sh", "scripts/xen-helper.sh")
        (path / "scripts/xen-helper.sh").write_text("#!/bin/sh\necho tool\necho helper\n")
        (path / "scripts/xen-helper.sh").chmod(0o755)
        git(path, "add", "scripts/xen-helper.sh")
    fork = repo.commit("xen")
    git(path, "checkout", "-q", "master")
    return base, fork


def make_workspace(root: Path, modules: list[Module], **kw: bool) -> Path:
    """A workspace with queue 'xen' holding the fork as one imported patch."""
    make_repo(root / "kernel", modules, **kw)
    ws = Workspace(root)
    init_queue(ws, "xen", "kernel", "master", "xen")
    import_queue(ws, "xen", fork="xen", squash=True)
    return root


def default_modules() -> list[Module]:
    return [
        Module("evtchn", "drivers/xen/events", functions=3, lines=5),
        Module("grant", "drivers/xen", functions=2, lines=3, calls=["evtchn_fn1"]),
        Module("pvh", "arch/x86/xen", functions=2, lines=4, calls=["grant_fn0", "evtchn_fn0"]),
    ]


def series_names(ws: Path) -> list[str]:
    text = (ws / "queues/xen/patches/series").read_text()
    return [ln.split()[0] for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def apply_independently(repo: Path, base: str, patch_files: list[Path]) -> list[str]:
    """Apply patch files in order with plain git; return the tree after each.  Fails on offsets."""
    git_dir = Path(git(repo, "rev-parse", "--absolute-git-dir").strip())
    index = git_dir / "test-split-index"
    env = {"GIT_INDEX_FILE": str(index)}
    index.unlink(missing_ok=True)
    git(repo, "read-tree", base, env=env)
    trees = []
    for f in patch_files:
        proc = subprocess.run(["git", "-C", str(repo), "apply", "--cached", "-v", str(f)],
                              capture_output=True, env={**os.environ, **env})
        assert proc.returncode == 0, f"{f.name}: {proc.stderr.decode()}"
        assert b"offset" not in proc.stderr and b"fuzz" not in proc.stderr, proc.stderr.decode()
        trees.append(git(repo, "write-tree", env=env).strip())
    index.unlink(missing_ok=True)
    return trees


_CALL = re.compile(r"\b([a-z]+_fn\d+)\(x\)")
_DECL = re.compile(r"^int ([a-z]+_fn\d+)\(int x\)", re.MULTILINE)


def added_lines(patch_text: str) -> str:
    diff = patch_text[patch_text.find("\ndiff --git "):]
    return "\n".join(ln[1:] for ln in diff.splitlines() if ln.startswith("+") and not ln.startswith("+++"))


def definition_order_violations(texts: list[str], base_names: set[str] | None = None) -> list[str]:
    """Independent check: calls, includes, objects and configs each patch adds are provided by
    the base or by this or an earlier patch."""
    known_fns = set(base_names or set())
    known_headers: set[str] = set()
    known_objs: set[str] = set()
    known_configs = {"XEN"}
    problems: list[str] = []
    for k, text in enumerate(texts, 1):
        added = added_lines(text)
        new_files = re.findall(r"^\+\+\+ b/(\S+)$", text, re.MULTILINE)
        known_fns |= set(_DECL.findall(added))
        known_headers |= {f for f in new_files if f.startswith("include/")}
        known_objs |= {f[:-2] for f in new_files if f.endswith(".c")}
        known_configs |= set(re.findall(r"^config (\w+)$", added, re.MULTILINE))
        for fn in _CALL.findall(added):
            if fn not in known_fns and not fn.startswith("xen_core"):
                problems.append(f"patch {k} calls {fn} before it is declared")
        for inc in re.findall(r"^#include <(\S+)>$", added, re.MULTILINE):
            if inc != "xen/core.h" and f"include/{inc}" not in known_headers:
                problems.append(f"patch {k} includes {inc} before it exists")
        for cfg in re.findall(r"CONFIG_(\w+)", added):
            if cfg not in known_configs:
                problems.append(f"patch {k} uses CONFIG_{cfg} before its Kconfig entry")
        for section in re.split(r"^diff --git ", text, flags=re.MULTILINE)[1:]:
            path = section.split("\n", 1)[0].split(" b/")[-1]
            if not path.endswith("Makefile"):
                continue
            here = path.rsplit("/", 1)[0] if "/" in path else ""
            for name in re.findall(r"^\+obj-\S+ \+= (\w+)\.o$", section, re.MULTILINE):
                obj = f"{here}/{name}" if here else name
                if obj not in known_objs and obj != "drivers/xen/core":
                    problems.append(f"patch {k} builds {obj}.o before {obj}.c exists")
    return problems


def queue_files(ws: Path) -> dict[str, bytes]:
    """Every file under queues/ (the lock lives in .xenpatch/, not here)."""
    from tests.clirun import snapshot

    return snapshot(ws / "queues")
