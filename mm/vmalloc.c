// SPDX-License-Identifier: MIT
/*
 * DOC: kernel virtual areas - vmalloc, vmap, ioremap with guard pages
 *
 * Terminology (Linux's): the *vmalloc range* is the part of the kernel's
 * address space set aside for mappings made at run time; an *area*
 * (struct vm_struct) is one piece of it, given to one caller; its
 * *guard page* is the unmapped page right after it (and, for
 * map_phys_guard(), one right before it too) that makes an overrun fault
 * instead of landing in the next area. An area's *span* is its mapped
 * pages and its guard pages: spans never overlap, so two areas are always
 * at least one unmapped page apart.
 *
 *   VMALLOC_START                                             VMALLOC_END
 *   |                                                                   |
 *   +--------+---+----------+---+-+---+-----+---+                       |
 *   | area A | g | area B   | g |.| g | C   | g |   free ...            |
 *   +--------+---+----------+---+-+---+-----+---+                       |
 *   ^ span of A  ^ span of B    ^ ^ span of C (map_phys_guard: g before)
 *                               free gap (an alignment hole, or a vfree)
 *
 *   g = guard page: never mapped; a kernel access to it faults and the
 *       trap handler names the area (vmalloc_fault_report()).
 *
 * The range allocator is a list of areas sorted by address, searched
 * first fit: the gaps between spans are the free ranges, so freeing an
 * area needs no merging and costs no memory. A search of the whole range
 * starts after the area the last one placed (free_vmap_cache, the hint
 * Linux 2.6.36-5.1 kept), unless a gap it passed over could hold the
 * request: lazy areas (below) stay in the list until a purge, thousands
 * of them at the threshold, and a search from the bottom would walk them
 * all. Freeing finds the area by its start in a hash table of the live
 * areas, not by walking the list. (Linux's augmented tree of free ranges
 * would bound every search; the hint keeps the common ones, an area
 * after the last, constant, and tern makes few areas otherwise.)
 *
 * Mapping writes the 4 KiB entries directly, found with walk() once per
 * 2 MiB (one page table) rather than one map_pages() per page: that would
 * flush the TLB once per page. Page-table pages made for the range are
 * never freed, as in Linux: a table outlives its areas and the next area
 * there finds it. That keeps table pages out of the unmap path, so a
 * purge needs one range flush, never the full flush a freed table would
 * (docs/vm.md, "TLB").
 *
 * Freeing is lazy (Linux's lazy purge). vfree() clears the area's
 * entries and frees its pages at once: no one may use the addresses of a
 * freed area, so a stale TLB entry for them on some hart harms no one.
 * The area stays in the list, *lazy*, its range taken, so that no new
 * area lands where a hart may still translate to the old pages. A
 * *purge* makes one flush_tlb_kernel_range() over the union of the lazy
 * areas' mapped pages, then unlinks them and frees their vm_structs: one
 * shootdown for thousands of frees instead of one each. It runs when the
 * lazy areas' pages pass lazy_max_pages() (in the freeing call: tern has
 * no worker to hand it to), when a search finds no room (which then
 * searches once more), and from vm_unmap_aliases().
 *
 * One lock guards the list, the hash table, the lazy state and the
 * tables: it is held to pick a range and write its entries, to take an
 * area out of use, and to unlink areas, never across a TLB flush (a
 * flush by cross-hart call waits for every hart, and one spinning on this
 * lock with interrupts off would never answer). A purge therefore takes
 * the lazy areas under the lock, flushes without it, and unlinks them
 * under it again; `purging` keeps a second purge from starting meanwhile.
 */
#define pr_fmt(fmt) "vmalloc: " fmt

#include <asm/page.h>
#include <asm/pgtable-bits.h>
#include <asm/processor.h>
#include <asm/tlbflush.h>
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/ratelimit.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/vfs.h"
#include "lib/string.h"
#include "mm/kmemleak.h"
#include "mm/mmzone.h"
#include "mm/slab.h"
#include "mm/tlb_batch.h"
#include "mm/vmalloc.h"

/* The live kernel table (arch_kernel_pgtable()); tables it made for us. */
static struct pgtable kernel_pgt;
static DEFINE_SPINLOCK(vmap_lock);
static LIST_HEAD(vmap_areas);		/* sorted by address, lazy areas too */
static unsigned long nr_vmalloc_pages;	/* pages of live VM_ALLOC areas */

/*
 * Live areas by start address, chained through hash_next: 256 chains
 * keep them a few areas long for any number a kernel of this size makes.
 */
#define VMAP_HASH_BITS 8
static struct vm_struct *vmap_hash[1 << VMAP_HASH_BITS];

/*
 * The search hint: no gap below the end of free_vmap_cache's span is
 * larger than cached_hole_size bytes, so a search of the whole range for
 * more than that may start there. NULL: search from the bottom.
 */
static struct vm_struct *free_vmap_cache;
static unsigned long cached_hole_size;

/* Lazy areas waiting for a purge, chained through purge_next. */
static struct vm_struct *purge_list;
static unsigned long nr_lazy_areas;
static unsigned long vmap_lazy_nr;	/* pages of their spans */
static struct tlb_flush_batch lazy_flush = TLB_FLUSH_BATCH_INIT; /* their pages */
static unsigned long lazy_limit;	/* lazy_max_pages() when last computed */
static bool purging;			/* a purge is flushing what it took */
static unsigned long nr_purges;

