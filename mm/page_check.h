/* SPDX-License-Identifier: MIT */
/*
 * mm/page_check.h - a full consistency check of the buddy allocator's
 * free lists against the memmap (mm/page_check.c says what it checks).
 */
#ifndef TERN_MM_PAGE_CHECK_H
#define TERN_MM_PAGE_CHECK_H

#include "kernel/types.h"

/**
 * check_free_areas() - check every zone's free lists and every hart's
 * page caches, and log each problem found ("buddy check: ...").
 *
 * Takes each zone's lock in turn, and runs a part on every hart (each
 * checks its own caches), so it must not be called from a cross-hart
 * call or with interrupts off. The allocator may be in use meanwhile.
 * Return: the number of problems; 0 if all is consistent.
 */
int check_free_areas(void);

/* Registers /sys/kernel/debug/mm/check (read it to run the check); Returns 0 or -errno. */
int page_check_register_file(void);

#endif
