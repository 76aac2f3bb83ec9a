/* SPDX-License-Identifier: MIT */
/*
 * kernel/kallsyms.h - the names of the kernel's functions, by address.
 *
 * Linux's kallsyms for the image alone (tern has no modules): the table
 * tools/kallsyms writes from the first of tern.elf's two links holds every
 * text symbol with its size (docs/boot.md, "Traps, panics, power"). The
 * lookups read nothing but the table, so any address may be asked about,
 * a wild pc or a corrupt return address included. lib/vsprintf.c prints
 * through them: %pS "name+0x1a/0x30", %ps "name", %pB as %pS for a return
 * address; an address in no function prints as "0x" and its hex digits.
 */
#ifndef TERN_KERNEL_KALLSYMS_H
#define TERN_KERNEL_KALLSYMS_H

#include "kernel/types.h"

/* Longest name kept in full; longer ones are cut in the printed forms. */
#define KSYM_NAME_LEN 128
/* Room for "name+0x<16 digits>/0x<16 digits>" and the NUL. */
#define KSYM_SYMBOL_LEN (KSYM_NAME_LEN + 2 * (3 + 16) + 1)

/**
 * kallsyms_lookup() - the function that contains an address.
 * @addr: any address.
 * @symbolsize: if not NULL, set to the function's size in bytes.
 * @offset: if not NULL, set to @addr minus the function's start.
 *
 * Return: the function's name (in the table, never to be freed), or NULL
 * when @addr is in no function (outside the text, in the padding between
 * two, or the table is the first link's empty one); then *@symbolsize and
 * *@offset are left alone.
 */
const char *kallsyms_lookup(unsigned long addr, unsigned long *symbolsize,
			    unsigned long *offset);

/**
 * sprint_symbol() - write "name+0x1a/0x30" for an address, as %pS.
 * @buffer: at least KSYM_SYMBOL_LEN bytes.
 * @address: any address; one in no function is written "0x" and hex.
 *
 * Return: the length written, without the NUL.
 */
int sprint_symbol(char *buffer, unsigned long address);

/**
 * sprint_symbol_no_offset() - write the name alone, as %ps.
 * @buffer: at least KSYM_SYMBOL_LEN bytes.
 * @address: any address; one in no function is written "0x" and hex.
 *
 * Return: the length written, without the NUL.
 */
int sprint_symbol_no_offset(char *buffer, unsigned long address);

/**
 * sprint_backtrace() - sprint_symbol() for a return address, as %pB.
 * @buffer: at least KSYM_SYMBOL_LEN bytes.
 * @address: a return address.
 *
 * The function is looked up at @address - 1: a call to a noreturn function
 * (panic()) can be a function's last instruction, and its return address
 * is then the next function's first byte. The offset printed is still that
 * of @address, so it may equal the size.
 *
 * Return: the length written, without the NUL.
 */
int sprint_backtrace(char *buffer, unsigned long address);

/**
 * print_ip_sym() - log "[<ffffffff80201234>] name+0x1a/0x30", as Linux.
 * @loglvl: the KERN_* level of the line, or text to start it with.
 * @ip: the address of an instruction (not a return address: those print
 *	with %pB, see sprint_backtrace()).
 */
void print_ip_sym(const char *loglvl, unsigned long ip);

#endif
