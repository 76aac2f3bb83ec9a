// SPDX-License-Identifier: MIT
/*
 * DOC: kmemleak suite - the leak detector on the real machine
 *
 * Each case plants blocks whose only pointer it keeps hidden (XORed with
 * a mask, which no scan takes for a pointer), made and wired together in
 * functions of their own so that no live frame holds them, scans through
 * the file as a user would (`echo scan`, twice: a block changed since the
 * last scan is not reported, as in Linux) and reads
 * /sys/kernel/debug/kmemleak.
 *
 * A scan is conservative: any word that happens to hold a block's address
 * keeps it, and after the other suites memory is full of stale pointers
 * to freed blocks, whose addresses the allocators hand out again. So a
 * case takes "fresh" blocks: one that the scan lists as soon as nothing
 * points to it. A block some stale word hides is kept aside (a spare,
 * freed at the end) and another taken, at another address.
 *
 * What the file listed before a case is left alone (no `clear`, which
 * would hide earlier suites' leaks from the matrix's final scan): after
 * each scan every entry is one of before's or one of the case's blocks.
 * Reports are made at once (kmemleak_min_age_ms 0 for the suite, its 5 s
 * default restored after; one case checks the default holds a new block
 * back). The release build has no kmemleak: every case skips.
 */
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/vfs.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/kmemleak.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include <asm/processor.h>

#define KMEMLEAK_FILE "/sys/kernel/debug/kmemleak"
#define HIDE 0xa5a5a5a5a5a5a5a5UL	/* a hidden pointer is no kernel address */
#define MAX_PLANTED 320
/*
 * Candidates per try: more small blocks than a hart's magazine holds
 * (31), which the allocator hands out again last freed first, and which
 * an earlier suite may have freed while keeping their pointers.
 */
#define SMALL_BATCH 40
#define LARGE_BATCH 4
#define FRESH_TRIES 4

enum kind { KIND_KMALLOC, KIND_LARGE, KIND_CACHE, KIND_VMALLOC, KIND_PAGES, KIND_EXACT };

/* The blocks a case planted, hidden; freed by finish(). */
static struct planted {
	unsigned long hidden;
	size_t size;		/* what kmemleak says it is */
	enum kind kind;
	bool spare;		/* hidden by a stale pointer: not used */
	bool freed;
} planted[MAX_PLANTED];
static unsigned int nr_planted;
static struct kmem_cache *test_cache;

static char text[60 * 1024];	/* the file, as cat would show it */
static char before_text[60 * 1024];

static void *unhide(unsigned long hidden)
{
	return (void *)(hidden ^ HIDE);
}

static void *block(int i)
{
	return unhide(planted[i].hidden);
}

/* Records @p; Returns its index, or -1 if @p is NULL or there is no room. */
static int record(void *p, size_t size, enum kind kind)
{
	if (!p || nr_planted == MAX_PLANTED)
		return -1;
	planted[nr_planted] = (struct planted){ (unsigned long)p ^ HIDE, size, kind, false, false };
	return (int)nr_planted++;
}

static void free_block(int i)
{
	void *p = block(i);

	if (planted[i].freed)
		return;
	planted[i].freed = true;
	switch (planted[i].kind) {
	case KIND_KMALLOC:
	case KIND_LARGE:
		kfree(p);
		break;
	case KIND_CACHE:
		kmem_cache_free(test_cache, p);
		break;
	case KIND_VMALLOC:
		vfree(p);
		break;
	case KIND_PAGES:
		free_pages((unsigned long)p, 1);
		break;
	case KIND_EXACT:
		free_pages_exact(p, planted[i].size);
		break;
	}
}

/* ------------------------------------------------- making blocks --- */

/* The only pointer is in this frame, gone when the case scans. */
static __attribute__((noinline)) int plant_kmalloc(void)
{
	char *p = kmalloc(192, GFP_KERNEL);

	if (p)
		memset(p, 'L', 192);
	return record(p, 192, KIND_KMALLOC);
}

