// SPDX-License-Identifier: MIT
/*
 * DOC: hugetlb - pools of huge pages, per size and per node
 *
 * Linux's hugetlbfs pool without the file system: one struct hstate per
 * page size (mm/hugetlb.h has the terms), each with a free list per node.
 * Where each pool's pages come from:
 *
 *   size     order  source                     mapped as
 *   64 KiB     4    the buddy, on its node     16 Svnapot PTEs
 *   2 MiB      9    the buddy, on its node     one PMD leaf (the default)
 *   1 GiB     18    memblock at boot; at run   one PUD leaf
 *                   time alloc_contig_pages()
 *
 * A pool page is a compound page whose head carries PG_hugetlb and its
 * hstate's index in owner_byte. Free in the pool it holds no reference
 * and sits on its node's free list (page->lru); handed out it holds one.
 * Nothing else frees it: the buddy's checked free refuses PG_hugetlb.
 *
 * Boot, as Linux: the command line is read before the nodes are known, so
 * hugepagesz=, hugepages= and default_hugepagesz= wait in a list
 * (hugetlb_param()) and are applied in their order by hugetlb_boot_setup()
 * once NUMA is up, with Linux's rules and messages; gigantic pages are
 * taken from memblock there, before the buddy gets the memory, and the
 * others by hugetlb_init() from the buddy.
 *
 * Locking: hugetlb_lock guards every count and free list; it is taken
 * with interrupts on, as nothing runs the pools from an interrupt (a
 * cross-hart call included), and it is never held while the buddy
 * allocates or frees (a direct reclaim waits for
 * every hart: a hart spinning on this lock would never answer it). A
 * pool resize therefore drops it around each allocation, as Linux does,
 * and resizes are serialised by the flag `resizing` instead of a sleeping
 * mutex: a second writer while one runs gets -EBUSY.
 */
#define pr_fmt(fmt) "HugeTLB: " fmt

#include "mm/hugetlb.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/ratelimit.h"
#include "kernel/spinlock.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/internal.h"
#include "mm/memblock.h"
#include "mm/pgtable.h"
#include <asm/pgtable-bits.h>

#define HPAGE_PMD_ORDER 9	/* 2 MiB: the default size, Linux's HPAGE_SIZE */
#define HPAGE_PUD_ORDER 18	/* 1 GiB */

struct hstate hstates[HUGE_MAX_HSTATE];
unsigned int hugetlb_max_hstate;
unsigned int default_hstate_idx;

/* Guards the counts and free lists of every hstate (DOC above). */
static DEFINE_SPINLOCK(hugetlb_lock);
/* A pool resize is running (set_max_huge_pages()); taken by an atomic swap. */
static unsigned int resizing;

/* /proc/vmstat's htlb_buddy_alloc_success and _fail. */
unsigned long htlb_buddy_alloc_success, htlb_buddy_alloc_fail;

static bool hstate_is_gigantic(const struct hstate *h)
{
	return h->order >= MAX_ORDER;
}

static unsigned int hstate_index(const struct hstate *h)
{
	return (unsigned int)(h - hstates);
}

#define SIZE_NAME_LEN 48	/* "2.00 MiB", with room for any unsigned long */

/* Prints @h's size as Linux's string_get_size() does: "2.00 MiB". */
static const char *hstate_size_name(const struct hstate *h, char buf[SIZE_NAME_LEN])
{
	static const char *const units[] = { "KiB", "MiB", "GiB" };
	unsigned long kb = huge_page_size(h) >> 10;
	unsigned int unit = 0;
	unsigned long whole = kb, hundredths = 0;

	while (whole >= 1024 && unit < 2) {
		hundredths = (whole % 1024) * 100 / 1024;
		whole /= 1024;
		unit++;
	}
	if (whole >= 100)
		snprintf(buf, SIZE_NAME_LEN, "%lu %s", whole, units[unit]);
	else if (whole >= 10)
		snprintf(buf, SIZE_NAME_LEN, "%lu.%lu %s", whole, hundredths / 10, units[unit]);
	else
		snprintf(buf, SIZE_NAME_LEN, "%lu.%02lu %s", whole, hundredths, units[unit]);
	return buf;
}

/* ------------------------------------------------------------ sizes --- */

/* Returns true if every hart can map a huge page of 2^@order pages as one leaf. */
static bool arch_hugetlb_valid_order(unsigned int order)
{
	return order == HPAGE_PMD_ORDER || order == HPAGE_PUD_ORDER ||
	       (order == NAPOT_CONT64KB_ORDER && has_svnapot);
}

/* Returns the order of @size bytes if it is a huge page size, else -1. */
static int size_to_order(unsigned long size)
{
	for (unsigned int order = 0; order < 32; order++)
		if (size == PAGE_SIZE << order)
			return arch_hugetlb_valid_order(order) ? (int)order : -1;
	return -1;
}

struct hstate *size_to_hstate(unsigned long size)
{
	struct hstate *h;

	for_each_hstate(h)
		if (huge_page_size(h) == size)
			return h;
	return NULL;
}

/* Returns the first node with memory, the round robins' start. */
static int first_memory_node(void)
{
	int nid;

	for_each_node_state(nid, N_MEMORY)
		return nid;
	return 0;
}

/*
 * Creates the hstate of 2^@order pages unless it exists (Linux's
 * hugetlb_add_hstate()). Returns it, or NULL when every slot is taken.
 */
static struct hstate *hugetlb_add_hstate(unsigned int order)
{
	struct hstate *h = size_to_hstate(PAGE_SIZE << order);

