// SPDX-License-Identifier: MIT
/*
 * Host tests of fault injection: should_fail()'s arithmetic (times,
 * interval, probability, space and how they combine), its messages, the
 * boot option, the settings' files, and the two instances in the
 * unmodified allocators booted on pthread harts (fail_page_alloc on both
 * of the page allocator's paths, failslab with its cache filter, and what
 * vmalloc and mempool see of them).
 */
#include <stdlib.h>
#include <string.h>

#include "tests/host/mm_host.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/fault_inject.h"
#include "kernel/smp.h"
#include "kernel/vfs.h"
#include "mm/mempool.h"
#include "mm/pgtable.h"
#include "mm/vmalloc.h"

static int hook_calls;

static void count_hook(void)
{
	hook_calls++;
}

/* A fresh attr named @name with Linux's defaults and the counting hook. */
static struct fault_attr fresh_attr(const char *name)
{
	return (struct fault_attr)FAULT_ATTR_INITIALIZER(name, count_hook);
}

/* Returns how many of @n calls of size @size failed; failed[i] says which. */
static int run_calls(struct fault_attr *attr, int n, long size, bool *failed)
{
	int failures = 0;

	for (int i = 0; i < n; i++) {
		bool f = should_fail_ex(attr, size, FAULT_NOWARN);

		if (failed)
			failed[i] = f;
		failures += f;
	}
	return failures;
}

static void off_never_fails(void)
{
	struct fault_attr attr = fresh_attr("off");

	attr.times = -1;
	CHECK_EQ(run_calls(&attr, 1000, 1, NULL), 0);
	attr.probability = 100;
	attr.times = 0;	/* armed, but no failure left */
	CHECK_EQ(run_calls(&attr, 1000, 1, NULL), 0);
	CHECK(!log_contains("FAULT_INJECTION"));
}

static void times_counts_failures(void)
{
	struct fault_attr attr = fresh_attr("times");

	attr.probability = 100;
	CHECK_EQ(run_calls(&attr, 10, 1, NULL), 1);	/* Linux's default times = 1 */
	CHECK_EQ(attr.times, 0);
	attr.times = 3;
	CHECK_EQ(run_calls(&attr, 10, 1, NULL), 3);
	CHECK_EQ(attr.times, 0);
	attr.times = -1;
	CHECK_EQ(run_calls(&attr, 10, 1, NULL), 10);
	CHECK_EQ(attr.times, -1);
}

static void interval_fails_every_nth(void)
{
	struct fault_attr attr = fresh_attr("interval");
	bool failed[20];

	attr.probability = 100;
	attr.times = -1;
	attr.interval = 4;
	CHECK_EQ(run_calls(&attr, 20, 1, failed), 5);
	for (int i = 0; i < 20; i++)
		CHECK_EQ(failed[i], (i + 1) % 4 == 0);
	attr.interval = 0;	/* 0 and 1: every call */
	CHECK_EQ(run_calls(&attr, 20, 1, NULL), 20);
}

static void probability_is_a_percentage(void)
{
	struct fault_attr attr = fresh_attr("probability");
	int failures;

	attr.times = -1;
	attr.probability = 100;
	CHECK_EQ(run_calls(&attr, 1000, 1, NULL), 1000);
	attr.probability = 30;
	failures = run_calls(&attr, 20000, 1, NULL);
	printf("# probability 30: %d of 20000 failed\n", failures);
	CHECK(failures > 5400 && failures < 6600);
	attr.probability = 1;
	failures = run_calls(&attr, 20000, 1, NULL);
	printf("# probability 1: %d of 20000 failed\n", failures);
	CHECK(failures > 100 && failures < 320);
}

