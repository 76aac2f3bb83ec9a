// SPDX-License-Identifier: MIT
/*
 * DOC: host tests for kernel/shell.c - the console shell
 *
 * The test registers a console that records every byte the shell writes
 * and feeds the shell byte sequences as a terminal or a pipe would send
 * them. ktest_run(), machine_power_off(), machine_restart() and
 * shell_idle() are fakes: the power ones jump back into the test with
 * longjmp(), as the real ones never return either.
 */
#include <setjmp.h>
#include <stdlib.h>

#include "tests/host/harness.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/reboot.h"
#include "kernel/shell.h"
#include "kernel/vfs.h"

/* ------------------------------------------------ console and fakes --- */

static char captured[192 * 1024];
static size_t captured_len;
static const char *script;	/* what console_getc() returns, then -1 */

static void capture_write(struct console *con, const char *s, size_t len)
{
	len = min(len, sizeof(captured) - 1 - captured_len);
	memcpy(captured + captured_len, s, len);
	captured_len += len;
	captured[captured_len] = '\0';
}

static int script_getc(struct console *con)
{
	if (!script || !*script)
		return -1;
	return (unsigned char)*script++;
}

static struct console capture = {
	.name = "capture",
	.write = capture_write,
	.getc = script_getc,
};

static jmp_buf escape_from_shell;
static int power_off_calls, restart_calls, idle_calls;

void machine_power_off(void)
{
	power_off_calls++;
	longjmp(escape_from_shell, 1);
}

void machine_restart(void)
{
	restart_calls++;
	longjmp(escape_from_shell, 1);
}

void emergency_restart(void)
{
	abort();
}

void shell_idle(void)
{
	idle_calls++;
	longjmp(escape_from_shell, 1);
}

static char ktest_suite_seen[32];
static int ktest_calls, ktest_result;

int ktest_run(const char *suite_or_null)
{
	ktest_calls++;
	snprintf(ktest_suite_seen, sizeof(ktest_suite_seen), "%s",
		 suite_or_null ? suite_or_null : "(all)");
	if (suite_or_null && strcmp(suite_or_null, "nope") == 0)
		return -ENOENT;
	return ktest_result;
}

/* ---------------------------------------------------------- helpers --- */

static struct shell sh;

static void forget_output(void)
{
	captured_len = 0;
	captured[0] = '\0';
}

/* A fresh shell (no history) and an empty capture. */
static void fresh_shell(void)
{
	shell_init(&sh);
	forget_output();
}

static void type_bytes(const char *bytes, size_t len)
{
	for (size_t i = 0; i < len; i++)
		shell_input(&sh, bytes[i]);
}

static void type(const char *text)
{
	type_bytes(text, strlen(text));
}

/* Prints @s with C escapes, as a KTAP diagnostic line. */
static void print_escaped(const char *label, const char *s)
{
	printf("# %s: \"", label);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '\n')
			printf("\\n");
		else if (c == '\b')
			printf("\\b");
		else if (c < 0x20 || c >= 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	printf("\"\n");
}

/* Returns true if the shell wrote exactly @expected since last asked. */
static bool output_is(const char *expected)
{
	bool same = strcmp(captured, expected) == 0;

	if (!same) {
		print_escaped("expected", expected);
		print_escaped("got     ", captured);
	}
	forget_output();
	return same;
}

/* Returns true if the shell wrote @needle since the output was forgotten. */
static bool output_has(const char *needle)
{
	if (strstr(captured, needle))
		return true;
	print_escaped("missing ", needle);
	print_escaped("in      ", captured);
	return false;
}

/*
 * Runs @line through shell_execute() and Returns true if its output is
 * @expected; the log (printk) and console (command output) both count.
 */
static bool reply_is(const char *line, const char *expected)
{
	forget_output();
	shell_execute(line);
	return output_is(expected);
}

/* --------------------------------------------------- virtual files --- */

static char stored[300];
static size_t stored_len;
static int store_calls;

static int show_text(struct seq_buf *m, void *data)
{
	seq_puts(m, data);
	return 0;
}

static int show_huge(struct seq_buf *m, void *data)
{
	for (int i = 0; i < 10000; i++)
		seq_printf(m, "%06d\n", i);	/* 70000 bytes */
	return 0;
}

