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

static void sbi_console_write(struct console *con, const char *s, size_t len)
{
	(void)con;
	if (sbi_has_dbcn()) {
		sbi_debug_console_write(virt_to_phys(s), len);
		return;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			sbi_console_putchar('\r');
		sbi_console_putchar(s[i]);
	}
}

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
