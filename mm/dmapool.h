/* SPDX-License-Identifier: MIT */
/*
 * mm/dmapool.h - small coherent DMA blocks (Linux's dma_pool API).
 *
 * DOC: dma_pool
 *
 * A pool hands out blocks of one size from coherent buffers
 * (dma_alloc_coherent()) of a page or more, each block with its CPU
 * address and bus handle, aligned as asked and never crossing the
 * boundary asked for (a device's "a descriptor may not cross 4 KiB").
 * For descriptors and the like, far smaller than a page.
 */
#ifndef TERN_MM_DMAPOOL_H
#define TERN_MM_DMAPOOL_H

#include "kernel/dma/mapping.h"

struct dma_pool;

/**
 * dma_pool_create() - a pool of @size-byte blocks for @dev.
 * @name: for messages (not copied: it must outlive the pool).
 * @dev: the device the blocks are for.
 * @size: bytes a block; at least 16 are kept (a free block holds the
 *	free list's link).
 * @align: a power of two, or 0 for 16: each block's alignment.
 * @boundary: a power of two not below @size, or 0 for none: no block
 *	crosses a multiple of it.
 * Return: the pool, or NULL (logged) for bad arguments or no memory.
 */
struct dma_pool *dma_pool_create(const char *name, struct device *dev,
				 size_t size, size_t align, size_t boundary);

/**
 * dma_pool_destroy() - free a pool and its buffers. A pool with blocks
 * still out is reported and its buffers kept (a device may still use
 * them), as Linux does. NULL does nothing.
 */
void dma_pool_destroy(struct dma_pool *pool);

/**
 * dma_pool_alloc() - one block.
 * @mem_flags: GFP flags for a new buffer, if the pool needs one;
 *	__GFP_ZERO zeroes the block.
 * @handle: set to the block's bus address.
 * Return: the block's CPU address, or NULL.
 */
void *dma_pool_alloc(struct dma_pool *pool, gfp_t mem_flags, dma_addr_t *handle);

/* dma_pool_alloc() of a zeroed block. */
static inline void *dma_pool_zalloc(struct dma_pool *pool, gfp_t mem_flags,
				    dma_addr_t *handle)
{
	return dma_pool_alloc(pool, mem_flags | __GFP_ZERO, handle);
}

/**
 * dma_pool_free() - give a block back.
 * @vaddr: what dma_pool_alloc() returned; @addr its handle.
 *
 * The debug build (DEBUG=1) checks that @vaddr is a block of @pool, that
 * @addr is its handle and that it is not free already, and reports and
 * refuses a free that fails; the release build trusts the caller.
 */
void dma_pool_free(struct dma_pool *pool, void *vaddr, dma_addr_t addr);

#endif
