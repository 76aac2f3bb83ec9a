// SPDX-License-Identifier: MIT
/*
 * Host tests of the buddy check (mm/page_check.c): clean after boot and
 * after churn, and each kind of corruption made on purpose in the arena's
 * free lists, counts and per-hart caches is reported with what it is, and
 * is gone again once undone.
 */
#include <string.h>

#include "tests/host/mm_host.h"
#include "kernel/vfs.h"
#include "mm/internal.h"
#include "mm/page_check.h"

/* Two nodes, two harts each; node 1 spans 4 GiB, so it has both zones. */
static const struct mm_machine machine = {
	.nr_nodes = 2,
	.nr_cpus = 4,
	.cpu_node = { 0, 0, 1, 1 },
	.memory = { { 0x80000000, 64 * MIB, 0 }, { 0xfc000000, 128 * MIB, 1 } },
	.nr_memory = 2,
};

/* Returns the text of /sys/kernel/debug/mm/check, which runs the check. */
static const char *check_file(void)
{
	static char text[16384];
	struct seq_buf m;

	seq_buf_init(&m, text, sizeof(text));
	return vfs_read("/sys/kernel/debug/mm/check", &m) ? "" : text;
}

static struct zone *zone0(void)
{
	return node_zone(0, ZONE_DMA32);
}

/* Returns the first free block of @zone of at least @min_order, by the lists. */
static struct page *some_free_block(struct zone *zone, unsigned int min_order)
{
	for (unsigned int order = MAX_ORDER; order-- > min_order;)
		for (unsigned int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!list_empty(&zone->free_area[order].free_list[mt]))
				return list_first_entry(&zone->free_area[order].free_list[mt],
							struct page, lru);
	return NULL;
}

static void boot(void)
{
	mm_boot(&machine);
	CHECK_EQ(page_check_register_file(), 0);
}

static void clean_after_boot_and_churn(void)
{
	struct page *pages[64];
	char expect[128];
	struct zone *zone;
	unsigned long blocks = 0, free = 0;

	boot();
	CHECK_EQ(check_free_areas(), 0);
	for (int i = 0; i < 64; i++)
		pages[i] = alloc_pages(GFP_KERNEL, i % 4);
	for (int i = 0; i < 64; i += 2)
		__free_pages(pages[i], i % 4);
	CHECK_EQ(check_free_areas(), 0);	/* caches hold some now */
	for (int i = 1; i < 64; i += 2)
		__free_pages(pages[i], i % 4);
	drain_all_pages();
	for_each_populated_zone(zone)
		for (unsigned int order = 0; order < MAX_ORDER; order++) {
			blocks += zone->free_area[order].nr_free;
			free += zone->free_area[order].nr_free << order;
		}
	snprintf(expect, sizeof(expect),
		 "ok: 3 zones, %lu free blocks, %lu free pages, 0 pages in per-hart caches\n",
		 blocks, free);
	CHECK(!strcmp(check_file(), expect));
	CHECK_EQ(free, nr_free_pages());
}

static void wrong_counts(void)
{
	struct zone *zone;
	struct page *block;
	unsigned int order;

	boot();
	zone = zone0();
	block = some_free_block(zone, 0);
	order = block->order;
	zone->free_area[order].nr_free++;
	CHECK_EQ(check_free_areas(), 1);
	CHECK(log_contains("buddy check: node 0 DMA32 order"));
	CHECK(log_contains("nr_free is"));
	zone->free_area[order].nr_free--;
	zone->nr_free_pages += 3;
	CHECK_EQ(check_free_areas(), 1);
	CHECK(log_contains(", the lists hold"));
	CHECK(strstr(check_file(), "1 problem (above): 3 zones"));
	zone->nr_free_pages -= 3;
	CHECK_EQ(check_free_areas(), 0);
}

