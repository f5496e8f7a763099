"""MAINTAINERS parsing and matching with get_maintainer.pl's semantics."""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from xenpatch.core.maintainers import index, keyword_match, match, parse_maintainers

TEXT = """\
List of maintainers
===================

Descriptions of section entries and preferred order
---------------------------------------------------

	M: *Mail* patches to: FullName <address@domain>
	F: *Files* and directories wildcard patterns.

Maintainers List
----------------

XEN HYPERVISOR INTERFACE
M:	Juergen Gross <jgross@suse.com>
R:	Stefano Stabellini <sstabellini@kernel.org>
L:	xen-devel@lists.xenproject.org (moderated for non-subscribers)
S:	Supported
T:	git git://git.kernel.org/pub/scm/linux/kernel/git/xen/tip.git
F:	arch/x86/xen/
F:	drivers/xen/
F:	include/xen/
X:	drivers/xen/unmaintained/
K:	xen_evtchn_\\w+

XEN EVENT CHANNELS
M:	Events Person <events@example.org>
S:	Maintained
F:	drivers/xen/events/
F:	include/xen/events.h

XEN NETWORK BACKEND DRIVER
M:	Wei Liu <wei.liu@kernel.org>
S:	Supported
F:	drivers/net/xen-netback/*

XEN GLOB
M:	Glob Person <glob@example.org>
S:	Odd Fixes
F:	drivers/xen/*.h
N:	xenbus

THE REST
M:	Linus Torvalds <torvalds@linux-foundation.org>
L:	linux-kernel@vger.kernel.org
S:	Buried alive in reporters
F:	*
F:	*/
"""


def names(path: str) -> list[str]:
    return [m.section.name for m in match(parse_maintainers(TEXT), path)]


def test_parse_sections_and_people() -> None:
    sections = parse_maintainers(TEXT)
    assert [s.name for s in sections] == ["XEN HYPERVISOR INTERFACE", "XEN EVENT CHANNELS",
                                          "XEN NETWORK BACKEND DRIVER", "XEN GLOB", "THE REST"]
    xen = sections[0]
    assert xen.maintainers == ("Juergen Gross <jgross@suse.com>",)
    assert xen.reviewers == ("Stefano Stabellini <sstabellini@kernel.org>",)
    assert xen.lists == ("xen-devel@lists.xenproject.org (moderated for non-subscribers)",)
    assert xen.status == "Supported"
    assert xen.files == ("arch/x86/xen/", "drivers/xen/", "include/xen/")
    assert xen.excludes == ("drivers/xen/unmaintained/",)
    assert xen.keywords == ("xen_evtchn_\\w+",)
    assert xen.people == xen.maintainers + xen.reviewers
    assert sections[3].regexes == ("xenbus",)
    assert TEXT.splitlines()[xen.line - 1] == "XEN HYPERVISOR INTERFACE"


def test_most_specific_first() -> None:
    assert names("drivers/xen/events/fifo.c")[:2] == ["XEN EVENT CHANNELS", "XEN HYPERVISOR INTERFACE"]
    assert names("drivers/xen/grant.c")[0] == "XEN HYPERVISOR INTERFACE"
    # include/xen/events.h: a file pattern (depth 3) beats the directory include/xen/ (depth 2)
    assert names("include/xen/events.h")[0] == "XEN EVENT CHANNELS"
    # drivers/xen/*.h has depth 3, deeper than drivers/xen/ (2)
    assert names("drivers/xen/foo.h")[0] == "XEN GLOB"


def test_glob_does_not_cross_slash_and_dir_matches_below() -> None:
    assert "XEN NETWORK BACKEND DRIVER" in names("drivers/net/xen-netback/netback.c")
    assert "XEN NETWORK BACKEND DRIVER" not in names("drivers/net/xen-netback/sub/deep.c")
    assert "XEN GLOB" not in names("drivers/xen/sub/foo.h")
    assert "XEN HYPERVISOR INTERFACE" in names("drivers/xen/a/b/c/d.c")
    assert names("drivers/xenbus.c")[:1] != ["XEN HYPERVISOR INTERFACE"]


def test_exclude_and_regex_and_catch_all() -> None:
    assert "XEN HYPERVISOR INTERFACE" not in names("drivers/xen/unmaintained/old.c")
    found = match(parse_maintainers(TEXT), "drivers/net/xenbus_front.c")
    glob = [m for m in found if m.section.name == "XEN GLOB"]
    assert glob and glob[0].specificity == 0 and glob[0].pattern == "N: xenbus"
    assert names("README") == ["THE REST"]
    assert names("mm/slab.c") == ["THE REST"]
    # the catch-all is the least specific of all
    assert names("drivers/xen/events/fifo.c")[-1] == "THE REST"


def test_plain_pattern_matches_file_or_directory() -> None:
    sections = parse_maintainers("A\nM:\tA <a@x>\nF:\tfs/xen\n\nB\nM:\tB <b@x>\nF:\tfs/xen/inode.c\n")
    assert [m.section.name for m in match(sections, "fs/xen/super.c")] == ["A"]
    assert [m.section.name for m in match(sections, "fs/xen/inode.c")] == ["B", "A"]
    assert match(sections, "fs/xenfs.c") == []


def test_keyword_match() -> None:
    sections = parse_maintainers(TEXT)
    assert [s.name for s in keyword_match(sections, "+\txen_evtchn_do_upcall();\n")] == ["XEN HYPERVISOR INTERFACE"]
    assert keyword_match(sections, "nothing here") == []


# ---------------------------------------------------------------- the index agrees with a plain scan

COMPONENTS = ["a", "b", "xen", "x.c", "y.h"]
component = st.sampled_from(COMPONENTS)
glob_component = st.sampled_from(COMPONENTS + ["*", "*.c", "x?c", "*en"])


@st.composite
def patterns(draw: st.DrawFn) -> str:
    parts = draw(st.lists(glob_component, min_size=1, max_size=3))
    return "/".join(parts) + ("/" if draw(st.booleans()) else "")


def reference(pattern: str, path: str) -> tuple[bool, int]:
    """get_maintainer.pl's rule, written plainly: (matches, specificity)."""
    is_dir = pattern.endswith("/")
    body = pattern.rstrip("/")
    rx = "".join("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c) for c in body)
    depth = pattern.count("/") + (0 if is_dir else 1)
    if is_dir:
        return re.fullmatch(rx + "/.*", path) is not None, depth
    if "*" not in body and "?" not in body and path.startswith(body + "/"):
        return True, depth
    return re.fullmatch(rx, path) is not None, depth


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(patterns(), min_size=1, max_size=3), min_size=1, max_size=5),
       st.lists(st.lists(component, min_size=1, max_size=4), min_size=1, max_size=8))
def test_index_matches_reference(section_patterns: list[list[str]], paths: list[list[str]]) -> None:
    text = "\n".join(f"S{k}\nM:\tP{k} <p{k}@x>\n" + "".join(f"F:\t{p}\n" for p in pats)
                     for k, pats in enumerate(section_patterns))
    idx = index(parse_maintainers(text))
    for parts in paths:
        path = "/".join(parts)
        got = {m.section.name: m.specificity for m in idx.match(path)}
        want: dict[str, int] = {}
        for k, pats in enumerate(section_patterns):
            depths = [d for ok, d in (reference(p, path) for p in pats) if ok]
            if depths:
                want[f"S{k}"] = max(depths)
        assert got == want, (path, section_patterns)
        specs = [m.specificity for m in idx.match(path)]
        assert specs == sorted(specs, reverse=True)
