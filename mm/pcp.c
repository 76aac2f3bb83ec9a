// SPDX-License-Identifier: MIT
/*
 * DOC: per-hart page caches (Linux's per_cpu_pages)
 *
 * Every hart has a cache for every zone of the machine: stacks of free
 * blocks of order 0..3 by migratetype, filled from the buddy and spilled
 * back to it @batch pages at a time under one hold of the zone lock. Only
 * the owning hart touches its caches, with interrupts off (cross-hart
 * drains arrive as interrupts), so the fast paths (inline in mm/pcp.h,
 * out of line below) take no lock and do no atomic read-modify-write:
 *
 *   alloc_pages():  pop the stack of (order, type) of the hart's preferred
 *                   zone; an empty stack or anything unusual (a policy,
 *                   __GFP_THISNODE, order > 3) takes the full path, which
 *                   refills the cache from the buddy after its watermark
 *                   check.
 *   __free_pages(): a page with one reference and the recorded order (no
 *                   PAGE_ORDER_SPECIAL) is pushed on the cache of *its
 *                   own* zone; everything else is checked by
 *                   free_pages_slow() (mm/debug.c says why that is enough).
 *
 * A hart's cache of its own node's zones may hold up to zone->pcp_high
 * pages (Linux's zone_highsize()); its cache of a remote zone only one
 * batch, so pages freed on the wrong node go home in batches of
 * zone->pcp_batch under one lock hold, and never pile up away from home.
 * With the caches off (pcp=off, or pcp_set_enabled(false)) every cache
 * has high 0: allocations go to the buddy and each free spills at once.
 *
 * A hart's fast path is off (fast_pcp points at pcp_empty) while it has a
 * memory policy, while the caches are off, and while fail_page_alloc is
 * armed, so that every allocation is asked about in __alloc_pages(); the
 * caches themselves stay in use behind the full path.
 */
#include "mm/internal.h"
#include "kernel/panic.h"
#include "kernel/smp.h"
#include "mm/fail_page_alloc.h"
#include "mm/memblock.h"
#include <asm/irqflags.h>

bool pcp_enabled = true;
const struct per_cpu_pages pcp_empty;

/*
 * Gives pages back to the buddy, in one zone-lock hold, until the cache
 * holds no more than @target pages. Call with interrupts off.
 */
static void pcp_shrink(struct per_cpu_pages *pcp, int target)
{
	struct page *chain = NULL;
	int count = pcp_count(pcp), before = count;

	for (unsigned int list = 0; list < NR_PCP_LISTS && count > target; list++) {
		while (pcp->lists[list] && count > target) {
			struct page *page = pcp->lists[list];

			pcp->lists[list] = page->pcp_next;
			count -= 1 << page->order;
			page->pcp_next = chain;
			chain = page;
		}
	}
	if (chain) {
		pcp_add(pcp->level, count - before);
		free_pcppages_bulk(pcp->zone, chain);
	}
}

/* Spills down to high - batch (to 0 when high is no more than a batch). */
static void pcp_spill(struct per_cpu_pages *pcp)
{
	pcp_shrink(pcp, pcp->high > pcp->batch ? pcp->high - pcp->batch : 0);
}

/* Out of line, so that the fast paths need no stack frame. */
__attribute__((noinline)) void pcp_spill_restore(struct per_cpu_pages *pcp,
						 unsigned long flags)
{
	pcp_spill(pcp);
	arch_local_irq_restore(flags);
}

void __fast_path __free_pages_noinline(struct page *page, unsigned int order)
{
	if (TERN_DEBUG || order >= NR_PCP_ORDERS || !pcp_free_fast(page, order))
		free_pages_slow(page, order);
}

bool pcp_free(struct page *page, unsigned int order)
{
	unsigned long flags = arch_local_irq_save();
	struct per_cpu_pages *pcps = this_hart()->pagesets;
	struct per_cpu_pages *pcp;
	struct page **list;

	if (!pcps) {
		arch_local_irq_restore(flags);
		return false;
	}
	pcp = pcps + page_zone_slot(page);
	list = &pcp->lists[pcp_list(order, page_migratetype(page))];
	page->pcp_next = *list;
	*list = page;
	pcp_add(pcp->level, 1L << order);
	if (pcp_count(pcp) >= pcp->high)
		pcp_spill(pcp);
	arch_local_irq_restore(flags);
	return true;
}

/* Returns a page from the calling hart's cache of its node, or NULL: any arguments. */
static __always_inline struct page *pcp_alloc_any(gfp_t gfp, unsigned int order)
{
	if (likely(order < NR_PCP_ORDERS && !(gfp & GFP_SLOW_PATH))) {
		struct page *page = pcp_alloc_fast(gfp, order);

		if (likely(page))
			return TERN_DEBUG ? prep_new_page(page, order, gfp) : page;
	}
	return NULL;
}

struct page *__fast_path alloc_pages_noinline(gfp_t gfp, unsigned int order)
{
	struct page *page = pcp_alloc_any(gfp, order);

	return likely(page) ? page : alloc_pages_policy(gfp, order);
}

/*
 * The local node asked for by number (dma_alloc_coherent() on a device of
 * this hart's node, ...) is the fast path's node: its cache first. The
 * cache serves only harts without a policy, and a node-specific request
 * ignores the policy anyway, as in Linux.
 */
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	if (nid == numa_mem_id()) {
		struct page *page = pcp_alloc_any(gfp, order);

		if (likely(page))
			return page;
	}
	return __alloc_pages(gfp, order, nid, NULL);
}

