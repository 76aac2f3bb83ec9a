// SPDX-License-Identifier: MIT
/*
 * DOC: host test - the page allocator (mm/) booted on host harts, under ASan
 *
 * Each case boots the unmodified mm code on a machine of its own in a child
 * process (tests/host/mm_host.h) and checks it against figures worked out by
 * hand from Linux's formulas, in the comments beside them. Every case ends
 * by checking that all memory came back: the buddy's free count and its
 * free-block counts per zone and order equal those right after boot.
 *
 * The machine most cases use, "W":
 *
 *   node 0: 0xf0000000-0x10fffffff, 512 MiB: ZONE_DMA32 pfns 0xf0000-0xfffff
 *           (65536 pages) and ZONE_NORMAL 0x100000-0x10ffff (65536 pages);
 *           harts 0, 1
 *   node 1: 0x110000000-0x11fffffff, 256 MiB, ZONE_NORMAL only; harts 2, 3
 *
 * Its metadata, allocated by memblock from the top of each node down:
 *   sections: every node boundary is 128 MiB aligned, so 128 MiB sections
 *   (shift 15); the section table has (0x120000 >> 15) + 1 = 37 entries,
 *   1 page, on node 0. Each pgdat is 1 page (checked below). Node 0's
 *   memmap: 131072 pages * 32 bytes = 1024 pages; node 1's 65536 * 32 =
 *   512 pages. Pageblock types: 128 bytes per zone, 1 page each. Per-hart
 *   caches: 4 zone slots * 256 bytes = 1 KiB per hart, two harts per node:
 *   1 page per node. So:
 *     node 0 Normal managed = 65536 - (1 + 1 + 1024 + 1 + 1 + 1) = 64507
 *     node 0 DMA32 managed  = 65536 (the metadata is all in Normal, above)
 *     node 1 Normal managed = 65536 - (1 + 512 + 1 + 1) = 65021
 *   memmap_pages() counts all but the caches: 1 + 1 + 1024 + 2 + 1 + 512
 *   + 1 = 1542.
 *
 * Cases that use up whole nodes run on "S", the same shape at 1/8 of the
 * size (so they touch little host memory):
 *
 *   node 0: 0xfe000000-0x101ffffff: DMA32 pfns 0xfe000-0xfffff (8192
 *           pages), Normal 0x100000-0x101fff (8192); harts 0, 1
 *   node 1: 0x102000000-0x103ffffff: Normal, 8192 pages; harts 2, 3
 *
 *   sections of 32 MiB (0xfe000000 is not 64 MiB aligned), a table of
 *   (0x104000 >> 13) + 1 = 131 entries (1 page); memmaps 16384 * 32 / 4096
 *   = 128 and 64 pages; pageblock types 1 page per zone; caches 1 page
 *   per node:
 *     node 0 Normal managed = 8192 - (1 + 1 + 128 + 2 + 1) = 8059
 *     node 0 DMA32 managed  = 8192
 *     node 1 Normal managed = 8192 - (1 + 64 + 1 + 1) = 8125
 *   24376 pages: min_free_kbytes = int_sqrt(24376 * 4 * 16 = 1560064) =
 *   1249 (1249^2 = 1560001); pages_min 312, split by managed:
 *     DMA32 0:  312 * 8192 / 24376 = 104, step max(26, 8): low 130
 *     Normal 0: 312 * 8059 / 24376 = 103, step max(25, 8): low 128
 *     Normal 1: 312 * 8125 / 24376 = 103 (2535000 / 24376 = 103.99)
 *   DMA32's reserve for Normal-capable requests: 8059 / 256 = 31.
 */
#include "tests/host/mm_host.h"
#include "kernel/errno.h"
#include "mm/page.h"

#define WATCHDOG_S 240

static const struct mm_machine machine_s = {
	.nr_nodes = 2,
	.nr_cpus = 4,
	.cpu_node = { 0, 0, 1, 1 },
	.memory = { { 0xfe000000, 64 * MIB, 0 }, { 0x102000000, 32 * MIB, 1 } },
	.nr_memory = 2,
};

static const struct mm_machine machine_w = {
	.nr_nodes = 2,
	.nr_cpus = 4,
	.cpu_node = { 0, 0, 1, 1 },
	.memory = { { 0xf0000000, 512 * MIB, 0 }, { 0x110000000, 256 * MIB, 1 } },
	.nr_memory = 2,
};

/* The buddy's state: free pages and blocks per node, zone and order. */
struct buddy_state {
	unsigned long free[MAX_NUMNODES][MAX_NR_ZONES];
	unsigned long blocks[MAX_NUMNODES][MAX_NR_ZONES][MAX_ORDER];
};

static struct buddy_state boot_state;

/* Fills @s from every zone of every node. */
static void read_buddy(struct buddy_state *s)
{
	memset(s, 0, sizeof(*s));
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		if (!NODE_DATA(nid))
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone *zone = node_zone(nid, z);

			s->free[nid][z] = zone_free_pages(zone);
			for (int order = 0; order < MAX_ORDER; order++)
				s->blocks[nid][z][order] = zone_blocks(zone, order);
		}
	}
}

/* CHECKs that the buddy is exactly as @s recorded it. Returns true if so. */
static bool buddy_equals(const struct buddy_state *s)
{
	struct buddy_state now;
	bool same = true;

	read_buddy(&now);
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			if (now.free[nid][z] != s->free[nid][z]) {
				printf("# node %d zone %d: %lu pages free, expected %lu\n", nid, z,
				       now.free[nid][z], s->free[nid][z]);
				same = false;
			}
			for (int order = 0; order < MAX_ORDER; order++) {
				if (now.blocks[nid][z][order] == s->blocks[nid][z][order])
					continue;
				printf("# node %d zone %d order %d: %lu blocks, expected %lu\n",
				       nid, z, order, now.blocks[nid][z][order],
				       s->blocks[nid][z][order]);
				same = false;
			}
		}
	}
	return same;
}

/* Boots @m and records the buddy as boot left it. */
static void boot(const struct mm_machine *m)
{
	mm_boot(m);
	read_buddy(&boot_state);
	CHECK_EQ(free_and_cached_pages(), nr_free_pages());	/* caches start empty */
}

/* The end of every case: empty the caches; all memory is back as at boot. */
static void all_memory_back(void)
{
	drain_all_pages();
	CHECK(buddy_equals(&boot_state));
	CHECK_EQ(free_and_cached_pages(), nr_free_pages());
}

