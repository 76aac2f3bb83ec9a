/* SPDX-License-Identifier: MIT */
/*
 * mm/mmzone.h - nodes (pgdat), zones, free areas, per-hart page caches,
 * watermarks and zonelists, with Linux's names.
 *
 * Terminology: a *zone* is the part of one node's memory in one physical
 * range (DMA32: below 4 GiB; NORMAL: above); its *spanned* pages run from
 * its first to its last pfn, *present* pages are those with memory behind
 * them, *managed* pages those the buddy was given. The free queues are
 * indexed node first (node_data[nid]->node_zones[zid].free_area[order]),
 * as FreeBSD's vm_phys does, so each node's allocations touch only that
 * node's memory and lock.
 *
 * A *pageblock* is 2 MiB (order 9); each has a migratetype, and free
 * blocks sit on the list of their pageblock's type so that unmovable
 * allocations do not scatter over every 2 MiB block.
 */
#ifndef TERN_MM_MMZONE_H
#define TERN_MM_MMZONE_H

#include "kernel/spinlock.h"
#include "kernel/types.h"
#include "mm/gfp.h"
#include "mm/numa.h"
#include "mm/page.h"

enum zone_type {
	ZONE_DMA32,	/* below 4 GiB, for 32-bit DMA masters */
	ZONE_NORMAL,
	MAX_NR_ZONES
};
_Static_assert(MAX_NR_ZONES <= (1 << ZONES_SHIFT), "zone index bits");

#define DMA32_LIMIT_PFN ((4UL << 30) >> PAGE_SHIFT)

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,	/* the types with free lists and cache lists */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,	/* unused; shown as 0 */
	MIGRATE_ISOLATE,	/* unused; shown as 0 */
	MIGRATE_TYPES
};

#define pageblock_order 9
#define pageblock_nr_pages (1UL << pageblock_order)

extern const char *const migratetype_names[MIGRATE_TYPES];
extern const char *const zone_names[MAX_NR_ZONES];

/* Returns the migratetype GFP flags ask for. */
static inline enum migratetype gfp_migratetype(gfp_t gfp)
{
	unsigned int mt = (gfp & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT;

	return mt < MIGRATE_PCPTYPES ? (enum migratetype)mt : MIGRATE_MOVABLE;
}

struct free_area {
	struct list_head free_list[MIGRATE_PCPTYPES];
	unsigned long nr_free;	/* blocks of this order, all types */
};

enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };

struct zone {
	spinlock_t lock;	/* guards free_area, pageblock types, nr_free */
	struct free_area free_area[MAX_ORDER];
	unsigned long nr_free_pages;	/* pages free in free_area */
	unsigned long lock_acquisitions;	/* for bench page.remote_free */

	unsigned long _watermark[NR_WMARK];
	long lowmem_reserve[MAX_NR_ZONES];
	int pcp_high, pcp_batch;	/* zone_highsize(), zone_batchsize() */

	unsigned long zone_start_pfn;
	unsigned long spanned_pages, present_pages, managed_pages;
	u8 *pageblock_types;	/* migratetype per pageblock of the span */
	struct pglist_data *zone_pgdat;
	int node;
	enum zone_type idx;
	const char *name;
} ____cacheline_aligned;

#define min_wmark_pages(z) ((z)->_watermark[WMARK_MIN])
#define low_wmark_pages(z) ((z)->_watermark[WMARK_LOW])
#define high_wmark_pages(z) ((z)->_watermark[WMARK_HIGH])
#define wmark_pages(z, i) ((z)->_watermark[i])

static inline bool populated_zone(const struct zone *zone)
{
	return zone->present_pages != 0;
}

static inline bool managed_zone(const struct zone *zone)
{
	return zone->managed_pages != 0;
}

static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

static inline unsigned long zone_free_pages(const struct zone *zone)
{
	return READ_ONCE(zone->nr_free_pages);
}

/*
 * A zonelist: the zones an allocation may use, best first, ending with a
 * NULL zone. ZONELIST_FALLBACK covers every node by distance;
 * ZONELIST_NOFALLBACK only the node's own zones (__GFP_THISNODE).
 */
enum { ZONELIST_FALLBACK, ZONELIST_NOFALLBACK, MAX_ZONELISTS };
#define MAX_ZONES_PER_ZONELIST (MAX_NUMNODES * MAX_NR_ZONES)

struct zonelist {
	struct zone *zones[MAX_ZONES_PER_ZONELIST + 1];
};

typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	struct zonelist node_zonelists[MAX_ZONELISTS];
	int node_id;
	unsigned long node_start_pfn;
	unsigned long node_present_pages, node_spanned_pages;
	struct page *node_mem_map;	/* struct page of node_start_pfn */
	u64 memmap_init_ns;		/* how long this node's init took */
	unsigned int memmap_init_cpu;	/* the hart that did it */

	/* mm/balancer.c */
	unsigned int balance_queued;	/* a balancer run is on its way */
	unsigned long balance_runs;	/* balancer runs (pageoutrun) */
	unsigned long pages_reclaimed;	/* reported by shrinkers */
} pg_data_t;

