// SPDX-License-Identifier: GPL-2.0-or-later
/*
 *      NET3    Protocol independent device support routines.
 *
 *	Derived from the non IP parts of dev.c 1.0.19
 *
 *	The interface between the network stack and the device drivers:
 *	device registration, NAPI and the receive and transmit entry points.
 */

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/mutex.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>

static DEFINE_SPINLOCK(ptype_lock);
static LIST_HEAD(net_devices);
static LIST_HEAD(poll_list);
static DEFINE_MUTEX(rtnl_mutex);
static int ifindex_next = 1;
static unsigned int napi_gen_id = 1;

void rtnl_lock(void)
{
	mutex_lock(&rtnl_mutex);
}
EXPORT_SYMBOL(rtnl_lock);

void rtnl_unlock(void)
{
	mutex_unlock(&rtnl_mutex);
}
EXPORT_SYMBOL(rtnl_unlock);

/**
 *	netif_napi_add - initialize a NAPI context
 *	@dev:  network device
 *	@napi: NAPI context
 *	@poll: polling function
 *	@weight: default weight
 *
 * netif_napi_add() must be used to initialize a NAPI context prior to calling
 * *any* of the other NAPI-related functions.
 */
void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int), int weight)
{
	if (WARN_ON(test_and_set_bit(NAPI_STATE_LISTED, &napi->state)))
		return;

	INIT_LIST_HEAD(&napi->poll_list);
	if (weight > NAPI_POLL_WEIGHT)
		netdev_err(dev, "%s() called with weight %d\n", __func__,
			   weight);
	napi->weight = weight;
	napi->dev = dev;
	napi->poll = poll;
	napi->napi_id = napi_gen_id++;
	list_add_tail(&napi->dev_list, &dev->napi_list);
	set_bit(NAPI_STATE_SCHED, &napi->state);
}
EXPORT_SYMBOL(netif_napi_add);

void netif_napi_del(struct napi_struct *napi)
{
	if (!test_and_clear_bit(NAPI_STATE_LISTED, &napi->state))
		return;

	list_del(&napi->dev_list);
}
EXPORT_SYMBOL(netif_napi_del);

void napi_enable(struct napi_struct *n)
{
	clear_bit(NAPI_STATE_SCHED, &n->state);
	clear_bit(NAPI_STATE_NPSVC, &n->state);
}
EXPORT_SYMBOL(napi_enable);

void napi_disable(struct napi_struct *n)
{
	set_bit(NAPI_STATE_DISABLE, &n->state);
	while (test_and_set_bit(NAPI_STATE_SCHED, &n->state))
		msleep(1);
	clear_bit(NAPI_STATE_DISABLE, &n->state);
}
EXPORT_SYMBOL(napi_disable);

bool napi_schedule_prep(struct napi_struct *n)
{
	if (unlikely(test_bit(NAPI_STATE_DISABLE, &n->state)))
		return false;
	return !test_and_set_bit(NAPI_STATE_SCHED, &n->state);
}
EXPORT_SYMBOL(napi_schedule_prep);

void __napi_schedule(struct napi_struct *n)
{
	unsigned long flags;

	spin_lock_irqsave(&ptype_lock, flags);
	list_add_tail(&n->poll_list, &poll_list);
	spin_unlock_irqrestore(&ptype_lock, flags);
}
EXPORT_SYMBOL(__napi_schedule);

bool napi_complete_done(struct napi_struct *n, int work_done)
{
	unsigned long flags;

	if (unlikely(test_bit(NAPI_STATE_NPSVC, &n->state)))
		return false;

	spin_lock_irqsave(&ptype_lock, flags);
	list_del_init(&n->poll_list);
	spin_unlock_irqrestore(&ptype_lock, flags);
	clear_bit(NAPI_STATE_SCHED, &n->state);
	return true;
}
EXPORT_SYMBOL(napi_complete_done);

static int __netif_receive_skb(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;

	dev->stats.rx_packets++;
	dev->stats.rx_bytes += skb->len;
	consume_skb(skb);
	return 0;
}

int netif_receive_skb(struct sk_buff *skb)
{
	return __netif_receive_skb(skb);
}
EXPORT_SYMBOL(netif_receive_skb);

int netif_rx(struct sk_buff *skb)
{
	return __netif_receive_skb(skb);
}
EXPORT_SYMBOL(netif_rx);