/* Turns the per-hart caches off so the buddy's counts move page by page. */
static void caches_off(void)
{
	pcp_set_enabled(false);
	CHECK_EQ(free_and_cached_pages(), nr_free_pages());
}

/* Runs @fn(@arg) on @cpu and waits: "on that hart". */
static void on_cpu(unsigned int cpu, void (*fn)(void *), void *arg)
{
	CHECK_EQ(smp_call_function_single(cpu, fn, arg, true), 0);
}

/* ------------------------------------------------------------ layout --- */

static void boot_layout_and_watermarks(void)
{
	struct zone *dma0, *normal0, *normal1;

	boot(&machine_w);
	dma0 = node_zone(0, ZONE_DMA32);
	normal0 = node_zone(0, ZONE_NORMAL);
	normal1 = node_zone(1, ZONE_NORMAL);

	/* The preconditions of the hand-computed figures in the DOC. */
	CHECK_EQ(DIV_ROUND_UP(sizeof(pg_data_t), PAGE_SIZE), 1);
	CHECK(2 * 2 * MAX_NR_ZONES * sizeof(struct per_cpu_pages) <= PAGE_SIZE);
	CHECK_EQ(section_shift, 15);
	CHECK_EQ(nr_sections, 37);

	CHECK_EQ(dma0->zone_start_pfn, 0xf0000);
	CHECK_EQ(dma0->spanned_pages, 65536);
	CHECK_EQ(normal0->zone_start_pfn, 0x100000);
	CHECK_EQ(normal0->present_pages, 65536);
	CHECK_EQ(normal1->zone_start_pfn, 0x110000);
	CHECK(!populated_zone(node_zone(1, ZONE_DMA32)));
	CHECK_EQ(dma0->managed_pages, 65536);
	CHECK_EQ(normal0->managed_pages, 64507);
	CHECK_EQ(normal1->managed_pages, 65021);
	CHECK_EQ(totalram_pages(), 195064);	/* 65536 + 64507 + 65021 */
	CHECK_EQ(memmap_pages(), 1542);
	CHECK_EQ(nr_free_pages(), 195064);

	/*
	 * The free blocks: DMA32 is 64 aligned order-10 blocks. Node 0
	 * Normal is pfns 0x100000-0x10fbfa: 64507 = 62 * 1024 + 1019, and
	 * 1019 = 0b1111111011 from the 1024-aligned 0x10f800 on: one block
	 * of each order 9..3, 1 and 0. Node 1: 65021 = 63 * 1024 + 509,
	 * 509 = 0b111111101: orders 8..2 and 0.
	 */
	for (int order = 0; order < MAX_ORDER; order++) {
		CHECK_EQ(zone_blocks(dma0, order), order == 10 ? 64 : 0);
		CHECK_EQ(zone_blocks(normal0, order),
			 order == 10 ? 62 : order == 2 ? 0 : 1);
		CHECK_EQ(zone_blocks(normal1, order),
			 order == 10 ? 63 : order == 9 || order == 1 ? 0 : 1);
	}

	/*
	 * min_free_kbytes = int_sqrt(195064 pages * 4 KiB * 16) =
	 * int_sqrt(12484096) = 3533 (3533^2 = 12482089, 3534^2 = 12489156),
	 * inside [128, 262144]. pages_min = 3533 / 4 = 883, split by managed:
	 *   DMA32 0:  883 * 65536 / 195064 = 296
	 *   Normal 0: 883 * 64507 / 195064 = 292
	 *   Normal 1: 883 * 65021 / 195064 = 294
	 * low = min + max(min / 4, managed * 10 / 10000), high = low + that:
	 *   DMA32 0:  max(74, 65) = 74: 370, 444
	 *   Normal 0: max(73, 64) = 73: 365, 438
	 *   Normal 1: max(73, 65) = 73: 367, 440
	 */
	CHECK_EQ(int_sqrt(12484096), 3533);
	CHECK_EQ(min_free_kbytes, 3533);
	CHECK_EQ(min_wmark_pages(dma0), 296);
	CHECK_EQ(low_wmark_pages(dma0), 370);
	CHECK_EQ(high_wmark_pages(dma0), 444);
	CHECK_EQ(min_wmark_pages(normal0), 292);
	CHECK_EQ(low_wmark_pages(normal0), 365);
	CHECK_EQ(high_wmark_pages(normal0), 438);
	CHECK_EQ(min_wmark_pages(normal1), 294);
	CHECK_EQ(low_wmark_pages(normal1), 367);
	CHECK_EQ(high_wmark_pages(normal1), 440);

	/*
	 * lowmem_reserve: DMA32 holds back Normal-capable requests:
	 * 64507 / 256 = 251; nothing else reserves anything.
	 * totalreserve_pages = (251 + 444) + 438 + 440 = 1573.
	 */
	CHECK_EQ(dma0->lowmem_reserve[ZONE_DMA32], 0);
	CHECK_EQ(dma0->lowmem_reserve[ZONE_NORMAL], 251);
	CHECK_EQ(normal0->lowmem_reserve[ZONE_DMA32], 0);
	CHECK_EQ(normal0->lowmem_reserve[ZONE_NORMAL], 0);
	CHECK_EQ(normal1->lowmem_reserve[ZONE_NORMAL], 0);
	CHECK_EQ(totalreserve_pages, 1573);

	/*
	 * Per-hart caches: batch = pow2_below(x + x / 2) - 1 with
	 * x = min(managed >> 10, 256) / 4 = 16 (15 for node 0 Normal:
	 * 64507 >> 10 = 62, / 4 = 15, 15 + 7 = 22 -> 16 - 1 = 15): 15 for all.
	 * high = low / harts of the node (2), at least 4 batches (60):
	 * 370 / 2 = 185, 365 / 2 = 182, 367 / 2 = 183.
	 */
	CHECK_EQ(dma0->pcp_batch, 15);
	CHECK_EQ(normal0->pcp_batch, 15);
	CHECK_EQ(normal1->pcp_batch, 15);
	CHECK_EQ(dma0->pcp_high, 185);
	CHECK_EQ(normal0->pcp_high, 182);
	CHECK_EQ(normal1->pcp_high, 183);
	/* A hart's cache of a remote zone holds one batch. */
	CHECK_EQ(zone_pcp(normal1, 0)->high, 15);
	CHECK_EQ(zone_pcp(normal1, 2)->high, 183);
	CHECK_EQ(zone_pcp(dma0, 3)->high, 15);
	all_memory_back();
}

