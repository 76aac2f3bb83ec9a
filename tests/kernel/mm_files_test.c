// SPDX-License-Identifier: MIT
/*
 * DOC: mm_files suite - the memory files read back and checked
 *
 * Reads /proc/meminfo, vmstat, zoneinfo, buddyinfo, pagetypeinfo, the
 * nodeN/meminfo and nodeN/numastat files and the vm sysctls through
 * vfs_read() and checks two things: the layout is Linux 6.1's (field names
 * in order, widths, the lines a parser counts on), and the numbers are the
 * allocator's (MemTotal, watermarks, free blocks). The expected field
 * lists here are written out again rather than taken from mm/meminfo.c, so
 * that a slip in either one shows.
 *
 * Free-page counts move while harts allocate, so the checks that compare
 * two readings retry a few times and pass once a reading was stable.
 */
#include <asm/page.h>
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/smp.h"
#include "kernel/vfs.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/slab.h"

#define KB_PER_PAGE (PAGE_SIZE >> 10)
#define STABLE_TRIES 5
#define NO_VALUE (~0UL)	/* a field that was not there */

/* Big enough for zoneinfo of 64 harts on two nodes. */
static char file_text[64 * 1024];
static struct seq_buf file_seq = { .buf = file_text, .size = sizeof(file_text) };

/* Reads @path; Returns its text, or NULL after failing @t. */
static const char *read_text(struct ktest *t, const char *path)
{
	int err = vfs_read(path, &file_seq);

	if (err) {
		ktest_fail(t, __FILE__, __LINE__, "vfs_read(%s) = %d", path, err);
		return NULL;
	}
	return file_text;
}

/* Returns the start of the line after @line, or NULL if @line is the last. */
static const char *next_line(const char *line)
{
	const char *nl = strchr(line, '\n');

	return nl && nl[1] ? nl + 1 : NULL;
}

/* Returns the length of @line without its '\n'. */
static size_t line_len(const char *line)
{
	const char *nl = strchr(line, '\n');

	return nl ? (size_t)(nl - line) : strlen(line);
}

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Skips blanks at *@p, then reads a decimal number and moves *@p past it.
 * Returns false, leaving *@p alone, if no digit follows the blanks.
 */
static bool scan_ulong(const char **p, unsigned long *value)
{
	const char *s = *p;

	while (*s == ' ')
		s++;
	if (!is_digit(*s))
		return false;
	for (*value = 0; is_digit(*s); s++)
		*value = *value * 10 + (unsigned long)(*s - '0');
	*p = s;
	return true;
}

/* Returns the line of @text that starts with @prefix, or NULL. */
static const char *find_line(const char *text, const char *prefix)
{
	for (const char *line = text; line; line = next_line(line))
		if (starts_with(line, prefix))
			return line;
	return NULL;
}

/*
 * Returns the value of the line "@label<blanks>N..." in @text, or
 * NO_VALUE after failing @t if there is none.
 */
static unsigned long field_value(struct ktest *t, const char *text,
				 const char *label)
{
	const char *line = find_line(text, label);
	unsigned long value;

	if (!line)
		ktest_fail(t, __FILE__, __LINE__, "no line '%s'", label);
	line = line ? line + strlen(label) : NULL;
	if (line && scan_ulong(&line, &value))
		return value;
	if (line)
		ktest_fail(t, __FILE__, __LINE__, "'%s' has no number", label);
	return NO_VALUE;
}

/* Returns the number of online cpus. */
static unsigned int online_cpus(void)
{
	unsigned int cpu, n = 0;

	for_each_online_cpu(cpu)
		n++;
	return n;
}

/* Returns zone @zid of node @nid if it has pages, else NULL. */
static struct zone *populated(int nid, int zid)
{
	struct pglist_data *pgdat = NODE_DATA(nid);

	return pgdat && populated_zone(&pgdat->node_zones[zid]) ?
		&pgdat->node_zones[zid] : NULL;
}

/* ---------------------------------------------------------- meminfo --- */

