/* SPDX-License-Identifier: MIT */
/*
 * tests/kernel/fault_test.h - setting fault injection up from a suite,
 * through its files (/sys/kernel/debug/fail_page_alloc/..., failslab/...),
 * as a user at the console would, and putting it back as it was.
 */
#ifndef TERN_TESTS_KERNEL_FAULT_TEST_H
#define TERN_TESTS_KERNEL_FAULT_TEST_H

#include "kernel/types.h"

#define FAULT_FILES_MAX 10

/* The files of one attr's directory, as they read. */
struct fault_settings {
	const char *dir;	/* "fail_page_alloc" or "failslab" */
	unsigned int nr;
	char name[FAULT_FILES_MAX][24];
	char value[FAULT_FILES_MAX][24];
};

/* Reads every file of /sys/kernel/debug/@dir into @s; Returns 0 or -errno. */
int fault_settings_save(struct fault_settings *s, const char *dir);

/*
 * Writes @s's values back, probability 0 first and its value last, so
 * that nothing is injected under a half-restored setting.
 */
void fault_settings_restore(const struct fault_settings *s);

/* Writes @value to /sys/kernel/debug/@dir/@file; Returns 0 or -errno. */
int fault_set(const char *dir, const char *file, const char *value);

/* Returns the number the file at @path holds, or -1 if unreadable (any file). */
long file_get_number(const char *path);

/* Returns the number /sys/kernel/debug/@dir/@file holds, or -1 if unreadable. */
long fault_get(const char *dir, const char *file);

/*
 * fault_arm() - inject into every allocation of @dir's kind: @probability
 * percent, interval 1, @times, no space, silent, no request exempt
 * (ignore-gfp-wait N; for fail_page_alloc also min-order 0; for failslab
 * cache-filter N). Returns 0 or the first error.
 */
int fault_arm(const char *dir, const char *probability, const char *times);

#endif
