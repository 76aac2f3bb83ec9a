// SPDX-License-Identifier: MIT
/*
 * DOC: host tests for kernel/printk.c - timestamps and the log ring
 *
 * The host arch turns printk's timestamps off for every other test (they
 * compare text byte for byte); these cases turn them on and check what
 * Linux's log looks like: "[%5lu.%06lu] " at the start of each line a
 * message begins, none on a continuation, none with printk_time off. The
 * ring cases overfill the 64 KiB log and check that dmesg's copy keeps the
 * newest lines, whole, in order; the last case has four threads printing
 * at once, past the ring's size, and checks that no line holds two
 * threads' text and none is lost from the part the ring keeps.
 */
#include <pthread.h>
#include <stdlib.h>

#include "tests/host/harness.h"
#include "kernel/smp.h"
#include "kernel/time.h"
#include <asm/percpu.h>

static char log_text[LOG_BUF_SIZE + 1];

/*
 * Returns the length of the timestamp at @s ("[", at least five columns of
 * right-aligned seconds, ".", six digits, "] "), or 0 if there is none;
 * stores its value in *@us.
 */
static size_t stamp_at(const char *s, unsigned long long *us)
{
	size_t i = 1, digits = 0;
	unsigned long long seconds = 0, micro = 0;

	if (s[0] != '[')
		return 0;
	while (s[i] == ' ')
		i++;
	for (; s[i] >= '0' && s[i] <= '9'; i++, digits++)
		seconds = seconds * 10 + (s[i] - '0');
	if (!digits || i - 1 < 5 || s[i++] != '.')
		return 0;
	for (digits = 0; s[i] >= '0' && s[i] <= '9'; i++, digits++)
		micro = micro * 10 + (s[i] - '0');
	if (digits != 6 || s[i] != ']' || s[i + 1] != ' ')
		return 0;
	*us = seconds * 1000000 + micro;
	return i + 2;
}

/*
 * Copies @log into @out without the timestamp of each line, checking that
 * every line has one and that their times never go backwards. Returns
 * false (and says where) if a line has none.
 */
static bool unstamp(const char *log, char *out, size_t size)
{
	unsigned long long us, last_us = 0;
	size_t len = 0;

	while (*log) {
		const char *end = strchr(log, '\n');
		size_t stamp = stamp_at(log, &us);
		size_t line = end ? (size_t)(end - log) + 1 : strlen(log);

		if (!stamp) {
			printf("# no timestamp at \"%.40s\"\n", log);
			return false;
		}
		if (us < last_us) {
			printf("# time went back: %llu us after %llu us\n", us,
			       last_us);
			return false;
		}
		last_us = us;
		if (len + line - stamp >= size)
			return false;
		memcpy(out + len, log + stamp, line - stamp);
		len += line - stamp;
		log += line;
	}
	out[len] = '\0';
	return true;
}

/* True if the log, timestamps removed, is exactly @expected. */
static bool log_unstamped_is(const char *expected)
{
	static char text[LOG_BUF_SIZE + 1];

	log_buf_read(log_text, sizeof(log_text));
	if (!unstamp(log_text, text, sizeof(text)))
		return false;
	if (strcmp(text, expected)) {
		printf("# log \"%s\", expected \"%s\"\n", text, expected);
		return false;
	}
	return true;
}

/* Prints as the hart with cpu number @cpu would. */
static void be_cpu(unsigned int cpu)
{
	harts[cpu].cpu = cpu;
	arch_set_this_hart(&harts[cpu]);
}

/* Each case starts with an empty log, timestamps on, as cpu 0. */
static void fresh_log(void)
{
	printk_time = true;
	be_cpu(0);
	log_buf_clear();
}

static void test_format_time(void)
{
	char buf[PRINTK_TIME_MAX];

	CHECK_EQ(printk_format_time(buf, sizeof(buf), 0), 15);
	CHECK(!strcmp(buf, "[    0.000000] "));
	printk_format_time(buf, sizeof(buf), 12345678);
	CHECK(!strcmp(buf, "[    0.012345] "));	/* cut, not rounded */
	printk_format_time(buf, sizeof(buf), 1999999999);
	CHECK(!strcmp(buf, "[    1.999999] "));
	printk_format_time(buf, sizeof(buf), 845123000);
	CHECK(!strcmp(buf, "[    0.845123] "));
	printk_format_time(buf, sizeof(buf), 99999999999000ULL);
	CHECK(!strcmp(buf, "[99999.999999] "));
	/* Past 27 hours the seconds widen the field, as in Linux. */
	CHECK_EQ(printk_format_time(buf, sizeof(buf), 100000000000000ULL), 16);
	CHECK(!strcmp(buf, "[100000.000000] "));
	printk_format_time(buf, sizeof(buf), ~0ULL);
	CHECK(!strcmp(buf, "[18446744073.709551] "));
	/* A small buffer gets what fits, NUL-terminated. */
	CHECK_EQ(printk_format_time(buf, 6, 0), 5);
	CHECK(!strcmp(buf, "[    "));
}