static __attribute__((noinline)) int plant_other(enum kind kind)
{
	switch (kind) {
	case KIND_LARGE:
		return record(kmalloc(20000, GFP_KERNEL), 20000, kind);
	case KIND_CACHE:
		if (!test_cache)
			test_cache = kmem_cache_create("kmemleak_test", 72, 0, 0, NULL);
		return record(test_cache ? kmem_cache_zalloc(test_cache, GFP_KERNEL) : NULL, 72, kind);
	case KIND_VMALLOC:
		return record(vzalloc(3 * PAGE_SIZE), 3 * PAGE_SIZE, kind);
	case KIND_PAGES:
		return record((void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, 1), 2 * PAGE_SIZE,
			      kind);
	case KIND_EXACT:
		return record(alloc_pages_exact(5000, GFP_KERNEL | __GFP_ZERO), 5000, kind);
	default:
		return plant_kmalloc();
	}
}

/* On a hart, in its cross-hart call (interrupt context): SMALL_BATCH blocks. */
static void plant_here(void *first)
{
	*(int *)first = (int)nr_planted;
	for (unsigned int n = 0; n < SMALL_BATCH; n++) {
		void *p = kmalloc(64, GFP_ATOMIC);

		if (p)
			memset(p, 0, 64);
		if (record(p, 64, KIND_KMALLOC) < 0)
			*(int *)first = -1;
	}
}

/* Wires block @from's first word to block @to (or to nothing, @to < 0). */
static __attribute__((noinline)) void wire(int from, int to)
{
	*(void **)block(from) = to < 0 ? NULL : block(to);
}

/* ------------------------------------------------------ the file --- */

/*
 * Zeroes the dead stack below the caller. The frames the allocator used
 * for a planted block held its address; a later call's frame that leaves
 * a slot unwritten (a buffer not filled up) would show that stale copy to
 * the scan as a live pointer: a leak hidden, never a report made up.
 */
static __attribute__((noinline)) void forget_stack(void)
{
	volatile char dead[4096];

	for (unsigned int i = 0; i < sizeof(dead); i += 8)
		*(volatile unsigned long *)&dead[i] = 0;
}

static int command(const char *cmd)
{
	return vfs_write(KMEMLEAK_FILE, cmd, strlen(cmd));
}

/* Reads the file into @buf. */
static void read_file(struct ktest *t, char *buf, size_t size)
{
	struct seq_buf m;

	seq_buf_init(&m, buf, size);
	KTEST_EXPECT_EQ(t, vfs_read(KMEMLEAK_FILE, &m), 0);
}

/* Two scans (the second reports what the first saw unchanged), then the file. */
static void scan_twice(struct ktest *t)
{
	forget_stack();
	KTEST_EXPECT_EQ(t, command("scan"), 0);
	KTEST_EXPECT_EQ(t, command("scan"), 0);
	read_file(t, text, sizeof(text));
}

/*
 * Returns the entry of @p in @s (up to the next entry, copied to
 * @entry), or NULL if @p is not listed.
 */
static const char *entry_of(const char *s, const void *p, char *entry, size_t size)
{
	char head[64];
	const char *at, *next;
	size_t len;

	snprintf(head, sizeof(head), "unreferenced object 0x%08lx (", (unsigned long)p);
	at = strstr(s, head);
	if (!at)
		return NULL;
	next = strstr(at + 1, "unreferenced object ");
	len = next ? (size_t)(next - at) : strlen(at);
	len = min(len, size - 1);
	memcpy(entry, at, len);
	entry[len] = '\0';
	return entry;
}

/* Prints an entry as KTAP comments, a line at a time. */
static void print_entry(const char *entry)
{
	while (*entry) {
		const char *end = strchr(entry, '\n');
		int len = end ? (int)(end - entry) : (int)strlen(entry);

		printk("  # %.*s\n", len, entry);
		entry += len + (end ? 1 : 0);
	}
}

static bool listed(int i)
{
	static char entry[2048];

	return entry_of(text, block(i), entry, sizeof(entry)) != NULL;
}

