// SPDX-License-Identifier: MIT
/*
 * DOC: page tables - building, walking and tearing down Sv39/Sv48 tables
 *
 * Terminology (Linux's, level-agnostic): a *table* is one 4 KiB page of
 * 512 entries; an *entry* (pte_t) either points to the table below (V set,
 * R/W/X clear) or is a *leaf* that maps a frame (any of R/W/X set). Levels
 * are numbered from the bottom, so a level means the same size in both
 * modes: level 0 entries (*pte*) map 4 KiB, level 1 (*pmd*) 2 MiB, level 2
 * (*pud*) 1 GiB, level 3 (Sv48's *pgd*) 512 GiB. The *pgd* is the top
 * table: level 2 in Sv39, where it is also the pud table (Linux "folds"
 * the levels a mode lacks), level 3 in Sv48.
 *
 *   Sv39: 3 levels, 39-bit VA, bits 63..39 copy bit 38
 *
 *    63       39 38     30 29     21 20     12 11          0
 *   +-----------+---------+---------+---------+-------------+
 *   | sign ext. | L2 index| L1 index| L0 index| page offset |
 *   +-----------+---------+---------+---------+-------------+
 *                pgd = pud   pmd       pte
 *                 1 GiB     2 MiB     4 KiB   a leaf there maps
 *
 *   Sv48: 4 levels, 48-bit VA, bits 63..48 copy bit 47
 *
 *    63     48 47     39 38     30 29     21 20     12 11          0
 *   +---------+---------+---------+---------+---------+-------------+
 *   |sign ext.| L3 index| L2 index| L1 index| L0 index| page offset |
 *   +---------+---------+---------+---------+---------+-------------+
 *                pgd       pud       pmd       pte
 *              (512 GiB)  1 GiB     2 MiB     4 KiB
 *
 *   An entry:
 *    63  62 61  60   54 53          10 9  8 7 6 5 4 3 2 1 0
 *   +---+-----+--------+--------------+----+-+-+-+-+-+-+-+-+
 *   | N | PBMT|reserved|  PPN (44 b)  |RSW |D|A|G|U|X|W|R|V|
 *   +---+-----+--------+--------------+----+-+-+-+-+-+-+-+-+
 *
 * map_pages() never makes 512 GiB leaves (nothing needs them) and never
 * replaces an entry: what a caller maps twice is a bug to report, not to
 * paper over. Every range operation checks all of its arguments, and
 * unmap_pages() and protect() the whole range, before changing anything,
 * so a refusal leaves the table exactly as it was; map_pages() can only
 * fail half way for want of memory, and then unmaps what it mapped.
 *
 * Table pages come from the node of the hart that builds the table (the
 * hart that will mostly walk it), and are freed once empty: the count in
 * struct pgtable then shows a leak as a number. Changes follow the TLB
 * rules of asm/tlbflush.h: each is flushed on every hart before what the
 * old entry pointed to (a frame, or a table) may be reused.
 */
#define pr_fmt(fmt) "pgtable: " fmt

#include <asm/page.h>
#include <asm/pgtable-bits.h>
#include <asm/tlbflush.h>
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "lib/list.h"
#include "mm/gfp.h"
#include "mm/numa.h"
#include "mm/page.h"
#include "mm/pgtable.h"

unsigned long nr_pagetable_pages;

/* Bits a caller's prot may carry: permissions, A/D and a memory type. */
#define PROT_BITS                                                          \
	(_PAGE_VALID | _PAGE_READ | _PAGE_WRITE | _PAGE_EXEC | _PAGE_USER | \
	 _PAGE_GLOBAL | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_PBMT_MASK)

/* Frames unmap_pages() holds back until a flush; then it flushes early. */
#define RELEASE_BATCH 64

static inline unsigned int pt_index(unsigned long va, unsigned int level)
{
	return (va >> (PAGE_SHIFT + 9 * level)) & (PTES_PER_TABLE - 1);
}

