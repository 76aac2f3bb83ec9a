/* SPDX-License-Identifier: MIT */
/*
 * kernel/spinlock.h - fair (ticket) spinlocks.
 *
 * A ticket lock hands the lock out in arrival order, so no hart starves
 * while seven others hammer the same zone lock. The atomics are the
 * compiler's __atomic builtins: amoadd.w on RISC-V, real atomics under TSan
 * on the host. The _irqsave variants also turn local interrupts off, for
 * data that an interrupt handler (a cross-hart call) may touch. A waiter
 * that has waited far longer than a lock is ever held naps between looks,
 * so that on an emulator with fewer cores than harts it stops taking the
 * core the holder needs (kernel/spinlock.c).
 */
#ifndef TERN_KERNEL_SPINLOCK_H
#define TERN_KERNEL_SPINLOCK_H

#include "kernel/types.h"
#include <asm/irqflags.h>

typedef struct {
	u32 next;	/* ticket the next arrival takes */
	u32 owner;	/* ticket now holding the lock */
} spinlock_t;

#define SPINLOCK_INIT { 0, 0 }
#define DEFINE_SPINLOCK(name) spinlock_t name = SPINLOCK_INIT

/*
 * Waits until @ticket owns @lock (kernel/spinlock.c says how a long wait
 * gives the host core away).
 */
void spin_lock_wait(spinlock_t *lock, u32 ticket);

/* Naps taken by waiters since boot (relaxed count, for the tests). */
extern unsigned long spin_lock_naps;

static inline void spin_lock(spinlock_t *lock)
{
	u32 ticket = __atomic_fetch_add(&lock->next, 1, __ATOMIC_RELAXED);

	if (unlikely(__atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE) != ticket))
		spin_lock_wait(lock, ticket);
}

/*
 * Returns true if the lock was free and is now held. The acquire is on the
 * load of owner, which the last holder's spin_unlock() wrote with release:
 * that is what makes its critical section visible to ours (the CAS on next
 * only takes the ticket, and next is written with relaxed adds).
 */
static inline bool spin_trylock(spinlock_t *lock)
{
	u32 owner = __atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE);
	u32 expected = owner;

	return __atomic_compare_exchange_n(&lock->next, &expected, owner + 1,
					   false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *lock)
{
	/* Only the holder writes owner, so a plain increment is safe. */
	u32 owner = __atomic_load_n(&lock->owner, __ATOMIC_RELAXED);

	__atomic_store_n(&lock->owner, owner + 1, __ATOMIC_RELEASE);
}

/* Returns true if some hart holds the lock (a hint: it may change at once). */
static inline bool spin_is_locked(spinlock_t *lock)
{
	return __atomic_load_n(&lock->owner, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&lock->next, __ATOMIC_RELAXED);
}

#define spin_lock_irqsave(lock, flags)           \
	do {                                     \
		(flags) = arch_local_irq_save(); \
		spin_lock(lock);                 \
	} while (0)

static inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	spin_unlock(lock);
	arch_local_irq_restore(flags);
}

#endif
