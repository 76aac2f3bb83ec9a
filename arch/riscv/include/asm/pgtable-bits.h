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

#endif
