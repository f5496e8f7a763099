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
