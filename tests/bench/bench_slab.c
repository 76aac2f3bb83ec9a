// SPDX-License-Identifier: MIT
/*
 * DOC: object allocator benchmarks (issue 4)
 *
 *   kmalloc.pair
 *	instructions per kmalloc(size, GFP_KERNEL) + kfree() pair with the
 *	magazines warm, for 16, 64, 256 and 4096 bytes, and per
 *	kmem_cache_alloc() + kmem_cache_free() pair of a 64-byte cache.
 *	Meant for QEMU -icount shift=0,sleep=off (bench_loop() says how the
 *	loop's own cost is taken out).
 *   slab.scaling
 *	objects per second of a 64-byte cache from 1, 2, 4 and 8 harts at
 *	once (bench_rate()), each figure with its ratio to 1 hart in the same
 *	boot: "local", bursts of 32 allocations then 32 frees, and "cross",
 *	where each burst's objects are handed to the hart half the machine
 *	away and freed there (remote frees on a multi-node machine). Under
 *	MTTCG the harts share the host's cores, so only the ratios mean
 *	anything.
 */
#include "kernel/bench.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "mm/slab.h"

#define PAIR_ITERS 20000
#define PAIR_ITERS_QUICK 500

/* Runs @n kmalloc(@size) + kfree() pairs; Returns false if one failed. */
static __always_inline bool kmalloc_loop(size_t size, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		void *obj = kmalloc(size, GFP_KERNEL);

		if (unlikely(!obj))
			return false;
		kfree(obj);
	}
	return true;
}

#define KMALLOC_LOOP(fn, size)                                   \
	static bool fn(void *unused, unsigned long n)            \
	{                                                        \
		return kmalloc_loop(size, n);                    \
	}
KMALLOC_LOOP(kmalloc16_loop, 16)
KMALLOC_LOOP(kmalloc64_loop, 64)
KMALLOC_LOOP(kmalloc256_loop, 256)
KMALLOC_LOOP(kmalloc4096_loop, 4096)

static bool cache_loop(void *arg, unsigned long n)
{
	struct kmem_cache *s = arg;

	for (unsigned long i = 0; i < n; i++) {
		void *obj = kmem_cache_alloc(s, GFP_KERNEL);

		if (unlikely(!obj))
			return false;
		kmem_cache_free(s, obj);
	}
	return true;
}

static int kmalloc_pair(bool quick)
{
	static const struct {
		size_t size;
		bool (*loop)(void *, unsigned long);
	} runs[] = {
		{ 16, kmalloc16_loop }, { 64, kmalloc64_loop },
		{ 256, kmalloc256_loop }, { 4096, kmalloc4096_loop },
	};
	unsigned long n = quick ? PAIR_ITERS_QUICK : PAIR_ITERS;
	struct kmem_cache *s;
	char text[96];

	for (unsigned int i = 0; i < ARRAY_SIZE(runs); i++) {
		if (!bench_loop(runs[i].loop, NULL, n, text, sizeof(text))) {
			printk("# bench kmalloc.pair: kmalloc(%zu) failed\n", runs[i].size);
			return -ENOMEM;
		}
		bench_print("kmalloc.pair", 1, " size=%zu%s", runs[i].size, text);
	}
	s = kmem_cache_create("bench-64", 64, 0, 0, NULL);
	if (!s || !bench_loop(cache_loop, s, n, text, sizeof(text))) {
		printk("# bench kmalloc.pair: kmem_cache_alloc failed\n");
		kmem_cache_destroy(s);
		return -ENOMEM;
	}
	bench_print("kmalloc.pair", 1, " cache=64%s", text);
	kmem_cache_destroy(s);
	return 0;
}

BENCH(kmalloc_pair_bench, "kmalloc.pair", kmalloc_pair);

/* ---------------------------------------------------------- scaling --- */

#define BURST 32
#define SCALING_NS 200000000ULL		/* each measurement: 200 ms */
#define SCALING_NS_QUICK 10000000ULL	/* 10 ms */
#define SCALING_REPEATS 3		/* the median is reported */

struct chained {
	struct chained *next;
	char payload[56];
};

