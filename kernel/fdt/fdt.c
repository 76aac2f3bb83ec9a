// SPDX-License-Identifier: MIT
/*
 * DOC: fdt - a bounds-checked flattened device tree reader
 *
 * A DTB is a 40-byte header, a memory reservation map of (address, size)
 * pairs ended by (0, 0), a structure block of 32-bit big-endian tokens
 * (BEGIN_NODE name, PROP len nameoff value, END_NODE, NOP, END) and a
 * strings block holding the property names.
 *
 * Two layers of defence. dt_check() walks everything once and reports the
 * first problem in words. Every accessor then re-derives the block bounds
 * from the header (dt_view_init) and decodes tokens only through
 * dt_token(), which refuses any token, name or value that would leave the
 * structure block; strings-block names go through dt_string_at(). So even
 * a bad offset from a caller costs -EINVAL, not a read outside the blob.
 *
 * Multi-byte values are read a byte at a time: a DTB handed over by a boot
 * loader is only promised 4-byte alignment of its tokens, 64-bit values in
 * properties are only 4-byte aligned, and RISC-V may trap on misaligned
 * loads.
 */
#include "kernel/fdt/fdt.h"
#include "kernel/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

/* Header field offsets (all big-endian u32). */
#define HDR_MAGIC 0
#define HDR_TOTALSIZE 4
#define HDR_OFF_STRUCT 8
#define HDR_OFF_STRINGS 12
#define HDR_OFF_RSVMAP 16
#define HDR_VERSION 20
#define HDR_LAST_COMP_VERSION 24
#define HDR_SIZE_STRINGS 32
#define HDR_SIZE_STRUCT 36	/* only in version 17 headers */
#define HDR_V16_SIZE 36
#define HDR_V17_SIZE 40

#define DT_FIRST_VERSION 16
#define DT_LAST_VERSION 17
/* Offsets are ints (as in libfdt); keep every aligned offset positive. */
#define DT_MAX_TOTAL_SIZE 0x7ffffff0U

#define DT_BEGIN_NODE 0x1
#define DT_END_NODE 0x2
#define DT_PROP 0x3
#define DT_NOP 0x4
#define DT_END 0x9
#define DT_BAD_TOKEN 0xffffffffU	/* dt_token(): cannot be decoded */

#define RSV_ENTRY_SIZE 16
#define PROP_HEADER_SIZE 12	/* token, len, nameoff */

/* The reason dt_check() gives; one buffer, as the reader runs at boot. */
static char dt_problem[160];

/* Formats the reason for a failed check; Returns it. */
static __printf(1, 2) const char *dt_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dt_problem, sizeof(dt_problem), fmt, ap);
	va_end(ap);
	return dt_problem;
}

