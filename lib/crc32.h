/* SPDX-License-Identifier: MIT */
/*
 * lib/crc32.h - CRC-32 (IEEE 802.3, reflected polynomial 0xedb88320).
 *
 * crc32_le() is Linux's: no inversion before or after, so that calls
 * chain. zlib's crc32() of a buffer (what Python's zlib.crc32() and
 * `gzip` compute) is crc32_le(~0, buf, len) ^ ~0, which crc32_zlib() gives.
 */
#ifndef TERN_LIB_CRC32_H
#define TERN_LIB_CRC32_H

#include "kernel/types.h"

/* Return: the CRC of @len bytes at @p, continuing from @crc. */
u32 crc32_le(u32 crc, const void *p, size_t len);

/*
 * Return: zlib's crc32(@crc, @p, @len): the CRC-32 of @p after bytes whose
 * zlib CRC-32 is @crc (0 to start).
 */
static inline u32 crc32_zlib(u32 crc, const void *p, size_t len)
{
	return ~crc32_le(~crc, p, len);
}

#endif