struct page *pcp_alloc(struct zone *zone, unsigned int order, gfp_t gfp)
{
	enum migratetype mt = gfp_migratetype(gfp);
	unsigned long flags = arch_local_irq_save();
	struct per_cpu_pages *pcp = this_hart()->pagesets + zone_slot(zone);
	struct page **list = &pcp->lists[pcp_list(order, mt)];
	struct page *page = *list;

	if (!page) {
		int want = order ? max(pcp->batch >> order, 2) : pcp->batch;
		int got = rmqueue_bulk(zone, order, want, mt, list);

		pcp_add(pcp->level, (long)got << order);
		page = *list;
	}
	if (page) {
		*list = page->pcp_next;
		pcp_add(pcp->level, -(1L << order));
	}
	arch_local_irq_restore(flags);
	return page;
}

void drain_local_pages(void)
{
	unsigned long flags = arch_local_irq_save();
	struct per_cpu_pages *pcps = this_hart()->pagesets;

	for (unsigned int slot = 0; pcps && slot < nr_node_ids * MAX_NR_ZONES; slot++)
		pcp_shrink(&pcps[slot], 0);
	arch_local_irq_restore(flags);
}

static void drain_local_pages_call(void *unused)
{
	drain_local_pages();
}

void drain_all_pages(void)
{
	on_each_cpu(drain_local_pages_call, NULL, true);
}

/* --------------------------------------------------------- limits --- */

void pcp_update_fast_path(unsigned int cpu)
{
	struct hart *hart = &harts[cpu];
	const struct pglist_data *pgdat = NODE_DATA(hart->node);
	struct per_cpu_pages *none = (struct per_cpu_pages *)&pcp_empty;
	struct per_cpu_pages *fast[2] = { none, none };

	/* fail_page_alloc is asked in __alloc_pages(): armed, no hart skips it. */
	if (pcp_enabled && !hart->mempolicy && pgdat && hart->pagesets &&
	    !fail_page_alloc_armed()) {
		for (struct zone *const *z =
			     pgdat->node_zonelists[ZONELIST_FALLBACK].zones; *z; z++) {
			struct per_cpu_pages *pcp = &hart->pagesets[zone_slot(*z)];

			if (!managed_zone(*z))
				continue;
			if (fast[0] == none)
				fast[0] = pcp;
			if (fast[1] == none && (*z)->idx == ZONE_DMA32)
				fast[1] = pcp;
		}
	}
	WRITE_ONCE(hart->fast_pcp[0], fast[0]);
	WRITE_ONCE(hart->fast_pcp[1], fast[1]);
}

static void update_own_fast_path(void *unused)
{
	unsigned long flags = arch_local_irq_save();

	pcp_update_fast_path(smp_processor_id());
	arch_local_irq_restore(flags);
}

void pcp_update_fast_paths(void)
{
	on_each_cpu(update_own_fast_path, NULL, true);
}

/*
 * Sets the calling hart's cache limits from its zones (each hart sets its
 * own: the fast paths read high without a lock) and spills what is over.
 */
static void update_own_limits(void *unused)
{
	unsigned int cpu = smp_processor_id();
	struct per_cpu_pages *pcps = harts[cpu].pagesets;
	int home = local_memory_node(cpu_to_node(cpu));
	unsigned long flags = arch_local_irq_save();

	for (unsigned int slot = 0; pcps && slot < nr_node_ids * MAX_NR_ZONES; slot++) {
		struct per_cpu_pages *pcp = &pcps[slot];
		const struct zone *zone = pcp->zone;

		int high = 0, batch = 1;

		if (zone && managed_zone(zone)) {
			batch = zone->pcp_batch;
			high = !pcp_enabled ? 0 :
			       zone->node == home ? zone->pcp_high : zone->pcp_batch;
		}
		WRITE_ONCE(pcp->batch, batch);
		pcp_add(pcp->level, pcp->high - high);	/* the count stays */
		WRITE_ONCE(pcp->high, high);
		if (pcp_count(pcp) >= high && pcp_count(pcp))
			pcp_spill(pcp);
	}
	pcp_update_fast_path(cpu);
	arch_local_irq_restore(flags);
}

void pcp_update_limits(void)
{
	on_each_cpu(update_own_limits, NULL, true);
}

void pcp_set_enabled(bool on)
{
	WRITE_ONCE(pcp_enabled, on);
	pcp_update_limits();
	if (!on)
		drain_all_pages();
}

void pcp_setup(void)
{
	unsigned int slots = nr_node_ids * MAX_NR_ZONES;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		int nid = local_memory_node(cpu_to_node(cpu));
		struct per_cpu_pages *pcps =
			memblock_alloc_node(slots * sizeof(*pcps), PCP_SIZE, nid);

		if (!pcps)
			panic("no memory for cpu%u's page caches", cpu);
		for (unsigned int slot = 0; slot < slots; slot++) {
			struct pglist_data *pgdat = NODE_DATA(slot >> ZONES_SHIFT);

			pcps[slot].zone = pgdat ?
				&pgdat->node_zones[slot & ((1U << ZONES_SHIFT) - 1)] : NULL;
			pcps[slot].batch = 1;
		}
		harts[cpu].pagesets = pcps;
		harts[cpu].fast_pcp[0] = harts[cpu].fast_pcp[1] =
			(struct per_cpu_pages *)&pcp_empty;
	}
}
