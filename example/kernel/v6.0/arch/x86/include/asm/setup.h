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
