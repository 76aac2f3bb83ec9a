/* SPDX-License-Identifier: MIT */
/*
 * kernel/fdt/fdt.h - a bounds-checked reader for flattened device trees.
 *
 * dt_check() is the gate: it validates the header and walks the whole
 * structure block once. After it has passed, no function here reads
 * outside the blob; each one still checks the offsets it is given and the
 * header's block bounds, so a wrong offset or a blob that changed under us
 * gives -EINVAL, never a wild read.
 *
 * Nodes and properties are named by their offset in the structure block,
 * exactly as libfdt names them (the host tests compare the two). Negative
 * return values are negated errno values: -ENOENT "not there", -EINVAL
 * "malformed or not a node/property offset", -ELOOP "phandle chain too
 * long". Public names carry a dt_ prefix so they never clash with libfdt's
 * fdt_ names in the test binaries, which link both.
 */
#ifndef TERN_KERNEL_FDT_FDT_H
#define TERN_KERNEL_FDT_FDT_H

#include "kernel/types.h"

#define DT_MAGIC 0xd00dfeedU
#define DT_MAX_DEPTH 64		/* deepest node nesting dt_check accepts */
#define DT_MAX_CELLS 4		/* largest #address-cells / #size-cells */
#define DT_MAX_PHANDLE_HOPS 32	/* bound on any walk that follows phandles */

/* ----------------------------------------------------------- the blob --- */

/**
 * dt_check() - validate a device tree blob before anything reads it.
 * @blob: the blob; any alignment.
 * @max_size: bytes readable at @blob (the header's totalsize must fit).
 * @why: set to a one-line reason on failure, e.g. "totalsize 4096 is
 *	larger than the 2048 bytes available" (a static buffer: the reason
 *	stays valid until the next failing call); may be NULL.
 *
 * Checks the header (magic, version 16 or 17, every block inside
 * totalsize, the memory reservation map 8-byte aligned and terminated, the
 * structure block 4-byte aligned) and every token of the structure block
 * (nesting at most DT_MAX_DEPTH; node names terminated, non-empty and
 * without '/', the root's empty; property values inside the block and
 * their names inside the strings block; properties before child nodes;
 * exactly one root, at offset 0 and followed by FDT_END, as libfdt
 * expects).
 *
 * Return: 0 if the blob is safe to read with the functions below, else
 * -EINVAL.
 */
int dt_check(const void *blob, size_t max_size, const char **why);

/* Returns the header's totalsize (the bytes the caller must keep), or 0. */
u32 dt_total_size(const void *blob);

/* Returns the number of /memreserve/ entries, or -EINVAL. */
int dt_memreserve_count(const void *blob);

/**
 * dt_memreserve() - read one /memreserve/ entry of the header.
 * @blob: a checked blob.
 * @index: 0 for the first entry.
 * @base: set to the entry's address.
 * @size: set to its size.
 *
 * Return: 0, -ENOENT past the last entry, or -EINVAL.
 */
int dt_memreserve(const void *blob, int index, u64 *base, u64 *size);

/* ---------------------------------------------------------- the nodes --- */

/**
 * dt_next_node() - the node after @node in document order (depth first).
 * @blob: a checked blob.
 * @node: a node offset, or -1 for "before the root".
 * @depth: if not NULL, updated to the depth of the returned node: set to 0
 *	for the root when @node is -1, else adjusted from @node's depth.
 *
 * Return: the next node's offset, -ENOENT after the last node, or -EINVAL.
 */
int dt_next_node(const void *blob, int node, int *depth);

/* Iterates @node over every node of @blob, the root first. */
#define dt_for_each_node(blob, node)                       \
	for ((node) = dt_next_node((blob), -1, NULL); (node) >= 0; \
	     (node) = dt_next_node((blob), (node), NULL))

/* Returns @node's first child, -ENOENT if it has none, or -EINVAL. */
int dt_first_child(const void *blob, int node);

/* Returns the next child of @node's parent, -ENOENT after the last one. */
int dt_next_sibling(const void *blob, int node);

/* Iterates @child over the children of @parent. */
#define dt_for_each_child(blob, parent, child)                     \
	for ((child) = dt_first_child((blob), (parent)); (child) >= 0; \
	     (child) = dt_next_sibling((blob), (child)))

/**
 * dt_parent() - the parent of a node, found by walking from the root.
 * @blob: a checked blob.
 * @node: a node offset.
 *
 * Return: the parent's offset, -ENOENT for the root, or -EINVAL.
 */
