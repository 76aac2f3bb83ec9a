// SPDX-License-Identifier: MIT
/*
 * DOC: host test - object caches and kmalloc (mm/slab.c, mm/kmalloc.c)
 *
 * The unmodified slab code on pthread harts over the host arena, built
 * with DEBUG=1 (poison and the free checks on) under ASan and UBSan. Each
 * case boots its own machine and ends with every cache shrunk and the
 * buddy holding exactly the pages it held after boot: no page lost in a
 * slab, a magazine or a remote buffer.
 */
#include "tests/host/mm_host.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "mm/shrinker.h"

#define WATCHDOG_S 240

static bool all_zero(const void *p, size_t len)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < len; i++)
		if (b[i])
			return false;
	return true;
}

static void on_cpu(unsigned int cpu, void (*fn)(void *), void *arg)
{
	CHECK_EQ(smp_call_function_single(cpu, fn, arg, true), 0);
}

/* -------------------------------------------------------- kmalloc --- */

/* The class kmalloc() must use for @size, and its alignment. */
static size_t class_of(size_t size, size_t *align)
{
	static const size_t classes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512,
					  1024, 2048, 4096, 8192 };

	for (unsigned int i = 0; i < ARRAY_SIZE(classes); i++) {
		if (size <= classes[i]) {
			size_t c = classes[i];

			*align = c == 96 ? 32 : c == 192 ? 64 : min(c, (size_t)PAGE_SIZE);
			return c;
		}
	}
	return 0;
}

/*
 * Every size 1..8192 in steps lands in its class, aligned to it, with
 * room for what was asked; sizes above get whole pages; 0 and NULL are
 * the special cases Linux has.
 */
