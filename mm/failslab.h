/* SPDX-License-Identifier: MIT */
/*
 * mm/failslab.h - fault injection into the object caches, Linux's
 * failslab (kernel/fault_inject.h has the rules; mm/failslab.c the slab's
 * filters).
 */
#ifndef TERN_MM_FAILSLAB_H
#define TERN_MM_FAILSLAB_H

#include "mm/gfp.h"

struct kmem_cache;

/**
 * should_failslab() - should this object allocation fail, by injection?
 * @s: the cache (kmalloc's size class for kmalloc()).
 * @gfp: the request's flags.
 *
 * kmem_cache_alloc(), kmem_cache_alloc_node() and kmalloc() of the caches
 * ask before taking an object; their lock-free pops skip the question only
 * while failslab is off (slab.fast_magazines, kernel/smp.h).
 * Return: true if the allocation must return NULL.
 */
bool should_failslab(struct kmem_cache *s, gfp_t gfp);

/*
 * Returns the magazines @cpu's allocation fast paths pop (its
 * slab.fast_magazines): its own, or while failslab is armed empty ones.
 */
void *failslab_fast_magazines(unsigned int cpu);

/* The boot parameter failslab=<interval>,<probability>,<space>,<times>. */
int setup_failslab(const char *str, void *unused);

/* Registers /sys/kernel/debug/failslab/; Returns 0 or -errno. */
int failslab_debugfs(void);

#endif
