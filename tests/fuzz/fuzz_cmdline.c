// SPDX-License-Identifier: MIT
/*
 * DOC: fuzz_cmdline - the boot argument parser (kernel/cmdline.c)
 *
 * The input, up to its first NUL, is a kernel command line. It goes
 *
 * - through boot_args_parse(), the kernel's own table (kernel/boot_args.c,
 *   linked unmodified), from the defaults each time: afterwards
 *   saved_command_line() is the line (cut at COMMAND_LINE_SIZE - 1 bytes)
 *   and the string fields of boot_args are terminated inside their arrays;
 * - through cmdline_parse() with a table of every parameter type (string
 *   and size parameters included, which boot_args does not have);
 * - whole, into parse_bool(), parse_long() and parse_ulong() (with and
 *   without k/M/G suffixes), whose answers must match a reference written
 *   here from cmdline.h's description in 128-bit arithmetic, and whose
 *   values must read back from their own decimal form.
 */
#include <limits.h>
#include <strings.h>

#include "kernel/boot_args.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "tests/fuzz/fuzz.h"

/* kernel/panic.c is RISC-V only; boot_args.c's table names this one. */
int panic_timeout;

static struct boot_args boot_defaults;
static bool boot_defaults_saved;

/* A table of every type, as another subsystem might declare one. */
static bool flag;
static int number;
static unsigned int unsigned_number;
static unsigned long big, bytes;
static char text[16];
static int custom_calls;

static int set_custom(const char *val, void *arg)
{
	custom_calls++;
	return val && !strcmp(val, "bad") ? -EINVAL : 0;
}

static const struct kernel_param all_types[] = {
	PARAM_BOOL("flag", &flag),
	PARAM_INT("number", &number),
	PARAM_UINT("unsigned-number", &unsigned_number),
	PARAM_ULONG("big", &big),
	PARAM_SIZE("bytes", &bytes),
	PARAM_STRING("text", text),
	PARAM_CUSTOM("custom", set_custom, NULL),
	PARAM_INT("panic", &panic_timeout),	/* a name both tables have */
};

/* ------------------------------------------------- value parsers --- */

/*
 * The reference: optional sign (a '-' only if @sign_ok), then "0x" and hex
 * digits or decimal digits (at least one), a k/m/g suffix if @suffixes,
 * nothing else; computed in 128 bits. As Linux's kstrtoull() (and
 * cmdline.c), digits that overflow 64 bits are -ERANGE whatever follows
 * them. Returns 0 with the magnitude in @value and the sign in @negative,
 * -EINVAL, or -ERANGE.
 */
static int reference_magnitude(const char *s, bool sign_ok, bool suffixes,
			       unsigned long long *value, bool *negative)
{
	unsigned __int128 v = 0;
	unsigned int base = 10, shift = 0, n = 0;
	bool overflow = false;

	*negative = false;
	if (*s == '+' || (sign_ok && *s == '-'))
		*negative = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (;; s++, n++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		v = v * base + d;
		if (v > ULLONG_MAX) {
			overflow = true;
			v = (unsigned __int128)ULLONG_MAX + 1;	/* stays above */
		}
	}
	if (overflow)
		return -ERANGE;
	if (!n)
		return -EINVAL;
	if (suffixes && *s && strchr("kKmMgG", *s)) {
		shift = strchr("kK", *s) ? 10 : strchr("mM", *s) ? 20 : 30;
		s++;
		if ((v << shift) > ULLONG_MAX)
			return -ERANGE;
		v <<= shift;
	}
	if (*s)
		return -EINVAL;
	*value = (unsigned long long)v;
	return 0;
}

static void check_parsers(const char *s)
{
	static char again[32];
	unsigned long long ref = 0;
	unsigned long ul = 0;
	bool negative, b;
	long l = 0;
	int ref_err, err;

	err = parse_bool(s, &b);
	FUZZ_CHECK(err == 0 || err == -EINVAL, "parse_bool %d", err);
	FUZZ_CHECK(!err == (!strcasecmp(s, "1") || !strcasecmp(s, "y") ||
			    !strcasecmp(s, "yes") || !strcasecmp(s, "on") ||
			    !strcasecmp(s, "true") || !strcasecmp(s, "0") ||
			    !strcasecmp(s, "n") || !strcasecmp(s, "no") ||
			    !strcasecmp(s, "off") || !strcasecmp(s, "false")),
		   "parse_bool(\"%s\") = %d", s, err);

	for (unsigned int flags = 0; flags <= PARAM_SUFFIXES; flags++) {
		ref_err = reference_magnitude(s, false, flags, &ref, &negative);
		err = parse_ulong(s, flags, &ul);
		FUZZ_CHECK(err == ref_err && (err || ul == ref),
			   "parse_ulong(\"%s\", %u) = %d, %lu; reference %d, %llu",
			   s, flags, err, ul, ref_err, ref);
		if (!err) {
			snprintf(again, sizeof(again), "%lu", ul);
			FUZZ_CHECK(parse_ulong(again, 0, &ul) == 0 && ul == ref,
				   "%s does not read back", again);
		}

		ref_err = reference_magnitude(s, true, flags, &ref, &negative);
		if (!ref_err && ref > (unsigned long long)LONG_MAX + negative)
			ref_err = -ERANGE;
		err = parse_long(s, flags, &l);
		FUZZ_CHECK(err == ref_err &&
			   (err || (__int128)l == (negative ? -(__int128)ref : (__int128)ref)),
			   "parse_long(\"%s\", %u) = %d, %ld; reference %d, %s%llu",
			   s, flags, err, l, ref_err, negative ? "-" : "", ref);
		if (!err) {
			long back;

			snprintf(again, sizeof(again), "%ld", l);
			FUZZ_CHECK(parse_long(again, 0, &back) == 0 && back == l,
				   "%s does not read back", again);
		}
	}
}

/* ------------------------------------------------- command lines --- */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = fuzz_string(data, size);
	int ignored;

	if (!boot_defaults_saved) {
		boot_defaults = boot_args;
		boot_defaults_saved = true;
	}
	boot_args = boot_defaults;
	panic_timeout = 0;
	log_buf_clear();

	boot_args_parse(line);
	printk_time = false;	/* printk.time=1 would stamp the log from here on */
	FUZZ_CHECK(!strncmp(saved_command_line(), line, COMMAND_LINE_SIZE - 1) &&
		   strlen(saved_command_line()) == min(strlen(line),
						       (size_t)COMMAND_LINE_SIZE - 1),
		   "saved_command_line() is not the line");
	FUZZ_CHECK(memchr(boot_args.ktest_suite, '\0', sizeof(boot_args.ktest_suite)) &&
		   memchr(boot_args.bench_names, '\0', sizeof(boot_args.bench_names)),
		   "a boot_args string is not terminated");

	flag = false;
	number = 0;
	unsigned_number = 0;
	big = bytes = 0;
	text[0] = '\0';
	custom_calls = 0;
	ignored = cmdline_parse(line, all_types, ARRAY_SIZE(all_types));
	FUZZ_CHECK(ignored >= 0, "cmdline_parse returned %d", ignored);
	FUZZ_CHECK(memchr(text, '\0', sizeof(text)), "text is not terminated");

	if (strlen(line) < 200)
		check_parsers(line);
	free(line);
	return 0;
}
