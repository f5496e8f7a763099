"""Generated upstream filler: kernel-doc additions, documentation sections, selftests. Unbounded.

The scenario's own commits (``generator.py``) are spread among these, so that a release cycle
has as many commits as asked for; none of them touches a line the fork changes.
"""

from __future__ import annotations

import re
from typing import Callable, Mapping

from example.history import Work
from example.people import area_of

PARAM_WORDS = {
    "dev": "network device", "skb": "the packet", "desc": "the interrupt descriptor",
    "irq": "interrupt number", "page": "the page", "order": "allocation order, log2 of the page count",
    "gfp": "allocation flags", "gfp_mask": "allocation flags", "flags": "flags", "q": "the request queue",
    "bio": "the bio", "file": "the file", "s": "the string", "cs": "one string", "ct": "another string",
    "dest": "where to copy to", "src": "where to copy from", "count": "number of bytes",
    "size": "size in bytes", "n": "the NAPI context", "napi": "the NAPI context", "budget": "work budget",
    "start": "physical start address", "who": "prefix for the messages", "lo": "the loop device",
    "brd": "the RAM disk", "rq": "the receive queue", "data": "the interrupt data", "mask": "the CPU mask",
    "cpumask": "the CPU mask", "cnt": "number of interrupts", "from": "first interrupt to consider",
    "node": "NUMA node", "chip": "the interrupt chip", "pos": "file position", "buf": "the buffer",
    "str": "the option value", "i": "index of the device", "stats": "where to store the statistics",
    "p": "the object", "objp": "the object", "name": "name of the cache", "align": "required alignment",
    "ctor": "constructor, or NULL", "new_size": "the new size", "read_write": "READ or WRITE",
    "ppos": "file position, or NULL", "offset": "the offset", "whence": "SEEK_SET, SEEK_CUR or SEEK_END",
    "cmdline": "the command line", "command_line": "the command line",
}

