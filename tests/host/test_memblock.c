// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/memblock.c (and lib/bitmap.c's sysfs formats): the
 * real code over an mmap'd arena standing for 4 GiB of RAM at 0x80000000,
 * the QEMU virt layout.
 */
#include <stdlib.h>

#include "tests/host/harness.h"
#include "kernel/errno.h"
#include "kernel/fdt/boot_plan.h"
#include "lib/bitmap.h"
#include "mm/memblock.h"
#include <asm/page.h>

#define RAM_BASE 0x80000000ULL
#define GIB (1ULL << 30)

static void reset(void)
{
	memblock.memory.cnt = 0;
	memblock.reserved.cnt = 0;
	memblock.current_limit = ~(phys_addr_t)0;
}

/* Two nodes of 2 GiB, as `make run` boots. */
static void two_nodes(void)
{
	reset();
	CHECK_EQ(memblock_add_node(RAM_BASE, 2 * GIB, 0), 0);
	CHECK_EQ(memblock_add_node(RAM_BASE + 2 * GIB, 2 * GIB, 1), 0);
}

static void test_adjacent_regions_merge_per_node(void)
{
	reset();
	memblock_add_node(RAM_BASE, GIB, 0);
	memblock_add_node(RAM_BASE + GIB, GIB, 0);
	memblock_add_node(RAM_BASE + 2 * GIB, GIB, 1);
	CHECK_EQ(memblock.memory.cnt, 2);
	CHECK_EQ(memblock.memory.regions[0].size, 2 * GIB);
	CHECK_EQ(memblock_phys_mem_size(), 3 * GIB);
	CHECK_EQ(memblock_start_of_DRAM(), RAM_BASE);
	CHECK_EQ(memblock_end_of_DRAM(), RAM_BASE + 3 * GIB);
}

static void test_overlapping_memory_counted_once(void)
{
	reset();
	memblock_add_node(RAM_BASE, 2 * GIB, 0);
	CHECK_EQ(memblock_add_node(RAM_BASE + GIB, 2 * GIB, 1), 0);
	CHECK_EQ(memblock_phys_mem_size(), 3 * GIB);
	CHECK_EQ(memblock.memory.regions[1].base, RAM_BASE + 2 * GIB);
	CHECK_EQ(memblock.memory.regions[1].nid, 1);
	CHECK(log_contains("overlaps"));
}

static void test_bad_ranges_rejected(void)
{
	reset();
	CHECK_EQ(memblock_add(RAM_BASE, 0), -EINVAL);
	CHECK(log_contains("empty"));
	CHECK_EQ(memblock_add(~0ULL - 10, 100), -EINVAL);
	CHECK(log_contains("wrapping"));
	CHECK_EQ(memblock_reserve(RAM_BASE, 0), -EINVAL);
	CHECK_EQ(memblock.memory.cnt, 0);
	CHECK_EQ(memblock.reserved.cnt, 0);
}

static void test_reservations_merge_and_free(void)
{
	two_nodes();
	memblock_reserve(RAM_BASE, 0x10000);
	memblock_reserve(RAM_BASE + 0x8000, 0x10000);	/* overlaps */
	memblock_reserve(RAM_BASE + 0x18000, 0x1000);	/* touches */
	CHECK_EQ(memblock.reserved.cnt, 1);
	CHECK_EQ(memblock_reserved_size(), 0x19000);
	CHECK_EQ(memblock_phys_free(RAM_BASE + 0x4000, 0x1000), 0);
	CHECK_EQ(memblock.reserved.cnt, 2);
	CHECK_EQ(memblock_reserved_size(), 0x18000);
	CHECK(!memblock_is_region_reserved(RAM_BASE + 0x4000, 0x1000));
	CHECK(memblock_is_region_reserved(RAM_BASE + 0x3fff, 0x1000));
}

