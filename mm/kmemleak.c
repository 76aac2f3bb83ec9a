// SPDX-License-Identifier: MIT
/*
 * DOC: kmemleak - a tracing collector that reports what it would collect
 *
 * Linux's kmemleak, for the debug build. Each tracked block has a struct
 * kmemleak_object, kept in a hash table by start address (which
 * kmemleak_free() and the others search). The table's chains are guarded
 * by KMEMLEAK_STRIPES spinlocks, a chain's lock guarding its objects'
 * state too, taken with interrupts off: the hooks are safe from any hart
 * and from interrupt handlers (cross-hart calls allocate), and harts
 * allocating at once rarely meet on a lock (one global lock made the
 * slab suite's 8-hart hand-off 100 times slower under an emulator with
 * fewer cores than harts, each waiter waiting for a preempted holder).
 * The metadata comes from a pool of kmemleak's own pages through a small
 * stash per hart (pool_take()); its pages are neither tracked nor
 * scanned, and never given back, so that kmemleak moves no pages under
 * the tests that count them.
 *
 * A scan (kmemleak_scan()) is Linux's algorithm:
 *
 *   1. every object white (count 0); those with min_count 0 are gray
 *      from the start;
 *   2. the roots are scanned: .data and .bss (minus kmemleak's own pool,
 *      and minus the boot hart's stack, which is in .bss), then every
 *      hart's stack from its stack pointer up, each hart scanning its own
 *      in a cross-hart call (so the registers a call or trap saved there
 *      count, and the dead stack below sp, full of stale pointers, does
 *      not). Each aligned word that points anywhere into a white object
 *      adds one to its count; reaching min_count turns it gray and queues
 *      it;
 *   3. gray objects are scanned in turn for more such words (a block's
 *      pointer to itself does not count), until the queue is empty;
 *   4. objects made while the scan ran are scanned too (their pointers
 *      may be the only ones left to an older block), and every white
 *      object whose contents changed since the last scan (a checksum, as
 *      Linux's crc32) is made gray for this scan and scanned: it is
 *      being worked on, not lost. So a new block is reported by the
 *      second scan after it was last written, as in Linux;
 *   5. white objects old enough (allocated kmemleak_min_age_ms before
 *      the scan started; Linux's MSECS_MIN_AGE, 5 s) are leaks: newly
 *      found ones are marked reported and counted in the log.
 *
 * "Does this word point into a tracked block" needs a search by address,
 * not by start: the scan takes a snapshot of the objects at its start,
 * sorted by address (a heapsort into page-sized index blocks), and binary
 * searches it; Linux keeps a search tree up to date on every allocation
 * instead, which tern's allocation paths need not pay for. While a scan
 * (or a read of the file) runs, freed objects leave the table at once
 * (their blocks are no longer read) but their metadata is kept until it
 * ends, since the snapshot still points at it. A block is read under its
 * chain's lock, SCAN_CHUNK bytes at a time, and checked still allocated
 * after each break: a free waits for the piece being read, and the hooks
 * run before any allocator unmaps or poisons what it frees, so nothing is
 * read after it is gone.
 *
 * What is tracked, and what not (docs/reliability.md says why): slab
 * objects (kmem_cache_alloc and kmalloc, at the cache's object size, as
 * Linux 6.1), large kmalloc (its size), vmalloc areas (min_count 2: the
 * vm_struct points at the area too), and the pages handed out by address
 * (__get_free_pages, get_zeroed_page, alloc_pages_exact: a tern
 * extension, Linux tracks no pages). Pages handed out as struct page
 * (alloc_pages and friends: slabs, vmalloc's pages, page tables,
 * mempools) are neither tracked nor scanned: their users hold them by
 * struct page or pfn, which a scan for addresses cannot see.
 */
#define pr_fmt(fmt) "kmemleak: " fmt

#include "mm/kmemleak.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/printk.h"

unsigned long kmemleak_min_age_ms = KMEMLEAK_MSECS_MIN_AGE;
static bool kmemleak_boot_off;	/* kmemleak=off */

int kmemleak_boot_config(const char *value, void *unused)
{
	bool on;

	if (!value || parse_bool(value, &on)) {
		/* The parser's words, without this file's prefix. */
		printk(KERN_ERR "cmdline: kmemleak=%s: expected on or off\n", value ? value : "");
		return -EINVAL;
	}
	kmemleak_boot_off = !on;
	if (on && !TERN_DEBUG)
		pr_info("not in this kernel: the debug build (DEBUG=1) has it\n");
	return 0;
}

#if TERN_DEBUG

#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"
#include "kernel/vfs.h"
#include "lib/string.h"
#include "mm/page.h"
#include "mm/vmalloc.h"
#include <asm/irqflags.h>
#ifndef TERN_HOST
#include "kernel/stacktrace.h"
#endif

#define KMEMLEAK_TRACE 16	/* frames kept per block, as Linux's MAX_TRACE */
#define KMEMLEAK_POOL_SIZE 512	/* metadata before the page allocator is up */
#define KMEMLEAK_HASH_BITS 14
#define KMEMLEAK_STRIPES 256	/* chain locks; chain i has lock i % STRIPES */
#define STASH_MAX 64		/* metadata a hart keeps at most */
#define STASH_BATCH 32		/* and moves from or to the pool at once */
#define SCAN_CHUNK 4096		/* bytes read per hold of a lock */
#define SCAN_FOUND 32		/* pointers found per piece, counted after it */
#define HEX_ROW_SIZE 16
#define HEX_MAX_LINES 2
#define KMEMLEAK_HZ 250		/* the "jiffies" printed: local_clock() / 4 ms */

/* Linux's colours, by min_count. */
#define KMEMLEAK_GREY 0
#define KMEMLEAK_BLACK (-1)

/* Linux's object flags, and tern's. */
#define OBJECT_ALLOCATED (1U << 0)	/* tracked and not freed */
#define OBJECT_REPORTED (1U << 1)	/* a scan found it leaked: the file lists it */
#define OBJECT_NO_SCAN (1U << 2)	/* its contents are not scanned */
#define OBJECT_QUEUED (1U << 8)		/* on the gray queue of the running scan */

