/* SPDX-License-Identifier: MIT */
/*
 * kernel/fdt/boot_plan.h - what the kernel learns from the device tree.
 *
 * boot_plan_from_dt() reads a validated DTB once, at boot, into this plain
 * structure; nothing after it touches the blob again except drivers looking
 * up their own nodes. Fixed-size arrays because it runs before any
 * allocator exists. The same code runs in build/host/dtinfo.
 */
#ifndef TERN_KERNEL_FDT_BOOT_PLAN_H
#define TERN_KERNEL_FDT_BOOT_PLAN_H

#include "kernel/types.h"

#define BOOT_PLAN_MAX_MEMORY 64
#define BOOT_PLAN_MAX_RESERVED 64
#define BOOT_PLAN_MAX_HARTS NR_CPUS
#define BOOT_PLAN_MAX_NODES MAX_NUMNODES
#define BOOT_PLAN_NAME_LEN 64
#define BOOT_PLAN_BOOTARGS_LEN 1024

struct plan_memory {
	u64 base;
	u64 size;
	int node;		/* numa-node-id, or NUMA_NO_NODE if absent */
};

enum plan_reserved_source {
	RESERVED_MEMRESERVE,	/* /memreserve/ entry in the DTB header */
	RESERVED_NODE,		/* child of /reserved-memory */
	RESERVED_INITRD,	/* /chosen linux,initrd-start/end */
	RESERVED_DTB,		/* the blob itself */
};

struct plan_reserved {
	u64 base;		/* 0 with dynamic: size/alignment only */
	u64 size;
	enum plan_reserved_source source;
	bool no_map;		/* "no-map": not in the linear map */
	bool reusable;		/* "reusable": buddy may use it (CMA-like) */
	bool dynamic;		/* placed by the kernel (size + alignment) */
	u64 alignment;		/* for dynamic nodes; 0 if absent */
	u64 alloc_base;		/* first alloc-ranges entry, if any */
	u64 alloc_size;		/* 0 if no alloc-ranges */
	char name[BOOT_PLAN_NAME_LEN];	/* node name, e.g. "mmode_resv0@80000000" */
	char compatible[BOOT_PLAN_NAME_LEN];	/* first string, or "" */
};

struct plan_hart {
	unsigned long hartid;
	int node;		/* numa-node-id, or NUMA_NO_NODE */
	bool usable;		/* started by the kernel */
	char skip_reason[BOOT_PLAN_NAME_LEN];	/* why not, if !usable */
	char isa[BOOT_PLAN_NAME_LEN];	/* riscv,isa (truncated) */
	char mmu_type[16];	/* "riscv,sv39" / "sv48" / "sv57" or "" */
	u32 phandle;		/* of the cpu node (interrupt-controller users) */
};

struct boot_plan {
	struct plan_memory memory[BOOT_PLAN_MAX_MEMORY];
	unsigned int nr_memory;
	struct plan_reserved reserved[BOOT_PLAN_MAX_RESERVED];
	unsigned int nr_reserved;
	struct plan_hart harts[BOOT_PLAN_MAX_HARTS];
	unsigned int nr_harts;		/* every cpu node seen, usable or not */

	/*
	 * NUMA: nr_nodes is 1 + the highest node id used. numa_valid is false
	 * when the DT has no usable NUMA information (no ids, or inconsistent
	 * ones); then every node field above is 0 and numa_fallback_reason
	 * says why, for the boot log.
	 */
	unsigned int nr_nodes;
	bool numa_valid;
	char numa_fallback_reason[128];
	/* distance[a][b]: from /distance-map, else 10 local / 20 remote. */
	u8 distance[BOOT_PLAN_MAX_NODES][BOOT_PLAN_MAX_NODES];
	bool distance_from_dt;

	/* /chosen */
	char bootargs[BOOT_PLAN_BOOTARGS_LEN];
	char stdout_path[BOOT_PLAN_NAME_LEN * 2];	/* resolved through aliases */
	int stdout_node;	/* offset of the console's DT node, or -1 */
	char stdout_options[32];	/* after ':' e.g. "115200n8", or "" */
	u64 initrd_start, initrd_end;	/* 0, 0 if none */

	u64 timebase_frequency;	/* /cpus timebase-frequency, 0 if absent */
	char model[BOOT_PLAN_NAME_LEN];	/* / model or compatible */
};

/**
 * boot_plan_from_dt() - derive the boot plan from a device tree blob.
 * @plan: filled in; fully initialised even on error.
 * @blob: the DTB; must have passed dt_check() (kernel/fdt/fdt.h).
 *
 * Problems that leave a usable plan (a bad reserved node, an inconsistent
 * distance map, a hart without mmu-type) are logged with printk and the
 * offending part dropped or defaulted.
 *
 * Return: 0, or a negative errno when the blob itself is unusable (no
 * memory node at all counts as unusable: -ENODEV).
 */
int boot_plan_from_dt(struct boot_plan *plan, const void *blob);

/* Prints the plan in the format of build/host/dtinfo (also the boot log). */
void boot_plan_print(const struct boot_plan *plan);

#endif