/* Bits a caller's prot may carry for a kernel leaf. */
#define KERNEL_PROT_BITS                                                     \
	(_PAGE_VALID | _PAGE_READ | _PAGE_WRITE | _PAGE_EXEC | _PAGE_GLOBAL | \
	 _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_PBMT_MASK)

/* Returns the first byte of @a's span: its front guard page if it has one. */
static inline unsigned long span_start(const struct vm_struct *a)
{
	return a->addr - (a->flags & VM_GUARD_BEFORE ? PAGE_SIZE : 0);
}

/* Returns the end of @a's span: its size already holds the guard after. */
static inline unsigned long span_end(const struct vm_struct *a)
{
	return a->addr + a->size;
}

/* Returns the end of @a's mapped pages, where its guard page starts. */
static inline unsigned long mapped_end(const struct vm_struct *a)
{
	return a->addr + a->size - PAGE_SIZE;
}

static const char *kind_name(unsigned long flags)
{
	if (flags & VM_ALLOC)
		return "vmalloc";
	if (flags & VM_MAP)
		return "vmap";
	return "ioremap";
}

/*
 * Returns the leaf bits for a caller's @prot, or 0 if it is no kernel
 * leaf's: readable, no user bit, no reserved Svpbmt type. The type goes
 * where not every hart has Svpbmt (the bits are reserved there, and the
 * platform's PMAs decide); A, D and G are set up front, as harts may
 * fault instead of setting A/D and every kernel mapping is global.
 */
static pte_t kernel_leaf_bits(unsigned long prot)
{
	if ((prot & ~KERNEL_PROT_BITS) || !(prot & _PAGE_READ) ||
	    (prot & _PAGE_PBMT_MASK) == _PAGE_PBMT_MASK)
		return 0;
	prot |= _PAGE_VALID | _PAGE_ACCESSED | _PAGE_GLOBAL;
	if (prot & _PAGE_WRITE)
		prot |= _PAGE_DIRTY;
	if (!has_svpbmt)
		prot &= ~_PAGE_PBMT_MASK;
	return prot;
}

/* -------------------------------------------------- the range list --- */

/*
 * Forgets the search hint: a gap below it grew (an area was unlinked) or
 * may hold the request. Under vmap_lock.
 */
static void reset_free_vmap_cache(void)
{
	free_vmap_cache = NULL;
	cached_hole_size = 0;
}

/*
 * Gives @a (its flags and nr_pages set) the first gap of [@start, @end)
 * where its span fits with the mapped start aligned to @align: sets its
 * addr and size and links it into the list. Returns false if there is no
 * room. Under vmap_lock.
 */
static bool place_area(struct vm_struct *a, unsigned long align,
		       unsigned long start, unsigned long end)
{
	unsigned long front = a->flags & VM_GUARD_BEFORE ? PAGE_SIZE : 0;
	unsigned long span = ((unsigned long)a->nr_pages << PAGE_SHIFT) + PAGE_SIZE;
	bool whole = start == VMALLOC_START && end == VMALLOC_END;
	struct list_head *pos = vmap_areas.next;
	unsigned long lo = start, addr;

	if (whole) {
		/* A request no skipped gap can hold may skip them again. */
		if (free_vmap_cache && front + span > cached_hole_size) {
			pos = free_vmap_cache->list.next;
			lo = span_end(free_vmap_cache);
		} else {
			reset_free_vmap_cache();
		}
	}
	for (;; pos = pos->next) {
		struct vm_struct *next = NULL;
		unsigned long hi = end;

		if (pos != &vmap_areas) {
			next = list_entry(pos, struct vm_struct, list);
			if (span_end(next) <= lo)
				continue;	/* below the window */
			hi = min(span_start(next), end);
		}
		addr = ALIGN_UP(lo + front, align);
		if (addr <= hi && span <= hi - addr)
			break;
		if (hi == end)
			return false;
		if (whole)
			cached_hole_size = max(cached_hole_size, hi - lo);
		lo = span_end(next);
	}
	if (whole) {
		/* The alignment's leftover below the new area is a gap too. */
		cached_hole_size = max(cached_hole_size, addr - front - lo);
		free_vmap_cache = a;
	}
	a->addr = addr;
	a->size = span;
	list_add_tail(&a->list, pos);
	return true;
}

/* Returns the area whose span holds @addr, or NULL. Under vmap_lock. */
static struct vm_struct *area_at(unsigned long addr)
{
	struct vm_struct *a;

	list_for_each_entry(a, &vmap_areas, list) {
		if (addr < span_start(a))
			return NULL;
		if (addr < span_end(a))
			return a;
	}
	return NULL;
}

/*
 * Returns the link of the hash chain that points at the live area
 * starting at @addr, or the chain's final NULL link. Under vmap_lock.
 */
static struct vm_struct **hash_link(unsigned long addr)
{
	/* Linux's hash_64(): the golden ratio spreads page numbers evenly. */
	struct vm_struct **link = &vmap_hash[((addr >> PAGE_SHIFT) * 0x61c8864680b583ebUL) >>
					     (64 - VMAP_HASH_BITS)];

