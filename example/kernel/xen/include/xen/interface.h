/* SPDX-License-Identifier: MIT */
/******************************************************************************
 * include/xen/interface.h
 *
 * Guest OS interface to Xen: hypercall numbers, the shared info page,
 * and the event channel, grant table and scheduler ABI structures.
 *
 * Copyright (c) 2004, K A Fraser
 */

#ifndef __XEN_PUBLIC_INTERFACE_H__
#define __XEN_PUBLIC_INTERFACE_H__

#include <linux/types.h>

/*
 * XEN "SYSTEM CALLS" (a.k.a. HYPERCALLS).
 */
#define __HYPERVISOR_set_trap_table        0
#define __HYPERVISOR_mmu_update            1
#define __HYPERVISOR_memory_op            12
#define __HYPERVISOR_xen_version          17
#define __HYPERVISOR_console_io           18
#define __HYPERVISOR_grant_table_op       20
#define __HYPERVISOR_vcpu_op              24
#define __HYPERVISOR_sched_op             29
#define __HYPERVISOR_event_channel_op     32
#define __HYPERVISOR_hvm_op               34

typedef u16 domid_t;
typedef u32 evtchn_port_t;
typedef u32 grant_ref_t;
typedef u32 grant_handle_t;
typedef unsigned long xen_pfn_t;

/* Domain ids >= DOMID_FIRST_RESERVED cannot be used for ordinary domains. */
#define DOMID_FIRST_RESERVED	((domid_t)0x7FF0U)
/* DOMID_SELF is used in certain contexts to refer to oneself. */
#define DOMID_SELF		((domid_t)0x7FF0U)

/* Xen always uses 4K pages, whatever the guest page size is. */
#define XEN_PAGE_SHIFT		12
#define XEN_PAGE_SIZE		(1UL << XEN_PAGE_SHIFT)
#define XEN_PAGE_MASK		(~(XEN_PAGE_SIZE - 1))

#define XEN_LEGACY_MAX_VCPUS	32
#define EVTCHN_2L_NR_CHANNELS	(sizeof(unsigned long) * sizeof(unsigned long) * 64)

struct arch_vcpu_info {
	unsigned long cr2;
	unsigned long pad;	/* sizeof(vcpu_info_t) == 64 */
};

struct vcpu_info {
	/* Set by Xen, cleared by the guest before it looks for work. */
	u8 evtchn_upcall_pending;
	u8 evtchn_upcall_mask;
	unsigned long evtchn_pending_sel;
	struct arch_vcpu_info arch;
};

struct arch_shared_info {
	unsigned long max_pfn;			/* max pfn that appears in table */
	unsigned long pfn_to_mfn_frame_list_list;
	unsigned long nmi_reason;
};

/*
 * Xen/kernel shared data -- pointer provided in start_info.
 * NB. We expect that this struct is smaller than a page.
 */
struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];

	/* Event channel bitmaps: pending, and masked by the guest. */
	unsigned long evtchn_pending[sizeof(unsigned long) * 8];
	unsigned long evtchn_mask[sizeof(unsigned long) * 8];

	struct arch_shared_info arch;
};

#define MAX_GUEST_CMDLINE 1024

/*
 * Start-of-day memory layout for the initial domain, passed by the domain
 * builder in %rsi.
 */
struct start_info {
	char magic[32];			/* "xen-<version>-<platform>".            */
	unsigned long nr_pages;		/* Total pages allocated to this domain.  */
	unsigned long shared_info;	/* MACHINE address of shared info struct. */
	u32 flags;			/* SIF_xxx flags.                         */
	xen_pfn_t store_mfn;		/* MACHINE page number of shared page.    */
	u32 store_evtchn;		/* Event channel for store communication. */
	unsigned long mfn_list;		/* VIRTUAL address of page-frame list.    */
	s8 cmd_line[MAX_GUEST_CMDLINE];
};

/* These flags are passed in the 'flags' field of start_info_t. */
#define SIF_PRIVILEGED		(1<<0)	/* Is the domain privileged? */
#define SIF_INITDOMAIN		(1<<1)	/* Is this the initial control domain? */

/*
 * Event channel operations: HYPERVISOR_event_channel_op(cmd, arg).
 */
#define EVTCHNOP_bind_virq		1
#define EVTCHNOP_close			3
#define EVTCHNOP_send			4
#define EVTCHNOP_alloc_unbound		6
#define EVTCHNOP_bind_vcpu		8
#define EVTCHNOP_unmask			9

struct evtchn_alloc_unbound {
	/* IN parameters */
	domid_t dom, remote_dom;
	/* OUT parameters */
	evtchn_port_t port;
};

struct evtchn_bind_virq {
	/* IN parameters. */
	u32 virq;
	u32 vcpu;
	/* OUT parameters. */
	evtchn_port_t port;
};

struct evtchn_close {
	evtchn_port_t port;
};

struct evtchn_send {
	evtchn_port_t port;
};

struct evtchn_bind_vcpu {
	evtchn_port_t port;
	u32 vcpu;
};

struct evtchn_unmask {
	evtchn_port_t port;
};

#define VIRQ_TIMER	0	/* Timebase update, and/or requested timeout.  */
#define VIRQ_DEBUG	1	/* Request guest to dump debug info.           */

/*
 * Grant tables: HYPERVISOR_grant_table_op(cmd, uop, count).
 */
#define GNTTABOP_setup_table		2

struct grant_entry_v1 {
	/* GTF_xxx: various type and flag information.  [XEN,GST] */
	u16 flags;
	/* The domain being granted foreign privileges. [GST] */
	domid_t domid;
	/* The frame @domid is allowed to map and access. [GST] */
	u32 frame;
};

#define GTF_invalid		(0U<<0)
#define GTF_permit_access	(1U<<0)
#define GTF_accept_transfer	(2U<<0)
#define GTF_type_mask		(3U<<0)

#define _GTF_readonly		(2)
#define GTF_readonly		(1U<<_GTF_readonly)
#define _GTF_reading		(3)
#define GTF_reading		(1U<<_GTF_reading)
#define _GTF_writing		(4)
#define GTF_writing		(1U<<_GTF_writing)

struct gnttab_setup_table {
	/* IN parameters. */
	domid_t dom;
	u32 nr_frames;
	/* OUT parameters. */
	s16 status;		/* GNTST_* */
	xen_pfn_t *frame_list;
};

#define GNTST_okay		(0)	/* Normal return.                        */
#define GNTST_general_error	(-1)	/* General undefined error.              */

/*
 * Scheduler operations: HYPERVISOR_sched_op(cmd, arg).
 */
#define SCHEDOP_shutdown	2

struct sched_shutdown {
	unsigned int reason;	/* SHUTDOWN_* => shutdown reason */
};

#define SHUTDOWN_poweroff	0	/* Domain exited normally. Clean up and kill. */
#define SHUTDOWN_reboot		1	/* Clean up, kill, and then restart.          */

/*
 * Version queries: HYPERVISOR_xen_version(cmd, arg).
 */
#define XENVER_version		0
#define XENVER_extraversion	1

struct xen_extraversion {
	char extraversion[16];
};

#endif /* __XEN_PUBLIC_INTERFACE_H__ */