/* Linux 6.1's /proc/meminfo for riscv64 (see mm/meminfo.c), in order. */
static const struct {
	const char *name;
	bool kb;	/* "%8lu kB"; else a huge-page count, "%5lu" */
} meminfo_fields[] = {
	{ "MemTotal", true },	{ "MemFree", true },	{ "MemAvailable", true },
	{ "Buffers", true },	{ "Cached", true },	{ "SwapCached", true },
	{ "Active", true },	{ "Inactive", true },	{ "Active(anon)", true },
	{ "Inactive(anon)", true }, { "Active(file)", true },
	{ "Inactive(file)", true }, { "Unevictable", true },
	{ "Mlocked", true },	{ "SwapTotal", true },	{ "SwapFree", true },
	{ "Dirty", true },	{ "Writeback", true },	{ "AnonPages", true },
	{ "Mapped", true },	{ "Shmem", true },	{ "KReclaimable", true },
	{ "Slab", true },	{ "SReclaimable", true }, { "SUnreclaim", true },
	{ "KernelStack", true }, { "PageTables", true },
	{ "SecPageTables", true }, { "NFS_Unstable", true },
	{ "Bounce", true },	{ "WritebackTmp", true }, { "CommitLimit", true },
	{ "Committed_AS", true }, { "VmallocTotal", true },
	{ "VmallocUsed", true }, { "VmallocChunk", true }, { "Percpu", true },
	{ "HugePages_Total", false }, { "HugePages_Free", false },
	{ "HugePages_Rsvd", false }, { "HugePages_Surp", false },
	{ "Hugepagesize", true }, { "Hugetlb", true },
};

/*
 * Checks that @line is "@name:", blanks to column 16 (19 for a huge-page
 * count), the number right-aligned in 8 columns (5 for a count) so that
 * it ends in column 24 unless it is wider, then " kB" if @kb, then the
 * line's end.
 */
static void check_meminfo_line(struct ktest *t, const char *line,
			       const char *name, bool kb)
{
	size_t len = line_len(line), name_len = strlen(name);
	size_t label = kb ? 16 : 19, digits;
	const char *p = line + name_len + 1, *start;
	unsigned long value;

	if (strncmp(line, name, name_len) || line[name_len] != ':') {
		ktest_fail(t, __FILE__, __LINE__, "expected %s:, got '%.*s'",
			   name, (int)len, line);
		return;
	}
	if (*p != ' ' || !scan_ulong(&p, &value)) {
		ktest_fail(t, __FILE__, __LINE__, "%s: no blank and number", name);
		return;
	}
	for (start = p; start > line && is_digit(start[-1]); start--)
		;
	digits = (size_t)(p - start);
	if (digits <= 24 - label)
		KTEST_EXPECT_EQ(t, p - line, 24);
	else
		KTEST_EXPECT_EQ(t, start - line, label);
	KTEST_EXPECT_EQ(t, len, (size_t)(p - line) + (kb ? 3 : 0));
	if (kb)
		KTEST_EXPECT(t, !strncmp(p, " kB", 3));
}

static void meminfo_fields_in_linux_order(struct ktest *t)
{
	const char *text = read_text(t, "/proc/meminfo"), *line = text;
	unsigned int i;

	if (!text)
		return;
	for (i = 0; i < ARRAY_SIZE(meminfo_fields) && line; i++, line = next_line(line))
		check_meminfo_line(t, line, meminfo_fields[i].name,
				   meminfo_fields[i].kb);
	KTEST_EXPECT_EQ(t, i, ARRAY_SIZE(meminfo_fields));
	KTEST_EXPECT(t, line == NULL);	/* nothing after Hugetlb */
	KTEST_EXPECT(t, file_seq.len && file_text[file_seq.len - 1] == '\n');
}

static void meminfo_values_are_the_allocators(struct ktest *t)
{
	const char *text = read_text(t, "/proc/meminfo");
	unsigned long total, free, available;

	if (!text)
		return;
	total = field_value(t, text, "MemTotal:");
	free = field_value(t, text, "MemFree:");
	available = field_value(t, text, "MemAvailable:");
	KTEST_EXPECT_EQ(t, total, totalram_pages() * KB_PER_PAGE);
	KTEST_EXPECT(t, total > 0 && free <= total && available <= total);
	KTEST_EXPECT_EQ(t, field_value(t, text, "Hugepagesize:"), 2048);
	KTEST_EXPECT_EQ(t, field_value(t, text, "SwapTotal:"), 0);
	for (int tries = 0; tries < STABLE_TRIES; tries++) {
		unsigned long before = nr_free_pages();

		text = read_text(t, "/proc/meminfo");
		if (!text)
			return;
		free = field_value(t, text, "MemFree:");
		if (before == nr_free_pages() &&
		    free == before * KB_PER_PAGE)
			return;
	}
	ktest_fail(t, __FILE__, __LINE__, "MemFree %lu kB, nr_free_pages() %lu",
		   free, nr_free_pages());
}

