// SPDX-License-Identifier: MIT
/* DOC: time - converting timebase ticks; no clock events yet. */
#include "kernel/time.h"
#include <asm/processor.h>

/* 10 MHz is what QEMU virt and most RISC-V SoCs tick at: a sane default. */
u64 timebase_frequency = 10000000;

/* read_time() when the kernel started; 0 until local_clock_start(). */
static u64 local_clock_epoch;

/*
 * In two parts so the product cannot overflow: ticks * 10^9 would after
 * 30 minutes at 10 MHz.
 */
u64 timebase_to_ns(u64 ticks)
{
	return ticks / timebase_frequency * 1000000000ULL +
	       ticks % timebase_frequency * 1000000000ULL / timebase_frequency;
}

u64 ktime_get_ns(void)
{
	return timebase_to_ns(read_time());
}

void local_clock_start(void)
{
	WRITE_ONCE(local_clock_epoch, read_time());
}

u64 local_clock(void)
{
	/*
	 * Early messages are converted at the default frequency until the DT's
	 * is known; on QEMU and most boards the two are the same.
	 */
	return timebase_to_ns(read_time() - READ_ONCE(local_clock_epoch));
}

void delay_us(unsigned long us)
{
	u64 end = ktime_get_ns() + (u64)us * 1000;

	while (ktime_get_ns() < end)
		cpu_relax();
}
