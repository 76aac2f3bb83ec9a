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

/* Busy-waits at least @us microseconds (only for boot and panic paths). */
void delay_us(unsigned long us);

#endif
