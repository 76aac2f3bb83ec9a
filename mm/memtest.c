// SPDX-License-Identifier: MIT
/*
 * DOC: memtest - patterns written over free memory, read back, bad cells kept out
 *
 * Linux's early memtest, for the board bring-up engineer whose DRAM
 * controller is not yet to be trusted. With `memtest=N` on the command
 * line, mm_init() runs N passes over all free memory after the memmap has
 * been allocated and before the buddy gets the memory: each pass writes
 * one 64-bit pattern over every word, then reads every word back. A word
 * that does not read back what was written is a bad cell; runs of them
 * are reserved in memblock, reported as Linux reports them
 *
 *	  4c494e5558726c7a bad mem addr 0x0000000080400000 - 0x0000000080400008 reserved
 *
 * (the pattern printed byte-swapped, as Linux's cpu_to_be64() prints it),
 * and never reach the buddy. Patterns are Linux's seventeen, taken from
 * the (N-1)th down to the 0th, so that the last pass leaves memory zeroed.
 *
 * Each node's free memory is tested by that node's harts, in parallel,
 * each taking an equal share (a node without harts is tested by its home
 * hart, node_home_cpu()): on an 8-hart 2-node machine every hart tests an
 * eighth, on memory close to it.
 *
 * At run time the console's `memtest [--node N] [--patterns N]` does the
 * same to memory it takes from the buddy, a node at a time: every free
 * block it can get above the min watermark (the per-hart caches drained
 * first), tested, and given back unless bad. A bad block stays allocated,
 * so it is never used again, and is reported.
 *
 * Terminology: a *pass* writes and checks one pattern; a *share* is the
 * part of a node's free memory one hart tests.
 */
#include <asm/memtest.h>
#include <asm/page.h>
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/memblock.h"
#include "mm/memtest.h"
#include "mm/numa.h"

/* Linux's patterns; the first must be 0, for the last pass leaves it. */
static const u64 patterns[] = {
	0,
	0xffffffffffffffffULL,
	0x5555555555555555ULL,
	0xaaaaaaaaaaaaaaaaULL,
	0x1111111111111111ULL,
	0x2222222222222222ULL,
	0x4444444444444444ULL,
	0x8888888888888888ULL,
	0x3333333333333333ULL,
	0x6666666666666666ULL,
	0x9999999999999999ULL,
	0xccccccccccccccccULL,
	0x7777777777777777ULL,
	0xbbbbbbbbbbbbbbbbULL,
	0xddddddddddddddddULL,
	0xeeeeeeeeeeeeeeeeULL,
	0x7a6c7258554e494cULL,	/* "LINUXrlz" in memory order */
};

_Static_assert(ARRAY_SIZE(patterns) == MEMTEST_MAX_PASSES, "one pattern a pass");
#define BITS_PER_LONG (8 * sizeof(long))
/* Bad ranges one early memtest can keep; more are merged into the last. */
#define MEMTEST_MAX_BAD 64

static unsigned int memtest_passes;	/* memtest=N; 0: off */
bool early_memtest_done;		/* for /proc/meminfo, as Linux's */
phys_addr_t early_memtest_bad_size;	/* bytes of the bad ranges reserved */

struct bad_range {
	phys_addr_t start, end;
	u64 pattern;
};

/* The bad ranges an early memtest found, reserved by the boot hart after. */
static struct {
	spinlock_t lock;
	unsigned int nr;
	struct bad_range ranges[MEMTEST_MAX_BAD];
} early_bad = { .lock = SPINLOCK_INIT };

/**
 * memtest_setup() - the "memtest" boot argument.
 * @value: the number of passes (Linux's), or NULL for all of them.
 * @arg: unused.
 *
 * Return: 0, or -EINVAL (logged, memtest stays off) for a value that is
 * not a number from 0 to 17.
 */
