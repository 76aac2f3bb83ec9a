// SPDX-License-Identifier: MIT
/*
 * DOC: cross-hart calls
 *
 * Each hart has a small ring of pending calls. A caller puts (func, info)
 * into the target's ring under the ring's lock and raises an IPI; the
 * target runs the calls from its IPI handler, or from its idle loop, which
 * sleeps in wfi with interrupts masked (a pending IPI still wakes wfi).
 *
 * A caller that waits sleeps in wfi too, instead of spinning, because on
 * QEMU eight harts share two host cores and a spinning waiter steals the
 * time of the hart it waits for. The last hart to finish a call wakes the
 * waiter with an IPI. While waiting, a hart keeps serving its own ring, so
 * two harts calling each other with interrupts off cannot deadlock.
 */
#include "kernel/smp.h"
#include "kernel/errno.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/smp.h>

#define CALL_RING_SIZE 16

struct call_slot {
	smp_call_func_t func;
	void *info;
	unsigned int *pending;	/* decremented when done; NULL: no waiter */
	unsigned int waiter;	/* cpu to wake when *pending reaches 0 */
};

struct call_ring {
	spinlock_t lock;	/* guards everything below */
	unsigned int head, tail;	/* head == tail: empty */
	struct call_slot slots[CALL_RING_SIZE];
} ____cacheline_aligned;

struct hart harts[NR_CPUS];
unsigned int nr_cpu_ids;
static struct call_ring call_rings[NR_CPUS];
_Static_assert(NR_CPUS <= 8 * sizeof(unsigned long), "on_each_cpu's mask");
static bool stop_requested;

int hartid_to_cpu(unsigned long hartid)
{
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (harts[cpu].hartid == hartid)
			return cpu;
	return -1;
}

unsigned int num_online_cpus(void)
{
	unsigned int cpu, n = 0;

	for_each_online_cpu(cpu)
		n++;
	return n;
}

/* Takes one call off this hart's ring; Returns false if it was empty. */
static bool pop_call(struct call_ring *ring, struct call_slot *slot)
{
	unsigned long flags;
	bool found = false;

	spin_lock_irqsave(&ring->lock, flags);
	if (ring->head != ring->tail) {
		*slot = ring->slots[ring->head % CALL_RING_SIZE];
		ring->head++;
		found = true;
	}
	spin_unlock_irqrestore(&ring->lock, flags);
	return found;
}

/*
 * The idle time is a sequence count per hart: the hart bumps idle_seq to
 * odd, changes its two fields, and bumps it back to even; a reader retries
 * until it saw the same even count before and after. The hart never waits
 * for a reader, so its idle loop pays a few stores. Ordered with release
 * stores and acquire loads rather than fences (ThreadSanitizer, which the
 * host tests run under, cannot follow fences): each release store of a
 * field keeps the odd count before it, each acquire load keeps the second
 * look at the count after it.
 */
static void idle_write(struct hart *h, u64 ticks, u64 since)
{
	WRITE_ONCE(h->idle_seq, h->idle_seq + 1);
	__atomic_store_n(&h->idle_ticks, ticks, __ATOMIC_RELEASE);
	__atomic_store_n(&h->idle_since, since, __ATOMIC_RELEASE);
	__atomic_store_n(&h->idle_seq, h->idle_seq + 1, __ATOMIC_RELEASE);
}

void cpu_idle_enter(void)
{
	struct hart *h = this_hart();

	idle_write(h, h->idle_ticks, read_time());
}

void cpu_idle_exit(void)
{
	struct hart *h = this_hart();

	if (h->idle_since)
		idle_write(h, h->idle_ticks + (read_time() - h->idle_since), 0);
}

u64 cpu_idle_time_ns(unsigned int cpu)
{
	struct hart *h = &harts[cpu];
	unsigned int seq;
	u64 ticks, since;

	do {
		seq = __atomic_load_n(&h->idle_seq, __ATOMIC_ACQUIRE);
		ticks = __atomic_load_n(&h->idle_ticks, __ATOMIC_ACQUIRE);
		since = __atomic_load_n(&h->idle_since, __ATOMIC_ACQUIRE);
	} while ((seq & 1) || READ_ONCE(h->idle_seq) != seq);
	/*
	 * Add the sleep it is in now (read_time() is one clock for every
	 * hart). A hart waking meanwhile books a little less than this adds,
	 * so two reads can differ by that much the wrong way: fine for idle.
	 */
	if (since)
		ticks += read_time() - since;
	return timebase_to_ns(ticks);
}

