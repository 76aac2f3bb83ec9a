/* SPDX-License-Identifier: MIT */
/*
 * kernel/printk.h - the kernel log.
 *
 * printk() formats one message and hands it to every registered console
 * (the SBI console early, the UART once its driver is up) and to the log
 * buffer that dmesg and host tests read back. Every line starts with
 * Linux's timestamp, "[    0.012345] " (seconds since the kernel started),
 * unless printk_time is off. Levels are Linux's; a message without a level
 * is KERN_DEFAULT. Each file may define pr_fmt() before including this
 * header to prefix its messages, as in Linux.
 */
#ifndef TERN_KERNEL_PRINTK_H
#define TERN_KERNEL_PRINTK_H

#include "kernel/types.h"

#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"
#define KERN_DEFAULT ""

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);

/*
 * Whether lines get the "[    0.012345] " prefix: on by default, off with
 * printk.time=0 (as Linux's) from the point the command line is parsed.
 */
extern bool printk_time;

/* The longest prefix printk_format_time() writes, NUL included. */
#define PRINTK_TIME_MAX 32

/**
 * printk_format_time() - format a log timestamp as Linux prints it.
 * @buf: where the text goes, NUL-terminated.
 * @size: its size; PRINTK_TIME_MAX always fits.
 * @ns: nanoseconds since the kernel started.
 *
 * "[%5lu.%06lu] ": whole seconds, then microseconds (cut, not rounded), and
 * a space; seconds wider than five digits widen the field.
 * Return: the length written, without the NUL.
 */
size_t printk_format_time(char *buf, size_t size, u64 ns);

#define pr_emerg(fmt, ...) printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...) printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
/* Unprefixed continuation of the console output, e.g. for shell replies. */
#define pr_cont(fmt, ...) printk(fmt, ##__VA_ARGS__)

/**
 * struct console - a place printk output goes.
 * @name: short name for logs ("sbi", "uart0").
 * @write: writes @len bytes; must work with interrupts off.
 * @getc: returns the next input byte, or -1 if none is waiting (may be NULL).
 */
struct console {
	const char *name;
	void (*write)(struct console *con, const char *s, size_t len);
	int (*getc)(struct console *con);
	void *data;
	struct console *next;
};

/* Adds @con; when @replace_early is true, earlier consoles stop printing. */
void register_console(struct console *con, bool replace_early);

/* Writes raw bytes to the consoles, without a level or a log record. */
void console_write(const char *s, size_t len);

/* Returns the next input byte from the preferred console, or -1. */
int console_getc(void);

/*
 * The log buffer: a ring of the last LOG_BUF_SIZE bytes printk wrote,
 * timestamps included, levels stripped. dmesg prints it; host tests use it
 * to check that bad input was reported.
 */
#define LOG_BUF_SIZE (64 * 1024)
/* Copies the log into @buf (NUL-terminated); Returns the length copied. */
size_t log_buf_read(char *buf, size_t size);

/**
 * log_buf_read_lines() - copy the newest whole lines of the log, for dmesg.
 * @buf: where the text goes, NUL-terminated.
 * @size: its size.
 *
 * As log_buf_read(), but when the ring has dropped older text or @buf is
 * too small for all of it, the copy starts at the first line that is
 * there whole, so it never opens with the tail of a line.
 * Return: the length copied.
 */
size_t log_buf_read_lines(char *buf, size_t size);

/* Forgets everything logged so far. */
void log_buf_clear(void);

#endif
