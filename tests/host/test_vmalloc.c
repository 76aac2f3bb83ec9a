// SPDX-License-Identifier: MIT
/*
 * DOC: host test - kernel virtual areas (mm/vmalloc.c)
 *
 * The unmodified vmalloc code over the host's stand-in for the kernel
 * table (arch/host/mmu.c: a real Sv39 table no hart walks), with the page
 * allocator and kmalloc booted in a child process per case. Nothing here
 * dereferences a vmalloc address: the cases read the table back (walk(),
 * vmalloc_to_page()) and the pages through the linear map.
 *
 * Every case ends with no area left, VmallocUsed 0, every kmalloc cache
 * shrunk and the buddy holding the pages it held after boot, less the
 * page-table pages made for the range (kept, as in Linux, and counted).
 *
 * Machine: node 0 (cpu 0) and node 1 (cpu 1), 64 MiB each.
 */
#include "tests/host/mm_host.h"
#include "kernel/errno.h"
#include "kernel/vfs.h"
#include "mm/page.h"
#include "mm/pgtable.h"
#include "mm/slab.h"
#include "mm/slab_internal.h"
#include "mm/vmalloc.h"
#include <asm/pgtable-bits.h>
#include <asm/tlbflush.h>

int mm_register_files(void);

static const struct mm_machine machine = {
	.nr_nodes = 2,
	.nr_cpus = 2,
	.cpu_node = { 0, 1 },
	.memory = { { 0x80000000, 64 * MIB, 0 }, { 0x84000000, 64 * MIB, 1 } },
	.nr_memory = 2,
};

#define P(n) ((unsigned long)(n) * PAGE_SIZE)

static unsigned long boot_free, boot_tables;
static struct pgtable kernel;	/* the same table vmalloc maps in */

static void boot(void)
{
	mm_boot(&machine);
	slab_init();
	vmalloc_init();
	CHECK_EQ(arch_kernel_pgtable(&kernel), 0);
	drain_all_pages();
	boot_free = nr_free_pages();
	boot_tables = nr_pagetable_pages;
}

/* Returns the free pages with every cache shrunk and drained. */
static unsigned long settled_free(void)
{
	kmem_cache_shrink_all();
	drain_all_pages();
	return nr_free_pages();
}

static char info[16384];

/* Returns /proc/vmallocinfo's text (a static buffer). */
static const char *vmallocinfo(void)
{
	struct seq_buf m;

	seq_buf_init(&m, info, sizeof(info));
	CHECK_EQ(vmallocinfo_show(&m, NULL), 0);
	CHECK(!seq_has_overflowed(&m));
	return info;
}

/*
 * The end of every case: no area, nothing counted, every page free or a
 * page-table page the range keeps.
 */
static void all_back(void)
{
	CHECK_EQ(strlen(vmallocinfo()), 0);
	CHECK_EQ(vmalloc_nr_pages(), 0);
	CHECK_EQ(settled_free() + (nr_pagetable_pages - boot_tables), boot_free);
}

/* Returns true if @va is mapped in the kernel table. */
static bool mapped(unsigned long va)
{
	return va_to_pa(&kernel, va) != 0;
}

/* Returns the entry mapping @va (0 if none). */
static pte_t entry_of(unsigned long va)
{
	pte_t *pte = walk(&kernel, va, false);

	return pte ? *pte : 0;
}

static unsigned long flushes(struct host_tlb_flushes *f)
{
	host_tlb_flushes_get(f);
	return f->count;
}

/* ------------------------------------------------- range allocator --- */

/*
 * First fit from VMALLOC_START, each area followed by an unmapped guard
 * page; a freed range is reused by the next request it fits, and one it
 * does not fit goes past it.
 */
