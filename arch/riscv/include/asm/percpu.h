/* SPDX-License-Identifier: MIT */
/* asm/percpu.h - tp holds this hart's struct hart from entry to halt. */
#ifndef TERN_ASM_PERCPU_H
#define TERN_ASM_PERCPU_H

struct hart;

static inline struct hart *arch_this_hart(void)
{
	/* Read tp in place: the compiler addresses fields off it directly. */
	register struct hart *h __asm__("tp");

	return h;
}

static inline void arch_set_this_hart(struct hart *h)
{
	__asm__ volatile("mv tp, %0" ::"r"(h) : "memory");
}

#endif
