/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/dt_mutator.h - a libFuzzer mutator that edits device trees.
 *
 * Flipping bytes of a DTB mostly breaks its structure, and dt_check()
 * refuses it, so the boot plan behind it sees few new trees. So this
 * mutator (LLVMFuzzerCustomMutator) edits a tree that libfdt can open,
 * with libfdt's own writer, in all runs but one in DT_MUTATOR_BYTES (a
 * target may set it before including this; default 3): on a node picked
 * at random it sets a property a boot reads (reg, numa-node-id, status,
 * riscv,isa, distance-matrix, alloc-ranges, stdout-path, ...) to a value
 * of the kind it expects or not (cells from a list of edge values,
 * strings a boot compares with, an empty value), deletes or copies a
 * property, adds a child with a name a boot looks for, or deletes the
 * node. In the other runs, and whenever the tree does not open or the
 * result would not fit, libFuzzer's own byte mutations run
 * (LLVMFuzzerMutate).
 */
#ifndef TERN_TESTS_FUZZ_DT_MUTATOR_H
#define TERN_TESTS_FUZZ_DT_MUTATOR_H

#include <libfdt.h>

#include "tests/fuzz/fuzz.h"

#define DT_HEADER_SIZE 40	/* a version 17 header */

#ifndef DT_MUTATOR_BYTES
#define DT_MUTATOR_BYTES 3
#endif

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

static const char *const dt_mutator_props[] = {
	"reg", "device_type", "numa-node-id", "status", "compatible",
	"#address-cells", "#size-cells", "ranges", "no-map", "reusable",
	"size", "alignment", "alloc-ranges", "riscv,isa", "mmu-type",
	"phandle", "linux,phandle", "timebase-frequency", "bootargs",
	"stdout-path", "linux,stdout-path", "linux,initrd-start",
	"linux,initrd-end", "distance-matrix", "model", "interrupt-parent",
	"#interrupt-cells", "serial0", "reg-shift", "reg-io-width",
};

static const char *const dt_mutator_strings[] = {
	"memory", "cpu", "okay", "ok", "disabled", "fail", "riscv",
	"rv64imafdc_zicsr", "RV64IMA", "rv32ima", "rv64", "riscv,sv39",
	"riscv,sv48", "riscv,sv57", "riscv,none", "numa-distance-map-v1",
	"ns16550a", "sifive,uart0", "/soc/serial@10000000", "serial0",
	"/soc/serial@10000000:115200n8", "serial0:115200", "/chosen",
	"shared-dma-pool", "ktest panic=-1", "",
};

static const char *const dt_mutator_nodes[] = {
	"memory@80000000", "memory", "cpu@0", "cpu@1", "cpus", "chosen",
	"aliases", "reserved-memory", "distance-map", "resv@88000000",
	"pool", "soc", "serial@10000000", "cpu-map",
};

static const u32 dt_mutator_cells[] = {
	0, 1, 2, 3, 4, 5, 7, 10, 11, 15, 16, 20, 31, 32, 63, 64, 255, 256,
	0x1000, 0x80000000, 0x7fffffff, 0xfffff000, 0xffffffff,
};

/*
 * fdt_check_full(), where libfdt 1.6.1 (Debian 12) survives it: it reads
 * a header whatever the size it is given, and in a blob of version 2 to
 * 15 it dereferences NULL, as fdt_get_name() cannot name the root there.
 * tern refuses both; libfdt is then not asked (-FDT_ERR_BADVERSION).
 */
static int libfdt_check(const void *blob, size_t size)
{
	const u8 *v = (const u8 *)blob + 20;	/* the header's version */

	if (size < DT_HEADER_SIZE)
		return -FDT_ERR_TRUNCATED;
	if (((u32)v[0] << 24 | (u32)v[1] << 16 | (u32)v[2] << 8 | v[3]) < 16)
		return -FDT_ERR_BADVERSION;
	return fdt_check_full(blob, size);
}

static u64 dt_mutator_rng;

static u32 dt_mutator_next(u32 below)
{
	dt_mutator_rng ^= dt_mutator_rng << 13;
	dt_mutator_rng ^= dt_mutator_rng >> 7;
	dt_mutator_rng ^= dt_mutator_rng << 17;
	return below ? (u32)(dt_mutator_rng % below) : 0;
}

#define DT_PICK(array) ((array)[dt_mutator_next(ARRAY_SIZE(array))])

