// SPDX-License-Identifier: MIT
/*
 * DOC: dma suite - the DMA layer on the machine
 *
 * The host test (tests/host/test_dma.c) checks the rules one by one; here
 * the buffers are real memory in the live page table, on whatever machine
 * the boot has: coherent buffers on every node with memory and under a
 * 32-bit mask, an uncached (Svpbmt NC) buffer written and read through its
 * own mapping where the harts have Svpbmt, streaming mappings whose
 * device-side bytes are checked in both directions (bounced through
 * swiotlb when swiotlb=force, or when the memory is above the mask), a
 * dma_pool, and misuse refused. Every device of the tree with compatible
 * "tern,dma-test" (dts/qemu-virt-dma.dts) is set up with
 * of_dma_configure() and exercised the same way: its buffers must come
 * from the pool its memory-region names, or lie inside its dma-ranges
 * window. Every case gets every page back exactly.
 */
#include <asm/pgtable-bits.h>
#include "kernel/device.h"
#include "kernel/dma/coherent.h"
#include "kernel/dma/debug.h"
#include "kernel/dma/map_ops.h"
#include "kernel/dma/swiotlb.h"
#include "kernel/fdt/fdt.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/setup.h"
#include "lib/string.h"
#include "mm/dmapool.h"
#include "mm/pgtable.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include "tests/kernel/page_test.h"

/* Free pages with caches drained and lazy areas purged. */
static unsigned long dma_settled(void)
{
	vm_unmap_aliases();
	return settled_pages();
}

/* Writes a pattern through @p and reads it back; Returns true if it held. */
static bool pattern_holds(void *p, size_t size, u8 seed)
{
	u8 *b = p;

	for (size_t i = 0; i < size; i++)
		b[i] = (u8)(seed + i);
	for (size_t i = 0; i < size; i++)
		if (READ_ONCE(b[i]) != (u8)(seed + i))
			return false;
	return true;
}

/*
 * Allocates, checks and frees a coherent buffer of @size for @dev:
 * zeroed, reachable under its mask, usable through its CPU address.
 * Returns the physical address it had, or 0 if something failed.
 */
static phys_addr_t coherent_round(struct ktest *t, struct device *dev, size_t size)
{
	dma_addr_t handle;
	phys_addr_t phys;
	u8 *cpu = dma_alloc_coherent(dev, size, &handle, GFP_KERNEL);

	KTEST_EXPECT(t, cpu != NULL);
	if (!cpu)
		return 0;
	phys = dma_to_phys(dev, handle);
	KTEST_EXPECT(t, dma_capable(dev, handle, size, dev->coherent_dma_mask));
	KTEST_EXPECT(t, bytes_all(cpu, size, 0));
	KTEST_EXPECT(t, pattern_holds(cpu, size, (u8)handle));
	if (!is_vmalloc_addr(cpu))
		KTEST_EXPECT_EQ(t, virt_to_phys(cpu), phys);
	/* Uncached for a device that does not snoop, pool or not. */
	if (!dev_is_dma_coherent(dev) && has_svpbmt)
		KTEST_EXPECT(t, is_vmalloc_addr(cpu));
	dma_free_coherent(dev, size, cpu, handle);
	return phys;
}

static void coherent_on_every_node(struct ktest *t)
{
	unsigned long before = dma_settled();
	struct device dev;
	int nid;

	device_initialize(&dev, "ktest-dma");
	KTEST_EXPECT_EQ(t, dma_set_mask_and_coherent(&dev, DMA_BIT_MASK(64)), 0);
	for_each_node_state(nid, N_MEMORY) {
		dma_addr_t handle;
		void *cpu;

		dev.numa_node = nid;
		cpu = dma_alloc_coherent(&dev, 3 * PAGE_SIZE, &handle, GFP_KERNEL);
		KTEST_EXPECT(t, cpu != NULL);
		if (!cpu)
			continue;
		KTEST_EXPECT_EQ(t, page_to_nid(virt_to_page(cpu)), nid);
		KTEST_EXPECT(t, IS_ALIGNED(handle, 4 * PAGE_SIZE));
		dma_free_coherent(&dev, 3 * PAGE_SIZE, cpu, handle);
		KTEST_EXPECT(t, coherent_round(t, &dev, 100) != 0);
	}
	KTEST_EXPECT_EQ(t, dma_settled(), before);
}

