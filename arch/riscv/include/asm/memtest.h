/* SPDX-License-Identifier: MIT */
/*
 * asm/memtest.h (riscv) - between memtest's write of a pattern and its
 * read back. Nothing to do: the read goes to the same coherent memory, and
 * a cell that did not hold its value reads back wrong by itself.
 */
#ifndef TERN_ASM_MEMTEST_H
#define TERN_ASM_MEMTEST_H

#include "kernel/types.h"

static inline void arch_memtest_written(void *start, size_t bytes)
{
}

#endif
