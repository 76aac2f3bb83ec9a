// SPDX-License-Identifier: MIT
/*
 * DOC: fuzz_boot_plan - the device tree to boot plan (kernel/fdt/boot_plan.c)
 *
 * The input is a DTB, mutated mostly as a tree (tests/fuzz/dt_mutator.h).
 * What dt_check() accepts goes through
 * boot_plan_from_dt() and boot_plan_print(), as start_kernel() and dtinfo
 * run them, and the plan must keep the promises of boot_plan.h and
 * docs/device-tree.md whatever the tree says:
 *
 * - the result is 0 with at least one memory range, or -ENODEV with none,
 *   or another negative errno;
 * - every table within its bounds, every string field NUL-terminated;
 * - memory ranges non-empty and not wrapping around 2^64;
 * - NUMA: 1 to MAX_NUMNODES nodes; with NUMA on, every memory range and
 *   usable hart on a node below nr_nodes, parked harts there or on
 *   NUMA_NO_NODE; with NUMA off, every node field 0 and a reason given;
 * - distances 10 on the diagonal, above 10 off it, for the nodes in use;
 * - no two usable harts with one hartid;
 * - dynamic reservations with a size and a power-of-two alignment;
 * - the console node, if any, a node of the tree; the initrd non-empty.
 */
#include "kernel/errno.h"
#include "kernel/fdt/boot_plan.h"
#include "kernel/fdt/fdt.h"
#include "tests/fuzz/dt_mutator.h"
#include "tests/fuzz/fuzz.h"

#define TERMINATED(field) (memchr((field), '\0', sizeof(field)) != NULL)

static struct boot_plan plan;	/* several KiB: not on the stack */

static void check_numa(void)
{
	FUZZ_CHECK(plan.nr_nodes >= 1 && plan.nr_nodes <= MAX_NUMNODES,
		   "nr_nodes %u", plan.nr_nodes);
	if (!plan.numa_valid) {
		FUZZ_CHECK(plan.nr_nodes == 1 && plan.numa_fallback_reason[0],
			   "NUMA off with %u nodes, reason \"%s\"", plan.nr_nodes,
			   plan.numa_fallback_reason);
		for (unsigned int i = 0; i < plan.nr_memory; i++)
			FUZZ_CHECK(plan.memory[i].node == 0, "memory %u node %d", i,
				   plan.memory[i].node);
		for (unsigned int i = 0; i < plan.nr_harts; i++)
			FUZZ_CHECK(plan.harts[i].node == 0, "hart %u node %d", i,
				   plan.harts[i].node);
	} else {
		for (unsigned int i = 0; i < plan.nr_memory; i++)
			FUZZ_CHECK(plan.memory[i].node >= 0 &&
				   plan.memory[i].node < (int)plan.nr_nodes,
				   "memory %u node %d of %u", i, plan.memory[i].node,
				   plan.nr_nodes);
		for (unsigned int i = 0; i < plan.nr_harts; i++) {
			int node = plan.harts[i].node;

			FUZZ_CHECK((node >= 0 && node < (int)plan.nr_nodes) ||
				   (!plan.harts[i].usable && node == NUMA_NO_NODE),
				   "hart %u (usable %d) node %d of %u", i,
				   plan.harts[i].usable, node, plan.nr_nodes);
		}
	}
	for (unsigned int a = 0; a < plan.nr_nodes; a++)
		for (unsigned int b = 0; b < plan.nr_nodes; b++)
			FUZZ_CHECK(a == b ? plan.distance[a][b] == 10 :
					    plan.distance[a][b] > 10,
				   "distance[%u][%u] = %u", a, b, plan.distance[a][b]);
}

static void check_plan(const void *blob, int ret)
{
	FUZZ_CHECK(ret <= 0, "returned %d", ret);
	FUZZ_CHECK(ret != 0 || plan.nr_memory > 0, "0 without memory");
	FUZZ_CHECK(ret != -ENODEV || plan.nr_memory == 0, "-ENODEV with memory");
	FUZZ_CHECK(plan.nr_memory <= BOOT_PLAN_MAX_MEMORY &&
		   plan.nr_reserved <= BOOT_PLAN_MAX_RESERVED &&
		   plan.nr_harts <= BOOT_PLAN_MAX_HARTS, "table counts %u %u %u",
		   plan.nr_memory, plan.nr_reserved, plan.nr_harts);
	FUZZ_CHECK(TERMINATED(plan.bootargs) && TERMINATED(plan.stdout_path) &&
		   TERMINATED(plan.stdout_options) && TERMINATED(plan.model) &&
		   TERMINATED(plan.numa_fallback_reason), "an unterminated string");
	for (unsigned int i = 0; i < plan.nr_memory; i++) {
		const struct plan_memory *m = &plan.memory[i];

		FUZZ_CHECK(m->size && m->base + m->size - 1 >= m->base,
			   "memory %u: 0x%llx+0x%llx", i, (unsigned long long)m->base,
			   (unsigned long long)m->size);
	}
	for (unsigned int i = 0; i < plan.nr_reserved; i++) {
		const struct plan_reserved *r = &plan.reserved[i];

		FUZZ_CHECK(TERMINATED(r->name) && TERMINATED(r->compatible),
			   "reserved %u: unterminated name", i);
		FUZZ_CHECK(r->size, "reserved %u: size 0", i);
		FUZZ_CHECK(!r->no_map || !r->reusable, "reserved %u: no-map and reusable", i);
		if (r->dynamic)
			FUZZ_CHECK(!r->base && !(r->alignment & (r->alignment - 1)),
				   "reserved %u: dynamic at 0x%llx, align 0x%llx", i,
				   (unsigned long long)r->base,
				   (unsigned long long)r->alignment);
	}
	for (unsigned int i = 0; i < plan.nr_harts; i++) {
		const struct plan_hart *h = &plan.harts[i];

		FUZZ_CHECK(TERMINATED(h->skip_reason) && TERMINATED(h->isa) &&
			   TERMINATED(h->mmu_type), "hart %u: unterminated string", i);
		FUZZ_CHECK(h->usable == !h->skip_reason[0], "hart %u: usable %d, \"%s\"",
			   i, h->usable, h->skip_reason);
		for (unsigned int j = 0; h->usable && j < i; j++)
			FUZZ_CHECK(!plan.harts[j].usable || plan.harts[j].hartid != h->hartid,
				   "harts %u and %u are both hart %lu", j, i, h->hartid);
	}
	check_numa();
	FUZZ_CHECK(plan.stdout_node == -1 || dt_node_name(blob, plan.stdout_node, NULL),
		   "console node %d", plan.stdout_node);
	FUZZ_CHECK(!plan.initrd_end || plan.initrd_end > plan.initrd_start,
		   "initrd 0x%llx-0x%llx", (unsigned long long)plan.initrd_start,
		   (unsigned long long)plan.initrd_end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 *blob = malloc(size ? size : 1);

	memcpy(blob, data, size);
	log_buf_clear();
	if (dt_check(blob, size, NULL) == 0) {
		int ret = boot_plan_from_dt(&plan, blob);

		check_plan(blob, ret);
		boot_plan_print(&plan);
	}
	free(blob);
	return 0;
}
