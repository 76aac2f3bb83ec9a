// SPDX-License-Identifier: MIT
/*
 * DOC: vfs - the virtual-file table
 *
 * /proc and /sys in tern are a flat table of files, each an absolute path
 * with handlers (kernel/vfs.h). Directories are never stored: a directory
 * is every path that some file lives below, so "/sys/devices/system/node"
 * exists as soon as "/sys/devices/system/node/node0/meminfo" is registered
 * and nothing can be left behind empty.
 *
 * The table only grows. Registration appends an entry under vfs_lock and
 * never moves or changes it afterwards, so a lookup may drop the lock and
 * keep using the entry it found; handlers thus run without vfs_lock, free
 * to take their own locks or call other harts.
 *
 * With at most VFS_MAX_FILES entries every operation is a linear scan;
 * listing a directory finds each child as "the smallest name after the
 * previous one", which needs no sorting, no memory, and stays correct when
 * another hart registers a file while the listing's callback runs.
 *
 * Internally the root directory's normalised path is "" rather than "/",
 * so "below the directory D" is always "starts with D followed by '/'".
 */
#include "kernel/vfs.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "lib/printf.h"
#include "lib/string.h"

struct vfs_file {
	char path[VFS_PATH_MAX];
	const struct vfs_file_ops *ops;
	void *data;
};

static DEFINE_SPINLOCK(vfs_lock);	/* guards vfs_files, vfs_nr_files */
static struct vfs_file vfs_files[VFS_MAX_FILES];
static unsigned int vfs_nr_files;

/* ------------------------------------------------------------ seq_buf --- */

void seq_buf_init(struct seq_buf *m, char *buf, size_t size)
{
	m->buf = buf;
	m->size = size;
	seq_buf_reset(m);
}

void seq_buf_reset(struct seq_buf *m)
{
	m->len = 0;
	m->overflowed = false;
	m->buf[0] = '\0';
}

void seq_write(struct seq_buf *m, const void *data, size_t len)
{
	size_t room = m->size - 1 - m->len;

	if (m->overflowed)
		return;
	if (len > room) {
		len = room;
		m->overflowed = true;
	}
	memcpy(m->buf + m->len, data, len);
	m->len += len;
	m->buf[m->len] = '\0';
}

void seq_puts(struct seq_buf *m, const char *s)
{
	seq_write(m, s, strlen(s));
}

void seq_putc(struct seq_buf *m, char c)
{
	seq_write(m, &c, 1);
}

void seq_vprintf(struct seq_buf *m, const char *fmt, va_list ap)
{
	size_t room = m->size - m->len;	/* the NUL included */
	int n;

	if (m->overflowed)
		return;
	/* vsnprintf() stores what fits, NUL-terminated, and says what didn't. */
	n = vsnprintf(m->buf + m->len, room, fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= room) {
		m->len = m->size - 1;
		m->overflowed = true;
	} else {
		m->len += n;
	}
}

void seq_printf(struct seq_buf *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seq_vprintf(m, fmt, ap);
	va_end(ap);
}

/* -------------------------------------------------------------- paths --- */

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("._-+:,@", c));
}

/* Returns true if @path starts with the @dir_len bytes of @dir and a '/'. */
static bool is_below(const char *path, const char *dir, size_t dir_len)
{
	return strncmp(path, dir, dir_len) == 0 && path[dir_len] == '/';
}

/* Returns NULL if @path may be registered, else what is wrong with it. */
static const char *path_problem(const char *path)
{
	const char *name = path;

	if (!path || path[0] != '/' || path[1] == '\0')
		return "not an absolute path to a file";
	if (strnlen(path, VFS_PATH_MAX) == VFS_PATH_MAX)
		return "path longer than 127 bytes";
	while (*name == '/') {
		const char *end = ++name;

		while (is_name_char(*end))
			end++;
		if (*end && *end != '/')
			return "a name may only use letters, digits and ._-+:,@";
		if (end == name)
			return "empty name (\"//\" or a trailing '/')";
		if ((end - name == 1 && name[0] == '.') ||
		    (end - name == 2 && name[0] == '.' && name[1] == '.'))
			return "\".\" and \"..\" are not allowed";
		name = end;
	}
	return NULL;
}

