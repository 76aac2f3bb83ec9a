/* SPDX-License-Identifier: MIT */
/*
 * mm/shrinker.h - caches that give memory back under pressure, and the
 * per-node balancer that asks them (Linux's shrinker and kswapd roles).
 *
 * When an allocation leaves a zone below its low watermark, the node's
 * balancer is queued on a hart of that node (a cross-hart call). It drains
 * the per-hart caches and calls every registered shrinker for the node
 * until the zone is back above high or nothing more comes back. Callers
 * that may reclaim (__GFP_DIRECT_RECLAIM) run the same balancer themselves
 * before they fail.
 */
#ifndef TERN_MM_SHRINKER_H
#define TERN_MM_SHRINKER_H

#include "kernel/types.h"
#include "lib/list.h"
#include "mm/gfp.h"

#define SHRINK_STOP (~0UL)	/* scan_objects: cannot make progress now */
#define DEFAULT_SEEKS 2

struct shrink_control {
	gfp_t gfp_mask;
	int nid;			/* the node under pressure */
	unsigned long nr_to_scan;	/* objects to try to free */
	unsigned long nr_scanned;	/* set by scan_objects if not nr_to_scan */
};

struct shrinker {
	/* Returns how many objects could be freed on sc->nid (0: none). */
	unsigned long (*count_objects)(struct shrinker *, struct shrink_control *sc);
	/* Frees up to sc->nr_to_scan; Returns the number freed or SHRINK_STOP. */
	unsigned long (*scan_objects)(struct shrinker *, struct shrink_control *sc);
	int seeks;
	const char *name;
	struct list_head list;
};

/* Adds @shrinker to those the balancer calls; Returns 0. */
int register_shrinker(struct shrinker *shrinker, const char *name);
void unregister_shrinker(struct shrinker *shrinker);

/**
 * balance_node() - bring node @nid's zones back above their high marks.
 * Drains the per-hart caches, then calls the shrinkers until every zone of
 * the node is above high or a round frees nothing.
 * Return: the pages the shrinkers reported freed.
 */
unsigned long balance_node(int nid, gfp_t gfp);

/* Queues balance_node(@nid) on the node's home hart unless already queued. */
void wakeup_balancer(int nid);

#endif
