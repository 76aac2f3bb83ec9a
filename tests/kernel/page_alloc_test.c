// SPDX-License-Identifier: MIT
/*
 * DOC: page_alloc suite - the API of mm/gfp.h and mm/page.h, as Linux's
 *
 * Cases run on the hart that runs ktest (the DMA32 one also asks a hart
 * of every node) and count pages exactly:
 * the free pages with all caches drained must be the same before and
 * after, or differ by exactly what the case still holds. That catches a
 * leak (alloc_pages_exact not giving back its tail, a last put_page that
 * frees nothing) as surely as a free applied twice.
 *
 * The bad-free cases hand the allocator frees that match no allocation.
 * The contract (mm/gfp.h) is that each is reported with dump_page() and
 * not applied; a case checks both, through the log and the exact count.
 * If one is applied anyway, later allocations may hand out the same page
 * twice or corrupt the free lists: such a failure is loud on purpose.
 */
#include "tests/kernel/page_test.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/debug_pagealloc.h"
#include <asm/csr.h>
#include <asm/page.h>
#include <asm/probe.h>

extern char _start[], _end[];

/* Allocates one block of every order at once: aligned, disjoint, usable. */
static void every_order_aligned_and_disjoint(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	struct page *held[MAX_ORDER];

	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);
		unsigned long pfn;
		struct zone *zone;

		held[order] = page;
		if (!page) {
			ktest_fail(t, __FILE__, __LINE__, "order %u: no page", order);
			continue;
		}
		pfn = page_to_pfn(page);
		KTEST_EXPECT_EQ(t, pfn & ((1UL << order) - 1), 0);
		KTEST_EXPECT_EQ(t, page_count(page), 1);
		KTEST_EXPECT(t, !PageBuddy(page) && !PageReserved(page));
		zone = page_zone(page);
		KTEST_EXPECT(t, pfn >= zone->zone_start_pfn &&
				pfn + (1UL << order) <= zone_end_pfn(zone));
		/* The memory is really there, all of it. */
		memset(page_address(page), 0x5a, PAGE_SIZE << order);
		KTEST_EXPECT(t, bytes_all(page_address(page), PAGE_SIZE << order, 0x5a));
	}
	for (unsigned int a = 0; a < MAX_ORDER; a++)
		for (unsigned int b = a + 1; b < MAX_ORDER; b++)
			if (held[a] && held[b])
				KTEST_EXPECT(t, !blocks_overlap(held[a], a, held[b], b));
	for (unsigned int order = 0; order < MAX_ORDER; order++)
		if (held[order])
			__free_pages(held[order], order);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/* Linux refuses order >= MAX_ORDER with NULL; nothing may change. */