static int show_nomem(struct seq_buf *m, void *data)
{
	return -ENOMEM;
}

static int store_remember(const char *buf, size_t len, void *data)
{
	store_calls++;
	CHECK_EQ(buf[len], '\0');
	memcpy(stored, buf, len + 1);
	stored_len = len;
	return (long)data;
}

static const struct vfs_file_ops text_ops = { .show = show_text };
static const struct vfs_file_ops huge_ops = { .show = show_huge };
static const struct vfs_file_ops nomem_ops = { .show = show_nomem };
static const struct vfs_file_ops rw_ops = {
	.show = show_text,
	.store = store_remember,
};

static void register_files(void)
{
	CHECK_EQ(vfs_register("/proc/meminfo", &text_ops,
			      "MemTotal:        1024 kB\n"), 0);
	CHECK_EQ(vfs_register("/proc/version", &text_ops, "tern\n"), 0);
	CHECK_EQ(vfs_register("/proc/nonl", &text_ops, "no newline"), 0);
	CHECK_EQ(vfs_register("/proc/huge", &huge_ops, NULL), 0);
	CHECK_EQ(vfs_register("/proc/nomem", &nomem_ops, NULL), 0);
	CHECK_EQ(vfs_register("/sys/devices/system/node/node0/meminfo",
			      &text_ops, "Node 0 MemTotal: 512 kB\n"), 0);
	CHECK_EQ(vfs_register("/sys/devices/system/node/node1/meminfo",
			      &text_ops, "Node 1 MemTotal: 512 kB\n"), 0);
	CHECK_EQ(vfs_register("/sys/devices/system/node/online", &text_ops,
			      "0-1\n"), 0);
	CHECK_EQ(vfs_register("/sys/kernel/mm/value", &rw_ops, (void *)0), 0);
	CHECK_EQ(vfs_register("/sys/kernel/mm/picky", &rw_ops,
			      (void *)(long)-EINVAL), 0);
	CHECK_EQ(vfs_register("/sys/kernel/mm/full", &rw_ops,
			      (void *)(long)-ENOSPC), 0);
}

/* ------------------------------------------------------------ cases --- */

static void test_run_loop(void)
{
	forget_output();
	script = "echo hi\r\n";
	if (!setjmp(escape_from_shell))
		shell_run();
	CHECK_EQ(idle_calls, 1);
	CHECK(output_is("tern console shell: type 'help' for the commands\n"
			"tern# echo hi\nhi\ntern# "));
	script = NULL;
}

static void test_typing_echoes(void)
{
	fresh_shell();
	type("ls /x");
	CHECK(output_is("ls /x"));
	CHECK_EQ(sh.len, 5);
	CHECK(strcmp(sh.line, "ls /x") == 0);
}

static void test_backspace(void)
{
	fresh_shell();
	type("abc\x7f");
	CHECK(output_is("abc\b \b"));
	type("\b");
	CHECK(output_is("\b \b"));
	CHECK(strcmp(sh.line, "a") == 0);
	type("\x7f\x7f");	/* the second has nothing to erase */
	CHECK(output_is("\b \b\a"));
	CHECK_EQ(sh.len, 0);
}

static void test_ctrl_c_abandons_line(void)
{
	fresh_shell();
	type("poweroff\x03");
	CHECK(output_is("poweroff^C\ntern# "));
	CHECK_EQ(sh.len, 0);
	CHECK_EQ(power_off_calls, 0);
	type("\r");
	CHECK(output_is("\ntern# "));
}

static void test_ctrl_u_erases_line(void)
{
	fresh_shell();
	type("abc\x15");
	CHECK(output_is("abc\b\b\b   \b\b\b"));
	CHECK_EQ(sh.len, 0);
	type("echo ok\r");
	CHECK(output_is("echo ok\nok\ntern# "));
}

