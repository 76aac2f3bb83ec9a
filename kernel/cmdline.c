// SPDX-License-Identifier: MIT
/*
 * DOC: cmdline - boot arguments
 *
 * The command line is copied once (saved_command_line(), /proc/cmdline
 * shows it) and then split word by word into a second buffer with the
 * quotes taken out; a word is "name", "name=value" or "name=" and the
 * first '=' separates, as in Linux's next_arg(). Each word is matched
 * against the caller's table and its value converted by the parameter's
 * type. Nothing is applied half-way: a value that does not convert leaves
 * the variable as it was, and the log says which word and what was
 * expected, so a typo in a boot loader's configuration never stops a boot.
 * Two departures from Linux, both so that no argument is taken other than
 * as written: an argument cut by the end of the buffer is ignored, not
 * taken cut short; and an argument whose quote is never closed ends at the
 * first space after that quote and is ignored, where Linux lets it swallow
 * the rest of the line.
 *
 * Both buffers are static (the command line is parsed at boot, before
 * there is any allocator, and is too big for a boot stack), which is why
 * cmdline_parse() runs on one hart at a time.
 */
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "lib/printf.h"
#include "lib/string.h"

/* The C library's <limits.h> is not there in the kernel: GCC's values. */
#define INT_MAX __INT_MAX__
#define INT_MIN (-INT_MAX - 1)
#define UINT_MAX (INT_MAX * 2U + 1U)
#define LONG_MAX __LONG_MAX__
#define ULONG_MAX (LONG_MAX * 2UL + 1UL)

#define WORD_SHOWN_MAX 128	/* characters of a word quoted in a log line */

static char saved_line[COMMAND_LINE_SIZE];
/* The words of saved_line, quotes removed; never longer than the line. */
static char words[COMMAND_LINE_SIZE];
static char shown_word[WORD_SHOWN_MAX + sizeof("...")];

const char *saved_command_line(void)
{
	return saved_line;
}

/* ------------------------------------------------------ value parsers --- */

/* Returns true if @s is @lower, ignoring the case of @s. */
static bool is_word(const char *s, const char *lower)
{
	for (; *lower; s++, lower++) {
		char c = *s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s;

		if (c != *lower)
			return false;
	}
	return *s == '\0';
}

int parse_bool(const char *s, bool *res)
{
	static const char *const yes[] = { "1", "y", "yes", "on", "true" };
	static const char *const no[] = { "0", "n", "no", "off", "false" };

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (is_word(s, yes[i])) {
			*res = true;
			return 0;
		}
		if (is_word(s, no[i])) {
			*res = false;
			return 0;
		}
	}
	return -EINVAL;
}

/* Returns the value of the hexadecimal digit @c, or 16 if it is none. */
static unsigned int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 16;
}

/* Returns log2 of the multiplier the suffix @c stands for, or 0 if none. */
static unsigned int suffix_shift(char c)
{
	switch (c) {
	case 'k': case 'K': return 10;
	case 'm': case 'M': return 20;
	case 'g': case 'G': return 30;
	default: return 0;
	}
}

/*
 * Reads an unsigned number (decimal or 0x-hex, then a suffix if @flags
 * allow) that must be all of @s. Returns 0, -EINVAL or -ERANGE.
 */
static int parse_magnitude(const char *s, unsigned int flags,
			   unsigned long *res)
{
	unsigned int base = 10, digit, shift;
	unsigned long value = 0;
	const char *digits;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (digits = s; (digit = digit_value(*s)) < base; s++) {
		if (value > (ULONG_MAX - digit) / base)
			return -ERANGE;
		value = value * base + digit;
	}
	if (s == digits)
		return -EINVAL;
	if (*s && (flags & PARAM_SUFFIXES)) {
		shift = suffix_shift(*s++);
		if (!shift)
			return -EINVAL;
		if (value > ULONG_MAX >> shift)
			return -ERANGE;
		value <<= shift;
	}
	if (*s)
		return -EINVAL;
	*res = value;
	return 0;
}

int parse_ulong(const char *s, unsigned int flags, unsigned long *res)
{
	if (*s == '+')
		s++;
	return parse_magnitude(s, flags, res);
}

int parse_long(const char *s, unsigned int flags, long *res)
{
	bool negative = *s == '-';
	unsigned long magnitude;
	int err;

	if (*s == '-' || *s == '+')
		s++;
	err = parse_magnitude(s, flags, &magnitude);
	if (err)
		return err;
	if (magnitude > (unsigned long)LONG_MAX + negative)
		return -ERANGE;
	/* -(LONG_MAX + 1) without ever computing LONG_MAX + 1 as a long. */
	*res = negative && magnitude ? -(long)(magnitude - 1) - 1
				     : (long)magnitude;
	return 0;
}

/* ------------------------------------------------------------ parsing --- */

/* Returns @word, cut to WORD_SHOWN_MAX characters, for a log line. */
static const char *shown(const char *word)
{
	size_t len = strnlen(word, WORD_SHOWN_MAX + 1);

	if (len <= WORD_SHOWN_MAX)
		return word;
	memcpy(shown_word, word, WORD_SHOWN_MAX);
	strscpy(shown_word + WORD_SHOWN_MAX, "...", sizeof("..."));
	return shown_word;
}

/* Returns true if the parameter @name is the @len bytes at @word. */
static bool name_matches(const char *name, const char *word, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char a = name[i] == '-' ? '_' : name[i];
		char b = word[i] == '-' ? '_' : word[i];

		if (a != b)	/* also where @name ends first */
			return false;
	}
	return name[len] == '\0';
}