	if (h)
		return h;
	if (hugetlb_max_hstate == HUGE_MAX_HSTATE) {
		pr_err("no room for a %lu kB page size\n", (PAGE_SIZE << order) >> 10);
		return NULL;
	}
	h = &hstates[hugetlb_max_hstate++];
	memset(h, 0, sizeof(*h));
	h->order = order;
	snprintf(h->name, sizeof(h->name), "hugepages-%lukB", huge_page_size(h) >> 10);
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		INIT_LIST_HEAD(&h->hugepage_freelists[nid]);
	h->next_nid_to_alloc = h->next_nid_to_free = first_memory_node();
	return h;
}

/* --------------------------------------------------- page bookkeeping --- */

/* Returns the hstate a pool page belongs to (its head's owner_byte). */
static struct hstate *page_hstate(const struct page *page)
{
	return &hstates[page->owner_byte];
}

/*
 * Makes the 2^@h->order pages at @page (each as the buddy or memblock
 * left it) one free pool page of @h: a compound head with PG_hugetlb and
 * no reference, tails pointing at it.
 */
static void prep_new_huge_page(struct hstate *h, struct page *page)
{
	unsigned long nr = pages_per_huge_page(h);

	for (unsigned long i = 1; i < nr; i++) {
		page[i]._refcount = 0;
		page[i].order = 0;
		page[i].compound_head = (unsigned long)page | 1;
		set_page_flag(&page[i], PG_tail);
	}
	page->_refcount = 0;
	page->order = (u8)(h->order | PAGE_ORDER_SPECIAL);
	page->owner_byte = (u8)hstate_index(h);
	set_page_flag(page, PG_head);
	set_page_flag(page, PG_hugetlb);
}

/*
 * Gives a page that has left the pool's counts back to the buddy
 * (Linux's update_and_free_page()). Call without hugetlb_lock.
 */
static void update_and_free_huge_page(struct hstate *h, struct page *page)
{
	unsigned long nr = pages_per_huge_page(h);

	clear_page_flag(page, PG_hugetlb);
	page->owner_byte = 0;
	if (!hstate_is_gigantic(h)) {
		/* As the buddy handed it out: one reference, a compound order. */
		page->_refcount = 1;
		__free_pages(page, h->order);
		return;
	}
	for (unsigned long i = 0; i < nr; i++) {
		clear_page_flag(&page[i], i ? PG_tail : PG_head);
		page[i].compound_head = 0;
		page[i]._refcount = 1;
		page[i].order = 0;
	}
	free_contig_range(page_to_pfn(page), nr);
}

/* Puts a free pool page on its node's list; call under hugetlb_lock. */
static void enqueue_huge_page(struct hstate *h, struct page *page)
{
	int nid = page_to_nid(page);

	list_add(&page->lru, &h->hugepage_freelists[nid]);
	h->free_huge_pages++;
	h->free_huge_pages_node[nid]++;
}

/* Counts a new page into @h's pool (free unless @surplus says it is handed out). */
static void account_new_huge_page(struct hstate *h, struct page *page, bool surplus)
{
	int nid = page_to_nid(page);

	h->nr_huge_pages++;
	h->nr_huge_pages_node[nid]++;
	if (surplus) {
		h->surplus_huge_pages++;
		h->surplus_huge_pages_node[nid]++;
	}
}

/*
 * Takes a page out of the pool's counts (Linux's remove_hugetlb_page()):
 * off the free list if it is free, out of the surplus count if
 * @adjust_surplus. Call under hugetlb_lock.
 */
static void remove_huge_page(struct hstate *h, struct page *page, bool adjust_surplus)
{
	int nid = page_to_nid(page);

	if (!page_count(page)) {
		list_del(&page->lru);
		h->free_huge_pages--;
		h->free_huge_pages_node[nid]--;
	}
	if (adjust_surplus) {
		h->surplus_huge_pages--;
		h->surplus_huge_pages_node[nid]--;
	}
	h->nr_huge_pages--;
	h->nr_huge_pages_node[nid]--;
}

/* ------------------------------------------------------------ nodes --- */

/* Returns the first node of @allowed with memory from @nid on, wrapping. */
static int next_node_allowed(int nid, const nodemask_t *allowed)
{
	for (int i = 0; i < MAX_NUMNODES; i++) {
		int next = (nid + i) % MAX_NUMNODES;

		if (node_isset(next, allowed) && node_state(next, N_MEMORY))
			return next;
	}
	return first_memory_node();
}

/*
 * Returns the node a grow tries next and moves the round robin on (Linux's
 * hstate_next_node_to_alloc()); the shrink's counterpart below.
 */
static int hstate_next_node_to_alloc(struct hstate *h, const nodemask_t *allowed)
{
	int nid = next_node_allowed(h->next_nid_to_alloc, allowed);

	h->next_nid_to_alloc = next_node_allowed(nid + 1, allowed);
	return nid;
}

static int hstate_next_node_to_free(struct hstate *h, const nodemask_t *allowed)
{
	int nid = next_node_allowed(h->next_nid_to_free, allowed);

	h->next_nid_to_free = next_node_allowed(nid + 1, allowed);
	return nid;
}

/* Returns how many nodes of @allowed have memory. */
static int nodes_weight(const nodemask_t *allowed)
{
	int nid, weight = 0;

	for_each_node_state(nid, N_MEMORY)
		weight += node_isset(nid, allowed);
	return weight;
}

/*
 * Fills @order with the nodes of @allowed that have memory, nearest to
 * @nid first (ties by number); Returns how many.
 */
