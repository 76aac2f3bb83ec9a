// SPDX-License-Identifier: MIT
/*
 * DOC: fuzz_fdt - the DT reader (kernel/fdt/fdt.c) against libfdt
 *
 * The input is a DTB, mutated as bytes or as a tree (tests/fuzz/dt_mutator.h).
 * Both validators judge it: tern's dt_check() and libfdt's
 * fdt_check_full() (not asked about blobs below version 16, on which
 * Debian's libfdt 1.6.1 crashes; see libfdt_check()). Then:
 *
 * - dt_check() refuses with a reason, never without one.
 * - When libfdt accepts, tern accepts too, unless the blob breaks one of
 *   the rules tern adds on purpose (docs/device-tree.md, "What dt_check
 *   guarantees"), found here independently by walking libfdt's tokens:
 *   version below 16, a misaligned reservation map or structure block, a
 *   reservation map without its (0, 0) end, something before the root,
 *   nesting deeper than 64, an empty or '/'-holding node name, a property
 *   after a child node, a property name outside the strings block.
 * - When both accept, their views agree: every node offset and depth in
 *   document order, name, parent, path and the lookup of that path, child
 *   list, subnode lookup by name, phandle and its lookup, cell counts,
 *   every property (offset, name, length, value address, lookup by name),
 *   string lists, reg entries, every compatible string matching, the
 *   searches a boot makes (device_type memory and cpu, compatible riscv
 *   and numa-distance-map-v1, and the root's compatible), aliases naming
 *   absolute paths, /memreserve/ entries.
 * - When tern accepts, every accessor a boot uses runs over every node and
 *   property; and when it refuses but the header's totalsize fits the
 *   input, they run all the same (the reader promises -EINVAL, never a
 *   read outside the blob, even for a blob never checked). ASan, with the
 *   blob in a buffer of exactly its size, proves no read leaves it.
 */
#include <libfdt.h>

#include "kernel/errno.h"
#include "kernel/fdt/fdt.h"
#include "tests/fuzz/fuzz.h"

/* Half the runs flip bytes: malformed blobs are this target's business. */
#define DT_MUTATOR_BYTES 2
#include "tests/fuzz/dt_mutator.h"

#define PATH_MAX_LEN 1024

