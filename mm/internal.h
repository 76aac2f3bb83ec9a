/* SPDX-License-Identifier: MIT */
/*
 * mm/internal.h - what the page allocator's files share and nobody else
 * should call: the buddy under its zone lock, the per-hart cache hooks,
 * and the checks every free goes through.
 */
#ifndef TERN_MM_INTERNAL_H
#define TERN_MM_INTERNAL_H

#include "mm/mmzone.h"

/* Free pages are filled with this in the debug build (Linux's PAGE_POISON). */
#define PAGE_POISON 0xaa

/*
 * Takes up to @count blocks of 2^@order pages of type @mt from @zone's
 * buddy in one lock hold and pushes them on the stack *@list, each marked
 * with its list's migratetype. Returns how many it took.
 */
int rmqueue_bulk(struct zone *zone, unsigned int order, int count,
		 enum migratetype mt, struct page **list);

/*
 * Gives the blocks chained through pcp_next from @list (each of its
 * page->order) back to @zone's buddy in one lock hold.
 */
void free_pcppages_bulk(struct zone *zone, struct page *list);

/*
 * Takes one block of 2^@order pages for @mt straight from @zone's buddy
 * (the path for orders the caches do not keep). Returns it or NULL.
 */
struct page *rmqueue_buddy(struct zone *zone, unsigned int order,
			   enum migratetype mt);

/* Frees one block straight into its zone's buddy. */
void free_one_block(struct page *page, unsigned int order);

/*
 * Turns freshly taken pages into an allocation: reference count 1, the
 * order recorded for __free_pages' check, __GFP_ZERO and __GFP_COMP
 * applied; in the debug build checks the free-page poison first.
 * Returns @page.
 */
struct page *prep_new_page(struct page *page, unsigned int order, gfp_t gfp);

/*
 * The checks of every free: Returns true if @page may be freed as a
 * 2^@order block (and poisons it in the debug build); false after
 * reporting what is wrong, in which case nothing must be freed.
 */
bool free_pages_prepare(struct page *page, unsigned int order);

/* Lets __alloc_pages() serve requests (mm_init() calls it at the end). */
void page_alloc_ready(void);

#if TERN_DEBUG
/* Reports a free block whose poison was overwritten; clears PG_poisoned. */
void check_poison(struct page *page, unsigned int order);
#endif

/* mm/pcp.c: Returns the allocation from the hart's cache for @zone, or NULL. */
struct page *pcp_alloc(struct zone *zone, unsigned int order, gfp_t gfp);
/* mm/pcp.c: caches a checked free block; Returns false if it did not. */
bool pcp_free(struct page *page, unsigned int order);
/* mm/pcp.c: sizes the caches from the zones' batch and high. */
void pcp_update_limits(void);
/* mm/pcp.c: allocates and links every hart's caches (boot hart, memblock). */
void pcp_setup(void);
/* mm/pcp.c: points the hart's fast path at its caches, or at nothing. */
void pcp_update_fast_path(unsigned int cpu);
/* mm/pcp.c: pcp_update_fast_path() on every hart, by each; returns when done. */
void pcp_update_fast_paths(void);
extern bool pcp_enabled;

/* mm/page_alloc.c: adds @n to the calling hart's @item counter of @zone. */
void zone_count_event(struct zone *zone, enum zone_event_item item,
		      unsigned long n);

/* mm/page_alloc.c: counts one allocation in the hart's event counters. */
void zone_statistics(struct zone *preferred, struct zone *zone,
		     unsigned int order);

/* Returns true if @nid has a pgdat with memory. */
static inline bool node_has_memory(int nid)
{
	return node_state(nid, N_MEMORY) && NODE_DATA(nid);
}

/* Returns the zone of the hart's per-cpu cache @pcp. */
static inline int zone_slot(const struct zone *zone)
{
	return zone->node << ZONES_SHIFT | zone->idx;
}

#endif