/* Block @i is listed, with its size. */
static void expect_listed(struct ktest *t, int i, int line)
{
	static char entry[2048];
	char size[40];

	if (!entry_of(text, block(i), entry, sizeof(entry))) {
		ktest_fail(t, __FILE__, line, "%p (size %zu) is not listed", block(i),
			   planted[i].size);
		return;
	}
	snprintf(size, sizeof(size), "(size %zu):\n", planted[i].size);
	if (!strstr(entry, size))
		ktest_fail(t, __FILE__, line, "%p is not listed %s", block(i), size);
}

static void expect_not_listed(struct ktest *t, int i, int line)
{
	if (listed(i))
		ktest_fail(t, __FILE__, line, "%p (size %zu) is listed", block(i),
			   planted[i].size);
}

#define EXPECT_LISTED(t, i) expect_listed(t, i, __LINE__)
#define EXPECT_NOT_LISTED(t, i) expect_not_listed(t, i, __LINE__)

/* Every entry of the file is one of before's or one of the case's blocks. */
static void expect_nothing_else(struct ktest *t)
{
	static const char head[] = "unreferenced object 0x";
	static char entry[2048];

	for (const char *s = text; (s = strstr(s, head)) != NULL; s++) {
		unsigned long addr = 0;
		bool ours = false;

		for (const char *h = s + sizeof(head) - 1; ; h++) {
			int d = *h >= '0' && *h <= '9' ? *h - '0' :
				*h >= 'a' && *h <= 'f' ? *h - 'a' + 10 : -1;

			if (d < 0)
				break;
			addr = addr << 4 | (unsigned long)d;
		}
		for (unsigned int i = 0; i < nr_planted; i++)
			ours |= block((int)i) == (void *)addr;
		if (!ours && !entry_of(before_text, (void *)addr, entry, sizeof(entry))) {
			ktest_fail(t, __FILE__, __LINE__, "0x%lx is listed: not the case's", addr);
			if (entry_of(text, (void *)addr, entry, sizeof(entry)))
				print_entry(entry);
		}
	}
}

/*
 * Of the blocks planted from @first on, after a scan: the first one
 * listed is the case's; the other listed ones are freed again (their
 * addresses are clean, and so come back to the next try first), the
 * ones a stale word hides are kept aside as spares (so that they do not
 * come back). Returns the chosen index, or -1 if none was listed.
 */
static int choose(unsigned int first)
{
	int chosen = -1;

	for (unsigned int i = first; i < nr_planted; i++) {
		if (!listed((int)i))
			planted[i].spare = true;
		else if (chosen < 0)
			chosen = (int)i;
		else
			free_block((int)i);
	}
	return chosen;
}

/*
 * A block of @kind that a scan lists while nothing points to it.
 * Returns its index, or -1.
 */
static int fresh(struct ktest *t, enum kind kind)
{
	unsigned int batch = kind == KIND_KMALLOC ? SMALL_BATCH : LARGE_BATCH;

	for (int tries = 0; tries < FRESH_TRIES; tries++) {
		unsigned int first = nr_planted;
		int i;

		for (unsigned int n = 0; n < batch; n++) {
			if ((kind == KIND_KMALLOC ? plant_kmalloc() : plant_other(kind)) < 0) {
				ktest_fail(t, __FILE__, __LINE__,
					   "no memory for a block of kind %d", kind);
				return -1;
			}
		}
		scan_twice(t);
		i = choose(first);
		if (i >= 0) {
			read_file(t, text, sizeof(text));	/* without the freed ones */
			return i;
		}
	}
	ktest_fail(t, __FILE__, __LINE__, "every block of kind %d was hidden by a stale pointer",
		   kind);
	return -1;
}

static bool suite_skipped(struct ktest *t)
{
	if (!TERN_DEBUG) {
		ktest_skip(t, "kmemleak is in the debug build only");
		return true;
	}
	if (!kmemleak_tracking()) {
		ktest_skip(t, "kmemleak is off");
		return true;
	}
	return false;
}

static unsigned long saved_min_age;

/* The list before the case (its own blocks not planted yet). */
static void start(struct ktest *t)
{
	saved_min_age = kmemleak_min_age_ms;
	kmemleak_min_age_ms = 0;
	nr_planted = 0;
	scan_twice(t);
	memcpy(before_text, text, sizeof(text));
}

