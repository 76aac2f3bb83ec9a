// SPDX-License-Identifier: MIT
/*
 * DOC: shell - the console shell
 *
 * Three parts, each using only the ones above it:
 *
 * Commands. A table of named functions, filled by shell_register_command()
 * (the built-ins too), so later subsystems add stress or bench the same way.
 * A command prints its own output; the shell prints "usage:" lines and the
 * errors of parsing.
 *
 * Command lines. shell_execute() splits a line into words (spaces separate,
 * double quotes group, an unquoted '>' starts a redirection) and runs the
 * command. Only echo may redirect: "echo VALUE > PATH" is how /sys files are
 * written, and the shell does that write itself.
 *
 * The line editor. shell_input() takes one byte at a time and keeps the
 * screen in step with struct shell using nothing but backspace, spaces and
 * reprinting, which every serial terminal understands. Input bytes it does
 * not use are dropped where the user can see why: control keys beep at
 * once; bytes >= 0x80 (UTF-8 text, line noise) do not show on the screen,
 * so Enter reports how many were dropped before running what remains; a
 * line that grew past SHELL_LINE_MAX beeps once and is not run at all,
 * because a cut command line could do something nobody typed.
 *
 * Output that is the answer of a command (ls names, cat text, echo text)
 * goes straight to the consoles; error messages go through printk, so they
 * are in the log as well.
 */
#include "kernel/shell.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/reboot.h"
#include "kernel/spinlock.h"
#include "kernel/vfs.h"
#include "lib/printf.h"
#include "lib/string.h"

#define SHELL_PRINT_MAX 384	/* one formatted line of command output */
#define CONSOLE_CHUNK 256	/* cat writes long files in pieces this big */

#define CTRL_C 0x03
#define CTRL_U 0x15
#define BACKSPACE 0x08
#define DEL 0x7f
#define ESC 0x1b

/* --------------------------------------------------------------- output --- */

/* Writes @len raw bytes to the consoles (echo, redraws, command output). */
static void out(const char *s, size_t len)
{
	console_write(s, len);
}

/* Writes @c @n times: the backspaces and blanks of a redraw. */
static void out_repeat(char c, size_t n)
{
	char chunk[32];

	memset(chunk, c, sizeof(chunk));
	while (n) {
		size_t piece = min(n, sizeof(chunk));

		out(chunk, piece);
		n -= piece;
	}
}

/* Rings the terminal bell: the key did nothing. */
static void beep(void)
{
	out("\a", 1);
}

void shell_printf(const char *fmt, ...)
{
	char buf[SHELL_PRINT_MAX];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vscnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	out(buf, len);
}

/* Returns Linux's text for the negative errno @err, as strerror() would. */
static const char *error_text(int err)
{
	switch (-err) {
	case EPERM: return "Operation not permitted";
	case ENOENT: return "No such file or directory";
	case EIO: return "Input/output error";
	case E2BIG: return "Argument list too long";
	case ENOMEM: return "Cannot allocate memory";
	case EFAULT: return "Bad address";
	case EBUSY: return "Device or resource busy";
	case EEXIST: return "File exists";
	case ENODEV: return "No such device";
	case ENOTDIR: return "Not a directory";
	case EISDIR: return "Is a directory";
	case EINVAL: return "Invalid argument";
	case ENOSPC: return "No space left on device";
	case ERANGE: return "Numerical result out of range";
	case ENOSYS: return "Function not implemented";
	case ENODATA: return "No data available";
	case EOVERFLOW: return "Value too large for defined data type";
	case EOPNOTSUPP: return "Operation not supported";
	default: return "Unknown error";
	}
}

/* ------------------------------------------------------------- commands --- */

struct shell_command {
	const char *name;
	const char *usage;
	const char *help;
	shell_command_fn fn;
};

static DEFINE_SPINLOCK(commands_lock);	/* guards commands, nr_commands */
static struct shell_command commands[SHELL_MAX_COMMANDS];	/* by name */
static unsigned int nr_commands;

/* Returns true if @name is a non-empty word of letters, digits, - and _. */
static bool is_command_name(const char *name)
{
	if (!name || !*name)
		return false;
	for (; *name; name++)
		if (!((*name >= 'a' && *name <= 'z') ||
		      (*name >= 'A' && *name <= 'Z') ||
		      (*name >= '0' && *name <= '9') || *name == '-' ||
		      *name == '_'))
			return false;
	return true;
}

