// SPDX-License-Identifier: MIT
/*
 * DOC: the memory files - /proc/meminfo and friends, in Linux 6.1's layouts
 *
 * procps `free` and `vmstat -s` and numactl's `numastat` parse these
 * files, so each one is byte for byte what Linux 6.1 prints
 * (fs/proc/meminfo.c, mm/vmstat.c, drivers/base/node.c): the same fields
 * in the same order with the same padding. Where Linux's output depends on
 * its configuration, it is that of a riscv64 kernel built with
 *
 *	CONFIG_MMU, SMP, NUMA, ZONE_DMA32, VM_EVENT_COUNTERS, MIGRATION,
 *	COMPACTION, MEMORY_ISOLATION and HUGETLB_PAGE
 *
 * and without ZONE_DMA, HIGHMEM, ZONE_DEVICE, CMA, SWAP, ZSWAP, ZSMALLOC,
 * TRANSPARENT_HUGEPAGE, NUMA_BALANCING, SHADOW_CALL_STACK, MEMORY_FAILURE,
 * KSM, MEMORY_BALLOON, DEBUG_TLBFLUSH and PAGE_OWNER, which is close to
 * riscv's defconfig with swap off (tern has none). Fields for things tern
 * does not have (the page cache, LRU lists, swap, writeback) print 0, as
 * a Linux machine with nothing of that kind would show them.
 * docs/mm-files.md lists what is filled and what is always 0.
 *
 * Zones are tern's own, DMA32 and Normal: a Linux riscv64 kernel also
 * lists an empty Movable zone, which tern does not have, so zoneinfo and
 * the protection arrays show two zones where Linux shows three; the
 * /proc/vmstat items Linux names per zone keep their _movable entry (0)
 * because the item list is fixed by Linux's configuration, not by memory.
 *
 * Every count comes from one place: struct mem_counts, filled for a zone,
 * a node or the whole machine by count_zone(), count_node() and
 * count_all(). A source that arrives later (slab, vmalloc, page tables,
 * hugetlb pools) is one line in the count_*() function of its scope; each
 * file picks its fields from the struct and needs no change.
 */
#define pr_fmt(fmt) "mm: " fmt

#include <asm/page.h>
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/vfs.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/fail_page_alloc.h"
#include "mm/failslab.h"
#include "mm/hugetlb.h"
#include "mm/memtest.h"
#include "mm/mmzone.h"
#include "mm/page_check.h"
#include "mm/slab_internal.h"
#include "mm/vmalloc.h"

/* Pages to kB. */
#define K(pages) ((pages) << (PAGE_SHIFT - 10))


/* Linux's vm.overcommit_ratio default; CommitLimit is taken from it. */
#define OVERCOMMIT_RATIO 50

/* pagetypeinfo stops counting a free list here, as Linux does. */
#define FREE_LIST_COUNT_CAP 100000UL

/* ------------------------------------------------------------ counts --- */

/*
 * The counters behind every file, for one zone, one node or the machine;
 * pages unless the name says kB. Zeroed, then added to by count_*().
 */
struct mem_counts {
	unsigned long managed;		/* MemTotal: pages the buddy manages */
	unsigned long free;		/* MemFree: pages free in the buddy */
	unsigned long slab_reclaimable, slab_unreclaimable;
	unsigned long kernel_stack_kb;
	unsigned long page_tables;
	unsigned long vmalloc_total_kb, vmalloc_used;
	unsigned long percpu;
	/* the default hugetlb pool (default_hstate), in huge pages */
	unsigned long huge_total, huge_free, huge_rsvd, huge_surp;
	unsigned long hugetlb_pages;	/* every pool, in base pages */
	unsigned long htlb_buddy_alloc_success, htlb_buddy_alloc_fail;
	unsigned long events[NR_ZONE_EVENT_ITEMS];	/* summed over zones */
	unsigned long pgalloc[MAX_NR_ZONES];		/* PGALLOC by zone type */
	unsigned long pageoutrun;	/* node balancer runs */
	unsigned long allocstall[MAX_NR_ZONES];	/* machine-wide, not per node */
};

/* Adds @zone's counts to @c. */
static void count_zone(struct mem_counts *c, const struct zone *zone)
{
	unsigned long events[NR_ZONE_EVENT_ITEMS] = { 0 };

	c->managed += READ_ONCE(zone->managed_pages);
	c->free += zone_free_pages(zone);
	if (!populated_zone(zone))
		return;	/* no harts' counters behind an empty zone */
	zone_events(zone, events);
	for (int i = 0; i < NR_ZONE_EVENT_ITEMS; i++)
		c->events[i] += events[i];
	c->pgalloc[zone->idx] += events[PGALLOC];
}

/* Adds the hugetlb pools' pages on node @nid to @c. */
static void count_node_hugetlb(struct mem_counts *c, int nid)
{
	const struct hstate *h;

	for_each_hstate(h)
		c->hugetlb_pages += READ_ONCE(h->nr_huge_pages_node[nid]) * pages_per_huge_page(h);
	if (!hugetlb_max_hstate)
		return;
	c->huge_total += READ_ONCE(default_hstate.nr_huge_pages_node[nid]);
	c->huge_free += READ_ONCE(default_hstate.free_huge_pages_node[nid]);
	c->huge_surp += READ_ONCE(default_hstate.surplus_huge_pages_node[nid]);
}

