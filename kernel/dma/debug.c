// SPDX-License-Identifier: MIT
/*
 * DOC: kernel/dma/debug.c - the table of live streaming mappings
 *
 * Linux's dma-debug layout: buckets of entries hashed by bus address >> 13
 * (8 KiB of bus addresses a bucket), one lock a bucket. An unmap finds
 * its entry in one bucket; a sync may name an address inside a mapping,
 * so it also looks back through the buckets a mapping as large as the
 * largest seen so far could start in.
 */
#include "kernel/dma/debug.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "mm/slab.h"

#define HASH_SIZE 1024
#define HASH_FN_SHIFT 13

/**
 * struct dma_debug_entry - one live mapping.
 * @next: in its bucket.
 * @dev: the device it is for.
 * @dma_addr: its handle.
 * @phys: the mapped memory's physical address (before any bouncing).
 * @size: its bytes.
 * @dir: its direction.
 */
struct dma_debug_entry {
	struct dma_debug_entry *next;
	struct device *dev;
	dma_addr_t dma_addr;
	phys_addr_t phys;
	size_t size;
	enum dma_data_direction dir;
};

struct hash_bucket {
	spinlock_t lock;
	struct dma_debug_entry *list;
};

static struct hash_bucket dma_entry_hash[HASH_SIZE];
static size_t largest_mapping;	/* bytes; only grows */

static const char *const dir2name[] = { "DMA_BIDIRECTIONAL", "DMA_TO_DEVICE",
					"DMA_FROM_DEVICE", "DMA_NONE" };

static struct hash_bucket *bucket_of(dma_addr_t dma_addr)
{
	return &dma_entry_hash[(dma_addr >> HASH_FN_SHIFT) % HASH_SIZE];
}

/* Raises largest_mapping to @size if it is larger. */
static void note_size(size_t size)
{
	size_t seen = __atomic_load_n(&largest_mapping, __ATOMIC_RELAXED);

	while (size > seen &&
	       !__atomic_compare_exchange_n(&largest_mapping, &seen, size, false,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

int debug_dma_map(struct device *dev, dma_addr_t dma_addr, phys_addr_t phys,
		  size_t size, enum dma_data_direction dir)
{
	struct dma_debug_entry *entry = kmalloc(sizeof(*entry), GFP_ATOMIC | __GFP_NOWARN);
	struct hash_bucket *bucket = bucket_of(dma_addr);
	unsigned long flags;

	if (!entry) {
		pr_err("DMA-API: %s: no memory to track a mapping of %zu bytes: refused\n",
		       dev->name, size);
		return -ENOMEM;
	}
	*entry = (struct dma_debug_entry){ NULL, dev, dma_addr, phys, size, dir };
	note_size(size);
	spin_lock_irqsave(&bucket->lock, flags);
	entry->next = bucket->list;
	bucket->list = entry;
	spin_unlock_irqrestore(&bucket->lock, flags);
	return 0;
}

int debug_dma_unmap(struct device *dev, dma_addr_t dma_addr, size_t size,
		    enum dma_data_direction dir)
{
	struct hash_bucket *bucket = bucket_of(dma_addr);
	struct dma_debug_entry **link, *entry;
	unsigned long flags;

	if (dma_addr == DMA_MAPPING_ERROR) {
		pr_err("DMA-API: %s: device driver tries to free an invalid DMA memory address\n",
		       dev->name);
		return -EINVAL;
	}
	spin_lock_irqsave(&bucket->lock, flags);
	for (link = &bucket->list; (entry = *link); link = &entry->next)
		if (entry->dev == dev && entry->dma_addr == dma_addr)
			break;
	if (entry && entry->size == size && entry->dir == dir)
		*link = entry->next;
	spin_unlock_irqrestore(&bucket->lock, flags);

	if (!entry) {
		pr_err("DMA-API: %s: device driver tries to free DMA memory it has not allocated [device address=%#018llx] [size=%zu bytes]\n",
		       dev->name, (unsigned long long)dma_addr, size);
		return -EINVAL;
	}
	if (entry->size != size) {
		pr_err("DMA-API: %s: device driver frees DMA memory with different size [device address=%#018llx] [map size=%zu bytes] [unmap size=%zu bytes]\n",
		       dev->name, (unsigned long long)dma_addr, entry->size, size);
		return -EINVAL;
	}
	if (entry->dir != dir) {
		pr_err("DMA-API: %s: device driver frees DMA memory with different direction [device address=%#018llx] [size=%zu bytes] [mapped with %s] [unmapped with %s]\n",
		       dev->name, (unsigned long long)dma_addr, size,
		       dir2name[entry->dir], dir2name[dir & 3]);
		return -EINVAL;
	}
	kfree(entry);
	return 0;
}

/*
 * Returns true if @dev has a live mapping holding [@dma_addr, +@size) in
 * @bucket, and sets *@dir to its direction.
 */
static bool bucket_holds(struct hash_bucket *bucket, struct device *dev,
			 dma_addr_t dma_addr, size_t size,
			 enum dma_data_direction *dir)
{
	const struct dma_debug_entry *entry;
	unsigned long flags;
	bool found = false;

	spin_lock_irqsave(&bucket->lock, flags);
	for (entry = bucket->list; entry && !found; entry = entry->next) {
		found = entry->dev == dev && dma_addr >= entry->dma_addr &&
			dma_addr - entry->dma_addr + size <= entry->size;
		*dir = entry->dir;
	}
	spin_unlock_irqrestore(&bucket->lock, flags);
	return found;
}

int debug_dma_sync(struct device *dev, dma_addr_t dma_addr, size_t size,
		   enum dma_data_direction dir)
{
	size_t reach = __atomic_load_n(&largest_mapping, __ATOMIC_RELAXED);
	unsigned long buckets = min((reach >> HASH_FN_SHIFT) + 2, (size_t)HASH_SIZE);
	enum dma_data_direction mapped = DMA_NONE;
	bool found = false;

	for (unsigned long i = 0; i < buckets && !found; i++) {
		dma_addr_t probe = dma_addr - ((dma_addr_t)i << HASH_FN_SHIFT);

		if (probe > dma_addr)
			break;		/* below bus address 0 */
		found = bucket_holds(bucket_of(probe), dev, dma_addr, size, &mapped);
	}
	if (!found) {
		pr_err("DMA-API: %s: device driver tries to sync DMA memory it has not allocated [device address=%#018llx] [size=%zu bytes]\n",
		       dev->name, (unsigned long long)dma_addr, size);
		return -EINVAL;
	}
	if (mapped != DMA_BIDIRECTIONAL && mapped != dir) {
		pr_err("DMA-API: %s: device driver syncs DMA memory with different direction [device address=%#018llx] [size=%zu bytes] [mapped with %s] [synced with %s]\n",
		       dev->name, (unsigned long long)dma_addr, size,
		       dir2name[mapped], dir2name[dir & 3]);
		return -EINVAL;
	}
	return 0;
}

unsigned long debug_dma_mappings(const struct device *dev)
{
	unsigned long count = 0;

	for (unsigned int i = 0; i < HASH_SIZE; i++) {
		struct hash_bucket *bucket = &dma_entry_hash[i];
		const struct dma_debug_entry *entry;
		unsigned long flags;

		spin_lock_irqsave(&bucket->lock, flags);
		for (entry = bucket->list; entry; entry = entry->next)
			count += !dev || entry->dev == dev;
		spin_unlock_irqrestore(&bucket->lock, flags);
	}
	return count;
}
