// SPDX-License-Identifier: MIT
/*
 * DOC: the console's memory commands
 *
 * Commands that drive mm/ from the serial console, kept out of mm/ so that
 * the host build of mm/ needs no shell: memtest (mm/memtest.c).
 */
#include "kernel/cmdline.h"
#include "kernel/mm_commands.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
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

/**
 * mm_commands_init() - add the console's memory commands.
 */
void mm_commands_init(void)
{
	shell_register_command("memtest", "memtest [--node N] [--patterns N]",
			       "test free memory a node at a time: taken from the buddy, patterns written and read back, given back unless bad",
			       cmd_memtest);
}
