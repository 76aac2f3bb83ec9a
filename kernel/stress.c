// SPDX-License-Identifier: MIT
/*
 * DOC: the stress engine - every allocator on a set of harts, for a while
 *
 * Each hart of the run does operations for the run's seconds: pages of
 * order 0..5 from any (allowed) node with assorted GFP flags, kmalloc of
 * 8 B..16 KiB (the large ones are whole pages), objects of a test cache,
 * small vmalloc areas, elements of a mempool, coherent DMA buffers of
 * 8 B..16 KiB for devices of every node (32- and 64-bit masks), and 2 MiB
 * pages of the hugetlb pool, which the run grows by STRESS_HUGE_PER_HART pages a hart
 * first, as many as a hart may hold at once (the kinds the config
 * selects). Each hart keeps STRESS_SLOTS
 * objects; an operation picks a slot at random and fills it, frees its object, or hands the object to a
 * hart on another node (another hart where there is one node), which
 * checks and frees it: remote frees of every kind while the owners
 * allocate.
 *
 * Every object is stamped with its owner and sequence number over its
 * whole size (above a page, every 64th word, so each page is still hit),
 * and checked by whoever frees it; zeroed requests are checked zero first.
 * An object handed out twice, written after its free or not zeroed shows
 * as a bad stamp, printed with where it came from (and leaked: its memory
 * may be someone else's).
 *
 * Harts never wait for each other inside the work: hand-offs go through
 * lock-free inboxes (tests/kernel/inbox.h), and an operation that picks a
 * slot still away works on a slot that never travels instead. Each loop
 * serves the hart's cross-hart calls (smp_handle_calls()), so that a
 * drain_all_pages() of direct reclaim, a woken balancer or the watchdog's
 * request for a backtrace are answered while the mix runs.
 *
 * The caller's hart controls the run: it queues the mix on the other harts
 * (without waiting), runs it itself if it takes part, and between its own
 * operations runs the hog and the watchdog's check. The hog takes pages of
 * every zone (GFP_NOWAIT until below low; GFP_ATOMIC until below min, or
 * until it fails) before the mix starts (on the debug kernel, which checks
 * every page's poison, filling 4 GiB takes seconds), then tops up what the
 * mix gives back between its own operations, until the deadline;
 * then it lets go, wakes every node's balancer as Linux wakes kswapd, and
 * wants every zone above high within STRESS_RECOVER_MS.
 *
 * The watchdog is Linux's soft-lockup detector: every hart of the run
 * touches its timestamp once a loop; a hart untouched for 2 *
 * watchdog_thresh seconds is reported ("watchdog: BUG: soft lockup -
 * CPU#N stuck for Ns!") with its backtrace, asked for by cross-hart call
 * (a hart spinning with interrupts off cannot answer: then the last pc it
 * recorded is printed), and the run fails.
 */
#define pr_fmt(fmt) fmt

#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include "kernel/boot_args.h"
#include "kernel/errno.h"
#include "kernel/fault_inject.h"
#include "kernel/printk.h"
#include "kernel/random.h"
#include "kernel/smp.h"
#include "kernel/stacktrace.h"
#include "kernel/stress.h"
#include "kernel/time.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "kernel/device.h"
#include "kernel/dma/mapping.h"
#include "mm/fail_page_alloc.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/shrinker.h"
#include "mm/mempool.h"
#include "mm/page_check.h"
#include "mm/pcp.h"
#include "mm/pgtable.h"
#include "mm/slab.h"
#include "mm/slab_internal.h"
#include "mm/vmalloc.h"
#include "tests/kernel/inbox.h"
#include "tests/kernel/page_test.h"

#define STRESS_SLOTS 48		/* objects a hart holds at most */
#define STRESS_MAX_ORDER 5	/* pages: orders 0..5 */
#define STRESS_KMALLOC_MAX (16 * 1024)
#define STRESS_VMALLOC_PAGES 4
#define STRESS_CACHE_SIZE 200	/* no power of two: objects straddle lines */
#define STRESS_POOL_SIZE 512
#define STRESS_POOL_MIN 4	/* reserve elements per hart of the run */
#define STRESS_HUGE_PER_HART 4	/* 2 MiB pool pages per hart: what one may hold */
#define STRESS_BAD_REPORTS 4	/* bad stamps printed per hart, at most */
#define STRESS_MAGIC 0x57e5000000000000UL
#define STRESS_HOG_ORDER 9	/* the hog's first blocks: 2 MiB */
#define STRESS_HOG_STEP 256	/* blocks the hog takes between two checks */
#define STRESS_HOG_FILL_MS 60000	/* the first fill may take that long */
#define STRESS_RECOVER_MS 5000	/* every zone above high by then */
#define STRESS_BACKTRACE_WAIT_MS 500
#define NSEC_PER_MSEC 1000000ULL

const char *const stress_kind_names[NR_STRESS_KINDS] = {
	"pages", "slab", "kmalloc", "vmalloc", "mempool", "dma", "hugetlb",
};

const char *const stress_pressure_names[NR_STRESS_PRESSURES] = {
	"none", "low", "min", "oom",
};

/* A slot's state; the owner fills only EMPTY slots, the freer empties them. */
enum { SLOT_EMPTY, SLOT_HELD, SLOT_HANDED };

