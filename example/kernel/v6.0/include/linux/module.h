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
