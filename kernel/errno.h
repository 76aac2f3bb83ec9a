/* SPDX-License-Identifier: MIT */
/* kernel/errno.h - Linux's error numbers; functions return them negated. */
#ifndef TERN_KERNEL_ERRNO_H
#define TERN_KERNEL_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define EIO 5
#define E2BIG 7
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define ENOTDIR 20
#define EISDIR 21
#define EINVAL 22
#define ENOSPC 28
#define EROFS 30
#define ERANGE 34
#define ENOSYS 38
#define ELOOP 40
#define ENODATA 61
#define EOVERFLOW 75
#define EOPNOTSUPP 95
#define ETIMEDOUT 110

#endif