/* Same answer, or both refuse (the error codes differ). */
#define CHECK_SAME(ours, theirs)                                           \
	do {                                                               \
		long long _o = (ours), _t = (theirs);                      \
		FUZZ_CHECK(_t >= 0 ? _o == _t : _o < 0,                    \
			   "%s == %lld but libfdt says %lld", #ours, _o, _t); \
	} while (0)

static u32 be32(const void *blob, size_t off)
{
	const u8 *p = (const u8 *)blob + off;

	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static u64 be64(const void *blob, size_t off)
{
	return (u64)be32(blob, off) << 32 | be32(blob, off + 4);
}

/* ------------------------------------------- tern's own extra rules --- */

/*
 * Returns the first rule of tern's beyond libfdt's that @blob (which
 * fdt_check_full() accepted) breaks, or NULL if it breaks none. Written
 * from docs/device-tree.md, not from kernel/fdt/fdt.c.
 */
static const char *tern_only_rule(const void *blob)
{
	u32 rsvmap = fdt_off_mem_rsvmap(blob), total = fdt_totalsize(blob);
	u32 strings_size = fdt_size_dt_strings(blob);
	bool child_seen[DT_MAX_DEPTH + 2] = { false };
	int off = 0, next, depth = 0;
	bool terminated = false;
	u32 tag;

	if (fdt_version(blob) < 16)
		return "version below 16";
	if (rsvmap % 8)
		return "reservation map not 8-byte aligned";
	if (fdt_off_dt_struct(blob) % 4)
		return "structure block not 4-byte aligned";
	/* libfdt ends the map at the first size 0, tern at (0, 0). */
	for (u64 e = rsvmap; e + 16 <= total; e += 16)
		if (!be64(blob, e) && !be64(blob, e + 8)) {
			terminated = true;
			break;
		}
	if (!terminated)
		return "no (0, 0) entry ends the reservation map";
	if (fdt_next_tag(blob, 0, &next) != FDT_BEGIN_NODE)
		return "the root is not the first token";
	for (;; off = next) {
		tag = fdt_next_tag(blob, off, &next);
		if (tag == FDT_END || next < 0)
			return NULL;
		if (tag == FDT_BEGIN_NODE) {
			const char *name = fdt_get_name(blob, off, NULL);

			if (++depth > DT_MAX_DEPTH)
				return "nesting deeper than 64";
			if (depth > 1 && (!name || !*name))
				return "an empty node name";
			if (name && strchr(name, '/'))
				return "a node name holding '/'";
			child_seen[depth] = false;
		} else if (tag == FDT_END_NODE) {
			depth--;
			if (depth >= 0)
				child_seen[depth] = true;
		} else if (tag == FDT_PROP) {
			u32 nameoff = be32(blob, fdt_off_dt_struct(blob) + off + 8);

			if (depth >= 0 && child_seen[depth])
				return "a property after a child node";
			if (nameoff >= strings_size ||
			    !memchr((const char *)blob + fdt_off_dt_strings(blob) + nameoff,
				    '\0', strings_size - nameoff))
				return "a property name outside the strings block";
		}
	}
}

/* ----------------------------------------------- tern against libfdt --- */

static void compare_children(const void *blob, int node)
{
	int ours = dt_first_child(blob, node);
	int theirs = fdt_first_subnode(blob, node);

	while (ours >= 0 || theirs >= 0) {
		const char *name;
		int len;

		CHECK_SAME(ours, theirs);
		name = fdt_get_name(blob, theirs, &len);
		/* By name: the first child answering to it, in both. */
		CHECK_SAME(dt_subnode(blob, node, name, len),
			   fdt_subnode_offset_namelen(blob, node, name, len));
		if (strchr(name, '@'))
			CHECK_SAME(dt_subnode(blob, node, name, strchr(name, '@') - name),
				   fdt_subnode_offset_namelen(blob, node, name,
							      strchr(name, '@') - name));
		ours = dt_next_sibling(blob, ours);
		theirs = fdt_next_subnode(blob, theirs);
	}
}

/* A string list: the same strings at the same addresses, then the end. */
static void compare_stringlist(const void *blob, int node, const char *name)
{
	int count = fdt_stringlist_count(blob, node, name), len;
	const void *value = dt_getprop(blob, node, name, &len);
	struct dt_strlist it;

	if (count < 0)	/* not a string list to libfdt */
		return;
	dt_strlist_init(&it, value, len);
	for (int i = 0; i < count; i++) {
		const char *s = fdt_stringlist_get(blob, node, name, i, NULL);

		FUZZ_CHECK(dt_strlist_next(&it) == s, "string %d of %s", i, name);
		CHECK_SAME(dt_stringlist_index(blob, node, name, s),
			   fdt_stringlist_search(blob, node, name, s));
	}
	FUZZ_CHECK(dt_strlist_next(&it) == NULL, "%s has more strings", name);
}

static void compare_properties(const void *blob, int node)
{
	int ours = dt_first_property(blob, node);
	int theirs = fdt_first_property_offset(blob, node);

	while (ours >= 0 || theirs >= 0) {
		struct dt_property p = { 0 };
		const char *name = NULL;
		const void *value;
		int len, our_len, their_len;

		CHECK_SAME(ours, theirs);
		value = fdt_getprop_by_offset(blob, theirs, &name, &len);
		FUZZ_CHECK(value && name, "libfdt cannot read its own property");
		FUZZ_CHECK(dt_property_at(blob, ours, &p) == 0, "property 0x%x", ours);
		FUZZ_CHECK(p.name && !strcmp(p.name, name), "name of 0x%x", ours);
		FUZZ_CHECK(p.len == len && p.value == value, "value of 0x%x", ours);
		FUZZ_CHECK(dt_getprop(blob, node, name, &our_len) ==
			   fdt_getprop(blob, node, name, &their_len),
			   "lookup of %s", name);
		CHECK_SAME(our_len, their_len);
		compare_stringlist(blob, node, name);
		ours = dt_next_property(blob, ours);
		theirs = fdt_next_property_offset(blob, theirs);
	}
}

/* reg decoded with libfdt's cell counts, where libfdt has them. */
static void compare_reg(const void *blob, int node)
{
	int len, parent = fdt_parent_offset(blob, node), ac, sc;
	const fdt32_t *cells = fdt_getprop(blob, node, "reg", &len);
	struct dt_reg reg;
	int err = dt_reg_init(blob, node, "reg", &reg, NULL);

	if (!cells || parent < 0) {
		FUZZ_CHECK(err < 0, "reg without a reg or a parent");
		return;
	}
	ac = fdt_address_cells(blob, parent);
	sc = fdt_size_cells(blob, parent);
	if (ac < 0 || sc < 0)	/* libfdt refuses #address-cells 0 */
		return;
	if (len % (4 * (ac + sc))) {
		FUZZ_CHECK(err == -EINVAL, "reg of %d bytes, %d+%d cells", len, ac, sc);
		return;
	}
	FUZZ_CHECK(err == 0 && reg.count == (unsigned int)(len / (4 * (ac + sc))),
		   "reg of %d bytes: %d, %u entries", len, err, reg.count);
	for (unsigned int i = 0; i < reg.count; i++) {
		u64 base = 0, size = 0, our_base, our_size;

		for (int c = 0; c < ac; c++)
			base = base << 32 | fdt32_to_cpu(cells[i * (ac + sc) + c]);
		for (int c = 0; c < sc; c++)
			size = size << 32 | fdt32_to_cpu(cells[i * (ac + sc) + ac + c]);
		FUZZ_CHECK(dt_reg_entry(&reg, i, &our_base, &our_size) == 0 &&
			   our_base == base && our_size == size, "reg entry %u", i);
	}
}

static void compare_node(const void *blob, int node)
{
	static char our_path[PATH_MAX_LEN], their_path[PATH_MAX_LEN];
	int our_len = -1, their_len = -2, err;
	u32 phandle = fdt_get_phandle(blob, node);
	int count = fdt_stringlist_count(blob, node, "compatible");

	FUZZ_CHECK(dt_node_name(blob, node, &our_len) ==
		   fdt_get_name(blob, node, &their_len) && our_len == their_len,
		   "name of node 0x%x", node);
	CHECK_SAME(dt_parent(blob, node), fdt_parent_offset(blob, node));
	err = fdt_get_path(blob, node, their_path, sizeof(their_path));
	CHECK_SAME(dt_get_path(blob, node, our_path, sizeof(our_path)), err);
	if (!err) {
		FUZZ_CHECK(!strcmp(our_path, their_path), "path %s / %s",
			   our_path, their_path);
		CHECK_SAME(dt_path_offset(blob, their_path),
			   fdt_path_offset(blob, their_path));
	}
	FUZZ_CHECK(dt_get_phandle(blob, node) == phandle, "phandle");
	if (phandle && phandle != ~0U)
		CHECK_SAME(dt_node_by_phandle(blob, phandle),
			   fdt_node_offset_by_phandle(blob, phandle));
	if (fdt_address_cells(blob, node) >= 0)
		CHECK_SAME(dt_address_cells(blob, node),
			   fdt_address_cells(blob, node));
	if (fdt_size_cells(blob, node) >= 0)
		CHECK_SAME(dt_size_cells(blob, node), fdt_size_cells(blob, node));
	for (int i = 0; i < count; i++) {
		const char *s = fdt_stringlist_get(blob, node, "compatible", i, NULL);

		FUZZ_CHECK(dt_node_is_compatible(blob, node, s), "compatible %s", s);
	}
	compare_children(blob, node);
	compare_properties(blob, node);
	compare_reg(blob, node);
}

/* Both searches visit the same nodes in the same order. */
static void compare_search(const void *blob, const char *compat,
			   const char *type)
{
	int ours = -1, theirs = -1;

	do {
		if (compat) {
			ours = dt_next_compatible(blob, ours, compat);
			theirs = fdt_node_offset_by_compatible(blob, theirs, compat);
		} else {
			ours = dt_next_device_type(blob, ours, type);
			theirs = fdt_node_offset_by_prop_value(blob, theirs,
							       "device_type", type,
							       strlen(type) + 1);
		}
		CHECK_SAME(ours, theirs);
	} while (ours >= 0);
}

/* Aliases that are strings; paths only for absolute ones (libfdt loops). */
static void compare_aliases(const void *blob)
{
	int aliases = fdt_path_offset(blob, "/aliases"), prop;

	if (aliases < 0)
		return;
	fdt_for_each_property_offset(prop, blob, aliases) {
		const char *name, *value;
		int len;

		value = fdt_getprop_by_offset(blob, prop, &name, &len);
		if (!value || len <= 0 || strnlen(value, len) == (size_t)len)
			continue;	/* not a string; tern refuses those */
		if (fdt_getprop(blob, aliases, name, NULL) != value)
			continue;	/* a name used twice: lookups see the first */
		FUZZ_CHECK(dt_alias(blob, name, strlen(name)) ==
			   fdt_get_alias(blob, name), "alias %s", name);
		/* An empty name is no alias (libfdt takes "" for one). */
		if (value[0] == '/' && name[0] && !strchr(name, '/'))
			CHECK_SAME(dt_path_offset(blob, name),
				   fdt_path_offset(blob, name));
	}
}

/* /memreserve/, where libfdt's end (size 0) is the spec's end (0, 0). */
static void compare_memreserve(const void *blob)
{
	int n = fdt_num_mem_rsv(blob);
	uint64_t base, size;
	u64 our_base, our_size;

	if (n < 0)
		return;
	fdt_get_mem_rsv(blob, n, &base, &size);
	if (base)	/* ended by (base, 0): the spec reads on */
		return;
	CHECK_SAME(dt_memreserve_count(blob), n);
	for (int i = 0; i < n; i++) {
		fdt_get_mem_rsv(blob, i, &base, &size);
		FUZZ_CHECK(dt_memreserve(blob, i, &our_base, &our_size) == 0 &&
			   our_base == base && our_size == size, "memreserve %d", i);
	}
}

static void compare_tree(const void *blob)
{
	int our_depth = 0, their_depth = -1;
	int ours = dt_next_node(blob, -1, &our_depth);
	int theirs = fdt_next_node(blob, -1, &their_depth);
	const char *compat;

	FUZZ_CHECK(dt_total_size(blob) == fdt_totalsize(blob), "totalsize");
	compare_memreserve(blob);
	compare_aliases(blob);
	compare_search(blob, NULL, "memory");
	compare_search(blob, NULL, "cpu");
	/* What a boot looks for, and the machine's own name (not every
	 * node's compatible: each search walks the whole tree). */
	compare_search(blob, "riscv", NULL);
	compare_search(blob, "numa-distance-map-v1", NULL);
	/*
	 * Not for "": libfdt's fdt_stringlist_contains() compares it with the
	 * byte after each list, so "" matches any node with a compatible.
	 */
	compat = fdt_stringlist_get(blob, 0, "compatible", 0, NULL);
	if (compat && *compat)
		compare_search(blob, compat, NULL);
	while (ours >= 0 || theirs >= 0) {
		CHECK_SAME(ours, theirs);
		FUZZ_CHECK(our_depth == their_depth, "depth of 0x%x: %d, libfdt %d",
			   ours, our_depth, their_depth);
		compare_node(blob, ours);
		ours = dt_next_node(blob, ours, &our_depth);
		theirs = fdt_next_node(blob, theirs, &their_depth);
		if (their_depth < 0)	/* libfdt's "walked out of the root" */
			theirs = -FDT_ERR_NOTFOUND;
	}
}

/* ------------------------------------------------- every accessor --- */

static volatile u64 sink;	/* keeps the reads below from being dropped */

static void read_node(const void *blob, int node)
{
	static char path[PATH_MAX_LEN];
	struct dt_strlist it;
	struct dt_property p;
	struct dt_reg reg;
	const char *why, *s;
	bool aliases;
	u64 base, size, value;
	u32 u;
	int prop, len;

	sink += dt_parent(blob, node) + dt_first_child(blob, node) +
		dt_next_sibling(blob, node) + dt_address_cells(blob, node) +
		dt_size_cells(blob, node) + dt_get_phandle(blob, node) +
		dt_interrupt_parent(blob, node) +
		dt_node_is_available(blob, node) +
		dt_node_is_compatible(blob, node, "riscv") +
		dt_node_is_device_type(blob, node, "memory");
	if (dt_get_path(blob, node, path, sizeof(path)) == 0)
		sink += dt_path_offset(blob, path);
	s = dt_node_name(blob, node, &len);
	if (s)
		sink += dt_subnode(blob, node, s, len);
	aliases = s && !strcmp(s, "aliases");
	if (dt_reg_init(blob, node, "reg", &reg, &why) == 0)
		for (unsigned int i = 0; !dt_reg_entry(&reg, i, &base, &size); i++)
			sink += base + size;
	for (prop = dt_first_property(blob, node); prop >= 0;
	     prop = dt_next_property(blob, prop)) {
		if (dt_property_at(blob, prop, &p))
			continue;
		sink += dt_read_u32(blob, node, p.name, &u) +
			dt_read_uint(blob, node, p.name, &value) +
			dt_read_cells(blob, node, p.name, 2, &value) +
			dt_read_cells(blob, node, p.name, 4, &value);
		s = dt_getprop_string(blob, node, p.name);
		/* Path lookups walk the tree: only for values that are paths. */
		if (s && (aliases || strstr(p.name, "path")))
			sink += dt_path_offset(blob, s) +
				(dt_alias(blob, s, strlen(s)) != NULL);
		dt_strlist_init(&it, p.value, p.len);
		while ((s = dt_strlist_next(&it)))
			sink += dt_stringlist_index(blob, node, p.name, s);
	}
	if (dt_read_u32(blob, node, "phandle", &u) == 0)
		sink += dt_node_by_phandle(blob, u);
}

/* Every accessor over the whole tree; results only feed the sink. */
static void read_everything(const void *blob)
{
	u64 base, size;
	int node, depth = 0;

	sink += dt_total_size(blob) + dt_memreserve_count(blob);
	for (int i = 0; !dt_memreserve(blob, i, &base, &size); i++)
		sink += base + size;
	for (node = dt_next_node(blob, -1, &depth); node >= 0;
	     node = dt_next_node(blob, node, &depth))
		read_node(blob, node);
	sink += dt_next_compatible(blob, -1, "riscv") +
		dt_next_device_type(blob, -1, "cpu") +
		dt_path_offset(blob, "/chosen") + dt_path_offset(blob, "serial0") +
		dt_path_offset(blob, "/cpus/cpu@0") + dt_path_offset(blob, "//a/../b/");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 *blob = malloc(size ? size : 1);
	const char *why = NULL, *rule;
	int ours, theirs;

	memcpy(blob, data, size);
	ours = dt_check(blob, size, &why);
	FUZZ_CHECK(ours == 0 || (why && *why), "refused without a reason");
	theirs = libfdt_check(blob, size);
	if (theirs == 0 && ours != 0) {
		rule = tern_only_rule(blob);
		FUZZ_CHECK(rule, "libfdt accepts, dt_check refuses: %s", why);
	}
	if (ours == 0) {
		read_everything(blob);
		if (theirs == 0)
			compare_tree(blob);
	} else if (size >= 8 && be32(blob, 4) <= size) {
		read_everything(blob);
	}
	free(blob);
	return 0;
}
