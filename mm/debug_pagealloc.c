// SPDX-License-Identifier: MIT
/*
 * DOC: debug_pagealloc - free pages unmapped, so a stray access faults at once
 *
 * Linux's debug_pagealloc, in the debug build (TERN_DEBUG=1, Linux's
 * CONFIG_DEBUG_PAGEALLOC): with `debug_pagealloc=on`, every page the buddy
 * or a per-hart cache holds is unmapped from the linear map, and mapped
 * again when it is handed out. A load or store through a stale pointer to
 * a free page then faults on the spot, on the instruction that made it,
 * instead of corrupting whoever gets the page next; the fault report names
 * the page (pfn, node, zone, its state) and the function that freed it
 * last. Page poisoning (mm/debug.c) still runs underneath: the poison is
 * written before the page is unmapped and checked after it is mapped.
 *
 * The linear map needs 4 KiB leaves for that: paging_init() splits its
 * 1 GiB and 2 MiB leaves (arch/riscv/mmu.c), 2 MiB of page tables per GiB
 * of memory. Unmapping flushes the range from every hart's TLB
 * (__kernel_map_pages()); mapping needs no flush, since a hart that
 * still holds the invalid entry faults, and the fault handler retries an
 * access whose entry has become valid (debug_pagealloc_fault()).
 *
 * Who freed a page last is kept in a table of one return address per
 * page frame, allocated from memblock when the option is on (8 bytes per
 * 4 KiB page: 8 MiB for 4 GiB), as Linux's page_owner keeps it in
 * page_ext.
 */
#include <asm/page.h>
#include <asm/tlbflush.h>
#include "kernel/boot_args.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "mm/debug_pagealloc.h"
#include "mm/internal.h"
#include "mm/memblock.h"

bool debug_pagealloc_on;

/* The linear map of memory, first to last byte: what can fault here. */
static unsigned long linear_start, linear_end;

/* The freer of each pfn from freer_base_pfn on; NULL when the option is off. */
static unsigned long *freers;
static unsigned long freer_base_pfn, nr_freers;

/**
 * debug_pagealloc_setup() - the "debug_pagealloc" boot argument.
 * @value: on or off (Linux's kstrtobool words).
 * @arg: unused.
 *
 * Return: 0; -EINVAL (logged, the option stays off) for another value,
 * or on a release kernel, which has no hooks for it.
 */
int debug_pagealloc_setup(const char *value, void *arg)
{
	bool on;

	if (!value || parse_bool(value, &on)) {
		pr_err("cmdline: debug_pagealloc=%s: expected on or off\n", value ? value : "");
		return -EINVAL;
	}
	if (on && !TERN_DEBUG) {
		pr_err("cmdline: debug_pagealloc=on needs the debug kernel (make DEBUG=1); off\n");
		return -EINVAL;
	}
	debug_pagealloc_on = on;
	return 0;
}

/* Returns the slot of @pfn in freers[], or NULL. */
static unsigned long *freer_slot(unsigned long pfn)
{
	if (!freers || pfn < freer_base_pfn || pfn - freer_base_pfn >= nr_freers)
		return NULL;
	return &freers[pfn - freer_base_pfn];
}

/**
 * debug_pagealloc_alloc_freers() - the table of who freed each page last.
 *
 * mm_init() calls it while memblock is still open; it also notes where
 * the linear map of memory lies, for the fault hook. Without the table
 * (memory short), reports name no freer.
 */
void debug_pagealloc_alloc_freers(void)
{
	phys_addr_t start = memblock_start_of_DRAM(), end = memblock_end_of_DRAM();

	if (!debug_pagealloc_on)
		return;
	linear_start = (unsigned long)phys_to_virt(start);
	linear_end = (unsigned long)phys_to_virt(end);
	freer_base_pfn = start >> PAGE_SHIFT;
	nr_freers = (end - start) >> PAGE_SHIFT;
	freers = memblock_alloc(nr_freers * sizeof(*freers), PAGE_SIZE);
	if (!freers)
		pr_warn("debug_pagealloc: no memory for the table of freers: reports name no freer\n");
}

/**
 * debug_pagealloc_init() - unmap what the buddy holds after boot.
 *
 * mm_init() calls it once the buddy has every free page: from here on,
 * free_pages_prepare() unmaps each freed block and prep_new_page() maps
 * each allocation.
 */
/**
 * for_each_free_block() - call @fn on every block the buddy holds.
 * @fn: called with the block's first page and order, under its zone's lock.
 * @arg: passed to @fn.
 *
 * Return: the number of blocks.
 */
unsigned long for_each_free_block(void (*fn)(struct page *page, unsigned int order, void *arg),
				  void *arg)
{
	unsigned long blocks = 0;
	struct zone *zone;

	for_each_populated_zone(zone) {
		unsigned long flags;

		spin_lock_irqsave(&zone->lock, flags);
		for (unsigned int order = 0; order < MAX_ORDER; order++)
			for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
				struct page *page;

				list_for_each_entry(page, &zone->free_area[order].free_list[mt], lru) {
					fn(page, order, arg);
					blocks++;
				}
			}
		spin_unlock_irqrestore(&zone->lock, flags);
	}
	return blocks;
}

/* Unmaps one free block and counts its pages in *@pages. */
static void unmap_free_block(struct page *page, unsigned int order, void *pages)
{
	__kernel_map_pages(page, 1 << order, 0);
	*(unsigned long *)pages += 1UL << order;
}

void debug_pagealloc_init(void)
{
	unsigned long blocks, pages = 0;

	if (!debug_pagealloc_on)
		return;
	blocks = for_each_free_block(unmap_free_block, &pages);
	pr_info("debug_pagealloc: on: %lu free pages in %lu blocks unmapped from the linear map\n",
		pages, blocks);
}

void debug_pagealloc_unmap(struct page *page, unsigned int order, unsigned long freer)
{
	unsigned long *slot = freer_slot(page_to_pfn(page));

	if (slot)
		*slot = freer;
	__kernel_map_pages(page, 1 << order, 0);
}

void debug_pagealloc_map(struct page *page, unsigned int order)
{
	__kernel_map_pages(page, 1 << order, 1);
}

bool debug_pagealloc_fault(unsigned long addr, bool exec)
{
	struct page *page;
	unsigned long *slot;

	if (!debug_pagealloc_on)
		return false;
	/* Only the linear map is unmapped: not the image, nor other aliases. */
	if (addr < linear_start || addr >= linear_end)
		return false;
	page = virt_to_page((void *)addr);
	if (kernel_page_present(page)) {
		/*
		 * Mapped again since this hart cached it invalid: retry. The
		 * linear map is RW and never X, so only a fetch can fault on
		 * a present page for want of permission: that is real.
		 */
		if (exec)
			return false;
		local_flush_tlb_page(addr & PAGE_MASK);
		return true;
	}
	slot = freer_slot(page_to_pfn(page));
	pr_emerg("BUG: debug_pagealloc: access to free page at %#lx: pfn %#lx node %d zone %s\n",
		 addr, page_to_pfn(page), page_to_nid(page), zone_names[page_zonenum(page)]);
	if (slot && *slot)
		pr_emerg("page last freed by %pS\n", (void *)*slot);
	dump_page(page, "access to a free page (debug_pagealloc)");
	return false;
}
