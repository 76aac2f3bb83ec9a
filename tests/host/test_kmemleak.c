// SPDX-License-Identifier: MIT
/*
 * DOC: host test - kmemleak (mm/kmemleak.c)
 *
 * The unmodified detector over the host build of the allocators, in a
 * child process per case. On the host a scan's roots are the test
 * program's own .data and .bss (the stacks of its threads are not
 * scanned), so a block a static points to is referenced and a block only
 * a local points to is not: the cases keep their blocks in statics, or
 * hide them (XORed with a mask) to make them leaks. The file is the
 * kernel's own kmemleak_file_ops, registered here (the host build leaves
 * /sys/kernel/debug/kmemleak to its test, see kmemleak_init()).
 */
#include "tests/host/mm_host.h"
#include "kernel/errno.h"
#include "kernel/vfs.h"
#include "mm/kmemleak.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

#define FILE_PATH "/sys/kernel/debug/kmemleak"
#define HIDE 0xa5a5a5a5a5a5a5a5UL

static char text[64 * 1024];

static void boot(void)
{
	slab_boot(&slab_machine);
	vmalloc_init();
	drain_all_pages();
	slab_boot_free = nr_free_pages();	/* slab_memory_back()'s, vmalloc's made */
	kmemleak_min_age_ms = 0;
	CHECK_EQ(vfs_register(FILE_PATH, &kmemleak_file_ops, NULL), 0);
}

static int command(const char *cmd)
{
	return vfs_write(FILE_PATH, cmd, strlen(cmd));
}

/* Two scans (the second reports what the first saw unchanged), then the file. */
static const char *scan_twice(void)
{
	struct seq_buf m;

	CHECK_EQ(command("scan"), 0);
	CHECK_EQ(command("scan"), 0);
	seq_buf_init(&m, text, sizeof(text));
	CHECK_EQ(vfs_read(FILE_PATH, &m), 0);
	return text;
}

static const char *read_file(void)
{
	struct seq_buf m;

	seq_buf_init(&m, text, sizeof(text));
	CHECK_EQ(vfs_read(FILE_PATH, &m), 0);
	return text;
}

static unsigned int count_listed(const char *s)
{
	unsigned int n = 0;

	while ((s = strstr(s, "unreferenced object ")) != NULL) {
		n++;
		s++;
	}
	return n;
}

static bool listed(const void *p, size_t size)
{
	char head[80];

	snprintf(head, sizeof(head), "unreferenced object 0x%08lx (size %zu):\n",
		 (unsigned long)p, size);
	return strstr(text, head) != NULL;
}

static void *unhide(unsigned long h)
{
	return (void *)(h ^ HIDE);
}

static unsigned long hide(const void *p)
{
	return (unsigned long)p ^ HIDE;
}

/* ------------------------------------------------------------ cases --- */

/* After boot nothing is listed, though the boot's blocks are tracked. */
static void boot_has_no_leak(void)
{
	boot();
	CHECK(kmemleak_tracked(NULL) > 0);	/* the caches' kmem_cache structs at least */
	scan_twice();
	CHECK_EQ(count_listed(text), 0);
	CHECK_EQ(text[0], '\0');
}

static unsigned long hidden[8];

/* A hidden block is listed in Linux's format; freed, it goes. */
static void leak_listed_and_freed(void)
{
	char *p;
	unsigned long tracked, reported;

	boot();
	p = kmalloc(100, GFP_KERNEL);
	memset(p, 'a', 100);
	p[5] = '\n';
	hidden[0] = hide(p);
	p = NULL;
	scan_twice();
	CHECK_EQ(count_listed(text), 1);
	CHECK(listed(unhide(hidden[0]), 128));
	CHECK(strstr(text, "  comm \"swapper/0\", pid 0, jiffies ") != NULL);
	CHECK(strstr(text, "  hex dump (first 32 bytes):\n"
			   "    61 61 61 61 61 0a 61 61 61 61 61 61 61 61 61 61  aaaaa.aaaaaaaaaa\n"
			   "    61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61  aaaaaaaaaaaaaaaa\n"
			   "  backtrace:\n    [<") != NULL);
	CHECK_EQ(kmemleak_scan(), 0);	/* found again, not new */
	tracked = kmemleak_tracked(&reported);
	CHECK_EQ(reported, 1);
	kfree(unhide(hidden[0]));
	CHECK_EQ(kmemleak_tracked(&reported), tracked - 1);
	CHECK_EQ(reported, 0);
	CHECK_EQ(count_listed(read_file()), 0);
	slab_memory_back();
}