	while (*link && (*link)->addr != addr)
		link = &(*link)->hash_next;
	return link;
}

/* Logs why @op(@addr) took nothing down. */
static void report_bad_free(const void *addr, const char *op)
{
	unsigned long flags, kind = 0;
	const void *caller = NULL;
	struct vm_struct *a;
	const char *why;

	spin_lock_irqsave(&vmap_lock, flags);
	a = area_at((unsigned long)addr);
	if (!a || a->addr != (unsigned long)addr) {
		why = "not the start of an area";
	} else if (a->lazy) {
		why = "already freed";
	} else {
		why = kind_name(a->flags);
		kind = a->flags;
		caller = a->caller;
	}
	spin_unlock_irqrestore(&vmap_lock, flags);
	if (caller)
		pr_err("%s(%p): the area of another kind (%s%s, caller %p); ignored\n",
		       op, addr, why, kind & VM_GUARD_BEFORE ? ", map_phys_guard" : "",
		       caller);
	else
		pr_err("%s(%p): %s; ignored\n", op, addr, why);
}

/*
 * Takes the live area starting at @addr out of use for @op: it must be of
 * a kind in @kinds (and with VM_GUARD_BEFORE exactly when @kinds has it).
 * It is lazy from now on, but on no list but the range's: its pages and
 * entries are the caller's to dispose of before free_vmap_area_noflush().
 * Reports anything else and returns NULL.
 */
static struct vm_struct *claim_area(const void *addr, unsigned long kinds,
				    const char *op)
{
	unsigned long flags, want_guard = kinds & VM_GUARD_BEFORE;
	struct vm_struct **link, *a = NULL;

	spin_lock_irqsave(&vmap_lock, flags);
	link = hash_link((unsigned long)addr);
	if (likely(*link) && likely((*link)->flags & kinds) &&
	    ((*link)->flags & VM_GUARD_BEFORE) == want_guard) {
		a = *link;
		*link = a->hash_next;
		a->lazy = true;
		if (a->flags & VM_ALLOC)
			nr_vmalloc_pages -= a->nr_pages;
	}
	spin_unlock_irqrestore(&vmap_lock, flags);
	if (unlikely(!a))
		report_bad_free(addr, op);
	return a;
}

/* ------------------------------------------------------ lazy purge --- */

/*
 * Returns the lazy pages past which a free purges: Linux's
 * lazy_max_pages(), 32 MiB worth times fls(online harts). A purge is one
 * shootdown, dearer the more harts answer it, so the batch grows with
 * them; docs/vm.md has the costs this amortizes.
 */
static unsigned long lazy_max_pages(void)
{
	unsigned int harts = num_online_cpus(), fls = 1;

	/* fls(): the highest bit set, counted from 1 (no clz without Zbb). */
	while (harts >>= 1)
		fls++;
	return fls * ((32UL << 20) >> PAGE_SHIFT);
}

/*
 * Puts @a, claimed and unmapped, its pages gone, on the purge list.
 * Returns true if the lazy pages are now past the last computed limit.
 */
static bool free_vmap_area_noflush(struct vm_struct *a)
{
	unsigned long flags;
	bool over;

	spin_lock_irqsave(&vmap_lock, flags);
	a->purge_next = purge_list;
	purge_list = a;
	nr_lazy_areas++;
	vmap_lazy_nr += (span_end(a) - span_start(a)) >> PAGE_SHIFT;
	tlb_batch_add(&lazy_flush, a->addr, mapped_end(a));
	over = vmap_lazy_nr > lazy_limit;
	spin_unlock_irqrestore(&vmap_lock, flags);
	return over;
}

/*
 * Waits until the purge another hart runs has ended. Its flush may go by
 * cross-hart call and wait for this hart, so this one answers calls
 * meanwhile, as smp.c's waiters do: its caller may hold interrupts off.
 */
static void wait_for_purge(void)
{
	while (READ_ONCE(purging)) {
		unsigned long flags = arch_local_irq_save();

		smp_handle_calls();
		arch_local_irq_restore(flags);
		cpu_relax();
	}
}

/*
 * Purges: takes every lazy area, flushes the union of their pages on
 * every hart, then unlinks them and frees their vm_structs. With @all
 * (vm_unmap_aliases(), no room), whatever is lazy, after waiting for a
 * purge another hart runs; else only if the lazy pages are past
 * lazy_max_pages() and no other purge runs (it is busy with older areas,
 * and the next free will look again).
 */
