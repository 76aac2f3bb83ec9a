// SPDX-License-Identifier: MIT
/*
 * DOC: host test - the hugetlb pools (mm/hugetlb.c) booted on host harts
 *
 * Each case boots the unmodified mm code with hugetlb boot parameters
 * (tests/host/mm_host.h, a child process a case), as start_kernel() does:
 * the parameters recorded, hugetlb_boot_setup() once NUMA is up and before
 * mm_init(), hugetlb_init() after. It checks where the pages went, what
 * was said about the bad values, and that shrinking the pools gives the
 * buddy back exactly the pages they took.
 *
 * Machines: "T", three nodes of 64 MiB (harts 0-1, 2-3, 4-5) for the
 * 2 MiB pools; "G", one node of 1 GiB + 64 MiB at 1 GiB, whose first GiB
 * is the only aligned one, for a gigantic page from memblock and again at
 * run time.
 */
#include "tests/host/mm_host.h"
#include "kernel/errno.h"
#include "mm/hugetlb.h"
#include <asm/pgtable-bits.h>

#define WATCHDOG_S 240

static const struct mm_machine machine_t = {
	.nr_nodes = 3,
	.nr_cpus = 6,
	.cpu_node = { 0, 0, 1, 1, 2, 2 },
	.memory = { { 0x80000000, 64 * MIB, 0 }, { 0x84000000, 64 * MIB, 1 },
		    { 0x88000000, 64 * MIB, 2 } },
	.nr_memory = 3,
	.before_mm_init = hugetlb_boot_setup,
};

static const struct mm_machine machine_g = {
	.nr_nodes = 1,
	.nr_cpus = 2,
	.memory = { { 1 * GIB, 1 * GIB + 64 * MIB, 0 } },
	.nr_memory = 1,
	.before_mm_init = hugetlb_boot_setup,
};

/* Records @n boot parameters ("name=value") and boots @m with them. */
static void boot_with(const struct mm_machine *m, const char *const *params, unsigned int n)
{
	static char words[16][96];

	for (unsigned int i = 0; i < n; i++) {
		char *eq;

		snprintf(words[i], sizeof(words[i]), "%s", params[i]);
		eq = strchr(words[i], '=');
		*eq = '\0';
		CHECK_EQ(hugetlb_param(eq + 1, words[i]), 0);
	}
	mm_boot(m);
	hugetlb_init();
}

/* Shrinks @h to 0 and checks the buddy got back exactly its pages. */
static void shrink_gives_back(struct hstate *h)
{
	unsigned long free, pages = h->nr_huge_pages * pages_per_huge_page(h);

	drain_all_pages();
	free = nr_free_pages();
	CHECK_EQ(set_max_huge_pages(h, 0, NUMA_NO_NODE), 0);
	drain_all_pages();
	CHECK_EQ(h->nr_huge_pages, 0);
	CHECK_EQ(nr_free_pages(), free + pages);
	CHECK_EQ(hugetlb_check(), 0);
}

/* hugepages= before any size is the default size's, spread round robin: 2, 2, 1. */
static void default_size_round_robin(void)
{
	static const char *const params[] = { "hugepages=5" };
	struct hstate *h;

	boot_with(&machine_t, params, 1);
	h = &default_hstate;
	CHECK_EQ(huge_page_size(h), 2 * MIB);
	CHECK_EQ(h->nr_huge_pages, 5);
	CHECK_EQ(h->nr_huge_pages_node[0], 2);
	CHECK_EQ(h->nr_huge_pages_node[1], 2);
	CHECK_EQ(h->nr_huge_pages_node[2], 1);
	CHECK_EQ(h->free_huge_pages, 5);
	CHECK(log_contains("HugeTLB: registered 2.00 MiB page size, pre-allocated 5 pages"));
	/* And the 1 GiB size exists, empty, as riscv registers it. */
	CHECK(size_to_hstate(GIB) && !size_to_hstate(GIB)->nr_huge_pages);
	shrink_gives_back(h);
}

