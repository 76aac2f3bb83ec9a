/* SPDX-License-Identifier: MIT */
/*
 * lib/printf.h - formatted output into buffers.
 *
 * vsnprintf/snprintf have the C semantics (return the length that would
 * have been written); scnprintf/vscnprintf are Linux's (return what was
 * written, never more than size - 1), the right tool for filling a page of
 * /proc text piece by piece. The kernel's own formatter (lib/vsprintf.c)
 * handles the C conversions the kernel uses: d i u x X o c s p %, flags
 * - 0 + space #, width and precision (also *), length hh h l ll z t j;
 * and Linux's %pS, %ps and %pB (kernel/kallsyms.h), which the host build's
 * libc prints as %p followed by the letter: kernel-only code uses them.
 */
#ifndef TERN_LIB_PRINTF_H
#define TERN_LIB_PRINTF_H

#include "kernel/types.h"

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
