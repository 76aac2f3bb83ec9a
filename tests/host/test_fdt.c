// SPDX-License-Identifier: MIT
/*
 * DOC: test_fdt - the DTB reader against libfdt, and against bad input
 *
 * libfdt is the oracle. Every generated DTB (QEMU's dumps, dts/NAME.dts,
 * dts/fixtures/NAME.dts, dts/hostile/NAME.dts; see dtbs.h) is walked with
 * both readers, which must agree on every node offset, depth, name, path,
 * parent and child list, every property (offset, name, length, value
 * address), string list, phandle lookup, reg decoding, compatible and
 * device_type search, alias and /memreserve/ entry.
 *
 * Then the rules libfdt does not have an opinion on (alias chains,
 * interrupt-parent loops, reg cell limits, bad offsets), and malformed
 * input: header and token corruptions that must each be refused with a
 * recognisable reason, every truncation of a real DTB, and a few thousand
 * seeded random bit flips. Whatever dt_check() accepts is then read with
 * every accessor and turned into a boot plan; ASan and UBSan watch for any
 * read outside the blob.
 */
#include <libfdt.h>

#include "kernel/errno.h"
#include "kernel/fdt/boot_plan.h"
#include "kernel/fdt/fdt.h"
#include "tests/host/dtbs.h"
#include "tests/host/harness.h"

#define BIT_FLIP_ROUNDS 3000
#define BIT_FLIP_SEED 0x7e3a5c1d2b4f6089ULL

