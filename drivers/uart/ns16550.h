/* SPDX-License-Identifier: MIT */
/* drivers/uart/ns16550.h - the ns16550 / DesignWare APB UART console. */
#ifndef TERN_DRIVERS_UART_NS16550_H
#define TERN_DRIVERS_UART_NS16550_H

#include "kernel/printk.h"

struct ns16550 {
	volatile u8 *base;	/* mapped registers */
	unsigned int reg_shift;	/* DT reg-shift: register n at base + (n << shift) */
	unsigned int reg_io_width;	/* DT reg-io-width: 1 or 4 bytes */
	int held;		/* byte read out before enabling FIFOs, or -1 */
	struct console console;
};

/* Returns true if @compatible names a UART this driver handles. */
bool ns16550_compatible(const char *compatible);

/* Sets 8N1 and FIFOs on a mapped UART and fills in uart->console. */
void ns16550_init(struct ns16550 *uart);

#endif
