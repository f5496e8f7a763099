/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

#include <linux/compiler.h>

typedef unsigned char		u8;
typedef unsigned short		u16;
typedef unsigned int		u32;
typedef unsigned long long	u64;
typedef signed char		s8;
typedef short			s16;
typedef int			s32;
typedef long long		s64;

typedef u16			__u16;
typedef u32			__u32;
typedef u64			__u64;
typedef u16			__be16;
typedef u32			__be32;

typedef _Bool			bool;
enum {
	false	= 0,
	true	= 1
};

#define NULL ((void *)0)

typedef unsigned long		size_t;
typedef long			ssize_t;
typedef long long		loff_t;
typedef unsigned long		uintptr_t;
typedef unsigned int		gfp_t;
typedef unsigned int		fmode_t;
typedef u64			phys_addr_t;
typedef u64			dma_addr_t;
typedef u64			sector_t;
typedef u64			blkcnt_t;

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	s64 counter;
} atomic64_t;

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

#endif /* _LINUX_TYPES_H */
