// SPDX-License-Identifier: MIT
/*
 * DOC: memmap and zones - from memblock to the buddy allocator
 *
 * mm_init() turns memblock's picture into nodes and zones:
 *
 *  1. Each node's span of memory (lowest to highest pfn) is widened to
 *     whole sections, and gets one struct page per pfn, allocated on that
 *     node, plus its pgdat and its zones' pageblock types. A node without
 *     memory gets a pgdat on its nearest node and empty zones. Where the
 *     arch has a vmemmap (riscv), the node's memory backs its part of that
 *     one array; elsewhere (the host build) its memmap is a block of its
 *     own, found through the section table.
 *  2. The section table (mm/page.h) maps every section to its node's
 *     memmap: pfn_valid() asks it, and without a vmemmap pfn_to_page()
 *     is one load from it and one add.
 *  3. With memtest=N, every free range is tested (mm/memtest.c) and bad
 *     cells reserved; then memblock closes: from here the buddy owns memory.
 *  4. Every hart runs the same cross-hart call and initialises the nodes
 *     whose home hart it is (node_home_cpu(): a hart of the node, or the
 *     nearest one), so each node's struct pages are written by a hart
 *     close to them and nodes are done in parallel. Pages start reserved;
 *     memblock's free ranges are then given to the buddy in the largest
 *     aligned blocks they hold.
 *  5. Zonelists, watermarks and the per-hart caches are set up, and
 *     __alloc_pages() opens.
 *
 * Terminology: a node's pgdat->node_start_pfn and node_spanned_pages
 * describe its memmap (section-aligned); its zones' spans are exact.
 */
#define pr_fmt(fmt) "mm: " fmt

#include <asm/tlbflush.h>
#include "mm/internal.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/time.h"
#include "lib/string.h"
#include "mm/debug_pagealloc.h"
#include "mm/memblock.h"
#include "mm/memtest.h"

struct page **section_memmap;
unsigned long nr_sections;
unsigned int section_shift;

/* The largest section: 128 MiB, as Linux's SECTION_SIZE_BITS on riscv. */
#define MAX_SECTION_SHIFT (27 - PAGE_SHIFT)

static unsigned long metadata_pages;	/* memmap, pgdats, pageblock types */

struct node_span {
	unsigned long start, end;	/* pfns of the node's memory, or 0, 0 */
};

unsigned long memmap_pages(void)
{
	return metadata_pages;
}

/* Returns memblock's memory of node @nid as a pfn span (0, 0 if none). */
static struct node_span node_memory_span(int nid)
{
	struct node_span span = { 0, 0 };
	const struct memblock_region *r;

	for_each_memblock(memory, r) {
		unsigned long start = ALIGN_UP(r->base, PAGE_SIZE) >> PAGE_SHIFT;
		unsigned long end = ALIGN_DOWN(r->base + r->size, PAGE_SIZE) >> PAGE_SHIFT;

		if (r->nid != nid || start >= end)
			continue;
		if (span.start == span.end || start < span.start)
			span.start = start;
		if (end > span.end)
			span.end = end;
	}
	return span;
}

/* Returns the pages of memblock memory on @nid within [start, end). */
static unsigned long present_pages_in(int nid, unsigned long start, unsigned long end)
{
	const struct memblock_region *r;
	unsigned long pages = 0;

	for_each_memblock(memory, r) {
		unsigned long lo = max(ALIGN_UP(r->base, PAGE_SIZE) >> PAGE_SHIFT, start);
		unsigned long hi = min(ALIGN_DOWN(r->base + r->size, PAGE_SIZE) >> PAGE_SHIFT, end);

		if (r->nid == nid && lo < hi)
			pages += hi - lo;
	}
	return pages;
}

/*
 * Picks the section size: the largest (up to 128 MiB) that every node
 * boundary is aligned to, and never below a pageblock, so that no section
 * holds pages of two nodes on any machine whose nodes split at 2 MiB.
 */
static void choose_section_shift(const struct node_span spans[])
{
	section_shift = MAX_SECTION_SHIFT;
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		if (spans[nid].start == spans[nid].end)
			continue;
		while (section_shift > pageblock_order &&
		       ((spans[nid].start | spans[nid].end) & ((1UL << section_shift) - 1)))
			section_shift--;
	}
}

/* Allocates @bytes on @nid for mm metadata; panics if memory is gone. */
static void *alloc_metadata(size_t bytes, int nid, const char *what)
{
	phys_addr_t pa = memblock_alloc_range_nid(ALIGN_UP(bytes, PAGE_SIZE),
						  PAGE_SIZE, 0, 0, nid, false);

	if (!pa)
		panic("no memory for node %d's %s (%zu bytes)", nid, what, bytes);
	metadata_pages += ALIGN_UP(bytes, PAGE_SIZE) >> PAGE_SHIFT;
	return phys_to_virt(pa);
}

