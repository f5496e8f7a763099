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
form) in v6.3; the rest is filler spread over the tree (``filler.py``).

The file texts are plain files under ``example/kernel/`` (``texts.py`` reads them, its README
says what is where); this module is the history made of them. Everything is built in memory and
fed to one ``git fast-import`` with fixed identities and dates (``history.py``), so the same call
always produces the same commit ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Sequence

from example import texts
from example.filler import Filler
from example.history import (Change, ExampleError, History, Person, Work, message, replace, rev_parse, ts,
                             write_bare)
from example.people import (BLOCK, CORE, FS, FS2, IRQ, LIB, MM, MM2, NET, NET2, RELEASER, VETH, X86, X86_2, XEN1,
                            XEN2, XEN3, area_of)

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


# ---------------------------------------------------------------------------------------------
# Upstream v6.0: the base tree (kernel/v6.0/), added over a few commits
# ---------------------------------------------------------------------------------------------

# (subject, body, author, paths and directories): the maintainer of the first one commits.
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


def _build_v60(h: History) -> int:
    files = texts.tree("v6.0")
    files["Makefile"] = replace(("EXTRAVERSION =\n", "EXTRAVERSION = -rc1\n"))(files["Makefile"])
    start, end = ts(2022, 8, 14), ts(2022, 10, 2)
    step = (end - start) // (len(_V60_GROUPS) + 2)
    done: set[str] = set()
    when = start
    for subject, body, author, prefixes in _V60_GROUPS:
        group = {p: t for p, t in files.items() if p not in done and any(
            p == x or (x.endswith("/") and p.startswith(x)) for x in prefixes)}
        done.update(group)
        committer = area_of(prefixes[0])[2]
        h.commit(UPSTREAM_BRANCH, when, author, committer, message(subject, body, author, when), group)
        when += step
    missing = set(files) - done
    if missing:
        raise AssertionError(f"v6.0 files in no group: {sorted(missing)}")
    h.commit(UPSTREAM_BRANCH, when, RELEASER, RELEASER, "Linux 6.0-rc7\n",
             {"Makefile": replace(("EXTRAVERSION = -rc1\n", "EXTRAVERSION = -rc7\n"))})
    return h.commit(UPSTREAM_BRANCH, end, RELEASER, RELEASER, "Linux 6.0\n",
                    {"Makefile": replace(("EXTRAVERSION = -rc7\n", "EXTRAVERSION =\n"))})


# ---------------------------------------------------------------------------------------------
# The fork: new files from kernel/xen/, hooks into upstream files from kernel/edits/xen/
# ---------------------------------------------------------------------------------------------

def _edits(name: str) -> dict[str, Change]:
    """The changes of ``kernel/edits/<name>.edit``, one per file, in the order of the file."""
    return {path: replace(*pairs) for path, pairs in texts.edits(name).items()}


def _xen(path: str) -> str:
    return texts.text("xen", path)


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