static void purge_vmap_area_lazy(bool all)
{
	unsigned long limit = all ? 0 : lazy_max_pages(), flags;
	struct tlb_flush_batch flush;
	struct vm_struct *list, *a;

	spin_lock_irqsave(&vmap_lock, flags);
	if (!all) {
		lazy_limit = limit;	/* harts may have come or gone */
		if (vmap_lazy_nr <= limit || purging)
			goto unlock;
	}
	while (purging) {
		spin_unlock_irqrestore(&vmap_lock, flags);
		wait_for_purge();
		spin_lock_irqsave(&vmap_lock, flags);
	}
	list = purge_list;
	if (!list)
		goto unlock;
	purge_list = NULL;
	nr_lazy_areas = 0;
	vmap_lazy_nr = 0;
	flush = lazy_flush;
	tlb_batch_init(&lazy_flush);
	WRITE_ONCE(purging, true);
	spin_unlock_irqrestore(&vmap_lock, flags);

	/*
	 * The union's bounds: its gaps are flushed too, which costs only
	 * refills; past TLB_FLUSH_PAGE_LIMIT pages this hart flushes
	 * everything anyway, as flush_tlb_all() would, and so do the others
	 * (the firmware past a limit of its own).
	 */
	tlb_batch_flush(&flush);

	spin_lock_irqsave(&vmap_lock, flags);
	for (a = list; a; a = a->purge_next)
		list_del(&a->list);
	reset_free_vmap_cache();
	nr_purges++;
	WRITE_ONCE(purging, false);
	spin_unlock_irqrestore(&vmap_lock, flags);
	while (list) {
		a = list;
		list = a->purge_next;
		kfree(a);
	}
	return;
unlock:
	spin_unlock_irqrestore(&vmap_lock, flags);
}

void vm_unmap_aliases(void)
{
	purge_vmap_area_lazy(true);
}

void vmalloc_get_stats(struct vmalloc_stats *stats)
{
	unsigned long limit = lazy_max_pages(), flags;

	spin_lock_irqsave(&vmap_lock, flags);
	stats->lazy_areas = nr_lazy_areas;
	stats->lazy_pages = vmap_lazy_nr;
	stats->purges = nr_purges;
	spin_unlock_irqrestore(&vmap_lock, flags);
	stats->lazy_max_pages = limit;
}

/* -------------------------------------------------- page tables --- */

/*
 * Returns the 4 KiB entry for @va if the tables down to it exist, else
 * NULL. A dozen instructions against walk()'s hundred or so; the tables
 * of the range are never freed, so the entry stays valid to write.
 */
static __always_inline pte_t *pte_lookup(unsigned long va)
{
	pte_t *table = kernel_pgt.pgd;

	for (unsigned int level = kernel_pgt.levels - 1; level > PTE_LEVEL; level--) {
		pte_t entry = READ_ONCE(table[(va >> (PAGE_SHIFT + 9 * level)) &
					      (PTES_PER_TABLE - 1)]);

		if (!pte_present(entry) || pte_leaf(entry))
			return NULL;
		table = phys_to_virt(pte_phys(entry));
	}
	return &table[(va >> PAGE_SHIFT) & (PTES_PER_TABLE - 1)];
}

/* Returns how many pages from @va on share its page table (up to @left). */
static inline unsigned long pages_in_table(unsigned long va, unsigned long left)
{
	return min(left, (PMD_SIZE - (va & (PMD_SIZE - 1))) >> PAGE_SHIFT);
}

/*
 * Writes @n entries of one table from @pte on: @pages[j] if @pages, else
 * frame @pfn + j, with @bits. Returns how many it wrote: fewer than @n if
 * an entry was valid already (logged; @va is the first one's address).
 * Inline with @pages tested once, outside the loop.
 */
static __always_inline unsigned long fill_table(pte_t *pte, unsigned long n, unsigned long va,
						struct page **pages, unsigned long pfn,
						pte_t bits)
{
	for (unsigned long j = 0; j < n; j++) {
		pte_t old = READ_ONCE(pte[j]);

		if (unlikely(old & _PAGE_VALID)) {
			pr_err("%#lx is mapped already (entry %#lx); not mapping over it\n",
			       va + (j << PAGE_SHIFT), old);
			return j;
		}
		WRITE_ONCE(pte[j], (pages ? page_to_pfn(pages[j]) : pfn + j) << _PAGE_PFN_SHIFT |
					   bits);
	}
	return n;
}

/*
 * Writes the entries of @a's pages: @a->pages[i] if it has pages, else
 * consecutive frames from @phys. Under vmap_lock (a missing table is
 * made). Returns 0, -ENOMEM (no page for a table) or -EEXIST (a page is
 * mapped already: someone wrote the table behind our back); *@done
 * counts the entries written.
 */
static int map_area(struct vm_struct *a, phys_addr_t phys, pte_t bits,
		    unsigned int *done)
{
	unsigned long va = a->addr, n = a->nr_pages, i = 0, pfn = phys >> PAGE_SHIFT;
	struct page **pages = a->pages;

	while (i < n) {
		unsigned long chunk = pages_in_table(va, n - i), written;
		pte_t *pte = pte_lookup(va);

		/* The entries of one 2 MiB lie in one table, in order. */
		if (unlikely(!pte))
			pte = walk(&kernel_pgt, va, true);
		if (unlikely(!pte)) {
			*done = i;
			return -ENOMEM;
		}
		written = pages ? fill_table(pte, chunk, va, pages + i, 0, bits) :
				  fill_table(pte, chunk, va, NULL, pfn + i, bits);
		if (unlikely(written < chunk)) {
			*done = i + written;
			return -EEXIST;
		}
		i += chunk;
		va += chunk << PAGE_SHIFT;
	}
	*done = n;
	return 0;
}

