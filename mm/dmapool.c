// SPDX-License-Identifier: MIT
/*
 * DOC: mm/dmapool.c - small coherent blocks (mm/dmapool.h)
 *
 * Linux 6.4's design rather than 6.1's page walk: every free block, in
 * any buffer, is on one list threaded through the blocks themselves
 * (struct dma_block: the next free block and the block's own handle), so
 * alloc and free are a pop and a push under the pool's lock and never
 * look for the buffer a block came from. The buffers are listed only so
 * that dma_pool_destroy() can free them.
 *
 * The debug build poisons free blocks (POOL_POISON_FREED) and checks on
 * free that the block is the pool's and not free already; it walks the
 * buffers and the free list to do so, which the release build does not.
 * The fast paths only try the lock, so that they need no stack frame
 * (about 20 instructions a pair); a busy lock sends them the slow way.
 */
#include "mm/dmapool.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "lib/list.h"
#include "lib/string.h"
#include "mm/slab.h"

#define POOL_POISON_FREED 0xa7	/* Linux's: a free block's bytes */
#define POOL_MIN_BLOCK 16	/* a struct dma_block */

/* What a free block holds. */
struct dma_block {
	struct dma_block *next_block;
	dma_addr_t dma;
};

/* One coherent buffer the pool carved into blocks. */
struct dma_page {
	struct list_head page_list;
	void *vaddr;
	dma_addr_t dma;
};

/**
 * struct dma_pool - a pool (Linux's name).
 * @next_block: the first free block, or NULL.
 * @lock: guards the free list, the counts and @page_list.
 * @nr_blocks: blocks in all buffers (those out are @nr_blocks less the
 *	free list's length: no count on the fast paths).
 * @page_list: the buffers.
 * @dev: the device.
 * @size: bytes a block (rounded up to @align).
 * @allocation: bytes a buffer.
 * @boundary: no block crosses a multiple of it (within a buffer).
 * @name: for messages.
 */
struct dma_pool {
	struct dma_block *next_block;
	spinlock_t lock;
	unsigned long nr_blocks;
	struct list_head page_list;
	struct device *dev;
	size_t size;
	size_t allocation;
	size_t boundary;
	const char *name;
};

static bool is_power_of_2(size_t n)
{
	return n && !(n & (n - 1));
}