struct kmemleak_object {
	/*
	 * Guarded by the chain's lock: hash_next (the chain; once freed in
	 * a scan, the deferred list), flags, min_count, count, checksum.
	 * Set before the object is linked and never changed: the rest.
	 */
	struct kmemleak_object *hash_next;
	struct kmemleak_object *gray_next;	/* the scan's queue, or its new objects */
	unsigned long pointer;
	size_t size;
	u64 time_ns;			/* local_clock() at allocation */
	int min_count;
	int count;			/* references the running scan found */
	u32 checksum;			/* of the contents, at the last scan */
	u16 flags;
	u8 cpu;				/* the allocating hart */
	u8 nr_trace;
	unsigned long trace[KMEMLEAK_TRACE];
};

static struct kmemleak_object *object_hash[1U << KMEMLEAK_HASH_BITS];
static struct stripe {
	spinlock_t lock;
} ____cacheline_aligned stripes[KMEMLEAK_STRIPES];
static unsigned long nr_objects;	/* atomic */
static unsigned int kmemleak_enabled = true;	/* new blocks are tracked (atomic) */
static bool kmemleak_initialized;	/* kmemleak_init() ran: the pool may grow */
static bool stack_scan = true;		/* stack=on|off */
static u64 last_scan_ns;		/* when the last scan started */

/*
 * What the scans must not read: the pool holds the start of every block
 * it tracks, the index's bounds two of them, and each would keep its
 * block from ever being reported.
 */
static struct {
	struct kmemleak_object mem_pool[KMEMLEAK_POOL_SIZE];
	unsigned long index_min, index_max;	/* the snapshot's span */
} unscanned;
#define mem_pool unscanned.mem_pool
#define index_min unscanned.index_min
#define index_max unscanned.index_max

/*
 * The state of the one scan or file read that runs (scan_claimed), under
 * scan_state_lock, which nests inside a chain's lock: while it runs, the
 * hooks queue new objects for it and keep the metadata of freed ones.
 */
static DEFINE_SPINLOCK(scan_state_lock);
static bool scan_running;
static struct kmemleak_object *deferred_free;	/* freed during the scan, by hash_next */
static struct kmemleak_object *new_objects;	/* made during the scan, by gray_next */
static unsigned int scan_claimed;		/* atomic flag */
/* The scanner's own: the gray queue, through gray_next. */
static struct kmemleak_object *gray_head, *gray_tail;

/* ------------------------------------------------------- metadata --- */

static unsigned int hash_of(unsigned long ptr)
{
	return (unsigned int)(((ptr >> 3) * 0x61c8864680b583ebUL) >> (64 - KMEMLEAK_HASH_BITS));
}

static spinlock_t *lock_of(unsigned long ptr)
{
	return &stripes[hash_of(ptr) % KMEMLEAK_STRIPES].lock;
}

/* Returns the live object that starts at @ptr, or NULL; its lock held. */
static struct kmemleak_object *find_object(unsigned long ptr)
{
	struct kmemleak_object *o = object_hash[hash_of(ptr)];

	while (o && o->pointer != ptr)
		o = o->hash_next;
	return o;
}

/* Takes @o out of its chain; its lock held. */
static void unhash_object(struct kmemleak_object *o)
{
	struct kmemleak_object **link = &object_hash[hash_of(o->pointer)];

	while (*link != o)
		link = &(*link)->hash_next;
	*link = o->hash_next;
}

/*
 * The pool: the static mem_pool[] until the page allocator is up, then
 * 4 MiB from kmemleak_init() (some 20,000 blocks: a whole ktest run
 * peaks near 6,500), and another block of pages whenever it runs out.
 * Each hart keeps a stash of up to STASH_MAX entries, with interrupts off,
 * so that most allocations and frees take no shared lock for it.
 */
static DEFINE_SPINLOCK(pool_lock);
unsigned long kmemleak_pool_pages;
static struct kmemleak_object *pool_free;	/* free entries, by hash_next */
static unsigned long pool_avail;		/* entries on it */
static bool static_pool_added;
static struct stash {
	struct kmemleak_object *head;
	unsigned int count;
} ____cacheline_aligned stashes[NR_CPUS];

/* Puts the @n entries at @objs on the free list; pool_lock held. */
static void pool_add(struct kmemleak_object *objs, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		objs[i].hash_next = pool_free;
		pool_free = &objs[i];
	}
	pool_avail += n;
}

/*
 * The pool's pages: the caller's urgency (GFP_ATOMIC stays atomic,
 * GFP_KERNEL may reclaim), never a warning, never an injected fault.
 */
static gfp_t kmemleak_gfp(gfp_t gfp)
{
	return (gfp & (GFP_KERNEL | GFP_ATOMIC)) | __GFP_NOWARN | __GFP_NOFAIL;
}

/* Adds a block of pages to the pool; Returns false if none could be had. */
static bool pool_grow(gfp_t gfp)
{
	static const unsigned int orders[] = { MAX_ORDER - 1, 4, 0 };
	struct page *page = NULL;
	unsigned int order = 0;
	unsigned long flags;

	for (unsigned int i = 0; i < ARRAY_SIZE(orders) && !page; i++) {
		order = orders[i];
		/* alloc_pages: struct-page memory, neither tracked nor scanned. */
		page = alloc_pages(kmemleak_gfp(gfp), order);
	}
	if (!page)
		return false;
	spin_lock_irqsave(&pool_lock, flags);
	pool_add(page_address(page), (PAGE_SIZE << order) / sizeof(struct kmemleak_object));
	spin_unlock_irqrestore(&pool_lock, flags);
	__atomic_fetch_add(&kmemleak_pool_pages, 1UL << order, __ATOMIC_RELAXED);
	return true;
}

/* The calling hart's stash, or NULL when there is no hart (host threads). */
static struct stash *this_stash(void)
{
	struct hart *h = this_hart();

	return h ? &stashes[h->cpu] : NULL;
}

/* Moves up to @n entries from the pool to @s; interrupts off. */
static void stash_refill(struct stash *s, unsigned int n)
{
	spin_lock(&pool_lock);
	if (!static_pool_added) {
		static_pool_added = true;
		pool_add(mem_pool, KMEMLEAK_POOL_SIZE);
	}
	while (n-- && pool_free) {
		struct kmemleak_object *o = pool_free;

		pool_free = o->hash_next;
		pool_avail--;
		o->hash_next = s->head;
		s->head = o;
		s->count++;
	}
	spin_unlock(&pool_lock);
}