/* Adds node @nid's counts to @c; a node without a pgdat adds nothing. */
static void count_node(struct mem_counts *c, int nid)
{
	const struct pglist_data *pgdat = NODE_DATA(nid);
	unsigned long reclaimable, unreclaimable;
	unsigned int cpu;

	if (!pgdat)
		return;
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		count_zone(c, &pgdat->node_zones[zid]);
	c->pageoutrun += READ_ONCE(pgdat->balance_runs);
	count_node_hugetlb(c, nid);
	slab_node_pages(nid, &reclaimable, &unreclaimable);
	c->slab_reclaimable += reclaimable;
	c->slab_unreclaimable += unreclaimable;
	/* Each hart's stack is on its node (the nearest with memory). */
	for_each_online_cpu(cpu)
		if (local_memory_node(cpu_to_node(cpu)) == nid)
			c->kernel_stack_kb += KERNEL_STACK_SIZE >> 10;
}

/* Fills @c for node @nid alone. */
static void count_one_node(struct mem_counts *c, int nid)
{
	memset(c, 0, sizeof(*c));
	count_node(c, nid);
}

/*
 * Fills @c for the whole machine. MemTotal and MemFree come from the
 * allocator's own totals, as Linux's si_meminfo() takes them.
 */
static void count_all(struct mem_counts *c)
{
	int nid;

	memset(c, 0, sizeof(*c));
	for_each_online_node(nid)
		count_node(c, nid);
	c->managed = totalram_pages();
	c->free = nr_free_pages();
	c->page_tables = READ_ONCE(nr_pagetable_pages);
	c->vmalloc_total_kb = vmalloc_total_kb();
	c->vmalloc_used = vmalloc_nr_pages();
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		c->allocstall[zid] = READ_ONCE(allocstall[zid]);
	/* Reservations belong to no node (Linux's resv_huge_pages). */
	c->huge_rsvd = hugetlb_max_hstate ? READ_ONCE(default_hstate.resv_huge_pages) : 0;
	c->htlb_buddy_alloc_success = READ_ONCE(htlb_buddy_alloc_success);
	c->htlb_buddy_alloc_fail = READ_ONCE(htlb_buddy_alloc_fail);
}

/* Returns the default huge page size in kB: 2 MiB until the pools exist. */
static unsigned long default_hugepage_kb(void)
{
	return hugetlb_max_hstate ? huge_page_size(&default_hstate) >> 10 : PMD_SIZE >> 10;
}

/* ---------------------------------------------------- /proc/meminfo --- */

/* One "Label:      1234 kB" line: the label padded to 16, the value to 8. */
static void show_kb(struct seq_buf *m, const char *label, unsigned long kb)
{
	seq_printf(m, "%-16s%8lu kB\n", label, kb);
}

/* A HugePages_* line: a count of huge pages, label padded to 19, value to 5. */
static void show_hugepages(struct seq_buf *m, const char *label,
			   unsigned long count)
{
	seq_printf(m, "%-19s%5lu\n", label, count);
}

/* Returns Linux's vm_commit_limit(): half of RAM outside hugetlb, plus swap. */
static unsigned long commit_limit(const struct mem_counts *c,
				  const struct sysinfo *si)
{
	return (c->managed - c->hugetlb_pages) * OVERCOMMIT_RATIO / 100 +
	       si->totalswap;
}

/* Prints /proc/meminfo as Linux 6.1's meminfo_proc_show(); Returns 0. */
static int meminfo_show(struct seq_buf *m, void *data)
{
	struct mem_counts c;
	struct sysinfo si;
	unsigned long sreclaimable, sunreclaim;
	long available = si_mem_available();

	count_all(&c);
	si_meminfo(&si);
	si_swapinfo(&si);
	sreclaimable = c.slab_reclaimable;
	sunreclaim = c.slab_unreclaimable;

	show_kb(m, "MemTotal:", K(c.managed));
	show_kb(m, "MemFree:", K(c.free));
	show_kb(m, "MemAvailable:", K(available > 0 ? (unsigned long)available : 0));
	show_kb(m, "Buffers:", K(si.bufferram));
	show_kb(m, "Cached:", 0);
	show_kb(m, "SwapCached:", 0);
	show_kb(m, "Active:", 0);
	show_kb(m, "Inactive:", 0);
	show_kb(m, "Active(anon):", 0);
	show_kb(m, "Inactive(anon):", 0);
	show_kb(m, "Active(file):", 0);
	show_kb(m, "Inactive(file):", 0);
	show_kb(m, "Unevictable:", 0);
	show_kb(m, "Mlocked:", 0);
	show_kb(m, "SwapTotal:", K(si.totalswap));
	show_kb(m, "SwapFree:", K(si.freeswap));
	show_kb(m, "Dirty:", 0);
	show_kb(m, "Writeback:", 0);
	show_kb(m, "AnonPages:", 0);
	show_kb(m, "Mapped:", 0);
	show_kb(m, "Shmem:", K(si.sharedram));
	show_kb(m, "KReclaimable:", K(sreclaimable));
	show_kb(m, "Slab:", K(sreclaimable + sunreclaim));
	show_kb(m, "SReclaimable:", K(sreclaimable));
	show_kb(m, "SUnreclaim:", K(sunreclaim));
	show_kb(m, "KernelStack:", c.kernel_stack_kb);
	show_kb(m, "PageTables:", K(c.page_tables));
	show_kb(m, "SecPageTables:", 0);
	show_kb(m, "NFS_Unstable:", 0);
	show_kb(m, "Bounce:", 0);
	show_kb(m, "WritebackTmp:", 0);
	show_kb(m, "CommitLimit:", K(commit_limit(&c, &si)));
	show_kb(m, "Committed_AS:", 0);
	show_kb(m, "VmallocTotal:", c.vmalloc_total_kb);
	show_kb(m, "VmallocUsed:", K(c.vmalloc_used));
	show_kb(m, "VmallocChunk:", 0);
	show_kb(m, "Percpu:", K(c.percpu));
	/* memtest_report_meminfo(): only after a memtest; 0 means it passed. */
	if (early_memtest_done)
		show_kb(m, "EarlyMemtestBad:", early_memtest_bad_size >> 10 ?:
			!!early_memtest_bad_size);
	/* hugetlb_report_meminfo(): the default pool, then every pool's total */
	show_hugepages(m, "HugePages_Total:", c.huge_total);
	show_hugepages(m, "HugePages_Free:", c.huge_free);
	show_hugepages(m, "HugePages_Rsvd:", c.huge_rsvd);
	show_hugepages(m, "HugePages_Surp:", c.huge_surp);
	show_kb(m, "Hugepagesize:", default_hugepage_kb());
	show_kb(m, "Hugetlb:", K(c.hugetlb_pages));
	return 0;
}

