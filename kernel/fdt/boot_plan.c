// SPDX-License-Identifier: MIT
/*
 * DOC: boot plan - the device tree read once, into struct boot_plan
 *
 * boot_plan_from_dt() turns a checked DTB into the plain tables the early
 * memory code and SMP bring-up need: memory ranges with their NUMA nodes,
 * reserved ranges, harts, the node distance matrix and /chosen. The rules
 * are Linux's (drivers/of/fdt.c, of_reserved_mem.c, of_numa.c and
 * arch/riscv's cpu code) unless docs/device-tree.md says otherwise; the
 * comments below say where and why we differ.
 *
 * It runs on the boot hart's 16 KiB stack before any allocator exists, so
 * it keeps no large locals: everything goes straight into the caller's
 * plan. A problem in one part of the tree (a bad reg, a full table, an
 * inconsistent distance map) is logged and that part dropped or defaulted;
 * the rest of the plan stays usable.
 */
#include "kernel/fdt/boot_plan.h"
#include "kernel/errno.h"
#include "kernel/fdt/fdt.h"
#include "kernel/printk.h"
#include "lib/printf.h"
#include "lib/string.h"

#define LOCAL_DISTANCE 10
#define REMOTE_DISTANCE 20
/* A numa-node-id that is present but unusable; never left in a plan. */
#define NODE_ID_BAD (-2)
/* Alignment of the initrd reservation, as Linux's reserve_initrd_mem(). */
#define INITRD_ALIGN SZ_4K

/* Linux's "[mem 0x...-0x...]" notation for an inclusive range. */
#define MEM_FMT "[mem 0x%016llx-0x%016llx]"
#define MEM_ARGS(base, size) \
	(unsigned long long)(base), (unsigned long long)((base) + (size) - 1)

/* Returns @node's name for log lines: "/" for the root, never NULL. */
static const char *name_of(const void *blob, int node)
{
	const char *name = dt_node_name(blob, node, NULL);

	if (!name)
		return "?";
	return *name ? name : "/";
}

/* Copies @src into @dst; logs when @what had to be truncated. */
static void copy_logged(char *dst, size_t size, const char *src,
			const char *what)
{
	if (strscpy(dst, src, size) < 0)
		pr_warn("%s truncated to %zu bytes\n", what, size - 1);
}

/* Returns the first string of @node's compatible, or NULL. */
static const char *first_compatible(const void *blob, int node)
{
	struct dt_strlist it;
	int len;
	const void *value = dt_getprop(blob, node, "compatible", &len);

	dt_strlist_init(&it, value, len);
	return dt_strlist_next(&it);
}

/*
 * Decodes @node's reg-like property @prop into @reg. Returns 0, -ENOENT
 * (not logged: callers decide whether that is a problem), or -EINVAL,
 * logged with the cell counts that made it unreadable.
 */
static int read_reg(const char *subsystem, const void *blob, int node,
		    const char *prop, struct dt_reg *reg)
{
	const char *why = "unreadable";
	int err = dt_reg_init(blob, node, prop, reg, &why);

	if (err == -EINVAL)
		pr_warn("%s: %s: %s ignored: %s (#address-cells %u, #size-cells %u, %u bytes)\n",
			subsystem, name_of(blob, node), prop, why,
			reg->addr_cells, reg->size_cells, reg->len);
	return err;
}

/*
 * Returns true if entry @i of @reg fits in 64 bits: with more than two
 * address or size cells, the leading cells must be 0. Linux's
 * of_read_number() keeps the low 64 bits without a word; an address at or
 * above 2^64 cut that way would name memory the tree does not describe, so
 * the plan drops such an entry (callers log it).
 */
static bool reg_entry_fits(const struct dt_reg *reg, unsigned int i)
{
	const u8 *entry = reg->cells + 4 * i * (reg->addr_cells + reg->size_cells);

	for (u32 c = 0; c + 2 < reg->addr_cells; c++)
		if (dt_read_number(entry + 4 * c, 1))
			return false;
	entry += 4 * reg->addr_cells;
	for (u32 c = 0; c + 2 < reg->size_cells; c++)
		if (dt_read_number(entry + 4 * c, 1))
			return false;
	return true;
}

/*
 * Returns @node's numa-node-id, NUMA_NO_NODE if it has none, or NODE_ID_BAD
 * (logged) when it is not one cell or not below MAX_NUMNODES.
 */
static int read_node_id(const void *blob, int node)
{
	u32 nid;
	int err = dt_read_u32(blob, node, "numa-node-id", &nid);

	if (err == -ENOENT)
		return NUMA_NO_NODE;
	if (err) {
		pr_warn("NUMA: %s: numa-node-id is not one cell\n",
			name_of(blob, node));
		return NODE_ID_BAD;
	}
	if (nid >= MAX_NUMNODES) {
		pr_warn("NUMA: %s: numa-node-id %u exceeds the maximum %d\n",
			name_of(blob, node), nid, MAX_NUMNODES - 1);
		return NODE_ID_BAD;
	}
	return (int)nid;
}

/* Empties @plan: no ranges or harts, one node, default distances. */
static void plan_init(struct boot_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	plan->stdout_node = -1;
	plan->nr_nodes = 1;
	for (int a = 0; a < BOOT_PLAN_MAX_NODES; a++)
		for (int b = 0; b < BOOT_PLAN_MAX_NODES; b++)
			plan->distance[a][b] = a == b ? LOCAL_DISTANCE :
							REMOTE_DISTANCE;
}

