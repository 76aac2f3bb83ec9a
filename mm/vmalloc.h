/* SPDX-License-Identifier: MIT */
/*
 * mm/vmalloc.h - kernel virtual areas: vmalloc, vmap, ioremap, kvmalloc.
 *
 * Terminology (Linux's): the *vmalloc range* is [VMALLOC_START,
 * VMALLOC_END) of the kernel's address space (asm/page.h); an *area*
 * (struct vm_struct) is one piece of it handed to a caller, mapped page by
 * page in the live kernel page table and followed by an unmapped *guard
 * page*, so that running off its end faults instead of writing into the
 * next area. vmalloc() fills an area with pages from the page allocator,
 * vmap() with pages the caller owns, ioremap() with a physical range
 * (device registers). mm/vmalloc.c has the map of the range; docs/vm.md
 * the costs.
 *
 * Freeing is lazy, as in Linux: vfree(), vunmap() and iounmap() clear the
 * area's entries and give its pages back at once, but leave the TLB
 * shootdown to a later *purge*, which flushes the range of every area
 * freed since the last one with one shootdown and only then lets their
 * addresses be used again. Until then a freed area is a *lazy* area: its
 * addresses stay taken (no new area can land where a hart may still hold
 * a stale entry), and an access there is reported as a use after free.
 *
 * Everything here may be called from any hart, with interrupts on or off,
 * but not from a cross-hart call or with a spinlock held: a purge waits
 * for every hart to flush its TLB.
 */
#ifndef TERN_MM_VMALLOC_H
#define TERN_MM_VMALLOC_H

#include "kernel/types.h"
#include "lib/list.h"
#include "mm/gfp.h"
#include "mm/page.h"
#include "mm/pgtable.h"
#include <asm/page.h>

struct seq_buf;

/* Area kinds (Linux 6.1's values), as /proc/vmallocinfo names them. */
#define VM_IOREMAP 0x00000001UL	/* ioremap() and map_phys_guard() */
#define VM_ALLOC 0x00000002UL	/* vmalloc(): the area owns its pages */
#define VM_MAP 0x00000004UL	/* vmap(): the caller owns the pages */
/* tern's own: a guard page before the area too (map_phys_guard()). */
#define VM_GUARD_BEFORE 0x00010000UL

/**
 * struct vm_struct - one area of the vmalloc range.
 * @list: in the range's list of areas, sorted by address (lazy areas too).
 * @hash_next: while the area is live, the next area in its chain of the
 *	table that finds an area by its start (vfree() and the like).
 * @purge_next: once it is lazy, the next area waiting for the purge.
 * @addr: the first mapped byte (page aligned).
 * @size: the mapped bytes plus the guard page after them, as Linux counts
 *	it (what /proc/vmallocinfo prints).
 * @flags: VM_IOREMAP, VM_ALLOC or VM_MAP, and VM_GUARD_BEFORE.
 * @pages: the pages mapped, in order (VM_ALLOC, VM_MAP); NULL for a
 *	physical range. Stale once the area is lazy.
 * @nr_pages: pages mapped.
 * @lazy: freed: unmapped, its pages gone, its range taken until a purge.
 * @phys_addr: the physical range's start (VM_IOREMAP), else 0.
 * @caller: the return address of the call that made the area.
 */
struct vm_struct {
	struct list_head list;
	union {
		struct vm_struct *hash_next;
		struct vm_struct *purge_next;
	};
	unsigned long addr;
	unsigned long size;
	unsigned long flags;
	struct page **pages;
	unsigned int nr_pages;
	bool lazy;
	phys_addr_t phys_addr;
	const void *caller;
};

/* kvmalloc() takes kmalloc() without a fallback up to this size. */
#define KVMALLOC_KMALLOC_ONLY PAGE_SIZE

/* Returns true if @addr lies in the vmalloc range. */
static inline bool is_vmalloc_addr(const void *addr)
{
	unsigned long a = (unsigned long)addr;

	return a >= VMALLOC_START && a < VMALLOC_END;
}

/**
 * vmalloc_init() - take the vmalloc range of the live kernel page table.
 *
 * Once, at boot, after slab_init() (areas are kmalloc()ed).
 */
void vmalloc_init(void);

/**
 * vmalloc() - @size bytes, virtually contiguous, from pages anywhere.
 * @size: bytes, rounded up to whole pages.
 *
 * The pages come from the calling hart's node first (its allocation
 * policy), one page at a time, and are mapped read-write in an area of
 * their own with a guard page after it.
 * Return: the area's first byte (page aligned), or NULL (logged) if @size
 * is 0, memory is short or the range is full.
 */
void *vmalloc(unsigned long size);

/**
 * vzalloc() - vmalloc() of zeroed memory.
 * Return: as vmalloc().
 */
void *vzalloc(unsigned long size);

/**
 * vmalloc_node() - vmalloc() with every page from node @node.
 * @node: a node with memory, or NUMA_NO_NODE for the calling hart's; the
 *	page allocator falls back by distance if the node runs short, as
 *	alloc_pages_node() does.
 * Return: as vmalloc().
 */
void *vmalloc_node(unsigned long size, int node);

/**
 * __vmalloc_node() - vmalloc() with GFP flags and a node.
 * @gfp: GFP flags for the pages (__GFP_ZERO to zero them, __GFP_NOWARN
 *	for no failure report).
 * @node: as for vmalloc_node().
 * Return: as vmalloc().
 */
void *__vmalloc_node(unsigned long size, gfp_t gfp, int node);

/**
 * __vmalloc_node_range() - vmalloc() in a part of the range, as Linux's
 *	(modules and the like take their areas from a window of their own).
 * @align: the start's alignment: a power of two, PAGE_SIZE or more.
 * @start: the window's first byte (page aligned), VMALLOC_START or above.
 * @end: its end (page aligned), VMALLOC_END or below; the area's guard
 *	page lies inside the window too.
 * @gfp: as for __vmalloc_node().
 * @prot: PTE permissions, as for vmap().
 * @vm_flags: 0: Linux's VM_NO_GUARD and the like do not exist here
 *	(other values are logged and refused).
 * @node: as for vmalloc_node().
 * @caller: the address /proc/vmallocinfo names the area by.
 *
 * A window without room is purged (lazy areas there wait for no one)
 * and searched once more before the call fails, as Linux does.
 * Return: as vmalloc().
 */
void *__vmalloc_node_range(unsigned long size, unsigned long align,
			   unsigned long start, unsigned long end, gfp_t gfp,
			   unsigned long prot, unsigned long vm_flags, int node,
			   const void *caller);

/**
 * vfree() - unmap and free what vmalloc() (or kvmalloc()) returned.
 * @addr: the area's first byte; NULL does nothing.
 *
 * The entries are cleared and the pages go back at once; the shootdown
 * waits for the next purge (see the top of this file), before which the
 * addresses are not reused. A pointer that is not the start of a live
 * vmalloc() area is reported and ignored.
 */
void vfree(const void *addr);

/**
 * vm_unmap_aliases() - purge now: when it returns, no hart holds a TLB
 *	entry of any area freed before the call, and their ranges are free.
 *
 * For whoever is about to hand a page that may once have been vmap()ped
 * or vmalloc()ed to something that must not meet a stale alias of it (a
 * change of its memory type, a device), and for tests. Waits for a purge
 * another hart is running. Costs one TLB shootdown if any area was lazy,
 * else nothing.
 */
void vm_unmap_aliases(void);

/**
 * vmap() - map @count pages the caller owns at contiguous addresses.
 * @pages: the pages, in order; they stay the caller's.
 * @flags: VM_MAP (0 is taken as VM_MAP).
 * @prot: PTE permissions: PAGE_KERNEL, PAGE_KERNEL_RO, ..., with a
 *	Svpbmt type if wanted (pgprot_writecombine()).
 * Return: the first byte, or NULL (logged) if @count is 0, @prot is not a
 * kernel leaf's, memory is short or the range is full.
 */
