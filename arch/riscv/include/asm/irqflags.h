/* SPDX-License-Identifier: MIT */
/* asm/irqflags.h - local interrupt enable state (sstatus.SIE). */
#ifndef TERN_ASM_IRQFLAGS_H
#define TERN_ASM_IRQFLAGS_H

#include "kernel/types.h"
#include <asm/csr.h>

/* Returns sstatus as it was (SIE tells), having cleared SIE. */
static inline unsigned long arch_local_irq_save(void)
{
	return csr_read_clear(sstatus, SR_SIE);
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	csr_set(sstatus, flags & SR_SIE);
}

/*
 * arch_local_irq_restore_unchanged() - arch_local_irq_restore() for a
 * section that neither trapped nor wrote sstatus since the save: setting
 * every bit that was set then changes nothing but SIE (the hardware only
 * ever raises FS and VS meanwhile), and spares the mask, one instruction
 * of the page allocator's fast paths.
 */
static inline void arch_local_irq_restore_unchanged(unsigned long flags)
{
	csr_set(sstatus, flags);
}

static inline void local_irq_enable(void)
{
	csr_set(sstatus, SR_SIE);
}

static inline void local_irq_disable(void)
{
	csr_clear(sstatus, SR_SIE);
}

static inline bool irqs_disabled(void)
{
	return !(csr_read(sstatus) & SR_SIE);
}

#endif
