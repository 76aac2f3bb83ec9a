// SPDX-License-Identifier: MIT
/*
 * DOC: host test - cross-hart calls (kernel/smp.c) on pthread harts, under TSan
 *
 * kernel/smp.c runs unmodified over arch/host/harts.c. Results written by a
 * call with plain stores are read by the caller with plain loads after the
 * call is known to be done, so a call that "waited" without a real
 * happens-before edge is a ThreadSanitizer report (which tests/run-all
 * counts as a failure), and one that did not wait at all fails the CHECKs.
 * The test's own waits have a deadline, so a lost call fails a case; a
 * hang inside kernel/smp.c's waits ends the program by SIGALRM (a failure
 * for tests/run-all) long before run-all's own timeout.
 */
#include <pthread.h>
#include <unistd.h>

#include "kernel/errno.h"
#include "kernel/smp.h"
#include "kernel/time.h"
#include "tests/host/harness.h"
#include <asm/host_smp.h>
#include <asm/irqflags.h>
#include <asm/processor.h>

#define NR_HARTS 6
#define DEADLINE_NS 10000000000ULL	/* 10 s: far beyond any honest wait */
#define WATCHDOG_S 120		/* the whole program takes under a second */

static const int node_of[NR_HARTS] = { 0, 0, 0, 1, 1, 1 };

/* What a call saw where it ran; written with plain stores. */
struct where {
	unsigned int cpu;
	pthread_t thread;
	bool irqs_off;
	unsigned long value;
};

/* Fills the struct where at @info with the running hart's view. */
static void note_where(void *info)
{
	struct where *w = info;

	w->cpu = smp_processor_id();
	w->thread = pthread_self();
	w->irqs_off = irqs_disabled();
	w->value = 0x5eed0000UL + w->cpu;
}

/* Returns true once *@counter reaches @target, false after DEADLINE_NS. */
static bool wait_for_count(unsigned int *counter, unsigned int target)
{
	u64 deadline = ktime_get_ns() + DEADLINE_NS;

	while (__atomic_load_n(counter, __ATOMIC_ACQUIRE) < target)
		if (ktime_get_ns() > deadline)
			return false;
		else
			cpu_relax();
	return true;
}

static void harts_are_set_up(void)
{
	CHECK_EQ(nr_cpu_ids, NR_HARTS);
	CHECK_EQ(num_online_cpus(), NR_HARTS);
	CHECK_EQ(smp_processor_id(), 0);
	for (unsigned int cpu = 0; cpu < NR_HARTS; cpu++) {
		CHECK_EQ(harts[cpu].cpu, cpu);
		CHECK_EQ(hartid_to_cpu(cpu), cpu);
		CHECK_EQ(harts[cpu].node, node_of[cpu]);
	}
	CHECK_EQ(hartid_to_cpu(NR_HARTS), -1);
	CHECK(!irqs_disabled());
}

/* Each call runs on its target's own thread, irqs off, and is done on return. */
static void call_single_waits(void)
{
	struct where w[NR_HARTS];

	for (unsigned int cpu = 0; cpu < NR_HARTS; cpu++) {
		w[cpu] = (struct where){ .cpu = ~0u };
		CHECK_EQ(smp_call_function_single(cpu, note_where, &w[cpu], true), 0);
		/* Plain reads: TSan reports them unless the wait ordered them. */
		CHECK_EQ(w[cpu].cpu, cpu);
		CHECK_EQ(w[cpu].value, 0x5eed0000UL + cpu);
		CHECK(w[cpu].irqs_off);
		CHECK(pthread_equal(w[cpu].thread, pthread_self()) == (cpu == 0));
	}
	for (unsigned int a = 1; a < NR_HARTS; a++)
		for (unsigned int b = a + 1; b < NR_HARTS; b++)
			CHECK(!pthread_equal(w[a].thread, w[b].thread));
	/* Running on itself turned irqs off for the call only. */
	CHECK(!irqs_disabled());
}

static void call_single_rejects_offline(void)
{
	struct where w = { .cpu = ~0u };

	CHECK_EQ(smp_call_function_single(NR_HARTS, note_where, &w, true), -EINVAL);
	CHECK_EQ(smp_call_function_single(NR_CPUS, note_where, &w, false), -EINVAL);
	CHECK_EQ(w.cpu, ~0u);
}

#define ASYNC_CALLS 100	/* > the ring's 16: the sender must wait for room */

struct sequence {
	unsigned int ran;		/* atomic: calls done */
	unsigned int order[ASYNC_CALLS];	/* plain: which call ran n-th */
	unsigned int cpu_seen[ASYNC_CALLS];
};

struct seq_call {
	struct sequence *seq;
	unsigned int number;
};