# (file, function, one-line summary) for kernel-doc filler commits. None of these functions
# has a comment right above it, and none is near a line the fork changes.
KDOC_TARGETS: tuple[tuple[str, str, str], ...] = (
    ("mm/page_alloc.c", "add_to_free_list", "put a free block on the free list of its order"),
    ("lib/string.c", "strscpy", "copy a C-string into a sized buffer"),
    ("net/core/dev.c", "napi_enable", "enable NAPI scheduling"),
    ("kernel/irq/irqdesc.c", "irq_alloc_descs", "allocate and initialize a range of irq descriptors"),
    ("fs/read_write.c", "generic_file_llseek", "generic llseek implementation for regular files"),
    ("drivers/net/veth.c", "veth_xmit", "transmit a packet to the peer device"),
    ("mm/slab_common.c", "kmem_cache_create", "create a kmem cache"),
    ("arch/x86/kernel/e820.c", "e820__range_add", "add a range to the kernel's E820 table"),
    ("drivers/block/loop.c", "loop_add", "create and register one loop device"),
    ("kernel/panic.c", "test_taint", "test whether a taint flag is set"),
    ("lib/string.c", "strcmp", "compare two strings"),
    ("net/core/dev.c", "napi_disable", "prevent NAPI from scheduling"),
    ("mm/page_alloc.c", "__free_pages", "free pages allocated with alloc_pages()"),
    ("drivers/net/dummy.c", "dummy_setup", "set up a dummy network device"),
    ("kernel/irq/manage.c", "irq_can_set_affinity", "check if the affinity of a given irq can be set"),
    ("block/bio.c", "bio_alloc", "allocate a bio"),
    ("drivers/block/brd.c", "brd_alloc", "allocate and register one RAM disk"),
    ("init/main.c", "parse_early_options", "parse the early options of a command line"),
    ("arch/x86/kernel/hypervisor.c", "init_hypervisor_platform", "detect the hypervisor and run its platform setup"),
    ("mm/slab_common.c", "kmalloc", "allocate kernel memory"),
    ("lib/string.c", "strncmp", "compare two length-limited strings"),
    ("net/core/dev.c", "napi_complete_done", "NAPI processing complete"),
    ("kernel/irq/irqdesc.c", "irq_free_descs", "free irq descriptors"),
    ("fs/read_write.c", "vfs_read", "read from a file"),
    ("drivers/net/veth.c", "veth_poll", "NAPI poll for the peer's receive ring"),
    ("mm/page_alloc.c", "__get_free_pages", "allocate pages and return their kernel address"),
    ("arch/x86/kernel/setup.c", "parse_setup_data", "walk the setup_data list of the boot protocol"),
    ("drivers/net/loopback.c", "loopback_get_stats64", "report the loopback statistics"),
    ("kernel/irq/manage.c", "disable_irq_nosync", "disable an irq without waiting"),
    ("lib/string.c", "strchr", "find the first occurrence of a character in a string"),
    ("net/core/dev.c", "netif_carrier_on", "set carrier"),
    ("mm/slab_common.c", "kfree", "free previously allocated memory"),
    ("drivers/block/loop.c", "lo_rw_bio", "read or write the backing file for a bio"),
    ("kernel/irq/irqdesc.c", "irq_set_chip", "set the irq chip for an irq"),
    ("fs/read_write.c", "vfs_write", "write to a file"),
    ("arch/x86/kernel/e820.c", "e820__print_table", "print the E820 table"),
    ("block/bio.c", "bio_put", "release a reference to a bio"),
    ("drivers/net/dummy.c", "dummy_init_one", "create and register one dummy device"),
    ("mm/page_alloc.c", "put_page", "drop a reference on a page"),
    ("lib/string.c", "strlen", "find the length of a string"),
    ("net/core/dev.c", "netif_carrier_off", "clear carrier"),
    ("kernel/irq/manage.c", "request_threaded_irq", "allocate an interrupt line"),
    ("drivers/block/brd.c", "brd_do_bvec", "copy one segment to or from the RAM disk"),
    ("mm/slab_common.c", "krealloc", "reallocate memory"),
    ("kernel/irq/irqdesc.c", "irq_modify_status", "modify the status flags of an irq"),
    ("init/main.c", "setup_command_line", "save the command line for /proc and for parsing"),
    ("fs/read_write.c", "rw_verify_area", "check that a read or write is allowed"),
    ("drivers/net/veth.c", "veth_open", "bring the device up"),
    ("lib/string.c", "memcmp", "compare two areas of memory"),
    ("net/core/dev.c", "register_netdev", "register a network device"),
    ("mm/page_alloc.c", "show_mem", "print the state of the free lists"),
    ("arch/x86/kernel/e820.c", "e820__end_of_ram_pfn", "find the last page frame of RAM"),
    ("kernel/irq/manage.c", "free_irq", "free an interrupt allocated with request_irq()"),
    ("drivers/block/loop.c", "loop_remove", "tear down one loop device"),
    ("mm/slab_common.c", "kmem_cache_destroy", "destroy a kmem cache"),
    ("lib/string.c", "kstrdup", "allocate space for and copy an existing string"),
    ("net/core/dev.c", "free_netdev", "free a network device"),
    ("kernel/irq/irqdesc.c", "irq_set_chip_data", "set the chip data for an irq"),
    ("fs/read_write.c", "kernel_read", "read from a file into a kernel buffer"),
    ("drivers/net/veth.c", "veth_close", "bring the device down"),
    ("mm/page_alloc.c", "page_alloc_init", "hand all usable memory to the buddy allocator"),
    ("lib/string.c", "memmove", "copy one area of memory to another"),
    ("net/core/dev.c", "register_netdevice", "register a network device, RTNL held"),
    ("arch/x86/kernel/setup.c", "reserve_initrd", "reserve the memory of the initial ramdisk"),
    ("block/bio.c", "bio_endio", "end I/O on a bio"),
    ("kernel/irq/irqdesc.c", "irq_get_irq_data", "get the irq data of an irq"),
    ("lib/string.c", "kmemdup", "duplicate a region of memory"),
    ("mm/slab_common.c", "ksize", "get the usable size of a kmalloc() object"),
    ("fs/read_write.c", "kernel_write", "write to a file from a kernel buffer"),
    ("net/core/dev.c", "unregister_netdev", "remove a network device"),
)