/* Clears the entries of @a's first @n pages; its tables stay. */
static void unmap_area(const struct vm_struct *a, unsigned long n)
{
	unsigned long va = a->addr, i = 0;

	while (i < n) {
		unsigned long chunk = pages_in_table(va, n - i);
		pte_t *pte = pte_lookup(va);

		if (unlikely(!pte)) {
			pr_err("unmap %#lx: no table; area %#lx corrupted?\n", va, a->addr);
			return;
		}
		for (unsigned long j = 0; j < chunk; j++)
			WRITE_ONCE(pte[j], 0);
		i += chunk;
		va += chunk << PAGE_SHIFT;
	}
}

/*
 * Undoes a mapping that failed half way: unmaps @a's first @mapped
 * pages, flushes them from every hart at once (a rare path, not worth a
 * lazy area), then gives the range back.
 */
static void remove_area(struct vm_struct *a, unsigned int mapped)
{
	unsigned long flags;

	unmap_area(a, mapped);
	if (mapped)
		flush_tlb_kernel_range(a->addr, a->addr + ((unsigned long)mapped << PAGE_SHIFT));
	spin_lock_irqsave(&vmap_lock, flags);
	list_del(&a->list);
	reset_free_vmap_cache();
	spin_unlock_irqrestore(&vmap_lock, flags);
}

/*
 * Gives @a (its pages or @phys, @flags, @caller and @nr_pages filled in)
 * a range in [@start, @end) with @align-aligned start and maps it with
 * @bits; a range without room is searched again after a purge, if there
 * were lazy areas. Returns the start, or 0 (logged) with nothing left
 * behind; @a is the caller's to free only on failure.
 */
static unsigned long install_area(struct vm_struct *a, phys_addr_t phys, pte_t bits,
				  unsigned long align, unsigned long start,
				  unsigned long end)
{
	bool purged = false, lazy;
	unsigned int done = 0;
	unsigned long flags;
	int err;

	a->lazy = false;
	for (;;) {
		spin_lock_irqsave(&vmap_lock, flags);
		if (likely(place_area(a, align, start, end)))
			break;
		lazy = purge_list || purging;
		spin_unlock_irqrestore(&vmap_lock, flags);
		if (purged || !lazy) {
			pr_err("no room for %lu bytes (and a guard page) in [%#lx-%#lx)\n",
			       (unsigned long)a->nr_pages << PAGE_SHIFT, start, end);
			return 0;
		}
		purge_vmap_area_lazy(true);
		purged = true;
	}
	err = map_area(a, phys, bits, &done);
	if (likely(!err)) {
		struct vm_struct **link = hash_link(a->addr);

		a->hash_next = NULL;
		*link = a;
		if (a->flags & VM_ALLOC)
			nr_vmalloc_pages += a->nr_pages;
	}
	spin_unlock_irqrestore(&vmap_lock, flags);

	if (err) {
		/* Out of memory is ordinary under pressure: Linux's rate. */
		static DEFINE_RATELIMIT_STATE(nomem_rs, DEFAULT_RATELIMIT_INTERVAL,
					      DEFAULT_RATELIMIT_BURST);

		if (err != -ENOMEM || __ratelimit(&nomem_rs))
			pr_err("mapping %lu bytes at %#lx failed (%s); undone\n",
			       (unsigned long)a->nr_pages << PAGE_SHIFT, a->addr,
			       err == -ENOMEM ? "no memory for a page table" : "already mapped");
		/* Harts may have cached what was written: flush before reuse. */
		remove_area(a, done);
		return 0;
	}
	/*
	 * No flush: no hart can hold a valid entry for the range (the purge
	 * that freed it flushed it everywhere), and one that cached the
	 * invalid entry (no Svvptc) takes a spurious fault, which
	 * vmalloc_fault() retries after a local fence, as Linux does.
	 */
	return a->addr;
}

/*
 * Returns a new area for @nr_pages pages with room for their page
 * pointers after it if @with_pages, or NULL.
 */
static struct vm_struct *new_area(unsigned long nr_pages, bool with_pages,
				  unsigned long flags, const void *caller)
{
	size_t bytes = sizeof(struct vm_struct) +
		       (with_pages ? nr_pages * sizeof(struct page *) : 0);
	struct vm_struct *a = kmalloc(bytes, GFP_KERNEL);

	if (!a)
		return NULL;
	a->flags = flags;
	a->nr_pages = nr_pages;
	a->pages = with_pages ? (struct page **)(a + 1) : NULL;
	a->phys_addr = 0;
	a->caller = caller;
	return a;
}

/* Returns true if @size bytes can be an area at all (logs why not). */
static bool size_ok(unsigned long size, const char *op)
{
	/* Pages counted in an unsigned int; and no area larger than the range. */
	if (size && size <= min(VMALLOC_END - VMALLOC_START - PAGE_SIZE,
				(unsigned long)UINT32_MAX << PAGE_SHIFT))
		return true;
	pr_err("%s(%lu): no such area size\n", op, size);
	return false;
}

/* --------------------------------------------------------- vmalloc --- */

static void free_area_pages(struct vm_struct *a, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		__free_page(a->pages[i]);
}

/*
 * The body of every vmalloc(): an area of @size bytes at an
 * @align-aligned start in [@start, @end), mapped with @bits. Inline so
 * that vmalloc() itself, with constant arguments, takes the page
 * allocator's inline fast path.
 */
