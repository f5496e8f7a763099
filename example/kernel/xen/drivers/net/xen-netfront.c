// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Virtual network driver for conversing with remote driver backends.
 *
 * Copyright (c) 2002-2005, K A Fraser
 * Copyright (c) 2005, XenSource Ltd
 *
 * The frontend shares one transmit and one receive ring with the backend
 * (netback) in the driver domain, grants it access to the packet pages,
 * and is kicked through an event channel.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/mm.h>
#include <linux/errno.h>

#include <xen/xen.h>
#include <xen/xenbus.h>
#include <xen/events.h>
#include <xen/grant_table.h>
#include <xen/interface.h>

#define NET_TX_RING_SIZE	256
#define NET_RX_RING_SIZE	256

#define RX_COPY_THRESHOLD 256
#define NETFRONT_NAPI_WEIGHT 64

/* The netif ring ABI, as netback sees it: one slot per packet. */
struct xen_netif_tx_request {
	grant_ref_t gref;
	u16 offset;
	u16 flags;
	u16 id;
	u16 size;
};

struct xen_netif_rx_request {
	u16 id;
	grant_ref_t gref;
};

struct netfront_info;

struct netfront_queue {
	struct netfront_info *info;

	struct napi_struct napi;

	evtchn_port_t evtchn;
	unsigned int irq;

	spinlock_t   tx_lock;
	struct xen_netif_tx_request *tx_ring;
	unsigned int tx_req_prod, tx_rsp_cons;
	int tx_ring_ref;

	struct sk_buff *tx_skbs[NET_TX_RING_SIZE];
	grant_ref_t gref_tx_head;
	grant_ref_t grant_tx_ref[NET_TX_RING_SIZE];

	spinlock_t   rx_lock;
	struct xen_netif_rx_request *rx_ring;
	unsigned int rx_req_prod, rx_rsp_cons;
	int rx_ring_ref;

	struct sk_buff *rx_skbs[NET_RX_RING_SIZE];
	grant_ref_t gref_rx_head;
	grant_ref_t grant_rx_ref[NET_RX_RING_SIZE];
};

struct netfront_info {
	struct net_device *netdev;

	struct xenbus_device *xbdev;

	struct netfront_queue *queue;

	/* Statistics */
	struct rtnl_link_stats64 stats;
};

static void xennet_alloc_rx_buffers(struct netfront_queue *queue)
{
	unsigned int req_prod = queue->rx_req_prod;

	while (req_prod - queue->rx_rsp_cons < NET_RX_RING_SIZE) {
		struct sk_buff *skb;
		unsigned short id;
		grant_ref_t ref;
		struct xen_netif_rx_request *req;

		skb = __netdev_alloc_skb(queue->info->netdev,
					 RX_COPY_THRESHOLD + NET_IP_ALIGN,
					 GFP_ATOMIC | __GFP_NOWARN);
		if (unlikely(!skb))
			break;
		/* Align ip header to a 16 bytes boundary */
		skb_reserve(skb, NET_IP_ALIGN);

		id = req_prod & (NET_RX_RING_SIZE - 1);
		queue->rx_skbs[id] = skb;

		ref = gnttab_claim_grant_reference(&queue->gref_rx_head);
		WARN_ON_ONCE(IS_ERR_VALUE((unsigned long)(int)ref));
		queue->grant_rx_ref[id] = ref;

		gnttab_grant_foreign_access_ref(ref, queue->info->xbdev->otherend_id,
						virt_to_gfn(skb->data), 0);

		req = &queue->rx_ring[id];
		req->id = id;
		req->gref = ref;
		req_prod++;
	}

	queue->rx_req_prod = req_prod;
	virt_wmb();
	notify_remote_via_irq(queue->irq);
}

static void xennet_tx_buf_gc(struct netfront_queue *queue)
{
	unsigned int cons;

	for (cons = queue->tx_rsp_cons; cons != queue->tx_req_prod; cons++) {
		unsigned short id = cons & (NET_TX_RING_SIZE - 1);
		struct sk_buff *skb = queue->tx_skbs[id];

		if (!skb)
			continue;
		/* Stop at the first packet netback has not released yet. */
		if (!gnttab_end_foreign_access_ref(queue->grant_tx_ref[id]))
			break;
		gnttab_release_grant_reference(&queue->gref_tx_head,
					       queue->grant_tx_ref[id]);
		queue->grant_tx_ref[id] = INVALID_GRANT_REF;
		queue->tx_skbs[id] = NULL;
		dev_kfree_skb_any(skb);
	}
	queue->tx_rsp_cons = cons;

	if (netif_queue_stopped(queue->info->netdev))
		netif_wake_queue(queue->info->netdev);
}

