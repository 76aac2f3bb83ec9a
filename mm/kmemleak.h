/* SPDX-License-Identifier: MIT */
/*
 * mm/kmemleak.h - the kernel memory leak detector, Linux's kmemleak.
 *
 * Every block the allocators hand to kernel code is tracked (address,
 * size, allocating hart, time, call stack): slab objects, kmalloc() of
 * any size, vmalloc() areas, and the pages of __get_free_pages(),
 * get_zeroed_page() and alloc_pages_exact(). `echo scan >
 * /sys/kernel/debug/kmemleak` looks for pointers to them in the kernel's
 * .data and .bss, every hart's stack and the tracked blocks themselves;
 * `cat /sys/kernel/debug/kmemleak` lists the blocks nothing points to,
 * in Linux's format. mm/kmemleak.c says how; docs/reliability.md how to
 * use it and what it does not see.
 *
 * Debug build only (TERN_DEBUG=1, as Linux's CONFIG_DEBUG_KMEMLEAK): in
 * the release build every call below is an empty inline, so no allocator
 * path pays anything. On by default there; `kmemleak=off` turns it off.
 *
 * min_count, as Linux: how many pointers to a block a scan must find for
 * it not to be a leak. 1 for an ordinary allocation; 0 for a block that
 * is never a leak but is scanned (kmemleak_not_leak()); -1 for one that
 * is neither reported nor scanned (kmemleak_ignore()). vmalloc areas
 * take 2, since their vm_struct points at them too.
 */
#ifndef TERN_MM_KMEMLEAK_H
#define TERN_MM_KMEMLEAK_H

#include "kernel/errno.h"
#include "kernel/types.h"
#include "mm/gfp.h"
#include "mm/page.h"

struct page;
struct vm_struct;

/*
 * A cache made with this flag is not tracked (Linux's; kmemleak's own
 * metadata is in pages of its own, not in a cache).
 */
#define SLAB_NOLEAKTRACE 0x00800000U	/* Linux 6.1's value */

/* page->owner_byte of a page of a tracked page allocation (debug build). */
#define KMEMLEAK_PAGE_OWNER 0x4b

/* Linux's default: a block younger than this at a scan is not reported. */
#define KMEMLEAK_MSECS_MIN_AGE 5000

/*
 * Boot arguments: "kmemleak=off|on" (Linux's), and tern's
 * "kmemleak.min_age_ms=N": report blocks older than N ms at the scan
 * (default KMEMLEAK_MSECS_MIN_AGE, as Linux; 0 for tests).
 */
int kmemleak_boot_config(const char *value, void *unused);
extern unsigned long kmemleak_min_age_ms;

#if TERN_DEBUG

/**
 * kmemleak_alloc() - track a block of @size bytes at @ptr.
 * @min_count: see the top of this file.
 * @gfp: the allocation's flags; the metadata is taken with the same
 *	urgency, never with reclaim the caller did not allow.
 *
 * Safe from any hart and from interrupt context. A block at the start of
 * one already tracked replaces it, with a log line (a free was missed);
 * overlapping blocks are logged by the next scan.
 */
void kmemleak_alloc(const void *ptr, size_t size, int min_count, gfp_t gfp);
/*
 * kmemleak_free() - forget the block that starts at @ptr, before it is
 * freed. NULL, or a pointer that starts no tracked block, is left to the
 * allocator's own checks: kmemleak says nothing.
 */
void kmemleak_free(const void *ptr);
/* The block at @ptr is no leak: never reported, still scanned. */
void kmemleak_not_leak(const void *ptr);
/* The block at @ptr is neither reported nor scanned. */
void kmemleak_ignore(const void *ptr);
/* The block at @ptr is reported as usual but not scanned for pointers. */
void kmemleak_no_scan(const void *ptr);

/* Hooks of the allocators (mm/slab.c, mm/vmalloc.c, mm/page_alloc.c). */
void kmemleak_vmalloc(const struct vm_struct *area, size_t size, gfp_t gfp);
void kmemleak_alloc_pages(void *addr, size_t size, gfp_t gfp);
void kmemleak_free_pages(struct page *page, unsigned int order);

/* Linux's names for the slab's calls: caches made SLAB_NOLEAKTRACE skip. */
static inline void kmemleak_alloc_recursive(const void *ptr, size_t size, int min_count,
					    unsigned int flags, gfp_t gfp)
{
	if (!(flags & SLAB_NOLEAKTRACE))
		kmemleak_alloc(ptr, size, min_count, gfp);
}

static inline void kmemleak_free_recursive(const void *ptr, unsigned int flags)
{
	if (!(flags & SLAB_NOLEAKTRACE))
		kmemleak_free(ptr);
}

/* __free_pages() of a page a tracked page allocation holds. */
static inline void kmemleak_free_pages_hook(struct page *page, unsigned int order)
{
	if (unlikely(page->owner_byte == KMEMLEAK_PAGE_OWNER))
		kmemleak_free_pages(page, order);
}

/*
 * Takes the metadata pool's first pages and registers
 * /sys/kernel/debug/kmemleak (kmemleak_file_ops; the host build leaves
 * the registering to its test); slab_init() calls it.
 */
void kmemleak_init(void);
struct vfs_file_ops;
extern const struct vfs_file_ops kmemleak_file_ops;

/**
 * kmemleak_scan() - what `echo scan` does: one scan, then the new leaks
 * are marked for the file and counted in the log.
 * Return: the number of new suspected leaks; -EBUSY if another scan is
 * running; -EPERM if kmemleak is off.
 */
int kmemleak_scan(void);

/* True while new blocks are tracked (not kmemleak=off, "off", or out of memory). */
bool kmemleak_tracking(void);

/*
 * Counts for the tests: blocks tracked now, and (if @reported is not
 * NULL) those the file lists.
 */
unsigned long kmemleak_tracked(unsigned long *reported);

/*
 * Pages the metadata pool has taken from the page allocator and keeps for
 * good (it grows as blocks are tracked): tests that count free pages
 * exactly add them back, as they do page-table pages.
 */
extern unsigned long kmemleak_pool_pages;

#else /* !TERN_DEBUG: nothing is tracked */
#define kmemleak_pool_pages 0UL

static inline void kmemleak_alloc(const void *ptr, size_t size, int min_count, gfp_t gfp) {}
static inline void kmemleak_free(const void *ptr) {}
static inline void kmemleak_not_leak(const void *ptr) {}
static inline void kmemleak_ignore(const void *ptr) {}
static inline void kmemleak_no_scan(const void *ptr) {}
static inline void kmemleak_vmalloc(const struct vm_struct *area, size_t size, gfp_t gfp) {}
static inline void kmemleak_alloc_pages(void *addr, size_t size, gfp_t gfp) {}
static inline void kmemleak_alloc_recursive(const void *ptr, size_t size, int min_count,
					    unsigned int flags, gfp_t gfp) {}
static inline void kmemleak_free_recursive(const void *ptr, unsigned int flags) {}
static inline void kmemleak_free_pages_hook(struct page *page, unsigned int order) {}
static inline void kmemleak_init(void) {}
static inline int kmemleak_scan(void) { return -EPERM; }
static inline bool kmemleak_tracking(void) { return false; }
static inline unsigned long kmemleak_tracked(unsigned long *reported)
{
	if (reported)
		*reported = 0;
	return 0;
}

#endif /* TERN_DEBUG */

#endif
