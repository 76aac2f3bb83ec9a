/* SPDX-License-Identifier: MIT */
/*
 * mm/slab.h - object caches (kmem_cache) and the kmalloc family, with
 * Linux's names, flags and semantics.
 *
 * Terminology (Linux's): a *cache* hands out objects of one size; a *slab*
 * is a block of pages (order 0..3) cut into objects of one cache, on one
 * node; a hart's *cpu slab* is the slab it allocates from without a lock.
 * mm/slab.c says how the pieces fit; docs/slab.md says why.
 */
#ifndef TERN_MM_SLAB_H
#define TERN_MM_SLAB_H

#include "kernel/types.h"
#include "mm/gfp.h"

typedef unsigned int slab_flags_t;

/* Linux 6.1's values, so that /proc/slabinfo readers see the same bits. */
#define SLAB_RED_ZONE 0x00000400U	/* guard bytes after each object (debug build) */
#define SLAB_POISON 0x00000800U		/* fill free objects with 0x6b (debug build) */
#define SLAB_HWCACHE_ALIGN 0x00002000U	/* align objects to a cache line */
#define SLAB_RECLAIM_ACCOUNT 0x00020000U	/* shrinkable: counted as SReclaimable */
#define SLAB_PANIC 0x00040000U		/* panic if kmem_cache_create() fails */
/* failslab's cache-filter may fail this cache (also /sys/kernel/slab/NAME/failslab) */
#define SLAB_FAILSLAB 0x02000000U

struct kmem_cache;

/**
 * kmem_cache_create() - a cache of @size-byte objects.
 * @name: shown in /proc/slabinfo; the caller keeps it alive.
 * @size: object size, 1 .. KMALLOC_MAX_CACHE_SIZE.
 * @align: minimum alignment (0: 8 bytes), a power of two.
 * @flags: SLAB_* flags.
 * @ctor: called on each object when its slab is made, or NULL.
 * Return: the cache, or NULL (with a log line) if the arguments are bad or
 * memory is short.
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *));
/* Return: an object of @s from the calling hart's node first, or NULL. */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp);
/*
 * Return: an object of @s on node @node (NUMA_NO_NODE: local; a node
 * without memory: the nearest with memory, as Linux), or NULL (logged for
 * a node that does not exist).
 */
void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t gfp, int node);
/* Return: a zeroed object of @s, or NULL. */
void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp);
/*
 * Frees @obj to @s. An object not from @s, or already free, is reported
 * (with the cache and the address) and not freed.
 */
void kmem_cache_free(struct kmem_cache *s, void *obj);
/* Gives @s's empty slabs back to the page allocator. Return: 0. */
int kmem_cache_shrink(struct kmem_cache *s);
/*
 * Destroys @s. If objects are still allocated, reports them and keeps the
 * cache (its owners still hold the memory) instead of freeing under them.
 */
void kmem_cache_destroy(struct kmem_cache *s);

/* The largest kmalloc() served by a cache; larger sizes get whole pages. */
#define KMALLOC_MAX_CACHE_SIZE 8192
/* Every kmalloc() object is aligned to at least this. */
#define ARCH_KMALLOC_MINALIGN 8

/*
 * kmalloc() - @size bytes, naturally aligned to the size class (the next
 * power of two, or 96/192 aligned to 32/64) up to a page, page-aligned
 * above. kmalloc(0) returns ZERO_SIZE_PTR, which kfree() accepts. Inline
 * for a constant size (mm/slab_fast.h).
 * Return: the memory, or NULL.
 */
#include "mm/slab_fast.h"
void *kmalloc_node(size_t size, gfp_t gfp, int node);
/* kfree() - frees what the kmalloc family returned; NULL is a no-op. */
void kfree(const void *obj);
/* Return: the usable size of @obj (its size class), 0 for NULL. */
size_t ksize(const void *obj);
/*
 * krealloc() - resize @obj to @new_size, keeping min(old, new) bytes; may
 * return @obj itself. NULL @obj is kmalloc(); @new_size 0 frees it.
 * Return: the new object, or NULL with @obj untouched.
 */
void *krealloc(const void *obj, size_t new_size, gfp_t gfp);

/* Sets up the harts' magazines and the kmalloc caches; after mm_init(). */
void slab_init(void);

/*
 * slab_register_files() - /sys/kernel/slab/NAME/failslab for every cache
 * there is, and for every cache made from then on (Linux's file: reads 0
 * or 1, takes 0 or 1; SLAB_FAILSLAB). tern's files cannot be removed, so
 * a name's file outlives its cache: with no cache of that name, reading
 * or writing it fails with -ENOENT.
 * Return: 0, or the first error.
 */
int slab_register_files(void);

#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

static inline void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

static inline void *kzalloc_node(size_t size, gfp_t gfp, int node)
{
	return kmalloc_node(size, gfp | __GFP_ZERO, node);
}

/* Return: @n * @size bytes, or NULL if the product overflows. */
static inline void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc(bytes, gfp);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return kmalloc_array(n, size, gfp | __GFP_ZERO);
}

#endif