static __always_inline void *vmalloc_area(unsigned long size, unsigned long align,
					  unsigned long start, unsigned long end,
					  gfp_t gfp, pte_t bits, int node,
					  const void *caller)
{
	unsigned long n = ALIGN_UP(size, PAGE_SIZE) >> PAGE_SHIFT;
	struct vm_struct *a;
	unsigned int i;

	if (unlikely(!size_ok(size, "vmalloc")))
		return NULL;
	a = new_area(n, true, VM_ALLOC, caller);
	if (unlikely(!a))
		goto fail;
	for (i = 0; i < n; i++) {
		struct page *page = node == NUMA_NO_NODE ? alloc_page(gfp) :
				    alloc_pages_node(node, gfp, 0);

		if (unlikely(!page)) {
			free_area_pages(a, i);
			kfree(a);
			goto fail;
		}
		a->pages[i] = page;
	}
	if (likely(install_area(a, 0, bits, align, start, end))) {
		kmemleak_vmalloc(a, size, gfp);
		return (void *)a->addr;
	}
	free_area_pages(a, n);
	kfree(a);
	return NULL;
fail:
	if (!(gfp & __GFP_NOWARN))
		pr_err("vmalloc(%lu): out of memory\n", size);
	return NULL;
}

/* vmalloc_area() in the whole range, page aligned, PAGE_KERNEL. */
#define vmalloc_anywhere(size, gfp, node, caller) \
	vmalloc_area(size, PAGE_SIZE, VMALLOC_START, VMALLOC_END, gfp, PAGE_KERNEL, node, caller)

void *vmalloc(unsigned long size)
{
	return vmalloc_anywhere(size, GFP_KERNEL, NUMA_NO_NODE, __builtin_return_address(0));
}

void *vzalloc(unsigned long size)
{
	return vmalloc_anywhere(size, GFP_KERNEL | __GFP_ZERO, NUMA_NO_NODE,
				__builtin_return_address(0));
}

void *vmalloc_node(unsigned long size, int node)
{
	return vmalloc_anywhere(size, GFP_KERNEL, node, __builtin_return_address(0));
}

void *__vmalloc_node(unsigned long size, gfp_t gfp, int node)
{
	return vmalloc_anywhere(size, gfp, node, __builtin_return_address(0));
}

void *__vmalloc_node_range(unsigned long size, unsigned long align,
			   unsigned long start, unsigned long end, gfp_t gfp,
			   unsigned long prot, unsigned long vm_flags, int node,
			   const void *caller)
{
	pte_t bits = kernel_leaf_bits(prot);

	/* An alignment past 1 GiB could carry the search past the top. */
	if (align < PAGE_SIZE || align > PUD_SIZE || (align & (align - 1)) ||
	    start < VMALLOC_START || end > VMALLOC_END || start >= end ||
	    !IS_ALIGNED(start | end, PAGE_SIZE) || vm_flags || !bits) {
		pr_err("__vmalloc_node_range(%lu, align %#lx, [%#lx-%#lx), prot %#lx, flags %#lx): not supported\n",
		       size, align, start, end, prot, vm_flags);
		return NULL;
	}
	return vmalloc_area(size, align, start, end, gfp, bits, node, caller);
}

/*
 * Takes down the area at @addr for @op (vfree, vunmap, iounmap, ...),
 * which frees areas of @kinds: unmapped, its pages freed if it owns
 * them, and left lazy for the next purge, which this free may start.
 */
static void take_down(const void *addr, unsigned long kinds, const char *op)
{
	struct vm_struct *a;

	if (!addr)
		return;
	a = claim_area(addr, kinds, op);
	if (!a)
		return;
	if (a->flags & VM_ALLOC)
		kmemleak_free((void *)a->addr);	/* before its pages go */
	unmap_area(a, a->nr_pages);
	if (a->flags & VM_ALLOC)
		free_area_pages(a, a->nr_pages);
	if (unlikely(free_vmap_area_noflush(a)))
		purge_vmap_area_lazy(false);
}

void vfree(const void *addr)
{
	take_down(addr, VM_ALLOC, "vfree");
}

/* ------------------------------------------------------------ vmap --- */

void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   unsigned long prot)
{
	pte_t bits = kernel_leaf_bits(prot);
	struct vm_struct *a;

	if (flags & ~VM_MAP)
		pr_err("vmap: flags %#lx other than VM_MAP ignored\n", flags);
	if (!bits) {
		pr_err("vmap: prot %#lx is not a kernel leaf's (readable, no U, no PBMT 3)\n",
		       prot);
		return NULL;
	}
	if (!pages || !size_ok((unsigned long)count << PAGE_SHIFT, "vmap"))
		return NULL;
	a = new_area(count, true, VM_MAP, __builtin_return_address(0));
	if (!a)
		return NULL;
	memcpy(a->pages, pages, count * sizeof(*pages));
	if (install_area(a, 0, bits, PAGE_SIZE, VMALLOC_START, VMALLOC_END))
		return (void *)a->addr;
	kfree(a);
	return NULL;
}

void vunmap(const void *addr)
{
	take_down(addr, VM_MAP, "vunmap");
}

