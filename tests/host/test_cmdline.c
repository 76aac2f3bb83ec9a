// SPDX-License-Identifier: MIT
/*
 * DOC: host tests for kernel/cmdline.c - boot arguments
 *
 * One table of parameters, one of each type, as the boot code would
 * declare it; each case parses a command line and checks the variables
 * and the log lines. Last, a line of garbage like tests/qemu/matrix's
 * bad-args boot gives the kernel's own table (kernel/boot_args.c, which
 * the host library does not have; the bad-args boot and
 * tests/fuzz/fuzz_cmdline.c run it): each argument reported, the default
 * kept, the arguments after it still taken.
 */
#include "tests/host/harness.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"

static bool ktest, pcp;
static int panic_timeout;
static unsigned int nr_cpus;
static unsigned long mem, count;
static char root[16];
static char ktest_suite[16];
static int ktest_calls;

static int set_ktest(const char *val, void *arg)
{
	ktest_calls++;
	CHECK(arg == &ktest);
	if (val && strcmp(val, "bad") == 0) {
		printk("cmdline: ktest=%s: expected a suite name\n", val);
		return -EINVAL;
	}
	*(bool *)arg = true;
	snprintf(ktest_suite, sizeof(ktest_suite), "%s", val ? val : "");
	return 0;
}

static const struct kernel_param params[] = {
	PARAM_CUSTOM("ktest", set_ktest, &ktest),
	PARAM_BOOL("pcp", &pcp),
	PARAM_INT("panic", &panic_timeout),
	PARAM_UINT("nr_cpus", &nr_cpus),
	PARAM_SIZE("mem", &mem),
	PARAM_ULONG("count", &count),
	PARAM_STRING("root", root),
};

static void reset_variables(void)
{
	ktest = pcp = false;
	panic_timeout = 0;
	nr_cpus = 0;
	mem = count = 0;
	root[0] = ktest_suite[0] = '\0';
	ktest_calls = 0;
}

/* Parses @line with a clean slate. Returns what cmdline_parse() returned. */
static int parse(const char *line)
{
	reset_variables();
	log_buf_clear();
	return cmdline_parse(line, params, ARRAY_SIZE(params));
}

/* Returns true if @line is rejected with exactly @message logged. */
static bool rejected(const char *line, const char *message)
{
	int ignored = parse(line);

	if (ignored == 1 && log_contains(message))
		return true;
	printf("# '%s': %d ignored, log lacks '%s'\n", line, ignored, message);
	return false;
}

static void test_empty(void)
{
	CHECK_EQ(parse(""), 0);
	CHECK(strcmp(saved_command_line(), "") == 0);
	CHECK_EQ(parse(NULL), 0);
	CHECK(strcmp(saved_command_line(), "") == 0);
	CHECK_EQ(parse("   \t \n "), 0);
	CHECK(strcmp(saved_command_line(), "   \t \n ") == 0);
	CHECK_EQ(parse("\"\""), 0);	/* an empty word is no argument */
	CHECK(!log_contains("cmdline"));
}

static void test_bool(void)
{
	static const char *const on[] = { "1", "y", "Y", "yes", "on", "ON", "true" };
	static const char *const off[] = { "0", "n", "N", "no", "off", "Off", "false" };
	char line[32];

	CHECK_EQ(parse("pcp"), 0);
	CHECK(pcp);
	for (size_t i = 0; i < ARRAY_SIZE(on); i++) {
		snprintf(line, sizeof(line), "pcp=%s", on[i]);
		CHECK_EQ(parse(line), 0);
		CHECK(pcp);
		snprintf(line, sizeof(line), "pcp=%s", off[i]);
		pcp = true;
		CHECK_EQ(cmdline_parse(line, params, ARRAY_SIZE(params)), 0);
		CHECK(!pcp);
	}
	CHECK(rejected("pcp=maybe", "cmdline: pcp=maybe: expected on/off\n"));
	CHECK(!pcp);
	CHECK(rejected("pcp=", "cmdline: pcp=: expected on/off\n"));
	CHECK(rejected("pcp=onn", "cmdline: pcp=onn: expected on/off\n"));
	/* A bad value leaves the variable as it was. */
	pcp = true;
	log_buf_clear();
	CHECK_EQ(cmdline_parse("pcp=2", params, ARRAY_SIZE(params)), 1);
	CHECK(pcp);
}

