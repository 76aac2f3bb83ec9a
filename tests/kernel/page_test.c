// SPDX-License-Identifier: MIT
/*
 * DOC: page allocator suites - shared helpers
 *
 * Exact free-page counts, byte checks, the log markers that bad-free
 * cases look behind, and topology questions (which node lacks memory or
 * harts) that decide whether a case applies to the machine under test.
 */
#include "tests/kernel/page_test.h"
#include "mm/pgtable.h"
#include "mm/slab_internal.h"
#include "mm/vmalloc.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "lib/printf.h"
#include "lib/string.h"

unsigned long exact_free_pages(void)
{
	vm_unmap_aliases();
	kmem_cache_shrink_all();
	drain_all_pages();
	return nr_free_pages();
}

unsigned long settled_pages(void)
{
	return exact_free_pages() + READ_ONCE(nr_pagetable_pages);
}

bool bytes_all(const void *addr, size_t len, u8 byte)
{
	const unsigned long *word = addr;
	unsigned long pattern = 0x0101010101010101UL * byte;
	const u8 *p;

	/* Word at a time: the suites check whole blocks of pages. */
	for (; len >= sizeof(*word); len -= sizeof(*word))
		if (*word++ != pattern)
			return false;
	for (p = (const u8 *)word; len; len--)
		if (*p++ != byte)
			return false;
	return true;
}

bool blocks_overlap(const struct page *a, unsigned int ao,
		    const struct page *b, unsigned int bo)
{
	unsigned long pa = page_to_pfn(a), pb = page_to_pfn(b);

	return pa < pb + (1UL << bo) && pb < pa + (1UL << ao);
}

static char mark_text[96];
static unsigned int mark_sequence;
/* The log is read into this: big enough for a report and its mark. */
static char log_copy[8192];

const char *log_mark(struct ktest *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	/* The number keeps marks unique when a case repeats its action. */
	n = scnprintf(mark_text, sizeof(mark_text), "mark %u: ",
		      ++mark_sequence);
	va_start(ap, fmt);
	vscnprintf(mark_text + n, sizeof(mark_text) - n, fmt, ap);
	va_end(ap);
	printk("  # %s: %s\n", t->name, mark_text);
	return mark_text;
}

bool log_has_since(const char *mark, const char *needle)
{
	const char *found, *after = NULL;

	log_buf_read(log_copy, sizeof(log_copy));
	/* The last copy of the mark: an earlier run of the suite may match. */
	for (found = strstr(log_copy, mark); found; found = strstr(found + 1, mark))
		after = found + strlen(mark);
	return after && strstr(after, needle);
}

unsigned long memory_end_pfn(void)
{
	unsigned long end = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		end = max(end, zone_end_pfn(zone));
	return end;
}

unsigned int nr_memory_nodes(void)
{
	unsigned int n = 0;
	int nid;

	for_each_node_state(nid, N_MEMORY)
		n++;
	return n;
}

int node_with_but_not(enum node_states has, enum node_states lacks)
{
	int nid;

	for_each_online_node(nid)
		if (node_state(nid, has) && !node_state(nid, lacks))
			return nid;
	return NUMA_NO_NODE;
}

unsigned int first_cpu_of_node(int nid)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (cpu_to_node(cpu) == nid)
			return cpu;
	return nr_cpu_ids;
}

bool nearest_memory_node(int from, int excluded, int nid)
{
	int other;

	if (nid == excluded || !node_state(nid, N_MEMORY))
		return false;
	for_each_node_state(other, N_MEMORY)
		if (other != excluded &&
		    node_distance(from, other) < node_distance(from, nid))
			return false;
	return true;
}

/* Adds zone_events() of every zone of node @nid with memory into @sum. */
static void node_events_add(int nid, unsigned long sum[NR_ZONE_EVENT_ITEMS])
{
	unsigned long events[NR_ZONE_EVENT_ITEMS];

	if (!NODE_DATA(nid))
		return;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &NODE_DATA(nid)->node_zones[z];

		if (!managed_zone(zone))
			continue;
		zone_events(zone, events);
		for (int i = 0; i < NR_ZONE_EVENT_ITEMS; i++)
			sum[i] += events[i];
	}
}

void snapshot_events(struct numa_events *events)
{
	memset(events, 0, sizeof(*events));
	for (int nid = 0; nid < (int)nr_node_ids && nid < MAX_NUMNODES; nid++)
		if (node_state(nid, N_MEMORY))
			node_events_add(nid, events->v[nid]);
}

static const char *const event_names[NR_ZONE_EVENT_ITEMS] = {
	"numa_hit", "numa_miss", "numa_foreign", "interleave_hit",
	"local_node", "other_node", "pgalloc", "pgfree",
};

void expect_event_deltas(struct ktest *t, const char *file, int line,
			 const struct numa_events *before,
			 const struct numa_events_delta *delta)
{
	static struct numa_events now;	/* 1 KiB: off the stack */
	int nid;

	snapshot_events(&now);
	for_each_node_state(nid, N_MEMORY)
		for (int i = 0; i < NR_ZONE_EVENT_ITEMS; i++) {
			long moved = (long)(now.v[nid][i] - before->v[nid][i]);

			if (moved != delta->v[nid][i])
				ktest_fail(t, file, line,
					   "node %d %s moved by %ld, expected %ld",
					   nid, event_names[i], moved,
					   delta->v[nid][i]);
		}
}

unsigned long free_chain(struct test_block *chain)
{
	unsigned long pages = 0;

	while (chain) {
		struct test_block *next = chain->next;
		unsigned int order = chain->order;

		__free_pages(virt_to_page(chain), order);
		pages += 1UL << order;
		chain = next;
	}
	return pages;
}
