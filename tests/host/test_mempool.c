// SPDX-License-Identifier: MIT
/*
 * DOC: host test - memory pools (mm/mempool.c)
 *
 * The unmodified mempool, slab and page allocator on pthread harts over
 * the host arena, under ASan and UBSan with DEBUG=1 (reserve elements
 * poisoned). Most cases use a pool whose alloc_fn is the test's own: it
 * counts its calls, records the gfp it was given, and fails on demand
 * after a budget of successes, so the reserve can be seen taking over
 * exactly when the allocator fails. One case makes the page allocator
 * fail for real by pinning all memory. Each case ends with the pools
 * destroyed, every cache shrunk and the buddy holding exactly the pages
 * it held after boot.
 */
#include "tests/host/mm_host.h"
#include "kernel/errno.h"
#include "mm/mempool.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "tests/kernel/mempool_churn.h"
#include <asm/irqflags.h>
#include <limits.h>

#define WATCHDOG_S 240
#define ELEMENT_SIZE 200

/* ------------------------------------------ an allocator that fails --- */

/* Successes test_alloc() has left; at 0 it fails. Atomic: harts share it. */
static long budget;
/* Non-zero: every fail_every-th call fails as well, budget or not. */
static long fail_every;
static long alloc_calls, free_calls, live;
static gfp_t gfp_seen[4];	/* the gfp of the first four calls since reset */

static void reset_allocator(long successes)
{
	budget = successes;
	fail_every = 0;
	alloc_calls = free_calls = 0;
	memset(gfp_seen, 0, sizeof(gfp_seen));
}

