// SPDX-License-Identifier: MIT
/*
 * DOC: vmalloc suite - kernel virtual areas on the machine
 *
 * The host test (tests/host/test_vmalloc.c) checks the range allocator
 * and the tables; here the areas are in the live kernel table, so every
 * case touches its memory through them: every page written and read back,
 * pages placed on each node, a vmap of scattered pages seen contiguous,
 * the console UART's registers through ioremap(), a guard page hit caught
 * by a probe and named in the log, a use after vfree() named the same
 * way, and the lazy purge: a freed range not reused before it, a window
 * without room purged and searched again, a purge when the lazy pages
 * pass the threshold, and vm_unmap_aliases() making another hart fault
 * on the address it had just read.
 *
 * Every case counts the pages exactly, after a purge: free (caches
 * drained, kmalloc caches shrunk) plus page-table pages, equal before
 * and after, since the tables made for the range stay, as in Linux; a
 * lazy area's vm_struct the purge did not free would show.
 */
#include <asm/csr.h>
#include <asm/mmu.h>
#include <asm/page.h>
#include <asm/pgtable-bits.h>
#include <asm/probe.h>
#include <asm/tlbflush.h>
#include "kernel/fdt/boot_plan.h"
#include "kernel/fdt/fdt.h"
#include "kernel/setup.h"
#include "kernel/smp.h"
#include "kernel/printk.h"
#include "kernel/vfs.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/debug_pagealloc.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include "tests/kernel/page_test.h"

#define MAGIC 0x7e57e11a0c000000UL

/* Writes a stamp in every word of [@p, @p + @size), then checks them. */
static bool write_read_all(void *p, unsigned long size, unsigned long stamp)
{
	unsigned long *w = p, n = size / sizeof(*w);

	for (unsigned long i = 0; i < n; i++)
		w[i] = stamp ^ i;
	for (unsigned long i = 0; i < n; i++)
		if (READ_ONCE(w[i]) != (stamp ^ i))
			return false;
	return true;
}

static void vmalloc_memory_is_usable(struct ktest *t)
{
	unsigned long before = settled_pages(), size = 64 * PAGE_SIZE + 100;
	unsigned char *v = vmalloc(size), *z;

	KTEST_EXPECT(t, v && is_vmalloc_addr(v) && IS_ALIGNED((unsigned long)v, PAGE_SIZE));
	if (!v)
		return;
	KTEST_EXPECT(t, write_read_all(v, ALIGN_UP(size, PAGE_SIZE), MAGIC));
	/* Each page is its own frame, as vmalloc_to_page says. */
	for (unsigned long off = 0; off < size; off += PAGE_SIZE)
		KTEST_EXPECT_EQ(t, ((unsigned long *)page_address(vmalloc_to_page(v + off)))[1],
				MAGIC ^ (off / sizeof(long) + 1));
	z = vzalloc(3 * PAGE_SIZE);
	KTEST_EXPECT(t, z && bytes_all(z, 3 * PAGE_SIZE, 0));
	vfree(z);
	vfree(v);
	KTEST_EXPECT_EQ(t, settled_pages(), before);
}

static void vmalloc_node_places_pages(struct ktest *t)
{
	unsigned long before = settled_pages();
	int nid;

	for_each_node_state(nid, N_MEMORY) {
		unsigned char *v = vmalloc_node(16 * PAGE_SIZE, nid);
		unsigned int on_node = 0;

		KTEST_EXPECT(t, v != NULL);
		if (!v)
			continue;
		for (unsigned int i = 0; i < 16; i++)
			on_node += page_to_nid(vmalloc_to_page(v + i * PAGE_SIZE)) == nid;
		KTEST_EXPECT_EQ(t, on_node, 16);
		KTEST_EXPECT(t, write_read_all(v, 16 * PAGE_SIZE, MAGIC + nid));
		vfree(v);
	}
	KTEST_EXPECT_EQ(t, settled_pages(), before);
}

