/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2001 Jens Axboe <axboe@suse.de>
 */
#ifndef __LINUX_BIO_H
#define __LINUX_BIO_H

#include <linux/types.h>
#include <linux/mm.h>

typedef u8 blk_status_t;

#define BLK_STS_OK		((blk_status_t)0)
#define BLK_STS_NOTSUPP		((blk_status_t)1)
#define BLK_STS_TIMEOUT		((blk_status_t)2)
#define BLK_STS_NOSPC		((blk_status_t)3)
#define BLK_STS_RESOURCE	((blk_status_t)9)
#define BLK_STS_IOERR		((blk_status_t)10)

enum req_op {
	REQ_OP_READ		= 0,
	REQ_OP_WRITE		= 1,
	REQ_OP_FLUSH		= 2,
	REQ_OP_DISCARD		= 3,
	REQ_OP_LAST,
};

#define REQ_OP_MASK	0xff
#define REQ_SYNC	(1U << 11)
#define REQ_FUA		(1U << 17)
#define REQ_PREFLUSH	(1U << 18)

struct gendisk;

struct bio_vec {
	struct page	*bv_page;
	unsigned int	bv_len;
	unsigned int	bv_offset;
};

struct bvec_iter {
	sector_t	bi_sector;	/* device address in 512 byte sectors */
	unsigned int	bi_size;	/* residual I/O count */
	unsigned int	bi_idx;		/* current index into bvl_vec */
};

/*
 * main unit of I/O for the block layer and lower layers (ie drivers and
 * stacking drivers)
 */
struct bio {
	struct bio		*bi_next;	/* request queue link */
	struct gendisk		*bi_disk;
	unsigned int		bi_opf;		/* bottom bits REQ_OP, top bits
						 * req_flags.
						 */
	blk_status_t		bi_status;
	struct bvec_iter	bi_iter;
	void			(*bi_end_io)(struct bio *bio);
	void			*bi_private;
	unsigned short		bi_vcnt;	/* how many bio_vec's */
	unsigned short		bi_max_vecs;	/* max bvl_vecs we can hold */
	atomic_t		__bi_cnt;	/* pin count */
	struct bio_vec		*bi_io_vec;	/* the actual vec list */
};

#define bio_op(bio)		((bio)->bi_opf & REQ_OP_MASK)
#define bio_data_dir(bio)	(bio_op(bio) & 1 ? WRITE : READ)
#define bio_sectors(bio)	((bio)->bi_iter.bi_size >> 9)
#define bio_end_sector(bio)	((bio)->bi_iter.bi_sector + bio_sectors((bio)))

#define bio_for_each_bvec(bvl, bio, i)					\
	for ((i) = 0; (i) < (bio)->bi_vcnt && ((bvl) = &(bio)->bi_io_vec[(i)]); (i)++)

struct bio *bio_alloc(struct gendisk *disk, unsigned short nr_vecs,
		      unsigned int opf, gfp_t gfp_mask);
void bio_put(struct bio *bio);
void bio_endio(struct bio *bio);
int bio_add_page(struct bio *bio, struct page *page, unsigned int len,
		 unsigned int offset);

static inline void bio_io_error(struct bio *bio)
{
	bio->bi_status = BLK_STS_IOERR;
	bio_endio(bio);
}

static inline void bio_get(struct bio *bio)
{
	atomic_inc(&bio->__bi_cnt);
}

#endif /* __LINUX_BIO_H */
