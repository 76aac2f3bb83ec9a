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
#include "mm/internal.h"
#include "mm/memblock.h"
#include "kernel/errno.h"

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
	struct memblock_region *r;
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
		r->nid = nid;	/* from here on every range has its node */
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

/* --------------------------------------------------------- nearness --- */

/* Returns the node in @mask nearest to @nid (lowest id on ties), or -1. */
static int nearest_node_in(int nid, const nodemask_t *mask)
{
	int best = -1;

	for (int n = 0; n < (int)nr_node_ids; n++)
		if (node_isset(n, mask) &&
		    (best < 0 || node_distance(nid, n) < node_distance(nid, best)))
			best = n;
	return best;
}

int local_memory_node(int nid)
{
	const struct pglist_data *pgdat =
		nid >= 0 && nid < MAX_NUMNODES ? NODE_DATA(nid) : NULL;
	int best;

	/* Once zonelists exist, Linux's answer: the first zone's node. */
	if (pgdat && pgdat->node_zonelists[ZONELIST_FALLBACK].zones[0])
		return pgdat->node_zonelists[ZONELIST_FALLBACK].zones[0]->node;
	best = nearest_node_in(nid, &node_states[N_MEMORY]);
	return best < 0 ? 0 : best;
}

unsigned int node_home_cpu(int nid)
{
	unsigned int cpu, best = smp_processor_id();
	int best_distance = -1;

	for_each_online_cpu(cpu) {
		int d = node_distance(nid, cpu_to_node(cpu));

		if (best_distance < 0 || d < best_distance) {
			best = cpu;
			best_distance = d;
		}
	}
	return best;
}

/* -------------------------------------------------------- zonelists --- */

/*
 * Linux's tie-breaking weights: a node with harts is slightly worse than a
 * headless one at the same distance (its memory is its harts' first
 * choice), and node_load[] counts how often a node already headed a
 * distance group in the zonelists built so far, so that equally distant
 * nodes take turns at being first.
 */
#define PENALTY_FOR_NODE_WITH_CPUS 1
static int node_load[MAX_NUMNODES];

/*
 * Returns the best node for @nid's zonelist not yet in @used (and adds
 * it): @nid itself first, then by distance; -1 when none is left.
 */
static int find_next_best_node(int nid, nodemask_t *used)
{
	int best = -1, best_value = 0;

	if (!node_isset(nid, used)) {
		node_set(nid, used);
		return nid;
	}
	for (int n = 0; n < (int)nr_node_ids; n++) {
		int value;

		if (!node_state(n, N_MEMORY) || node_isset(n, used))
			continue;
		value = node_distance(nid, n) + (n < nid);
		if (node_state(n, N_CPU))
			value += PENALTY_FOR_NODE_WITH_CPUS;
		value = value * MAX_NUMNODES + node_load[n];
		if (best < 0 || value < best_value) {
			best = n;
			best_value = value;
		}
	}
	if (best >= 0)
		node_set(best, used);
	return best;
}

/* Appends @nid's managed zones, highest first; Returns the new length. */
static unsigned int add_node_zones(struct zonelist *list, unsigned int len,
				   int nid)
{
	struct pglist_data *pgdat = NODE_DATA(nid);

	for (int z = MAX_NR_ZONES - 1; pgdat && z >= 0; z--)
		if (managed_zone(&pgdat->node_zones[z]))
			list->zones[len++] = &pgdat->node_zones[z];
	list->zones[len] = NULL;
	return len;
}

static void build_zonelists(struct pglist_data *pgdat)
{
	int local = pgdat->node_id, prev = local, nid;
	nodemask_t used = { 0 };
	unsigned int len = 0;

	while ((nid = find_next_best_node(local, &used)) >= 0) {
		if (node_distance(local, nid) != node_distance(local, prev))
			node_load[nid]++;
		len = add_node_zones(&pgdat->node_zonelists[ZONELIST_FALLBACK], len, nid);
		prev = nid;
	}
	add_node_zones(&pgdat->node_zonelists[ZONELIST_NOFALLBACK], 0, local);
}