static void test_enter_variants(void)
{
	fresh_shell();
	type("echo a\r");
	CHECK(output_is("echo a\na\ntern# "));
	type("echo b\n");
	CHECK(output_is("echo b\nb\ntern# "));
	type("echo c\r\n");	/* CRLF is one Enter */
	CHECK(output_is("echo c\nc\ntern# "));
	type("\n\n");		/* two LFs are two Enters */
	CHECK(output_is("\ntern# \ntern# "));
	type("\n\r");		/* LF CR is two Enters too */
	CHECK(output_is("\ntern# \ntern# "));
	type("\r\r");
	CHECK(output_is("\ntern# \ntern# "));
	type_bytes("\r\0\n", 3);	/* telnet's CR NUL, then an LF: two */
	CHECK(output_is("\ntern# \ntern# "));
}

static void test_overlong_line(void)
{
	char line[301];

	fresh_shell();
	memset(line, 'a', 300);
	line[300] = '\0';
	type(line);
	CHECK_EQ(sh.len, SHELL_LINE_MAX);
	CHECK(sh.too_long);
	/* 255 echoed, one beep for the refused rest. */
	CHECK_EQ(captured_len, SHELL_LINE_MAX + 1);
	CHECK_EQ(captured[SHELL_LINE_MAX], '\a');
	forget_output();
	type("\r");
	CHECK(output_is("\nshell: line too long (max 255 characters)\ntern# "));
	CHECK(!log_contains("unknown command"));
	/* A line that was cut is not run even after backspacing. */
	type(line);
	type("\x7f\x7f\r");
	CHECK(output_has("line too long"));
	/* Exactly 255 characters is fine. */
	line[SHELL_LINE_MAX] = '\0';
	forget_output();
	type(line);
	type("\r");
	CHECK(strchr(captured, '\a') == NULL);
	CHECK(output_has("shell: unknown command 'aaaa"));
	CHECK(shell_execute(line) == SHELL_FAILED);
	line[SHELL_LINE_MAX] = 'a';
	log_buf_clear();
	CHECK_EQ(shell_execute(line), SHELL_FAILED);
	CHECK(log_contains("shell: line too long (max 255 characters)"));
}

static void test_non_ascii_and_control_bytes(void)
{
	fresh_shell();
	type("echo caf\xc3\xa9");	/* UTF-8 e-acute */
	CHECK(output_is("echo caf"));
	type("\x01\x02");		/* Ctrl-A, Ctrl-B: beep, not inserted */
	CHECK(output_is("\a\a"));
	type("\r");
	CHECK(output_is("\nshell: ignored 2 non-ASCII byte(s)\ncaf\ntern# "));
	type("\xff\r");
	CHECK(output_is("\nshell: ignored 1 non-ASCII byte(s)\ntern# "));
	/* The count starts afresh on each line. */
	type("echo x\r");
	CHECK(output_is("echo x\nx\ntern# "));
	type("echo\tx\r");	/* a tab is a space */
	CHECK(output_is("echo x\nx\ntern# "));
}

static void test_history(void)
{
	fresh_shell();
	type("echo one\r");
	type("echo two\r");
	type("echo two\r");	/* a repeat is kept once */
	CHECK_EQ(sh.history_len, 2);
	forget_output();
	type("\x1b[A");
	CHECK(output_is("echo two"));
	type("\x1b[A");
	CHECK(output_is("\b\b\b\b\b\b\b\becho one"));
	type("\x1b[A");		/* nothing older */
	CHECK(output_is("\a"));
	type("\x1b[B");
	CHECK(output_is("\b\b\b\b\b\b\b\becho two"));
	type("\x1b[B");		/* back to the (empty) line being typed */
	CHECK(output_is("\b\b\b\b\b\b\b\b        \b\b\b\b\b\b\b\b"));
	type("\x1b[B");
	CHECK(output_is("\a"));
	/* The draft comes back as it was, and a recalled line runs. */
	type("ec");
	type("\x1b[A\x1b[B");
	CHECK(strcmp(sh.line, "ec") == 0);
	type("\x15\x1bOA\x1bOA\r");	/* application-mode arrows */
	CHECK(output_has("echo one\none\ntern# "));
	CHECK_EQ(sh.history_len, 3);
}

