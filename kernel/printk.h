/* SPDX-License-Identifier: MIT */
/*
 * kernel/printk.h - the kernel log.
 *
 * printk() formats one message and hands it to every registered console
 * (the SBI console early, the UART once its driver is up) and to the log
 * buffer that host tests read back. Levels are Linux's; a message without a
 * level is KERN_DEFAULT. Each file may define pr_fmt() before including this
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
 * The log buffer: the last LOG_BUF_SIZE bytes printk wrote, levels
 * stripped. Host tests use it to check that bad input was reported.
 */
#define LOG_BUF_SIZE (64 * 1024)
/* Copies the log into @buf (NUL-terminated); Returns the length copied. */
size_t log_buf_read(char *buf, size_t size);
/* Forgets everything logged so far. */
void log_buf_clear(void);

#endif