static void test_nomap_splits_region(void)
{
	two_nodes();
	CHECK_EQ(memblock_mark_nomap(RAM_BASE + GIB, 0x200000), 0);
	CHECK_EQ(memblock.memory.cnt, 4);
	CHECK_EQ(memblock.memory.regions[1].flags, MEMBLOCK_NOMAP);
	CHECK_EQ(memblock.memory.regions[1].nid, 0);
	CHECK_EQ(memblock_phys_mem_size(), 4 * GIB);
	/* Nothing is ever allocated from no-map memory. */
	memblock_set_current_limit(RAM_BASE + GIB + 0x200000);
	CHECK(memblock_phys_alloc(0x1000, 0x1000) < RAM_BASE + GIB);
}

static void test_alloc_top_down_aligned_reserved(void)
{
	phys_addr_t a, b;

	two_nodes();
	a = memblock_phys_alloc(0x3000, 0x1000);
	CHECK_EQ(a, RAM_BASE + 4 * GIB - 0x3000);
	b = memblock_phys_alloc(0x1000, 0x200000);
	CHECK_EQ(b, RAM_BASE + 4 * GIB - 0x200000);
	CHECK(memblock_is_region_reserved(a, 0x3000));
	CHECK(memblock_is_region_reserved(b, 0x1000));
	CHECK_EQ(memblock_reserved_size(), 0x4000);
}

static void test_alloc_skips_reservations(void)
{
	phys_addr_t pa;

	reset();
	memblock_add(RAM_BASE, 0x10000);
	memblock_reserve(RAM_BASE + 0x8000, 0x8000);
	memblock_reserve(RAM_BASE + 0x2000, 0x2000);
	pa = memblock_phys_alloc(0x4000, 0x1000);
	CHECK_EQ(pa, RAM_BASE + 0x4000);
	pa = memblock_phys_alloc(0x2000, 0x1000);
	CHECK_EQ(pa, RAM_BASE);
	CHECK_EQ(memblock_phys_alloc(0x1000, 0x1000), 0);
}

static void test_alloc_by_node(void)
{
	phys_addr_t pa;

	two_nodes();
	pa = memblock_alloc_range_nid(0x1000, 0x1000, 0, 0, 0, true);
	CHECK(pa >= RAM_BASE && pa < RAM_BASE + 2 * GIB);
	pa = memblock_alloc_range_nid(0x1000, 0x1000, 0, 0, 1, true);
	CHECK(pa >= RAM_BASE + 2 * GIB);
	/* A memoryless node: exact fails, the fallback finds another node. */
	CHECK_EQ(memblock_alloc_range_nid(0x1000, 0x1000, 0, 0, 2, true), 0);
	CHECK(memblock_alloc_range_nid(0x1000, 0x1000, 0, 0, 2, false) != 0);
}

static void test_alloc_window_limit_and_failure(void)
{
	phys_addr_t before, pa;

	two_nodes();
	pa = memblock_alloc_range_nid(0x1000, 0x1000, RAM_BASE + 0x100000,
				      RAM_BASE + 0x200000, NUMA_NO_NODE, true);
	CHECK_EQ(pa, RAM_BASE + 0x1ff000);
	memblock_set_current_limit(RAM_BASE + GIB);
	CHECK(memblock_phys_alloc(0x1000, 0x1000) < RAM_BASE + GIB);
	before = memblock_reserved_size();
	CHECK_EQ(memblock_phys_alloc(8 * GIB, 0x1000), 0);
	CHECK_EQ(memblock_phys_alloc(0x1000, 3), 0);	/* not a power of 2 */
	CHECK_EQ(memblock_phys_alloc(0, 0x1000), 0);
	CHECK_EQ(memblock_reserved_size(), before);
}

static void test_alloc_node_returns_zeroed_linear_memory(void)
{
	unsigned char *p;

	two_nodes();
	memblock_set_current_limit(RAM_BASE + 0x1000000);
	p = memblock_alloc_node(0x2000, 0x1000, 0);
	CHECK(p != NULL);
	if (p) {
		CHECK_EQ(virt_to_phys(p), RAM_BASE + 0x1000000 - 0x2000);
		for (int i = 0; i < 0x2000; i++)
			if (p[i])
				CHECK(!"memory not zeroed");
	}
}

