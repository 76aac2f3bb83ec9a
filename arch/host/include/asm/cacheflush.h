/* SPDX-License-Identifier: MIT */
/*
 * asm/cacheflush.h - the host's stand-in for Zicbom: each block operation
 * is recorded (arch/host/cacheflush.c), not performed, so that tests can
 * check which blocks the DMA layer cleaned, invalidated or flushed.
 */
#ifndef TERN_ASM_CACHEFLUSH_H
#define TERN_ASM_CACHEFLUSH_H

#include "kernel/types.h"

/* The operations, as the log names them. */
enum host_cbo_op { HOST_CBO_INVAL = 'i', HOST_CBO_CLEAN = 'c', HOST_CBO_FLUSH = 'f' };

/* One recorded operation: which, and the address given. */
struct host_cbo_record {
	enum host_cbo_op op;
	unsigned long addr;
};

#define HOST_CBO_LOG_SIZE 4096

void host_cbo_record(enum host_cbo_op op, const void *addr);

/* Empties the log. */
void host_cbo_log_reset(void);

/* Returns the records since the last reset (at most HOST_CBO_LOG_SIZE). */
unsigned int host_cbo_log(const struct host_cbo_record **records);

static inline void cbo_inval(const void *addr)
{
	host_cbo_record(HOST_CBO_INVAL, addr);
}

static inline void cbo_clean(const void *addr)
{
	host_cbo_record(HOST_CBO_CLEAN, addr);
}

static inline void cbo_flush(const void *addr)
{
	host_cbo_record(HOST_CBO_FLUSH, addr);
}

#endif
