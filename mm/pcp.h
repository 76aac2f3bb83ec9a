/* SPDX-License-Identifier: MIT */
/*
 * mm/pcp.h - the per-hart page caches (Linux's per_cpu_pages) and their
 * fast paths, inline: alloc_pages() and __free_pages() of a constant order
 * below 4 pop or push a cache stack in the caller, with no call, no lock
 * and no atomic read-modify-write (docs/perf.md counts the instructions).
 * Only mm/gfp.h includes this file; mm/pcp.c has the rest of the caches.
 *
 * How the free fast path finds its list without looking up the zone:
 *
 *   this_hart()->pagesets: one struct per_cpu_pages per zone slot
 *   (node << 1 | zone), PCP_SIZE bytes each, the array PCP_SIZE-aligned
 *
 *   +-----------------------+------------------------+-----
 *   | slot 0: node 0 DMA32  | slot 1: node 0 Normal  | ...
 *   +-----------------------+------------------------+-----
 *   ^ lists[order << 2 | mt] at byte (order << 5 | mt << 3) of its slot
 *
 *   page->flags >> PCP_OFFSET_SHIFT = slot << 8 | mt << 3 (mm/page.h), so
 *   pagesets + that + (order << 5) is the page's list, and the list's
 *   address rounded down to PCP_SIZE is its struct per_cpu_pages.
 */
#ifndef TERN_MM_PCP_H
#define TERN_MM_PCP_H

#ifndef TERN_MM_GFP_H
#error "include mm/gfp.h, not mm/pcp.h"
#endif

#include "kernel/smp.h"
#include "kernel/types.h"
#include "lib/string.h"
#include "mm/page.h"
#include <asm/irqflags.h>

/* Counted per hart and zone; read by folding over the harts. */
enum zone_event_item {
	NUMA_HIT,		/* allocated on the preferred node */
	NUMA_MISS,		/* allocated here though another was preferred */
	NUMA_FOREIGN,		/* preferred here, allocated elsewhere */
	NUMA_INTERLEAVE_HIT,	/* interleave policy got the node it wanted */
	NUMA_LOCAL,		/* allocated on the allocating hart's node */
	NUMA_OTHER,		/* allocated on another node */
	PGALLOC,		/* pages allocated */
	PGFREE,			/* pages freed */
	NR_ZONE_EVENT_ITEMS
};

/*
 * Per-hart cache lists: one LIFO stack per (order 0..3, migratetype),
 * linked through page->pcp_next. Only the owning hart touches a cache,
 * with interrupts off; other harts reach it only by cross-hart call.
 * Each order has four list slots for three types, so that the fast path
 * finds its list as order << 2 | (gfp >> GFP_MOVABLE_SHIFT & 3); the slot
 * of the invalid MOVABLE|RECLAIMABLE mix stays empty and such requests
 * take the full path.
 */
#define NR_PCP_ORDERS (PAGE_ALLOC_COSTLY_ORDER + 1)
#define PCP_TYPE_SLOTS 4
#define NR_PCP_LISTS (NR_PCP_ORDERS * PCP_TYPE_SLOTS)
#define PCP_SIZE 256	/* bytes per cache, a power of two (the map above) */

struct per_cpu_pages {
	struct page *lists[NR_PCP_LISTS];	/* [order << 2 | mt]; at offset 0 */
	/*
	 * The cache holds pcp_count() = level - fast_allocated + high pages.
	 * The alloc fast path adds only to fast_allocated, the free fast path
	 * only to level, and a free spills once level reaches fast_allocated
	 * (the count reaches high): one counter a side, and the allocations
	 * are counted for the statistics at no extra cost.
	 */
	long level;
	unsigned long fast_allocated;	/* pages the fast path handed out */
	int high;		/* spill when the count reaches this */
	int batch;		/* pages per refill and spill */
	/*
	 * Fast-path allocations are PGALLOC + NUMA_HIT + NUMA_LOCAL (or
	 * NUMA_OTHER for a memoryless node's hart): fast_allocated gives the
	 * pages, and the allocations of order 1..3 ([order - 1]) are counted
	 * apart so that the NUMA events count allocations, as Linux's do.
	 */
	unsigned long fast_allocs[NR_PCP_ORDERS - 1];
	unsigned long events[NR_ZONE_EVENT_ITEMS];
	struct zone *zone;
} __aligned(PCP_SIZE);

_Static_assert(sizeof(struct per_cpu_pages) == PCP_SIZE &&
	       PCP_SIZE == 1 << (ZONE_SLOT_SHIFT - PCP_OFFSET_SHIFT) &&
	       MIGRATETYPE_SHIFT - PCP_OFFSET_SHIFT == 3,
	       "page->flags >> PCP_OFFSET_SHIFT must be the offset of the page's list");

/* A cache with nothing in it: fast_pcp points here when it must not serve. */
extern const struct per_cpu_pages pcp_empty;

/* Requests the fast path leaves to the full path (__GFP_ZERO it serves). */
#define GFP_SLOW_PATH (__GFP_THISNODE | __GFP_COMP)