/* One scan is not enough: a block written since the last scan is not reported. */
static void modified_block_waits_a_scan(void)
{
	char *p;

	boot();
	p = kmalloc(64, GFP_KERNEL);
	memset(p, 'b', 64);
	hidden[0] = hide(p);
	p = NULL;
	CHECK_EQ(kmemleak_scan(), 0);	/* new contents */
	memset(unhide(hidden[0]), 'c', 8);
	CHECK_EQ(kmemleak_scan(), 0);	/* written since */
	CHECK_EQ(kmemleak_scan(), 1);	/* unchanged: a leak */
	kfree(unhide(hidden[0]));
	/* A zeroed block never changed: reported by the first scan, as Linux. */
	hidden[1] = hide(kzalloc(64, GFP_KERNEL));
	CHECK_EQ(kmemleak_scan(), 1);
	kfree(unhide(hidden[1]));
	slab_memory_back();
}

static void *volatile root;
struct chain {
	struct chain *next;
	long payload[3];
};

/* .bss keeps a block, into its middle too; a -> b -> c through a .bss root. */
static void references_keep_blocks(void)
{
	struct chain *a, *b, *c;

	boot();
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	a->next = b;
	b->next = c;
	root = (char *)a + 9;
	hidden[0] = hide(a);
	hidden[1] = hide(b);
	hidden[2] = hide(c);
	a = b = c = NULL;
	scan_twice();
	CHECK_EQ(count_listed(text), 0);
	root = NULL;
	scan_twice();
	CHECK_EQ(count_listed(text), 3);
	for (int i = 0; i < 3; i++)
		CHECK(listed(unhide(hidden[i]), 32));
	/* The list is in allocation order, as Linux's. */
	{
		char head[3][64];

		for (int i = 0; i < 3; i++)
			snprintf(head[i], sizeof(head[i]), "unreferenced object 0x%08lx ",
				 (unsigned long)unhide(hidden[i]));
		CHECK(strstr(text, head[0]) < strstr(text, head[1]));
		CHECK(strstr(text, head[1]) < strstr(text, head[2]));
	}
	for (int i = 0; i < 3; i++)
		kfree(unhide(hidden[i]));
	slab_memory_back();
}

/* not_leak: never listed; ignore: neither listed nor scanned; no_scan: listed, not scanned. */
static void not_leak_ignore_no_scan(void)
{
	struct chain *quiet, *ignored, *behind, *unscanned, *behind2;

	boot();
	quiet = kzalloc(sizeof(*quiet), GFP_KERNEL);
	ignored = kzalloc(sizeof(*ignored), GFP_KERNEL);
	behind = kzalloc(sizeof(*behind), GFP_KERNEL);
	unscanned = kzalloc(sizeof(*unscanned), GFP_KERNEL);
	behind2 = kzalloc(sizeof(*behind2), GFP_KERNEL);
	ignored->next = behind;
	unscanned->next = behind2;
	kmemleak_not_leak(quiet);
	kmemleak_ignore(ignored);
	kmemleak_no_scan(unscanned);
	root = unscanned;
	hidden[0] = hide(quiet);
	hidden[1] = hide(ignored);
	hidden[2] = hide(behind);
	hidden[3] = hide(unscanned);
	hidden[4] = hide(behind2);
	quiet = ignored = behind = unscanned = behind2 = NULL;
	scan_twice();
	CHECK_EQ(count_listed(text), 2);
	CHECK(listed(unhide(hidden[2]), 32));
	CHECK(listed(unhide(hidden[4]), 32));
	root = NULL;
	for (int i = 0; i < 5; i++)
		kfree(unhide(hidden[i]));
	slab_memory_back();
}

