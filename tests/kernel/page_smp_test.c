// SPDX-License-Identifier: MIT
/*
 * DOC: page_smp suite - every hart allocating at once
 *
 * Work starts on all harts with on_each_cpu(..., wait): each hart runs
 * its share with interrupts off, and the caller, done with its own,
 * sleeps in wfi until the last hart's completion IPI. Harts never wait
 * for each other inside the work, so no hart spins while another needs
 * the host core.
 *
 * Hand-off: each hart allocates batches of mixed orders, stamps every
 * block, and pushes the batch onto the inbox of a hart on the other side
 * of the machine, which checks the stamps and frees it: remote frees of
 * cached orders (0..3) and buddy orders at the same time as allocations.
 * A block handed out twice shows up as a stamp that does not match.
 *
 * Exhaustion: the caller alone first takes order-10 blocks until only
 * BULK_LEAVE_PAGES are left above the low marks (a million pages cost a
 * thousand allocations); then all harts at once take order 10, 9, ..., 0
 * until none comes, so the race for the last pages, the cache refills
 * and the drains of a failing GFP_KERNEL happen with every hart
 * allocating. Blocks are chained through their own first bytes. Then
 * what the watermarks promise is checked: GFP_KERNEL stopped at each
 * zone's min mark, and GFP_ATOMIC still gets pages from the reserves
 * below it. With every node but one given its bulk back, asking the full
 * one falls back by distance, counted as NUMA misses and foreign hits.
 * Freeing everything gives back the exact count of before.
 *
 * The bulk is taken by one hart because eight harts on the host's two
 * cores convoy on the zone locks (a preempted holder stalls every
 * waiter): taking all of it on all harts took 5 times as long. It is
 * freed by all harts, since a free of 4 MiB spends its time writing the
 * poison (debug build) and holds the lock only for a moment.
 */
#include "tests/kernel/page_test.h"
#include "tests/kernel/inbox.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/time.h"
#include "lib/string.h"
#include <asm/irqflags.h>

/* ----------------------------------------------------------- hand-off --- */

#define HANDOFF_ROUNDS 48
#define HANDOFF_MAGIC 0x7e2a000000000000UL

/* One batch: mostly cached orders, a few that go to the buddy directly. */
static const u8 handoff_orders[] = { 0, 0, 1, 0, 2, 0, 0, 3, 0, 1, 0, 4, 0, 0, 2, 5 };

struct handoff {
	struct test_block *inbox[NR_CPUS];	/* blocks for this cpu to free */
	unsigned int to[NR_CPUS], from[NR_CPUS];	/* neighbours */
	unsigned long allocated[NR_CPUS], freed[NR_CPUS];
	unsigned long failed[NR_CPUS], bad_stamps[NR_CPUS];
};

/* Returns the stamp of @cpu's @seq-th block: the owner can be read back. */
static unsigned long handoff_stamp(unsigned int cpu, unsigned long seq)
{
	return HANDOFF_MAGIC | (unsigned long)cpu << 32 | seq;
}

/* The block's last word: a second writer of the block changes one end. */
static unsigned long *block_tail_word(struct test_block *block)
{
	return (unsigned long *)((char *)block + (PAGE_SIZE << block->order)) - 1;
}

/* Takes this hart's inbox, checks each block's stamp and frees it. */
static void handoff_drain_inbox(struct handoff *h, unsigned int cpu)
{
	struct test_block *block = inbox_take(&h->inbox[cpu]);

	while (block) {
		struct test_block *next = block->next;
		unsigned int order = block->order;

		if (order >= MAX_ORDER || block->owner != h->from[cpu] ||
		    (block->stamp & ~0xffffffffUL) !=
			    handoff_stamp(block->owner, 0) ||
		    *block_tail_word(block) != ~block->stamp) {
			/* Not ours to free: leak it rather than guess its order. */
			h->bad_stamps[cpu]++;
		} else {
			__free_pages(virt_to_page(block), order);
			h->freed[cpu] += 1UL << order;
		}
		block = next;
	}
}

