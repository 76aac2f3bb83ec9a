// SPDX-License-Identifier: MIT
/*
 * DOC: host test - page tables (mm/pgtable.c) in Sv39 and Sv48
 *
 * Each case boots the page allocator on a small machine in a child
 * process (tests/host/mm_host.h), builds tables from its pages and runs
 * once per mode. The tables are real RISC-V tables that no hart walks, so
 * leaves may point anywhere: only free_frames touches what they map.
 *
 * Every refusal is checked three ways: its error code, its log line, and
 * a snapshot of the whole table (every entry of every table, hashed, and
 * the leaves per size) equal before and after. Every case ends with the
 * table pages of all tables back to zero and the free pages (buddy plus
 * caches) as they were after boot.
 *
 * "one node": 64 MiB at 0x80000000, one hart. "two nodes": 32 MiB each
 * at 0x80000000 and 0x82000000, one hart on each.
 */
#include "tests/host/mm_host.h"
#include "kernel/errno.h"
#include "mm/page.h"
#include "mm/pgtable.h"
#include <asm/pgtable-bits.h>
#include <asm/tlbflush.h>

/* In the upper half of both modes, 1 GiB aligned (riscv's VMALLOC_START). */
#define VA_HI 0xffffffe000000000UL
/* Canonical in Sv48 only: bit 38 set, the bits above it clear. */
#define VA_SV48_ONLY (1UL << 38)
#define PA_FAR 0x4000000000UL	/* 256 GiB: 1 GiB aligned, no memory there */

static const struct mm_machine one_node = {
	.nr_nodes = 1,
	.nr_cpus = 1,
	.memory = { { 0x80000000, 64 * MIB, 0 } },
	.nr_memory = 1,
};

static const struct mm_machine two_nodes = {
	.nr_nodes = 2,
	.nr_cpus = 2,
	.cpu_node = { 0, 1 },
	.memory = { { 0x80000000, 32 * MIB, 0 }, { 0x82000000, 32 * MIB, 1 } },
	.nr_memory = 2,
};

static const unsigned int modes[] = { 3, 4 };
#define for_each_mode(levels) \
	for (unsigned int _m = 0; _m < 2 && ((levels) = modes[_m], 1); _m++)

static unsigned long boot_free;

static void boot(const struct mm_machine *m)
{
	mm_boot(m);
	boot_free = free_and_cached_pages();
}

/* The end of every case: no table page left, every page back. */
static void all_back(void)
{
	CHECK_EQ(nr_pagetable_pages, 0);
	CHECK_EQ(free_and_cached_pages(), boot_free);
}

static void new_table(struct pgtable *pgt, unsigned int levels)
{
	CHECK_EQ(pgd_alloc(pgt, levels), 0);
	CHECK_EQ(pgt->levels, levels);
	CHECK_EQ(pgt->nr_table_pages, 1);
}

static void free_table(struct pgtable *pgt)
{
	free_pagetable(pgt);
	CHECK_EQ(pgt->nr_table_pages, 0);
	CHECK(!pgt->pgd);
}

/* Returns the size of the leaf mapping @va, or 0. */
static unsigned long leaf_at(struct pgtable *pgt, unsigned long va)
{
	unsigned long size = 0;

	return walk_addr(pgt, va, &size) ? size : 0;
}

/* What a table holds, in a form two moments can be compared by. */
struct snapshot {
	unsigned long tables;
	unsigned long leaves[4];	/* by level */
	u64 hash;			/* every present entry, where it is */
};

static void snap_table(const pte_t *table, unsigned int level, struct snapshot *s)
{
	s->tables++;
	for (unsigned int i = 0; i < PTES_PER_TABLE; i++) {
		pte_t e = table[i];

		if (!e)
			continue;
		s->hash = (s->hash ^ e ^ (u64)i << 52 ^ level) * 0x100000001b3ULL;
		if (pte_leaf(e))
			s->leaves[level]++;
		else if (level > 0 && pte_present(e))
			snap_table(phys_to_virt(pte_phys(e)), level - 1, s);
	}
}

static struct snapshot snap(const struct pgtable *pgt)
{
	struct snapshot s = { 0 };

	snap_table(pgt->pgd, pgt->levels - 1, &s);
	return s;
}

static bool same(struct snapshot a, struct snapshot b)
{
	return !memcmp(&a, &b, sizeof(a));
}

static unsigned long flushes(void)
{
	struct host_tlb_flushes f;

	host_tlb_flushes_get(&f);
	return f.count;
}

/* ------------------------------------------------------------ mapping --- */

