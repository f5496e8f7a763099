// SPDX-License-Identifier: GPL-2.0-only
/*
 * Xen event channels
 *
 * Xen models interrupts with abstract event channels.  Because each
 * domain gets 1024 event channels, but NR_IRQ is not that large, we
 * must dynamically map irqs<->event channels.  The event channels
 * interface with the rest of the kernel by defining a xen interrupt
 * chip.  When an event is received, it is mapped to an irq and sent
 * through the normal interrupt processing path.
 *
 * Jeremy Fitzhardinge <jeremy@xensource.com>, XenSource Inc, 2007
 */

#define pr_fmt(fmt) "xen:events: " fmt

#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/atomic.h>
#include <linux/errno.h>

#include <asm/xen/hypercall.h>
#include <xen/xen.h>
#include <xen/interface.h>
#include <xen/events.h>

/* Interrupt types. */
enum xen_irq_type {
	IRQT_UNBOUND = 0,
	IRQT_PIRQ,
	IRQT_VIRQ,
	IRQT_IPI,
	IRQT_EVTCHN
};

/* Per-IRQ information: what the irq is bound to. */
struct irq_info {
	int refcnt;
	enum xen_irq_type type;	/* type */
	unsigned int irq;
	evtchn_port_t evtchn;	/* event channel */
	unsigned short cpu;	/* cpu bound */
	union {
		unsigned short virq;
		unsigned int ipi;
	} u;
};

static DEFINE_MUTEX(irq_mapping_update_lock);

/* IRQ <-> event-channel mappings. */
static int evtchn_to_irq[EVTCHN_2L_NR_CHANNELS];
static struct irq_info *irq_info[NR_IRQS];

static struct irq_chip xen_dynamic_chip;

unsigned int xen_evtchn_nr_channels(void)
{
	return EVTCHN_2L_NR_CHANNELS;
}
EXPORT_SYMBOL_GPL(xen_evtchn_nr_channels);

static struct irq_info *info_for_irq(unsigned int irq)
{
	return irq < NR_IRQS ? irq_info[irq] : NULL;
}

evtchn_port_t evtchn_from_irq(unsigned int irq)
{
	const struct irq_info *info = info_for_irq(irq);

	if (!info)
		return 0;

	return info->evtchn;
}

static inline bool test_evtchn(evtchn_port_t port)
{
	struct shared_info *s = HYPERVISOR_shared_info;

	return test_bit(port, s->evtchn_pending);
}

static void clear_evtchn(evtchn_port_t port)
{
	clear_bit(port, HYPERVISOR_shared_info->evtchn_pending);
}

static void mask_evtchn(evtchn_port_t port)
{
	set_bit(port, HYPERVISOR_shared_info->evtchn_mask);
}

static void unmask_evtchn(evtchn_port_t port)
{
	struct evtchn_unmask unmask = { .port = port };

	/*
	 * The hypervisor re-raises the event if it became pending while it
	 * was masked: clear the mask first, then let Xen check the bit.
	 */
	clear_bit(port, HYPERVISOR_shared_info->evtchn_mask);
	if (test_evtchn(port))
		(void)HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &unmask);
}

static int xen_irq_info_common_setup(struct irq_info *info, unsigned int irq,
				     enum xen_irq_type type, evtchn_port_t evtchn)
{
	if (info->type != IRQT_UNBOUND && info->type != type)
		return -EEXIST;

	info->type = type;
	info->evtchn = evtchn;
	info->cpu = 0;
	evtchn_to_irq[evtchn] = irq;
	mask_evtchn(evtchn);
	return 0;
}

static int xen_allocate_irq_dynamic(void)
{
	struct irq_info *info;
	int irq;

	irq = irq_alloc_descs(-1, NR_IRQS_LEGACY, 1, -1);
	if (irq < 0)
		return irq;

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info) {
		irq_free_descs(irq, 1);
		return -ENOMEM;
	}
	info->type = IRQT_UNBOUND;
	info->refcnt = -1;
	info->irq = irq;
	irq_info[irq] = info;
	return irq;
}

static void xen_free_irq(unsigned int irq)
{
	struct irq_info *info = info_for_irq(irq);

	if (WARN_ON(!info))
		return;

	irq_info[irq] = NULL;
	kfree(info);
	irq_free_descs(irq, 1);
}

static void xen_irq_mark_evtchn(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	/*
	 * The hypervisor, not the local APIC, decides where an event channel
	 * is delivered: tell the affinity code not to queue a pending move.
	 */
	if (desc)
		desc->status_use_accessors |= IRQ_XEN_EVTCHN;
}

int bind_evtchn_to_irq(evtchn_port_t evtchn)
{
	int irq;
	int ret;

	if (evtchn >= xen_evtchn_nr_channels())
		return -ENOMEM;

	mutex_lock(&irq_mapping_update_lock);

	irq = evtchn_to_irq[evtchn];
	if (irq == -1) {
		irq = xen_allocate_irq_dynamic();
		if (irq < 0)
			goto out;

		irq_set_chip_and_handler_name(irq, &xen_dynamic_chip,
					      handle_edge_irq, "event");
		xen_irq_mark_evtchn(irq);

		ret = xen_irq_info_common_setup(irq_info[irq], irq, IRQT_EVTCHN, evtchn);
		if (ret < 0) {
			xen_free_irq(irq);
			irq = ret;
			goto out;
		}
	}

out:
	mutex_unlock(&irq_mapping_update_lock);

	return irq;
}
EXPORT_SYMBOL_GPL(bind_evtchn_to_irq);

