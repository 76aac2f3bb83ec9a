// SPDX-License-Identifier: MIT
/*
 * DOC: stress suite - every allocator on every hart at once, for a while
 *
 * Every online hart runs a random mix for stress.seconds (boot argument,
 * default 1: the smoke run of every `make test` boot; `make stress` gives
 * it a minute and more): pages of order 0..5 from any node with assorted
 * GFP flags, kmalloc of 8 B..16 KiB (the large ones are whole pages),
 * objects of a test cache, small vmalloc areas and elements of a mempool.
 * Each hart keeps STRESS_SLOTS objects; an operation picks a slot at
 * random and fills it, frees its object, or hands the object to a hart on
 * another node (another hart where there is one node), which checks and
 * frees it: remote frees of every kind while the owners allocate.
 *
 * Every object is stamped with its owner and sequence number over its
 * whole size (above a page, every 64th word, so each page is still hit),
 * and checked by whoever frees it; zeroed requests are checked zero first.
 * An object handed out twice, written after its free or not zeroed shows
 * as a bad stamp, printed with where it came from. At the end everything
 * is freed, caches shrunk, the lazy vmalloc areas purged, and the exact
 * free page count (plus page-table pages, which vmalloc keeps, as Linux)
 * must be that of before; so must vmalloc's live and lazy counts, and the
 * test cache must go without a leak report.
 *
 * Harts never wait for each other inside the work (page_smp's DOC says
 * why: 8 QEMU harts share 2 host cores): hand-offs go through lock-free
 * inboxes (inbox.h), and an operation that picks a slot still away works
 * on a slot that never travels instead (see stress_op()).
 *
 * Each hart's choices come from its own PRNG seeded with stress.seed and
 * its cpu number; the seed is printed, so `ktest=stress stress.seed=S`
 * replays every hart's sequence of requests (not the interleaving of the
 * harts, which QEMU's scheduling decides).
 *
 * The mix runs twice. First as the machine is set up: no allocation may
 * fail, unless fault injection was armed (the suite is fault tolerant:
 * kernel/ktest.h; the matrix boot `inject` arms it from the command line),
 * in which case failures are counted and nothing else changes. Then with
 * fail_page_alloc and failslab failing 10% of every allocation of any
 * kind and order (GFP_KERNEL too), so that every caller's error path runs
 * thousands of times (slab refills, vmalloc's pages and page tables,
 * mempool's fallbacks): after each run, everything must be back exactly.
 * The suite's own setup and final count run with injection paused.
 */
#include "kernel/boot_args.h"
#include "kernel/fault_inject.h"
#include "kernel/printk.h"
#include "kernel/random.h"
#include "kernel/smp.h"
#include "kernel/time.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/mempool.h"
#include "mm/pgtable.h"
#include "mm/slab.h"
#include "mm/slab_internal.h"
#include "mm/vmalloc.h"
#include "tests/kernel/fault_test.h"
#include "tests/kernel/inbox.h"
#include "tests/kernel/page_test.h"

#define STRESS_SLOTS 48		/* objects a hart holds at most */
#define STRESS_MAX_ORDER 5	/* pages: orders 0..5 */
#define STRESS_KMALLOC_MAX (16 * 1024)
#define STRESS_VMALLOC_PAGES 4
#define STRESS_CACHE_SIZE 200	/* no power of two: objects straddle lines */
#define STRESS_POOL_SIZE 512
#define STRESS_POOL_MIN 4	/* reserve elements per online hart */
#define STRESS_BAD_REPORTS 4	/* bad stamps printed per hart, at most */
#define STRESS_MAGIC 0x57e5000000000000UL
#define STRESS_INJECT_PERCENT "10"
/* More failures than a run injects: what is left of times counts them. */
#define STRESS_INJECT_TIMES 1000000000L

enum stress_kind { PAGES, KMALLOC, CACHE, VMALLOC, MEMPOOL, NR_STRESS_KINDS };

static const char *const kind_names[NR_STRESS_KINDS] = {
	"pages", "kmalloc", "cache", "vmalloc", "mempool",
};

/* A slot's state; the owner fills only EMPTY slots, the freer empties them. */
enum { SLOT_EMPTY, SLOT_HELD, SLOT_HANDED };