static void order_past_max_fails(struct ktest *t)
{
	unsigned long before = exact_free_pages();

	KTEST_EXPECT(t, !alloc_pages(GFP_TEST, MAX_ORDER));
	KTEST_EXPECT(t, !__get_free_pages(GFP_TEST, MAX_ORDER));
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/* pfn, struct page and linear address convert into each other. */
static void address_conversions_round_trip(struct ktest *t)
{
	const unsigned int order = 4;
	struct page *page = alloc_pages(GFP_KERNEL, order);
	unsigned long pfn;
	char *base;

	if (!page) {
		ktest_fail(t, __FILE__, __LINE__, "no order-%u page", order);
		return;
	}
	pfn = page_to_pfn(page);
	base = page_address(page);
	KTEST_EXPECT(t, pfn_valid(pfn));
	KTEST_EXPECT(t, pfn_to_page(pfn) == page);
	KTEST_EXPECT_EQ(t, page_to_phys(page), (phys_addr_t)pfn << PAGE_SHIFT);
	KTEST_EXPECT_EQ(t, virt_to_phys(base), page_to_phys(page));
	for (unsigned long i = 0; i < (1UL << order); i++) {
		char *addr = base + i * PAGE_SIZE;

		KTEST_EXPECT(t, page_address(page + i) == addr);
		KTEST_EXPECT(t, virt_to_page(addr) == page + i);
		/* Any byte of the page names the page. */
		KTEST_EXPECT(t, virt_to_page(addr + PAGE_SIZE - 1) == page + i);
		KTEST_EXPECT(t, virt_addr_valid(addr));
		KTEST_EXPECT_EQ(t, page_to_pfn(page + i), pfn + i);
		KTEST_EXPECT(t, pfn_to_page(pfn + i) == page + i);
		KTEST_EXPECT_EQ(t, page_to_nid(page + i), page_to_nid(page));
	}
	__free_pages(page, order);
}

/*
 * Every section of every zone: the memmap knows its pfn, node and zone.
 * pfn_to_page() is a table lookup, so a wrong bias for one node's
 * sections shows up here even if the allocator never touched them yet.
 */
static void memmap_covers_every_zone(struct ktest *t)
{
	unsigned long step = 1UL << section_shift;
	struct zone *zone;

	for_each_populated_zone(zone) {
		unsigned long start = zone->zone_start_pfn, end = zone_end_pfn(zone);
		unsigned long checked = 0;

		KTEST_EXPECT(t, zone->managed_pages <= zone->present_pages);
		KTEST_EXPECT(t, zone->present_pages <= zone->spanned_pages);
		if (zone->idx == ZONE_DMA32)
			KTEST_EXPECT(t, end <= DMA32_LIMIT_PFN);
		else
			KTEST_EXPECT(t, start >= DMA32_LIMIT_PFN);
		for (unsigned long pfn = start; pfn < end; pfn = ALIGN_DOWN(pfn + step, step)) {
			struct page *page;

			if (!pfn_valid(pfn))
				continue;
			page = pfn_to_page(pfn);
			KTEST_EXPECT_EQ(t, page_to_pfn(page), pfn);
			KTEST_EXPECT_EQ(t, page_to_nid(page), zone->node);
			KTEST_EXPECT_EQ(t, page_zonenum(page), zone->idx);
			checked++;
		}
		KTEST_EXPECT(t, pfn_valid(end - 1));
		if (pfn_valid(end - 1))
			KTEST_EXPECT(t, page_zone(pfn_to_page(end - 1)) == zone);
		KTEST_EXPECT(t, checked > 0);
	}
	KTEST_EXPECT(t, !pfn_valid(nr_sections << section_shift));
}

/* __get_free_pages/free_pages: linear addresses, aligned, freed exactly. */
static void get_free_pages_and_free_pages(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	unsigned long addr, one;

	addr = __get_free_pages(GFP_KERNEL, 2);
	KTEST_EXPECT(t, addr);
	if (addr) {
		struct page *page = virt_to_page((void *)addr);

		KTEST_EXPECT(t, virt_addr_valid((void *)addr));
		KTEST_EXPECT_EQ(t, addr & (PAGE_SIZE - 1), 0);
		KTEST_EXPECT_EQ(t, page_to_pfn(page) & 3, 0);
		KTEST_EXPECT(t, page_address(page) == (void *)addr);
		KTEST_EXPECT_EQ(t, page_count(page), 1);
		memset((void *)addr, 0x3c, 4 * PAGE_SIZE);
		KTEST_EXPECT_EQ(t, before - exact_free_pages(), 4);
	}
	one = __get_free_page(GFP_KERNEL);
	KTEST_EXPECT(t, one && one != addr);
	free_pages(addr, 2);
	free_page(one);
	free_pages(0, 3);	/* a no-op, as in Linux */
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

#define DIRTY_PAGES 8

/*
 * Dirties an order-@order block, frees it, and checks that a __GFP_ZERO
 * block of the same order is all zeros (normally the same block again).
 */
static void check_zeroed_block(struct ktest *t, unsigned int order)
{
	struct page *block = alloc_pages(GFP_KERNEL, order);

	if (!block) {
		ktest_fail(t, __FILE__, __LINE__, "no order-%u block", order);
		return;
	}
	memset(page_address(block), 0xa5, PAGE_SIZE << order);
	__free_pages(block, order);
	block = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
	KTEST_EXPECT(t, block);
	if (!block)
		return;
	KTEST_EXPECT(t, bytes_all(page_address(block), PAGE_SIZE << order, 0));
	__free_pages(block, order);
}

/*
 * get_zeroed_page() and __GFP_ZERO return zeros even when the pages come
 * straight back from a free of dirty pages (the caches are LIFO, so the
 * last pages freed are normally the first handed out again).
 */
static void zeroed_pages_are_zero(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	unsigned long dirty[DIRTY_PAGES], zeroed[DIRTY_PAGES];
	unsigned int reused = 0;

	for (int i = 0; i < DIRTY_PAGES; i++) {
		dirty[i] = __get_free_page(GFP_KERNEL);
		if (dirty[i])
			memset((void *)dirty[i], 0xa5, PAGE_SIZE);
	}
	for (int i = 0; i < DIRTY_PAGES; i++)
		free_page(dirty[i]);
	for (int i = 0; i < DIRTY_PAGES; i++) {
		zeroed[i] = get_zeroed_page(GFP_KERNEL);
		KTEST_EXPECT(t, zeroed[i]);
		if (!zeroed[i])
			continue;
		KTEST_EXPECT(t, bytes_all((void *)zeroed[i], PAGE_SIZE, 0));
		for (int j = 0; j < DIRTY_PAGES; j++)
			reused += zeroed[i] == dirty[j];
	}
	for (int i = 0; i < DIRTY_PAGES; i++)
		free_page(zeroed[i]);
	printk("  # %s: %u of %u zeroed pages were dirty ones\n", t->name,
	       reused, DIRTY_PAGES);

	/* The same through alloc_pages(), for a block from the caches... */
	check_zeroed_block(t, 3);
	/* ...and one from the buddy itself (orders above the caches'). */
	check_zeroed_block(t, 6);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/* split_page(): each page its own allocation, freed one by one. */
static void split_page_frees_page_by_page(struct ktest *t)
{
	static const int free_order[8] = { 7, 0, 6, 1, 5, 2, 4, 3 };
	unsigned long before = exact_free_pages();
	struct page *page = alloc_pages(GFP_KERNEL, 3);

	if (!page) {
		ktest_fail(t, __FILE__, __LINE__, "no order-3 page");
		return;
	}
	split_page(page, 3);
	for (int i = 0; i < 8; i++)
		KTEST_EXPECT_EQ(t, page_count(page + i), 1);
	for (int i = 0; i < 7; i++)
		__free_page(page + free_order[i]);
	/* One page still held: exactly one missing, the rest merged back. */
	KTEST_EXPECT_EQ(t, before - exact_free_pages(), 1);
	KTEST_EXPECT_EQ(t, page_count(page + 3), 1);
	put_page(page + 3);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/* alloc_pages_exact(@pages pages + @extra bytes): the rounded-up count. */
static void check_exact_size(struct ktest *t, unsigned long pages,
			     unsigned long extra, gfp_t gfp)
{
	unsigned long size = pages * PAGE_SIZE + extra;
	unsigned long used = DIV_ROUND_UP(size, PAGE_SIZE);
	unsigned long before = exact_free_pages();
	unsigned int order = 0;
	struct page *first;
	char *virt;

	while ((1UL << order) < used)
		order++;
	virt = alloc_pages_exact(size, gfp);
	if (!virt) {
		ktest_fail(t, __FILE__, __LINE__, "alloc_pages_exact(%lu) failed", size);
		return;
	}
	KTEST_EXPECT_EQ(t, (unsigned long)virt & (PAGE_SIZE - 1), 0);
	/* The tail past the rounded size went back at once. */
	KTEST_EXPECT_EQ(t, before - exact_free_pages(), used);
	first = virt_to_page(virt);
	for (unsigned long i = 0; i < used; i++)
		KTEST_EXPECT_EQ(t, page_count(first + i), 1);
	/* The block was aligned to its order; its tail is free again. */
	KTEST_EXPECT_EQ(t, page_to_pfn(first) & ((1UL << order) - 1), 0);
	for (unsigned long i = used; i < (1UL << order); i++)
		KTEST_EXPECT_EQ(t, page_count(first + i), 0);
	if (gfp & __GFP_ZERO)
		KTEST_EXPECT(t, bytes_all(virt, size, 0));
	memset(virt, 0x11, size);
	free_pages_exact(virt, size);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

static void alloc_pages_exact_gives_back_tail(struct ktest *t)
{
	check_exact_size(t, 5, 100, GFP_KERNEL);	/* 6 of 8 pages */
	check_exact_size(t, 3, 0, GFP_KERNEL);		/* 3 of 4 */
	check_exact_size(t, 8, 0, GFP_KERNEL);		/* all 8 */
	check_exact_size(t, 0, 1, GFP_KERNEL);		/* 1 of 1 */
	check_exact_size(t, 33, 0, GFP_KERNEL | __GFP_ZERO);	/* 33 of 64 */
}

/* get_page/put_page count references; the last drop frees. */
static void last_reference_frees(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	struct page *page = alloc_page(GFP_KERNEL);

	if (!page) {
		ktest_fail(t, __FILE__, __LINE__, "no page");
		return;
	}
	get_page(page);
	KTEST_EXPECT_EQ(t, page_count(page), 2);
	put_page(page);
	KTEST_EXPECT_EQ(t, page_count(page), 1);
	KTEST_EXPECT_EQ(t, before - exact_free_pages(), 1);
	put_page(page);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);

	/* __free_pages() drops one reference too: not the last one here. */
	page = alloc_pages(GFP_KERNEL, 2);
	if (!page) {
		ktest_fail(t, __FILE__, __LINE__, "no order-2 page");
		return;
	}
	get_page(page);
	__free_pages(page, 2);
	KTEST_EXPECT_EQ(t, page_count(page), 1);
	KTEST_EXPECT_EQ(t, before - exact_free_pages(), 4);
	/* The last put frees the whole allocation, all four pages. */
	put_page(page);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/* __GFP_COMP: head and tails; references and frees go through the head. */
static void compound_pages_share_head(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	const unsigned int order = 3;
	struct page *head = alloc_pages(GFP_KERNEL | __GFP_COMP, order);

	if (!head) {
		ktest_fail(t, __FILE__, __LINE__, "no compound page");
		return;
	}
	KTEST_EXPECT(t, PageHead(head) && !PageTail(head));
	KTEST_EXPECT(t, compound_head(head) == head);
	for (int i = 1; i < (1 << order); i++) {
		KTEST_EXPECT(t, PageTail(head + i) && !PageHead(head + i));
		KTEST_EXPECT(t, compound_head(head + i) == head);
	}
	get_page(head + 5);
	KTEST_EXPECT_EQ(t, page_count(head), 2);
	put_page(head + 5);
	KTEST_EXPECT_EQ(t, page_count(head), 1);
	KTEST_EXPECT_EQ(t, before - exact_free_pages(), 1U << order);
	/* put_page() on a tail drops the head's last reference: all of it. */
	put_page(head + 7);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
	/* Free pages carry no compound marks into their next life. */
	KTEST_EXPECT(t, !PageHead(head));
	for (int i = 1; i < (1 << order); i++)
		KTEST_EXPECT(t, !PageTail(head + i));

	/* A compound block also goes back through __free_pages(head). */
	head = alloc_pages(GFP_KERNEL | __GFP_COMP, 1);
	KTEST_EXPECT(t, head && PageHead(head) && PageTail(head + 1));
	if (head)
		__free_pages(head, 1);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

struct dma32_result {
	struct page *pages[3];
};

/* Takes a DMA32 page of order 0, 4 and 10 on the hart this runs on. */
static void take_dma32_pages(void *info)
{
	struct dma32_result *r = info;
	static const unsigned int orders[3] = { 0, 4, 10 };

	for (int i = 0; i < 3; i++)
		r->pages[i] = alloc_pages(GFP_KERNEL | GFP_DMA32, orders[i]);
}

/*
 * GFP_DMA32 memory ends below 4 GiB, asked for from a hart of every node
 * (on 2node-unequal node 1 has almost nothing there and must fall back).
 * With __GFP_THISNODE a node without DMA32 memory has nothing to give.
 */
static void dma32_pages_below_4g(struct ktest *t)
{
	static const unsigned int orders[3] = { 0, 4, 10 };
	unsigned long before = exact_free_pages();
	int nid;

	for_each_node_state(nid, N_CPU) {
		struct dma32_result r = { 0 };

		smp_call_function_single(first_cpu_of_node(nid), take_dma32_pages,
					 &r, true);
		for (int i = 0; i < 3; i++) {
			struct page *page = r.pages[i];

			KTEST_EXPECT(t, page);
			if (!page)
				continue;
			KTEST_EXPECT(t, page_to_pfn(page) + (1UL << orders[i]) <=
					DMA32_LIMIT_PFN);
			KTEST_EXPECT_EQ(t, page_zonenum(page), ZONE_DMA32);
			__free_pages(page, orders[i]);
		}
	}
	for_each_online_node(nid) {
		bool has_dma32 = NODE_DATA(nid) && node_state(nid, N_MEMORY) &&
			managed_zone(&NODE_DATA(nid)->node_zones[ZONE_DMA32]);
		struct page *page = alloc_pages_node(nid, GFP_TEST | GFP_DMA32 |
						     __GFP_THISNODE, 0);

		KTEST_EXPECT_EQ(t, page != NULL, has_dma32);
		if (!page)
			continue;
		KTEST_EXPECT_EQ(t, page_to_nid(page), nid);
		KTEST_EXPECT(t, page_to_pfn(page) < DMA32_LIMIT_PFN);
		__free_page(page);
	}
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/* __GFP_THISNODE: on the node asked for, or nothing (no memory there). */
static void thisnode_stays_on_node(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	int nid;

	for_each_online_node(nid) {
		for (unsigned int order = 0; order <= 9; order += 3) {
			struct page *page = alloc_pages_node(nid, GFP_TEST | __GFP_THISNODE,
							     order);

			if (!node_state(nid, N_MEMORY)) {
				KTEST_EXPECT(t, !page);
				if (page)
					__free_pages(page, order);
				continue;
			}
			KTEST_EXPECT(t, page);
			if (!page)
				continue;
			KTEST_EXPECT_EQ(t, page_to_nid(page), nid);
			__free_pages(page, order);
		}
	}
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/* nr_free_pages() is the zones' free pages, summed. */
static void free_count_is_sum_of_zones(struct ktest *t)
{
	unsigned long sum = 0, managed = 0;
	struct zone *zone;

	drain_all_pages();
	for_each_populated_zone(zone) {
		sum += zone_free_pages(zone);
		managed += zone->managed_pages;
		KTEST_EXPECT_EQ(t, zone_pcp_pages(zone), 0);
	}
	KTEST_EXPECT_EQ(t, nr_free_pages(), sum);
	KTEST_EXPECT(t, sum <= managed);
	KTEST_EXPECT_EQ(t, totalram_pages(), managed);
}

/* ---------------------------------------------------------- bad frees --- */

/*
 * The bad-free report names the page the way dump_page() prints it; this
 * is the text every report must contain for @pfn.
 */
static bool report_names_pfn(const char *mark, unsigned long pfn)
{
	char needle[32];

	scnprintf(needle, sizeof(needle), "pfn:%#lx", pfn);
	return log_has_since(mark, needle);
}

/*
 * Checks what every bad free must do: a report after @mark naming @pfn,
 * and the same free count as @before (drained, so exact).
 */
static void expect_rejected(struct ktest *t, const char *mark,
			    unsigned long pfn, unsigned long before)
{
	if (!report_names_pfn(mark, pfn))
		ktest_fail(t, __FILE__, __LINE__,
			   "no report naming pfn %#lx after '%s'", pfn, mark);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/* A page freed twice: while in the hart's cache, and once in the buddy. */
static void double_free_rejected(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	struct page *page = alloc_page(GFP_KERNEL), *block;
	const char *mark;
	unsigned long pfn;

	if (!page) {
		ktest_fail(t, __FILE__, __LINE__, "no page");
		return;
	}
	pfn = page_to_pfn(page);
	__free_page(page);		/* now in this hart's cache */
	mark = log_mark(t, "freeing pfn %#lx again (cached)", pfn);
	__free_page(page);
	expect_rejected(t, mark, pfn, before);
	/* exact_free_pages() drained it: now it is in the buddy. */
	mark = log_mark(t, "freeing pfn %#lx again (in the buddy)", pfn);
	__free_page(page);
	expect_rejected(t, mark, pfn, before);

	/* An order-5 block bypasses the caches: straight back to the buddy. */
	block = alloc_pages(GFP_KERNEL, 5);
	if (!block) {
		ktest_fail(t, __FILE__, __LINE__, "no order-5 block");
		return;
	}
	pfn = page_to_pfn(block);
	__free_pages(block, 5);
	mark = log_mark(t, "freeing order-5 pfn %#lx again", pfn);
	__free_pages(block, 5);
	expect_rejected(t, mark, pfn, before);
}

/* A free that starts inside an allocation instead of at its first page. */
static void misaligned_free_rejected(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	struct page *page = alloc_pages(GFP_KERNEL, 2);
	const char *mark;

	if (!page) {
		ktest_fail(t, __FILE__, __LINE__, "no order-2 page");
		return;
	}
	before -= 4;
	mark = log_mark(t, "freeing order 2 at pfn %#lx", page_to_pfn(page + 1));
	__free_pages(page + 1, 2);
	expect_rejected(t, mark, page_to_pfn(page + 1), before);
	mark = log_mark(t, "freeing order 0 at pfn %#lx", page_to_pfn(page + 2));
	__free_pages(page + 2, 0);
	expect_rejected(t, mark, page_to_pfn(page + 2), before);
	/* The allocation itself is intact and frees normally. */
	KTEST_EXPECT_EQ(t, page_count(page), 1);
	__free_pages(page, 2);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before + 4);

	/* Inside a compound page: an aligned tail is still not a head. */
	page = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);
	if (!page) {
		ktest_fail(t, __FILE__, __LINE__, "no compound page");
		return;
	}
	mark = log_mark(t, "freeing compound tail pfn %#lx as order 2",
			page_to_pfn(page + 4));
	__free_pages(page + 4, 2);
	expect_rejected(t, mark, page_to_pfn(page + 4), before - 4);
	KTEST_EXPECT(t, PageTail(page + 4) && compound_head(page + 4) == page);
	KTEST_EXPECT_EQ(t, page_count(page), 1);
	__free_pages(page, 3);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before + 4);
}

/* A free whose order is not the one allocated: larger or smaller. */
static void wrong_order_free_rejected(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	struct page *page = alloc_pages(GFP_KERNEL, 2);
	const char *mark;
	unsigned long pfn;

	if (!page) {
		ktest_fail(t, __FILE__, __LINE__, "no order-2 page");
		return;
	}
	before -= 4;
	pfn = page_to_pfn(page);
	mark = log_mark(t, "freeing order-2 pfn %#lx as order 3", pfn);
	__free_pages(page, 3);
	expect_rejected(t, mark, pfn, before);
	mark = log_mark(t, "freeing order-2 pfn %#lx as order 1", pfn);
	__free_pages(page, 1);
	expect_rejected(t, mark, pfn, before);
	mark = log_mark(t, "freeing order-2 pfn %#lx as order 0", pfn);
	free_page((unsigned long)page_address(page));
	expect_rejected(t, mark, pfn, before);
	KTEST_EXPECT_EQ(t, page_count(page), 1);
	__free_pages(page, 2);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before + 4);
}

/*
 * Pages the buddy never had: the kernel image (by its linear-map alias,
 * as a confused caller would have it) and every other PG_reserved page.
 */
static void reserved_page_free_rejected(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	void *alias = phys_to_virt(virt_to_phys(_start));
	struct page *page = virt_to_page(alias);
	unsigned long pfn = page_to_pfn(page);
	const char *mark;
	int count;

	KTEST_EXPECT(t, PageReserved(page));
	/* virt_to_page() takes linear-map addresses only, as Linux's. */
	KTEST_EXPECT(t, pfn_to_page(virt_to_phys(_start) >> PAGE_SHIFT) == page);
	count = page_count(page);
	mark = log_mark(t, "freeing the kernel image's pfn %#lx", pfn);
	__free_page(page);
	expect_rejected(t, mark, pfn, before);
	KTEST_EXPECT(t, PageReserved(page) && !PageBuddy(page));
	KTEST_EXPECT_EQ(t, page_count(page), count);

	/* The last page of the image, through free_pages() this time. */
	alias = phys_to_virt(virt_to_phys(_end) - 1);
	page = virt_to_page(alias);
	pfn = page_to_pfn(page);
	KTEST_EXPECT(t, PageReserved(page));
	mark = log_mark(t, "free_pages() of the image's pfn %#lx", pfn);
	free_pages((unsigned long)alias & PAGE_MASK, 0);
	expect_rejected(t, mark, pfn, before);
	KTEST_EXPECT(t, PageReserved(page) && !PageBuddy(page));
}

/*
 * A free that was applied to @stray, a struct page outside the memmap,
 * put it on top of this hart's cache of the zone its flags name. Takes
 * it back out of that cache (the full path refills from it first) before
 * a drain merges it into a free list or someone is handed it; Returns
 * true if that worked.
 */
static bool take_back_stray(struct page *stray)
{
	gfp_t gfp = GFP_TEST | __GFP_THISNODE |
		    (page_zonenum(stray) == ZONE_DMA32 ? GFP_DMA32 : 0);
	struct page *taken[64];
	unsigned int n = 0;
	bool found = false;

	while (n < ARRAY_SIZE(taken) && !found) {
		taken[n] = alloc_pages_node(page_to_nid(stray), gfp, 0);
		if (!taken[n])
			break;
		found = taken[n++] == stray;
	}
	while (n--)
		if (taken[n] != stray)
			__free_page(taken[n]);
	return found;
}

/*
 * Addresses with no struct page at all: below the first memory (pfn 1,
 * where OpenSBI-era boards have none), past the last section, and a
 * struct page that is not in the memmap. Nothing may be touched.
 */
static void free_outside_memory_rejected(struct ktest *t)
{
	static struct page stray;	/* looks like a page, is not one */
	unsigned long before = exact_free_pages();
	unsigned long far_pfn = ALIGN_UP(memory_end_pfn(), 1UL << section_shift) +
				(1UL << section_shift);
	const char *mark;

	if (pfn_valid(1)) {
		ktest_skip(t, "memory at physical address 0x1000");
		return;
	}
	KTEST_EXPECT(t, !pfn_valid(far_pfn));
	mark = log_mark(t, "free_pages() at physical 0x1000");
	free_pages((unsigned long)phys_to_virt(0x1000), 0);
	KTEST_EXPECT(t, log_has_since(mark, "Bad page free"));
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);

	mark = log_mark(t, "free_pages() past the end of memory, pfn %#lx", far_pfn);
	free_pages((unsigned long)phys_to_virt((phys_addr_t)far_pfn << PAGE_SHIFT), 2);
	KTEST_EXPECT(t, log_has_since(mark, "Bad page free"));
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);

	/*
	 * The shape of an order-0 page with one reference, but not one. Only
	 * the debug build checks every free against the memmap bounds; the
	 * fast path trusts a struct page pointer, as Linux's does (mm/gfp.h).
	 */
	if (!TERN_DEBUG)
		return;
	stray._refcount = 1;
	mark = log_mark(t, "__free_pages() of a struct page outside the memmap");
	__free_pages(&stray, 0);
	if (stray._refcount != 1) {
		ktest_fail(t, __FILE__, __LINE__, "a struct page outside the memmap was freed%s",
			   take_back_stray(&stray) ? " (taken back from the cache)" :
			   "; it is in a cache, expect trouble");
		return;
	}
	KTEST_EXPECT(t, log_has_since(mark, "Bad page free"));
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/*
 * DEBUG=1 poisons free pages and checks the poison when it hands a page
 * out again: a write after free is reported at the next allocation.
 */
static void write_after_free_caught(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	struct page *page, *again[64];
	unsigned int taken = 0;
	unsigned long pfn;
	const char *mark;
	bool found = false;
	u8 *addr;

	if (!TERN_DEBUG) {
		ktest_skip(t, "free-page poisoning is a DEBUG=1 feature");
		return;
	}
	page = alloc_page(GFP_KERNEL);
	if (!page) {
		ktest_fail(t, __FILE__, __LINE__, "no page");
		return;
	}
	pfn = page_to_pfn(page);
	addr = page_address(page);
	__free_page(page);
	mark = log_mark(t, "writing to freed pfn %#lx", pfn);
	/*
	 * The use after free. Under debug_pagealloc the page is not even
	 * mapped: the store itself faults (and is reported), poisoning is
	 * never reached.
	 */
	if (debug_pagealloc_on) {
		KTEST_EXPECT_EQ(t, probe_kernel_write(addr + 96, 0x42), EXC_STORE_PAGE_FAULT);
		KTEST_EXPECT_EQ(t, exact_free_pages(), before);
		return;
	}
	addr[100] = 0x42;
	/* The cache is LIFO: the page comes back at once, or soon. */
	while (taken < ARRAY_SIZE(again) && !found) {
		again[taken] = alloc_page(GFP_KERNEL);
		if (!again[taken])
			break;
		found = again[taken++] == page;
	}
	KTEST_EXPECT(t, found);
	if (found && !report_names_pfn(mark, pfn))
		ktest_fail(t, __FILE__, __LINE__,
			   "no report naming pfn %#lx after '%s'", pfn, mark);
	/* Handed out, it is usable like any page. */
	if (found)
		KTEST_EXPECT_EQ(t, page_count(page), 1);
	while (taken)
		__free_page(again[--taken]);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

static const struct ktest_case page_alloc_cases[] = {
	KTEST_CASE(every_order_aligned_and_disjoint),
	KTEST_CASE(order_past_max_fails),
	KTEST_CASE(address_conversions_round_trip),
	KTEST_CASE(memmap_covers_every_zone),
	KTEST_CASE(get_free_pages_and_free_pages),
	KTEST_CASE(zeroed_pages_are_zero),
	KTEST_CASE(split_page_frees_page_by_page),
	KTEST_CASE(alloc_pages_exact_gives_back_tail),
	KTEST_CASE(last_reference_frees),
	KTEST_CASE(compound_pages_share_head),
	KTEST_CASE(dma32_pages_below_4g),
	KTEST_CASE(thisnode_stays_on_node),
	KTEST_CASE(free_count_is_sum_of_zones),
	KTEST_CASE(double_free_rejected),
	KTEST_CASE(misaligned_free_rejected),
	KTEST_CASE(wrong_order_free_rejected),
	KTEST_CASE(reserved_page_free_rejected),
	KTEST_CASE(free_outside_memory_rejected),
	KTEST_CASE(write_after_free_caught),
};
KTEST_SUITE(page_alloc_ktest_suite, "page_alloc", page_alloc_cases);
