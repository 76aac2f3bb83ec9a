// SPDX-License-Identifier: MIT
/*
 * DOC: boot arguments the kernel understands
 *
 * One table, so `grep PARAM_` shows every argument tern takes. The parser
 * (kernel/cmdline.c) logs and skips anything malformed or unknown.
 *
 *	ktest		run every in-kernel suite after boot, then power off
 *	ktest=SUITE[,SUITE...]  run the suites named (in their usual order)
 *	panic=N		after a panic: 0 halt (default), N > 0 reset after N
 *			seconds, N < 0 reset at once (Linux's meaning)
 *	mmu=sv39|sv48	page-table mode; Sv39 unless memory needs Sv48
 *	bench		run every benchmark after boot, then power off (before
 *			ktest, if that is asked for too)
 *	bench=NAME,...	run the benchmarks whose names start with a NAME
 *	bench.quick	short benchmark runs, a smoke test (make test)
 *	stress.seconds=N  how long the stress suite runs its mix on every
 *			hart (default 1: the smoke run of make test; make
 *			stress gives it more)
 *	watchdog_thresh=N  Linux's: the stress engine's watchdog reports
 *			a hart without progress for 2N s (default 10;
 *			0 off; kernel/stress.c)
 *	stress.seed=N	the stress suite's PRNG seed (default fixed; the
 *			suite prints it, so a failing run can be replayed)
 *	pcp=off		no per-hart page caches: every allocation and free
 *			goes to the buddy (for comparison; default on)
 *	fail_page_alloc=<interval>,<probability>,<space>,<times>
 *	failslab=<interval>,<probability>,<space>,<times>
 *			fault injection into the page allocator and the
 *			object caches, armed from boot (Linux's;
 *			docs/reliability.md)
 *	debug_pagealloc=on|off  free pages unmapped from the linear map, so
 *			a stray access faults at once (debug kernel only;
 *			mm/debug_pagealloc.c)
 *	kmemleak=off|on	the leak detector of the debug build (Linux's;
 *			on by default there, not in the release build;
 *			mm/kmemleak.h, docs/reliability.md)
 *	kmemleak.min_age_ms=N  a scan reports blocks allocated at least N
 *			ms before it (default 5000, Linux's MSECS_MIN_AGE;
 *			0 reports at once, for tests)
 *	memtest[=N]	N passes (Linux's; all 17 without N) of patterns
 *			over free memory before the buddy gets it, bad
 *			cells reserved (mm/memtest.c)
 *	swiotlb=N[,force|noforce]  N 2 KiB slabs of bounce buffer (Linux's;
 *			default 64 MiB, made when memory reaches above
 *			4 GiB), bounce every mapping, or make none
 *			(kernel/dma/swiotlb.h)
 *	hugepagesz=SIZE hugepages=N|NODE:N,... default_hugepagesz=SIZE
 *			the hugetlb pools at boot, with Linux's syntax and
 *			rules (2M, 1G; 64K with Svnapot; mm/hugetlb.c)
 *	smp.start_at_image_entry  start the other harts at the image entry
 *			with a wrong argument, as OpenSBI 1.1's hart-start
 *			race does (a test of head.S's late_entry)
 *	printk.time=0	no "[    0.012345] " timestamps on log lines, from
 *			the point the command line is parsed (default 1)
 */
#include "kernel/boot_args.h"
#include "kernel/cmdline.h"
#include "kernel/dma/swiotlb.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "mm/hugetlb.h"
#include "mm/fail_page_alloc.h"
#include "mm/failslab.h"
#include "mm/debug_pagealloc.h"
#include "mm/kmemleak.h"
#include "mm/memtest.h"

struct boot_args boot_args = {
	.stress_seconds = 1,
	.stress_seed = 0x7e2a5eed,
	.watchdog_thresh = 10,	/* Linux's: a soft lockup after 20 s */
};

/*
 * The shape of "ktest" and "bench": a bare @param sets *@run and clears
 * @names; "@param=VALUE" also keeps VALUE in @names (@size bytes).
 * Returns 0, or -EINVAL (logged) if VALUE is too long; the run still
 * happens, with VALUE cut, so the log line above it says why it went wrong.
 */
static int set_run_and_names(const char *param, const char *value, bool *run,
			     char *names, size_t size)
{
	*run = true;
	names[0] = '\0';
	if (value && strscpy(names, value, size) < 0) {
		pr_err("cmdline: %s=%s: name too long\n", param, value);
		return -EINVAL;
	}
	return 0;
}

/* Handles "ktest" (every suite) and "ktest=SUITE"; Returns 0 or -EINVAL. */
static int set_ktest(const char *value, void *arg)
{
	return set_run_and_names("ktest", value, &boot_args.ktest,
				 boot_args.ktest_suite,
				 sizeof(boot_args.ktest_suite));
}

/* Handles "bench" (every one) and "bench=NAME,..."; Returns 0 or -EINVAL. */
static int set_bench(const char *value, void *arg)
{
	return set_run_and_names("bench", value, &boot_args.bench,
				 boot_args.bench_names,
				 sizeof(boot_args.bench_names));
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

/* Handles "pcp=on|off"; Returns 0, or -EINVAL (logged) for other values. */
static int set_pcp(const char *value, void *arg)
{
	bool on;

	if (!value || parse_bool(value, &on)) {
		pr_err("cmdline: pcp=%s: expected on or off\n", value ? value : "");
		return -EINVAL;
	}
	boot_args.pcp_off = !on;
	return 0;
}

static const struct kernel_param kernel_params[] = {
	PARAM_CUSTOM("ktest", set_ktest, NULL),
	PARAM_INT("panic", &panic_timeout),
	PARAM_CUSTOM("mmu", set_mmu, NULL),
	PARAM_CUSTOM("bench", set_bench, NULL),
	PARAM_BOOL("bench.quick", &boot_args.bench_quick),
	PARAM_UINT("stress.seconds", &boot_args.stress_seconds),
	PARAM_ULONG("stress.seed", &boot_args.stress_seed),
	PARAM_UINT("watchdog_thresh", &boot_args.watchdog_thresh),
	PARAM_CUSTOM("pcp", set_pcp, NULL),
	PARAM_CUSTOM("fail_page_alloc", setup_fail_page_alloc, NULL),
	PARAM_CUSTOM("failslab", setup_failslab, NULL),
	PARAM_CUSTOM("memtest", memtest_setup, NULL),
	PARAM_CUSTOM("hugepagesz", hugetlb_param, "hugepagesz"),
	PARAM_CUSTOM("hugepages", hugetlb_param, "hugepages"),
	PARAM_CUSTOM("default_hugepagesz", hugetlb_param, "default_hugepagesz"),
	PARAM_CUSTOM("swiotlb", swiotlb_setup, NULL),
	PARAM_CUSTOM("kmemleak", kmemleak_boot_config, NULL),
	PARAM_ULONG("kmemleak.min_age_ms", &kmemleak_min_age_ms),
	PARAM_CUSTOM("debug_pagealloc", debug_pagealloc_setup, NULL),
	PARAM_BOOL("smp.start_at_image_entry", &boot_args.smp_start_at_image_entry),
	PARAM_BOOL("printk.time", &printk_time),
};

void boot_args_parse(const char *cmdline)
{
	cmdline_parse(cmdline, kernel_params, ARRAY_SIZE(kernel_params));
}