/* One object a hart holds (or handed to another hart, through ->next). */
struct stress_slot {
	struct stress_slot *next;	/* in an inbox */
	void *addr;			/* the memory (page_address() for pages) */
	unsigned long size;		/* bytes stamped */
	unsigned long stamp;		/* STRESS_MAGIC | owner << 40 | sequence */
	unsigned int kind, order, owner;
	unsigned int state;		/* SLOT_*: written by owner and freer */
};

/* One hart's state and counts, a cache line apart from the next hart's. */
struct stress_hart {
	u64 rng;
	unsigned long seq;
	unsigned long ops, allocs[NR_STRESS_KINDS], frees, failed, bad;
	unsigned long handed, received;	/* through inboxes: given, taken */
	unsigned long freed_remote, freed_far;	/* of other harts, other nodes */
	unsigned int far[NR_CPUS], nr_far;	/* whom it hands objects to */
	struct stress_slot *inbox;
	struct stress_slot slots[STRESS_SLOTS];
} __aligned(64);

static struct stress {
	u64 deadline_ns;
	struct kmem_cache *cache;
	mempool_t *pool;
	int memory_nodes[MAX_NUMNODES], nr_memory_nodes;
	int online_nodes[MAX_NUMNODES], nr_online_nodes;
	struct stress_hart hart[NR_CPUS];
	bool ran;
	unsigned long before;		/* settled pages before the run */
	struct vmalloc_stats vm_before;
	unsigned long vm_pages_before;
} stress;

/* Returns a number in [0, @n). */
static unsigned long random_below(struct stress_hart *h, unsigned long n)
{
	return splitmix64_next(&h->rng) % n;
}

/* Above a page only every 64th word is stamped: each page still gets 8. */
static unsigned long stamp_stride(unsigned long size)
{
	return size > PAGE_SIZE ? 64 : 1;
}

/* Writes @stamp (mixed with each word's index) over @size bytes at @addr. */
static void stamp_object(void *addr, unsigned long size, unsigned long stamp)
{
	unsigned long *w = addr, n = size / sizeof(*w), step = stamp_stride(size);

	for (unsigned long i = 0; i < n; i += step)
		w[i] = stamp ^ i;
	w[n - 1] = stamp ^ (n - 1);
}

/*
 * Returns the index of the first stamped word of @slot's object that is
 * not what stamp_object() wrote, or -1 if all are.
 */
static long stamp_mismatch(const struct stress_slot *slot)
{
	const unsigned long *w = slot->addr;
	unsigned long n = slot->size / sizeof(*w), step = stamp_stride(slot->size);

	for (unsigned long i = 0; i < n; i += step)
		if (READ_ONCE(w[i]) != (slot->stamp ^ i))
			return (long)i;
	if (READ_ONCE(w[n - 1]) != (slot->stamp ^ (n - 1)))
		return (long)(n - 1);
	return -1;
}

/*
 * Counts a bad object on @h and prints the first few: @what went wrong,
 * at word @word, which should have been @want.
 */
static void report_bad(struct stress_hart *h, const struct stress_slot *slot,
		       const char *what, unsigned long word, unsigned long want)
{
	if (h->bad++ >= STRESS_BAD_REPORTS)
		return;
	printk("  # stress: cpu %u: %s %s %p (%lu bytes) of cpu %u seq %lu: word %lu is %#lx, want %#lx\n",
	       smp_processor_id(), what, kind_names[slot->kind], slot->addr,
	       slot->size, slot->owner, slot->stamp & 0xffffffffffUL, word,
	       ((const unsigned long *)slot->addr)[word], want);
}

/* Returns the index of the first non-zero word of @slot's object, or -1. */
static long first_nonzero_word(const struct stress_slot *slot)
{
	const unsigned long *w = slot->addr;

	for (unsigned long i = 0; i < slot->size / sizeof(*w); i++)
		if (w[i])
			return (long)i;
	return -1;
}

/* Returns a node for a request: NUMA_NO_NODE (local) or one from @nodes. */
static int random_node(struct stress_hart *h, const int *nodes, int nr)
{
	unsigned long pick = random_below(h, nr + 1);

	return pick == (unsigned long)nr ? NUMA_NO_NODE : nodes[pick];
}

