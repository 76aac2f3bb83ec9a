// SPDX-License-Identifier: MIT
/*
 * DOC: host test - the DMA layer with harts running at once, under TSan
 *
 * Four pthread harts on two nodes share one device and one dma_pool: each
 * takes and gives back pool blocks, streaming mappings of its own buffers
 * (every one recorded in kernel/dma/debug.c's shared table) and coherent
 * buffers, at the same time. Every block and buffer is stamped with its
 * hart and checked before it goes back, so one handed to two harts at
 * once fails a CHECK here (and is a data race for ThreadSanitizer). The
 * case ends with no mapping left, the pool destroyed and every page back.
 *
 * Built twice, as every _tsan test (docs/testing.md): the release build's
 * dma_pool fast paths, and the debug build's checked frees.
 */
#include "tests/host/mm_host.h"
#include "kernel/device.h"
#include "kernel/dma/debug.h"
#include "kernel/dma/map_ops.h"
#include "mm/dmapool.h"
#include <asm/processor.h>

#define NR_HARTS 4
#define ROUNDS 400
#define HELD 8

static const struct mm_machine machine = {
	.nr_nodes = 2,
	.nr_cpus = NR_HARTS,
	.cpu_node = { 0, 0, 1, 1 },
	.memory = { { 0x80000000, 64 * MIB, 0 }, { 0x84000000, 64 * MIB, 1 } },
	.nr_memory = 2,
};

/* kernel/device.c's of_dma_configure() reads it; no case here has a tree. */
const void *boot_dtb(void)
{
	return NULL;
}

static struct device shared_dev;
static struct dma_pool *shared_pool;

/* What one hart did: its number and the mistakes it saw. */
struct hart_work {
	unsigned long stamp;
	unsigned long bad;
	unsigned long failed;
	bool done;
};

/* Writes @stamp over @p's @words words; Returns true if they all hold it after. */
static bool stamp_holds(unsigned long *p, unsigned int words, unsigned long stamp)
{
	for (unsigned int i = 0; i < words; i++)
		p[i] = stamp;
	for (unsigned int i = 0; i < words; i++)
		if (READ_ONCE(p[i]) != stamp)
			return false;
	return true;
}

/* One hart's rounds of pool blocks, streaming mappings and coherent buffers. */
static void dma_churn(void *arg)
{
	struct hart_work *w = arg;
	unsigned long *buf = kmalloc(512, GFP_KERNEL);

	for (unsigned int round = 0; round < ROUNDS && buf; round++) {
		void *block[HELD];
		dma_addr_t dma[HELD], handle;
		void *cpu;

		for (int i = 0; i < HELD; i++) {
			block[i] = dma_pool_alloc(shared_pool, GFP_KERNEL, &dma[i]);
			w->failed += !block[i];
			if (block[i] && !stamp_holds(block[i], 8, w->stamp ^ i))
				w->bad++;
		}
		handle = dma_map_single(&shared_dev, buf, 512, DMA_BIDIRECTIONAL);
		w->bad += dma_mapping_error(&shared_dev, handle) != 0;
		cpu = dma_alloc_coherent(&shared_dev, 100, &handle, GFP_KERNEL);
		w->failed += !cpu;
		if (cpu && !stamp_holds(cpu, 12, w->stamp))
			w->bad++;
		for (int i = 0; i < HELD; i++) {
			if (!block[i])
				continue;
			for (int j = 0; j < 8; j++)
				w->bad += ((unsigned long *)block[i])[j] != (w->stamp ^ i);
			dma_pool_free(shared_pool, block[i], dma[i]);
		}
		if (cpu)
			dma_free_coherent(&shared_dev, 100, cpu, handle);
		dma_unmap_single(&shared_dev, virt_to_phys(buf), 512, DMA_BIDIRECTIONAL);
	}
	kfree(buf);
	__atomic_store_n(&w->done, true, __ATOMIC_RELEASE);
}

static void harts_share_pool_and_table(void)
{
	struct hart_work work[NR_HARTS];
	unsigned long boot_free;

	mm_boot(&machine);
	slab_init();
	dma_direct_init();
	device_initialize(&shared_dev, "tsan-dma");
	CHECK_EQ(dma_set_mask_and_coherent(&shared_dev, DMA_BIT_MASK(64)), 0);
	kmem_cache_shrink_all();
	drain_all_pages();
	boot_free = nr_free_pages();
	shared_pool = dma_pool_create("tsan", &shared_dev, 64, 64, 0);
	CHECK(shared_pool != NULL);

	for (unsigned int cpu = 0; cpu < NR_HARTS; cpu++)
		work[cpu] = (struct hart_work){ .stamp = 0x7e57000000000000UL | cpu << 16 };
	for (unsigned int cpu = 1; cpu < NR_HARTS; cpu++)
		CHECK_EQ(smp_call_function_single(cpu, dma_churn, &work[cpu], false), 0);
	dma_churn(&work[0]);
	for (unsigned int cpu = 1; cpu < NR_HARTS; cpu++)
		while (!__atomic_load_n(&work[cpu].done, __ATOMIC_ACQUIRE))
			cpu_relax();
	for (unsigned int cpu = 0; cpu < NR_HARTS; cpu++) {
		CHECK_EQ(work[cpu].bad, 0);
		CHECK_EQ(work[cpu].failed, 0);
	}
	CHECK_EQ(debug_dma_mappings(NULL), 0);
	dma_pool_destroy(shared_pool);
	kmem_cache_shrink_all();
	drain_all_pages();
	CHECK_EQ(nr_free_pages(), boot_free);
}

int main(void)
{
	ktap_plan(1);
	RUN_FORKED(harts_share_pool_and_table);
	return ktap_done();
}