/* ------------------------------------------------------ /proc/vmstat --- */

/*
 * Where a /proc/vmstat item's value comes from: the offset of a field of
 * struct mem_counts, or VM_ZERO for counters tern does not keep.
 */
#define VM(field) offsetof(struct mem_counts, field)
#define VM_ZERO SIZE_MAX

struct vmstat_item {
	const char *name;
	size_t src;
};

/* Returns the value of @item in @c. */
static unsigned long vmstat_value(const struct vmstat_item *item,
				  const struct mem_counts *c)
{
	if (item->src == VM_ZERO)
		return 0;
	return *(const unsigned long *)((const char *)c + item->src);
}

/*
 * Linux 6.1's vmstat_text[] for the configuration at the top, in four
 * parts so that zoneinfo can print the per-zone and per-node ones.
 */
static const struct vmstat_item zone_stat_items[] = {	/* zone_stat_item */
	{ "nr_free_pages", VM(free) },
	{ "nr_zone_inactive_anon", VM_ZERO },
	{ "nr_zone_active_anon", VM_ZERO },
	{ "nr_zone_inactive_file", VM_ZERO },
	{ "nr_zone_active_file", VM_ZERO },
	{ "nr_zone_unevictable", VM_ZERO },
	{ "nr_zone_write_pending", VM_ZERO },
	{ "nr_mlock", VM_ZERO },
	{ "nr_bounce", VM_ZERO },
	{ "nr_free_cma", VM_ZERO },
};

static const struct vmstat_item numa_stat_items[] = {	/* numa_stat_item */
	{ "numa_hit", VM(events[NUMA_HIT]) },
	{ "numa_miss", VM(events[NUMA_MISS]) },
	{ "numa_foreign", VM(events[NUMA_FOREIGN]) },
	{ "numa_interleave", VM(events[NUMA_INTERLEAVE_HIT]) },
	{ "numa_local", VM(events[NUMA_LOCAL]) },
	{ "numa_other", VM(events[NUMA_OTHER]) },
};

static const struct vmstat_item node_stat_items[] = {	/* node_stat_item */
	{ "nr_inactive_anon", VM_ZERO },
	{ "nr_active_anon", VM_ZERO },
	{ "nr_inactive_file", VM_ZERO },
	{ "nr_active_file", VM_ZERO },
	{ "nr_unevictable", VM_ZERO },
	{ "nr_slab_reclaimable", VM(slab_reclaimable) },
	{ "nr_slab_unreclaimable", VM(slab_unreclaimable) },
	{ "nr_isolated_anon", VM_ZERO },
	{ "nr_isolated_file", VM_ZERO },
	{ "workingset_nodes", VM_ZERO },
	{ "workingset_refault_anon", VM_ZERO },
	{ "workingset_refault_file", VM_ZERO },
	{ "workingset_activate_anon", VM_ZERO },
	{ "workingset_activate_file", VM_ZERO },
	{ "workingset_restore_anon", VM_ZERO },
	{ "workingset_restore_file", VM_ZERO },
	{ "workingset_nodereclaim", VM_ZERO },
	{ "nr_anon_pages", VM_ZERO },
	{ "nr_mapped", VM_ZERO },
	{ "nr_file_pages", VM_ZERO },
	{ "nr_dirty", VM_ZERO },
	{ "nr_writeback", VM_ZERO },
	{ "nr_writeback_temp", VM_ZERO },
	{ "nr_shmem", VM_ZERO },
	{ "nr_shmem_hugepages", VM_ZERO },
	{ "nr_shmem_pmdmapped", VM_ZERO },
	{ "nr_file_hugepages", VM_ZERO },
	{ "nr_file_pmdmapped", VM_ZERO },
	{ "nr_anon_transparent_hugepages", VM_ZERO },
	{ "nr_vmscan_write", VM_ZERO },
	{ "nr_vmscan_immediate_reclaim", VM_ZERO },
	{ "nr_dirtied", VM_ZERO },
	{ "nr_written", VM_ZERO },
	{ "nr_throttled_written", VM_ZERO },
	{ "nr_kernel_misc_reclaimable", VM_ZERO },
	{ "nr_foll_pin_acquired", VM_ZERO },
	{ "nr_foll_pin_released", VM_ZERO },
	{ "nr_kernel_stack", VM(kernel_stack_kb) },	/* kB, as in Linux */
	{ "nr_page_table_pages", VM(page_tables) },
	{ "nr_sec_page_table_pages", VM_ZERO },
};

