// SPDX-License-Identifier: GPL-2.0-only
/*
 *  linux/drivers/block/loop.c
 *
 *  Written by Theodore Ts'o, 3/29/93
 *
 * Copyright 1993 by Theodore Ts'o.  Redistribution of this file is
 * permitted under the GNU General Public License.
 *
 * Loop devices make a regular file look like a block device: every bio
 * is turned into reads and writes of the backing file.
 */

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/fs.h>
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/mutex.h>
#include <linux/errno.h>

#define LOOP_MAJOR	7

enum {
	Lo_unbound,
	Lo_bound,
	Lo_rundown,
	Lo_deleting,
};

struct loop_device {
	int			lo_number;
	loff_t			lo_offset;
	loff_t			lo_sizelimit;
	int			lo_state;
	struct file		*lo_backing_file;
	struct mutex		lo_mutex;
	struct request_queue	*lo_queue;
	struct gendisk		*lo_disk;
};

static DEFINE_MUTEX(loop_ctl_mutex);
static int max_loop = 8;
static struct loop_device *loop_devices[256];

static int lo_rw_bio(struct loop_device *lo, struct bio *bio)
{
	loff_t pos = ((loff_t)bio->bi_iter.bi_sector << 9) + lo->lo_offset;
	struct bio_vec *bvec;
	ssize_t len = 0;
	int i;

	bio_for_each_bvec(bvec, bio, i) {
		void *buf = page_address(bvec->bv_page) + bvec->bv_offset;

		if (bio_op(bio) == REQ_OP_WRITE)
			len = kernel_write(lo->lo_backing_file, buf, bvec->bv_len, &pos);
		else
			len = kernel_read(lo->lo_backing_file, buf, bvec->bv_len, &pos);
		if (len < 0)
			return len;
	}
	return 0;
}

static void loop_make_request(struct request_queue *q, struct bio *bio)
{
	struct loop_device *lo = q->queuedata;
	int ret = -EIO;

	mutex_lock(&lo->lo_mutex);
	if (lo->lo_state == Lo_bound)
		ret = lo_rw_bio(lo, bio);
	mutex_unlock(&lo->lo_mutex);

	bio->bi_status = ret ? BLK_STS_IOERR : BLK_STS_OK;
	bio_endio(bio);
}

static int lo_open(struct gendisk *disk, fmode_t mode)
{
	struct loop_device *lo = disk->private_data;
	int err;

	err = mutex_lock_interruptible(&lo->lo_mutex);
	if (err)
		return err;
	if (lo->lo_state == Lo_deleting)
		err = -ENXIO;
	mutex_unlock(&lo->lo_mutex);
	return err;
}

static const struct block_device_operations lo_fops = {
	.owner =	THIS_MODULE,
	.open =		lo_open,
};

static int loop_add(int i)
{
	struct loop_device *lo;
	int err = -ENOMEM;

	lo = kzalloc(sizeof(*lo), GFP_KERNEL);
	if (!lo)
		goto out;
	lo->lo_state = Lo_unbound;
	lo->lo_number = i;
	mutex_init(&lo->lo_mutex);

	lo->lo_queue = blk_queue_make(loop_make_request, -1);
	if (!lo->lo_queue)
		goto out_free_dev;
	lo->lo_queue->queuedata = lo;
	blk_queue_max_hw_sectors(lo->lo_queue, BLK_DEF_MAX_SECTORS);

	lo->lo_disk = blk_alloc_disk(lo->lo_queue, 1);
	if (!lo->lo_disk)
		goto out_cleanup_queue;
	lo->lo_disk->major = LOOP_MAJOR;
	lo->lo_disk->fops = &lo_fops;
	lo->lo_disk->private_data = lo;
	sprintf(lo->lo_disk->disk_name, "loop%d", i);

	err = add_disk(lo->lo_disk);
	if (err)
		goto out_put_disk;

	loop_devices[i] = lo;
	return i;

out_put_disk:
	put_disk(lo->lo_disk);
out_cleanup_queue:
	blk_cleanup_queue(lo->lo_queue);
out_free_dev:
	kfree(lo);
out:
	return err;
}

static void loop_remove(struct loop_device *lo)
{
	del_gendisk(lo->lo_disk);
	blk_cleanup_queue(lo->lo_queue);
	put_disk(lo->lo_disk);
	kfree(lo);
}

static int __init loop_init(void)
{
	int i;

	if (register_blkdev(LOOP_MAJOR, "loop"))
		return -EIO;

	mutex_lock(&loop_ctl_mutex);
	for (i = 0; i < max_loop; i++)
		loop_add(i);
	mutex_unlock(&loop_ctl_mutex);

	pr_info("loop: module loaded\n");
	return 0;
}

static void __exit loop_exit(void)
{
	int i;

	for (i = 0; i < max_loop; i++)
		if (loop_devices[i])
			loop_remove(loop_devices[i]);

	unregister_blkdev(LOOP_MAJOR, "loop");
}

module_init(loop_init);
module_exit(loop_exit);

module_param(max_loop, int, 0444);
MODULE_PARM_DESC(max_loop, "Maximum number of loop devices");
MODULE_LICENSE("GPL");
MODULE_ALIAS_BLOCKDEV_MAJOR(LOOP_MAJOR);
