// SPDX-License-Identifier: MIT
/*
 * DOC: kernel/dma/direct.c - DMA without an IOMMU (Linux's dma-direct)
 *
 * A bus address is the physical address moved by the device's dma-ranges
 * window. Coherent buffers are whole page-allocator blocks; streaming
 * mappings hand out the buffer's own bus address, or a swiotlb slot's
 * when the device cannot reach the buffer.
 *
 * A direct coherent allocation is remembered in its first struct page
 * (owner_byte DMA_COHERENT_OWNER, owner_data 1 if the CPU's address is
 * an uncached alias, lru holding the device and the size),
 * so that dma_free_coherent() checks the device, size and addresses it
 * is given against the allocation at the cost of a few loads. The common
 * case (a coherent device with no pool, no window and a mask covering all
 * memory, one page) has fast paths that call the page allocator directly
 * and send anything else, failures and mistakes included, the general
 * way, which reports; streaming
 * mappings and pool allocations are remembered by kernel/dma/debug.c.
 *
 * Non-coherent devices: a coherent buffer's linear-map alias is flushed
 * and the buffer mapped again Svpbmt NC through the vmalloc area, as
 * Linux's riscv (arch_dma_prep_coherent() and DMA_DIRECT_REMAP). Without
 * Svpbmt on every hart the buffer stays cached (the flush is all tern
 * can do; docs/dma.md). Streaming mappings get arch_sync_dma_for_*().
 */
#include "kernel/dma/coherent.h"
#include "kernel/dma/debug.h"
#include "kernel/dma/map_ops.h"
#include "kernel/dma/swiotlb.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "mm/memblock.h"
#include "mm/pgtable.h"
#include "mm/vmalloc.h"
#include <asm/pgtable-bits.h>

/* page->owner_byte of the first page of a direct coherent allocation. */
#define DMA_COHERENT_OWNER 0xd3

dma_addr_t translate_phys_to_dma(const struct device *dev, phys_addr_t paddr)
{
	for (const struct bus_dma_region *r = dev->dma_range_map; r->size; r++)
		if (paddr >= r->cpu_start && paddr - r->cpu_start < r->size)
			return paddr - r->cpu_start + r->dma_start;
	return DMA_MAPPING_ERROR;
}

phys_addr_t translate_dma_to_phys(const struct device *dev, dma_addr_t dma_addr)
{
	for (const struct bus_dma_region *r = dev->dma_range_map; r->size; r++)
		if (dma_addr >= r->dma_start && dma_addr - r->dma_start < r->size)
			return dma_addr - r->dma_start + r->cpu_start;
	return (phys_addr_t)-1;
}

bool dma_phys_limit(const struct device *dev, u64 limit, phys_addr_t *phys_limit)
{
	const struct bus_dma_region *r = dev->dma_range_map;
	bool found = false;

	if (dev->bus_dma_limit && dev->bus_dma_limit < limit)
		limit = dev->bus_dma_limit;
	if (!r->size) {
		*phys_limit = limit;
		return true;
	}
	for (*phys_limit = 0; r->size; r++) {
		u64 reach;

		if (r->dma_start > limit)
			continue;
		reach = min(r->size - 1, limit - r->dma_start);
		if (!found || r->cpu_start + reach > *phys_limit)
			*phys_limit = r->cpu_start + reach;
		found = true;
	}
	return found;
}

/* Returns true if some memory lies at or below bus address @mask for @dev. */
static bool mask_reaches_memory(const struct device *dev, u64 mask)
{
	phys_addr_t limit;

	return dma_phys_limit(dev, mask, &limit) &&
	       limit >= memblock_start_of_DRAM();
}

int dma_set_mask(struct device *dev, u64 mask)
{
	if (!dev->dma_mask) {
		pr_err("%s: dma_set_mask: the device does no DMA\n", dev->name);
		return -EIO;
	}
	if (!mask_reaches_memory(dev, mask) && !swiotlb_reachable(dev, mask)) {
		pr_err("%s: DMA mask %#llx reaches no memory\n", dev->name,
		       (unsigned long long)mask);
		return -EIO;
	}
	*dev->dma_mask = mask;
	return 0;
}

int dma_set_coherent_mask(struct device *dev, u64 mask)
{
	if (!mask_reaches_memory(dev, mask)) {
		pr_err("%s: coherent DMA mask %#llx reaches no memory\n",
		       dev->name, (unsigned long long)mask);
		return -EIO;
	}
	dev->coherent_dma_mask = mask;
	return 0;
}

int dma_set_mask_and_coherent(struct device *dev, u64 mask)
{
	int err = dma_set_mask(dev, mask);

	return err ? err : dma_set_coherent_mask(dev, mask);
}

