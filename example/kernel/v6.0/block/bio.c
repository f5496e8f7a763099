// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2001 Jens Axboe <axboe@kernel.dk>
 */
#include <linux/mm.h>
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/slab.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/string.h>

#define BIO_INLINE_VECS 4

static struct kmem_cache *bio_slab;

struct bio *bio_alloc(struct gendisk *disk, unsigned short nr_vecs,
		      unsigned int opf, gfp_t gfp_mask)
{
	struct bio *bio;

	bio = kmem_cache_alloc(bio_slab, gfp_mask);
	if (!bio)
		return NULL;
	memset(bio, 0, sizeof(*bio));

	if (nr_vecs) {
		bio->bi_io_vec = kcalloc(nr_vecs, sizeof(struct bio_vec), gfp_mask);
		if (!bio->bi_io_vec) {
			kmem_cache_free(bio_slab, bio);
			return NULL;
		}
	}
	bio->bi_disk = disk;
	bio->bi_opf = opf;
	bio->bi_max_vecs = nr_vecs;
	atomic_set(&bio->__bi_cnt, 1);
	return bio;
}
EXPORT_SYMBOL(bio_alloc);

void bio_put(struct bio *bio)
{
	if (!atomic_dec_and_test(&bio->__bi_cnt))
		return;
	kfree(bio->bi_io_vec);
	kmem_cache_free(bio_slab, bio);
}
EXPORT_SYMBOL(bio_put);

/**
 *	bio_add_page	-	attempt to add page(s) to bio
 *	@bio: destination bio
 *	@page: start page to add
 *	@len: vec entry length, may cross pages
 *	@offset: vec entry offset relative to @page, may cross pages
 *
 *	Attempt to add page(s) to the bio_vec maplist. This will only fail
 *	if either bio->bi_vcnt == bio->bi_max_vecs or it's a cloned bio.
 */
int bio_add_page(struct bio *bio, struct page *page,
		 unsigned int len, unsigned int offset)
{
	struct bio_vec *bv;

	if (bio->bi_vcnt >= bio->bi_max_vecs)
		return 0;

	bv = &bio->bi_io_vec[bio->bi_vcnt];
	bv->bv_page = page;
	bv->bv_len = len;
	bv->bv_offset = offset;
	bio->bi_vcnt++;
	bio->bi_iter.bi_size += len;
	return len;
}
EXPORT_SYMBOL(bio_add_page);

/**
 * bio_endio - end I/O on a bio
 * @bio:	bio
 *
 * Description:
 *   bio_endio() will end I/O on the whole bio. bio_endio() is the preferred
 *   way to end I/O on a bio. No one should call bi_end_io() directly on a
 *   bio unless they own it and thus know that it has an end_io function.
 **/
void bio_endio(struct bio *bio)
{
	if (bio->bi_end_io)
		bio->bi_end_io(bio);
}
EXPORT_SYMBOL(bio_endio);

static int __init init_bio(void)
{
	bio_slab = kmem_cache_create("bio", sizeof(struct bio), 0,
				     SLAB_HWCACHE_ALIGN | SLAB_PANIC, NULL);
	return 0;
}
subsys_initcall(init_bio);
