// SPDX-License-Identifier: MIT
/*
 * DOC: console selection - from /chosen stdout-path to a UART console
 *
 * The boot plan has already resolved stdout-path (through /aliases) to a
 * node. Its first compatible string that a driver knows picks the driver;
 * its first reg entry is mapped with early_ioremap. Anything missing keeps
 * the SBI console, which always works, and the log says why.
 */
#define pr_fmt(fmt) "console: " fmt

#include <asm/mmu.h>
#include "drivers/console/console.h"
#include "drivers/uart/ns16550.h"
#include "drivers/uart/sifive.h"
#include "kernel/errno.h"
#include "kernel/fdt/boot_plan.h"
#include "kernel/fdt/fdt.h"
#include "lib/string.h"

#define UART_MAP_SIZE 0x1000

static struct ns16550 ns16550_port;
static struct sifive_uart sifive_port;

/* Returns the mapped first reg entry of @node, or NULL (logged). */
static volatile u8 *map_uart(const void *dtb, int node, const char *path)
{
	struct dt_reg reg;
	const char *why = "no reg property";
	u64 base, size;
	void *va;

	if (dt_reg_init(dtb, node, "reg", &reg, &why) ||
	    dt_reg_entry(&reg, 0, &base, &size)) {
		pr_warn("warning: %s: bad reg (%s); staying on the SBI console\n",
			path, why);
		return NULL;
	}
	va = early_ioremap(base, max(size, (u64)UART_MAP_SIZE));
	if (!va)
		pr_warn("warning: %s: cannot map %#llx; staying on the SBI console\n",
			path, (unsigned long long)base);
	return va;
}

/*
 * Starts the ns16550 at @node as the console. Returns 0, or -EINVAL for a
 * register layout it cannot drive, -ENOMEM if unmappable (both logged).
 */
static int start_ns16550(const void *dtb, int node, const char *path)
{
	u32 shift = 0, width = 1;

	dt_read_u32(dtb, node, "reg-shift", &shift);
	dt_read_u32(dtb, node, "reg-io-width", &width);
	if (shift > 4 || (width != 1 && width != 4) || (width == 4 && shift < 2)) {
		pr_warn("warning: %s: unsupported reg-shift %u / reg-io-width %u; staying on the SBI console\n",
			path, shift, width);
		return -EINVAL;
	}
	ns16550_port.base = map_uart(dtb, node, path);
	if (!ns16550_port.base)
		return -ENOMEM;
	ns16550_port.reg_shift = shift;
	ns16550_port.reg_io_width = width;
	ns16550_init(&ns16550_port);
	register_console(&ns16550_port.console, true);
	return 0;
}

/* Starts the SiFive UART at @node as the console; Returns 0 or -ENOMEM. */
static int start_sifive(const void *dtb, int node, const char *path)
{
	sifive_port.base = map_uart(dtb, node, path);
	if (!sifive_port.base)
		return -ENOMEM;
	sifive_uart_init(&sifive_port);
	register_console(&sifive_port.console, true);
	return 0;
}

void console_put_crlf(struct console *con, const char *s, size_t len,
		      void (*putc)(struct console *con, char c))
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			putc(con, '\r');
		putc(con, s[i]);
	}
}

int console_init(const struct boot_plan *plan, const void *dtb)
{
	const char *path = plan->stdout_path;
	struct dt_strlist compatibles;
	const char *compatible;
	int node = plan->stdout_node, len, err = -ENODEV;

	if (node < 0 && path[0]) {
		pr_warn("warning: stdout-path %s names no node; staying on the SBI console\n",
			path);
		return -ENODEV;
	}
	if (node < 0) {
		pr_info("no /chosen stdout-path; staying on the SBI console\n");
		return -ENODEV;
	}
	dt_strlist_init(&compatibles, dt_getprop(dtb, node, "compatible", &len), len);
	while ((compatible = dt_strlist_next(&compatibles))) {
		if (ns16550_compatible(compatible))
			err = start_ns16550(dtb, node, path);
		else if (!strcmp(compatible, "sifive,uart0"))
			err = start_sifive(dtb, node, path);
		else
			continue;
		if (!err)
			pr_info("using %s (%s, %s)\n", path, compatible,
				plan->stdout_options[0] ? plan->stdout_options
							: "firmware settings");
		return err;
	}
	pr_warn("warning: %s: no driver for this device; staying on the SBI console\n",
		path);
	return err;
}
