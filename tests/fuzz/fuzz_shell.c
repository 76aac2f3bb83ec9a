// SPDX-License-Identifier: MIT
/*
 * DOC: fuzz_shell - the console shell (kernel/shell.c) over the real files
 *
 * Once: the machine of tests/fuzz/fuzz_files.h boots with its files, so
 * that cat, ls and "echo VALUE > PATH" reach the real show() and store()
 * handlers. /proc/sysrq-trigger is left out: "echo c > ..." crashes the
 * kernel on purpose, and fuzz_vfs writes to it already.
 *
 * Each run feeds the input twice:
 *
 * - byte by byte to shell_input() of a fresh shell, as the serial port
 *   would: the line editor (cursor keys, history, backspace, Ctrl-C and
 *   Ctrl-U, overlong lines, CR LF) and, at each Enter, the command;
 * - line by line (split at '\n') to shell_execute(), which gets bytes the
 *   editor never passes on (control characters, bytes >= 0x80) and lines
 *   past SHELL_LINE_MAX.
 *
 * poweroff and reboot jump back here (fuzz_files.h): that ends the byte
 * pass, or just that line of the line pass.
 * Afterwards the shell struct must be consistent (cursor within the line,
 * the line terminated at its length), and every file's default is put
 * back and checked.
 */
#include "kernel/shell.h"
#include "tests/fuzz/fuzz_files.h"

static struct shell sh;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_files_boot(false);
	return 0;
}

static void check_shell(void)
{
	FUZZ_CHECK(sh.len <= SHELL_LINE_MAX && sh.cursor <= sh.len &&
		   strlen(sh.line) == sh.len, "line of %zu, cursor %zu, strlen %zu",
		   sh.len, sh.cursor, strlen(sh.line));
	FUZZ_CHECK(sh.history_len <= SHELL_HISTORY &&
		   sh.history_next < SHELL_HISTORY &&
		   sh.history_pos <= sh.history_len, "history %u/%u/%u",
		   sh.history_len, sh.history_next, sh.history_pos);
	for (unsigned int i = 0; i < sh.history_len; i++)
		FUZZ_CHECK(memchr(sh.history[i], '\0', sizeof(sh.history[i])),
			   "history entry %u unterminated", i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	static char *line;	/* static: survive the jump back */
	static size_t pos;

	log_buf_clear();
	shell_init(&sh);
	fuzz_escape_armed = true;
	if (setjmp(fuzz_escape) == 0)
		for (pos = 0; pos < size; pos++) {
			shell_input(&sh, (char)data[pos]);
			check_shell();
		}
	else
		shell_init(&sh);	/* powered off half way through a line */

	for (line = text; line; ) {
		char *end = strchr(line, '\n');

		if (end)
			*end = '\0';
		if (setjmp(fuzz_escape) == 0)
			shell_execute(line);
		line = end ? end + 1 : NULL;
	}
	fuzz_escape_armed = false;
	fuzz_files_restore();
	free(text);
	return 0;
}
