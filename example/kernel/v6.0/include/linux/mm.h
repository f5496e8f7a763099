/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/atomic.h>
#include <asm/page.h>

/*
 * Each physical page in the system has a struct page associated with
 * it to keep track of whatever it is we are using the page for at the
 * moment. Note that we have no way to track which tasks are using
 * a page, though if it is a pagecache page, rmap structures can tell us
 * who is mapping it.
 */
struct page {
	unsigned long flags;		/* Atomic flags, some possibly
					 * updated asynchronously */
	struct list_head lru;
	unsigned long private;
	atomic_t _mapcount;
	atomic_t _refcount;
	void *virtual;			/* Kernel virtual address (NULL if
					   not kmapped, ie. highmem) */
};

enum pageflags {
	PG_locked,		/* Page is locked. Don't touch. */
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_active,
	PG_reserved,
	PG_private,
	PG_buddy,
	__NR_PAGEFLAGS,
};

extern struct page *mem_map;
extern unsigned long max_mapnr;
extern unsigned long max_pfn;
extern unsigned long max_low_pfn;

#define page_to_pfn(page)	((unsigned long)((page) - mem_map))
#define pfn_to_page(pfn)	(mem_map + (pfn))
#define virt_to_page(kaddr)	pfn_to_page(__pa(kaddr) >> PAGE_SHIFT)
#define page_to_virt(page)	__va(page_to_pfn(page) << PAGE_SHIFT)
#define pfn_valid(pfn)		((pfn) < max_mapnr)

void *page_address(const struct page *page);

static inline int page_count(const struct page *page)
{
	return atomic_read(&page->_refcount);
}

static inline void set_page_count(struct page *page, int v)
{
	atomic_set(&page->_refcount, v);
}

static inline void get_page(struct page *page)
{
	atomic_inc(&page->_refcount);
}

void put_page(struct page *page);

static inline bool PageReserved(const struct page *page)
{
	return test_bit(PG_reserved, &page->flags);
}

static inline void SetPageReserved(struct page *page)
{
	set_bit(PG_reserved, &page->flags);
}

static inline void ClearPageReserved(struct page *page)
{
	clear_bit(PG_reserved, &page->flags);
}

unsigned long totalram_pages(void);
void free_reserved_area(void *start, void *end, int poison, const char *s);
void mem_init(void);
void show_mem(unsigned int flags);

#endif /* _LINUX_MM_H */
