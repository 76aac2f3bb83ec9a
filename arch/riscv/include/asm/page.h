/* SPDX-License-Identifier: MIT */
/*
 * asm/page.h - the kernel's virtual address space on RISC-V.
 *
 * Terminology: *PA* a physical address, *VA* a virtual one; the *linear
 * map* maps every byte of DT memory at VA = PA + va_pa_offset; the *image
 * map* maps the kernel image at KERNEL_VIRT_BASE wherever it was loaded.
 *
 * Sv39 (the upper half is the top 256 GiB):
 *
 *   0xffffffc000000000 +-----------------------------+ PAGE_OFFSET_SV39
 *                      | linear map: VA = PA + offset |  128 GiB: every PA
 *                      | (1 GiB / 2 MiB / 4 KiB leaves)|  below 128 GiB
 *   0xffffffe000000000 +-----------------------------+ VMALLOC_START
 *                      | vmalloc / ioremap            |  124 GiB
 *   0xffffffff00000000 +-----------------------------+ VMALLOC_END
 *                      | vmemmap: struct page of every |  1 GiB: 32 bytes
 *                      | pfn below 128 GiB, by pfn     |  per 4 KiB page
 *   0xffffffff40000000 +-----------------------------+ EARLY_IO_BASE
 *                      | early MMIO windows (UART)    |  1 GiB
 *   0xffffffff80000000 +-----------------------------+ KERNEL_VIRT_BASE
 *                      | kernel image: text RX,       |  up to 1 GiB
 *                      | rodata R, data+bss RW        |
 *   0xffffffffc0000000 +-----------------------------+ DTB_VIRT_BASE
 *                      | device tree blob (RO, 4 MiB) |
 *   0xffffffffc0400000 +-----------------------------+
 *
 * Sv48 moves only the linear map, to 0xffff800000000000 (64 TiB, for
 * memory at or above 128 GiB), and with it the vmemmap, to
 * 0xfffffeff80000000 (512 GiB, below VMALLOC_START); everything from
 * VMALLOC_START up stays at the same address, so pointers into the image
 * survive the switch.
 *
 * The vmemmap is placed so that the struct page of a linear-map address
 * needs no load (mm/page.h virt_to_page()): the page of VA v is
 * VMEMMAP_BIAS + (v >> PAGE_SHIFT) * 32, with v >> PAGE_SHIFT taken
 * signed. In either mode the linear map's start is -2^k, so its first
 * page lands at VMEMMAP_BIAS - 2^(k - 7): 0xffffffff00000000 for Sv39's
 * k = 38, 0xfffffeff80000000 for Sv48's k = 47. VMEMMAP_BIAS is -2^31, one
 * lui.
 */
#ifndef TERN_ASM_PAGE_H
#define TERN_ASM_PAGE_H

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PMD_SIZE (1UL << 21)
#define PUD_SIZE (1UL << 30)

#define PAGE_OFFSET_SV39 0xffffffc000000000UL
#define PAGE_OFFSET_SV48 0xffff800000000000UL
#define LINEAR_MAP_SIZE_SV39 (128UL << 30)
#define LINEAR_MAP_SIZE_SV48 (64UL << 40)
#define VMALLOC_START 0xffffffe000000000UL
#define VMALLOC_END 0xffffffff00000000UL
#define VMEMMAP_BIAS 0xffffffff80000000UL
#define EARLY_IO_BASE 0xffffffff40000000UL
#define EARLY_IO_SIZE (1UL << 30)
#define KERNEL_VIRT_BASE 0xffffffff80000000UL
#define DTB_VIRT_BASE 0xffffffffc0000000UL
#define DTB_MAP_SIZE (4UL << 20)
#define DTB_MAX_SIZE (2UL << 20)

/* Linux's RISC-V Image convention: load at a 2 MiB-aligned RAM address + 2 MiB. */
#define IMAGE_TEXT_OFFSET 0x200000UL

#define KERNEL_STACK_SIZE (16UL << 10)

#ifndef __ASSEMBLER__
#include "kernel/types.h"

extern unsigned long va_pa_offset;	/* linear map: VA - PA */
extern unsigned long kernel_pa_base;	/* where the image was loaded */

static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(uintptr_t)(pa + va_pa_offset);
}

/* Works for linear-map and image addresses alike. */
static inline phys_addr_t virt_to_phys(const void *va)
{
	unsigned long v = (unsigned long)va;

	if (v >= KERNEL_VIRT_BASE && v < DTB_VIRT_BASE)
		return v - KERNEL_VIRT_BASE + kernel_pa_base;
	return v - va_pa_offset;
}
#define __pa(x) virt_to_phys((const void *)(x))
#define __va(x) phys_to_virt((phys_addr_t)(x))
#endif

#endif
