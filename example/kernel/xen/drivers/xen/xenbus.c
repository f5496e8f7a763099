// SPDX-License-Identifier: GPL-2.0-only
/******************************************************************************
 * xenbus.c
 *
 * The xenstore client and the frontend half of the xenbus: how paravirtual
 * frontends find their backend, exchange ring references and event
 * channels through the store, and walk the connection state machine.
 *
 * Copyright (C) 2005 Rusty Russell, IBM Corporation
 * Copyright (C) 2005 XenSource Ltd
 */

#define pr_fmt(fmt) "xenbus: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/init.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/errno.h>

#include <asm/xen/hypercall.h>
#include <xen/xen.h>
#include <xen/interface.h>
#include <xen/events.h>
#include <xen/grant_table.h>
#include <xen/xenbus.h>

static DEFINE_MUTEX(xs_request_mutex);
static LIST_HEAD(xenbus_frontend_drivers);
static u32 xs_request_id;

static evtchn_port_t xen_store_evtchn;
static struct xenstore_domain_interface *xen_store_interface;

static const char *const xenbus_state_names[] = {
	"Unknown", "Initialising", "InitWait", "Initialised", "Connected",
	"Closing", "Closed", "Reconfiguring", "Reconfigured",
};

const char *xenbus_strstate(enum xenbus_state state)
{
	return (state < ARRAY_SIZE(xenbus_state_names)) ? xenbus_state_names[state] : "INVALID";
}
EXPORT_SYMBOL_GPL(xenbus_strstate);

static void xb_write(const void *data, unsigned int len)
{
	struct xenstore_domain_interface *intf = xen_store_interface;
	const char *p = data;

	while (len--) {
		intf->req[MASK_XENSTORE_IDX(intf->req_prod)] = *p++;
		virt_wmb();
		intf->req_prod++;
	}
	notify_remote_via_evtchn(xen_store_evtchn);
}

static void xb_read(void *data, unsigned int len)
{
	struct xenstore_domain_interface *intf = xen_store_interface;
	char *p = data;

	while (len--) {
		while (intf->rsp_cons == intf->rsp_prod)
			cpu_relax();
		virt_rmb();
		*p++ = intf->rsp[MASK_XENSTORE_IDX(intf->rsp_cons)];
		intf->rsp_cons++;
	}
	notify_remote_via_evtchn(xen_store_evtchn);
}

static void *xs_talkv(struct xenbus_transaction t, enum xsd_sockmsg_type type,
		      const char *path, const char *data, unsigned int *len)
{
	struct xsd_sockmsg msg;
	unsigned int plen = strlen(path) + 1;
	unsigned int dlen = data ? strlen(data) : 0;
	char *ret;

	msg.type = type;
	msg.tx_id = t.id;
	msg.len = plen + dlen;

	mutex_lock(&xs_request_mutex);
	msg.req_id = xs_request_id++;
	xb_write(&msg, sizeof(msg));
	xb_write(path, plen);
	if (dlen)
		xb_write(data, dlen);

	xb_read(&msg, sizeof(msg));
	ret = kmalloc(msg.len + 1, GFP_NOIO);
	if (ret) {
		xb_read(ret, msg.len);
		ret[msg.len] = '\0';
	}
	mutex_unlock(&xs_request_mutex);

	if (!ret)
		return ERR_PTR(-ENOMEM);
	if (msg.type == XS_ERROR) {
		kfree(ret);
		return ERR_PTR(-EIO);
	}
	if (len)
		*len = msg.len;
	return ret;
}

static char *join(const char *dir, const char *name)
{
	char *buffer;
	size_t len = strlen(dir) + strlen(name) + 2;

	buffer = kmalloc(len, GFP_NOIO);
	if (!buffer)
		return ERR_PTR(-ENOMEM);
	if (strlen(name) == 0)
		snprintf(buffer, len, "%s", dir);
	else
		snprintf(buffer, len, "%s/%s", dir, name);
	return buffer;
}

void *xenbus_read(struct xenbus_transaction t,
		  const char *dir, const char *node, unsigned int *len)
{
	char *path;
	void *ret;

	path = join(dir, node);
	if (IS_ERR(path))
		return ERR_CAST(path);

	ret = xs_talkv(t, XS_READ, path, NULL, len);
	kfree(path);
	return ret;
}
EXPORT_SYMBOL_GPL(xenbus_read);

int xenbus_write(struct xenbus_transaction t,
		 const char *dir, const char *node, const char *string)
{
	char *path;
	void *ret;

	path = join(dir, node);
	if (IS_ERR(path))
		return PTR_ERR(path);

	ret = xs_talkv(t, XS_WRITE, path, string, NULL);
	kfree(path);
	if (IS_ERR(ret))
		return PTR_ERR(ret);
	kfree(ret);
	return 0;
}
EXPORT_SYMBOL_GPL(xenbus_write);

int xenbus_printf(struct xenbus_transaction t,
		  const char *dir, const char *node, const char *fmt, ...)
{
	va_list ap;
	char buf[128];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);

	return xenbus_write(t, dir, node, buf);
}
EXPORT_SYMBOL_GPL(xenbus_printf);

unsigned int xenbus_read_unsigned(const char *dir, const char *node,
				  unsigned int default_val)
{
	unsigned int val;
	char *buf;

	buf = xenbus_read(XBT_NIL, dir, node, NULL);
	if (IS_ERR(buf))
		return default_val;
	if (kstrtouint(buf, 10, &val))
		val = default_val;
	kfree(buf);
	return val;
}
EXPORT_SYMBOL_GPL(xenbus_read_unsigned);

