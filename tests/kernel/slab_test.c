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
#include "tests/kernel/page_test.h"
#include "tests/kernel/slab_handoff.h"

static void kmalloc_classes_aligned(struct ktest *t)
{
	static const unsigned int sizes[] = { 1, 8, 9, 16, 33, 64, 65, 96, 97, 128,
					      150, 192, 200, 256, 300, 512, 1000,
					      1024, 2000, 2048, 4000, 4096, 8000, 8192 };
	static const unsigned int want[] = { 8, 8, 16, 16, 64, 64, 96, 96, 128, 128,
					     192, 192, 256, 256, 512, 512, 1024,
					     1024, 2048, 2048, 4096, 4096, 8192, 8192 };
	unsigned long before = exact_free_pages();
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
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

static void kmalloc_node_places(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	int nid;

	for_each_online_node(nid) {
		/* A node without memory gets the nearest node's, as in Linux. */
		int expected = local_memory_node(nid);
		void *p = kmalloc_node(256, GFP_KERNEL, nid), *large;

		KTEST_EXPECT(t, p && page_to_nid(virt_to_page(p)) == expected);
		kfree(p);
		large = kmalloc_node(3 * PAGE_SIZE, GFP_KERNEL, nid);
		KTEST_EXPECT(t, large && page_to_nid(virt_to_page(large)) == expected);
		kfree(large);
	}
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/* -------------------------------------------------- all harts --- */

#define HANDOFF_ROUNDS 40
#define HANDOFF_BATCH 50

static struct slab_handoff handoff;

/* Each hart hands its batches to the online hart half the machine away. */
static void pick_partners(struct slab_handoff *h)
{
	unsigned int online[NR_CPUS], n = 0, cpu;

	for_each_online_cpu(cpu)
		online[n++] = cpu;
	for (unsigned int i = 0; i < n; i++)
		h->to[online[i]] = online[(i + n / 2) % n];
}

/*
 * All harts allocate, stamp and hand objects across the machine at once;
 * every object comes back intact, and with the cache shrunk every page is
 * back and the cache can be destroyed without a leak report.
 */
static void harts_hand_objects_across(struct ktest *t)
{
	unsigned long before = exact_free_pages(), total = 0, bad = 0;
	struct kmem_cache *cache;

	cache = kmem_cache_create("handoff", sizeof(struct handoff_object), 0, 0, NULL);
	KTEST_EXPECT(t, cache != NULL);
	if (!cache)
		return;
	memset(&handoff, 0, sizeof(handoff));
	handoff.cache = cache;
	handoff.rounds = HANDOFF_ROUNDS;
	handoff.batch = HANDOFF_BATCH;
	pick_partners(&handoff);
	on_each_cpu(slab_handoff_work, &handoff, true);
	on_each_cpu(slab_handoff_finish, &handoff, true);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		total += handoff.freed[cpu];
		bad += handoff.bad[cpu];
	}
	printk("  # %s: %lu objects handed across by %u harts\n", t->name, total, nr_cpu_ids);
	KTEST_EXPECT_EQ(t, total, (unsigned long)num_online_cpus() * HANDOFF_ROUNDS * HANDOFF_BATCH);
	KTEST_EXPECT_EQ(t, bad, 0);
	kmem_cache_shrink(cache);
	for (unsigned int nid = 0; nid < nr_node_ids; nid++)
		KTEST_EXPECT_EQ(t, cache->node[nid].inuse, 0);
	kmem_cache_destroy(cache);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

static const struct ktest_case slab_cases[] = {
	KTEST_CASE(kmalloc_classes_aligned),
	KTEST_CASE(kmalloc_node_places),
	KTEST_CASE(harts_hand_objects_across),
};
KTEST_SUITE(slab_ktest_suite, "slab", slab_cases);
