// SPDX-License-Identifier: MIT
/*
 * DOC: host tests for kernel/vfs.c - the virtual-file table
 *
 * The table is global and only grows, so the cases build on each other:
 * the first registers a small /proc and /sys, the concurrency case adds a
 * few hundred files from several threads, and the last fills the table.
 */
#include <pthread.h>
#include <stdlib.h>

#include "tests/host/harness.h"
#include "kernel/errno.h"
#include "kernel/vfs.h"

static char text[256];
static struct seq_buf seq;

static int show_name(struct seq_buf *m, void *data)
{
	seq_printf(m, "%s\n", (const char *)data);
	return 0;
}

static int show_error(struct seq_buf *m, void *data)
{
	seq_puts(m, "partial");
	return -ENOMEM;
}

static int show_long(struct seq_buf *m, void *data)
{
	for (int i = 0; i < 100; i++)
		seq_printf(m, "line %d\n", i);
	return 0;
}

static char stored[64];
static size_t stored_len;

/* Accepts digits only, as a number-valued /sys file would. */
static int store_digits(const char *buf, size_t len, void *data)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] < '0' || buf[i] > '9')
			return -EINVAL;
	memcpy(stored, buf, len + 1);
	stored_len = len;
	return 0;
}

static const struct vfs_file_ops name_ops = { .show = show_name };
static const struct vfs_file_ops error_ops = { .show = show_error };
static const struct vfs_file_ops long_ops = { .show = show_long };
static const struct vfs_file_ops rw_ops = {
	.show = show_name,
	.store = store_digits,
};

/* Registers @path with show_name() printing the path. Returns its result. */
static int reg(const char *path)
{
	char *copy = strdup(path);
	int ret = vfs_register(path, &name_ops, copy);

	if (ret)
		free(copy);
	return ret;
}

static void test_register_tree(void)
{
	CHECK_EQ(reg("/proc/meminfo"), 0);
	CHECK_EQ(reg("/proc/cmdline"), 0);
	CHECK_EQ(reg("/sys/devices/system/node/node0/meminfo"), 0);
	CHECK_EQ(reg("/sys/devices/system/node/node1/meminfo"), 0);
	CHECK_EQ(reg("/sys/devices/system/node/possible"), 0);
	CHECK_EQ(reg("/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"), 0);
	CHECK_EQ(vfs_register("/sys/kernel/mm/pcp", &rw_ops, "pcp"), 0);
	CHECK_EQ(vfs_register("/proc/broken", &error_ops, NULL), 0);
	CHECK_EQ(vfs_register("/proc/long", &long_ops, NULL), 0);
	CHECK_EQ(reg("/a-b"), 0);
	CHECK_EQ(reg("/a/x"), 0);
	CHECK_EQ(reg("/a.b"), 0);
	CHECK(!log_contains("vfs:"));
}

/* Checks that registering @path fails with @err and logs @why. */
static void check_register_fails(const char *path, int err, const char *why)
{
	log_buf_clear();
	CHECK_EQ(reg(path), err);
	if (!log_contains(why))
		printf("# no log line '%s' for %s\n", why, path);
	CHECK(log_contains(why));
}

static void test_register_errors(void)
{
	check_register_fails("proc/x", -EINVAL, "cannot register proc/x: not an absolute path");
	check_register_fails("/", -EINVAL, "not an absolute path");
	check_register_fails("", -EINVAL, "not an absolute path");
	check_register_fails("//x", -EINVAL, "empty name");
	check_register_fails("/proc//x", -EINVAL, "empty name");
	check_register_fails("/proc/x/", -EINVAL, "empty name");
	check_register_fails("/proc/./x", -EINVAL, "\".\" and \"..\" are not allowed");
	check_register_fails("/proc/../x", -EINVAL, "\".\" and \"..\" are not allowed");
	check_register_fails("/proc/a b", -EINVAL, "only use letters");
	check_register_fails("/proc/a>b", -EINVAL, "only use letters");
	check_register_fails("/proc/\xc3\xa9", -EINVAL, "only use letters");
	check_register_fails("/proc/meminfo", -EEXIST, "/proc/meminfo: already registered");
	check_register_fails("/proc/meminfo/x", -ENOTDIR, "a parent directory is a file");
	check_register_fails("/proc", -EISDIR, "is a directory");
	check_register_fails("/sys/devices", -EISDIR, "is a directory");

	char path[VFS_PATH_MAX + 1];

	memset(path, 'a', sizeof(path));
	path[0] = '/';
	path[VFS_PATH_MAX - 1] = '\0';	/* 127 bytes: the longest allowed */
	CHECK_EQ(reg(path), 0);
	path[VFS_PATH_MAX - 1] = 'a';
	path[VFS_PATH_MAX] = '\0';	/* 128 bytes */
	check_register_fails(path, -EINVAL, "path longer than 127 bytes");

	log_buf_clear();
	CHECK_EQ(vfs_register("/proc/noshow", NULL, NULL), -EINVAL);
	CHECK(log_contains("/proc/noshow: no show() handler"));
	CHECK_EQ(vfs_register("/proc/noshow", &(struct vfs_file_ops){ 0 }, NULL),
		 -EINVAL);
	CHECK_EQ(vfs_register(NULL, &name_ops, NULL), -EINVAL);
}