void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   unsigned long prot);

/**
 * vunmap() - remove a vmap() mapping; the pages stay the caller's.
 * @addr: what vmap() returned; NULL does nothing, anything else that is
 *	not a vmap() area is reported and ignored.
 *
 * Lazy, as vfree(): other harts may still reach the pages through the old
 * addresses until the next purge (vm_unmap_aliases() forces one).
 */
void vunmap(const void *addr);

/**
 * ioremap() - map device registers at [@phys, @phys + @size).
 * @phys: any byte address: the mapping covers its whole pages.
 *
 * Strongly ordered, non-cacheable I/O memory: Svpbmt IO where every hart
 * has Svpbmt, else the platform's PMAs for the range (device regions are
 * I/O there already), as Linux's pgprot_noncached().
 * Return: the virtual address of @phys, or NULL (logged).
 */
void *ioremap(phys_addr_t phys, size_t size);

/**
 * ioremap_wc() - ioremap() as write-combining memory (Svpbmt NC).
 * Return: as ioremap().
 */
void *ioremap_wc(phys_addr_t phys, size_t size);

/**
 * ioremap_np() - ioremap() with non-posted writes; on RISC-V that is what
 * ioremap() gives already (the IO type is strongly ordered).
 * Return: as ioremap().
 */
static inline void *ioremap_np(phys_addr_t phys, size_t size)
{
	return ioremap(phys, size);
}

/**
 * iounmap() - remove an ioremap(); @addr may point anywhere into the
 * mapping's first page, as ioremap() of an unaligned address returns.
 * Lazy, as vfree().
 */
void iounmap(const volatile void *addr);

/**
 * map_phys_guard() - Zephyr's k_mem_map_phys_guard(): map
 * [@phys, @phys + @size) with an unmapped guard page before AND after.
 * @phys: page aligned; memory or device registers.
 * @size: bytes, rounded up to pages.
 * @prot: PTE permissions as for vmap().
 * Return: the first mapped byte, or NULL (logged).
 */
void *map_phys_guard(phys_addr_t phys, size_t size, unsigned long prot);

/* unmap_phys_guard() - remove what map_phys_guard() returned at @addr. */
void unmap_phys_guard(void *addr);

/*
 * kmap() - the address of @page: rv64 has no high memory, so that is its
 * linear-map address, and kunmap() does nothing.
 */
static inline void *kmap(struct page *page)
{
	return page_address(page);
}

static inline void kunmap(struct page *page)
{
	(void)page;
}

static inline void *kmap_local_page(struct page *page)
{
	return page_address(page);
}

static inline void kunmap_local(const void *addr)
{
	(void)addr;
}

/**
 * vmalloc_to_page() - the page mapped at @addr in the vmalloc range.
 * Return: its struct page, or NULL if @addr is not mapped or has none.
 */
struct page *vmalloc_to_page(const void *addr);

/**
 * kvmalloc_node() - kmalloc() if it can, else vmalloc().
 * @size: bytes; up to KVMALLOC_KMALLOC_ONLY only kmalloc() is tried, as
 *	small requests that fail would fail in vmalloc() too.
 * @gfp: GFP flags for either allocator.
 * @node: the node to allocate on, or NUMA_NO_NODE.
 *
 * Larger sizes try kmalloc() without reclaim and quietly, and fall back
 * to vmalloc() rather than shrink caches for a contiguous block.
 * Return: the memory, or NULL; free it with kvfree().
 */
void *kvmalloc_node(size_t size, gfp_t gfp, int node);

/* kvmalloc() - kvmalloc_node() on the calling hart's node. */
static inline void *kvmalloc(size_t size, gfp_t gfp)
{
	return kvmalloc_node(size, gfp, NUMA_NO_NODE);
}

