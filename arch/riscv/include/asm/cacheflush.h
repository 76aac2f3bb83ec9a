/* SPDX-License-Identifier: MIT */
/*
 * asm/cacheflush.h - Zicbom cache-block operations on one block.
 *
 * cbo.clean writes a dirty block back, cbo.inval drops it, cbo.flush does
 * both; each acts on the block holding the virtual address given. The
 * encodings are spelled with .insn because the toolchain's -march has no
 * Zicbom (MISC-MEM, funct3 2, rd x0, the operation in the immediate).
 * Untested on hardware: Debian's QEMU 7.2 has no Zicbom (docs/dma.md).
 */
#ifndef TERN_ASM_CACHEFLUSH_H
#define TERN_ASM_CACHEFLUSH_H

static inline void cbo_inval(const void *addr)
{
	__asm__ volatile(".insn i 0x0f, 2, x0, %0, 0" : : "r"(addr) : "memory");
}

static inline void cbo_clean(const void *addr)
{
	__asm__ volatile(".insn i 0x0f, 2, x0, %0, 1" : : "r"(addr) : "memory");
}

static inline void cbo_flush(const void *addr)
{
	__asm__ volatile(".insn i 0x0f, 2, x0, %0, 2" : : "r"(addr) : "memory");
}

#endif
