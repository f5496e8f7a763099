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