u64 dma_get_required_mask(struct device *dev)
{
	u64 mask = dev->dma_mask ? *dev->dma_mask : 0;

	return dev->bus_dma_limit && dev->bus_dma_limit < mask ? dev->bus_dma_limit : mask;
}

/* ------------------------------------------------- coherent memory --- */

/* Returns the smallest order whose pages hold @size bytes. */
static unsigned int size_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/*
 * Takes 2^@order zeroed pages @dev reaches under its coherent mask, on its
 * node or the nearest with memory: first from any zone the mask allows,
 * then, if that landed too high, from ZONE_DMA32 (Linux's retry).
 */
static struct page *alloc_reachable_pages(struct device *dev, unsigned int order,
					  gfp_t gfp, dma_addr_t *dma_handle)
{
	size_t size = PAGE_SIZE << order;
	phys_addr_t phys_limit;
	struct page *page;

	if (!dma_phys_limit(dev, dev->coherent_dma_mask, &phys_limit))
		return NULL;
	if (phys_limit <= DMA_BIT_MASK(32))
		gfp |= __GFP_DMA32;
	for (;;) {
		page = alloc_pages_node(dev->numa_node, gfp | __GFP_ZERO, order);
		if (!page)
			return NULL;
		*dma_handle = phys_to_dma(dev, page_to_phys(page));
		if (dma_capable(dev, *dma_handle, size, dev->coherent_dma_mask))
			return page;
		__free_pages(page, order);
		if (gfp & __GFP_DMA32)
			return NULL;
		gfp |= __GFP_DMA32;
	}
}

/*
 * Returns the CPU's address for a fresh coherent buffer at @page: the
 * linear map for a coherent device, else an uncached alias (or, without
 * Svpbmt, the flushed linear map). NULL if the alias cannot be made.
 */
static void *coherent_cpu_addr(struct device *dev, struct page *page, size_t size)
{
	if (dev_is_dma_coherent(dev))
		return page_address(page);
	arch_dma_prep_coherent(page, size);
	if (!has_svpbmt)
		return page_address(page);
	return map_phys_guard(page_to_phys(page), size,
			      pgprot_writecombine(PAGE_KERNEL));
}

/*
 * The highest physical address of memory, once dma_init() knows it; until
 * then all ones, so that no mask covers all memory and every allocation
 * takes the general path.
 */
static phys_addr_t dma_max_phys = ~(phys_addr_t)0;

void dma_direct_init(void)
{
	dma_max_phys = memblock_end_of_DRAM() - 1;
}

/*
 * Returns true for the common case the fast paths take: a coherent device
 * without pool or dma-ranges whose coherent mask covers all memory, so
 * that any page will do and a handle is the physical address.
 */
static inline bool direct_any_page(const struct device *dev)
{
	return !dev->dma_mem && dev->dma_coherent && !dev->dma_range_map[0].size &&
	       !dev->bus_dma_limit && dev->coherent_dma_mask >= dma_max_phys;
}

/* Remembers in @page that it is @dev's allocation of @size bytes. */
static inline void record_allocation(struct page *page, struct device *dev,
				     size_t size, bool uncached_alias)
{
	page->owner_byte = DMA_COHERENT_OWNER;
	page->owner_data = uncached_alias;
	page->lru.next = (struct list_head *)dev;
	page->lru.prev = (struct list_head *)size;
}

/* dma_alloc_coherent() for every device and every failure. */
static __attribute__((noinline)) void *alloc_coherent_general(struct device *dev, size_t size,
							      dma_addr_t *dma_handle, gfp_t gfp)
{
	unsigned int order;
	struct page *page;
	void *cpu_addr;

	if (dev->dma_mem)
		return dma_alloc_from_dev_coherent(dev, size, dma_handle, gfp);
	order = size_order(size);
	if (!size || order >= MAX_ORDER) {
		pr_err("%s: dma_alloc_coherent of %zu bytes: not 1 to %lu\n",
		       dev->name, size, PAGE_SIZE << (MAX_ORDER - 1));
		return NULL;
	}
	page = alloc_reachable_pages(dev, order, gfp & ~__GFP_DMA32, dma_handle);
	if (!page) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("%s: dma_alloc_coherent: no memory for %zu bytes under mask %#llx\n",
				dev->name, size,
				(unsigned long long)dev->coherent_dma_mask);
		return NULL;
	}
	cpu_addr = coherent_cpu_addr(dev, page, PAGE_SIZE << order);
	if (!cpu_addr) {
		__free_pages(page, order);
		return NULL;
	}
	record_allocation(page, dev, size, is_vmalloc_addr(cpu_addr));
	return cpu_addr;
}

