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