/* writeback_stat_item, then vm_event_item */
static const struct vmstat_item event_items[] = {
	{ "nr_dirty_threshold", VM_ZERO },	/* no page cache to write back */
	{ "nr_dirty_background_threshold", VM_ZERO },
	{ "pgpgin", VM_ZERO },
	{ "pgpgout", VM_ZERO },
	{ "pswpin", VM_ZERO },
	{ "pswpout", VM_ZERO },
	{ "pgalloc_dma32", VM(pgalloc[ZONE_DMA32]) },
	{ "pgalloc_normal", VM(pgalloc[ZONE_NORMAL]) },
	{ "pgalloc_movable", VM_ZERO },
	{ "allocstall_dma32", VM(allocstall[ZONE_DMA32]) },
	{ "allocstall_normal", VM(allocstall[ZONE_NORMAL]) },
	{ "allocstall_movable", VM_ZERO },
	{ "pgskip_dma32", VM_ZERO },
	{ "pgskip_normal", VM_ZERO },
	{ "pgskip_movable", VM_ZERO },
	{ "pgfree", VM(events[PGFREE]) },
	{ "pgactivate", VM_ZERO },
	{ "pgdeactivate", VM_ZERO },
	{ "pglazyfree", VM_ZERO },
	{ "pgfault", VM_ZERO },
	{ "pgmajfault", VM_ZERO },
	{ "pglazyfreed", VM_ZERO },
	{ "pgrefill", VM_ZERO },
	{ "pgreuse", VM_ZERO },
	{ "pgsteal_kswapd", VM_ZERO },
	{ "pgsteal_direct", VM_ZERO },
	{ "pgdemote_kswapd", VM_ZERO },
	{ "pgdemote_direct", VM_ZERO },
	{ "pgscan_kswapd", VM_ZERO },
	{ "pgscan_direct", VM_ZERO },
	{ "pgscan_direct_throttle", VM_ZERO },
	{ "pgscan_anon", VM_ZERO },
	{ "pgscan_file", VM_ZERO },
	{ "pgsteal_anon", VM_ZERO },
	{ "pgsteal_file", VM_ZERO },
	{ "zone_reclaim_failed", VM_ZERO },
	{ "pginodesteal", VM_ZERO },
	{ "slabs_scanned", VM_ZERO },
	{ "kswapd_inodesteal", VM_ZERO },
	{ "kswapd_low_wmark_hit_quickly", VM_ZERO },
	{ "kswapd_high_wmark_hit_quickly", VM_ZERO },
	{ "pageoutrun", VM(pageoutrun) },
	{ "pgrotated", VM_ZERO },
	{ "drop_pagecache", VM_ZERO },
	{ "drop_slab", VM_ZERO },
	{ "oom_kill", VM_ZERO },
	{ "pgmigrate_success", VM_ZERO },
	{ "pgmigrate_fail", VM_ZERO },
	{ "thp_migration_success", VM_ZERO },
	{ "thp_migration_fail", VM_ZERO },
	{ "thp_migration_split", VM_ZERO },
	{ "compact_migrate_scanned", VM_ZERO },
	{ "compact_free_scanned", VM_ZERO },
	{ "compact_isolated", VM_ZERO },
	{ "compact_stall", VM_ZERO },
	{ "compact_fail", VM_ZERO },
	{ "compact_success", VM_ZERO },
	{ "compact_daemon_wake", VM_ZERO },
	{ "compact_daemon_migrate_scanned", VM_ZERO },
	{ "compact_daemon_free_scanned", VM_ZERO },
	{ "htlb_buddy_alloc_success", VM(htlb_buddy_alloc_success) },
	{ "htlb_buddy_alloc_fail", VM(htlb_buddy_alloc_fail) },
	{ "unevictable_pgs_culled", VM_ZERO },
	{ "unevictable_pgs_scanned", VM_ZERO },
	{ "unevictable_pgs_rescued", VM_ZERO },
	{ "unevictable_pgs_mlocked", VM_ZERO },
	{ "unevictable_pgs_munlocked", VM_ZERO },
	{ "unevictable_pgs_cleared", VM_ZERO },
	{ "unevictable_pgs_stranded", VM_ZERO },
};

/* Prints each of the @n @items as "name value" lines, as /proc/vmstat. */
static void show_vmstat_items(struct seq_buf *m, const struct vmstat_item *items,
			      size_t n, const struct mem_counts *c)
{
	for (size_t i = 0; i < n; i++)
		seq_printf(m, "%s %lu\n", items[i].name, vmstat_value(&items[i], c));
}

