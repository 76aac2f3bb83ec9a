// SPDX-License-Identifier: MIT
/*
 * DOC: host test - the per-hart page caches with harts running at once, under TSan
 *
 * Six pthread harts on two nodes allocate and free at the same time through
 * the unmodified mm code: each through its own caches, pages handed to a
 * hart of the other node and freed there (remote frees going home in
 * batches), drain_all_pages() landing in the middle of it all, and every
 * hart taking the nodes down to their watermarks together.
 *
 * Every allocated block is stamped with its owner in its first and last
 * word and checked before it is freed, so a block handed to two harts at
 * once fails a CHECK here (and is a data race for ThreadSanitizer, which
 * tests/run-all counts as a failure). Each case ends, once the harts are
 * quiet and the caches drained, with the buddy exactly as boot left it:
 * the same free pages and free blocks in every zone and order.
 *
 * The harts' work runs as cross-hart calls with interrupts turned on, as a
 * kernel thread would run, so the drains other harts send arrive between
 * two cache operations (asm/irqflags.h: a host hart takes its IPIs where
 * interrupts come back on).

 *
 * The file is built twice (docs/testing.md): without DEBUG, like the kernel
 * `make bench` boots, where alloc_page(GFP_KERNEL) and __free_page() here
 * are the inline fast paths of mm/pcp.h, and with it, where every free is
 * checked and poisoned out of line. The first case checks the caches'
 * bookkeeping on one hart, which is the same either way.
 */
#include "tests/host/mm_host.h"
#include "mm/page.h"
#include <asm/irqflags.h>
#include <asm/processor.h>

#define NR_HARTS 6
#define WATCHDOG_S 240

/* Node 0: cpus 0-2, 64 MiB at 2 GiB; node 1: cpus 3-5, the next 64 MiB. */
static const struct mm_machine machine = {
	.nr_nodes = 2,
	.nr_cpus = NR_HARTS,
	.cpu_node = { 0, 0, 0, 1, 1, 1 },
	.memory = { { 0x80000000, 64 * MIB, 0 }, { 0x84000000, 64 * MIB, 1 } },
	.nr_memory = 2,
};

static unsigned long boot_free;
static unsigned long boot_blocks[2][MAX_ORDER];

static void boot(void)
{
	mm_boot(&machine);
	boot_free = nr_free_pages();
	for (int nid = 0; nid < 2; nid++)
		for (int order = 0; order < MAX_ORDER; order++)
			boot_blocks[nid][order] = zone_blocks(node_zone(nid, ZONE_DMA32), order);
	CHECK_EQ(free_and_cached_pages(), boot_free);
}

/* The end of every case: harts quiet, caches drained, the buddy as at boot. */
static void all_memory_back(void)
{
	drain_all_pages();
	CHECK_EQ(free_and_cached_pages(), boot_free);
	CHECK_EQ(nr_free_pages(), boot_free);
	for (int nid = 0; nid < 2; nid++)
		for (int order = 0; order < MAX_ORDER; order++)
			CHECK_EQ(zone_blocks(node_zone(nid, ZONE_DMA32), order),
				 boot_blocks[nid][order]);
}

/* ----------------------------------------------- the inline fast paths --- */

/*
 * A constant-order pair takes from and gives back to the hart's cache,
 * with PGALLOC counted in pages and NUMA_HIT in allocations; a page with
 * a second reference or owner bytes set is still freed right; and a free
 * that fills the cache to high spills it down to high - batch.
 */