/*
 * Returns what the normalised path @norm names: VFS_FILE (and the entry in
 * @file, if not NULL), VFS_DIR, -ENOTDIR if a file stands where a parent
 * directory should be, or -ENOENT. The caller holds vfs_lock.
 */
static int node_kind_locked(const char *norm, const struct vfs_file **file)
{
	size_t norm_len = strlen(norm);
	bool is_dir = norm_len == 0;

	for (unsigned int i = 0; i < vfs_nr_files; i++) {
		const struct vfs_file *entry = &vfs_files[i];

		if (strcmp(entry->path, norm) == 0) {
			if (file)
				*file = entry;
			return VFS_FILE;
		}
		if (is_below(norm, entry->path, strlen(entry->path)))
			return -ENOTDIR;
		if (is_below(entry->path, norm, norm_len))
			is_dir = true;
	}
	return is_dir ? VFS_DIR : -ENOENT;
}

/*
 * Normalises @path into @norm (VFS_PATH_MAX bytes): drops empty names and
 * ".", takes ".." to the parent, which must then be a directory. Returns 0,
 * or -ENOENT/-ENOTDIR for a path that cannot name anything registered.
 * The caller holds vfs_lock (".." looks at the table).
 */
static int normalise_locked(const char *path, char *norm)
{
	size_t len = 0;

	norm[0] = '\0';
	while (*path) {
		const char *name = path;
		size_t name_len;
		int kind;

		while (*path && *path != '/')
			path++;
		name_len = path - name;
		if (*path)
			path++;
		if (name_len == 0 || (name_len == 1 && name[0] == '.'))
			continue;
		if (name_len == 2 && name[0] == '.' && name[1] == '.') {
			kind = node_kind_locked(norm, NULL);
			if (kind < 0)
				return kind;
			if (kind == VFS_FILE)
				return -ENOTDIR;
			while (len && norm[--len] != '/')
				;
			norm[len] = '\0';
			continue;
		}
		if (len + 1 + name_len >= VFS_PATH_MAX) {
			/* Longer than any registered path: find out why. */
			kind = node_kind_locked(norm, NULL);
			return kind == VFS_FILE ? -ENOTDIR : -ENOENT;
		}
		norm[len++] = '/';
		memcpy(norm + len, name, name_len);
		len += name_len;
		norm[len] = '\0';
	}
	return 0;
}

/*
 * Resolves @path into @norm (VFS_PATH_MAX bytes) and looks it up. Returns
 * VFS_FILE (with the entry in @file, if not NULL), VFS_DIR, or -errno.
 */
static int resolve(const char *path, char *norm, const struct vfs_file **file)
{
	unsigned long flags;
	int ret;

	if (!path[0])
		return -ENOENT;	/* as in Linux: "" names nothing */
	spin_lock_irqsave(&vfs_lock, flags);
	ret = normalise_locked(path, norm);
	if (ret == 0)
		ret = node_kind_locked(norm, file);
	spin_unlock_irqrestore(&vfs_lock, flags);
	return ret;
}

/* ---------------------------------------------------------- the table --- */

int vfs_register(const char *path, const struct vfs_file_ops *ops, void *data)
{
	const char *problem = path_problem(path);
	unsigned long flags;
	int ret = 0;

	if (!problem && (!ops || !ops->show))
		problem = "no show() handler";
	if (problem) {
		pr_err("vfs: cannot register %s: %s\n", path, problem);
		return -EINVAL;
	}

	spin_lock_irqsave(&vfs_lock, flags);
	switch (node_kind_locked(path, NULL)) {
	case VFS_FILE:
		problem = "already registered";
		ret = -EEXIST;
		break;
	case VFS_DIR:
		problem = "it is a directory of other files";
		ret = -EISDIR;
		break;
	case -ENOTDIR:
		problem = "a parent directory is a file";
		ret = -ENOTDIR;
		break;
	default:
		if (vfs_nr_files == VFS_MAX_FILES) {
			problem = "table full (raise VFS_MAX_FILES in kernel/vfs.h)";
			ret = -ENOSPC;
			break;
		}
		strscpy(vfs_files[vfs_nr_files].path, path, VFS_PATH_MAX);
		vfs_files[vfs_nr_files].ops = ops;
		vfs_files[vfs_nr_files].data = data;
		vfs_nr_files++;
	}
	spin_unlock_irqrestore(&vfs_lock, flags);

	if (problem)
		pr_err("vfs: cannot register %s: %s\n", path, problem);
	return ret;
}

