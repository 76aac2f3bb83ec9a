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
 */
#include "kernel/bench.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
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
