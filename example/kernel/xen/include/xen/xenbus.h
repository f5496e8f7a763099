/* SPDX-License-Identifier: GPL-2.0 */
/******************************************************************************
 * xenbus.h
 *
 * Talks to Xen Store to figure out what devices we have.
 *
 * Copyright (C) 2005 Rusty Russell, IBM Corporation
 * Copyright (C) 2005 XenSource Ltd.
 */

#ifndef _XEN_XENBUS_H
#define _XEN_XENBUS_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/module.h>
#include <xen/interface.h>
#include <xen/grant_table.h>

#define INVALID_GRANT_REF		((grant_ref_t)-1)

/*
 * The state of either end of the Xenbus, i.e. the current communication
 * status of initialisation across the bus.  States here imply nothing about
 * the state of the connection between the driver and the kernel's device
 * layers.
 */
enum xenbus_state {
	XenbusStateUnknown       = 0,
	XenbusStateInitialising  = 1,
	XenbusStateInitWait      = 2,	/* waiting for the peer or hotplug */
	XenbusStateInitialised   = 3,	/* waiting for a connection */
	XenbusStateConnected     = 4,
	XenbusStateClosing       = 5,	/* error or unplug */
	XenbusStateClosed        = 6,
	XenbusStateReconfiguring = 7,
	XenbusStateReconfigured  = 8
};

/* A xenbus device. */
struct xenbus_device {
	const char *devicetype;
	const char *nodename;
	const char *otherend;
	int otherend_id;
	enum xenbus_state state;
	void *drvdata;
	struct list_head list;
};

struct xenbus_device_id {
	/* .../device/<device_type>/<identifier> */
	char devicetype[32];	/* General class of device. */
};

/* A xenbus driver. */
struct xenbus_driver {
	const char *name;	/* defaults to ids[0].devicetype */
	const struct xenbus_device_id *ids;
	int (*probe)(struct xenbus_device *dev,
		     const struct xenbus_device_id *id);
	void (*otherend_changed)(struct xenbus_device *dev,
				 enum xenbus_state backend_state);
	int (*remove)(struct xenbus_device *dev);
	int (*resume)(struct xenbus_device *dev);
	struct list_head list;
	struct module *owner;
};

struct xenbus_transaction {
	u32 id;
};

/* Nil transaction ID. */
#define XBT_NIL ((struct xenbus_transaction) { 0 })

/*
 * The xenstore ring shared with the store daemon, one page.
 */
#define XENSTORE_RING_SIZE 1024
typedef u32 XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE-1))

struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE]; /* Requests to xenstore daemon. */
	char rsp[XENSTORE_RING_SIZE]; /* Replies and async watch events. */
	XENSTORE_RING_IDX req_cons, req_prod;
	XENSTORE_RING_IDX rsp_cons, rsp_prod;
};

enum xsd_sockmsg_type {
	XS_READ = 2,
	XS_TRANSACTION_START = 6,
	XS_TRANSACTION_END = 7,
	XS_WRITE = 11,
	XS_ERROR = 16,
};

struct xsd_sockmsg {
	u32 type;	/* XS_??? */
	u32 req_id;	/* Request identifier, echoed in daemon's response.  */
	u32 tx_id;	/* Transaction id (0 if not related to a transaction). */
	u32 len;	/* Length of data following this. */
};

static inline void *dev_get_drvdata(const struct xenbus_device *dev)
{
	return dev->drvdata;
}

static inline void dev_set_drvdata(struct xenbus_device *dev, void *data)
{
	dev->drvdata = data;
}

int __xenbus_register_frontend(struct xenbus_driver *drv, struct module *owner,
			       const char *mod_name);
#define xenbus_register_frontend(drv) \
	__xenbus_register_frontend(drv, THIS_MODULE, KBUILD_MODNAME)
void xenbus_unregister_driver(struct xenbus_driver *drv);

void *xenbus_read(struct xenbus_transaction t,
		  const char *dir, const char *node, unsigned int *len);
int xenbus_write(struct xenbus_transaction t,
		 const char *dir, const char *node, const char *string);
int xenbus_printf(struct xenbus_transaction t,
		  const char *dir, const char *node, const char *fmt, ...);
unsigned int xenbus_read_unsigned(const char *dir, const char *node,
				  unsigned int default_val);
int xenbus_transaction_start(struct xenbus_transaction *t);
int xenbus_transaction_end(struct xenbus_transaction t, int abort);

int xenbus_switch_state(struct xenbus_device *dev, enum xenbus_state new_state);
int xenbus_grant_ring(struct xenbus_device *dev, void *vaddr,
		      unsigned int nr_pages, grant_ref_t *grefs);
int xenbus_alloc_evtchn(struct xenbus_device *dev, evtchn_port_t *port);
int xenbus_free_evtchn(struct xenbus_device *dev, evtchn_port_t port);
int xenbus_frontend_closed(struct xenbus_device *dev);

void xenbus_dev_fatal(struct xenbus_device *dev, int err, const char *fmt, ...);

const char *xenbus_strstate(enum xenbus_state state);

#endif /* _XEN_XENBUS_H */