/* Prints /proc/vmstat as Linux 6.1's vmstat_show(); Returns 0. */
static int vmstat_show(struct seq_buf *m, void *data)
{
	struct mem_counts c;

	count_all(&c);
	show_vmstat_items(m, zone_stat_items, ARRAY_SIZE(zone_stat_items), &c);
	show_vmstat_items(m, numa_stat_items, ARRAY_SIZE(numa_stat_items), &c);
	show_vmstat_items(m, node_stat_items, ARRAY_SIZE(node_stat_items), &c);
	show_vmstat_items(m, event_items, ARRAY_SIZE(event_items), &c);
	/* Linux keeps this retired counter at the end for old parsers. */
	seq_puts(m, "nr_unstable 0\n");
	return 0;
}

/* ---------------------------------------------------- /proc/zoneinfo --- */

/* Prints @items with @c's values as zoneinfo's "      name value" lines. */
static void show_zoneinfo_items(struct seq_buf *m, const struct vmstat_item *items,
				size_t n, const struct mem_counts *c)
{
	for (size_t i = 0; i < n; i++)
		seq_printf(m, "\n      %-12s %lu", items[i].name,
			   vmstat_value(&items[i], c));
}

/* Returns the first populated zone of @pgdat, or NULL. */
static const struct zone *first_populated_zone(const struct pglist_data *pgdat)
{
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		if (populated_zone(&pgdat->node_zones[zid]))
			return &pgdat->node_zones[zid];
	return NULL;
}

/*
 * Prints the pagesets block: every online hart's cache of @zone. The
 * "vm stats threshold" is 0 because tern folds the harts' counters on
 * every read instead of when a per-hart delta passes a threshold.
 */
static void show_pagesets(struct seq_buf *m, const struct zone *zone)
{
	unsigned int cpu;

	seq_puts(m, "\n  pagesets");
	for_each_online_cpu(cpu) {
		const struct per_cpu_pages *pcp = zone_pcp(zone, cpu);

		seq_printf(m,
			   "\n    cpu: %u"
			   "\n              count: %d"
			   "\n              high:  %d"
			   "\n              batch: %d"
			   "\n  vm stats threshold: %d",
			   cpu, pcp ? pcp_count(pcp) : 0,
			   pcp ? READ_ONCE(pcp->high) : 0,
			   pcp ? READ_ONCE(pcp->batch) : 0, 0);
	}
}

/*
 * Prints zone @zid of node @nid as Linux's zoneinfo_show_print(). @zone
 * is NULL for a node without a pgdat, shown as Linux shows the empty
 * zones of a memoryless node.
 */
static void show_zoneinfo_zone(struct seq_buf *m, int nid, int zid,
			       const struct zone *zone)
{
	const struct pglist_data *pgdat = NODE_DATA(nid);
	struct mem_counts c;

	seq_printf(m, "Node %d, zone %8s", nid, zone_names[zid]);
	if (zone && zone == first_populated_zone(pgdat)) {
		count_one_node(&c, nid);
		seq_puts(m, "\n  per-node stats");
		show_zoneinfo_items(m, node_stat_items,
				    ARRAY_SIZE(node_stat_items), &c);
	}
	seq_printf(m,
		   "\n  pages free     %lu"
		   "\n        boost    %lu"
		   "\n        min      %lu"
		   "\n        low      %lu"
		   "\n        high     %lu"
		   "\n        spanned  %lu"
		   "\n        present  %lu"
		   "\n        managed  %lu"
		   "\n        cma      %lu",
		   zone ? zone_free_pages(zone) : 0, 0UL,
		   zone ? READ_ONCE(zone->_watermark[WMARK_MIN]) : 0,
		   zone ? READ_ONCE(zone->_watermark[WMARK_LOW]) : 0,
		   zone ? READ_ONCE(zone->_watermark[WMARK_HIGH]) : 0,
		   zone ? zone->spanned_pages : 0,
		   zone ? zone->present_pages : 0,
		   zone ? READ_ONCE(zone->managed_pages) : 0, 0UL);
	for (int i = 0; i < MAX_NR_ZONES; i++)
		seq_printf(m, i ? ", %ld" : "\n        protection: (%ld",
			   zone ? READ_ONCE(zone->lowmem_reserve[i]) : 0L);
	seq_putc(m, ')');

	/* As in Linux: nothing more is worth showing for an empty zone. */
	if (!zone || !populated_zone(zone)) {
		seq_putc(m, '\n');
		return;
	}
	memset(&c, 0, sizeof(c));
	count_zone(&c, zone);
	show_zoneinfo_items(m, zone_stat_items, ARRAY_SIZE(zone_stat_items), &c);
	show_zoneinfo_items(m, numa_stat_items, ARRAY_SIZE(numa_stat_items), &c);
	show_pagesets(m, zone);
	/* The balancer never gives a node up, so it is never unreclaimable. */
	seq_printf(m,
		   "\n  node_unreclaimable:  %u"
		   "\n  start_pfn:           %lu\n",
		   0U, zone->zone_start_pfn);
}

/*
 * Prints /proc/zoneinfo: every zone of every online node, populated or
 * not (Linux shows empty zones so lowmem_reserve_ratio's effect is
 * visible). Returns 0.
 */
