// SPDX-License-Identifier: MIT
/*
 * DOC: the buddy allocator, watermarks and the allocation path
 *
 * Each zone keeps free blocks of 2^order pages, order 0..MAX_ORDER-1, on
 * lists by migratetype, under the zone's own lock. Freeing a block merges
 * it with its buddy (the block whose pfn differs only in bit @order) for
 * as long as the buddy is free at the same order; allocating splits the
 * smallest block that fits and puts the upper halves back.
 *
 * The path of an allocation, as Linux's:
 *
 *   alloc_pages()            mm/pcp.c: the hart's cache for its preferred
 *     |                      zone, no lock (most allocations end here)
 *   __alloc_pages()          the zonelist of the preferred node, each
 *     |                      zone checked against its LOW watermark
 *   slow path                wake the balancers, retry down to MIN (less
 *     |                      for __GFP_HIGH and GFP_ATOMIC), then with
 *     |                      __GFP_DIRECT_RECLAIM run the balancer here
 *   NULL + a rate-limited report (unless __GFP_NOWARN)
 *
 * Fault injection (mm/fail_page_alloc.c) is asked on entry to
 * __alloc_pages(), before any of it.
 *
 * Pages the per-hart caches hold are not counted as free (NR_FREE_PAGES
 * is what the buddy has), so a cache hit needs no watermark check: the
 * check was made when the cache was filled.
 */
#define pr_fmt(fmt) "page_alloc: " fmt

#include "mm/internal.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/ratelimit.h"
#include "kernel/smp.h"
#include "lib/string.h"
#include "mm/debug_pagealloc.h"
#include "mm/fail_page_alloc.h"
#include "mm/kmemleak.h"
#include "mm/shrinker.h"
#include <asm/irqflags.h>

struct pglist_data *node_data[MAX_NUMNODES];

const char *const zone_names[MAX_NR_ZONES] = { "DMA32", "Normal" };
const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate",
};

/* Linux's defaults. */
int min_free_kbytes = 1024;
int watermark_scale_factor = 10;
int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES] = { 256, 32 };
unsigned long totalreserve_pages;

/* Serialises the writers of the watermarks (boot and the sysctl files). */
static DEFINE_SPINLOCK(watermark_lock);

/* ----------------------------------------------------------- buddy --- */

/* Takes @zone's lock with interrupts off: cross-hart drains take it too. */
static unsigned long zone_lock(struct zone *zone)
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	zone->lock_acquisitions++;
	return flags;
}

static void zone_unlock(struct zone *zone, unsigned long flags)
{
	spin_unlock_irqrestore(&zone->lock, flags);
}

/* Adds @delta pages to the zone's free count; call under zone->lock. */
static void account_free(struct zone *zone, long delta)
{
	WRITE_ONCE(zone->nr_free_pages, zone->nr_free_pages + delta);
}

/* Returns the index of @pfn's pageblock in @zone->pageblock_types. */
static unsigned long pageblock_index(const struct zone *zone, unsigned long pfn)
{
	return (pfn >> pageblock_order) - (zone->zone_start_pfn >> pageblock_order);
}

static enum migratetype pageblock_migratetype(const struct zone *zone,
					      unsigned long pfn)
{
	return zone->pageblock_types[pageblock_index(zone, pfn)];
}

static void add_to_free_list(struct page *page, struct zone *zone,
			     unsigned int order, enum migratetype mt)
{
	struct free_area *area = &zone->free_area[order];

	list_add(&page->lru, &area->free_list[mt]);
	WRITE_ONCE(area->nr_free, area->nr_free + 1);	/* read without the lock */
	page->order = order;
	set_page_migratetype(page, mt);
	set_page_flag(page, PG_buddy);
}

static void del_from_free_list(struct page *page, struct zone *zone,
			       unsigned int order)
{
	list_del(&page->lru);
	WRITE_ONCE(zone->free_area[order].nr_free, zone->free_area[order].nr_free - 1);
	clear_page_flag(page, PG_buddy);
}

/*
 * Puts the free block @page (pfn @pfn, 2^@order pages) on @zone's lists,
 * merged with every free buddy. Call under zone->lock.
 */