/* Returns the offset of a node of @fdt picked at random (the root first). */
static int dt_mutator_node(const void *fdt)
{
	int count = 0, node, want;

	for (node = 0; node >= 0; node = fdt_next_node(fdt, node, NULL))
		count++;
	want = dt_mutator_next(count);
	for (node = 0; want-- > 0 && node >= 0; )
		node = fdt_next_node(fdt, node, NULL);
	return node >= 0 ? node : 0;
}

/* Fills @value with what a property might hold; Returns its length. */
static int dt_mutator_value(u8 *value, size_t size)
{
	unsigned int kind = dt_mutator_next(6), cells;
	const char *s;

	switch (kind) {
	case 0:		/* a string, or two */
		s = DT_PICK(dt_mutator_strings);
		strcpy((char *)value, s);
		if (dt_mutator_next(4))
			return strlen(s) + 1;
		strcpy((char *)value + strlen(s) + 1, DT_PICK(dt_mutator_strings));
		return strlen(s) + 1 + strlen((char *)value + strlen(s) + 1) + 1;
	case 1:		/* empty */
		return 0;
	default:	/* 1 to 12 cells */
		cells = kind == 2 ? 1 : kind == 3 ? 2 : 1 + dt_mutator_next(12);
		for (unsigned int i = 0; i < cells && 4 * (i + 1) <= size; i++) {
			u32 c = dt_mutator_next(4) ? DT_PICK(dt_mutator_cells) :
						      dt_mutator_next(0xffffffff);

			value[4 * i] = c >> 24;
			value[4 * i + 1] = c >> 16;
			value[4 * i + 2] = c >> 8;
			value[4 * i + 3] = c;
		}
		return 4 * cells;
	}
}

/* One edit of the tree in @fdt; Returns 0 or libfdt's error. */
static int dt_mutator_edit(void *fdt)
{
	static u8 value[128];
	static char prop_name[64];
	int node = dt_mutator_node(fdt), prop, len, other;
	const char *name;
	const void *v;

	switch (dt_mutator_next(8)) {
	case 0:
	case 1:
	case 2:		/* set a property a boot reads */
		len = dt_mutator_value(value, sizeof(value));
		return fdt_setprop(fdt, node, DT_PICK(dt_mutator_props), value, len);
	case 3:		/* delete a property */
		prop = fdt_first_property_offset(fdt, node);
		for (int skip = dt_mutator_next(8); prop >= 0 && skip--; )
			prop = fdt_next_property_offset(fdt, prop);
		if (prop < 0 || !fdt_getprop_by_offset(fdt, prop, &name, &len))
			return -FDT_ERR_NOTFOUND;
		return fdt_delprop(fdt, node, name);
	case 4:		/* copy a property from another node */
		other = dt_mutator_node(fdt);
		prop = fdt_first_property_offset(fdt, other);
		for (int skip = dt_mutator_next(8); prop >= 0 && skip--; )
			prop = fdt_next_property_offset(fdt, prop);
		if (prop < 0 || !(v = fdt_getprop_by_offset(fdt, prop, &name, &len)) ||
		    len > (int)sizeof(value))
			return -FDT_ERR_NOTFOUND;
		/* Both move when the structure block grows: copies. */
		memcpy(value, v, len);
		snprintf(prop_name, sizeof(prop_name), "%s", name);
		return fdt_setprop(fdt, node, prop_name, value, len);
	case 5:
	case 6:		/* a child a boot looks for */
		return fdt_add_subnode(fdt, node, DT_PICK(dt_mutator_nodes));
	default:	/* delete the node */
		return node ? fdt_del_node(fdt, node) : -FDT_ERR_BADOFFSET;
	}
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed)
{
	static u8 tree[1 << 20];
	size_t room = min(max_size, sizeof(tree));

	dt_mutator_rng = seed | (u64)seed << 32 | 1;
	if (dt_mutator_next(DT_MUTATOR_BYTES) == 0 || libfdt_check(data, size) ||
	    fdt_open_into(data, tree, room))
		return LLVMFuzzerMutate(data, size, max_size);
	for (int edits = 1 + (dt_mutator_next(4) == 0); edits--; )
		if (dt_mutator_edit(tree))
			return LLVMFuzzerMutate(data, size, max_size);
	if (fdt_pack(tree) || fdt_totalsize(tree) > max_size)
		return LLVMFuzzerMutate(data, size, max_size);
	memcpy(data, tree, fdt_totalsize(tree));
	return fdt_totalsize(tree);
}

#endif
