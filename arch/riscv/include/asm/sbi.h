/* SPDX-License-Identifier: MIT */
/*
 * asm/sbi.h - calls into the SBI firmware (OpenSBI), SBI spec 1.0/2.0.
 *
 * Extensions are probed once at boot (sbi_init); callers ask sbi_has_*()
 * instead of assuming. Debian 12's OpenSBI 1.1 has BASE, TIME, IPI, RFENCE,
 * HSM and SRST but not DBCN, so the early console falls back to the legacy
 * putchar/getchar calls.
 */
#ifndef TERN_ASM_SBI_H
#define TERN_ASM_SBI_H

#include "kernel/types.h"

#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_LEGACY_GETCHAR 0x02
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_HSM 0x48534D
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_DBCN 0x4442434E
#define SBI_EXT_RFENCE 0x52464E43

#define SBI_SUCCESS 0

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid,
			unsigned long a0, unsigned long a1, unsigned long a2,
			unsigned long a3);

/* Probes the extensions; safe to call with the MMU off or on. */
void sbi_init(void);

/*
 * Each returns true if sbi_init() found its extension: DBCN (debug console),
 * SRST (system reset), HSM (hart start/stop/status), RFENCE (remote
 * fences).
 */
bool sbi_has_dbcn(void);
bool sbi_has_srst(void);
bool sbi_has_hsm(void);
bool sbi_has_rfence(void);

/* Returns the spec version as major << 24 | minor. */
unsigned long sbi_spec_version(void);
const char *sbi_impl_name(void);
unsigned long sbi_impl_version(void);

void sbi_console_putchar(char c);
/* Returns the byte waiting on the SBI console, or -1. */
int sbi_console_getchar(void);
/*
 * Writes up to @len bytes at physical address @pa through DBCN.
 * Returns the bytes written (the spec allows fewer than asked), or < 0.
 */
long sbi_debug_console_write(phys_addr_t pa, size_t len);

/*
 * Arms this hart's timer to interrupt once the time CSR reaches
 * @stime_value (~0ULL: never); also clears a pending timer interrupt.
 */
void sbi_set_timer(u64 stime_value);

/* Returns 0, or the (negative) SBI error of the call. */
long sbi_send_ipi(unsigned long hartid);
/*
 * Starts stopped hart @hartid at physical address @start with the MMU off,
 * a0 = @hartid and a1 = @opaque. Returns 0 or the (negative) SBI error.
 */
long sbi_hart_start(unsigned long hartid, phys_addr_t start, unsigned long opaque);
#define SBI_HSM_STOPPED 1
/* Returns the hart's HSM state (SBI_HSM_STOPPED, ...), or a negative SBI error. */
long sbi_hart_get_status(unsigned long hartid);

/*
 * The size that asks RFENCE for a whole-address-space flush (the spec also
 * accepts start = size = 0).
 */
#define SBI_RFENCE_FLUSH_ALL (~0UL)
/**
 * sbi_remote_sfence_vma() - run sfence.vma for a range on other harts.
 * @hart_mask: bit i selects the hart with id @hart_mask_base + i.
 * @hart_mask_base: the hart id of bit 0; ~0UL selects every hart and
 *	ignores @hart_mask.
 * @start: first virtual address of the range.
 * @size: its length in bytes; SBI_RFENCE_FLUSH_ALL for everything.
 *
 * RFENCE function 1. The firmware interrupts the selected harts and
 * returns once each has fenced; it may flush more than asked (OpenSBI
 * flushes everything past a small range).
 * Return: 0, or the (negative) SBI error, e.g. SBI_ERR_INVALID_PARAM (-3) for
 * a hart that is not started.
 */
long sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long hart_mask_base,
			   unsigned long start, unsigned long size);

#endif