#ifdef VMEMMAP_BIAS
/* Returns node @nid's memmap for pfns [start, end), in the vmemmap. */
static struct page *memmap_alloc(int nid, unsigned long start, unsigned long end)
{
	metadata_pages += vmemmap_populate(start, end, nid);
	return pfn_to_page(start);
}
#else
struct page *node_memmap_bias[MAX_NUMNODES];

/* Returns node @nid's memmap for pfns [start, end), on the node. */
static struct page *memmap_alloc(int nid, unsigned long start, unsigned long end)
{
	struct page *memmap = alloc_metadata((end - start) * sizeof(struct page), nid,
					     "memmap");

	node_memmap_bias[nid] = memmap - start;
	return memmap;
}
#endif

/* Sets up the zone @idx of @pgdat over pfns [start, end) of its memory. */
static void zone_init(struct pglist_data *pgdat, enum zone_type idx,
		      unsigned long start, unsigned long end)
{
	struct zone *zone = &pgdat->node_zones[idx];
	int nid = pgdat->node_id;

	for (int order = 0; order < MAX_ORDER; order++)
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			INIT_LIST_HEAD(&zone->free_area[order].free_list[mt]);
	zone->zone_pgdat = pgdat;
	zone->node = nid;
	zone->idx = idx;
	zone->name = zone_names[idx];
	if (start >= end)
		return;
	zone->zone_start_pfn = start;
	zone->spanned_pages = end - start;
	zone->present_pages = present_pages_in(nid, start, end);
	if (zone->present_pages) {
		size_t blocks = (ALIGN_UP(end, pageblock_nr_pages) -
				 ALIGN_DOWN(start, pageblock_nr_pages)) >> pageblock_order;

		/* Linux starts every pageblock movable. */
		zone->pageblock_types = alloc_metadata(blocks, nid, "pageblock types");
		memset(zone->pageblock_types, MIGRATE_MOVABLE, blocks);
	}
}

/*
 * Builds node @nid's pgdat and memmap over @span (widened to sections;
 * @floor is where the previous node's memmap ended). Returns the end of
 * this node's memmap, for the next node's floor.
 */
static unsigned long node_init(int nid, struct node_span span, unsigned long floor)
{
	int home = local_memory_node(nid);
	struct pglist_data *pgdat = alloc_metadata(sizeof(*pgdat), home, "pgdat");
	unsigned long section = 1UL << section_shift;
	unsigned long start, end;

	memset(pgdat, 0, sizeof(*pgdat));
	pgdat->node_id = nid;
	node_data[nid] = pgdat;
	if (span.start == span.end) {
		for (int z = 0; z < MAX_NR_ZONES; z++)
			zone_init(pgdat, z, 0, 0);
		return floor;
	}
	start = max(ALIGN_DOWN(span.start, section), floor);
	end = ALIGN_UP(span.end, section);
	if (start > span.start) {
		pr_err("node %d: pfns %#lx-%#lx share a section with the node below and are left out\n",
		       nid, span.start, min(start, span.end) - 1);
		span.start = min(start, span.end);
	}
	pgdat->node_start_pfn = start;
	pgdat->node_spanned_pages = end - start;
	pgdat->node_mem_map = memmap_alloc(nid, start, end);
	for (unsigned long s = start >> section_shift; s < end >> section_shift; s++)
		section_memmap[s] = pgdat->node_mem_map - start;

	zone_init(pgdat, ZONE_DMA32, span.start, min(span.end, DMA32_LIMIT_PFN));
	zone_init(pgdat, ZONE_NORMAL, max(span.start, DMA32_LIMIT_PFN), span.end);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		pgdat->node_present_pages += pgdat->node_zones[z].present_pages;
	return end;
}

/* Gives pfns [start, end) of one zone to the buddy, largest blocks first. */
static unsigned long release_to_buddy(struct page *memmap, unsigned long memmap_start,
				      unsigned long start, unsigned long end)
{
	for (unsigned long pfn = start; pfn < end; pfn++) {
		struct page *page = memmap + (pfn - memmap_start);

		clear_page_flag(page, PG_reserved);
		page->order = 0;
		page->_refcount = 0;
	}
	for (unsigned long pfn = start; pfn < end;) {
		unsigned int order = MAX_ORDER - 1;

		while (order && ((pfn & ((1UL << order) - 1)) || pfn + (1UL << order) > end))
			order--;
		free_one_block(memmap + (pfn - memmap_start), order);
		pfn += 1UL << order;
	}
	return end - start;
}

