/* SPDX-License-Identifier: MIT */
/*
 * mm/tlb_batch.h - one TLB shootdown for several unmapped pieces.
 *
 * A caller that clears the PTEs of several ranges (the pages of a vmap, the
 * areas of a purge) adds each range to a batch and flushes once at the end:
 * one flush_tlb_kernel_range() over the union's bounds, i.e. one SBI RFENCE
 * call however many pieces there were. The bounds may take in addresses
 * between the pieces that were not unmapped; flushing those is harmless,
 * only slower, and the local hart switches to a full flush past
 * TLB_FLUSH_PAGE_LIMIT pages anyway.
 *
 *	struct tlb_flush_batch batch = TLB_FLUSH_BATCH_INIT;
 *
 *	for (each piece) {
 *		clear its PTEs;
 *		tlb_batch_add(&batch, piece_start, piece_end);
 *	}
 *	tlb_batch_flush(&batch);
 *	free what the pieces mapped;
 *
 * Nothing the pieces mapped may be reused before tlb_batch_flush()
 * returns. A batch belongs to one caller: no lock.
 */
#ifndef TERN_MM_TLB_BATCH_H
#define TERN_MM_TLB_BATCH_H

#include "kernel/types.h"
#include <asm/tlbflush.h>

struct tlb_flush_batch {
	unsigned long start, end;	/* start >= end: empty */
};

#define TLB_FLUSH_BATCH_INIT { ~0UL, 0 }

static inline void tlb_batch_init(struct tlb_flush_batch *batch)
{
	batch->start = ~0UL;
	batch->end = 0;
}

static inline bool tlb_batch_empty(const struct tlb_flush_batch *batch)
{
	return batch->start >= batch->end;
}

/* Adds [@start, @end) to @batch; an empty range changes nothing. */
static inline void tlb_batch_add(struct tlb_flush_batch *batch,
				 unsigned long start, unsigned long end)
{
	if (start >= end)
		return;
	batch->start = min(batch->start, start);
	batch->end = max(batch->end, end);
}

/*
 * Flushes everything added since the last flush on every online hart (one
 * flush_tlb_kernel_range()) and empties @batch; an empty batch flushes
 * nothing.
 */
static inline void tlb_batch_flush(struct tlb_flush_batch *batch)
{
	if (!tlb_batch_empty(batch))
		flush_tlb_kernel_range(batch->start, batch->end);
	tlb_batch_init(batch);
}

#endif