/* The sysctls recompute everything; bad values are refused and kept out. */
static void watermark_sysctls(void)
{
	struct zone *normal1;

	boot(&machine_w);
	normal1 = node_zone(1, ZONE_NORMAL);
	/*
	 * min_free_kbytes 8192: pages_min 2048; Normal 1 gets
	 * 2048 * 65021 / 195064 = 682 (133163008 / 195064 = 682.66);
	 * step max(170, 65) = 170: low 852, high 1022.
	 */
	CHECK_EQ(set_min_free_kbytes(8192), 0);
	CHECK_EQ(min_wmark_pages(normal1), 682);
	CHECK_EQ(low_wmark_pages(normal1), 852);
	CHECK_EQ(high_wmark_pages(normal1), 1022);
	/*
	 * watermark_scale_factor 200: step max(682 / 4, 65021 * 200 / 10000
	 * = 1300) = 1300: low 1982, high 3282.
	 */
	CHECK_EQ(set_watermark_scale_factor(200), 0);
	CHECK_EQ(low_wmark_pages(normal1), 1982);
	CHECK_EQ(high_wmark_pages(normal1), 3282);
	/* A quarter of memory is the most: 195064 * 4 / 4 = 195064 KiB. */
	CHECK_EQ(set_min_free_kbytes(195065), -EINVAL);
	CHECK_EQ(set_min_free_kbytes(-1), -EINVAL);
	CHECK_EQ(set_watermark_scale_factor(0), -EINVAL);
	CHECK_EQ(set_watermark_scale_factor(3001), -EINVAL);
	CHECK_EQ(min_free_kbytes, 8192);
	CHECK_EQ(watermark_scale_factor, 200);
	CHECK_EQ(min_wmark_pages(normal1), 682);

	/*
	 * The clamps of the boot-time figure, on pretend sizes: 100 pages
	 * give int_sqrt(400 * 16) = 80, raised to 128; 2^32 pages (16 TiB)
	 * give int_sqrt(2^34 * 16) = 2^19, cut to 262144.
	 */
	{
		unsigned long managed[3] = { node_zone(0, ZONE_DMA32)->managed_pages,
					     node_zone(0, ZONE_NORMAL)->managed_pages,
					     normal1->managed_pages };

		node_zone(0, ZONE_DMA32)->managed_pages = 100;
		node_zone(0, ZONE_NORMAL)->managed_pages = 0;
		normal1->managed_pages = 0;
		calculate_min_free_kbytes();
		CHECK_EQ(min_free_kbytes, 128);
		normal1->managed_pages = 1UL << 32;
		node_zone(0, ZONE_DMA32)->managed_pages = 0;
		calculate_min_free_kbytes();
		CHECK_EQ(min_free_kbytes, 262144);
		node_zone(0, ZONE_DMA32)->managed_pages = managed[0];
		node_zone(0, ZONE_NORMAL)->managed_pages = managed[1];
		normal1->managed_pages = managed[2];
		calculate_min_free_kbytes();
		CHECK_EQ(min_free_kbytes, 3533);
	}
	all_memory_back();
}

/*
 * zone_watermark_ok() on a zone of our own, where every input is set:
 * free pages, reserve, and which orders have blocks.
 */
static void watermark_ok_arithmetic(void)
{
	static struct zone z;

	memset(&z, 0, sizeof(z));
	z.nr_free_pages = 1000;
	z.free_area[0].nr_free = 1000;
	/* Order 0: ok while free > mark (1000 > 999), not at 1000. */
	CHECK(zone_watermark_ok(&z, 0, 999, ZONE_NORMAL, 0));
	CHECK(!zone_watermark_ok(&z, 0, 1000, ZONE_NORMAL, 0));
	/* The reserve of the highest zone usable is kept too: 1000 > 899 + 100 fails. */
	z.lowmem_reserve[ZONE_NORMAL] = 101;
	CHECK(!zone_watermark_ok(&z, 0, 899, ZONE_NORMAL, 0));
	CHECK(zone_watermark_ok(&z, 0, 898, ZONE_NORMAL, 0));	/* 1000 > 999 */
	CHECK(zone_watermark_ok(&z, 0, 999, ZONE_DMA32, 0));	/* reserve[DMA32] 0 */
	z.lowmem_reserve[ZONE_NORMAL] = 0;
	/* ALLOC_HIGH halves the mark: 1999 - 999 = 1000, not ok; 1997 -> 999 ok. */
	CHECK(!zone_watermark_ok(&z, 0, 1999, ZONE_NORMAL, ALLOC_HIGH));
	CHECK(zone_watermark_ok(&z, 0, 1997, ZONE_NORMAL, ALLOC_HIGH));
	/* ALLOC_HARDER takes a quarter: 1333 - 333 = 1000 no; 1332 - 333 = 999 ok. */
	CHECK(!zone_watermark_ok(&z, 0, 1333, ZONE_NORMAL, ALLOC_HARDER));
	CHECK(zone_watermark_ok(&z, 0, 1332, ZONE_NORMAL, ALLOC_HARDER));
	/*
	 * Both: 2666 - 1333 = 1333, - 333 = 1000 no; 2664 - 1332 = 1332,
	 * - 333 = 999 ok.
	 */
	CHECK(!zone_watermark_ok(&z, 0, 2666, ZONE_NORMAL, ALLOC_HIGH | ALLOC_HARDER));
	CHECK(zone_watermark_ok(&z, 0, 2664, ZONE_NORMAL, ALLOC_HIGH | ALLOC_HARDER));
	/*
	 * Order 2 counts 3 pages as already gone: 1000 - 3 = 997 > 996, not
	 * > 997; and needs a free block of order >= 2: none yet.
	 */
	CHECK(!zone_watermark_ok(&z, 2, 996, ZONE_NORMAL, 0));
	z.free_area[5].nr_free = 1;
	CHECK(zone_watermark_ok(&z, 2, 996, ZONE_NORMAL, 0));
	CHECK(!zone_watermark_ok(&z, 2, 997, ZONE_NORMAL, 0));
	CHECK(zone_watermark_ok(&z, 5, 900, ZONE_NORMAL, 0));
	CHECK(!zone_watermark_ok(&z, 6, 900, ZONE_NORMAL, 0));	/* no block >= 6 */
	/* Mark 0 with nothing free: free_pages 0 <= 0 is refused. */
	z.nr_free_pages = 0;
	CHECK(!zone_watermark_ok(&z, 0, 0, ZONE_NORMAL, 0));
}