static void test_every_line_stamped(void)
{
	fresh_log();
	CHECK_EQ(printk("one\ntwo\n"), 8);	/* the prefixes not counted */
	pr_info("three\n");			/* the level goes, the stamp stays */
	printk("\n");				/* an empty line gets one too */
	/* A level passed as an argument goes too (Linux's show_stack()). */
	CHECK_EQ(printk("%s[<%x>]\n", KERN_EMERG, 0x10), 7);
	CHECK(log_unstamped_is("one\ntwo\nthree\n\n[<10>]\n"));
}

static void test_continuation_unstamped(void)
{
	fresh_log();
	printk("mm: node 0");
	pr_cont(", 2030 MiB");
	pr_cont(" ok\nnext");	/* ends the line, opens the next one */
	pr_cont(" line\n");
	CHECK(log_unstamped_is("mm: node 0, 2030 MiB ok\nnext line\n"));
	log_buf_read(log_text, sizeof(log_text));
	CHECK_EQ(log_text[0], '[');
	CHECK(strstr(log_text, "] next line\n"));
	CHECK(!strstr(log_text, "] , 2030"));
}

static void test_other_hart_ends_open_line(void)
{
	fresh_log();
	printk("cpu 0 says");
	be_cpu(1);
	printk("cpu 1 says\n");
	be_cpu(0);
	printk(" more\n");	/* its line was ended: a new one, stamped */
	CHECK(log_unstamped_is("cpu 0 says\ncpu 1 says\n more\n"));
	be_cpu(0);
}

static void test_time_off(void)
{
	fresh_log();
	printk_time = false;
	printk("plain\n");
	pr_err("error: %d\n", 5);
	log_buf_read(log_text, sizeof(log_text));
	CHECK(!strcmp(log_text, "plain\nerror: 5\n"));
	printk_time = true;
}

/* The stamps count from local_clock_start(), as start_kernel() calls it. */
static void test_stamps_from_kernel_start(void)
{
	unsigned long long first, second;

	fresh_log();
	local_clock_start();
	printk("first\n");
	printk("second\n");
	log_buf_read(log_text, sizeof(log_text));
	CHECK(stamp_at(log_text, &first));
	CHECK(stamp_at(strchr(log_text, '\n') + 1, &second));
	CHECK(first < 1000000);		/* well under a second since the start */
	CHECK(second >= first);
	CHECK(local_clock() < 1000000000ULL);
}

/*
 * Prints @lines numbered lines of about 100 bytes; Returns the bytes the
 * log got for them.
 */
static size_t print_numbered(int lines)
{
	size_t bytes = 0;

	for (int i = 0; i < lines; i++)
		bytes += printk("line %05d %s\n", i,
				"................................................"
				"................................") + 15;
	return bytes;
}

/*
 * Checks that @text is whole lines "line N ..." with consecutive N ending at
 * @last; Returns the first N, or -1 if the lines are not so.
 */
static int check_numbered(const char *text, int last)
{
	unsigned long long us;
	int first = -1, expect = -1;

	while (*text) {
		size_t stamp = stamp_at(text, &us);
		int n;

		if (!stamp || sscanf(text + stamp, "line %d ", &n) != 1)
			return -1;
		if (first < 0)
			first = expect = n;
		if (n != expect++)
			return -1;
		text = strchr(text, '\n');
		if (!text)
			return -1;	/* a line cut at the end */
		text++;
	}
	return expect - 1 == last ? first : -1;
}

static void test_ring_keeps_newest_whole_lines(void)
{
	static char text[LOG_BUF_SIZE + 1];
	size_t len, bytes;
	int first;

	fresh_log();
	bytes = print_numbered(2000);	/* about 230 KiB: wraps three times */
	CHECK(bytes > 3 * LOG_BUF_SIZE);
	len = log_buf_read(text, sizeof(text));
	CHECK_EQ(len, LOG_BUF_SIZE);	/* raw: the ring's last 64 KiB */

	/* Every line is 107 bytes: 15 of timestamp, 92 of text. */
	len = log_buf_read_lines(text, sizeof(text));
	CHECK(len > LOG_BUF_SIZE - 107 && len <= LOG_BUF_SIZE);
	CHECK_EQ(len % 107, 0);
	first = check_numbered(text, 1999);
	CHECK_EQ(first, 2000 - (int)(len / 107));

	/* A small buffer: the newest lines that fit, the first one whole. */
	len = log_buf_read_lines(text, 400);
	CHECK(len > 0 && len < 400);
	CHECK(check_numbered(text, 1999) >= 1996);
}

