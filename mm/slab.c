// SPDX-License-Identifier: MIT
/*
 * DOC: object caches - per-hart magazines over per-node slabs
 *
 * Terminology: a *cache* (struct kmem_cache) hands out objects of one size;
 * a *slab* is a block of 2^order pages from one node cut into objects of
 * one cache; a *magazine* (Bonwick's word) is a hart's stack of free
 * objects of one cache, all from the hart's own node.
 *
 *   kmem_cache_alloc()       pop the hart's magazine: interrupts off, no
 *        |    ^              lock, no atomic read-modify-write
 *   refill|   | spill        `batch` objects under one hold of the node lock
 *        v    |
 *   node lists: partial / full / empty slabs of this cache on one node
 *        |    ^
 *   new_slab  | empty slabs beyond a few go back (or to the shrinker)
 *        v    |
 *   alloc_pages_node(node, __GFP_COMP, order)
 *
 * A free on a hart of the object's node pushes on the magazine; a free on
 * another node's hart goes to that hart's remote buffer for the cache,
 * which returns its objects to their slabs a node at a time when it fills,
 * so no object is cached away from its memory and no free takes a remote
 * lock per object.
 *
 * The slab's bookkeeping lives in the struct page of its first page
 * (mm/page.h, PG_slab): its node list link, how many objects are out, the
 * first free object (free objects are chained by index through their first
 * word, or the word after the object when a constructor owns the object).
 * Every page of a slab records the cache's magazine offset and the node,
 * so kfree() finds both from any object with one virt_to_page().
 *
 * In the debug build (DEBUG=1) free objects are poisoned with 0x6b and
 * checked when handed out (a write after free is reported with the cache
 * and address), then filled with 0x5a (Linux's "in use" poison), so a free
 * of an object that is still all 0x6b is reported as a double free; and
 * SLAB_RED_ZONE caches keep eight guard bytes after
 * each object: 0xcc while allocated, 0xbb while free, checked at both ends.
 */
#define pr_fmt(fmt) "slab: " fmt

#include "mm/slab_internal.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/vfs.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/failslab.h"
#include "mm/internal.h"
#include "mm/kmemleak.h"
#include "mm/shrinker.h"
#include <asm/irqflags.h>

#define SLAB_MAX_ORDER 3
/* Empty slabs a node keeps per cache before giving pages back. */
#define EMPTY_SLABS_KEPT 2

struct kmem_cache *kmem_caches[KMEM_MAX_CACHES];
static DEFINE_SPINLOCK(caches_lock);	/* guards kmem_caches[] */

/*
 * A node's counts change under its lock but are read without it (the trim
 * test, /proc files, the shrinker): whole-word stores, as in mm/pcp.h.
 */
#define node_count(field, n) WRITE_ONCE((field), (field) + (n))

/* --------------------------------------------------------- layout --- */

static bool debug_poison(const struct kmem_cache *s)
{
	return TERN_DEBUG && (s->flags & SLAB_POISON);
}

static bool debug_red_zone(const struct kmem_cache *s)
{
	return TERN_DEBUG && (s->flags & SLAB_RED_ZONE);
}

static void *slab_base(struct page *head)
{
	return page_address(head);
}

static void *slab_object(const struct kmem_cache *s, struct page *head, unsigned int idx)
{
	return (char *)slab_base(head) + (unsigned long)idx * s->size;
}

/* The word that chains a free object inside its slab. */
static u32 *free_link(const struct kmem_cache *s, void *obj)
{
	return (u32 *)((char *)obj + s->link_offset);
}

/* Returns the slab's first page for any of its objects. */
static struct page *object_slab(const void *obj)
{
	struct page *page = virt_to_page(obj);

	return PageTail(page) ? (struct page *)(page->compound_head & ~1UL) : page;
}

/* ------------------------------------------------------ debug checks --- */

static void report(const struct kmem_cache *s, const void *obj, const char *what)
{
	pr_err("BUG %s: %s at object %p; not freed\n", s ? s->name : "kmalloc", what, obj);
}

/* Returns true if @len bytes at @p are all @byte. */
static bool all_bytes(const void *p, size_t len, u8 byte)
{
	const u8 *b = p;

	for (size_t i = 0; i < len; i++)
		if (b[i] != byte)
			return false;
	return true;
}

