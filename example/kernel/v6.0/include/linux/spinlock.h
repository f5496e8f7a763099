/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __LINUX_SPINLOCK_H
#define __LINUX_SPINLOCK_H

/*
 * include/linux/spinlock.h - generic spinlock/rwlock declarations
 *
 * here's the role of the various spinlock/rwlock related include files:
 * the generic API is declared here; the architecture provides the
 * low-level primitives.
 */

#include <linux/types.h>
#include <linux/compiler.h>

typedef struct raw_spinlock {
	volatile unsigned int lock;
} raw_spinlock_t;

typedef struct spinlock {
	struct raw_spinlock rlock;
} spinlock_t;

#define __RAW_SPIN_LOCK_UNLOCKED(lockname)	{ 0 }
#define __SPIN_LOCK_UNLOCKED(lockname)	{ __RAW_SPIN_LOCK_UNLOCKED(lockname) }

#define DEFINE_RAW_SPINLOCK(x)	raw_spinlock_t x = __RAW_SPIN_LOCK_UNLOCKED(x)
#define DEFINE_SPINLOCK(x)	spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

void raw_spin_lock_init(raw_spinlock_t *lock);
void raw_spin_lock(raw_spinlock_t *lock);
void raw_spin_unlock(raw_spinlock_t *lock);
unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock);
void _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags);

#define raw_spin_lock_irqsave(lock, flags)			\
	do {							\
		flags = _raw_spin_lock_irqsave(lock);		\
	} while (0)

#define raw_spin_unlock_irqrestore(lock, flags)			\
	_raw_spin_unlock_irqrestore(lock, flags)

static __always_inline void spin_lock_init(spinlock_t *lock)
{
	raw_spin_lock_init(&lock->rlock);
}

static __always_inline void spin_lock(spinlock_t *lock)
{
	raw_spin_lock(&lock->rlock);
}

static __always_inline void spin_unlock(spinlock_t *lock)
{
	raw_spin_unlock(&lock->rlock);
}

#define spin_lock_irqsave(lock, flags)				\
	do {							\
		flags = _raw_spin_lock_irqsave(&(lock)->rlock);	\
	} while (0)

#define spin_unlock_irqrestore(lock, flags)			\
	_raw_spin_unlock_irqrestore(&(lock)->rlock, flags)

#define lockdep_assert_held(l)	do { (void)(l); } while (0)

#endif /* __LINUX_SPINLOCK_H */