static void test_lookup_normalisation(void)
{
	static const char *const same_file[] = {
		"/proc/meminfo", "/proc//meminfo", "//proc/meminfo",
		"/proc/./meminfo", "/./proc/meminfo/.", "proc/meminfo",
		"/sys/../proc/meminfo", "/../proc/meminfo", "/../../proc/meminfo",
		"/sys/devices/system/../../../proc/meminfo",
	};

	for (size_t i = 0; i < ARRAY_SIZE(same_file); i++) {
		CHECK_EQ(vfs_lookup(same_file[i]), VFS_FILE);
		CHECK_EQ(vfs_read(same_file[i], &seq), 0);
		CHECK(strcmp(text, "/proc/meminfo\n") == 0);
	}
	CHECK_EQ(vfs_lookup("/"), VFS_DIR);
	CHECK_EQ(vfs_lookup("//"), VFS_DIR);
	CHECK_EQ(vfs_lookup("/.."), VFS_DIR);
	CHECK_EQ(vfs_lookup("."), VFS_DIR);
	CHECK_EQ(vfs_lookup("/proc"), VFS_DIR);
	CHECK_EQ(vfs_lookup("/proc/"), VFS_DIR);
	CHECK_EQ(vfs_lookup("/sys/devices/system/node/node0/"), VFS_DIR);
	CHECK_EQ(vfs_lookup(""), -ENOENT);
	CHECK_EQ(vfs_lookup("/nope"), -ENOENT);
	CHECK_EQ(vfs_lookup("/pro"), -ENOENT);
	CHECK_EQ(vfs_lookup("/proc/meminf"), -ENOENT);
	CHECK_EQ(vfs_lookup("/proc/meminfo/x"), -ENOTDIR);
	CHECK_EQ(vfs_lookup("/proc/meminfo/"), VFS_FILE);
	CHECK_EQ(vfs_lookup("/proc/meminfo/.."), -ENOTDIR);
	CHECK_EQ(vfs_lookup("/nope/../proc"), -ENOENT);
	/* "/a-b" and "/a.b" sort around "/a/": prefixes must not confuse. */
	CHECK_EQ(vfs_lookup("/a"), VFS_DIR);
	CHECK_EQ(vfs_lookup("/a-b"), VFS_FILE);
	CHECK_EQ(vfs_lookup("/a-b/x"), -ENOTDIR);

	char path[512];

	memset(path, 'x', sizeof(path));
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	CHECK_EQ(vfs_lookup(path), -ENOENT);
	snprintf(path, sizeof(path), "/proc/meminfo/%0300d", 0);
	CHECK_EQ(vfs_lookup(path), -ENOTDIR);
	/* "." repeated far beyond VFS_PATH_MAX still normalises. */
	strcpy(path, "/proc");
	for (int i = 0; i < 100; i++)
		strcat(path, "/.");
	strcat(path, "/meminfo");
	CHECK_EQ(vfs_lookup(path), VFS_FILE);
}

static void test_read(void)
{
	CHECK_EQ(vfs_read("/sys/devices/system/node/possible", &seq), 0);
	CHECK(strcmp(text, "/sys/devices/system/node/possible\n") == 0);
	CHECK_EQ(seq.len, strlen(text));
	CHECK_EQ(vfs_read("/proc", &seq), -EISDIR);
	CHECK_EQ(vfs_read("/", &seq), -EISDIR);
	CHECK_EQ(vfs_read("/proc/nope", &seq), -ENOENT);
	CHECK_EQ(vfs_read("/proc/meminfo/x", &seq), -ENOTDIR);
	CHECK_EQ(vfs_read("/proc/broken", &seq), -ENOMEM);
}