int shell_register_command(const char *name, const char *usage,
			   const char *help, shell_command_fn fn)
{
	const char *problem = NULL;
	unsigned long flags;
	unsigned int pos;
	int ret = 0;

	if (!is_command_name(name) || !usage || !help || !fn) {
		pr_err("shell: cannot register command '%s': needs a name of letters, digits, - and _, a usage, a help line and a function\n",
		       name ? name : "(null)");
		return -EINVAL;
	}

	spin_lock_irqsave(&commands_lock, flags);
	for (pos = 0; pos < nr_commands; pos++)
		if (strcmp(commands[pos].name, name) >= 0)
			break;
	if (pos < nr_commands && strcmp(commands[pos].name, name) == 0) {
		problem = "the name is taken";
		ret = -EEXIST;
	} else if (nr_commands == SHELL_MAX_COMMANDS) {
		problem = "table full (raise SHELL_MAX_COMMANDS in kernel/shell.h)";
		ret = -ENOSPC;
	} else {
		memmove(&commands[pos + 1], &commands[pos],
			(nr_commands - pos) * sizeof(commands[0]));
		commands[pos] = (struct shell_command){ name, usage, help, fn };
		nr_commands++;
	}
	spin_unlock_irqrestore(&commands_lock, flags);

	if (problem)
		pr_err("shell: cannot register command '%s': %s\n", name, problem);
	return ret;
}

/* Copies the command called @name into @cmd. Returns false if none is. */
static bool find_command(const char *name, struct shell_command *cmd)
{
	unsigned long flags;
	bool found = false;

	spin_lock_irqsave(&commands_lock, flags);
	for (unsigned int i = 0; i < nr_commands && !found; i++) {
		if (strcmp(commands[i].name, name) == 0) {
			*cmd = commands[i];
			found = true;
		}
	}
	spin_unlock_irqrestore(&commands_lock, flags);
	return found;
}

/*
 * The built-in commands. Each Returns SHELL_OK, SHELL_FAILED after printing
 * why, or SHELL_USAGE for arguments it does not take.
 */

/* help: lists every command, padded so the help lines form a column. */
static int cmd_help(int argc, char **argv)
{
	unsigned long flags;
	int width = 0;

	if (argc > 1)
		return SHELL_USAGE;
	spin_lock_irqsave(&commands_lock, flags);
	for (unsigned int i = 0; i < nr_commands; i++)
		width = max(width, (int)strlen(commands[i].usage));
	shell_printf("Commands:\n");
	for (unsigned int i = 0; i < nr_commands; i++)
		shell_printf("  %-*s  %s\n", width, commands[i].usage,
			     commands[i].help);
	spin_unlock_irqrestore(&commands_lock, flags);
	return SHELL_OK;
}

/* Prints one child for ls. Returns 0, so the listing goes on. */
static int ls_print(const char *name, bool is_dir, void *ctx)
{
	shell_printf("%s%s\n", name, is_dir ? "/" : "");
	return 0;
}

/* ls [PATH]: the children of a directory, or a file's own path. */
static int cmd_ls(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/";
	int err;

	if (argc > 2)
		return SHELL_USAGE;
	err = vfs_list(path, ls_print, NULL);
	if (err == -ENOTDIR && vfs_lookup(path) == VFS_FILE) {
		/* As in Linux, a file lists as itself. */
		shell_printf("%s\n", path);
		return SHELL_OK;
	}
	if (err) {
		pr_err("ls: cannot access '%s': %s\n", path, error_text(err));
		return SHELL_FAILED;
	}
	return SHELL_OK;
}

/*
 * The text of the file cat is printing. One buffer for the whole kernel
 * (there is no allocator this early), too big for a 16 KiB stack.
 */
static DEFINE_SPINLOCK(file_buf_lock);	/* guards file_buf, file_seq */
static char file_buf[SHELL_FILE_BUF_SIZE];
static struct seq_buf file_seq = { .buf = file_buf, .size = sizeof(file_buf) };

