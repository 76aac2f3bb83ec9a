/* SPDX-License-Identifier: MIT */
/* kernel/setup.h - what boot found out, for the parts that report on it. */
#ifndef TERN_KERNEL_SETUP_H
#define TERN_KERNEL_SETUP_H

#include "kernel/types.h"

struct boot_plan;

/* Returns the boot plan start_kernel() derived from the DT. */
const struct boot_plan *boot_plan_get(void);

/* Returns the live DTB (mapped read-only) and its physical address. */
const void *boot_dtb(void);
phys_addr_t boot_dtb_phys(void);

#endif
