/* SPDX-License-Identifier: MIT */
/*
 * mm/page.h - struct page: 32 bytes of state for every 4 KiB page frame.
 *
 * Terminology (Linux's): a *pfn* is a physical address >> PAGE_SHIFT; the
 * *memmap* is the array of struct page, one per pfn, each node's part on
 * that node; a *section* is a naturally aligned run of pfns (at most
 * 128 MiB) whose struct pages are contiguous and on one node, so
 * pfn_to_page() is a table lookup and an add, or, where the arch maps a
 * *vmemmap* (riscv), one add to a fixed base.
 *
 * Layout (docs/mm.md says why each field is there):
 *
 *   0  flags     PG_* bits from bit 0; bits 51..52 = migratetype (free or
 *                cached: the list it is on; allocated: the list its free
 *                goes to); bits 56..63 = zone slot (node << 1 | zone);
 *                bits 48..50 and 53..55 stay 0, so flags >> 48 is the
 *                byte offset of the page's order-0 list in a hart's array
 *                of caches (mm/pcp.h)
 *   8  lru       free: buddy list links / per-hart cache stack link;
 *                allocated: the owner's (slab lists); tail: compound head
 *  24  _refcount    0 = free; references while allocated
 *  28  order     free in the buddy: its block order; allocated: the order
 *                it was allocated with (checked by __free_pages), plus
 *                PAGE_ORDER_SPECIAL if freeing it needs more than a cache
 *                push (compound head); reserved pages record 0xff
 *  29  owner_byte   one byte for the allocated page's owner
 *  30  owner_data   two bytes for the allocated page's owner
 *
 * A slab's pages (PG_slab on the first) reuse lru as the slab's node-list
 * link and _refcount as its object counters, owner_byte as its node and
 * owner_data as its cache: mm/slab.c. The first page's order carries
 * PAGE_ORDER_SPECIAL, so no page free accepts a slab page, and the
 * checked free path refuses it by PG_slab.
 *
 * _refcount and order share a 64-bit word (ref_and_order) so that the free
 * fast path checks "one reference, this order" with one load and compare.
 */
#ifndef TERN_MM_PAGE_H
#define TERN_MM_PAGE_H

#include "kernel/types.h"
#include "lib/list.h"
#include <asm/page.h>

enum pageflags {
	PG_reserved,	/* never handed to the buddy (firmware, image, holes) */
	PG_buddy,	/* free, heading a block on a buddy free list */
	PG_head,	/* first page of a compound allocation */
	PG_tail,	/* other pages of a compound allocation */
	PG_slab,	/* owned by the slab allocator */
	PG_poisoned,	/* free and filled with PAGE_POISON (DEBUG=1) */
	PG_hugetlb,	/* head of a hugetlb pool page; owner_byte: its hstate */
	NR_PAGEFLAGS
};

/*
 * Set in page->order of allocations whose free needs the slow path, so the
 * fast path's one compare of the order also turns them away.
 */
#define PAGE_ORDER_SPECIAL 0x80
#define PAGE_ORDER_RESERVED 0xff
#define page_order(page) ((page)->order & (PAGE_ORDER_SPECIAL - 1))

#define ZONE_SLOT_SHIFT 56	/* flags >> this = node << 1 | zone */
#define ZONES_SHIFT 1
#define MIGRATETYPE_SHIFT 51	/* flags >> this & 3 = migratetype */
#define PCP_OFFSET_SHIFT 48	/* flags >> this = offset of its cache list */

struct page {
	unsigned long flags;
	union {
		struct list_head lru;
		unsigned long compound_head;	/* tail pages: head | 1 */
		struct page *pcp_next;		/* in a per-hart cache stack */
		struct list_head slab_list;	/* PG_slab head: its node list */
	};
	union {
		struct {
			int _refcount;
			u8 order;
			u8 owner_byte;
			u16 owner_data;
		};
		u64 ref_and_order;
		struct {		/* the pages of a slab (mm/slab.c) */
			u16 slab_inuse;		/* head: objects out of it */
			u16 slab_free;		/* head: first free object + 1; 0: none */
			u8 slab_order;		/* order, as above */
			u8 slab_node;		/* page_to_nid(), for kfree()'s test */
			u16 slab_cache_offset;	/* the cache's index << 8 */
		};
	};
};

_Static_assert(sizeof(struct page) == 32, "struct page must stay 32 bytes");

/*
 * Only a page's owner writes its flags (the buddy, under the zone lock, for
 * a free page), so writers never race each other; but the buddy's merge
 * test reads the flags of a neighbour that another hart may own at that
 * moment. Hence whole-word loads and stores that cannot tear (and that
 * ThreadSanitizer sees as such), never an atomic read-modify-write.
 */
static inline bool page_flag(const struct page *page, enum pageflags bit)
{
	return (READ_ONCE(page->flags) >> bit) & 1;
}

static inline void set_page_flag(struct page *page, enum pageflags bit)
{
	WRITE_ONCE(page->flags, page->flags | 1UL << bit);
}

static inline void clear_page_flag(struct page *page, enum pageflags bit)
{
	WRITE_ONCE(page->flags, page->flags & ~(1UL << bit));
}

#define PageReserved(p) page_flag(p, PG_reserved)
#define PageBuddy(p) page_flag(p, PG_buddy)
#define PageHead(p) page_flag(p, PG_head)
#define PageTail(p) page_flag(p, PG_tail)
#define PageSlab(p) page_flag(p, PG_slab)
#define PageHuge(p) page_flag(p, PG_hugetlb)

