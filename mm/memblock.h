/* SPDX-License-Identifier: MIT */
/*
 * mm/memblock.h - the boot-time memory map and early allocator.
 *
 * Two sorted lists of physical ranges, as in Linux: "memory" (what the DT
 * says exists, each range tagged with its NUMA node, some marked no-map)
 * and "reserved" (what must not be handed out: the kernel image, the DTB,
 * firmware, initrd, and every early allocation). Memory minus reserved is
 * what the page allocator will get.
 */
#ifndef TERN_MM_MEMBLOCK_H
#define TERN_MM_MEMBLOCK_H

#include "kernel/types.h"

#define MEMBLOCK_MAX_REGIONS 128

enum memblock_flags {
	MEMBLOCK_NONE = 0,
	MEMBLOCK_NOMAP = 1,	/* not in the linear map (DT no-map) */
};

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
	int nid;
	enum memblock_flags flags;
};

struct memblock_type {
	unsigned int cnt;
	struct memblock_region regions[MEMBLOCK_MAX_REGIONS];
	const char *name;
};

struct memblock {
	struct memblock_type memory;
	struct memblock_type reserved;
	phys_addr_t current_limit;	/* allocations end below this */
};

extern struct memblock memblock;

#define for_each_memblock(type, region)                                \
	for ((region) = memblock.type.regions;                         \
	     (region) < memblock.type.regions + memblock.type.cnt; (region)++)

/* Returns 0, or -EINVAL for an empty or wrapping range, -ENOSPC if full. */
int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid);
/* memblock_add_node() for memory on no particular node (NUMA_NO_NODE). */
int memblock_add(phys_addr_t base, phys_addr_t size);
/*
 * Keeps [base, base+size) from being handed out; may overlap earlier
 * reservations. Returns as memblock_add_node() does.
 */
int memblock_reserve(phys_addr_t base, phys_addr_t size);
/* Unreserves [base, base+size) (early allocations given back); Returns 0 or -errno. */
int memblock_phys_free(phys_addr_t base, phys_addr_t size);
/* Marks memory as no-map (splitting regions); Returns 0 or -errno. */
int memblock_mark_nomap(phys_addr_t base, phys_addr_t size);
/* Returns true if any byte of [base, base+size) is reserved. */
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size);
/* Returns true if [base, base+size) lies entirely in memory. */
bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size);

/**
 * memblock_alloc_range_nid() - reserve a free range, highest address first.
 * @size: bytes, > 0.
 * @align: power of two.
 * @start, @end: the window to look in (@end 0 means current_limit).
 * @nid: node to take it from; NUMA_NO_NODE for any node.
 * @exact_nid: when false and @nid has no room, any node will do.
 * Return: the physical address, or 0 if nothing fits.
 */
phys_addr_t memblock_alloc_range_nid(phys_addr_t size, phys_addr_t align,
				     phys_addr_t start, phys_addr_t end,
				     int nid, bool exact_nid);
/* Return: physical address of @size bytes anywhere, or 0. */
phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align);
/* Return: zeroed linear-map memory, preferably on @nid, or NULL. */
void *memblock_alloc_node(phys_addr_t size, phys_addr_t align, int nid);
void *memblock_alloc(phys_addr_t size, phys_addr_t align);

/* Makes later allocations end below @limit (the end of the linear map). */
void memblock_set_current_limit(phys_addr_t limit);
/* Returns the lowest memory address, or 0 if no memory was added. */
phys_addr_t memblock_start_of_DRAM(void);
/* Returns the address just past the highest memory, or 0 if none. */
phys_addr_t memblock_end_of_DRAM(void);
/* Returns the bytes of memory added, no-map ranges included. */
phys_addr_t memblock_phys_mem_size(void);
/* Returns the bytes reserved, early allocations included. */
phys_addr_t memblock_reserved_size(void);
struct boot_plan;

/**
 * memblock_init_memory() - add the plan's memory ranges with their nodes.
 * Zero-size, wrapping and overlapping ranges are logged and left out.
 */
void memblock_init_memory(const struct boot_plan *plan);

/**
 * memblock_reserve_kernel() - reserve the kernel image, which must be memory.
 * @base: its physical address.
 * @size: its size in bytes.
 *
 * Call it after memblock_init_memory() and before memblock_init_reserved(),
 * which then keeps the image mapped whatever the device tree says.
 * Return: 0, or -ENOENT (logged with the memory ranges, nothing reserved)
 * when the memory ranges do not hold the whole image: the device tree
 * then describes another machine than the one running the kernel.
 */
int memblock_reserve_kernel(phys_addr_t base, phys_addr_t size);

/**
 * memblock_init_reserved() - apply the plan's reservations.
 * /memreserve/ and static /reserved-memory ranges are reserved (no-map
 * ones also leave the linear map); dynamic ones are placed here, inside
 * their alloc-ranges, and their chosen base is written back to @plan.
 * A reservation entirely outside memory is logged and skipped; one that
 * reaches past memory is logged and reserved. One that covers the kernel
 * image (memblock_reserve_kernel()) is logged and reserved, and its no-map
 * refused, as Linux refuses no-map over memory already reserved.
 */
void memblock_init_reserved(struct boot_plan *plan);

/**
 * memblock_next_free_range() - the next free range of memory on a node.
 * @nid: the node, or NUMA_NO_NODE for any.
 * @from: only addresses at or above @from count.
 * @start, @end: set to the lowest range of memory that is neither
 * reserved nor no-map, page-aligned inwards.
 * Return: true if there is one.
 */
bool memblock_next_free_range(int nid, phys_addr_t from, phys_addr_t *start,
			      phys_addr_t *end);

/*
 * memblock_close() - the page allocator owns memory from now on: later
 * early allocations fail with a warning instead of taking pages the buddy
 * already has.
 */
void memblock_close(void);

/* Logs both lists (the boot log's "memblock" lines). */
void memblock_dump(void);

#endif