int memtest_setup(const char *value, void *arg)
{
	unsigned long passes = MEMTEST_MAX_PASSES;

	if (value && (parse_ulong(value, 0, &passes) || passes > MEMTEST_MAX_PASSES)) {
		pr_err("cmdline: memtest=%s: expected a number of passes from 0 to %d; memtest off\n",
		       value, MEMTEST_MAX_PASSES);
		memtest_passes = 0;
		return -EINVAL;
	}
	memtest_passes = passes;
	return 0;
}

/* Byte-swapped, as Linux prints a pattern (its cpu_to_be64()). */
static unsigned long long pattern_as_linux_prints(u64 pattern)
{
	unsigned long long swapped = 0;

	for (int byte = 0; byte < 8; byte++, pattern >>= 8)
		swapped = swapped << 8 | (pattern & 0xff);
	return swapped;
}

/*
 * Writes @pattern over [@start, @end) (8-byte aligned), reads it back and
 * calls @bad for every run of words that did not hold it. Returns the
 * number of bad words.
 */
static unsigned long test_pattern(u64 pattern, phys_addr_t start, phys_addr_t end,
				  void (*bad)(phys_addr_t, phys_addr_t, u64, void *),
				  void *ctx)
{
	u64 *words = phys_to_virt(start);
	size_t n = (end - start) / sizeof(u64), run = 0;
	unsigned long nr_bad = 0;

	for (size_t i = 0; i < n; i++)
		WRITE_ONCE(words[i], pattern);
	arch_memtest_written(words, n * sizeof(u64));
	for (size_t i = 0; i <= n; i++) {
		if (i < n && READ_ONCE(words[i]) != pattern) {
			run++;
			nr_bad++;
			continue;
		}
		if (run)
			bad(start + (i - run) * sizeof(u64), start + i * sizeof(u64),
			    pattern, ctx);
		run = 0;
	}
	return nr_bad;
}

/* Runs passes - 1 down to 0 over [@start, @end); Returns the bad words. */
static unsigned long test_range(unsigned int passes, phys_addr_t start, phys_addr_t end,
				void (*bad)(phys_addr_t, phys_addr_t, u64, void *),
				void *ctx)
{
	unsigned long nr_bad = 0;

	for (unsigned int pass = passes; pass-- > 0;)
		nr_bad += test_pattern(patterns[pass % MEMTEST_MAX_PASSES], start, end,
				       bad, ctx);
	return nr_bad;
}

/* Keeps a bad range for the boot hart to reserve; merges it if full. */
static void early_bad_range(phys_addr_t start, phys_addr_t end, u64 pattern, void *ctx)
{
	unsigned long flags;

	spin_lock_irqsave(&early_bad.lock, flags);
	if (early_bad.nr < MEMTEST_MAX_BAD) {
		early_bad.ranges[early_bad.nr++] = (struct bad_range){ start, end, pattern };
	} else {
		/* Losing good memory between the two is better than using bad. */
		struct bad_range *last = &early_bad.ranges[MEMTEST_MAX_BAD - 1];

		last->start = min(last->start, start);
		last->end = max(last->end, end);
	}
	spin_unlock_irqrestore(&early_bad.lock, flags);
}

/* The harts that test node @nid: its online harts, else its home hart. */
static bool tests_node(unsigned int cpu, int nid, unsigned int *index, unsigned int *count)
{
	unsigned int n = 0, me = 0, other;

	for_each_online_cpu(other) {
		if (cpu_to_node(other) != nid)
			continue;
		if (other == cpu)
			me = n;
		n++;
	}
	if (!n) {
		*index = 0;
		*count = 1;
		return node_home_cpu(nid) == cpu;
	}
	*index = me;
	*count = n;
	return cpu_to_node(cpu) == nid;
}

/* Returns the free bytes memblock has on node @nid. */
static phys_addr_t node_free_bytes(int nid)
{
	phys_addr_t from = 0, lo, hi, total = 0;

	while (memblock_next_free_range(nid, from, &lo, &hi)) {
		total += hi - lo;
		from = hi;
	}
	return total;
}