/*
 * Writes node @nid's struct pages and hands its free memory to the buddy;
 * runs on the node's home hart.
 */
static void node_memmap_init(int nid)
{
	struct pglist_data *pgdat = NODE_DATA(nid);
	unsigned long start = pgdat->node_start_pfn;
	unsigned long end = start + pgdat->node_spanned_pages;
	struct page *memmap = pgdat->node_mem_map;
	u64 t0 = ktime_get_ns();
	phys_addr_t from = (phys_addr_t)start << PAGE_SHIFT, lo, hi;

	for (unsigned long pfn = start; pfn < end; pfn++) {
		unsigned long zone = pfn >= DMA32_LIMIT_PFN ? ZONE_NORMAL : ZONE_DMA32;

		memmap[pfn - start] = (struct page){
			.flags = ((unsigned long)nid << ZONES_SHIFT | zone) << ZONE_SLOT_SHIFT |
				 1UL << PG_reserved,
			.order = PAGE_ORDER_RESERVED,
			._refcount = 1,
		};
	}
	while (memblock_next_free_range(nid, from, &lo, &hi)) {
		unsigned long lo_pfn = max((unsigned long)(lo >> PAGE_SHIFT), start);
		unsigned long hi_pfn = min((unsigned long)(hi >> PAGE_SHIFT), end);

		from = hi;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];
			unsigned long a = max(lo_pfn, zone->zone_start_pfn);
			unsigned long b = min(hi_pfn, zone_end_pfn(zone));

			if (a < b && zone->present_pages)
				zone->managed_pages += release_to_buddy(memmap, start, a, b);
		}
	}
	pgdat->memmap_init_ns = ktime_get_ns() - t0;
	pgdat->memmap_init_cpu = smp_processor_id();
}

/* The cross-hart call: each hart does the nodes it is home to. */
static void memmap_init_here(void *unused)
{
	/* The boot hart has just mapped the vmemmap: forget any cached miss. */
	local_flush_tlb_all();
	for (int nid = 0; nid < (int)nr_node_ids; nid++)
		if (NODE_DATA(nid) && NODE_DATA(nid)->node_mem_map &&
		    node_home_cpu(nid) == smp_processor_id())
			node_memmap_init(nid);
}

void mm_init(void)
{
	struct node_span spans[MAX_NUMNODES];
	unsigned long floor = 0, max_pfn = 0;
	u64 t0 = ktime_get_ns();

	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		spans[nid] = node_memory_span(nid);
		max_pfn = max(max_pfn, spans[nid].end);
	}
	choose_section_shift(spans);
	nr_sections = (max_pfn >> section_shift) + 1;
	section_memmap = alloc_metadata(nr_sections * sizeof(*section_memmap),
					local_memory_node(0), "section table");
	memset(section_memmap, 0, nr_sections * sizeof(*section_memmap));

	/* Nodes in address order, so overlapping spans are trimmed, not shared. */
	for (unsigned int done = 0; done < nr_node_ids; done++) {
		int next = -1;

		for (int nid = 0; nid < (int)nr_node_ids; nid++)
			if (!NODE_DATA(nid) && (next < 0 || spans[nid].start < spans[next].start))
				next = nid;
		floor = node_init(next, spans[next], floor);
	}
	pcp_setup();
	early_memtest();
	debug_pagealloc_alloc_freers();
	memblock_close();

	on_each_cpu(memmap_init_here, NULL, true);
	debug_pagealloc_init();

	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		const struct pglist_data *pgdat = NODE_DATA(nid);
		unsigned long managed = 0;

		for (int z = 0; z < MAX_NR_ZONES; z++)
			managed += pgdat->node_zones[z].managed_pages;
		if (pgdat->node_mem_map)
			pr_info("node %d: memmap of %lu pages (%lu KiB), %lu MiB to the buddy in %llu us on cpu%u\n",
				nid, pgdat->node_spanned_pages,
				pgdat->node_spanned_pages * sizeof(struct page) >> 10,
				managed >> (20 - PAGE_SHIFT),
				(unsigned long long)pgdat->memmap_init_ns / 1000,
				pgdat->memmap_init_cpu);
	}
	build_all_zonelists();
	calculate_min_free_kbytes();
	setup_per_zone_wmarks();
	page_alloc_ready();
	pr_info("%lu MiB managed, %lu KiB of metadata, sections of %lu MiB; min_free_kbytes %d; ready in %llu us\n",
		totalram_pages() >> (20 - PAGE_SHIFT), metadata_pages << (PAGE_SHIFT - 10),
		1UL << (section_shift + PAGE_SHIFT - 20), min_free_kbytes,
		(unsigned long long)(ktime_get_ns() - t0) / 1000);
}
