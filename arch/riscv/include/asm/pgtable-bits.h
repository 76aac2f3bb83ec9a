/* SPDX-License-Identifier: MIT */
/* asm/pgtable-bits.h - Sv39/Sv48 page-table entry bits (privileged spec 4.3). */
#ifndef TERN_ASM_PGTABLE_BITS_H
#define TERN_ASM_PGTABLE_BITS_H

#define _PAGE_VALID (1UL << 0)
#define _PAGE_READ (1UL << 1)
#define _PAGE_WRITE (1UL << 2)
#define _PAGE_EXEC (1UL << 3)
#define _PAGE_USER (1UL << 4)
#define _PAGE_GLOBAL (1UL << 5)
#define _PAGE_ACCESSED (1UL << 6)
#define _PAGE_DIRTY (1UL << 7)
#define _PAGE_LEAF (_PAGE_READ | _PAGE_WRITE | _PAGE_EXEC)
#define _PAGE_PFN_SHIFT 10
#define _PAGE_PFN_MASK (((1UL << 44) - 1) << _PAGE_PFN_SHIFT)
#define _PAGE_PHYS_BITS 56	/* a 44-bit PFN of 4 KiB pages */

/*
 * Svpbmt memory types, bits 61-62 of a leaf: PMA (0) leaves the type to
 * the platform's physical memory attributes, NC is non-cacheable
 * idempotent memory (write-combining), IO non-cacheable non-idempotent
 * strongly ordered device memory; 3 is reserved. Without Svpbmt the bits
 * are reserved and must be 0 (has_svpbmt says which).
 */
#define _PAGE_PBMT_SHIFT 61
#define _PAGE_PBMT_PMA (0UL << _PAGE_PBMT_SHIFT)
#define _PAGE_PBMT_NC (1UL << _PAGE_PBMT_SHIFT)
#define _PAGE_PBMT_IO (2UL << _PAGE_PBMT_SHIFT)
#define _PAGE_PBMT_MASK (3UL << _PAGE_PBMT_SHIFT)

/*
 * Svnapot: bit 63 of a 4 KiB leaf marks it one of 16 naturally aligned
 * entries mapping 64 KiB together; their PFN's low four bits read 0b1000
 * (the encoding of the size) instead of the frame's own.
 */
#define _PAGE_NAPOT (1UL << 63)
#define NAPOT_CONT64KB_ORDER 4
#define NAPOT_CONT64KB_PFN_BITS (1UL << (NAPOT_CONT64KB_ORDER - 1))

/*
 * Kernel mappings set A and D up front: harts may raise a page fault
 * instead of updating them, and the kernel never pages out.
 */
#define _PAGE_KERNEL_BASE \
	(_PAGE_VALID | _PAGE_GLOBAL | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PAGE_KERNEL (_PAGE_KERNEL_BASE | _PAGE_READ | _PAGE_WRITE)
#define PAGE_KERNEL_RO (_PAGE_KERNEL_BASE | _PAGE_READ)
#define PAGE_KERNEL_EXEC (_PAGE_KERNEL_BASE | _PAGE_READ | _PAGE_EXEC)
#define PAGE_KERNEL_RWX (PAGE_KERNEL | _PAGE_EXEC)
/* Without Svpbmt, device memory is strongly ordered by the platform's PMAs. */
#define PAGE_KERNEL_IO PAGE_KERNEL

#define PTES_PER_TABLE 512

#ifndef __ASSEMBLER__
#include "kernel/types.h"

/*
 * True when every hart the kernel runs has Svpbmt (the DT's riscv,isa
 * names it), so leaves may carry _PAGE_PBMT_* types. Set once at boot by
 * riscv_fill_hwcap(), before anything maps memory with a type.
 */
extern bool has_svpbmt;
/* True when every hart has Svnapot: 64 KiB ranges of PTEs (_PAGE_NAPOT). */
extern bool has_svnapot;
#endif

#endif
