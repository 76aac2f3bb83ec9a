// SPDX-License-Identifier: MIT
/*
 * DOC: tlbflush suite - TLB shootdown seen from the other harts
 *
 * The shootdown cases map a page of their own in the vmalloc area of the
 * live kernel table, have another hart read it (so that hart's TLB holds
 * the translation), clear the PTE on this hart and flush; the other hart
 * must then fault on the address. Between clearing and flushing, the other
 * hart reads once more: on QEMU it usually still sees the page through its
 * stale entry, which shows that the fault afterwards is the flush's doing.
 * That read is reported, not asserted: a hart may drop TLB entries
 * whenever it likes.
 */
#include <asm/csr.h>
#include <asm/mmu.h>
#include <asm/page.h>
#include <asm/pgtable-bits.h>
#include <asm/probe.h>
#include <asm/sbi.h>
#include <asm/tlbflush.h>
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "mm/gfp.h"
#include "mm/page.h"
#include "mm/tlb_batch.h"

#define TEST_MAGIC 0x7e57f1a5c0ffee00UL

/* True if the online harts' ids fit one RFENCE hart mask. */
static bool hartids_fit_one_mask(void)
{
	unsigned long lo = ~0UL, hi = 0;
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		lo = min(lo, harts[cpu].hartid);
		hi = max(hi, harts[cpu].hartid);
	}
	return hi - lo < 8 * sizeof(unsigned long);
}

static void rfence_is_the_boot_path(struct ktest *t)
{
	if (!sbi_has_rfence()) {
		KTEST_EXPECT_EQ(t, tlb_flush_method(), TLB_FLUSH_IPI);
		ktest_skip(t, "firmware has no SBI RFENCE");
		return;
	}
	KTEST_EXPECT_EQ(t, tlb_flush_method(), TLB_FLUSH_SBI_RFENCE);
}