/* Interval first, then probability on the calls the interval lets through. */
static void interval_and_probability_combine(void)
{
	struct fault_attr attr = fresh_attr("both");
	static bool failed[20000];
	int failures, odd = 0;

	attr.times = -1;
	attr.interval = 2;
	attr.probability = 50;
	failures = run_calls(&attr, 20000, 1, failed);
	for (int i = 0; i < 20000; i += 2)
		odd += failed[i];	/* calls 1, 3, 5, ...: never eligible */
	printf("# interval 2, probability 50: %d of 20000 failed\n", failures);
	CHECK_EQ(odd, 0);
	CHECK(failures > 4500 && failures < 5500);
	CHECK_EQ(attr.count, 20000);
}

/* Space lets calls through while it is worth more than their size, as Linux. */
static void space_is_spent_by_size(void)
{
	struct fault_attr attr = fresh_attr("space");
	bool failed[4];

	attr.probability = 100;
	attr.times = -1;
	attr.space = 10;
	CHECK_EQ(run_calls(&attr, 4, 4, failed), 2);	/* 10 -> 6 -> 2, then 2 <= 4 */
	CHECK(!failed[0] && !failed[1] && failed[2] && failed[3]);
	CHECK_EQ(attr.space, 2);
	CHECK_EQ(run_calls(&attr, 2, 1, failed), 1);	/* 2 -> 1, then 1 <= 1 */
	CHECK(!failed[0] && failed[1]);
	CHECK_EQ(attr.space, 1);

	/* Calls that space let through are not counted for the interval. */
	attr = fresh_attr("space-interval");
	attr.probability = 100;
	attr.times = -1;
	attr.space = 8;
	attr.interval = 2;
	CHECK_EQ(run_calls(&attr, 3, 4, failed), 1);
	CHECK(!failed[0] && !failed[1] && failed[2]);
	CHECK_EQ(attr.count, 2);

	/* times 0 stops before space is spent. */
	attr = fresh_attr("space-times");
	attr.probability = 100;
	attr.times = 0;
	attr.space = 8;
	CHECK_EQ(run_calls(&attr, 3, 1, NULL), 0);
	CHECK_EQ(attr.space, 8);
}

/* Every hart at once: times and space are spent exactly, whatever the race. */
static struct fault_attr shared_attr;
static int shared_failures[4];

static void hammer_shared_attr(void *unused)
{
	shared_failures[smp_processor_id()] = run_calls(&shared_attr, 20000, 1, NULL);
}

static void harts_share_an_attr(void)
{
	static const int nodes[4] = { 0, 0, 0, 0 };
	int total = 0;

	CHECK_EQ(host_smp_init(4, nodes), 0);
	shared_attr = fresh_attr("shared");
	shared_attr.probability = 50;
	shared_attr.times = 1000;
	on_each_cpu(hammer_shared_attr, NULL, true);
	for (int cpu = 0; cpu < 4; cpu++)
		total += shared_failures[cpu];
	CHECK_EQ(total, 1000);
	CHECK_EQ(shared_attr.times, 0);

	shared_attr = fresh_attr("shared-space");
	shared_attr.probability = 100;
	shared_attr.times = -1;
	shared_attr.space = 1000;
	shared_attr.interval = 3;
	on_each_cpu(hammer_shared_attr, NULL, true);
	total = 0;
	for (int cpu = 0; cpu < 4; cpu++)
		total += shared_failures[cpu];
	/* 999 calls spent the space (1000 -> 1); every third of the rest failed. */
	CHECK_EQ(shared_attr.space, 1);
	CHECK_EQ(shared_attr.count, 4 * 20000 - 999);
	CHECK_EQ(total, (4 * 20000 - 999) / 3);
	host_smp_stop();
}