/* An object leaves a slab's freelist: its link word becomes poison again. */
static void unlink_fixup(const struct kmem_cache *s, void *obj)
{
	if (debug_poison(s) && s->link_offset == 0)
		memset(obj, SLAB_POISON_BYTE, sizeof(u32));
}

/* Checks a free object before it is handed out; marks it allocated. */
static void debug_on_alloc(const struct kmem_cache *s, void *obj)
{
	if (debug_poison(s)) {
		if (!all_bytes(obj, s->object_size, SLAB_POISON_BYTE))
			pr_err("BUG %s: object %p was written after it was freed\n", s->name, obj);
		/* Not the free pattern, so that a second free can be told. */
		memset(obj, SLAB_POISON_INUSE, s->object_size);
	}
	if (debug_red_zone(s)) {
		u8 *red = (u8 *)obj + s->object_size;

		if (!all_bytes(red, SLAB_RED_ZONE_BYTES, SLAB_RED_INACTIVE))
			pr_err("BUG %s: red zone of free object %p overwritten\n", s->name, obj);
		memset(red, SLAB_RED_ACTIVE, SLAB_RED_ZONE_BYTES);
	}
}

/*
 * Checks an object being freed. Returns false (after a report) if the free
 * must not happen: a double free or an overrun.
 */
static bool debug_on_free(const struct kmem_cache *s, void *obj)
{
	if (debug_red_zone(s)) {
		u8 *red = (u8 *)obj + s->object_size;

		if (all_bytes(red, SLAB_RED_ZONE_BYTES, SLAB_RED_INACTIVE)) {
			report(s, obj, "double free");
			return false;
		}
		if (!all_bytes(red, SLAB_RED_ZONE_BYTES, SLAB_RED_ACTIVE)) {
			report(s, obj, "red zone overwritten (write past the object)");
			return false;
		}
		memset(red, SLAB_RED_INACTIVE, SLAB_RED_ZONE_BYTES);
	}
	if (debug_poison(s)) {
		if (!debug_red_zone(s) && all_bytes(obj, s->object_size, SLAB_POISON_BYTE)) {
			report(s, obj, "double free (the object is still poisoned)");
			return false;
		}
		memset(obj, SLAB_POISON_BYTE, s->object_size);
	}
	return true;
}

/*
 * Returns true if @obj is the start of an object of @head's slab of @s;
 * reports and returns false otherwise (the debug build checks every free).
 */
static bool valid_object(const struct kmem_cache *s, struct page *head, const void *obj)
{
	unsigned long offset = (const char *)obj - (const char *)slab_base(head);

	if (!PageSlab(head) || offset >= (unsigned long)s->objects * s->size ||
	    offset % s->size) {
		report(s, obj, "pointer is not an object of this cache");
		return false;
	}
	return true;
}

/* ------------------------------------------------------------ slabs --- */

/* Makes a slab of @s on @nid (or wherever the page allocator falls back). */
static struct page *new_slab(struct kmem_cache *s, int nid, gfp_t gfp)
{
	gfp_t page_gfp = (gfp & ~__GFP_ZERO) | (s->order ? __GFP_COMP : 0);
	struct page *head = alloc_pages_node(nid, page_gfp, s->order);

	if (!head)
		return NULL;
	for (unsigned long i = 0; i < 1UL << s->order; i++) {
		head[i].slab_cache_offset = s->cpu_offset;
		head[i].slab_node = page_to_nid(head);
	}
	set_page_flag(head, PG_slab);
	head->order |= PAGE_ORDER_SPECIAL;	/* no page free accepts it */
	head->slab_inuse = 0;
	head->slab_free = 1;
	for (unsigned int i = 0; i < s->objects; i++) {
		void *obj = slab_object(s, head, i);

		if (s->ctor)
			s->ctor(obj);
		if (debug_poison(s))
			memset(obj, SLAB_POISON_BYTE, s->object_size);
		if (debug_red_zone(s))
			memset((char *)obj + s->object_size, SLAB_RED_INACTIVE, SLAB_RED_ZONE_BYTES);
		*free_link(s, obj) = i + 1 < s->objects ? i + 2 : 0;
	}
	return head;
}

