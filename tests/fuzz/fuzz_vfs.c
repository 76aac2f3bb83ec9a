// SPDX-License-Identifier: MIT
/*
 * DOC: fuzz_vfs - every virtual file's write handler, and path lookup
 *
 * Once: the machine of tests/fuzz/fuzz_files.h boots with its files,
 * /proc/sysrq-trigger among them. Each run:
 *
 * - writes the whole input to each writable file in turn (vfs_write, the
 *   NUL after it as vfs.h promises store()): a write that fails must leave
 *   the file as it was, one that succeeds is undone by writing the
 *   default back, which must take and read back; at the end every file
 *   must show its default. The one input not written is a 'c' to
 *   sysrq-trigger, which crashes the kernel on purpose (its b and o
 *   reset and power off: the fakes jump back here);
 * - takes the first line of the input as a path: vfs_lookup(), vfs_read()
 *   and vfs_list() must agree on what it names (a file reads and does not
 *   list, a directory lists and reads -EISDIR, nothing is -ENOENT or
 *   -ENOTDIR for all three), a listing comes in strcmp() order with names
 *   that are one component each, each of which looks up as what the
 *   listing said it was.
 */
#include "tests/fuzz/fuzz_files.h"

#define SYSRQ_PATH "/proc/sysrq-trigger"

static char read_buf[64 * 1024];	/* as big as the shell's cat buffer */

struct listing {
	const char *dir;
	char prev[VFS_PATH_MAX];
	unsigned int count;
};

static int check_child(const char *name, bool is_dir, void *ctx)
{
	struct listing *l = ctx;
	static char path[2 * 1024];
	size_t len = strlen(name);

	FUZZ_CHECK(len && !strchr(name, '/'), "listed name \"%s\"", name);
	FUZZ_CHECK(!l->count || strcmp(l->prev, name) < 0, "\"%s\" listed after \"%s\"",
		   name, l->prev);
	FUZZ_CHECK(len < sizeof(l->prev), "name of %zu bytes", len);
	strcpy(l->prev, name);
	l->count++;
	snprintf(path, sizeof(path), "%s/%s", l->dir, name);
	FUZZ_CHECK(vfs_lookup(path) == (is_dir ? VFS_DIR : VFS_FILE),
		   "%s listed as a %s, looks up as %d", path,
		   is_dir ? "directory" : "file", vfs_lookup(path));
	return 0;
}

static void check_path(const char *path)
{
	struct listing l = { .dir = path };
	int kind = vfs_lookup(path);
	size_t len;
	int read = fuzz_read(path, read_buf, sizeof(read_buf), &len);
	int list = vfs_list(path, check_child, &l);

	FUZZ_CHECK(read_buf[len] == '\0' && len < sizeof(read_buf),
		   "read of %s: %zu bytes", path, len);
	switch (kind) {
	case VFS_FILE:
		FUZZ_CHECK(read != -ENOENT && read != -ENOTDIR && read != -EISDIR &&
			   list == -ENOTDIR, "%s: file, read %d, list %d", path,
			   read, list);
		break;
	case VFS_DIR:
		FUZZ_CHECK(read == -EISDIR && list == 0 && l.count,
			   "%s: directory, read %d, list %d (%u children)", path,
			   read, list, l.count);
		break;
	default:
		FUZZ_CHECK((kind == -ENOENT || kind == -ENOTDIR) && read == kind &&
			   list == kind, "%s: lookup %d, read %d, list %d", path,
			   kind, read, list);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_files_boot(true);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *value = fuzz_string(data, size);
	static unsigned int i;	/* static: survives the jump back */

	log_buf_clear();
	for (i = 0; i < fuzz_nr_writable; i++) {
		const char *path = fuzz_writable[i].path;
		int err;

		if (!strcmp(path, SYSRQ_PATH) && size && value[0] == 'c')
			continue;
		fuzz_escape_armed = true;
		if (setjmp(fuzz_escape) == 0) {
			err = vfs_write(path, value, size);
			if (err)
				fuzz_file_check_unchanged(&fuzz_writable[i],
							  "after a refused write");
			else
				fuzz_file_restore(&fuzz_writable[i]);
		}
		fuzz_escape_armed = false;
	}
	/* Also what a write to one file did to another. */
	fuzz_files_restore();

	value[strcspn(value, "\n")] = '\0';
	check_path(value);
	free(value);
	return 0;
}