static netdev_tx_t xennet_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct netfront_info *np = netdev_priv(dev);
	struct netfront_queue *queue = np->queue;
	struct xen_netif_tx_request *tx;
	unsigned long flags;
	unsigned short id;
	grant_ref_t ref;

	spin_lock_irqsave(&queue->tx_lock, flags);

	if (queue->tx_req_prod - queue->tx_rsp_cons >= NET_TX_RING_SIZE) {
		netif_stop_queue(dev);
		spin_unlock_irqrestore(&queue->tx_lock, flags);
		return NETDEV_TX_BUSY;
	}

	id = queue->tx_req_prod & (NET_TX_RING_SIZE - 1);
	ref = gnttab_claim_grant_reference(&queue->gref_tx_head);
	if (IS_ERR_VALUE((unsigned long)(int)ref)) {
		spin_unlock_irqrestore(&queue->tx_lock, flags);
		goto drop;
	}

	gnttab_grant_foreign_access_ref(ref, np->xbdev->otherend_id,
					virt_to_gfn(skb->data), 1);
	queue->tx_skbs[id] = skb;
	queue->grant_tx_ref[id] = ref;

	tx = &queue->tx_ring[id];
	tx->id = id;
	tx->gref = ref;
	tx->offset = (unsigned long)skb->data & ~XEN_PAGE_MASK;
	tx->size = skb->len;
	tx->flags = 0;
	queue->tx_req_prod++;

	virt_wmb();
	notify_remote_via_irq(queue->irq);

	np->stats.tx_bytes += skb->len;
	np->stats.tx_packets++;

	/* Note: It is not safe to access skb after xennet_tx_buf_gc()! */
	xennet_tx_buf_gc(queue);
	spin_unlock_irqrestore(&queue->tx_lock, flags);

	return NETDEV_TX_OK;

 drop:
	np->stats.tx_dropped++;
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static int xennet_poll(struct napi_struct *napi, int budget)
{
	struct netfront_queue *queue = container_of(napi, struct netfront_queue, napi);
	struct net_device *dev = queue->info->netdev;
	int work_done = 0;

	spin_lock(&queue->rx_lock);

	while (work_done < budget && queue->rx_rsp_cons != queue->rx_req_prod) {
		unsigned short id = queue->rx_rsp_cons & (NET_RX_RING_SIZE - 1);
		struct sk_buff *skb = queue->rx_skbs[id];

		queue->rx_skbs[id] = NULL;
		gnttab_end_foreign_access_ref(queue->grant_rx_ref[id]);
		gnttab_release_grant_reference(&queue->gref_rx_head,
					       queue->grant_rx_ref[id]);
		queue->grant_rx_ref[id] = INVALID_GRANT_REF;
		queue->rx_rsp_cons++;

		if (!skb)
			continue;
		skb->protocol = eth_type_trans(skb, dev);
		queue->info->stats.rx_packets++;
		queue->info->stats.rx_bytes += skb->len;
		netif_receive_skb(skb);
		work_done++;
	}

	xennet_alloc_rx_buffers(queue);

	if (work_done < budget)
		napi_complete_done(napi, work_done);

	spin_unlock(&queue->rx_lock);

	return work_done;
}

static irqreturn_t xennet_interrupt(int irq, void *dev_id)
{
	struct netfront_queue *queue = dev_id;
	unsigned long flags;

	spin_lock_irqsave(&queue->tx_lock, flags);
	xennet_tx_buf_gc(queue);
	spin_unlock_irqrestore(&queue->tx_lock, flags);

	if (likely(netif_carrier_ok(queue->info->netdev)))
		napi_schedule(&queue->napi);

	return IRQ_HANDLED;
}

static int xennet_open(struct net_device *dev)
{
	struct netfront_info *np = netdev_priv(dev);

	if (np->queue)
		napi_enable(&np->queue->napi);

	netif_start_queue(dev);
	return 0;
}

static int xennet_close(struct net_device *dev)
{
	struct netfront_info *np = netdev_priv(dev);

	netif_stop_queue(dev);
	if (np->queue)
		napi_disable(&np->queue->napi);
	return 0;
}

static const struct net_device_ops xennet_netdev_ops = {
	.ndo_open            = xennet_open,
	.ndo_stop            = xennet_close,
	.ndo_start_xmit      = xennet_start_xmit,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr   = eth_validate_addr,
};

static struct net_device *xennet_create_dev(struct xenbus_device *dev)
{
	struct net_device *netdev;
	struct netfront_info *np;

	netdev = alloc_etherdev(sizeof(struct netfront_info));
	if (!netdev)
		return ERR_PTR(-ENOMEM);

