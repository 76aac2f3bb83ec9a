// SPDX-License-Identifier: MIT
/*
 * DOC: the hugetlb suite - the pools through their files and their API
 *
 * Every case drives the pools the way a user does where it can (writes
 * to nr_hugepages and the per-node files, read back), checks the counts
 * per node and the pools' own consistency (hugetlb_check()), and ends with
 * the pool back as the boot left it and the buddy's free pages exactly as
 * before. Boot-time pools (hugepages= on the command line) are checked by
 * the matrix boots that set them; this suite only assumes the pools it
 * changes start as it finds them.
 */
#include <asm/mmu.h>
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/vfs.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/hugetlb.h"
#include "mm/pgtable.h"
#include "tests/kernel/fault_test.h"
#include "tests/kernel/page_test.h"
#include <asm/pgtable-bits.h>

#define SYSFS_HUGEPAGES "/sys/kernel/mm/hugepages/"
/*
 * The debug build poisons every page it frees and checks it when it is
 * handed out again: a GiB of that takes seconds under TCG, in each of the
 * matrix's boots. The cases that take gigabytes run in the release boots.
 */
#define TOO_COSTLY_FOR_DEBUG "gigabytes of page poisoning: run by the release kernel's boots"
#define NODE_DIR "/sys/devices/system/node/node"

static struct hstate *hstate_2m(void)
{
	return size_to_hstate(PMD_SIZE);
}

/* Writes @count to @file of @h's global directory; Returns 0 or -errno. */
static int write_count(const struct hstate *h, const char *file, unsigned long count)
{
	char path[VFS_PATH_MAX], value[24];

	snprintf(path, sizeof(path), SYSFS_HUGEPAGES "%s/%s", h->name, file);
	snprintf(value, sizeof(value), "%lu\n", count);
	return vfs_write(path, value, strlen(value));
}

/* Returns what @file of @h's directory on node @nid (NUMA_NO_NODE: global) reads. */
static long read_count(const struct hstate *h, int nid, const char *file)
{
	char path[VFS_PATH_MAX];

	if (nid == NUMA_NO_NODE)
		snprintf(path, sizeof(path), SYSFS_HUGEPAGES "%s/%s", h->name, file);
	else
		snprintf(path, sizeof(path), NODE_DIR "%d/hugepages/%s/%s", nid, h->name, file);
	return file_get_number(path);
}

/* Writes @count to node @nid's nr_hugepages of @h; Returns 0 or -errno. */
static int write_node_count(const struct hstate *h, int nid, unsigned long count)
{
	char path[VFS_PATH_MAX], value[24];

	snprintf(path, sizeof(path), NODE_DIR "%d/hugepages/%s/nr_hugepages", nid, h->name);
	snprintf(value, sizeof(value), "%lu", count);
	return vfs_write(path, value, strlen(value));
}

/*
 * Returns the per-node split Linux's round robin gives @count pages over
 * the nodes with memory, starting at the pool's next node: @count / n
 * each, the first @count % n from the start one more.
 */
static unsigned long expected_on_node(int start, unsigned long count, int nid)
{
	unsigned long nodes = nr_memory_nodes(), rank = 0;
	int node = start;

	/* rank of @nid among the memory nodes, counted from @start round robin */
	for (unsigned long i = 0; i < nodes; i++) {
		if (node == nid)
			rank = i;
		do
			node = (node + 1) % MAX_NUMNODES;
		while (!node_state(node, N_MEMORY));
	}
	return count / nodes + (rank < count % nodes);
}

