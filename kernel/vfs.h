/* SPDX-License-Identifier: MIT */
/*
 * kernel/vfs.h - the virtual-file table behind /proc and /sys.
 *
 * A subsystem registers a file by absolute path with a show() handler that
 * writes the file's text into a struct seq_buf, and optionally a store()
 * handler that takes what was written to it. Directories are not registered:
 * they exist while some file lives below them. Files are never removed.
 *
 *	static int meminfo_show(struct seq_buf *m, void *data)
 *	{
 *		seq_printf(m, "MemTotal:       %8lu kB\n", total_kb);
 *		return 0;
 *	}
 *	static const struct vfs_file_ops meminfo_ops = { .show = meminfo_show };
 *	vfs_register("/proc/meminfo", &meminfo_ops, NULL);
 *
 * Paths: registered paths must be absolute and normalised ("/a/b", no "//",
 * no trailing '/', no "." or ".."), each name made of letters, digits and
 * "._-+:,@", the whole path shorter than VFS_PATH_MAX. Lookups are lenient:
 * a trailing '/', "//" and "." are accepted, ".." goes to the parent (it
 * must be a directory, as in Linux), and a relative path is taken from "/"
 * (there is no current directory).
 */
#ifndef TERN_KERNEL_VFS_H
#define TERN_KERNEL_VFS_H

#include "kernel/types.h"

#define VFS_MAX_FILES 512
#define VFS_PATH_MAX 128	/* bytes, with the terminating NUL */

/**
 * struct seq_buf - a bounded text buffer that show() handlers fill.
 * @buf: the caller's storage; always NUL-terminated.
 * @size: bytes in @buf; at most @size - 1 bytes of text fit.
 * @len: bytes of text held.
 * @overflowed: some text did not fit and was dropped.
 *
 * Once a write did not fit, the buffer keeps what fitted and takes no
 * more, so the text ends cleanly at the point where it was cut.
 */
struct seq_buf {
	char *buf;
	size_t size;
	size_t len;
	bool overflowed;
};

/* Points @m at @buf (@size > 0) and empties it. */
void seq_buf_init(struct seq_buf *m, char *buf, size_t size);

/* Empties @m and clears its overflow mark. */
void seq_buf_reset(struct seq_buf *m);

/*
 * Append text to @m, as printf, fputs, putc and fwrite would. What does
 * not fit is dropped and marks @m overflowed (see above).
 */
void seq_printf(struct seq_buf *m, const char *fmt, ...) __printf(2, 3);
void seq_vprintf(struct seq_buf *m, const char *fmt, va_list ap);
void seq_puts(struct seq_buf *m, const char *s);
void seq_putc(struct seq_buf *m, char c);
void seq_write(struct seq_buf *m, const void *data, size_t len);

/* Returns true if text was dropped because @m was full. */
static inline bool seq_has_overflowed(const struct seq_buf *m)
{
	return m->overflowed;
}

/**
 * struct vfs_file_ops - what a file does when read or written.
 * @show: writes the whole text of the file into @m; returns 0 or -errno.
 *	Runs without the vfs lock held, so it may take other locks.
 * @store: takes @len bytes written to the file (echo's newline is not
 *	included; @buf[@len] is a NUL, so it can be parsed as a string);
 *	returns 0 or -errno (-EINVAL for a value it does not accept).
 *	NULL for a read-only file.
 */
struct vfs_file_ops {
	int (*show)(struct seq_buf *m, void *data);
	int (*store)(const char *buf, size_t len, void *data);
};

/**
 * vfs_register() - add a file to the table.
 * @path: absolute, normalised path (see the top of this header); copied.
 * @ops: the handlers, @ops->show required; must stay valid forever.
 * @data: passed to the handlers.
 *
 * Safe from any hart at any time after boot. Failures are logged.
 * Return: 0; -EINVAL for a bad path or missing show(); -EEXIST if the path
 * is taken; -ENOTDIR if a parent is a file; -EISDIR if files already live
 * below @path; -ENOSPC when the table's VFS_MAX_FILES slots are used up.
 */
int vfs_register(const char *path, const struct vfs_file_ops *ops, void *data);

enum vfs_node_kind { VFS_FILE = 1, VFS_DIR = 2 };

/**
 * vfs_lookup() - find out what @path names.
 * Return: VFS_FILE or VFS_DIR; -ENOENT if nothing is there; -ENOTDIR if a
 * component before the last is a file.
 */
int vfs_lookup(const char *path);

/**
 * vfs_read() - fill @m with the text of the file at @path.
 * @m is emptied first. A file longer than @m holds is cut (at the end of
 * @m), never silently: the call then fails with -EOVERFLOW.
 * Return: 0; -ENOENT, -ENOTDIR, -EISDIR for a path that is no file;
 * -EOVERFLOW if the text was cut; or the error show() returned.
 */
int vfs_read(const char *path, struct seq_buf *m);

/**
 * vfs_write() - hand @len bytes at @buf to the store() handler of @path.
 * @buf must have a NUL at @buf[@len] (store() may parse it as a string).
 * Return: 0; -ENOENT, -ENOTDIR, -EISDIR for a path that is no file; -EPERM
 * for a read-only file; or the error store() returned.
 */
int vfs_write(const char *path, const char *buf, size_t len);

/*
 * Called once per child of a directory listed by vfs_list(), with the
 * child's name (not its path). Returns 0 to go on; anything else stops
 * the listing and is what vfs_list() returns.
 */
typedef int (*vfs_list_fn)(const char *name, bool is_dir, void *ctx);

/**
 * vfs_list() - call @fn for each immediate child of the directory @path,
 * files and subdirectories alike, in strcmp() order of their names.
 * @fn runs without the vfs lock held; files registered meanwhile show up
 * when their names sort after the last child already listed.
 * Return: 0; -ENOENT, or -ENOTDIR if @path is a file; or what @fn returned.
 */
int vfs_list(const char *path, vfs_list_fn fn, void *ctx);

#endif