/* Returns a free entry, or NULL if the pool is empty. */
static struct kmemleak_object *pool_take(void)
{
	struct stash own = { NULL, 0 }, *s;
	unsigned long flags = arch_local_irq_save();
	struct kmemleak_object *o;

	s = this_stash() ?: &own;
	if (!s->count)
		stash_refill(s, s == &own ? 1 : STASH_BATCH);
	o = s->head;
	if (o) {
		s->head = o->hash_next;
		s->count--;
		o->flags = 0;
	}
	arch_local_irq_restore(flags);
	return o;
}

/* Gives back the entries of a chain through hash_next. */
static void pool_put_chain(struct kmemleak_object *chain)
{
	unsigned long flags = arch_local_irq_save();
	struct stash *s = this_stash();

	while (chain) {
		struct kmemleak_object *o = chain;

		chain = o->hash_next;
		if (s) {
			o->hash_next = s->head;
			s->head = o;
			s->count++;
		}
		if (!s || s->count > STASH_MAX) {
			spin_lock(&pool_lock);
			if (!s) {
				o->hash_next = pool_free;
				pool_free = o;
				pool_avail++;
			}
			while (s && s->count > STASH_MAX - STASH_BATCH) {
				o = s->head;
				s->head = o->hash_next;
				s->count--;
				o->hash_next = pool_free;
				pool_free = o;
				pool_avail++;
			}
			spin_unlock(&pool_lock);
		}
	}
	arch_local_irq_restore(flags);
}

static void pool_put(struct kmemleak_object *o)
{
	o->hash_next = NULL;
	pool_put_chain(o);
}

static struct kmemleak_object *alloc_metadata(gfp_t gfp)
{
	struct kmemleak_object *o = pool_take();

	if (!o && READ_ONCE(kmemleak_initialized) && pool_grow(gfp))
		o = pool_take();
	return o;
}

/*
 * Linux disables kmemleak when it cannot track a block: a block it does
 * not know of is not scanned, and whatever only it points to would be
 * reported. Frees are still followed, so that the list never names
 * memory that is gone.
 */
static void kmemleak_disable(const char *why)
{
	if (!__atomic_exchange_n(&kmemleak_enabled, 0U, __ATOMIC_RELAXED))
		return;
	if (why)
		pr_err("%s\n", why);
	pr_info("Kernel memory leak detector disabled\n");
}

static bool tracking(void)
{
	return __atomic_load_n(&kmemleak_enabled, __ATOMIC_RELAXED) && !READ_ONCE(kmemleak_boot_off);
}

bool kmemleak_tracking(void)
{
	return tracking();
}

/*
 * A freed object, out of its chain (its lock held): back to the pool, or
 * kept until the running scan ends. Returns it if the caller must give
 * it back after dropping the lock.
 */
static struct kmemleak_object *retire_object(struct kmemleak_object *o)
{
	o->flags &= ~OBJECT_ALLOCATED;
	__atomic_fetch_sub(&nr_objects, 1, __ATOMIC_RELAXED);
	if (READ_ONCE(scan_running)) {
		spin_lock(&scan_state_lock);
		if (scan_running) {
			o->hash_next = deferred_free;
			deferred_free = o;
			o = NULL;
		}
		spin_unlock(&scan_state_lock);
	}
	return o;
}

/* Links @o, made for the block [@ptr, @ptr + @size), into the table. */
static void insert_object(struct kmemleak_object *o, unsigned long ptr, size_t size,
			  int min_count)
{
	struct kmemleak_object *old, *give_back = NULL;
	struct kmemleak_object **chain = &object_hash[hash_of(ptr)];
	spinlock_t *lock = lock_of(ptr);
	struct hart *h = this_hart();
	size_t old_size = 0;
	unsigned long flags;

	o->pointer = ptr;
	o->size = size;
	o->min_count = min_count;
	o->count = 0;
	o->checksum = 0;
	o->flags = OBJECT_ALLOCATED;
	o->cpu = h ? (u8)h->cpu : 0;
	o->time_ns = local_clock();
	o->gray_next = NULL;

	spin_lock_irqsave(lock, flags);
	if (!tracking()) {
		spin_unlock_irqrestore(lock, flags);
		pool_put(o);
		return;
	}
	/* A block at the same start was never freed through kmemleak: drop it. */
	old = find_object(ptr);
	if (old) {
		old_size = old->size;
		unhash_object(old);
		give_back = retire_object(old);
	}
	o->hash_next = *chain;
	*chain = o;
	__atomic_fetch_add(&nr_objects, 1, __ATOMIC_RELAXED);
	if (READ_ONCE(scan_running)) {
		spin_lock(&scan_state_lock);
		if (scan_running) {
			o->gray_next = new_objects;
			new_objects = o;
		}
		spin_unlock(&scan_state_lock);
	}
	spin_unlock_irqrestore(lock, flags);
	if (give_back)
		pool_put(give_back);
	if (old)
		pr_warn("block 0x%08lx (size %zu) allocated again without a free; the old one forgotten\n",
			ptr, old_size);
}

/*
 * The caller's call stack into @o, from the frame of the hook that was
 * called (each public hook calls this directly, so @skip 1 starts at the
 * hook's caller, as Linux's traces start at the allocator).
 */
static __always_inline void save_trace(struct kmemleak_object *o)
{
#ifdef TERN_HOST
	o->trace[0] = (unsigned long)__builtin_return_address(0);
	o->nr_trace = 1;
#else
	o->nr_trace = stack_trace_save(o->trace, KMEMLEAK_TRACE, 1);
#endif
}

/* Returns metadata with the caller's trace, or NULL (kmemleak then off). */
static __always_inline struct kmemleak_object *new_object(gfp_t gfp)
{
	struct kmemleak_object *o;

	if (!tracking())
		return NULL;
	o = alloc_metadata(gfp);
	if (!o) {
		kmemleak_disable("Cannot allocate a kmemleak_object structure");
		return NULL;
	}
	save_trace(o);
	return o;
}

void kmemleak_alloc(const void *ptr, size_t size, int min_count, gfp_t gfp)
{
	struct kmemleak_object *o;

	if (!ptr || !size)
		return;
	o = new_object(gfp);
	if (o)
		insert_object(o, (unsigned long)ptr, size, min_count);
}

void kmemleak_vmalloc(const struct vm_struct *area, size_t size, gfp_t gfp)
{
	struct kmemleak_object *o = new_object(gfp);

	/* min_count 2: area->addr, in the kmalloc()ed vm_struct, is one. */
	if (o)
		insert_object(o, area->addr, size, 2);
}

