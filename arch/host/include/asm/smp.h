/* SPDX-License-Identifier: MIT */
/*
 * asm/smp.h (host) - what kernel/smp.c needs from the arch.
 *
 * An "IPI" is a per-hart pending flag plus a condition variable that wakes
 * the hart's thread from wait_for_interrupt() (arch/host/smp.c).
 */
#ifndef TERN_ASM_SMP_H
#define TERN_ASM_SMP_H

/* Marks an IPI pending on @cpu and wakes its thread if it sleeps. */
void arch_send_ipi(unsigned int cpu);

/* Forgets a pending IPI on this hart (a no-op on a thread that is no hart). */
void arch_clear_ipi(void);

#endif
