// SPDX-License-Identifier: MIT
/*
 * DOC: boot arguments the kernel understands
 *
 * One table, so `grep PARAM_` shows every argument tern takes. The parser
 * (kernel/cmdline.c) logs and skips anything malformed or unknown.
 *
 *	ktest		run every in-kernel suite after boot, then power off
 *	ktest=SUITE	run one suite
 *	panic=N		after a panic: 0 halt (default), N > 0 reset after N
 *			seconds, N < 0 reset at once (Linux's meaning)
 *	mmu=sv39|sv48	page-table mode; Sv39 unless memory needs Sv48
 */
#include "kernel/boot_args.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lib/string.h"

struct boot_args boot_args;

/*
 * Handles "ktest" (@value NULL: every suite) and "ktest=SUITE". Returns 0,
 * or -EINVAL if SUITE is too long (ktest still runs and reports it).
 */
static int set_ktest(const char *value, void *arg)
{
	boot_args.ktest = true;
	boot_args.ktest_suite[0] = '\0';
	if (value && strscpy(boot_args.ktest_suite, value,
			     sizeof(boot_args.ktest_suite)) < 0) {
		/* The cut name matches no suite, so ktest says so and stops. */
		pr_err("cmdline: ktest=%s: suite name too long\n", value);
		return -EINVAL;
	}
	return 0;
}

/* Handles "mmu=sv39|sv48"; Returns 0, or -EINVAL (logged) for other values. */
static int set_mmu(const char *value, void *arg)
{
	if (value && !strcmp(value, "sv39")) {
		boot_args.mmu_sv48 = false;
		return 0;
	}
	if (value && !strcmp(value, "sv48")) {
		boot_args.mmu_sv48 = true;
		return 0;
	}
	pr_err("cmdline: mmu=%s: expected sv39 or sv48\n", value ? value : "");
	return -EINVAL;
}

static const struct kernel_param kernel_params[] = {
	PARAM_CUSTOM("ktest", set_ktest, NULL),
	PARAM_INT("panic", &panic_timeout),
	PARAM_CUSTOM("mmu", set_mmu, NULL),
};

void boot_args_parse(const char *cmdline)
{
	cmdline_parse(cmdline, kernel_params, ARRAY_SIZE(kernel_params));
}