/* Same answer, or both refuse (libfdt's and our error codes differ). */
#define CHECK_SAME(ours, theirs)                                          \
	do {                                                              \
		long long _o = (ours), _t = (theirs);                     \
		if (_t >= 0 ? _o != _t : _o >= 0) {                       \
			printf("# %s:%d: %s == %lld but libfdt says %lld\n", \
			       __FILE__, __LINE__, #ours, _o, _t);         \
			ktap_case_failed = 1;                             \
		}                                                         \
	} while (0)

static struct boot_plan plan;	/* large: never on the stack */

static void put_be32(void *blob, size_t off, u32 value)
{
	u8 *p = (u8 *)blob + off;

	p[0] = value >> 24;
	p[1] = value >> 16;
	p[2] = value >> 8;
	p[3] = value;
}

/* ----------------------------------------------------- libfdt oracle --- */

/* Both child lists of @node must be the same offsets in the same order. */
static void oracle_children(const void *blob, int node)
{
	int ours = dt_first_child(blob, node);
	int theirs = fdt_first_subnode(blob, node);

	while (ours >= 0 || theirs >= 0) {
		CHECK_SAME(ours, theirs);
		if (ours != theirs)
			return;
		ours = dt_next_sibling(blob, ours);
		theirs = fdt_next_subnode(blob, theirs);
	}
}

/* Our string iteration must yield libfdt's strings, same addresses. */
static void oracle_stringlist(const void *blob, int node, const char *name)
{
	int count = fdt_stringlist_count(blob, node, name), len;
	const void *value = dt_getprop(blob, node, name, &len);
	struct dt_strlist it;

	if (count < 0)	/* not a string list: libfdt has no view */
		return;
	dt_strlist_init(&it, value, len);
	for (int i = 0; i < count; i++)
		CHECK(dt_strlist_next(&it) ==
		      fdt_stringlist_get(blob, node, name, i, NULL));
	CHECK(dt_strlist_next(&it) == NULL);
}

/* Every property of @node, in order: offset, name, length, value. */
static void oracle_properties(const void *blob, int node)
{
	int ours = dt_first_property(blob, node);
	int theirs = fdt_first_property_offset(blob, node);

	while (ours >= 0 || theirs >= 0) {
		struct dt_property p = { 0 };
		const char *name = NULL;
		const void *value;
		int len, our_len, their_len;

		CHECK_SAME(ours, theirs);
		if (ours != theirs)
			return;
		value = fdt_getprop_by_offset(blob, theirs, &name, &len);
		CHECK_EQ(dt_property_at(blob, ours, &p), 0);
		CHECK(p.name && name && !strcmp(p.name, name));
		CHECK_EQ(p.len, len);
		CHECK(p.value == value);
		if (name) {
			CHECK(dt_getprop(blob, node, name, &our_len) ==
			      fdt_getprop(blob, node, name, &their_len));
			CHECK_SAME(our_len, their_len);
			oracle_stringlist(blob, node, name);
		}
		ours = dt_next_property(blob, ours);
		theirs = fdt_next_property_offset(blob, theirs);
	}
}

/* Decodes @node's reg with libfdt's cells and compares entry by entry. */
static void oracle_reg(const void *blob, int node)
{
	int len, parent = fdt_parent_offset(blob, node);
	const fdt32_t *cells = fdt_getprop(blob, node, "reg", &len);
	int ac, sc, entry;
	struct dt_reg reg;
	const char *why;
	int err = dt_reg_init(blob, node, "reg", &reg, &why);

	if (!cells || parent < 0) {
		CHECK(err < 0);
		return;
	}
	ac = fdt_address_cells(blob, parent);
	sc = fdt_size_cells(blob, parent);
	if (ac < 0 || sc < 0)	/* libfdt also refuses #address-cells 0 */
		return;
	entry = ac + sc;
	if (len % (4 * entry)) {
		CHECK_EQ(err, -EINVAL);
		return;
	}
	CHECK_EQ(err, 0);
	CHECK_EQ(reg.count, len / (4 * entry));
	for (int i = 0; !err && i < len / (4 * entry); i++) {
		u64 base = 0, size = 0, our_base = 1, our_size = 1;

		for (int c = 0; c < ac; c++)
			base = base << 32 | fdt32_to_cpu(cells[i * entry + c]);
		for (int c = 0; c < sc; c++)
			size = size << 32 | fdt32_to_cpu(cells[i * entry + ac + c]);
		CHECK_EQ(dt_reg_entry(&reg, i, &our_base, &our_size), 0);
		CHECK(our_base == base && our_size == size);
	}
}

/* Every compatible string of @node matches, a made-up one does not. */
static void oracle_compatible(const void *blob, int node)
{
	int count = fdt_stringlist_count(blob, node, "compatible");

	for (int i = 0; i < count; i++) {
		const char *s = fdt_stringlist_get(blob, node, "compatible", i,
						   NULL);

		CHECK(dt_node_is_compatible(blob, node, s));
		CHECK_EQ(fdt_node_check_compatible(blob, node, s), 0);
	}
	CHECK(!dt_node_is_compatible(blob, node, "tern,no-such-device"));
}

/* Checks that dt_* and libfdt agree on everything about @node. */
static void oracle_node(const void *blob, int node)
{
	char our_path[1024], their_path[1024];
	int our_len = -1, their_len = -2, err;
	u32 phandle = fdt_get_phandle(blob, node);

	CHECK(dt_node_name(blob, node, &our_len) ==
	      fdt_get_name(blob, node, &their_len));
	CHECK_EQ(our_len, their_len);
	CHECK_SAME(dt_parent(blob, node), fdt_parent_offset(blob, node));
	err = fdt_get_path(blob, node, their_path, sizeof(their_path));
	CHECK_SAME(dt_get_path(blob, node, our_path, sizeof(our_path)), err);
	if (!err) {
		CHECK(!strcmp(our_path, their_path));
		CHECK_SAME(dt_path_offset(blob, their_path),
			   fdt_path_offset(blob, their_path));
	}
	CHECK_EQ(dt_get_phandle(blob, node), phandle);
	if (phandle && phandle != ~0U)
		CHECK_SAME(dt_node_by_phandle(blob, phandle),
			   fdt_node_offset_by_phandle(blob, phandle));
	if (fdt_address_cells(blob, node) >= 0)
		CHECK_EQ(dt_address_cells(blob, node),
			 fdt_address_cells(blob, node));
	CHECK_SAME(dt_size_cells(blob, node), fdt_size_cells(blob, node));
	oracle_children(blob, node);
	oracle_properties(blob, node);
	oracle_reg(blob, node);
	oracle_compatible(blob, node);
}

/* Both searches must visit the same nodes in the same order. */
static void oracle_search(const void *blob, const char *compat,
			  const char *type)
{
	int ours = -1, theirs = -1;

	do {
		if (compat) {
			ours = dt_next_compatible(blob, ours, compat);
			theirs = fdt_node_offset_by_compatible(blob, theirs,
							       compat);
		} else {
			ours = dt_next_device_type(blob, ours, type);
			theirs = fdt_node_offset_by_prop_value(blob, theirs,
							       "device_type", type,
							       strlen(type) + 1);
		}
		CHECK_SAME(ours, theirs);
	} while (ours >= 0 && ours == theirs);
}

/* Every /aliases entry resolves to the same string and node. */
static void oracle_aliases(const void *blob)
{
	int aliases = fdt_path_offset(blob, "/aliases"), prop;

	if (aliases < 0)
		return;
	fdt_for_each_property_offset(prop, blob, aliases) {
		const char *name, *value;
		int len;

		value = fdt_getprop_by_offset(blob, prop, &name, &len);
		if (len <= 0 || strnlen(value, len) == (size_t)len)
			continue;	/* not a string; we refuse those */
		CHECK(dt_alias(blob, name, strlen(name)) ==
		      fdt_get_alias(blob, name));
		if (value[0] == '/')	/* libfdt also chases relative ones */
			CHECK_SAME(dt_path_offset(blob, name),
				   fdt_path_offset(blob, name));
	}
}

/* The /memreserve/ entries, one by one, and the end of the map. */
static void oracle_memreserve(const void *blob)
{
	int n = fdt_num_mem_rsv(blob);
	u64 base, size;

	CHECK_EQ(dt_memreserve_count(blob), n);
	for (int i = 0; i < n; i++) {
		uint64_t their_base, their_size;

		fdt_get_mem_rsv(blob, i, &their_base, &their_size);
		CHECK_EQ(dt_memreserve(blob, i, &base, &size), 0);
		CHECK(base == their_base && size == their_size);
	}
	CHECK_EQ(dt_memreserve(blob, n, &base, &size), -ENOENT);
}

/* Compares everything about a blob that both readers accept. */
static void oracle_tree(const void *blob)
{
	int our_depth = 0, their_depth = -1;
	int ours = dt_next_node(blob, -1, &our_depth);
	int theirs = fdt_next_node(blob, -1, &their_depth);

	CHECK_EQ(dt_total_size(blob), fdt_totalsize(blob));
	oracle_memreserve(blob);
	oracle_aliases(blob);
	oracle_search(blob, NULL, "memory");
	oracle_search(blob, NULL, "cpu");
	while (ours >= 0 || theirs >= 0) {
		const char *compat = fdt_stringlist_get(blob, theirs,
							"compatible", 0, NULL);

		CHECK_SAME(ours, theirs);
		CHECK_EQ(our_depth, their_depth);
		if (ours != theirs)
			return;
		oracle_node(blob, ours);
		if (compat)
			oracle_search(blob, compat, NULL);
		ours = dt_next_node(blob, ours, &our_depth);
		theirs = fdt_next_node(blob, theirs, &their_depth);
		if (their_depth < 0)	/* libfdt's "walked out of the root" */
			theirs = -FDT_ERR_NOTFOUND;
	}
}

/* One generated DTB: both readers accept it and agree on all of it. */
static void oracle_case(const struct test_dtb *t)
{
	const char *why = NULL;

	CHECK_EQ(fdt_check_full(t->blob, t->size), 0);
	CHECK_EQ(dt_check(t->blob, t->size, &why), 0);
	if (why)
		printf("# %s: dt_check: %s\n", t->name, why);
	oracle_tree(t->blob);
}

/* ------------------------------------------------ raw blob builder --- */

/*
 * A hand-made DTB: tokens exactly as written, so tests can build what
 * libfdt's writer never would (a property outside any node, 65 levels).
 */
struct raw_dtb {
	u8 structure[16384];
	size_t struct_len;
	char strings[256];
	size_t strings_len;
};

/* Appends one big-endian word to the structure block. */
static void raw_word(struct raw_dtb *r, u32 word)
{
	put_be32(r->structure, r->struct_len, word);
	r->struct_len += 4;
}

/* Appends @len bytes, padded with zeros to a whole word. */
static void raw_bytes(struct raw_dtb *r, const void *data, size_t len)
{
	memcpy(r->structure + r->struct_len, data, len);
	r->struct_len += len;
	while (r->struct_len % 4)
		r->structure[r->struct_len++] = 0;
}

/* Opens a node called @name. */
static void raw_begin(struct raw_dtb *r, const char *name)
{
	raw_word(r, FDT_BEGIN_NODE);
	raw_bytes(r, name, strlen(name) + 1);
}

/* Adds a string property (its name appended to the strings block). */
static void raw_prop(struct raw_dtb *r, const char *name, const char *value)
{
	raw_word(r, FDT_PROP);
	raw_word(r, strlen(value) + 1);
	raw_word(r, r->strings_len);
	memcpy(r->strings + r->strings_len, name, strlen(name) + 1);
	r->strings_len += strlen(name) + 1;
	raw_bytes(r, value, strlen(value) + 1);
}

/* Wraps @r in a v17 header; Returns a malloc'd blob of *@size bytes. */
static u8 *raw_finish(const struct raw_dtb *r, size_t *size)
{
	const u32 rsvmap = 40, structure = 56;
	u32 strings = structure + r->struct_len;
	u8 *blob;

	*size = strings + r->strings_len;
	blob = calloc(1, *size);
	put_be32(blob, 0, FDT_MAGIC);
	put_be32(blob, 4, *size);
	put_be32(blob, 8, structure);
	put_be32(blob, 12, strings);
	put_be32(blob, 16, rsvmap);
	put_be32(blob, 20, 17);
	put_be32(blob, 24, 16);
	put_be32(blob, 32, r->strings_len);
	put_be32(blob, 36, r->struct_len);
	memcpy(blob + structure, r->structure, r->struct_len);
	memcpy(blob + strings, r->strings, r->strings_len);
	return blob;
}

/* A root holding @depth - 1 nested nodes, each with a property. */
static u8 *raw_nested(int depth, size_t *size)
{
	static struct raw_dtb r;

	memset(&r, 0, sizeof(r));
	raw_begin(&r, "");
	for (int i = 1; i < depth; i++)
		raw_begin(&r, "n");
	raw_prop(&r, "deep", "yes");
	for (int i = 0; i < depth; i++)
		raw_word(&r, FDT_END_NODE);
	raw_word(&r, FDT_END);
	return raw_finish(&r, size);
}

/*
 * Builds a blob from @script, words separated by spaces: "{NAME" opens a
 * node (plain "{" the unnamed root), "}" closes one, "p" is a property,
 * "n" a NOP, "." FDT_END. Returns it malloc'd, *@size bytes long.
 */
static u8 *raw_from_script(const char *script, size_t *size)
{
	static struct raw_dtb r;
	char word[32];
	int used;

	memset(&r, 0, sizeof(r));
	for (; sscanf(script, " %31s%n", word, &used) == 1; script += used) {
		if (word[0] == '{')
			raw_begin(&r, word + 1);
		else if (word[0] == '}')
			raw_word(&r, FDT_END_NODE);
		else if (word[0] == 'p')
			raw_prop(&r, "prop", "value");
		else
			raw_word(&r, word[0] == 'n' ? FDT_NOP : FDT_END);
	}
	return raw_finish(&r, size);
}

/* The raw builder itself must make what both readers accept. */
static void test_raw_builder_is_sound(void)
{
	size_t size;
	u8 *blob = raw_nested(3, &size);

	CHECK_EQ(fdt_check_full(blob, size), 0);
	CHECK_EQ(dt_check(blob, size, NULL), 0);
	oracle_tree(blob);
	CHECK_EQ(dt_path_offset(blob, "/n/n"), fdt_path_offset(blob, "/n/n"));
	free(blob);
	blob = raw_from_script("{ p {a p } n {b {c } } n } .", &size);
	CHECK_EQ(fdt_check_full(blob, size), 0);
	CHECK_EQ(dt_check(blob, size, NULL), 0);
	oracle_tree(blob);
	CHECK_EQ(dt_path_offset(blob, "/b/c"), fdt_path_offset(blob, "/b/c"));
	free(blob);
}

/* 64 levels are accepted and fully readable; 65 are refused. */
static void test_nesting_limit(void)
{
	char path[256];
	const char *why = NULL;
	size_t size;
	u8 *blob = raw_nested(DT_MAX_DEPTH, &size);
	int deepest = -1, depth = 0, node;

	CHECK_EQ(dt_check(blob, size, &why), 0);
	for (node = dt_next_node(blob, -1, &depth); node >= 0;
	     node = dt_next_node(blob, node, &depth))
		if (depth == DT_MAX_DEPTH - 1)
			deepest = node;
	CHECK(deepest > 0);
	CHECK_EQ(dt_get_path(blob, deepest, path, sizeof(path)), 0);
	CHECK_EQ(strlen(path), 2 * (DT_MAX_DEPTH - 1));
	CHECK_EQ(dt_path_offset(blob, path), deepest);
	CHECK(dt_parent(blob, deepest) > 0);
	free(blob);

	blob = raw_nested(DT_MAX_DEPTH + 1, &size);
	CHECK_EQ(dt_check(blob, size, &why), -EINVAL);
	CHECK(why && strstr(why, "nested deeper than 64"));
	free(blob);
}

/* ------------------------------------------------- malformed blobs --- */

/*
 * struct bad_blob - a blob being broken on purpose.
 * @data: the bytes (malloc'd, exactly @size long).
 * @size: bytes in @data.
 * @avail: what dt_check() is told is readable (normally @size).
 */
struct bad_blob {
	u8 *data;
	size_t size;
	size_t avail;
};

/* Returns the header field at byte @off of @b. */
static u32 hdr(const struct bad_blob *b, size_t off)
{
	return fdt32_ld((const fdt32_t *)(b->data + off));
}

/* Offset in the blob of the root's first property. */
static size_t first_prop(const struct bad_blob *b)
{
	return hdr(b, 8) + fdt_first_property_offset(b->data, 0);
}

/* Offset in the blob of the last token of the structure block. */
static size_t last_token(const struct bad_blob *b)
{
	return hdr(b, 8) + hdr(b, 36) - 4;
}


/* Header fields set to values dt_check() must refuse, one per case. */
static void bad_magic(struct bad_blob *b) { put_be32(b->data, 0, 0xfeedd00d); }
static void old_version(struct bad_blob *b) { put_be32(b->data, 20, 15); }
static void future_version(struct bad_blob *b) { put_be32(b->data, 24, 18); }
static void short_buffer(struct bad_blob *b) { b->avail = b->size - 1; }
static void tiny_buffer(struct bad_blob *b) { b->avail = 20; }
static void total_below_header(struct bad_blob *b) { put_be32(b->data, 4, 30); }
static void struct_past_end(struct bad_blob *b) { put_be32(b->data, 8, b->size + 8); }
static void struct_size_past_end(struct bad_blob *b) { put_be32(b->data, 36, b->size); }
static void strings_past_end(struct bad_blob *b) { put_be32(b->data, 32, hdr(b, 32) + 1); }
static void rsvmap_past_end(struct bad_blob *b) { put_be32(b->data, 16, b->size + 8); }
static void rsvmap_misaligned(struct bad_blob *b) { put_be32(b->data, 16, 44); }
static void nameoff_outside(struct bad_blob *b) { put_be32(b->data, first_prop(b) + 8, hdr(b, 32) + 4); }
static void prop_len_past_end(struct bad_blob *b) { put_be32(b->data, first_prop(b) + 4, 0x100000); }
static void unknown_token(struct bad_blob *b) { put_be32(b->data, first_prop(b), 7); }
static void end_cut_off(struct bad_blob *b) { put_be32(b->data, 36, hdr(b, 36) - 4); }
static void end_becomes_end_node(struct bad_blob *b) { put_be32(b->data, last_token(b), FDT_END_NODE); }
static void root_left_open(struct bad_blob *b) { put_be32(b->data, last_token(b) - 4, FDT_END); }

/* An offset whose end wraps past 2^32 must not look small. */
static void struct_offset_wraps(struct bad_blob *b)
{
	put_be32(b->data, 8, 0xfffffff0);
	put_be32(b->data, 36, 0x20);
}

/* The block moved by 2 bytes, shrunk so that it still fits. */
static void struct_misaligned(struct bad_blob *b)
{
	put_be32(b->data, 8, hdr(b, 8) + 2);
	put_be32(b->data, 36, hdr(b, 36) - 4);
}

/* The map starts where one 16-byte entry no longer fits. */
static void rsvmap_unterminated(struct bad_blob *b)
{
	put_be32(b->data, 16, ALIGN_DOWN(b->size - 8, 8));
}

/* Every byte from the last node's name to the block's end is non-NUL. */
static void node_name_unterminated(struct bad_blob *b)
{
	int node = 0, next;

	while ((next = fdt_next_node(b->data, node, NULL)) >= 0)
		node = next;
	memset(b->data + hdr(b, 8) + node + 4, 'x', hdr(b, 36) - node - 4);
}

/* The strings block's last NUL goes, so the last name runs off its end. */
static void prop_name_unterminated(struct bad_blob *b)
{
	b->data[hdr(b, 12) + hdr(b, 32) - 1] = 'x';
}

/* One level more than DT_MAX_DEPTH. */
static void nested_too_deep(struct bad_blob *b)
{
	free(b->data);
	b->data = raw_nested(DT_MAX_DEPTH + 1, &b->size);
	b->avail = b->size;
}

/*
 * A blob broken by @breaks (applied to QEMU's virt DTB), or built from
 * @script; dt_check() must refuse it with a reason containing @why.
 */
static const struct malformed_case {
	const char *name;
	void (*breaks)(struct bad_blob *b);
	const char *script;
	const char *why;
} malformed_cases[] = {
	{ "bad_magic", bad_magic, NULL, "bad magic 0xfeedd00d" },
	{ "version_15", old_version, NULL, "version 15 is too old" },
	{ "last_comp_version_18", future_version, NULL, "last_comp_version 18" },
	{ "totalsize_past_buffer", short_buffer, NULL, "is larger than the" },
	{ "buffer_smaller_than_header", tiny_buffer, NULL, "only 20 bytes" },
	{ "totalsize_below_header", total_below_header, NULL, "smaller than the 40-byte header" },
	{ "struct_block_past_end", struct_past_end, NULL, "structure block" },
	{ "struct_size_past_end", struct_size_past_end, NULL, "runs past totalsize" },
	{ "struct_offset_wraps", struct_offset_wraps, NULL, "structure block 0xfffffff0+0x20" },
	{ "struct_block_misaligned", struct_misaligned, NULL, "not 4-byte aligned" },
	{ "strings_block_past_end", strings_past_end, NULL, "strings block" },
	{ "rsvmap_past_end", rsvmap_past_end, NULL, "is outside the blob" },
	{ "rsvmap_misaligned", rsvmap_misaligned, NULL, "not 8-byte aligned" },
	{ "rsvmap_unterminated", rsvmap_unterminated, NULL, "no (0, 0) end" },
	{ "node_name_unterminated", node_name_unterminated, NULL, "node name is not terminated" },
	{ "prop_name_unterminated", prop_name_unterminated, NULL, "is not terminated" },
	{ "nameoff_outside_strings", nameoff_outside, NULL, "outside the strings block" },
	{ "prop_len_past_end", prop_len_past_end, NULL, "property value runs past" },
	{ "unknown_token", unknown_token, NULL, "unknown token" },
	{ "missing_end", end_cut_off, NULL, "without FDT_END" },
	{ "end_node_closes_nothing", end_becomes_end_node, NULL, "token 0x00000002 at structure offset 0xebc follows the root node" },
	{ "root_left_open", root_left_open, NULL, "still open" },
	{ "prop_outside_node", NULL, "{ } p .", "token 0x00000003 at structure offset 0xc follows the root node" },
	{ "nop_after_root", NULL, "{ } n .", "token 0x00000004 at structure offset 0xc follows" },
	{ "prop_after_child_node", NULL, "{ {child } p } .", "comes after a child node" },
	{ "second_root", NULL, "{ } { } .", "second root node" },
	{ "no_root", NULL, ".", "starts with token 0x00000009, not the root node" },
	{ "nop_before_root", NULL, "n { } .", "starts with token 0x00000004" },
	{ "nested_65_deep", nested_too_deep, NULL, "nested deeper than 64" },
	{ "root_has_a_name", NULL, "{root {child } } .", "the root node is named \"root\"" },
	{ "child_has_no_name", NULL, "{ { } } .", "has an empty name" },
	{ "node_name_with_slash", NULL, "{ {fw/cfg } } .", "\"fw/cfg\" at structure offset 0x8 contains '/'" },
};

/* Returns a copy of @t trimmed to its totalsize, in an exact-size buffer. */
static struct bad_blob copy_dtb(const struct test_dtb *t)
{
	struct bad_blob b = { .size = t->blob ? fdt_totalsize(t->blob) : 1 };

	b.data = malloc(b.size);
	memcpy(b.data, t->blob ? t->blob : "", t->blob ? b.size : 1);
	b.avail = b.size;
	return b;
}

/* Breaks QEMU's DTB as @m says; dt_check() must refuse it, with reason. */
static void malformed_case(const struct malformed_case *m)
{
	struct bad_blob b = copy_dtb(find_test_dtb("qemu-virt-smp1"));
	const char *why = NULL;

	if (m->script) {
		free(b.data);
		b.data = raw_from_script(m->script, &b.size);
		b.avail = b.size;
	} else {
		m->breaks(&b);
	}
	CHECK_EQ(dt_check(b.data, b.avail, &why), -EINVAL);
	CHECK(why && strstr(why, m->why));
	printf("# %s: %s\n", m->name, why ? why : "(accepted)");
	free(b.data);
}

/* A version 16 header has no size_dt_struct: the block runs to the end. */
static void test_version_16_header(void)
{
	struct bad_blob b = copy_dtb(find_test_dtb("qemu-virt-smp1"));

	put_be32(b.data, 20, 16);
	put_be32(b.data, 36, 0);	/* not a v16 field: must be ignored */
	CHECK_EQ(dt_check(b.data, b.size, NULL), 0);
	CHECK_EQ(fdt_check_full(b.data, b.size), 0);
	oracle_tree(b.data);
	CHECK_EQ(boot_plan_from_dt(&plan, b.data), 0);
	free(b.data);
}

/* ---------------------------------- reading whatever got through --- */

/* Every accessor on every node and property, then a boot plan. */
static void read_everything(const void *blob)
{
	char path[512];
	int node, prop;

	dt_for_each_node(blob, node) {
		struct dt_property p;
		struct dt_reg reg;
		u64 base, size;
		u32 value;
		const char *why;

		dt_node_name(blob, node, NULL);
		dt_get_path(blob, node, path, sizeof(path));
		dt_path_offset(blob, path);
		dt_parent(blob, node);
		dt_address_cells(blob, node);
		dt_size_cells(blob, node);
		dt_node_by_phandle(blob, dt_get_phandle(blob, node));
		dt_interrupt_parent(blob, node);
		dt_node_is_available(blob, node);
		dt_read_u32(blob, node, "#address-cells", &value);
		dt_read_uint(blob, node, "reg", &base);
		if (!dt_reg_init(blob, node, "reg", &reg, &why))
			for (unsigned int i = 0; i < reg.count; i++)
				dt_reg_entry(&reg, i, &base, &size);
		for (prop = dt_first_property(blob, node); prop >= 0;
		     prop = dt_next_property(blob, prop)) {
			struct dt_strlist it;

			if (dt_property_at(blob, prop, &p))
				break;
			dt_getprop(blob, node, p.name, NULL);
			dt_strlist_init(&it, p.value, p.len);
			while (dt_strlist_next(&it))
				;
		}
	}
	dt_path_offset(blob, "serial0");
	dt_memreserve_count(blob);
	dt_next_compatible(blob, -1, "riscv");
	boot_plan_from_dt(&plan, blob);
	boot_plan_print(&plan);
}

/* ---------------------------------------------------- truncations --- */

/* Every buffer shorter than totalsize is refused by the header check. */
static void test_truncated_buffer_every_length(void)
{
	struct bad_blob whole = copy_dtb(find_test_dtb("qemu-virt-numa2"));
	unsigned int refused = 0;

	for (size_t len = 0; len < whole.size; len++) {
		u8 *cut = malloc(len ? len : 1);
		const char *why = NULL;

		memcpy(cut, whole.data, len);
		refused += dt_check(cut, len, &why) == -EINVAL && why && *why;
		free(cut);
	}
	CHECK_EQ(refused, whole.size);
	free(whole.data);
}

/* A blob cut short whose header claims the shorter size is refused too. */
static void test_truncated_totalsize_every_length(void)
{
	struct bad_blob whole = copy_dtb(find_test_dtb("qemu-virt-numa2"));
	unsigned int refused = 0;

	for (size_t len = 40; len < whole.size; len++) {
		u8 *cut = malloc(len);

		memcpy(cut, whole.data, len);
		put_be32(cut, 4, len);
		refused += dt_check(cut, len, NULL) == -EINVAL;
		free(cut);
	}
	CHECK_EQ(refused, whole.size - 40);
	free(whole.data);
}

/*
 * Shrinking size_dt_struct (or size_dt_strings) by any amount cuts a
 * token or a name; only the true size passes.
 */
static void shrink_block_every_length(size_t size_field)
{
	struct bad_blob b = copy_dtb(find_test_dtb("qemu-virt-numa2"));
	u32 full = hdr(&b, size_field);
	unsigned int refused = 0;

	for (u32 len = 0; len < full; len++) {
		put_be32(b.data, size_field, len);
		refused += dt_check(b.data, b.size, NULL) == -EINVAL;
	}
	CHECK_EQ(refused, full);
	put_be32(b.data, size_field, full);
	CHECK_EQ(dt_check(b.data, b.size, NULL), 0);
	free(b.data);
}

static void test_truncated_struct_every_length(void)
{
	shrink_block_every_length(36);
}

static void test_truncated_strings_every_length(void)
{
	shrink_block_every_length(32);
}

/* ------------------------------------------------------ bit flips --- */

static u64 rng_state = BIT_FLIP_SEED;

/* xorshift64: Returns the next pseudo-random number, the same every run. */
static u64 rng_next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/*
 * Flips 1 to 4 random bits (one round in eight only in the header) of a
 * real DTB, thousands of times. Accepted blobs are read in full and, when
 * libfdt accepts them too, compared with libfdt. Refused ones must come
 * with a reason, and are read anyway as long as their totalsize fits the
 * buffer: the accessors must stay inside the blob even without dt_check().
 */
static void test_random_bit_flips(void)
{
	struct bad_blob base = copy_dtb(find_test_dtb("qemu-virt-numa2"));
	unsigned int accepted = 0, compared = 0, unreasoned = 0;
	u8 *copy = malloc(base.size);

	for (int round = 0; round < BIT_FLIP_ROUNDS; round++) {
		size_t span = round % 8 ? base.size : 40;
		int flips = 1 + rng_next() % 4;
		const char *why = NULL;

		memcpy(copy, base.data, base.size);
		for (int i = 0; i < flips; i++) {
			u64 bit = rng_next() % (span * 8);

			copy[bit / 8] ^= 1 << (bit % 8);
		}
		if (dt_check(copy, base.size, &why) == 0) {
			accepted++;
			read_everything(copy);
			if (fdt_check_full(copy, base.size) == 0) {
				compared++;
				oracle_tree(copy);
			}
		} else {
			unreasoned += !why || !*why;
			if (fdt_totalsize(copy) <= base.size)
				read_everything(copy);
		}
	}
	CHECK_EQ(unreasoned, 0);
	printf("# %d rounds: %u accepted, %u of them compared with libfdt\n",
	       BIT_FLIP_ROUNDS, accepted, compared);
	free(copy);
	free(base.data);
}

/* ------------------------------------------- rules beyond libfdt's --- */

/* Offsets that are not nodes or properties give errors, never reads. */
static void test_accessors_refuse_bad_offsets(void)
{
	const void *blob = find_test_dtb("qemu-virt-smp1")->blob;
	int struct_size = blob ? fdt_size_dt_struct(blob) : 0;
	int prop = dt_first_property(blob, 0);
	const int bad[] = { -4, 1, 2, 3, struct_size, struct_size + 4,
			    0x7ffffffc, -0x7ffffffc, prop };
	struct dt_property p;
	char path[64];
	const char *why;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int node = bad[i];

		CHECK(dt_node_name(blob, node, NULL) == NULL);
		CHECK(dt_first_child(blob, node) < 0);
		CHECK(dt_next_sibling(blob, node) < 0);
		CHECK_EQ(dt_parent(blob, node), -EINVAL);
		CHECK(dt_get_path(blob, node, path, sizeof(path)) < 0);
		CHECK(dt_first_property(blob, node) < 0);
		CHECK(dt_getprop(blob, node, "compatible", NULL) == NULL);
		CHECK(dt_subnode(blob, node, "cpus", 4) < 0);
		CHECK(dt_interrupt_parent(blob, node) < 0);
		if (node >= 0)	/* negative means "from the start" */
			CHECK(dt_next_node(blob, node, NULL) < 0);
		if (node != prop)
			CHECK_EQ(dt_property_at(blob, node, &p), -EINVAL);
	}
	CHECK_EQ(dt_next_property(blob, 0), -EINVAL);	/* a node, not a prop */
	CHECK_EQ(dt_check(NULL, 100, &why), -EINVAL);
	CHECK(strstr(why, "NULL"));
	CHECK_EQ(dt_next_node(NULL, -1, NULL), -EINVAL);
	CHECK_EQ(dt_total_size(NULL), 0);
	CHECK_EQ(dt_path_offset(blob, ""), -EINVAL);
	CHECK_EQ(boot_plan_from_dt(&plan, NULL), -EINVAL);
	CHECK_EQ(plan.stdout_node, -1);
}