/* Returns how often @needle occurs in the log. */
static int log_count(const char *needle)
{
	static char buf[LOG_BUF_SIZE];
	int n = 0;

	log_buf_read(buf, sizeof(buf));
	for (const char *p = buf; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void verbose_messages_rate_limited(void)
{
	struct fault_attr attr = fresh_attr("loud");

	attr.probability = 100;
	attr.times = 5;
	attr.verbose = 0;
	CHECK(should_fail(&attr, 1));
	CHECK_EQ(log_count("FAULT_INJECTION"), 0);
	attr.verbose = 1;
	CHECK(should_fail_ex(&attr, 1, FAULT_NOWARN));
	CHECK_EQ(log_count("FAULT_INJECTION"), 0);
	CHECK(should_fail(&attr, 1));
	CHECK(log_contains("FAULT_INJECTION: forcing a failure.\n"
			   "name loud, interval 1, probability 100, space 0, times 3\n"));
	CHECK(!log_contains("Call Trace:"));
	attr.verbose = 2;	/* and the stack */
	CHECK(should_fail(&attr, 1));
	CHECK(log_contains("Call Trace:\n"));
	CHECK_EQ(log_count("Call Trace:"), 1);
	attr.times = -1;
	for (int i = 0; i < 30; i++)
		CHECK(should_fail(&attr, 1));
	/* Linux's default limit: 10 messages in 5 s, this window's first included. */
	CHECK_EQ(log_count("FAULT_INJECTION: forcing a failure."), 10);
	CHECK_EQ(log_count("Call Trace:"), 9);
}

static struct fault_attr boot_attr = FAULT_ATTR_INITIALIZER("fail_test", NULL);

static int set_boot_attr(const char *val, void *arg)
{
	return setup_fault_attr(&boot_attr, val);
}

static void boot_option_all_or_nothing(void)
{
	static const char *const garbage[] = {
		"x", "1,2,3", "1,2,3,4,5", "1,101,0,-1", "1,5,-1,-1", "1,5,0,-2",
		"", "1,,0,-1", "1,5,0,-1x", "-1,5,0,-1",
	};
	static const struct kernel_param params[] = {
		PARAM_CUSTOM("fail_test", set_boot_attr, NULL),
	};
	struct fault_attr attr = fresh_attr("boot");

	CHECK_EQ(setup_fault_attr(&attr, "10,50,4096,-1"), 0);
	CHECK_EQ(attr.interval, 10);
	CHECK_EQ(attr.probability, 50);
	CHECK_EQ(attr.space, 4096);
	CHECK_EQ(attr.times, -1);
	CHECK_EQ(hook_calls, 0);	/* boot only: the call sites read it when they start */
	for (unsigned int i = 0; i < ARRAY_SIZE(garbage); i++) {
		log_buf_clear();
		CHECK_EQ(setup_fault_attr(&attr, garbage[i]), -EINVAL);
		CHECK(log_contains("FAULT_INJECTION: failed to parse arguments"));
		CHECK(log_contains("cmdline: boot="));
	}
	CHECK_EQ(setup_fault_attr(&attr, NULL), -EINVAL);
	CHECK(attr.interval == 10 && attr.probability == 50 && attr.space == 4096 &&
	      attr.times == -1);

	/* Through the command line: garbage reported and ignored, the last good one taken. */
	log_buf_clear();
	CHECK_EQ(cmdline_parse("fail_test=1,5,0,-1 fail_test=x", params, 1), 1);
	CHECK(log_contains("cmdline: fail_test=x: expected <interval>,<probability 0..100>"));
	CHECK(boot_attr.interval == 1 && boot_attr.probability == 5 &&
	      boot_attr.space == 0 && boot_attr.times == -1);
}

/* Reads @path into a static buffer; Returns it, or "" on error. */
static const char *read_file(const char *path)
{
	static char text[256];
	struct seq_buf m;

	seq_buf_init(&m, text, sizeof(text));
	return vfs_read(path, &m) ? "" : text;
}

static int write_file(const char *path, const char *value)
{
	return vfs_write(path, value, strlen(value));
}

static bool test_flag = true;
static unsigned long test_order = 1;
static struct fault_knob test_knobs[] = {
	FAULT_KNOB_BOOL("ignore-test", &test_flag),
	FAULT_KNOB_ULONG("min-test", &test_order, 0, 10),
};
static struct fault_attr file_attr = FAULT_ATTR_INITIALIZER("filed", count_hook);

#define D "/sys/kernel/debug/filed/"

static void files_read_write_refuse(void)
{
	static const char *const names[] = {
		"probability", "interval", "times", "space", "verbose", "ignore-test", "min-test",
	};
	static const struct { const char *file, *value; } refused[] = {
		{ "probability", "101" }, { "probability", "-1" }, { "probability", "x" },
		{ "interval", "-1" }, { "times", "-2" }, { "space", "-1" },
		{ "verbose", "3" }, { "ignore-test", "maybe" }, { "min-test", "11" },
		{ "probability", "" },
	};
	char path[VFS_PATH_MAX];

	hook_calls = 0;
	CHECK_EQ(fault_create_debugfs_attr(&file_attr, test_knobs, ARRAY_SIZE(test_knobs)), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), D "%s", names[i]);
		CHECK_EQ(vfs_lookup(path), VFS_FILE);
	}
	CHECK(!strcmp(read_file(D "probability"), "0\n"));
	CHECK(!strcmp(read_file(D "interval"), "1\n"));
	CHECK(!strcmp(read_file(D "times"), "1\n"));
	CHECK(!strcmp(read_file(D "verbose"), "2\n"));
	CHECK(!strcmp(read_file(D "ignore-test"), "Y\n"));
	CHECK(!strcmp(read_file(D "min-test"), "1\n"));

	CHECK_EQ(write_file(D "probability", "10"), 0);
	CHECK_EQ(file_attr.probability, 10);
	CHECK_EQ(hook_calls, 1);	/* armed */
	CHECK_EQ(write_file(D "probability", "20"), 0);
	CHECK_EQ(hook_calls, 1);	/* still armed: no call */
	CHECK_EQ(write_file(D "times", "-1"), 0);
	CHECK_EQ(file_attr.times, -1);
	CHECK_EQ(write_file(D "ignore-test", "N"), 0);
	CHECK(!test_flag && !strcmp(read_file(D "ignore-test"), "N\n"));
	CHECK_EQ(write_file(D "min-test", "0"), 0);
	CHECK_EQ(test_order, 0);

	for (unsigned int i = 0; i < ARRAY_SIZE(refused); i++) {
		char before[64];

		snprintf(path, sizeof(path), D "%s", refused[i].file);
		strcpy(before, read_file(path));
		log_buf_clear();
		CHECK_EQ(write_file(path, refused[i].value), -EINVAL);
		CHECK(!strcmp(read_file(path), before));
		CHECK(log_contains("refused"));
	}
	CHECK(log_contains("/sys/kernel/debug/filed/probability: '' refused: expected a number in 0..100"));
	CHECK_EQ(hook_calls, 1);

	/* Paused: the files say 0 and the hook hears it; resumed: as before. */
	fault_inject_pause();
	fault_inject_pause();
	CHECK(!strcmp(read_file(D "probability"), "0\n"));
	CHECK_EQ(hook_calls, 2);
	fault_inject_resume();
	CHECK_EQ(file_attr.probability, 0);	/* the outer pause still holds */
	fault_inject_resume();
	CHECK(!strcmp(read_file(D "probability"), "20\n"));
	CHECK_EQ(hook_calls, 3);
	CHECK_EQ(write_file(D "probability", "0"), 0);
	CHECK_EQ(hook_calls, 4);
}

