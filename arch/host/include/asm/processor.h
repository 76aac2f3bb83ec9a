/* SPDX-License-Identifier: MIT */
/*
 * asm/processor.h (host) - spinning yields the host CPU to the lock holder;
 * waiting for an interrupt sleeps on the hart's condition variable.
 */
#ifndef TERN_ASM_PROCESSOR_H
#define TERN_ASM_PROCESSOR_H

#include <sched.h>
#include <time.h>

#include <asm/irqflags.h>

/*
 * Sleeps until an IPI is pending on this hart (even with interrupts off, as
 * wfi does); only yields on a thread that is no hart (arch/host/smp.c).
 */
void host_wait_for_interrupt(void);

/*
 * A spin-wait step: takes a pending IPI if interrupts are on (a spinning
 * hart is interruptible), then lets the host run the thread we wait for -
 * the machine has fewer cores than a test has harts.
 */
static inline void cpu_relax(void)
{
	host_poll_interrupt();
	sched_yield();
}

/* cpu_relax() already gives the host core away. */
static inline void arch_spin_nap(void)
{
}

static inline void wait_for_interrupt(void)
{
	host_wait_for_interrupt();
}

/*
 * Returns the host's monotonic clock in nanoseconds: the host timebase
 * ticks at 1 GHz (arch/host/host.c sets timebase_frequency to match).
 */
static inline unsigned long read_time(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long)ts.tv_sec * 1000000000UL + ts.tv_nsec;
}

#endif