static void __free_one_page(struct page *page, unsigned long pfn,
			    struct zone *zone, unsigned int order)
{
	unsigned long start = zone->zone_start_pfn, end = zone_end_pfn(zone);

	while (order < MAX_ORDER - 1) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy = page + ((long)buddy_pfn - (long)pfn);

		if (buddy_pfn < start || buddy_pfn >= end ||
		    !PageBuddy(buddy) || buddy->order != order)
			break;
		del_from_free_list(buddy, zone, order);
		if (buddy_pfn < pfn) {
			page = buddy;
			pfn = buddy_pfn;
		}
		order++;
	}
	add_to_free_list(page, zone, order, pageblock_migratetype(zone, pfn));
}

/*
 * Splits the free block @page of @high order down to @low, putting the
 * upper halves back on @mt's lists (Linux's expand()).
 */
static void expand(struct zone *zone, struct page *page, unsigned int low,
		   unsigned int high, enum migratetype mt)
{
	while (high > low) {
		high--;
		add_to_free_list(page + (1UL << high), zone, high, mt);
	}
}

/* Takes the smallest block of @mt that fits @order; call under zone->lock. */
static struct page *rmqueue_smallest(struct zone *zone, unsigned int order,
				     enum migratetype mt)
{
	for (unsigned int o = order; o < MAX_ORDER; o++) {
		struct list_head *list = &zone->free_area[o].free_list[mt];
		struct page *page;

		if (list_empty(list))
			continue;
		page = list_first_entry(list, struct page, lru);
		del_from_free_list(page, zone, o);
		expand(zone, page, order, o, mt);
		set_page_migratetype(page, mt);
		return page;
	}
	return NULL;
}

/*
 * Moves every free block of @pfn's pageblock to @mt's lists and makes
 * @mt the pageblock's type. Call under zone->lock.
 */
static void claim_pageblock(struct zone *zone, unsigned long pfn,
			    enum migratetype mt)
{
	unsigned long start = max(ALIGN_DOWN(pfn, pageblock_nr_pages), zone->zone_start_pfn);
	unsigned long end = min(ALIGN_DOWN(pfn, pageblock_nr_pages) + pageblock_nr_pages,
				zone_end_pfn(zone));
	struct page *first = pfn_to_page(start);

	for (unsigned long p = start; p < end;) {
		struct page *page = first + (p - start);

		if (!PageBuddy(page)) {
			p++;
			continue;
		}
		list_del(&page->lru);
		list_add(&page->lru, &zone->free_area[page->order].free_list[mt]);
		set_page_migratetype(page, mt);
		p += 1UL << page->order;
	}
	zone->pageblock_types[pageblock_index(zone, pfn)] = mt;
}

/* Where each type looks when its own lists are empty (Linux's order). */
static const enum migratetype fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

/*
 * Takes a block for @mt from another type's lists, largest first so the
 * steal is worth it. Whole pageblocks change type when the block covers
 * them, and a smaller block's pageblock is claimed for unmovable and
 * reclaimable requests (or large enough movable ones), so that the next
 * such requests come from the same 2 MiB instead of scattering.
 * Call under zone->lock.
 */
static struct page *rmqueue_fallback(struct zone *zone, unsigned int order,
				     enum migratetype mt)
{
	for (int o = MAX_ORDER - 1; o >= (int)order; o--) {
		for (unsigned int i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
			enum migratetype from = fallbacks[mt][i];
			struct list_head *list = &zone->free_area[o].free_list[from];
			struct page *page;
			unsigned long pfn;

			if (list_empty(list))
				continue;
			page = list_first_entry(list, struct page, lru);
			pfn = page_to_pfn(page);
			if (o >= pageblock_order) {
				for (unsigned long b = 0; b < 1UL << (o - pageblock_order); b++)
					zone->pageblock_types[pageblock_index(zone, pfn) + b] = mt;
				list_del(&page->lru);
				list_add(&page->lru, &zone->free_area[o].free_list[mt]);
				set_page_migratetype(page, mt);
			} else if (mt != MIGRATE_MOVABLE || o >= pageblock_order / 2) {
				claim_pageblock(zone, pfn, mt);
			} else {
				del_from_free_list(page, zone, o);
				expand(zone, page, order, o, from);
				set_page_migratetype(page, mt);
				return page;
			}
			return rmqueue_smallest(zone, order, mt);
		}
	}
	return NULL;
}

