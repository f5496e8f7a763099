/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * INET		An implementation of the TCP/IP protocol suite for the LINUX
 *		operating system.  INET is implemented using the  BSD Socket
 *		interface as the means of communication with the user level.
 *
 *		Definitions for the Interfaces handler.
 *
 * Version:	@(#)dev.h	1.0.10	08/12/93
 */
#ifndef _LINUX_NETDEVICE_H
#define _LINUX_NETDEVICE_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/atomic.h>
#include <linux/skbuff.h>

#define IFNAMSIZ		16
#define MAX_ADDR_LEN		32		/* Largest hardware address length */
#define NETDEV_ALIGN		32
#define NET_IP_ALIGN		2

#define __net_init		__init
#define __net_exit		__exit

/* Default NAPI poll() weight
 * Device drivers are strongly advised to not use bigger value
 */
#define NAPI_POLL_WEIGHT	64

/* interface flags (netdevice->flags) */
#define IFF_UP			0x1
#define IFF_BROADCAST		0x2
#define IFF_DEBUG		0x4
#define IFF_LOOPBACK		0x8
#define IFF_POINTOPOINT		0x10
#define IFF_NOARP		0x80
#define IFF_MASTER		0x400
#define IFF_PROMISC		0x100
#define IFF_MULTICAST		0x1000

/* netdevice->priv_flags */
#define IFF_LIVE_ADDR_CHANGE	0x100000
#define IFF_NO_QUEUE		0x200000
#define IFF_TX_SKB_SHARING	0x10000

/* feature bits (netdevice->features) */
#define NETIF_F_SG		(1UL << 0)
#define NETIF_F_IP_CSUM		(1UL << 1)
#define NETIF_F_HW_CSUM		(1UL << 3)
#define NETIF_F_HIGHDMA		(1UL << 5)
#define NETIF_F_LLTX		(1UL << 12)
#define NETIF_F_TSO		(1UL << 16)
#define NETIF_F_RXCSUM		(1UL << 29)
#define NETIF_F_LOOPBACK	(1UL << 31)

#define ARPHRD_ETHER		1
#define ARPHRD_LOOPBACK		772

/*
 * Transmit return codes: transmit return codes originate from three different
 * namespaces:
 *
 * - qdisc return codes
 * - driver transmit return codes
 * - errno values
 */
enum netdev_tx {
	__NETDEV_TX_MIN	 = -100,	/* make sure enum is signed */
	NETDEV_TX_OK	 = 0x00,	/* driver took care of packet */
	NETDEV_TX_BUSY	 = 0x10,	/* driver tx path was busy*/
};
typedef enum netdev_tx netdev_tx_t;

enum netdev_state_t {
	__LINK_STATE_START,
	__LINK_STATE_PRESENT,
	__LINK_STATE_NOCARRIER,
	__LINK_STATE_XOFF,
};

#define NET_NAME_UNKNOWN	0	/* unknown origin (not exposed to userspace) */
#define NET_NAME_ENUM		1	/* enumerated by kernel */
#define NET_NAME_PREDICTABLE	2	/* predictably named by the kernel */
#define NET_NAME_USER		3	/* provided by user-space */

struct net_device;

/*
 * Structure for NAPI scheduling similar to tasklet but with weighting
 */
struct napi_struct {
	/* The poll_list must only be managed by the entity which
	 * changes the state of the NAPI_STATE_SCHED bit.  This means
	 * whoever atomically sets that bit can add this napi_struct
	 * to the per-CPU poll_list, and whoever clears that bit
	 * can remove from the list right before clearing the bit.
	 */
	struct list_head	poll_list;

	unsigned long		state;
	int			weight;
	int			(*poll)(struct napi_struct *, int);
	struct net_device	*dev;
	struct list_head	dev_list;
	unsigned int		napi_id;
};

enum {
	NAPI_STATE_SCHED,		/* Poll is scheduled */
	NAPI_STATE_MISSED,		/* reschedule a napi */
	NAPI_STATE_DISABLE,		/* Disable pending */
	NAPI_STATE_NPSVC,		/* Netpoll - don't dequeue from poll_list */
	NAPI_STATE_LISTED,		/* NAPI added to system lists */
};

struct rtnl_link_stats64 {
	u64	rx_packets;
	u64	tx_packets;
	u64	rx_bytes;
	u64	tx_bytes;
	u64	rx_errors;
	u64	tx_errors;
	u64	rx_dropped;
	u64	tx_dropped;
};

/*
 * This structure defines the management hooks for network devices.
 * The following hooks can be defined; unless noted otherwise, they are
 * optional and can be filled with a null pointer.
 *
 * int (*ndo_init)(struct net_device *dev);
 *     This function is called once when a network device is registered.
 *     The network device can use this for any late stage initialization
 *     or semantic validation. It can fail with an error code which will
 *     be propagated back to register_netdev.
 *
 * netdev_tx_t (*ndo_start_xmit)(struct sk_buff *skb,
 *                               struct net_device *dev);
 *	Called when a packet needs to be transmitted.
 *	Returns NETDEV_TX_OK.  Can return NETDEV_TX_BUSY, but you should stop
 *	the queue before that can happen; it's for obsolete devices and weird
 *	corner cases, but the stack really does a non-trivial amount
 *	of useless work if you return NETDEV_TX_BUSY.
 *	Required; cannot be NULL.
 */
struct net_device_ops {
	int			(*ndo_init)(struct net_device *dev);
	void			(*ndo_uninit)(struct net_device *dev);
	int			(*ndo_open)(struct net_device *dev);
	int			(*ndo_stop)(struct net_device *dev);
	netdev_tx_t		(*ndo_start_xmit)(struct sk_buff *skb,
						  struct net_device *dev);
	void			(*ndo_get_stats64)(struct net_device *dev,
						   struct rtnl_link_stats64 *storage);
	int			(*ndo_change_mtu)(struct net_device *dev,
						  int new_mtu);
	void			(*ndo_tx_timeout) (struct net_device *dev,
						   unsigned int txqueue);
	int			(*ndo_set_mac_address)(struct net_device *dev,
						       void *addr);
	int			(*ndo_validate_addr)(struct net_device *dev);
};

/*
 *	The DEVICE structure.
 *
 *	Actually, this whole structure is a big mistake.  It mixes I/O
 *	data with strictly "high-level" data, and it has to know about
 *	almost every data structure used in the INET module.
 */
struct net_device {
	char			name[IFNAMSIZ];
	unsigned long		state;
	struct list_head	dev_list;
	struct list_head	napi_list;
	unsigned int		flags;
	unsigned int		priv_flags;
	unsigned long		features;
	unsigned long		hw_features;
	const struct net_device_ops *netdev_ops;
	int			ifindex;
	unsigned int		mtu;
	unsigned int		min_mtu;
	unsigned int		max_mtu;
	unsigned short		type;
	unsigned short		hard_header_len;
	unsigned char		addr_len;
	unsigned char		name_assign_type;
	unsigned char		dev_addr[MAX_ADDR_LEN];
	unsigned int		num_tx_queues;
	unsigned int		tx_queue_len;
	unsigned long		tx_queue_state;
	struct rtnl_link_stats64 stats;
	bool			needs_free_netdev;
	void			(*priv_destructor)(struct net_device *dev);
};

/**
 *	netdev_priv - access network device private data
 *	@dev: network device
 *
 * Get network device private data
 */
static inline void *netdev_priv(const struct net_device *dev)
{
	return (char *)dev + ALIGN(sizeof(struct net_device), NETDEV_ALIGN);
}

void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int), int weight);
void netif_napi_del(struct napi_struct *napi);
void napi_enable(struct napi_struct *n);
void napi_disable(struct napi_struct *n);
bool napi_schedule_prep(struct napi_struct *n);
void __napi_schedule(struct napi_struct *n);
bool napi_complete_done(struct napi_struct *n, int work_done);