void kmemleak_alloc_pages(void *addr, size_t size, gfp_t gfp)
{
	unsigned long pages = DIV_ROUND_UP(size, PAGE_SIZE);
	struct page *page = virt_to_page(addr);
	struct kmemleak_object *o;

	o = new_object(gfp);
	if (!o)
		return;
	/* Each page knows its place, so a free of any of them finds the block. */
	for (unsigned long i = 0; i < pages; i++) {
		page[i].owner_byte = KMEMLEAK_PAGE_OWNER;
		page[i].owner_data = (u16)i;
	}
	insert_object(o, (unsigned long)addr, size, 1);
}

/* Forgets the object at @ptr, if there is one. */
static void delete_object(unsigned long ptr)
{
	struct kmemleak_object *o, *give_back = NULL;
	spinlock_t *lock = lock_of(ptr);
	unsigned long flags;

	spin_lock_irqsave(lock, flags);
	o = find_object(ptr);
	if (o) {
		unhash_object(o);
		give_back = retire_object(o);
	}
	spin_unlock_irqrestore(lock, flags);
	if (give_back)
		pool_put(give_back);
}

void kmemleak_free(const void *ptr)
{
	/* Not tracking()'s test: frees are followed after "off" too. */
	if (ptr && __atomic_load_n(&nr_objects, __ATOMIC_RELAXED))
		delete_object((unsigned long)ptr);
}

void kmemleak_free_pages(struct page *page, unsigned int order)
{
	unsigned long last = 0;

	for (unsigned long i = 0; i < 1UL << order; i++) {
		unsigned long start;

		if (page[i].owner_byte != KMEMLEAK_PAGE_OWNER)
			continue;
		start = (unsigned long)page_address(&page[i]) - page[i].owner_data * PAGE_SIZE;
		page[i].owner_byte = 0;
		page[i].owner_data = 0;
		if (start != last)
			delete_object(start);
		last = start;
	}
}

/*
 * Linux's __paint_it() and its NO_SCAN: sets the min_count of the object
 * at @ptr (unless @min_count is PAINT_KEEP) and, with @no_scan, stops its
 * scanning.
 */
#define PAINT_KEEP (-2)
static void paint(const void *ptr, int min_count, bool no_scan)
{
	spinlock_t *lock = lock_of((unsigned long)ptr);
	struct kmemleak_object *o;
	unsigned long flags;

	if (!ptr)
		return;
	spin_lock_irqsave(lock, flags);
	o = find_object((unsigned long)ptr);
	if (o) {
		if (no_scan)
			o->flags |= OBJECT_NO_SCAN;
		if (min_count != PAINT_KEEP)
			o->min_count = min_count;
	}
	spin_unlock_irqrestore(lock, flags);
}

void kmemleak_not_leak(const void *ptr)
{
	paint(ptr, KMEMLEAK_GREY, false);
}

void kmemleak_ignore(const void *ptr)
{
	paint(ptr, KMEMLEAK_BLACK, true);
}

void kmemleak_no_scan(const void *ptr)
{
	paint(ptr, PAINT_KEEP, true);
}

/* -------------------------------------------------------- colours --- */

static bool color_white(const struct kmemleak_object *o)
{
	return o->min_count != KMEMLEAK_BLACK && o->count < o->min_count;
}

static bool color_gray(const struct kmemleak_object *o)
{
	return o->min_count != KMEMLEAK_BLACK && o->count >= o->min_count;
}

/* Linux's "unreferenced object" test, against the last scan; lock held. */
static bool unreferenced_object(const struct kmemleak_object *o)
{
	u64 min_age_ns = (u64)READ_ONCE(kmemleak_min_age_ms) * 1000000ULL;

	return (o->flags & OBJECT_ALLOCATED) && color_white(o) &&
	       o->time_ns + min_age_ns <= last_scan_ns;
}

/* Calls @fn for every object, each chain under its lock. */
static void for_each_object(void (*fn)(struct kmemleak_object *o, void *arg), void *arg)
{
	for (unsigned int s = 0; s < KMEMLEAK_STRIPES; s++) {
		unsigned long flags;

		spin_lock_irqsave(&stripes[s].lock, flags);
		for (unsigned int b = s; b < ARRAY_SIZE(object_hash); b += KMEMLEAK_STRIPES)
			for (struct kmemleak_object *o = object_hash[b]; o; o = o->hash_next)
				fn(o, arg);
		spin_unlock_irqrestore(&stripes[s].lock, flags);
	}
}

static void count_reported(struct kmemleak_object *o, void *arg)
{
	*(unsigned long *)arg += !!(o->flags & OBJECT_REPORTED);
}

unsigned long kmemleak_tracked(unsigned long *reported)
{
	if (reported) {
		*reported = 0;
		for_each_object(count_reported, reported);
	}
	return __atomic_load_n(&nr_objects, __ATOMIC_RELAXED);
}

/* ----------------------------------------------------------- scan --- */

/*
 * The scan reads memory that other harts write and that the sanitizers
 * of the host build do not own (globals' red zones, the arena): plain
 * word loads, not instrumented.
 */
#define NO_SANITIZE __attribute__((no_sanitize("address", "thread")))

/* The snapshot: objects in page-sized index blocks, sorted by address for a scan. */
#define INDEX_PER_PAGE (PAGE_SIZE / sizeof(struct kmemleak_object *))
#define INDEX_PAGES 1024	/* at most 512 Ki objects in one scan */
static struct kmemleak_object **index_pages[INDEX_PAGES];
static unsigned long index_len, index_room;

static struct kmemleak_object **index_slot(unsigned long i)
{
	return &index_pages[i / INDEX_PER_PAGE][i % INDEX_PER_PAGE];
}

static struct kmemleak_object *index_at(unsigned long i)
{
	return *index_slot(i);
}

static void index_free(void)
{
	for (unsigned int i = 0; i < INDEX_PAGES && index_pages[i]; i++) {
		free_page((unsigned long)index_pages[i]);
		index_pages[i] = NULL;
	}
	index_len = index_room = 0;
}

