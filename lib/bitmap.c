// SPDX-License-Identifier: MIT
/* DOC: bitmap printing - the cpulist and cpumap formats of sysfs. */
#include "lib/bitmap.h"
#include "lib/printf.h"

int bitmap_print_list(char *buf, size_t size, const unsigned long *bits,
		      unsigned int nbits)
{
	int len = 0;

	if (size)
		buf[0] = '\0';
	for (unsigned int n = 0; n < nbits; n++) {
		unsigned int last = n;

		if (!test_bit_in(bits, n))
			continue;
		while (last + 1 < nbits && test_bit_in(bits, last + 1))
			last++;
		len += scnprintf(buf + len, size - len, len ? ",%u" : "%u", n);
		if (last > n)
			len += scnprintf(buf + len, size - len, "-%u", last);
		n = last;
	}
	return len;
}

int bitmap_print_mask(char *buf, size_t size, const unsigned long *bits,
		      unsigned int nbits)
{
	int groups = nbits ? (nbits + 31) / 32 : 1, len = 0;

	for (int g = groups - 1; g >= 0; g--) {
		unsigned int width = 8, value = 0;

		if (g == groups - 1 && nbits % 32)
			width = (nbits % 32 + 3) / 4;
		for (unsigned int b = 0; b < 32 && g * 32 + b < nbits; b++)
			value |= (unsigned int)test_bit_in(bits, g * 32 + b) << b;
		len += scnprintf(buf + len, size - len, "%s%0*x",
				 g == groups - 1 ? "" : ",", (int)width, value);
	}
	return len;
}
