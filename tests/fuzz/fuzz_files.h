/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_files.h - a booted machine with its virtual files, for
 * the targets that write to them (fuzz_vfs, fuzz_shell).
 *
 * fuzz_files_boot() boots the unmodified mm/ on tests/host/mm_host.h's
 * slab machine (2 nodes, 4 harts, 64 MiB each) as start_kernel() does it
 * (the hugetlb pools' setup, mm_init, slab_init, vmalloc_init,
 * hugetlb_init), registers the files the kernel
 * registers on every machine from portable code (mm_register_files,
 * numa_register_files, and sysrq_init if asked), then walks the tree
 * from "/" and keeps each writable file (vfs_write of nothing is not
 * -EPERM) with the text it shows at boot, its default.
 *
 * fuzz_file_restore() writes one file's default back and checks that it
 * took (the file shows its default again); fuzz_files_restore() does it
 * for every file, so that each run starts from the same machine.
 * fuzz_file_check_unchanged() is the check alone, for after a write that
 * was refused: a refused value must change nothing.
 *
 * Also the fakes of what does not return on a real machine (power off,
 * restart) or is not there on the host (ktest_run, shell_idle): the
 * first two jump back to the run with fuzz_escape, as the real ones never
 * return either.
 */
#ifndef TERN_TESTS_FUZZ_FUZZ_FILES_H
#define TERN_TESTS_FUZZ_FUZZ_FILES_H

#include <setjmp.h>

#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/reboot.h"
#include "kernel/sysrq.h"
#include "kernel/vfs.h"
#include "mm/hugetlb.h"
#include "mm/mmzone.h"
#include "mm/numa.h"
#include "mm/vmalloc.h"
#include "tests/fuzz/fuzz.h"
#include "tests/host/mm_host.h"

#define FUZZ_DEFAULT_MAX 256	/* longest default text kept */

struct fuzz_file {
	char path[VFS_PATH_MAX];
	char value[FUZZ_DEFAULT_MAX];	/* its text at boot, newline cut */
	size_t len;
	bool has_value;			/* show() worked: restore it */
};

static struct fuzz_file fuzz_writable[VFS_MAX_FILES];
static unsigned int fuzz_nr_writable;
static char fuzz_file_paths[VFS_MAX_FILES][VFS_PATH_MAX];	/* every file */
static unsigned int fuzz_nr_files;

static jmp_buf fuzz_escape;
static bool fuzz_escape_armed;

static __noreturn void fuzz_escape_now(const char *what)
{
	FUZZ_CHECK(fuzz_escape_armed, "%s outside a run", what);
	longjmp(fuzz_escape, 1);
}

void machine_power_off(void)
{
	fuzz_escape_now("machine_power_off");
}

void machine_restart(void)
{
	fuzz_escape_now("machine_restart");
}

void machine_power_off_or_restart(void)
{
	fuzz_escape_now("machine_power_off_or_restart");
}

void emergency_restart(void)
{
	fuzz_escape_now("emergency_restart");
}

int ktest_run(const char *suite_or_null)
{
	return suite_or_null && strcmp(suite_or_null, "page") ? -ENOENT : 0;
}

void shell_idle(void)
{
	fuzz_escape_now("shell_idle");
}

/* vfs_list() callback: records files, descends into directories. */
static int fuzz_walk(const char *name, bool is_dir, void *ctx)
{
	const char *dir = ctx;
	char path[VFS_PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ? dir : "", name);
	if (is_dir)
		return vfs_list(path, fuzz_walk, path);
	FUZZ_CHECK(fuzz_nr_files < VFS_MAX_FILES, "more files than the table");
	strcpy(fuzz_file_paths[fuzz_nr_files++], path);
	return 0;
}

/* Reads @path into @buf (@size bytes); Returns vfs_read()'s result. */
static int fuzz_read(const char *path, char *buf, size_t size, size_t *len)
{
	struct seq_buf m;
	int err;

	seq_buf_init(&m, buf, size);
	err = vfs_read(path, &m);
	*len = m.len;
	return err;
}

static void fuzz_files_boot(bool with_sysrq)
{
	static char text[FUZZ_DEFAULT_MAX];

	struct mm_machine machine = slab_machine;

	/* The hugetlb pools too, so that their files are written as well. */
	machine.before_mm_init = hugetlb_boot_setup;
	slab_boot(&machine);
	vmalloc_init();
	hugetlb_init();
	FUZZ_CHECK(mm_register_files() == 0, "mm_register_files");
	FUZZ_CHECK(numa_register_files() == 0, "numa_register_files");
	if (with_sysrq)
		FUZZ_CHECK(sysrq_init() == 0, "sysrq_init");
	FUZZ_CHECK(vfs_list("/", fuzz_walk, "/") == 0, "walk");
	for (unsigned int i = 0; i < fuzz_nr_files; i++) {
		struct fuzz_file *f = &fuzz_writable[fuzz_nr_writable];
		size_t len;

		if (vfs_write(fuzz_file_paths[i], "", 0) == -EPERM)
			continue;
		strcpy(f->path, fuzz_file_paths[i]);
		if (fuzz_read(f->path, text, sizeof(text), &len) == 0) {
			while (len && text[len - 1] == '\n')
				len--;
			memcpy(f->value, text, len);
			f->value[len] = '\0';
			f->len = len;
			f->has_value = true;
		}
		fuzz_nr_writable++;
	}
	fprintf(stderr, "fuzz_files: %u files, %u writable:", fuzz_nr_files,
		fuzz_nr_writable);
	for (unsigned int i = 0; i < fuzz_nr_writable; i++)
		fprintf(stderr, " %s", fuzz_writable[i].path);
	fputc('\n', stderr);
}

/* @f, if it has a default, shows it (@why: after what). */
static void fuzz_file_check_unchanged(const struct fuzz_file *f, const char *why)
{
	static char text[FUZZ_DEFAULT_MAX];
	size_t len;
	int err;

	if (!f->has_value)
		return;
	err = fuzz_read(f->path, text, sizeof(text), &len);
	while (len && text[len - 1] == '\n')
		len--;
	FUZZ_CHECK(err == 0 && len == f->len && !memcmp(text, f->value, len),
		   "%s: %s shows \"%.*s\", not its default \"%s\"", why, f->path,
		   (int)len, text, f->value);
}

/* Writes @f's default back; it must take it and show it. */
static void fuzz_file_restore(const struct fuzz_file *f)
{
	if (!f->has_value)
		return;
	FUZZ_CHECK(vfs_write(f->path, f->value, f->len) == 0,
		   "%s refuses its default \"%s\"", f->path, f->value);
	fuzz_file_check_unchanged(f, "after writing it back");
}

/* Every default back, and every file showing it. */
static void fuzz_files_restore(void)
{
	for (unsigned int i = 0; i < fuzz_nr_writable; i++)
		fuzz_file_restore(&fuzz_writable[i]);
	for (unsigned int i = 0; i < fuzz_nr_writable; i++)
		fuzz_file_check_unchanged(&fuzz_writable[i], "after the restore");
}

#endif
