/* SPDX-License-Identifier: MIT */
/*
 * asm/irqflags.h (host) - a hart is a pthread; its interrupt flag is kept
 * per thread, so code that asserts irqs_disabled() works.
 *
 * The only interrupt a host hart takes is the IPI of a cross-hart call.
 * Threads cannot be interrupted at an arbitrary instruction, so a pending
 * IPI is taken where hardware would take it at the latest: when interrupts
 * are turned back on, and in cpu_relax() while they are on (a hart spinning
 * with interrupts enabled). That keeps a hart that is busy in a test - not
 * waiting - answering the calls other harts send it, as a real hart does.
 */
#ifndef TERN_ASM_IRQFLAGS_H
#define TERN_ASM_IRQFLAGS_H

#include <stdbool.h>

extern __thread bool host_irqs_off;
/* This thread's hart's IPI flag (arch/host/smp.c); NULL on other threads. */
extern __thread bool *host_ipi_pending;

/* Runs the IPI handler (the pending cross-hart calls) with irqs off. */
void host_take_interrupt(void);

/* Takes a pending IPI if interrupts are on; the hook of every irq-on point. */
static inline void host_poll_interrupt(void)
{
	if (!host_irqs_off && host_ipi_pending &&
	    __atomic_load_n(host_ipi_pending, __ATOMIC_ACQUIRE))
		host_take_interrupt();
}

/* Returns non-zero if interrupts were on, for arch_local_irq_restore(). */
static inline unsigned long arch_local_irq_save(void)
{
	unsigned long was_on = !host_irqs_off;

	host_irqs_off = true;
	return was_on;
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	if (flags) {
		host_irqs_off = false;
		host_poll_interrupt();
	}
}

/* The riscv one spares a mask; here it is arch_local_irq_restore(). */
static inline void arch_local_irq_restore_unchanged(unsigned long flags)
{
	arch_local_irq_restore(flags);
}

static inline void local_irq_enable(void)
{
	host_irqs_off = false;
	host_poll_interrupt();
}

static inline void local_irq_disable(void)
{
	host_irqs_off = true;
}

/* Returns true if this thread runs with interrupts off. */
static inline bool irqs_disabled(void)
{
	return host_irqs_off;
}

#endif
