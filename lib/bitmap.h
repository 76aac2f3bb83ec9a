/* SPDX-License-Identifier: MIT */
/* lib/bitmap.h - printing bit masks the way Linux's sysfs does. */
#ifndef TERN_LIB_BITMAP_H
#define TERN_LIB_BITMAP_H

#include "kernel/types.h"

/* Returns true if bit @n of the @bits array is set. */
static inline bool test_bit_in(const unsigned long *bits, unsigned int n)
{
	return (bits[n / (8 * sizeof(long))] >> (n % (8 * sizeof(long)))) & 1;
}

/*
 * Formats the set bits below @nbits as a list of ranges, "0-3,6,8-9"
 * (Linux's %*pbl, the cpulist format); "" if none is set.
 * Returns the length written to @buf (NUL-terminated, truncated to @size).
 */
int bitmap_print_list(char *buf, size_t size, const unsigned long *bits,
		      unsigned int nbits);

/*
 * Formats the low @nbits bits as hex, most significant first, in
 * comma-separated 32-bit groups (Linux's %*pb, the cpumap format): 8 bits
 * 0xf0 print as "f0". Returns the length written.
 */
int bitmap_print_mask(char *buf, size_t size, const unsigned long *bits,
		      unsigned int nbits);

#endif
