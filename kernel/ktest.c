// SPDX-License-Identifier: MIT
/*
 * DOC: ktest - the in-kernel test runner
 *
 * Runs on the hart that asked (the console's, or the boot hart with the
 * `ktest` boot argument); cases that need other harts use cross-hart
 * calls. Each case's diagnostics are printed as KTAP comments, indented
 * with its suite, before its result line.
 *
 * Fault injection is paused around every suite not marked fault tolerant
 * (kernel/ktest.h), as Linux's tests that need deterministic memory turn
 * it off: the `inject` boot of the matrix arms fail_page_alloc and
 * failslab from the command line, and only the suites written to take
 * failures (stress) run under it. In the debug build each suite ends with
 * one more case, buddy_check: check_free_areas() finds the buddy's lists,
 * counts and caches consistent, or the suite is not ok.
 */
#include "kernel/ktest.h"
#include "kernel/errno.h"
#include "kernel/fault_inject.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/page_check.h"

extern const struct ktest_suite boot_ktest_suite, smp_ktest_suite,
	spinlock_ktest_suite, mmu_ktest_suite, memblock_ktest_suite,
	numa_ktest_suite, fdt_ktest_suite, trap_ktest_suite, mm_files_ktest_suite;
extern const struct ktest_suite page_alloc_ktest_suite, page_numa_ktest_suite,
	page_smp_ktest_suite, slab_ktest_suite;
extern const struct ktest_suite tlbflush_ktest_suite;
extern const struct ktest_suite pgtable_ktest_suite;
extern const struct ktest_suite vmalloc_ktest_suite;
extern const struct ktest_suite mempool_ktest_suite;
extern const struct ktest_suite fault_inject_ktest_suite;
extern const struct ktest_suite stress_ktest_suite;
extern const struct ktest_suite kallsyms_ktest_suite;
extern const struct ktest_suite debug_pagealloc_ktest_suite;
extern const struct ktest_suite kmemleak_ktest_suite;
extern const struct ktest_suite hugetlb_ktest_suite;
extern const struct ktest_suite dma_ktest_suite;
extern const struct ktest_suite virtio_blk_ktest_suite;

static const struct ktest_suite *const suites[] = {
	&boot_ktest_suite,	&fdt_ktest_suite,  &memblock_ktest_suite,
	&numa_ktest_suite,	&mmu_ktest_suite,  &trap_ktest_suite,
	&kallsyms_ktest_suite,
	&spinlock_ktest_suite, &smp_ktest_suite, &mm_files_ktest_suite,
	&page_alloc_ktest_suite, &page_numa_ktest_suite, &page_smp_ktest_suite,
	&slab_ktest_suite,
	&tlbflush_ktest_suite,
	&pgtable_ktest_suite,
	&vmalloc_ktest_suite,
	&mempool_ktest_suite,
	&hugetlb_ktest_suite,
	&dma_ktest_suite,
	&virtio_blk_ktest_suite,
	&fault_inject_ktest_suite,
	&stress_ktest_suite,
	&debug_pagealloc_ktest_suite,
	&kmemleak_ktest_suite,
};

void ktest_fail(struct ktest *t, const char *file, int line,
		const char *fmt, ...)
{
	char message[160];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	printk("  # %s: %s:%d: %s\n", t->name, file, line, message);
	t->failed = true;
}

void ktest_skip(struct ktest *t, const char *reason)
{
	t->skip_reason = reason;
}

/* The debug build's last case of every suite. */
static void buddy_check(struct ktest *t)
{
	int problems = check_free_areas();

	if (problems)
		ktest_fail(t, __FILE__, __LINE__, "check_free_areas() found %d problem%s",
			   problems, problems == 1 ? "" : "s");
}

/* Runs @c as case @number; Returns 1 if it failed, else 0. */
static int run_case(const struct ktest_case *c, unsigned int number)
{
	struct ktest t = { .name = c->name };

	c->run(&t);
	if (t.failed)
		printk("  not ok %u %s\n", number, t.name);
	else if (t.skip_reason)
		printk("  ok %u %s # SKIP %s\n", number, t.name, t.skip_reason);
	else
		printk("  ok %u %s\n", number, t.name);
	return t.failed;
}

/* Runs every case of @suite (and the buddy check); Returns how many failed. */
static int run_suite(const struct ktest_suite *suite, unsigned int number)
{
	static const struct ktest_case check = KTEST_CASE(buddy_check);
	u64 started = ktime_get_ns();
	int failures = 0;

	if (!suite->fault_tolerant)
		fault_inject_pause();
	printk("  KTAP version 1\n  # Subtest: %s\n  1..%u\n", suite->name,
	       suite->nr_cases + TERN_DEBUG);
	for (unsigned int i = 0; i < suite->nr_cases; i++)
		failures += run_case(&suite->cases[i], i + 1);
	if (TERN_DEBUG)
		failures += run_case(&check, suite->nr_cases + 1);
	if (!suite->fault_tolerant)
		fault_inject_resume();
	printk("%sok %u %s\n", failures ? "not " : "", number, suite->name);
	printk("# %s: %llu ms\n", suite->name,
	       (unsigned long long)(ktime_get_ns() - started) / 1000000);
	return failures;
}

/* Returns true if @name is in @list (names separated by commas), or @list is NULL. */
static bool suite_selected(const char *name, const char *list)
{
	size_t len = strlen(name);

	if (!list)
		return true;
	for (const char *p = list; *p; p++) {
		if (!strncmp(p, name, len) && (p[len] == ',' || !p[len]))
			return true;
		p = strchr(p, ',');
		if (!p)
			break;
	}
	return false;
}

int ktest_run(const char *suite_or_null)
{
	unsigned int selected = 0, number = 0;
	int failures = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(suites); i++)
		selected += suite_selected(suites[i]->name, suite_or_null);
	if (!selected)
		return -ENOENT;

	printk("KTAP version 1\n1..%u\n", selected);
	for (unsigned int i = 0; i < ARRAY_SIZE(suites); i++)
		if (suite_selected(suites[i]->name, suite_or_null))
			failures += run_suite(suites[i], ++number);
	printk("# ktest: %d failed case%s\n", failures, failures == 1 ? "" : "s");
	return failures;
}