static void test_read_overflow(void)
{
	/* 100 lines "line N\n" need 790 bytes; the buffer holds 255. */
	CHECK_EQ(vfs_read("/proc/long", &seq), -EOVERFLOW);
	CHECK(seq_has_overflowed(&seq));
	CHECK_EQ(seq.len, sizeof(text) - 1);
	CHECK_EQ(strlen(text), sizeof(text) - 1);
	CHECK(strncmp(text, "line 0\nline 1\n", 14) == 0);
	/* The next read starts afresh. */
	CHECK_EQ(vfs_read("/proc/meminfo", &seq), 0);
	CHECK(!seq_has_overflowed(&seq));
	CHECK(strcmp(text, "/proc/meminfo\n") == 0);
}

static void test_seq_buf(void)
{
	char small[8];
	struct seq_buf m;

	seq_buf_init(&m, small, sizeof(small));
	CHECK_EQ(m.len, 0);
	CHECK(small[0] == '\0');
	seq_puts(&m, "ab");
	seq_putc(&m, 'c');
	seq_printf(&m, "%d", 1234);
	CHECK(strcmp(small, "abc1234") == 0);	/* exactly full: 7 + NUL */
	CHECK(!seq_has_overflowed(&m));
	seq_putc(&m, 'x');
	CHECK(seq_has_overflowed(&m));
	CHECK(strcmp(small, "abc1234") == 0);

	seq_buf_reset(&m);
	seq_printf(&m, "%s", "0123456789");
	CHECK(seq_has_overflowed(&m));
	CHECK(strcmp(small, "0123456") == 0);
	CHECK_EQ(m.len, 7);
	/* Nothing more goes in after a cut, not even what would fit. */
	seq_buf_reset(&m);
	seq_puts(&m, "12345678");
	CHECK(strcmp(small, "1234567") == 0);
	seq_buf_reset(&m);
	seq_write(&m, "abcdef", 6);
	seq_printf(&m, "%s", "XY");
	CHECK(seq_has_overflowed(&m));
	CHECK(strcmp(small, "abcdefX") == 0);
	seq_putc(&m, 'z');
	CHECK(strcmp(small, "abcdefX") == 0);
}

static void test_write(void)
{
	CHECK_EQ(vfs_write("/sys/kernel/mm/pcp", "42", 2), 0);
	CHECK(strcmp(stored, "42") == 0);
	CHECK_EQ(stored_len, 2);
	CHECK_EQ(vfs_write("/sys/kernel/mm/pcp", "", 0), 0);
	CHECK_EQ(stored_len, 0);
	CHECK_EQ(vfs_write("/sys/kernel/mm/pcp", "4x", 2), -EINVAL);
	CHECK_EQ(vfs_write("/proc/meminfo", "1", 1), -EPERM);
	CHECK_EQ(vfs_write("/proc", "1", 1), -EISDIR);
	CHECK_EQ(vfs_write("/proc/nope", "1", 1), -ENOENT);
	CHECK_EQ(vfs_write("/proc/meminfo/x", "1", 1), -ENOTDIR);
}

struct listing {
	char text[1024];
	int calls;
	int stop_after;		/* stop with 99 after this many calls, 0: never */
	const char *register_during;	/* registered at the first call */
};

static int collect(const char *name, bool is_dir, void *ctx)
{
	struct listing *l = ctx;
	size_t used = strlen(l->text);

	snprintf(l->text + used, sizeof(l->text) - used, "%s%s ", name,
		 is_dir ? "/" : "");
	if (l->register_during && l->calls == 0)
		reg(l->register_during);
	if (++l->calls == l->stop_after)
		return 99;
	return 0;
}

/* Returns what vfs_list() returns; the listing goes to @l->text. */
static int list(const char *path, struct listing *l)
{
	memset(l->text, 0, sizeof(l->text));
	l->calls = 0;
	return vfs_list(path, collect, l);
}