static void inline_fast_path_bookkeeping(void)
{
	static struct page *held[4096];
	unsigned long before[NR_ZONE_EVENT_ITEMS], after[NR_ZONE_EVENT_ITEMS];
	struct per_cpu_pages *pcp;
	struct zone *zone;
	struct page *page;
	unsigned int n;
	int count;

	boot();
	zone = node_zone(0, ZONE_DMA32);
	pcp = zone_pcp(zone, smp_processor_id());
	CHECK(this_hart()->fast_pcp[0] == pcp);
	/* Fill the order-0 and order-2 lists (refills take the full path). */
	__free_pages(alloc_pages(GFP_KERNEL, 2), 2);
	__free_page(alloc_page(GFP_KERNEL));
	count = pcp_count(pcp);
	zone_events(zone, before);

	page = alloc_page(GFP_KERNEL);
	CHECK(page && page_count(page) == 1);
	CHECK_EQ(pcp_count(pcp), count - 1);
	__free_page(page);
	CHECK_EQ(page_count(page), 0);
	CHECK_EQ(pcp_count(pcp), count);
	page = alloc_pages(GFP_KERNEL, 2);
	CHECK(page && page->order == 2);
	CHECK_EQ(pcp_count(pcp), count - 4);
	__free_pages(page, 2);
	zone_events(zone, after);
	CHECK_EQ(after[PGALLOC] - before[PGALLOC], 1 + 4);
	CHECK_EQ(after[NUMA_HIT] - before[NUMA_HIT], 2);
	CHECK_EQ(after[NUMA_LOCAL] - before[NUMA_LOCAL], 2);

	page = alloc_page(GFP_KERNEL);
	page->owner_byte = 0xa5;
	page->owner_data = 0xffff;
	get_page(page);
	__free_page(page);		/* drops the second reference only */
	CHECK_EQ(page_count(page), 1);
	CHECK_EQ(pcp_count(pcp), count - 1);
	__free_page(page);
	CHECK_EQ(pcp_count(pcp), count);

	for (n = 0; n < (unsigned int)(pcp->high + pcp->batch) && n < 4096; n++)
		held[n] = alloc_page(GFP_KERNEL);
	while (n--) {
		__free_page(held[n]);
		CHECK(pcp_count(pcp) < pcp->high);
		CHECK(pcp_count(pcp) >= 0);
	}
	CHECK_EQ(free_and_cached_pages(), boot_free);
	all_memory_back();
}

/* ------------------------------------------------------------ stamps --- */

/* Returns the stamp of allocation number @seq of @cpu. */
static unsigned long stamp_of(unsigned int cpu, unsigned long seq)
{
	return 0x7e40000000000000UL | (unsigned long)cpu << 40 | seq;
}

/* Writes @stamp into the first and last word of the 2^@order pages. */
static void stamp(struct page *page, unsigned int order, unsigned long stamp)
{
	unsigned long *first = page_address(page);
	unsigned long *last = (unsigned long *)((char *)first + (PAGE_SIZE << order)) - 1;

	*first = stamp;
	*last = ~stamp;
}

/* Returns true if the block still carries @stamp (nobody else wrote it). */
static bool stamp_intact(struct page *page, unsigned int order, unsigned long stamp)
{
	const unsigned long *first = page_address(page);
	const unsigned long *last =
		(const unsigned long *)((const char *)first + (PAGE_SIZE << order)) - 1;

	return *first == stamp && *last == ~stamp;
}

/* Per-hart results, each written only by its own hart. */
struct hart_result {
	unsigned long allocs, frees, failures, bad_stamps, wrong_node;
} ____cacheline_aligned;

static struct hart_result results[NR_HARTS];

/* CHECKs that no hart saw a failure, a foreign stamp or a misplaced page. */
static void no_hart_complained(void)
{
	for (int cpu = 0; cpu < NR_HARTS; cpu++) {
		CHECK_EQ(results[cpu].failures, 0);
		CHECK_EQ(results[cpu].bad_stamps, 0);
		CHECK_EQ(results[cpu].wrong_node, 0);
		CHECK_EQ(results[cpu].allocs, results[cpu].frees);
	}
}

