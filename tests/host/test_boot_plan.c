// SPDX-License-Identifier: MIT
/*
 * DOC: test_boot_plan - the DT -> boot plan rules, case by case
 *
 * QEMU's dumps (dtbs.h) are checked against what QEMU was told: harts,
 * memory and harts per node, the distance matrix, the console, bootargs
 * and initrd. The dts/fixtures/ trees each isolate one rule: reserved
 * memory of every kind, distance maps valid and invalid, partial or
 * out-of-range node ids, memoryless and CPU-less nodes, /chosen with 32-
 * and 64-bit initrd cells and aliased stdout-path, hart rules, bad reg
 * cells. A tree built with libfdt's writer overflows every table and
 * string. Last, build/host/dtinfo is run as a user would.
 */
#define _GNU_SOURCE	/* memmem */
#include <libfdt.h>
#include <libgen.h>
#include <sys/wait.h>

#include "kernel/errno.h"
#include "kernel/fdt/boot_plan.h"
#include "kernel/fdt/fdt.h"
#include "tests/host/dtbs.h"
#include "tests/host/harness.h"

#define OVERFLOW_ENTRIES 70	/* more than any table of the plan holds */

static struct boot_plan plan;	/* large: never on the stack */
static char dtinfo_path[512];

/* Checks and plans test DTB @name; Returns boot_plan_from_dt()'s result. */
static int plan_for(const char *name)
{
	const struct test_dtb *t = find_test_dtb(name);
	const char *why = NULL;

	if (dt_check(t->blob, t->size, &why)) {
		printf("# %s: %s\n", name, why);
		ktap_case_failed = 1;
	}
	return boot_plan_from_dt(&plan, t->blob);
}

/* Returns the bytes of memory the plan puts on @node. */
static u64 node_memory(int node)
{
	u64 bytes = 0;

	for (unsigned int i = 0; i < plan.nr_memory; i++)
		if (plan.memory[i].node == node)
			bytes += plan.memory[i].size;
	return bytes;
}

/* Returns the number of usable harts the plan puts on @node (-1: any). */
static unsigned int usable_harts(int node)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < plan.nr_harts; i++)
		n += plan.harts[i].usable &&
		     (node < 0 || plan.harts[i].node == node);
	return n;
}

/* Returns the plan's hart with @hartid, or NULL. */
static const struct plan_hart *hart_with_id(unsigned long hartid)
{
	for (unsigned int i = 0; i < plan.nr_harts; i++)
		if (plan.harts[i].hartid == hartid)
			return &plan.harts[i];
	return NULL;
}

/* Returns the @index-th reserved entry called @name from @source, or NULL. */
static const struct plan_reserved *reserved_entry(enum plan_reserved_source source,
						  const char *name, int index)
{
	for (unsigned int i = 0; i < plan.nr_reserved; i++) {
		const struct plan_reserved *r = &plan.reserved[i];

		if (r->source == source && !strcmp(r->name, name) && !index--)
			return r;
	}
	static const struct plan_reserved none;

	printf("# no reserved entry called \"%s\"\n", name);
	ktap_case_failed = 1;
	return &none;
}

/* Checks that no node or hart claims a node id (NUMA off). */
static void check_numa_off(const char *reason)
{
	CHECK(!plan.numa_valid);
	CHECK_EQ(plan.nr_nodes, 1);
	CHECK(strstr(plan.numa_fallback_reason, reason));
	for (unsigned int i = 0; i < plan.nr_memory; i++)
		CHECK_EQ(plan.memory[i].node, 0);
	for (unsigned int i = 0; i < plan.nr_harts; i++)
		CHECK_EQ(plan.harts[i].node, 0);
}

/* Checks that every distance is the default 10 local / 20 remote. */
static void check_default_distances(void)
{
	CHECK(!plan.distance_from_dt);
	for (int a = 0; a < BOOT_PLAN_MAX_NODES; a++)
		for (int b = 0; b < BOOT_PLAN_MAX_NODES; b++)
			CHECK_EQ(plan.distance[a][b], a == b ? 10 : 20);
}

/* ------------------------------------------------------------ QEMU --- */

static void check_qemu_numa(const struct qemu_config *c)
{
	unsigned int first_hart = 0;

	CHECK(plan.numa_valid);
	CHECK(plan.distance_from_dt);
	CHECK_EQ(plan.nr_nodes, c->nr_nodes);
	for (unsigned int n = 0; n < c->nr_nodes; n++) {
		CHECK_EQ(node_memory(n), (u64)c->node_mib[n] * SZ_1M);
		CHECK_EQ(usable_harts(n), c->node_harts[n]);
		for (unsigned int h = 0; h < c->node_harts[n]; h++) {
			const struct plan_hart *hart = hart_with_id(first_hart + h);

			CHECK(hart && hart->node == (int)n);
		}
		first_hart += c->node_harts[n];
	}
	for (unsigned int a = 0; a < c->nr_nodes; a++)
		for (unsigned int b = 0; b < c->nr_nodes; b++)
			CHECK_EQ(plan.distance[a][b],
				 a == b ? 10 : c->distance[min(a, b)][max(a, b)]);
}