/* Prints the file at @path. Returns 0 or the negative errno it reported. */
static int cat_one(const char *path)
{
	bool newline_missing;
	int err;

	spin_lock(&file_buf_lock);
	err = vfs_read(path, &file_seq);
	if (err == 0 || err == -EOVERFLOW) {
		/* In pieces, so other harts' printk lines can get through. */
		for (size_t done = 0; done < file_seq.len; done += CONSOLE_CHUNK)
			out(file_buf + done, min((size_t)CONSOLE_CHUNK,
						 file_seq.len - done));
	}
	newline_missing = file_seq.len && file_buf[file_seq.len - 1] != '\n';
	spin_unlock(&file_buf_lock);

	if (err == -EOVERFLOW) {
		if (newline_missing)
			out("\n", 1);
		pr_err("cat: %s: file too long, only its first %zu bytes were shown\n",
		       path, (size_t)SHELL_FILE_BUF_SIZE - 1);
	} else if (err) {
		pr_err("cat: %s: %s\n", path, error_text(err));
	}
	return err;
}

/* cat PATH...: every file in turn; one bad path does not stop the rest. */
static int cmd_cat(int argc, char **argv)
{
	int ret = SHELL_OK;

	if (argc < 2)
		return SHELL_USAGE;
	for (int i = 1; i < argc; i++)
		if (cat_one(argv[i]))
			ret = SHELL_FAILED;
	return ret;
}

/*
 * Joins @argc words with single spaces into @buf (@size bytes), as echo
 * prints them. Returns the length, cut to fit @size.
 */
static size_t join_words(int argc, char **argv, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < argc; i++)
		len += scnprintf(buf + len, size - len, "%s%s", i ? " " : "",
				 argv[i]);
	return len;
}

/* echo TEXT: the words joined by single spaces ("> PATH" is not here). */
static int cmd_echo(int argc, char **argv)
{
	char text[SHELL_LINE_MAX + 1];

	join_words(argc - 1, argv + 1, text, sizeof(text));
	shell_printf("%s\n", text);
	return SHELL_OK;
}

/*
 * dmesg: the kernel log, as the consoles showed it (timestamps and all).
 * Read into the cat buffer, which is as big as the log, and printed from
 * there: printing straight from the ring would hold printk_lock, and with
 * it every hart's printk, for the whole 64 KiB.
 */
static int cmd_dmesg(int argc, char **argv)
{
	size_t len;

	if (argc > 1)
		return SHELL_USAGE;
	spin_lock(&file_buf_lock);
	len = log_buf_read_lines(file_buf, sizeof(file_buf));
	for (size_t done = 0; done < len; done += CONSOLE_CHUNK)
		out(file_buf + done, min((size_t)CONSOLE_CHUNK, len - done));
	/* A pr_cont line still open: end it, or the prompt would join it. */
	if (len && file_buf[len - 1] != '\n')
		out("\n", 1);
	spin_unlock(&file_buf_lock);
	return SHELL_OK;
}

/* ktest [SUITE]: the in-kernel suites, which print their own KTAP. */
static int cmd_ktest(int argc, char **argv)
{
	int failed;

	if (argc > 2)
		return SHELL_USAGE;
	failed = ktest_run(argc > 1 ? argv[1] : NULL);
	if (failed == -ENOENT && argc > 1)
		pr_err("ktest: no suite named '%s'\n", argv[1]);
	else if (failed < 0)
		pr_err("ktest: %s\n", error_text(failed));
	else if (failed > 0)
		pr_err("ktest: %d test case(s) failed\n", failed);
	return failed ? SHELL_FAILED : SHELL_OK;
}

/* poweroff: never returns when it takes its arguments. */
static int cmd_poweroff(int argc, char **argv)
{
	if (argc > 1)
		return SHELL_USAGE;
	machine_power_off();
}

/* reboot: never returns when it takes its arguments. */
static int cmd_reboot(int argc, char **argv)
{
	if (argc > 1)
		return SHELL_USAGE;
	machine_restart();
}

static const struct shell_command builtin_commands[] = {
	{ "cat", "cat PATH...", "print files", cmd_cat },
	{ "dmesg", "dmesg", "print the kernel log", cmd_dmesg },
	{ "echo", "echo TEXT [> PATH]",
	  "print TEXT, or write it to the file PATH", cmd_echo },
	{ "help", "help", "list the commands", cmd_help },
	{ "ktest", "ktest [SUITE]",
	  "run the in-kernel tests: every suite, or the one named", cmd_ktest },
	{ "ls", "ls [PATH]",
	  "list a directory (default /); directories end in '/'", cmd_ls },
	{ "poweroff", "poweroff", "turn the machine off", cmd_poweroff },
	{ "reboot", "reboot", "restart the machine", cmd_reboot },
};

