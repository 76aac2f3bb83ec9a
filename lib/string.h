/* SPDX-License-Identifier: MIT */
/*
 * lib/string.h - the C string functions the kernel uses.
 *
 * The prototypes are the standard ones, so in the host build they describe
 * the host libc's functions and lib/string.c is not linked.
 */
#ifndef TERN_LIB_STRING_H
#define TERN_LIB_STRING_H

#include "kernel/types.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *h, const char *n);

/* Linux's bounded copy: Returns the length copied, or -E2BIG if truncated. */
long strscpy(char *dst, const char *src, size_t size);

#endif
