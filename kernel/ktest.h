/* SPDX-License-Identifier: MIT */
/*
 * kernel/ktest.h - the in-kernel test runner (KTAP version 1 output).
 *
 * Run from the console shell's ktest command and by the ktest boot
 * argument (docs/console.md).
 */
#ifndef TERN_KERNEL_KTEST_H
#define TERN_KERNEL_KTEST_H

/**
 * ktest_run() - run one test suite, or all of them, printing KTAP.
 * @suite_or_null: the suite's name, or NULL for every suite.
 * Return: the number of failed cases (0 when all passed), or -ENOENT if no
 * suite has that name.
 */
int ktest_run(const char *suite_or_null);

#endif