static void coherent_under_32bit_mask(struct ktest *t)
{
	unsigned long before = dma_settled();
	struct device dev;
	int nid;

	device_initialize(&dev, "ktest-dma32");
	for_each_node_state(nid, N_MEMORY) {
		phys_addr_t phys;

		dev.numa_node = nid;
		phys = coherent_round(t, &dev, 64 * 1024);
		KTEST_EXPECT(t, phys && phys + 64 * 1024 - 1 <= DMA_BIT_MASK(32));
	}
	KTEST_EXPECT_EQ(t, dma_set_mask_and_coherent(&dev, DMA_BIT_MASK(31)), -EIO);
	KTEST_EXPECT_EQ(t, dma_settled(), before);
}

static void coherent_uncached_with_svpbmt(struct ktest *t)
{
	unsigned long before = dma_settled();
	struct pgtable kernel;
	struct device dev;
	dma_addr_t handle;
	pte_t *pte;
	u8 *cpu;

	if (!has_svpbmt) {
		ktest_skip(t, "no Svpbmt on every hart");
		return;
	}
	device_initialize(&dev, "ktest-dma-nc");
	dev.dma_coherent = false;
	cpu = dma_alloc_coherent(&dev, 2 * PAGE_SIZE, &handle, GFP_KERNEL);
	KTEST_EXPECT(t, cpu && is_vmalloc_addr(cpu));
	if (!cpu)
		return;
	KTEST_EXPECT_EQ(t, arch_kernel_pgtable(&kernel), 0);
	pte = walk(&kernel, (unsigned long)cpu + PAGE_SIZE, false);
	KTEST_EXPECT(t, pte && (*pte & _PAGE_PBMT_MASK) == _PAGE_PBMT_NC);
	KTEST_EXPECT(t, pte && pte_phys(*pte) == handle + PAGE_SIZE);
	KTEST_EXPECT(t, bytes_all(cpu, 2 * PAGE_SIZE, 0));
	KTEST_EXPECT(t, pattern_holds(cpu, 2 * PAGE_SIZE, 7));
	/* The same bytes through the linear map: one memory, two types. */
	KTEST_EXPECT_EQ(t, ((u8 *)phys_to_virt(handle))[PAGE_SIZE + 1], (u8)(7 + PAGE_SIZE + 1));
	dma_free_coherent(&dev, 2 * PAGE_SIZE, cpu, handle);
	KTEST_EXPECT_EQ(t, dma_settled(), before);
}

/*
 * Maps @size bytes at @buf for @dev both ways and checks what the device
 * sees: the buffer's bytes at map (TO_DEVICE), and its own writes in the
 * buffer after unmap (FROM_DEVICE), bounced or not. Returns true if the
 * mappings bounced.
 */
static bool streaming_round(struct ktest *t, struct device *dev, u8 *buf, size_t size)
{
	dma_addr_t handle;
	bool bounced;
	u8 *seen;

	memset(buf, 0x3c, size);
	handle = dma_map_single(dev, buf, size, DMA_TO_DEVICE);
	KTEST_EXPECT_EQ(t, dma_mapping_error(dev, handle), 0);
	if (dma_mapping_error(dev, handle))
		return false;
	KTEST_EXPECT(t, dma_capable(dev, handle, size, *dev->dma_mask));
	seen = phys_to_virt(dma_to_phys(dev, handle));
	bounced = dma_to_phys(dev, handle) != virt_to_phys(buf);
	KTEST_EXPECT(t, bytes_all(seen, size, 0x3c));
	dma_unmap_single(dev, handle, size, DMA_TO_DEVICE);

	handle = dma_map_single(dev, buf, size, DMA_FROM_DEVICE);
	KTEST_EXPECT_EQ(t, dma_mapping_error(dev, handle), 0);
	if (dma_mapping_error(dev, handle))
		return bounced;
	seen = phys_to_virt(dma_to_phys(dev, handle));
	memset(seen, 0xc3, size);		/* the device writes */
	dma_sync_single_for_cpu(dev, handle, size, DMA_FROM_DEVICE);
	KTEST_EXPECT(t, bytes_all(buf, size, 0xc3));
	dma_sync_single_for_device(dev, handle, size, DMA_FROM_DEVICE);
	dma_unmap_single(dev, handle, size, DMA_FROM_DEVICE);
	KTEST_EXPECT(t, bytes_all(buf, size, 0xc3));
	return bounced;
}