/* / model, else the first compatible string, as Linux's machine name. */
static void plan_model(struct boot_plan *plan, const void *blob, int root)
{
	const char *model = dt_getprop_string(blob, root, "model");

	if (!model)
		model = first_compatible(blob, root);
	if (model)
		copy_logged(plan->model, sizeof(plan->model), model, "model");
}

/* ------------------------------------------------------------ memory --- */

/*
 * Adds one reg entry of a memory node. Zero-size and wrapping entries are
 * dropped, and a full table drops the rest. Where the entry overlaps a
 * range already planned, the overlap stays with that range (and its node)
 * and only the parts outside it are added, with a log line: two memory
 * nodes claiming the same bytes must not count them twice (Linux's
 * memblock merges them too; there the later node id wins). Each part is
 * checked the same way against the ranges after the one it was cut from
 * (those before it did not touch the whole entry), so the recursion is at
 * most BOOT_PLAN_MAX_MEMORY levels deep.
 */
static void plan_memory_range(struct boot_plan *plan, const char *name,
			      u64 base, u64 size, int nid)
{
	u64 last = base + size - 1;

	if (!size) {
		pr_warn("memory: %s: zero-size entry at 0x%llx dropped\n", name,
			(unsigned long long)base);
		return;
	}
	if (last < base) {
		pr_warn("memory: %s: entry at 0x%llx of size 0x%llx wraps around, dropped\n",
			name, (unsigned long long)base,
			(unsigned long long)size);
		return;
	}
	for (unsigned int i = 0; i < plan->nr_memory; i++) {
		const struct plan_memory m = plan->memory[i];
		u64 m_last = m.base + m.size - 1;
		char on[24] = "";

		if (base > m_last || m.base > last)
			continue;
		if (m.node >= 0)
			snprintf(on, sizeof(on), " (node %d)", m.node);
		pr_warn("memory: %s: " MEM_FMT " overlaps " MEM_FMT "%s: the overlap is counted once, there\n",
			name, MEM_ARGS(base, size), MEM_ARGS(m.base, m.size), on);
		if (base < m.base)
			plan_memory_range(plan, name, base, m.base - base, nid);
		if (last > m_last)
			plan_memory_range(plan, name, m_last + 1, last - m_last,
					  nid);
		return;
	}
	if (plan->nr_memory == BOOT_PLAN_MAX_MEMORY) {
		pr_warn("memory: more than %d ranges, " MEM_FMT " ignored\n",
			BOOT_PLAN_MAX_MEMORY, MEM_ARGS(base, size));
		return;
	}
	plan->memory[plan->nr_memory++] = (struct plan_memory){
		.base = base, .size = size, .node = nid,
	};
}

/* Every available device_type = "memory" node, every reg entry. */
static void plan_memory(struct boot_plan *plan, const void *blob)
{
	struct dt_reg reg;
	u64 base, size;
	int node, nid, err;

	for (node = dt_next_device_type(blob, -1, "memory"); node >= 0;
	     node = dt_next_device_type(blob, node, "memory")) {
		const char *name = name_of(blob, node);

		if (!dt_node_is_available(blob, node)) {
			pr_info("memory: %s is disabled, skipped\n", name);
			continue;
		}
		err = read_reg("memory", blob, node, "reg", &reg);
		if (err == -ENOENT)
			pr_warn("memory: %s has no reg, skipped\n", name);
		else if (!err && !reg.count)
			pr_warn("memory: %s has an empty reg, skipped\n", name);
		if (err || !reg.count)
			continue;
		nid = read_node_id(blob, node);
		for (unsigned int i = 0; !dt_reg_entry(&reg, i, &base, &size); i++) {
			if (reg_entry_fits(&reg, i))
				plan_memory_range(plan, name, base, size, nid);
			else
				pr_warn("memory: %s: entry %u does not fit in 64 bits (#address-cells %u, #size-cells %u), dropped\n",
					name, i, reg.addr_cells, reg.size_cells);
		}
	}
}

/* ---------------------------------------------------------- reserved --- */

static const char *const reserved_source_names[] = {
	[RESERVED_MEMRESERVE] = "memreserve",
	[RESERVED_NODE] = "reserved-memory",
	[RESERVED_INITRD] = "initrd",
	[RESERVED_DTB] = "dtb",
};

/*
 * Appends @r to the reserved table. Returns false (logged) when the table
 * is already full.
 */
static bool plan_reserve(struct boot_plan *plan, const struct plan_reserved *r)
{
	if (plan->nr_reserved == BOOT_PLAN_MAX_RESERVED) {
		pr_warn("reserved: more than %d ranges, " MEM_FMT " (%s %s) ignored\n",
			BOOT_PLAN_MAX_RESERVED, MEM_ARGS(r->base, r->size),
			reserved_source_names[r->source], r->name);
		return false;
	}
	plan->reserved[plan->nr_reserved++] = *r;
	return true;
}

/*
 * The /memreserve/ entries of the DTB header. Reading entry i costs i
 * steps, so the walk stops at the first one that does not fit.
 */
