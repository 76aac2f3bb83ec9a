/* SPDX-License-Identifier: MIT */
/*
 * asm/page.h (host) - "physical memory" is an mmap'd arena.
 *
 * host_memory_init() maps an arena and sets va_pa_offset so that the
 * kernel's phys_to_virt/virt_to_phys work unchanged: PA + offset is an
 * address inside the arena. Physical addresses start where the test says
 * (e.g. 0x80000000, as on QEMU virt).
 */
#ifndef TERN_ASM_PAGE_H
#define TERN_ASM_PAGE_H

#include "kernel/types.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
/* As on riscv, for the KernelStack accounting (host harts use pthread stacks). */
#define KERNEL_STACK_SIZE (16UL << 10)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PMD_SIZE (1UL << 21)
#define PUD_SIZE (1UL << 30)

/*
 * The vmalloc range, as riscv's: mm/vmalloc.c hands out addresses there
 * and maps them in a host-side table (arch/host/mmu.c) that nothing
 * dereferences.
 */
#define VMALLOC_START 0xffffffe000000000UL
#define VMALLOC_END 0xffffffff00000000UL

extern unsigned long va_pa_offset;

static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(uintptr_t)(pa + va_pa_offset);
}

static inline phys_addr_t virt_to_phys(const void *va)
{
	return (uintptr_t)va - va_pa_offset;
}
#define __pa(x) virt_to_phys((const void *)(x))
#define __va(x) phys_to_virt((phys_addr_t)(x))

/*
 * Maps @size bytes of zeroed host memory to stand for physical addresses
 * [@phys_base, @phys_base + @size). Returns its host address, or NULL.
 * One arena at a time; a second call replaces the first.
 */
void *host_memory_init(phys_addr_t phys_base, size_t size);

#endif