static void first_fit_with_guard_pages(void)
{
	struct host_tlb_flushes f;
	unsigned long a, b, c, d, e, before;

	boot();
	a = (unsigned long)vmalloc(P(3));
	b = (unsigned long)vmalloc(P(1));
	c = (unsigned long)vmalloc(P(2) - 100);	/* rounded up to 2 pages */
	CHECK_EQ(a, VMALLOC_START);
	CHECK_EQ(b, a + P(4));
	CHECK_EQ(c, b + P(2));
	CHECK_EQ(vmalloc_nr_pages(), 6);
	for (unsigned long va = a; va < c + P(3); va += PAGE_SIZE) {
		bool guard = va == a + P(3) || va == b + P(1) || va == c + P(2);

		CHECK_EQ(mapped(va), !guard);
		if (!guard) {
			pte_t pte = entry_of(va);

			CHECK_EQ(pte & ~_PAGE_PFN_MASK, PAGE_KERNEL);
			CHECK(vmalloc_to_page((void *)(va + 123)) ==
			      pfn_to_page(pte_pfn(pte)));
		}
	}
	CHECK(!vmalloc_to_page((void *)(a + P(3))));

	/* The shootdown covers the area's pages, once. */
	before = flushes(&f);
	vfree((void *)b);
	CHECK_EQ(flushes(&f), before + 1);
	CHECK_EQ(f.last_start, b);
	CHECK_EQ(f.last_end, b + P(1));
	CHECK(!mapped(b));

	/* b's span (a page and its guard) takes one page, not two. */
	d = (unsigned long)vmalloc(P(2));
	CHECK_EQ(d, c + P(3));
	e = (unsigned long)vmalloc(P(1));
	CHECK_EQ(e, b);
	vfree((void *)a);
	vfree((void *)c);
	vfree((void *)d);
	vfree((void *)e);
	vfree(NULL);
	all_back();
}

/* Windows of 2 MiB and more start 2 MiB aligned; ioremap keeps the offset. */
static void alignment_and_offsets(void)
{
	unsigned long small, big, odd;

	boot();
	small = (unsigned long)vmalloc(P(1));
	big = (unsigned long)ioremap(0x40000000, PMD_SIZE);
	CHECK_EQ(small, VMALLOC_START);
	CHECK_EQ(big, VMALLOC_START + PMD_SIZE);
	odd = (unsigned long)ioremap(0x10000123, 8);
	/* First fit: the hole before the aligned window. */
	CHECK_EQ(odd, VMALLOC_START + P(2) + 0x123);
	CHECK_EQ(va_to_pa(&kernel, odd), 0x10000123);
	CHECK_EQ(va_to_pa(&kernel, big + PMD_SIZE - 1), 0x40000000 + PMD_SIZE - 1);
	CHECK(!mapped(big + PMD_SIZE));
	CHECK(!vmalloc_to_page((void *)odd));	/* no struct page there */
	iounmap((void *)odd);			/* inside the first page: fine */
	CHECK(!mapped(odd));
	iounmap((void *)big);
	vfree((void *)small);
	all_back();
}

/*
 * Out of memory half way through the pages: NULL, a log line, every page
 * back. Out of room in the range: NULL, a log line, nothing mapped.
 */
static void exhaustion_returns_null(void)
{
	struct host_tlb_flushes f;
	unsigned long one, before;

	boot();
	before = settled_free();
	log_buf_clear();
	CHECK(!vmalloc(200 * MIB));
	CHECK(log_contains("vmalloc(209715200): out of memory"));
	CHECK_EQ(settled_free(), before);
	CHECK_EQ(strlen(vmallocinfo()), 0);

	log_buf_clear();
	CHECK(!vmalloc(0));
	CHECK(!vmalloc(VMALLOC_END - VMALLOC_START));
	CHECK(log_contains("no such area size"));

	one = (unsigned long)vmalloc(P(1));
	CHECK_EQ(one, VMALLOC_START);
	log_buf_clear();
	before = flushes(&f);
	CHECK(!ioremap(0x100000000, VMALLOC_END - VMALLOC_START - PAGE_SIZE));
	CHECK(log_contains("no room for"));
	CHECK_EQ(flushes(&f), before);
	vfree((void *)one);
	all_back();
}

/*
 * A mapping that runs out of page-table pages half way is undone: the
 * entries it wrote are cleared and flushed, the range is free again, and
 * the tables it made stay for the next try.
 */
static void table_shortage_rolls_back(void)
{
	struct host_tlb_flushes f;
	unsigned long before_flushes, va = 0;
	unsigned int tries = 0;
	struct held_pages held;
	void *warm;

	boot();
	/* The area's own kmalloc must not be what fails. */
	warm = kmalloc(sizeof(struct vm_struct), GFP_KERNEL);
	kfree(warm);
	held_pages_init(&held);
	hold_all_pages(&held, GFP_KERNEL);
	CHECK(held.count > 1000);
	before_flushes = flushes(&f);
	/* 4 MiB in a fresh GiB: a pmd table and two pte tables. */
	while (!va && tries < 5) {
		log_buf_clear();
		va = (unsigned long)ioremap(0x40000000, 2 * PMD_SIZE);
		if (va)
			break;
		tries++;
		CHECK(log_contains("no memory for a page table"));
		CHECK(log_contains("undone"));
		CHECK_EQ(strlen(vmallocinfo()), 0);
		CHECK(!mapped(VMALLOC_START));
		release_held_pages(&held, 1);
	}
	CHECK_EQ(tries, 3);
	CHECK_EQ(va, VMALLOC_START);
	/*
	 * Only the undoing of the try that wrote entries (the first 2 MiB)
	 * flushed; a new mapping needs none (vmalloc_fault() retries).
	 */
	CHECK_EQ(flushes(&f), before_flushes + 1);
	CHECK(mapped(va) && mapped(va + 2 * PMD_SIZE - 1));
	iounmap((void *)va);
	release_held_pages(&held, held.count);
	all_back();
}

