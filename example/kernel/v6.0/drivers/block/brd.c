// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ram backed block device driver.
 *
 * Copyright (C) 2007 Nick Piggin
 * Copyright (C) 2007 Novell Inc.
 *
 * Parts derived from drivers/block/rd.c, and drivers/block/loop.c, copyright
 * of their respective owners.
 */

#include <linux/init.h>
#include <linux/module.h>
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/list.h>
#include <linux/errno.h>

#define RAMDISK_MAJOR		1
#define PAGE_SECTORS_SHIFT	(PAGE_SHIFT - SECTOR_SHIFT)
#define PAGE_SECTORS		(1 << PAGE_SECTORS_SHIFT)

/*
 * Each block ramdisk device has a xarray brd_pages of pages that stores
 * the pages containing the block device's contents. A brd page's ->index is
 * its offset in PAGE_SIZE units. This is similar to, but in no way connected
 * with, the kernel's pagecache or buffer cache (which sit above our block
 * device).
 */
struct brd_device {
	int			brd_number;
	struct gendisk		*brd_disk;
	struct request_queue	*brd_queue;
	struct list_head	brd_list;
	struct page		**brd_pages;
	unsigned long		brd_nr_pages;
};

static LIST_HEAD(brd_devices);
static int rd_nr = 16;
static unsigned long rd_size = 4096;

/*
 * Look up and return a brd's page for a given sector.
 */
static struct page *brd_lookup_page(struct brd_device *brd, sector_t sector)
{
	unsigned long idx = sector >> PAGE_SECTORS_SHIFT;

	if (idx >= brd->brd_nr_pages)
		return NULL;
	if (!brd->brd_pages[idx])
		brd->brd_pages[idx] = alloc_page(GFP_NOIO | __GFP_ZERO);
	return brd->brd_pages[idx];
}

static int brd_do_bvec(struct brd_device *brd, struct bio_vec *bv,
		       unsigned int op, sector_t sector)
{
	struct page *page = brd_lookup_page(brd, sector);
	unsigned int offset = (sector & (PAGE_SECTORS - 1)) << SECTOR_SHIFT;
	void *mem;

	if (!page)
		return -ENOSPC;

	mem = page_address(page) + offset;
	if (op == REQ_OP_WRITE)
		memcpy(mem, page_address(bv->bv_page) + bv->bv_offset, bv->bv_len);
	else
		memcpy(page_address(bv->bv_page) + bv->bv_offset, mem, bv->bv_len);
	return 0;
}

static void brd_make_request(struct request_queue *q, struct bio *bio)
{
	struct brd_device *brd = q->queuedata;
	sector_t sector = bio->bi_iter.bi_sector;
	struct bio_vec *bvec;
	int i;

	bio_for_each_bvec(bvec, bio, i) {
		int err = brd_do_bvec(brd, bvec, bio_op(bio), sector);

		if (err) {
			bio_io_error(bio);
			return;
		}
		sector += bvec->bv_len >> SECTOR_SHIFT;
	}

	bio_endio(bio);
}

static const struct block_device_operations brd_fops = {
	.owner =		THIS_MODULE,
};

static int brd_alloc(int i)
{
	struct brd_device *brd;
	struct gendisk *disk;

	brd = kzalloc(sizeof(*brd), GFP_KERNEL);
	if (!brd)
		return -ENOMEM;
	brd->brd_number = i;
	brd->brd_nr_pages = rd_size >> (PAGE_SHIFT - 10);
	brd->brd_pages = kcalloc(brd->brd_nr_pages, sizeof(struct page *), GFP_KERNEL);
	if (!brd->brd_pages)
		goto out_free_dev;

	brd->brd_queue = blk_queue_make(brd_make_request, -1);
	if (!brd->brd_queue)
		goto out_free_pages;
	brd->brd_queue->queuedata = brd;

	disk = brd->brd_disk = blk_alloc_disk(brd->brd_queue, 1);
	if (!disk)
		goto out_cleanup_queue;
	disk->major = RAMDISK_MAJOR;
	disk->fops = &brd_fops;
	disk->private_data = brd;
	snprintf(disk->disk_name, DISK_NAME_LEN, "ram%d", i);
	set_capacity(disk, rd_size * 2);
	blk_queue_physical_block_size(brd->brd_queue, PAGE_SIZE);
	blk_queue_flag_set(QUEUE_FLAG_NONROT, brd->brd_queue);

	list_add_tail(&brd->brd_list, &brd_devices);
	return add_disk(disk);

out_cleanup_queue:
	blk_cleanup_queue(brd->brd_queue);
out_free_pages:
	kfree(brd->brd_pages);
out_free_dev:
	kfree(brd);
	return -ENOMEM;
}

static int __init brd_init(void)
{
	int err, i;

	if (register_blkdev(RAMDISK_MAJOR, "ramdisk"))
		return -EIO;

	for (i = 0; i < rd_nr; i++) {
		err = brd_alloc(i);
		if (err)
			return err;
	}

	pr_info("brd: module loaded\n");
	return 0;
}

module_init(brd_init);
module_param(rd_nr, int, 0444);
MODULE_PARM_DESC(rd_nr, "Maximum number of brd devices");
module_param(rd_size, ulong, 0444);
MODULE_PARM_DESC(rd_size, "Size of each RAM disk in kbytes.");
MODULE_LICENSE("GPL");
MODULE_ALIAS_BLOCKDEV_MAJOR(RAMDISK_MAJOR);
MODULE_ALIAS("rd");
