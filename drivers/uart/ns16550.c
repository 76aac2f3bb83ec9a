// SPDX-License-Identifier: MIT
/*
 * DOC: ns16550 UART - polled console for ns16550a-compatible ports
 *
 * QEMU virt's "ns16550a" has byte registers (reg-shift 0); the DesignWare
 * APB UART ("snps,dw-apb-uart") on the StarFive JH7100/JH7110 spaces them
 * 4 bytes apart (reg-shift 2) and wants 32-bit accesses (reg-io-width 4).
 * The firmware has already set the baud rate, so only the line format and
 * FIFOs are touched, as Linux's earlycon does. Polled, no interrupts: the
 * PLIC wiring of QEMU 7.2's NUMA machines cannot be trusted (DESIGN.md §6).
 */
#include "drivers/console/console.h"
#include "drivers/uart/ns16550.h"
#include "lib/string.h"

#define UART_RBR 0	/* receive buffer (read) */
#define UART_THR 0	/* transmit holding (write) */
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_LSR 5
#define UART_LSR_DR 0x01	/* data ready */
#define UART_LSR_THRE 0x20	/* transmit holding register empty */
#define UART_LCR_8N1 0x03
#define UART_FCR_ENABLE 0x01


/* Returns register @reg, read with the spacing and width the DT gave. */
static u32 uart_read(struct ns16550 *uart, unsigned int reg)
{
	volatile void *addr = uart->base + (reg << uart->reg_shift);

	if (uart->reg_io_width == 4)
		return *(volatile u32 *)addr;
	return *(volatile u8 *)addr;
}

/* Writes @value to register @reg with the spacing and width the DT gave. */
static void uart_write(struct ns16550 *uart, unsigned int reg, u32 value)
{
	volatile void *addr = uart->base + (reg << uart->reg_shift);

	if (uart->reg_io_width == 4)
		*(volatile u32 *)addr = value;
	else
		*(volatile u8 *)addr = (u8)value;
}

/* Sends @c once the transmitter has room (or the wait gave up). */
static void uart_putc(struct console *con, char c)
{
	struct ns16550 *uart = con->data;

	for (unsigned int spins = 0; spins < CONSOLE_TX_SPIN_LIMIT; spins++)
		if (uart_read(uart, UART_LSR) & UART_LSR_THRE)
			break;
	uart_write(uart, UART_THR, (u8)c);
}

/* Sends @len bytes, each newline as CR LF. */
static void ns16550_console_write(struct console *con, const char *s, size_t len)
{
	console_put_crlf(con, s, len, uart_putc);
}

/*
 * Returns the byte kept back by ns16550_init() first, then each received
 * byte, or -1 if none is waiting.
 */
static int ns16550_console_getc(struct console *con)
{
	struct ns16550 *uart = con->data;

	if (uart->held >= 0) {
		int c = uart->held;

		uart->held = -1;
		return c;
	}
	if (!(uart_read(uart, UART_LSR) & UART_LSR_DR))
		return -1;
	return (int)(uart_read(uart, UART_RBR) & 0xff);
}

bool ns16550_compatible(const char *compatible)
{
	return !strcmp(compatible, "ns16550a") || !strcmp(compatible, "ns16550") ||
	       !strcmp(compatible, "snps,dw-apb-uart");
}

void ns16550_init(struct ns16550 *uart)
{
	/* LCR first: with DLAB left set, offset 1 would be the divisor. */
	uart_write(uart, UART_LCR, UART_LCR_8N1);
	uart_write(uart, UART_IER, 0);
	/*
	 * Turning the FIFOs on empties the receiver, and a byte typed (or
	 * piped) while the kernel booted may be waiting there: keep it.
	 */
	uart->held = -1;
	if (uart_read(uart, UART_LSR) & UART_LSR_DR)
		uart->held = (int)(uart_read(uart, UART_RBR) & 0xff);
	uart_write(uart, UART_FCR, UART_FCR_ENABLE);
	uart->console = (struct console){
		.name = "ttyS0",
		.write = ns16550_console_write,
		.getc = ns16550_console_getc,
		.data = uart,
	};
}