static void test_full_list_reported(void)
{
	reset();
	for (int i = 0; i < MEMBLOCK_MAX_REGIONS; i++)
		CHECK_EQ(memblock_reserve(RAM_BASE + i * 0x2000ULL, 0x1000), 0);
	CHECK_EQ(memblock_reserve(RAM_BASE + 0x1000000, 0x1000), -ENOSPC);
	CHECK(log_contains("reserved list full"));
	CHECK_EQ(memblock.reserved.cnt, MEMBLOCK_MAX_REGIONS);
}

static void test_plan_reservations_applied(void)
{
	static struct boot_plan plan;

	memset(&plan, 0, sizeof(plan));
	plan.numa_valid = false;
	plan.nr_memory = 1;
	plan.memory[0] = (struct plan_memory){ RAM_BASE, 2 * GIB, NUMA_NO_NODE };
	plan.nr_reserved = 3;
	plan.reserved[0] = (struct plan_reserved){ .base = RAM_BASE, .size = 0x80000,
						   .no_map = true, .name = "fw" };
	plan.reserved[1] = (struct plan_reserved){ .base = 0x10000000, .size = 0x1000,
						   .name = "outside" };
	plan.reserved[2] = (struct plan_reserved){
		.size = 0x400000, .dynamic = true, .alignment = 0x400000,
		.alloc_base = RAM_BASE + GIB, .alloc_size = 0x1000000,
		.name = "pool" };
	reset();
	memblock_init_memory(&plan);
	memblock_init_reserved(&plan);
	CHECK_EQ(memblock.memory.regions[0].nid, 0);	/* no NUMA: node 0 */
	CHECK_EQ(memblock.memory.regions[0].flags, MEMBLOCK_NOMAP);
	CHECK(memblock_is_region_reserved(RAM_BASE, 0x80000));
	CHECK(log_contains("outside memory"));
	CHECK(!memblock_is_region_reserved(0x10000000, 0x1000));
	CHECK_EQ(plan.reserved[2].base, RAM_BASE + GIB + 0xc00000);
	CHECK(memblock_is_region_reserved(plan.reserved[2].base, 0x400000));
}

/*
 * The kernel image must lie in memory (else the kernel panics), and the
 * device tree cannot take it out of the linear map: dts/hostile/'s
 * memory-no-kernel and reserved-over-kernel trees, as memblock sees them.
 */