static void test_int(void)
{
	static const struct {
		const char *line;
		int value;
	} ints[] = {
		{ "panic=5", 5 },
		{ "panic=-1", -1 },
		{ "panic=+7", 7 },
		{ "panic=0x1F", 31 },
		{ "panic=-0x10", -16 },
		{ "panic=2147483647", 2147483647 },
		{ "panic=-2147483648", -2147483647 - 1 },
		{ "panic=010", 10 },	/* decimal, not octal */
	};

	for (size_t i = 0; i < ARRAY_SIZE(ints); i++) {
		CHECK_EQ(parse(ints[i].line), 0);
		CHECK_EQ(panic_timeout, ints[i].value);
	}
	CHECK(rejected("panic=2147483648",
		       "cmdline: panic=2147483648: out of range (-2147483648..2147483647)\n"));
	CHECK(rejected("panic=-2147483649", "out of range"));
	CHECK(rejected("panic=99999999999999999999999",
		       "cmdline: panic=99999999999999999999999: out of range"));
	CHECK(rejected("panic=abc", "cmdline: panic=abc: expected an integer\n"));
	CHECK(rejected("panic=", "cmdline: panic=: expected an integer\n"));
	CHECK(rejected("panic=5k", "cmdline: panic=5k: expected an integer\n"));
	CHECK(rejected("panic=--5", "expected an integer"));
	CHECK(rejected("panic=0x", "expected an integer"));
	CHECK(rejected("panic=5 5", "unknown parameter '5' ignored"));
	CHECK_EQ(panic_timeout, 5);
	CHECK(rejected("panic", "cmdline: panic: missing value (panic=...)\n"));
	CHECK_EQ(panic_timeout, 0);
}

static void test_unsigned(void)
{
	CHECK_EQ(parse("nr_cpus=4294967295"), 0);
	CHECK_EQ(nr_cpus, 4294967295u);
	CHECK(rejected("nr_cpus=4294967296",
		       "cmdline: nr_cpus=4294967296: out of range (0..4294967295)\n"));
	CHECK(rejected("nr_cpus=-1",
		       "cmdline: nr_cpus=-1: expected an unsigned integer\n"));
	CHECK_EQ(parse("count=18446744073709551615"), 0);
	CHECK_EQ(count, (unsigned long)-1);
	CHECK_EQ(parse("count=0xffffffffffffffff"), 0);
	CHECK_EQ(count, (unsigned long)-1);
	CHECK(rejected("count=18446744073709551616",
		       "out of range (0..18446744073709551615)\n"));
	CHECK(rejected("count=0x10000000000000000", "out of range"));
	CHECK(rejected("count=1k", "cmdline: count=1k: expected an unsigned integer\n"));
}

static void test_size_suffixes(void)
{
	static const struct {
		const char *line;
		unsigned long value;
	} sizes[] = {
		{ "mem=4096", 4096 },
		{ "mem=4k", 4096 },
		{ "mem=4K", 4096 },
		{ "mem=64M", 64UL << 20 },
		{ "mem=64m", 64UL << 20 },
		{ "mem=2G", 2UL << 30 },
		{ "mem=0x10k", 16UL << 10 },
		{ "mem=17179869183G", 17179869183UL << 30 },	/* just fits */
	};

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		CHECK_EQ(parse(sizes[i].line), 0);
		CHECK_EQ(mem, sizes[i].value);
	}
	CHECK(rejected("mem=17179869184G", "cmdline: mem=17179869184G: out of range"));
	CHECK(rejected("mem=17592186044416M", "out of range"));
	CHECK(rejected("mem=1T",
		       "cmdline: mem=1T: expected an unsigned integer (k, M or G suffix allowed)\n"));
	CHECK(rejected("mem=1kk", "expected an unsigned integer"));
	CHECK(rejected("mem=k", "expected an unsigned integer"));
	CHECK(rejected("mem=-1M", "expected an unsigned integer"));
	CHECK_EQ(mem, 0);
}