static int nodes_by_distance(int nid, const nodemask_t *allowed, int order[MAX_NUMNODES])
{
	int n = 0, node;

	for_each_node_state(node, N_MEMORY) {
		int i = n++;

		if (!node_isset(node, allowed)) {
			n--;
			continue;
		}
		while (i > 0 && node_distance(nid, order[i - 1]) > node_distance(nid, node)) {
			order[i] = order[i - 1];
			i--;
		}
		order[i] = node;
	}
	return n;
}

/* ------------------------------------------------- fresh pool pages --- */

/*
 * Returns a new page of @h from node @nid alone (the buddy, or for a
 * gigantic page a contiguous range), made a free pool page but not yet
 * counted; NULL if the node has none.
 */
static struct page *alloc_fresh_huge_page(struct hstate *h, int nid)
{
	gfp_t gfp = GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN;
	struct page *page;

	if (hstate_is_gigantic(h)) {
		page = alloc_contig_pages(pages_per_huge_page(h), gfp, nid, NULL);
	} else {
		page = alloc_pages_node(nid, gfp | __GFP_COMP | __GFP_MOVABLE, h->order);
		__atomic_fetch_add(page ? &htlb_buddy_alloc_success : &htlb_buddy_alloc_fail,
				   1, __ATOMIC_RELAXED);
	}
	if (page)
		prep_new_huge_page(h, page);
	return page;
}

/*
 * Adds one persistent page to @h's pool from the next node of @allowed
 * that has one, round robin (Linux's alloc_pool_huge_page()).
 * Returns true if it got one. Call without hugetlb_lock.
 */
static bool alloc_pool_huge_page(struct hstate *h, const nodemask_t *allowed)
{
	for (int tries = nodes_weight(allowed); tries > 0; tries--) {
		int nid = hstate_next_node_to_alloc(h, allowed);
		struct page *page = alloc_fresh_huge_page(h, nid);

		if (!page)
			continue;
		spin_lock(&hugetlb_lock);
		account_new_huge_page(h, page, false);
		enqueue_huge_page(h, page);
		spin_unlock(&hugetlb_lock);
		return true;
	}
	return false;
}

/*
 * Returns a surplus page of @h, handed out (one reference), from @nid or
 * the nearest node of @allowed that has one, if nr_overcommit allows one
 * more; NULL otherwise (Linux's alloc_surplus_huge_page()).
 */
static struct page *alloc_surplus_huge_page(struct hstate *h, int nid,
					    const nodemask_t *allowed)
{
	int order[MAX_NUMNODES], n;
	struct page *page = NULL;

	if (hstate_is_gigantic(h))
		return NULL;
	spin_lock(&hugetlb_lock);
	if (h->surplus_huge_pages >= h->nr_overcommit_huge_pages) {
		spin_unlock(&hugetlb_lock);
		return NULL;
	}
	spin_unlock(&hugetlb_lock);

	n = nodes_by_distance(nid, allowed, order);
	for (int i = 0; i < n && !page; i++)
		page = alloc_fresh_huge_page(h, order[i]);
	if (!page)
		return NULL;

	spin_lock(&hugetlb_lock);
	/* Others may have taken the last surplus slot meanwhile. */
	if (h->surplus_huge_pages >= h->nr_overcommit_huge_pages) {
		spin_unlock(&hugetlb_lock);
		update_and_free_huge_page(h, page);
		return NULL;
	}
	account_new_huge_page(h, page, true);
	page->_refcount = 1;
	spin_unlock(&hugetlb_lock);
	return page;
}

/* ------------------------------------------------- taking and giving --- */

static const nodemask_t *memory_nodes(void)
{
	return &node_states[N_MEMORY];
}

/* Takes the first free page of @h on @nid, handed out; call under hugetlb_lock. */
static struct page *take_free_page(struct hstate *h, int nid)
{
	struct page *page = list_first_entry(&h->hugepage_freelists[nid], struct page, lru);

	list_del(&page->lru);
	h->free_huge_pages--;
	h->free_huge_pages_node[nid]--;
	page->_refcount = 1;
	return page;
}

/*
 * Takes a free page of @h from @nid or the nearest node of @allowed that
 * has one (Linux's dequeue_huge_page_nodemask()); Returns it, handed out,
 * or NULL. Call under hugetlb_lock.
 */
static struct page *dequeue_huge_page(struct hstate *h, int nid, const nodemask_t *allowed)
{
	int order[MAX_NUMNODES], n;

	/* The node asked for first, without sorting the others by distance. */
	if (node_isset(nid, allowed) && !list_empty(&h->hugepage_freelists[nid]))
		return take_free_page(h, nid);
	n = nodes_by_distance(nid, allowed, order);
	for (int i = 0; i < n; i++)
		if (!list_empty(&h->hugepage_freelists[order[i]]))
			return take_free_page(h, order[i]);
	return NULL;
}

/* alloc_hugetlb_page() past its first look: policy, reservations, other nodes, surplus. */
static __attribute__((noinline)) struct page *alloc_hugetlb_page_slow(struct hstate *h, int nid, bool reserved)
{
	const nodemask_t *allowed = memory_nodes();
	struct page *page = NULL;

	if (nid == NUMA_NO_NODE) {
		const nodemask_t *policy_mask;

		nid = policy_node(current_mempolicy(), &policy_mask);
		if (policy_mask)
			allowed = policy_mask;
	}
	spin_lock(&hugetlb_lock);
	if (unlikely(reserved && !h->resv_huge_pages)) {
		static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL,
					      DEFAULT_RATELIMIT_BURST);

		if (__ratelimit(&rs))
			pr_warn("%s: a reserved allocation without a reservation\n", h->name);
		reserved = false;
	}
	/* The reserved free pages are for their holders only. */
	if (reserved || h->free_huge_pages > h->resv_huge_pages)
		page = dequeue_huge_page(h, nid, allowed);
	if (page && reserved)
		h->resv_huge_pages--;
	spin_unlock(&hugetlb_lock);
	return page ? page : alloc_surplus_huge_page(h, nid, allowed);
}

