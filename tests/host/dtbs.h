/* SPDX-License-Identifier: MIT */
/*
 * tests/host/dtbs.h - the device trees the DT host tests read, made at
 * test time.
 *
 * QEMU's own trees are dumped with "-M MACHINE,dumpdtb=FILE" for each of
 * qemu_configs[] (so the tests follow the installed QEMU, and each config
 * doubles as the expectation for the boot plan), and every dts/NAME.dts,
 * dts/fixtures/NAME.dts and dts/hostile/NAME.dts is compiled with dtc. Everything lands in
 * "<test binary>.dtbs/", so test programs running in parallel never share
 * a file. Nothing is downloaded: QEMU and dtc come from tools/setup.
 * Source paths are relative to the repository root, where make runs tests.
 */
#ifndef TERN_TESTS_HOST_DTBS_H
#define TERN_TESTS_HOST_DTBS_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kernel/types.h"
#include "tests/host/harness.h"

#define QEMU_MAX_NODES 4
#define MAX_TEST_DTBS 96
#define INITRD_TEST_SIZE 10000
#define INITRD_TEST_BOOTARGS "console=ttyS0 earlycon"

/**
 * struct qemu_config - one QEMU machine whose device tree the tests dump.
 * @name: file and test name.
 * @machine: "virt" or "sifive_u".
 * @smp: -smp.
 * @mem_mib: -m, in MiB.
 * @nr_nodes: NUMA nodes given with -numa, 0 for none.
 * @node_harts: harts per node, numbered in order (node 0 gets the first).
 * @node_mib: memory per node.
 * @distance: distance[a][b] for a < b, given to QEMU (which mirrors it).
 * @initrd: also boot a dummy -kernel with an -initrd and -append.
 * @usable_harts: harts the plan must find usable.
 * @console: the stdout-path the plan must resolve.
 */
struct qemu_config {
	const char *name;
	const char *machine;
	unsigned int smp;
	unsigned int mem_mib;
	unsigned int nr_nodes;
	unsigned int node_harts[QEMU_MAX_NODES];
	unsigned int node_mib[QEMU_MAX_NODES];
	u8 distance[QEMU_MAX_NODES][QEMU_MAX_NODES];
	bool initrd;
	unsigned int usable_harts;
	const char *console;
};

/* Only these NUMA layouts start in Debian's QEMU 7.2 (DESIGN.md §6). */
static const struct qemu_config qemu_configs[] = {
	{ .name = "qemu-virt-smp1", .machine = "virt", .smp = 1,
	  .mem_mib = 128, .usable_harts = 1,
	  .console = "/soc/serial@10000000" },
	{ .name = "qemu-virt-smp8", .machine = "virt", .smp = 8,
	  .mem_mib = 1024, .usable_harts = 8,
	  .console = "/soc/serial@10000000" },
	{ .name = "qemu-virt-initrd", .machine = "virt", .smp = 2,
	  .mem_mib = 512, .initrd = true, .usable_harts = 2,
	  .console = "/soc/serial@10000000" },
	{ .name = "qemu-virt-numa2", .machine = "virt", .smp = 8,
	  .mem_mib = 4096, .nr_nodes = 2, .node_harts = { 4, 4 },
	  .node_mib = { 2048, 2048 }, .distance = { [0][1] = 20 },
	  .usable_harts = 8, .console = "/soc/serial@10000000" },
	{ .name = "qemu-virt-numa3", .machine = "virt", .smp = 8,
	  .mem_mib = 4096, .nr_nodes = 3, .node_harts = { 2, 2, 4 },
	  .node_mib = { 1024, 1024, 2048 },
	  .distance = { [0][1] = 15, [0][2] = 25, [1][2] = 30 },
	  .usable_harts = 8, .console = "/soc/serial@10000000" },
	{ .name = "qemu-virt-numa4", .machine = "virt", .smp = 8,
	  .mem_mib = 4096, .nr_nodes = 4, .node_harts = { 1, 1, 2, 4 },
	  .node_mib = { 512, 512, 1024, 2048 },
	  .distance = { [0][1] = 20, [0][2] = 30, [0][3] = 40,
			[1][2] = 25, [1][3] = 35, [2][3] = 15 },
	  .usable_harts = 8, .console = "/soc/serial@10000000" },
	{ .name = "qemu-sifive_u-smp5", .machine = "sifive_u", .smp = 5,
	  .mem_mib = 1024, .usable_harts = 4,
	  .console = "/soc/serial@10010000" },
};

