// SPDX-License-Identifier: MIT
/*
 * DOC: TLB shootdown
 *
 * flush_tlb_kernel_range() flushes this hart with sfence.vma (per page for
 * small ranges) and every other online hart with one SBI RFENCE
 * remote_sfence_vma call covering the whole range. OpenSBI serves that call
 * by interrupting each target hart in M-mode, where it runs sfence.vma (a
 * full one past a range limit the platform sets), and returns once all
 * have.
 *
 * Without RFENCE, or when a call fails, the same local flush runs on every
 * hart through on_each_cpu(), which waits for all of them. A failed call is
 * reported once; later flushes try RFENCE again (a failure names a hart that
 * went away, say, and says nothing of the next call).
 */
#define pr_fmt(fmt) "tlb: " fmt

#include <asm/page.h>
#include <asm/sbi.h>
#include <asm/tlbflush.h>
#include "kernel/printk.h"
#include "kernel/smp.h"

#define BITS_PER_LONG (8 * sizeof(unsigned long))

/* Written at boot (and by tests), read by every flush. */
static enum tlb_flush_method method;
static unsigned int sbi_error_reported;	/* an int: rv64 has no 1-byte swap */
static struct tlb_flush_stats stats;

/* A range handed to every hart by the cross-hart path. */
struct tlb_range {
	unsigned long start, end;	/* end == 0: everything */
};

static inline void count(unsigned long *counter)
{
	__atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
}

void local_flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	start = ALIGN_DOWN(start, PAGE_SIZE);
	end = ALIGN_UP(end, PAGE_SIZE);
	if (end <= start)
		return;
	if ((end - start) / PAGE_SIZE > TLB_FLUSH_PAGE_LIMIT) {
		local_flush_tlb_all();
		return;
	}
	for (unsigned long addr = start; addr < end; addr += PAGE_SIZE)
		local_flush_tlb_page(addr);
}

/* The cross-hart call: each hart flushes itself. */
static void flush_range_here(void *info)
{
	const struct tlb_range *range = info;

	if (range->end)
		local_flush_tlb_kernel_range(range->start, range->end);
	else
		local_flush_tlb_all();
}

long tlb_sbi_flush_others(unsigned long start, unsigned long size)
{
	unsigned int cpu, self = smp_processor_id();
	unsigned long todo = 0;

	for_each_online_cpu(cpu)
		if (cpu != self)
			todo |= 1UL << cpu;

	/*
	 * The PTE stores must reach memory before any target walks the table
	 * again after its fence. The firmware's own locking orders them too;
	 * this does not depend on its internals, and costs nothing next to
	 * the trap.
	 */
	__asm__ volatile("fence rw, rw" ::: "memory");

	while (todo) {
		unsigned long base = ~0UL, mask = 0;
		long err;

		for (cpu = 0; cpu < nr_cpu_ids; cpu++)
			if (todo & (1UL << cpu))
				base = min(base, harts[cpu].hartid);
		for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
			unsigned long bit = harts[cpu].hartid - base;

			if ((todo & (1UL << cpu)) && bit < BITS_PER_LONG) {
				mask |= 1UL << bit;
				todo &= ~(1UL << cpu);
			}
		}
		count(&stats.sbi_calls);
		err = sbi_remote_sfence_vma(mask, base, start, size);
		if (err) {
			count(&stats.sbi_errors);
			return err;
		}
	}
	return 0;
}

/*
 * Flushes [start, end) everywhere, or everything when @end is 0; @start and
 * @end are page aligned.
 */
static void flush_everywhere(unsigned long start, unsigned long end)
{
	struct tlb_range range = { start, end };
	long err;

	count(&stats.flushes);
	if (READ_ONCE(method) == TLB_FLUSH_SBI_RFENCE) {
		flush_range_here(&range);
		err = tlb_sbi_flush_others(start, end ? end - start :
					   SBI_RFENCE_FLUSH_ALL);
		if (!err)
			return;
		if (!__atomic_exchange_n(&sbi_error_reported, 1,
					 __ATOMIC_RELAXED))
			pr_warn("warning: SBI RFENCE failed (SBI error %ld); flushing other harts by cross-hart call instead\n",
				err);
	}
	count(&stats.ipi_flushes);
	on_each_cpu(flush_range_here, &range, true);
}

void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	start = ALIGN_DOWN(start, PAGE_SIZE);
	end = ALIGN_UP(end, PAGE_SIZE);
	if (end > start)
		flush_everywhere(start, end);
}

void flush_tlb_all(void)
{
	flush_everywhere(0, 0);
}

const char *tlb_flush_method_name(enum tlb_flush_method m)
{
	return m == TLB_FLUSH_SBI_RFENCE ? "SBI RFENCE" : "cross-hart call";
}

void tlbflush_init(void)
{
	method = sbi_has_rfence() ? TLB_FLUSH_SBI_RFENCE : TLB_FLUSH_IPI;
	if (method == TLB_FLUSH_SBI_RFENCE)
		pr_info("remote TLB flushes through SBI RFENCE (remote sfence.vma)\n");
	else
		pr_info("firmware has no SBI RFENCE; remote TLB flushes by cross-hart call\n");
}

enum tlb_flush_method tlb_flush_method(void)
{
	return READ_ONCE(method);
}

enum tlb_flush_method tlb_flush_set_method(enum tlb_flush_method m)
{
	enum tlb_flush_method old = READ_ONCE(method);

	if (m != TLB_FLUSH_SBI_RFENCE || sbi_has_rfence())
		WRITE_ONCE(method, m);
	return old;
}

void tlb_flush_get_stats(struct tlb_flush_stats *out)
{
	out->flushes = __atomic_load_n(&stats.flushes, __ATOMIC_RELAXED);
	out->sbi_calls = __atomic_load_n(&stats.sbi_calls, __ATOMIC_RELAXED);
	out->sbi_errors = __atomic_load_n(&stats.sbi_errors, __ATOMIC_RELAXED);
	out->ipi_flushes = __atomic_load_n(&stats.ipi_flushes, __ATOMIC_RELAXED);
}