/* -------------------------------------------------------- buddyinfo --- */

/*
 * Parses the 11 counts of a buddyinfo line after its @prefix into
 * @counts. Returns false after failing @t if the line is malformed.
 */
static bool parse_buddyinfo_line(struct ktest *t, const char *line,
				 const char *prefix,
				 unsigned long counts[MAX_ORDER])
{
	const char *p = line + strlen(prefix);

	if (!starts_with(line, prefix)) {
		ktest_fail(t, __FILE__, __LINE__, "expected '%s', got '%.*s'",
			   prefix, (int)line_len(line), line);
		return false;
	}
	for (int order = 0; order < MAX_ORDER; order++) {
		const char *start = p;

		if (!scan_ulong(&p, &counts[order]) || *p != ' ' ||
		    p - start < 6) {	/* "%6lu " */
			ktest_fail(t, __FILE__, __LINE__, "%s: order %d malformed",
				   prefix, order);
			return false;
		}
		p++;
	}
	KTEST_EXPECT(t, *p == '\n');
	return *p == '\n';
}

/*
 * Reads /proc/buddyinfo and checks one line per populated zone in node
 * order. Returns the pages the lines add up to, or 0 on a layout failure.
 */
static unsigned long buddyinfo_pages(struct ktest *t)
{
	const char *line = read_text(t, "/proc/buddyinfo");
	unsigned long counts[MAX_ORDER], pages = 0;
	char prefix[40];
	int nid;

	if (!line)
		return 0;
	for_each_online_node(nid)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			if (!populated(nid, zid))
				continue;
			snprintf(prefix, sizeof(prefix), "Node %d, zone %8s ",
				 nid, zone_names[zid]);
			if (!line) {
				ktest_fail(t, __FILE__, __LINE__, "no line for %s", prefix);
				return 0;
			}
			if (!parse_buddyinfo_line(t, line, prefix, counts))
				return 0;
			for (int order = 0; order < MAX_ORDER; order++)
				pages += counts[order] << order;
			line = next_line(line);
		}
	KTEST_EXPECT(t, line == NULL);
	return pages;
}

static void buddyinfo_adds_up_to_free_pages(struct ktest *t)
{
	unsigned long pages = 0, before = 0;

	for (int tries = 0; tries < STABLE_TRIES; tries++) {
		before = nr_free_pages();
		pages = buddyinfo_pages(t);
		if (!pages || t->failed)
			return;
		if (before == nr_free_pages() && pages == before)
			return;
	}
	ktest_fail(t, __FILE__, __LINE__, "buddyinfo adds up to %lu pages, nr_free_pages() %lu",
		   pages, before);
}

/* --------------------------------------------------------- zoneinfo --- */

/* Returns the line after @header up to the next zone's "Node ", or NULL. */
static const char *zone_block(const char *text, const char *header)
{
	for (const char *line = text; line; line = next_line(line))
		if (starts_with(line, header) && line_len(line) == strlen(header))
			return next_line(line);
	return NULL;
}

/* Returns the value after @label within the zone block at @block. */
static unsigned long zone_field(struct ktest *t, const char *block,
				const char *label)
{
	for (const char *line = block; line && !starts_with(line, "Node ");
	     line = next_line(line))
		if (starts_with(line, label)) {
			const char *p = line + strlen(label);
			unsigned long value;

			if (scan_ulong(&p, &value))
				return value;
			break;
		}
	ktest_fail(t, __FILE__, __LINE__, "zone block has no '%s'", label);
	return NO_VALUE;
}

/* Checks the "protection: (a, b)" line of a block against @zone's reserve. */
static void check_protection(struct ktest *t, const char *block,
			     const struct zone *zone)
{
	const char *line = find_line(block, "        protection: (");
	const char *p = line ? line + strlen("        protection: (") : NULL;
	unsigned long value;

	if (!p) {
		ktest_fail(t, __FILE__, __LINE__, "no protection line");
		return;
	}
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		if (i && (p[0] != ',' || p[1] != ' ')) {
			ktest_fail(t, __FILE__, __LINE__, "protection: bad separator");
			return;
		}
		p += i ? 2 : 0;
		if (!scan_ulong(&p, &value)) {
			ktest_fail(t, __FILE__, __LINE__, "protection: entry %d", i);
			return;
		}
		KTEST_EXPECT_EQ(t, value, zone ? zone->lowmem_reserve[i] : 0);
	}
	KTEST_EXPECT(t, p[0] == ')' && p[1] == '\n');
}

