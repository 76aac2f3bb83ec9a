/* SPDX-License-Identifier: MIT */
/*
 * tests/host/mm_host.h - booting the unmodified page allocator on the host,
 * for the mm host tests.
 *
 * mm_boot() does what start_kernel() does up to the buddy, on a machine
 * the test describes: an mmap'd arena for its memory, memblock ranges and
 * reservations, pthread harts (asm/host_smp.h), a boot plan with the
 * distance matrix for numa_init(), then mm_init(). mm_init() runs once per
 * process (memblock closes), so each case that boots a machine runs in a
 * child process of its own: run_forked() reports the child's verdict as
 * one KTAP case of the parent.
 */
#ifndef TERN_TESTS_HOST_MM_HOST_H
#define TERN_TESTS_HOST_MM_HOST_H

#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/host/harness.h"
#include "kernel/fdt/boot_plan.h"
#include "kernel/smp.h"
#include "mm/gfp.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "mm/numa.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "mm/slab_internal.h"
#include <asm/host_smp.h>
#include <asm/page.h>

/* A case's own time limit: a hung case fails alone (SIGALRM). */
#ifndef CASE_WATCHDOG_S
#define CASE_WATCHDOG_S 120
#endif

#define MIB (1ULL << 20)
#define GIB (1ULL << 30)

struct mm_range {
	phys_addr_t base, size;
	int nid;
};

/* A machine for mm_boot(); zero fields mean "none" or the default. */
struct mm_machine {
	unsigned int nr_nodes;		/* node ids 0..nr_nodes-1 */
	unsigned int nr_cpus;		/* 1 if 0 */
	int cpu_node[NR_CPUS];		/* each cpu's node */
	struct mm_range memory[8];
	unsigned int nr_memory;
	struct mm_range reserved[4];	/* memblock_reserve()d, nid unused */
	unsigned int nr_reserved;
	/* distance[a][b]; an all-zero matrix means 10 local, 20 remote */
	u8 distance[MAX_NUMNODES][MAX_NUMNODES];
	/* run once NUMA is up, before mm_init(), where start_kernel() sets up hugetlb */
	void (*before_mm_init)(void);
};

/*
 * Boots the page allocator on @m: this thread becomes cpu 0 and the other
 * harts start. Exits the (child) process if the host cannot provide it.
 */
static inline void mm_boot(const struct mm_machine *m)
{
	static struct boot_plan plan;
	phys_addr_t lo = ~(phys_addr_t)0, hi = 0;
	bool have_distances = false;

	for (unsigned int i = 0; i < m->nr_memory; i++) {
		lo = min(lo, m->memory[i].base);
		hi = max(hi, m->memory[i].base + m->memory[i].size);
	}
	if (!host_memory_init(lo, hi - lo)) {
		printf("# mm_boot: no arena of %#llx bytes\n", (unsigned long long)(hi - lo));
		exit(1);
	}
	memblock.memory.cnt = 0;
	memblock.reserved.cnt = 0;
	memblock.current_limit = ~(phys_addr_t)0;
	for (unsigned int i = 0; i < m->nr_memory; i++)
		memblock_add_node(m->memory[i].base, m->memory[i].size, m->memory[i].nid);
	for (unsigned int i = 0; i < m->nr_reserved; i++)
		memblock_reserve(m->reserved[i].base, m->reserved[i].size);

	if (host_smp_init(m->nr_cpus ? m->nr_cpus : 1, m->cpu_node)) {
		printf("# mm_boot: host_smp_init failed\n");
		exit(1);
	}
	memset(&plan, 0, sizeof(plan));
	plan.numa_valid = true;
	plan.nr_nodes = m->nr_nodes;
	for (unsigned int a = 0; a < m->nr_nodes; a++)
		for (unsigned int b = 0; b < m->nr_nodes; b++)
			have_distances |= m->distance[a][b] != 0;
	for (unsigned int a = 0; a < m->nr_nodes; a++)
		for (unsigned int b = 0; b < m->nr_nodes; b++)
			plan.distance[a][b] = have_distances ? m->distance[a][b] :
					      a == b ? LOCAL_DISTANCE : REMOTE_DISTANCE;
	numa_init(&plan);
	if (m->before_mm_init)
		m->before_mm_init();
	mm_init();
}