/* Pages from wherever, in an order of our choosing, seen as one block. */
static void vmap_of_scattered_pages(struct ktest *t)
{
	unsigned long before = settled_pages();
	struct page *pages[8];
	unsigned long *view;
	unsigned int i;

	for (i = 0; i < 8; i++) {
		/* Reverse order, every other one from another node if any. */
		pages[7 - i] = alloc_pages_node(i & 1 ? (int)nr_node_ids - 1 : 0, GFP_KERNEL, 0);
		if (!pages[7 - i])
			break;
		*(unsigned long *)page_address(pages[7 - i]) = MAGIC + 7 - i;
	}
	KTEST_EXPECT_EQ(t, i, 8);
	view = i == 8 ? vmap(pages, 8, VM_MAP, PAGE_KERNEL) : NULL;
	KTEST_EXPECT(t, view != NULL);
	if (view) {
		for (i = 0; i < 8; i++)
			KTEST_EXPECT_EQ(t, view[i * PAGE_SIZE / sizeof(long)], MAGIC + i);
		view[3 * PAGE_SIZE / sizeof(long) + 1] = 0x600d;
		KTEST_EXPECT_EQ(t, ((unsigned long *)page_address(pages[3]))[1], 0x600d);
		vunmap(view);
		KTEST_EXPECT_EQ(t, kernel_pte_lookup((unsigned long)view, NULL), 0);
	}
	while (i--)
		__free_page(pages[i]);
	KTEST_EXPECT_EQ(t, settled_pages(), before);
}

/* The console's UART: its line status (or divisor) read through ioremap. */
static void ioremap_of_the_uart(struct ktest *t)
{
	const struct boot_plan *plan = boot_plan_get();
	const void *dtb = early_dtb_va();
	unsigned long before = settled_pages(), pte;
	u32 shift = 0, width = 1, value;
	volatile u8 *regs;
	struct dt_reg reg;
	const char *why;
	u64 base, size;
	bool sifive;

	if (plan->stdout_node < 0 || dt_reg_init(dtb, plan->stdout_node, "reg", &reg, &why) ||
	    dt_reg_entry(&reg, 0, &base, &size)) {
		ktest_skip(t, "no console UART in the device tree");
		return;
	}
	sifive = dt_node_is_compatible(dtb, plan->stdout_node, "sifive,uart0");
	dt_read_u32(dtb, plan->stdout_node, "reg-shift", &shift);
	dt_read_u32(dtb, plan->stdout_node, "reg-io-width", &width);
	regs = ioremap(base, 0x100);
	KTEST_EXPECT(t, regs && is_vmalloc_addr((const void *)regs));
	if (!regs)
		return;
	pte = kernel_pte_lookup((unsigned long)regs, NULL);
	KTEST_EXPECT_EQ(t, (pte & _PAGE_PFN_MASK) >> _PAGE_PFN_SHIFT, base >> PAGE_SHIFT);
	KTEST_EXPECT_EQ(t, pte & _PAGE_PBMT_MASK, has_svpbmt ? _PAGE_PBMT_IO : 0);
	if (sifive) {
		value = *(volatile u32 *)(regs + 0x18);	/* div: no side effect */
		printk("  # %s: sifive uart div %#x\n", t->name, value);
	} else {
		/* LSR (5): reading it clears only error bits, none are set. */
		value = width == 4 ? *(volatile u32 *)(regs + (5 << shift)) :
			regs[5 << shift];
		printk("  # %s: ns16550 lsr %#x\n", t->name, value);
		KTEST_EXPECT(t, value & 0x20);	/* THRE: QEMU sends at once */
	}
	iounmap(regs);
	KTEST_EXPECT_EQ(t, kernel_pte_lookup((unsigned long)regs, NULL), 0);
	KTEST_EXPECT_EQ(t, settled_pages(), before);
}

/* Running off either end faults, and the log says which area and side. */
static void guard_page_hit_is_reported(struct ktest *t)
{
	unsigned long before = settled_pages(), value;
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned char *v = vmalloc(2 * PAGE_SIZE), *g;
	char want[128];
	const char *mark;

	g = page ? map_phys_guard(page_to_phys(page), PAGE_SIZE, PAGE_KERNEL) : NULL;
	KTEST_EXPECT(t, v && g);
	if (v) {
		KTEST_EXPECT_EQ(t, probe_kernel_read(v + 2 * PAGE_SIZE - 8, &value), 0);
		mark = log_mark(t, "reading 8 bytes past the end of a vmalloc area");
		KTEST_EXPECT_EQ(t, probe_kernel_read(v + 2 * PAGE_SIZE + 8, &value),
				EXC_LOAD_PAGE_FAULT);
		snprintf(want, sizeof(want), "BUG: vmalloc guard page hit: %#lx is 8 bytes past the end of the area %#lx-%#lx (vmalloc",
			 (unsigned long)v + 2 * PAGE_SIZE + 8, (unsigned long)v,
			 (unsigned long)v + 2 * PAGE_SIZE);
		KTEST_EXPECT(t, log_has_since(mark, want));
		mark = log_mark(t, "writing there");
		KTEST_EXPECT_EQ(t, probe_kernel_write(v + 2 * PAGE_SIZE, 1), EXC_STORE_PAGE_FAULT);
		KTEST_EXPECT(t, log_has_since(mark, "is 0 bytes past the end"));
	}
	if (g) {
		KTEST_EXPECT_EQ(t, probe_kernel_write(g, 0x600d), 0);
		mark = log_mark(t, "reading 16 bytes before a map_phys_guard area");
		KTEST_EXPECT_EQ(t, probe_kernel_read(g - 16, &value), EXC_LOAD_PAGE_FAULT);
		snprintf(want, sizeof(want), "%#lx is 16 bytes before the start of the area %#lx-%#lx (ioremap",
			 (unsigned long)g - 16, (unsigned long)g, (unsigned long)g + PAGE_SIZE);
		KTEST_EXPECT(t, log_has_since(mark, want));
		KTEST_EXPECT_EQ(t, *(unsigned long *)page_address(page), 0x600d);
		unmap_phys_guard(g);
	}
	vfree(v);
	if (page)
		__free_page(page);
	KTEST_EXPECT_EQ(t, settled_pages(), before);
}

