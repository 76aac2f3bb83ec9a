/* SPDX-License-Identifier: MIT */
/* asm/mmu.h - bringing up the kernel's page tables (arch/riscv/mmu.c). */
#ifndef TERN_ASM_MMU_H
#define TERN_ASM_MMU_H

#include "kernel/types.h"

struct boot_plan;

extern unsigned long kernel_satp;	/* satp value every hart loads */
extern unsigned int pgtable_levels;	/* 3 (Sv39) or 4 (Sv48) */

/* Returns the VA at which the early DTB mapping shows the blob. */
const void *early_dtb_va(void);

/**
 * paging_init() - build the final kernel page table and switch to it.
 * @plan: boot plan (mmu types of the harts).
 * @want_sv48: force Sv48 even if memory fits Sv39 (boot arg mmu=sv48).
 *
 * Maps every memblock memory region that is not no-map at PA + offset,
 * using 1 GiB and 2 MiB leaves where the alignment allows; maps the image
 * with per-section permissions; keeps the DTB window. Panics if there is
 * no memory left for the page tables themselves.
 */
void paging_init(const struct boot_plan *plan, bool want_sv48);

/**
 * early_ioremap() - map device registers at [pa, pa + size) uncached.
 * Return: the virtual address of @pa, or NULL when the window is full.
 */
void *early_ioremap(phys_addr_t pa, size_t size);

/* Counts of leaves in the linear map, for the boot log and the tests. */
struct linear_map_stats {
	unsigned long leaves_1g, leaves_2m, leaves_4k;
};
extern struct linear_map_stats linear_map_stats;

/*
 * Returns the leaf PTE that maps @va in the kernel page table, or 0, and
 * its size in *@leaf_size. For tests and fault reports.
 */
unsigned long kernel_pte_lookup(unsigned long va, unsigned long *leaf_size);

#endif