static struct page *taken[32768];

/*
 * Allocates order-0 pages with @gfp from node @nid only until it fails;
 * Returns how many, appending them to taken[] from *@n.
 */
static unsigned long take_until_fail(int nid, gfp_t gfp, unsigned long *n)
{
	unsigned long got = 0;
	struct page *page;

	while (*n < ARRAY_SIZE(taken) &&
	       (page = alloc_pages_node(nid, gfp | __GFP_THISNODE, 0))) {
		if (page_to_nid(page) != nid)
			printf("# page of node %d from a __GFP_THISNODE request for %d\n",
			       page_to_nid(page), nid);
		taken[(*n)++] = page;
		got++;
	}
	return got;
}

/* Frees taken[0..@n). */
static void give_back(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		__free_page(taken[i]);
}

/*
 * The watermarks at work, end to end, with the caches off so every page
 * is a buddy page: an allocation is refused once it would leave the zone
 * at or below its mark (+ the reserve), and the slow path's second pass
 * goes down to min, or further for __GFP_HIGH / GFP_ATOMIC.
 */
static void allocations_stop_at_the_watermarks(void)
{
	struct zone *dma0, *normal0, *normal1;
	unsigned long n = 0;

	boot(&machine_s);
	caches_off();
	dma0 = node_zone(0, ZONE_DMA32);
	normal0 = node_zone(0, ZONE_NORMAL);
	normal1 = node_zone(1, ZONE_NORMAL);
	CHECK_EQ(normal1->managed_pages, 8125);
	CHECK_EQ(min_free_kbytes, 1249);

	/* GFP_KERNEL on node 1: down to min (103), 8125 - 103 = 8022 pages. */
	CHECK_EQ(take_until_fail(1, GFP_KERNEL | __GFP_NOWARN, &n), 8022);
	CHECK_EQ(zone_free_pages(normal1), 103);
	/* Its last request ran the balancer itself: one stall, in Normal. */
	CHECK_EQ(allocstall[ZONE_NORMAL], 1);
	CHECK_EQ(allocstall[ZONE_DMA32], 0);
	/*
	 * GFP_ATOMIC (__GFP_HIGH, no direct reclaim): min 103 - 51 = 52,
	 * - 52 / 4 = 13 -> 39: 64 more pages.
	 */
	CHECK_EQ(take_until_fail(1, GFP_ATOMIC | __GFP_NOWARN, &n), 64);
	CHECK_EQ(zone_free_pages(normal1), 39);
	/*
	 * The failure report, with the zone in KiB (low 128 and high 153,
	 * step max(103 / 4, 8) = 25), unless __GFP_NOWARN.
	 */
	CHECK(!log_contains("page allocation failure"));
	CHECK(!alloc_pages_node(1, GFP_ATOMIC | __GFP_THISNODE, 0));
	CHECK(log_contains("page allocation failure: order:0, mode:0x200a20"));
	CHECK(log_contains("Node 1 Normal free:156kB min:412kB low:512kB high:612kB"));

	/*
	 * Node 0, GFP_KERNEL: Normal down to its min 103 (8059 - 103 =
	 * 7956), DMA32 down to min + the reserve kept from Normal-capable
	 * requests, 104 + 31 = 135 (8192 - 135 = 8057): 16013 in all.
	 */
	CHECK_EQ(take_until_fail(0, GFP_KERNEL | __GFP_NOWARN, &n), 16013);
	CHECK_EQ(zone_free_pages(normal0), 103);
	CHECK_EQ(zone_free_pages(dma0), 135);
	/* A DMA32 request has no reserve to keep: down to 104, 31 more. */
	CHECK_EQ(take_until_fail(0, GFP_KERNEL | __GFP_DMA32 | __GFP_NOWARN, &n), 31);
	CHECK_EQ(zone_free_pages(dma0), 104);
	CHECK_EQ(zone_free_pages(normal0), 103);
	/* GFP_ATOMIC never stalls; the DMA32 request's stall counts in DMA32. */
	CHECK_EQ(allocstall[ZONE_NORMAL], 2);
	CHECK_EQ(allocstall[ZONE_DMA32], 1);

	give_back(n);
	all_memory_back();
}

/* ----------------------------------------------------- split, merge --- */

/*
 * Takes a block of every order 0..10 from node 0's DMA32 zone (64 free
 * order-10 blocks and nothing else) with the caches off: a fresh order-10
 * block is split once into one free block of each order from @order to 9
 * (Linux's expand()); freeing it merges everything back.
 */
static void split_and_merge_every_order(void)
{
	struct zone *dma0;

	boot(&machine_w);
	caches_off();
	dma0 = node_zone(0, ZONE_DMA32);
	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		struct page *page = alloc_pages(GFP_KERNEL | __GFP_DMA32, order);

		CHECK(page != NULL);
		if (!page)
			continue;
		CHECK_EQ(page_to_nid(page), 0);
		CHECK_EQ(page_zonenum(page), ZONE_DMA32);
		CHECK_EQ(page_to_pfn(page) & ((1UL << order) - 1), 0);
		CHECK_EQ(page_count(page), 1);
		CHECK_EQ(zone_free_pages(dma0), 65536 - (1UL << order));
		CHECK_EQ(nr_free_pages(), 195064 - (1UL << order));
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			CHECK_EQ(zone_blocks(dma0, o), o == 10 ? 63 : o >= order);
		__free_pages(page, order);
		CHECK_EQ(zone_free_pages(dma0), 65536);
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			CHECK_EQ(zone_blocks(dma0, o), o == 10 ? 64 : 0);
	}
	all_memory_back();
}

/*
 * The same through the per-hart caches: a cache refill takes a batch
 * (15 order-0 pages, 15 >> 1 = 7 order-1, 15 >> 2 = 3 order-2,
 * max(15 >> 3, 2) = 2 order-3 blocks) from the buddy in one go; frees stay
 * in the cache until it is drained.
 */