/* Gives an empty slab's pages back to the page allocator. */
static void free_slab(struct kmem_cache *s, struct page *head)
{
	for (unsigned long i = 0; i < 1UL << s->order; i++) {
		head[i].slab_cache_offset = 0;
		head[i].slab_node = 0;
	}
	clear_page_flag(head, PG_slab);
	head->order = s->order | (s->order ? PAGE_ORDER_SPECIAL : 0);
	head->_refcount = 1;
	__free_pages(head, s->order);
}

/* Takes one free object out of @head; the node lock is held. */
static void *slab_take(struct kmem_cache *s, struct kmem_cache_node *n, struct page *head)
{
	void *obj = slab_object(s, head, head->slab_free - 1);

	head->slab_free = (u16)*free_link(s, obj);
	head->slab_inuse++;
	node_count(n->inuse, 1);
	if (!head->slab_free) {
		list_del(&head->slab_list);
		list_add(&head->slab_list, &n->full);
	}
	unlink_fixup(s, obj);
	return obj;
}

/* Puts @obj back into its slab @head; the node lock is held. */
static void slab_put(struct kmem_cache *s, struct kmem_cache_node *n, struct page *head,
		     void *obj)
{
	unsigned int idx = ((char *)obj - (char *)slab_base(head)) / s->size;
	bool was_full = !head->slab_free;

	*free_link(s, obj) = head->slab_free;
	head->slab_free = idx + 1;
	head->slab_inuse--;
	node_count(n->inuse, -1);
	if (!head->slab_inuse) {
		list_del(&head->slab_list);
		list_add(&head->slab_list, &n->empty);
		node_count(n->nr_empty, 1);
	} else if (was_full) {
		list_del(&head->slab_list);
		list_add(&head->slab_list, &n->partial);
	}
}

/* Returns a slab of @n with a free object, or NULL; the node lock is held. */
static struct page *slab_with_room(struct kmem_cache_node *n)
{
	struct page *head;

	if (!list_empty(&n->partial))
		return list_first_entry(&n->partial, struct page, slab_list);
	if (list_empty(&n->empty))
		return NULL;
	head = list_first_entry(&n->empty, struct page, slab_list);
	list_del(&head->slab_list);
	list_add(&head->slab_list, &n->partial);
	node_count(n->nr_empty, -1);
	return head;
}

/*
 * Moves up to @max objects of node @nid into @objs; makes a slab when the
 * node has none free. Returns how many it took (0: no memory).
 */
static unsigned int take_objects(struct kmem_cache *s, int nid, gfp_t gfp,
				 void **objs, unsigned int max)
{
	struct kmem_cache_node *n = &s->node[nid];
	unsigned int got = 0;
	unsigned long flags;
	struct page *head;

	spin_lock_irqsave(&n->lock, flags);
	while (got < max && (head = slab_with_room(n)))
		objs[got++] = slab_take(s, n, head);
	spin_unlock_irqrestore(&n->lock, flags);
	if (got)
		return got;

	head = new_slab(s, nid, gfp);
	if (!head)
		return 0;
	n = &s->node[page_to_nid(head)];	/* where it came from */
	spin_lock_irqsave(&n->lock, flags);
	list_add(&head->slab_list, &n->partial);
	node_count(n->nr_slabs, 1);
	while (got < max && head->slab_free)
		objs[got++] = slab_take(s, n, head);
	spin_unlock_irqrestore(&n->lock, flags);
	return got;
}

/* Frees the empty slabs of @n beyond @keep. Returns the slabs freed. */
static unsigned long trim_empty(struct kmem_cache *s, struct kmem_cache_node *n,
				unsigned long keep)
{
	LIST_HEAD(victims);
	unsigned long freed = 0;
	unsigned long flags;

	spin_lock_irqsave(&n->lock, flags);
	while (n->nr_empty > keep) {
		struct page *head = list_first_entry(&n->empty, struct page, slab_list);

		list_del(&head->slab_list);
		list_add(&head->slab_list, &victims);
		node_count(n->nr_empty, -1);
		node_count(n->nr_slabs, -1);
		freed++;
	}
	spin_unlock_irqrestore(&n->lock, flags);
	while (!list_empty(&victims)) {
		struct page *head = list_first_entry(&victims, struct page, slab_list);

		list_del(&head->slab_list);
		free_slab(s, head);
	}
	return freed;
}

