// SPDX-License-Identifier: MIT
/*
 * DOC: boot, memblock and numa suites - what boot derived, checked live
 *
 * The boot plan is compared with what the kernel built from it: every
 * usable hart online on its DT node, every memory range in memblock with
 * its node, the image and DTB reserved, distances as the DT gave them.
 */
#include <asm/page.h>
#include "kernel/fdt/boot_plan.h"
#include "kernel/ktest.h"
#include "kernel/setup.h"
#include "kernel/smp.h"
#include "kernel/time.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "mm/numa.h"
#include "mm/pgtable.h"
#include "mm/vmalloc.h"

extern char _start[], _end[];

/* Returns true if a cpu node before entry @i of @plan has its hartid and is usable. */
static bool usable_earlier(const struct boot_plan *plan, unsigned int i)
{
	for (unsigned int j = 0; j < i; j++)
		if (plan->harts[j].usable &&
		    plan->harts[j].hartid == plan->harts[i].hartid)
			return true;
	return false;
}

static void usable_harts_match_plan(struct ktest *t)
{
	const struct boot_plan *plan = boot_plan_get();
	unsigned int usable = 0;

	for (unsigned int i = 0; i < plan->nr_harts; i++) {
		const struct plan_hart *h = &plan->harts[i];
		int cpu = hartid_to_cpu(h->hartid);

		/* A second node with a hartid: the first one's cpu runs it. */
		if (!h->usable && usable_earlier(plan, i))
			continue;
		if (!h->usable) {
			KTEST_EXPECT_EQ(t, cpu, -1);
			continue;
		}
		usable++;
		KTEST_EXPECT(t, cpu >= 0 && cpu_online(cpu));
		if (cpu >= 0 && plan->numa_valid)
			KTEST_EXPECT_EQ(t, cpu_to_node(cpu), h->node);
	}
	KTEST_EXPECT_EQ(t, usable, nr_cpu_ids);
}

static void timebase_from_device_tree(struct ktest *t)
{
	KTEST_EXPECT(t, boot_plan_get()->timebase_frequency != 0);
	KTEST_EXPECT_EQ(t, timebase_frequency, boot_plan_get()->timebase_frequency);
}

static const struct ktest_case boot_cases[] = {
	KTEST_CASE(usable_harts_match_plan),
	KTEST_CASE(timebase_from_device_tree),
};
KTEST_SUITE(boot_ktest_suite, "boot", boot_cases);

static void memory_matches_plan(struct ktest *t)
{
	const struct boot_plan *plan = boot_plan_get();
	u64 plan_total = 0;

	for (unsigned int i = 0; i < plan->nr_memory; i++) {
		const struct plan_memory *m = &plan->memory[i];

		plan_total += m->size;
		KTEST_EXPECT(t, memblock_is_region_memory(m->base, m->size));
	}
	KTEST_EXPECT_EQ(t, memblock_phys_mem_size(), plan_total);
}

static void image_and_dtb_reserved(struct ktest *t)
{
	KTEST_EXPECT(t, memblock_is_region_reserved(kernel_pa_base, PAGE_SIZE));
	KTEST_EXPECT(t, memblock_is_region_reserved(
		kernel_pa_base + ((uintptr_t)_end - (uintptr_t)_start) - 1, 1));
	KTEST_EXPECT(t, memblock_is_region_reserved(boot_dtb_phys(), 1));
}

/* Returns the node of the memory at @pa, or NUMA_NO_NODE. */
static int memory_node(phys_addr_t pa)
{
	const struct memblock_region *r;

	for_each_memblock(memory, r)
		if (pa >= r->base && pa < r->base + r->size)
			return r->nid;
	return NUMA_NO_NODE;
}

/*
 * The early allocations that matter most: each node's pgdat, if it has
 * memory, and every page behind its part of the vmemmap are reserved on
 * that node; the part of the memmap at least 2 MiB long uses 2 MiB leaves.
 */
