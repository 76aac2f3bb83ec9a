/* SPDX-License-Identifier: MIT */
/*
 * kernel/dma/swiotlb.h - bounce buffers for memory a device cannot reach
 * (Linux's swiotlb, its names and sizes).
 *
 * DOC: swiotlb
 *
 * One physically contiguous buffer below 4 GiB cut into 2 KiB slabs
 * (IO_TLB_SIZE), in segments of 128 (IO_TLB_SEGSIZE) that no mapping
 * crosses. A streaming mapping the device cannot reach takes enough
 * contiguous slabs (page aligned for a page or more), the data is copied
 * in (always: the device must never see stale kernel memory, Linux 6.1's
 * rule), and copied back out at unmap and sync for the CPU when the device
 * may have written (DMA_FROM_DEVICE, DMA_BIDIRECTIONAL).
 *
 * Made at boot when memory reaches above 4 GiB (riscv's rule), 64 MiB by
 * default; `swiotlb=N[,force|noforce]` sets N slabs (rounded up to a
 * segment), bounces everything (force) or never makes it (noforce).
 * /sys/kernel/debug/swiotlb/io_tlb_nslabs, io_tlb_used and
 * io_tlb_used_hiwater count slabs, as Linux's debugfs files.
 */
#ifndef TERN_KERNEL_DMA_SWIOTLB_H
#define TERN_KERNEL_DMA_SWIOTLB_H

#include "kernel/dma/mapping.h"

#define IO_TLB_SHIFT 11
#define IO_TLB_SIZE (1UL << IO_TLB_SHIFT)
#define IO_TLB_SEGSIZE 128
#define IO_TLB_DEFAULT_SIZE (64UL << 20)

/**
 * swiotlb_init() - make the boot buffer from memblock, below 4 GiB.
 * @addressing_limit: some memory lies where 32-bit devices cannot reach.
 *
 * Before mm_init() (the buddy then owns memory). Makes nothing without
 * @addressing_limit unless swiotlb=force, or with swiotlb=noforce.
 */
void swiotlb_init(bool addressing_limit);

/**
 * swiotlb_init_late() - make the buffer from the page allocator, as
 *	Linux's, when boot made none (Linux's takes a remap hook too).
 * @size: bytes, rounded to whole segments; at most MAX_ORDER - 1 pages.
 * @gfp: for the pages (ZONE_DMA32 is added).
 * Return: 0, -EBUSY if there is one already, -ENOMEM.
 */
int swiotlb_init_late(size_t size, gfp_t gfp);

/* Returns true if @paddr lies in the bounce buffer. */
bool is_swiotlb_buffer(struct device *dev, phys_addr_t paddr);

/* Returns true if every mapping of @dev bounces (swiotlb=force). */
bool is_swiotlb_force_bounce(struct device *dev);

/* Returns true if there is a bounce buffer @dev reaches under @mask. */
bool swiotlb_reachable(struct device *dev, u64 mask);

/**
 * swiotlb_map() - bounce [@phys, +@size) for @dev.
 * Return: the slot's bus address, or DMA_MAPPING_ERROR (logged) if there
 * is no buffer, it is full, or @dev cannot reach it either.
 */
dma_addr_t swiotlb_map(struct device *dev, phys_addr_t phys, size_t size,
		       enum dma_data_direction dir);

/* Copies out (as @dir says) and frees the slot at @tlb_addr. */
void swiotlb_tbl_unmap_single(struct device *dev, phys_addr_t tlb_addr,
			      size_t mapping_size, enum dma_data_direction dir);

/* Copies between the slot at @tlb_addr and its original, as @dir says. */
void swiotlb_sync_single_for_device(struct device *dev, phys_addr_t tlb_addr,
				    size_t size, enum dma_data_direction dir);
void swiotlb_sync_single_for_cpu(struct device *dev, phys_addr_t tlb_addr,
				 size_t size, enum dma_data_direction dir);

/* The "swiotlb" boot argument; Returns 0, or -EINVAL (logged). */
int swiotlb_setup(const char *value, void *arg);

/* Registers the debugfs files, if there is a buffer; Returns 0 or -errno. */
int swiotlb_register_files(void);

#endif