/*
 * Returns @count objects (all of one node, @nid) to their slabs under one
 * hold of the node lock, then trims that node's empty slabs.
 */
static void put_objects(struct kmem_cache *s, int nid, void *const *objs, unsigned int count)
{
	struct kmem_cache_node *n = &s->node[nid];
	unsigned long flags;

	spin_lock_irqsave(&n->lock, flags);
	for (unsigned int i = 0; i < count; i++)
		slab_put(s, n, object_slab(objs[i]), objs[i]);
	spin_unlock_irqrestore(&n->lock, flags);
	if (READ_ONCE(n->nr_empty) > EMPTY_SLABS_KEPT)
		trim_empty(s, n, EMPTY_SLABS_KEPT);
}

/* ------------------------------------------------- hart magazines --- */

/*
 * Spills the oldest @count objects of @c back to their slabs. Interrupts
 * are off; the node lock is taken inside.
 */
static void magazine_spill(struct kmem_cache *s, struct kmem_cache_cpu *c, int count)
{
	put_objects(s, this_hart()->slab.mem_node, c->objects, count);
	c->count -= count;
	memmove(c->objects, c->objects + count, c->count * sizeof(c->objects[0]));
}

/*
 * Returns remote frees to their nodes: each node's objects under one hold
 * of its lock. Interrupts are off.
 */
static void remote_flush(struct kmem_cache *s, struct kmem_cache_cpu *r)
{
	while (r->count) {
		int nid = virt_to_page(r->objects[0])->slab_node;
		unsigned int kept = 0, moved = 0;
		void *batch[SLAB_MAGAZINE];

		for (int i = 0; i < r->count; i++) {
			if (virt_to_page(r->objects[i])->slab_node == nid)
				batch[moved++] = r->objects[i];
			else
				r->objects[kept++] = r->objects[i];
		}
		r->count = kept;
		put_objects(s, nid, batch, moved);
	}
}

void *slab_alloc_refill(struct kmem_cache *s, gfp_t gfp)
{
	void *objs[SLAB_MAGAZINE];
	unsigned int got, want;
	struct kmem_cache_cpu *c;
	unsigned long flags;
	void *obj;

	want = s->batch;
	got = take_objects(s, numa_mem_id(), gfp, objs, want);
	if (!got)
		return NULL;
	obj = objs[--got];
	if (got && page_to_nid(virt_to_page(obj)) == numa_mem_id()) {
		/* Interrupt handlers may have used the magazine meanwhile. */
		flags = arch_local_irq_save();
		c = cache_cpu(s);
		while (got && c->count < c->limit)
			c->objects[c->count++] = objs[--got];
		arch_local_irq_restore(flags);
	}
	if (got)
		put_objects(s, page_to_nid(virt_to_page(obj)), objs, got);
	return obj;
}

void slab_free_slow(void *obj, struct page *page)
{
	struct kmem_cache *s = page_cache(page);
	unsigned long flags = arch_local_irq_save();

	if (page->slab_node != this_hart()->slab.mem_node) {
		struct kmem_cache_cpu *r = cache_remote(s);

		r->objects[r->count++] = obj;
		if (r->count == SLAB_MAGAZINE)
			remote_flush(s, r);
	} else {
		struct kmem_cache_cpu *c = cache_cpu(s);

		if (c->count >= c->limit)
			magazine_spill(s, c, min((int)s->batch, c->count));
		c->objects[c->count++] = obj;
	}
	arch_local_irq_restore(flags);
}

/* Empties the calling hart's magazine and remote buffer of @s. */
static void drain_cache_local(void *info)
{
	struct kmem_cache *s = info;
	unsigned long flags = arch_local_irq_save();
	struct kmem_cache_cpu *c = cache_cpu(s);

	if (c->count)
		magazine_spill(s, c, c->count);
	remote_flush(s, cache_remote(s));
	arch_local_irq_restore(flags);
}

/* ------------------------------------------------------------- API --- */