static void rfence_calls_succeed(struct ktest *t)
{
	if (!sbi_has_rfence()) {
		ktest_skip(t, "firmware has no SBI RFENCE");
		return;
	}
	KTEST_EXPECT_EQ(t, tlb_sbi_flush_others(VMALLOC_START, 4 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, tlb_sbi_flush_others(VMALLOC_START, 64 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, tlb_sbi_flush_others(0, SBI_RFENCE_FLUSH_ALL), 0);
	/* The spec's other spelling of "everything". */
	KTEST_EXPECT_EQ(t, tlb_sbi_flush_others(0, 0), 0);
}

/*
 * Checks what one flush_tlb_kernel_range() and one flush_tlb_all() cost:
 * with RFENCE and more than one hart, a single SBI call each (all other
 * harts in one mask) and no cross-hart call.
 */
static void one_rfence_call_per_flush(struct ktest *t)
{
	struct tlb_flush_stats before, after;
	bool remote = num_online_cpus() > 1;

	if (tlb_flush_method() != TLB_FLUSH_SBI_RFENCE) {
		ktest_skip(t, "remote flushes go by cross-hart call");
		return;
	}
	if (!hartids_fit_one_mask()) {
		ktest_skip(t, "hart ids span more than one mask");
		return;
	}
	tlb_flush_get_stats(&before);
	flush_tlb_kernel_range(VMALLOC_START, VMALLOC_START + 3 * PAGE_SIZE);
	flush_tlb_kernel_range(VMALLOC_START, VMALLOC_START + 100 * PAGE_SIZE);
	flush_tlb_all();
	tlb_flush_get_stats(&after);
	KTEST_EXPECT_EQ(t, after.flushes - before.flushes, 3);
	KTEST_EXPECT_EQ(t, after.sbi_calls - before.sbi_calls, remote ? 3 : 0);
	KTEST_EXPECT_EQ(t, after.sbi_errors, before.sbi_errors);
	KTEST_EXPECT_EQ(t, after.ipi_flushes, before.ipi_flushes);
}

static void empty_range_flushes_nothing(struct ktest *t)
{
	struct tlb_flush_stats before, after;

	tlb_flush_get_stats(&before);
	flush_tlb_kernel_range(VMALLOC_START, VMALLOC_START);
	flush_tlb_kernel_range(VMALLOC_START + PAGE_SIZE, VMALLOC_START);
	tlb_flush_get_stats(&after);
	KTEST_EXPECT_EQ(t, after.flushes, before.flushes);
}

static void batch_flushes_the_union_once(struct ktest *t)
{
	struct tlb_flush_batch batch = TLB_FLUSH_BATCH_INIT;
	struct tlb_flush_stats before, after;
	const unsigned long base = VMALLOC_START + 16 * PAGE_SIZE;

	tlb_flush_get_stats(&before);
	tlb_batch_flush(&batch);	/* empty: no flush */
	tlb_batch_add(&batch, base + 8 * PAGE_SIZE, base + 9 * PAGE_SIZE);
	tlb_batch_add(&batch, base, base + 2 * PAGE_SIZE);
	tlb_batch_add(&batch, base + 4 * PAGE_SIZE, base + 4 * PAGE_SIZE);
	tlb_batch_add(&batch, base + 5 * PAGE_SIZE, base + 6 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, batch.start, base);
	KTEST_EXPECT_EQ(t, batch.end, base + 9 * PAGE_SIZE);
	tlb_batch_flush(&batch);
	KTEST_EXPECT(t, tlb_batch_empty(&batch));
	tlb_batch_flush(&batch);	/* flushed batches are empty again */
	tlb_flush_get_stats(&after);
	KTEST_EXPECT_EQ(t, after.flushes - before.flushes, 1);
	if (tlb_flush_method() == TLB_FLUSH_SBI_RFENCE && num_online_cpus() > 1 &&
	    hartids_fit_one_mask())
		KTEST_EXPECT_EQ(t, after.sbi_calls - before.sbi_calls, 1);
}

/* A read on some hart through a probe that survives the fault. */
struct probe_read {
	const void *addr;
	long cause;		/* 0, or the exception cause */
	unsigned long value, fault_addr;
};

static void read_here(void *info)
{
	struct probe_read *r = info;

	r->cause = probe_kernel_read(r->addr, &r->value);
	r->fault_addr = r->cause ? this_hart()->fault_addr : 0;
}

static struct probe_read read_on(unsigned int cpu, unsigned long va)
{
	struct probe_read r = { .addr = (const void *)va, .cause = -1 };

	smp_call_function_single(cpu, read_here, &r, true);
	return r;
}

/*
 * Maps @pa at an unused address near the top of the vmalloc area (a few
 * are tried, in case an area lives there); Returns it, or 0.
 */
static unsigned long map_test_page(struct ktest *t, phys_addr_t pa)
{
	for (unsigned int i = 1; i <= 8; i++) {
		unsigned long va = VMALLOC_END - i * (PMD_SIZE + PAGE_SIZE);
		int err = kernel_map_test_page(va, pa, PAGE_KERNEL);

		if (!err)
			return va;
		if (err != -EEXIST) {
			ktest_fail(t, __FILE__, __LINE__,
				   "kernel_map_test_page: error %d", err);
			return 0;
		}
	}
	ktest_fail(t, __FILE__, __LINE__, "no unmapped test address found");
	return 0;
}

/* A page of memory mapped at a test address in the vmalloc area. */
struct test_page {
	struct page *page;
	unsigned long va;
};

/*
 * Allocates a page holding @value, maps it with kernel_map_test_page() and
 * makes every hart see the new tables. Returns false (the case failed)
 * if any step did not work.
 */
static bool test_page_map(struct ktest *t, struct test_page *tp,
			  unsigned long value)
{
	tp->page = alloc_page(GFP_KERNEL);
	if (!tp->page) {
		ktest_fail(t, __FILE__, __LINE__, "alloc_page failed");
		return false;
	}
	*(unsigned long *)page_address(tp->page) = value;
	tp->va = map_test_page(t, page_to_phys(tp->page));
	if (!tp->va) {
		__free_page(tp->page);
		return false;
	}
	flush_tlb_all();	/* new tables: every hart must walk afresh */
	return true;
}

/* Unmaps and frees what test_page_map() set up. */
static void test_page_unmap(struct ktest *t, struct test_page *tp)
{
	KTEST_EXPECT_EQ(t, kernel_unmap_test_page(tp->va), 0);
	KTEST_EXPECT_EQ(t, kernel_pte_lookup(tp->va, NULL), 0);
	__free_page(tp->page);
}

/*
 * The shootdown itself, by @method: a page mapped on this hart, read on
 * another, unmapped here, gone there after flush_tlb_kernel_range().
 */
static void check_shootdown(struct ktest *t, enum tlb_flush_method method)
{
	int target = ktest_other_cpu();
	struct tlb_flush_stats before, after;
	enum tlb_flush_method old;
	struct test_page tp;
	struct probe_read r;

	if (target < 0) {
		ktest_skip(t, "one hart online");
		return;
	}
	if (method == TLB_FLUSH_SBI_RFENCE && !sbi_has_rfence()) {
		ktest_skip(t, "firmware has no SBI RFENCE");
		return;
	}
	old = tlb_flush_set_method(method);
	KTEST_EXPECT_EQ(t, tlb_flush_method(), method);
	if (!test_page_map(t, &tp, TEST_MAGIC + target))
		goto out;

	/* The other hart reads: its TLB now holds the translation. */
	r = read_on(target, tp.va);
	KTEST_EXPECT_EQ(t, r.cause, 0);
	KTEST_EXPECT_EQ(t, r.value, TEST_MAGIC + target);

	KTEST_EXPECT_EQ(t, kernel_clear_test_pte(tp.va), 0);
	r = read_on(target, tp.va);
	printk("  # %s: hart %lu without a flush: %s\n", t->name,
	       harts[target].hartid,
	       r.cause ? "faults (no stale entry)" : "still reads the page (stale TLB entry)");

	tlb_flush_get_stats(&before);
	flush_tlb_kernel_range(tp.va, tp.va + PAGE_SIZE);
	tlb_flush_get_stats(&after);
	KTEST_EXPECT_EQ(t, after.flushes - before.flushes, 1);
	if (method == TLB_FLUSH_SBI_RFENCE)
		KTEST_EXPECT_EQ(t, after.ipi_flushes, before.ipi_flushes);
	else
		KTEST_EXPECT_EQ(t, after.sbi_calls, before.sbi_calls);

	r = read_on(target, tp.va);
	KTEST_EXPECT_EQ(t, r.cause, EXC_LOAD_PAGE_FAULT);
	KTEST_EXPECT_EQ(t, r.fault_addr, tp.va);
	r = read_on(smp_processor_id(), tp.va);
	KTEST_EXPECT_EQ(t, r.cause, EXC_LOAD_PAGE_FAULT);
	test_page_unmap(t, &tp);
out:
	tlb_flush_set_method(old);
}

static void shootdown_by_rfence(struct ktest *t)
{
	check_shootdown(t, TLB_FLUSH_SBI_RFENCE);
}

static void shootdown_by_cross_hart_call(struct ktest *t)
{
	check_shootdown(t, TLB_FLUSH_IPI);
}

/* How many harts fault reading @addr. */
struct fault_count {
	const void *addr;
	unsigned int faults;
};

static void count_fault_here(void *info)
{
	struct fault_count *c = info;
	struct probe_read r = { .addr = c->addr };

	read_here(&r);
	if (r.cause == EXC_LOAD_PAGE_FAULT)
		__atomic_fetch_add(&c->faults, 1, __ATOMIC_RELAXED);
}

static unsigned int harts_faulting_on(unsigned long va)
{
	struct fault_count c = { (const void *)va, 0 };

	on_each_cpu(count_fault_here, &c, true);
	return c.faults;
}

/* A range flush reaches every hart, not only the one the test picked. */
static void range_flush_reaches_every_hart(struct ktest *t)
{
	struct test_page tp;

	if (!test_page_map(t, &tp, TEST_MAGIC))
		return;
	KTEST_EXPECT_EQ(t, harts_faulting_on(tp.va), 0);
	KTEST_EXPECT_EQ(t, kernel_clear_test_pte(tp.va), 0);
	/* A range of a few pages around it: flushed page by page. */
	flush_tlb_kernel_range(tp.va - 2 * PAGE_SIZE, tp.va + 3 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, harts_faulting_on(tp.va), num_online_cpus());
	test_page_unmap(t, &tp);
}

static void test_mapping_refuses_bad_arguments(struct ktest *t)
{
	struct test_page tp;
	phys_addr_t pa;

	if (!test_page_map(t, &tp, TEST_MAGIC))
		return;
	pa = page_to_phys(tp.page);
	KTEST_EXPECT_EQ(t, kernel_map_test_page(VMALLOC_START + 1, pa, PAGE_KERNEL), -EINVAL);
	KTEST_EXPECT_EQ(t, kernel_map_test_page(KERNEL_VIRT_BASE, pa, PAGE_KERNEL), -EINVAL);
	KTEST_EXPECT_EQ(t, kernel_map_test_page(tp.va - PAGE_SIZE, pa, PAGE_KERNEL), -EBUSY);
	KTEST_EXPECT_EQ(t, kernel_clear_test_pte(tp.va + PAGE_SIZE), -EINVAL);
	test_page_unmap(t, &tp);
	KTEST_EXPECT_EQ(t, kernel_unmap_test_page(tp.va), -EINVAL);
}

static const struct ktest_case tlbflush_cases[] = {
	KTEST_CASE(rfence_is_the_boot_path),
	KTEST_CASE(rfence_calls_succeed),
	KTEST_CASE(one_rfence_call_per_flush),
	KTEST_CASE(empty_range_flushes_nothing),
	KTEST_CASE(batch_flushes_the_union_once),
	KTEST_CASE(shootdown_by_rfence),
	KTEST_CASE(shootdown_by_cross_hart_call),
	KTEST_CASE(range_flush_reaches_every_hart),
	KTEST_CASE(test_mapping_refuses_bad_arguments),
};
KTEST_SUITE(tlbflush_ktest_suite, "tlbflush", tlbflush_cases);