/* A small per-hart generator (xorshift); Returns the next number. */
static unsigned long next_random(unsigned long *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* -------------------------------------------------------- own caches --- */

#define CHURN_ROUNDS 150
#define CHURN_HELD 48

struct held {
	struct page *page;
	unsigned int order;
	unsigned long stamp;
};

/*
 * Allocates up to CHURN_HELD blocks of orders 0..3 (and now and then 4),
 * stamps them, frees them in a random order; CHURN_ROUNDS times.
 */
static void churn(void *info)
{
	unsigned int cpu = smp_processor_id();
	struct hart_result *r = &results[cpu];
	unsigned long rnd = 0x9e3779b97f4a7c15UL * (cpu + 1), seq = 0;
	static __thread struct held held[CHURN_HELD];

	local_irq_enable();
	for (int round = 0; round < CHURN_ROUNDS; round++) {
		unsigned int n = 1 + next_random(&rnd) % CHURN_HELD;

		for (unsigned int i = 0; i < n; i++) {
			unsigned int order = next_random(&rnd) % 17 == 0 ? 4 :
					     next_random(&rnd) % 4;
			gfp_t gfp = GFP_KERNEL | (next_random(&rnd) & 1 ? __GFP_MOVABLE : 0);
			struct page *page = alloc_pages(gfp, order);

			held[i] = (struct held){ page, order, stamp_of(cpu, ++seq) };
			if (!page) {
				r->failures++;
				continue;
			}
			r->allocs++;
			if (page_to_nid(page) != cpu_to_node(cpu))
				r->wrong_node++;
			stamp(page, order, held[i].stamp);
		}
		/* Free in a random order (Fisher-Yates), not the allocation's. */
		for (unsigned int k = n - 1; k > 0; k--) {
			unsigned int j = next_random(&rnd) % (k + 1);
			struct held t = held[k];

			held[k] = held[j];
			held[j] = t;
		}
		for (unsigned int k = 0; k < n; k++) {
			struct held *h = &held[k];

			if (!h->page)
				continue;
			if (!stamp_intact(h->page, h->order, h->stamp))
				r->bad_stamps++;
			__free_pages(h->page, h->order);
			h->page = NULL;
			r->frees++;
		}
	}
	local_irq_disable();
}

/* Every hart churns through its own caches at once; nothing is lost. */
static void all_harts_churn(void)
{
	boot();
	on_each_cpu(churn, NULL, true);
	no_hart_complained();
	all_memory_back();
}

/* --------------------------------------------------- cross-hart frees --- */

#define CHANNEL_SIZE 64
#define HANDOVERS 3000

/* One producer hart hands blocks to one consumer hart, in order. */
struct channel {
	unsigned int producer, consumer;
	unsigned int head, tail;	/* atomic; tail - head = blocks in flight */
	bool done;			/* atomic: the producer queued its last */
	struct held slots[CHANNEL_SIZE];
} ____cacheline_aligned;

/*
 * node 0 -> node 1, node 1 -> node 0, and one pair inside node 1, so that
 * frees go both to remote zones (through the freeing hart's cache of that
 * zone, one batch at most) and to the hart's own.
 */
static struct channel channels[3] = {
	{ .producer = 0, .consumer = 3 },
	{ .producer = 4, .consumer = 1 },
	{ .producer = 2, .consumer = 5 },
};

/* Returns the channel @cpu produces into (@produce) or consumes, or NULL. */
static struct channel *channel_of(unsigned int cpu, bool produce)
{
	for (int i = 0; i < 3; i++)
		if ((produce ? channels[i].producer : channels[i].consumer) == cpu)
			return &channels[i];
	return NULL;
}

/* Producer: allocates, stamps and queues HANDOVERS blocks of order 0..3. */
static void produce(struct channel *ch, struct hart_result *r, unsigned int cpu)
{
	unsigned long rnd = 0x2545f4914f6cdd1dUL * (cpu + 1);

	for (unsigned long seq = 1; seq <= HANDOVERS; seq++) {
		unsigned int order = next_random(&rnd) % 4;
		struct page *page = alloc_pages(GFP_KERNEL, order);
		unsigned int tail = __atomic_load_n(&ch->tail, __ATOMIC_RELAXED);

		if (!page) {
			r->failures++;
			continue;
		}
		r->allocs++;
		stamp(page, order, stamp_of(cpu, seq));
		while (tail - __atomic_load_n(&ch->head, __ATOMIC_ACQUIRE) == CHANNEL_SIZE)
			cpu_relax();
		ch->slots[tail % CHANNEL_SIZE] = (struct held){ page, order, stamp_of(cpu, seq) };
		__atomic_store_n(&ch->tail, tail + 1, __ATOMIC_RELEASE);
	}
	__atomic_store_n(&ch->done, true, __ATOMIC_RELEASE);
}

/* Consumer: checks and frees every block its producer queued. */
static void consume(struct channel *ch, struct hart_result *p, struct hart_result *r)
{
	unsigned int head = 0;

	for (;;) {
		struct held h;

		while (head == __atomic_load_n(&ch->tail, __ATOMIC_ACQUIRE)) {
			/* done is set after the last tail: look at tail again. */
			if (__atomic_load_n(&ch->done, __ATOMIC_ACQUIRE) &&
			    head == __atomic_load_n(&ch->tail, __ATOMIC_ACQUIRE))
				return;
			cpu_relax();
		}
		h = ch->slots[head % CHANNEL_SIZE];
		__atomic_store_n(&ch->head, ++head, __ATOMIC_RELEASE);
		if (!stamp_intact(h.page, h.order, h.stamp))
			r->bad_stamps++;
		__free_pages(h.page, h.order);
		__atomic_fetch_add(&p->frees, 1, __ATOMIC_RELAXED);
	}
}

/* Runs this hart's side of its channel, if it has one. */
static void hand_over(void *info)
{
	unsigned int cpu = smp_processor_id();
	struct channel *ch;

	local_irq_enable();
	if ((ch = channel_of(cpu, true)))
		produce(ch, &results[cpu], cpu);
	if ((ch = channel_of(cpu, false)))
		consume(ch, &results[ch->producer], &results[cpu]);
	local_irq_disable();
}

/*
 * Blocks allocated on one hart, freed on another, across nodes and not:
 * each remote free waits in the freeing hart's cache of the block's zone
 * (one batch at most) and goes home with its batch. The producers' pages
 * are on their own node.
 */
static void frees_on_other_harts(void)
{
	boot();
	/* A remote zone's cache holds one batch, the home zone's more. */
	CHECK_EQ(zone_pcp(node_zone(0, ZONE_DMA32), 3)->high,
		 node_zone(0, ZONE_DMA32)->pcp_batch);
	CHECK(zone_pcp(node_zone(0, ZONE_DMA32), 1)->high >
	      node_zone(0, ZONE_DMA32)->pcp_batch);
	on_each_cpu(hand_over, NULL, true);
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(channels[i].head, HANDOVERS);
		CHECK_EQ(results[channels[i].producer].allocs, HANDOVERS);
	}
	no_hart_complained();
	/* Remote caches never hold more than a batch, even before the drain. */
	for (unsigned int cpu = 0; cpu < NR_HARTS; cpu++) {
		int remote = cpu_to_node(cpu) ? 0 : 1;
		struct zone *zone = node_zone(remote, ZONE_DMA32);

		CHECK(pcp_count(zone_pcp(zone, cpu)) < zone->pcp_batch);
	}
	all_memory_back();
}