static void plan_memreserve(struct boot_plan *plan, const void *blob)
{
	struct plan_reserved r = { .source = RESERVED_MEMRESERVE };

	for (int i = 0; !dt_memreserve(blob, i, &r.base, &r.size); i++) {
		if (!r.size)
			pr_warn("reserved: zero-size /memreserve/ at 0x%llx dropped\n",
				(unsigned long long)r.base);
		else if (!plan_reserve(plan, &r))
			break;
	}
}

/*
 * A /reserved-memory child without reg: the kernel places @r->size bytes
 * itself, aligned to "alignment", inside "alloc-ranges" if given. As in
 * Linux, a size or alignment of the wrong length drops the node.
 */
static void plan_reserved_dynamic(struct boot_plan *plan, const void *blob,
				  int node, struct plan_reserved *r,
				  int size_cells)
{
	struct dt_reg ranges;
	int err;

	err = dt_read_cells(blob, node, "size", size_cells, &r->size);
	if (err == -ENOENT) {
		pr_warn("reserved-memory: %s has neither reg nor size, skipped\n",
			r->name);
		return;
	}
	if (err || !r->size) {
		pr_warn("reserved-memory: %s: size is not a non-zero %d-cell number, skipped\n",
			r->name, size_cells);
		return;
	}
	err = dt_read_cells(blob, node, "alignment", size_cells, &r->alignment);
	if (err == -EINVAL || (r->alignment & (r->alignment - 1))) {
		pr_warn("reserved-memory: %s: alignment is not a %d-cell power of two, skipped\n",
			r->name, size_cells);
		return;
	}
	err = read_reg("reserved-memory", blob, node, "alloc-ranges", &ranges);
	if (err == -EINVAL)
		return;
	/* The plan keeps one window; Linux tries each in turn. */
	if (!err && !dt_reg_entry(&ranges, 0, &r->alloc_base, &r->alloc_size) &&
	    ranges.count > 1)
		pr_info("reserved-memory: %s: only the first of %u alloc-ranges is kept\n",
			r->name, ranges.count);
	r->base = 0;
	r->dynamic = true;
	plan_reserve(plan, r);
}

/* One child of /reserved-memory: static (reg) or dynamic (size). */
static void plan_reserved_node(struct boot_plan *plan, const void *blob,
			       int node, int size_cells)
{
	struct plan_reserved r = { .source = RESERVED_NODE };
	const char *compatible = first_compatible(blob, node);
	struct dt_reg reg;
	int err;

	copy_logged(r.name, sizeof(r.name), name_of(blob, node),
		    "reserved-memory node name");
	if (!dt_node_is_available(blob, node)) {
		pr_info("reserved-memory: %s is disabled, skipped\n", r.name);
		return;
	}
	if (compatible)
		copy_logged(r.compatible, sizeof(r.compatible), compatible,
			    "reserved-memory compatible");
	r.no_map = dt_getprop(blob, node, "no-map", NULL) != NULL;
	r.reusable = dt_getprop(blob, node, "reusable", NULL) != NULL;
	if (r.no_map && r.reusable) {
		/* The binding forbids it: unmapped memory cannot be lent out. */
		pr_warn("reserved-memory: %s: no-map and reusable exclude each other, skipped\n",
			r.name);
		return;
	}
	err = read_reg("reserved-memory", blob, node, "reg", &reg);
	if (err == -ENOENT) {
		plan_reserved_dynamic(plan, blob, node, &r, size_cells);
		return;
	}
	for (unsigned int i = 0; !err && !dt_reg_entry(&reg, i, &r.base, &r.size);
	     i++) {
		if (!reg_entry_fits(&reg, i))
			pr_warn("reserved-memory: %s: entry %u does not fit in 64 bits (#address-cells %u, #size-cells %u), dropped\n",
				r.name, i, reg.addr_cells, reg.size_cells);
		else if (!r.size)
			pr_warn("reserved-memory: %s: zero-size entry at 0x%llx dropped\n",
				r.name, (unsigned long long)r.base);
		else
			plan_reserve(plan, &r);
	}
}

/*
 * /reserved-memory must use the root's cell sizes and have "ranges" (an
 * identity mapping), or Linux ignores all of it; so do we.
 */
static void plan_reserved_memory(struct boot_plan *plan, const void *blob,
				 int root)
{
	int parent = dt_path_offset(blob, "/reserved-memory");
	int size_cells, child;

	if (parent < 0)
		return;
	size_cells = dt_size_cells(blob, parent);
	if (size_cells < 0 || size_cells != dt_size_cells(blob, root) ||
	    dt_address_cells(blob, parent) != dt_address_cells(blob, root) ||
	    !dt_getprop(blob, parent, "ranges", NULL)) {
		pr_warn("reserved-memory: unsupported node format (cells differ from the root's, or no ranges), ignoring it\n");
		return;
	}
	dt_for_each_child(blob, parent, child)
		plan_reserved_node(plan, blob, child, size_cells);
}

/* ------------------------------------------------------------ /chosen --- */

/*
 * linux,initrd-start/end, one or two cells each. The reservation is
 * rounded out to whole pages, as Linux reserves it; initrd_start/end stay
 * exact for whoever unpacks it.
 */
