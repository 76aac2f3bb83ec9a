/* SPDX-License-Identifier: MIT */
/*
 * asm/tlbflush.h - keep every hart's TLB in step with the kernel page table.
 *
 * A hart may go on translating through a TLB entry after its PTE changed,
 * and so may every other hart: whoever removes or changes a kernel mapping
 * must flush it everywhere before the memory behind it is reused. Making
 * an invalid PTE valid needs a flush too where harts lack Svvptc (they may
 * have cached the invalid entry), and so does any change to a non-leaf
 * entry, which only a full flush reaches.
 *
 * All kernel mappings are global (PTE G bit) and tern has no address
 * spaces but the kernel's, so every flush here covers all ASIDs.
 *
 * Remote harts are flushed through the SBI RFENCE extension (the firmware
 * runs sfence.vma on each of them and returns when all have), or, where
 * the firmware lacks it or the call fails, by a cross-hart call
 * (on_each_cpu) that runs the local flush on each hart. tlbflush_init()
 * picks and logs the path at boot. Details and costs: docs/vm.md.
 *
 * To flush several pieces with one shootdown, collect them in a
 * struct tlb_flush_batch (mm/tlb_batch.h).
 */
#ifndef TERN_ASM_TLBFLUSH_H
#define TERN_ASM_TLBFLUSH_H

#include "kernel/types.h"

/*
 * Ranges of at most this many pages are flushed on the local hart page by
 * page (sfence.vma with an address); larger ones with one full sfence.vma,
 * which is cheaper than that many fences and the refills cost the same.
 */
#define TLB_FLUSH_PAGE_LIMIT 32

/* Forgets every translation this hart holds (sfence.vma x0, x0). */
static inline void local_flush_tlb_all(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
}

/* Forgets this hart's translations of the page holding @addr, any ASID. */
static inline void local_flush_tlb_page(unsigned long addr)
{
	__asm__ volatile("sfence.vma %0" ::"r"(addr) : "memory");
}

/*
 * local_flush_tlb_kernel_range() - flush [@start, @end) on this hart only:
 * page by page up to TLB_FLUSH_PAGE_LIMIT pages, else everything.
 */
void local_flush_tlb_kernel_range(unsigned long start, unsigned long end);

/**
 * flush_tlb_kernel_range() - flush [@start, @end) on every online hart.
 * @start: first address (rounded down to a page).
 * @end: end of the range, exclusive (rounded up to a page).
 *
 * Call after changing or clearing the PTEs of the range and before reusing
 * what they mapped. Returns when no online hart can translate through the
 * old entries. This hart flushes itself with sfence.vma; the others get one
 * SBI RFENCE call for the whole range (or a cross-hart call, see above).
 * Safe with interrupts off and from a cross-hart call.
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end);

/* flush_tlb_all() - forget every translation on every online hart. */
void flush_tlb_all(void);

/* How remote harts are flushed. */
enum tlb_flush_method {
	TLB_FLUSH_IPI,		/* cross-hart call running the local flush */
	TLB_FLUSH_SBI_RFENCE,	/* SBI RFENCE remote sfence.vma */
};

/*
 * tlbflush_init() - pick the remote flush path and log it; once, at boot,
 * after sbi_init(). Until then flushes take the cross-hart call path.
 */
void tlbflush_init(void);

enum tlb_flush_method tlb_flush_method(void);
/* Returns the name of @method for logs and tests. */
const char *tlb_flush_method_name(enum tlb_flush_method method);

/*
 * tlb_flush_set_method() - for tests: flush remote harts by @method from
 * now on. SBI RFENCE is refused (nothing changes) when the firmware lacks
 * it. Returns the method in force before.
 */
enum tlb_flush_method tlb_flush_set_method(enum tlb_flush_method method);

/**
 * tlb_sbi_flush_others() - flush the range on every other online hart
 *	through SBI RFENCE, without any fallback.
 * @start: first virtual address.
 * @size: bytes; SBI_RFENCE_FLUSH_ALL for everything.
 *
 * Normally one call: the harts' ids fit one mask (bits relative to the
 * smallest id); ids spread wider take one call per 64-id window.
 * Return: 0 (also when this is the only online hart), or the first
 * (negative) SBI error.
 */
long tlb_sbi_flush_others(unsigned long start, unsigned long size);

/* What the flushes did since boot; each count is exact (atomic adds). */
struct tlb_flush_stats {
	unsigned long flushes;		/* flush_tlb_kernel_range/_all calls */
	unsigned long sbi_calls;	/* RFENCE calls made */
	unsigned long sbi_errors;	/* of those, failed: went by IPI */
	unsigned long ipi_flushes;	/* flushes done by cross-hart call */
};

void tlb_flush_get_stats(struct tlb_flush_stats *stats);

#endif
