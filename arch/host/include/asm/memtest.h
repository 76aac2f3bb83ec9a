/* SPDX-License-Identifier: MIT */
/*
 * asm/memtest.h (host) - bad memory cells for the host tests of memtest.
 *
 * The arena's memory never fails, so host_memory_stick_bits() makes a
 * word of it behave like a cell with stuck bits: from then on, whenever
 * memtest has written a pattern over it, arch_memtest_written() forces
 * those bits, as a cell that does not hold them would read back.
 */
#ifndef TERN_ASM_MEMTEST_H
#define TERN_ASM_MEMTEST_H

#include "kernel/types.h"

/*
 * Makes the bits @mask of the 64-bit word at physical address @pa read as
 * @ones (all ones or zeros) after every memtest write. Returns 0, or -1 if
 * the table of stuck words (16) is full.
 */
int host_memory_stick_bits(phys_addr_t pa, u64 mask, bool ones);

/* Forgets every stuck word. */
void host_memory_unstick_all(void);

void arch_memtest_written(void *start, size_t bytes);

#endif