/* Registers builtin_commands[], only on the first call from any hart. */
static void register_builtin_commands(void)
{
	static int registered;	/* an int: RISC-V has no byte-wide amoswap */

	if (__atomic_exchange_n(&registered, 1, __ATOMIC_ACQ_REL))
		return;
	for (size_t i = 0; i < ARRAY_SIZE(builtin_commands); i++) {
		const struct shell_command *cmd = &builtin_commands[i];

		shell_register_command(cmd->name, cmd->usage, cmd->help,
				       cmd->fn);
	}
}

/* -------------------------------------------------------- command lines --- */

/**
 * struct shell_words - a command line split into words.
 * @argc: the command's name and its arguments (the redirection aside).
 * @argv: those words, NULL-terminated; they point into @text.
 * @redirect: the word after an unquoted '>', or NULL.
 * @text: the words, quotes removed, each NUL-terminated. Splitting never
 *	needs more than the line's length plus one byte: every word but the
 *	last ends where a space or '>' stood.
 */
struct shell_words {
	int argc;
	char *argv[SHELL_MAX_ARGS + 2];
	char *redirect;
	char text[SHELL_LINE_MAX + 2];
};

/* Returns true if @c separates words. */
static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Splits @line (at most SHELL_LINE_MAX characters) into @words. Returns 0,
 * or -EINVAL after printing what is wrong with the line.
 */
static int split_words(const char *line, struct shell_words *words)
{
	char *dst = words->text;
	bool redirect_next = false;

	words->argc = 0;
	words->redirect = NULL;
	for (;;) {
		char *word = dst;
		bool quoted = false;

		while (is_blank(*line))
			line++;
		if (!*line)
			break;
		if (*line == '>') {
			if (redirect_next || words->redirect) {
				pr_err("shell: only one '>' per command\n");
				return -EINVAL;
			}
			redirect_next = true;
			line++;
			continue;
		}
		while (*line && (quoted || (!is_blank(*line) && *line != '>'))) {
			if (*line == '"')
				quoted = !quoted;
			else
				*dst++ = *line;
			line++;
		}
		*dst++ = '\0';
		if (quoted) {
			pr_err("shell: missing closing quote (\")\n");
			return -EINVAL;
		}
		if (redirect_next) {
			words->redirect = word;
			redirect_next = false;
		} else if (words->argc == SHELL_MAX_ARGS + 1) {
			pr_err("shell: too many arguments (max %d)\n",
			       SHELL_MAX_ARGS);
			return -EINVAL;
		} else {
			words->argv[words->argc++] = word;
		}
	}
	words->argv[words->argc] = NULL;
	if (redirect_next) {
		pr_err("shell: missing file name after '>'\n");
		return -EINVAL;
	}
	if (words->redirect && !words->argc) {
		pr_err("shell: missing command before '>' (try 'echo VALUE > PATH')\n");
		return -EINVAL;
	}
	return 0;
}

/* Runs "echo VALUE > PATH": Returns SHELL_OK if the file took the value. */
static int echo_to_file(struct shell_words *words)
{
	char value[SHELL_LINE_MAX + 1];
	size_t len;
	int err;

	len = join_words(words->argc - 1, words->argv + 1, value,
			 sizeof(value));
	err = vfs_write(words->redirect, value, len);
	if (err) {
		pr_err("echo: %s: %s\n", words->redirect, error_text(err));
		return SHELL_FAILED;
	}
	return SHELL_OK;
}