/*
 * The rest of kmem_cache_alloc(): with no object popped, fault injection's
 * question, then the hart's magazine (which the fast path did not see
 * while failslab is armed: mm/failslab.c), then a refill; and the debug
 * checks and zeroing.
 */
static __attribute__((noinline)) void *kmem_cache_alloc_slow(struct kmem_cache *s,
							      void *obj, gfp_t gfp)
{
	if (!obj) {
		if (should_failslab(s, gfp))
			return NULL;
		obj = magazine_pop_in(this_hart()->slab.magazines, s->cpu_offset);
		if (!obj)
			obj = slab_alloc_refill(s, gfp);
	}
	return obj ? slab_post_alloc(s, obj, gfp) : NULL;
}

void *__fast_path kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	void *obj = magazine_pop(s->cpu_offset);

	if (likely(obj) && !TERN_DEBUG && !(gfp & __GFP_ZERO))
		return obj;
	return kmem_cache_alloc_slow(s, obj, gfp);
}

void slab_cache_created(struct kmem_cache *s)
{
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct kmem_cache_cpu *c = magazine_in(harts[cpu].slab.magazines, s->cpu_offset);

		WRITE_ONCE(c->limit, s->limit);
	}
}

void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t gfp, int node)
{
	void *obj;

	/* A node without memory gets the nearest one's objects, as Linux's slab_nodes. */
	if (node_online(node) && !node_state(node, N_MEMORY))
		node = local_memory_node(node);
	if (node == NUMA_NO_NODE || node == numa_mem_id())
		return kmem_cache_alloc(s, gfp);
	if (node < 0 || node >= (int)nr_node_ids || !NODE_DATA(node) ||
	    !NODE_DATA(node)->node_present_pages) {
		pr_err("%s: no memory on node %d\n", s->name, node);
		return NULL;
	}
	if (should_failslab(s, gfp) || !take_objects(s, node, gfp, &obj, 1))
		return NULL;
	return slab_post_alloc(s, obj, gfp);
}

void *slab_post_alloc(struct kmem_cache *s, void *obj, gfp_t gfp)
{
	if (TERN_DEBUG)
		debug_on_alloc(s, obj);
	if (gfp & __GFP_ZERO)
		memset(obj, 0, s->object_size);
	kmemleak_alloc_recursive(obj, s->object_size, 1, s->flags, gfp);
	return obj;
}

void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp)
{
	return kmem_cache_alloc(s, gfp | __GFP_ZERO);
}

bool slab_free_checks(void *obj, struct page *page)
{
	struct kmem_cache *s = page_cache(page);

	if (!valid_object(s, object_slab(obj), obj) || !debug_on_free(s, obj))
		return false;
	kmemleak_free_recursive(obj, s->flags);
	return true;
}

void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	struct page *page;

	if (unlikely(!obj))
		return;
	page = virt_to_page(obj);
	if (unlikely(page->slab_cache_offset != s->cpu_offset || !PageSlab(object_slab(obj)))) {
		report(s, obj, "freed into the wrong cache (or not a slab object)");
		return;
	}
	slab_free(obj, page, s->cpu_offset);
}