static void cache_refills_in_batches(void)
{
	static const unsigned int refill[4] = { 15, 7, 3, 2 };
	struct zone *dma0;

	boot(&machine_w);
	dma0 = node_zone(0, ZONE_DMA32);
	for (unsigned int order = 0; order < NR_PCP_ORDERS; order++) {
		struct page *page = alloc_pages(GFP_KERNEL | __GFP_DMA32, order);
		unsigned long took = refill[order] << order;

		CHECK(page != NULL);
		CHECK_EQ(zone_free_pages(dma0), 65536 - took);
		CHECK_EQ(pcp_count(zone_pcp(dma0, 0)), took - (1UL << order));
		/*
		 * order 0: 1024 - 15 = 1009 = 0b1111110001: orders 9..4 and 0;
		 * order 1: 1024 - 14 = 1010: 9..4 and 1; order 2: 1024 - 12 =
		 * 1012: 9..4 and 2; order 3: 1024 - 16 = 1008: 9..4.
		 */
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			CHECK_EQ(zone_blocks(dma0, o),
				 o == 10 ? 63 : o >= 4 || (o == order && order < 3));
		if (page)
			__free_pages(page, order);
		CHECK_EQ(zone_free_pages(dma0), 65536 - took);
		CHECK_EQ(pcp_count(zone_pcp(dma0, 0)), took);
		drain_local_pages();
		CHECK_EQ(pcp_count(zone_pcp(dma0, 0)), 0);
		CHECK_EQ(zone_free_pages(dma0), 65536);
		CHECK_EQ(zone_blocks(dma0, 10), 64);
	}
	all_memory_back();
}

/* The rest of the API: zeroed, compound, exact, split, page references. */
static void api_variants(void)
{
	struct page *page;
	unsigned long addr;
	void *exact;
	bool zero = true;

	boot(&machine_w);
	addr = __get_free_pages(GFP_KERNEL, 1);
	CHECK(addr && (addr & (2 * PAGE_SIZE - 1)) == 0);
	memset((void *)addr, 0x5a, 2 * PAGE_SIZE);
	free_pages(addr, 1);
	addr = get_zeroed_page(GFP_KERNEL);
	for (size_t i = 0; addr && i < PAGE_SIZE; i++)
		zero &= ((unsigned char *)addr)[i] == 0;
	CHECK(addr && zero);
	free_page(addr);
	free_pages(0, 3);	/* a no-op, as in Linux */

	/* A compound page: head and tails; put_page of a tail frees it all. */
	page = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
	CHECK(page && PageHead(page) && PageTail(page + 3) && !PageTail(page));
	if (page) {
		CHECK(compound_head(page + 3) == page);
		get_page(page + 1);
		CHECK_EQ(page_count(page), 2);
		put_page(page + 2);
		CHECK_EQ(page_count(page), 1);
		put_page(page + 3);
	}

	/* 5 pages exact: an order-3 block whose last 3 pages go back at once. */
	exact = alloc_pages_exact(5 * PAGE_SIZE, GFP_KERNEL);
	CHECK(exact != NULL);
	if (exact) {
		page = virt_to_page(exact);
		for (int i = 0; i < 5; i++)
			CHECK_EQ(page_count(page + i), 1);
		CHECK_EQ(page_count(page + 5), 0);
		free_pages_exact(exact, 5 * PAGE_SIZE);
	}
	CHECK(!alloc_pages_exact(0, GFP_KERNEL));

	/* split_page: four order-0 pages, freed one by one. */
	page = alloc_pages(GFP_KERNEL, 2);
	CHECK(page != NULL);
	if (page) {
		split_page(page, 2);
		for (int i = 3; i >= 0; i--)
			__free_page(page + i);
	}
	/* Orders the buddy does not have are refused. */
	CHECK(!alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER));
	CHECK(!log_contains("order 11 refused"));
	CHECK(!alloc_pages(GFP_KERNEL, MAX_ORDER));
	CHECK(log_contains("order 11 refused"));
	all_memory_back();
}

/* --------------------------------------------------------- bad frees --- */

/*
 * Frees @page as order @order, which must be refused: the report has
 * @why, and no free count moved.
 */
static void expect_refused(struct page *page, unsigned int order, const char *why)
{
	unsigned long buddy = nr_free_pages(), all = free_and_cached_pages();

	log_buf_clear();
	__free_pages(page, order);
	if (!log_contains(why) || !log_contains("BUG: Bad page free")) {
		printf("# free of order %u: no report \"%s\"\n", order, why);
		ktap_case_failed = 1;
	}
	CHECK_EQ(nr_free_pages(), buddy);
	CHECK_EQ(free_and_cached_pages(), all);
}

static void bad_frees_refused(void)
{
	static struct mm_machine m;
	struct page fake, *page, *pair;

	/* W with 1 MiB of node 1 reserved (firmware, say) before boot. */
	m = machine_w;
	m.reserved[0] = (struct mm_range){ 0x118000000, MIB, 0 };
	m.nr_reserved = 1;
	boot(&m);

	/* Double free: of a cached page, and of a page back in the buddy. */
	page = alloc_page(GFP_KERNEL);
	__free_page(page);
	expect_refused(page, 0, "page is already free (double free?)");
	caches_off();
	page = alloc_pages(GFP_KERNEL, 3);
	__free_pages(page, 3);
	expect_refused(page, 3, "page is already free (double free?)");
	expect_refused(page + 4, 2, "page is already free (double free?)");

	/* Not a page of any zone: a struct page of our own; an address outside memory. */
	memset(&fake, 0, sizeof(fake));
	fake._refcount = 1;
	expect_refused(&fake, 0, "not a page of any zone");
	log_buf_clear();
	free_pages((unsigned long)phys_to_virt(0x130000000), 0);
	CHECK(log_contains("is not a page of memory"));
	CHECK_EQ(nr_free_pages(), 195064 - 256);

	/* A reserved page: the firmware's, and a page of the memmap itself. */
	expect_refused(pfn_to_page(0x118000), 0, "page is reserved");
	expect_refused(pfn_to_page(0x11ffff), 0, "page is reserved");

	/*
	 * Wrong order, both ways. Node 0 Normal's smallest block above
	 * order 1 is of order 3 (the DOC's 1019 = 0b1111111011), so the
	 * block is 8-aligned and freeing it as order 3 passes the alignment
	 * check.
	 */
	page = alloc_pages(GFP_KERNEL, 2);
	CHECK_EQ(page_to_pfn(page) & 7, 0);
	expect_refused(page, 1, "freed with a smaller order than allocated");
	expect_refused(page, 3, "freed with a larger order than allocated");
	expect_refused(page, MAX_ORDER, "order out of range");

	/* Misaligned: an odd pfn freed as order 1. */
	pair = alloc_pages(GFP_KERNEL, 1);
	split_page(pair, 1);
	CHECK_EQ(page_to_pfn(pair + 1) & 1, 1);
	expect_refused(pair + 1, 1, "pfn not aligned to the order");

	/* The tail of a compound page. */
	{
		struct page *comp = alloc_pages(GFP_KERNEL | __GFP_COMP, 1);

		expect_refused(comp + 1, 0, "page is the tail of a compound page");
		__free_pages(comp, 1);
	}

	/* After all that, the right frees still work and everything is back. */
	__free_pages(page, 2);
	__free_page(pair);
	__free_page(pair + 1);
	/* The buddy never had the reserved MiB: 195064 - 256 at boot. */
	CHECK_EQ(boot_state.free[1][ZONE_NORMAL], 65021 - 256);
	all_memory_back();
}

