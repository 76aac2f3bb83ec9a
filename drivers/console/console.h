/* SPDX-License-Identifier: MIT */
/* drivers/console/console.h - choosing and starting the console devices. */
#ifndef TERN_DRIVERS_CONSOLE_H
#define TERN_DRIVERS_CONSOLE_H

#include "kernel/printk.h"

struct boot_plan;

/* How long a UART's transmit wait may spin: a dead UART must not hang us. */
#define CONSOLE_TX_SPIN_LIMIT 1000000

/*
 * Writes @len bytes with @putc one at a time, each newline as CR LF, the
 * way a serial terminal expects. For the byte-at-a-time console drivers.
 */
void console_put_crlf(struct console *con, const char *s, size_t len,
		      void (*putc)(struct console *con, char c));

/* Starts the SBI console; printk works from here on. */
void sbi_console_init(void);

/**
 * console_init() - switch printk to the UART that /chosen stdout-path names.
 * Keeps the SBI console (with a log line saying why) when there is no
 * stdout-path, the device is not one tern drives, or it cannot be mapped.
 * Return: 0 if a UART console now runs, else a negative errno.
 */
int console_init(const struct boot_plan *plan, const void *dtb);

#endif
