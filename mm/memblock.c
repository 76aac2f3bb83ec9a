// SPDX-License-Identifier: MIT
/*
 * DOC: memblock - boot-time memory map and early allocator
 *
 * Each list is kept sorted by base with no overlaps; neighbours that touch
 * and agree (node, flags) are merged, so a list stays short however the
 * ranges arrive. Memory that overlaps memory already added is trimmed to
 * the new part with a log line (two DT memory nodes claiming the same
 * bytes must not count them twice); reservations may overlap freely.
 *
 * Allocation is top-down, as Linux's: early allocations stay away from the
 * low memory that DMA32 devices need. Every allocation is itself recorded
 * as reserved, so nothing handed out here reaches the page allocator.
 *
 * No lock: everything here runs on the boot hart before the other harts
 * start, except the in-kernel tests, which run on one hart at a time.
 */
#define pr_fmt(fmt) "memblock: " fmt

#include "mm/memblock.h"
#include "kernel/errno.h"
#include "kernel/fdt/boot_plan.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include <asm/page.h>

struct memblock memblock = {
	.memory.name = "memory",
	.reserved.name = "reserved",
	.current_limit = ~(phys_addr_t)0,
};

static bool memblock_closed;	/* set once the buddy owns memory */
/* The kernel image, from memblock_reserve_kernel(); size 0 until then. */
static phys_addr_t kernel_base, kernel_size;

/* Returns the first address past @r. */
static phys_addr_t region_end(const struct memblock_region *r)
{
	return r->base + r->size;
}

/* Returns true if @b starts where @a ends, with the same node and flags. */
static bool regions_mergeable(const struct memblock_region *a,
			      const struct memblock_region *b)
{
	return region_end(a) == b->base && a->nid == b->nid &&
	       a->flags == b->flags;
}

/* Deletes entry @i of @type, closing the gap so the list stays sorted. */
static void remove_region(struct memblock_type *type, unsigned int i)
{
	memmove(&type->regions[i], &type->regions[i + 1],
		(type->cnt - i - 1) * sizeof(type->regions[0]));
	type->cnt--;
}

/* Merges each region with its right neighbour while they touch and agree. */
static void merge_regions(struct memblock_type *type)
{
	unsigned int i = 0;

	while (i + 1 < type->cnt) {
		struct memblock_region *r = &type->regions[i];

		if (regions_mergeable(r, r + 1)) {
			r->size += r[1].size;
			remove_region(type, i + 1);
		} else {
			i++;
		}
	}
}

/* Inserts a region that overlaps nothing; Returns 0 or -ENOSPC. */
static int insert_region(struct memblock_type *type, phys_addr_t base,
			 phys_addr_t size, int nid, enum memblock_flags flags)
{
	unsigned int i = 0;

	if (type->cnt == MEMBLOCK_MAX_REGIONS) {
		pr_err("error: %s list full (%u regions), [%#llx-%#llx] dropped\n",
		       type->name, MEMBLOCK_MAX_REGIONS, (unsigned long long)base,
		       (unsigned long long)(base + size - 1));
		return -ENOSPC;
	}
	while (i < type->cnt && type->regions[i].base < base)
		i++;
	memmove(&type->regions[i + 1], &type->regions[i],
		(type->cnt - i) * sizeof(type->regions[0]));
	type->regions[i] = (struct memblock_region){ base, size, nid, flags };
	type->cnt++;
	return 0;
}

/* Returns true if the range is neither empty nor wrapping; else logs why. */
static bool range_valid(phys_addr_t base, phys_addr_t size, const char *what)
{
	if (size == 0 || base + size < base) {
		pr_warn("warning: %s range base %#llx size %#llx is %s, ignored\n",
			what, (unsigned long long)base, (unsigned long long)size,
			size ? "wrapping" : "empty");
		return false;
	}
	return true;
}

/*
 * Adds the parts of [base, end) that no region of @type covers yet.
 * Returns 0, or -ENOSPC if the list filled up on the way.
 */
static int add_uncovered(struct memblock_type *type, phys_addr_t base,
			 phys_addr_t end, int nid, bool warn_overlap)
{
	phys_addr_t cursor = base;
	int ret = 0;

	for (unsigned int i = 0; i < type->cnt && cursor < end; i++) {
		struct memblock_region r = type->regions[i];

		if (region_end(&r) <= cursor)
			continue;
		if (r.base >= end)
			break;
		if (warn_overlap)
			pr_warn("warning: memory [%#llx-%#llx] overlaps [%#llx-%#llx] (node %d), overlap counted once\n",
				(unsigned long long)base,
				(unsigned long long)(end - 1),
				(unsigned long long)r.base,
				(unsigned long long)(region_end(&r) - 1), r.nid);
		if (r.base > cursor) {
			ret = insert_region(type, cursor, r.base - cursor, nid,
					    MEMBLOCK_NONE);
			if (ret)
				return ret;
			i++;	/* the insertion shifted r one slot up */
		}
		cursor = region_end(&r);
	}
	if (cursor < end)
		ret = insert_region(type, cursor, end - cursor, nid,
				    MEMBLOCK_NONE);
	return ret;
}