/*
 * Allocates an object of a random kind into the EMPTY @slot of @h; Returns
 * true if it got one (stamped, @slot HELD), false if the allocator failed.
 */
static bool stress_alloc(struct stress_hart *h, struct stress_slot *slot)
{
	static const gfp_t page_gfp[] = { GFP_KERNEL, GFP_KERNEL | __GFP_ZERO,
					  GFP_ATOMIC, GFP_KERNEL | __GFP_DMA32,
					  GFP_NOWAIT };
	unsigned long r = random_below(h, 100);
	gfp_t gfp = GFP_KERNEL;
	struct page *page;
	void *addr = NULL;

	slot->order = 0;
	if (r < 25) {
		slot->kind = PAGES;
		slot->order = random_below(h, 3) ? random_below(h, 2) :
						    random_below(h, STRESS_MAX_ORDER + 1);
		gfp = page_gfp[random_below(h, ARRAY_SIZE(page_gfp))] | __GFP_NOWARN;
		page = alloc_pages_node(random_node(h, stress.online_nodes,
						    stress.nr_online_nodes),
					gfp, slot->order);
		addr = page ? page_address(page) : NULL;
		slot->size = PAGE_SIZE << slot->order;
	} else if (r < 55) {
		unsigned int shift = 3 + random_below(h, 12);	/* 8 B .. 16 KiB */

		slot->kind = KMALLOC;
		slot->size = min((1UL << shift) + random_below(h, 1UL << shift),
				 (unsigned long)STRESS_KMALLOC_MAX) & ~7UL;
		if (random_below(h, 4) == 0)
			gfp |= __GFP_ZERO;
		addr = kmalloc_node(slot->size, gfp, random_node(h, stress.memory_nodes,
								 stress.nr_memory_nodes));
	} else if (r < 80) {
		slot->kind = CACHE;
		slot->size = STRESS_CACHE_SIZE;
		if (random_below(h, 4) == 0)
			gfp |= __GFP_ZERO;
		addr = kmem_cache_alloc_node(stress.cache, gfp,
					     random_node(h, stress.memory_nodes,
							 stress.nr_memory_nodes));
	} else if (r < 88) {
		slot->kind = VMALLOC;
		slot->size = (1 + random_below(h, STRESS_VMALLOC_PAGES)) * PAGE_SIZE -
			     8 * random_below(h, 64);
		if (random_below(h, 4) == 0)
			gfp |= __GFP_ZERO;
		addr = __vmalloc_node(slot->size, gfp | __GFP_NOWARN,
				      random_node(h, stress.memory_nodes,
						  stress.nr_memory_nodes));
	} else {
		slot->kind = MEMPOOL;
		slot->size = STRESS_POOL_SIZE;
		addr = mempool_alloc(stress.pool, random_below(h, 2) ? GFP_KERNEL : GFP_ATOMIC);
	}
	if (!addr) {
		h->failed++;
		return false;
	}
	slot->addr = addr;
	slot->owner = smp_processor_id();
	slot->stamp = STRESS_MAGIC | (unsigned long)slot->owner << 40 | h->seq++;
	if (gfp & __GFP_ZERO) {
		long word = first_nonzero_word(slot);

		if (word >= 0)
			report_bad(h, slot, "not zeroed:", word, 0);
	}
	stamp_object(addr, slot->size, slot->stamp);
	h->allocs[slot->kind]++;
	WRITE_ONCE(slot->state, SLOT_HELD);
	return true;
}

/*
 * Checks @slot's stamp and frees its object on this hart (@h), then marks
 * the slot EMPTY for its owner. A bad object is leaked, not freed: its
 * memory may be someone else's.
 */
static void stress_free(struct stress_hart *h, struct stress_slot *slot)
{
	long bad = stamp_mismatch(slot);
	unsigned int cpu = smp_processor_id();

	if (bad >= 0) {
		report_bad(h, slot, "stamp changed in", bad, slot->stamp ^ bad);
	} else {
		switch (slot->kind) {
		case PAGES:
			__free_pages(virt_to_page(slot->addr), slot->order);
			break;
		case KMALLOC:
			kfree(slot->addr);
			break;
		case CACHE:
			kmem_cache_free(stress.cache, slot->addr);
			break;
		case VMALLOC:
			vfree(slot->addr);
			break;
		default:
			mempool_free(slot->addr, stress.pool);
		}
	}
	h->frees++;
	if (slot->owner != cpu) {
		h->freed_remote++;
		h->freed_far += cpu_to_node(slot->owner) != cpu_to_node(cpu);
	}
	__atomic_store_n(&slot->state, SLOT_EMPTY, __ATOMIC_RELEASE);
}

