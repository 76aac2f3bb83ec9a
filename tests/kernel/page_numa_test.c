// SPDX-License-Identifier: MIT
/*
 * DOC: page_numa suite - where pages come from, and what is counted
 *
 * Placement: alloc_pages_node() for every node with memory (CPU-less
 * ones too), the default policy on every hart (a memoryless node's harts
 * get the nearest memory), and set_mempolicy()'s PREFERRED, BIND and
 * INTERLEAVE on the hart that sets them. Each case restores the default
 * policy before it ends, so later suites allocate locally again.
 *
 * Counting: the NUMA events of zone_events() move as Linux's numastat
 * does: per allocation (not per page) HIT on the zone's node when it is
 * the preferred one, else MISS there and FOREIGN on the preferred node;
 * LOCAL when the page's node is the allocating hart's own, else OTHER;
 * INTERLEAVE_HIT when an interleaved allocation got the node it wanted.
 * PGALLOC and PGFREE count pages. Other harts are idle while a case
 * runs, so the deltas it sees are its own. MISS and FOREIGN need a full
 * node: page_smp checks them while it has memory exhausted anyway,
 * rather than filling a node here too (in the debug build every page
 * freed is poisoned, so filling memory costs seconds under QEMU).
 *
 * "Nearest" allows ties: of nodes at the same distance, any may be first.
 */
#include "tests/kernel/page_test.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "lib/string.h"
#include "mm/numa.h"

#define NUMA_ALLOCS 4	/* allocations per node in the placement checks */

/* Restores the default policy; a case that changed it calls this last. */
static void restore_default_policy(struct ktest *t)
{
	int mode = -1;
	nodemask_t nodes;

	KTEST_EXPECT_EQ(t, set_mempolicy(MPOL_DEFAULT, NULL), 0);
	get_mempolicy(&mode, &nodes);
	KTEST_EXPECT_EQ(t, mode, MPOL_DEFAULT);
}