/* vmalloc (min_count 2), pages by address, large kmalloc: tracked with their sizes. */
static void every_allocator(void)
{
	void *v;
	unsigned long pages;
	void *exact, *large;
	unsigned long before;

	boot();
	before = nr_free_pages() + nr_pagetable_pages;
	v = vzalloc(3 * PAGE_SIZE);
	pages = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 2);
	exact = alloc_pages_exact(3 * PAGE_SIZE + 1, GFP_KERNEL | __GFP_ZERO);
	large = kzalloc(3 * PAGE_SIZE, GFP_KERNEL);
	hidden[0] = hide(v);
	hidden[1] = hide((void *)pages);
	hidden[2] = hide(exact);
	hidden[3] = hide(large);
	v = exact = large = NULL;
	pages = 0;
	scan_twice();
	CHECK_EQ(count_listed(text), 4);
	CHECK(listed(unhide(hidden[0]), 3 * PAGE_SIZE));
	CHECK(listed(unhide(hidden[1]), 4 * PAGE_SIZE));
	CHECK(listed(unhide(hidden[2]), 3 * PAGE_SIZE + 1));	/* as asked: 4 pages */
	CHECK(listed(unhide(hidden[3]), 3 * PAGE_SIZE));
	/* One pointer to a vmalloc area keeps it: the vm_struct's is the other. */
	root = unhide(hidden[0]);
	scan_twice();
	CHECK(!listed(unhide(hidden[0]), 3 * PAGE_SIZE));
	root = NULL;
	vfree(unhide(hidden[0]));
	/* A free of any page of an exact block, or of the block, forgets it. */
	free_page((unsigned long)unhide(hidden[2]) + PAGE_SIZE);
	free_pages((unsigned long)unhide(hidden[1]), 2);
	kfree(unhide(hidden[3]));
	CHECK_EQ(count_listed(read_file()), 0);
	free_page((unsigned long)unhide(hidden[2]));
	free_page((unsigned long)unhide(hidden[2]) + 2 * PAGE_SIZE);
	free_page((unsigned long)unhide(hidden[2]) + 3 * PAGE_SIZE);
	vm_unmap_aliases();
	kmem_cache_shrink_all();
	drain_all_pages();
	/* vmalloc keeps the page-table pages it made. */
	CHECK_EQ(nr_free_pages() + nr_pagetable_pages, before);
}

/* Linux's minimum age: a young block is neither reported nor listed. */
static void young_block_waits(void)
{
	boot();
	kmemleak_min_age_ms = 60000;
	hidden[0] = hide(kzalloc(64, GFP_KERNEL));
	scan_twice();
	CHECK_EQ(count_listed(text), 0);
	kmemleak_min_age_ms = 0;
	CHECK_EQ(count_listed(read_file()), 0);	/* no scan reported it */
	scan_twice();
	CHECK_EQ(count_listed(text), 1);
	kmemleak_min_age_ms = 60000;
	CHECK_EQ(count_listed(read_file()), 0);	/* listed only when old enough */
	kfree(unhide(hidden[0]));
	slab_memory_back();
}

/* clear: the listed leaks are forgotten for good, new ones still come. */
static void clear_forgets_listed(void)
{
	boot();
	hidden[0] = hide(kzalloc(64, GFP_KERNEL));
	scan_twice();
	CHECK_EQ(count_listed(text), 1);
	CHECK_EQ(command("clear"), 0);
	CHECK_EQ(count_listed(read_file()), 0);
	scan_twice();
	CHECK_EQ(count_listed(text), 0);
	hidden[1] = hide(kzalloc(64, GFP_KERNEL));
	scan_twice();
	CHECK_EQ(count_listed(text), 1);
	CHECK(listed(unhide(hidden[1]), 64));
	kfree(unhide(hidden[0]));
	kfree(unhide(hidden[1]));
	slab_memory_back();
}

/* off: no new tracking, no scan; frees still followed; clear then forgets all. */
static void off_then_clear(void)
{
	unsigned long tracked;

	boot();
	hidden[0] = hide(kzalloc(64, GFP_KERNEL));
	scan_twice();
	CHECK_EQ(count_listed(text), 1);
	CHECK_EQ(command("off"), 0);
	CHECK(log_contains("kmemleak: Kernel memory leak detector disabled"));
	CHECK(!kmemleak_tracking());
	tracked = kmemleak_tracked(NULL);
	hidden[1] = hide(kzalloc(64, GFP_KERNEL));
	CHECK_EQ(kmemleak_tracked(NULL), tracked);
	CHECK_EQ(command("scan"), -EPERM);
	CHECK_EQ(count_listed(read_file()), 1);	/* the last findings stay readable */
	kfree(unhide(hidden[1]));
	kfree(unhide(hidden[0]));
	CHECK_EQ(kmemleak_tracked(NULL), tracked - 1);
	CHECK_EQ(count_listed(read_file()), 0);
	CHECK_EQ(command("clear"), 0);
	CHECK_EQ(kmemleak_tracked(NULL), 0);
	slab_memory_back();
}