/* Takes a block for @mt, stealing if needed; call under zone->lock. */
static struct page *__rmqueue(struct zone *zone, unsigned int order,
			      enum migratetype mt)
{
	struct page *page = rmqueue_smallest(zone, order, mt);

	return page ? page : rmqueue_fallback(zone, order, mt);
}

struct page *rmqueue_buddy(struct zone *zone, unsigned int order,
			   enum migratetype mt)
{
	unsigned long flags = zone_lock(zone);
	struct page *page = __rmqueue(zone, order, mt);

	if (page)
		account_free(zone, -(1L << order));
	zone_unlock(zone, flags);
	if (page)
		page->order = order;
	return page;
}

int rmqueue_bulk(struct zone *zone, unsigned int order, int count,
		 enum migratetype mt, struct page **list)
{
	unsigned long flags = zone_lock(zone);
	int taken;

	for (taken = 0; taken < count; taken++) {
		struct page *page = __rmqueue(zone, order, mt);

		if (!page)
			break;
		page->order = order;
		set_page_migratetype(page, mt);
		page->pcp_next = *list;
		*list = page;
	}
	account_free(zone, -((long)taken << order));
	zone_unlock(zone, flags);
	return taken;
}

void free_pcppages_bulk(struct zone *zone, struct page *list)
{
	unsigned long flags = zone_lock(zone);
	long pages = 0;

	while (list) {
		struct page *page = list, *next = page->pcp_next;
		unsigned int order = page->order;

		__free_one_page(page, page_to_pfn(page), zone, order);
		pages += 1L << order;
		list = next;
	}
	account_free(zone, pages);
	zone_unlock(zone, flags);
}

void free_one_block(struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(page);
	unsigned long flags = zone_lock(zone);

	__free_one_page(page, page_to_pfn(page), zone, order);
	account_free(zone, 1L << order);
	zone_unlock(zone, flags);
}

/* ------------------------------------------------ contiguous ranges --- */

/*
 * Returns true if every page of [@start, @end) (in @zone) is in a free
 * block of the buddy that lies wholly inside the range. Call under
 * zone->lock.
 */
static bool range_free(struct zone *zone, unsigned long start, unsigned long end)
{
	struct page *first = pfn_to_page(start);

	for (unsigned long pfn = start; pfn < end;) {
		struct page *page = first + (pfn - start);

		if (!PageBuddy(page) || pfn + (1UL << page->order) > end)
			return false;
		pfn += 1UL << page->order;
	}
	return true;
}

/*
 * Takes the free blocks of [@start, @end) off @zone's lists. Call under
 * zone->lock, after range_free() said yes.
 */
static void take_range(struct zone *zone, unsigned long start, unsigned long end)
{
	struct page *first = pfn_to_page(start);

	for (unsigned long pfn = start; pfn < end;) {
		struct page *page = first + (pfn - start);
		unsigned int order = page->order;

		del_from_free_list(page, zone, order);
		pfn += 1UL << order;
	}
	account_free(zone, -(long)(end - start));
}

int alloc_contig_range(unsigned long start, unsigned long end, gfp_t gfp)
{
	struct zone *zone;
	unsigned long flags;
	bool taken;

	if (start >= end || !pfn_valid(start) || !pfn_valid(end - 1))
		return -EINVAL;
	zone = page_zone(pfn_to_page(start));
	if (start < zone->zone_start_pfn || end > zone_end_pfn(zone) ||
	    page_zone(pfn_to_page(end - 1)) != zone)
		return -EINVAL;
	flags = zone_lock(zone);
	taken = range_free(zone, start, end);
	if (taken)
		take_range(zone, start, end);
	zone_unlock(zone, flags);
	if (!taken)
		return -EBUSY;
	for (unsigned long pfn = start; pfn < end; pfn++)
		prep_new_page(pfn_to_page(pfn), 0, gfp & ~__GFP_COMP);
	return 0;
}

/*
 * Returns true if @zone keeps its low watermark with @nr_pages fewer free
 * pages: a contiguous range is not worth pushing the node into reclaim.
 */