static int zoneinfo_show(struct seq_buf *m, void *data)
{
	int nid;

	for_each_online_node(nid) {
		struct pglist_data *pgdat = NODE_DATA(nid);

		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			show_zoneinfo_zone(m, nid, zid,
					   pgdat ? &pgdat->node_zones[zid] : NULL);
	}
	return 0;
}

/* --------------------------------------------------- /proc/buddyinfo --- */

/* Returns zone @zid of node @nid if the node has a pgdat and the zone pages, else NULL. */
static struct zone *populated_zone_of(int nid, int zid)
{
	struct pglist_data *pgdat = NODE_DATA(nid);

	if (!pgdat || !populated_zone(&pgdat->node_zones[zid]))
		return NULL;
	return &pgdat->node_zones[zid];
}

/*
 * Prints /proc/buddyinfo: per populated zone, the free blocks of each
 * order. The counts are copied under the zone lock, so one line is one
 * moment of the zone. Returns 0.
 */
static int buddyinfo_show(struct seq_buf *m, void *data)
{
	unsigned long nr_free[MAX_ORDER], flags;
	struct zone *zone;
	int nid;

	for_each_online_node(nid)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			zone = populated_zone_of(nid, zid);
			if (!zone)
				continue;
			spin_lock_irqsave(&zone->lock, flags);
			for (int order = 0; order < MAX_ORDER; order++)
				nr_free[order] = zone->free_area[order].nr_free;
			spin_unlock_irqrestore(&zone->lock, flags);

			seq_printf(m, "Node %d, zone %8s ", nid, zone_names[zid]);
			for (int order = 0; order < MAX_ORDER; order++)
				seq_printf(m, "%6lu ", nr_free[order]);
			seq_putc(m, '\n');
		}
	return 0;
}

/* ------------------------------------------------ /proc/pagetypeinfo --- */

/*
 * Returns the blocks on @zone's order-@order list of @mt, counted under
 * the zone lock up to FREE_LIST_COUNT_CAP (*@capped set when reached),
 * one list per lock hold so allocators wait for one walk at most.
 */
static unsigned long count_free_list(struct zone *zone, unsigned int order,
				     enum migratetype mt, bool *capped)
{
	const struct list_head *head = &zone->free_area[order].free_list[mt];
	const struct list_head *pos;
	unsigned long count = 0, flags;

	*capped = false;
	spin_lock_irqsave(&zone->lock, flags);
	for (pos = head->next; pos != head; pos = pos->next)
		if (++count >= FREE_LIST_COUNT_CAP) {
			*capped = true;
			break;
		}
	spin_unlock_irqrestore(&zone->lock, flags);
	return count;
}

/* Prints the free-block rows of @zone: one per migratetype. */
static void show_pagetype_free(struct seq_buf *m, int nid, struct zone *zone)
{
	bool capped;

	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		seq_printf(m, "Node %4d, zone %8s, type %12s ", nid,
			   zone_names[zone->idx], migratetype_names[mt]);
		for (unsigned int order = 0; order < MAX_ORDER; order++) {
			unsigned long count = 0;

			/* HighAtomic and Isolate have no lists in tern. */
			capped = false;
			if (mt < MIGRATE_PCPTYPES)
				count = count_free_list(zone, order, mt, &capped);
			seq_printf(m, "%s%6lu ", capped ? ">" : "", count);
		}
		seq_putc(m, '\n');
	}
}

/*
 * Prints the pageblock-count row of @zone: Linux steps from the zone's
 * first pfn one pageblock at a time and counts the blocks that have a
 * memmap and belong to the zone.
 */
static void show_pagetype_blocks(struct seq_buf *m, int nid, struct zone *zone)
{
	unsigned long count[MIGRATE_TYPES] = { 0 }, flags;
	unsigned long start = zone->zone_start_pfn;

	spin_lock_irqsave(&zone->lock, flags);
	for (unsigned long pfn = start; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages) {
		unsigned long block = (pfn >> pageblock_order) -
				      (start >> pageblock_order);
		u8 mt;

		if (!pfn_valid(pfn) || page_zone(pfn_to_page(pfn)) != zone)
			continue;
		mt = zone->pageblock_types[block];
		if (mt < MIGRATE_TYPES)
			count[mt]++;
	}
	spin_unlock_irqrestore(&zone->lock, flags);

	seq_printf(m, "Node %d, zone %8s ", nid, zone_names[zone->idx]);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		seq_printf(m, "%12lu ", count[mt]);
	seq_putc(m, '\n');
}

/*
 * Prints /proc/pagetypeinfo as Linux's pagetypeinfo_show(), whose header
 * repeats for every node with memory. Returns 0.
 */
static int pagetypeinfo_show(struct seq_buf *m, void *data)
{
	struct zone *zone;
	int nid;

	for_each_node_state(nid, N_MEMORY) {
		if (!NODE_DATA(nid))
			continue;
		seq_printf(m, "Page block order: %d\n", pageblock_order);
		seq_printf(m, "Pages per block:  %lu\n", pageblock_nr_pages);
		seq_putc(m, '\n');

		seq_printf(m, "%-43s ", "Free pages count per migrate type at order");
		for (int order = 0; order < MAX_ORDER; order++)
			seq_printf(m, "%6d ", order);
		seq_putc(m, '\n');
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			if ((zone = populated_zone_of(nid, zid)))
				show_pagetype_free(m, nid, zone);

		seq_printf(m, "\n%-23s", "Number of blocks type ");
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			seq_printf(m, "%12s ", migratetype_names[mt]);
		seq_putc(m, '\n');
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			if ((zone = populated_zone_of(nid, zid)))
				show_pagetype_blocks(m, nid, zone);
	}
	return 0;
}