/* The plan of QEMU's dump of @c must describe the machine @c asked for. */
static void qemu_case(const struct qemu_config *c)
{
	const struct test_dtb *t = find_test_dtb(c->name);
	u64 total = 0;

	CHECK_EQ(plan_for(c->name), 0);
	CHECK_EQ(plan.nr_harts, c->smp);
	CHECK_EQ(usable_harts(-1), c->usable_harts);
	for (unsigned int i = 0; i < plan.nr_memory; i++)
		total += plan.memory[i].size;
	CHECK_EQ(total, (u64)c->mem_mib * SZ_1M);
	CHECK(plan.timebase_frequency > 0);
	CHECK(plan.model[0]);
	if (c->nr_nodes) {
		check_qemu_numa(c);
	} else {
		check_numa_off("no numa-node-id in the device tree");
		check_default_distances();
	}
	CHECK(!strcmp(plan.stdout_path, c->console));
	CHECK_EQ(plan.stdout_node, dt_path_offset(t->blob, c->console));
	CHECK(plan.stdout_node > 0);
	if (c->initrd) {
		CHECK_EQ(plan.initrd_end - plan.initrd_start, INITRD_TEST_SIZE);
		CHECK(!strcmp(plan.bootargs, INITRD_TEST_BOOTARGS));
		CHECK_EQ(reserved_entry(RESERVED_INITRD, "", 0)->base,
			 ALIGN_DOWN(plan.initrd_start, SZ_4K));
	} else {
		CHECK_EQ(plan.initrd_start, 0);
		CHECK_EQ(plan.initrd_end, 0);
	}
	for (unsigned int i = 0; i < plan.nr_harts; i++)
		if (!plan.harts[i].usable)	/* sifive_u's E51 */
			CHECK(!strcmp(plan.harts[i].skip_reason, "no mmu-type"));
	boot_plan_print(&plan);
	CHECK(log_contains("harts: "));
}

/* ---------------------------------------------------------- fixtures --- */

static void test_reserved_memory(void)
{
	const struct plan_reserved *r;

	CHECK_EQ(plan_for("fixture-reserved-memory"), 0);
	CHECK_EQ(plan.nr_reserved, 7);
	r = reserved_entry(RESERVED_MEMRESERVE, "", 0);
	CHECK(r->base == 0x87f00000 && r->size == 0x100000);
	r = reserved_entry(RESERVED_MEMRESERVE, "", 1);
	CHECK(r->base == 0x8ff00000 && r->size == 0x1000);
	r = reserved_entry(RESERVED_NODE, "mmode_resv0@80000000", 0);
	CHECK(r->base == 0x80000000 && r->size == 0x80000);
	CHECK(r->no_map && !r->reusable && !r->dynamic);
	r = reserved_entry(RESERVED_NODE, "firmware@88000000", 1);
	CHECK(r->base == 0x88200000 && r->size == 0x20000 && !r->no_map);
	r = reserved_entry(RESERVED_NODE, "linux,cma", 0);
	CHECK(r->dynamic && r->reusable && !r->no_map);
	CHECK(r->base == 0 && r->size == 0x4000000 && r->alignment == 0x400000);
	CHECK(r->alloc_base == 0x90000000 && r->alloc_size == 0x10000000);
	CHECK(!strcmp(r->compatible, "shared-dma-pool"));
	r = reserved_entry(RESERVED_NODE, "dma-pool@b0000000", 0);
	CHECK(r->no_map && r->base == 0xb0000000 && r->size == 0x100000);
	CHECK(!strcmp(r->compatible, "shared-dma-pool"));
	CHECK_LOGGED("firmware@88000000: zero-size entry at 0x88100000 dropped",
		     "only the first of 2 alloc-ranges is kept",
		     "disabled@b8000000 is disabled, skipped",
		     "conflict@b9000000: no-map and reusable exclude each other",
		     "empty has neither reg nor size, skipped",
		     "short-size: size is not a non-zero 2-cell number");
}

static void test_reserved_memory_mismatch(void)
{
	CHECK_EQ(plan_for("fixture-reserved-memory-mismatch"), 0);
	CHECK_EQ(plan.nr_reserved, 0);
	CHECK(log_contains("reserved-memory: unsupported node format"));
}

static void test_distance_map_fill(void)
{
	static const u8 expected[4][4] = {
		{ 10, 15, 30, 20 },
		{ 15, 10, 20, 20 },
		{ 30, 20, 10, 25 },
		{ 20, 20, 40, 10 },
	};

	CHECK_EQ(plan_for("fixture-numa-distance"), 0);
	CHECK(plan.numa_valid);
	CHECK(plan.distance_from_dt);
	CHECK_EQ(plan.nr_nodes, 4);
	for (int a = 0; a < 4; a++)
		for (int b = 0; b < 4; b++)
			CHECK_EQ(plan.distance[a][b], expected[a][b]);
}

static const struct invalid_distance_case {
	const char *fixture;
	const char *reason;
} invalid_distance_cases[] = {
	{ "fixture-numa-distance-bad-local", "Invalid distance[node1 -> node1] = 20" },
	{ "fixture-numa-distance-bad-remote", "Invalid distance[node2 -> node3] = 10" },
	{ "fixture-numa-distance-bad-node", "it names node 7, the tree has 4" },
	{ "fixture-numa-distance-bad-length", "is 20 bytes, not whole" },
};

/* An invalid map keeps the node assignment and defaults every distance. */
static void invalid_distance_case(const struct invalid_distance_case *c)
{
	CHECK_EQ(plan_for(c->fixture), 0);
	CHECK(plan.numa_valid);
	CHECK_EQ(plan.nr_nodes, 4);
	CHECK_EQ(usable_harts(3), 1);
	check_default_distances();
	CHECK_LOGGED("NUMA: invalid distance-map (",
		     c->reason);
}

static void test_numa_partial_memory(void)
{
	CHECK_EQ(plan_for("fixture-numa-partial-memory"), 0);
	check_numa_off("memory at 0xb0000000 has no numa-node-id but others have one");
	check_default_distances();
}

