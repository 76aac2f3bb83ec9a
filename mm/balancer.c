// SPDX-License-Identifier: MIT
/*
 * DOC: the per-node balancer and the shrinkers (Linux's kswapd role)
 *
 * tern has no threads, so a node's balancer is a function run on a hart of
 * that node (node_home_cpu(): the nearest hart for a node without any)
 * through a cross-hart call, queued at most once at a time per node. It
 * runs with interrupts off like every cross-hart call, and is bounded: it
 * stops when the node is above high or a round brings nothing back.
 */
#define pr_fmt(fmt) "balancer: " fmt

#include "mm/shrinker.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "mm/internal.h"

static LIST_HEAD(shrinkers);
static DEFINE_SPINLOCK(shrinker_lock);	/* guards shrinkers */

/* Rounds before the balancer gives up on a node that stays low. */
#define BALANCE_ROUNDS 4

int register_shrinker(struct shrinker *shrinker, const char *name)
{
	unsigned long flags;

	shrinker->name = name;
	if (!shrinker->seeks)
		shrinker->seeks = DEFAULT_SEEKS;
	spin_lock_irqsave(&shrinker_lock, flags);
	list_add_tail(&shrinker->list, &shrinkers);
	spin_unlock_irqrestore(&shrinker_lock, flags);
	return 0;
}

void unregister_shrinker(struct shrinker *shrinker)
{
	unsigned long flags;

	spin_lock_irqsave(&shrinker_lock, flags);
	list_del(&shrinker->list);
	spin_unlock_irqrestore(&shrinker_lock, flags);
}

/* Returns true if every zone of node @nid with memory is above high. */
static bool node_balanced(int nid)
{
	struct pglist_data *pgdat = NODE_DATA(nid);

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		if (managed_zone(zone) &&
		    !zone_watermark_ok(zone, 0, high_wmark_pages(zone), z, 0))
			return false;
	}
	return true;
}

/*
 * Asks each shrinker for a share of what it holds on @nid (Linux's
 * count / seeks scaling); Returns what they reported freed. Shrinkers run
 * under shrinker_lock, so they must not register or unregister one.
 */
static unsigned long shrink_node(int nid, gfp_t gfp)
{
	struct shrink_control sc = { .gfp_mask = gfp, .nid = nid };
	struct shrinker *shrinker;
	unsigned long flags, freed = 0;

	spin_lock_irqsave(&shrinker_lock, flags);
	list_for_each_entry(shrinker, &shrinkers, list) {
		unsigned long count = shrinker->count_objects(shrinker, &sc);
		unsigned long got;

		if (!count)
			continue;
		sc.nr_to_scan = max(count / (unsigned long)shrinker->seeks, 1UL);
		sc.nr_scanned = sc.nr_to_scan;
		got = shrinker->scan_objects(shrinker, &sc);
		if (got != SHRINK_STOP)
			freed += got;
	}
	spin_unlock_irqrestore(&shrinker_lock, flags);
	return freed;
}

unsigned long balance_node(int nid, gfp_t gfp)
{
	struct pglist_data *pgdat = NODE_DATA(nid);
	unsigned long total = 0;

	if (!pgdat)
		return 0;
	drain_all_pages();
	for (int round = 0; round < BALANCE_ROUNDS && !node_balanced(nid); round++) {
		unsigned long freed = shrink_node(nid, gfp);

		total += freed;
		if (!freed)
			break;
		drain_all_pages();	/* shrinkers free through the caches */
	}
	/* The node's balancer and any hart's direct reclaim add at once. */
	__atomic_fetch_add(&pgdat->pages_reclaimed, total, __ATOMIC_RELAXED);
	return total;
}

/* The cross-hart call wakeup_balancer() queues; @info is the node. */
static void balancer_run(void *info)
{
	int nid = (int)(uintptr_t)info;
	struct pglist_data *pgdat = NODE_DATA(nid);

	pgdat->balance_runs++;
	balance_node(nid, GFP_KERNEL);
	__atomic_store_n(&pgdat->balance_queued, 0, __ATOMIC_RELEASE);
}

void wakeup_balancer(int nid)
{
	struct pglist_data *pgdat = NODE_DATA(nid);

	if (!pgdat || __atomic_exchange_n(&pgdat->balance_queued, 1, __ATOMIC_ACQ_REL))
		return;
	if (smp_call_function_single(node_home_cpu(nid), balancer_run,
				     (void *)(uintptr_t)nid, false))
		__atomic_store_n(&pgdat->balance_queued, 0, __ATOMIC_RELEASE);
}
