// SPDX-License-Identifier: MIT
/*
 * DOC: kernel virtual area benchmarks (issue 4)
 *
 *   vmalloc.map
 *	instructions per vmalloc(size) + vfree() pair, TLB shootdown
 *	included, for 64 KiB and 4 MiB; then, for 64 KiB, what two of its
 *	parts cost alone: the 16 page allocations and frees (part=pages)
 *	and the one range flush on every hart a pair makes (part=flush:
 *	vfree()'s; vmalloc() makes none). Meant for QEMU -icount
 *	shift=0,sleep=off (bench_loop() says how the loop's own cost is
 *	taken out), with the other harts asleep in wfi.
 *
 *	The shootdown goes by cross-hart call while it measures (flush=ipi
 *	in the lines): under -icount, QEMU runs one hart until it sleeps,
 *	and the firmware's RFENCE spins in M-mode waiting for the others,
 *	which then never run. The cross-hart call's waiter sleeps in wfi.
 */
#include <asm/page.h>
#include <asm/tlbflush.h>
#include "kernel/bench.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "mm/gfp.h"
#include "mm/vmalloc.h"

#define SMALL (64UL << 10)
#define LARGE (4UL << 20)

static __always_inline bool map_loop(unsigned long size, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		void *p = vmalloc(size);

		if (unlikely(!p))
			return false;
		vfree(p);
	}
	return true;
}

static bool small_loop(void *unused, unsigned long n)
{
	return map_loop(SMALL, n);
}

static bool large_loop(void *unused, unsigned long n)
{
	return map_loop(LARGE, n);
}

/* The page allocator's share of a 64 KiB pair: 16 pages in, 16 out. */
static bool pages_loop(void *unused, unsigned long n)
{
	struct page *pages[SMALL / PAGE_SIZE];

	for (unsigned long i = 0; i < n; i++) {
		for (unsigned int p = 0; p < ARRAY_SIZE(pages); p++) {
			pages[p] = alloc_page(GFP_KERNEL);
			if (unlikely(!pages[p]))
				return false;
		}
		for (unsigned int p = 0; p < ARRAY_SIZE(pages); p++)
			__free_page(pages[p]);
	}
	return true;
}

/* The shootdown's share: vfree()'s one range flush (vmalloc() makes none). */
static bool flush_loop(void *unused, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		flush_tlb_kernel_range(VMALLOC_START, VMALLOC_START + SMALL);
	return true;
}

static int vmalloc_map(bool quick)
{
	static const struct {
		unsigned long size;
		const char *part;
		bool (*loop)(void *, unsigned long);
		unsigned long iters, quick_iters;
	} runs[] = {
		{ SMALL, NULL, small_loop, 2000, 50 },
		{ LARGE, NULL, large_loop, 50, 2 },
		{ SMALL, "pages", pages_loop, 2000, 50 },
		{ SMALL, "flush", flush_loop, 2000, 50 },
	};
	enum tlb_flush_method old = tlb_flush_set_method(TLB_FLUSH_IPI);
	char text[96];
	int err = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(runs); i++) {
		if (!bench_loop(runs[i].loop, NULL, quick ? runs[i].quick_iters : runs[i].iters,
				text, sizeof(text))) {
			printk("# bench vmalloc.map: vmalloc(%lu) failed\n", runs[i].size);
			err = -ENOMEM;
			break;
		}
		if (runs[i].part)
			bench_print("vmalloc.map", 1, " size=%lu part=%s flush=ipi%s",
				    runs[i].size, runs[i].part, text);
		else
			bench_print("vmalloc.map", 1, " size=%lu flush=ipi%s", runs[i].size, text);
	}
	tlb_flush_set_method(old);
	return err;
}

BENCH(vmalloc_map_bench, "vmalloc.map", vmalloc_map);