static void test_paths_and_aliases(void)
{
	const void *blob = find_test_dtb("fixture-chosen-initrd32")->blob;
	int serial0 = dt_path_offset(blob, "/soc/serial@10000000");
	int serial1 = dt_path_offset(blob, "/soc/serial@10001000");
	char path[32];

	CHECK(serial0 > 0 && serial1 > 0 && serial0 != serial1);
	CHECK_EQ(dt_path_offset(blob, "serial0"), serial0);
	CHECK_EQ(dt_path_offset(blob, "serial1"), serial1);
	CHECK_EQ(dt_path_offset_len(blob, "serial0:115200n8", 7), serial0);
	CHECK(!strcmp(dt_alias(blob, "serial1", 7), "/soc/serial@10001000"));
	CHECK(dt_alias(blob, "serial", 6) == NULL);
	/* No alias of an alias, and so no loop. */
	CHECK(!strcmp(dt_alias(blob, "console", 7), "serial0"));
	CHECK_EQ(dt_path_offset(blob, "console"), -EINVAL);
	CHECK_EQ(dt_path_offset(blob, "loop"), -EINVAL);
	CHECK_EQ(dt_path_offset(blob, "nosuch"), -ENOENT);
	/* libfdt's unit-address rule, repeated and trailing slashes. */
	CHECK_EQ(dt_path_offset(blob, "/soc/serial"), serial0);
	CHECK_EQ(dt_path_offset(blob, "//soc//serial@10000000/"), serial0);
	CHECK_EQ(dt_path_offset(blob, "/soc/serial@1"), -ENOENT);
	CHECK_EQ(dt_path_offset(blob, "/soc/serial@10000000/x"), -ENOENT);
	CHECK_EQ(dt_path_offset(blob, "/"), 0);
	CHECK_EQ(dt_subnode(blob, 0, "soc\0x", 5), -ENOENT);
	CHECK_EQ(dt_get_path(blob, serial0, path, 10), -ENOSPC);
	CHECK_EQ(dt_get_path(blob, serial0, path, sizeof(path)), 0);
	CHECK(!strcmp(path, "/soc/serial@10000000"));
	CHECK_EQ(dt_get_path(blob, 0, path, 1), -ENOSPC);
	CHECK_EQ(dt_get_path(blob, 0, path, 2), 0);
	CHECK(!strcmp(path, "/"));
}