extern struct pglist_data *node_data[MAX_NUMNODES];

/*
 * Synchronous balancer runs by the highest zone the request could use, as
 * Linux counts ALLOCSTALL (allocstall_dma32 / allocstall_normal).
 */
extern unsigned long allocstall[MAX_NR_ZONES];
#define NODE_DATA(nid) (node_data[nid])

/* Returns the zone @page belongs to. */
static inline struct zone *page_zone(const struct page *page)
{
	return &NODE_DATA(page_to_nid(page))->node_zones[page_zonenum(page)];
}

#define for_each_populated_zone(zone)                                      \
	for (int __nid = 0; __nid < (int)nr_node_ids; __nid++)               \
		if (NODE_DATA(__nid))                                        \
			for ((zone) = NODE_DATA(__nid)->node_zones;          \
			     (zone) < NODE_DATA(__nid)->node_zones + MAX_NR_ZONES; \
			     (zone)++)                                       \
				if (populated_zone(zone))

/* ------------------------------------------------------- watermarks --- */

/* alloc_flags, as Linux's mm/internal.h */
#define ALLOC_WMARK_MIN WMARK_MIN
#define ALLOC_WMARK_LOW WMARK_LOW
#define ALLOC_WMARK_HIGH WMARK_HIGH
#define ALLOC_NO_WATERMARKS 0x04
#define ALLOC_WMARK_MASK (ALLOC_NO_WATERMARKS - 1)
#define ALLOC_HARDER 0x10	/* GFP_ATOMIC: min - min/4 more */
#define ALLOC_HIGH 0x20		/* __GFP_HIGH: min / 2 */

extern int min_free_kbytes;
extern int watermark_scale_factor;
extern int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES];
extern unsigned long totalreserve_pages;

/**
 * zone_watermark_ok() - may @order pages be taken from @z?
 * @mark: the watermark to keep, in pages.
 * @highest_zoneidx: the highest zone the request could use; the
 * lowmem_reserve for it is kept too.
 * @alloc_flags: ALLOC_HIGH lowers @mark by half, ALLOC_HARDER by a
 * further quarter of what is left.
 * Return: true if after the allocation free pages stay above the mark and
 * a block of at least @order exists.
 */
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags);

/* Returns Linux's int_sqrt: the largest r with r * r <= @x. */
unsigned long int_sqrt(unsigned long x);

/*
 * setup_per_zone_wmarks() - recompute min/low/high, lowmem_reserve,
 * totalreserve_pages and the per-hart cache high/batch from
 * min_free_kbytes and watermark_scale_factor.
 */
void setup_per_zone_wmarks(void);
/* Sets min_free_kbytes from the memory size, as Linux does at boot. */
void calculate_min_free_kbytes(void);
/* Returns 0, or -EINVAL if @kbytes is negative or above 1/4 of memory. */
int set_min_free_kbytes(long kbytes);
/* Returns 0, or -EINVAL outside 1..3000 (Linux's bounds). */
int set_watermark_scale_factor(long factor);

/* ------------------------------------------------------- statistics --- */

/* Folds the harts' counters of @zone into @events. */
void zone_events(const struct zone *zone,
		 unsigned long events[NR_ZONE_EVENT_ITEMS]);
/* Returns the pages sitting in the harts' caches of @zone. */
unsigned long zone_pcp_pages(const struct zone *zone);
/* Returns the per_cpu_pages of @cpu for @zone. */
struct per_cpu_pages *zone_pcp(const struct zone *zone, unsigned int cpu);

struct sysinfo {
	unsigned long totalram, freeram, sharedram, bufferram;
	unsigned long totalswap, freeswap;
	unsigned long totalhigh, freehigh;
	unsigned int mem_unit;
};
/* Fills @info with Linux's fields, in pages (mem_unit = PAGE_SIZE). */
void si_meminfo(struct sysinfo *info);
/* Fills @info's swap fields: zeros, tern has no swap yet. */
void si_swapinfo(struct sysinfo *info);
/* Returns the pages that can be allocated without pushing any zone low. */
long si_mem_available(void);
/* Returns the pages the buddy manages (MemTotal). */
unsigned long totalram_pages(void);
/* Returns what mm_init() took from memory for the memmap and node data. */
unsigned long memmap_pages(void);

/* ------------------------------------------------------------ setup --- */

/**
 * mm_init() - memmap, zones and buddy for every node.
 * Builds each node's struct pages on a hart of that node (the nearest one
 * for a node without harts) in parallel, hands memblock's free memory to
 * the buddy, computes watermarks and zonelists and sets up the per-hart
 * caches. memblock allocations end here. Call after the harts are up.
 */
void mm_init(void);

/*
 * Registers the /proc and /sys files of the page allocator and the object
 * caches, and their debugfs files (fault injection, the buddy check);
 * Returns 0 or -errno.
 */
int mm_register_files(void);

#endif