static bool contig_leaves_enough(struct zone *zone, unsigned long nr_pages)
{
	return zone_free_pages(zone) >= nr_pages + low_wmark_pages(zone);
}

struct page *alloc_contig_pages(unsigned long nr_pages, gfp_t gfp, int nid,
				const nodemask_t *nodemask)
{
	int highest = (gfp & __GFP_DMA32) ? ZONE_DMA32 : ZONE_NORMAL;
	const struct zonelist *zonelist;
	bool drained = false;

	if (!nr_pages || (nr_pages & (nr_pages - 1)))
		return NULL;
	if (nid == NUMA_NO_NODE)
		nid = numa_mem_id();
	if (nid < 0 || nid >= (int)nr_node_ids || !NODE_DATA(nid))
		return NULL;
	zonelist = &NODE_DATA(nid)->node_zonelists[
		(gfp & __GFP_THISNODE) ? ZONELIST_NOFALLBACK : ZONELIST_FALLBACK];
retry:
	for (struct zone *const *z = zonelist->zones; *z; z++) {
		struct zone *zone = *z;
		unsigned long pfn;

		if ((int)zone->idx > highest || !managed_zone(zone) ||
		    (nodemask && !node_isset(zone->node, nodemask)) ||
		    !contig_leaves_enough(zone, nr_pages))
			continue;
		for (pfn = ALIGN_UP(zone->zone_start_pfn, nr_pages);
		     pfn + nr_pages <= zone_end_pfn(zone); pfn += nr_pages)
			if (!alloc_contig_range(pfn, pfn + nr_pages, gfp))
				return pfn_to_page(pfn);
	}
	/* Pages parked in the harts' caches are free too: bring them home once. */
	if (!drained) {
		drained = true;
		drain_all_pages();
		goto retry;
	}
	return NULL;
}

/* Returns true if each of the 2^@order pages at @page holds one reference. */
static bool each_page_single_ref(const struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < 1UL << order; i++)
		if (page_count(&page[i]) != 1)
			return false;
	return true;
}

void free_contig_range(unsigned long pfn, unsigned long nr_pages)
{
	unsigned long end = pfn + nr_pages;

	while (pfn < end) {
		unsigned int order = 0;
		struct page *page = pfn_to_page(pfn);

		/* The largest block @pfn is aligned to that ends by @end. */
		while (order < MAX_ORDER - 1 && !(pfn & (1UL << order)) &&
		       pfn + (2UL << order) <= end)
			order++;

		if (each_page_single_ref(page, order)) {
			/* Pages handed out one by one, given back as one block. */
			for (unsigned long i = 1; i < 1UL << order; i++)
				page[i]._refcount = 0;
			page->order = order;
			__free_pages(page, order);
		} else {
			/* Someone else holds a page of it: drop only our references. */
			for (unsigned long i = 0; i < 1UL << order; i++)
				__free_page(&page[i]);
		}
		pfn += 1UL << order;
	}
}

/* ------------------------------------------------------ watermarks --- */

unsigned long int_sqrt(unsigned long x)
{
	unsigned long root = 0, bit = 1UL << (8 * sizeof(long) - 2);

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= root + bit) {
			x -= root + bit;
			root = (root >> 1) + bit;
		} else {
			root >>= 1;
		}
		bit >>= 2;
	}
	return root;
}

bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags)
{
	long min = (long)mark;
	long free_pages = (long)zone_free_pages(z) - ((1L << order) - 1);

	if (alloc_flags & ALLOC_HIGH)
		min -= min / 2;
	if (alloc_flags & ALLOC_HARDER)
		min -= min / 4;
	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	/* Enough pages, but is there a block big enough? */
	for (unsigned int o = order; o < MAX_ORDER; o++)
		if (READ_ONCE(z->free_area[o].nr_free))
			return true;
	return false;
}

/* Returns the managed pages of every zone (all are "lowmem" on rv64). */
static unsigned long lowmem_pages(void)
{
	struct zone *zone;
	unsigned long pages = 0;

	for_each_populated_zone(zone)
		pages += zone->managed_pages;
	return pages;
}

