/* SPDX-License-Identifier: MIT */
/*
 * mm/gfp.h - "get free pages" flags and the page allocator's API.
 *
 * The flag values are Linux 6.1's, so a mode printed in a failure report
 * (mode:0xcc0 for GFP_KERNEL) reads the same as on Linux. tern never
 * sleeps in the allocator: "may reclaim" (__GFP_DIRECT_RECLAIM) means the
 * caller may run the node balancer synchronously (drain the per-hart caches,
 * call the shrinkers) before giving up; it never means waiting.
 */
#ifndef TERN_MM_GFP_H
#define TERN_MM_GFP_H

#include "kernel/types.h"
#include "mm/numa.h"

typedef unsigned int gfp_t;

/*
 * Linux's highmem request: riscv64 has no highmem, so the zone choice
 * ignores it and tern sets it nowhere; fail_page_alloc's
 * ignore-gfp-highmem filter is about it.
 */
#define __GFP_HIGHMEM 0x02u
#define __GFP_DMA32 0x04u		/* only ZONE_DMA32 (below 4 GiB) */
#define __GFP_MOVABLE 0x08u		/* the owner can move or free it */
#define __GFP_RECLAIMABLE 0x10u		/* a shrinker can free it */
#define __GFP_HIGH 0x20u		/* may dip to half of min */
#define __GFP_IO 0x40u
#define __GFP_FS 0x80u
#define __GFP_ZERO 0x100u		/* return zeroed memory */
#define __GFP_ATOMIC 0x200u		/* cannot wait: another quarter of min */
#define __GFP_DIRECT_RECLAIM 0x400u	/* may run the balancer synchronously */
#define __GFP_KSWAPD_RECLAIM 0x800u	/* may wake the node's balancer */
#define __GFP_NOWARN 0x2000u		/* no failure report */
/*
 * Linux's "must not fail": Linux loops until it succeeds. tern never loops
 * or waits for memory, so here it only exempts the request from fault
 * injection (fail_page_alloc, failslab); a real shortage still returns
 * NULL, reported. Callers must check, as for any request.
 */
#define __GFP_NOFAIL 0x8000u
#define __GFP_COMP 0x40000u		/* a compound page (head + tails) */
#define __GFP_THISNODE 0x200000u	/* this node only, no fallback */

#define __GFP_RECLAIM (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_ATOMIC (__GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM)
#define GFP_NOWAIT (__GFP_KSWAPD_RECLAIM)
#define GFP_DMA32 __GFP_DMA32
#define GFP_MOVABLE_MASK (__GFP_MOVABLE | __GFP_RECLAIMABLE)
#define GFP_MOVABLE_SHIFT 3

struct page;

/* The largest order the buddy serves is MAX_ORDER - 1 (4 MiB). */
#define MAX_ORDER 11
/* Orders above this are "costly" and not kept in the per-hart caches. */
#define PAGE_ALLOC_COSTLY_ORDER 3

/**
 * __alloc_pages() - the allocator's full path.
 * @gfp: GFP flags.
 * @order: 2^@order contiguous pages, @order < MAX_ORDER.
 * @preferred_nid: the node to try first; NUMA_NO_NODE for the local one.
 * @nodemask: nodes allowed, or NULL for all.
 *
 * Walks @preferred_nid's zonelist (distance order) within @nodemask, as
 * Linux does; with __GFP_THISNODE only @preferred_nid's own zones.
 * Return: the first page, with a reference count of 1, or NULL.
 */
struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid,
			   const nodemask_t *nodemask);

/*
 * alloc_pages() - allocate 2^@order pages under the calling hart's policy.
 * Order 0..3 requests on the hart's own node are served from its per-hart
 * cache without any lock (inline when @gfp and @order are constants).
 * Return: the first page, or NULL (reported unless __GFP_NOWARN).
 *
 * __free_pages() - drop a reference to 2^@order pages from alloc_pages().
 * The last reference frees them. A free that does not match an allocation
 * (double free, wrong order, misaligned, reserved page) is reported with
 * dump_page() and not applied. @page must be a struct page of the memmap:
 * a pointer to anything else is caught only in the debug build (DEBUG=1),
 * where every free takes the checked path; free_pages() checks its
 * address in every build.
 *
 * Both are inline, in mm/pcp.h.
 */
