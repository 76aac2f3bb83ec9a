// SPDX-License-Identifier: MIT
/*
 * DOC: fault_inject suite - fail_page_alloc and failslab on the machine
 *
 * Set up through their files, as at the console: an armed
 * fail_page_alloc fails allocations on the inline fast path (release
 * build) and the out-of-line one alike, and its filters (min-order,
 * ignore-gfp-wait, ignore-gfp-highmem, __GFP_NOFAIL) and counters (times,
 * space) do what Linux's do; failslab fails kmalloc() and
 * kmem_cache_alloc(), with its cache filter and the per-cache
 * /sys/kernel/slab/NAME/failslab mark; vmalloc and mempool see the
 * failures of what they are built on and lose nothing; the files refuse
 * what is out of range and say so. Every case puts the settings back as
 * it found them (the runner pauses the boot's injection for this suite).
 */
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/vfs.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/mempool.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include "tests/kernel/fault_test.h"
#include "tests/kernel/page_test.h"

#define PAGES "fail_page_alloc"
#define SLAB "failslab"

/* Each case's settings of before, put back by end_case(). */
static struct fault_settings saved_pages, saved_slab;
static unsigned long pages_before;

static bool begin_case(struct ktest *t)
{
	if (fault_settings_save(&saved_pages, PAGES) || fault_settings_save(&saved_slab, SLAB)) {
		ktest_fail(t, __FILE__, __LINE__, "cannot read the fault-injection files");
		return false;
	}
	pages_before = settled_pages();
	return true;
}

/* Puts the settings back and wants every page back. */
static void end_case(struct ktest *t)
{
	fault_settings_restore(&saved_pages);
	fault_settings_restore(&saved_slab);
	KTEST_EXPECT_EQ(t, settled_pages(), pages_before);
}

/* True if every online hart's page fast path is off (pcp_empty), or every one is on. */
static bool fast_paths_all(bool off)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if ((READ_ONCE(harts[cpu].fast_pcp[0]) == &pcp_empty) != off)
			return false;
	return true;
}

static void page_alloc_fails_on_both_paths(struct ktest *t)
{
	volatile gfp_t gfp = GFP_KERNEL;	/* not a constant: the call path */
	struct page *page;
	const char *mark;

	if (!begin_case(t))
		return;
	KTEST_EXPECT(t, fast_paths_all(false));
	KTEST_EXPECT_EQ(t, fault_arm(PAGES, "100", "3"), 0);
	KTEST_EXPECT(t, fast_paths_all(true));
	KTEST_EXPECT_EQ(t, fault_set(PAGES, "verbose", "1"), 0);
	mark = log_mark(t, "three allocations to fail");
	KTEST_EXPECT(t, !alloc_page(GFP_KERNEL));	/* inline in the release build */
	KTEST_EXPECT(t, !alloc_pages(gfp, 0));
	KTEST_EXPECT(t, !alloc_pages_node(NUMA_NO_NODE, GFP_KERNEL, 2));
	KTEST_EXPECT_EQ(t, fault_get(PAGES, "times"), 0);
	KTEST_EXPECT(t, log_has_since(mark, "FAULT_INJECTION: forcing a failure."));
	KTEST_EXPECT(t, log_has_since(mark, "name fail_page_alloc, interval 1, probability 100, space 0, times 1"));
	page = alloc_page(GFP_KERNEL);		/* times used up */
	KTEST_EXPECT(t, page);
	if (page)
		__free_page(page);
	/* verbose 2: the message and the stack, named by kallsyms. */
	KTEST_EXPECT_EQ(t, fault_set(PAGES, "verbose", "2"), 0);
	KTEST_EXPECT_EQ(t, fault_set(PAGES, "times", "1"), 0);
	mark = log_mark(t, "one more, with its stack");
	KTEST_EXPECT(t, !alloc_pages(gfp, 0));
	KTEST_EXPECT(t, log_has_since(mark, "Call Trace:"));
	KTEST_EXPECT(t, log_has_since(mark, "page_alloc_fails_on_both_paths+0x"));
	KTEST_EXPECT_EQ(t, fault_set(PAGES, "probability", "0"), 0);
	KTEST_EXPECT(t, fast_paths_all(false));
	end_case(t);
}

/* Returns true if an allocation of (@gfp, @order) succeeds now; frees it. */
static bool page_alloc_ok(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp | __GFP_NOWARN, order);

	if (page)
		__free_pages(page, order);
	return page != NULL;
}