/* Finds the node at @path, which the fixture is known to have. */
static int node_at(const void *blob, const char *path)
{
	int node = dt_path_offset(blob, path);

	if (node < 0)
		printf("# %s: %d\n", path, node);
	CHECK(node >= 0);
	return node;
}

static void test_interrupt_parent_walks_end(void)
{
	const void *blob = find_test_dtb("fixture-phandle-cycle")->blob;
	int intc = node_at(blob, "/interrupt-controller");
	const void *virt = find_test_dtb("qemu-virt-smp1")->blob;
	int uart = node_at(virt, "/soc/serial@10000000");
	int plic = dt_next_compatible(virt, -1, "riscv,plic0");

	CHECK_EQ(dt_interrupt_parent(blob, node_at(blob, "/node-a")), -ELOOP);
	CHECK_EQ(dt_interrupt_parent(blob, node_at(blob, "/node-self")), -ELOOP);
	CHECK_EQ(dt_interrupt_parent(blob, node_at(blob, "/behind-loop")), -ELOOP);
	CHECK_EQ(dt_interrupt_parent(blob, node_at(blob, "/direct")), intc);
	CHECK_EQ(dt_interrupt_parent(blob, node_at(blob, "/bus/child")), intc);
	CHECK_EQ(dt_interrupt_parent(blob, node_at(blob, "/dangling")), -ENOENT);
	CHECK_EQ(dt_interrupt_parent(blob, 0), -ENOENT);
	CHECK_EQ(dt_node_by_phandle(blob, 0x77), node_at(blob, "/legacy"));
	CHECK_EQ(dt_get_phandle(blob, node_at(blob, "/legacy")), 0x77);
	CHECK_EQ(dt_node_by_phandle(blob, 0), -EINVAL);
	CHECK_EQ(dt_node_by_phandle(blob, ~0U), -EINVAL);
	CHECK_EQ(dt_node_by_phandle(blob, 0x12345), -ENOENT);
	/* QEMU's UART reports to the PLIC. */
	CHECK(plic > 0);
	CHECK_EQ(dt_interrupt_parent(virt, uart), plic);
}