int dt_parent(const void *blob, int node);

/**
 * dt_node_name() - a node's name, e.g. "cpu@0" ("" for the root).
 * @blob: a checked blob.
 * @node: a node offset.
 * @lenp: if not NULL, set to the name's length.
 *
 * Return: the NUL-terminated name inside the blob, or NULL if @node is not
 * a node offset.
 */
const char *dt_node_name(const void *blob, int node, int *lenp);

/**
 * dt_get_path() - the full path of a node, e.g. "/cpus/cpu@0".
 * @blob: a checked blob.
 * @node: a node offset.
 * @buf: filled with the NUL-terminated path.
 * @size: bytes at @buf.
 *
 * Return: 0, -ENOSPC if the path does not fit, or -EINVAL.
 */
int dt_get_path(const void *blob, int node, char *buf, size_t size);

/**
 * dt_subnode() - the child of @parent named @name.
 * @blob: a checked blob.
 * @parent: a node offset.
 * @name: the child's name, not necessarily NUL-terminated.
 * @len: its length.
 *
 * As in libfdt, a name without a unit address ("memory") also matches a
 * node that has one ("memory@80000000"); the first match wins.
 *
 * Return: the child's offset, -ENOENT, or -EINVAL.
 */
int dt_subnode(const void *blob, int parent, const char *name, size_t len);

/**
 * dt_path_offset_len() - look a node up by path.
 * @blob: a checked blob.
 * @path: "/cpus/cpu@0", or an alias with an optional rest ("serial0",
 *	"serial0/child"), not necessarily NUL-terminated.
 * @len: the path's length.
 *
 * An alias must resolve to an absolute path; aliases of aliases are not
 * followed, so a path lookup never recurses.
 *
 * Return: the node's offset, -ENOENT, or -EINVAL.
 */
int dt_path_offset_len(const void *blob, const char *path, size_t len);

/* dt_path_offset_len() for a NUL-terminated @path. */
int dt_path_offset(const void *blob, const char *path);

/**
 * dt_alias() - the path an /aliases property names.
 * @blob: a checked blob.
 * @name: the alias, e.g. "serial0", not necessarily NUL-terminated.
 * @len: its length.
 *
 * Return: the NUL-terminated value inside the blob, or NULL if there is no
 * such alias or its value is not a string.
 */
const char *dt_alias(const void *blob, const char *name, size_t len);

/* ----------------------------------------------------- the properties --- */

/**
 * struct dt_property - one property, as dt_property_at() reads it.
 * @name: NUL-terminated, inside the strings block.
 * @value: @len bytes inside the structure block (big-endian cells).
 * @len: the value's length in bytes; 0 for an empty property.
 */
struct dt_property {
	const char *name;
	const void *value;
	int len;
};

/* Returns the offset of @node's first property, -ENOENT, or -EINVAL. */
int dt_first_property(const void *blob, int node);

/* Returns the offset of the property after @prop, -ENOENT, or -EINVAL. */
int dt_next_property(const void *blob, int prop);

/* Fills @out from the property at offset @prop; Returns 0 or -EINVAL. */
int dt_property_at(const void *blob, int prop, struct dt_property *out);

/**
 * dt_getprop() - find a node's property by name.
 * @blob: a checked blob.
 * @node: a node offset.
 * @name: the property's name.
 * @lenp: if not NULL, set to the value's length, or to -ENOENT / -EINVAL.
 *
 * Return: the value inside the blob, or NULL if absent or on error.
 */
const void *dt_getprop(const void *blob, int node, const char *name,
		       int *lenp);

/* Returns the value of a string property (NUL-terminated), else NULL. */
const char *dt_getprop_string(const void *blob, int node, const char *name);

/* Reads a one-cell property; Returns 0, -ENOENT, or -EINVAL (not 4 bytes). */
int dt_read_u32(const void *blob, int node, const char *name, u32 *out);

/*
 * Reads a property of exactly @nr_cells cells (1 to DT_MAX_CELLS) as one
 * number; Returns 0, -ENOENT, or -EINVAL if its length differs.
 */
int dt_read_cells(const void *blob, int node, const char *name,
		  unsigned int nr_cells, u64 *out);

/*
 * Reads a property of one or two cells (timebase-frequency, initrd
 * addresses); Returns 0, -ENOENT, or -EINVAL for any other length.
 */
