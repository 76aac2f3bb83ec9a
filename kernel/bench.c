// SPDX-License-Identifier: MIT
/*
 * DOC: bench - the in-kernel benchmark runner
 *
 * Runs on the hart that asked (the console's, or the boot hart with the
 * `bench` boot argument). Benchmarks that need other harts start them
 * with bench_on_cpus() or smp_call_function_single(..., true); either way
 * the waiting hart sleeps in wfi, because under QEMU eight harts share two
 * host cores and a spinning waiter would steal the time it measures.
 *
 * tools/bench boots the kernel with `bench=NAME,...`, collects the
 * `bench` lines and writes docs/perf.md's table; `make test` boots it
 * once with `bench=page bench.quick` so that the benchmarks keep working.
 */
#include "kernel/bench.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "kernel/smp.h"
#include "kernel/time.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include <asm/irqflags.h>
#include <asm/processor.h>

extern const struct bench page_order0_pair_bench, page_order3_pair_bench,
	page_scaling_bench, page_remote_free_bench, mm_init_bench, kmalloc_pair_bench,
	vmalloc_map_bench, slab_scaling_bench, dma_coherent_pair_bench, dma_pool_pair_bench,
	dma_map_single_bench_entry, page_order0_zero_pair_bench, hugetlb_pair_bench,
	hugetlb_grow_bench, hugetlb_fragmented_bench, blk_seqread_bench;

static const struct bench *const benches[] = {
	&page_order0_pair_bench, &page_order3_pair_bench, &page_order0_zero_pair_bench,
	&page_scaling_bench,
	&page_remote_free_bench, &mm_init_bench, &kmalloc_pair_bench, &slab_scaling_bench,
	&vmalloc_map_bench,
	&dma_coherent_pair_bench, &dma_pool_pair_bench, &dma_map_single_bench_entry,
	&hugetlb_pair_bench, &hugetlb_grow_bench, &hugetlb_fragmented_bench,
	&blk_seqread_bench,
};

void bench_print(const char *name, unsigned int harts, const char *fmt, ...)
{
	char rest[160];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(rest, sizeof(rest), fmt, ap);
	va_end(ap);
	printk("bench %s harts=%u%s\n", name, harts, rest);
}

const char *bench_div(char *buf, size_t size, u64 num, u64 den)
{
	u64 hundredths = den ? (num * 100 + den / 2) / den : 0;

	if (hundredths % 100 == 0)
		scnprintf(buf, size, "%llu", (unsigned long long)(hundredths / 100));
	else
		scnprintf(buf, size, "%llu.%02llu",
			  (unsigned long long)(hundredths / 100),
			  (unsigned long long)(hundredths % 100));
	return buf;
}

/* The loop of a measured loop without its body, to subtract its cost. */
static __attribute__((noinline)) void empty_loop(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		__asm__ volatile("" ::: "memory");
}

bool bench_loop(bool (*loop)(void *arg, unsigned long n), void *arg,
		unsigned long n, char *text, size_t size)
{
	unsigned long flags = arch_local_irq_save();
	u64 i0, i1, t0, t1, e0, e1, et0, et1;
	char instret[24], ns[24], overhead[24];
	bool ok;

	et0 = ktime_get_ns();
	e0 = bench_instret();
	empty_loop(n);
	e1 = bench_instret();
	et1 = ktime_get_ns();

	ok = loop(arg, BENCH_WARMUP);
	t0 = ktime_get_ns();
	i0 = bench_instret();
	ok = ok && loop(arg, n);
	i1 = bench_instret();
	t1 = ktime_get_ns();
	arch_local_irq_restore(flags);
	if (!ok)
		return false;
	/* The empty loop cannot cost more than the full one; be safe anyway. */
	scnprintf(text, size, " instret=%s ns=%s loop=%s iters=%lu",
		  bench_div(instret, sizeof(instret), (i1 - i0) - min(i1 - i0, e1 - e0), n),
		  bench_div(ns, sizeof(ns), (t1 - t0) - min(t1 - t0, et1 - et0), n),
		  bench_div(overhead, sizeof(overhead), e1 - e0, n), n);
	return true;
}

/*
 * One bench_rate() measurement: @nr harts run bursts until @deadline,
 * which the last of them to arrive sets.
 */
struct rate_run {
	unsigned int nr;
	u64 duration_ns;
	bool (*burst)(void *arg);
	void *arg;
	unsigned int arrived;
	u64 deadline;		/* 0 until every hart has arrived */
	unsigned long bursts;	/* summed at the end, one add per hart */
	unsigned int failed;	/* harts whose burst failed */
};