/* Checks that @path's reg is refused with a reason containing @reason. */
static void check_reg_refused(const void *blob, const char *path,
			      const char *reason)
{
	struct dt_reg reg;
	const char *why = NULL;

	CHECK_EQ(dt_reg_init(blob, node_at(blob, path), "reg", &reg, &why),
		 -EINVAL);
	CHECK(why && strstr(why, reason));
}

static void test_reg_cells(void)
{
	const void *blob = find_test_dtb("fixture-bad-cells")->blob;
	const void *rsv = find_test_dtb("fixture-reserved-memory")->blob;
	struct dt_reg reg;
	const char *why;
	u64 base, size;

	check_reg_refused(blob, "/bus5/memory@a0000000", "larger than 4");
	check_reg_refused(blob, "/busff/memory@a1000000", "larger than 4");
	check_reg_refused(blob, "/bus0/memory@0", "both 0");
	check_reg_refused(blob, "/busbad/memory@a2000000", "not one cell");
	check_reg_refused(blob, "/memory@90000000", "not a multiple");
	CHECK_EQ(dt_address_cells(blob, node_at(blob, "/bus5")), -EINVAL);
	CHECK_EQ(dt_address_cells(blob, node_at(blob, "/bus0")), 0);
	CHECK_EQ(dt_size_cells(blob, node_at(blob, "/busbad")), -EINVAL);
	CHECK_EQ(dt_reg_init(blob, 0, "reg", &reg, &why), -ENOENT);

	CHECK_EQ(dt_reg_init(rsv, node_at(rsv, "/reserved-memory/firmware@88000000"),
			     "reg", &reg, &why), 0);
	CHECK_EQ(reg.count, 3);
	CHECK_EQ(dt_reg_entry(&reg, 2, &base, &size), 0);
	CHECK(base == 0x88200000 && size == 0x20000);
	CHECK_EQ(dt_reg_entry(&reg, 3, &base, &size), -ENOENT);
	/* More than two cells keep the low 64 bits, as of_read_number(). */
	CHECK(dt_read_number("\0\0\0\1\0\0\0\2\0\0\0\3", 3) == 0x200000003ULL);
}

