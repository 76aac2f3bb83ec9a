// SPDX-License-Identifier: MIT
/*
 * DOC: smp and spinlock suites - cross-hart calls and locks, on every hart
 *
 * These run on the real harts of the machine under test; with one hart
 * they still run (and check the degenerate cases).
 */
#include "kernel/ktest.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"
#include <asm/irqflags.h>
#include <asm/processor.h>

static void all_usable_harts_online(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, num_online_cpus(), nr_cpu_ids);
	KTEST_EXPECT(t, this_hart()->online);
}

static void hartids_distinct_and_numbered(struct ktest *t)
{
	for (unsigned int a = 0; a < nr_cpu_ids; a++) {
		KTEST_EXPECT_EQ(t, hartid_to_cpu(harts[a].hartid), a);
		for (unsigned int b = a + 1; b < nr_cpu_ids; b++)
			KTEST_EXPECT(t, harts[a].hartid != harts[b].hartid);
	}
}

static void record_cpu(void *info)
{
	*(unsigned int *)info = smp_processor_id();
}

static void call_single_runs_on_target(struct ktest *t)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		unsigned int ran_on = ~0u;

		KTEST_EXPECT_EQ(t, smp_call_function_single(cpu, record_cpu,
							    &ran_on, true), 0);
		KTEST_EXPECT_EQ(t, ran_on, cpu);
	}
	KTEST_EXPECT(t, smp_call_function_single(nr_cpu_ids, record_cpu,
						 NULL, true) < 0);
}

static void set_my_bit(void *info)
{
	__atomic_fetch_or((unsigned long *)info, 1UL << smp_processor_id(),
			  __ATOMIC_RELAXED);
}

static void on_each_cpu_runs_everywhere(struct ktest *t)
{
	unsigned long seen = 0, expected = 0;
	unsigned int cpu;

	for_each_online_cpu(cpu)
		expected |= 1UL << cpu;
	on_each_cpu(set_my_bit, &seen, true);
	KTEST_EXPECT_EQ(t, seen, expected);
}

static void count_call(void *info)
{
	__atomic_fetch_add((unsigned int *)info, 1, __ATOMIC_RELAXED);
}

static void nop_call(void *info)
{
}

static void calls_without_wait_all_complete(struct ktest *t)
{
	static unsigned int count;	/* outlives the calls that update it */
	const unsigned int rounds = 50;

	count = 0;
	for (unsigned int i = 0; i < rounds; i++)
		on_each_cpu(count_call, &count, false);
	/* Rings are FIFO: once a waited call has run everywhere, so have these. */
	on_each_cpu(nop_call, NULL, true);
	KTEST_EXPECT_EQ(t, __atomic_load_n(&count, __ATOMIC_RELAXED),
			rounds * num_online_cpus());
}

static void call_everyone(void *info)
{
	on_each_cpu(count_call, info, true);
}

static void every_hart_calls_every_hart(struct ktest *t)
{
	unsigned int count = 0;

	on_each_cpu(call_everyone, &count, true);
	KTEST_EXPECT_EQ(t, count, num_online_cpus() * num_online_cpus());
}

static const struct ktest_case smp_cases[] = {
	KTEST_CASE(all_usable_harts_online),
	KTEST_CASE(hartids_distinct_and_numbered),
	KTEST_CASE(call_single_runs_on_target),
	KTEST_CASE(on_each_cpu_runs_everywhere),
	KTEST_CASE(calls_without_wait_all_complete),
	KTEST_CASE(every_hart_calls_every_hart),
};
KTEST_SUITE(smp_ktest_suite, "smp", smp_cases);

#define LOCK_ROUNDS 50
/* Longer than SPIN_NAP_AFTER_US (kernel/spinlock.c): waiters nap. */
#define LONG_HOLD_US 200
#define LONG_HOLD_ROUNDS 4

struct lock_counter {
	spinlock_t lock;
	unsigned long value;	/* plain increments: only the lock protects it */
	unsigned int rounds;
	unsigned int hold_us;	/* 0: a short hold, 64 pauses */
};

static void hammer_lock(void *info)
{
	struct lock_counter *c = info;

	for (unsigned int i = 0; i < c->rounds; i++) {
		unsigned long value;

		spin_lock(&c->lock);
		value = READ_ONCE(c->value);
		/* Widen the window: without mutual exclusion, updates get lost. */
		if (!c->hold_us) {
			for (unsigned int pause = 0; pause < 64; pause++)
				cpu_relax();
		} else {
			/* The first holder waits for a waiter, who then surely naps. */
			while (!value && READ_ONCE(c->lock.next) == READ_ONCE(c->lock.owner) + 1)
				cpu_relax();
			delay_us(c->hold_us);
		}
		WRITE_ONCE(c->value, value + 1);
		spin_unlock(&c->lock);
	}
}

static void counter_exact_under_contention(struct ktest *t)
{
	struct lock_counter c = { SPINLOCK_INIT, 0, LOCK_ROUNDS, 0 };

	on_each_cpu(hammer_lock, &c, true);
	KTEST_EXPECT_EQ(t, c.value, (unsigned long)LOCK_ROUNDS * num_online_cpus());
	KTEST_EXPECT(t, !spin_is_locked(&c.lock));
}

/*
 * Holds long enough that the waiters nap (and so give the host cores to
 * the holder): every nap must end and the lock still exclude.
 */
static void long_holds_napping_waiters(struct ktest *t)
{
	struct lock_counter c = { SPINLOCK_INIT, 0, LONG_HOLD_ROUNDS, LONG_HOLD_US };
	unsigned long naps = READ_ONCE(spin_lock_naps);

	if (num_online_cpus() < 2) {
		ktest_skip(t, "one hart: nobody waits");
		return;
	}
	on_each_cpu(hammer_lock, &c, true);
	KTEST_EXPECT_EQ(t, c.value, (unsigned long)LONG_HOLD_ROUNDS * num_online_cpus());
	KTEST_EXPECT(t, READ_ONCE(spin_lock_naps) > naps);
	KTEST_EXPECT(t, !spin_is_locked(&c.lock));
}

static void trylock_fails_when_held(struct ktest *t)
{
	DEFINE_SPINLOCK(lock);

	KTEST_EXPECT(t, spin_trylock(&lock));
	KTEST_EXPECT(t, spin_is_locked(&lock));
	KTEST_EXPECT(t, !spin_trylock(&lock));
	spin_unlock(&lock);
	KTEST_EXPECT(t, spin_trylock(&lock));
	spin_unlock(&lock);
}

static void irqsave_restores_state(struct ktest *t)
{
	DEFINE_SPINLOCK(lock);
	unsigned long outer, inner;

	outer = arch_local_irq_save();
	local_irq_enable();
	spin_lock_irqsave(&lock, inner);
	KTEST_EXPECT(t, irqs_disabled());
	spin_unlock_irqrestore(&lock, inner);
	KTEST_EXPECT(t, !irqs_disabled());
	local_irq_disable();
	spin_lock_irqsave(&lock, inner);
	spin_unlock_irqrestore(&lock, inner);
	KTEST_EXPECT(t, irqs_disabled());
	arch_local_irq_restore(outer);
}

static const struct ktest_case spinlock_cases[] = {
	KTEST_CASE(counter_exact_under_contention),
	KTEST_CASE(long_holds_napping_waiters),
	KTEST_CASE(trylock_fails_when_held),
	KTEST_CASE(irqsave_restores_state),
};
KTEST_SUITE(spinlock_ktest_suite, "spinlock", spinlock_cases);