void build_all_zonelists(void)
{
	int nid;

	memset(node_load, 0, sizeof(node_load));
	for (nid = 0; nid < (int)nr_node_ids; nid++)
		if (NODE_DATA(nid))
			build_zonelists(NODE_DATA(nid));
	for_each_online_node(nid) {
		char order[128];
		size_t len = 0;

		if (!NODE_DATA(nid))
			continue;
		for (struct zone *const *z =
			     NODE_DATA(nid)->node_zonelists[ZONELIST_FALLBACK].zones; *z; z++)
			len += scnprintf(order + len, sizeof(order) - len, " %d:%s",
					 (*z)->node, (*z)->name);
		pr_info("node %d zonelist:%s\n", nid, len ? order : " (empty)");
	}
}

/* ------------------------------------------------ allocation policy --- */

static struct mempolicy hart_policies[NR_CPUS];
static struct mempolicy local_policy = { .mode = MPOL_LOCAL };

int set_mempolicy(int mode, const nodemask_t *nodes)
{
	unsigned int cpu = smp_processor_id();
	struct mempolicy *pol = &hart_policies[cpu];
	nodemask_t allowed = { 0 };

	if (mode < MPOL_DEFAULT || mode >= MPOL_MAX) {
		pr_warn("set_mempolicy: unknown mode %d\n", mode);
		return -EINVAL;
	}
	if (mode == MPOL_DEFAULT || mode == MPOL_LOCAL) {
		harts[cpu].mempolicy = NULL;
		pcp_update_fast_path(cpu);
		return 0;
	}
	if (nodes)
		allowed.bits = nodes->bits & node_states[N_MEMORY].bits;
	if (!allowed.bits) {
		pr_warn("set_mempolicy: no node with memory in %#lx\n",
			nodes ? nodes->bits : 0UL);
		return -EINVAL;
	}
	if (mode == MPOL_PREFERRED)
		allowed.bits &= -allowed.bits;	/* its first node */
	pol->mode = (enum mempolicy_mode)mode;
	pol->nodes = allowed;
	pol->interleave_next = 0;
	harts[cpu].mempolicy = pol;
	pcp_update_fast_path(cpu);
	return 0;
}

struct mempolicy *current_mempolicy(void)
{
	struct mempolicy *pol = this_hart()->mempolicy;

	return pol ? pol : &local_policy;
}

int get_mempolicy(int *mode, nodemask_t *nodes)
{
	const struct mempolicy *pol = current_mempolicy();

	*mode = pol->mode == MPOL_LOCAL ? MPOL_DEFAULT : pol->mode;
	*nodes = pol->nodes;
	return 0;
}

/* Returns the next node of @pol's set, round robin (Linux's interleave_nodes). */
static int interleave_next_node(struct mempolicy *pol)
{
	for (unsigned int i = 0; i < MAX_NUMNODES; i++) {
		int nid = (int)((pol->interleave_next + i) % MAX_NUMNODES);

		if (node_isset(nid, &pol->nodes)) {
			pol->interleave_next = (unsigned int)nid + 1;
			return nid;
		}
	}
	return numa_node_id();
}

int policy_node(struct mempolicy *pol, const nodemask_t **nodemask)
{
	int nid = numa_node_id();

	*nodemask = NULL;
	switch (pol->mode) {
	case MPOL_PREFERRED:
		return nearest_node_in(nid, &pol->nodes);
	case MPOL_BIND:
		*nodemask = &pol->nodes;
		return nid;
	case MPOL_INTERLEAVE:
		return interleave_next_node(pol);
	default:
		return nid;
	}
}

struct page *alloc_pages_policy(gfp_t gfp, unsigned int order)
{
	struct mempolicy *pol = this_hart()->mempolicy;
	const nodemask_t *nodemask;
	struct page *page;
	int nid;

	if (!pol || (gfp & __GFP_THISNODE))
		return __alloc_pages(gfp, order, numa_node_id(), NULL);
	nid = policy_node(pol, &nodemask);
	page = __alloc_pages(gfp, order, nid, nodemask);
	if (pol->mode == MPOL_INTERLEAVE && page && page_to_nid(page) == nid)
		zone_count_event(page_zone(page), NUMA_INTERLEAVE_HIT, 1);
	return page;
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