/* Room for @n entries; Returns false if there is not (all freed again). */
static bool index_reserve(unsigned long n)
{
	unsigned long pages = DIV_ROUND_UP(n, INDEX_PER_PAGE);

	if (pages > INDEX_PAGES)
		return false;
	for (unsigned long i = 0; i < pages; i++) {
		struct page *page;

		if (index_pages[i])
			continue;
		/* alloc_page: struct-page memory, neither tracked nor scanned. */
		page = alloc_page(GFP_KERNEL | __GFP_NOWARN | __GFP_NOFAIL);
		if (!page) {
			index_free();
			return false;
		}
		index_pages[i] = page_address(page);
	}
	index_room = pages * INDEX_PER_PAGE;
	return true;
}

/* Heapsort of the snapshot by @key (no recursion, no extra memory). */
static void index_sift(unsigned long root, unsigned long len,
		       u64 (*key)(const struct kmemleak_object *))
{
	for (;;) {
		unsigned long child = 2 * root + 1;
		struct kmemleak_object *tmp;

		if (child >= len)
			return;
		if (child + 1 < len && key(index_at(child + 1)) > key(index_at(child)))
			child++;
		if (key(index_at(root)) >= key(index_at(child)))
			return;
		tmp = index_at(root);
		*index_slot(root) = index_at(child);
		*index_slot(child) = tmp;
		root = child;
	}
}

static void index_sort(u64 (*key)(const struct kmemleak_object *))
{
	for (unsigned long i = index_len / 2; i-- > 0;)
		index_sift(i, index_len, key);
	for (unsigned long end = index_len; end-- > 1;) {
		struct kmemleak_object *tmp = index_at(0);

		*index_slot(0) = index_at(end);
		*index_slot(end) = tmp;
		index_sift(0, end, key);
	}
}

static u64 by_address(const struct kmemleak_object *o)
{
	return o->pointer;
}

static u64 by_age(const struct kmemleak_object *o)
{
	return o->time_ns;
}

/* Returns the snapshot's object holding address @v, or NULL. */
static struct kmemleak_object *lookup(unsigned long v)
{
	unsigned long lo = 0, hi = index_len;
	struct kmemleak_object *o;

	/* The last object starting at or below @v. */
	while (hi - lo > 1) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (index_at(mid)->pointer <= v)
			lo = mid;
		else
			hi = mid;
	}
	o = index_at(lo);
	return v >= o->pointer && v - o->pointer < o->size ? o : NULL;
}

/* Puts @o at the tail of the gray queue; its lock held. */
static void queue_gray(struct kmemleak_object *o)
{
	if (o->flags & OBJECT_QUEUED)
		return;
	o->flags |= OBJECT_QUEUED;
	o->gray_next = NULL;
	if (gray_tail)
		gray_tail->gray_next = o;
	else
		gray_head = o;
	gray_tail = o;
}

/* Counts the references found to @n snapshot objects, each under its lock. */
static void update_refs(struct kmemleak_object *const *found, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		struct kmemleak_object *o = found[i];
		spinlock_t *lock = lock_of(o->pointer);
		unsigned long flags;

		spin_lock_irqsave(lock, flags);
		if ((o->flags & OBJECT_ALLOCATED) && color_white(o)) {
			o->count++;
			if (color_gray(o))
				queue_gray(o);
		}
		spin_unlock_irqrestore(lock, flags);
	}
}

/*
 * The host build's vmalloc range is a page table of its own, not mapped
 * in the test process: its areas are tracked but never read there.
 */
static bool readable(const struct kmemleak_object *o)
{
#ifdef TERN_HOST
	return !is_vmalloc_addr((const void *)o->pointer);
#else
	return true;
#endif
}

static bool still_scanned(const struct kmemleak_object *o)
{
	return (o->flags & OBJECT_ALLOCATED) && !(o->flags & OBJECT_NO_SCAN) && readable(o);
}

/*
 * Scans the words of [@start, @end) for pointers into the snapshot's
 * objects. With @within set, [@start, @end) is its block, read a piece at
 * a time under its lock (a pointer to itself does not count, and the
 * scan stops if it is freed meanwhile); the pointers found in a piece
 * are counted after it, without that lock.
 */
static NO_SANITIZE void scan_block(unsigned long start, unsigned long end,
				   struct kmemleak_object *within)
{
	spinlock_t *lock = within ? lock_of(within->pointer) : NULL;

	start = ALIGN_UP(start, sizeof(long));
	while (start + sizeof(long) <= end) {
		unsigned long stop = start + min(end - start, (unsigned long)SCAN_CHUNK);
		struct kmemleak_object *found[SCAN_FOUND];
		unsigned int n = 0;
		unsigned long flags = 0;

		if (lock) {
			spin_lock_irqsave(lock, flags);
			if (!still_scanned(within)) {
				spin_unlock_irqrestore(lock, flags);
				return;
			}
		}
		for (; start + sizeof(long) <= stop && n < SCAN_FOUND; start += sizeof(long)) {
			unsigned long v = *(const volatile unsigned long *)start;
			struct kmemleak_object *o;

			if (v < index_min || v >= index_max)
				continue;
			o = lookup(v);
			if (o && o != within)
				found[n++] = o;
		}
		if (lock)
			spin_unlock_irqrestore(lock, flags);
		update_refs(found, n);
	}
}

/* Takes the next object off the gray queue. */
static struct kmemleak_object *pop_gray(void)
{
	struct kmemleak_object *o = gray_head;

	if (o) {
		gray_head = o->gray_next;
		if (!gray_head)
			gray_tail = NULL;
	}
	return o;
}

/* Takes the next object made since the scan started. */
static struct kmemleak_object *pop_new(void)
{
	struct kmemleak_object *o;
	unsigned long flags;

	spin_lock_irqsave(&scan_state_lock, flags);
	o = new_objects;
	if (o)
		new_objects = o->gray_next;
	spin_unlock_irqrestore(&scan_state_lock, flags);
	return o;
}

/*
 * Scans every object @pop hands out, until it has no more (what they
 * point to joins the gray queue). An object's pointer and size never
 * change once it is tracked, and its metadata outlives the scan.
 */
static void scan_objects(struct kmemleak_object *(*pop)(void), bool dequeue)
{
	struct kmemleak_object *o;

	while ((o = pop())) {
		if (dequeue) {
			spinlock_t *lock = lock_of(o->pointer);
			unsigned long flags;

			spin_lock_irqsave(lock, flags);
			o->flags &= ~OBJECT_QUEUED;
			spin_unlock_irqrestore(lock, flags);
		}
		scan_block(o->pointer, o->pointer + o->size, o);
	}
}