static void test_string(void)
{
	CHECK_EQ(parse("root=/dev/vda1"), 0);
	CHECK(strcmp(root, "/dev/vda1") == 0);
	CHECK_EQ(parse("root="), 0);
	CHECK(strcmp(root, "") == 0);
	CHECK_EQ(parse("root=\"a b  c\""), 0);
	CHECK(strcmp(root, "a b  c") == 0);
	CHECK_EQ(parse("\"root=x y\""), 0);
	CHECK(strcmp(root, "x y") == 0);
	CHECK_EQ(parse("root=a\"b c\"d"), 0);
	CHECK(strcmp(root, "ab cd") == 0);
	CHECK_EQ(parse("root=a=b"), 0);		/* the first '=' splits */
	CHECK(strcmp(root, "a=b") == 0);
	CHECK_EQ(parse("root=123456789012345"), 0);	/* 15: fits */
	CHECK(rejected("root=1234567890123456",
		       "cmdline: root=1234567890123456: value longer than 15 characters\n"));
	CHECK(strcmp(root, "") == 0);
	CHECK(rejected("root", "cmdline: root: missing value (root=...)\n"));
}

static void test_custom(void)
{
	CHECK_EQ(parse("ktest"), 0);
	CHECK(ktest);
	CHECK_EQ(ktest_calls, 1);
	CHECK(strcmp(ktest_suite, "") == 0);
	CHECK_EQ(parse("ktest=fdt"), 0);
	CHECK(strcmp(ktest_suite, "fdt") == 0);
	CHECK(rejected("ktest=bad", "cmdline: ktest=bad: expected a suite name\n"));
	CHECK(!ktest);
}

static void test_unknown(void)
{
	CHECK(rejected("foo=1", "cmdline: unknown parameter 'foo=1' ignored\n"));
	CHECK(rejected("foo", "cmdline: unknown parameter 'foo' ignored\n"));
	CHECK(rejected("=5", "cmdline: unknown parameter '=5' ignored\n"));
	CHECK(rejected("pan=1", "unknown parameter 'pan=1'"));
	CHECK(rejected("panicky=1", "unknown parameter 'panicky=1'"));
	/* The others still count. */
	CHECK_EQ(parse("foo=1 panic=3 bar pcp"), 2);
	CHECK_EQ(panic_timeout, 3);
	CHECK(pcp);
}

static void test_quotes_and_spacing(void)
{
	CHECK_EQ(parse("  panic=3\tpcp\n root=\"x\"  "), 0);
	CHECK_EQ(panic_timeout, 3);
	CHECK(pcp);
	CHECK(strcmp(root, "x") == 0);
	CHECK(strcmp(saved_command_line(), "  panic=3\tpcp\n root=\"x\"  ") == 0);
	CHECK_EQ(parse("panic=\"-4\""), 0);
	CHECK_EQ(panic_timeout, -4);
}

/*
 * A quote that is never closed ends its argument at the next space; that
 * argument is ignored and the ones after it still count (Linux's next_arg()
 * would make the rest of the line one value).
 */
static void test_unclosed_quotes(void)
{
	CHECK_EQ(parse("panic=3 root=\"open ended"), 2);
	CHECK(log_contains("cmdline: root=\"open: missing closing quote, ignored (the arguments after it still count)\n"));
	CHECK(log_contains("cmdline: unknown parameter 'ended' ignored\n"));
	CHECK_EQ(panic_timeout, 3);
	CHECK(strcmp(root, "") == 0);

	CHECK_EQ(parse("root=\"x panic=5 pcp=on"), 1);
	CHECK(log_contains("cmdline: root=\"x: missing closing quote"));
	CHECK_EQ(panic_timeout, 5);
	CHECK(pcp);
	CHECK(strcmp(root, "") == 0);

	/* A closed pair first, then an open quote in the same word. */
	CHECK_EQ(parse("root=\"a b\"c\"d panic=6"), 1);
	CHECK(log_contains("cmdline: root=\"a b\"c\"d: missing closing quote"));
	CHECK_EQ(panic_timeout, 6);
	CHECK(strcmp(root, "") == 0);

	/* A lone quote, and one at the very end. */
	CHECK_EQ(parse("\" panic=7"), 1);
	CHECK(log_contains("cmdline: \": missing closing quote"));
	CHECK_EQ(panic_timeout, 7);
	CHECK_EQ(parse("panic=8 pcp=\""), 1);
	CHECK(log_contains("cmdline: pcp=\": missing closing quote"));
	CHECK_EQ(panic_timeout, 8);
	CHECK(!pcp);
	CHECK(strcmp(saved_command_line(), "panic=8 pcp=\"") == 0);
}

static void test_names_dash_underscore(void)
{
	CHECK_EQ(parse("nr-cpus=3"), 0);
	CHECK_EQ(nr_cpus, 3);
	CHECK_EQ(parse("nr_cpus=4"), 0);
	CHECK_EQ(nr_cpus, 4);
}