/* Frees the case's blocks: none is listed any more, nothing new is. */
static void finish(struct ktest *t)
{
	for (unsigned int i = 0; i < nr_planted; i++)
		free_block((int)i);
	scan_twice(t);
	for (unsigned int i = 0; i < nr_planted; i++)
		EXPECT_NOT_LISTED(t, (int)i);
	expect_nothing_else(t);
	nr_planted = 0;
	kmemleak_min_age_ms = saved_min_age;
}

/* ------------------------------------------------------------ cases --- */

/*
 * A block nothing points to is listed, once, with its size, Linux's hex
 * dump of its first 32 bytes and a backtrace naming its allocator's
 * caller; nothing else is listed.
 */
static void leak_is_listed(struct ktest *t)
{
	static char entry[2048];
	int i;

	if (suite_skipped(t))
		return;
	start(t);
	i = fresh(t, KIND_KMALLOC);
	if (i >= 0) {
		EXPECT_LISTED(t, i);
		expect_nothing_else(t);
		entry_of(text, block(i), entry, sizeof(entry));
		KTEST_EXPECT(t, strstr(entry, "  comm \"swapper/") != NULL);
		KTEST_EXPECT(t, strstr(entry, "  hex dump (first 32 bytes):\n    4c 4c 4c 4c 4c 4c 4c 4c 4c 4c 4c 4c 4c 4c 4c 4c  LLLLLLLLLLLLLLLL\n") != NULL);
		KTEST_EXPECT(t, strstr(entry, "  backtrace:\n    [<") != NULL);
		KTEST_EXPECT(t, strstr(entry, "] plant_kmalloc+0x") != NULL);
		if (!strstr(entry, "] plant_kmalloc+0x"))
			print_entry(entry);
		/* Another scan finds it again, but not as a new leak. */
		KTEST_EXPECT_EQ(t, kmemleak_scan(), 0);
	}
	finish(t);
}

/* Freed, a listed block leaves the list and tracking at once. */
static void freed_leak_is_gone(struct ktest *t)
{
	unsigned long tracked;
	int i;

	if (suite_skipped(t))
		return;
	start(t);
	i = fresh(t, KIND_KMALLOC);
	if (i >= 0) {
		tracked = kmemleak_tracked(NULL);
		free_block(i);
		KTEST_EXPECT_EQ(t, kmemleak_tracked(NULL), tracked - 1);
		read_file(t, text, sizeof(text));
		EXPECT_NOT_LISTED(t, i);
	}
	finish(t);
}

static void *volatile bss_ref;	/* volatile: every store is made */

/* A pointer in .bss keeps a block, into its middle too; cleared, it is a leak again. */
static void bss_reference_keeps_it(struct ktest *t)
{
	int i;

	if (suite_skipped(t))
		return;
	start(t);
	i = fresh(t, KIND_KMALLOC);
	if (i >= 0) {
		bss_ref = block(i);
		scan_twice(t);
		EXPECT_NOT_LISTED(t, i);
		bss_ref = (char *)block(i) + 77;
		scan_twice(t);
		EXPECT_NOT_LISTED(t, i);
		bss_ref = NULL;
		scan_twice(t);
		EXPECT_LISTED(t, i);
	}
	finish(t);
}

static void *volatile chain_head;

/*
 * a (pointed to from .bss) -> b -> c: referenced through referenced
 * blocks, none is a leak. Cut a loose and all three are: b and c are
 * reached only through a, which no scan reads any more.
 */
static void chain_of_references(struct ktest *t)
{
	int a, b, c;

	if (suite_skipped(t))
		return;
	start(t);
	a = fresh(t, KIND_KMALLOC);
	b = fresh(t, KIND_KMALLOC);
	c = fresh(t, KIND_KMALLOC);
	if (a >= 0 && b >= 0 && c >= 0) {
		wire(a, b);
		wire(b, c);
		chain_head = block(a);
		scan_twice(t);
		EXPECT_NOT_LISTED(t, a);
		EXPECT_NOT_LISTED(t, b);
		EXPECT_NOT_LISTED(t, c);
		chain_head = NULL;
		scan_twice(t);
		EXPECT_LISTED(t, a);
		EXPECT_LISTED(t, b);
		EXPECT_LISTED(t, c);
		expect_nothing_else(t);
	}
	finish(t);
}

