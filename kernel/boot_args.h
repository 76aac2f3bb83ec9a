/* SPDX-License-Identifier: MIT */
/*
 * kernel/boot_args.h - the boot arguments the kernel itself understands.
 * The parser is kernel/cmdline.c; this is the table of what it fills in.
 */
#ifndef TERN_KERNEL_BOOT_ARGS_H
#define TERN_KERNEL_BOOT_ARGS_H

#include "kernel/types.h"

struct boot_args {
	bool ktest;		/* "ktest" or "ktest=SUITE": run tests, power off */
	char ktest_suite[160];	/* suite names, commas between; "" = every suite */
	bool mmu_sv48;		/* "mmu=sv48": use Sv48 even if Sv39 would do */
	bool bench;		/* "bench" or "bench=NAME,...": benchmarks */
	char bench_names[64];	/* name prefixes, "" = every benchmark */
	bool bench_quick;	/* "bench.quick": short runs (make test) */
	unsigned int stress_seconds;	/* "stress.seconds=N": the mix's time */
	unsigned long stress_seed;	/* "stress.seed=N": its PRNG seed */
	unsigned int watchdog_thresh;	/* "watchdog_thresh=N": soft lockup at 2N s */
	bool pcp_off;		/* "pcp=off": no per-hart page caches */
	bool smp_start_at_image_entry;	/* "smp.start_at_image_entry": test */
};

extern struct boot_args boot_args;

/* Parses @cmdline into boot_args (and panic_timeout); bad ones are logged. */
void boot_args_parse(const char *cmdline);

#endif
