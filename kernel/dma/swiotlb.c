// SPDX-License-Identifier: MIT
/*
 * DOC: kernel/dma/swiotlb.c - the bounce buffer (kernel/dma/swiotlb.h)
 *
 * One buffer, one lock: a mapping takes the first run of free slabs at
 * or after the last one handed out (next fit, wrapping, as Linux's
 * index), inside one segment and page aligned when it is a page or more.
 * Each slab remembers the original address of its bytes (Linux's
 * io_tlb_slot.orig_addr) and the first slab of a mapping its size, so
 * unmap and sync need only the slot's address.
 */
#define pr_fmt(fmt) "software IO TLB: " fmt

#include "kernel/dma/swiotlb.h"
#include "kernel/cmdline.h"
#include "kernel/dma/map_ops.h"
#include "kernel/printk.h"
#include "kernel/ratelimit.h"
#include "kernel/spinlock.h"
#include "kernel/vfs.h"
#include "lib/string.h"
#include "mm/memblock.h"
#include "mm/slab.h"


#define INVALID_PHYS_ADDR (~(phys_addr_t)0)

/**
 * struct io_tlb_slot - one slab.
 * @orig_addr: the original byte this slab's first byte stands for, or
 *	INVALID_PHYS_ADDR while free.
 * @alloc_size: on a mapping's first slab, its bytes; else 0.
 */
struct io_tlb_slot {
	phys_addr_t orig_addr;
	size_t alloc_size;
};

/**
 * struct io_tlb_mem - the buffer (Linux's name).
 * @start: its first physical byte; @end one past the last.
 * @nslabs: slabs in it; 0: there is no buffer.
 * @used: slabs mapped now; @used_hiwater the most there ever were.
 * @index: where the next search starts.
 * @force_bounce: swiotlb=force.
 * @lock: guards the slots and the counts.
 * @slots: one per slab.
 */
struct io_tlb_mem {
	phys_addr_t start, end;
	unsigned long nslabs;
	unsigned long used, used_hiwater;
	unsigned long index;
	bool force_bounce;
	spinlock_t lock;
	struct io_tlb_slot *slots;
};

static struct io_tlb_mem io_tlb_default_mem = { .lock = SPINLOCK_INIT };
static unsigned long default_nslabs = IO_TLB_DEFAULT_SIZE >> IO_TLB_SHIFT;
static bool swiotlb_force_disable;

int swiotlb_setup(const char *value, void *arg)
{
	const char *mode = value ? strchr(value, ',') : NULL;
	char number[24];
	unsigned long nslabs;
	size_t len;

	if (!value)
		goto bad;
	len = mode ? (size_t)(mode - value) : strlen(value);
	if (len) {
		if (len >= sizeof(number))
			goto bad;
		memcpy(number, value, len);
		number[len] = '\0';
		if (parse_ulong(number, 0, &nslabs) || !nslabs)
			goto bad;
		default_nslabs = ALIGN_UP(nslabs, IO_TLB_SEGSIZE);
	}
	if (mode && !strcmp(mode + 1, "force"))
		io_tlb_default_mem.force_bounce = true;
	else if (mode && !strcmp(mode + 1, "noforce"))
		swiotlb_force_disable = true;
	else if (mode)
		goto bad;
	return 0;
bad:
	/* In the parser's words, without this file's prefix. */
	printk(KERN_ERR "cmdline: swiotlb=%s: expected <slabs>[,force|noforce]\n",
	       value ? value : "");
	return -EINVAL;
}

/* Takes @nslabs of slabs at @start, with @slots for them, as the buffer. */
static void io_tlb_mem_init(struct io_tlb_mem *mem, phys_addr_t start,
			    unsigned long nslabs, struct io_tlb_slot *slots)
{
	for (unsigned long i = 0; i < nslabs; i++)
		slots[i] = (struct io_tlb_slot){ INVALID_PHYS_ADDR, 0 };
	mem->slots = slots;
	mem->start = start;
	mem->end = start + (nslabs << IO_TLB_SHIFT);
	mem->index = 0;
	mem->used = mem->used_hiwater = 0;
	WRITE_ONCE(mem->nslabs, nslabs);
	pr_info("mapped [mem %#018llx-%#018llx] (%luMB)\n",
		(unsigned long long)mem->start, (unsigned long long)mem->end,
		(nslabs << IO_TLB_SHIFT) >> 20);
}

void swiotlb_init(bool addressing_limit)
{
	unsigned long bytes = default_nslabs << IO_TLB_SHIFT;
	struct io_tlb_slot *slots;
	phys_addr_t start;

	if (swiotlb_force_disable ||
	    (!addressing_limit && !io_tlb_default_mem.force_bounce))
		return;
	start = memblock_alloc_range_nid(bytes, PAGE_SIZE, 0, DMA_BIT_MASK(32) + 1,
					 NUMA_NO_NODE, false);
	slots = start ? memblock_alloc(default_nslabs * sizeof(*slots), 8) : NULL;
	if (!slots) {
		if (start)
			memblock_phys_free(start, bytes);
		pr_warn("Cannot allocate buffer of %lu bytes below 4 GiB: no bouncing\n",
			bytes);
		return;
	}
	io_tlb_mem_init(&io_tlb_default_mem, start, default_nslabs, slots);
}

