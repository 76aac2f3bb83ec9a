/* SPDX-License-Identifier: MIT */
/*
 * kernel/dma/mapping.h - the DMA API, Linux's names and semantics.
 *
 * DOC: DMA mapping
 *
 * Two kinds of DMA memory, as in Linux (docs/dma.md has the design):
 *
 * - *Coherent* (dma_alloc_coherent()): a buffer the CPU and the device
 *   share for its whole life, zeroed, aligned to the smallest page order
 *   that covers it, reachable under the device's coherent mask, on the
 *   device's node (falling back by distance), or from the device's
 *   shared-dma-pool. For a non-coherent device the CPU's mapping is
 *   uncached (Svpbmt NC through the vmalloc area).
 * - *Streaming* (dma_map_single(), dma_map_page(), dma_map_sg()): memory
 *   the caller owns, lent to the device for one transfer in one direction.
 *   Between map and unmap the CPU must not touch it, except between
 *   dma_sync_single_for_cpu() and dma_sync_single_for_device(). Memory
 *   the device cannot reach through its mask (or its bus's dma-ranges) is
 *   bounced through swiotlb (kernel/dma/swiotlb.h); a non-coherent device
 *   gets the caches cleaned and invalidated as Linux's riscv does.
 *
 * Misuse is reported and not applied: a free or unmap that does not
 * match a live allocation or mapping (wrong size, wrong handle, twice,
 * never mapped), a mask no memory satisfies. Handles are bus addresses:
 * dma-ranges offsets are applied on the way out and undone on the way in.
 *
 * Nothing here sleeps: gfp only chooses how hard the page allocator
 * tries. Any hart may call anything here, interrupts on or off, but not
 * from a cross-hart call or under a spinlock when the device is
 * non-coherent (its uncached mappings live in the vmalloc area).
 */
#ifndef TERN_KERNEL_DMA_MAPPING_H
#define TERN_KERNEL_DMA_MAPPING_H

#include "kernel/device.h"
#include "kernel/dma/scatterlist.h"
#include "kernel/errno.h"
#include "mm/gfp.h"

#define DMA_BIT_MASK(n) (((n) == 64) ? ~0ULL : ((1ULL << (n)) - 1))

/* The handle a failed mapping returns; test it with dma_mapping_error(). */
#define DMA_MAPPING_ERROR (~(dma_addr_t)0)

/* Linux's values. */
enum dma_data_direction {
	DMA_BIDIRECTIONAL = 0,
	DMA_TO_DEVICE = 1,
	DMA_FROM_DEVICE = 2,
	DMA_NONE = 3,
};

/**
 * dma_mapping_error() - did a dma_map_*() fail?
 * @dev: the device it was for.
 * @dma_addr: the handle returned.
 * Return: -ENOMEM if @dma_addr is DMA_MAPPING_ERROR, else 0.
 */
static inline int dma_mapping_error(struct device *dev, dma_addr_t dma_addr)
{
	return dma_addr == DMA_MAPPING_ERROR ? -ENOMEM : 0;
}

/**
 * dma_set_mask() - set the streaming mask: the bus addresses @dev reaches.
 * @dev: the device (of_dma_configure()d or device_initialize()d).
 * @mask: DMA_BIT_MASK(n).
 *
 * Refused, as Linux's dma_supported(), when the mask reaches no memory
 * at all and there is no swiotlb below it to bounce through.
 * Return: 0, or -EIO (logged).
 */
int dma_set_mask(struct device *dev, u64 mask);

/**
 * dma_set_coherent_mask() - set the mask dma_alloc_coherent() honours.
 * Return: 0, or -EIO (logged) if no memory lies under @mask.
 */
int dma_set_coherent_mask(struct device *dev, u64 mask);

/* Both masks at once; Return: 0, or -EIO as either of the two. */
int dma_set_mask_and_coherent(struct device *dev, u64 mask);

/* Returns the highest bus address @dev can reach, mask and bus combined. */
u64 dma_get_required_mask(struct device *dev);