int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid)
{
	int ret;

	if (!range_valid(base, size, "memory"))
		return -EINVAL;
	ret = add_uncovered(&memblock.memory, base, base + size, nid, true);
	merge_regions(&memblock.memory);
	return ret;
}

int memblock_add(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_node(base, size, NUMA_NO_NODE);
}

int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	int ret;

	if (!range_valid(base, size, "reserved"))
		return -EINVAL;
	ret = add_uncovered(&memblock.reserved, base, base + size,
			    NUMA_NO_NODE, false);
	merge_regions(&memblock.reserved);
	return ret;
}

/*
 * Splits the regions of @type so that @base and @end fall on region edges.
 * Returns 0 or -ENOSPC.
 */
static int isolate_range(struct memblock_type *type, phys_addr_t base,
			 phys_addr_t end)
{
	phys_addr_t cuts[2] = { base, end };

	for (unsigned int c = 0; c < 2; c++) {
		for (unsigned int i = 0; i < type->cnt; i++) {
			struct memblock_region *r = &type->regions[i];
			phys_addr_t cut = cuts[c];

			if (cut <= r->base || cut >= region_end(r))
				continue;
			if (type->cnt == MEMBLOCK_MAX_REGIONS)
				return -ENOSPC;
			memmove(r + 1, r, (type->cnt - i) * sizeof(*r));
			type->cnt++;
			r[1].base = cut;
			r[1].size = region_end(r) - cut;
			r->size = cut - r->base;
			break;
		}
	}
	return 0;
}

int memblock_mark_nomap(phys_addr_t base, phys_addr_t size)
{
	struct memblock_type *type = &memblock.memory;

	if (!range_valid(base, size, "no-map"))
		return -EINVAL;
	if (isolate_range(type, base, base + size)) {
		pr_err("error: memory list full, no-map [%#llx+%#llx] not applied\n",
		       (unsigned long long)base, (unsigned long long)size);
		return -ENOSPC;
	}
	for (unsigned int i = 0; i < type->cnt; i++) {
		struct memblock_region *r = &type->regions[i];

		if (r->base >= base && region_end(r) <= base + size)
			r->flags |= MEMBLOCK_NOMAP;
	}
	merge_regions(type);
	return 0;
}

int memblock_phys_free(phys_addr_t base, phys_addr_t size)
{
	struct memblock_type *type = &memblock.reserved;
	unsigned int i = 0;

	if (!range_valid(base, size, "freed"))
		return -EINVAL;
	if (isolate_range(type, base, base + size))
		return -ENOSPC;
	while (i < type->cnt) {
		struct memblock_region *r = &type->regions[i];

		if (r->base >= base && region_end(r) <= base + size)
			remove_region(type, i);
		else
			i++;
	}
	return 0;
}

/* Returns true if any region of @type touches [base, base + size). */
static bool type_overlaps(const struct memblock_type *type, phys_addr_t base,
			  phys_addr_t size)
{
	for (unsigned int i = 0; i < type->cnt; i++)
		if (type->regions[i].base < base + size &&
		    base < region_end(&type->regions[i]))
			return true;
	return false;
}

bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size)
{
	return type_overlaps(&memblock.reserved, base, size);
}

bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size)
{
	const struct memblock_region *r;
	phys_addr_t cursor = base;

	/* Regions are sorted: walk them while they continue the range. */
	for_each_memblock(memory, r) {
		if (r->base <= cursor && region_end(r) > cursor)
			cursor = region_end(r);
		if (cursor >= base + size)
			return true;
	}
	return false;
}

/*
 * Finds the highest @align-aligned @size bytes in [lo, hi) that no
 * reservation touches. Returns the base, or 0 if none.
 */
static phys_addr_t find_top_down(phys_addr_t lo, phys_addr_t hi,
				 phys_addr_t size, phys_addr_t align)
{
	const struct memblock_type *rsv = &memblock.reserved;

	for (int j = (int)rsv->cnt - 1; j >= -1 && hi > lo; j--) {
		phys_addr_t gap_lo = lo;

		if (j >= 0) {
			const struct memblock_region *r = &rsv->regions[j];

			if (r->base >= hi)
				continue;
			gap_lo = max(lo, region_end(r));
		}
		if (hi >= gap_lo + size) {
			phys_addr_t cand = ALIGN_DOWN(hi - size, align);

			if (cand >= gap_lo && cand)
				return cand;
		}
		if (j >= 0)
			hi = min(hi, rsv->regions[j].base);
	}
	return 0;
}