/* Returns a page of memory above 4 GiB, or NULL if there is none free. */
static struct page *page_above_4g(void)
{
	int nid;

	for_each_node_state(nid, N_MEMORY) {
		struct page *page = alloc_pages_node(nid, GFP_KERNEL | __GFP_THISNODE |
						     __GFP_NOWARN, 0);

		if (page && page_to_phys(page) > DMA_BIT_MASK(32))
			return page;
		if (page)
			__free_page(page);
	}
	return NULL;
}

static u8 image_buf[300];

static void streaming_both_ways(struct ktest *t)
{
	unsigned long before;
	struct scatterlist sg[2];
	struct page *high;
	struct device dev;
	u8 *buf;

	before = dma_settled();
	buf = kmalloc(3000, GFP_KERNEL);
	device_initialize(&dev, "ktest-dma-map");
	KTEST_EXPECT_EQ(t, dma_set_mask(&dev, DMA_BIT_MASK(64)), 0);
	KTEST_EXPECT_EQ(t, streaming_round(t, &dev, buf, 3000), is_swiotlb_force_bounce(&dev));
	/* The kernel image's own data maps too (its linear alias is the same memory). */
	KTEST_EXPECT_EQ(t, streaming_round(t, &dev, image_buf, sizeof(image_buf)),
			is_swiotlb_force_bounce(&dev));

	sg_init_table(sg, 2);
	sg_set_buf(&sg[0], buf, 1000);
	sg_set_buf(&sg[1], buf + 1000, 2000);
	KTEST_EXPECT_EQ(t, dma_map_sg(&dev, sg, 2, DMA_BIDIRECTIONAL), 2);
	KTEST_EXPECT_EQ(t, sg_dma_len(&sg[1]), 2000);
	dma_unmap_sg(&dev, sg, 2, DMA_BIDIRECTIONAL);

	/* Memory above a 32-bit mask bounces, if there is a buffer for it. */
	high = page_above_4g();
	KTEST_EXPECT_EQ(t, dma_set_mask(&dev, DMA_BIT_MASK(32)), 0);
	if (high && swiotlb_reachable(&dev, DMA_BIT_MASK(32)))
		KTEST_EXPECT(t, streaming_round(t, &dev, page_address(high), PAGE_SIZE));
	if (high)
		__free_page(high);
	kfree(buf);
	KTEST_EXPECT_EQ(t, debug_dma_mappings(&dev), 0);
	KTEST_EXPECT_EQ(t, dma_settled(), before);
}

static void misuse_is_refused(struct ktest *t)
{
	unsigned long before = dma_settled();
	struct device dev;
	const char *mark;
	dma_addr_t handle;
	void *cpu;
	u8 *buf;

	device_initialize(&dev, "ktest-dma-misuse");
	buf = kmalloc(256, GFP_KERNEL);
	cpu = dma_alloc_coherent(&dev, PAGE_SIZE, &handle, GFP_KERNEL);
	mark = log_mark(t, "freeing with the wrong size, then twice");
	dma_free_coherent(&dev, 2 * PAGE_SIZE, cpu, handle);
	KTEST_EXPECT(t, log_has_since(mark, "frees DMA memory with different size"));
	dma_free_coherent(&dev, PAGE_SIZE, cpu, handle);
	dma_free_coherent(&dev, PAGE_SIZE, cpu, handle);
	KTEST_EXPECT(t, log_has_since(mark, "tries to free DMA memory it has not allocated"));
	handle = dma_map_single(&dev, buf, 256, DMA_TO_DEVICE);
	dma_unmap_single(&dev, handle, 256, DMA_TO_DEVICE);
	mark = log_mark(t, "unmapping twice");
	dma_unmap_single(&dev, handle, 256, DMA_TO_DEVICE);
	KTEST_EXPECT(t, log_has_since(mark, "tries to free DMA memory it has not allocated"));
	kfree(buf);
	KTEST_EXPECT_EQ(t, dma_settled(), before);
}