/* Counts the lines starting with @prefix in the zone block at @block. */
static unsigned int count_in_block(const char *block, const char *prefix)
{
	unsigned int n = 0;

	for (const char *line = block; line && !starts_with(line, "Node ");
	     line = next_line(line))
		n += starts_with(line, prefix);
	return n;
}

static void zoneinfo_matches_zones(struct ktest *t)
{
	const char *text = read_text(t, "/proc/zoneinfo"), *block;
	char header[40];
	int nid;

	if (!text)
		return;
	for_each_online_node(nid) {
		struct pglist_data *pgdat = NODE_DATA(nid);
		bool first = true;

		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *zone = pgdat ? &pgdat->node_zones[zid] : NULL;
			bool full = zone && populated_zone(zone);

			snprintf(header, sizeof(header), "Node %d, zone %8s",
				 nid, zone_names[zid]);
			block = zone_block(text, header);
			if (!block) {
				ktest_fail(t, __FILE__, __LINE__, "no '%s' line", header);
				continue;
			}
			/* The node's stats come with its first populated zone. */
			KTEST_EXPECT_EQ(t, starts_with(block, "  per-node stats"),
					full && first);
			first &= !full;
			KTEST_EXPECT_EQ(t, zone_field(t, block, "        min      "),
					zone ? min_wmark_pages(zone) : 0);
			KTEST_EXPECT_EQ(t, zone_field(t, block, "        low      "),
					zone ? low_wmark_pages(zone) : 0);
			KTEST_EXPECT_EQ(t, zone_field(t, block, "        high     "),
					zone ? high_wmark_pages(zone) : 0);
			KTEST_EXPECT_EQ(t, zone_field(t, block, "        spanned  "),
					zone ? zone->spanned_pages : 0);
			KTEST_EXPECT_EQ(t, zone_field(t, block, "        present  "),
					zone ? zone->present_pages : 0);
			KTEST_EXPECT_EQ(t, zone_field(t, block, "        managed  "),
					zone ? zone->managed_pages : 0);
			check_protection(t, block, zone);
			/* Linux stops after protection for an empty zone. */
			KTEST_EXPECT_EQ(t, count_in_block(block, "    cpu: "),
					full ? online_cpus() : 0);
			KTEST_EXPECT_EQ(t, count_in_block(block, "  start_pfn: "), full);
			if (full)
				KTEST_EXPECT_EQ(t, zone_field(t, block, "  start_pfn:           "),
						zone->zone_start_pfn);
		}
	}
}

/* ----------------------------------------------------------- vmstat --- */

static void vmstat_items_in_linux_order(struct ktest *t)
{
	/* A sample of Linux 6.1's items, one or more from each part, in order. */
	static const char *const order[] = {
		"nr_free_pages", "nr_zone_inactive_anon", "nr_free_cma",
		"numa_hit", "numa_miss", "numa_foreign", "numa_interleave",
		"numa_local", "numa_other", "nr_inactive_anon",
		"nr_slab_reclaimable", "nr_kernel_stack", "nr_page_table_pages",
		"nr_sec_page_table_pages", "nr_dirty_threshold",
		"nr_dirty_background_threshold", "pgpgin", "pgalloc_dma32",
		"pgalloc_normal", "pgalloc_movable", "allocstall_dma32",
		"allocstall_normal", "pgskip_movable", "pgfree", "pageoutrun",
		"compact_daemon_free_scanned", "htlb_buddy_alloc_fail",
		"unevictable_pgs_stranded", "nr_unstable",
	};
	const char *line = read_text(t, "/proc/vmstat");
	unsigned int next = 0;

	if (!line)
		return;
	for (; line; line = next_line(line)) {
		const char *p = line;
		unsigned long value;

		while ((*p >= 'a' && *p <= 'z') || is_digit(*p) || *p == '_')
			p++;
		if (p == line || *p != ' ' || p[1] == ' ' ||
		    !scan_ulong(&p, &value) || *p != '\n') {
			ktest_fail(t, __FILE__, __LINE__, "not 'name value': '%.*s'",
				   (int)line_len(line), line);
			return;
		}
		if (next < ARRAY_SIZE(order) &&
		    !strncmp(line, order[next], strlen(order[next])) &&
		    line[strlen(order[next])] == ' ')
			next++;
	}
	if (next < ARRAY_SIZE(order))
		ktest_fail(t, __FILE__, __LINE__, "'%s' missing or out of order",
			   order[next]);
	/* The last line is the retired counter Linux keeps for old parsers. */
	KTEST_EXPECT(t, file_seq.len > 14 &&
		     !strcmp(file_text + file_seq.len - 14, "nr_unstable 0\n"));
}

