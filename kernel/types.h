/* SPDX-License-Identifier: MIT */
/*
 * kernel/types.h - the fixed-width types every tern file uses.
 *
 * The freestanding headers (stdint, stddef, stdbool, stdarg) are part of the
 * compiler, not of a libc, so the same names work in the kernel and in the
 * host test builds.
 */
#ifndef TERN_KERNEL_TYPES_H
#define TERN_KERNEL_TYPES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef u64 phys_addr_t;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define SZ_1K 0x400UL
#define SZ_4K 0x1000UL
#define SZ_1M 0x100000UL
#define SZ_2M 0x200000UL
#define SZ_1G 0x40000000UL

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define __aligned(n) __attribute__((aligned(n)))
/*
 * For fast paths that are leaves or end in tail calls: without a frame of
 * their own they lose nothing for backtraces and save five instructions.
 */
#define __fast_path __attribute__((optimize("omit-frame-pointer")))
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#define __packed __attribute__((packed))
#define __noreturn __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __unused __attribute__((unused))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/*
 * Marked accesses to data other harts change without a lock. ThreadSanitizer
 * treats volatile as plain (a race), so under it they are what they mean:
 * relaxed atomics (Linux's KCSAN reads them the same way).
 */
#ifdef __SANITIZE_THREAD__
#define READ_ONCE(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#else
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#endif

/* Room for the largest boards we target, and then some. */
#define NR_CPUS 64
#define MAX_NUMNODES 16
#define NUMA_NO_NODE (-1)

#define SMP_CACHE_BYTES 64
#define ____cacheline_aligned __aligned(SMP_CACHE_BYTES)

#endif
