// SPDX-License-Identifier: MIT
/*
 * DOC: fault injection - should_fail() and the settings' files
 *
 * Linux's lib/fault-inject.c without the task filter, the stack filter
 * and fail_nth (tern has no tasks): kernel/fault_inject.h lists the rules.
 * Where Linux lets harts race (times and space are read, then changed),
 * the changes here are compare-and-swap loops, so times counts failures
 * exactly and space is never spent twice: the tests can count on them.
 *
 * The random number behind @probability comes from one shared splitmix64
 * sequence (kernel/random.h) stepped atomically: one atomic add per call
 * that gets that far, which only armed attrs ever do.
 */
/* Linux's messages ("FAULT_INJECTION: ...") carry no prefix of their own. */
#define pr_fmt(fmt) fmt

#include "kernel/fault_inject.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/random.h"
#include "kernel/spinlock.h"
#include "kernel/stacktrace.h"
#include "kernel/vfs.h"
#include "lib/printf.h"
#include "lib/string.h"

#define DEBUGFS_DIR "/sys/kernel/debug"

/* The five files of every attr: where each lives and what it takes. */
static const struct knob_spec {
	const char *name;
	enum fault_knob_type type;
	size_t offset;
	long min, max;
} attr_knobs[FAULT_ATTR_KNOBS] = {
	{ "probability", FAULT_KNOB_ULONG, offsetof(struct fault_attr, probability), 0, 100 },
	{ "interval", FAULT_KNOB_ULONG, offsetof(struct fault_attr, interval), 0, __LONG_MAX__ },
	{ "times", FAULT_KNOB_INT, offsetof(struct fault_attr, times), -1, __INT_MAX__ },
	{ "space", FAULT_KNOB_INT, offsetof(struct fault_attr, space), 0, __INT_MAX__ },
	{ "verbose", FAULT_KNOB_ULONG, offsetof(struct fault_attr, verbose), 0, 2 },
};
enum { KNOB_PROBABILITY, KNOB_INTERVAL, KNOB_TIMES, KNOB_SPACE, KNOB_VERBOSE };

static u64 random_state = 0xfa17fa17fa17fa17ULL;

/* Returns a pseudo-random number in [0, @n). */
static unsigned long random_below(unsigned long n)
{
	return splitmix64_mix(__atomic_add_fetch(&random_state, SPLITMIX64_GAMMA,
						 __ATOMIC_RELAXED)) % n;
}

/* ----------------------------------------------------- should_fail --- */