static void scan_gray_list(void)
{
	scan_objects(pop_gray, true);
}

static void scan_new_objects(void)
{
	scan_objects(pop_new, false);
}

/*
 * Step 4's second half: if @o is white and its contents changed since the
 * last scan (a word-wise multiplicative hash, zero for zeroed memory as
 * Linux's crc32 is), it is gray for this scan and queued. Read a piece
 * at a time under its lock. Returns true if it was.
 */
static NO_SANITIZE bool gray_if_modified(struct kmemleak_object *o)
{
	unsigned long p = o->pointer, end = o->pointer + o->size, flags;
	spinlock_t *lock = lock_of(o->pointer);
	bool changed;
	u64 h = 0;
	u32 sum;

	if (!readable(o))
		end = p;	/* its checksum stays 0 */
	spin_lock_irqsave(lock, flags);
	while (p < end) {
		unsigned long stop = p + min(end - p, (unsigned long)SCAN_CHUNK);

		if (!(o->flags & OBJECT_ALLOCATED) || !color_white(o)) {
			spin_unlock_irqrestore(lock, flags);
			return false;
		}
		for (; p < stop; p += sizeof(long)) {
			unsigned long w = 0;

			if (stop - p >= sizeof(long))
				w = *(const volatile unsigned long *)p;
			else
				for (unsigned long i = 0; i < stop - p; i++)
					w |= (unsigned long)((const volatile u8 *)p)[i] << (8 * i);
			h = (h ^ w) * 0x100000001b3ULL;
			h ^= h >> 29;
		}
		if (p < end) {
			spin_unlock_irqrestore(lock, flags);
			spin_lock_irqsave(lock, flags);
		}
	}
	sum = (u32)(h ^ (h >> 32));
	changed = (o->flags & OBJECT_ALLOCATED) && color_white(o) && sum != o->checksum;
	if (changed) {
		o->checksum = sum;
		o->count = o->min_count;
		queue_gray(o);
	}
	spin_unlock_irqrestore(lock, flags);
	return changed;
}

/* Every snapshot object through gray_if_modified(); Returns true if any was. */
static bool gray_modified_objects(void)
{
	bool any = false;

	for (unsigned long i = 0; i < index_len; i++)
		any |= gray_if_modified(index_at(i));
	return any;
}

#ifdef TERN_HOST
/* The host: the test program's own data and bss; its stacks are not scanned. */
extern char __data_start[], _edata[], __bss_start[], _end[];
#define ROOTS_DATA_START __data_start
#define ROOTS_DATA_END _edata
#define ROOTS_BSS_START __bss_start
#define ROOTS_BSS_END _end
#else
#include <asm/page.h>
extern char _sdata[], _edata[], __bss_start[], __bss_end[], boot_stack_top[];
#define ROOTS_DATA_START _sdata
#define ROOTS_DATA_END _edata
#define ROOTS_BSS_START __bss_start
#define ROOTS_BSS_END __bss_end
#endif

/* Scans [@start, @end) but for the @n ranges @skip (sorted, disjoint). */
static void scan_range_except(unsigned long start, unsigned long end,
			      const unsigned long (*skip)[2], unsigned int n)
{
	for (unsigned int i = 0; i < n && start < end; i++) {
		if (skip[i][1] <= start || skip[i][0] >= end)
			continue;
		if (skip[i][0] > start)
			scan_block(start, skip[i][0], NULL);
		start = max(start, skip[i][1]);
	}
	if (start < end)
		scan_block(start, end, NULL);
}

static void scan_data_and_bss(void)
{
	unsigned long skip[2][2] = {
		{ (unsigned long)&unscanned, (unsigned long)(&unscanned + 1) },
#ifdef TERN_HOST
		{ 0, 0 },
#else
		/* scanned as a stack, from its live part up */
		{ (unsigned long)boot_stack_top - KERNEL_STACK_SIZE, (unsigned long)boot_stack_top },
#endif
	};

	if (skip[1][0] < skip[0][0]) {
		unsigned long a = skip[0][0], b = skip[0][1];

		skip[0][0] = skip[1][0];
		skip[0][1] = skip[1][1];
		skip[1][0] = a;
		skip[1][1] = b;
	}
	scan_range_except((unsigned long)ROOTS_DATA_START, (unsigned long)ROOTS_DATA_END,
			  skip, 2);
	scan_range_except((unsigned long)ROOTS_BSS_START, (unsigned long)ROOTS_BSS_END,
			  skip, 2);
}

#ifndef TERN_HOST
/* On a hart, in a cross-hart call: its stack from sp to the top. */
static void scan_own_stack(void *unused)
{
	unsigned long top = this_hart()->kernel_sp, sp;

	__asm__ volatile("mv %0, sp" : "=r"(sp));
	if (top && sp >= top - KERNEL_STACK_SIZE && sp < top)
		scan_block(sp, top, NULL);
}
#endif

/* Each hart's stack in turn, so that the gray queue has one writer. */
static void scan_stacks(void)
{
#ifndef TERN_HOST
	unsigned int cpu;

	if (!READ_ONCE(stack_scan))
		return;
	for_each_online_cpu(cpu)
		smp_call_function_single(cpu, scan_own_stack, NULL, true);
#endif
}

/*
 * Claims the scan state for a scan or a file read: from here on the
 * hooks keep the metadata of what is freed. Returns 0 or -EBUSY.
 */
static int claim_scan_state(void)
{
	unsigned long flags;

	if (__atomic_exchange_n(&scan_claimed, 1U, __ATOMIC_ACQUIRE))
		return -EBUSY;
	spin_lock_irqsave(&scan_state_lock, flags);
	scan_running = true;
	new_objects = NULL;
	spin_unlock_irqrestore(&scan_state_lock, flags);
	gray_head = gray_tail = NULL;
	return 0;
}

/* Ends it: the hooks free at once again; the kept metadata goes back. */
static void release_scan_state(void)
{
	struct kmemleak_object *deferred;
	unsigned long flags;

	spin_lock_irqsave(&scan_state_lock, flags);
	scan_running = false;
	deferred = deferred_free;
	deferred_free = NULL;
	new_objects = NULL;
	spin_unlock_irqrestore(&scan_state_lock, flags);
	gray_head = gray_tail = NULL;
	pool_put_chain(deferred);
	index_free();
	__atomic_store_n(&scan_claimed, 0U, __ATOMIC_RELEASE);
}