static void kmalloc_every_class(void)
{
	static void *held[600];
	unsigned int n = 0;

	slab_boot(&slab_machine);
	for (size_t size = 1; size <= 8192; size += size < 256 ? 1 : 97) {
		size_t align, want = class_of(size, &align);
		void *p = kmalloc(size, GFP_KERNEL);

		CHECK(p != NULL);
		if (!p)
			break;
		CHECK_EQ(ksize(p), want);
		CHECK_EQ((unsigned long)p % align, 0);
		memset(p, 0x5a, size);
		if (n < ARRAY_SIZE(held))
			held[n++] = p;
		else
			kfree(p);
	}
	for (size_t size = 8193; size <= 1 << 20; size *= 4) {
		void *p = kmalloc(size, GFP_KERNEL);

		CHECK(p && (unsigned long)p % PAGE_SIZE == 0);
		CHECK(ksize(p) >= size && ksize(p) < 2 * size + PAGE_SIZE);
		memset(p, 0x5a, size);
		kfree(p);
	}
	CHECK(kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	CHECK_EQ(ksize(ZERO_SIZE_PTR), 0);
	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	while (n--)
		kfree(held[n]);
	CHECK(!log_contains("BUG"));
	slab_memory_back();
}

/* Overflowing products are refused; zeroing variants zero. */
static void kmalloc_array_and_zeroing(void)
{
	unsigned char *p;

	slab_boot(&slab_machine);
	CHECK(kmalloc_array(SIZE_MAX / 2, 3, GFP_KERNEL) == NULL);
	CHECK(kcalloc(1UL << 62, 8, GFP_KERNEL) == NULL);
	p = kmalloc(200, GFP_KERNEL);
	memset(p, 0xff, 200);
	kfree(p);
	p = kcalloc(25, 8, GFP_KERNEL);	/* likely the same object again */
	CHECK(p && all_zero(p, 200));
	kfree(p);
	p = kzalloc(20000, GFP_KERNEL);
	CHECK(p && all_zero(p, 20000));
	kfree(p);
	p = kzalloc_node(64, GFP_KERNEL, 1);
	CHECK(p && all_zero(p, 64) && page_to_nid(virt_to_page(p)) == 1);
	kfree(p);
	slab_memory_back();
}

/* krealloc keeps the contents through growth and shrinking. */
static void krealloc_keeps_contents(void)
{
	unsigned char *p, *q;

	slab_boot(&slab_machine);
	p = krealloc(NULL, 10, GFP_KERNEL);
	CHECK(p != NULL);
	for (int i = 0; i < 10; i++)
		p[i] = i;
	for (size_t size = 20; size <= 40000; size = size * 3) {
		q = krealloc(p, size, GFP_KERNEL);
		CHECK(q != NULL);
		if (!q)
			break;
		p = q;
		for (int i = 0; i < 10; i++)
			CHECK_EQ(p[i], i);
	}
	q = krealloc(p, 5, GFP_KERNEL);	/* shrinking keeps the object */
	CHECK(q == p);
	CHECK_EQ(q[4], 4);
	CHECK(krealloc(q, 0, GFP_KERNEL) == ZERO_SIZE_PTR);
	slab_memory_back();
}

/* ------------------------------------------------------ kmem_cache --- */

struct thing {
	unsigned long magic;
	char payload[40];
};

static void thing_ctor(void *obj)
{
	((struct thing *)obj)->magic = 0x7417;
}

/*
 * A cache's life: objects aligned as asked, constructed once, zeroed on
 * request; destroy refuses while objects live and says so; shrink gives
 * back every page.
 */
static void cache_lifecycle(void)
{
	struct kmem_cache *s;
	struct thing *t[100];

	slab_boot(&slab_machine);
	s = kmem_cache_create("thing", sizeof(struct thing), 0, SLAB_HWCACHE_ALIGN, thing_ctor);
	CHECK(s != NULL);
	for (int i = 0; i < 100; i++) {
		t[i] = kmem_cache_alloc(s, GFP_KERNEL);
		CHECK(t[i] && (unsigned long)t[i] % SMP_CACHE_BYTES == 0);
		CHECK_EQ(t[i]->magic, 0x7417);
	}
	for (int i = 0; i < 100; i++)
		for (int j = i + 1; j < 100; j++)
			CHECK(t[i] != t[j]);
	kmem_cache_destroy(s);
	CHECK(log_contains("kmem_cache_destroy thing: 100 objects still allocated"));
	for (int i = 0; i < 100; i++)
		kmem_cache_free(s, t[i]);
	kmem_cache_destroy(s);
	slab_memory_back();

	s = kmem_cache_create("zeroed", 24, 8, 0, NULL);
	t[0] = kmem_cache_zalloc(s, GFP_KERNEL);
	CHECK(t[0] && all_zero(t[0], 24));
	kmem_cache_free(s, t[0]);
	kmem_cache_destroy(s);

	CHECK(kmem_cache_create("toolarge", KMALLOC_MAX_CACHE_SIZE + 1, 0, 0, NULL) == NULL);
	CHECK(kmem_cache_create("badalign", 64, 48, 0, NULL) == NULL);
	CHECK(log_contains("kmem_cache_create(badalign, size 64, align 48): bad arguments"));
	slab_memory_back();
}

/* ---------------------------------------------------- bad frees --- */

/* Every mistake the debug build promises to catch is reported, not applied. */
static void bad_frees_reported(void)
{
	struct kmem_cache *a, *b, *red;
	unsigned char *p, *q;
	int on_stack;

	slab_boot(&slab_machine);
	p = kmalloc(64, GFP_KERNEL);
	kfree(p);
	kfree(p);
	CHECK(log_contains("BUG kmalloc-64: double free"));
	q = kmalloc(64, GFP_KERNEL);
	CHECK(q == p);	/* the magazine held it once, not twice */
	p = kmalloc(64, GFP_KERNEL);
	CHECK(p != q);
	kfree(p);

	kfree(q + 8);
	CHECK(log_contains("not an object of this cache"));
	kfree(q);
	kfree(&on_stack);
	CHECK(log_contains("not an address kmalloc() returns"));

	a = kmem_cache_create("cache-a", 32, 0, 0, NULL);
	b = kmem_cache_create("cache-b", 32, 0, 0, NULL);
	p = kmem_cache_alloc(a, GFP_KERNEL);
	kmem_cache_free(b, p);
	CHECK(log_contains("BUG cache-b: freed into the wrong cache"));
	kmem_cache_free(a, p);

	red = kmem_cache_create("guarded", 40, 0, SLAB_RED_ZONE | SLAB_POISON, NULL);
	p = kmem_cache_alloc(red, GFP_KERNEL);
	p[40] = 1;	/* one byte past the object */
	kmem_cache_free(red, p);
	CHECK(log_contains("BUG guarded: red zone overwritten"));
	p[40] = SLAB_RED_ACTIVE;
	kmem_cache_free(red, p);
	p[0] = 1;	/* written after the free */
	q = kmem_cache_alloc(red, GFP_KERNEL);
	CHECK(q == p);
	CHECK(log_contains("BUG guarded: object"));
	CHECK(log_contains("was written after it was freed"));
	kmem_cache_free(red, q);
	kmem_cache_free(red, q);
	CHECK(log_contains("BUG guarded: double free"));

	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	kmem_cache_destroy(red);
	slab_memory_back();
}

/* ------------------------------------------------------ two nodes --- */

static void *node0_objects[200];

static void take_on_node0(void *unused)
{
	for (int i = 0; i < 200; i++)
		node0_objects[i] = kmalloc(128, GFP_KERNEL);
}

static void free_on_node1(void *unused)
{
	for (int i = 0; i < 200; i++)
		kfree(node0_objects[i]);
}

/*
 * Objects allocated on node 0 and freed by a node-1 hart go home: they
 * never enter node 1's magazines, and node 0's slabs get them back in
 * batches once the remote buffer fills (what is left there goes home on
 * the drain).
 */
static void remote_frees_go_home(void)
{
	struct kmem_cache *s;
	unsigned long inuse_before;

	slab_boot(&slab_machine);
	on_cpu(0, take_on_node0, NULL);
	for (int i = 0; i < 200; i++)
		CHECK(page_to_nid(virt_to_page(node0_objects[i])) == 0);
	s = page_cache(virt_to_page(node0_objects[0]));
	inuse_before = s->node[0].inuse;
	CHECK(inuse_before >= 200);
	on_cpu(2, free_on_node1, NULL);
	/* 200 = 6 full buffers of 31 + 14 waiting. */
	CHECK_EQ(inuse_before - s->node[0].inuse, 186);
	CHECK_EQ(s->node[1].inuse, 0);
	slab_memory_back();
	CHECK_EQ(s->node[0].inuse, 0);
}

/* --------------------------------------------------- shrinker --- */

/* A page chain through page->lru, to hold many pages without a table. */
static LIST_HEAD(pinned);

/*
 * Under pressure the balancer's shrinker gives back the empty slabs a
 * node keeps: node 0 is filled to its min mark with pinned pages, then
 * balanced.
 */
static void shrinker_frees_empty_slabs(void)
{
	static void *objs[4000];
	unsigned long reclaimable, unreclaimable;
	struct kmem_cache *s;
	struct page *page;

	slab_boot(&slab_machine);
	s = kmem_cache_create("shrinkme", 256, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	for (int i = 0; i < 4000; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	slab_node_pages(0, &reclaimable, &unreclaimable);
	CHECK(reclaimable >= 4000 * 256 / PAGE_SIZE);
	for (int i = 0; i < 4000; i++)
		kmem_cache_free(s, objs[i]);
	CHECK(s->node[0].nr_empty > 0);
	while ((page = alloc_pages_node(0, GFP_NOWAIT | __GFP_THISNODE | __GFP_NOWARN, 0)))
		list_add(&page->lru, &pinned);
	balance_node(0, GFP_KERNEL);
	CHECK_EQ(s->node[0].nr_empty, 0);
	while (!list_empty(&pinned)) {
		page = list_first_entry(&pinned, struct page, lru);
		list_del(&page->lru);
		__free_page(page);
	}
	kmem_cache_destroy(s);
	slab_memory_back();
}

int main(void)
{
	alarm(WATCHDOG_S);
	ktap_plan(7);
	RUN_FORKED(kmalloc_every_class);
	RUN_FORKED(kmalloc_array_and_zeroing);
	RUN_FORKED(krealloc_keeps_contents);
	RUN_FORKED(cache_lifecycle);
	RUN_FORKED(bad_frees_reported);
	RUN_FORKED(remote_frees_go_home);
	RUN_FORKED(shrinker_frees_empty_slabs);
	return ktap_done();
}