/**
 * dma_alloc_coherent() - a buffer CPU and device share.
 * @dev: the device.
 * @size: bytes; the buffer covers 2^order pages (order the smallest that
 *	covers @size) and is aligned to that size, as Linux's.
 * @dma_handle: set to the bus address of the first byte.
 * @gfp: GFP flags for the pages (zone modifiers are chosen here, from
 *	the mask; __GFP_ZERO is implied).
 *
 * From @dev's shared-dma-pool if it has one (and only from there), else
 * from the page allocator on @dev's node, falling back by distance, in
 * ZONE_DMA32 when the coherent mask needs it.
 * Return: the CPU's address of the zeroed buffer, or NULL (logged unless
 * __GFP_NOWARN).
 */
void *dma_alloc_coherent(struct device *dev, size_t size,
			 dma_addr_t *dma_handle, gfp_t gfp);

/**
 * dma_free_coherent() - give back what dma_alloc_coherent() returned.
 * @dev: the same device.
 * @size: the same size.
 * @cpu_addr: the address returned.
 * @dma_handle: the handle returned.
 *
 * A call whose @size, @cpu_addr or @dma_handle does not match a live
 * allocation of @dev is reported and nothing is freed.
 */
void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr,
		       dma_addr_t dma_handle);

/**
 * dma_map_page() - lend @size bytes at @offset in @page to @dev.
 * @dir: DMA_TO_DEVICE, DMA_FROM_DEVICE or DMA_BIDIRECTIONAL.
 * Return: the bus address, or DMA_MAPPING_ERROR (logged) if the device
 * cannot reach the memory and swiotlb cannot bounce it.
 */
dma_addr_t dma_map_page(struct device *dev, struct page *page, size_t offset,
			size_t size, enum dma_data_direction dir);

/**
 * dma_unmap_page() - end a dma_map_page(): syncs for the CPU and frees
 *	any bounce buffer.
 * @addr: the handle; @size and @dir as mapped. One that matches no live
 *	mapping (never mapped, unmapped already, other size) is reported and
 *	ignored.
 */
void dma_unmap_page(struct device *dev, dma_addr_t addr, size_t size,
		    enum dma_data_direction dir);

/**
 * dma_map_single() - dma_map_page() for a linear-map (kmalloc, page
 *	allocator) address. vmalloc addresses are refused, as Linux's.
 * Return: as dma_map_page().
 */
dma_addr_t dma_map_single(struct device *dev, void *ptr, size_t size,
			  enum dma_data_direction dir);

/* Ends a dma_map_single(); as dma_unmap_page(). */
void dma_unmap_single(struct device *dev, dma_addr_t addr, size_t size,
		      enum dma_data_direction dir);

/**
 * dma_map_sg() - map every entry of a scatterlist.
 * @sg: the list; each entry's dma_address and dma_length are set.
 * @nents: its entries.
 * Return: the entries mapped (@nents: tern merges none), or 0 if any
 * failed (those mapped before it are unmapped again).
 */
int dma_map_sg(struct device *dev, struct scatterlist *sg, int nents,
	       enum dma_data_direction dir);

/* Ends a dma_map_sg(); @nents as passed to it, not as it returned. */
void dma_unmap_sg(struct device *dev, struct scatterlist *sg, int nents,
		  enum dma_data_direction dir);

/**
 * dma_sync_single_for_cpu() - let the CPU read what the device wrote into
 *	a streaming mapping (copy out of the bounce buffer, invalidate).
 * @addr: a handle, or an address inside a mapping; @size from there.
 */
void dma_sync_single_for_cpu(struct device *dev, dma_addr_t addr, size_t size,
			     enum dma_data_direction dir);

/* Hands the buffer back to the device after dma_sync_single_for_cpu(). */
void dma_sync_single_for_device(struct device *dev, dma_addr_t addr,
				size_t size, enum dma_data_direction dir);

/* The two syncs for every entry of a mapped scatterlist. */
void dma_sync_sg_for_cpu(struct device *dev, struct scatterlist *sg, int nents,
			 enum dma_data_direction dir);
void dma_sync_sg_for_device(struct device *dev, struct scatterlist *sg,
			    int nents, enum dma_data_direction dir);

#endif