static void dma_pool_blocks(struct ktest *t)
{
	unsigned long before = dma_settled();
	struct dma_pool *pool;
	struct device dev;
	void *block[100];
	dma_addr_t dma[100];

	device_initialize(&dev, "ktest-dma-pool");
	pool = dma_pool_create("ktest", &dev, 64, 64, 4096);
	KTEST_EXPECT(t, pool != NULL);
	if (!pool)
		return;
	for (int i = 0; i < 100; i++) {
		block[i] = dma_pool_zalloc(pool, GFP_KERNEL, &dma[i]);
		KTEST_EXPECT(t, block[i] && IS_ALIGNED(dma[i], 64) &&
				virt_to_phys(block[i]) == dma[i]);
		KTEST_EXPECT(t, block[i] && bytes_all(block[i], 64, 0));
		if (block[i])
			memset(block[i], i, 64);
	}
	for (int i = 0; i < 100; i++) {
		KTEST_EXPECT(t, bytes_all(block[i], 64, (u8)i));
		dma_pool_free(pool, block[i], dma[i]);
	}
	dma_pool_destroy(pool);
	KTEST_EXPECT_EQ(t, dma_settled(), before);
}

/* Returns the name of the node @dev's memory-region names, or NULL. */
static const char *region_name(const void *blob, int np)
{
	const void *prop = dt_getprop(blob, np, "memory-region", NULL);
	int region = prop ? dt_node_by_phandle(blob, dt_read_number(prop, 1)) : -1;

	return region >= 0 ? dt_node_name(blob, region, NULL) : NULL;
}

/* Returns true if [@phys, +@size) lies in the pool called @name. */
static bool in_pool(const char *name, phys_addr_t phys, size_t size)
{
	struct dma_pool_stats st;

	for (unsigned int i = 0; !dma_coherent_pool_stats(i, &st); i++)
		if (!strcmp(st.name, name))
			return phys >= st.phys_base && phys + size <= st.phys_base + st.size;
	return false;
}

#define for_each_test_device(blob, np)                                \
	for ((np) = dt_next_compatible((blob), -1, "tern,dma-test"); (np) >= 0; \
	     (np) = dt_next_compatible((blob), (np), "tern,dma-test"))

static void dt_test_devices(struct ktest *t)
{
	const void *blob = boot_dtb();
	unsigned int seen = 0;
	unsigned long before;
	struct device dev;
	int np;

	/* Once first: a pool's mapping, made for its first device, stays. */
	for_each_test_device(blob, np)
		of_dma_configure(&dev, np, true);
	before = dma_settled();
	for_each_test_device(blob, np) {
		const char *pool = region_name(blob, np);
		phys_addr_t phys;
		u8 *buf;

		seen++;
		KTEST_EXPECT_EQ(t, of_dma_configure(&dev, np, true), 0);
		printk("# %s: node %d, %scoherent, mask %#llx, bus limit %#llx, pool %s\n",
		       dev_name(&dev), dev_to_node(&dev), dev_is_dma_coherent(&dev) ? "" : "non-",
		       (unsigned long long)dev.coherent_dma_mask,
		       (unsigned long long)dev.bus_dma_limit, pool ? pool : "none");
		KTEST_EXPECT_EQ(t, !!dev.dma_mem, !!pool);
		/*
		 * A pool is wherever its region was put (dma-dynamic-mapped:
		 * anywhere), so its users widen their masks, as drivers do.
		 */
		if (pool)
			KTEST_EXPECT_EQ(t, dma_set_mask_and_coherent(&dev, DMA_BIT_MASK(64)), 0);
		for (size_t size = 100; size <= 64 * 1024; size *= 8) {
			phys = coherent_round(t, &dev, size);
			if (pool)
				KTEST_EXPECT(t, in_pool(pool, phys, size));
		}
		buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
		streaming_round(t, &dev, buf, PAGE_SIZE);
		kfree(buf);
	}
	if (!seen)
		ktest_skip(t, "no tern,dma-test device in the device tree");
	KTEST_EXPECT_EQ(t, dma_settled(), before);
}

static const struct ktest_case dma_cases[] = {
	KTEST_CASE(coherent_on_every_node),
	KTEST_CASE(coherent_under_32bit_mask),
	KTEST_CASE(coherent_uncached_with_svpbmt),
	KTEST_CASE(streaming_both_ways),
	KTEST_CASE(misuse_is_refused),
	KTEST_CASE(dma_pool_blocks),
	KTEST_CASE(dt_test_devices),
};

KTEST_SUITE(dma_ktest_suite, "dma", dma_cases);