/* --------------------------------------------------------- reports --- */

static void bad_frees_are_reported(void)
{
	struct page *pages[2];
	void *v, *m;

	boot();
	v = vmalloc(P(2));
	pages[0] = alloc_page(GFP_KERNEL);
	pages[1] = alloc_page(GFP_KERNEL);
	m = vmap(pages, 2, VM_MAP, PAGE_KERNEL);
	CHECK(v && m);

	log_buf_clear();
	vfree((char *)v + PAGE_SIZE);
	CHECK(log_contains("vfree(0xffffffe000001000): not the start of an area; ignored"));
	log_buf_clear();
	vfree((void *)0x1234);
	CHECK(log_contains("vfree(0x1234): not the start of an area; ignored"));
	log_buf_clear();
	vfree(m);
	CHECK(log_contains("the area of another kind (vmap"));
	log_buf_clear();
	vunmap(v);
	CHECK(log_contains("vunmap(0xffffffe000000000): the area of another kind (vmalloc"));
	log_buf_clear();
	iounmap(v);
	CHECK(log_contains("iounmap(0xffffffe000000000): the area of another kind"));
	/* All still mapped. */
	CHECK(mapped((unsigned long)v + P(1)) && mapped((unsigned long)m));
	CHECK_EQ(vmalloc_nr_pages(), 2);

	vfree(v);
	log_buf_clear();
	vfree(v);	/* twice */
	CHECK(log_contains("not the start of an area; ignored"));
	vunmap(m);
	CHECK(!mapped((unsigned long)m));
	/* vunmap leaves the pages to their owner. */
	CHECK_EQ(page_count(pages[0]), 1);
	__free_page(pages[0]);
	__free_page(pages[1]);
	all_back();
}

/* A guard page access is named: area, side, distance, kind and caller. */
static void guard_hits_are_reported(void)
{
	unsigned long v, g;
	char want[160];

	boot();
	v = (unsigned long)vmalloc(P(2));
	g = (unsigned long)map_phys_guard(0x10000000, P(1), PAGE_KERNEL);
	/* map_phys_guard: a guard before, then the page, then a guard. */
	CHECK_EQ(g, v + P(3) + P(1));

	log_buf_clear();
	CHECK(vmalloc_fault_report(v + P(2) + 8));
	snprintf(want, sizeof(want),
		 "BUG: vmalloc guard page hit: %#lx is 8 bytes past the end of the area %#lx-%#lx (vmalloc, caller 0x",
		 v + P(2) + 8, v, v + P(2));
	CHECK(log_contains(want));

	log_buf_clear();
	CHECK(vmalloc_fault_report(g - 16));
	snprintf(want, sizeof(want),
		 "%#lx is 16 bytes before the start of the area %#lx-%#lx (ioremap",
		 g - 16, g, g + P(1));
	CHECK(log_contains(want));
	CHECK(vmalloc_fault_report(g + P(1)));
	CHECK(log_contains("is 0 bytes past the end"));

	log_buf_clear();
	CHECK(!vmalloc_fault_report(v + 8));		/* mapped */
	CHECK(!vmalloc_fault_report(g + P(3)));		/* free range */
	CHECK(!vmalloc_fault_report(0x80000000));	/* not vmalloc */
	CHECK(!log_contains("guard page hit"));

	/*
	 * Through the trap's hook: a mapped page with the access allowed is
	 * a stale entry, retried (a few times, then taken as real); a guard
	 * page or a missing permission is reported and not retried.
	 */
	log_buf_clear();
	for (unsigned int i = 0; i < 8; i++)
		CHECK(vmalloc_fault(v + 8, _PAGE_WRITE));
	CHECK(!vmalloc_fault(v + 8, _PAGE_WRITE));
	CHECK(log_contains("faults on cpu 0 although mapped"));
	CHECK(vmalloc_fault(v + PAGE_SIZE, _PAGE_READ));
	CHECK(!vmalloc_fault(v + 8, _PAGE_EXEC));
	CHECK(!vmalloc_fault(v + P(2), _PAGE_READ));
	CHECK(log_contains("is 0 bytes past the end"));
	CHECK(!vmalloc_fault(0x80000000, _PAGE_READ));

	log_buf_clear();
	unmap_phys_guard((void *)g);
	CHECK(!log_contains("ignored"));
	vfree((void *)v);
	CHECK(!vmalloc_fault_report(v + P(2)));	/* no area any more */
	all_back();
}