/* Returns the list index of (@order, @mt). */
static inline unsigned long pcp_list(unsigned long order, unsigned long mt)
{
	return order << 2 | mt;
}

/*
 * Only the owning hart writes its cache's counters, but /proc readers on
 * other harts read them: a relaxed store of a plain sum (no atomic RMW).
 */
#define pcp_add(field, n) WRITE_ONCE((field), (field) + (n))

/* Returns the pages in @pcp; from another hart, a snapshot. */
static inline int pcp_count(const struct per_cpu_pages *pcp)
{
	return READ_ONCE(pcp->level) - (long)READ_ONCE(pcp->fast_allocated) +
	       READ_ONCE(pcp->high);
}

/* mm/pcp.c: spills what is over @pcp's limit, then restores @flags. */
void pcp_spill_restore(struct per_cpu_pages *pcp, unsigned long flags);
/* mm/numa.c: alloc_pages() past the fast path: the hart's policy applied. */
struct page *alloc_pages_policy(gfp_t gfp, unsigned int order);
/* mm/page_alloc.c: __free_pages() past the fast path, every check made. */
void free_pages_slow(struct page *page, unsigned int order);

/*
 * pcp_alloc_fast() - pop 2^@order pages (@order < NR_PCP_ORDERS, @gfp
 * without GFP_SLOW_PATH) from the calling hart's cache of its preferred
 * zone.
 * Return: the first page, with one reference; NULL if that list is empty
 * or the hart's fast path is off (then the full path must serve).
 */
static __always_inline struct page *pcp_alloc_fast(gfp_t gfp, unsigned int order)
{
	unsigned long flags = arch_local_irq_save();
	struct per_cpu_pages *pcp = this_hart()->fast_pcp[!!(gfp & __GFP_DMA32)];
	struct page **list = &pcp->lists[pcp_list(order, gfp >> GFP_MOVABLE_SHIFT & 3)];
	struct page *page = *list;

	if (unlikely(!page)) {
		arch_local_irq_restore(flags);
		return NULL;
	}
	*list = page->pcp_next;
	pcp_add(pcp->fast_allocated, 1UL << order);
	if (order)
		pcp_add(pcp->fast_allocs[order - 1], 1);
	arch_local_irq_restore_unchanged(flags);
	page->_refcount = 1;
	/*
	 * After the interrupts are back: zeroing a page takes 600
	 * instructions. The debug build zeroes in prep_new_page(), after it
	 * has checked the free page's poison.
	 */
	if (!TERN_DEBUG && (gfp & __GFP_ZERO))
		memset(page_address(page), 0, PAGE_SIZE << order);
	return page;
}

/*
 * pcp_free_fast() - push 2^@order pages (@order < NR_PCP_ORDERS) on the
 * calling hart's cache of their zone, spilling a batch if it is full.
 * Return: true if done; false if @page is not a plain allocation of
 * @order with one reference, for free_pages_slow() to handle or report.
 */
static __always_inline bool pcp_free_fast(struct page *page, unsigned int order)
{
	unsigned long flags;
	struct page **list;
	struct per_cpu_pages *pcp;
	long level;

	if (unlikely(!page_single_ref_of_order(page, order)))
		return false;
	flags = arch_local_irq_save();
	list = (struct page **)((char *)this_hart()->pagesets +
				(page->flags >> PCP_OFFSET_SHIFT)) + pcp_list(order, 0);
	pcp = (struct per_cpu_pages *)((unsigned long)list & ~(PCP_SIZE - 1UL));
	page->_refcount = 0;
	page->pcp_next = *list;
	*list = page;
	level = pcp->level + (1L << order);
	WRITE_ONCE(pcp->level, level);
	if (unlikely(level >= (long)pcp->fast_allocated))
		pcp_spill_restore(pcp, flags);
	else
		arch_local_irq_restore_unchanged(flags);
	return true;
}

/* The out-of-line alloc_pages() and __free_pages(), for any arguments. */
struct page *alloc_pages_noinline(gfp_t gfp, unsigned int order);
void __free_pages_noinline(struct page *page, unsigned int order);

/*
 * True if a call with these arguments takes the inline fast path: known
 * at compile time, and never in the debug build, whose every allocation
 * and free is checked out of line.
 */
#define pcp_inline(gfp, order)                                                \
	(!TERN_DEBUG && __builtin_constant_p(gfp) && __builtin_constant_p(order) && \
	 (order) < NR_PCP_ORDERS && !((gfp) & GFP_SLOW_PATH))

/* gfp.h documents alloc_pages() and __free_pages(). */
static __always_inline struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	if (pcp_inline(gfp, order)) {
		struct page *page = pcp_alloc_fast(gfp, order);

		return likely(page) ? page : alloc_pages_policy(gfp, order);
	}
	return alloc_pages_noinline(gfp, order);
}

static __always_inline void __free_pages(struct page *page, unsigned int order)
{
	if (pcp_inline(0, order)) {
		if (unlikely(!pcp_free_fast(page, order)))
			free_pages_slow(page, order);
		return;
	}
	__free_pages_noinline(page, order);
}

#endif
