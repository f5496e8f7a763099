"""File texts for the example kernel tree: upstream v6.0, the Xen fork, and later upstream texts.

Everything here is data: plain strings of C, Kconfig, Makefile and MAINTAINERS text. The history
(which commit changes what) is in ``generator.py``. Files are written with real tabs, as in the
kernel.
"""

from __future__ import annotations


def _t(text: str) -> str:
    """A file text written as a triple-quoted string that starts on the line after the quotes."""
    return text[1:] if text.startswith("\n") else text


# ---------------------------------------------------------------------------------------------
# Top level
# ---------------------------------------------------------------------------------------------

MAKEFILE = _t(r"""
# SPDX-License-Identifier: GPL-2.0
VERSION = 6
PATCHLEVEL = 0
SUBLEVEL = 0
EXTRAVERSION = -rc1
NAME = Hurr durr I'ma ninja sloth

# *DOCUMENTATION*
# To see a list of typical targets execute "make help"
# More info can be located in ./README
# Comments in this file are targeted only to the developer, do not
# expect to learn how to build the kernel reading this file.

$(if $(filter __%, $(MAKECMDGOALS)), \
	$(error targets prefixed with '__' are only for internal use))

# That's our default target when none is given on the command line
PHONY := __all
__all:

# Do not use make's built-in rules and variables
# (this increases performance and avoids hard-to-debug behaviour)
MAKEFLAGS += -rR

# Avoid funny character set dependencies
unexport LC_ALL
LC_COLLATE=C
LC_NUMERIC=C
export LC_COLLATE LC_NUMERIC

# Use 'make V=1' to see the full commands
ifeq ("$(origin V)", "command line")
  KBUILD_VERBOSE = $(V)
endif
ifndef KBUILD_VERBOSE
  KBUILD_VERBOSE = 0
endif

ifeq ($(KBUILD_VERBOSE),1)
  quiet =
  Q =
else
  quiet=quiet_
  Q = @
endif

export quiet Q KBUILD_VERBOSE

srctree := .
objtree := .
export srctree objtree

# SUBARCH tells the usermode build what the underlying arch is.
SUBARCH := $(shell uname -m | sed -e s/i.86/x86/ -e s/x86_64/x86/)
ARCH		?= $(SUBARCH)
SRCARCH		:= $(ARCH)

# Make variables (CC, etc...)
CC		= $(CROSS_COMPILE)gcc
LD		= $(CROSS_COMPILE)ld
AR		= $(CROSS_COMPILE)ar
NM		= $(CROSS_COMPILE)nm
OBJCOPY		= $(CROSS_COMPILE)objcopy
PERL		= perl
PYTHON3		= python3

KBUILD_CPPFLAGS := -D__KERNEL__
KBUILD_CFLAGS   := -Wall -Wundef -Werror=strict-prototypes -Wno-trigraphs \
		   -fno-strict-aliasing -fno-common -fshort-wchar -fno-PIE \
		   -Werror=implicit-function-declaration -Werror=implicit-int \
		   -Werror=return-type -Wno-format-security \
		   -std=gnu11
LINUXINCLUDE    := -I$(srctree)/arch/$(SRCARCH)/include -I$(srctree)/include

KERNELRELEASE = $(VERSION)$(if $(PATCHLEVEL),.$(PATCHLEVEL)$(if $(SUBLEVEL),.$(SUBLEVEL)))$(EXTRAVERSION)
export VERSION PATCHLEVEL SUBLEVEL KERNELRELEASE
export CC LD AR NM OBJCOPY PERL PYTHON3 KBUILD_CPPFLAGS KBUILD_CFLAGS LINUXINCLUDE

include arch/$(SRCARCH)/Makefile

# Objects we will link into vmlinux / subdirs we need to visit
core-y		+= init/ kernel/ mm/ fs/ lib/
core-$(CONFIG_BLOCK)	+= block/
core-$(CONFIG_NET)	+= net/
drivers-y	:= drivers/

vmlinux-dirs	:= $(patsubst %/,%,$(filter %/, $(core-y) $(drivers-y)))

PHONY += all
all: vmlinux

PHONY += vmlinux $(vmlinux-dirs)
vmlinux: $(vmlinux-dirs)
	$(Q)$(LD) -r -o $@ $(addsuffix /built-in.a, $(vmlinux-dirs))

$(vmlinux-dirs):
	$(Q)$(MAKE) -f scripts/Makefile.build obj=$@

PHONY += kernelrelease kernelversion
kernelrelease:
	@echo "$(KERNELRELEASE)$$($(SHELL) $(srctree)/scripts/setlocalversion $(srctree))"

kernelversion:
	@echo $(VERSION).$(PATCHLEVEL).$(SUBLEVEL)$(EXTRAVERSION)

PHONY += clean mrproper
clean:
	$(Q)find . -name '*.[aios]' -o -name '*.ko' -o -name '.*.cmd' | xargs rm -f

mrproper: clean
	$(Q)rm -f .config .config.old vmlinux

PHONY += help
help:
	@echo  'Cleaning targets:'
	@echo  '  clean		  - Remove most generated files but keep the config'
	@echo  '  mrproper	  - Remove all generated files + config + various backup files'
	@echo  ''
	@echo  'Other generic targets:'
	@echo  '  all		  - Build all targets marked with [*]'
	@echo  '* vmlinux	  - Build the bare kernel'
	@echo  '  kernelrelease	  - Output the release version string (use with make -s)'
	@echo  '  kernelversion	  - Output the version stored in Makefile (use with make -s)'

.PHONY: $(PHONY)
""")

KCONFIG = _t(r"""
# SPDX-License-Identifier: GPL-2.0
#
# For a description of the syntax of this configuration file,
# see Documentation/kbuild/kconfig-language.rst.
#
mainmenu "Linux/$(ARCH) $(KERNELVERSION) Kernel Configuration"

source "scripts/Kconfig.include"

source "init/Kconfig"

source "arch/$(SRCARCH)/Kconfig"

menu "Power management and ACPI options"

config PM
	bool "Device power management core functionality"
	help
	  Enable functionality allowing I/O devices to be put into energy-saving
	  (low power) states, for example after a specified period of inactivity
	  (autosuspended), and woken up in response to a hardware-generated
	  wake-up event or a driver's request.

endmenu

source "mm/Kconfig"

source "net/Kconfig"

source "drivers/Kconfig"

source "block/Kconfig"

source "lib/Kconfig"
""")

README = _t(r"""
Linux kernel
============

There are several guides for kernel developers and users. These guides can
be rendered in a number of formats, like HTML and PDF. Please read
Documentation/admin-guide/README.rst first.

In order to build the documentation, use ``make htmldocs`` or
``make pdfdocs``.  The formatted documentation can also be read online at:

    https://www.kernel.org/doc/html/latest/

There are various text files in the Documentation/ subdirectory,
several of them using the Restructured Text markup notation.

Please read the Documentation/process/changes.rst file, as it contains the
requirements for building and running the kernel, and information about
the problems which may result by upgrading your kernel.
""")

COPYING = _t(r"""
The Linux Kernel is provided under:

	SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note

Being under the terms of the GNU General Public License version 2 only,
according with:

	LICENSES/preferred/GPL-2.0

With an explicit syscall exception, as stated at:

	LICENSES/exceptions/Linux-syscall-note

In addition, other licenses may also apply. Please see:

	Documentation/process/license-rules.rst

for more details.

All contributions to the Linux Kernel are subject to this COPYING file.
""")

GITIGNORE = _t(r"""
# SPDX-License-Identifier: GPL-2.0-only
#
# NOTE! Don't add files that are generated in specific
# subdirectories here. Add them in the ".gitignore" file
# in that subdirectory instead.
#
# NOTE! Please use 'git ls-files -i -c --exclude-per-directory=.gitignore'
# command after changing this file, to see if there are
# any tracked files which get ignored after the change.
#
# Normal rules (sorted alphabetically)
#
.*
*.a
*.bin
*.cmd
*.ko
*.mod
*.mod.c
*.o
*.o.*
*.order
*.patch
*.s
*.so
*.symtypes
*.tar
*.xz

#
# Top-level generic files
#
/vmlinux
/vmlinux.32
/vmlinux-gdb.py
/vmlinuz
/System.map
/Module.markers
/modules.builtin
/modules.builtin.modinfo
/modules.nsdeps

#
# git files that we don't want to ignore even if they are dot-files
#
!.gitignore
!.mailmap

# stgit generated dirs
patches-*

# quilt's files
patches
series
""")

MAINTAINERS = _t(r"""
List of maintainers and how to submit kernel changes
====================================================

Please try to follow the guidelines below.  This will make things
easier on the maintainers.  Not all of these guidelines matter for every
trivial patch so apply some common sense.

Tips for patch submitters
-------------------------

1.	Always *test* your changes, however small, on at least 4 or
	5 people, preferably many more.

2.	Try to release a few ALPHA test versions to the net. Announce
	them onto the kernel channel and await results. This is especially
	important for device drivers, because often that's the only way
	you will find things like the fact version 3 firmware needs
	a magic fix you didn't know about, or some clown changed the
	chips on a board and not told you.

3.	Make sure your changes compile correctly in multiple
	configurations. In particular check that changes work both as a
	module and built into the kernel.

4.	When you are happy with a change make it generally available for
	testing and await feedback.

5.	Make a patch available to the relevant maintainer in the list. Use
	``diff -u`` to make the patch easy to merge. Be prepared to get your
	changes sent back with seemingly silly requests about formatting
	and variable names.  These aren't as silly as they seem. One
	job the maintainers (and especially Linus) do is to keep things
	looking the same. Sometimes this means that the clever hack in
	your driver to get around a problem actually needs to become a
	generalized kernel feature ready for next time.

	PLEASE check your patch with the automated style checker
	(scripts/checkpatch.pl) to catch trivial style violations.
	See Documentation/process/coding-style.rst for guidance here.

	PLEASE CC: the maintainers and mailing lists that are generated
	by ``scripts/get_maintainer.pl.`` The results returned by the
	script will be best if you have git installed and are making
	your changes in a branch derived from Linus' latest git tree.
	See Documentation/process/submitting-patches.rst for details.

	PLEASE try to include any credit lines you want added with the
	patch. It avoids people being missed off by mistake and makes
	it easier to know who wants adding and who doesn't.

	PLEASE document known bugs. If it doesn't work for everything
	or does something very odd once a month document it.

	PLEASE remember that submissions must be made under the terms
	of the Linux Foundation certificate of contribution and should
	include a Signed-off-by: line.  The current version of this
	"Developer's Certificate of Origin" (DCO) is listed in the file
	Documentation/process/submitting-patches.rst.

6.	Make sure you have the right to send any changes you make. If you
	do changes at work you may find your employer owns the patch
	not you.

7.	When sending security related changes or reports to a maintainer
	please Cc: security@kernel.org, especially if the maintainer
	does not respond. Please keep in mind that the security team is
	a small set of people who can be efficient only when working on
	verified bugs. Please only Cc: this list when you have identified
	that the bug would present a short-term risk to other users if it
	were publicly disclosed.

8.	Happy hacking.

Descriptions of section entries and preferred order
---------------------------------------------------

	M: *Mail* patches to: FullName <address@domain>
	R: Designated *Reviewer*: FullName <address@domain>
	   These reviewers should be CCed on patches.
	L: *Mailing list* that is relevant to this area
	S: *Status*, one of the following:
	   Supported:	Someone is actually paid to look after this.
	   Maintained:	Someone actually looks after it.
	   Odd Fixes:	It has a maintainer but they don't have time to do
			much other than throw the odd patch in. See below..
	   Orphan:	No current maintainer [but maybe you could take the
			role as you write your new code].
	   Obsolete:	Old code. Something tagged obsolete generally means
			it has been replaced by a better system and you
			should be using that.
	W: *Web-page* with status/info
	Q: *Patchwork* web based patch tracking system site
	B: URI for where to file *bugs*. A web-page with detailed bug
	   filing info, a direct bug tracker link, or a mailto: URI.
	C: URI for *chat* protocol, server and channel where developers
	   usually hang out, for example irc://server/channel.
	P: Subsystem Profile document for more details submitting
	   patches to the given subsystem. This is either an in-tree file,
	   or a URI. See Documentation/maintainer/maintainer-entry-profile.rst
	   for details.
	T: *SCM* tree type and location.
	   Type is one of: git, hg, quilt, stgit, topgit
	F: *Files* and directories wildcard patterns.
	   A trailing slash includes all files and subdirectory files.
	   F:	drivers/net/	all files in and below drivers/net
	   F:	drivers/net/*	all files in drivers/net, but not below
	   F:	*/net/*		all files in "any top level directory"/net
	   One pattern per line.  Multiple F: lines acceptable.
	X: *Excluded* files and directories that are NOT maintained, same
	   rules as F:. Files exclusions are tested before file matches.
	   Can be useful for excluding a specific subdirectory, for instance:
	   F:	net/
	   X:	net/ipv6/
	   matches all files in and below net excluding net/ipv6/
	N: Files and directories *Regex* patterns.
	   N:	[^a-z]tegra	all files whose path contains tegra
	                        (not including files like integrator)
	   One pattern per line.  Multiple N: lines acceptable.
	   scripts/get_maintainer.pl has different behavior for files that
	   match F: pattern and matches of N: patterns.  By default,
	   get_maintainer will not look at git log history when an F: pattern
	   match occurs.  When an N: match occurs, git log history is used
	   to also notify the people that have git commit signatures.
	K: *Content regex* (perl extended) pattern match in a patch or file.
	   For instance:
	   K: of_get_profile
	      matches patches or files that contain "of_get_profile"
	   K: \b(printk|pr_(info|err))\b
	      matches patches or files that contain one or more of the words
	      printk, pr_info or pr_err
	   One regex pattern per line.  Multiple K: lines acceptable.

Maintainers List
----------------

.. note:: When reading this list, please look for the most precise areas
          first. When adding to this list, please keep the entries in
          alphabetical order.

BLOCK LAYER
M:	Hana Okabe <hana.okabe@example.org>
L:	linux-block@vger.kernel.org
S:	Maintained
T:	git git://git.kernel.org/pub/scm/linux/kernel/git/axboe/linux-block.git
F:	block/
F:	drivers/block/blkdev.c
F:	include/linux/bio.h
F:	include/linux/blkdev.h

CORE KERNEL
M:	Ruth Abernathy <ruth.abernathy@example.org>
S:	Maintained
F:	init/
F:	kernel/panic.c

FILESYSTEMS (VFS and infrastructure)
M:	Oskar Lindgren <oskar.lindgren@example.org>
R:	Ines Moreau <ines.moreau@example.org>
L:	linux-fsdevel@vger.kernel.org
S:	Maintained
F:	fs/*
F:	include/linux/fs.h

GENERIC STRING LIBRARY
M:	Tomasz Wrobel <tomasz.wrobel@example.org>
S:	Supported
F:	include/linux/string.h
F:	lib/string.c

IRQ SUBSYSTEM
M:	Felix Brandt <felix.brandt@example.org>
L:	linux-kernel@vger.kernel.org
S:	Maintained
T:	git git://git.kernel.org/pub/scm/linux/kernel/git/tip/tip.git irq/core
F:	include/linux/interrupt.h
F:	include/linux/irq.h
F:	kernel/irq/
K:	\b(request_irq|irq_set_affinity)\b

LOOPBACK DEVICE
M:	Hana Okabe <hana.okabe@example.org>
L:	linux-block@vger.kernel.org
S:	Odd Fixes
F:	drivers/block/loop.c

MEMORY MANAGEMENT
M:	Priya Raman <priya.raman@example.org>
R:	Chen Wei <chen.wei@example.org>
L:	linux-mm@kvack.org
S:	Maintained
W:	http://www.linux-mm.org
T:	git git://git.kernel.org/pub/scm/linux/kernel/git/akpm/mm
F:	include/linux/gfp.h
F:	include/linux/mm.h
F:	include/linux/slab.h
F:	mm/

NETWORKING DRIVERS
M:	Dmitri Volkov <dmitri.volkov@example.org>
M:	Elena Rossi <elena.rossi@example.org>
L:	netdev@vger.kernel.org
S:	Odd Fixes
Q:	https://patchwork.kernel.org/project/netdevbpf/list/
T:	git git://git.kernel.org/pub/scm/linux/kernel/git/netdev/net.git
F:	drivers/net/
F:	include/linux/etherdevice.h
F:	include/linux/netdevice.h
X:	drivers/net/wireless/

NETWORKING [GENERAL]
M:	Dmitri Volkov <dmitri.volkov@example.org>
M:	Elena Rossi <elena.rossi@example.org>
L:	netdev@vger.kernel.org
S:	Maintained
F:	include/linux/skbuff.h
F:	net/
X:	net/bluetooth/
N:	^net/
K:	\bnetif_napi_add\b

RAMDISK "BRD" DRIVER
M:	Hana Okabe <hana.okabe@example.org>
L:	linux-block@vger.kernel.org
S:	Maintained
F:	drivers/block/brd.c

VETH DRIVER
M:	Farid Haddad <farid.haddad@example.org>
L:	netdev@vger.kernel.org
S:	Maintained
F:	drivers/net/veth.c

X86 ARCHITECTURE (32-BIT AND 64-BIT)
M:	Greta Lindqvist <greta.lindqvist@example.org>
M:	Felix Brandt <felix.brandt@example.org>
R:	Hiro Tanaka <hiro.tanaka@example.org>
L:	x86@kernel.org
S:	Maintained
T:	git git://git.kernel.org/pub/scm/linux/kernel/git/tip/tip.git x86/core
F:	arch/x86/
N:	x86

THE REST
M:	Anna Kowalski <anna.kowalski@example.org>
L:	linux-kernel@vger.kernel.org
S:	Buried alive in reporters
T:	git git://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git
F:	*
F:	*/
""")

SCRIPTS_KCONFIG_INCLUDE = _t(r"""
# SPDX-License-Identifier: GPL-2.0-only
# Kconfig helper macros

# Convenient variables
comma       := ,
quote       := "
squote      := '
empty       :=
space       := $(empty) $(empty)
dollar      := $
right_paren := )
left_paren  := (

# $(if-success,<command>,<then>,<else>)
# Return <then> if <command> exits with 0, <else> otherwise.
if-success = $(shell,{ $(1); } >/dev/null 2>&1 && echo "$(2)" || echo "$(3)")

# $(success,<command>)
# Return y if <command> exits with 0, n otherwise
success = $(if-success,$(1),y,n)

# $(failure,<command>)
# Return n if <command> exits with 0, y otherwise
failure = $(if-success,$(1),n,y)

# $(cc-option,<flag>)
# Return y if the compiler supports <flag>, n otherwise
cc-option = $(success,trap "rm -rf .tmp_$$" EXIT; mkdir .tmp_$$; $(CC) -Werror $(CLANG_FLAGS) $(1) -S -x c /dev/null -o .tmp_$$/tmp.s)
""")

SCRIPTS_SETLOCALVERSION = _t(r"""
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# This scripts adds local version information from the version
# control systems git, mercurial (hg) and subversion (svn).
#
# If something goes wrong, send a mail the kernel build mailinglist
# (see MAINTAINERS) and CC Nico Schottelius
# <nico-linuxsetlocalversion -at- schottelius.org>.
#

usage() {
	echo "Usage: $0 [--save-scmversion] [srctree]" >&2
	exit 1
}

srctree=.
if test $# -gt 0; then
	srctree=$1
	shift
fi
if test $# -gt 0 -o ! -d "$srctree"; then
	usage
fi

scm_version()
{
	cd "$srctree"
	if test -e .scmversion; then
		cat .scmversion
		return
	fi

	# Check for git and a git repo.
	if head=$(git rev-parse --verify HEAD 2>/dev/null); then

		# If we are at a tagged commit, we ignore it.
		if [ -z "$(git describe --exact-match 2>/dev/null)" ]; then
			printf '%s%s' -g "$(echo $head | cut -c1-12)"
		fi

		# Check for uncommitted changes.
		if git diff-index --name-only HEAD | grep -qv "^scripts/package"; then
			printf '%s' -dirty
		fi
	fi
}

scm_version
""")

SCRIPTS_MAKEFILE_BUILD = _t(r"""
# SPDX-License-Identifier: GPL-2.0
# ==========================================================================
# Building
# ==========================================================================

src := $(obj)

PHONY := __build
__build:

obj-y :=
obj-m :=
lib-y :=
subdir-y :=
ccflags-y :=

include $(src)/Makefile

subdir-ym	:= $(sort $(subdir-y) $(patsubst %/,%, $(filter %/, $(obj-y) $(obj-m))))
real-obj-y	:= $(patsubst %/, %/built-in.a, $(obj-y))

quiet_cmd_cc_o_c = CC      $@
      cmd_cc_o_c = $(CC) $(KBUILD_CPPFLAGS) $(LINUXINCLUDE) $(KBUILD_CFLAGS) $(ccflags-y) -c -o $@ $<

$(obj)/%.o: $(src)/%.c FORCE
	$(call if_changed,cc_o_c)

__build: $(addprefix $(obj)/,$(real-obj-y)) $(subdir-ym)
	@:

PHONY += FORCE
FORCE:

.PHONY: $(PHONY)
""")

DOC_SUBMITTING = _t(r"""
.. _submittingpatches:

Submitting patches: the essential guide to getting your code into the kernel
============================================================================

For a person or company who wishes to submit a change to the Linux
kernel, the process can sometimes be daunting if you're not familiar
with "the system."  This text is a collection of suggestions which
can greatly increase the chances of your change being accepted.

Obtain a current source tree
----------------------------

If you do not have a repository with the current kernel source handy, use
``git`` to obtain one.  You'll want to start with the mainline repository.

Describe your changes
---------------------

Describe your problem.  Whether your patch is a one-line bug fix or
5000 lines of a new feature, there must be an underlying problem that
motivated you to do this work.  Convince the reviewer that there is a
problem worth fixing and that it makes sense for them to read past the
first paragraph.

Separate your changes
---------------------

Separate each **logical change** into a separate patch.

For example, if your changes include both bug fixes and performance
enhancements for a single driver, separate those changes into two
or more patches.  If your changes include an API update, and a new
driver which uses that new API, separate those into two patches.

When dividing your change into a series of patches, take special care to
ensure that the kernel builds and runs properly after each patch in the
series.  Developers using ``git bisect`` to track down a problem can end up
splitting your patch series at any point; they will not thank you if you
introduce bugs in the middle.

Select the recipients for your patch
------------------------------------

You should always copy the appropriate subsystem maintainer(s) and list(s) on
any patch to code that they maintain; look through the MAINTAINERS file and the
source code revision history to see who those maintainers are.  The script
scripts/get_maintainer.pl can be very useful at this step.
""")

DOC_ADMIN_README = _t(r"""
.. _readme:

Linux kernel release 6.x <http://kernel.org/>
=============================================

These are the release notes for Linux version 6.  Read them carefully,
as they tell you what this is all about, explain how to install the
kernel, and what to do if something goes wrong.

What is Linux?
--------------

  Linux is a clone of the operating system Unix, written from scratch by
  Linus Torvalds with assistance from a loosely-knit team of hackers across
  the Net. It aims towards POSIX and Single UNIX Specification compliance.

  It has all the features you would expect in a modern fully-fledged Unix,
  including true multitasking, virtual memory, shared libraries, demand
  loading, shared copy-on-write executables, proper memory management,
  and multistack networking including IPv4 and IPv6.

Configuring the kernel
----------------------

   Do not skip this step even if you are only upgrading one minor
   version.  New configuration options are added in each release, and
   odd problems will turn up if the configuration files are not set up
   as expected.
""")


# ---------------------------------------------------------------------------------------------
# Kconfig and Makefiles below the top level
# ---------------------------------------------------------------------------------------------

INIT_KCONFIG = _t(r"""
# SPDX-License-Identifier: GPL-2.0-only
config CC_VERSION_TEXT
	string
	default "$(CC_VERSION_TEXT)"
	help
	  This is used in unclear ways:

	  - Re-run Kconfig when the compiler is updated
	    The 'default' property references the environment variable,
	    CC_VERSION_TEXT so it is recorded in include/config/auto.conf.cmd.
	    When the compiler is updated, Kconfig will be invoked.

config CC_IS_GCC
	def_bool $(success,test "$(cc-name)" = GCC)

config DEFCONFIG_LIST
	string
	depends on !UML
	option defconfig_list
	default "/lib/modules/$(shell,uname -r)/.config"
	default "/etc/kernel-config"
	default "/boot/config-$(shell,uname -r)"
	default "arch/$(SRCARCH)/configs/$(KBUILD_DEFCONFIG)"

menu "General setup"

config INIT_ENV_ARG_LIMIT
	int
	default 32 if !UML
	default 128 if UML
	help
	  Maximum of each of the number of arguments and environment
	  variables passed to init from the kernel command line.

config LOCALVERSION
	string "Local version - append to kernel release"
	help
	  Append an extra string to the end of your kernel version.
	  This will show up when you type uname, for example.
	  The string you set here will be appended after the contents of
	  any files with a filename matching localversion* in your
	  object and source tree, in that order.  Your total string can
	  be a maximum of 64 characters.

config DEFAULT_HOSTNAME
	string "Default hostname"
	default "(none)"
	help
	  This option determines the default system hostname before userspace
	  calls sethostname(2). The kernel traditionally uses "(none)" here,
	  but you may wish to use a different default here to make a minimal
	  system more usable with less configuration.

config PRINTK
	default y
	bool "Enable support for printk" if EXPERT
	help
	  This option enables normal printk support. Removing it
	  eliminates most of the message strings from the kernel image
	  and makes the kernel more or less silent. As this makes it
	  very difficult to diagnose system problems, saying N here is
	  strongly discouraged.

config EXPERT
	bool "Configure standard kernel features (expert users)"
	help
	  This option allows certain base kernel options and settings
	  to be disabled or tweaked. This is for specialized
	  environments which can tolerate a "non-standard" kernel.
	  Only use this if you really know what you are doing.

source "kernel/irq/Kconfig"

endmenu		# General setup

config MODULES
	bool "Enable loadable module support"
	help
	  Kernel modules are small pieces of compiled code which can
	  be inserted in the running kernel, rather than being
	  permanently built into the kernel.  You use the "modprobe"
	  tool to add (and sometimes remove) them.  If you say Y here,
	  many parts of the kernel can be built as modules (by
	  answering M instead of Y where indicated): this is most
	  useful for infrequently used options which are not required
	  for booting.
""")

KERNEL_IRQ_KCONFIG = _t(r"""
# SPDX-License-Identifier: GPL-2.0-only
menu "IRQ subsystem"
# Options selectable by the architecture code

# Make sparse irq Kconfig switch below available
config MAY_HAVE_SPARSE_IRQ
	bool

# Facility to allocate a hardware interrupt. This is legacy support
# and should not be used in new code. Use irq domains instead.
config GENERIC_IRQ_LEGACY_ALLOC_HWIRQ
	bool

# Support for delayed migration from interrupt context
config GENERIC_PENDING_IRQ
	bool
	depends on GENERIC_IRQ_MIGRATION

# Support for generic irq migrating off cpu before the cpu is offline.
config GENERIC_IRQ_MIGRATION
	bool
	depends on HOTPLUG_CPU || SMP

# Alpha specific irq affinity mechanism
config AUTO_IRQ_AFFINITY
	bool

# Interrupt injection mechanism
config GENERIC_IRQ_INJECTION
	bool

config SPARSE_IRQ
	bool "Support sparse irq numbering" if MAY_HAVE_SPARSE_IRQ
	help

	  Sparse irq numbering is useful for distro kernels that want
	  to define a high CONFIG_NR_CPUS value but still want to have
	  low kernel memory footprint on smaller machines.

	  ( Sparse irqs can also be beneficial on NUMA boxes, as they spread
	    out the interrupt descriptors in a more NUMA-friendly way. )

	  If you don't know what to do here, say N.

config GENERIC_IRQ_DEBUGFS
	bool "Expose irq internals in debugfs"
	depends on DEBUG_FS
	default n
	help

	  Exposes internal state information through debugfs. Mostly for
	  developers and debugging of hard to diagnose interrupt problems.

	  If you don't know what to do here, say N.

endmenu
""")

KERNEL_IRQ_MAKEFILE = _t(r"""
# SPDX-License-Identifier: GPL-2.0

obj-y := irqdesc.o manage.o
""")

KERNEL_MAKEFILE = _t(r"""
# SPDX-License-Identifier: GPL-2.0
#
# Makefile for the linux kernel.
#

obj-y     = panic.o

obj-y += irq/
""")

INIT_MAKEFILE = _t(r"""
# SPDX-License-Identifier: GPL-2.0
#
# Makefile for the linux kernel.
#

ccflags-y := -fno-function-sections -fno-data-sections

obj-y                          := main.o
""")

MM_KCONFIG = _t(r"""
# SPDX-License-Identifier: GPL-2.0-only

menu "Memory Management options"

config SLAB_FREELIST_HARDENED
	bool "Harden slab freelist metadata"
	help
	  Many kernel heap attacks try to target slab cache metadata and
	  other infrastructure. This options makes minor performance
	  sacrifices to harden the kernel slab allocator against common
	  freelist exploit methods.

config SHUFFLE_PAGE_ALLOCATOR
	bool "Page allocator randomization"
	default SLAB_FREELIST_RANDOM && ACPI_NUMA
	help
	  Randomization of the page allocator improves the average
	  utilization of a direct-mapped memory-side-cache. See section
	  5.2.27 Heterogeneous Memory Attribute Table (HMAT) in the ACPI
	  6.2a specification for an example of how a platform advertises
	  the presence of a memory-side-cache.

	  Say Y if unsure.

config PAGE_REPORTING
	bool "Free page reporting"
	def_bool n
	help
	  Free page reporting allows for the incremental acquisition of
	  free pages from the buddy allocator for the purpose of reporting
	  those pages to another entity, such as a hypervisor, so that the
	  memory can be freed within the host for other uses.

endmenu
""")

MM_MAKEFILE = _t(r"""
# SPDX-License-Identifier: GPL-2.0
#
# Makefile for the linux memory manager.
#

# These files are disabled because they produce non-interesting and/or
# flaky coverage that is not a function of syscall inputs. E.g. slab is out of
# free pages, or a task is migrated between nodes.
KCOV_INSTRUMENT_slab_common.o := n
KCOV_INSTRUMENT_page_alloc.o := n

obj-y			:= page_alloc.o slab_common.o
""")

LIB_KCONFIG = _t(r"""
# SPDX-License-Identifier: GPL-2.0-only
#
# Library configuration
#

config BINARY_PRINTF
	def_bool n

menu "Library routines"

config RAID6_PQ
	tristate

config BITREVERSE
	tristate

config GENERIC_STRNCPY_FROM_USER
	bool

config GENERIC_STRNLEN_USER
	bool

config CRC32
	tristate "CRC32/CRC32c functions"
	default y
	select BITREVERSE
	help
	  This option is provided for the case where no in-kernel-tree
	  modules require CRC32/CRC32c functions, but a module built outside
	  the kernel tree does. Such modules that use library CRC32/CRC32c
	  functions require M here.

endmenu
""")

LIB_MAKEFILE = _t(r"""
# SPDX-License-Identifier: GPL-2.0
#
# Makefile for some libs needed in the kernel.
#

lib-y := string.o
""")

FS_MAKEFILE = _t(r"""
# SPDX-License-Identifier: GPL-2.0
#
# Makefile for the Linux filesystems.
#
# 14 Sep 2000, Christoph Hellwig <hch@infradead.org>
# Rewritten to use lists instead of if-statements.
#

obj-y :=	read_write.o
""")

NET_KCONFIG = _t(r"""
# SPDX-License-Identifier: GPL-2.0-only
#
# Network configuration
#

menuconfig NET
	bool "Networking support"
	select NLATTR
	select GENERIC_NET_UTILS
	help
	  Unless you really know what you are doing, you should say Y here.
	  The reason is that some programs need kernel networking support even
	  when running on a stand-alone machine that isn't connected to any
	  other computer.

	  If you are upgrading from an older kernel, you
	  should consider updating your networking tools too because changes
	  in the kernel and the tools often go hand in hand. The tools are
	  contained in the package net-tools, the location and version number
	  of which are given in <file:Documentation/Changes>.

if NET

config WANT_COMPAT_NETLINK_MESSAGES
	bool
	help
	  This option can be selected by other options that need compat
	  netlink messages.

config NET_INGRESS
	bool

config NET_EGRESS
	bool

endif   # if NET
""")

NET_MAKEFILE = _t(r"""
# SPDX-License-Identifier: GPL-2.0
#
# Makefile for the linux networking.
#
# 2 Sep 2000, Christoph Hellwig <hch@infradead.org>
# Rewritten to use lists instead of if-statements.
#

obj-y				:= core/
""")

NET_CORE_MAKEFILE = _t(r"""
# SPDX-License-Identifier: GPL-2.0-only
#
# Makefile for the Linux networking core.
#

obj-y		     += dev.o
""")

BLOCK_KCONFIG = _t(r"""
# SPDX-License-Identifier: GPL-2.0
#
# Block layer core configuration
#
menuconfig BLOCK
	bool "Enable the block layer" if EXPERT
	default y
	help
	 Provide block layer support for the kernel.

	 Disable this option to remove the block layer support from the
	 kernel. This may be useful for embedded devices.

	 If this option is disabled:

	   - block device files will become unusable
	   - some filesystems (such as ext3) will become unavailable.

	 Also, SCSI character devices and USB storage will be disabled since
	 they make use of various block layer definitions and facilities.

	 Say Y here unless you know you really don't want to mount disks and
	 suchlike.

if BLOCK

config BLK_DEV_BSG_COMMON
	tristate

config BLK_DEV_INTEGRITY
	bool "Block layer data integrity support"
	help
	Some storage devices allow extra information to be
	stored/retrieved to help protect the data.  The block layer
	data integrity option provides hooks which can be used by
	filesystems to ensure better data integrity.

	Say yes here if you have a storage device that provides the
	T10/SCSI Data Integrity Field or the T13/ATA External Path
	Protection.  If in doubt, say N.

config BLK_DEBUG_FS
	bool "Block layer debugging information in debugfs"
	default y
	depends on DEBUG_FS
	help
	Include block layer debugging information in debugfs. This information
	is mostly useful for kernel developers, but it doesn't incur any cost
	at runtime.

	Unless you are building a kernel for a tiny system, you should
	say Y here.

endif # BLOCK
""")

BLOCK_MAKEFILE = _t(r"""
# SPDX-License-Identifier: GPL-2.0
#
# Makefile for the kernel block layer
#

obj-y		:= bio.o
""")

DRIVERS_KCONFIG = _t(r"""
# SPDX-License-Identifier: GPL-2.0
menu "Device Drivers"

# Keep I/O buses first

source "drivers/block/Kconfig"

source "drivers/net/Kconfig"

endmenu
""")

DRIVERS_MAKEFILE = _t(r"""
# SPDX-License-Identifier: GPL-2.0
#
# Makefile for the Linux kernel device drivers.
#
# 15 Sep 2000, Christoph Hellwig <hch@infradead.org>
# Rewritten to use lists instead of if-statements.
#

# Rewritten to use lists instead of if-statements.
obj-$(CONFIG_BLK_DEV)		+= block/

# many drivers use the network stack: keep it after the buses
obj-$(CONFIG_NETDEVICES)	+= net/
""")

DRIVERS_NET_KCONFIG = _t(r"""
# SPDX-License-Identifier: GPL-2.0-only
#
# Network device configuration
#

menuconfig NETDEVICES
	default y if UML
	depends on NET
	bool "Network device support"
	help
	  You can say N here if you don't intend to connect your Linux box to
	  any other computer at all.

	  You'll have to say Y if your computer contains a network card that
	  you want to use under Linux. If you are going to run SLIP or PPP over
	  telephone line or null modem cable you need say Y here. Connecting
	  two machines with parallel ports using PLIP needs this, as well as
	  AX.25/KISS for sending Internet traffic over amateur radio links.

	  See also "The Linux Network Administrator's Guide" by Olaf Kirch and
	  Terry Dawson. Available at <http://www.tldp.org/guides.html>.

	  If unsure, say Y.

# All the following symbols are dependent on NETDEVICES - do not repeat
# that for each of the symbols.
if NETDEVICES

config NET_CORE
	default y
	bool "Network core driver support"
	help
	  You can say N here if you do not intend to use any of the
	  networking core drivers (i.e. VLAN, bridging, bonding, etc.)

if NET_CORE

config DUMMY
	tristate "Dummy net driver support"
	help
	  This is essentially a bit-bucket device (i.e. traffic you send to
	  this device is consigned into oblivion) with a configurable IP
	  address. It is most commonly used in order to make your currently
	  inactive SLIP address seem like a real address for local programs.
	  If you use SLIP or PPP, you might want to say Y here. It won't
	  enlarge your kernel. What a deal. Read about it in the Network
	  Administrator's Guide, available from
	  <http://www.tldp.org/docs.html#guide>.

	  To compile this driver as a module, choose M here: the module
	  will be called dummy.

config VETH
	tristate "Virtual ethernet pair device"
	help
	  This device is a local ethernet tunnel. Devices are created in pairs.
	  When one end receives the packet it appears on its pair and vice
	  versa.

endif # NET_CORE

endif # NETDEVICES
""")

DRIVERS_NET_MAKEFILE = _t(r"""
# SPDX-License-Identifier: GPL-2.0
#
# Makefile for the Linux network device drivers.
#

#
# Networking Core Drivers
#
obj-$(CONFIG_DUMMY) += dummy.o
obj-$(CONFIG_VETH) += veth.o

#
# Networking Drivers
#
obj-$(CONFIG_NET) += loopback.o
""")

DRIVERS_BLOCK_KCONFIG = _t(r"""
# SPDX-License-Identifier: GPL-2.0
#
# Block device driver configuration
#

menuconfig BLK_DEV
	bool "Block devices"
	depends on BLOCK
	default y
	help
	  Say Y here to get to see options for various different block device
	  drivers. This option alone does not add any kernel code.

	  If you say N, all options in this submenu will be skipped and disabled;
	  only do this if you know what you are doing.

if BLK_DEV

config BLK_DEV_LOOP
	tristate "Loopback device support"
	help
	  Saying Y here will allow you to use a regular file as a block
	  device; you can then create a file system on that block device and
	  mount it just as you would mount other block devices such as hard
	  drive partitions, CD-ROM drives or floppy drives. The loop devices
	  are block special device files with major number 7 and typically
	  called /dev/loop0, /dev/loop1 etc.

	  This is useful if you want to check an ISO 9660 file system before
	  burning the CD, or if you want to use floppy images without first
	  writing them to floppy. Furthermore, some Linux distributions avoid
	  the need for a dedicated Linux partition by keeping their complete
	  root file system inside a DOS FAT file using this loop device
	  driver.

	  To compile this driver as a module, choose M here: the
	  module will be called loop.

	  Most users will answer N here.

config BLK_DEV_LOOP_MIN_COUNT
	int "Number of loop devices to pre-create at init time"
	depends on BLK_DEV_LOOP
	default 8
	help
	  Static number of loop devices to be unconditionally pre-created
	  at init time.

	  This default value can be overwritten on the kernel command
	  line or with module-parameter loop.max_loop.

config BLK_DEV_RAM
	tristate "RAM block device support"
	help
	  Saying Y here will allow you to use a portion of your RAM memory as
	  a block device, so that you can make file systems on it, read and
	  write to it and do all the other things that you can do with normal
	  block devices (such as hard drives). It is usually used to load and
	  store a copy of a minimal root file system off of a floppy into RAM
	  during the initial install of Linux.

	  To compile this driver as a module, choose M here: the
	  module will be called brd. An alias "rd" has been defined
	  for historical reasons.

	  Most normal users won't need the RAM disk functionality, and can
	  thus say N here.

config BLK_DEV_RAM_COUNT
	int "Default number of RAM disks"
	default "16"
	depends on BLK_DEV_RAM
	help
	  The default value is 16 RAM disks. Change this if you know what you
	  are doing. If you boot from a filesystem that needs to be extracted
	  in memory, you will need at least one RAM disk (e.g. root on cramfs).

endif # BLK_DEV
""")

DRIVERS_BLOCK_MAKEFILE = _t(r"""
# SPDX-License-Identifier: GPL-2.0
#
# Makefile for the kernel block device drivers.
#
# 12 June 2000, Christoph Hellwig <hch@infradead.org>
# Rewritten to use lists instead of if-statements.
#

obj-y				+= blkdev.o

obj-$(CONFIG_BLK_DEV_RAM)	+= brd.o
obj-$(CONFIG_BLK_DEV_LOOP)	+= loop.o
""")

ARCH_X86_KCONFIG = _t(r"""
# SPDX-License-Identifier: GPL-2.0
# Select 32 or 64 bit
config 64BIT
	bool "64-bit kernel" if "$(ARCH)" = "x86"
	default "$(ARCH)" != "i386"
	help
	  Say yes to build a 64-bit kernel - formerly known as x86_64
	  Say no to build a 32-bit kernel - formerly known as i386

config X86_32
	def_bool y
	depends on !64BIT

config X86_64
	def_bool y
	depends on 64BIT

### Arch settings
config X86
	def_bool y
	select ARCH_HAS_DEBUG_VIRTUAL
	select ARCH_HAS_FAST_MULTIPLIER
	select ARCH_SUPPORTS_ATOMIC_RMW
	select GENERIC_IRQ_MIGRATION		if SMP
	select GENERIC_PENDING_IRQ		if SMP
	select HAVE_ARCH_AUDITSYSCALL
	select SPARSE_IRQ

config SMP
	bool "Symmetric multi-processing support"
	help
	  This enables support for systems with more than one CPU. If you have
	  a system with only one CPU, say N. If you have a system with more
	  than one CPU, say Y.

config HOTPLUG_CPU
	def_bool y
	depends on SMP

menu "Processor type and features"

config X86_X2APIC
	bool "Support x2apic"
	depends on X86_LOCAL_APIC && X86_64
	help
	  This enables x2apic support on CPUs that have this feature.

	  This allows 32-bit apic IDs (so it can support very large systems),
	  and accesses the local apic via MSRs not via mmio.

	  If you don't know what to do here, say N.

config X86_MPPARSE
	bool "Enable MPS table" if ACPI
	default y
	depends on X86_LOCAL_APIC
	help
	  For old smp systems that do not have proper acpi support. Newer systems
	  (esp with 64bit cpus) with acpi support, MADT and DSDT will override it

menuconfig HYPERVISOR_GUEST
	bool "Linux guest support"
	help
	  Say Y here to enable options for running Linux under various hyper-
	  visors. This option enables basic hypervisor detection and platform
	  setup.

	  If you say N, all options in this submenu will be skipped and
	  disabled, and Linux guest support won't be built in.

if HYPERVISOR_GUEST

config PARAVIRT
	bool "Enable paravirtualization code"
	depends on HAVE_STATIC_CALL
	help
	  This changes the kernel so it can modify itself when it is run
	  under a hypervisor, potentially improving performance significantly
	  over full virtualization.  However, when run without a hypervisor
	  the kernel is theoretically slower and slightly larger.

config KVM_GUEST
	bool "KVM Guest support (including kvmclock)"
	depends on PARAVIRT
	select PARAVIRT_CLOCK
	select ARCH_CPUIDLE_HALTPOLL
	default y
	help
	  This option enables various optimizations for running under the KVM
	  hypervisor. It includes a paravirtualized clock, so that instead
	  of relying on a PIT (or probably other) emulation by the
	  underlying device model, the host provides the guest with
	  timing infrastructure such as time of day, and system time

endif # HYPERVISOR_GUEST

config NR_CPUS
	int "Maximum number of CPUs" if SMP
	range 2 512 if SMP
	default "1" if !SMP
	default "64" if SMP
	help
	  This allows you to specify the maximum number of CPUs which this
	  kernel will support.

config X86_MCE
	bool "Machine Check / overheating reporting"
	select GENERIC_ALLOCATOR
	default y
	help
	  Machine Check support allows the processor to notify the
	  kernel if it detects a problem (e.g. overheating, data corruption).
	  The action the kernel takes depends on the severity of the problem,
	  ranging from warning messages to halting the machine.

endmenu
""")

ARCH_X86_MAKEFILE = _t(r"""
# SPDX-License-Identifier: GPL-2.0
# Unified Makefile for i386 and x86_64

# select defconfig based on actual architecture
ifeq ($(ARCH),x86)
  ifeq ($(shell uname -m),x86_64)
        KBUILD_DEFCONFIG := x86_64_defconfig
  else
        KBUILD_DEFCONFIG := i386_defconfig
  endif
else
        KBUILD_DEFCONFIG := $(ARCH)_defconfig
endif

# How to compile the 16-bit code.  Note we always compile for -march=i386;
# that way we can complain to the user if the CPU is insufficient.
REALMODE_CFLAGS	:= -m16 -g -Os -DDISABLE_BRANCH_PROFILING -D__DISABLE_EXPORTS \
		   -Wall -Wstrict-prototypes -march=i386 -mregparm=3 \
		   -fno-strict-aliasing -fomit-frame-pointer -fno-pic \
		   -mno-mmx -mno-sse
export REALMODE_CFLAGS

# Prevent GCC from generating any FP code by mistake.
KBUILD_CFLAGS += -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx

ifeq ($(CONFIG_X86_32),y)
        BITS := 32
        UTS_MACHINE := i386
        CHECKFLAGS += -D__i386__
        KBUILD_AFLAGS += -m32
        KBUILD_CFLAGS += -m32
else
        BITS := 64
        UTS_MACHINE := x86_64
        CHECKFLAGS += -D__x86_64__
        KBUILD_AFLAGS += -m64
        KBUILD_CFLAGS += -m64

        # Don't autogenerate traditional x87 instructions
        KBUILD_CFLAGS += -mno-80387
        KBUILD_CFLAGS += $(call cc-option,-mno-fp-ret-in-387)

        # Use -mskip-rax-setup if supported.
        KBUILD_CFLAGS += $(call cc-option,-mskip-rax-setup)

        KBUILD_CFLAGS += -mno-red-zone
        KBUILD_CFLAGS += -mcmodel=kernel
endif

# Stackpointer is addressed different for 32 bit and 64 bit x86
sp-$(CONFIG_X86_32) := esp
sp-$(CONFIG_X86_64) := rsp

###
# Kernel objects

core-y += arch/x86/kernel/

archheaders:
	$(Q)$(MAKE) $(build)=arch/x86/entry/syscalls all

define archhelp
  echo  '* bzImage		- Compressed kernel image (arch/x86/boot/bzImage)'
  echo  '  install		- Install kernel using (your) ~/bin/$(INSTALLKERNEL) or'
  echo  '			  (distribution) /sbin/$(INSTALLKERNEL) or install to '
  echo  '			  $$(INSTALL_PATH) and run lilo'
endef
""")

ARCH_X86_KERNEL_MAKEFILE = _t(r"""
# SPDX-License-Identifier: GPL-2.0
#
# Makefile for the linux kernel.
#

CPPFLAGS_vmlinux.lds := -DTEXT_OFFSET=$(TEXT_OFFSET)

# If these files are instrumented, boot hangs during the first second.
KCOV_INSTRUMENT_head$(BITS).o				:= n

obj-y			:= setup.o e820.o hypervisor.o
""")


# ---------------------------------------------------------------------------------------------
# include/linux and arch/x86/include/asm
# ---------------------------------------------------------------------------------------------

LINUX_COMPILER_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __LINUX_COMPILER_H
#define __LINUX_COMPILER_H

/*
 * Compiler attributes and helpers used all over the kernel. This header
 * must not need any type: it is the first thing everything includes.
 */

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

/* Optimization barrier */
#define barrier()		__asm__ __volatile__("" : : : "memory")

#define __section(s)		__attribute__((__section__(s)))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __packed		__attribute__((__packed__))
#define __used			__attribute__((__used__))
#define __maybe_unused		__attribute__((__unused__))
#define __always_unused		__attribute__((__unused__))
#define __must_check		__attribute__((__warn_unused_result__))
#define __noreturn		__attribute__((__noreturn__))
#define __cold			__attribute__((__cold__))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#define __always_inline		inline __attribute__((__always_inline__))
#define noinline		__attribute__((__noinline__))
#define __visible		__attribute__((__externally_visible__))
#define fallthrough		__attribute__((__fallthrough__))
#define asmlinkage

#define __read_mostly		__section(".data..read_mostly")
#define __user
#define __iomem
#define __force

#define READ_ONCE(x)		(*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, val)	do { *(volatile typeof(x) *)&(x) = (val); } while (0)

#define __stringify_1(x...)	#x
#define __stringify(x...)	__stringify_1(x)

#endif /* __LINUX_COMPILER_H */
""")

LINUX_STDARG_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _LINUX_STDARG_H
#define _LINUX_STDARG_H

typedef __builtin_va_list va_list;
#define va_start(v, l)	__builtin_va_start(v, l)
#define va_end(v)	__builtin_va_end(v)
#define va_arg(v, T)	__builtin_va_arg(v, T)
#define va_copy(d, s)	__builtin_va_copy(d, s)

#endif
""")

LINUX_TYPES_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

#include <linux/compiler.h>

typedef unsigned char		u8;
typedef unsigned short		u16;
typedef unsigned int		u32;
typedef unsigned long long	u64;
typedef signed char		s8;
typedef short			s16;
typedef int			s32;
typedef long long		s64;

typedef u16			__u16;
typedef u32			__u32;
typedef u64			__u64;
typedef u16			__be16;
typedef u32			__be32;

typedef _Bool			bool;
enum {
	false	= 0,
	true	= 1
};

#define NULL ((void *)0)

typedef unsigned long		size_t;
typedef long			ssize_t;
typedef long long		loff_t;
typedef unsigned long		uintptr_t;
typedef unsigned int		gfp_t;
typedef unsigned int		fmode_t;
typedef u64			phys_addr_t;
typedef u64			dma_addr_t;
typedef u64			sector_t;
typedef u64			blkcnt_t;

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	s64 counter;
} atomic64_t;

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

#endif /* _LINUX_TYPES_H */
""")

LINUX_KERNEL_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <linux/stdarg.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/printk.h>

#define USHRT_MAX	((unsigned short)~0U)
#define INT_MAX		((int)(~0U >> 1))
#define UINT_MAX	(~0U)
#define LONG_MAX	((long)(~0UL >> 1))
#define ULONG_MAX	(~0UL)

#define BITS_PER_LONG	64

#define READ			0
#define WRITE			1

#define ARRAY_SIZE(arr)		(sizeof(arr) / sizeof((arr)[0]))
#define ALIGN(x, a)		(((x) + ((typeof(x))(a) - 1)) & ~((typeof(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((typeof(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define BIT(nr)			(1UL << (nr))

#define min(x, y)		((x) < (y) ? (x) : (y))
#define max(x, y)		((x) > (y) ? (x) : (y))
#define min_t(type, x, y)	min((type)(x), (type)(y))
#define max_t(type, x, y)	max((type)(x), (type)(y))
#define clamp(val, lo, hi)	min(max(val, lo), hi)

#define offsetof(TYPE, MEMBER)	__builtin_offsetof(TYPE, MEMBER)

/**
 * container_of - cast a member of a structure out to the containing structure
 * @ptr:	the pointer to the member.
 * @type:	the type of the container struct this is embedded in.
 * @member:	the name of the member within the struct.
 */
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define BUG()			do { panic("BUG at %s:%d", __FILE__, __LINE__); } while (0)
#define BUG_ON(cond)		do { if (unlikely(cond)) BUG(); } while (0)
#define WARN_ON(cond)		__warn_on(!!(cond), __FILE__, __LINE__)
#define WARN_ON_ONCE(cond)	WARN_ON(cond)
#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), "BUILD_BUG_ON: " #cond)

/*
 * Values used for system_state. Ordering of the states must not be changed
 * as code checks for <, <=, >, >= STATE.
 */
enum system_states {
	SYSTEM_BOOTING,
	SYSTEM_SCHEDULING,
	SYSTEM_RUNNING,
	SYSTEM_HALT,
	SYSTEM_POWER_OFF,
	SYSTEM_RESTART,
};
extern enum system_states system_state;

#define TAINT_PROPRIETARY_MODULE	0
#define TAINT_FORCED_MODULE		1
#define TAINT_WARN			9
#define TAINT_CRAP			10
#define TAINT_OOT_MODULE		12
#define TAINT_AUX			16
#define TAINT_FLAGS_COUNT		19

extern int panic_timeout;
extern unsigned long panic_on_taint;

__noreturn __cold void panic(const char *fmt, ...);
int __warn_on(int cond, const char *file, int line);
void add_taint(unsigned int flag);
int test_taint(unsigned int flag);
const char *print_tainted(void);

int snprintf(char *buf, size_t size, const char *fmt, ...);
int scnprintf(char *buf, size_t size, const char *fmt, ...);
int sprintf(char *buf, const char *fmt, ...);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base);
unsigned long long memparse(const char *ptr, char **retptr);
void might_sleep(void);
void cpu_relax(void);
void msleep(unsigned int msecs);
void udelay(unsigned long usecs);

#endif /* _LINUX_KERNEL_H */
""")

LINUX_PRINTK_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __KERNEL_PRINTK__
#define __KERNEL_PRINTK__

#include <linux/compiler.h>

#define KERN_SOH	"\001"		/* ASCII Start Of Header */

#define KERN_EMERG	KERN_SOH "0"	/* system is unusable */
#define KERN_ALERT	KERN_SOH "1"	/* action must be taken immediately */
#define KERN_CRIT	KERN_SOH "2"	/* critical conditions */
#define KERN_ERR	KERN_SOH "3"	/* error conditions */
#define KERN_WARNING	KERN_SOH "4"	/* warning conditions */
#define KERN_NOTICE	KERN_SOH "5"	/* normal but significant condition */
#define KERN_INFO	KERN_SOH "6"	/* informational */
#define KERN_DEBUG	KERN_SOH "7"	/* debug-level messages */

#define KERN_CONT	KERN_SOH "c"

asmlinkage int printk(const char *fmt, ...);
void dump_stack(void);

static inline int no_printk(const char *fmt, ...)
{
	return 0;
}

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define pr_emerg(fmt, ...) \
	printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...) \
	printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...) \
	printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) \
	printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) \
	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) \
	printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) \
	printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...) \
	printk(KERN_CONT fmt, ##__VA_ARGS__)

#ifdef DEBUG
#define pr_debug(fmt, ...) \
	printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_debug(fmt, ...) \
	no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif

#define printk_once(fmt, ...)					\
({								\
	static bool __section(".data.once") __print_once;	\
	bool __ret_print_once = !__print_once;			\
								\
	if (!__print_once) {					\
		__print_once = true;				\
		printk(fmt, ##__VA_ARGS__);			\
	}							\
	__ret_print_once;					\
})

#define pr_warn_once(fmt, ...)					\
	printk_once(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_once(fmt, ...)					\
	printk_once(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)

#endif
""")

LINUX_EXPORT_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _LINUX_EXPORT_H
#define _LINUX_EXPORT_H

#include <linux/compiler.h>

/*
 * Export symbols from the kernel to modules.  Forked from module.h
 * to reduce the amount of pointless cruft we feed to gcc when only
 * exporting a simple symbol or two.
 */

struct kernel_symbol {
	unsigned long value;
	const char *name;
	const char *namespace;
};

#define ___EXPORT_SYMBOL(sym, sec, ns)					\
	extern typeof(sym) sym;						\
	static const struct kernel_symbol __ksymtab_##sym		\
	__used __section("___ksymtab" sec "+" #sym) =			\
	{ (unsigned long)&sym, #sym, ns }

#define _EXPORT_SYMBOL(sym, sec)	___EXPORT_SYMBOL(sym, sec, "")
#define EXPORT_SYMBOL(sym)		_EXPORT_SYMBOL(sym, "")
#define EXPORT_SYMBOL_GPL(sym)		_EXPORT_SYMBOL(sym, "_gpl")
#define EXPORT_SYMBOL_NS(sym, ns)	___EXPORT_SYMBOL(sym, "", #ns)
#define EXPORT_SYMBOL_NS_GPL(sym, ns)	___EXPORT_SYMBOL(sym, "_gpl", #ns)

#endif /* _LINUX_EXPORT_H */
""")

LINUX_INIT_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H

#include <linux/compiler.h>
#include <linux/types.h>

/* These macros are used to mark some functions or
 * initialized data (doesn't apply to uninitialized data)
 * as `initialization' functions. The kernel can take this
 * as hint that the function is used only during the initialization
 * phase and free up used memory resources after
 *
 * Usage:
 * For functions:
 *
 * You should add __init immediately before the function name, like:
 *
 * static void __init initme(int x, int y)
 * {
 *    extern int z; z = x * y;
 * }
 */

#define __init		__section(".init.text") __cold
#define __initdata	__section(".init.data")
#define __initconst	__section(".init.rodata")
#define __exit		__section(".exit.text")
#define __exitdata	__section(".exit.data")
#define __ref		__section(".ref.text") noinline
#define __refdata	__section(".ref.data")

typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);

#define ___define_initcall(fn, id, __sec) \
	static initcall_t __initcall_##fn##id __used \
		__attribute__((__section__(#__sec ".init"))) = fn;

#define __define_initcall(fn, id) ___define_initcall(fn, id, .initcall##id)

#define early_initcall(fn)		__define_initcall(fn, early)
#define pure_initcall(fn)		__define_initcall(fn, 0)
#define core_initcall(fn)		__define_initcall(fn, 1)
#define postcore_initcall(fn)		__define_initcall(fn, 2)
#define arch_initcall(fn)		__define_initcall(fn, 3)
#define subsys_initcall(fn)		__define_initcall(fn, 4)
#define fs_initcall(fn)			__define_initcall(fn, 5)
#define device_initcall(fn)		__define_initcall(fn, 6)
#define late_initcall(fn)		__define_initcall(fn, 7)

#define __initcall(fn) device_initcall(fn)

struct obs_kernel_param {
	const char *str;
	int (*setup_func)(char *);
	int early;
};

#define __setup_param(str, unique_id, fn, early)			\
	static const char __setup_str_##unique_id[] __initconst	\
		__aligned(1) = str;					\
	static struct obs_kernel_param __setup_##unique_id		\
		__used __section(".init.setup")				\
		__aligned(__alignof__(struct obs_kernel_param))		\
		= { __setup_str_##unique_id, fn, early }

#define __setup(str, fn)						\
	__setup_param(str, fn, fn, 0)

#define early_param(str, fn)						\
	__setup_param(str, fn, fn, 1)

extern char boot_command_line[];
extern char *saved_command_line;

void __init parse_early_param(void);
void __init parse_early_options(char *cmdline);

#endif /* _LINUX_INIT_H */
""")

LINUX_MODULE_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dynamic loading of modules into the kernel.
 *
 * Rewritten by Richard Henderson <rth@tamu.edu> Dec 1996
 * Rewritten again by Rusty Russell, 2002
 */

#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H

#include <linux/types.h>
#include <linux/init.h>
#include <linux/export.h>

#define MODULE_NAME_LEN 56

struct module {
	char name[MODULE_NAME_LEN];
	int (*init)(void);
	void (*exit)(void);
	unsigned int taints;
};

extern struct module __this_module;
#define THIS_MODULE (&__this_module)

#define __MODULE_INFO(tag, name, info)					\
	static const char __UNIQUE_ID_##name[]				\
		__used __section(".modinfo") __aligned(1)		\
		= __stringify(tag) "=" info

#define MODULE_INFO(tag, info)		__MODULE_INFO(tag, tag, info)
#define MODULE_LICENSE(_license)	MODULE_INFO(license, _license)
#define MODULE_AUTHOR(_author)		MODULE_INFO(author, _author)
#define MODULE_DESCRIPTION(_desc)	MODULE_INFO(description, _desc)
#define MODULE_ALIAS(_alias)		MODULE_INFO(alias, _alias)
#define MODULE_VERSION(_version)	MODULE_INFO(version, _version)
#define MODULE_PARM_DESC(_parm, desc)	MODULE_INFO(parm, #_parm ":" desc)

#define module_param_named(name, value, type, perm)			\
	static void *__param_##name __used = &(value)
#define module_param(name, type, perm)					\
	module_param_named(name, name, type, perm)

#define module_init(initfn)		__initcall(initfn)
#define module_exit(exitfn)						\
	static exitcall_t __exitcall_##exitfn __used			\
		__section(".exitcall.exit") = exitfn

bool try_module_get(struct module *module);
void module_put(struct module *module);

#endif /* _LINUX_MODULE_H */
""")

LINUX_ERRNO_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#define	EPERM		 1	/* Operation not permitted */
#define	ENOENT		 2	/* No such file or directory */
#define	ESRCH		 3	/* No such process */
#define	EINTR		 4	/* Interrupted system call */
#define	EIO		 5	/* I/O error */
#define	ENXIO		 6	/* No such device or address */
#define	E2BIG		 7	/* Argument list too long */
#define	EBADF		 9	/* Bad file number */
#define	EAGAIN		11	/* Try again */
#define	ENOMEM		12	/* Out of memory */
#define	EACCES		13	/* Permission denied */
#define	EFAULT		14	/* Bad address */
#define	EBUSY		16	/* Device or resource busy */
#define	EEXIST		17	/* File exists */
#define	ENODEV		19	/* No such device */
#define	EINVAL		22	/* Invalid argument */
#define	ENOSPC		28	/* No space left on device */
#define	ESPIPE		29	/* Illegal seek */
#define	ERANGE		34	/* Math result not representable */
#define	ENOSYS		38	/* Invalid system call number */
#define	EOPNOTSUPP	95	/* Operation not supported on transport endpoint */
#define	ENETDOWN	100	/* Network is down */
#define	ENOBUFS		105	/* No buffer space available */
#define	ENOTCONN	107	/* Transport endpoint is not connected */
#define	ETIMEDOUT	110	/* Connection timed out */

#define ERESTARTSYS	512
#define EPROBE_DEFER	517	/* Driver requests probe retry */

#endif
""")

LINUX_ERR_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_ERR_H
#define _LINUX_ERR_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/errno.h>

/*
 * Kernel pointers have redundant information, so we can use a
 * scheme where we can return either an error code or a normal
 * pointer with the same return value.
 *
 * This should be a per-architecture thing, to allow different
 * error and pointer decisions.
 */
#define MAX_ERRNO	4095

#define IS_ERR_VALUE(x) unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *) error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long) ptr;
}

static inline void *ERR_CAST(const void *ptr)
{
	/* cast away the const */
	return (void *) ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return unlikely(!ptr) || IS_ERR_VALUE((unsigned long)ptr);
}

#endif /* _LINUX_ERR_H */
""")

LINUX_LIST_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_LIST_H
#define _LINUX_LIST_H

#include <linux/types.h>
#include <linux/kernel.h>

/*
 * Circular doubly linked list implementation.
 *
 * Some of the internal functions ("__xxx") are useful when
 * manipulating whole lists rather than single entries, as
 * sometimes we already know the next/prev entries and we can
 * generate better code by using them directly rather than
 * using the generic single-entry routines.
 */

#define LIST_HEAD_INIT(name) { &(name), &(name) }

#define LIST_HEAD(name) \
	struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	WRITE_ONCE(list->next, list);
	list->prev = list;
}

static inline void __list_add(struct list_head *new,
			      struct list_head *prev,
			      struct list_head *next)
{
	next->prev = new;
	new->next = next;
	new->prev = prev;
	WRITE_ONCE(prev->next, new);
}

static inline void list_add(struct list_head *new, struct list_head *head)
{
	__list_add(new, head, head->next);
}

static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
	__list_add(new, head->prev, head);
}

static inline void list_del(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	WRITE_ONCE(entry->prev->next, entry->next);
	entry->next = NULL;
	entry->prev = NULL;
}

static inline void list_del_init(struct list_head *entry)
{
	list_del(entry);
	INIT_LIST_HEAD(entry);
}

static inline int list_empty(const struct list_head *head)
{
	return READ_ONCE(head->next) == head;
}

#define list_entry(ptr, type, member) \
	container_of(ptr, type, member)

#define list_first_entry(ptr, type, member) \
	list_entry((ptr)->next, type, member)

#define list_first_entry_or_null(ptr, type, member) \
	(list_empty(ptr) ? NULL : list_first_entry(ptr, type, member))

#define list_next_entry(pos, member) \
	list_entry((pos)->member.next, typeof(*(pos)), member)

#define list_for_each(pos, head) \
	for (pos = (head)->next; pos != (head); pos = pos->next)

#define list_for_each_entry(pos, head, member)				\
	for (pos = list_first_entry(head, typeof(*pos), member);	\
	     &pos->member != (head);					\
	     pos = list_next_entry(pos, member))

#define list_for_each_entry_safe(pos, n, head, member)			\
	for (pos = list_first_entry(head, typeof(*pos), member),	\
		n = list_next_entry(pos, member);			\
	     &pos->member != (head);					\
	     pos = n, n = list_next_entry(n, member))

#endif
""")

LINUX_SPINLOCK_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __LINUX_SPINLOCK_H
#define __LINUX_SPINLOCK_H

/*
 * include/linux/spinlock.h - generic spinlock/rwlock declarations
 *
 * here's the role of the various spinlock/rwlock related include files:
 * the generic API is declared here; the architecture provides the
 * low-level primitives.
 */

#include <linux/types.h>
#include <linux/compiler.h>

typedef struct raw_spinlock {
	volatile unsigned int lock;
} raw_spinlock_t;

typedef struct spinlock {
	struct raw_spinlock rlock;
} spinlock_t;

#define __RAW_SPIN_LOCK_UNLOCKED(lockname)	{ 0 }
#define __SPIN_LOCK_UNLOCKED(lockname)	{ __RAW_SPIN_LOCK_UNLOCKED(lockname) }

#define DEFINE_RAW_SPINLOCK(x)	raw_spinlock_t x = __RAW_SPIN_LOCK_UNLOCKED(x)
#define DEFINE_SPINLOCK(x)	spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

void raw_spin_lock_init(raw_spinlock_t *lock);
void raw_spin_lock(raw_spinlock_t *lock);
void raw_spin_unlock(raw_spinlock_t *lock);
unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock);
void _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags);

#define raw_spin_lock_irqsave(lock, flags)			\
	do {							\
		flags = _raw_spin_lock_irqsave(lock);		\
	} while (0)

#define raw_spin_unlock_irqrestore(lock, flags)			\
	_raw_spin_unlock_irqrestore(lock, flags)

static __always_inline void spin_lock_init(spinlock_t *lock)
{
	raw_spin_lock_init(&lock->rlock);
}

static __always_inline void spin_lock(spinlock_t *lock)
{
	raw_spin_lock(&lock->rlock);
}

static __always_inline void spin_unlock(spinlock_t *lock)
{
	raw_spin_unlock(&lock->rlock);
}

#define spin_lock_irqsave(lock, flags)				\
	do {							\
		flags = _raw_spin_lock_irqsave(&(lock)->rlock);	\
	} while (0)

#define spin_unlock_irqrestore(lock, flags)			\
	_raw_spin_unlock_irqrestore(&(lock)->rlock, flags)

#define lockdep_assert_held(l)	do { (void)(l); } while (0)

#endif /* __LINUX_SPINLOCK_H */
""")

LINUX_MUTEX_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Mutexes: blocking mutual exclusion locks
 *
 * This file contains the main data structure and API definitions.
 */
#ifndef __LINUX_MUTEX_H
#define __LINUX_MUTEX_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/spinlock.h>

struct mutex {
	atomic64_t		owner;
	raw_spinlock_t		wait_lock;
	struct list_head	wait_list;
};

#define __MUTEX_INITIALIZER(lockname) \
		{ .owner = { 0 } \
		, .wait_lock = __RAW_SPIN_LOCK_UNLOCKED(lockname.wait_lock) \
		, .wait_list = LIST_HEAD_INIT(lockname.wait_list) }

#define DEFINE_MUTEX(mutexname) \
	struct mutex mutexname = __MUTEX_INITIALIZER(mutexname)

void mutex_init(struct mutex *lock);
void mutex_lock(struct mutex *lock);
int __must_check mutex_lock_interruptible(struct mutex *lock);
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);

#endif /* __LINUX_MUTEX_H */
""")

LINUX_ATOMIC_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
/* Atomic operations usable in machine independent code */
#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H

#include <linux/types.h>
#include <linux/compiler.h>

#define ATOMIC_INIT(i) { (i) }

#define atomic_read(v)		READ_ONCE((v)->counter)
#define atomic_set(v, i)	WRITE_ONCE(((v)->counter), (i))

static inline void atomic_add(int i, atomic_t *v)
{
	__atomic_add_fetch(&v->counter, i, __ATOMIC_RELAXED);
}

static inline void atomic_sub(int i, atomic_t *v)
{
	__atomic_sub_fetch(&v->counter, i, __ATOMIC_RELAXED);
}

static inline int atomic_inc_return(atomic_t *v)
{
	return __atomic_add_fetch(&v->counter, 1, __ATOMIC_SEQ_CST);
}

static inline int atomic_dec_return(atomic_t *v)
{
	return __atomic_sub_fetch(&v->counter, 1, __ATOMIC_SEQ_CST);
}

static inline void atomic64_inc(atomic64_t *v)
{
	__atomic_add_fetch(&v->counter, 1, __ATOMIC_RELAXED);
}

static inline s64 atomic64_read(const atomic64_t *v)
{
	return READ_ONCE(v->counter);
}

#define atomic_inc(v)			atomic_add(1, (v))
#define atomic_dec(v)			atomic_sub(1, (v))
#define atomic_dec_and_test(v)		(atomic_dec_return(v) == 0)

static inline int atomic_cmpxchg(atomic_t *v, int old, int new)
{
	__atomic_compare_exchange_n(&v->counter, &old, new, 0,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return old;
}

static inline bool test_bit(long nr, const volatile unsigned long *addr)
{
	return 1UL & (addr[nr / 64] >> (nr & 63));
}

static inline void set_bit(long nr, volatile unsigned long *addr)
{
	__atomic_or_fetch(&addr[nr / 64], 1UL << (nr & 63), __ATOMIC_SEQ_CST);
}

static inline void clear_bit(long nr, volatile unsigned long *addr)
{
	__atomic_and_fetch(&addr[nr / 64], ~(1UL << (nr & 63)), __ATOMIC_SEQ_CST);
}

static inline bool test_and_set_bit(long nr, volatile unsigned long *addr)
{
	unsigned long mask = 1UL << (nr & 63);

	return __atomic_fetch_or(&addr[nr / 64], mask, __ATOMIC_SEQ_CST) & mask;
}

static inline bool test_and_clear_bit(long nr, volatile unsigned long *addr)
{
	unsigned long mask = 1UL << (nr & 63);

	return __atomic_fetch_and(&addr[nr / 64], ~mask, __ATOMIC_SEQ_CST) & mask;
}

#define smp_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
#define virt_mb()	smp_mb()
#define virt_rmb()	smp_rmb()
#define virt_wmb()	smp_wmb()

#endif /* _LINUX_ATOMIC_H */
""")

LINUX_STRING_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_STRING_H_
#define _LINUX_STRING_H_

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/gfp.h>

void *memset(void *s, int c, size_t count);
void *memcpy(void *dest, const void *src, size_t count);
void *memmove(void *dest, const void *src, size_t count);
int memcmp(const void *cs, const void *ct, size_t count);
void *memchr(const void *s, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t count);
int strcmp(const char *cs, const char *ct);
int strncmp(const char *cs, const char *ct, size_t count);
char *strcpy(char *dest, const char *src);
ssize_t strscpy(char *dest, const char *src, size_t count);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *s1, const char *s2);
char *skip_spaces(const char *str);
char *strim(char *s);

char *kstrdup(const char *s, gfp_t gfp);
void *kmemdup(const void *src, size_t len, gfp_t gfp);

static inline bool strstarts(const char *str, const char *prefix)
{
	return strncmp(str, prefix, strlen(prefix)) == 0;
}

#endif /* _LINUX_STRING_H_ */
""")

LINUX_GFP_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __LINUX_GFP_H
#define __LINUX_GFP_H

#include <linux/types.h>

struct page;

/* Plain integer GFP bitmasks. Do not use this directly. */
#define ___GFP_DMA		0x01u
#define ___GFP_HIGHMEM		0x02u
#define ___GFP_DMA32		0x04u
#define ___GFP_MOVABLE		0x08u
#define ___GFP_RECLAIMABLE	0x10u
#define ___GFP_HIGH		0x20u
#define ___GFP_IO		0x40u
#define ___GFP_FS		0x80u
#define ___GFP_ZERO		0x100u
#define ___GFP_DIRECT_RECLAIM	0x400u
#define ___GFP_KSWAPD_RECLAIM	0x800u
#define ___GFP_NOWARN		0x2000u
#define ___GFP_NOFAIL		0x8000u
#define ___GFP_NORETRY		0x10000u

#define __GFP_DMA	((gfp_t)___GFP_DMA)
#define __GFP_HIGHMEM	((gfp_t)___GFP_HIGHMEM)
#define __GFP_DMA32	((gfp_t)___GFP_DMA32)
#define __GFP_MOVABLE	((gfp_t)___GFP_MOVABLE)
#define __GFP_HIGH	((gfp_t)___GFP_HIGH)
#define __GFP_IO	((gfp_t)___GFP_IO)
#define __GFP_FS	((gfp_t)___GFP_FS)
#define __GFP_ZERO	((gfp_t)___GFP_ZERO)
#define __GFP_NOWARN	((gfp_t)___GFP_NOWARN)
#define __GFP_NOFAIL	((gfp_t)___GFP_NOFAIL)
#define __GFP_NORETRY	((gfp_t)___GFP_NORETRY)
#define __GFP_DIRECT_RECLAIM	((gfp_t)___GFP_DIRECT_RECLAIM)
#define __GFP_KSWAPD_RECLAIM	((gfp_t)___GFP_KSWAPD_RECLAIM)
#define __GFP_RECLAIM ((gfp_t)(___GFP_DIRECT_RECLAIM|___GFP_KSWAPD_RECLAIM))

#define GFP_ATOMIC	(__GFP_HIGH|__GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL	(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_NOWAIT	(__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO	(__GFP_RECLAIM)
#define GFP_NOFS	(__GFP_RECLAIM | __GFP_IO)
#define GFP_USER	(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_HIGHUSER	(GFP_USER | __GFP_HIGHMEM)

#define MAX_ORDER 11

struct page *alloc_pages(gfp_t gfp, unsigned int order);
unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order);
unsigned long get_zeroed_page(gfp_t gfp_mask);
void __free_pages(struct page *page, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);

#define alloc_page(gfp_mask) alloc_pages(gfp_mask, 0)
#define __get_free_page(gfp_mask) \
		__get_free_pages((gfp_mask), 0)
#define __free_page(page) __free_pages((page), 0)
#define free_page(addr) free_pages((addr), 0)

void page_alloc_init(void);

static inline bool gfpflags_allow_blocking(const gfp_t gfp_flags)
{
	return !!(gfp_flags & __GFP_DIRECT_RECLAIM);
}

#endif /* __LINUX_GFP_H */
""")

LINUX_MM_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/atomic.h>
#include <asm/page.h>

/*
 * Each physical page in the system has a struct page associated with
 * it to keep track of whatever it is we are using the page for at the
 * moment. Note that we have no way to track which tasks are using
 * a page, though if it is a pagecache page, rmap structures can tell us
 * who is mapping it.
 */
struct page {
	unsigned long flags;		/* Atomic flags, some possibly
					 * updated asynchronously */
	struct list_head lru;
	unsigned long private;
	atomic_t _mapcount;
	atomic_t _refcount;
	void *virtual;			/* Kernel virtual address (NULL if
					   not kmapped, ie. highmem) */
};

enum pageflags {
	PG_locked,		/* Page is locked. Don't touch. */
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_active,
	PG_reserved,
	PG_private,
	PG_buddy,
	__NR_PAGEFLAGS,
};

extern struct page *mem_map;
extern unsigned long max_mapnr;
extern unsigned long max_pfn;
extern unsigned long max_low_pfn;

#define page_to_pfn(page)	((unsigned long)((page) - mem_map))
#define pfn_to_page(pfn)	(mem_map + (pfn))
#define virt_to_page(kaddr)	pfn_to_page(__pa(kaddr) >> PAGE_SHIFT)
#define page_to_virt(page)	__va(page_to_pfn(page) << PAGE_SHIFT)
#define pfn_valid(pfn)		((pfn) < max_mapnr)

void *page_address(const struct page *page);

static inline int page_count(const struct page *page)
{
	return atomic_read(&page->_refcount);
}

static inline void set_page_count(struct page *page, int v)
{
	atomic_set(&page->_refcount, v);
}

static inline void get_page(struct page *page)
{
	atomic_inc(&page->_refcount);
}

void put_page(struct page *page);

static inline bool PageReserved(const struct page *page)
{
	return test_bit(PG_reserved, &page->flags);
}

static inline void SetPageReserved(struct page *page)
{
	set_bit(PG_reserved, &page->flags);
}

static inline void ClearPageReserved(struct page *page)
{
	clear_bit(PG_reserved, &page->flags);
}

unsigned long totalram_pages(void);
void free_reserved_area(void *start, void *end, int poison, const char *s);
void mem_init(void);
void show_mem(unsigned int flags);

#endif /* _LINUX_MM_H */
""")

LINUX_SLAB_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Written by Mark Hemment, 1996 (markhe@nextd.demon.co.uk).
 *
 * (C) SGI 2006, Christoph Lameter
 * 	Cleaned up and restructured to ease the addition of alternative
 * 	implementations of SLAB allocators.
 * (C) Linux Foundation 2008-2013
 *      Unified interface for all slab allocators
 */

#ifndef _LINUX_SLAB_H
#define	_LINUX_SLAB_H

#include <linux/types.h>
#include <linux/gfp.h>

/*
 * Flags to pass to kmem_cache_create().
 * The ones marked DEBUG are only valid if CONFIG_DEBUG_SLAB is set.
 */
#define SLAB_HWCACHE_ALIGN	((unsigned long)0x00002000U)
#define SLAB_CACHE_DMA		((unsigned long)0x00004000U)
#define SLAB_PANIC		((unsigned long)0x00040000U)
#define SLAB_ACCOUNT		((unsigned long)0x04000000U)

#define KMALLOC_MAX_SIZE	(1UL << 22)

struct kmem_cache;

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
			unsigned int align, unsigned long flags,
			void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *s);
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags);
void kmem_cache_free(struct kmem_cache *s, void *objp);
void kmem_cache_init(void);

void *kmalloc(size_t size, gfp_t flags);
void *krealloc(const void *objp, size_t new_size, gfp_t flags);
void kfree(const void *objp);
size_t ksize(const void *objp);

static inline void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	if (size != 0 && n > KMALLOC_MAX_SIZE / size)
		return NULL;
	return kmalloc(n * size, flags);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

#endif	/* _LINUX_SLAB_H */
""")

LINUX_CPUMASK_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __LINUX_CPUMASK_H
#define __LINUX_CPUMASK_H

/*
 * Cpumasks provide a bitmap suitable for representing the
 * set of CPUs in a system, one bit position per CPU number.  In general,
 * only nr_cpu_ids (<= NR_CPUS) bits are valid.
 */
#include <linux/kernel.h>
#include <linux/types.h>

#define NR_CPUS		64

/* Don't assign or return these: may not be this big! */
struct cpumask {
	unsigned long bits[DIV_ROUND_UP(NR_CPUS, BITS_PER_LONG)];
};

#define cpumask_bits(maskp) ((maskp)->bits)

extern unsigned int nr_cpu_ids;

extern struct cpumask __cpu_possible_mask;
extern struct cpumask __cpu_online_mask;
#define cpu_possible_mask ((const struct cpumask *)&__cpu_possible_mask)
#define cpu_online_mask   ((const struct cpumask *)&__cpu_online_mask)

const struct cpumask *cpumask_of(unsigned int cpu);
unsigned int cpumask_first(const struct cpumask *srcp);
unsigned int cpumask_next(int n, const struct cpumask *srcp);
bool cpumask_test_cpu(int cpu, const struct cpumask *cpumask);
bool cpumask_equal(const struct cpumask *src1p, const struct cpumask *src2p);
bool cpumask_intersects(const struct cpumask *src1p, const struct cpumask *src2p);
bool cpumask_and(struct cpumask *dstp, const struct cpumask *src1p,
		 const struct cpumask *src2p);
bool cpumask_empty(const struct cpumask *srcp);
unsigned int cpumask_weight(const struct cpumask *srcp);

static inline void cpumask_copy(struct cpumask *dstp, const struct cpumask *srcp)
{
	*dstp = *srcp;
}

#define for_each_cpu(cpu, mask)					\
	for ((cpu) = -1;					\
	     (cpu) = cpumask_next((cpu), (mask)),		\
	     (cpu) < nr_cpu_ids;)

#define for_each_possible_cpu(cpu) for_each_cpu((cpu), cpu_possible_mask)
#define for_each_online_cpu(cpu)   for_each_cpu((cpu), cpu_online_mask)

int smp_processor_id(void);

#endif /* __LINUX_CPUMASK_H */
""")

LINUX_INTERRUPT_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
/* interrupt.h */
#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H

#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/cpumask.h>

/*
 * These correspond to the IORESOURCE_IRQ_* defines in
 * linux/ioport.h to select the interrupt line behaviour.  When
 * requesting an interrupt without specifying a IRQF_TRIGGER, the
 * setting should be assumed to be "as already configured", which
 * may be as per machine or firmware initialisation.
 */
#define IRQF_TRIGGER_NONE	0x00000000
#define IRQF_TRIGGER_RISING	0x00000001
#define IRQF_TRIGGER_FALLING	0x00000002
#define IRQF_TRIGGER_HIGH	0x00000004
#define IRQF_TRIGGER_LOW	0x00000008
#define IRQF_TRIGGER_MASK	(IRQF_TRIGGER_HIGH | IRQF_TRIGGER_LOW | \
				 IRQF_TRIGGER_RISING | IRQF_TRIGGER_FALLING)
#define IRQF_TRIGGER_PROBE	0x00000010

/*
 * These flags used only by the kernel as part of the
 * irq handling routines.
 *
 * IRQF_SHARED - allow sharing the irq among several devices
 * IRQF_PERCPU - Interrupt is per cpu
 * IRQF_NOBALANCING - Flag to exclude this interrupt from irq balancing
 * IRQF_ONESHOT - Interrupt is not reenabled after the hardirq handler finished.
 *                Used by threaded interrupts which need to keep the
 *                irq line disabled until the threaded handler has been run.
 * IRQF_NO_SUSPEND - Do not disable this IRQ during suspend.  Does not guarantee
 *                   that this interrupt will wake the system from a suspended
 *                   state.
 * IRQF_NO_THREAD - Interrupt cannot be threaded
 * IRQF_EARLY_RESUME - Resume IRQ early during syscore instead of at device
 *                resume time.
 * IRQF_NO_AUTOEN - Don't enable IRQ or NMI automatically when users request it.
 */
#define IRQF_SHARED		0x00000080
#define IRQF_PROBE_SHARED	0x00000100
#define __IRQF_TIMER		0x00000200
#define IRQF_PERCPU		0x00000400
#define IRQF_NOBALANCING	0x00000800
#define IRQF_IRQPOLL		0x00001000
#define IRQF_ONESHOT		0x00002000
#define IRQF_NO_SUSPEND		0x00004000
#define IRQF_FORCE_RESUME	0x00008000
#define IRQF_NO_THREAD		0x00010000
#define IRQF_EARLY_RESUME	0x00020000
#define IRQF_COND_SUSPEND	0x00040000
#define IRQF_NO_AUTOEN		0x00080000
#define IRQF_NO_DEBUG		0x00100000

#define IRQF_TIMER		(__IRQF_TIMER | IRQF_NO_SUSPEND | IRQF_NO_THREAD)

/**
 * enum irqreturn - irqreturn type values
 * @IRQ_NONE:		interrupt was not from this device or was not handled
 * @IRQ_HANDLED:	interrupt was handled by this device
 * @IRQ_WAKE_THREAD:	handler requests to wake the handler thread
 */
enum irqreturn {
	IRQ_NONE		= (0 << 0),
	IRQ_HANDLED		= (1 << 0),
	IRQ_WAKE_THREAD		= (1 << 1),
};

typedef enum irqreturn irqreturn_t;
#define IRQ_RETVAL(x)	((x) ? IRQ_HANDLED : IRQ_NONE)

typedef irqreturn_t (*irq_handler_t)(int, void *);

/**
 * struct irqaction - per interrupt action descriptor
 * @handler:	interrupt handler function
 * @name:	name of the device
 * @dev_id:	cookie to identify the device
 * @next:	pointer to the next irqaction for shared interrupts
 * @irq:	interrupt number
 * @flags:	flags (see IRQF_* above)
 * @thread_fn:	interrupt handler function for threaded interrupts
 */
struct irqaction {
	irq_handler_t		handler;
	void			*dev_id;
	struct irqaction	*next;
	irq_handler_t		thread_fn;
	unsigned int		irq;
	unsigned int		flags;
	const char		*name;
};

extern int request_threaded_irq(unsigned int irq, irq_handler_t handler,
				irq_handler_t thread_fn,
				unsigned long flags, const char *name, void *dev);

static inline int request_irq(unsigned int irq, irq_handler_t handler,
			      unsigned long flags, const char *name, void *dev)
{
	return request_threaded_irq(irq, handler, NULL, flags, name, dev);
}

extern const void *free_irq(unsigned int irq, void *dev_id);

extern void disable_irq_nosync(unsigned int irq);
extern void disable_irq(unsigned int irq);
extern void enable_irq(unsigned int irq);
extern void synchronize_irq(unsigned int irq);

extern int irq_set_affinity(unsigned int irq, const struct cpumask *cpumask);
extern int irq_force_affinity(unsigned int irq, const struct cpumask *cpumask);
extern int irq_can_set_affinity(unsigned int irq);

unsigned long arch_local_irq_save(void);
void arch_local_irq_restore(unsigned long flags);
void arch_local_irq_disable(void);
void arch_local_irq_enable(void);

#define local_irq_save(flags)		do { flags = arch_local_irq_save(); } while (0)
#define local_irq_restore(flags)	arch_local_irq_restore(flags)
#define local_irq_disable()		arch_local_irq_disable()
#define local_irq_enable()		arch_local_irq_enable()

#endif
""")

LINUX_IRQ_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_IRQ_H
#define _LINUX_IRQ_H

/*
 * Please do not include this file in generic code.  There is currently
 * no requirement for any architecture to implement anything held
 * within this file.
 *
 * Drivers want linux/interrupt.h; this is the view of the interrupt
 * core and of the irq chip implementations.
 */

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/cpumask.h>
#include <linux/interrupt.h>
#include <asm/irq_vectors.h>

struct irq_desc;
struct irq_data;
typedef	void (*irq_flow_handler_t)(struct irq_desc *desc);

/*
 * IRQ line status.
 *
 * Bits 0-7 are the same as the IRQF_* bits in linux/interrupt.h
 *
 * IRQ_TYPE_NONE		- default, unspecified type
 * IRQ_TYPE_EDGE_RISING		- rising edge triggered
 * IRQ_TYPE_EDGE_FALLING	- falling edge triggered
 * IRQ_TYPE_EDGE_BOTH		- rising and falling edge triggered
 * IRQ_TYPE_LEVEL_HIGH		- high level triggered
 * IRQ_TYPE_LEVEL_LOW		- low level triggered
 * IRQ_TYPE_LEVEL_MASK		- Mask to filter out the level bits
 * IRQ_TYPE_SENSE_MASK		- Mask for all the above bits
 * IRQ_TYPE_PROBE		- Special flag for probing in progress
 *
 * Bits which can be modified via irq_set/clear/modify_status_flags()
 * IRQ_LEVEL			- Interrupt is level type. Will be also
 *				  updated in the code when the above trigger
 *				  bits are modified via irq_set_irq_type()
 * IRQ_PER_CPU			- Mark an interrupt PER_CPU. Will protect
 *				  it from affinity setting
 * IRQ_NOPROBE			- Interrupt cannot be probed by autoprobing
 * IRQ_NOREQUEST		- Interrupt cannot be requested via
 *				  request_irq()
 * IRQ_NOAUTOEN			- Interrupt is not automatically enabled in
 *				  request/setup_irq()
 * IRQ_NO_BALANCING		- Interrupt cannot be balanced (affinity set)
 * IRQ_MOVE_PCNTXT		- Interrupt can be migrated from process context
 * IRQ_NESTED_THREAD		- Interrupt nests into another thread
 * IRQ_PER_CPU_DEVID		- Dev_id is a per-cpu variable
 * IRQ_IS_POLLED		- Always polled by another interrupt. Exclude
 *				  it from the spurious interrupt detection
 *				  mechanism and from core side polling.
 * IRQ_DISABLE_UNLAZY		- Disable lazy irq disable
 * IRQ_HIDDEN			- Don't show up in /proc/interrupts
 * IRQ_NO_DEBUG			- Exclude from note_interrupt() debugging
 */
enum {
	IRQ_TYPE_NONE		= 0x00000000,
	IRQ_TYPE_EDGE_RISING	= 0x00000001,
	IRQ_TYPE_EDGE_FALLING	= 0x00000002,
	IRQ_TYPE_EDGE_BOTH	= (IRQ_TYPE_EDGE_FALLING | IRQ_TYPE_EDGE_RISING),
	IRQ_TYPE_LEVEL_HIGH	= 0x00000004,
	IRQ_TYPE_LEVEL_LOW	= 0x00000008,
	IRQ_TYPE_LEVEL_MASK	= (IRQ_TYPE_LEVEL_LOW | IRQ_TYPE_LEVEL_HIGH),
	IRQ_TYPE_SENSE_MASK	= 0x0000000f,
	IRQ_TYPE_DEFAULT	= IRQ_TYPE_SENSE_MASK,

	IRQ_TYPE_PROBE		= 0x00000010,

	IRQ_LEVEL		= (1 <<  8),
	IRQ_PER_CPU		= (1 <<  9),
	IRQ_NOPROBE		= (1 << 10),
	IRQ_NOREQUEST		= (1 << 11),
	IRQ_NOAUTOEN		= (1 << 12),
	IRQ_NO_BALANCING	= (1 << 13),
	IRQ_MOVE_PCNTXT		= (1 << 14),
	IRQ_NESTED_THREAD	= (1 << 15),
	IRQ_NOTHREAD		= (1 << 16),
	IRQ_PER_CPU_DEVID	= (1 << 17),
	IRQ_IS_POLLED		= (1 << 18),
	IRQ_DISABLE_UNLAZY	= (1 << 19),
	IRQ_HIDDEN		= (1 << 20),
	IRQ_NO_DEBUG		= (1 << 21),
};

#define IRQF_MODIFY_MASK	\
	(IRQ_TYPE_SENSE_MASK | IRQ_NOPROBE | IRQ_NOREQUEST | \
	 IRQ_NOAUTOEN | IRQ_MOVE_PCNTXT | IRQ_LEVEL | IRQ_NO_BALANCING | \
	 IRQ_PER_CPU | IRQ_NESTED_THREAD | IRQ_NOTHREAD | IRQ_PER_CPU_DEVID | \
	 IRQ_IS_POLLED | IRQ_DISABLE_UNLAZY | IRQ_HIDDEN)

#define IRQ_NO_BALANCING_MASK	(IRQ_PER_CPU | IRQ_NO_BALANCING)

/*
 * Return value for chip->irq_set_affinity()
 *
 * IRQ_SET_MASK_OK	- OK, core updates irq_common_data.affinity
 * IRQ_SET_MASK_NOCPY	- OK, chip did update irq_common_data.affinity
 * IRQ_SET_MASK_OK_DONE	- Same as IRQ_SET_MASK_OK for core. Special code to
 *			  support stacked irqchips, which indicates skipping
 *			  all descendant irqchips.
 */
enum {
	IRQ_SET_MASK_OK = 0,
	IRQ_SET_MASK_OK_NOCOPY,
	IRQ_SET_MASK_OK_DONE,
};

struct irq_chip;

/**
 * struct irq_common_data - per irq data shared by all irqchips
 * @state_use_accessors: status information for irq chip functions.
 *			Use accessor functions to deal with it
 * @handler_data:	per-IRQ data for the irq_chip methods
 * @affinity:		IRQ affinity on SMP. If this is an IPI
 *			related irq, then this is the mask of the
 *			CPUs to which an IPI can be sent.
 * @effective_affinity:	The effective IRQ affinity on SMP as some irq
 *			chips do not allow multi CPU destinations.
 *			A subset of @affinity.
 */
struct irq_common_data {
	unsigned int		state_use_accessors;
	void			*handler_data;
	struct cpumask		affinity;
	struct cpumask		effective_affinity;
};

/**
 * struct irq_data - per irq chip data passed down to chip functions
 * @mask:		precomputed bitmask for accessing the chip registers
 * @irq:		interrupt number
 * @hwirq:		hardware interrupt number, local to the interrupt domain
 * @common:		point to data shared by all irqchips
 * @chip:		low level interrupt hardware access
 * @parent_data:	pointer to parent struct irq_data to support hierarchy
 *			irq_domain
 * @chip_data:		platform-specific per-chip private data for the chip
 *			methods, to allow shared chip implementations
 */
struct irq_data {
	u32			mask;
	unsigned int		irq;
	unsigned long		hwirq;
	struct irq_common_data	*common;
	struct irq_chip		*chip;
	struct irq_data		*parent_data;
	void			*chip_data;
};

/*
 * Bit masks for irq_common_data.state_use_accessors
 *
 * IRQD_TRIGGER_MASK		- Mask for the trigger type bits
 * IRQD_SETAFFINITY_PENDING	- Affinity setting is pending
 * IRQD_ACTIVATED		- Interrupt has already been activated
 * IRQD_NO_BALANCING		- Balancing disabled for this IRQ
 * IRQD_PER_CPU			- Interrupt is per cpu
 * IRQD_AFFINITY_SET		- Interrupt affinity was set
 * IRQD_LEVEL			- Interrupt is level triggered
 * IRQD_MOVE_PCNTXT		- Interrupt can be moved in process
 *				  context
 * IRQD_IRQ_DISABLED		- Disabled state of the interrupt
 * IRQD_IRQ_MASKED		- Masked state of the interrupt
 * IRQD_IRQ_INPROGRESS		- In progress state of the interrupt
 * IRQD_AFFINITY_MANAGED	- Affinity is auto-managed by the kernel
 */
enum {
	IRQD_TRIGGER_MASK		= 0xf,
	IRQD_SETAFFINITY_PENDING	= (1 <<  8),
	IRQD_ACTIVATED			= (1 <<  9),
	IRQD_NO_BALANCING		= (1 << 10),
	IRQD_PER_CPU			= (1 << 11),
	IRQD_AFFINITY_SET		= (1 << 12),
	IRQD_LEVEL			= (1 << 13),
	IRQD_WAKEUP_STATE		= (1 << 14),
	IRQD_MOVE_PCNTXT		= (1 << 15),
	IRQD_IRQ_DISABLED		= (1 << 16),
	IRQD_IRQ_MASKED			= (1 << 17),
	IRQD_IRQ_INPROGRESS		= (1 << 18),
	IRQD_AFFINITY_MANAGED		= (1 << 21),
};

#define __irqd_to_state(d) ((d)->common->state_use_accessors)

static inline bool irqd_is_setaffinity_pending(struct irq_data *d)
{
	return __irqd_to_state(d) & IRQD_SETAFFINITY_PENDING;
}

static inline bool irqd_is_per_cpu(struct irq_data *d)
{
	return __irqd_to_state(d) & IRQD_PER_CPU;
}

static inline bool irqd_can_balance(struct irq_data *d)
{
	return !(__irqd_to_state(d) & (IRQD_PER_CPU | IRQD_NO_BALANCING));
}

static inline bool irqd_affinity_was_set(struct irq_data *d)
{
	return __irqd_to_state(d) & IRQD_AFFINITY_SET;
}

static inline bool irqd_can_move_in_process_context(struct irq_data *d)
{
	return __irqd_to_state(d) & IRQD_MOVE_PCNTXT;
}

static inline bool irqd_irq_disabled(struct irq_data *d)
{
	return __irqd_to_state(d) & IRQD_IRQ_DISABLED;
}

static inline bool irqd_irq_inprogress(struct irq_data *d)
{
	return __irqd_to_state(d) & IRQD_IRQ_INPROGRESS;
}

static inline bool irqd_affinity_is_managed(struct irq_data *d)
{
	return __irqd_to_state(d) & IRQD_AFFINITY_MANAGED;
}

/**
 * struct irq_chip - hardware interrupt chip descriptor
 *
 * @name:		name for /proc/interrupts
 * @irq_startup:	start up the interrupt (defaults to ->enable if NULL)
 * @irq_shutdown:	shut down the interrupt (defaults to ->disable if NULL)
 * @irq_enable:		enable the interrupt (defaults to chip->unmask if NULL)
 * @irq_disable:	disable the interrupt
 * @irq_ack:		start of a new interrupt
 * @irq_mask:		mask an interrupt source
 * @irq_unmask:		unmask an interrupt source
 * @irq_eoi:		end of interrupt
 * @irq_set_affinity:	Set the CPU affinity on SMP machines. If the force
 *			argument is true, it tells the driver to
 *			unconditionally apply the affinity setting. Sanity
 *			checks against the supplied affinity mask are not
 *			required. This is used for CPU hotplug where the
 *			target CPU is not yet set in the cpu_online_mask.
 * @irq_retrigger:	resend an IRQ to the CPU
 * @irq_set_type:	set the flow type (IRQ_TYPE_LEVEL/etc.) of an IRQ
 * @flags:		chip specific flags
 */
struct irq_chip {
	const char	*name;
	unsigned int	(*irq_startup)(struct irq_data *data);
	void		(*irq_shutdown)(struct irq_data *data);
	void		(*irq_enable)(struct irq_data *data);
	void		(*irq_disable)(struct irq_data *data);
	void		(*irq_ack)(struct irq_data *data);
	void		(*irq_mask)(struct irq_data *data);
	void		(*irq_unmask)(struct irq_data *data);
	void		(*irq_eoi)(struct irq_data *data);
	int		(*irq_set_affinity)(struct irq_data *data, const struct cpumask *dest, bool force);
	int		(*irq_retrigger)(struct irq_data *data);
	int		(*irq_set_type)(struct irq_data *data, unsigned int flow_type);
	unsigned long	flags;
};

/**
 * struct irq_desc - interrupt descriptor
 * @irq_common_data:	per irq and chip data passed down to chip functions
 * @irq_data:		per irq and chip data passed down to chip functions
 * @handle_irq:		highlevel irq-events handler
 * @action:		the irq action chain
 * @status_use_accessors: status information
 * @depth:		disable-depth, for nested irq_disable() calls
 * @irq_count:		stats field to detect stalled irqs
 * @irqs_unhandled:	stats field for spurious unhandled interrupts
 * @lock:		locking for SMP
 * @pending_mask:	pending rebalanced interrupts
 * @name:		flow handler name for /proc/interrupts output
 */
struct irq_desc {
	struct irq_common_data	irq_common_data;
	struct irq_data		irq_data;
	irq_flow_handler_t	handle_irq;
	struct irqaction	*action;
	unsigned int		status_use_accessors;
	unsigned int		core_internal_state__do_not_mess_with_it;
	unsigned int		depth;
	unsigned int		irq_count;
	unsigned int		irqs_unhandled;
	raw_spinlock_t		lock;
	struct cpumask		pending_mask;
	const char		*name;
};

extern struct irq_desc *irq_to_desc(unsigned int irq);
extern struct irq_data *irq_get_irq_data(unsigned int irq);
extern int irq_set_chip(unsigned int irq, const struct irq_chip *chip);
extern int irq_set_handler_data(unsigned int irq, void *data);
extern int irq_set_chip_data(unsigned int irq, void *data);
extern void irq_set_chip_and_handler_name(unsigned int irq,
					  const struct irq_chip *chip,
					  irq_flow_handler_t handle,
					  const char *name);

static inline void irq_set_chip_and_handler(unsigned int irq,
					    const struct irq_chip *chip,
					    irq_flow_handler_t handle)
{
	irq_set_chip_and_handler_name(irq, chip, handle, NULL);
}

extern void irq_modify_status(unsigned int irq, unsigned long clr, unsigned long set);

static inline void irq_set_status_flags(unsigned int irq, unsigned long set)
{
	irq_modify_status(irq, 0, set);
}

static inline void irq_clear_status_flags(unsigned int irq, unsigned long clr)
{
	irq_modify_status(irq, clr, 0);
}

extern void handle_level_irq(struct irq_desc *desc);
extern void handle_edge_irq(struct irq_desc *desc);
extern void handle_fasteoi_irq(struct irq_desc *desc);
extern void handle_percpu_irq(struct irq_desc *desc);
extern void handle_bad_irq(struct irq_desc *desc);
extern int generic_handle_irq(unsigned int irq);

extern int irq_do_set_affinity(struct irq_data *data,
			       const struct cpumask *dest, bool force);
extern int irq_set_affinity_locked(struct irq_data *data,
				   const struct cpumask *cpumask, bool force);

extern int irq_alloc_descs(int irq, unsigned int from, unsigned int cnt, int node);
extern void irq_free_descs(unsigned int irq, unsigned int cnt);
extern int early_irq_init(void);

static inline struct irq_chip *irq_data_get_irq_chip(struct irq_data *d)
{
	return d->chip;
}

static inline void *irq_data_get_irq_chip_data(struct irq_data *d)
{
	return d->chip_data;
}

static inline struct irq_desc *irq_data_to_desc(struct irq_data *data)
{
	return container_of(data->common, struct irq_desc, irq_common_data);
}

static inline struct cpumask *irq_data_get_affinity_mask(struct irq_data *d)
{
	return &d->common->affinity;
}

static inline struct cpumask *irq_data_get_effective_affinity_mask(struct irq_data *d)
{
	return &d->common->effective_affinity;
}

#endif /* _LINUX_IRQ_H */
""")

LINUX_SKBUFF_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 *	Definitions for the 'struct sk_buff' memory handlers.
 *
 *	Authors:
 *		Alan Cox, <gw4pts@gw4pts.ampr.org>
 *		Florian La Roche, <rzsfl@rz.uni-sb.de>
 */

#ifndef _LINUX_SKBUFF_H
#define _LINUX_SKBUFF_H

#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/gfp.h>

/* The interface for checksum offload between the stack and networking drivers
 * is as follows...
 *
 * CHECKSUM_NONE:
 *   The driver or device did not verify the checksum.
 * CHECKSUM_UNNECESSARY:
 *   The hardware verified the checksum of the packet.
 * CHECKSUM_PARTIAL:
 *   The checksum must be filled in by the device (transmit) or
 *   only part of it was verified (receive).
 */
#define CHECKSUM_NONE		0
#define CHECKSUM_UNNECESSARY	1
#define CHECKSUM_COMPLETE	2
#define CHECKSUM_PARTIAL	3

#define MAX_SKB_FRAGS 17UL

struct net_device;

/**
 *	struct sk_buff - socket buffer
 *	@next: Next buffer in list
 *	@prev: Previous buffer in list
 *	@dev: Device we arrived on/are leaving by
 *	@len: Length of actual data
 *	@data_len: Data length
 *	@protocol: Packet protocol from driver
 *	@ip_summed: Driver fed us an IP checksum
 *	@head: Head of buffer
 *	@data: Data head pointer
 *	@tail: Tail pointer
 *	@end: End pointer
 *	@truesize: Buffer size
 *	@users: User count - see {datagram,tcp}.c
 */
struct sk_buff {
	struct sk_buff		*next;
	struct sk_buff		*prev;
	struct net_device	*dev;
	unsigned int		len;
	unsigned int		data_len;
	__be16			protocol;
	u8			ip_summed;
	unsigned char		*head;
	unsigned char		*data;
	unsigned char		*tail;
	unsigned char		*end;
	unsigned int		truesize;
	atomic_t		users;
};

struct sk_buff *alloc_skb(unsigned int size, gfp_t priority);
void kfree_skb(struct sk_buff *skb);
void consume_skb(struct sk_buff *skb);
struct sk_buff *skb_copy(const struct sk_buff *skb, gfp_t priority);
struct sk_buff *__netdev_alloc_skb(struct net_device *dev, unsigned int length,
				   gfp_t gfp_mask);

static inline struct sk_buff *netdev_alloc_skb(struct net_device *dev,
					       unsigned int length)
{
	return __netdev_alloc_skb(dev, length, GFP_ATOMIC);
}

void *skb_put(struct sk_buff *skb, unsigned int len);
void *skb_push(struct sk_buff *skb, unsigned int len);
void *skb_pull(struct sk_buff *skb, unsigned int len);
void skb_trim(struct sk_buff *skb, unsigned int len);
int skb_linearize(struct sk_buff *skb);
void skb_orphan(struct sk_buff *skb);
void skb_tx_timestamp(struct sk_buff *skb);

static inline void skb_reserve(struct sk_buff *skb, int len)
{
	skb->data += len;
	skb->tail += len;
}

static inline unsigned int skb_headlen(const struct sk_buff *skb)
{
	return skb->len - skb->data_len;
}

static inline bool skb_is_nonlinear(const struct sk_buff *skb)
{
	return skb->data_len;
}

#define dev_kfree_skb(a)	consume_skb(a)

#endif	/* _LINUX_SKBUFF_H */
""")

LINUX_NETDEVICE_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * INET		An implementation of the TCP/IP protocol suite for the LINUX
 *		operating system.  INET is implemented using the  BSD Socket
 *		interface as the means of communication with the user level.
 *
 *		Definitions for the Interfaces handler.
 *
 * Version:	@(#)dev.h	1.0.10	08/12/93
 */
#ifndef _LINUX_NETDEVICE_H
#define _LINUX_NETDEVICE_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/atomic.h>
#include <linux/skbuff.h>

#define IFNAMSIZ		16
#define MAX_ADDR_LEN		32		/* Largest hardware address length */
#define NETDEV_ALIGN		32
#define NET_IP_ALIGN		2

#define __net_init		__init
#define __net_exit		__exit

/* Default NAPI poll() weight
 * Device drivers are strongly advised to not use bigger value
 */
#define NAPI_POLL_WEIGHT	64

/* interface flags (netdevice->flags) */
#define IFF_UP			0x1
#define IFF_BROADCAST		0x2
#define IFF_DEBUG		0x4
#define IFF_LOOPBACK		0x8
#define IFF_POINTOPOINT		0x10
#define IFF_NOARP		0x80
#define IFF_MASTER		0x400
#define IFF_PROMISC		0x100
#define IFF_MULTICAST		0x1000

/* netdevice->priv_flags */
#define IFF_LIVE_ADDR_CHANGE	0x100000
#define IFF_NO_QUEUE		0x200000
#define IFF_TX_SKB_SHARING	0x10000

/* feature bits (netdevice->features) */
#define NETIF_F_SG		(1UL << 0)
#define NETIF_F_IP_CSUM		(1UL << 1)
#define NETIF_F_HW_CSUM		(1UL << 3)
#define NETIF_F_HIGHDMA		(1UL << 5)
#define NETIF_F_LLTX		(1UL << 12)
#define NETIF_F_TSO		(1UL << 16)
#define NETIF_F_RXCSUM		(1UL << 29)
#define NETIF_F_LOOPBACK	(1UL << 31)

#define ARPHRD_ETHER		1
#define ARPHRD_LOOPBACK		772

/*
 * Transmit return codes: transmit return codes originate from three different
 * namespaces:
 *
 * - qdisc return codes
 * - driver transmit return codes
 * - errno values
 */
enum netdev_tx {
	__NETDEV_TX_MIN	 = -100,	/* make sure enum is signed */
	NETDEV_TX_OK	 = 0x00,	/* driver took care of packet */
	NETDEV_TX_BUSY	 = 0x10,	/* driver tx path was busy*/
};
typedef enum netdev_tx netdev_tx_t;

enum netdev_state_t {
	__LINK_STATE_START,
	__LINK_STATE_PRESENT,
	__LINK_STATE_NOCARRIER,
	__LINK_STATE_XOFF,
};

#define NET_NAME_UNKNOWN	0	/* unknown origin (not exposed to userspace) */
#define NET_NAME_ENUM		1	/* enumerated by kernel */
#define NET_NAME_PREDICTABLE	2	/* predictably named by the kernel */
#define NET_NAME_USER		3	/* provided by user-space */

struct net_device;

/*
 * Structure for NAPI scheduling similar to tasklet but with weighting
 */
struct napi_struct {
	/* The poll_list must only be managed by the entity which
	 * changes the state of the NAPI_STATE_SCHED bit.  This means
	 * whoever atomically sets that bit can add this napi_struct
	 * to the per-CPU poll_list, and whoever clears that bit
	 * can remove from the list right before clearing the bit.
	 */
	struct list_head	poll_list;

	unsigned long		state;
	int			weight;
	int			(*poll)(struct napi_struct *, int);
	struct net_device	*dev;
	struct list_head	dev_list;
	unsigned int		napi_id;
};

enum {
	NAPI_STATE_SCHED,		/* Poll is scheduled */
	NAPI_STATE_MISSED,		/* reschedule a napi */
	NAPI_STATE_DISABLE,		/* Disable pending */
	NAPI_STATE_NPSVC,		/* Netpoll - don't dequeue from poll_list */
	NAPI_STATE_LISTED,		/* NAPI added to system lists */
};

struct rtnl_link_stats64 {
	u64	rx_packets;
	u64	tx_packets;
	u64	rx_bytes;
	u64	tx_bytes;
	u64	rx_errors;
	u64	tx_errors;
	u64	rx_dropped;
	u64	tx_dropped;
};

/*
 * This structure defines the management hooks for network devices.
 * The following hooks can be defined; unless noted otherwise, they are
 * optional and can be filled with a null pointer.
 *
 * int (*ndo_init)(struct net_device *dev);
 *     This function is called once when a network device is registered.
 *     The network device can use this for any late stage initialization
 *     or semantic validation. It can fail with an error code which will
 *     be propagated back to register_netdev.
 *
 * netdev_tx_t (*ndo_start_xmit)(struct sk_buff *skb,
 *                               struct net_device *dev);
 *	Called when a packet needs to be transmitted.
 *	Returns NETDEV_TX_OK.  Can return NETDEV_TX_BUSY, but you should stop
 *	the queue before that can happen; it's for obsolete devices and weird
 *	corner cases, but the stack really does a non-trivial amount
 *	of useless work if you return NETDEV_TX_BUSY.
 *	Required; cannot be NULL.
 */
struct net_device_ops {
	int			(*ndo_init)(struct net_device *dev);
	void			(*ndo_uninit)(struct net_device *dev);
	int			(*ndo_open)(struct net_device *dev);
	int			(*ndo_stop)(struct net_device *dev);
	netdev_tx_t		(*ndo_start_xmit)(struct sk_buff *skb,
						  struct net_device *dev);
	void			(*ndo_get_stats64)(struct net_device *dev,
						   struct rtnl_link_stats64 *storage);
	int			(*ndo_change_mtu)(struct net_device *dev,
						  int new_mtu);
	void			(*ndo_tx_timeout) (struct net_device *dev,
						   unsigned int txqueue);
	int			(*ndo_set_mac_address)(struct net_device *dev,
						       void *addr);
	int			(*ndo_validate_addr)(struct net_device *dev);
};

/*
 *	The DEVICE structure.
 *
 *	Actually, this whole structure is a big mistake.  It mixes I/O
 *	data with strictly "high-level" data, and it has to know about
 *	almost every data structure used in the INET module.
 */
struct net_device {
	char			name[IFNAMSIZ];
	unsigned long		state;
	struct list_head	dev_list;
	struct list_head	napi_list;
	unsigned int		flags;
	unsigned int		priv_flags;
	unsigned long		features;
	unsigned long		hw_features;
	const struct net_device_ops *netdev_ops;
	int			ifindex;
	unsigned int		mtu;
	unsigned int		min_mtu;
	unsigned int		max_mtu;
	unsigned short		type;
	unsigned short		hard_header_len;
	unsigned char		addr_len;
	unsigned char		name_assign_type;
	unsigned char		dev_addr[MAX_ADDR_LEN];
	unsigned int		num_tx_queues;
	unsigned int		tx_queue_len;
	unsigned long		tx_queue_state;
	struct rtnl_link_stats64 stats;
	bool			needs_free_netdev;
	void			(*priv_destructor)(struct net_device *dev);
};

/**
 *	netdev_priv - access network device private data
 *	@dev: network device
 *
 * Get network device private data
 */
static inline void *netdev_priv(const struct net_device *dev)
{
	return (char *)dev + ALIGN(sizeof(struct net_device), NETDEV_ALIGN);
}

void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int), int weight);
void netif_napi_del(struct napi_struct *napi);
void napi_enable(struct napi_struct *n);
void napi_disable(struct napi_struct *n);
bool napi_schedule_prep(struct napi_struct *n);
void __napi_schedule(struct napi_struct *n);
bool napi_complete_done(struct napi_struct *n, int work_done);

/**
 *	napi_schedule - schedule NAPI poll
 *	@n: NAPI context
 *
 * Schedule NAPI poll routine to be called if it is not already
 * running.
 * Return true if we schedule a NAPI or false if not.
 */
static inline bool napi_schedule(struct napi_struct *n)
{
	if (napi_schedule_prep(n)) {
		__napi_schedule(n);
		return true;
	}

	return false;
}

static inline bool napi_complete(struct napi_struct *n)
{
	return napi_complete_done(n, 0);
}

int netif_rx(struct sk_buff *skb);
int netif_receive_skb(struct sk_buff *skb);
int dev_queue_xmit(struct sk_buff *skb);
void dev_kfree_skb_any(struct sk_buff *skb);

void netif_carrier_on(struct net_device *dev);
void netif_carrier_off(struct net_device *dev);

static inline bool netif_carrier_ok(const struct net_device *dev)
{
	return !test_bit(__LINK_STATE_NOCARRIER, &dev->state);
}

static inline void netif_start_queue(struct net_device *dev)
{
	clear_bit(0, &dev->tx_queue_state);
}

static inline void netif_stop_queue(struct net_device *dev)
{
	set_bit(0, &dev->tx_queue_state);
}

static inline bool netif_queue_stopped(const struct net_device *dev)
{
	return test_bit(0, &dev->tx_queue_state);
}

void netif_wake_queue(struct net_device *dev);

static inline bool netif_running(const struct net_device *dev)
{
	return test_bit(__LINK_STATE_START, &dev->state);
}

struct net_device *alloc_netdev_mqs(int sizeof_priv, const char *name,
				    unsigned char name_assign_type,
				    void (*setup)(struct net_device *),
				    unsigned int txqs, unsigned int rxqs);
#define alloc_netdev(sizeof_priv, name, name_assign_type, setup) \
	alloc_netdev_mqs(sizeof_priv, name, name_assign_type, setup, 1, 1)

void free_netdev(struct net_device *dev);
int register_netdev(struct net_device *dev);
void unregister_netdev(struct net_device *dev);
int register_netdevice(struct net_device *dev);
void unregister_netdevice(struct net_device *dev);
int dev_set_mtu(struct net_device *dev, int new_mtu);
void dev_lstats_add(struct net_device *dev, unsigned int len);
void dev_lstats_read(struct net_device *dev, u64 *packets, u64 *bytes);

void rtnl_lock(void);
void rtnl_unlock(void);

#define MODULE_ALIAS_RTNL_LINK(kind) MODULE_ALIAS("rtnl-link-" kind)

#define netdev_err(dev, fmt, ...) \
	pr_err("%s: " fmt, (dev)->name, ##__VA_ARGS__)
#define netdev_warn(dev, fmt, ...) \
	pr_warn("%s: " fmt, (dev)->name, ##__VA_ARGS__)
#define netdev_info(dev, fmt, ...) \
	pr_info("%s: " fmt, (dev)->name, ##__VA_ARGS__)
#define netdev_dbg(dev, fmt, ...) \
	pr_debug("%s: " fmt, (dev)->name, ##__VA_ARGS__)

#endif	/* _LINUX_NETDEVICE_H */
""")

LINUX_ETHERDEVICE_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * INET		An implementation of the TCP/IP protocol suite for the LINUX
 *		operating system.  NET  is implemented using the  BSD Socket
 *		interface as the means of communication with the user level.
 *
 *		Definitions for the Ethernet handlers.
 */
#ifndef _LINUX_ETHERDEVICE_H
#define _LINUX_ETHERDEVICE_H

#include <linux/netdevice.h>
#include <linux/string.h>

#define ETH_ALEN	6		/* Octets in one ethernet addr	 */
#define ETH_HLEN	14		/* Total octets in header.	 */
#define ETH_ZLEN	60		/* Min. octets in frame sans FCS */
#define ETH_DATA_LEN	1500		/* Max. octets in payload	 */
#define ETH_FRAME_LEN	1514		/* Max. octets in frame sans FCS */
#define ETH_MIN_MTU	68		/* Min IPv4 MTU per RFC791	*/
#define ETH_MAX_MTU	0xFFFFU		/* 65535, same as IP_MAX_MTU	*/

#define ETH_P_IP	0x0800		/* Internet Protocol packet	*/
#define ETH_P_ARP	0x0806		/* Address Resolution packet	*/

void ether_setup(struct net_device *dev);
struct net_device *alloc_etherdev_mqs(int sizeof_priv, unsigned int txqs,
				      unsigned int rxqs);
#define alloc_etherdev(sizeof_priv) alloc_etherdev_mqs(sizeof_priv, 1, 1)

__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev);
int eth_validate_addr(struct net_device *dev);
int eth_mac_addr(struct net_device *dev, void *p);
void eth_random_addr(u8 *addr);

static inline bool is_zero_ether_addr(const u8 *addr)
{
	return (addr[0] | addr[1] | addr[2] | addr[3] | addr[4] | addr[5]) == 0;
}

static inline bool is_multicast_ether_addr(const u8 *addr)
{
	return 0x01 & addr[0];
}

static inline bool is_valid_ether_addr(const u8 *addr)
{
	return !is_multicast_ether_addr(addr) && !is_zero_ether_addr(addr);
}

static inline void eth_hw_addr_set(struct net_device *dev, const u8 *addr)
{
	memcpy(dev->dev_addr, addr, ETH_ALEN);
}

static inline void eth_hw_addr_random(struct net_device *dev)
{
	u8 addr[ETH_ALEN];

	eth_random_addr(addr);
	eth_hw_addr_set(dev, addr);
}

#endif	/* _LINUX_ETHERDEVICE_H */
""")

LINUX_BIO_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2001 Jens Axboe <axboe@suse.de>
 */
#ifndef __LINUX_BIO_H
#define __LINUX_BIO_H

#include <linux/types.h>
#include <linux/mm.h>

typedef u8 blk_status_t;

#define BLK_STS_OK		((blk_status_t)0)
#define BLK_STS_NOTSUPP		((blk_status_t)1)
#define BLK_STS_TIMEOUT		((blk_status_t)2)
#define BLK_STS_NOSPC		((blk_status_t)3)
#define BLK_STS_RESOURCE	((blk_status_t)9)
#define BLK_STS_IOERR		((blk_status_t)10)

enum req_op {
	REQ_OP_READ		= 0,
	REQ_OP_WRITE		= 1,
	REQ_OP_FLUSH		= 2,
	REQ_OP_DISCARD		= 3,
	REQ_OP_LAST,
};

#define REQ_OP_MASK	0xff
#define REQ_SYNC	(1U << 11)
#define REQ_FUA		(1U << 17)
#define REQ_PREFLUSH	(1U << 18)

struct gendisk;

struct bio_vec {
	struct page	*bv_page;
	unsigned int	bv_len;
	unsigned int	bv_offset;
};

struct bvec_iter {
	sector_t	bi_sector;	/* device address in 512 byte sectors */
	unsigned int	bi_size;	/* residual I/O count */
	unsigned int	bi_idx;		/* current index into bvl_vec */
};

/*
 * main unit of I/O for the block layer and lower layers (ie drivers and
 * stacking drivers)
 */
struct bio {
	struct bio		*bi_next;	/* request queue link */
	struct gendisk		*bi_disk;
	unsigned int		bi_opf;		/* bottom bits REQ_OP, top bits
						 * req_flags.
						 */
	blk_status_t		bi_status;
	struct bvec_iter	bi_iter;
	void			(*bi_end_io)(struct bio *bio);
	void			*bi_private;
	unsigned short		bi_vcnt;	/* how many bio_vec's */
	unsigned short		bi_max_vecs;	/* max bvl_vecs we can hold */
	atomic_t		__bi_cnt;	/* pin count */
	struct bio_vec		*bi_io_vec;	/* the actual vec list */
};

#define bio_op(bio)		((bio)->bi_opf & REQ_OP_MASK)
#define bio_data_dir(bio)	(bio_op(bio) & 1 ? WRITE : READ)
#define bio_sectors(bio)	((bio)->bi_iter.bi_size >> 9)
#define bio_end_sector(bio)	((bio)->bi_iter.bi_sector + bio_sectors((bio)))

#define bio_for_each_bvec(bvl, bio, i)					\
	for ((i) = 0; (i) < (bio)->bi_vcnt && ((bvl) = &(bio)->bi_io_vec[(i)]); (i)++)

struct bio *bio_alloc(struct gendisk *disk, unsigned short nr_vecs,
		      unsigned int opf, gfp_t gfp_mask);
void bio_put(struct bio *bio);
void bio_endio(struct bio *bio);
int bio_add_page(struct bio *bio, struct page *page, unsigned int len,
		 unsigned int offset);

static inline void bio_io_error(struct bio *bio)
{
	bio->bi_status = BLK_STS_IOERR;
	bio_endio(bio);
}

static inline void bio_get(struct bio *bio)
{
	atomic_inc(&bio->__bi_cnt);
}

#endif /* __LINUX_BIO_H */
""")

LINUX_BLKDEV_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Portions Copyright (C) 1992 Drew Eckhardt
 */
#ifndef _LINUX_BLKDEV_H
#define _LINUX_BLKDEV_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/gfp.h>
#include <linux/bio.h>

struct module;
struct request_queue;

#define DISK_NAME_LEN		32
#define SECTOR_SHIFT		9
#define SECTOR_SIZE		(1 << SECTOR_SHIFT)
#define BLK_MAX_SEGMENTS	128
#define BLK_SAFE_MAX_SECTORS	255
#define BLK_DEF_MAX_SECTORS	2560

typedef void (make_request_fn) (struct request_queue *q, struct bio *bio);

struct queue_limits {
	unsigned long		seg_boundary_mask;
	unsigned long		virt_boundary_mask;
	unsigned int		max_hw_sectors;
	unsigned int		max_sectors;
	unsigned int		max_segment_size;
	unsigned int		physical_block_size;
	unsigned int		logical_block_size;
	unsigned short		max_segments;
};

struct request_queue {
	make_request_fn		*make_request_fn;
	void			*queuedata;
	unsigned long		queue_flags;
	spinlock_t		queue_lock;
	struct queue_limits	limits;
	int			node;
	atomic_t		refs;
	struct list_head	requeue_list;
};

/* Keep blk_queue_flag_name[] in sync with the definitions below */
#define QUEUE_FLAG_STOPPED	0	/* queue is stopped */
#define QUEUE_FLAG_DYING	1	/* queue being torn down */
#define QUEUE_FLAG_NOMERGES     3	/* disable merge attempts */
#define QUEUE_FLAG_SAME_COMP	4	/* complete on same CPU-group */
#define QUEUE_FLAG_NONROT	6	/* non-rotational device (SSD) */
#define QUEUE_FLAG_IO_STAT	7	/* do disk/partitions IO accounting */
#define QUEUE_FLAG_WC		17	/* Write back caching */
#define QUEUE_FLAG_FUA		18	/* device supports FUA writes */

#define blk_queue_dying(q)	test_bit(QUEUE_FLAG_DYING, &(q)->queue_flags)
#define blk_queue_nonrot(q)	test_bit(QUEUE_FLAG_NONROT, &(q)->queue_flags)

struct gendisk;

struct block_device_operations {
	void (*submit_bio)(struct bio *bio);
	int (*open)(struct gendisk *disk, fmode_t mode);
	void (*release)(struct gendisk *disk, fmode_t mode);
	int (*ioctl)(struct gendisk *disk, fmode_t mode, unsigned int cmd,
		     unsigned long arg);
	struct module *owner;
};

struct gendisk {
	/*
	 * major/first_minor/minors should not be set by any new driver, the
	 * block core will take care of allocating them automatically.
	 */
	int major;
	int first_minor;
	int minors;

	char disk_name[DISK_NAME_LEN];	/* name of major driver */
	unsigned short events;		/* supported events */
	const struct block_device_operations *fops;
	struct request_queue *queue;
	void *private_data;
	sector_t capacity;
	int flags;
	int node_id;
};

#define GENHD_FL_REMOVABLE	(1 << 0)
#define GENHD_FL_HIDDEN		(1 << 1)
#define GENHD_FL_NO_PART	(1 << 2)

struct request_queue *blk_queue_make(make_request_fn *fn, int node);
void blk_cleanup_queue(struct request_queue *q);
void blk_queue_logical_block_size(struct request_queue *q, unsigned int size);
void blk_queue_physical_block_size(struct request_queue *q, unsigned int size);
void blk_queue_max_hw_sectors(struct request_queue *q, unsigned int max_hw_sectors);
void blk_queue_max_segments(struct request_queue *q, unsigned short max_segments);
void blk_queue_max_segment_size(struct request_queue *q, unsigned int max_size);
void blk_queue_write_cache(struct request_queue *q, bool enabled, bool fua);
void blk_queue_flag_set(unsigned int flag, struct request_queue *q);
void blk_queue_flag_clear(unsigned int flag, struct request_queue *q);

struct gendisk *blk_alloc_disk(struct request_queue *q, int minors);
int add_disk(struct gendisk *disk);
void del_gendisk(struct gendisk *disk);
void put_disk(struct gendisk *disk);
void submit_bio(struct bio *bio);

int register_blkdev(unsigned int major, const char *name);
void unregister_blkdev(unsigned int major, const char *name);

static inline void set_capacity(struct gendisk *disk, sector_t size)
{
	disk->capacity = size;
}

static inline sector_t get_capacity(struct gendisk *disk)
{
	return disk->capacity;
}

#define MODULE_ALIAS_BLOCKDEV(major,minor) \
	MODULE_ALIAS("block-major-" __stringify(major) "-" __stringify(minor))
#define MODULE_ALIAS_BLOCKDEV_MAJOR(major) \
	MODULE_ALIAS("block-major-" __stringify(major) "-*")

static inline unsigned int queue_logical_block_size(const struct request_queue *q)
{
	return q->limits.logical_block_size;
}

#endif /* _LINUX_BLKDEV_H */
""")

LINUX_FS_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>

#define MAX_RW_COUNT (INT_MAX & PAGE_MASK)

#define SEEK_SET	0	/* seek relative to beginning of file */
#define SEEK_CUR	1	/* seek relative to current file position */
#define SEEK_END	2	/* seek relative to end of file */

/* file is open for reading */
#define FMODE_READ		((fmode_t)0x1)
/* file is open for writing */
#define FMODE_WRITE		((fmode_t)0x2)
/* file is seekable */
#define FMODE_LSEEK		((fmode_t)0x4)
/* Has read method(s) */
#define FMODE_CAN_READ		((fmode_t)0x20000)
/* Has write method(s) */
#define FMODE_CAN_WRITE		((fmode_t)0x40000)

struct file;

struct inode {
	unsigned int		i_mode;
	loff_t			i_size;
	unsigned long		i_ino;
	spinlock_t		i_lock;
	struct mutex		i_rwsem;
};

struct file_operations {
	struct module *owner;
	loff_t (*llseek) (struct file *, loff_t, int);
	ssize_t (*read) (struct file *, char __user *, size_t, loff_t *);
	ssize_t (*write) (struct file *, const char __user *, size_t, loff_t *);
	int (*open) (struct inode *, struct file *);
	int (*release) (struct inode *, struct file *);
};

struct file {
	struct inode		*f_inode;
	const struct file_operations	*f_op;
	spinlock_t		f_lock;
	fmode_t			f_mode;
	struct mutex		f_pos_lock;
	loff_t			f_pos;
	unsigned int		f_flags;
};

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

static inline loff_t i_size_read(const struct inode *inode)
{
	return inode->i_size;
}

ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos);
ssize_t vfs_write(struct file *file, const char __user *buf, size_t count, loff_t *pos);
ssize_t kernel_read(struct file *file, void *buf, size_t count, loff_t *pos);
ssize_t kernel_write(struct file *file, const void *buf, size_t count, loff_t *pos);
int rw_verify_area(int read_write, struct file *file, const loff_t *ppos, size_t count);
loff_t generic_file_llseek(struct file *file, loff_t offset, int whence);
loff_t no_llseek(struct file *file, loff_t offset, int whence);
loff_t vfs_setpos(struct file *file, loff_t offset, loff_t maxsize);

void fsnotify_access(struct file *file);
void fsnotify_modify(struct file *file);

#endif /* _LINUX_FS_H */
""")

# arch/x86/include/asm ------------------------------------------------------------------------

ASM_PAGE_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_X86_PAGE_H
#define _ASM_X86_PAGE_H

/* PAGE_SHIFT determines the page size */
#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE-1))

#define __PAGE_OFFSET		0xffff888000000000UL
#define PAGE_OFFSET		((unsigned long)__PAGE_OFFSET)

#define __pa(x)			((unsigned long)(x) - PAGE_OFFSET)
#define __va(x)			((void *)((unsigned long)(x) + PAGE_OFFSET))

#define PAGE_ALIGN(addr)	(((addr) + PAGE_SIZE - 1) & PAGE_MASK)
#define PFN_ALIGN(x)	(((unsigned long)(x) + (PAGE_SIZE - 1)) & PAGE_MASK)
#define PFN_UP(x)	(((x) + PAGE_SIZE-1) >> PAGE_SHIFT)
#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)
#define PFN_PHYS(x)	((phys_addr_t)(x) << PAGE_SHIFT)

#define virt_to_pfn(kaddr)	(__pa(kaddr) >> PAGE_SHIFT)
#define pfn_to_kaddr(pfn)	__va((pfn) << PAGE_SHIFT)

#endif /* _ASM_X86_PAGE_H */
""")

ASM_IRQ_VECTORS_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_X86_IRQ_VECTORS_H
#define _ASM_X86_IRQ_VECTORS_H

/*
 * Linux IRQ vector layout.
 *
 * There are 256 IDT entries (per CPU - each entry is 8 bytes) which can
 * be defined by Linux. They are used as a jump table by the CPU when a
 * given vector is triggered - by a CPU-external, CPU-internal or
 * software-triggered event.
 *
 * Linux sets the kernel code address each entry jumps to early during
 * bootup, and never changes them. This is the general layout of the
 * IDT entries:
 *
 *  Vectors   0 ...  31 : system traps and exceptions - hardcoded events
 *  Vectors  32 ... 127 : device interrupts
 *  Vector  128         : legacy int80 syscall interface
 *  Vectors 129 ... LOCAL_TIMER_VECTOR-1
 *  Vectors LOCAL_TIMER_VECTOR ... 255 : special interrupts
 */

#define NR_VECTORS			 256
#define FIRST_EXTERNAL_VECTOR		0x20
#define ISA_IRQ_VECTOR(irq)		(((FIRST_EXTERNAL_VECTOR + 16) & ~15) + irq)

#define NR_IRQS_LEGACY			16
#define CPU_VECTOR_LIMIT		(64 * NR_CPUS)
#define IO_APIC_VECTOR_LIMIT		(32 * 128)

#define NR_IRQS						\
	(CPU_VECTOR_LIMIT > IO_APIC_VECTOR_LIMIT ?	\
		(NR_VECTORS + CPU_VECTOR_LIMIT)  :	\
		(NR_VECTORS + IO_APIC_VECTOR_LIMIT))

#endif /* _ASM_X86_IRQ_VECTORS_H */
""")

ASM_PROCESSOR_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_X86_PROCESSOR_H
#define _ASM_X86_PROCESSOR_H

#include <linux/types.h>

/*
 *  CPU type and hardware bug flags. Kept separately for each CPU.
 *  Members of this structure are referenced in head_32.S, so think twice
 *  before touching them. [mj]
 */
struct cpuinfo_x86 {
	u8			x86;		/* CPU family */
	u8			x86_vendor;	/* CPU vendor */
	u8			x86_model;
	u8			x86_stepping;
	int			x86_cpuid_level;
	u32			extended_cpuid_level;
	char			x86_vendor_id[16];
	char			x86_model_id[64];
	unsigned int		x86_cache_size;
	u16			x86_max_cores;
	u16			cpu_index;
};

#define X86_VENDOR_INTEL	0
#define X86_VENDOR_AMD		2
#define X86_VENDOR_UNKNOWN	0xff

extern struct cpuinfo_x86	boot_cpu_data;

static inline void native_cpuid(unsigned int *eax, unsigned int *ebx,
				unsigned int *ecx, unsigned int *edx)
{
	/* ecx is often an input as well as an output. */
	asm volatile("cpuid"
	    : "=a" (*eax),
	      "=b" (*ebx),
	      "=c" (*ecx),
	      "=d" (*edx)
	    : "0" (*eax), "2" (*ecx)
	    : "memory");
}

static inline void cpuid(unsigned int op, unsigned int *eax, unsigned int *ebx,
			 unsigned int *ecx, unsigned int *edx)
{
	*eax = op;
	*ecx = 0;
	native_cpuid(eax, ebx, ecx, edx);
}

static inline unsigned int cpuid_eax(unsigned int op)
{
	unsigned int eax, ebx, ecx, edx;

	cpuid(op, &eax, &ebx, &ecx, &edx);
	return eax;
}

static __always_inline void rep_nop(void)
{
	asm volatile("rep; nop" ::: "memory");
}

void early_cpu_init(void);
void identify_boot_cpu(void);

#endif /* _ASM_X86_PROCESSOR_H */
""")

ASM_SETUP_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_X86_SETUP_H
#define _ASM_X86_SETUP_H

#include <linux/types.h>

#define COMMAND_LINE_SIZE 2048

/* Interrupt control for vSMPowered x86_64 systems */
#define vsmp_init() do { } while (0)

struct setup_data {
	u64 next;
	u32 type;
	u32 len;
	u8 data[];
};

#define SETUP_NONE			0
#define SETUP_E820_EXT			1
#define SETUP_DTB			2
#define SETUP_PCI			3
#define SETUP_EFI			4

struct setup_header {
	u8	setup_sects;
	u16	root_flags;
	u32	syssize;
	u16	vid_mode;
	u16	root_dev;
	u16	version;
	u8	type_of_loader;
	u8	loadflags;
	u32	ramdisk_image;
	u32	ramdisk_size;
	u32	cmd_line_ptr;
	u64	setup_data;
} __packed;

struct boot_params {
	struct setup_header hdr;
	u8  e820_entries;
	u32 ext_ramdisk_image;
	u32 ext_ramdisk_size;
} __packed;

extern struct boot_params boot_params;
extern unsigned long _brk_start, _brk_end;

void setup_arch(char **cmdline_p);
void reserve_standard_io_resources(void);
void x86_configure_nx(void);
void tsc_early_init(void);
void memblock_reserve(phys_addr_t base, phys_addr_t size);

#endif /* _ASM_X86_SETUP_H */
""")

ASM_E820_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_E820_H
#define _ASM_E820_H

#include <linux/types.h>

/*
 * The E820 memory region entry of the boot protocol ABI:
 */
enum e820_type {
	E820_TYPE_RAM		= 1,
	E820_TYPE_RESERVED	= 2,
	E820_TYPE_ACPI		= 3,
	E820_TYPE_NVS		= 4,
	E820_TYPE_UNUSABLE	= 5,
	E820_TYPE_PMEM		= 7,
};

struct e820_entry {
	u64			addr;
	u64			size;
	enum e820_type		type;
} __attribute__((packed));

#define E820_MAX_ENTRIES	128

struct e820_table {
	u32 nr_entries;
	struct e820_entry entries[E820_MAX_ENTRIES];
};

extern struct e820_table *e820_table;
extern struct e820_table *e820_table_firmware;

extern void e820__range_add(u64 start, u64 size, enum e820_type type);
extern u64  e820__range_update(u64 start, u64 size, enum e820_type old_type, enum e820_type new_type);
extern bool e820__mapped_any(u64 start, u64 end, enum e820_type type);
extern void e820__print_table(char *who);
extern int  e820__update_table(struct e820_table *table);
extern void e820__memory_setup(void);
extern void e820__reserve_resources(void);
extern unsigned long e820__end_of_ram_pfn(void);

#endif /* _ASM_E820_H */
""")

ASM_HYPERVISOR_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2008, VMware, Inc.
 */
#ifndef _ASM_X86_HYPERVISOR_H
#define _ASM_X86_HYPERVISOR_H

#include <linux/types.h>

/* x86 hypervisor types  */
enum x86_hypervisor_type {
	X86_HYPER_NATIVE = 0,
	X86_HYPER_VMWARE,
	X86_HYPER_MS_HYPERV,
	X86_HYPER_XEN_PV,
	X86_HYPER_XEN_HVM,
	X86_HYPER_KVM,
	X86_HYPER_JAILHOUSE,
	X86_HYPER_ACRN,
};

struct x86_hyper_init {
	void (*init_platform)(void);
	void (*guest_late_init)(void);
	bool (*x2apic_available)(void);
	bool (*msi_ext_dest_id)(void);
	void (*init_mem_mapping)(void);
	void (*init_after_bootmem)(void);
};

struct hypervisor_x86 {
	/* Hypervisor name */
	const char	*name;

	/* Detection routine */
	u32		(*detect)(void);

	/* Hypervisor type */
	enum x86_hypervisor_type type;

	/* init time callbacks */
	struct x86_hyper_init init;

	/* ignore nopv parameter */
	bool ignore_nopv;
};

extern enum x86_hypervisor_type x86_hyper_type;
extern void init_hypervisor_platform(void);

static inline bool hypervisor_is_type(enum x86_hypervisor_type type)
{
	return x86_hyper_type == type;
}

#endif /* _ASM_X86_HYPERVISOR_H */
""")

KERNEL_IRQ_INTERNALS_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IRQ subsystem internal functions and variables:
 *
 * Do not ever include this file from anything else than
 * kernel/irq/. Do not even think about using any information outside
 * of this file for your non core code.
 */
#include <linux/irq.h>

#define istate core_internal_state__do_not_mess_with_it

extern bool force_irqthreads_key;

/*
 * Bits used by threaded handlers:
 * IRQTF_RUNTHREAD - signals that the interrupt handler thread should run
 * IRQTF_WARNED    - warning "IRQ_WAKE_THREAD w/o thread_fn" has been printed
 * IRQTF_AFFINITY  - irq thread is requested to adjust affinity
 * IRQTF_FORCED_THREAD  - irq action is force threaded
 */
enum {
	IRQTF_RUNTHREAD,
	IRQTF_WARNED,
	IRQTF_AFFINITY,
	IRQTF_FORCED_THREAD,
};

/*
 * Bit masks for desc->core_internal_state__do_not_mess_with_it
 *
 * IRQS_AUTODETECT		- autodetection in progress
 * IRQS_SPURIOUS_DISABLED	- was disabled due to spurious interrupt
 *				  detection
 * IRQS_POLL_INPROGRESS		- polling in progress
 * IRQS_ONESHOT			- irq is not unmasked in primary handler
 * IRQS_REPLAY			- irq is replayed
 * IRQS_WAITING			- irq is waiting
 * IRQS_PENDING			- irq is pending and replayed later
 * IRQS_SUSPENDED		- irq is suspended
 */
enum {
	IRQS_AUTODETECT		= 0x00000001,
	IRQS_SPURIOUS_DISABLED	= 0x00000002,
	IRQS_POLL_INPROGRESS	= 0x00000008,
	IRQS_ONESHOT		= 0x00000020,
	IRQS_REPLAY		= 0x00000040,
	IRQS_WAITING		= 0x00000080,
	IRQS_PENDING		= 0x00000200,
	IRQS_SUSPENDED		= 0x00000800,
};

#define IRQ_GET_DESC_CHECK_GLOBAL	(_IRQ_DESC_CHECK)
#define IRQ_GET_DESC_CHECK_PERCPU	(_IRQ_DESC_CHECK | _IRQ_DESC_PERCPU)
#define _IRQ_DESC_CHECK		(1 << 0)
#define _IRQ_DESC_PERCPU	(1 << 1)

extern int __irq_set_trigger(struct irq_desc *desc, unsigned long flags);
extern void __disable_irq(struct irq_desc *desc);
extern void __enable_irq(struct irq_desc *desc);

extern int irq_activate(struct irq_desc *desc);
extern int irq_startup(struct irq_desc *desc, bool resend, bool force);
extern void irq_shutdown(struct irq_desc *desc);
extern void irq_enable(struct irq_desc *desc);
extern void irq_disable(struct irq_desc *desc);

extern int __irq_set_affinity(unsigned int irq, const struct cpumask *mask,
			      bool force);

struct irq_desc *__irq_get_desc_lock(unsigned int irq, unsigned long *flags,
				     unsigned int check);
void __irq_put_desc_unlock(struct irq_desc *desc, unsigned long flags);

static inline struct irq_desc *
irq_get_desc_lock(unsigned int irq, unsigned long *flags, unsigned int check)
{
	return __irq_get_desc_lock(irq, flags, check);
}

static inline void
irq_put_desc_unlock(struct irq_desc *desc, unsigned long flags)
{
	__irq_put_desc_unlock(desc, flags);
}

static inline struct irq_data *irq_desc_get_irq_data(struct irq_desc *desc)
{
	return &desc->irq_data;
}

static inline void irqd_set_move_pending(struct irq_data *d)
{
	__irqd_to_state(d) |= IRQD_SETAFFINITY_PENDING;
}

static inline void irqd_clr_move_pending(struct irq_data *d)
{
	__irqd_to_state(d) &= ~IRQD_SETAFFINITY_PENDING;
}

static inline void irqd_clear(struct irq_data *d, unsigned int mask)
{
	__irqd_to_state(d) &= ~mask;
}

static inline void irqd_set(struct irq_data *d, unsigned int mask)
{
	__irqd_to_state(d) |= mask;
}

static inline bool irqd_has_set(struct irq_data *d, unsigned int mask)
{
	return __irqd_to_state(d) & mask;
}

static inline bool irq_can_move_pcntxt(struct irq_data *data)
{
	return irqd_can_move_in_process_context(data);
}

static inline void irq_copy_pending(struct irq_desc *desc, const struct cpumask *mask)
{
	cpumask_copy(&desc->pending_mask, mask);
}

static inline void irq_state_set_disabled(struct irq_desc *desc)
{
	irqd_set(&desc->irq_data, IRQD_IRQ_DISABLED);
}

static inline void irq_state_set_masked(struct irq_desc *desc)
{
	irqd_set(&desc->irq_data, IRQD_IRQ_MASKED);
}
""")


# ---------------------------------------------------------------------------------------------
# C sources: init, kernel, mm, lib, fs
# ---------------------------------------------------------------------------------------------

INIT_MAIN_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0-only
/*
 *  linux/init/main.c
 *
 *  The architecture independent part of bringing the kernel up: the boot
 *  CPU enters start_kernel() with interrupts off, sets up the core
 *  subsystems in dependency order, and hands over to the initcalls.
 */

#define DEBUG		/* Enable initcall_debug */

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/printk.h>
#include <linux/irq.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/errno.h>
#include <asm/setup.h>

static int kernel_init(void *);

/*
 * Debug helper: via this flag we know that we are in 'early bootup code'
 * where only the boot processor is running with IRQ disabled.  This means
 * two things - IRQ must not be enabled before the flag is cleared and some
 * operations which are not allowed with IRQ disabled are allowed while the
 * flag is set.
 */
bool early_boot_irqs_disabled __read_mostly;

enum system_states system_state __read_mostly;

/* Untouched command line saved by arch-specific code. */
char __initdata boot_command_line[COMMAND_LINE_SIZE];
/* Untouched saved command line (eg. for /proc) */
char *saved_command_line;
/* Command line for parameter parsing */
static char *static_command_line;

static char *execute_command;
static char *ramdisk_execute_command = "/init";

/*
 * Used to generate warnings if static_key manipulation functions are used
 * before jump_label_init is called.
 */
bool static_key_initialized __read_mostly;

#define MAX_INIT_ARGS 32
#define MAX_INIT_ENVS 32

static const char *argv_init[MAX_INIT_ARGS+2] = { "init", NULL, };
const char *envp_init[MAX_INIT_ENVS+2] = { "HOME=/", "TERM=linux", NULL, };

static int __init init_setup(char *str)
{
	unsigned int i;

	execute_command = str;
	/*
	 * In case LILO is going to boot us with default command line,
	 * it prepends "auto" before the whole cmdline which makes
	 * the shell think it should execute a script with such name.
	 * So we ignore all arguments entered _before_ init=... [MJ]
	 */
	for (i = 1; i < MAX_INIT_ARGS; i++)
		argv_init[i] = NULL;
	return 1;
}
__setup("init=", init_setup);

static int __init rdinit_setup(char *str)
{
	unsigned int i;

	ramdisk_execute_command = str;
	/* See "auto" comment in init_setup */
	for (i = 1; i < MAX_INIT_ARGS; i++)
		argv_init[i] = NULL;
	return 1;
}
__setup("rdinit=", rdinit_setup);

static bool __init obsolete_checksetup(char *line)
{
	if (strstarts(line, "root=") || strstarts(line, "ro") || strstarts(line, "rw"))
		return true;
	return false;
}

void __init parse_early_options(char *cmdline)
{
	char *param = cmdline;

	while (param && *param) {
		char *next = strchr(param, ' ');

		if (next)
			*next++ = '\0';
		if (!obsolete_checksetup(param))
			pr_debug("early option '%s'\n", param);
		param = skip_spaces(next ? next : "");
	}
}

/* Arch code calls this early on, or if not, just before other parsing. */
void __init parse_early_param(void)
{
	static int done __initdata;
	static char tmp_cmdline[COMMAND_LINE_SIZE] __initdata;

	if (done)
		return;

	/* All fall through to do_early_param. */
	strscpy(tmp_cmdline, boot_command_line, COMMAND_LINE_SIZE);
	parse_early_options(tmp_cmdline);
	done = 1;
}

static void __init setup_command_line(char *command_line)
{
	size_t len = strlen(boot_command_line) + 1;

	saved_command_line = kmalloc(len, GFP_KERNEL);
	if (!saved_command_line)
		panic("%s: Failed to allocate %zu bytes\n", __func__, len);

	static_command_line = kmalloc(len, GFP_KERNEL);
	if (!static_command_line)
		panic("%s: Failed to allocate %zu bytes\n", __func__, len);

	strcpy(saved_command_line, boot_command_line);
	strcpy(static_command_line, command_line);
}

static void __init mm_init(void)
{
	page_alloc_init();
	kmem_cache_init();
	pr_info("Memory: %luK available\n", totalram_pages() << (PAGE_SHIFT - 10));
}

asmlinkage __visible void __init start_kernel(void)
{
	char *command_line;

	system_state = SYSTEM_BOOTING;
	local_irq_disable();
	early_boot_irqs_disabled = true;

	pr_notice("Linux version 6.x starting\n");
	setup_arch(&command_line);
	setup_command_line(command_line);
	parse_early_param();

	mm_init();
	early_irq_init();

	early_boot_irqs_disabled = false;
	local_irq_enable();

	kernel_init(NULL);
}

static int __ref kernel_init(void *unused)
{
	system_state = SYSTEM_RUNNING;

	if (ramdisk_execute_command) {
		pr_info("Run %s as init process\n", ramdisk_execute_command);
		return 0;
	}

	if (execute_command) {
		pr_info("Run %s as init process\n", execute_command);
		return 0;
	}

	panic("No working init found.  Try passing init= option to kernel. "
	      "See Linux Documentation/admin-guide/init.rst for guidance.");
}
""")

KERNEL_PANIC_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0-only
/*
 *  linux/kernel/panic.c
 *
 * This function is used through-out the kernel (including mm and fs)
 * to indicate a major problem.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/atomic.h>
#include <linux/string.h>
#include <linux/interrupt.h>

#define PANIC_TIMER_STEP 100
#define PANIC_BLINK_SPD 18

int panic_on_oops;
static unsigned long tainted_mask;
static int pause_on_oops;
static int pause_on_oops_flag;
int panic_on_warn __read_mostly;
unsigned long panic_on_taint;
bool panic_on_taint_nousertaint;

int panic_timeout;
EXPORT_SYMBOL_GPL(panic_timeout);

struct taint_flag {
	char c_true;	/* character printed when tainted */
	char c_false;	/* character printed when not tainted */
	bool module;	/* also show as a per-module taint flag */
};

static const struct taint_flag taint_flags[TAINT_FLAGS_COUNT] = {
	[ TAINT_PROPRIETARY_MODULE ]	= { 'P', 'G', true },
	[ TAINT_FORCED_MODULE ]		= { 'F', ' ', true },
	[ TAINT_WARN ]			= { 'W', ' ', false },
	[ TAINT_CRAP ]			= { 'C', ' ', true },
	[ TAINT_OOT_MODULE ]		= { 'O', ' ', true },
	[ TAINT_AUX ]			= { 'X', ' ', true },
};

/**
 *	panic - halt the system
 *	@fmt: The text string to print
 *
 *	Display a message, then perform cleanups.
 *
 *	This function never returns.
 */
void panic(const char *fmt, ...)
{
	static char buf[1024];

	local_irq_disable();
	strscpy(buf, fmt, sizeof(buf));
	pr_emerg("Kernel panic - not syncing: %s\n", buf);
	dump_stack();

	if (panic_timeout > 0)
		pr_emerg("Rebooting in %d seconds..\n", panic_timeout);

	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf);
	for (;;)
		cpu_relax();
}
EXPORT_SYMBOL(panic);

int __warn_on(int cond, const char *file, int line)
{
	if (!cond)
		return 0;

	pr_warn("WARNING: at %s:%d\n", file, line);
	dump_stack();
	add_taint(TAINT_WARN);

	if (panic_on_warn)
		panic("panic_on_warn set ...\n");
	return cond;
}
EXPORT_SYMBOL(__warn_on);

/**
 * print_tainted - return a string to represent the kernel taint state.
 *
 * For individual taint flag meanings, see Documentation/admin-guide/sysctl/kernel.rst
 *
 * The string is overwritten by the next call to print_tainted(),
 * but is always NULL terminated.
 */
const char *print_tainted(void)
{
	static char buf[TAINT_FLAGS_COUNT + sizeof("Tainted: ")];
	char *s;
	int i;

	if (!tainted_mask) {
		snprintf(buf, sizeof(buf), "Not tainted");
		return buf;
	}

	s = buf + sprintf(buf, "Tainted: ");
	for (i = 0; i < TAINT_FLAGS_COUNT; i++) {
		const struct taint_flag *t = &taint_flags[i];
		*s++ = test_bit(i, &tainted_mask) ? t->c_true : t->c_false;
	}
	*s = 0;
	return buf;
}

int test_taint(unsigned int flag)
{
	return test_bit(flag, &tainted_mask);
}
EXPORT_SYMBOL(test_taint);

/**
 * add_taint: add a taint flag if not already set.
 * @flag: one of the TAINT_* constants.
 *
 * If something bad has gone wrong, you'll want @lockdebug_ok = false, but for
 * some notewortht-but-not-corrupting cases, it can be set to true.
 */
void add_taint(unsigned int flag)
{
	set_bit(flag, &tainted_mask);

	if (tainted_mask & panic_on_taint) {
		panic_on_taint = 0;
		panic("panic_on_taint set ...");
	}
}
EXPORT_SYMBOL(add_taint);

static int __init oops_setup(char *s)
{
	if (!s)
		return -EINVAL;
	if (!strcmp(s, "panic"))
		panic_on_oops = 1;
	return 0;
}
early_param("oops", oops_setup);

static int __init panic_on_taint_setup(char *s)
{
	unsigned long taint;

	if (!s)
		return -EINVAL;
	if (kstrtoul(s, 16, &taint))
		return -EINVAL;
	panic_on_taint = taint;
	pause_on_oops_flag = pause_on_oops;
	return 0;
}
early_param("panic_on_taint", panic_on_taint_setup);
""")

KERNEL_IRQ_IRQDESC_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0
/*
 * This file contains the interrupt descriptor management code. Detailed
 * information is available in Documentation/core-api/genericirq.rst
 *
 */
#include <linux/irq.h>
#include <linux/slab.h>
#include <linux/export.h>
#include <linux/interrupt.h>
#include <linux/mutex.h>
#include <linux/atomic.h>

#include "internals.h"

/*
 * lockdep: we want to handle all irq_desc locks as a single lock-class:
 */
static DEFINE_MUTEX(sparse_irq_lock);

int nr_irqs = NR_IRQS;
EXPORT_SYMBOL_GPL(nr_irqs);

static unsigned long allocated_irqs[DIV_ROUND_UP(NR_IRQS, BITS_PER_LONG)];

struct irq_desc irq_desc[NR_IRQS] = {
	[0 ... NR_IRQS-1] = {
		.handle_irq	= handle_bad_irq,
		.depth		= 1,
	}
};

static void desc_set_defaults(unsigned int irq, struct irq_desc *desc, int node)
{
	desc->irq_common_data.handler_data = NULL;
	desc->irq_data.common = &desc->irq_common_data;
	desc->irq_data.irq = irq;
	desc->irq_data.chip = NULL;
	desc->irq_data.chip_data = NULL;
	irqd_set(&desc->irq_data, IRQD_IRQ_DISABLED | IRQD_IRQ_MASKED);
	desc->handle_irq = handle_bad_irq;
	desc->depth = 1;
	desc->irq_count = 0;
	desc->irqs_unhandled = 0;
	desc->name = NULL;
	cpumask_copy(&desc->irq_common_data.affinity, cpu_possible_mask);
}

int __init early_irq_init(void)
{
	int count, i, node = 0;
	struct irq_desc *desc;

	desc = irq_desc;
	count = ARRAY_SIZE(irq_desc);

	for (i = 0; i < count; i++) {
		raw_spin_lock_init(&desc[i].lock);
		desc_set_defaults(i, &desc[i], node);
	}
	pr_info("NR_IRQS: %d\n", NR_IRQS);
	return 0;
}

struct irq_desc *irq_to_desc(unsigned int irq)
{
	return (irq < NR_IRQS) ? irq_desc + irq : NULL;
}
EXPORT_SYMBOL(irq_to_desc);

struct irq_data *irq_get_irq_data(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	return desc ? &desc->irq_data : NULL;
}
EXPORT_SYMBOL_GPL(irq_get_irq_data);

/**
 * generic_handle_irq - Invoke the handler for a particular irq
 * @irq:	The irq number to handle
 *
 * Returns:	0 on success, or -EINVAL if conversion has failed
 */
int generic_handle_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc)
		return -EINVAL;
	desc->handle_irq(desc);
	return 0;
}
EXPORT_SYMBOL_GPL(generic_handle_irq);

struct irq_desc *
__irq_get_desc_lock(unsigned int irq, unsigned long *flags, unsigned int check)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (desc)
		raw_spin_lock_irqsave(&desc->lock, *flags);
	return desc;
}

void __irq_put_desc_unlock(struct irq_desc *desc, unsigned long flags)
{
	raw_spin_unlock_irqrestore(&desc->lock, flags);
}

int irq_alloc_descs(int irq, unsigned int from, unsigned int cnt, int node)
{
	int start = -1;
	unsigned int i, n;

	if (!cnt)
		return -EINVAL;

	mutex_lock(&sparse_irq_lock);
	for (i = from; i + cnt <= NR_IRQS; i++) {
		for (n = 0; n < cnt; n++)
			if (test_bit(i + n, allocated_irqs))
				break;
		if (n == cnt) {
			start = i;
			break;
		}
	}
	if (start >= 0) {
		for (n = 0; n < cnt; n++) {
			set_bit(start + n, allocated_irqs);
			desc_set_defaults(start + n, irq_desc + start + n, node);
		}
	}
	mutex_unlock(&sparse_irq_lock);
	return start >= 0 ? start : -ENOMEM;
}
EXPORT_SYMBOL_GPL(irq_alloc_descs);

void irq_free_descs(unsigned int from, unsigned int cnt)
{
	unsigned int i;

	if (from >= NR_IRQS || from + cnt > NR_IRQS)
		return;

	mutex_lock(&sparse_irq_lock);
	for (i = 0; i < cnt; i++)
		clear_bit(from + i, allocated_irqs);
	mutex_unlock(&sparse_irq_lock);
}
EXPORT_SYMBOL_GPL(irq_free_descs);

int irq_set_chip(unsigned int irq, const struct irq_chip *chip)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc)
		return -EINVAL;

	desc->irq_data.chip = (struct irq_chip *)chip;
	return 0;
}
EXPORT_SYMBOL(irq_set_chip);

int irq_set_handler_data(unsigned int irq, void *data)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc)
		return -EINVAL;
	desc->irq_common_data.handler_data = data;
	return 0;
}
EXPORT_SYMBOL(irq_set_handler_data);

int irq_set_chip_data(unsigned int irq, void *data)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc)
		return -EINVAL;
	desc->irq_data.chip_data = data;
	return 0;
}
EXPORT_SYMBOL(irq_set_chip_data);

void irq_set_chip_and_handler_name(unsigned int irq, const struct irq_chip *chip,
				   irq_flow_handler_t handle, const char *name)
{
	struct irq_desc *desc = irq_to_desc(irq);

	irq_set_chip(irq, chip);
	if (desc) {
		desc->handle_irq = handle;
		desc->name = name;
	}
}
EXPORT_SYMBOL_GPL(irq_set_chip_and_handler_name);

void irq_modify_status(unsigned int irq, unsigned long clr, unsigned long set)
{
	unsigned long flags;
	struct irq_desc *desc = irq_get_desc_lock(irq, &flags, 0);

	if (!desc)
		return;

	clr &= IRQF_MODIFY_MASK;
	set &= IRQF_MODIFY_MASK;
	desc->status_use_accessors &= ~clr;
	desc->status_use_accessors |= set;

	irq_put_desc_unlock(desc, flags);
}
EXPORT_SYMBOL_GPL(irq_modify_status);
""")

KERNEL_IRQ_MANAGE_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0
/*
 * This file contains driver APIs to the irq subsystem: requesting and
 * freeing interrupt lines, enabling and disabling them, and moving
 * them between CPUs.
 */

#define pr_fmt(fmt) "genirq: " fmt

#include <linux/irq.h>
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/errno.h>

#include "internals.h"

bool force_irqthreads_key;

static int __init setup_forced_irqthreads(char *arg)
{
	force_irqthreads_key = true;
	return 0;
}
early_param("threadirqs", setup_forced_irqthreads);

static void __synchronize_hardirq(struct irq_desc *desc)
{
	bool inprogress;

	do {
		unsigned long flags;

		/*
		 * Wait until we're out of the critical section.  This might
		 * give the wrong answer due to the lack of memory barriers.
		 */
		while (irqd_irq_inprogress(&desc->irq_data))
			cpu_relax();

		/* Ok, that indicated we're done: double-check carefully. */
		raw_spin_lock_irqsave(&desc->lock, flags);
		inprogress = irqd_irq_inprogress(&desc->irq_data);
		raw_spin_unlock_irqrestore(&desc->lock, flags);

		/* Oops, that failed? */
	} while (inprogress);
}

/**
 *	synchronize_irq - wait for pending IRQ handlers (on other CPUs)
 *	@irq: interrupt number to wait for
 *
 *	This function waits for any pending IRQ handlers for this interrupt
 *	to complete before returning. If you use this function while
 *	holding a resource the IRQ handler may need you will deadlock.
 *
 *	Can only be called from preemptible code as it might sleep when
 *	an interrupt thread is associated to @irq.
 */
void synchronize_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (desc)
		__synchronize_hardirq(desc);
}
EXPORT_SYMBOL(synchronize_irq);

static bool __irq_can_set_affinity(struct irq_desc *desc)
{
	if (!desc || !irqd_can_balance(&desc->irq_data) ||
	    !desc->irq_data.chip || !desc->irq_data.chip->irq_set_affinity)
		return false;
	return true;
}

int irq_can_set_affinity(unsigned int irq)
{
	return __irq_can_set_affinity(irq_to_desc(irq));
}

static void irq_validate_effective_affinity(struct irq_data *data)
{
	const struct cpumask *m = irq_data_get_effective_affinity_mask(data);
	struct irq_chip *chip = irq_data_get_irq_chip(data);

	if (!cpumask_empty(m))
		return;
	pr_warn_once("irq_chip %s did not update eff. affinity mask of irq %u\n",
		     chip->name, data->irq);
}

int irq_do_set_affinity(struct irq_data *data, const struct cpumask *mask,
			bool force)
{
	struct irq_desc *desc = irq_data_to_desc(data);
	struct irq_chip *chip = irq_data_get_irq_chip(data);
	int ret;

	if (!chip || !chip->irq_set_affinity)
		return -EINVAL;

	if (!force && !cpumask_intersects(mask, cpu_online_mask))
		return -EINVAL;

	ret = chip->irq_set_affinity(data, mask, force);
	switch (ret) {
	case IRQ_SET_MASK_OK:
	case IRQ_SET_MASK_OK_DONE:
		cpumask_copy(&desc->irq_common_data.affinity, mask);
		fallthrough;
	case IRQ_SET_MASK_OK_NOCOPY:
		irq_validate_effective_affinity(data);
		ret = 0;
	}

	return ret;
}

static inline int irq_set_affinity_pending(struct irq_data *data,
					   const struct cpumask *dest)
{
	struct irq_desc *desc = irq_data_to_desc(data);

	irqd_set_move_pending(data);
	irq_copy_pending(desc, dest);
	return 0;
}

static int irq_try_set_affinity(struct irq_data *data,
				const struct cpumask *dest, bool force)
{
	int ret = irq_do_set_affinity(data, dest, force);

	/*
	 * In case that the underlying vector management is busy and the
	 * architecture supports the generic pending mechanism then utilize
	 * this to avoid returning an error to user space.
	 */
	if (ret == -EBUSY && !force)
		ret = irq_set_affinity_pending(data, dest);
	return ret;
}

int irq_set_affinity_locked(struct irq_data *data, const struct cpumask *mask,
			    bool force)
{
	struct irq_chip *chip = irq_data_get_irq_chip(data);
	struct irq_desc *desc = irq_data_to_desc(data);
	int ret = 0;

	if (!chip || !chip->irq_set_affinity)
		return -EINVAL;

	if (irq_can_move_pcntxt(data) && !irqd_is_setaffinity_pending(data)) {
		ret = irq_try_set_affinity(data, mask, force);
	} else {
		irqd_set_move_pending(data);
		irq_copy_pending(desc, mask);
	}

	irqd_set(data, IRQD_AFFINITY_SET);

	return ret;
}

int __irq_set_affinity(unsigned int irq, const struct cpumask *mask, bool force)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;
	int ret;

	if (!desc)
		return -EINVAL;

	raw_spin_lock_irqsave(&desc->lock, flags);
	ret = irq_set_affinity_locked(irq_desc_get_irq_data(desc), mask, force);
	raw_spin_unlock_irqrestore(&desc->lock, flags);
	return ret;
}

/**
 * irq_set_affinity - Set the irq affinity of a given irq
 * @irq:	Interrupt to set affinity
 * @cpumask:	cpumask
 *
 * Fails if cpumask does not contain an online CPU
 */
int irq_set_affinity(unsigned int irq, const struct cpumask *cpumask)
{
	return __irq_set_affinity(irq, cpumask, false);
}
EXPORT_SYMBOL_GPL(irq_set_affinity);

/**
 * irq_force_affinity - Force the irq affinity of a given irq
 * @irq:	Interrupt to set affinity
 * @cpumask:	cpumask
 *
 * Same as irq_set_affinity, but without checking the mask against
 * online cpus.
 *
 * Solely for low level cpu hotplug code, where we need to make per
 * cpu interrupts affine before the cpu becomes online.
 */
int irq_force_affinity(unsigned int irq, const struct cpumask *cpumask)
{
	return __irq_set_affinity(irq, cpumask, true);
}
EXPORT_SYMBOL_GPL(irq_force_affinity);

void __disable_irq(struct irq_desc *desc)
{
	if (!desc->depth++)
		irq_disable(desc);
}

static int __disable_irq_nosync(unsigned int irq)
{
	unsigned long flags;
	struct irq_desc *desc = irq_get_desc_lock(irq, &flags, IRQ_GET_DESC_CHECK_GLOBAL);

	if (!desc)
		return -EINVAL;
	__disable_irq(desc);
	irq_put_desc_unlock(desc, flags);
	return 0;
}

void disable_irq_nosync(unsigned int irq)
{
	__disable_irq_nosync(irq);
}
EXPORT_SYMBOL(disable_irq_nosync);

void disable_irq(unsigned int irq)
{
	if (!__disable_irq_nosync(irq))
		synchronize_irq(irq);
}
EXPORT_SYMBOL(disable_irq);

void __enable_irq(struct irq_desc *desc)
{
	switch (desc->depth) {
	case 0:
		pr_warn("Unbalanced enable for IRQ %d\n", desc->irq_data.irq);
		break;
	case 1:
		irq_startup(desc, true, false);
		fallthrough;
	default:
		desc->depth--;
	}
}

void enable_irq(unsigned int irq)
{
	unsigned long flags;
	struct irq_desc *desc = irq_get_desc_lock(irq, &flags, IRQ_GET_DESC_CHECK_GLOBAL);

	if (!desc)
		return;
	if (WARN_ON(!desc->irq_data.chip))
		goto out;

	__enable_irq(desc);
out:
	irq_put_desc_unlock(desc, flags);
}
EXPORT_SYMBOL(enable_irq);

static int __setup_irq(unsigned int irq, struct irq_desc *desc, struct irqaction *new)
{
	struct irqaction *old, **old_ptr;
	unsigned long flags;
	int shared = 0;

	raw_spin_lock_irqsave(&desc->lock, flags);
	old_ptr = &desc->action;
	old = *old_ptr;
	if (old) {
		if (!(old->flags & new->flags & IRQF_SHARED)) {
			raw_spin_unlock_irqrestore(&desc->lock, flags);
			pr_err("Flags mismatch irq %d. %08x (%s) vs. %08x (%s)\n",
			       irq, new->flags, new->name, old->flags, old->name);
			return -EBUSY;
		}
		/* add new interrupt at end of irq queue */
		do {
			old_ptr = &old->next;
			old = *old_ptr;
		} while (old);
		shared = 1;
	}

	*old_ptr = new;
	if (!shared) {
		desc->depth = 1;
		if (!(new->flags & IRQF_NO_AUTOEN))
			__enable_irq(desc);
	}
	raw_spin_unlock_irqrestore(&desc->lock, flags);
	return 0;
}

int request_threaded_irq(unsigned int irq, irq_handler_t handler,
			 irq_handler_t thread_fn, unsigned long irqflags,
			 const char *devname, void *dev_id)
{
	struct irqaction *action;
	struct irq_desc *desc;
	int retval;

	if (((irqflags & IRQF_SHARED) && !dev_id))
		return -EINVAL;

	desc = irq_to_desc(irq);
	if (!desc)
		return -EINVAL;

	if (!handler && !thread_fn)
		return -EINVAL;

	action = kzalloc(sizeof(struct irqaction), GFP_KERNEL);
	if (!action)
		return -ENOMEM;

	action->handler = handler;
	action->thread_fn = thread_fn;
	action->flags = irqflags;
	action->name = devname;
	action->dev_id = dev_id;
	action->irq = irq;

	retval = __setup_irq(irq, desc, action);
	if (retval)
		kfree(action);
	return retval;
}
EXPORT_SYMBOL(request_threaded_irq);

const void *free_irq(unsigned int irq, void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(irq);
	struct irqaction *action, **action_ptr;
	const char *devname = NULL;
	unsigned long flags;

	if (!desc)
		return NULL;

	raw_spin_lock_irqsave(&desc->lock, flags);
	action_ptr = &desc->action;
	for (;;) {
		action = *action_ptr;
		if (!action) {
			WARN_ON(1);
			raw_spin_unlock_irqrestore(&desc->lock, flags);
			return NULL;
		}
		if (action->dev_id == dev_id)
			break;
		action_ptr = &action->next;
	}

	/* Found it - now remove it from the list of entries: */
	*action_ptr = action->next;
	if (!desc->action)
		irq_shutdown(desc);
	raw_spin_unlock_irqrestore(&desc->lock, flags);

	synchronize_irq(irq);
	devname = action->name;
	kfree(action);
	return devname;
}
EXPORT_SYMBOL(free_irq);
""")

MM_PAGE_ALLOC_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0-only
/*
 *  linux/mm/page_alloc.c
 *
 *  Manages the free list, the system allocates free pages here.
 *  Note that kmalloc() lives in slab_common.c
 *
 *  The allocator is a binary buddy allocator: free blocks of 2^order
 *  pages are kept on per-order free lists and split or merged with
 *  their buddy on allocation and free.
 */

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/export.h>

struct free_area {
	struct list_head	free_list;
	unsigned long		nr_free;
};

struct page *mem_map;
EXPORT_SYMBOL(mem_map);
unsigned long max_mapnr;
EXPORT_SYMBOL(max_mapnr);

static struct free_area free_area[MAX_ORDER];
static DEFINE_SPINLOCK(zone_lock);
static unsigned long nr_managed_pages;
static unsigned long nr_free_pages_total;

/*
 * Locate the struct page for both the matching buddy in our
 * pair (buddy1) and the combined O(n+1) page they form (page).
 *
 * 1) Any buddy B1 will have an order O twin B2 which satisfies
 * the following equation:
 *     B2 = B1 ^ (1 << O)
 * For example, if the starting buddy (buddy2) is #8 its order
 * 1 buddy is #10:
 *     B2 = 8 ^ (1 << 1) = 8 ^ 2 = 10
 */
static inline unsigned long
__find_buddy_pfn(unsigned long page_pfn, unsigned int order)
{
	return page_pfn ^ (1 << order);
}

static inline void set_buddy_order(struct page *page, unsigned int order)
{
	page->private = order;
	set_bit(PG_buddy, &page->flags);
}

static inline bool page_is_buddy(struct page *buddy, unsigned int order)
{
	return test_bit(PG_buddy, &buddy->flags) && buddy->private == order;
}

static void add_to_free_list(struct page *page, unsigned int order)
{
	struct free_area *area = &free_area[order];

	list_add(&page->lru, &area->free_list);
	area->nr_free++;
}

static void del_page_from_free_list(struct page *page, unsigned int order)
{
	list_del(&page->lru);
	clear_bit(PG_buddy, &page->flags);
	page->private = 0;
	free_area[order].nr_free--;
}

static void __free_one_page(struct page *page, unsigned long pfn, unsigned int order)
{
	unsigned long buddy_pfn;
	struct page *buddy;

	while (order < MAX_ORDER - 1) {
		buddy_pfn = __find_buddy_pfn(pfn, order);
		if (!pfn_valid(buddy_pfn))
			break;
		buddy = pfn_to_page(buddy_pfn);
		if (!page_is_buddy(buddy, order))
			break;
		del_page_from_free_list(buddy, order);
		pfn &= buddy_pfn;
		page = pfn_to_page(pfn);
		order++;
	}

	set_buddy_order(page, order);
	add_to_free_list(page, order);
}

static struct page *__rmqueue_smallest(unsigned int order)
{
	unsigned int current_order;
	struct free_area *area;
	struct page *page;

	/* Find a page of the appropriate size in the preferred list */
	for (current_order = order; current_order < MAX_ORDER; ++current_order) {
		area = &free_area[current_order];
		page = list_first_entry_or_null(&area->free_list, struct page, lru);
		if (!page)
			continue;
		del_page_from_free_list(page, current_order);
		while (current_order > order) {
			current_order--;
			add_to_free_list(page + (1UL << current_order), current_order);
			set_buddy_order(page + (1UL << current_order), current_order);
		}
		return page;
	}

	return NULL;
}

static bool free_pages_prepare(struct page *page, unsigned int order)
{
	if (PageReserved(page)) {
		pr_err("BUG: Bad page state: pfn %lu\n", page_to_pfn(page));
		return false;
	}
	set_page_count(page, 0);
	return true;
}

void __free_pages(struct page *page, unsigned int order)
{
	unsigned long flags;

	if (!free_pages_prepare(page, order))
		return;

	spin_lock_irqsave(&zone_lock, flags);
	__free_one_page(page, page_to_pfn(page), order);
	nr_free_pages_total += 1UL << order;
	spin_unlock_irqrestore(&zone_lock, flags);
}
EXPORT_SYMBOL(__free_pages);

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr != 0)
		__free_pages(virt_to_page((void *)addr), order);
}
EXPORT_SYMBOL(free_pages);

/*
 * This is the 'heart' of the zoned buddy allocator.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	unsigned long flags;
	struct page *page;

	if (WARN_ON_ONCE(order >= MAX_ORDER))
		return NULL;

	spin_lock_irqsave(&zone_lock, flags);
	page = __rmqueue_smallest(order);
	if (page)
		nr_free_pages_total -= 1UL << order;
	spin_unlock_irqrestore(&zone_lock, flags);

	if (!page) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("page allocation failure: order:%u, mode:%#x\n",
				order, gfp);
		return NULL;
	}

	set_page_count(page, 1);
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	return page;
}
EXPORT_SYMBOL(alloc_pages);

/*
 * Common helper functions. Never use with __GFP_HIGHMEM because the returned
 * address cannot represent highmem pages. Use alloc_pages and then kmap if
 * you need to access high mem.
 */
unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order)
{
	struct page *page;

	page = alloc_pages(gfp_mask & ~__GFP_HIGHMEM, order);
	if (!page)
		return 0;
	return (unsigned long) page_address(page);
}
EXPORT_SYMBOL(__get_free_pages);

unsigned long get_zeroed_page(gfp_t gfp_mask)
{
	return __get_free_page(gfp_mask | __GFP_ZERO);
}
EXPORT_SYMBOL(get_zeroed_page);

void *page_address(const struct page *page)
{
	return page_to_virt(page);
}
EXPORT_SYMBOL(page_address);

void put_page(struct page *page)
{
	if (atomic_dec_and_test(&page->_refcount))
		__free_pages(page, 0);
}
EXPORT_SYMBOL(put_page);

unsigned long totalram_pages(void)
{
	return nr_managed_pages;
}
EXPORT_SYMBOL(totalram_pages);

void show_mem(unsigned int filter)
{
	unsigned int order;

	pr_info("Mem-Info:\n");
	for (order = 0; order < MAX_ORDER; order++)
		pr_cont("%lu*%lukB ", free_area[order].nr_free,
			(PAGE_SIZE >> 10) << order);
	pr_cont("= %lukB\n", nr_free_pages_total * (PAGE_SIZE >> 10));
}

void __init page_alloc_init(void)
{
	unsigned int order;
	unsigned long pfn;

	for (order = 0; order < MAX_ORDER; order++) {
		INIT_LIST_HEAD(&free_area[order].free_list);
		free_area[order].nr_free = 0;
	}

	for (pfn = 0; pfn < max_mapnr; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (PageReserved(page))
			continue;
		__free_one_page(page, pfn, 0);
		nr_managed_pages++;
	}
	nr_free_pages_total = nr_managed_pages;
}
""")

MM_SLAB_COMMON_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0
/*
 * Slab allocator functions that are independent of the allocator strategy
 *
 * (C) 2012 Christoph Lameter <cl@linux.com>
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/export.h>
#include <linux/errno.h>

struct kmem_cache {
	const char		*name;
	unsigned int		size;
	unsigned int		align;
	unsigned long		flags;
	void			(*ctor)(void *);
	struct list_head	list;
	int			refcount;
};

static LIST_HEAD(slab_caches);
static DEFINE_MUTEX(slab_mutex);

/* Small header in front of each kmalloc object, to remember its size. */
struct kmalloc_header {
	size_t size;
	unsigned int order;
};

static unsigned int calculate_alignment(unsigned long flags,
		unsigned int align, unsigned int size)
{
	/*
	 * If the user wants hardware cache aligned objects then follow that
	 * suggestion if the object is sufficiently large.
	 */
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = 64;

		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}

	return ALIGN(align, sizeof(void *));
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
		unsigned int align, unsigned long flags, void (*ctor)(void *))
{
	struct kmem_cache *s;

	mutex_lock(&slab_mutex);
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (s) {
		s->name = name;
		s->size = size;
		s->align = calculate_alignment(flags, align, size);
		s->flags = flags;
		s->ctor = ctor;
		s->refcount = 1;
		list_add(&s->list, &slab_caches);
	}
	mutex_unlock(&slab_mutex);

	if (!s && (flags & SLAB_PANIC))
		panic("%s: Failed to create slab '%s'.\n", __func__, name);
	return s;
}
EXPORT_SYMBOL(kmem_cache_create);

void kmem_cache_destroy(struct kmem_cache *s)
{
	if (!s)
		return;

	mutex_lock(&slab_mutex);
	if (--s->refcount == 0)
		list_del(&s->list);
	mutex_unlock(&slab_mutex);

	if (!s->refcount)
		kfree(s);
}
EXPORT_SYMBOL(kmem_cache_destroy);

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags)
{
	void *obj = kmalloc(s->size, flags);

	if (obj && s->ctor)
		s->ctor(obj);
	return obj;
}
EXPORT_SYMBOL(kmem_cache_alloc);

void kmem_cache_free(struct kmem_cache *s, void *objp)
{
	kfree(objp);
}
EXPORT_SYMBOL(kmem_cache_free);

void *kmalloc(size_t size, gfp_t flags)
{
	struct kmalloc_header *h;
	unsigned int order = 0;
	size_t total = size + sizeof(*h);

	if (size > KMALLOC_MAX_SIZE)
		return NULL;

	while ((PAGE_SIZE << order) < total)
		order++;

	h = (struct kmalloc_header *)__get_free_pages(flags, order);
	if (!h)
		return NULL;
	h->size = size;
	h->order = order;
	return h + 1;
}
EXPORT_SYMBOL(kmalloc);

void kfree(const void *objp)
{
	const struct kmalloc_header *h;

	if (!objp)
		return;
	h = (const struct kmalloc_header *)objp - 1;
	free_pages((unsigned long)h, h->order);
}
EXPORT_SYMBOL(kfree);

size_t ksize(const void *objp)
{
	if (!objp)
		return 0;
	return ((const struct kmalloc_header *)objp - 1)->size;
}
EXPORT_SYMBOL(ksize);

void *krealloc(const void *p, size_t new_size, gfp_t flags)
{
	void *ret;

	if (!new_size) {
		kfree(p);
		return NULL;
	}

	ret = kmalloc(new_size, flags);
	if (ret && p) {
		memcpy(ret, p, min(new_size, ksize(p)));
		kfree(p);
	}
	return ret;
}
EXPORT_SYMBOL(krealloc);

void __init kmem_cache_init(void)
{
	INIT_LIST_HEAD(&slab_caches);
	pr_info("SLUB: HWalign=%d, Order=0-%d\n", 64, MAX_ORDER - 1);
}
""")

LIB_STRING_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0
/*
 *  linux/lib/string.c
 *
 *  Copyright (C) 1991, 1992  Linus Torvalds
 */

/*
 * This file should be used only for "library" routines that may have
 * alternative implementations on specific architectures (generally
 * found in <asm-xx/string.h>), or get overloaded by FORTIFY_SOURCE.
 * (Specifically, this file is built with __NO_FORTIFY.)
 *
 * Other helper functions should live in string_helpers.c instead.
 */

#include <linux/types.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/errno.h>
#include <linux/export.h>

/**
 * strcpy - Copy a %NUL terminated string
 * @dest: Where to copy the string to
 * @src: Where to copy the string from
 */
char *strcpy(char *dest, const char *src)
{
	char *tmp = dest;

	while ((*dest++ = *src++) != '\0')
		/* nothing */;
	return tmp;
}
EXPORT_SYMBOL(strcpy);

ssize_t strscpy(char *dest, const char *src, size_t count)
{
	size_t res = 0;

	if (count == 0)
		return -E2BIG;

	while (count) {
		char c;

		c = src[res];
		dest[res] = c;
		if (!c)
			return res;
		res++;
		count--;
	}

	/* Hit buffer length without finding a NUL; force NUL-termination. */
	if (res)
		dest[res-1] = '\0';

	return -E2BIG;
}
EXPORT_SYMBOL(strscpy);

int strcmp(const char *cs, const char *ct)
{
	unsigned char c1, c2;

	while (1) {
		c1 = *cs++;
		c2 = *ct++;
		if (c1 != c2)
			return c1 < c2 ? -1 : 1;
		if (!c1)
			break;
	}
	return 0;
}
EXPORT_SYMBOL(strcmp);

int strncmp(const char *cs, const char *ct, size_t count)
{
	unsigned char c1, c2;

	while (count) {
		c1 = *cs++;
		c2 = *ct++;
		if (c1 != c2)
			return c1 < c2 ? -1 : 1;
		if (!c1)
			break;
		count--;
	}
	return 0;
}
EXPORT_SYMBOL(strncmp);

char *strchr(const char *s, int c)
{
	for (; *s != (char)c; ++s)
		if (*s == '\0')
			return NULL;
	return (char *)s;
}
EXPORT_SYMBOL(strchr);

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	do {
		if (*s == (char)c)
			last = s;
	} while (*s++);
	return (char *)last;
}
EXPORT_SYMBOL(strrchr);

size_t strlen(const char *s)
{
	const char *sc;

	for (sc = s; *sc != '\0'; ++sc)
		/* nothing */;
	return sc - s;
}
EXPORT_SYMBOL(strlen);

size_t strnlen(const char *s, size_t count)
{
	const char *sc;

	for (sc = s; count-- && *sc != '\0'; ++sc)
		/* nothing */;
	return sc - s;
}
EXPORT_SYMBOL(strnlen);

char *skip_spaces(const char *str)
{
	while (*str == ' ' || *str == '\t' || *str == '\n')
		++str;
	return (char *)str;
}
EXPORT_SYMBOL(skip_spaces);

void *memset(void *s, int c, size_t count)
{
	char *xs = s;

	while (count--)
		*xs++ = c;
	return s;
}
EXPORT_SYMBOL(memset);

void *memcpy(void *dest, const void *src, size_t count)
{
	char *tmp = dest;
	const char *s = src;

	while (count--)
		*tmp++ = *s++;
	return dest;
}
EXPORT_SYMBOL(memcpy);

void *memmove(void *dest, const void *src, size_t count)
{
	char *tmp;
	const char *s;

	if (dest <= src) {
		tmp = dest;
		s = src;
		while (count--)
			*tmp++ = *s++;
	} else {
		tmp = dest;
		tmp += count;
		s = src;
		s += count;
		while (count--)
			*--tmp = *--s;
	}
	return dest;
}
EXPORT_SYMBOL(memmove);

int memcmp(const void *cs, const void *ct, size_t count)
{
	const unsigned char *su1, *su2;
	int res = 0;

	for (su1 = cs, su2 = ct; 0 < count; ++su1, ++su2, count--)
		if ((res = *su1 - *su2) != 0)
			break;
	return res;
}
EXPORT_SYMBOL(memcmp);

char *strstr(const char *s1, const char *s2)
{
	size_t l1, l2;

	l2 = strlen(s2);
	if (!l2)
		return (char *)s1;
	l1 = strlen(s1);
	while (l1 >= l2) {
		l1--;
		if (!memcmp(s1, s2, l2))
			return (char *)s1;
		s1++;
	}
	return NULL;
}
EXPORT_SYMBOL(strstr);

char *kstrdup(const char *s, gfp_t gfp)
{
	size_t len;
	char *buf;

	if (!s)
		return NULL;

	len = strlen(s) + 1;
	buf = kmalloc(len, gfp);
	if (buf)
		memcpy(buf, s, len);
	return buf;
}
EXPORT_SYMBOL(kstrdup);

void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p;

	p = kmalloc(len, gfp);
	if (p)
		memcpy(p, src, len);
	return p;
}
EXPORT_SYMBOL(kmemdup);
""")

FS_READ_WRITE_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0
/*
 *  linux/fs/read_write.c
 *
 *  Copyright (C) 1991, 1992  Linus Torvalds
 */

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <asm/page.h>

/**
 * vfs_setpos - update the file offset for lseek
 * @file:	file structure in question
 * @offset:	file offset to seek to
 * @maxsize:	maximum file size
 *
 * This is a low-level filesystem helper for updating the file offset to
 * the value specified by @offset if the given offset is valid and it is
 * not equal to the current file offset.
 *
 * Return the specified offset on success and -EINVAL on invalid offset.
 */
loff_t vfs_setpos(struct file *file, loff_t offset, loff_t maxsize)
{
	if (offset < 0 || offset > maxsize)
		return -EINVAL;

	if (offset != file->f_pos)
		file->f_pos = offset;
	return offset;
}
EXPORT_SYMBOL(vfs_setpos);

loff_t generic_file_llseek(struct file *file, loff_t offset, int whence)
{
	struct inode *inode = file_inode(file);
	loff_t eof = i_size_read(inode);

	switch (whence) {
	case SEEK_END:
		offset += eof;
		break;
	case SEEK_CUR:
		if (offset == 0)
			return file->f_pos;
		offset += file->f_pos;
		break;
	case SEEK_SET:
		break;
	default:
		return -EINVAL;
	}

	return vfs_setpos(file, offset, LONG_MAX);
}
EXPORT_SYMBOL(generic_file_llseek);

loff_t no_llseek(struct file *file, loff_t offset, int whence)
{
	return -ESPIPE;
}
EXPORT_SYMBOL(no_llseek);

int rw_verify_area(int read_write, struct file *file, const loff_t *ppos, size_t count)
{
	if (!(file->f_mode & (read_write == READ ? FMODE_READ : FMODE_WRITE)))
		return -EBADF;

	if (ppos) {
		loff_t pos = *ppos;

		if (pos < 0)
			return -EINVAL;
		if (count > (size_t)(LONG_MAX - pos))
			return -EINVAL;
	}
	return 0;
}

ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	ssize_t ret;

	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	if (!(file->f_mode & FMODE_CAN_READ))
		return -EINVAL;

	ret = rw_verify_area(READ, file, pos, count);
	if (ret)
		return ret;
	if (count > MAX_RW_COUNT)
		count =  MAX_RW_COUNT;

	if (file->f_op->read)
		ret = file->f_op->read(file, buf, count, pos);
	else
		ret = -EINVAL;
	if (ret > 0)
		fsnotify_access(file);
	return ret;
}

ssize_t vfs_write(struct file *file, const char __user *buf, size_t count, loff_t *pos)
{
	ssize_t ret;

	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!(file->f_mode & FMODE_CAN_WRITE))
		return -EINVAL;

	ret = rw_verify_area(WRITE, file, pos, count);
	if (ret)
		return ret;
	if (count > MAX_RW_COUNT)
		count =  MAX_RW_COUNT;

	if (file->f_op->write)
		ret = file->f_op->write(file, buf, count, pos);
	else
		ret = -EINVAL;
	if (ret > 0)
		fsnotify_modify(file);
	return ret;
}

ssize_t kernel_read(struct file *file, void *buf, size_t count, loff_t *pos)
{
	return vfs_read(file, (char __force __user *)buf, count, pos);
}
EXPORT_SYMBOL(kernel_read);

ssize_t kernel_write(struct file *file, const void *buf, size_t count, loff_t *pos)
{
	return vfs_write(file, (const char __force __user *)buf, count, pos);
}
EXPORT_SYMBOL(kernel_write);
""")

BLOCK_BIO_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2001 Jens Axboe <axboe@kernel.dk>
 */
#include <linux/mm.h>
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/slab.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/string.h>

#define BIO_INLINE_VECS 4

static struct kmem_cache *bio_slab;

struct bio *bio_alloc(struct gendisk *disk, unsigned short nr_vecs,
		      unsigned int opf, gfp_t gfp_mask)
{
	struct bio *bio;

	bio = kmem_cache_alloc(bio_slab, gfp_mask);
	if (!bio)
		return NULL;
	memset(bio, 0, sizeof(*bio));

	if (nr_vecs) {
		bio->bi_io_vec = kcalloc(nr_vecs, sizeof(struct bio_vec), gfp_mask);
		if (!bio->bi_io_vec) {
			kmem_cache_free(bio_slab, bio);
			return NULL;
		}
	}
	bio->bi_disk = disk;
	bio->bi_opf = opf;
	bio->bi_max_vecs = nr_vecs;
	atomic_set(&bio->__bi_cnt, 1);
	return bio;
}
EXPORT_SYMBOL(bio_alloc);

void bio_put(struct bio *bio)
{
	if (!atomic_dec_and_test(&bio->__bi_cnt))
		return;
	kfree(bio->bi_io_vec);
	kmem_cache_free(bio_slab, bio);
}
EXPORT_SYMBOL(bio_put);

/**
 *	bio_add_page	-	attempt to add page(s) to bio
 *	@bio: destination bio
 *	@page: start page to add
 *	@len: vec entry length, may cross pages
 *	@offset: vec entry offset relative to @page, may cross pages
 *
 *	Attempt to add page(s) to the bio_vec maplist. This will only fail
 *	if either bio->bi_vcnt == bio->bi_max_vecs or it's a cloned bio.
 */
int bio_add_page(struct bio *bio, struct page *page,
		 unsigned int len, unsigned int offset)
{
	struct bio_vec *bv;

	if (bio->bi_vcnt >= bio->bi_max_vecs)
		return 0;

	bv = &bio->bi_io_vec[bio->bi_vcnt];
	bv->bv_page = page;
	bv->bv_len = len;
	bv->bv_offset = offset;
	bio->bi_vcnt++;
	bio->bi_iter.bi_size += len;
	return len;
}
EXPORT_SYMBOL(bio_add_page);

/**
 * bio_endio - end I/O on a bio
 * @bio:	bio
 *
 * Description:
 *   bio_endio() will end I/O on the whole bio. bio_endio() is the preferred
 *   way to end I/O on a bio. No one should call bi_end_io() directly on a
 *   bio unless they own it and thus know that it has an end_io function.
 **/
void bio_endio(struct bio *bio)
{
	if (bio->bi_end_io)
		bio->bi_end_io(bio);
}
EXPORT_SYMBOL(bio_endio);

static int __init init_bio(void)
{
	bio_slab = kmem_cache_create("bio", sizeof(struct bio), 0,
				     SLAB_HWCACHE_ALIGN | SLAB_PANIC, NULL);
	return 0;
}
subsys_initcall(init_bio);
""")


# ---------------------------------------------------------------------------------------------
# C sources: arch/x86
# ---------------------------------------------------------------------------------------------

ARCH_X86_SETUP_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 1995  Linus Torvalds
 *
 * This file contains the setup_arch() code, which handles the architecture-dependent
 * parts of early kernel initialization.
 */
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/export.h>

#include <asm/setup.h>
#include <asm/e820.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/hypervisor.h>

/*
 * max_low_pfn_mapped: highest directly mapped pfn < 4 GB
 * max_pfn_mapped:     highest directly mapped pfn > 4 GB
 *
 * The direct mapping only covers E820_TYPE_RAM regions, so the ranges and gaps are
 * represented by pfn_mapped[].
 */
unsigned long max_low_pfn_mapped;
unsigned long max_pfn_mapped;
unsigned long max_pfn;
unsigned long max_low_pfn;

struct boot_params boot_params;
struct cpuinfo_x86 boot_cpu_data __read_mostly;
EXPORT_SYMBOL(boot_cpu_data);

unsigned long _brk_start, _brk_end;

static char __initdata command_line[COMMAND_LINE_SIZE];
static char builtin_cmdline[COMMAND_LINE_SIZE] __initdata = "";

static u64 __init get_ramdisk_image(void)
{
	u64 ramdisk_image = boot_params.hdr.ramdisk_image;

	ramdisk_image |= (u64)boot_params.ext_ramdisk_image << 32;

	return ramdisk_image;
}

static u64 __init get_ramdisk_size(void)
{
	u64 ramdisk_size = boot_params.hdr.ramdisk_size;

	ramdisk_size |= (u64)boot_params.ext_ramdisk_size << 32;

	return ramdisk_size;
}

static void __init reserve_initrd(void)
{
	/* Assume only end is not page aligned */
	u64 ramdisk_image = get_ramdisk_image();
	u64 ramdisk_size  = get_ramdisk_size();
	u64 ramdisk_end   = PAGE_ALIGN(ramdisk_image + ramdisk_size);

	if (!boot_params.hdr.type_of_loader ||
	    !ramdisk_image || !ramdisk_size)
		return;		/* No initrd provided by bootloader */

	pr_info("RAMDISK: [mem %#010llx-%#010llx]\n", ramdisk_image,
		ramdisk_end - 1);
	memblock_reserve(ramdisk_image, ramdisk_end - ramdisk_image);
}

static void __init parse_setup_data(void)
{
	u64 pa_data = boot_params.hdr.setup_data;

	while (pa_data) {
		struct setup_data *data = __va(pa_data);

		switch (data->type) {
		case SETUP_E820_EXT:
			pr_info("setup: extended e820 map at %#llx\n", pa_data);
			break;
		case SETUP_DTB:
		case SETUP_PCI:
		case SETUP_EFI:
			break;
		default:
			break;
		}
		pa_data = data->next;
	}
}

static void __init reserve_brk(void)
{
	if (_brk_end > _brk_start)
		memblock_reserve(__pa(_brk_start), _brk_end - _brk_start);

	/* Mark brk area as locked down and no longer taking any
	   new allocations */
	_brk_start = 0;
}

static void __init e820_add_kernel_range(void)
{
	u64 start = __pa(_brk_start);
	u64 size = _brk_end - _brk_start;

	/*
	 * Complain if .text .data and .bss are not marked as E820_TYPE_RAM and
	 * attempt to fix it by adding the range. We may have a confused BIOS,
	 * or the user may have used memmap=exactmap or memmap=xxM$yyM to
	 * exclude kernel range. If we really are running on top non-RAM,
	 * we will crash later anyways.
	 */
	if (e820__mapped_any(start, start + size, E820_TYPE_RAM))
		return;

	pr_warn(".text .data .bss are not marked as E820_TYPE_RAM!\n");
	e820__range_add(start, size, E820_TYPE_RAM);
}

/*
 * Determine if we were loaded by an EFI loader.  If so, then we have also been
 * passed the efi memmap, systab, etc., so we should use these data structures
 * for initialization.  Note, the efi init code path is determined by the
 * global efi_enabled. This allows the same kernel image to be used on existing
 * systems (with a traditional BIOS) as well as on EFI systems.
 */
/*
 * setup_arch - architecture-specific boot-time initializations
 *
 * Note: On x86_64, fixmaps are ready for use even before this is called.
 */

void __init setup_arch(char **cmdline_p)
{
	pr_info("Command line: %s\n", boot_command_line);
	early_cpu_init();

	x86_configure_nx();

	parse_setup_data();

	if (builtin_cmdline[0]) {
		/* append boot loader cmdline to builtin */
		strscpy(command_line, builtin_cmdline, COMMAND_LINE_SIZE);
	}
	strscpy(command_line, boot_command_line, COMMAND_LINE_SIZE);
	*cmdline_p = command_line;

	/*
	 * x86_configure_nx() is called before parse_early_param() to detect
	 * whether hardware doesn't support NX (so that the early EHCI debug
	 * console setup can safely call set_fixmap()).
	 */
	parse_early_param();

	e820__memory_setup();
	e820_add_kernel_range();

	/*
	 * VMware detection requires dmi to be available, so this
	 * needs to be done after dmi_setup(), for the boot CPU.
	 * For some guest types (Xen PV, SEV-SNP, TDX) it is required to be
	 * called before cache_bp_init() for setting up MTRR state.
	 */
	init_hypervisor_platform();

	tsc_early_init();

	/*
	 * partially used pages are not usable - thus
	 * we are rounding upwards:
	 */
	max_pfn = e820__end_of_ram_pfn();
	max_low_pfn = max_pfn;

	reserve_brk();
	reserve_initrd();

	e820__reserve_resources();
	reserve_standard_io_resources();

	pr_info("x86: %lu pages of RAM, boot CPU family %d\n",
		max_pfn, boot_cpu_data.x86);
}
""")

ARCH_X86_E820_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0-only
/*
 * Low level x86 E820 memory map handling functions.
 *
 * The firmware and bootloader passes us the "E820 table", which is the primary
 * physical memory layout description available about x86 systems.
 *
 * The kernel takes the E820 memory layout and optionally modifies it with
 * quirks and other tweaks, and feeds that into the generic Linux memory
 * allocation code routines via a platform independent interface (memblock, etc.).
 */
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/string.h>

#include <asm/e820.h>
#include <asm/setup.h>
#include <asm/page.h>

/*
 * We organize the E820 table into three main data structures:
 *
 * - 'e820_table_firmware': the original firmware version passed to us by the
 *   bootloader - not modified by the kernel. It is composed of two parts:
 *   the first 128 E820 memory entries in boot_params.e820_table and the
 *   remaining (if any) entries of the SETUP_E820_EXT nodes.
 *
 * - 'e820_table': this is the main E820 table that is massaged by the
 *   low level x86 platform code, or modified by boot parameters, before
 *   passed on to higher level MM layers.
 *
 * Once the E820 map has been converted to the standard Linux memory layout
 * information its role stops - modifying it has no effect and does not get
 * re-propagated. So its main role is a temporary bootstrap storage of firmware
 * specific memory layout data during early bootup.
 */
static struct e820_table e820_table_init		__initdata;
static struct e820_table e820_table_firmware_init	__initdata;

struct e820_table *e820_table __refdata			= &e820_table_init;
struct e820_table *e820_table_firmware __refdata	= &e820_table_firmware_init;

/*
 * This function checks if any part of the range <start,end> is mapped
 * with type.
 */
bool e820__mapped_any(u64 start, u64 end, enum e820_type type)
{
	int i;

	for (i = 0; i < e820_table->nr_entries; i++) {
		struct e820_entry *entry = &e820_table->entries[i];

		if (type && entry->type != type)
			continue;
		if (entry->addr >= end || entry->addr + entry->size <= start)
			continue;
		return 1;
	}
	return 0;
}

/*
 * Add a memory region to the kernel E820 map.
 */
static void __init __e820__range_add(struct e820_table *table, u64 start, u64 size, enum e820_type type)
{
	int x = table->nr_entries;

	if (x >= ARRAY_SIZE(table->entries)) {
		pr_err("too many entries; ignoring [mem %#010llx-%#010llx]\n",
		       start, start + size - 1);
		return;
	}

	table->entries[x].addr = start;
	table->entries[x].size = size;
	table->entries[x].type = type;
	table->nr_entries++;
}

void __init e820__range_add(u64 start, u64 size, enum e820_type type)
{
	__e820__range_add(e820_table, start, size, type);
}

static void __init e820_print_type(enum e820_type type)
{
	switch (type) {
	case E820_TYPE_RAM:		pr_cont("usable");			break;
	case E820_TYPE_RESERVED:	pr_cont("reserved");			break;
	case E820_TYPE_ACPI:		pr_cont("ACPI data");			break;
	case E820_TYPE_NVS:		pr_cont("ACPI NVS");			break;
	case E820_TYPE_UNUSABLE:	pr_cont("unusable");			break;
	case E820_TYPE_PMEM:		pr_cont("persistent (type %u)", type);	break;
	default:			pr_cont("type %u", type);		break;
	}
}

void __init e820__print_table(char *who)
{
	int i;

	for (i = 0; i < e820_table->nr_entries; i++) {
		pr_info("%s: [mem %#018llx-%#018llx] ",
			who,
			e820_table->entries[i].addr,
			e820_table->entries[i].addr + e820_table->entries[i].size - 1);

		e820_print_type(e820_table->entries[i].type);
		pr_cont("\n");
	}
}

u64 __init e820__range_update(u64 start, u64 size, enum e820_type old_type, enum e820_type new_type)
{
	u64 real_updated_size = 0;
	int i;

	for (i = 0; i < e820_table->nr_entries; i++) {
		struct e820_entry *entry = &e820_table->entries[i];

		if (entry->type != old_type)
			continue;
		if (entry->addr >= start && entry->addr + entry->size <= start + size) {
			entry->type = new_type;
			real_updated_size += entry->size;
		}
	}
	return real_updated_size;
}

/*
 * Find the highest page frame number we have available
 */
static unsigned long __init e820_end_pfn(unsigned long limit_pfn, enum e820_type type)
{
	int i;
	unsigned long last_pfn = 0;

	for (i = 0; i < e820_table->nr_entries; i++) {
		struct e820_entry *entry = &e820_table->entries[i];
		unsigned long start_pfn;
		unsigned long end_pfn;

		if (entry->type != type)
			continue;

		start_pfn = entry->addr >> PAGE_SHIFT;
		end_pfn = (entry->addr + entry->size) >> PAGE_SHIFT;

		if (start_pfn >= limit_pfn)
			continue;
		if (end_pfn > limit_pfn) {
			last_pfn = limit_pfn;
			break;
		}
		if (end_pfn > last_pfn)
			last_pfn = end_pfn;
	}

	pr_info("last_pfn = %#lx\n", last_pfn);
	return last_pfn;
}

unsigned long __init e820__end_of_ram_pfn(void)
{
	return e820_end_pfn(1UL << (52 - PAGE_SHIFT), E820_TYPE_RAM);
}

void __init e820__reserve_resources(void)
{
	int i;

	for (i = 0; i < e820_table->nr_entries; i++) {
		struct e820_entry *entry = e820_table->entries + i;

		if (entry->type == E820_TYPE_RESERVED)
			memblock_reserve(entry->addr, entry->size);
	}
}

/*
 * Pass the firmware (bootloader) E820 map to the kernel and process it:
 */
void __init e820__memory_setup(void)
{
	memcpy(e820_table_firmware, e820_table, sizeof(*e820_table));

	pr_info("BIOS-provided physical RAM map:\n");
	e820__print_table("BIOS-e820");
}
""")

ARCH_X86_HYPERVISOR_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Common hypervisor code
 *
 * Copyright (C) 2008, VMware, Inc.
 * Author : Alok N Kataria <akataria@vmware.com>
 */

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/export.h>
#include <linux/string.h>
#include <asm/processor.h>
#include <asm/hypervisor.h>

static u32 __init detect_kvm(void)
{
	unsigned int eax, signature[3];

	cpuid(0x40000000, &eax, &signature[0], &signature[1], &signature[2]);
	if (!memcmp("KVMKVMKVM\0\0\0", signature, 12))
		return 0x40000000;
	return 0;
}

static const struct hypervisor_x86 x86_hyper_kvm __initconst = {
	.name			= "KVM",
	.detect			= detect_kvm,
	.type			= X86_HYPER_KVM,
};

static const __initconst struct hypervisor_x86 * const hypervisors[] =
{
	&x86_hyper_kvm,
};

enum x86_hypervisor_type x86_hyper_type;
EXPORT_SYMBOL(x86_hyper_type);

bool __initdata nopv;
static __init int parse_nopv(char *arg)
{
	nopv = true;
	return 0;
}
early_param("nopv", parse_nopv);

static inline const struct hypervisor_x86 * __init
detect_hypervisor_vendor(void)
{
	const struct hypervisor_x86 *h = NULL, * const *p;
	u32 pri, max_pri = 0;

	for (p = hypervisors; p < hypervisors + ARRAY_SIZE(hypervisors); p++) {
		if (unlikely(nopv) && !(*p)->ignore_nopv)
			continue;

		pri = (*p)->detect();
		if (pri > max_pri) {
			max_pri = pri;
			h = *p;
		}
	}

	if (h)
		pr_info("Hypervisor detected: %s\n", h->name);

	return h;
}

void __init init_hypervisor_platform(void)
{
	const struct hypervisor_x86 *h;

	h = detect_hypervisor_vendor();

	if (!h)
		return;

	x86_hyper_type = h->type;
	if (h->init.init_platform)
		h->init.init_platform();
}
""")


# ---------------------------------------------------------------------------------------------
# C sources: networking
# ---------------------------------------------------------------------------------------------

NET_CORE_DEV_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0-or-later
/*
 *      NET3    Protocol independent device support routines.
 *
 *	Derived from the non IP parts of dev.c 1.0.19
 *
 *	The interface between the network stack and the device drivers:
 *	device registration, NAPI and the receive and transmit entry points.
 */

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/mutex.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>

static DEFINE_SPINLOCK(ptype_lock);
static LIST_HEAD(net_devices);
static LIST_HEAD(poll_list);
static DEFINE_MUTEX(rtnl_mutex);
static int ifindex_next = 1;
static unsigned int napi_gen_id = 1;

void rtnl_lock(void)
{
	mutex_lock(&rtnl_mutex);
}
EXPORT_SYMBOL(rtnl_lock);

void rtnl_unlock(void)
{
	mutex_unlock(&rtnl_mutex);
}
EXPORT_SYMBOL(rtnl_unlock);

/**
 *	netif_napi_add - initialize a NAPI context
 *	@dev:  network device
 *	@napi: NAPI context
 *	@poll: polling function
 *	@weight: default weight
 *
 * netif_napi_add() must be used to initialize a NAPI context prior to calling
 * *any* of the other NAPI-related functions.
 */
void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int), int weight)
{
	if (WARN_ON(test_and_set_bit(NAPI_STATE_LISTED, &napi->state)))
		return;

	INIT_LIST_HEAD(&napi->poll_list);
	if (weight > NAPI_POLL_WEIGHT)
		netdev_err(dev, "%s() called with weight %d\n", __func__,
			   weight);
	napi->weight = weight;
	napi->dev = dev;
	napi->poll = poll;
	napi->napi_id = napi_gen_id++;
	list_add_tail(&napi->dev_list, &dev->napi_list);
	set_bit(NAPI_STATE_SCHED, &napi->state);
}
EXPORT_SYMBOL(netif_napi_add);

void netif_napi_del(struct napi_struct *napi)
{
	if (!test_and_clear_bit(NAPI_STATE_LISTED, &napi->state))
		return;

	list_del(&napi->dev_list);
}
EXPORT_SYMBOL(netif_napi_del);

void napi_enable(struct napi_struct *n)
{
	clear_bit(NAPI_STATE_SCHED, &n->state);
	clear_bit(NAPI_STATE_NPSVC, &n->state);
}
EXPORT_SYMBOL(napi_enable);

void napi_disable(struct napi_struct *n)
{
	set_bit(NAPI_STATE_DISABLE, &n->state);
	while (test_and_set_bit(NAPI_STATE_SCHED, &n->state))
		msleep(1);
	clear_bit(NAPI_STATE_DISABLE, &n->state);
}
EXPORT_SYMBOL(napi_disable);

bool napi_schedule_prep(struct napi_struct *n)
{
	if (unlikely(test_bit(NAPI_STATE_DISABLE, &n->state)))
		return false;
	return !test_and_set_bit(NAPI_STATE_SCHED, &n->state);
}
EXPORT_SYMBOL(napi_schedule_prep);

void __napi_schedule(struct napi_struct *n)
{
	unsigned long flags;

	spin_lock_irqsave(&ptype_lock, flags);
	list_add_tail(&n->poll_list, &poll_list);
	spin_unlock_irqrestore(&ptype_lock, flags);
}
EXPORT_SYMBOL(__napi_schedule);

bool napi_complete_done(struct napi_struct *n, int work_done)
{
	unsigned long flags;

	if (unlikely(test_bit(NAPI_STATE_NPSVC, &n->state)))
		return false;

	spin_lock_irqsave(&ptype_lock, flags);
	list_del_init(&n->poll_list);
	spin_unlock_irqrestore(&ptype_lock, flags);
	clear_bit(NAPI_STATE_SCHED, &n->state);
	return true;
}
EXPORT_SYMBOL(napi_complete_done);

static int __netif_receive_skb(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;

	dev->stats.rx_packets++;
	dev->stats.rx_bytes += skb->len;
	consume_skb(skb);
	return 0;
}

int netif_receive_skb(struct sk_buff *skb)
{
	return __netif_receive_skb(skb);
}
EXPORT_SYMBOL(netif_receive_skb);

int netif_rx(struct sk_buff *skb)
{
	return __netif_receive_skb(skb);
}
EXPORT_SYMBOL(netif_rx);

int dev_queue_xmit(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	const struct net_device_ops *ops = dev->netdev_ops;

	if (netif_queue_stopped(dev)) {
		kfree_skb(skb);
		return -ENETDOWN;
	}
	return ops->ndo_start_xmit(skb, dev);
}
EXPORT_SYMBOL(dev_queue_xmit);

void dev_kfree_skb_any(struct sk_buff *skb)
{
	consume_skb(skb);
}
EXPORT_SYMBOL(dev_kfree_skb_any);

void netif_carrier_on(struct net_device *dev)
{
	if (test_and_clear_bit(__LINK_STATE_NOCARRIER, &dev->state))
		netdev_info(dev, "link becomes ready\n");
}
EXPORT_SYMBOL(netif_carrier_on);

void netif_carrier_off(struct net_device *dev)
{
	set_bit(__LINK_STATE_NOCARRIER, &dev->state);
}
EXPORT_SYMBOL(netif_carrier_off);

void netif_wake_queue(struct net_device *dev)
{
	clear_bit(0, &dev->tx_queue_state);
}
EXPORT_SYMBOL(netif_wake_queue);

struct net_device *alloc_netdev_mqs(int sizeof_priv, const char *name,
		unsigned char name_assign_type,
		void (*setup)(struct net_device *),
		unsigned int txqs, unsigned int rxqs)
{
	struct net_device *dev;
	size_t alloc_size;

	if (txqs < 1 || rxqs < 1) {
		pr_err("alloc_netdev: Unable to allocate device with zero queues\n");
		return NULL;
	}

	alloc_size = ALIGN(sizeof(struct net_device), NETDEV_ALIGN) + sizeof_priv;
	dev = kzalloc(alloc_size, GFP_KERNEL);
	if (!dev)
		return NULL;

	INIT_LIST_HEAD(&dev->napi_list);
	INIT_LIST_HEAD(&dev->dev_list);
	dev->num_tx_queues = txqs;
	dev->name_assign_type = name_assign_type;
	strscpy(dev->name, name, sizeof(dev->name));
	setup(dev);
	return dev;
}
EXPORT_SYMBOL(alloc_netdev_mqs);

void free_netdev(struct net_device *dev)
{
	struct napi_struct *p, *n;

	list_for_each_entry_safe(p, n, &dev->napi_list, dev_list)
		netif_napi_del(p);

	if (dev->priv_destructor)
		dev->priv_destructor(dev);
	kfree(dev);
}
EXPORT_SYMBOL(free_netdev);

int register_netdevice(struct net_device *dev)
{
	int ret = 0;

	if (dev->netdev_ops->ndo_init) {
		ret = dev->netdev_ops->ndo_init(dev);
		if (ret)
			return ret > 0 ? -EIO : ret;
	}

	dev->ifindex = ifindex_next++;
	set_bit(__LINK_STATE_PRESENT, &dev->state);
	list_add_tail(&dev->dev_list, &net_devices);
	return 0;
}
EXPORT_SYMBOL(register_netdevice);

int register_netdev(struct net_device *dev)
{
	int err;

	rtnl_lock();
	err = register_netdevice(dev);
	rtnl_unlock();
	return err;
}
EXPORT_SYMBOL(register_netdev);

void unregister_netdevice(struct net_device *dev)
{
	list_del(&dev->dev_list);
	clear_bit(__LINK_STATE_PRESENT, &dev->state);
	if (dev->netdev_ops->ndo_uninit)
		dev->netdev_ops->ndo_uninit(dev);
}
EXPORT_SYMBOL(unregister_netdevice);

void unregister_netdev(struct net_device *dev)
{
	rtnl_lock();
	unregister_netdevice(dev);
	rtnl_unlock();
}
EXPORT_SYMBOL(unregister_netdev);

void dev_lstats_add(struct net_device *dev, unsigned int len)
{
	dev->stats.tx_packets++;
	dev->stats.tx_bytes += len;
}
EXPORT_SYMBOL(dev_lstats_add);

void dev_lstats_read(struct net_device *dev, u64 *packets, u64 *bytes)
{
	*packets = dev->stats.tx_packets;
	*bytes = dev->stats.tx_bytes;
}
EXPORT_SYMBOL(dev_lstats_read);

/*
 *       This is called single threaded during boot, so no need
 *       to take the rtnl semaphore.
 */
static int __init net_dev_init(void)
{
	INIT_LIST_HEAD(&net_devices);
	INIT_LIST_HEAD(&poll_list);
	pr_info("NET: core device layer initialised\n");
	return 0;
}
subsys_initcall(net_dev_init);
""")

DRIVERS_NET_LOOPBACK_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * INET		An implementation of the TCP/IP protocol suite for the LINUX
 *		operating system.  INET is implemented using the  BSD Socket
 *		interface as the means of communication with the user level.
 *
 *		Pseudo-driver for the loopback interface.
 *
 * Version:	@(#)loopback.c	1.0.4b	08/16/93
 *
 *		Alan Cox	:	Fixed oddments for NET3.014
 *		Alan Cox	:	Rejig for NET3.029 snap #3
 *		Alan Cox	:	Fixed NET3.029 bugs and sped up
 *		Larry McVoy	:	Tiny tweak to double performance
 *		Alan Cox	:	Backed out LMV's tweak - the linux mm
 *					can't take it...
 *              Michael Griffith:       Don't bother computing the checksums
 *                                      on packets received on the loopback
 *                                      interface.
 *		Alexey Kuznetsov:	Potential hang under some extreme
 *					cases removed.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>

/* blackhole_netdev - a device used for dsts that are marked expired!
 * This is global device (instead of per-net-ns) since it's not needed
 * to be per-ns and gets initialized at boot time.
 */
struct net_device *blackhole_netdev;
EXPORT_SYMBOL(blackhole_netdev);

struct net_device *loopback_dev;

/* The higher levels take care of making this non-reentrant (it's
 * called with bh's disabled).
 */
static netdev_tx_t loopback_xmit(struct sk_buff *skb,
				 struct net_device *dev)
{
	int len;

	skb_tx_timestamp(skb);

	/* do not fool net_timestamp_check() with various clock bases */
	skb_orphan(skb);

	skb->protocol = eth_type_trans(skb, dev);

	len = skb->len;
	if (likely(netif_rx(skb) == 0))
		dev_lstats_add(dev, len);

	return NETDEV_TX_OK;
}

static void loopback_get_stats64(struct net_device *dev,
				 struct rtnl_link_stats64 *stats)
{
	u64 packets, bytes;

	dev_lstats_read(dev, &packets, &bytes);

	stats->rx_packets = packets;
	stats->tx_packets = packets;
	stats->rx_bytes   = bytes;
	stats->tx_bytes   = bytes;
}

static int loopback_dev_init(struct net_device *dev)
{
	dev->flags |= IFF_UP;
	netif_carrier_on(dev);
	return 0;
}

static void loopback_dev_free(struct net_device *dev)
{
	loopback_dev = NULL;
}

static const struct net_device_ops loopback_ops = {
	.ndo_init        = loopback_dev_init,
	.ndo_start_xmit  = loopback_xmit,
	.ndo_get_stats64 = loopback_get_stats64,
	.ndo_set_mac_address = eth_mac_addr,
};

static void gen_lo_setup(struct net_device *dev,
			 unsigned int mtu,
			 const struct net_device_ops *dev_ops)
{
	dev->mtu		= mtu;
	dev->hard_header_len	= ETH_HLEN;	/* 14	*/
	dev->min_mtu		= ETH_MIN_MTU;
	dev->max_mtu		= ETH_MAX_MTU;
	dev->addr_len		= ETH_ALEN;	/* 6	*/
	dev->type		= ARPHRD_LOOPBACK;	/* 0x0001*/
	dev->flags		= IFF_LOOPBACK;
	dev->priv_flags		|= IFF_LIVE_ADDR_CHANGE | IFF_NO_QUEUE;
	dev->features		= NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_HIGHDMA
		| NETIF_F_LLTX
		| NETIF_F_LOOPBACK;
	dev->hw_features	= dev->features;
	dev->netdev_ops		= dev_ops;
	dev->needs_free_netdev	= true;
	dev->priv_destructor	= loopback_dev_free;
}

/* The loopback device is special. There is only one instance
 * per network namespace.
 */
static void loopback_setup(struct net_device *dev)
{
	gen_lo_setup(dev, (64 * 1024), &loopback_ops);
}

/* Setup and register the loopback device. */
static __net_init int loopback_net_init(void)
{
	struct net_device *dev;
	int err;

	err = -ENOMEM;
	dev = alloc_netdev(0, "lo", NET_NAME_PREDICTABLE, loopback_setup);
	if (!dev)
		goto out;

	err = register_netdev(dev);
	if (err)
		goto out_free_netdev;

	loopback_dev = dev;
	return 0;

out_free_netdev:
	free_netdev(dev);
out:
	panic("loopback: Failed to register netdevice: %d\n", err);
	return err;
}
device_initcall(loopback_net_init);
""")

DRIVERS_NET_DUMMY_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0-or-later
/* dummy.c: a dummy net driver

	The purpose of this driver is to provide a device to point a
	route through, but not to actually transmit packets.

	Why?  If you have a machine whose only connection is an occasional
	PPP/SLIP/PLIP link, you can only connect to your own hostname
	when the link is up.  Otherwise you have to use localhost.
	This isn't very consistent.

	One solution is to set up a dummy link using PPP/SLIP/PLIP,
	but this seems (to me) too much overhead for too little gain.
	This driver provides a small alternative. Thus you can do

	[when not running slip]
		ifconfig dummy slip.addr.ess.here up
	[to go to slip]
		ifconfig dummy down
		dip whatever

	This was written by looking at Donald Becker's skeleton driver
	and the loopback driver.  I then threw away anything that didn't
	apply!	Thanks to Alan Cox for the key clue on what to do with
	misguided packets.

			Nick Holloway, 27th May 1994
	[I tweaked this explanation a little but that's all]
			Alan Cox, 30th May 1994
*/

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/errno.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>

#define DRV_NAME	"dummy"

static int numdummies = 1;

/* fake multicast ability */
static void set_multicast_list(struct net_device *dev)
{
}

static void dummy_get_stats64(struct net_device *dev,
			      struct rtnl_link_stats64 *stats)
{
	dev_lstats_read(dev, &stats->tx_packets, &stats->tx_bytes);
}

static netdev_tx_t dummy_xmit(struct sk_buff *skb, struct net_device *dev)
{
	dev_lstats_add(dev, skb->len);

	skb_tx_timestamp(skb);
	dev_kfree_skb(skb);
	return NETDEV_TX_OK;
}

static int dummy_dev_init(struct net_device *dev)
{
	set_multicast_list(dev);
	return 0;
}

static int dummy_change_carrier(struct net_device *dev, bool new_carrier)
{
	if (new_carrier)
		netif_carrier_on(dev);
	else
		netif_carrier_off(dev);
	return 0;
}

static const struct net_device_ops dummy_netdev_ops = {
	.ndo_init		= dummy_dev_init,
	.ndo_start_xmit		= dummy_xmit,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_get_stats64	= dummy_get_stats64,
};

static void dummy_setup(struct net_device *dev)
{
	ether_setup(dev);

	/* Initialize the device structure. */
	dev->netdev_ops = &dummy_netdev_ops;
	dev->needs_free_netdev = true;

	/* Fill in device structure with ethernet-generic values. */
	dev->flags |= IFF_NOARP;
	dev->flags &= ~IFF_MULTICAST;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE | IFF_NO_QUEUE;
	dev->features	|= NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_LLTX;
	dev->hw_features |= dev->features;
	eth_hw_addr_random(dev);

	dev->min_mtu = 0;
	dev->max_mtu = 0;
	dummy_change_carrier(dev, true);
}

/* Number of dummy devices to be set up by this module. */
module_param(numdummies, int, 0);
MODULE_PARM_DESC(numdummies, "Number of dummy pseudo devices");

static int __init dummy_init_one(void)
{
	struct net_device *dev_dummy;
	int err;

	dev_dummy = alloc_netdev(0, "dummy%d", NET_NAME_ENUM, dummy_setup);
	if (!dev_dummy)
		return -ENOMEM;

	err = register_netdevice(dev_dummy);
	if (err < 0)
		goto err;
	return 0;

err:
	free_netdev(dev_dummy);
	return err;
}

static int __init dummy_init_module(void)
{
	int i, err = 0;

	rtnl_lock();
	for (i = 0; i < numdummies && !err; i++)
		err = dummy_init_one();
	rtnl_unlock();

	return err;
}

static void __exit dummy_cleanup_module(void)
{
}

module_init(dummy_init_module);
module_exit(dummy_cleanup_module);
MODULE_LICENSE("GPL");
MODULE_ALIAS_RTNL_LINK(DRV_NAME);
""")

DRIVERS_NET_VETH_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0-only
/*
 *  drivers/net/veth.c
 *
 *  Copyright (C) 2007 OpenVZ http://openvz.org, SWsoft Inc
 *
 * Author: Pavel Emelianov <xemul@openvz.org>
 * Ethtool interface from: Eric W. Biederman <ebiederm@xmission.com>
 *
 */

#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <linux/module.h>
#include <linux/string.h>

#define DRV_NAME	"veth"
#define DRV_VERSION	"1.0"

#define VETH_XDP_FLAG		BIT(0)
#define VETH_RING_SIZE		256
#define VETH_XDP_HEADROOM	(256 + NET_IP_ALIGN)

#define VETH_XDP_TX_BULK_SIZE	16
#define VETH_XDP_BATCH		16

struct veth_stats {
	u64	rx_drops;
	/* xdp */
	u64	xdp_packets;
	u64	xdp_bytes;
	u64	xdp_redirect;
	u64	xdp_drops;
	u64	xdp_tx;
	u64	xdp_tx_err;
	u64	peer_tq_xdp_xmit;
	u64	peer_tq_xdp_xmit_err;
};

struct veth_rq {
	struct napi_struct	xdp_napi;
	struct net_device	*dev;
	struct veth_stats	stats;
	struct sk_buff		*ring[VETH_RING_SIZE];
	unsigned int		head;
	unsigned int		tail;
};

struct veth_priv {
	struct net_device	*peer;
	atomic64_t		dropped;
	struct veth_rq		*rq;
	unsigned int		requested_headroom;
};

static bool veth_ring_full(const struct veth_rq *rq)
{
	return rq->head - rq->tail >= VETH_RING_SIZE;
}

static int veth_forward_skb(struct net_device *dev, struct sk_buff *skb,
			    struct veth_rq *rq, bool xdp)
{
	if (xdp) {
		if (veth_ring_full(rq))
			return -ENOSPC;
		rq->ring[rq->head++ % VETH_RING_SIZE] = skb;
		napi_schedule(&rq->xdp_napi);
		return 0;
	}
	return netif_rx(skb);
}

static netdev_tx_t veth_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct veth_priv *rcv_priv, *priv = netdev_priv(dev);
	struct net_device *rcv;
	int length = skb->len;

	rcv = priv->peer;
	if (unlikely(!rcv)) {
		kfree_skb(skb);
		goto drop;
	}

	rcv_priv = netdev_priv(rcv);
	skb->dev = rcv;
	if (likely(veth_forward_skb(rcv, skb, rcv_priv->rq, true) == 0)) {
		dev_lstats_add(dev, length);
	} else {
drop:
		atomic64_inc(&priv->dropped);
	}

	return NETDEV_TX_OK;
}

static int veth_xdp_rcv(struct veth_rq *rq, int budget)
{
	int done = 0;

	while (done < budget && rq->tail != rq->head) {
		struct sk_buff *skb = rq->ring[rq->tail++ % VETH_RING_SIZE];

		netif_receive_skb(skb);
		done++;
	}
	return done;
}

static int veth_poll(struct napi_struct *napi, int budget)
{
	struct veth_rq *rq =
		container_of(napi, struct veth_rq, xdp_napi);
	int done;

	done = veth_xdp_rcv(rq, budget);
	if (done < budget)
		napi_complete_done(napi, done);

	return done;
}

static int veth_napi_add(struct net_device *dev)
{
	struct veth_priv *priv = netdev_priv(dev);

	priv->rq = kcalloc(1, sizeof(*priv->rq), GFP_KERNEL);
	if (!priv->rq)
		return -ENOMEM;

	priv->rq->dev = dev;
	netif_napi_add(dev, &priv->rq->xdp_napi, veth_poll,
		       NAPI_POLL_WEIGHT);
	napi_enable(&priv->rq->xdp_napi);
	return 0;
}

static void veth_napi_del(struct net_device *dev)
{
	struct veth_priv *priv = netdev_priv(dev);

	napi_disable(&priv->rq->xdp_napi);
	netif_napi_del(&priv->rq->xdp_napi);
	kfree(priv->rq);
	priv->rq = NULL;
}

static int veth_open(struct net_device *dev)
{
	struct veth_priv *priv = netdev_priv(dev);
	struct net_device *peer = priv->peer;
	int err;

	if (!peer)
		return -ENOTCONN;

	err = veth_napi_add(dev);
	if (err)
		return err;

	if (peer->flags & IFF_UP) {
		netif_carrier_on(dev);
		netif_carrier_on(peer);
	}

	return 0;
}

static int veth_close(struct net_device *dev)
{
	struct veth_priv *priv = netdev_priv(dev);
	struct net_device *peer = priv->peer;

	netif_carrier_off(dev);
	if (peer)
		netif_carrier_off(peer);

	veth_napi_del(dev);
	return 0;
}

static const struct net_device_ops veth_netdev_ops = {
	.ndo_open            = veth_open,
	.ndo_stop            = veth_close,
	.ndo_start_xmit      = veth_xmit,
	.ndo_set_mac_address = eth_mac_addr,
};

static void veth_setup(struct net_device *dev)
{
	ether_setup(dev);

	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	dev->priv_flags |= IFF_NO_QUEUE;

	dev->netdev_ops = &veth_netdev_ops;
	dev->features |= NETIF_F_LLTX;
	dev->needs_free_netdev = true;
	dev->max_mtu = ETH_MAX_MTU;
}

static __init int veth_init(void)
{
	pr_info("veth: virtual ethernet pair driver %s\n", DRV_VERSION);
	return 0;
}

static __exit void veth_exit(void)
{
}

module_init(veth_init);
module_exit(veth_exit);

MODULE_DESCRIPTION("Virtual Ethernet Tunnel");
MODULE_LICENSE("GPL v2");
MODULE_ALIAS_RTNL_LINK(DRV_NAME);
""")


# ---------------------------------------------------------------------------------------------
# C sources: block
# ---------------------------------------------------------------------------------------------

DRIVERS_BLOCK_BLKDEV_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0
/*
 * drivers/block/blkdev.c: the core of the block layer: request queues,
 * their limits, gendisks and the bio submission path.
 *
 * Copyright (C) 1991, 1992 Linus Torvalds
 * Copyright (C) 1994,      Karl Keyte: Added support for disk statistics
 * Elevator latency, (C) 2000  Andrea Arcangeli <andrea@suse.de> SuSE
 * Queue request tables / lock, selectable elevator, Jens Axboe <axboe@suse.de>
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/init.h>
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/mutex.h>
#include <linux/errno.h>

#define BLKDEV_MAJOR_MAX	512

static DEFINE_MUTEX(major_names_lock);
static DEFINE_SPINLOCK(disk_minor_lock);

static struct blk_major_name {
	struct blk_major_name *next;
	int major;
	char name[16];
} *major_names[BLKDEV_MAJOR_MAX];

static struct kmem_cache *blk_requestq_cachep;
static int next_minor;

/**
 * blk_queue_flag_set - atomically set a queue flag
 * @flag: flag to be set
 * @q: request queue
 */
void blk_queue_flag_set(unsigned int flag, struct request_queue *q)
{
	set_bit(flag, &q->queue_flags);
}
EXPORT_SYMBOL(blk_queue_flag_set);

/**
 * blk_queue_flag_clear - atomically clear a queue flag
 * @flag: flag to be cleared
 * @q: request queue
 */
void blk_queue_flag_clear(unsigned int flag, struct request_queue *q)
{
	clear_bit(flag, &q->queue_flags);
}
EXPORT_SYMBOL(blk_queue_flag_clear);

static void blk_set_default_limits(struct queue_limits *lim)
{
	lim->max_segments = BLK_MAX_SEGMENTS;
	lim->max_segment_size = 65536;
	lim->seg_boundary_mask = 0xFFFFFFFFUL;
	lim->virt_boundary_mask = 0;
	lim->max_sectors = lim->max_hw_sectors = BLK_SAFE_MAX_SECTORS;
	lim->logical_block_size = lim->physical_block_size = 512;
}

struct request_queue *blk_queue_make(make_request_fn *fn, int node)
{
	struct request_queue *q;

	q = kmem_cache_alloc(blk_requestq_cachep, GFP_KERNEL | __GFP_ZERO);
	if (!q)
		return NULL;

	q->make_request_fn = fn;
	q->node = node;
	atomic_set(&q->refs, 1);
	spin_lock_init(&q->queue_lock);
	INIT_LIST_HEAD(&q->requeue_list);
	blk_set_default_limits(&q->limits);
	return q;
}
EXPORT_SYMBOL(blk_queue_make);

void blk_cleanup_queue(struct request_queue *q)
{
	blk_queue_flag_set(QUEUE_FLAG_DYING, q);
	if (atomic_dec_and_test(&q->refs))
		kmem_cache_free(blk_requestq_cachep, q);
}
EXPORT_SYMBOL(blk_cleanup_queue);

void blk_queue_logical_block_size(struct request_queue *q, unsigned int size)
{
	struct queue_limits *limits = &q->limits;

	limits->logical_block_size = size;

	if (limits->physical_block_size < size)
		limits->physical_block_size = size;
}
EXPORT_SYMBOL(blk_queue_logical_block_size);

void blk_queue_physical_block_size(struct request_queue *q, unsigned int size)
{
	q->limits.physical_block_size = size;

	if (q->limits.physical_block_size < q->limits.logical_block_size)
		q->limits.physical_block_size = q->limits.logical_block_size;
}
EXPORT_SYMBOL(blk_queue_physical_block_size);

void blk_queue_max_hw_sectors(struct request_queue *q, unsigned int max_hw_sectors)
{
	struct queue_limits *limits = &q->limits;

	if ((max_hw_sectors << 9) < PAGE_SIZE) {
		max_hw_sectors = 1 << (PAGE_SHIFT - 9);
		pr_info("%s: set to minimum %u\n", __func__, max_hw_sectors);
	}

	limits->max_hw_sectors = max_hw_sectors;
	limits->max_sectors = min_t(unsigned int, max_hw_sectors,
				    BLK_DEF_MAX_SECTORS);
}
EXPORT_SYMBOL(blk_queue_max_hw_sectors);

void blk_queue_max_segments(struct request_queue *q, unsigned short max_segments)
{
	if (!max_segments) {
		max_segments = 1;
		pr_info("%s: set to minimum %u\n", __func__, max_segments);
	}

	q->limits.max_segments = max_segments;
}
EXPORT_SYMBOL(blk_queue_max_segments);

void blk_queue_max_segment_size(struct request_queue *q, unsigned int max_size)
{
	if (max_size < PAGE_SIZE) {
		max_size = PAGE_SIZE;
		pr_info("%s: set to minimum %u\n", __func__, max_size);
	}

	q->limits.max_segment_size = max_size;
}
EXPORT_SYMBOL(blk_queue_max_segment_size);

void blk_queue_write_cache(struct request_queue *q, bool wc, bool fua)
{
	if (wc)
		blk_queue_flag_set(QUEUE_FLAG_WC, q);
	else
		blk_queue_flag_clear(QUEUE_FLAG_WC, q);
	if (fua)
		blk_queue_flag_set(QUEUE_FLAG_FUA, q);
	else
		blk_queue_flag_clear(QUEUE_FLAG_FUA, q);
}
EXPORT_SYMBOL_GPL(blk_queue_write_cache);

/**
 * submit_bio - submit a bio to the block device layer for I/O
 * @bio: The &struct bio which describes the I/O
 *
 * submit_bio() is used to submit I/O requests to block devices.  It is passed a
 * fully set up &struct bio that describes the I/O that needs to be done.  The
 * bio will be send to the device described by the bi_disk field.
 */
void submit_bio(struct bio *bio)
{
	struct gendisk *disk = bio->bi_disk;
	struct request_queue *q = disk->queue;

	if (unlikely(blk_queue_dying(q))) {
		bio_io_error(bio);
		return;
	}
	q->make_request_fn(q, bio);
}
EXPORT_SYMBOL(submit_bio);

struct gendisk *blk_alloc_disk(struct request_queue *q, int minors)
{
	struct gendisk *disk;
	unsigned long flags;

	disk = kzalloc(sizeof(struct gendisk), GFP_KERNEL);
	if (!disk)
		return NULL;

	disk->queue = q;
	disk->minors = minors;
	spin_lock_irqsave(&disk_minor_lock, flags);
	disk->first_minor = next_minor;
	next_minor += minors;
	spin_unlock_irqrestore(&disk_minor_lock, flags);
	return disk;
}
EXPORT_SYMBOL(blk_alloc_disk);

int add_disk(struct gendisk *disk)
{
	if (!disk->fops || !disk->queue)
		return -EINVAL;

	pr_info("%s: %llu sectors\n", disk->disk_name,
		(unsigned long long)get_capacity(disk));
	return 0;
}
EXPORT_SYMBOL(add_disk);

void del_gendisk(struct gendisk *disk)
{
	set_capacity(disk, 0);
	blk_queue_flag_set(QUEUE_FLAG_DYING, disk->queue);
}
EXPORT_SYMBOL(del_gendisk);

void put_disk(struct gendisk *disk)
{
	kfree(disk);
}
EXPORT_SYMBOL(put_disk);

int register_blkdev(unsigned int major, const char *name)
{
	struct blk_major_name **n, *p;
	int index, ret = 0;

	mutex_lock(&major_names_lock);

	/* temporary */
	if (major == 0) {
		for (index = BLKDEV_MAJOR_MAX - 1; index > 0; index--) {
			if (major_names[index] == NULL)
				break;
		}

		if (index == 0) {
			pr_err("%s: failed to get major for %s\n",
			       __func__, name);
			ret = -EBUSY;
			goto out;
		}
		major = index;
		ret = major;
	}

	if (major >= BLKDEV_MAJOR_MAX) {
		pr_err("%s: major requested (%u) is greater than the maximum (%u) for %s\n",
		       __func__, major, BLKDEV_MAJOR_MAX-1, name);

		ret = -EINVAL;
		goto out;
	}

	p = kmalloc(sizeof(struct blk_major_name), GFP_KERNEL);
	if (p == NULL) {
		ret = -ENOMEM;
		goto out;
	}

	p->major = major;
	strscpy(p->name, name, sizeof(p->name));
	p->next = NULL;
	index = major % BLKDEV_MAJOR_MAX;

	for (n = &major_names[index]; *n; n = &(*n)->next) {
		if ((*n)->major == major)
			break;
	}
	if (!*n)
		*n = p;
	else
		ret = -EBUSY;

	if (ret < 0) {
		pr_err("register_blkdev: cannot get major %u for %s\n",
		       major, name);
		kfree(p);
	}
out:
	mutex_unlock(&major_names_lock);
	return ret;
}
EXPORT_SYMBOL(register_blkdev);

void unregister_blkdev(unsigned int major, const char *name)
{
	struct blk_major_name **n;
	struct blk_major_name *p = NULL;
	int index = major % BLKDEV_MAJOR_MAX;

	mutex_lock(&major_names_lock);
	for (n = &major_names[index]; *n; n = &(*n)->next)
		if ((*n)->major == major)
			break;
	if (!*n || strcmp((*n)->name, name)) {
		WARN_ON(1);
	} else {
		p = *n;
		*n = p->next;
	}
	mutex_unlock(&major_names_lock);
	kfree(p);
}
EXPORT_SYMBOL(unregister_blkdev);

static int __init blkdev_init(void)
{
	blk_requestq_cachep = kmem_cache_create("request_queue",
			sizeof(struct request_queue), 0, SLAB_PANIC, NULL);
	return 0;
}
subsys_initcall(blkdev_init);
""")

DRIVERS_BLOCK_LOOP_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0-only
/*
 *  linux/drivers/block/loop.c
 *
 *  Written by Theodore Ts'o, 3/29/93
 *
 * Copyright 1993 by Theodore Ts'o.  Redistribution of this file is
 * permitted under the GNU General Public License.
 *
 * Loop devices make a regular file look like a block device: every bio
 * is turned into reads and writes of the backing file.
 */

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/fs.h>
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/mutex.h>
#include <linux/errno.h>

#define LOOP_MAJOR	7

enum {
	Lo_unbound,
	Lo_bound,
	Lo_rundown,
	Lo_deleting,
};

struct loop_device {
	int			lo_number;
	loff_t			lo_offset;
	loff_t			lo_sizelimit;
	int			lo_state;
	struct file		*lo_backing_file;
	struct mutex		lo_mutex;
	struct request_queue	*lo_queue;
	struct gendisk		*lo_disk;
};

static DEFINE_MUTEX(loop_ctl_mutex);
static int max_loop = 8;
static struct loop_device *loop_devices[256];

static int lo_rw_bio(struct loop_device *lo, struct bio *bio)
{
	loff_t pos = ((loff_t)bio->bi_iter.bi_sector << 9) + lo->lo_offset;
	struct bio_vec *bvec;
	ssize_t len = 0;
	int i;

	bio_for_each_bvec(bvec, bio, i) {
		void *buf = page_address(bvec->bv_page) + bvec->bv_offset;

		if (bio_op(bio) == REQ_OP_WRITE)
			len = kernel_write(lo->lo_backing_file, buf, bvec->bv_len, &pos);
		else
			len = kernel_read(lo->lo_backing_file, buf, bvec->bv_len, &pos);
		if (len < 0)
			return len;
	}
	return 0;
}

static void loop_make_request(struct request_queue *q, struct bio *bio)
{
	struct loop_device *lo = q->queuedata;
	int ret = -EIO;

	mutex_lock(&lo->lo_mutex);
	if (lo->lo_state == Lo_bound)
		ret = lo_rw_bio(lo, bio);
	mutex_unlock(&lo->lo_mutex);

	bio->bi_status = ret ? BLK_STS_IOERR : BLK_STS_OK;
	bio_endio(bio);
}

static int lo_open(struct gendisk *disk, fmode_t mode)
{
	struct loop_device *lo = disk->private_data;
	int err;

	err = mutex_lock_interruptible(&lo->lo_mutex);
	if (err)
		return err;
	if (lo->lo_state == Lo_deleting)
		err = -ENXIO;
	mutex_unlock(&lo->lo_mutex);
	return err;
}

static const struct block_device_operations lo_fops = {
	.owner =	THIS_MODULE,
	.open =		lo_open,
};

static int loop_add(int i)
{
	struct loop_device *lo;
	int err = -ENOMEM;

	lo = kzalloc(sizeof(*lo), GFP_KERNEL);
	if (!lo)
		goto out;
	lo->lo_state = Lo_unbound;
	lo->lo_number = i;
	mutex_init(&lo->lo_mutex);

	lo->lo_queue = blk_queue_make(loop_make_request, -1);
	if (!lo->lo_queue)
		goto out_free_dev;
	lo->lo_queue->queuedata = lo;
	blk_queue_max_hw_sectors(lo->lo_queue, BLK_DEF_MAX_SECTORS);

	lo->lo_disk = blk_alloc_disk(lo->lo_queue, 1);
	if (!lo->lo_disk)
		goto out_cleanup_queue;
	lo->lo_disk->major = LOOP_MAJOR;
	lo->lo_disk->fops = &lo_fops;
	lo->lo_disk->private_data = lo;
	sprintf(lo->lo_disk->disk_name, "loop%d", i);

	err = add_disk(lo->lo_disk);
	if (err)
		goto out_put_disk;

	loop_devices[i] = lo;
	return i;

out_put_disk:
	put_disk(lo->lo_disk);
out_cleanup_queue:
	blk_cleanup_queue(lo->lo_queue);
out_free_dev:
	kfree(lo);
out:
	return err;
}

static void loop_remove(struct loop_device *lo)
{
	del_gendisk(lo->lo_disk);
	blk_cleanup_queue(lo->lo_queue);
	put_disk(lo->lo_disk);
	kfree(lo);
}

static int __init loop_init(void)
{
	int i;

	if (register_blkdev(LOOP_MAJOR, "loop"))
		return -EIO;

	mutex_lock(&loop_ctl_mutex);
	for (i = 0; i < max_loop; i++)
		loop_add(i);
	mutex_unlock(&loop_ctl_mutex);

	pr_info("loop: module loaded\n");
	return 0;
}

static void __exit loop_exit(void)
{
	int i;

	for (i = 0; i < max_loop; i++)
		if (loop_devices[i])
			loop_remove(loop_devices[i]);

	unregister_blkdev(LOOP_MAJOR, "loop");
}

module_init(loop_init);
module_exit(loop_exit);

module_param(max_loop, int, 0444);
MODULE_PARM_DESC(max_loop, "Maximum number of loop devices");
MODULE_LICENSE("GPL");
MODULE_ALIAS_BLOCKDEV_MAJOR(LOOP_MAJOR);
""")

DRIVERS_BLOCK_BRD_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ram backed block device driver.
 *
 * Copyright (C) 2007 Nick Piggin
 * Copyright (C) 2007 Novell Inc.
 *
 * Parts derived from drivers/block/rd.c, and drivers/block/loop.c, copyright
 * of their respective owners.
 */

#include <linux/init.h>
#include <linux/module.h>
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/list.h>
#include <linux/errno.h>

#define RAMDISK_MAJOR		1
#define PAGE_SECTORS_SHIFT	(PAGE_SHIFT - SECTOR_SHIFT)
#define PAGE_SECTORS		(1 << PAGE_SECTORS_SHIFT)

/*
 * Each block ramdisk device has a xarray brd_pages of pages that stores
 * the pages containing the block device's contents. A brd page's ->index is
 * its offset in PAGE_SIZE units. This is similar to, but in no way connected
 * with, the kernel's pagecache or buffer cache (which sit above our block
 * device).
 */
struct brd_device {
	int			brd_number;
	struct gendisk		*brd_disk;
	struct request_queue	*brd_queue;
	struct list_head	brd_list;
	struct page		**brd_pages;
	unsigned long		brd_nr_pages;
};

static LIST_HEAD(brd_devices);
static int rd_nr = 16;
static unsigned long rd_size = 4096;

/*
 * Look up and return a brd's page for a given sector.
 */
static struct page *brd_lookup_page(struct brd_device *brd, sector_t sector)
{
	unsigned long idx = sector >> PAGE_SECTORS_SHIFT;

	if (idx >= brd->brd_nr_pages)
		return NULL;
	if (!brd->brd_pages[idx])
		brd->brd_pages[idx] = alloc_page(GFP_NOIO | __GFP_ZERO);
	return brd->brd_pages[idx];
}

static int brd_do_bvec(struct brd_device *brd, struct bio_vec *bv,
		       unsigned int op, sector_t sector)
{
	struct page *page = brd_lookup_page(brd, sector);
	unsigned int offset = (sector & (PAGE_SECTORS - 1)) << SECTOR_SHIFT;
	void *mem;

	if (!page)
		return -ENOSPC;

	mem = page_address(page) + offset;
	if (op == REQ_OP_WRITE)
		memcpy(mem, page_address(bv->bv_page) + bv->bv_offset, bv->bv_len);
	else
		memcpy(page_address(bv->bv_page) + bv->bv_offset, mem, bv->bv_len);
	return 0;
}

static void brd_make_request(struct request_queue *q, struct bio *bio)
{
	struct brd_device *brd = q->queuedata;
	sector_t sector = bio->bi_iter.bi_sector;
	struct bio_vec *bvec;
	int i;

	bio_for_each_bvec(bvec, bio, i) {
		int err = brd_do_bvec(brd, bvec, bio_op(bio), sector);

		if (err) {
			bio_io_error(bio);
			return;
		}
		sector += bvec->bv_len >> SECTOR_SHIFT;
	}

	bio_endio(bio);
}

static const struct block_device_operations brd_fops = {
	.owner =		THIS_MODULE,
};

static int brd_alloc(int i)
{
	struct brd_device *brd;
	struct gendisk *disk;

	brd = kzalloc(sizeof(*brd), GFP_KERNEL);
	if (!brd)
		return -ENOMEM;
	brd->brd_number = i;
	brd->brd_nr_pages = rd_size >> (PAGE_SHIFT - 10);
	brd->brd_pages = kcalloc(brd->brd_nr_pages, sizeof(struct page *), GFP_KERNEL);
	if (!brd->brd_pages)
		goto out_free_dev;

	brd->brd_queue = blk_queue_make(brd_make_request, -1);
	if (!brd->brd_queue)
		goto out_free_pages;
	brd->brd_queue->queuedata = brd;

	disk = brd->brd_disk = blk_alloc_disk(brd->brd_queue, 1);
	if (!disk)
		goto out_cleanup_queue;
	disk->major = RAMDISK_MAJOR;
	disk->fops = &brd_fops;
	disk->private_data = brd;
	snprintf(disk->disk_name, DISK_NAME_LEN, "ram%d", i);
	set_capacity(disk, rd_size * 2);
	blk_queue_physical_block_size(brd->brd_queue, PAGE_SIZE);
	blk_queue_flag_set(QUEUE_FLAG_NONROT, brd->brd_queue);

	list_add_tail(&brd->brd_list, &brd_devices);
	return add_disk(disk);

out_cleanup_queue:
	blk_cleanup_queue(brd->brd_queue);
out_free_pages:
	kfree(brd->brd_pages);
out_free_dev:
	kfree(brd);
	return -ENOMEM;
}

static int __init brd_init(void)
{
	int err, i;

	if (register_blkdev(RAMDISK_MAJOR, "ramdisk"))
		return -EIO;

	for (i = 0; i < rd_nr; i++) {
		err = brd_alloc(i);
		if (err)
			return err;
	}

	pr_info("brd: module loaded\n");
	return 0;
}

module_init(brd_init);
module_param(rd_nr, int, 0444);
MODULE_PARM_DESC(rd_nr, "Maximum number of brd devices");
module_param(rd_size, ulong, 0444);
MODULE_PARM_DESC(rd_size, "Size of each RAM disk in kbytes.");
MODULE_LICENSE("GPL");
MODULE_ALIAS_BLOCKDEV_MAJOR(RAMDISK_MAJOR);
MODULE_ALIAS("rd");
""")


# ---------------------------------------------------------------------------------------------
# The v6.0 tree
# ---------------------------------------------------------------------------------------------

def v60_files() -> dict[str, str]:
    """Every file of the upstream tree at v6.0 (path -> text), in the order they were added."""
    return {
        "COPYING": COPYING,
        "README": README,
        ".gitignore": GITIGNORE,
        "Makefile": MAKEFILE,
        "Kconfig": KCONFIG,
        "MAINTAINERS": MAINTAINERS,
        "scripts/Kconfig.include": SCRIPTS_KCONFIG_INCLUDE,
        "scripts/Makefile.build": SCRIPTS_MAKEFILE_BUILD,
        "scripts/setlocalversion": SCRIPTS_SETLOCALVERSION,
        "Documentation/process/submitting-patches.rst": DOC_SUBMITTING,
        "Documentation/admin-guide/README.rst": DOC_ADMIN_README,
        "include/linux/compiler.h": LINUX_COMPILER_H,
        "include/linux/types.h": LINUX_TYPES_H,
        "include/linux/stdarg.h": LINUX_STDARG_H,
        "include/linux/kernel.h": LINUX_KERNEL_H,
        "include/linux/printk.h": LINUX_PRINTK_H,
        "include/linux/export.h": LINUX_EXPORT_H,
        "include/linux/init.h": LINUX_INIT_H,
        "include/linux/module.h": LINUX_MODULE_H,
        "include/linux/errno.h": LINUX_ERRNO_H,
        "include/linux/err.h": LINUX_ERR_H,
        "include/linux/list.h": LINUX_LIST_H,
        "include/linux/spinlock.h": LINUX_SPINLOCK_H,
        "include/linux/mutex.h": LINUX_MUTEX_H,
        "include/linux/atomic.h": LINUX_ATOMIC_H,
        "include/linux/string.h": LINUX_STRING_H,
        "lib/Kconfig": LIB_KCONFIG,
        "lib/Makefile": LIB_MAKEFILE,
        "lib/string.c": LIB_STRING_C,
        "init/Kconfig": INIT_KCONFIG,
        "init/Makefile": INIT_MAKEFILE,
        "init/main.c": INIT_MAIN_C,
        "kernel/Makefile": KERNEL_MAKEFILE,
        "kernel/panic.c": KERNEL_PANIC_C,
        "arch/x86/Kconfig": ARCH_X86_KCONFIG,
        "arch/x86/Makefile": ARCH_X86_MAKEFILE,
        "arch/x86/include/asm/page.h": ASM_PAGE_H,
        "arch/x86/include/asm/processor.h": ASM_PROCESSOR_H,
        "arch/x86/include/asm/setup.h": ASM_SETUP_H,
        "arch/x86/include/asm/e820.h": ASM_E820_H,
        "arch/x86/include/asm/hypervisor.h": ASM_HYPERVISOR_H,
        "arch/x86/include/asm/irq_vectors.h": ASM_IRQ_VECTORS_H,
        "arch/x86/kernel/Makefile": ARCH_X86_KERNEL_MAKEFILE,
        "arch/x86/kernel/setup.c": ARCH_X86_SETUP_C,
        "arch/x86/kernel/e820.c": ARCH_X86_E820_C,
        "arch/x86/kernel/hypervisor.c": ARCH_X86_HYPERVISOR_C,
        "include/linux/cpumask.h": LINUX_CPUMASK_H,
        "include/linux/interrupt.h": LINUX_INTERRUPT_H,
        "include/linux/irq.h": LINUX_IRQ_H,
        "kernel/irq/Kconfig": KERNEL_IRQ_KCONFIG,
        "kernel/irq/Makefile": KERNEL_IRQ_MAKEFILE,
        "kernel/irq/internals.h": KERNEL_IRQ_INTERNALS_H,
        "kernel/irq/irqdesc.c": KERNEL_IRQ_IRQDESC_C,
        "kernel/irq/manage.c": KERNEL_IRQ_MANAGE_C,
        "include/linux/gfp.h": LINUX_GFP_H,
        "include/linux/mm.h": LINUX_MM_H,
        "include/linux/slab.h": LINUX_SLAB_H,
        "mm/Kconfig": MM_KCONFIG,
        "mm/Makefile": MM_MAKEFILE,
        "mm/page_alloc.c": MM_PAGE_ALLOC_C,
        "mm/slab_common.c": MM_SLAB_COMMON_C,
        "include/linux/fs.h": LINUX_FS_H,
        "fs/Makefile": FS_MAKEFILE,
        "fs/read_write.c": FS_READ_WRITE_C,
        "include/linux/skbuff.h": LINUX_SKBUFF_H,
        "include/linux/netdevice.h": LINUX_NETDEVICE_H,
        "include/linux/etherdevice.h": LINUX_ETHERDEVICE_H,
        "net/Kconfig": NET_KCONFIG,
        "net/Makefile": NET_MAKEFILE,
        "net/core/Makefile": NET_CORE_MAKEFILE,
        "net/core/dev.c": NET_CORE_DEV_C,
        "include/linux/bio.h": LINUX_BIO_H,
        "include/linux/blkdev.h": LINUX_BLKDEV_H,
        "block/Kconfig": BLOCK_KCONFIG,
        "block/Makefile": BLOCK_MAKEFILE,
        "block/bio.c": BLOCK_BIO_C,
        "drivers/Kconfig": DRIVERS_KCONFIG,
        "drivers/Makefile": DRIVERS_MAKEFILE,
        "drivers/net/Kconfig": DRIVERS_NET_KCONFIG,
        "drivers/net/Makefile": DRIVERS_NET_MAKEFILE,
        "drivers/net/loopback.c": DRIVERS_NET_LOOPBACK_C,
        "drivers/net/dummy.c": DRIVERS_NET_DUMMY_C,
        "drivers/net/veth.c": DRIVERS_NET_VETH_C,
        "drivers/block/Kconfig": DRIVERS_BLOCK_KCONFIG,
        "drivers/block/Makefile": DRIVERS_BLOCK_MAKEFILE,
        "drivers/block/blkdev.c": DRIVERS_BLOCK_BLKDEV_C,
        "drivers/block/loop.c": DRIVERS_BLOCK_LOOP_C,
        "drivers/block/brd.c": DRIVERS_BLOCK_BRD_C,
    }


# ---------------------------------------------------------------------------------------------
# The Xen fork: new files
# ---------------------------------------------------------------------------------------------

XEN_INTERFACE_H = _t(r"""
/* SPDX-License-Identifier: MIT */
/******************************************************************************
 * include/xen/interface.h
 *
 * Guest OS interface to Xen: hypercall numbers, the shared info page,
 * and the event channel, grant table and scheduler ABI structures.
 *
 * Copyright (c) 2004, K A Fraser
 */

#ifndef __XEN_PUBLIC_INTERFACE_H__
#define __XEN_PUBLIC_INTERFACE_H__

#include <linux/types.h>

/*
 * XEN "SYSTEM CALLS" (a.k.a. HYPERCALLS).
 */
#define __HYPERVISOR_set_trap_table        0
#define __HYPERVISOR_mmu_update            1
#define __HYPERVISOR_memory_op            12
#define __HYPERVISOR_xen_version          17
#define __HYPERVISOR_console_io           18
#define __HYPERVISOR_grant_table_op       20
#define __HYPERVISOR_vcpu_op              24
#define __HYPERVISOR_sched_op             29
#define __HYPERVISOR_event_channel_op     32
#define __HYPERVISOR_hvm_op               34

typedef u16 domid_t;
typedef u32 evtchn_port_t;
typedef u32 grant_ref_t;
typedef u32 grant_handle_t;
typedef unsigned long xen_pfn_t;

/* Domain ids >= DOMID_FIRST_RESERVED cannot be used for ordinary domains. */
#define DOMID_FIRST_RESERVED	((domid_t)0x7FF0U)
/* DOMID_SELF is used in certain contexts to refer to oneself. */
#define DOMID_SELF		((domid_t)0x7FF0U)

/* Xen always uses 4K pages, whatever the guest page size is. */
#define XEN_PAGE_SHIFT		12
#define XEN_PAGE_SIZE		(1UL << XEN_PAGE_SHIFT)
#define XEN_PAGE_MASK		(~(XEN_PAGE_SIZE - 1))

#define XEN_LEGACY_MAX_VCPUS	32
#define EVTCHN_2L_NR_CHANNELS	(sizeof(unsigned long) * sizeof(unsigned long) * 64)

struct arch_vcpu_info {
	unsigned long cr2;
	unsigned long pad;	/* sizeof(vcpu_info_t) == 64 */
};

struct vcpu_info {
	/* Set by Xen, cleared by the guest before it looks for work. */
	u8 evtchn_upcall_pending;
	u8 evtchn_upcall_mask;
	unsigned long evtchn_pending_sel;
	struct arch_vcpu_info arch;
};

struct arch_shared_info {
	unsigned long max_pfn;			/* max pfn that appears in table */
	unsigned long pfn_to_mfn_frame_list_list;
	unsigned long nmi_reason;
};

/*
 * Xen/kernel shared data -- pointer provided in start_info.
 * NB. We expect that this struct is smaller than a page.
 */
struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];

	/* Event channel bitmaps: pending, and masked by the guest. */
	unsigned long evtchn_pending[sizeof(unsigned long) * 8];
	unsigned long evtchn_mask[sizeof(unsigned long) * 8];

	struct arch_shared_info arch;
};

#define MAX_GUEST_CMDLINE 1024

/*
 * Start-of-day memory layout for the initial domain, passed by the domain
 * builder in %rsi.
 */
struct start_info {
	char magic[32];			/* "xen-<version>-<platform>".            */
	unsigned long nr_pages;		/* Total pages allocated to this domain.  */
	unsigned long shared_info;	/* MACHINE address of shared info struct. */
	u32 flags;			/* SIF_xxx flags.                         */
	xen_pfn_t store_mfn;		/* MACHINE page number of shared page.    */
	u32 store_evtchn;		/* Event channel for store communication. */
	unsigned long mfn_list;		/* VIRTUAL address of page-frame list.    */
	s8 cmd_line[MAX_GUEST_CMDLINE];
};

/* These flags are passed in the 'flags' field of start_info_t. */
#define SIF_PRIVILEGED		(1<<0)	/* Is the domain privileged? */
#define SIF_INITDOMAIN		(1<<1)	/* Is this the initial control domain? */

/*
 * Event channel operations: HYPERVISOR_event_channel_op(cmd, arg).
 */
#define EVTCHNOP_bind_virq		1
#define EVTCHNOP_close			3
#define EVTCHNOP_send			4
#define EVTCHNOP_alloc_unbound		6
#define EVTCHNOP_bind_vcpu		8
#define EVTCHNOP_unmask			9

struct evtchn_alloc_unbound {
	/* IN parameters */
	domid_t dom, remote_dom;
	/* OUT parameters */
	evtchn_port_t port;
};

struct evtchn_bind_virq {
	/* IN parameters. */
	u32 virq;
	u32 vcpu;
	/* OUT parameters. */
	evtchn_port_t port;
};

struct evtchn_close {
	evtchn_port_t port;
};

struct evtchn_send {
	evtchn_port_t port;
};

struct evtchn_bind_vcpu {
	evtchn_port_t port;
	u32 vcpu;
};

struct evtchn_unmask {
	evtchn_port_t port;
};

#define VIRQ_TIMER	0	/* Timebase update, and/or requested timeout.  */
#define VIRQ_DEBUG	1	/* Request guest to dump debug info.           */

/*
 * Grant tables: HYPERVISOR_grant_table_op(cmd, uop, count).
 */
#define GNTTABOP_setup_table		2

struct grant_entry_v1 {
	/* GTF_xxx: various type and flag information.  [XEN,GST] */
	u16 flags;
	/* The domain being granted foreign privileges. [GST] */
	domid_t domid;
	/* The frame @domid is allowed to map and access. [GST] */
	u32 frame;
};

#define GTF_invalid		(0U<<0)
#define GTF_permit_access	(1U<<0)
#define GTF_accept_transfer	(2U<<0)
#define GTF_type_mask		(3U<<0)

#define _GTF_readonly		(2)
#define GTF_readonly		(1U<<_GTF_readonly)
#define _GTF_reading		(3)
#define GTF_reading		(1U<<_GTF_reading)
#define _GTF_writing		(4)
#define GTF_writing		(1U<<_GTF_writing)

struct gnttab_setup_table {
	/* IN parameters. */
	domid_t dom;
	u32 nr_frames;
	/* OUT parameters. */
	s16 status;		/* GNTST_* */
	xen_pfn_t *frame_list;
};

#define GNTST_okay		(0)	/* Normal return.                        */
#define GNTST_general_error	(-1)	/* General undefined error.              */

/*
 * Scheduler operations: HYPERVISOR_sched_op(cmd, arg).
 */
#define SCHEDOP_shutdown	2

struct sched_shutdown {
	unsigned int reason;	/* SHUTDOWN_* => shutdown reason */
};

#define SHUTDOWN_poweroff	0	/* Domain exited normally. Clean up and kill. */
#define SHUTDOWN_reboot		1	/* Clean up, kill, and then restart.          */

/*
 * Version queries: HYPERVISOR_xen_version(cmd, arg).
 */
#define XENVER_version		0
#define XENVER_extraversion	1

struct xen_extraversion {
	char extraversion[16];
};

#endif /* __XEN_PUBLIC_INTERFACE_H__ */
""")

XEN_XEN_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XEN_XEN_H
#define _XEN_XEN_H

#include <linux/types.h>
#include <xen/interface.h>

enum xen_domain_type {
	XEN_NATIVE,		/* running on bare hardware    */
	XEN_PV_DOMAIN,		/* running in a PV domain      */
	XEN_HVM_DOMAIN,		/* running in a Xen hvm domain */
};

extern enum xen_domain_type xen_domain_type;
extern struct shared_info *HYPERVISOR_shared_info;
extern struct start_info *xen_start_info;

#define xen_domain()		(xen_domain_type != XEN_NATIVE)
#define xen_pv_domain()		(xen_domain() &&			\
				 xen_domain_type == XEN_PV_DOMAIN)
#define xen_initial_domain()	(xen_domain() && xen_start_info &&	\
				 (xen_start_info->flags & SIF_INITDOMAIN))

#endif	/* _XEN_XEN_H */
""")

ASM_XEN_HYPERCALL_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0-or-later */
/******************************************************************************
 * hypercall.h
 *
 * Linux-specific hypervisor handling.
 *
 * Copyright (c) 2002-2004, K A Fraser
 */

#ifndef _ASM_X86_XEN_HYPERCALL_H
#define _ASM_X86_XEN_HYPERCALL_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <xen/interface.h>

/*
 * Hypercalls go through the hypercall page Xen fills in at boot: one
 * 32-byte stub per hypercall, arguments in the x86-64 C calling registers.
 */
extern struct { char _entry[32]; } hypercall_page[];

#define __HYPERCALL		"call hypercall_page+%c[offset]"
#define __HYPERCALL_ENTRY(x)						\
	[offset] "i" (__HYPERVISOR_##x * sizeof(hypercall_page[0]))

#define __HYPERCALL_RETREG	"rax"
#define __HYPERCALL_ARG1REG	"rdi"
#define __HYPERCALL_ARG2REG	"rsi"
#define __HYPERCALL_ARG3REG	"rdx"

#define __HYPERCALL_DECLS						\
	register unsigned long __res  asm(__HYPERCALL_RETREG);		\
	register unsigned long __arg1 asm(__HYPERCALL_ARG1REG) = __arg1; \
	register unsigned long __arg2 asm(__HYPERCALL_ARG2REG) = __arg2; \
	register unsigned long __arg3 asm(__HYPERCALL_ARG3REG) = __arg3;

#define __HYPERCALL_0PARAM	"=r" (__res)
#define __HYPERCALL_1PARAM	__HYPERCALL_0PARAM, "+r" (__arg1)
#define __HYPERCALL_2PARAM	__HYPERCALL_1PARAM, "+r" (__arg2)
#define __HYPERCALL_3PARAM	__HYPERCALL_2PARAM, "+r" (__arg3)

#define __HYPERCALL_1ARG(a1)						\
	__arg1 = (unsigned long)(a1);
#define __HYPERCALL_2ARG(a1,a2)						\
	__HYPERCALL_1ARG(a1) __arg2 = (unsigned long)(a2);
#define __HYPERCALL_3ARG(a1,a2,a3)					\
	__HYPERCALL_2ARG(a1,a2) __arg3 = (unsigned long)(a3);

#define __HYPERCALL_CLOBBER3	"memory", "r8", "r10", "r11"

#define _hypercall2(type, name, a1, a2)					\
({									\
	__HYPERCALL_DECLS;						\
	__HYPERCALL_2ARG(a1, a2);					\
	asm volatile (__HYPERCALL					\
		      : __HYPERCALL_2PARAM				\
		      : __HYPERCALL_ENTRY(name)				\
		      : __HYPERCALL_CLOBBER3);				\
	(type)__res;							\
})

#define _hypercall3(type, name, a1, a2, a3)				\
({									\
	__HYPERCALL_DECLS;						\
	__HYPERCALL_3ARG(a1, a2, a3);					\
	asm volatile (__HYPERCALL					\
		      : __HYPERCALL_3PARAM				\
		      : __HYPERCALL_ENTRY(name)				\
		      : __HYPERCALL_CLOBBER3);				\
	(type)__res;							\
})

static inline int
HYPERVISOR_sched_op(int cmd, void *arg)
{
	return _hypercall2(int, sched_op, cmd, arg);
}

static inline int
HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return _hypercall2(int, event_channel_op, cmd, arg);
}

static inline int
HYPERVISOR_grant_table_op(unsigned int cmd, void *uop, unsigned int count)
{
	return _hypercall3(int, grant_table_op, cmd, uop, count);
}

static inline int
HYPERVISOR_xen_version(int cmd, void *arg)
{
	return _hypercall2(int, xen_version, cmd, arg);
}

#endif /* _ASM_X86_XEN_HYPERCALL_H */
""")

XEN_EVENTS_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XEN_EVENTS_H
#define _XEN_EVENTS_H

#include <linux/interrupt.h>
#include <xen/interface.h>
#include <asm/xen/hypercall.h>

unsigned int xen_evtchn_nr_channels(void);

int bind_evtchn_to_irq(evtchn_port_t evtchn);
int bind_evtchn_to_irqhandler(evtchn_port_t evtchn,
			      irq_handler_t handler,
			      unsigned long irqflags, const char *devname,
			      void *dev_id);

/*
 * Common unbind function for all event sources. Takes IRQ to unbind from.
 * Automatically closes the underlying event channel (even for bindings
 * made with bind_evtchn_to_irqhandler()).
 */
void unbind_from_irqhandler(unsigned int irq, void *dev_id);

void notify_remote_via_irq(int irq);
evtchn_port_t evtchn_from_irq(unsigned int irq);

void xen_evtchn_do_upcall(void);
void xen_init_IRQ(void);

static inline void notify_remote_via_evtchn(evtchn_port_t port)
{
	struct evtchn_send send = { .port = port };
	(void)HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
}

#endif	/* _XEN_EVENTS_H */
""")

XEN_GRANT_TABLE_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
/******************************************************************************
 * grant_table.h
 *
 * Two sets of functionality:
 * 1. Granting foreign access to our memory reservation.
 * 2. Accessing others' memory reservations via grant references.
 * (i.e., mechanisms for both sender and recipient of grant references)
 *
 * Copyright (c) 2004-2005, K A Fraser
 * Copyright (c) 2005, Christopher Clark
 */

#ifndef __ASM_GNTTAB_H__
#define __ASM_GNTTAB_H__

#include <linux/types.h>
#include <linux/mm.h>
#include <xen/interface.h>

#define GNTTAB_RESERVED_XENSTORE 1

/* NR_GRANT_FRAMES must be less than or equal to that configured in Xen */
#define NR_GRANT_FRAMES 4

int gnttab_init(void);

int gnttab_grant_foreign_access(domid_t domid, unsigned long frame,
				int readonly);

/* End access through @ref if the other end no longer uses it: 1 if ended. */
int gnttab_end_foreign_access_ref(grant_ref_t ref);

/*
 * operations on reserved batches of grant references
 */
int gnttab_alloc_grant_references(u16 count, grant_ref_t *pprivate_head);
void gnttab_free_grant_reference(grant_ref_t ref);
void gnttab_free_grant_references(grant_ref_t head);
int gnttab_claim_grant_reference(grant_ref_t *pprivate_head);
void gnttab_release_grant_reference(grant_ref_t *private_head,
				    grant_ref_t release);

void gnttab_grant_foreign_access_ref(grant_ref_t ref, domid_t domid,
				     unsigned long frame, int readonly);

/* Give access to the first 4K of the page */
static inline void gnttab_page_grant_foreign_access_ref_one(
	grant_ref_t ref, domid_t domid,
	struct page *page, int readonly)
{
	gnttab_grant_foreign_access_ref(ref, domid, page_to_pfn(page),
					readonly);
}

static inline u16 gnttab_sync_cmpxchg(u16 *ptr, u16 old, u16 new)
{
	__atomic_compare_exchange_n(ptr, &old, new, 0,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return old;
}

#define xen_page_to_gfn(page)	page_to_pfn(page)
#define virt_to_gfn(v)		(__pa(v) >> XEN_PAGE_SHIFT)

#endif /* __ASM_GNTTAB_H__ */
""")

XEN_XENBUS_H = _t(r"""
/* SPDX-License-Identifier: GPL-2.0 */
/******************************************************************************
 * xenbus.h
 *
 * Talks to Xen Store to figure out what devices we have.
 *
 * Copyright (C) 2005 Rusty Russell, IBM Corporation
 * Copyright (C) 2005 XenSource Ltd.
 */

#ifndef _XEN_XENBUS_H
#define _XEN_XENBUS_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/module.h>
#include <xen/interface.h>
#include <xen/grant_table.h>

#define INVALID_GRANT_REF		((grant_ref_t)-1)

/*
 * The state of either end of the Xenbus, i.e. the current communication
 * status of initialisation across the bus.  States here imply nothing about
 * the state of the connection between the driver and the kernel's device
 * layers.
 */
enum xenbus_state {
	XenbusStateUnknown       = 0,
	XenbusStateInitialising  = 1,
	XenbusStateInitWait      = 2,	/* waiting for the peer or hotplug */
	XenbusStateInitialised   = 3,	/* waiting for a connection */
	XenbusStateConnected     = 4,
	XenbusStateClosing       = 5,	/* error or unplug */
	XenbusStateClosed        = 6,
	XenbusStateReconfiguring = 7,
	XenbusStateReconfigured  = 8
};

/* A xenbus device. */
struct xenbus_device {
	const char *devicetype;
	const char *nodename;
	const char *otherend;
	int otherend_id;
	enum xenbus_state state;
	void *drvdata;
	struct list_head list;
};

struct xenbus_device_id {
	/* .../device/<device_type>/<identifier> */
	char devicetype[32];	/* General class of device. */
};

/* A xenbus driver. */
struct xenbus_driver {
	const char *name;	/* defaults to ids[0].devicetype */
	const struct xenbus_device_id *ids;
	int (*probe)(struct xenbus_device *dev,
		     const struct xenbus_device_id *id);
	void (*otherend_changed)(struct xenbus_device *dev,
				 enum xenbus_state backend_state);
	int (*remove)(struct xenbus_device *dev);
	int (*resume)(struct xenbus_device *dev);
	struct list_head list;
	struct module *owner;
};

struct xenbus_transaction {
	u32 id;
};

/* Nil transaction ID. */
#define XBT_NIL ((struct xenbus_transaction) { 0 })

/*
 * The xenstore ring shared with the store daemon, one page.
 */
#define XENSTORE_RING_SIZE 1024
typedef u32 XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE-1))

struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE]; /* Requests to xenstore daemon. */
	char rsp[XENSTORE_RING_SIZE]; /* Replies and async watch events. */
	XENSTORE_RING_IDX req_cons, req_prod;
	XENSTORE_RING_IDX rsp_cons, rsp_prod;
};

enum xsd_sockmsg_type {
	XS_READ = 2,
	XS_TRANSACTION_START = 6,
	XS_TRANSACTION_END = 7,
	XS_WRITE = 11,
	XS_ERROR = 16,
};

struct xsd_sockmsg {
	u32 type;	/* XS_??? */
	u32 req_id;	/* Request identifier, echoed in daemon's response.  */
	u32 tx_id;	/* Transaction id (0 if not related to a transaction). */
	u32 len;	/* Length of data following this. */
};

static inline void *dev_get_drvdata(const struct xenbus_device *dev)
{
	return dev->drvdata;
}

static inline void dev_set_drvdata(struct xenbus_device *dev, void *data)
{
	dev->drvdata = data;
}

int __xenbus_register_frontend(struct xenbus_driver *drv, struct module *owner,
			       const char *mod_name);
#define xenbus_register_frontend(drv) \
	__xenbus_register_frontend(drv, THIS_MODULE, KBUILD_MODNAME)
void xenbus_unregister_driver(struct xenbus_driver *drv);

void *xenbus_read(struct xenbus_transaction t,
		  const char *dir, const char *node, unsigned int *len);
int xenbus_write(struct xenbus_transaction t,
		 const char *dir, const char *node, const char *string);
int xenbus_printf(struct xenbus_transaction t,
		  const char *dir, const char *node, const char *fmt, ...);
unsigned int xenbus_read_unsigned(const char *dir, const char *node,
				  unsigned int default_val);
int xenbus_transaction_start(struct xenbus_transaction *t);
int xenbus_transaction_end(struct xenbus_transaction t, int abort);

int xenbus_switch_state(struct xenbus_device *dev, enum xenbus_state new_state);
int xenbus_grant_ring(struct xenbus_device *dev, void *vaddr,
		      unsigned int nr_pages, grant_ref_t *grefs);
int xenbus_alloc_evtchn(struct xenbus_device *dev, evtchn_port_t *port);
int xenbus_free_evtchn(struct xenbus_device *dev, evtchn_port_t port);
int xenbus_frontend_closed(struct xenbus_device *dev);

void xenbus_dev_fatal(struct xenbus_device *dev, int err, const char *fmt, ...);

const char *xenbus_strstate(enum xenbus_state state);

#endif /* _XEN_XENBUS_H */
""")

DRIVERS_XEN_KCONFIG = _t(r"""
# SPDX-License-Identifier: GPL-2.0-only
menu "Xen driver support"
	depends on XEN

config XEN_XENBUS_FRONTEND
	tristate
	help
	  The xenbus frontend core: the xenstore client and the state machine
	  that paravirtual frontend drivers (network, block) use to connect to
	  their backends.

endmenu
""")

DRIVERS_XEN_MAKEFILE = _t(r"""
# SPDX-License-Identifier: GPL-2.0
obj-y	+= events.o
obj-y	+= grant-table.o

obj-$(CONFIG_XEN_XENBUS_FRONTEND)	+= xenbus.o
""")

ARCH_X86_XEN_KCONFIG = _t(r"""
# SPDX-License-Identifier: GPL-2.0
#
# This Kconfig describes xen options
#

config XEN
	bool "Xen guest support"
	depends on PARAVIRT
	select PARAVIRT_CLOCK
	select X86_HV_CALLBACK_VECTOR
	depends on X86_64 || (X86_32 && X86_PAE)
	depends on X86_LOCAL_APIC && X86_TSC
	help
	  This is the Linux Xen port.  Enabling this will allow the
	  kernel to boot in a paravirtualized environment under the
	  Xen hypervisor.

config XEN_PV
	bool "Xen PV guest support"
	default y
	depends on XEN
	select PARAVIRT_XXL
	select XEN_HAVE_PVMMU
	select XEN_HAVE_VPMU
	help
	  Support running as a Xen PV guest.
""")

ARCH_X86_XEN_MAKEFILE = _t(r"""
# SPDX-License-Identifier: GPL-2.0

obj-y				+= enlighten.o
""")

DRIVERS_XEN_EVENTS_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0-only
/*
 * Xen event channels
 *
 * Xen models interrupts with abstract event channels.  Because each
 * domain gets 1024 event channels, but NR_IRQ is not that large, we
 * must dynamically map irqs<->event channels.  The event channels
 * interface with the rest of the kernel by defining a xen interrupt
 * chip.  When an event is received, it is mapped to an irq and sent
 * through the normal interrupt processing path.
 *
 * Jeremy Fitzhardinge <jeremy@xensource.com>, XenSource Inc, 2007
 */

#define pr_fmt(fmt) "xen:events: " fmt

#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/atomic.h>
#include <linux/errno.h>

#include <asm/xen/hypercall.h>
#include <xen/xen.h>
#include <xen/interface.h>
#include <xen/events.h>

/* Interrupt types. */
enum xen_irq_type {
	IRQT_UNBOUND = 0,
	IRQT_PIRQ,
	IRQT_VIRQ,
	IRQT_IPI,
	IRQT_EVTCHN
};

/* Per-IRQ information: what the irq is bound to. */
struct irq_info {
	int refcnt;
	enum xen_irq_type type;	/* type */
	unsigned int irq;
	evtchn_port_t evtchn;	/* event channel */
	unsigned short cpu;	/* cpu bound */
	union {
		unsigned short virq;
		unsigned int ipi;
	} u;
};

static DEFINE_MUTEX(irq_mapping_update_lock);

/* IRQ <-> event-channel mappings. */
static int evtchn_to_irq[EVTCHN_2L_NR_CHANNELS];
static struct irq_info *irq_info[NR_IRQS];

static struct irq_chip xen_dynamic_chip;

unsigned int xen_evtchn_nr_channels(void)
{
	return EVTCHN_2L_NR_CHANNELS;
}
EXPORT_SYMBOL_GPL(xen_evtchn_nr_channels);

static struct irq_info *info_for_irq(unsigned int irq)
{
	return irq < NR_IRQS ? irq_info[irq] : NULL;
}

evtchn_port_t evtchn_from_irq(unsigned int irq)
{
	const struct irq_info *info = info_for_irq(irq);

	if (!info)
		return 0;

	return info->evtchn;
}

static inline bool test_evtchn(evtchn_port_t port)
{
	struct shared_info *s = HYPERVISOR_shared_info;

	return test_bit(port, s->evtchn_pending);
}

static void clear_evtchn(evtchn_port_t port)
{
	clear_bit(port, HYPERVISOR_shared_info->evtchn_pending);
}

static void mask_evtchn(evtchn_port_t port)
{
	set_bit(port, HYPERVISOR_shared_info->evtchn_mask);
}

static void unmask_evtchn(evtchn_port_t port)
{
	struct evtchn_unmask unmask = { .port = port };

	/*
	 * The hypervisor re-raises the event if it became pending while it
	 * was masked: clear the mask first, then let Xen check the bit.
	 */
	clear_bit(port, HYPERVISOR_shared_info->evtchn_mask);
	if (test_evtchn(port))
		(void)HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &unmask);
}

static int xen_irq_info_common_setup(struct irq_info *info, unsigned int irq,
				     enum xen_irq_type type, evtchn_port_t evtchn)
{
	if (info->type != IRQT_UNBOUND && info->type != type)
		return -EEXIST;

	info->type = type;
	info->evtchn = evtchn;
	info->cpu = 0;
	evtchn_to_irq[evtchn] = irq;
	mask_evtchn(evtchn);
	return 0;
}

static int xen_allocate_irq_dynamic(void)
{
	struct irq_info *info;
	int irq;

	irq = irq_alloc_descs(-1, NR_IRQS_LEGACY, 1, -1);
	if (irq < 0)
		return irq;

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info) {
		irq_free_descs(irq, 1);
		return -ENOMEM;
	}
	info->type = IRQT_UNBOUND;
	info->refcnt = -1;
	info->irq = irq;
	irq_info[irq] = info;
	return irq;
}

static void xen_free_irq(unsigned int irq)
{
	struct irq_info *info = info_for_irq(irq);

	if (WARN_ON(!info))
		return;

	irq_info[irq] = NULL;
	kfree(info);
	irq_free_descs(irq, 1);
}

static void xen_irq_mark_evtchn(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	/*
	 * The hypervisor, not the local APIC, decides where an event channel
	 * is delivered: tell the affinity code not to queue a pending move.
	 */
	if (desc)
		desc->status_use_accessors |= IRQ_XEN_EVTCHN;
}

int bind_evtchn_to_irq(evtchn_port_t evtchn)
{
	int irq;
	int ret;

	if (evtchn >= xen_evtchn_nr_channels())
		return -ENOMEM;

	mutex_lock(&irq_mapping_update_lock);

	irq = evtchn_to_irq[evtchn];
	if (irq == -1) {
		irq = xen_allocate_irq_dynamic();
		if (irq < 0)
			goto out;

		irq_set_chip_and_handler_name(irq, &xen_dynamic_chip,
					      handle_edge_irq, "event");
		xen_irq_mark_evtchn(irq);

		ret = xen_irq_info_common_setup(irq_info[irq], irq, IRQT_EVTCHN, evtchn);
		if (ret < 0) {
			xen_free_irq(irq);
			irq = ret;
			goto out;
		}
	}

out:
	mutex_unlock(&irq_mapping_update_lock);

	return irq;
}
EXPORT_SYMBOL_GPL(bind_evtchn_to_irq);

static void unbind_from_irq(unsigned int irq)
{
	struct evtchn_close close;
	evtchn_port_t evtchn = evtchn_from_irq(irq);

	mutex_lock(&irq_mapping_update_lock);

	if (evtchn) {
		mask_evtchn(evtchn);
		close.port = evtchn;
		if (HYPERVISOR_event_channel_op(EVTCHNOP_close, &close) != 0)
			BUG();
		evtchn_to_irq[evtchn] = -1;
	}

	xen_free_irq(irq);

	mutex_unlock(&irq_mapping_update_lock);
}

int bind_evtchn_to_irqhandler(evtchn_port_t evtchn,
			      irq_handler_t handler,
			      unsigned long irqflags,
			      const char *devname, void *dev_id)
{
	int irq, retval;

	irq = bind_evtchn_to_irq(evtchn);
	if (irq < 0)
		return irq;
	retval = request_irq(irq, handler, irqflags, devname, dev_id);
	if (retval != 0) {
		unbind_from_irq(irq);
		return retval;
	}

	return irq;
}
EXPORT_SYMBOL_GPL(bind_evtchn_to_irqhandler);

void unbind_from_irqhandler(unsigned int irq, void *dev_id)
{
	struct irq_info *info = info_for_irq(irq);

	if (WARN_ON(!info))
		return;
	free_irq(irq, dev_id);
	unbind_from_irq(irq);
}
EXPORT_SYMBOL_GPL(unbind_from_irqhandler);

void notify_remote_via_irq(int irq)
{
	evtchn_port_t evtchn = evtchn_from_irq(irq);

	if (evtchn)
		notify_remote_via_evtchn(evtchn);
}
EXPORT_SYMBOL_GPL(notify_remote_via_irq);

/*
 * Scan the pending, unmasked event channels and feed each one's irq into
 * the generic interrupt layer.
 */
void xen_evtchn_do_upcall(void)
{
	struct shared_info *s = HYPERVISOR_shared_info;
	struct vcpu_info *vcpu_info = &s->vcpu_info[smp_processor_id()];
	evtchn_port_t port;

	do {
		vcpu_info->evtchn_upcall_pending = 0;
		virt_rmb(); /* Hypervisor can set upcall pending. */

		for (port = 0; port < xen_evtchn_nr_channels(); port++) {
			int irq;

			if (!test_evtchn(port) ||
			    test_bit(port, s->evtchn_mask))
				continue;
			irq = evtchn_to_irq[port];
			clear_evtchn(port);
			if (irq != -1)
				generic_handle_irq(irq);
		}
	} while (vcpu_info->evtchn_upcall_pending);
}

static void enable_dynirq(struct irq_data *data)
{
	evtchn_port_t evtchn = evtchn_from_irq(data->irq);

	if (evtchn)
		unmask_evtchn(evtchn);
}

static void disable_dynirq(struct irq_data *data)
{
	evtchn_port_t evtchn = evtchn_from_irq(data->irq);

	if (evtchn)
		mask_evtchn(evtchn);
}

static void ack_dynirq(struct irq_data *data)
{
	evtchn_port_t evtchn = evtchn_from_irq(data->irq);

	if (evtchn)
		clear_evtchn(evtchn);
}

/* Rebind an evtchn so that it gets delivered to a specific cpu */
static int xen_rebind_evtchn_to_cpu(struct irq_info *info, unsigned int tcpu)
{
	struct evtchn_bind_vcpu bind_vcpu;
	evtchn_port_t evtchn = info ? info->evtchn : 0;

	if (!evtchn)
		return -1;

	bind_vcpu.port = evtchn;
	bind_vcpu.vcpu = tcpu;

	if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bind_vcpu) >= 0)
		info->cpu = tcpu;

	return 0;
}

static int set_affinity_irq(struct irq_data *data, const struct cpumask *dest,
			    bool force)
{
	unsigned int tcpu = cpumask_first(dest);
	int ret = xen_rebind_evtchn_to_cpu(info_for_irq(data->irq), tcpu);

	if (!ret)
		cpumask_copy(irq_data_get_effective_affinity_mask(data), cpumask_of(tcpu));

	return ret;
}

static struct irq_chip xen_dynamic_chip __read_mostly = {
	.name			= "xen-dyn",

	.irq_disable		= disable_dynirq,
	.irq_mask		= disable_dynirq,
	.irq_unmask		= enable_dynirq,

	.irq_ack		= ack_dynirq,
	.irq_set_affinity	= set_affinity_irq,
};

void __init xen_init_IRQ(void)
{
	evtchn_port_t evtchn;

	for (evtchn = 0; evtchn < xen_evtchn_nr_channels(); evtchn++) {
		evtchn_to_irq[evtchn] = -1;
		mask_evtchn(evtchn);
	}

	pr_info("Using 2-level ABI, %u channels\n", xen_evtchn_nr_channels());
}
""")

DRIVERS_XEN_GRANT_TABLE_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0-only
/******************************************************************************
 * grant_table.c
 *
 * Granting foreign access to our memory reservation.
 *
 * Copyright (c) 2005-2006, Christopher Clark
 * Copyright (c) 2004-2005, K A Fraser
 */

#define pr_fmt(fmt) "xen:grant_table: " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/errno.h>

#include <asm/xen/hypercall.h>
#include <xen/xen.h>
#include <xen/interface.h>
#include <xen/grant_table.h>

#define GNTTAB_LIST_END 0xffffffff

static grant_ref_t **gnttab_list;
static unsigned int nr_grant_frames;
static int gnttab_free_count;
static grant_ref_t gnttab_free_head;
static DEFINE_SPINLOCK(gnttab_list_lock);

static struct grant_entry_v1 *gnttab_shared;

static unsigned int grefs_per_grant_frame;

#define RPP (PAGE_SIZE / sizeof(grant_ref_t))

static inline grant_ref_t *__gnttab_entry(grant_ref_t entry)
{
	return &gnttab_list[(entry) / RPP][(entry) % RPP];
}
#define gnttab_entry(entry) (*__gnttab_entry(entry))

static int get_free_entries(unsigned int count)
{
	unsigned long flags;
	int ref;
	grant_ref_t head;

	spin_lock_irqsave(&gnttab_list_lock, flags);

	if (gnttab_free_count < count) {
		spin_unlock_irqrestore(&gnttab_list_lock, flags);
		return -ENOSPC;
	}

	ref = head = gnttab_free_head;
	gnttab_free_count -= count;
	while (count-- > 1)
		head = gnttab_entry(head);
	gnttab_free_head = gnttab_entry(head);
	gnttab_entry(head) = GNTTAB_LIST_END;

	spin_unlock_irqrestore(&gnttab_list_lock, flags);

	return ref;
}

static void put_free_entry(grant_ref_t ref)
{
	unsigned long flags;

	spin_lock_irqsave(&gnttab_list_lock, flags);
	gnttab_entry(ref) = gnttab_free_head;
	gnttab_free_head = ref;
	gnttab_free_count++;
	spin_unlock_irqrestore(&gnttab_list_lock, flags);
}

/* Frame and domid first, then the flags that make the entry valid. */
void gnttab_grant_foreign_access_ref(grant_ref_t ref, domid_t domid,
				     unsigned long frame, int readonly)
{
	gnttab_shared[ref].frame = frame;
	gnttab_shared[ref].domid = domid;
	virt_wmb();
	gnttab_shared[ref].flags = GTF_permit_access | (readonly ? GTF_readonly : 0);
}
EXPORT_SYMBOL_GPL(gnttab_grant_foreign_access_ref);

int gnttab_grant_foreign_access(domid_t domid, unsigned long frame,
				int readonly)
{
	int ref;

	ref = get_free_entries(1);
	if (unlikely(ref < 0))
		return -ENOSPC;

	gnttab_grant_foreign_access_ref(ref, domid, frame, readonly);

	return ref;
}
EXPORT_SYMBOL_GPL(gnttab_grant_foreign_access);

int gnttab_end_foreign_access_ref(grant_ref_t ref)
{
	u16 flags, nflags;
	u16 *pflags;

	pflags = &gnttab_shared[ref].flags;
	nflags = *pflags;
	do {
		flags = nflags;
		if (flags & (GTF_reading|GTF_writing))
			return 0;
	} while ((nflags = gnttab_sync_cmpxchg(pflags, flags, 0)) != flags);

	return 1;
}
EXPORT_SYMBOL_GPL(gnttab_end_foreign_access_ref);

void gnttab_free_grant_reference(grant_ref_t ref)
{
	put_free_entry(ref);
}
EXPORT_SYMBOL_GPL(gnttab_free_grant_reference);

void gnttab_free_grant_references(grant_ref_t head)
{
	grant_ref_t ref;
	unsigned long flags;
	int count = 1;

	if (head == GNTTAB_LIST_END)
		return;
	spin_lock_irqsave(&gnttab_list_lock, flags);
	ref = head;
	while (gnttab_entry(ref) != GNTTAB_LIST_END) {
		ref = gnttab_entry(ref);
		count++;
	}
	gnttab_entry(ref) = gnttab_free_head;
	gnttab_free_head = head;
	gnttab_free_count += count;
	spin_unlock_irqrestore(&gnttab_list_lock, flags);
}
EXPORT_SYMBOL_GPL(gnttab_free_grant_references);

int gnttab_alloc_grant_references(u16 count, grant_ref_t *head)
{
	int h = get_free_entries(count);

	if (h < 0)
		return -ENOSPC;

	*head = h;

	return 0;
}
EXPORT_SYMBOL_GPL(gnttab_alloc_grant_references);

int gnttab_claim_grant_reference(grant_ref_t *private_head)
{
	grant_ref_t g = *private_head;

	if (unlikely(g == GNTTAB_LIST_END))
		return -ENOSPC;
	*private_head = gnttab_entry(g);
	return g;
}
EXPORT_SYMBOL_GPL(gnttab_claim_grant_reference);

void gnttab_release_grant_reference(grant_ref_t *private_head,
				    grant_ref_t release)
{
	gnttab_entry(release) = *private_head;
	*private_head = release;
}
EXPORT_SYMBOL_GPL(gnttab_release_grant_reference);

static int gnttab_map(unsigned int start_idx, unsigned int end_idx)
{
	struct gnttab_setup_table setup;
	xen_pfn_t *frames;
	unsigned int nr_gframes = end_idx + 1;
	int rc;

	frames = kcalloc(nr_gframes, sizeof(unsigned long), GFP_ATOMIC);
	if (!frames)
		return -ENOMEM;

	setup.dom        = DOMID_SELF;
	setup.nr_frames  = nr_gframes;
	setup.frame_list = frames;

	rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &setup, 1);
	BUG_ON(rc || setup.status);

	gnttab_shared = pfn_to_kaddr(frames[0]);
	kfree(frames);
	return 0;
}

int gnttab_init(void)
{
	unsigned int i, nr_init_grefs, nr_list_pages;
	int ret;

	nr_grant_frames = 1;
	grefs_per_grant_frame = XEN_PAGE_SIZE / sizeof(struct grant_entry_v1);
	nr_list_pages = DIV_ROUND_UP(NR_GRANT_FRAMES * grefs_per_grant_frame, RPP);

	gnttab_list = kmalloc_array(nr_list_pages, sizeof(grant_ref_t *), GFP_KERNEL);
	if (gnttab_list == NULL)
		return -ENOMEM;

	for (i = 0; i < nr_list_pages; i++) {
		gnttab_list[i] = (grant_ref_t *)__get_free_page(GFP_KERNEL);
		if (gnttab_list[i] == NULL) {
			ret = -ENOMEM;
			goto ini_nomem;
		}
	}

	ret = gnttab_map(0, nr_grant_frames - 1);
	if (ret < 0)
		goto ini_nomem;

	nr_init_grefs = nr_grant_frames * grefs_per_grant_frame;

	for (i = GNTTAB_RESERVED_XENSTORE + 1; i < nr_init_grefs - 1; i++)
		gnttab_entry(i) = i + 1;

	gnttab_entry(nr_init_grefs - 1) = GNTTAB_LIST_END;
	gnttab_free_count = nr_init_grefs - GNTTAB_RESERVED_XENSTORE - 1;
	gnttab_free_head  = GNTTAB_RESERVED_XENSTORE + 1;

	pr_info("Grant table initialized, %u entries\n", nr_init_grefs);
	return 0;

 ini_nomem:
	while (i--)
		free_page((unsigned long)gnttab_list[i]);
	kfree(gnttab_list);
	return ret;
}
EXPORT_SYMBOL_GPL(gnttab_init);
""")

DRIVERS_XEN_XENBUS_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0-only
/******************************************************************************
 * xenbus.c
 *
 * The xenstore client and the frontend half of the xenbus: how paravirtual
 * frontends find their backend, exchange ring references and event
 * channels through the store, and walk the connection state machine.
 *
 * Copyright (C) 2005 Rusty Russell, IBM Corporation
 * Copyright (C) 2005 XenSource Ltd
 */

#define pr_fmt(fmt) "xenbus: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/init.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/errno.h>

#include <asm/xen/hypercall.h>
#include <xen/xen.h>
#include <xen/interface.h>
#include <xen/events.h>
#include <xen/grant_table.h>
#include <xen/xenbus.h>

static DEFINE_MUTEX(xs_request_mutex);
static LIST_HEAD(xenbus_frontend_drivers);
static u32 xs_request_id;

static evtchn_port_t xen_store_evtchn;
static struct xenstore_domain_interface *xen_store_interface;

static const char *const xenbus_state_names[] = {
	"Unknown", "Initialising", "InitWait", "Initialised", "Connected",
	"Closing", "Closed", "Reconfiguring", "Reconfigured",
};

const char *xenbus_strstate(enum xenbus_state state)
{
	return (state < ARRAY_SIZE(xenbus_state_names)) ? xenbus_state_names[state] : "INVALID";
}
EXPORT_SYMBOL_GPL(xenbus_strstate);

static void xb_write(const void *data, unsigned int len)
{
	struct xenstore_domain_interface *intf = xen_store_interface;
	const char *p = data;

	while (len--) {
		intf->req[MASK_XENSTORE_IDX(intf->req_prod)] = *p++;
		virt_wmb();
		intf->req_prod++;
	}
	notify_remote_via_evtchn(xen_store_evtchn);
}

static void xb_read(void *data, unsigned int len)
{
	struct xenstore_domain_interface *intf = xen_store_interface;
	char *p = data;

	while (len--) {
		while (intf->rsp_cons == intf->rsp_prod)
			cpu_relax();
		virt_rmb();
		*p++ = intf->rsp[MASK_XENSTORE_IDX(intf->rsp_cons)];
		intf->rsp_cons++;
	}
	notify_remote_via_evtchn(xen_store_evtchn);
}

static void *xs_talkv(struct xenbus_transaction t, enum xsd_sockmsg_type type,
		      const char *path, const char *data, unsigned int *len)
{
	struct xsd_sockmsg msg;
	unsigned int plen = strlen(path) + 1;
	unsigned int dlen = data ? strlen(data) : 0;
	char *ret;

	msg.type = type;
	msg.tx_id = t.id;
	msg.len = plen + dlen;

	mutex_lock(&xs_request_mutex);
	msg.req_id = xs_request_id++;
	xb_write(&msg, sizeof(msg));
	xb_write(path, plen);
	if (dlen)
		xb_write(data, dlen);

	xb_read(&msg, sizeof(msg));
	ret = kmalloc(msg.len + 1, GFP_NOIO);
	if (ret) {
		xb_read(ret, msg.len);
		ret[msg.len] = '\0';
	}
	mutex_unlock(&xs_request_mutex);

	if (!ret)
		return ERR_PTR(-ENOMEM);
	if (msg.type == XS_ERROR) {
		kfree(ret);
		return ERR_PTR(-EIO);
	}
	if (len)
		*len = msg.len;
	return ret;
}

static char *join(const char *dir, const char *name)
{
	char *buffer;
	size_t len = strlen(dir) + strlen(name) + 2;

	buffer = kmalloc(len, GFP_NOIO);
	if (!buffer)
		return ERR_PTR(-ENOMEM);
	if (strlen(name) == 0)
		snprintf(buffer, len, "%s", dir);
	else
		snprintf(buffer, len, "%s/%s", dir, name);
	return buffer;
}

void *xenbus_read(struct xenbus_transaction t,
		  const char *dir, const char *node, unsigned int *len)
{
	char *path;
	void *ret;

	path = join(dir, node);
	if (IS_ERR(path))
		return ERR_CAST(path);

	ret = xs_talkv(t, XS_READ, path, NULL, len);
	kfree(path);
	return ret;
}
EXPORT_SYMBOL_GPL(xenbus_read);

int xenbus_write(struct xenbus_transaction t,
		 const char *dir, const char *node, const char *string)
{
	char *path;
	void *ret;

	path = join(dir, node);
	if (IS_ERR(path))
		return PTR_ERR(path);

	ret = xs_talkv(t, XS_WRITE, path, string, NULL);
	kfree(path);
	if (IS_ERR(ret))
		return PTR_ERR(ret);
	kfree(ret);
	return 0;
}
EXPORT_SYMBOL_GPL(xenbus_write);

int xenbus_printf(struct xenbus_transaction t,
		  const char *dir, const char *node, const char *fmt, ...)
{
	va_list ap;
	char buf[128];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);

	return xenbus_write(t, dir, node, buf);
}
EXPORT_SYMBOL_GPL(xenbus_printf);

unsigned int xenbus_read_unsigned(const char *dir, const char *node,
				  unsigned int default_val)
{
	unsigned int val;
	char *buf;

	buf = xenbus_read(XBT_NIL, dir, node, NULL);
	if (IS_ERR(buf))
		return default_val;
	if (kstrtouint(buf, 10, &val))
		val = default_val;
	kfree(buf);
	return val;
}
EXPORT_SYMBOL_GPL(xenbus_read_unsigned);

int xenbus_transaction_start(struct xenbus_transaction *t)
{
	char *id_str;

	id_str = xs_talkv(XBT_NIL, XS_TRANSACTION_START, "", NULL, NULL);
	if (IS_ERR(id_str))
		return PTR_ERR(id_str);

	t->id = simple_strtoul(id_str, NULL, 0);
	kfree(id_str);
	return 0;
}
EXPORT_SYMBOL_GPL(xenbus_transaction_start);

int xenbus_transaction_end(struct xenbus_transaction t, int abort)
{
	void *ret;

	ret = xs_talkv(t, XS_TRANSACTION_END, abort ? "F" : "T", NULL, NULL);
	if (IS_ERR(ret))
		return PTR_ERR(ret);
	kfree(ret);
	return 0;
}
EXPORT_SYMBOL_GPL(xenbus_transaction_end);

static void xenbus_va_dev_error(struct xenbus_device *dev, int err,
				const char *fmt, va_list ap)
{
	char printf_buffer[256];
	unsigned int len;

	len = snprintf(printf_buffer, sizeof(printf_buffer), "%i ", -err);
	vsnprintf(printf_buffer + len, sizeof(printf_buffer) - len, fmt, ap);

	pr_warn("%s: %s\n", dev->nodename, printf_buffer);
	xenbus_write(XBT_NIL, dev->nodename, "error", printf_buffer);
}

void xenbus_dev_fatal(struct xenbus_device *dev, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	xenbus_va_dev_error(dev, err, fmt, ap);
	va_end(ap);

	xenbus_switch_state(dev, XenbusStateClosing);
}
EXPORT_SYMBOL_GPL(xenbus_dev_fatal);

int xenbus_switch_state(struct xenbus_device *dev, enum xenbus_state state)
{
	int err;

	if (state == dev->state)
		return 0;

	err = xenbus_printf(XBT_NIL, dev->nodename, "state", "%d", state);
	if (err) {
		if (state != XenbusStateClosing) /* Avoid looping */
			xenbus_dev_fatal(dev, err, "writing new state");
		return err;
	}

	dev->state = state;
	return 0;
}
EXPORT_SYMBOL_GPL(xenbus_switch_state);

int xenbus_frontend_closed(struct xenbus_device *dev)
{
	xenbus_switch_state(dev, XenbusStateClosed);
	return 0;
}
EXPORT_SYMBOL_GPL(xenbus_frontend_closed);

/**
 * xenbus_grant_ring - grant access to the ring pages to the other end
 * @dev: xenbus device
 * @vaddr: starting virtual address of the ring
 * @nr_pages: number of pages to be granted
 * @grefs: grant reference array to be filled in
 */
int xenbus_grant_ring(struct xenbus_device *dev, void *vaddr,
		      unsigned int nr_pages, grant_ref_t *grefs)
{
	unsigned int i;
	int err;

	for (i = 0; i < nr_pages; i++) {
		err = gnttab_grant_foreign_access(dev->otherend_id,
						  virt_to_gfn(vaddr), 0);
		if (err < 0) {
			xenbus_dev_fatal(dev, err, "granting access to ring page");
			goto fail;
		}
		grefs[i] = err;
		vaddr = (char *)vaddr + XEN_PAGE_SIZE;
	}

	return 0;

fail:
	while (i--)
		gnttab_end_foreign_access_ref(grefs[i]);
	return err;
}
EXPORT_SYMBOL_GPL(xenbus_grant_ring);

/* Allocate an event channel for @dev and return its local port in *port. */
int xenbus_alloc_evtchn(struct xenbus_device *dev, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound alloc_unbound;
	int err;

	alloc_unbound.dom = DOMID_SELF;
	alloc_unbound.remote_dom = dev->otherend_id;

	err = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound,
					  &alloc_unbound);
	if (err)
		xenbus_dev_fatal(dev, err, "allocating event channel");
	else
		*port = alloc_unbound.port;

	return err;
}
EXPORT_SYMBOL_GPL(xenbus_alloc_evtchn);

int xenbus_free_evtchn(struct xenbus_device *dev, evtchn_port_t port)
{
	struct evtchn_close close;
	int err;

	close.port = port;

	err = HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
	if (err)
		pr_warn("%s: freeing event channel %u: %d\n", dev->nodename, port, err);

	return err;
}
EXPORT_SYMBOL_GPL(xenbus_free_evtchn);

int __xenbus_register_frontend(struct xenbus_driver *drv, struct module *owner,
			       const char *mod_name)
{
	if (!xen_domain())
		return -ENODEV;

	drv->owner = owner;
	if (!drv->name)
		drv->name = drv->ids[0].devicetype;
	list_add_tail(&drv->list, &xenbus_frontend_drivers);
	pr_info("registered frontend driver %s (%s)\n", drv->name, mod_name);
	return 0;
}
EXPORT_SYMBOL_GPL(__xenbus_register_frontend);

void xenbus_unregister_driver(struct xenbus_driver *drv)
{
	list_del(&drv->list);
}
EXPORT_SYMBOL_GPL(xenbus_unregister_driver);

static int __init xenbus_init(void)
{
	if (!xen_domain())
		return -ENODEV;

	xen_store_evtchn = xen_start_info->store_evtchn;
	xen_store_interface = pfn_to_kaddr(xen_start_info->store_mfn);
	pr_info("xenstore ring at %p, event channel %u\n",
		xen_store_interface, xen_store_evtchn);
	return 0;
}
postcore_initcall(xenbus_init);

MODULE_LICENSE("GPL");
""")

ARCH_X86_XEN_ENLIGHTEN_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0
/*
 * Core of the Xen paravirt implementation: detecting the hypervisor,
 * mapping the shared info page and the boot-time setup of a PV guest.
 *
 * Jeremy Fitzhardinge <jeremy@xensource.com>, XenSource Inc, 2007
 */

#define pr_fmt(fmt) "xen: " fmt

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/cpumask.h>

#include <asm/processor.h>
#include <asm/hypervisor.h>
#include <asm/setup.h>
#include <asm/e820.h>
#include <asm/page.h>
#include <asm/xen/hypercall.h>

#include <xen/xen.h>
#include <xen/interface.h>
#include <xen/events.h>
#include <xen/grant_table.h>

enum xen_domain_type xen_domain_type = XEN_NATIVE;
EXPORT_SYMBOL_GPL(xen_domain_type);

struct start_info *xen_start_info;
EXPORT_SYMBOL_GPL(xen_start_info);

/*
 * Point at some empty memory to start with. We map the real shared_info
 * page as soon as fixmap is up and running.
 */
static struct shared_info xen_dummy_shared_info;
struct shared_info *HYPERVISOR_shared_info = &xen_dummy_shared_info;
EXPORT_SYMBOL_GPL(HYPERVISOR_shared_info);

static struct vcpu_info *xen_vcpu[NR_CPUS];

static u32 xen_cpuid_base(void)
{
	unsigned int base, eax, signature[3];

	for (base = 0x40000000; base < 0x40010000; base += 0x100) {
		cpuid(base, &eax, &signature[0], &signature[1], &signature[2]);
		if (!memcmp("XenVMMXenVMM", signature, 12) && ((eax - base) >= 2))
			return base;
	}

	return 0;
}

static void __init xen_banner(void)
{
	unsigned int version = HYPERVISOR_xen_version(XENVER_version, NULL);
	struct xen_extraversion extra;

	HYPERVISOR_xen_version(XENVER_extraversion, &extra);

	pr_info("Booting kernel on %s\n", "Xen");
	pr_info("Xen version: %u.%u%s%s\n",
		version >> 16, version & 0xffff, extra.extraversion,
		xen_initial_domain() ? " (initial domain)" : "");
}

static void xen_vcpu_setup(int cpu)
{
	if (cpu >= XEN_LEGACY_MAX_VCPUS) {
		pr_warn("vcpu %d beyond the legacy vcpu_info area\n", cpu);
		return;
	}
	xen_vcpu[cpu] = &HYPERVISOR_shared_info->vcpu_info[cpu];
}

static void __init xen_setup_shared_info(void)
{
	HYPERVISOR_shared_info = __va(xen_start_info->shared_info);
	memset(&xen_dummy_shared_info, 0, sizeof(xen_dummy_shared_info));
}

static void __init xen_memory_setup(void)
{
	unsigned long max_pages = xen_start_info->nr_pages;

	/*
	 * A PV guest sees no BIOS map: make one out of the pages the domain
	 * builder gave us, with the ISA hole reserved as on real hardware.
	 */
	e820__range_add(0, 0xa0000, E820_TYPE_RAM);
	e820__range_add(0xa0000, 0x60000, E820_TYPE_RESERVED);
	e820__range_add(0x100000, PFN_PHYS(max_pages) - 0x100000, E820_TYPE_RAM);
	e820__print_table("Xen");
}

/* First C function to be called on Xen boot */
void __init xen_start_kernel(void)
{
	if (!xen_cpuid_base() || !xen_start_info)
		return;

	xen_domain_type = XEN_PV_DOMAIN;
	x86_hyper_type = X86_HYPER_XEN_PV;

	xen_setup_shared_info();
	xen_vcpu_setup(0);
	xen_memory_setup();
	xen_banner();

	xen_init_IRQ();

	if (gnttab_init())
		pr_warn("grant table initialization failed\n");
}
""")

DRIVERS_NET_XEN_NETFRONT_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Virtual network driver for conversing with remote driver backends.
 *
 * Copyright (c) 2002-2005, K A Fraser
 * Copyright (c) 2005, XenSource Ltd
 *
 * The frontend shares one transmit and one receive ring with the backend
 * (netback) in the driver domain, grants it access to the packet pages,
 * and is kicked through an event channel.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/mm.h>
#include <linux/errno.h>

#include <xen/xen.h>
#include <xen/xenbus.h>
#include <xen/events.h>
#include <xen/grant_table.h>
#include <xen/interface.h>

#define NET_TX_RING_SIZE	256
#define NET_RX_RING_SIZE	256

#define RX_COPY_THRESHOLD 256
#define NETFRONT_NAPI_WEIGHT 64

/* The netif ring ABI, as netback sees it: one slot per packet. */
struct xen_netif_tx_request {
	grant_ref_t gref;
	u16 offset;
	u16 flags;
	u16 id;
	u16 size;
};

struct xen_netif_rx_request {
	u16 id;
	grant_ref_t gref;
};

struct netfront_info;

struct netfront_queue {
	struct netfront_info *info;

	struct napi_struct napi;

	evtchn_port_t evtchn;
	unsigned int irq;

	spinlock_t   tx_lock;
	struct xen_netif_tx_request *tx_ring;
	unsigned int tx_req_prod, tx_rsp_cons;
	int tx_ring_ref;

	struct sk_buff *tx_skbs[NET_TX_RING_SIZE];
	grant_ref_t gref_tx_head;
	grant_ref_t grant_tx_ref[NET_TX_RING_SIZE];

	spinlock_t   rx_lock;
	struct xen_netif_rx_request *rx_ring;
	unsigned int rx_req_prod, rx_rsp_cons;
	int rx_ring_ref;

	struct sk_buff *rx_skbs[NET_RX_RING_SIZE];
	grant_ref_t gref_rx_head;
	grant_ref_t grant_rx_ref[NET_RX_RING_SIZE];
};

struct netfront_info {
	struct net_device *netdev;

	struct xenbus_device *xbdev;

	struct netfront_queue *queue;

	/* Statistics */
	struct rtnl_link_stats64 stats;
};

static void xennet_alloc_rx_buffers(struct netfront_queue *queue)
{
	unsigned int req_prod = queue->rx_req_prod;

	while (req_prod - queue->rx_rsp_cons < NET_RX_RING_SIZE) {
		struct sk_buff *skb;
		unsigned short id;
		grant_ref_t ref;
		struct xen_netif_rx_request *req;

		skb = __netdev_alloc_skb(queue->info->netdev,
					 RX_COPY_THRESHOLD + NET_IP_ALIGN,
					 GFP_ATOMIC | __GFP_NOWARN);
		if (unlikely(!skb))
			break;
		/* Align ip header to a 16 bytes boundary */
		skb_reserve(skb, NET_IP_ALIGN);

		id = req_prod & (NET_RX_RING_SIZE - 1);
		queue->rx_skbs[id] = skb;

		ref = gnttab_claim_grant_reference(&queue->gref_rx_head);
		WARN_ON_ONCE(IS_ERR_VALUE((unsigned long)(int)ref));
		queue->grant_rx_ref[id] = ref;

		gnttab_grant_foreign_access_ref(ref, queue->info->xbdev->otherend_id,
						virt_to_gfn(skb->data), 0);

		req = &queue->rx_ring[id];
		req->id = id;
		req->gref = ref;
		req_prod++;
	}

	queue->rx_req_prod = req_prod;
	virt_wmb();
	notify_remote_via_irq(queue->irq);
}

static void xennet_tx_buf_gc(struct netfront_queue *queue)
{
	unsigned int cons;

	for (cons = queue->tx_rsp_cons; cons != queue->tx_req_prod; cons++) {
		unsigned short id = cons & (NET_TX_RING_SIZE - 1);
		struct sk_buff *skb = queue->tx_skbs[id];

		if (!skb)
			continue;
		/* Stop at the first packet netback has not released yet. */
		if (!gnttab_end_foreign_access_ref(queue->grant_tx_ref[id]))
			break;
		gnttab_release_grant_reference(&queue->gref_tx_head,
					       queue->grant_tx_ref[id]);
		queue->grant_tx_ref[id] = INVALID_GRANT_REF;
		queue->tx_skbs[id] = NULL;
		dev_kfree_skb_any(skb);
	}
	queue->tx_rsp_cons = cons;

	if (netif_queue_stopped(queue->info->netdev))
		netif_wake_queue(queue->info->netdev);
}

static netdev_tx_t xennet_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct netfront_info *np = netdev_priv(dev);
	struct netfront_queue *queue = np->queue;
	struct xen_netif_tx_request *tx;
	unsigned long flags;
	unsigned short id;
	grant_ref_t ref;

	spin_lock_irqsave(&queue->tx_lock, flags);

	if (queue->tx_req_prod - queue->tx_rsp_cons >= NET_TX_RING_SIZE) {
		netif_stop_queue(dev);
		spin_unlock_irqrestore(&queue->tx_lock, flags);
		return NETDEV_TX_BUSY;
	}

	id = queue->tx_req_prod & (NET_TX_RING_SIZE - 1);
	ref = gnttab_claim_grant_reference(&queue->gref_tx_head);
	if (IS_ERR_VALUE((unsigned long)(int)ref)) {
		spin_unlock_irqrestore(&queue->tx_lock, flags);
		goto drop;
	}

	gnttab_grant_foreign_access_ref(ref, np->xbdev->otherend_id,
					virt_to_gfn(skb->data), 1);
	queue->tx_skbs[id] = skb;
	queue->grant_tx_ref[id] = ref;

	tx = &queue->tx_ring[id];
	tx->id = id;
	tx->gref = ref;
	tx->offset = (unsigned long)skb->data & ~XEN_PAGE_MASK;
	tx->size = skb->len;
	tx->flags = 0;
	queue->tx_req_prod++;

	virt_wmb();
	notify_remote_via_irq(queue->irq);

	np->stats.tx_bytes += skb->len;
	np->stats.tx_packets++;

	/* Note: It is not safe to access skb after xennet_tx_buf_gc()! */
	xennet_tx_buf_gc(queue);
	spin_unlock_irqrestore(&queue->tx_lock, flags);

	return NETDEV_TX_OK;

 drop:
	np->stats.tx_dropped++;
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static int xennet_poll(struct napi_struct *napi, int budget)
{
	struct netfront_queue *queue = container_of(napi, struct netfront_queue, napi);
	struct net_device *dev = queue->info->netdev;
	int work_done = 0;

	spin_lock(&queue->rx_lock);

	while (work_done < budget && queue->rx_rsp_cons != queue->rx_req_prod) {
		unsigned short id = queue->rx_rsp_cons & (NET_RX_RING_SIZE - 1);
		struct sk_buff *skb = queue->rx_skbs[id];

		queue->rx_skbs[id] = NULL;
		gnttab_end_foreign_access_ref(queue->grant_rx_ref[id]);
		gnttab_release_grant_reference(&queue->gref_rx_head,
					       queue->grant_rx_ref[id]);
		queue->grant_rx_ref[id] = INVALID_GRANT_REF;
		queue->rx_rsp_cons++;

		if (!skb)
			continue;
		skb->protocol = eth_type_trans(skb, dev);
		queue->info->stats.rx_packets++;
		queue->info->stats.rx_bytes += skb->len;
		netif_receive_skb(skb);
		work_done++;
	}

	xennet_alloc_rx_buffers(queue);

	if (work_done < budget)
		napi_complete_done(napi, work_done);

	spin_unlock(&queue->rx_lock);

	return work_done;
}

static irqreturn_t xennet_interrupt(int irq, void *dev_id)
{
	struct netfront_queue *queue = dev_id;
	unsigned long flags;

	spin_lock_irqsave(&queue->tx_lock, flags);
	xennet_tx_buf_gc(queue);
	spin_unlock_irqrestore(&queue->tx_lock, flags);

	if (likely(netif_carrier_ok(queue->info->netdev)))
		napi_schedule(&queue->napi);

	return IRQ_HANDLED;
}

static int xennet_open(struct net_device *dev)
{
	struct netfront_info *np = netdev_priv(dev);

	if (np->queue)
		napi_enable(&np->queue->napi);

	netif_start_queue(dev);
	return 0;
}

static int xennet_close(struct net_device *dev)
{
	struct netfront_info *np = netdev_priv(dev);

	netif_stop_queue(dev);
	if (np->queue)
		napi_disable(&np->queue->napi);
	return 0;
}

static const struct net_device_ops xennet_netdev_ops = {
	.ndo_open            = xennet_open,
	.ndo_stop            = xennet_close,
	.ndo_start_xmit      = xennet_start_xmit,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr   = eth_validate_addr,
};

static struct net_device *xennet_create_dev(struct xenbus_device *dev)
{
	struct net_device *netdev;
	struct netfront_info *np;

	netdev = alloc_etherdev(sizeof(struct netfront_info));
	if (!netdev)
		return ERR_PTR(-ENOMEM);

	np                   = netdev_priv(netdev);
	np->xbdev            = dev;
	np->queue            = NULL;

	netdev->netdev_ops	= &xennet_netdev_ops;
	netdev->features        = NETIF_F_IP_CSUM | NETIF_F_RXCSUM | NETIF_F_SG;
	netdev->hw_features	= NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_TSO;

	netdev->min_mtu = ETH_MIN_MTU;
	netdev->max_mtu = ETH_MAX_MTU - 14;

	np->netdev = netdev;
	netif_carrier_off(netdev);

	xenbus_switch_state(dev, XenbusStateInitialising);
	return netdev;
}

static int setup_netfront(struct xenbus_device *dev,
			  struct netfront_queue *queue)
{
	grant_ref_t gref;
	int err;

	queue->tx_ring_ref = INVALID_GRANT_REF;
	queue->rx_ring_ref = INVALID_GRANT_REF;

	queue->tx_ring = (void *)get_zeroed_page(GFP_NOIO | __GFP_HIGH);
	queue->rx_ring = (void *)get_zeroed_page(GFP_NOIO | __GFP_HIGH);
	if (!queue->tx_ring || !queue->rx_ring) {
		err = -ENOMEM;
		xenbus_dev_fatal(dev, err, "allocating rings");
		goto fail;
	}

	err = xenbus_grant_ring(dev, queue->tx_ring, 1, &gref);
	if (err < 0)
		goto fail;
	queue->tx_ring_ref = gref;

	err = xenbus_grant_ring(dev, queue->rx_ring, 1, &gref);
	if (err < 0)
		goto fail;
	queue->rx_ring_ref = gref;

	err = xenbus_alloc_evtchn(dev, &queue->evtchn);
	if (err)
		goto fail;

	err = bind_evtchn_to_irqhandler(queue->evtchn, xennet_interrupt, 0,
					queue->info->netdev->name, queue);
	if (err < 0)
		goto bind_fail;
	queue->irq = err;

	return 0;

bind_fail:
	xenbus_free_evtchn(dev, queue->evtchn);
	queue->evtchn = 0;
fail:
	if (queue->tx_ring)
		free_page((unsigned long)queue->tx_ring);
	if (queue->rx_ring)
		free_page((unsigned long)queue->rx_ring);
	return err;
}

static int xennet_init_queue(struct netfront_queue *queue)
{
	int err = 0;

	spin_lock_init(&queue->tx_lock);
	spin_lock_init(&queue->rx_lock);

	if (gnttab_alloc_grant_references(NET_TX_RING_SIZE,
					  &queue->gref_tx_head) < 0) {
		pr_alert("can't alloc tx grant refs\n");
		err = -ENOMEM;
		goto exit;
	}

	if (gnttab_alloc_grant_references(NET_RX_RING_SIZE,
					  &queue->gref_rx_head) < 0) {
		pr_alert("can't alloc rx grant refs\n");
		err = -ENOMEM;
		goto exit_free_tx;
	}

	netif_napi_add(queue->info->netdev, &queue->napi, xennet_poll,
		       NETFRONT_NAPI_WEIGHT);

	return 0;

 exit_free_tx:
	gnttab_free_grant_references(queue->gref_tx_head);
 exit:
	return err;
}

static void xennet_destroy_queue(struct netfront_info *info)
{
	struct netfront_queue *queue = info->queue;

	if (netif_running(info->netdev))
		napi_disable(&queue->napi);
	netif_napi_del(&queue->napi);
	if (queue->irq)
		unbind_from_irqhandler(queue->irq, queue);
	gnttab_free_grant_references(queue->gref_tx_head);
	gnttab_free_grant_references(queue->gref_rx_head);

	kfree(queue);
	info->queue = NULL;
}

/* Common code used when first setting up, and when resuming. */
static int talk_to_netback(struct xenbus_device *dev,
			   struct netfront_info *info)
{
	const char *message;
	struct xenbus_transaction xbt;
	struct netfront_queue *queue;
	int err;

	queue = kzalloc(sizeof(*queue), GFP_KERNEL);
	if (!queue)
		return -ENOMEM;
	queue->info = info;
	info->queue = queue;

	err = xennet_init_queue(queue);
	if (err < 0) {
		kfree(queue);
		info->queue = NULL;
		xenbus_dev_fatal(dev, err, "creating queue");
		return err;
	}

	err = setup_netfront(dev, queue);
	if (err)
		goto destroy_ring;

again:
	err = xenbus_transaction_start(&xbt);
	if (err) {
		xenbus_dev_fatal(dev, err, "starting transaction");
		goto destroy_ring;
	}

	err = xenbus_printf(xbt, dev->nodename, "tx-ring-ref", "%u",
			    queue->tx_ring_ref);
	if (err) {
		message = "writing tx-ring-ref";
		goto abort_transaction;
	}
	err = xenbus_printf(xbt, dev->nodename, "rx-ring-ref", "%u",
			    queue->rx_ring_ref);
	if (err) {
		message = "writing rx-ring-ref";
		goto abort_transaction;
	}
	err = xenbus_printf(xbt, dev->nodename, "event-channel", "%u",
			    queue->evtchn);
	if (err) {
		message = "writing event-channel";
		goto abort_transaction;
	}

	err = xenbus_transaction_end(xbt, 0);
	if (err) {
		if (err == -EAGAIN)
			goto again;
		xenbus_dev_fatal(dev, err, "completing transaction");
		goto destroy_ring;
	}

	return 0;

 abort_transaction:
	xenbus_transaction_end(xbt, 1);
	xenbus_dev_fatal(dev, err, "%s", message);
 destroy_ring:
	xennet_destroy_queue(info);
	return err;
}

static int xennet_connect(struct net_device *dev)
{
	struct netfront_info *np = netdev_priv(dev);
	int err;

	err = talk_to_netback(np->xbdev, np);
	if (err)
		return err;

	netif_carrier_on(np->netdev);
	notify_remote_via_irq(np->queue->irq);
	spin_lock(&np->queue->rx_lock);
	xennet_alloc_rx_buffers(np->queue);
	spin_unlock(&np->queue->rx_lock);

	return 0;
}

/*
 * Callback received when the backend's state changes.
 */
static void netback_changed(struct xenbus_device *dev,
			    enum xenbus_state backend_state)
{
	struct netfront_info *np = dev_get_drvdata(dev);
	struct net_device *netdev = np->netdev;

	pr_debug("%s: backend %s\n", dev->nodename, xenbus_strstate(backend_state));

	switch (backend_state) {
	case XenbusStateInitialising:
	case XenbusStateInitialised:
	case XenbusStateReconfiguring:
	case XenbusStateReconfigured:
	case XenbusStateUnknown:
		break;

	case XenbusStateInitWait:
		if (dev->state != XenbusStateInitialising)
			break;
		if (xennet_connect(netdev) != 0)
			break;
		xenbus_switch_state(dev, XenbusStateConnected);
		break;

	case XenbusStateConnected:
		break;

	case XenbusStateClosed:
		if (dev->state == XenbusStateClosed)
			break;
		fallthrough;	/* Missed the backend's CLOSING state */
	case XenbusStateClosing:
		xenbus_frontend_closed(dev);
		break;
	}
}

static int netfront_probe(struct xenbus_device *dev,
			  const struct xenbus_device_id *id)
{
	int err;
	struct net_device *netdev;
	struct netfront_info *info;

	netdev = xennet_create_dev(dev);
	if (IS_ERR(netdev)) {
		err = PTR_ERR(netdev);
		xenbus_dev_fatal(dev, err, "creating netdev");
		return err;
	}

	info = netdev_priv(netdev);
	dev_set_drvdata(dev, info);

	err = register_netdev(info->netdev);
	if (err) {
		pr_warn("%s: register_netdev err=%d\n", __func__, err);
		goto fail;
	}

	return 0;

 fail:
	free_netdev(netdev);
	dev_set_drvdata(dev, NULL);
	return err;
}

static int xennet_remove(struct xenbus_device *dev)
{
	struct netfront_info *info = dev_get_drvdata(dev);

	xenbus_switch_state(dev, XenbusStateClosing);
	unregister_netdev(info->netdev);
	if (info->queue)
		xennet_destroy_queue(info);
	free_netdev(info->netdev);

	return 0;
}

static const struct xenbus_device_id netfront_ids[] = {
	{ "vif" },
	{ "" }
};

static struct xenbus_driver netfront_driver = {
	.ids = netfront_ids,
	.probe = netfront_probe,
	.remove = xennet_remove,
	.otherend_changed = netback_changed,
};

static int __init netif_init(void)
{
	if (!xen_domain())
		return -ENODEV;

	pr_info("Initialising Xen virtual ethernet driver\n");

	return xenbus_register_frontend(&netfront_driver);
}
module_init(netif_init);

static void __exit netif_exit(void)
{
	xenbus_unregister_driver(&netfront_driver);
}
module_exit(netif_exit);

MODULE_DESCRIPTION("Xen virtual network device frontend");
MODULE_LICENSE("GPL");
MODULE_ALIAS("xen:vif");
MODULE_ALIAS("xennet");
""")

DRIVERS_BLOCK_XEN_BLKFRONT_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0-only
/*
 * blkfront.c
 *
 * XenLinux virtual block device driver.
 *
 * Copyright (c) 2003-2004, Keir Fraser & Steve Hand
 * Copyright (c) 2005, XenSource Ltd
 */

#define pr_fmt(fmt) "xen-blkfront: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/errno.h>

#include <xen/xen.h>
#include <xen/xenbus.h>
#include <xen/grant_table.h>
#include <xen/events.h>
#include <xen/interface.h>

#define XENVBD_MAJOR		202
#define BLK_RING_SIZE		32
#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11

/* The blkif ring ABI shared with blkback. */
#define BLKIF_OP_READ		0
#define BLKIF_OP_WRITE		1

#define BLKIF_RSP_EOPNOTSUPP	-2
#define BLKIF_RSP_ERROR		-1
#define BLKIF_RSP_OKAY		0

struct blkif_request_segment {
	grant_ref_t gref;	/* reference to I/O buffer frame        */
	u8 first_sect, last_sect;
};

struct blkif_request {
	u8 operation;		/* BLKIF_OP_???                         */
	u8 nr_segments;		/* number of segments                   */
	u16 handle;		/* only for read/write requests         */
	u64 id;			/* private guest value, echoed in resp  */
	sector_t sector_number;	/* start sector idx on disk (r/w only)  */
	struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

struct blkif_response {
	u64 id;			/* copied from request */
	u8 operation;		/* copied from request */
	s16 status;		/* BLKIF_RSP_???       */
};

enum blkif_state {
	BLKIF_STATE_DISCONNECTED,
	BLKIF_STATE_CONNECTED,
};

struct blk_shadow {
	struct blkif_request req;
	struct bio *bio;
	grant_ref_t grefs[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

struct blkfront_info;

/* Per-ring info: the shared ring, its event channel and its shadow copy. */
struct blkfront_ring_info {
	/* Lock to protect data in every ring buffer. */
	spinlock_t ring_lock;
	struct blkif_request *ring;
	struct blkif_response *rsp;
	unsigned int req_prod, rsp_cons;
	unsigned int ring_ref;
	evtchn_port_t evtchn;
	unsigned int irq;
	struct blk_shadow shadow[BLK_RING_SIZE];
	unsigned long shadow_free;
	struct blkfront_info *dev_info;
};

/* One per virtual block device, hanging off gendisk->private_data. */
struct blkfront_info {
	struct xenbus_device *xbdev;
	struct gendisk *gd;
	u16 sector_size;
	int vdevice;
	u16 handle;
	enum blkif_state connected;
	struct request_queue *rq;
	struct blkfront_ring_info rinfo;
};

static int get_id_from_freelist(struct blkfront_ring_info *rinfo)
{
	unsigned long free = rinfo->shadow_free;

	BUG_ON(free >= BLK_RING_SIZE);
	rinfo->shadow_free = rinfo->shadow[free].req.id;
	rinfo->shadow[free].req.id = 0x0fffffee; /* debug */
	return free;
}

static void add_id_to_freelist(struct blkfront_ring_info *rinfo,
			       unsigned long id)
{
	rinfo->shadow[id].req.id  = rinfo->shadow_free;
	rinfo->shadow[id].bio = NULL;
	rinfo->shadow_free = id;
}

/*
 * Generate a Xen blkfront IO request from a bio.
 */
static int blkif_queue_bio(struct bio *bio, struct blkfront_ring_info *rinfo)
{
	struct blkfront_info *info = rinfo->dev_info;
	struct blkif_request *ring_req;
	struct bio_vec *bvec;
	unsigned long id;
	grant_ref_t gref_head;
	int i, ref;

	if (gnttab_alloc_grant_references(BLKIF_MAX_SEGMENTS_PER_REQUEST,
					  &gref_head) < 0)
		return 1;

	id = get_id_from_freelist(rinfo);
	ring_req = &rinfo->ring[rinfo->req_prod % BLK_RING_SIZE];
	ring_req->id = id;
	ring_req->sector_number = bio->bi_iter.bi_sector;
	ring_req->handle = info->handle;
	ring_req->operation = bio_data_dir(bio) ? BLKIF_OP_WRITE : BLKIF_OP_READ;
	ring_req->nr_segments = 0;

	bio_for_each_bvec(bvec, bio, i) {
		unsigned int fsect = bvec->bv_offset >> 9;
		unsigned int lsect = fsect + (bvec->bv_len >> 9) - 1;

		if (ring_req->nr_segments == BLKIF_MAX_SEGMENTS_PER_REQUEST)
			break;

		ref = gnttab_claim_grant_reference(&gref_head);
		BUG_ON(ref == -ENOSPC);

		gnttab_page_grant_foreign_access_ref_one(ref,
				info->xbdev->otherend_id, bvec->bv_page,
				ring_req->operation == BLKIF_OP_WRITE);

		rinfo->shadow[id].grefs[ring_req->nr_segments] = ref;
		ring_req->seg[ring_req->nr_segments].gref = ref;
		ring_req->seg[ring_req->nr_segments].first_sect = fsect;
		ring_req->seg[ring_req->nr_segments].last_sect = lsect;
		ring_req->nr_segments++;
	}

	rinfo->req_prod++;
	rinfo->shadow[id].req = *ring_req;
	rinfo->shadow[id].bio = bio;

	gnttab_free_grant_references(gref_head);
	return 0;
}

static void blkfront_make_request(struct request_queue *q, struct bio *bio)
{
	struct blkfront_info *info = q->queuedata;
	struct blkfront_ring_info *rinfo = &info->rinfo;
	unsigned long flags;

	spin_lock_irqsave(&rinfo->ring_lock, flags);
	if (info->connected != BLKIF_STATE_CONNECTED ||
	    blkif_queue_bio(bio, rinfo)) {
		spin_unlock_irqrestore(&rinfo->ring_lock, flags);
		bio_io_error(bio);
		return;
	}
	virt_wmb();
	notify_remote_via_irq(rinfo->irq);
	spin_unlock_irqrestore(&rinfo->ring_lock, flags);
}

static void blkif_completion(struct blk_shadow *s, struct blkfront_ring_info *rinfo,
			     struct blkif_response *bret)
{
	int i;

	for (i = 0; i < s->req.nr_segments; i++) {
		if (!gnttab_end_foreign_access_ref(s->grefs[i]))
			pr_alert("grant still in use by backend\n");
		gnttab_free_grant_reference(s->grefs[i]);
	}
}

static irqreturn_t blkif_interrupt(int irq, void *dev_id)
{
	struct blkfront_ring_info *rinfo = (struct blkfront_ring_info *)dev_id;
	struct blkfront_info *info = rinfo->dev_info;
	unsigned long flags;

	if (unlikely(info->connected != BLKIF_STATE_CONNECTED))
		return IRQ_HANDLED;

	spin_lock_irqsave(&rinfo->ring_lock, flags);
	while (rinfo->rsp_cons != rinfo->req_prod) {
		struct blkif_response *bret = &rinfo->rsp[rinfo->rsp_cons % BLK_RING_SIZE];
		unsigned long id = bret->id;
		struct bio *bio = rinfo->shadow[id].bio;

		virt_rmb(); /* Ensure we see queued responses up to 'rp'. */
		rinfo->rsp_cons++;

		blkif_completion(&rinfo->shadow[id], rinfo, bret);
		add_id_to_freelist(rinfo, id);

		if (!bio)
			continue;
		bio->bi_status = bret->status == BLKIF_RSP_OKAY ? BLK_STS_OK :
				 bret->status == BLKIF_RSP_EOPNOTSUPP ? BLK_STS_NOTSUPP :
				 BLK_STS_IOERR;
		bio_endio(bio);
	}
	spin_unlock_irqrestore(&rinfo->ring_lock, flags);

	return IRQ_HANDLED;
}

static int xlvbd_init_blk_queue(struct blkfront_info *info)
{
	struct request_queue *rq;

	rq = blk_queue_make(blkfront_make_request, -1);
	if (!rq)
		return -ENOMEM;

	rq->queuedata = info;
	blk_queue_flag_set(QUEUE_FLAG_NONROT, rq);

	/* Hard sector size and max sectors impersonate the equiv. hardware. */
	blk_queue_logical_block_size(rq, info->sector_size);
	blk_queue_max_hw_sectors(rq, (BLKIF_MAX_SEGMENTS_PER_REQUEST * XEN_PAGE_SIZE) / 512);

	/* Each segment in a request is up to an aligned page in size. */
	blk_queue_max_segment_size(rq, PAGE_SIZE);
	blk_queue_max_segments(rq, BLKIF_MAX_SEGMENTS_PER_REQUEST);

	/* Ensure a merged request will fit in a single I/O ring slot. */
	blk_queue_virt_boundary(rq, XEN_PAGE_SIZE - 1);


	info->rq = rq;
	return 0;
}

static const struct block_device_operations xlvbd_block_fops = {
	.owner = THIS_MODULE,
};

static int xlvbd_alloc_gendisk(sector_t capacity, struct blkfront_info *info,
			       u16 sector_size)
{
	struct gendisk *gd;
	int err;

	info->sector_size = sector_size;
	err = xlvbd_init_blk_queue(info);
	if (err)
		return err;

	gd = blk_alloc_disk(info->rq, 16);
	if (!gd) {
		blk_cleanup_queue(info->rq);
		return -ENOMEM;
	}

	snprintf(gd->disk_name, DISK_NAME_LEN, "xvd%c", 'a' + info->vdevice % 26);
	gd->major = XENVBD_MAJOR;
	gd->fops = &xlvbd_block_fops;
	gd->private_data = info;
	set_capacity(gd, capacity);

	info->gd = gd;
	return 0;
}

static int setup_blkring(struct xenbus_device *dev,
			 struct blkfront_ring_info *rinfo)
{
	grant_ref_t gref;
	int err, i;

	rinfo->ring = (void *)__get_free_page(GFP_NOIO | __GFP_HIGH | __GFP_ZERO);
	if (!rinfo->ring) {
		xenbus_dev_fatal(dev, -ENOMEM, "allocating shared ring");
		return -ENOMEM;
	}
	rinfo->rsp = (struct blkif_response *)rinfo->ring;

	err = xenbus_grant_ring(dev, rinfo->ring, 1, &gref);
	if (err < 0) {
		free_page((unsigned long)rinfo->ring);
		rinfo->ring = NULL;
		return err;
	}
	rinfo->ring_ref = gref;

	err = xenbus_alloc_evtchn(dev, &rinfo->evtchn);
	if (err)
		return err;

	err = bind_evtchn_to_irqhandler(rinfo->evtchn, blkif_interrupt, 0,
					"blkif", rinfo);
	if (err <= 0) {
		xenbus_dev_fatal(dev, err,
				 "bind_evtchn_to_irqhandler failed");
		return err;
	}
	rinfo->irq = err;

	for (i = 0; i < BLK_RING_SIZE; i++)
		rinfo->shadow[i].req.id = i + 1;
	rinfo->shadow[BLK_RING_SIZE - 1].req.id = 0x0fffffff;
	rinfo->shadow_free = 0;

	return 0;
}

/* Common code used when first setting up, and when resuming. */
static int talk_to_blkback(struct xenbus_device *dev,
			   struct blkfront_info *info)
{
	const char *message = NULL;
	struct xenbus_transaction xbt;
	int err;

	spin_lock_init(&info->rinfo.ring_lock);
	info->rinfo.dev_info = info;
	err = setup_blkring(dev, &info->rinfo);
	if (err)
		return err;

again:
	err = xenbus_transaction_start(&xbt);
	if (err) {
		xenbus_dev_fatal(dev, err, "starting transaction");
		return err;
	}

	err = xenbus_printf(xbt, dev->nodename, "ring-ref", "%u", info->rinfo.ring_ref);
	if (err) {
		message = "writing ring-ref";
		goto abort_transaction;
	}
	err = xenbus_printf(xbt, dev->nodename, "event-channel", "%u", info->rinfo.evtchn);
	if (err) {
		message = "writing event-channel";
		goto abort_transaction;
	}

	err = xenbus_transaction_end(xbt, 0);
	if (err) {
		if (err == -EAGAIN)
			goto again;
		xenbus_dev_fatal(dev, err, "completing transaction");
		return err;
	}

	xenbus_switch_state(dev, XenbusStateInitialised);
	return 0;

 abort_transaction:
	xenbus_transaction_end(xbt, 1);
	if (message)
		xenbus_dev_fatal(dev, err, "%s", message);
	return err;
}

/* The backend is ready and has told us about the disk: add it. */
static void blkfront_connect(struct blkfront_info *info)
{
	unsigned long long sectors;
	unsigned int sector_size;
	int err;

	sectors = xenbus_read_unsigned(info->xbdev->otherend, "sectors", 0);
	sector_size = xenbus_read_unsigned(info->xbdev->otherend, "sector-size", 512);

	err = xlvbd_alloc_gendisk(sectors, info, sector_size);
	if (err) {
		xenbus_dev_fatal(info->xbdev, err, "xlvbd_add at %s",
				 info->xbdev->otherend);
		return;
	}

	xenbus_switch_state(info->xbdev, XenbusStateConnected);
	info->connected = BLKIF_STATE_CONNECTED;

	err = add_disk(info->gd);
	if (err)
		xenbus_dev_fatal(info->xbdev, err, "add_disk");
}

/*
 * Callback received when the backend's state changes.
 */
static void blkback_changed(struct xenbus_device *dev,
			    enum xenbus_state backend_state)
{
	struct blkfront_info *info = dev_get_drvdata(dev);

	pr_debug("blkfront:blkback_changed to state %d.\n", backend_state);

	switch (backend_state) {
	case XenbusStateInitWait:
		if (dev->state != XenbusStateInitialising)
			break;
		if (talk_to_blkback(dev, info))
			break;
		break;
	case XenbusStateInitialising:
	case XenbusStateInitialised:
	case XenbusStateReconfiguring:
	case XenbusStateReconfigured:
	case XenbusStateUnknown:
		break;

	case XenbusStateConnected:
		blkfront_connect(info);
		break;

	case XenbusStateClosed:
		if (dev->state == XenbusStateClosed)
			break;
		fallthrough;
	case XenbusStateClosing:
		xenbus_frontend_closed(dev);
		break;
	}
}

static int blkfront_probe(struct xenbus_device *dev,
			  const struct xenbus_device_id *id)
{
	int vdevice;
	struct blkfront_info *info;

	/* FIXME: Use dynamic device id if this is not set. */
	vdevice = xenbus_read_unsigned(dev->nodename, "virtual-device", 0);
	if (!vdevice) {
		xenbus_dev_fatal(dev, -ENOENT, "reading virtual-device");
		return -ENOENT;
	}

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info) {
		xenbus_dev_fatal(dev, -ENOMEM, "allocating info structure");
		return -ENOMEM;
	}

	info->xbdev = dev;
	info->vdevice = vdevice;
	info->connected = BLKIF_STATE_DISCONNECTED;

	/* Front end dir is a number, which is used as the id. */
	info->handle = simple_strtoul(strrchr(dev->nodename, '/') + 1, NULL, 0);
	dev_set_drvdata(dev, info);

	return 0;
}

static int blkfront_remove(struct xenbus_device *xbdev)
{
	struct blkfront_info *info = dev_get_drvdata(xbdev);

	if (info->gd) {
		del_gendisk(info->gd);
		blk_cleanup_queue(info->rq);
		put_disk(info->gd);
	}
	if (info->rinfo.irq)
		unbind_from_irqhandler(info->rinfo.irq, &info->rinfo);

	kfree(info);
	return 0;
}

static const struct xenbus_device_id blkfront_ids[] = {
	{ "vbd" },
	{ "" }
};

static struct xenbus_driver blkfront_driver = {
	.ids  = blkfront_ids,
	.probe = blkfront_probe,
	.remove = blkfront_remove,
	.otherend_changed = blkback_changed,
};

static int __init xlblk_init(void)
{
	int ret;

	if (!xen_domain())
		return -ENODEV;

	if (register_blkdev(XENVBD_MAJOR, "xvd")) {
		pr_warn("xen_blk: can't get major %d with name %s\n",
			XENVBD_MAJOR, "xvd");
		return -ENODEV;
	}

	ret = xenbus_register_frontend(&blkfront_driver);
	if (ret) {
		unregister_blkdev(XENVBD_MAJOR, "xvd");
		return ret;
	}

	return 0;
}
module_init(xlblk_init);

static void __exit xlblk_exit(void)
{
	xenbus_unregister_driver(&blkfront_driver);
	unregister_blkdev(XENVBD_MAJOR, "xvd");
}
module_exit(xlblk_exit);

MODULE_DESCRIPTION("Xen virtual block device frontend");
MODULE_LICENSE("GPL");
MODULE_ALIAS_BLOCKDEV_MAJOR(XENVBD_MAJOR);
MODULE_ALIAS("xen:vbd");
MODULE_ALIAS("xenblk");
""")


# ---------------------------------------------------------------------------------------------
# The Xen fork: hooks into existing files, as (old, new) replacements on the v6.0 text
# ---------------------------------------------------------------------------------------------

Edit = tuple[str, str]

FORK_SETUP_C: Edit = (
    "\tinit_hypervisor_platform();\n\n\ttsc_early_init();\n",
    "\tinit_hypervisor_platform();\n\n"
    "\t/*\n"
    "\t * A Xen PV guest has no BIOS and no real-mode entry: take the boot\n"
    "\t * path over as soon as the hypervisor is known.\n"
    "\t */\n"
    "\txen_start_kernel();\n\n"
    "\ttsc_early_init();\n",
)

FORK_HYPERVISOR_H: Edit = (
    "extern void init_hypervisor_platform(void);\n",
    "extern void init_hypervisor_platform(void);\n\n"
    "#ifdef CONFIG_XEN\n"
    "extern void xen_start_kernel(void);\n"
    "#else\n"
    "static inline void xen_start_kernel(void) { }\n"
    "#endif\n",
)

FORK_ARCH_KCONFIG: Edit = (
    "\nendif # HYPERVISOR_GUEST\n",
    '\nsource "arch/x86/xen/Kconfig"\n\nendif # HYPERVISOR_GUEST\n',
)

FORK_ARCH_MAKEFILE: Edit = (
    "core-y += arch/x86/kernel/\n",
    "core-y += arch/x86/kernel/\ncore-$(CONFIG_XEN) += arch/x86/xen/\n",
)

FORK_DRIVERS_MAKEFILE: Edit = (
    "obj-$(CONFIG_BLK_DEV)\t\t+= block/\n\n",
    "obj-$(CONFIG_BLK_DEV)\t\t+= block/\n\n"
    "# Xen paravirtual drivers: event channels and the bus come first\n"
    "obj-$(CONFIG_XEN)\t\t+= xen/\n\n",
)

FORK_DRIVERS_KCONFIG: Edit = (
    'source "drivers/net/Kconfig"\n\nendmenu\n',
    'source "drivers/net/Kconfig"\n\nsource "drivers/xen/Kconfig"\n\nendmenu\n',
)

FORK_NET_MAKEFILE: Edit = (
    "obj-$(CONFIG_NET) += loopback.o\n",
    "obj-$(CONFIG_NET) += loopback.o\nobj-$(CONFIG_XEN_NETDEV_FRONTEND) += xen-netfront.o\n",
)

FORK_NET_KCONFIG: Edit = (
    "endif # NET_CORE\n\nendif # NETDEVICES\n",
    "endif # NET_CORE\n\n"
    "config XEN_NETDEV_FRONTEND\n"
    '\ttristate "Xen network device frontend driver"\n'
    "\tdepends on XEN\n"
    "\tselect XEN_XENBUS_FRONTEND\n"
    "\tdefault y\n"
    "\thelp\n"
    "\t  This driver provides support for Xen paravirtual network\n"
    "\t  devices exported by a Xen network driver domain (often\n"
    "\t  domain 0).\n"
    "\n"
    "\t  The corresponding Linux backend driver is enabled by the\n"
    "\t  CONFIG_XEN_NETDEV_BACKEND option.\n"
    "\n"
    "\t  If you are compiling a kernel for use as Xen guest, you\n"
    "\t  should say Y here. To compile this driver as a module, chose\n"
    "\t  M here: the module will be called xen-netfront.\n"
    "\n"
    "endif # NETDEVICES\n",
)

FORK_BLOCK_MAKEFILE: Edit = (
    "obj-$(CONFIG_BLK_DEV_LOOP)\t+= loop.o\n",
    "obj-$(CONFIG_BLK_DEV_LOOP)\t+= loop.o\nobj-$(CONFIG_XEN_BLKDEV_FRONTEND)\t+= xen-blkfront.o\n",
)

FORK_BLOCK_KCONFIG: Edit = (
    "\nendif # BLK_DEV\n",
    "\n"
    "config XEN_BLKDEV_FRONTEND\n"
    '\ttristate "Xen virtual block device support"\n'
    "\tdepends on XEN\n"
    "\tdefault y\n"
    "\tselect XEN_XENBUS_FRONTEND\n"
    "\thelp\n"
    "\t  This driver implements the front-end of the Xen virtual\n"
    "\t  block device driver.  It communicates with a back-end driver\n"
    "\t  in another domain which drives the actual block device.\n"
    "\n"
    "endif # BLK_DEV\n",
)

FORK_BLKDEV_C: Edit = (
    "EXPORT_SYMBOL(blk_queue_max_segment_size);\n",
    "EXPORT_SYMBOL(blk_queue_max_segment_size);\n"
    "\n"
    "/**\n"
    " * blk_queue_virt_boundary - set boundary rules for bio merging\n"
    " * @q:  the request queue for the device\n"
    " * @mask:  the memory boundary mask\n"
    " **/\n"
    "void blk_queue_virt_boundary(struct request_queue *q, unsigned long mask)\n"
    "{\n"
    "\tq->limits.virt_boundary_mask = mask;\n"
    "\n"
    "\t/*\n"
    "\t * Devices that require a virtual boundary do not support scatter/gather\n"
    "\t * I/O natively, but instead require a descriptor list entry for each\n"
    "\t * page (which might not be idential to the Linux PAGE_SIZE).  Because\n"
    '\t * of that they are not limited by our notion of "segment size".\n'
    "\t */\n"
    "\tif (mask)\n"
    "\t\tq->limits.max_segment_size = UINT_MAX;\n"
    "}\n"
    "EXPORT_SYMBOL(blk_queue_virt_boundary);\n",
)

FORK_BLKDEV_H: Edit = (
    "void blk_queue_max_segment_size(struct request_queue *q, unsigned int max_size);\n",
    "void blk_queue_max_segment_size(struct request_queue *q, unsigned int max_size);\n"
    "void blk_queue_virt_boundary(struct request_queue *q, unsigned long mask);\n",
)

FORK_MANAGE_C: Edit = (
    "\tif (!chip || !chip->irq_set_affinity)\n"
    "\t\treturn -EINVAL;\n"
    "\n"
    "\tif (irq_can_move_pcntxt(data) && !irqd_is_setaffinity_pending(data)) {\n",
    "\tif (!chip || !chip->irq_set_affinity)\n"
    "\t\treturn -EINVAL;\n"
    "\n"
    "\t/*\n"
    "\t * Xen event channels are bound to a vCPU by the hypervisor: there is\n"
    "\t * no vector to move, so skip the pending-move machinery.\n"
    "\t */\n"
    "\tif (desc->status_use_accessors & IRQ_XEN_EVTCHN)\n"
    "\t\treturn irq_do_set_affinity(data, mask, force);\n"
    "\n"
    "\tif (irq_can_move_pcntxt(data) && !irqd_is_setaffinity_pending(data)) {\n",
)

FORK_IRQ_H: Edit = (
    "#define IRQ_NO_BALANCING_MASK\t(IRQ_PER_CPU | IRQ_NO_BALANCING)\n",
    "#define IRQ_NO_BALANCING_MASK\t(IRQ_PER_CPU | IRQ_NO_BALANCING)\n"
    "\n"
    "/* Interrupt is a Xen event channel: the hypervisor routes it. */\n"
    "#define IRQ_XEN_EVTCHN\t\t(1 << 22)\n",
)

FORK_MAINTAINERS: Edit = (
    "\nTHE REST\n",
    "\n"
    "XEN HYPERVISOR INTERFACE\n"
    "M:\tMarta Novak <marta.novak@xen.example.org>\n"
    "M:\tSam Grant <sam.grant@xen.example.org>\n"
    "R:\tIvo Petrov <ivo.petrov@xen.example.org>\n"
    "L:\txen-devel@lists.example.org (moderated for non-subscribers)\n"
    "S:\tSupported\n"
    "T:\tgit git://git.kernel.org/pub/scm/linux/kernel/git/xen/tip.git\n"
    "F:\tarch/x86/include/asm/xen/\n"
    "F:\tarch/x86/xen/\n"
    "F:\tdrivers/*/xen-*front.c\n"
    "F:\tdrivers/xen/\n"
    "F:\tinclude/xen/\n"
    "X:\tdrivers/xen/xenbus/\n"
    "N:\txen\n"
    "K:\t\\b(HYPERVISOR_\\w+|gnttab_\\w+)\\b\n"
    "\nTHE REST\n",
)

# The fork's first version of the event channel unmask, fixed by a later fork commit.
FORK_EVENTS_UNMASK_FIXED = (
    "\tclear_bit(port, HYPERVISOR_shared_info->evtchn_mask);\n"
    "\tif (test_evtchn(port))\n"
    "\t\t(void)HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &unmask);\n"
)
FORK_EVENTS_UNMASK_RACY = (
    "\tif (test_evtchn(port))\n"
    "\t\t(void)HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &unmask);\n"
    "\tclear_bit(port, HYPERVISOR_shared_info->evtchn_mask);\n"
)


# ---------------------------------------------------------------------------------------------
# Upstream after v6.0: texts of the changes that matter to the scenario
# ---------------------------------------------------------------------------------------------

# v6.1: context drift above and below the fork's hook in setup_arch().
V61_SETUP_RESERVE_LOW: list[Edit] = [
    (
        "static void __init e820_add_kernel_range(void)\n",
        "/*\n"
        " * Some BIOSes corrupt the first 64K of memory across suspend and\n"
        " * resume, and the real-mode trampoline lives there anyway: never\n"
        " * hand that range to the page allocator.\n"
        " */\n"
        "static void __init x86_reserve_low_memory(void)\n"
        "{\n"
        "\tu64 size = 64 * 1024;\n"
        "\n"
        "\te820__range_update(0, size, E820_TYPE_RAM, E820_TYPE_RESERVED);\n"
        "\tmemblock_reserve(0, size);\n"
        "}\n"
        "\n"
        "static void __init e820_add_kernel_range(void)\n",
    ),
    (
        "\te820__memory_setup();\n\te820_add_kernel_range();\n",
        "\te820__memory_setup();\n\te820_add_kernel_range();\n"
        "\tx86_reserve_low_memory();\n",
    ),
]

V61_SETUP_REPORT_NX: list[Edit] = [
    (
        "static void __init reserve_brk(void)\n",
        "void __init x86_report_nx(void)\n"
        "{\n"
        "\tif (boot_cpu_data.x86_vendor == X86_VENDOR_UNKNOWN)\n"
        '\t\tpr_info("NX (Execute Disable) protection: unknown CPU vendor\\n");\n'
        "\telse\n"
        '\t\tpr_info("NX (Execute Disable) protection: active\\n");\n'
        "}\n"
        "\n"
        "static void __init reserve_brk(void)\n",
    ),
    (
        "\treserve_brk();\n\treserve_initrd();\n",
        "\treserve_brk();\n\treserve_initrd();\n"
        "\n"
        "\t/* The NX state is final once the early params are parsed. */\n"
        "\tx86_report_nx();\n",
    ),
]

V61_SETUP_H_REPORT_NX: Edit = (
    "void x86_configure_nx(void);\n",
    "void x86_configure_nx(void);\nvoid x86_report_nx(void);\n",
)

V61_X86_KCONFIG_RESERVE_LOW: Edit = (
    "\nendmenu\n",
    "\n"
    "config X86_RESERVE_LOW\n"
    '\tint "Amount of low memory, in kilobytes, to reserve for the BIOS"\n'
    "\tdefault 64\n"
    "\trange 4 640\n"
    "\thelp\n"
    "\t  Specify the amount of low memory to reserve for the BIOS.\n"
    "\n"
    "\t  The first page contains BIOS data structures that the kernel\n"
    "\t  must not use, so that page must always be reserved.\n"
    "\n"
    "\t  By default we reserve the first 64K of physical RAM, as a\n"
    "\t  number of BIOSes are known to corrupt that memory range\n"
    "\t  during events such as suspend/resume or monitor cable\n"
    "\t  insertion, so it must not be used by the kernel.\n"
    "\n"
    "endmenu\n",
)

DRIVERS_NET_VRF_C = _t(r"""
// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vrf.c: device driver to encapsulate a VRF space
 *
 * Copyright (c) 2015 Cumulus Networks. All rights reserved.
 * Copyright (c) 2015 Shrijeet Mukherjee <shm@cumulusnetworks.com>
 * Copyright (c) 2015 David Ahern <dsa@cumulusnetworks.com>
 *
 * Based on dummy, team and ipvlan drivers
 */

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <linux/errno.h>

#define DRV_NAME	"vrf"
#define DRV_VERSION	"1.1"

#define FIB_RULE_PREF  1000       /* default preference for FIB rule */

struct net_vrf {
	u32			tb_id;
	struct list_head	me_list;   /* entry in vrf_map_elem */
	int			ifindex;
};

static netdev_tx_t vrf_xmit(struct sk_buff *skb, struct net_device *dev)
{
	int len = skb->len;

	if (likely(netif_rx(skb) == 0))
		dev_lstats_add(dev, len);
	else
		dev->stats.tx_dropped++;

	return NETDEV_TX_OK;
}

static int vrf_dev_init(struct net_device *dev)
{
	struct net_vrf *vrf = netdev_priv(dev);

	INIT_LIST_HEAD(&vrf->me_list);
	vrf->ifindex = dev->ifindex;
	dev->flags = IFF_MASTER | IFF_NOARP;
	return 0;
}

static void vrf_dev_uninit(struct net_device *dev)
{
	struct net_vrf *vrf = netdev_priv(dev);

	vrf->tb_id = 0;
}

static const struct net_device_ops vrf_netdev_ops = {
	.ndo_init		= vrf_dev_init,
	.ndo_uninit		= vrf_dev_uninit,
	.ndo_start_xmit		= vrf_xmit,
	.ndo_set_mac_address	= eth_mac_addr,
};

static void vrf_setup(struct net_device *dev)
{
	ether_setup(dev);

	/* Initialize the device structure. */
	dev->netdev_ops = &vrf_netdev_ops;
	dev->needs_free_netdev = true;

	/* Fill in device structure with ethernet-generic values. */
	eth_hw_addr_random(dev);

	/* don't acquire vrf device's netif_tx_lock when transmitting */
	dev->features |= NETIF_F_LLTX;

	/* don't allow vrf devices to change network namespaces. */
	dev->priv_flags |= IFF_NO_QUEUE;

	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
}

static int __init vrf_init_module(void)
{
	pr_info("vrf: VRF driver %s\n", DRV_VERSION);
	return 0;
}

module_init(vrf_init_module);
MODULE_AUTHOR("Shrijeet Mukherjee, David Ahern");
MODULE_DESCRIPTION("Device driver to instantiate VRF domains");
MODULE_LICENSE("GPL");
MODULE_ALIAS_RTNL_LINK(DRV_NAME);
MODULE_VERSION(DRV_VERSION);
""")

V61_VRF_MAKEFILE: Edit = (
    "obj-$(CONFIG_VETH) += veth.o\n",
    "obj-$(CONFIG_VETH) += veth.o\nobj-$(CONFIG_NET_VRF) += vrf.o\n",
)

V61_VRF_KCONFIG: Edit = (
    "\t  When one end receives the packet it appears on its pair and vice\n\t  versa.\n",
    "\t  When one end receives the packet it appears on its pair and vice\n\t  versa.\n"
    "\n"
    "config NET_VRF\n"
    '\ttristate "Virtual Routing and Forwarding (Lite)"\n'
    "\tdepends on IP_MULTIPLE_TABLES\n"
    "\tdepends on NET_L3_MASTER_DEV\n"
    "\tdepends on IPV6 || IPV6=n\n"
    "\thelp\n"
    "\t  This option enables the support for mapping interfaces into VRF's. The\n"
    "\t  support enables VRF devices.\n",
)

V61_VRF_MAINTAINERS: Edit = (
    "\nX86 ARCHITECTURE (32-BIT AND 64-BIT)\n",
    "\n"
    "VRF\n"
    "M:\tFarid Haddad <farid.haddad@example.org>\n"
    "L:\tnetdev@vger.kernel.org\n"
    "S:\tMaintained\n"
    "F:\tDocumentation/networking/vrf.rst\n"
    "F:\tdrivers/net/vrf.c\n"
    "\nX86 ARCHITECTURE (32-BIT AND 64-BIT)\n",
)

# v6.1: drivers/block/blkdev.c moves to block/blk-core.c.
V61_BLK_CORE_HEADER: Edit = (
    " * drivers/block/blkdev.c: the core of the block layer: request queues,\n",
    " * block/blk-core.c: the core of the block layer: request queues,\n",
)
V61_BLOCK_MAKEFILE: Edit = ("obj-y\t\t:= bio.o\n", "obj-y\t\t:= bio.o blk-core.o\n")
V61_DRIVERS_BLOCK_MAKEFILE: Edit = ("obj-y\t\t\t\t+= blkdev.o\n\n", "")
V61_BLOCK_MAINTAINERS: Edit = ("F:\tblock/\nF:\tdrivers/block/blkdev.c\n", "F:\tblock/\n")

# v6.2 (b): the rework of the lines the fork hooks into, in kernel/irq/manage.c.
V62_IRQ_REWORK: list[Edit] = [
    (
        "int irq_set_affinity_locked(struct irq_data *data, const struct cpumask *mask,\n",
        "static bool irq_chip_can_set_affinity(struct irq_chip *chip)\n"
        "{\n"
        "\treturn chip && chip->irq_set_affinity;\n"
        "}\n"
        "\n"
        "int irq_set_affinity_locked(struct irq_data *data, const struct cpumask *mask,\n",
    ),
    (
        "\tif (!chip || !chip->irq_set_affinity)\n"
        "\t\treturn -EINVAL;\n"
        "\n"
        "\tif (irq_can_move_pcntxt(data) && !irqd_is_setaffinity_pending(data)) {\n"
        "\t\tret = irq_try_set_affinity(data, mask, force);\n"
        "\t} else {\n"
        "\t\tirqd_set_move_pending(data);\n"
        "\t\tirq_copy_pending(desc, mask);\n"
        "\t}\n",
        "\tlockdep_assert_held(&desc->lock);\n"
        "\n"
        "\tif (!irq_chip_can_set_affinity(chip))\n"
        "\t\treturn -EINVAL;\n"
        "\n"
        "\t/*\n"
        "\t * Move the interrupt right away when the chip can do it from process\n"
        "\t * context and no move is queued; otherwise queue this one.\n"
        "\t */\n"
        "\tif (irq_can_move_pcntxt(data) && !irqd_is_setaffinity_pending(data))\n"
        "\t\tret = irq_try_set_affinity(data, mask, force);\n"
        "\telse\n"
        "\t\tret = irq_set_affinity_pending(data, mask);\n",
    ),
    (
        "\tstruct irq_desc *desc = irq_to_desc(irq);\n"
        "\tunsigned long flags;\n"
        "\tint ret;\n"
        "\n"
        "\tif (!desc)\n"
        "\t\treturn -EINVAL;\n"
        "\n"
        "\traw_spin_lock_irqsave(&desc->lock, flags);\n"
        "\tret = irq_set_affinity_locked(irq_desc_get_irq_data(desc), mask, force);\n"
        "\traw_spin_unlock_irqrestore(&desc->lock, flags);\n"
        "\treturn ret;\n",
        "\tunsigned long flags;\n"
        "\tstruct irq_desc *desc = irq_get_desc_lock(irq, &flags, IRQ_GET_DESC_CHECK_GLOBAL);\n"
        "\tint ret;\n"
        "\n"
        "\tif (!desc)\n"
        "\t\treturn -EINVAL;\n"
        "\n"
        "\tret = irq_set_affinity_locked(irq_desc_get_irq_data(desc), mask, force);\n"
        "\tirq_put_desc_unlock(desc, flags);\n"
        "\treturn ret;\n",
    ),
]

# v6.3: part of the fork lands upstream; the irq flag "in another form".
V63_IRQ_FLAG: Edit = (
    "\n#define IRQF_MODIFY_MASK\t\\\n",
    "\n"
    "/*\n"
    " * IRQ_XEN_EVTCHN - the interrupt is delivered through a Xen event\n"
    " * channel; affinity changes are made by rebinding the channel.\n"
    " */\n"
    "#define IRQ_XEN_EVTCHN\t\t(1 << 22)\n"
    "\n#define IRQF_MODIFY_MASK\t\\\n",
)

V61_STRIM = _t(r"""

/**
 * strim - Removes leading and trailing whitespace from @s.
 * @s: The string to be stripped.
 *
 * Note that the first trailing whitespace is replaced with a %NUL-terminator
 * in the given string @s. Returns a pointer to the first non-whitespace
 * character in @s.
 */
char *strim(char *s)
{
	size_t size;
	char *end;

	size = strlen(s);
	if (!size)
		return s;

	end = s + size - 1;
	while (end >= s && (*end == ' ' || *end == '\t' || *end == '\n'))
		end--;
	*(end + 1) = '\0';

	return skip_spaces(s);
}
EXPORT_SYMBOL(strim);
""")

V62_IRQ_H_HELPER = _t(r"""

static inline void irq_data_update_effective_affinity(struct irq_data *d,
						      const struct cpumask *m)
{
	cpumask_copy(&d->common->effective_affinity, m);
}

#endif /* _LINUX_IRQ_H */
""")


# ---------------------------------------------------------------------------------------------
# Generated filler: kernel-doc targets, documentation topics, selftest names
# ---------------------------------------------------------------------------------------------

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
