// SPDX-License-Identifier: MIT
/*
 * DOC: memory counters - folded from the harts when read
 *
 * Allocation events are counted per hart and zone in the hart's cache
 * structure, by plain stores of the owning hart (no atomics on the fast
 * path); readers add up every hart's share, so a total is exact once the
 * harts are quiet and never off by more than what is in flight. The free
 * page count is per zone, kept under the zone lock. PGFREE is derived
 * from the others (zone_events() says how).
 */
#include "mm/internal.h"
#include "kernel/smp.h"
#include "lib/string.h"

struct per_cpu_pages *zone_pcp(const struct zone *zone, unsigned int cpu)
{
	struct per_cpu_pages *pcps = cpu < nr_cpu_ids ? harts[cpu].pagesets : NULL;

	return pcps ? &pcps[zone_slot(zone)] : NULL;
}

/* Reads another hart's counter. */
static unsigned long read_counter(const unsigned long *counter)
{
	return READ_ONCE(*counter);
}

void zone_events(const struct zone *zone, unsigned long events[NR_ZONE_EVENT_ITEMS])
{
	memset(events, 0, NR_ZONE_EVENT_ITEMS * sizeof(events[0]));
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		const struct per_cpu_pages *pcp = zone_pcp(zone, cpu);
		unsigned long pages, allocs;

		if (!pcp)
			continue;
		for (int i = 0; i < NR_ZONE_EVENT_ITEMS; i++)
			events[i] += read_counter(&pcp->events[i]);
		pages = allocs = read_counter(&pcp->fast_allocated);
		for (unsigned int order = 1; order < NR_PCP_ORDERS; order++) {
			unsigned long n = read_counter(&pcp->fast_allocs[order - 1]);

			allocs -= (n << order) - n;	/* n allocations, not n << order */
		}
		/* Fast-path allocations are on the hart's preferred zone. */
		events[PGALLOC] += pages;
		events[NUMA_HIT] += allocs;
		events[cpu_to_node(cpu) == zone->node ? NUMA_LOCAL : NUMA_OTHER] += allocs;
	}
	/*
	 * Not counted, derived: each managed page is free in the buddy, in a
	 * cache, or allocated, and each free (the boot-time release counts,
	 * as in Linux) ends an allocation or the boot state, so
	 * frees = allocations + free + cached. Exact whenever no hart is
	 * half-way through an allocation; it keeps a counter off the fast path.
	 */
	events[PGFREE] = events[PGALLOC] + zone_free_pages(zone) + zone_pcp_pages(zone);
}

unsigned long zone_pcp_pages(const struct zone *zone)
{
	unsigned long pages = 0;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		const struct per_cpu_pages *pcp = zone_pcp(zone, cpu);

		if (pcp)
			pages += pcp_count(pcp);
	}
	return pages;
}

unsigned long nr_free_pages(void)
{
	struct zone *zone;
	unsigned long pages = 0;

	for_each_populated_zone(zone)
		pages += zone_free_pages(zone);
	return pages;
}

unsigned long totalram_pages(void)
{
	struct zone *zone;
	unsigned long pages = 0;

	for_each_populated_zone(zone)
		pages += zone->managed_pages;
	return pages;
}

void si_meminfo(struct sysinfo *info)
{
	memset(info, 0, sizeof(*info));
	info->totalram = totalram_pages();
	info->freeram = nr_free_pages();
	info->mem_unit = PAGE_SIZE;
}

void si_swapinfo(struct sysinfo *info)
{
	info->totalswap = 0;
	info->freeswap = 0;
}

long si_mem_available(void)
{
	/* No page cache or reclaimable slab yet: free minus what is held back. */
	long available = (long)nr_free_pages() - (long)totalreserve_pages;

	return available < 0 ? 0 : available;
}
