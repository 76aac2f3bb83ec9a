/* SPDX-License-Identifier: MIT */
/*
 * asm/tlbflush.h (host) - the TLB interface of arch/riscv/include/asm/
 * tlbflush.h for portable mm code in host tests.
 *
 * A host "page table" is plain memory that no hardware walks, so there is
 * nothing to flush: the local flushes do nothing, and the all-hart ones
 * only count themselves and remember their range (arch/host/tlbflush.c),
 * so that a test can check that an unmap asked for its shootdown.
 */
#ifndef TERN_ASM_TLBFLUSH_H
#define TERN_ASM_TLBFLUSH_H

#include "kernel/types.h"

#define TLB_FLUSH_PAGE_LIMIT 32

static inline void local_flush_tlb_all(void)
{
}

static inline void local_flush_tlb_page(unsigned long addr)
{
}

static inline void local_flush_tlb_kernel_range(unsigned long start,
						unsigned long end)
{
}

/* Counted in host_tlb_flushes; the range is kept, page aligned. */
void flush_tlb_kernel_range(unsigned long start, unsigned long end);

/* Counted in host_tlb_flushes with the range [0, 0). */
void flush_tlb_all(void);

/*
 * The all-hart flushes asked for since the process started, and the last
 * one's range; updated atomically, so harts may flush at once (the range
 * is then one of theirs).
 */
struct host_tlb_flushes {
	unsigned long count;
	unsigned long last_start, last_end;
};

void host_tlb_flushes_get(struct host_tlb_flushes *out);

#endif
