/* SPDX-License-Identifier: MIT */
/* asm/ptrace.h - the register frame entry.S saves on every trap. */
#ifndef TERN_ASM_PTRACE_H
#define TERN_ASM_PTRACE_H

#define PT_SEPC 0
#define PT_SSTATUS 32
#define PT_SCAUSE 33
#define PT_STVAL 34
#define PT_WORDS 36	/* keeps the frame 16-byte aligned */

#ifndef __ASSEMBLER__
/*
 * x[n] is register xn, except x[0], which holds sepc (x0 needs no saving).
 */
struct pt_regs {
	unsigned long x[32];
	unsigned long sstatus;
	unsigned long scause;
	unsigned long stval;
	unsigned long pad;
};
#endif

#endif
