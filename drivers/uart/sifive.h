/* SPDX-License-Identifier: MIT */
/* drivers/uart/sifive.h - the SiFive UART console ("sifive,uart0"). */
#ifndef TERN_DRIVERS_UART_SIFIVE_H
#define TERN_DRIVERS_UART_SIFIVE_H

#include "kernel/printk.h"

struct sifive_uart {
	volatile u8 *base;	/* mapped registers */
	struct console console;
};

/* Enables transmit and receive, masks interrupts, fills uart->console. */
void sifive_uart_init(struct sifive_uart *uart);

#endif