static inline unsigned int top_level(const struct pgtable *pgt)
{
	return pgt->levels - 1;
}

/* Returns the table an entry points to. */
static inline pte_t *table_of(pte_t entry)
{
	return phys_to_virt(pte_phys(entry));
}

static inline pte_t phys_pte(phys_addr_t pa, unsigned long bits)
{
	return (pa >> PAGE_SHIFT) << _PAGE_PFN_SHIFT | bits;
}

/* Returns the bytes the leaf @entry at @level maps: a Svnapot range counts whole. */
static unsigned long leaf_span(pte_t entry, unsigned int level)
{
	return level == PTE_LEVEL && (entry & _PAGE_NAPOT) ? PAGE_SIZE << NAPOT_CONT64KB_ORDER
							   : level_size(level);
}

/* Returns the frame a leaf maps at @va (each of a Svnapot range's 16 its own). */
static unsigned long leaf_pfn(pte_t entry, unsigned long va)
{
	unsigned long pfn = pte_pfn(entry);

	if (!(entry & _PAGE_NAPOT))
		return pfn;
	return (pfn & ~((1UL << NAPOT_CONT64KB_ORDER) - 1)) +
	       ((va >> PAGE_SHIFT) & ((1UL << NAPOT_CONT64KB_ORDER) - 1));
}

static const char *size_name(unsigned int level)
{
	static const char *const names[] = { "4 KiB", "2 MiB", "1 GiB", "512 GiB" };

	return names[level];
}

/* Returns a zeroed table page from this hart's node, or NULL. */
static pte_t *table_alloc(struct pgtable *pgt)
{
	struct page *page = alloc_pages_node(numa_node_id(),
					     (pgt->table_gfp ?: GFP_KERNEL) | __GFP_ZERO, 0);

	if (!page)
		return NULL;
	pgt->nr_table_pages++;
	__atomic_fetch_add(&nr_pagetable_pages, 1, __ATOMIC_RELAXED);
	return page_address(page);
}

static void table_free(struct pgtable *pgt, pte_t *table)
{
	__free_page(virt_to_page(table));
	pgt->nr_table_pages--;
	__atomic_fetch_sub(&nr_pagetable_pages, 1, __ATOMIC_RELAXED);
}

static bool table_empty(const pte_t *table)
{
	for (unsigned int i = 0; i < PTES_PER_TABLE; i++)
		if (pte_present(table[i]))
			return false;
	return true;
}

/* Returns true if the mode translates @va: the bits above it copy its top. */
static bool va_canonical(const struct pgtable *pgt, unsigned long va)
{
	unsigned int unused = 64 - (PAGE_SHIFT + 9 * pgt->levels);

	return (unsigned long)((long)(va << unused) >> unused) == va;
}

/*
 * Checks what every range operation takes; logs and returns -EINVAL if
 * something is wrong. The range must lie in one half of the address
 * space: the non-canonical hole between the halves is no address at all.
 */
static int check_range(const struct pgtable *pgt, const char *op,
		       unsigned long va, unsigned long size)
{
	unsigned long last = va + size - 1;

	if (!pgt->pgd || (pgt->levels != 3 && pgt->levels != 4)) {
		pr_err("%s: no page table (levels %u)\n", op, pgt->levels);
		return -EINVAL;
	}
	if (!size) {
		pr_err("%s at %#lx: zero size\n", op, va);
		return -EINVAL;
	}
	if (!IS_ALIGNED(va | size, PAGE_SIZE)) {
		pr_err("%s at %#lx size %#lx: not page aligned\n", op, va, size);
		return -EINVAL;
	}
	if (last < va || !va_canonical(pgt, va) || !va_canonical(pgt, last) ||
	    (long)(va ^ last) < 0) {
		pr_err("%s [%#lx-%#lx]: not canonical for Sv%u\n", op, va, last,
		       PAGE_SHIFT + 9 * pgt->levels);
		return -EINVAL;
	}
	return 0;
}

