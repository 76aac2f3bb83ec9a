/* SPDX-License-Identifier: MIT */
/*
 * kernel/bench.h - in-kernel benchmarks and the `bench` lines they print.
 *
 * A benchmark is a named function that measures something and prints one
 * line per figure, in the format tools/bench and docs/perf.md read:
 *
 *	bench <name> harts=<n> [<key>=<value> ...]
 *
 * e.g. "bench page.order0.pair harts=1 pcp=on order=0 instret=27 ns=27".
 * Benchmarks are listed in kernel/bench.c, so that one file shows
 * everything `bench` runs; the console command `bench [NAME]` and the boot
 * argument `bench[=NAME,...]` run those whose name starts with NAME.
 *
 * Instruction counts (bench_instret()) are exact only under QEMU
 * `-icount shift=0,sleep=off` with one hart busy; times (ktime_get_ns())
 * are host time under MTTCG, so figures measured that way are reported as
 * ratios taken in the same boot (docs/perf.md).
 */
#ifndef TERN_KERNEL_BENCH_H
#define TERN_KERNEL_BENCH_H

#include "kernel/types.h"
#include <asm/csr.h>

/**
 * struct bench - one benchmark.
 * @name: dotted, most general part first ("page.scaling"), so that a
 *	prefix selects a family.
 * @run: measures and prints its `bench` lines; @quick asks for a short
 *	run (the smoke test of `make test`), whose figures are only a sign of
 *	life. Returns 0, or a negative errno after printing why it failed.
 */
struct bench {
	const char *name;
	int (*run)(bool quick);
};

#define BENCH(var, bench_name, fn) \
	const struct bench var = { bench_name, fn }

/**
 * bench_run() - run the benchmarks whose names start with one of @names.
 * @names: comma-separated name prefixes; NULL or "" runs every benchmark.
 * @quick: short runs (see struct bench).
 *
 * Runs on the calling hart, which waits in wfi while other harts work.
 * Ends with "# bench: N failed (M run)" and leaves every hart's page
 * caches drained.
 * Return: the number of benchmarks that failed, or -ENOENT (logged, with
 * the list of names) if @names selects none.
 */
int bench_run(const char *names, bool quick);

/*
 * bench_init() - register the console command `bench [-q] [NAME...]`.
 * Call once, after the allocator is up and before the shell runs.
 */
void bench_init(void);

/* ------------------------------------------ helpers for benchmarks --- */

/*
 * Returns the instructions this hart has retired (the instret CSR). Read
 * it with interrupts off around the measured code: an interrupt's
 * instructions would be counted too.
 */
static inline u64 bench_instret(void)
{
	return csr_read(instret);
}

/**
 * bench_print() - print one figure: "bench @name harts=@harts " and @fmt.
 * @fmt: the rest of the line, " key=value" pairs, without the newline.
 */
void bench_print(const char *name, unsigned int harts, const char *fmt, ...)
	__printf(3, 4);

/**
 * bench_div() - @num / @den as text, for per-item costs and ratios.
 * @buf: where the text goes, @size bytes (24 hold any value).
 *
 * Rounded to two decimals; printed as an integer when those are zero
 * ("27", not "27.00": a per-pair count off by a few instructions over
 * 20000 pairs is a whole count), else with both ("27.35").
 * Return: @buf; "0" when @den is 0.
 */
const char *bench_div(char *buf, size_t size, u64 num, u64 den);

/* Warm-up iterations before a measured loop: caches filled, code hot. */
#define BENCH_WARMUP 64

/**
 * bench_loop() - measure one iteration of @loop, in instructions and time.
 * @loop: runs @n iterations (its body inlined, so the figure is the body's
 *	own); Returns false if an iteration failed.
 * @text: filled with " instret=I ns=T loop=L iters=N": per iteration, less
 *	an empty loop's cost (measured the same way, printed as loop=), for
 *	the rest of a `bench` line; @size bytes (96 are enough).
 *
 * Runs @loop(@arg, BENCH_WARMUP), then @loop(@arg, @n), on the calling
 * hart with interrupts off.
 * Return: true, or false if @loop failed (@text is then not filled).
 */
bool bench_loop(bool (*loop)(void *arg, unsigned long n), void *arg,
		unsigned long n, char *text, size_t size);

/**
 * bench_on_cpus() - run @fn(@arg) on every online hart in @cpus at once.
 * @cpus: bit n set for cpu n (the caller's own bit may be set too).
 *
 * Each hart runs @fn with interrupts off, as a cross-hart call; the
 * caller returns when all have finished, asleep in wfi meanwhile, as are
 * the harts outside @cpus. @fn may wait for the others of @cpus (a start
 * barrier), never for a hart outside them.
 */
void bench_on_cpus(unsigned long cpus, void (*fn)(void *arg), void *arg);

/**
 * bench_rate() - items per second of @burst run by @nr harts at once.
 * @nr: the first @nr online harts take part.
 * @burst: one burst of work on the calling hart, with interrupts off;
 *	Returns false if it failed (having undone what it did).
 * @items: what one burst counts for (pairs, objects...).
 *
 * Each hart runs one burst first (its caches warm), then bursts until a
 * common deadline @duration_ns after the last hart arrived, so that all
 * run over the same interval.
 * Return: @items per second over all harts, or 0 if a burst failed.
 */
u64 bench_rate(unsigned int nr, u64 duration_ns, bool (*burst)(void *arg), void *arg,
	       unsigned int items);

/* Returns the median of three measurements. */
u64 bench_median3(const u64 v[3]);

#endif
