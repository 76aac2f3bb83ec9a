// SPDX-License-Identifier: MIT
/*
 * DOC: host tests for lib/vsprintf.c - the kernel's formatter against libc
 *
 * The host build uses libc's printf family, so this program compiles the
 * kernel's formatter (and lib/scnprintf.c on top of it) into itself under
 * other names and compares the two on every format the kernel relies on:
 * the same text, the same bytes left untouched after it, the same return
 * value, for the whole buffer and for sizes that cut the text short.
 * Linux's %pS, %ps and %pB, which libc lacks, are checked against fixed
 * text, with kernel/kallsyms.c built in over a made-up symbol table.
 */
#include <stdint.h>
#include <stdio.h>

#include "tests/host/harness.h"
#include "tests/host/kallsyms_table.h"

#define vsnprintf tern_vsnprintf
#define snprintf tern_snprintf
#define vscnprintf tern_vscnprintf
#define scnprintf tern_scnprintf
#include "lib/vsprintf.c"
#include "lib/scnprintf.c"
#include "kernel/kallsyms.c"
#undef vsnprintf
#undef snprintf
#undef vscnprintf
#undef scnprintf

#define BUF_SIZE 256

/* Buffer sizes each format is tried with: nothing, cut short, plenty. */
static const size_t sizes[] = { 0, 1, 2, 5, 12, BUF_SIZE };

static int formats_compared;

/*
 * Formats with both implementations at every size in sizes[] and records
 * a failure, with both results, where they differ in any byte of the
 * buffer or in the return value.
 */
static __printf(1, 2) void same(const char *fmt, ...)
{
	char ours[BUF_SIZE], libc[BUF_SIZE];
	va_list ap, ap_ours, ap_libc;

	va_start(ap, fmt);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		int n_ours, n_libc;

		memset(ours, '#', sizeof(ours));
		memset(libc, '#', sizeof(libc));
		va_copy(ap_ours, ap);
		va_copy(ap_libc, ap);
		n_ours = tern_vsnprintf(ours, sizes[i], fmt, ap_ours);
		n_libc = vsnprintf(libc, sizes[i], fmt, ap_libc);
		va_end(ap_ours);
		va_end(ap_libc);
		if (n_ours != n_libc || memcmp(ours, libc, sizeof(ours)) != 0) {
			printf("# \"%s\" size %zu: ours %d \"%.*s\", libc %d \"%.*s\"\n",
			       fmt, sizes[i], n_ours, (int)sizes[i], ours,
			       n_libc, (int)sizes[i], libc);
			ktap_case_failed = 1;
		}
	}
	va_end(ap);
	formats_compared++;
}

static void test_conversions(void)
{
	same("%d %d %d %d %d", 0, 1, -1, INT32_MAX, INT32_MIN);
	same("%i %i", 42, -42);
	same("%u %u %u", 0u, 1u, UINT32_MAX);
	same("%x %x %X %X", 0u, 0xdeadbeefu, 0xdeadbeefu, UINT32_MAX);
	same("%o %o %o", 0u, 8u, UINT32_MAX);
	same("%c%c%c", 'a', 'Z', '~');
	same("[%c]", '\0');	/* a NUL inside the text */
	same("%s|%s|%s", "hello", "", "with space");
	same("100%% sure, %d%%", 5);
	same("no conversions at all");
	same("%s", "");
}

static void test_flags(void)
{
	same("[%-5d] [%-5d] [%-5u]", 42, -42, 7u);
	same("[%05d] [%05d] [%05x] [%05o]", 42, -42, 0xabu, 8u);
	same("[%+d] [%+d] [%+d]", 0, 5, -5);
	same("[% d] [% d] [% d]", 0, 5, -5);
	same("[%#x] [%#X] [%#o] [%#x] [%#o]", 255u, 255u, 8u, 0u, 0u);
	same("[%-#8x] [%#8x] [%#08x] [%#08o]", 255u, 255u, 255u, 8u);
	same("[%-+5d] [%+05d] [% 05d]", 42, 42, 42);
	same("[%-5s] [%5s] [%-5c] [%5c]", "ab", "ab", 'x', 'x');
}