/* A live local of a frame above the scan keeps a block. */
static void stack_reference_keeps_it(struct ktest *t)
{
	void *volatile local;
	int i;

	if (suite_skipped(t))
		return;
	start(t);
	i = fresh(t, KIND_KMALLOC);
	if (i >= 0) {
		local = block(i);
		scan_twice(t);
		EXPECT_NOT_LISTED(t, i);
		KTEST_EXPECT(t, local == block(i));	/* live until here */
		local = NULL;
	}
	finish(t);
}

static __attribute__((noinline)) void not_leak_and_ignore_blocks(int quiet, int ignored)
{
	kmemleak_not_leak(block(quiet));
	kmemleak_ignore(block(ignored));
}

/*
 * kmemleak_not_leak(): never listed; kmemleak_ignore(): not listed and
 * not scanned, so a block only it points to is.
 */
static void not_leak_and_ignore(struct ktest *t)
{
	int quiet, ignored, behind;

	if (suite_skipped(t))
		return;
	start(t);
	quiet = fresh(t, KIND_KMALLOC);
	ignored = fresh(t, KIND_KMALLOC);
	behind = fresh(t, KIND_KMALLOC);
	if (quiet >= 0 && ignored >= 0 && behind >= 0) {
		wire(ignored, behind);
		not_leak_and_ignore_blocks(quiet, ignored);
		scan_twice(t);
		EXPECT_NOT_LISTED(t, quiet);
		EXPECT_NOT_LISTED(t, ignored);
		EXPECT_LISTED(t, behind);
		expect_nothing_else(t);
	}
	finish(t);
}

/*
 * Linux's rule: a block younger than the minimum age (5 s by default) is
 * neither reported by a scan nor listed; with 0 it is, at once.
 */
static void young_blocks_wait(struct ktest *t)
{
	int i = -1;

	if (suite_skipped(t))
		return;
	start(t);
	for (int tries = 0; tries < FRESH_TRIES && i < 0; tries++) {
		unsigned int first = nr_planted;

		kmemleak_min_age_ms = KMEMLEAK_MSECS_MIN_AGE;
		for (unsigned int n = 0; n < SMALL_BATCH; n++)
			if (plant_kmalloc() < 0)
				break;
		scan_twice(t);
		for (unsigned int j = first; j < nr_planted; j++)
			EXPECT_NOT_LISTED(t, (int)j);
		kmemleak_min_age_ms = 0;
		read_file(t, text, sizeof(text));
		for (unsigned int j = first; j < nr_planted; j++)
			EXPECT_NOT_LISTED(t, (int)j);	/* no scan reported them */
		scan_twice(t);
		i = choose(first);
	}
	KTEST_EXPECT(t, i >= 0);
	if (i >= 0) {
		kmemleak_min_age_ms = KMEMLEAK_MSECS_MIN_AGE;
		read_file(t, text, sizeof(text));
		EXPECT_NOT_LISTED(t, i);	/* too young to be listed */
		kmemleak_min_age_ms = 0;
	}
	finish(t);
}

/* vmalloc, the pages by address, large kmalloc, a cache: each tracked, with its size. */
static void every_allocator_tracked(struct ktest *t)
{
	static const enum kind kinds[] = { KIND_VMALLOC, KIND_PAGES, KIND_EXACT, KIND_LARGE,
					   KIND_CACHE };
	int got[ARRAY_SIZE(kinds)];

	if (suite_skipped(t))
		return;
	start(t);
	for (unsigned int k = 0; k < ARRAY_SIZE(kinds); k++)
		got[k] = fresh(t, kinds[k]);
	scan_twice(t);
	for (unsigned int k = 0; k < ARRAY_SIZE(kinds); k++)
		if (got[k] >= 0)
			EXPECT_LISTED(t, got[k]);
	expect_nothing_else(t);
	finish(t);
}

