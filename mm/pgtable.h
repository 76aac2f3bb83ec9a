/* SPDX-License-Identifier: MIT */
/*
 * mm/pgtable.h - building, walking and tearing down Sv39/Sv48 page tables.
 *
 * One level-agnostic walker serves both modes; the Linux names (pgd, pud,
 * pmd, pte) name the levels by the size one entry covers, whatever the
 * mode: a *pte* entry maps 4 KiB (level 0), a *pmd* entry 2 MiB (level 1),
 * a *pud* entry 1 GiB (level 2), and the *pgd* is the top table (level 2
 * in Sv39, where pud and pgd are the same table, as Linux folds them;
 * level 3 in Sv48). mm/pgtable.c has the picture; docs/vm.md the rules.
 *
 * A struct pgtable is used by one builder at a time: the functions take
 * no lock, as a table under construction (or the kernel's, changed under
 * the caller's own lock) needs none.
 */
#ifndef TERN_MM_PGTABLE_H
#define TERN_MM_PGTABLE_H

#include "kernel/types.h"
#include "mm/gfp.h"
#include <asm/page.h>
#include <asm/pgtable-bits.h>

typedef unsigned long pte_t;

#define PTE_LEVEL 0	/* entries map 4 KiB */
#define PMD_LEVEL 1	/* 2 MiB */
#define PUD_LEVEL 2	/* 1 GiB: the largest leaf map_pages() makes */

/**
 * struct pgtable - a page table and what it owns.
 * @pgd: the top-level table (a linear-map address).
 * @levels: 3 for Sv39, 4 for Sv48.
 * @nr_table_pages: table pages allocated through this descriptor and not
 *	yet freed, the top one included: 0 again after pgd_free().
 * @table_gfp: how table pages are allocated; 0 means GFP_KERNEL. A table
 *	walked under a spinlock needs one without reclaim (no
 *	__GFP_DIRECT_RECLAIM or __GFP_KSWAPD_RECLAIM): reclaim drains every
 *	hart by a waiting cross-hart call, which a hart spinning on that
 *	lock never answers.
 */
struct pgtable {
	pte_t *pgd;
	unsigned int levels;
	unsigned long nr_table_pages;
	gfp_t table_gfp;
};

/* Table pages of every struct pgtable together (meminfo's PageTables). */
extern unsigned long nr_pagetable_pages;

static inline bool pte_present(pte_t pte)
{
	return pte & _PAGE_VALID;
}

/* A valid entry with any of R/W/X maps memory; without, it points to a table. */
static inline bool pte_leaf(pte_t pte)
{
	return (pte & _PAGE_VALID) && (pte & _PAGE_LEAF);
}

static inline unsigned long pte_pfn(pte_t pte)
{
	return (pte & _PAGE_PFN_MASK) >> _PAGE_PFN_SHIFT;
}

/* Returns the physical address the entry points to (a frame or a table). */
static inline phys_addr_t pte_phys(pte_t pte)
{
	return (phys_addr_t)pte_pfn(pte) << PAGE_SHIFT;
}

/* Returns the bytes one entry of @level covers: 4 KiB << 9 * @level. */
static inline unsigned long level_size(unsigned int level)
{
	return PAGE_SIZE << (9 * level);
}

/*
 * Memory types for a prot value (Svpbmt). map_pages() drops them on harts
 * without Svpbmt, where the platform's PMAs alone decide, as Linux does.
 */
#define pgprot_noncached(prot) (((prot) & ~_PAGE_PBMT_MASK) | _PAGE_PBMT_IO)
#define pgprot_writecombine(prot) (((prot) & ~_PAGE_PBMT_MASK) | _PAGE_PBMT_NC)

/**
 * pgd_alloc() - a new, empty page table.
 * @pgt: the descriptor to fill.
 * @levels: 3 (Sv39) or 4 (Sv48).
 *
 * The top table comes from the calling hart's node, as every table page
 * does.
 * Return: 0, -EINVAL for another level count, -ENOMEM.
 */
int pgd_alloc(struct pgtable *pgt, unsigned int levels);

/**
 * pgd_free() - free a whole page table: every table page of every level.
 * @pgt: a table no hart runs on; its descriptor is zeroed.
 * @free_frames: also drop one reference (put_page()) to the first page of
 *	each leaf's frame, if it has a struct page (see unmap_pages()).
 */
void pgd_free(struct pgtable *pgt, bool free_frames);

/**
 * free_pagetable() - pgd_free() that leaves the mapped frames alone.
 * @pgt: a table no hart runs on.
 */
static inline void free_pagetable(struct pgtable *pgt)
{
	pgd_free(pgt, false);
}

/**
 * pgd_offset() - the top-level entry for @va.
 * Return: a pointer into @pgt->pgd.
 */
pte_t *pgd_offset(struct pgtable *pgt, unsigned long va);

/**
 * pud_alloc() - the 1 GiB entry for @va, allocating its table if missing.
 * @pgd: pgd_offset(@pgt, @va).
 *
 * In Sv39 the pud level is the pgd (folded, as in Linux): @pgd itself.
 * Return: the entry, or NULL if @pgd is a leaf or memory is short.
 */
