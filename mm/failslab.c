// SPDX-License-Identifier: MIT
/*
 * DOC: failslab - fault injection into the object caches
 *
 * Linux's failslab: every kmem_cache_alloc(), kmem_cache_alloc_node() and
 * kmalloc() served by a cache asks should_failslab() before it takes an
 * object, and an injected failure returns NULL. kmalloc() above the
 * caches (whole pages) is the page allocator's, so fail_page_alloc's, as
 * in Linux. The attr's space is counted in bytes of the cache's objects.
 *
 * Filters, Linux's, before the attr's own rules:
 *
 *   __GFP_NOFAIL                   never fails
 *   ignore-gfp-wait (default Y)    requests with __GFP_DIRECT_RECLAIM
 *                                  (GFP_KERNEL) never fail: those Linux lets
 *                                  sleep (mm/fail_page_alloc.c says what they
 *                                  are in tern, which never sleeps)
 *   cache-filter (default N)       with Y, only caches marked SLAB_FAILSLAB
 *                                  fail: at kmem_cache_create(), or by
 *                                  writing 1 to /sys/kernel/slab/NAME/failslab
 *                                  (mm/slab.c), Linux's two ways
 *
 * The fast paths (kmalloc() inline in the release build, the pop at the
 * start of kmem_cache_alloc()) pop this_hart()->slab.fast_magazines; while
 * the attr is armed every hart's points at no_magazines, whose counts are
 * all 0, so each pop misses and the slow path asks here first, then pops
 * the hart's real magazine. Off, the fast paths are what they were.
 */
#include "mm/failslab.h"
#include "kernel/fault_inject.h"
#include "kernel/smp.h"
#include "mm/slab_internal.h"
#include <asm/irqflags.h>

static void failslab_armed_changed(void);

static struct {
	struct fault_attr attr;
	bool ignore_gfp_reclaim;
	bool cache_filter;
} failslab = {
	.attr = FAULT_ATTR_INITIALIZER("failslab", failslab_armed_changed),
	.ignore_gfp_reclaim = true,
};

static struct fault_knob failslab_knobs[] = {
	FAULT_KNOB_BOOL("ignore-gfp-wait", &failslab.ignore_gfp_reclaim),
	FAULT_KNOB_BOOL("cache-filter", &failslab.cache_filter),
};

/* A magazine per cache index, all empty and never written: popped while armed. */
static struct kmem_cache_cpu no_magazines[KMEM_MAX_CACHES];

bool should_failslab(struct kmem_cache *s, gfp_t gfp)
{
	if (!fault_attr_armed(&failslab.attr) || (gfp & __GFP_NOFAIL))
		return false;
	if (READ_ONCE(failslab.ignore_gfp_reclaim) && (gfp & __GFP_DIRECT_RECLAIM))
		return false;
	if (READ_ONCE(failslab.cache_filter) && !(READ_ONCE(s->flags) & SLAB_FAILSLAB))
		return false;
	/* Linux's rule: __GFP_NOWARN callers want no message at all. */
	return should_fail_ex(&failslab.attr, s->object_size,
			      (gfp & __GFP_NOWARN) ? FAULT_NOWARN : 0);
}

void *failslab_fast_magazines(unsigned int cpu)
{
	if (fault_attr_armed(&failslab.attr))
		return (char *)no_magazines + SLAB_CPU_BIAS;
	return harts[cpu].slab.magazines;
}

static void update_own_fast_magazines(void *unused)
{
	unsigned int cpu = smp_processor_id();
	unsigned long flags = arch_local_irq_save();

	WRITE_ONCE(harts[cpu].slab.fast_magazines, failslab_fast_magazines(cpu));
	arch_local_irq_restore(flags);
}

/* Each hart switches its own pointer, with interrupts off (a pop is too). */
static void failslab_armed_changed(void)
{
	on_each_cpu(update_own_fast_magazines, NULL, true);
}

int setup_failslab(const char *str, void *unused)
{
	return setup_fault_attr(&failslab.attr, str);
}

int failslab_debugfs(void)
{
	return fault_create_debugfs_attr(&failslab.attr, failslab_knobs,
					 ARRAY_SIZE(failslab_knobs));
}