void calculate_min_free_kbytes(void)
{
	unsigned long lowmem_kbytes = lowmem_pages() * (PAGE_SIZE >> 10);
	unsigned long kbytes = int_sqrt(lowmem_kbytes * 16);

	min_free_kbytes = (int)min(max(kbytes, 128UL), 262144UL);
}

/* Sets every zone's min/low/high from min_free_kbytes (Linux's formula). */
static void setup_zone_watermarks(void)
{
	unsigned long pages_min = (unsigned long)min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long lowmem = lowmem_pages();
	struct zone *zone;

	for_each_populated_zone(zone) {
		unsigned long managed = zone->managed_pages;
		unsigned long min = lowmem ? pages_min * managed / lowmem : 0;
		unsigned long step = max(min / 4,
					 managed * (unsigned long)watermark_scale_factor / 10000);

		zone->_watermark[WMARK_MIN] = min;
		zone->_watermark[WMARK_LOW] = min + step;
		zone->_watermark[WMARK_HIGH] = min + 2 * step;
	}
}

/*
 * Keeps part of each lower zone from allocations that could have used a
 * higher one: zone i holds back (managed pages of zones i+1..j) / ratio[i]
 * from requests whose highest zone is j.
 */
static void setup_lowmem_reserve(void)
{
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		struct pglist_data *pgdat = NODE_DATA(nid);

		if (!pgdat)
			continue;
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			int ratio = sysctl_lowmem_reserve_ratio[i];
			bool clear = !ratio || !managed_zone(zone);
			unsigned long upper = 0;

			for (int j = 0; j <= i; j++)
				zone->lowmem_reserve[j] = 0;
			for (int j = i + 1; j < MAX_NR_ZONES; j++) {
				upper += pgdat->node_zones[j].managed_pages;
				zone->lowmem_reserve[j] = clear ? 0 : (long)(upper / (unsigned long)ratio);
			}
		}
	}
}

/* What no allocation can have: each zone's high mark and largest reserve. */
static void calculate_totalreserve_pages(void)
{
	unsigned long total = 0;
	struct zone *zone;

	for_each_populated_zone(zone) {
		unsigned long reserve = 0;

		for (int j = zone->idx; j < MAX_NR_ZONES; j++)
			reserve = max(reserve, (unsigned long)zone->lowmem_reserve[j]);
		reserve += high_wmark_pages(zone);
		total += min(reserve, zone->managed_pages);
	}
	totalreserve_pages = total;
}

/* Linux's zone_batchsize(): about a 1/4096 of the zone, at most 63. */
static int zone_batchsize(const struct zone *zone)
{
	unsigned long batch = min(zone->managed_pages >> 10, SZ_1M / PAGE_SIZE) / 4;
	unsigned long rounded = 1;

	if (batch < 1)
		batch = 1;
	batch += batch / 2;
	while (rounded * 2 <= batch)
		rounded *= 2;
	return (int)(rounded - 1 ? rounded - 1 : 1);
}

/*
 * Linux's zone_highsize(): the zone's low watermark shared among the harts
 * of its node (all harts for a node without any), at least 4 batches.
 */
static int zone_highsize(const struct zone *zone, int batch)
{
	unsigned int cpu, harts_here = 0;
	unsigned long high;

	for_each_online_cpu(cpu)
		if (cpu_to_node(cpu) == zone->node)
			harts_here++;
	if (!harts_here)
		harts_here = num_online_cpus() ? num_online_cpus() : 1;
	high = low_wmark_pages(zone) / harts_here;
	return (int)max(high, (unsigned long)batch * 4);
}

void setup_per_zone_wmarks(void)
{
	unsigned long flags;
	struct zone *zone;

	spin_lock_irqsave(&watermark_lock, flags);
	setup_zone_watermarks();
	setup_lowmem_reserve();
	calculate_totalreserve_pages();
	for_each_populated_zone(zone) {
		zone->pcp_batch = zone_batchsize(zone);
		zone->pcp_high = zone_highsize(zone, zone->pcp_batch);
	}
	spin_unlock_irqrestore(&watermark_lock, flags);
	pcp_update_limits();
}

