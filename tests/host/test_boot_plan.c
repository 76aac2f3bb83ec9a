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

/* Checks that each of the @n strings at @needles was logged. */
static void check_logged(const char *const *needles, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!log_contains(needles[i])) {
			printf("# not logged: \"%s\"\n", needles[i]);
			ktap_case_failed = 1;
		}
	}
}

#define CHECK_LOGGED(...)                                      \
	check_logged((const char *const[]){ __VA_ARGS__ },      \
		     ARRAY_SIZE(((const char *const[]){ __VA_ARGS__ })))

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
	CHECK_EQ(plan.nr_memory, 2);
	CHECK_LOGGED("memory@80100000: [mem 0x0000000080100000-0x0000000080100fff] overlaps",
		     "memory@90000000: reg ignored: length is not a multiple of the entry size",
		     "memory@a0000000: reg ignored: #address-cells is larger than 4 (#address-cells 5,",
		     "memory@a1000000: reg ignored: #address-cells is larger than 4 (#address-cells 4294967295,",
		     "memory@0: reg ignored: #address-cells and #size-cells are both 0",
		     "memory@a2000000: reg ignored: the parent's #size-cells is not one cell",
		     "memory@c0000000: zero-size entry at 0xc0000000 dropped",
		     "memory@d0000000 is disabled, skipped");
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
	fdt_property_string(fdt, "bootargs", long_string(text, sizeof(text), 'b'));
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
		     "bootargs truncated to 1023 bytes",
		     "stdout-path options truncated to 31 bytes",
		     "model truncated to 63 bytes");
	CHECK_EQ(strlen(plan.bootargs), BOOT_PLAN_BOOTARGS_LEN - 1);
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
		  ARRAY_SIZE(invalid_distance_cases));
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
	RUN(test_tables_overflow);
	RUN(test_print_two_nodes);
	RUN(test_unreadable_blob);
	RUN(test_dtinfo);
	return ktap_done();
}
