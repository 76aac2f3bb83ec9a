/* SPDX-License-Identifier: MIT */
/*
 * arch/riscv/entry.S - the trap vector. tern runs only in S-mode, so every
 * trap arrives on the current kernel stack: save the frame there, let
 * handle_trap() decide, restore and sret.
 */
#include <asm/ptrace.h>

	.text
	.align 2
	.globl handle_trap_entry
handle_trap_entry:
	addi	sp, sp, -(PT_WORDS * 8)
	sd	x1, 1*8(sp)
	.irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, \n*8(sp)
	.endr
	addi	t0, sp, PT_WORDS * 8
	sd	t0, 2*8(sp)		/* sp as it was before the trap */
	csrr	t0, sepc
	sd	t0, PT_SEPC*8(sp)
	csrr	t0, sstatus
	sd	t0, PT_SSTATUS*8(sp)
	csrr	t0, scause
	sd	t0, PT_SCAUSE*8(sp)
	csrr	t0, stval
	sd	t0, PT_STVAL*8(sp)

	mv	a0, sp
	call	handle_trap

	ld	t0, PT_SEPC*8(sp)
	csrw	sepc, t0
	ld	t0, PT_SSTATUS*8(sp)
	csrw	sstatus, t0
	ld	x1, 1*8(sp)
	.irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, \n*8(sp)
	.endr
	addi	sp, sp, PT_WORDS * 8
	sret
