/* SPDX-License-Identifier: MIT */
/*
 * mm/hugetlb.h - pools of huge pages, one per size (Linux's hstate), each
 * split by node.
 *
 * Terminology (Linux's): a *huge page* is a naturally aligned block of
 * 2^order base pages handed out whole; a *gigantic* page is one above the
 * buddy's largest order (1 GiB here), taken from memblock at boot or by a
 * contiguous-range allocation at run time. A pool's pages are *persistent*
 * (counted in nr_hugepages, kept when freed) or *surplus* (allocated past
 * nr_hugepages within nr_overcommit_hugepages, given back to the buddy
 * when freed). A *reservation* promises a page to a future mapping:
 * resv_huge_pages of the free pages may be taken only by whoever holds a
 * reservation, so a fault never finds the pool empty.
 *
 * Sizes: 2 MiB (a PMD leaf, the default) and 1 GiB (a PUD leaf) on every
 * rv64 hart; 64 KiB (a Svnapot PTE range) where every hart has Svnapot.
 */
#ifndef TERN_MM_HUGETLB_H
#define TERN_MM_HUGETLB_H

#include "kernel/types.h"
#include "lib/list.h"
#include "mm/numa.h"
#include <asm/page.h>

struct page;
struct pgtable;

#define HUGE_MAX_HSTATE 3

/**
 * struct hstate - one huge page size and its pool (Linux's names).
 * @order: base pages per huge page = 1 << @order.
 * @name: the sysfs directory, "hugepages-2048kB".
 * @nr_huge_pages: pages in the pool, surplus included (HugePages_Total).
 * @free_huge_pages: of them, not allocated (HugePages_Free).
 * @resv_huge_pages: free pages promised to reservations (HugePages_Rsvd).
 * @surplus_huge_pages: pages above the persistent count (HugePages_Surp).
 * @nr_overcommit_huge_pages: how many surplus pages may exist at most.
 * @*_node: the same per node.
 * @hugepage_freelists: each node's free pages, linked through page->lru.
 * @next_nid_to_alloc: where the round robin of a grow starts next.
 * @next_nid_to_free: where the round robin of a shrink starts next.
 * @max_huge_pages: pages asked for at boot (hugepages=), all nodes.
 * @max_huge_pages_node: the per-node form (hugepages=0:4,1:2).
 *
 * Every count and list is guarded by hugetlb_lock (mm/hugetlb.c).
 */
struct hstate {
	unsigned int order;
	char name[32];
	unsigned long nr_huge_pages, free_huge_pages;
	unsigned long resv_huge_pages, surplus_huge_pages;
	unsigned long nr_overcommit_huge_pages;
	unsigned long nr_huge_pages_node[MAX_NUMNODES];
	unsigned long free_huge_pages_node[MAX_NUMNODES];
	unsigned long surplus_huge_pages_node[MAX_NUMNODES];
	struct list_head hugepage_freelists[MAX_NUMNODES];
	int next_nid_to_alloc, next_nid_to_free;
	unsigned long max_huge_pages;
	unsigned long max_huge_pages_node[MAX_NUMNODES];
};

extern struct hstate hstates[HUGE_MAX_HSTATE];
extern unsigned int hugetlb_max_hstate;	/* hstates in use */
extern unsigned int default_hstate_idx;
#define default_hstate (hstates[default_hstate_idx])
#define for_each_hstate(h) \
	for ((h) = hstates; (h) < &hstates[hugetlb_max_hstate]; (h)++)

static inline unsigned long pages_per_huge_page(const struct hstate *h)
{
	return 1UL << h->order;
}

static inline unsigned long huge_page_size(const struct hstate *h)
{
	return PAGE_SIZE << h->order;
}

/* Returns the pool's pages that are not surplus. */
static inline unsigned long persistent_huge_pages(const struct hstate *h)
{
	return h->nr_huge_pages - h->surplus_huge_pages;
}

/* Fresh pool pages the buddy gave and refused (/proc/vmstat's htlb_buddy_alloc_*). */
extern unsigned long htlb_buddy_alloc_success, htlb_buddy_alloc_fail;

/* Returns the hstate of pages of @size bytes, or NULL if there is none. */
struct hstate *size_to_hstate(unsigned long size);

/**
 * hugetlb_param() - record a hugetlb boot parameter for hugetlb_boot_setup().
 * @value: its value.
 * @name: "hugepagesz", "hugepages" or "default_hugepagesz" (a
 *	kernel_param's arg: kernel/cmdline.h calls this as its setter).
 *
 * Linux applies them in command-line order once the nodes are known; the
 * command line is read before that here, so they wait in a list.
 * Return: 0, or -EINVAL (logged) when the list is full.
 */