phys_addr_t memblock_alloc_range_nid(phys_addr_t size, phys_addr_t align,
				     phys_addr_t start, phys_addr_t end,
				     int nid, bool exact_nid)
{
	const struct memblock_type *mem = &memblock.memory;

	if (!size || !align || (align & (align - 1)))
		return 0;
	if (memblock_closed) {
		pr_warn("early allocation of %#llx bytes after the page allocator took over\n",
			(unsigned long long)size);
		return 0;
	}
	if (!end || end > memblock.current_limit)
		end = memblock.current_limit;

	for (int i = (int)mem->cnt - 1; i >= 0; i--) {
		const struct memblock_region *r = &mem->regions[i];
		phys_addr_t lo = max(r->base, start);
		phys_addr_t hi = min(region_end(r), end);
		phys_addr_t found;

		if (r->flags & MEMBLOCK_NOMAP || lo >= hi)
			continue;
		if (nid != NUMA_NO_NODE && r->nid != nid)
			continue;
		found = find_top_down(lo, hi, size, align);
		if (found && !memblock_reserve(found, size))
			return found;
	}
	if (nid != NUMA_NO_NODE && !exact_nid)
		return memblock_alloc_range_nid(size, align, start, end,
						NUMA_NO_NODE, true);
	return 0;
}

bool memblock_next_free_range(int nid, phys_addr_t from, phys_addr_t *start,
			      phys_addr_t *end)
{
	const struct memblock_region *r, *rsv;

	for_each_memblock(memory, r) {
		phys_addr_t lo = ALIGN_UP(max(r->base, from), PAGE_SIZE);
		phys_addr_t hi = ALIGN_DOWN(region_end(r), PAGE_SIZE);

		if (r->flags & MEMBLOCK_NOMAP || (nid != NUMA_NO_NODE && r->nid != nid))
			continue;
		/* The reserved list is sorted by base: walk the gaps. */
		for_each_memblock(reserved, rsv) {
			if (lo >= hi)
				break;
			if (region_end(rsv) <= lo)
				continue;
			if (rsv->base >= hi)
				break;
			if (ALIGN_DOWN(rsv->base, PAGE_SIZE) > lo) {
				*start = lo;
				*end = ALIGN_DOWN(rsv->base, PAGE_SIZE);
				return true;
			}
			lo = max(lo, ALIGN_UP(region_end(rsv), PAGE_SIZE));
		}
		if (lo < hi) {
			*start = lo;
			*end = hi;
			return true;
		}
	}
	return false;
}

void memblock_close(void)
{
	memblock_closed = true;
}

phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_range_nid(size, align, 0, 0, NUMA_NO_NODE, true);
}

void *memblock_alloc_node(phys_addr_t size, phys_addr_t align, int nid)
{
	phys_addr_t pa = memblock_alloc_range_nid(size, align, 0, 0, nid, false);
	void *va;

	if (!pa)
		return NULL;
	va = phys_to_virt(pa);
	memset(va, 0, size);
	return va;
}

/**
 * memblock_alloc() - allocate zeroed early memory on any node.
 * @size: bytes, > 0.
 * @align: power of two.
 *
 * Return: the linear-map address of the memory, or NULL if nothing fits.
 */
void *memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_node(size, align, NUMA_NO_NODE);
}

void memblock_set_current_limit(phys_addr_t limit)
{
	memblock.current_limit = limit;
}

phys_addr_t memblock_start_of_DRAM(void)
{
	return memblock.memory.cnt ? memblock.memory.regions[0].base : 0;
}

phys_addr_t memblock_end_of_DRAM(void)
{
	const struct memblock_type *mem = &memblock.memory;

	return mem->cnt ? region_end(&mem->regions[mem->cnt - 1]) : 0;
}

/* Returns the bytes all regions of @type cover. */
static phys_addr_t total_size(const struct memblock_type *type)
{
	phys_addr_t sum = 0;

	for (unsigned int i = 0; i < type->cnt; i++)
		sum += type->regions[i].size;
	return sum;
}

phys_addr_t memblock_phys_mem_size(void)
{
	return total_size(&memblock.memory);
}

phys_addr_t memblock_reserved_size(void)
{
	return total_size(&memblock.reserved);
}

/* Logs @type's region count and total size, then one line per region. */
static void dump_type(const struct memblock_type *type)
{
	pr_info(" %s.cnt  = %u, total %llu KiB\n", type->name, type->cnt,
		(unsigned long long)(total_size(type) >> 10));
	for (unsigned int i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		pr_info(" %s[%u]\t[%#018llx-%#018llx], %#llx bytes on node %d flags: %#x\n",
			type->name, i, (unsigned long long)r->base,
			(unsigned long long)(region_end(r) - 1),
			(unsigned long long)r->size, r->nid, r->flags);
	}
}