static void test_numa_partial_cpu(void)
{
	CHECK_EQ(plan_for("fixture-numa-partial-cpu"), 0);
	check_numa_off("hart 3 has no numa-node-id but others have one");
}

static void test_numa_out_of_range(void)
{
	CHECK_EQ(plan_for("fixture-numa-out-of-range"), 0);
	check_numa_off("hart 3 has a numa-node-id that is malformed or above 15");
	CHECK(log_contains("cpu@3: numa-node-id 16 exceeds the maximum 15"));
}

static void test_numa_memoryless_cpuless(void)
{
	CHECK_EQ(plan_for("fixture-numa-memoryless-cpuless"), 0);
	CHECK(plan.numa_valid);
	CHECK_EQ(plan.nr_nodes, 4);
	CHECK_EQ(node_memory(0), 256 * SZ_1M);
	CHECK_EQ(usable_harts(0), 2);
	CHECK_EQ(node_memory(2), 512 * SZ_1M);	/* CPU-less */
	CHECK_EQ(usable_harts(2), 0);
	CHECK_EQ(node_memory(3), 0);		/* memoryless */
	CHECK_EQ(usable_harts(3), 1);
	boot_plan_print(&plan);
	CHECK_LOGGED("  node 0: 256 MiB, harts 0,2\n",
		     "  node 2: 512 MiB, no harts\n",
		     "  node 3: no memory, harts 3\n");
}

static void test_chosen_initrd32_alias_options(void)
{
	const void *blob = find_test_dtb("fixture-chosen-initrd32")->blob;
	const struct plan_reserved *r;

	CHECK_EQ(plan_for("fixture-chosen-initrd32"), 0);
	CHECK(!strcmp(plan.bootargs, "console=ttyS0,115200 root=/dev/ram0 rw"));
	CHECK(!strcmp(plan.stdout_path, "/soc/serial@10000000"));
	CHECK(!strcmp(plan.stdout_options, "115200n8"));
	CHECK_EQ(plan.stdout_node, dt_path_offset(blob, "/soc/serial@10000000"));
	CHECK_EQ(plan.initrd_start, 0x84000000);
	CHECK_EQ(plan.initrd_end, 0x84100800);
	r = reserved_entry(RESERVED_INITRD, "", 0);
	CHECK(r->base == 0x84000000 && r->size == 0x101000);	/* whole pages */
	CHECK(plan.memory[0].base == 0x80000000 && plan.memory[0].size == 0x8000000);
	CHECK(!strcmp(plan.model, "tern,chosen-fixture-32"));
}

static void test_chosen_initrd64_legacy_stdout(void)
{
	const void *blob = find_test_dtb("fixture-chosen-initrd64")->blob;

	CHECK_EQ(plan_for("fixture-chosen-initrd64"), 0);
	CHECK(!strcmp(plan.stdout_path, "/soc/serial@10000000"));
	CHECK(!strcmp(plan.stdout_options, ""));
	CHECK_EQ(plan.stdout_node, dt_path_offset(blob, "/soc/serial@10000000"));
	CHECK(plan.initrd_start == 0x100000000ULL);
	CHECK(plan.initrd_end == 0x100200000ULL);
	CHECK(plan.timebase_frequency == 1000000000ULL);
	CHECK(!strcmp(plan.model, "tern,chosen-fixture-64"));
	CHECK(plan.bootargs[0] == '\0');
}

static void test_hart_rules(void)
{
	static const struct {
		unsigned int index;
		unsigned long hartid;
		const char *skip_reason;	/* "" for usable */
	} expected[] = {
		{ 0, 0, "" },
		{ 1, 1, "status disabled" },
		{ 2, 2, "mmu-type riscv,none" },
		{ 3, 3, "no mmu-type" },
		{ 4, 4, "riscv,isa is not rv64ima" },
		{ 5, 5, "no riscv,isa" },
		{ 6, 0, "duplicate hartid" },
		{ 7, 7, "not compatible with \"riscv\"" },
		{ 8, 0x100000000UL, "" },
		{ 9, 10, "mmu-type riscv,sv64" },
	};

	CHECK_EQ(plan_for("fixture-harts"), -ENODEV);
	CHECK_LOGGED("no usable memory node in the device tree",
		     "cpus: cpu@9 has no hartid in reg, ignored");
	CHECK_EQ(plan.nr_harts, ARRAY_SIZE(expected));
	for (size_t i = 0; i < ARRAY_SIZE(expected); i++) {
		const struct plan_hart *h = &plan.harts[expected[i].index];

		CHECK_EQ(h->hartid, expected[i].hartid);
		CHECK_EQ(h->usable, !expected[i].skip_reason[0]);
		CHECK(!strcmp(h->skip_reason, expected[i].skip_reason));
	}
	CHECK_EQ(plan.harts[0].phandle, 0x10);
	CHECK(!strcmp(plan.harts[0].mmu_type, "riscv,sv39"));
	CHECK(!strcmp(plan.harts[8].isa, "RV64IMAFDC"));
	CHECK_EQ(plan.timebase_frequency, 4000000);
}

static void test_bad_cells(void)
{
	CHECK_EQ(plan_for("fixture-bad-cells"), 0);
	CHECK_EQ(plan.nr_memory, 1);	/* memory@80100000 lies inside it */
	CHECK(plan.memory[0].base == 0x80000000 && plan.memory[0].size == 0x10000000);
	CHECK_LOGGED("memory@80100000: [mem 0x0000000080100000-0x0000000080100fff] overlaps [mem 0x0000000080000000-0x000000008fffffff]: the overlap is counted once, there\n",
		     "memory@90000000: reg ignored: length is not a multiple of the entry size",
		     "memory@a0000000: reg ignored: #address-cells is larger than 4 (#address-cells 5,",
		     "memory@a1000000: reg ignored: #address-cells is larger than 4 (#address-cells 4294967295,",
		     "memory@0: reg ignored: #address-cells and #size-cells are both 0",
		     "memory@a2000000: reg ignored: the parent's #size-cells is not one cell",
		     "memory@c0000000: zero-size entry at 0xc0000000 dropped",
		     "memory@d0000000 is disabled, skipped");
}

