// SPDX-License-Identifier: MIT
/*
 * DOC: slab suite - object caches and kmalloc on the real machine
 *
 * Every kmalloc class aligned and sized on the kernel's linear map;
 * kmalloc_node() placing objects on each node with memory; and every hart
 * at once allocating objects of one cache, stamping them and handing them
 * to a hart on the other side of the machine, which checks and frees them
 * (remote frees going home through the remote buffers while the owners
 * allocate). Each case ends with the cache (or kmalloc) giving back every
 * page: the free page count of before, exactly.
 */
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "mm/slab_internal.h"

/* Free pages with every cache shrunk and every hart's page cache drained. */
static unsigned long settled_free_pages(void)
{
	for (unsigned int i = 1; i < KMEM_MAX_CACHES; i++)
		if (kmem_caches[i])
			kmem_cache_shrink(kmem_caches[i]);
	drain_all_pages();
	return nr_free_pages();
}

static void kmalloc_classes_aligned(struct ktest *t)
{
	static const unsigned int sizes[] = { 1, 8, 9, 16, 33, 64, 65, 96, 97, 128,
					      150, 192, 200, 256, 300, 512, 1000,
					      1024, 2000, 2048, 4000, 4096, 8000, 8192 };
	static const unsigned int want[] = { 8, 8, 16, 16, 64, 64, 96, 96, 128, 128,
					     192, 192, 256, 256, 512, 512, 1024,
					     1024, 2048, 2048, 4096, 4096, 8192, 8192 };
	unsigned long before = settled_free_pages();
	void *held[ARRAY_SIZE(sizes)];

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned int align = want[i] == 96 ? 32 : want[i] == 192 ? 64 :
				     min(want[i], (unsigned int)PAGE_SIZE);

		held[i] = kmalloc(sizes[i], GFP_KERNEL);
		KTEST_EXPECT(t, held[i] != NULL);
		if (!held[i])
			return;
		KTEST_EXPECT_EQ(t, ksize(held[i]), want[i]);
		KTEST_EXPECT_EQ(t, (unsigned long)held[i] % align, 0);
		memset(held[i], 0x11, sizes[i]);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++)
		kfree(held[i]);
	KTEST_EXPECT_EQ(t, settled_free_pages(), before);
}

static void kmalloc_node_places(struct ktest *t)
{
	unsigned long before = settled_free_pages();
	int nid;

	for_each_online_node(nid) {
		void *p;

		if (!NODE_DATA(nid) || !NODE_DATA(nid)->node_present_pages)
			continue;
		p = kmalloc_node(256, GFP_KERNEL, nid);
		KTEST_EXPECT(t, p && page_to_nid(virt_to_page(p)) == nid);
		kfree(p);
	}
	KTEST_EXPECT_EQ(t, settled_free_pages(), before);
}

/* -------------------------------------------------- all harts --- */

#define HANDOFF_ROUNDS 40
#define HANDOFF_BATCH 50

struct stamped {
	unsigned long owner;	/* cpu << 32 | sequence */
	struct stamped *next;
	char payload[48];
};

static struct kmem_cache *handoff_cache;
/* inbox[cpu]: batches handed to @cpu, a stack guarded by inbox_lock[cpu]. */
static struct stamped *inbox[NR_CPUS];
static spinlock_t inbox_lock[NR_CPUS];
static unsigned long bad_stamps[NR_CPUS], freed[NR_CPUS];

/* The online hart that frees what @cpu allocates: the one across the machine. */
static unsigned int partner(unsigned int cpu)
{
	unsigned int online[NR_CPUS], n = 0, me = 0;

	for (unsigned int c = 0; c < nr_cpu_ids; c++) {
		if (c == cpu)
			me = n;
		if (cpu_online(c))
			online[n++] = c;
	}
	return online[(me + n / 2) % n];
}

static void free_inbox(unsigned int cpu)
{
	struct stamped *list;
	unsigned long flags;

	spin_lock_irqsave(&inbox_lock[cpu], flags);
	list = inbox[cpu];
	inbox[cpu] = NULL;
	spin_unlock_irqrestore(&inbox_lock[cpu], flags);
	while (list) {
		struct stamped *next = list->next;

		if (list->payload[0] != (char)(list->owner & 0x7f))
			bad_stamps[cpu]++;
		kmem_cache_free(handoff_cache, list);
		freed[cpu]++;
		list = next;
	}
}

static void handoff_worker(void *unused)
{
	unsigned int cpu = smp_processor_id(), to = partner(cpu);

	for (unsigned long round = 0; round < HANDOFF_ROUNDS; round++) {
		struct stamped *batch = NULL, *last = NULL;
		unsigned long flags;

		for (unsigned int i = 0; i < HANDOFF_BATCH; i++) {
			struct stamped *s = kmem_cache_alloc(handoff_cache, GFP_KERNEL);

			if (!s)
				break;
			s->owner = (unsigned long)cpu << 32 | (round * HANDOFF_BATCH + i);
			memset(s->payload, (int)(s->owner & 0x7f), sizeof(s->payload));
			s->next = batch;
			batch = s;
			if (!last)
				last = s;
		}
		if (batch) {
			spin_lock_irqsave(&inbox_lock[to], flags);
			last->next = inbox[to];
			inbox[to] = batch;
			spin_unlock_irqrestore(&inbox_lock[to], flags);
		}
		free_inbox(cpu);
	}
}

static void handoff_drain(void *unused)
{
	free_inbox(smp_processor_id());
}

/*
 * All harts allocate, stamp and hand objects across the machine at once;
 * every object comes back intact, and with the cache shrunk every page is
 * back and the cache can be destroyed without a leak report.
 */
static void harts_hand_objects_across(struct ktest *t)
{
	unsigned long before = settled_free_pages(), total = 0, bad = 0;

	handoff_cache = kmem_cache_create("handoff", sizeof(struct stamped), 0, 0, NULL);
	KTEST_EXPECT(t, handoff_cache != NULL);
	if (!handoff_cache)
		return;
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		inbox[cpu] = NULL;
		inbox_lock[cpu] = (spinlock_t)SPINLOCK_INIT;
		bad_stamps[cpu] = freed[cpu] = 0;
	}
	on_each_cpu(handoff_worker, NULL, true);
	on_each_cpu(handoff_drain, NULL, true);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		total += freed[cpu];
		bad += bad_stamps[cpu];
	}
	printk("  # %s: %lu objects handed across by %u harts\n", t->name, total, nr_cpu_ids);
	KTEST_EXPECT_EQ(t, total, (unsigned long)num_online_cpus() * HANDOFF_ROUNDS * HANDOFF_BATCH);
	KTEST_EXPECT_EQ(t, bad, 0);
	kmem_cache_shrink(handoff_cache);
	for (unsigned int nid = 0; nid < nr_node_ids; nid++)
		KTEST_EXPECT_EQ(t, handoff_cache->node[nid].inuse, 0);
	kmem_cache_destroy(handoff_cache);
	KTEST_EXPECT_EQ(t, settled_free_pages(), before);
}

static const struct ktest_case slab_cases[] = {
	KTEST_CASE(kmalloc_classes_aligned),
	KTEST_CASE(kmalloc_node_places),
	KTEST_CASE(harts_hand_objects_across),
};
KTEST_SUITE(slab_ktest_suite, "slab", slab_cases);