/* The work of one hart of a rate_run (interrupts are off). */
static void rate_worker(void *info)
{
	struct rate_run *run = info;
	unsigned long bursts = 0;
	u64 deadline;
	bool ok;

	ok = run->burst(run->arg);
	if (__atomic_add_fetch(&run->arrived, 1, __ATOMIC_ACQ_REL) == run->nr)
		__atomic_store_n(&run->deadline, ktime_get_ns() + run->duration_ns,
				 __ATOMIC_RELEASE);
	/* A short spin: the others of the run are starting right now. */
	while (!(deadline = __atomic_load_n(&run->deadline, __ATOMIC_ACQUIRE)))
		cpu_relax();
	while (ok && ktime_get_ns() < deadline) {
		ok = run->burst(run->arg);
		bursts++;
	}
	__atomic_fetch_add(&run->bursts, bursts, __ATOMIC_RELAXED);
	if (!ok)
		__atomic_fetch_add(&run->failed, 1, __ATOMIC_RELAXED);
}

u64 bench_rate(unsigned int nr, u64 duration_ns, bool (*burst)(void *arg), void *arg,
	       unsigned int items)
{
	struct rate_run run = { .nr = nr, .duration_ns = duration_ns,
				.burst = burst, .arg = arg };
	unsigned long cpus = 0;
	unsigned int cpu, chosen = 0;

	for_each_online_cpu(cpu) {
		if (chosen == nr)
			break;
		cpus |= 1UL << cpu;
		chosen++;
	}
	bench_on_cpus(cpus, rate_worker, &run);
	if (run.failed)
		return 0;
	return (u64)run.bursts * items * 1000000000ULL / duration_ns;
}

u64 bench_median3(const u64 v[3])
{
	u64 lo = min(v[0], v[1]), hi = max(v[0], v[1]);

	return v[2] < lo ? lo : v[2] > hi ? hi : v[2];
}

struct on_cpus {
	unsigned long cpus;
	void (*fn)(void *arg);
	void *arg;
};

/* Runs on every online hart; only those in the set do the work. */
static void on_cpus_call(void *info)
{
	const struct on_cpus *call = info;

	if (call->cpus & (1UL << smp_processor_id()))
		call->fn(call->arg);
}

/*
 * on_each_cpu() already queues every call before the caller starts its
 * own share and then waits in wfi; the harts outside the set return at
 * once and go back to sleep. So the set's harts start within an IPI of
 * each other, and may wait for one another.
 */
void bench_on_cpus(unsigned long cpus, void (*fn)(void *arg), void *arg)
{
	struct on_cpus call = { cpus, fn, arg };

	on_each_cpu(on_cpus_call, &call, true);
}

/* Returns true if @name starts with one of the comma-separated @prefixes. */
static bool selected(const char *name, const char *prefixes)
{
	const char *p = prefixes;

	if (!p || !*p)
		return true;
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (len && !strncmp(name, p, len))
			return true;
		if (!comma)
			break;
		p = comma + 1;
	}
	return false;
}

int bench_run(const char *names, bool quick)
{
	unsigned int run = 0;
	int failed = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(benches); i++) {
		int err;

		if (!selected(benches[i]->name, names))
			continue;
		run++;
		err = benches[i]->run(quick);
		if (err) {
			printk("# bench %s: failed (error %d)\n", benches[i]->name,
			       err);
			failed++;
		}
	}
	if (!run) {
		char list[160];
		size_t len = 0;

		for (unsigned int i = 0; i < ARRAY_SIZE(benches); i++)
			len += scnprintf(list + len, sizeof(list) - len, " %s",
					 benches[i]->name);
		pr_err("bench: no benchmark named '%s'; there are:%s\n", names,
		       list);
		return -ENOENT;
	}
	/* Leave the machine as a boot without benchmarks would be. */
	drain_all_pages();
	printk("# bench: %d failed (%u run)\n", failed, run);
	return failed;
}

/* bench [-q] [NAME...]: the benchmarks whose names start with a NAME. */
static int cmd_bench(int argc, char **argv)
{
	char names[SHELL_LINE_MAX + 1] = "";
	size_t len = 0;
	bool quick = false;
	int i = 1;

	if (i < argc && !strcmp(argv[i], "-q")) {
		quick = true;
		i++;
	}
	for (; i < argc; i++) {
		if (argv[i][0] == '-')
			return SHELL_USAGE;
		len += scnprintf(names + len, sizeof(names) - len, "%s%s",
				 len ? "," : "", argv[i]);
	}
	return bench_run(names, quick) ? SHELL_FAILED : SHELL_OK;
}

void bench_init(void)
{
	shell_register_command("bench", "bench [-q] [NAME...]",
			       "run the benchmarks, or those whose names start with a NAME (-q: short runs)",
			       cmd_bench);
}