/* Returns the migratetype recorded in @page (enum migratetype). */
static inline unsigned int page_migratetype(const struct page *page)
{
	return page->flags >> MIGRATETYPE_SHIFT & 3;
}

static inline void set_page_migratetype(struct page *page, unsigned int mt)
{
	WRITE_ONCE(page->flags, (page->flags & ~(3UL << MIGRATETYPE_SHIFT)) |
				(unsigned long)mt << MIGRATETYPE_SHIFT);
}

/*
 * Returns true if @page holds one reference and was allocated at @order
 * (no PAGE_ORDER_SPECIAL): the shift drops owner_byte and owner_data.
 */
static inline bool page_single_ref_of_order(const struct page *page, unsigned int order)
{
	return READ_ONCE(page->ref_and_order) << 24 == ((u64)order << 56 | 1UL << 24);
}

/* Returns node << ZONES_SHIFT | zone index: the page's zone, globally. */
static inline unsigned int page_zone_slot(const struct page *page)
{
	return page->flags >> ZONE_SLOT_SHIFT;
}

static inline int page_to_nid(const struct page *page)
{
	return page_zone_slot(page) >> ZONES_SHIFT;
}

static inline unsigned int page_zonenum(const struct page *page)
{
	return page_zone_slot(page) & ((1U << ZONES_SHIFT) - 1);
}

/*
 * The sparse pfn -> memmap table: section_memmap[s] is the node's memmap
 * biased by the section's node start, so pfn_to_page is one add; NULL for
 * sections with no memmap. With a vmemmap it only answers pfn_valid().
 */
extern struct page **section_memmap;
extern unsigned long nr_sections;
extern unsigned int section_shift;	/* pfn bits per section */

/* Returns true if @pfn has a struct page. */
static inline bool pfn_valid(unsigned long pfn)
{
	unsigned long s = pfn >> section_shift;

	return s < nr_sections && section_memmap[s];
}

#ifdef VMEMMAP_BIAS
/*
 * SPARSEMEM_VMEMMAP, as Linux's riscv: the memmap is one virtually
 * contiguous array indexed by pfn, each node's part backed by that node's
 * memory (vmemmap_populate()). asm/page.h places it so that the struct
 * page of a linear-map address costs a shift, a mask and an add, with no
 * load: that is most of kfree().
 */
extern struct page *vmemmap;	/* pfn 0's struct page would be here; paging_init() */

/**
 * vmemmap_populate() - back the memmap of pfns [@start, @end) with memory.
 * @nid: the node to take it from (others if it has none left).
 *
 * Maps vmemmap + @start .. vmemmap + @end, with 2 MiB leaves where the
 * node's memmap is that large; panics if memory is gone (boot only).
 * Return: the pages used, page tables included.
 */
unsigned long vmemmap_populate(unsigned long start, unsigned long end, int nid);

/* Returns the struct page of @pfn; only for pfn_valid(@pfn). */
static inline struct page *pfn_to_page(unsigned long pfn)
{
	return vmemmap + pfn;
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - vmemmap);
}

/*
 * Returns the page of linear-map address @addr; only for valid ones.
 * Linear-map addresses only, as Linux's: skipping virt_to_phys()'s test
 * for image addresses keeps kfree() and the slab's lookups short.
 */
static inline struct page *virt_to_page(const void *addr)
{
	return (struct page *)(VMEMMAP_BIAS +
			       ((long)addr >> PAGE_SHIFT) * (long)sizeof(struct page));
}
#else
/* Returns the struct page of @pfn; only for pfn_valid(@pfn). */
static inline struct page *pfn_to_page(unsigned long pfn)
{
	return section_memmap[pfn >> section_shift] + pfn;
}

/*
 * node_memmap_bias[nid]: node @nid's memmap biased by its first pfn, as
 * section_memmap is, so that page_to_pfn() is a load and a subtraction.
 */
extern struct page *node_memmap_bias[MAX_NUMNODES];

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - node_memmap_bias[page_to_nid(page)]);
}

/* As above, through the section table. */
static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(((unsigned long)addr - va_pa_offset) >> PAGE_SHIFT);
}
#endif

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return (phys_addr_t)page_to_pfn(page) << PAGE_SHIFT;
}

static inline void *page_address(const struct page *page)
{
	return phys_to_virt(page_to_phys(page));
}

/* Returns true if @addr is a linear-map address with a struct page. */
static inline bool virt_addr_valid(const void *addr)
{
	return pfn_valid(virt_to_phys(addr) >> PAGE_SHIFT);
}

static inline struct page *compound_head(struct page *page)
{
	unsigned long head = READ_ONCE(page->compound_head);

	return PageTail(page) ? (struct page *)(head - 1) : page;
}

static inline int page_count(const struct page *page)
{
	return READ_ONCE(page->_refcount);
}

/* Takes a reference to an allocated page (to its head if compound). */
void get_page(struct page *page);
/* Drops a reference; the last one frees the allocation (its whole order). */
void put_page(struct page *page);

/**
 * dump_page() - log @page's state: pfn, node, zone, flags, order, refcount.
 * @reason: why (the bad-free report says which check failed).
 */
void dump_page(const struct page *page, const char *reason);

#endif