int shell_execute(const char *line)
{
	struct shell_words words;
	struct shell_command cmd;
	int ret;

	if (strlen(line) > SHELL_LINE_MAX) {
		pr_err("shell: line too long (max %d characters)\n",
		       SHELL_LINE_MAX);
		return SHELL_FAILED;
	}
	if (split_words(line, &words))
		return SHELL_FAILED;
	if (!words.argc)
		return SHELL_OK;
	if (!find_command(words.argv[0], &cmd)) {
		pr_err("shell: unknown command '%s' (try 'help')\n",
		       words.argv[0]);
		return SHELL_FAILED;
	}
	if (words.redirect) {
		if (cmd.fn != cmd_echo) {
			pr_err("shell: only echo can write to a file ('>')\n");
			return SHELL_FAILED;
		}
		return echo_to_file(&words);
	}
	ret = cmd.fn(words.argc, words.argv);
	if (ret == SHELL_USAGE)
		pr_err("usage: %s\n", cmd.usage);
	return ret;
}

/* ---------------------------------------------------------- line editor --- */

/* Starts a new, empty line (the history stays). */
static void clear_line(struct shell *sh)
{
	sh->line[0] = '\0';
	sh->len = 0;
	sh->cursor = 0;
	sh->too_long = false;
	sh->non_ascii = 0;
	sh->history_pos = 0;
}

/* Prints the prompt; the line being typed follows it. */
static void prompt(void)
{
	out(SHELL_PROMPT, sizeof(SHELL_PROMPT) - 1);
}

/* Inserts @c at the cursor and redraws the rest of the line after it. */
static void insert_char(struct shell *sh, char c)
{
	size_t tail;

	if (sh->len == SHELL_LINE_MAX) {
		if (!sh->too_long)
			beep();
		sh->too_long = true;
		return;
	}
	memmove(sh->line + sh->cursor + 1, sh->line + sh->cursor,
		sh->len - sh->cursor + 1);
	sh->line[sh->cursor] = c;
	sh->len++;
	tail = sh->len - sh->cursor - 1;
	out(sh->line + sh->cursor, tail + 1);
	out_repeat('\b', tail);
	sh->cursor++;
}

/* Deletes the character before the cursor (the backspace key). */
static void delete_char(struct shell *sh)
{
	size_t tail = sh->len - sh->cursor;

	if (!sh->cursor) {
		beep();
		return;
	}
	memmove(sh->line + sh->cursor - 1, sh->line + sh->cursor, tail + 1);
	sh->cursor--;
	sh->len--;
	/* Back one, redraw the tail, blank the last cell, come back. */
	out("\b", 1);
	out(sh->line + sh->cursor, tail);
	out(" ", 1);
	out_repeat('\b', tail + 1);
}

/* Replaces the whole line on screen and in @sh with @text, cursor at end. */
static void replace_line(struct shell *sh, const char *text)
{
	size_t new_len = strlen(text);

	out_repeat('\b', sh->cursor);
	out(text, new_len);
	if (sh->len > new_len) {
		out_repeat(' ', sh->len - new_len);
		out_repeat('\b', sh->len - new_len);
	}
	memcpy(sh->line, text, new_len + 1);
	sh->len = new_len;
	sh->cursor = new_len;
	/* What is on the screen now is all there is to the line. */
	sh->too_long = false;
	sh->non_ascii = 0;
}

/* Returns history entry @n: 1 is the newest. */
static const char *history_entry(const struct shell *sh, unsigned int n)
{
	return sh->history[(sh->history_next + SHELL_HISTORY - n) %
			   SHELL_HISTORY];
}

/* Keeps the line just entered, unless it is empty or repeats the newest. */
static void history_add(struct shell *sh)
{
	if (!sh->len ||
	    (sh->history_len && strcmp(history_entry(sh, 1), sh->line) == 0))
		return;
	memcpy(sh->history[sh->history_next], sh->line, sh->len + 1);
	sh->history_next = (sh->history_next + 1) % SHELL_HISTORY;
	if (sh->history_len < SHELL_HISTORY)
		sh->history_len++;
}

/* Up arrow: shows the next older entry; beeps when there is none. */
static void history_older(struct shell *sh)
{
	if (sh->history_pos == sh->history_len) {
		beep();
		return;
	}
	if (sh->history_pos == 0)
		memcpy(sh->draft, sh->line, sh->len + 1);
	sh->history_pos++;
	replace_line(sh, history_entry(sh, sh->history_pos));
}

/* Down arrow: the next newer entry, then the draft; beeps past it. */
static void history_newer(struct shell *sh)
{
	if (sh->history_pos == 0) {
		beep();
		return;
	}
	sh->history_pos--;
	replace_line(sh, sh->history_pos ? history_entry(sh, sh->history_pos)
					 : sh->draft);
}

