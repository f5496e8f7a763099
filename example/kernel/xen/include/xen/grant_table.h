/* SPDX-License-Identifier: GPL-2.0 */
/******************************************************************************
 * grant_table.h
 *
 * Two sets of functionality:
 * 1. Granting foreign access to our memory reservation.
 * 2. Accessing others' memory reservations via grant references.
 * (i.e., mechanisms for both sender and recipient of grant references)
 *
 * Copyright (c) 2004-2005, K A Fraser
 * Copyright (c) 2005, Christopher Clark
 */

#ifndef __ASM_GNTTAB_H__
#define __ASM_GNTTAB_H__

#include <linux/types.h>
#include <linux/mm.h>
#include <xen/interface.h>

#define GNTTAB_RESERVED_XENSTORE 1

/* NR_GRANT_FRAMES must be less than or equal to that configured in Xen */
#define NR_GRANT_FRAMES 4

int gnttab_init(void);

int gnttab_grant_foreign_access(domid_t domid, unsigned long frame,
				int readonly);

/* End access through @ref if the other end no longer uses it: 1 if ended. */
int gnttab_end_foreign_access_ref(grant_ref_t ref);

/*
 * operations on reserved batches of grant references
 */
int gnttab_alloc_grant_references(u16 count, grant_ref_t *pprivate_head);
void gnttab_free_grant_reference(grant_ref_t ref);
void gnttab_free_grant_references(grant_ref_t head);
int gnttab_claim_grant_reference(grant_ref_t *pprivate_head);
void gnttab_release_grant_reference(grant_ref_t *private_head,
				    grant_ref_t release);

void gnttab_grant_foreign_access_ref(grant_ref_t ref, domid_t domid,
				     unsigned long frame, int readonly);

/* Give access to the first 4K of the page */
static inline void gnttab_page_grant_foreign_access_ref_one(
	grant_ref_t ref, domid_t domid,
	struct page *page, int readonly)
{
	gnttab_grant_foreign_access_ref(ref, domid, page_to_pfn(page),
					readonly);
}

static inline u16 gnttab_sync_cmpxchg(u16 *ptr, u16 old, u16 new)
{
	__atomic_compare_exchange_n(ptr, &old, new, 0,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return old;
}

#define xen_page_to_gfn(page)	page_to_pfn(page)
#define virt_to_gfn(v)		(__pa(v) >> XEN_PAGE_SHIFT)

#endif /* __ASM_GNTTAB_H__ */
