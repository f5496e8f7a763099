// SPDX-License-Identifier: GPL-2.0
/*
 * drivers/block/blkdev.c: the core of the block layer: request queues,
 * their limits, gendisks and the bio submission path.
 *
 * Copyright (C) 1991, 1992 Linus Torvalds
 * Copyright (C) 1994,      Karl Keyte: Added support for disk statistics
 * Elevator latency, (C) 2000  Andrea Arcangeli <andrea@suse.de> SuSE
 * Queue request tables / lock, selectable elevator, Jens Axboe <axboe@suse.de>
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/init.h>
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/mutex.h>
#include <linux/errno.h>

#define BLKDEV_MAJOR_MAX	512

static DEFINE_MUTEX(major_names_lock);
static DEFINE_SPINLOCK(disk_minor_lock);

static struct blk_major_name {
	struct blk_major_name *next;
	int major;
	char name[16];
} *major_names[BLKDEV_MAJOR_MAX];

static struct kmem_cache *blk_requestq_cachep;
static int next_minor;

/**
 * blk_queue_flag_set - atomically set a queue flag
 * @flag: flag to be set
 * @q: request queue
 */
void blk_queue_flag_set(unsigned int flag, struct request_queue *q)
{
	set_bit(flag, &q->queue_flags);
}
EXPORT_SYMBOL(blk_queue_flag_set);

/**
 * blk_queue_flag_clear - atomically clear a queue flag
 * @flag: flag to be cleared
 * @q: request queue
 */
void blk_queue_flag_clear(unsigned int flag, struct request_queue *q)
{
	clear_bit(flag, &q->queue_flags);
}
EXPORT_SYMBOL(blk_queue_flag_clear);

static void blk_set_default_limits(struct queue_limits *lim)
{
	lim->max_segments = BLK_MAX_SEGMENTS;
	lim->max_segment_size = 65536;
	lim->seg_boundary_mask = 0xFFFFFFFFUL;
	lim->virt_boundary_mask = 0;
	lim->max_sectors = lim->max_hw_sectors = BLK_SAFE_MAX_SECTORS;
	lim->logical_block_size = lim->physical_block_size = 512;
}

struct request_queue *blk_queue_make(make_request_fn *fn, int node)
{
	struct request_queue *q;

	q = kmem_cache_alloc(blk_requestq_cachep, GFP_KERNEL | __GFP_ZERO);
	if (!q)
		return NULL;

	q->make_request_fn = fn;
	q->node = node;
	atomic_set(&q->refs, 1);
	spin_lock_init(&q->queue_lock);
	INIT_LIST_HEAD(&q->requeue_list);
	blk_set_default_limits(&q->limits);
	return q;
}
EXPORT_SYMBOL(blk_queue_make);

void blk_cleanup_queue(struct request_queue *q)
{
	blk_queue_flag_set(QUEUE_FLAG_DYING, q);
	if (atomic_dec_and_test(&q->refs))
		kmem_cache_free(blk_requestq_cachep, q);
}
EXPORT_SYMBOL(blk_cleanup_queue);

void blk_queue_logical_block_size(struct request_queue *q, unsigned int size)
{
	struct queue_limits *limits = &q->limits;

	limits->logical_block_size = size;

	if (limits->physical_block_size < size)
		limits->physical_block_size = size;
}
EXPORT_SYMBOL(blk_queue_logical_block_size);

void blk_queue_physical_block_size(struct request_queue *q, unsigned int size)
{
	q->limits.physical_block_size = size;

	if (q->limits.physical_block_size < q->limits.logical_block_size)
		q->limits.physical_block_size = q->limits.logical_block_size;
}
EXPORT_SYMBOL(blk_queue_physical_block_size);

void blk_queue_max_hw_sectors(struct request_queue *q, unsigned int max_hw_sectors)
{
	struct queue_limits *limits = &q->limits;

	if ((max_hw_sectors << 9) < PAGE_SIZE) {
		max_hw_sectors = 1 << (PAGE_SHIFT - 9);
		pr_info("%s: set to minimum %u\n", __func__, max_hw_sectors);
	}

	limits->max_hw_sectors = max_hw_sectors;
	limits->max_sectors = min_t(unsigned int, max_hw_sectors,
				    BLK_DEF_MAX_SECTORS);
}
EXPORT_SYMBOL(blk_queue_max_hw_sectors);

void blk_queue_max_segments(struct request_queue *q, unsigned short max_segments)
{
	if (!max_segments) {
		max_segments = 1;
		pr_info("%s: set to minimum %u\n", __func__, max_segments);
	}

	q->limits.max_segments = max_segments;
}
EXPORT_SYMBOL(blk_queue_max_segments);

void blk_queue_max_segment_size(struct request_queue *q, unsigned int max_size)
{
	if (max_size < PAGE_SIZE) {
		max_size = PAGE_SIZE;
		pr_info("%s: set to minimum %u\n", __func__, max_size);
	}

	q->limits.max_segment_size = max_size;
}
EXPORT_SYMBOL(blk_queue_max_segment_size);

