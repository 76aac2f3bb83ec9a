// SPDX-License-Identifier: MIT
/*
 * DOC: mempool suite - memory pools on the real machine
 *
 * The reserve taking over when the allocator fails (a pool whose
 * alloc_fn fails on demand, so the moment is exact), the three standard
 * kinds of pool with their elements usable, and every hart taking and
 * giving back elements of one pool at once, first with every element from
 * the reserve and then with the allocator failing now and then. Each case
 * ends with its pools destroyed and the free page count of before,
 * exactly, once every cache is shrunk.
 */
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/time.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/mempool.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "tests/kernel/page_test.h"
#include "tests/kernel/mempool_churn.h"

#define ELEMENT_SIZE 128

/* ------------------------------------------ an allocator that fails --- */

static bool fail_all;		/* every call fails */
static unsigned long fail_every;	/* non-zero: every fail_every-th call fails */
static unsigned long alloc_calls, free_calls;

static void reset_allocator(bool fail, unsigned long every)
{
	WRITE_ONCE(fail_all, fail);
	WRITE_ONCE(fail_every, every);
	WRITE_ONCE(alloc_calls, 0);
	WRITE_ONCE(free_calls, 0);
}

static void *failing_alloc(gfp_t gfp, void *pool_data)
{
	unsigned long call = __atomic_fetch_add(&alloc_calls, 1, __ATOMIC_RELAXED);
	unsigned long every = READ_ONCE(fail_every);

	if (READ_ONCE(fail_all) || (every && call % every == every - 1))
		return NULL;
	return kmalloc((size_t)pool_data, gfp);
}

static void counted_free(void *element, void *pool_data)
{
	__atomic_fetch_add(&free_calls, 1, __ATOMIC_RELAXED);
	kfree(element);
}

static bool in_set(void *element, void *const *set, int n)
{
	for (int i = 0; i < n; i++)
		if (set[i] == element)
			return true;
	return false;
}

/*
 * With the allocator failing, the reserve's own elements come out, each
 * once, exactly min_nr of them, then NULL; frees refill the reserve
 * before anything reaches the allocator.
 */
