/* SPDX-License-Identifier: MIT */
/*
 * kernel/reboot.h - turning the machine off or resetting it.
 *
 * The arch implements these (arch/riscv/reboot.c, through SBI SRST); the
 * console shell's poweroff and reboot commands and panic() call them.
 */
#ifndef TERN_KERNEL_REBOOT_H
#define TERN_KERNEL_REBOOT_H

#include "kernel/types.h"

/* Stops the other harts, then powers the machine off. */
void machine_power_off(void) __noreturn;

/* Stops the other harts, then resets the machine (a cold reboot). */
void machine_restart(void) __noreturn;

/*
 * For unattended runs (ktest): powers off, or resets where the firmware
 * cannot power off (QEMU sifive_u), so QEMU with -no-reboot always exits.
 */
void machine_power_off_or_restart(void) __noreturn;

/* Resets at once, without waiting for the other harts (after a panic). */
void emergency_restart(void) __noreturn;

#endif