/* ----------------------------------------- in the allocators --- */

#define FPA "/sys/kernel/debug/fail_page_alloc/"
#define FSL "/sys/kernel/debug/failslab/"

/* Free pages with nothing cached, page-table pages included (vmalloc keeps those). */
static unsigned long settled(void)
{
	vm_unmap_aliases();
	kmem_cache_shrink_all();
	drain_all_pages();
	return nr_free_pages() + nr_pagetable_pages;
}

/* slab_boot(), vmalloc and the files, injection quiet; Returns settled(). */
static unsigned long boot_with_files(void)
{
	slab_boot(&slab_machine);
	vmalloc_init();
	CHECK_EQ(mm_register_files(), 0);
	CHECK_EQ(write_file(FPA "verbose", "0"), 0);
	CHECK_EQ(write_file(FSL "verbose", "0"), 0);
	return settled();
}

/* True if every online hart's page fast path is off (armed) or on. */
static bool fast_pcps_all(bool off)
{
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if ((harts[cpu].fast_pcp[0] == &pcp_empty) != off)
			return false;
	return true;
}

static void fail_page_alloc_paths_and_filters(void)
{
	volatile gfp_t atomic = GFP_ATOMIC;	/* not a constant: the call path */
	unsigned long before = boot_with_files();
	struct page *page;

	CHECK(!strcmp(read_file(FPA "ignore-gfp-wait"), "Y\n"));
	CHECK(!strcmp(read_file(FPA "ignore-gfp-highmem"), "Y\n"));
	CHECK(!strcmp(read_file(FPA "min-order"), "1\n"));
	CHECK(fast_pcps_all(false));

	CHECK_EQ(write_file(FPA "probability", "100"), 0);
	CHECK(fast_pcps_all(true));	/* every allocation now asks */
	CHECK_EQ(write_file(FPA "times", "-1"), 0);
	page = alloc_pages(GFP_KERNEL, 1);	/* ignore-gfp-wait: not failed */
	CHECK(page);
	__free_pages(page, 1);
	CHECK(!alloc_pages(atomic, 1));
	page = alloc_pages(atomic, 0);		/* min-order 1 */
	CHECK(page);
	__free_pages(page, 0);
	page = alloc_pages(atomic | __GFP_NOFAIL, 1);
	CHECK(page);
	__free_pages(page, 1);
	page = alloc_pages(atomic | __GFP_HIGHMEM, 1);
	CHECK(page);
	__free_pages(page, 1);
	CHECK_EQ(write_file(FPA "ignore-gfp-highmem", "N"), 0);
	CHECK(!alloc_pages(atomic | __GFP_HIGHMEM, 1));

	/* Everything may fail now; times and space in pages. */
	CHECK_EQ(write_file(FPA "ignore-gfp-wait", "N"), 0);
	CHECK_EQ(write_file(FPA "min-order", "0"), 0);
	CHECK_EQ(write_file(FPA "times", "2"), 0);
	CHECK(!alloc_page(GFP_KERNEL));
	CHECK(!alloc_pages_node(NUMA_NO_NODE, GFP_KERNEL, 0));
	CHECK(!strcmp(read_file(FPA "times"), "0\n"));
	page = alloc_page(GFP_KERNEL);
	CHECK(page);
	__free_page(page);
	CHECK_EQ(write_file(FPA "times", "-1"), 0);
	CHECK_EQ(write_file(FPA "space", "5"), 0);
	page = alloc_pages(GFP_KERNEL, 1);	/* 5 -> 3 */
	CHECK(page);
	__free_pages(page, 1);
	page = alloc_pages(GFP_KERNEL, 1);	/* 3 -> 1 */
	CHECK(page);
	__free_pages(page, 1);
	CHECK(!alloc_pages(GFP_KERNEL, 1));	/* 1 <= 2 */
	CHECK(!strcmp(read_file(FPA "space"), "1\n"));

	/* vmalloc fails cleanly on its pages and keeps nothing. */
	CHECK(!vmalloc(8 * PAGE_SIZE));
	CHECK_EQ(write_file(FPA "probability", "0"), 0);
	CHECK(fast_pcps_all(false));
	CHECK_EQ(settled(), before);
}

