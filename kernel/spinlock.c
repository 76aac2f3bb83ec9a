// SPDX-License-Identifier: MIT
/*
 * DOC: the contended ticket-lock wait
 *
 * A waiter spins on the owner ticket, as on any SMP machine. But tern is
 * booted most often on QEMU with more harts than the host has cores (8 on
 * 2 here), and there a spinning hart burns the host core that the thread
 * it waits for - the holder, or the hart whose ticket comes next - needs.
 * A ticket lock makes that worse: when the next ticket's hart is not
 * running, every hart behind it waits a host scheduling quantum, each
 * hand-off. The stress suite measured it: 8 harts did 65 times fewer
 * operations than one hart did alone.
 *
 * So a waiter that has waited longer than any tern lock is held on real
 * hardware (SPIN_NAP_AFTER_US) sleeps in short naps between looks
 * (arch_spin_nap(): a 10 us timer and wfi, which QEMU turns into a
 * sleeping host thread), giving its host core away. On a board the naps
 * never start. The hart whose ticket comes next naps too: sparing it cost
 * most of the gain (the stress mix on 8 harts, 2 nodes: 62,704 operations
 * in 5 s without naps, 67,360 sparing it, 420,384 with every waiter
 * napping; one hart alone does 4,049,952).
 */
#include "kernel/spinlock.h"
#include "kernel/time.h"
#include <asm/processor.h>

/* Longer than any tern lock is held on a board: then the host has us. */
#define SPIN_NAP_AFTER_US 20
/* Spins between looks at the clock (reading it costs a trap on QEMU). */
#define SPINS_PER_CLOCK_CHECK 64

unsigned long spin_lock_naps;

void spin_lock_wait(spinlock_t *lock, u32 ticket)
{
	unsigned long nap_after = timebase_frequency * SPIN_NAP_AFTER_US / 1000000;
	unsigned long start = read_time();
	unsigned int spins = 0;

	while (__atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE) != ticket) {
		cpu_relax();
		if (++spins % SPINS_PER_CLOCK_CHECK)
			continue;
		/* Before timebase_frequency is known nap_after is 0: no naps. */
		if (nap_after && read_time() - start > nap_after) {
			__atomic_fetch_add(&spin_lock_naps, 1, __ATOMIC_RELAXED);
			arch_spin_nap();
		}
	}
}