int vfs_lookup(const char *path)
{
	char norm[VFS_PATH_MAX];

	return resolve(path, norm, NULL);
}

int vfs_read(const char *path, struct seq_buf *m)
{
	char norm[VFS_PATH_MAX];
	const struct vfs_file *file;
	int ret;

	seq_buf_reset(m);
	ret = resolve(path, norm, &file);
	if (ret < 0)
		return ret;
	if (ret == VFS_DIR)
		return -EISDIR;
	ret = file->ops->show(m, file->data);
	if (ret)
		return ret;
	return seq_has_overflowed(m) ? -EOVERFLOW : 0;
}

int vfs_write(const char *path, const char *buf, size_t len)
{
	char norm[VFS_PATH_MAX];
	const struct vfs_file *file;
	int ret;

	ret = resolve(path, norm, &file);
	if (ret < 0)
		return ret;
	if (ret == VFS_DIR)
		return -EISDIR;
	if (!file->ops->store)
		return -EPERM;
	return file->ops->store(buf, len, file->data);
}

/*
 * Compares the @len-byte name at @a with the string @b, as strcmp() would
 * compare them. Returns <0, 0 or >0.
 */
static int name_cmp(const char *a, size_t len, const char *b)
{
	int diff = strncmp(a, b, len);

	if (diff)
		return diff;
	return b[len] ? -1 : 0;
}

/*
 * Finds the child of directory @dir (normalised, @dir_len bytes) whose name
 * sorts first after @prev, copies it to @next (VFS_PATH_MAX bytes) and
 * says in @is_dir whether it is a directory. Returns false when there is
 * none. The caller holds vfs_lock.
 */
static bool next_child_locked(const char *dir, size_t dir_len,
			      const char *prev, char *next, bool *is_dir)
{
	bool found = false;

	for (unsigned int i = 0; i < vfs_nr_files; i++) {
		const char *path = vfs_files[i].path;
		const char *name, *end;
		size_t name_len;

		if (!is_below(path, dir, dir_len))
			continue;
		name = path + dir_len + 1;
		end = strchr(name, '/');
		name_len = end ? (size_t)(end - name) : strlen(name);
		if (name_cmp(name, name_len, prev) <= 0)
			continue;
		if (found && name_cmp(name, name_len, next) >= 0)
			continue;
		found = true;
		memcpy(next, name, name_len);
		next[name_len] = '\0';
		*is_dir = end != NULL;
	}
	return found;
}

int vfs_list(const char *path, vfs_list_fn fn, void *ctx)
{
	char dir[VFS_PATH_MAX], prev[VFS_PATH_MAX] = "", next[VFS_PATH_MAX];
	size_t dir_len;
	unsigned long flags;
	bool found, is_dir = false;
	int ret;

	ret = resolve(path, dir, NULL);
	if (ret < 0)
		return ret;
	if (ret == VFS_FILE)
		return -ENOTDIR;
	dir_len = strlen(dir);

	for (;;) {
		spin_lock_irqsave(&vfs_lock, flags);
		found = next_child_locked(dir, dir_len, prev, next, &is_dir);
		spin_unlock_irqrestore(&vfs_lock, flags);
		if (!found)
			return 0;
		ret = fn(next, is_dir, ctx);
		if (ret)
			return ret;
		memcpy(prev, next, sizeof(prev));
	}
}
