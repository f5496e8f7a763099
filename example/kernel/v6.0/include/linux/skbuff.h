/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 *	Definitions for the 'struct sk_buff' memory handlers.
 *
 *	Authors:
 *		Alan Cox, <gw4pts@gw4pts.ampr.org>
 *		Florian La Roche, <rzsfl@rz.uni-sb.de>
 */

#ifndef _LINUX_SKBUFF_H
#define _LINUX_SKBUFF_H

#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/gfp.h>

/* The interface for checksum offload between the stack and networking drivers
 * is as follows...
 *
 * CHECKSUM_NONE:
 *   The driver or device did not verify the checksum.
 * CHECKSUM_UNNECESSARY:
 *   The hardware verified the checksum of the packet.
 * CHECKSUM_PARTIAL:
 *   The checksum must be filled in by the device (transmit) or
 *   only part of it was verified (receive).
 */
#define CHECKSUM_NONE		0
#define CHECKSUM_UNNECESSARY	1
#define CHECKSUM_COMPLETE	2
#define CHECKSUM_PARTIAL	3

#define MAX_SKB_FRAGS 17UL

struct net_device;

/**
 *	struct sk_buff - socket buffer
 *	@next: Next buffer in list
 *	@prev: Previous buffer in list
 *	@dev: Device we arrived on/are leaving by
 *	@len: Length of actual data
 *	@data_len: Data length
 *	@protocol: Packet protocol from driver
 *	@ip_summed: Driver fed us an IP checksum
 *	@head: Head of buffer
 *	@data: Data head pointer
 *	@tail: Tail pointer
 *	@end: End pointer
 *	@truesize: Buffer size
 *	@users: User count - see {datagram,tcp}.c
 */
struct sk_buff {
	struct sk_buff		*next;
	struct sk_buff		*prev;
	struct net_device	*dev;
	unsigned int		len;
	unsigned int		data_len;
	__be16			protocol;
	u8			ip_summed;
	unsigned char		*head;
	unsigned char		*data;
	unsigned char		*tail;
	unsigned char		*end;
	unsigned int		truesize;
	atomic_t		users;
};

struct sk_buff *alloc_skb(unsigned int size, gfp_t priority);
void kfree_skb(struct sk_buff *skb);
void consume_skb(struct sk_buff *skb);
struct sk_buff *skb_copy(const struct sk_buff *skb, gfp_t priority);
struct sk_buff *__netdev_alloc_skb(struct net_device *dev, unsigned int length,
				   gfp_t gfp_mask);

static inline struct sk_buff *netdev_alloc_skb(struct net_device *dev,
					       unsigned int length)
{
	return __netdev_alloc_skb(dev, length, GFP_ATOMIC);
}

void *skb_put(struct sk_buff *skb, unsigned int len);
void *skb_push(struct sk_buff *skb, unsigned int len);
void *skb_pull(struct sk_buff *skb, unsigned int len);
void skb_trim(struct sk_buff *skb, unsigned int len);
int skb_linearize(struct sk_buff *skb);
void skb_orphan(struct sk_buff *skb);
void skb_tx_timestamp(struct sk_buff *skb);

static inline void skb_reserve(struct sk_buff *skb, int len)
{
	skb->data += len;
	skb->tail += len;
}

static inline unsigned int skb_headlen(const struct sk_buff *skb)
{
	return skb->len - skb->data_len;
}

static inline bool skb_is_nonlinear(const struct sk_buff *skb)
{
	return skb->data_len;
}

#define dev_kfree_skb(a)	consume_skb(a)

#endif	/* _LINUX_SKBUFF_H */
