// SPDX-License-Identifier: GPL-2.0-only
/*
 * blkfront.c
 *
 * XenLinux virtual block device driver.
 *
 * Copyright (c) 2003-2004, Keir Fraser & Steve Hand
 * Copyright (c) 2005, XenSource Ltd
 */

#define pr_fmt(fmt) "xen-blkfront: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/errno.h>

#include <xen/xen.h>
#include <xen/xenbus.h>
#include <xen/grant_table.h>
#include <xen/events.h>
#include <xen/interface.h>

#define XENVBD_MAJOR		202
#define BLK_RING_SIZE		32
#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11

/* The blkif ring ABI shared with blkback. */
#define BLKIF_OP_READ		0
#define BLKIF_OP_WRITE		1

#define BLKIF_RSP_EOPNOTSUPP	-2
#define BLKIF_RSP_ERROR		-1
#define BLKIF_RSP_OKAY		0

struct blkif_request_segment {
	grant_ref_t gref;	/* reference to I/O buffer frame        */
	u8 first_sect, last_sect;
};

struct blkif_request {
	u8 operation;		/* BLKIF_OP_???                         */
	u8 nr_segments;		/* number of segments                   */
	u16 handle;		/* only for read/write requests         */
	u64 id;			/* private guest value, echoed in resp  */
	sector_t sector_number;	/* start sector idx on disk (r/w only)  */
	struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

struct blkif_response {
	u64 id;			/* copied from request */
	u8 operation;		/* copied from request */
	s16 status;		/* BLKIF_RSP_???       */
};

enum blkif_state {
	BLKIF_STATE_DISCONNECTED,
	BLKIF_STATE_CONNECTED,
};

struct blk_shadow {
	struct blkif_request req;
	struct bio *bio;
	grant_ref_t grefs[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

struct blkfront_info;

/* Per-ring info: the shared ring, its event channel and its shadow copy. */
struct blkfront_ring_info {
	/* Lock to protect data in every ring buffer. */
	spinlock_t ring_lock;
	struct blkif_request *ring;
	struct blkif_response *rsp;
	unsigned int req_prod, rsp_cons;
	unsigned int ring_ref;
	evtchn_port_t evtchn;
	unsigned int irq;
	struct blk_shadow shadow[BLK_RING_SIZE];
	unsigned long shadow_free;
	struct blkfront_info *dev_info;
};

/* One per virtual block device, hanging off gendisk->private_data. */
struct blkfront_info {
	struct xenbus_device *xbdev;
	struct gendisk *gd;
	u16 sector_size;
	int vdevice;
	u16 handle;
	enum blkif_state connected;
	struct request_queue *rq;
	struct blkfront_ring_info rinfo;
};

static int get_id_from_freelist(struct blkfront_ring_info *rinfo)
{
	unsigned long free = rinfo->shadow_free;

	BUG_ON(free >= BLK_RING_SIZE);
	rinfo->shadow_free = rinfo->shadow[free].req.id;
	rinfo->shadow[free].req.id = 0x0fffffee; /* debug */
	return free;
}

static void add_id_to_freelist(struct blkfront_ring_info *rinfo,
			       unsigned long id)
{
	rinfo->shadow[id].req.id  = rinfo->shadow_free;
	rinfo->shadow[id].bio = NULL;
	rinfo->shadow_free = id;
}

/*
 * Generate a Xen blkfront IO request from a bio.
 */
static int blkif_queue_bio(struct bio *bio, struct blkfront_ring_info *rinfo)
{
	struct blkfront_info *info = rinfo->dev_info;
	struct blkif_request *ring_req;
	struct bio_vec *bvec;
	unsigned long id;
	grant_ref_t gref_head;
	int i, ref;

	if (gnttab_alloc_grant_references(BLKIF_MAX_SEGMENTS_PER_REQUEST,
					  &gref_head) < 0)
		return 1;

	id = get_id_from_freelist(rinfo);
	ring_req = &rinfo->ring[rinfo->req_prod % BLK_RING_SIZE];
	ring_req->id = id;
	ring_req->sector_number = bio->bi_iter.bi_sector;
	ring_req->handle = info->handle;
	ring_req->operation = bio_data_dir(bio) ? BLKIF_OP_WRITE : BLKIF_OP_READ;
	ring_req->nr_segments = 0;

	bio_for_each_bvec(bvec, bio, i) {
		unsigned int fsect = bvec->bv_offset >> 9;
		unsigned int lsect = fsect + (bvec->bv_len >> 9) - 1;

		if (ring_req->nr_segments == BLKIF_MAX_SEGMENTS_PER_REQUEST)
			break;

		ref = gnttab_claim_grant_reference(&gref_head);
		BUG_ON(ref == -ENOSPC);

		gnttab_page_grant_foreign_access_ref_one(ref,
				info->xbdev->otherend_id, bvec->bv_page,
				ring_req->operation == BLKIF_OP_WRITE);

		rinfo->shadow[id].grefs[ring_req->nr_segments] = ref;
		ring_req->seg[ring_req->nr_segments].gref = ref;
		ring_req->seg[ring_req->nr_segments].first_sect = fsect;
		ring_req->seg[ring_req->nr_segments].last_sect = lsect;
		ring_req->nr_segments++;
	}

	rinfo->req_prod++;
	rinfo->shadow[id].req = *ring_req;
	rinfo->shadow[id].bio = bio;

	gnttab_free_grant_references(gref_head);
	return 0;
}

static void blkfront_make_request(struct request_queue *q, struct bio *bio)
{
	struct blkfront_info *info = q->queuedata;
	struct blkfront_ring_info *rinfo = &info->rinfo;
	unsigned long flags;

	spin_lock_irqsave(&rinfo->ring_lock, flags);
	if (info->connected != BLKIF_STATE_CONNECTED ||
	    blkif_queue_bio(bio, rinfo)) {
		spin_unlock_irqrestore(&rinfo->ring_lock, flags);
		bio_io_error(bio);
		return;
	}
	virt_wmb();
	notify_remote_via_irq(rinfo->irq);
	spin_unlock_irqrestore(&rinfo->ring_lock, flags);
}

static void blkif_completion(struct blk_shadow *s, struct blkfront_ring_info *rinfo,
			     struct blkif_response *bret)
{
	int i;

	for (i = 0; i < s->req.nr_segments; i++) {
		if (!gnttab_end_foreign_access_ref(s->grefs[i]))
			pr_alert("grant still in use by backend\n");
		gnttab_free_grant_reference(s->grefs[i]);
	}
}

static irqreturn_t blkif_interrupt(int irq, void *dev_id)
{
	struct blkfront_ring_info *rinfo = (struct blkfront_ring_info *)dev_id;
	struct blkfront_info *info = rinfo->dev_info;
	unsigned long flags;

	if (unlikely(info->connected != BLKIF_STATE_CONNECTED))
		return IRQ_HANDLED;

	spin_lock_irqsave(&rinfo->ring_lock, flags);
	while (rinfo->rsp_cons != rinfo->req_prod) {
		struct blkif_response *bret = &rinfo->rsp[rinfo->rsp_cons % BLK_RING_SIZE];
		unsigned long id = bret->id;
		struct bio *bio = rinfo->shadow[id].bio;

		virt_rmb(); /* Ensure we see queued responses up to 'rp'. */
		rinfo->rsp_cons++;

		blkif_completion(&rinfo->shadow[id], rinfo, bret);
		add_id_to_freelist(rinfo, id);

		if (!bio)
			continue;
		bio->bi_status = bret->status == BLKIF_RSP_OKAY ? BLK_STS_OK :
				 bret->status == BLKIF_RSP_EOPNOTSUPP ? BLK_STS_NOTSUPP :
				 BLK_STS_IOERR;
		bio_endio(bio);
	}
	spin_unlock_irqrestore(&rinfo->ring_lock, flags);

	return IRQ_HANDLED;
}

static int xlvbd_init_blk_queue(struct blkfront_info *info)
{
	struct request_queue *rq;

	rq = blk_queue_make(blkfront_make_request, -1);
	if (!rq)
		return -ENOMEM;

	rq->queuedata = info;
	blk_queue_flag_set(QUEUE_FLAG_NONROT, rq);

	/* Hard sector size and max sectors impersonate the equiv. hardware. */
	blk_queue_logical_block_size(rq, info->sector_size);
	blk_queue_max_hw_sectors(rq, (BLKIF_MAX_SEGMENTS_PER_REQUEST * XEN_PAGE_SIZE) / 512);

	/* Each segment in a request is up to an aligned page in size. */
	blk_queue_max_segment_size(rq, PAGE_SIZE);
	blk_queue_max_segments(rq, BLKIF_MAX_SEGMENTS_PER_REQUEST);

	/* Ensure a merged request will fit in a single I/O ring slot. */
	blk_queue_virt_boundary(rq, XEN_PAGE_SIZE - 1);


	info->rq = rq;
	return 0;
}

static const struct block_device_operations xlvbd_block_fops = {
	.owner = THIS_MODULE,
};

static int xlvbd_alloc_gendisk(sector_t capacity, struct blkfront_info *info,
			       u16 sector_size)
{
	struct gendisk *gd;
	int err;

	info->sector_size = sector_size;
	err = xlvbd_init_blk_queue(info);
	if (err)
		return err;

	gd = blk_alloc_disk(info->rq, 16);
	if (!gd) {
		blk_cleanup_queue(info->rq);
		return -ENOMEM;
	}

	snprintf(gd->disk_name, DISK_NAME_LEN, "xvd%c", 'a' + info->vdevice % 26);
	gd->major = XENVBD_MAJOR;
	gd->fops = &xlvbd_block_fops;
	gd->private_data = info;
	set_capacity(gd, capacity);

	info->gd = gd;
	return 0;
}

static int setup_blkring(struct xenbus_device *dev,
			 struct blkfront_ring_info *rinfo)
{
	grant_ref_t gref;
	int err, i;

	rinfo->ring = (void *)__get_free_page(GFP_NOIO | __GFP_HIGH | __GFP_ZERO);
	if (!rinfo->ring) {
		xenbus_dev_fatal(dev, -ENOMEM, "allocating shared ring");
		return -ENOMEM;
	}
	rinfo->rsp = (struct blkif_response *)rinfo->ring;

	err = xenbus_grant_ring(dev, rinfo->ring, 1, &gref);
	if (err < 0) {
		free_page((unsigned long)rinfo->ring);
		rinfo->ring = NULL;
		return err;
	}
	rinfo->ring_ref = gref;

	err = xenbus_alloc_evtchn(dev, &rinfo->evtchn);
	if (err)
		return err;

	err = bind_evtchn_to_irqhandler(rinfo->evtchn, blkif_interrupt, 0,
					"blkif", rinfo);
	if (err <= 0) {
		xenbus_dev_fatal(dev, err,
				 "bind_evtchn_to_irqhandler failed");
		return err;
	}
	rinfo->irq = err;

	for (i = 0; i < BLK_RING_SIZE; i++)
		rinfo->shadow[i].req.id = i + 1;
	rinfo->shadow[BLK_RING_SIZE - 1].req.id = 0x0fffffff;
	rinfo->shadow_free = 0;

	return 0;
}

/* Common code used when first setting up, and when resuming. */
static int talk_to_blkback(struct xenbus_device *dev,
			   struct blkfront_info *info)
{
	const char *message = NULL;
	struct xenbus_transaction xbt;
	int err;

	spin_lock_init(&info->rinfo.ring_lock);
	info->rinfo.dev_info = info;
	err = setup_blkring(dev, &info->rinfo);
	if (err)
		return err;

again:
	err = xenbus_transaction_start(&xbt);
	if (err) {
		xenbus_dev_fatal(dev, err, "starting transaction");
		return err;
	}

	err = xenbus_printf(xbt, dev->nodename, "ring-ref", "%u", info->rinfo.ring_ref);
	if (err) {
		message = "writing ring-ref";
		goto abort_transaction;
	}
	err = xenbus_printf(xbt, dev->nodename, "event-channel", "%u", info->rinfo.evtchn);
	if (err) {
		message = "writing event-channel";
		goto abort_transaction;
	}

	err = xenbus_transaction_end(xbt, 0);
	if (err) {
		if (err == -EAGAIN)
			goto again;
		xenbus_dev_fatal(dev, err, "completing transaction");
		return err;
	}

	xenbus_switch_state(dev, XenbusStateInitialised);
	return 0;

 abort_transaction:
	xenbus_transaction_end(xbt, 1);
	if (message)
		xenbus_dev_fatal(dev, err, "%s", message);
	return err;
}

/* The backend is ready and has told us about the disk: add it. */
static void blkfront_connect(struct blkfront_info *info)
{
	unsigned long long sectors;
	unsigned int sector_size;
	int err;

	sectors = xenbus_read_unsigned(info->xbdev->otherend, "sectors", 0);
	sector_size = xenbus_read_unsigned(info->xbdev->otherend, "sector-size", 512);

	err = xlvbd_alloc_gendisk(sectors, info, sector_size);
	if (err) {
		xenbus_dev_fatal(info->xbdev, err, "xlvbd_add at %s",
				 info->xbdev->otherend);
		return;
	}

	xenbus_switch_state(info->xbdev, XenbusStateConnected);
	info->connected = BLKIF_STATE_CONNECTED;

	err = add_disk(info->gd);
	if (err)
		xenbus_dev_fatal(info->xbdev, err, "add_disk");
}

/*
 * Callback received when the backend's state changes.
 */
static void blkback_changed(struct xenbus_device *dev,
			    enum xenbus_state backend_state)
{
	struct blkfront_info *info = dev_get_drvdata(dev);

	pr_debug("blkfront:blkback_changed to state %d.\n", backend_state);

	switch (backend_state) {
	case XenbusStateInitWait:
		if (dev->state != XenbusStateInitialising)
			break;
		if (talk_to_blkback(dev, info))
			break;
		break;
	case XenbusStateInitialising:
	case XenbusStateInitialised:
	case XenbusStateReconfiguring:
	case XenbusStateReconfigured:
	case XenbusStateUnknown:
		break;

	case XenbusStateConnected:
		blkfront_connect(info);
		break;

	case XenbusStateClosed:
		if (dev->state == XenbusStateClosed)
			break;
		fallthrough;
	case XenbusStateClosing:
		xenbus_frontend_closed(dev);
		break;
	}
}

static int blkfront_probe(struct xenbus_device *dev,
			  const struct xenbus_device_id *id)
{
	int vdevice;
	struct blkfront_info *info;

	/* FIXME: Use dynamic device id if this is not set. */
	vdevice = xenbus_read_unsigned(dev->nodename, "virtual-device", 0);
	if (!vdevice) {
		xenbus_dev_fatal(dev, -ENOENT, "reading virtual-device");
		return -ENOENT;
	}

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info) {
		xenbus_dev_fatal(dev, -ENOMEM, "allocating info structure");
		return -ENOMEM;
	}

	info->xbdev = dev;
	info->vdevice = vdevice;
	info->connected = BLKIF_STATE_DISCONNECTED;

	/* Front end dir is a number, which is used as the id. */
	info->handle = simple_strtoul(strrchr(dev->nodename, '/') + 1, NULL, 0);
	dev_set_drvdata(dev, info);

	return 0;
}

static int blkfront_remove(struct xenbus_device *xbdev)
{
	struct blkfront_info *info = dev_get_drvdata(xbdev);

	if (info->gd) {
		del_gendisk(info->gd);
		blk_cleanup_queue(info->rq);
		put_disk(info->gd);
	}
	if (info->rinfo.irq)
		unbind_from_irqhandler(info->rinfo.irq, &info->rinfo);

	kfree(info);
	return 0;
}

static const struct xenbus_device_id blkfront_ids[] = {
	{ "vbd" },
	{ "" }
};

static struct xenbus_driver blkfront_driver = {
	.ids  = blkfront_ids,
	.probe = blkfront_probe,
	.remove = blkfront_remove,
	.otherend_changed = blkback_changed,
};

static int __init xlblk_init(void)
{
	int ret;

	if (!xen_domain())
		return -ENODEV;

	if (register_blkdev(XENVBD_MAJOR, "xvd")) {
		pr_warn("xen_blk: can't get major %d with name %s\n",
			XENVBD_MAJOR, "xvd");
		return -ENODEV;
	}

	ret = xenbus_register_frontend(&blkfront_driver);
	if (ret) {
		unregister_blkdev(XENVBD_MAJOR, "xvd");
		return ret;
	}

	return 0;
}
module_init(xlblk_init);

static void __exit xlblk_exit(void)
{
	xenbus_unregister_driver(&blkfront_driver);
	unregister_blkdev(XENVBD_MAJOR, "xvd");
}
module_exit(xlblk_exit);

MODULE_DESCRIPTION("Xen virtual block device frontend");
MODULE_LICENSE("GPL");
MODULE_ALIAS_BLOCKDEV_MAJOR(XENVBD_MAJOR);
MODULE_ALIAS("xen:vbd");
MODULE_ALIAS("xenblk");