/* ----------------------------------------------------------- hostile --- */

/*
 * dts/hostile/: the trees tests/qemu/matrix boots (hostile-NAME), each a
 * well-formed FDT with wrong content on QEMU virt -smp 8 -m 4G. Each case
 * checks the plan and the lines the kernel logs for it; what memblock and
 * SMP bring-up do with the plan is in test_memblock and the boots.
 */

static void hostile_memory_overlap(void)
{
	CHECK_EQ(plan_for("hostile-memory-overlap"), 0);
	CHECK_EQ(plan.nr_memory, 2);
	CHECK(plan.numa_valid);
	CHECK_EQ(plan.nr_nodes, 2);
	CHECK_EQ(node_memory(0), 3 * SZ_1G);	/* the overlap stays here */
	CHECK_EQ(node_memory(1), 1 * SZ_1G);
	CHECK(plan.memory[1].base == 0x140000000ULL);
	CHECK_LOGGED("memory: memory@100000000: [mem 0x0000000100000000-0x000000017fffffff] overlaps [mem 0x0000000080000000-0x000000013fffffff] (node 0): the overlap is counted once, there\n");
}

static void hostile_memory_zero_size(void)
{
	CHECK_EQ(plan_for("hostile-memory-zero-size"), 0);
	CHECK_EQ(plan.nr_memory, 1);
	CHECK_EQ(node_memory(0), 4 * SZ_1G);
	CHECK_LOGGED("memory: memory@200000000: zero-size entry at 0x200000000 dropped\n",
		     "memory: memory@300000000 has an empty reg, skipped\n");
}

/* The plan cannot know where the kernel is: memblock_reserve_kernel() does. */
static void hostile_memory_no_kernel(void)
{
	CHECK_EQ(plan_for("hostile-memory-no-kernel"), 0);
	CHECK_EQ(plan.nr_memory, 1);
	CHECK(plan.memory[0].base == 0x100000000ULL &&
	      plan.memory[0].size == 2 * SZ_1G);
}

static void hostile_reserved_outside_ram(void)
{
	static const struct {
		const char *name;
		u64 base, size;
		bool no_map;
	} expected[] = {
		{ "far@200000000", 0x200000000ULL, SZ_1M, false },
		{ "below@40000000", 0x40000000, SZ_1M, false },
		{ "edge@17ff00000", 0x17ff00000ULL, 2 * SZ_1M, false },
		{ "nomap@17fe00000", 0x17fe00000ULL, 4 * SZ_1M, true },
	};

	CHECK_EQ(plan_for("hostile-reserved-outside-ram"), 0);
	CHECK_EQ(plan.nr_reserved, ARRAY_SIZE(expected));
	for (size_t i = 0; i < ARRAY_SIZE(expected); i++) {
		const struct plan_reserved *r =
			reserved_entry(RESERVED_NODE, expected[i].name, 0);

		CHECK(r->base == expected[i].base && r->size == expected[i].size);
		CHECK_EQ(r->no_map, expected[i].no_map);
	}
}

static void hostile_reserved_over_kernel(void)
{
	const struct plan_reserved *r;

	CHECK_EQ(plan_for("hostile-reserved-over-kernel"), 0);
	CHECK_EQ(plan.nr_reserved, 2);
	r = reserved_entry(RESERVED_MEMRESERVE, "", 0);
	CHECK(r->base == 0x80200000 && r->size == SZ_1M);
	r = reserved_entry(RESERVED_NODE, "fw@80000000", 0);
	CHECK(r->base == 0x80000000 && r->size == 16 * SZ_1M && r->no_map);
}

static void hostile_numa_beyond_distance_map(void)
{
	CHECK_EQ(plan_for("hostile-numa-beyond-distance-map"), 0);
	CHECK(plan.numa_valid);
	CHECK(plan.distance_from_dt);
	CHECK_EQ(plan.nr_nodes, 3);
	CHECK_EQ(node_memory(2), 2 * SZ_1G);
	CHECK_EQ(usable_harts(2), 4);
	CHECK_EQ(plan.distance[0][1], 30);
	CHECK_EQ(plan.distance[1][0], 30);
	CHECK_EQ(plan.distance[2][2], 10);
	for (int n = 0; n < 2; n++) {
		CHECK_EQ(plan.distance[2][n], 20);
		CHECK_EQ(plan.distance[n][2], 20);
	}
	CHECK_LOGGED("NUMA: distance-map does not name node 2: 10 local, 20 to every other node\n");
	CHECK(!log_contains("gives no distance between"));
}

static void hostile_numa_node_id_too_big(void)
{
	CHECK_EQ(plan_for("hostile-numa-node-id-too-big"), 0);
	check_numa_off("memory at 0x100000000 has a numa-node-id that is malformed or above 15");
	CHECK_EQ(usable_harts(0), 8);
	CHECK_EQ(node_memory(0), 4 * SZ_1G);
	CHECK_LOGGED("NUMA: memory@100000000: numa-node-id 4096 exceeds the maximum 15\n",
		     "NUMA: cpu@7: numa-node-id 16 exceeds the maximum 15\n",
		     "NUMA: off, one node: memory at 0x100000000 has a numa-node-id that is malformed or above 15\n");
}

