// SPDX-License-Identifier: MIT
/* DOC: host physical memory - an anonymous mapping plays the machine's RAM. */
#include <sys/mman.h>

#include <asm/memtest.h>
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

/* The words host_memory_stick_bits() made bad (asm/memtest.h). */
static struct stuck_word {
	phys_addr_t pa;
	u64 mask;
	bool ones;
} stuck_words[16];
static unsigned int nr_stuck_words;

int host_memory_stick_bits(phys_addr_t pa, u64 mask, bool ones)
{
	if (nr_stuck_words == ARRAY_SIZE(stuck_words))
		return -1;
	stuck_words[nr_stuck_words++] = (struct stuck_word){ pa & ~7ULL, mask, ones };
	return 0;
}

void host_memory_unstick_all(void)
{
	nr_stuck_words = 0;
}

void arch_memtest_written(void *start, size_t bytes)
{
	phys_addr_t lo = virt_to_phys(start), hi = lo + bytes;

	for (unsigned int i = 0; i < nr_stuck_words; i++) {
		const struct stuck_word *w = &stuck_words[i];
		u64 *word;

		if (w->pa < lo || w->pa >= hi)
			continue;
		word = phys_to_virt(w->pa);
		*word = w->ones ? *word | w->mask : *word & ~w->mask;
	}
}
