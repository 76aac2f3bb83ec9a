// SPDX-License-Identifier: MIT
/*
 * DOC: mmu and trap suites - the kernel page table and fault reporting
 *
 * Permissions are checked twice: in the PTE, and by actually trying the
 * access through probe_kernel_{read,write}, which survive the fault.
 * A write probe stores back the value it read, so a wrongly writable page
 * is detected without being damaged.
 */
#include <asm/csr.h>
#include <asm/mmu.h>
#include <asm/page.h>
#include <asm/pgtable-bits.h>
#include <asm/probe.h>
#include "kernel/ktest.h"
#include "kernel/smp.h"
#include "mm/debug_pagealloc.h"
#include "mm/memblock.h"
#include "mm/page.h"

extern char _stext[], _srodata[], _sdata[];

/* The lower half belongs to user space, which tern does not have yet. */
#define NEVER_MAPPED 0x1000UL
static unsigned long some_data = 42;

static void text_is_exec_and_read_only(struct ktest *t)
{
	unsigned long leaf, pte = kernel_pte_lookup((unsigned long)_stext, &leaf);
	unsigned long value;

	KTEST_EXPECT(t, pte & _PAGE_EXEC);
	KTEST_EXPECT(t, !(pte & _PAGE_WRITE));
	KTEST_EXPECT_EQ(t, leaf, PAGE_SIZE);
	KTEST_EXPECT_EQ(t, probe_kernel_read(_stext, &value), 0);
	KTEST_EXPECT_EQ(t, probe_kernel_write(_stext, value), EXC_STORE_PAGE_FAULT);
}

static void rodata_is_read_only(struct ktest *t)
{
	unsigned long pte = kernel_pte_lookup((unsigned long)_srodata, NULL);
	unsigned long value;

	KTEST_EXPECT(t, pte & _PAGE_READ);
	KTEST_EXPECT(t, !(pte & (_PAGE_WRITE | _PAGE_EXEC)));
	KTEST_EXPECT_EQ(t, probe_kernel_read(_srodata, &value), 0);
	KTEST_EXPECT_EQ(t, probe_kernel_write(_srodata, value), EXC_STORE_PAGE_FAULT);
}

static void data_is_writable_not_exec(struct ktest *t)
{
	unsigned long pte = kernel_pte_lookup((unsigned long)&some_data, NULL);

	KTEST_EXPECT(t, pte & _PAGE_WRITE);
	KTEST_EXPECT(t, !(pte & _PAGE_EXEC));
	KTEST_EXPECT_EQ(t, probe_kernel_write(&some_data, 43), 0);
	KTEST_EXPECT_EQ(t, some_data, 43);
}

/* Checks that the linear map sends @pa where it should. */
static void expect_linear(struct ktest *t, phys_addr_t pa)
{
	unsigned long leaf = 0, pte = kernel_pte_lookup((unsigned long)__va(pa), &leaf);
	phys_addr_t mapped = ((pte & _PAGE_PFN_MASK) >> _PAGE_PFN_SHIFT) << PAGE_SHIFT;

	/* debug_pagealloc leaves free pages out (debug_pagealloc suite). */
	if (!pte && debug_pagealloc_on && !kernel_page_present(pfn_to_page(pa >> PAGE_SHIFT)))
		return;
	if (!pte) {
		ktest_fail(t, __FILE__, __LINE__, "PA %#llx not in the linear map",
			   (unsigned long long)pa);
		return;
	}
	KTEST_EXPECT(t, pte & _PAGE_WRITE);
	KTEST_EXPECT(t, !(pte & _PAGE_EXEC));
	KTEST_EXPECT_EQ(t, mapped + (pa & (leaf - 1) & PAGE_MASK), pa & PAGE_MASK);
}

static void linear_map_covers_memory(struct ktest *t)
{
	const struct memblock_region *r;

	for_each_memblock(memory, r) {
		if (r->flags & MEMBLOCK_NOMAP)
			continue;
		expect_linear(t, r->base);
		expect_linear(t, r->base + r->size / 2);
		expect_linear(t, r->base + r->size - 1);
	}
}