struct page *alloc_hugetlb_page(struct hstate *h, int nid, bool reserved)
{
	/* Most requests: a free page on the node named, no reservation. */
	if (likely(!reserved && nid >= 0 && nid < MAX_NUMNODES)) {
		spin_lock(&hugetlb_lock);
		if (likely(h->free_huge_pages > h->resv_huge_pages &&
			   !list_empty(&h->hugepage_freelists[nid]))) {
			struct page *page = take_free_page(h, nid);

			spin_unlock(&hugetlb_lock);
			return page;
		}
		spin_unlock(&hugetlb_lock);
	}
	return alloc_hugetlb_page_slow(h, nid, reserved);
}

/* Reports a refused free; Returns -EINVAL for the caller to return. */
static __attribute__((noinline, cold)) int bad_hugetlb_free(const struct page *page, const char *why)
{
	pr_err("BUG: Bad hugetlb free of pfn %#lx: %s; not freed\n",
	       page_to_pfn(page), why);
	return -EINVAL;
}

/*
 * free_hugetlb_page() for a page that is not simply back to its node's
 * list: a bad free, one reference of several, or a surplus page.
 */
static __attribute__((noinline)) int free_hugetlb_page_slow(struct hstate *h, struct page *page)
{
	int nid;

	if (!page || !pfn_valid(page_to_pfn(page)) || pfn_to_page(page_to_pfn(page)) != page)
		return bad_hugetlb_free(page, "not a page of memory");
	if (!PageHuge(page))
		return bad_hugetlb_free(page, PageTail(page) && PageHuge(compound_head(page)) ?
					"a tail page of a huge page" : "not a huge page");
	if (page_hstate(page) != h)
		return bad_hugetlb_free(page, "freed with another size than it has");
	nid = page_to_nid(page);
	spin_lock(&hugetlb_lock);
	if (page_count(page) == 0) {
		spin_unlock(&hugetlb_lock);
		return bad_hugetlb_free(page, "already free (double free?)");
	}
	if (page_count(page) > 1) {
		page->_refcount--;	/* someone else still has it */
		spin_unlock(&hugetlb_lock);
		return 0;
	}
	if (h->surplus_huge_pages_node[nid]) {
		remove_huge_page(h, page, true);	/* still handed out: not listed */
		spin_unlock(&hugetlb_lock);
		update_and_free_huge_page(h, page);
		return 0;
	}
	page->_refcount = 0;
	enqueue_huge_page(h, page);
	spin_unlock(&hugetlb_lock);
	return 0;
}

int free_hugetlb_page(struct hstate *h, struct page *page)
{
	struct hstate *own;
	int nid;

	/* The checks of the slow path, in the order that lets a good free pass first. */
	if (unlikely(!page || !pfn_valid(page_to_pfn(page)) || !PageHuge(page)))
		return free_hugetlb_page_slow(h, page);
	own = page_hstate(page);
	nid = page_to_nid(page);
	spin_lock(&hugetlb_lock);
	if (likely(own == h && page_count(page) == 1 && !h->surplus_huge_pages_node[nid])) {
		page->_refcount = 0;
		enqueue_huge_page(h, page);
		spin_unlock(&hugetlb_lock);
		return 0;
	}
	spin_unlock(&hugetlb_lock);
	return free_hugetlb_page_slow(h, page);
}

/*
 * Takes a free page off the next node of @allowed that has one, round
 * robin, and out of the pool's counts (Linux's remove_pool_huge_page());
 * with @acct_surplus only from nodes with surplus pages, which it counts
 * down. Returns the page, or NULL. Call under hugetlb_lock.
 */
static struct page *remove_pool_huge_page(struct hstate *h, const nodemask_t *allowed,
					  bool acct_surplus)
{
	for (int tries = nodes_weight(allowed); tries > 0; tries--) {
		int nid = hstate_next_node_to_free(h, allowed);
		struct list_head *list = &h->hugepage_freelists[nid];
		struct page *page;

		if ((acct_surplus && !h->surplus_huge_pages_node[nid]) || list_empty(list))
			continue;
		page = list_first_entry(list, struct page, lru);
		remove_huge_page(h, page, acct_surplus);
		return page;
	}
	return NULL;
}

/* Gives back the pages of @list (linked through lru); call without hugetlb_lock. */
static void free_huge_page_list(struct hstate *h, struct list_head *list)
{
	while (!list_empty(list)) {
		struct page *page = list_first_entry(list, struct page, lru);

		list_del(&page->lru);
		update_and_free_huge_page(h, page);
	}
}

/*
 * Moves one page between surplus and persistent (Linux's
 * adjust_pool_surplus()): @delta -1 makes a surplus page persistent, +1 a
 * persistent page that is in use surplus. Returns true if it could. Call
 * under hugetlb_lock.
 */
