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

static inline bool node_isset(int nid, const nodemask_t *mask)
{
	return nid >= 0 && nid < MAX_NUMNODES && (mask->bits >> nid) & 1;
}

static inline void node_set(int nid, nodemask_t *mask)
{
	mask->bits |= 1UL << nid;
}

static inline nodemask_t nodemask_of_node(int nid)
{
	return (nodemask_t){ 1UL << nid };
}

/* Returns the nearest node with memory to @nid (@nid itself if it has). */
int local_memory_node(int nid);

/* Returns the node the calling hart allocates from by default. */
static inline int numa_mem_id(void)
{
	return local_memory_node(numa_node_id());
}

/*
 * Returns the online cpu that works for node @nid: its first hart, or
 * for a node without harts the first hart of the nearest node with some.
 */
unsigned int node_home_cpu(int nid);

/**
 * build_all_zonelists() - order every node's fallback zones as Linux does:
 * nodes by distance from the node (ties broken toward nodes not yet
 * chosen first by others, so equal-distance nodes share the load), each
 * node's zones from NORMAL down to DMA32. Call once the zones exist.
 */
void build_all_zonelists(void);

/* ------------------------------------------------ allocation policy --- */

/* Linux's numbering, as set_mempolicy(2) takes it. */
enum mempolicy_mode {
	MPOL_DEFAULT,		/* local: the hart's node, then by distance */
	MPOL_PREFERRED,		/* this node first, then by distance from it */
	MPOL_BIND,		/* only these nodes, nearest first */
	MPOL_INTERLEAVE,	/* round robin over these nodes, per hart */
	MPOL_LOCAL,
	MPOL_MAX
};

struct mempolicy {
	enum mempolicy_mode mode;
	nodemask_t nodes;	/* PREFERRED: one node; BIND, INTERLEAVE: a set */
	unsigned int interleave_next;	/* the next node INTERLEAVE tries */
};

/**
 * set_mempolicy() - the calling hart's policy for alloc_pages().
 * @mode: an enum mempolicy_mode.
 * @nodes: the node set (ignored for DEFAULT and LOCAL); nodes without
 * memory are dropped from it, as Linux does.
 * Return: 0, or -EINVAL for an unknown mode or a set with no memory.
 */
int set_mempolicy(int mode, const nodemask_t *nodes);
/* Fills @mode and @nodes with the calling hart's policy; Returns 0. */
int get_mempolicy(int *mode, nodemask_t *nodes);
/* Returns the calling hart's policy (never NULL). */
struct mempolicy *current_mempolicy(void);
/*
 * policy_node() - where @pol sends the calling hart's next allocation:
 * Returns the node to start from (by distance after it; interleave moves
 * on to the next node) and sets *@nodemask to the nodes allowed, NULL for
 * any (only MPOL_BIND restricts).
 */
int policy_node(struct mempolicy *pol, const nodemask_t **nodemask);

/* Registers /sys/devices/system/node/ files; Returns 0 or -errno. */
int numa_register_files(void);

#endif