/* --------------------------------------------------- drains meanwhile --- */

static unsigned int churners_left;
static unsigned long drains_done;

/* cpu 5 drains every hart's caches until the other harts are done churning. */
static void churn_or_drain(void *info)
{
	if (smp_processor_id() != 5) {
		churn(NULL);
		__atomic_fetch_sub(&churners_left, 1, __ATOMIC_RELEASE);
		return;
	}
	local_irq_enable();
	while (__atomic_load_n(&churners_left, __ATOMIC_ACQUIRE)) {
		drain_all_pages();
		drains_done++;
	}
	local_irq_disable();
}

/* drain_all_pages() between the cache operations of five busy harts. */
static void drains_while_harts_churn(void)
{
	boot();
	churners_left = NR_HARTS - 1;
	on_each_cpu(churn_or_drain, NULL, true);
	CHECK(drains_done > 0);
	for (int cpu = 0; cpu < NR_HARTS - 1; cpu++) {
		CHECK_EQ(results[cpu].failures, 0);
		CHECK_EQ(results[cpu].bad_stamps, 0);
		CHECK_EQ(results[cpu].allocs, results[cpu].frees);
		CHECK(results[cpu].allocs > 0);
	}
	/* The last drain may have run before the last frees: drain again. */
	all_memory_back();
}

