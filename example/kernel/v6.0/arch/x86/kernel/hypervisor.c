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