/**
 *	napi_schedule - schedule NAPI poll
 *	@n: NAPI context
 *
 * Schedule NAPI poll routine to be called if it is not already
 * running.
 * Return true if we schedule a NAPI or false if not.
 */
static inline bool napi_schedule(struct napi_struct *n)
{
	if (napi_schedule_prep(n)) {
		__napi_schedule(n);
		return true;
	}

	return false;
}

static inline bool napi_complete(struct napi_struct *n)
{
	return napi_complete_done(n, 0);
}

int netif_rx(struct sk_buff *skb);
int netif_receive_skb(struct sk_buff *skb);
int dev_queue_xmit(struct sk_buff *skb);
void dev_kfree_skb_any(struct sk_buff *skb);

void netif_carrier_on(struct net_device *dev);
void netif_carrier_off(struct net_device *dev);

static inline bool netif_carrier_ok(const struct net_device *dev)
{
	return !test_bit(__LINK_STATE_NOCARRIER, &dev->state);
}

static inline void netif_start_queue(struct net_device *dev)
{
	clear_bit(0, &dev->tx_queue_state);
}

static inline void netif_stop_queue(struct net_device *dev)
{
	set_bit(0, &dev->tx_queue_state);
}

static inline bool netif_queue_stopped(const struct net_device *dev)
{
	return test_bit(0, &dev->tx_queue_state);
}

void netif_wake_queue(struct net_device *dev);

static inline bool netif_running(const struct net_device *dev)
{
	return test_bit(__LINK_STATE_START, &dev->state);
}

struct net_device *alloc_netdev_mqs(int sizeof_priv, const char *name,
				    unsigned char name_assign_type,
				    void (*setup)(struct net_device *),
				    unsigned int txqs, unsigned int rxqs);
#define alloc_netdev(sizeof_priv, name, name_assign_type, setup) \
	alloc_netdev_mqs(sizeof_priv, name, name_assign_type, setup, 1, 1)

void free_netdev(struct net_device *dev);
int register_netdev(struct net_device *dev);
void unregister_netdev(struct net_device *dev);
int register_netdevice(struct net_device *dev);
void unregister_netdevice(struct net_device *dev);
int dev_set_mtu(struct net_device *dev, int new_mtu);
void dev_lstats_add(struct net_device *dev, unsigned int len);
void dev_lstats_read(struct net_device *dev, u64 *packets, u64 *bytes);

void rtnl_lock(void);
void rtnl_unlock(void);

#define MODULE_ALIAS_RTNL_LINK(kind) MODULE_ALIAS("rtnl-link-" kind)

#define netdev_err(dev, fmt, ...) \
	pr_err("%s: " fmt, (dev)->name, ##__VA_ARGS__)
#define netdev_warn(dev, fmt, ...) \
	pr_warn("%s: " fmt, (dev)->name, ##__VA_ARGS__)
#define netdev_info(dev, fmt, ...) \
	pr_info("%s: " fmt, (dev)->name, ##__VA_ARGS__)
#define netdev_dbg(dev, fmt, ...) \
	pr_debug("%s: " fmt, (dev)->name, ##__VA_ARGS__)

#endif	/* _LINUX_NETDEVICE_H */