/* Returns numa_hit summed over the nodes' numastat files. */
static unsigned long numastat_hits(struct ktest *t)
{
	unsigned long sum = 0;
	char path[64];
	int nid;

	for_each_online_node(nid) {
		const char *text;

		snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/numastat", nid);
		text = read_text(t, path);
		if (text)
			sum += field_value(t, text, "numa_hit ");
	}
	return sum;
}

static void vmstat_numa_hit_is_the_nodes_sum(struct ktest *t)
{
	unsigned long nodes = 0, all = 0;

	for (int tries = 0; tries < STABLE_TRIES && !t->failed; tries++) {
		const char *text;

		nodes = numastat_hits(t);
		text = read_text(t, "/proc/vmstat");
		if (!text)
			return;
		all = field_value(t, text, "numa_hit ");
		if (all == nodes && all == numastat_hits(t))
			return;
	}
	ktest_fail(t, __FILE__, __LINE__, "vmstat numa_hit %lu, nodes %lu", all, nodes);
}

/* Returns the value of vmstat item @name ("name "), or NO_VALUE. */
static unsigned long vmstat_item(struct ktest *t, const char *name)
{
	const char *text = read_text(t, "/proc/vmstat");

	return text ? field_value(t, text, name) : NO_VALUE;
}

/* Returns numa_hit of node @nid's numastat, or NO_VALUE. */
static unsigned long node_numa_hit(struct ktest *t, int nid)
{
	char path[64];
	const char *text;

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/numastat", nid);
	text = read_text(t, path);
	return text ? field_value(t, text, "numa_hit ") : NO_VALUE;
}

#define COUNTED_ALLOCS 8

/*
 * Allocates on each node with memory and checks that the node's numa_hit
 * and vmstat's pgalloc and pgfree move by at least as much (other harts
 * may allocate meanwhile, so only the lower bound is certain).
 */
static void counters_follow_allocations(struct ktest *t)
{
	struct page *pages[COUNTED_ALLOCS];
	int nid;

	for_each_node_state(nid, N_MEMORY) {
		unsigned long hit = node_numa_hit(t, nid);
		unsigned long alloc = vmstat_item(t, "pgalloc_dma32 ") +
				      vmstat_item(t, "pgalloc_normal ");
		unsigned long freed = vmstat_item(t, "pgfree ");
		int n;

		for (n = 0; n < COUNTED_ALLOCS; n++) {
			pages[n] = alloc_pages_node(nid, GFP_KERNEL | __GFP_THISNODE, 0);
			if (!pages[n])
				break;
			KTEST_EXPECT_EQ(t, page_to_nid(pages[n]), nid);
		}
		KTEST_EXPECT_EQ(t, n, COUNTED_ALLOCS);
		KTEST_EXPECT(t, node_numa_hit(t, nid) >= hit + n);
		KTEST_EXPECT(t, vmstat_item(t, "pgalloc_dma32 ") +
				vmstat_item(t, "pgalloc_normal ") >= alloc + n);
		while (n--)
			__free_page(pages[n]);
		KTEST_EXPECT(t, vmstat_item(t, "pgfree ") >= freed + COUNTED_ALLOCS);
	}
}

/* ------------------------------------------------------------ nodes --- */

