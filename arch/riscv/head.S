/* SPDX-License-Identifier: MIT */
/*
 * arch/riscv/head.S - the first instructions, for the boot hart and for the
 * harts started later through SBI HSM.
 *
 * Both enter with the MMU off at a physical address that is only known at
 * run time, so everything before paging is on is PC-relative. Turning
 * paging on uses the trap trick: stvec is pointed at the virtual address of
 * the next instruction, satp is written, and the next fetch (from a physical
 * address that the new table does not map) traps straight to that virtual
 * address. No identity map is needed.
 */
#include <asm/csr.h>
#include <asm/page.h>

	.section .head.text, "ax"
	.globl _start
_start:
	/* The Linux RISC-V boot image header (Documentation/riscv/boot-image-header.rst). */
	.option push
	.option norvc
	j	boot_entry		/* code0: a 4-byte jump, as booti requires */
	.word	0			/* code1 */
	.dword	IMAGE_TEXT_OFFSET	/* text_offset */
	.dword	__image_size		/* image_size, bss included */
	.dword	0			/* flags: little endian */
	.word	2			/* version 0.2 */
	.word	0			/* res1 */
	.dword	0			/* res2 */
	.ascii	"RISCV\0\0\0"		/* magic (deprecated) */
	.ascii	"RSC\x05"		/* magic2 */
	.word	0			/* res3 */
	.option pop

	.text
boot_entry:
	csrw	sie, zero
	csrw	sip, zero
	la	t0, park		/* an exception before paging stops here */
	csrw	stvec, t0
	/* a0 = hartid, a1 = DTB PA: keep them in s0/s1 across the calls below. */
	mv	s0, a0
	mv	s1, a1

	/* One hart wins the lottery and boots; late_entry takes the rest. */
	la	t0, boot_lottery
	li	t1, 1
	amoadd.w t1, t1, (t0)
	bnez	t1, late_entry

	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, (t0)
	addi	t0, t0, 8
	j	1b
2:
	la	sp, boot_stack_top
	la	a0, _start		/* physical load address */
	mv	a1, s1
	call	early_setup_vm		/* returns the early satp value */

	ld	t0, boot_virt_target
	csrw	stvec, t0
	csrw	satp, a0
	sfence.vma
	/* not reached: the fetch above traps to boot_virt */

	.align 2
boot_virt:
	sfence.vma
	la	t0, handle_trap_entry
	csrw	stvec, t0
	la	sp, boot_stack_top
	mv	a0, s0
	mv	a1, s1
	call	start_kernel
	j	park

/*
 * late_entry - a hart that reaches the image entry after the boot hart.
 *
 * Two kinds arrive. Firmware without HSM starts every hart here at once:
 * those park forever, as there is no way to start them properly. And
 * OpenSBI 1.1 (Debian 12's) sometimes starts here a hart that the kernel
 * asked HSM to start at secondary_entry: sbi_hsm_hart_start() marks the
 * target START_PENDING *before* it stores the start address and argument
 * in the target's scratch area, so a target that reads its state in that
 * window (one still on its way through its own warm boot, or woken from
 * its wait for any reason) leaves with the previous stage's address and
 * argument: this entry and the DTB (OpenSBI 1.2 stores first). Such a hart
 * is one the kernel has started, so it has an entry in started_harts
 * (arch/riscv/smp.c) and goes on at secondary_entry, which needs only the
 * hartid. Counted in late_entries, which the boot log reports.
 */
late_entry:
	la	t0, nr_started_harts
	ld	t1, (t0)
	beqz	t1, park		/* nothing started: not one of ours */
	la	t0, late_entries
	li	t1, 1
	amoadd.w zero, t1, (t0)
	mv	a0, s0
	j	secondary_entry

/*
 * secondary_entry - where SBI HSM starts the other harts.
 * a0 = hartid. a1 (opaque) is not used: late_entry arrives with the DTB
 * there, so the hart finds its struct hart (kernel_sp set) by hartid in
 * started_harts, {hartid, struct hart VA} pairs, with the MMU still off.
 */
	.globl secondary_entry
secondary_entry:
	csrw	sie, zero
	csrw	sip, zero
	la	t0, started_harts
	la	t1, nr_started_harts
	ld	t1, (t1)
	slli	t1, t1, 4		/* 16 bytes a pair */
	add	t1, t1, t0
1:	bgeu	t0, t1, park		/* not started by the kernel */
	ld	t2, 0(t0)
	addi	t0, t0, 16
	bne	t2, a0, 1b
	ld	a1, -8(t0)
	ld	t1, kernel_satp
	ld	t0, secondary_virt_target
	csrw	stvec, t0
	csrw	satp, t1
	sfence.vma

	.align 2
secondary_virt:
	sfence.vma
	la	t0, handle_trap_entry
	csrw	stvec, t0
	mv	tp, a1
	ld	sp, 0(tp)		/* struct hart's first member: kernel_sp */
	call	secondary_start_kernel
	/* fall through if it ever returns */

	.align 2			/* boot_entry makes it stvec */
	.globl park
park:
	csrw	sie, zero
1:	wfi
	j	1b

	.section .rodata
	.align 3
boot_virt_target:
	.dword	boot_virt
secondary_virt_target:
	.dword	secondary_virt

	.data
	.align 2
boot_lottery:
	.word	0

	.section .bss.page_aligned, "aw", @nobits
	.align 12
boot_stack:
	.space	KERNEL_STACK_SIZE
	.globl boot_stack_top
boot_stack_top:
