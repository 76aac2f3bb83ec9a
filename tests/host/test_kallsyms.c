// SPDX-License-Identifier: MIT
/*
 * DOC: host tests for kernel/kallsyms.c - the lookup and its printed forms
 *
 * kernel/kallsyms.c is built into this program over the table of
 * tests/host/kallsyms_table.h. The binary search is compared with a linear
 * scan of the table at every address around it, so a first, a last, a
 * tiny function and a gap are all crossed byte by byte; then the misses
 * far away, and the forms %pS, %ps, %pB and print_ip_sym() write.
 */
#include <stdio.h>

#include "tests/host/harness.h"
#include "tests/host/kallsyms_table.h"
#include "kernel/kallsyms.c"

/* The answer kallsyms_lookup() must give, found the slow way. */
static const char *linear_lookup(unsigned long addr, unsigned long *size,
				 unsigned long *offset)
{
	for (u32 i = 0; i < kallsyms_num_syms; i++) {
		unsigned long start = TABLE_BASE + kallsyms_offsets[i];

		if (addr >= start && addr - start < kallsyms_sizes[i]) {
			*size = kallsyms_sizes[i];
			*offset = addr - start;
			return kallsyms_names + kallsyms_name_offsets[i];
		}
	}
	return NULL;
}

static void test_every_address_matches_a_scan(void)
{
	unsigned long end = TABLE_BASE + 0x2008 + 0x10;
	int wrong = 0;

	for (unsigned long addr = TABLE_BASE - 0x10; addr < end; addr++) {
		unsigned long size = 0, offset = 0, want_size = 0, want_offset = 0;
		const char *got = kallsyms_lookup(addr, &size, &offset);
		const char *want = linear_lookup(addr, &want_size, &want_offset);

		if (got != want || size != want_size || offset != want_offset) {
			if (wrong++ < 5)
				printf("# %#lx: got %s+%#lx/%#lx, want %s+%#lx/%#lx\n",
				       addr, got ? got : "none", offset, size,
				       want ? want : "none", want_offset, want_size);
			ktap_case_failed = 1;
		}
	}
}

static void test_starts_ends_and_gaps(void)
{
	unsigned long size = 0, offset = 1;

	CHECK(strcmp(kallsyms_lookup(TABLE_BASE, &size, &offset), "_start") == 0);
	CHECK_EQ(offset, 0);
	CHECK_EQ(size, 0x40);
	CHECK(strcmp(kallsyms_lookup(TABLE_BASE + 0x131, &size, &offset), "beta") == 0);
	CHECK_EQ(offset, 1);
	CHECK_EQ(size, 2);
	/* The gap after beta, and the byte past the last function. */
	CHECK(kallsyms_lookup(TABLE_BASE + 0x132, NULL, NULL) == NULL);
	CHECK(kallsyms_lookup(TABLE_BASE + 0x13f, NULL, NULL) == NULL);
	CHECK(kallsyms_lookup(TABLE_BASE + 0x2008, NULL, NULL) == NULL);
	CHECK(strcmp(kallsyms_lookup(TABLE_BASE + 0x2007, NULL, NULL), "last") == 0);
	/* NULL out-parameters are allowed. */
	CHECK(strcmp(kallsyms_lookup(TABLE_BASE + 0x145, NULL, NULL),
		     "gamma.constprop.0") == 0);
}

static void test_misses_leave_outputs_alone(void)
{
	static const unsigned long far[] = {
		0, 1, TABLE_BASE - 1, ~0UL,
		/* 2^32 past an entry: must not wrap onto it through 32 bits */
		TABLE_BASE + (1UL << 32) + 0x104,
		TABLE_BASE + (1UL << 32),
	};

	for (size_t i = 0; i < ARRAY_SIZE(far); i++) {
		unsigned long size = 5, offset = 6;

		CHECK(kallsyms_lookup(far[i], &size, &offset) == NULL);
		CHECK_EQ(size, 5);
		CHECK_EQ(offset, 6);
	}
}

static void test_printed_forms(void)
{
	char buf[KSYM_SYMBOL_LEN];

	CHECK_EQ(sprint_symbol(buf, TABLE_BASE + 0x104), 14);
	CHECK(strcmp(buf, "alpha+0x4/0x30") == 0);
	sprint_symbol(buf, TABLE_BASE + 0x100);
	CHECK(strcmp(buf, "alpha+0x0/0x30") == 0);	/* Linux's 0x0 */
	sprint_symbol_no_offset(buf, TABLE_BASE + 0x104);
	CHECK(strcmp(buf, "alpha") == 0);
	/* A return address at beta's first byte came from alpha's last call. */
	sprint_backtrace(buf, TABLE_BASE + 0x130);
	CHECK(strcmp(buf, "alpha+0x30/0x30") == 0);
	sprint_symbol(buf, TABLE_BASE + 0x130);
	CHECK(strcmp(buf, "beta+0x0/0x2") == 0);
	/* Misses print the bare address, as Linux's %pS does. */
	CHECK_EQ(sprint_symbol(buf, TABLE_BASE + 0x135), 18);
	CHECK(strcmp(buf, "0xffffffff80000135") == 0);
	sprint_symbol_no_offset(buf, 0);
	CHECK(strcmp(buf, "0x0") == 0);
	sprint_backtrace(buf, TABLE_BASE);	/* base - 1 is in nothing */
	CHECK(strcmp(buf, "0xffffffff80000000") == 0);
}

static void test_long_names_are_cut(void)
{
	char buf[KSYM_SYMBOL_LEN], want[KSYM_SYMBOL_LEN];

	CHECK(strlen(LONG_NAME) > KSYM_NAME_LEN);
	sprint_symbol_no_offset(buf, TABLE_BASE + 0x1001);
	CHECK_EQ(strlen(buf), KSYM_NAME_LEN);
	CHECK(strncmp(buf, LONG_NAME, KSYM_NAME_LEN) == 0);
	sprint_symbol(buf, TABLE_BASE + 0x100f);
	snprintf(want, sizeof(want), "%.*s+0xf/0x10", KSYM_NAME_LEN, LONG_NAME);
	CHECK(strcmp(buf, want) == 0);
}

static void test_print_ip_sym(void)
{
	print_ip_sym(KERN_EMERG, TABLE_BASE + 0x104);
	CHECK(log_contains("[<ffffffff80000104>] alpha+0x4/0x30\n"));
	/* The level is not text: its "0" must not lead the line. */
	CHECK(!log_contains("0[<"));
	print_ip_sym("", TABLE_BASE + 0x2000);
	CHECK(log_contains("[<ffffffff80002000>] last+0x0/0x8\n"));
}

int main(void)
{
	ktap_plan(6);
	RUN(test_every_address_matches_a_scan);
	RUN(test_starts_ends_and_gaps);
	RUN(test_misses_leave_outputs_alone);
	RUN(test_printed_forms);
	RUN(test_long_names_are_cut);
	RUN(test_print_ip_sym);
	return ktap_done();
}