static void node_files_in_linux_layout(struct ktest *t)
{
	static const char *const fields[] = {
		"MemTotal", "MemFree", "MemUsed", "SwapCached", "Active",
		"Inactive", "Active(anon)", "Inactive(anon)", "Active(file)",
		"Inactive(file)", "Unevictable", "Mlocked", "Dirty", "Writeback",
		"FilePages", "Mapped", "AnonPages", "Shmem", "KernelStack",
		"PageTables", "SecPageTables", "NFS_Unstable", "Bounce",
		"WritebackTmp", "KReclaimable", "Slab", "SReclaimable",
		"SUnreclaim", "HugePages_Total", "HugePages_Free",
		"HugePages_Surp",
	};
	static const char *const numastat[] = {
		"numa_hit", "numa_miss", "numa_foreign", "interleave_hit",
		"local_node", "other_node",
	};
	char path[64], prefix[24];
	int nid;

	for_each_online_node(nid) {
		const char *text, *line;
		unsigned long managed = 0;
		unsigned int i;
		int n;

		snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/meminfo", nid);
		text = read_text(t, path);
		if (!text)
			continue;
		n = snprintf(prefix, sizeof(prefix), "Node %d ", nid);
		line = text;
		for (i = 0; i < ARRAY_SIZE(fields) && line; i++, line = next_line(line)) {
			/* the rest of the line is /proc/meminfo's, checked there */
			if (strncmp(line, prefix, (size_t)n) ||
			    strncmp(line + n, fields[i], strlen(fields[i])) ||
			    line[n + strlen(fields[i])] != ':')
				ktest_fail(t, __FILE__, __LINE__, "%s: line %u is '%.*s'",
					   path, i + 1, (int)line_len(line), line);
		}
		KTEST_EXPECT(t, i == ARRAY_SIZE(fields) && !line);
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			if (NODE_DATA(nid))
				managed += NODE_DATA(nid)->node_zones[zid].managed_pages;
		snprintf(prefix, sizeof(prefix), "Node %d MemTotal:", nid);
		KTEST_EXPECT_EQ(t, field_value(t, text, prefix), managed * KB_PER_PAGE);
		KTEST_EXPECT(t, managed || !node_state(nid, N_MEMORY));

		snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/numastat", nid);
		line = read_text(t, path);
		for (i = 0; i < ARRAY_SIZE(numastat) && line; i++, line = next_line(line)) {
			const char *p = line + strlen(numastat[i]);
			unsigned long value;

			KTEST_EXPECT(t, starts_with(line, numastat[i]) && *p == ' ' &&
					scan_ulong(&p, &value) && *p == '\n');
		}
		KTEST_EXPECT(t, i == ARRAY_SIZE(numastat) && !line);
	}
}

/* ----------------------------------------------------- pagetypeinfo --- */

/*
 * Checks one node's section of pagetypeinfo at *@line and moves *@line
 * past it. A free block sits on the list of its pageblock's type, so a
 * type with free blocks must own pageblocks: that catches rows printed
 * under the wrong type's name. Returns false if a zone's free blocks per
 * order, summed over the types, differ from its free_area counts (they
 * may have moved meanwhile).
 */
static bool check_pagetype_node(struct ktest *t, const char **line, int nid)
{
	unsigned long counts[MAX_ORDER], sum[MAX_ORDER], blocks = 0;
	bool has_free[MAX_NR_ZONES][MIGRATE_TYPES] = { { false } };
	bool stable = true;
	char prefix[64];
	const char *p;

	KTEST_EXPECT(t, *line && starts_with(*line, "Page block order: 9\n"));
	*line = *line ? next_line(*line) : NULL;
	KTEST_EXPECT(t, *line && starts_with(*line, "Pages per block:  512\n"));
	*line = *line ? next_line(*line) : NULL;
	KTEST_EXPECT(t, *line && **line == '\n');
	*line = *line ? next_line(*line) : NULL;
	KTEST_EXPECT(t, *line && starts_with(*line, "Free pages count per migrate type at order  "
					      "     0      1 "));
	*line = *line ? next_line(*line) : NULL;
	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *zone = populated(nid, zid);

		if (!zone)
			continue;
		memset(sum, 0, sizeof(sum));
		for (int mt = 0; mt < MIGRATE_TYPES && *line; mt++) {
			snprintf(prefix, sizeof(prefix), "Node %4d, zone %8s, type %12s ",
				 nid, zone_names[zid], migratetype_names[mt]);
			if (!parse_buddyinfo_line(t, *line, prefix, counts))
				return true;
			for (int order = 0; order < MAX_ORDER; order++) {
				sum[order] += counts[order];
				has_free[zid][mt] |= counts[order] != 0;
				if (mt >= MIGRATE_PCPTYPES)
					KTEST_EXPECT_EQ(t, counts[order], 0);
			}
			*line = next_line(*line);
		}
		for (int order = 0; order < MAX_ORDER; order++)
			stable &= sum[order] == READ_ONCE(zone->free_area[order].nr_free);
	}
	KTEST_EXPECT(t, *line && **line == '\n');
	*line = *line ? next_line(*line) : NULL;
	KTEST_EXPECT(t, *line && starts_with(*line,
		"Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate \n"));
	*line = *line ? next_line(*line) : NULL;
	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *zone = populated(nid, zid);
		unsigned long total = 0;

		if (!zone || !*line)
			continue;
		snprintf(prefix, sizeof(prefix), "Node %d, zone %8s ", nid, zone_names[zid]);
		KTEST_EXPECT(t, starts_with(*line, prefix));
		p = *line + strlen(prefix);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			const char *start = p;

			KTEST_EXPECT(t, scan_ulong(&p, &blocks) && p - start == 12 && *p == ' ');
			p++;
			total += blocks;
			if (has_free[zid][mt] && !blocks)
				ktest_fail(t, __FILE__, __LINE__, "node %d %s: free %s blocks but no %s pageblock",
					   nid, zone_names[zid], migratetype_names[mt],
					   migratetype_names[mt]);
		}
		/* Every pageblock with a memmap is counted, at most one per step. */
		KTEST_EXPECT(t, total > 0 &&
			     total <= DIV_ROUND_UP(zone->spanned_pages, pageblock_nr_pages));
		*line = next_line(*line);
	}
	return stable;
}