static void test_last_wins_and_double_dash(void)
{
	CHECK_EQ(parse("panic=1 panic=2"), 0);
	CHECK_EQ(panic_timeout, 2);
	CHECK_EQ(parse("panic=1 -- panic=2 foo=bar"), 0);
	CHECK_EQ(panic_timeout, 1);
	CHECK(log_contains("arguments after '--' left alone"));
	CHECK(!log_contains("unknown parameter"));
}

static void test_long_command_lines(void)
{
	char line[1600];
	size_t len = 0;
	int n = 0;

	/* 1023 characters of arguments: all of them count. */
	while (len + 7 <= COMMAND_LINE_SIZE - 1 - 9) {
		len += snprintf(line + len, sizeof(line) - len, "pcp=on ");
		n++;
	}
	memset(line + len, ' ', COMMAND_LINE_SIZE - 1 - 9 - len);
	strcpy(line + COMMAND_LINE_SIZE - 1 - 9, " panic=77");
	CHECK_EQ(strlen(line), COMMAND_LINE_SIZE - 1);
	CHECK(n > 100);
	CHECK_EQ(parse(line), 0);
	CHECK_EQ(panic_timeout, 77);
	CHECK(pcp);
	CHECK(strcmp(saved_command_line(), line) == 0);
	CHECK(!log_contains("cmdline"));

	/*
	 * Longer: cut at 1023 bytes, with a log line, the rest parsed; the
	 * argument the cut falls in is ignored, not taken cut short.
	 */
	memset(line, ' ', sizeof(line));
	memcpy(line, "panic=9", 7);
	memcpy(line + 1018, "pcp=on", 6);
	line[sizeof(line) - 1] = '\0';
	CHECK_EQ(parse(line), 1);	/* "pcp=on" cut to "pcp=o" */
	CHECK(log_contains("cmdline: pcp=o: cut short by the end of the command line, ignored\n"));
	CHECK(log_contains("cmdline: command line longer than 1023 bytes, cut there"));
	CHECK(!log_contains("expected on/off"));
	CHECK_EQ(panic_timeout, 9);
	CHECK_EQ(strlen(saved_command_line()), COMMAND_LINE_SIZE - 1);

	/* "panic=10" cut to "panic=1" would be a valid, wrong value. */
	memset(line, ' ', sizeof(line));
	memcpy(line, "pcp=on", 6);
	memcpy(line + 1016, "panic=10", 8);
	line[sizeof(line) - 1] = '\0';
	CHECK_EQ(parse(line), 1);
	CHECK(log_contains("cmdline: panic=1: cut short by the end of the command line, ignored\n"));
	CHECK_EQ(panic_timeout, 0);
	CHECK(pcp);

	/* A cut that falls exactly between two arguments loses none. */
	memset(line, ' ', sizeof(line));
	memcpy(line + 1015, "panic=11", 8);	/* ends at byte 1022 */
	memcpy(line + 1024, "pcp", 3);
	line[sizeof(line) - 1] = '\0';
	CHECK_EQ(parse(line), 0);
	CHECK_EQ(panic_timeout, 11);
	CHECK(!pcp);
	CHECK(!log_contains("cut short"));

	/* One value of 4096 characters: nothing of it is taken. */
	memset(line, 0, sizeof(line));
	{
		static char huge[4200];

		memcpy(huge, "root=", 5);
		memset(huge + 5, 'v', 4096);
		huge[5 + 4096] = '\0';
		CHECK_EQ(parse(huge), 1);
		CHECK(log_contains("cmdline: root=vvvvvvvv"));
		CHECK(log_contains("vvv...: cut short by the end of the command line, ignored\n"));
		CHECK(strcmp(root, "") == 0);
	}

	/* A huge unknown word is logged shortened. */
	memset(line, 'y', 900);
	line[900] = '\0';
	CHECK_EQ(parse(line), 1);
	CHECK(log_contains("unknown parameter 'yyyyyyyy"));
	CHECK(log_contains("yyy...' ignored"));
}