/* 4 KiB leaves: walk, translate, unmap in pieces; empty tables go. */
static void map_4k_walk_unmap(void)
{
	unsigned int levels;

	boot(&one_node);
	for_each_mode(levels) {
		struct pgtable pgt;
		unsigned long va = VA_HI + 0x5000, before;
		struct host_tlb_flushes f;
		pte_t *pte;

		new_table(&pgt, levels);
		CHECK_EQ(map_pages(&pgt, va, 0x12345000, 3 * PAGE_SIZE, PAGE_KERNEL), 0);
		/* One table per level below the top. */
		CHECK_EQ(pgt.nr_table_pages, levels);
		CHECK_EQ(nr_pagetable_pages, levels);
		for (unsigned long i = 0; i < 3; i++) {
			pte = walk(&pgt, va + i * PAGE_SIZE, false);
			CHECK(pte);
			if (!pte)
				continue;
			CHECK_EQ(pte_pfn(*pte), 0x12345 + i);
			CHECK_EQ(*pte & ~_PAGE_PFN_MASK, PAGE_KERNEL);	/* V R W G A D */
			CHECK_EQ(leaf_at(&pgt, va + i * PAGE_SIZE), PAGE_SIZE);
			CHECK_EQ(va_to_pa(&pgt, va + i * PAGE_SIZE + 0x123),
				 0x12345123 + i * PAGE_SIZE);
		}
		CHECK(!walk(&pgt, va - PAGE_SIZE, false));
		CHECK(!walk(&pgt, va + 3 * PAGE_SIZE, false));
		CHECK_EQ(va_to_pa(&pgt, va + 3 * PAGE_SIZE), 0);
		CHECK_EQ(va_to_pa(&pgt, VA_HI + PUD_SIZE), 0);	/* no table there */

		/* The middle page: the table keeps its neighbours. */
		before = flushes();
		CHECK_EQ(unmap_pages(&pgt, va + PAGE_SIZE, PAGE_SIZE, false), 0);
		host_tlb_flushes_get(&f);
		CHECK_EQ(f.count, before + 1);
		CHECK_EQ(f.last_start, va + PAGE_SIZE);
		CHECK_EQ(f.last_end, va + 2 * PAGE_SIZE);
		CHECK_EQ(va_to_pa(&pgt, va + PAGE_SIZE), 0);
		CHECK_EQ(va_to_pa(&pgt, va), 0x12345000);
		CHECK_EQ(pgt.nr_table_pages, levels);

		/* The rest, with the hole: skipped, and the tables go. */
		CHECK_EQ(unmap_pages(&pgt, va, 3 * PAGE_SIZE, false), 0);
		CHECK_EQ(pgt.nr_table_pages, 1);
		CHECK_EQ(snap(&pgt).tables, 1);
		CHECK_EQ(va_to_pa(&pgt, va), 0);
		/* Unmapping nothing is no error. */
		CHECK_EQ(unmap_pages(&pgt, va, PAGE_SIZE, false), 0);
		free_table(&pgt);
	}
	all_back();
}