/**
 * struct test_dtb - a generated DTB, loaded.
 * @name: the config's name, "fixture-NAME" for dts/fixtures/NAME.dts,
 *	"hostile-NAME" for dts/hostile/NAME.dts or "dts-NAME" for dts/NAME.dts.
 * @blob: the file, in a buffer of exactly @size bytes (ASan sees overreads).
 * @size: the file's size (QEMU dumps are padded far past totalsize).
 * @qemu: the config it was dumped from, or NULL.
 */
struct test_dtb {
	char name[64];
	void *blob;
	size_t size;
	const struct qemu_config *qemu;
};

static struct test_dtb test_dtbs[MAX_TEST_DTBS];
static unsigned int nr_test_dtbs;
static char dtb_dir[512];

/* Returns a malloc'd copy of the file at @path (exact size), or NULL. */
static inline void *read_whole_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long len;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (len = ftell(f)) > 0 &&
	    !fseek(f, 0, SEEK_SET)) {
		buf = malloc(len);
		if (buf && fread(buf, 1, len, f) != (size_t)len) {
			free(buf);
			buf = NULL;
		}
		*size = len;
	}
	fclose(f);
	return buf;
}

/* Runs @cmd; Returns 0 if it exited 0, else prints it as a diagnostic. */
static inline int run_command(const char *cmd)
{
	int status = system(cmd);

	if (status)
		printf("# command failed (status %d): %s\n", status, cmd);
	return status ? -1 : 0;
}

/* Loads @path as test DTB @name; Returns 0, or -1 (reported). */
static inline int add_test_dtb(const char *name, const char *path,
			       const struct qemu_config *qemu)
{
	struct test_dtb *t;

	if (nr_test_dtbs == MAX_TEST_DTBS) {
		printf("# more than %d test DTBs, %s left out\n", MAX_TEST_DTBS,
		       name);
		return -1;
	}
	t = &test_dtbs[nr_test_dtbs];
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->qemu = qemu;
	t->blob = read_whole_file(path, &t->size);
	if (!t->blob) {
		printf("# cannot read %s\n", path);
		return -1;
	}
	nr_test_dtbs++;
	return 0;
}

/* Appends " -numa ..." options for @c's nodes to @cmd. */
static inline void append_numa_options(char *cmd, size_t size,
				       const struct qemu_config *c)
{
	unsigned int first_hart = 0;

	for (unsigned int n = 0; n < c->nr_nodes; n++) {
		unsigned int last_hart = first_hart + c->node_harts[n] - 1;

		snprintf(cmd + strlen(cmd), size - strlen(cmd),
			 " -object memory-backend-ram,id=m%u,size=%uM"
			 " -numa node,nodeid=%u,cpus=%u-%u,memdev=m%u",
			 n, c->node_mib[n], n, first_hart, last_hart, n);
		first_hart = last_hart + 1;
	}
	for (unsigned int a = 0; a < c->nr_nodes; a++)
		for (unsigned int b = a + 1; b < c->nr_nodes; b++)
			snprintf(cmd + strlen(cmd), size - strlen(cmd),
				 " -numa dist,src=%u,dst=%u,val=%u", a, b,
				 c->distance[a][b]);
}

/* Writes @size bytes of a recognisable pattern to @path; Returns 0 or -1. */
static inline int write_dummy_file(const char *path, size_t size)
{
	FILE *f = fopen(path, "wb");
	int err = 0;

	if (!f)
		return -1;
	for (size_t i = 0; i < size && !err; i++)
		err = fputc((int)(i * 7 + 1) & 0xff, f) == EOF;
	return fclose(f) || err ? -1 : 0;
}

