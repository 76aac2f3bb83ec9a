/* SPDX-License-Identifier: MIT */
/*
 * mm/numa.h - NUMA topology: which nodes exist, how far apart they are,
 * and which node each hart belongs to.
 *
 * Terminology (Linux's): a node is *online* if the DT gives it memory or
 * harts; a *memoryless* node has harts but no memory, a *CPU-less* node
 * memory but no harts. Distances are the DT's (numa-distance-map-v1),
 * LOCAL_DISTANCE (10) on the diagonal.
 */
#ifndef TERN_MM_NUMA_H
#define TERN_MM_NUMA_H

#include "kernel/smp.h"
#include "kernel/types.h"

#define LOCAL_DISTANCE 10
#define REMOTE_DISTANCE 20

struct boot_plan;

typedef struct {
	unsigned long bits;	/* bit n: node n */
} nodemask_t;

_Static_assert(MAX_NUMNODES <= 8 * sizeof(unsigned long), "nodemask too small");

enum node_states {
	N_POSSIBLE,	/* named anywhere in the DT */
	N_ONLINE,	/* has memory or harts */
	N_MEMORY,	/* has memory */
	N_CPU,		/* has harts */
	NR_NODE_STATES
};

extern nodemask_t node_states[NR_NODE_STATES];
extern unsigned int nr_node_ids;	/* highest possible node + 1 */

static inline bool node_state(int nid, enum node_states state)
{
	return nid >= 0 && nid < MAX_NUMNODES &&
	       (node_states[state].bits >> nid) & 1;
}

static inline bool node_online(int nid)
{
	return node_state(nid, N_ONLINE);
}

#define for_each_node_state(nid, state) \
	for ((nid) = 0; (nid) < (int)nr_node_ids; (nid)++) if (node_state(nid, state))
#define for_each_online_node(nid) for_each_node_state(nid, N_ONLINE)

/* Returns the distance from node @a to node @b (10 for a == b). */
int node_distance(int a, int b);

static inline int cpu_to_node(unsigned int cpu)
{
	return harts[cpu].node;
}

static inline int numa_node_id(void)
{
	return this_hart()->node;
}

/**
 * numa_init() - take the topology from the boot plan and memblock.
 * @plan: the boot plan (harts and distances; numa_valid false = one node).
 *
 * Call after memblock has the memory and the harts have cpu numbers.
 * Return: the number of online nodes.
 */
unsigned int numa_init(const struct boot_plan *plan);

/* Registers /sys/devices/system/node/ files; Returns 0 or -errno. */
int numa_register_files(void);

#endif