struct remote_read {
	const void *addr;
	long cause;
	unsigned long value;
};

static void read_here(void *arg)
{
	struct remote_read *r = arg;

	r->cause = probe_kernel_read(r->addr, &r->value);
}

/*
 * vfree() on this hart, after the last hart read the area (its TLB holds
 * the translation), flushes nothing; vm_unmap_aliases() then makes
 * exactly one flush (one RFENCE call where RFENCE is in use), after which
 * that hart, and this one, fault on the address.
 */
static void purge_shootdown_reaches_other_harts(struct ktest *t)
{
	unsigned long before = settled_pages();
	struct tlb_flush_stats s0, s1;
	int target = ktest_other_cpu();
	struct remote_read r;
	unsigned long *v;

	if (target < 0) {
		ktest_skip(t, "one hart online");
		return;
	}
	v = vmalloc(4 * PAGE_SIZE);
	KTEST_EXPECT(t, v != NULL);
	if (!v)
		return;
	v[PAGE_SIZE / sizeof(long)] = MAGIC;
	r = (struct remote_read){ .addr = v + PAGE_SIZE / sizeof(long), .cause = -1 };
	smp_call_function_single(target, read_here, &r, true);
	KTEST_EXPECT_EQ(t, r.cause, 0);
	KTEST_EXPECT_EQ(t, r.value, MAGIC);

	tlb_flush_get_stats(&s0);
	vfree(v);
	tlb_flush_get_stats(&s1);
	/* (debug_pagealloc's unmapping of the freed pages flushes, though) */
	if (!debug_pagealloc_on)
		KTEST_EXPECT_EQ(t, s1.flushes, s0.flushes);
	r.cause = -1;
	smp_call_function_single(target, read_here, &r, true);
	printk("  # %s: hart %lu before the purge: %s\n", t->name, harts[target].hartid,
	       r.cause ? "faults (no stale entry)" : "still reads (stale TLB entry)");

	tlb_flush_get_stats(&s0);
	vm_unmap_aliases();
	tlb_flush_get_stats(&s1);
	KTEST_EXPECT_EQ(t, s1.flushes - s0.flushes, 1);
	if (tlb_flush_method() == TLB_FLUSH_SBI_RFENCE)
		KTEST_EXPECT(t, s1.sbi_calls - s0.sbi_calls <= 1 && s1.ipi_flushes == s0.ipi_flushes);

	r.cause = -1;
	smp_call_function_single(target, read_here, &r, true);
	KTEST_EXPECT_EQ(t, r.cause, EXC_LOAD_PAGE_FAULT);
	r.cause = -1;
	read_here(&r);
	KTEST_EXPECT_EQ(t, r.cause, EXC_LOAD_PAGE_FAULT);
	KTEST_EXPECT_EQ(t, settled_pages(), before);
}

/*
 * A read of a freed area before the purge, on a hart without a stale
 * entry for it (this one after a local flush, and another that never
 * read it), faults and is named: use after vfree, the area, the offset.
 */
