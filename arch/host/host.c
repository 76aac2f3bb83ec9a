// SPDX-License-Identifier: MIT
/*
 * DOC: arch/host - the arch interface on Linux user space
 *
 * Harts are pthreads; each thread that plays a hart sets host_this_hart.
 * printk output goes to stderr only when TERN_HOST_VERBOSE is set, so test
 * output stays KTAP; the log buffer always has it for assertions. The
 * timebase is the host's monotonic clock in nanoseconds (asm/processor.h).
 * printk's timestamps are off: the tests compare console output and log
 * text byte for byte, and a clock in it would make that impossible
 * (tests/host/test_printk.c turns them on to test them).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/time.h"
#include <asm/irqflags.h>
#include <asm/percpu.h>

__thread bool host_irqs_off;
__thread struct hart *host_this_hart;

static void host_console_write(struct console *con, const char *s, size_t len)
{
	(void)con;
	if (getenv("TERN_HOST_VERBOSE"))
		fwrite(s, 1, len, stderr);
}

static struct console host_console = {
	.name = "host",
	.write = host_console_write,
};

__attribute__((constructor)) static void host_arch_init(void)
{
	register_console(&host_console, true);
	timebase_frequency = 1000000000;
	printk_time = false;
}

/*
 * panic() on the host: logs the message as the kernel's does, writes it to
 * stderr (the console is quiet in tests) and aborts, so a test that panics
 * ends with SIGABRT, which tests/run-all counts as a failure. Never returns.
 */
void panic(const char *fmt, ...)
{
	char message[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	pr_emerg("Kernel panic - not syncing: %s\n", message);
	fprintf(stderr, "Kernel panic - not syncing: %s\n", message);
	abort();
}
