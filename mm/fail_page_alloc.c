// SPDX-License-Identifier: MIT
/*
 * DOC: fail_page_alloc - fault injection into the page allocator
 *
 * Linux's fail_page_alloc: __alloc_pages() asks should_fail_alloc_page()
 * first, and an injected failure returns NULL at once (no balancer, no
 * failure report, as Linux's prepare_alloc_pages()). Every allocation that
 * reaches the buddy or the per-hart caches comes through there:
 * alloc_pages(), alloc_pages_node(), __get_free_pages() and what is built
 * on them (slabs, large kmalloc, vmalloc's pages and page tables, mempool
 * page pools). The lock-free fast paths of the per-hart caches (mm/pcp.h,
 * inline in the callers of the release build) do not ask: while the attr
 * is armed every hart's fast_pcp points at the empty cache, so each of
 * them misses and takes the full path, and with injection off they cost
 * nothing more than before.
 *
 * Filters, Linux's, before the attr's own rules:
 *
 *   min-order (default 1)          smaller orders never fail
 *   __GFP_NOFAIL                   never fails
 *   ignore-gfp-highmem (default Y) __GFP_HIGHMEM requests never fail; riscv64
 *                                  has no highmem, so nothing in tern sets it
 *   ignore-gfp-wait (default Y)    requests with __GFP_DIRECT_RECLAIM never
 *                                  fail: those Linux lets sleep. tern never
 *                                  sleeps, but these are the same requests
 *                                  (GFP_KERNEL and what is built on it: the
 *                                  caller may run the balancer itself), so
 *                                  with Y only GFP_ATOMIC, GFP_NOWAIT and
 *                                  the like fail
 *
 * The attr's space is counted in pages (2^order per call), as Linux's.
 */
#include "mm/fail_page_alloc.h"
#include "mm/internal.h"

struct fault_attr fail_page_alloc_attr =
	FAULT_ATTR_INITIALIZER("fail_page_alloc", pcp_update_fast_paths);

/* The page allocator's filters, Linux's defaults. */
static struct {
	bool ignore_gfp_highmem;
	bool ignore_gfp_reclaim;
	unsigned long min_order;
} fail_page_alloc = {
	.ignore_gfp_highmem = true,
	.ignore_gfp_reclaim = true,
	.min_order = 1,
};

static struct fault_knob fail_page_alloc_knobs[] = {
	FAULT_KNOB_BOOL("ignore-gfp-wait", &fail_page_alloc.ignore_gfp_reclaim),
	FAULT_KNOB_BOOL("ignore-gfp-highmem", &fail_page_alloc.ignore_gfp_highmem),
	FAULT_KNOB_ULONG("min-order", &fail_page_alloc.min_order, 0, MAX_ORDER - 1),
};

bool __should_fail_alloc_page(gfp_t gfp, unsigned int order)
{
	if (order < READ_ONCE(fail_page_alloc.min_order) || (gfp & __GFP_NOFAIL))
		return false;
	if (READ_ONCE(fail_page_alloc.ignore_gfp_highmem) && (gfp & __GFP_HIGHMEM))
		return false;
	if (READ_ONCE(fail_page_alloc.ignore_gfp_reclaim) && (gfp & __GFP_DIRECT_RECLAIM))
		return false;
	/* Linux's rule: __GFP_NOWARN callers want no message at all. */
	return should_fail_ex(&fail_page_alloc_attr, 1L << order,
			      (gfp & __GFP_NOWARN) ? FAULT_NOWARN : 0);
}

int setup_fail_page_alloc(const char *str, void *unused)
{
	return setup_fault_attr(&fail_page_alloc_attr, str);
}

int fail_page_alloc_debugfs(void)
{
	return fault_create_debugfs_attr(&fail_page_alloc_attr, fail_page_alloc_knobs,
					 ARRAY_SIZE(fail_page_alloc_knobs));
}
