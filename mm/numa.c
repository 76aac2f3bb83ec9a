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
#include "kernel/vfs.h"
#include "lib/bitmap.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/memblock.h"

nodemask_t node_states[NR_NODE_STATES];
unsigned int nr_node_ids = 1;
static u8 distances[MAX_NUMNODES][MAX_NUMNODES];

/* Marks node @nid as being in @state. */
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

/* ------------------------------------------- /sys/devices/system/node --- */

#define NODE_DIR "/sys/devices/system/node"

/* Prints the nodes in state @data as a list ("0-1"); Returns 0. */
static int node_state_show(struct seq_buf *m, void *data)
{
	enum node_states state = (enum node_states)(uintptr_t)data;
	char list[64];

	bitmap_print_list(list, sizeof(list), &node_states[state].bits,
			  MAX_NUMNODES);
	seq_printf(m, "%s\n", list);
	return 0;
}

/* Fills @mask with the cpus of node @nid. */
static void node_cpumask(int nid, unsigned long mask[NR_CPUS / (8 * sizeof(long))])
{
	unsigned int cpu;

	memset(mask, 0, NR_CPUS / 8);
	for_each_online_cpu(cpu)
		if (cpu_to_node(cpu) == nid)
			mask[cpu / (8 * sizeof(long))] |= 1UL << (cpu % (8 * sizeof(long)));
}

/* Prints node @data's cpus with @print (list or mask format); Returns 0. */
static int show_node_cpus(struct seq_buf *m, void *data,
			  int (*print)(char *, size_t, const unsigned long *,
				       unsigned int))
{
	unsigned long mask[NR_CPUS / (8 * sizeof(long))];
	char text[256];

	node_cpumask((int)(uintptr_t)data, mask);
	print(text, sizeof(text), mask, nr_cpu_ids);
	seq_printf(m, "%s\n", text);
	return 0;
}

/* Prints node @data's cpus as a list ("0-3"), as cpulist; Returns 0. */
static int node_cpulist_show(struct seq_buf *m, void *data)
{
	return show_node_cpus(m, data, bitmap_print_list);
}

/* Prints node @data's cpus as a hex mask, as cpumap; Returns 0. */
static int node_cpumap_show(struct seq_buf *m, void *data)
{
	return show_node_cpus(m, data, bitmap_print_mask);
}

/* Prints the distances from node @data to each online node; Returns 0. */
static int node_distance_show(struct seq_buf *m, void *data)
{
	int from = (int)(uintptr_t)data, to;
	bool first = true;

	for_each_online_node(to) {
		seq_printf(m, first ? "%d" : " %d", node_distance(from, to));
		first = false;
	}
	seq_putc(m, '\n');
	return 0;
}

static const struct vfs_file_ops node_state_ops = { .show = node_state_show };
static const struct vfs_file_ops node_cpulist_ops = { .show = node_cpulist_show };
static const struct vfs_file_ops node_cpumap_ops = { .show = node_cpumap_show };
static const struct vfs_file_ops node_distance_ops = { .show = node_distance_show };

int numa_register_files(void)
{
	static const struct {
		const char *name;
		enum node_states state;
	} state_files[] = {
		{ "possible", N_POSSIBLE },	{ "online", N_ONLINE },
		{ "has_memory", N_MEMORY },	{ "has_normal_memory", N_MEMORY },
		{ "has_cpu", N_CPU },
	};
	static const struct {
		const char *name;
		const struct vfs_file_ops *ops;
	} node_files[] = {
		{ "cpulist", &node_cpulist_ops },
		{ "cpumap", &node_cpumap_ops },
		{ "distance", &node_distance_ops },
	};
	char path[96];
	int nid, err = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(state_files); i++) {
		snprintf(path, sizeof(path), NODE_DIR "/%s", state_files[i].name);
		err = vfs_register(path, &node_state_ops,
				   (void *)(uintptr_t)state_files[i].state) ?: err;
	}
	for_each_online_node(nid)
		for (unsigned int i = 0; i < ARRAY_SIZE(node_files); i++) {
			snprintf(path, sizeof(path), NODE_DIR "/node%d/%s", nid,
				 node_files[i].name);
			err = vfs_register(path, node_files[i].ops,
					   (void *)(uintptr_t)nid) ?: err;
		}
	return err;
}