static void plan_initrd(struct boot_plan *plan, const void *blob, int chosen)
{
	struct plan_reserved r = { .source = RESERVED_INITRD };
	int err_start, err_end;
	u64 start, end;

	err_start = dt_read_uint(blob, chosen, "linux,initrd-start", &start);
	err_end = dt_read_uint(blob, chosen, "linux,initrd-end", &end);
	if (err_start == -ENOENT && err_end == -ENOENT)
		return;
	if (err_start || err_end) {
		pr_warn("chosen: linux,initrd-start/end missing or not 1 or 2 cells, initrd ignored\n");
		return;
	}
	if (end <= start) {
		pr_warn("chosen: initrd 0x%llx-0x%llx is empty, ignored\n",
			(unsigned long long)start, (unsigned long long)end);
		return;
	}
	r.base = ALIGN_DOWN(start, INITRD_ALIGN);
	r.size = ALIGN_UP(end - r.base, INITRD_ALIGN);
	if (!r.size) {	/* rounded up past 2^64: no page-sized range holds it */
		pr_warn("chosen: initrd 0x%llx-0x%llx reaches the end of the address space, ignored\n",
			(unsigned long long)start, (unsigned long long)end);
		return;
	}
	plan->initrd_start = start;
	plan->initrd_end = end;
	plan_reserve(plan, &r);
}

/*
 * stdout-path (else linux,stdout-path): "path-or-alias[:options]". As in
 * Linux's of_find_node_opts_by_path(), the options start at the first ':'.
 * stdout_path gets the path with the alias replaced by what it stands for.
 */
static void plan_stdout(struct boot_plan *plan, const void *blob, int chosen)
{
	const char *path = dt_getprop_string(blob, chosen, "stdout-path");
	const char *colon, *slash, *target;
	size_t path_len, alias_len = 0;
	int n;

	if (!path)
		path = dt_getprop_string(blob, chosen, "linux,stdout-path");
	if (!path)
		return;
	colon = strchr(path, ':');
	path_len = colon ? (size_t)(colon - path) : strlen(path);
	if (colon)
		copy_logged(plan->stdout_options, sizeof(plan->stdout_options),
			    colon + 1, "stdout-path options");

	target = "";
	if (path[0] != '/') {
		slash = memchr(path, '/', path_len);
		alias_len = slash ? (size_t)(slash - path) : path_len;
		target = dt_alias(blob, path, alias_len);
		if (!target) {	/* unresolved: keep it as written, for the log */
			target = "";
			alias_len = 0;
		}
	}
	n = snprintf(plan->stdout_path, sizeof(plan->stdout_path), "%s%.*s",
		     target, (int)(path_len - alias_len), path + alias_len);
	if (n >= (int)sizeof(plan->stdout_path))
		pr_warn("chosen: stdout-path truncated to %zu bytes\n",
			sizeof(plan->stdout_path) - 1);

	plan->stdout_node = dt_path_offset_len(blob, path, path_len);
	if (plan->stdout_node < 0) {
		pr_warn("chosen: stdout-path \"%s\" names no node\n", path);
		plan->stdout_node = -1;
	}
}

/* Returns true if @c separates boot arguments (as kernel/cmdline.c). */
static bool is_arg_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Copies bootargs. A line longer than the plan holds is cut before the
 * argument that does not fit whole, so that no argument reaches the parser
 * cut short: "panic=10" cut to "panic=1" would be taken as it stands.
 * Linux cuts at COMMAND_LINE_SIZE wherever that falls, without a word.
 */
static void plan_bootargs(struct boot_plan *plan, const char *bootargs)
{
	size_t len = strlen(bootargs), cut = sizeof(plan->bootargs) - 1;

	if (len <= cut) {
		memcpy(plan->bootargs, bootargs, len + 1);
		return;
	}
	/* bootargs[cut] is the first byte that does not fit. */
	if (!is_arg_space(bootargs[cut]))
		while (cut && !is_arg_space(bootargs[cut - 1]))
			cut--;
	memcpy(plan->bootargs, bootargs, cut);
	plan->bootargs[cut] = '\0';
	while (is_arg_space(bootargs[cut]))
		cut++;
	pr_warn("bootargs: %zu bytes, more than the %zu kept: cut at byte %zu, before '%.40s...', which is ignored with everything after it\n",
		len, sizeof(plan->bootargs) - 1, cut, bootargs + cut);
}

/* bootargs, the console and the initrd from /chosen, if there is one. */
static void plan_chosen(struct boot_plan *plan, const void *blob)
{
	int chosen = dt_path_offset(blob, "/chosen");
	const char *bootargs;

	if (chosen < 0)
		return;
	bootargs = dt_getprop_string(blob, chosen, "bootargs");
	if (bootargs)
		plan_bootargs(plan, bootargs);
	plan_stdout(plan, blob, chosen);
	plan_initrd(plan, blob, chosen);
}

/* ------------------------------------------------------------- harts --- */

/* Returns true if @isa starts with "rv64ima" in any case, as Linux asks. */
static bool isa_is_rv64ima(const char *isa)
{
	static const char base[] = "rv64ima";

	/*
	 * OR-ing 0x20 lowercases letters and keeps '6', '4' as they are; a
	 * NUL becomes a space, which mismatches, so the loop stops there.
	 */
	for (size_t i = 0; i < sizeof(base) - 1; i++)
		if ((isa[i] | 0x20) != base[i])
			return false;
	return true;
}

