// SPDX-License-Identifier: MIT
/*
 * DOC: mm.init - how long each node's memmap took to build at boot
 *
 * mm_init() builds every node's struct pages on a hart of that node, all
 * nodes in parallel, and records the time each took and the hart that did
 * it. This benchmark measures nothing itself: it prints those records,
 * with the time per GiB of present memory, so that tools/bench can boot
 * machines of different sizes and layouts and compare. Under MTTCG the
 * times are host time, shared with the other harts' init.
 */
#include "kernel/bench.h"
#include "mm/mmzone.h"
#include "mm/numa.h"

#define PAGES_PER_GIB (SZ_1G / PAGE_SIZE)

static int print_mm_init(bool quick)
{
	int nid;

	for_each_node_state(nid, N_MEMORY) {
		const struct pglist_data *pgdat = NODE_DATA(nid);
		char per_gib[24];

		if (!pgdat)
			continue;
		bench_print("mm.init", 1,
			    " node=%d cpu=%u present_pages=%lu spanned_pages=%lu ns=%llu ns_per_gib=%s",
			    nid, pgdat->memmap_init_cpu, pgdat->node_present_pages,
			    pgdat->node_spanned_pages,
			    (unsigned long long)pgdat->memmap_init_ns,
			    bench_div(per_gib, sizeof(per_gib),
				      pgdat->memmap_init_ns * PAGES_PER_GIB,
				      pgdat->node_present_pages));
	}
	return 0;
}

BENCH(mm_init_bench, "mm.init", print_mm_init);
