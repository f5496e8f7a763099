// SPDX-License-Identifier: GPL-2.0
/*
 * Slab allocator functions that are independent of the allocator strategy
 *
 * (C) 2012 Christoph Lameter <cl@linux.com>
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/export.h>
#include <linux/errno.h>

struct kmem_cache {
	const char		*name;
	unsigned int		size;
	unsigned int		align;
	unsigned long		flags;
	void			(*ctor)(void *);
	struct list_head	list;
	int			refcount;
};

static LIST_HEAD(slab_caches);
static DEFINE_MUTEX(slab_mutex);

/* Small header in front of each kmalloc object, to remember its size. */
struct kmalloc_header {
	size_t size;
	unsigned int order;
};

static unsigned int calculate_alignment(unsigned long flags,
		unsigned int align, unsigned int size)
{
	/*
	 * If the user wants hardware cache aligned objects then follow that
	 * suggestion if the object is sufficiently large.
	 */
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = 64;

		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}

	return ALIGN(align, sizeof(void *));
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
		unsigned int align, unsigned long flags, void (*ctor)(void *))
{
	struct kmem_cache *s;

	mutex_lock(&slab_mutex);
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (s) {
		s->name = name;
		s->size = size;
		s->align = calculate_alignment(flags, align, size);
		s->flags = flags;
		s->ctor = ctor;
		s->refcount = 1;
		list_add(&s->list, &slab_caches);
	}
	mutex_unlock(&slab_mutex);

	if (!s && (flags & SLAB_PANIC))
		panic("%s: Failed to create slab '%s'.\n", __func__, name);
	return s;
}
EXPORT_SYMBOL(kmem_cache_create);

void kmem_cache_destroy(struct kmem_cache *s)
{
	if (!s)
		return;

	mutex_lock(&slab_mutex);
	if (--s->refcount == 0)
		list_del(&s->list);
	mutex_unlock(&slab_mutex);

	if (!s->refcount)
		kfree(s);
}
EXPORT_SYMBOL(kmem_cache_destroy);

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags)
{
	void *obj = kmalloc(s->size, flags);

	if (obj && s->ctor)
		s->ctor(obj);
	return obj;
}
EXPORT_SYMBOL(kmem_cache_alloc);

void kmem_cache_free(struct kmem_cache *s, void *objp)
{
	kfree(objp);
}
EXPORT_SYMBOL(kmem_cache_free);

void *kmalloc(size_t size, gfp_t flags)
{
	struct kmalloc_header *h;
	unsigned int order = 0;
	size_t total = size + sizeof(*h);

	if (size > KMALLOC_MAX_SIZE)
		return NULL;

	while ((PAGE_SIZE << order) < total)
		order++;

	h = (struct kmalloc_header *)__get_free_pages(flags, order);
	if (!h)
		return NULL;
	h->size = size;
	h->order = order;
	return h + 1;
}
EXPORT_SYMBOL(kmalloc);

void kfree(const void *objp)
{
	const struct kmalloc_header *h;

	if (!objp)
		return;
	h = (const struct kmalloc_header *)objp - 1;
	free_pages((unsigned long)h, h->order);
}
EXPORT_SYMBOL(kfree);

size_t ksize(const void *objp)
{
	if (!objp)
		return 0;
	return ((const struct kmalloc_header *)objp - 1)->size;
}
EXPORT_SYMBOL(ksize);

void *krealloc(const void *p, size_t new_size, gfp_t flags)
{
	void *ret;

	if (!new_size) {
		kfree(p);
		return NULL;
	}

	ret = kmalloc(new_size, flags);
	if (ret && p) {
		memcpy(ret, p, min(new_size, ksize(p)));
		kfree(p);
	}
	return ret;
}
EXPORT_SYMBOL(krealloc);

void __init kmem_cache_init(void)
{
	INIT_LIST_HEAD(&slab_caches);
	pr_info("SLUB: HWalign=%d, Order=0-%d\n", 64, MAX_ORDER - 1);
}