static void test_history_is_bounded(void)
{
	char line[32];

	fresh_shell();
	for (int i = 0; i < SHELL_HISTORY + 4; i++) {
		snprintf(line, sizeof(line), "echo %d\r", i);
		type(line);
	}
	CHECK_EQ(sh.history_len, SHELL_HISTORY);
	for (int i = 0; i < SHELL_HISTORY; i++)
		type("\x1b[A");
	CHECK(strcmp(sh.line, "echo 4") == 0);	/* the oldest kept */
	forget_output();
	type("\x1b[A");
	CHECK(output_is("\a"));
}

static void test_cursor_keys(void)
{
	fresh_shell();
	type("eho");
	type("\x1b[D\x1b[D");
	CHECK(output_is("eho\b\b"));
	type("c");		/* inserted, the tail redrawn */
	CHECK(output_is("cho\b\b"));
	CHECK(strcmp(sh.line, "echo") == 0);
	type("\x1b[C\x1b[C\x1b[C");	/* right twice, then at the end */
	CHECK(output_is("ho\a"));
	type("\x1b[H");		/* home */
	CHECK(output_is("\b\b\b\b"));
	type("\x1b[D");
	CHECK(output_is("\a"));
	type("\x1b[F");		/* end */
	CHECK(output_is("echo"));
	type("\x1b[D\x1b[D\x7f");	/* backspace inside the line */
	CHECK(output_is("\b\b\bho \b\b\b"));
	CHECK(strcmp(sh.line, "eho") == 0);
	CHECK_EQ(sh.cursor, 1);
	type("c\r");		/* Enter runs the whole line */
	CHECK(output_has("\n\ntern# "));
	CHECK(!log_contains("unknown command"));
}

static void test_other_escape_sequences(void)
{
	fresh_shell();
	type("ab\x1b[3~");	/* Delete: swallowed whole */
	type("\x1b[1;5A");	/* Ctrl-Up: an up arrow with parameters */
	CHECK(output_is("ab\a"));	/* no history yet */
	type("\x1bx");		/* ESC and a plain key: the key counts */
	CHECK(output_is("x"));
	CHECK(strcmp(sh.line, "abx") == 0);
	type("\x1b[\r");	/* a sequence cut short by Enter */
	CHECK(output_has("unknown command 'abx'"));
	CHECK_EQ(sh.escape, SHELL_ESC_NONE);
}

static void test_unknown_command(void)
{
	fresh_shell();
	type("foo bar\r");
	CHECK(output_is("foo bar\nshell: unknown command 'foo' (try 'help')\ntern# "));
	CHECK(log_contains("shell: unknown command 'foo' (try 'help')"));
	CHECK_EQ(shell_execute("foo"), SHELL_FAILED);
	CHECK_EQ(shell_execute(""), SHELL_OK);
	CHECK_EQ(shell_execute("   "), SHELL_OK);
}

static void test_help(void)
{
	fresh_shell();
	CHECK_EQ(shell_execute("help"), SHELL_OK);
	CHECK(output_has("Commands:\n"));
	CHECK(output_has("  cat PATH...         print files\n"));
	CHECK(output_has("  echo TEXT [> PATH]  print TEXT, or write it to the file PATH\n"));
	CHECK(output_has("  ls [PATH]  "));
	CHECK(output_has("  ktest [SUITE]  "));
	CHECK(output_has("  poweroff  "));
	CHECK(output_has("  reboot  "));
	CHECK(output_has("  help  "));
	/* Alphabetical. */
	CHECK(strstr(captured, "  cat") < strstr(captured, "  echo"));
	CHECK(strstr(captured, "  poweroff") < strstr(captured, "  reboot"));
	CHECK(reply_is("help me", "usage: help\n"));
}

static void test_ls(void)
{
	fresh_shell();
	CHECK(reply_is("ls", "proc/\nsys/\n"));
	CHECK(reply_is("ls /", "proc/\nsys/\n"));
	CHECK(reply_is("ls /proc", "huge\nmeminfo\nnomem\nnonl\nversion\n"));
	CHECK(reply_is("ls /sys/devices/system/node",
		       "node0/\nnode1/\nonline\n"));
	CHECK(reply_is("ls /sys/devices/system/node/node1/",
		       "meminfo\n"));
	CHECK(reply_is("ls sys//devices/./system/../system/node/node0",
		       "meminfo\n"));
	CHECK(reply_is("ls /proc/meminfo", "/proc/meminfo\n"));
	CHECK(reply_is("ls /nope",
		       "ls: cannot access '/nope': No such file or directory\n"));
	CHECK(reply_is("ls /proc/meminfo/x",
		       "ls: cannot access '/proc/meminfo/x': Not a directory\n"));
	CHECK(reply_is("ls /proc /sys", "usage: ls [PATH]\n"));
	CHECK_EQ(shell_execute("ls /nope"), SHELL_FAILED);
	CHECK_EQ(shell_execute("ls /proc"), SHELL_OK);
}

