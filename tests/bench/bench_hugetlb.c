// SPDX-License-Identifier: MIT
/*
 * DOC: hugetlb benchmarks (issue 10)
 *
 *   hugetlb.pair
 *	instructions per alloc_hugetlb_page() + free_hugetlb_page() of a
 *	2 MiB page from a pool of one on this hart's node (exact under
 *	-icount shift=0,sleep=off; the empty loop subtracted).
 *   hugetlb.grow
 *	instructions and ns per 2 MiB page to grow the pool by 1 GiB at run
 *	time (512 pages from the buddy, round robin over the nodes), and for
 *	one 1 GiB page (a contiguous range found and taken out of the buddy).
 *   hugetlb.fragmented
 *	the pool grown as far as it goes after fragmentation: 90% of free
 *	memory taken in order-0 pages, 30% of them unmovable and 70% movable
 *	(__GFP_MOVABLE) in random order; every movable one and a random half
 *	of the unmovable ones freed. Reports the 2 MiB pages it got against
 *	what free memory could hold (free pages / 512), and against the
 *	pageblocks no unmovable page is left in (what any allocator without
 *	migration could get).
 */
#include "kernel/bench.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/random.h"
#include "kernel/time.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/hugetlb.h"
#include "mm/mmzone.h"
#include "mm/page.h"
#include <asm/irqflags.h>

#define PAIR_ITERS 20000
#define PAIR_ITERS_QUICK 500

struct pair_arg {
	struct hstate *h;
	int nid;
};

static bool hugetlb_pair_loop(void *arg, unsigned long n)
{
	const struct pair_arg *p = arg;

	for (unsigned long i = 0; i < n; i++) {
		struct page *page = alloc_hugetlb_page(p->h, p->nid, false);

		if (unlikely(!page))
			return false;
		free_hugetlb_page(p->h, page);
	}
	return true;
}

static int hugetlb_pair(bool quick)
{
	struct pair_arg arg = { size_to_hstate(PMD_SIZE), numa_mem_id() };
	unsigned long nr = arg.h->nr_huge_pages;
	char text[96];
	bool ok;

	set_max_huge_pages(arg.h, arg.h->nr_huge_pages_node[arg.nid] + 1, arg.nid);
	ok = bench_loop(hugetlb_pair_loop, &arg, quick ? PAIR_ITERS_QUICK : PAIR_ITERS,
			text, sizeof(text));
	set_max_huge_pages(arg.h, nr, NUMA_NO_NODE);
	if (!ok) {
		printk("# bench hugetlb.pair: no 2 MiB page on node %d\n", arg.nid);
		return -ENOMEM;
	}
	bench_print("hugetlb.pair", 1, " size=2048kB node=%d%s", arg.nid, text);
	return 0;
}

BENCH(hugetlb_pair_bench, "hugetlb.pair", hugetlb_pair);

/*
 * Grows @h by @pages pages at run time, measured; Returns the pages it
 * got and fills @instret and @ns with the whole grow's cost.
 */
static unsigned long measure_grow(struct hstate *h, unsigned long pages, u64 *instret, u64 *ns)
{
	unsigned long before = h->nr_huge_pages;
	unsigned long flags = arch_local_irq_save();
	u64 i0 = bench_instret(), t0 = ktime_get_ns();

	set_max_huge_pages(h, before + pages, NUMA_NO_NODE);
	*instret = bench_instret() - i0;
	*ns = ktime_get_ns() - t0;
	arch_local_irq_restore(flags);
	pages = h->nr_huge_pages - before;
	set_max_huge_pages(h, before, NUMA_NO_NODE);
	return pages;
}

static int hugetlb_grow(bool quick)
{
	struct hstate *h = size_to_hstate(PMD_SIZE), *giant = size_to_hstate(PUD_SIZE);
	unsigned long wanted = quick ? 16 : 512, got;
	char per_instret[24], per_ns[24];
	u64 instret, ns;

	got = measure_grow(h, wanted, &instret, &ns);
	if (got != wanted) {
		printk("# bench hugetlb.grow: got %lu of %lu 2 MiB pages\n", got, wanted);
		return -ENOMEM;
	}
	bench_print("hugetlb.grow", 1, " size=2048kB pages=%lu instret=%s ns=%s", got,
		    bench_div(per_instret, sizeof(per_instret), instret, got),
		    bench_div(per_ns, sizeof(per_ns), ns, got));
	if (quick)
		return 0;
	got = measure_grow(giant, 1, &instret, &ns);
	if (!got) {
		printk("# bench hugetlb.grow: no free, aligned GiB for a 1 GiB page\n");
		return -ENOMEM;
	}
	bench_print("hugetlb.grow", 1, " size=1048576kB pages=1 instret=%llu ns=%llu",
		    (unsigned long long)instret, (unsigned long long)ns);
	return 0;
}

