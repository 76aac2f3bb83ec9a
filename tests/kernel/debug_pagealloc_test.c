// SPDX-License-Identifier: MIT
/*
 * DOC: ktest suite "debug_pagealloc" - free pages are not mapped
 *
 * Runs on a debug kernel booted with debug_pagealloc=on (the matrix's
 * debug-pagealloc boot); skipped otherwise. Each case frees pages and
 * touches them through the linear map with probe_kernel_read/write(),
 * which survive the fault: the access must fault, the report must name
 * the page and its freer, and the page must be usable once allocated
 * again.
 */
#include <asm/probe.h>
#include <asm/csr.h>
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/debug_pagealloc.h"
#include "mm/gfp.h"
#include "mm/page.h"

static char log_copy[LOG_BUF_SIZE];

/* Returns true if the log's newest @tail bytes contain @needle. */
static bool log_tail_contains(const char *needle, size_t tail)
{
	size_t len = log_buf_read(log_copy, sizeof(log_copy) - 1);
	const char *from = log_copy + (len > tail ? len - tail : 0);

	log_copy[len] = '\0';
	return strstr(from, needle) != NULL;
}

static bool skip_unless_on(struct ktest *t)
{
	if (!debug_pagealloc_on)
		ktest_skip(t, "boot with debug_pagealloc=on on the debug kernel");
	return !debug_pagealloc_on;
}

/* Called, and freed, by name: the report must name this function. */
static __attribute__((noinline)) void freed_page_faults(struct ktest *t)
{
	struct page *page;
	unsigned long value, *addr;
	char want[64];

	if (skip_unless_on(t))
		return;
	page = alloc_page(GFP_KERNEL);
	KTEST_EXPECT(t, page);
	if (!page)
		return;
	addr = page_address(page);
	KTEST_EXPECT(t, kernel_page_present(page));
	KTEST_EXPECT_EQ(t, probe_kernel_write(addr, 0x1234), 0);
	__free_page(page);
	KTEST_EXPECT(t, !kernel_page_present(page));
	KTEST_EXPECT_EQ(t, probe_kernel_read(addr + 3, &value), EXC_LOAD_PAGE_FAULT);
	KTEST_EXPECT_EQ(t, probe_kernel_write(addr, 1), EXC_STORE_PAGE_FAULT);
	scnprintf(want, sizeof(want), "access to free page at %#lx: pfn %#lx",
		  (unsigned long)(addr + 3), page_to_pfn(page));
	KTEST_EXPECT(t, log_tail_contains(want, 4096));
	KTEST_EXPECT(t, log_tail_contains("page last freed by freed_page_faults+0x", 4096));
}

/* A block of order 3, freed and allocated again, maps every page again. */
static void reallocated_pages_mapped(struct ktest *t)
{
	struct page *page, *again;
	unsigned long value;

	if (skip_unless_on(t))
		return;
	page = alloc_pages(GFP_KERNEL, 3);
	KTEST_EXPECT(t, page);
	if (!page)
		return;
	__free_pages(page, 3);
	for (int i = 0; i < 8; i++)
		KTEST_EXPECT(t, !kernel_page_present(page + i));
	again = alloc_pages(GFP_KERNEL | __GFP_ZERO, 3);
	KTEST_EXPECT(t, again);
	if (!again)
		return;
	for (int i = 0; i < 8; i++) {
		unsigned long *words = page_address(again + i);

		KTEST_EXPECT(t, kernel_page_present(again + i));
		KTEST_EXPECT_EQ(t, probe_kernel_read(words + 511, &value), 0);
		KTEST_EXPECT_EQ(t, value, 0);
	}
	__free_pages(again, 3);
}

/* Counts in *@mapped a free block whose first or last page is mapped. */
static void count_if_mapped(struct page *page, unsigned int order, void *mapped)
{
	*(unsigned long *)mapped += kernel_page_present(page) ||
				    kernel_page_present(page + (1UL << order) - 1);
}

/* Every page the buddy holds is unmapped, not only those freed since boot. */
static void buddy_pages_unmapped(struct ktest *t)
{
	unsigned long mapped = 0;

	if (skip_unless_on(t))
		return;
	KTEST_EXPECT(t, for_each_free_block(count_if_mapped, &mapped) > 0);
	KTEST_EXPECT_EQ(t, mapped, 0);
}

static const struct ktest_case debug_pagealloc_cases[] = {
	KTEST_CASE(freed_page_faults),
	KTEST_CASE(reallocated_pages_mapped),
	KTEST_CASE(buddy_pages_unmapped),
};
KTEST_SUITE(debug_pagealloc_ktest_suite, "debug_pagealloc", debug_pagealloc_cases);
