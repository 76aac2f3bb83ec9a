/* SPDX-License-Identifier: MIT */
/* arch/riscv/setup.h - the arch steps start_kernel() calls, in order. */
#ifndef TERN_ARCH_RISCV_SETUP_H
#define TERN_ARCH_RISCV_SETUP_H

#include "kernel/types.h"

struct boot_plan;

void smp_setup_cpus(struct boot_plan *plan, unsigned long boot_hartid);
void smp_boot_secondaries(unsigned int nr_nodes);
void cpu_idle_loop(void) __noreturn;

/* Each hart notes its mvendorid/marchid/mimpid as it comes up. */
void cpuinfo_record_this_hart(void);
/*
 * Returns true if every hart the kernel runs offers the multi-letter ISA
 * extension @ext (lower case) in @blob's riscv,isa or riscv,isa-extensions,
 * and there is such a hart; valid once the harts are numbered.
 */
bool all_harts_have_extension(const void *blob, const char *ext);
/* Registers /proc/cpuinfo; Returns 0 or -errno. */
int cpuinfo_init(const struct boot_plan *plan);
/*
 * riscv_fill_hwcap() - the extensions every hart has (has_svpbmt,
 * has_svnapot), from the DT; call once the harts are numbered.
 */
void riscv_fill_hwcap(void);

#endif
