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

/*
 * For tests (the TLB shootdown suite) until mm/pgtable.c maps the vmalloc
 * area: one 4 KiB mapping at a time in the live kernel table, made while
 * nothing else changes that table.
 *
 * kernel_map_test_page() maps @va (page aligned, in the vmalloc area) to
 * @pa with @prot, allocating the tables on the way; it does not flush
 * (new tables want flush_tlb_all()). Returns 0, -EINVAL (bad arguments),
 * -EBUSY (a test mapping exists), -EEXIST (@va is mapped) or -ENOMEM.
 *
 * kernel_clear_test_pte() clears its leaf entry and nothing else: no flush,
 * so harts may still translate @va. Returns 0 or -EINVAL (not the test
 * mapping).
 *
 * kernel_unmap_test_page() clears the leaf if it is still set, flushes it
 * on every hart and frees the tables kernel_map_test_page() added. Returns
 * 0 or -EINVAL.
 */
int kernel_map_test_page(unsigned long va, phys_addr_t pa, unsigned long prot);
int kernel_clear_test_pte(unsigned long va);
int kernel_unmap_test_page(unsigned long va);

#endif