pte_t *pud_alloc(struct pgtable *pgt, pte_t *pgd, unsigned long va);

/**
 * pmd_alloc() - the 2 MiB entry for @va, allocating its table if missing.
 * @pud: pud_alloc()'s entry for @va.
 * Return: the entry, or NULL if @pud is a leaf or memory is short.
 */
pte_t *pmd_alloc(struct pgtable *pgt, pte_t *pud, unsigned long va);

/**
 * pte_alloc_map() - the 4 KiB entry for @va, allocating its table if missing.
 * @pmd: pmd_alloc()'s entry for @va.
 *
 * rv64 has no high memory, so "map" is only Linux's name: the pointer is
 * valid until the table is freed, and pte_unmap() does nothing.
 * Return: the entry, or NULL if @pmd is a leaf or memory is short.
 */
pte_t *pte_alloc_map(struct pgtable *pgt, pte_t *pmd, unsigned long va);
#define pte_unmap(pte) ((void)(pte))

/**
 * walk() - the entry that maps @va.
 * @alloc: create the missing tables down to the 4 KiB level.
 *
 * Return: the leaf entry mapping @va, whatever its size; else, with
 * @alloc, the (invalid) 4 KiB entry for it; NULL if nothing maps @va and
 * !@alloc, if @va is not canonical, or if a table could not be allocated.
 */
pte_t *walk(struct pgtable *pgt, unsigned long va, bool alloc);

/**
 * walk_addr() - the frame that maps @va.
 * @leaf_size: if not NULL, receives the size of the leaf (4 KiB, 64 KiB
 *	for a Svnapot range, 2 MiB or 1 GiB) when @va is mapped.
 * Return: the physical address of the leaf's first byte, or 0 if @va is
 * not mapped.
 */
phys_addr_t walk_addr(struct pgtable *pgt, unsigned long va,
		      unsigned long *leaf_size);

/**
 * va_to_pa() - translate @va as a hart would.
 * Return: the physical address of the byte at @va, or 0 if it is not mapped.
 */
phys_addr_t va_to_pa(struct pgtable *pgt, unsigned long va);

/**
 * map_pages() - map [@pa, @pa + @size) at @va.
 * @prot: PTE permission bits (_PAGE_READ, _PAGE_WRITE, _PAGE_EXEC,
 *	_PAGE_USER, _PAGE_GLOBAL; PAGE_KERNEL and friends) and a Svpbmt
 *	memory type (pgprot_noncached(), pgprot_writecombine()).
 *
 * Uses a 1 GiB or 2 MiB leaf wherever @va, @pa and the size left allow,
 * 4 KiB ones elsewhere. Nothing already mapped is ever replaced.
 * Return: 0; -EINVAL (with a log line) for a zero size, an address or size
 * not 4 KiB aligned, a range outside the canonical addresses of the
 * table's mode or past the 56-bit physical space, or @prot with no
 * permission, W without R, or bits that are not permissions; -EEXIST
 * (logged) if any page of the range is mapped; -ENOMEM (logged) when a
 * table page cannot be allocated, after undoing what it mapped.
 */
int map_pages(struct pgtable *pgt, unsigned long va, phys_addr_t pa,
	      unsigned long size, unsigned long prot);

/**
 * map_napot_pages() - map the 64 KiB at @pa at @va as one Svnapot leaf:
 * 16 4 KiB entries marked _PAGE_NAPOT that a hart may cache as one.
 * @prot: as map_pages().
 *
 * unmap_pages() and protect() take such a range only whole; walk_addr()
 * reports it as one 64 KiB leaf.
 * Return: 0; -EINVAL (logged) without Svnapot on every hart, for @va or
 * @pa not 64 KiB aligned, or what map_pages() refuses; -EEXIST, -ENOMEM
 * as map_pages().
 */
int map_napot_pages(struct pgtable *pgt, unsigned long va, phys_addr_t pa,
		    unsigned long prot);

/**
 * unmap_pages() - remove the mappings of [@va, @va + @size).
 * @free_frames: drop one reference (put_page()) to the first page of each
 *	removed leaf's frame, if it has a struct page: a 4 KiB leaf gives
 *	back the page it maps, a 2 MiB leaf the order-9 block it maps.
 *
 * Pages of the range that are not mapped are skipped. Tables left empty
 * are freed (the top one stays), and the range is flushed from the TLB
 * before any frame is freed.
 * Return: 0; -EINVAL (logged, nothing changed) for bad arguments as for
 * map_pages(), or if the range covers only part of a 2 MiB or 1 GiB leaf
 * (tern does not split leaves).
 */
int unmap_pages(struct pgtable *pgt, unsigned long va, unsigned long size,
		bool free_frames);

/**
 * protect() - give every leaf of [@va, @va + @size) the permissions and
 * memory type of @prot, keeping its frame.
 * Return: 0; -EINVAL (logged, nothing changed) for bad arguments as for
 * map_pages(), if a page of the range is not mapped, or if the range
 * covers only part of a large leaf.
 */
int protect(struct pgtable *pgt, unsigned long va, unsigned long size,
	    unsigned long prot);

#endif
