// SPDX-License-Identifier: MIT
/*
 * DOC: dtinfo - what tern would make of a device tree
 *
 *	build/host/dtinfo FILE.dtb
 *
 * Runs the kernel's own dt_check() and boot_plan_from_dt() on the file
 * and prints the plan with boot_plan_print(): memory per node, reserved
 * ranges, harts, NUMA distances, console, bootargs, initrd. The kernel's
 * log lines (dropped entries, fallbacks) come first, on stdout too, so the
 * output reads like tern's boot log. Exit status 1 when the file cannot be
 * read, is not a sound DTB, or yields no usable plan.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/fdt/boot_plan.h"
#include "kernel/fdt/fdt.h"
#include "kernel/printk.h"

/* Larger than any real device tree; keeps a wrong file from eating RAM. */
#define DTINFO_MAX_FILE (64 * 1024 * 1024)

/* The console dtinfo registers: printk output goes to stdout, always. */
static void stdout_write(struct console *con, const char *s, size_t len)
{
	(void)con;
	fwrite(s, 1, len, stdout);
}

static struct console stdout_console = {
	.name = "stdout",
	.write = stdout_write,
};

/*
 * Reads all of @path into a malloc'd buffer of exactly its size (so ASan
 * notices any read past it). Returns the buffer, or NULL with errno set.
 */
static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long len;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET))
		goto out;
	if (len > DTINFO_MAX_FILE) {
		errno = EFBIG;
		goto out;
	}
	buf = malloc(len ? len : 1);
	if (buf && fread(buf, 1, len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
		errno = EIO;
	}
	*size = len;
out:
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	static struct boot_plan plan;	/* large: not on the stack */
	const char *why;
	size_t size;
	void *blob;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE.dtb\n", argv[0]);
		return 1;
	}
	blob = read_file(argv[1], &size);
	if (!blob) {
		fprintf(stderr, "dtinfo: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (dt_check(blob, size, &why)) {
		fprintf(stderr, "dtinfo: %s: not a valid device tree: %s\n",
			argv[1], why);
		free(blob);
		return 1;
	}
	register_console(&stdout_console, true);
	printf("dtinfo: %s: %u bytes of device tree (file %zu bytes)\n",
	       argv[1], dt_total_size(blob), size);
	err = boot_plan_from_dt(&plan, blob);
	boot_plan_print(&plan);
	fflush(stdout);
	free(blob);
	if (err) {
		fprintf(stderr, "dtinfo: %s: no usable boot plan (error %d)\n",
			argv[1], err);
		return 1;
	}
	return 0;
}
