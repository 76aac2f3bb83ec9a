// SPDX-License-Identifier: MIT
/*
 * DOC: RISC-V kernel page tables
 *
 * Two stages, as in Linux:
 *
 * early_setup_vm() runs with the MMU off at the physical load address, so
 * it may only use PC-relative code and static tables: it maps the image at
 * KERNEL_VIRT_BASE, the DTB at DTB_VIRT_BASE, and a small window of the
 * linear map around the image (EARLY_LINEAR_SIZE) so that paging_init can
 * reach the page-table pages it allocates from memblock before the whole
 * linear map exists. All with 2 MiB leaves, Sv39.
 *
 * paging_init() builds the final table: the linear map of every memory
 * range (largest leaf the alignment allows: 1 GiB, 2 MiB, else 4 KiB), the
 * image in 4 KiB pages with text RX, rodata R and data RW (never W and X
 * together), and the DTB window; then every hart runs on it. Sv48 is used
 * only when memory reaches past the Sv39 linear map (or mmu=sv48 asks) and
 * every usable hart has it. mm_init() then adds each node's part of the
 * vmemmap (vmemmap_populate()) to the same table, before it writes a
 * struct page.
 */
#define pr_fmt(fmt) "mmu: " fmt

#include <asm/csr.h>
#include <asm/mmu.h>
#include <asm/page.h>
#include <asm/pgtable-bits.h>
#include <asm/sbi.h>
#include <asm/tlbflush.h>
#include "kernel/errno.h"
#include "kernel/fdt/boot_plan.h"
#include "kernel/fdt/fdt.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "mm/debug_pagealloc.h"
#include "mm/gfp.h"
#include "mm/memblock.h"
#include "mm/page.h"
#include "mm/vmalloc.h"

#define EARLY_LINEAR_SIZE (32UL << 20)

typedef unsigned long pte_t;

extern char _start[], _stext[], _etext[], _srodata[], _sdata[], _end[];

unsigned long va_pa_offset;
unsigned long kernel_pa_base;
struct page *vmemmap;
unsigned long kernel_satp;
unsigned int pgtable_levels = 3;
struct linear_map_stats linear_map_stats;

static unsigned long dtb_pa;
static pte_t *kernel_pgd;
static unsigned long boot_table_pages;	/* alloc_table()'s, for the memmap's count */
static unsigned long early_io_next = EARLY_IO_BASE;

static pte_t early_pgd[PTES_PER_TABLE] __aligned(PAGE_SIZE);
static pte_t early_image_pmd[PTES_PER_TABLE] __aligned(PAGE_SIZE);
static pte_t early_dtb_pmd[PTES_PER_TABLE] __aligned(PAGE_SIZE);
static pte_t early_linear_pmd[2][PTES_PER_TABLE] __aligned(PAGE_SIZE);

static inline unsigned int pt_index(unsigned long va, unsigned int level)
{
	return (va >> (PAGE_SHIFT + 9 * level)) & (PTES_PER_TABLE - 1);
}

static inline pte_t pfn_pte(phys_addr_t pa, unsigned long prot)
{
	return ((pa >> PAGE_SHIFT) << _PAGE_PFN_SHIFT) | prot;
}

static inline phys_addr_t pte_pa(pte_t pte)
{
	return ((pte & _PAGE_PFN_MASK) >> _PAGE_PFN_SHIFT) << PAGE_SHIFT;
}

static inline bool pte_is_leaf(pte_t pte)
{
	return pte & _PAGE_LEAF;
}