static void test_cat(void)
{
	fresh_shell();
	CHECK(reply_is("cat /proc/meminfo", "MemTotal:        1024 kB\n"));
	CHECK(reply_is("cat /proc/version /proc/meminfo",
		       "tern\nMemTotal:        1024 kB\n"));
	CHECK(reply_is("cat /proc/nonl", "no newline"));
	CHECK(reply_is("cat /proc",
		       "cat: /proc: Is a directory\n"));
	CHECK(reply_is("cat /proc/nope",
		       "cat: /proc/nope: No such file or directory\n"));
	CHECK(reply_is("cat /proc/meminfo/x",
		       "cat: /proc/meminfo/x: Not a directory\n"));
	CHECK(reply_is("cat /proc/nomem",
		       "cat: /proc/nomem: Cannot allocate memory\n"));
	/* One bad file does not stop the others. */
	CHECK(reply_is("cat /proc/nope /proc/version",
		       "cat: /proc/nope: No such file or directory\ntern\n"));
	CHECK_EQ(shell_execute("cat /proc/nope /proc/version"), SHELL_FAILED);
	CHECK_EQ(shell_execute("cat /proc/version"), SHELL_OK);
	CHECK(reply_is("cat", "usage: cat PATH...\n"));
	CHECK_EQ(shell_execute("cat"), SHELL_USAGE);
}

static void test_cat_too_long(void)
{
	const char *message = "cat: /proc/huge: file too long, only its first 65535 bytes were shown\n";

	fresh_shell();
	CHECK_EQ(shell_execute("cat /proc/huge"), SHELL_FAILED);
	/* 65535 bytes of text, a newline to finish the cut line, the news. */
	CHECK_EQ(captured_len, SHELL_FILE_BUF_SIZE - 1 + 1 + strlen(message));
	CHECK(strncmp(captured, "000000\n000001\n", 14) == 0);
	CHECK(strcmp(captured + SHELL_FILE_BUF_SIZE, message) == 0);
	CHECK(log_contains("file too long"));
	forget_output();
}

static void test_echo(void)
{
	fresh_shell();
	CHECK(reply_is("echo hello   world", "hello world\n"));
	CHECK(reply_is("echo \"a   b\"  c", "a   b c\n"));
	CHECK(reply_is("echo a\"b c\"d", "ab cd\n"));
	CHECK(reply_is("echo \"\"", "\n"));
	CHECK(reply_is("echo", "\n"));
	CHECK(reply_is("echo \">\" x", "> x\n"));
	CHECK(reply_is("\"echo\" quoted", "quoted\n"));
	CHECK(reply_is("echo \"open", "shell: missing closing quote (\")\n"));
	CHECK_EQ(shell_execute("echo \"open"), SHELL_FAILED);
}

static void test_too_many_arguments(void)
{
	char line[128] = "echo";

	fresh_shell();
	for (int i = 0; i < SHELL_MAX_ARGS; i++)
		strcat(line, " x");
	CHECK_EQ(shell_execute(line), SHELL_OK);	/* 16 arguments */
	forget_output();
	strcat(line, " x");
	CHECK(reply_is(line, "shell: too many arguments (max 16)\n"));
}

/* Runs @line and Returns true if the store handler got exactly @value. */
static bool stores(const char *line, const char *value)
{
	int calls = store_calls;

	memset(stored, 0, sizeof(stored));
	if (shell_execute(line) != SHELL_OK || store_calls != calls + 1) {
		print_escaped("line", line);
		return false;
	}
	if (strcmp(stored, value) != 0 || stored_len != strlen(value)) {
		print_escaped("stored", stored);
		return false;
	}
	return true;
}