static bool adjust_pool_surplus(struct hstate *h, const nodemask_t *allowed, int delta)
{
	for (int tries = nodes_weight(allowed); tries > 0; tries--) {
		int nid = delta < 0 ? hstate_next_node_to_alloc(h, allowed) :
				      hstate_next_node_to_free(h, allowed);

		if (delta < 0 && !h->surplus_huge_pages_node[nid])
			continue;
		if (delta > 0 && h->surplus_huge_pages_node[nid] >=
				 h->nr_huge_pages_node[nid] - h->free_huge_pages_node[nid])
			continue;	/* only pages in use may become surplus */
		h->surplus_huge_pages += delta;
		h->surplus_huge_pages_node[nid] += delta;
		return true;
	}
	return false;
}

int set_max_huge_pages(struct hstate *h, unsigned long count, int nid)
{
	nodemask_t one_node;
	const nodemask_t *allowed = memory_nodes();
	unsigned long min_count;
	LIST_HEAD(freed);

	if (nid != NUMA_NO_NODE) {
		unsigned long global;

		if (!node_state(nid, N_MEMORY))
			return -EINVAL;
		one_node = nodemask_of_node(nid);
		allowed = &one_node;
		/* Linux's per-node files: the node's count, the rest unchanged. */
		global = count + h->nr_huge_pages - h->nr_huge_pages_node[nid];
		count = global < count ? ~0UL : global;
	}
	if (__atomic_exchange_n(&resizing, 1U, __ATOMIC_ACQUIRE))
		return -EBUSY;

	spin_lock(&hugetlb_lock);
	while (h->surplus_huge_pages && count > persistent_huge_pages(h))
		if (!adjust_pool_surplus(h, allowed, -1))
			break;
	while (count > persistent_huge_pages(h)) {
		bool got;

		spin_unlock(&hugetlb_lock);
		got = alloc_pool_huge_page(h, allowed);
		spin_lock(&hugetlb_lock);
		if (!got)
			break;
	}
	/* Pages in use and reserved pages stay; the rest may go. */
	min_count = h->resv_huge_pages + h->nr_huge_pages - h->free_huge_pages;
	min_count = max(count, min_count);
	while (min_count < persistent_huge_pages(h)) {
		struct page *page = remove_pool_huge_page(h, allowed, false);

		if (!page)
			break;
		list_add(&page->lru, &freed);
	}
	while (count < persistent_huge_pages(h))
		if (!adjust_pool_surplus(h, allowed, 1))
			break;
	spin_unlock(&hugetlb_lock);
	free_huge_page_list(h, &freed);
	__atomic_store_n(&resizing, 0U, __ATOMIC_RELEASE);
	return 0;
}

int set_nr_overcommit_huge_pages(struct hstate *h, unsigned long count)
{

	/* Gigantic pages are never surplus (Linux refuses); 0, what it reads, is taken. */
	if (hstate_is_gigantic(h))
		return count ? -EINVAL : 0;
	spin_lock(&hugetlb_lock);
	h->nr_overcommit_huge_pages = count;
	spin_unlock(&hugetlb_lock);
	return 0;
}

/*
 * Makes the free pages cover the reservations plus @delta more, with
 * surplus pages if needed, and reserves @delta (Linux's
 * gather_surplus_pages()). Returns 0, or -ENOMEM with nothing reserved.
 * Call under hugetlb_lock; it drops it while it allocates.
 */
static int gather_surplus_pages(struct hstate *h, long delta)
{
	long needed = (long)(h->resv_huge_pages + delta) - (long)h->free_huge_pages;
	long allocated = 0;
	LIST_HEAD(surplus);
	int ret = -ENOMEM;

	while (needed > 0) {
		long i;

		spin_unlock(&hugetlb_lock);
		for (i = 0; i < needed; i++) {
			struct page *page = alloc_surplus_huge_page(h, numa_mem_id(), memory_nodes());

			if (!page)
				break;
			list_add(&page->lru, &surplus);
		}
		allocated += i;
		spin_lock(&hugetlb_lock);
		needed = (long)(h->resv_huge_pages + delta) -
			 (long)(h->free_huge_pages + allocated);
		if (needed > 0 && i < needed)
			goto out;	/* the last pass fell short: no more to be had */
	}
	h->resv_huge_pages += delta;
	ret = 0;
	/* Into the pool as free pages: as many as the reservation needs. */
	needed += allocated;
	while (needed-- > 0 && !list_empty(&surplus)) {
		struct page *page = list_first_entry(&surplus, struct page, lru);

		list_del(&page->lru);
		page->_refcount = 0;
		enqueue_huge_page(h, page);
	}
out:
	/* The rest were not needed after all: out of the pool, back to the buddy. */
	while (!list_empty(&surplus)) {
		struct page *page = list_first_entry(&surplus, struct page, lru);

		list_del(&page->lru);
		remove_huge_page(h, page, true);	/* still handed out: not listed */
		spin_unlock(&hugetlb_lock);
		update_and_free_huge_page(h, page);
		spin_lock(&hugetlb_lock);
	}
	return ret;
}

/*
 * Releases @unused reservations and gives back the free surplus pages no
 * longer needed (Linux's return_unused_surplus_pages()). Call under
 * hugetlb_lock; it drops it to free them.
 */
static void return_unused_surplus_pages(struct hstate *h, unsigned long unused)
{
	unsigned long nr = min(unused, h->surplus_huge_pages);
	LIST_HEAD(freed);

	h->resv_huge_pages -= min(unused, h->resv_huge_pages);
	while (nr--) {
		struct page *page = remove_pool_huge_page(h, memory_nodes(), true);

		if (!page)
			break;
		list_add(&page->lru, &freed);
	}
	spin_unlock(&hugetlb_lock);
	free_huge_page_list(h, &freed);
	spin_lock(&hugetlb_lock);
}