int xenbus_transaction_start(struct xenbus_transaction *t)
{
	char *id_str;

	id_str = xs_talkv(XBT_NIL, XS_TRANSACTION_START, "", NULL, NULL);
	if (IS_ERR(id_str))
		return PTR_ERR(id_str);

	t->id = simple_strtoul(id_str, NULL, 0);
	kfree(id_str);
	return 0;
}
EXPORT_SYMBOL_GPL(xenbus_transaction_start);

int xenbus_transaction_end(struct xenbus_transaction t, int abort)
{
	void *ret;

	ret = xs_talkv(t, XS_TRANSACTION_END, abort ? "F" : "T", NULL, NULL);
	if (IS_ERR(ret))
		return PTR_ERR(ret);
	kfree(ret);
	return 0;
}
EXPORT_SYMBOL_GPL(xenbus_transaction_end);

static void xenbus_va_dev_error(struct xenbus_device *dev, int err,
				const char *fmt, va_list ap)
{
	char printf_buffer[256];
	unsigned int len;

	len = snprintf(printf_buffer, sizeof(printf_buffer), "%i ", -err);
	vsnprintf(printf_buffer + len, sizeof(printf_buffer) - len, fmt, ap);

	pr_warn("%s: %s\n", dev->nodename, printf_buffer);
	xenbus_write(XBT_NIL, dev->nodename, "error", printf_buffer);
}

void xenbus_dev_fatal(struct xenbus_device *dev, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	xenbus_va_dev_error(dev, err, fmt, ap);
	va_end(ap);

	xenbus_switch_state(dev, XenbusStateClosing);
}
EXPORT_SYMBOL_GPL(xenbus_dev_fatal);

int xenbus_switch_state(struct xenbus_device *dev, enum xenbus_state state)
{
	int err;

	if (state == dev->state)
		return 0;

	err = xenbus_printf(XBT_NIL, dev->nodename, "state", "%d", state);
	if (err) {
		if (state != XenbusStateClosing) /* Avoid looping */
			xenbus_dev_fatal(dev, err, "writing new state");
		return err;
	}

	dev->state = state;
	return 0;
}
EXPORT_SYMBOL_GPL(xenbus_switch_state);

int xenbus_frontend_closed(struct xenbus_device *dev)
{
	xenbus_switch_state(dev, XenbusStateClosed);
	return 0;
}
EXPORT_SYMBOL_GPL(xenbus_frontend_closed);

/**
 * xenbus_grant_ring - grant access to the ring pages to the other end
 * @dev: xenbus device
 * @vaddr: starting virtual address of the ring
 * @nr_pages: number of pages to be granted
 * @grefs: grant reference array to be filled in
 */
int xenbus_grant_ring(struct xenbus_device *dev, void *vaddr,
		      unsigned int nr_pages, grant_ref_t *grefs)
{
	unsigned int i;
	int err;

	for (i = 0; i < nr_pages; i++) {
		err = gnttab_grant_foreign_access(dev->otherend_id,
						  virt_to_gfn(vaddr), 0);
		if (err < 0) {
			xenbus_dev_fatal(dev, err, "granting access to ring page");
			goto fail;
		}
		grefs[i] = err;
		vaddr = (char *)vaddr + XEN_PAGE_SIZE;
	}

	return 0;

fail:
	while (i--)
		gnttab_end_foreign_access_ref(grefs[i]);
	return err;
}
EXPORT_SYMBOL_GPL(xenbus_grant_ring);

/* Allocate an event channel for @dev and return its local port in *port. */
int xenbus_alloc_evtchn(struct xenbus_device *dev, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound alloc_unbound;
	int err;

	alloc_unbound.dom = DOMID_SELF;
	alloc_unbound.remote_dom = dev->otherend_id;

	err = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound,
					  &alloc_unbound);
	if (err)
		xenbus_dev_fatal(dev, err, "allocating event channel");
	else
		*port = alloc_unbound.port;

	return err;
}
EXPORT_SYMBOL_GPL(xenbus_alloc_evtchn);

int xenbus_free_evtchn(struct xenbus_device *dev, evtchn_port_t port)
{
	struct evtchn_close close;
	int err;

	close.port = port;

	err = HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
	if (err)
		pr_warn("%s: freeing event channel %u: %d\n", dev->nodename, port, err);

	return err;
}
EXPORT_SYMBOL_GPL(xenbus_free_evtchn);

int __xenbus_register_frontend(struct xenbus_driver *drv, struct module *owner,
			       const char *mod_name)
{
	if (!xen_domain())
		return -ENODEV;

	drv->owner = owner;
	if (!drv->name)
		drv->name = drv->ids[0].devicetype;
	list_add_tail(&drv->list, &xenbus_frontend_drivers);
	pr_info("registered frontend driver %s (%s)\n", drv->name, mod_name);
	return 0;
}
EXPORT_SYMBOL_GPL(__xenbus_register_frontend);

void xenbus_unregister_driver(struct xenbus_driver *drv)
{
	list_del(&drv->list);
}
EXPORT_SYMBOL_GPL(xenbus_unregister_driver);

static int __init xenbus_init(void)
{
	if (!xen_domain())
		return -ENODEV;

	xen_store_evtchn = xen_start_info->store_evtchn;
	xen_store_interface = pfn_to_kaddr(xen_start_info->store_mfn);
	pr_info("xenstore ring at %p, event channel %u\n",
		xen_store_interface, xen_store_evtchn);
	return 0;
}
postcore_initcall(xenbus_init);

MODULE_LICENSE("GPL");
