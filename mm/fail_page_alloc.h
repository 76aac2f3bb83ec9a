/* SPDX-License-Identifier: MIT */
/*
 * mm/fail_page_alloc.h - fault injection into the page allocator, Linux's
 * fail_page_alloc (kernel/fault_inject.h has the rules; mm/fail_page_alloc.c
 * the page allocator's filters).
 */
#ifndef TERN_MM_FAIL_PAGE_ALLOC_H
#define TERN_MM_FAIL_PAGE_ALLOC_H

#include "kernel/fault_inject.h"
#include "mm/gfp.h"

/* The attr (mm/fail_page_alloc.c has its filters); here for the inline test. */
extern struct fault_attr fail_page_alloc_attr;

/*
 * Returns true while fail_page_alloc may fail allocations (its probability
 * is not 0): the per-hart caches then send every allocation to
 * __alloc_pages() (mm/pcp.c, pcp_update_fast_path()).
 */
static inline bool fail_page_alloc_armed(void)
{
	return fault_attr_armed(&fail_page_alloc_attr);
}

/* should_fail_alloc_page() past its inline test: the filters and the attr. */
bool __should_fail_alloc_page(gfp_t gfp, unsigned int order);

/**
 * should_fail_alloc_page() - should this allocation fail, by injection?
 * @gfp: the request's flags.
 * @order: its order.
 *
 * __alloc_pages() asks on entry; the per-hart caches' fast paths skip the
 * question only while fail_page_alloc is off (fail_page_alloc_armed()).
 * Off, it is one load and a branch, as Linux's static key makes it.
 * Return: true if the allocation must return NULL.
 */
static inline bool should_fail_alloc_page(gfp_t gfp, unsigned int order)
{
	return unlikely(fail_page_alloc_armed()) && __should_fail_alloc_page(gfp, order);
}

/* The boot parameter fail_page_alloc=<interval>,<probability>,<space>,<times>. */
int setup_fail_page_alloc(const char *str, void *unused);

/* Registers /sys/kernel/debug/fail_page_alloc/; Returns 0 or -errno. */
int fail_page_alloc_debugfs(void);

#endif
