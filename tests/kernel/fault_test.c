// SPDX-License-Identifier: MIT
/*
 * DOC: fault injection from the suites - the files, saved and restored
 *
 * The stress and fault_inject suites set injection up through the same
 * files a user writes (so the files are tested too), and give back what
 * they found, whatever the boot parameters had set.
 */
#include "tests/kernel/fault_test.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/vfs.h"
#include "lib/printf.h"
#include "lib/string.h"

#define DEBUGFS "/sys/kernel/debug/"

/* Reads @path into @value (@size bytes), without the line break. */
static int read_value(const char *path, char *value, size_t size)
{
	struct seq_buf m;
	int err;

	seq_buf_init(&m, value, size);
	err = vfs_read(path, &m);
	if (!err && m.len && value[m.len - 1] == '\n')
		value[m.len - 1] = '\0';
	return err;
}

static int save_one(const char *name, bool is_dir, void *ctx)
{
	struct fault_settings *s = ctx;
	char path[VFS_PATH_MAX];

	if (is_dir || s->nr == FAULT_FILES_MAX)
		return is_dir ? 0 : -ENOSPC;
	snprintf(path, sizeof(path), DEBUGFS "%s/%s", s->dir, name);
	strscpy(s->name[s->nr], name, sizeof(s->name[0]));
	return read_value(path, s->value[s->nr++], sizeof(s->value[0]));
}

int fault_settings_save(struct fault_settings *s, const char *dir)
{
	char path[VFS_PATH_MAX];

	s->dir = dir;
	s->nr = 0;
	snprintf(path, sizeof(path), DEBUGFS "%s", dir);
	return vfs_list(path, save_one, s);
}

void fault_settings_restore(const struct fault_settings *s)
{
	const char *probability = NULL;

	fault_set(s->dir, "probability", "0");
	for (unsigned int i = 0; i < s->nr; i++) {
		if (!strcmp(s->name[i], "probability"))
			probability = s->value[i];
		else
			fault_set(s->dir, s->name[i], s->value[i]);
	}
	if (probability)
		fault_set(s->dir, "probability", probability);
}

int fault_set(const char *dir, const char *file, const char *value)
{
	char path[VFS_PATH_MAX];

	snprintf(path, sizeof(path), DEBUGFS "%s/%s", dir, file);
	return vfs_write(path, value, strlen(value));
}

long file_get_number(const char *path)
{
	char value[24];
	long number;

	if (read_value(path, value, sizeof(value)) || parse_long(value, 0, &number))
		return -1;
	return number;
}

long fault_get(const char *dir, const char *file)
{
	char path[VFS_PATH_MAX];

	snprintf(path, sizeof(path), DEBUGFS "%s/%s", dir, file);
	return file_get_number(path);
}

int fault_arm(const char *dir, const char *probability, const char *times)
{
	bool pages = !strcmp(dir, "fail_page_alloc");
	int err = 0;

	err = fault_set(dir, "probability", "0") ?: err;
	err = fault_set(dir, "interval", "1") ?: err;
	err = fault_set(dir, "times", times) ?: err;
	err = fault_set(dir, "space", "0") ?: err;
	err = fault_set(dir, "verbose", "0") ?: err;
	err = fault_set(dir, "ignore-gfp-wait", "N") ?: err;
	err = fault_set(dir, pages ? "min-order" : "cache-filter", pages ? "0" : "N") ?: err;
	return fault_set(dir, "probability", probability) ?: err;
}