/* --------------------------------------------------------- ioremap --- */

/*
 * Maps the pages holding [@phys, @phys + @size) with @prot in an area of
 * @flags. Returns the address of @phys in it, or NULL (logged).
 */
static void *map_phys(phys_addr_t phys, size_t size, unsigned long prot,
		      unsigned long flags, const char *op, const void *caller)
{
	phys_addr_t base = ALIGN_DOWN(phys, PAGE_SIZE);
	unsigned long len, align = PAGE_SIZE;
	pte_t bits = kernel_leaf_bits(prot);
	struct vm_struct *a;

	if (!bits) {
		pr_err("%s: prot %#lx is not a kernel leaf's\n", op, prot);
		return NULL;
	}
	if (!size || phys + size < phys || phys + size > 1UL << _PAGE_PHYS_BITS) {
		pr_err("%s(%#llx, %zu): no such physical range\n", op,
		       (unsigned long long)phys, size);
		return NULL;
	}
	len = ALIGN_UP(phys + size, PAGE_SIZE) - base;
	if (!size_ok(len, op))
		return NULL;
	/* Large windows start 2 MiB aligned: their 2 MiB pieces share tables. */
	if (len >= PMD_SIZE)
		align = PMD_SIZE;
	a = new_area(len >> PAGE_SHIFT, false, flags, caller);
	if (!a)
		return NULL;
	a->phys_addr = base;
	if (install_area(a, base, bits, align, VMALLOC_START, VMALLOC_END))
		return (void *)(a->addr + (phys - base));
	kfree(a);
	return NULL;
}

void *ioremap(phys_addr_t phys, size_t size)
{
	return map_phys(phys, size, pgprot_noncached(PAGE_KERNEL), VM_IOREMAP,
			"ioremap", __builtin_return_address(0));
}

void *ioremap_wc(phys_addr_t phys, size_t size)
{
	return map_phys(phys, size, pgprot_writecombine(PAGE_KERNEL), VM_IOREMAP,
			"ioremap_wc", __builtin_return_address(0));
}

/* Takes down the physical mapping @addr points into the first page of. */
static void unmap_phys(const volatile void *addr, unsigned long kinds, const char *op)
{
	take_down((const void *)ALIGN_DOWN((unsigned long)addr, PAGE_SIZE), kinds, op);
}

void iounmap(const volatile void *addr)
{
	unmap_phys(addr, VM_IOREMAP, "iounmap");
}

void *map_phys_guard(phys_addr_t phys, size_t size, unsigned long prot)
{
	if (!IS_ALIGNED(phys, PAGE_SIZE)) {
		pr_err("map_phys_guard(%#llx): not page aligned\n",
		       (unsigned long long)phys);
		return NULL;
	}
	return map_phys(phys, size, prot, VM_IOREMAP | VM_GUARD_BEFORE,
			"map_phys_guard", __builtin_return_address(0));
}

void unmap_phys_guard(void *addr)
{
	unmap_phys(addr, VM_IOREMAP | VM_GUARD_BEFORE, "unmap_phys_guard");
}

/* -------------------------------------------------------- kvmalloc --- */

void *kvmalloc_node(size_t size, gfp_t gfp, int node)
{
	void *p;

	if (size <= KVMALLOC_KMALLOC_ONLY)
		return kmalloc_node(size, gfp, node);
	/*
	 * A large contiguous block is worth a try, not reclaim: vmalloc()
	 * needs only single pages.
	 */
	p = kmalloc_node(size, (gfp | __GFP_NOWARN) & ~__GFP_DIRECT_RECLAIM, node);
	if (p)
		return p;
	return vmalloc_anywhere(size, gfp, node, __builtin_return_address(0));
}

void kvfree(const void *addr)
{
	if (is_vmalloc_addr(addr))
		vfree(addr);
	else
		kfree(addr);
}

/* ---------------------------------------------------------- lookups --- */

struct page *vmalloc_to_page(const void *addr)
{
	phys_addr_t pa;

	if (!is_vmalloc_addr(addr))
		return NULL;
	pa = va_to_pa(&kernel_pgt, (unsigned long)addr);
	if (!pa || !pfn_valid(pa >> PAGE_SHIFT))
		return NULL;
	return pfn_to_page(pa >> PAGE_SHIFT);
}

unsigned long vmalloc_nr_pages(void)
{
	return READ_ONCE(nr_vmalloc_pages);
}

/* Returns the call that frees an area of @flags' kind. */
static const char *free_op_name(unsigned long flags)
{
	if (flags & VM_ALLOC)
		return "vfree";
	if (flags & VM_MAP)
		return "vunmap";
	return flags & VM_GUARD_BEFORE ? "unmap_phys_guard" : "iounmap";
}

/* Logs "BUG: @what@op: " and where @addr lies in the span of @a. */
static void report_in_area(const char *what, const char *op, unsigned long addr,
			   const struct vm_struct *a)
{
	const char *where = "into";
	unsigned long bytes = addr - a->addr;

	if (addr >= mapped_end(a)) {
		where = "past the end of";
		bytes = addr - mapped_end(a);
	} else if (addr < a->addr) {
		where = "before the start of";
		bytes = a->addr - addr;
	}
	printk(KERN_EMERG "BUG: %s%s: %#lx is %lu bytes %s the area %#lx-%#lx (%s, caller %p)\n",
	       what, op, addr, bytes, where, a->addr, mapped_end(a), kind_name(a->flags),
	       a->caller);
}

