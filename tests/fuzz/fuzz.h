/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz.h - what every libFuzzer target of tern shares.
 *
 * A target is tests/fuzz/fuzz_NAME.c with LLVMFuzzerTestOneInput() (and,
 * if it needs a booted machine, LLVMFuzzerInitialize()), built by clang
 * with -fsanitize=fuzzer,address,undefined against the unmodified host
 * sources (Makefile, "fuzz"). ASan and UBSan catch what the kernel code
 * does wrong with memory; FUZZ_CHECK() catches a wrong answer: it prints
 * what failed and aborts, which libFuzzer reports as a crash and saves
 * the input for (docs/testing.md, "Fuzzing").
 */
#ifndef TERN_TESTS_FUZZ_FUZZ_H
#define TERN_TESTS_FUZZ_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/printk.h"

#define FUZZ_CHECK(cond, ...)                                              \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "fuzz check failed: %s:%d: %s: ",   \
				__FILE__, __LINE__, #cond);                \
			fprintf(stderr, __VA_ARGS__);                      \
			fputc('\n', stderr);                               \
			abort();                                           \
		}                                                          \
	} while (0)

/*
 * Returns a malloc'd copy of the @size input bytes with a NUL after them:
 * the buffer ends exactly there, so ASan sees any read past it (libFuzzer's
 * own buffer is the input alone, without the NUL C strings need).
 */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
