/* SPDX-License-Identifier: MIT */
/*
 * mm/slab_internal.h - the structures of mm/slab.c and mm/kmalloc.c, and
 * the fast paths they share. Not for other subsystems: they use mm/slab.h.
 */
#ifndef TERN_MM_SLAB_INTERNAL_H
#define TERN_MM_SLAB_INTERNAL_H

#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "lib/list.h"
#include "mm/mmzone.h"
#include "mm/slab.h"
#include <asm/irqflags.h>

/* Caches by index; 0 means "not a slab page" in page->slab_cache_offset. */
#define KMEM_MAX_CACHES 256

/* The debug build's patterns (Linux's): free objects and red zones. */
#define SLAB_POISON_BYTE 0x6b	/* a free object */
#define SLAB_POISON_INUSE 0x5a	/* an allocated object before its owner writes it */
#define SLAB_RED_ACTIVE 0xcc	/* red zone of an allocated object */
#define SLAB_RED_INACTIVE 0xbb	/* red zone of a free object */
#define SLAB_RED_ZONE_BYTES 8

struct kmem_cache_node {
	spinlock_t lock;		/* guards the lists, counts and slab freelists */
	struct list_head partial;	/* slabs with free and allocated objects */
	struct list_head full;		/* slabs with no free object */
	struct list_head empty;		/* slabs with every object free */
	unsigned long nr_slabs;		/* all three lists */
	unsigned long nr_empty;
	unsigned long inuse;		/* objects out of this node's slabs */
} ____cacheline_aligned;

struct kmem_cache {
	const char *name;
	unsigned int object_size;	/* what the creator asked for */
	unsigned int size;		/* stride: object, red zone, link; aligned */
	unsigned int align;
	unsigned int link_offset;	/* where a free object's chain word is */
	unsigned int order;		/* of each slab */
	unsigned int objects;		/* per slab */
	unsigned int limit, batch;	/* magazine capacity, refill/spill size */
	unsigned int index;		/* in kmem_caches[] */
	u16 cpu_offset;			/* index << 8: in the harts' arrays */
	slab_flags_t flags;
	void (*ctor)(void *);
	struct kmem_cache_node node[MAX_NUMNODES];
};

extern struct kmem_cache *kmem_caches[KMEM_MAX_CACHES];

static inline struct kmem_cache_cpu *cache_cpu(const struct kmem_cache *s)
{
	return magazine_at(s->cpu_offset);
}

static inline struct kmem_cache_cpu *cache_remote(const struct kmem_cache *s)
{
	return magazine_in(this_hart()->slab.remote, s->cpu_offset);
}

/* mm/slab.c: the magazine was empty. Return: an object, or NULL. */
void *slab_alloc_refill(struct kmem_cache *s, gfp_t gfp);
/* mm/slab.c: debug checks and __GFP_ZERO of a fresh object. Return: @obj. */
void *slab_post_alloc(struct kmem_cache *s, void *obj, gfp_t gfp);
/* mm/slab.c: a remote object, or a full magazine. */
void slab_free_slow(void *obj, struct page *page);
/* mm/slab.c: Returns false, after a report, if @obj must not be freed. */
bool slab_free_checks(void *obj, struct page *page);

/*
 * slab_free() - free @obj, a slab object in @page (its own page), whose
 * cache's magazines are at @cpu_offset (page->slab_cache_offset), to the
 * calling hart's magazine.
 */
static inline void slab_free(void *obj, struct page *page, unsigned int cpu_offset)
{
	unsigned long flags;
	struct kmem_cache_cpu *c;

	if (TERN_DEBUG && !slab_free_checks(obj, page))
		return;
	flags = arch_local_irq_save();
	c = magazine_at(cpu_offset);
	if (likely(page->slab_node == this_hart()->slab.mem_node && c->count < c->limit)) {
		c->objects[c->count++] = obj;
		arch_local_irq_restore_unchanged(flags);
		return;
	}
	arch_local_irq_restore(flags);
	slab_free_slow(obj, page);
}

/* Returns the cache of slab page @page. */
static inline struct kmem_cache *page_cache(const struct page *page)
{
	return kmem_caches[page->slab_cache_offset / sizeof(struct kmem_cache_cpu)];
}

/* Called by kmem_cache_create() for the harts' magazines of a new cache. */
void slab_cache_created(struct kmem_cache *s);

/* /proc/slabinfo's figures of one cache. */
struct slab_info {
	unsigned long active_objs, num_objs, num_slabs;
};
void slab_info(const struct kmem_cache *s, struct slab_info *info);
/* Pages in slabs on node @nid, by SLAB_RECLAIM_ACCOUNT. */
void slab_node_pages(int nid, unsigned long *reclaimable, unsigned long *unreclaimable);

/*
 * Shrinks every cache (magazines drained, empty slabs freed): what exact
 * free-page counts need, in the tests.
 */
void kmem_cache_shrink_all(void);

/* mm/kmalloc.c: makes the kmalloc caches (slab_init() calls it). */
void kmalloc_init(void);

/* page->owner_byte of the first page of a kmalloc() above the caches. */
#define KMALLOC_LARGE 0xa5

#endif
