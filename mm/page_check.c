// SPDX-License-Identifier: MIT
/*
 * DOC: buddy check - the free lists against the memmap
 *
 * What check_free_areas() holds the allocator to, zone by zone under the
 * zone's lock:
 *
 *   each free list (order o, migratetype t), walked with its links checked
 *   and at most the zone's span of entries (a list that loops or leaves
 *   the memmap ends the walk of that list, reported):
 *	every entry a struct page of the zone, marked PG_buddy, recording
 *	order o and type t, its pfn aligned to 2^o, its block inside the zone
 *   each order's nr_free = the entries of that order on its three lists
 *   the zone's nr_free_pages = the sum of their 2^o
 *   the memmap, walked from the zone's first pfn, jumping over each free
 *   block: every PG_buddy page heads a block of the zone aligned to its
 *   order, whose other pages are neither PG_buddy (two blocks overlap) nor
 *   reserved or slab pages; the blocks found, per order, are exactly as
 *   many as the lists hold (a block on no list, or a listed block inside
 *   another, shows as a difference)
 *
 * and every hart, by cross-hart call, its own per-hart caches of every
 * zone (with that zone's lock, so the buddy holds still):
 *
 *   every cached block a page of the cache's zone, not PG_buddy, of its
 *   list's order and type, aligned, and inside no free buddy block
 *   the pages found = the cache's own count (pcp_count())
 *
 * Cached pages are allocated as far as the buddy is concerned (Linux's
 * NR_FREE_PAGES does not count them either), so they are counted apart.
 * Each problem is logged ("buddy check: ..."; the first SHOWN_MAX in full)
 * and counted. Reading /sys/kernel/debug/mm/check runs the check and
 * prints the problems and a summary line; kernel/ktest.c runs it after
 * every suite of the debug build.
 */
#define pr_fmt(fmt) "buddy check: " fmt

#include "mm/page_check.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/vfs.h"
#include "lib/printf.h"
#include "mm/internal.h"

#define SHOWN_MAX 32	/* problems logged in full; the rest only counted */

/* One run: what was found, from every hart. */
struct check {
	struct seq_buf *m;	/* the file's text, or NULL */
	spinlock_t lock;	/* guards the rest, and @m */
	unsigned long problems;
	unsigned long zones, blocks, free_pages, cached_pages;
};

static void __printf(2, 3) problem(struct check *c, const char *fmt, ...)
{
	char line[160];
	unsigned long flags;
	va_list ap;
	bool show;

	va_start(ap, fmt);
	vscnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	spin_lock_irqsave(&c->lock, flags);
	show = c->problems++ < SHOWN_MAX;
	if (show && c->m)
		seq_printf(c->m, "%s\n", line);
	spin_unlock_irqrestore(&c->lock, flags);
	if (show)
		pr_err("%s\n", line);
}

/* Returns true if @page is a struct page of one of @zone's pfns. */
static bool zone_page(const struct zone *zone, const void *page)
{
	uintptr_t first = (uintptr_t)pfn_to_page(zone->zone_start_pfn);
	uintptr_t p = (uintptr_t)page;

	return p >= first && p - first < zone->spanned_pages * sizeof(struct page) &&
	       (p - first) % sizeof(struct page) == 0;
}

/*
 * Checks the free list of (@order, @mt) of @zone (@where names both);
 * adds its entries to *@blocks. Returns the pages it holds.
 */
