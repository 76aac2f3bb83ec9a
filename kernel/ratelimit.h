/* SPDX-License-Identifier: MIT */
/*
 * kernel/ratelimit.h - at most @burst messages in any @interval, Linux's
 * ratelimit_state: a report that may fire in a loop (an allocation
 * failure, an injected fault) says so at most this often, and the next
 * window's first message is preceded by how many were dropped:
 *
 *	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL,
 *				      DEFAULT_RATELIMIT_BURST);
 *	if (__ratelimit(&rs))
 *		pr_warn("...");
 *
 * prints "warn_alloc: 3 callbacks suppressed" (the function that asked)
 * when a window opens after dropped messages, as Linux does.
 */
#ifndef TERN_KERNEL_RATELIMIT_H
#define TERN_KERNEL_RATELIMIT_H

#include "kernel/spinlock.h"
#include "kernel/types.h"

/* Linux's defaults: 10 messages in any 5 s. */
#define DEFAULT_RATELIMIT_INTERVAL (5ULL * 1000000000ULL)	/* ns */
#define DEFAULT_RATELIMIT_BURST 10

struct ratelimit_state {
	spinlock_t lock;	/* guards the rest */
	u64 interval;		/* ns; 0: no limit */
	unsigned int burst;	/* messages per interval */
	u64 begin;		/* ktime_get_ns() of the window's start; 0: none yet */
	unsigned int printed;	/* in this window */
	unsigned int missed;	/* refused in this window */
};

#define RATELIMIT_STATE_INIT(interval_ns, burst_count) \
	{ .lock = SPINLOCK_INIT, .interval = (interval_ns), .burst = (burst_count) }
#define DEFINE_RATELIMIT_STATE(name, interval_ns, burst_count) \
	struct ratelimit_state name = RATELIMIT_STATE_INIT(interval_ns, burst_count)

/**
 * ___ratelimit() - may one more message go out now?
 * @rs: the limit.
 * @func: the caller's name, for the "callbacks suppressed" line.
 *
 * Safe from any hart, interrupts on or off.
 * Return: true if the caller should print (fewer than @rs->burst messages
 * in the current window), false if it should stay quiet.
 */
bool ___ratelimit(struct ratelimit_state *rs, const char *func);
#define __ratelimit(rs) ___ratelimit(rs, __func__)

#endif