/* Dumps @c's device tree into dtb_dir and loads it; Returns 0 or -1. */
static inline int dump_qemu_dtb(const struct qemu_config *c)
{
	char cmd[2048], path[640];

	snprintf(path, sizeof(path), "%s/%s.dtb", dtb_dir, c->name);
	snprintf(cmd, sizeof(cmd),
		 "qemu-system-riscv64 -M %s,dumpdtb=%s -smp %u -m %uM -display none",
		 c->machine, path, c->smp, c->mem_mib);
	append_numa_options(cmd, sizeof(cmd), c);
	if (c->initrd) {
		char kernel[600], initrd[600];

		snprintf(kernel, sizeof(kernel), "%s/kernel.bin", dtb_dir);
		snprintf(initrd, sizeof(initrd), "%s/initrd.bin", dtb_dir);
		if (write_dummy_file(kernel, 4096) ||
		    write_dummy_file(initrd, INITRD_TEST_SIZE))
			return -1;
		snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd),
			 " -kernel %s -initrd %s -append '%s'", kernel, initrd,
			 INITRD_TEST_BOOTARGS);
	}
	snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd),
		 " </dev/null >%s.log 2>&1", path);
	if (run_command(cmd))
		return -1;
	return add_test_dtb(c->name, path, c);
}

/*
 * Compiles every SRC_DIR/NAME.dts (sorted by name, for a stable test order)
 * into dtb_dir as PREFIX-NAME.dtb and loads it. Returns the failures.
 */
static inline int compile_dts_dir(const char *src_dir, const char *prefix)
{
	struct dirent **entries;
	int n = scandir(src_dir, &entries, NULL, alphasort), failures = 0;

	if (n < 0) {
		printf("# cannot list %s (run from the repository root)\n",
		       src_dir);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		const char *file = entries[i]->d_name;
		size_t len = strlen(file);
		char name[64], path[640], cmd[2048];

		if (len > 4 && !strcmp(file + len - 4, ".dts")) {
			snprintf(name, sizeof(name), "%s-%.*s", prefix,
				 (int)(len - 4), file);
			snprintf(path, sizeof(path), "%s/%s.dtb", dtb_dir, name);
			snprintf(cmd, sizeof(cmd),
				 "dtc -q -I dts -O dtb -o %s %s/%s", path,
				 src_dir, file);
			failures += run_command(cmd) || add_test_dtb(name, path, NULL);
		}
		free(entries[i]);
	}
	free(entries);
	return failures;
}

/*
 * Makes and loads every test DTB for the test binary @argv0. Returns the
 * number of failures (each reported as a KTAP diagnostic).
 */
static inline int make_test_dtbs(const char *argv0)
{
	int failures = 0;

	snprintf(dtb_dir, sizeof(dtb_dir), "%s.dtbs", argv0);
	mkdir(dtb_dir, 0755);
	for (size_t i = 0; i < ARRAY_SIZE(qemu_configs); i++)
		failures += dump_qemu_dtb(&qemu_configs[i]) != 0;
	failures += compile_dts_dir("dts", "dts");
	failures += compile_dts_dir("dts/fixtures", "fixture");
	failures += compile_dts_dir("dts/hostile", "hostile");
	return failures;
}

/*
 * Returns the loaded DTB called @name. A missing one fails the running case
 * and comes back with a NULL blob, which every dt_* function refuses.
 */
static inline const struct test_dtb *find_test_dtb(const char *name)
{
	static const struct test_dtb missing = { .name = "missing" };

	for (unsigned int i = 0; i < nr_test_dtbs; i++)
		if (!strcmp(test_dtbs[i].name, name))
			return &test_dtbs[i];
	printf("# no test DTB called %s\n", name);
	ktap_case_failed = 1;
	return &missing;
}

/* RUN() for a case whose name is made at run time. */
#define RUN_NAMED(name, call)      \
	do {                       \
		log_buf_clear();   \
		call;              \
		ktap_result(name); \
	} while (0)

#endif