static void failslab_paths_filter_and_mempool(void)
{
	unsigned long before = boot_with_files();
	struct kmem_cache *plain, *marked;
	void *obj, *held[3];
	mempool_t *pool;

	pool = mempool_create_kmalloc_pool(2, 100);
	plain = kmem_cache_create("fi-plain", 48, 0, 0, NULL);
	marked = kmem_cache_create("fi-marked", 48, 0, SLAB_FAILSLAB, NULL);
	CHECK(pool && plain && marked);
	CHECK(!strcmp(read_file("/sys/kernel/slab/fi-plain/failslab"), "0\n"));
	CHECK(!strcmp(read_file("/sys/kernel/slab/fi-marked/failslab"), "1\n"));
	CHECK(!strcmp(read_file("/sys/kernel/slab/kmalloc-64/failslab"), "0\n"));
	CHECK(this_hart()->slab.fast_magazines == this_hart()->slab.magazines);

	CHECK_EQ(write_file(FSL "probability", "100"), 0);
	CHECK_EQ(write_file(FSL "times", "-1"), 0);
	CHECK(this_hart()->slab.fast_magazines != this_hart()->slab.magazines);
	obj = kmalloc(64, GFP_KERNEL);		/* ignore-gfp-wait */
	CHECK(obj);
	kfree(obj);
	CHECK(!kmalloc(64, GFP_ATOMIC));
	CHECK(!kmem_cache_alloc(plain, GFP_NOWAIT));
	CHECK(!kmem_cache_alloc_node(plain, GFP_ATOMIC, 1));
	obj = kmem_cache_alloc(plain, GFP_ATOMIC | __GFP_NOFAIL);
	CHECK(obj);
	kmem_cache_free(plain, obj);

	/* The cache filter: only marked caches fail. */
	CHECK_EQ(write_file(FSL "ignore-gfp-wait", "N"), 0);
	CHECK_EQ(write_file(FSL "cache-filter", "Y"), 0);
	obj = kmem_cache_alloc(plain, GFP_KERNEL);
	CHECK(obj);
	kmem_cache_free(plain, obj);
	CHECK(!kmem_cache_alloc(marked, GFP_KERNEL));
	CHECK_EQ(write_file("/sys/kernel/slab/fi-plain/failslab", "1"), 0);
	CHECK(!kmem_cache_alloc(plain, GFP_KERNEL));
	CHECK_EQ(write_file("/sys/kernel/slab/fi-plain/failslab", "2"), -EINVAL);
	CHECK(log_contains("/sys/kernel/slab/fi-plain/failslab: '2' refused: expected 0 or 1"));
	CHECK(!strcmp(read_file("/sys/kernel/slab/fi-plain/failslab"), "1\n"));
	obj = kmalloc(64, GFP_KERNEL);		/* kmalloc-64 is not marked */
	CHECK(obj);
	kfree(obj);

	/* mempool: its kmalloc fails, so the reserve serves, then NULL. */
	CHECK_EQ(write_file(FSL "cache-filter", "N"), 0);
	for (int i = 0; i < 3; i++)
		held[i] = mempool_alloc(pool, GFP_KERNEL);
	CHECK(held[0] && held[1] && !held[2]);
	CHECK_EQ(pool->curr_nr, 0);
	CHECK_EQ(write_file(FSL "probability", "0"), 0);
	CHECK(this_hart()->slab.fast_magazines == this_hart()->slab.magazines);
	mempool_free(held[0], pool);
	mempool_free(held[1], pool);
	CHECK_EQ(pool->curr_nr, 2);
	mempool_destroy(pool);
	kmem_cache_destroy(plain);
	kmem_cache_destroy(marked);
	CHECK_EQ(vfs_write("/sys/kernel/slab/fi-plain/failslab", "0", 1), -ENOENT);
	CHECK_EQ(settled(), before);
}

int main(void)
{
	ktap_plan(12);
	RUN(off_never_fails);
	RUN(times_counts_failures);
	RUN(interval_fails_every_nth);
	RUN(probability_is_a_percentage);
	RUN(interval_and_probability_combine);
	RUN(space_is_spent_by_size);
	RUN_FORKED(harts_share_an_attr);
	RUN(verbose_messages_rate_limited);
	RUN(boot_option_all_or_nothing);
	RUN(files_read_write_refuse);
	RUN_FORKED(fail_page_alloc_paths_and_filters);
	RUN_FORKED(failslab_paths_filter_and_mempool);
	return ktap_done();
}