	np                   = netdev_priv(netdev);
	np->xbdev            = dev;
	np->queue            = NULL;

	netdev->netdev_ops	= &xennet_netdev_ops;
	netdev->features        = NETIF_F_IP_CSUM | NETIF_F_RXCSUM | NETIF_F_SG;
	netdev->hw_features	= NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_TSO;

	netdev->min_mtu = ETH_MIN_MTU;
	netdev->max_mtu = ETH_MAX_MTU - 14;

	np->netdev = netdev;
	netif_carrier_off(netdev);

	xenbus_switch_state(dev, XenbusStateInitialising);
	return netdev;
}

static int setup_netfront(struct xenbus_device *dev,
			  struct netfront_queue *queue)
{
	grant_ref_t gref;
	int err;

	queue->tx_ring_ref = INVALID_GRANT_REF;
	queue->rx_ring_ref = INVALID_GRANT_REF;

	queue->tx_ring = (void *)get_zeroed_page(GFP_NOIO | __GFP_HIGH);
	queue->rx_ring = (void *)get_zeroed_page(GFP_NOIO | __GFP_HIGH);
	if (!queue->tx_ring || !queue->rx_ring) {
		err = -ENOMEM;
		xenbus_dev_fatal(dev, err, "allocating rings");
		goto fail;
	}

	err = xenbus_grant_ring(dev, queue->tx_ring, 1, &gref);
	if (err < 0)
		goto fail;
	queue->tx_ring_ref = gref;

	err = xenbus_grant_ring(dev, queue->rx_ring, 1, &gref);
	if (err < 0)
		goto fail;
	queue->rx_ring_ref = gref;

	err = xenbus_alloc_evtchn(dev, &queue->evtchn);
	if (err)
		goto fail;

	err = bind_evtchn_to_irqhandler(queue->evtchn, xennet_interrupt, 0,
					queue->info->netdev->name, queue);
	if (err < 0)
		goto bind_fail;
	queue->irq = err;

	return 0;

bind_fail:
	xenbus_free_evtchn(dev, queue->evtchn);
	queue->evtchn = 0;
fail:
	if (queue->tx_ring)
		free_page((unsigned long)queue->tx_ring);
	if (queue->rx_ring)
		free_page((unsigned long)queue->rx_ring);
	return err;
}

static int xennet_init_queue(struct netfront_queue *queue)
{
	int err = 0;

	spin_lock_init(&queue->tx_lock);
	spin_lock_init(&queue->rx_lock);

	if (gnttab_alloc_grant_references(NET_TX_RING_SIZE,
					  &queue->gref_tx_head) < 0) {
		pr_alert("can't alloc tx grant refs\n");
		err = -ENOMEM;
		goto exit;
	}

	if (gnttab_alloc_grant_references(NET_RX_RING_SIZE,
					  &queue->gref_rx_head) < 0) {
		pr_alert("can't alloc rx grant refs\n");
		err = -ENOMEM;
		goto exit_free_tx;
	}

	netif_napi_add(queue->info->netdev, &queue->napi, xennet_poll,
		       NETFRONT_NAPI_WEIGHT);

	return 0;

 exit_free_tx:
	gnttab_free_grant_references(queue->gref_tx_head);
 exit:
	return err;
}

static void xennet_destroy_queue(struct netfront_info *info)
{
	struct netfront_queue *queue = info->queue;

	if (netif_running(info->netdev))
		napi_disable(&queue->napi);
	netif_napi_del(&queue->napi);
	if (queue->irq)
		unbind_from_irqhandler(queue->irq, queue);
	gnttab_free_grant_references(queue->gref_tx_head);
	gnttab_free_grant_references(queue->gref_rx_head);

	kfree(queue);
	info->queue = NULL;
}

/* Common code used when first setting up, and when resuming. */
static int talk_to_netback(struct xenbus_device *dev,
			   struct netfront_info *info)
{
	const char *message;
	struct xenbus_transaction xbt;
	struct netfront_queue *queue;
	int err;

	queue = kzalloc(sizeof(*queue), GFP_KERNEL);
	if (!queue)
		return -ENOMEM;
	queue->info = info;
	info->queue = queue;

	err = xennet_init_queue(queue);
	if (err < 0) {
		kfree(queue);
		info->queue = NULL;
		xenbus_dev_fatal(dev, err, "creating queue");
		return err;
	}

	err = setup_netfront(dev, queue);
	if (err)
		goto destroy_ring;

again:
	err = xenbus_transaction_start(&xbt);
	if (err) {
		xenbus_dev_fatal(dev, err, "starting transaction");
		goto destroy_ring;
	}