/* ------------------------------------ /sys/devices/system/node/nodeN --- */

/* One "Node N Label:      1234 kB" line of a node's meminfo. */
static void show_node_kb(struct seq_buf *m, int nid, const char *label,
			 unsigned long kb)
{
	seq_printf(m, "Node %d %-16s%8lu kB\n", nid, label, kb);
}

/*
 * Prints nodeN/meminfo as Linux 6.1's node_read_meminfo(), for any
 * online node; a memoryless one shows zeros. Returns 0.
 */
static int node_meminfo_show(struct seq_buf *m, void *data)
{
	int nid = (int)(uintptr_t)data;
	unsigned long sreclaimable, sunreclaim;
	struct mem_counts c;

	count_one_node(&c, nid);
	sreclaimable = c.slab_reclaimable;
	sunreclaim = c.slab_unreclaimable;

	show_node_kb(m, nid, "MemTotal:", K(c.managed));
	show_node_kb(m, nid, "MemFree:", K(c.free));
	show_node_kb(m, nid, "MemUsed:", K(c.managed - min(c.free, c.managed)));
	show_node_kb(m, nid, "SwapCached:", 0);
	show_node_kb(m, nid, "Active:", 0);
	show_node_kb(m, nid, "Inactive:", 0);
	show_node_kb(m, nid, "Active(anon):", 0);
	show_node_kb(m, nid, "Inactive(anon):", 0);
	show_node_kb(m, nid, "Active(file):", 0);
	show_node_kb(m, nid, "Inactive(file):", 0);
	show_node_kb(m, nid, "Unevictable:", 0);
	show_node_kb(m, nid, "Mlocked:", 0);
	show_node_kb(m, nid, "Dirty:", 0);
	show_node_kb(m, nid, "Writeback:", 0);
	show_node_kb(m, nid, "FilePages:", 0);
	show_node_kb(m, nid, "Mapped:", 0);
	show_node_kb(m, nid, "AnonPages:", 0);
	show_node_kb(m, nid, "Shmem:", 0);
	show_node_kb(m, nid, "KernelStack:", c.kernel_stack_kb);
	show_node_kb(m, nid, "PageTables:", K(c.page_tables));
	show_node_kb(m, nid, "SecPageTables:", 0);
	show_node_kb(m, nid, "NFS_Unstable:", 0);
	show_node_kb(m, nid, "Bounce:", 0);
	show_node_kb(m, nid, "WritebackTmp:", 0);
	show_node_kb(m, nid, "KReclaimable:", K(sreclaimable));
	show_node_kb(m, nid, "Slab:", K(sreclaimable + sunreclaim));
	show_node_kb(m, nid, "SReclaimable:", K(sreclaimable));
	show_node_kb(m, nid, "SUnreclaim:", K(sunreclaim));
	/* hugetlb_report_node_meminfo(): the default pool on this node */
	seq_printf(m, "Node %d %-17s%5lu\n", nid, "HugePages_Total:", c.huge_total);
	seq_printf(m, "Node %d %-17s%5lu\n", nid, "HugePages_Free:", c.huge_free);
	seq_printf(m, "Node %d %-17s%5lu\n", nid, "HugePages_Surp:", c.huge_surp);
	return 0;
}

/* Prints nodeN/numastat: the node's zones' NUMA events; Returns 0. */
static int node_numastat_show(struct seq_buf *m, void *data)
{
	struct mem_counts c;

	count_one_node(&c, (int)(uintptr_t)data);
	seq_printf(m,
		   "numa_hit %lu\n"
		   "numa_miss %lu\n"
		   "numa_foreign %lu\n"
		   "interleave_hit %lu\n"
		   "local_node %lu\n"
		   "other_node %lu\n",
		   c.events[NUMA_HIT], c.events[NUMA_MISS],
		   c.events[NUMA_FOREIGN], c.events[NUMA_INTERLEAVE_HIT],
		   c.events[NUMA_LOCAL], c.events[NUMA_OTHER]);
	return 0;
}

/* ----------------------------------------------------- /proc/sys/vm --- */

/* An integer vm sysctl: the variable and the setter that applies it. */
struct vm_sysctl {
	const char *name;
	int *value;
	int (*set)(long value);	/* Returns 0 or -EINVAL, after logging why */
};

/* Prints the sysctl's value as Linux's proc_dointvec(); Returns 0. */
static int vm_sysctl_show(struct seq_buf *m, void *data)
{
	const struct vm_sysctl *s = data;

	seq_printf(m, "%d\n", READ_ONCE(*s->value));
	return 0;
}

/* Returns true for the blanks proc_dointvec() skips around a number. */
static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/*
 * Parses the integer written to the sysctl (blanks around it allowed, as
 * in Linux) and hands it to the setter, which checks its range and
 * recomputes the watermarks. Returns 0; -EINVAL for text that is not an
 * integer (logged here) or a value the setter refuses (logged there).
 */
