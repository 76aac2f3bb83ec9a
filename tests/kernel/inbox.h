/* SPDX-License-Identifier: MIT */
/*
 * tests/kernel/inbox.h - a hart's inbox of chained items that other harts
 * hand it: any hart may push at once, only the owner takes, without a lock.
 * For the hand-off tests (page_smp, slab, test_slab_tsan); the items are
 * any struct chained through its ->next.
 */
#ifndef TERN_TESTS_KERNEL_INBOX_H
#define TERN_TESTS_KERNEL_INBOX_H

/* Pushes the chain @head..@tail (linked through ->next) onto *@inbox. */
#define inbox_push(inbox, head, tail)                                          \
	do {                                                                   \
		__typeof__(head) old_ = __atomic_load_n((inbox), __ATOMIC_RELAXED); \
		do {                                                           \
			(tail)->next = old_;                                   \
		} while (!__atomic_compare_exchange_n((inbox), &old_, (head), true, \
						      __ATOMIC_RELEASE,        \
						      __ATOMIC_RELAXED));      \
	} while (0)

/* Returns everything pushed onto *@inbox so far, leaving it empty. */
#define inbox_take(inbox) __atomic_exchange_n((inbox), NULL, __ATOMIC_ACQUIRE)

#endif