/* Left arrow: one character back; beeps at the start of the line. */
static void cursor_left(struct shell *sh)
{
	if (!sh->cursor) {
		beep();
		return;
	}
	out("\b", 1);
	sh->cursor--;
}

/* Right arrow: reprints the character under the cursor to step over it. */
static void cursor_right(struct shell *sh)
{
	if (sh->cursor == sh->len) {
		beep();
		return;
	}
	out(sh->line + sh->cursor, 1);
	sh->cursor++;
}

/* Home: the cursor to the start of the line. */
static void cursor_home(struct shell *sh)
{
	out_repeat('\b', sh->cursor);
	sh->cursor = 0;
}

/* End: reprints the rest of the line to put the cursor after it. */
static void cursor_end(struct shell *sh)
{
	out(sh->line + sh->cursor, sh->len - sh->cursor);
	sh->cursor = sh->len;
}

/*
 * Takes @c as the next byte of an escape sequence: ESC [ A..D are the
 * arrows (ESC O A..D in a terminal's application mode), H and F Home and
 * End; other sequences (Delete, F1, ...) are swallowed whole. Returns false
 * if @c cannot be part of a sequence: the sequence is dropped and @c is
 * then an ordinary key.
 */
static bool escape_byte(struct shell *sh, unsigned char c)
{
	if (sh->escape == SHELL_ESC_START) {
		sh->escape = c == '[' || c == 'O' ? SHELL_ESC_CSI : SHELL_ESC_NONE;
		return sh->escape == SHELL_ESC_CSI;
	}
	if (c >= 0x20 && c <= 0x3f)	/* parameters, as in ESC [ 1 ; 5 A */
		return true;
	sh->escape = SHELL_ESC_NONE;
	if (c < 0x40 || c > 0x7e)
		return false;
	switch (c) {
	case 'A': history_older(sh); break;
	case 'B': history_newer(sh); break;
	case 'C': cursor_right(sh); break;
	case 'D': cursor_left(sh); break;
	case 'H': cursor_home(sh); break;
	case 'F': cursor_end(sh); break;
	}
	return true;
}

/* Enter: runs the line unless it overflowed, then starts a new one. */
static void enter(struct shell *sh)
{
	out("\n", 1);
	if (sh->too_long) {
		pr_err("shell: line too long (max %d characters)\n",
		       SHELL_LINE_MAX);
	} else {
		if (sh->non_ascii)
			pr_err("shell: ignored %u non-ASCII byte(s)\n",
			       sh->non_ascii);
		history_add(sh);
		shell_execute(sh->line);
	}
	clear_line(sh);
	prompt();
}

void shell_input(struct shell *sh, char byte)
{
	unsigned char c = byte;
	bool lf_of_crlf = sh->after_cr && c == '\n';

	sh->after_cr = c == '\r';
	if (lf_of_crlf)
		return;
	if (sh->escape != SHELL_ESC_NONE && escape_byte(sh, c))
		return;

	switch (c) {
	case '\r':
	case '\n':
		enter(sh);
		break;
	case DEL:
	case BACKSPACE:
		delete_char(sh);
		break;
	case CTRL_C:
		out("^C\n", 3);
		clear_line(sh);
		prompt();
		break;
	case CTRL_U:
		replace_line(sh, "");
		break;
	case ESC:
		sh->escape = SHELL_ESC_START;
		break;
	case '\t':
		insert_char(sh, ' ');
		break;
	case '\0':
		break;	/* padding: telnet sends CR NUL, some terminals NULs */
	default:
		if (c >= 0x80)
			sh->non_ascii++;
		else if (c < 0x20)
			beep();
		else
			insert_char(sh, c);
	}
}

void shell_init(struct shell *sh)
{
	memset(sh, 0, sizeof(*sh));
	register_builtin_commands();
}

void shell_run(void)
{
	static struct shell console_shell;	/* 4.6 KiB: not on the stack */

	shell_init(&console_shell);
	pr_info("tern console shell: type 'help' for the commands\n");
	prompt();
	for (;;) {
		int c = console_getc();

		if (c < 0) {
			shell_idle();
			continue;
		}
		shell_input(&console_shell, (char)c);
	}
}