/* One object a hart holds (or handed to another hart, through ->next). */
struct stress_slot {
	struct stress_slot *next;	/* in an inbox */
	void *addr;			/* the memory (page_address() for pages) */
	unsigned long size;		/* bytes stamped */
	unsigned long stamp;		/* STRESS_MAGIC | owner << 40 | sequence */
	unsigned int kind, order, owner;
	unsigned int state;		/* SLOT_*: written by owner and freer */
	struct device *dev;		/* dma: the device it was allocated for */
	dma_addr_t handle;		/* dma: its bus address */
};

/* One hart's state and counts, a cache line apart from the next hart's. */
struct stress_hart {
	u64 rng;
	unsigned long seq;
	unsigned long ops, allocs[NR_STRESS_KINDS], frees, failed, bad;
	unsigned int huge_held;		/* its hugetlb pages, wherever they are */
	unsigned long nomem, injected, atomic_ok, atomic_failed;
	unsigned long placed[MAX_NUMNODES];
	unsigned long handed, received;	/* through inboxes: given, taken */
	unsigned long freed_remote, freed_far;	/* of other harts, other nodes */
	unsigned int far[NR_CPUS], nr_far;	/* whom it hands objects to */
	u64 touched_ns;			/* the watchdog's: last progress */
	unsigned long touched_pc;	/* where it was made */
	bool done;			/* left the mix */
	bool reported;			/* a soft lockup was reported */
	unsigned int backtrace;		/* 1: asked for, 2: answering, 0: none */
	struct stress_slot *inbox;
	struct stress_slot slots[STRESS_SLOTS];
} __aligned(64);

/* A block the hog holds, chained through its own first bytes. */
struct hog_block {
	struct hog_block *next;
	unsigned int order;
};

static struct stress {
	const struct stress_config *cfg;
	u64 deadline_ns;
	struct kmem_cache *cache;
	mempool_t *pool;
	unsigned int kinds[NR_STRESS_KINDS], nr_kinds;
	int memory_nodes[MAX_NUMNODES], nr_memory_nodes;
	int online_nodes[MAX_NUMNODES], nr_online_nodes;
	bool restricted;		/* --nodes: never the local node by default */
	bool hog_holding;		/* the hog reached its level */
	struct hstate *huge;		/* the hugetlb kind's pool (2 MiB), or NULL */
	/* the dma kind's devices: one of each mask on every memory node */
	struct device dma_devs[MAX_NUMNODES][2];
	unsigned long huge_persistent_before, huge_grown;
	unsigned int running;		/* harts still in the mix */
	struct hog_block *hog;
	unsigned long hog_pages, hog_level_ms;
	int hog_order[MAX_NUMNODES][MAX_NR_ZONES];	/* the next block's */
	struct stress_hart hart[NR_CPUS];
	bool prepared;
	unsigned long before;		/* settled pages before the run */
	unsigned long zone_before[MAX_NUMNODES][MAX_NR_ZONES];
	unsigned long pt_before;
	struct vmalloc_stats vm_before;
	unsigned long vm_pages_before;
} stress;

/* Returns a number in [0, @n). */
static unsigned long random_below(struct stress_hart *h, unsigned long n)
{
	return splitmix64_next(&h->rng) % n;
}

/* Above a page only every 64th word is stamped: each page still gets 8. */
static unsigned long stamp_stride(unsigned long size)
{
	return size > PAGE_SIZE ? 64 : 1;
}

/* Writes @stamp (mixed with each word's index) over @size bytes at @addr. */
static void stamp_object(void *addr, unsigned long size, unsigned long stamp)
{
	unsigned long *w = addr, n = size / sizeof(*w), step = stamp_stride(size);

	for (unsigned long i = 0; i < n; i += step)
		w[i] = stamp ^ i;
	w[n - 1] = stamp ^ (n - 1);
}

/* Returns the first stamped word of @slot's object that is wrong, or -1. */
static long stamp_mismatch(const struct stress_slot *slot)
{
	const unsigned long *w = slot->addr;
	unsigned long n = slot->size / sizeof(*w), step = stamp_stride(slot->size);

	for (unsigned long i = 0; i < n; i += step)
		if (READ_ONCE(w[i]) != (slot->stamp ^ i))
			return (long)i;
	if (READ_ONCE(w[n - 1]) != (slot->stamp ^ (n - 1)))
		return (long)(n - 1);
	return -1;
}

/* Counts a bad object on @h and prints the first few. */
static void report_bad(struct stress_hart *h, const struct stress_slot *slot,
		       const char *what, unsigned long word, unsigned long want)
{
	if (h->bad++ >= STRESS_BAD_REPORTS)
		return;
	printk("  # stress: cpu %u: %s %s %p (%lu bytes) of cpu %u seq %lu: word %lu is %#lx, want %#lx\n",
	       smp_processor_id(), what, stress_kind_names[slot->kind], slot->addr,
	       slot->size, slot->owner, slot->stamp & 0xffffffffffUL, word,
	       ((const unsigned long *)slot->addr)[word], want);
}

/* Returns the index of the first non-zero word of @slot's object, or -1. */
static long first_nonzero_word(const struct stress_slot *slot)
{
	const unsigned long *w = slot->addr;

	for (unsigned long i = 0; i < slot->size / sizeof(*w); i++)
		if (w[i])
			return (long)i;
	return -1;
}

/*
 * Returns a node for a request: one from @nodes, or NUMA_NO_NODE (local)
 * unless --nodes restricted the run.
 */
static int random_node(struct stress_hart *h, const int *nodes, int nr)
{
	unsigned long pick = random_below(h, nr + !stress.restricted);

	return pick == (unsigned long)nr ? NUMA_NO_NODE : nodes[pick];
}

