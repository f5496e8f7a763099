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