/* Records that call number seq_call->number ran, and where. */
static void record_in_order(void *info)
{
	struct seq_call *c = info;
	unsigned int slot = __atomic_load_n(&c->seq->ran, __ATOMIC_RELAXED);

	c->seq->order[slot] = c->number;
	c->seq->cpu_seen[slot] = smp_processor_id();
	__atomic_store_n(&c->seq->ran, slot + 1, __ATOMIC_RELEASE);
}

/* Calls without wait return at once, all run, in the order sent. */
static void call_single_nowait_in_order(void)
{
	static struct sequence seq;
	static struct seq_call calls[ASYNC_CALLS];
	const unsigned int target = 4;

	seq = (struct sequence){ 0 };
	for (unsigned int i = 0; i < ASYNC_CALLS; i++) {
		calls[i] = (struct seq_call){ &seq, i };
		CHECK_EQ(smp_call_function_single(target, record_in_order,
						  &calls[i], false), 0);
	}
	CHECK(wait_for_count(&seq.ran, ASYNC_CALLS));
	for (unsigned int i = 0; i < ASYNC_CALLS; i++) {
		CHECK_EQ(seq.order[i], i);
		CHECK_EQ(seq.cpu_seen[i], target);
	}
}

/* counts[hart][caller]: how often @caller's call reached @hart. */
static unsigned int counts[NR_HARTS][NR_HARTS];
static unsigned int total_arrivals;

/* Counts one arrival of a call from the caller whose cpu is at @info. */
static void count_arrival(void *info)
{
	unsigned int caller = *(const unsigned int *)info;

	__atomic_fetch_add(&counts[smp_processor_id()][caller], 1,
			   __ATOMIC_RELAXED);
	__atomic_fetch_add(&total_arrivals, 1, __ATOMIC_RELEASE);
}

/* Plain per-hart slots, each written only on its own hart. */
static unsigned long slots[NR_HARTS];

static void bump_own_slot(void *info)
{
	slots[smp_processor_id()] += (unsigned long)info;
}

/* on_each_cpu(wait) runs once on every hart, the caller too, and waits. */
static void on_each_cpu_waits(void)
{
	memset(slots, 0, sizeof(slots));
	for (unsigned long round = 1; round <= 20; round++) {
		on_each_cpu(bump_own_slot, (void *)round, true);
		/* 1 + 2 + ... + round, on every hart, read plainly. */
		for (unsigned int cpu = 0; cpu < NR_HARTS; cpu++)
			CHECK_EQ(slots[cpu], round * (round + 1) / 2);
	}
}

#define STORM_ROUNDS 200

/* What each hart of the storm checked itself; plain, one writer each. */
static unsigned int storm_errors[NR_HARTS];

/*
 * Runs on every hart at once: STORM_ROUNDS on_each_cpu calls, every other
 * one without waiting. After each waited call every hart must have had
 * this caller's calls up to that round.
 */
static void storm(void *info)
{
	unsigned int self = smp_processor_id();

	for (unsigned int round = 1; round <= STORM_ROUNDS; round++) {
		bool wait = round % 2 == 0;

		on_each_cpu(count_arrival, &harts[self].cpu, wait);
		if (!wait)
			continue;
		for (unsigned int cpu = 0; cpu < NR_HARTS; cpu++)
			if (__atomic_load_n(&counts[cpu][self],
					    __ATOMIC_RELAXED) < round)
				storm_errors[self]++;
	}
}

/* Every hart calls on_each_cpu at the same time; all calls arrive, once. */
static void on_each_cpu_from_every_hart(void)
{
	memset(counts, 0, sizeof(counts));
	memset(storm_errors, 0, sizeof(storm_errors));
	total_arrivals = 0;
	on_each_cpu(storm, NULL, true);
	/* The outer call waited, but inner nowait calls may still be queued. */
	CHECK(wait_for_count(&total_arrivals,
			     NR_HARTS * NR_HARTS * STORM_ROUNDS));
	for (unsigned int hart = 0; hart < NR_HARTS; hart++) {
		CHECK_EQ(storm_errors[hart], 0);
		for (unsigned int caller = 0; caller < NR_HARTS; caller++)
			CHECK_EQ(counts[hart][caller], STORM_ROUNDS);
	}
}

#define PING_ROUNDS 300

static unsigned int pongs[NR_HARTS];

static void pong(void *info)
{
	__atomic_fetch_add(&pongs[smp_processor_id()], 1, __ATOMIC_RELAXED);
}

/*
 * Every hart calls its neighbour with wait while the neighbour calls its
 * own: a ring of waiters, each of which must keep serving its own calls.
 */
static void ping_neighbour(void *info)
{
	unsigned int next = (smp_processor_id() + 1) % NR_HARTS;

	for (unsigned int i = 0; i < PING_ROUNDS; i++)
		smp_call_function_single(next, pong, NULL, true);
}