void halt_this_hart(void)
{
	local_irq_disable();
	WRITE_ONCE(this_hart()->online, false);
	for (;;)
		wait_for_interrupt();
}

void smp_send_stop(void)
{
	unsigned int cpu, self = smp_processor_id();
	u64 deadline = ktime_get_ns() + 1000000000ULL;

	__atomic_store_n(&stop_requested, true, __ATOMIC_RELEASE);
	for_each_online_cpu(cpu)
		if (cpu != self)
			arch_send_ipi(cpu);
	while (num_online_cpus() > 1 && ktime_get_ns() < deadline)
		cpu_relax();
}

void smp_handle_calls(void)
{
	struct call_ring *ring = &call_rings[smp_processor_id()];
	struct call_slot slot;

	if (__atomic_load_n(&stop_requested, __ATOMIC_ACQUIRE))
		halt_this_hart();

	while (pop_call(ring, &slot)) {
		slot.func(slot.info);
		if (slot.pending &&
		    __atomic_sub_fetch(slot.pending, 1, __ATOMIC_ACQ_REL) == 0 &&
		    slot.waiter != smp_processor_id())
			arch_send_ipi(slot.waiter);
	}
}

/*
 * Sleeps until *@pending is 0, serving this hart's own calls meanwhile.
 * Clearing the IPI before checking means a wake-up that lands after the
 * check leaves the IPI pending, and wfi returns at once.
 */
static void wait_for_calls(unsigned int *pending)
{
	unsigned long flags = arch_local_irq_save();

	for (;;) {
		arch_clear_ipi();
		smp_handle_calls();
		if (!__atomic_load_n(pending, __ATOMIC_ACQUIRE))
			break;
		wait_for_interrupt();
	}
	arch_local_irq_restore(flags);
}

static void queue_call(unsigned int cpu, smp_call_func_t func, void *info,
		       unsigned int *pending)
{
	struct call_ring *ring = &call_rings[cpu];
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&ring->lock, flags);
		if (ring->tail - ring->head < CALL_RING_SIZE)
			break;
		spin_unlock_irqrestore(&ring->lock, flags);
		/* Full: the target may be waiting on us; serve our calls. */
		smp_handle_calls();
		cpu_relax();
	}
	ring->slots[ring->tail % CALL_RING_SIZE] = (struct call_slot){
		func, info, pending, smp_processor_id()
	};
	ring->tail++;
	spin_unlock_irqrestore(&ring->lock, flags);
	arch_send_ipi(cpu);
}

/* Runs @func here with interrupts off, as it would run from an IPI. */
static void call_locally(smp_call_func_t func, void *info)
{
	unsigned long flags = arch_local_irq_save();

	func(info);
	arch_local_irq_restore(flags);
}

int smp_call_function_single(unsigned int cpu, smp_call_func_t func,
			     void *info, bool wait)
{
	unsigned int pending = 1;

	if (!cpu_online(cpu))
		return -EINVAL;
	if (cpu == smp_processor_id()) {
		call_locally(func, info);
		return 0;
	}
	queue_call(cpu, func, info, wait ? &pending : NULL);
	if (wait)
		wait_for_calls(&pending);
	return 0;
}

void on_each_cpu(smp_call_func_t func, void *info, bool wait)
{
	unsigned int self = smp_processor_id();
	unsigned long targets = 0;
	unsigned int cpu, pending = 0;

	/*
	 * One snapshot of the online harts serves both the count and the
	 * queueing: a hart going on- or offline in between (a late bring-up,
	 * a panic) must not make the count disagree with the calls queued.
	 * The count is complete before the first call is queued, so a fast
	 * hart cannot take it to 0 early.
	 */
	for_each_online_cpu(cpu) {
		if (cpu != self) {
			targets |= 1UL << cpu;
			pending++;
		}
	}
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (targets & (1UL << cpu))
			queue_call(cpu, func, info, wait ? &pending : NULL);
	call_locally(func, info);
	if (wait)
		wait_for_calls(&pending);
}
