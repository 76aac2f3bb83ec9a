/* SPDX-License-Identifier: MIT */
/*
 * tests/kernel/page_test.h - what the page allocator suites share.
 *
 * The page_alloc, page_numa and page_smp suites count pages exactly: a
 * case takes the number of free pages before and after with every hart's
 * cache drained, so a page lost or freed twice shows up as a difference.
 * Bad frees are checked through the log: a case prints a marker comment,
 * does the bad free, and looks for the report after its marker.
 */
#ifndef TERN_TESTS_KERNEL_PAGE_TEST_H
#define TERN_TESTS_KERNEL_PAGE_TEST_H

#include "kernel/ktest.h"
#include "kernel/types.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/numa.h"
#include "mm/page.h"

/* Requests that may fail without a failure report in the log. */
#define GFP_TEST (GFP_KERNEL | __GFP_NOWARN)

/*
 * A block the suites keep on a chain: the header lives in the block's own
 * first bytes, so chaining a million pages needs no memory besides them.
 */
struct test_block {
	struct test_block *next;
	unsigned int order;
	unsigned int owner;	/* cpu that allocated it */
	unsigned long stamp;	/* owner and sequence: catches a double hand-out */
};

/*
 * exact_free_pages() - the buddy's free pages with every cache empty.
 * Purges vmalloc's lazy areas (their vm_structs hold slab memory), shrinks
 * every slab cache and drains every hart's page caches first, so that two
 * calls with nothing allocated in between return the same number. Not
 * from a cross-hart call: the purge and the drain wait for every hart.
 */
unsigned long exact_free_pages(void);

/*
 * settled_pages() - exact_free_pages() plus the page-table pages, which
 * vmalloc keeps once made (as Linux does): what a suite that maps kernel
 * ranges gets back exactly.
 */
unsigned long settled_pages(void);

/* Returns true if all @len bytes at @addr equal @byte. */
bool bytes_all(const void *addr, size_t len, u8 byte);

/* Returns true if [@a, @a + 2^@ao pages) and [@b, ...) share a page. */
bool blocks_overlap(const struct page *a, unsigned int ao,
		    const struct page *b, unsigned int bo);

/*
 * log_mark() - print a KTAP comment naming what the case is about to do,
 * so that log_has_since() can find what the kernel said after it.
 * Return: the mark's text (a static buffer, valid until the next call).
 */
const char *log_mark(struct ktest *t, const char *fmt, ...) __printf(2, 3);

/*
 * log_has_since() - true if the log, after the last line printed by
 * log_mark() with text @mark, contains @needle.
 */
bool log_has_since(const char *mark, const char *needle);

/* Returns the highest pfn + 1 of any zone (the end of memory). */
unsigned long memory_end_pfn(void);

/* Returns the number of online nodes with memory. */
unsigned int nr_memory_nodes(void);

/* Returns the first online node in state @has and not @lacks, or NUMA_NO_NODE. */
int node_with_but_not(enum node_states has, enum node_states lacks);

/* Returns the first node with harts but no memory, or NUMA_NO_NODE. */
static inline int memoryless_node(void)
{
	return node_with_but_not(N_CPU, N_MEMORY);
}

/* Returns the first node with memory but no harts, or NUMA_NO_NODE. */
static inline int cpuless_node(void)
{
	return node_with_but_not(N_MEMORY, N_CPU);
}

/* Returns an online cpu of node @nid, or nr_cpu_ids if it has none. */
unsigned int first_cpu_of_node(int nid);

/*
 * nearest_memory_node() - where an allocation from node @from lands.
 * Return: true if @nid has memory, is not @excluded (NUMA_NO_NODE: none
 * is), and no other such node is nearer to @from. Ties all count.
 */
bool nearest_memory_node(int from, int excluded, int nid);

/* Every node's zone_events(), summed over its zones: [nid][item]. */
struct numa_events {
	unsigned long v[MAX_NUMNODES][NR_ZONE_EVENT_ITEMS];
};

/* How much each node's events should move: [nid][item]. */
struct numa_events_delta {
	long v[MAX_NUMNODES][NR_ZONE_EVENT_ITEMS];
};

/* Fills @events with every node's counters as of now. */
void snapshot_events(struct numa_events *events);

/*
 * expect_event_deltas() - fail @t (at @file:@line) for every node and
 * item whose counter did not move from @before by exactly @delta; items
 * @delta leaves at 0 must not have moved at all.
 */
void expect_event_deltas(struct ktest *t, const char *file, int line,
			 const struct numa_events *before,
			 const struct numa_events_delta *delta);
#define EXPECT_EVENT_DELTAS(t, before, delta) \
	expect_event_deltas(t, __FILE__, __LINE__, before, delta)

/* Frees every block of @chain with its order; Returns the pages freed. */
unsigned long free_chain(struct test_block *chain);

#endif