/* ------------------------------------------------------- contents --- */

/*
 * Returns @text with each line's caller column (the fourth, "0x" and 16
 * hex digits: an address in this program) written as "CALLER", in
 * @out; Returns false if a line has no such column.
 */
static bool callers_blanked(const char *text, char *out, size_t size)
{
	size_t o = 0;

	while (*text) {
		const char *col = text;

		for (int spaces = 0; spaces < 2 && *col; col++)
			if (*col == ' ' && col[1] != ' ')
				spaces++;
		if (strncmp(col, "0x", 2) || strspn(col + 2, "0123456789abcdef") != 16)
			return false;
		o += snprintf(out + o, size - o, "%.*sCALLER", (int)(col - text), text);
		text = col + 18;
		while (*text && *text != '\n')
			out[o++] = *text++;
		if (*text)
			out[o++] = *text++;
		out[o] = '\0';
	}
	return true;
}

/* /proc/vmallocinfo: Linux's columns, address order, size with the guard. */
static void vmallocinfo_in_linux_layout(void)
{
	static char buf[16384], blanked[16384];
	struct page *pages[3];
	unsigned long v, m, io;
	struct seq_buf sb;
	char want[512];

	boot();
	mm_register_files();
	v = (unsigned long)vmalloc_node(P(2), 1);
	for (unsigned int i = 0; i < 3; i++)
		pages[i] = alloc_page(GFP_KERNEL);
	m = (unsigned long)vmap(pages, 3, VM_MAP, PAGE_KERNEL_RO);
	io = (unsigned long)ioremap(0x10000000, 0x100);
	CHECK_EQ(m, v + P(3));
	CHECK_EQ(io, m + P(4));

	snprintf(want, sizeof(want),
		 "0x%016lx-0x%016lx   12288 CALLER pages=2 vmalloc N1=2\n"
		 "0x%016lx-0x%016lx   16384 CALLER pages=3 vmap\n"
		 "0x%016lx-0x%016lx    8192 CALLER phys=0x0000000010000000 ioremap\n",
		 v, v + P(3), m, m + P(4), io, io + P(2));
	CHECK(callers_blanked(vmallocinfo(), blanked, sizeof(blanked)));
	if (strcmp(blanked, want))
		printf("# got:\n%s# want:\n%s", info, want);
	CHECK(!strcmp(blanked, want));

	/* The same text through the file; meminfo's two fields. */
	seq_buf_init(&sb, buf, sizeof(buf));
	CHECK_EQ(vfs_read("/proc/vmallocinfo", &sb), 0);
	CHECK(!strcmp(buf, info));
	seq_buf_init(&sb, buf, sizeof(buf));
	CHECK_EQ(vfs_read("/proc/meminfo", &sb), 0);
	CHECK(strstr(buf, "VmallocTotal:   130023424 kB\n"));
	CHECK(strstr(buf, "VmallocUsed:           8 kB\n"));
	CHECK_EQ(vmalloc_nr_pages(), 2);

	vfree((void *)v);
	vunmap((void *)m);
	iounmap((void *)io);
	for (unsigned int i = 0; i < 3; i++)
		__free_page(pages[i]);
	seq_buf_init(&sb, buf, sizeof(buf));
	CHECK_EQ(vfs_read("/proc/meminfo", &sb), 0);
	CHECK(strstr(buf, "VmallocUsed:           0 kB\n"));
	all_back();
}