/* Unsigned log2, rounded up; 0 for 0 and 1. */
static unsigned int order_for(unsigned long bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

/* Sets the stride, slab order, objects per slab and magazine sizes. */
static void calculate_layout(struct kmem_cache *s)
{
	unsigned int size = s->object_size;

	if (debug_red_zone(s))
		size += SLAB_RED_ZONE_BYTES;
	s->link_offset = 0;
	if (s->ctor || size < sizeof(u32)) {
		/* The constructor's state stays intact while the object is free. */
		size = ALIGN_UP(size, sizeof(u32));
		s->link_offset = s->ctor ? size : 0;
		size += s->ctor ? sizeof(u32) : 0;
	}
	s->size = ALIGN_UP(size, s->align);
	/* The smallest order with 8 objects (or the largest allowed). */
	s->order = order_for((unsigned long)s->size * 8);
	if (s->order > SLAB_MAX_ORDER)
		s->order = max(SLAB_MAX_ORDER, order_for(s->size));
	s->objects = (PAGE_SIZE << s->order) / s->size;
	/* Linux SLAB's limits by size, within a magazine. */
	s->limit = s->size > 2048 ? 8 : s->size > 512 ? 16 : SLAB_MAGAZINE;
	s->batch = (s->limit + 1) / 2;
}

/* ------------------------------------------------------------ files --- */

/*
 * /sys/kernel/slab/NAME/failslab, Linux's per-cache mark for failslab's
 * cache-filter. A file names its cache by name, since files stay and
 * caches go: each read or write finds the live cache of that name under
 * caches_lock. The names are kept in a table of their own, not in memory
 * from the allocators, so that making a cache changes no page count.
 */
#define CACHE_FILES 64		/* distinct cache names with a file */
#define CACHE_FILE_NAME 48	/* the longest such name, NUL included */

static bool cache_files_on;		/* slab_register_files() ran */
static DEFINE_SPINLOCK(cache_files_lock);	/* guards the table: a file per name, once */
static char cache_file_names[CACHE_FILES][CACHE_FILE_NAME];
static unsigned int nr_cache_files;

/* Returns the first live cache named @name, or NULL; caches_lock held. */
static struct kmem_cache *cache_named(const char *name, unsigned int *index)
{
	for (; *index < KMEM_MAX_CACHES; (*index)++)
		if (kmem_caches[*index] && !strcmp(kmem_caches[*index]->name, name))
			return kmem_caches[(*index)++];
	return NULL;
}

static int failslab_flag_show(struct seq_buf *m, void *data)
{
	unsigned int index = 1;
	struct kmem_cache *s;
	unsigned long flags;
	bool marked = false;

	spin_lock_irqsave(&caches_lock, flags);
	s = cache_named(data, &index);
	if (s)
		marked = s->flags & SLAB_FAILSLAB;
	spin_unlock_irqrestore(&caches_lock, flags);
	if (!s)
		return -ENOENT;
	seq_printf(m, "%d\n", marked);
	return 0;
}

/* Takes "0" or "1" for every live cache of the file's name. */
static int failslab_flag_store(const char *buf, size_t len, void *data)
{
	unsigned int index = 1, found = 0;
	struct kmem_cache *s;
	unsigned long flags;

	if (strcmp(buf, "0") && strcmp(buf, "1")) {
		pr_warn("/sys/kernel/slab/%s/failslab: '%s' refused: expected 0 or 1\n",
			(const char *)data, buf);
		return -EINVAL;
	}
	spin_lock_irqsave(&caches_lock, flags);
	while ((s = cache_named(data, &index))) {
		WRITE_ONCE(s->flags, buf[0] == '1' ? s->flags | SLAB_FAILSLAB :
						     s->flags & ~SLAB_FAILSLAB);
		found++;
	}
	spin_unlock_irqrestore(&caches_lock, flags);
	return found ? 0 : -ENOENT;
}

static const struct vfs_file_ops failslab_flag_ops = {
	.show = failslab_flag_show,
	.store = failslab_flag_store,
};

/*
 * Registers @s's file unless a cache of its name had one. Returns 0, or
 * -errno (logged); the cache works without it.
 */
static int register_cache_file(const struct kmem_cache *s)
{
	char path[VFS_PATH_MAX], *name;
	unsigned long flags;
	int err = 0;

	snprintf(path, sizeof(path), "/sys/kernel/slab/%s/failslab", s->name);
	spin_lock_irqsave(&cache_files_lock, flags);
	/* A file made for an earlier cache of this name serves this one. */
	if (vfs_lookup(path) != VFS_FILE) {
		if (nr_cache_files < CACHE_FILES && strlen(s->name) < CACHE_FILE_NAME) {
			name = cache_file_names[nr_cache_files];
			strscpy(name, s->name, CACHE_FILE_NAME);
			err = vfs_register(path, &failslab_flag_ops, name);
			nr_cache_files += !err;
		} else {
			err = -ENOSPC;
		}
	}
	spin_unlock_irqrestore(&cache_files_lock, flags);
	if (err == -ENOSPC)
		pr_warn("%s: no room for %s (%d names of up to %d bytes)\n", s->name, path,
			CACHE_FILES, CACHE_FILE_NAME - 1);
	return err;
}

int slab_register_files(void)
{
	int err = 0;

	WRITE_ONCE(cache_files_on, true);
	for (unsigned int i = 1; i < KMEM_MAX_CACHES; i++) {
		struct kmem_cache *s = READ_ONCE(kmem_caches[i]);

		if (s)
			err = register_cache_file(s) ?: err;
	}
	return err;
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *s;
	unsigned long irq;
	unsigned int index;

	if (!name || !size || size > KMALLOC_MAX_CACHE_SIZE ||
	    (align & (align - 1)) || align > PAGE_SIZE) {
		pr_err("kmem_cache_create(%s, size %u, align %u): bad arguments\n",
		       name ? name : "(null)", size, align);
		goto fail;
	}
	s = alloc_pages_exact(sizeof(*s), GFP_KERNEL | __GFP_ZERO);
	if (!s)
		goto fail;
	s->name = name;
	s->object_size = size;
	s->align = max(align ? align : ARCH_KMALLOC_MINALIGN,
		       (flags & SLAB_HWCACHE_ALIGN) ? (unsigned int)SMP_CACHE_BYTES : 1U);
	s->flags = flags;
	s->ctor = ctor;
	if (ctor)
		s->flags &= ~SLAB_POISON;	/* poison would undo the constructor */
	calculate_layout(s);
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		struct kmem_cache_node *n = &s->node[nid];

		n->lock = (spinlock_t)SPINLOCK_INIT;
		INIT_LIST_HEAD(&n->partial);
		INIT_LIST_HEAD(&n->full);
		INIT_LIST_HEAD(&n->empty);
	}

	spin_lock_irqsave(&caches_lock, irq);
	for (index = 1; index < KMEM_MAX_CACHES && kmem_caches[index]; index++)
		;
	if (index < KMEM_MAX_CACHES) {
		s->index = index;
		s->cpu_offset = index * sizeof(struct kmem_cache_cpu);
		kmem_caches[index] = s;
	}
	spin_unlock_irqrestore(&caches_lock, irq);
	if (index == KMEM_MAX_CACHES) {
		pr_err("kmem_cache_create(%s): all %d caches in use\n", name, KMEM_MAX_CACHES - 1);
		free_pages_exact(s, sizeof(*s));
		goto fail;
	}
	slab_cache_created(s);
	if (READ_ONCE(cache_files_on))
		register_cache_file(s);
	return s;
fail:
	if (flags & SLAB_PANIC)
		panic("kmem_cache_create(%s) failed", name ? name : "(null)");
	return NULL;
}