static int vm_sysctl_store(const char *buf, size_t len, void *data)
{
	const struct vm_sysctl *s = data;
	char text[32];
	long value;
	int err;

	while (len && is_blank(*buf))
		buf++, len--;
	while (len && is_blank(buf[len - 1]))
		len--;
	if (!len || len >= sizeof(text)) {
		pr_err("%s: '%.*s' is not an integer\n", s->name,
		       (int)min(len, sizeof(text)), buf);
		return -EINVAL;
	}
	memcpy(text, buf, len);
	text[len] = '\0';

	err = parse_long(text, 0, &value);
	if (err) {
		pr_err("%s: '%s' is %s\n", s->name, text,
		       err == -ERANGE ? "out of range" : "not an integer");
		return -EINVAL;
	}
	return s->set(value);
}

static const struct vm_sysctl min_free_kbytes_sysctl = {
	"min_free_kbytes", &min_free_kbytes, set_min_free_kbytes,
};
static const struct vm_sysctl watermark_scale_factor_sysctl = {
	"watermark_scale_factor", &watermark_scale_factor,
	set_watermark_scale_factor,
};

/* ------------------------------------------------------ registration --- */

static const struct vfs_file_ops meminfo_ops = { .show = meminfo_show };
/* ---------------------------------------------------- /proc/slabinfo --- */

/*
 * Linux's version 2.1 layout. The tunables are the magazine's: limit,
 * batchcount and a sharedfactor of 0 (no shared array); every slab is
 * active, as SLUB reports it, and objects in magazines count as active.
 */
static int slabinfo_show(struct seq_buf *m, void *data)
{
	seq_puts(m, "slabinfo - version: 2.1\n");
	seq_puts(m, "# name            <active_objs> <num_objs> <objsize> <objperslab> "
		    "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : "
		    "slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	for (unsigned int i = KMEM_MAX_CACHES - 1; i > 0; i--) {
		const struct kmem_cache *s = READ_ONCE(kmem_caches[i]);
		struct slab_info info;

		if (!s)
			continue;
		slab_info(s, &info);
		seq_printf(m, "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6u\n",
			   s->name, info.active_objs, info.num_objs, s->size, s->objects,
			   1 << s->order, s->limit, s->batch, 0, info.num_slabs,
			   info.num_slabs, 0);
	}
	return 0;
}

static const struct vfs_file_ops vmstat_ops = { .show = vmstat_show };
static const struct vfs_file_ops zoneinfo_ops = { .show = zoneinfo_show };
static const struct vfs_file_ops buddyinfo_ops = { .show = buddyinfo_show };
static const struct vfs_file_ops pagetypeinfo_ops = { .show = pagetypeinfo_show };
static const struct vfs_file_ops slabinfo_ops = { .show = slabinfo_show };
static const struct vfs_file_ops vmallocinfo_ops = { .show = vmallocinfo_show };
static const struct vfs_file_ops node_meminfo_ops = { .show = node_meminfo_show };
static const struct vfs_file_ops node_numastat_ops = { .show = node_numastat_show };
static const struct vfs_file_ops vm_sysctl_ops = {
	.show = vm_sysctl_show,
	.store = vm_sysctl_store,
};

int mm_register_files(void)
{
	static const struct {
		const char *path;
		const struct vfs_file_ops *ops;
		const void *data;
	} files[] = {
		{ "/proc/meminfo", &meminfo_ops, NULL },
		{ "/proc/vmstat", &vmstat_ops, NULL },
		{ "/proc/zoneinfo", &zoneinfo_ops, NULL },
		{ "/proc/buddyinfo", &buddyinfo_ops, NULL },
		{ "/proc/pagetypeinfo", &pagetypeinfo_ops, NULL },
		{ "/proc/slabinfo", &slabinfo_ops, NULL },
		{ "/proc/vmallocinfo", &vmallocinfo_ops, NULL },
		{ "/proc/sys/vm/min_free_kbytes", &vm_sysctl_ops,
		  &min_free_kbytes_sysctl },
		{ "/proc/sys/vm/watermark_scale_factor", &vm_sysctl_ops,
		  &watermark_scale_factor_sysctl },
	};
	char path[VFS_PATH_MAX];
	int nid, err = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(files); i++)
		err = vfs_register(files[i].path, files[i].ops,
				   (void *)files[i].data) ?: err;
	/* Beside numa_register_files()'s nodeN/cpulist, memoryless nodes too. */
	for_each_online_node(nid) {
		snprintf(path, sizeof(path),
			 "/sys/devices/system/node/node%d/meminfo", nid);
		err = vfs_register(path, &node_meminfo_ops,
				   (void *)(uintptr_t)nid) ?: err;
		snprintf(path, sizeof(path),
			 "/sys/devices/system/node/node%d/numastat", nid);
		err = vfs_register(path, &node_numastat_ops,
				   (void *)(uintptr_t)nid) ?: err;
	}
	/* /sys/kernel/slab and the debugfs files of fault injection and the buddy check. */
	err = slab_register_files() ?: err;
	err = fail_page_alloc_debugfs() ?: err;
	err = failslab_debugfs() ?: err;
	err = page_check_register_file() ?: err;
	err = hugetlb_register_files() ?: err;
	return err;
}