static unsigned long check_list(struct check *c, struct zone *zone, unsigned int order,
				unsigned int mt, const char *where, unsigned long *blocks)
{
	struct list_head *head = &zone->free_area[order].free_list[mt];
	struct list_head *prev = head, *pos;
	unsigned long pages = 0, entries = 0;

	for (pos = head->next; pos != head; prev = pos, pos = pos->next) {
		struct page *page = list_entry(pos, struct page, lru);
		unsigned long pfn;

		if (!zone_page(zone, page)) {
			problem(c, "%s order-%u %s list: entry %p is no page of the zone",
				where, order, migratetype_names[mt], page);
			break;
		}
		if (pos->prev != prev || ++entries > zone->spanned_pages) {
			problem(c, "%s order-%u %s list: broken links at pfn %#lx",
				where, order, migratetype_names[mt], page_to_pfn(page));
			break;
		}
		pfn = page_to_pfn(page);
		if (!PageBuddy(page))
			problem(c, "%s: pfn %#lx on the order-%u %s list is not marked free (PG_buddy)",
				where, pfn, order, migratetype_names[mt]);
		if (page->order != order)
			problem(c, "%s: pfn %#lx on the order-%u list records order %u",
				where, pfn, order, page->order);
		if (page_migratetype(page) != mt)
			problem(c, "%s: pfn %#lx on the %s list records type %u",
				where, pfn, migratetype_names[mt], page_migratetype(page));
		if (pfn & ((1UL << order) - 1))
			problem(c, "%s: free block at pfn %#lx is not aligned to its order %u",
				where, pfn, order);
		if (pfn + (1UL << order) > zone_end_pfn(zone))
			problem(c, "%s: free block at pfn %#lx of order %u runs past the zone",
				where, pfn, order);
		(*blocks)++;
		pages += 1UL << order;
	}
	return pages;
}

/*
 * Walks @zone's memmap, jumping over each free block, and counts the
 * blocks by order into @found; reports what is wrong inside them.
 */
static void walk_memmap(struct check *c, struct zone *zone, const char *where,
			unsigned long found[MAX_ORDER])
{
	unsigned long end = zone_end_pfn(zone);

	for (unsigned long pfn = zone->zone_start_pfn; pfn < end;) {
		struct page *page = pfn_to_page(pfn);
		unsigned int order = page->order;

		if (!PageBuddy(page)) {
			pfn++;
			continue;
		}
		if (order >= MAX_ORDER || (pfn & ((1UL << order) - 1)) ||
		    pfn + (1UL << order) > end) {
			problem(c, "%s: pfn %#lx is marked free with order %u: no block of the zone",
				where, pfn, order);
			pfn++;
			continue;
		}
		found[order]++;
		for (unsigned long i = 0; i < 1UL << order; i++) {
			if (i && PageBuddy(&page[i]))
				problem(c, "%s: free block at pfn %#lx (order %u) overlaps the free block at pfn %#lx (order %u)",
					where, pfn, order, pfn + i, page[i].order);
			if (PageReserved(&page[i]) || PageSlab(&page[i]))
				problem(c, "%s: free block at pfn %#lx (order %u) holds the %s page %#lx",
					where, pfn, order,
					PageReserved(&page[i]) ? "reserved" : "slab", pfn + i);
		}
		pfn += 1UL << order;
	}
}

static void check_zone(struct check *c, struct zone *zone)
{
	unsigned long listed[MAX_ORDER] = { 0 }, found[MAX_ORDER] = { 0 };
	unsigned long pages = 0, blocks = 0, flags;
	char where[32];

	snprintf(where, sizeof(where), "node %d %s", zone->node, zone->name);
	spin_lock_irqsave(&zone->lock, flags);
	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		for (unsigned int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			pages += check_list(c, zone, order, mt, where, &listed[order]);
		if (listed[order] != zone->free_area[order].nr_free)
			problem(c, "%s order %u: nr_free is %lu, the lists hold %lu blocks",
				where, order, zone->free_area[order].nr_free, listed[order]);
		blocks += listed[order];
	}
	if (pages != zone->nr_free_pages)
		problem(c, "%s: nr_free_pages is %lu, the lists hold %lu pages",
			where, zone->nr_free_pages, pages);
	walk_memmap(c, zone, where, found);
	for (unsigned int order = 0; order < MAX_ORDER; order++)
		if (found[order] != listed[order])
			problem(c, "%s order %u: %lu free blocks in the memmap, %lu on the lists",
				where, order, found[order], listed[order]);
	spin_unlock_irqrestore(&zone->lock, flags);

	spin_lock_irqsave(&c->lock, flags);
	c->zones++;
	c->blocks += blocks;
	c->free_pages += pages;
	spin_unlock_irqrestore(&c->lock, flags);
}

/* Returns true, with its head in *@head, if @pfn is inside a free buddy block of @zone. */
static bool in_free_block(const struct zone *zone, unsigned long pfn, unsigned long *head)
{
	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		unsigned long start = pfn & ~((1UL << order) - 1);
		const struct page *page;

		if (start < zone->zone_start_pfn)
			break;
		page = pfn_to_page(start);
		if (PageBuddy(page) && page->order < MAX_ORDER &&
		    pfn < start + (1UL << page->order)) {
			*head = start;
			return true;
		}
	}
	return false;
}