/*
 * Tests share @index of @count of node @nid's free memory: the bytes from
 * @index/@count to (@index+1)/@count of the node's free ranges laid end to
 * end, in whole pages.
 */
static void test_node_share(int nid, unsigned int index, unsigned int count)
{
	phys_addr_t total = node_free_bytes(nid) >> PAGE_SHIFT;
	phys_addr_t first = total * index / count << PAGE_SHIFT;
	phys_addr_t last = total * (index + 1) / count << PAGE_SHIFT;
	phys_addr_t from = 0, lo, hi, seen = 0;

	while (memblock_next_free_range(nid, from, &lo, &hi)) {
		phys_addr_t a = lo + (first > seen ? first - seen : 0);
		phys_addr_t b = lo + min(hi - lo, last > seen ? last - seen : 0);

		if (a < b)
			test_range(memtest_passes, a, b, early_bad_range, NULL);
		seen += hi - lo;
		from = hi;
	}
}

/* The cross-hart call of early_memtest(): each hart tests its shares. */
static void early_memtest_here(void *unused)
{
	unsigned int cpu = smp_processor_id(), index, count;

	for (int nid = 0; nid < (int)nr_node_ids; nid++)
		if (node_state(nid, N_MEMORY) && tests_node(cpu, nid, &index, &count))
			test_node_share(nid, index, count);
}

/**
 * early_memtest() - test all free memory before the buddy gets it.
 *
 * Runs the memtest=N passes, if any, on every online hart at once (each
 * node by its own harts), then reserves in memblock, and reports, every
 * bad range found. Call after the memmap is allocated and before
 * memblock closes.
 */
void early_memtest(void)
{
	u64 t0 = ktime_get_ns();
	phys_addr_t bytes = 0;

	if (!memtest_passes)
		return;
	pr_info("early_memtest: # of tests: %u\n", memtest_passes);
	for (int nid = 0; nid < (int)nr_node_ids; nid++)
		if (node_state(nid, N_MEMORY))
			bytes += node_free_bytes(nid);
	on_each_cpu(early_memtest_here, NULL, true);
	for (unsigned int i = 0; i < early_bad.nr; i++) {
		const struct bad_range *r = &early_bad.ranges[i];

		pr_info("  %016llx bad mem addr 0x%016llx - 0x%016llx reserved\n",
			pattern_as_linux_prints(r->pattern), (unsigned long long)r->start,
			(unsigned long long)r->end);
		memblock_reserve(r->start, r->end - r->start);
		early_memtest_bad_size += r->end - r->start;
	}
	early_memtest_done = true;
	pr_info("memtest: %llu MiB tested with %u pattern%s on %u harts in %llu ms: %u bad range%s\n",
		(unsigned long long)bytes >> 20, memtest_passes, memtest_passes == 1 ? "" : "s",
		num_online_cpus(), (unsigned long long)(ktime_get_ns() - t0) / 1000000,
		early_bad.nr, early_bad.nr == 1 ? "" : "s");
}

/* The bad pages a run-time memtest found in one block (at most MAX_ORDER-1). */
struct block_result {
	phys_addr_t start;
	unsigned long bad_pages[(1UL << (MAX_ORDER - 1)) / BITS_PER_LONG];
};

/* Reports a bad range of a block and marks the pages it touches. */
static void block_bad_range(phys_addr_t start, phys_addr_t end, u64 pattern, void *ctx)
{
	struct block_result *block = ctx;

	pr_info("  %016llx bad mem addr 0x%016llx - 0x%016llx kept out of the buddy\n",
		pattern_as_linux_prints(pattern), (unsigned long long)start,
		(unsigned long long)end);
	for (phys_addr_t pa = start & PAGE_MASK; pa < end; pa += PAGE_SIZE) {
		unsigned long i = (pa - block->start) >> PAGE_SHIFT;

		block->bad_pages[i / BITS_PER_LONG] |= 1UL << (i % BITS_PER_LONG);
	}
}

