// SPDX-License-Identifier: MIT
/*
 * DOC: kernel/dma/coherent.c - shared-dma-pool regions (coherent.h)
 *
 * A pool keeps one byte per page: FREE_SLOT, INSIDE_SLOT (a page of an
 * allocation, not its first), or the allocation's order on its first page.
 * An allocation of order n takes the first free run of 2^n pages aligned
 * to 2^n pages from the pool's start (Linux's bitmap_find_free_region());
 * the byte of the first page is what lets a free check its size and
 * refuse a second free or a handle in the middle.
 */
#include "kernel/dma/coherent.h"
#include "kernel/dma/map_ops.h"
#include "kernel/fdt/boot_plan.h"
#include "kernel/fdt/fdt.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "lib/string.h"
#include "mm/memblock.h"
#include "mm/pgtable.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include <asm/pgtable-bits.h>

#define FREE_SLOT 0xff
#define INSIDE_SLOT 0xfe

/* How the CPU reaches a pool, decided by its first device. */
enum pool_mapping {
	POOL_UNMAPPED,
	POOL_CACHED,		/* for coherent devices */
	POOL_UNCACHED,		/* for non-coherent devices */
};

/**
 * struct dma_coherent_mem - one pool (Linux's name).
 * @name: the region's node name, for messages.
 * @node: the region's node offset in the tree it came from.
 * @phys_base: the region's first byte.
 * @nr_pages: its pages.
 * @virt_base: the CPU's address of @phys_base, once mapped.
 * @mapping: how @virt_base maps it.
 * @no_map: the region is not in the linear map.
 * @dma_default: linux,dma-default.
 * @used_pages: pages allocated now.
 * @lock: guards @slots, @used_pages and the mapping.
 * @slots: one byte per page, as the top of this file says.
 */
struct dma_coherent_mem {
	char name[BOOT_PLAN_NAME_LEN];
	int node;
	phys_addr_t phys_base;
	unsigned long nr_pages;
	void *virt_base;
	enum pool_mapping mapping;
	bool no_map;
	bool dma_default;
	unsigned long used_pages;
	spinlock_t lock;
	u8 *slots;
};

static struct dma_coherent_mem pools[MAX_DMA_POOLS];
static unsigned int nr_pools;

/* Makes pool @mem of the placed region @rsv at @node; Returns 0 or -errno. */
static int pool_init(struct dma_coherent_mem *mem, const void *blob, int node,
		     const struct plan_reserved *rsv)
{
	unsigned long nr_pages = rsv->size >> PAGE_SHIFT;

	if (!rsv->base || !nr_pages || (rsv->base & (PAGE_SIZE - 1)) ||
	    !memblock_is_region_memory(rsv->base, rsv->size)) {
		pr_err("Reserved memory: %s: %#llx bytes at %#llx do not fit in memory as a DMA pool\n",
		       rsv->name, (unsigned long long)rsv->size,
		       (unsigned long long)rsv->base);
		return -EINVAL;
	}
	mem->slots = kmalloc(nr_pages, GFP_KERNEL);
	if (!mem->slots)
		return -ENOMEM;
	memset(mem->slots, FREE_SLOT, nr_pages);
	strscpy(mem->name, rsv->name, sizeof(mem->name));
	mem->node = node;
	mem->phys_base = rsv->base;
	mem->nr_pages = nr_pages;
	mem->no_map = rsv->no_map;
	mem->dma_default = dt_getprop(blob, node, "linux,dma-default", NULL);
	mem->lock = (spinlock_t)SPINLOCK_INIT;
	pr_info("Reserved memory: created DMA memory pool at %#018llx, size %lu MiB\n",
		(unsigned long long)mem->phys_base, (nr_pages << PAGE_SHIFT) >> 20);
	return 0;
}

int dma_reserved_mem_init(const void *blob, const struct boot_plan *plan)
{
	int parent = dt_path_offset(blob, "/reserved-memory");

	for (unsigned int i = 0; i < plan->nr_reserved && parent >= 0; i++) {
		const struct plan_reserved *rsv = &plan->reserved[i];
		int node;

		if (rsv->source != RESERVED_NODE || rsv->reusable ||
		    strcmp(rsv->compatible, "shared-dma-pool"))
			continue;
		node = dt_subnode(blob, parent, rsv->name, strlen(rsv->name));
		if (node < 0)
			continue;
		if (nr_pools == MAX_DMA_POOLS) {
			pr_err("Reserved memory: %s: more than %d DMA pools, left out\n",
			       rsv->name, MAX_DMA_POOLS);
			continue;
		}
		if (!pool_init(&pools[nr_pools], blob, node, rsv))
			nr_pools++;
	}
	return (int)nr_pools;
}

/* Returns the pool made from the region at @node, or NULL. */
static struct dma_coherent_mem *pool_of_node(int node)
{
	for (unsigned int i = 0; i < nr_pools; i++)
		if (pools[i].node == node)
			return &pools[i];
	return NULL;
}

/*
 * Maps @mem for devices like @dev if it is not mapped yet. Returns 0, or
 * -ENODEV if it is mapped for the other kind, or cannot be mapped.
 */