void memblock_dump(void)
{
	pr_info("memory map:\n");
	dump_type(&memblock.memory);
	dump_type(&memblock.reserved);
}

void memblock_init_memory(const struct boot_plan *plan)
{
	for (unsigned int i = 0; i < plan->nr_memory; i++) {
		const struct plan_memory *m = &plan->memory[i];

		memblock_add_node(m->base, m->size,
				  plan->numa_valid ? m->node : 0);
	}
}

int memblock_reserve_kernel(phys_addr_t base, phys_addr_t size)
{
	if (!memblock_is_region_memory(base, size)) {
		pr_err("error: the kernel image [%#llx-%#llx] is not inside the memory the device tree describes:\n",
		       (unsigned long long)base,
		       (unsigned long long)(base + size - 1));
		dump_type(&memblock.memory);
		return -ENOENT;
	}
	kernel_base = base;
	kernel_size = size;
	return memblock_reserve(base, size);
}

/* Returns how the log names @rsv: its node name, else where it came from. */
static const char *reserved_name(const struct plan_reserved *rsv)
{
	if (rsv->name[0])
		return rsv->name;
	switch (rsv->source) {
	case RESERVED_MEMRESERVE:
		return "/memreserve/";
	case RESERVED_INITRD:
		return "initrd";
	default:
		return "dtb";
	}
}

/*
 * Reserves the static range @rsv: logged and skipped when it is outside
 * memory, logged when it reaches past memory or covers the kernel image,
 * whose linear mapping it may not take away (no-map refused there).
 */
static void reserve_static(const struct plan_reserved *rsv)
{
	phys_addr_t end = rsv->base + rsv->size;
	bool no_map = rsv->no_map;

	if (!type_overlaps(&memblock.memory, rsv->base, rsv->size)) {
		pr_warn("warning: reserved range %s [%#llx-%#llx] is outside memory, ignored\n",
			reserved_name(rsv), (unsigned long long)rsv->base,
			(unsigned long long)(end - 1));
		return;
	}
	if (!memblock_is_region_memory(rsv->base, rsv->size))
		pr_warn("warning: reserved range %s [%#llx-%#llx] reaches outside memory; the part inside is reserved\n",
			reserved_name(rsv), (unsigned long long)rsv->base,
			(unsigned long long)(end - 1));
	if (kernel_size && rsv->base < kernel_base + kernel_size &&
	    kernel_base < end) {
		pr_warn("warning: reserved range %s [%#llx-%#llx] covers the kernel image [%#llx-%#llx]: reserved%s\n",
			reserved_name(rsv), (unsigned long long)rsv->base,
			(unsigned long long)(end - 1),
			(unsigned long long)kernel_base,
			(unsigned long long)(kernel_base + kernel_size - 1),
			no_map ? ", but no-map refused: the kernel runs there" : "");
		no_map = false;
	}
	memblock_reserve(rsv->base, rsv->size);
	if (no_map)
		memblock_mark_nomap(rsv->base, rsv->size);
}

/*
 * Gives a dynamic reserved-memory range a base: the highest aligned fit
 * inside its alloc-ranges (anywhere if none), reserved and written back to
 * @rsv->base, which stays 0 (logged) if nothing fits.
 */
static void place_dynamic(struct plan_reserved *rsv)
{
	phys_addr_t align = rsv->alignment ? rsv->alignment : PAGE_SIZE;
	phys_addr_t start = rsv->alloc_size ? rsv->alloc_base : 0;
	phys_addr_t end = rsv->alloc_size ? rsv->alloc_base + rsv->alloc_size : 0;

	if (align & (align - 1)) {
		pr_warn("warning: reserved-memory %s: alignment %#llx is not a power of two, using 4 KiB\n",
			rsv->name, (unsigned long long)align);
		align = PAGE_SIZE;
	}
	rsv->base = memblock_alloc_range_nid(rsv->size, align, start, end,
					     NUMA_NO_NODE, true);
	if (!rsv->base)
		pr_err("error: reserved-memory %s: no room for %#llx bytes, not reserved\n",
		       rsv->name, (unsigned long long)rsv->size);
}

void memblock_init_reserved(struct boot_plan *plan)
{
	for (unsigned int i = 0; i < plan->nr_reserved; i++) {
		struct plan_reserved *rsv = &plan->reserved[i];

		if (rsv->dynamic) {
			place_dynamic(rsv);
			if (rsv->base && rsv->no_map)
				memblock_mark_nomap(rsv->base, rsv->size);
			continue;
		}
		reserve_static(rsv);
	}
}
