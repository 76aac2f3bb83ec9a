/* SPDX-License-Identifier: MIT */
/*
 * kernel/fault_inject.h - Linux's fault-injection framework: a struct
 * fault_attr says how often a call site should pretend to fail, and
 * should_fail() asks it. The page allocator (fail_page_alloc) and the
 * object caches (failslab) have one each; docs/reliability.md says how to
 * use them.
 *
 * A call that passes its site's own filters (GFP flags, order, cache) is
 * failed when, in this order, as Linux's should_fail_ex():
 *
 *   probability != 0          0 is "off": nothing else is looked at
 *   times != 0                failures left (-1: no limit); each failure
 *                             takes one
 *   space <= size             else the call passes and space -= size: the
 *                             first calls, worth @space units, never fail
 *   interval <= 1, or this is the interval-th call to get this far
 *   a random 0..99 < probability
 *
 * A failure is logged (verbose 1: Linux's two-line message; 2: and a
 * stack trace) at most 10 times in 5 s, unless the call site passed
 * FAULT_NOWARN (Linux: for __GFP_NOWARN requests).
 *
 * The settings are files, as Linux's debugfs ones
 * (/sys/kernel/debug/NAME/{probability,interval,times,space,verbose} plus
 * the site's own), and a boot parameter NAME=<interval>,<probability>,
 * <space>,<times> (setup_fault_attr()).
 */
#ifndef TERN_KERNEL_FAULT_INJECT_H
#define TERN_KERNEL_FAULT_INJECT_H

#include "kernel/ratelimit.h"
#include "kernel/types.h"

/* should_fail_ex() flag: fail without the log line. */
#define FAULT_NOWARN 0x1

enum fault_knob_type { FAULT_KNOB_BOOL, FAULT_KNOB_INT, FAULT_KNOB_ULONG };

struct fault_attr;

/**
 * struct fault_knob - one setting, as a file of the attr's directory.
 * @name: the file's name.
 * @type: what @value points to: bool, int or unsigned long.
 * @value: the setting, read by the call site with READ_ONCE().
 * @min: the smallest value a write may set (0 for a bool).
 * @max: the largest (1 for a bool, shown and written as Y or N).
 * @attr: whose setting it is; fault_create_debugfs_attr() sets it.
 */
struct fault_knob {
	const char *name;
	enum fault_knob_type type;
	void *value;
	long min, max;
	struct fault_attr *attr;
};

#define FAULT_KNOB_BOOL(n, ptr) \
	{ .name = (n), .type = FAULT_KNOB_BOOL, .value = (1 ? (ptr) : (bool *)0), \
	  .min = 0, .max = 1 }
#define FAULT_KNOB_ULONG(n, ptr, lo, hi) \
	{ .name = (n), .type = FAULT_KNOB_ULONG, \
	  .value = (1 ? (ptr) : (unsigned long *)0), .min = (lo), .max = (hi) }

/* probability, interval, times, space, verbose */
#define FAULT_ATTR_KNOBS 5

/**
 * struct fault_attr - when should_fail() fails, Linux's fields.
 * @name: the debugfs directory and boot parameter (and the log's "name").
 * @probability: percent of the calls that get this far, 0..100.
 * @interval: fail only every @interval-th call that got this far (0 and 1:
 *	every one).
 * @times: failures left; -1: no limit.
 * @space: units (the call site's size: pages, bytes) allowed through
 *	before any failure.
 * @verbose: 0 silent; 1 a message per failure; 2 and a stack trace.
 * @count: calls that reached the interval test (only with @interval > 1).
 * @ratelimit: of the messages.
 * @armed_changed: called, without locks and with interrupts on, after a
 *	write of the files (or fault_inject_pause()/resume()) turned
 *	@probability from 0 to non-0 or back: call sites with a fast path
 *	that skips should_fail() route it through should_fail() while the
 *	attr is armed (fault_attr_armed()). It must read the state anew:
 *	two writes may run it twice in any order.
 * @paused_probability: what fault_inject_pause() set to 0.
 * @next: in the list of attrs with files, for fault_inject_pause().
 * @knobs: the five files above; fault_create_debugfs_attr() fills them.
 */
