/* SPDX-License-Identifier: MIT */
/*
 * kernel/shell.h - the console shell.
 *
 * The shell is a state machine fed one input byte at a time: it echoes,
 * edits the line and, on Enter, runs the command, all through
 * console_write()/printk(). Nothing in it waits for input, so host tests
 * drive it byte by byte; shell_run() adds the loop that reads the console.
 * Keys, commands and messages are described in docs/console.md.
 */
#ifndef TERN_KERNEL_SHELL_H
#define TERN_KERNEL_SHELL_H

#include "kernel/types.h"

#define SHELL_PROMPT "tern# "
#define SHELL_LINE_MAX 255	/* characters in one command line */
#define SHELL_HISTORY 16	/* lines kept for the up and down arrows */
#define SHELL_MAX_ARGS 16	/* arguments after a command's name */
#define SHELL_MAX_COMMANDS 32
#define SHELL_FILE_BUF_SIZE (64 * 1024)	/* the longest file cat prints */

/* Where an escape sequence (a cursor key) has got to. */
enum shell_escape {
	SHELL_ESC_NONE,		/* not in a sequence */
	SHELL_ESC_START,	/* ESC seen */
	SHELL_ESC_CSI,		/* ESC [ (or ESC O) seen, parameters may follow */
};

/**
 * struct shell - the state of one console shell.
 * @line: the line being edited, NUL-terminated.
 * @len: characters in @line.
 * @cursor: where the next character goes, 0..@len.
 * @too_long: a character was refused because the line was full.
 * @non_ascii: bytes >= 0x80 dropped from this line.
 * @after_cr: the last byte was a CR, so an LF right after it is the same
 *	Enter (CRLF).
 * @escape: progress through an escape sequence.
 * @history: the last SHELL_HISTORY lines run, a ring.
 * @history_len: entries in @history.
 * @history_next: the slot the next line run goes to.
 * @history_pos: which entry the line shows: 0 is the line being typed,
 *	1 the newest entry, and so on.
 * @draft: the line being typed, kept while the arrows browse @history.
 */
struct shell {
	char line[SHELL_LINE_MAX + 1];
	size_t len;
	size_t cursor;
	bool too_long;
	unsigned int non_ascii;
	bool after_cr;
	enum shell_escape escape;
	char history[SHELL_HISTORY][SHELL_LINE_MAX + 1];
	unsigned int history_len;
	unsigned int history_next;
	unsigned int history_pos;
	char draft[SHELL_LINE_MAX + 1];
};

/*
 * What a command function returns: 0 on success, SHELL_FAILED after it
 * printed why it failed, SHELL_USAGE when its arguments were wrong (the
 * shell then prints "usage: " and the command's usage line).
 */
#define SHELL_OK 0
#define SHELL_FAILED 1
#define SHELL_USAGE 2

/*
 * shell_printf() - print a command's output: to the consoles, not to the
 * kernel log (no timestamp); a line longer than 384 bytes is cut.
 */
void shell_printf(const char *fmt, ...) __printf(1, 2);

/* A command: @argv[0] is its name, @argv[@argc] is NULL. */
typedef int (*shell_command_fn)(int argc, char **argv);

/**
 * shell_register_command() - add a command to every shell.
 * @name: the word that runs it (letters, digits, '-' and '_').
 * @usage: the synopsis, e.g. "cat PATH...", shown by help and on misuse.
 * @help: one line saying what it does, shown by help.
 * @fn: the function; the strings and @fn must stay valid forever.
 *
 * Safe from any hart; help lists commands in alphabetical order.
 * Return: 0; -EINVAL for a bad name or missing strings; -EEXIST if @name
 * is taken; -ENOSPC when SHELL_MAX_COMMANDS are registered. Failures are
 * logged.
 */
int shell_register_command(const char *name, const char *usage,
			   const char *help, shell_command_fn fn);

/**
 * shell_init() - make @sh an empty shell with no history.
 * Also registers the built-in commands the first time it is called.
 * Prints nothing; shell_run() prints the first prompt.
 */
void shell_init(struct shell *sh);

/**
 * shell_input() - process one byte typed on the console.
 * Echoes it or edits the line; on Enter runs the line and prints the next
 * prompt. Must not be called for one @sh from two harts at once.
 */
void shell_input(struct shell *sh, char byte);

/**
 * shell_execute() - run one command line as if typed, without history.
 * Return: the command's result (SHELL_OK, SHELL_FAILED, SHELL_USAGE), or
 * SHELL_FAILED if the line could not be parsed or names no command;
 * SHELL_OK for an empty line.
 */
int shell_execute(const char *line);

/*
 * Waits until console input may have arrived (on RISC-V: wfi until the
 * next timer tick or interrupt). The arch provides it; shell.c only calls.
 */
void shell_idle(void);

/*
 * shell_run() - the console shell on the boot hart: prints a greeting and
 * the prompt, then reads console input for good, calling shell_idle()
 * whenever none is waiting.
 */
void shell_run(void) __noreturn;

#endif