static void pagetypeinfo_matches_free_areas(struct ktest *t)
{
	for (int tries = 0; tries < STABLE_TRIES && !t->failed; tries++) {
		const char *line = read_text(t, "/proc/pagetypeinfo");
		bool stable = true;
		int nid;

		for_each_node_state(nid, N_MEMORY)
			if (NODE_DATA(nid))
				stable &= check_pagetype_node(t, &line, nid);
		KTEST_EXPECT(t, line == NULL);
		if (stable)
			return;
	}
	if (!t->failed)
		ktest_fail(t, __FILE__, __LINE__,
			   "free blocks per type never added up to free_area's counts");
}

/* ---------------------------------------------------------- sysctls --- */

/* Returns the integer in the sysctl file @path, or -1 after failing @t. */
static long read_sysctl(struct ktest *t, const char *path)
{
	const char *p = read_text(t, path);
	unsigned long value;

	if (!p)
		return -1;
	if (!scan_ulong(&p, &value) || strcmp(p, "\n")) {
		ktest_fail(t, __FILE__, __LINE__, "%s: not one number", path);
		return -1;
	}
	return (long)value;
}

/* Writes @text to @path; Returns vfs_write()'s result. */
static int write_sysctl(const char *path, const char *text)
{
	return vfs_write(path, text, strlen(text));
}

/* Returns the min watermarks of every zone added up. */
static unsigned long total_min_wmark(void)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		sum += min_wmark_pages(zone);
	return sum;
}

static void sysctl_write_read_round_trip(struct ktest *t)
{
	static const char min_path[] = "/proc/sys/vm/min_free_kbytes";
	static const char wsf_path[] = "/proc/sys/vm/watermark_scale_factor";
	long kbytes = read_sysctl(t, min_path), factor = read_sysctl(t, wsf_path);
	unsigned long mins = total_min_wmark();
	char text[24];

	if (kbytes < 0 || factor < 0)
		return;
	KTEST_EXPECT_EQ(t, kbytes, min_free_kbytes);
	KTEST_EXPECT_EQ(t, factor, watermark_scale_factor);

	/* Twice the reserve: the zones' min marks must grow with it. */
	snprintf(text, sizeof(text), "%ld", kbytes * 2 + 1024);
	KTEST_EXPECT_EQ(t, write_sysctl(min_path, text), 0);
	KTEST_EXPECT_EQ(t, read_sysctl(t, min_path), kbytes * 2 + 1024);
	KTEST_EXPECT(t, total_min_wmark() > mins);
	snprintf(text, sizeof(text), " %ld\n", kbytes);	/* blanks allowed */
	KTEST_EXPECT_EQ(t, write_sysctl(min_path, text), 0);
	KTEST_EXPECT_EQ(t, read_sysctl(t, min_path), kbytes);
	KTEST_EXPECT_EQ(t, total_min_wmark(), mins);

	KTEST_EXPECT_EQ(t, write_sysctl(wsf_path, factor == 20 ? "30" : "20"), 0);
	KTEST_EXPECT_EQ(t, read_sysctl(t, wsf_path), factor == 20 ? 30 : 20);
	snprintf(text, sizeof(text), "%ld", factor);
	KTEST_EXPECT_EQ(t, write_sysctl(wsf_path, text), 0);
	KTEST_EXPECT_EQ(t, read_sysctl(t, wsf_path), factor);
}

