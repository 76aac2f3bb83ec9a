// SPDX-License-Identifier: MIT
/*
 * DOC: page debugging - bad-free checks, dump_page, free-page poisoning
 *
 * Every free that does not go through the fast path's two-field check is
 * checked here against what the allocator recorded at allocation time
 * (reference count, order, flags), and a mismatch is reported with the
 * page's state and not applied: a bad free must never corrupt the free
 * lists. The fast path (mm/pcp.c) admits only pages whose count is 1 and
 * whose recorded order is the one given, which no bad free of a real
 * struct page can forge: free and tail pages count 0, reserved pages
 * record order 0xff and compound heads carry PAGE_ORDER_SPECIAL. A pointer
 * that is not a struct page at all is caught only in the debug build,
 * where every free comes here.
 *
 * In the debug build (TERN_DEBUG=1) freed pages are filled with
 * PAGE_POISON and checked when handed out again, so a write through a
 * stale pointer is reported with the page and the offset it hit.
 */
#define pr_fmt(fmt) fmt

#include "mm/internal.h"
#include "kernel/printk.h"
#include "lib/printf.h"
#include "lib/string.h"

static const char *const pageflag_names[NR_PAGEFLAGS] = {
	"reserved", "buddy", "head", "tail", "slab", "poisoned", "hugetlb",
};

/* Returns true if @page points into some node's memmap. */
static bool page_in_memmap(const struct page *page)
{
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		const struct pglist_data *pgdat = NODE_DATA(nid);

		if (pgdat && pgdat->node_mem_map && page >= pgdat->node_mem_map &&
		    page < pgdat->node_mem_map + pgdat->node_spanned_pages)
			return true;
	}
	return false;
}

void dump_page(const struct page *page, const char *reason)
{
	char flags[96] = "";
	size_t len = 0;

	if (!page_in_memmap(page)) {
		pr_err("page:%p is not a struct page of any node\n", page);
		pr_err("page dumped because: %s\n", reason);
		return;
	}
	for (int bit = 0; bit < NR_PAGEFLAGS; bit++) {
		if (!page_flag(page, bit))
			continue;
		len += scnprintf(flags + len, sizeof(flags) - len, "%s%s",
				 len ? "|" : "", pageflag_names[bit]);
	}
	pr_err("page:%p refcount:%d order:%u pfn:%#lx node:%d zone:%s\n", page,
	       page_count(page), page_order(page), page_to_pfn(page), page_to_nid(page),
	       zone_names[page_zonenum(page)]);
	pr_err("flags: %#lx(%s)\n", page->flags & ((1UL << NR_PAGEFLAGS) - 1), flags);
	pr_err("page dumped because: %s\n", reason);
}

/* Reports a refused free of @page; Returns false for the caller to return. */
static bool bad_free(const struct page *page, unsigned int order, const char *why)
{
	pr_err("BUG: Bad page free of order %u: %s; not freed\n", order, why);
	dump_page(page, why);
	return false;
}

bool free_pages_prepare(struct page *page, unsigned int order)
{
	unsigned long pfn;

	if (!page_in_memmap(page))
		return bad_free(page, order, "not a page of any zone");
	if (order >= MAX_ORDER)
		return bad_free(page, order, "order out of range");
	if (PageReserved(page))
		return bad_free(page, order, "page is reserved");
	if (PageSlab(page))
		return bad_free(page, order, "page belongs to the slab allocator");
	if (PageTail(page))
		return bad_free(page, order, "page is the tail of a compound page");
	if (PageHuge(page))
		return bad_free(page, order, "page belongs to a hugetlb pool (free_hugetlb_page())");
	if (PageBuddy(page) || page_count(page) == 0)
		return bad_free(page, order, "page is already free (double free?)");
	pfn = page_to_pfn(page);
	if (pfn & ((1UL << order) - 1))
		return bad_free(page, order, "pfn not aligned to the order");
	if (page_order(page) != order)
		return bad_free(page, order, page_order(page) > order ?
				"freed with a smaller order than allocated" :
				"freed with a larger order than allocated");
	if (page_zone(page)->managed_pages == 0 ||
	    pfn < page_zone(page)->zone_start_pfn || pfn >= zone_end_pfn(page_zone(page)))
		return bad_free(page, order, "pfn outside its zone");

	page->_refcount = 0;
	page->order = order;
	if (PageHead(page)) {
		clear_page_flag(page, PG_head);
		for (unsigned long i = 1; i < 1UL << order; i++) {
			clear_page_flag(&page[i], PG_tail);
			page[i].compound_head = 0;
		}
	}
#if TERN_DEBUG
	memset(page_address(page), PAGE_POISON, PAGE_SIZE << order);
	for (unsigned long i = 0; i < 1UL << order; i++)
		set_page_flag(&page[i], PG_poisoned);
#endif
	return true;
}

#if TERN_DEBUG
void check_poison(struct page *page, unsigned int order)
{
	const unsigned long pattern = PAGE_POISON * 0x0101010101010101UL;

	for (unsigned long i = 0; i < 1UL << order; i++) {
		const unsigned long *words = page_address(&page[i]);
		const u8 *bytes = (const u8 *)words;

		if (!page_flag(&page[i], PG_poisoned))
			continue;
		clear_page_flag(&page[i], PG_poisoned);
		/* A word at a time: exhaustion tests check gigabytes of it. */
		for (size_t word = 0; word < PAGE_SIZE / sizeof(long); word++) {
			size_t off = word * sizeof(long);

			if (words[word] == pattern)
				continue;
			while (bytes[off] == PAGE_POISON)
				off++;
			pr_err("BUG: page modified while free: byte %#zx is %#x, not %#x\n",
			       off, bytes[off], PAGE_POISON);
			dump_page(&page[i], "use after free");
			break;
		}
	}
}
#endif