/* ------------------------------------------------------- exhaustion --- */

#define MAX_HELD 32768

static struct page *hoard[NR_HARTS][MAX_HELD];
static unsigned long hoarded[NR_HARTS];

/* Takes order-0 pages (never waiting, never reclaiming) until refused. */
static void take_all(void *info)
{
	unsigned int cpu = smp_processor_id();
	struct page *page;

	local_irq_enable();
	while (hoarded[cpu] < MAX_HELD &&
	       (page = alloc_page(GFP_NOWAIT | __GFP_NOWARN))) {
		stamp(page, 0, stamp_of(cpu, hoarded[cpu]));
		hoard[cpu][hoarded[cpu]++] = page;
	}
	local_irq_disable();
}

/* Checks and frees what take_all() took, on another hart than took it. */
static void give_all_back(void *info)
{
	unsigned int cpu = smp_processor_id(), from = (cpu + 1) % NR_HARTS;

	local_irq_enable();
	for (unsigned long i = 0; i < hoarded[from]; i++) {
		if (!stamp_intact(hoard[from][i], 0, stamp_of(from, i)))
			results[cpu].bad_stamps++;
		__free_page(hoard[from][i]);
	}
	local_irq_disable();
}

/*
 * All harts take pages until the allocator says no, at once. Then every
 * page is accounted for: with the caches drained, taken + free in the
 * buddy = managed, and each zone within a batch per hart of its min
 * watermark: below it, because a refill checks the mark once and then
 * takes a batch; above it, because a hart refused by a zone under its
 * mark may still hold the rest of a batch it took from that zone as a
 * fallback (as in Linux, a hart's cache is not used past the zone's
 * mark), which the drain, or a balancer the allocations woke, puts back.
 */
static void harts_use_up_memory_together(void)
{
	unsigned long taken = 0;

	boot();
	on_each_cpu(take_all, NULL, true);
	for (int cpu = 0; cpu < NR_HARTS; cpu++) {
		taken += hoarded[cpu];
		CHECK(hoarded[cpu] < MAX_HELD);
	}
	drain_all_pages();
	CHECK_EQ(taken + nr_free_pages(), totalram_pages());
	for (int nid = 0; nid < 2; nid++) {
		struct zone *zone = node_zone(nid, ZONE_DMA32);
		unsigned long free = zone_free_pages(zone);

		CHECK(free + (unsigned long)(NR_HARTS * zone->pcp_batch) > min_wmark_pages(zone));
		CHECK(free < min_wmark_pages(zone) + (unsigned long)(NR_HARTS * zone->pcp_batch));
	}
	on_each_cpu(give_all_back, NULL, true);
	for (int cpu = 0; cpu < NR_HARTS; cpu++)
		CHECK_EQ(results[cpu].bad_stamps, 0);
	all_memory_back();
}

int main(void)
{
	alarm(WATCHDOG_S);
	ktap_plan(5);
	RUN_FORKED(inline_fast_path_bookkeeping);
	RUN_FORKED(all_harts_churn);
	RUN_FORKED(frees_on_other_harts);
	RUN_FORKED(drains_while_harts_churn);
	RUN_FORKED(harts_use_up_memory_together);
	return ktap_done();
}
