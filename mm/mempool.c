// SPDX-License-Identifier: MIT
/*
 * DOC: mempool - a reserve of elements for allocations that must not fail
 *
 * A pool keeps @min_nr elements of one kind (slab objects, kmalloc
 * buffers, page blocks, or whatever a caller's alloc_fn makes) set aside
 * at creation. mempool_alloc() asks the allocator first, as Linux does,
 * because the reserve is for when memory is short, not for speed: an
 * element from the allocator leaves the reserve whole for the next
 * shortage. Only when the allocator fails does an element come out of the
 * reserve; mempool_free() puts elements back into the reserve until it
 * holds @min_nr again, and gives the rest to the allocator.
 *
 * The reserve is a stack of pointers under a spinlock taken with
 * interrupts off, since mempool_alloc(GFP_ATOMIC) and mempool_free() may
 * run in interrupt context (a cross-hart call, a device's completion).
 * The allocator and the free function are always called without the lock
 * held: they may be anything the caller passed, and they take their own.
 *
 * Where tern differs from Linux 6.1: Linux's mempool_alloc() with
 * __GFP_DIRECT_RECLAIM sleeps on the pool's wait queue until another task
 * frees an element, so it never returns NULL. tern never sleeps (the
 * allocator only runs the balancer synchronously, mm/gfp.h), and a hart
 * that spun here waiting could wait for itself: the element may be held
 * by the code its own interrupt interrupted, or be freed only by a
 * cross-hart call this hart must answer. So when the allocator fails even
 * with the caller's full gfp and the reserve is empty, mempool_alloc()
 * returns NULL. The guarantee a pool gives is therefore the one Linux's
 * GFP_ATOMIC users get: the first @min_nr elements in flight at once are
 * always there, whatever the allocator does. Size @min_nr to the number
 * of elements a caller needs at once to make progress and free them.
 *
 * Also unlike Linux, mempool_resize() is all or nothing: it allocates
 * every new element before changing the pool, and on -ENOMEM the pool is
 * exactly as it was (Linux raises min_nr and returns 0 even when it could
 * not fill the reserve).
 *
 * In the debug build (DEBUG=1), elements of the three standard kinds are
 * poisoned while they sit in the reserve (0x6b, the last byte 0xa5, as
 * Linux's mempool does under slab debugging) and checked when they leave
 * it, so a write to an element after mempool_free() is reported.
 */
#define pr_fmt(fmt) "mempool: " fmt

#include "mm/mempool.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "mm/slab_internal.h"

#define MEMPOOL_POISON_FREE 0x6b
#define MEMPOOL_POISON_END 0xa5

/* ------------------------------------------------- debug poisoning --- */

/*
 * Returns the bytes of @element that may be poisoned, at *@addr, or 0 for
 * a pool whose elements tern cannot size (a caller's own alloc_fn) or
 * whose contents must survive in the reserve (a cache with a constructor).
 */
static size_t element_bytes(const mempool_t *pool, void *element, u8 **addr)
{
	*addr = element;
	if (pool->free == mempool_kfree)
		return (size_t)pool->pool_data;
	if (pool->free == mempool_free_slab) {
		const struct kmem_cache *s = pool->pool_data;

		return s->ctor ? 0 : s->object_size;
	}
	if (pool->free == mempool_free_pages) {
		*addr = page_address(element);
		return PAGE_SIZE << (long)pool->pool_data;
	}
	return 0;
}

static void poison_element(const mempool_t *pool, void *element)
{
	u8 *addr;
	size_t bytes;

	if (!TERN_DEBUG)
		return;
	bytes = element_bytes(pool, element, &addr);
	if (!bytes)
		return;
	memset(addr, MEMPOOL_POISON_FREE, bytes - 1);
	addr[bytes - 1] = MEMPOOL_POISON_END;
}

