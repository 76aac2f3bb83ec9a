/* SPDX-License-Identifier: MIT */
/* kernel/panic.h - stopping the machine when it cannot safely go on. */
#ifndef TERN_KERNEL_PANIC_H
#define TERN_KERNEL_PANIC_H

#include "kernel/types.h"

/*
 * panic() - print "Kernel panic - not syncing: <message>" and the Call
 * Trace (dump_stack(), unless oops_in_progress), stop every other hart,
 * then halt (panic=0, the default) or reset at once (panic<0) or after N
 * seconds (panic=N), as Linux's panic= boot argument.
 */
void panic(const char *fmt, ...) __noreturn __printf(1, 2);

/* Seconds before reset after a panic; set from the panic= boot argument. */
extern int panic_timeout;

/*
 * Set by the trap handler's oops report, which prints its own Call Trace
 * from the trapped registers before it panics: panic() then prints none.
 */
extern int oops_in_progress;

#define BUG_ON(cond)                                                      \
	do {                                                              \
		if (unlikely(cond))                                       \
			panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__); \
	} while (0)

#endif
