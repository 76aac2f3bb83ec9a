/* SPDX-License-Identifier: MIT */
/*
 * mm/debug_pagealloc.h - free pages unmapped from the linear map
 * (mm/debug_pagealloc.c), and the arch's part of it.
 */
#ifndef TERN_MM_DEBUG_PAGEALLOC_H
#define TERN_MM_DEBUG_PAGEALLOC_H

#include "kernel/types.h"

struct page;

/* "debug_pagealloc=on" took effect (debug build only). */
extern bool debug_pagealloc_on;

/* The "debug_pagealloc" boot argument: on or off. */
int debug_pagealloc_setup(const char *value, void *arg);

/* mm_init(), memblock open: the table of freers. */
void debug_pagealloc_alloc_freers(void);

/* mm_init(), the buddy filled: unmap every free block. */
void debug_pagealloc_init(void);

/*
 * Calls @fn on every block the buddy holds (its first page, its order),
 * under the zone's lock; Returns the number of blocks.
 */
unsigned long for_each_free_block(void (*fn)(struct page *page, unsigned int order, void *arg),
				  void *arg);

/* free_pages_prepare(): unmap the block, remembering @freer (a code address). */
void debug_pagealloc_unmap(struct page *page, unsigned int order, unsigned long freer);

/* prep_new_page(): map the block again. */
void debug_pagealloc_map(struct page *page, unsigned int order);

/*
 * The fault handler's hook for a kernel page fault at @addr (@exec: an
 * instruction fetch): Returns true if the access is to be retried (its
 * page has been mapped again since this hart cached the entry);
 * otherwise, for a free page, reports it.
 */
bool debug_pagealloc_fault(unsigned long addr, bool exec);

/*
 * The arch: make @numpages pages from @page present (@enable) or not in
 * the linear map, flushing every hart's TLB of the pages made absent
 * (Linux's __kernel_map_pages), and say whether one is present.
 */
void __kernel_map_pages(struct page *page, int numpages, int enable);
bool kernel_page_present(struct page *page);

/* The arch: the linear map with 4 KiB leaves only (paging_init, boot hart). */
void linear_map_split_to_pages(void);

#endif