	err = xenbus_printf(xbt, dev->nodename, "tx-ring-ref", "%u",
			    queue->tx_ring_ref);
	if (err) {
		message = "writing tx-ring-ref";
		goto abort_transaction;
	}
	err = xenbus_printf(xbt, dev->nodename, "rx-ring-ref", "%u",
			    queue->rx_ring_ref);
	if (err) {
		message = "writing rx-ring-ref";
		goto abort_transaction;
	}
	err = xenbus_printf(xbt, dev->nodename, "event-channel", "%u",
			    queue->evtchn);
	if (err) {
		message = "writing event-channel";
		goto abort_transaction;
	}

	err = xenbus_transaction_end(xbt, 0);
	if (err) {
		if (err == -EAGAIN)
			goto again;
		xenbus_dev_fatal(dev, err, "completing transaction");
		goto destroy_ring;
	}

	return 0;

 abort_transaction:
	xenbus_transaction_end(xbt, 1);
	xenbus_dev_fatal(dev, err, "%s", message);
 destroy_ring:
	xennet_destroy_queue(info);
	return err;
}

static int xennet_connect(struct net_device *dev)
{
	struct netfront_info *np = netdev_priv(dev);
	int err;

	err = talk_to_netback(np->xbdev, np);
	if (err)
		return err;

	netif_carrier_on(np->netdev);
	notify_remote_via_irq(np->queue->irq);
	spin_lock(&np->queue->rx_lock);
	xennet_alloc_rx_buffers(np->queue);
	spin_unlock(&np->queue->rx_lock);

	return 0;
}

/*
 * Callback received when the backend's state changes.
 */
static void netback_changed(struct xenbus_device *dev,
			    enum xenbus_state backend_state)
{
	struct netfront_info *np = dev_get_drvdata(dev);
	struct net_device *netdev = np->netdev;

	pr_debug("%s: backend %s\n", dev->nodename, xenbus_strstate(backend_state));

	switch (backend_state) {
	case XenbusStateInitialising:
	case XenbusStateInitialised:
	case XenbusStateReconfiguring:
	case XenbusStateReconfigured:
	case XenbusStateUnknown:
		break;

	case XenbusStateInitWait:
		if (dev->state != XenbusStateInitialising)
			break;
		if (xennet_connect(netdev) != 0)
			break;
		xenbus_switch_state(dev, XenbusStateConnected);
		break;

	case XenbusStateConnected:
		break;

	case XenbusStateClosed:
		if (dev->state == XenbusStateClosed)
			break;
		fallthrough;	/* Missed the backend's CLOSING state */
	case XenbusStateClosing:
		xenbus_frontend_closed(dev);
		break;
	}
}

static int netfront_probe(struct xenbus_device *dev,
			  const struct xenbus_device_id *id)
{
	int err;
	struct net_device *netdev;
	struct netfront_info *info;

	netdev = xennet_create_dev(dev);
	if (IS_ERR(netdev)) {
		err = PTR_ERR(netdev);
		xenbus_dev_fatal(dev, err, "creating netdev");
		return err;
	}

	info = netdev_priv(netdev);
	dev_set_drvdata(dev, info);

	err = register_netdev(info->netdev);
	if (err) {
		pr_warn("%s: register_netdev err=%d\n", __func__, err);
		goto fail;
	}

	return 0;

 fail:
	free_netdev(netdev);
	dev_set_drvdata(dev, NULL);
	return err;
}

static int xennet_remove(struct xenbus_device *dev)
{
	struct netfront_info *info = dev_get_drvdata(dev);

	xenbus_switch_state(dev, XenbusStateClosing);
	unregister_netdev(info->netdev);
	if (info->queue)
		xennet_destroy_queue(info);
	free_netdev(info->netdev);

	return 0;
}

static const struct xenbus_device_id netfront_ids[] = {
	{ "vif" },
	{ "" }
};

static struct xenbus_driver netfront_driver = {
	.ids = netfront_ids,
	.probe = netfront_probe,
	.remove = xennet_remove,
	.otherend_changed = netback_changed,
};

static int __init netif_init(void)
{
	if (!xen_domain())
		return -ENODEV;

	pr_info("Initialising Xen virtual ethernet driver\n");

	return xenbus_register_frontend(&netfront_driver);
}
module_init(netif_init);

static void __exit netif_exit(void)
{
	xenbus_unregister_driver(&netfront_driver);
}
module_exit(netif_exit);

MODULE_DESCRIPTION("Xen virtual network device frontend");
MODULE_LICENSE("GPL");
MODULE_ALIAS("xen:vif");
MODULE_ALIAS("xennet");