/* kvzalloc() - kvmalloc() of zeroed memory. */
static inline void *kvzalloc(size_t size, gfp_t gfp)
{
	return kvmalloc_node(size, gfp | __GFP_ZERO, NUMA_NO_NODE);
}

/*
 * kvfree() - free what kvmalloc() returned: vfree() for an address in the
 * vmalloc range, else kfree(). NULL does nothing.
 */
void kvfree(const void *addr);

/**
 * vmalloc_fault_report() - called through vmalloc_fault() on a kernel
 * page fault at @addr, before the fault is reported or a probe takes it.
 *
 * If @addr is a guard page of a live area, logs "BUG: vmalloc guard page
 * hit: ..." with the area, the side and the distance; if it lies in a
 * lazy area (freed, not yet purged), "BUG: use after vfree: ..." (or
 * vunmap, iounmap, unmap_phys_guard, after the area's kind) with the
 * area; otherwise says nothing. Safe in a trap: it only tries the areas'
 * lock.
 * Return: true if it reported something.
 */
bool vmalloc_fault_report(unsigned long addr);

/**
 * vmalloc_fault() - the trap handler's hook for a kernel page fault.
 * @addr: the faulting address (stval).
 * @access: what the access needed: _PAGE_READ, _PAGE_WRITE or _PAGE_EXEC.
 *
 * New vmalloc mappings are not flushed: a hart without Svvptc may have
 * cached the invalid entry (or the invalid entry above a new table) and
 * fault on a page that is mapped. If the live table grants @access at
 * @addr, this fences the hart's TLB and asks for the access to be
 * retried (up to a few times in a row for one address: then the fault
 * is taken as real). Otherwise it calls vmalloc_fault_report().
 * Return: true if the faulting instruction should simply be retried.
 */
bool vmalloc_fault(unsigned long addr, unsigned long access);

/**
 * vmallocinfo_show() - /proc/vmallocinfo in Linux's layout: one live area
 * a line in address order,
 * "0xSTART-0xEND SIZE CALLER [pages=N] [phys=0x...] KIND [N0=..]", then
 * the lazy areas, "0xSTART-0xEND SIZE unpurged vm_area", as Linux 6.1.
 * Return: 0.
 */
int vmallocinfo_show(struct seq_buf *m, void *data);

/* Returns the pages live vmalloc() areas hold (meminfo's VmallocUsed). */
unsigned long vmalloc_nr_pages(void);

/**
 * struct vmalloc_stats - the lazy purge's state, for tests and benchmarks.
 * @lazy_areas: areas freed and waiting for a purge.
 * @lazy_pages: the pages of their spans, guard pages included: what the
 *	threshold counts.
 * @lazy_max_pages: the threshold: a free that takes @lazy_pages past it
 *	purges (32 MiB worth of pages times fls(online harts), as Linux).
 * @purges: purges since boot, each one TLB shootdown.
 */
struct vmalloc_stats {
	unsigned long lazy_areas;
	unsigned long lazy_pages;
	unsigned long lazy_max_pages;
	unsigned long purges;
};

/* vmalloc_get_stats() - fills @stats (consistent: read under the lock). */
void vmalloc_get_stats(struct vmalloc_stats *stats);

/* Returns the size of the vmalloc range in kB (meminfo's VmallocTotal). */
static inline unsigned long vmalloc_total_kb(void)
{
	return (VMALLOC_END - VMALLOC_START) >> 10;
}

/*
 * arch_kernel_pgtable() - arch hook: describe the live kernel page table
 * in @pgt (nr_table_pages 0: the boot made its tables). riscv: the table
 * every hart runs on (arch/riscv/mmu.c); host: a table of its own, made
 * at the first call (arch/host/mmu.c). Return: 0 or -ENOMEM.
 */
int arch_kernel_pgtable(struct pgtable *pgt);

#endif
