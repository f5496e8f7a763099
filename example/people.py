"""The people of the example history, and who writes and commits in which area of the tree."""

from __future__ import annotations

from example.history import Person


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


def area_of(path: str) -> tuple[str, tuple[Person, ...], Person]:
    for prefix, label, authors, committer in _AREAS:
        if path.startswith(prefix):
            return label, authors, committer
    raise AssertionError(path)