static void test_echo_to_file(void)
{
	fresh_shell();
	CHECK(stores("echo 5 > /sys/kernel/mm/value", "5"));
	CHECK(stores("echo 6 >/sys/kernel/mm/value", "6"));
	CHECK(stores("echo 7>/sys/kernel/mm/value", "7"));
	CHECK(stores("echo 8> /sys/kernel/mm/value", "8"));
	CHECK(stores("echo \"a  b\" c > /sys/kernel/mm/value", "a  b c"));
	CHECK(stores("echo > /sys/kernel/mm/value", ""));
	CHECK(stores("echo > /sys/kernel/mm/value 9", "9"));
	CHECK(stores("echo 1 > \"/sys/kernel/mm/value\"", "1"));
	CHECK(stores("echo 2 > sys/kernel/mm//value/", "2"));
	CHECK(output_is(""));	/* a write prints nothing */

	CHECK(reply_is("echo x > /sys/kernel/mm/picky",
		       "echo: /sys/kernel/mm/picky: Invalid argument\n"));
	CHECK(reply_is("echo x > /sys/kernel/mm/full",
		       "echo: /sys/kernel/mm/full: No space left on device\n"));
	CHECK(reply_is("echo 1 > /proc/meminfo",
		       "echo: /proc/meminfo: Operation not permitted\n"));
	CHECK(reply_is("echo 1 > /proc",
		       "echo: /proc: Is a directory\n"));
	CHECK(reply_is("echo 1 > /proc/nope",
		       "echo: /proc/nope: No such file or directory\n"));
	CHECK(reply_is("echo 1 > /proc/meminfo/x",
		       "echo: /proc/meminfo/x: Not a directory\n"));
	CHECK_EQ(shell_execute("echo 1 > /proc/nope"), SHELL_FAILED);
}

static void test_redirect_errors(void)
{
	int calls = store_calls;

	fresh_shell();
	CHECK(reply_is("echo 5 >", "shell: missing file name after '>'\n"));
	CHECK(reply_is("echo 5 > /a > /b", "shell: only one '>' per command\n"));
	CHECK(reply_is("echo 5 >> /a", "shell: only one '>' per command\n"));
	CHECK(reply_is("> /sys/kernel/mm/value",
		       "shell: missing command before '>' (try 'echo VALUE > PATH')\n"));
	CHECK(reply_is("cat /proc/version > /sys/kernel/mm/value",
		       "shell: only echo can write to a file ('>')\n"));
	CHECK(reply_is("nope > /x", "shell: unknown command 'nope' (try 'help')\n"));
	CHECK_EQ(store_calls, calls);
}

/* dmesg: the log as printk wrote it, lines whole, a pr_cont line ended. */
static void test_dmesg(void)
{
	fresh_shell();
	log_buf_clear();
	pr_info("mm: first\n");
	pr_err("shell: second\n");
	CHECK(reply_is("dmesg", "mm: first\nshell: second\n"));
	pr_info("open line");
	CHECK(reply_is("dmesg", "mm: first\nshell: second\nopen line\n"));
	pr_cont("\n");
	CHECK(reply_is("dmesg x", "usage: dmesg\n"));
	log_buf_clear();
	CHECK(reply_is("dmesg", ""));
}

static void test_ktest(void)
{
	fresh_shell();
	ktest_result = 0;
	CHECK(reply_is("ktest", ""));
	CHECK(strcmp(ktest_suite_seen, "(all)") == 0);
	CHECK(reply_is("ktest fdt", ""));
	CHECK(strcmp(ktest_suite_seen, "fdt") == 0);
	CHECK(reply_is("ktest nope", "ktest: no suite named 'nope'\n"));
	CHECK_EQ(shell_execute("ktest nope"), SHELL_FAILED);
	ktest_result = 3;
	CHECK(reply_is("ktest", "ktest: 3 test case(s) failed\n"));
	CHECK_EQ(shell_execute("ktest"), SHELL_FAILED);
	ktest_result = 0;
	CHECK_EQ(shell_execute("ktest"), SHELL_OK);
	CHECK_EQ(ktest_calls, 7);
	CHECK(reply_is("ktest a b", "usage: ktest [SUITE]\n"));
	CHECK_EQ(ktest_calls, 7);
}