/* Leaves as large as va, pa and the size left allow; PAs inside them. */
static void leaf_sizes_follow_alignment(void)
{
	unsigned int levels;

	boot(&one_node);
	for_each_mode(levels) {
		struct pgtable pgt;
		struct snapshot s;
		unsigned long va;

		new_table(&pgt, levels);

		/* A 2 MiB aligned 4 MiB range: two 2 MiB leaves, one table below the pud. */
		va = VA_HI + 4 * PMD_SIZE;
		CHECK_EQ(map_pages(&pgt, va, 0x80400000, 2 * PMD_SIZE, PAGE_KERNEL), 0);
		s = snap(&pgt);
		CHECK_EQ(s.leaves[1], 2);
		CHECK_EQ(s.leaves[0], 0);
		CHECK_EQ(pgt.nr_table_pages, levels - 1);
		CHECK_EQ(leaf_at(&pgt, va), PMD_SIZE);
		CHECK_EQ(leaf_at(&pgt, va + PMD_SIZE + 0x1000), PMD_SIZE);
		CHECK_EQ(va_to_pa(&pgt, va + 0x1fffff), 0x805fffff);
		CHECK_EQ(va_to_pa(&pgt, va + PMD_SIZE + 0x12345), 0x80612345);
		CHECK_EQ(walk_addr(&pgt, va + PMD_SIZE + 0x12345, NULL), 0x80600000);
		CHECK_EQ(unmap_pages(&pgt, va, 2 * PMD_SIZE, false), 0);
		CHECK_EQ(pgt.nr_table_pages, 1);

		/* 1 GiB + 2 MiB + 4 KiB, all aligned: one leaf of each size. */
		va = VA_HI + 2 * PUD_SIZE;
		CHECK_EQ(map_pages(&pgt, va, PA_FAR, PUD_SIZE + PMD_SIZE + PAGE_SIZE,
				   PAGE_KERNEL), 0);
		s = snap(&pgt);
		CHECK_EQ(s.leaves[2], 1);
		CHECK_EQ(s.leaves[1], 1);
		CHECK_EQ(s.leaves[0], 1);
		CHECK_EQ(pgt.nr_table_pages, levels);
		CHECK_EQ(leaf_at(&pgt, va + PUD_SIZE - 1), PUD_SIZE);
		CHECK_EQ(va_to_pa(&pgt, va + 0x3ffff123), PA_FAR + 0x3ffff123);
		CHECK_EQ(leaf_at(&pgt, va + PUD_SIZE), PMD_SIZE);
		CHECK_EQ(leaf_at(&pgt, va + PUD_SIZE + PMD_SIZE), PAGE_SIZE);
		CHECK_EQ(va_to_pa(&pgt, va + PUD_SIZE + PMD_SIZE + 0xfff),
			 PA_FAR + PUD_SIZE + PMD_SIZE + 0xfff);
		CHECK_EQ(leaf_at(&pgt, va + PUD_SIZE + PMD_SIZE + PAGE_SIZE), 0);
		/* A 1 GiB leaf is returned by walk whatever the offset. */
		CHECK(walk(&pgt, va + 0x12345678, false) == walk(&pgt, va, true));
		CHECK_EQ(unmap_pages(&pgt, va, PUD_SIZE + PMD_SIZE + PAGE_SIZE, false), 0);
		CHECK_EQ(pgt.nr_table_pages, 1);

		/* va 2 MiB aligned, pa only 4 KiB: 512 small leaves. */
		va = VA_HI + 8 * PMD_SIZE;
		CHECK_EQ(map_pages(&pgt, va, 0x80201000, PMD_SIZE, PAGE_KERNEL_RO), 0);
		s = snap(&pgt);
		CHECK_EQ(s.leaves[0], 512);
		CHECK_EQ(s.leaves[1], 0);
		CHECK_EQ(va_to_pa(&pgt, va + PMD_SIZE - 1), 0x80201000 + PMD_SIZE - 1);
		CHECK_EQ(unmap_pages(&pgt, va, PMD_SIZE, false), 0);

		/* 8 KiB below a 2 MiB boundary: two 4 KiB leaves, then 2 MiB. */
		va = VA_HI + 10 * PMD_SIZE - 2 * PAGE_SIZE;
		CHECK_EQ(map_pages(&pgt, va, 0x80800000 - 2 * PAGE_SIZE,
				   PMD_SIZE + 2 * PAGE_SIZE, PAGE_KERNEL), 0);
		s = snap(&pgt);
		CHECK_EQ(s.leaves[0], 2);
		CHECK_EQ(s.leaves[1], 1);
		CHECK_EQ(leaf_at(&pgt, va + 2 * PAGE_SIZE), PMD_SIZE);
		CHECK_EQ(unmap_pages(&pgt, va, PMD_SIZE + 2 * PAGE_SIZE, false), 0);

		/* 1 GiB aligned but 4 KiB short of it: 511 x 2 MiB, 511 x 4 KiB. */
		va = VA_HI + PUD_SIZE;
		CHECK_EQ(map_pages(&pgt, va, PA_FAR, PUD_SIZE - PAGE_SIZE, PAGE_KERNEL), 0);
		s = snap(&pgt);
		CHECK_EQ(s.leaves[2], 0);
		CHECK_EQ(s.leaves[1], 511);
		CHECK_EQ(s.leaves[0], 511);
		CHECK_EQ(unmap_pages(&pgt, va, PUD_SIZE - PAGE_SIZE, false), 0);
		CHECK_EQ(pgt.nr_table_pages, 1);

		/* The lower half maps as well as the upper. */
		CHECK_EQ(map_pages(&pgt, PUD_SIZE, PA_FAR, PUD_SIZE, PAGE_KERNEL), 0);
		CHECK_EQ(leaf_at(&pgt, PUD_SIZE), PUD_SIZE);
		CHECK_EQ(unmap_pages(&pgt, PUD_SIZE, PUD_SIZE, false), 0);
		free_table(&pgt);
	}
	all_back();
}