int hugetlb_param(const char *value, void *name);

/**
 * hugetlb_boot_setup() - the boot parameters applied, gigantic pages taken.
 *
 * Creates the hstates (the ones the parameters name, then every size the
 * harts support), checks each value as Linux's hugepagesz_setup(),
 * hugepages_setup() and default_hugepagesz_setup() do (reported and
 * skipped, never fatal), and takes the gigantic pages asked for from
 * memblock on their nodes. Call after numa_init() and before mm_init().
 */
void hugetlb_boot_setup(void);

/**
 * hugetlb_init() - the pools filled as the boot parameters asked.
 *
 * Turns the gigantic pages memblock gave into pool pages, allocates the
 * others from the buddy (round robin over the nodes, or on the node named)
 * and logs each size. Call after mm_init(), on the boot hart.
 */
void hugetlb_init(void);

/* Registers the /sys and /proc/sys files of the pools; Returns 0 or -errno. */
int hugetlb_register_files(void);

/**
 * set_max_huge_pages() - grow or shrink a pool to @count pages (Linux's).
 * @h: the pool.
 * @count: the persistent pages wanted (with @nid: the node's count).
 * @nid: NUMA_NO_NODE to spread over the nodes with memory, round robin;
 *	else only this node's pages change.
 *
 * Growing turns surplus pages into persistent ones first, then allocates;
 * a grow that cannot be met stops at what it got. Shrinking frees free
 * pages (keeping the reserved ones) and makes pages still in use surplus,
 * freed when their user frees them.
 * Return: 0; -EINVAL for a node without memory.
 */
int set_max_huge_pages(struct hstate *h, unsigned long count, int nid);

/* Sets how many surplus pages @h may have; Returns 0, or -EINVAL for a gigantic size (but 0). */
int set_nr_overcommit_huge_pages(struct hstate *h, unsigned long count);

/**
 * alloc_hugetlb_page() - a huge page of @h from its pool.
 * @h: the size.
 * @nid: the node to prefer (others by distance), or NUMA_NO_NODE for the
 *	calling hart's policy (mm/numa.c: local, preferred, bind, interleave).
 * @reserved: the caller holds a reservation (hugetlb_acct_memory()) and
 *	uses it up; without one, the reserved free pages are not taken.
 *
 * With the pool empty, a surplus page is allocated if nr_overcommit
 * allows. The page is not zeroed (a mapping's fault zeroes it, as Linux).
 * Return: the head page (one reference), or NULL.
 */
struct page *alloc_hugetlb_page(struct hstate *h, int nid, bool reserved);

/**
 * free_hugetlb_page() - give back a page alloc_hugetlb_page() returned.
 * @h: its size, as allocated.
 *
 * A surplus page goes back to the buddy, any other to its node's pool.
 * A page that is not a huge page, of another size or already free is
 * reported ("BUG: Bad hugetlb free") and left alone.
 * Return: 0, or -EINVAL for such a page.
 */
int free_hugetlb_page(struct hstate *h, struct page *page);

/**
 * hugetlb_acct_memory() - reserve (@delta > 0) or release (< 0) pages.
 *
 * A reservation that the free pages cannot cover allocates surplus pages
 * (within nr_overcommit) to cover it, all or nothing; releasing gives back
 * the surplus pages no longer needed. Linux's MAP_HUGETLB mappings reserve
 * their length at mmap time through this.
 * Return: 0, or -ENOMEM (nothing reserved).
 */
int hugetlb_acct_memory(struct hstate *h, long delta);

/**
 * map_hugetlb_page() - map a huge page of @h at @va as one leaf.
 * @prot: as map_pages() takes it.
 *
 * A 2 MiB page is one PMD leaf, a 1 GiB page one PUD leaf, a 64 KiB page
 * one Svnapot range of 16 PTEs; @va must be aligned to the size.
 * Return: 0, or map_pages()'s errors.
 */
int map_hugetlb_page(struct pgtable *pgt, unsigned long va, struct hstate *h,
		     struct page *page, unsigned long prot);

/* The pages of every pool together, in base pages (meminfo's Hugetlb:). */
unsigned long hugetlb_total_pages(void);

/* Runs the pools' own consistency check; Returns the problems it logged. */
int hugetlb_check(void);

#endif