void blk_queue_write_cache(struct request_queue *q, bool wc, bool fua)
{
	if (wc)
		blk_queue_flag_set(QUEUE_FLAG_WC, q);
	else
		blk_queue_flag_clear(QUEUE_FLAG_WC, q);
	if (fua)
		blk_queue_flag_set(QUEUE_FLAG_FUA, q);
	else
		blk_queue_flag_clear(QUEUE_FLAG_FUA, q);
}
EXPORT_SYMBOL_GPL(blk_queue_write_cache);

/**
 * submit_bio - submit a bio to the block device layer for I/O
 * @bio: The &struct bio which describes the I/O
 *
 * submit_bio() is used to submit I/O requests to block devices.  It is passed a
 * fully set up &struct bio that describes the I/O that needs to be done.  The
 * bio will be send to the device described by the bi_disk field.
 */
void submit_bio(struct bio *bio)
{
	struct gendisk *disk = bio->bi_disk;
	struct request_queue *q = disk->queue;

	if (unlikely(blk_queue_dying(q))) {
		bio_io_error(bio);
		return;
	}
	q->make_request_fn(q, bio);
}
EXPORT_SYMBOL(submit_bio);

struct gendisk *blk_alloc_disk(struct request_queue *q, int minors)
{
	struct gendisk *disk;
	unsigned long flags;

	disk = kzalloc(sizeof(struct gendisk), GFP_KERNEL);
	if (!disk)
		return NULL;

	disk->queue = q;
	disk->minors = minors;
	spin_lock_irqsave(&disk_minor_lock, flags);
	disk->first_minor = next_minor;
	next_minor += minors;
	spin_unlock_irqrestore(&disk_minor_lock, flags);
	return disk;
}
EXPORT_SYMBOL(blk_alloc_disk);

int add_disk(struct gendisk *disk)
{
	if (!disk->fops || !disk->queue)
		return -EINVAL;

	pr_info("%s: %llu sectors\n", disk->disk_name,
		(unsigned long long)get_capacity(disk));
	return 0;
}
EXPORT_SYMBOL(add_disk);

void del_gendisk(struct gendisk *disk)
{
	set_capacity(disk, 0);
	blk_queue_flag_set(QUEUE_FLAG_DYING, disk->queue);
}
EXPORT_SYMBOL(del_gendisk);

void put_disk(struct gendisk *disk)
{
	kfree(disk);
}
EXPORT_SYMBOL(put_disk);

int register_blkdev(unsigned int major, const char *name)
{
	struct blk_major_name **n, *p;
	int index, ret = 0;

	mutex_lock(&major_names_lock);

	/* temporary */
	if (major == 0) {
		for (index = BLKDEV_MAJOR_MAX - 1; index > 0; index--) {
			if (major_names[index] == NULL)
				break;
		}

		if (index == 0) {
			pr_err("%s: failed to get major for %s\n",
			       __func__, name);
			ret = -EBUSY;
			goto out;
		}
		major = index;
		ret = major;
	}

	if (major >= BLKDEV_MAJOR_MAX) {
		pr_err("%s: major requested (%u) is greater than the maximum (%u) for %s\n",
		       __func__, major, BLKDEV_MAJOR_MAX-1, name);

		ret = -EINVAL;
		goto out;
	}

	p = kmalloc(sizeof(struct blk_major_name), GFP_KERNEL);
	if (p == NULL) {
		ret = -ENOMEM;
		goto out;
	}

	p->major = major;
	strscpy(p->name, name, sizeof(p->name));
	p->next = NULL;
	index = major % BLKDEV_MAJOR_MAX;

	for (n = &major_names[index]; *n; n = &(*n)->next) {
		if ((*n)->major == major)
			break;
	}
	if (!*n)
		*n = p;
	else
		ret = -EBUSY;

	if (ret < 0) {
		pr_err("register_blkdev: cannot get major %u for %s\n",
		       major, name);
		kfree(p);
	}
out:
	mutex_unlock(&major_names_lock);
	return ret;
}
EXPORT_SYMBOL(register_blkdev);

void unregister_blkdev(unsigned int major, const char *name)
{
	struct blk_major_name **n;
	struct blk_major_name *p = NULL;
	int index = major % BLKDEV_MAJOR_MAX;

	mutex_lock(&major_names_lock);
	for (n = &major_names[index]; *n; n = &(*n)->next)
		if ((*n)->major == major)
			break;
	if (!*n || strcmp((*n)->name, name)) {
		WARN_ON(1);
	} else {
		p = *n;
		*n = p->next;
	}
	mutex_unlock(&major_names_lock);
	kfree(p);
}
EXPORT_SYMBOL(unregister_blkdev);

static int __init blkdev_init(void)
{
	blk_requestq_cachep = kmem_cache_create("request_queue",
			sizeof(struct request_queue), 0, SLAB_PANIC, NULL);
	return 0;
}
subsys_initcall(blkdev_init);