DOC_AREAS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("networking", "networking", ("NAPI", "the loopback device", "veth pairs", "carrier state",
                                  "device statistics", "transmit queues", "MTU limits", "dummy devices")),
    ("mm", "mm", ("the buddy allocator", "free lists", "kmalloc size classes", "page reference counts",
                  "allocation flags", "reserved pages")),
    ("block", "block", ("queue limits", "bio submission", "the loop driver", "RAM disks",
                        "block device majors", "disk capacity")),
    ("core-api", "core-api", ("interrupt affinity", "threaded interrupts", "irq descriptors",
                              "the taint mask", "early parameters", "string helpers")),
    ("x86", "x86", ("the E820 memory map", "hypervisor detection", "the boot protocol",
                    "the NX bit", "low memory reservations")),
    ("filesystems", "filesystems", ("llseek semantics", "read and write verification",
                                    "kernel_read() and kernel_write()")),
)

SELFTEST_AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("net", ("veth_pair", "loopback_mtu", "dummy_carrier", "napi_budget", "vrf_basic")),
    ("mm", ("buddy_merge", "kmalloc_limits", "zeroed_pages")),
    ("block", ("loop_rw", "brd_capacity")),
    ("irq", ("affinity_move", "shared_lines")),
)


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
        doc += [f" * @{p}: {PARAM_WORDS.get(p, 'the ' + p.replace('_', ' '))}" for p in _params(lines, k)]
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


class Filler:
    """Generated filler commits: kernel-doc additions, documentation, selftests. Unbounded."""

    def __init__(self) -> None:
        self.kdoc_next = 0
        self.n = 0
        self.doc_counts: dict[str, int] = {}
        self.test_counts: dict[str, int] = {}

    def next(self, tree: Mapping[str, str]) -> Work:
        self.n += 1
        kind = self.n % 4
        if kind in (1, 2, 3):
            while self.kdoc_next < len(KDOC_TARGETS):
                path, func, summary = KDOC_TARGETS[self.kdoc_next]
                self.kdoc_next += 1
                if _kdoc_applies(tree.get(path), func):
                    _, authors, _ = area_of(path)
                    return Work(f"{_prefix(path)}: Add kernel-doc for {func}()", "Document the function "
                                "so that it shows up in the generated API documentation.",
                                authors[self.n % len(authors)], {path: _kdoc(func, summary)})
        if kind in (0, 2):
            return self._doc(tree)
        return self._selftest(tree)

    def _doc(self, tree: Mapping[str, str]) -> Work:
        area, title, topics = DOC_AREAS[self.n % len(DOC_AREAS)]
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
        _, authors, _ = area_of(path)
        return Work(f"Documentation: {title}: Describe {topic}", f"Add a section about {topic}.",
                    authors[self.n % len(authors)], {path: text})

    def _selftest(self, tree: Mapping[str, str]) -> Work:
        area, names = SELFTEST_AREAS[self.n % len(SELFTEST_AREAS)]
        i = self.test_counts.get(area, 0)
        self.test_counts[area] = i + 1
        name = names[i % len(names)] + (f"_{i // len(names) + 1}" if i >= len(names) else "")
        path = f"tools/testing/selftests/{area}/{name}.sh"
        text = (f"#!/bin/sh\n# SPDX-License-Identifier: GPL-2.0\n#\n# {name}: regression test for the {area} "
                f"subsystem.\n\nret=0\nksft_skip=4\n\nif [ \"$(id -u)\" -ne 0 ]; then\n"
                f"\techo \"SKIP: {name} needs root\"\n\texit $ksft_skip\nfi\n\n"
                f"echo \"TEST: {name.replace('_', ' ')}\"\n# case {i + 1}\nexit $ret\n")
        _, authors, _ = area_of(path)
        return Work(f"selftests: {area}: Add {name} test", f"Cover {name.replace('_', ' ')} in the "
                    f"{area} selftests.", authors[self.n % len(authors)], {path: text})