/* Returns the pages free in node @nid's buddy. */
static unsigned long node_free_pages(int nid)
{
	unsigned long pages = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		pages += zone_free_pages(&NODE_DATA(nid)->node_zones[z]);
	return pages;
}

/* Allocation for the run-time test: the node's own memory, above min. */
#define MEMTEST_GFP (GFP_NOWAIT | __GFP_THISNODE | __GFP_NOWARN)

/*
 * Tests the order-@order block at @page with @passes patterns and frees
 * it, all but its bad pages, which stay allocated for good; Returns the
 * number of bad pages.
 */
static unsigned long test_block(struct page *page, unsigned int order, unsigned int passes)
{
	struct block_result block = { .start = page_to_phys(page) };
	unsigned long bad = 0;

	if (!test_range(passes, block.start, block.start + (PAGE_SIZE << order),
			block_bad_range, &block)) {
		__free_pages(page, order);
		return 0;
	}
	split_page(page, order);
	for (unsigned long i = 0; i < 1UL << order; i++) {
		if (block.bad_pages[i / BITS_PER_LONG] & 1UL << (i % BITS_PER_LONG))
			bad++;
		else
			__free_page(page + i);
	}
	return bad;
}

/*
 * Takes every block of node @nid the buddy gives above min, tests each
 * with @passes patterns and frees all but their bad pages; Returns the
 * bytes tested and adds the bad pages to *@bad_pages.
 */
static phys_addr_t memtest_node(int nid, unsigned int passes, unsigned long *bad_pages)
{
	struct list_head taken[MAX_ORDER];	/* by order: pages keep none */
	phys_addr_t tested = 0;
	struct page *page, *next;

	drain_all_pages();
	for (int order = MAX_ORDER - 1; order >= 0; order--) {
		INIT_LIST_HEAD(&taken[order]);
		while ((page = alloc_pages_node(nid, MEMTEST_GFP, order)))
			list_add(&page->lru, &taken[order]);
	}
	for (int order = MAX_ORDER - 1; order >= 0; order--)
		list_for_each_entry_safe(page, next, &taken[order], lru) {
			list_del(&page->lru);
			tested += PAGE_SIZE << order;
			*bad_pages += test_block(page, order, passes);
		}
	return tested;
}

/**
 * memtest_run() - the console's memtest: free memory of nodes, tested.
 * @nid: the node to test, or NUMA_NO_NODE for every node with memory.
 * @passes: patterns per block, 1 to 17.
 *
 * Prints a line per node: what was free, what could be taken and tested
 * (all but what the min watermark keeps for everyone else), the bad
 * blocks kept out of the buddy.
 * Return: 0 if no bad cell was found, -EIO if one was, -EINVAL for a
 * node without memory or a pass count out of range.
 */
int memtest_run(int nid, unsigned int passes)
{
	int ret = 0;

	if (passes < 1 || passes > MEMTEST_MAX_PASSES ||
	    (nid != NUMA_NO_NODE && (nid < 0 || nid >= (int)nr_node_ids ||
				     !node_state(nid, N_MEMORY))))
		return -EINVAL;
	for (int n = 0; n < (int)nr_node_ids; n++) {
		unsigned long free_before, bad = 0;
		phys_addr_t tested;
		u64 t0 = ktime_get_ns();

		if ((nid != NUMA_NO_NODE && n != nid) || !node_state(n, N_MEMORY))
			continue;
		free_before = node_free_pages(n);
		tested = memtest_node(n, passes, &bad);
		printk("memtest: node %d: %llu of %lu MiB free tested with %u pattern%s in %llu ms; %lu bad page%s kept out of the buddy\n",
		       n, (unsigned long long)tested >> 20, free_before >> (20 - PAGE_SHIFT),
		       passes, passes == 1 ? "" : "s",
		       (unsigned long long)(ktime_get_ns() - t0) / 1000000,
		       bad, bad == 1 ? "" : "s");
		if (bad)
			ret = -EIO;
	}
	return ret;
}

