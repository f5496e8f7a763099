// SPDX-License-Identifier: GPL-2.0-only
/*
 *  linux/mm/page_alloc.c
 *
 *  Manages the free list, the system allocates free pages here.
 *  Note that kmalloc() lives in slab_common.c
 *
 *  The allocator is a binary buddy allocator: free blocks of 2^order
 *  pages are kept on per-order free lists and split or merged with
 *  their buddy on allocation and free.
 */

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/export.h>

struct free_area {
	struct list_head	free_list;
	unsigned long		nr_free;
};

struct page *mem_map;
EXPORT_SYMBOL(mem_map);
unsigned long max_mapnr;
EXPORT_SYMBOL(max_mapnr);

static struct free_area free_area[MAX_ORDER];
static DEFINE_SPINLOCK(zone_lock);
static unsigned long nr_managed_pages;
static unsigned long nr_free_pages_total;

/*
 * Locate the struct page for both the matching buddy in our
 * pair (buddy1) and the combined O(n+1) page they form (page).
 *
 * 1) Any buddy B1 will have an order O twin B2 which satisfies
 * the following equation:
 *     B2 = B1 ^ (1 << O)
 * For example, if the starting buddy (buddy2) is #8 its order
 * 1 buddy is #10:
 *     B2 = 8 ^ (1 << 1) = 8 ^ 2 = 10
 */
static inline unsigned long
__find_buddy_pfn(unsigned long page_pfn, unsigned int order)
{
	return page_pfn ^ (1 << order);
}

static inline void set_buddy_order(struct page *page, unsigned int order)
{
	page->private = order;
	set_bit(PG_buddy, &page->flags);
}

static inline bool page_is_buddy(struct page *buddy, unsigned int order)
{
	return test_bit(PG_buddy, &buddy->flags) && buddy->private == order;
}

static void add_to_free_list(struct page *page, unsigned int order)
{
	struct free_area *area = &free_area[order];

	list_add(&page->lru, &area->free_list);
	area->nr_free++;
}

static void del_page_from_free_list(struct page *page, unsigned int order)
{
	list_del(&page->lru);
	clear_bit(PG_buddy, &page->flags);
	page->private = 0;
	free_area[order].nr_free--;
}

static void __free_one_page(struct page *page, unsigned long pfn, unsigned int order)
{
	unsigned long buddy_pfn;
	struct page *buddy;

	while (order < MAX_ORDER - 1) {
		buddy_pfn = __find_buddy_pfn(pfn, order);
		if (!pfn_valid(buddy_pfn))
			break;
		buddy = pfn_to_page(buddy_pfn);
		if (!page_is_buddy(buddy, order))
			break;
		del_page_from_free_list(buddy, order);
		pfn &= buddy_pfn;
		page = pfn_to_page(pfn);
		order++;
	}

	set_buddy_order(page, order);
	add_to_free_list(page, order);
}

static struct page *__rmqueue_smallest(unsigned int order)
{
	unsigned int current_order;
	struct free_area *area;
	struct page *page;

	/* Find a page of the appropriate size in the preferred list */
	for (current_order = order; current_order < MAX_ORDER; ++current_order) {
		area = &free_area[current_order];
		page = list_first_entry_or_null(&area->free_list, struct page, lru);
		if (!page)
			continue;
		del_page_from_free_list(page, current_order);
		while (current_order > order) {
			current_order--;
			add_to_free_list(page + (1UL << current_order), current_order);
			set_buddy_order(page + (1UL << current_order), current_order);
		}
		return page;
	}

	return NULL;
}

static bool free_pages_prepare(struct page *page, unsigned int order)
{
	if (PageReserved(page)) {
		pr_err("BUG: Bad page state: pfn %lu\n", page_to_pfn(page));
		return false;
	}
	set_page_count(page, 0);
	return true;
}

void __free_pages(struct page *page, unsigned int order)
{
	unsigned long flags;

	if (!free_pages_prepare(page, order))
		return;

	spin_lock_irqsave(&zone_lock, flags);
	__free_one_page(page, page_to_pfn(page), order);
	nr_free_pages_total += 1UL << order;
	spin_unlock_irqrestore(&zone_lock, flags);
}
EXPORT_SYMBOL(__free_pages);

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr != 0)
		__free_pages(virt_to_page((void *)addr), order);
}
EXPORT_SYMBOL(free_pages);

/*
 * This is the 'heart' of the zoned buddy allocator.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	unsigned long flags;
	struct page *page;

	if (WARN_ON_ONCE(order >= MAX_ORDER))
		return NULL;

	spin_lock_irqsave(&zone_lock, flags);
	page = __rmqueue_smallest(order);
	if (page)
		nr_free_pages_total -= 1UL << order;
	spin_unlock_irqrestore(&zone_lock, flags);

	if (!page) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("page allocation failure: order:%u, mode:%#x\n",
				order, gfp);
		return NULL;
	}

	set_page_count(page, 1);
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	return page;
}
EXPORT_SYMBOL(alloc_pages);

/*
 * Common helper functions. Never use with __GFP_HIGHMEM because the returned
 * address cannot represent highmem pages. Use alloc_pages and then kmap if
 * you need to access high mem.
 */
unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order)
{
	struct page *page;

	page = alloc_pages(gfp_mask & ~__GFP_HIGHMEM, order);
	if (!page)
		return 0;
	return (unsigned long) page_address(page);
}
EXPORT_SYMBOL(__get_free_pages);

unsigned long get_zeroed_page(gfp_t gfp_mask)
{
	return __get_free_page(gfp_mask | __GFP_ZERO);
}
EXPORT_SYMBOL(get_zeroed_page);

void *page_address(const struct page *page)
{
	return page_to_virt(page);
}
EXPORT_SYMBOL(page_address);

void put_page(struct page *page)
{
	if (atomic_dec_and_test(&page->_refcount))
		__free_pages(page, 0);
}
EXPORT_SYMBOL(put_page);

unsigned long totalram_pages(void)
{
	return nr_managed_pages;
}
EXPORT_SYMBOL(totalram_pages);

void show_mem(unsigned int filter)
{
	unsigned int order;

	pr_info("Mem-Info:\n");
	for (order = 0; order < MAX_ORDER; order++)
		pr_cont("%lu*%lukB ", free_area[order].nr_free,
			(PAGE_SIZE >> 10) << order);
	pr_cont("= %lukB\n", nr_free_pages_total * (PAGE_SIZE >> 10));
}

void __init page_alloc_init(void)
{
	unsigned int order;
	unsigned long pfn;

	for (order = 0; order < MAX_ORDER; order++) {
		INIT_LIST_HEAD(&free_area[order].free_list);
		free_area[order].nr_free = 0;
	}

	for (pfn = 0; pfn < max_mapnr; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (PageReserved(page))
			continue;
		__free_one_page(page, pfn, 0);
		nr_managed_pages++;
	}
	nr_free_pages_total = nr_managed_pages;
}