/* The node of the memory at @addr (linear map or vmalloc). */
static int addr_node(const void *addr)
{
	struct page *page = is_vmalloc_addr(addr) ? vmalloc_to_page(addr) : virt_to_page(addr);

	return page ? page_to_nid(page) : NUMA_NO_NODE;
}

/*
 * Allocates an object of a random kind into the EMPTY @slot of @h;
 * Returns true if it got one (stamped, @slot HELD), false if the
 * allocator failed (counted by reason).
 */
static bool stress_alloc(struct stress_hart *h, struct stress_slot *slot)
{
	/*
	 * While the hog holds memory, requests do not reclaim directly: with
	 * every hart in direct reclaim at once the run was seen to hang
	 * (not yet understood); they still wake the balancers.
	 */
	gfp_t no_direct = READ_ONCE(stress.hog_holding) ? __GFP_DIRECT_RECLAIM : 0;
	static const gfp_t page_gfp[] = { GFP_KERNEL, GFP_KERNEL | __GFP_ZERO,
					  GFP_ATOMIC, GFP_KERNEL | __GFP_DMA32,
					  GFP_NOWAIT };
	unsigned int kind = stress.kinds[random_below(h, stress.nr_kinds)];
	unsigned long injected_before = fault_inject_hart_failures();
	gfp_t gfp = GFP_KERNEL;
	struct page *page;
	void *addr = NULL;
	int nid;

	gfp &= ~no_direct;
	/*
	 * The pool holds STRESS_HUGE_PER_HART pages a hart: never more out.
	 * The kinds are in enum order, hugetlb last: the first is another
	 * one unless the mix is hugetlb alone, and then the slot stays empty.
	 */
	if (kind == STRESS_HUGETLB &&
	    __atomic_load_n(&h->huge_held, __ATOMIC_RELAXED) >= STRESS_HUGE_PER_HART) {
		kind = stress.kinds[0];
		if (kind == STRESS_HUGETLB)
			return false;
	}
	slot->order = 0;
	slot->kind = kind;
	switch (kind) {
	case STRESS_PAGES:
		slot->order = random_below(h, 3) ? random_below(h, 2) :
						    random_below(h, STRESS_MAX_ORDER + 1);
		gfp = (page_gfp[random_below(h, ARRAY_SIZE(page_gfp))] | __GFP_NOWARN) & ~no_direct;
		page = alloc_pages_node(random_node(h, stress.online_nodes,
						    stress.nr_online_nodes),
					gfp, slot->order);
		addr = page ? page_address(page) : NULL;
		slot->size = PAGE_SIZE << slot->order;
		break;
	case STRESS_KMALLOC: {
		unsigned int shift = 3 + random_below(h, 12);	/* 8 B .. 16 KiB */

		slot->size = min((1UL << shift) + random_below(h, 1UL << shift),
				 (unsigned long)STRESS_KMALLOC_MAX) & ~7UL;
		if (random_below(h, 4) == 0)
			gfp |= __GFP_ZERO;
		if (stress.hog_holding)
			gfp |= __GFP_NOWARN;
		addr = kmalloc_node(slot->size, gfp, random_node(h, stress.memory_nodes,
								 stress.nr_memory_nodes));
		break;
	}
	case STRESS_SLAB:
		slot->size = STRESS_CACHE_SIZE;
		if (random_below(h, 4) == 0)
			gfp |= __GFP_ZERO;
		if (stress.hog_holding)
			gfp |= __GFP_NOWARN;
		addr = kmem_cache_alloc_node(stress.cache, gfp,
					     random_node(h, stress.memory_nodes,
							 stress.nr_memory_nodes));
		break;
	case STRESS_VMALLOC:
		slot->size = (1 + random_below(h, STRESS_VMALLOC_PAGES)) * PAGE_SIZE -
			     8 * random_below(h, 64);
		if (random_below(h, 4) == 0)
			gfp |= __GFP_ZERO;
		addr = __vmalloc_node(slot->size, gfp | __GFP_NOWARN,
				      random_node(h, stress.memory_nodes,
						  stress.nr_memory_nodes));
		break;
	case STRESS_DMA:
		/* A coherent buffer for a device of a node, 64-bit or 32-bit mask. */
		slot->dev = &stress.dma_devs[stress.memory_nodes[random_below(h,
				stress.nr_memory_nodes)]][random_below(h, 2)];
		slot->size = max((1UL << (6 + random_below(h, 9))) - 8 * random_below(h, 8), 8UL);
		if (stress.hog_holding)
			gfp |= __GFP_NOWARN;
		addr = dma_alloc_coherent(slot->dev, slot->size, &slot->handle, gfp);
		gfp |= __GFP_ZERO;	/* dma_alloc_coherent() zeroes: checked below */
		break;
	case STRESS_HUGETLB:
		/* From the pool the run added to: the buddy is not asked. */
		slot->order = stress.huge->order;
		slot->size = huge_page_size(stress.huge);
		page = alloc_hugetlb_page(stress.huge, random_node(h, stress.memory_nodes,
								  stress.nr_memory_nodes), false);
		addr = page ? page_address(page) : NULL;
		if (addr)
			__atomic_fetch_add(&h->huge_held, 1, __ATOMIC_RELAXED);
		break;
	default:
		slot->size = STRESS_POOL_SIZE;
		gfp = (random_below(h, 2) ? GFP_KERNEL : GFP_ATOMIC) & ~no_direct;
		addr = mempool_alloc(stress.pool, gfp | (stress.hog_holding ? __GFP_NOWARN : 0));
	}
	if ((gfp & __GFP_ATOMIC) && stress.hog_holding) {
		if (addr)
			h->atomic_ok++;
		else
			h->atomic_failed++;
	}
	if (!addr) {
		h->failed++;
		if (fault_inject_hart_failures() != injected_before)
			h->injected++;
		else
			h->nomem++;
		return false;
	}
	slot->addr = addr;
	slot->owner = smp_processor_id();
	slot->stamp = STRESS_MAGIC | (unsigned long)slot->owner << 40 | h->seq++;
	if (gfp & __GFP_ZERO) {
		long word = first_nonzero_word(slot);

		if (word >= 0)
			report_bad(h, slot, "not zeroed:", word, 0);
	}
	stamp_object(addr, slot->size, slot->stamp);
	nid = addr_node(addr);
	if (nid >= 0 && nid < MAX_NUMNODES)
		h->placed[nid]++;
	h->allocs[slot->kind]++;
	WRITE_ONCE(slot->state, SLOT_HELD);
	return true;
}

