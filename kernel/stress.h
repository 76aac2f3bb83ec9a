/* SPDX-License-Identifier: MIT */
/*
 * kernel/stress.h - the stress engine: every allocator on a set of harts
 * at once, for a while, with an optional memory hog and a soft-lockup
 * watchdog (kernel/stress.c says how). The stress ktest suite
 * (tests/kernel/stress_test.c) and the console's `stress` command
 * (kernel/mm_commands.c) both drive it.
 */
#ifndef TERN_KERNEL_STRESS_H
#define TERN_KERNEL_STRESS_H

#include "kernel/types.h"

/* What the mix allocates; --mix names them in this order. */
enum stress_kind {
	STRESS_PAGES, STRESS_SLAB, STRESS_KMALLOC, STRESS_VMALLOC, STRESS_MEMPOOL,
	STRESS_DMA, STRESS_HUGETLB,
	NR_STRESS_KINDS
};
#define STRESS_ALL_KINDS ((1U << NR_STRESS_KINDS) - 1)

extern const char *const stress_kind_names[NR_STRESS_KINDS];

/* How hard the hog presses on memory while the mix runs. */
enum stress_pressure {
	STRESS_PRESSURE_NONE,	/* no hog */
	STRESS_PRESSURE_LOW,	/* every zone below its low watermark */
	STRESS_PRESSURE_MIN,	/* every zone below min (GFP_ATOMIC digs there) */
	STRESS_PRESSURE_OOM,	/* until GFP_ATOMIC fails on every zone */
	NR_STRESS_PRESSURES
};

extern const char *const stress_pressure_names[NR_STRESS_PRESSURES];

/* Linux's watchdog_thresh: a soft lockup is 2 * this many seconds. */
#define WATCHDOG_THRESH_DEFAULT 10

/**
 * struct stress_config - what a run does.
 * @cpus: the harts that run the mix (each must be online).
 * @seconds: how long the mix runs.
 * @seed: the PRNG seed (each hart mixes in its cpu number).
 * @kinds: 1 << enum stress_kind for each allocator in the mix (not 0).
 * @nodes: bit N: node N may be asked for memory; 0: every node.
 * @pressure: the hog's level.
 * @wedge_cpu: a hart (not the caller's) that stops touching the watchdog
 *	and spins with interrupts off for 2 * watchdog_thresh + 1 s, to test
 *	the watchdog; -1: none.
 * @expect_no_failures: fail the run if any allocation failed.
 */
struct stress_config {
	bool cpus[NR_CPUS];
	unsigned int seconds;
	u64 seed;
	unsigned int kinds;
	unsigned long nodes;
	enum stress_pressure pressure;
	int wedge_cpu;
	bool expect_no_failures;
};

/**
 * struct stress_result - what a run did, summed over its harts.
 * @ok: no problem found; else @reason says the first.
 */
struct stress_result {
	unsigned long ops, allocs[NR_STRESS_KINDS], total, frees;
	unsigned long failed, nomem, injected, bad;
	unsigned long handed, received, remote, far;
	unsigned long placed[MAX_NUMNODES];
	unsigned long atomic_ok, atomic_failed;	/* GFP_ATOMIC while the hog held */
	unsigned long hog_pages, hog_level_ms;	/* held at most; time to reach the level */
	bool recovered;			/* every zone above high after the release */
	unsigned long recover_ms;
	unsigned int lockups;		/* harts the watchdog reported */
	unsigned int harts;
	u64 elapsed_ms;
	long lost_pages;		/* settled pages before - after */
	int check_problems;		/* check_free_areas() */
	bool ok;
	char reason[160];
};

/* Fills @cfg with the defaults: every online hart, 10 s, every kind, no hog. */
void stress_default_config(struct stress_config *cfg, u64 seed);

/**
 * stress_prepare() - counts of before, the test cache and the pool.
 * Injection is paused meanwhile. Not from a cross-hart call.
 * Return: 0, or -ENOMEM if the cache or the pool could not be made.
 */
int stress_prepare(const struct stress_config *cfg);

/**
 * stress_run() - the mix on @cfg's harts for @cfg->seconds, with the hog
 * and the watchdog; fills @res (counts, ok, reason) and prints nothing
 * but reports (bad objects, soft lockups). Call stress_prepare() first
 * and stress_finish() after. The caller's hart controls the run (the hog,
 * the watchdog's checks) and runs the mix too if it is in @cfg->cpus.
 */
void stress_run(const struct stress_config *cfg, struct stress_result *res);

/**
 * stress_finish() - everything back: the pool and the test cache go (no
 * leak report), every hart's caches drained, the settled page count and
 * every zone's free pages as before, vmalloc's counts as before,
 * check_free_areas() clean. Updates @res->ok / @res->reason / lost_pages
 * / check_problems. Injection is paused meanwhile.
 */
void stress_finish(struct stress_result *res);

/* Prints the console's summary line ("stress: ops pages=N ..."). */
void stress_print_summary(const struct stress_config *cfg, const struct stress_result *res);

#endif