bool vmalloc_fault_report(unsigned long addr)
{
	struct vm_struct *a;
	unsigned long flags;
	bool reported = false;

	if (!is_vmalloc_addr((const void *)addr))
		return false;
	/* The fault may have hit while this hart held the lock: only try. */
	flags = arch_local_irq_save();
	if (!spin_trylock(&vmap_lock)) {
		arch_local_irq_restore(flags);
		return false;
	}
	a = area_at(addr);
	if (a && a->lazy) {
		report_in_area("use after ", free_op_name(a->flags), addr, a);
		reported = true;
	} else if (a && (addr < a->addr || addr >= mapped_end(a))) {
		report_in_area("vmalloc guard page hit", "", addr, a);
		reported = true;
	}
	spin_unlock_irqrestore(&vmap_lock, flags);
	return reported;
}

/*
 * The spurious faults one hart may take on the same address in a row
 * before vmalloc_fault() stops retrying: the fence did not help, so the
 * entry is not what the hart sees, and the fault is real.
 */
#define SPURIOUS_RETRIES 8

bool vmalloc_fault(unsigned long addr, unsigned long access)
{
	static struct {
		unsigned long addr, count;
	} last[NR_CPUS];
	unsigned int cpu = smp_processor_id();
	pte_t *pte, entry;

	if (!is_vmalloc_addr((const void *)addr) || !kernel_pgt.pgd)
		return false;
	/* Tables in the range are never freed: walking without the lock is safe. */
	pte = walk(&kernel_pgt, addr, false);
	entry = pte ? READ_ONCE(*pte) : 0;
	if (pte_leaf(entry) && (entry & access) == access) {
		if (last[cpu].addr != addr) {
			last[cpu].addr = addr;
			last[cpu].count = 0;
		}
		if (++last[cpu].count <= SPURIOUS_RETRIES) {
			/* A stale invalid entry, maybe a table's: forget them all. */
			local_flush_tlb_all();
			return true;
		}
		pr_emerg("%#lx faults on cpu %u although mapped (entry %#lx)\n", addr,
			 cpu, entry);
	}
	vmalloc_fault_report(addr);
	return false;
}

/* ------------------------------------------------- /proc/vmallocinfo --- */

/* Linux's show_numa_info(): how many of @a's pages each node holds. */
static void show_numa_info(struct seq_buf *m, const struct vm_struct *a)
{
	unsigned int counts[MAX_NUMNODES] = { 0 };

	for (unsigned int i = 0; i < a->nr_pages; i++)
		counts[page_to_nid(a->pages[i])]++;
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if (counts[nid])
			seq_printf(m, " N%d=%u", nid, counts[nid]);
}

int vmallocinfo_show(struct seq_buf *m, void *data)
{
	struct vm_struct *a;
	unsigned long flags;

	spin_lock_irqsave(&vmap_lock, flags);
	list_for_each_entry(a, &vmap_areas, list) {
		if (a->lazy)
			continue;
		/* Without kallsyms, %pS is the bare address, as here. */
		seq_printf(m, "0x%016lx-0x%016lx %7lu 0x%016lx", a->addr,
			   a->addr + a->size, a->size, (unsigned long)a->caller);
		if (a->pages)
			seq_printf(m, " pages=%u", a->nr_pages);
		if (a->phys_addr)
			seq_printf(m, " phys=0x%016llx", (unsigned long long)a->phys_addr);
		seq_printf(m, " %s", kind_name(a->flags));
		if (a->flags & VM_ALLOC)
			show_numa_info(m, a);
		seq_putc(m, '\n');
	}
	/* Linux's show_purge_info(): after the live areas, the range each holds. */
	list_for_each_entry(a, &vmap_areas, list)
		if (a->lazy)
			seq_printf(m, "0x%016lx-0x%016lx %7lu unpurged vm_area\n", span_start(a),
				   span_end(a), span_end(a) - span_start(a));
	spin_unlock_irqrestore(&vmap_lock, flags);
	return 0;
}

void vmalloc_init(void)
{
	int err = arch_kernel_pgtable(&kernel_pgt);

	if (err) {
		pr_err("no kernel page table (error %d): vmalloc() will fail\n", err);
		return;
	}
	/*
	 * Its tables are made under vmap_lock: reclaim there would wait for
	 * every hart to drain its caches, and one spinning on vmap_lock never
	 * would (a deadlock the stress command's pressure runs hit). So no
	 * reclaim, and no balancer wake, which on a node's home hart runs the
	 * balancer at once. Nor the reserves: a vmalloc() that finds no page
	 * for a table fails and says so (map_area()), as one without memory.
	 */
	kernel_pgt.table_gfp = __GFP_NOWARN;
	pr_info("%lu GiB at [%#lx-%#lx) in the Sv%u kernel table, a guard page after every area, lazy purge\n",
		(VMALLOC_END - VMALLOC_START) >> 30, VMALLOC_START, VMALLOC_END,
		PAGE_SHIFT + 9 * kernel_pgt.levels);
}