/*
 * Checks @slot's stamp and frees its object on this hart (@h), then marks
 * the slot EMPTY for its owner. A bad object is leaked, not freed.
 */
static void stress_free(struct stress_hart *h, struct stress_slot *slot)
{
	long bad = stamp_mismatch(slot);
	unsigned int cpu = smp_processor_id();

	if (bad >= 0) {
		report_bad(h, slot, "stamp changed in", bad, slot->stamp ^ bad);
	} else {
		switch (slot->kind) {
		case STRESS_PAGES:
			__free_pages(virt_to_page(slot->addr), slot->order);
			break;
		case STRESS_KMALLOC:
			kfree(slot->addr);
			break;
		case STRESS_SLAB:
			kmem_cache_free(stress.cache, slot->addr);
			break;
		case STRESS_VMALLOC:
			vfree(slot->addr);
			break;
		case STRESS_DMA:
			dma_free_coherent(slot->dev, slot->size, slot->addr, slot->handle);
			break;
		case STRESS_HUGETLB:
			free_hugetlb_page(stress.huge, virt_to_page(slot->addr));
			__atomic_fetch_sub(&stress.hart[slot->owner].huge_held, 1,
					   __ATOMIC_RELAXED);
			break;
		default:
			mempool_free(slot->addr, stress.pool);
		}
	}
	h->frees++;
	if (slot->owner != cpu) {
		h->freed_remote++;
		h->freed_far += cpu_to_node(slot->owner) != cpu_to_node(cpu);
	}
	__atomic_store_n(&slot->state, SLOT_EMPTY, __ATOMIC_RELEASE);
}

/* Takes @h's inbox and frees what other harts handed it. */
static void stress_drain_inbox(struct stress_hart *h)
{
	struct stress_slot *slot = inbox_take(&h->inbox);

	while (slot) {
		struct stress_slot *next = slot->next;

		h->received++;
		stress_free(h, slot);
		slot = next;
	}
}

/*
 * One operation of @h: fill, free or hand over a random slot. Only the
 * first half of the slots travel; one picked while away stands for its
 * twin in the second half, so a hart never idles waiting for a receiver.
 */
static void stress_op(struct stress_hart *h)
{
	unsigned int i = random_below(h, STRESS_SLOTS);
	struct stress_slot *slot = &h->slots[i];
	unsigned int to;

	if (__atomic_load_n(&slot->state, __ATOMIC_ACQUIRE) == SLOT_HANDED) {
		i = i + STRESS_SLOTS / 2;
		slot = &h->slots[i];
	}
	if (slot->state == SLOT_EMPTY) {
		stress_alloc(h, slot);
	} else if (i >= STRESS_SLOTS / 2 || random_below(h, 2)) {
		stress_free(h, slot);
	} else {
		to = h->far[random_below(h, h->nr_far)];
		slot->state = SLOT_HANDED;
		h->handed++;
		inbox_push(&stress.hart[to].inbox, slot, slot);
	}
	h->ops++;
}

/* ------------------------------------------------------- the watchdog --- */

/* Linux's touch_softlockup_watchdog(): @h made progress here. */
static __attribute__((noinline)) void stress_touch(struct stress_hart *h)
{
	WRITE_ONCE(h->touched_pc, (unsigned long)__builtin_return_address(0));
	WRITE_ONCE(h->touched_ns, ktime_get_ns());
}

/* Serves this hart's cross-hart calls from inside the run. */
static void serve_calls(void)
{
	unsigned long flags = arch_local_irq_save();

	arch_clear_ipi();
	smp_handle_calls();
	arch_local_irq_restore(flags);
}

/* 2 * watchdog_thresh seconds, in ns; 0: the watchdog is off. */
static u64 softlockup_thresh_ns(void)
{
	return 2ULL * boot_args.watchdog_thresh * 1000000000ULL;
}

