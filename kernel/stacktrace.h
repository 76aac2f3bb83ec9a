/* SPDX-License-Identifier: MIT */
/*
 * kernel/stacktrace.h - call traces, as Linux prints and saves them.
 *
 * The arch walks the stack (arch/riscv/stacktrace.c, through the frame
 * pointers) and kallsyms names each frame: a line is
 *
 *	[<ffffffff80201234>] sysrq_store+0x2e/0x9a
 *
 * the address, then the function, the offset in it and its size.
 */
#ifndef TERN_KERNEL_STACKTRACE_H
#define TERN_KERNEL_STACKTRACE_H

#include "kernel/types.h"

struct pt_regs;

/**
 * dump_stack() - log "CPU: N hart H" and the caller's Call Trace.
 *
 * The trace starts at the return into dump_stack()'s caller; panic()
 * calls it, as Linux's does, unless an oops printed its trace already.
 */
void dump_stack(void);

/**
 * show_stack() - log "Call Trace:" and one line per frame (KERN_EMERG).
 * @regs: a trap's registers: the trace starts at the trapped pc. NULL:
 *	at the return into show_stack()'s caller.
 *
 * Linux's takes a task and a log level; tern has neither tasks nor a
 * printk that takes its level from an argument.
 */
void show_stack(const struct pt_regs *regs);

/**
 * stack_trace_save() - store the caller's return addresses.
 * @store: where they go, innermost first.
 * @size: room in @store.
 * @skipnr: how many entries to leave out at the start.
 *
 * With @skipnr 0 the first entry is the return into stack_trace_save()'s
 * caller, which names that caller when looked up at entry - 1
 * (sprint_backtrace(), %pB); each next one is a return into the caller's
 * caller, and so on.
 * Return: the number of entries stored.
 */
unsigned int stack_trace_save(unsigned long *store, unsigned int size,
			      unsigned int skipnr);

#endif
