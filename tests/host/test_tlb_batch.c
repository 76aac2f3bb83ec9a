// SPDX-License-Identifier: MIT
/*
 * test_tlb_batch - mm/tlb_batch.h over the host TLB stub: pieces added to
 * a batch are flushed by one flush_tlb_kernel_range() over their union,
 * and the host stub records what portable code asked to flush.
 */
#include "tests/host/harness.h"
#include "mm/tlb_batch.h"
#include <asm/page.h>

#define BASE 0xffffffe000000000UL

static struct host_tlb_flushes flushes(void)
{
	struct host_tlb_flushes f;

	host_tlb_flushes_get(&f);
	return f;
}

static void test_range_rounded_to_pages(void)
{
	unsigned long before = flushes().count;

	flush_tlb_kernel_range(BASE + 10, BASE + PAGE_SIZE + 1);
	CHECK_EQ(flushes().count, before + 1);
	CHECK_EQ(flushes().last_start, BASE);
	CHECK_EQ(flushes().last_end, BASE + 2 * PAGE_SIZE);
}

static void test_empty_range_not_flushed(void)
{
	unsigned long before = flushes().count;

	flush_tlb_kernel_range(BASE, BASE);
	flush_tlb_kernel_range(BASE + PAGE_SIZE, BASE);
	CHECK_EQ(flushes().count, before);
}

static void test_flush_all_recorded(void)
{
	unsigned long before = flushes().count;

	flush_tlb_all();
	CHECK_EQ(flushes().count, before + 1);
	CHECK_EQ(flushes().last_start, 0);
	CHECK_EQ(flushes().last_end, 0);
}

static void test_batch_union_flushed_once(void)
{
	struct tlb_flush_batch batch = TLB_FLUSH_BATCH_INIT;
	unsigned long before = flushes().count;

	CHECK(tlb_batch_empty(&batch));
	tlb_batch_add(&batch, BASE + 7 * PAGE_SIZE, BASE + 9 * PAGE_SIZE);
	tlb_batch_add(&batch, BASE + 3 * PAGE_SIZE, BASE + 4 * PAGE_SIZE);
	tlb_batch_add(&batch, BASE + 20 * PAGE_SIZE, BASE + 20 * PAGE_SIZE);
	CHECK(!tlb_batch_empty(&batch));
	CHECK_EQ(flushes().count, before);
	tlb_batch_flush(&batch);
	CHECK_EQ(flushes().count, before + 1);
	CHECK_EQ(flushes().last_start, BASE + 3 * PAGE_SIZE);
	CHECK_EQ(flushes().last_end, BASE + 9 * PAGE_SIZE);
	CHECK(tlb_batch_empty(&batch));
	tlb_batch_flush(&batch);
	CHECK_EQ(flushes().count, before + 1);
}

static void test_batch_reusable_after_init(void)
{
	struct tlb_flush_batch batch;
	unsigned long before = flushes().count;

	tlb_batch_init(&batch);
	tlb_batch_flush(&batch);
	CHECK_EQ(flushes().count, before);
	tlb_batch_add(&batch, BASE, BASE + PAGE_SIZE);
	tlb_batch_flush(&batch);
	tlb_batch_add(&batch, BASE + 5 * PAGE_SIZE, BASE + 6 * PAGE_SIZE);
	tlb_batch_flush(&batch);
	CHECK_EQ(flushes().count, before + 2);
	CHECK_EQ(flushes().last_start, BASE + 5 * PAGE_SIZE);
}

int main(void)
{
	ktap_plan(5);
	RUN(test_range_rounded_to_pages);
	RUN(test_empty_range_not_flushed);
	RUN(test_flush_all_recorded);
	RUN(test_batch_union_flushed_once);
	RUN(test_batch_reusable_after_init);
	return ktap_done();
}