struct dma_pool *dma_pool_create(const char *name, struct device *dev,
				 size_t size, size_t align, size_t boundary)
{
	struct dma_pool *pool;

	if (!align)
		align = POOL_MIN_BLOCK;
	if (!size || !is_power_of_2(align) || (boundary && !is_power_of_2(boundary))) {
		pr_err("dma_pool_create %s: size %zu, align %zu, boundary %zu: refused\n",
		       name, size, align, boundary);
		return NULL;
	}
	size = ALIGN_UP(max(size, (size_t)POOL_MIN_BLOCK), max(align, (size_t)POOL_MIN_BLOCK));
	if (boundary && boundary < size) {
		pr_err("dma_pool_create %s: blocks of %zu bytes cross boundary %zu: refused\n",
		       name, size, boundary);
		return NULL;
	}
	pool = kzalloc(sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return NULL;
	pool->lock = (spinlock_t)SPINLOCK_INIT;
	INIT_LIST_HEAD(&pool->page_list);
	pool->dev = dev;
	pool->size = size;
	pool->allocation = max(size, (size_t)PAGE_SIZE);
	pool->boundary = boundary ? min(boundary, pool->allocation) : pool->allocation;
	pool->name = name;
	return pool;
}

/*
 * Carves @page into blocks and puts them on @pool's free list; Returns
 * the number of blocks. Under @pool->lock.
 */
static unsigned long pool_add_page(struct dma_pool *pool, struct dma_page *page)
{
	size_t next_boundary = pool->boundary, offset = 0;
	unsigned long blocks = 0;
	struct dma_block **link = &pool->next_block;
	struct dma_block *rest = pool->next_block;

	while (offset + pool->size <= pool->allocation) {
		struct dma_block *block = (struct dma_block *)((char *)page->vaddr + offset);

		if (offset + pool->size > next_boundary) {
			offset = next_boundary;
			next_boundary += pool->boundary;
			continue;
		}
		if (TERN_DEBUG)
			memset(block, POOL_POISON_FREED, pool->size);
		block->dma = page->dma + offset;
		*link = block;
		link = &block->next_block;
		offset += pool->size;
		blocks++;
	}
	*link = rest;
	list_add(&page->page_list, &pool->page_list);
	pool->nr_blocks += blocks;
	return blocks;
}

/* Gives @pool one more buffer of blocks; Returns 0 or -ENOMEM. */
static int pool_grow(struct dma_pool *pool, gfp_t mem_flags)
{
	struct dma_page *page = kmalloc(sizeof(*page), mem_flags & ~__GFP_ZERO);
	unsigned long flags;

	if (!page)
		return -ENOMEM;
	page->vaddr = dma_alloc_coherent(pool->dev, pool->allocation, &page->dma,
					 mem_flags & ~__GFP_ZERO);
	if (!page->vaddr) {
		kfree(page);
		return -ENOMEM;
	}
	spin_lock_irqsave(&pool->lock, flags);
	pool_add_page(pool, page);
	spin_unlock_irqrestore(&pool->lock, flags);
	return 0;
}

/* Pops the first free block of @pool, or Returns NULL if there is none. */
static inline struct dma_block *pool_take_block(struct dma_pool *pool)
{
	struct dma_block *block;
	unsigned long flags;

	spin_lock_irqsave(&pool->lock, flags);
	block = pool->next_block;
	if (likely(block))
		pool->next_block = block->next_block;
	spin_unlock_irqrestore(&pool->lock, flags);
	return block;
}

/* Hands out @block: its handle into *@handle, zeroed if asked. */
static inline void *pool_give_block(struct dma_pool *pool, struct dma_block *block,
				    gfp_t mem_flags, dma_addr_t *handle)
{
	*handle = block->dma;
	if (mem_flags & __GFP_ZERO)
		return memset(block, 0, pool->size);	/* a tail call */
	return block;
}

/*
 * dma_pool_alloc() when the lock was busy or the free list empty: wait
 * for the lock, and grow the pool until a block is left for this hart.
 */
static __attribute__((noinline)) void *pool_alloc_slow(struct dma_pool *pool, gfp_t mem_flags,
						       dma_addr_t *handle)
{
	struct dma_block *block;

	while (!(block = pool_take_block(pool)))
		if (pool_grow(pool, mem_flags))
			return NULL;
	return pool_give_block(pool, block, mem_flags, handle);
}

/*
 * The fast path takes the lock only if it is free, so that it calls
 * nothing but in tail position and needs no frame of its own.
 */
__fast_path void *dma_pool_alloc(struct dma_pool *pool, gfp_t mem_flags, dma_addr_t *handle)
{
	unsigned long flags = arch_local_irq_save();
	struct dma_block *block;

	if (unlikely(!spin_trylock(&pool->lock))) {
		arch_local_irq_restore(flags);
		return pool_alloc_slow(pool, mem_flags, handle);
	}
	block = pool->next_block;
	if (likely(block))
		pool->next_block = block->next_block;
	spin_unlock_irqrestore(&pool->lock, flags);
	if (unlikely(!block))
		return pool_alloc_slow(pool, mem_flags, handle);
	return pool_give_block(pool, block, mem_flags, handle);
}

/*
 * Returns why freeing @vaddr with @dma to @pool is wrong, or NULL if it
 * is right: a block of one of its buffers, with its own handle, not free.
 * Under @pool->lock.
 */
static const char *pool_free_problem(struct dma_pool *pool, void *vaddr, dma_addr_t dma)
{
	const struct dma_page *page;
	const struct dma_block *block;

	list_for_each_entry(page, &pool->page_list, page_list) {
		size_t offset = (size_t)((char *)vaddr - (char *)page->vaddr);

		if ((char *)vaddr < (char *)page->vaddr || offset >= pool->allocation)
			continue;
		if (page->dma + offset != dma)
			return "handle is not the block's";
		for (block = pool->next_block; block; block = block->next_block)
			if (block == vaddr)
				return "block is free already";
		return offset % pool->boundary % pool->size ? "not the start of a block" : NULL;
	}
	return "not a block of this pool";
}

/* Puts @block, whose handle is @dma, first on the free list; under the lock. */
static inline void pool_push_block(struct dma_pool *pool, struct dma_block *block,
				   dma_addr_t dma)
{
	block->dma = dma;
	block->next_block = pool->next_block;
	pool->next_block = block;
}

/*
 * dma_pool_free() when the lock was busy, and in the debug build always:
 * there checked and poisoned, and refused if wrong.
 */
static __attribute__((noinline)) void pool_free_slow(struct dma_pool *pool, void *vaddr,
						     dma_addr_t dma)
{
	const char *problem = NULL;
	unsigned long flags;

	spin_lock_irqsave(&pool->lock, flags);
	if (TERN_DEBUG)
		problem = pool_free_problem(pool, vaddr, dma);
	if (!problem) {
		if (TERN_DEBUG)
			memset(vaddr, POOL_POISON_FREED, pool->size);
		pool_push_block(pool, vaddr, dma);
	}
	spin_unlock_irqrestore(&pool->lock, flags);
	if (problem)
		pr_err("dma_pool_free %s, %p/%#llx: %s; not freed\n", pool->name,
		       vaddr, (unsigned long long)dma, problem);
}

/* As dma_pool_alloc(): the lock only if it is free, no frame. */
__fast_path void dma_pool_free(struct dma_pool *pool, void *vaddr, dma_addr_t dma)
{
	unsigned long flags;

	if (TERN_DEBUG) {
		pool_free_slow(pool, vaddr, dma);
		return;
	}
	flags = arch_local_irq_save();
	if (unlikely(!spin_trylock(&pool->lock))) {
		arch_local_irq_restore(flags);
		pool_free_slow(pool, vaddr, dma);
		return;
	}
	pool_push_block(pool, vaddr, dma);
	spin_unlock_irqrestore(&pool->lock, flags);
}

void dma_pool_destroy(struct dma_pool *pool)
{
	struct dma_page *page, *next;
	unsigned long busy;

	if (!pool)
		return;
	busy = pool->nr_blocks;
	for (const struct dma_block *block = pool->next_block; block; block = block->next_block)
		busy--;
	if (busy) {
		pr_err("dma_pool_destroy %s, %lu blocks busy: buffers kept\n",
		       pool->name, busy);
		kfree(pool);
		return;
	}
	list_for_each_entry_safe(page, next, &pool->page_list, page_list) {
		dma_free_coherent(pool->dev, pool->allocation, page->vaddr, page->dma);
		kfree(page);
	}
	kfree(pool);
}