def _build_fork(h: History, base_mark: int) -> int:
    h.branch(FORK_BRANCH, base_mark, h.trees[UPSTREAM_BRANCH])
    enlighten = _xen("arch/x86/xen/enlighten.c")
    xen_makefile = _xen("drivers/xen/Makefile")
    # kernel/xen/ holds the fork's last version of events.c: its first one lacks the unmask fix
    [(racy, fixed)] = texts.edits("xen/unmask-fix")["drivers/xen/events.c"]
    when = ts(2022, 10, 11)
    day = 86400

    def commit(subject: str, body: str, author: Person, changes: Mapping[str, Change],
               extra: Sequence[str] = ()) -> int:
        nonlocal when
        when += 3 * day + 3600 * (len(h.commits) % 7)
        return h.commit(FORK_BRANCH, when, author, author, message(subject, body, author, when, extra), changes)

    commit(
        "x86/xen: Add the Xen PV boot entry",
        "Detect the Xen hypervisor from its CPUID leaves and take the boot path over from "
        "setup_arch() for a paravirtualized guest: map the shared info page and build the "
        "memory map from the start info the domain builder hands us.\n\n"
        "This adds the hypervisor interface definitions (hypercall numbers, shared info, "
        "start info, event channel and grant table ABI) that the drivers below build on.",
        XEN1,
        {
            **{path: _xen(path) for path in ("include/xen/interface.h", "include/xen/xen.h",
                                             "arch/x86/include/asm/xen/hypercall.h", "arch/x86/xen/Kconfig",
                                             "arch/x86/xen/Makefile")},
            "arch/x86/xen/enlighten.c": _without(enlighten, *_ENLIGHTEN_EVENTS, *_ENLIGHTEN_GNTTAB),
            **_edits("xen/pv-boot"),
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
            "include/xen/events.h": _xen("include/xen/events.h"),
            "drivers/xen/events.c": replace((fixed, racy))(_xen("drivers/xen/events.c")),
            "drivers/xen/Kconfig": _xen("drivers/xen/Kconfig"),
            "drivers/xen/Makefile": _without(xen_makefile, _XEN_MAKEFILE_GNTTAB, _XEN_MAKEFILE_XENBUS),
            **_edits("xen/events"),
            "arch/x86/xen/enlighten.c": _without(enlighten, *_ENLIGHTEN_GNTTAB),
        },
    )
    commit(
        "xen/grant-table: Add grant table support",
        "Grant tables let a domain give another domain access to some of its pages, which is "
        "how frontends share rings and data buffers with their backends.",
        XEN3,
        {
            "include/xen/grant_table.h": _xen("include/xen/grant_table.h"),
            "drivers/xen/grant-table.c": _xen("drivers/xen/grant-table.c"),
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
            "include/xen/xenbus.h": _xen("include/xen/xenbus.h"),
            "drivers/xen/xenbus.c": _xen("drivers/xen/xenbus.c"),
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
            "drivers/net/xen-netfront.c": _xen("drivers/net/xen-netfront.c"),
            **_edits("xen/netfront"),
        },
    )
    commit(
        "block: Add blk_queue_virt_boundary()",
        "Some devices cannot do scatter/gather across arbitrary boundaries and need every "
        "segment but the first to start on one, and every segment but the last to end on one. "
        "Let drivers set that boundary as a queue limit.",
        XEN3,
        _edits("xen/virt-boundary"),
    )
    commit(
        "xen-blkfront: Add the paravirtual block frontend",
        "A block device whose requests go over a ring shared with blkback. Each request "
        "segment must fit a single ring slot, hence the virtual boundary on the queue.",
        XEN3,
        {
            "drivers/block/xen-blkfront.c": _xen("drivers/block/xen-blkfront.c"),
            **_edits("xen/blkfront"),
        },
        ("Acked-by: " + XEN2.ident(),),
    )
    commit(
        "MAINTAINERS: Add the Xen hypervisor interface entry",
        "Name the people and the list that look after the Xen code.",
        XEN1,
        _edits("xen/maintainers"),
    )
    return commit(
        "xen/events: Fix a lost event when unmasking a channel",
        "An event that arrives between the test of the pending bit and the clearing of the "
        "mask is never delivered. Clear the mask first, then ask the hypervisor to re-raise "
        "the event if it is pending.\n\n"
        "The race came with the event channel support itself.",
        XEN2,
        _edits("xen/unmask-fix"),
        ("Reported-by: " + XEN3.ident(),),
    )


# ---------------------------------------------------------------------------------------------
# Upstream after v6.0: the scenario's commits (kernel/v6.1/, kernel/edits/v6.*/) and curated
# filler; the generated filler is in filler.py
# ---------------------------------------------------------------------------------------------