/* Linux's rules, in command-line order: each bad value said and skipped. */
static void parameters_in_order(void)
{
	static const char *const params[] = {
		"hugepagesz=3M", "hugepages=2", "hugepagesz=2M", "hugepages=0:3,2:1",
		"hugepagesz=2M", "hugepages=7", "default_hugepagesz=2M",
		"default_hugepagesz=1G", "hugepages=0:1,9:1", "hugepagesz=64K",
	};
	static const char *const said[] = {
		"HugeTLB: unsupported hugepagesz=3M",
		"HugeTLB: hugepages=2 does not follow a valid hugepagesz, ignoring",
		"HugeTLB: hugepagesz=2M specified twice, ignoring",
		"HugeTLB: hugepages=7 does not follow a valid hugepagesz, ignoring",
		"HugeTLB: default_hugepagesz previously specified, ignoring 1G",
		"HugeTLB: hugepages=0:1,9:1 does not follow a valid hugepagesz, ignoring",
		"HugeTLB: unsupported hugepagesz=64K",
		"HugeTLB: registered 2.00 MiB page size, pre-allocated 4 pages",
	};
	struct hstate *h;

	has_svnapot = false;
	boot_with(&machine_t, params, ARRAY_SIZE(params));
	check_logged(said, ARRAY_SIZE(said));
	h = size_to_hstate(2 * MIB);
	CHECK(h == &default_hstate);
	CHECK_EQ(h->nr_huge_pages_node[0], 3);
	CHECK_EQ(h->nr_huge_pages_node[1], 0);
	CHECK_EQ(h->nr_huge_pages_node[2], 1);
	shrink_gives_back(h);
}

/* A node that does not exist, a count that is not one, 64 KiB with Svnapot. */
static void bad_nodes_and_napot(void)
{
	static const char *const params[] = {
		"hugepagesz=2M", "hugepages=0:1,5:1", "hugepagesz=64K", "hugepages=1:4x",
		"hugepagesz=64K", "default_hugepagesz=64K",
	};
	struct hstate *h;

	has_svnapot = true;
	boot_with(&machine_t, params, ARRAY_SIZE(params));
	CHECK(log_contains("HugeTLB: Invalid hugepages parameter 5:1"));
	CHECK(log_contains("HugeTLB: Invalid hugepages parameter 1:4x"));
	CHECK(log_contains("HugeTLB: hugepagesz=64K specified twice, ignoring"));
	CHECK_EQ(size_to_hstate(2 * MIB)->nr_huge_pages, 0);
	h = size_to_hstate(64 * 1024);
	CHECK(h != NULL);
	if (!h)
		return;
	/* default_hugepagesz= of a size already made with no count: accepted. */
	CHECK(h == &default_hstate);
	CHECK_EQ(set_max_huge_pages(h, 6, NUMA_NO_NODE), 0);
	CHECK_EQ(h->nr_huge_pages_node[0] + h->nr_huge_pages_node[1] +
		 h->nr_huge_pages_node[2], 6);
	shrink_gives_back(h);
}

/* More pages than the machine holds: what fits, and the count says so. */
static void more_than_memory(void)
{
	static const char *const params[] = { "hugepagesz=2M", "hugepages=2:100" };
	struct hstate *h;

	boot_with(&machine_t, params, ARRAY_SIZE(params));
	h = size_to_hstate(2 * MIB);
	CHECK(log_contains("HugeTLB: allocating 100 of page size 2.00 MiB failed node2.  Only allocated "));
	CHECK(h->nr_huge_pages > 20 && h->nr_huge_pages < 32);
	CHECK_EQ(h->nr_huge_pages, h->nr_huge_pages_node[2]);
	CHECK_EQ(h->max_huge_pages_node[2], h->nr_huge_pages);
	shrink_gives_back(h);
}

/*
 * A 1 GiB page from memblock, before the buddy: MemTotal has it, MemFree
 * does not; freed, it is ordinary memory; taken again at run time as a
 * contiguous range, and given back whole.
 */
static void gigantic_at_boot_and_run_time(void)
{
	static const char *const params[] = { "hugepagesz=1G", "hugepages=1" };
	struct hstate *h;
	unsigned long managed;

	boot_with(&machine_g, params, ARRAY_SIZE(params));
	h = size_to_hstate(GIB);
	CHECK_EQ(h->nr_huge_pages, 1);
	CHECK(log_contains("HugeTLB: registered 1.00 GiB page size, pre-allocated 1 pages"));
	managed = totalram_pages();
	CHECK(managed > pages_per_huge_page(h));
	CHECK(nr_free_pages() < managed - pages_per_huge_page(h) + 1);
	shrink_gives_back(h);
	CHECK_EQ(totalram_pages(), managed);
	CHECK_EQ(set_max_huge_pages(h, 1, NUMA_NO_NODE), 0);
	CHECK_EQ(h->nr_huge_pages, 1);
	/* A page of it handed out one by one cannot be had as a range. */
	shrink_gives_back(h);
}

int main(void)
{
	alarm(WATCHDOG_S);
	ktap_plan(5);
	RUN_FORKED(default_size_round_robin);
	RUN_FORKED(parameters_in_order);
	RUN_FORKED(bad_nodes_and_napot);
	RUN_FORKED(more_than_memory);
	RUN_FORKED(gigantic_at_boot_and_run_time);
	return ktap_done();
}
