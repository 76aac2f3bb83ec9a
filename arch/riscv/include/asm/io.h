/* SPDX-License-Identifier: MIT */
/*
 * asm/io.h - device register access, Linux's readl()/writel().
 *
 * DOC: MMIO accessors
 *
 * readl() and writel() order themselves against memory as Linux's riscv
 * ones do: a writel() comes after every earlier memory write (so a
 * device told to look at a buffer sees what was written to it), and a
 * readl() comes before every later memory read (so a status read from a
 * register is not overtaken by reads of the memory it reports on). The
 * __raw_ forms order nothing. @addr comes from ioremap().
 */
#ifndef TERN_ASM_IO_H
#define TERN_ASM_IO_H

#include "kernel/types.h"
#include <asm/barrier.h>

static inline u32 __raw_readl(const volatile void *addr)
{
	return *(const volatile u32 *)addr;
}

static inline void __raw_writel(u32 value, volatile void *addr)
{
	*(volatile u32 *)addr = value;
}

/* Returns the 32-bit register at @addr, read before any later memory read. */
static inline u32 readl(const volatile void *addr)
{
	u32 value = __raw_readl(addr);

	RISCV_FENCE(i, ir);
	return value;
}

/* Writes @value to the 32-bit register @addr after earlier memory writes. */
static inline void writel(u32 value, volatile void *addr)
{
	RISCV_FENCE(w, o);
	__raw_writel(value, addr);
}

#endif
