/* SPDX-License-Identifier: MIT */
/* drivers/console/console.h - choosing and starting the console devices. */
#ifndef TERN_DRIVERS_CONSOLE_H
#define TERN_DRIVERS_CONSOLE_H

#include "kernel/printk.h"

struct boot_plan;

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