int set_min_free_kbytes(long kbytes)
{
	if (kbytes < 0 || (unsigned long)kbytes > lowmem_pages() * (PAGE_SIZE >> 10) / 4) {
		pr_warn("min_free_kbytes %ld refused: must be 0..%lu (a quarter of memory)\n",
			kbytes, lowmem_pages() * (PAGE_SIZE >> 10) / 4);
		return -EINVAL;
	}
	min_free_kbytes = (int)kbytes;
	setup_per_zone_wmarks();
	return 0;
}

int set_watermark_scale_factor(long factor)
{
	if (factor < 1 || factor > 3000) {
		pr_warn("watermark_scale_factor %ld refused: must be 1..3000\n", factor);
		return -EINVAL;
	}
	watermark_scale_factor = (int)factor;
	setup_per_zone_wmarks();
	return 0;
}

/* ------------------------------------------------- allocation path --- */

static void count_event(struct per_cpu_pages *pcp, enum zone_event_item item,
			unsigned long n)
{
	/* Only this hart writes its counters: a plain add, no atomic RMW. */
	WRITE_ONCE(pcp->events[item], pcp->events[item] + n);
}

void zone_count_event(struct zone *zone, enum zone_event_item item,
		      unsigned long n)
{
	count_event(&this_hart()->pagesets[zone_slot(zone)], item, n);
}

void zone_statistics(struct zone *preferred, struct zone *zone,
		     unsigned int order)
{
	struct per_cpu_pages *pcps = this_hart()->pagesets;
	struct per_cpu_pages *pcp = &pcps[zone_slot(zone)];

	count_event(pcp, PGALLOC, 1UL << order);
	if (zone->node == preferred->node) {
		count_event(pcp, NUMA_HIT, 1);
	} else {
		count_event(pcp, NUMA_MISS, 1);
		count_event(&pcps[zone_slot(preferred)], NUMA_FOREIGN, 1);
	}
	count_event(pcp, zone->node == numa_node_id() ? NUMA_LOCAL : NUMA_OTHER, 1);
}

struct page *prep_new_page(struct page *page, unsigned int order, gfp_t gfp)
{
#if TERN_DEBUG
	if (debug_pagealloc_on)
		debug_pagealloc_map(page, order);
	check_poison(page, order);
#endif
	page->_refcount = 1;
	page->order = order;
	if ((gfp & __GFP_COMP) && order) {
		page->order |= PAGE_ORDER_SPECIAL;
		set_page_flag(page, PG_head);
		for (unsigned long i = 1; i < 1UL << order; i++) {
			page[i].compound_head = (unsigned long)page | 1;
			set_page_flag(&page[i], PG_tail);
		}
	}
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	return page;
}

/* Takes 2^@order pages from @zone: its hart cache or its buddy. */
static struct page *rmqueue(struct zone *zone, unsigned int order, gfp_t gfp)
{
	enum migratetype mt = gfp_migratetype(gfp);

	if (order < NR_PCP_ORDERS && pcp_enabled)
		return pcp_alloc(zone, order, gfp);
	return rmqueue_buddy(zone, order, mt);
}

/*
 * Walks @zonelist for a zone that passes its watermark under
 * @alloc_flags and has the pages. Returns the prepared page or NULL.
 */
static struct page *get_page_from_freelist(gfp_t gfp, unsigned int order,
					   unsigned int alloc_flags,
					   const struct zonelist *zonelist,
					   int highest_zoneidx,
					   const nodemask_t *nodemask)
{
	struct zone *preferred = NULL;

	for (struct zone *const *z = zonelist->zones; *z; z++) {
		struct zone *zone = *z;
		struct page *page;

		if ((int)zone->idx > highest_zoneidx ||
		    (nodemask && !node_isset(zone->node, nodemask)))
			continue;
		if (!preferred)
			preferred = zone;
		if (!managed_zone(zone))
			continue;
		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    !zone_watermark_ok(zone, order,
				       wmark_pages(zone, alloc_flags & ALLOC_WMARK_MASK),
				       highest_zoneidx, alloc_flags))
			continue;
		page = rmqueue(zone, order, gfp);
		if (page) {
			prep_new_page(page, order, gfp);
			zone_statistics(preferred, zone, order);
			return page;
		}
	}
	return NULL;
}

