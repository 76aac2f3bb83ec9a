// SPDX-License-Identifier: MIT
/*
 * DOC: page allocator benchmarks (issue 3)
 *
 *   page.order0.pair, page.order3.pair, page.order0.zero.pair
 *	instructions per alloc_pages(GFP_KERNEL, order) + __free_pages()
 *	pair, per-hart caches on (the lock-free fast path, warmed first),
 *	inline (constant arguments) and called (alloc_pages_noinline(),
 *	what variable arguments get), and off (the buddy under the zone
 *	lock); the zeroed pair (__GFP_ZERO) inline with caches on only.
 *	Meant for QEMU -icount
 *	shift=0,sleep=off, where instret is exact: the other harts sleep in
 *	wfi and interrupts are off, so nothing else retires instructions. The
 *	loop's own instructions, measured on an empty loop of the same
 *	length, are subtracted and printed as loop=.
 *   page.scaling
 *	order-0 pairs per second, in bursts of 32 allocations then 32 frees,
 *	from 1, 2, 4 and 8 harts at once for a fixed time, caches on and
 *	off, in one boot; each figure with its ratio to 1 hart, and the
 *	on/off ratio at the most harts. Under MTTCG the harts share the
 *	host's cores, so only the ratios mean anything.
 *   page.remote_free
 *	pages allocated on node 0 by a node-0 hart and freed by a hart of
 *	another node: instructions per free on the freeing hart (exact under
 *	-icount) and node 0's zone-lock acquisitions per 1000 pages.
 */
#include "kernel/bench.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/time.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/numa.h"
#include "mm/page.h"
#include <asm/irqflags.h>
#include <asm/processor.h>

/* ------------------------------------------------- alloc/free pairs --- */

#define PAIR_ITERS 20000
#define PAIR_ITERS_QUICK 500

/*
 * Runs @n alloc+free pairs of @order, through the inline fast paths
 * (@order is a constant here) or, with @call, the out-of-line ones that
 * callers with variable arguments get. Returns false if one allocation
 * failed.
 */
static __always_inline bool pair_loop(gfp_t gfp, unsigned int order, bool call,
				      unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		struct page *page = call ? alloc_pages_noinline(gfp, order) :
					   alloc_pages(gfp, order);

		if (unlikely(!page))
			return false;
		if (call)
			__free_pages_noinline(page, order);
		else
			__free_pages(page, order);
	}
	return true;
}

/* pair_loop() for each (order, call) measured, for bench_loop(). */
#define PAIR_LOOP(fn, gfp, order, call)                          \
	static bool fn(void *unused, unsigned long n)            \
	{                                                        \
		return pair_loop(gfp, order, call, n);           \
	}
PAIR_LOOP(order0_inline, GFP_KERNEL, 0, false)
PAIR_LOOP(order0_call, GFP_KERNEL, 0, true)
PAIR_LOOP(order3_inline, GFP_KERNEL, 3, false)
PAIR_LOOP(order3_call, GFP_KERNEL, 3, true)
PAIR_LOOP(order0_zero_inline, GFP_KERNEL | __GFP_ZERO, 0, false)

/*
 * Measures @n pairs of @loop on this hart and prints the figure. Returns
 * 0, or -ENOMEM if an allocation failed.
 */
static int measure_pairs(const char *name, bool (*loop)(void *, unsigned long),
			 unsigned int order, bool call, bool pcp, unsigned long n)
{
	char text[96];

	if (!bench_loop(loop, NULL, n, text, sizeof(text))) {
		printk("# bench %s: order-%u allocation failed\n", name, order);
		return -ENOMEM;
	}
	bench_print(name, 1, " pcp=%s path=%s order=%u%s", pcp ? "on" : "off",
		    call ? "call" : "inline", order, text);
	return 0;
}

/* Caches on (inline and called) and off for @order; left on. */
static int run_pairs(const char *name, unsigned int order,
		     bool (*inline_loop)(void *, unsigned long),
		     bool (*call_loop)(void *, unsigned long), bool quick)
{
	unsigned long n = quick ? PAIR_ITERS_QUICK : PAIR_ITERS;
	int err;

	err = measure_pairs(name, inline_loop, order, false, true, n);
	if (!err)
		err = measure_pairs(name, call_loop, order, true, true, n);
	pcp_set_enabled(false);
	if (!err)
		err = measure_pairs(name, inline_loop, order, false, false, n);
	pcp_set_enabled(true);
	return err;
}

static int order0_pair(bool quick)
{
	return run_pairs("page.order0.pair", 0, order0_inline, order0_call, quick);
}