static void reserve_under_injected_failure(struct ktest *t)
{
	enum { MIN = 5 };
	unsigned long before = exact_free_pages();
	void *reserve[MIN], *got[MIN], *extra;
	mempool_t *pool;

	reset_allocator(false, 0);
	pool = mempool_create(MIN, failing_alloc, counted_free, (void *)ELEMENT_SIZE);
	KTEST_EXPECT(t, pool != NULL);
	if (!pool)
		return;
	KTEST_EXPECT_EQ(t, pool->curr_nr, MIN);
	memcpy(reserve, pool->elements, sizeof(reserve));
	extra = mempool_alloc(pool, GFP_KERNEL);
	KTEST_EXPECT(t, extra && !in_set(extra, reserve, MIN));

	reset_allocator(true, 0);
	for (int i = 0; i < MIN; i++) {
		got[i] = mempool_alloc(pool, i & 1 ? GFP_ATOMIC : GFP_KERNEL);
		KTEST_EXPECT(t, got[i] && in_set(got[i], reserve, MIN) && !in_set(got[i], got, i));
		if (got[i])
			memset(got[i], 0x5c, ELEMENT_SIZE);
	}
	KTEST_EXPECT(t, mempool_alloc(pool, GFP_KERNEL) == NULL);
	KTEST_EXPECT(t, mempool_alloc(pool, GFP_ATOMIC) == NULL);
	KTEST_EXPECT_EQ(t, alloc_calls, MIN + 2 + 1);	/* GFP_KERNEL tries twice */

	for (int i = 0; i < MIN; i++)
		mempool_free(got[i], pool);
	KTEST_EXPECT_EQ(t, pool->curr_nr, MIN);
	KTEST_EXPECT_EQ(t, free_calls, 0);
	mempool_free(extra, pool);
	KTEST_EXPECT_EQ(t, free_calls, 1);
	mempool_destroy(pool);
	KTEST_EXPECT_EQ(t, free_calls, 1 + MIN);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/* Slab, kmalloc and page pools: usable elements, resize, nothing left over. */
static void three_kinds_and_resize(struct ktest *t)
{
	unsigned long before = exact_free_pages();
	struct kmem_cache *cache = kmem_cache_create("mempool-test", 72, 0, 0, NULL);
	mempool_t *pools[3];
	void *e[6];

	KTEST_EXPECT(t, cache != NULL);
	if (!cache)
		return;
	pools[0] = mempool_create_slab_pool(2, cache);
	pools[1] = mempool_create_kmalloc_pool(2, 5000);
	pools[2] = mempool_create_page_pool(2, 1);
	for (int p = 0; p < 3; p++) {
		KTEST_EXPECT(t, pools[p] != NULL);
		if (!pools[p])
			continue;
		KTEST_EXPECT_EQ(t, mempool_resize(pools[p], 6), 0);
		KTEST_EXPECT_EQ(t, pools[p]->curr_nr, 6);
		for (int i = 0; i < 6; i++) {
			e[i] = mempool_alloc(pools[p], GFP_KERNEL);
			KTEST_EXPECT(t, e[i] != NULL);
		}
		/* The first and last are a reserve element and an allocator one. */
		for (int i = 0; i < 6; i += 5) {
			if (!e[i])
				continue;
			if (p == 0)
				memset(e[i], 0x11, 72);
			else if (p == 1)
				memset(e[i], 0x12, 5000);
			else
				memset(page_address(e[i]), 0x13, 2 * PAGE_SIZE);
		}
		for (int i = 0; i < 6; i++)
			mempool_free(e[i], pools[p]);
		KTEST_EXPECT_EQ(t, mempool_resize(pools[p], 1), 0);
		KTEST_EXPECT_EQ(t, pools[p]->curr_nr, 1);
		mempool_destroy(pools[p]);
	}
	kmem_cache_destroy(cache);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

/* ------------------------------------------------------- all harts --- */

#define HELD 6		/* elements each hart holds at once */
/*
 * Few rounds: every request of the first phase takes the pool's lock, and
 * when QEMU's hart threads outnumber the host's cores a ticket lock can
 * fall into a convoy (each handover waits for the next holder's thread to
 * be scheduled: milliseconds), which turns 5 ms into minutes at 200 rounds.
 */
#define ROUNDS 20

static struct churn churn;

/*
 * Every hart takes HELD elements of one pool, stamps them, checks and
 * frees them, ROUNDS times, all at once. A reserve of HELD per hart is
 * exactly enough: with the allocator failing throughout, every element is
 * a reserve element and none is ever missing or handed to two harts;
 * with every third allocator call failing, elements come from and go
 * back to both, and still no request fails. Either way the reserve is
 * whole at the end.
 */
static void harts_share_one_pool(struct ktest *t)
{
	unsigned long before = exact_free_pages(), nulls, bad;
	unsigned long long started;
	unsigned int harts = num_online_cpus();
	int min_nr = (int)harts * HELD;

	reset_allocator(false, 0);
	churn = (struct churn){
		.pool = mempool_create(min_nr, failing_alloc, counted_free, (void *)ELEMENT_SIZE),
		.held = HELD, .words = ELEMENT_SIZE / sizeof(long), .rounds = ROUNDS,
	};
	KTEST_EXPECT(t, churn.pool != NULL);
	if (!churn.pool)
		return;

	reset_allocator(true, 0);
	started = ktime_get_ns();
	churn_all_harts(&churn, churn_hart, &nulls, &bad);
	printk("  # %s: reserve only: %u harts, %lu requests in %llu us\n", t->name, harts,
	       (unsigned long)min_nr * churn.rounds, (ktime_get_ns() - started) / 1000);
	KTEST_EXPECT_EQ(t, nulls, 0);
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT_EQ(t, churn.pool->curr_nr, min_nr);
	KTEST_EXPECT_EQ(t, free_calls, 0);

	reset_allocator(false, 3);
	started = ktime_get_ns();
	churn_all_harts(&churn, churn_hart, &nulls, &bad);
	KTEST_EXPECT_EQ(t, nulls, 0);
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT_EQ(t, churn.pool->curr_nr, min_nr);
	KTEST_EXPECT_EQ(t, alloc_calls, (unsigned long)min_nr * churn.rounds);
	printk("  # %s: allocator failing 1 in 3: %lu calls, %lu frees to it, in %llu us\n",
	       t->name, alloc_calls, free_calls, (ktime_get_ns() - started) / 1000);
	mempool_destroy(churn.pool);
	KTEST_EXPECT_EQ(t, exact_free_pages(), before);
}

static const struct ktest_case mempool_cases[] = {
	KTEST_CASE(reserve_under_injected_failure),
	KTEST_CASE(three_kinds_and_resize),
	KTEST_CASE(harts_share_one_pool),
};
KTEST_SUITE(mempool_ktest_suite, "mempool", mempool_cases);