/* Returns true (the call passes) if @attr's space is worth more than @size, which it spends. */
static bool spend_space(struct fault_attr *attr, long size)
{
	int space = __atomic_load_n(&attr->space, __ATOMIC_RELAXED);

	while (space > size)
		if (__atomic_compare_exchange_n(&attr->space, &space, (int)(space - size),
						true, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
			return true;
	return false;
}

/*
 * Returns true if @attr has a failure left (times -1: always), and takes
 * it; *@times is what times was before.
 */
static bool take_failure(struct fault_attr *attr, int *times)
{
	*times = __atomic_load_n(&attr->times, __ATOMIC_RELAXED);
	do {
		if (*times == 0)
			return false;
		if (*times < 0)
			return true;
	} while (!__atomic_compare_exchange_n(&attr->times, times, *times - 1, true,
					      __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	return true;
}

/*
 * Linux's message for an injected failure, with the times of before it
 * (Linux prints before it counts down).
 */
static void fail_dump(struct fault_attr *attr, int times)
{
	unsigned long verbose = READ_ONCE(attr->verbose);

	if (!verbose || !__ratelimit(&attr->ratelimit))
		return;
	pr_notice("FAULT_INJECTION: forcing a failure.\n"
		  "name %s, interval %lu, probability %lu, space %d, times %d\n",
		  attr->name, READ_ONCE(attr->interval), READ_ONCE(attr->probability),
		  READ_ONCE(attr->space), times);
	if (verbose > 1)
		dump_stack();
}

/*
 * Failures injected on each hart, for callers that must tell an injected
 * failure from a real shortage (fault_inject_hart_failures()). Only the
 * hart itself writes its slot.
 */
static unsigned long hart_failures[NR_CPUS];

/* Counts a failure for this hart; a host test without harts has none to count it for. */
static void count_hart_failure(void)
{
	struct hart *self = this_hart();

	if (self)
		WRITE_ONCE(hart_failures[self->cpu], hart_failures[self->cpu] + 1);
}

unsigned long fault_inject_hart_failures(void)
{
	return READ_ONCE(hart_failures[smp_processor_id()]);
}

bool should_fail_ex(struct fault_attr *attr, long size, int flags)
{
	unsigned long interval;
	int times;

	if (!READ_ONCE(attr->probability) || !READ_ONCE(attr->times))
		return false;
	if (spend_space(attr, size))
		return false;
	interval = READ_ONCE(attr->interval);
	if (interval > 1 &&
	    __atomic_add_fetch(&attr->count, 1, __ATOMIC_RELAXED) % interval)
		return false;
	if (READ_ONCE(attr->probability) <= random_below(100))
		return false;
	if (!take_failure(attr, &times))
		return false;
	count_hart_failure();
	if (!(flags & FAULT_NOWARN))
		fail_dump(attr, times);
	return true;
}

/* ------------------------------------------------------- settings --- */

static long knob_get(const struct fault_knob *knob)
{
	switch (knob->type) {
	case FAULT_KNOB_BOOL:
		return READ_ONCE(*(bool *)knob->value);
	case FAULT_KNOB_INT:
		return READ_ONCE(*(int *)knob->value);
	default:
		return (long)READ_ONCE(*(unsigned long *)knob->value);
	}
}

/* Sets @knob to @value (in its range) and tells the attr if that armed or disarmed it. */
static void knob_set(struct fault_knob *knob, long value)
{
	bool was_armed = fault_attr_armed(knob->attr);

	switch (knob->type) {
	case FAULT_KNOB_BOOL:
		WRITE_ONCE(*(bool *)knob->value, value != 0);
		break;
	case FAULT_KNOB_INT:
		__atomic_store_n((int *)knob->value, (int)value, __ATOMIC_RELAXED);
		break;
	default:
		WRITE_ONCE(*(unsigned long *)knob->value, (unsigned long)value);
	}
	if (fault_attr_armed(knob->attr) != was_armed && knob->attr->armed_changed)
		knob->attr->armed_changed();
}

static int knob_show(struct seq_buf *m, void *data)
{
	const struct fault_knob *knob = data;

	if (knob->type == FAULT_KNOB_BOOL)
		seq_puts(m, knob_get(knob) ? "Y\n" : "N\n");
	else
		seq_printf(m, "%ld\n", knob_get(knob));
	return 0;
}

static int knob_store(const char *buf, size_t len, void *data)
{
	struct fault_knob *knob = data;
	bool flag = false;
	long value;
	int err;

	if (knob->type == FAULT_KNOB_BOOL) {
		err = parse_bool(buf, &flag);
		value = flag;
	} else {
		err = parse_long(buf, 0, &value);
	}
	if (err || value < knob->min || value > knob->max) {
		if (knob->type == FAULT_KNOB_BOOL)
			pr_warn(DEBUGFS_DIR "/%s/%s: '%s' refused: expected Y or N\n",
				knob->attr->name, knob->name, buf);
		else
			pr_warn(DEBUGFS_DIR "/%s/%s: '%s' refused: expected a number in %ld..%ld\n",
				knob->attr->name, knob->name, buf, knob->min, knob->max);
		return -EINVAL;
	}
	knob_set(knob, value);
	return 0;
}

static const struct vfs_file_ops knob_ops = { .show = knob_show, .store = knob_store };

/* The attrs with files, for fault_inject_pause(); appended at boot only. */
static struct fault_attr *attrs_with_files;
static DEFINE_SPINLOCK(attrs_lock);
static unsigned int pause_depth;

/* Registers @knob of @attr as /sys/kernel/debug/NAME/KNOB; Returns 0 or -errno. */
static int register_knob(struct fault_attr *attr, struct fault_knob *knob)
{
	char path[VFS_PATH_MAX];

	knob->attr = attr;
	snprintf(path, sizeof(path), DEBUGFS_DIR "/%s/%s", attr->name, knob->name);
	return vfs_register(path, &knob_ops, knob);
}

int fault_create_debugfs_attr(struct fault_attr *attr, struct fault_knob *extra,
			      unsigned int nr_extra)
{
	unsigned long flags;
	int err = 0;

	for (unsigned int i = 0; i < FAULT_ATTR_KNOBS; i++) {
		const struct knob_spec *spec = &attr_knobs[i];

		attr->knobs[i] = (struct fault_knob){
			.name = spec->name, .type = spec->type,
			.value = (char *)attr + spec->offset,
			.min = spec->min, .max = spec->max,
		};
		err = register_knob(attr, &attr->knobs[i]) ?: err;
	}
	for (unsigned int i = 0; i < nr_extra; i++)
		err = register_knob(attr, &extra[i]) ?: err;
	spin_lock_irqsave(&attrs_lock, flags);
	attr->next = attrs_with_files;
	attrs_with_files = attr;
	spin_unlock_irqrestore(&attrs_lock, flags);
	return err;
}

void fault_inject_pause(void)
{
	if (pause_depth++)
		return;
	for (struct fault_attr *attr = attrs_with_files; attr; attr = attr->next) {
		attr->paused_probability = READ_ONCE(attr->probability);
		knob_set(&attr->knobs[KNOB_PROBABILITY], 0);
	}
}

void fault_inject_resume(void)
{
	if (!pause_depth || --pause_depth)
		return;
	for (struct fault_attr *attr = attrs_with_files; attr; attr = attr->next)
		knob_set(&attr->knobs[KNOB_PROBABILITY], (long)attr->paused_probability);
}

/* ----------------------------------------------------- boot option --- */

/* Returns true if @value is in the range of attr_knobs[@knob]. */
static bool in_range(unsigned int knob, long value)
{
	return value >= attr_knobs[knob].min && value <= attr_knobs[knob].max;
}

int setup_fault_attr(struct fault_attr *attr, const char *str)
{
	/* The boot option's order; attr_knobs[] is the files' order. */
	static const unsigned int order[4] = { KNOB_INTERVAL, KNOB_PROBABILITY,
					       KNOB_SPACE, KNOB_TIMES };
	char copy[96], *field = copy;
	long value[4];

	if (!str || strscpy(copy, str, sizeof(copy)) < 0)
		goto bad;
	for (unsigned int i = 0; i < 4; i++) {
		char *comma = strchr(field, ',');

		if ((comma != NULL) != (i < 3))
			goto bad;
		if (comma)
			*comma = '\0';
		if (parse_long(field, 0, &value[i]) || !in_range(order[i], value[i]))
			goto bad;
		if (comma)
			field = comma + 1;
	}
	attr->interval = (unsigned long)value[0];
	attr->probability = (unsigned long)value[1];
	attr->space = (int)value[2];
	attr->times = (int)value[3];
	return 0;
bad:
	pr_warn("FAULT_INJECTION: failed to parse arguments\n");
	pr_err("cmdline: %s=%s: expected <interval>,<probability 0..100>,<space 0..>,<times -1..>; ignored\n",
	       attr->name, str ? str : "");
	return -EINVAL;
}