/*
 * Turns a caller's prot into the bits of a leaf, or logs and returns 0 if
 * it cannot be one. A and D are set up front: harts may raise a page
 * fault instead of setting them (Svade), and nothing in tern handles that
 * fault. Without Svpbmt the memory type is dropped, as writing it there
 * is reserved; the PMAs then decide, as Linux's pgprot_noncached() does.
 */
static pte_t leaf_bits(const char *op, unsigned long va, unsigned long prot)
{
	if ((prot & ~PROT_BITS) || !(prot & (_PAGE_READ | _PAGE_EXEC)) ||
	    (prot & (_PAGE_READ | _PAGE_WRITE)) == _PAGE_WRITE ||
	    (prot & _PAGE_PBMT_MASK) == _PAGE_PBMT_MASK) {
		pr_err("%s at %#lx: prot %#lx is not a leaf's (needs R or X, W only with R, no other bits)\n",
		       op, va, prot);
		return 0;
	}
	prot |= _PAGE_VALID | _PAGE_ACCESSED;
	if (prot & _PAGE_WRITE)
		prot |= _PAGE_DIRTY;
	if (!has_svpbmt)
		prot &= ~_PAGE_PBMT_MASK;
	return prot;
}

/*
 * Flushes [@first, @last] from every hart's TLB. A freed or new table
 * changes non-leaf entries, which a flush by address does not reach
 * (privileged spec, SFENCE.VMA): then everything goes.
 */
static void flush_range(unsigned long first, unsigned long last, bool tables_changed)
{
	if (tables_changed || last == ~0UL)
		flush_tlb_all();
	else
		flush_tlb_kernel_range(first, last + 1);
}

/*
 * Returns the entry for @va in the table below @entry (an entry of
 * @level >= 1), allocating that table if @entry is empty and @alloc;
 * NULL if @entry is a leaf, or empty and !@alloc, or memory is short.
 */
static pte_t *descend(struct pgtable *pgt, pte_t *entry, unsigned int level,
		      unsigned long va, bool alloc)
{
	pte_t *table;

	if (pte_leaf(*entry))
		return NULL;
	if (pte_present(*entry)) {
		table = table_of(*entry);
	} else {
		if (!alloc || !(table = table_alloc(pgt)))
			return NULL;
		/*
		 * A release store, as Linux's pmd_install() puts smp_wmb()
		 * first: a hart that walks to the new table finds it zeroed.
		 */
		__atomic_store_n(entry, phys_pte(virt_to_phys(table), _PAGE_VALID),
				 __ATOMIC_RELEASE);
	}
	return &table[pt_index(va, level - 1)];
}

pte_t *pgd_offset(struct pgtable *pgt, unsigned long va)
{
	return &pgt->pgd[pt_index(va, top_level(pgt))];
}

pte_t *pud_alloc(struct pgtable *pgt, pte_t *pgd, unsigned long va)
{
	if (top_level(pgt) == PUD_LEVEL)
		return pgd;
	return descend(pgt, pgd, PUD_LEVEL + 1, va, true);
}

pte_t *pmd_alloc(struct pgtable *pgt, pte_t *pud, unsigned long va)
{
	return descend(pgt, pud, PUD_LEVEL, va, true);
}

pte_t *pte_alloc_map(struct pgtable *pgt, pte_t *pmd, unsigned long va)
{
	return descend(pgt, pmd, PMD_LEVEL, va, true);
}

/*
 * Walks from the top towards level 0 and stops at the first leaf; returns
 * the entry it stopped at (its level in *@level), or NULL where a table
 * is missing and !@alloc, or cannot be allocated.
 */
static pte_t *walk_level(struct pgtable *pgt, unsigned long va, bool alloc,
			 unsigned int *level)
{
	unsigned int l = top_level(pgt);
	pte_t *entry = pgd_offset(pgt, va);

	for (; l > PTE_LEVEL && !pte_leaf(*entry); l--) {
		entry = descend(pgt, entry, l, va, alloc);
		if (!entry)
			return NULL;
	}
	*level = l;
	return entry;
}

