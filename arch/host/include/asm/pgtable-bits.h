/* SPDX-License-Identifier: MIT */
/*
 * asm/pgtable-bits.h (host) - the RISC-V PTE format, unchanged.
 *
 * The tables the host tests build are real Sv39/Sv48 tables that no hart
 * walks (mm/pgtable.c's walker does), so the bits are riscv's own header:
 * a copy could drift from the format the kernel writes. has_svpbmt is a
 * variable here too (arch/host/cpufeature.c), which tests set to play a
 * hart with or without Svpbmt.
 */
#ifndef TERN_HOST_ASM_PGTABLE_BITS_H
#define TERN_HOST_ASM_PGTABLE_BITS_H

#include "arch/riscv/include/asm/pgtable-bits.h"

#endif