static int order3_pair(bool quick)
{
	return run_pairs("page.order3.pair", 3, order3_inline, order3_call, quick);
}

/* A zeroed page (__GFP_ZERO): what page tables and coherent DMA buffers pay. */
static int order0_zero_pair(bool quick)
{
	return measure_pairs("page.order0.zero.pair", order0_zero_inline, 0, false, true,
			     quick ? PAIR_ITERS_QUICK : PAIR_ITERS);
}

BENCH(page_order0_pair_bench, "page.order0.pair", order0_pair);
BENCH(page_order0_zero_pair_bench, "page.order0.zero.pair", order0_zero_pair);
BENCH(page_order3_pair_bench, "page.order3.pair", order3_pair);

/* ---------------------------------------------------------- scaling --- */

#define BURST 32
#define SCALING_NS 200000000ULL		/* each measurement: 200 ms */
#define SCALING_NS_QUICK 10000000ULL	/* 10 ms */
#define SCALING_REPEATS 3		/* the median is reported (bench_median3) */
#define SCALING_MAX_HARTS 8

/*
 * Allocates BURST order-0 pages, then frees them. Returns false if an
 * allocation failed (what was allocated is freed).
 */
static bool burst(void *unused)
{
	struct page *pages[BURST];
	unsigned int got;

	for (got = 0; got < BURST; got++) {
		pages[got] = alloc_page(GFP_KERNEL);
		if (unlikely(!pages[got]))
			break;
	}
	for (unsigned int i = 0; i < got; i++)
		__free_page(pages[i]);
	return got == BURST;
}

static int scaling(bool quick)
{
	static const unsigned int counts[] = { 1, 2, 4, SCALING_MAX_HARTS };
	u64 duration = quick ? SCALING_NS_QUICK : SCALING_NS;
	unsigned int repeats = quick ? 1 : SCALING_REPEATS;
	u64 rate[2][ARRAY_SIZE(counts)] = { { 0 } };
	unsigned int online = num_online_cpus(), last = 0;
	char ratio[24];

	for (int pcp = 1; pcp >= 0; pcp--) {
		pcp_set_enabled(pcp);
		for (unsigned int c = 0; c < ARRAY_SIZE(counts); c++) {
			u64 v[SCALING_REPEATS];

			if (counts[c] > online)
				break;
			for (unsigned int r = 0; r < SCALING_REPEATS; r++)
				v[r] = r < repeats ? bench_rate(counts[c], duration, burst,
								NULL, BURST)
						   : v[0];
			rate[pcp][c] = bench_median3(v);
			if (!rate[pcp][c]) {
				pcp_set_enabled(true);
				printk("# bench page.scaling: allocation failed on %u harts\n",
				       counts[c]);
				return -ENOMEM;
			}
			bench_print("page.scaling", counts[c],
				    " pcp=%s pairs_per_s=%llu vs_1hart=%s",
				    pcp ? "on" : "off",
				    (unsigned long long)rate[pcp][c],
				    bench_div(ratio, sizeof(ratio), rate[pcp][c],
					      rate[pcp][0]));
			last = c;
		}
	}
	pcp_set_enabled(true);
	bench_print("page.scaling", counts[last], " on_vs_off=%s",
		    bench_div(ratio, sizeof(ratio), rate[1][last], rate[0][last]));
	return 0;
}

BENCH(page_scaling_bench, "page.scaling", scaling);

/* ------------------------------------------------------ remote free --- */

#define REMOTE_PAGES 4096	/* the pointer array is one order-3 block */
#define REMOTE_PAGES_QUICK 512
#define REMOTE_ARRAY_ORDER 3
#define HOME_NODE 0

struct remote_free {
	struct page **pages;
	unsigned long nr;	/* pages wanted; after allocating, got */
	bool misplaced;		/* a page came from another node */
	u64 instret, loop_instret, ns, locks;	/* less the walk's own */
};

/* Returns the zone-lock acquisitions of node @nid's zones so far. */
static unsigned long node_lock_acquisitions(int nid)
{
	unsigned long sum = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		sum += READ_ONCE(NODE_DATA(nid)->node_zones[z].lock_acquisitions);
	return sum;
}

/* On a hart of HOME_NODE: fills the array with pages of that node. */
static void remote_alloc(void *arg)
{
	struct remote_free *rf = arg;

	for (unsigned long i = 0; i < rf->nr; i++) {
		rf->pages[i] = alloc_pages_node(HOME_NODE, GFP_KERNEL, 0);
		if (!rf->pages[i]) {
			rf->nr = i;
			break;
		}
		if (page_to_nid(rf->pages[i]) != HOME_NODE)
			rf->misplaced = true;
	}
}