pte_t *walk(struct pgtable *pgt, unsigned long va, bool alloc)
{
	unsigned int level;
	pte_t *entry;

	if (!pgt->pgd || !va_canonical(pgt, va))
		return NULL;
	entry = walk_level(pgt, va, alloc, &level);
	if (entry && !alloc && !pte_leaf(*entry))
		return NULL;
	return entry;
}

phys_addr_t walk_addr(struct pgtable *pgt, unsigned long va,
		      unsigned long *leaf_size)
{
	unsigned int level;
	pte_t *entry;

	if (!pgt->pgd || !va_canonical(pgt, va))
		return 0;
	entry = walk_level(pgt, va, false, &level);
	if (!entry || !pte_leaf(*entry))
		return 0;
	if (leaf_size)
		*leaf_size = leaf_span(*entry, level);
	return (phys_addr_t)leaf_pfn(*entry, va & ~(leaf_span(*entry, level) - 1)) << PAGE_SHIFT;
}

phys_addr_t va_to_pa(struct pgtable *pgt, unsigned long va)
{
	unsigned long leaf_size;
	phys_addr_t pa = walk_addr(pgt, va, &leaf_size);

	return pa ? pa + (va & (leaf_size - 1)) : 0;
}

/* ------------------------------------------------------ range walker --- */

/*
 * What unmap_pages() frees once the TLB no longer holds what pointed to
 * it: emptied tables, chained through their struct page (the table is
 * ours), and the frames of removed leaves, a batch at a time.
 */
struct release {
	struct list_head tables;
	unsigned long frames[RELEASE_BATCH];	/* pfns */
	unsigned int nr_frames;
	bool free_frames;
	unsigned long first, last;	/* cleared since the last flush */
};

struct range_walk {
	struct pgtable *pgt;
	const char *op;
	unsigned long first, last;	/* the whole request, for messages */
	/*
	 * Called for each leaf and each empty entry (a hole) in the range,
	 * with the part [@va, @last] of its span the range covers. Returns 0
	 * to go on, or an error that ends the walk.
	 */
	int (*visit)(struct range_walk *w, pte_t *entry, unsigned int level,
		     unsigned long va, unsigned long last);
	pte_t bits;			/* protect(): the new leaf bits */
	struct release *release;	/* clearing: free emptied tables */
};

static void release_init(struct release *r, bool free_frames)
{
	INIT_LIST_HEAD(&r->tables);
	r->nr_frames = 0;
	r->free_frames = free_frames;
	r->first = ~0UL;
	r->last = 0;
}

/* Flushes what was cleared, then frees what it mapped. */
static void release_flush(struct pgtable *pgt, struct release *r)
{
	struct page *page, *next;

	if (r->first > r->last)
		return;
	flush_range(r->first, r->last, !list_empty(&r->tables));
	list_for_each_entry_safe(page, next, &r->tables, lru) {
		list_del(&page->lru);
		table_free(pgt, page_address(page));
	}
	for (unsigned int i = 0; i < r->nr_frames; i++)
		put_page(pfn_to_page(r->frames[i]));
	release_init(r, r->free_frames);
}

static void release_note(struct release *r, unsigned long va, unsigned long last)
{
	r->first = min(r->first, va);
	r->last = max(r->last, last);
}

/*
 * Visits the entries of @table (at @level) that cover [@va, @last]: calls
 * w->visit on leaves and holes, goes down into tables. When clearing, a
 * table left empty is unhooked and queued for freeing.
 */