/* The cross-hart call the checker sends a stuck hart: its backtrace. */
static void watchdog_backtrace(void *unused)
{
	struct stress_hart *h = &stress.hart[smp_processor_id()];
	unsigned int asked = 1;

	if (!__atomic_compare_exchange_n(&h->backtrace, &asked, 2, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return;		/* the checker gave up on us */
	dump_stack();
	__atomic_store_n(&h->backtrace, 0, __ATOMIC_RELEASE);
}

/* Reports @cpu, untouched for @stuck_ns: Linux's words, then its trace. */
static void report_lockup(unsigned int cpu, u64 stuck_ns)
{
	struct stress_hart *h = &stress.hart[cpu];
	u64 deadline = ktime_get_ns() + STRESS_BACKTRACE_WAIT_MS * NSEC_PER_MSEC;
	unsigned int asked = 1;

	h->reported = true;
	pr_emerg("watchdog: BUG: soft lockup - CPU#%u stuck for %llus! [stress]\n",
		 cpu, (unsigned long long)(stuck_ns / 1000000000ULL));
	__atomic_store_n(&h->backtrace, 1, __ATOMIC_RELEASE);
	if (smp_call_function_single(cpu, watchdog_backtrace, NULL, false) == 0) {
		while (__atomic_load_n(&h->backtrace, __ATOMIC_ACQUIRE) &&
		       ktime_get_ns() < deadline)
			serve_calls();
	}
	if (__atomic_compare_exchange_n(&h->backtrace, &asked, 0, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		pr_emerg("watchdog: CPU#%u does not answer a cross-hart call (interrupts off?); last pc it recorded: %pS, %llu ms ago\n",
			 cpu, (void *)READ_ONCE(h->touched_pc),
			 (unsigned long long)((ktime_get_ns() - READ_ONCE(h->touched_ns)) /
					      NSEC_PER_MSEC));
	/* An answer under way: wait for its trace to be printed. */
	while (__atomic_load_n(&h->backtrace, __ATOMIC_ACQUIRE) == 2)
		serve_calls();
}

/* The checker: every hart still in the mix must have touched lately. */
static void watchdog_check(unsigned int self)
{
	u64 thresh = softlockup_thresh_ns(), now;
	unsigned int cpu;

	if (!thresh)
		return;
	now = ktime_get_ns();
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct stress_hart *h = &stress.hart[cpu];
		u64 touched = READ_ONCE(h->touched_ns);

		if (cpu == self || !stress.cfg->cpus[cpu] || h->reported ||
		    __atomic_load_n(&h->done, __ATOMIC_ACQUIRE) || now < touched)
			continue;
		if (now - touched > thresh)
			report_lockup(cpu, now - touched);
	}
}

/* The hidden test of the watchdog: this hart spins, interrupts off. */
static void stress_wedge(void)
{
	u64 until = ktime_get_ns() +
		    (softlockup_thresh_ns() ?: 2ULL * WATCHDOG_THRESH_DEFAULT * 1000000000ULL) +
		    1000000000ULL;
	unsigned long flags = arch_local_irq_save();

	printk("  # stress: cpu %u spins with interrupts off, not touching the watchdog\n",
	       smp_processor_id());
	while (ktime_get_ns() < until)
		cpu_relax();
	arch_local_irq_restore(flags);
}

/* ------------------------------------------------------------ the hog --- */

/* True if @zone is where the hog wants it (for low and min). */
static bool zone_pressed(struct zone *zone, enum stress_pressure level)
{
	unsigned long mark = level == STRESS_PRESSURE_LOW ? low_wmark_pages(zone) :
							     min_wmark_pages(zone);

	return !zone_watermark_ok(zone, 0, mark, zone->idx, 0);
}

/*
 * Takes up to STRESS_HOG_STEP blocks from the zones not yet at the level;
 * Returns true once every zone is there (for oom: once no zone gives an
 * order-0 page to GFP_ATOMIC).
 */
static bool hog_step(enum stress_pressure level)
{
	gfp_t gfp = (level == STRESS_PRESSURE_LOW ? GFP_NOWAIT : GFP_ATOMIC) |
		    __GFP_NOWARN | __GFP_THISNODE;
	unsigned int taken = 0;
	bool all = true;
	int nid;

	for_each_node_state(nid, N_MEMORY) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &NODE_DATA(nid)->node_zones[z];
			gfp_t zgfp = gfp | (z == ZONE_DMA32 ? __GFP_DMA32 : 0);
			int order = stress.hog_order[nid][z];

			if (!managed_zone(zone))
				continue;
			while (taken < STRESS_HOG_STEP) {
				struct page *page;
				struct hog_block *block;

				if (level != STRESS_PRESSURE_OOM && zone_pressed(zone, level))
					break;
				page = alloc_pages_node(nid, zgfp, order);
				if (!page) {
					if (order-- == 0)
						break;
					continue;
				}
				block = page_address(page);
				block->order = order;
				block->next = stress.hog;
				stress.hog = block;
				stress.hog_pages += 1UL << order;
				taken++;
			}
			if (level == STRESS_PRESSURE_OOM ? order >= 0 : !zone_pressed(zone, level))
				all = false;
			stress.hog_order[nid][z] = max(order, 0);
		}
	}
	return all;
}

/* Gives back everything the hog holds. */
static void hog_release(void)
{
	while (stress.hog) {
		struct hog_block *block = stress.hog;

		stress.hog = block->next;
		__free_pages(virt_to_page(block), block->order);
	}
	stress.hog_pages = 0;
}

/* True if every managed zone is above its high watermark. */
static bool all_zones_above_high(void)
{
	int nid;

	for_each_online_node(nid) {
		if (!NODE_DATA(nid))
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &NODE_DATA(nid)->node_zones[z];

			if (managed_zone(zone) &&
			    !zone_watermark_ok(zone, 0, high_wmark_pages(zone), z, 0))
				return false;
		}
	}
	return true;
}

/* ------------------------------------------------------------ the run --- */