static void unbind_from_irq(unsigned int irq)
{
	struct evtchn_close close;
	evtchn_port_t evtchn = evtchn_from_irq(irq);

	mutex_lock(&irq_mapping_update_lock);

	if (evtchn) {
		mask_evtchn(evtchn);
		close.port = evtchn;
		if (HYPERVISOR_event_channel_op(EVTCHNOP_close, &close) != 0)
			BUG();
		evtchn_to_irq[evtchn] = -1;
	}

	xen_free_irq(irq);

	mutex_unlock(&irq_mapping_update_lock);
}

int bind_evtchn_to_irqhandler(evtchn_port_t evtchn,
			      irq_handler_t handler,
			      unsigned long irqflags,
			      const char *devname, void *dev_id)
{
	int irq, retval;

	irq = bind_evtchn_to_irq(evtchn);
	if (irq < 0)
		return irq;
	retval = request_irq(irq, handler, irqflags, devname, dev_id);
	if (retval != 0) {
		unbind_from_irq(irq);
		return retval;
	}

	return irq;
}
EXPORT_SYMBOL_GPL(bind_evtchn_to_irqhandler);

void unbind_from_irqhandler(unsigned int irq, void *dev_id)
{
	struct irq_info *info = info_for_irq(irq);

	if (WARN_ON(!info))
		return;
	free_irq(irq, dev_id);
	unbind_from_irq(irq);
}
EXPORT_SYMBOL_GPL(unbind_from_irqhandler);

void notify_remote_via_irq(int irq)
{
	evtchn_port_t evtchn = evtchn_from_irq(irq);

	if (evtchn)
		notify_remote_via_evtchn(evtchn);
}
EXPORT_SYMBOL_GPL(notify_remote_via_irq);

/*
 * Scan the pending, unmasked event channels and feed each one's irq into
 * the generic interrupt layer.
 */
void xen_evtchn_do_upcall(void)
{
	struct shared_info *s = HYPERVISOR_shared_info;
	struct vcpu_info *vcpu_info = &s->vcpu_info[smp_processor_id()];
	evtchn_port_t port;

	do {
		vcpu_info->evtchn_upcall_pending = 0;
		virt_rmb(); /* Hypervisor can set upcall pending. */

		for (port = 0; port < xen_evtchn_nr_channels(); port++) {
			int irq;

			if (!test_evtchn(port) ||
			    test_bit(port, s->evtchn_mask))
				continue;
			irq = evtchn_to_irq[port];
			clear_evtchn(port);
			if (irq != -1)
				generic_handle_irq(irq);
		}
	} while (vcpu_info->evtchn_upcall_pending);
}

static void enable_dynirq(struct irq_data *data)
{
	evtchn_port_t evtchn = evtchn_from_irq(data->irq);

	if (evtchn)
		unmask_evtchn(evtchn);
}

static void disable_dynirq(struct irq_data *data)
{
	evtchn_port_t evtchn = evtchn_from_irq(data->irq);

	if (evtchn)
		mask_evtchn(evtchn);
}

static void ack_dynirq(struct irq_data *data)
{
	evtchn_port_t evtchn = evtchn_from_irq(data->irq);

	if (evtchn)
		clear_evtchn(evtchn);
}

/* Rebind an evtchn so that it gets delivered to a specific cpu */
static int xen_rebind_evtchn_to_cpu(struct irq_info *info, unsigned int tcpu)
{
	struct evtchn_bind_vcpu bind_vcpu;
	evtchn_port_t evtchn = info ? info->evtchn : 0;

	if (!evtchn)
		return -1;

	bind_vcpu.port = evtchn;
	bind_vcpu.vcpu = tcpu;

	if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bind_vcpu) >= 0)
		info->cpu = tcpu;

	return 0;
}

static int set_affinity_irq(struct irq_data *data, const struct cpumask *dest,
			    bool force)
{
	unsigned int tcpu = cpumask_first(dest);
	int ret = xen_rebind_evtchn_to_cpu(info_for_irq(data->irq), tcpu);

	if (!ret)
		cpumask_copy(irq_data_get_effective_affinity_mask(data), cpumask_of(tcpu));

	return ret;
}

static struct irq_chip xen_dynamic_chip __read_mostly = {
	.name			= "xen-dyn",

	.irq_disable		= disable_dynirq,
	.irq_mask		= disable_dynirq,
	.irq_unmask		= enable_dynirq,

	.irq_ack		= ack_dynirq,
	.irq_set_affinity	= set_affinity_irq,
};

void __init xen_init_IRQ(void)
{
	evtchn_port_t evtchn;

	for (evtchn = 0; evtchn < xen_evtchn_nr_channels(); evtchn++) {
		evtchn_to_irq[evtchn] = -1;
		mask_evtchn(evtchn);
	}

	pr_info("Using 2-level ABI, %u channels\n", xen_evtchn_nr_channels());
}
