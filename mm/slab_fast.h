/* SPDX-License-Identifier: MIT */
/*
 * mm/slab_fast.h - the hart magazines and kmalloc()'s inline fast path.
 * Only mm/slab.h includes this file.
 *
 * kmalloc() of a constant size has a constant cache, and the kmalloc
 * caches have fixed indices (1..13, made first by kmalloc_init()), so the
 * caller pops the hart's magazine at a constant offset from
 * this_hart()->slab.fast_magazines: no call, no lock, no atomic
 * read-modify-write, interrupts off for a few instructions. Frees push on
 * this_hart()->slab.magazines, the same array unless failslab is armed.
 */
#ifndef TERN_MM_SLAB_FAST_H
#define TERN_MM_SLAB_FAST_H

#ifndef TERN_MM_SLAB_H
#error "include mm/slab.h, not mm/slab_fast.h"
#endif

#include "kernel/smp.h"
#include <asm/irqflags.h>

#define SLAB_MAGAZINE 31	/* objects a magazine holds at most */

/*
 * A hart's magazine (or remote buffer) for one cache: 256 bytes, so that a
 * cache's index << 8 is its offset in the hart's array, and the array is
 * biased by SLAB_CPU_BIAS so that the first 16 caches (the kmalloc ones)
 * sit within a load's 12-bit displacement of the base.
 */
struct kmem_cache_cpu {
	int count;		/* objects in objects[] (int: no zero-extension) */
	int limit;		/* spill when a free finds count at this */
	void *objects[SLAB_MAGAZINE];
};
_Static_assert(sizeof(struct kmem_cache_cpu) == 256, "a magazine is 256 bytes");
#define SLAB_CPU_BIAS 2048

/* Returns the magazine at @cpu_offset in @array (a hart's, biased). */
static inline struct kmem_cache_cpu *magazine_in(void *array, unsigned int cpu_offset)
{
	return (struct kmem_cache_cpu *)((char *)array + cpu_offset - SLAB_CPU_BIAS);
}

/* Returns the calling hart's magazine at @cpu_offset. */
static inline struct kmem_cache_cpu *magazine_at(unsigned int cpu_offset)
{
	return magazine_in(this_hart()->slab.magazines, cpu_offset);
}

/*
 * Return: an object from the magazine at @cpu_offset of @array (a hart's,
 * biased), or NULL. Call with @array this hart's.
 */
static __always_inline void *magazine_pop_in(void *array, unsigned int cpu_offset)
{
	unsigned long flags = arch_local_irq_save();
	struct kmem_cache_cpu *c = magazine_in(array, cpu_offset);
	int n = c->count;
	void *obj;

	if (unlikely(!n)) {
		arch_local_irq_restore(flags);
		return NULL;
	}
	/* Not objects[n - 1]: this way the -1 folds into the load's offset. */
	obj = (c->objects + n)[-1];
	c->count = n - 1;
	arch_local_irq_restore_unchanged(flags);
	return obj;
}

/*
 * The allocation fast path's pop: from this_hart()->slab.fast_magazines,
 * which while failslab is armed are empty ones (mm/failslab.c), so that
 * the caller misses and asks should_failslab() out of line.
 * Return: an object from the hart's magazine at @cpu_offset, or NULL.
 */
static __always_inline void *magazine_pop(unsigned int cpu_offset)
{
	return magazine_pop_in(this_hart()->slab.fast_magazines, cpu_offset);
}

/* The kmalloc class of a constant @size (1..KMALLOC_MAX_CACHE_SIZE). */
#define kmalloc_class_const(size)                                             \
	((size) <= 8 ? 0 : (size) <= 16 ? 1 : (size) <= 32 ? 2 :              \
	 (size) <= 64 ? 3 : (size) <= 96 ? 4 : (size) <= 128 ? 5 :            \
	 (size) <= 192 ? 6 : (size) <= 256 ? 7 : (size) <= 512 ? 8 :          \
	 (size) <= 1024 ? 9 : (size) <= 2048 ? 10 : (size) <= 4096 ? 11 : 12)

/* The magazine offset of kmalloc class @class: its cache has index class + 1. */
#define kmalloc_cpu_offset(class) (((class) + 1) * (unsigned int)sizeof(struct kmem_cache_cpu))

/* The out-of-line kmalloc(), for any arguments. */
void *kmalloc_noinline(size_t size, gfp_t gfp);

/* gfp.h-style: slab.h documents kmalloc(). */
static __always_inline void *kmalloc(size_t size, gfp_t gfp)
{
	if (!TERN_DEBUG && __builtin_constant_p(size) && __builtin_constant_p(gfp) &&
	    size && size <= KMALLOC_MAX_CACHE_SIZE && !(gfp & __GFP_ZERO)) {
		void *obj = magazine_pop(kmalloc_cpu_offset(kmalloc_class_const(size)));

		return likely(obj) ? obj : kmalloc_noinline(size, gfp);
	}
	return kmalloc_noinline(size, gfp);
}

#endif
