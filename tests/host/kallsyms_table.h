/* SPDX-License-Identifier: MIT */
/*
 * tests/host/kallsyms_table.h - a symbol table for the host tests that
 * build kernel/kallsyms.c in (test_kallsyms, test_vsprintf).
 *
 * Laid out as tools/kallsyms writes one: offsets from a base, ascending,
 * with sizes and names. It has what the kernel's has: assembly labels
 * whose size runs to the next symbol, a gap between two functions, a
 * GCC clone's dotted name, and a name longer than KSYM_NAME_LEN.
 */
#ifndef TERN_TESTS_HOST_KALLSYMS_TABLE_H
#define TERN_TESTS_HOST_KALLSYMS_TABLE_H

#include "kernel/types.h"

#define TABLE_BASE 0xffffffff80000000UL
#define LONG_NAME                                                          \
	"a_function_with_a_name_much_longer_than_any_kernel_function_has_" \
	"so_that_the_printed_forms_must_cut_it_at_ksym_name_len_characters_" \
	"and_not_one_more"

const unsigned long kallsyms_relative_base = TABLE_BASE;
const u32 kallsyms_num_syms = 7;
const u32 kallsyms_offsets[] = { 0x0, 0x40, 0x100, 0x130, 0x140, 0x1000, 0x2000 };
const u32 kallsyms_sizes[] = { 0x40, 0xb8, 0x30, 0x2, 0x100, 0x10, 0x8 };
const char kallsyms_names[] = "_start\0handle_trap_entry\0alpha\0beta\0"
			      "gamma.constprop.0\0" LONG_NAME "\0last";
const u32 kallsyms_name_offsets[] = {
	0, 7, 25, 31, 36, 54, 54 + sizeof(LONG_NAME),
};

#endif
