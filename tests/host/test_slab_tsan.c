// SPDX-License-Identifier: MIT
/*
 * DOC: host test - object caches with harts running at once, under TSan
 *
 * Three of four pthread harts on two nodes allocate objects of one cache and of
 * kmalloc, stamp them, and hand them to a hart of the other node, which
 * checks and frees them: the magazines, the remote buffers going home and
 * the node locks all in use at once, while the main hart shrinks the cache
 * over and over (cross-hart drains landing between two operations).
 * An object handed out twice fails its stamp here and is a data race for
 * ThreadSanitizer. The case ends with every object back in its slab and
 * every page back in the buddy.
 */
#include "tests/host/mm_host.h"
#include "mm/kmemleak.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "tests/kernel/slab_handoff.h"
#include <asm/irqflags.h>

#define WATCHDOG_S 240
#define NR_HARTS 4	/* slab_machine's harts */
#define ROUNDS 300
#define BATCH 40

static struct slab_handoff handoff;
static unsigned int workers_left;

/* A worker hart: the hand-off with interrupts on, so drains land in between. */
static void work(void *info)
{
	local_irq_enable();
	slab_handoff_work(info);
	__atomic_sub_fetch(&workers_left, 1, __ATOMIC_RELEASE);
	local_irq_disable();
}

static void harts_hand_objects_across_nodes(void)
{
	unsigned long before, total_handed = 0, total_freed = 0;

	mm_boot(&slab_machine);
	slab_init();
	drain_all_pages();
	/* kmemleak's pool (debug build) may grow meanwhile, for good. */
	before = nr_free_pages() + kmemleak_pool_pages;
	handoff.cache = kmem_cache_create("stamped", sizeof(struct handoff_object), 0, 0, NULL);
	CHECK(handoff.cache != NULL);
	handoff.mix_kmalloc = true;
	handoff.rounds = ROUNDS;
	handoff.batch = BATCH;
	for (unsigned int cpu = 0; cpu < NR_HARTS; cpu++)
		handoff.to[cpu] = (cpu + 2) % NR_HARTS;	/* the other node */
	/* Harts 1..3 work; the main hart shrinks the cache meanwhile. */
	workers_left = NR_HARTS - 1;
	for (unsigned int cpu = 1; cpu < NR_HARTS; cpu++)
		CHECK_EQ(smp_call_function_single(cpu, work, &handoff, false), 0);
	while (__atomic_load_n(&workers_left, __ATOMIC_ACQUIRE))
		kmem_cache_shrink(handoff.cache);
	on_each_cpu(slab_handoff_finish, &handoff, true);
	for (int cpu = 0; cpu < NR_HARTS; cpu++) {
		total_handed += handoff.handed[cpu];
		total_freed += handoff.freed[cpu];
		CHECK_EQ(handoff.bad[cpu], 0);
	}
	CHECK_EQ(total_handed, (unsigned long)(NR_HARTS - 1) * ROUNDS * BATCH);
	CHECK_EQ(total_freed, total_handed);
	kmem_cache_destroy(handoff.cache);
	CHECK(!log_contains("still allocated"));
	kmem_cache_shrink_all();
	drain_all_pages();
	CHECK_EQ(nr_free_pages() + kmemleak_pool_pages, before);
}

int main(void)
{
	alarm(WATCHDOG_S);
	ktap_plan(1);
	RUN_FORKED(harts_hand_objects_across_nodes);
	return ktap_done();
}