struct fault_attr {
	const char *name;
	unsigned long probability;
	unsigned long interval;
	int times;
	int space;
	unsigned long verbose;
	unsigned long count;
	struct ratelimit_state ratelimit;
	void (*armed_changed)(void);
	unsigned long paused_probability;
	struct fault_attr *next;
	struct fault_knob knobs[FAULT_ATTR_KNOBS];
};

/* Linux's defaults: off, and once armed a single failure, loudly. */
#define FAULT_ATTR_INITIALIZER(dname, hook)                                   \
	{ .name = (dname), .interval = 1, .times = 1, .verbose = 2,           \
	  .ratelimit = RATELIMIT_STATE_INIT(DEFAULT_RATELIMIT_INTERVAL,       \
					    DEFAULT_RATELIMIT_BURST),        \
	  .armed_changed = (hook) }

/**
 * should_fail_ex() - should this call fail?
 * @attr: the call site's settings.
 * @size: what the call is worth against @attr->space (pages, bytes).
 * @flags: FAULT_NOWARN, or 0.
 *
 * Safe from any hart, interrupts on or off; a failure counts down
 * @attr->times exactly once, so -1 aside, at most @times calls fail.
 * Return: true if the caller must fail the call.
 */
bool should_fail_ex(struct fault_attr *attr, long size, int flags);

/**
 * fault_inject_hart_failures() - how many calls should_fail_ex() failed on
 * this hart, over every attr, since boot.
 *
 * A caller that compares it before and after a request knows whether the
 * request's failure was injected (a real shortage, with injection armed,
 * is not). Call with the hart fixed (tern never migrates kernel code).
 * Return: the count; it only grows.
 */
unsigned long fault_inject_hart_failures(void);

/* should_fail_ex() with a message for each failure (verbose allowing). */
static inline bool should_fail(struct fault_attr *attr, long size)
{
	return should_fail_ex(attr, size, 0);
}

/* Returns true if @attr may fail a call: its probability is not 0. */
static inline bool fault_attr_armed(const struct fault_attr *attr)
{
	return READ_ONCE(attr->probability) != 0;
}

/**
 * setup_fault_attr() - apply a boot parameter "<interval>,<probability>,
 * <space>,<times>" (Linux's format) to @attr.
 * @attr: the attr; @attr->name is the parameter's name, for the log.
 * @str: the value.
 *
 * All four numbers or none: on anything else (fewer fields, garbage,
 * probability above 100, times below -1, a negative space) it logs
 * "FAULT_INJECTION: failed to parse arguments" and what it expected, and
 * leaves @attr alone. Boot only: @attr->armed_changed is not called (the
 * call sites read fault_attr_armed() when they set up).
 * Return: 0, or -EINVAL.
 */
int setup_fault_attr(struct fault_attr *attr, const char *str);

/**
 * fault_create_debugfs_attr() - the files of @attr and of the call site.
 * @attr: the attr; its files go to /sys/kernel/debug/@attr->name/.
 * @extra: the call site's own settings (Linux's ignore-gfp-wait, ...),
 *	@nr_extra of them; they stay in use for as long as the files do.
 *
 * Each file reads as its value and line break ("Y"/"N" for a bool, as
 * debugfs) and takes a new one; a value outside the setting's range, or
 * not a number (Y/N/1/0/on/off for a bool), is refused with -EINVAL and a
 * log line, the setting unchanged. Also lists @attr for
 * fault_inject_pause(). Call once per attr, after boot.
 * Return: 0, or the first error of vfs_register().
 */
int fault_create_debugfs_attr(struct fault_attr *attr, struct fault_knob *extra,
			      unsigned int nr_extra);

/**
 * fault_inject_pause() - disarm every attr with files, for code that
 * needs every allocation to succeed (ktest's suites, but the ones that
 * expect failures: kernel/ktest.c).
 *
 * Each attr's probability is kept and set to 0, so its files say 0 while
 * paused; a write in the meantime takes effect (a suite may inject on
 * purpose) until fault_inject_resume() puts the kept value back. Pauses
 * nest; only the outermost saves and restores. From one hart at a time.
 */
void fault_inject_pause(void);
void fault_inject_resume(void);

#endif
