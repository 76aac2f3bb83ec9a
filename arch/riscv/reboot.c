// SPDX-License-Identifier: MIT
/*
 * DOC: power off and reset through SBI SRST
 *
 * The other harts are stopped first so nothing prints after the last line.
 * Firmware without SRST gets the legacy shutdown call (EID 0x08); if even
 * that returns, the hart halts and says so.
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

static void __noreturn reset(unsigned long type, unsigned long reason)
{
	if (sbi_has_srst())
		sbi_system_reset(type, reason);
	if (type == SRST_SHUTDOWN)
		sbi_ecall(SBI_EXT_LEGACY_SHUTDOWN, 0, 0, 0, 0, 0);
	pr_emerg("reset failed: the firmware offers no way to %s; halted\n",
		 type == SRST_SHUTDOWN ? "power off" : "reboot");
	halt_this_hart();
}

void machine_power_off(void)
{
	smp_send_stop();
	reset(SRST_SHUTDOWN, SRST_REASON_NONE);
}

void machine_restart(void)
{
	smp_send_stop();
	reset(SRST_COLD_REBOOT, SRST_REASON_NONE);
}

void emergency_restart(void)
{
	reset(SRST_COLD_REBOOT, SRST_REASON_FAILURE);
}