/* A hart's share of the mix, until the deadline. */
static void stress_loop(struct stress_hart *h, bool control)
{
	const struct stress_config *cfg = stress.cfg;
	unsigned int cpu = smp_processor_id();
	bool wedge = (int)cpu == cfg->wedge_cpu;
	u64 next_check = 0, now;

	do {
		stress_touch(h);
		if (cfg->cpus[cpu]) {
			for (int i = 0; i < 16; i++)
				stress_op(h);
			stress_drain_inbox(h);
			if (wedge && h->ops >= 160) {
				wedge = false;
				stress_wedge();
			}
		}
		serve_calls();
		now = ktime_get_ns();
		if (control) {
			if (cfg->pressure)
				hog_step(cfg->pressure);	/* takes back what the mix freed */
			if (now >= next_check) {
				watchdog_check(cpu);
				next_check = now + 100 * NSEC_PER_MSEC;
			}
		}
	} while (now < stress.deadline_ns);
	if (!cfg->cpus[cpu])
		return;
	for (unsigned int i = 0; i < STRESS_SLOTS; i++)
		if (__atomic_load_n(&h->slots[i].state, __ATOMIC_ACQUIRE) == SLOT_HELD)
			stress_free(h, &h->slots[i]);
}

/* The cross-hart call each other hart of the run gets. */
static void stress_worker(void *unused)
{
	struct stress_hart *h = &stress.hart[smp_processor_id()];

	stress_loop(h, false);
	__atomic_store_n(&h->done, true, __ATOMIC_RELEASE);
	__atomic_sub_fetch(&stress.running, 1, __ATOMIC_ACQ_REL);
}

/* After every hart stopped: frees what was handed in last. */
static void stress_finish_inbox(void *unused)
{
	stress_drain_inbox(&stress.hart[smp_processor_id()]);
}

/*
 * Sets @cpu's PRNG and the harts of the run it hands objects to: those of
 * other nodes, else every other one, else (one hart) itself.
 */
static void stress_prepare_hart(const struct stress_config *cfg, unsigned int cpu)
{
	struct stress_hart *h = &stress.hart[cpu];
	unsigned int other;

	h->rng = cfg->seed ^ (SPLITMIX64_GAMMA * (cpu + 1));
	for (other = 0; other < nr_cpu_ids; other++)
		if (cfg->cpus[other] && cpu_to_node(other) != cpu_to_node(cpu))
			h->far[h->nr_far++] = other;
	if (h->nr_far)
		return;
	for (other = 0; other < nr_cpu_ids; other++)
		if (cfg->cpus[other] && other != cpu)
			h->far[h->nr_far++] = other;
	if (!h->nr_far)
		h->far[h->nr_far++] = cpu;
}

void stress_default_config(struct stress_config *cfg, u64 seed)
{
	unsigned int cpu;

	memset(cfg, 0, sizeof(*cfg));
	for_each_online_cpu(cpu)
		cfg->cpus[cpu] = true;
	cfg->seconds = 10;
	cfg->seed = seed;
	cfg->kinds = STRESS_ALL_KINDS;
	cfg->wedge_cpu = -1;
}

/* Free pages of every zone, with the caches drained (after exact_free_pages()). */
static void zone_free_snapshot(unsigned long free[MAX_NUMNODES][MAX_NR_ZONES])
{
	int nid;

	memset(free, 0, sizeof(unsigned long) * MAX_NUMNODES * MAX_NR_ZONES);
	for_each_online_node(nid) {
		if (!NODE_DATA(nid))
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++)
			free[nid][z] = zone_free_pages(&NODE_DATA(nid)->node_zones[z]);
	}
}

