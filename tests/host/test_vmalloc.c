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
 * Every case ends with a purge (vm_unmap_aliases()), then no area left,
 * lazy or live, VmallocUsed 0, every kmalloc cache shrunk and the buddy
 * holding the pages it held after boot, less the page-table pages made
 * for the range (kept, as in Linux, and counted): a lazy area's
 * vm_struct not freed by the purge would show there.
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
 * The end of every case, after a purge: no area, nothing counted, every
 * page free or a page-table page the range keeps.
 */
static void all_back(void)
{
	struct vmalloc_stats st;

	vm_unmap_aliases();
	vmalloc_get_stats(&st);
	CHECK_EQ(st.lazy_areas, 0);
	CHECK_EQ(st.lazy_pages, 0);
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

/*
 * Checks that one purge ran since the shootdown count was @before_flushes
 * and the purge count @before_purges: one shootdown, over [@start, @end),
 * and nothing lazy left.
 */
static void one_purge_since(unsigned long before_flushes, unsigned long before_purges,
			    unsigned long start, unsigned long end)
{
	struct host_tlb_flushes f;
	struct vmalloc_stats st;

	CHECK_EQ(flushes(&f), before_flushes + 1);
	CHECK_EQ(f.last_start, start);
	CHECK_EQ(f.last_end, end);
	vmalloc_get_stats(&st);
	CHECK_EQ(st.purges, before_purges + 1);
	CHECK_EQ(st.lazy_areas, 0);
	CHECK_EQ(st.lazy_pages, 0);
}

/* ------------------------------------------------- range allocator --- */

/*
 * First fit from VMALLOC_START, each area followed by an unmapped guard
 * page. A freed range is not reused before the purge, which flushes it;
 * after it, the next request it fits takes it.
 */
static void first_fit_with_guard_pages(void)
{
	struct host_tlb_flushes f;
	struct vmalloc_stats st;
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

	/* vfree unmaps at once and flushes nothing; its range stays taken. */
	before = flushes(&f);
	vmalloc_get_stats(&st);
	vfree((void *)b);
	CHECK_EQ(flushes(&f), before);
	CHECK(!mapped(b));
	d = (unsigned long)vmalloc(P(1));
	CHECK_EQ(d, c + P(3));

	/* The purge: one shootdown covering b; then b's span is free. */
	vm_unmap_aliases();
	one_purge_since(before, st.purges, b, b + P(1));
	e = (unsigned long)vmalloc(P(1));
	CHECK_EQ(e, b);
	vfree((void *)a);
	vfree((void *)c);
	vfree((void *)d);
	vfree((void *)e);
	vfree(NULL);
	all_back();
}

/*
 * The search hint (a search resumes after the last area placed) never
 * costs first fit: a request that a gap passed over could hold searches
 * from the bottom again.
 */
static void search_hint_keeps_first_fit(void)
{
	unsigned long a, b, c, d, e, g, h;

	boot();
	a = (unsigned long)vmalloc(P(1));
	b = (unsigned long)vmalloc(P(4));
	c = (unsigned long)vmalloc(P(1));
	vfree((void *)b);
	vm_unmap_aliases();		/* a gap of 5 pages at b */
	d = (unsigned long)vmalloc(P(8));	/* passes over it */
	CHECK_EQ(d, c + P(2));
	e = (unsigned long)vmalloc(P(2));	/* fits it: from the bottom */
	CHECK_EQ(e, b);
	g = (unsigned long)vmalloc(P(1));	/* right after e: what is left */
	CHECK_EQ(g, b + P(3));
	h = (unsigned long)vmalloc(P(1));	/* no gap left below d */
	CHECK_EQ(h, d + P(9));
	vfree((void *)a);
	vfree((void *)c);
	vfree((void *)d);
	vfree((void *)e);
	vfree((void *)g);
	vfree((void *)h);
	all_back();
}

/* ------------------------------------------------------ lazy purge --- */

/*
 * vfree gives the pages back at once; the area stays lazy, listed as
 * Linux lists it, out of VmallocUsed, its range not reused and its
 * vm_struct kept until the purge (one shootdown over the union of the
 * lazy areas), which frees it.
 */
static void freed_area_waits_for_the_purge(void)
{
	struct page *pages[16];
	struct host_tlb_flushes f;
	struct vmalloc_stats st;
	unsigned long v, w, before, nflush, purges, tables, held;
	char want[128];

	boot();
	before = settled_free();
	tables = nr_pagetable_pages;
	vmalloc_get_stats(&st);
	purges = st.purges;
	nflush = flushes(&f);
	v = (unsigned long)vmalloc(P(16));
	for (unsigned int i = 0; i < 16; i++)
		pages[i] = vmalloc_to_page((void *)(v + P(i)));
	vfree((void *)v);
	for (unsigned int i = 0; i < 16; i++)
		CHECK_EQ(page_count(pages[i]), 0);
	CHECK_EQ(vmalloc_nr_pages(), 0);
	vmalloc_get_stats(&st);
	CHECK_EQ(st.lazy_areas, 1);
	CHECK_EQ(st.lazy_pages, 17);
	CHECK_EQ(st.purges, purges);
	CHECK_EQ(flushes(&f), nflush);
	snprintf(want, sizeof(want), "0x%016lx-0x%016lx   69632 unpurged vm_area\n", v,
		 v + P(17));
	CHECK(!strcmp(vmallocinfo(), want));

	/* Not reused before the purge: 63 more go after it. */
	for (unsigned int i = 1; i < 64; i++) {
		w = (unsigned long)vmalloc(P(16));
		CHECK_EQ(w, v + i * P(17));
		vfree((void *)w);
	}
	/*
	 * Held: the 64 vm_structs (256 bytes each, a few slabs of kmalloc
	 * with the debug build's red zones), not their 1024 pages.
	 */
	held = before - (settled_free() - (nr_pagetable_pages - tables));
	CHECK(held > 0 && held < 64);

	vm_unmap_aliases();
	one_purge_since(nflush, purges, v, w + P(16));
	CHECK_EQ(strlen(vmallocinfo()), 0);
	CHECK_EQ(settled_free() + (nr_pagetable_pages - tables), before);

	/* Nothing lazy: no purge, no flush. */
	vm_unmap_aliases();
	CHECK_EQ(flushes(&f), nflush + 1);
	vmalloc_get_stats(&st);
	CHECK_EQ(st.purges, purges + 1);

	w = (unsigned long)vmalloc(P(16));
	CHECK_EQ(w, v);
	vfree((void *)w);
	all_back();
}

/*
 * A free that takes the lazy pages (spans, guard pages included) past
 * 32 MiB worth times fls(online harts) purges; none before.
 */
static void threshold_purges(void)
{
	struct host_tlb_flushes f;
	struct vmalloc_stats st;
	unsigned long first = 0, v = 0, purges, before;
	unsigned int i;

	boot();
	vmalloc_get_stats(&st);
	/* Two harts online: fls(2) = 2. */
	CHECK_EQ(st.lazy_max_pages, 2 * (32 * MIB / PAGE_SIZE));
	purges = st.purges;
	before = flushes(&f);
	/* 1023 pages and the guard: 1024 a span, 16 of them to the limit. */
	for (i = 0; i < 16; i++) {
		v = (unsigned long)vmalloc(P(1023));
		CHECK(v);
		if (!first)
			first = v;
		vfree((void *)v);
		vmalloc_get_stats(&st);
		CHECK_EQ(st.lazy_pages, 1024UL * (i + 1));
		CHECK_EQ(st.purges, purges);
	}
	CHECK_EQ(flushes(&f), before);
	CHECK_EQ(st.lazy_pages, st.lazy_max_pages);
	v = (unsigned long)vmalloc(P(1023));
	CHECK_EQ(v, first + 16 * P(1024));
	vfree((void *)v);	/* past it */
	one_purge_since(before, purges, first, v + P(1023));
	/* The whole run is free again. */
	v = (unsigned long)vmalloc(P(1));
	CHECK_EQ(v, first);
	vfree((void *)v);
	all_back();
}

/* Returns __vmalloc_node_range() of @pages pages in [@start, @end). */
static unsigned long vmalloc_in(unsigned long pages, unsigned long start, unsigned long end)
{
	return (unsigned long)__vmalloc_node_range(P(pages), PAGE_SIZE, start, end,
						   GFP_KERNEL, PAGE_KERNEL, 0,
						   NUMA_NO_NODE, __builtin_return_address(0));
}

/*
 * A window without room is purged and searched once more, as Linux
 * does; without lazy areas it fails at once, flushing nothing.
 */
static void no_room_purges_and_retries(void)
{
	const unsigned long start = VMALLOC_START + GIB, end = start + P(4);
	struct host_tlb_flushes f;
	struct vmalloc_stats st;
	unsigned long a, b, c, before, purges;

	boot();
	vmalloc_get_stats(&st);
	purges = st.purges;
	a = vmalloc_in(1, start, end);
	CHECK_EQ(a, start);
	vfree((void *)a);
	b = vmalloc_in(1, start, end);
	CHECK_EQ(b, start + P(2));	/* not where a was */
	before = flushes(&f);
	c = vmalloc_in(1, start, end);	/* no room: a is purged */
	CHECK_EQ(c, start);
	CHECK_EQ(flushes(&f), before + 1);
	vmalloc_get_stats(&st);
	CHECK_EQ(st.purges, purges + 1);

	log_buf_clear();
	CHECK(!vmalloc_in(1, start, end));
	CHECK(log_contains("no room for 4096 bytes (and a guard page) in ["));
	CHECK_EQ(flushes(&f), before + 1);
	vmalloc_get_stats(&st);
	CHECK_EQ(st.purges, purges + 1);

	/* The window's bounds, alignment and flags are checked. */
	log_buf_clear();
	CHECK(!__vmalloc_node_range(P(1), PAGE_SIZE, VMALLOC_START - PAGE_SIZE, end,
				    GFP_KERNEL, PAGE_KERNEL, 0, NUMA_NO_NODE, NULL));
	CHECK(!__vmalloc_node_range(P(1), 3 * PAGE_SIZE, start, end, GFP_KERNEL,
				    PAGE_KERNEL, 0, NUMA_NO_NODE, NULL));
	CHECK(!__vmalloc_node_range(P(1), PAGE_SIZE, start, end, GFP_KERNEL,
				    PAGE_KERNEL, VM_IOREMAP, NUMA_NO_NODE, NULL));
	CHECK(log_contains("not supported"));
	/* The whole range, 2 MiB aligned, read-only, on node 1. */
	a = (unsigned long)__vmalloc_node_range(P(1), PMD_SIZE, VMALLOC_START, VMALLOC_END,
						 GFP_KERNEL, PAGE_KERNEL_RO, 0, 1, NULL);
	CHECK_EQ(a, VMALLOC_START);
	CHECK(mapped(a) && !(entry_of(a) & _PAGE_WRITE));
	CHECK_EQ(page_to_nid(vmalloc_to_page((void *)a)), 1);
	vfree((void *)a);
	vfree((void *)b);
	vfree((void *)c);
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
		/* Tables are taken without reclaim: into the buddy with it. */
		release_held_pages(&held, 1);
		drain_all_pages();
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
	vfree(v);	/* twice: lazy until the purge, then gone */
	CHECK(log_contains("vfree(0xffffffe000000000): already freed; ignored"));
	vm_unmap_aliases();
	log_buf_clear();
	vfree(v);
	CHECK(log_contains("vfree(0xffffffe000000000): not the start of an area; ignored"));
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
	vm_unmap_aliases();
	CHECK(!vmalloc_fault_report(v + P(2)));	/* no area any more */
	all_back();
}

/*
 * An access to a lazy area (freed, not yet purged) is a use after free:
 * named with the area, the call that freed it and the distance, guard
 * pages included; after the purge the range is free and nothing is said.
 */
static void use_after_free_is_reported(void)
{
	unsigned long v, m, io, g;
	struct page *page;
	char want[160];

	boot();
	page = alloc_page(GFP_KERNEL);
	v = (unsigned long)vmalloc(P(2));
	m = (unsigned long)vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	io = (unsigned long)ioremap(0x10000000, 0x100);
	g = (unsigned long)map_phys_guard(0x10001000, P(1), PAGE_KERNEL);
	CHECK(v && m && io && g);
	vfree((void *)v);
	vunmap((void *)m);
	iounmap((void *)io);
	unmap_phys_guard((void *)g);

	log_buf_clear();
	CHECK(!vmalloc_fault(v + P(1) + 8, _PAGE_READ));
	snprintf(want, sizeof(want),
		 "BUG: use after vfree: %#lx is %lu bytes into the area %#lx-%#lx (vmalloc, caller 0x",
		 v + P(1) + 8, P(1) + 8, v, v + P(2));
	CHECK(log_contains(want));
	CHECK(vmalloc_fault_report(v + P(2) + 8));
	CHECK(log_contains("is 8 bytes past the end of the area"));
	CHECK(vmalloc_fault_report(m));
	snprintf(want, sizeof(want), "BUG: use after vunmap: %#lx is 0 bytes into the area %#lx-%#lx (vmap",
		 m, m, m + P(1));
	CHECK(log_contains(want));
	CHECK(vmalloc_fault_report(io + 4));
	CHECK(log_contains("BUG: use after iounmap: "));
	CHECK(vmalloc_fault_report(g - 16));
	snprintf(want, sizeof(want), "BUG: use after unmap_phys_guard: %#lx is 16 bytes before the start of the area",
		 g - 16);
	CHECK(log_contains(want));
	CHECK(!log_contains("guard page hit"));

	vm_unmap_aliases();
	log_buf_clear();
	CHECK(!vmalloc_fault_report(v + 8));
	CHECK(!vmalloc_fault_report(g));
	CHECK(!log_contains("BUG"));
	__free_page(page);
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
	char want[512], unpurged[80];
	struct seq_buf sb;
	size_t live;

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

	/*
	 * A freed area leaves VmallocUsed at once and is listed after the
	 * live ones until the purge, as Linux 6.1's show_purge_info().
	 */
	vfree((void *)v);
	seq_buf_init(&sb, buf, sizeof(buf));
	CHECK_EQ(vfs_read("/proc/meminfo", &sb), 0);
	CHECK(strstr(buf, "VmallocUsed:           0 kB\n"));
	snprintf(want, sizeof(want),
		 "0x%016lx-0x%016lx   16384 CALLER pages=3 vmap\n"
		 "0x%016lx-0x%016lx    8192 CALLER phys=0x0000000010000000 ioremap\n",
		 m, m + P(4), io, io + P(2));
	snprintf(unpurged, sizeof(unpurged), "0x%016lx-0x%016lx   12288 unpurged vm_area\n",
		 v, v + P(3));
	live = strlen(vmallocinfo()) - strlen(unpurged);
	CHECK(!strcmp(info + live, unpurged));
	info[live] = '\0';
	CHECK(callers_blanked(info, blanked, sizeof(blanked)));
	CHECK(!strcmp(blanked, want));
	vunmap((void *)m);
	iounmap((void *)io);
	for (unsigned int i = 0; i < 3; i++)
		__free_page(pages[i]);
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
		/* Purges from both harts, sometimes at once. */
		if (i % 5 == 4)
			vm_unmap_aliases();
	}
}

/*
 * Two harts allocating, freeing and purging at once: no overlap, nothing
 * lost, no purge lost (all_back() finds nothing lazy).
 */
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
	ktap_plan(15);
	RUN_FORKED(first_fit_with_guard_pages);
	RUN_FORKED(search_hint_keeps_first_fit);
	RUN_FORKED(freed_area_waits_for_the_purge);
	RUN_FORKED(threshold_purges);
	RUN_FORKED(no_room_purges_and_retries);
	RUN_FORKED(alignment_and_offsets);
	RUN_FORKED(exhaustion_returns_null);
	RUN_FORKED(table_shortage_rolls_back);
	RUN_FORKED(bad_frees_are_reported);
	RUN_FORKED(guard_hits_are_reported);
	RUN_FORKED(use_after_free_is_reported);
	RUN_FORKED(vmallocinfo_in_linux_layout);
	RUN_FORKED(pages_nodes_and_prot);
	RUN_FORKED(kvmalloc_picks_the_allocator);
	RUN_FORKED(two_harts_at_once);
	return ktap_done();
}
