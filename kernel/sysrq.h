/* SPDX-License-Identifier: MIT */
/* kernel/sysrq.h - /proc/sysrq-trigger. */
#ifndef TERN_KERNEL_SYSRQ_H
#define TERN_KERNEL_SYSRQ_H

/* Registers /proc/sysrq-trigger; Returns 0 or -errno. */
int sysrq_init(void);

#endif