/* The Linux-named helpers: Sv39 folds the pud into the pgd. */
static void alloc_helpers_fold_like_linux(void)
{
	unsigned int levels;

	boot(&one_node);
	for_each_mode(levels) {
		unsigned long va = VA_HI + 3 * PMD_SIZE;
		struct pgtable pgt;
		pte_t *pgd, *pud, *pmd, *pte;

		new_table(&pgt, levels);
		pgd = pgd_offset(&pgt, va);
		CHECK(pgd >= pgt.pgd && pgd < pgt.pgd + PTES_PER_TABLE);
		pud = pud_alloc(&pgt, pgd, va);
		if (levels == 3)
			CHECK(pud == pgd);
		CHECK_EQ(pgt.nr_table_pages, levels - 2);
		pmd = pmd_alloc(&pgt, pud, va);
		CHECK_EQ(pgt.nr_table_pages, levels - 1);
		pte = pte_alloc_map(&pgt, pmd, va);
		CHECK_EQ(pgt.nr_table_pages, levels);
		CHECK(pud && pmd && pte);
		if (!pte)
			continue;
		/* The slot exists but maps nothing. */
		CHECK(!walk(&pgt, va, false));
		CHECK(walk(&pgt, va, true) == pte);
		CHECK_EQ(pgt.nr_table_pages, levels);
		/* Again: no new table. */
		CHECK(pte_alloc_map(&pgt, pmd_alloc(&pgt, pud_alloc(&pgt, pgd, va), va), va) == pte);
		CHECK_EQ(pgt.nr_table_pages, levels);
		pte_unmap(pte);

		/*
		 * A 2 MiB range over the existing 4 KiB table: small leaves
		 * under it instead of a leaf over it.
		 */
		CHECK_EQ(map_pages(&pgt, va, 0x80200000, PMD_SIZE, PAGE_KERNEL), 0);
		CHECK_EQ(leaf_at(&pgt, va), PAGE_SIZE);
		CHECK_EQ(snap(&pgt).leaves[0], 512);
		CHECK_EQ(unmap_pages(&pgt, va, PMD_SIZE, false), 0);
		CHECK_EQ(pgt.nr_table_pages, 1);

		/* Nothing to go down into below a leaf. */
		CHECK_EQ(map_pages(&pgt, va, 0x80200000, PMD_SIZE, PAGE_KERNEL), 0);
		pud = pud_alloc(&pgt, pgd_offset(&pgt, va), va);
		pmd = pmd_alloc(&pgt, pud, va);
		CHECK(pmd && pte_leaf(*pmd));
		if (pmd)
			CHECK(!pte_alloc_map(&pgt, pmd, va));
		CHECK(walk(&pgt, va + PAGE_SIZE, true) == pmd);
		CHECK_EQ(pgt.nr_table_pages, levels - 1);

		/* walk(alloc) builds the path to a 4 KiB slot elsewhere. */
		pte = walk(&pgt, VA_HI + 5 * PUD_SIZE, true);
		CHECK(pte && !*pte);
		CHECK_EQ(pgt.nr_table_pages, levels - 1 + 2);	/* a pmd and a pte table */
		/* The canonical check of walk. */
		CHECK(!walk(&pgt, 1UL << 55, true));
		free_table(&pgt);
	}
	all_back();
}

/* ---------------------------------------------------------- protect --- */

static void protect_every_leaf_size(void)
{
	unsigned int levels;

	boot(&one_node);
	for_each_mode(levels) {
		unsigned long va = VA_HI + 2 * PUD_SIZE;
		unsigned long size = PUD_SIZE + PMD_SIZE + PAGE_SIZE;
		unsigned long before;
		struct pgtable pgt;
		struct snapshot s;

		new_table(&pgt, levels);
		CHECK_EQ(map_pages(&pgt, va, PA_FAR, size, PAGE_KERNEL), 0);
		before = flushes();
		CHECK_EQ(protect(&pgt, va, size, PAGE_KERNEL_RO), 0);
		CHECK_EQ(flushes(), before + 1);
		for (unsigned long off = 0; off < size; off += PMD_SIZE) {
			pte_t *pte = walk(&pgt, va + off, false);

			CHECK(pte);
			if (!pte)
				continue;
			CHECK_EQ(*pte & ~_PAGE_PFN_MASK, PAGE_KERNEL_RO);
			CHECK_EQ(va_to_pa(&pgt, va + off), PA_FAR + off);
		}
		/* Execute-only is a leaf too; user, not global; A always, D with W only. */
		CHECK_EQ(protect(&pgt, va + PUD_SIZE, PMD_SIZE, _PAGE_EXEC | _PAGE_USER), 0);
		CHECK_EQ(*walk(&pgt, va + PUD_SIZE, false) & ~_PAGE_PFN_MASK,
			 _PAGE_VALID | _PAGE_EXEC | _PAGE_USER | _PAGE_ACCESSED);
		CHECK_EQ(leaf_at(&pgt, va + PUD_SIZE), PMD_SIZE);

		/* Part of a large leaf, a hole, a bad prot: refused, unchanged. */
		s = snap(&pgt);
		log_buf_clear();
		CHECK_EQ(protect(&pgt, va + PMD_SIZE, PMD_SIZE, PAGE_KERNEL), -EINVAL);
		CHECK(log_contains("covers part of the 1 GiB leaf"));
		log_buf_clear();
		CHECK_EQ(protect(&pgt, va + PUD_SIZE, PAGE_SIZE, PAGE_KERNEL), -EINVAL);
		CHECK(log_contains("covers part of the 2 MiB leaf"));
		log_buf_clear();
		CHECK_EQ(protect(&pgt, va + PUD_SIZE + PMD_SIZE, 2 * PAGE_SIZE, PAGE_KERNEL),
			 -EINVAL);
		CHECK(log_contains("is not mapped"));
		log_buf_clear();
		CHECK_EQ(protect(&pgt, VA_HI, PAGE_SIZE, PAGE_KERNEL), -EINVAL);
		CHECK(log_contains("is not mapped"));
		log_buf_clear();
		CHECK_EQ(protect(&pgt, va, PAGE_SIZE, _PAGE_WRITE), -EINVAL);
		CHECK(log_contains("is not a leaf's"));
		CHECK(same(snap(&pgt), s));

		CHECK_EQ(unmap_pages(&pgt, va, size, false), 0);
		free_table(&pgt);
	}
	all_back();
}