static void use_after_vfree_is_reported(struct ktest *t)
{
	unsigned long before = settled_pages(), value;
	int target = ktest_other_cpu();
	unsigned char *v = vmalloc(2 * PAGE_SIZE);
	struct remote_read r;
	const char *mark;
	char want[128];

	KTEST_EXPECT(t, v != NULL);
	if (!v)
		return;
	KTEST_EXPECT(t, write_read_all(v, 2 * PAGE_SIZE, MAGIC));
	vfree(v);
	local_flush_tlb_kernel_range((unsigned long)v, (unsigned long)v + 2 * PAGE_SIZE);
	mark = log_mark(t, "reading a vfree()d area on this hart");
	KTEST_EXPECT_EQ(t, probe_kernel_read(v + PAGE_SIZE + 8, &value), EXC_LOAD_PAGE_FAULT);
	snprintf(want, sizeof(want), "BUG: use after vfree: %#lx is %lu bytes into the area %#lx-%#lx (vmalloc",
		 (unsigned long)v + PAGE_SIZE + 8, PAGE_SIZE + 8, (unsigned long)v,
		 (unsigned long)v + 2 * PAGE_SIZE);
	KTEST_EXPECT(t, log_has_since(mark, want));
	if (target >= 0) {
		mark = log_mark(t, "reading it on cpu %d", target);
		r = (struct remote_read){ .addr = v + 16, .cause = -1 };
		smp_call_function_single(target, read_here, &r, true);
		KTEST_EXPECT_EQ(t, r.cause, EXC_LOAD_PAGE_FAULT);
		KTEST_EXPECT(t, log_has_since(mark, "is 16 bytes into the area"));
	}
	KTEST_EXPECT_EQ(t, settled_pages(), before);
}

/* Returns __vmalloc_node_range() of @pages pages in [@start, @end). */
static void *vmalloc_in(unsigned long pages, unsigned long start, unsigned long end)
{
	return __vmalloc_node_range(pages * PAGE_SIZE, PAGE_SIZE, start, end, GFP_KERNEL,
				    PAGE_KERNEL, 0, NUMA_NO_NODE, __builtin_return_address(0));
}

/*
 * In a window of 4 pages (2 areas of a page and their guards): a freed
 * area's range is not reused before the purge, and is listed as
 * unpurged; a request the window has no room for purges and takes it.
 */
static void freed_range_waits_for_the_purge(struct ktest *t)
{
	/* Half way up the range: clear of the tests near its top. */
	const unsigned long start = VMALLOC_START + (VMALLOC_END - VMALLOC_START) / 2;
	const unsigned long end = start + 4 * PAGE_SIZE;
	unsigned long before = settled_pages();
	struct vmalloc_stats s0, s1;
	static char buf[8192];
	unsigned long *a, *b, *c;
	struct seq_buf m;
	char want[80];

	a = vmalloc_in(1, start, end);
	KTEST_EXPECT_EQ(t, (unsigned long)a, start);
	if (!a)
		return;
	vfree(a);
	b = vmalloc_in(1, start, end);
	KTEST_EXPECT_EQ(t, (unsigned long)b, start + 2 * PAGE_SIZE);
	seq_buf_init(&m, buf, sizeof(buf));
	KTEST_EXPECT_EQ(t, vfs_read("/proc/vmallocinfo", &m), 0);
	snprintf(want, sizeof(want), "0x%016lx-0x%016lx    8192 unpurged vm_area\n", start,
		 start + 2 * PAGE_SIZE);
	KTEST_EXPECT(t, strstr(buf, want) != NULL);

	vmalloc_get_stats(&s0);
	c = vmalloc_in(1, start, end);		/* no room: a purge makes it */
	vmalloc_get_stats(&s1);
	KTEST_EXPECT_EQ(t, (unsigned long)c, start);
	KTEST_EXPECT_EQ(t, s1.purges, s0.purges + 1);
	KTEST_EXPECT_EQ(t, s1.lazy_areas, 0);
	if (b && c)
		KTEST_EXPECT(t, write_read_all(b, PAGE_SIZE, MAGIC) &&
				write_read_all(c, PAGE_SIZE, MAGIC + 1));
	vfree(b);
	vfree(c);
	KTEST_EXPECT_EQ(t, settled_pages(), before);
}

/*
 * iounmap()s of 4 MiB windows (1024 pages of span each) purge exactly
 * when the lazy pages pass 32 MiB worth times fls(online harts).
 */
