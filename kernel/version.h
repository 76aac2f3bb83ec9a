/* SPDX-License-Identifier: MIT */
#ifndef TERN_KERNEL_VERSION_H
#define TERN_KERNEL_VERSION_H

#define TERN_VERSION "0.1.0"

#endif