static void test_kernel_image_kept(void)
{
	static struct boot_plan plan;
	const phys_addr_t kernel = RAM_BASE + 0x200000, kernel_size = 0xf3000;

	reset();
	CHECK_EQ(memblock_add(RAM_BASE + 2 * GIB, 2 * GIB), 0);
	CHECK_EQ(memblock_reserve_kernel(kernel, kernel_size), -ENOENT);
	CHECK(log_contains("error: the kernel image [0x80200000-0x802f2fff] is not inside the memory the device tree describes:\n"));
	CHECK(log_contains(" memory[0]\t[0x0000000100000000-0x000000017fffffff]"));
	CHECK(!memblock_is_region_reserved(kernel, kernel_size));
	/* Half of it in memory is no better. */
	reset();
	CHECK_EQ(memblock_add(RAM_BASE, 0x280000), 0);
	CHECK_EQ(memblock_reserve_kernel(kernel, kernel_size), -ENOENT);

	memset(&plan, 0, sizeof(plan));
	plan.nr_memory = 1;
	plan.memory[0] = (struct plan_memory){ RAM_BASE, 4 * GIB, NUMA_NO_NODE };
	plan.nr_reserved = 4;
	plan.reserved[0] = (struct plan_reserved){ .base = kernel, .size = 0x100000,
						   .source = RESERVED_MEMRESERVE };
	plan.reserved[1] = (struct plan_reserved){ .base = RAM_BASE, .size = 0x1000000,
						   .no_map = true, .name = "fw@80000000" };
	plan.reserved[2] = (struct plan_reserved){ .base = RAM_BASE + 4 * GIB - 0x100000,
						   .size = 0x200000, .name = "edge" };
	plan.reserved[3] = (struct plan_reserved){ .base = RAM_BASE + 0x2000000,
						   .size = 0x200000, .no_map = true,
						   .name = "carveout" };
	reset();
	log_buf_clear();
	memblock_init_memory(&plan);
	CHECK_EQ(memblock_reserve_kernel(kernel, kernel_size), 0);
	CHECK(memblock_is_region_reserved(kernel, kernel_size));
	memblock_init_reserved(&plan);
	CHECK(log_contains("warning: reserved range /memreserve/ [0x80200000-0x802fffff] covers the kernel image [0x80200000-0x802f2fff]: reserved\n"));
	CHECK(log_contains("warning: reserved range fw@80000000 [0x80000000-0x80ffffff] covers the kernel image [0x80200000-0x802f2fff]: reserved, but no-map refused: the kernel runs there\n"));
	CHECK(log_contains("warning: reserved range edge [0x17ff00000-0x1800fffff] reaches outside memory; the part inside is reserved\n"));
	CHECK(memblock_is_region_reserved(RAM_BASE, 0x1000000));
	CHECK(memblock_is_region_reserved(RAM_BASE + 4 * GIB - 0x100000, 0x100000));
	/* Mapped, all of it, but the carve-out that stays clear of the image. */
	CHECK_EQ(memblock.memory.cnt, 3);
	CHECK_EQ(memblock.memory.regions[0].flags, MEMBLOCK_NONE);
	CHECK(memblock.memory.regions[0].base == RAM_BASE &&
	      memblock.memory.regions[0].size == 0x2000000);
	CHECK_EQ(memblock.memory.regions[1].flags, MEMBLOCK_NOMAP);
	CHECK(memblock.memory.regions[1].base == RAM_BASE + 0x2000000);
	CHECK_EQ(memblock.memory.regions[2].flags, MEMBLOCK_NONE);
}

static void test_bitmap_formats(void)
{
	unsigned long bits[2] = { 0xf0UL | 1UL << 10 | 1UL << 11, 1UL };
	char buf[64];

	bitmap_print_list(buf, sizeof(buf), bits, 8);
	CHECK(!strcmp(buf, "4-7"));
	bitmap_print_list(buf, sizeof(buf), bits, 128);
	CHECK(!strcmp(buf, "4-7,10-11,64"));
	bitmap_print_mask(buf, sizeof(buf), bits, 8);
	CHECK(!strcmp(buf, "f0"));
	bitmap_print_mask(buf, sizeof(buf), bits, 40);
	CHECK(!strcmp(buf, "00,00000cf0"));
	bits[0] = 0;
	bitmap_print_list(buf, sizeof(buf), bits, 8);
	CHECK(!strcmp(buf, ""));
}

int main(void)
{
	if (!host_memory_init(RAM_BASE, 4 * GIB)) {
		printf("Bail out! cannot map the 4 GiB arena\n");
		return 1;
	}
	ktap_plan(14);
	RUN(test_adjacent_regions_merge_per_node);
	RUN(test_overlapping_memory_counted_once);
	RUN(test_bad_ranges_rejected);
	RUN(test_reservations_merge_and_free);
	RUN(test_nomap_splits_region);
	RUN(test_alloc_top_down_aligned_reserved);
	RUN(test_alloc_skips_reservations);
	RUN(test_alloc_by_node);
	RUN(test_alloc_window_limit_and_failure);
	RUN(test_alloc_node_returns_zeroed_linear_memory);
	RUN(test_full_list_reported);
	RUN(test_plan_reservations_applied);
	RUN(test_kernel_image_kept);
	RUN(test_bitmap_formats);
	return ktap_done();
}
