// SPDX-License-Identifier: MIT
/*
 * DOC: kernel/dma/noncoherent.c - cache maintenance for devices that do
 * not snoop (Linux's arch/riscv/mm/dma-noncoherent.c, Linux 6.1)
 *
 * Before the device reads or writes a streaming buffer its dirty cache
 * blocks are cleaned, so that memory holds what the CPU wrote and no
 * later write-back lands on the device's data; DMA_BIDIRECTIONAL flushes
 * (clean and drop). After the device wrote (DMA_FROM_DEVICE,
 * DMA_BIDIRECTIONAL) the blocks are invalidated, so the CPU reads memory
 * and not lines it fetched (speculatively) during the transfer. A new
 * coherent buffer's cacheable alias is flushed before its uncached
 * mapping is used. These are Linux 6.1's choices per direction; later
 * Linux cleans rather than flushes for DMA_BIDIRECTIONAL.
 *
 * The operations act on whole blocks of riscv_cbom_block_size bytes,
 * from the block holding the first byte to the one holding the last,
 * through the linear map (asm/cacheflush.h: Zicbom on riscv, a log on
 * the host). This file is portable so that the host tests run exactly
 * this code; the riscv path is untested on hardware (no Zicbom in QEMU
 * 7.2).
 */
#include "kernel/dma/map_ops.h"
#include "kernel/fdt/fdt.h"
#include "kernel/printk.h"
#include <asm/cacheflush.h>

unsigned int riscv_cbom_block_size;

/* Applies @op to every cache block of [@paddr, +@size). */
static void cbo_range(void (*op)(const void *addr), phys_addr_t paddr, size_t size)
{
	unsigned long block = riscv_cbom_block_size;
	unsigned long start = (unsigned long)phys_to_virt(paddr) & ~(block - 1);
	unsigned long end = (unsigned long)phys_to_virt(paddr) + size;

	if (!block || !size)
		return;
	for (unsigned long addr = start; addr < end; addr += block)
		op((const void *)addr);
}

void arch_sync_dma_for_device(phys_addr_t paddr, size_t size,
			      enum dma_data_direction dir)
{
	switch (dir) {
	case DMA_TO_DEVICE:
	case DMA_FROM_DEVICE:
		cbo_range(cbo_clean, paddr, size);
		break;
	case DMA_BIDIRECTIONAL:
		cbo_range(cbo_flush, paddr, size);
		break;
	default:
		break;
	}
}

void arch_sync_dma_for_cpu(phys_addr_t paddr, size_t size,
			   enum dma_data_direction dir)
{
	switch (dir) {
	case DMA_FROM_DEVICE:
	case DMA_BIDIRECTIONAL:
		cbo_range(cbo_inval, paddr, size);
		break;
	default:
		break;
	}
}

void arch_dma_prep_coherent(struct page *page, size_t size)
{
	cbo_range(cbo_flush, page_to_phys(page), size);
}

void riscv_init_cbom_blocksize(const void *blob, bool zicbom_on_every_hart)
{
	unsigned int size = 0;
	int node;

	riscv_cbom_block_size = 0;
	for (node = dt_next_device_type(blob, -1, "cpu"); node >= 0;
	     node = dt_next_device_type(blob, node, "cpu")) {
		u32 val;

		if (!dt_node_is_available(blob, node))
			continue;
		if (dt_read_u32(blob, node, "riscv,cbom-block-size", &val) ||
		    !val || (val & (val - 1))) {
			size = 0;
			break;
		}
		if (size && size != val) {
			pr_warn("riscv: cbom-block-size mismatched between harts (%u and %u bytes)\n",
				size, val);
			size = 0;
			break;
		}
		size = val;
	}
	if (zicbom_on_every_hart && size) {
		riscv_cbom_block_size = size;
		pr_info("riscv: Zicbom with %u-byte blocks: cache maintenance for non-coherent DMA\n",
			size);
	} else {
		pr_info("riscv: no Zicbom with riscv,cbom-block-size on every hart: no cache maintenance for non-coherent DMA\n");
	}
}