def _v61_work() -> list[Work]:
    blk_core = _edits("v6.1/blk-core")
    return [
        Work(SUBJECT_DRIFT_SETUP,
             "A number of BIOSes are known to corrupt the first 64K of memory across suspend "
             "and resume, and the real-mode trampoline lives there anyway. Mark the range "
             "reserved as soon as the firmware memory map is known.",
             X86, _edits("v6.1/reserve-low")),
        Work("panic: Fix typo in add_taint() kernel-doc", "s/notewortht/noteworthy/", CORE,
             {"kernel/panic.c": replace(("notewortht-but-not", "noteworthy-but-not"))}),
        Work(SUBJECT_DRIFT_NET_MAKEFILE,
             "VRF devices enslave interfaces into separate routing domains, so that routing "
             "decisions for packets received on the enslaved interfaces are made in the "
             "VRF's own table.",
             VETH, {"drivers/net/vrf.c": texts.text("v6.1", "drivers/net/vrf.c"), **_edits("v6.1/vrf")}),
        Work("mm/slab_common: Warn on kmalloc() requests above KMALLOC_MAX_SIZE",
             "Such a request is always a bug in the caller; say so instead of silently "
             "returning NULL.", MM2,
             {"mm/slab_common.c": replace(("\tif (size > KMALLOC_MAX_SIZE)\n\t\treturn NULL;\n\n\twhile",
                                           "\tif (WARN_ON_ONCE(size > KMALLOC_MAX_SIZE))\n\t\treturn NULL;\n\n\twhile"))}),
        Work(SUBJECT_RENAME,
             "The block layer core has nothing to do with block device drivers: move it next "
             "to the rest of the block layer, where it belongs. No functional change.",
             BLOCK, {RENAMED_FROM: None,
                     RENAMED_TO: _moved(RENAMED_FROM, blk_core.pop(RENAMED_TO)), **blk_core}),
        Work("lib/string: Add strim()", "Remove leading and trailing whitespace in place; "
             "the declaration has been in <linux/string.h> for a while.", LIB,
             _edits("v6.1/strim")),
        Work(SUBJECT_DRIFT_SETUP_BELOW,
             "Tell the user whether NX protection is active once the early parameters that "
             "can disable it have been parsed.", X86_2,
             _edits("v6.1/report-nx")),
        Work("genirq: Warn once about unbalanced enable_irq()",
             "An unbalanced enable is a driver bug; a backtrace shows which driver.", IRQ,
             {"kernel/irq/manage.c": replace(("\tcase 0:\n\t\tpr_warn(\"Unbalanced enable for IRQ %d\\n\"",
                                              "\tcase 0:\n\t\tWARN_ON_ONCE(1);\n\t\tpr_warn(\"Unbalanced enable for IRQ %d\\n\""))}),
        Work("MAINTAINERS: Add a reviewer for memory management", "Tomasz has been reviewing mm "
             "patches for a while.", MM,
             {"MAINTAINERS": replace(("R:\tChen Wei <chen.wei@example.org>\n",
                                      "R:\tChen Wei <chen.wei@example.org>\nR:\tTomasz Wrobel <tomasz.wrobel@example.org>\n"))}),
        Work("veth: Clarify the Kconfig help text", "Say what a pair is.", VETH,
             {"drivers/net/Kconfig": replace(("\t  This device is a local ethernet tunnel. Devices are created in pairs.\n",
                                              "\t  This device is a local ethernet tunnel. Devices are created in pairs:\n"
                                              "\t  packets sent on one end of a pair are received on the other.\n"))}),
    ]


def _moved(old_path: str, edit: Change) -> Callable[[str], str]:
    """The change for a rename's new path: the old file's text with a small edit (so git sees a
    rename), resolved against the tree by _resolve_renames."""
    if not callable(edit):
        raise AssertionError("a moved file's change must be an edit of its old text")
    return _RenamedFrom(old_path, edit)


class _RenamedFrom:
    """A change for the new path of a rename: the old file's text, edited."""

    def __init__(self, old_path: str, edit: Callable[[str], str]) -> None:
        self.old_path = old_path
        self.edit = edit

    def __call__(self, text: str) -> str:  # pragma: no cover - resolved before use
        raise AssertionError("resolve renames with _resolve_renames")


def _resolve_renames(tree: Mapping[str, str], changes: Mapping[str, Change]) -> dict[str, Change]:
    out: dict[str, Change] = {}
    for path, change in changes.items():
        if isinstance(change, _RenamedFrom):
            out[path] = change.edit(tree[change.old_path])
        else:
            out[path] = change
    return out