static void test_ring_nothing_lost(void)
{
	char text[256];

	fresh_log();
	printk("first line\n");
	printk("second line\n");
	/* Nothing was dropped: the first line is there although it is first. */
	CHECK(log_buf_read_lines(text, sizeof(text)) > 0);
	CHECK(!strncmp(text, "[", 1) && strstr(text, "] first line\n"));
	/* A line longer than the buffer: nothing whole fits. */
	CHECK_EQ(log_buf_read_lines(text, 10), 0);
	CHECK(!strcmp(text, ""));
	CHECK_EQ(log_buf_read_lines(text, 0), 0);

	/*
	 * The ring cut exactly at a line start keeps that line: 4097 lines of
	 * 16 bytes overwrite exactly the first one.
	 */
	fresh_log();
	printk_time = false;
	for (int i = 0; i < LOG_BUF_SIZE / 16 + 1; i++)
		printk("%015d\n", i);
	log_buf_read_lines(log_text, sizeof(log_text));
	CHECK_EQ(strlen(log_text), LOG_BUF_SIZE);
	CHECK(!strncmp(log_text, "000000000000001\n", 16));
	/* One byte more and that line is cut: it goes, the next one leads. */
	printk("x");
	log_buf_read_lines(log_text, sizeof(log_text));
	CHECK(!strncmp(log_text, "000000000000002\n", 16));
	printk("\n");
	printk_time = true;
}

#define THREADS 4
#define THREAD_LINES 3000

static void *print_from_thread(void *arg)
{
	long t = (long)arg;

	/* No struct hart: printk takes these as cpu -1, all the same caller. */
	for (int i = 0; i < THREAD_LINES; i++)
		printk("thread %ld line %d of %d\n", t, i, THREAD_LINES);
	return NULL;
}

static void test_concurrent_printk(void)
{
	static char text[LOG_BUF_SIZE + 1];
	int next[THREADS] = { 0 }, seen[THREADS] = { 0 };
	pthread_t threads[THREADS];
	unsigned long long us;
	const char *line;
	bool intact = true;

	fresh_log();
	for (long t = 0; t < THREADS; t++)
		CHECK(!pthread_create(&threads[t], NULL, print_from_thread,
				      (void *)t));
	for (int t = 0; t < THREADS; t++)
		pthread_join(threads[t], NULL);

	log_buf_read_lines(text, sizeof(text));
	for (line = text; *line && intact;) {
		size_t stamp = stamp_at(line, &us);
		int t, n, total, used = 0;

		intact = stamp && sscanf(line + stamp, "thread %d line %d of %d\n%n",
					 &t, &n, &total, &used) == 3 &&
			 used && t >= 0 && t < THREADS && total == THREAD_LINES &&
			 line[stamp + used - 1] == '\n';
		if (!intact) {
			printf("# mangled line: \"%.60s\"\n", line);
			break;
		}
		/* Each thread's lines in its order, none lost in between. */
		if (seen[t] && n != next[t]) {
			printf("# thread %d: line %d after %d\n", t, n, next[t] - 1);
			intact = false;
		}
		seen[t]++;
		next[t] = n + 1;
		line += stamp + used;
	}
	CHECK(intact);
	/*
	 * The ring keeps the newest 64 KiB, about 1,600 of the 12,000 lines:
	 * a thread that finished early may have none left, but one that has
	 * any must have all its later ones, up to its last.
	 */
	for (int t = 0; t < THREADS; t++)
		if (seen[t])
			CHECK_EQ(next[t], THREAD_LINES);
	CHECK(seen[0] + seen[1] + seen[2] + seen[3] > 1000);
}

int main(void)
{
	ktap_plan(9);
	RUN(test_format_time);
	RUN(test_every_line_stamped);
	RUN(test_continuation_unstamped);
	RUN(test_other_hart_ends_open_line);
	RUN(test_time_off);
	RUN(test_stamps_from_kernel_start);
	RUN(test_ring_keeps_newest_whole_lines);
	RUN(test_ring_nothing_lost);
	RUN(test_concurrent_printk);
	return ktap_done();
}
