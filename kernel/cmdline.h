/* SPDX-License-Identifier: MIT */
/*
 * kernel/cmdline.h - boot arguments, parsed the Linux way.
 *
 * The command line (/chosen bootargs) is a list of space-separated words,
 * each `name=value` or a bare `name`; double quotes keep spaces in a value
 * (`name="a b"`) and are removed. In names '-' and '_' are the same, as in
 * Linux. The boot code lists the parameters it knows in one table:
 *
 *	static const struct kernel_param params[] = {
 *		PARAM_INT("panic", &panic_timeout),
 *		PARAM_CUSTOM("ktest", ktest_param, NULL),
 *	};
 *	cmdline_parse(plan.bootargs, params, ARRAY_SIZE(params));
 *
 * A bad argument is logged ("cmdline: pcp=maybe: expected on/off") and
 * ignored; boot goes on. Unknown parameters are logged and ignored (Linux
 * would hand them to init; tern has none). Everything after a bare "--"
 * is left alone, as Linux leaves it to init.
 */
#ifndef TERN_KERNEL_CMDLINE_H
#define TERN_KERNEL_CMDLINE_H

#include "kernel/types.h"

#define COMMAND_LINE_SIZE 1024	/* bytes kept, the NUL included */

enum param_type {
	PARAM_TYPE_BOOL,	/* bool: bare, or =on/off/1/0/y/n/yes/no/true/false */
	PARAM_TYPE_INT,		/* int */
	PARAM_TYPE_UINT,	/* unsigned int */
	PARAM_TYPE_ULONG,	/* unsigned long */
	PARAM_TYPE_STRING,	/* char array of @size bytes */
	PARAM_TYPE_CUSTOM,	/* @set() decides */
};

/* Flags of a kernel_param. */
#define PARAM_SUFFIXES 0x1	/* integers may end in k, M or G (x 1024^n) */

/**
 * struct kernel_param - one parameter the kernel understands.
 * @name: as written on the command line.
 * @type: how the value is read.
 * @flags: PARAM_SUFFIXES or 0.
 * @var: where the value goes (the type says what it points to); for
 *	PARAM_TYPE_CUSTOM, the @arg passed to @set.
 * @size: for PARAM_TYPE_STRING, the bytes at @var.
 * @set: for PARAM_TYPE_CUSTOM: takes the value (NULL for a bare `name`)
 *	and returns 0, or -EINVAL after logging, in the parser's words,
 *	what it expected ("cmdline: mmu=sv57: expected sv39 or sv48").
 *
 * Use the PARAM_*() initialisers below: they check @var's type.
 */
struct kernel_param {
	const char *name;
	enum param_type type;
	unsigned int flags;
	void *var;
	size_t size;
	int (*set)(const char *val, void *arg);
};

/* A compile error unless @ptr is a pointer to @type. */
#define __param_ptr(ptr, type) (1 ? (ptr) : (type *)0)

#define PARAM_BOOL(n, ptr) \
	{ .name = (n), .type = PARAM_TYPE_BOOL, .var = __param_ptr(ptr, bool) }
#define PARAM_INT(n, ptr) \
	{ .name = (n), .type = PARAM_TYPE_INT, .var = __param_ptr(ptr, int) }
#define PARAM_UINT(n, ptr) \
	{ .name = (n), .type = PARAM_TYPE_UINT, \
	  .var = __param_ptr(ptr, unsigned int) }
#define PARAM_ULONG(n, ptr) \
	{ .name = (n), .type = PARAM_TYPE_ULONG, \
	  .var = __param_ptr(ptr, unsigned long) }
/* A size in bytes: an unsigned long that may end in k, M or G. */
#define PARAM_SIZE(n, ptr) \
	{ .name = (n), .type = PARAM_TYPE_ULONG, .flags = PARAM_SUFFIXES, \
	  .var = __param_ptr(ptr, unsigned long) }
/* @array is a char array; the value must fit with its NUL. */
#define PARAM_STRING(n, array) \
	{ .name = (n), .type = PARAM_TYPE_STRING, \
	  .var = __param_ptr(&(array)[0], char), .size = sizeof(array) }
#define PARAM_CUSTOM(n, fn, arg) \
	{ .name = (n), .type = PARAM_TYPE_CUSTOM, .var = (arg), .set = (fn) }

/**
 * cmdline_parse() - apply the boot arguments in @bootargs to @params.
 * @bootargs: the command line; NULL is the same as "". A line longer than
 *	COMMAND_LINE_SIZE - 1 bytes is cut there, with a log line, and an
 *	argument the cut falls in is ignored (logged).
 * @params: the @n parameters known.
 *
 * Keeps a copy of @bootargs for saved_command_line(). For a parameter given
 * more than once, the last one counts. Run it on one hart at a time (at
 * boot, before the others start).
 * Return: the number of arguments that were logged and ignored (bad
 * values, unknown names, unclosed quotes, an argument cut by the end of
 * the buffer); 0 if all were taken.
 */
int cmdline_parse(const char *bootargs, const struct kernel_param *params,
		  size_t n);

/* Returns the command line the last cmdline_parse() saw, for /proc/cmdline. */
const char *saved_command_line(void);

/*
 * The value parsers cmdline_parse() uses, for /sys store handlers too.
 * Integers are decimal or 0x-hexadecimal with an optional sign; with
 * PARAM_SUFFIXES in @flags, k/K, m/M or g/G multiply by 1024, 1024^2 and
 * 1024^3. Each Returns 0, -EINVAL if @s is not such a value, or -ERANGE
 * if it does not fit the type.
 */
int parse_bool(const char *s, bool *res);
int parse_long(const char *s, unsigned int flags, long *res);
int parse_ulong(const char *s, unsigned int flags, unsigned long *res);

#endif
