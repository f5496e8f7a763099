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