struct snapshot_arg {
	bool (*want)(struct kmemleak_object *o);	/* NULL: all */
	bool full;					/* more than the room */
};

static void snapshot_one(struct kmemleak_object *o, void *arg)
{
	struct snapshot_arg *a = arg;

	if (a->want && !a->want(o))
		return;
	if (index_len == index_room) {
		a->full = true;
		return;
	}
	*index_slot(index_len++) = o;
}

/*
 * Fills the index with the objects @want picks (all if NULL), the scan
 * state claimed. Returns 0, or -ENOMEM.
 */
static int take_snapshot(bool (*want)(struct kmemleak_object *o))
{
	struct snapshot_arg arg = { want, false };

	for (;;) {
		unsigned long room = __atomic_load_n(&nr_objects, __ATOMIC_RELAXED) + 256;

		if (!index_reserve(room)) {
			pr_err("no memory for an index of %lu objects\n", room);
			return -ENOMEM;
		}
		index_len = 0;
		arg.full = false;
		gray_head = gray_tail = NULL;	/* start_scan_of() queues again */
		for_each_object(snapshot_one, &arg);
		if (!arg.full)
			return 0;
	}
}

/* Step 1 for a snapshot object: white, or gray from the start; under its lock. */
static bool start_scan_of(struct kmemleak_object *o)
{
	o->count = 0;
	o->flags &= ~OBJECT_QUEUED;
	if (color_gray(o))
		queue_gray(o);
	return true;
}

/* Sorts the snapshot by address; notes its span and any overlap. */
static void index_by_address(void)
{
	index_sort(by_address);
	index_min = index_len ? index_at(0)->pointer : 0;
	index_max = 0;
	for (unsigned long i = 0; i < index_len; i++) {
		struct kmemleak_object *o = index_at(i);

		index_max = max(index_max, o->pointer + o->size);
		if (i && o->pointer < index_at(i - 1)->pointer + index_at(i - 1)->size)
			pr_warn("blocks 0x%08lx (size %zu) and 0x%08lx (size %zu) overlap\n",
				index_at(i - 1)->pointer, index_at(i - 1)->size,
				o->pointer, o->size);
	}
}

/* Step 5: marks what is left white and old enough; Returns how many were new. */
static int report_leaks(void)
{
	u64 min_age_ns = (u64)READ_ONCE(kmemleak_min_age_ms) * 1000000ULL;
	int new_leaks = 0;

	for (unsigned long i = 0; i < index_len; i++) {
		struct kmemleak_object *o = index_at(i);
		spinlock_t *lock = lock_of(o->pointer);
		unsigned long flags;

		spin_lock_irqsave(lock, flags);
		if ((o->flags & OBJECT_ALLOCATED) && color_white(o) &&
		    o->time_ns + min_age_ns <= last_scan_ns && !(o->flags & OBJECT_REPORTED)) {
			o->flags |= OBJECT_REPORTED;
			new_leaks++;
		}
		spin_unlock_irqrestore(lock, flags);
	}
	return new_leaks;
}

int kmemleak_scan(void)
{
	int new_leaks, err;

	if (!tracking())
		return -EPERM;
	err = claim_scan_state();
	if (err)
		return err;
	last_scan_ns = local_clock();
	err = take_snapshot(start_scan_of);
	if (err) {
		release_scan_state();
		return err;
	}
	index_by_address();
	/* 2, 3: the roots, then what they reach. */
	scan_data_and_bss();
	scan_stacks();
	scan_gray_list();
	/* 4: the newly made, and the modified, with what they reach. */
	scan_new_objects();
	scan_gray_list();
	if (gray_modified_objects())
		scan_gray_list();
	scan_new_objects();
	scan_gray_list();
	/* 5 */
	new_leaks = report_leaks();
	release_scan_state();
	if (new_leaks)
		pr_info("%d new suspected memory leaks (see /sys/kernel/debug/kmemleak)\n",
			new_leaks);
	return new_leaks;
}

/* ----------------------------------------------------------- file --- */

static unsigned long to_jiffies(u64 ns)
{
	return (unsigned long)(ns / (1000000000ULL / KMEMLEAK_HZ));
}

/* One line of Linux's hex dump (print_hex_dump, 16 bytes, groups of 1). */
static NO_SANITIZE void hex_dump_line(struct seq_buf *m, const u8 *p, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char line[HEX_ROW_SIZE * 4 + 4];
	size_t at = 0;

	for (size_t i = 0; i < len; i++) {
		if (i)
			line[at++] = ' ';
		line[at++] = hex[p[i] >> 4];
		line[at++] = hex[p[i] & 15];
	}
	while (at < HEX_ROW_SIZE * 3 + 1)
		line[at++] = ' ';
	for (size_t i = 0; i < len; i++)
		line[at++] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '.';
	line[at] = '\0';
	seq_printf(m, "    %s\n", line);
}

/* Linux's print_unreferenced(); its lock held (the block stays allocated). */
static void print_unreferenced(struct seq_buf *m, const struct kmemleak_object *o, u64 now)
{
	u64 age_ms = (now - o->time_ns) / 1000000ULL;
	size_t dump = min(o->size, (size_t)(HEX_ROW_SIZE * HEX_MAX_LINES));

	seq_printf(m, "unreferenced object 0x%08lx (size %zu):\n", o->pointer, o->size);
	seq_printf(m, "  comm \"swapper/%u\", pid 0, jiffies %lu (age %llu.%03llus)\n",
		   o->cpu, to_jiffies(o->time_ns), (unsigned long long)(age_ms / 1000),
		   (unsigned long long)(age_ms % 1000));
	seq_printf(m, "  hex dump (first %zu bytes):\n", dump);
	for (size_t off = 0; readable(o) && off < dump; off += HEX_ROW_SIZE)
		hex_dump_line(m, (const u8 *)o->pointer + off, min((size_t)HEX_ROW_SIZE, dump - off));
	seq_puts(m, "  backtrace:\n");
	for (unsigned int i = 0; i < o->nr_trace; i++)
#ifdef TERN_HOST
		seq_printf(m, "    [<%016lx>] 0x%lx\n", o->trace[i], o->trace[i]);
#else
		seq_printf(m, "    [<%016lx>] %pS\n", o->trace[i], (void *)o->trace[i]);
#endif
}

