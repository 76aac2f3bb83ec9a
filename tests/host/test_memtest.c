// SPDX-License-Identifier: MIT
/*
 * DOC: host test - memtest (mm/memtest.c) finds bad cells and keeps them out
 *
 * The arena's memory never fails, so the cases make words of it bad with
 * host_memory_stick_bits() (asm/memtest.h): bits that read back stuck
 * whatever memtest wrote. The machine: two nodes of 32 MiB, two harts
 * each, so each node's free memory is split between its two harts.
 *
 *   node 0: 0x80000000-0x81ffffff    node 1: 0x82000000-0x83ffffff
 */
#include <stdlib.h>

#include "tests/host/harness.h"
#include "tests/host/mm_host.h"
#include "kernel/errno.h"
#include "mm/memtest.h"
#include <asm/memtest.h>

static const struct mm_machine machine = {
	.nr_nodes = 2,
	.nr_cpus = 4,
	.cpu_node = { 0, 0, 1, 1 },
	.memory = { { 0x80000000, 32 * MIB, 0 }, { 0x82000000, 32 * MIB, 1 } },
	.nr_memory = 2,
};

/* Free memory the cases make bad: low in node 0, and in node 1's second half. */
#define BAD_NODE0 0x80100010ULL
#define BAD_NODE1 0x83000ff8ULL

/* Returns true if any page @h holds contains physical address @pa. */
static bool holds(const struct held_pages *h, phys_addr_t pa)
{
	struct page *page;

	list_for_each_entry(page, &h->pages, lru)
		if (page_to_phys(page) == (pa & PAGE_MASK))
			return true;
	return false;
}

static void test_boot_values(void)
{
	CHECK_EQ(memtest_setup("x", NULL), -EINVAL);
	CHECK(log_contains("memtest=x: expected a number of passes from 0 to 17; memtest off"));
	CHECK_EQ(memtest_setup("999", NULL), -EINVAL);
	CHECK(log_contains("memtest=999"));
	CHECK_EQ(memtest_setup("-1", NULL), -EINVAL);
	CHECK_EQ(memtest_setup("17", NULL), 0);
	CHECK_EQ(memtest_setup(NULL, NULL), 0);
	CHECK_EQ(memtest_setup("0", NULL), 0);
}

/* Early memtest: stuck bits in both nodes are reserved, never handed out. */
static void early_memtest_reserves_bad_cells(void)
{
	struct held_pages held;
	unsigned long managed = 0;

	CHECK_EQ(host_memory_stick_bits(BAD_NODE0, 1ULL << 7, false), 0);
	CHECK_EQ(host_memory_stick_bits(BAD_NODE0 + 8, 1ULL << 63, true), 0);
	CHECK_EQ(host_memory_stick_bits(BAD_NODE1, 0xff00, true), 0);
	CHECK_EQ(memtest_setup("4", NULL), 0);
	mm_boot(&machine);

	CHECK(log_contains("early_memtest: # of tests: 4"));
	/*
	 * Passes 3..0 write 0xaa.., 0x55.., 0xff.., 0. Bit 7 stuck at 0 fails
	 * 0xaa.. and 0xff..; bit 63 stuck at 1 fails 0x55.. and 0; the two
	 * words are never bad in the same pass, so each is a range of its
	 * own, twice. Bits 8-15 stuck at 1 fail every pattern but 0xff..:
	 * 4 + 3 ranges, each reported as Linux does.
	 */
	CHECK(log_contains("bad mem addr 0x0000000080100010 - 0x0000000080100018 reserved"));
	CHECK(log_contains("bad mem addr 0x0000000080100018 - 0x0000000080100020 reserved"));
	CHECK(log_contains("bad mem addr 0x0000000083000ff8 - 0x0000000083001000 reserved"));
	/* 64 MiB less the memmap and the rest of the metadata: 63 MiB. */
	CHECK(log_contains("memtest: 63 MiB tested with 4 patterns on 4 harts"));
	CHECK(log_contains(": 7 bad ranges"));
	CHECK(early_memtest_done);
	CHECK_EQ(early_memtest_bad_size, 7 * 8);	/* seven words reserved */
	for (int nid = 0; nid < 2; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			managed += NODE_DATA(nid)->node_zones[z].managed_pages;

	held_pages_init(&held);
	hold_all_pages(&held, GFP_ATOMIC);
	CHECK(held.count > managed - 300);	/* all but the reserves */
	CHECK(!holds(&held, BAD_NODE0));
	CHECK(!holds(&held, BAD_NODE1));
	CHECK(PageReserved(pfn_to_page(BAD_NODE0 >> PAGE_SHIFT)));
	CHECK(PageReserved(pfn_to_page(BAD_NODE1 >> PAGE_SHIFT)));
	/* The last pass wrote 0: what the buddy hands out is zeroed. */
	CHECK_EQ(*(u64 *)phys_to_virt(BAD_NODE0 + PAGE_SIZE), 0);
	release_held_pages(&held, held.count);
}

/* The console's memtest: a bad page found at run time stays allocated. */
static void run_time_memtest_keeps_bad_pages(void)
{
	unsigned long free_before, bad_pfn = BAD_NODE1 >> PAGE_SHIFT;

	CHECK_EQ(memtest_setup("0", NULL), 0);
	mm_boot(&machine);
	CHECK(!log_contains("early_memtest"));
	CHECK_EQ(host_memory_stick_bits(BAD_NODE1, 1, true), 0);

	CHECK_EQ(memtest_run(0, 2), 0);	/* node 0 is clean */
	CHECK(log_contains("memtest: node 0: "));
	CHECK(log_contains("0 bad pages kept out of the buddy"));
	free_before = free_and_cached_pages();
	CHECK_EQ(memtest_run(NUMA_NO_NODE, 2), -EIO);
	CHECK(log_contains("bad mem addr 0x0000000083000ff8 - 0x0000000083001000 kept out of the buddy"));
	CHECK(log_contains("memtest: node 1: "));
	CHECK(log_contains("1 bad page kept out of the buddy"));
	/* Exactly the bad page is gone; its block's other pages came back. */
	CHECK_EQ(free_and_cached_pages(), free_before - 1);
	CHECK(!PageBuddy(pfn_to_page(bad_pfn)));
	CHECK_EQ(pfn_to_page(bad_pfn)->_refcount, 1);
	/* Tested again, the bad page is no longer the buddy's to test. */
	CHECK_EQ(memtest_run(1, 1), 0);

	CHECK_EQ(memtest_run(5, 1), -EINVAL);
	CHECK_EQ(memtest_run(0, 0), -EINVAL);
	CHECK_EQ(memtest_run(0, 18), -EINVAL);
}

int main(void)
{
	ktap_plan(3);
	RUN(test_boot_values);
	RUN_FORKED(early_memtest_reserves_bad_cells);
	RUN_FORKED(run_time_memtest_keeps_bad_pages);
	return ktap_done();
}