static int walk_range(struct range_walk *w, pte_t *table, unsigned int level,
		      unsigned long va, unsigned long last)
{
	unsigned long size = level_size(level);

	for (;;) {
		unsigned long piece_last = min(ALIGN_DOWN(va, size) + size - 1, last);
		pte_t *entry = &table[pt_index(va, level)];
		int err;

		if (level > PTE_LEVEL && pte_present(*entry) && !pte_leaf(*entry)) {
			pte_t *below = table_of(*entry);

			err = walk_range(w, below, level - 1, va, piece_last);
			if (!err && w->release && table_empty(below)) {
				WRITE_ONCE(*entry, 0);
				list_add(&virt_to_page(below)->lru, &w->release->tables);
				release_note(w->release, va, piece_last);
			}
		} else {
			err = w->visit(w, entry, level, va, piece_last);
		}
		if (err)
			return err;
		if (piece_last == last)
			return 0;
		va = piece_last + 1;
	}
}

static int run_walk(struct range_walk *w)
{
	return walk_range(w, w->pgt->pgd, top_level(w->pgt), w->first, w->last);
}

/* Refuses a leaf the range covers only in part. */
static int refuse_partial_leaf(struct range_walk *w, pte_t *entry,
			       unsigned int level, unsigned long va,
			       unsigned long last)
{
	unsigned long size = leaf_span(*entry, level);
	unsigned long start = ALIGN_DOWN(va, size);

	if (!pte_leaf(*entry))
		return 0;
	/* A Svnapot range is 16 entries: the request must hold all of them. */
	if (size > level_size(level) ? w->first <= start && w->last >= start + size - 1
				     : IS_ALIGNED(va, size) && last - va == size - 1)
		return 0;
	pr_err("%s [%#lx-%#lx]: covers part of the %s leaf at %#lx; leaves are not split\n",
	       w->op, w->first, w->last, size > level_size(level) ? "64 KiB" : size_name(level),
	       start);
	return -EINVAL;
}

static int refuse_mapped(struct range_walk *w, pte_t *entry, unsigned int level,
			 unsigned long va, unsigned long last)
{
	if (!pte_leaf(*entry))
		return 0;
	pr_err("%s [%#lx-%#lx]: %#lx is already mapped (%s leaf to %#llx)\n",
	       w->op, w->first, w->last, va, size_name(level),
	       (unsigned long long)pte_phys(*entry));
	return -EEXIST;
}

static int refuse_hole_or_partial(struct range_walk *w, pte_t *entry,
				  unsigned int level, unsigned long va,
				  unsigned long last)
{
	if (!pte_leaf(*entry)) {
		pr_err("%s [%#lx-%#lx]: %#lx is not mapped\n", w->op, w->first,
		       w->last, va);
		return -EINVAL;
	}
	return refuse_partial_leaf(w, entry, level, va, last);
}

static int clear_leaf(struct range_walk *w, pte_t *entry, unsigned int level,
		      unsigned long va, unsigned long last)
{
	struct release *r = w->release;
	unsigned long pfn = leaf_pfn(*entry, va);
	/* Frames without a struct page (MMIO) were never the allocator's. */
	bool frame = r->free_frames && pfn_valid(pfn);

	if (!pte_leaf(*entry))
		return 0;
	if (frame && r->nr_frames == RELEASE_BATCH)
		release_flush(w->pgt, r);
	WRITE_ONCE(*entry, 0);
	release_note(r, va, last);
	if (frame)
		r->frames[r->nr_frames++] = pfn;
	return 0;
}

static int set_leaf_bits(struct range_walk *w, pte_t *entry, unsigned int level,
			 unsigned long va, unsigned long last)
{
	WRITE_ONCE(*entry, (*entry & (_PAGE_PFN_MASK | _PAGE_NAPOT)) | w->bits);
	return 0;
}

/*
 * Clears every leaf in [@first, @last], frees the tables that leaves
 * empty, flushes, and frees the frames if asked. Cannot fail.
 */
static void clear_range(struct pgtable *pgt, unsigned long first,
			unsigned long last, bool free_frames)
{
	struct release release;
	struct range_walk w = {
		.pgt = pgt, .op = "unmap", .first = first, .last = last,
		.visit = clear_leaf, .release = &release,
	};

	release_init(&release, free_frames);
	run_walk(&w);
	release_flush(pgt, &release);
}