static void test_list(void)
{
	struct listing l = { 0 };

	CHECK_EQ(list("/proc", &l), 0);
	CHECK(strcmp(l.text, "broken cmdline long meminfo ") == 0);
	CHECK_EQ(list("/sys/devices/system/node", &l), 0);
	CHECK(strcmp(l.text, "node0/ node1/ possible ") == 0);
	CHECK_EQ(list("/sys/devices/system/node/../node//node1/", &l), 0);
	CHECK(strcmp(l.text, "meminfo ") == 0);
	CHECK_EQ(list("/", &l), 0);
	CHECK(strncmp(l.text, "a/ a-b a.b aaaa", 15) == 0);
	CHECK(strstr(l.text, " proc/ sys/ ") != NULL);
	CHECK_EQ(list("/a", &l), 0);
	CHECK(strcmp(l.text, "x ") == 0);
	CHECK_EQ(list("/proc/meminfo", &l), -ENOTDIR);
	CHECK_EQ(list("/nope", &l), -ENOENT);
	CHECK_EQ(list("/proc/meminfo/x", &l), -ENOTDIR);

	l.stop_after = 2;
	CHECK_EQ(list("/proc", &l), 99);
	CHECK(strcmp(l.text, "broken cmdline ") == 0);
	l.stop_after = 0;
}

static void test_list_while_registering(void)
{
	struct listing l = { .register_during = "/later/zz" };

	reg("/later/mm");
	CHECK_EQ(list("/later", &l), 0);
	CHECK(strcmp(l.text, "mm zz ") == 0);
	/* A name sorting before the one already listed waits for next time. */
	l.register_during = "/later/aa";
	CHECK_EQ(list("/later", &l), 0);
	CHECK(strcmp(l.text, "aa mm zz ") != 0);
	CHECK(strcmp(l.text, "mm zz ") == 0);
	l.register_during = NULL;
	CHECK_EQ(list("/later", &l), 0);
	CHECK(strcmp(l.text, "aa mm zz ") == 0);
}

#define THREADS 8
#define FILES_PER_THREAD 16

static int same_path_wins;

static void *register_many(void *arg)
{
	long t = (long)arg;
	char path[64];

	for (int i = 0; i < FILES_PER_THREAD; i++) {
		snprintf(path, sizeof(path), "/conc/t%ld/f%02d", t, i);
		CHECK_EQ(reg(path), 0);
		CHECK_EQ(vfs_lookup("/proc/meminfo"), VFS_FILE);
	}
	if (reg("/conc/contended") == 0)
		__atomic_fetch_add(&same_path_wins, 1, __ATOMIC_RELAXED);
	return NULL;
}

static void test_concurrent_register(void)
{
	pthread_t threads[THREADS];
	struct listing l = { 0 };

	for (long t = 0; t < THREADS; t++)
		pthread_create(&threads[t], NULL, register_many, (void *)t);
	for (int t = 0; t < THREADS; t++)
		pthread_join(threads[t], NULL);

	CHECK_EQ(same_path_wins, 1);
	CHECK_EQ(list("/conc", &l), 0);
	CHECK(strcmp(l.text, "contended t0/ t1/ t2/ t3/ t4/ t5/ t6/ t7/ ") == 0);
	for (int t = 0; t < THREADS; t++) {
		char dir[32];

		snprintf(dir, sizeof(dir), "/conc/t%d", t);
		CHECK_EQ(list(dir, &l), 0);
		CHECK_EQ(l.calls, FILES_PER_THREAD);
		CHECK(strncmp(l.text, "f00 f01 f02 ", 12) == 0);
	}
}

static void test_table_full(void)
{
	char path[64];
	int ret = 0, registered = 0;

	for (int i = 0; i < VFS_MAX_FILES && ret == 0; i++) {
		snprintf(path, sizeof(path), "/full/f%03d", i);
		ret = reg(path);
		registered += ret == 0;
	}
	CHECK_EQ(ret, -ENOSPC);
	CHECK(registered > 0 && registered < VFS_MAX_FILES);
	CHECK(log_contains("cannot register /full/"));
	CHECK(log_contains("table full"));
	/* What was registered still works. */
	CHECK_EQ(vfs_read("/full/f000", &seq), 0);
	CHECK(strcmp(text, "/full/f000\n") == 0);
}

int main(void)
{
	seq_buf_init(&seq, text, sizeof(text));
	ktap_plan(11);
	RUN(test_register_tree);
	RUN(test_register_errors);
	RUN(test_lookup_normalisation);
	RUN(test_read);
	RUN(test_read_overflow);
	RUN(test_seq_buf);
	RUN(test_write);
	RUN(test_list);
	RUN(test_list_while_registering);
	RUN(test_concurrent_register);
	RUN(test_table_full);
	return ktap_done();
}