int dt_read_uint(const void *blob, int node, const char *name, u64 *out);

/*
 * Returns the number in @nr_cells big-endian cells at @cells. Like Linux's
 * of_read_number(), more than two cells keep the low 64 bits.
 */
u64 dt_read_number(const void *cells, unsigned int nr_cells);

/**
 * struct dt_strlist - an iterator over a string-list value.
 * @next: the next string.
 * @end: one past the value.
 */
struct dt_strlist {
	const char *next;
	const char *end;
};

/* Starts iterating the strings of a @len-byte value (NULL/len<=0: none). */
void dt_strlist_init(struct dt_strlist *it, const void *value, int len);

/* Returns the next string, or NULL at the end or before an unterminated one. */
const char *dt_strlist_next(struct dt_strlist *it);

/* Returns the index of @str in @node's string list @name, or -ENOENT. */
int dt_stringlist_index(const void *blob, int node, const char *name,
			const char *str);

/* ------------------------------------------------------- reg decoding --- */

/*
 * Return @node's #address-cells / #size-cells (what its children's reg
 * uses): the property, else the DT spec default (2 / 1); -EINVAL if the
 * property is not one cell or is larger than DT_MAX_CELLS.
 */
int dt_address_cells(const void *blob, int node);
int dt_size_cells(const void *blob, int node);

/**
 * struct dt_reg - a decoded reg-like property: (address, size) entries.
 * @cells: the property's value.
 * @len: its length in bytes.
 * @addr_cells: the parent's #address-cells, as read (even when rejected).
 * @size_cells: the parent's #size-cells, as read (even when rejected).
 * @count: the number of entries.
 */
struct dt_reg {
	const u8 *cells;
	unsigned int len;
	u32 addr_cells;
	u32 size_cells;
	unsigned int count;
};

/**
 * dt_reg_init() - prepare to decode a reg-like property of a node.
 * @blob: a checked blob.
 * @node: the node that has the property.
 * @prop: "reg", or another property made of (address, size) pairs such
 *	as "alloc-ranges".
 * @reg: filled in (cells and length as read, even on error, for logs).
 * @why: on -EINVAL, set to a short phrase: "#address-cells is larger than
 *	4", "length is not a multiple of the entry size", ...
 *
 * The cells come from the PARENT's #address-cells and #size-cells (DT spec
 * defaults 2 and 1 when absent; unlike Linux, grandparents are not asked).
 *
 * Return: 0, -ENOENT if @node has no @prop, or -EINVAL.
 */
int dt_reg_init(const void *blob, int node, const char *prop,
		struct dt_reg *reg, const char **why);

/* Reads entry @index of @reg; Returns 0, or -ENOENT past the last entry. */
int dt_reg_entry(const struct dt_reg *reg, unsigned int index, u64 *base,
		 u64 *size);

/* ------------------------------------------- phandles and compatibles --- */

/* Returns @node's phandle (or legacy linux,phandle), or 0 if it has none. */
u32 dt_get_phandle(const void *blob, int node);

/* Returns the node whose phandle is @phandle, -ENOENT, or -EINVAL (0, ~0). */
int dt_node_by_phandle(const void *blob, u32 phandle);

/**
 * dt_interrupt_parent() - the interrupt controller @node's interrupts go to.
 * @blob: a checked blob.
 * @node: a node offset.
 *
 * As Linux's of_irq_find_parent(): follow interrupt-parent (or, without
 * one, the tree parent) until a node with #interrupt-cells. The walk takes
 * at most DT_MAX_PHANDLE_HOPS steps, so interrupt-parent loops end.
 *
 * Return: the controller's offset, -ENOENT, -ELOOP, or -EINVAL.
 */
int dt_interrupt_parent(const void *blob, int node);

/* Returns true if @compat is one of @node's compatible strings. */
bool dt_node_is_compatible(const void *blob, int node, const char *compat);

/* Returns true if @node's device_type is exactly the string @type. */
bool dt_node_is_device_type(const void *blob, int node, const char *type);

/* Returns true if @node's status is absent, "okay" or "ok" (as Linux). */
bool dt_node_is_available(const void *blob, int node);

/*
 * Return the first node after @after (-1: from the root) in document order
 * that is compatible with @compat / whose device_type is @type; -ENOENT
 * when there is none; -EINVAL on a bad offset.
 */
int dt_next_compatible(const void *blob, int after, const char *compat);
int dt_next_device_type(const void *blob, int after, const char *type);

#endif