/* Takes @h's inbox and frees what other harts handed it. */
static void stress_drain_inbox(struct stress_hart *h)
{
	struct stress_slot *slot = inbox_take(&h->inbox);

	while (slot) {
		struct stress_slot *next = slot->next;

		h->received++;
		stress_free(h, slot);
		slot = next;
	}
}

/*
 * One operation of @h: fill, free or hand over a random slot. Only the
 * first half of the slots travel; one picked while away stands for its
 * twin in the second half, so every operation does something and a hart
 * never idles waiting for a receiver to give its slots back.
 */
static void stress_op(struct stress_hart *h)
{
	unsigned int i = random_below(h, STRESS_SLOTS);
	struct stress_slot *slot = &h->slots[i];
	unsigned int to;

	if (__atomic_load_n(&slot->state, __ATOMIC_ACQUIRE) == SLOT_HANDED) {
		i = i + STRESS_SLOTS / 2;
		slot = &h->slots[i];
	}
	if (slot->state == SLOT_EMPTY) {
		stress_alloc(h, slot);
	} else if (i >= STRESS_SLOTS / 2 || random_below(h, 2)) {
		stress_free(h, slot);
	} else {
		to = h->far[random_below(h, h->nr_far)];
		slot->state = SLOT_HANDED;
		h->handed++;
		inbox_push(&stress.hart[to].inbox, slot, slot);
	}
	h->ops++;
}

/* One hart's share (all harts at once): operations until the deadline. */
static void stress_worker(void *unused)
{
	struct stress_hart *h = &stress.hart[smp_processor_id()];

	do {
		for (int i = 0; i < 16; i++)
			stress_op(h);
		stress_drain_inbox(h);
	} while (ktime_get_ns() < stress.deadline_ns);
	for (unsigned int i = 0; i < STRESS_SLOTS; i++)
		if (__atomic_load_n(&h->slots[i].state, __ATOMIC_ACQUIRE) == SLOT_HELD)
			stress_free(h, &h->slots[i]);
}

/* After every hart stopped: frees what was handed in last. */
static void stress_finish(void *unused)
{
	stress_drain_inbox(&stress.hart[smp_processor_id()]);
}

/*
 * Sets @cpu's PRNG and the harts it hands objects to: those of other
 * nodes, else every other hart, else (one hart) itself.
 */
static void stress_prepare_hart(unsigned int cpu, u64 seed)
{
	struct stress_hart *h = &stress.hart[cpu];
	unsigned int other, nr_others = 0;

	h->rng = seed ^ (SPLITMIX64_GAMMA * (cpu + 1));
	for_each_online_cpu(other)
		if (cpu_to_node(other) != cpu_to_node(cpu))
			h->far[h->nr_far++] = other;
	if (h->nr_far)
		return;
	for_each_online_cpu(other)
		if (other != cpu)
			h->far[nr_others++] = other;
	h->nr_far = nr_others;
	if (!h->nr_far)
		h->far[h->nr_far++] = cpu;
}

/* A run's counts, summed over the harts. */
struct stress_totals {
	unsigned long ops, allocs[NR_STRESS_KINDS], total, frees, failed, bad;
	unsigned long handed, received, remote, far;
};

/*
 * Takes the counts of before and makes the test cache and pool, with
 * injection paused (this is the suite's setup, not under test); sets up
 * every hart's PRNG and partners. Returns false, the case failed, if the
 * cache or the pool could not be made.
 */