static void hostile_distance_asymmetric(void)
{
	CHECK_EQ(plan_for("hostile-distance-asymmetric"), 0);
	CHECK(plan.numa_valid);
	CHECK(plan.distance_from_dt);
	CHECK_EQ(plan.distance[0][1], 20);
	CHECK_EQ(plan.distance[1][0], 40);
	CHECK_LOGGED("NUMA: distance-map is asymmetric: node0 -> node1 = 20, node1 -> node0 = 40; kept as given\n");
}

static void hostile_distance_self_not_10(void)
{
	CHECK_EQ(plan_for("hostile-distance-self-not-10"), 0);
	CHECK(plan.numa_valid);
	CHECK_EQ(plan.nr_nodes, 2);
	CHECK_EQ(usable_harts(1), 4);
	check_default_distances();
	CHECK_LOGGED("NUMA: invalid distance-map (Invalid distance[node1 -> node1] = 20), using 10 local / 20 remote\n");
}

static void hostile_memoryless_no_distance(void)
{
	CHECK_EQ(plan_for("hostile-memoryless-no-distance"), 0);
	CHECK(plan.numa_valid);
	CHECK_EQ(plan.nr_nodes, 3);
	CHECK_EQ(node_memory(2), 0);
	CHECK_EQ(usable_harts(2), 2);
	CHECK_EQ(plan.distance[0][1], 30);
	CHECK_EQ(plan.distance[2][0], 20);
	CHECK_EQ(plan.distance[2][1], 20);
	CHECK_LOGGED("NUMA: distance-map does not name node 2: 10 local, 20 to every other node\n");
}

static void hostile_hart_no_reg(void)
{
	CHECK_EQ(plan_for("hostile-hart-no-reg"), 0);
	CHECK_EQ(plan.nr_harts, 7);
	CHECK_EQ(usable_harts(-1), 7);
	CHECK(!hart_with_id(7));
	CHECK_LOGGED("cpus: cpu@7 has no hartid in reg, ignored\n");
}

static void hostile_hart_duplicate_reg(void)
{
	CHECK_EQ(plan_for("hostile-hart-duplicate-reg"), 0);
	CHECK_EQ(plan.nr_harts, 8);
	CHECK_EQ(usable_harts(-1), 7);
	CHECK(plan.harts[6].usable);
	CHECK(!plan.harts[7].usable && plan.harts[7].hartid == 6);
	CHECK(!strcmp(plan.harts[7].skip_reason, "duplicate hartid"));
	CHECK(!hart_with_id(7));
	CHECK_LOGGED("cpus: hart 6 not used: duplicate hartid\n");
}

/* The first node of each hartid runs it; arch/riscv/smp.c keeps it so. */
static void hostile_hart_duplicate_every_reg(void)
{
	CHECK_EQ(plan_for("hostile-hart-duplicate-every-reg"), 0);
	CHECK_EQ(plan.nr_harts, 16);
	CHECK_EQ(usable_harts(-1), 8);
	for (unsigned int i = 0; i < 16; i++) {
		CHECK_EQ(plan.harts[i].hartid, i % 8);
		CHECK_EQ(plan.harts[i].usable, i < 8);
		if (i >= 8)
			CHECK(!strcmp(plan.harts[i].skip_reason, "duplicate hartid"));
	}
	CHECK_LOGGED("cpus: hart 0 not used: duplicate hartid\n",
		     "cpus: hart 7 not used: duplicate hartid\n");
}

static void hostile_address_cells_3(void)
{
	const struct plan_reserved *r;

	CHECK_EQ(plan_for("hostile-address-cells-3"), 0);
	CHECK_EQ(plan.nr_memory, 1);
	CHECK(plan.memory[0].base == 0x80000000 && plan.memory[0].size == 4 * SZ_1G);
	r = reserved_entry(RESERVED_NODE, "firmware@80000000", 0);
	CHECK(r->base == 0x80000000 && r->size == 0x80000 && r->no_map);
	CHECK(!log_contains("does not fit"));
}

/* The other half: entries above 2^64, and a memory node under a 3-cell bus. */
static void hostile_wide_cells(void)
{
	const struct plan_reserved *r;

	CHECK_EQ(plan_for("fixture-wide-cells"), 0);
	CHECK_EQ(plan.nr_memory, 2);
	CHECK(plan.memory[0].base == 0x80000000 && plan.memory[0].size == 256 * SZ_1M);
	CHECK(plan.memory[1].base == 0xa0000000 && plan.memory[1].size == 16 * SZ_1M);
	CHECK_EQ(plan.nr_reserved, 1);
	r = reserved_entry(RESERVED_NODE, "firmware@88000000", 0);
	CHECK(r->base == 0x88000000 && r->size == 0x80000);
	CHECK_EQ(plan.nr_harts, 1);
	CHECK_EQ(plan.harts[0].hartid, 0);
	CHECK_LOGGED("memory: memory@1,80000000: entry 0 does not fit in 64 bits (#address-cells 3, #size-cells 2), dropped\n",
		     "reserved-memory: firmware@88000000: entry 1 does not fit in 64 bits (#address-cells 3, #size-cells 2), dropped\n",
		     "cpus: cpu@1,1: hartid does not fit in 64 bits, ignored\n");
}

static void hostile_stdout_path_nothing(void)
{
	CHECK_EQ(plan_for("hostile-stdout-path-nothing"), 0);
	CHECK(!strcmp(plan.stdout_path, "/soc/serial@20000000"));
	CHECK_EQ(plan.stdout_node, -1);
	CHECK_LOGGED("chosen: stdout-path \"/soc/serial@20000000\" names no node\n");
	boot_plan_print(&plan);
	CHECK_LOGGED("console: /soc/serial@20000000 (no such node)\n");
}

