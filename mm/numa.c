// SPDX-License-Identifier: MIT
/*
 * DOC: NUMA topology
 *
 * Built once at boot from the boot plan, which has already applied Linux's
 * validation of the DT (kernel/fdt/boot_plan.c): node ids on harts and
 * memory, and the distance matrix. When the DT has no usable NUMA
 * information everything is node 0, and the plan says why.
 *
 * This file owns "what the machine looks like"; zonelists and allocation
 * policies, which decide where to allocate, build on it.
 */
#define pr_fmt(fmt) "numa: " fmt

#include "mm/numa.h"
#include "kernel/fdt/boot_plan.h"
#include "kernel/printk.h"
#include "mm/memblock.h"

nodemask_t node_states[NR_NODE_STATES];
unsigned int nr_node_ids = 1;
static u8 distances[MAX_NUMNODES][MAX_NUMNODES];

static void node_set_state(int nid, enum node_states state)
{
	node_states[state].bits |= 1UL << nid;
}

int node_distance(int a, int b)
{
	if (a < 0 || b < 0 || a >= MAX_NUMNODES || b >= MAX_NUMNODES)
		return REMOTE_DISTANCE;
	return distances[a][b];
}

unsigned int numa_init(const struct boot_plan *plan)
{
	const struct memblock_region *r;
	unsigned int cpu, online = 0;
	int nid;

	if (!plan->numa_valid)
		pr_info("no NUMA configuration: %s; faking one node\n",
			plan->numa_fallback_reason);
	nr_node_ids = plan->numa_valid && plan->nr_nodes ? plan->nr_nodes : 1;
	for (nid = 0; nid < (int)nr_node_ids; nid++)
		node_set_state(nid, N_POSSIBLE);

	for_each_memblock(memory, r) {
		nid = r->nid == NUMA_NO_NODE || !plan->numa_valid ? 0 : r->nid;
		node_set_state(nid, N_MEMORY);
		node_set_state(nid, N_ONLINE);
	}
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (!plan->numa_valid)
			harts[cpu].node = 0;
		node_set_state(harts[cpu].node, N_CPU);
		node_set_state(harts[cpu].node, N_ONLINE);
	}

	for (int a = 0; a < MAX_NUMNODES; a++)
		for (int b = 0; b < MAX_NUMNODES; b++)
			distances[a][b] = a == b ? LOCAL_DISTANCE : REMOTE_DISTANCE;
	if (plan->numa_valid)
		for (int a = 0; a < (int)nr_node_ids; a++)
			for (int b = 0; b < (int)nr_node_ids; b++)
				distances[a][b] = plan->distance[a][b];

	for_each_online_node(nid) {
		online++;
		pr_info("node %d: %s%s\n", nid,
			node_state(nid, N_MEMORY) ? "memory" : "memoryless",
			node_state(nid, N_CPU) ? ", harts" : ", no harts (CPU-less)");
	}
	return online;
}
