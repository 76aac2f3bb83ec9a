/* SPDX-License-Identifier: MIT */
/* kernel/proc.h - the /proc and /sys files that describe the machine. */
#ifndef TERN_KERNEL_PROC_H
#define TERN_KERNEL_PROC_H

struct boot_plan;

/*
 * Registers /proc/cmdline, /proc/version, /proc/uptime, /proc/cpuinfo and the
 * /sys/devices/system/node files. A file that cannot be registered is
 * logged and left out; the rest still appear.
 */
void proc_init(const struct boot_plan *plan);

#endif