static void *test_alloc(gfp_t gfp, void *pool_data)
{
	long call = __atomic_fetch_add(&alloc_calls, 1, __ATOMIC_RELAXED);
	void *p;

	if (call < (long)ARRAY_SIZE(gfp_seen))
		gfp_seen[call] = gfp;
	if (fail_every && call % fail_every == fail_every - 1)
		return NULL;
	if (__atomic_sub_fetch(&budget, 1, __ATOMIC_RELAXED) < 0) {
		__atomic_add_fetch(&budget, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	p = kmalloc((size_t)pool_data, gfp);
	if (p)
		__atomic_add_fetch(&live, 1, __ATOMIC_RELAXED);
	return p;
}

static void test_free(void *element, void *pool_data)
{
	__atomic_add_fetch(&free_calls, 1, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&live, 1, __ATOMIC_RELAXED);
	kfree(element);
}

static mempool_t *test_pool(int min_nr)
{
	reset_allocator(LONG_MAX);
	return mempool_create(min_nr, test_alloc, test_free, (void *)(size_t)ELEMENT_SIZE);
}

/* True if @element is one of the @n pointers at @set. */
static bool in_set(void *element, void *const *set, int n)
{
	for (int i = 0; i < n; i++)
		if (set[i] == element)
			return true;
	return false;
}

/* ------------------------------------------------------- creation --- */

/*
 * Creation fills the reserve with min_nr elements from alloc_fn; a pool
 * that cannot be filled is not made and leaves nothing behind; negative
 * sizes are refused; init/exit work on a pool the caller embeds, and
 * create_node puts the pool on the node asked for.
 */
static void create_fills_reserve(void)
{
	mempool_t *pool, embedded;

	slab_boot(&slab_machine);
	pool = test_pool(5);
	CHECK(pool != NULL);
	CHECK_EQ(alloc_calls, 5);
	CHECK_EQ(pool->curr_nr, 5);
	CHECK_EQ(pool->min_nr, 5);
	CHECK_EQ(live, 5);
	CHECK((gfp_seen[0] & GFP_KERNEL) == GFP_KERNEL);
	CHECK(mempool_initialized(pool) && mempool_is_saturated(pool));
	mempool_destroy(pool);
	CHECK_EQ(live, 0);
	mempool_destroy(NULL);

	reset_allocator(3);
	CHECK(mempool_create(5, test_alloc, test_free, (void *)200UL) == NULL);
	CHECK_EQ(live, 0);
	CHECK_EQ(free_calls, 3);

	CHECK(mempool_create(-1, test_alloc, test_free, NULL) == NULL);
	CHECK(log_contains("mempool: mempool_init: min_nr -1 is negative"));

	reset_allocator(LONG_MAX);
	CHECK_EQ(mempool_init(&embedded, 4, test_alloc, test_free, (void *)64UL), 0);
	CHECK_EQ(embedded.curr_nr, 4);
	mempool_exit(&embedded);
	CHECK(!mempool_initialized(&embedded));
	CHECK_EQ(live, 0);
	reset_allocator(2);
	CHECK_EQ(mempool_init(&embedded, 4, test_alloc, test_free, (void *)64UL), -ENOMEM);
	CHECK_EQ(live, 0);

	reset_allocator(LONG_MAX);
	pool = mempool_create_node(2, test_alloc, test_free, (void *)64UL, GFP_KERNEL, 1);
	CHECK(pool && page_to_nid(virt_to_page(pool)) == 1);
	mempool_destroy(pool);

	pool = test_pool(0);	/* a pool with no reserve is only a wrapper */
	CHECK(pool && pool->curr_nr == 0);
	budget = 0;
	CHECK(mempool_alloc(pool, GFP_KERNEL) == NULL);
	mempool_destroy(pool);
	CHECK_EQ(live, 0);
	slab_memory_back();
}

/* ------------------------------------------------ alloc and free --- */

/*
 * While the allocator works, mempool_alloc() takes from it (without
 * reclaim and without a failure report, as Linux) and leaves the reserve
 * whole; a free with the reserve full goes to free_fn. __GFP_ZERO, which
 * a reserve element could not honour, is dropped with a warning.
 */
static void alloc_uses_allocator_first(void)
{
	mempool_t *pool;
	void *reserve[4], *got[10];

	slab_boot(&slab_machine);
	pool = test_pool(4);
	memcpy(reserve, pool->elements, sizeof(reserve));
	reset_allocator(LONG_MAX);
	for (int i = 0; i < 10; i++) {
		got[i] = mempool_alloc(pool, GFP_KERNEL);
		CHECK(got[i] && !in_set(got[i], reserve, 4));
		memset(got[i], 0x33, ELEMENT_SIZE);
	}
	CHECK_EQ(alloc_calls, 10);
	CHECK_EQ(pool->curr_nr, 4);
	CHECK(gfp_seen[0] & __GFP_NOWARN);
	CHECK(!(gfp_seen[0] & (__GFP_DIRECT_RECLAIM | __GFP_IO)));
	CHECK(gfp_seen[0] & __GFP_FS);
	for (int i = 0; i < 10; i++)
		mempool_free(got[i], pool);
	CHECK_EQ(free_calls, 10);
	reset_allocator(LONG_MAX);
	/* __GFP_ZERO cannot hold for reserve elements: dropped, with a warning. */
	got[0] = mempool_alloc(pool, GFP_KERNEL | __GFP_ZERO);
	CHECK(got[0] && !(gfp_seen[0] & __GFP_ZERO) && gfp_seen[0] != 0);
	CHECK(log_contains("mempool: mempool_alloc: __GFP_ZERO ignored"));
	mempool_free(got[0], pool);
	CHECK_EQ(pool->curr_nr, 4);
	mempool_destroy(pool);
	CHECK_EQ(live, 0);
	slab_memory_back();
}

/*
 * With the allocator failing, elements come from the reserve: exactly
 * min_nr of them, the ones made at creation, each once; then NULL. A
 * GFP_KERNEL request tries the allocator again with reclaim before giving
 * up, a GFP_ATOMIC one does not. Frees refill the reserve before anything
 * goes back to free_fn; NULL is a no-op.
 */
static void reserve_under_injected_failure(void)
{
	enum { MIN = 6 };
	void *reserve[MIN], *got[MIN], *extra;
	mempool_t *pool;

	slab_boot(&slab_machine);
	pool = test_pool(MIN);
	memcpy(reserve, pool->elements, sizeof(reserve));
	extra = mempool_alloc(pool, GFP_KERNEL);	/* from the allocator */
	CHECK(extra != NULL);

	reset_allocator(0);
	for (int i = 0; i < MIN; i++) {
		got[i] = mempool_alloc(pool, GFP_KERNEL);
		CHECK(got[i] && in_set(got[i], reserve, MIN) && !in_set(got[i], got, i));
		if (got[i])
			memset(got[i], 0x44, ELEMENT_SIZE);	/* usable, and poison checked */
		CHECK_EQ(pool->curr_nr, MIN - 1 - i);
	}
	CHECK_EQ(alloc_calls, MIN);	/* one try each while the reserve had some */
	CHECK(mempool_alloc(pool, GFP_KERNEL) == NULL);
	CHECK_EQ(alloc_calls, MIN + 2);	/* without reclaim, then with */
	CHECK(gfp_seen[0] != 0);
	CHECK(mempool_alloc(pool, GFP_ATOMIC) == NULL);
	CHECK_EQ(alloc_calls, MIN + 3);
	CHECK(!mempool_is_saturated(pool));

	mempool_free(NULL, pool);
	mempool_free(extra, pool);	/* refills, although it came from the allocator */
	CHECK_EQ(pool->curr_nr, 1);
	CHECK_EQ(free_calls, 0);
	CHECK(mempool_alloc(pool, GFP_ATOMIC) == extra);
	for (int i = 0; i < MIN; i++)
		mempool_free(got[i], pool);
	CHECK_EQ(pool->curr_nr, MIN);
	CHECK_EQ(free_calls, 0);
	mempool_free(extra, pool);	/* reserve full: to the allocator */
	CHECK_EQ(free_calls, 1);
	CHECK_EQ(live, MIN);
	CHECK(!log_contains("BUG"));
	mempool_destroy(pool);
	CHECK_EQ(live, 0);
	slab_memory_back();
}

/* ------------------------------------------------------- resizing --- */

/*
 * Growing allocates just the new elements; shrinking frees the surplus;
 * a grow that cannot get all its elements fails with the pool untouched;
 * with elements out, a grow keeps them owed to the reserve.
 */
static void resize_up_and_down(void)
{
	void *before[4], *out[2];
	mempool_t *pool;

	slab_boot(&slab_machine);
	pool = test_pool(4);
	reset_allocator(LONG_MAX);
	CHECK_EQ(mempool_resize(pool, 10), 0);
	CHECK_EQ(alloc_calls, 10 - 4);
	CHECK_EQ(pool->min_nr, 10);
	CHECK_EQ(pool->curr_nr, 10);
	CHECK_EQ(mempool_resize(pool, 2), 0);
	CHECK_EQ(free_calls, 8);
	CHECK_EQ(pool->curr_nr, 2);
	CHECK_EQ(pool->min_nr, 2);
	CHECK_EQ(live, 2);
	CHECK_EQ(mempool_resize(pool, 2), 0);
	CHECK_EQ(mempool_resize(pool, 4), 0);
	CHECK_EQ(live, 4);

	/* A failed grow: three of five new elements, then the allocator fails. */
	memcpy(before, pool->elements, sizeof(before));
	reset_allocator(3);
	CHECK_EQ(mempool_resize(pool, 9), -ENOMEM);
	CHECK_EQ(alloc_calls, 4);
	CHECK_EQ(free_calls, 3);
	CHECK_EQ(pool->min_nr, 4);
	CHECK_EQ(pool->curr_nr, 4);
	CHECK(!memcmp(before, pool->elements, sizeof(before)));
	CHECK_EQ(live, 4);
	CHECK_EQ(mempool_resize(pool, -3), -EINVAL);
	CHECK_EQ(pool->min_nr, 4);

	/* Two elements out of the reserve, then grow by two. */
	reset_allocator(0);
	out[0] = mempool_alloc(pool, GFP_ATOMIC);
	out[1] = mempool_alloc(pool, GFP_ATOMIC);
	CHECK(out[0] && out[1]);
	reset_allocator(LONG_MAX);
	CHECK_EQ(mempool_resize(pool, 6), 0);
	CHECK_EQ(alloc_calls, 2);
	CHECK_EQ(pool->curr_nr, 4);
	mempool_free(out[0], pool);
	mempool_free(out[1], pool);
	CHECK_EQ(pool->curr_nr, 6);
	CHECK_EQ(free_calls, 0);
	CHECK_EQ(live, 6);
	mempool_destroy(pool);
	CHECK_EQ(live, 0);
	slab_memory_back();
}

/* --------------------------------------------------- the three kinds --- */

#define CTOR_BYTE 0xc7

/* Constructed objects start all CTOR_BYTE; the reserve must not spoil that. */
static void fill_ctor(void *obj)
{
	memset(obj, CTOR_BYTE, 64);
}

/*
 * Slab, kmalloc and page pools: the reserve holds real objects of the
 * kind, elements are usable over their whole size, and destroying the
 * pools gives every page back.
 */
static void three_kinds_of_pool(void)
{
	struct kmem_cache *plain, *constructed;
	mempool_t *slab_pool, *ctor_pool, *kmalloc_pool, *page_pool;
	void *e[8];

	slab_boot(&slab_machine);
	plain = kmem_cache_create("mp-plain", 100, 0, 0, NULL);
	constructed = kmem_cache_create("mp-ctor", 64, 0, 0, fill_ctor);
	slab_pool = mempool_create_slab_pool(3, plain);
	ctor_pool = mempool_create_slab_pool(3, constructed);
	kmalloc_pool = mempool_create_kmalloc_pool(3, 3000);
	page_pool = mempool_create_page_pool(3, 2);
	CHECK(slab_pool && ctor_pool && kmalloc_pool && page_pool);
	if (!slab_pool || !ctor_pool || !kmalloc_pool || !page_pool)
		return;

	for (int i = 0; i < 3; i++) {
		CHECK(page_cache(virt_to_page(slab_pool->elements[i])) == plain);
		CHECK(page_cache(virt_to_page(ctor_pool->elements[i])) == constructed);
		CHECK(ksize(kmalloc_pool->elements[i]) >= 3000);
		struct page *page = page_pool->elements[i];

		CHECK(page_to_pfn(page) % 4 == 0);
	}
	for (int i = 0; i < 8; i++) {
		e[i] = mempool_alloc(slab_pool, GFP_KERNEL);
		CHECK(e[i] && page_cache(virt_to_page(e[i])) == plain);
		memset(e[i], 0x21, 100);
	}
	for (int i = 0; i < 8; i++)
		mempool_free(e[i], slab_pool);
	for (int i = 0; i < 8; i++) {
		unsigned char *obj = e[i] = mempool_alloc(ctor_pool, GFP_KERNEL);

		CHECK(obj && obj[0] == CTOR_BYTE && obj[63] == CTOR_BYTE);
	}
	for (int i = 0; i < 8; i++)
		mempool_free(e[i], ctor_pool);
	for (int i = 0; i < 8; i++) {
		e[i] = mempool_alloc(kmalloc_pool, GFP_KERNEL);
		CHECK(e[i] != NULL);
		memset(e[i], 0x22, 3000);
	}
	for (int i = 0; i < 8; i++)
		mempool_free(e[i], kmalloc_pool);
	for (int i = 0; i < 8; i++) {
		struct page *page = e[i] = mempool_alloc(page_pool, GFP_KERNEL);

		CHECK(page && page_to_pfn(page) % 4 == 0);
		if (page)
			memset(page_address(page), 0x23, 4 * PAGE_SIZE);
	}
	for (int i = 0; i < 8; i++)
		mempool_free(e[i], page_pool);
	CHECK(slab_pool->curr_nr == 3 && ctor_pool->curr_nr == 3 &&
	      kmalloc_pool->curr_nr == 3 && page_pool->curr_nr == 3);
	CHECK(!log_contains("BUG"));

	mempool_destroy(slab_pool);
	mempool_destroy(ctor_pool);
	mempool_destroy(kmalloc_pool);
	mempool_destroy(page_pool);
	kmem_cache_destroy(plain);
	kmem_cache_destroy(constructed);
	CHECK(!log_contains("still allocated"));
	slab_memory_back();
}

/* ------------------------------------------------ a real shortage --- */

static struct held_pages pinned;	/* every page, down to GFP_ATOMIC's reserves */

/*
 * A page pool with the page allocator out of memory for real: the
 * reserve's blocks come out, min_nr of them, then NULL even for
 * GFP_KERNEL. In the debug build an element written after going back to
 * the reserve is reported when it comes out again.
 */
static void reserve_under_real_shortage(void)
{
	enum { MIN = 4, ORDER = 3 };
	struct page *reserve[MIN], *got[MIN];
	mempool_t *pool;

	slab_boot(&slab_machine);
	pool = mempool_create_page_pool(MIN, ORDER);
	CHECK(pool != NULL);
	if (!pool)
		return;
	memcpy(reserve, pool->elements, sizeof(reserve));
	held_pages_init(&pinned);
	drain_all_pages();
	hold_all_pages(&pinned, GFP_ATOMIC);
	CHECK(alloc_pages(GFP_ATOMIC | __GFP_NOWARN, ORDER) == NULL);
	for (int i = 0; i < MIN; i++) {
		got[i] = mempool_alloc(pool, GFP_KERNEL);
		CHECK(got[i] && in_set(got[i], (void **)reserve, MIN));
	}
	CHECK(mempool_alloc(pool, GFP_KERNEL) == NULL);
	CHECK(mempool_alloc(pool, GFP_ATOMIC) == NULL);
	CHECK(!log_contains("page allocation failure"));	/* __GFP_NOWARN */

	mempool_free(got[0], pool);
	CHECK_EQ(pool->curr_nr, 1);
	((char *)page_address(got[0]))[100] = 1;	/* after the free */
	CHECK(mempool_alloc(pool, GFP_KERNEL) == got[0]);
	CHECK(log_contains("written after mempool_free(): byte 100 is 0x1"));

	release_held_pages(&pinned, pinned.count);
	for (int i = 0; i < MIN; i++)
		mempool_free(got[i], pool);
	CHECK_EQ(pool->curr_nr, MIN);
	mempool_destroy(pool);
	slab_memory_back();
}

/* ------------------------------------------------------- all harts --- */

#define HARTS 4
#define HELD 8		/* elements each hart holds at once */

static struct churn churn;

/* churn_hart() with interrupts on, as a kernel thread runs. */
static void churn_irqs_on(void *arg)
{
	local_irq_enable();
	churn_hart(arg);
	local_irq_disable();
}

/*
 * Four harts take and give back elements of one pool at once. First with
 * the allocator failing throughout: every element is a reserve element,
 * and a reserve of HARTS * HELD is exactly enough, so no request fails,
 * no element is handed to two harts (the stamps), and at the end the
 * reserve holds its original elements again. Then with every third call
 * of the allocator failing, so elements come from both and go back to
 * both: still no request fails (the reserve is owed at most what is held,
 * and a requester holds fewer than HELD), and at the end the reserve is
 * full again and holds the only elements alive.
 */
static void harts_share_one_pool(void)
{
	void *reserve[HARTS * HELD];
	unsigned long nulls, bad;

	slab_boot(&slab_machine);
	CHECK_EQ(num_online_cpus(), HARTS);
	churn = (struct churn){ .pool = test_pool(HARTS * HELD), .held = HELD,
				.words = ELEMENT_SIZE / sizeof(long), .rounds = 100 };
	memcpy(reserve, churn.pool->elements, sizeof(reserve));

	reset_allocator(0);
	churn_all_harts(&churn, churn_irqs_on, &nulls, &bad);
	CHECK_EQ(nulls, 0);
	CHECK_EQ(bad, 0);
	CHECK_EQ(churn.pool->curr_nr, HARTS * HELD);
	for (int i = 0; i < HARTS * HELD; i++)
		CHECK(in_set(churn.pool->elements[i], reserve, HARTS * HELD));
	CHECK_EQ(free_calls, 0);

	reset_allocator(LONG_MAX);
	fail_every = 3;
	churn_all_harts(&churn, churn_irqs_on, &nulls, &bad);
	CHECK_EQ(nulls, 0);
	CHECK_EQ(bad, 0);
	CHECK_EQ(churn.pool->curr_nr, HARTS * HELD);
	CHECK_EQ(live, HARTS * HELD);
	/* One call per request: the reserve was never empty. */
	CHECK_EQ(alloc_calls, HARTS * HELD * churn.rounds);
	CHECK(free_calls > 0);
	CHECK(!log_contains("BUG"));
	mempool_destroy(churn.pool);
	CHECK_EQ(live, 0);
	slab_memory_back();
}

int main(void)
{
	alarm(WATCHDOG_S);
	ktap_plan(7);
	RUN_FORKED(create_fills_reserve);
	RUN_FORKED(alloc_uses_allocator_first);
	RUN_FORKED(reserve_under_injected_failure);
	RUN_FORKED(resize_up_and_down);
	RUN_FORKED(three_kinds_of_pool);
	RUN_FORKED(reserve_under_real_shortage);
	RUN_FORKED(harts_share_one_pool);
	return ktap_done();
}