/* Returns true if @mmu names a paging mode tern can run (Sv39/48/57). */
static bool mmu_type_supported(const char *mmu)
{
	return !strcmp(mmu, "riscv,sv39") || !strcmp(mmu, "riscv,sv48") ||
	       !strcmp(mmu, "riscv,sv57");
}

/*
 * Decides whether the kernel starts @hart: status okay, compatible with
 * "riscv", an rv64ima ISA and a paging MMU. An rv64 hart that names an MMU
 * runs S-mode; a hart without one (sifive_u's E51 monitor core) cannot run
 * the kernel. The first failed rule goes into skip_reason.
 */
static void hart_decide(const struct boot_plan *plan, const void *blob,
			int cpu, struct plan_hart *hart)
{
	const char *status = dt_getprop_string(blob, cpu, "status");
	const char *isa = dt_getprop_string(blob, cpu, "riscv,isa");
	const char *mmu = dt_getprop_string(blob, cpu, "mmu-type");
	char *why = hart->skip_reason;
	size_t size = sizeof(hart->skip_reason);

	if (!dt_node_is_available(blob, cpu))
		snprintf(why, size, "status %s", status ? status : "malformed");
	else if (!dt_node_is_compatible(blob, cpu, "riscv"))
		snprintf(why, size, "not compatible with \"riscv\"");
	else if (!isa)
		snprintf(why, size, "no riscv,isa");
	else if (!isa_is_rv64ima(isa))
		snprintf(why, size, "riscv,isa is not rv64ima");
	else if (!mmu)
		snprintf(why, size, "no mmu-type");
	else if (!mmu_type_supported(mmu))
		snprintf(why, size, "mmu-type %s", mmu);
	for (unsigned int i = 0; !why[0] && i < plan->nr_harts; i++)
		if (&plan->harts[i] != hart &&
		    plan->harts[i].hartid == hart->hartid)
			snprintf(why, size, "duplicate hartid");
	hart->usable = !why[0];
	if (!hart->usable)
		pr_info("cpus: hart %lu not used: %s\n", hart->hartid, why);
}

/* One device_type = "cpu" child of /cpus; its reg is the hartid. */
static void plan_hart(struct boot_plan *plan, const void *blob, int cpu)
{
	const char *isa = dt_getprop_string(blob, cpu, "riscv,isa");
	const char *mmu = dt_getprop_string(blob, cpu, "mmu-type");
	struct plan_hart *hart;
	struct dt_reg reg;
	u64 hartid, unused;

	if (read_reg("cpus", blob, cpu, "reg", &reg) ||
	    dt_reg_entry(&reg, 0, &hartid, &unused)) {
		pr_warn("cpus: %s has no hartid in reg, ignored\n",
			name_of(blob, cpu));
		return;
	}
	if (!reg_entry_fits(&reg, 0)) {
		pr_warn("cpus: %s: hartid does not fit in 64 bits, ignored\n",
			name_of(blob, cpu));
		return;
	}
	if (plan->nr_harts == BOOT_PLAN_MAX_HARTS) {
		pr_warn("cpus: more than %d harts, hart %llu ignored\n",
			BOOT_PLAN_MAX_HARTS, (unsigned long long)hartid);
		return;
	}
	hart = &plan->harts[plan->nr_harts++];
	hart->hartid = hartid;
	hart->node = read_node_id(blob, cpu);
	hart->phandle = dt_get_phandle(blob, cpu);
	if (isa)
		strscpy(hart->isa, isa, sizeof(hart->isa));
	if (mmu)
		strscpy(hart->mmu_type, mmu, sizeof(hart->mmu_type));
	hart_decide(plan, blob, cpu, hart);
}

/* timebase-frequency and every cpu child of /cpus. */
static void plan_harts(struct boot_plan *plan, const void *blob)
{
	int cpus = dt_path_offset(blob, "/cpus"), cpu;

	if (cpus < 0) {
		pr_warn("cpus: no /cpus node, no harts\n");
		return;
	}
	if (dt_read_uint(blob, cpus, "timebase-frequency",
			 &plan->timebase_frequency) == -EINVAL)
		pr_warn("cpus: timebase-frequency is not 1 or 2 cells\n");
	dt_for_each_child(blob, cpus, cpu)
		if (dt_node_is_device_type(blob, cpu, "cpu"))
			plan_hart(plan, blob, cpu);
}

/* -------------------------------------------------------------- NUMA --- */

/* What the node ids of memory ranges and usable harts add up to. */
struct numa_census {
	unsigned int with_id;	/* entries naming a valid node */
	int highest;		/* the highest valid node id, or -1 */
	char bad[48];		/* the first entry with a bad id, e.g. "hart 3" */
	char missing[48];	/* the first entry without an id */
};

/* Counts one entry with node id @nid; @fmt... names it for the reason. */
static __printf(3, 4) void census_add(struct numa_census *c, int nid,
				      const char *fmt, ...)
{
	char *first = NULL;
	va_list ap;

	if (nid == NODE_ID_BAD)
		first = c->bad;
	else if (nid == NUMA_NO_NODE)
		first = c->missing;
	else {
		c->with_id++;
		c->highest = max(c->highest, nid);
	}
	if (first && !first[0]) {
		va_start(ap, fmt);
		vsnprintf(first, sizeof(c->bad), fmt, ap);
		va_end(ap);
	}
}

