// SPDX-License-Identifier: MIT
/*
 * DOC: machine description files
 *
 * The small /proc files every Linux engineer reads first, in Linux's
 * layout, plus the registration of the arch's /proc/cpuinfo and the NUMA
 * layer's node files. Memory files belong to mm/ and arrive with it.
 */
#include "kernel/proc.h"
#include "arch/riscv/setup.h"
#include "kernel/fdt/boot_plan.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/sysrq.h"
#include "kernel/time.h"
#include "kernel/version.h"
#include "kernel/vfs.h"
#include "mm/numa.h"

/* Prints the boot plan's bootargs (@data), as /proc/cmdline; Returns 0. */
static int cmdline_show(struct seq_buf *m, void *data)
{
	const struct boot_plan *plan = data;

	seq_printf(m, "%s\n", plan->bootargs);
	return 0;
}

/* Prints /proc/version in Linux's format, for tools that parse it. */
static int version_show(struct seq_buf *m, void *data)
{
	seq_printf(m, "tern version %s (riscv64) (gcc %d.%d.%d) #1 SMP\n",
		   TERN_VERSION, __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__);
	return 0;
}

/*
 * Prints /proc/uptime as Linux does: seconds since the kernel started,
 * then the idle time summed over the online harts (so it can exceed the
 * first figure on an idle SMP machine), both with two decimals, cut rather
 * than rounded. Returns 0.
 */
static int uptime_show(struct seq_buf *m, void *data)
{
	u64 uptime = local_clock(), idle = 0;
	unsigned int cpu;

	for_each_online_cpu(cpu)
		idle += cpu_idle_time_ns(cpu);
	seq_printf(m, "%lu.%02lu %lu.%02lu\n",
		   (unsigned long)(uptime / 1000000000ULL),
		   (unsigned long)(uptime % 1000000000ULL / 10000000),
		   (unsigned long)(idle / 1000000000ULL),
		   (unsigned long)(idle % 1000000000ULL / 10000000));
	return 0;
}

static const struct vfs_file_ops cmdline_ops = { .show = cmdline_show };
static const struct vfs_file_ops version_ops = { .show = version_show };
static const struct vfs_file_ops uptime_ops = { .show = uptime_show };

void proc_init(const struct boot_plan *plan)
{
	int failures = 0;

	failures += vfs_register("/proc/cmdline", &cmdline_ops, (void *)plan) < 0;
	failures += vfs_register("/proc/version", &version_ops, NULL) < 0;
	failures += vfs_register("/proc/uptime", &uptime_ops, NULL) < 0;
	failures += cpuinfo_init(plan) < 0;
	failures += numa_register_files() < 0;
	failures += sysrq_init() < 0;
	if (failures)
		pr_err("error: %d groups of /proc and /sys files could not be registered (see above)\n",
		       failures);
}