/* Growing through nr_hugepages spreads the pages round robin; shrinking gives them back. */
static void grow_spreads_over_nodes(struct ktest *t)
{
	struct hstate *h = hstate_2m();
	unsigned long before = exact_free_pages(), start_total;
	int nid, start;

	start_total = h->nr_huge_pages;
	if (start_total) {
		ktest_skip(t, "the 2 MiB pool is not empty (hugepages= at boot)");
		return;
	}
	start = h->next_nid_to_alloc;
	KTEST_EXPECT_EQ(t, write_count(h, "nr_hugepages", 8), 0);
	KTEST_EXPECT_EQ(t, read_count(h, NUMA_NO_NODE, "nr_hugepages"), 8);
	KTEST_EXPECT_EQ(t, read_count(h, NUMA_NO_NODE, "free_hugepages"), 8);
	for_each_node_state(nid, N_MEMORY) {
		KTEST_EXPECT_EQ(t, read_count(h, nid, "nr_hugepages"),
				expected_on_node(start, 8, nid));
		KTEST_EXPECT_EQ(t, read_count(h, nid, "free_hugepages"),
				expected_on_node(start, 8, nid));
	}
	/* The buddy gave exactly 8 x 512 pages. */
	KTEST_EXPECT_EQ(t, exact_free_pages(), before - 8 * 512);
	KTEST_EXPECT_EQ(t, hugetlb_check(), 0);
	KTEST_EXPECT_EQ(t, write_count(h, "nr_hugepages", 0), 0);
	KTEST_EXPECT_EQ(t, read_count(h, NUMA_NO_NODE, "nr_hugepages"), 0);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/* A node's own file changes only that node's pages. */
static void node_file_changes_one_node(struct ktest *t)
{
	struct hstate *h = hstate_2m();
	unsigned long before = exact_free_pages();
	int last = NUMA_NO_NODE, nid;

	for_each_node_state(nid, N_MEMORY)
		last = nid;
	if (h->nr_huge_pages) {
		ktest_skip(t, "the 2 MiB pool is not empty (hugepages= at boot)");
		return;
	}
	KTEST_EXPECT_EQ(t, write_node_count(h, last, 3), 0);
	for_each_node_state(nid, N_MEMORY)
		KTEST_EXPECT_EQ(t, read_count(h, nid, "nr_hugepages"), nid == last ? 3 : 0);
	KTEST_EXPECT_EQ(t, read_count(h, NUMA_NO_NODE, "nr_hugepages"), 3);
	/* Every page on the node asked for. */
	for (int i = 0; i < 3; i++) {
		struct page *page = alloc_hugetlb_page(h, last, false);

		KTEST_EXPECT(t, page && page_to_nid(page) == last);
		KTEST_EXPECT_EQ(t, page ? free_hugetlb_page(h, page) : -1, 0);
	}
	KTEST_EXPECT_EQ(t, write_node_count(h, last, 0), 0);
	KTEST_EXPECT_EQ(t, read_count(h, NUMA_NO_NODE, "nr_hugepages"), 0);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/*
 * Shrinking frees the unused pages first and turns pages still in use
 * into surplus, which go back to the buddy when they are freed.
 */
static void shrink_makes_used_pages_surplus(struct ktest *t)
{
	struct hstate *h = hstate_2m();
	unsigned long before = exact_free_pages();
	struct page *used[3];

	if (h->nr_huge_pages) {
		ktest_skip(t, "the 2 MiB pool is not empty (hugepages= at boot)");
		return;
	}
	KTEST_EXPECT_EQ(t, set_max_huge_pages(h, 4, NUMA_NO_NODE), 0);
	for (int i = 0; i < 3; i++)
		used[i] = alloc_hugetlb_page(h, NUMA_NO_NODE, false);
	KTEST_EXPECT(t, used[0] && used[1] && used[2]);
	KTEST_EXPECT_EQ(t, write_count(h, "nr_hugepages", 0), 0);
	/* The free page went at once; the three in use stay, as surplus. */
	KTEST_EXPECT_EQ(t, read_count(h, NUMA_NO_NODE, "nr_hugepages"), 3);
	KTEST_EXPECT_EQ(t, read_count(h, NUMA_NO_NODE, "surplus_hugepages"), 3);
	KTEST_EXPECT_EQ(t, read_count(h, NUMA_NO_NODE, "free_hugepages"), 0);
	KTEST_EXPECT_EQ(t, persistent_huge_pages(h), 0);
	for (int i = 0; i < 3; i++)
		if (used[i])
			KTEST_EXPECT_EQ(t, free_hugetlb_page(h, used[i]), 0);
	KTEST_EXPECT_EQ(t, read_count(h, NUMA_NO_NODE, "nr_hugepages"), 0);
	KTEST_EXPECT_EQ(t, read_count(h, NUMA_NO_NODE, "surplus_hugepages"), 0);
	KTEST_EXPECT_EQ(t, hugetlb_check(), 0);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/* Past an empty pool, nr_overcommit_hugepages surplus pages and no more. */
static void overcommit_gives_surplus_pages(struct ktest *t)
{
	struct hstate *h = hstate_2m();
	unsigned long before = exact_free_pages();
	struct page *a, *b, *c;

	if (h->nr_huge_pages) {
		ktest_skip(t, "the 2 MiB pool is not empty (hugepages= at boot)");
		return;
	}
	KTEST_EXPECT(t, !alloc_hugetlb_page(h, NUMA_NO_NODE, false));
	KTEST_EXPECT_EQ(t, write_count(h, "nr_overcommit_hugepages", 2), 0);
	KTEST_EXPECT_EQ(t, read_count(h, NUMA_NO_NODE, "nr_overcommit_hugepages"), 2);
	a = alloc_hugetlb_page(h, NUMA_NO_NODE, false);
	b = alloc_hugetlb_page(h, NUMA_NO_NODE, false);
	c = alloc_hugetlb_page(h, NUMA_NO_NODE, false);
	KTEST_EXPECT(t, a && b && !c);
	KTEST_EXPECT_EQ(t, read_count(h, NUMA_NO_NODE, "surplus_hugepages"), 2);
	KTEST_EXPECT_EQ(t, read_count(h, NUMA_NO_NODE, "nr_hugepages"), 2);
	if (a)
		free_hugetlb_page(h, a);
	if (b)
		free_hugetlb_page(h, b);
	KTEST_EXPECT_EQ(t, read_count(h, NUMA_NO_NODE, "nr_hugepages"), 0);
	KTEST_EXPECT_EQ(t, write_count(h, "nr_overcommit_hugepages", 0), 0);
	/* 1 GiB pages are never surplus, as in Linux. */
	KTEST_EXPECT_EQ(t, write_count(size_to_hstate(PUD_SIZE), "nr_overcommit_hugepages", 1),
			-EINVAL);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/*
 * A reservation keeps its pages from everyone else, is met from surplus
 * pages when the pool is short, and is refused whole when it cannot be met.
 */
static void reservations_hold_pages(struct ktest *t)
{
	struct hstate *h = hstate_2m();
	unsigned long before = exact_free_pages();
	struct page *page;

	if (h->nr_huge_pages) {
		ktest_skip(t, "the 2 MiB pool is not empty (hugepages= at boot)");
		return;
	}
	KTEST_EXPECT_EQ(t, set_max_huge_pages(h, 2, NUMA_NO_NODE), 0);
	KTEST_EXPECT_EQ(t, hugetlb_acct_memory(h, 2), 0);
	KTEST_EXPECT_EQ(t, read_count(h, NUMA_NO_NODE, "resv_hugepages"), 2);
	/* Without a reservation: nothing left to take. */
	KTEST_EXPECT(t, !alloc_hugetlb_page(h, NUMA_NO_NODE, false));
	/* Shrinking keeps the reserved pages. */
	KTEST_EXPECT_EQ(t, set_max_huge_pages(h, 0, NUMA_NO_NODE), 0);
	KTEST_EXPECT_EQ(t, h->nr_huge_pages, 2);
	page = alloc_hugetlb_page(h, NUMA_NO_NODE, true);
	KTEST_EXPECT(t, page != NULL);
	KTEST_EXPECT_EQ(t, h->resv_huge_pages, 1);
	/* More than the pool and the overcommit can give: refused, nothing held. */
	KTEST_EXPECT_EQ(t, hugetlb_acct_memory(h, 5), -ENOMEM);
	KTEST_EXPECT_EQ(t, h->resv_huge_pages, 1);
	/* With overcommit, a reservation brings in surplus pages. */
	KTEST_EXPECT_EQ(t, set_nr_overcommit_huge_pages(h, 4), 0);
	KTEST_EXPECT_EQ(t, hugetlb_acct_memory(h, 3), 0);
	KTEST_EXPECT_EQ(t, h->resv_huge_pages, 4);
	KTEST_EXPECT_EQ(t, h->free_huge_pages, 4);
	KTEST_EXPECT_EQ(t, hugetlb_check(), 0);
	KTEST_EXPECT_EQ(t, hugetlb_acct_memory(h, -4), 0);
	if (page)
		KTEST_EXPECT_EQ(t, free_hugetlb_page(h, page), 0);
	KTEST_EXPECT_EQ(t, set_nr_overcommit_huge_pages(h, 0), 0);
	KTEST_EXPECT_EQ(t, set_max_huge_pages(h, 0, NUMA_NO_NODE), 0);
	KTEST_EXPECT_EQ(t, h->nr_huge_pages, 0);
	KTEST_EXPECT_EQ(t, h->resv_huge_pages, 0);
	KTEST_EXPECT_EQ(t, hugetlb_check(), 0);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/* Freeing what is not a huge page of that size, or twice, is refused and changes nothing. */
static void bad_frees_are_refused(struct ktest *t)
{
	struct hstate *h = hstate_2m(), *giant = size_to_hstate(PUD_SIZE);
	unsigned long before = exact_free_pages();
	struct page *page, *plain;
	const char *mark;

	KTEST_EXPECT_EQ(t, set_max_huge_pages(h, h->nr_huge_pages + 1, NUMA_NO_NODE), 0);
	page = alloc_hugetlb_page(h, NUMA_NO_NODE, false);
	plain = alloc_page(GFP_KERNEL);
	KTEST_EXPECT(t, page && plain);
	if (!page || !plain)
		goto out;
	mark = log_mark(t, "freeing an order-0 page as a huge page");
	KTEST_EXPECT_EQ(t, free_hugetlb_page(h, plain), -EINVAL);
	KTEST_EXPECT(t, log_has_since(mark, "not a huge page"));
	mark = log_mark(t, "freeing a tail page");
	KTEST_EXPECT_EQ(t, free_hugetlb_page(h, page + 1), -EINVAL);
	KTEST_EXPECT(t, log_has_since(mark, "a tail page of a huge page"));
	mark = log_mark(t, "freeing a 2 MiB page as 1 GiB");
	KTEST_EXPECT_EQ(t, free_hugetlb_page(giant, page), -EINVAL);
	KTEST_EXPECT(t, log_has_since(mark, "another size"));
	mark = log_mark(t, "freeing a pool page through the buddy");
	__free_pages(page, h->order);
	KTEST_EXPECT(t, log_has_since(mark, "hugetlb pool"));
	KTEST_EXPECT_EQ(t, free_hugetlb_page(h, page), 0);
	mark = log_mark(t, "freeing it again");
	KTEST_EXPECT_EQ(t, free_hugetlb_page(h, page), -EINVAL);
	KTEST_EXPECT(t, log_has_since(mark, "double free"));
	page = NULL;
out:
	if (page)
		free_hugetlb_page(h, page);
	if (plain)
		__free_page(plain);
	KTEST_EXPECT_EQ(t, hugetlb_check(), 0);
	KTEST_EXPECT_EQ(t, set_max_huge_pages(h, h->nr_huge_pages - 1, NUMA_NO_NODE), 0);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/* Writes the files refuse: not a number, negative, a node without memory. */
static void bad_writes_are_refused(struct ktest *t)
{
	struct hstate *h = hstate_2m();
	int memoryless = node_with_but_not(N_ONLINE, N_MEMORY);
	unsigned long nr = h->nr_huge_pages;
	char path[VFS_PATH_MAX];

	snprintf(path, sizeof(path), SYSFS_HUGEPAGES "%s/nr_hugepages", h->name);
	KTEST_EXPECT_EQ(t, vfs_write(path, "eight", 5), -EINVAL);
	KTEST_EXPECT_EQ(t, vfs_write(path, "-1", 2), -EINVAL);
	KTEST_EXPECT_EQ(t, vfs_write(path, "", 0), -EINVAL);
	KTEST_EXPECT_EQ(t, vfs_write("/proc/sys/vm/nr_hugepages", "1x", 2), -EINVAL);
	if (memoryless != NUMA_NO_NODE)
		KTEST_EXPECT_EQ(t, set_max_huge_pages(h, 1, memoryless), -EINVAL);
	KTEST_EXPECT_EQ(t, h->nr_huge_pages, nr);
}

/* The calling hart's policy places a page asked for without a node. */
static void policy_places_pages(struct ktest *t)
{
	struct hstate *h = hstate_2m();
	unsigned long before = exact_free_pages(), nr = h->nr_huge_pages;
	int last = NUMA_NO_NODE, nid, mode;
	nodemask_t nodes, saved;
	struct page *page;

	for_each_node_state(nid, N_MEMORY)
		last = nid;
	get_mempolicy(&mode, &saved);
	KTEST_EXPECT_EQ(t, set_max_huge_pages(h, nr + 2 * nr_memory_nodes(), NUMA_NO_NODE), 0);
	nodes = nodemask_of_node(last);
	KTEST_EXPECT_EQ(t, set_mempolicy(MPOL_BIND, &nodes), 0);
	page = alloc_hugetlb_page(h, NUMA_NO_NODE, false);
	KTEST_EXPECT(t, page && page_to_nid(page) == last);
	set_mempolicy(mode, &saved);
	if (page)
		free_hugetlb_page(h, page);
	KTEST_EXPECT_EQ(t, set_max_huge_pages(h, nr, NUMA_NO_NODE), 0);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/*
 * Maps a page of @h into a new table and checks that it is one leaf of its
 * size; Returns nothing, records failures in @t.
 */
static void map_one(struct ktest *t, struct hstate *h, struct page *page)
{
	unsigned long va = ALIGN_UP(VMALLOC_START, PUD_SIZE), leaf = 0;
	struct pgtable pgt;

	if (pgd_alloc(&pgt, pgtable_levels)) {
		ktest_fail(t, __FILE__, __LINE__, "no memory for a table");
		return;
	}
	KTEST_EXPECT_EQ(t, map_hugetlb_page(&pgt, va + PAGE_SIZE, h, page, PAGE_KERNEL), -EINVAL);
	KTEST_EXPECT_EQ(t, map_hugetlb_page(&pgt, va, h, page, PAGE_KERNEL), 0);
	KTEST_EXPECT_EQ(t, walk_addr(&pgt, va + huge_page_size(h) - 8, &leaf), page_to_phys(page));
	KTEST_EXPECT_EQ(t, leaf, huge_page_size(h));
	KTEST_EXPECT_EQ(t, va_to_pa(&pgt, va + huge_page_size(h) - 8),
			page_to_phys(page) + huge_page_size(h) - 8);
	/* A part of the leaf is refused whole; all of it goes. */
	KTEST_EXPECT_EQ(t, unmap_pages(&pgt, va, PAGE_SIZE, false), -EINVAL);
	KTEST_EXPECT_EQ(t, unmap_pages(&pgt, va, huge_page_size(h), false), 0);
	KTEST_EXPECT_EQ(t, walk_addr(&pgt, va, NULL), 0);
	pgd_free(&pgt, false);
}

/* Each size maps as one leaf: PMD, PUD, or a Svnapot range. */
static void pages_map_as_one_leaf(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	struct hstate *h;
	unsigned int mapped = 0;

	for_each_hstate(h) {
		unsigned long nr = h->nr_huge_pages;
		struct page *page;

		if (TERN_DEBUG && huge_page_size(h) > PMD_SIZE)
			continue;	/* TOO_COSTLY_FOR_DEBUG */
		set_max_huge_pages(h, nr + 1, NUMA_NO_NODE);
		page = alloc_hugetlb_page(h, NUMA_NO_NODE, false);
		if (page) {
			map_one(t, h, page);
			free_hugetlb_page(h, page);
			mapped++;
		} else {
			printk("  # %s: no %s page to be had (memory too fragmented or small)\n",
			       t->name, h->name);
		}
		set_max_huge_pages(h, nr, NUMA_NO_NODE);
	}
	/* The 2 MiB size at least is always there. */
	KTEST_EXPECT(t, mapped > 0);
	KTEST_EXPECT_EQ(t, hugetlb_check(), 0);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/*
 * A 1 GiB page at run time: a contiguous range out of the buddy, given
 * back whole. Needs a free, aligned GiB on some node.
 */
static void gigantic_page_at_run_time(struct ktest *t)
{
	struct hstate *h = size_to_hstate(PUD_SIZE);
	unsigned long before, nr = h->nr_huge_pages;

	if (TERN_DEBUG) {
		ktest_skip(t, TOO_COSTLY_FOR_DEBUG);
		return;
	}
	before = exact_free_pages();
	KTEST_EXPECT_EQ(t, write_count(h, "nr_hugepages", nr + 1), 0);
	if (h->nr_huge_pages == nr) {
		ktest_skip(t, "no free, aligned GiB on any node");
		return;
	}
	KTEST_EXPECT_EQ(t, exact_free_pages(), before - pages_per_huge_page(h));
	KTEST_EXPECT_EQ(t, hugetlb_check(), 0);
	KTEST_EXPECT_EQ(t, write_count(h, "nr_hugepages", nr), 0);
	KTEST_EXPECT_EQ(t, h->nr_huge_pages, nr);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/* A grow that memory cannot meet stops at what it got; the file says so. */
static void grow_past_memory_stops(struct ktest *t)
{
	struct hstate *h = hstate_2m();
	unsigned long before, nr = h->nr_huge_pages;
	long got;

	if (TERN_DEBUG) {
		ktest_skip(t, TOO_COSTLY_FOR_DEBUG);
		return;
	}
	before = exact_free_pages();
	KTEST_EXPECT_EQ(t, write_count(h, "nr_hugepages", 1UL << 30), 0);
	got = read_count(h, NUMA_NO_NODE, "nr_hugepages");
	printk("  # %s: asked for 2^30 pages of 2 MiB, got %ld\n", t->name, got);
	KTEST_EXPECT(t, got > (long)nr && got < (1L << 30));
	KTEST_EXPECT_EQ(t, (unsigned long)got, h->nr_huge_pages);
	KTEST_EXPECT_EQ(t, hugetlb_check(), 0);
	KTEST_EXPECT_EQ(t, write_count(h, "nr_hugepages", nr), 0);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

static const struct ktest_case hugetlb_cases[] = {
	KTEST_CASE(grow_spreads_over_nodes),
	KTEST_CASE(node_file_changes_one_node),
	KTEST_CASE(shrink_makes_used_pages_surplus),
	KTEST_CASE(overcommit_gives_surplus_pages),
	KTEST_CASE(reservations_hold_pages),
	KTEST_CASE(bad_frees_are_refused),
	KTEST_CASE(bad_writes_are_refused),
	KTEST_CASE(policy_places_pages),
	KTEST_CASE(pages_map_as_one_leaf),
	KTEST_CASE(gigantic_page_at_run_time),
	KTEST_CASE(grow_past_memory_stops),
};
KTEST_SUITE(hugetlb_ktest_suite, "hugetlb", hugetlb_cases);
