// SPDX-License-Identifier: MIT
/*
 * DOC: kallsyms - function names for addresses
 *
 * The table is assembly that tools/kallsyms writes from the first link of
 * tern.elf and the second link places last in .rodata (docs/boot.md):
 *
 *	kallsyms_relative_base	the address the offsets count from (_start)
 *	kallsyms_num_syms	how many functions
 *	kallsyms_offsets[]	each function's start - base, ascending
 *	kallsyms_sizes[]	each function's size in bytes
 *	kallsyms_name_offsets[]	where its name starts in kallsyms_names
 *	kallsyms_names		the NUL-terminated names, one after another
 *
 * 32-bit offsets rather than addresses halve the table and keep it free of
 * relocations: its bytes depend only on the symbols, which is what lets
 * tools/kallsyms --verify compare it with the final image's. Names are not
 * compressed as Linux's are: 700 functions make 20 KiB, which an oops is
 * worth. A lookup is a binary search and touches only the table, so it is
 * safe on any address, in a trap handler, with interrupts off, on any hart.
 *
 * Nothing here is riscv's: the host tests link this file with a table of
 * their own.
 */
#include "kernel/kallsyms.h"
#include "kernel/printk.h"
#include "lib/printf.h"

extern const unsigned long kallsyms_relative_base;
extern const u32 kallsyms_num_syms;
extern const u32 kallsyms_offsets[];
extern const u32 kallsyms_sizes[];
extern const u32 kallsyms_name_offsets[];
extern const char kallsyms_names[];

const char *kallsyms_lookup(unsigned long addr, unsigned long *symbolsize,
			    unsigned long *offset)
{
	unsigned long rel = addr - kallsyms_relative_base;
	u32 lo = 0, hi = kallsyms_num_syms;

	/* Below the base, or too far above it for any 32-bit offset. */
	if (addr < kallsyms_relative_base || rel > 0xffffffffUL)
		return NULL;
	/* The last function starting at or below @addr: [lo, hi) holds it. */
	while (hi - lo > 1) {
		u32 mid = lo + (hi - lo) / 2;

		if (kallsyms_offsets[mid] <= rel)
			lo = mid;
		else
			hi = mid;
	}
	if (hi == 0 || kallsyms_offsets[lo] > rel ||
	    rel - kallsyms_offsets[lo] >= kallsyms_sizes[lo])
		return NULL;
	if (symbolsize)
		*symbolsize = kallsyms_sizes[lo];
	if (offset)
		*offset = rel - kallsyms_offsets[lo];
	return kallsyms_names + kallsyms_name_offsets[lo];
}

/*
 * The printed forms: the function of @lookup_addr, with @address's offset
 * in it if @with_offset. Returns the length written.
 */
static int format_symbol(char *buffer, unsigned long address,
			 unsigned long lookup_addr, bool with_offset)
{
	unsigned long size, offset;
	const char *name = kallsyms_lookup(lookup_addr, &size, &offset);

	if (!name)
		return scnprintf(buffer, KSYM_SYMBOL_LEN, "0x%lx", address);
	if (!with_offset)
		return scnprintf(buffer, KSYM_SYMBOL_LEN, "%.*s", KSYM_NAME_LEN,
				 name);
	/* "0x%lx", not "%#lx": C prints a zero offset as "0", Linux "0x0". */
	return scnprintf(buffer, KSYM_SYMBOL_LEN, "%.*s+0x%lx/0x%lx",
			 KSYM_NAME_LEN, name,
			 offset + (address - lookup_addr), size);
}

int sprint_symbol(char *buffer, unsigned long address)
{
	return format_symbol(buffer, address, address, true);
}

int sprint_symbol_no_offset(char *buffer, unsigned long address)
{
	return format_symbol(buffer, address, address, false);
}

int sprint_backtrace(char *buffer, unsigned long address)
{
	return format_symbol(buffer, address, address - 1, true);
}

void print_ip_sym(const char *loglvl, unsigned long ip)
{
	char sym[KSYM_SYMBOL_LEN];

	/*
	 * printk() reads a level only at the start of its format (and drops
	 * it): one passed as an argument would print as text, so skip it.
	 */
	if (loglvl[0] == KERN_SOH[0] && loglvl[1])
		loglvl += 2;
	sprint_symbol(sym, ip);
	printk("%s[<%016lx>] %s\n", loglvl, ip, sym);
}