int swiotlb_init_late(size_t size, gfp_t gfp)
{
	unsigned long nslabs = ALIGN_UP(size >> IO_TLB_SHIFT, IO_TLB_SEGSIZE);
	unsigned int order = 0;
	struct io_tlb_slot *slots;
	struct page *page;

	if (io_tlb_default_mem.nslabs)
		return -EBUSY;
	while ((PAGE_SIZE << order) < (nslabs << IO_TLB_SHIFT))
		order++;
	if (order >= MAX_ORDER)
		return -ENOMEM;
	slots = kcalloc(nslabs, sizeof(*slots), gfp);
	page = slots ? alloc_pages(gfp | __GFP_DMA32, order) : NULL;
	if (!page) {
		kfree(slots);
		return -ENOMEM;
	}
	io_tlb_mem_init(&io_tlb_default_mem, page_to_phys(page), nslabs, slots);
	return 0;
}

bool is_swiotlb_buffer(struct device *dev, phys_addr_t paddr)
{
	const struct io_tlb_mem *mem = &io_tlb_default_mem;

	return paddr >= mem->start && paddr < mem->end;
}

bool is_swiotlb_force_bounce(struct device *dev)
{
	return io_tlb_default_mem.force_bounce && io_tlb_default_mem.nslabs;
}

bool swiotlb_reachable(struct device *dev, u64 mask)
{
	const struct io_tlb_mem *mem = &io_tlb_default_mem;

	return mem->nslabs &&
	       dma_capable(dev, phys_to_dma(dev, mem->start), mem->end - mem->start, mask);
}

/*
 * Copies between the original bytes and the slot at @tlb_addr: towards
 * the slot for DMA_TO_DEVICE, out of it for DMA_FROM_DEVICE.
 */
static void swiotlb_bounce(struct io_tlb_mem *mem, phys_addr_t tlb_addr,
			   size_t size, enum dma_data_direction dir)
{
	unsigned long index = (tlb_addr - mem->start) >> IO_TLB_SHIFT;
	phys_addr_t orig = mem->slots[index].orig_addr +
			   ((tlb_addr - mem->start) & (IO_TLB_SIZE - 1));

	if (dir == DMA_TO_DEVICE)
		memcpy(phys_to_virt(tlb_addr), phys_to_virt(orig), size);
	else
		memcpy(phys_to_virt(orig), phys_to_virt(tlb_addr), size);
}

/* Returns true if slabs [@i, @i + @n) are free and in one segment. */
static bool slabs_free(const struct io_tlb_mem *mem, unsigned long i, unsigned long n)
{
	if (i + n > mem->nslabs || i / IO_TLB_SEGSIZE != (i + n - 1) / IO_TLB_SEGSIZE)
		return false;
	for (unsigned long j = i; j < i + n; j++)
		if (mem->slots[j].orig_addr != INVALID_PHYS_ADDR)
			return false;
	return true;
}

/*
 * Takes slabs for @size bytes standing for @orig; Returns the first one's
 * index, or -1 when no run is free. Under @mem->lock.
 */
static long find_slots(struct io_tlb_mem *mem, phys_addr_t orig, size_t size)
{
	unsigned long n = DIV_ROUND_UP(size, IO_TLB_SIZE);
	unsigned long stride = size >= PAGE_SIZE ? PAGE_SIZE / IO_TLB_SIZE : 1;
	unsigned long start = ALIGN_UP(mem->index, stride) % mem->nslabs;
	unsigned long i = start;

	do {
		if (slabs_free(mem, i, n)) {
			for (unsigned long j = 0; j < n; j++)
				mem->slots[i + j] = (struct io_tlb_slot){
					orig + j * IO_TLB_SIZE, 0 };
			mem->slots[i].alloc_size = size;
			mem->index = (i + n) % mem->nslabs;
			mem->used += n;
			if (mem->used > mem->used_hiwater)
				mem->used_hiwater = mem->used;
			return (long)i;
		}
		i = (i + stride) % mem->nslabs;
	} while (i != start);
	return -1;
}

dma_addr_t swiotlb_map(struct device *dev, phys_addr_t phys, size_t size,
		       enum dma_data_direction dir)
{
	static DEFINE_RATELIMIT_STATE(full_rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);
	struct io_tlb_mem *mem = &io_tlb_default_mem;
	unsigned long flags;
	phys_addr_t tlb_addr;
	dma_addr_t dma_addr;
	long index = -1;