static void test_poweroff_and_reboot(void)
{
	fresh_shell();
	CHECK(reply_is("poweroff now", "usage: poweroff\n"));
	CHECK(reply_is("reboot now", "usage: reboot\n"));
	CHECK_EQ(power_off_calls + restart_calls, 0);
	if (!setjmp(escape_from_shell))
		type("poweroff\r");
	CHECK_EQ(power_off_calls, 1);
	fresh_shell();
	if (!setjmp(escape_from_shell))
		type("reboot\r");
	CHECK_EQ(restart_calls, 1);
	CHECK_EQ(power_off_calls, 1);
}

static int custom_calls;

static int cmd_custom(int argc, char **argv)
{
	custom_calls++;
	if (argc != 2)
		return SHELL_USAGE;
	printk("custom got %s\n", argv[1]);
	return SHELL_OK;
}

static void test_register_command(void)
{
	char names[SHELL_MAX_COMMANDS][16];
	int ret = 0, added = 0;

	fresh_shell();
	CHECK_EQ(shell_register_command("stress", "stress N", "stress the mm",
					cmd_custom), 0);
	CHECK(reply_is("stress 5", "custom got 5\n"));
	CHECK(reply_is("stress", "usage: stress N\n"));
	CHECK_EQ(custom_calls, 2);
	CHECK_EQ(shell_execute("help"), SHELL_OK);
	CHECK(output_has("  stress N            stress the mm\n"));
	forget_output();

	log_buf_clear();
	CHECK_EQ(shell_register_command("stress", "x", "y", cmd_custom), -EEXIST);
	CHECK(log_contains("cannot register command 'stress': the name is taken"));
	CHECK_EQ(shell_register_command("cat", "x", "y", cmd_custom), -EEXIST);
	CHECK_EQ(shell_register_command("two words", "x", "y", cmd_custom), -EINVAL);
	CHECK(log_contains("cannot register command 'two words'"));
	CHECK_EQ(shell_register_command("", "x", "y", cmd_custom), -EINVAL);
	CHECK_EQ(shell_register_command(NULL, "x", "y", cmd_custom), -EINVAL);
	CHECK_EQ(shell_register_command("ok", NULL, "y", cmd_custom), -EINVAL);
	CHECK_EQ(shell_register_command("ok", "x", NULL, cmd_custom), -EINVAL);
	CHECK_EQ(shell_register_command("ok", "x", "y", NULL), -EINVAL);

	for (int i = 0; i < SHELL_MAX_COMMANDS && ret == 0; i++) {
		snprintf(names[i], sizeof(names[i]), "c%02d", i);
		ret = shell_register_command(names[i], names[i], "filler",
					     cmd_custom);
		added += ret == 0;
	}
	CHECK_EQ(ret, -ENOSPC);
	CHECK_EQ(added, SHELL_MAX_COMMANDS - 9);	/* 8 built-ins, stress */
	CHECK(log_contains("table full"));
	/* shell_init() again does not register the built-ins twice. */
	log_buf_clear();
	fresh_shell();
	CHECK(!log_contains("cannot register"));
	CHECK(reply_is("c00 y", "custom got y\n"));
}

int main(void)
{
	register_console(&capture, true);
	register_files();
	ktap_plan(25);
	RUN(test_run_loop);
	RUN(test_typing_echoes);
	RUN(test_backspace);
	RUN(test_ctrl_c_abandons_line);
	RUN(test_ctrl_u_erases_line);
	RUN(test_enter_variants);
	RUN(test_overlong_line);
	RUN(test_non_ascii_and_control_bytes);
	RUN(test_history);
	RUN(test_history_is_bounded);
	RUN(test_cursor_keys);
	RUN(test_other_escape_sequences);
	RUN(test_unknown_command);
	RUN(test_help);
	RUN(test_ls);
	RUN(test_cat);
	RUN(test_cat_too_long);
	RUN(test_echo);
	RUN(test_too_many_arguments);
	RUN(test_echo_to_file);
	RUN(test_redirect_errors);
	RUN(test_dmesg);
	RUN(test_ktest);
	RUN(test_poweroff_and_reboot);
	RUN(test_register_command);
	return ktap_done();
}