static void test_value_parsers(void)
{
	long l;
	unsigned long ul;
	bool b;

	CHECK_EQ(parse_long("-9223372036854775808", 0, &l), 0);
	CHECK(l == (-9223372036854775807L - 1));
	CHECK_EQ(parse_long("9223372036854775807", 0, &l), 0);
	CHECK(l == 9223372036854775807L);
	CHECK_EQ(parse_long("9223372036854775808", 0, &l), -ERANGE);
	CHECK_EQ(parse_long("-9223372036854775809", 0, &l), -ERANGE);
	CHECK_EQ(parse_long("-0", 0, &l), 0);
	CHECK_EQ(l, 0);
	CHECK_EQ(parse_long("", 0, &l), -EINVAL);
	CHECK_EQ(parse_long("-", 0, &l), -EINVAL);
	CHECK_EQ(parse_long(" 1", 0, &l), -EINVAL);
	CHECK_EQ(parse_long("1 ", 0, &l), -EINVAL);
	CHECK_EQ(parse_long("-2G", PARAM_SUFFIXES, &l), 0);
	CHECK_EQ(l, -(2L << 30));
	CHECK_EQ(parse_ulong("+5", 0, &ul), 0);
	CHECK_EQ(ul, 5);
	CHECK_EQ(parse_ulong("0X1f", 0, &ul), 0);
	CHECK_EQ(ul, 31);
	CHECK_EQ(parse_ulong("0x1g", 0, &ul), -EINVAL);
	CHECK_EQ(parse_ulong("0x1G", PARAM_SUFFIXES, &ul), 0);
	CHECK_EQ(ul, 1UL << 30);
	CHECK_EQ(parse_ulong("-5", 0, &ul), -EINVAL);
	CHECK_EQ(parse_bool("TRUE", &b), 0);
	CHECK(b);
	CHECK_EQ(parse_bool("", &b), -EINVAL);
	CHECK_EQ(parse_bool("o", &b), -EINVAL);
}

/*
 * The shape of the bad-args boot (tests/qemu/matrix): garbage for every
 * type, an unknown name (tern has no min_free_kbytes=, and neither has
 * Linux: it is the sysctl /proc/sys/vm/min_free_kbytes), an unclosed quote
 * in the middle and a 4096-character value at the end. Each is logged by
 * name, each variable keeps its value, the good arguments count.
 */
static void test_garbage_line(void)
{
	static char line[6000];
	size_t len;

	reset_variables();
	nr_cpus = 4;
	count = 7;
	log_buf_clear();
	CHECK_EQ(cmdline_parse("ktest min_free_kbytes=-1 pcp=maybe panic=abc nr_cpus=-5 count= nosuch.param=1 panic=-1",
			       params, ARRAY_SIZE(params)), 6);
	CHECK(ktest);
	CHECK(!pcp);
	CHECK_EQ(panic_timeout, -1);
	CHECK_EQ(nr_cpus, 4);
	CHECK_EQ(count, 7);
	CHECK_LOGGED("cmdline: unknown parameter 'min_free_kbytes=-1' ignored\n",
		     "cmdline: pcp=maybe: expected on/off\n",
		     "cmdline: panic=abc: expected an integer\n",
		     "cmdline: nr_cpus=-5: expected an unsigned integer\n",
		     "cmdline: count=: expected an unsigned integer\n",
		     "cmdline: unknown parameter 'nosuch.param=1' ignored\n");

	len = snprintf(line, sizeof(line), "ktest=\"slab pcp=on count=");
	memset(line + len, '7', 4096);
	line[len + 4096] = '\0';
	CHECK_EQ(parse(line), 2);
	CHECK(!ktest);
	CHECK(pcp);
	CHECK_EQ(count, 0);
	CHECK_LOGGED("cmdline: ktest=\"slab: missing closing quote, ignored",
		     "cmdline: command line longer than 1023 bytes, cut there\n",
		     "cmdline: count=7777777",
		     "777...: cut short by the end of the command line, ignored\n");
	CHECK(!log_contains("out of range"));
}

int main(void)
{
	ktap_plan(15);
	RUN(test_empty);
	RUN(test_bool);
	RUN(test_int);
	RUN(test_unsigned);
	RUN(test_size_suffixes);
	RUN(test_string);
	RUN(test_custom);
	RUN(test_unknown);
	RUN(test_quotes_and_spacing);
	RUN(test_unclosed_quotes);
	RUN(test_names_dash_underscore);
	RUN(test_last_wins_and_double_dash);
	RUN(test_long_command_lines);
	RUN(test_value_parsers);
	RUN(test_garbage_line);
	return ktap_done();
}
