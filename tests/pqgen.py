"""Small queues written as distro queues are: git format-patch mails, SUSE and Debian headers,
DEP-3 descriptions, quilt descriptions and bare diffs, in a series with comments and guards.

Each patch changes its own line of ``a.c`` (or adds its own file), so the patches apply in
any order and the guards can leave any of them out. The queue's files are written as a user
would (by hand, next to the repository), not through xenpatch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from tests.gitrepo import Repo

LINES = 200
BASE = "".join(f"line {i}\n" for i in range(1, LINES + 1))
STYLES = ("mail", "suse", "debian", "dep3", "quilt", "bare")
AUTHORS = ("Ada Lovelace <ada@example.org>", "Jörg Rödel <joro@example.de>", "Dot Trailing. <dot@example.org>",
           "Ben Hutchings <ben@decadent.org.uk>")
DATES = ("Mon, 3 Jun 2024 10:00:00 +0200", "Thu, 17 Sep 2020 12:26:40 -0700", "Sun, 1 Dec 2019 23:59:59 +0000")


@dataclass(frozen=True)
class Spec:
    style: str
    author: int
    date: int
    new_file: bool
    guard: str  # "", "+xen" or "-xen"
    comment: bool  # a comment line before the patch in the series
    body: bool
    both: bool = False  # changes a.c and adds a file (something to split)


specs = st.builds(Spec, st.sampled_from(STYLES), st.integers(0, len(AUTHORS) - 1), st.integers(0, len(DATES) - 1),
                  st.booleans(), st.sampled_from(["", "", "+xen", "-xen"]), st.booleans(), st.booleans())
queues = st.tuples(st.lists(specs, min_size=1, max_size=5), st.booleans())


def diff_for(k: int, new_file: bool, both: bool = False) -> str:
    if both:
        return diff_for(k, False) + diff_for(k, True)
    if new_file:
        return (f"diff --git a/drivers/f{k}.c b/drivers/f{k}.c\nnew file mode 100644\n--- /dev/null\n"
                f"+++ b/drivers/f{k}.c\n@@ -0,0 +1,2 @@\n+int f{k};\n+int g{k};\n")
    at = 10 + 20 * k  # line changed; 3 lines of context either side
    ctx = [f"line {i}\n" for i in range(at - 3, at + 4)]
    hunk = "".join(" " + x for x in ctx[:3]) + f"-line {at}\n+patched by {k}\n" + "".join(" " + x for x in ctx[4:])
    return f"diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -{at - 3},7 +{at - 3},7 @@\n" + hunk


def stat_for(new_file: bool, k: int, both: bool = False) -> str:
    if both:
        return (f" a.c            | 2 +-\n drivers/f{k}.c | 2 ++\n 2 files changed, 3 insertions(+), 1 deletion(-)\n"
                f" create mode 100644 drivers/f{k}.c\n")
    if new_file:
        return f" drivers/f{k}.c | 2 ++\n 1 file changed, 2 insertions(+)\n create mode 100644 drivers/f{k}.c\n"
    return " a.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n"


def patch_text(k: int, spec: Spec) -> str:
    author, date = AUTHORS[spec.author], DATES[spec.date]
    subject = f"sub{k}: fix the frobnicator number {k}"
    body = f"The frobnicator {k} was wrong.\nThis fixes it.\n\n" if spec.body else ""
    sob = f"Signed-off-by: {author}\n"
    diff = diff_for(k, spec.new_file, spec.both)
    if spec.style == "mail":
        return (f"From {k:040x} Mon Sep 17 00:00:00 2001\nFrom: {author}\nDate: {date}\n"
                f"Subject: [PATCH {k}/9] {subject}\n\n{body}{sob}---\n{stat_for(spec.new_file, k, spec.both)}\n{diff}"
                "-- \n2.39.5\n\n")
    if spec.style == "suse":
        return (f"From: {author}\nDate: {date}\nSubject: {subject}\nPatch-mainline: v6.{k}-rc1\n"
                f"Git-commit: {k:040x}\nReferences: bsc#12{k}4 jsc#PED-{k}\n\n{body}{sob}Acked-by: Q <q@suse.de>\n"
                f"---\n{diff}")
    if spec.style == "debian":
        return (f"From: {author}\nDate: {date}\nSubject: {subject}\nBug-Debian: https://bugs.debian.org/10{k}\n"
                f"Forwarded: not-needed\nOrigin: upstream, https://git.kernel.org/linus/{k:040x}\n\n{body}{diff}")
    if spec.style == "dep3":
        return (f"Description: {subject}\n A longer text,\n on two lines.\nAuthor: {author}\nForwarded: no\n"
                f"Last-Update: 2024-0{k % 9 + 1}-01\n\n{diff}")
    if spec.style == "quilt":
        return f"{subject}\n\n{body}{sob}\n{diff}"
    return diff


def write_queue(ws: Path, patches: list[Spec], guards: bool, name: str = "q") -> Repo:
    """A repository ``k`` with the base, and queue ``name`` of these patches on it."""
    repo = Repo(ws / "k")
    base = repo.commit("base", {"a.c": BASE, "drivers/keep.c": "int keep;\n"})
    q = ws / "queues" / name
    (q / "patches").mkdir(parents=True)
    (q / "queue.toml").write_text(
        f'repo = "k"\nupstream = "master"\n' + ('guards = ["xen"]\n' if guards else "")
        + '\n[identity]\nname = "Queue Keeper"\nemail = "keeper@example.org"\n')
    lines = ["# the example queue\n", "\n"]
    for k, spec in enumerate(patches, 1):
        fname = f"{k:02d}-{spec.style}.patch"
        (q / "patches" / fname).write_text(patch_text(k, spec))
        if spec.comment:
            lines.append(f"# {spec.style} patch {k}\n")
        lines.append(fname + (f" #{spec.guard}" if spec.guard else "") + "\n")
    lines.append("\n# end\n")
    (q / "patches/series").write_text("".join(lines))
    (q / "state.json").write_text(f'{{"base": "{base}", "format": 1, "rev": 0, "source": "hand"}}\n')
    return repo
