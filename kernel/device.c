// SPDX-License-Identifier: MIT
/*
 * DOC: kernel/device.c - a device's DMA set-up from its DT node
 *
 * of_dma_configure() reads what Linux's of_dma_configure_id() reads, in
 * the same order and by the same rules (drivers/of/device.c and
 * drivers/of/address.c): the NUMA node, the bus's dma-ranges, coherence,
 * then the reserved pool. Everything comes from the flattened tree
 * through kernel/fdt/fdt.h, so a node is an offset and "parent" is a
 * walk from the root (dt_parent()); devices are set up once, by their
 * driver, so that walk's cost does not matter.
 */
#include "kernel/device.h"
#include "kernel/dma/coherent.h"
#include "kernel/dma/map_ops.h"
#include "kernel/errno.h"
#include "kernel/fdt/fdt.h"
#include "kernel/printk.h"
#include "kernel/setup.h"
#include "lib/string.h"
#include "mm/numa.h"

void device_initialize(struct device *dev, const char *name)
{
	memset(dev, 0, sizeof(*dev));
	strscpy(dev->name, name, sizeof(dev->name));
	dev->of_node = -1;
	dev->platform_dma_mask = DMA_BIT_MASK(32);
	dev->dma_mask = &dev->platform_dma_mask;
	dev->coherent_dma_mask = DMA_BIT_MASK(32);
	dev->dma_coherent = true;
}

/*
 * Returns the numa-node-id of @np or its nearest ancestor that has one,
 * as Linux's of_node_to_nid(); 0 when none has, or the id is not a node
 * that exists.
 */
static int of_node_to_nid(const void *blob, int np)
{
	for (int node = np; node >= 0; node = dt_parent(blob, node)) {
		u32 nid;

		if (dt_read_u32(blob, node, "numa-node-id", &nid))
			continue;
		return nid < MAX_NUMNODES && node_online((int)nid) ? (int)nid : 0;
	}
	return 0;
}

/*
 * Returns whether @np's accesses snoop the caches: the nearest of @np and
 * its ancestors saying dma-coherent or dma-noncoherent decides, else the
 * platform default, coherent on riscv (Linux's of_dma_is_coherent() with
 * dma_default_coherent).
 */
static bool of_dma_is_coherent(const void *blob, int np)
{
	for (int node = np; node >= 0; node = dt_parent(blob, node)) {
		if (dt_getprop(blob, node, "dma-coherent", NULL))
			return true;
		if (dt_getprop(blob, node, "dma-noncoherent", NULL))
			return false;
	}
	return true;
}

/*
 * Finds the bus node whose dma-ranges apply to @np, as Linux's
 * of_dma_get_range(): up from @np's parent, an empty dma-ranges means
 * "untranslated, ask further up", a missing one ends the walk.
 * Returns the bus's offset, or -ENOENT if no translation applies.
 */
static int dma_ranges_bus(const void *blob, int np)
{
	for (int node = dt_parent(blob, np); node >= 0; node = dt_parent(blob, node)) {
		int len;

		if (!dt_getprop(blob, node, "dma-ranges", &len))
			return -ENOENT;
		if (len > 0)
			return node;
	}
	return -ENOENT;
}

/*
 * Fills @dev->dma_range_map from @bus's dma-ranges: (child address in the
 * bus's #address-cells, parent address in its parent's, size in the
 * bus's #size-cells). The parent address is taken as physical: one level
 * of translation, as every board tern knows has. Returns 0 or -EINVAL.
 */
static int of_dma_get_range(struct device *dev, const void *blob, int bus)
{
	int parent = dt_parent(blob, bus);
	int child_cells = dt_address_cells(blob, bus);
	int size_cells = dt_size_cells(blob, bus);
	int parent_cells = parent >= 0 ? dt_address_cells(blob, parent) : 2;
	int len, entry, count;
	const u8 *cells = dt_getprop(blob, bus, "dma-ranges", &len);

	if (child_cells < 0 || size_cells < 0 || parent_cells < 0 || size_cells == 0)
		return -EINVAL;
	entry = (child_cells + parent_cells + size_cells) * 4;
	count = len / entry;
	if (len % entry || count > DEVICE_MAX_DMA_RANGES) {
		pr_err("%s: dma-ranges of %d bytes is not 1 to %d entries of %d bytes\n",
		       dev->name, len, DEVICE_MAX_DMA_RANGES, entry);
		return -EINVAL;
	}
	for (int i = 0; i < count; i++, cells += entry) {
		struct bus_dma_region *r = &dev->dma_range_map[i];
		u64 end;

		r->dma_start = dt_read_number(cells, child_cells);
		r->cpu_start = dt_read_number(cells + child_cells * 4, parent_cells);
		r->size = dt_read_number(cells + (child_cells + parent_cells) * 4,
					 size_cells);
		if (!r->size || r->dma_start + r->size - 1 < r->dma_start ||
		    r->cpu_start + r->size - 1 < r->cpu_start) {
			pr_err("%s: dma-ranges entry %d (bus %#llx, cpu %#llx, size %#llx) is empty or wraps\n",
			       dev->name, i, (unsigned long long)r->dma_start,
			       (unsigned long long)r->cpu_start,
			       (unsigned long long)r->size);
			return -EINVAL;
		}
		end = r->dma_start + r->size - 1;
		if (end > dev->bus_dma_limit)
			dev->bus_dma_limit = end;
	}
	return 0;
}

/* Returns the smallest DMA_BIT_MASK() covering @limit (Linux's ilog2 + 1). */
static u64 mask_covering(u64 limit)
{
	u64 mask = 0;

	while (mask < limit)
		mask = mask << 1 | 1;
	return mask;
}

int of_dma_configure_fdt(struct device *dev, const void *blob, int np)
{
	const char *name = dt_node_name(blob, np, NULL);
	int bus, err;

	if (!name)
		return -EINVAL;
	device_initialize(dev, name);
	dev->of_node = np;
	dev->numa_node = of_node_to_nid(blob, np);
	dev->dma_coherent = of_dma_is_coherent(blob, np);

	bus = dma_ranges_bus(blob, np);
	if (bus >= 0) {
		err = of_dma_get_range(dev, blob, bus);
		if (err) {
			memset(dev->dma_range_map, 0, sizeof(dev->dma_range_map));
			dev->dma_mask = NULL;
			return err;
		}
		/* As Linux: the default masks are cut to the bus's window. */
		dev->coherent_dma_mask &= mask_covering(dev->bus_dma_limit);
		dev->platform_dma_mask &= mask_covering(dev->bus_dma_limit);
	}

	if (!dev->dma_coherent && !arch_dma_noncoherent_supported())
		pr_warn("%s: device non-coherent but no non-coherent operations supported (no Zicbom on every hart)\n",
			dev->name);

	err = of_reserved_mem_device_init(dev, blob, np);
	if (err) {
		dev->dma_mask = NULL;
		return err;
	}
	return 0;
}

int of_dma_configure(struct device *dev, int np, bool force_dma)
{
	return of_dma_configure_fdt(dev, boot_dtb(), np);
}