/*
 * A one-hart tree built with libfdt's writer: one memory node with
 * @nr_regs (at most 4) 2+2-cell entries from @regs (base, size pairs; an
 * empty reg for 0), an alias serial0 for a UART, and /chosen with
 * stdout-path @stdout (NULL: no /chosen).
 */
static void *small_dtb(const u64 *regs, int nr_regs, const char *stdout)
{
	size_t size = 1 << 14;
	void *fdt = malloc(size);
	fdt32_t reg[16];

	fdt_create(fdt, size);
	fdt_finish_reservemap(fdt);
	fdt_begin_node(fdt, "");
	fdt_property_u32(fdt, "#address-cells", 2);
	fdt_property_u32(fdt, "#size-cells", 2);
	fdt_begin_node(fdt, "aliases");
	fdt_property_string(fdt, "serial0", "/soc/serial@10000000");
	fdt_end_node(fdt);
	if (stdout) {
		fdt_begin_node(fdt, "chosen");
		fdt_property_string(fdt, "stdout-path", stdout);
		fdt_end_node(fdt);
	}
	fdt_begin_node(fdt, "memory@80000000");
	fdt_property_string(fdt, "device_type", "memory");
	for (int i = 0; i < 2 * nr_regs && i < 8; i++) {
		reg[2 * i] = cpu_to_fdt32(regs[i] >> 32);
		reg[2 * i + 1] = cpu_to_fdt32((u32)regs[i]);
	}
	fdt_property(fdt, "reg", reg, 16 * nr_regs);
	fdt_end_node(fdt);
	fdt_begin_node(fdt, "cpus");
	fdt_property_u32(fdt, "#address-cells", 1);
	fdt_property_u32(fdt, "#size-cells", 0);
	fdt_begin_node(fdt, "cpu@0");
	fdt_property_string(fdt, "device_type", "cpu");
	fdt_property_string(fdt, "compatible", "riscv");
	fdt_property_u32(fdt, "reg", 0);
	fdt_property_string(fdt, "riscv,isa", "rv64imac");
	fdt_property_string(fdt, "mmu-type", "riscv,sv39");
	fdt_end_node(fdt);
	fdt_end_node(fdt);
	fdt_begin_node(fdt, "soc");
	fdt_begin_node(fdt, "serial@10000000");
	fdt_property_string(fdt, "compatible", "ns16550a");
	fdt_end_node(fdt);
	fdt_end_node(fdt);
	fdt_end_node(fdt);
	fdt_finish(fdt);
	return fdt;
}

/* Plans small_dtb(@regs, @nr_regs, @stdout); Returns boot_plan_from_dt(). */
static int plan_small(const u64 *regs, int nr_regs, const char *stdout)
{
	void *blob = small_dtb(regs, nr_regs, stdout);
	const char *why = NULL;
	int err;

	CHECK_EQ(dt_check(blob, fdt_totalsize(blob), &why), 0);
	err = boot_plan_from_dt(&plan, blob);
	free(blob);
	return err;
}

/* Memory that is all zero-size, empty or wrapping: no plan (the kernel panics). */
static void hostile_no_memory_left(void)
{
	static const u64 zero[] = { 0x80000000, 0 };
	static const u64 wraps[] = { 0xfffffffffffff000ULL, 0x2000, 0x90000000, 0 };

	CHECK_EQ(plan_small(zero, 1, NULL), -ENODEV);
	CHECK_LOGGED("memory: memory@80000000: zero-size entry at 0x80000000 dropped\n",
		     "boot plan: no usable memory node in the device tree\n");
	log_buf_clear();
	CHECK_EQ(plan_small(NULL, 0, NULL), -ENODEV);
	CHECK_LOGGED("memory: memory@80000000 has an empty reg, skipped\n");
	log_buf_clear();
	CHECK_EQ(plan_small(wraps, 2, NULL), -ENODEV);
	CHECK_LOGGED("entry at 0xfffffffffffff000 of size 0x2000 wraps around, dropped\n",
		     "zero-size entry at 0x90000000 dropped\n");
	CHECK_EQ(plan.nr_memory, 0);
}

/* stdout-path naming nothing in other ways: an unknown alias, an empty path. */
static void hostile_stdout_path_variants(void)
{
	static const u64 mem[] = { 0x80000000, 0x10000000 };

	CHECK_EQ(plan_small(mem, 1, "serial9:115200n8"), 0);
	CHECK_EQ(plan.stdout_node, -1);
	CHECK(!strcmp(plan.stdout_path, "serial9"));
	CHECK(!strcmp(plan.stdout_options, "115200n8"));
	CHECK_LOGGED("chosen: stdout-path \"serial9:115200n8\" names no node\n");
	log_buf_clear();
	CHECK_EQ(plan_small(mem, 1, "serial0/nosuch"), 0);
	CHECK_EQ(plan.stdout_node, -1);
	CHECK(!strcmp(plan.stdout_path, "/soc/serial@10000000/nosuch"));
	log_buf_clear();
	CHECK_EQ(plan_small(mem, 1, ""), 0);
	CHECK_EQ(plan.stdout_node, -1);
	CHECK(!strcmp(plan.stdout_path, ""));
	log_buf_clear();
	CHECK_EQ(plan_small(mem, 1, "serial0"), 0);	/* the good one */
	CHECK(plan.stdout_node > 0);
	CHECK(!strcmp(plan.stdout_path, "/soc/serial@10000000"));
}