static void node_metadata_on_node(struct ktest *t)
{
	struct pgtable kernel;
	int nid;

	if (arch_kernel_pgtable(&kernel)) {
		ktest_fail(t, __FILE__, __LINE__, "no kernel page table to walk");
		return;
	}
	for_each_node_state(nid, N_MEMORY) {
		const struct pglist_data *pgdat = NODE_DATA(nid);
		unsigned long start = (unsigned long)pgdat->node_mem_map;
		unsigned long end = start + pgdat->node_spanned_pages * sizeof(struct page);
		unsigned long leaf = PAGE_SIZE, big_leaves = 0;

		KTEST_EXPECT_EQ(t, memory_node(virt_to_phys(pgdat)), nid);
		for (unsigned long va = start; va < end; va = ALIGN_DOWN(va, leaf) + leaf) {
			phys_addr_t pa = walk_addr(&kernel, va, &leaf);

			if (!pa) {
				ktest_fail(t, __FILE__, __LINE__, "node %d: memmap at %#lx not mapped",
					   nid, va);
				return;
			}
			KTEST_EXPECT_EQ(t, memory_node(pa), nid);
			KTEST_EXPECT(t, memblock_is_region_reserved(pa, PAGE_SIZE));
			big_leaves += leaf == PMD_SIZE;
		}
		if (ALIGN_DOWN(end, PMD_SIZE) > ALIGN_UP(start, PMD_SIZE))
			KTEST_EXPECT(t, big_leaves > 0);
	}
}

/* Once the buddy owns memory, memblock refuses and changes nothing. */
static void closed_after_handover(struct ktest *t)
{
	phys_addr_t reserved_before = memblock_reserved_size();

	KTEST_EXPECT_EQ(t, memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), 0);
	KTEST_EXPECT(t, memblock_alloc_node(PAGE_SIZE, PAGE_SIZE, 0) == NULL);
	KTEST_EXPECT_EQ(t, memblock_reserved_size(), reserved_before);
}

static const struct ktest_case memblock_cases[] = {
	KTEST_CASE(memory_matches_plan),
	KTEST_CASE(image_and_dtb_reserved),
	KTEST_CASE(node_metadata_on_node),
	KTEST_CASE(closed_after_handover),
};
KTEST_SUITE(memblock_ktest_suite, "memblock", memblock_cases);

static void distances_valid(struct ktest *t)
{
	int a, b;

	for_each_online_node(a) {
		KTEST_EXPECT_EQ(t, node_distance(a, a), LOCAL_DISTANCE);
		for_each_online_node(b)
			if (a != b)
				KTEST_EXPECT(t, node_distance(a, b) > LOCAL_DISTANCE);
	}
}

static void distances_match_plan(struct ktest *t)
{
	const struct boot_plan *plan = boot_plan_get();
	int a, b;

	if (!plan->numa_valid) {
		ktest_skip(t, "no NUMA information in the device tree");
		return;
	}
	for_each_online_node(a)
		for_each_online_node(b)
			KTEST_EXPECT_EQ(t, node_distance(a, b), plan->distance[a][b]);
}

static void node_states_consistent(struct ktest *t)
{
	const struct memblock_region *r;
	unsigned int cpu;
	int nid;

	for_each_online_cpu(cpu)
		KTEST_EXPECT(t, node_state(cpu_to_node(cpu), N_CPU));
	for_each_memblock(memory, r)
		KTEST_EXPECT(t, node_state(r->nid == NUMA_NO_NODE ? 0 : r->nid,
					   N_MEMORY));
	for_each_online_node(nid)
		KTEST_EXPECT(t, node_state(nid, N_MEMORY) || node_state(nid, N_CPU));
	KTEST_EXPECT(t, node_online(numa_node_id()));
}

static const struct ktest_case numa_cases[] = {
	KTEST_CASE(distances_valid),
	KTEST_CASE(distances_match_plan),
	KTEST_CASE(node_states_consistent),
};
KTEST_SUITE(numa_ktest_suite, "numa", numa_cases);
