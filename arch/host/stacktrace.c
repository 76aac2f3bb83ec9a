// SPDX-License-Identifier: MIT
/*
 * DOC: call traces on the host - dump_stack() through glibc's backtrace()
 *
 * The portable kernel code prints stack traces too (fault injection's
 * verbose 2); on the host the frames come from glibc's backtrace() and
 * are named by backtrace_symbols() (the program's exported names, else
 * addresses), in the kernel's layout: "CPU: N hart H", "Call Trace:", a
 * line per frame, the innermost (dump_stack()'s caller) first.
 */
#include <execinfo.h>
#include <stdlib.h>

#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/stacktrace.h"

#define HOST_TRACE_DEPTH 32

void dump_stack(void)
{
	void *frames[HOST_TRACE_DEPTH];
	int depth = backtrace(frames, HOST_TRACE_DEPTH);
	char **names = backtrace_symbols(frames, depth);
	struct hart *hart = this_hart();	/* none before host_smp_init() */

	if (hart)
		printk("CPU: %u hart %lu\n", hart->cpu, hart->hartid);
	printk("Call Trace:\n");
	/* Frame 0 is dump_stack() itself. */
	for (int i = 1; i < depth; i++)
		printk(" [<%p>] %s\n", frames[i], names ? names[i] : "?");
	free(names);
}