int hugetlb_acct_memory(struct hstate *h, long delta)
{
	int ret = 0;

	spin_lock(&hugetlb_lock);
	if (delta > 0)
		ret = gather_surplus_pages(h, delta);
	else if (delta < 0)
		return_unused_surplus_pages(h, (unsigned long)-delta);
	spin_unlock(&hugetlb_lock);
	return ret;
}

/* ---------------------------------------------------------- mapping --- */

int map_hugetlb_page(struct pgtable *pgt, unsigned long va, struct hstate *h,
		     struct page *page, unsigned long prot)
{
	phys_addr_t pa = page_to_phys(page);

	if (va & (huge_page_size(h) - 1)) {
		pr_err("map_hugetlb_page: %#lx is not aligned to %lu kB\n", va,
		       huge_page_size(h) >> 10);
		return -EINVAL;
	}
	if (h->order == NAPOT_CONT64KB_ORDER)
		return map_napot_pages(pgt, va, pa, prot);
	/* Aligned va, pa and size: map_pages() makes exactly one leaf. */
	return map_pages(pgt, va, pa, huge_page_size(h), prot);
}

/* ------------------------------------------------------------- boot --- */

/* Linux's struct huge_bootmem_page: kept in the gigantic page itself. */
struct huge_bootmem_page {
	struct list_head list;
	struct hstate *hstate;
};

static LIST_HEAD(huge_boot_pages);

/*
 * Takes one gigantic page of @h from memblock on node @nid (NUMA_NO_NODE:
 * the next node round robin that has one). Returns true if it did.
 */
static bool alloc_bootmem_huge_page(struct hstate *h, int nid)
{
	int tries = nid == NUMA_NO_NODE ? nodes_weight(memory_nodes()) : 1;

	while (tries-- > 0) {
		int node = nid == NUMA_NO_NODE ? hstate_next_node_to_alloc(h, memory_nodes()) : nid;
		phys_addr_t pa = memblock_alloc_range_nid(huge_page_size(h), huge_page_size(h),
							  0, 0, node, true);
		struct huge_bootmem_page *m;

		if (!pa)
			continue;
		m = __va(pa);
		m->hstate = h;
		list_add_tail(&m->list, &huge_boot_pages);
		return true;
	}
	return false;
}

/*
 * Fills @h's pool on node @nid with the pages hugepages=N:... asked for
 * (Linux's hugetlb_hstate_alloc_pages_onenode()).
 */
static void hstate_alloc_pages_onenode(struct hstate *h, int nid)
{
	unsigned long wanted = h->max_huge_pages_node[nid], i;
	nodemask_t one_node = nodemask_of_node(nid);
	char size[SIZE_NAME_LEN];

	for (i = 0; i < wanted; i++)
		if (hstate_is_gigantic(h) ? !alloc_bootmem_huge_page(h, nid)
					  : !alloc_pool_huge_page(h, &one_node))
			break;
	if (i == wanted)
		return;
	pr_warn("allocating %lu of page size %s failed node%d.  Only allocated %lu hugepages.\n",
		wanted, hstate_size_name(h, size), nid, i);
	h->max_huge_pages -= wanted - i;
	h->max_huge_pages_node[nid] = i;
}

/*
 * Fills @h's pool as the boot parameters asked: per node if a node was
 * named, else round robin (Linux's hugetlb_hstate_alloc_pages()).
 */
static void hstate_alloc_pages(struct hstate *h)
{
	bool per_node = false;
	unsigned long i;
	char size[SIZE_NAME_LEN];
	int nid;

	for_each_online_node(nid)
		if (h->max_huge_pages_node[nid]) {
			per_node = true;
			hstate_alloc_pages_onenode(h, nid);
		}
	if (per_node)
		return;
	for (i = 0; i < h->max_huge_pages; i++)
		if (hstate_is_gigantic(h) ? !alloc_bootmem_huge_page(h, NUMA_NO_NODE)
					  : !alloc_pool_huge_page(h, memory_nodes()))
			break;
	if (i < h->max_huge_pages) {
		pr_warn("allocating %lu of page size %s failed.  Only allocated %lu hugepages.\n",
			h->max_huge_pages, hstate_size_name(h, size), i);
		h->max_huge_pages = i;
	}
}

#define HUGETLB_MAX_PARAMS 16
#define HUGETLB_PARAM_LEN 96

/* The hugetlb words of the command line, in order (hugetlb_param()). */
static struct hugetlb_boot_param {
	char name[20];
	char value[HUGETLB_PARAM_LEN];
} boot_params[HUGETLB_MAX_PARAMS];
static unsigned int nr_boot_params;

int hugetlb_param(const char *value, void *name)
{
	struct hugetlb_boot_param *p = &boot_params[nr_boot_params];

	if (nr_boot_params == HUGETLB_MAX_PARAMS) {
		pr_err("more than %d hugepagesz=/hugepages= parameters: ignoring %s=%s\n",
		       HUGETLB_MAX_PARAMS, (const char *)name, value ? value : "");
		return -EINVAL;
	}
	if (!value || strlen(value) >= sizeof(p->value)) {
		pr_err("%s=%.40s%s: expected a value of at most %zu characters; ignored\n",
		       (const char *)name, value ? value : "", value && strlen(value) > 40 ? "..." : "",
		       sizeof(p->value) - 1);
		return -EINVAL;
	}
	strscpy(p->name, (const char *)name, sizeof(p->name));
	strscpy(p->value, value, sizeof(p->value));
	nr_boot_params++;
	return 0;
}

