// SPDX-License-Identifier: MIT
/*
 * DOC: pgtable suite - mm/pgtable.c on the machine, in the kernel's mode
 *
 * The host test (tests/host/test_pgtable.c) checks the walker against
 * every rule; here the tables hold real pages from the buddy, in the mode
 * the kernel runs (Sv39 or Sv48), and one mapping goes into the live
 * kernel table, where every hart reads through it and, once it is
 * unmapped, faults on it. Every case counts the free pages exactly
 * (caches drained) before and after.
 *
 * The live case uses the second GiB from the top of the vmalloc range
 * (the tlbflush suite's test pages live in the top one), which nothing
 * else maps yet; it skips itself if something does. It adds and removes the
 * tables below the kernel's top table, so the kernel table ends as it was.
 */
#include <asm/csr.h>
#include <asm/mmu.h>
#include <asm/page.h>
#include <asm/probe.h>
#include "kernel/errno.h"
#include "kernel/smp.h"
#include "mm/pgtable.h"
#include "tests/kernel/page_test.h"

#define TEST_VA VMALLOC_START
#define LIVE_VA (VMALLOC_END - 2 * PUD_SIZE)
#define PATTERN 0x7e57ab1e5eed0001UL

/* Maps an order-0 page and an order-9 block: a 4 KiB and a 2 MiB leaf. */
static void real_pages_in_a_new_table(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	struct page *page = alloc_page(GFP_KERNEL), *block = alloc_pages(GFP_KERNEL, 9);
	unsigned long leaf = 0, tables;
	struct pgtable pgt;

	if (!page || !block || pgd_alloc(&pgt, pgtable_levels)) {
		ktest_fail(t, __FILE__, __LINE__, "no memory for the case");
		goto out;
	}
	/* The table's pages come from this hart's node (or its nearest). */
	KTEST_EXPECT_EQ(t, page_to_nid(virt_to_page(pgt.pgd)),
			local_memory_node(numa_node_id()));
	KTEST_EXPECT_EQ(t, map_pages(&pgt, TEST_VA + PAGE_SIZE, page_to_phys(page),
				     PAGE_SIZE, PAGE_KERNEL), 0);
	KTEST_EXPECT_EQ(t, map_pages(&pgt, TEST_VA + PMD_SIZE, page_to_phys(block),
				     PMD_SIZE, PAGE_KERNEL), 0);
	/* A pmd and a pte table below the top (and a pud table in Sv48). */
	KTEST_EXPECT_EQ(t, pgt.nr_table_pages, pgtable_levels);

	KTEST_EXPECT_EQ(t, walk_addr(&pgt, TEST_VA + PAGE_SIZE, &leaf), page_to_phys(page));
	KTEST_EXPECT_EQ(t, leaf, PAGE_SIZE);
	KTEST_EXPECT_EQ(t, walk_addr(&pgt, TEST_VA + PMD_SIZE + 0x12345, &leaf),
			page_to_phys(block));
	KTEST_EXPECT_EQ(t, leaf, PMD_SIZE);
	KTEST_EXPECT_EQ(t, va_to_pa(&pgt, TEST_VA + PAGE_SIZE + 0xabc),
			page_to_phys(page) + 0xabc);
	KTEST_EXPECT_EQ(t, va_to_pa(&pgt, TEST_VA + 2 * PMD_SIZE - 8),
			page_to_phys(block) + PMD_SIZE - 8);
	KTEST_EXPECT_EQ(t, va_to_pa(&pgt, TEST_VA), 0);
	KTEST_EXPECT(t, walk(&pgt, TEST_VA + PMD_SIZE + PAGE_SIZE, false) ==
			walk(&pgt, TEST_VA + PMD_SIZE, false));

	KTEST_EXPECT_EQ(t, protect(&pgt, TEST_VA + PMD_SIZE, PMD_SIZE, PAGE_KERNEL_RO), 0);
	KTEST_EXPECT(t, !(*walk(&pgt, TEST_VA + PMD_SIZE, false) & _PAGE_WRITE));

	/* The frames go back with the unmap; the empty tables with them. */
	tables = pgt.nr_table_pages;
	KTEST_EXPECT_EQ(t, unmap_pages(&pgt, TEST_VA + PAGE_SIZE, PAGE_SIZE, true), 0);
	KTEST_EXPECT_EQ(t, pgt.nr_table_pages, tables - 1);	/* the pte table */
	KTEST_EXPECT_EQ(t, unmap_pages(&pgt, TEST_VA, PUD_SIZE, true), 0);
	KTEST_EXPECT_EQ(t, pgt.nr_table_pages, 1);
	page = block = NULL;
	free_pagetable(&pgt);
	KTEST_EXPECT_EQ(t, pgt.nr_table_pages, 0);
out:
	if (page)
		__free_page(page);
	if (block)
		__free_pages(block, 9);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/* Refusals are logged and change nothing. */
static void refusals_are_logged(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	struct pgtable pgt;
	const char *mark;

	if (pgd_alloc(&pgt, pgtable_levels)) {
		ktest_fail(t, __FILE__, __LINE__, "no memory for the top table");
		return;
	}
	KTEST_EXPECT_EQ(t, map_pages(&pgt, TEST_VA, 0x80000000, PMD_SIZE, PAGE_KERNEL), 0);
	mark = log_mark(t, "mapping a page inside a 2 MiB leaf");
	KTEST_EXPECT_EQ(t, map_pages(&pgt, TEST_VA + PAGE_SIZE, 0x90000000, PAGE_SIZE,
				     PAGE_KERNEL), -EEXIST);
	KTEST_EXPECT(t, log_has_since(mark, "already mapped (2 MiB leaf to 0x80000000)"));
	mark = log_mark(t, "unmapping half of it");
	KTEST_EXPECT_EQ(t, unmap_pages(&pgt, TEST_VA, PMD_SIZE / 2, false), -EINVAL);
	KTEST_EXPECT(t, log_has_since(mark, "leaves are not split"));
	mark = log_mark(t, "mapping the non-canonical 1 << 47");
	KTEST_EXPECT_EQ(t, map_pages(&pgt, 1UL << 47, 0x80000000, PAGE_SIZE, PAGE_KERNEL),
			-EINVAL);
	KTEST_EXPECT(t, log_has_since(mark, "not canonical"));
	KTEST_EXPECT_EQ(t, va_to_pa(&pgt, TEST_VA + 0x1234), 0x80001234);
	pgd_free(&pgt, false);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

struct live_probe {
	const void *va;
	unsigned int ok, faulted;
};

static void probe_on_this_hart(void *arg)
{
	struct live_probe *p = arg;
	unsigned long value = 0;
	long cause = probe_kernel_read(p->va, &value);

	if (!cause && value == PATTERN)
		__atomic_fetch_add(&p->ok, 1, __ATOMIC_RELAXED);
	if (cause == EXC_LOAD_PAGE_FAULT)
		__atomic_fetch_add(&p->faulted, 1, __ATOMIC_RELAXED);
}

/*
 * A page mapped into the live kernel table in the vmalloc range: every
 * hart reads it there; after unmap_pages (which flushes every hart) every
 * hart faults on it.
 */
static void live_kernel_table_mapping(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	phys_addr_t root = (kernel_satp & ((1UL << 44) - 1)) << PAGE_SHIFT;
	struct pgtable kernel = { .pgd = phys_to_virt(root), .levels = pgtable_levels };
	struct live_probe probe = { .va = (void *)LIVE_VA };
	unsigned long *linear, leaf = 0, pte;
	struct page *page;

	if (walk(&kernel, LIVE_VA, false)) {
		ktest_skip(t, "its vmalloc address is in use");
		return;
	}
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page) {
		ktest_fail(t, __FILE__, __LINE__, "no page");
		return;
	}
	linear = page_address(page);
	linear[0] = PATTERN;
	/*
	 * Write-combining (Svpbmt NC) where the harts have Svpbmt: memory
	 * reads the same through it; elsewhere the type must not be written.
	 */
	KTEST_EXPECT_EQ(t, map_pages(&kernel, LIVE_VA, page_to_phys(page), PAGE_SIZE,
				     pgprot_writecombine(PAGE_KERNEL)), 0);
	pte = kernel_pte_lookup(LIVE_VA, &leaf);
	KTEST_EXPECT_EQ(t, pte & _PAGE_PFN_MASK, *walk(&kernel, LIVE_VA, false) & _PAGE_PFN_MASK);
	KTEST_EXPECT_EQ(t, pte & _PAGE_PBMT_MASK, has_svpbmt ? _PAGE_PBMT_NC : 0);
	KTEST_EXPECT_EQ(t, leaf, PAGE_SIZE);

	on_each_cpu(probe_on_this_hart, &probe, true);
	KTEST_EXPECT_EQ(t, probe.ok, num_online_cpus());
	KTEST_EXPECT_EQ(t, probe_kernel_write((void *)(LIVE_VA + 8), 0x600d), 0);
	KTEST_EXPECT_EQ(t, READ_ONCE(linear[1]), 0x600d);

	KTEST_EXPECT_EQ(t, unmap_pages(&kernel, LIVE_VA, PAGE_SIZE, false), 0);
	/* Only the tables this case made, and they are gone again. */
	KTEST_EXPECT_EQ(t, kernel.nr_table_pages, 0);
	probe.ok = 0;
	on_each_cpu(probe_on_this_hart, &probe, true);
	KTEST_EXPECT_EQ(t, probe.ok, 0);
	KTEST_EXPECT_EQ(t, probe.faulted, num_online_cpus());
	KTEST_EXPECT_EQ(t, kernel_pte_lookup(LIVE_VA, NULL), 0);
	__free_page(page);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

static const struct ktest_case pgtable_cases[] = {
	KTEST_CASE(real_pages_in_a_new_table),
	KTEST_CASE(refusals_are_logged),
	KTEST_CASE(live_kernel_table_mapping),
};
KTEST_SUITE(pgtable_ktest_suite, "pgtable", pgtable_cases);