/* alloc_pages_node(): every node with memory serves itself, any order. */
static void every_memory_node_serves_itself(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	struct page *page;
	int nid;

	for_each_node_state(nid, N_MEMORY) {
		for (unsigned int order = 0; order < MAX_ORDER; order += 5) {
			page = alloc_pages_node(nid, GFP_KERNEL, order);
			KTEST_EXPECT(t, page);
			if (!page)
				continue;
			KTEST_EXPECT_EQ(t, page_to_nid(page), nid);
			__free_pages(page, order);
		}
	}
	/* NUMA_NO_NODE: the calling hart's node (its nearest memory). */
	page = alloc_pages_node(NUMA_NO_NODE, GFP_KERNEL, 0);
	KTEST_EXPECT(t, page);
	if (page) {
		KTEST_EXPECT_EQ(t, page_to_nid(page), numa_mem_id());
		__free_page(page);
	}
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

struct default_result {
	struct page *pages[2];	/* order 0 and order 4 */
	int mem_id;		/* numa_mem_id() on that hart */
};

/* Allocates under the default policy of the hart this runs on. */
static void take_default_pages(void *info)
{
	struct default_result *r = info;

	r->pages[0] = alloc_page(GFP_KERNEL);
	r->pages[1] = alloc_pages(GFP_KERNEL, 4);
	r->mem_id = numa_mem_id();
}

/*
 * MPOL_DEFAULT on every hart: its own node, or for a memoryless node's
 * hart the nearest node with memory (CPU-less nodes are never nearer
 * than the harts' own, so default allocations never land there).
 */
static void default_policy_is_local_on_every_hart(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct default_result r = { { NULL, NULL }, NUMA_NO_NODE };
		int node = cpu_to_node(cpu);

		smp_call_function_single(cpu, take_default_pages, &r, true);
		KTEST_EXPECT_EQ(t, r.mem_id, local_memory_node(node));
		KTEST_EXPECT(t, nearest_memory_node(node, NUMA_NO_NODE, r.mem_id));
		if (node_state(node, N_MEMORY))
			KTEST_EXPECT_EQ(t, r.mem_id, node);
		for (int i = 0; i < 2; i++) {
			KTEST_EXPECT(t, r.pages[i]);
			if (!r.pages[i])
				continue;
			KTEST_EXPECT_EQ(t, page_to_nid(r.pages[i]), r.mem_id);
			__free_pages(r.pages[i], i ? 4 : 0);
		}
	}
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

struct memoryless_result {
	struct page *own, *asked;	/* default policy; alloc_pages_node(own node) */
	int preferred_err;		/* set_mempolicy(PREFERRED, own node) */
	unsigned int cpu;
};

/* On a memoryless node's hart: what the default policy and the node give. */
static void memoryless_hart_allocates(void *info)
{
	struct memoryless_result *r = info;
	nodemask_t own = nodemask_of_node(numa_node_id());

	r->cpu = smp_processor_id();
	r->own = alloc_page(GFP_KERNEL);
	r->asked = alloc_pages_node(numa_node_id(), GFP_KERNEL, 0);
	r->preferred_err = set_mempolicy(MPOL_PREFERRED, &own);
	set_mempolicy(MPOL_DEFAULT, NULL);
}

/*
 * A hart of a node without memory allocates from the nearest node with
 * memory, counted as a hit there (it is the preferred zone) but not a
 * local one. Preferring its own node is refused: it has no memory.
 */
static void memoryless_hart_uses_nearest_memory(struct ktest *t)
{
	struct numa_events events;
	struct numa_events_delta delta = { { { 0 } } };
	struct memoryless_result r = { 0 };
	int nid = memoryless_node();
	unsigned long before;

	if (nid == NUMA_NO_NODE) {
		ktest_skip(t, "no node with harts and no memory");
		return;
	}
	before = exact_free_pages();
	snapshot_events(&events);
	smp_call_function_single(first_cpu_of_node(nid), memoryless_hart_allocates,
				 &r, true);
	KTEST_EXPECT_EQ(t, cpu_to_node(r.cpu), nid);
	KTEST_EXPECT_EQ(t, r.preferred_err, -EINVAL);
	KTEST_EXPECT(t, r.own && r.asked);
	if (!r.own || !r.asked)
		goto out;
	KTEST_EXPECT(t, nearest_memory_node(nid, NUMA_NO_NODE, page_to_nid(r.own)));
	KTEST_EXPECT(t, nearest_memory_node(nid, NUMA_NO_NODE, page_to_nid(r.asked)));
	KTEST_EXPECT_EQ(t, page_to_nid(r.own), local_memory_node(nid));
	delta.v[page_to_nid(r.own)][NUMA_HIT]++;
	delta.v[page_to_nid(r.own)][NUMA_OTHER]++;
	delta.v[page_to_nid(r.own)][PGALLOC]++;
	delta.v[page_to_nid(r.asked)][NUMA_HIT]++;
	delta.v[page_to_nid(r.asked)][NUMA_OTHER]++;
	delta.v[page_to_nid(r.asked)][PGALLOC]++;
	EXPECT_EVENT_DELTAS(t, &events, &delta);
out:
	if (r.own)
		__free_page(r.own);
	if (r.asked)
		__free_page(r.asked);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/* A node with memory and no harts: reachable by node and by policy. */
static void cpuless_node_reachable(struct ktest *t)
{
	int nid = cpuless_node();
	unsigned long before;
	struct page *page;
	nodemask_t only;

	if (nid == NUMA_NO_NODE) {
		ktest_skip(t, "no node with memory and no harts");
		return;
	}
	only = nodemask_of_node(nid);
	before = exact_free_pages();
	page = alloc_pages_node(nid, GFP_KERNEL, 0);
	KTEST_EXPECT(t, page && page_to_nid(page) == nid);
	if (page)
		__free_page(page);
	for (int mode = MPOL_PREFERRED; mode <= MPOL_INTERLEAVE; mode++) {
		KTEST_EXPECT_EQ(t, set_mempolicy(mode, &only), 0);
		page = alloc_pages(GFP_KERNEL, 2);
		KTEST_EXPECT(t, page && page_to_nid(page) == nid);
		if (page)
			__free_pages(page, 2);
	}
	restore_default_policy(t);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/*
 * Allocates four order-0 pages and one of order 3 and 9 under the
 * current policy; fails @t for each that landed off node @want (off the
 * nodes of @allowed when @want is NUMA_NO_NODE).
 */
static void policy_places_on(struct ktest *t, int want, const nodemask_t *allowed)
{
	static const unsigned int orders[] = { 0, 0, 0, 0, 3, 9 };
	struct page *pages[ARRAY_SIZE(orders)];

	for (unsigned int i = 0; i < ARRAY_SIZE(orders); i++) {
		pages[i] = alloc_pages(GFP_KERNEL, orders[i]);
		KTEST_EXPECT(t, pages[i]);
		if (!pages[i])
			continue;
		if (want != NUMA_NO_NODE ? page_to_nid(pages[i]) != want
					 : !node_isset(page_to_nid(pages[i]), allowed))
			ktest_fail(t, __FILE__, __LINE__,
				   "order-%u page on node %d, wanted %d",
				   orders[i], page_to_nid(pages[i]), want);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(orders); i++)
		if (pages[i])
			__free_pages(pages[i], orders[i]);
}

/* MPOL_PREFERRED: the node named, while it has memory; get_mempolicy. */
static void preferred_policy_places_pages(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	int nid, mode;
	nodemask_t nodes;

	for_each_node_state(nid, N_MEMORY) {
		nodemask_t one = nodemask_of_node(nid);

		KTEST_EXPECT_EQ(t, set_mempolicy(MPOL_PREFERRED, &one), 0);
		KTEST_EXPECT_EQ(t, get_mempolicy(&mode, &nodes), 0);
		KTEST_EXPECT_EQ(t, mode, MPOL_PREFERRED);
		KTEST_EXPECT_EQ(t, nodes.bits, one.bits);
		policy_places_on(t, nid, NULL);
	}
	restore_default_policy(t);
	policy_places_on(t, numa_mem_id(), NULL);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/*
 * MPOL_BIND: inside the set only, nearest first; a set with memoryless
 * nodes keeps only its nodes with memory.
 */
static void bind_policy_places_pages(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	nodemask_t others = { 0 };
	int nid, mode, here = numa_node_id();

	for_each_node_state(nid, N_MEMORY) {
		nodemask_t one = nodemask_of_node(nid);

		KTEST_EXPECT_EQ(t, set_mempolicy(MPOL_BIND, &one), 0);
		policy_places_on(t, nid, NULL);
		if (nid != numa_mem_id())
			node_set(nid, &others);
	}
	if (others.bits) {
		nodemask_t nodes;
		int first = NUMA_NO_NODE;

		/* Every node but the local one: the nearest of them first. */
		KTEST_EXPECT_EQ(t, set_mempolicy(MPOL_BIND, &others), 0);
		KTEST_EXPECT_EQ(t, get_mempolicy(&mode, &nodes), 0);
		KTEST_EXPECT_EQ(t, mode, MPOL_BIND);
		KTEST_EXPECT_EQ(t, nodes.bits, others.bits);
		for_each_node_state(nid, N_MEMORY)
			if (node_isset(nid, &others) &&
			    (first == NUMA_NO_NODE ||
			     node_distance(here, nid) < node_distance(here, first)))
				first = nid;
		/* Ties: any node at the nearest distance will do. */
		for_each_node_state(nid, N_MEMORY)
			if (node_isset(nid, &others) &&
			    node_distance(here, nid) != node_distance(here, first))
				others.bits &= ~(1UL << nid);
		policy_places_on(t, NUMA_NO_NODE, &others);
	}
	nid = memoryless_node();
	if (nid != NUMA_NO_NODE) {
		nodemask_t mixed = nodemask_of_node(nid), nodes;
		int with_memory = local_memory_node(nid);

		node_set(with_memory, &mixed);
		KTEST_EXPECT_EQ(t, set_mempolicy(MPOL_BIND, &mixed), 0);
		KTEST_EXPECT_EQ(t, get_mempolicy(&mode, &nodes), 0);
		KTEST_EXPECT_EQ(t, nodes.bits, nodemask_of_node(with_memory).bits);
		policy_places_on(t, with_memory, NULL);
	}
	restore_default_policy(t);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/*
 * MPOL_INTERLEAVE: order-0 allocations go round the set, one node after
 * the other, each an interleave hit; the other events as for any
 * allocation (hit, and local or other from this hart's node).
 */
static void interleave_policy_round_robin(struct ktest *t)
{
	struct numa_events events;
	struct numa_events_delta delta = { { { 0 } } };
	unsigned int nodes_in_set = nr_memory_nodes();
	unsigned int count[MAX_NUMNODES] = { 0 };
	unsigned long before = exact_free_pages();
	struct page *pages[NUMA_ALLOCS * MAX_NUMNODES];
	unsigned int n = NUMA_ALLOCS * nodes_in_set;
	nodemask_t all = node_states[N_MEMORY];
	int nid, mode;
	nodemask_t got;

	KTEST_EXPECT_EQ(t, set_mempolicy(MPOL_INTERLEAVE, &all), 0);
	KTEST_EXPECT_EQ(t, get_mempolicy(&mode, &got), 0);
	KTEST_EXPECT_EQ(t, mode, MPOL_INTERLEAVE);
	KTEST_EXPECT_EQ(t, got.bits, all.bits);
	snapshot_events(&events);
	for (unsigned int i = 0; i < n; i++)
		pages[i] = alloc_page(GFP_KERNEL);
	for (unsigned int i = 0; i < n; i++) {
		KTEST_EXPECT(t, pages[i]);
		if (!pages[i])
			continue;
		nid = page_to_nid(pages[i]);
		count[nid]++;
		delta.v[nid][NUMA_HIT]++;
		delta.v[nid][NUMA_INTERLEAVE_HIT]++;
		delta.v[nid][nid == numa_node_id() ? NUMA_LOCAL : NUMA_OTHER]++;
		delta.v[nid][PGALLOC]++;
		/* Round robin: never the same node twice in a row. */
		if (i && nodes_in_set > 1 && pages[i - 1])
			KTEST_EXPECT(t, nid != page_to_nid(pages[i - 1]));
	}
	for_each_node_state(nid, N_MEMORY)
		KTEST_EXPECT_EQ(t, count[nid], NUMA_ALLOCS);
	EXPECT_EVENT_DELTAS(t, &events, &delta);
	restore_default_policy(t);
	for (unsigned int i = 0; i < n; i++)
		if (pages[i])
			__free_page(pages[i]);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/*
 * Refused policies leave the previous one in place: unknown modes, empty
 * sets for BIND and INTERLEAVE, and sets of memoryless nodes only.
 */
static void bad_policies_rejected(struct ktest *t)
{
	nodemask_t here = nodemask_of_node(numa_mem_id()), empty = { 0 }, nodes;
	int mode, nid = memoryless_node();

	KTEST_EXPECT_EQ(t, set_mempolicy(MPOL_PREFERRED, &here), 0);
	KTEST_EXPECT_EQ(t, set_mempolicy(MPOL_MAX, &here), -EINVAL);
	KTEST_EXPECT_EQ(t, set_mempolicy(-1, &here), -EINVAL);
	KTEST_EXPECT_EQ(t, set_mempolicy(MPOL_BIND, &empty), -EINVAL);
	KTEST_EXPECT_EQ(t, set_mempolicy(MPOL_INTERLEAVE, &empty), -EINVAL);
	if (nid != NUMA_NO_NODE) {
		nodemask_t memoryless = nodemask_of_node(nid);

		KTEST_EXPECT_EQ(t, set_mempolicy(MPOL_BIND, &memoryless), -EINVAL);
		KTEST_EXPECT_EQ(t, set_mempolicy(MPOL_PREFERRED, &memoryless), -EINVAL);
		KTEST_EXPECT_EQ(t, set_mempolicy(MPOL_INTERLEAVE, &memoryless), -EINVAL);
	}
	KTEST_EXPECT_EQ(t, get_mempolicy(&mode, &nodes), 0);
	KTEST_EXPECT_EQ(t, mode, MPOL_PREFERRED);
	KTEST_EXPECT_EQ(t, nodes.bits, here.bits);
	restore_default_policy(t);
}

struct counted_allocs {
	struct page *local[NUMA_ALLOCS], *remote[MAX_NUMNODES][NUMA_ALLOCS];
	struct page *order2, *order5;	/* from the caches; from the buddy */
};

/* On a hart of a node with memory: local, order-2, order-5, remote pages. */
static void take_counted_pages(void *info)
{
	struct counted_allocs *c = info;
	int nid;

	for (int i = 0; i < NUMA_ALLOCS; i++)
		c->local[i] = alloc_pages_node(numa_node_id(), GFP_KERNEL, 0);
	c->order2 = alloc_pages(GFP_KERNEL, 2);
	c->order5 = alloc_pages(GFP_KERNEL, 5);
	for_each_node_state(nid, N_MEMORY)
		if (nid != numa_node_id())
			for (int i = 0; i < NUMA_ALLOCS; i++)
				c->remote[nid][i] = alloc_pages_node(nid, GFP_KERNEL, 0);
}

/*
 * Local allocations are hits and local; asking another node for pages
 * is a hit there and "other". An order-2 allocation (served by the
 * caches) is one event but four pages of PGALLOC and, when freed, of
 * PGFREE; an order-5 one (straight from the buddy) likewise 32 pages.
 */
static void numa_events_hit_local_other(struct ktest *t)
{
	struct numa_events events;
	struct numa_events_delta delta = { { { 0 } } };
	static struct counted_allocs c;
	unsigned long before = exact_free_pages();
	int node = NUMA_NO_NODE, nid;
	unsigned int cpu;

	/* A hart whose node has memory: numa_node_id() is its own then. */
	for_each_online_cpu(cpu)
		if (node_state(cpu_to_node(cpu), N_MEMORY)) {
			node = cpu_to_node(cpu);
			break;
		}
	if (node == NUMA_NO_NODE) {
		ktest_skip(t, "no hart on a node with memory");
		return;
	}
	memset(&c, 0, sizeof(c));
	snapshot_events(&events);
	smp_call_function_single(cpu, take_counted_pages, &c, true);
	for (int i = 0; i < NUMA_ALLOCS; i++)
		KTEST_EXPECT(t, c.local[i] && page_to_nid(c.local[i]) == node);
	KTEST_EXPECT(t, c.order2 && page_to_nid(c.order2) == node);
	KTEST_EXPECT(t, c.order5 && page_to_nid(c.order5) == node);
	delta.v[node][NUMA_HIT] = delta.v[node][NUMA_LOCAL] = NUMA_ALLOCS + 2;
	delta.v[node][PGALLOC] = NUMA_ALLOCS + 4 + 32;
	for_each_node_state(nid, N_MEMORY) {
		if (nid == node)
			continue;
		for (int i = 0; i < NUMA_ALLOCS; i++)
			KTEST_EXPECT(t, c.remote[nid][i] &&
					page_to_nid(c.remote[nid][i]) == nid);
		delta.v[nid][NUMA_HIT] = delta.v[nid][NUMA_OTHER] = NUMA_ALLOCS;
		delta.v[nid][PGALLOC] = NUMA_ALLOCS;
	}
	EXPECT_EVENT_DELTAS(t, &events, &delta);

	/* Frees count pages, on the zone of the page, whoever frees. */
	snapshot_events(&events);
	memset(&delta, 0, sizeof(delta));
	for (int i = 0; i < NUMA_ALLOCS; i++) {
		if (c.local[i]) {
			__free_page(c.local[i]);
			delta.v[node][PGFREE]++;
		}
		for_each_node_state(nid, N_MEMORY)
			if (c.remote[nid][i]) {
				__free_page(c.remote[nid][i]);
				delta.v[nid][PGFREE]++;
			}
	}
	if (c.order2) {
		__free_pages(c.order2, 2);
		delta.v[node][PGFREE] += 4;
	}
	if (c.order5) {
		__free_pages(c.order5, 5);
		delta.v[node][PGFREE] += 32;
	}
	drain_all_pages();
	EXPECT_EVENT_DELTAS(t, &events, &delta);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

static const struct ktest_case page_numa_cases[] = {
	KTEST_CASE(every_memory_node_serves_itself),
	KTEST_CASE(default_policy_is_local_on_every_hart),
	KTEST_CASE(memoryless_hart_uses_nearest_memory),
	KTEST_CASE(cpuless_node_reachable),
	KTEST_CASE(preferred_policy_places_pages),
	KTEST_CASE(bind_policy_places_pages),
	KTEST_CASE(interleave_policy_round_robin),
	KTEST_CASE(bad_policies_rejected),
	KTEST_CASE(numa_events_hit_local_other),
};
KTEST_SUITE(page_numa_ktest_suite, "page_numa", page_numa_cases);
