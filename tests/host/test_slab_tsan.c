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
#include "kernel/spinlock.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "mm/slab_internal.h"
#include <asm/irqflags.h>

#define WATCHDOG_S 240
#define NR_HARTS 4
#define ROUNDS 300
#define BATCH 40

static const struct mm_machine machine = {
	.nr_nodes = 2,
	.nr_cpus = NR_HARTS,
	.cpu_node = { 0, 0, 1, 1 },
	.memory = { { 0x80000000, 64 * MIB, 0 }, { 0x84000000, 64 * MIB, 1 } },
	.nr_memory = 2,
};

struct stamped {
	unsigned long stamp;	/* cpu << 32 | sequence, also in the last word */
	struct stamped *next;
	unsigned long payload[6];
};

static struct kmem_cache *cache;
static struct stamped *inbox[NR_HARTS];
static spinlock_t inbox_lock[NR_HARTS];
static unsigned long bad[NR_HARTS], handed[NR_HARTS], freed[NR_HARTS];
static unsigned int workers_left;

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

		if (list->payload[5] != list->stamp)
			bad[cpu]++;
		/* Odd sequence numbers came from kmalloc(), even from the cache. */
		if (list->stamp & 1)
			kfree(list);
		else
			kmem_cache_free(cache, list);
		freed[cpu]++;
		list = next;
	}
}

/* Allocates, stamps and hands batches to the hart across the nodes. */
static void work(void *unused)
{
	unsigned int cpu = smp_processor_id(), to = (cpu + 2) % NR_HARTS;
	unsigned long seq = 0;

	local_irq_enable();	/* drains from the main hart land in between */
	for (int round = 0; round < ROUNDS; round++) {
		struct stamped *batch = NULL, *last = NULL;
		unsigned long flags;

		for (int i = 0; i < BATCH; i++, seq++) {
			struct stamped *s = seq & 1 ? kmalloc(sizeof(*s), GFP_KERNEL) :
						      kmem_cache_alloc(cache, GFP_KERNEL);

			if (!s)
				continue;
			s->stamp = (unsigned long)cpu << 32 | seq;
			s->payload[5] = s->stamp;
			s->next = batch;
			batch = s;
			if (!last)
				last = s;
			handed[cpu]++;
		}
		if (batch) {
			spin_lock_irqsave(&inbox_lock[to], flags);
			last->next = inbox[to];
			inbox[to] = batch;
			spin_unlock_irqrestore(&inbox_lock[to], flags);
		}
		free_inbox(cpu);
	}
	__atomic_sub_fetch(&workers_left, 1, __ATOMIC_RELEASE);
	local_irq_disable();
}

static void drain_inbox(void *unused)
{
	free_inbox(smp_processor_id());
}

static void harts_hand_objects_across_nodes(void)
{
	unsigned long before, total_handed = 0, total_freed = 0;

	mm_boot(&machine);
	slab_init();
	drain_all_pages();
	before = nr_free_pages();
	cache = kmem_cache_create("stamped", sizeof(struct stamped), 0, 0, NULL);
	CHECK(cache != NULL);
	for (int cpu = 0; cpu < NR_HARTS; cpu++)
		inbox_lock[cpu] = (spinlock_t)SPINLOCK_INIT;
	/* Harts 1..3 work; the main hart shrinks the cache meanwhile. */
	workers_left = NR_HARTS - 1;
	for (unsigned int cpu = 1; cpu < NR_HARTS; cpu++)
		CHECK_EQ(smp_call_function_single(cpu, work, NULL, false), 0);
	while (__atomic_load_n(&workers_left, __ATOMIC_ACQUIRE))
		kmem_cache_shrink(cache);
	on_each_cpu(drain_inbox, NULL, true);
	for (int cpu = 0; cpu < NR_HARTS; cpu++) {
		total_handed += handed[cpu];
		total_freed += freed[cpu];
		CHECK_EQ(bad[cpu], 0);
	}
	CHECK_EQ(total_handed, (unsigned long)(NR_HARTS - 1) * ROUNDS * BATCH);
	CHECK_EQ(total_freed, total_handed);
	kmem_cache_destroy(cache);
	CHECK(!log_contains("still allocated"));
	for (unsigned int i = 1; i < KMEM_MAX_CACHES; i++)
		if (kmem_caches[i])
			kmem_cache_shrink(kmem_caches[i]);
	drain_all_pages();
	CHECK_EQ(nr_free_pages(), before);
}

int main(void)
{
	alarm(WATCHDOG_S);
	ktap_plan(1);
	RUN_FORKED(harts_hand_objects_across_nodes);
	return ktap_done();
}