static void test_width_and_precision(void)
{
	same("[%10d] [%-10d] [%1d]", 12345, 12345, 12345);
	same("[%.5d] [%.5d] [%10.5d] [%-10.5d]", 42, -42, 42, -42);
	same("[%.3u] [%8.3x]", 7u, 0xau);
	same("[%.0d] [%5.0d] [%+.0d] [%.0x] [%#.0x] [%#.0o] [%.0u]",
	     0, 0, 0, 0u, 0u, 0u, 0u);
	same("[%#.3o] [%#.5x] [%#10.5x] [%#-10.5X]", 8u, 1u, 1u, 1u);
	same("[%*d] [%*d] [%-*d]", 6, 42, -6, 42, 6, 42);
	same("[%.*d] [%.*d] [%.*d]", 4, 7, 0, 0, -1, 7);
	same("[%*.*d] [%*.*x]", 8, 4, 42, -8, 4, 0xffu);
	same("[%.3s] [%.0s] [%.10s] [%10.3s] [%-10.3s]", "abcdef", "abc",
	     "abc", "abcdef", "abcdef");
	same("[%.*s] [%*s] [%-*s]", 2, "abcdef", 6, "ab", 6, "ab");
	same("[%.*s]", -1, "negative precision: all of it");
	same("[%20s]", "a string longer than its field width of 20");
}

static void test_length_modifiers(void)
{
	same("%hhd %hhd %hhu %hhx", 200, -1, 300, 0x1ff);
	same("%hd %hd %hu %hx", 40000, -1, 70000, 0x1ffff);
	same("%ld %ld %lu %lx", (long)INT64_MIN, (long)INT64_MAX,
	     (unsigned long)UINT64_MAX, 0x123456789abcdefUL);
	same("%lld %llu %llx %llo", (long long)INT64_MIN,
	     (unsigned long long)UINT64_MAX, 0xfedcba9876543210ULL,
	     (unsigned long long)UINT64_MAX);
	same("%zu %zx %zd", (size_t)SIZE_MAX, (size_t)0x1000, (ssize_t)-1);
	same("%td %tx", (ptrdiff_t)-5, (ptrdiff_t)0x7f);
	same("%jd %ju", (intmax_t)INT64_MIN, (uintmax_t)UINT64_MAX);
	same("[%-20lu] [%020lld] [%+.25lld]", 1UL, -1LL, 1LL);
	same("[%#lo] [%#llx] [%#zx]", 0777UL, 0xabcULL, (size_t)0);
}

static void test_pointers(void)
{
	int on_stack;
	void *p = &on_stack;

	/* libc prints a non-NULL %p as 0x and hex digits, as the kernel does. */
	same("%p", p);
	same("[%20p] [%-20p]", p, p);
	same("%p %p", (void *)1, (void *)0xffffffffffffffffUL);
}

/*
 * Flags that C says another flag or a precision overrides: legal, and the
 * kernel must get them right, but GCC warns about them in a literal.
 */
static void test_overridden_flags(void)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
	same("[%+ d] [% +d] [%+ d]", 5, 5, -5);
	same("[%-05d] [%-05x] [%0-5d]", 42, 42u, -42);
	same("[%08.3d] [%08.3x] [%08.0d] [%-08.3d]", 5, 0xau, 0, -5);
#pragma GCC diagnostic pop
}

/*
 * Formats with the kernel's formatter alone, without the format checks
 * GCC applies to printf-like calls: for formats libc and GCC reject.
 * Returns what vsnprintf() returns.
 */
static int ours(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = tern_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_where_libc_differs(void)
{
	char buf[32];

	/* NULL: libc prints "(nil)"; the kernel prints it as %#lx would. */
	CHECK_EQ(ours(buf, sizeof(buf), "%p", NULL), 1);
	CHECK(strcmp(buf, "0") == 0);
	ours(buf, sizeof(buf), "%s", NULL);
	CHECK(strcmp(buf, "(null)") == 0);
	/* Unknown conversions (also %n, which writes memory) show as written. */
	ours(buf, sizeof(buf), "[%y] [%n]");
	CHECK(strcmp(buf, "[%y] [%n]") == 0);
	ours(buf, sizeof(buf), "abc%");
	CHECK(strcmp(buf, "abc") == 0);
}

static void test_symbols(void)
{
	void *alpha4 = (void *)(TABLE_BASE + 0x104), *beta = (void *)(TABLE_BASE + 0x130);
	char buf[64];

	CHECK_EQ(ours(buf, sizeof(buf), "%pS", alpha4), 14);
	CHECK(strcmp(buf, "alpha+0x4/0x30") == 0);
	ours(buf, sizeof(buf), "<%ps> <%pB> <%pS>", alpha4, beta, beta);
	CHECK(strcmp(buf, "<alpha> <alpha+0x30/0x30> <beta+0x0/0x2>") == 0);
	/* Width, - and precision apply to the text, as for %s. */
	ours(buf, sizeof(buf), "[%8ps] [%-8ps] [%.3ps]", alpha4, alpha4, alpha4);
	CHECK(strcmp(buf, "[   alpha] [alpha   ] [alp]") == 0);
	/* In no function: the bare address; NULL too (not %p's "0"). */
	ours(buf, sizeof(buf), "%pS %ps %pB", (void *)0x1234, NULL, (void *)1);
	CHECK(strcmp(buf, "0x1234 0x0 0x1") == 0);
	/* Cut short like any other text, and counted in full. */
	CHECK_EQ(ours(buf, 6, "%pS", alpha4), 14);
	CHECK(strcmp(buf, "alpha") == 0);
	/* Any other letter after %p is still text after the address. */
	ours(buf, sizeof(buf), "%pK %p!", (void *)0x10, (void *)0x20);
	CHECK(strcmp(buf, "0x10K 0x20!") == 0);
}

static void test_wide_fields(void)
{
	char buf[8];

	/* Wider than the buffer: cut like libc. */
	same("[%300d]", 5);
	same("[%-300s]", "left");
	same("[%.300d]", 5);
	same("[%*d]", 1000, 5);
	/* Absurd widths are capped at FIELD_MAX instead of overflowing. */
	CHECK_EQ(ours(buf, sizeof(buf), "%99999999999999999999d", 1), FIELD_MAX);
	CHECK(strcmp(buf, "       ") == 0);
	CHECK_EQ(ours(buf, sizeof(buf), "%*d", INT32_MIN, 1), FIELD_MAX);
	CHECK(strcmp(buf, "1      ") == 0);
	CHECK_EQ(ours(buf, sizeof(buf), "%.*d", INT32_MAX, 1), FIELD_MAX);
	CHECK(strcmp(buf, "0000000") == 0);
}

static void test_truncation_and_return_values(void)
{
	char buf[16];

	memset(buf, '#', sizeof(buf));
	CHECK_EQ(tern_snprintf(buf, 6, "%s", "hello world"), 11);
	CHECK(strcmp(buf, "hello") == 0);
	CHECK_EQ(buf[6], '#');
	CHECK_EQ(tern_snprintf(buf, 0, "%d", 12345), 5);
	CHECK_EQ(buf[0], 'h');
	CHECK_EQ(tern_snprintf(NULL, 0, "%s%d", "abc", 42), 5);
	CHECK_EQ(tern_snprintf(buf, 1, "%d", 7), 1);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(tern_snprintf(buf, sizeof(buf), "%s", ""), 0);

	/* scnprintf() counts what it wrote, never more than size - 1. */
	CHECK_EQ(tern_scnprintf(buf, 6, "%s", "hello world"), 5);
	CHECK_EQ(tern_scnprintf(buf, sizeof(buf), "%d", 42), 2);
	CHECK(strcmp(buf, "42") == 0);
	CHECK_EQ(tern_scnprintf(buf, 1, "%d", 42), 0);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(tern_scnprintf(buf, 0, "%d", 42), 0);
	/* Filling a buffer piece by piece, as /proc files do. */
	size_t len = 0;

	for (int i = 0; i < 10; i++)
		len += tern_scnprintf(buf + len, sizeof(buf) - len, "%d,", i);
	CHECK_EQ(len, sizeof(buf) - 1);
	CHECK(strcmp(buf, "0,1,2,3,4,5,6,7") == 0);
}

static void test_many_values(void)
{
	static const char *const int_formats[] = {
		"%d", "%5d", "%-5d", "%05d", "%+d", "% d", "%.3d", "%8.3d",
		"%x", "%#x", "%#010x", "%X", "%o", "%#o", "%u", "%-#12o",
	};
	static const long long values[] = {
		0, 1, -1, 7, -7, 9, 10, 99, 100, -100, 255, 256, 4095, 65535,
		2147483647, -2147483647 - 1, 123456789,
	};

	for (size_t f = 0; f < ARRAY_SIZE(int_formats); f++)
		for (size_t v = 0; v < ARRAY_SIZE(values); v++)
			same(int_formats[f], (int)values[v]);
	same("%llx %lld", (unsigned long long)-1, (long long)-1);
}

int main(void)
{
	ktap_plan(11);
	RUN(test_conversions);
	RUN(test_flags);
	RUN(test_width_and_precision);
	RUN(test_length_modifiers);
	RUN(test_pointers);
	RUN(test_overridden_flags);
	RUN(test_where_libc_differs);
	RUN(test_symbols);
	RUN(test_wide_fields);
	RUN(test_truncation_and_return_values);
	RUN(test_many_values);
	printf("# %d formats compared with libc at %zu buffer sizes each\n",
	       formats_compared, ARRAY_SIZE(sizes));
	return ktap_done();
}
