/* SPDX-License-Identifier: MIT */
/* asm/processor.h (host) - spinning yields the host CPU to the lock holder. */
#ifndef TERN_ASM_PROCESSOR_H
#define TERN_ASM_PROCESSOR_H

#include <sched.h>
#include <time.h>

static inline void cpu_relax(void)
{
	sched_yield();
}

static inline void wait_for_interrupt(void)
{
	sched_yield();
}

static inline unsigned long read_time(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long)ts.tv_sec * 1000000000UL + ts.tv_nsec;
}

#endif
