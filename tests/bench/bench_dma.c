// SPDX-License-Identifier: MIT
/*
 * DOC: DMA benchmarks (issue 10)
 *
 *   dma.coherent.pair
 *	instructions per dma_alloc_coherent() + dma_free_coherent() of 4 KiB
 *	and 64 KiB for a coherent device with 64-bit masks and no pool: the
 *	page allocator's pair (per-hart cache for 4 KiB, order 4 from the
 *	buddy for 64 KiB), the zeroing, and the checks of the free. Then,
 *	as part=zeroed_pages, the same sizes' __GFP_ZERO page pair alone
 *	(alloc_pages_node() + __free_pages()): the rest is the DMA layer's.
 *   dma.pool.pair
 *	instructions per dma_pool_alloc() + dma_pool_free() of a 64-byte
 *	block from a warm pool.
 *   dma.map.single
 *	instructions per dma_map_single() + dma_unmap_single() of a 4 KiB
 *	kmalloc() buffer, DMA_TO_DEVICE, coherent device: the bus address,
 *	the reach check and the record of the live mapping (kernel/dma/debug.c).
 *
 * Meant for QEMU -icount shift=0,sleep=off, on one hart.
 */
#include "kernel/bench.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/dma/mapping.h"
#include "mm/dmapool.h"
#include "mm/slab.h"

static struct device bench_device;

/* A coherent device on this hart's node that reaches all memory. */
static struct device *bench_dev(void)
{
	device_initialize(&bench_device, "bench-dma");
	bench_device.numa_node = numa_mem_id();
	dma_set_mask_and_coherent(&bench_device, DMA_BIT_MASK(64));
	return &bench_device;
}

static bool coherent_loop(void *arg, unsigned long n)
{
	size_t size = *(size_t *)arg;

	for (unsigned long i = 0; i < n; i++) {
		dma_addr_t handle;
		void *cpu = dma_alloc_coherent(&bench_device, size, &handle, GFP_KERNEL);

		if (unlikely(!cpu))
			return false;
		dma_free_coherent(&bench_device, size, cpu, handle);
	}
	return true;
}

/* The page allocator's share: the zeroed pages of one pair. */
static bool zeroed_pages_loop(void *arg, unsigned long n)
{
	unsigned int order = *(size_t *)arg == 4096 ? 0 : 4;

	for (unsigned long i = 0; i < n; i++) {
		struct page *page = alloc_pages_node(bench_device.numa_node,
						     GFP_KERNEL | __GFP_ZERO, order);

		if (unlikely(!page))
			return false;
		__free_pages(page, order);
	}
	return true;
}

static int dma_coherent_pair(bool quick)
{
	static size_t sizes[] = { 4096, 65536 };
	char text[96];

	bench_dev();
	for (unsigned int i = 0; i < 2 * ARRAY_SIZE(sizes); i++) {
		bool pages = i >= ARRAY_SIZE(sizes);
		size_t *size = &sizes[i % ARRAY_SIZE(sizes)];

		if (!bench_loop(pages ? zeroed_pages_loop : coherent_loop, size,
				quick ? 50 : 5000, text, sizeof(text))) {
			printk("# bench dma.coherent.pair: %zu bytes failed\n", *size);
			return -ENOMEM;
		}
		bench_print("dma.coherent.pair", 1, " size=%zu%s%s", *size,
			    pages ? " part=zeroed_pages" : "", text);
	}
	return 0;
}

static bool pool_loop(void *arg, unsigned long n)
{
	struct dma_pool *pool = arg;

	for (unsigned long i = 0; i < n; i++) {
		dma_addr_t handle;
		void *block = dma_pool_alloc(pool, GFP_KERNEL, &handle);

		if (unlikely(!block))
			return false;
		dma_pool_free(pool, block, handle);
	}
	return true;
}

static int dma_pool_pair(bool quick)
{
	struct dma_pool *pool = dma_pool_create("bench", bench_dev(), 64, 64, 0);
	char text[96];
	bool ok;

	if (!pool)
		return -ENOMEM;
	ok = bench_loop(pool_loop, pool, quick ? 50 : 20000, text, sizeof(text));
	dma_pool_destroy(pool);
	if (!ok) {
		printk("# bench dma.pool.pair: dma_pool_alloc failed\n");
		return -ENOMEM;
	}
	bench_print("dma.pool.pair", 1, " size=64%s", text);
	return 0;
}

static bool map_loop(void *buf, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		dma_addr_t handle = dma_map_single(&bench_device, buf, 4096, DMA_TO_DEVICE);

		if (unlikely(dma_mapping_error(&bench_device, handle)))
			return false;
		dma_unmap_single(&bench_device, handle, 4096, DMA_TO_DEVICE);
	}
	return true;
}

static int dma_map_single_bench(bool quick)
{
	void *buf = kmalloc(4096, GFP_KERNEL);
	char text[96];
	bool ok;

	if (!buf)
		return -ENOMEM;
	bench_dev();
	ok = bench_loop(map_loop, buf, quick ? 50 : 20000, text, sizeof(text));
	kfree(buf);
	if (!ok) {
		printk("# bench dma.map.single: dma_map_single failed\n");
		return -ENOMEM;
	}
	bench_print("dma.map.single", 1, " size=4096 dir=to_device%s", text);
	return 0;
}

BENCH(dma_coherent_pair_bench, "dma.coherent.pair", dma_coherent_pair);
BENCH(dma_pool_pair_bench, "dma.pool.pair", dma_pool_pair);
BENCH(dma_map_single_bench_entry, "dma.map.single", dma_map_single_bench);
