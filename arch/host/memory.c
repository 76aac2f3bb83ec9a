// SPDX-License-Identifier: MIT
/* DOC: host physical memory - an anonymous mapping plays the machine's RAM. */
#include <sys/mman.h>

#include <asm/page.h>

unsigned long va_pa_offset;
static void *arena;
static size_t arena_size;

void *host_memory_init(phys_addr_t phys_base, size_t size)
{
	if (arena)
		munmap(arena, arena_size);
	/* MAP_NORESERVE: tests describe GiBs of RAM but touch few pages. */
	arena = mmap(NULL, size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (arena == MAP_FAILED) {
		arena = NULL;
		return NULL;
	}
	arena_size = size;
	va_pa_offset = (uintptr_t)arena - phys_base;
	return arena;
}