def _v62_work() -> list[Work]:
    rename = _rename_identifier(BROKEN_API, BROKEN_API + "_weight")
    return [
        Work(SUBJECT_API_RENAME,
             "netif_napi_add() takes a weight that almost every driver sets to the default. "
             "Make the weight explicit in the name of the function that takes it, so that a "
             "later change can add a netif_napi_add() without one.\n\n"
             "Convert all in-tree callers. Out-of-tree drivers will fail to build until "
             "converted, which is the point.",
             NET2, {"include/linux/netdevice.h": rename, "net/core/dev.c": rename,
                    "drivers/net/veth.c": rename,
                    "MAINTAINERS": replace(("K:\t\\bnetif_napi_add\\b\n", "K:\t\\bnetif_napi_add_weight\\b\n"))}),
        Work("loop: Reduce the default number of pre-created loop devices",
             "Loop devices are created on demand these days; eight idle ones at boot are "
             "a waste.", BLOCK,
             {"drivers/block/Kconfig": replace(("\tdepends on BLK_DEV_LOOP\n\tdefault 8\n",
                                                "\tdepends on BLK_DEV_LOOP\n\tdefault 4\n")),
              "drivers/block/loop.c": replace(("static int max_loop = 8;", "static int max_loop = 4;"))}),
        Work(SUBJECT_IRQ_REWORK,
             "irq_set_affinity_locked() is documented as being called with the descriptor "
             "lock held, but nothing checks it, and __irq_set_affinity() open-codes the "
             "locking that irq_get_desc_lock() provides.\n\n"
             "Assert the lock, use the common lookup-and-lock helpers, and fold the queueing "
             "of a pending move into irq_set_affinity_pending().",
             IRQ, _edits("v6.2/irq-rework"),
             ("Reviewed-by: " + X86_2.ident(),)),
        Work("block: Warn when a dying queue is cleaned up again",
             "Cleaning up a queue twice drops a reference that is not ours.", BLOCK,
             {RENAMED_TO: replace(("void blk_cleanup_queue(struct request_queue *q)\n{\n",
                                   "void blk_cleanup_queue(struct request_queue *q)\n{\n"
                                   "\tWARN_ON_ONCE(blk_queue_dying(q));\n"))}),
        Work("genirq: Add irq_data_update_effective_affinity()",
             "Irq chips that route an interrupt to a single CPU want to record where it "
             "really goes.", IRQ,
             _edits("v6.2/effective-affinity")),
        Work("x86/e820: Print the number of entries with the table", "Handy when comparing "
             "boot logs.", X86_2,
             {"arch/x86/kernel/e820.c": replace(("\tint i;\n\n\tfor (i = 0; i < e820_table->nr_entries; i++) {\n\t\tpr_info(\"%s: [mem",
                                                 "\tint i;\n\n\tpr_info(\"%s: %u entries\\n\", who, e820_table->nr_entries);\n"
                                                 "\tfor (i = 0; i < e820_table->nr_entries; i++) {\n\t\tpr_info(\"%s: [mem"))}),
        Work("dummy: Remove the empty set_multicast_list() stub", "It has done nothing since "
             "the multicast list moved to the core.", NET2,
             {"drivers/net/dummy.c": replace(("/* fake multicast ability */\nstatic void set_multicast_list(struct net_device *dev)\n{\n}\n\n", ""),
                                             ("\tset_multicast_list(dev);\n\treturn 0;", "\treturn 0;"))}),
        Work("x86/build: Disable CET instrumentation in the kernel", "The kernel does not "
             "enable CET; the endbr instructions are dead weight.", X86,
             {"arch/x86/Makefile": replace(("KBUILD_CFLAGS += -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx\n",
                                            "KBUILD_CFLAGS += -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx\n\n"
                                            "# Intel CET isn't enabled in the kernel\n"
                                            "KBUILD_CFLAGS += $(call cc-option,-fcf-protection=none)\n"))}),
        Work("mm/page_alloc: Show the number of managed pages in show_mem()", "", MM,
             {"mm/page_alloc.c": replace(("\tpr_info(\"Mem-Info:\\n\");",
                                          "\tpr_info(\"Mem-Info: %lu pages managed\\n\", nr_managed_pages);"))}),
    ]


