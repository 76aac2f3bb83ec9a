// SPDX-License-Identifier: MIT
/*
 * DOC: kernel virtual area benchmarks (issue 4)
 *
 *   vmalloc.map
 *	instructions per vmalloc(size) + vfree() pair in the steady state,
 *	for 64 KiB and 4 MiB: vfree() leaves the shootdown to a purge once
 *	the lazy areas pass lazy_max_pages(), so the loops run long enough
 *	for several purges (purges= says how many the measured loop made)
 *	and the figure is the pair with its share of them. Then, for
 *	64 KiB, what two of its parts cost alone: the 16 page allocations
 *	and frees (part=pages), and one purge's shootdown over the union
 *	of lazy_max_pages() pages (part=flush, size= that union), which
 *	purges= of them a loop shares. Meant for QEMU -icount
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

/* One measured run: its argument and what its last loop saw. */
struct map_run {
	unsigned long size;	/* bytes a pair maps; for part=flush, the union */
	unsigned long purges;	/* purges in the last call of the loop */
};

static bool map_loop(void *arg, unsigned long n)
{
	struct map_run *run = arg;
	struct vmalloc_stats s0, s1;
	bool ok = true;

	/* Outside the iterations: a few dozen instructions a loop. */
	vmalloc_get_stats(&s0);
	for (unsigned long i = 0; i < n; i++) {
		void *p = vmalloc(run->size);

		if (unlikely(!p)) {
			ok = false;
			break;
		}
		vfree(p);
	}
	vmalloc_get_stats(&s1);
	run->purges = s1.purges - s0.purges;
	return ok;
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

/* The shootdown of one purge, over the union of its lazy areas. */
static bool flush_loop(void *arg, unsigned long n)
{
	const struct map_run *run = arg;

	for (unsigned long i = 0; i < n; i++)
		flush_tlb_kernel_range(VMALLOC_START, VMALLOC_START + run->size);
	return true;
}

static int vmalloc_map(bool quick)
{
	struct vmalloc_stats stats;
	struct {
		const char *part;
		bool (*loop)(void *, unsigned long);
		unsigned long iters, quick_iters;
		struct map_run run;
	} runs[] = {
		/* About 5 purges on 8 harts, 20 on one. */
		{ NULL, map_loop, 10000, 50, { .size = SMALL } },
		/* About 6 purges on 8 harts, 25 on one. */
		{ NULL, map_loop, 200, 2, { .size = LARGE } },
		{ "pages", pages_loop, 2000, 50, { .size = SMALL } },
		{ "flush", flush_loop, 2000, 50, { .size = 0 } },
	};
	enum tlb_flush_method old = tlb_flush_set_method(TLB_FLUSH_IPI);
	char text[96];
	int err = 0;

	vmalloc_get_stats(&stats);
	runs[3].run.size = stats.lazy_max_pages << PAGE_SHIFT;
	for (unsigned int i = 0; i < ARRAY_SIZE(runs); i++) {
		struct map_run *run = &runs[i].run;

		/* Every run starts with nothing lazy: the same purges each boot. */
		vm_unmap_aliases();
		if (!bench_loop(runs[i].loop, run, quick ? runs[i].quick_iters : runs[i].iters,
				text, sizeof(text))) {
			printk("# bench vmalloc.map: vmalloc(%lu) failed\n", run->size);
			err = -ENOMEM;
			break;
		}
		if (runs[i].part)
			bench_print("vmalloc.map", 1, " size=%lu part=%s flush=ipi%s", run->size,
				    runs[i].part, text);
		else
			bench_print("vmalloc.map", 1, " size=%lu flush=ipi purges=%lu%s",
				    run->size, run->purges, text);
	}
	vm_unmap_aliases();
	tlb_flush_set_method(old);
	return err;
}

BENCH(vmalloc_map_bench, "vmalloc.map", vmalloc_map);
