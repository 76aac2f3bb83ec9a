/* SPDX-License-Identifier: MIT */
/*
 * kernel/dma/coherent.h - shared-dma-pool regions of /reserved-memory as
 * per-device coherent memory (Linux's kernel/dma/coherent.c and
 * of_reserved_mem).
 *
 * DOC: shared-dma-pool
 *
 * The boot plan has already reserved every /reserved-memory child,
 * placed the dynamic ones and taken no-map ones out of the linear map.
 * dma_reserved_mem_init() turns each compatible = "shared-dma-pool" one
 * that is not reusable (those are CMA's) into a pool: a page-granular
 * allocator over the region. A device gets the pool its memory-region
 * names, else the one marked linux,dma-default; its dma_alloc_coherent()
 * then takes only from that pool, as Linux's.
 *
 * The CPU's mapping of a pool is chosen by its first device: the linear
 * map for a mapped region and a coherent device, else a mapping through
 * the vmalloc area, cached for coherent devices and Svpbmt NC for
 * non-coherent ones. A later device of the other kind is refused, since
 * one pool has one mapping.
 */
#ifndef TERN_KERNEL_DMA_COHERENT_H
#define TERN_KERNEL_DMA_COHERENT_H

#include "kernel/dma/mapping.h"

struct boot_plan;

/* Most shared-dma-pool regions tern keeps (Linux: MAX_RESERVED_REGIONS). */
#define MAX_DMA_POOLS 8

/**
 * dma_reserved_mem_init() - make the pools of the plan's shared-dma-pool
 *	regions.
 * @blob: the tree the plan came from.
 * @plan: its boot plan, dynamic regions placed (memblock_init_reserved()).
 *
 * Once, after slab_init(). A region that was not placed, lies outside
 * memory, or is too small for a page is reported and left out.
 * Return: the number of pools made.
 */
int dma_reserved_mem_init(const void *blob, const struct boot_plan *plan);

/**
 * of_reserved_mem_device_init() - give @dev the pool its node's
 *	memory-region names, or the default pool.
 * @dev: the device; @np its node in @blob.
 * Return: 0 (no memory-region and no default pool is 0 too), or -ENODEV
 * (logged) for a memory-region that names no pool, or a pool mapped for
 * the other kind of device.
 */
int of_reserved_mem_device_init(struct device *dev, const void *blob, int np);

/*
 * dma_alloc_coherent() and dma_free_coherent() for a device with a pool:
 * 2^order pages aligned to their size within the pool, zeroed. A free that
 * does not name a live allocation (other size, other handle, twice, not
 * in the pool) is reported and not applied.
 */
void *dma_alloc_from_dev_coherent(struct device *dev, size_t size,
				  dma_addr_t *dma_handle, gfp_t gfp);
void dma_release_from_dev_coherent(struct device *dev, size_t size,
				   void *cpu_addr, dma_addr_t dma_handle);

/**
 * struct dma_pool_stats - one pool, for tests and the boot log.
 * @name: the region's node name.
 * @phys_base: its first byte.
 * @size: its bytes.
 * @used: bytes allocated now.
 * @no_map: the region is not in the linear map.
 * @dma_default: it is the linux,dma-default pool.
 */
struct dma_pool_stats {
	const char *name;
	phys_addr_t phys_base;
	size_t size, used;
	bool no_map, dma_default;
};

/* Fills @stats for pool @index; Returns 0, or -ENOENT past the last. */
int dma_coherent_pool_stats(unsigned int index, struct dma_pool_stats *stats);

#endif
