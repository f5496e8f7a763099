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
