// SPDX-License-Identifier: MIT
/*
 * DOC: host kernel page table
 *
 * The host has no live kernel table: no hart walks one. mm/vmalloc.c
 * gets a table of its own instead, made from the test's page allocator at
 * the first call, so that the unmodified vmalloc code builds real Sv39
 * entries that the host tests read back with walk() and va_to_pa().
 */
#include "mm/pgtable.h"
#include "mm/vmalloc.h"

int arch_kernel_pgtable(struct pgtable *pgt)
{
	static struct pgtable table;
	int err;

	if (!table.pgd) {
		err = pgd_alloc(&table, 3);
		if (err)
			return err;
	}
	pgt->pgd = table.pgd;
	pgt->levels = table.levels;
	pgt->nr_table_pages = 0;
	return 0;
}