/* -------------------------------------------------------- zonelists --- */

/* A machine of @n nodes of 64 MiB each below 4 GiB (DMA32 only). */
static struct mm_machine small_nodes(unsigned int n, const u8 distance[][4])
{
	struct mm_machine m = { .nr_nodes = n, .nr_memory = n };

	for (unsigned int i = 0; i < n; i++) {
		m.memory[i] = (struct mm_range){ 0x80000000 + i * 64 * MIB, 64 * MIB, (int)i };
		for (unsigned int j = 0; distance && j < n; j++)
			m.distance[i][j] = distance[i][j];
	}
	return m;
}

/* CHECKs node @nid's fallback zonelist against @want (" 1:DMA32 0:DMA32"). */
static void expect_zonelist(int nid, const char *want)
{
	char text[256];

	zonelist_text(nid, ZONELIST_FALLBACK, text, sizeof(text));
	if (strcmp(text, want)) {
		printf("# node %d zonelist \"%s\", expected \"%s\"\n", nid, text, want);
		ktap_case_failed = 1;
	}
}

/*
 * Boots @n nodes of 64 MiB, @d apart (NULL: 10 local, 20 remote), with one
 * hart on each of the first @harts nodes, and CHECKs that node i's
 * fallback zonelist is @want[i].
 */
static void expect_zonelists(unsigned int n, const u8 d[][4], unsigned int harts,
			     const char *const want[])
{
	struct mm_machine m = small_nodes(n, d);

	m.nr_cpus = harts;
	for (unsigned int cpu = 0; cpu < harts; cpu++)
		m.cpu_node[cpu] = (int)cpu;
	boot(&m);
	for (unsigned int nid = 0; nid < n; nid++)
		expect_zonelist((int)nid, want[nid]);
}

/* W: both nodes' zones, each node's own first, Normal before DMA32. */
static void zonelists_two_nodes(void)
{
	char text[128];

	boot(&machine_w);
	expect_zonelist(0, " 0:Normal 0:DMA32 1:Normal");
	expect_zonelist(1, " 1:Normal 0:Normal 0:DMA32");
	CHECK(!strcmp(zonelist_text(0, ZONELIST_NOFALLBACK, text, sizeof(text)),
		      " 0:Normal 0:DMA32"));
	CHECK(!strcmp(zonelist_text(1, ZONELIST_NOFALLBACK, text, sizeof(text)),
		      " 1:Normal"));
	CHECK(log_contains("node 1 zonelist: 1:Normal 0:Normal 0:DMA32"));
	all_memory_back();
}

/*
 * Three nodes, unequal distances, one hart each. Linux's
 * find_next_best_node() value for candidate n from node a:
 * (distance + (n < a) + 1 for having harts) * MAX_NUMNODES + node_load[n],
 * and node_load[n]++ when n starts a new distance group.
 *   node 0: 1 = (20+0+1), 2 = (30+0+1)             -> 0 1 2
 *   node 1: 0 = (20+1+1), 2 = (25+0+1)             -> 1 0 2
 *   node 2: 0 = (30+1+1), 1 = (25+1+1)             -> 2 1 0
 */
static void zonelists_three_nodes_by_distance(void)
{
	static const u8 d[4][4] = { { 10, 20, 30 }, { 20, 10, 25 }, { 30, 25, 10 } };
	static const char *const want[] = {
		" 0:DMA32 1:DMA32 2:DMA32",
		" 1:DMA32 0:DMA32 2:DMA32",
		" 2:DMA32 1:DMA32 0:DMA32",
	};

	expect_zonelists(3, d, 3, want);
	CHECK_EQ(node_distance(2, 1), 25);
	all_memory_back();
}

/*
 * A directed ring: distance[a][b] != distance[b][a].
 *   node 0: 1 = 20+0+1 = 21, 2 = 40+0+1 = 41      -> 0 1 2
 *   node 1: 0 = 40+1+1 = 42, 2 = 20+0+1 = 21      -> 1 2 0
 *   node 2: 0 = 20+1+1 = 22, 1 = 40+1+1 = 42      -> 2 0 1
 */
static void zonelists_asymmetric_distances(void)
{
	static const u8 d[4][4] = { { 10, 20, 40 }, { 40, 10, 20 }, { 20, 40, 10 } };
	static const char *const want[] = {
		" 0:DMA32 1:DMA32 2:DMA32",
		" 1:DMA32 2:DMA32 0:DMA32",
		" 2:DMA32 0:DMA32 1:DMA32",
	};

	expect_zonelists(3, d, 3, want);
	CHECK_EQ(node_distance(1, 0), 40);
	CHECK_EQ(node_distance(0, 1), 20);
	all_memory_back();
}

/*
 * Four nodes all 20 apart, each with harts: ties broken by node_load so
 * that each node's first remote choice differs (values * 16 + load):
 *   node 0: 1,2,3 all 21*16 = 336        -> 1 (load[1] = 1), 2, 3
 *   node 1: 0 = 352, 2 = 336, 3 = 336    -> 2 (load[2] = 1), 3, 0
 *   node 2: 0 = 352, 1 = 353, 3 = 336    -> 3 (load[3] = 1), 0, 1
 *   node 3: 0 = 352, 1 = 353, 2 = 353    -> 0 (load[0] = 1), 1, 2
 */
static void zonelists_four_equal_nodes_take_turns(void)
{
	static const char *const want[] = {
		" 0:DMA32 1:DMA32 2:DMA32 3:DMA32",
		" 1:DMA32 2:DMA32 3:DMA32 0:DMA32",
		" 2:DMA32 3:DMA32 0:DMA32 1:DMA32",
		" 3:DMA32 0:DMA32 1:DMA32 2:DMA32",
	};

	expect_zonelists(4, NULL, 4, want);
	all_memory_back();
}