/* On the remote hart (interrupts off): frees them all, measured. */
static void remote_free(void *arg)
{
	struct remote_free *rf = arg;
	unsigned long locks;
	u64 e0, e1, et0, et1, i0, i1, t0, t1;

	/* The walk over the array without the frees, to subtract. */
	et0 = ktime_get_ns();
	e0 = bench_instret();
	for (unsigned long i = 0; i < rf->nr; i++)
		__asm__ volatile("" ::"r"(rf->pages[i]) : "memory");
	e1 = bench_instret();
	et1 = ktime_get_ns();

	locks = node_lock_acquisitions(HOME_NODE);
	t0 = ktime_get_ns();
	i0 = bench_instret();
	for (unsigned long i = 0; i < rf->nr; i++)
		__free_page(rf->pages[i]);
	i1 = bench_instret();
	t1 = ktime_get_ns();
	rf->locks = node_lock_acquisitions(HOME_NODE) - locks;
	rf->loop_instret = e1 - e0;
	rf->instret = (i1 - i0) - min(i1 - i0, e1 - e0);
	rf->ns = (t1 - t0) - min(t1 - t0, et1 - et0);
}

/* Returns the first online cpu of node @nid, or -1. */
static int first_cpu_of(int nid)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (cpu_to_node(cpu) == nid)
			return cpu;
	return -1;
}

/* Returns the first online cpu of a node other than @nid, or -1. */
static int first_cpu_not_of(int nid)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (cpu_to_node(cpu) != nid)
			return cpu;
	return -1;
}

/* One round with the caches @pcp; Returns 0 or -ENOMEM. */
static int remote_round(struct remote_free *rf, unsigned long nr, bool pcp,
			int home_cpu, int remote_cpu)
{
	char instret[24], locks[24], loop[24], ns[24];

	pcp_set_enabled(pcp);
	rf->nr = nr;
	rf->misplaced = false;
	smp_call_function_single(home_cpu, remote_alloc, rf, true);
	if (rf->nr < nr) {
		for (unsigned long i = 0; i < rf->nr; i++)
			__free_page(rf->pages[i]);
		printk("# bench page.remote_free: only %lu of %lu pages on node %d\n",
		       rf->nr, nr, HOME_NODE);
		return -ENOMEM;
	}
	smp_call_function_single(remote_cpu, remote_free, rf, true);
	/* Pages the freeing hart still holds go home now, unmeasured. */
	drain_all_pages();
	bench_print("page.remote_free", 1,
		    " pcp=%s node=%d from_node=%d pages=%lu instret=%s ns=%s loop=%s locks_per_1000=%s%s",
		    pcp ? "on" : "off", HOME_NODE, cpu_to_node(remote_cpu), nr,
		    bench_div(instret, sizeof(instret), rf->instret, nr),
		    bench_div(ns, sizeof(ns), rf->ns, nr),
		    bench_div(loop, sizeof(loop), rf->loop_instret, nr),
		    bench_div(locks, sizeof(locks), rf->locks * 1000, nr),
		    rf->misplaced ? " misplaced=yes" : "");
	return 0;
}

static int remote_free_bench(bool quick)
{
	int home_cpu = first_cpu_of(HOME_NODE);
	int remote_cpu = first_cpu_not_of(HOME_NODE);
	struct remote_free rf = { 0 };
	struct page *array;
	int err;

	if (home_cpu < 0 || remote_cpu < 0 || !node_state(HOME_NODE, N_MEMORY)) {
		printk("# bench page.remote_free: skipped: needs harts on node %d with memory and on another node\n",
		       HOME_NODE);
		return 0;
	}
	array = alloc_pages(GFP_KERNEL, REMOTE_ARRAY_ORDER);
	if (!array)
		return -ENOMEM;
	rf.pages = page_address(array);

	err = remote_round(&rf, quick ? REMOTE_PAGES_QUICK : REMOTE_PAGES, true,
			   home_cpu, remote_cpu);
	if (!err)
		err = remote_round(&rf, quick ? REMOTE_PAGES_QUICK : REMOTE_PAGES,
				   false, home_cpu, remote_cpu);
	pcp_set_enabled(true);
	__free_pages(array, REMOTE_ARRAY_ORDER);
	return err;
}

BENCH(page_remote_free_bench, "page.remote_free", remote_free_bench);