/* ---------------------------------------------------------- overflow --- */

/* Fills @buf with @len - 1 copies of @c; Returns it. */
static const char *long_string(char *buf, size_t len, char c)
{
	memset(buf, c, len - 1);
	buf[len - 1] = '\0';
	return buf;
}

/*
 * A tree with more memory ranges, /memreserve/ entries and harts than the
 * plan holds, and strings longer than its fields; nodes 0 and 15 only.
 */
static void *overflow_dtb(void)
{
	size_t size = 1 << 20;
	void *fdt = malloc(size);
	fdt32_t reg[OVERFLOW_ENTRIES * 4];
	char text[1200], name[32];

	fdt_create(fdt, size);
	for (int i = 0; i < OVERFLOW_ENTRIES; i++)
		fdt_add_reservemap_entry(fdt, 0x90000000 + i * 0x1000, 0x1000);
	fdt_finish_reservemap(fdt);
	fdt_begin_node(fdt, "");
	fdt_property_u32(fdt, "#address-cells", 2);
	fdt_property_u32(fdt, "#size-cells", 2);
	fdt_property_string(fdt, "model", long_string(text, 100, 'm'));

	fdt_begin_node(fdt, "chosen");
	long_string(text, sizeof(text), 'b');	/* 1199 bytes, words of 9 */
	for (size_t i = 9; i < sizeof(text) - 1; i += 10)
		text[i] = ' ';
	fdt_property_string(fdt, "bootargs", text);
	snprintf(text, sizeof(text), "/nosuch:%040d", 0);	/* 40-byte options */
	fdt_property_string(fdt, "stdout-path", text);
	fdt_end_node(fdt);

	fdt_begin_node(fdt, "memory@100000000");
	fdt_property_string(fdt, "device_type", "memory");
	fdt_property_u32(fdt, "numa-node-id", 15);
	for (int i = 0; i < OVERFLOW_ENTRIES; i++) {
		reg[4 * i] = cpu_to_fdt32(1);
		reg[4 * i + 1] = cpu_to_fdt32(i * 0x1000000);
		reg[4 * i + 2] = cpu_to_fdt32(0);
		reg[4 * i + 3] = cpu_to_fdt32(0x1000000);
	}
	fdt_property(fdt, "reg", reg, sizeof(reg));
	fdt_end_node(fdt);

	fdt_begin_node(fdt, "cpus");
	fdt_property_u32(fdt, "#address-cells", 1);
	fdt_property_u32(fdt, "#size-cells", 0);
	for (int i = 0; i < OVERFLOW_ENTRIES; i++) {
		snprintf(name, sizeof(name), "cpu@%x", i);
		fdt_begin_node(fdt, name);
		fdt_property_string(fdt, "device_type", "cpu");
		fdt_property_string(fdt, "compatible", "riscv");
		fdt_property_u32(fdt, "reg", i);
		long_string(text, 100, 'i');
		memcpy(text, "rv64ima", 7);
		fdt_property_string(fdt, "riscv,isa", text);
		fdt_property_string(fdt, "mmu-type", "riscv,sv39");
		fdt_property_u32(fdt, "numa-node-id", 0);
		fdt_end_node(fdt);
	}
	fdt_end_node(fdt);
	fdt_end_node(fdt);
	fdt_finish(fdt);
	return fdt;
}

static void test_tables_overflow(void)
{
	void *blob = overflow_dtb();
	const char *why = NULL;

	CHECK_EQ(dt_check(blob, fdt_totalsize(blob), &why), 0);
	CHECK_EQ(boot_plan_from_dt(&plan, blob), 0);
	CHECK_EQ(plan.nr_memory, BOOT_PLAN_MAX_MEMORY);
	CHECK_EQ(plan.nr_reserved, BOOT_PLAN_MAX_RESERVED);
	CHECK_EQ(plan.nr_harts, BOOT_PLAN_MAX_HARTS);
	CHECK_LOGGED("memory: more than 64 ranges, [mem 0x0000000140000000-0x0000000140ffffff] ignored",
		     "reserved: more than 64 ranges",
		     "cpus: more than 64 harts, hart 64 ignored",
		     "bootargs: 1199 bytes, more than the 1023 kept: cut at byte 1020, before 'bbbbbbbbb bbbbbbbbb bbbbbbbbb bbbbbbbbb ...', which is ignored with everything after it\n",
		     "stdout-path options truncated to 31 bytes",
		     "model truncated to 63 bytes");
	CHECK_EQ(strlen(plan.bootargs), 1020);	/* whole words only */
	CHECK_EQ(plan.bootargs[1019], ' ');
	CHECK_EQ(strlen(plan.harts[63].isa), BOOT_PLAN_NAME_LEN - 1);
	CHECK_EQ(plan.stdout_node, -1);
	CHECK(plan.numa_valid);
	CHECK_EQ(plan.nr_nodes, 16);	/* nodes 1-14 have nothing: still valid */
	CHECK_EQ(usable_harts(0), 64);
	CHECK_EQ(node_memory(15), 64 * 0x1000000ULL);
	boot_plan_print(&plan);
	CHECK_LOGGED("  node 15: 1024 MiB, no harts\n",
		     "harts 0-63\n");
	free(blob);
}

/* ------------------------------------------------ printing, dtinfo --- */

