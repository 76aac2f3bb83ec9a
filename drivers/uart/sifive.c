// SPDX-License-Identifier: MIT
/*
 * DOC: SiFive UART - polled console for "sifive,uart0"
 *
 * The UART of the FU540 (QEMU sifive_u) and FU740 (HiFive Unmatched).
 * Unlike the 16550 it has no status register: the FULL flag is bit 31 of
 * txdata and the EMPTY flag bit 31 of rxdata, read in the same access as
 * the byte. The firmware set the divisor; only the enables are touched.
 */
#include "drivers/console/console.h"
#include "drivers/uart/sifive.h"

#define SIFIVE_TXDATA 0x00
#define SIFIVE_RXDATA 0x04
#define SIFIVE_TXCTRL 0x08
#define SIFIVE_RXCTRL 0x0c
#define SIFIVE_IE 0x10
#define SIFIVE_FLAG 0x80000000U	/* txdata: full; rxdata: empty */
#define SIFIVE_ENABLE 0x1

/* Returns the address of the register at @offset. */
static volatile u32 *reg(struct sifive_uart *uart, unsigned int offset)
{
	return (volatile u32 *)(uart->base + offset);
}

/* Sends @c once the transmit FIFO has room (or the wait gave up). */
static void sifive_putc(struct console *con, char c)
{
	struct sifive_uart *uart = con->data;

	for (unsigned int spins = 0; spins < CONSOLE_TX_SPIN_LIMIT; spins++)
		if (!(*reg(uart, SIFIVE_TXDATA) & SIFIVE_FLAG))
			break;
	*reg(uart, SIFIVE_TXDATA) = (u8)c;
}

/* Sends @len bytes, each newline as CR LF. */
static void sifive_console_write(struct console *con, const char *s, size_t len)
{
	console_put_crlf(con, s, len, sifive_putc);
}

/* Returns the next received byte (reading pops it), or -1 if none. */
static int sifive_console_getc(struct console *con)
{
	u32 rx = *reg(con->data, SIFIVE_RXDATA);

	return rx & SIFIVE_FLAG ? -1 : (int)(rx & 0xff);
}

void sifive_uart_init(struct sifive_uart *uart)
{
	*reg(uart, SIFIVE_IE) = 0;
	*reg(uart, SIFIVE_TXCTRL) |= SIFIVE_ENABLE;
	*reg(uart, SIFIVE_RXCTRL) |= SIFIVE_ENABLE;
	uart->console = (struct console){
		.name = "ttySIF0",
		.write = sifive_console_write,
		.getc = sifive_console_getc,
		.data = uart,
	};
}
