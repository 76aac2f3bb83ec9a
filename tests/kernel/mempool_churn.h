/* SPDX-License-Identifier: MIT */
/*
 * tests/kernel/mempool_churn.h - every hart taking and giving back
 * elements of one pool at once. Shared by the in-kernel mempool suite
 * (tests/kernel/mempool_test.c) and the host test
 * (tests/host/test_mempool.c), which run the same code on real harts and
 * on pthread harts.
 */
#ifndef TERN_TESTS_KERNEL_MEMPOOL_CHURN_H
#define TERN_TESTS_KERNEL_MEMPOOL_CHURN_H

#include "kernel/smp.h"
#include "mm/mempool.h"

#define CHURN_MAX_HELD 16

/**
 * struct churn - one run of churn_hart() on every hart.
 * @pool: the pool all harts share.
 * @held: elements a hart holds at once, at most CHURN_MAX_HELD; every
 *	other request is GFP_ATOMIC, the rest GFP_KERNEL.
 * @words: words of each element stamped and checked.
 * @rounds: times each hart takes and gives back @held elements.
 * @nulls: per cpu, requests that got NULL.
 * @bad: per cpu, stamped words found changed: an element two harts had.
 */
struct churn {
	mempool_t *pool;
	unsigned int held, words;
	unsigned long rounds;
	unsigned long nulls[NR_CPUS], bad[NR_CPUS];
};

/* One hart's part: take, stamp with cpu and round, check, give back. */
static inline void churn_hart(void *arg)
{
	struct churn *c = arg;
	unsigned int cpu = smp_processor_id();
	unsigned long *held[CHURN_MAX_HELD];

	for (unsigned long round = 0; round < c->rounds; round++) {
		unsigned long stamp = (unsigned long)cpu << 32 | round;

		for (unsigned int i = 0; i < c->held; i++) {
			held[i] = mempool_alloc(c->pool, i & 1 ? GFP_ATOMIC : GFP_KERNEL);
			if (!held[i]) {
				c->nulls[cpu]++;
				continue;
			}
			for (unsigned int w = 0; w < c->words; w++)
				held[i][w] = stamp;
		}
		for (unsigned int i = 0; i < c->held; i++) {
			if (!held[i])
				continue;
			for (unsigned int w = 0; w < c->words; w++)
				c->bad[cpu] += held[i][w] != stamp;
			mempool_free(held[i], c->pool);
		}
	}
}

/*
 * Runs @fn (churn_hart, or a wrapper of it) with @c on every online hart
 * at once and waits; sums the NULLs and bad words of all harts.
 */
static inline void churn_all_harts(struct churn *c, smp_call_func_t fn,
				   unsigned long *nulls, unsigned long *bad)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		c->nulls[cpu] = c->bad[cpu] = 0;
	on_each_cpu(fn, c, true);
	*nulls = *bad = 0;
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		*nulls += c->nulls[cpu];
		*bad += c->bad[cpu];
	}
}

#endif
