/* SPDX-License-Identifier: MIT */
/*
 * mm/mempool.h - memory pools: a reserve of preallocated elements that an
 * allocation falls back on when the allocator underneath fails, with
 * Linux's names and semantics (Linux 6.1 include/linux/mempool.h).
 *
 * One difference: Linux's mempool_alloc() with __GFP_DIRECT_RECLAIM waits
 * for an element to come back and so never fails; tern never sleeps, so
 * it returns NULL when the allocator fails and the reserve is empty.
 * mm/mempool.c says why and what a caller does about it.
 */
#ifndef TERN_MM_MEMPOOL_H
#define TERN_MM_MEMPOOL_H

#include "kernel/spinlock.h"
#include "kernel/types.h"
#include "mm/gfp.h"

struct kmem_cache;

typedef void *(mempool_alloc_t)(gfp_t gfp_mask, void *pool_data);
typedef void (mempool_free_t)(void *element, void *pool_data);

/**
 * struct mempool - a reserve of elements in front of an allocator.
 * @lock: guards @curr_nr, @elements and @min_nr; taken with interrupts
 * off, as the pool may be used from interrupt context.
 * @min_nr: the reserve's target size: a free tops it up to this.
 * @curr_nr: elements in the reserve now, 0..@min_nr.
 * @elements: the reserve, a stack; room for at least @min_nr.
 * @pool_data: handed to @alloc and @free (a cache, a size, an order).
 * @alloc: makes one element, or returns NULL.
 * @free: gives one element back to the allocator.
 */
typedef struct mempool {
	spinlock_t lock;
	int min_nr;
	int curr_nr;
	void **elements;
	void *pool_data;
	mempool_alloc_t *alloc;
	mempool_free_t *free;
} mempool_t;

/* Return: true once mempool_init() has succeeded on @pool (and until exit). */
static inline bool mempool_initialized(mempool_t *pool)
{
	return pool->elements != NULL;
}

/* Return: true if the reserve holds @min_nr elements (a hint under races). */
static inline bool mempool_is_saturated(mempool_t *pool)
{
	return READ_ONCE(pool->curr_nr) >= READ_ONCE(pool->min_nr);
}

/**
 * mempool_init_node() - set up a pool in memory the caller owns.
 * @pool: the pool, uninitialised.
 * @min_nr: elements to reserve, >= 0.
 * @alloc_fn: makes one element; also called with @gfp_mask to fill the reserve.
 * @free_fn: gives one element back.
 * @pool_data: the second argument of @alloc_fn and @free_fn.
 * @gfp_mask: for the reserve's array and its elements.
 * @node_id: the node of the reserve's array (NUMA_NO_NODE: local).
 * Return: 0, or -ENOMEM (nothing left allocated) if the reserve could not
 * be filled, -EINVAL if @min_nr is negative.
 */
int mempool_init_node(mempool_t *pool, int min_nr, mempool_alloc_t *alloc_fn,
		      mempool_free_t *free_fn, void *pool_data, gfp_t gfp_mask,
		      int node_id);
/* mempool_init_node() with GFP_KERNEL on the local node. Return: the same. */
int mempool_init(mempool_t *pool, int min_nr, mempool_alloc_t *alloc_fn,
		 mempool_free_t *free_fn, void *pool_data);
/* Frees the reserve of a pool from mempool_init(); the pool struct stays. */
void mempool_exit(mempool_t *pool);

/**
 * mempool_create_node() - allocate and fill a pool.
 * Arguments as mempool_init_node(); the pool struct goes on @node_id too.
 * Return: the pool, or NULL if memory is short or @min_nr is negative.
 */
mempool_t *mempool_create_node(int min_nr, mempool_alloc_t *alloc_fn,
			       mempool_free_t *free_fn, void *pool_data,
			       gfp_t gfp_mask, int node_id);
/* mempool_create_node() with GFP_KERNEL on the local node. Return: the same. */
mempool_t *mempool_create(int min_nr, mempool_alloc_t *alloc_fn,
			  mempool_free_t *free_fn, void *pool_data);
/* Frees the reserve's elements and the pool; NULL is a no-op. */
void mempool_destroy(mempool_t *pool);

/**
 * mempool_resize() - change the reserve's target size to @new_min_nr.
 * Growing allocates the new elements (GFP_KERNEL, so not from interrupt
 * context) before changing anything; shrinking frees reserve elements
 * beyond @new_min_nr.
 * Return: 0; -ENOMEM with the pool as it was; -EINVAL for a negative size.
 */
int mempool_resize(mempool_t *pool, int new_min_nr);

/**
 * mempool_alloc() - an element from the allocator, else from the reserve.
 * @gfp_mask: as for the allocator. __GFP_ZERO is dropped with a warning
 * (Linux warns too): a reserve element is not zeroed, so the flag could
 * only work sometimes.
 * Return: an element, or NULL when the allocator failed and the reserve
 * is empty (Linux would wait here; see mm/mempool.c).
 */
void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask);
/* Refills the reserve with @element if below min_nr, else frees it; NULL: no-op. */
void mempool_free(void *element, mempool_t *pool);

/*
 * The element helpers Linux exports, for pools made by hand with
 * mempool_create(): each alloc helper returns an element or NULL, each
 * free helper gives one back.
 */
/* Element helpers: pool_data is a struct kmem_cache *. */
void *mempool_alloc_slab(gfp_t gfp_mask, void *pool_data);
void mempool_free_slab(void *element, void *pool_data);
/* Element helpers: pool_data is the size in bytes, (void *)(size_t)size. */
void *mempool_kmalloc(gfp_t gfp_mask, void *pool_data);
void mempool_kfree(void *element, void *pool_data);
/* Element helpers: pool_data is the order, (void *)(long)order; elements are struct page *. */
void *mempool_alloc_pages(gfp_t gfp_mask, void *pool_data);
void mempool_free_pages(void *element, void *pool_data);

/* Return: a pool of @min_nr objects of @kc reserved, or NULL. */
static inline mempool_t *mempool_create_slab_pool(int min_nr, struct kmem_cache *kc)
{
	return mempool_create(min_nr, mempool_alloc_slab, mempool_free_slab, kc);
}

static inline int mempool_init_slab_pool(mempool_t *pool, int min_nr, struct kmem_cache *kc)
{
	return mempool_init(pool, min_nr, mempool_alloc_slab, mempool_free_slab, kc);
}

/* Return: a pool of @min_nr kmalloc(@size) objects reserved, or NULL. */
static inline mempool_t *mempool_create_kmalloc_pool(int min_nr, size_t size)
{
	return mempool_create(min_nr, mempool_kmalloc, mempool_kfree, (void *)size);
}

static inline int mempool_init_kmalloc_pool(mempool_t *pool, int min_nr, size_t size)
{
	return mempool_init(pool, min_nr, mempool_kmalloc, mempool_kfree, (void *)size);
}

/* Return: a pool of @min_nr blocks of 2^@order pages reserved, or NULL. */
static inline mempool_t *mempool_create_page_pool(int min_nr, int order)
{
	return mempool_create(min_nr, mempool_alloc_pages, mempool_free_pages,
			      (void *)(long)order);
}

static inline int mempool_init_page_pool(mempool_t *pool, int min_nr, int order)
{
	return mempool_init(pool, min_nr, mempool_alloc_pages, mempool_free_pages,
			    (void *)(long)order);
}

#endif
