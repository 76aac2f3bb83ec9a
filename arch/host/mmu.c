// SPDX-License-Identifier: MIT
/*
 * DOC: host kernel page table
 *
 * The host has no live kernel table: no hart walks one. mm/vmalloc.c
 * gets a table of its own instead, made from the test's page allocator at
 * the first call, so that the unmodified vmalloc code builds real Sv39
 * entries that the host tests read back with walk() and va_to_pa().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mm/debug_pagealloc.h"
#include "mm/page.h"
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
	pgt->table_gfp = 0;
	return 0;
}

/*
 * debug_pagealloc on the host: the arena's pages are made inaccessible
 * with mprotect(), so a host test's stray access dies of SIGSEGV as a
 * hart's would fault. Present or not is asked of the kernel itself: a
 * write(2) from an inaccessible buffer fails with EFAULT.
 */
void __kernel_map_pages(struct page *page, int numpages, int enable)
{
	if (mprotect(page_address(page), (size_t)numpages << PAGE_SHIFT,
		     enable ? PROT_READ | PROT_WRITE : PROT_NONE))
		abort();
}

bool kernel_page_present(struct page *page)
{
	static int null_fd = -1;

	if (null_fd < 0)
		null_fd = open("/dev/null", O_WRONLY);
	return write(null_fd, page_address(page), 1) == 1 || errno != EFAULT;
}

/* The arena has no leaves to split. */
void linear_map_split_to_pages(void)
{
}