static void waiting_harts_serve_each_other(void)
{
	memset(pongs, 0, sizeof(pongs));
	on_each_cpu(ping_neighbour, NULL, true);
	for (unsigned int cpu = 0; cpu < NR_HARTS; cpu++)
		CHECK_EQ(__atomic_load_n(&pongs[cpu], __ATOMIC_RELAXED),
			 PING_ROUNDS);
}

static unsigned int irq_test_sent, irq_test_ran;

static void mark_ran(void *info)
{
	__atomic_store_n(&irq_test_ran, 1, __ATOMIC_RELEASE);
}

/* Runs on cpu 1: sends cpu 0 a call without waiting, then says so. */
static void send_to_cpu0(void *info)
{
	smp_call_function_single(0, mark_ran, NULL, false);
	__atomic_store_n(&irq_test_sent, 1, __ATOMIC_RELEASE);
}

/*
 * cpu 0 is the test's own thread, busy rather than idle: with interrupts
 * off a call sent to it waits; turning them on takes it at once.
 */
static void busy_cpu0_takes_calls_when_irqs_on(void)
{
	unsigned long flags;

	irq_test_sent = irq_test_ran = 0;
	flags = arch_local_irq_save();
	smp_call_function_single(1, send_to_cpu0, NULL, false);
	CHECK(wait_for_count(&irq_test_sent, 1));
	CHECK_EQ(__atomic_load_n(&irq_test_ran, __ATOMIC_ACQUIRE), 0);
	arch_local_irq_restore(flags);
	CHECK_EQ(__atomic_load_n(&irq_test_ran, __ATOMIC_ACQUIRE), 1);

	/* Spinning with interrupts on answers too (cpu_relax in wait_for_count). */
	irq_test_sent = irq_test_ran = 0;
	smp_call_function_single(2, send_to_cpu0, NULL, false);
	CHECK(wait_for_count(&irq_test_ran, 1));
}

/* The host timebase: ns resolution, monotonic, delay_us at least as long. */
static void time_advances(void)
{
	u64 t0 = ktime_get_ns(), t1;

	CHECK_EQ(timebase_frequency, 1000000000);
	delay_us(2000);
	t1 = ktime_get_ns();
	CHECK(t1 - t0 >= 2000000);
	CHECK(t1 - t0 < 2000000000);	/* not a factor-of-100 unit error */
	CHECK(ktime_get_ns() >= t1);
}

/* host_smp_stop() joins; a second host_smp_init() gets a new topology. */
static void restart_with_other_topology(void)
{
	static const int nodes[3] = { 2, 0, 2 };
	struct where w = { .cpu = ~0u };

	host_smp_stop();
	CHECK_EQ(nr_cpu_ids, 1);
	CHECK_EQ(num_online_cpus(), 1);
	CHECK_EQ(smp_call_function_single(1, note_where, &w, true), -EINVAL);
	CHECK_EQ(host_smp_init(0, NULL), -EINVAL);

	CHECK_EQ(host_smp_init(3, nodes), 0);
	CHECK_EQ(host_smp_init(3, nodes), -EBUSY);
	CHECK_EQ(num_online_cpus(), 3);
	CHECK_EQ(harts[2].node, 2);
	CHECK_EQ(smp_call_function_single(2, note_where, &w, true), 0);
	CHECK_EQ(w.cpu, 2);
	memset(slots, 0, sizeof(slots));
	on_each_cpu(bump_own_slot, (void *)7UL, true);
	CHECK_EQ(slots[0] + slots[1] + slots[2] + slots[3], 21);
}

/* smp_send_stop() halts every other hart; host_smp_stop() still joins them. */
static void send_stop_halts_the_others(void)
{
	smp_send_stop();
	CHECK_EQ(num_online_cpus(), 1);
	CHECK(cpu_online(0));
	host_smp_stop();
	CHECK_EQ(nr_cpu_ids, 1);
}

int main(void)
{
	alarm(WATCHDOG_S);
	if (host_smp_init(NR_HARTS, node_of)) {
		printf("Bail out! host_smp_init failed\n");
		return 1;
	}
	ktap_plan(11);
	RUN(harts_are_set_up);
	RUN(call_single_waits);
	RUN(call_single_rejects_offline);
	RUN(call_single_nowait_in_order);
	RUN(on_each_cpu_waits);
	RUN(on_each_cpu_from_every_hart);
	RUN(waiting_harts_serve_each_other);
	RUN(busy_cpu0_takes_calls_when_irqs_on);
	RUN(time_advances);
	RUN(restart_with_other_topology);
	/* Last: stop_requested stays set for the rest of the process. */
	RUN(send_stop_halts_the_others);
	return ktap_done();
}