/* One hart's share: allocate, stamp, hand over, free what came in. */
static void handoff_worker(void *info)
{
	struct handoff *h = info;
	unsigned int cpu = smp_processor_id();
	unsigned long seq = 0;

	for (int round = 0; round < HANDOFF_ROUNDS; round++) {
		struct test_block *head = NULL, *tail = NULL;

		for (unsigned int i = 0; i < ARRAY_SIZE(handoff_orders); i++) {
			unsigned int order = handoff_orders[i];
			struct page *page = alloc_pages(GFP_KERNEL, order);
			struct test_block *block;

			if (!page) {
				h->failed[cpu]++;
				continue;
			}
			block = page_address(page);
			block->order = order;
			block->owner = cpu;
			block->stamp = handoff_stamp(cpu, seq++);
			*block_tail_word(block) = ~block->stamp;
			block->next = head;
			head = block;
			if (!tail)
				tail = block;
			h->allocated[cpu] += 1UL << order;
		}
		if (head)
			inbox_push(&h->inbox[h->to[cpu]], head, tail);
		handoff_drain_inbox(h, cpu);
	}
}

/* After every hart stopped allocating: free the last batches handed in. */
static void handoff_finish(void *info)
{
	handoff_drain_inbox(info, smp_processor_id());
}

/* Returns the free pages of every zone, in for_each_populated_zone order. */
static unsigned int zone_free_counts(unsigned long *counts, unsigned int max)
{
	struct zone *zone;
	unsigned int n = 0;

	for_each_populated_zone(zone)
		if (n < max)
			counts[n++] = zone_free_pages(zone);
	return n;
}

#define MAX_TEST_ZONES (MAX_NUMNODES * MAX_NR_ZONES)

/*
 * Allocations on every hart, each batch freed by a hart half the machine
 * away (another node on the NUMA presets); afterwards every zone has
 * exactly its free pages of before: remote frees went home.
 */
static void cross_hart_frees_balance_exactly(struct ktest *t)
{
	static struct handoff h;
	static unsigned long zones_before[MAX_TEST_ZONES], zones_after[MAX_TEST_ZONES];
	unsigned int online[NR_CPUS], n = 0, cpu, nzones;
	unsigned long allocated = 0, freed = 0, failed = 0, bad = 0;
	unsigned long before, batch_pages = 0;

	memset(&h, 0, sizeof(h));
	for (unsigned int i = 0; i < ARRAY_SIZE(handoff_orders); i++)
		batch_pages += 1UL << handoff_orders[i];
	for_each_online_cpu(cpu)
		online[n++] = cpu;
	for (unsigned int i = 0; i < n; i++) {
		unsigned int to = online[(i + max(n / 2, 1U)) % n];

		h.to[online[i]] = to;
		h.from[to] = online[i];
	}
	before = exact_free_pages();
	nzones = zone_free_counts(zones_before, MAX_TEST_ZONES);

	on_each_cpu(handoff_worker, &h, true);
	on_each_cpu(handoff_finish, &h, true);

	for_each_online_cpu(cpu) {
		allocated += h.allocated[cpu];
		freed += h.freed[cpu];
		failed += h.failed[cpu];
		bad += h.bad_stamps[cpu];
	}
	printk("  # %s: %u harts handed over %lu pages\n", t->name, n, allocated);
	KTEST_EXPECT_EQ(t, failed, 0);
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT_EQ(t, freed, allocated);
	KTEST_EXPECT_EQ(t, allocated, (unsigned long)n * HANDOFF_ROUNDS * batch_pages);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
	KTEST_EXPECT_EQ(t, zone_free_counts(zones_after, MAX_TEST_ZONES), nzones);
	for (unsigned int z = 0; z < nzones; z++)
		KTEST_EXPECT_EQ(t, zones_after[z], zones_before[z]);
}

#define CACHE_FILL 24

/* Allocates and frees a few pages so they sit in this hart's caches. */
static void fill_own_caches(void *info)
{
	struct page *pages[CACHE_FILL];

	for (int i = 0; i < CACHE_FILL; i++)
		pages[i] = alloc_pages(GFP_KERNEL, i % 3);
	for (int i = 0; i < CACHE_FILL; i++)
		if (pages[i])
			__free_pages(pages[i], i % 3);
}

/* Returns the pages in @cpu's caches, over every zone. */
static unsigned long cached_on(unsigned int cpu)
{
	unsigned long pages = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		if (managed_zone(zone))
			pages += pcp_count(zone_pcp(zone, cpu));
	return pages;
}