static void linear_map_uses_largest_leaves(struct ktest *t)
{
	const struct memblock_region *r;
	bool checked = false;

	if (debug_pagealloc_on) {
		/* Split to 4 KiB so that any page can be unmapped alone. */
		KTEST_EXPECT_EQ(t, linear_map_stats.leaves_1g + linear_map_stats.leaves_2m, 0);
		KTEST_EXPECT(t, linear_map_stats.leaves_4k > 0);
		return;
	}

	for_each_memblock(memory, r) {
		phys_addr_t gib = ALIGN_UP(r->base, SZ_1G);
		unsigned long leaf = 0;

		if (r->flags & MEMBLOCK_NOMAP || gib + SZ_1G > r->base + r->size)
			continue;
		kernel_pte_lookup((unsigned long)__va(gib), &leaf);
		KTEST_EXPECT_EQ(t, leaf, SZ_1G);
		checked = true;
	}
	KTEST_EXPECT(t, linear_map_stats.leaves_1g + linear_map_stats.leaves_2m > 0);
	if (!checked)
		ktest_skip(t, "no aligned GiB of memory");
}

static void nomap_memory_is_not_mapped(struct ktest *t)
{
	const struct memblock_region *r;
	bool checked = false;
	unsigned long value;

	for_each_memblock(memory, r) {
		if (!(r->flags & MEMBLOCK_NOMAP))
			continue;
		KTEST_EXPECT_EQ(t, kernel_pte_lookup((unsigned long)__va(r->base), NULL), 0);
		KTEST_EXPECT_EQ(t, probe_kernel_read(__va(r->base), &value),
				EXC_LOAD_PAGE_FAULT);
		checked = true;
	}
	if (!checked)
		ktest_skip(t, "no no-map memory in this device tree");
}

static void image_and_linear_alias_agree(struct ktest *t)
{
	volatile unsigned long *alias = phys_to_virt(virt_to_phys(&some_data));

	some_data = 0x5a5a;
	KTEST_EXPECT_EQ(t, *alias, 0x5a5a);
	*alias = 0xa5a5;
	KTEST_EXPECT_EQ(t, READ_ONCE(some_data), 0xa5a5);
}

static const struct ktest_case mmu_cases[] = {
	KTEST_CASE(text_is_exec_and_read_only),
	KTEST_CASE(rodata_is_read_only),
	KTEST_CASE(data_is_writable_not_exec),
	KTEST_CASE(linear_map_covers_memory),
	KTEST_CASE(linear_map_uses_largest_leaves),
	KTEST_CASE(nomap_memory_is_not_mapped),
	KTEST_CASE(image_and_linear_alias_agree),
};
KTEST_SUITE(mmu_ktest_suite, "mmu", mmu_cases);

static void unmapped_load_reports_page_fault(struct ktest *t)
{
	unsigned long value;

	KTEST_EXPECT_EQ(t, probe_kernel_read((void *)NEVER_MAPPED, &value),
			EXC_LOAD_PAGE_FAULT);
	KTEST_EXPECT_EQ(t, this_hart()->fault_addr, NEVER_MAPPED);
}

static void unmapped_store_reports_page_fault(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, probe_kernel_write((void *)(NEVER_MAPPED + 8), 1),
			EXC_STORE_PAGE_FAULT);
	KTEST_EXPECT_EQ(t, this_hart()->fault_addr, NEVER_MAPPED + 8);
}

static void faults_on_every_hart_are_per_hart(void *info)
{
	unsigned long value;

	if (probe_kernel_read((void *)NEVER_MAPPED, &value) == EXC_LOAD_PAGE_FAULT)
		__atomic_fetch_add((unsigned int *)info, 1, __ATOMIC_RELAXED);
}

static void probe_works_on_every_hart(struct ktest *t)
{
	unsigned int faulted = 0;

	on_each_cpu(faults_on_every_hart_are_per_hart, &faulted, true);
	KTEST_EXPECT_EQ(t, faulted, num_online_cpus());
}

static const struct ktest_case trap_cases[] = {
	KTEST_CASE(unmapped_load_reports_page_fault),
	KTEST_CASE(unmapped_store_reports_page_fault),
	KTEST_CASE(probe_works_on_every_hart),
};
KTEST_SUITE(trap_ktest_suite, "trap", trap_cases);
