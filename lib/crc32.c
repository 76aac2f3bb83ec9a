// SPDX-License-Identifier: MIT
/*
 * DOC: CRC-32, a byte at a time
 *
 * The classic table-driven loop: the table holds the CRC of each byte
 * value, so each input byte costs one lookup, a shift and two xors. The
 * table is computed on first use; harts that race to compute it write the
 * same values, and each uses it only after its own pass or after seeing
 * it published.
 */
#include "lib/crc32.h"

#define CRC32_POLY_LE 0xedb88320U

static u32 crc32_table[256];
static bool crc32_table_ready;

static const u32 *get_table(void)
{
	if (__atomic_load_n(&crc32_table_ready, __ATOMIC_ACQUIRE))
		return crc32_table;
	for (u32 i = 0; i < 256; i++) {
		u32 crc = i;

		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (crc & 1 ? CRC32_POLY_LE : 0);
		crc32_table[i] = crc;
	}
	__atomic_store_n(&crc32_table_ready, true, __ATOMIC_RELEASE);
	return crc32_table;
}

u32 crc32_le(u32 crc, const void *p, size_t len)
{
	const u32 *table = get_table();
	const u8 *byte = p;

	while (len--)
		crc = (crc >> 8) ^ table[(crc ^ *byte++) & 0xff];
	return crc;
}
