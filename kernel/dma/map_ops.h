/* SPDX-License-Identifier: MIT */
/*
 * kernel/dma/map_ops.h - what the DMA layer asks of the arch, and what its
 * files share (Linux's dma-map-ops.h and dma-direct.h).
 *
 * DOC: the arch's cache maintenance
 *
 * For devices that do not snoop the caches, the arch cleans (writes back),
 * invalidates or flushes (both) the cache blocks of a physical range.
 * arch/riscv does it with Zicbom's cbo.clean, cbo.inval and cbo.flush,
 * riscv_cbom_block_size bytes at a time; arch/host records each block so
 * that tests can see which were touched for each direction.
 */
#ifndef TERN_KERNEL_DMA_MAP_OPS_H
#define TERN_KERNEL_DMA_MAP_OPS_H

#include "kernel/dma/mapping.h"

/*
 * The Zicbom block size every hart agrees on (riscv,cbom-block-size),
 * or 0 when some hart lacks Zicbom: then there is no cache maintenance
 * and non-coherent devices cannot be served correctly.
 */
extern unsigned int riscv_cbom_block_size;

/* Linux 6.1 riscv's choice: clean, except flush for DMA_BIDIRECTIONAL. */
void arch_sync_dma_for_device(phys_addr_t paddr, size_t size,
			      enum dma_data_direction dir);
/* Linux 6.1 riscv's choice: invalidate, except nothing for DMA_TO_DEVICE. */
void arch_sync_dma_for_cpu(phys_addr_t paddr, size_t size,
			   enum dma_data_direction dir);
/* Flushes a coherent buffer's cached (linear-map) alias before use. */
void arch_dma_prep_coherent(struct page *page, size_t size);

/*
 * riscv_init_cbom_blocksize() - decide riscv_cbom_block_size from the
 *	tree: every available cpu node's riscv,cbom-block-size, if they all
 *	have the same power of two and @zicbom_on_every_hart; else 0.
 */
void riscv_init_cbom_blocksize(const void *blob, bool zicbom_on_every_hart);

/* Returns true if the arch can keep non-coherent devices' data right. */
static inline bool arch_dma_noncoherent_supported(void)
{
	return riscv_cbom_block_size != 0;
}

/*
 * Bus-address translation through @dev->dma_range_map's windows (Linux's
 * translate_phys_to_dma() and translate_dma_to_phys()): DMA_MAPPING_ERROR
 * / (phys_addr_t)-1 for an address no window covers.
 */
dma_addr_t translate_phys_to_dma(const struct device *dev, phys_addr_t paddr);
phys_addr_t translate_dma_to_phys(const struct device *dev, dma_addr_t dma_addr);

/* Returns @paddr's bus address for @dev (itself on a bus that does not translate). */
static inline dma_addr_t phys_to_dma(const struct device *dev, phys_addr_t paddr)
{
	if (likely(!dev->dma_range_map[0].size))
		return paddr;
	return translate_phys_to_dma(dev, paddr);
}

/* Returns the physical address of @dev's bus address @dma_addr. */
static inline phys_addr_t dma_to_phys(const struct device *dev, dma_addr_t dma_addr)
{
	if (likely(!dev->dma_range_map[0].size))
		return dma_addr;
	return translate_dma_to_phys(dev, dma_addr);
}

/*
 * Returns true if @dev reaches [@addr, @addr + @size) with a mask @mask
 * (and its bus's limit): Linux's dma_capable().
 */
static inline bool dma_capable(const struct device *dev, dma_addr_t addr,
			       size_t size, u64 mask)
{
	dma_addr_t end = addr + size - 1;
	u64 limit = dev->bus_dma_limit && dev->bus_dma_limit < mask ?
		    dev->bus_dma_limit : mask;

	return addr != DMA_MAPPING_ERROR && end >= addr && end <= limit;
}

/*
 * Sets *@phys_limit to the highest physical address whose bus address is
 * at most @limit; Returns false when there is none (no window reaches
 * below @limit).
 */
bool dma_phys_limit(const struct device *dev, u64 limit, phys_addr_t *phys_limit);

/* Lets the fast paths know where memory ends (dma_init() calls it). */
void dma_direct_init(void);

struct boot_plan;

/**
 * dma_init() - the DMA layer's boot, after slab_init() and vmalloc_init():
 *	the cache-block size, the shared-dma-pool regions of @plan, the
 *	swiotlb files (swiotlb_init() ran before mm_init()).
 * @blob: the tree @plan came from.
 * @zicbom_on_every_hart: what the harts' riscv,isa say.
 */
void dma_init(const void *blob, const struct boot_plan *plan,
	      bool zicbom_on_every_hart);

#endif
