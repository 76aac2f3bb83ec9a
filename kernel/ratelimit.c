// SPDX-License-Identifier: MIT
/*
 * DOC: ratelimit - Linux's message rate limit
 *
 * A window opens at the first message and lasts @interval; the first
 * @burst messages in it pass, the rest are counted. The first message
 * after the window has closed opens the next one and, if any were
 * refused, first says how many ("%s: %u callbacks suppressed"), so a log
 * never hides that something kept happening.
 */
#include "kernel/ratelimit.h"
#include "kernel/printk.h"
#include "kernel/time.h"

bool ___ratelimit(struct ratelimit_state *rs, const char *func)
{
	unsigned int missed = 0;
	unsigned long flags;
	u64 now;
	bool ok;

	if (!rs->interval)
		return true;
	now = ktime_get_ns();
	spin_lock_irqsave(&rs->lock, flags);
	if (!rs->begin || now - rs->begin > rs->interval) {
		missed = rs->missed;
		rs->begin = now ? now : 1;	/* 0 means "no window yet" */
		rs->printed = 0;
		rs->missed = 0;
	}
	ok = rs->printed < rs->burst;
	if (ok)
		rs->printed++;
	else
		rs->missed++;
	spin_unlock_irqrestore(&rs->lock, flags);
	/* Outside the lock: printk may be slow, and other harts ask too. */
	if (missed)
		pr_warn("%s: %u callbacks suppressed\n", func, missed);
	return ok;
}