#include "mm/pcp.h"

/**
 * alloc_pages_node() - allocate on node @nid, falling back by distance.
 * @nid: a node, or NUMA_NO_NODE for the calling hart's node. The hart's
 * policy is not consulted, as in Linux.
 * Return: the first page, or NULL.
 */
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order);

static inline struct page *alloc_page(gfp_t gfp)
{
	return alloc_pages(gfp, 0);
}

static inline void __free_page(struct page *page)
{
	__free_pages(page, 0);
}

/* Return: the linear-map address of 2^@order fresh pages, or 0. */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
#define __get_free_page(gfp) __get_free_pages((gfp), 0)
/* Return: the address of one zeroed page, or 0. */
unsigned long get_zeroed_page(gfp_t gfp);
/* Frees what __get_free_pages() returned; 0 is a no-op, as in Linux. */
void free_pages(unsigned long addr, unsigned int order);
#define free_page(addr) free_pages((addr), 0)

/**
 * split_page() - turn an order-@order allocation into 2^@order order-0
 * pages, each with its own reference, to be freed one by one.
 */
void split_page(struct page *page, unsigned int order);

/**
 * alloc_pages_exact() - @size bytes of contiguous pages, rounded to pages.
 * The pages past the rounded size are given back at once.
 * Return: the linear-map address, or NULL.
 */
void *alloc_pages_exact(size_t size, gfp_t gfp);
/* Frees what alloc_pages_exact(@size) returned. */
void free_pages_exact(void *virt, size_t size);

/**
 * alloc_contig_range() - take the pages [@start, @end) out of the buddy.
 * @gfp: __GFP_ZERO to zero them; nothing else is looked at.
 *
 * The range must lie in one zone and every page of it be free in the
 * buddy (pages in the harts' caches are not: drain them first); it is
 * checked and taken under the zone's lock, so a range that is not wholly
 * free is left exactly as it was.
 * Return: 0 with each page allocated on its own (order 0, one reference:
 * free_contig_range() gives them back); -EBUSY if a page is not free;
 * -EINVAL for a range outside one zone.
 */
int alloc_contig_range(unsigned long start, unsigned long end, gfp_t gfp);

/**
 * alloc_contig_pages() - @nr_pages contiguous pages, aligned to their count.
 * @nr_pages: a power of two, any size (a 1 GiB hugetlb page: 262,144).
 * @gfp: zones (__GFP_DMA32), __GFP_THISNODE, __GFP_ZERO.
 * @nid: the node to start from (by distance after it), NUMA_NO_NODE: this
 *	hart's.
 * @nodemask: only these nodes, or NULL.
 *
 * Looks at every aligned range of each zone that keeps its low watermark
 * without the pages, and takes the first that is wholly free
 * (alloc_contig_range()); when none is, drains the harts' caches and
 * looks once more.
 * Return: the first page, or NULL.
 */
struct page *alloc_contig_pages(unsigned long nr_pages, gfp_t gfp, int nid,
				const nodemask_t *nodemask);

/*
 * free_contig_range() - drop one reference to each of @nr_pages pages from
 * @pfn (what alloc_contig_range() took), freeing them in blocks as large as
 * their alignment allows.
 */
void free_contig_range(unsigned long pfn, unsigned long nr_pages);

/* Empties the calling hart's caches, of every zone, into the buddy. */
void drain_local_pages(void);
/*
 * drain_all_pages() - empty every hart's caches into the buddy, each
 * hart its own, by cross-hart call; returns when all are done.
 */
void drain_all_pages(void);

/*
 * pcp_set_enabled() - turn the per-hart caches on or off at run time (the
 * boot parameter pcp=off starts with them off). Off drains them all.
 */
void pcp_set_enabled(bool on);

/* Returns the pages free in the buddy on every node (caches not counted). */
unsigned long nr_free_pages(void);

#endif