int stress_prepare(const struct stress_config *cfg)
{
	unsigned int harts = 0, cpu;
	int nid;

	fault_inject_pause();
	memset(&stress, 0, sizeof(stress));
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		harts += cfg->cpus[cpu];
	if (cfg->kinds & (1U << STRESS_HUGETLB)) {
		/* The pool the hugetlb kind draws from, before the counts are taken. */
		stress.huge = size_to_hstate(PMD_SIZE);
		stress.huge_persistent_before = persistent_huge_pages(stress.huge);
		set_max_huge_pages(stress.huge, stress.huge_persistent_before +
				   STRESS_HUGE_PER_HART * max(harts, 1U), NUMA_NO_NODE);
		stress.huge_grown = stress.huge->nr_huge_pages;
	}
	stress.before = settled_pages();
	stress.pt_before = READ_ONCE(nr_pagetable_pages);
	zone_free_snapshot(stress.zone_before);
	vmalloc_get_stats(&stress.vm_before);
	stress.vm_pages_before = vmalloc_nr_pages();
	stress.restricted = cfg->nodes != 0;
	for_each_node_state(nid, N_MEMORY)
		if (!cfg->nodes || (cfg->nodes & (1UL << nid)))
			stress.memory_nodes[stress.nr_memory_nodes++] = nid;
	for_each_online_node(nid)
		if (!cfg->nodes || (cfg->nodes & (1UL << nid)))
			stress.online_nodes[stress.nr_online_nodes++] = nid;
	for (int k = 0; k < NR_STRESS_KINDS; k++)
		if (cfg->kinds & (1U << k))
			stress.kinds[stress.nr_kinds++] = k;
	for (int i = 0; i < stress.nr_memory_nodes; i++) {
		int node = stress.memory_nodes[i];

		for (int wide = 0; wide < 2; wide++) {
			struct device *dev = &stress.dma_devs[node][wide];
			char name[32];

			snprintf(name, sizeof(name), "stress-dma%d-%dbit", node, wide ? 64 : 32);
			device_initialize(dev, name);
			dev->numa_node = node;
			if (wide)
				dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
		}
	}
	stress.cache = kmem_cache_create("stress", STRESS_CACHE_SIZE, 0, 0, NULL);
	stress.pool = mempool_create_kmalloc_pool(STRESS_POOL_MIN * max(harts, 1U),
						  STRESS_POOL_SIZE);
	fault_inject_resume();
	if (!stress.cache || !stress.pool) {
		mempool_destroy(stress.pool);
		kmem_cache_destroy(stress.cache);
		stress.cache = NULL;
		stress.pool = NULL;
		return -ENOMEM;
	}
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (cfg->cpus[cpu])
			stress_prepare_hart(cfg, cpu);
	for (nid = 0; nid < MAX_NUMNODES; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			stress.hog_order[nid][z] = STRESS_HOG_ORDER;
	stress.prepared = true;
	return 0;
}

/* Sets @res's first failure reason (printf-style) and clears ok. */
static void __printf(2, 3) fail_run(struct stress_result *res, const char *fmt, ...)
{
	va_list args;

	if (res->ok) {
		va_start(args, fmt);
		vsnprintf(res->reason, sizeof(res->reason), fmt, args);
		va_end(args);
	}
	res->ok = false;
}

void stress_run(const struct stress_config *cfg, struct stress_result *res)
{
	unsigned int self = smp_processor_id(), cpu;
	u64 started, deadline;

	memset(res, 0, sizeof(*res));
	res->ok = true;
	stress.cfg = cfg;
	started = ktime_get_ns();
	if (cfg->pressure) {
		/* The first fill (seconds of 2 MiB blocks on the debug kernel). */
		deadline = started + STRESS_HOG_FILL_MS * NSEC_PER_MSEC;
		u64 progress = started + 5000 * NSEC_PER_MSEC;

		while (!hog_step(cfg->pressure) && ktime_get_ns() < deadline) {
			serve_calls();
			if (ktime_get_ns() >= progress) {
				printk("stress: the hog holds %lu pages, going on\n", stress.hog_pages);
				progress += 5000 * NSEC_PER_MSEC;
			}
		}
		stress.hog_level_ms = (ktime_get_ns() - started) / NSEC_PER_MSEC;
		printk("stress: the hog holds %lu pages after %lu ms: pressure %s %s\n",
		       stress.hog_pages, stress.hog_level_ms,
		       stress_pressure_names[cfg->pressure],
		       ktime_get_ns() < deadline ? "reached" : "NOT reached");
		WRITE_ONCE(stress.hog_holding, ktime_get_ns() < deadline);
		started = ktime_get_ns();
	}
	stress.deadline_ns = started + (u64)cfg->seconds * 1000000000ULL;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		stress.hart[cpu].touched_ns = started;
		if (cfg->cpus[cpu])
			res->harts++;
	}
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (!cfg->cpus[cpu] || cpu == self)
			continue;
		__atomic_add_fetch(&stress.running, 1, __ATOMIC_ACQ_REL);
		if (smp_call_function_single(cpu, stress_worker, NULL, false)) {
			__atomic_sub_fetch(&stress.running, 1, __ATOMIC_ACQ_REL);
			stress.hart[cpu].done = true;
			fail_run(res, "cpu %u went offline", cpu);
		}
	}
	stress_loop(&stress.hart[self], true);
	stress.hart[self].done = true;
	res->hog_level_ms = stress.hog_level_ms;
	res->hog_pages = stress.hog_pages;
	if (cfg->pressure && !stress.hog_holding)
		fail_run(res, "the hog did not reach pressure %s", stress_pressure_names[cfg->pressure]);
	/* The others end at the deadline too (a wedged one later): check on. */
	while (__atomic_load_n(&stress.running, __ATOMIC_ACQUIRE)) {
		serve_calls();
		watchdog_check(self);
	}
	on_each_cpu(stress_finish_inbox, NULL, true);
	res->elapsed_ms = (ktime_get_ns() - started) / NSEC_PER_MSEC;

	if (cfg->pressure) {
		int nid;

		hog_release();
		WRITE_ONCE(stress.hog_holding, false);
		started = ktime_get_ns();
		deadline = started + STRESS_RECOVER_MS * NSEC_PER_MSEC;
		for_each_node_state(nid, N_MEMORY)
			wakeup_balancer(nid);	/* as the freeing would wake kswapd */
		while (!(res->recovered = all_zones_above_high()) && ktime_get_ns() < deadline)
			serve_calls();
		res->recover_ms = (ktime_get_ns() - started) / NSEC_PER_MSEC;
		if (!res->recovered)
			fail_run(res, "a zone still below high %u ms after the hog let go",
				 STRESS_RECOVER_MS);
	}

	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct stress_hart *h = &stress.hart[cpu];

		if (!cfg->cpus[cpu])
			continue;
		res->ops += h->ops;
		for (int k = 0; k < NR_STRESS_KINDS; k++)
			res->allocs[k] += h->allocs[k];
		for (int n = 0; n < MAX_NUMNODES; n++)
			res->placed[n] += h->placed[n];
		res->frees += h->frees;
		res->failed += h->failed;
		res->nomem += h->nomem;
		res->injected += h->injected;
		res->atomic_ok += h->atomic_ok;
		res->atomic_failed += h->atomic_failed;
		res->bad += h->bad;
		res->handed += h->handed;
		res->received += h->received;
		res->remote += h->freed_remote;
		res->far += h->freed_far;
		res->lockups += h->reported;
		for (unsigned int i = 0; i < STRESS_SLOTS; i++)
			if (h->slots[i].state != SLOT_EMPTY)
				fail_run(res, "cpu %u slot %u not empty after the run", cpu, i);
	}
	for (int k = 0; k < NR_STRESS_KINDS; k++)
		res->total += res->allocs[k];
	if (res->lockups)
		fail_run(res, "soft lockup on %u hart(s)", res->lockups);
	if (res->bad)
		fail_run(res, "%lu corrupted object(s)", res->bad);
	if (res->frees != res->total)
		fail_run(res, "%lu allocations but %lu frees", res->total, res->frees);
	if (res->received != res->handed)
		fail_run(res, "%lu objects handed over but %lu received", res->handed,
			 res->received);
	if (!res->total)
		fail_run(res, "nothing was allocated");
	if (cfg->expect_no_failures && res->failed)
		fail_run(res, "%lu allocations failed with memory plentiful", res->failed);
}

