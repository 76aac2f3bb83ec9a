/* SPDX-License-Identifier: MIT */
/* asm/processor.h - spinning and waiting. */
#ifndef TERN_ASM_PROCESSOR_H
#define TERN_ASM_PROCESSOR_H

/*
 * A spin-wait hint. Zihintpause's "pause" is a fence encoding that older
 * harts execute as a no-op, so it is always safe to emit.
 */
static inline void cpu_relax(void)
{
	__asm__ volatile(".4byte 0x0100000f" ::: "memory");
}

/* Sleeps until an interrupt is pending (even one that is masked). */
static inline void wait_for_interrupt(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

/*
 * Sleeps about 10 us, or until an interrupt is pending, interrupts masked
 * meanwhile: for a spinlock waiter whose wait says the host is running
 * other harts on its core (kernel/spinlock.c).
 */
void arch_spin_nap(void);

static inline unsigned long read_time(void)
{
	unsigned long v;

	__asm__ volatile("rdtime %0" : "=r"(v));
	return v;
}

#endif