/* Logs why the integer in @word was rejected. Returns false. */
static bool reject_integer(const char *word, int err, unsigned int flags,
			   bool is_signed, unsigned long max)
{
	if (err == -ERANGE && is_signed)
		pr_err("cmdline: %s: out of range (%ld..%lu)\n", shown(word),
		       -(long)max - 1, max);
	else if (err == -ERANGE)
		pr_err("cmdline: %s: out of range (0..%lu)\n", shown(word), max);
	else
		pr_err("cmdline: %s: expected %s%s\n", shown(word),
		       is_signed ? "an integer" : "an unsigned integer",
		       flags & PARAM_SUFFIXES ? " (k, M or G suffix allowed)"
					      : "");
	return false;
}

/*
 * Applies @val (NULL for a bare name) to @p; @word is the whole argument,
 * for the log. Returns true if taken, false after logging why not.
 */
static bool set_param(const struct kernel_param *p, const char *word,
		      const char *val)
{
	unsigned long ul;
	long l;
	int err;

	if (!val && p->type != PARAM_TYPE_BOOL && p->type != PARAM_TYPE_CUSTOM) {
		pr_err("cmdline: %s: missing value (%s=...)\n", shown(word),
		       p->name);
		return false;
	}
	switch (p->type) {
	case PARAM_TYPE_BOOL:
		if (!val)
			*(bool *)p->var = true;
		else if (parse_bool(val, p->var)) {
			pr_err("cmdline: %s: expected on/off\n", shown(word));
			return false;
		}
		return true;
	case PARAM_TYPE_INT:
		err = parse_long(val, p->flags, &l);
		if (!err && (l < INT_MIN || l > INT_MAX))
			err = -ERANGE;
		if (err)
			return reject_integer(word, err, p->flags, true, INT_MAX);
		*(int *)p->var = (int)l;
		return true;
	case PARAM_TYPE_UINT:
		err = parse_ulong(val, p->flags, &ul);
		if (!err && ul > UINT_MAX)
			err = -ERANGE;
		if (err)
			return reject_integer(word, err, p->flags, false, UINT_MAX);
		*(unsigned int *)p->var = (unsigned int)ul;
		return true;
	case PARAM_TYPE_ULONG:
		err = parse_ulong(val, p->flags, &ul);
		if (err)
			return reject_integer(word, err, p->flags, false, ULONG_MAX);
		*(unsigned long *)p->var = ul;
		return true;
	case PARAM_TYPE_STRING:
		if (strlen(val) >= p->size) {
			pr_err("cmdline: %s: value longer than %zu characters\n",
			       shown(word), p->size - 1);
			return false;
		}
		strscpy(p->var, val, p->size);
		return true;
	case PARAM_TYPE_CUSTOM:
		return p->set(val, p->var) == 0;	/* it logged why not */
	}
	return false;
}

/* Applies one argument. Returns true if it was taken. */
static bool apply_word(const char *word, const struct kernel_param *params,
		       size_t n)
{
	const char *equals = strchr(word, '=');
	size_t name_len = equals ? (size_t)(equals - word) : strlen(word);

	for (size_t i = 0; i < n; i++)
		if (name_matches(params[i].name, word, name_len))
			return set_param(&params[i], word,
					 equals ? equals + 1 : NULL);
	pr_warn("cmdline: unknown parameter '%s' ignored\n", shown(word));
	return false;
}

/* Returns true if @c separates arguments (bootargs may hold newlines). */
static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Copies @bootargs into saved_line. Returns true if it had to be cut in
 * the middle of an argument (the last one kept is then not whole).
 */
static bool save_line(const char *bootargs)
{
	size_t kept = sizeof(saved_line) - 1;

	if (strscpy(saved_line, bootargs ? bootargs : "", sizeof(saved_line)) >= 0)
		return false;
	pr_warn("cmdline: command line longer than %zu bytes, cut there\n", kept);
	return !is_space(bootargs[kept]) && !is_space(saved_line[kept - 1]);
}

/*
 * An argument whose quote is never closed: Linux's next_arg() lets it run
 * to the end of the line, swallowing every argument after it. Here it ends
 * at the first space after that quote (@open), is logged and ignored, and
 * the arguments after it count. Writes the argument as written to @word;
 * Returns where parsing goes on.
 */
static const char *skip_unclosed(const char *start, const char *open,
				 char *word)
{
	const char *end = open;

	while (*end && !is_space(*end))
		end++;
	memcpy(word, start, end - start);
	word[end - start] = '\0';
	pr_err("cmdline: %s: missing closing quote, ignored (the arguments after it still count)\n",
	       shown(word));
	return end;
}

int cmdline_parse(const char *bootargs, const struct kernel_param *params,
		  size_t n)
{
	const char *pos = saved_line;
	char *dst = words;
	int ignored = 0;
	bool cut_mid_word = save_line(bootargs);

	for (;;) {
		const char *start, *open = NULL;
		char *word = dst;

		while (is_space(*pos))
			pos++;
		if (!*pos)
			break;
		start = pos;
		for (; *pos && (open || !is_space(*pos)); pos++) {
			if (*pos == '"')
				open = open ? NULL : pos;
			else
				*dst++ = *pos;
		}
		*dst++ = '\0';

		if (open) {
			pos = skip_unclosed(start, open, word);
			dst = word + strlen(word) + 1;
			ignored++;
		} else if (cut_mid_word && !*pos) {
			pr_err("cmdline: %s: cut short by the end of the command line, ignored\n",
			       shown(word));
			ignored++;
		} else if (strcmp(word, "--") == 0) {
			pr_info("cmdline: arguments after '--' left alone (there is no init to take them)\n");
			break;
		} else if (*word && !apply_word(word, params, n)) {
			ignored++;
		}
	}
	return ignored;
}
