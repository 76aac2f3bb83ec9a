// SPDX-License-Identifier: MIT
/*
 * DOC: kernel/dma/init.c - the DMA layer's boot
 *
 * Two steps, at two points of start_kernel(): swiotlb_init() takes the
 * bounce buffer from memblock before the buddy owns memory; dma_init()
 * then, with kmalloc and the vmalloc area up, learns where memory ends,
 * the cache-block size, makes the shared-dma-pool regions into pools and shows the
 * swiotlb counts.
 */
#include "kernel/dma/coherent.h"
#include "kernel/dma/map_ops.h"
#include "kernel/dma/swiotlb.h"

void dma_init(const void *blob, const struct boot_plan *plan,
	      bool zicbom_on_every_hart)
{
	dma_direct_init();
	riscv_init_cbom_blocksize(blob, zicbom_on_every_hart);
	dma_reserved_mem_init(blob, plan);
	swiotlb_register_files();
}
