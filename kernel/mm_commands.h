/* SPDX-License-Identifier: MIT */
/* kernel/mm_commands.h - the console's memory commands (mm_commands.c). */
#ifndef TERN_KERNEL_MM_COMMANDS_H
#define TERN_KERNEL_MM_COMMANDS_H

/* Registers memtest with the shell; call once, before the shell runs. */
void mm_commands_init(void);

#endif
