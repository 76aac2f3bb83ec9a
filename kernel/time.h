/* SPDX-License-Identifier: MIT */
/*
 * kernel/time.h - time from the platform's timebase (the `time` CSR on
 * RISC-V, whose frequency the DT gives as /cpus timebase-frequency).
 */
#ifndef TERN_KERNEL_TIME_H
#define TERN_KERNEL_TIME_H

#include "kernel/types.h"

/* Ticks per second of read_time(); set once at boot. */
extern u64 timebase_frequency;

/* Returns nanoseconds since the timebase started counting. */
u64 ktime_get_ns(void);

/* Returns @ticks of the timebase in nanoseconds. */
u64 timebase_to_ns(u64 ticks);

/*
 * Makes local_clock() count from now. start_kernel() calls it first thing,
 * so that the kernel's times leave out the firmware's (U-Boot's autoboot
 * countdown alone is two seconds of timebase).
 */
void local_clock_start(void);

/*
 * Returns nanoseconds since local_clock_start(): the times of printk's
 * "[    0.012345] " prefixes, /proc/uptime and the boot-time line, as
 * Linux's local_clock() is for its log.
 */
u64 local_clock(void);

/* Busy-waits at least @us microseconds (only for boot and panic paths). */
void delay_us(unsigned long us);

#endif