/* drain_local_pages() empties this hart's caches, drain_all_pages() all. */
static void drains_empty_the_caches(struct ktest *t)
{
	unsigned long before = exact_free_pages(), cached = 0;
	unsigned int cpu, self = smp_processor_id();
	struct zone *zone;

	on_each_cpu(fill_own_caches, NULL, true);
	for_each_online_cpu(cpu)
		cached += cached_on(cpu);
	if (!cached) {
		ktest_skip(t, "the per-hart caches are off");
		return;
	}
	/* What sits in caches is allocated as far as the buddy knows. */
	KTEST_EXPECT_EQ(t, nr_free_pages() + cached, before);
	drain_local_pages();
	KTEST_EXPECT_EQ(t, cached_on(self), 0);
	drain_all_pages();
	for_each_online_cpu(cpu)
		KTEST_EXPECT_EQ(t, cached_on(cpu), 0);
	for_each_populated_zone(zone)
		KTEST_EXPECT_EQ(t, zone_pcp_pages(zone), 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}

/* --------------------------------------------------------- exhaustion --- */

/* A single allocation slower than this counts as a hang. */
#define ALLOC_HANG_NS (5ULL * 1000 * 1000 * 1000)

/* What the caller leaves for all harts to race for, above the low marks. */
#define BULK_LEAVE_PAGES 16384

static struct exhaustion {
	struct test_block *bulk;		/* the caller's order-10 blocks */
	unsigned long bulk_pages;
	struct test_block *chain[NR_CPUS];	/* what each hart took */
	unsigned long pages[NR_CPUS];
	u64 worst_ns[NR_CPUS];			/* slowest allocation */
	struct test_block *atomic_chain;	/* GFP_ATOMIC's extra pages */
	unsigned long atomic_pages;
	unsigned long before;			/* exact free pages before */
	bool exhausted;
} ex;

/* Prepends the block of @page to *@chain; Returns its pages. */
static unsigned long chain_block(struct test_block **chain, struct page *page,
				 unsigned int order)
{
	struct test_block *block = page_address(page);

	block->order = order;
	block->next = *chain;
	*chain = block;
	return 1UL << order;
}

/* One hart's share: largest blocks first, down to single pages. */
static void exhaust_worker(void *info)
{
	struct exhaustion *e = info;
	unsigned int cpu = smp_processor_id();

	for (int order = MAX_ORDER - 1; order >= 0; order--) {
		for (;;) {
			u64 start = ktime_get_ns(), took;
			struct page *page = alloc_pages(GFP_TEST, order);

			took = ktime_get_ns() - start;
			if (took > e->worst_ns[cpu])
				e->worst_ns[cpu] = took;
			if (!page)
				break;
			e->pages[cpu] += chain_block(&e->chain[cpu], page, order);
		}
	}
}

/* Returns the lowest free count GFP_KERNEL may leave in @zone. */
static unsigned long kernel_floor(const struct zone *zone)
{
	return min_wmark_pages(zone) + zone->lowmem_reserve[ZONE_NORMAL];
}

/* Returns the same for GFP_ATOMIC: min halved (__GFP_HIGH), less a quarter. */
static unsigned long atomic_floor(const struct zone *zone)
{
	unsigned long min = min_wmark_pages(zone);

	min -= min / 2;
	min -= min / 4;
	return min + zone->lowmem_reserve[ZONE_NORMAL];
}

/* Takes order-10 blocks on the calling hart until @leave pages are left. */
static void take_bulk(struct exhaustion *e, unsigned long leave)
{
	while (nr_free_pages() > leave) {
		struct page *page = alloc_pages(GFP_TEST, MAX_ORDER - 1);

		if (!page)
			break;
		e->bulk_pages += chain_block(&e->bulk, page, MAX_ORDER - 1);
	}
}

/*
 * All harts take order-0..10 blocks with GFP_KERNEL until none comes:
 * no allocation may hang on the way, and afterwards no zone has more
 * free pages than its min mark (plus the reserve kept from requests that
 * may use ZONE_NORMAL), since order 0 would still have succeeded.
 */
static void exhaustion_stops_at_min(struct ktest *t)
{
	unsigned long taken = 0, low = 0;
	u64 started, worst = 0;
	unsigned int cpu;
	struct zone *zone;

	memset(&ex, 0, sizeof(ex));
	ex.before = exact_free_pages();
	for_each_populated_zone(zone)
		low += low_wmark_pages(zone);
	started = ktime_get_ns();
	take_bulk(&ex, low + BULK_LEAVE_PAGES);
	on_each_cpu(exhaust_worker, &ex, true);
	for_each_online_cpu(cpu) {
		taken += ex.pages[cpu];
		worst = max(worst, ex.worst_ns[cpu]);
	}
	printk("  # %s: %lu + %lu of %lu free pages taken in %llu ms, slowest allocation %llu ms\n",
	       t->name, ex.bulk_pages, taken, ex.before,
	       (unsigned long long)(ktime_get_ns() - started) / 1000000,
	       (unsigned long long)worst / 1000000);
	taken += ex.bulk_pages;
	ex.exhausted = true;
	KTEST_EXPECT(t, worst < ALLOC_HANG_NS);
	KTEST_EXPECT(t, taken <= ex.before);
	for_each_populated_zone(zone) {
		if (!managed_zone(zone))
			continue;
		if (zone_free_pages(zone) > kernel_floor(zone))
			ktest_fail(t, __FILE__, __LINE__,
				   "node %d %s: %lu pages free, GFP_KERNEL stops at %lu",
				   zone->node, zone->name, zone_free_pages(zone),
				   kernel_floor(zone));
		printk("  # %s: node %d %s: %lu free, min %lu, reserve %ld\n",
		       t->name, zone->node, zone->name, zone_free_pages(zone),
		       min_wmark_pages(zone), zone->lowmem_reserve[ZONE_NORMAL]);
	}
}

/* Returns the pages in the caches of every hart, over every zone. */
static unsigned long cached_everywhere(void)
{
	unsigned long pages = 0;
	unsigned int cpu;

	for_each_online_cpu(cpu)
		pages += cached_on(cpu);
	return pages;
}

/*
 * With GFP_KERNEL refused everywhere, GFP_ATOMIC may still go down to
 * its own, lower floor: it stops with every zone at or below that floor,
 * and a zone it found above the floor ends below it by less than one
 * cache refill (a refill takes a batch after one check of the mark). The pages it got are exactly what left
 * the buddy and the caches.
 *
 * The loop runs with interrupts off, as GFP_ATOMIC callers may: a
 * balancer it woke on another hart drains this hart's caches only when
 * this hart lets it, so nothing moves between the last failure and the
 * counts read after it (a drain then would return cached pages the
 * failed watermark checks could not reach, and lift zones over the floor).
 */
static void atomic_gets_reserves(struct ktest *t)
{
	static unsigned long free_before[MAX_TEST_ZONES], free_after[MAX_TEST_ZONES];
	unsigned long expected = 0, left = 0, taken_from_buddy = 0;
	unsigned long cached_before, cached_after, flags;
	unsigned int z;
	struct page *page;
	struct zone *zone;

	if (!ex.exhausted) {
		ktest_skip(t, "memory is not exhausted");
		return;
	}
	page = alloc_page(GFP_TEST);
	KTEST_EXPECT(t, !page);
	if (page)
		ex.atomic_pages += chain_block(&ex.atomic_chain, page, 0);

	flags = arch_local_irq_save();
	zone_free_counts(free_before, MAX_TEST_ZONES);
	cached_before = cached_everywhere();
	while ((page = alloc_page(GFP_ATOMIC | __GFP_NOWARN)))
		ex.atomic_pages += chain_block(&ex.atomic_chain, page, 0);
	zone_free_counts(free_after, MAX_TEST_ZONES);
	cached_after = cached_everywhere();
	arch_local_irq_restore(flags);

	z = 0;
	for_each_populated_zone(zone) {
		unsigned long floor = atomic_floor(zone);

		if (z >= MAX_TEST_ZONES)
			break;
		taken_from_buddy += free_before[z] - free_after[z];
		left += free_after[z];
		if (managed_zone(zone) && free_before[z] > floor)
			expected += free_before[z] - floor;
		if (managed_zone(zone) && free_after[z] > floor)
			ktest_fail(t, __FILE__, __LINE__,
				   "node %d %s: %lu pages free, GFP_ATOMIC stops at %lu",
				   zone->node, zone->name, free_after[z], floor);
		/*
		 * Only a zone GFP_ATOMIC found above its floor says how far
		 * below it goes: the harts exhausting memory together may
		 * have left a zone far under every mark, each having passed
		 * the unlocked watermark check before the others took their
		 * blocks (as in Linux, marks are not a lock).
		 */
		if (managed_zone(zone) && free_before[z] > floor &&
		    free_after[z] + zone->pcp_batch <= floor)
			ktest_fail(t, __FILE__, __LINE__,
				   "node %d %s: %lu pages free, below GFP_ATOMIC's %lu by a refill or more",
				   zone->node, zone->name, free_after[z], floor);
		z++;
	}
	printk("  # %s: GFP_ATOMIC got %lu pages, %lu were above its floor\n",
	       t->name, ex.atomic_pages, expected);
	KTEST_EXPECT(t, ex.atomic_pages > 0);
	KTEST_EXPECT_EQ(t, ex.atomic_pages, taken_from_buddy + cached_before - cached_after);
	/* Some reserve is left for harder cases than GFP_ATOMIC. */
	KTEST_EXPECT(t, left > 0);
}

/* The bulk dealt out to the harts, so that they free it together. */
static struct test_block *bulk_share[NR_CPUS];
static unsigned long bulk_freed[NR_CPUS];

/* Frees this hart's share of the bulk. */
static void free_bulk_share(void *unused)
{
	unsigned int cpu = smp_processor_id();

	bulk_freed[cpu] = free_chain(bulk_share[cpu]);
	bulk_share[cpu] = NULL;
}

/*
 * free_bulk_except() - free the bulk blocks of every node but @keep,
 * which stay on ex.bulk. Returns the pages freed.
 *
 * Every hart frees a share: in the debug build a free writes the poison
 * over the whole block, which is most of the suite's time, and the zone
 * lock is held for a moment per 4 MiB, so the harts do not convoy.
 */
static unsigned long free_bulk_except(int keep)
{
	struct test_block *block = ex.bulk, *kept = NULL;
	unsigned int online[NR_CPUS], n = 0, next_share = 0, cpu;
	unsigned long freed = 0;

	for_each_online_cpu(cpu)
		online[n++] = cpu;
	while (block) {
		struct test_block *next = block->next, **to = &kept;

		if (page_to_nid(virt_to_page(block)) != keep)
			to = &bulk_share[online[next_share++ % n]];
		block->next = *to;
		*to = block;
		block = next;
	}
	on_each_cpu(free_bulk_share, NULL, true);
	for_each_online_cpu(cpu)
		freed += bulk_freed[cpu];
	ex.bulk = kept;
	ex.bulk_pages -= freed;
	return freed;
}

/*
 * Node A (this hart's memory) stays full while the other nodes get their
 * bulk back. Asking A for a page then falls back to the node nearest A:
 * a miss there and foreign on A, as Linux counts them (per allocation,
 * the foreign one on the preferred zone). MPOL_PREFERRED A falls back the
 * same way; MPOL_BIND to A alone has nowhere to go.
 */
static void full_node_falls_back_miss_foreign(struct ktest *t)
{
	struct numa_events events;
	struct numa_events_delta delta = { { { 0 } } };
	int full = numa_mem_id(), here = numa_node_id();
	nodemask_t only_full = nodemask_of_node(full);
	struct page *asked, *preferred, *bound;
	unsigned long freed;

	if (!ex.exhausted) {
		ktest_skip(t, "memory is not exhausted");
		return;
	}
	if (nr_memory_nodes() < 2) {
		ktest_skip(t, "needs two nodes with memory");
		return;
	}
	freed = free_bulk_except(full);
	printk("  # %s: node %d stays full, %lu pages freed elsewhere\n",
	       t->name, full, freed);
	/* Empty caches: every request below goes through the watermarks. */
	drain_all_pages();
	snapshot_events(&events);

	asked = alloc_pages_node(full, GFP_KERNEL, 0);
	KTEST_EXPECT_EQ(t, set_mempolicy(MPOL_PREFERRED, &only_full), 0);
	preferred = alloc_pages(GFP_KERNEL, 0);
	KTEST_EXPECT_EQ(t, set_mempolicy(MPOL_BIND, &only_full), 0);
	bound = alloc_pages(GFP_TEST, 0);
	KTEST_EXPECT_EQ(t, set_mempolicy(MPOL_DEFAULT, NULL), 0);

	KTEST_EXPECT(t, asked && preferred);
	if (asked && preferred) {
		int a = page_to_nid(asked), p = page_to_nid(preferred);

		KTEST_EXPECT(t, nearest_memory_node(full, full, a));
		KTEST_EXPECT(t, nearest_memory_node(full, full, p));
		delta.v[a][NUMA_MISS]++;
		delta.v[p][NUMA_MISS]++;
		delta.v[full][NUMA_FOREIGN] += 2;
		delta.v[a][a == here ? NUMA_LOCAL : NUMA_OTHER]++;
		delta.v[p][p == here ? NUMA_LOCAL : NUMA_OTHER]++;
		delta.v[a][PGALLOC]++;
		delta.v[p][PGALLOC]++;
		/* BIND asks this hart's zonelist, inside the set: a hit on A. */
		if (bound) {
			delta.v[full][NUMA_HIT]++;
			delta.v[full][full == here ? NUMA_LOCAL : NUMA_OTHER]++;
			delta.v[full][PGALLOC]++;
		}
		EXPECT_EVENT_DELTAS(t, &events, &delta);
	}
	/* Bound to the full node: nothing, or what a drain gave back there. */
	KTEST_EXPECT(t, !bound || page_to_nid(bound) == full);
	if (bound)
		__free_page(bound);
	if (asked)
		__free_page(asked);
	if (preferred)
		__free_page(preferred);
}

/* Frees the chain of the hart half the machine away: remote frees again. */
static void free_neighbours_chain(void *info)
{
	struct exhaustion *e = info;
	unsigned int cpu = smp_processor_id(), n = num_online_cpus();
	unsigned int online[NR_CPUS], i = 0, me = 0, c;

	for_each_online_cpu(c) {
		if (c == cpu)
			me = i;
		online[i++] = c;
	}
	c = online[(me + max(n / 2, 1U)) % n];
	/* Each chain has exactly one freer: the map is a permutation. */
	e->pages[c] -= free_chain(__atomic_exchange_n(&e->chain[c], NULL,
						      __ATOMIC_ACQ_REL));
}

/*
 * Everything goes back, freed by other harts than took it: the exact
 * count of before, and the largest blocks can be had again.
 */
static void exhaustion_freed_exactly(struct ktest *t)
{
	unsigned int cpu;
	struct page *page;

	if (!ex.exhausted) {
		ktest_skip(t, "memory is not exhausted");
		return;
	}
	on_each_cpu(free_neighbours_chain, &ex, true);
	for_each_online_cpu(cpu)
		KTEST_EXPECT_EQ(t, ex.pages[cpu], 0);
	free_bulk_except(NUMA_NO_NODE);
	KTEST_EXPECT_EQ(t, ex.bulk_pages, 0);
	ex.atomic_pages -= free_chain(ex.atomic_chain);
	ex.atomic_chain = NULL;
	KTEST_EXPECT_EQ(t, ex.atomic_pages, 0);
	ex.exhausted = false;
	KTEST_EXPECT_EQ(t, exact_free_pages(), ex.before);
	page = alloc_pages(GFP_KERNEL, MAX_ORDER - 1);
	KTEST_EXPECT(t, page);
	if (page)
		__free_pages(page, MAX_ORDER - 1);
}

static const struct ktest_case page_smp_cases[] = {
	KTEST_CASE(cross_hart_frees_balance_exactly),
	KTEST_CASE(drains_empty_the_caches),
	KTEST_CASE(exhaustion_stops_at_min),
	KTEST_CASE(atomic_gets_reserves),
	KTEST_CASE(full_node_falls_back_miss_foreign),
	KTEST_CASE(exhaustion_freed_exactly),
};
KTEST_SUITE(page_smp_ktest_suite, "page_smp", page_smp_cases);