void *dma_alloc_coherent(struct device *dev, size_t size,
			 dma_addr_t *dma_handle, gfp_t gfp)
{
	struct page *page;

	if (likely(direct_any_page(dev) && size && size <= PAGE_SIZE)) {
		page = alloc_pages_node(dev->numa_node, gfp | __GFP_ZERO, 0);
		if (likely(page)) {
			record_allocation(page, dev, size, false);
			*dma_handle = page_to_phys(page);
			return page_address(page);
		}
	}
	return alloc_coherent_general(dev, size, dma_handle, gfp);
}

/* Returns true if @cpu_addr is what dma_alloc_coherent() gave for @page. */
static bool cpu_addr_is_allocations(struct page *page, const void *cpu_addr)
{
	if (!page->owner_data)
		return cpu_addr == page_address(page);
	return is_vmalloc_addr(cpu_addr) && !((unsigned long)cpu_addr & (PAGE_SIZE - 1)) &&
	       vmalloc_to_page(cpu_addr) == page;
}

/*
 * Returns the first page of the direct coherent allocation of @dev that
 * @size, @cpu_addr and @dma_handle name, or NULL (reported) if they do
 * not name one.
 */
static struct page *coherent_allocation(struct device *dev, size_t size,
					void *cpu_addr, dma_addr_t dma_handle)
{
	phys_addr_t phys = dma_to_phys(dev, dma_handle);
	unsigned long pfn = phys >> PAGE_SHIFT;
	struct page *page = pfn_valid(pfn) && !(phys & (PAGE_SIZE - 1)) ?
			    pfn_to_page(pfn) : NULL;

	if (!page || page->owner_byte != DMA_COHERENT_OWNER ||
	    page->lru.next != (struct list_head *)dev) {
		pr_err("DMA-API: %s: device driver tries to free DMA memory it has not allocated [device address=%#018llx] [size=%zu bytes]\n",
		       dev->name, (unsigned long long)dma_handle, size);
		return NULL;
	}
	if (page->lru.prev != (struct list_head *)size) {
		pr_err("DMA-API: %s: device driver frees DMA memory with different size [device address=%#018llx] [map size=%lu bytes] [unmap size=%zu bytes]\n",
		       dev->name, (unsigned long long)dma_handle,
		       (unsigned long)page->lru.prev, size);
		return NULL;
	}
	if (!cpu_addr_is_allocations(page, cpu_addr)) {
		pr_err("DMA-API: %s: device driver frees DMA memory with different CPU address [device address=%#018llx] [size=%zu bytes] [cpu alloc address=%p] [cpu free address=%p]\n",
		       dev->name, (unsigned long long)dma_handle, size,
		       page_address(page), cpu_addr);
		return NULL;
	}
	return page;
}

/* Gives back @page, @dev's checked allocation. */
static inline void free_allocation(struct page *page)
{
	page->owner_byte = 0;
	page->owner_data = 0;
	page->lru.next = page->lru.prev = NULL;
	__free_pages(page, page_order(page));	/* the size was checked */
}

/* dma_free_coherent() for every device, and every mistake reported. */
static __attribute__((noinline)) void free_coherent_general(struct device *dev, size_t size,
							    void *cpu_addr, dma_addr_t dma_handle)
{
	struct page *page;

	if (dev->dma_mem) {
		dma_release_from_dev_coherent(dev, size, cpu_addr, dma_handle);
		return;
	}
	page = coherent_allocation(dev, size, cpu_addr, dma_handle);
	if (!page)
		return;
	if (page->owner_data)
		unmap_phys_guard(cpu_addr);
	free_allocation(page);
}

/* Ends in tail calls only (__free_pages() of a variable order is one). */
__fast_path void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr,
		       dma_addr_t dma_handle)
{
	unsigned long pfn = dma_handle >> PAGE_SHIFT;
	struct page *page = pfn_to_page(pfn);

	/* The fast path's one test: all of it right, or the general path says what is wrong. */
	if (likely(!dev->dma_mem && !dev->dma_range_map[0].size && pfn_valid(pfn) &&
		   cpu_addr == page_address(page) && page->owner_byte == DMA_COHERENT_OWNER &&
		   !page->owner_data && page->lru.next == (struct list_head *)dev &&
		   page->lru.prev == (struct list_head *)size)) {
		free_allocation(page);
		return;
	}
	free_coherent_general(dev, size, cpu_addr, dma_handle);
}

/* ------------------------------------------------ streaming mappings --- */

