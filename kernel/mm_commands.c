// SPDX-License-Identifier: MIT
/*
 * DOC: the console's memory commands
 *
 * Commands that drive mm/ from the serial console, kept out of mm/ so that
 * the host build of mm/ needs no shell: memtest (mm/memtest.c) and
 * stress (kernel/stress.c).
 */
#include "kernel/boot_args.h"
#include "kernel/cmdline.h"
#include "kernel/mm_commands.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "kernel/smp.h"
#include "kernel/stress.h"
#include "lib/string.h"
#include "mm/memtest.h"
#include "mm/numa.h"

/* Patterns the console's memtest uses without --patterns. */
#define MEMTEST_CONSOLE_PASSES 4

/*
 * memtest [--node N] [--patterns N]: the run-time test, at the console.
 * Returns SHELL_USAGE for a malformed option, SHELL_FAILED if a bad cell
 * was found or the node has no memory.
 */
static int cmd_memtest(int argc, char **argv)
{
	unsigned long nid = NUMA_NO_NODE, passes = MEMTEST_CONSOLE_PASSES;
	int ret;

	for (int i = 1; i < argc; i += 2) {
		unsigned long *value = !strcmp(argv[i], "--node") ? &nid :
				       !strcmp(argv[i], "--patterns") ? &passes : NULL;

		if (!value || i + 1 >= argc || parse_ulong(argv[i + 1], 0, value))
			return SHELL_USAGE;
	}
	if (nid != (unsigned long)NUMA_NO_NODE &&
	    (nid >= nr_node_ids || !node_state(nid, N_MEMORY))) {
		pr_err("memtest: node %lu has no memory\n", nid);
		return SHELL_FAILED;
	}
	if (passes < 1 || passes > MEMTEST_MAX_PASSES) {
		pr_err("memtest: --patterns %lu: from 1 to %d\n", passes, MEMTEST_MAX_PASSES);
		return SHELL_FAILED;
	}
	ret = memtest_run((int)nid, passes);
	return ret ? SHELL_FAILED : SHELL_OK;
}

#define STRESS_USAGE "stress [--harts N|LIST] [--seconds S] [--seed X] [--mix pages,slab,kmalloc,vmalloc,mempool,dma,hugetlb] [--nodes LIST] [--pressure none|low|min|oom]"
#define STRESS_MAX_SECONDS 3600

/*
 * Parses a LIST ("0,2,4-7") of numbers below @limit into *@mask (bit N
 * for N). Returns 0, or -1 if malformed.
 */
static int parse_list(const char *list, unsigned int limit, unsigned long *mask)
{
	char buf[64], *p = buf, *comma;

	if (strlen(list) >= sizeof(buf) || !*list)
		return -1;
	memcpy(buf, list, strlen(list) + 1);
	*mask = 0;
	for (; p; p = comma ? comma + 1 : NULL) {
		unsigned long from, to;
		char *dash;

		comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		dash = strchr(p, '-');
		if (dash)
			*dash = '\0';
		if (parse_ulong(p, 0, &from) || (dash && parse_ulong(dash + 1, 0, &to)))
			return -1;
		if (!dash)
			to = from;
		if (from > to || to >= limit)
			return -1;
		for (unsigned long n = from; n <= to; n++)
			*mask |= 1UL << n;
	}
	return 0;
}

/* Returns the index of @word in @names[0..@n), or -1. */
static int word_index(const char *word, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(word, names[i]))
			return i;
	return -1;
}

/* Parses --mix's comma list of kinds into @cfg->kinds; Returns 0 or -1. */
static int parse_mix(const char *list, struct stress_config *cfg)
{
	char buf[64], *p = buf, *comma;

	if (strlen(list) >= sizeof(buf) || !*list)
		return -1;
	memcpy(buf, list, strlen(list) + 1);
	cfg->kinds = 0;
	for (; p; p = comma ? comma + 1 : NULL) {
		int kind;

		comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		kind = word_index(p, stress_kind_names, NR_STRESS_KINDS);
		if (kind < 0)
			return -1;
		cfg->kinds |= 1U << kind;
	}
	return 0;
}

/* --harts: N (the first N online harts) or a LIST of online harts. */
static int parse_harts(const char *arg, struct stress_config *cfg)
{
	unsigned long n, mask;
	unsigned int cpu;

	memset(cfg->cpus, 0, sizeof(cfg->cpus));
	if (!strchr(arg, ',') && !strchr(arg, '-')) {
		if (parse_ulong(arg, 0, &n) || n < 1 || n > num_online_cpus())
			return -1;
		for_each_online_cpu(cpu)
			if (n && n--)
				cfg->cpus[cpu] = true;
		return 0;
	}
	if (parse_list(arg, nr_cpu_ids, &mask))
		return -1;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (!(mask & (1UL << cpu)))
			continue;
		if (!cpu_online(cpu))
			return -1;
		cfg->cpus[cpu] = true;
	}
	return 0;
}

