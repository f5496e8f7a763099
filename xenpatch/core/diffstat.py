"""``git diff --stat --summary`` text, drawn exactly as git draws it.

Why not ask git: writing a rev refreshes the diffstat of every patch whose
diff changed, and a git process per patch costs more than drawing the stat; so
this follows diff.c's ``show_stats`` (name and graph widths, ``...`` for long
names, ``Bin OLD -> NEW bytes``) and ``pprint_rename`` byte for byte.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from xenpatch.core.pathquote import c_quote

if TYPE_CHECKING:
    from xenpatch.core.diff import FileChange


def pretty_rename(a: str, b: str) -> str:
    """``dir/{old => new}/file`` the way git's pprint_rename shortens a rename."""
    qa, qb = c_quote(a), c_quote(b)
    if qa != a or qb != b:
        return f"{qa} => {qb}"
    la, lb = len(a), len(b)
    a0, b0 = a + "\0", b + "\0"  # git compares the terminating NULs too
    pfx = 0
    k = 0
    while k < la and k < lb and a[k] == b[k]:
        if a[k] == "/":
            pfx = k + 1
        k += 1
    sfx = 0
    adjust = 1 if pfx else 0
    oa, ob = la, lb
    while pfx - adjust <= oa and pfx - adjust <= ob and a0[oa] == b0[ob]:
        if a0[oa] == "/":
            sfx = la - oa
        oa -= 1
        ob -= 1
    a_mid = max(la - pfx - sfx, 0)
    b_mid = max(lb - pfx - sfx, 0)
    if pfx + sfx:
        return (a[:pfx] + "{" + a[pfx:pfx + a_mid] + " => " + b[pfx:pfx + b_mid] + "}"
                + a[la - sfx:])
    return a[:a_mid] + " => " + b[:b_mid]


def _scale(it: int, width: int, max_change: int) -> int:
    return 0 if not it else 1 + (it * (width - 1) // max_change)


def stat_text(files: Sequence[tuple[FileChange, Sequence[tuple[bytes, int]]]], width: int = 72,
              summary: bool = True) -> bytes:
    """The stat of ``files`` (each with its ``GIT binary patch`` blocks: kind and size),
    in diff order; ``core.diff.diffstat`` reads them from a diff."""
    changes = [ch for ch, _ in files]
    if not changes:
        return b" 0 files changed\n"
    rows: list[tuple[str, FileChange, tuple[int, int] | None]] = []
    max_len = max_change = number_width = bin_width = 0
    for ch, blocks in files:
        if ch.status in ("renamed", "copied") and ch.old_path is not None \
                and ch.new_path is not None:
            name = pretty_rename(ch.old_path, ch.new_path)
        else:
            name = c_quote(ch.path)
        sizes = None
        if ch.binary:
            lit = [size for kind, size in blocks if kind == b"literal"]
            if len(blocks) == 2 and len(lit) == 2:
                sizes = (lit[1], lit[0])
            elif len(blocks) == 1 and len(lit) == 1 and ch.status == "added":
                sizes = (0, lit[0])
            deleted, added = sizes or (0, 0)
            bin_width = max(bin_width, 14 + len(str(added)) + len(str(deleted)))
            number_width = 3
        else:
            max_change = max(max_change, ch.insertions + ch.deletions)
        max_len = max(max_len, len(name))
        rows.append((name, ch, sizes))
    number_width = max(len(str(max_change)), number_width)
    width = max(width, 16 + 6 + number_width)
    graph_width = max_change if max_change + 4 > bin_width else bin_width - 4
    name_width = max_len
    if name_width + number_width + 6 + graph_width > width:
        if graph_width > width * 3 // 8 - number_width - 6:
            graph_width = max(width * 3 // 8 - number_width - 6, 6)
        if name_width > width - number_width - 6 - graph_width:
            name_width = width - number_width - 6 - graph_width
        else:
            graph_width = width - number_width - 6 - name_width
    out: list[str] = []
    for name, ch, sizes in rows:
        prefix = ""
        length = name_width
        if name_width < len(name):
            prefix = "..."
            length = max(length - 3, 0)
            name = name[len(name) - length:]
            slash = name.find("/")
            if slash >= 0:
                name = name[slash:]
        head = f" {prefix}{name:<{length}} |"
        if ch.binary:
            if not sizes or sizes == (0, 0):
                out.append(f"{head} {'Bin':>{number_width}}")
            else:
                out.append(f"{head} {'Bin':>{number_width}} {sizes[0]} -> {sizes[1]} bytes")
            continue
        add, dele = ch.insertions, ch.deletions
        if graph_width <= max_change:
            total = _scale(add + dele, graph_width, max_change)
            if total < 2 and add and dele:
                total = 2
            if add < dele:
                add = _scale(add, graph_width, max_change)
                dele = total - add
            else:
                dele = _scale(dele, graph_width, max_change)
                add = total - dele
        changed = ch.insertions + ch.deletions
        out.append(f"{head} {changed:>{number_width}}{' ' if changed else ''}"
                   + "+" * add + "-" * dele)
    ins = sum(c.insertions for c in changes)
    dels = sum(c.deletions for c in changes)
    n = len(changes)
    total_line = f" {n} file{'s' if n != 1 else ''} changed"
    if ins or dels == 0:
        total_line += f", {ins} insertion{'s' if ins != 1 else ''}(+)"
    if dels or ins == 0:
        total_line += f", {dels} deletion{'s' if dels != 1 else ''}(-)"
    out.append(total_line)
    if summary:
        out.extend(_summary_lines(changes))
    return ("\n".join(out) + "\n").encode("utf-8", "surrogateescape")


def _summary_lines(changes: list[FileChange]) -> list[str]:
    out: list[str] = []
    for ch in changes:
        if ch.status == "added":
            out.append(f" create mode {ch.new_mode} {c_quote(ch.path)}" if ch.new_mode
                       else f" create {c_quote(ch.path)}")
        elif ch.status == "deleted":
            out.append(f" delete mode {ch.old_mode} {c_quote(ch.path)}" if ch.old_mode
                       else f" delete {c_quote(ch.path)}")
        elif ch.status in ("renamed", "copied") and ch.old_path and ch.new_path:
            verb = "rename" if ch.status == "renamed" else "copy"
            out.append(f" {verb} {pretty_rename(ch.old_path, ch.new_path)} "
                       f"({ch.similarity or 0}%)")
            if ch.old_mode and ch.new_mode and ch.old_mode != ch.new_mode:
                out.append(f" mode change {ch.old_mode} => {ch.new_mode}")
        elif ch.old_mode and ch.new_mode and ch.old_mode != ch.new_mode:
            out.append(f" mode change {ch.old_mode} => {ch.new_mode} {c_quote(ch.path)}")
    return out
