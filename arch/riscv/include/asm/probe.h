/* SPDX-License-Identifier: MIT */
/*
 * asm/probe.h - touch an address that may fault, and survive.
 *
 * For tests (is text really read-only? is this guard page really
 * unmapped?) and for diagnostics. The trap handler skips the faulting
 * instruction and records the cause instead of panicking.
 */
#ifndef TERN_ASM_PROBE_H
#define TERN_ASM_PROBE_H

#include "kernel/types.h"

/*
 * Returns 0 and the value in *@val, or the exception cause (> 0, e.g.
 * EXC_LOAD_PAGE_FAULT) if the load faulted.
 */
long probe_kernel_read(const void *addr, unsigned long *val);

/* Returns 0 if the store of @val to @addr happened, else the cause (> 0). */
long probe_kernel_write(void *addr, unsigned long val);

#endif
