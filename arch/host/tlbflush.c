// SPDX-License-Identifier: MIT
/*
 * DOC: host TLB flushes
 *
 * Nothing to flush (see asm/tlbflush.h); the flushes are counted for tests.
 */
#include <asm/page.h>
#include <asm/tlbflush.h>

static struct host_tlb_flushes flushes;

static void record(unsigned long start, unsigned long end)
{
	__atomic_store_n(&flushes.last_start, start, __ATOMIC_RELAXED);
	__atomic_store_n(&flushes.last_end, end, __ATOMIC_RELAXED);
	__atomic_fetch_add(&flushes.count, 1, __ATOMIC_RELEASE);
}

void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	start = ALIGN_DOWN(start, PAGE_SIZE);
	end = ALIGN_UP(end, PAGE_SIZE);
	if (end > start)
		record(start, end);
}

void flush_tlb_all(void)
{
	record(0, 0);
}

void host_tlb_flushes_get(struct host_tlb_flushes *out)
{
	out->count = __atomic_load_n(&flushes.count, __ATOMIC_ACQUIRE);
	out->last_start = __atomic_load_n(&flushes.last_start, __ATOMIC_RELAXED);
	out->last_end = __atomic_load_n(&flushes.last_end, __ATOMIC_RELAXED);
}