/* Returns the big-endian u32 at @p, which may be misaligned. */
static u32 be32_at(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

/**
 * struct dt_view - where the blocks of a blob are, from its header.
 * @blob: the blob.
 * @structure: the structure block; tokens are at offsets below @struct_size.
 * @struct_size: its size in bytes.
 * @strings: the strings block.
 * @strings_size: its size in bytes.
 * @rsvmap: offset of the memory reservation map in the blob.
 * @total_size: the header's totalsize.
 */
struct dt_view {
	const u8 *blob;
	const u8 *structure;
	u32 struct_size;
	const char *strings;
	u32 strings_size;
	u32 rsvmap;
	u32 total_size;
};

/* Returns true if @size bytes at @off fit in @limit bytes (no overflow). */
static bool block_fits(u32 off, u32 size, u32 limit)
{
	return off <= limit && size <= limit - off;
}

/*
 * Reads and checks the header of @blob, of which @avail bytes are readable,
 * into @v. Returns NULL if the header is sound, else the reason.
 */
static const char *dt_header_problem(const void *blob, size_t avail,
				     struct dt_view *v)
{
	const u8 *b = blob;
	u32 magic, version, last_comp, total, header_size;
	u32 off_struct, off_strings, size_struct, size_strings;

	if (!blob)
		return dt_fail("no device tree (NULL pointer)");
	if (avail < HDR_V17_SIZE)
		return dt_fail("only %zu bytes, smaller than a device tree header (%d)",
			       avail, HDR_V17_SIZE);
	magic = be32_at(b + HDR_MAGIC);
	if (magic != DT_MAGIC)
		return dt_fail("bad magic 0x%08x (a device tree starts with 0x%08x)",
			       magic, DT_MAGIC);
	version = be32_at(b + HDR_VERSION);
	last_comp = be32_at(b + HDR_LAST_COMP_VERSION);
	if (version < DT_FIRST_VERSION)
		return dt_fail("version %u is too old (16 or 17 are read)",
			       version);
	if (last_comp > DT_LAST_VERSION)
		return dt_fail("last_comp_version %u is newer than 17", last_comp);

	total = be32_at(b + HDR_TOTALSIZE);
	if (total > avail)
		return dt_fail("totalsize %u is larger than the %zu bytes available",
			       total, avail);
	if (total > DT_MAX_TOTAL_SIZE)
		return dt_fail("totalsize %u is too large", total);
	header_size = version >= 17 ? HDR_V17_SIZE : HDR_V16_SIZE;
	if (total < header_size)
		return dt_fail("totalsize %u is smaller than the %u-byte header",
			       total, header_size);

	v->blob = b;
	v->total_size = total;
	v->rsvmap = be32_at(b + HDR_OFF_RSVMAP);
	if (v->rsvmap < header_size || v->rsvmap > total)
		return dt_fail("mem_rsvmap offset 0x%x is outside the blob (header %u, totalsize %u)",
			       v->rsvmap, header_size, total);
	if (!IS_ALIGNED(v->rsvmap, 8))
		return dt_fail("mem_rsvmap offset 0x%x is not 8-byte aligned",
			       v->rsvmap);

	off_struct = be32_at(b + HDR_OFF_STRUCT);
	size_struct = version >= 17 ? be32_at(b + HDR_SIZE_STRUCT) :
				      total - min(off_struct, total);
	if (off_struct < header_size ||
	    !block_fits(off_struct, size_struct, total))
		return dt_fail("structure block 0x%x+0x%x runs past totalsize 0x%x",
			       off_struct, size_struct, total);
	if (!IS_ALIGNED(off_struct, 4))
		return dt_fail("structure block offset 0x%x is not 4-byte aligned",
			       off_struct);
	v->structure = b + off_struct;
	v->struct_size = size_struct;

	off_strings = be32_at(b + HDR_OFF_STRINGS);
	size_strings = be32_at(b + HDR_SIZE_STRINGS);
	if (off_strings < header_size ||
	    !block_fits(off_strings, size_strings, total))
		return dt_fail("strings block 0x%x+0x%x runs past totalsize 0x%x",
			       off_strings, size_strings, total);
	v->strings = (const char *)b + off_strings;
	v->strings_size = size_strings;
	return NULL;
}

/*
 * Fills @v from a blob that dt_check() accepted, re-checking the header
 * against its own totalsize. Returns true if the header is still sound.
 */
static bool dt_view_init(const void *blob, struct dt_view *v)
{
	if (!blob)
		return false;
	return !dt_header_problem(blob, be32_at((const u8 *)blob + HDR_TOTALSIZE),
				  v);
}

/*
 * Returns the NUL-terminated string at @nameoff in the strings block, or
 * NULL if it starts outside the block or runs off its end.
 */
static const char *dt_string_at(const struct dt_view *v, u32 nameoff)
{
	if (nameoff >= v->strings_size)
		return NULL;
	if (!memchr(v->strings + nameoff, '\0', v->strings_size - nameoff))
		return NULL;
	return v->strings + nameoff;
}

/**
 * dt_token() - decode the token at a structure block offset.
 * @v: the blob's view.
 * @off: offset of the token in the structure block.
 * @next: set to the offset of the token after it (after the node name or
 *	property value, rounded up to 4 bytes).
 * @problem: if not NULL, set to a phrase when the token cannot be decoded.
 *
 * Return: the token, or DT_BAD_TOKEN if the token or what it carries would
 * leave the structure block, or @off is negative or misaligned.
 */
static u32 dt_token(const struct dt_view *v, int off, int *next,
		    const char **problem)
{
	const char *why;
	u64 end;
	u32 token;

	if (off < 0 || !IS_ALIGNED(off, 4) || (u64)off + 4 > v->struct_size) {
		why = "token runs past the end of the structure block";
		goto bad;
	}
	token = be32_at(v->structure + off);
	end = (u64)off + 4;
	if (token == DT_BEGIN_NODE) {
		const char *name = (const char *)v->structure + end;
		const char *nul = memchr(name, '\0', v->struct_size - end);

		if (!nul) {
			why = "node name is not terminated inside the structure block";
			goto bad;
		}
		end += nul - name + 1;
	} else if (token == DT_PROP) {
		if (end + PROP_HEADER_SIZE - 4 > v->struct_size) {
			why = "property header runs past the end of the structure block";
			goto bad;
		}
		end += PROP_HEADER_SIZE - 4 + (u64)be32_at(v->structure + off + 4);
		if (end > v->struct_size) {
			why = "property value runs past the end of the structure block";
			goto bad;
		}
	} else if (token != DT_END_NODE && token != DT_NOP && token != DT_END) {
		why = "unknown token";
		goto bad;
	}
	*next = (int)ALIGN_UP(end, 4);
	return token;
bad:
	if (problem)
		*problem = why;
	return DT_BAD_TOKEN;
}

/* State of dt_check()'s walk over the structure block. */
struct dt_walk {
	int depth;		/* nodes open; 0 outside the root */
	bool child_seen;	/* the open node already had a child node */
};

/*
 * Checks one token of the structure walk at @off. Returns NULL if it is
 * acceptable where it stands, else the reason.
 */
static const char *dt_check_token(const struct dt_view *v, struct dt_walk *w,
				  u32 token, int off)
{
	const char *name = (const char *)v->structure + off + 4;
	u32 nameoff;

	/* libfdt, and so Linux, look for the root at offset 0 and nowhere else. */
	if (off == 0 && token != DT_BEGIN_NODE)
		return dt_fail("the structure block starts with token 0x%08x, not the root node",
			       token);
	if (w->depth == 0 && off != 0 && token != DT_END)
		return token == DT_BEGIN_NODE ?
		       dt_fail("second root node at structure offset 0x%x", off) :
		       dt_fail("token 0x%08x at structure offset 0x%x follows the root node (only FDT_END may)",
			       token, off);
	switch (token) {
	case DT_BEGIN_NODE:
		/* Paths are names joined by '/': each must be one component. */
		if (w->depth == 0 && *name)
			return dt_fail("the root node is named \"%.32s\", not \"\"",
				       name);
		if (w->depth > 0 && !*name)
			return dt_fail("node at structure offset 0x%x has an empty name",
				       off);
		if (strchr(name, '/'))
			return dt_fail("node name \"%.32s\" at structure offset 0x%x contains '/'",
				       name, off);
		if (w->depth >= DT_MAX_DEPTH)
			return dt_fail("nodes nested deeper than %d at structure offset 0x%x",
				       DT_MAX_DEPTH, off);
		w->depth++;
		w->child_seen = false;
		return NULL;
	case DT_END_NODE:
		w->depth--;
		w->child_seen = true;	/* back in the parent, after a child */
		return NULL;
	case DT_PROP:
		if (w->child_seen)
			return dt_fail("property at structure offset 0x%x comes after a child node",
				       off);
		nameoff = be32_at(v->structure + off + 8);
		if (nameoff >= v->strings_size)
			return dt_fail("property at structure offset 0x%x: name offset %u is outside the strings block (%u bytes)",
				       off, nameoff, v->strings_size);
		if (!dt_string_at(v, nameoff))
			return dt_fail("property at structure offset 0x%x: name at strings offset %u is not terminated",
				       off, nameoff);
		return NULL;
	case DT_END:
		if (w->depth)
			return dt_fail("FDT_END at structure offset 0x%x with %d node(s) still open",
				       off, w->depth);
		return NULL;
	default:	/* DT_NOP */
		return NULL;
	}
}

/* Walks the structure block; Returns NULL if it is sound, else the reason. */
static const char *dt_structure_problem(const struct dt_view *v)
{
	struct dt_walk walk = { 0 };
	const char *problem;
	int off = 0, next;
	u32 token;

	do {
		token = dt_token(v, off, &next, &problem);
		if (token == DT_BAD_TOKEN) {
			if (off + 4 > (int)v->struct_size)
				return dt_fail("structure block ends at 0x%x without FDT_END",
					       off);
			return dt_fail("structure offset 0x%x: %s (token 0x%08x)",
				       off, problem,
				       be32_at(v->structure + off));
		}
		problem = dt_check_token(v, &walk, token, off);
		if (problem)
			return problem;
		off = next;
	} while (token != DT_END);
	return NULL;
}

/*
 * Reads entry @index of the memory reservation map. Returns 0, -ENOENT if
 * the map ends before it, or -EINVAL if the map runs off the blob.
 */
static int dt_rsv_entry(const struct dt_view *v, int index, u64 *base,
			u64 *size)
{
	if (index < 0)
		return -EINVAL;
	for (int i = 0;; i++) {
		u64 off = v->rsvmap + (u64)i * RSV_ENTRY_SIZE;
		u64 entry_base, entry_size;

		if (off + RSV_ENTRY_SIZE > v->total_size)
			return -EINVAL;
		entry_base = dt_read_number(v->blob + off, 2);
		entry_size = dt_read_number(v->blob + off + 8, 2);
		if (!entry_base && !entry_size)
			return -ENOENT;
		if (i == index) {
			*base = entry_base;
			*size = entry_size;
			return 0;
		}
	}
}

/* Returns the number of reservation map entries of @v, or -EINVAL. */
static int dt_rsv_count(const struct dt_view *v)
{
	u64 base, size;
	int n = 0, err;

	while ((err = dt_rsv_entry(v, n, &base, &size)) == 0)
		n++;
	return err == -ENOENT ? n : err;
}

int dt_check(const void *blob, size_t max_size, const char **why)
{
	struct dt_view v;
	const char *problem;

	problem = dt_header_problem(blob, max_size, &v);
	if (!problem && dt_rsv_count(&v) < 0)
		problem = dt_fail("mem_rsvmap at 0x%x has no (0, 0) end inside the blob",
				  v.rsvmap);
	if (!problem)
		problem = dt_structure_problem(&v);
	if (why)
		*why = problem;
	return problem ? -EINVAL : 0;
}

u32 dt_total_size(const void *blob)
{
	struct dt_view v;

	return dt_view_init(blob, &v) ? v.total_size : 0;
}

int dt_memreserve_count(const void *blob)
{
	struct dt_view v;

	if (!dt_view_init(blob, &v))
		return -EINVAL;
	return dt_rsv_count(&v);
}

int dt_memreserve(const void *blob, int index, u64 *base, u64 *size)
{
	struct dt_view v;

	if (!dt_view_init(blob, &v))
		return -EINVAL;
	return dt_rsv_entry(&v, index, base, size);
}

/* ------------------------------------------------------------- nodes --- */

/*
 * Returns the offset just past @node's BEGIN_NODE token and name (where its
 * properties start), or -EINVAL if @node is not a node offset.
 */
static int dt_node_body(const struct dt_view *v, int node)
{
	int body;

	if (dt_token(v, node, &body, NULL) != DT_BEGIN_NODE)
		return -EINVAL;
	return body;
}

int dt_next_node(const void *blob, int node, int *depth)
{
	struct dt_view v;
	int off, next, closed = 0;

	if (!dt_view_init(blob, &v))
		return -EINVAL;
	if (node < 0) {
		off = 0;
		closed = -1;	/* the root is one level below "before it" */
		if (depth)
			*depth = 0;
	} else {
		off = dt_node_body(&v, node);
		if (off < 0)
			return off;
	}
	for (;; off = next) {
		switch (dt_token(&v, off, &next, NULL)) {
		case DT_BEGIN_NODE:
			if (depth && node >= 0)
				*depth += 1 - closed;
			return off;
		case DT_END_NODE:
			closed++;
			break;
		case DT_PROP:
		case DT_NOP:
			break;
		case DT_END:
			return -ENOENT;
		default:
			return -EINVAL;
		}
	}
}

/*
 * Returns the first @wanted token at or after @off, passing over NOPs and
 * @passable tokens; -ENOENT at any other token (where a node's properties,
 * or its children, end), or -EINVAL.
 */
static int dt_find_token(const struct dt_view *v, int off, u32 wanted,
			 u32 passable)
{
	int next;

	for (;; off = next) {
		u32 token = dt_token(v, off, &next, NULL);

		if (token == wanted)
			return off;
		if (token == DT_BAD_TOKEN)
			return -EINVAL;
		if (token != DT_NOP && token != passable)
			return -ENOENT;
	}
}

/* dt_find_token() from the start of @node's properties. */
static int dt_find_in_node(const void *blob, int node, u32 wanted,
			   u32 passable)
{
	struct dt_view v;
	int body;

	if (!dt_view_init(blob, &v))
		return -EINVAL;
	body = dt_node_body(&v, node);
	return body < 0 ? body : dt_find_token(&v, body, wanted, passable);
}

int dt_first_child(const void *blob, int node)
{
	return dt_find_in_node(blob, node, DT_BEGIN_NODE, DT_PROP);
}

int dt_next_sibling(const void *blob, int node)
{
	struct dt_view v;
	int off, next, open = 1;

	if (!dt_view_init(blob, &v))
		return -EINVAL;
	off = dt_node_body(&v, node);
	if (off < 0)
		return off;
	/* Skip @node's subtree: count nodes opened until it closes. */
	for (; open; off = next) {
		switch (dt_token(&v, off, &next, NULL)) {
		case DT_BEGIN_NODE:
			open++;
			break;
		case DT_END_NODE:
			open--;
			break;
		case DT_PROP:
		case DT_NOP:
			break;
		default:	/* DT_END inside a node, or garbage */
			return -EINVAL;
		}
	}
	return dt_find_token(&v, off, DT_BEGIN_NODE, DT_PROP);
}

/*
 * Finds @node by walking from the root and records its ancestors, root
 * first, in @ancestors[0 .. *nr_ancestors - 1]. Returns 0, or -EINVAL if
 * @node is not a node offset or the nesting is deeper than DT_MAX_DEPTH.
 */
static int dt_ancestors(const struct dt_view *v, int node,
			int ancestors[DT_MAX_DEPTH], int *nr_ancestors)
{
	int off, next, open = 0;

	for (off = 0;; off = next) {
		switch (dt_token(v, off, &next, NULL)) {
		case DT_BEGIN_NODE:
			if (off == node) {
				*nr_ancestors = open;
				return 0;
			}
			if (open == DT_MAX_DEPTH)
				return -EINVAL;
			ancestors[open++] = off;
			break;
		case DT_END_NODE:
			if (open-- == 0)
				return -EINVAL;
			break;
		case DT_PROP:
		case DT_NOP:
			break;
		default:	/* DT_END without meeting @node, or garbage */
			return -EINVAL;
		}
	}
}

int dt_parent(const void *blob, int node)
{
	int ancestors[DT_MAX_DEPTH], nr, err;
	struct dt_view v;

	if (!dt_view_init(blob, &v))
		return -EINVAL;
	err = dt_ancestors(&v, node, ancestors, &nr);
	if (err)
		return err;
	return nr ? ancestors[nr - 1] : -ENOENT;
}

const char *dt_node_name(const void *blob, int node, int *lenp)
{
	struct dt_view v;
	const char *name;
	int body;

	if (!dt_view_init(blob, &v))
		return NULL;
	body = dt_node_body(&v, node);
	if (body < 0)
		return NULL;
	/* dt_token() found the NUL inside the block. */
	name = (const char *)v.structure + node + 4;
	if (lenp)
		*lenp = strlen(name);
	return name;
}

int dt_get_path(const void *blob, int node, char *buf, size_t size)
{
	int ancestors[DT_MAX_DEPTH], nr, err;
	struct dt_view v;
	size_t used = 0;

	if (!dt_view_init(blob, &v))
		return -EINVAL;
	err = dt_ancestors(&v, node, ancestors, &nr);
	if (err)
		return err;
	if (size < 2)
		return -ENOSPC;
	strscpy(buf, "/", size);
	/* ancestors[0] is the root, whose name is empty. */
	for (int i = 1; i <= nr; i++) {
		const char *name = dt_node_name(blob, i < nr ? ancestors[i] : node,
						NULL);
		int n;

		if (!name)
			return -EINVAL;
		n = snprintf(buf + used, size - used, "/%s", name);
		if (n < 0 || (size_t)n >= size - used)
			return -ENOSPC;
		used += n;
	}
	return 0;
}

/*
 * Returns true if a node called @node_name answers to @want (@want_len
 * bytes): the same name, or @want has no unit address and @node_name is
 * @want followed by "@unit" (libfdt's rule).
 */
static bool dt_name_matches(const char *node_name, const char *want,
			    size_t want_len)
{
	if (memchr(want, '\0', want_len) || strncmp(node_name, want, want_len))
		return false;
	if (node_name[want_len] == '\0')
		return true;
	return node_name[want_len] == '@' && !memchr(want, '@', want_len);
}

int dt_subnode(const void *blob, int parent, const char *name, size_t len)
{
	int child;

	dt_for_each_child(blob, parent, child) {
		const char *child_name = dt_node_name(blob, child, NULL);

		if (child_name && dt_name_matches(child_name, name, len))
			return child;
	}
	return child;
}

int dt_path_offset_len(const void *blob, const char *path, size_t len)
{
	const char *p = path, *end = path + len, *slash;
	int node;

	if (!len)
		return -EINVAL;
	if (*p == '/') {
		node = dt_next_node(blob, -1, NULL);
	} else {
		const char *target;

		slash = memchr(p, '/', len);
		if (!slash)
			slash = end;
		target = dt_alias(blob, p, slash - p);
		if (!target)
			return -ENOENT;
		if (*target != '/')	/* never recurse through aliases */
			return -EINVAL;
		node = dt_path_offset(blob, target);
		p = slash;
	}
	while (node >= 0 && p < end) {
		while (p < end && *p == '/')
			p++;
		if (p == end)
			break;
		slash = memchr(p, '/', end - p);
		if (!slash)
			slash = end;
		node = dt_subnode(blob, node, p, slash - p);
		p = slash;
	}
	return node;
}

int dt_path_offset(const void *blob, const char *path)
{
	return dt_path_offset_len(blob, path, strlen(path));
}

/* ------------------------------------------------------- properties --- */

int dt_first_property(const void *blob, int node)
{
	return dt_find_in_node(blob, node, DT_PROP, DT_NOP);
}

int dt_next_property(const void *blob, int prop)
{
	struct dt_view v;
	int next;

	if (!dt_view_init(blob, &v))
		return -EINVAL;
	if (dt_token(&v, prop, &next, NULL) != DT_PROP)
		return -EINVAL;
	return dt_find_token(&v, next, DT_PROP, DT_NOP);
}

/*
 * Decodes the property at @prop of @v into @out and sets *@next to the
 * token after it. Returns 0, or -EINVAL if @prop is not a property.
 */
static int dt_decode_property(const struct dt_view *v, int prop,
			      struct dt_property *out, int *next)
{
	if (dt_token(v, prop, next, NULL) != DT_PROP)
		return -EINVAL;
	out->name = dt_string_at(v, be32_at(v->structure + prop + 8));
	if (!out->name)
		return -EINVAL;
	out->len = (int)be32_at(v->structure + prop + 4);
	out->value = v->structure + prop + PROP_HEADER_SIZE;
	return 0;
}

int dt_property_at(const void *blob, int prop, struct dt_property *out)
{
	struct dt_view v;
	int next;

	if (!dt_view_init(blob, &v))
		return -EINVAL;
	return dt_decode_property(&v, prop, out, &next);
}

/*
 * Finds @node's property called @name (@len bytes) into @out. Returns 0,
 * -ENOENT, or -EINVAL.
 */
static int dt_find_property(const void *blob, int node, const char *name,
			    size_t len, struct dt_property *out)
{
	struct dt_view v;
	int prop, next;

	if (!dt_view_init(blob, &v))
		return -EINVAL;
	next = dt_node_body(&v, node);
	if (next < 0)
		return next;
	if (memchr(name, '\0', len))	/* no property name holds a NUL */
		return -ENOENT;
	while ((prop = dt_find_token(&v, next, DT_PROP, DT_NOP)) >= 0) {
		if (dt_decode_property(&v, prop, out, &next))
			return -EINVAL;
		if (!strncmp(out->name, name, len) && out->name[len] == '\0')
			return 0;
	}
	return prop;
}

const void *dt_getprop(const void *blob, int node, const char *name,
		       int *lenp)
{
	struct dt_property p;
	int err = dt_find_property(blob, node, name, strlen(name), &p);

	if (lenp)
		*lenp = err ? err : p.len;
	return err ? NULL : p.value;
}

const char *dt_getprop_string(const void *blob, int node, const char *name)
{
	int len;
	const char *s = dt_getprop(blob, node, name, &len);

	if (!s || len <= 0 || strnlen(s, len) == (size_t)len)
		return NULL;
	return s;
}

int dt_read_cells(const void *blob, int node, const char *name,
		  unsigned int nr_cells, u64 *out)
{
	int len;
	const void *value = dt_getprop(blob, node, name, &len);

	if (!value)
		return len == -ENOENT ? -ENOENT : -EINVAL;
	if (nr_cells < 1 || nr_cells > DT_MAX_CELLS || len != (int)nr_cells * 4)
		return -EINVAL;
	*out = dt_read_number(value, nr_cells);
	return 0;
}

int dt_read_u32(const void *blob, int node, const char *name, u32 *out)
{
	u64 value;
	int err = dt_read_cells(blob, node, name, 1, &value);

	if (!err)
		*out = (u32)value;
	return err;
}

int dt_read_uint(const void *blob, int node, const char *name, u64 *out)
{
	int len;

	if (!dt_getprop(blob, node, name, &len))
		return len == -ENOENT ? -ENOENT : -EINVAL;
	return dt_read_cells(blob, node, name, len == 8 ? 2 : 1, out);
}

u64 dt_read_number(const void *cells, unsigned int nr_cells)
{
	const u8 *p = cells;
	u64 value = 0;

	for (unsigned int i = 0; i < nr_cells; i++)
		value = value << 32 | be32_at(p + 4 * i);
	return value;
}

void dt_strlist_init(struct dt_strlist *it, const void *value, int len)
{
	it->next = value;
	it->end = value && len > 0 ? (const char *)value + len : value;
}

const char *dt_strlist_next(struct dt_strlist *it)
{
	const char *s = it->next;
	size_t left, n;

	if (!s || s >= it->end)
		return NULL;
	left = it->end - s;
	n = strnlen(s, left);
	if (n == left) {	/* unterminated tail: not a string */
		it->next = it->end;
		return NULL;
	}
	it->next = s + n + 1;
	return s;
}

int dt_stringlist_index(const void *blob, int node, const char *name,
			const char *str)
{
	struct dt_strlist it;
	const char *s;
	int len, index = 0;
	const void *value = dt_getprop(blob, node, name, &len);

	dt_strlist_init(&it, value, len);
	while ((s = dt_strlist_next(&it))) {
		if (!strcmp(s, str))
			return index;
		index++;
	}
	return -ENOENT;
}

/* --------------------------------------------------------------- reg --- */

/*
 * Reads @node's cell-count property @name into @cells, @fallback if it is
 * absent. Returns 0, or -EINVAL if it is not one cell.
 */
static int dt_cell_count(const void *blob, int node, const char *name,
			 u32 fallback, u32 *cells)
{
	int err = dt_read_u32(blob, node, name, cells);

	if (err == -ENOENT) {
		*cells = fallback;
		return 0;
	}
	return err;
}

/* Returns the checked count of @name (a *-cells property), or -EINVAL. */
static int dt_checked_cell_count(const void *blob, int node, const char *name,
				 u32 fallback)
{
	u32 cells;

	if (dt_cell_count(blob, node, name, fallback, &cells) ||
	    cells > DT_MAX_CELLS)
		return -EINVAL;
	return (int)cells;
}

int dt_address_cells(const void *blob, int node)
{
	return dt_checked_cell_count(blob, node, "#address-cells", 2);
}

int dt_size_cells(const void *blob, int node)
{
	return dt_checked_cell_count(blob, node, "#size-cells", 1);
}

int dt_reg_init(const void *blob, int node, const char *prop,
		struct dt_reg *reg, const char **why)
{
	const char *problem = NULL;
	u32 entry_size;
	int parent, len;

	memset(reg, 0, sizeof(*reg));
	reg->cells = dt_getprop(blob, node, prop, &len);
	if (!reg->cells)
		return len == -ENOENT ? -ENOENT : -EINVAL;
	reg->len = len;
	parent = dt_parent(blob, node);
	if (parent < 0)
		problem = "the root node has no parent to give its cells";
	else if (dt_cell_count(blob, parent, "#address-cells", 2,
			       &reg->addr_cells))
		problem = "the parent's #address-cells is not one cell";
	else if (dt_cell_count(blob, parent, "#size-cells", 1,
			       &reg->size_cells))
		problem = "the parent's #size-cells is not one cell";
	else if (reg->addr_cells > DT_MAX_CELLS)
		problem = "#address-cells is larger than 4";
	else if (reg->size_cells > DT_MAX_CELLS)
		problem = "#size-cells is larger than 4";
	else if (!reg->addr_cells && !reg->size_cells)
		problem = "#address-cells and #size-cells are both 0";
	if (problem)
		goto bad;
	entry_size = 4 * (reg->addr_cells + reg->size_cells);
	if (reg->len % entry_size) {
		problem = "length is not a multiple of the entry size";
		goto bad;
	}
	reg->count = reg->len / entry_size;
	return 0;
bad:
	if (why)
		*why = problem;
	return -EINVAL;
}

int dt_reg_entry(const struct dt_reg *reg, unsigned int index, u64 *base,
		 u64 *size)
{
	const u8 *entry;

	if (index >= reg->count)
		return -ENOENT;
	entry = reg->cells + 4 * index * (reg->addr_cells + reg->size_cells);
	*base = dt_read_number(entry, reg->addr_cells);
	*size = dt_read_number(entry + 4 * reg->addr_cells, reg->size_cells);
	return 0;
}

/* ------------------------------------------- phandles and compatibles --- */

u32 dt_get_phandle(const void *blob, int node)
{
	u32 phandle;

	if (!dt_read_u32(blob, node, "phandle", &phandle) ||
	    !dt_read_u32(blob, node, "linux,phandle", &phandle))
		return phandle;
	return 0;
}

int dt_node_by_phandle(const void *blob, u32 phandle)
{
	int node;

	if (!phandle || phandle == ~0U)
		return -EINVAL;
	dt_for_each_node(blob, node)
		if (dt_get_phandle(blob, node) == phandle)
			return node;
	return node;
}

int dt_interrupt_parent(const void *blob, int node)
{
	for (int hop = 0; hop < DT_MAX_PHANDLE_HOPS; hop++) {
		u32 phandle;
		int err = dt_read_u32(blob, node, "interrupt-parent", &phandle);

		if (err == -ENOENT)
			node = dt_parent(blob, node);
		else if (err)
			return err;
		else
			node = dt_node_by_phandle(blob, phandle);
		if (node < 0)
			return node;
		if (dt_getprop(blob, node, "#interrupt-cells", NULL))
			return node;
	}
	return -ELOOP;
}

bool dt_node_is_compatible(const void *blob, int node, const char *compat)
{
	return dt_stringlist_index(blob, node, "compatible", compat) >= 0;
}

bool dt_node_is_available(const void *blob, int node)
{
	int len;
	const char *status = dt_getprop(blob, node, "status", &len);

	if (!status)
		return len == -ENOENT;
	return (len == 5 && !memcmp(status, "okay", 5)) ||
	       (len == 3 && !memcmp(status, "ok", 3));
}

bool dt_node_is_device_type(const void *blob, int node, const char *type)
{
	int len;
	const char *value = dt_getprop(blob, node, "device_type", &len);

	return value && len == (int)strlen(type) + 1 && !memcmp(value, type, len);
}

/*
 * Returns the first node after @after for which @match(@want) holds,
 * -ENOENT, or -EINVAL.
 */
static int dt_next_matching(const void *blob, int after,
			    bool (*match)(const void *, int, const char *),
			    const char *want)
{
	int node;

	for (node = dt_next_node(blob, after, NULL); node >= 0;
	     node = dt_next_node(blob, node, NULL))
		if (match(blob, node, want))
			return node;
	return node;
}

int dt_next_compatible(const void *blob, int after, const char *compat)
{
	return dt_next_matching(blob, after, dt_node_is_compatible, compat);
}

int dt_next_device_type(const void *blob, int after, const char *type)
{
	return dt_next_matching(blob, after, dt_node_is_device_type, type);
}

const char *dt_alias(const void *blob, const char *name, size_t len)
{
	struct dt_property p;
	int aliases = dt_path_offset(blob, "/aliases");

	if (aliases < 0 || dt_find_property(blob, aliases, name, len, &p))
		return NULL;
	if (p.len <= 0 || strnlen(p.value, p.len) == (size_t)p.len)
		return NULL;
	return p.value;
}