static void page_alloc_filters_and_counters(struct ktest *t)
{
	if (!begin_case(t))
		return;
	KTEST_EXPECT_EQ(t, fault_arm(PAGES, "100", "-1"), 0);
	/* Linux's defaults for the filters. */
	KTEST_EXPECT_EQ(t, fault_set(PAGES, "ignore-gfp-wait", "Y"), 0);
	KTEST_EXPECT_EQ(t, fault_set(PAGES, "min-order", "1"), 0);
	KTEST_EXPECT(t, page_alloc_ok(GFP_KERNEL, 1));
	KTEST_EXPECT(t, !page_alloc_ok(GFP_ATOMIC, 1));
	KTEST_EXPECT(t, !page_alloc_ok(GFP_NOWAIT, 3));
	KTEST_EXPECT(t, page_alloc_ok(GFP_ATOMIC, 0));
	KTEST_EXPECT(t, page_alloc_ok(GFP_ATOMIC | __GFP_NOFAIL, 1));
	KTEST_EXPECT(t, page_alloc_ok(GFP_ATOMIC | __GFP_HIGHMEM, 1));
	KTEST_EXPECT_EQ(t, fault_set(PAGES, "ignore-gfp-highmem", "N"), 0);
	KTEST_EXPECT(t, !page_alloc_ok(GFP_ATOMIC | __GFP_HIGHMEM, 1));

	/* space in pages: 2 + 2 pass, then 1 <= 2 fails and stays. */
	KTEST_EXPECT_EQ(t, fault_set(PAGES, "space", "5"), 0);
	KTEST_EXPECT(t, page_alloc_ok(GFP_ATOMIC, 1));
	KTEST_EXPECT(t, page_alloc_ok(GFP_ATOMIC, 1));
	KTEST_EXPECT(t, !page_alloc_ok(GFP_ATOMIC, 1));
	KTEST_EXPECT_EQ(t, fault_get(PAGES, "space"), 1);

	/*
	 * interval 3: every third request that gets that far. The count
	 * goes on from earlier runs, as Linux's: find the phase first.
	 */
	KTEST_EXPECT_EQ(t, fault_set(PAGES, "space", "0"), 0);
	KTEST_EXPECT_EQ(t, fault_set(PAGES, "interval", "3"), 0);
	for (int i = 0; i < 3 && page_alloc_ok(GFP_ATOMIC, 1); i++)
		;
	for (int i = 1; i <= 6; i++)
		KTEST_EXPECT_EQ(t, page_alloc_ok(GFP_ATOMIC, 1), i % 3 != 0);
	end_case(t);
}

/* Returns a node with memory other than the calling hart's, or its own if none. */
static int other_memory_node(void)
{
	int nid, other = numa_mem_id();

	for_each_node_state(nid, N_MEMORY)
		if (nid != numa_mem_id())
			other = nid;
	return other;
}

static void slab_fails_with_its_filter(struct ktest *t)
{
	struct kmem_cache *cache;
	void *obj;

	if (!begin_case(t))
		return;
	cache = kmem_cache_create("fault_inject", 40, 0, 0, NULL);
	KTEST_EXPECT(t, cache);
	if (!cache) {
		end_case(t);
		return;
	}
	KTEST_EXPECT_EQ(t, fault_arm(SLAB, "100", "2"), 0);
	KTEST_EXPECT(t, !kmalloc(64, GFP_KERNEL));	/* inline in the release build */
	KTEST_EXPECT(t, !kmem_cache_alloc(cache, GFP_KERNEL));
	obj = kmalloc(64, GFP_KERNEL);			/* times used up */
	KTEST_EXPECT(t, obj);
	kfree(obj);

	KTEST_EXPECT_EQ(t, fault_set(SLAB, "times", "-1"), 0);
	KTEST_EXPECT_EQ(t, fault_set(SLAB, "cache-filter", "Y"), 0);
	obj = kmem_cache_alloc(cache, GFP_KERNEL);	/* not marked */
	KTEST_EXPECT(t, obj);
	kmem_cache_free(cache, obj);
	KTEST_EXPECT_EQ(t, vfs_write("/sys/kernel/slab/fault_inject/failslab", "1", 1), 0);
	KTEST_EXPECT(t, !kmem_cache_alloc(cache, GFP_KERNEL));
	KTEST_EXPECT(t, !kmem_cache_alloc_node(cache, GFP_KERNEL, other_memory_node()));
	obj = kmalloc(64, GFP_KERNEL);			/* kmalloc-64 is not marked */
	KTEST_EXPECT(t, obj);
	kfree(obj);
	KTEST_EXPECT_EQ(t, fault_set(SLAB, "probability", "0"), 0);
	kmem_cache_destroy(cache);
	end_case(t);
}