/* Wakes the balancer of every node the zonelist may take memory from. */
static void wake_all_balancers(const struct zonelist *zonelist,
			       const nodemask_t *nodemask)
{
	nodemask_t woken = { 0 };

	for (struct zone *const *z = zonelist->zones; *z; z++) {
		int nid = (*z)->node;

		if (node_isset(nid, &woken) || (nodemask && !node_isset(nid, nodemask)))
			continue;
		node_set(nid, &woken);
		wakeup_balancer(nid);
	}
}

unsigned long allocstall[MAX_NR_ZONES];

/* Runs the balancer here for the zonelist's nodes; Returns pages it freed. */
static unsigned long direct_reclaim(const struct zonelist *zonelist,
				    const nodemask_t *nodemask, gfp_t gfp)
{
	nodemask_t done = { 0 };
	unsigned long freed = 0;

	drain_all_pages();
	for (struct zone *const *z = zonelist->zones; *z; z++) {
		int nid = (*z)->node;

		if (node_isset(nid, &done) || (nodemask && !node_isset(nid, nodemask)))
			continue;
		node_set(nid, &done);
		freed += balance_node(nid, gfp);
	}
	return freed;
}

static void warn_alloc(gfp_t gfp, unsigned int order, const nodemask_t *nodemask)
{
	/* Linux's: 10 reports in any 5 s, then how many were dropped. */
	static DEFINE_RATELIMIT_STATE(nopage_rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);

	if ((gfp & __GFP_NOWARN) || !__ratelimit(&nopage_rs))
		return;
	pr_warn("cpu%u: page allocation failure: order:%u, mode:%#x, nodemask=%#lx\n",
		smp_processor_id(), order, gfp, nodemask ? nodemask->bits : ~0UL);
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		if (!NODE_DATA(nid))
			continue;
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = &NODE_DATA(nid)->node_zones[i];

			if (populated_zone(zone))
				pr_warn("Node %d %s free:%lukB min:%lukB low:%lukB high:%lukB\n",
					nid, zone->name, zone_free_pages(zone) << 2,
					min_wmark_pages(zone) << 2, low_wmark_pages(zone) << 2,
					high_wmark_pages(zone) << 2);
		}
	}
}

/* Linux's gfp_to_alloc_flags() for the second pass. */
static unsigned int gfp_to_alloc_flags(gfp_t gfp)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN;

	if (gfp & __GFP_HIGH)
		alloc_flags |= ALLOC_HIGH;
	if ((gfp & __GFP_ATOMIC) && !(gfp & __GFP_DIRECT_RECLAIM))
		alloc_flags |= ALLOC_HARDER;
	return alloc_flags;
}

static bool mm_ready;	/* set by mm_init() once zones and caches exist */

void page_alloc_ready(void)
{
	__atomic_store_n(&mm_ready, true, __ATOMIC_RELEASE);
}

struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid,
			   const nodemask_t *nodemask)
{
	int highest = (gfp & __GFP_DMA32) ? ZONE_DMA32 : ZONE_NORMAL;
	const struct zonelist *zonelist;
	unsigned int alloc_flags;
	struct page *page;

	if (!__atomic_load_n(&mm_ready, __ATOMIC_ACQUIRE)) {
		pr_warn("allocation of order %u before the page allocator is up\n", order);
		return NULL;
	}
	if (order >= MAX_ORDER) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("order %u refused: the largest order is %d\n", order, MAX_ORDER - 1);
		return NULL;
	}
	if (preferred_nid == NUMA_NO_NODE)
		preferred_nid = numa_node_id();
	if (preferred_nid < 0 || preferred_nid >= (int)nr_node_ids ||
	    !NODE_DATA(preferred_nid)) {
		pr_warn("allocation on node %d refused: no such node\n", preferred_nid);
		return NULL;
	}
	/* Where Linux's prepare_alloc_pages() asks: no report, no reclaim. */
	if (should_fail_alloc_page(gfp, order))
		return NULL;
	zonelist = &NODE_DATA(preferred_nid)->node_zonelists[
		(gfp & __GFP_THISNODE) ? ZONELIST_NOFALLBACK : ZONELIST_FALLBACK];

	page = get_page_from_freelist(gfp, order, ALLOC_WMARK_LOW, zonelist,
				      highest, nodemask);
	if (page)
		return page;

	if (gfp & __GFP_KSWAPD_RECLAIM)
		wake_all_balancers(zonelist, nodemask);
	alloc_flags = gfp_to_alloc_flags(gfp);
	page = get_page_from_freelist(gfp, order, alloc_flags, zonelist, highest,
				      nodemask);
	if (page)
		return page;

	if (gfp & __GFP_DIRECT_RECLAIM) {
		__atomic_fetch_add(&allocstall[highest], 1, __ATOMIC_RELAXED);
		direct_reclaim(zonelist, nodemask, gfp);
		page = get_page_from_freelist(gfp, order, alloc_flags, zonelist,
					      highest, nodemask);
		if (page)
			return page;
	}
	warn_alloc(gfp, order, nodemask);
	return NULL;
}