/* NUMA off: one node, every node field 0, and the reason for the log. */
static __printf(2, 3) void numa_fall_back(struct boot_plan *plan,
					  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(plan->numa_fallback_reason,
		  sizeof(plan->numa_fallback_reason), fmt, ap);
	va_end(ap);
	pr_info("NUMA: off, one node: %s\n", plan->numa_fallback_reason);
	plan->numa_valid = false;
	plan->nr_nodes = 1;
	for (unsigned int i = 0; i < plan->nr_memory; i++)
		plan->memory[i].node = 0;
	for (unsigned int i = 0; i < plan->nr_harts; i++)
		plan->harts[i].node = 0;
}

/*
 * Linux's of_numa rules: node ids are all or nothing. Memory without an id
 * when others have one makes Linux fall back to one node; a hart without
 * one would be put on node 0 by Linux, we fall back instead, since a hart
 * on the wrong node silently skews every local allocation. Memoryless
 * (harts only) and CPU-less (memory only) nodes are valid. Harts that will
 * not be started do not count.
 */
static void plan_numa(struct boot_plan *plan)
{
	struct numa_census c = { .highest = -1 };

	for (unsigned int i = 0; i < plan->nr_memory; i++)
		census_add(&c, plan->memory[i].node, "memory at 0x%llx",
			   (unsigned long long)plan->memory[i].base);
	for (unsigned int i = 0; i < plan->nr_harts; i++)
		if (plan->harts[i].usable)
			census_add(&c, plan->harts[i].node, "hart %llu",
				   (unsigned long long)plan->harts[i].hartid);

	if (c.bad[0])
		numa_fall_back(plan, "%s has a numa-node-id that is malformed or above %d",
			       c.bad, MAX_NUMNODES - 1);
	else if (!c.with_id)
		numa_fall_back(plan, "no numa-node-id in the device tree");
	else if (c.missing[0])
		numa_fall_back(plan, "%s has no numa-node-id but others have one",
			       c.missing);
	if (!c.with_id || c.bad[0] || c.missing[0])
		return;

	plan->numa_valid = true;
	plan->nr_nodes = c.highest + 1;
	/* Harts that stay parked keep no node the rest of the kernel sees. */
	for (unsigned int i = 0; i < plan->nr_harts; i++) {
		struct plan_hart *hart = &plan->harts[i];

		if (!hart->usable && (hart->node < 0 ||
				      hart->node >= (int)plan->nr_nodes))
			hart->node = NUMA_NO_NODE;
	}
}

/*
 * Checks a distance-matrix of @len bytes against Linux's rules: whole
 * (a, b, distance) triples, nodes that exist, local distance exactly 10,
 * remote above 10, and a value that fits the u8 table. Returns true if it
 * is usable, else false with the reason in @why.
 */
static bool distance_matrix_ok(const struct boot_plan *plan, const u8 *matrix,
			       int len, char *why, size_t size)
{
	if (!matrix) {
		snprintf(why, size, "no distance-matrix property");
		return false;
	}
	if (len <= 0 || len % 12) {
		snprintf(why, size, "distance-matrix is %d bytes, not whole (a b distance) triples",
			 len);
		return false;
	}
	for (int off = 0; off < len; off += 12) {
		u32 a = dt_read_number(matrix + off, 1);
		u32 b = dt_read_number(matrix + off + 4, 1);
		u32 d = dt_read_number(matrix + off + 8, 1);

		if (a >= plan->nr_nodes || b >= plan->nr_nodes) {
			snprintf(why, size, "it names node %u, the tree has %u",
				 max(a, b), plan->nr_nodes);
			return false;
		}
		if ((a == b && d != LOCAL_DISTANCE) ||
		    (a != b && d <= LOCAL_DISTANCE) || d > 255) {
			snprintf(why, size, "Invalid distance[node%u -> node%u] = %u",
				 a, b, d);
			return false;
		}
	}
	return true;
}

/*
 * Logs what a valid map leaves to the defaults (a node it never names, a
 * pair it gives in neither direction: 20) and each pair it gives two
 * different ways. Linux's of_numa keeps an asymmetric pair as given, and
 * so does the plan (the zonelists only need "nearer"); the line says so.
 */
static void report_distance_gaps(const struct boot_plan *plan,
				 const u32 *given)
{
	u32 named = 0;

	for (unsigned int a = 0; a < plan->nr_nodes; a++)
		for (unsigned int b = 0; b < plan->nr_nodes; b++)
			if (given[a] >> b & 1)
				named |= 1U << a | 1U << b;
	for (unsigned int n = 0; n < plan->nr_nodes; n++)
		if (!(named >> n & 1))
			pr_warn("NUMA: distance-map does not name node %u: 10 local, 20 to every other node\n",
				n);
	for (unsigned int a = 0; a < plan->nr_nodes; a++) {
		for (unsigned int b = a + 1; b < plan->nr_nodes; b++) {
			bool ab = given[a] >> b & 1, ba = given[b] >> a & 1;

			if (!(named >> a & named >> b & 1))
				continue;	/* said above */
			if (!ab && !ba)
				pr_warn("NUMA: distance-map gives no distance between node %u and node %u: 20\n",
					a, b);
			else if (ab && ba &&
				 plan->distance[a][b] != plan->distance[b][a])
				pr_warn("NUMA: distance-map is asymmetric: node%u -> node%u = %u, node%u -> node%u = %u; kept as given\n",
					a, b, plan->distance[a][b], b, a,
					plan->distance[b][a]);
		}
	}
}

