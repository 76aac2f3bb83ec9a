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

	/*
	 * Firmware without HSM starts every hart here. One wins the lottery;
	 * the rest park forever, since there is no way to start them properly.
	 */
	la	t0, boot_lottery
	li	t1, 1
	amoadd.w t1, t1, (t0)
	bnez	t1, park

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
 * secondary_entry - where SBI HSM starts the other harts.
 * a0 = hartid, a1 = opaque = VA of this hart's struct hart (kernel_sp set).
 */
	.globl secondary_entry
secondary_entry:
	csrw	sie, zero
	csrw	sip, zero
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