/* ------------------------------------------------------------ the API --- */

int pgd_alloc(struct pgtable *pgt, unsigned int levels)
{
	pgt->nr_table_pages = 0;
	pgt->table_gfp = 0;
	pgt->levels = levels;
	pgt->pgd = NULL;
	if (levels != 3 && levels != 4) {
		pr_err("pgd_alloc: %u levels: only Sv39 (3) and Sv48 (4)\n", levels);
		return -EINVAL;
	}
	pgt->pgd = table_alloc(pgt);
	if (!pgt->pgd) {
		pr_err("pgd_alloc: no memory for the top table\n");
		return -ENOMEM;
	}
	return 0;
}

void pgd_free(struct pgtable *pgt, bool free_frames)
{
	unsigned int unused;

	if (!pgt->pgd)
		return;
	/* The two canonical halves: everything a table can map. */
	unused = 64 - (PAGE_SHIFT + 9 * pgt->levels);
	clear_range(pgt, 0, ~0UL >> (unused + 1), free_frames);
	clear_range(pgt, ~0UL << (63 - unused), ~0UL, free_frames);
	table_free(pgt, pgt->pgd);
	pgt->pgd = NULL;
	pgt->levels = 0;
}

/*
 * Returns the level of the largest leaf (at most 1 GiB) that @va and @pa
 * are aligned to and @size holds.
 */
static unsigned int leaf_level(unsigned long va, phys_addr_t pa, unsigned long size)
{
	unsigned int level = PUD_LEVEL;

	while (level > PTE_LEVEL &&
	       (!IS_ALIGNED(va | pa, level_size(level)) || size < level_size(level)))
		level--;
	return level;
}

/*
 * Installs one leaf for @va at @level, or smaller if a table already sits
 * there (a table an earlier caller made with pmd_alloc() and the like).
 * Returns the level used, -EEXIST or -ENOMEM; *@new_table tells whether a
 * table was added.
 */
static int map_leaf(struct pgtable *pgt, unsigned long va, phys_addr_t pa,
		    unsigned int level, pte_t bits, bool *new_table)
{
	unsigned int l = top_level(pgt);
	pte_t *entry = pgd_offset(pgt, va);

	while (l > level || (l > PTE_LEVEL && pte_present(*entry) && !pte_leaf(*entry))) {
		if (pte_leaf(*entry))
			return -EEXIST;
		*new_table |= !pte_present(*entry);
		entry = descend(pgt, entry, l, va, true);
		if (!entry)
			return -ENOMEM;
		l--;
	}
	if (pte_present(*entry))
		return -EEXIST;
	WRITE_ONCE(*entry, phys_pte(pa, bits));
	return l;
}

/*
 * The checks both map calls share: sets *@bits to the leaf bits of @prot
 * and looks at [@va, @va + @size) before anything is mapped, as a refusal
 * must change nothing. Returns 0, -EINVAL for a bad @prot or -EEXIST
 * (both logged).
 */
static int map_bits_if_free(struct pgtable *pgt, unsigned long va, unsigned long size,
			    unsigned long prot, pte_t *bits)
{
	struct range_walk w = {
		.pgt = pgt, .op = "map", .first = va, .last = va + size - 1,
		.visit = refuse_mapped,
	};

	*bits = leaf_bits("map", va, prot);
	if (!*bits)
		return -EINVAL;
	return run_walk(&w);
}

int map_pages(struct pgtable *pgt, unsigned long va, phys_addr_t pa,
	      unsigned long size, unsigned long prot)
{
	bool new_table = false;
	unsigned long done = 0;
	pte_t bits;
	int err;

	err = check_range(pgt, "map", va, size);
	if (err)
		return err;
	if (!IS_ALIGNED(pa, PAGE_SIZE) || pa >= 1UL << _PAGE_PHYS_BITS ||
	    size > (1UL << _PAGE_PHYS_BITS) - pa) {
		pr_err("map at %#lx: physical range %#llx size %#lx is not page aligned or beyond %u bits\n",
		       va, (unsigned long long)pa, size, _PAGE_PHYS_BITS);
		return -EINVAL;
	}
	err = map_bits_if_free(pgt, va, size, prot, &bits);
	if (err)
		return err;

	while (done < size) {
		err = map_leaf(pgt, va + done, pa + done,
			       leaf_level(va + done, pa + done, size - done), bits,
			       &new_table);
		if (err < 0)
			break;
		done += level_size(err);
		err = 0;
	}
	if (err) {
		pr_err("map [%#lx-%#lx]: %s at %#lx; undone\n", va, va + size - 1,
		       err == -ENOMEM ? "no memory for a table" : "already mapped",
		       va + done);
		/*
		 * Up to the page that failed: it maps nothing (the range was
		 * free) but the tables made on its way may be empty now.
		 */
		clear_range(pgt, va, va + done + PAGE_SIZE - 1, false);
		return err;
	}
	/*
	 * The spec does not promise that no hart holds the old invalid
	 * entries (only Svvptc does), so new mappings are flushed too.
	 */
	flush_range(va, va + size - 1, new_table);
	return 0;
}

int map_napot_pages(struct pgtable *pgt, unsigned long va, phys_addr_t pa,
		    unsigned long prot)
{
	const unsigned long size = PAGE_SIZE << NAPOT_CONT64KB_ORDER;
	bool new_table = false;
	pte_t bits;
	int err;

	if (!has_svnapot) {
		pr_err("map at %#lx: a 64 KiB Svnapot leaf needs Svnapot on every hart\n", va);
		return -EINVAL;
	}
	err = check_range(pgt, "map", va, size);
	if (err)
		return err;
	if (!IS_ALIGNED(va | pa, size) || pa >= 1UL << _PAGE_PHYS_BITS) {
		pr_err("map at %#lx: %#llx and %#lx must be 64 KiB aligned for a Svnapot leaf\n",
		       va, (unsigned long long)pa, va);
		return -EINVAL;
	}
	err = map_bits_if_free(pgt, va, size, prot, &bits);
	if (err)
		return err;
	/* Every entry of the range alike: the frame's PFN with 0b1000 for 64 KiB. */
	bits |= _PAGE_NAPOT;
	pa |= NAPOT_CONT64KB_PFN_BITS << PAGE_SHIFT;
	for (unsigned long done = 0; done < size; done += PAGE_SIZE) {
		err = map_leaf(pgt, va + done, pa, PTE_LEVEL, bits, &new_table);
		if (err < 0) {
			pr_err("map [%#lx-%#lx]: no memory for a table; undone\n", va, va + size - 1);
			clear_range(pgt, va, va + done + PAGE_SIZE - 1, false);
			return err;
		}
	}
	flush_range(va, va + size - 1, new_table);
	return 0;
}

int unmap_pages(struct pgtable *pgt, unsigned long va, unsigned long size,
		bool free_frames)
{
	struct range_walk w = {
		.pgt = pgt, .op = "unmap", .first = va, .last = va + size - 1,
		.visit = refuse_partial_leaf,
	};
	int err = check_range(pgt, "unmap", va, size);

	if (!err)
		err = run_walk(&w);
	if (!err)
		clear_range(pgt, va, va + size - 1, free_frames);
	return err;
}

int protect(struct pgtable *pgt, unsigned long va, unsigned long size,
	    unsigned long prot)
{
	struct range_walk w = {
		.pgt = pgt, .op = "protect", .first = va, .last = va + size - 1,
		.visit = refuse_hole_or_partial,
	};
	int err = check_range(pgt, "protect", va, size);

	if (err)
		return err;
	w.bits = leaf_bits("protect", va, prot);
	if (!w.bits)
		return -EINVAL;
	err = run_walk(&w);
	if (err)
		return err;
	w.visit = set_leaf_bits;
	run_walk(&w);
	flush_range(va, va + size - 1, false);
	return 0;
}