static void test_print_two_nodes(void)
{
	CHECK_EQ(plan_for("qemu-virt-numa2"), 0);
	log_buf_clear();
	boot_plan_print(&plan);
	CHECK_LOGGED("memory: 2 ranges, 4096 MiB\n",
		     "  [mem 0x0000000100000000-0x000000017fffffff] 2048 MiB, node 1\n",
		     "harts: 8 usable of 8, timebase-frequency 10000000 Hz\n",
		     "numa: 2 nodes\n  node 0: 2048 MiB, harts 0-3\n  node 1: 2048 MiB, harts 4-7\n",
		     "distances (from the device tree):\n  node   0   1\n     0  10  20\n     1  20  10\n",
		     "console: /soc/serial@10000000\n",
		     "bootargs: (none)\n");
}

static void test_unreadable_blob(void)
{
	static const u8 garbage[64] = { 0xd0, 0x0d, 0xfe, 0xed };

	CHECK_EQ(boot_plan_from_dt(&plan, garbage), -EINVAL);
	CHECK_EQ(plan.stdout_node, -1);
	CHECK_EQ(plan.nr_nodes, 1);
	CHECK(log_contains("boot plan: the device tree cannot be read"));
}

/*
 * Runs dtinfo on @file; Returns its exit status and checks that its
 * stdout (or stderr) contains @expect.
 */
static int run_dtinfo(const char *file, const char *expect)
{
	char cmd[2048], out[640], *text;
	size_t size;
	int status;

	snprintf(out, sizeof(out), "%s/dtinfo.out", dtb_dir);
	snprintf(cmd, sizeof(cmd), "%s %s >%s 2>&1", dtinfo_path, file, out);
	status = system(cmd);
	text = read_whole_file(out, &size);
	CHECK(text && memmem(text, size, expect, strlen(expect)));
	if (!text || !memmem(text, size, expect, strlen(expect)))
		printf("# %s: no \"%s\" in its output\n", cmd, expect);
	free(text);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_dtinfo(void)
{
	const struct test_dtb *numa2 = find_test_dtb("qemu-virt-numa2");
	char good[640], cut[640];
	FILE *f;

	snprintf(good, sizeof(good), "%s/qemu-virt-numa2.dtb", dtb_dir);
	snprintf(cut, sizeof(cut), "%s/truncated.dtb", dtb_dir);
	f = fopen(cut, "wb");
	CHECK(f && numa2->blob);
	if (f && numa2->blob)
		fwrite(numa2->blob, 1, 1000, f);
	if (f)
		fclose(f);

	CHECK_EQ(run_dtinfo(good, "  node 1: 2048 MiB, harts 4-7\n"), 0);
	CHECK_EQ(run_dtinfo(cut, "not a valid device tree: totalsize 7555 is larger than the 1000 bytes available"), 1);
	CHECK_EQ(run_dtinfo("/nonexistent.dtb", "No such file or directory"), 1);
	snprintf(good, sizeof(good), "%s/fixture-harts.dtb", dtb_dir);
	CHECK_EQ(run_dtinfo(good, "no usable boot plan"), 1);
	CHECK_EQ(run_dtinfo("", "usage:"), 1);
}

/* --------------------------------------------------------------- main --- */

int main(int argc, char **argv)
{
	const char *argv0 = argc ? argv[0] : "test_boot_plan";
	int failures = make_test_dtbs(argv0);
	char name[128], dir[512];

	snprintf(dir, sizeof(dir), "%s", argv0);
	snprintf(dtinfo_path, sizeof(dtinfo_path), "%s/../dtinfo", dirname(dir));
	ktap_plan(16 + ARRAY_SIZE(qemu_configs) +
		  ARRAY_SIZE(invalid_distance_cases) + 18);
	RUN_NAMED("test_dtbs_generated", CHECK_EQ(failures, 0));
	for (size_t i = 0; i < ARRAY_SIZE(qemu_configs); i++) {
		snprintf(name, sizeof(name), "plan_matches_%s", qemu_configs[i].name);
		RUN_NAMED(name, qemu_case(&qemu_configs[i]));
	}
	RUN(test_reserved_memory);
	RUN(test_reserved_memory_mismatch);
	RUN(test_distance_map_fill);
	for (size_t i = 0; i < ARRAY_SIZE(invalid_distance_cases); i++) {
		snprintf(name, sizeof(name), "invalid_distance_%s",
			 invalid_distance_cases[i].fixture + strlen("fixture-"));
		RUN_NAMED(name, invalid_distance_case(&invalid_distance_cases[i]));
	}
	RUN(test_numa_partial_memory);
	RUN(test_numa_partial_cpu);
	RUN(test_numa_out_of_range);
	RUN(test_numa_memoryless_cpuless);
	RUN(test_chosen_initrd32_alias_options);
	RUN(test_chosen_initrd64_legacy_stdout);
	RUN(test_hart_rules);
	RUN(test_bad_cells);
	RUN(hostile_memory_overlap);
	RUN(hostile_memory_zero_size);
	RUN(hostile_memory_no_kernel);
	RUN(hostile_reserved_outside_ram);
	RUN(hostile_reserved_over_kernel);
	RUN(hostile_numa_beyond_distance_map);
	RUN(hostile_numa_node_id_too_big);
	RUN(hostile_distance_asymmetric);
	RUN(hostile_distance_self_not_10);
	RUN(hostile_memoryless_no_distance);
	RUN(hostile_hart_no_reg);
	RUN(hostile_hart_duplicate_reg);
	RUN(hostile_hart_duplicate_every_reg);
	RUN(hostile_address_cells_3);
	RUN(hostile_wide_cells);
	RUN(hostile_stdout_path_nothing);
	RUN(hostile_no_memory_left);
	RUN(hostile_stdout_path_variants);
	RUN(test_tables_overflow);
	RUN(test_print_two_nodes);
	RUN(test_unreadable_blob);
	RUN(test_dtinfo);
	return ktap_done();
}
