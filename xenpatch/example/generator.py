"""A deterministic generator of a small but realistic kernel-like git repository.

``build_example(dest)`` writes a bare repository with:

- ``refs/heads/master``: the upstream history, tags ``v6.0`` .. ``v6.3`` (lightweight tags on
  the "Linux 6.x" release commits; master ends at v6.3);
- ``refs/heads/xen``: the out-of-tree fork, a handful of commits on top of v6.0 that add a
  Xen-like subsystem and hook it into existing files.

Between the tags, upstream does what makes forward-porting hard (see the ``SUBJECT_*``
constants, which name the commits): context drift around the fork's hooks and a file rename
in v6.1, an API rename that merges cleanly but breaks the build and a rewrite of the lines the
fork hooks into in v6.2, and a part of the fork merged upstream (identically, and in another
form) in v6.3; the rest is filler spread over the tree.

Everything is built in memory and fed to one ``git fast-import`` with fixed identities and
dates, so the same call always produces the same commit ids.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Mapping, Sequence, Union

from xenpatch.errors import BadInput, XenpatchError
from xenpatch.example import content as C
from xenpatch.gitio.run import init_repo

REVS = ("v6.0", "v6.1", "v6.2", "v6.3")
UPSTREAM_BRANCH = "refs/heads/master"
FORK_BRANCH = "refs/heads/xen"

# Commits a test (or a demo) can find by subject. Each subject occurs exactly once.
SUBJECT_DRIFT_SETUP = "x86/setup: Reserve the low 64K of memory"
SUBJECT_DRIFT_SETUP_BELOW = "x86/setup: Report the NX protection state at boot"
SUBJECT_DRIFT_NET_MAKEFILE = "net: Add the VRF (Virtual Routing and Forwarding) driver"
SUBJECT_RENAME = "block: Move drivers/block/blkdev.c to block/blk-core.c"
SUBJECT_API_RENAME = "net: Rename netif_napi_add() to netif_napi_add_weight()"
SUBJECT_IRQ_REWORK = "genirq: Rework irq_set_affinity locking"
SUBJECT_MERGED = "xen: add hypervisor interface header"
SUBJECT_BACKPORT = "genirq: Add a flag for hypervisor event channel interrupts"

# Which upstream commit breaks which part of the fork, by kind.
CULPRITS = {
    "rename": SUBJECT_RENAME,  # v6.1: drivers/block/blkdev.c -> block/blk-core.c
    "build": SUBJECT_API_RENAME,  # v6.2: clean merge, buildcheck fails in xen-netfront.c
    "conflict": SUBJECT_IRQ_REWORK,  # v6.2: textual conflict in kernel/irq/manage.c
    "merged": SUBJECT_MERGED,  # v6.3: include/xen/interface.h, identical to the fork's
    "backported": SUBJECT_BACKPORT,  # v6.3: IRQ_XEN_EVTCHN in include/linux/irq.h, other form
}

RENAMED_FROM = "drivers/block/blkdev.c"
RENAMED_TO = "block/blk-core.c"
CONFLICT_PATH = "kernel/irq/manage.c"
BROKEN_API = "netif_napi_add"
BROKEN_CALLER = "drivers/net/xen-netfront.c"

# Files the fork adds, and upstream files it changes (paths at v6.0).
FORK_NEW_FILES = (
    "arch/x86/include/asm/xen/hypercall.h",
    "arch/x86/xen/Kconfig",
    "arch/x86/xen/Makefile",
    "arch/x86/xen/enlighten.c",
    "drivers/block/xen-blkfront.c",
    "drivers/net/xen-netfront.c",
    "drivers/xen/Kconfig",
    "drivers/xen/Makefile",
    "drivers/xen/events.c",
    "drivers/xen/grant-table.c",
    "drivers/xen/xenbus.c",
    "include/xen/events.h",
    "include/xen/grant_table.h",
    "include/xen/interface.h",
    "include/xen/xen.h",
    "include/xen/xenbus.h",
)
FORK_CHANGED_FILES = (
    "MAINTAINERS",
    "arch/x86/Kconfig",
    "arch/x86/Makefile",
    "arch/x86/include/asm/hypervisor.h",
    "arch/x86/kernel/setup.c",
    "drivers/Kconfig",
    "drivers/Makefile",
    "drivers/block/Kconfig",
    "drivers/block/Makefile",
    "drivers/block/blkdev.c",
    "drivers/net/Kconfig",
    "drivers/net/Makefile",
    "include/linux/blkdev.h",
    "include/linux/irq.h",
    "kernel/irq/manage.c",
)


@dataclass(frozen=True)
class Example:
    """A generated example repository."""

    path: Path
    base: str  # the upstream commit the fork branched from (tag v6.0)
    fork: str  # the fork head (refs/heads/xen)
    revs: tuple[str, ...]  # upstream tags in order


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    tz: str

    def ident(self) -> str:
        return f"{self.name} <{self.email}>"


def _p(name: str, tz: str, domain: str = "example.org") -> Person:
    return Person(name, name.lower().replace(" ", ".") + "@" + domain, tz)


RELEASER = _p("Anna Kowalski", "-0700")
BLOCK = _p("Hana Okabe", "+0900")
IRQ = _p("Felix Brandt", "+0100")
MM = _p("Priya Raman", "+0530")
MM2 = _p("Chen Wei", "+0800")
NET = _p("Dmitri Volkov", "+0300")
NET2 = _p("Elena Rossi", "+0100")
VETH = _p("Farid Haddad", "+0400")
X86 = _p("Greta Lindqvist", "+0100")
X86_2 = _p("Hiro Tanaka", "+0900")
FS = _p("Oskar Lindgren", "+0100")
FS2 = _p("Ines Moreau", "+0100")
LIB = _p("Tomasz Wrobel", "+0100")
CORE = _p("Ruth Abernathy", "-0500")
XEN1 = _p("Marta Novak", "+0100", "xen.example.org")
XEN2 = _p("Sam Grant", "+0000", "xen.example.org")
XEN3 = _p("Ivo Petrov", "+0200", "xen.example.org")

# Who writes and who commits (the subsystem maintainer) for each area, by path prefix.
_AREAS: tuple[tuple[str, str, tuple[Person, ...], Person], ...] = (
    ("arch/x86/", "x86", (X86, X86_2, IRQ), X86),
    ("kernel/irq/", "genirq", (IRQ, X86_2), IRQ),
    ("kernel/", "kernel", (CORE,), CORE),
    ("init/", "init", (CORE,), CORE),
    ("mm/", "mm", (MM, MM2), MM),
    ("lib/", "lib", (LIB,), LIB),
    ("fs/", "fs", (FS, FS2), FS),
    ("net/", "net", (NET, NET2), NET),
    ("drivers/net/", "net", (NET2, VETH, NET), NET),
    ("block/", "block", (BLOCK,), BLOCK),
    ("drivers/block/", "block", (BLOCK,), BLOCK),
    ("Documentation/", "Documentation", (CORE, FS2, MM2, NET2), CORE),
    ("tools/testing/selftests/", "selftests", (VETH, MM2, FS2, X86_2), CORE),
    ("", "treewide", (CORE,), RELEASER),
)


def _area(path: str) -> tuple[str, tuple[Person, ...], Person]:
    for prefix, label, authors, committer in _AREAS:
        if path.startswith(prefix):
            return label, authors, committer
    raise AssertionError(path)


# A change to one file: its new text, None to delete it, or a function of the old text.
Change = Union[str, None, Callable[[str], str]]


def _replace(*edits: tuple[str, str]) -> Callable[[str], str]:
    """Apply (old, new) replacements in order; each old text must occur exactly once."""

    def apply(text: str) -> str:
        for old, new in edits:
            if text.count(old) != 1:
                raise AssertionError(f"edit anchor found {text.count(old)} times: {old[:60]!r}")
            text = text.replace(old, new)
        return text

    return apply


def _ts(year: int, month: int, day: int) -> int:
    return int(datetime(year, month, day, 12, tzinfo=timezone.utc).timestamp())


@dataclass
class _Commit:
    ref: str
    mark: int
    parent: int | None  # set only on a branch's first commit
    author: Person
    committer: Person
    when: int
    message: str
    changes: list[tuple[str, str | None]]


class _History:
    """Commits built in memory, branch by branch, then written as one fast-import stream."""

    def __init__(self) -> None:
        self.commits: list[_Commit] = []
        self.tags: list[tuple[str, int]] = []
        self.trees: dict[str, dict[str, str]] = {UPSTREAM_BRANCH: {}}
        self.heads: dict[str, int | None] = {UPSTREAM_BRANCH: None}
        self.starts: dict[str, int | None] = {}

    def branch(self, ref: str, at_mark: int, tree: Mapping[str, str]) -> None:
        self.trees[ref] = dict(tree)
        self.heads[ref] = None
        self.starts[ref] = at_mark

    def commit(
        self,
        ref: str,
        when: int,
        author: Person,
        committer: Person,
        message: str,
        changes: Mapping[str, Change],
    ) -> int:
        tree = self.trees[ref]
        resolved: list[tuple[str, str | None]] = []
        for path, change in changes.items():
            if change is None:
                if path not in tree:
                    raise AssertionError(f"deleting missing {path}")
                del tree[path]
                resolved.append((path, None))
                continue
            new = change(tree[path]) if callable(change) else change
            if tree.get(path) == new:
                raise AssertionError(f"no-op change to {path}")
            tree[path] = new
            resolved.append((path, new))
        if not resolved:
            raise AssertionError("empty commit")
        mark = len(self.commits) + 1
        parent = self.starts.pop(ref, None) if self.heads[ref] is None else None
        self.commits.append(_Commit(ref, mark, parent, author, committer, when, message, resolved))
        self.heads[ref] = mark
        return mark

    def tag(self, name: str, mark: int) -> None:
        self.tags.append((name, mark))

    def stream(self) -> bytes:
        out: list[bytes] = []

        def data(text: str) -> None:
            raw = text.encode("utf-8")
            out.append(b"data %d\n" % len(raw))
            out.append(raw)
            out.append(b"\n")

        for c in self.commits:
            out.append(f"commit {c.ref}\nmark :{c.mark}\n".encode())
            out.append(f"author {c.author.ident()} {c.when} {c.author.tz}\n".encode("utf-8"))
            out.append(f"committer {c.committer.ident()} {c.when} {c.committer.tz}\n".encode("utf-8"))
            data(c.message)
            if c.parent is not None:
                out.append(f"from :{c.parent}\n".encode())
            for path, text in c.changes:
                if text is None:
                    out.append(f"D {path}\n".encode())
                else:
                    mode = "100755" if path.endswith(".sh") or path == "scripts/setlocalversion" else "100644"
                    out.append(f"M {mode} inline {path}\n".encode())
                    data(text)
            out.append(b"\n")
        for name, mark in self.tags:
            out.append(f"reset refs/tags/{name}\nfrom :{mark}\n\n".encode())
        out.append(b"done\n")
        return b"".join(out)


def _message(subject: str, body: str, author: Person, when: int, extra: Sequence[str] = (),
             committer: Person | None = None) -> str:
    """A kernel-style commit message: subject, wrapped body, trailers (the committing
    maintainer signs off after the Link, as maintainers' tools do)."""
    msgid = f"{datetime.fromtimestamp(when, timezone.utc):%Y%m%d%H%M%S}.{zlib.crc32(subject.encode()):08x}"
    trailers = [f"Signed-off-by: {author.ident()}", *extra,
                f"Link: https://lore.kernel.org/r/{msgid}@{author.email.split('@')[1]}"]
    if committer is not None and committer != author:
        trailers.append(f"Signed-off-by: {committer.ident()}")
    return f"{subject}\n\n{_wrap(body)}\n\n" + "\n".join(trailers) + "\n"


def _wrap(body: str, width: int = 72) -> str:
    paragraphs = []
    for para in body.strip().split("\n\n"):
        words, line, lines = para.split(), "", []
        for w in words:
            if line and len(line) + 1 + len(w) > width:
                lines.append(line)
                line = w
            else:
                line = f"{line} {w}" if line else w
        lines.append(line)
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


# ---------------------------------------------------------------------------------------------
# Upstream v6.0: the base tree, added over a few commits
# ---------------------------------------------------------------------------------------------

_V60_GROUPS: tuple[tuple[str, str, Person, tuple[str, ...]], ...] = (
    ("Import the core tree", "The build system, the configuration language, the maintainers "
     "file and the headers and library code everything else builds on.", RELEASER,
     ("COPYING", "README", ".gitignore", "Makefile", "Kconfig", "MAINTAINERS", "scripts/", "Documentation/",
      "include/linux/compiler.h", "include/linux/types.h", "include/linux/stdarg.h", "include/linux/kernel.h",
      "include/linux/printk.h", "include/linux/export.h", "include/linux/init.h", "include/linux/module.h",
      "include/linux/errno.h", "include/linux/err.h", "include/linux/list.h", "include/linux/spinlock.h",
      "include/linux/mutex.h", "include/linux/atomic.h", "include/linux/string.h", "lib/")),
    ("init: Add the architecture independent start-up code", "start_kernel() and the parsing of "
     "the early command line options.", CORE, ("init/", "kernel/Makefile", "kernel/panic.c")),
    ("x86: Add boot-time setup and the e820 memory map", "setup_arch(), the firmware memory map "
     "and hypervisor detection.", X86, ("arch/x86/",)),
    ("genirq: Add the generic interrupt layer", "Interrupt descriptors, request_irq() and "
     "interrupt affinity.", IRQ, ("include/linux/cpumask.h", "include/linux/interrupt.h",
                                  "include/linux/irq.h", "kernel/irq/")),
    ("mm: Add the buddy page allocator and kmalloc()", "A binary buddy allocator for pages and "
     "a simple kmalloc() on top of it.", MM, ("include/linux/gfp.h", "include/linux/mm.h",
                                             "include/linux/slab.h", "mm/")),
    ("fs: Add the read and write paths", "vfs_read(), vfs_write() and llseek helpers.", FS,
     ("include/linux/fs.h", "fs/")),
    ("net: Add the core network device layer", "Device registration, NAPI and the receive and "
     "transmit entry points.", NET, ("include/linux/skbuff.h", "include/linux/netdevice.h",
                                     "include/linux/etherdevice.h", "net/")),
    ("block: Add bios and the block device core", "Request queues, their limits, gendisks and "
     "bio submission.", BLOCK, ("include/linux/bio.h", "include/linux/blkdev.h", "block/",
                                "drivers/Kconfig", "drivers/Makefile", "drivers/block/Kconfig",
                                "drivers/block/Makefile", "drivers/block/blkdev.c")),
    ("net: Add the loopback, dummy and veth drivers", "The software network devices.", NET2,
     ("drivers/net/",)),
    ("block: Add the loop and RAM disk drivers", "Block devices backed by a file and by memory.",
     BLOCK, ("drivers/block/",)),
)


def _build_v60(h: _History) -> int:
    files = C.v60_files()
    start, end = _ts(2022, 8, 14), _ts(2022, 10, 2)
    step = (end - start) // (len(_V60_GROUPS) + 2)
    done: set[str] = set()
    when = start
    for subject, body, author, prefixes in _V60_GROUPS:
        group = {p: t for p, t in files.items() if p not in done and any(
            p == x or (x.endswith("/") and p.startswith(x)) for x in prefixes)}
        done.update(group)
        committer = RELEASER if author is RELEASER else _area(next(iter(group)))[2]
        h.commit(UPSTREAM_BRANCH, when, author, committer, _message(subject, body, author, when), group)
        when += step
    missing = set(files) - done
    if missing:
        raise AssertionError(f"v6.0 files in no group: {sorted(missing)}")
    h.commit(UPSTREAM_BRANCH, when, RELEASER, RELEASER, "Linux 6.0-rc7\n",
             {"Makefile": _replace(("EXTRAVERSION = -rc1\n", "EXTRAVERSION = -rc7\n"))})
    return h.commit(UPSTREAM_BRANCH, end, RELEASER, RELEASER, "Linux 6.0\n",
                    {"Makefile": _replace(("EXTRAVERSION = -rc7\n", "EXTRAVERSION =\n"))})


# ---------------------------------------------------------------------------------------------
# The fork
# ---------------------------------------------------------------------------------------------

def _without(text: str, *pieces: str) -> str:
    for piece in pieces:
        if text.count(piece) != 1:
            raise AssertionError(piece)
        text = text.replace(piece, "")
    return text


_ENLIGHTEN_EVENTS = ("#include <xen/events.h>\n", "\txen_init_IRQ();\n\n")
_ENLIGHTEN_GNTTAB = ("#include <xen/grant_table.h>\n",
                     "\n\tif (gnttab_init())\n\t\tpr_warn(\"grant table initialization failed\\n\");\n")
_XEN_MAKEFILE_GNTTAB = "obj-y\t+= grant-table.o\n"
_XEN_MAKEFILE_XENBUS = "\nobj-$(CONFIG_XEN_XENBUS_FRONTEND)\t+= xenbus.o\n"


def _build_fork(h: _History, base_mark: int) -> int:
    h.branch(FORK_BRANCH, base_mark, h.trees[UPSTREAM_BRANCH])
    enlighten = C.ARCH_X86_XEN_ENLIGHTEN_C
    xen_makefile = C.DRIVERS_XEN_MAKEFILE
    when = _ts(2022, 10, 11)
    day = 86400

    def commit(subject: str, body: str, author: Person, changes: Mapping[str, Change],
               extra: Sequence[str] = ()) -> int:
        nonlocal when
        when += 3 * day + 3600 * (len(h.commits) % 7)
        return h.commit(FORK_BRANCH, when, author, author, _message(subject, body, author, when, extra), changes)

    commit(
        "x86/xen: Add the Xen PV boot entry",
        "Detect the Xen hypervisor from its CPUID leaves and take the boot path over from "
        "setup_arch() for a paravirtualized guest: map the shared info page and build the "
        "memory map from the start info the domain builder hands us.\n\n"
        "This adds the hypervisor interface definitions (hypercall numbers, shared info, "
        "start info, event channel and grant table ABI) that the drivers below build on.",
        XEN1,
        {
            "include/xen/interface.h": C.XEN_INTERFACE_H,
            "include/xen/xen.h": C.XEN_XEN_H,
            "arch/x86/include/asm/xen/hypercall.h": C.ASM_XEN_HYPERCALL_H,
            "arch/x86/xen/Kconfig": C.ARCH_X86_XEN_KCONFIG,
            "arch/x86/xen/Makefile": C.ARCH_X86_XEN_MAKEFILE,
            "arch/x86/xen/enlighten.c": _without(enlighten, *_ENLIGHTEN_EVENTS, *_ENLIGHTEN_GNTTAB),
            "arch/x86/Kconfig": _replace(C.FORK_ARCH_KCONFIG),
            "arch/x86/Makefile": _replace(C.FORK_ARCH_MAKEFILE),
            "arch/x86/include/asm/hypervisor.h": _replace(C.FORK_HYPERVISOR_H),
            "arch/x86/kernel/setup.c": _replace(C.FORK_SETUP_C),
        },
    )
    commit(
        "xen/events: Add event channel support",
        "Xen delivers interrupts as event channels. Map each bound channel to a dynamically "
        "allocated irq with its own irq_chip, so that drivers use request_irq() and friends.\n\n"
        "The hypervisor, not the local APIC, routes an event channel: mark those interrupts "
        "with IRQ_XEN_EVTCHN and let irq_set_affinity_locked() rebind them directly instead "
        "of queueing a pending move that would never be carried out.",
        XEN2,
        {
            "include/xen/events.h": C.XEN_EVENTS_H,
            "drivers/xen/events.c": C.DRIVERS_XEN_EVENTS_C.replace(
                C.FORK_EVENTS_UNMASK_FIXED, C.FORK_EVENTS_UNMASK_RACY),
            "drivers/xen/Kconfig": C.DRIVERS_XEN_KCONFIG,
            "drivers/xen/Makefile": _without(xen_makefile, _XEN_MAKEFILE_GNTTAB, _XEN_MAKEFILE_XENBUS),
            "drivers/Makefile": _replace(C.FORK_DRIVERS_MAKEFILE),
            "drivers/Kconfig": _replace(C.FORK_DRIVERS_KCONFIG),
            "include/linux/irq.h": _replace(C.FORK_IRQ_H),
            "kernel/irq/manage.c": _replace(C.FORK_MANAGE_C),
            "arch/x86/xen/enlighten.c": _without(enlighten, *_ENLIGHTEN_GNTTAB),
        },
    )
    commit(
        "xen/grant-table: Add grant table support",
        "Grant tables let a domain give another domain access to some of its pages, which is "
        "how frontends share rings and data buffers with their backends.",
        XEN3,
        {
            "include/xen/grant_table.h": C.XEN_GRANT_TABLE_H,
            "drivers/xen/grant-table.c": C.DRIVERS_XEN_GRANT_TABLE_C,
            "drivers/xen/Makefile": _without(xen_makefile, _XEN_MAKEFILE_XENBUS),
            "arch/x86/xen/enlighten.c": enlighten,
        },
    )
    commit(
        "xen/xenbus: Add the xenstore client and the frontend bus",
        "Frontend drivers find their backend and exchange ring references and event channels "
        "through xenstore, and walk a small connection state machine. Add the xenstore client "
        "and the helpers the frontends need.",
        XEN2,
        {
            "include/xen/xenbus.h": C.XEN_XENBUS_H,
            "drivers/xen/xenbus.c": C.DRIVERS_XEN_XENBUS_C,
            "drivers/xen/Makefile": xen_makefile,
        },
        ("Reviewed-by: " + XEN1.ident(),),
    )
    commit(
        "xen-netfront: Add the paravirtual network frontend",
        "A network device whose transmit and receive rings are shared with netback in the "
        "driver domain. Packets are handed over by granting the backend access to their pages.",
        XEN1,
        {
            "drivers/net/xen-netfront.c": C.DRIVERS_NET_XEN_NETFRONT_C,
            "drivers/net/Makefile": _replace(C.FORK_NET_MAKEFILE),
            "drivers/net/Kconfig": _replace(C.FORK_NET_KCONFIG),
        },
    )
    commit(
        "block: Add blk_queue_virt_boundary()",
        "Some devices cannot do scatter/gather across arbitrary boundaries and need every "
        "segment but the first to start on one, and every segment but the last to end on one. "
        "Let drivers set that boundary as a queue limit.",
        XEN3,
        {
            "drivers/block/blkdev.c": _replace(C.FORK_BLKDEV_C),
            "include/linux/blkdev.h": _replace(C.FORK_BLKDEV_H),
        },
    )
    commit(
        "xen-blkfront: Add the paravirtual block frontend",
        "A block device whose requests go over a ring shared with blkback. Each request "
        "segment must fit a single ring slot, hence the virtual boundary on the queue.",
        XEN3,
        {
            "drivers/block/xen-blkfront.c": C.DRIVERS_BLOCK_XEN_BLKFRONT_C,
            "drivers/block/Makefile": _replace(C.FORK_BLOCK_MAKEFILE),
            "drivers/block/Kconfig": _replace(C.FORK_BLOCK_KCONFIG),
        },
        ("Acked-by: " + XEN2.ident(),),
    )
    commit(
        "MAINTAINERS: Add the Xen hypervisor interface entry",
        "Name the people and the list that look after the Xen code.",
        XEN1,
        {"MAINTAINERS": _replace(C.FORK_MAINTAINERS)},
    )
    return commit(
        "xen/events: Fix a lost event when unmasking a channel",
        "An event that arrives between the test of the pending bit and the clearing of the "
        "mask is never delivered. Clear the mask first, then ask the hypervisor to re-raise "
        "the event if it is pending.\n\n"
        "The race came with the event channel support itself.",
        XEN2,
        {"drivers/xen/events.c": _replace((C.FORK_EVENTS_UNMASK_RACY, C.FORK_EVENTS_UNMASK_FIXED))},
        ("Reported-by: " + XEN3.ident(),),
    )


# ---------------------------------------------------------------------------------------------
# Upstream after v6.0: the scenario's commits, curated filler, and generated filler
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Work:
    subject: str
    body: str
    author: Person
    changes: Mapping[str, Change]
    extra: tuple[str, ...] = ()  # trailers above Signed-off-by


def _v61_work() -> list[_Work]:
    return [
        _Work(SUBJECT_DRIFT_SETUP,
              "A number of BIOSes are known to corrupt the first 64K of memory across suspend "
              "and resume, and the real-mode trampoline lives there anyway. Mark the range "
              "reserved as soon as the firmware memory map is known.",
              X86, {"arch/x86/kernel/setup.c": _replace(*C.V61_SETUP_RESERVE_LOW),
                    "arch/x86/Kconfig": _replace(C.V61_X86_KCONFIG_RESERVE_LOW)}),
        _Work("panic: Fix typo in add_taint() kernel-doc", "s/notewortht/noteworthy/", CORE,
              {"kernel/panic.c": _replace(("notewortht-but-not", "noteworthy-but-not"))}),
        _Work(SUBJECT_DRIFT_NET_MAKEFILE,
              "VRF devices enslave interfaces into separate routing domains, so that routing "
              "decisions for packets received on the enslaved interfaces are made in the "
              "VRF's own table.",
              VETH, {"drivers/net/vrf.c": C.DRIVERS_NET_VRF_C,
                     "drivers/net/Makefile": _replace(C.V61_VRF_MAKEFILE),
                     "drivers/net/Kconfig": _replace(C.V61_VRF_KCONFIG),
                     "MAINTAINERS": _replace(C.V61_VRF_MAINTAINERS)}),
        _Work("mm/slab_common: Warn on kmalloc() requests above KMALLOC_MAX_SIZE",
              "Such a request is always a bug in the caller; say so instead of silently "
              "returning NULL.", MM2,
              {"mm/slab_common.c": _replace(("\tif (size > KMALLOC_MAX_SIZE)\n\t\treturn NULL;\n\n\twhile",
                                             "\tif (WARN_ON_ONCE(size > KMALLOC_MAX_SIZE))\n\t\treturn NULL;\n\n\twhile"))}),
        _Work(SUBJECT_RENAME,
              "The block layer core has nothing to do with block device drivers: move it next "
              "to the rest of the block layer, where it belongs. No functional change.",
              BLOCK, {RENAMED_FROM: None,
                      RENAMED_TO: _moved(RENAMED_FROM, C.V61_BLK_CORE_HEADER),
                      "block/Makefile": _replace(C.V61_BLOCK_MAKEFILE),
                      "drivers/block/Makefile": _replace(C.V61_DRIVERS_BLOCK_MAKEFILE),
                      "MAINTAINERS": _replace(C.V61_BLOCK_MAINTAINERS)}),
        _Work("lib/string: Add strim()", "Remove leading and trailing whitespace in place; "
              "the declaration has been in <linux/string.h> for a while.", LIB,
              {"lib/string.c": lambda t: t + C.V61_STRIM}),
        _Work(SUBJECT_DRIFT_SETUP_BELOW,
              "Tell the user whether NX protection is active once the early parameters that "
              "can disable it have been parsed.", X86_2,
              {"arch/x86/kernel/setup.c": _replace(*C.V61_SETUP_REPORT_NX),
               "arch/x86/include/asm/setup.h": _replace(C.V61_SETUP_H_REPORT_NX)}),
        _Work("genirq: Warn once about unbalanced enable_irq()",
              "An unbalanced enable is a driver bug; a backtrace shows which driver.", IRQ,
              {"kernel/irq/manage.c": _replace(("\tcase 0:\n\t\tpr_warn(\"Unbalanced enable for IRQ %d\\n\"",
                                                "\tcase 0:\n\t\tWARN_ON_ONCE(1);\n\t\tpr_warn(\"Unbalanced enable for IRQ %d\\n\""))}),
        _Work("MAINTAINERS: Add a reviewer for memory management", "Tomasz has been reviewing mm "
              "patches for a while.", MM,
              {"MAINTAINERS": _replace(("R:\tChen Wei <chen.wei@example.org>\n",
                                        "R:\tChen Wei <chen.wei@example.org>\nR:\tTomasz Wrobel <tomasz.wrobel@example.org>\n"))}),
        _Work("veth: Clarify the Kconfig help text", "Say what a pair is.", VETH,
              {"drivers/net/Kconfig": _replace(("\t  This device is a local ethernet tunnel. Devices are created in pairs.\n",
                                                "\t  This device is a local ethernet tunnel. Devices are created in pairs:\n"
                                                "\t  packets sent on one end of a pair are received on the other.\n"))}),
    ]


def _moved(old_path: str, edit: tuple[str, str]) -> Callable[[str], str]:
    """The change for a rename's new path: the old file's text with one edit (so git sees a
    rename), resolved against the tree by _resolve_renames."""
    return _RenamedFrom(old_path, edit)


class _RenamedFrom:
    """A change for the new path of a rename: the old file's text, edited."""

    def __init__(self, old_path: str, edit: tuple[str, str]) -> None:
        self.old_path = old_path
        self.edit = edit

    def __call__(self, text: str) -> str:  # pragma: no cover - resolved before use
        raise AssertionError("resolve renames with _resolve_renames")


def _resolve_renames(tree: Mapping[str, str], changes: Mapping[str, Change]) -> dict[str, Change]:
    out: dict[str, Change] = {}
    for path, change in changes.items():
        if isinstance(change, _RenamedFrom):
            out[path] = _replace(change.edit)(tree[change.old_path])
        else:
            out[path] = change
    return out


def _v62_work() -> list[_Work]:
    rename = _rename_identifier(BROKEN_API, BROKEN_API + "_weight")
    return [
        _Work(SUBJECT_API_RENAME,
              "netif_napi_add() takes a weight that almost every driver sets to the default. "
              "Make the weight explicit in the name of the function that takes it, so that a "
              "later change can add a netif_napi_add() without one.\n\n"
              "Convert all in-tree callers. Out-of-tree drivers will fail to build until "
              "converted, which is the point.",
              NET2, {"include/linux/netdevice.h": rename, "net/core/dev.c": rename,
                     "drivers/net/veth.c": rename,
                     "MAINTAINERS": _replace(("K:\t\\bnetif_napi_add\\b\n", "K:\t\\bnetif_napi_add_weight\\b\n"))}),
        _Work("loop: Reduce the default number of pre-created loop devices",
              "Loop devices are created on demand these days; eight idle ones at boot are "
              "a waste.", BLOCK,
              {"drivers/block/Kconfig": _replace(("\tdepends on BLK_DEV_LOOP\n\tdefault 8\n",
                                                  "\tdepends on BLK_DEV_LOOP\n\tdefault 4\n")),
               "drivers/block/loop.c": _replace(("static int max_loop = 8;", "static int max_loop = 4;"))}),
        _Work(SUBJECT_IRQ_REWORK,
              "irq_set_affinity_locked() is documented as being called with the descriptor "
              "lock held, but nothing checks it, and __irq_set_affinity() open-codes the "
              "locking that irq_get_desc_lock() provides.\n\n"
              "Assert the lock, use the common lookup-and-lock helpers, and fold the queueing "
              "of a pending move into irq_set_affinity_pending().",
              IRQ, {CONFLICT_PATH: _replace(*C.V62_IRQ_REWORK)},
              ("Reviewed-by: " + X86_2.ident(),)),
        _Work("block: Warn when a dying queue is cleaned up again",
              "Cleaning up a queue twice drops a reference that is not ours.", BLOCK,
              {RENAMED_TO: _replace(("void blk_cleanup_queue(struct request_queue *q)\n{\n",
                                     "void blk_cleanup_queue(struct request_queue *q)\n{\n"
                                     "\tWARN_ON_ONCE(blk_queue_dying(q));\n"))}),
        _Work("genirq: Add irq_data_update_effective_affinity()",
              "Irq chips that route an interrupt to a single CPU want to record where it "
              "really goes.", IRQ,
              {"include/linux/irq.h": _replace(("\n#endif /* _LINUX_IRQ_H */\n", C.V62_IRQ_H_HELPER))}),
        _Work("x86/e820: Print the number of entries with the table", "Handy when comparing "
              "boot logs.", X86_2,
              {"arch/x86/kernel/e820.c": _replace(("\tint i;\n\n\tfor (i = 0; i < e820_table->nr_entries; i++) {\n\t\tpr_info(\"%s: [mem",
                                                   "\tint i;\n\n\tpr_info(\"%s: %u entries\\n\", who, e820_table->nr_entries);\n"
                                                   "\tfor (i = 0; i < e820_table->nr_entries; i++) {\n\t\tpr_info(\"%s: [mem"))}),
        _Work("dummy: Remove the empty set_multicast_list() stub", "It has done nothing since "
              "the multicast list moved to the core.", NET2,
              {"drivers/net/dummy.c": _replace(("/* fake multicast ability */\nstatic void set_multicast_list(struct net_device *dev)\n{\n}\n\n", ""),
                                               ("\tset_multicast_list(dev);\n\treturn 0;", "\treturn 0;"))}),
        _Work("x86/build: Disable CET instrumentation in the kernel", "The kernel does not "
              "enable CET; the endbr instructions are dead weight.", X86,
              {"arch/x86/Makefile": _replace(("KBUILD_CFLAGS += -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx\n",
                                              "KBUILD_CFLAGS += -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx\n\n"
                                              "# Intel CET isn't enabled in the kernel\n"
                                              "KBUILD_CFLAGS += $(call cc-option,-fcf-protection=none)\n"))}),
        _Work("mm/page_alloc: Show the number of managed pages in show_mem()", "", MM,
              {"mm/page_alloc.c": _replace(("\tpr_info(\"Mem-Info:\\n\");",
                                            "\tpr_info(\"Mem-Info: %lu pages managed\\n\", nr_managed_pages);"))}),
    ]


def _v63_work() -> list[_Work]:
    return [
        _Work(SUBJECT_MERGED,
              "Add the guest interface to the Xen hypervisor: hypercall numbers, the shared "
              "info and start info pages, and the event channel, grant table and scheduler "
              "ABI. The Xen drivers will build on it.",
              XEN1, {"include/xen/interface.h": C.XEN_INTERFACE_H},
              ("Acked-by: " + X86.ident(),)),
        _Work("x86/setup: Drop the unused builtin command line copy", "builtin_cmdline is "
              "always empty: the option that filled it was removed long ago.", X86_2,
              {"arch/x86/kernel/setup.c": _replace(
                  ("static char builtin_cmdline[COMMAND_LINE_SIZE] __initdata = \"\";\n", ""),
                  ("\tif (builtin_cmdline[0]) {\n\t\t/* append boot loader cmdline to builtin */\n"
                   "\t\tstrscpy(command_line, builtin_cmdline, COMMAND_LINE_SIZE);\n\t}\n", ""))}),
        _Work(SUBJECT_BACKPORT,
              "The hypervisor routes Xen event channels, so the affinity code must not queue "
              "a pending move for them. Give those interrupts a status flag of their own.",
              IRQ, {"include/linux/irq.h": _replace(C.V63_IRQ_FLAG)}),
        _Work("MAINTAINERS: Update the block layer git tree", "", BLOCK,
              {"MAINTAINERS": _replace(("T:\tgit git://git.kernel.org/pub/scm/linux/kernel/git/axboe/linux-block.git\n",
                                        "T:\tgit git://git.kernel.org/pub/scm/linux/kernel/git/block/linux.git\n"))}),
        _Work("veth: Document the NAPI weight", "", VETH,
              {"drivers/net/veth.c": _replace(("\tpriv->rq->dev = dev;\n", "\tpriv->rq->dev = dev;\n"
                                               "\t/* Same budget as a hardware NIC would get. */\n"))}),
        _Work("block: Fix a typo in the submit_bio() kernel-doc", "s/send/sent/", BLOCK,
              {RENAMED_TO: _replace(("The\n * bio will be send to", "The\n * bio will be sent to"))}),
        _Work("fs: Reject negative offsets before the size check in vfs_setpos()", "", FS2,
              {"fs/read_write.c": _replace((" * Return the specified offset on success and -EINVAL on invalid offset.\n",
                                            " * Return the specified offset on success and -EINVAL on invalid offset\n"
                                            " * (negative, or beyond @maxsize).\n"))}),
    ]


def _rename_identifier(old: str, new: str) -> Callable[[str], str]:
    pattern = re.compile(r"\b" + re.escape(old) + r"\b")

    def apply(text: str) -> str:
        out, n = pattern.subn(new, text)
        if not n:
            raise AssertionError(f"{old} not found")
        return out

    return apply


# Generated filler ------------------------------------------------------------------------

def _definition_line(lines: list[str], func: str) -> int | None:
    pattern = re.compile(r"^(?:[A-Za-z_][\w\s\*]*?[\s\*])?" + re.escape(func) + r"\(")
    for k, line in enumerate(lines):
        if pattern.match(line) and not line.rstrip().endswith(";"):
            if line.startswith(func + "("):
                k -= 1
            return k
    return None


def _params(lines: list[str], k: int) -> list[str]:
    text = ""
    for line in lines[k:k + 6]:
        text += line + " "
        if ")" in line and text.count("(") == text.count(")"):
            break
    inner = text[text.index("(") + 1:]
    depth, part, parts = 0, "", []
    for ch in inner:
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                parts.append(part)
                break
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(part)
            part = ""
            continue
        part += ch
    names = []
    for p in parts:
        p = p.strip()
        if p in ("void", "...", ""):
            continue
        fp = re.search(r"\(\s*\*\s*(\w+)\s*\)", p)
        m = fp or re.search(r"(\w+)\s*(?:\[[^\]]*\])?\s*$", p)
        if m:
            names.append(m.group(1))
    return names


def _kdoc(func: str, summary: str) -> Callable[[str], str] | None:
    """Insert a kernel-doc comment above ``func``'s definition, or None if it is documented."""

    def apply(text: str) -> str:
        lines = text.split("\n")
        k = _definition_line(lines, func)
        assert k is not None and not lines[k - 1].rstrip().endswith("*/")
        doc = [f"/**", f" * {func}() - {summary}"]
        doc += [f" * @{p}: {C.PARAM_WORDS.get(p, 'the ' + p.replace('_', ' '))}" for p in _params(lines, k)]
        doc.append(" */")
        return "\n".join(lines[:k] + doc + lines[k:])

    return apply


def _kdoc_applies(text: str | None, func: str) -> bool:
    if text is None:
        return False
    lines = text.split("\n")
    k = _definition_line(lines, func)
    return k is not None and k > 0 and not lines[k - 1].rstrip().endswith("*/")


def _prefix(path: str) -> str:
    """The subject prefix kernel developers use for a file."""
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if path.startswith("kernel/irq/"):
        return "genirq"
    if path.startswith(("kernel/", "init/")):
        return stem if path.startswith("kernel/") else "init"
    if path.startswith(("mm/", "lib/")):
        return f"{path.split('/')[0]}/{stem}"
    if path.startswith("net/core/"):
        return "net: core"
    if path.startswith(("drivers/net/", "drivers/block/")):
        return stem
    if path.startswith("arch/x86/"):
        return f"x86/{stem}"
    return path.split("/")[0]


class _Filler:
    """Generated filler commits: kernel-doc additions, documentation, selftests. Unbounded."""

    def __init__(self) -> None:
        self.kdoc_next = 0
        self.n = 0
        self.doc_counts: dict[str, int] = {}
        self.test_counts: dict[str, int] = {}

    def next(self, tree: Mapping[str, str]) -> _Work:
        self.n += 1
        kind = self.n % 4
        if kind in (1, 2, 3):
            while self.kdoc_next < len(C.KDOC_TARGETS):
                path, func, summary = C.KDOC_TARGETS[self.kdoc_next]
                self.kdoc_next += 1
                if _kdoc_applies(tree.get(path), func):
                    _, authors, _ = _area(path)
                    return _Work(f"{_prefix(path)}: Add kernel-doc for {func}()", "Document the function "
                                 "so that it shows up in the generated API documentation.",
                                 authors[self.n % len(authors)], {path: _kdoc(func, summary)})
        if kind in (0, 2):
            return self._doc(tree)
        return self._selftest(tree)

    def _doc(self, tree: Mapping[str, str]) -> _Work:
        area, title, topics = C.DOC_AREAS[self.n % len(C.DOC_AREAS)]
        i = self.doc_counts.get(area, 0)
        self.doc_counts[area] = i + 1
        topic = topics[i % len(topics)]
        if i >= len(topics):
            topic = f"{topic} (part {i // len(topics) + 1})"
        path = f"Documentation/{area}/index.rst"
        heading = f"{title.capitalize()} notes"
        old = tree.get(path, f"{heading}\n{'=' * len(heading)}\n")
        section = topic[0].upper() + topic[1:]
        text = (f"{old}\n{section}\n{'-' * len(section)}\n\n"
                f"This section describes {topic} as implemented in this tree, and what\n"
                f"callers may rely on. Anything not written here is an implementation\n"
                f"detail that may change between releases.\n")
        _, authors, _ = _area(path)
        return _Work(f"Documentation: {title}: Describe {topic}", f"Add a section about {topic}.",
                     authors[self.n % len(authors)], {path: text})

    def _selftest(self, tree: Mapping[str, str]) -> _Work:
        area, names = C.SELFTEST_AREAS[self.n % len(C.SELFTEST_AREAS)]
        i = self.test_counts.get(area, 0)
        self.test_counts[area] = i + 1
        name = names[i % len(names)] + (f"_{i // len(names) + 1}" if i >= len(names) else "")
        path = f"tools/testing/selftests/{area}/{name}.sh"
        text = (f"#!/bin/sh\n# SPDX-License-Identifier: GPL-2.0\n#\n# {name}: regression test for the {area} "
                f"subsystem.\n\nret=0\nksft_skip=4\n\nif [ \"$(id -u)\" -ne 0 ]; then\n"
                f"\techo \"SKIP: {name} needs root\"\n\texit $ksft_skip\nfi\n\n"
                f"echo \"TEST: {name.replace('_', ' ')}\"\n# case {i + 1}\nexit $ret\n")
        _, authors, _ = _area(path)
        return _Work(f"selftests: {area}: Add {name} test", f"Cover {name.replace('_', ' ')} in the "
                     f"{area} selftests.", authors[self.n % len(authors)], {path: text})


_REV_WINDOWS = {
    "v6.1": (_ts(2022, 10, 2), _ts(2022, 12, 11)),
    "v6.2": (_ts(2022, 12, 11), _ts(2023, 2, 19)),
    "v6.3": (_ts(2023, 2, 19), _ts(2023, 4, 23)),
}


def _build_rev(h: _History, rev: str, work: list[_Work], filler: _Filler, per_rev: int) -> int:
    """One release cycle: the rev's own commits and filler, then -rc1..-rc7 and the release."""
    patchlevel = int(rev.split(".")[1])
    n_other = max(per_rev - 8, len(work))
    n_filler = n_other - len(work)
    # The rev's own commits spread evenly among the filler; -rc1 after 60% of the cycle.
    order = sorted([((j + 0.5) / len(work), 0, j) for j in range(len(work))]
                   + [((t + 0.5) / max(n_filler, 1), 1, t) for t in range(n_filler)])
    window = int(n_other * 0.6)
    rc_before = [window + (k * (n_other - window)) // 7 for k in range(7)]
    start, end = _REV_WINDOWS[rev]
    step = (end - start) // (n_other + 9)
    when = start

    def release(extra: str) -> int:
        nonlocal when
        when += step

        def bump(text: str) -> str:
            text = re.sub(r"^PATCHLEVEL = \d+$", f"PATCHLEVEL = {patchlevel}", text, flags=re.M)
            return re.sub(r"^EXTRAVERSION =.*$", "EXTRAVERSION =" + (f" {extra}" if extra else ""), text, flags=re.M)

        return h.commit(UPSTREAM_BRANCH, when, RELEASER, RELEASER, f"Linux 6.{patchlevel}{extra}\n", {"Makefile": bump})

    rc = 0
    for i, (_, kind, j) in enumerate(order):
        while rc < 7 and rc_before[rc] <= i:
            rc += 1
            release(f"-rc{rc}")
        when += step
        tree = h.trees[UPSTREAM_BRANCH]
        item = work[j] if kind == 0 else filler.next(tree)
        changes = _resolve_renames(tree, item.changes)
        committer = _area(next(iter(changes)))[2]
        body = item.body or item.subject.split(": ", 1)[-1] + "."
        h.commit(UPSTREAM_BRANCH, when, item.author, committer,
                 _message(item.subject, body, item.author, when, item.extra, committer), changes)
    while rc < 7:
        rc += 1
        release(f"-rc{rc}")
    mark = release("")
    h.tag(rev, mark)
    return mark


def _build_history(per_rev: int) -> tuple[_History, int, int]:
    h = _History()
    base = _build_v60(h)
    h.tag("v6.0", base)
    fork = _build_fork(h, base)
    filler = _Filler()
    for rev, work in (("v6.1", _v61_work()), ("v6.2", _v62_work()), ("v6.3", _v63_work())):
        _build_rev(h, rev, work, filler, per_rev)
    return h, base, fork


def build_example(dest: Path | str, upstream_commits_per_rev: int = 40) -> Example:
    """Write the example repository (bare) at ``dest``, which must be new or empty."""
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise XenpatchError(f"{dest} exists and is not empty", "give a new or empty directory")
    if upstream_commits_per_rev < 1:
        raise BadInput(f"upstream_commits_per_rev must be positive, not {upstream_commits_per_rev}")
    history, _, _ = _build_history(upstream_commits_per_rev)
    git = init_repo(dest, bare=True)
    git.run(["fast-import", "--quiet", "--done", "--date-format=raw"], stdin=history.stream())
    base, fork = git.run(["rev-parse", "refs/tags/v6.0^{commit}", FORK_BRANCH]).decode().split()
    return Example(path=git.path, base=base, fork=fork, revs=REVS)