/* vmalloc and mempool have no injection of their own: they see their allocators'. */
static void vmalloc_and_mempool_see_failures(struct ktest *t)
{
	void *held[3];
	mempool_t *pool;

	if (!begin_case(t))
		return;
	pool = mempool_create_kmalloc_pool(2, 256);
	KTEST_EXPECT(t, pool);
	KTEST_EXPECT_EQ(t, fault_arm(PAGES, "100", "-1"), 0);
	KTEST_EXPECT(t, !vmalloc(16 * PAGE_SIZE));
	KTEST_EXPECT(t, !vzalloc(PAGE_SIZE));
	KTEST_EXPECT_EQ(t, fault_set(PAGES, "probability", "0"), 0);

	KTEST_EXPECT_EQ(t, fault_arm(SLAB, "100", "-1"), 0);
	for (int i = 0; i < 3; i++)
		held[i] = pool ? mempool_alloc(pool, GFP_KERNEL) : NULL;
	KTEST_EXPECT(t, held[0] && held[1] && !held[2]);	/* the reserve, then NULL */
	KTEST_EXPECT_EQ(t, fault_set(SLAB, "probability", "0"), 0);
	for (int i = 0; i < 2; i++)
		if (held[i])
			mempool_free(held[i], pool);
	mempool_destroy(pool);
	end_case(t);
}

static void files_refuse_bad_values(struct ktest *t)
{
	static const char *const page_files[] = {
		"ignore-gfp-highmem", "ignore-gfp-wait", "interval", "min-order",
		"probability", "space", "times", "verbose",
	};
	static const char *const slab_files[] = {
		"cache-filter", "ignore-gfp-wait", "interval", "probability", "space",
		"times", "verbose",
	};
	static const struct { const char *dir, *file, *value; } refused[] = {
		{ PAGES, "probability", "101" }, { PAGES, "probability", "ten" },
		{ PAGES, "times", "-2" }, { PAGES, "space", "-1" }, { PAGES, "verbose", "3" },
		{ PAGES, "min-order", "11" }, { PAGES, "ignore-gfp-wait", "maybe" },
		{ SLAB, "cache-filter", "2" }, { SLAB, "interval", "-5" },
	};
	struct fault_settings now;

	if (!begin_case(t))
		return;
	/* Exactly Linux's files, no more. */
	KTEST_EXPECT_EQ(t, saved_pages.nr, ARRAY_SIZE(page_files));
	for (unsigned int i = 0; i < ARRAY_SIZE(page_files) && i < saved_pages.nr; i++)
		KTEST_EXPECT(t, !strcmp(saved_pages.name[i], page_files[i]));
	KTEST_EXPECT_EQ(t, saved_slab.nr, ARRAY_SIZE(slab_files));
	for (unsigned int i = 0; i < ARRAY_SIZE(slab_files) && i < saved_slab.nr; i++)
		KTEST_EXPECT(t, !strcmp(saved_slab.name[i], slab_files[i]));

	for (unsigned int i = 0; i < ARRAY_SIZE(refused); i++) {
		const char *mark = log_mark(t, "writing %s to %s/%s", refused[i].value,
					    refused[i].dir, refused[i].file);

		KTEST_EXPECT_EQ(t, fault_set(refused[i].dir, refused[i].file, refused[i].value),
				-EINVAL);
		KTEST_EXPECT(t, log_has_since(mark, "refused"));
	}
	KTEST_EXPECT_EQ(t, fault_settings_save(&now, PAGES), 0);
	for (unsigned int i = 0; i < now.nr; i++)
		KTEST_EXPECT(t, !strcmp(now.value[i], saved_pages.value[i]));
	KTEST_EXPECT_EQ(t, fault_settings_save(&now, SLAB), 0);
	for (unsigned int i = 0; i < now.nr; i++)
		KTEST_EXPECT(t, !strcmp(now.value[i], saved_slab.value[i]));
	end_case(t);
}

static const struct ktest_case fault_inject_cases[] = {
	KTEST_CASE(page_alloc_fails_on_both_paths),
	KTEST_CASE(page_alloc_filters_and_counters),
	KTEST_CASE(slab_fails_with_its_filter),
	KTEST_CASE(vmalloc_and_mempool_see_failures),
	KTEST_CASE(files_refuse_bad_values),
};
KTEST_SUITE(fault_inject_ktest_suite, "fault_inject", fault_inject_cases);
