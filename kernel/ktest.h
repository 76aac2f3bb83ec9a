/* SPDX-License-Identifier: MIT */
/*
 * kernel/ktest.h - in-kernel tests, reported as KTAP version 1.
 *
 * A suite is a named array of cases; a case is a function that checks
 * things with KTEST_EXPECT*() and may call ktest_skip(). Suites are listed
 * in kernel/ktest.c so that one file shows everything `ktest` runs. The
 * output is what tests/run-all parses:
 *
 *	KTAP version 1
 *	1..2
 *	  KTAP version 1
 *	  # Subtest: smp
 *	  1..3
 *	  ok 1 call_single_runs_on_target
 *	  ...
 *	  ok 4 buddy_check
 *	ok 1 smp
 *
 * In the debug build every suite ends with the case buddy_check: the
 * buddy's consistency check (mm/page_check.h) after the suite's cases.
 */
#ifndef TERN_KERNEL_KTEST_H
#define TERN_KERNEL_KTEST_H

#include "kernel/smp.h"
#include "kernel/types.h"

struct ktest {
	const char *name;
	bool failed;
	const char *skip_reason;	/* non-NULL: the case was skipped */
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
};

/*
 * A suite runs with fault injection (fail_page_alloc, failslab) paused,
 * whatever the boot parameters or the files say, so that its allocations
 * succeed as it expects; a suite whose cases take any allocation failing
 * in their stride says so with KTEST_SUITE_FAULT_TOLERANT() and runs with
 * injection as it is set. Either may set injection up itself on purpose.
 */
struct ktest_suite {
	const char *name;
	const struct ktest_case *cases;
	unsigned int nr_cases;
	bool fault_tolerant;
};

#define KTEST_CASE(fn) { #fn, fn }
#define KTEST_SUITE(var, suite_name, case_array)                      \
	const struct ktest_suite var = { suite_name, case_array,     \
					 ARRAY_SIZE(case_array), false }
#define KTEST_SUITE_FAULT_TOLERANT(var, suite_name, case_array)       \
	const struct ktest_suite var = { suite_name, case_array,     \
					 ARRAY_SIZE(case_array), true }

/**
 * ktest_run() - run some suites, or all of them, printing KTAP.
 * @suite_or_null: suite names separated by commas, or NULL for every suite.
 * Return: the number of failed cases, or -ENOENT if no suite is named.
 */
int ktest_run(const char *suite_or_null);

/* Records a failure of the running case, with where and what. */
void ktest_fail(struct ktest *t, const char *file, int line,
		const char *fmt, ...) __printf(4, 5);

/* Marks the running case skipped, with the reason KTAP shows. */
void ktest_skip(struct ktest *t, const char *reason);

#define KTEST_EXPECT(t, cond)                                             \
	do {                                                              \
		if (!(cond))                                              \
			ktest_fail(t, __FILE__, __LINE__,                 \
				   "EXPECT(%s) failed", #cond);           \
	} while (0)

#define KTEST_EXPECT_EQ(t, a, b)                                          \
	do {                                                              \
		long long _a = (long long)(a), _b = (long long)(b);       \
		if (_a != _b)                                             \
			ktest_fail(t, __FILE__, __LINE__,                 \
				   "%s == %lld, expected %s == %lld", #a, \
				   _a, #b, _b);                           \
	} while (0)

/*
 * Returns the last online hart other than the calling one, or -1: for
 * cases that need "another hart" (a shootdown seen remotely).
 */
static inline int ktest_other_cpu(void)
{
	int found = -1;
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (cpu != smp_processor_id())
			found = (int)cpu;
	return found;
}

#endif
