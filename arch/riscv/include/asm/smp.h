/* SPDX-License-Identifier: MIT */
/* asm/smp.h - what kernel/smp.c needs from the arch. */
#ifndef TERN_ASM_SMP_H
#define TERN_ASM_SMP_H

/* Raises a cross-hart interrupt on @cpu (SBI IPI). */
void arch_send_ipi(unsigned int cpu);

/* Forgets a pending cross-hart interrupt on this hart (clears sip.SSIP). */
void arch_clear_ipi(void);

#endif