/* kmemleak=off at boot: nothing tracked, the file refuses to scan. */
static void off_at_boot(void)
{
	CHECK_EQ(kmemleak_boot_config("off", NULL), 0);
	boot();
	CHECK(!kmemleak_tracking());
	CHECK_EQ(kmemleak_tracked(NULL), 0);
	CHECK_EQ(command("scan"), -EPERM);
	CHECK_EQ(kmemleak_boot_config("maybe", NULL), -EINVAL);
	CHECK(log_contains("cmdline: kmemleak=maybe: expected on or off"));
}

/* The file's refusals, and dump=. */
static void commands(void)
{
	boot();
	CHECK_EQ(command(""), -EINVAL);
	CHECK_EQ(command("scan=600"), -EINVAL);
	CHECK_EQ(command("dump="), -EINVAL);
	CHECK_EQ(command("stack=off"), 0);
	CHECK_EQ(command("stack=on"), 0);
	hidden[0] = hide(kzalloc(64, GFP_KERNEL));
	{
		char cmd[64];

		snprintf(cmd, sizeof(cmd), "dump=%#lx", (unsigned long)unhide(hidden[0]));
		CHECK_EQ(command(cmd), 0);
		snprintf(cmd, sizeof(cmd), "kmemleak: Object 0x%08lx (size 64):",
			 (unsigned long)unhide(hidden[0]));
		CHECK(log_contains(cmd));
		CHECK(log_contains("kmemleak:   min_count = 1"));
	}
	CHECK_EQ(command("dump=0x1234"), 0);
	CHECK(log_contains("kmemleak: Unknown object at 0x00001234"));
	kfree(unhide(hidden[0]));
	slab_memory_back();
}

/* --------------------------------------------------------- threads --- */

static int churn_done;

/* A hart's allocations and frees, while the main thread scans. */
static void churn(void *unused)
{
	void *held[16] = { NULL };

	for (unsigned int round = 0; round < 3000; round++) {
		unsigned int i = round % 16;

		kfree(held[i]);
		held[i] = kmalloc(16 << (round % 8), GFP_ATOMIC);
		if (round % 64 == 0)
			free_page(__get_free_page(GFP_ATOMIC));
	}
	for (unsigned int i = 0; i < 16; i++)
		kfree(held[i]);
	__atomic_fetch_add(&churn_done, 1, __ATOMIC_RELEASE);
}

/* Three harts churn while the first scans: nothing listed, nothing left tracked. */
static void scans_while_harts_allocate(void)
{
	unsigned long tracked;

	boot();
	tracked = kmemleak_tracked(NULL);
	for (unsigned int cpu = 1; cpu < 4; cpu++)
		CHECK_EQ(smp_call_function_single(cpu, churn, NULL, false), 0);
	while (__atomic_load_n(&churn_done, __ATOMIC_ACQUIRE) < 3)
		CHECK(kmemleak_scan() >= 0);
	CHECK_EQ(kmemleak_tracked(NULL), tracked);
	scan_twice();
	CHECK_EQ(count_listed(text), 0);
	slab_memory_back();
}

int main(void)
{
	ktap_plan(12);
	RUN_FORKED(boot_has_no_leak);
	RUN_FORKED(leak_listed_and_freed);
	RUN_FORKED(modified_block_waits_a_scan);
	RUN_FORKED(references_keep_blocks);
	RUN_FORKED(not_leak_ignore_no_scan);
	RUN_FORKED(every_allocator);
	RUN_FORKED(young_block_waits);
	RUN_FORKED(clear_forgets_listed);
	RUN_FORKED(off_then_clear);
	RUN_FORKED(off_at_boot);
	RUN_FORKED(commands);
	RUN_FORKED(scans_while_harts_allocate);
	return ktap_done();
}