static int pool_map_for(struct dma_coherent_mem *mem, struct device *dev)
{
	enum pool_mapping want = dev_is_dma_coherent(dev) ? POOL_CACHED : POOL_UNCACHED;
	size_t size = mem->nr_pages << PAGE_SHIFT;
	unsigned long prot = PAGE_KERNEL;
	unsigned long flags;
	void *virt;

	if (READ_ONCE(mem->mapping) != POOL_UNMAPPED)
		return mem->mapping == want ? 0 : -ENODEV;
	if (want == POOL_CACHED && !mem->no_map) {
		virt = phys_to_virt(mem->phys_base);
	} else {
		if (want == POOL_UNCACHED) {
			prot = pgprot_writecombine(PAGE_KERNEL);
			if (!mem->no_map)
				arch_dma_prep_coherent(pfn_to_page(mem->phys_base >> PAGE_SHIFT), size);
		}
		virt = map_phys_guard(mem->phys_base, size, prot);
		if (!virt)
			return -ENODEV;
	}
	spin_lock_irqsave(&mem->lock, flags);
	if (mem->mapping == POOL_UNMAPPED) {
		mem->virt_base = virt;
		WRITE_ONCE(mem->mapping, want);
		virt = NULL;
	}
	spin_unlock_irqrestore(&mem->lock, flags);
	if (virt && is_vmalloc_addr(virt))
		unmap_phys_guard(virt);	/* another device mapped it first */
	return mem->mapping == want ? 0 : -ENODEV;
}

int of_reserved_mem_device_init(struct device *dev, const void *blob, int np)
{
	struct dma_coherent_mem *mem = NULL;
	int len;
	const void *phandle = dt_getprop(blob, np, "memory-region", &len);

	if (phandle) {
		int region = len >= 4 ? dt_node_by_phandle(blob, dt_read_number(phandle, 1)) : -EINVAL;

		mem = region >= 0 ? pool_of_node(region) : NULL;
		if (!mem) {
			pr_err("%s: memory-region names no shared-dma-pool\n", dev->name);
			return -ENODEV;
		}
	} else {
		for (unsigned int i = 0; i < nr_pools && !mem; i++)
			if (pools[i].dma_default)
				mem = &pools[i];
		if (!mem)
			return 0;
	}
	if (pool_map_for(mem, dev)) {
		pr_err("%s: reserved memory %s is mapped for %s devices, cannot serve this one\n",
		       dev->name, mem->name,
		       mem->mapping == POOL_CACHED ? "coherent" : "non-coherent");
		return -ENODEV;
	}
	dev->dma_mem = mem;
	pr_info("%s: assigned reserved memory node %s\n", dev->name, mem->name);
	return 0;
}

/* Returns the smallest order whose pages hold @size bytes. */
static unsigned int pool_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* Returns the first page of a free aligned run of 2^@order, or -1. */
static long find_free_region(const struct dma_coherent_mem *mem, unsigned int order)
{
	unsigned long run = 1UL << order;

	for (unsigned long first = 0; first + run <= mem->nr_pages; first += run) {
		unsigned long i = 0;

		while (i < run && mem->slots[first + i] == FREE_SLOT)
			i++;
		if (i == run)
			return (long)first;
	}
	return -1;
}

void *dma_alloc_from_dev_coherent(struct device *dev, size_t size,
				  dma_addr_t *dma_handle, gfp_t gfp)
{
	struct dma_coherent_mem *mem = dev->dma_mem;
	unsigned int order = pool_order(size);
	unsigned long flags;
	long first = -1;
	void *cpu_addr;

	if (size && order < 8 * sizeof(long)) {
		spin_lock_irqsave(&mem->lock, flags);
		first = find_free_region(mem, order);
		if (first >= 0) {
			memset(mem->slots + first, INSIDE_SLOT, 1UL << order);
			mem->slots[first] = (u8)order;
			mem->used_pages += 1UL << order;
		}
		spin_unlock_irqrestore(&mem->lock, flags);
	}
	if (first < 0) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("%s: reserved memory %s has no room for %zu bytes\n",
				dev->name, mem->name, size);
		return NULL;
	}
	cpu_addr = (char *)mem->virt_base + (first << PAGE_SHIFT);
	*dma_handle = phys_to_dma(dev, mem->phys_base + (first << PAGE_SHIFT));
	memset(cpu_addr, 0, size);
	return cpu_addr;
}

void dma_release_from_dev_coherent(struct device *dev, size_t size,
				   void *cpu_addr, dma_addr_t dma_handle)
{
	struct dma_coherent_mem *mem = dev->dma_mem;
	unsigned long offset = (unsigned long)cpu_addr - (unsigned long)mem->virt_base;
	unsigned long first = offset >> PAGE_SHIFT;
	unsigned int order = pool_order(size);
	const char *problem = NULL;
	unsigned long flags;

	spin_lock_irqsave(&mem->lock, flags);
	if (offset & (PAGE_SIZE - 1) || first >= mem->nr_pages ||
	    mem->slots[first] >= INSIDE_SLOT)
		problem = "device driver tries to free DMA memory it has not allocated";
	else if (mem->slots[first] != order)
		problem = "device driver frees DMA memory with different size";
	else if (phys_to_dma(dev, mem->phys_base + offset) != dma_handle)
		problem = "device driver frees DMA memory with different CPU address";
	if (!problem) {
		memset(mem->slots + first, FREE_SLOT, 1UL << order);
		mem->used_pages -= 1UL << order;
	}
	spin_unlock_irqrestore(&mem->lock, flags);
	if (problem)
		pr_err("DMA-API: %s: %s [device address=%#018llx] [size=%zu bytes] [cpu address=%p] (pool %s)\n",
		       dev->name, problem, (unsigned long long)dma_handle, size,
		       cpu_addr, mem->name);
}

int dma_coherent_pool_stats(unsigned int index, struct dma_pool_stats *stats)
{
	const struct dma_coherent_mem *mem = &pools[index];

	if (index >= nr_pools)
		return -ENOENT;
	*stats = (struct dma_pool_stats){
		.name = mem->name,
		.phys_base = mem->phys_base,
		.size = mem->nr_pages << PAGE_SHIFT,
		.used = READ_ONCE(mem->used_pages) << PAGE_SHIFT,
		.no_map = mem->no_map,
		.dma_default = mem->dma_default,
	};
	return 0;
}
