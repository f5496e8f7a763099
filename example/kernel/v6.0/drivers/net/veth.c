// SPDX-License-Identifier: GPL-2.0-only
/*
 *  drivers/net/veth.c
 *
 *  Copyright (C) 2007 OpenVZ http://openvz.org, SWsoft Inc
 *
 * Author: Pavel Emelianov <xemul@openvz.org>
 * Ethtool interface from: Eric W. Biederman <ebiederm@xmission.com>
 *
 */

#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <linux/module.h>
#include <linux/string.h>

#define DRV_NAME	"veth"
#define DRV_VERSION	"1.0"

#define VETH_XDP_FLAG		BIT(0)
#define VETH_RING_SIZE		256
#define VETH_XDP_HEADROOM	(256 + NET_IP_ALIGN)

#define VETH_XDP_TX_BULK_SIZE	16
#define VETH_XDP_BATCH		16

struct veth_stats {
	u64	rx_drops;
	/* xdp */
	u64	xdp_packets;
	u64	xdp_bytes;
	u64	xdp_redirect;
	u64	xdp_drops;
	u64	xdp_tx;
	u64	xdp_tx_err;
	u64	peer_tq_xdp_xmit;
	u64	peer_tq_xdp_xmit_err;
};

struct veth_rq {
	struct napi_struct	xdp_napi;
	struct net_device	*dev;
	struct veth_stats	stats;
	struct sk_buff		*ring[VETH_RING_SIZE];
	unsigned int		head;
	unsigned int		tail;
};

struct veth_priv {
	struct net_device	*peer;
	atomic64_t		dropped;
	struct veth_rq		*rq;
	unsigned int		requested_headroom;
};

static bool veth_ring_full(const struct veth_rq *rq)
{
	return rq->head - rq->tail >= VETH_RING_SIZE;
}

static int veth_forward_skb(struct net_device *dev, struct sk_buff *skb,
			    struct veth_rq *rq, bool xdp)
{
	if (xdp) {
		if (veth_ring_full(rq))
			return -ENOSPC;
		rq->ring[rq->head++ % VETH_RING_SIZE] = skb;
		napi_schedule(&rq->xdp_napi);
		return 0;
	}
	return netif_rx(skb);
}

static netdev_tx_t veth_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct veth_priv *rcv_priv, *priv = netdev_priv(dev);
	struct net_device *rcv;
	int length = skb->len;

	rcv = priv->peer;
	if (unlikely(!rcv)) {
		kfree_skb(skb);
		goto drop;
	}

	rcv_priv = netdev_priv(rcv);
	skb->dev = rcv;
	if (likely(veth_forward_skb(rcv, skb, rcv_priv->rq, true) == 0)) {
		dev_lstats_add(dev, length);
	} else {
drop:
		atomic64_inc(&priv->dropped);
	}

	return NETDEV_TX_OK;
}

static int veth_xdp_rcv(struct veth_rq *rq, int budget)
{
	int done = 0;

	while (done < budget && rq->tail != rq->head) {
		struct sk_buff *skb = rq->ring[rq->tail++ % VETH_RING_SIZE];

		netif_receive_skb(skb);
		done++;
	}
	return done;
}

static int veth_poll(struct napi_struct *napi, int budget)
{
	struct veth_rq *rq =
		container_of(napi, struct veth_rq, xdp_napi);
	int done;

	done = veth_xdp_rcv(rq, budget);
	if (done < budget)
		napi_complete_done(napi, done);

	return done;
}

static int veth_napi_add(struct net_device *dev)
{
	struct veth_priv *priv = netdev_priv(dev);

	priv->rq = kcalloc(1, sizeof(*priv->rq), GFP_KERNEL);
	if (!priv->rq)
		return -ENOMEM;

	priv->rq->dev = dev;
	netif_napi_add(dev, &priv->rq->xdp_napi, veth_poll,
		       NAPI_POLL_WEIGHT);
	napi_enable(&priv->rq->xdp_napi);
	return 0;
}

static void veth_napi_del(struct net_device *dev)
{
	struct veth_priv *priv = netdev_priv(dev);

	napi_disable(&priv->rq->xdp_napi);
	netif_napi_del(&priv->rq->xdp_napi);
	kfree(priv->rq);
	priv->rq = NULL;
}

static int veth_open(struct net_device *dev)
{
	struct veth_priv *priv = netdev_priv(dev);
	struct net_device *peer = priv->peer;
	int err;

	if (!peer)
		return -ENOTCONN;

	err = veth_napi_add(dev);
	if (err)
		return err;

	if (peer->flags & IFF_UP) {
		netif_carrier_on(dev);
		netif_carrier_on(peer);
	}

	return 0;
}

static int veth_close(struct net_device *dev)
{
	struct veth_priv *priv = netdev_priv(dev);
	struct net_device *peer = priv->peer;

	netif_carrier_off(dev);
	if (peer)
		netif_carrier_off(peer);

	veth_napi_del(dev);
	return 0;
}

static const struct net_device_ops veth_netdev_ops = {
	.ndo_open            = veth_open,
	.ndo_stop            = veth_close,
	.ndo_start_xmit      = veth_xmit,
	.ndo_set_mac_address = eth_mac_addr,
};

static void veth_setup(struct net_device *dev)
{
	ether_setup(dev);

	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	dev->priv_flags |= IFF_NO_QUEUE;

	dev->netdev_ops = &veth_netdev_ops;
	dev->features |= NETIF_F_LLTX;
	dev->needs_free_netdev = true;
	dev->max_mtu = ETH_MAX_MTU;
}

static __init int veth_init(void)
{
	pr_info("veth: virtual ethernet pair driver %s\n", DRV_VERSION);
	return 0;
}

static __exit void veth_exit(void)
{
}

module_init(veth_init);
module_exit(veth_exit);

MODULE_DESCRIPTION("Virtual Ethernet Tunnel");
MODULE_LICENSE("GPL v2");
MODULE_ALIAS_RTNL_LINK(DRV_NAME);
