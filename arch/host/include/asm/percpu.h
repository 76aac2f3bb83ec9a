/* SPDX-License-Identifier: MIT */
/* asm/percpu.h (host) - each pthread playing a hart keeps its struct hart. */
#ifndef TERN_ASM_PERCPU_H
#define TERN_ASM_PERCPU_H

struct hart;
extern __thread struct hart *host_this_hart;

static inline struct hart *arch_this_hart(void)
{
	return host_this_hart;
}

static inline void arch_set_this_hart(struct hart *h)
{
	host_this_hart = h;
}

#endif
