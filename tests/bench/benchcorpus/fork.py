"""The out-of-tree change: one Xen-sized commit on v6.1 (the "monolithic patch").

Shape, so that splitting and ordering are meaningful:
- new headers ``include/xpv/{types,hooks,<area>}.h`` define the types, macros and
  inline helpers that everything else uses (definitions before users);
- a new subsystem tree ``drivers/xpv/<area>/`` (.c files, Kconfig, Makefile) uses them;
- hunks in real kernel .c files at function boundaries: ``#include`` lines, hook calls
  after the local declarations, new functions after existing ones;
- Kconfig/Makefile glue in existing directories, and ``xpv-*.c`` glue files next to
  the kernel code they hook.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import cgen
from .gitutil import CatFile, Change, FastImport, TreeEntry, join_lines, split_lines
from .people import T_V61, person, trailers

AREAS: dict[str, tuple[str, ...]] = {
    "core": ("kernel/",), "mm": ("mm/", "arch/x86/mm/"), "sched": ("kernel/sched/",),
    "irq": ("kernel/irq/", "arch/x86/kernel/apic/"), "time": ("kernel/time/",),
    "net": ("net/core/", "net/ipv4/", "drivers/net/ethernet/"), "blk": ("block/", "drivers/block/"),
    "pci": ("drivers/pci/",), "console": ("drivers/tty/",), "fs": ("fs/",),
    "gpu": ("drivers/gpu/drm/",), "usb": ("drivers/usb/",), "scsi": ("drivers/scsi/",),
    "x86": ("arch/x86/kernel/", "arch/x86/"), "virtio": ("drivers/virtio/", "drivers/vhost/"),
    "input": ("drivers/input/",), "sound": ("sound/",), "crypto": ("crypto/", "drivers/crypto/"),
    "acpi": ("drivers/acpi/",), "iommu": ("drivers/iommu/",),
}


@dataclass
class ForkStats:
    files: int
    new_files: int
    modified_files: int
    added_lines: int


@dataclass
class _AreaApi:
    name: str
    header: str
    api: cgen.Api
    inits: list[str]


def _enc(lines: list[str]) -> list[bytes]:
    return [s.encode() for s in lines]


class _Fork:
    def __init__(self, base_tree: dict[str, TreeEntry], cat: CatFile, seed: int) -> None:
        self.tree = base_tree
        self.cat = cat
        self.rng = random.Random(seed)
        self.files: dict[str, bytes] = {}
        self.added = 0
        self.new: set[str] = set()

    # -- bookkeeping ------------------------------------------------------------------------
    def _put_new(self, path: str, lines: list[str]) -> None:
        self.files[path] = "\n".join(lines + [""]).encode()
        self.new.add(path)
        self.added += len(lines)

    def _insert(self, lines: list[bytes], at: int, new: list[bytes]) -> None:
        lines[at:at] = new
        self.added += len(new)

    def _current(self, path: str) -> list[bytes]:
        data = self.files.get(path)
        return split_lines(data if data is not None else self.cat.read(self.tree[path].sha))

    # -- new code ---------------------------------------------------------------------------
    def headers(self, areas: list[str]) -> dict[str, _AreaApi]:
        rng = self.rng
        self._put_new("include/xpv/types.h", [
            cgen.spdx("h"), "#ifndef _XPV_TYPES_H", "#define _XPV_TYPES_H", "",
            "#include <linux/types.h>", "#include <linux/spinlock.h>", "#include <linux/bits.h>", "",
            "typedef u32 xpv_domid_t;", "typedef u64 xpv_pfn_t;", "",
            "#define XPV_INVALID_DOMID\t((xpv_domid_t)~0U)", "#define XPV_PAGE_SHIFT\t\t12", "",
            "struct xpv_base {", "\tspinlock_t lock;", "\txpv_domid_t domid;", "\tunsigned long flags;",
            "};", "", "#endif /* _XPV_TYPES_H */"])
        hooks = [cgen.spdx("h"), "#ifndef _XPV_HOOKS_H", "#define _XPV_HOOKS_H", "",
                 "#include <xpv/types.h>", "", "#ifdef CONFIG_XPV"]
        hooks += [f"void xpv_hook_{a}(const char *fn, unsigned long arg);" for a in areas]
        hooks += ["#else"] + [f"static inline void xpv_hook_{a}(const char *fn, unsigned long arg) {{ }}"
                              for a in areas]
        hooks += ["#endif", "", "#endif /* _XPV_HOOKS_H */"]
        self._put_new("include/xpv/hooks.h", hooks)
        apis: dict[str, _AreaApi] = {}
        for a in areas:
            up = a.upper()
            fields = rng.sample(cgen.FIELDS, k=rng.randint(5, 9))
            macros = [f"XPV_{up}_{n.upper()}" for n in rng.sample(cgen.NOUNS, k=rng.randint(3, 6))]
            struct = f"struct xpv_{a}"
            base_api = cgen.Api(struct, fields, macros, [])
            helpers = [f"xpv_{a}_{v}_{n}" for v, n in zip(rng.sample(cgen.VERBS, 4), rng.sample(cgen.NOUNS, 4))]
            lines = [cgen.spdx("h"), f"#ifndef _XPV_{up}_H", f"#define _XPV_{up}_H", "",
                     "#include <xpv/types.h>", ""]
            lines += [f"#define {m}\t{rng.choice((16, 32, 64, 128, 256))}" for m in macros] + [""]
            lines += [f"{struct} {{", "\tstruct xpv_base base;", "\tspinlock_t lock;"]
            lines += [f"\tunsigned long {f};" for f in fields] + ["};", ""]
            for h in helpers:
                fn = cgen.function(rng, h, base_api, rng.randint(10, 18), static=False)
                fn[0] = "static inline " + fn[0]
                lines += fn + [""]
            apis[a] = _AreaApi(a, f"include/xpv/{a}.h", cgen.Api(struct, fields, macros, helpers), [])
            # Finished by finish_headers once the .c files' init functions are known.
            self.files[apis[a].header] = "\n".join(lines).encode()
        return apis

    def finish_headers(self, apis: dict[str, _AreaApi]) -> None:
        for a, api in apis.items():
            lines = self.files[api.header].decode().split("\n")
            lines += [f"int {fn}({api.api.struct} *ctx);" for fn in api.inits]
            lines += [f"int xpv_{a}_init(void);", "", f"#endif /* _XPV_{a.upper()}_H */"]
            self._put_new(api.header, lines)

    def area_sources(self, api: _AreaApi, sizes: list[int]) -> None:
        rng, a = self.rng, api.name
        d = f"drivers/xpv/{a}"
        objs = []
        for k, size in enumerate(sizes):
            stem = f"{a}-{rng.choice(cgen.NOUNS)}{k}"
            init = f"xpv_{a}_{stem.split('-')[1]}_init"
            api.inits.append(init)
            lines = [cgen.spdx("c"), "#include <linux/module.h>", "#include <linux/slab.h>",
                     f"#include <xpv/{a}.h>", ""]
            statics: list[str] = []
            while (left := size - len(lines) - 7 - 4 * len(statics)) > 0:  # 7: init fn, 4: per call
                name = cgen.c_ident(rng, f"xpv_{a}")
                statics.append(name)
                lines += cgen.function(rng, name, api.api, min(rng.randint(12, 70), max(12, left - 4))) + [""]
            lines += [f"int {init}({api.api.struct} *ctx)", "{", "\tint ret = 0;", ""]
            for s in statics:
                lines += [f"\tret = {s}(ctx, 0);", "\tif (ret)", "\t\treturn ret;"]
            lines += ["\treturn 0;", "}", f"EXPORT_SYMBOL_GPL({init});"]
            self._put_new(f"{d}/{stem}.c", lines)
            objs.append(f"{stem}.o")
        core = [cgen.spdx("c"), "#include <linux/module.h>", "#include <xpv/hooks.h>",
                f"#include <xpv/{a}.h>", "", f"static {api.api.struct} xpv_{a}_ctx;", "",
                f"void xpv_hook_{a}(const char *fn, unsigned long arg)", "{",
                f"\tspin_lock(&xpv_{a}_ctx.lock);", f"\txpv_{a}_ctx.{api.api.fields[0]} += arg;",
                f"\tspin_unlock(&xpv_{a}_ctx.lock);", f"\tpr_debug(\"xpv {a}: %s\\n\", fn);", "}",
                f"EXPORT_SYMBOL_GPL(xpv_hook_{a});", "", f"int xpv_{a}_init(void)", "{", "\tint ret;", ""]
        for init in api.inits:
            core += [f"\tret = {init}(&xpv_{a}_ctx);", "\tif (ret)", "\t\treturn ret;"]
        core += ["\treturn 0;", "}", ""]
        self._put_new(f"{d}/core.c", core)
        self._put_new(f"{d}/Makefile", [cgen.spdx("c").replace("//", "#"),
                                        f"obj-$(CONFIG_XPV_{a.upper()}) += xpv-{a}.o",
                                        f"xpv-{a}-y := core.o " + " ".join(objs)])
        self._put_new(f"{d}/Kconfig", [cgen.spdx("c").replace("//", "#")] + cgen.kconfig_entry(
            f"XPV_{a.upper()}", f"xpv {a} support", "XPV",
            [rng.choice(cgen.WORDS) for _ in range(rng.randint(12, 30))]))

    def top_glue(self, areas: list[str]) -> None:
        self._put_new("drivers/xpv/Kconfig", [cgen.spdx("c").replace("//", "#"), "menu \"xpv paravirtualization\"", ""]
                      + cgen.kconfig_entry("XPV", "xpv paravirtualization extensions", "X86_64 || ARM64",
                                           ["enable", "the", "xpv", "extensions"])
                      + [f"source \"drivers/xpv/{a}/Kconfig\"" for a in areas] + ["", "endmenu"])
        self._put_new("drivers/xpv/Makefile", [cgen.spdx("c").replace("//", "#")]
                      + [f"obj-$(CONFIG_XPV_{a.upper()}) += {a}/" for a in areas])
        for path, line in (("drivers/Makefile", "obj-$(CONFIG_XPV)\t\t+= xpv/"),
                           ("drivers/Kconfig", 'source "drivers/xpv/Kconfig"')):
            lines = self._current(path)
            at = len(lines) - 1
            while at > 0 and not lines[at - 1].strip():
                at -= 1
            if path.endswith("Kconfig") and lines[at - 1].strip() == b"endmenu":
                at -= 1
            self._insert(lines, at, [line.encode()])
            self.files[path] = join_lines(lines)

    # -- hunks in existing kernel files ----------------------------------------------------
    def modify_existing(self, count: int, apis: dict[str, _AreaApi]) -> list[str]:
        rng = self.rng
        by_area: dict[str, list[str]] = {a: [] for a in apis}
        for p, e in sorted(self.tree.items()):
            if e.mode != "100644" or not p.endswith(".c"):
                continue
            best = max(((pre, a) for a, pres in AREAS.items() if a in apis for pre in pres
                        if p.startswith(pre)), default=None, key=lambda t: len(t[0]))
            if best:
                by_area[best[1]].append(p)
        for lst in by_area.values():
            rng.shuffle(lst)
        done: list[str] = []
        order = sorted(apis)
        k = 0
        while len(done) < count and any(by_area.values()):
            a = order[k % len(order)]
            k += 1
            if not by_area[a]:
                continue
            p = by_area[a].pop()
            if p in self.files:
                continue
            lines = self._current(p)
            inc, starts = cgen.include_point(lines), cgen.body_starts(lines)
            if inc is None or not starts or len(lines) > 8000:
                continue
            api = apis[a]
            edits: list[tuple[int, list[bytes]]] = []
            for at in sorted(rng.sample(starts, k=min(len(starts), rng.randint(1, 3)))):
                edits.append((at, [cgen.hook_call(f"xpv_hook_{a}").encode()]))
            ends = cgen.function_ends(lines)
            if ends and rng.random() < 0.5:
                fn = cgen.function(rng, cgen.c_ident(rng, f"xpv_{a}"), api.api, rng.randint(8, 45))
                edits.append((rng.choice(ends), _enc(fn + [""])))
            edits.append((inc, _enc(["#include <xpv/hooks.h>", f"#include <xpv/{a}.h>"])))
            for at, new in sorted(edits, key=lambda t: -t[0]):
                self._insert(lines, at, new)
            self.files[p] = join_lines(lines)
            done.append(p)
        return done

    def dir_glue(self, dirs: list[str], apis: dict[str, _AreaApi]) -> None:
        rng = self.rng
        for d in dirs:
            mk = f"{d}/Makefile"
            if mk not in self.tree or mk in self.files:
                continue
            a = rng.choice(sorted(apis))
            name = d.rsplit("/", 1)[-1].replace("_", "-")
            src = f"{d}/xpv-{name}.c"
            if src in self.tree:
                continue
            api = apis[a]
            lines = [cgen.spdx("c"), "#include <xpv/hooks.h>", f"#include <xpv/{a}.h>", ""]
            lines += cgen.function(rng, f"xpv_{name.replace('-', '_')}_glue", api.api, rng.randint(20, 60),
                                   static=False)
            self._put_new(src, lines)
            mlines = self._current(mk)
            at = len(mlines) - 1 if mlines and not mlines[-1] else len(mlines)
            self._insert(mlines, at, [f"obj-$(CONFIG_XPV_{a.upper()})\t+= xpv-{name}.o".encode()])
            self.files[mk] = join_lines(mlines)


def generate_fork(base_tree: dict[str, TreeEntry], cat: CatFile, *, files: int, lines: int,
                  seed: int) -> tuple[list[Change], ForkStats]:
    """The fork's file changes: about ``files`` files and at least ``lines`` added lines."""
    fork = _Fork(base_tree, cat, seed)
    rng = fork.rng
    n_areas = min(len(AREAS), max(4, files // 60))
    areas = sorted(AREAS)[:n_areas]
    n_new_target = max(n_areas * 4 + 4, int(files * 0.35))
    n_glue_dirs = max(2, files // 60)
    n_mod = max(1, files - n_new_target - 2 * n_glue_dirs - 2)

    apis = fork.headers(areas)
    fork.top_glue(areas)
    modified = fork.modify_existing(n_mod, apis)
    glue_dirs = sorted({p.rsplit("/", 1)[0] for p in modified})
    fork.dir_glue(rng.sample(glue_dirs, k=min(n_glue_dirs, len(glue_dirs))), apis)

    # Whatever line budget is left goes to the subsystem's .c files.
    fixed_per_area = 3  # core.c, Makefile, Kconfig
    n_c = max(n_areas, files - len(fork.files) - n_areas * fixed_per_area)
    budget = max(n_c * 40, lines - fork.added - n_areas * 60)
    weights = [rng.uniform(0.3, 1.7) for _ in range(n_c)]
    total_w = sum(weights)
    sizes = [max(30, int(budget * w / total_w)) for w in weights]
    for i, a in enumerate(areas):
        fork.area_sources(apis[a], sizes[i::n_areas])
    fork.finish_headers(apis)

    changes = [Change(p, "100644", data=d) for p, d in sorted(fork.files.items())]
    stats = ForkStats(len(changes), len(fork.new), len(changes) - len(fork.new), fork.added)
    return changes, stats


def write_fork(fi: FastImport, base: str, ref: str, changes: list[Change], stats: ForkStats,
               seed: int, label: str) -> str:
    rng = random.Random(seed)
    author = person(rng)
    msg = (f"xen: add the xpv paravirtualization extensions ({label})\n\n"
           f"Monolithic out-of-tree change: {stats.files} files ({stats.new_files} new,"
           f" {stats.modified_files} modified), {stats.added_lines} added lines.\n\n"
           f"{trailers(rng, author)}\n")
    return fi.commit(ref, author=author, when=T_V61 + 86400, message=msg, parent=base, changes=changes)

