/* SPDX-License-Identifier: MIT */
/*
 * asm/irqflags.h (host) - a hart is a pthread and never takes interrupts;
 * the flag is kept per thread so code that asserts irqs_disabled() works.
 */
#ifndef TERN_ASM_IRQFLAGS_H
#define TERN_ASM_IRQFLAGS_H

#include <stdbool.h>

extern __thread bool host_irqs_off;

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long was_on = !host_irqs_off;

	host_irqs_off = true;
	return was_on;
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	if (flags)
		host_irqs_off = false;
}

static inline void local_irq_enable(void)
{
	host_irqs_off = false;
}

static inline void local_irq_disable(void)
{
	host_irqs_off = true;
}

static inline bool irqs_disabled(void)
{
	return host_irqs_off;
}

#endif
