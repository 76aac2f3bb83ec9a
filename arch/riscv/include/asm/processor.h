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

static inline unsigned long read_time(void)
{
	unsigned long v;

	__asm__ volatile("rdtime %0" : "=r"(v));
	return v;
}

#endif
