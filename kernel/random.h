/* SPDX-License-Identifier: MIT */
/*
 * kernel/random.h - a fast pseudo-random sequence (splitmix64).
 *
 * Not Linux's get_random_*(): tern has no entropy pool. What needs a
 * random choice here (fault injection's probability, the stress suite's
 * mix) needs it cheap and, given a seed, repeatable; nothing uses it for
 * secrets.
 */
#ifndef TERN_KERNEL_RANDOM_H
#define TERN_KERNEL_RANDOM_H

#include "kernel/types.h"

/* The step between states: 2^64 divided by the golden ratio, odd. */
#define SPLITMIX64_GAMMA 0x9e3779b97f4a7c15ULL

/* Returns the number of the sequence whose state is @z (already stepped). */
static inline u64 splitmix64_mix(u64 z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Steps *@state and Returns the next number of its sequence. */
static inline u64 splitmix64_next(u64 *state)
{
	return splitmix64_mix(*state += SPLITMIX64_GAMMA);
}

#endif
