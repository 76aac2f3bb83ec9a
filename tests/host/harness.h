/* SPDX-License-Identifier: MIT */
/*
 * tests/host/harness.h - KTAP output for host test programs.
 *
 * A host test is a C program whose main() calls ktap_plan(N) and then runs
 * N cases, each reporting with ktap_result(). CHECK() records a failure with
 * file and line (as a KTAP diagnostic) and lets the case go on, so one run
 * shows every broken expectation. tests/run-all counts the ok / not ok lines
 * of every program, exactly as it counts the in-kernel suites.
 *
 *	static void test_split(void) { CHECK(x == 3); }
 *	int main(void) { ktap_plan(1); RUN(test_split); return ktap_done(); }
 */
#ifndef TERN_TESTS_HOST_HARNESS_H
#define TERN_TESTS_HOST_HARNESS_H

#include <stdio.h>
#include <string.h>

#include "kernel/printk.h"

static int ktap_case_number;
static int ktap_case_failed;
static int ktap_failures;

static inline void ktap_plan(int n)
{
	printf("KTAP version 1\n1..%d\n", n);
}

static inline void ktap_result(const char *name)
{
	ktap_case_number++;
	printf("%sok %d %s\n", ktap_case_failed ? "not " : "",
	       ktap_case_number, name);
	ktap_failures += ktap_case_failed;
	ktap_case_failed = 0;
	fflush(stdout);
}

/* Returns the process exit status: 0 when every case passed. */
static inline int ktap_done(void)
{
	return ktap_failures ? 1 : 0;
}

#define CHECK(cond)                                                     \
	do {                                                            \
		if (!(cond)) {                                          \
			printf("# %s:%d: CHECK(%s) failed\n", __FILE__, \
			       __LINE__, #cond);                        \
			ktap_case_failed = 1;                           \
		}                                                       \
	} while (0)

#define CHECK_EQ(a, b)                                                      \
	do {                                                                \
		long long _a = (long long)(a), _b = (long long)(b);         \
		if (_a != _b) {                                             \
			printf("# %s:%d: %s == %lld, expected %s == %lld\n", \
			       __FILE__, __LINE__, #a, _a, #b, _b);         \
			ktap_case_failed = 1;                               \
		}                                                           \
	} while (0)

/* True when printk has logged @needle since the last log_buf_clear(). */
static inline int log_contains(const char *needle)
{
	static char buf[LOG_BUF_SIZE];

	log_buf_read(buf, sizeof(buf));
	return strstr(buf, needle) != NULL;
}

/* Checks that each of the @n strings at @needles was logged. */
static inline void check_logged(const char *const *needles, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!log_contains(needles[i])) {
			printf("# not logged: \"%s\"\n", needles[i]);
			ktap_case_failed = 1;
		}
	}
}

/* CHECK_LOGGED("a", "b", ...): each string was logged. */
#define CHECK_LOGGED(...)                                      \
	check_logged((const char *const[]){ __VA_ARGS__ },      \
		     ARRAY_SIZE(((const char *const[]){ __VA_ARGS__ })))

#define RUN(fn)                  \
	do {                     \
		log_buf_clear(); \
		fn();            \
		ktap_result(#fn); \
	} while (0)

#endif
