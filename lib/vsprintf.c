// SPDX-License-Identifier: MIT
/*
 * DOC: vsprintf - the kernel's printf formatter
 *
 * C semantics for the conversions listed in lib/printf.h. No floating
 * point (the kernel is built without it). %p prints 0x and the address in
 * hex, as %#lx. The host build uses the libc formatter instead; a host test
 * builds this file under other names and compares it against libc.
 *
 * Linux's symbol extensions of %p are the one exception to C: %pS prints
 * the function an address is in (kernel/kallsyms.h), %ps its name alone,
 * %pB the function of a return address. Width, precision and - apply to
 * the text as to %s. libc has none of them, so portable code (anything in
 * the host build) must not use them.
 *
 * Widths and precisions are capped at FIELD_MAX: nothing in the kernel
 * prints a field that wide, and the cap keeps an absurd one ("%*d" with
 * INT_MIN, a 20-digit width) from overflowing int arithmetic.
 */
#include "kernel/kallsyms.h"
#include "lib/printf.h"
#include "lib/string.h"

struct out {
	char *buf;
	size_t size;
	size_t len;	/* characters produced, even past size */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

enum { F_LEFT = 1, F_ZERO = 2, F_PLUS = 4, F_SPACE = 8, F_ALT = 16 };

static void put_number(struct out *o, unsigned long long v, bool negative,
		       unsigned base, bool upper, int flags, int width,
		       int precision)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, prefix_len = 0, zeros;
	char prefix[3];

	while (v) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	if (n == 0 && precision != 0)
		tmp[n++] = '0';
	if (negative)
		prefix[prefix_len++] = '-';
	else if (flags & F_PLUS)
		prefix[prefix_len++] = '+';
	else if (flags & F_SPACE)
		prefix[prefix_len++] = ' ';
	if ((flags & F_ALT) && base == 16 && n && !(n == 1 && tmp[0] == '0')) {
		prefix[prefix_len++] = '0';
		prefix[prefix_len++] = upper ? 'X' : 'x';
	}
	if ((flags & F_ALT) && base == 8 && (n == 0 || tmp[n - 1] != '0'))
		tmp[n++] = '0';

	zeros = precision > n ? precision - n : 0;
	if ((flags & F_ZERO) && !(flags & F_LEFT) && precision < 0)
		zeros = max(zeros, width - prefix_len - n);
	width -= prefix_len + zeros + n;

	if (!(flags & F_LEFT))
		pad(o, ' ', width);
	for (int i = 0; i < prefix_len; i++)
		put(o, prefix[i]);
	pad(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (flags & F_LEFT)
		pad(o, ' ', width);
}

/* Emits @s as %s would: at most @precision bytes of it, in @width. */
static void put_string(struct out *o, const char *s, int flags, int width,
		       int precision)
{
	int n = precision >= 0 ? (int)strnlen(s, precision) : (int)strlen(s);

	if (!(flags & F_LEFT))
		pad(o, ' ', width - n);
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	if (flags & F_LEFT)
		pad(o, ' ', width - n);
}

/*
 * %pS, %ps, %pB (@kind the letter): the symbol of @addr, as kallsyms
 * writes it, put as a string. Out of line so that its buffer is on the
 * stack only while a symbol is printed, not in every vsnprintf() frame.
 */
static __attribute__((noinline)) void
put_symbol(struct out *o, unsigned long addr, char kind, int flags, int width,
	   int precision)
{
	char sym[KSYM_SYMBOL_LEN];

	if (kind == 'S')
		sprint_symbol(sym, addr);
	else if (kind == 's')
		sprint_symbol_no_offset(sym, addr);
	else
		sprint_backtrace(sym, addr);
	put_string(o, sym, flags, width, precision);
}

#define FIELD_MAX (1 << 20)

/* Reads a decimal width or precision. Returns it, at most FIELD_MAX. */
static int read_int(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		int digit = *(*fmt)++ - '0';

		v = min(v * 10 + digit, FIELD_MAX);
	}
	return v;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		int flags = 0, width = 0, precision = -1, length = 0;
		unsigned long long uv;
		long long sv;
		const char *s;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (;;) {
			char c = *++fmt;

			if (c == '-')
				flags |= F_LEFT;
			else if (c == '0')
				flags |= F_ZERO;
			else if (c == '+')
				flags |= F_PLUS;
			else if (c == ' ')
				flags |= F_SPACE;
			else if (c == '#')
				flags |= F_ALT;
			else
				break;
		}
		if (*fmt == '*') {
			long star = va_arg(ap, int);

			if (star < 0) {
				flags |= F_LEFT;
				star = -star;
			}
			width = (int)min(star, (long)FIELD_MAX);
			fmt++;
		} else {
			width = read_int(&fmt);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				int star = va_arg(ap, int);

				precision = min(star, FIELD_MAX);
				fmt++;
			} else {
				precision = read_int(&fmt);
			}
		}
		/* length: 1 = h, 2 = hh, 3 = l, 4 = ll and the 64-bit ones */
		if (*fmt == 'h') {
			length = 1;
			if (*++fmt == 'h') {
				length = 2;
				fmt++;
			}
		} else if (*fmt == 'l') {
			length = 3;
			if (*++fmt == 'l') {
				length = 4;
				fmt++;
			}
		} else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j') {
			length = 4;
			fmt++;
		}

		switch (*fmt) {
		case 'd':
		case 'i':
			sv = length >= 3 ? va_arg(ap, long long) : va_arg(ap, int);
			if (length == 1)
				sv = (short)sv;
			else if (length == 2)
				sv = (signed char)sv;
			uv = sv < 0 ? -(unsigned long long)sv : (unsigned long long)sv;
			put_number(&o, uv, sv < 0, 10, false, flags, width,
				   precision);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			uv = length >= 3 ? va_arg(ap, unsigned long long)
					 : va_arg(ap, unsigned int);
			if (length == 1)
				uv = (unsigned short)uv;
			else if (length == 2)
				uv = (unsigned char)uv;
			put_number(&o, uv, false,
				   *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
				   *fmt == 'X', flags & ~(F_PLUS | F_SPACE),
				   width, precision);
			break;
		case 'p':
			uv = (uintptr_t)va_arg(ap, void *);
			if (fmt[1] == 'S' || fmt[1] == 's' || fmt[1] == 'B') {
				fmt++;
				put_symbol(&o, uv, *fmt, flags, width, precision);
				break;
			}
			put_number(&o, uv, false, 16, false, flags | F_ALT,
				   width, precision);
			break;
		case 'c':
			if (!(flags & F_LEFT))
				pad(&o, ' ', width - 1);
			put(&o, (char)va_arg(ap, int));
			if (flags & F_LEFT)
				pad(&o, ' ', width - 1);
			break;
		case 's':
			s = va_arg(ap, const char *);
			put_string(&o, s ? s : "(null)", flags, width, precision);
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			/* Unknown conversion: print it as written, visibly. */
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	if (size)
		buf[min(o.len, size - 1)] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