static void test_property_readers(void)
{
	const void *blob = find_test_dtb("fixture-chosen-initrd64")->blob;
	int chosen = node_at(blob, "/chosen"), cpus = node_at(blob, "/cpus");
	struct dt_strlist it;
	u64 value;
	u32 cell;

	CHECK_EQ(dt_read_uint(blob, chosen, "linux,initrd-start", &value), 0);
	CHECK(value == 0x100000000ULL);
	CHECK_EQ(dt_read_uint(blob, cpus, "timebase-frequency", &value), 0);
	CHECK(value == 1000000000ULL);
	CHECK_EQ(dt_read_u32(blob, chosen, "linux,initrd-start", &cell), -EINVAL);
	CHECK_EQ(dt_read_u32(blob, chosen, "nosuch", &cell), -ENOENT);
	CHECK_EQ(dt_read_cells(blob, chosen, "linux,initrd-end", 2, &value), 0);
	CHECK(value == 0x100200000ULL);
	CHECK_EQ(dt_read_cells(blob, chosen, "linux,initrd-end", 5, &value), -EINVAL);
	CHECK(dt_getprop_string(blob, node_at(blob, "/soc"), "ranges") == NULL);
	CHECK(!strcmp(dt_getprop_string(blob, chosen, "linux,stdout-path"),
		      "/soc/serial@10000000"));
	CHECK_EQ(dt_stringlist_index(blob, 0, "compatible", "tern,fixture"), 1);
	CHECK_EQ(dt_stringlist_index(blob, 0, "compatible", "tern"), -ENOENT);
	/* An unterminated tail is not a string. */
	dt_strlist_init(&it, "ab\0cd", 5);
	CHECK(!strcmp(dt_strlist_next(&it), "ab"));
	CHECK(dt_strlist_next(&it) == NULL);
	dt_strlist_init(&it, NULL, -1);
	CHECK(dt_strlist_next(&it) == NULL);
}

