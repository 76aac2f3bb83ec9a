/* SPDX-License-Identifier: MIT */
/*
 * tests/kernel/slab_handoff.h - harts allocating objects, stamping them and
 * handing them to another hart, which checks and frees them: magazines,
 * remote buffers and node locks in use at once. Shared by the in-kernel
 * slab suite (real harts, interrupts off) and the host test
 * test_slab_tsan.c (pthread harts under ThreadSanitizer, interrupts on so
 * that cross-hart drains land between two operations).
 */
#ifndef TERN_TESTS_KERNEL_SLAB_HANDOFF_H
#define TERN_TESTS_KERNEL_SLAB_HANDOFF_H

#include "kernel/smp.h"
#include "mm/slab.h"
#include "tests/kernel/inbox.h"

struct handoff_object {
	struct handoff_object *next;
	unsigned long stamp;		/* cpu << 32 | sequence */
	unsigned long payload[6];	/* payload[5] repeats the stamp */
};

/**
 * struct slab_handoff - one run of slab_handoff_work() on some harts.
 * @cache: objects come from here (a cache of struct handoff_object)...
 * @mix_kmalloc: ...or, for odd sequence numbers, from kmalloc().
 * @rounds, @batch: each hart hands over @rounds batches of @batch objects.
 * @to: per cpu, the hart it hands its batches to (the caller fills it).
 * @inbox: per cpu, batches handed to it.
 * @handed, @freed: per cpu, objects it allocated and handed over, and
 *	objects it took from its inbox and freed.
 * @bad: per cpu, objects whose stamp had changed: an object two harts had.
 */
struct slab_handoff {
	struct kmem_cache *cache;
	bool mix_kmalloc;
	unsigned long rounds, batch;
	unsigned int to[NR_CPUS];
	struct handoff_object *inbox[NR_CPUS];
	unsigned long handed[NR_CPUS], freed[NR_CPUS], bad[NR_CPUS];
};

/* Takes @cpu's inbox, checks each object's stamp and frees it. */
static inline void slab_handoff_drain(struct slab_handoff *h, unsigned int cpu)
{
	struct handoff_object *obj = inbox_take(&h->inbox[cpu]);

	while (obj) {
		struct handoff_object *next = obj->next;

		if (obj->payload[5] != obj->stamp)
			h->bad[cpu]++;
		if (h->mix_kmalloc && (obj->stamp & 1))
			kfree(obj);
		else
			kmem_cache_free(h->cache, obj);
		h->freed[cpu]++;
		obj = next;
	}
}

/* One hart's share (a cross-hart call): allocate, stamp, hand over, free. */
static inline void slab_handoff_work(void *info)
{
	struct slab_handoff *h = info;
	unsigned int cpu = smp_processor_id();
	unsigned long seq = 0;

	for (unsigned long round = 0; round < h->rounds; round++) {
		struct handoff_object *head = NULL, *tail = NULL;

		for (unsigned long i = 0; i < h->batch; i++, seq++) {
			struct handoff_object *obj =
				h->mix_kmalloc && (seq & 1) ? kmalloc(sizeof(*obj), GFP_KERNEL) :
							      kmem_cache_alloc(h->cache, GFP_KERNEL);

			if (!obj)
				continue;
			obj->stamp = (unsigned long)cpu << 32 | seq;
			obj->payload[5] = obj->stamp;
			obj->next = head;
			head = obj;
			if (!tail)
				tail = obj;
			h->handed[cpu]++;
		}
		if (head)
			inbox_push(&h->inbox[h->to[cpu]], head, tail);
		slab_handoff_drain(h, cpu);
	}
}

/* After every hart stopped: frees the last batches handed in. */
static inline void slab_handoff_finish(void *info)
{
	slab_handoff_drain(info, smp_processor_id());
}

#endif
