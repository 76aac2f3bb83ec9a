/* SPDX-License-Identifier: MIT */
/* kernel/blk_commands.h - the console's blk command (kernel/blk_commands.c). */
#ifndef TERN_KERNEL_BLK_COMMANDS_H
#define TERN_KERNEL_BLK_COMMANDS_H

/* blk_commands_init() - register `blk`; after the disks are probed. */
void blk_commands_init(void);

#endif