/* --------------------------------------------------------------- main --- */

int main(int argc, char **argv)
{
	int failures = make_test_dtbs(argc ? argv[0] : "test_fdt");
	char name[128];

	ktap_plan(14 + nr_test_dtbs + ARRAY_SIZE(malformed_cases));
	RUN_NAMED("test_dtbs_generated", CHECK_EQ(failures, 0));
	RUN(test_raw_builder_is_sound);
	for (unsigned int i = 0; i < nr_test_dtbs; i++) {
		snprintf(name, sizeof(name), "libfdt_oracle_%s", test_dtbs[i].name);
		RUN_NAMED(name, oracle_case(&test_dtbs[i]));
	}
	RUN(test_accessors_refuse_bad_offsets);
	RUN(test_paths_and_aliases);
	RUN(test_interrupt_parent_walks_end);
	RUN(test_reg_cells);
	RUN(test_property_readers);
	RUN(test_nesting_limit);
	RUN(test_version_16_header);
	for (size_t i = 0; i < ARRAY_SIZE(malformed_cases); i++) {
		snprintf(name, sizeof(name), "malformed_%s", malformed_cases[i].name);
		RUN_NAMED(name, malformed_case(&malformed_cases[i]));
	}
	RUN(test_truncated_buffer_every_length);
	RUN(test_truncated_totalsize_every_length);
	RUN(test_truncated_struct_every_length);
	RUN(test_truncated_strings_every_length);
	RUN(test_random_bit_flips);
	return ktap_done();
}