static bool listed_object(struct kmemleak_object *o)
{
	return (o->flags & OBJECT_REPORTED) && unreferenced_object(o);
}

/*
 * The file: the leaks the last scans found that are still unreferenced,
 * oldest first (Linux lists them in allocation order). -EBUSY while a
 * scan runs.
 */
static int kmemleak_show(struct seq_buf *m, void *data)
{
	u64 now = local_clock();
	int err = claim_scan_state();

	if (err)
		return err;
	err = take_snapshot(listed_object);
	index_sort(by_age);
	for (unsigned long i = 0; !err && i < index_len; i++) {
		struct kmemleak_object *o = index_at(i);
		spinlock_t *lock = lock_of(o->pointer);
		unsigned long flags;

		spin_lock_irqsave(lock, flags);
		if (listed_object(o))
			print_unreferenced(m, o, now);
		spin_unlock_irqrestore(lock, flags);
	}
	release_scan_state();
	return err;
}

static void gray_if_listed(struct kmemleak_object *o, void *arg)
{
	if (listed_object(o))
		o->min_count = KMEMLEAK_GREY;
}

/*
 * Linux's "clear": the listed leaks become gray for good; after "off",
 * every object is forgotten and its metadata given back.
 */
static int kmemleak_clear(void)
{
	struct kmemleak_object *gone = NULL;
	int err = claim_scan_state();

	if (err)
		return err;
	if (tracking()) {
		for_each_object(gray_if_listed, NULL);
	} else {
		for (unsigned int b = 0; b < ARRAY_SIZE(object_hash); b++) {
			spinlock_t *lock = &stripes[b % KMEMLEAK_STRIPES].lock;
			unsigned long flags;

			spin_lock_irqsave(lock, flags);
			while (object_hash[b]) {
				struct kmemleak_object *o = object_hash[b];

				object_hash[b] = o->hash_next;
				o->flags &= ~OBJECT_ALLOCATED;
				__atomic_fetch_sub(&nr_objects, 1, __ATOMIC_RELAXED);
				o->hash_next = gone;
				gone = o;
			}
			spin_unlock_irqrestore(lock, flags);
		}
	}
	release_scan_state();
	pool_put_chain(gone);
	return 0;
}

/* Linux's dump=<addr>: the object that starts there, to the log. */
static void kmemleak_dump(unsigned long addr)
{
	spinlock_t *lock = lock_of(addr);
	struct kmemleak_object *o, copy;
	unsigned long flags;

	spin_lock_irqsave(lock, flags);
	o = find_object(addr);
	if (o)
		copy = *o;
	spin_unlock_irqrestore(lock, flags);
	if (!o) {
		pr_info("Unknown object at 0x%08lx\n", addr);
		return;
	}
	pr_info("Object 0x%08lx (size %zu):\n", copy.pointer, copy.size);
	pr_info("  comm \"swapper/%u\", pid 0, jiffies %lu\n", copy.cpu,
		to_jiffies(copy.time_ns));
	pr_info("  min_count = %d\n", copy.min_count);
	pr_info("  count = %d\n", copy.count);
	pr_info("  flags = 0x%x\n", copy.flags & (OBJECT_ALLOCATED | OBJECT_REPORTED | OBJECT_NO_SCAN));
	pr_info("  checksum = %u\n", copy.checksum);
	pr_info("  backtrace:\n");
	for (unsigned int i = 0; i < copy.nr_trace; i++)
#ifdef TERN_HOST
		pr_info("    [<%016lx>] 0x%lx\n", copy.trace[i], copy.trace[i]);
#else
		pr_info("    [<%016lx>] %pS\n", copy.trace[i], (void *)copy.trace[i]);
#endif
}

/*
 * Linux's commands: off, stack=on|off, scan, clear, dump=<addr>. tern has
 * no scanning thread, so scan=on|off|<secs> are refused.
 */
static int kmemleak_store(const char *buf, size_t len, void *data)
{
	unsigned long addr;
	int ret;

	if (!strcmp(buf, "clear"))
		return kmemleak_clear();
	if (!tracking()) {
		pr_warn("'%s' refused: kmemleak is off\n", buf);
		return -EPERM;
	}
	if (!strcmp(buf, "off")) {
		kmemleak_disable(NULL);
		return 0;
	}
	if (!strcmp(buf, "stack=on") || !strcmp(buf, "stack=off")) {
		WRITE_ONCE(stack_scan, buf[7] == 'n');
		return 0;
	}
	if (!strcmp(buf, "scan")) {
		ret = kmemleak_scan();
		if (ret == -EBUSY)
			pr_warn("scan refused: another scan is running\n");
		return ret < 0 ? ret : 0;
	}
	if (!strncmp(buf, "scan=", 5)) {
		pr_warn("'%s' refused: tern has no scanning thread; 'scan' scans now\n", buf);
		return -EINVAL;
	}
	if (!strncmp(buf, "dump=", 5)) {
		if (parse_ulong(buf + 5, 0, &addr)) {
			pr_warn("'%s' refused: expected dump=<address>\n", buf);
			return -EINVAL;
		}
		kmemleak_dump(addr);
		return 0;
	}
	pr_warn("'%s' refused: expected off, stack=on, stack=off, scan, clear or dump=<address>\n",
		buf);
	return -EINVAL;
}

const struct vfs_file_ops kmemleak_file_ops = {
	.show = kmemleak_show,
	.store = kmemleak_store,
};

void kmemleak_init(void)
{
	if (kmemleak_initialized)
		return;
	WRITE_ONCE(kmemleak_initialized, true);
	if (kmemleak_boot_off) {
		kmemleak_disable(NULL);
	} else if (!pool_grow(GFP_KERNEL)) {
		kmemleak_disable("Cannot allocate the kmemleak_object pool");
	}
#ifndef TERN_HOST
	/*
	 * Not in the host build, whose fuzz targets write every file they
	 * find (tests/fuzz): the host test registers kmemleak_file_ops itself.
	 */
	vfs_register("/sys/kernel/debug/kmemleak", &kmemleak_file_ops, NULL);
#endif
	if (tracking())
		pr_info("Kernel memory leak detector initialized (mem pool available: %lu)\n",
			READ_ONCE(pool_avail));
}

#endif /* TERN_DEBUG */