	if (!mem->nslabs) {
		pr_err("%s: DMA addr %#llx+%zu overflow (mask %llx, bus limit %llx): no bounce buffer\n",
		       dev->name, (unsigned long long)phys_to_dma(dev, phys), size,
		       (unsigned long long)*dev->dma_mask,
		       (unsigned long long)dev->bus_dma_limit);
		return DMA_MAPPING_ERROR;
	}
	if (size <= IO_TLB_SEGSIZE * IO_TLB_SIZE) {
		spin_lock_irqsave(&mem->lock, flags);
		index = find_slots(mem, phys & ~(IO_TLB_SIZE - 1), size + (phys & (IO_TLB_SIZE - 1)));
		spin_unlock_irqrestore(&mem->lock, flags);
	}
	if (index < 0) {
		if (__ratelimit(&full_rs))
			pr_warn("%s: swiotlb buffer is full (sz: %zd bytes), total %lu (slots), used %lu (slots)\n",
				dev->name, size, mem->nslabs, READ_ONCE(mem->used));
		return DMA_MAPPING_ERROR;
	}
	tlb_addr = mem->start + ((phys_addr_t)index << IO_TLB_SHIFT) +
		   (phys & (IO_TLB_SIZE - 1));
	dma_addr = phys_to_dma(dev, tlb_addr);
	if (!dma_capable(dev, dma_addr, size, *dev->dma_mask)) {
		swiotlb_tbl_unmap_single(dev, tlb_addr, size, DMA_TO_DEVICE);
		pr_err("%s: swiotlb addr %#llx+%zu overflow (mask %llx, bus limit %llx)\n",
		       dev->name, (unsigned long long)dma_addr, size,
		       (unsigned long long)*dev->dma_mask,
		       (unsigned long long)dev->bus_dma_limit);
		return DMA_MAPPING_ERROR;
	}
	swiotlb_bounce(mem, tlb_addr, size, DMA_TO_DEVICE);
	if (!dev_is_dma_coherent(dev))
		arch_sync_dma_for_device(tlb_addr, size, dir);
	return dma_addr;
}

void swiotlb_tbl_unmap_single(struct device *dev, phys_addr_t tlb_addr,
			      size_t mapping_size, enum dma_data_direction dir)
{
	struct io_tlb_mem *mem = &io_tlb_default_mem;
	unsigned long index = (tlb_addr - mem->start) >> IO_TLB_SHIFT;
	unsigned long flags, n;

	swiotlb_sync_single_for_cpu(dev, tlb_addr, mapping_size, dir);
	spin_lock_irqsave(&mem->lock, flags);
	n = DIV_ROUND_UP(mem->slots[index].alloc_size, IO_TLB_SIZE);
	for (unsigned long j = index; j < index + n; j++)
		mem->slots[j] = (struct io_tlb_slot){ INVALID_PHYS_ADDR, 0 };
	mem->used -= n;
	spin_unlock_irqrestore(&mem->lock, flags);
}

void swiotlb_sync_single_for_device(struct device *dev, phys_addr_t tlb_addr,
				    size_t size, enum dma_data_direction dir)
{
	if (dir == DMA_TO_DEVICE || dir == DMA_BIDIRECTIONAL)
		swiotlb_bounce(&io_tlb_default_mem, tlb_addr, size, DMA_TO_DEVICE);
	if (!dev_is_dma_coherent(dev))
		arch_sync_dma_for_device(tlb_addr, size, dir);
}

void swiotlb_sync_single_for_cpu(struct device *dev, phys_addr_t tlb_addr,
				 size_t size, enum dma_data_direction dir)
{
	if (!dev_is_dma_coherent(dev))
		arch_sync_dma_for_cpu(tlb_addr, size, dir);
	if (dir == DMA_FROM_DEVICE || dir == DMA_BIDIRECTIONAL)
		swiotlb_bounce(&io_tlb_default_mem, tlb_addr, size, DMA_FROM_DEVICE);
}

/* Prints one count of the buffer, named by @data. */
static int io_tlb_count_show(struct seq_buf *m, void *data)
{
	const unsigned long *count = data;

	seq_printf(m, "%lu\n", READ_ONCE(*count));
	return 0;
}

static const struct vfs_file_ops io_tlb_count_ops = { .show = io_tlb_count_show };

int swiotlb_register_files(void)
{
	struct io_tlb_mem *mem = &io_tlb_default_mem;
	int err;

	if (!mem->nslabs)
		return 0;
	err = vfs_register("/sys/kernel/debug/swiotlb/io_tlb_nslabs",
			   &io_tlb_count_ops, &mem->nslabs);
	if (!err)
		err = vfs_register("/sys/kernel/debug/swiotlb/io_tlb_used",
				   &io_tlb_count_ops, &mem->used);
	if (!err)
		err = vfs_register("/sys/kernel/debug/swiotlb/io_tlb_used_hiwater",
				   &io_tlb_count_ops, &mem->used_hiwater);
	return err;
}