BENCH(hugetlb_grow_bench, "hugetlb.grow", hugetlb_grow);

/* ------------------------------------------------------- fragmented --- */

/* An allocated page of the fill, chained through its own first word. */
struct fill_page {
	struct fill_page *next;
};

/* Frees every page of @list; Returns how many. */
static unsigned long free_chain(struct fill_page *list)
{
	unsigned long n = 0;

	while (list) {
		struct fill_page *next = list->next;

		__free_page(virt_to_page(list));
		list = next;
		n++;
	}
	return n;
}

/* Counts the pageblocks the pages of @list are in (each block once). */
static unsigned long pinned_pageblocks(struct fill_page *list)
{
	static unsigned long seen[(64UL << 30 >> (PAGE_SHIFT + pageblock_order)) / 64];
	unsigned long blocks = 0;

	memset(seen, 0, sizeof(seen));
	for (; list; list = list->next) {
		unsigned long block = page_to_pfn(virt_to_page(list)) >> pageblock_order;

		if (block / 64 >= ARRAY_SIZE(seen))
			continue;
		if (!(seen[block / 64] & (1UL << (block % 64))))
			blocks++;
		seen[block / 64] |= 1UL << (block % 64);
	}
	return blocks;
}

static int hugetlb_fragmented(bool quick)
{
	struct hstate *h = size_to_hstate(PMD_SIZE);
	struct fill_page *unmovable = NULL, *movable = NULL, *kept = NULL;
	unsigned long target, taken = 0, nr_unmovable = 0, nr = h->nr_huge_pages;
	unsigned long free_before_grow, got, pinned;
	u64 seed = 0x5eedf00d;
	char ratio[24], best_ratio[24];

	drain_all_pages();
	target = nr_free_pages() / 10 * 9;
	if (quick)
		target /= 16;
	while (taken < target) {
		bool is_unmovable = splitmix64_next(&seed) % 10 < 3;
		struct page *page = alloc_page(GFP_KERNEL | __GFP_NOWARN |
					       (is_unmovable ? 0 : __GFP_MOVABLE));
		struct fill_page *p;

		if (!page)
			break;
		p = page_address(page);
		if (is_unmovable) {
			p->next = unmovable;
			unmovable = p;
			nr_unmovable++;
		} else {
			p->next = movable;
			movable = p;
		}
		taken++;
	}
	free_chain(movable);
	while (unmovable) {
		struct fill_page *next = unmovable->next;

		if (splitmix64_next(&seed) & 1) {
			__free_page(virt_to_page(unmovable));
		} else {
			unmovable->next = kept;
			kept = unmovable;
		}
		unmovable = next;
	}
	drain_all_pages();
	free_before_grow = nr_free_pages();
	pinned = pinned_pageblocks(kept);

	/* As far as it goes; a quick run (the smoke test) stops at 64 pages. */
	set_max_huge_pages(h, quick ? nr + 64 : ~0UL >> 1, NUMA_NO_NODE);
	got = h->nr_huge_pages - nr;
	set_max_huge_pages(h, nr, NUMA_NO_NODE);
	free_chain(kept);

	bench_print("hugetlb.fragmented", 1,
		    " filled=%lu unmovable=%lu kept_unmovable_blocks=%lu got=%lu could_hold=%lu got_vs_free=%s%% got_vs_unpinned=%s%%",
		    taken, nr_unmovable, pinned, got, free_before_grow / 512,
		    bench_div(ratio, sizeof(ratio), got * 100, free_before_grow / 512 ?: 1),
		    bench_div(best_ratio, sizeof(best_ratio), got * 100,
			      (totalram_pages() >> pageblock_order) - pinned ?: 1));
	return 0;
}

BENCH(hugetlb_fragmented_bench, "hugetlb.fragmented", hugetlb_fragmented);