/* Pages a case holds to make memory short, chained through page->lru. */
struct held_pages {
	struct list_head pages;
	unsigned long count;
};

static inline void held_pages_init(struct held_pages *h)
{
	INIT_LIST_HEAD(&h->pages);
	h->count = 0;
}

/*
 * Takes order-0 pages into @h with @gfp until the allocator says no
 * (GFP_ATOMIC reaches below GFP_KERNEL's floor).
 */
static inline void hold_all_pages(struct held_pages *h, gfp_t gfp)
{
	struct page *page;

	while ((page = alloc_page(gfp | __GFP_NOWARN))) {
		list_add(&page->lru, &h->pages);
		h->count++;
	}
}

/* Frees @n of the pages @h holds (all of them if it holds fewer). */
static inline void release_held_pages(struct held_pages *h, unsigned long n)
{
	while (n-- && !list_empty(&h->pages)) {
		struct page *page = list_first_entry(&h->pages, struct page, lru);

		list_del(&page->lru);
		__free_page(page);
		h->count--;
	}
}

/* ------------------------------------------------ slab tests --- */

/* The slab and mempool tests' machine: node 0 cpus 0-1, node 1 cpus 2-3, 64 MiB each. */
static const struct mm_machine slab_machine = {
	.nr_nodes = 2,
	.nr_cpus = 4,
	.cpu_node = { 0, 0, 1, 1 },
	.memory = { { 0x80000000, 64 * MIB, 0 }, { 0x84000000, 64 * MIB, 1 } },
	.nr_memory = 2,
};

/* Free pages after slab_boot(), which slab_memory_back() expects again. */
static unsigned long slab_boot_free;

/* mm_boot() and slab_init(), the harts' page caches drained. */
static inline void slab_boot(const struct mm_machine *m)
{
	mm_boot(m);
	slab_init();
	drain_all_pages();
	slab_boot_free = nr_free_pages();
}

/* Every cache shrunk, every hart's caches drained: the boot's free count. */
static inline void slab_memory_back(void)
{
	kmem_cache_shrink_all();
	drain_all_pages();
	CHECK_EQ(nr_free_pages(), slab_boot_free);
}

/*
 * Runs @fn in a child process and reports it as the case @name: not ok if
 * a CHECK failed in the child, or the child died (a sanitizer report, a
 * panic's abort, the watchdog's SIGALRM).
 */
static inline void run_forked(void (*fn)(void), const char *name)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		/* Timers are not inherited; and die with the parent's watchdog. */
		alarm(CASE_WATCHDOG_S);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		log_buf_clear();
		fn();
		fflush(stdout);
		_exit(ktap_case_failed ? 1 : 0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		printf("# %s: fork or wait failed\n", name);
		ktap_case_failed = 1;
	} else if (WIFSIGNALED(status)) {
		printf("# %s: child killed by signal %d\n", name, WTERMSIG(status));
		ktap_case_failed = 1;
	} else if (WEXITSTATUS(status)) {
		ktap_case_failed = 1;
	}
	ktap_result(name);
}

#define RUN_FORKED(fn) run_forked(fn, #fn)

/* Returns the zone @idx of node @nid. */
static inline struct zone *node_zone(int nid, enum zone_type idx)
{
	return &NODE_DATA(nid)->node_zones[idx];
}

/* Returns the free blocks of @order in @zone, all migratetypes. */
static inline unsigned long zone_blocks(const struct zone *zone, unsigned int order)
{
	return zone->free_area[order].nr_free;
}

/* Returns the pages free in the buddy plus those in every hart's caches. */
static inline unsigned long free_and_cached_pages(void)
{
	struct zone *zone;
	unsigned long pages = 0;

	for_each_populated_zone(zone)
		pages += zone_free_pages(zone) + zone_pcp_pages(zone);
	return pages;
}

/*
 * Writes node @nid's fallback zonelist as " node:zone" pairs into @buf,
 * e.g. " 0:Normal 0:DMA32 1:Normal". Returns @buf.
 */
static inline char *zonelist_text(int nid, int which, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (struct zone *const *z = NODE_DATA(nid)->node_zonelists[which].zones;
	     *z && len < size; z++)
		len += (size_t)snprintf(buf + len, size - len, " %d:%s", (*z)->node,
					(*z)->name);
	return buf;
}

#endif
