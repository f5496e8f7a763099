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
