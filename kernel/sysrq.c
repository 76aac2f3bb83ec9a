// SPDX-License-Identifier: MIT
/*
 * DOC: /proc/sysrq-trigger - Linux's magic keys, the ones tern has
 *
 *	c	crash: a store to address 0, which must end in the trap report
 *		and a clean panic (the test matrix checks exactly that)
 *	b	reboot at once
 *	o	power off
 *
 * Like Linux, only the first byte counts; an unknown key prints the help.
 */
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/reboot.h"
#include "kernel/sysrq.h"
#include "kernel/vfs.h"

/*
 * Faults on purpose so the trap report and panic path are exercised.
 * Linux's name, and out of line so that the oops names it (noipa: GCC
 * drops the call to a merely noinline one, its store to NULL being
 * undefined); a leaf, as Linux's is, so that the report also shows the
 * walk past a frame that saved no ra.
 */
static __attribute__((noipa)) void sysrq_handle_crash(void)
{
	*(volatile unsigned long *)0 = 1;
}

/*
 * Acts on the first byte written; b and o do not return. Returns 0 after
 * c (if the crash somehow did not panic), or -EINVAL, with the help line,
 * for any other key.
 */
static int sysrq_store(const char *buf, size_t len, void *data)
{
	switch (len ? buf[0] : '\0') {
	case 'c':
		pr_emerg("sysrq: Trigger a crash\n");
		sysrq_handle_crash();
		return 0;
	case 'b':
		pr_emerg("sysrq: Resetting\n");
		emergency_restart();
	case 'o':
		pr_emerg("sysrq: Power Off\n");
		machine_power_off();
	default:
		pr_info("sysrq: HELP : reboot(b) crash(c) poweroff(o)\n");
		return -EINVAL;
	}
}

/* Refuses every read; Returns -EPERM. */
static int sysrq_show(struct seq_buf *m, void *data)
{
	return -EPERM;	/* write-only, as in Linux */
}

static const struct vfs_file_ops sysrq_ops = {
	.show = sysrq_show,
	.store = sysrq_store,
};

int sysrq_init(void)
{
	return vfs_register("/proc/sysrq-trigger", &sysrq_ops, NULL);
}
