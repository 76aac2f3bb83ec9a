// SPDX-License-Identifier: MIT
/*
 * DOC: SBI console - the console before any driver is up
 *
 * DBCN (SBI 2.0) writes a whole buffer per call; firmware without it
 * (Debian 12's OpenSBI 1.1) gets the legacy one-byte putchar. Input uses
 * the legacy getchar, which every OpenSBI still has.
 */
#include <asm/page.h>
#include <asm/sbi.h>
#include "drivers/console/console.h"
#include "lib/string.h"

/*
 * Writes @len bytes through DBCN, which may take fewer than asked per
 * call; on an error the rest goes out byte by byte through the legacy call.
 */
static void dbcn_write_all(const char *s, size_t len)
{
	while (len) {
		long done = sbi_debug_console_write(virt_to_phys(s), len);

		if (done <= 0) {
			while (len--)
				sbi_console_putchar(*s++);
			return;
		}
		s += done;
		len -= done;
	}
}

/* DBCN takes whole runs of bytes; each newline becomes CR LF on the way. */
static void dbcn_write(const char *s, size_t len)
{
	static const char crlf[] = "\r\n";

	while (len) {
		const char *newline = memchr(s, '\n', len);
		size_t run = newline ? (size_t)(newline - s) : len;

		dbcn_write_all(s, run);
		if (!newline)
			return;
		dbcn_write_all(crlf, 2);
		s += run + 1;
		len -= run + 1;
	}
}

/* Sends @c through the legacy putchar, for console_put_crlf(). */
static void legacy_putc(struct console *con, char c)
{
	sbi_console_putchar(c);
}

/*
 * Sends @len bytes, each newline as CR LF: in whole runs through DBCN where
 * the firmware has it, else byte by byte.
 */
static void sbi_console_write(struct console *con, const char *s, size_t len)
{
	if (sbi_has_dbcn())
		dbcn_write(s, len);
	else
		console_put_crlf(con, s, len, legacy_putc);
}

/* Returns the byte waiting on the SBI console, or -1. */
static int sbi_console_getc(struct console *con)
{
	(void)con;
	return sbi_console_getchar();
}

static struct console sbi_console = {
	.name = "sbi",
	.write = sbi_console_write,
	.getc = sbi_console_getc,
};

void sbi_console_init(void)
{
	register_console(&sbi_console, true);
}