/* The state of Linux's parsers between one parameter and the next. */
static struct {
	struct hstate *parsed_hstate;
	bool parsed_valid_hugepagesz;
	bool parsed_default_hugepagesz;
	unsigned long *last_mhp;
	unsigned long default_hstate_max_huge_pages;
	unsigned long default_hugepages_in_node[MAX_NUMNODES];
} boot = { .parsed_valid_hugepagesz = true };

/* Returns the order of the size @s names ("2M", "1G", "65536"), or -1. */
static int parse_huge_size(const char *s)
{
	unsigned long size;

	if (parse_ulong(s, PARAM_SUFFIXES, &size))
		return -1;
	return size_to_order(size);
}

/* Linux's hugepagesz_setup(). */
static void hugepagesz_setup(const char *s)
{
	int order = parse_huge_size(s);
	struct hstate *h;

	boot.parsed_valid_hugepagesz = false;
	if (order < 0) {
		pr_err("unsupported hugepagesz=%s\n", s);
		return;
	}
	h = size_to_hstate(PAGE_SIZE << order);
	if (h) {
		/* Allowed once after default_hugepagesz= of the same size, before its count. */
		if (!boot.parsed_default_hugepagesz || h != &default_hstate ||
		    default_hstate.max_huge_pages) {
			pr_warn("hugepagesz=%s specified twice, ignoring\n", s);
			return;
		}
	} else {
		h = hugetlb_add_hstate((unsigned int)order);
		if (!h)
			return;
	}
	boot.parsed_hstate = h;
	boot.parsed_valid_hugepagesz = true;
}

/* Clears the per-node counts of a hugepages= that turned out invalid. */
static void hugepages_clear_pages_in_node(void)
{
	if (!hugetlb_max_hstate) {
		boot.default_hstate_max_huge_pages = 0;
		memset(boot.default_hugepages_in_node, 0, sizeof(boot.default_hugepages_in_node));
	} else if (boot.parsed_hstate) {
		boot.parsed_hstate->max_huge_pages = 0;
		memset(boot.parsed_hstate->max_huge_pages_node, 0,
		       sizeof(boot.parsed_hstate->max_huge_pages_node));
	}
}

/* Parses a decimal count at *@p; Returns 0 and moves *@p past it, or -EINVAL. */
static int parse_count(const char **p, unsigned long *count)
{
	char digits[24];
	size_t n = 0;

	while ((*p)[n] >= '0' && (*p)[n] <= '9' && n < sizeof(digits) - 1) {
		digits[n] = (*p)[n];
		n++;
	}
	if (!n)
		return -EINVAL;
	digits[n] = '\0';
	if (parse_ulong(digits, 0, count))
		return -EINVAL;
	*p += n;
	return 0;
}

/* Linux's hugepages_setup(): "N", or "node:N,node:N,...". */
static void hugepages_setup(const char *s)
{
	const char *p = s, *entry = s;
	unsigned long *mhp, count;

	if (!boot.parsed_valid_hugepagesz) {
		pr_warn("hugepages=%s does not follow a valid hugepagesz, ignoring\n", s);
		boot.parsed_valid_hugepagesz = true;
		return;
	}
	/* Before any hugepagesz=, the count is the default size's. */
	mhp = !hugetlb_max_hstate ? &boot.default_hstate_max_huge_pages
				  : &boot.parsed_hstate->max_huge_pages;
	if (mhp == boot.last_mhp) {
		pr_warn("hugepages= specified twice without interleaving hugepagesz=, ignoring hugepages=%s\n", s);
		return;
	}
	while (*p) {
		unsigned long nid;

		entry = p;
		if (parse_count(&p, &count))
			goto invalid;
		if (*p != ':') {
			/* A plain count must be the whole value. */
			if (entry != s || *p)
				goto invalid;
			*mhp = count;
			break;
		}
		nid = count;
		if (nid >= MAX_NUMNODES || !node_online((int)nid))
			goto invalid;
		p++;
		if (parse_count(&p, &count))
			goto invalid;
		if (!hugetlb_max_hstate)
			boot.default_hugepages_in_node[nid] = count;
		else
			boot.parsed_hstate->max_huge_pages_node[nid] = count;
		*mhp += count;
		if (*p == ',')
			p++;
		else if (*p)
			goto invalid;
	}
	/* Gigantic pages come from memblock: now, before the buddy. */
	if (hugetlb_max_hstate && hstate_is_gigantic(boot.parsed_hstate))
		hstate_alloc_pages(boot.parsed_hstate);
	boot.last_mhp = mhp;
	return;

invalid:
	pr_warn("Invalid hugepages parameter %s\n", entry);
	hugepages_clear_pages_in_node();
}

/* Copies the counts of a hugepages= given before any size to the default hstate. */
static void apply_default_count(void)
{
	int nid;

	default_hstate.max_huge_pages = boot.default_hstate_max_huge_pages;
	for_each_online_node(nid)
		default_hstate.max_huge_pages_node[nid] = boot.default_hugepages_in_node[nid];
}

/* Linux's default_hugepagesz_setup(). */
static void default_hugepagesz_setup(const char *s)
{
	int order;
	struct hstate *h;

	boot.parsed_valid_hugepagesz = false;
	if (boot.parsed_default_hugepagesz) {
		pr_err("default_hugepagesz previously specified, ignoring %s\n", s);
		return;
	}
	order = parse_huge_size(s);
	if (order < 0) {
		pr_err("unsupported default_hugepagesz=%s\n", s);
		return;
	}
	h = hugetlb_add_hstate((unsigned int)order);
	if (!h)
		return;
	boot.parsed_hstate = h;
	boot.parsed_valid_hugepagesz = true;
	boot.parsed_default_hugepagesz = true;
	default_hstate_idx = hstate_index(h);
	if (boot.default_hstate_max_huge_pages) {
		apply_default_count();
		if (hstate_is_gigantic(&default_hstate))
			hstate_alloc_pages(&default_hstate);
		boot.default_hstate_max_huge_pages = 0;
	}
}