/* The file's answers to what it does not take. */
static void commands_refused(struct ktest *t)
{
	if (suite_skipped(t))
		return;
	KTEST_EXPECT_EQ(t, command("scan=on"), -EINVAL);
	KTEST_EXPECT_EQ(t, command("bogus"), -EINVAL);
	KTEST_EXPECT_EQ(t, command("dump=zz"), -EINVAL);
	KTEST_EXPECT_EQ(t, command("dump=0x10"), 0);	/* "Unknown object" in the log */
	KTEST_EXPECT_EQ(t, command("stack=off"), 0);
	KTEST_EXPECT_EQ(t, command("stack=on"), 0);
}

/* ------------------------------------------------------------- SMP --- */

static struct {
	int churn_done;
	int churn_failed;
} smp;

/* Another hart's allocations and frees while the caller scans. */
static void churn(void *unused)
{
	void *held[16] = { NULL };

	for (unsigned int round = 0; round < 400; round++) {
		unsigned int i = round % 16;

		kfree(held[i]);
		held[i] = kmalloc(16 << (round % 8), GFP_ATOMIC);
		if (!held[i])
			__atomic_fetch_add(&smp.churn_failed, 1, __ATOMIC_RELAXED);
		if (round % 32 == 0)
			free_page(__get_free_page(GFP_ATOMIC));
	}
	for (unsigned int i = 0; i < 16; i++)
		kfree(held[i]);
	__atomic_fetch_add(&smp.churn_done, 1, __ATOMIC_RELEASE);
}

/*
 * Every hart allocates in interrupt context, each block tracked with its
 * hart ("swapper/N"); then scans run while the other harts allocate and
 * free, and none of that churn is listed or left tracked.
 */
static void every_hart_and_churn(struct ktest *t)
{
	static char entry[2048];
	unsigned int cpu, others = 0;
	unsigned long tracked;

	if (suite_skipped(t))
		return;
	start(t);
	for_each_online_cpu(cpu) {
		char comm[32];
		int i = -1;

		for (int tries = 0; tries < FRESH_TRIES; tries++) {
			int first = -1;

			smp_call_function_single(cpu, plant_here, &first, true);
			if (first < 0)
				break;
			scan_twice(t);
			i = choose((unsigned int)first);
			if (i >= 0)
				break;
		}
		read_file(t, text, sizeof(text));
		if (i < 0) {
			ktest_fail(t, __FILE__, __LINE__, "no block listed from cpu%u", cpu);
			continue;
		}
		snprintf(comm, sizeof(comm), "  comm \"swapper/%u\", pid 0, jiffies ", cpu);
		entry_of(text, block(i), entry, sizeof(entry));
		KTEST_EXPECT(t, strstr(entry, comm) != NULL);
	}
	expect_nothing_else(t);

	memset(&smp, 0, sizeof(smp));
	tracked = kmemleak_tracked(NULL);
	for_each_online_cpu(cpu) {
		if (cpu == smp_processor_id())
			continue;
		others++;
		smp_call_function_single(cpu, churn, NULL, false);
	}
	for (int i = 0; i < 3; i++)
		KTEST_EXPECT(t, kmemleak_scan() >= 0);
	while (__atomic_load_n(&smp.churn_done, __ATOMIC_ACQUIRE) < (int)others)
		cpu_relax();
	KTEST_EXPECT_EQ(t, smp.churn_failed, 0);
	KTEST_EXPECT_EQ(t, kmemleak_tracked(NULL), tracked);
	finish(t);
}

static const struct ktest_case kmemleak_cases[] = {
	KTEST_CASE(leak_is_listed),
	KTEST_CASE(freed_leak_is_gone),
	KTEST_CASE(bss_reference_keeps_it),
	KTEST_CASE(chain_of_references),
	KTEST_CASE(stack_reference_keeps_it),
	KTEST_CASE(not_leak_and_ignore),
	KTEST_CASE(young_blocks_wait),
	KTEST_CASE(every_allocator_tracked),
	KTEST_CASE(commands_refused),
	KTEST_CASE(every_hart_and_churn),
};

KTEST_SUITE(kmemleak_ktest_suite, "kmemleak", kmemleak_cases);