/* ----------------------------------------------------------- refusals --- */

/* Runs @call, which must fail with @err and log @line, changing nothing. */
#define REFUSED(pgt, call, err, line)                                      \
	do {                                                               \
		struct snapshot _s = snap(pgt);                            \
		unsigned long _t = (pgt)->nr_table_pages;                  \
		log_buf_clear();                                           \
		CHECK_EQ(call, err);                                       \
		if (!log_contains(line)) {                                 \
			printf("# no log line \"%s\" after %s\n", line, #call); \
			ktap_case_failed = 1;                              \
		}                                                          \
		CHECK(same(snap(pgt), _s));                                \
		CHECK_EQ((pgt)->nr_table_pages, _t);                       \
	} while (0)

static void refusals_change_nothing(void)
{
	unsigned int levels;

	boot(&one_node);
	for_each_mode(levels) {
		unsigned long va = VA_HI + PUD_SIZE;
		struct pgtable pgt;

		new_table(&pgt, levels);
		/*
		 * A 2 MiB leaf, a 4 KiB page in the next 2 MiB and one just
		 * below, in another 1 GiB.
		 */
		CHECK_EQ(map_pages(&pgt, va, 0x80200000, PMD_SIZE, PAGE_KERNEL), 0);
		CHECK_EQ(map_pages(&pgt, va - PAGE_SIZE, 0x80002000, PAGE_SIZE, PAGE_KERNEL), 0);
		CHECK_EQ(map_pages(&pgt, va + PMD_SIZE + PAGE_SIZE, 0x80001000, PAGE_SIZE,
				   PAGE_KERNEL), 0);

		/* Mapping over what is mapped. */
		REFUSED(&pgt, map_pages(&pgt, va + PMD_SIZE + PAGE_SIZE, 0x80001000,
					PAGE_SIZE, PAGE_KERNEL), -EEXIST, "already mapped");
		REFUSED(&pgt, map_pages(&pgt, va + PMD_SIZE, 0x80400000, PMD_SIZE,
					PAGE_KERNEL), -EEXIST, "already mapped (4 KiB leaf");
		REFUSED(&pgt, map_pages(&pgt, va + 0x5000, 0x90000000, PAGE_SIZE,
					PAGE_KERNEL), -EEXIST, "already mapped (2 MiB leaf");
		/* ... even when only the last page collides. */
		REFUSED(&pgt, map_pages(&pgt, va - PMD_SIZE, 0x90000000, PMD_SIZE + PAGE_SIZE,
					PAGE_KERNEL), -EEXIST, "already mapped");

		/* Unaligned, empty, or past what the PTE can hold. */
		REFUSED(&pgt, map_pages(&pgt, va + 4 * PMD_SIZE + 0x800, 0x80000000,
					PAGE_SIZE, PAGE_KERNEL), -EINVAL, "not page aligned");
		REFUSED(&pgt, map_pages(&pgt, va + 4 * PMD_SIZE, 0x80000800, PAGE_SIZE,
					PAGE_KERNEL), -EINVAL, "not page aligned or beyond 56 bits");
		REFUSED(&pgt, map_pages(&pgt, va + 4 * PMD_SIZE, 0x80000000, 0x1800,
					PAGE_KERNEL), -EINVAL, "not page aligned");
		REFUSED(&pgt, map_pages(&pgt, va + 4 * PMD_SIZE, 0x80000000, 0, PAGE_KERNEL),
			-EINVAL, "zero size");
		REFUSED(&pgt, map_pages(&pgt, va + 4 * PMD_SIZE, 1UL << 56, PAGE_SIZE,
					PAGE_KERNEL), -EINVAL, "beyond 56 bits");
		REFUSED(&pgt, map_pages(&pgt, va + 4 * PMD_SIZE, (1UL << 56) - PAGE_SIZE,
					2 * PAGE_SIZE, PAGE_KERNEL), -EINVAL, "beyond 56 bits");

		/* Outside the canonical addresses of the mode. */
		if (levels == 3) {
			REFUSED(&pgt, map_pages(&pgt, VA_SV48_ONLY, 0x80000000, PAGE_SIZE,
						PAGE_KERNEL), -EINVAL, "not canonical for Sv39");
			/* From the top of the lower half into the hole. */
			REFUSED(&pgt, map_pages(&pgt, VA_SV48_ONLY - PAGE_SIZE, 0x80000000,
						2 * PAGE_SIZE, PAGE_KERNEL),
				-EINVAL, "not canonical for Sv39");
		} else {
			CHECK_EQ(map_pages(&pgt, VA_SV48_ONLY, 0x80000000, PAGE_SIZE,
					   PAGE_KERNEL), 0);
			CHECK_EQ(va_to_pa(&pgt, VA_SV48_ONLY + 8), 0x80000008);
			CHECK_EQ(unmap_pages(&pgt, VA_SV48_ONLY, PAGE_SIZE, false), 0);
		}
		REFUSED(&pgt, map_pages(&pgt, 1UL << 47, 0x80000000, PAGE_SIZE, PAGE_KERNEL),
			-EINVAL, "not canonical");
		REFUSED(&pgt, map_pages(&pgt, 0xffff000000000000UL, 0x80000000, PAGE_SIZE,
					PAGE_KERNEL), -EINVAL, "not canonical");
		/* Past the top of the address space, wrapping to 0. */
		REFUSED(&pgt, map_pages(&pgt, ~0UL - PAGE_SIZE + 1, 0x80000000,
					2 * PAGE_SIZE, PAGE_KERNEL), -EINVAL, "not canonical");

		/* Prot values that are no leaf's. */
		REFUSED(&pgt, map_pages(&pgt, va + 4 * PMD_SIZE, 0x80000000, PAGE_SIZE, 0),
			-EINVAL, "is not a leaf's");
		REFUSED(&pgt, map_pages(&pgt, va + 4 * PMD_SIZE, 0x80000000, PAGE_SIZE,
					_PAGE_WRITE | _PAGE_VALID), -EINVAL, "is not a leaf's");
		REFUSED(&pgt, map_pages(&pgt, va + 4 * PMD_SIZE, 0x80000000, PAGE_SIZE,
					PAGE_KERNEL | 1UL << 8), -EINVAL, "is not a leaf's");
		REFUSED(&pgt, map_pages(&pgt, va + 4 * PMD_SIZE, 0x80000000, PAGE_SIZE,
					PAGE_KERNEL | 0x1000), -EINVAL, "is not a leaf's");
		REFUSED(&pgt, map_pages(&pgt, va + 4 * PMD_SIZE, 0x80000000, PAGE_SIZE,
					PAGE_KERNEL | _PAGE_PBMT_MASK), -EINVAL, "is not a leaf's");

		/* Unmapping: part of a large leaf, bad ranges. */
		REFUSED(&pgt, unmap_pages(&pgt, va + PAGE_SIZE, PAGE_SIZE, false), -EINVAL,
			"covers part of the 2 MiB leaf at 0xffffffe040000000; leaves are not split");
		/* ... even when the range takes a whole page before it. */
		REFUSED(&pgt, unmap_pages(&pgt, va - PAGE_SIZE, 2 * PAGE_SIZE, false),
			-EINVAL, "leaves are not split");
		REFUSED(&pgt, unmap_pages(&pgt, va, 0, false), -EINVAL, "zero size");
		REFUSED(&pgt, unmap_pages(&pgt, va + 0x10, PAGE_SIZE, false), -EINVAL,
			"not page aligned");
		REFUSED(&pgt, unmap_pages(&pgt, 1UL << 47, PAGE_SIZE, false), -EINVAL,
			"not canonical");
		REFUSED(&pgt, protect(&pgt, va, 0, PAGE_KERNEL), -EINVAL, "zero size");

		CHECK_EQ(unmap_pages(&pgt, va - PAGE_SIZE, 2 * PMD_SIZE + PAGE_SIZE, false), 0);
		CHECK_EQ(pgt.nr_table_pages, 1);
		free_table(&pgt);
	}
	{
		struct pgtable pgt;

		log_buf_clear();
		CHECK_EQ(pgd_alloc(&pgt, 5), -EINVAL);
		CHECK(log_contains("only Sv39 (3) and Sv48 (4)"));
		CHECK(!pgt.pgd);
		CHECK_EQ(map_pages(&pgt, VA_HI, 0x80000000, PAGE_SIZE, PAGE_KERNEL), -EINVAL);
		CHECK(log_contains("no page table"));
		CHECK(!walk(&pgt, VA_HI, true));
		CHECK_EQ(va_to_pa(&pgt, VA_HI), 0);
		pgd_free(&pgt, false);	/* nothing to free: a no-op */
	}
	all_back();
}

/* ------------------------------------------------------------ Svpbmt --- */

static void svpbmt_types_only_with_svpbmt(void)
{
	const unsigned long io = pgprot_noncached(PAGE_KERNEL);
	const unsigned long nc = pgprot_writecombine(PAGE_KERNEL);
	unsigned int levels;

	boot(&one_node);
	for_each_mode(levels) {
		unsigned long va = VA_HI;
		struct pgtable pgt;

		new_table(&pgt, levels);
		CHECK_EQ(io & _PAGE_PBMT_MASK, 2UL << 61);
		CHECK_EQ(nc & _PAGE_PBMT_MASK, 1UL << 61);
		CHECK_EQ(pgprot_noncached(nc), io);

		/* Without Svpbmt the bits are reserved: never written. */
		has_svpbmt = false;
		CHECK_EQ(map_pages(&pgt, va, 0x10000000, PAGE_SIZE, io), 0);
		CHECK_EQ(map_pages(&pgt, va + PAGE_SIZE, 0x10001000, PAGE_SIZE, nc), 0);
		CHECK_EQ(*walk(&pgt, va, false) & _PAGE_PBMT_MASK, 0);
		CHECK_EQ(*walk(&pgt, va + PAGE_SIZE, false) & _PAGE_PBMT_MASK, 0);
		CHECK_EQ(*walk(&pgt, va, false) & ~_PAGE_PFN_MASK, PAGE_KERNEL);

		has_svpbmt = true;
		CHECK_EQ(map_pages(&pgt, va + PMD_SIZE, 0x10200000, PMD_SIZE, io), 0);
		CHECK_EQ(map_pages(&pgt, va + 2 * PMD_SIZE, 0x10400000, PAGE_SIZE, nc), 0);
		CHECK_EQ(*walk(&pgt, va + PMD_SIZE, false) & _PAGE_PBMT_MASK, _PAGE_PBMT_IO);
		CHECK_EQ(*walk(&pgt, va + 2 * PMD_SIZE, false) & _PAGE_PBMT_MASK,
			 _PAGE_PBMT_NC);
		CHECK_EQ(*walk(&pgt, va + PMD_SIZE, false) & ~_PAGE_PFN_MASK,
			 PAGE_KERNEL | _PAGE_PBMT_IO);
		/* protect() sets the type as well as the permissions. */
		CHECK_EQ(protect(&pgt, va, 2 * PAGE_SIZE, nc), 0);
		CHECK_EQ(*walk(&pgt, va, false) & _PAGE_PBMT_MASK, _PAGE_PBMT_NC);
		CHECK_EQ(protect(&pgt, va + PMD_SIZE, PMD_SIZE, PAGE_KERNEL), 0);
		CHECK_EQ(*walk(&pgt, va + PMD_SIZE, false) & _PAGE_PBMT_MASK, 0);
		CHECK_EQ(va_to_pa(&pgt, va + PMD_SIZE + 0x4321), 0x10204321);
		has_svpbmt = false;
		CHECK_EQ(protect(&pgt, va, 2 * PAGE_SIZE, io), 0);
		CHECK_EQ(*walk(&pgt, va, false) & _PAGE_PBMT_MASK, 0);

		CHECK_EQ(unmap_pages(&pgt, va, 3 * PMD_SIZE, false), 0);
		free_table(&pgt);
	}
	all_back();
}

/* --------------------------------------------------- memory runs out --- */

/*
 * With room for 0..3 new tables a mapping that needs 4 (in Sv48: pud,
 * pmd and two pte tables, for two pages on either side of a 2 MiB
 * boundary) fails with -ENOMEM and leaves table and memory as they were,
 * whichever table was the one missing; with 4 it works.
 */
static void rollback_when_tables_run_out(void)
{
	const unsigned long va = VA_HI + 7 * PMD_SIZE - PAGE_SIZE;
	struct held_pages held;
	unsigned int levels;

	held_pages_init(&held);
	boot(&one_node);
	/* Without the caches, "free" is exactly what the buddy can hand out. */
	pcp_set_enabled(false);
	for_each_mode(levels) {
		unsigned int needed = levels;	/* Sv39: pmd and two pte tables */
		struct pgtable pgt, other;
		struct snapshot s;

		new_table(&pgt, levels);
		/*
		 * Something mapped already, which the rollback must keep, in
		 * the other half: no table of it serves the new mapping.
		 */
		CHECK_EQ(map_pages(&pgt, PAGE_SIZE, 0x80000000, PAGE_SIZE, PAGE_KERNEL), 0);
		hold_all_pages(&held, GFP_KERNEL);
		CHECK(held.count > 1000);

		log_buf_clear();
		CHECK_EQ(pgd_alloc(&other, levels), -ENOMEM);
		CHECK(log_contains("no memory for the top table"));
		CHECK_EQ(other.nr_table_pages, 0);

		for (unsigned int room = 0; room < needed; room++) {
			unsigned long table_pages = pgt.nr_table_pages;

			release_held_pages(&held, room);
			s = snap(&pgt);
			log_buf_clear();
			CHECK_EQ(map_pages(&pgt, va, 0x90000000, 2 * PAGE_SIZE, PAGE_KERNEL),
				 -ENOMEM);
			CHECK(log_contains("no memory for a table"));
			CHECK(same(snap(&pgt), s));
			CHECK_EQ(pgt.nr_table_pages, table_pages);
			CHECK_EQ(va_to_pa(&pgt, va), 0);
			CHECK_EQ(va_to_pa(&pgt, PAGE_SIZE + 0x10), 0x80000010);
			/* Every table it took came back: all @room pages again. */
			hold_all_pages(&held, GFP_KERNEL);
			if (room)
				CHECK(log_contains("undone"));
		}
		release_held_pages(&held, needed);
		CHECK_EQ(map_pages(&pgt, va, 0x90000000, 2 * PAGE_SIZE, PAGE_KERNEL), 0);
		CHECK_EQ(pgt.nr_table_pages, levels + needed);
		CHECK_EQ(va_to_pa(&pgt, va + PAGE_SIZE), 0x90001000);
		release_held_pages(&held, held.count);
		free_table(&pgt);
	}
	all_back();
}

/* ---------------------------------------------------------- frames --- */

/*
 * unmap_pages and pgd_free with free_frames give back what was mapped:
 * order-0 pages (more of them than one release batch), an order-9 block
 * under a 2 MiB leaf; device addresses without a struct page are left
 * alone.
 */
static void free_frames_gives_pages_back(void)
{
	unsigned int levels;

	boot(&one_node);
	for_each_mode(levels) {
		for (int by_pgd_free = 0; by_pgd_free < 2; by_pgd_free++) {
			unsigned long before = free_and_cached_pages();
			unsigned long va = VA_HI + PMD_SIZE;
			struct page *block;
			struct pgtable pgt;

			new_table(&pgt, levels);
			for (unsigned long i = 0; i < 100; i++) {
				struct page *page = alloc_page(GFP_KERNEL);

				CHECK(page);
				if (page)
					CHECK_EQ(map_pages(&pgt, va + i * PAGE_SIZE,
							   page_to_phys(page), PAGE_SIZE,
							   PAGE_KERNEL), 0);
			}
			block = alloc_pages(GFP_KERNEL, 9);
			CHECK(block);
			if (block) {
				CHECK_EQ(map_pages(&pgt, va + 2 * PMD_SIZE, page_to_phys(block),
						   PMD_SIZE, PAGE_KERNEL), 0);
				CHECK_EQ(leaf_at(&pgt, va + 2 * PMD_SIZE), PMD_SIZE);
			}
			CHECK_EQ(map_pages(&pgt, va + 4 * PMD_SIZE, 0x10000000, PMD_SIZE,
					   pgprot_noncached(PAGE_KERNEL)), 0);
			CHECK_EQ(before - free_and_cached_pages(),
				 100 + 512 + pgt.nr_table_pages);
			if (by_pgd_free) {
				pgd_free(&pgt, true);
			} else {
				CHECK_EQ(unmap_pages(&pgt, va, 6 * PMD_SIZE, true), 0);
				CHECK_EQ(pgt.nr_table_pages, 1);
				free_table(&pgt);
			}
			CHECK_EQ(pgt.nr_table_pages, 0);
			CHECK_EQ(free_and_cached_pages(), before);
		}
	}
	all_back();
}

/* ------------------------------------------------------------- NUMA --- */

struct build_args {
	struct pgtable pgt;
	unsigned int levels;
	int err;
};

static void build_on_this_hart(void *arg)
{
	struct build_args *a = arg;

	a->err = pgd_alloc(&a->pgt, a->levels);
	if (!a->err)
		a->err = map_pages(&a->pgt, VA_HI, 0x80000000, PAGE_SIZE, PAGE_KERNEL);
	if (!a->err)
		a->err = map_pages(&a->pgt, 0, 0x80000000, PAGE_SIZE, PAGE_KERNEL);
}

/* Counts the table pages of @table and below that are on node @nid. */
static unsigned long tables_on_node(const pte_t *table, unsigned int level, int nid)
{
	unsigned long n = page_to_nid(virt_to_page(table)) == nid;

	for (unsigned int i = 0; level > 0 && i < PTES_PER_TABLE; i++)
		if (pte_present(table[i]) && !pte_leaf(table[i]))
			n += tables_on_node(phys_to_virt(pte_phys(table[i])), level - 1, nid);
	return n;
}

/* Every table page comes from the node of the hart that built it. */
static void tables_on_the_builders_node(void)
{
	unsigned int levels;

	boot(&two_nodes);
	for_each_mode(levels) {
		for (unsigned int cpu = 0; cpu < 2; cpu++) {
			struct build_args a = { .levels = levels };

			CHECK_EQ(smp_call_function_single(cpu, build_on_this_hart, &a, true), 0);
			CHECK_EQ(a.err, 0);
			/* The top table and a chain on each half. */
			CHECK_EQ(a.pgt.nr_table_pages, 1 + 2 * (levels - 1));
			CHECK_EQ(tables_on_node(a.pgt.pgd, levels - 1, cpu_to_node(cpu)),
				 a.pgt.nr_table_pages);
			free_table(&a.pgt);
		}
	}
	all_back();
}

int main(void)
{
	ktap_plan(9);
	RUN_FORKED(map_4k_walk_unmap);
	RUN_FORKED(leaf_sizes_follow_alignment);
	RUN_FORKED(alloc_helpers_fold_like_linux);
	RUN_FORKED(protect_every_leaf_size);
	RUN_FORKED(refusals_change_nothing);
	RUN_FORKED(svpbmt_types_only_with_svpbmt);
	RUN_FORKED(rollback_when_tables_run_out);
	RUN_FORKED(free_frames_gives_pages_back);
	RUN_FORKED(tables_on_the_builders_node);
	return ktap_done();
}