/*
 * stress [options]: the stress engine at the console (STRESS_USAGE; a
 * hidden --wedge CPU makes that hart spin, interrupts off, past the
 * watchdog's threshold). Prints the summary line and a KTAP result.
 * Returns SHELL_USAGE for a bad option (after saying which), SHELL_FAILED
 * if the run was not ok.
 */
static int cmd_stress(int argc, char **argv)
{
	static struct stress_config cfg;
	static struct stress_result res;
	unsigned long value;

	stress_default_config(&cfg, boot_args.stress_seed);
	for (int i = 1; i < argc; i += 2) {
		const char *opt = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;
		int bad = !arg;

		if (bad) {
		} else if (!strcmp(opt, "--harts")) {
			bad = parse_harts(arg, &cfg);
		} else if (!strcmp(opt, "--seconds")) {
			bad = parse_ulong(arg, 0, &value) || value < 1 || value > STRESS_MAX_SECONDS;
			cfg.seconds = value;
		} else if (!strcmp(opt, "--seed")) {
			bad = parse_ulong(arg, 0, &value);
			cfg.seed = value;
		} else if (!strcmp(opt, "--mix")) {
			bad = parse_mix(arg, &cfg);
		} else if (!strcmp(opt, "--nodes")) {
			bad = parse_list(arg, nr_node_ids, &cfg.nodes);
			for (unsigned int nid = 0; !bad && nid < nr_node_ids; nid++)
				if ((cfg.nodes & (1UL << nid)) && !node_state(nid, N_MEMORY))
					bad = 1;
		} else if (!strcmp(opt, "--pressure")) {
			int level = word_index(arg, stress_pressure_names, NR_STRESS_PRESSURES);

			bad = level < 0;
			cfg.pressure = bad ? STRESS_PRESSURE_NONE : level;
		} else if (!strcmp(opt, "--wedge")) {
			bad = parse_ulong(arg, 0, &value) || !cpu_online(value) ||
			      value == smp_processor_id();
			cfg.wedge_cpu = (int)value;
		} else {
			pr_err("stress: unknown option '%s'\n", opt);
			return SHELL_USAGE;
		}
		if (bad) {
			pr_err("stress: %s %s: %s\n", opt, arg ? arg : "",
			       !arg ? "needs a value" :
			       !strcmp(opt, "--harts") ? "not a count or list of online harts" :
			       !strcmp(opt, "--nodes") ? "not a list of online nodes with memory" :
			       !strcmp(opt, "--mix") ? "kinds are pages, slab, kmalloc, vmalloc, mempool, dma, hugetlb" :
			       !strcmp(opt, "--pressure") ? "levels are none, low, min, oom" :
			       !strcmp(opt, "--wedge") ? "not another online hart" :
			       !strcmp(opt, "--seconds") ? "from 1 to 3600" : "not a number");
			return SHELL_USAGE;
		}
	}
	if (cfg.wedge_cpu >= 0 && !cfg.cpus[cfg.wedge_cpu]) {
		pr_err("stress: --wedge %d: not one of the run's harts\n", cfg.wedge_cpu);
		return SHELL_USAGE;
	}
	if (stress_prepare(&cfg)) {
		pr_err("stress: no memory for the test cache and pool\n");
		printk("not ok 1 stress\n");
		return SHELL_FAILED;
	}
	stress_run(&cfg, &res);
	stress_finish(&res);
	stress_print_summary(&cfg, &res);
	if (!res.ok)
		pr_err("stress: FAILED: %s\n", res.reason);
	printk("%s 1 stress\n", res.ok ? "ok" : "not ok");
	return res.ok ? SHELL_OK : SHELL_FAILED;
}

/**
 * mm_commands_init() - add the console's memory commands.
 */
void mm_commands_init(void)
{
	shell_register_command("memtest", "memtest [--node N] [--patterns N]",
			       "test free memory a node at a time: taken from the buddy, patterns written and read back, given back unless bad",
			       cmd_memtest);
	shell_register_command("stress", STRESS_USAGE,
			       "every allocator on the chosen harts at once for S seconds, optionally under memory pressure; a summary line and a KTAP result",
			       cmd_stress);
}
