// SPDX-License-Identifier: MIT
/*
 * DOC: the hugetlb pools' files - Linux's sysfs and sysctl views
 *
 *   /sys/kernel/mm/hugepages/hugepages-<N>kB/
 *       nr_hugepages             rw  pool pages, surplus included; a write
 *                                    grows or shrinks the pool
 *       free_hugepages           r
 *       resv_hugepages           r
 *       surplus_hugepages        r
 *       nr_overcommit_hugepages  rw  surplus pages allowed (not 1 GiB)
 *   /sys/devices/system/node/node<M>/hugepages/hugepages-<N>kB/
 *       nr_hugepages             rw  the node's pages; a write changes only them
 *       free_hugepages           r
 *       surplus_hugepages        r
 *   /proc/sys/vm/nr_hugepages, /proc/sys/vm/nr_overcommit_hugepages
 *                                rw  the same for the default size
 *
 * Node directories exist for nodes with memory, as Linux registers them.
 * A file's data names what it shows: (hstate index, node + 1 or 0 for
 * all, which count) packed into the pointer; the sysctl files carry the
 * index DEFAULT_HSTATE, read at each access since default_hugepagesz= may
 * have chosen another size.
 */
#include "mm/hugetlb.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/vfs.h"
#include "lib/printf.h"
#include "lib/string.h"

enum hugetlb_count {
	NR_HUGEPAGES,
	FREE_HUGEPAGES,
	RESV_HUGEPAGES,
	SURPLUS_HUGEPAGES,
	NR_OVERCOMMIT_HUGEPAGES,
};

#define DEFAULT_HSTATE 0xff

static void *file_data(unsigned int idx, int nid, enum hugetlb_count count)
{
	return (void *)(uintptr_t)(idx << 16 | (unsigned int)(nid + 1) << 8 | count);
}

/* Unpacks file_data(); Returns the hstate. */
static struct hstate *file_hstate(void *data, int *nid, enum hugetlb_count *count)
{
	uintptr_t v = (uintptr_t)data;
	unsigned int idx = (unsigned int)(v >> 16);

	*nid = (int)((v >> 8) & 0xff) - 1;
	*count = (enum hugetlb_count)(v & 0xff);
	return idx == DEFAULT_HSTATE ? &default_hstate : &hstates[idx];
}

static int hugetlb_count_show(struct seq_buf *m, void *data)
{
	enum hugetlb_count count;
	int nid;
	struct hstate *h = file_hstate(data, &nid, &count);
	unsigned long value;

	switch (count) {
	case NR_HUGEPAGES:
		value = nid < 0 ? h->nr_huge_pages : h->nr_huge_pages_node[nid];
		break;
	case FREE_HUGEPAGES:
		value = nid < 0 ? h->free_huge_pages : h->free_huge_pages_node[nid];
		break;
	case RESV_HUGEPAGES:
		value = h->resv_huge_pages;
		break;
	case SURPLUS_HUGEPAGES:
		value = nid < 0 ? h->surplus_huge_pages : h->surplus_huge_pages_node[nid];
		break;
	default:
		value = h->nr_overcommit_huge_pages;
	}
	seq_printf(m, "%lu\n", READ_ONCE(value));
	return 0;
}

/*
 * Parses a count written to a file: decimal, blanks around it allowed (as
 * Linux's kstrtoul() takes "8\n"). Returns 0, or -EINVAL (logged).
 */
static int parse_written_count(const char *buf, size_t len, const char *file,
			       unsigned long *count)
{
	char text[24];

	while (len && (*buf == ' ' || *buf == '\t' || *buf == '\n'))
		buf++, len--;
	while (len && (buf[len - 1] == ' ' || buf[len - 1] == '\t' || buf[len - 1] == '\n'))
		len--;
	if (len && len < sizeof(text)) {
		memcpy(text, buf, len);
		text[len] = '\0';
		if (text[0] != '-' && text[0] != '+' && !parse_ulong(text, 0, count))
			return 0;
	}
	pr_err("%s: '%.*s' is not a page count\n", file, (int)min(len, (size_t)32), buf);
	return -EINVAL;
}

static int hugetlb_count_store(const char *buf, size_t len, void *data)
{
	enum hugetlb_count which;
	unsigned long count;
	int nid, err;
	struct hstate *h = file_hstate(data, &nid, &which);

	err = parse_written_count(buf, len, which == NR_HUGEPAGES ? "nr_hugepages" :
				  "nr_overcommit_hugepages", &count);
	if (err)
		return err;
	if (which == NR_OVERCOMMIT_HUGEPAGES)
		return set_nr_overcommit_huge_pages(h, count);
	return set_max_huge_pages(h, count, nid);
}

static const struct vfs_file_ops hugetlb_ro_ops = { .show = hugetlb_count_show };
static const struct vfs_file_ops hugetlb_rw_ops = {
	.show = hugetlb_count_show,
	.store = hugetlb_count_store,
};

static const struct {
	const char *name;
	enum hugetlb_count count;
	bool per_node;
} hugetlb_files[] = {
	{ "nr_hugepages", NR_HUGEPAGES, true },
	{ "free_hugepages", FREE_HUGEPAGES, true },
	{ "resv_hugepages", RESV_HUGEPAGES, false },
	{ "surplus_hugepages", SURPLUS_HUGEPAGES, true },
	{ "nr_overcommit_hugepages", NR_OVERCOMMIT_HUGEPAGES, false },
};

/* Registers @dir/<each file> of @h (@nid >= 0: a node's three); Returns 0 or -errno. */
static int register_hstate_dir(const char *dir, unsigned int idx, int nid)
{
	char path[VFS_PATH_MAX];
	int err = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(hugetlb_files); i++) {
		enum hugetlb_count count = hugetlb_files[i].count;
		bool writable = count == NR_HUGEPAGES || count == NR_OVERCOMMIT_HUGEPAGES;

		if (nid >= 0 && !hugetlb_files[i].per_node)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, hugetlb_files[i].name);
		err = vfs_register(path, writable ? &hugetlb_rw_ops : &hugetlb_ro_ops,
				   file_data(idx, nid, count)) ?: err;
	}
	return err;
}

int hugetlb_register_files(void)
{
	char dir[VFS_PATH_MAX];
	struct hstate *h;
	int err = 0, nid;

	for_each_hstate(h) {
		unsigned int idx = (unsigned int)(h - hstates);

		snprintf(dir, sizeof(dir), "/sys/kernel/mm/hugepages/%s", h->name);
		err = register_hstate_dir(dir, idx, NUMA_NO_NODE) ?: err;
		for_each_node_state(nid, N_MEMORY) {
			snprintf(dir, sizeof(dir),
				 "/sys/devices/system/node/node%d/hugepages/%s", nid, h->name);
			err = register_hstate_dir(dir, idx, nid) ?: err;
		}
	}
	if (!hugetlb_max_hstate)
		return err;	/* no pools (hugetlb_boot_setup() has not run): no default size */
	err = vfs_register("/proc/sys/vm/nr_hugepages", &hugetlb_rw_ops,
			   file_data(DEFAULT_HSTATE, NUMA_NO_NODE, NR_HUGEPAGES)) ?: err;
	err = vfs_register("/proc/sys/vm/nr_overcommit_hugepages", &hugetlb_rw_ops,
			   file_data(DEFAULT_HSTATE, NUMA_NO_NODE,
				     NR_OVERCOMMIT_HUGEPAGES)) ?: err;
	return err;
}