/* Objects of @s out of their slabs, on every node. */
static unsigned long cache_inuse(const struct kmem_cache *s)
{
	unsigned long inuse = 0;

	for (unsigned int nid = 0; nid < nr_node_ids; nid++)
		inuse += READ_ONCE(s->node[nid].inuse);
	return inuse;
}

int kmem_cache_shrink(struct kmem_cache *s)
{
	on_each_cpu(drain_cache_local, s, true);
	for (unsigned int nid = 0; nid < nr_node_ids; nid++)
		trim_empty(s, &s->node[nid], 0);
	return 0;
}

void kmem_cache_shrink_all(void)
{
	for (unsigned int i = 1; i < KMEM_MAX_CACHES; i++) {
		struct kmem_cache *s = READ_ONCE(kmem_caches[i]);

		if (s)
			kmem_cache_shrink(s);
	}
}

/* Reports the first objects of @s still allocated; Returns how many are. */
static unsigned long report_leaks(struct kmem_cache *s)
{
	unsigned long leaked = cache_inuse(s), shown = 0;

	pr_err("kmem_cache_destroy %s: %lu objects still allocated; the cache stays\n",
	       s->name, leaked);
	for (unsigned int nid = 0; nid < nr_node_ids && shown < 8; nid++) {
		struct kmem_cache_node *n = &s->node[nid];
		struct list_head *lists[] = { &n->partial, &n->full };
		unsigned long flags;

		spin_lock_irqsave(&n->lock, flags);
		for (unsigned int l = 0; l < 2 && shown < 8; l++) {
			struct page *head;

			list_for_each_entry(head, lists[l], slab_list) {
				pr_err("  slab %p on node %u: %u of %u objects allocated\n",
				       slab_base(head), nid, head->slab_inuse, s->objects);
				if (++shown == 8)
					break;
			}
		}
		spin_unlock_irqrestore(&n->lock, flags);
	}
	return leaked;
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	unsigned long flags;

	if (!s)
		return;
	kmem_cache_shrink(s);
	if (cache_inuse(s)) {
		report_leaks(s);
		return;
	}
	spin_lock_irqsave(&caches_lock, flags);
	kmem_caches[s->index] = NULL;
	spin_unlock_irqrestore(&caches_lock, flags);
	free_pages_exact(s, sizeof(*s));
}

