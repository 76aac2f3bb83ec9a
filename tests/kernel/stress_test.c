// SPDX-License-Identifier: MIT
/*
 * DOC: stress suite - every allocator on every hart at once, for a while
 *
 * Every online hart runs a random mix for stress.seconds (boot argument,
 * default 1: the smoke run of every `make test` boot; `make stress` gives
 * it a minute and more): pages of order 0..5 from any node with assorted
 * GFP flags, kmalloc of 8 B..16 KiB (the large ones are whole pages),
 * objects of a test cache, small vmalloc areas, elements of a mempool and
 * 2 MiB pages of the hugetlb pool.
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
 * The mix, its PRNGs, the hand-offs and the end-of-run checks are the
 * stress engine's (kernel/stress.c), which the console's `stress`
 * command drives too; this suite runs it on every online hart with every
 * kind and no hog.
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
#include "kernel/stress.h"
#include "lib/printf.h"
#include "tests/kernel/fault_test.h"
#include "tests/kernel/page_test.h"

#define STRESS_INJECT_PERCENT "10"
/* More failures than a run injects: what is left of times counts them. */
#define STRESS_INJECT_TIMES 1000000000L

static struct stress_config config;
static struct stress_result result;
static bool ran;

/* The engine's setup: every online hart, stress.seconds, stress.seed. */
static bool prepare(struct ktest *t)
{
	int err;

	stress_default_config(&config, boot_args.stress_seed);
	config.seconds = boot_args.stress_seconds;
	err = stress_prepare(&config);
	KTEST_EXPECT_EQ(t, err, 0);
	return !err;
}

/* Runs the mix and prints the suite's line ("# stress: ..." or "# stress @label: ..."). */
static void run(struct ktest *t, const char *label)
{
	struct stress_result *r = &result;

	printk("  # %s: seed %#llx, %u s on %u harts (replay: ktest=stress stress.seed=%#llx stress.seconds=%u)\n",
	       t->name, (unsigned long long)config.seed, config.seconds,
	       num_online_cpus(), (unsigned long long)config.seed, config.seconds);
	stress_run(&config, r);
	ran = true;
	printk("  # stress%s%s: %lu ops on %u harts in %llu ms, %lu allocs (pages %lu, kmalloc %lu, cache %lu, vmalloc %lu, mempool %lu, dma %lu, hugetlb %lu), %lu frees, %lu by another hart (%lu on another node), %lu failed, %lu bad, seed %#llx\n",
	       label ? " " : "", label ? label : "", r->ops, r->harts,
	       (unsigned long long)r->elapsed_ms, r->total, r->allocs[STRESS_PAGES],
	       r->allocs[STRESS_KMALLOC], r->allocs[STRESS_SLAB],
	       r->allocs[STRESS_VMALLOC], r->allocs[STRESS_MEMPOOL],
	       r->allocs[STRESS_DMA], r->allocs[STRESS_HUGETLB], r->frees,
	       r->remote, r->far, r->failed, r->bad, (unsigned long long)config.seed);
	if (!r->ok)
		printk("  # %s: %s\n", t->name, r->reason);
}

/* What every run must show, allocations failing or not. */
static void expect_sound_run(struct ktest *t)
{
	KTEST_EXPECT(t, result.ok);
	KTEST_EXPECT_EQ(t, result.bad, 0);
	KTEST_EXPECT_EQ(t, result.frees, result.total);
	KTEST_EXPECT_EQ(t, result.received, result.handed);
	KTEST_EXPECT(t, result.total > 0);
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

	ran = false;
	if (!prepare(t))
		return;
	if (injected)
		printk("  # %s: fault injection armed: fail_page_alloc %ld%%, failslab %ld%%; failed allocations are expected\n",
		       t->name, page_percent, slab_percent);
	config.expect_no_failures = !injected;
	run(t, NULL);
	expect_sound_run(t);
	if (!injected)
		KTEST_EXPECT_EQ(t, result.failed, 0);
}

/*
 * With everything freed, the cache and the pool go and every page is
 * back (stress_finish()): the settled count and every zone's free pages
 * of before, vmalloc's live pages and lazy areas as before, the test cache
 * empty, every hart's caches drained, check_free_areas() clean.
 */
static void expect_everything_back(struct ktest *t)
{
	const char *mark = log_mark(t, "everything back, the test cache destroyed");

	result.ok = true;
	stress_finish(&result);
	if (!result.ok)
		printk("  # %s: %s\n", t->name, result.reason);
	KTEST_EXPECT(t, result.ok);
	KTEST_EXPECT_EQ(t, result.lost_pages, 0);
	KTEST_EXPECT_EQ(t, result.check_problems, 0);
	KTEST_EXPECT(t, !log_has_since(mark, "still allocated"));
	ran = false;
}

static void everything_comes_back(struct ktest *t)
{
	if (!ran) {
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
	char times[24];

	if (fault_settings_save(&pages, "fail_page_alloc") ||
	    fault_settings_save(&slab, "failslab")) {
		ktest_fail(t, __FILE__, __LINE__, "cannot read the fault-injection files");
		return;
	}
	if (!prepare(t))
		return;
	snprintf(times, sizeof(times), "%ld", STRESS_INJECT_TIMES);
	KTEST_EXPECT_EQ(t, fault_arm("fail_page_alloc", STRESS_INJECT_PERCENT, times), 0);
	KTEST_EXPECT_EQ(t, fault_arm("failslab", STRESS_INJECT_PERCENT, times), 0);
	run(t, "injected " STRESS_INJECT_PERCENT "%");
	pages_failed = STRESS_INJECT_TIMES - fault_get("fail_page_alloc", "times");
	slab_failed = STRESS_INJECT_TIMES - fault_get("failslab", "times");
	fault_settings_restore(&pages);
	fault_settings_restore(&slab);
	printk("  # %s: %ld page and %ld object allocations failed by injection; %lu requests of the mix failed\n",
	       t->name, pages_failed, slab_failed, result.failed);
	expect_sound_run(t);
	KTEST_EXPECT(t, pages_failed > 0 && slab_failed > 0 && result.failed > 0);
	/* Each NULL of the mix is put down to injection only if this hart saw one. */
	KTEST_EXPECT(t, result.injected > 0 && result.injected <= result.failed);
	KTEST_EXPECT(t, result.injected <= (unsigned long)(pages_failed + slab_failed));
	expect_everything_back(t);
}

static const struct ktest_case stress_cases[] = {
	KTEST_CASE(every_hart_random_mix),
	KTEST_CASE(everything_comes_back),
	KTEST_CASE(injected_failures_lose_nothing),
};
KTEST_SUITE_FAULT_TOLERANT(stress_ktest_suite, "stress", stress_cases);