int dev_queue_xmit(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	const struct net_device_ops *ops = dev->netdev_ops;

	if (netif_queue_stopped(dev)) {
		kfree_skb(skb);
		return -ENETDOWN;
	}
	return ops->ndo_start_xmit(skb, dev);
}
EXPORT_SYMBOL(dev_queue_xmit);

void dev_kfree_skb_any(struct sk_buff *skb)
{
	consume_skb(skb);
}
EXPORT_SYMBOL(dev_kfree_skb_any);

void netif_carrier_on(struct net_device *dev)
{
	if (test_and_clear_bit(__LINK_STATE_NOCARRIER, &dev->state))
		netdev_info(dev, "link becomes ready\n");
}
EXPORT_SYMBOL(netif_carrier_on);

void netif_carrier_off(struct net_device *dev)
{
	set_bit(__LINK_STATE_NOCARRIER, &dev->state);
}
EXPORT_SYMBOL(netif_carrier_off);

void netif_wake_queue(struct net_device *dev)
{
	clear_bit(0, &dev->tx_queue_state);
}
EXPORT_SYMBOL(netif_wake_queue);

struct net_device *alloc_netdev_mqs(int sizeof_priv, const char *name,
		unsigned char name_assign_type,
		void (*setup)(struct net_device *),
		unsigned int txqs, unsigned int rxqs)
{
	struct net_device *dev;
	size_t alloc_size;

	if (txqs < 1 || rxqs < 1) {
		pr_err("alloc_netdev: Unable to allocate device with zero queues\n");
		return NULL;
	}

	alloc_size = ALIGN(sizeof(struct net_device), NETDEV_ALIGN) + sizeof_priv;
	dev = kzalloc(alloc_size, GFP_KERNEL);
	if (!dev)
		return NULL;

	INIT_LIST_HEAD(&dev->napi_list);
	INIT_LIST_HEAD(&dev->dev_list);
	dev->num_tx_queues = txqs;
	dev->name_assign_type = name_assign_type;
	strscpy(dev->name, name, sizeof(dev->name));
	setup(dev);
	return dev;
}
EXPORT_SYMBOL(alloc_netdev_mqs);

void free_netdev(struct net_device *dev)
{
	struct napi_struct *p, *n;

	list_for_each_entry_safe(p, n, &dev->napi_list, dev_list)
		netif_napi_del(p);

	if (dev->priv_destructor)
		dev->priv_destructor(dev);
	kfree(dev);
}
EXPORT_SYMBOL(free_netdev);

int register_netdevice(struct net_device *dev)
{
	int ret = 0;

	if (dev->netdev_ops->ndo_init) {
		ret = dev->netdev_ops->ndo_init(dev);
		if (ret)
			return ret > 0 ? -EIO : ret;
	}

	dev->ifindex = ifindex_next++;
	set_bit(__LINK_STATE_PRESENT, &dev->state);
	list_add_tail(&dev->dev_list, &net_devices);
	return 0;
}
EXPORT_SYMBOL(register_netdevice);

int register_netdev(struct net_device *dev)
{
	int err;

	rtnl_lock();
	err = register_netdevice(dev);
	rtnl_unlock();
	return err;
}
EXPORT_SYMBOL(register_netdev);

void unregister_netdevice(struct net_device *dev)
{
	list_del(&dev->dev_list);
	clear_bit(__LINK_STATE_PRESENT, &dev->state);
	if (dev->netdev_ops->ndo_uninit)
		dev->netdev_ops->ndo_uninit(dev);
}
EXPORT_SYMBOL(unregister_netdevice);

void unregister_netdev(struct net_device *dev)
{
	rtnl_lock();
	unregister_netdevice(dev);
	rtnl_unlock();
}
EXPORT_SYMBOL(unregister_netdev);

void dev_lstats_add(struct net_device *dev, unsigned int len)
{
	dev->stats.tx_packets++;
	dev->stats.tx_bytes += len;
}
EXPORT_SYMBOL(dev_lstats_add);

void dev_lstats_read(struct net_device *dev, u64 *packets, u64 *bytes)
{
	*packets = dev->stats.tx_packets;
	*bytes = dev->stats.tx_bytes;
}
EXPORT_SYMBOL(dev_lstats_read);

/*
 *       This is called single threaded during boot, so no need
 *       to take the rtnl semaphore.
 */
static int __init net_dev_init(void)
{
	INIT_LIST_HEAD(&net_devices);
	INIT_LIST_HEAD(&poll_list);
	pr_info("NET: core device layer initialised\n");
	return 0;
}
subsys_initcall(net_dev_init);
