// SPDX-License-Identifier: MIT
/*
 * DOC: power off and reset through SBI SRST
 *
 * The other harts are stopped first so nothing prints after the last line.
 * SRST says per call whether it can do the reset asked for: QEMU sifive_u
 * has only a gpio-restart, so OpenSBI can reboot it but not power it off,
 * and the call returns an error, which is reported. The legacy shutdown
 * call (EID 0x08) is used only when SRST is absent: where SRST exists but
 * cannot power off, OpenSBI's legacy shutdown hangs the hart silently.
 */
#include <asm/sbi.h>
#include "kernel/printk.h"
#include "kernel/reboot.h"
#include "kernel/smp.h"

#define SBI_EXT_LEGACY_SHUTDOWN 0x08
#define SRST_SHUTDOWN 0
#define SRST_COLD_REBOOT 1
#define SRST_REASON_NONE 0
#define SRST_REASON_FAILURE 1

/* Returns only if the firmware could not do it: the SBI error, or -1. */
static long try_reset(unsigned long type, unsigned long reason)
{
	if (sbi_has_srst())
		return sbi_ecall(SBI_EXT_SRST, 0, type, reason, 0, 0).error;
	if (type == SRST_SHUTDOWN)
		sbi_ecall(SBI_EXT_LEGACY_SHUTDOWN, 0, 0, 0, 0, 0);
	return -1;
}

/* Logs that the firmware would not do @what (SBI error @err); halts. */
static void __noreturn report_and_halt(const char *what, long err)
{
	pr_emerg("%s: the firmware cannot do it on this machine (SBI error %ld); halted\n",
		 what, err);
	halt_this_hart();
}

void machine_power_off(void)
{
	smp_send_stop();
	report_and_halt("poweroff", try_reset(SRST_SHUTDOWN, SRST_REASON_NONE));
}

void machine_restart(void)
{
	smp_send_stop();
	report_and_halt("reboot", try_reset(SRST_COLD_REBOOT, SRST_REASON_NONE));
}

void machine_power_off_or_restart(void)
{
	long err;

	smp_send_stop();
	err = try_reset(SRST_SHUTDOWN, SRST_REASON_NONE);
	pr_info("poweroff not supported by the firmware (SBI error %ld); resetting instead\n",
		err);
	report_and_halt("reboot", try_reset(SRST_COLD_REBOOT, SRST_REASON_NONE));
}

void emergency_restart(void)
{
	report_and_halt("reboot", try_reset(SRST_COLD_REBOOT, SRST_REASON_FAILURE));
}
