// SPDX-License-Identifier: MIT
/*
 * DOC: panic
 *
 * The first hart to panic wins; a second panic (another hart, or a fault
 * while panicking) just stops that hart, so the first message is the one
 * on the console. The others are stopped by smp_send_stop(). Then the
 * machine halts, or resets when panic= asked for it, which lets a test
 * runner with QEMU's -no-reboot see a panic as QEMU exiting.
 */
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/reboot.h"
#include "kernel/smp.h"
#include "kernel/stacktrace.h"
#include "kernel/time.h"
#include "lib/printf.h"
#include <asm/irqflags.h>
#include <asm/processor.h>

int panic_timeout;
int oops_in_progress;
static unsigned int panic_owner_count;
static int panic_cpu = -1;	/* the hart whose panic is being reported */

void panic(const char *fmt, ...)
{
	static char message[256];	/* only the winning hart writes it */
	va_list ap;

	local_irq_disable();
	if (__atomic_fetch_add(&panic_owner_count, 1, __ATOMIC_ACQ_REL)) {
		/* The panicking hart faulted again: still honour panic=. */
		if (panic_timeout && READ_ONCE(panic_cpu) == (int)smp_processor_id())
			emergency_restart();
		halt_this_hart();
	}
	WRITE_ONCE(panic_cpu, (int)smp_processor_id());

	va_start(ap, fmt);
	vscnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	pr_emerg("Kernel panic - not syncing: %s\n", message);
	/* As Linux: an oops already printed its trace, from the trap. */
	if (!oops_in_progress)
		dump_stack();
	smp_send_stop();
	if (panic_timeout) {
		if (panic_timeout > 0) {
			pr_emerg("Rebooting in %d seconds..\n", panic_timeout);
			delay_us((unsigned long)panic_timeout * 1000000UL);
		}
		emergency_restart();
	}
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", message);
	halt_this_hart();
}