/* Reports a reserve element that was written while it sat in the reserve. */
static void check_element(const mempool_t *pool, void *element)
{
	u8 *addr;
	size_t bytes;

	if (!TERN_DEBUG)
		return;
	bytes = element_bytes(pool, element, &addr);
	for (size_t i = 0; i < bytes; i++) {
		u8 want = i == bytes - 1 ? MEMPOOL_POISON_END : MEMPOOL_POISON_FREE;

		if (addr[i] != want) {
			pr_err("BUG: element %p written after mempool_free(): byte %zu is %#x\n",
			       element, i, addr[i]);
			return;
		}
	}
}

/* ----------------------------------------------------- the reserve --- */

/*
 * curr_nr and min_nr are written with WRITE_ONCE under the lock because
 * mempool_free() reads them without it to skip the lock when the reserve
 * is full.
 */
static void add_element(mempool_t *pool, void *element)
{
	pool->elements[pool->curr_nr] = element;
	WRITE_ONCE(pool->curr_nr, pool->curr_nr + 1);
}

static void *remove_element(mempool_t *pool)
{
	WRITE_ONCE(pool->curr_nr, pool->curr_nr - 1);
	return pool->elements[pool->curr_nr];
}

/* Gives @n elements of @array back to @pool's allocator. */
static void free_elements(mempool_t *pool, void **array, int n)
{
	for (int i = 0; i < n; i++)
		pool->free(array[i], pool->pool_data);
}

/* Room for @min_nr pointers; at least one, so that a pool of 0 is initialized. */
static void **alloc_array(int min_nr, gfp_t gfp_mask, int node_id)
{
	return kmalloc_node(sizeof(void *) * (size_t)max(min_nr, 1),
			    gfp_mask & ~__GFP_ZERO, node_id);
}

static bool bad_min_nr(int min_nr, const char *caller)
{
	if (min_nr >= 0)
		return false;
	pr_err("%s: min_nr %d is negative\n", caller, min_nr);
	return true;
}

int mempool_init_node(mempool_t *pool, int min_nr, mempool_alloc_t *alloc_fn,
		      mempool_free_t *free_fn, void *pool_data, gfp_t gfp_mask,
		      int node_id)
{
	*pool = (mempool_t){
		.lock = SPINLOCK_INIT,
		.min_nr = min_nr,
		.pool_data = pool_data,
		.alloc = alloc_fn,
		.free = free_fn,
	};
	if (bad_min_nr(min_nr, "mempool_init"))
		return -EINVAL;
	pool->elements = alloc_array(min_nr, gfp_mask, node_id);
	if (!pool->elements)
		return -ENOMEM;
	/* Nobody else sees the pool yet: no lock. */
	while (pool->curr_nr < min_nr) {
		void *element = alloc_fn(gfp_mask, pool_data);

		if (!element) {
			mempool_exit(pool);
			return -ENOMEM;
		}
		poison_element(pool, element);
		add_element(pool, element);
	}
	return 0;
}

int mempool_init(mempool_t *pool, int min_nr, mempool_alloc_t *alloc_fn,
		 mempool_free_t *free_fn, void *pool_data)
{
	return mempool_init_node(pool, min_nr, alloc_fn, free_fn, pool_data,
				 GFP_KERNEL, NUMA_NO_NODE);
}

/* The pool has no users any more (the caller's promise): no lock. */
void mempool_exit(mempool_t *pool)
{
	while (pool->curr_nr) {
		void *element = remove_element(pool);

		check_element(pool, element);
		pool->free(element, pool->pool_data);
	}
	kfree(pool->elements);
	pool->elements = NULL;
}

mempool_t *mempool_create_node(int min_nr, mempool_alloc_t *alloc_fn,
			       mempool_free_t *free_fn, void *pool_data,
			       gfp_t gfp_mask, int node_id)
{
	mempool_t *pool = kmalloc_node(sizeof(*pool), gfp_mask & ~__GFP_ZERO, node_id);

	if (!pool)
		return NULL;
	if (mempool_init_node(pool, min_nr, alloc_fn, free_fn, pool_data, gfp_mask,
			      node_id)) {
		kfree(pool);
		return NULL;
	}
	return pool;
}