/*
 * The distance-map (found by compatible, as Linux does). Each triple sets
 * one direction; a pair given in one direction only gets the same value
 * back (Linux only fills b->a for a < b, in document order). Pairs not
 * given keep 20. An invalid matrix leaves the defaults: unlike Linux,
 * which drops NUMA altogether, we keep the node assignment, which was
 * valid on its own.
 */
static void plan_distances(struct boot_plan *plan, const void *blob)
{
	u32 given[BOOT_PLAN_MAX_NODES] = { 0 };	/* bit b of [a]: a->b given */
	int map = dt_next_compatible(blob, -1, "numa-distance-map-v1");
	const u8 *matrix;
	char why[80];
	int len;

	_Static_assert(BOOT_PLAN_MAX_NODES <= 32, "given[] is a u32 bitmap");
	if (map < 0)
		return;
	if (!plan->numa_valid) {
		pr_info("NUMA: distance-map ignored, NUMA is off\n");
		return;
	}
	matrix = dt_getprop(blob, map, "distance-matrix", &len);
	if (!distance_matrix_ok(plan, matrix, len, why, sizeof(why))) {
		pr_warn("NUMA: invalid distance-map (%s), using 10 local / 20 remote\n",
			why);
		return;
	}
	for (int off = 0; off < len; off += 12) {
		u32 a = dt_read_number(matrix + off, 1);
		u32 b = dt_read_number(matrix + off + 4, 1);

		plan->distance[a][b] = dt_read_number(matrix + off + 8, 1);
		given[a] |= 1U << b;
	}
	for (unsigned int a = 0; a < plan->nr_nodes; a++)
		for (unsigned int b = 0; b < plan->nr_nodes; b++)
			if ((given[a] >> b & 1) && !(given[b] >> a & 1))
				plan->distance[b][a] = plan->distance[a][b];
	report_distance_gaps(plan, given);
	plan->distance_from_dt = true;
}

int boot_plan_from_dt(struct boot_plan *plan, const void *blob)
{
	int root;

	plan_init(plan);
	root = dt_next_node(blob, -1, NULL);
	if (root < 0) {
		pr_err("boot plan: the device tree cannot be read (%d)\n", root);
		return root;
	}
	plan_model(plan, blob, root);
	plan_memory(plan, blob);
	plan_memreserve(plan, blob);
	plan_reserved_memory(plan, blob, root);
	plan_chosen(plan, blob);
	plan_harts(plan, blob);
	plan_numa(plan);
	plan_distances(plan, blob);
	if (!plan->nr_memory) {
		pr_err("boot plan: no usable memory node in the device tree\n");
		return -ENODEV;
	}
	return 0;
}

/* ----------------------------------------------------------- printing --- */

/* Returns the plural ending for @n things. */
static const char *plural(unsigned int n)
{
	return n == 1 ? "" : "s";
}

/* Formats @size as "2048 MiB", "512 KiB" or "100 bytes" into @buf. */
static const char *size_str(char *buf, size_t len, u64 size)
{
	if (size && IS_ALIGNED(size, SZ_1M))
		snprintf(buf, len, "%llu MiB", (unsigned long long)(size / SZ_1M));
	else if (size && IS_ALIGNED(size, SZ_1K))
		snprintf(buf, len, "%llu KiB", (unsigned long long)(size / SZ_1K));
	else
		snprintf(buf, len, "%llu bytes", (unsigned long long)size);
	return buf;
}

/* The memory ranges with their sizes and nodes, and their total. */
static void print_memory(const struct boot_plan *plan)
{
	char size[24];
	u64 total = 0;

	for (unsigned int i = 0; i < plan->nr_memory; i++)
		total += plan->memory[i].size;
	pr_info("memory: %u range%s, %s\n", plan->nr_memory,
		plural(plan->nr_memory), size_str(size, sizeof(size), total));
	for (unsigned int i = 0; i < plan->nr_memory; i++) {
		const struct plan_memory *m = &plan->memory[i];

		pr_info("  " MEM_FMT " %s, node %d\n", MEM_ARGS(m->base, m->size),
			size_str(size, sizeof(size), m->size), m->node);
	}
}

/* One line per reservation: range (or dynamic size), source, flags. */
static void print_reserved(const struct boot_plan *plan)
{
	char size[24], align[24], where[64];

	pr_info("reserved: %u range%s\n", plan->nr_reserved,
		plural(plan->nr_reserved));
	for (unsigned int i = 0; i < plan->nr_reserved; i++) {
		const struct plan_reserved *r = &plan->reserved[i];

		where[0] = '\0';
		if (r->dynamic && r->alloc_size)
			snprintf(where, sizeof(where), ", in " MEM_FMT,
				 MEM_ARGS(r->alloc_base, r->alloc_size));
		if (r->dynamic)
			pr_info("  dynamic %s, align %s%s",
				size_str(size, sizeof(size), r->size),
				r->alignment ? size_str(align, sizeof(align),
							r->alignment) : "any",
				where);
		else
			pr_info("  " MEM_FMT " %s", MEM_ARGS(r->base, r->size),
				size_str(size, sizeof(size), r->size));
		pr_cont(", %s%s%s%s%s%s%s\n", reserved_source_names[r->source],
			r->name[0] ? " " : "", r->name,
			r->compatible[0] ? ", " : "", r->compatible,
			r->no_map ? ", no-map" : "",
			r->reusable ? ", reusable" : "");
	}
}

