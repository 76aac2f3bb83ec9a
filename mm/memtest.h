/* SPDX-License-Identifier: MIT */
/*
 * mm/memtest.h - Linux's memtest: patterns over free memory, bad cells
 * kept out of the buddy (mm/memtest.c).
 */
#ifndef TERN_MM_MEMTEST_H
#define TERN_MM_MEMTEST_H

#include "kernel/types.h"

/* The "memtest" boot argument: the number of passes, or all without one. */
int memtest_setup(const char *value, void *arg);

/* mm_init(): the memtest=N passes over free memory, before the buddy. */
void early_memtest(void);

/* Whether early_memtest() ran, and the bytes it reserved (Linux's names). */
extern bool early_memtest_done;
extern phys_addr_t early_memtest_bad_size;

/* The console's memtest: @nid (or NUMA_NO_NODE: all), @passes patterns. */
int memtest_run(int nid, unsigned int passes);

/* The most passes memtest has patterns for: Linux's 17. */
#define MEMTEST_MAX_PASSES 17

#endif