mempool_t *mempool_create(int min_nr, mempool_alloc_t *alloc_fn,
			  mempool_free_t *free_fn, void *pool_data)
{
	return mempool_create_node(min_nr, alloc_fn, free_fn, pool_data, GFP_KERNEL,
				   NUMA_NO_NODE);
}

void mempool_destroy(mempool_t *pool)
{
	if (unlikely(!pool))
		return;
	mempool_exit(pool);
	kfree(pool);
}

/*
 * Frees reserve elements beyond min_nr, one per hold of the lock, so the
 * free function runs unlocked. Compares with pool->min_nr afresh each
 * time: a resize that grew the pool meanwhile keeps what it needs.
 */
static void shrink_reserve(mempool_t *pool)
{
	unsigned long flags;

	spin_lock_irqsave(&pool->lock, flags);
	while (pool->curr_nr > pool->min_nr) {
		void *element = remove_element(pool);

		spin_unlock_irqrestore(&pool->lock, flags);
		check_element(pool, element);
		pool->free(element, pool->pool_data);
		spin_lock_irqsave(&pool->lock, flags);
	}
	spin_unlock_irqrestore(&pool->lock, flags);
}

/*
 * Grows @pool from @old_min to @new_min_nr elements: a new array and the
 * new elements first, all outside the lock, then one swap under it.
 * The reserve grows by exactly new - old, so elements out now are still
 * owed to it and come back to it when freed, as if the pool had had
 * @new_min_nr all along. Returns 0, -ENOMEM (nothing changed) or -EBUSY
 * if another resize got in meanwhile (nothing changed either; try again).
 */
static int grow_reserve(mempool_t *pool, int old_min, int new_min_nr)
{
	int add = new_min_nr - old_min;
	void **array, **old;
	unsigned long flags;

	array = alloc_array(new_min_nr, GFP_KERNEL, NUMA_NO_NODE);
	if (!array)
		return -ENOMEM;
	/* The new elements wait in the part of the array the reserve cannot reach yet. */
	for (int i = 0; i < add; i++) {
		void *element = pool->alloc(GFP_KERNEL, pool->pool_data);

		if (!element) {
			free_elements(pool, array + old_min, i);
			kfree(array);
			return -ENOMEM;
		}
		poison_element(pool, element);
		array[old_min + i] = element;
	}

	spin_lock_irqsave(&pool->lock, flags);
	/* Another resize got in: a grow changed min_nr, a shrink is freeing. */
	if (pool->min_nr != old_min || pool->curr_nr > old_min) {
		spin_unlock_irqrestore(&pool->lock, flags);
		free_elements(pool, array + old_min, add);
		kfree(array);
		return -EBUSY;
	}
	/* curr_nr <= old_min: the copy cannot reach the new elements. */
	memcpy(array, pool->elements, sizeof(void *) * (size_t)pool->curr_nr);
	memmove(array + pool->curr_nr, array + old_min, sizeof(void *) * (size_t)add);
	old = pool->elements;
	pool->elements = array;
	WRITE_ONCE(pool->curr_nr, pool->curr_nr + add);
	WRITE_ONCE(pool->min_nr, new_min_nr);
	spin_unlock_irqrestore(&pool->lock, flags);
	kfree(old);
	return 0;
}

int mempool_resize(mempool_t *pool, int new_min_nr)
{
	unsigned long flags;
	int old_min, ret;

	if (bad_min_nr(new_min_nr, "mempool_resize"))
		return -EINVAL;
	do {
		spin_lock_irqsave(&pool->lock, flags);
		old_min = pool->min_nr;
		if (new_min_nr <= old_min) {
			/* The array keeps its size: it only has to hold min_nr. */
			WRITE_ONCE(pool->min_nr, new_min_nr);
			spin_unlock_irqrestore(&pool->lock, flags);
			shrink_reserve(pool);
			return 0;
		}
		spin_unlock_irqrestore(&pool->lock, flags);
		ret = grow_reserve(pool, old_min, new_min_nr);
	} while (ret == -EBUSY);
	return ret;
}

