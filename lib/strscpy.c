// SPDX-License-Identifier: MIT
/* DOC: strscpy - Linux's bounded string copy, used by host and kernel alike. */
#include "lib/string.h"
#include "kernel/errno.h"

/**
 * strscpy() - copy a C string into a buffer of @size bytes.
 * The result is always NUL-terminated when @size is not 0.
 * Return: the length copied, or -E2BIG if @src did not fit.
 */
long strscpy(char *dst, const char *src, size_t size)
{
	size_t n;

	if (!size)
		return -E2BIG;
	n = strnlen(src, size);
	if (n == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, n + 1);
	return n;
}
