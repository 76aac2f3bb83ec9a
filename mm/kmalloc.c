// SPDX-License-Identifier: MIT
/*
 * DOC: kmalloc - general-purpose allocations by size class
 *
 * Sizes up to KMALLOC_MAX_CACHE_SIZE come from one of thirteen caches,
 * Linux's classes: 8, 16, 32, 64, 96, 128, 192, 256, 512, 1k, 2k, 4k, 8k.
 * Each object is aligned to its class (96 to 32 and 192 to 64, the rest
 * to their power of two, up to a page), so kmalloc(2^n) is naturally
 * aligned. Larger sizes are whole compound pages from the page allocator,
 * marked in their first page so that kfree() can tell them apart.
 */
#define pr_fmt(fmt) "kmalloc: " fmt

#include "mm/slab_internal.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "mm/kmemleak.h"

#define KMALLOC_CLASSES 13

static const unsigned int class_size[KMALLOC_CLASSES] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
};
static const char *const class_name[KMALLOC_CLASSES] = {
	"kmalloc-8", "kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-96",
	"kmalloc-128", "kmalloc-192", "kmalloc-256", "kmalloc-512",
	"kmalloc-1k", "kmalloc-2k", "kmalloc-4k", "kmalloc-8k",
};
/* The class of sizes 1..192, by (size - 1) / 8. */
static const u8 small_class[24] = {
	0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5,
	6, 6, 6, 6, 6, 6, 6, 6,
};

static struct kmem_cache *kmalloc_caches[KMALLOC_CLASSES];

/* Returns the class of @size, 1 .. KMALLOC_MAX_CACHE_SIZE. */
static unsigned int kmalloc_class(size_t size)
{
	unsigned int class = 7;	/* 256 */

	if (size <= 192)
		return small_class[(size - 1) / 8];
	for (size_t limit = 256; limit < size; limit <<= 1)
		class++;
	return class;
}

/* The first page of a large allocation of @order, marked for kfree(). */
static void *kmalloc_large(size_t size, gfp_t gfp, int node)
{
	unsigned int order = 0;
	struct page *page;

	while ((PAGE_SIZE << order) < size)
		order++;
	if (order >= MAX_ORDER) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("kmalloc(%zu): larger than the page allocator's largest block\n",
				size);
		return NULL;
	}
	page = alloc_pages_node(node, gfp | __GFP_COMP, order);
	if (!page)
		return NULL;
	page->slab_cache_offset = 0;
	page->owner_byte = KMALLOC_LARGE;
	kmemleak_alloc(page_address(page), size, 1, gfp);
	return page_address(page);
}

void *kmalloc_node(size_t size, gfp_t gfp, int node)
{
	if (unlikely(!size))
		return ZERO_SIZE_PTR;
	if (unlikely(size > KMALLOC_MAX_CACHE_SIZE))
		return kmalloc_large(size, gfp, node);
	return kmem_cache_alloc_node(kmalloc_caches[kmalloc_class(size)], gfp, node);
}

void *kmalloc_noinline(size_t size, gfp_t gfp)
{
	return kmalloc_node(size, gfp, NUMA_NO_NODE);
}

/*
 * Returns true if @obj can be looked up in the memmap at all: a linear-map
 * address of a page with a struct page. Reports it otherwise.
 */
static bool linear_map_object(const void *obj)
{
	unsigned long pfn = virt_to_phys(obj) >> PAGE_SHIFT;

	if (pfn_valid(pfn) && phys_to_virt(virt_to_phys(obj)) == obj)
		return true;
	pr_err("BUG: kfree(%p): not an address kmalloc() returns; not freed\n", obj);
	return false;
}

/* Frees a large allocation, after checking that it is one. */
static __attribute__((noinline)) void kfree_large(const void *obj, struct page *page)
{
	if (page->owner_byte != KMALLOC_LARGE || PageTail(page) ||
	    page_address(page) != obj) {
		pr_err("BUG: kfree(%p): not an address kmalloc() returns; not freed\n", obj);
		return;
	}
	kmemleak_free(obj);
	page->owner_byte = 0;
	__free_pages(page, page_order(page));
}

void __fast_path kfree(const void *obj)
{
	struct page *page;
	unsigned int cpu_offset;

	if (unlikely(ZERO_OR_NULL_PTR(obj)))
		return;
	if (TERN_DEBUG && !linear_map_object(obj))
		return;
	page = virt_to_page(obj);
	cpu_offset = page->slab_cache_offset;
	if (unlikely(!cpu_offset)) {
		kfree_large(obj, page);
		return;
	}
	slab_free((void *)obj, page, cpu_offset);
}

size_t ksize(const void *obj)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(obj))
		return 0;
	page = virt_to_page(obj);
	if (page->slab_cache_offset)
		return page_cache(page)->object_size;
	return PAGE_SIZE << page_order(page);
}

void *krealloc(const void *obj, size_t new_size, gfp_t gfp)
{
	size_t old_size = ksize(obj);
	void *fresh;

	if (unlikely(!new_size)) {
		kfree(obj);
		return ZERO_SIZE_PTR;
	}
	if (old_size >= new_size) {
		if (gfp & __GFP_ZERO)
			memset((char *)obj + new_size, 0, old_size - new_size);
		return (void *)obj;
	}
	fresh = kmalloc(new_size, gfp & ~__GFP_ZERO);
	if (!fresh)
		return NULL;
	if (old_size)
		memcpy(fresh, obj, old_size);
	if (gfp & __GFP_ZERO)
		memset((char *)fresh + old_size, 0, new_size - old_size);
	kfree(obj);
	return fresh;
}

void kmalloc_init(void)
{
	for (unsigned int i = 0; i < KMALLOC_CLASSES; i++) {
		unsigned int size = class_size[i];
		unsigned int align = size & (size - 1) ? size / 3 : min(size, (unsigned int)PAGE_SIZE);

		kmalloc_caches[i] = kmem_cache_create(class_name[i], size, align,
						      SLAB_PANIC | (TERN_DEBUG ? SLAB_POISON : 0),
						      NULL);
		/* The inline kmalloc() knows each class's magazine offset. */
		if (kmalloc_caches[i]->cpu_offset != kmalloc_cpu_offset(i))
			panic("kmalloc: cache %s made after another cache", class_name[i]);
	}
}