static void sysctl_bad_write_refused(struct ktest *t)
{
	static const char *const bad_kbytes[] = { "abc", "12x", "", "-1",
						  "99999999999999999999" };
	static const char *const bad_factor[] = { "0", "3001", "1.5" };
	static const char min_path[] = "/proc/sys/vm/min_free_kbytes";
	static const char wsf_path[] = "/proc/sys/vm/watermark_scale_factor";
	long kbytes = read_sysctl(t, min_path), factor = read_sysctl(t, wsf_path);

	for (unsigned int i = 0; i < ARRAY_SIZE(bad_kbytes); i++)
		KTEST_EXPECT_EQ(t, write_sysctl(min_path, bad_kbytes[i]), -EINVAL);
	for (unsigned int i = 0; i < ARRAY_SIZE(bad_factor); i++)
		KTEST_EXPECT_EQ(t, write_sysctl(wsf_path, bad_factor[i]), -EINVAL);
	KTEST_EXPECT_EQ(t, read_sysctl(t, min_path), kbytes);
	KTEST_EXPECT_EQ(t, read_sysctl(t, wsf_path), factor);
}

#define SLABINFO_OBJECTS 500

/*
 * /proc/slabinfo has Linux's 2.1 header, and a cache made here shows up
 * with its object size, objects per slab (4096 / 200) and slabs, then goes
 * when destroyed; /proc/meminfo's SReclaimable grows by its pages, and
 * KernelStack counts the harts' stacks.
 */
static void slabinfo_and_meminfo_slab(struct ktest *t)
{
	static void *objs[SLABINFO_OBJECTS];
	unsigned long before, after, value[5];
	struct kmem_cache *s;
	const char *text, *line;

	before = field_value(t, read_text(t, "/proc/meminfo"), "SReclaimable:");
	s = kmem_cache_create("mm_files-200", 200, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	KTEST_EXPECT(t, s != NULL);
	if (!s)
		return;
	for (int i = 0; i < SLABINFO_OBJECTS; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	text = read_text(t, "/proc/slabinfo");
	KTEST_EXPECT(t, starts_with(text, "slabinfo - version: 2.1\n# name            "
				    "<active_objs> <num_objs> <objsize> <objperslab> "
				    "<pagesperslab> : tunables <limit> <batchcount> "
				    "<sharedfactor> : slabdata <active_slabs> <num_slabs> "
				    "<sharedavail>\n"));
	line = find_line(text, "mm_files-200 ");
	KTEST_EXPECT(t, line != NULL);
	line = line ? line + strlen("mm_files-200") : NULL;
	for (int i = 0; line && i < 5; i++)
		KTEST_EXPECT(t, scan_ulong(&line, &value[i]));
	if (line) {
		/* active, num, objsize, objperslab, pagesperslab */
		KTEST_EXPECT(t, value[0] >= SLABINFO_OBJECTS && value[0] <= value[1]);
		KTEST_EXPECT_EQ(t, value[2], 200);
		KTEST_EXPECT_EQ(t, value[3], PAGE_SIZE / 200);
		KTEST_EXPECT_EQ(t, value[4], 1);
		after = field_value(t, read_text(t, "/proc/meminfo"), "SReclaimable:");
		KTEST_EXPECT(t, after >= before + value[1] / value[3] * (PAGE_SIZE >> 10));
	}
	for (int i = 0; i < SLABINFO_OBJECTS; i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_destroy(s);
	KTEST_EXPECT(t, !find_line(read_text(t, "/proc/slabinfo"), "mm_files-200 "));
	KTEST_EXPECT_EQ(t, field_value(t, read_text(t, "/proc/meminfo"), "SReclaimable:"),
			before);
	/* Each online hart's kernel stack. */
	KTEST_EXPECT_EQ(t, field_value(t, read_text(t, "/proc/meminfo"), "KernelStack:"),
			online_cpus() * (KERNEL_STACK_SIZE >> 10));
}

static const struct ktest_case mm_files_cases[] = {
	KTEST_CASE(meminfo_fields_in_linux_order),
	KTEST_CASE(meminfo_values_are_the_allocators),
	KTEST_CASE(buddyinfo_adds_up_to_free_pages),
	KTEST_CASE(zoneinfo_matches_zones),
	KTEST_CASE(vmstat_items_in_linux_order),
	KTEST_CASE(vmstat_numa_hit_is_the_nodes_sum),
	KTEST_CASE(counters_follow_allocations),
	KTEST_CASE(node_files_in_linux_layout),
	KTEST_CASE(pagetypeinfo_matches_free_areas),
	KTEST_CASE(sysctl_write_read_round_trip),
	KTEST_CASE(sysctl_bad_write_refused),
	KTEST_CASE(slabinfo_and_meminfo_slab),
};
KTEST_SUITE(mm_files_ktest_suite, "mm_files", mm_files_cases);