/* Checks @pcp, the calling hart's cache of @zone; zone lock held. Returns its pages. */
static unsigned long check_cache(struct check *c, struct per_cpu_pages *pcp,
				 struct zone *zone)
{
	unsigned int cpu = smp_processor_id();
	unsigned long pages = 0, entries = 0, head;

	for (unsigned int list = 0; list < NR_PCP_LISTS; list++) {
		unsigned int order = list / PCP_TYPE_SLOTS, mt = list % PCP_TYPE_SLOTS;

		for (struct page *page = pcp->lists[list]; page; page = page->pcp_next) {
			unsigned long pfn;

			if (!zone_page(zone, page) || ++entries > zone->spanned_pages) {
				problem(c, "cpu%u's cache of node %d %s: list %u leaves the zone at %p",
					cpu, zone->node, zone->name, list, page);
				break;
			}
			pfn = page_to_pfn(page);
			if (PageBuddy(page) || page->order != order || page_migratetype(page) != mt ||
			    (pfn & ((1UL << order) - 1)))
				problem(c, "cpu%u's cache of node %d %s: pfn %#lx on the order-%u type-%u list is %s, order %u, type %u",
					cpu, zone->node, zone->name, pfn, order, mt,
					PageBuddy(page) ? "marked free (PG_buddy)" : "cached",
					page->order, page_migratetype(page));
			if (in_free_block(zone, pfn, &head))
				problem(c, "cpu%u's cache of node %d %s: pfn %#lx is inside the free block at pfn %#lx",
					cpu, zone->node, zone->name, pfn, head);
			pages += 1UL << order;
		}
	}
	if (pages != (unsigned long)pcp_count(pcp))
		problem(c, "cpu%u's cache of node %d %s holds %lu pages but counts %d",
			cpu, zone->node, zone->name, pages, pcp_count(pcp));
	return pages;
}

/* Each hart's part: its own caches of every zone. */
static void check_own_caches(void *arg)
{
	struct per_cpu_pages *pcps = this_hart()->pagesets;
	struct check *c = arg;
	unsigned long cached = 0, flags;

	for (unsigned int slot = 0; pcps && slot < nr_node_ids * MAX_NR_ZONES; slot++) {
		struct zone *zone = pcps[slot].zone;

		if (!zone || !managed_zone(zone))
			continue;
		/* Interrupts off too: a drain of this cache arrives as one. */
		spin_lock_irqsave(&zone->lock, flags);
		cached += check_cache(c, &pcps[slot], zone);
		spin_unlock_irqrestore(&zone->lock, flags);
	}
	spin_lock_irqsave(&c->lock, flags);
	c->cached_pages += cached;
	spin_unlock_irqrestore(&c->lock, flags);
}

static void run_check(struct check *c)
{
	struct zone *zone;

	for_each_populated_zone(zone)
		if (managed_zone(zone))
			check_zone(c, zone);
	on_each_cpu(check_own_caches, c, true);
}

int check_free_areas(void)
{
	struct check c = { .lock = SPINLOCK_INIT };

	run_check(&c);
	return c.problems > (unsigned long)__INT_MAX__ ? __INT_MAX__ : (int)c.problems;
}

static int check_show(struct seq_buf *m, void *data)
{
	struct check c = { .m = m, .lock = SPINLOCK_INIT };

	run_check(&c);
	if (c.problems)
		seq_printf(m, "%lu problem%s (%s): ", c.problems, c.problems == 1 ? "" : "s",
			   c.problems > SHOWN_MAX ? "the first shown above" : "above");
	else
		seq_puts(m, "ok: ");
	seq_printf(m, "%lu zones, %lu free blocks, %lu free pages, %lu pages in per-hart caches\n",
		   c.zones, c.blocks, c.free_pages, c.cached_pages);
	return 0;
}

static const struct vfs_file_ops check_ops = { .show = check_show };

int page_check_register_file(void)
{
	return vfs_register("/sys/kernel/debug/mm/check", &check_ops, NULL);
}