void stress_finish(struct stress_result *res)
{
	unsigned long zone_after[MAX_NUMNODES][MAX_NR_ZONES], after, pt_new;
	struct vmalloc_stats vm;
	struct slab_info info;
	unsigned int cpu;
	int nid;

	if (!stress.prepared) {
		fail_run(res, "the run was not prepared");
		return;
	}
	fault_inject_pause();
	mempool_destroy(stress.pool);
	kmem_cache_shrink(stress.cache);
	slab_info(stress.cache, &info);
	if (info.active_objs || info.num_slabs)
		fail_run(res, "the test cache still has %lu objects in %lu slabs",
			 (unsigned long)info.active_objs, (unsigned long)info.num_slabs);
	kmem_cache_destroy(stress.cache);
	stress.prepared = false;

	after = settled_pages();	/* purges vmalloc, shrinks every cache, drains */
	for_each_online_cpu(cpu) {
		for (unsigned int slot = 0; slot < nr_node_ids * MAX_NR_ZONES; slot++) {
			const struct per_cpu_pages *pcp = &harts[cpu].pagesets[slot];

			if (pcp->zone && pcp_count(pcp))
				fail_run(res, "cpu %u still caches %d pages of node %d %s",
					 cpu, pcp_count(pcp), pcp->zone->node, pcp->zone->name);
		}
	}
	res->lost_pages = (long)stress.before - (long)after;
	if (res->lost_pages)
		fail_run(res, "%ld pages lost", res->lost_pages);
	/* Page tables vmalloc made during the run stay, as Linux's do. */
	pt_new = READ_ONCE(nr_pagetable_pages) - stress.pt_before;
	zone_free_snapshot(zone_after);
	for_each_online_node(nid) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			long missing = (long)stress.zone_before[nid][z] - (long)zone_after[nid][z];

			if (missing < 0 || (unsigned long)missing > pt_new)
				fail_run(res, "node %d zone %d: %lu free pages, %lu before",
					 nid, z, zone_after[nid][z], stress.zone_before[nid][z]);
		}
	}
	vmalloc_get_stats(&vm);
	if (vm.lazy_areas != stress.vm_before.lazy_areas ||
	    vm.lazy_pages != stress.vm_before.lazy_pages ||
	    vmalloc_nr_pages() != stress.vm_pages_before)
		fail_run(res, "vmalloc: %lu pages live, %lu before",
			 vmalloc_nr_pages(), stress.vm_pages_before);
	res->check_problems = check_free_areas();
	if (res->check_problems)
		fail_run(res, "check_free_areas() found %d problem(s)", res->check_problems);
	if (stress.huge) {
		struct hstate *hs = stress.huge;

		res->check_problems += hugetlb_check();
		if (hs->nr_huge_pages != stress.huge_grown || hs->surplus_huge_pages)
			fail_run(res, "hugetlb: %lu pool pages (%lu surplus), %lu after the grow",
				 hs->nr_huge_pages, hs->surplus_huge_pages, stress.huge_grown);
		set_max_huge_pages(hs, stress.huge_persistent_before, NUMA_NO_NODE);
	}
	fault_inject_resume();
}

void stress_print_summary(const struct stress_config *cfg, const struct stress_result *res)
{
	char placed[24 * MAX_NUMNODES] = "";
	size_t len = 0;
	int nid;

	for_each_node_state(nid, N_MEMORY)
		len += scnprintf(placed + len, sizeof(placed) - len, " node%d=%lu",
				 nid, res->placed[nid]);
	printk("stress: ops pages=%lu slab=%lu kmalloc=%lu vmalloc=%lu mempool=%lu dma=%lu hugetlb=%lu fail nomem=%lu injected=%lu remote_frees=%lu placed%s corruptions=%lu lost_pages=%ld check_problems=%d lockups=%u pressure=%s atomic_ok=%lu atomic_failed=%lu hog_pages=%lu recovered_above_high=%s recover_ms=%lu harts=%u ms=%llu seed=%#llx\n",
	       res->allocs[STRESS_PAGES], res->allocs[STRESS_SLAB],
	       res->allocs[STRESS_KMALLOC], res->allocs[STRESS_VMALLOC],
	       res->allocs[STRESS_MEMPOOL], res->allocs[STRESS_DMA], res->allocs[STRESS_HUGETLB],
	       res->nomem,
	       res->injected, res->remote,
	       placed, res->bad, res->lost_pages, res->check_problems, res->lockups,
	       stress_pressure_names[cfg->pressure], res->atomic_ok, res->atomic_failed,
	       res->hog_pages, cfg->pressure ? (res->recovered ? "yes" : "no") : "n/a",
	       res->recover_ms, res->harts, (unsigned long long)res->elapsed_ms,
	       (unsigned long long)cfg->seed);
}
