/* SPDX-License-Identifier: MIT */
/*
 * asm/stacktrace.h - walking a riscv stack through its frame pointers.
 *
 * tern is built with -fno-omit-frame-pointer, so every function with a
 * frame of its own sets s0 (fp) to the stack pointer it was called with
 * and saves its return address at fp - 8 and its caller's fp at fp - 16:
 *
 *	high	| ...            |
 *	fp ->	+----------------+  the caller's sp
 *		| ra             |  fp - 8
 *		| caller's fp    |  fp - 16
 *		| locals ...     |
 *	low	+----------------+  sp
 *
 * A leaf saves only fp, at fp - 8, and keeps ra in its register; the first
 * frame of a trap is checked for that (arch/riscv/stacktrace.c).
 */
#ifndef TERN_ASM_STACKTRACE_H
#define TERN_ASM_STACKTRACE_H

#include "kernel/types.h"

struct pt_regs;

/* The frame record below a frame pointer: (struct stackframe *)fp - 1. */
struct stackframe {
	unsigned long fp;
	unsigned long ra;
};

/* A walk stops after this many frames, however deep the chain goes. */
#define STACK_WALK_MAX_DEPTH 64

/*
 * Called for each frame, innermost first, with its pc; @is_return says pc
 * is a return address (look it up at pc - 1: sprint_backtrace()) rather
 * than the address of the instruction the hart was at. Returns false to
 * stop the walk.
 */
typedef bool (*stack_walk_fn)(void *arg, unsigned long pc, bool is_return);

/**
 * walk_stackframe() - call @fn for each frame of this hart's stack.
 * @regs: a trap's saved registers: the walk starts at their sepc, in the
 *	frame their s0 names. NULL: start from @fp.
 * @fp: with @regs NULL, a frame pointer of the caller's (its
 *	__builtin_frame_address(0)): the first frame reported is the return
 *	into the function that owns it.
 * @fn: called for each frame.
 * @arg: passed to @fn.
 *
 * Safe on any stack, corrupt ones included: it reads only frame records
 * inside this hart's stack, and stops at a frame pointer outside it,
 * misaligned or not above the last one, at a return address outside the
 * kernel's text, and after STACK_WALK_MAX_DEPTH frames. A return into the
 * trap vector goes on across the pt_regs entry.S saved, to the trapped pc.
 */
void walk_stackframe(const struct pt_regs *regs, unsigned long fp,
		     stack_walk_fn fn, void *arg);

#endif