static bool stress_prepare(struct ktest *t)
{
	unsigned int harts = num_online_cpus(), cpu;
	int nid;

	fault_inject_pause();
	memset(&stress, 0, sizeof(stress));
	stress.before = settled_pages();
	vmalloc_get_stats(&stress.vm_before);
	stress.vm_pages_before = vmalloc_nr_pages();
	for_each_node_state(nid, N_MEMORY)
		stress.memory_nodes[stress.nr_memory_nodes++] = nid;
	for_each_online_node(nid)
		stress.online_nodes[stress.nr_online_nodes++] = nid;
	stress.cache = kmem_cache_create("stress", STRESS_CACHE_SIZE, 0, 0, NULL);
	stress.pool = mempool_create_kmalloc_pool(STRESS_POOL_MIN * harts, STRESS_POOL_SIZE);
	fault_inject_resume();
	KTEST_EXPECT(t, stress.cache && stress.pool);
	if (!stress.cache || !stress.pool) {
		mempool_destroy(stress.pool);
		kmem_cache_destroy(stress.cache);
		return false;
	}
	for_each_online_cpu(cpu)
		stress_prepare_hart(cpu, boot_args.stress_seed);
	return true;
}

/*
 * All harts run the mix for stress.seconds; @sum gets their counts, and
 * the log a summary line ("# stress: ..." or "# stress @label: ...").
 */
static void stress_run(struct ktest *t, const char *label, struct stress_totals *sum)
{
	unsigned int harts = num_online_cpus(), seconds = boot_args.stress_seconds, cpu;
	u64 seed = boot_args.stress_seed, started;

	printk("  # %s: seed %#llx, %u s on %u harts (replay: ktest=stress stress.seed=%#llx stress.seconds=%u)\n",
	       t->name, (unsigned long long)seed, seconds, harts,
	       (unsigned long long)seed, seconds);
	started = ktime_get_ns();
	stress.deadline_ns = started + (u64)seconds * 1000000000ULL;
	on_each_cpu(stress_worker, NULL, true);
	on_each_cpu(stress_finish, NULL, true);
	stress.ran = true;

	memset(sum, 0, sizeof(*sum));
	for_each_online_cpu(cpu) {
		struct stress_hart *h = &stress.hart[cpu];

		sum->ops += h->ops;
		for (int k = 0; k < NR_STRESS_KINDS; k++)
			sum->allocs[k] += h->allocs[k];
		sum->frees += h->frees;
		sum->failed += h->failed;
		sum->bad += h->bad;
		sum->handed += h->handed;
		sum->received += h->received;
		sum->remote += h->freed_remote;
		sum->far += h->freed_far;
		for (unsigned int i = 0; i < STRESS_SLOTS; i++)
			KTEST_EXPECT_EQ(t, h->slots[i].state, SLOT_EMPTY);
	}
	for (int k = 0; k < NR_STRESS_KINDS; k++)
		sum->total += sum->allocs[k];
	printk("  # stress%s%s: %lu ops on %u harts in %llu ms, %lu allocs (pages %lu, kmalloc %lu, cache %lu, vmalloc %lu, mempool %lu), %lu frees, %lu by another hart (%lu on another node), %lu failed, %lu bad, seed %#llx\n",
	       label ? " " : "", label ? label : "", sum->ops, harts,
	       (unsigned long long)(ktime_get_ns() - started) / 1000000, sum->total,
	       sum->allocs[PAGES], sum->allocs[KMALLOC], sum->allocs[CACHE],
	       sum->allocs[VMALLOC], sum->allocs[MEMPOOL], sum->frees, sum->remote,
	       sum->far, sum->failed, sum->bad, (unsigned long long)seed);
}

/* What every run must show, allocations failing or not. */
static void expect_sound_run(struct ktest *t, const struct stress_totals *sum)
{
	KTEST_EXPECT_EQ(t, sum->bad, 0);
	KTEST_EXPECT_EQ(t, sum->frees, sum->total);
	KTEST_EXPECT_EQ(t, sum->received, sum->handed);
	KTEST_EXPECT(t, sum->total > 0);
}

/*
 * All harts run the mix: no allocation fails (memory is plentiful) unless
 * fault injection is armed; every object comes back with its stamp
 * intact, each freed exactly once, a share of them by harts of other
 * nodes.
 */
static void every_hart_random_mix(struct ktest *t)
{
	long page_percent = fault_get("fail_page_alloc", "probability");
	long slab_percent = fault_get("failslab", "probability");
	bool injected = page_percent > 0 || slab_percent > 0;
	struct stress_totals sum;

	if (!stress_prepare(t))
		return;
	if (injected)
		printk("  # %s: fault injection armed: fail_page_alloc %ld%%, failslab %ld%%; failed allocations are expected\n",
		       t->name, page_percent, slab_percent);
	stress_run(t, NULL, &sum);
	expect_sound_run(t, &sum);
	if (!injected)
		KTEST_EXPECT_EQ(t, sum.failed, 0);
}

/*
 * With everything freed, the cache and the pool go and every page is
 * back: the settled count of before exactly, vmalloc's live pages and
 * lazy areas as before, no slab object of the test cache left and no
 * leak report from kmem_cache_destroy(). Injection is paused: this is
 * the count, not the load.
 */
static void expect_everything_back(struct ktest *t)
{
	struct vmalloc_stats vm;
	struct slab_info info;
	const char *mark;

	fault_inject_pause();
	mempool_destroy(stress.pool);
	kmem_cache_shrink(stress.cache);
	slab_info(stress.cache, &info);
	KTEST_EXPECT_EQ(t, info.active_objs, 0);
	KTEST_EXPECT_EQ(t, info.num_slabs, 0);
	mark = log_mark(t, "destroying the test cache");
	kmem_cache_destroy(stress.cache);
	KTEST_EXPECT(t, !log_has_since(mark, "still allocated"));
	stress.ran = false;
	KTEST_EXPECT_EQ(t, settled_pages(), stress.before);
	vmalloc_get_stats(&vm);
	KTEST_EXPECT_EQ(t, vm.lazy_areas, stress.vm_before.lazy_areas);
	KTEST_EXPECT_EQ(t, vm.lazy_pages, stress.vm_before.lazy_pages);
	KTEST_EXPECT_EQ(t, vmalloc_nr_pages(), stress.vm_pages_before);
	printk("  # %s: %lu vmalloc purges during the run\n", t->name,
	       vm.purges - stress.vm_before.purges);
	fault_inject_resume();
}

static void everything_comes_back(struct ktest *t)
{
	if (!stress.ran) {
		ktest_skip(t, "the mix did not run");
		return;
	}
	expect_everything_back(t);
}

/*
 * The mix again with fail_page_alloc and failslab at 10% on every request
 * (ignore-gfp-wait N, min-order 0, no cache filter): thousands of
 * injected failures, counted through the files' times; every run must
 * still be sound and, after it, everything back exactly. Injection is put
 * back as it was found (the boot's, in the `inject` matrix boot).
 */
static void injected_failures_lose_nothing(struct ktest *t)
{
	struct fault_settings pages, slab;
	long pages_failed, slab_failed;
	struct stress_totals sum;
	char times[24];

	if (fault_settings_save(&pages, "fail_page_alloc") ||
	    fault_settings_save(&slab, "failslab")) {
		ktest_fail(t, __FILE__, __LINE__, "cannot read the fault-injection files");
		return;
	}
	if (!stress_prepare(t))
		return;
	snprintf(times, sizeof(times), "%ld", STRESS_INJECT_TIMES);
	KTEST_EXPECT_EQ(t, fault_arm("fail_page_alloc", STRESS_INJECT_PERCENT, times), 0);
	KTEST_EXPECT_EQ(t, fault_arm("failslab", STRESS_INJECT_PERCENT, times), 0);
	stress_run(t, "injected " STRESS_INJECT_PERCENT "%", &sum);
	pages_failed = STRESS_INJECT_TIMES - fault_get("fail_page_alloc", "times");
	slab_failed = STRESS_INJECT_TIMES - fault_get("failslab", "times");
	fault_settings_restore(&pages);
	fault_settings_restore(&slab);
	printk("  # %s: %ld page and %ld object allocations failed by injection; %lu requests of the mix failed\n",
	       t->name, pages_failed, slab_failed, sum.failed);
	expect_sound_run(t, &sum);
	KTEST_EXPECT(t, pages_failed > 0 && slab_failed > 0 && sum.failed > 0);
	expect_everything_back(t);
}

static const struct ktest_case stress_cases[] = {
	KTEST_CASE(every_hart_random_mix),
	KTEST_CASE(everything_comes_back),
	KTEST_CASE(injected_failures_lose_nothing),
};
KTEST_SUITE_FAULT_TOLERANT(stress_ktest_suite, "stress", stress_cases);