dma_addr_t dma_map_page(struct device *dev, struct page *page, size_t offset,
			size_t size, enum dma_data_direction dir)
{
	phys_addr_t phys = page_to_phys(page) + offset;
	dma_addr_t dma_addr = phys_to_dma(dev, phys);

	if (unlikely(!dev->dma_mask || dir == DMA_NONE || !size)) {
		pr_err("DMA-API: %s: dma_map_page of %zu bytes in direction %d refused\n",
		       dev->name, size, dir);
		return DMA_MAPPING_ERROR;
	}
	if (unlikely(is_swiotlb_force_bounce(dev) ||
		     !dma_capable(dev, dma_addr, size, *dev->dma_mask))) {
		dma_addr = swiotlb_map(dev, phys, size, dir);
		if (dma_addr == DMA_MAPPING_ERROR)
			return dma_addr;
	} else if (!dev_is_dma_coherent(dev)) {
		arch_sync_dma_for_device(phys, size, dir);
	}
	if (debug_dma_map(dev, dma_addr, phys, size, dir)) {
		/* No room to remember it: undo, so that no slot leaks. */
		if (is_swiotlb_buffer(dev, dma_to_phys(dev, dma_addr)))
			swiotlb_tbl_unmap_single(dev, dma_to_phys(dev, dma_addr),
						 size, DMA_TO_DEVICE);
		return DMA_MAPPING_ERROR;
	}
	return dma_addr;
}

void dma_unmap_page(struct device *dev, dma_addr_t addr, size_t size,
		    enum dma_data_direction dir)
{
	phys_addr_t phys = dma_to_phys(dev, addr);

	if (debug_dma_unmap(dev, addr, size, dir))
		return;
	if (unlikely(is_swiotlb_buffer(dev, phys))) {
		swiotlb_tbl_unmap_single(dev, phys, size, dir);
		return;
	}
	if (!dev_is_dma_coherent(dev))
		arch_sync_dma_for_cpu(phys, size, dir);
}

dma_addr_t dma_map_single(struct device *dev, void *ptr, size_t size,
			  enum dma_data_direction dir)
{
	if (unlikely(!virt_addr_valid(ptr))) {
		pr_err("DMA-API: %s: device driver maps memory from %s [addr=%p] [len=%zu]\n",
		       dev->name, is_vmalloc_addr(ptr) ? "vmalloc area" : "outside the linear map",
		       ptr, size);
		return DMA_MAPPING_ERROR;
	}
	/* virt_to_phys(), not virt_to_page(): the kernel image's data too. */
	return dma_map_page(dev, pfn_to_page(virt_to_phys(ptr) >> PAGE_SHIFT),
			    (unsigned long)ptr & (PAGE_SIZE - 1), size, dir);
}

void dma_unmap_single(struct device *dev, dma_addr_t addr, size_t size,
		      enum dma_data_direction dir)
{
	dma_unmap_page(dev, addr, size, dir);
}

int dma_map_sg(struct device *dev, struct scatterlist *sgl, int nents,
	       enum dma_data_direction dir)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgl, sg, nents, i) {
		sg->dma_address = dma_map_page(dev, sg_page(sg), sg->offset,
					       sg->length, dir);
		if (dma_mapping_error(dev, sg->dma_address)) {
			dma_unmap_sg(dev, sgl, i, dir);
			sg->dma_length = 0;
			return 0;
		}
		sg->dma_length = sg->length;
	}
	return nents;
}

void dma_unmap_sg(struct device *dev, struct scatterlist *sgl, int nents,
		  enum dma_data_direction dir)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgl, sg, nents, i) {
		dma_unmap_page(dev, sg->dma_address, sg->dma_length, dir);
		sg->dma_length = 0;
	}
}

void dma_sync_single_for_cpu(struct device *dev, dma_addr_t addr, size_t size,
			     enum dma_data_direction dir)
{
	phys_addr_t phys = dma_to_phys(dev, addr);

	if (debug_dma_sync(dev, addr, size, dir))
		return;
	if (unlikely(is_swiotlb_buffer(dev, phys)))
		swiotlb_sync_single_for_cpu(dev, phys, size, dir);
	else if (!dev_is_dma_coherent(dev))
		arch_sync_dma_for_cpu(phys, size, dir);
}

void dma_sync_single_for_device(struct device *dev, dma_addr_t addr,
				size_t size, enum dma_data_direction dir)
{
	phys_addr_t phys = dma_to_phys(dev, addr);

	if (debug_dma_sync(dev, addr, size, dir))
		return;
	if (unlikely(is_swiotlb_buffer(dev, phys)))
		swiotlb_sync_single_for_device(dev, phys, size, dir);
	else if (!dev_is_dma_coherent(dev))
		arch_sync_dma_for_device(phys, size, dir);
}

void dma_sync_sg_for_cpu(struct device *dev, struct scatterlist *sgl, int nents,
			 enum dma_data_direction dir)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgl, sg, nents, i)
		dma_sync_single_for_cpu(dev, sg->dma_address, sg->dma_length, dir);
}

void dma_sync_sg_for_device(struct device *dev, struct scatterlist *sgl,
			    int nents, enum dma_data_direction dir)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgl, sg, nents, i)
		dma_sync_single_for_device(dev, sg->dma_address, sg->dma_length, dir);
}