/* A listed block without PG_buddy, with another order, on the wrong type's list. */
static void marks_of_a_listed_block(void)
{
	struct zone *zone;
	struct page *block, saved;
	unsigned int order, mt;

	boot();
	zone = zone0();
	block = some_free_block(zone, 2);
	saved = *block;
	order = block->order;
	mt = page_migratetype(block);

	clear_page_flag(block, PG_buddy);
	log_buf_clear();
	CHECK(check_free_areas() >= 2);	/* the list's entry, and the memmap's count */
	CHECK(log_contains("is not marked free (PG_buddy)"));
	CHECK(log_contains("free blocks in the memmap"));
	set_page_flag(block, PG_buddy);

	block->order = order - 1;
	log_buf_clear();
	CHECK(check_free_areas() >= 1);
	CHECK(log_contains("records order"));
	block->order = order;

	set_page_migratetype(block, (mt + 1) % MIGRATE_PCPTYPES);
	log_buf_clear();
	CHECK_EQ(check_free_areas(), 1);
	CHECK(log_contains("list records type"));
	*block = saved;
	CHECK_EQ(check_free_areas(), 0);
}

/* Two free blocks where one was: the upper half made a block of its own too. */
static void overlapping_blocks(void)
{
	struct zone *zone;
	struct page *block, *half, saved;
	unsigned int order;

	boot();
	zone = zone0();
	block = some_free_block(zone, 1);
	order = block->order;
	half = block + (1UL << (order - 1));
	saved = *half;
	half->order = order - 1;
	set_page_migratetype(half, page_migratetype(block));
	set_page_flag(half, PG_buddy);
	list_add(&half->lru, &zone->free_area[order - 1].free_list[page_migratetype(block)]);
	zone->free_area[order - 1].nr_free++;
	zone->nr_free_pages += 1UL << (order - 1);
	CHECK(check_free_areas() >= 1);
	CHECK(log_contains("overlaps the free block"));

	list_del(&half->lru);
	zone->free_area[order - 1].nr_free--;
	zone->nr_free_pages -= 1UL << (order - 1);
	*half = saved;
	CHECK_EQ(check_free_areas(), 0);
}

/* A block taken off its list, its counts fixed, still marked free in the memmap. */
static void block_on_no_list(void)
{
	struct zone *zone;
	struct page *block;
	struct list_head *list;
	unsigned int order;

	boot();
	zone = zone0();
	block = some_free_block(zone, 0);
	order = block->order;
	list = block->lru.prev;
	list_del(&block->lru);
	zone->free_area[order].nr_free--;
	zone->nr_free_pages -= 1UL << order;
	CHECK_EQ(check_free_areas(), 1);
	CHECK(log_contains("free blocks in the memmap"));
	list_add(&block->lru, list);
	zone->free_area[order].nr_free++;
	zone->nr_free_pages += 1UL << order;
	CHECK_EQ(check_free_areas(), 0);
}

/* A list whose link leads out of the memmap ends its walk, reported. */
static void broken_list_link(void)
{
	struct zone *zone;
	struct page *block;
	struct list_head *next;
	static struct list_head stray;

	boot();
	zone = zone0();
	block = some_free_block(zone, 0);
	next = block->lru.next;
	block->lru.next = &stray;
	CHECK(check_free_areas() >= 1);
	CHECK(log_contains("is no page of the zone"));
	block->lru.next = next;
	CHECK_EQ(check_free_areas(), 0);
}

/* A page in this hart's cache that is also marked free, or miscounted. */
static void cached_page_problems(void)
{
	struct page *page;
	struct per_cpu_pages *pcp;

	boot();
	page = alloc_page(GFP_KERNEL);
	__free_page(page);	/* onto this hart's cache */
	pcp = &this_hart()->pagesets[page_zone_slot(page)];
	CHECK_EQ(check_free_areas(), 0);
	set_page_flag(page, PG_buddy);
	log_buf_clear();
	CHECK(check_free_areas() >= 1);
	CHECK(log_contains("cpu0's cache of node 0 DMA32: pfn"));
	CHECK(log_contains("marked free (PG_buddy)"));
	clear_page_flag(page, PG_buddy);
	pcp->level++;
	log_buf_clear();
	CHECK_EQ(check_free_areas(), 1);
	CHECK(log_contains("pages but counts"));
	pcp->level--;
	CHECK_EQ(check_free_areas(), 0);
}

int main(void)
{
	ktap_plan(7);
	RUN_FORKED(clean_after_boot_and_churn);
	RUN_FORKED(wrong_counts);
	RUN_FORKED(marks_of_a_listed_block);
	RUN_FORKED(overlapping_blocks);
	RUN_FORKED(block_on_no_list);
	RUN_FORKED(broken_list_link);
	RUN_FORKED(cached_page_problems);
	return ktap_done();
}