def _v63_work() -> list[Work]:
    return [
        Work(SUBJECT_MERGED,
             "Add the guest interface to the Xen hypervisor: hypercall numbers, the shared "
             "info and start info pages, and the event channel, grant table and scheduler "
             "ABI. The Xen drivers will build on it.",
             XEN1, {"include/xen/interface.h": _xen("include/xen/interface.h")},
             ("Acked-by: " + X86.ident(),)),
        Work("x86/setup: Drop the unused builtin command line copy", "builtin_cmdline is "
             "always empty: the option that filled it was removed long ago.", X86_2,
             {"arch/x86/kernel/setup.c": replace(
                  ("static char builtin_cmdline[COMMAND_LINE_SIZE] __initdata = \"\";\n", ""),
                  ("\tif (builtin_cmdline[0]) {\n\t\t/* append boot loader cmdline to builtin */\n"
                   "\t\tstrscpy(command_line, builtin_cmdline, COMMAND_LINE_SIZE);\n\t}\n", ""))}),
        Work(SUBJECT_BACKPORT,
             "The hypervisor routes Xen event channels, so the affinity code must not queue "
             "a pending move for them. Give those interrupts a status flag of their own.",
             IRQ, _edits("v6.3/irq-xen-evtchn")),
        Work("MAINTAINERS: Update the block layer git tree", "", BLOCK,
             {"MAINTAINERS": replace(("T:\tgit git://git.kernel.org/pub/scm/linux/kernel/git/axboe/linux-block.git\n",
                                      "T:\tgit git://git.kernel.org/pub/scm/linux/kernel/git/block/linux.git\n"))}),
        Work("veth: Document the NAPI weight", "", VETH,
             {"drivers/net/veth.c": replace(("\tpriv->rq->dev = dev;\n", "\tpriv->rq->dev = dev;\n"
                                             "\t/* Same budget as a hardware NIC would get. */\n"))}),
        Work("block: Fix a typo in the submit_bio() kernel-doc", "s/send/sent/", BLOCK,
             {RENAMED_TO: replace(("The\n * bio will be send to", "The\n * bio will be sent to"))}),
        Work("fs: Reject negative offsets before the size check in vfs_setpos()", "", FS2,
             {"fs/read_write.c": replace((" * Return the specified offset on success and -EINVAL on invalid offset.\n",
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



_REV_WINDOWS = {
    "v6.1": (ts(2022, 10, 2), ts(2022, 12, 11)),
    "v6.2": (ts(2022, 12, 11), ts(2023, 2, 19)),
    "v6.3": (ts(2023, 2, 19), ts(2023, 4, 23)),
}


def _build_rev(h: History, rev: str, work: list[Work], filler: Filler, per_rev: int) -> int:
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
        committer = area_of(next(iter(changes)))[2]
        body = item.body or item.subject.split(": ", 1)[-1] + "."
        h.commit(UPSTREAM_BRANCH, when, item.author, committer,
                 message(item.subject, body, item.author, when, item.extra, committer), changes)
    while rc < 7:
        rc += 1
        release(f"-rc{rc}")
    mark = release("")
    h.tag(rev, mark)
    return mark


def _build_history(per_rev: int) -> tuple[History, int, int]:
    h = History(UPSTREAM_BRANCH)
    base = _build_v60(h)
    h.tag("v6.0", base)
    fork = _build_fork(h, base)
    filler = Filler()
    for rev, work in (("v6.1", _v61_work()), ("v6.2", _v62_work()), ("v6.3", _v63_work())):
        _build_rev(h, rev, work, filler, per_rev)
    return h, base, fork


def build_example(dest: Path | str, upstream_commits_per_rev: int = 40) -> Example:
    """Write the example repository (bare) at ``dest``, which must be new or empty."""
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ExampleError(f"{dest} exists and is not empty (give a new or empty directory)")
    if upstream_commits_per_rev < 1:
        raise ExampleError(f"upstream_commits_per_rev must be positive, not {upstream_commits_per_rev}")
    history, _, _ = _build_history(upstream_commits_per_rev)
    path = write_bare(dest, history.stream())
    base, fork = rev_parse(path, "refs/tags/v6.0^{commit}", FORK_BRANCH)
    return Example(path=path, base=base, fork=fork, revs=REVS)