static void threshold_purges(struct ktest *t)
{
	const unsigned long size = 4 * 1024 * 1024 - PAGE_SIZE;
	unsigned long before = settled_pages(), lazy = 0, frees = 0;
	struct vmalloc_stats s0, s;
	unsigned int harts = num_online_cpus(), fls = 0;

	while (harts) {
		fls++;
		harts >>= 1;
	}
	vmalloc_get_stats(&s0);
	KTEST_EXPECT_EQ(t, s0.lazy_max_pages, fls * (32UL << 20) / PAGE_SIZE);
	KTEST_EXPECT_EQ(t, s0.lazy_pages, 0);
	do {
		/* QEMU virt's PCIe window: mapped, never touched. */
		void *io = ioremap(0x40000000, size);

		KTEST_EXPECT(t, io != NULL);
		if (!io)
			break;
		iounmap(io);
		frees++;
		vmalloc_get_stats(&s);
		if (s.purges == s0.purges) {
			lazy += 1024;
			KTEST_EXPECT_EQ(t, s.lazy_pages, lazy);
		}
	} while (s.purges == s0.purges && frees <= s0.lazy_max_pages / 1024);
	KTEST_EXPECT_EQ(t, s.purges, s0.purges + 1);
	KTEST_EXPECT_EQ(t, lazy, s0.lazy_max_pages);
	KTEST_EXPECT_EQ(t, s.lazy_pages, 0);
	printk("  # %s: free %lu purged (%lu lazy pages)\n", t->name, frees,
	       lazy + 1024);
	KTEST_EXPECT_EQ(t, settled_pages(), before);
}

static void kvmalloc_small_and_large(struct ktest *t)
{
	unsigned long before = settled_pages();
	void *small = kvmalloc(100, GFP_KERNEL);
	void *large = kvmalloc(8 << 20, GFP_KERNEL);	/* past the buddy's 4 MiB */

	KTEST_EXPECT(t, small && !is_vmalloc_addr(small));
	KTEST_EXPECT(t, large && is_vmalloc_addr(large));
	if (small)
		memset(small, 0x5a, 100);
	if (large)
		KTEST_EXPECT(t, write_read_all(large, 8 << 20, MAGIC));
	kvfree(small);
	kvfree(large);
	KTEST_EXPECT_EQ(t, settled_pages(), before);
}

/* /proc/vmallocinfo lists the area; meminfo counts it. */
static void vmallocinfo_and_meminfo(struct ktest *t)
{
	static char buf[8192];
	unsigned long before = settled_pages();
	void *v = vmalloc(4 * PAGE_SIZE);
	char want[80];
	struct seq_buf m;

	KTEST_EXPECT(t, v != NULL);
	seq_buf_init(&m, buf, sizeof(buf));
	KTEST_EXPECT_EQ(t, vfs_read("/proc/vmallocinfo", &m), 0);
	snprintf(want, sizeof(want), "0x%016lx-0x%016lx   20480 0x", (unsigned long)v,
		 (unsigned long)v + 5 * PAGE_SIZE);
	KTEST_EXPECT(t, strstr(buf, want) != NULL);
	KTEST_EXPECT(t, strstr(buf, " pages=4 vmalloc N") != NULL);
	seq_buf_init(&m, buf, sizeof(buf));
	KTEST_EXPECT_EQ(t, vfs_read("/proc/meminfo", &m), 0);
	KTEST_EXPECT(t, strstr(buf, "VmallocTotal:   130023424 kB\n") != NULL);
	KTEST_EXPECT(t, vmalloc_nr_pages() >= 4);
	vfree(v);
	/* Listed as Linux lists a freed area, until the purge. */
	seq_buf_init(&m, buf, sizeof(buf));
	KTEST_EXPECT_EQ(t, vfs_read("/proc/vmallocinfo", &m), 0);
	snprintf(want, sizeof(want), "0x%016lx-0x%016lx   20480 unpurged vm_area\n",
		 (unsigned long)v, (unsigned long)v + 5 * PAGE_SIZE);
	KTEST_EXPECT(t, strstr(buf, want) != NULL);
	KTEST_EXPECT_EQ(t, settled_pages(), before);
}

static const struct ktest_case vmalloc_cases[] = {
	KTEST_CASE(vmalloc_memory_is_usable),
	KTEST_CASE(vmalloc_node_places_pages),
	KTEST_CASE(vmap_of_scattered_pages),
	KTEST_CASE(ioremap_of_the_uart),
	KTEST_CASE(guard_page_hit_is_reported),
	KTEST_CASE(purge_shootdown_reaches_other_harts),
	KTEST_CASE(use_after_vfree_is_reported),
	KTEST_CASE(freed_range_waits_for_the_purge),
	KTEST_CASE(threshold_purges),
	KTEST_CASE(kvmalloc_small_and_large),
	KTEST_CASE(vmallocinfo_and_meminfo),
};
KTEST_SUITE(vmalloc_ktest_suite, "vmalloc", vmalloc_cases);