/* ------------------------------------------------------- accounting --- */

void slab_node_pages(int nid, unsigned long *reclaimable, unsigned long *unreclaimable)
{
	*reclaimable = *unreclaimable = 0;
	for (unsigned int i = 1; i < KMEM_MAX_CACHES; i++) {
		const struct kmem_cache *s = READ_ONCE(kmem_caches[i]);
		unsigned long pages;

		if (!s)
			continue;
		pages = READ_ONCE(s->node[nid].nr_slabs) << s->order;
		if (s->flags & SLAB_RECLAIM_ACCOUNT)
			*reclaimable += pages;
		else
			*unreclaimable += pages;
	}
}

void slab_info(const struct kmem_cache *s, struct slab_info *info)
{
	memset(info, 0, sizeof(*info));
	for (unsigned int nid = 0; nid < nr_node_ids; nid++) {
		info->active_objs += READ_ONCE(s->node[nid].inuse);
		info->num_slabs += READ_ONCE(s->node[nid].nr_slabs);
	}
	info->num_objs = info->num_slabs * s->objects;
}

/* --------------------------------------------------------- shrinker --- */

static unsigned long empty_slab_pages(int nid)
{
	unsigned long pages = 0;

	for (unsigned int i = 1; i < KMEM_MAX_CACHES; i++) {
		const struct kmem_cache *s = READ_ONCE(kmem_caches[i]);

		if (s)
			pages += READ_ONCE(s->node[nid].nr_empty) << s->order;
	}
	return pages;
}

static unsigned long slab_count(struct shrinker *shrinker, struct shrink_control *sc)
{
	return empty_slab_pages(sc->nid);
}

/*
 * Frees empty slabs of the node, cache by cache, until nr_to_scan pages
 * are back; the magazines keep what they hold (draining them would need
 * every hart). Returns the pages freed.
 */
static unsigned long slab_scan(struct shrinker *shrinker, struct shrink_control *sc)
{
	unsigned long freed = 0;

	for (unsigned int i = 1; i < KMEM_MAX_CACHES && freed < sc->nr_to_scan; i++) {
		struct kmem_cache *s = READ_ONCE(kmem_caches[i]);

		if (s)
			freed += trim_empty(s, &s->node[sc->nid], 0) << s->order;
	}
	return freed;
}

static struct shrinker slab_shrinker = {
	.count_objects = slab_count,
	.scan_objects = slab_scan,
	.seeks = DEFAULT_SEEKS,
};

/* ------------------------------------------------------------- boot --- */

void slab_init(void)
{
	unsigned int order = order_for(KMEM_MAX_CACHES * sizeof(struct kmem_cache_cpu));

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		int nid = local_memory_node(cpu_to_node(cpu));
		struct page *mags = alloc_pages_node(nid, GFP_KERNEL | __GFP_ZERO, order);
		struct page *remote = alloc_pages_node(nid, GFP_KERNEL | __GFP_ZERO, order);

		if (!mags || !remote)
			panic("no memory for cpu%u's slab magazines", cpu);
		harts[cpu].slab.magazines = (char *)page_address(mags) + SLAB_CPU_BIAS;
		harts[cpu].slab.fast_magazines = failslab_fast_magazines(cpu);
		harts[cpu].slab.remote = (char *)page_address(remote) + SLAB_CPU_BIAS;
		harts[cpu].slab.mem_node = nid;
	}
	register_shrinker(&slab_shrinker, "slab");
	kmalloc_init();
	kmemleak_init();	/* its pool and its file */
}