/* ---------------------------------------------------- the rest of the API --- */

/* Frees a block that passed free_pages_prepare(): cache or buddy. */
static void free_checked(struct page *page, unsigned int order)
{
	if (order >= NR_PCP_ORDERS || !pcp_free(page, order))
		free_one_block(page, order);
}

/*
 * The slow half of __free_pages() (mm/pcp.c has the fast half): shared
 * pages lose a reference, everything else is checked before it is freed.
 */
void free_pages_slow(struct page *page, unsigned int order)
{
	int count = page_count(page);

	/* A slab's first page keeps object counters in _refcount. */
	if (count > 1 && !PageReserved(page) && !PageTail(page) && !PageSlab(page)) {
		if (__atomic_sub_fetch(&page->_refcount, 1, __ATOMIC_ACQ_REL) > 0)
			return;
		page->_refcount = 1;	/* we hold the last one: free as usual */
	}
	kmemleak_free_pages_hook(page, order);
	if (!free_pages_prepare(page, order))
		return;
#if TERN_DEBUG
	/* Called in tail position, this is who freed the page. */
	if (debug_pagealloc_on)
		debug_pagealloc_unmap(page, order, (unsigned long)__builtin_return_address(0));
#endif
	free_checked(page, order);
}

void get_page(struct page *page)
{
	page = compound_head(page);
	__atomic_fetch_add(&page->_refcount, 1, __ATOMIC_RELAXED);
}

void put_page(struct page *page)
{
	page = compound_head(page);
	__free_pages(page, page_order(page));
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	if (!page)
		return 0;
	kmemleak_alloc_pages(page_address(page), PAGE_SIZE << order, gfp);
	return (unsigned long)page_address(page);
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (!addr)
		return;
	if (!virt_addr_valid((void *)addr)) {
		pr_err("BUG: Bad page free: %#lx is not a page of memory (order %u)\n",
		       addr, order);
		return;
	}
	if (addr & (PAGE_SIZE - 1)) {
		pr_err("BUG: Bad page free: %#lx is not page-aligned (order %u)\n",
		       addr, order);
		return;
	}
	__free_pages(virt_to_page((void *)addr), order);
}

void split_page(struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < 1UL << order; i++) {
		page[i]._refcount = 1;
		page[i].order = 0;
		set_page_migratetype(&page[i], page_migratetype(page));
	}
}

void *alloc_pages_exact(size_t size, gfp_t gfp)
{
	unsigned long pages = DIV_ROUND_UP(size, PAGE_SIZE);
	unsigned int order = 0;
	struct page *page;

	if (!size)
		return NULL;
	while ((1UL << order) < pages)
		order++;
	page = alloc_pages(gfp & ~__GFP_COMP, order);
	if (!page)
		return NULL;
	split_page(page, order);
	for (unsigned long i = pages; i < 1UL << order; i++)
		__free_page(page + i);
	kmemleak_alloc_pages(page_address(page), size, gfp);
	return page_address(page);
}

void free_pages_exact(void *virt, size_t size)
{
	unsigned long addr = (unsigned long)virt;

	for (unsigned long end = addr + ALIGN_UP(size, PAGE_SIZE); addr < end;
	     addr += PAGE_SIZE)
		free_page(addr);
}