/* One line per hart: its node, MMU and ISA, or why it stays parked. */
static void print_harts(const struct boot_plan *plan)
{
	unsigned int usable = 0;

	for (unsigned int i = 0; i < plan->nr_harts; i++)
		usable += plan->harts[i].usable;
	pr_info("harts: %u usable of %u, timebase-frequency %llu Hz\n", usable,
		plan->nr_harts, (unsigned long long)plan->timebase_frequency);
	for (unsigned int i = 0; i < plan->nr_harts; i++) {
		const struct plan_hart *h = &plan->harts[i];

		if (h->usable)
			pr_info("  hart %lu: node %d, %s, %s\n", h->hartid,
				h->node, h->mmu_type, h->isa);
		else
			pr_info("  hart %lu: not used (%s), %s\n", h->hartid,
				h->skip_reason, h->isa[0] ? h->isa : "no isa");
	}
}

/* Writes the usable harts of @node as "0-3,6" into @buf. */
static void hart_list(const struct boot_plan *plan, int node, char *buf,
		      size_t size)
{
	size_t used = 0;
	unsigned int i = 0;

	buf[0] = '\0';
	while (i < plan->nr_harts) {
		const struct plan_hart *first = &plan->harts[i];
		unsigned int last = i;

		if (!first->usable || first->node != node) {
			i++;
			continue;
		}
		while (last + 1 < plan->nr_harts &&
		       plan->harts[last + 1].usable &&
		       plan->harts[last + 1].node == node &&
		       plan->harts[last + 1].hartid == plan->harts[last].hartid + 1)
			last++;
		used += scnprintf(buf + used, size - used, "%s%lu", used ? "," : "",
				  first->hartid);
		if (last > i)
			used += scnprintf(buf + used, size - used, "-%lu",
					  plan->harts[last].hartid);
		i = last + 1;
	}
}

/* Memory and harts per node, then the distance matrix. */
static void print_numa(const struct boot_plan *plan)
{
	char size[24], harts[96], row[8 + 4 * BOOT_PLAN_MAX_NODES];
	size_t used;

	if (plan->numa_valid)
		pr_info("numa: %u nodes\n", plan->nr_nodes);
	else
		pr_info("numa: off (%s)\n", plan->numa_fallback_reason);
	for (unsigned int n = 0; n < plan->nr_nodes; n++) {
		u64 bytes = 0;

		for (unsigned int i = 0; i < plan->nr_memory; i++)
			if (plan->memory[i].node == (int)n)
				bytes += plan->memory[i].size;
		hart_list(plan, n, harts, sizeof(harts));
		pr_info("  node %u: %s, %s%s\n", n,
			bytes ? size_str(size, sizeof(size), bytes) : "no memory",
			harts[0] ? "harts " : "no harts", harts);
	}
	pr_info("distances (%s):\n", plan->distance_from_dt ?
		"from the device tree" : "default 10 local, 20 remote");
	used = scnprintf(row, sizeof(row), "  node");
	for (unsigned int b = 0; b < plan->nr_nodes; b++)
		used += scnprintf(row + used, sizeof(row) - used, " %3u", b);
	pr_info("%s\n", row);
	for (unsigned int a = 0; a < plan->nr_nodes; a++) {
		used = scnprintf(row, sizeof(row), "  %4u", a);
		for (unsigned int b = 0; b < plan->nr_nodes; b++)
			used += scnprintf(row + used, sizeof(row) - used, " %3u",
					  plan->distance[a][b]);
		pr_info("%s\n", row);
	}
}

/* printk lines are shorter than bootargs may be: print it in pieces. */
static void print_long(const char *label, const char *text)
{
	const int piece = 256;

	pr_info("%s: ", label);
	for (size_t left = strlen(text); left; ) {
		int n = left < (size_t)piece ? (int)left : piece;

		pr_cont("%.*s", n, text);
		text += n;
		left -= n;
	}
	pr_cont("\n");
}

/* Console, bootargs and initrd, as /chosen gave them. */
static void print_chosen(const struct boot_plan *plan)
{
	if (plan->stdout_path[0])
		pr_info("console: %s%s%s%s\n", plan->stdout_path,
			plan->stdout_options[0] ? ", options " : "",
			plan->stdout_options,
			plan->stdout_node < 0 ? " (no such node)" : "");
	else
		pr_info("console: none in /chosen\n");
	print_long("bootargs", plan->bootargs[0] ? plan->bootargs : "(none)");
	if (plan->initrd_end)
		pr_info("initrd: 0x%llx-0x%llx (%llu bytes)\n",
			(unsigned long long)plan->initrd_start,
			(unsigned long long)plan->initrd_end,
			(unsigned long long)(plan->initrd_end - plan->initrd_start));
	else
		pr_info("initrd: none\n");
}

void boot_plan_print(const struct boot_plan *plan)
{
	pr_info("model: %s\n", plan->model[0] ? plan->model : "(none)");
	print_memory(plan);
	print_reserved(plan);
	print_harts(plan);
	print_numa(plan);
	print_chosen(plan);
}
