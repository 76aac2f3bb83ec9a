// SPDX-License-Identifier: MIT
/* DOC: time - converting timebase ticks; no clock events yet. */
#include "kernel/time.h"
#include <asm/processor.h>

/* 10 MHz is what QEMU virt and most RISC-V SoCs tick at: a sane default. */
u64 timebase_frequency = 10000000;

u64 ktime_get_ns(void)
{
	u64 ticks = read_time();

	return ticks / timebase_frequency * 1000000000ULL +
	       ticks % timebase_frequency * 1000000000ULL / timebase_frequency;
}

void delay_us(unsigned long us)
{
	u64 end = ktime_get_ns() + (u64)us * 1000;

	while (ktime_get_ns() < end)
		cpu_relax();
}