static struct kmem_cache *scaling_cache;
/* cross: each hart's mailbox, and the harts of the current measurement */
static struct chained *mailbox[NR_CPUS];
static unsigned int cross_cpus[NR_CPUS], cross_nr;

static bool local_burst(void *unused)
{
	void *objs[BURST];
	unsigned int got;

	for (got = 0; got < BURST; got++) {
		objs[got] = kmem_cache_alloc(scaling_cache, GFP_KERNEL);
		if (unlikely(!objs[got]))
			break;
	}
	for (unsigned int i = 0; i < got; i++)
		kmem_cache_free(scaling_cache, objs[i]);
	return got == BURST;
}

/* Frees a chain of objects. */
static void free_chain(struct chained *chain)
{
	while (chain) {
		struct chained *next = chain->next;

		kmem_cache_free(scaling_cache, chain);
		chain = next;
	}
}

/* Allocates a chain, mails it across the machine, frees what was mailed here. */
static bool cross_burst(void *unused)
{
	unsigned int cpu = smp_processor_id(), me = 0, to;
	struct chained *chain = NULL;

	for (unsigned int i = 0; i < cross_nr; i++)
		if (cross_cpus[i] == cpu)
			me = i;
	to = cross_cpus[(me + cross_nr / 2) % cross_nr];
	for (unsigned int i = 0; i < BURST; i++) {
		struct chained *obj = kmem_cache_alloc(scaling_cache, GFP_KERNEL);

		if (unlikely(!obj)) {
			free_chain(chain);
			return false;
		}
		obj->next = chain;
		chain = obj;
	}
	free_chain(__atomic_exchange_n(&mailbox[to], chain, __ATOMIC_ACQ_REL));
	free_chain(__atomic_exchange_n(&mailbox[cpu], NULL, __ATOMIC_ACQ_REL));
	return true;
}

/* Returns the median objects per second of @burst on @nr harts. */
static u64 measure_rate(unsigned int nr, bool (*burst)(void *), bool quick)
{
	u64 v[SCALING_REPEATS];
	unsigned int cpu;

	cross_nr = 0;
	for_each_online_cpu(cpu)
		if (cross_nr < nr)
			cross_cpus[cross_nr++] = cpu;
	for (unsigned int r = 0; r < SCALING_REPEATS; r++)
		v[r] = r == 0 || !quick ?
		       bench_rate(nr, quick ? SCALING_NS_QUICK : SCALING_NS, burst, NULL, BURST) :
		       v[0];
	for (unsigned int i = 0; i < NR_CPUS; i++)
		free_chain(__atomic_exchange_n(&mailbox[i], NULL, __ATOMIC_ACQ_REL));
	return bench_median3(v);
}

static int slab_scaling(bool quick)
{
	static const unsigned int counts[] = { 1, 2, 4, 8 };
	static const struct {
		const char *mode;
		bool (*burst)(void *);
	} modes[] = { { "local", local_burst }, { "cross", cross_burst } };
	char ratio[24];
	int err = 0;

	scaling_cache = kmem_cache_create("bench-scaling", sizeof(struct chained), 0, 0, NULL);
	if (!scaling_cache)
		return -ENOMEM;
	for (unsigned int m = 0; m < ARRAY_SIZE(modes) && !err; m++) {
		u64 one = 0;

		for (unsigned int c = 0; c < ARRAY_SIZE(counts); c++) {
			u64 rate;

			if (counts[c] > num_online_cpus())
				break;
			rate = measure_rate(counts[c], modes[m].burst, quick);
			if (!rate) {
				printk("# bench slab.scaling: allocation failed on %u harts\n",
				       counts[c]);
				err = -ENOMEM;
				break;
			}
			if (c == 0)
				one = rate;
			bench_print("slab.scaling", counts[c], " mode=%s objs_per_s=%llu vs_1hart=%s",
				    modes[m].mode, (unsigned long long)rate,
				    bench_div(ratio, sizeof(ratio), rate, one));
		}
	}
	kmem_cache_destroy(scaling_cache);
	return err;
}

BENCH(slab_scaling_bench, "slab.scaling", slab_scaling);