/* vmalloc_node's pages on the node; vzalloc's zeroed; vmap's prot kept. */
static void pages_nodes_and_prot(void)
{
	struct page *pages[4];
	unsigned long v, z, m;

	boot();
	v = (unsigned long)vmalloc_node(P(8), 1);
	for (unsigned int i = 0; i < 8; i++) {
		struct page *page = vmalloc_to_page((void *)(v + P(i)));

		CHECK(page && page_to_nid(page) == 1);
		memset(page_address(page), 0xa5, PAGE_SIZE);
	}
	vfree((void *)v);
	z = (unsigned long)vzalloc(P(8));
	for (unsigned int i = 0; i < 8; i++) {
		const unsigned char *bytes = page_address(vmalloc_to_page((void *)(z + P(i))));

		for (unsigned int b = 0; b < PAGE_SIZE; b++)
			if (bytes[b]) {
				CHECK(!"vzalloc page not zeroed");
				break;
			}
	}
	vfree((void *)z);

	/* Scattered pages, in the caller's order. */
	for (unsigned int i = 0; i < 4; i++)
		pages[i] = alloc_pages_node(i & 1, GFP_KERNEL, 0);
	for (unsigned int svpbmt = 0; svpbmt < 2; svpbmt++) {
		has_svpbmt = svpbmt;
		m = (unsigned long)vmap(pages, 4, 0, pgprot_writecombine(PAGE_KERNEL_RO));
		for (unsigned int i = 0; i < 4; i++) {
			pte_t pte = entry_of(m + P(i));

			CHECK_EQ(pte_pfn(pte), page_to_pfn(pages[i]));
			CHECK(!(pte & _PAGE_WRITE) && (pte & _PAGE_GLOBAL));
			CHECK_EQ(pte & _PAGE_PBMT_MASK, svpbmt ? _PAGE_PBMT_NC : 0);
		}
		vunmap((void *)m);
	}
	has_svpbmt = false;
	log_buf_clear();
	CHECK(!vmap(pages, 4, VM_MAP, PAGE_KERNEL | _PAGE_USER));
	CHECK(!vmap(pages, 4, VM_MAP, _PAGE_WRITE));
	CHECK(log_contains("is not a kernel leaf's"));
	CHECK(!vmap(pages, 0, VM_MAP, PAGE_KERNEL));
	for (unsigned int i = 0; i < 4; i++)
		__free_page(pages[i]);
	all_back();
}

/* kvmalloc: kmalloc while it can, vmalloc past it; kvfree tells which. */
static void kvmalloc_picks_the_allocator(void)
{
	void *small, *mid, *large, *zeroed;

	boot();
	small = kvmalloc(100, GFP_KERNEL);
	mid = kvmalloc(64 * 1024, GFP_KERNEL);
	large = kvmalloc(16 * MIB, GFP_KERNEL);	/* past the buddy's 4 MiB */
	zeroed = kvzalloc(16 * MIB, GFP_KERNEL);
	CHECK(small && !is_vmalloc_addr(small));
	CHECK(mid && !is_vmalloc_addr(mid));
	CHECK(large && is_vmalloc_addr(large));
	CHECK(zeroed && is_vmalloc_addr(zeroed));
	CHECK_EQ(vmalloc_nr_pages(), 2 * 4096);
	kvfree(small);
	kvfree(mid);
	kvfree(large);
	kvfree(zeroed);
	kvfree(NULL);
	all_back();
}

/* -------------------------------------------------------------- SMP --- */

struct churn {
	unsigned int rounds;
	unsigned int failures;
};

static void churn_here(void *arg)
{
	struct churn *c = arg;

	for (unsigned int i = 0; i < c->rounds; i++) {
		unsigned long size = P(1 + (i * 7 + smp_processor_id()) % 20);
		void *v = vmalloc(size);

		if (!v || !mapped((unsigned long)v) || mapped((unsigned long)v + size)) {
			c->failures++;
			continue;
		}
		vfree(v);
	}
}

/* Two harts allocating and freeing at once: no overlap, nothing lost. */
static void two_harts_at_once(void)
{
	struct churn mine = { 300, 0 }, theirs = { 300, 0 };

	boot();
	CHECK_EQ(smp_call_function_single(1, churn_here, &theirs, false), 0);
	churn_here(&mine);
	/* A waited call behind the first: returns when both are done. */
	CHECK_EQ(smp_call_function_single(1, churn_here, &(struct churn){ 0, 0 }, true), 0);
	CHECK_EQ(mine.failures, 0);
	CHECK_EQ(theirs.failures, 0);
	all_back();
}

int main(void)
{
	ktap_plan(10);
	RUN_FORKED(first_fit_with_guard_pages);
	RUN_FORKED(alignment_and_offsets);
	RUN_FORKED(exhaustion_returns_null);
	RUN_FORKED(table_shortage_rolls_back);
	RUN_FORKED(bad_frees_are_reported);
	RUN_FORKED(guard_hits_are_reported);
	RUN_FORKED(vmallocinfo_in_linux_layout);
	RUN_FORKED(pages_nodes_and_prot);
	RUN_FORKED(kvmalloc_picks_the_allocator);
	RUN_FORKED(two_harts_at_once);
	return ktap_done();
}