/* ------------------------------------------------- alloc and free --- */

void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask)
{
	static bool warned_zero;
	unsigned long flags;
	void *element;
	gfp_t gfp_temp;

	if (unlikely(gfp_mask & __GFP_ZERO)) {
		/* A reserve element is not zeroed: the flag would only work sometimes. */
		if (!READ_ONCE(warned_zero)) {
			WRITE_ONCE(warned_zero, true);
			pr_warn("mempool_alloc: __GFP_ZERO ignored, reserve elements are not zeroed\n");
		}
		gfp_mask &= ~__GFP_ZERO;
	}
	/* A failure here is expected and handled by the reserve: no report. */
	gfp_mask |= __GFP_NOWARN;
	/*
	 * First without reclaim: the reserve is cheaper than a synchronous
	 * run of the balancer, and is what it is for. Only with the reserve
	 * empty is the caller's full gfp (reclaim included) tried.
	 */
	gfp_temp = gfp_mask & ~(__GFP_DIRECT_RECLAIM | __GFP_IO);
	for (;;) {
		element = pool->alloc(gfp_temp, pool->pool_data);
		if (likely(element))
			return element;

		spin_lock_irqsave(&pool->lock, flags);
		if (likely(pool->curr_nr)) {
			element = remove_element(pool);
			spin_unlock_irqrestore(&pool->lock, flags);
			check_element(pool, element);
			return element;
		}
		spin_unlock_irqrestore(&pool->lock, flags);
		if (gfp_temp == gfp_mask)
			return NULL;	/* where Linux would wait: see the DOC above */
		gfp_temp = gfp_mask;
	}
}

void mempool_free(void *element, mempool_t *pool)
{
	unsigned long flags;

	if (unlikely(!element))
		return;
	/*
	 * Unlocked first look: a full reserve (the usual case) costs no lock.
	 * Reading a stale "full" only sends this element to the allocator
	 * and leaves the reserve short until the next free; an element that
	 * reached this hart from the one that took it from the reserve came
	 * through the caller's own ordered handoff, which also orders the
	 * curr_nr that hart wrote. The poison goes on before the lock so
	 * that no memset runs with interrupts off; if the element then goes
	 * to the allocator after all, that was wasted work, no harm (its last
	 * byte 0xa5 keeps slab's "still poisoned: double free" check quiet).
	 */
	if (unlikely(READ_ONCE(pool->curr_nr) < READ_ONCE(pool->min_nr))) {
		poison_element(pool, element);
		spin_lock_irqsave(&pool->lock, flags);
		if (likely(pool->curr_nr < pool->min_nr)) {
			add_element(pool, element);
			spin_unlock_irqrestore(&pool->lock, flags);
			return;
		}
		spin_unlock_irqrestore(&pool->lock, flags);
	}
	pool->free(element, pool->pool_data);
}

/* ------------------------------------------------ element helpers --- */

void *mempool_alloc_slab(gfp_t gfp_mask, void *pool_data)
{
	return kmem_cache_alloc(pool_data, gfp_mask);
}

void mempool_free_slab(void *element, void *pool_data)
{
	kmem_cache_free(pool_data, element);
}

void *mempool_kmalloc(gfp_t gfp_mask, void *pool_data)
{
	return kmalloc((size_t)pool_data, gfp_mask);
}

void mempool_kfree(void *element, void *pool_data)
{
	kfree(element);
}

void *mempool_alloc_pages(gfp_t gfp_mask, void *pool_data)
{
	return alloc_pages(gfp_mask, (unsigned int)(long)pool_data);
}

void mempool_free_pages(void *element, void *pool_data)
{
	__free_pages(element, (unsigned int)(long)pool_data);
}