void hugetlb_boot_setup(void)
{
	struct hstate *h;
	char size[SIZE_NAME_LEN];

	for (unsigned int i = 0; i < nr_boot_params; i++) {
		const struct hugetlb_boot_param *p = &boot_params[i];

		if (!strcmp(p->name, "hugepagesz"))
			hugepagesz_setup(p->value);
		else if (!strcmp(p->name, "hugepages"))
			hugepages_setup(p->value);
		else
			default_hugepagesz_setup(p->value);
	}
	/* Linux's hugetlb_init(): the 2 MiB size always, the default unless chosen. */
	h = hugetlb_add_hstate(HPAGE_PMD_ORDER);
	if (!boot.parsed_default_hugepagesz && h) {
		default_hstate_idx = hstate_index(h);
		if (boot.default_hstate_max_huge_pages) {
			if (default_hstate.max_huge_pages) {
				pr_warn("Ignoring hugepages=%lu associated with %s page size\n",
					default_hstate.max_huge_pages,
					hstate_size_name(&default_hstate, size));
				pr_warn("Using hugepages=%lu for number of default huge pages\n",
					boot.default_hstate_max_huge_pages);
			}
			apply_default_count();
		}
	}
	/* riscv's gigantic_pages_init() and, with Svnapot, its 64 KiB size. */
	hugetlb_add_hstate(HPAGE_PUD_ORDER);
	if (has_svnapot)
		hugetlb_add_hstate(NAPOT_CONT64KB_ORDER);
}

/*
 * Turns the gigantic pages memblock gave into free pool pages (Linux's
 * gather_bootmem_prealloc()): their memory joins MemTotal, as Linux
 * counts it.
 */
static void gather_bootmem_prealloc(void)
{
	while (!list_empty(&huge_boot_pages)) {
		struct huge_bootmem_page *m =
			list_first_entry(&huge_boot_pages, struct huge_bootmem_page, list);
		struct hstate *h = m->hstate;
		struct page *page = virt_to_page(m);

		list_del(&m->list);
		for (unsigned long i = 0; i < pages_per_huge_page(h); i++)
			clear_page_flag(&page[i], PG_reserved);
		page_zone(page)->managed_pages += pages_per_huge_page(h);
		prep_new_huge_page(h, page);
		spin_lock(&hugetlb_lock);
		account_new_huge_page(h, page, false);
		enqueue_huge_page(h, page);
		spin_unlock(&hugetlb_lock);
	}
}

void hugetlb_init(void)
{
	struct hstate *h;
	char size[SIZE_NAME_LEN];

	gather_bootmem_prealloc();
	for_each_hstate(h) {
		if (!hstate_is_gigantic(h))
			hstate_alloc_pages(h);
		pr_info("registered %s page size, pre-allocated %lu pages\n",
			hstate_size_name(h, size), h->free_huge_pages);
	}
}

/* ------------------------------------------------------------ views --- */

unsigned long hugetlb_total_pages(void)
{
	unsigned long pages = 0;
	struct hstate *h;

	for_each_hstate(h)
		pages += READ_ONCE(h->nr_huge_pages) * pages_per_huge_page(h);
	return pages;
}

/* Checks one node's free list of @h; Returns the problems it logged. */
static int check_free_list(struct hstate *h, int nid)
{
	unsigned long listed = 0;
	struct page *page;
	int problems = 0;

	list_for_each_entry(page, &h->hugepage_freelists[nid], lru) {
		listed++;
		if (!PageHuge(page) || page_hstate(page) != h || page_count(page) ||
		    page_to_nid(page) != nid ||
		    (page_to_pfn(page) & (pages_per_huge_page(h) - 1))) {
			pr_err("check: %s node %d: free page pfn %#lx is not a free %s page of the node\n",
			       h->name, nid, page_to_pfn(page), h->name);
			problems++;
		}
	}
	if (listed != h->free_huge_pages_node[nid]) {
		pr_err("check: %s node %d: %lu pages listed free, %lu counted\n",
		       h->name, nid, listed, h->free_huge_pages_node[nid]);
		problems++;
	}
	return problems;
}

int hugetlb_check(void)
{
	struct hstate *h;
	int problems = 0;

	for_each_hstate(h) {
		unsigned long nr = 0, free = 0, surplus = 0;

		spin_lock(&hugetlb_lock);
		for (int nid = 0; nid < MAX_NUMNODES; nid++) {
			problems += check_free_list(h, nid);
			nr += h->nr_huge_pages_node[nid];
			free += h->free_huge_pages_node[nid];
			surplus += h->surplus_huge_pages_node[nid];
		}
		if (nr != h->nr_huge_pages || free != h->free_huge_pages ||
		    surplus != h->surplus_huge_pages || free > nr ||
		    h->resv_huge_pages > free || surplus > nr) {
			pr_err("check: %s: total %lu/%lu free %lu/%lu surplus %lu/%lu (nodes/pool), reserved %lu\n",
			       h->name, nr, h->nr_huge_pages, free, h->free_huge_pages,
			       surplus, h->surplus_huge_pages, h->resv_huge_pages);
			problems++;
		}
		spin_unlock(&hugetlb_lock);
	}
	return problems;
}
