/* SPDX-License-Identifier: MIT */
/*
 * kernel/device.h - a device as the DMA layer sees it.
 *
 * DOC: struct device
 *
 * Linux's struct device is the hub of the driver model; tern has no
 * driver model yet, only drivers that find their DT node and need DMA.
 * So this holds what Linux's DMA code reads from a device, under Linux's
 * field names: the DT node, the NUMA node, the two masks, coherence, the
 * bus-to-physical translation of dma-ranges and the reserved pool named by
 * memory-region. A driver embeds or declares one, fills it from its DT
 * node with of_dma_configure() and passes it to kernel/dma/mapping.h.
 */
#ifndef TERN_KERNEL_DEVICE_H
#define TERN_KERNEL_DEVICE_H

#include "kernel/types.h"

typedef u64 dma_addr_t;

/* Most dma-ranges entries a device's bus may have (Linux allocates them). */
#define DEVICE_MAX_DMA_RANGES 4

/**
 * struct bus_dma_region - one dma-ranges entry, Linux's layout.
 * @cpu_start: first physical address of the window.
 * @dma_start: the bus address the device uses for @cpu_start.
 * @size: bytes in the window; 0 ends the device's list.
 */
struct bus_dma_region {
	phys_addr_t cpu_start;
	dma_addr_t dma_start;
	u64 size;
};

struct dma_coherent_mem;

/**
 * struct device - what DMA needs to know about a device.
 * @name: for messages: the DT node's name, or what the driver set.
 * @of_node: the DT node's offset in boot_dtb(), or -1 for none.
 * @numa_node: the node its memory should come from: its own numa-node-id,
 *	else the nearest ancestor's, else 0 (Linux's of_node_to_nid()).
 * @dma_mask: the streaming mask (bus addresses it can reach); points at
 *	@platform_dma_mask after of_dma_configure(), as for Linux's platform
 *	devices. NULL: the device does no DMA.
 * @platform_dma_mask: storage for *@dma_mask.
 * @coherent_dma_mask: the mask for dma_alloc_coherent().
 * @bus_dma_limit: the highest bus address its bus passes (from
 *	dma-ranges), 0 for no limit; Linux's field.
 * @dma_coherent: device accesses snoop the CPU caches (dma-coherent), so
 *	no cache maintenance and no uncached mappings are needed.
 * @dma_range_map: dma-ranges translation, ended by an entry of size 0;
 *	all zero (no entries) for a bus that does not translate.
 * @dma_mem: the shared-dma-pool its coherent memory comes from
 *	(memory-region, else the linux,dma-default pool), or NULL.
 */
struct device {
	char name[32];
	int of_node;
	int numa_node;
	u64 *dma_mask;
	u64 platform_dma_mask;
	u64 coherent_dma_mask;
	u64 bus_dma_limit;
	bool dma_coherent;
	struct bus_dma_region dma_range_map[DEVICE_MAX_DMA_RANGES + 1];
	struct dma_coherent_mem *dma_mem;
};

/* Returns @dev's name for messages, as Linux's dev_name(). */
static inline const char *dev_name(const struct device *dev)
{
	return dev->name;
}

/* Returns the NUMA node @dev's memory should come from (Linux's name). */
static inline int dev_to_node(const struct device *dev)
{
	return dev->numa_node;
}

/* Returns true if @dev snoops the CPU caches (Linux's dev_is_dma_coherent). */
static inline bool dev_is_dma_coherent(const struct device *dev)
{
	return dev->dma_coherent;
}

/**
 * device_initialize() - a device with no DT node: named @name, on node 0,
 *	coherent, 32-bit masks (Linux's default for platform devices), no
 *	translation, no pool.
 * @dev: the device.
 * @name: copied (truncated to fit).
 */
void device_initialize(struct device *dev, const char *name);

/**
 * of_dma_configure() - set up @dev's DMA from its DT node, as Linux's.
 * @dev: the device; device_initialize() is applied first, named after
 *	the node.
 * @np: the node's offset in boot_dtb().
 * @force_dma: Linux's flag for buses that always do DMA; tern's devices
 *	all may, so it changes nothing and is kept for the signature.
 *
 * Reads, walking up from @np as Linux does: numa-node-id; dma-coherent or
 * dma-noncoherent (the nearest one wins; riscv's default is coherent);
 * dma-ranges of the enclosing buses (an empty one means "same as the
 * parent", none means no translation), which sets @dev->bus_dma_limit and
 * cuts the default 32-bit masks to the window (drivers widen them with
 * dma_set_mask_and_coherent()); memory-region, whose
 * shared-dma-pool then serves dma_alloc_coherent() (else the
 * linux,dma-default pool, if there is one). Linux's drivers call
 * of_reserved_mem_device_init() for the last part themselves; here it
 * comes with the rest.
 *
 * A malformed dma-ranges or a memory-region that names no usable pool is
 * logged and refused with the device left without DMA (@dev->dma_mask
 * NULL); a non-coherent device on harts without cache maintenance is
 * logged and configured (its streaming syncs then do nothing).
 *
 * Return: 0, -EINVAL for a bad node or dma-ranges, -ENODEV for a
 * memory-region the DMA layer cannot use.
 */
int of_dma_configure(struct device *dev, int np, bool force_dma);

/**
 * of_dma_configure_fdt() - of_dma_configure() on the tree @blob instead of
 *	boot_dtb(), for the host tests and anything holding another tree.
 * Return: as of_dma_configure().
 */
int of_dma_configure_fdt(struct device *dev, const void *blob, int np);

#endif
