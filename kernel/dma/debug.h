/* SPDX-License-Identifier: MIT */
/*
 * kernel/dma/debug.h - every live streaming mapping and pool allocation,
 * so that a wrong unmap, free or sync is caught (Linux's dma-debug, on in
 * every build, and refusing what it reports).
 *
 * DOC: DMA API checks
 *
 * Each mapping is an entry in a table hashed by bus address. Linux's
 * CONFIG_DMA_API_DEBUG reports and then lets the call through; tern
 * reports with Linux's words ("DMA-API: <dev>: device driver tries to
 * free DMA memory it has not allocated ...") and does not apply it, so
 * that one driver's bug does not free or sync memory it does not own.
 */
#ifndef TERN_KERNEL_DMA_DEBUG_H
#define TERN_KERNEL_DMA_DEBUG_H

#include "kernel/dma/mapping.h"

/*
 * Records a streaming mapping of [@phys, +@size) as @dma_addr. Returns 0,
 * or -ENOMEM (logged) when there is no memory for the record: the caller
 * then undoes the mapping and fails it.
 */
int debug_dma_map(struct device *dev, dma_addr_t dma_addr, phys_addr_t phys,
		  size_t size, enum dma_data_direction dir);

/*
 * Forgets the mapping @dma_addr of @dev. Returns 0, or -EINVAL (reported,
 * the record kept) if no live mapping has that handle, or its size or
 * direction differ.
 */
int debug_dma_unmap(struct device *dev, dma_addr_t dma_addr, size_t size,
		    enum dma_data_direction dir);

/*
 * Checks a sync of [@dma_addr, +@size): Returns 0 if a live mapping of
 * @dev in a compatible direction holds it, else -EINVAL (reported).
 */
int debug_dma_sync(struct device *dev, dma_addr_t dma_addr, size_t size,
		   enum dma_data_direction dir);

/* Returns the live streaming mappings of @dev, or of all devices (NULL). */
unsigned long debug_dma_mappings(const struct device *dev);

#endif
