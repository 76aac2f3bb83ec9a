/* SPDX-License-Identifier: MIT */
/*
 * asm/barrier.h (host) - riscv's barriers as C11 fences, for the portable
 * code that shares memory with a device (drivers/virtio/virtio_ring.c):
 * the host tests play the device from another place in the same thread.
 * ThreadSanitizer has no fences (gcc refuses them under -Werror=tsan), so
 * its builds get compiler barriers only, which a same-thread device needs.
 */
#ifndef TERN_ASM_BARRIER_H
#define TERN_ASM_BARRIER_H

#ifdef __SANITIZE_THREAD__
#define HOST_FENCE(order) __atomic_signal_fence(order)
#else
#define HOST_FENCE(order) __atomic_thread_fence(order)
#endif

#define mb() HOST_FENCE(__ATOMIC_SEQ_CST)
#define rmb() HOST_FENCE(__ATOMIC_ACQUIRE)
#define wmb() HOST_FENCE(__ATOMIC_RELEASE)

#define dma_rmb() HOST_FENCE(__ATOMIC_ACQUIRE)
#define dma_wmb() HOST_FENCE(__ATOMIC_RELEASE)

#define smp_mb() HOST_FENCE(__ATOMIC_SEQ_CST)

#endif