/*
 * Two clusters, {0, 1} and {2, 3}, 20 apart inside and 30 across: here
 * the tie left after the distance and the n < a penalty is broken by
 * node_load, so the far cluster is entered through a different node from
 * each near node (values * 16 + load, loads after each list):
 *   node 0: 1 = 21, 2 = 3 = 31                 -> 0 1 2 3   load 0 1 1 0
 *   node 1: 0 = 22*16; 2 = 31*16+1, 3 = 31*16  -> 1 0 3 2   load 1 1 1 1
 *   node 2: 3 = 21*16+1; 0 = 1 = 32*16+1       -> 2 3 0 1   load 2 1 1 2
 *   node 3: 2 = 22*16+1; 0 = 32*16+2, 1 = 32*16+1 -> 3 2 1 0
 */
static void zonelists_two_clusters_spread_by_load(void)
{
	static const u8 d[4][4] = {
		{ 10, 20, 30, 30 }, { 20, 10, 30, 30 },
		{ 30, 30, 10, 20 }, { 30, 30, 20, 10 },
	};
	static const char *const want[] = {
		" 0:DMA32 1:DMA32 2:DMA32 3:DMA32",
		" 1:DMA32 0:DMA32 3:DMA32 2:DMA32",
		" 2:DMA32 3:DMA32 0:DMA32 1:DMA32",
		" 3:DMA32 2:DMA32 1:DMA32 0:DMA32",
	};

	expect_zonelists(4, d, 4, want);
	all_memory_back();
}

/*
 * The same four nodes, node 3 CPU-less: a node without harts is preferred
 * at equal distance (no +1), so it comes second everywhere:
 *   node 0: 1,2 = 336, 3 = 320           -> 3 (load[3] = 1), 1, 2
 *   node 1: 0 = 352, 2 = 336, 3 = 321    -> 3 (load 2), 2, 0
 *   node 2: 0 = 352, 1 = 352, 3 = 322    -> 3 (load 3), 0, 1
 *   node 3: 0,1,2 = 352                  -> 0, 1, 2
 * Node 3's memory is still used, its balancer runs on the nearest hart.
 */
static void zonelists_cpuless_node(void)
{
	static const char *const want[] = {
		" 0:DMA32 3:DMA32 1:DMA32 2:DMA32",
		" 1:DMA32 3:DMA32 2:DMA32 0:DMA32",
		" 2:DMA32 3:DMA32 0:DMA32 1:DMA32",
		" 3:DMA32 0:DMA32 1:DMA32 2:DMA32",
	};

	expect_zonelists(4, NULL, 3, want);
	CHECK(!node_state(3, N_CPU) && node_state(3, N_MEMORY) && node_online(3));
	CHECK_EQ(node_home_cpu(3), 0);	/* all equally near: the first */
	CHECK_EQ(local_memory_node(3), 3);
	/* The node's memory was initialised (its memmap, its buddy) by cpu 0. */
	CHECK_EQ(NODE_DATA(3)->memmap_init_cpu, 0);
	CHECK_EQ(NODE_DATA(2)->memmap_init_cpu, 2);
	all_memory_back();
}

static void note_alloc_node(void *info)
{
	struct page *page = alloc_page(GFP_KERNEL);

	*(int *)info = page ? page_to_nid(page) : -1;
	if (page)
		__free_page(page);
}

/*
 * Node 1 has harts and no memory: its zonelist starts with its nearest
 * node's zones (its own are empty), and its harts allocate from there.
 *   node 0: 2 only (1 has no memory)                   -> 0 2
 *   node 1: 0 = 15+1+1 = 17, 2 = 25+0+1 = 26           -> 0 2
 *   node 2: 0 = 20+1+1                                 -> 2 0
 */
static void zonelists_memoryless_node(void)
{
	static const u8 d[4][4] = { { 10, 15, 20 }, { 15, 10, 25 }, { 20, 25, 10 } };
	struct mm_machine m = small_nodes(3, d);
	int got = -1;

	m.memory[1] = m.memory[2];
	m.nr_memory = 2;
	m.nr_cpus = 3;
	m.cpu_node[1] = 1;
	m.cpu_node[2] = 2;
	boot(&m);
	CHECK(node_state(1, N_CPU) && !node_state(1, N_MEMORY) && node_online(1));
	expect_zonelist(0, " 0:DMA32 2:DMA32");
	expect_zonelist(1, " 0:DMA32 2:DMA32");
	expect_zonelist(2, " 2:DMA32 0:DMA32");
	CHECK_EQ(local_memory_node(1), 0);
	CHECK_EQ(node_home_cpu(1), 1);
	on_cpu(1, note_alloc_node, &got);
	CHECK_EQ(got, 0);
	on_cpu(2, note_alloc_node, &got);
	CHECK_EQ(got, 2);
	/* The memoryless node's own allocation falls back to node 0, too. */
	{
		struct page *page = alloc_pages_node(1, GFP_KERNEL, 0);

		CHECK(page && page_to_nid(page) == 0);
		if (page)
			__free_page(page);
		CHECK(!alloc_pages_node(1, GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, 0));
	}
	all_memory_back();
}

/* --------------------------------------------------------- policies --- */

/* The three nodes of zonelists_three_nodes_by_distance, two harts each. */
static void boot_three_nodes(void)
{
	static const u8 d[4][4] = { { 10, 20, 30 }, { 20, 10, 25 }, { 30, 25, 10 } };
	static const int nodes[6] = { 0, 0, 1, 1, 2, 2 };
	struct mm_machine m = small_nodes(3, d);

	m.nr_cpus = 6;
	memcpy(m.cpu_node, nodes, sizeof(nodes));
	boot(&m);
}

/* Allocates @n order-0 pages into taken[] and CHECKs each is on @nid. */
static void expect_pages_on(unsigned long n, int nid)
{
	for (unsigned long i = 0; i < n; i++) {
		taken[i] = alloc_page(GFP_KERNEL);
		CHECK(taken[i] != NULL);
		if (taken[i] && page_to_nid(taken[i]) != nid) {
			printf("# page %lu on node %d, expected %d\n", i,
			       page_to_nid(taken[i]), nid);
			ktap_case_failed = 1;
		}
	}
	give_back(n);
}