/* Before paging: a message through the legacy SBI console, then stop. */
static void __noreturn early_halt(const char *msg)
{
	for (; *msg; msg++)
		sbi_ecall(SBI_EXT_LEGACY_PUTCHAR, 0, *msg, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

/*
 * Maps [pa, pa + size) at va with 2 MiB leaves in @pmd, a table hung off
 * early_pgd. Runs with the MMU off: table addresses are physical.
 */
static void early_map_2m(pte_t *pmd, unsigned long va, phys_addr_t pa,
			 unsigned long size, unsigned long prot)
{
	early_pgd[pt_index(va, 2)] = pfn_pte((phys_addr_t)(uintptr_t)pmd,
					     _PAGE_VALID);
	for (unsigned long off = 0; off < size; off += PMD_SIZE)
		pmd[pt_index(va + off, 1)] = pfn_pte(pa + off, prot);
}

/**
 * early_setup_vm() - the boot page table, built with the MMU off.
 * @load_pa: where the image was loaded (2 MiB aligned).
 * @dtb: the DTB's physical address from the firmware.
 *
 * Return: the satp value that turns on paging with this table.
 */
unsigned long early_setup_vm(phys_addr_t load_pa, phys_addr_t dtb)
{
	unsigned long image_size = (uintptr_t)_end - (uintptr_t)_start;
	unsigned long linear_va = PAGE_OFFSET_SV39 + load_pa;
	unsigned long split;

	if (!IS_ALIGNED(load_pa, PMD_SIZE))
		early_halt("tern: load address is not 2 MiB aligned; halting\n");
	if (image_size > PUD_SIZE)
		early_halt("tern: image larger than 1 GiB; halting\n");
	/* Beyond Sv39's linear map the early window would alias other slots. */
	if (load_pa + EARLY_LINEAR_SIZE > LINEAR_MAP_SIZE_SV39)
		early_halt("tern: loaded above 128 GiB; halting\n");

	kernel_pa_base = load_pa;
	va_pa_offset = PAGE_OFFSET_SV39;
	dtb_pa = dtb;

	early_map_2m(early_image_pmd, KERNEL_VIRT_BASE, load_pa,
		     ALIGN_UP(image_size, PMD_SIZE), PAGE_KERNEL_RWX);
	early_map_2m(early_dtb_pmd, DTB_VIRT_BASE, ALIGN_DOWN(dtb, PMD_SIZE),
		     DTB_MAP_SIZE, PAGE_KERNEL_RO);

	/* The linear window may straddle a 1 GiB boundary: two tables then. */
	split = min(EARLY_LINEAR_SIZE,
		    ALIGN_UP(linear_va + 1, PUD_SIZE) - linear_va);
	early_map_2m(early_linear_pmd[0], linear_va, load_pa, split,
		     PAGE_KERNEL);
	if (split < EARLY_LINEAR_SIZE)
		early_map_2m(early_linear_pmd[1], linear_va + split,
			     load_pa + split, EARLY_LINEAR_SIZE - split,
			     PAGE_KERNEL);

	return SATP_MODE_SV39 | ((uintptr_t)early_pgd >> PAGE_SHIFT);
}

const void *early_dtb_va(void)
{
	return (const void *)(DTB_VIRT_BASE + (dtb_pa & (PMD_SIZE - 1)));
}

/*
 * Returns a zeroed page for a page table; panics if memory is gone. Until
 * the final table is live, only the early linear window is reachable, so
 * the page must come from there (and nothing else is limited by it).
 */
static pte_t *alloc_table(void)
{
	phys_addr_t window_end = kernel_pa_base + EARLY_LINEAR_SIZE;
	phys_addr_t pa = kernel_pgd ?
		memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE) :
		memblock_alloc_range_nid(PAGE_SIZE, PAGE_SIZE, kernel_pa_base,
					 window_end, NUMA_NO_NODE, true);
	pte_t *table;

	if (!pa)
		panic("out of memory for kernel page tables");
	table = phys_to_virt(pa);
	memset(table, 0, PAGE_SIZE);
	boot_table_pages++;
	return table;
}

/*
 * Installs one leaf of 4 KiB << (9 * leaf_level) at @va in @root,
 * allocating the tables on the way. Returns 0, or -1 if something is
 * already mapped there (callers map each range once).
 */
static int map_leaf(pte_t *root, unsigned long va, phys_addr_t pa,
		    unsigned int leaf_level, unsigned long prot)
{
	pte_t *table = root;

	for (unsigned int level = pgtable_levels - 1; level > leaf_level; level--) {
		pte_t *entry = &table[pt_index(va, level)];

		if (!(*entry & _PAGE_VALID))
			*entry = pfn_pte(virt_to_phys(alloc_table()), _PAGE_VALID);
		else if (pte_is_leaf(*entry))
			return -1;
		table = phys_to_virt(pte_pa(*entry));
	}
	if (table[pt_index(va, leaf_level)] & _PAGE_VALID)
		return -1;
	table[pt_index(va, leaf_level)] = pfn_pte(pa, prot);
	return 0;
}

/*
 * Maps [pa, pa + size) at @va with the largest leaves (up to level
 * @max_level) that alignment allows; counts them in @stats if given.
 */
static void map_range(pte_t *root, unsigned long va, phys_addr_t pa,
		      unsigned long size, unsigned long prot,
		      unsigned int max_level, struct linear_map_stats *stats)
{
	while (size) {
		unsigned int level = max_level;
		unsigned long leaf;

		for (;; level--) {
			leaf = PAGE_SIZE << (9 * level);
			if (level == 0 || (IS_ALIGNED(va | pa, leaf) && size >= leaf))
				break;
		}
		if (map_leaf(root, va, pa, level, prot))
			panic("kernel mapping at %#lx mapped twice", va);
		if (stats) {
			unsigned long *counts[] = { &stats->leaves_4k,
						    &stats->leaves_2m,
						    &stats->leaves_1g };
			(*counts[level])++;
		}
		va += leaf;
		pa += leaf;
		size -= leaf;
	}
}

/* Returns true if every usable hart's mmu-type offers Sv48. */
static bool harts_have_sv48(const struct boot_plan *plan)
{
	for (unsigned int i = 0; i < plan->nr_harts; i++) {
		const struct plan_hart *h = &plan->harts[i];

		if (h->usable && strcmp(h->mmu_type, "riscv,sv48") &&
		    strcmp(h->mmu_type, "riscv,sv57"))
			return false;
	}
	return true;
}

static unsigned int choose_levels(const struct boot_plan *plan, bool want_sv48)
{
	bool needs = memblock_end_of_DRAM() > LINEAR_MAP_SIZE_SV39;

	if (!needs && !want_sv48)
		return 3;
	if (harts_have_sv48(plan))
		return 4;
	pr_warn("warning: %s, but not every hart has Sv48; staying with Sv39\n",
		needs ? "memory reaches above 128 GiB" : "mmu=sv48 was asked for");
	return 3;
}

static void map_linear(pte_t *root, unsigned long offset, unsigned long limit)
{
	const struct memblock_region *r;

	for_each_memblock(memory, r) {
		phys_addr_t base = r->base, end = r->base + r->size;

		if (r->flags & MEMBLOCK_NOMAP)
			continue;
		if (end > limit) {
			pr_warn("warning: memory [%#llx-%#llx] is beyond the linear map, not mapped\n",
				(unsigned long long)max(base, (phys_addr_t)limit),
				(unsigned long long)(end - 1));
			end = limit;
		}
		if (base < end)
			map_range(root, base + offset, base, end - base,
				  PAGE_KERNEL, 2, &linear_map_stats);
	}
}

static void map_image(pte_t *root)
{
	struct {
		char *start, *end;
		unsigned long prot;
	} sections[] = {
		{ _start, _etext, PAGE_KERNEL_EXEC },
		{ _srodata, _sdata, PAGE_KERNEL_RO },
		{ _sdata, _end, PAGE_KERNEL },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(sections); i++) {
		unsigned long start = ALIGN_DOWN((uintptr_t)sections[i].start, PAGE_SIZE);
		unsigned long end = ALIGN_UP((uintptr_t)sections[i].end, PAGE_SIZE);

		map_range(root, start, virt_to_phys((void *)start), end - start,
			  sections[i].prot, 0, NULL);
	}
}

/*
 * Keeps the DTB at the address early_dtb_va() gave out, mapping only its
 * own pages: the early 2 MiB window may reach past the end of RAM (U-Boot
 * puts the DTB at the top), and no address without memory behind it may
 * stay mapped as memory.
 */
static void map_dtb(pte_t *root)
{
	phys_addr_t first = ALIGN_DOWN(dtb_pa, PAGE_SIZE);
	phys_addr_t end = ALIGN_UP(dtb_pa + dt_total_size(early_dtb_va()), PAGE_SIZE);

	map_range(root, DTB_VIRT_BASE + (first - ALIGN_DOWN(dtb_pa, PMD_SIZE)),
		  first, end - first, PAGE_KERNEL_RO, 0, NULL);
}

void paging_init(const struct boot_plan *plan, bool want_sv48)
{
	unsigned long offset, limit;
	phys_addr_t root_pa;
	pte_t *root;

	pgtable_levels = choose_levels(plan, want_sv48);
	offset = pgtable_levels == 4 ? PAGE_OFFSET_SV48 : PAGE_OFFSET_SV39;
	limit = pgtable_levels == 4 ? LINEAR_MAP_SIZE_SV48 : LINEAR_MAP_SIZE_SV39;

	/* The new table is written through the early linear window (Sv39). */
	root = alloc_table();
	root_pa = virt_to_phys(root);
	map_linear(root, offset, limit);
	map_image(root);
	map_dtb(root);

	kernel_satp = (pgtable_levels == 4 ? SATP_MODE_SV48 : SATP_MODE_SV39) |
		      (root_pa >> PAGE_SHIFT);
	csr_write(satp, kernel_satp);
	__asm__ volatile("sfence.vma" ::: "memory");
	va_pa_offset = offset;
	/* The vmemmap moves with the linear map (asm/page.h). */
	vmemmap = virt_to_page(phys_to_virt(0));
	kernel_pgd = phys_to_virt(root_pa);
	memblock_set_current_limit(limit);

	pr_info("%s paging, linear map at %#lx: %lu x 1 GiB, %lu x 2 MiB, %lu x 4 KiB leaves\n",
		pgtable_levels == 4 ? "Sv48" : "Sv39", offset,
		linear_map_stats.leaves_1g, linear_map_stats.leaves_2m,
		linear_map_stats.leaves_4k);
	if (debug_pagealloc_on)
		linear_map_split_to_pages();
}

/*
 * The memmap is touched on every kfree(), so it gets 2 MiB leaves when a
 * node's part is that large: its memory is then taken 2 MiB aligned plus
 * the offset its first struct page has within 2 MiB of vmemmap, and the
 * unused head goes straight back to memblock.
 */
unsigned long vmemmap_populate(unsigned long start, unsigned long end, int nid)
{
	unsigned long va = (unsigned long)pfn_to_page(start);
	unsigned long size = (end - start) * sizeof(struct page);
	unsigned long head = va & (PMD_SIZE - 1);
	unsigned long tables = boot_table_pages;
	phys_addr_t pa = 0;

	if (size >= PMD_SIZE) {
		pa = memblock_alloc_range_nid(size + head, PMD_SIZE, 0, 0, nid, false);
		if (pa && head)
			memblock_phys_free(pa, head);
		pa += pa ? head : 0;
	}
	if (!pa)
		pa = memblock_alloc_range_nid(size, PAGE_SIZE, 0, 0, nid, false);
	if (!pa)
		panic("no memory for node %d's memmap (%lu bytes)", nid, size);
	map_range(kernel_pgd, va, pa, size, PAGE_KERNEL, 1, NULL);
	__asm__ volatile("sfence.vma" ::: "memory");
	return (size >> PAGE_SHIFT) + boot_table_pages - tables;
}

void *early_ioremap(phys_addr_t pa, size_t size)
{
	phys_addr_t base = ALIGN_DOWN(pa, PAGE_SIZE);
	unsigned long len = ALIGN_UP(pa + size, PAGE_SIZE) - base;
	unsigned long va = early_io_next;

	if (!kernel_pgd || va + len > EARLY_IO_BASE + EARLY_IO_SIZE)
		return NULL;
	map_range(kernel_pgd, va, base, len, PAGE_KERNEL_IO, 0, NULL);
	__asm__ volatile("sfence.vma" ::: "memory");
	early_io_next += len;
	return (void *)(va + (pa - base));
}

/* mm/vmalloc.c maps in the table every hart runs on; the boot made its tables. */
int arch_kernel_pgtable(struct pgtable *pgt)
{
	if (!kernel_pgd)
		return -EINVAL;
	pgt->pgd = kernel_pgd;
	pgt->levels = pgtable_levels;
	pgt->nr_table_pages = 0;
	pgt->table_gfp = 0;
	return 0;
}

unsigned long kernel_pte_lookup(unsigned long va, unsigned long *leaf_size)
{
	pte_t *table = kernel_pgd;

	for (int level = pgtable_levels - 1; table && level >= 0; level--) {
		pte_t pte = table[pt_index(va, level)];

		if (!(pte & _PAGE_VALID))
			return 0;
		if (pte_is_leaf(pte)) {
			if (leaf_size)
				*leaf_size = PAGE_SIZE << (9 * level);
			return pte;
		}
		table = phys_to_virt(pte_pa(pte));
	}
	return 0;
}

/*
 * Returns the 4 KiB leaf entry that maps @va in the kernel table, or NULL
 * if @va is not mapped by one (unmapped, or inside a larger leaf).
 */
static pte_t *kernel_pte_4k(unsigned long va)
{
	pte_t *table = kernel_pgd;

	for (unsigned int level = pgtable_levels - 1; level > 0; level--) {
		pte_t pte = table[pt_index(va, level)];

		if (!(pte & _PAGE_VALID) || pte_is_leaf(pte))
			return NULL;
		table = phys_to_virt(pte_pa(pte));
	}
	return &table[pt_index(va, 0)];
}

/*
 * Replaces the leaf at @entry, of level @level, with a table of the 512
 * leaves one level down that map the same frames with the same bits.
 */
static void split_leaf(pte_t *entry, unsigned int level)
{
	pte_t *table = alloc_table();
	phys_addr_t pa = pte_pa(*entry);
	unsigned long prot = *entry & ~_PAGE_PFN_MASK;
	unsigned long *counts[] = { &linear_map_stats.leaves_4k, &linear_map_stats.leaves_2m,
				    &linear_map_stats.leaves_1g };

	for (unsigned int i = 0; i < PTES_PER_TABLE; i++)
		table[i] = pfn_pte(pa + ((phys_addr_t)i << (PAGE_SHIFT + 9 * (level - 1))), prot);
	WRITE_ONCE(*entry, pfn_pte(virt_to_phys(table), _PAGE_VALID));
	(*counts[level])--;
	*counts[level - 1] += PTES_PER_TABLE;
}

/*
 * For debug_pagealloc (mm/debug_pagealloc.c): every linear-map leaf larger
 * than 4 KiB is split down, so that any page can be unmapped alone. Runs
 * on the boot hart before the others start, with the final table live:
 * the table pages come from memblock, reachable through the linear map.
 */
void linear_map_split_to_pages(void)
{
	const struct memblock_region *r;
	unsigned long before = boot_table_pages;

	for_each_memblock(memory, r) {
		unsigned long va = (unsigned long)phys_to_virt(r->base);
		unsigned long end = va + r->size;

		if (r->flags & MEMBLOCK_NOMAP)
			continue;
		/* One walk per 2 MiB: splitting its entry splits all of it. */
		for (va &= ~(PMD_SIZE - 1); va < end; va += PMD_SIZE) {
			pte_t *table = kernel_pgd;

			for (unsigned int level = pgtable_levels - 1; level > 0; level--) {
				pte_t *entry = &table[pt_index(va, level)];

				if (!(*entry & _PAGE_VALID))
					break;	/* beyond the linear map */
				if (pte_is_leaf(*entry))
					split_leaf(entry, level);
				table = phys_to_virt(pte_pa(*entry));
			}
		}
	}
	local_flush_tlb_all();
	pr_info("debug_pagealloc: linear map split to %lu x 4 KiB leaves with %lu KiB of page tables\n",
		linear_map_stats.leaves_4k, (boot_table_pages - before) << (PAGE_SHIFT - 10));
}

void __kernel_map_pages(struct page *page, int numpages, int enable)
{
	unsigned long start = (unsigned long)page_address(page);
	unsigned long end = start + ((unsigned long)numpages << PAGE_SHIFT);

	for (unsigned long va = start; va < end; va += PAGE_SIZE) {
		pte_t *pte = kernel_pte_4k(va);

		if (pte)
			WRITE_ONCE(*pte, enable ? *pte | _PAGE_VALID : *pte & ~_PAGE_VALID);
	}
	/* A hart that still maps the pages would not fault: make them forget. */
	if (!enable)
		flush_tlb_kernel_range(start, end);
}

bool kernel_page_present(struct page *page)
{
	pte_t *pte = kernel_pte_4k((unsigned long)page_address(page));

	return !pte || (*pte & _PAGE_VALID);
}

/*
 * The one test mapping kernel_map_test_page() may hold: its address, and
 * the entries it made valid on the way down (each pointing at a table page
 * it allocated), top first.
 */
static struct {
	unsigned long va;	/* 0: none */
	pte_t *made[4];
	unsigned int nr_made;
} test_map;

/*
 * Takes out the tables test_map made, bottom first: their entries are
 * cleared, every hart forgets them (only a full flush reaches non-leaf
 * entries), then the pages are freed.
 */
static void release_test_tables(void)
{
	unsigned long tables[ARRAY_SIZE(test_map.made)];
	unsigned int n = test_map.nr_made;

	for (unsigned int i = n; i-- > 0;) {
		tables[i] = (unsigned long)phys_to_virt(pte_pa(*test_map.made[i]));
		WRITE_ONCE(*test_map.made[i], 0);
	}
	if (n)
		flush_tlb_all();
	for (unsigned int i = 0; i < n; i++)
		free_page(tables[i]);
	test_map.nr_made = 0;
	test_map.va = 0;
}

int kernel_map_test_page(unsigned long va, phys_addr_t pa, unsigned long prot)
{
	pte_t *table = kernel_pgd, *entry;

	if (!IS_ALIGNED(va | pa, PAGE_SIZE) || va < VMALLOC_START ||
	    va >= VMALLOC_END || !(prot & _PAGE_LEAF))
		return -EINVAL;
	if (test_map.va || !table)
		return -EBUSY;
	for (unsigned int level = pgtable_levels - 1; level > 0; level--) {
		entry = &table[pt_index(va, level)];
		if (!(*entry & _PAGE_VALID)) {
			unsigned long page = get_zeroed_page(GFP_KERNEL);

			if (!page) {
				release_test_tables();
				return -ENOMEM;
			}
			WRITE_ONCE(*entry, pfn_pte(virt_to_phys((void *)page),
						   _PAGE_VALID));
			test_map.made[test_map.nr_made++] = entry;
		} else if (pte_is_leaf(*entry)) {
			release_test_tables();
			return -EEXIST;
		}
		table = phys_to_virt(pte_pa(*entry));
	}
	entry = &table[pt_index(va, 0)];
	if (*entry & _PAGE_VALID) {
		release_test_tables();
		return -EEXIST;
	}
	WRITE_ONCE(*entry, pfn_pte(pa, prot));
	test_map.va = va;
	return 0;
}

/* Returns the test mapping's leaf entry, or NULL if @va is not it. */
static pte_t *test_leaf(unsigned long va)
{
	pte_t *table = kernel_pgd;

	if (!va || va != test_map.va)
		return NULL;
	for (unsigned int level = pgtable_levels - 1; level > 0; level--)
		table = phys_to_virt(pte_pa(table[pt_index(va, level)]));
	return &table[pt_index(va, 0)];
}

int kernel_clear_test_pte(unsigned long va)
{
	pte_t *leaf = test_leaf(va);

	if (!leaf)
		return -EINVAL;
	WRITE_ONCE(*leaf, 0);
	return 0;
}

int kernel_unmap_test_page(unsigned long va)
{
	pte_t *leaf = test_leaf(va);

	if (!leaf)
		return -EINVAL;
	WRITE_ONCE(*leaf, 0);
	flush_tlb_kernel_range(va, va + PAGE_SIZE);
	release_test_tables();
	return 0;
}