static void policy_local_and_preferred(void)
{
	unsigned long events[NR_ZONE_EVENT_ITEMS], before_hit;
	int mode = -1, got = -1;
	nodemask_t nodes = { 0 }, two = { 1UL << 2 }, one_two = { 0x6 };

	boot_three_nodes();
	/* Default: the hart's own node (cpu 0 on node 0, cpu 4 on node 2). */
	expect_pages_on(40, 0);
	on_cpu(4, note_alloc_node, &got);
	CHECK_EQ(got, 2);
	CHECK_EQ(get_mempolicy(&mode, &nodes), 0);
	CHECK_EQ(mode, MPOL_DEFAULT);

	/* Preferred {2}: node 2, counted there as a hit and as "other". */
	zone_events(node_zone(2, ZONE_DMA32), events);
	before_hit = events[NUMA_HIT];
	CHECK_EQ(set_mempolicy(MPOL_PREFERRED, &two), 0);
	CHECK(this_hart()->fast_pcp[0] == &pcp_empty);	/* a policy leaves the fast path */
	expect_pages_on(40, 2);
	zone_events(node_zone(2, ZONE_DMA32), events);
	CHECK_EQ(events[NUMA_HIT] - before_hit, 40);
	CHECK(events[NUMA_OTHER] >= 40);
	/* Preferred with several nodes keeps the first. */
	CHECK_EQ(set_mempolicy(MPOL_PREFERRED, &one_two), 0);
	CHECK_EQ(get_mempolicy(&mode, &nodes), 0);
	CHECK_EQ(mode, MPOL_PREFERRED);
	CHECK_EQ(nodes.bits, 0x2);
	expect_pages_on(10, 1);
	/* __GFP_THISNODE ignores the policy: the local node. */
	{
		struct page *page = alloc_pages(GFP_KERNEL | __GFP_THISNODE, 0);

		CHECK(page && page_to_nid(page) == 0);
		if (page)
			__free_page(page);
	}
	/* Refused: unknown modes, sets without memory; the policy stays. */
	nodes.bits = 1UL << 5;
	CHECK_EQ(set_mempolicy(MPOL_BIND, &nodes), -EINVAL);
	CHECK_EQ(set_mempolicy(MPOL_MAX, &two), -EINVAL);
	CHECK_EQ(set_mempolicy(MPOL_INTERLEAVE, NULL), -EINVAL);
	CHECK_EQ(get_mempolicy(&mode, &nodes), 0);
	CHECK_EQ(mode, MPOL_PREFERRED);
	/* Back to default: node 0 and the fast path. */
	CHECK_EQ(set_mempolicy(MPOL_DEFAULT, NULL), 0);
	CHECK(this_hart()->fast_pcp[0] != &pcp_empty);
	expect_pages_on(10, 0);
	all_memory_back();
}

/*
 * Bind {1, 2} from node 0: node 0's zonelist in the set's order, node 1
 * first (distance 20), then node 2 once node 1 is down to its low mark
 * (the first pass of the next allocation still finds node 2 above its
 * own low mark); never node 0.
 */
static void policy_bind(void)
{
	nodemask_t one_two = { 0x6 };
	unsigned long n = 0, on1 = 0, on2 = 0, free1;
	struct page *page;

	boot_three_nodes();
	caches_off();
	free1 = zone_free_pages(node_zone(1, ZONE_DMA32));
	CHECK_EQ(set_mempolicy(MPOL_BIND, &one_two), 0);
	while (n < ARRAY_SIZE(taken) && on2 < 100 &&
	       (page = alloc_page(GFP_KERNEL | __GFP_NOWARN))) {
		taken[n++] = page;
		if (page_to_nid(page) == 1) {
			CHECK_EQ(on2, 0);	/* node 1 is used up first */
			on1++;
		} else if (page_to_nid(page) == 2) {
			on2++;
		} else {
			printf("# bound allocation on node %d\n", page_to_nid(page));
			ktap_case_failed = 1;
			break;
		}
	}
	CHECK_EQ(on2, 100);
	/* Node 1 gave all it had above its low watermark. */
	CHECK_EQ(on1, free1 - low_wmark_pages(node_zone(1, ZONE_DMA32)));
	give_back(n);
	CHECK_EQ(set_mempolicy(MPOL_DEFAULT, NULL), 0);
	all_memory_back();
}

/* Interleave {0, 1, 2}: round robin from node 0, each a hit for its node. */
static void policy_interleave(void)
{
	nodemask_t all = { 0x7 }, with_memoryless = { 0x5 };
	unsigned long events[3][NR_ZONE_EVENT_ITEMS];

	boot_three_nodes();
	CHECK_EQ(set_mempolicy(MPOL_INTERLEAVE, &all), 0);
	for (int i = 0; i < 9; i++) {
		taken[i] = alloc_page(GFP_KERNEL);
		CHECK(taken[i] && page_to_nid(taken[i]) == i % 3);
	}
	for (int nid = 0; nid < 3; nid++) {
		zone_events(node_zone(nid, ZONE_DMA32), events[nid]);
		CHECK_EQ(events[nid][NUMA_INTERLEAVE_HIT], 3);
	}
	give_back(9);
	/* A two-node set alternates between them. */
	CHECK_EQ(set_mempolicy(MPOL_INTERLEAVE, &with_memoryless), 0);
	for (int i = 0; i < 4; i++) {
		taken[i] = alloc_page(GFP_KERNEL);
		CHECK(taken[i] && page_to_nid(taken[i]) == (i % 2 ? 2 : 0));
	}
	give_back(4);
	CHECK_EQ(set_mempolicy(MPOL_DEFAULT, NULL), 0);
	all_memory_back();
}

int main(void)
{
	alarm(WATCHDOG_S);
	ktap_plan(18);
	RUN_FORKED(boot_layout_and_watermarks);
	RUN_FORKED(watermark_sysctls);
	RUN(watermark_ok_arithmetic);
	RUN_FORKED(allocations_stop_at_the_watermarks);
	RUN_FORKED(split_and_merge_every_order);
	RUN_FORKED(cache_refills_in_batches);
	RUN_FORKED(api_variants);
	RUN_FORKED(bad_frees_refused);
	RUN_FORKED(zonelists_two_nodes);
	RUN_FORKED(zonelists_three_nodes_by_distance);
	RUN_FORKED(zonelists_asymmetric_distances);
	RUN_FORKED(zonelists_four_equal_nodes_take_turns);
	RUN_FORKED(zonelists_two_clusters_spread_by_load);
	RUN_FORKED(zonelists_cpuless_node);
	RUN_FORKED(zonelists_memoryless_node);
	RUN_FORKED(policy_local_and_preferred);
	RUN_FORKED(policy_bind);
	RUN_FORKED(policy_interleave);
	return ktap_done();
}
